/* Dates: numeric (۱۴۰۲/۰۵/۱۲, 2024-11-05, D/M/Y) and written with a month name (۲۹ اسفند ۱۴۰۲),
 * in the Jalali, Gregorian and lunar hijri calendars, read as «day-ordinal month year» once ICU
 * says the calendar has that day. */
#include "dates.h"
#include "scan.h"

#include <string.h>

#define ZWNJ "\xe2\x80\x8c"

static const char *month_spoken(calendar cal, int month)
{
    for (size_t i = 0; i < n_month_names; i++)
        if (month_names[i].cal == cal && month_names[i].month == month)
            return month_names[i].spoken;
    return NULL;
}

static const month_name *month_lookup(const char *text)
{
    /* month names are Arabic-block letters, two bytes each, whose first bytes are nearly all
     * alike: bytes 1-3 reject almost every entry before strcmp */
    size_t n = strlen(text);
    if (n < 4)
        return NULL;
    for (size_t i = 0; i < n_month_names; i++) {
        const char *w = month_names[i].written;
        if (w[2] == text[2] && w[3] == text[3] && w[1] == text[1] && !strcmp(w, text))
            return &month_names[i];
    }
    return NULL;
}

/* A month name, also with ماه written on (اسفندماه، اسفند‌ماه). */
static const month_name *month_or_month_word(const char *text)
{
    const month_name *m = month_lookup(text);
    size_t n = strlen(text), w = strlen(month_word), z = strlen(ZWNJ);
    if (m || n <= w || strcmp(text + n - w, month_word))
        return m;
    char stem[64];
    n -= w;
    if (n > z && !memcmp(text + n - z, ZWNJ, z))
        n -= z;
    if (n >= sizeof stem)
        return NULL;
    memcpy(stem, text, n);
    stem[n] = '\0';
    return month_lookup(stem);
}

/* The month name at token i (one token, or two written with a space where a ZWNJ belongs:
 * ربیع الاول). Stores how many tokens it took. */
static const month_name *month_at(const sentence *s, size_t i, size_t *ntok)
{
    if (!kind_at(s, i, TOK_WORD))
        return NULL;
    const month_name *m = month_or_month_word(s->tok[i].text);
    *ntok = 1;
    if (m || !kind_at(s, i + 1, TOK_WORD))
        return m;
    char joined[128];
    const token *a = &s->tok[i], *b = &s->tok[i + 1];
    size_t z = sizeof ZWNJ - 1;
    if (a->len + z + b->len >= sizeof joined)
        return NULL;
    memcpy(joined, a->text, a->len);
    memcpy(joined + a->len, ZWNJ, z);
    memcpy(joined + a->len + z, b->text, b->len + 1);
    *ntok = 2;
    return month_lookup(joined);
}

/* The day as an ordinal and the month, both with ezafe; then the year when there is one. */
static void say_date(spoken *sp, const char *month, uint64_t year, int with_year, uint64_t day)
{
    say_ordinal(sp, day, ORD_PLAIN);
    spoken_flag_last(sp, SPK_EZAFE);
    spoken_word(sp, month);
    if (with_year) {
        spoken_flag_last(sp, SPK_EZAFE);
        say_cardinal(sp, year);
    }
}

/* The era marker written after a year (ه.ش، ه.ق، م.، ق.م), with how many tokens it takes. */
size_t era_marker_at(const sentence *s, size_t i, const written_form **marker)
{
    return match_written(s, i, &era_markers, marker);
}

/* A calendar named after a date: a marker, or a word (قمری، هجری قمری، میلادی). */
static calendar calendar_named_at(const sentence *s, size_t i, const written_form **marker,
                                  size_t *marker_len)
{
    const written_form *f = NULL;
    *marker = NULL;
    *marker_len = era_marker_at(s, i, &f);
    if (*marker_len) {
        *marker = f;
        return f->cal;
    }
    if (text_is(s, i, "هجری"))
        i++;
    if (match_kind(s, i, TOK_WORD, &calendar_words, &f))
        return f->cal;
    return CAL_NONE;
}

