/* Brown clustering of word types from unlabelled text, for the ezafe trainer (see brown.c). */
#ifndef RAVI_EZAFE_BROWN_H
#define RAVI_EZAFE_BROWN_H

#include <stddef.h>
#include <stdint.h>

/* The clusters: for each word type clustered (key: ez_word's h_form), its path in the merge tree
 * as bits read from the root, with a leading 1 bit (1 alone: the root; 0b101: right, then left
 * ... see ez_word's cluster in src/ezafe/tagger.h). Keys strictly ascending. */
typedef struct brown_clusters {
    uint64_t *keys;
    uint32_t *paths;
    size_t n;
} brown_clusters;

/* Clusters the word types of a token sequence (hashes, 0 between sentences) seen at least
 * min_count times into at most `window` clusters, merged into one binary tree. Deterministic:
 * types are taken by count (then by key), ties between merges go to the first pair. Returns 0, or
 * -1 when out of memory. */
int brown_cluster(const uint64_t *tokens, size_t n, unsigned min_count, unsigned window, brown_clusters *out);
void brown_free(brown_clusters *c);
/* The path of key, 0 when it has none. */
uint32_t brown_path_of(const brown_clusters *c, uint64_t key);

#endif
