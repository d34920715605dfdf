/* Numbers to Persian words, built from the digits up: cardinals to 10^18, ordinals, digit
 * groups (phone and card numbers). The words go into a `spoken` phrase: a bounded list of
 * words with their token kinds (the «و» inside a number is TOK_NUM_CONJ, said «o»). */
#ifndef RAVI_NUMWORDS_H
#define RAVI_NUMWORDS_H

#include <stddef.h>
#include <stdint.h>

#include "../token.h"

/* enough for the longest token the parser takes (256 digits read in groups) */
#define SPOKEN_MAX_WORDS 1024
#define SPOKEN_MAX_BYTES 16384

/* Inside what the normalizer read as one expression (a number, date, code, address) no word
 * carries an ezafe unless the expression's grammar puts one there (SPK_EZAFE); only its last word
 * is left to the ezafe stage, and words flagged SPK_OPEN (a hashtag's words are a phrase). */
enum spoken_flags {
    SPK_EZAFE = 1u << 0,    /* grammar puts ezafe here (a date's day and month) */
    SPK_ATTACHED = 1u << 1, /* punctuation written against the word before (the group pause) */
    SPK_OPEN = 1u << 2,     /* the ezafe stage decides this word's ezafe */
    SPK_NAME_PIECE = 1u << 3, /* a Latin piece of an address or mention (TOKF_NAME_PIECE) */
};

typedef struct spoken {
    size_t n, used;
    int overflow;                    /* set when a word did not fit: the phrase is unusable */
    size_t off[SPOKEN_MAX_WORDS];    /* where word i starts in text */
    token_kind kind[SPOKEN_MAX_WORDS];
    unsigned flags[SPOKEN_MAX_WORDS];
    char text[SPOKEN_MAX_BYTES];
} spoken;

typedef enum ordinal_form {
    ORD_PLAIN, /* سوم، بیست و یکم */
    ORD_MIN,   /* سومین (before a noun) */
} ordinal_form;

#define NW_MAX_CARDINAL 999999999999999999ull /* the largest value say_cardinal reads */

void spoken_init(spoken *sp);
void spoken_add(spoken *sp, const char *word, token_kind kind);
void spoken_word(spoken *sp, const char *word);
/* Adds each space-separated word of `phrase`; a word ending in a kasra is added without it and
 * flagged SPK_EZAFE (a table's «درجهِ سانتی‌گراد»). */
void spoken_phrase(spoken *sp, const char *phrase);
void spoken_conj(spoken *sp);        /* the «و» of a number */
void spoken_group_pause(spoken *sp); /* a comma between digit groups */
const char *spoken_at(const spoken *sp, size_t i);
void spoken_flag_last(spoken *sp, unsigned flags);

/* Adds the cardinal of v (v <= NW_MAX_CARDINAL): هزار at the head, not یک هزار. */
void say_cardinal(spoken *sp, uint64_t v);
/* Turns the last word (the end of a cardinal) into its ordinal: سه → سوم / سومین. */
void say_ordinal_ending(spoken *sp, ordinal_form form);
void say_ordinal(spoken *sp, uint64_t v, ordinal_form form);
/* ASCII digits read as one group: each leading zero is صفر, the rest a cardinal (0912 →
 * صفر نهصد و دوازده). n must be at most 18. */
void say_digit_group(spoken *sp, const char *digits, size_t n);
/* ASCII digits read as groups of the given sizes (0 ends the list; what is left after the list
 * runs out goes in groups of the last size), with a pause between groups. */
void say_digit_groups(spoken *sp, const char *digits, size_t n, const unsigned char *sizes);

#endif
