/* The homograph model: for each homograph it knows, the names of its senses and a weight per
 * sense for each feature (features.h); a sense's score is the sum of its weights over the
 * features of an occurrence. Trained by tools/homograph/train.c (`make train-homographs`).
 *
 * File (little-endian; every section starts at a multiple of 8 bytes):
 *   "RAVIHOM1", u32 version (HG_MODEL_VERSION), u32 feature version (HG_FEATURE_VERSION),
 *   u32 words W, u32 senses S, u32 features F, u32 weights N, u32 bucket bits b, u32 string bytes B
 *   W x {u32 key offset, u32 key length, u32 first sense, u32 senses}   (keys: lexicon keys)
 *   S x {u32 name offset, u32 name length}
 *   B bytes of strings
 *   F x u64 feature key (hg_feature_key; strictly ascending, nonzero)
 *   (2^b + 1) x u32: where the keys whose top b bits are k start
 *   F x u32: where the feature's row (one weight per sense of its word) starts among the weights
 *   N x f32 weights (IEEE 754)
 *   u64 checksum: lex_hash of every byte before it */
#ifndef RAVI_HOMOGRAPH_MODEL_H
#define RAVI_HOMOGRAPH_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define HG_MODEL_MAGIC "RAVIHOM1"
#define HG_MODEL_VERSION 1u
#define HG_MAX_SENSES 8 /* senses of one homograph */

typedef struct hg_model hg_model;

/* Loads a model; NULL on failure with "why" in err (the caller names the file). */
hg_model *hg_model_load(const char *path, char *err, size_t errlen);
/* The same from bytes in memory (copied as needed). */
hg_model *hg_model_from_bytes(const unsigned char *data, size_t size, char *err, size_t errlen);
void hg_model_free(hg_model *m);

size_t hg_model_nwords(const hg_model *m);
/* The word whose lexicon key is key[0..len), or -1. */
long hg_model_find_word(const hg_model *m, const char *key, size_t len);
const char *hg_model_word_key(const hg_model *m, size_t word, size_t *len);
size_t hg_model_nsenses(const hg_model *m, size_t word);
const char *hg_model_sense_name(const hg_model *m, size_t word, size_t sense, size_t *len);

/* Adds each sense's weight for every feature to scores[0 .. nsenses) (zeroed first). */
void hg_model_score(const hg_model *m, size_t word, const uint64_t *feats, size_t n, float *scores);

/* The shared weights (features.h: hg_shared_key, rows of one weight) of a sense's shapes with an
 * occurrence's shared features, summed. */
float hg_model_shared(const hg_model *m, const uint64_t *feats, size_t n, const uint64_t *shapes, size_t nshapes);

/* What the trainer writes. */
typedef struct hg_model_word_out {
    const char *key;
    size_t nsenses;
    const char *names[HG_MAX_SENSES];
} hg_model_word_out;

typedef struct hg_model_parts {
    const hg_model_word_out *words;
    size_t nwords;
    const uint64_t *keys; /* strictly ascending, nonzero */
    const uint32_t *rows; /* where each key's weights start (one per sense of its word; one for a
                           * shared key) */
    size_t nfeat;
    const float *weights;
    size_t nweights;
} hg_model_parts;

/* Writes a model file. Returns 0, or -1 with the reason in err. */
int hg_model_write(const char *path, const hg_model_parts *p, char *err, size_t errlen);

#endif
