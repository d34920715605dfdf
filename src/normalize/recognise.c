/* The recognisers (see recognise.h). Each small function knows one written pattern: integers,
 * decimals, fractions, ranges, times, digit groups, and what may follow a number (%, currency,
 * unit, ordinal ending, ق.ظ, era marker); dates are in dates.c, named codes and IBANs in codes.c,
 * addresses and hashtags in links.c, Roman numerals in roman.c. The language data (month names,
 * symbols, units, markers) comes from tables.c. */
#include "recognise.h"
#include "codes.h"
#include "dates.h"
#include "links.h"
#include "roman.h"
#include "numparse.h"
#include "scan.h"
#include "tables.h"

#include <string.h>

/* What a number token turned out to be: it decides which words may follow it (a percent sign
 * after an amount, an era marker after a year, ق.ظ after a time). */
typedef enum shape {
    SH_INTEGER,  /* a quantity: 345, 2,500,000 */
    SH_DECIMAL,  /* 4.7, ۴٫۷, ۴/۷ before درصد */
    SH_RANGE,    /* ۵-۷ */
    SH_FRACTION, /* ۲/۳ */
    SH_TIME,     /* ۹:۱۵ */
    SH_DATE,     /* ۱۴۰۲/۰۵/۱۲ */
    SH_DIGITS,   /* phone, card or other digit strings read in groups */
} shape;

typedef struct reading {
    shape shape;
    uint64_t value; /* SH_INTEGER: its value; SH_RANGE: the upper end */
    size_t next;    /* the first token after what was read */
} reading;

/* ---- integers ---------------------------------------------------------------------------- */

#define INTL_PHONE_MIN_DIGITS 8

#define MAX_QUANTITY_DIGITS 15 /* longer digit strings are identifiers, not amounts */

static uint64_t digits_value(const char *d, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (uint64_t)(d[i] - '0');
    return v;
}

/* Digits with no separator: an amount, or (leading zero, or too long for one) digit groups
 * that keep every zero: a phone number is never read as billions. */
static shape say_integer(spoken *sp, const char *d, size_t n, uint64_t *value)
{
    if (n > 1 && d[0] == '0') {
        if (n <= 4)
            say_digit_group(sp, d, n);
        else
            say_digit_groups(sp, d, n, n == 11 && d[1] == '9' ? groups_mobile : groups_landline);
        return SH_DIGITS;
    }
    if (n > MAX_QUANTITY_DIGITS) {
        say_digit_groups(sp, d, n, groups_long);
        return SH_DIGITS;
    }
    *value = digits_value(d, n);
    say_cardinal(sp, *value);
    return SH_INTEGER;
}

static int is_thousands_separator(uint32_t c) { return c == ',' || c == 0x066C || c == '.'; }
static int is_decimal_separator(uint32_t c) { return c == 0x066B || c == '.'; }

/* Parts [0, nparts) written as a grouped integer: 2,500,000 ۲٬۵۰۰ 2.500.000 — a head of one to
 * three digits, then groups of exactly three, all joined by the same thousands separator. */
static int is_grouped(const numparts *np, size_t nparts)
{
    if (nparts < 2 || np->len[0] > 3 || np->digits[np->start[0]] == '0')
        return 0;
    uint32_t sep = np->sep[0];
    if (!is_thousands_separator(sep))
        return 0;
    /* one dot is a decimal point (2.500), unless what follows it is 000: nobody writes 1.000
     * for one */
    if (sep == '.' && nparts == 2 && memcmp(numparts_part(np, 1), "000", 3))
        return 0;
    for (size_t i = 1; i < nparts; i++)
        if (np->len[i] != 3 || (i + 1 < nparts && np->sep[i] != sep))
            return 0;
    return 1;
}

/* Separators mark an amount, so a grouped number is read as one up to 10^18. */
#define MAX_GROUPED_DIGITS 18

static shape say_grouped(spoken *sp, const numparts *np, uint64_t *value)
{
    if (np->ndigits > MAX_GROUPED_DIGITS) {
        say_digit_groups(sp, np->digits, np->ndigits, groups_long);
        return SH_DIGITS;
    }
    *value = digits_value(np->digits, np->ndigits);
    say_cardinal(sp, *value);
    return SH_INTEGER;
}

/* ---- decimals, fractions, ranges ----------------------------------------------------------- */

