/* What was said when: each sentence and word with its source byte range and its place in the
 * audio, from eSpeak NG's events. Subtitles and highlighting read this. */
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
    uint64_t end;                /* where it ends: the next word's start, or the sentence's end */
} timeline_word;

typedef struct timeline {
    uint64_t sentence_start;     /* sample where the current sentence starts */
    uint64_t sentence_end;       /* sample where it ends, its own pause included (set at its end) */
    timeline_word *words;        /* the current sentence's words, in order */
    size_t n, cap;
    const sentence *sent;        /* the sentence being spoken and its speech map */
    const render_map *map;
} timeline;

void timeline_begin_sentence(timeline *t, const sentence *s, const render_map *map, uint64_t sample);
/* Records eSpeak's word event (1-based character position in the speech text). */
void timeline_word_event(timeline *t, size_t text_position, uint64_t sample_in_sentence);
/* Closes the sentence at sample `end` (the audio position after its speech and its pause) and
 * gives every word its end, so that words follow each other without overlapping. */
void timeline_end_sentence(timeline *t, uint64_t end);
void timeline_free(timeline *t);

#endif
