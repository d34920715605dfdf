/* Date recognisers (see dates.c). */
#ifndef RAVI_NORMALIZE_DATES_H
#define RAVI_NORMALIZE_DATES_H

#include <stddef.h>

#include "../token.h"
#include "calendar.h"
#include "numparse.h"
#include "numwords.h"

/* The era marker written at token i (ه.ش، ه.ق، م.، ق.م): how many tokens it takes (0: none). */
size_t era_marker_at(const sentence *s, size_t i, const written_form **marker);

/* The number token `np` as a numeric date (Y/M/D or D/M/Y, one separator / - . twice), when
 * the calendar (named by a marker or word at *next, else the year's range) has that day.
 * Says it, moves *next past a marker it read, returns 1; 0 when it is no date. */
int say_numeric_date(calendars *cal, spoken *sp, const sentence *s, const numparts *np,
                     size_t *next);

/* Token i (whose parts are `day`) starting a date written with a month name: says it and
 * returns the token after it, or 0. */
size_t read_written_date(calendars *cal, const sentence *s, size_t i, const numparts *day,
                         spoken *sp);

#endif