/* The digits after the point: each leading zero is صفر, the rest one number (۳٫۰۵ → سه ممیز
 * صفر پنج). */
static void say_fraction_digits(spoken *sp, const char *d, size_t n)
{
    if (n > MAX_QUANTITY_DIGITS)
        say_digit_groups(sp, d, n, groups_long);
    else
        say_digit_group(sp, d, n);
}

/* Integer digits d[0, int_len) and fraction digits: «X ممیز Y». */
static int say_decimal_parts(spoken *sp, const char *d, size_t int_len, const char *frac,
                             size_t frac_len)
{
    while (int_len > 1 && d[0] == '0') {
        d++;
        int_len--;
    }
    if (int_len > MAX_QUANTITY_DIGITS)
        return 0;
    say_cardinal(sp, digits_value(d, int_len));
    spoken_word(sp, nw_decimal_point);
    say_fraction_digits(sp, frac, frac_len);
    return 1;
}

/* 4.7 ۴٫۷ 2,500.75: the last separator is a decimal point, what comes before a (grouped)
 * integer. */
static int say_decimal(spoken *sp, const numparts *np)
{
    size_t k = np->nparts - 1; /* the fraction's part */
    uint32_t point = np->sep[k - 1];
    if (!is_decimal_separator(point))
        return 0;
    if (k > 1 && !(is_grouped(np, k) && np->sep[0] != point))
        return 0;
    return say_decimal_parts(sp, np->digits, np->start[k], numparts_part(np, k), np->len[k]);
}

static int is_range_dash(uint32_t c) { return c == '-' || c == 0x2013; }

/* ۵-۷ → پنج تا هفت when the second is larger, and ۱۳۹۸-۹۹ (a year and the end of the next);
 * two small numbers the other way round are a score: ۲-۱ → دو بر یک. */
static int say_range(spoken *sp, const numparts *np, shape *sh, uint64_t *upper)
{
    if (np->nparts != 2 || !is_range_dash(np->sep[0]))
        return 0;
    for (size_t i = 0; i < 2; i++)
        if (np->len[i] > MAX_QUANTITY_DIGITS || (np->len[i] > 1 && numparts_part(np, i)[0] == '0'))
            return 0;
    uint64_t a = numparts_value(np, 0), b = numparts_value(np, 1);
    int range = a < b || (np->len[0] == 4 && np->len[1] == 2 && a % 100 < b);
    int score = !range && np->len[0] <= 2 && np->len[1] <= 2;
    if (!range && !score)
        return 0;
    say_cardinal(sp, a);
    spoken_word(sp, range ? nw_to : nw_versus);
    say_cardinal(sp, b);
    *upper = b;
    *sh = range ? SH_RANGE : SH_DIGITS;
    return 1;
}

/* After a/b, a measure (درصد، برابر، میلیون، a unit or a currency) makes it a decimal written
 * with a slash; otherwise a small proper fraction is a fraction (۲/۳ جمعیت → دو سوم). */
static int slash_is_decimal(const sentence *s, size_t next, const numparts *np)
{
    const written_form *f;
    if (match_kind(s, next, TOK_WORD, &measure_words, &f) ||
        match_kind(s, next, TOK_SYMBOL, &percent_symbols, &f) ||
        match_kind(s, next, TOK_SYMBOL, &currency_symbols, &f) || match_written(s, next, &units, &f))
        return 1;
    uint64_t num = numparts_value(np, 0), den = numparts_value(np, 1);
    return !(num >= 1 && num < den && den <= 10 && np->len[0] == 1);
}

static int say_slash(spoken *sp, const sentence *s, size_t next, const numparts *np, shape *sh)
{
    if (np->nparts != 2 || np->sep[0] != '/')
        return 0;
    if (slash_is_decimal(s, next, np)) {
        *sh = SH_DECIMAL;
        return say_decimal_parts(sp, numparts_part(np, 0), np->len[0], numparts_part(np, 1), np->len[1]);
    }
    *sh = SH_FRACTION;
    say_cardinal(sp, numparts_value(np, 0));
    say_ordinal(sp, numparts_value(np, 1), ORD_PLAIN);
    return 1;
}

/* ۶۲۷۴-۱۲۳۴-۵۶۷۸-۹۰۱۲, ۱۴۰۲/۱۳/۴۰, or a phone number with dashes: each part as a number;
 * in a phone number (its first part starts with 0) the long parts go in pairs. */
