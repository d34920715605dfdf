/* Date validation with ICU's calendars: a numeric or written date is read as a date only when
 * the calendar it belongs to has that day (۱۴۰۲/۱۳/۴۰ is not one; ۱۴۰۲/۱۲/۳۰ neither,
 * 1402 is not a leap year). */
#ifndef RAVI_NORMALIZE_CALENDAR_H
#define RAVI_NORMALIZE_CALENDAR_H

#include <unicode/ucal.h>

#include "tables.h"

typedef struct calendars {
    UCalendar *jalali, *gregorian, *hijri_civil, *hijri_umalqura;
    char failure[128];  /* why calendars_open failed: which calendar, ICU's error */
} calendars;

/* Returns 0, or -1 when ICU cannot open a calendar (c->failure says which and why). */
int calendars_open(calendars *c);
void calendars_close(calendars *c);
/* 1 when y/m/d (m 1..12) is a day of the calendar. The calendars are scratch space. */
int date_is_valid(calendars *c, calendar cal, int y, int m, int d);

#endif
