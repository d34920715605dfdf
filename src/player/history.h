/* The sentences already read, so the player can go back: the last HISTORY_SIZE processed
 * sentences, kept as libravi's copies (with their source text). Bounded memory whatever the
 * article's length. */
#ifndef RAVI_HISTORY_H
#define RAVI_HISTORY_H

#include <stdint.h>

#include "../../include/ravi.h"

#define HISTORY_SIZE 200

typedef struct history {
    ravi_sentence **slot; /* HISTORY_SIZE entries; sentence number n lives in slot[n % HISTORY_SIZE] */
    uint64_t first;       /* number of the oldest sentence kept */
    uint64_t count;       /* how many are kept (at most HISTORY_SIZE) */
} history;

int history_init(history *h);   /* -1 when out of memory */
void history_free(history *h);
/* Copies the sentence in as the newest, dropping the oldest when full. Returns its number, or -1
 * when out of memory. */
int64_t history_push(history *h, const ravi_sentence *s);
/* Sentence number n, or NULL when it is not kept. */
const ravi_sentence *history_at(const history *h, uint64_t n);
uint64_t history_newest(const history *h);  /* history must not be empty */
/* The number of the first kept sentence of the paragraph that holds sentence n. */
uint64_t history_paragraph_start(const history *h, uint64_t n);
/* ↑ from sentence n: the first sentence of the paragraph before n's (of n's own when no earlier
 * one is kept). */
uint64_t history_previous_paragraph(const history *h, uint64_t n);
/* ↓ from sentence n within what is kept: stores the next paragraph's first sentence in *next and
 * returns 1, or returns 0 when it has not been read yet. */
int history_next_paragraph(const history *h, uint64_t n, uint64_t *next);

#endif
