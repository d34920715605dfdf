#include "history.h"

#include <stdlib.h>
#include <string.h>

int history_init(history *h)
{
    memset(h, 0, sizeof *h);
    h->slot = calloc(HISTORY_SIZE, sizeof *h->slot);
    return h->slot ? 0 : -1;
}

void history_free(history *h)
{
    if (h->slot) {
        for (size_t i = 0; i < HISTORY_SIZE; i++)
            ravi_sentence_free(h->slot[i]);
        free(h->slot);
    }
    memset(h, 0, sizeof *h);
}

int64_t history_push(history *h, const ravi_sentence *s)
{
    ravi_sentence *copy = ravi_sentence_copy(s);
    if (!copy)
        return -1;
    uint64_t n = h->first + h->count;
    ravi_sentence **slot = &h->slot[n % HISTORY_SIZE];
    if (h->count == HISTORY_SIZE) {
        h->first++;
        h->count--;
    }
    ravi_sentence_free(*slot);
    *slot = copy;
    h->count++;
    return (int64_t)n;
}

const ravi_sentence *history_at(const history *h, uint64_t n)
{
    if (n < h->first || n >= h->first + h->count)
        return NULL;
    return h->slot[n % HISTORY_SIZE];
}

uint64_t history_newest(const history *h)
{
    return h->first + h->count - 1;
}

static int opens_paragraph(const history *h, uint64_t n)
{
    ravi_event about;
    ravi_sentence_describe(history_at(h, n), &about);
    return about.paragraph_start;
}

uint64_t history_paragraph_start(const history *h, uint64_t n)
{
    while (n > h->first && !opens_paragraph(h, n))
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
        if (opens_paragraph(h, i)) {
            *next = i;
            return 1;
        }
    }
    return 0;
}
