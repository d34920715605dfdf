/* Written short vowels («مُرد», «کَشتی») against a sense's phonemes. */
#ifndef RAVI_HOMOGRAPH_MARKS_H
#define RAVI_HOMOGRAPH_MARKS_H

#include <stddef.h>

/* 1 when every vowel mark (fatha, kasra, damma, sukun) written on text[0..len) agrees with the
 * phonemes, 0 when one does not, -1 when the text has no mark that tells (none, or only an ezafe
 * kasra at its end). */
int hg_marks_agree(const char *text, size_t len, const char *phonemes);

#endif
