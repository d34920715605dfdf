/* eSpeak NG's Persian phoneme names, read from its compiled phoneme table, to check [[...]]
 * pronunciations: eSpeak silently drops a mnemonic it does not know, and the rest of the word
 * with it, so a typo would otherwise only be heard. */
#ifndef RAVI_LEXICON_PHONEMES_H
#define RAVI_LEXICON_PHONEMES_H

#include <stddef.h>

#define PHONEME_MAX 256        /* eSpeak's phoneme codes are one byte */
#define PHONEME_TABLE_FA "fa"  /* the table every Persian voice uses */

typedef struct phoneme_set {
    char name[PHONEME_MAX][5]; /* mnemonic by phoneme code ("" for codes the language lacks) */
    unsigned char type[PHONEME_MAX]; /* eSpeak's phoneme type by code (PHONEME_TYPE_...) */
    size_t n;                  /* highest code + 1 */
    /* the codes by the mnemonic's first character: by_first[first[c] .. first[c + 1]) */
    unsigned char by_first[PHONEME_MAX];
    unsigned short first[129];
} phoneme_set;

/* eSpeak NG's phoneme types (phoneme.h): what is not a sound, and the vowels. */
enum {
    PHONEME_TYPE_PAUSE = 0,
    PHONEME_TYPE_STRESS = 1,
    PHONEME_TYPE_VOWEL = 2,
    PHONEME_TYPE_VIRTUAL = 9, /* length marks and the like */
};

/* Reads table `table` (with the tables it includes) from `data_dir`/phontab.
 * Returns 0, or -1 with the reason in why (a static string). */
int phoneme_set_load(phoneme_set *ps, const char *data_dir, const char *table, const char **why);

/* Checks a phoneme string (the inside of [[ ]]) the way eSpeak reads it: each space-separated
 * word is cut into the longest known mnemonics. Returns 0 when every piece is known; otherwise
 * -1 with *bad and *badlen pointing at the first unknown piece. */
int phoneme_set_check(const phoneme_set *ps, const char *ph, const char **bad, size_t *badlen);

/* The codes of the last two sounds of a phoneme string (pauses, stress and length marks skipped),
 * 0 where there is none. Returns -1 when the string holds a mnemonic the set does not know. */
int phoneme_set_last_sounds(const phoneme_set *ps, const char *ph, unsigned char *last,
                            unsigned char *before);
/* 1 when the phoneme with this code is a vowel. */
int phoneme_set_is_vowel(const phoneme_set *ps, unsigned char code);

#endif
