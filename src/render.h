/* Turning a processed sentence into text: what `ravi normalize` prints, and what eSpeak NG reads. */
#ifndef RAVI_RENDER_H
#define RAVI_RENDER_H

#include "../include/ravi.h"
#include "token.h"
#include "util.h"

/* Where each token landed in the speech text, in eSpeak's 1-based character positions. */
typedef struct render_map {
    size_t *first, *last; /* token i spans characters [first[i], last[i]] (last < first: none) */
    size_t cap;
} render_map;

void render_map_free(render_map *m);
/* The token whose characters contain eSpeak's text_position `pos`, or -1. */
long render_map_token_at(const render_map *m, size_t ntokens, size_t pos);
/* The word token a word event at eSpeak's text_position `pos` belongs to, or -1 (none, or a
 * punctuation mark: eSpeak reports some clause ends as words). */
long render_word_at(const sentence *s, const render_map *m, size_t pos);

/* The sentence as words, ezafe shown as U+0650 (one line, no newline). */
int render_display(const sentence *s, const ravi_config *cfg, strbuf *out);
/* The sentence as eSpeak NG input (UTF-8), and the map back. Every word whose sound Ravi
 * changes (phonemes set by a stage, the ezafe, the «o» of a number) goes as [[phonemes]]: its
 * own (the stage's, or eSpeak's reading of the bare word: synth_word_phonemes) and the sound
 * after them (ezafe/realise.c). Returns 0, -1 when out of memory, or RENDER_WORD_LOST rather
 * than hand eSpeak a text in which a word would be lost (an internal error: no word without
 * characters of its own, no [[ that does not start a word). */
int render_speech(const sentence *s, const ravi_config *cfg, strbuf *out, render_map *map);
#define RENDER_WORD_LOST (-2)
/* What to say of RENDER_WORD_LOST. */
#define RENDER_WORD_LOST_MESSAGE "internal error: a word would not reach eSpeak NG"

#endif
