/* The plain-text headline rule: the first paragraph is the headline when it is short, has no
 * sentence-final punctuation and a blank line follows it (as in the bundled samples). */
#ifndef RAVI_HEADLINE_H
#define RAVI_HEADLINE_H

#include <stddef.h>

#define HEADLINE_MAX_WORDS 15

/* 1 when the paragraph's text reads like a headline: at most HEADLINE_MAX_WORDS words and no
 * sentence-final punctuation at its end. (The blank line is the reader's to see.) */
int text_looks_like_headline(const char *s, size_t n);

#endif
