/* Roman numerals after the words that take them (see tables.h, roman_numeral_heads). */
#ifndef RAVI_NORMALIZE_ROMAN_H
#define RAVI_NORMALIZE_ROMAN_H

#include "../token.h"
#include "numwords.h"

/* The value of a Roman numeral written in capitals in its canonical form (XIV, not IIII), or 0. */
unsigned roman_value(const char *text, size_t len);

/* Word token i, a Roman numeral after a word that takes one (قرن XIX, جنگ جهانی II, لوئی XIV):
 * its ordinal (نوزدهم، دوم، چهاردهم; I is اول). Returns 1, or 0 when it is none. */
int read_roman(const sentence *s, size_t i, spoken *sp);

#endif
