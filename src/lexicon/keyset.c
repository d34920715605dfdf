#include "keyset.h"
#include "../util.h"

#include <stdlib.h>
#include <string.h>

/* Up to eight bytes as one word, read as two overlapping halves (no loop over the bytes). */
static uint64_t load_short(const char *s, size_t n)
{
    uint32_t lo = 0, hi = 0;
    if (n >= 4) {
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
    } else if (n > 0) {
        lo = (uint32_t)(unsigned char)s[0] | (uint32_t)(unsigned char)s[n / 2] << 8 |
             (uint32_t)(unsigned char)s[n - 1] << 16;
    }
    return (uint64_t)hi << 32 | lo;
}

uint64_t lex_hash(const char *s, size_t n)
{
    /* eight bytes at a time, each mixed in with a multiply: hashing a byte at a time was a
     * visible cost, as every token's first piece is looked up */
    const uint64_t mul = 0x9E3779B97F4A7C15u;
    uint64_t h = (uint64_t)n * mul;
    size_t len = n;
    for (; n > 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * mul;
        h ^= h >> 29;
    }
    /* the last one to eight bytes; overlapping what came before when the key is longer */
    uint64_t w;
    if (len >= 8)
        memcpy(&w, s + n - 8, 8);
    else
        w = load_short(s, n);
    h = (h ^ w) * mul;
    h ^= h >> 29;
    h *= mul;
    return h ^ (h >> 32);
}

/* The slot holding the key, or the empty slot where it would go. */
static size_t find_slot(const key_set *ks, const char *key, size_t len, uint64_t hash)
{
    size_t mask = ks->nslots - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        long at = ks->slots[i];
        if (at < 0 || (ks->lens[at] == len && !memcmp(ks->keys[at], key, len)))
            return i;
    }
}

/* The two bits of the `seen` map a hash stands for: from its high bits, as the low ones pick
 * the slot. */
static size_t seen_bit(const key_set *ks, uint64_t hash, int which)
{
    unsigned shift = which ? 48 : 32;
    return (size_t)(hash >> shift) & (ks->nslots * 8 - 1);
}

static void mark_seen(key_set *ks, uint64_t hash)
{
    for (int which = 0; which < 2; which++) {
        size_t bit = seen_bit(ks, hash, which);
        ks->seen[bit / 64] |= (uint64_t)1 << (bit % 64);
    }
}

static int maybe_seen(const key_set *ks, uint64_t hash)
{
    for (int which = 0; which < 2; which++) {
        size_t bit = seen_bit(ks, hash, which);
        if (!(ks->seen[bit / 64] & ((uint64_t)1 << (bit % 64))))
            return 0;
    }
    return 1;
}

static int grow(key_set *ks)
{
    if (ks->n == ks->cap) {
        size_t cap = ks->cap ? ks->cap * 2 : 64;
        char **keys = realloc(ks->keys, cap * sizeof *keys);
        if (!keys)
            return -1;
        ks->keys = keys;
        size_t *lens = realloc(ks->lens, cap * sizeof *lens);
        if (!lens)
            return -1;
        ks->lens = lens;
        ks->cap = cap;
    }
    if ((ks->n + 1) * 2 <= ks->nslots)
        return 0;
    size_t nslots = ks->nslots ? ks->nslots * 2 : 128;
    long *slots = malloc(nslots * sizeof *slots);
    uint64_t *seen = calloc(nslots / 8, sizeof *seen); /* nslots * 8 bits */
    if (!slots || !seen) {
        free(slots);
        free(seen);
        return -1;
    }
    free(ks->slots);
    free(ks->seen);
    ks->slots = slots;
    ks->seen = seen;
    ks->nslots = nslots;
    for (size_t i = 0; i < nslots; i++)
        slots[i] = -1;
    for (size_t i = 0; i < ks->n; i++) {
        uint64_t hash = lex_hash(ks->keys[i], ks->lens[i]);
        slots[find_slot(ks, ks->keys[i], ks->lens[i], hash)] = (long)i;
        mark_seen(ks, hash);
    }
    return 0;
}

int key_set_add(key_set *ks, const char *key, size_t len)
{
    if (key_set_has(ks, key, len))
        return 0;
    if (grow(ks))
        return -1;
    char *copy = xstrndup(key, len);
    if (!copy)
        return -1;
    ks->keys[ks->n] = copy;
    ks->lens[ks->n] = len;
    uint64_t hash = lex_hash(key, len);
    ks->slots[find_slot(ks, key, len, hash)] = (long)ks->n++;
    mark_seen(ks, hash);
    return 0;
}

int key_set_has(const key_set *ks, const char *key, size_t len)
{
    if (!ks->nslots)
        return 0;
    uint64_t hash = lex_hash(key, len);
    return maybe_seen(ks, hash) && ks->slots[find_slot(ks, key, len, hash)] >= 0;
}

void key_set_free(key_set *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        free(ks->keys[i]);
    free(ks->keys);
    free(ks->lens);
    free(ks->slots);
    free(ks->seen);
    memset(ks, 0, sizeof *ks);
}
