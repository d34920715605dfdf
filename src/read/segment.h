/* sentences: a paragraph cut into tokens and the tokens grouped into sentences.
 * Sentences end at . ! ? ؟ ؛ … but not inside numbers (۳.۵, ۱۴۰۲/۰۵/۱۲), dotted abbreviations
 * (ج.ا.ا، ق.ظ، م.) or quotations; a very long run without an end is cut at a comma, then anywhere,
 * so that one sentence never grows without bound. */
#ifndef RAVI_SEGMENT_H
#define RAVI_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "../token.h"

#define SEGMENT_SOFT_LIMIT 120 /* tokens after which a comma ends the sentence */
#define SEGMENT_HARD_LIMIT 250 /* tokens after which the sentence ends regardless */

/* Code points below this (Latin and the Arabic block: nearly all of a Persian text) are
 * classified from a table instead of ICU's properties one by one. */
#define SEGMENT_TABLE_CHARS 0x0700

typedef struct segmenter {
    const char *text;       /* the paragraph (borrowed) */
    size_t len, pos;
    uint64_t base;          /* source offset of text[0] */
    int opens_paragraph;    /* the next sentence is the paragraph's first */
    int invalid_utf8;       /* how many invalid bytes were replaced by U+FFFD so far */
    uint64_t first_invalid; /* source offset of the first one */
    unsigned char class_of[SEGMENT_TABLE_CHARS]; /* each code point's class, from segmenter_init */
} segmenter;

void segmenter_init(segmenter *sg); /* also fills the table of classes */
/* Starts on a new paragraph; the counters of invalid bytes carry over. */
void segmenter_start(segmenter *sg, const char *text, size_t len, uint64_t base, int opens_paragraph);
/* Fills `s` (cleared first) with the next sentence. Returns 1, 0 when the paragraph is done,
 * -1 when out of memory. */
int segmenter_next(segmenter *sg, sentence *s);
/* 1 when the paragraph has no token left (only spaces and ignored characters). */
int segmenter_done(const segmenter *sg);

#endif
