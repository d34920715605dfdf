/* libFuzzer target: arbitrary bytes as a homograph model file. The checksum is recomputed over
 * the input first (when it has room for one), so that the search reaches the checks behind it:
 * the header, the section sizes, the word and sense tables, the feature buckets. Whatever loads
 * is then scored for every word it has, word features and shared ones, so that a file that
 * passes the checks cannot make a lookup leave its tables. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "homograph/features.h"
#include "homograph/model.h"
#include "lexicon/keyset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *bytes = malloc(size ? size : 1);
    if (!bytes)
        return 0;
    memcpy(bytes, data, size);
    if (size >= 48 && size % 8 == 0) {
        uint64_t sum = lex_hash((const char *)bytes, size - 8);
        for (int k = 0; k < 8; k++)
            bytes[size - 8 + (size_t)k] = (unsigned char)(sum >> (8 * k));
    }
    char err[256];
    hg_model *m = hg_model_from_bytes(bytes, size, err, sizeof err);
    free(bytes);
    if (!m)
        return 0;
    /* features that may or may not be in the file: the first bytes of the input as hashes */
    uint64_t feats[4] = {1, 2, 3, 4}, shapes[2] = {5, 6};
    memcpy(feats, data, size < sizeof feats ? size : sizeof feats);
    for (size_t w = 0; w < hg_model_nwords(m); w++) {
        float scores[HG_MAX_SENSES];
        size_t len, n = hg_model_nsenses(m, w);
        const char *key = hg_model_word_key(m, w, &len);
        if (n > HG_MAX_SENSES || hg_model_find_word(m, key, len) != (long)w)
            abort();
        for (size_t k = 0; k < n; k++)
            if (!hg_model_sense_name(m, w, k, &len) || len == 0)
                abort();
        hg_model_score(m, w, feats, 4, scores);
        (void)hg_model_shared(m, feats, 4, shapes, 2);
    }
    hg_model_free(m);
    return 0;
}
