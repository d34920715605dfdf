#include "keyset.h"
#include "../util.h"

#include <stdlib.h>
#include <string.h>

uint64_t lex_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

/* The slot holding the key, or the empty slot where it would go. */
static size_t find_slot(const key_set *ks, const char *key, size_t len)
{
    size_t mask = ks->nslots - 1;
    for (size_t i = (size_t)lex_hash(key, len) & mask;; i = (i + 1) & mask) {
        long at = ks->slots[i];
        if (at < 0 || (ks->lens[at] == len && !memcmp(ks->keys[at], key, len)))
            return i;
    }
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
    if (!slots)
        return -1;
    free(ks->slots);
    ks->slots = slots;
    ks->nslots = nslots;
    for (size_t i = 0; i < nslots; i++)
        slots[i] = -1;
    for (size_t i = 0; i < ks->n; i++)
        slots[find_slot(ks, ks->keys[i], ks->lens[i])] = (long)i;
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
    ks->slots[find_slot(ks, key, len)] = (long)ks->n++;
    return 0;
}

int key_set_has(const key_set *ks, const char *key, size_t len)
{
    return ks->nslots && ks->slots[find_slot(ks, key, len)] >= 0;
}

void key_set_free(key_set *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        free(ks->keys[i]);
    free(ks->keys);
    free(ks->lens);
    free(ks->slots);
    memset(ks, 0, sizeof *ks);
}