/* Without a marker, the year's range decides: about 1200-1500 is Jalali, 1800-2200 Gregorian. */
static calendar calendar_of_year(uint64_t y)
{
    if (y >= 1200 && y <= 1500)
        return CAL_JALALI;
    if (y >= 1800 && y <= 2200)
        return CAL_GREGORIAN;
    return CAL_NONE;
}

/* Y/M/D (or D/M/Y) with the same separator twice. */
static int numeric_date_fields(const numparts *np, uint64_t *y, uint64_t *m, uint64_t *d)
{
    if (np->nparts != 3 || np->sep[0] != np->sep[1] ||
        (np->sep[0] != '/' && np->sep[0] != '-' && np->sep[0] != '.'))
        return 0;
    size_t yi, di;
    if (np->len[0] == 4 && np->len[1] <= 2 && np->len[2] <= 2)
        yi = 0, di = 2;
    else if (np->len[2] == 4 && np->len[0] <= 2 && np->len[1] <= 2)
        yi = 2, di = 0;
    else
        return 0;
    *y = numparts_value(np, yi);
    *m = numparts_value(np, 1);
    *d = numparts_value(np, di);
    return 1;
}

/* ۱۴۰۳/۰۱/۱۵ → پانزدهم فروردین هزار و چهارصد و سه, when the calendar has that day. Takes a
 * marker written after it (ه.ق → هجری قمری). */
int say_numeric_date(calendars *cal, spoken *sp, const sentence *s, const numparts *np,
                            size_t *next)
{
    uint64_t y, m, d;
    if (!numeric_date_fields(np, &y, &m, &d))
        return 0;
    const written_form *marker;
    size_t marker_len;
    calendar c = calendar_named_at(s, *next, &marker, &marker_len);
    if (c == CAL_NONE && !marker)
        c = calendar_of_year(y);
    if (c == CAL_NONE || !date_is_valid(cal, c, (int)y, (int)m, (int)d))
        return 0;
    say_date(sp, month_spoken(c, (int)m), y, 1, d);
    if (marker) {
        spoken_phrase(sp, marker->spoken);
        *next += marker_len;
    }
    return 1;
}

/* ۲۹ اسفند ۱۴۰۲، ۵ نوامبر ۲۰۲۴، ۱۲ ربیع‌الاول ۱۴۴۶ ه.ق، ۲۹ اسفند ماه: the day as an ordinal.
 * Returns the token after the date, or 0. */
size_t read_written_date(calendars *cal, const sentence *s, size_t i, const numparts *day,
                                spoken *sp)
{
    numparts year;
    size_t month_len;
    if (day->nparts != 1 || day->len[0] > 2)
        return 0;
    uint64_t d = numparts_value(day, 0);
    const month_name *m = month_at(s, i + 1, &month_len);
    if (!m || d < 1)
        return 0;
    size_t next = i + 1 + month_len;
    if (text_is(s, next, month_word))
        next++;
    const written_form *marker = NULL;
    size_t marker_len = 0;
    int with_year = 0;
    uint64_t y = 0;
    if (plain_integer(s, next, &year) && year.len[0] <= 4 && numparts_part(&year, 0)[0] != '0') {
        marker_len = era_marker_at(s, next + 1, &marker);
        if (marker && marker->cal != m->cal)
            marker = NULL, marker_len = 0;
        with_year = year.len[0] == 4 || marker;
        y = numparts_value(&year, 0);
    }
    if (with_year ? !date_is_valid(cal, m->cal, (int)y, m->month, (int)d)
                  : d > (uint64_t)month_max_days(m->cal, m->month))
        return 0;
    say_date(sp, m->spoken, y, with_year, d);
    if (!with_year)
        return next;
    next++;
    if (marker) {
        spoken_phrase(sp, marker->spoken);
        next += marker_len;
    }
    return next;
}
