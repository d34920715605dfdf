/* A homograph read inside a joined word: «می‌خنداند» is «خنداند» after the prefix «می», «کشتی‌ها»
 * «کشتی» before «ها», «مهرش» «مهر» before «ش». The affixes, where they may stand and what they
 * add to the sense's phonemes are the spacing rules' (lexicon/spacing/rules.tsv, clean/spacing.h);
 * this is how a word is cut. The stage, the trainer and the evaluation all cut words with it, so
 * that the model learns from the tokens it reads at run time. */
#ifndef RAVI_HOMOGRAPH_AFFIXED_H
#define RAVI_HOMOGRAPH_AFFIXED_H

#include "../clean/spacing.h"
#include "../util.h"
#include "features.h"
#include "list.h"

typedef struct hg_affixed {
    const hg_homograph *h;
    const spacing_affix *prefix, *suffix; /* NULL: none */
    unsigned senses;                      /* bit k: sense k may be meant (a prefix: verb senses) */
} hg_affixed;

/* The homograph in the word whose key (lexicon key: folded, a ZWNJ written as a space) is
 * key[0..len): the word itself, else the word without one prefix and/or one suffix. Returns 1 and
 * fills *out, or 0 when there is none. */
int hg_find_affixed(const hg_list *l, const spacing_rules *affixes, const char *key, size_t len, hg_affixed *out);

/* Whether a token's text may hold a homograph, alone or inside the word: a quick test before
 * keying it. */
int hg_may_be_affixed(const hg_list *l, const spacing_rules *affixes, const char *text, size_t len);

/* The affixes as the model's features read them. */
hg_own_affixes hg_affixed_own(const hg_affixed *a);

/* The phonemes of sense k of a (affixed) homograph: the prefix's, the sense's, the suffix's (its
 * form after a vowel when the sense ends in one). Returns 0, or -1 when out of memory. */
int hg_affixed_phonemes(const hg_affixed *a, const char *sense_phonemes, strbuf *out);

#endif