static void say_parts_as_digits(spoken *sp, const numparts *np)
{
    int phone = np->len[0] > 1 && np->digits[0] == '0';
    for (size_t i = 0; i < np->nparts; i++) {
        if (i)
            spoken_group_pause(sp);
        const char *d = numparts_part(np, i);
        size_t n = np->len[i];
        if (phone) {
            if (n > 4)
                say_digit_groups(sp, d, n, groups_pairs);
            else
                say_digit_group(sp, d, n);
            continue;
        }
        while (n > 1 && *d == '0') /* ۲۰۲۳/۰۲/۲۹: the 0 only pads the field */
            d++, n--;
        uint64_t ignored;
        say_integer(sp, d, n, &ignored);
    }
}

/* ½ ¾ as one character, or a/b written with the fraction slash U+2044: «یک دوم», «سه چهارم». */
static void say_fraction(spoken *sp, uint64_t numerator, uint64_t denominator)
{
    say_cardinal(sp, numerator);
    say_ordinal(sp, denominator, ORD_PLAIN);
}

static const vulgar_fraction *vulgar_fraction_at(const sentence *s, size_t i)
{
    /* all of them are U+00BC..U+00BE or in U+2150..U+2189: a lead byte turns the rest away */
    if (!kind_at(s, i, TOK_SYMBOL) || ((unsigned char)s->tok[i].text[0] != 0xC2 &&
                                       (unsigned char)s->tok[i].text[0] != 0xE2))
        return NULL;
    for (size_t k = 0; k < n_vulgar_fractions; k++)
        if (!strcmp(s->tok[i].text, vulgar_fractions[k].written))
            return &vulgar_fractions[k];
    return NULL;
}

/* ۲½ → دو و نیم, ۳¾ → سه و سه چهارم: a fraction written against an integer. Returns the token
 * after it, or 0. */
static size_t read_attached_fraction(const sentence *s, size_t i, spoken *sp)
{
    const vulgar_fraction *f = vulgar_fraction_at(s, i);
    if (!f || !attached(s, i))
        return 0;
    spoken_conj(sp);
    if (f->numerator == 1 && f->denominator == 2)
        spoken_word(sp, nw_half);
    else
        say_fraction(sp, f->numerator, f->denominator);
    return i + 1;
}

/* 1⁄2: an integer, the fraction slash and an integer, written together. */
static int read_slashed_fraction(const sentence *s, size_t i, const numparts *np, spoken *sp)
{
    numparts den;
    if (np->nparts != 1 || np->len[0] > MAX_QUANTITY_DIGITS || !kind_at(s, i + 1, TOK_SYMBOL) ||
        !attached(s, i + 1) || !text_is(s, i + 1, fraction_slash) || !attached(s, i + 2) ||
        !plain_integer(s, i + 2, &den) ||
        den.len[0] > MAX_QUANTITY_DIGITS)
        return 0;
    say_fraction(sp, numparts_value(np, 0), numparts_value(&den, 0));
    return 1;
}

/* ---- times ------------------------------------------------------------------------------- */

/* ۹:۱۵ → نه و پانزده دقیقه; ۰۷:۰۰ → هفت; ۱۴:۳۰:۱۵ → … و پانزده ثانیه */
static int say_time(spoken *sp, const numparts *np)
{
    if (np->nparts < 2 || np->nparts > 3 || !numparts_all_seps(np, ':') || np->len[0] > 2)
        return 0;
    uint64_t f[3] = {0, 0, 0};
    for (size_t i = 0; i < np->nparts; i++) {
        if (i && np->len[i] != 2)
            return 0;
        f[i] = numparts_value(np, i);
    }
    if (f[0] > 24 || f[1] > 59 || f[2] > 59 || (f[0] == 24 && (f[1] || f[2])))
        return 0;
    say_cardinal(sp, f[0]);
    if (f[1]) {
        spoken_conj(sp);
        say_cardinal(sp, f[1]);
        spoken_word(sp, nw_minute);
    }
    if (f[2]) {
        spoken_conj(sp);
        say_cardinal(sp, f[2]);
        spoken_word(sp, nw_second);
    }
    return 1;
}

/* ---- digit groups written apart ------------------------------------------------------------ */

