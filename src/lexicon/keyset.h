/* A set of byte strings with a hash table: the lexicon keeps the piece-prefixes of its multi-word
 * keys in one, so that matching stops extending a candidate as soon as no written form can
 * continue it. Nearly every lookup is a miss (most text starts no written form), so a bit map of
 * the keys' hashes answers most of them before the table is probed. */
#ifndef RAVI_LEXICON_KEYSET_H
#define RAVI_LEXICON_KEYSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct key_set {
    char **keys;
    size_t *lens;
    size_t n, cap;
    long *slots;   /* index into keys, or -1; a power of two, at least twice n */
    size_t nslots;
    uint64_t *seen; /* nslots * 8 bits: two bits set per key, chosen by its hash */
} key_set;

/* A multiply-mix hash of key[0..n): short keys, no adversary. */
uint64_t lex_hash(const char *s, size_t n);

/* Adds key[0..len) unless present. Returns 0, or -1 when out of memory. */
int key_set_add(key_set *ks, const char *key, size_t len);
int key_set_has(const key_set *ks, const char *key, size_t len);
void key_set_free(key_set *ks);

#endif
