#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

int history_init(history *h)
{
    memset(h, 0, sizeof *h);
    h->slot = calloc(HISTORY_SIZE, sizeof *h->slot);
    return h->slot ? 0 : -1;
}

void history_free(history *h)
{
    if (h->slot) {
        for (size_t i = 0; i < HISTORY_SIZE; i++) {
            sentence_free(&h->slot[i].s);
            free(h->slot[i].source);
            free(h->slot[i].ssml_open);
            free(h->slot[i].ssml_close);
        }
        free(h->slot);
    }
    memset(h, 0, sizeof *h);
}

static int copy_source(history_entry *e, const sentence *s)
{
    size_t len = s->source ? s->source_len : 0;
    if (len + 1 > e->source_cap) {
        char *p = realloc(e->source, len + 1);
        if (!p)
            return -1;
        e->source = p;
        e->source_cap = len + 1;
    }
    if (len)
        memcpy(e->source, s->source, len);
    e->source[len] = 0;
    return 0;
}

/* The reader's SSML markup is borrowed from buffers that move on: the history keeps its own. */
static int copy_markup(char **dst, const char *src)
{
    free(*dst);
    *dst = NULL;
    return src && !(*dst = xstrndup(src, strlen(src))) ? -1 : 0;
}

/* A deep copy that keeps the destination's token array and text arena for reuse. */
static int copy_sentence(history_entry *e, const sentence *s)
{
    sentence_clear(&e->s);
    token *tok = e->s.tok;
    size_t cap = e->s.cap;
    text_arena *arena = e->s.arena;
    e->s = *s; /* every scalar field, including ones added later */
    e->s.tok = tok;
    e->s.cap = cap;
    e->s.arena = arena;
    e->s.n = 0;
    if (copy_source(e, s) || copy_markup(&e->ssml_open, s->ssml_open) ||
        copy_markup(&e->ssml_close, s->ssml_close))
        return -1;
    e->s.source = s->source ? e->source : NULL;
    e->s.ssml_open = e->ssml_open;
    e->s.ssml_close = e->ssml_close;
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        long k = sentence_push(&e->s, t->kind, t->text, strlen(t->text), t->src_start, t->src_end, t->flags);
        if (k < 0 || (t->phonemes && token_set_phonemes(&e->s.tok[k], t->phonemes)))
            return -1;
        e->s.tok[k].text_start = t->text_start;
        e->s.tok[k].text_end = t->text_end;
    }
    return 0;
}

int64_t history_push(history *h, const sentence *s)
{
    uint64_t n = h->first + h->count;
    history_entry *e = &h->slot[n % HISTORY_SIZE];
    if (h->count == HISTORY_SIZE) {
        h->first++;
        h->count--;
    }
    if (copy_sentence(e, s)) {
        sentence_clear(&e->s);
        return -1;
    }
    h->count++;
    return (int64_t)n;
}

const sentence *history_at(const history *h, uint64_t n)
{
    if (n < h->first || n >= h->first + h->count)
        return NULL;
    return &h->slot[n % HISTORY_SIZE].s;
}

uint64_t history_newest(const history *h)
{
    return h->first + h->count - 1;
}

uint64_t history_paragraph_start(const history *h, uint64_t n)
{
    while (n > h->first && !history_at(h, n)->paragraph_start)
        n--;
    return n;
}

uint64_t history_previous_paragraph(const history *h, uint64_t n)
{
    uint64_t start = history_paragraph_start(h, n);
    return start > h->first ? history_paragraph_start(h, start - 1) : start;
}

int history_next_paragraph(const history *h, uint64_t n, uint64_t *next)
{
    for (uint64_t i = n + 1; h->count && i <= history_newest(h); i++) {
        if (history_at(h, i)->paragraph_start) {
            *next = i;
            return 1;
        }
    }
    return 0;
}