#define CARD_MIN_GROUPS 4

/* ۶۲۷۴ ۱۲۳۴ ۵۶۷۸ ۹۰۱۲: four or more groups of four digits are one card or account number,
 * read group by group with a pause between. Returns the token after it, or 0. */
static size_t read_card_groups(const sentence *s, size_t i, const numparts *first, spoken *sp)
{
    numparts np;
    size_t k = i;
    if (first->nparts != 1 || first->len[0] != 4 || !kind_at(s, i + 1, TOK_NUMBER))
        return 0;
    while (plain_integer(s, k, &np) && np.len[0] == 4 && (k == i || !attached(s, k)))
        k++;
    if (k - i < CARD_MIN_GROUPS)
        return 0;
    for (size_t g = i; g < k; g++) {
        plain_integer(s, g, &np);
        if (g > i)
            spoken_group_pause(sp);
        say_digit_group(sp, np.digits, 4);
    }
    return k;
}

/* ---- one number token -------------------------------------------------------------------- */

static int read_number_token(calendars *cal, const sentence *s, size_t i, const numparts *parts,
                             spoken *sp, reading *r)
{
    const numparts *np = parts;
    r->next = i + 1;
    r->value = 0;
    if (np->nparts == 1)
        r->shape = say_integer(sp, np->digits, np->len[0], &r->value);
    else if (say_time(sp, np))
        r->shape = SH_TIME;
    else if (say_numeric_date(cal, sp, s, np, &r->next))
        r->shape = SH_DATE;
    else if (is_grouped(np, np->nparts))
        r->shape = say_grouped(sp, np, &r->value);
    else if (say_decimal(sp, np))
        r->shape = SH_DECIMAL;
    else if (say_range(sp, np, &r->shape, &r->value))
        ;
    else if (!say_slash(sp, s, r->next, np, &r->shape)) {
        /* anything else (۱۴۰۲/۱۳/۴۰ is no date) is read as the numbers it is made of */
        say_parts_as_digits(sp, np);
        r->shape = SH_DIGITS;
    }
    return 1;
}

/* ---- what follows a number ---------------------------------------------------------------- */

/* ۸مین ۸ امین ۳ام ۱۲م → هشتمین سوم دوازدهم. Returns the token after the suffix, or 0. */
static size_t read_ordinal_suffix(const sentence *s, size_t i, spoken *sp, uint64_t value)
{
    const written_form *f;
    if (!match_kind(s, i, TOK_WORD, &ordinal_suffixes, &f))
        return 0;
    ordinal_form form = !strcmp(f->spoken, "مین") ? ORD_MIN : ORD_PLAIN;
    /* a written-apart ام or م is a word of its own; ۱۹۹۸م. is the era */
    if (!attached(s, i) && form == ORD_PLAIN)
        return 0;
    if (text_is(s, i, "م") && text_is(s, i + 1, ".") && attached(s, i + 1) && value >= 1000)
        return 0;
    say_ordinal_ending(sp, form);
    return i + 1;
}

/* ۵ - ۷ (a dash with spaces between two integers, the second larger) → پنج تا هفت */
static size_t read_spaced_range(const sentence *s, size_t i, spoken *sp, reading *r)
{
    const written_form *f;
    numparts np;
    if (!(match_kind(s, i, TOK_SYMBOL, &range_dashes, &f) || match_kind(s, i, TOK_PUNCT, &range_dashes, &f)) ||
        attached(s, i) || attached(s, i + 1) || !plain_integer(s, i + 1, &np) ||
        np.len[0] > MAX_QUANTITY_DIGITS || np.digits[0] == '0')
        return 0;
    uint64_t b = numparts_value(&np, 0);
    if (b <= r->value)
        return 0;
    spoken_word(sp, nw_to);
    say_cardinal(sp, b);
    r->shape = SH_RANGE;
    r->value = b;
    return i + 2;
}

static size_t say_matched(spoken *sp, size_t i, size_t len, const written_form *f)
{
    spoken_phrase(sp, f->spoken);
    return i + len;
}

static int is_scale_word(const sentence *s, size_t i)
{
    for (size_t k = 1; k < sizeof nw_scales / sizeof *nw_scales; k++)
        if (kind_at(s, i, TOK_WORD) && text_is(s, i, nw_scales[k]))
            return 1;
    return 0;
}

