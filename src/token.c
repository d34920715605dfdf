#include "token.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void sentence_init(sentence *s)
{
    memset(s, 0, sizeof *s);
}

static void token_free(token *t)
{
    free(t->text);
    free(t->phonemes);
    t->text = t->phonemes = NULL;
}

void sentence_clear(sentence *s)
{
    for (size_t i = 0; i < s->n; i++)
        token_free(&s->tok[i]);
    s->n = 0;
    s->src_start = s->src_end = 0;
    s->paragraph_start = s->is_heading = 0;
    s->source = NULL;
    s->source_len = 0;
    s->ssml_open = s->ssml_close = NULL;
    s->has_break = s->break_ms = 0;
}

void sentence_free(sentence *s)
{
    sentence_clear(s);
    free(s->tok);
    sentence_init(s);
}

static int sentence_reserve(sentence *s, size_t need)
{
    if (need <= s->cap)
        return 0;
    size_t cap = s->cap ? s->cap : 32;
    while (cap < need)
        cap *= 2;
    token *t = realloc(s->tok, cap * sizeof *t);
    if (!t)
        return -1;
    s->tok = t;
    s->cap = cap;
    return 0;
}

long sentence_push(sentence *s, token_kind kind, const char *text, size_t len,
                   uint64_t src_start, uint64_t src_end, unsigned flags)
{
    if (sentence_reserve(s, s->n + 1))
        return -1;
    char *copy = xstrndup(text, len);
    if (!copy)
        return -1;
    token *t = &s->tok[s->n];
    t->src_start = src_start;
    t->src_end = src_end;
    t->text_start = t->text_end = 0; /* the segmenter sets them once the sentence is whole */
    t->kind = kind;
    t->flags = flags;
    t->text = copy;
    t->phonemes = NULL;
    return (long)s->n++;
}

int sentence_replace(sentence *s, size_t first, size_t count,
                     const char *const *words, const token_kind *kinds, size_t nwords)
{
    if (first + count > s->n || count == 0)
        return -1;
    if (nwords > count && sentence_reserve(s, s->n - count + nwords))
        return -1;

    char **copies = calloc(nwords ? nwords : 1, sizeof *copies);
    if (!copies)
        return -1;
    for (size_t i = 0; i < nwords; i++) {
        copies[i] = xstrndup(words[i], strlen(words[i]));
        if (!copies[i]) {
            while (i--)
                free(copies[i]);
            free(copies);
            return -1;
        }
    }

    uint64_t start = s->tok[first].src_start, end = s->tok[first + count - 1].src_end;
    size_t text_start = s->tok[first].text_start, text_end = s->tok[first + count - 1].text_end;
    unsigned space = s->tok[first].flags & TOKF_SPACE_BEFORE;
    for (size_t i = first; i < first + count; i++)
        token_free(&s->tok[i]);
    memmove(&s->tok[first + nwords], &s->tok[first + count],
            (s->n - first - count) * sizeof *s->tok);
    s->n = s->n - count + nwords;

    for (size_t i = 0; i < nwords; i++) {
        token *t = &s->tok[first + i];
        t->src_start = start;
        t->src_end = end;
        t->text_start = text_start;
        t->text_end = text_end;
        t->kind = kinds ? kinds[i] : TOK_WORD;
        t->flags = TOKF_GENERATED | (i == 0 ? space : TOKF_SPACE_BEFORE);
        t->text = copies[i];
        t->phonemes = NULL;
    }
    free(copies);
    return 0;
}

int token_set_text(token *t, const char *text)
{
    char *copy = xstrndup(text, strlen(text));
    if (!copy)
        return -1;
    free(t->text);
    t->text = copy;
    return 0;
}

int token_set_phonemes(token *t, const char *phonemes)
{
    char *copy = NULL;
    if (phonemes && !(copy = xstrndup(phonemes, strlen(phonemes))))
        return -1;
    free(t->phonemes);
    t->phonemes = copy;
    return 0;
}
