/* Recognisers over the token sequence: each looks at the tokens from a position on and, when
 * they form a number, date, time, amount or measure it knows, says the spoken words. */
#ifndef RAVI_RECOGNISE_H
#define RAVI_RECOGNISE_H

#include "../token.h"
#include "calendar.h"
#include "numwords.h"

/* Looks for an expression starting at token i. On a match fills `out` with its words, stores
 * how many tokens it covers in *count and returns 1; returns 0 when nothing is recognised
 * (the tokens stay as they are). */
int recognise_at(calendars *cal, const sentence *s, size_t i, spoken *out, size_t *count);

#endif