/* The «و» after a number that goes on with another one is the number's own, said «o»:
 * ۲ میلیون و ۵۰۰ هزار → do milyun-o pansad hezar; ۳ و نیم → se-o nim. Returns the token after
 * the «و» (the number after it is read on its own), or 0. */
static size_t read_joined_number(const sentence *s, size_t i, spoken *sp)
{
    if (is_scale_word(s, i) && text_is(s, i + 1, nw_conjunction) && kind_at(s, i + 2, TOK_NUMBER)) {
        spoken_word(sp, s->tok[i].text);
        spoken_conj(sp);
        return i + 2;
    }
    if (text_is(s, i, nw_conjunction) && text_is(s, i + 1, nw_half)) {
        spoken_conj(sp);
        spoken_word(sp, nw_half);
        return i + 2;
    }
    return 0;
}

/* The words a quantity, time or year may carry after it: a percent sign, a currency, a unit,
 * ق.ظ / ب.ظ, an era marker. Returns the token after what was read. */
static size_t read_suffix(const sentence *s, size_t i, spoken *sp, reading *r)
{
    const written_form *f;
    size_t len, next;
    if (r->shape == SH_INTEGER && (next = read_attached_fraction(s, i, sp))) {
        i = next;
        r->shape = SH_FRACTION;
    }
    if (r->shape == SH_INTEGER) {
        if ((next = read_ordinal_suffix(s, i, sp, r->value)))
            return next;
        if ((next = read_spaced_range(s, i, sp, r)))
            i = next;
    }
    int quantity = r->shape == SH_INTEGER || r->shape == SH_DECIMAL || r->shape == SH_RANGE ||
                   r->shape == SH_FRACTION;
    if ((r->shape == SH_INTEGER || r->shape == SH_TIME) && (next = read_joined_number(s, i, sp)))
        return next;
    if (quantity) {
        if ((len = match_kind(s, i, TOK_SYMBOL, &percent_symbols, &f)) ||
            (len = match_kind(s, i, TOK_SYMBOL, &currency_symbols, &f)) ||
            (len = match_written(s, i, &units, &f)))
            return say_matched(sp, i, len, f);
    }
    if ((r->shape == SH_TIME || (r->shape == SH_INTEGER && r->value <= 24)) &&
        (len = match_kind(s, i, TOK_WORD, &day_halves, &f)))
        return say_matched(sp, i, len, f);
    /* ساعت ۱۰ و ۳۰ دقیقه ب.ظ: the minutes written out, then the half of the day */
    if (r->shape == SH_INTEGER && r->value < 60 && text_is(s, i, nw_minute) &&
        (len = match_kind(s, i + 1, TOK_WORD, &day_halves, &f))) {
        spoken_word(sp, nw_minute);
        return say_matched(sp, i + 1, len, f);
    }
    if (r->shape == SH_INTEGER && (len = era_marker_at(s, i, &f)))
        return say_matched(sp, i, len, f);
    return i;
}

/* ---- expressions ---------------------------------------------------------------------------- */


/* A number at token i with what belongs to it. `said_after` is a symbol written before the
 * number but said after it ($۲۵۰ → دویست و پنجاه دلار, ٪۳۸ → سی و هشت درصد), or NULL.
 * Returns the token after the expression, or 0. */
static size_t read_expression(calendars *cal, const sentence *s, size_t i, spoken *sp,
                              const written_form *said_after)
{
    size_t next;
    numparts np;
    if (numparts_parse(s->tok[i].text, &np))
        return 0;
    if (!said_after &&
        ((next = read_named_code(s, i, &np, sp)) || (next = read_written_date(cal, s, i, &np, sp)) ||
         (next = read_card_groups(s, i, &np, sp))))
        return next;
    reading r;
    if (read_slashed_fraction(s, i, &np, sp))
        r = (reading){SH_FRACTION, 0, i + 3};
    else if (!read_number_token(cal, s, i, &np, sp, &r))
        return 0;
    if (!said_after)
        return read_suffix(s, r.next, sp, &r);
    next = r.next;
    if (is_scale_word(s, next)) /* $۲۵۰ میلیون → دویست و پنجاه میلیون دلار */
        spoken_word(sp, s->tok[next++].text);
    spoken_phrase(sp, said_after->spoken);
    return next;
}

