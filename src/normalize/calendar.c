#include "calendar.h"
#include "../util.h"

#include <stdio.h>
#include <string.h>

static UCalendar *open_strict(calendars *c, const char *locale)
{
    UErrorCode err = U_ZERO_ERROR;
    UChar zone[] = {'U', 'T', 'C', 0};
    UCalendar *cal = ucal_open(zone, -1, locale, UCAL_DEFAULT, &err);
    if (U_FAILURE(err)) {
        snprintf(c->failure, sizeof c->failure, "ICU calendar %s unavailable: %s", locale,
                 u_errorName(err));
        return NULL;
    }
    ucal_setAttribute(cal, UCAL_LENIENT, 0); /* out-of-range fields are an error, not a carry */
    return cal;
}

int calendars_open(calendars *c)
{
    memset(c, 0, sizeof *c);
    if (!(c->jalali = open_strict(c, "fa_IR@calendar=persian")) ||
        !(c->gregorian = open_strict(c, "en@calendar=gregorian")) ||
        !(c->hijri_civil = open_strict(c, "ar@calendar=islamic-civil")) ||
        !(c->hijri_umalqura = open_strict(c, "ar@calendar=islamic-umalqura"))) {
        char failure[sizeof c->failure];
        memcpy(failure, c->failure, sizeof failure);
        calendars_close(c);
        memcpy(c->failure, failure, sizeof failure);
        return -1;
    }
    return 0;
}

void calendars_close(calendars *c)
{
    UCalendar *all[] = {c->jalali, c->gregorian, c->hijri_civil, c->hijri_umalqura};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (all[i])
            ucal_close(all[i]);
    memset(c, 0, sizeof *c);
}

static int valid_in(UCalendar *cal, int y, int m, int d)
{
    UErrorCode err = U_ZERO_ERROR;
    ucal_clear(cal);
    ucal_set(cal, UCAL_YEAR, y);
    ucal_set(cal, UCAL_MONTH, m - 1);
    ucal_set(cal, UCAL_DATE, d);
    ucal_getMillis(cal, &err);
    return U_SUCCESS(err);
}

int date_is_valid(calendars *c, calendar cal, int y, int m, int d)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    switch (cal) {
    case CAL_JALALI: return valid_in(c->jalali, y, m, d);
    case CAL_GREGORIAN: return valid_in(c->gregorian, y, m, d);
    /* the lunar month's length depends on the reckoning: accept a day either one has */
    case CAL_HIJRI: return valid_in(c->hijri_civil, y, m, d) || valid_in(c->hijri_umalqura, y, m, d);
    default: return 0;
    }
}
