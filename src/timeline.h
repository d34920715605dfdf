/* What is said when: eSpeak NG's word events mapped back to the sentence's tokens, so that each
 * word is reported once, in order, with its source byte range and its place in the audio. The
 * engine turns these into the public word events (api/speak.c). */
#ifndef RAVI_TIMELINE_H
#define RAVI_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "render.h"
#include "token.h"

typedef struct timeline_word {
    uint64_t src_start, src_end; /* bytes of the source */
    size_t text_start, text_end; /* bytes of the sentence's source text (see token.h) */
    uint64_t sample;             /* where the word starts in the whole audio */
} timeline_word;

typedef struct timeline {
    uint64_t sentence_start;     /* sample where the current sentence's speech starts */
    const sentence *sent;        /* the sentence being spoken and its speech map */
    const render_map *map;
    timeline_word last;          /* the word reported last in this sentence */
    size_t nwords;               /* words reported in this sentence */
} timeline;

void timeline_begin_sentence(timeline *t, const sentence *s, const render_map *map, uint64_t sample);
/* eSpeak's word event (1-based character position in the speech text, samples into the
 * sentence's speech): 1 when it starts a new word, stored in *w; 0 when it adds none (a
 * punctuation mark, a word going back, another spoken word of the same written token). */
int timeline_word_event(timeline *t, size_t text_position, uint64_t sample_in_sentence,
                        timeline_word *w);

/* The text a word was read from within the sentence's source, or "" when it lies outside. */
const char *timeline_word_text(const sentence *s, const timeline_word *w, size_t *len);

#endif
