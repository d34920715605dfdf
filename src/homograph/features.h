/* What the homograph model reads around a word: the words at ±1 and ±2 with their stems and
 * affixes, the tagger's word classes, whether the word ends the sentence, and the stems of the
 * clause's content words. The runtime (homograph.c) and the trainer (tools/homograph/) compute
 * features with this code only, so that training and prediction agree. */
#ifndef RAVI_HOMOGRAPH_FEATURES_H
#define RAVI_HOMOGRAPH_FEATURES_H

#include <stddef.h>
#include <stdint.h>

/* Bump when the features change: a model trained on other features is refused at load. */
#define HG_FEATURE_VERSION 2u

enum hg_word_kind {
    HGW_WORD,   /* letters */
    HGW_NUMBER, /* digits, or the normalizer's words for them */
    HGW_PUNCT,  /* a clause mark: ، ؛ : « » ( ) ... */
    HGW_END,    /* a sentence-final mark: . ! ? ؟ … */
};

/* One token as the features see it. */
typedef struct hg_word {
    const char *key;        /* lexicon key (src/lexicon/key.h): folded, marks dropped, pieces by spaces */
    size_t keylen;
    size_t stem_off, stem_len; /* the stem inside key: hg_stem */
    unsigned char cls, tag; /* the ezafe tagger's lexicon class and tag in context (enum ez_class) */
    unsigned char kind;     /* enum hg_word_kind */
    unsigned char content;  /* a content word: one of the bag's (not a closed-class word or a mark) */
} hg_word;

/* The stem of a key: a leading «می»/«نمی» piece and trailing plural, comparative and personal
 * suffixes cut off («می کردند» → «کرد», «کشتی ها» → «کشتی», «بزرگ‌ترین» → «بزرگ»). */
void hg_stem(const char *key, size_t len, size_t *off, size_t *stem_len);

/* The affixes a homograph was read inside its word with («می» of «می‌خنداند»), NULL when none. */
typedef struct hg_own_affixes {
    const char *prefix, *suffix;
} hg_own_affixes;

/* Features of the homograph at w[i] of a sentence of n tokens, read with the affixes `own` (may
 * be NULL), as hashes (never 0). Writes at most HG_MAX_FEATURES and returns how many. */
#define HG_MAX_FEATURES 64
size_t hg_features(const hg_word *w, size_t n, size_t i, const hg_own_affixes *own, uint64_t *feats);

/* Features shared by all homographs: what the words around say about the kind of word a sense
 * is (a verb in the present, a noun ...), read with the sense's shape (hg_sense_shapes). At most
 * HG_MAX_SHARED. */
#define HG_MAX_SHARED 16
size_t hg_shared_features(const hg_word *w, size_t n, size_t i, const hg_own_affixes *own, uint64_t *feats);

/* The shape of a sense: the endings of its phonemes' skeleton («xandAnad»: d, ad, nad), its
 * vowel count and first vowel, and its word classes (the list's upos: field, may be NULL). At
 * most HG_MAX_SHAPES. */
#define HG_MAX_SHAPES 9
size_t hg_sense_shapes(const char *phonemes, const char *upos, uint64_t *shapes);

/* The model key of a shared feature read with a shape. */
uint64_t hg_shared_key(uint64_t feature, uint64_t shape);

/* The key of a feature of homograph `word_hash` (lex_hash of its key) in the model's table. */
uint64_t hg_feature_key(uint64_t word_hash, uint64_t feature);

#endif
