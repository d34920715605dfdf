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

/* The sentence as words, ezafe shown as U+0650 (one line, no newline). */
int render_display(const sentence *s, const ravi_config *cfg, strbuf *out);
/* The sentence as eSpeak NG input (UTF-8, phoneme overrides in [[ ]]), and the map back. */
int render_speech(const sentence *s, const ravi_config *cfg, strbuf *out, render_map *map);

/* The ezafe to append to a word given as eSpeak phonemes: "e" after a consonant, "je" after a vowel. */
const char *render_phoneme_ezafe(const char *ph);

#endif
