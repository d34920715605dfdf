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

/* How long digit strings are read: the sizes of their groups, 0-terminated (what is left when the
 * list runs out goes in groups of the last size); each group is said as a number. */
extern const unsigned char groups_mobile[];     /* ۰۹۱۲ ۱۲۳ ۴۵ ۶۷ */
extern const unsigned char groups_landline[];   /* ۰۲۱ ۸۸ ۷۷ ۶۶ ۵۵ */
extern const unsigned char groups_long[];       /* card numbers, IDs with no name before them */
extern const unsigned char groups_intl_phone[]; /* +۹۸ ۹۱۲ ۱۲۳ ۴۵ ۶۷ */
extern const unsigned char groups_pairs[];      /* the long parts of a phone number with dashes */

/* A code named by the words before it (کد پستی ۱۴۱۵۵۶۶۷۸۹) and how its digits are read. */
typedef struct code_name {
    const char *head, *last;      /* the words before the digits: the last one, and the one before
                                   * it (or NULL): «کد» «پستی», NULL «کدپستی» */
    const unsigned char *groups;
    unsigned max_digits;          /* digit groups written apart are gathered up to this many */
} code_name;
#define CODE_MIN_DIGITS 5         /* fewer digits after a code's name are a number (کد ۱۲) */
extern const code_name code_names[];
extern const size_t n_code_names;
extern const unsigned char groups_iban[];  /* IR + 24 digits: the check digits, then fours */
#define IBAN_DIGITS 24
extern const char iban_country[];          /* IR, written against the digits of an IBAN (Sheba) */

/* Fractions written as one character (½ ¾) or with the fraction slash U+2044 (1⁄2). */
typedef struct vulgar_fraction {
    const char *written;
    unsigned numerator, denominator;
} vulgar_fraction;
extern const vulgar_fraction vulgar_fractions[];
extern const size_t n_vulgar_fractions;
extern const char fraction_slash[];        /* U+2044 */

/* Roman numerals are read as ordinals after these words (قرن XIX → قرن نوزدهم) and after the
 * names of kings and popes (لوئی XIV); elsewhere they are left to the lexicon. */
extern const written_table roman_numeral_heads;
extern const char nw_first[];              /* اول: the ordinal of I, as in جنگ جهانی I */

/* Addresses, hashtags and mentions. */
extern const written_table address_labels;  /* www com org …: how a known label is said */
extern const written_table address_symbols; /* . @ - _ + % inside an address; @ before a mention */
extern const char nw_hashtag[];             /* هشتگ, said before a hashtag's words */
/* The names of the Latin letters, a..z, as Persian speakers say them when they spell. */
extern const char *const latin_letter_names[26];
/* Finglish: how Iranian addresses and handles write Persian in Latin letters (tabnak,
 * khabaronline), letters to eSpeak NG fa phonemes; the longest spelling is tried first. */
typedef struct letter_sound {
    const char *letters, *phonemes;
    int vowel;
} letter_sound;
extern const letter_sound finglish_sounds[];
extern const size_t n_finglish_sounds;
/* Two consonants a Finglish word may start with (pr, st …); others make it spelt. */
extern const char *const finglish_onsets[];
extern const size_t n_finglish_onsets;

/* The entry whose written form is exactly `text`, or NULL. */
const written_form *written_lookup(const written_table *t, const char *text);

#endif