/* A symbol written before a number: a minus sign, a currency or a percent sign. */
static size_t read_prefixed(calendars *cal, const sentence *s, size_t i, spoken *sp)
{
    const written_form *f;
    if (!kind_at(s, i + 1, TOK_NUMBER) || !attached(s, i + 1))
        return 0;
    if (match_kind(s, i, TOK_SYMBOL, &minus_signs, &f) == 1) {
        /* a minus sign, not a dash joining two things: nothing written right before it */
        if (i > 0 && attached(s, i) && s->tok[i - 1].kind != TOK_PUNCT)
            return 0;
        spoken_phrase(sp, f->spoken);
        return read_expression(cal, s, i + 1, sp, NULL);
    }
    if (text_is(s, i, "+")) {
        numparts np;
        /* +۹۸۹۱۲۱۲۳۴۵۶۷: an international phone number, in groups; +۵ درجه: a positive number */
        if (plain_integer(s, i + 1, &np) && np.len[0] >= INTL_PHONE_MIN_DIGITS) {
            spoken_word(sp, nw_plus);
            say_digit_groups(sp, np.digits, np.len[0], groups_intl_phone);
            return i + 2;
        }
        spoken_word(sp, nw_positive);
        return read_expression(cal, s, i + 1, sp, NULL);
    }
    if (match_kind(s, i, TOK_SYMBOL, &currency_symbols, &f) == 1 ||
        match_kind(s, i, TOK_SYMBOL, &percent_symbols, &f) == 1)
        return read_expression(cal, s, i + 1, sp, f);
    return 0;
}

/* ½ جمعیت → یک دوم جمعیت, and what may follow a quantity (½ درصد). */
static size_t read_lone_fraction(const sentence *s, size_t i, spoken *sp)
{
    const vulgar_fraction *f = vulgar_fraction_at(s, i);
    if (!f)
        return 0;
    spoken_init(sp);
    say_fraction(sp, f->numerator, f->denominator);
    reading r = {SH_FRACTION, 0, i + 1};
    return read_suffix(s, r.next, sp, &r);
}

/* «منفی ۲٫۵» written in words: the sign is the number's own, as «-۲٫۵» is (منفی دو, not منفیِ دو). */
static size_t read_written_sign(calendars *cal, const sentence *s, size_t i, spoken *sp)
{
    const token *t = &s->tok[i];
    if (!kind_at(s, i + 1, TOK_NUMBER) || (strcmp(t->text, nw_negative) && strcmp(t->text, nw_positive)))
        return 0;
    spoken_word(sp, t->text);
    return read_expression(cal, s, i + 1, sp, NULL);
}

/* Words the normalizer reads: a Roman numeral after قرن or a king's name, an IBAN's IR, a sign
 * written as a word. */
static int recognise_word(calendars *cal, const sentence *s, size_t i, spoken *out, size_t *count)
{
    size_t end;
    spoken_init(out);
    if (read_roman(s, i, out))
        end = i + 1;
    else if (!(end = read_iban(s, i, out)) && !(end = read_written_sign(cal, s, i, out)))
        return 0;
    if (out->overflow || out->n == 0)
        return 0;
    *count = end - i;
    return 1;
}

int recognise_at(calendars *cal, const sentence *s, size_t i, spoken *out, size_t *count)
{
    token_kind kind = s->tok[i].kind;
    if (kind == TOK_LINK) {
        spoken_init(out);
        *count = 1;
        return read_link(s, i, out) && !out->overflow && out->n > 0;
    }
    if (kind == TOK_WORD) {
        /* Roman numerals and IR start with a Latin letter, a written sign stands before a number:
         * nearly every word is none of these */
        if ((unsigned char)s->tok[i].text[0] >= 0x80 && !kind_at(s, i + 1, TOK_NUMBER))
            return 0;
        return recognise_word(cal, s, i, out, count);
    }
    if (kind != TOK_NUMBER && kind != TOK_SYMBOL)
        return 0;
    spoken_init(out);
    size_t end = kind == TOK_NUMBER ? read_expression(cal, s, i, out, NULL)
                                    : read_prefixed(cal, s, i, out);
    if (!end && kind == TOK_SYMBOL)
        end = read_lone_fraction(s, i, out);
    if (!end || out->overflow || out->n == 0)
        return 0;
    *count = end - i;
    return 1;
}
