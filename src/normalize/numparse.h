/* A number token taken apart: its digit runs (as ASCII) and the separators between them.
 * ۱۴۰۲/۰۵/۱۲ is three parts joined by '/', 2,500,000 three parts joined by ','. */
#ifndef RAVI_NUMPARSE_H
#define RAVI_NUMPARSE_H

#include <stddef.h>
#include <stdint.h>

#define NUM_MAX_DIGITS 256
#define NUM_MAX_PARTS 16

typedef struct numparts {
    char digits[NUM_MAX_DIGITS + 1]; /* every digit of the token, ASCII, in order */
    size_t start[NUM_MAX_PARTS], len[NUM_MAX_PARTS];
    uint32_t sep[NUM_MAX_PARTS];     /* sep[i] joins part i and part i+1 */
    size_t nparts, ndigits;
} numparts;

/* A digit's value in any of the three scripts (Latin, Persian, Arabic-Indic), or -1. */
int digit_value(uint32_t c);

/* Returns 0, or -1 when the text is not digits of Persian, Arabic-Indic or Latin script with
 * separators, or is too long. */
int numparts_parse(const char *text, numparts *np);

const char *numparts_part(const numparts *np, size_t i);
/* The part's value, or UINT64_MAX when it has more than 18 digits. */
uint64_t numparts_value(const numparts *np, size_t i);
/* 1 when every separator is `sep`. */
int numparts_all_seps(const numparts *np, uint32_t sep);

#endif
