/* The language knowledge of the normalizer: number words, months, symbols, units and the
 * abbreviations that belong to numbers. Data only; the code that uses it is elsewhere. */
#ifndef RAVI_NORMALIZE_TABLES_H
#define RAVI_NORMALIZE_TABLES_H

#include <stddef.h>

typedef enum calendar { CAL_NONE, CAL_JALALI, CAL_GREGORIAN, CAL_HIJRI } calendar;

/* A written form (one or more tokens, joined without spaces) and its spoken words
 * (separated by single spaces). `cal` is used only where a table says so. */
typedef struct written_form {
    const char *written;
    const char *spoken;
    calendar cal;
} written_form;

typedef struct written_table {
    const written_form *entry;
    size_t n;
} written_table;

typedef struct month_name {
    const char *written;  /* as news writes it, variants included */
    const char *spoken;   /* the one spelling we say */
    calendar cal;
    int month;            /* 1..12 */
} month_name;

/* Number words */
extern const char *const nw_ones[20];      /* صفر … نوزده */
extern const char *const nw_tens[10];      /* -, -, بیست … نود */
extern const char *const nw_hundreds[10];  /* -, صد … نهصد */
extern const char *const nw_scales[5];     /* -, هزار, میلیون, میلیارد, تریلیون */
extern const char nw_conjunction[];        /* و, emitted as TOK_NUM_CONJ */
extern const char nw_negative[];           /* منفی */
extern const char nw_positive[];           /* مثبت (+۵) */
extern const char nw_plus[];               /* به‌علاوه (the + of an international number) */
extern const char nw_half[];               /* نیم (۳ و نیم) */
extern const char nw_decimal_point[];      /* ممیز */
extern const char nw_to[];                 /* تا (ranges) */
extern const char nw_versus[];             /* بر (scores: ۲-۱) */
extern const char nw_minute[], nw_second[];
extern const char nw_group_pause[];        /* the comma said between digit groups */

/* Ordinals: the word's ending after `م`/`مین`, with the irregular stems */
typedef struct ordinal_stem {
    const char *cardinal, *stem; /* سه → سو (سوم، سومین) */
} ordinal_stem;
extern const ordinal_stem nw_ordinal_stems[];
extern const size_t nw_n_ordinal_stems;
extern const char nw_ordinal_after_long_i[]; /* ZWNJ + ا, so سی → سی‌ام */

extern const month_name month_names[];
extern const size_t n_month_names;
extern const char month_word[];              /* ماه, written after a month name */
int month_max_days(calendar cal, int month); /* without a year: the longest the month gets */

extern const written_table currency_symbols; /* $ € £ ﷼, before or after the number */
extern const written_table percent_symbols;  /* % ٪ */
extern const written_table minus_signs;      /* - − ‐ */
extern const written_table range_dashes;     /* - – — between two numbers */
extern const written_table units;            /* km kg km/h °C … after a number */
extern const written_table ordinal_suffixes; /* م ام مین امین after a number; spoken = form */
extern const written_table day_halves;       /* ق.ظ ب.ظ after a time */
extern const written_table era_markers;      /* ه.ش ه.ق م. ق.م after a year; cal = calendar */
extern const written_table calendar_words;   /* قمری شمسی میلادی … that name a calendar */
extern const written_table measure_words;    /* words after a/b that make it a decimal, not a fraction */

/* The entry whose written form is exactly `text`, or NULL. */
const written_form *written_lookup(const written_table *t, const char *text);

#endif
