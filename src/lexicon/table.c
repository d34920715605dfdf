/* The lexicon's storage: entries in an array, a hash table from keys to the winning entry, and
 * the chain of entries each one overrides. */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

int lexicon_init(lexicon *lex)
{
    memset(lex, 0, sizeof *lex);
    lex_key_init(&lex->scratch);
    lex->show_ezafe = 1;
    return key_builder_init(&lex->kb);
}

static void entry_free(lex_entry *e)
{
    free(e->key);
    free(e->exact);
    free(e->written);
    free(e->pron);
}

void lexicon_free(lexicon *lex)
{
    for (size_t i = 0; i < lex->n; i++)
        entry_free(&lex->entries[i]);
    free(lex->entries);
    free(lex->slots);
    for (size_t i = 0; i < lex->nfiles; i++)
        free(lex->files[i]);
    free(lex->files);
    key_builder_free(&lex->kb);
    lex_key_free(&lex->scratch);
    key_set_free(&lex->prefixes);
    key_set_free(&lex->digit_prefixes);
    key_set_free(&lex->first_pieces);
    memset(lex, 0, sizeof *lex);
}

int lexicon_use_espeak_phonemes(lexicon *lex, const char *espeak_data_dir, const char **why)
{
    lex->check_phonemes = phoneme_set_load(&lex->phonemes, espeak_data_dir, PHONEME_TABLE_FA, why) == 0;
    return lex->check_phonemes ? 0 : -1;
}

const char *lexicon_file_name(const lexicon *lex, unsigned file)
{
    return file < lex->nfiles ? lex->files[file] : "?";
}

/* The slot holding `key`, or the empty slot where it would go. */
static size_t find_slot(const lexicon *lex, const char *key, size_t len)
{
    size_t mask = lex->nslots - 1;
    for (size_t i = (size_t)lex_hash(key, len) & mask;; i = (i + 1) & mask) {
        long at = lex->slots[i];
        if (at < 0)
            return i;
        const lex_entry *e = &lex->entries[at];
        if (e->keylen == len && !memcmp(e->key, key, len))
            return i;
    }
}

static int rehash(lexicon *lex, size_t nslots)
{
    long *slots = malloc(nslots * sizeof *slots);
    if (!slots)
        return -1;
    long *old = lex->slots;
    size_t nold = lex->nslots;
    lex->slots = slots;
    lex->nslots = nslots;
    for (size_t i = 0; i < nslots; i++)
        slots[i] = -1;
    for (size_t i = 0; i < nold; i++)
        if (old[i] >= 0) {
            const lex_entry *e = &lex->entries[old[i]];
            slots[find_slot(lex, e->key, e->keylen)] = old[i];
        }
    free(old);
    return 0;
}

/* Room for one more entry and its slot. */
static int reserve_entry(lexicon *lex)
{
    if (lex->n == lex->cap) {
        size_t cap = lex->cap ? lex->cap * 2 : 256;
        lex_entry *e = realloc(lex->entries, cap * sizeof *e);
        if (!e)
            return -1;
        lex->entries = e;
        lex->cap = cap;
    }
    if ((lex->n + 1) * 2 > lex->nslots)
        return rehash(lex, lex->nslots ? lex->nslots * 2 : 512);
    return 0;
}

static int same_form(const lex_entry *a, const lex_entry *b)
{
    if (!a->exact || !b->exact)
        return !a->exact && !b->exact;
    return !strcmp(a->exact, b->exact);
}

static int same_pron(const lex_entry *a, const lex_entry *b)
{
    return a->is_phonemes == b->is_phonemes && !strcmp(a->pron, b->pron);
}

/* The entry of the same written form already loaded, or NULL. */
static const lex_entry *earlier_form(const lexicon *lex, long head, const lex_entry *e)
{
    for (long at = head; at >= 0; at = lex->entries[at].next)
        if (same_form(&lex->entries[at], e))
            return &lex->entries[at];
    return NULL;
}

/* Every piece-prefix of a multi-word key («الهام» of «الهام علی اف»): a match may go on past it. */
static int add_prefixes(lexicon *lex, const lex_entry *e)
{
    const char *space = memchr(e->key, ' ', e->keylen);
    if (key_set_add(&lex->first_pieces, e->key, space ? (size_t)(space - e->key) : e->keylen))
        return -1;
    for (size_t i = 0; i < e->keylen; i++)
        if (e->key[i] == ' ' && key_set_add(&lex->prefixes, e->key, i))
            return -1;
    /* forms with digits are matched unit by unit over most of a number-heavy text: knowing
     * every prefix lets that search stop at the first unit that starts no such form, and the
     * first byte turns most units away before any lookup */
    if (e->has_digits) {
        unsigned char first = (unsigned char)e->key[0];
        lex->digit_first_bytes[first / 64] |= (uint64_t)1 << (first % 64);
    }
    for (size_t i = 1; e->has_digits && i <= e->keylen; i++)
        if ((i == e->keylen || ((unsigned char)e->key[i] & 0xC0) != 0x80) &&
            key_set_add(&lex->digit_prefixes, e->key, i))
            return -1;
    return 0;
}

int lexicon_insert(lexicon *lex, lex_entry *e, const lex_entry **clash)
{
    *clash = NULL;
    if (lex->start_memo_used) { /* a new entry may start where none did */
        memset(lex->start_memo, 0, sizeof lex->start_memo);
        lex->start_memo_used = 0;
    }
    if (reserve_entry(lex))
        return -1;
    size_t slot = find_slot(lex, e->key, e->keylen);
    long head = lex->slots[slot];
    const lex_entry *old = earlier_form(lex, head, e);
    if (old && old->file == e->file) {
        *clash = old;
        return same_pron(old, e) ? 1 : 2; /* 1: a harmless repeat, 2: a disagreeing duplicate */
    }
    if (old && !same_pron(old, e))
        *clash = old;
    if (add_prefixes(lex, e))
        return -1;
    e->next = head;
    lex->entries[lex->n] = *e;
    lex->slots[slot] = (long)lex->n++;
    return 0;
}

const lex_entry *lexicon_find_span(const lexicon *lex, const char *key, size_t keylen,
                                   const char *exact, size_t exactlen)
{
    if (!lex->nslots || !keylen)
        return NULL;
    long at = lex->slots[find_slot(lex, key, keylen)];
    for (; at >= 0; at = lex->entries[at].next) {
        const lex_entry *e = &lex->entries[at];
        if (!e->exact || (strlen(e->exact) == exactlen && !memcmp(e->exact, exact, exactlen)))
            return e;
    }
    return NULL;
}

const lex_entry *lexicon_find_caseless(const lexicon *lex, const char *key, size_t keylen)
{
    if (!lex->nslots || !keylen)
        return NULL;
    long at = lex->slots[find_slot(lex, key, keylen)];
    return at >= 0 ? &lex->entries[at] : NULL;
}

int lexicon_can_extend_digits(const lexicon *lex, const char *key, size_t keylen)
{
    return key_set_has(&lex->digit_prefixes, key, keylen);
}

int lexicon_can_extend(const lexicon *lex, const char *key, size_t keylen)
{
    return key_set_has(&lex->prefixes, key, keylen);
}

/* A key's head longer than this is looked up the slow way: written forms are rarely so long. */
#define HEAD_BYTES 128

static int may_start_uncached(const lexicon *lex, const char *text, size_t n)
{
    char buf[HEAD_BYTES];
    const char *head;
    size_t len = lex_key_head(text, n, SIZE_MAX, buf, sizeof buf, &head);
    /* a text with no key characters lets the next token's start the key */
    return len == 0 || len == LEX_KEY_HEAD_TOO_LONG || key_set_has(&lex->first_pieces, head, len);
}

int lexicon_may_start(lexicon *lex, const char *text, size_t n)
{
    if (n == 0 || n > START_MEMO_TEXT)
        return may_start_uncached(lex, text, n);
    start_memo_slot *m = &lex->start_memo[lex_hash(text, n) & (START_MEMO_SLOTS - 1)];
    if (m->len == n && !memcmp(m->text, text, n))
        return m->may_start;
    m->len = (unsigned char)n;
    memcpy(m->text, text, n);
    m->may_start = (unsigned char)may_start_uncached(lex, text, n);
    lex->start_memo_used = 1;
    return m->may_start;
}

int lexicon_may_start_digits(const lexicon *lex, const char *text, size_t n)
{
    int first = lex_key_first_byte(text, n);
    if (first < 0)
        return 1; /* a text with no key characters lets the next unit's start the key */
    if (!(lex->digit_first_bytes[first / 64] >> (first % 64) & 1))
        return 0;
    char buf[HEAD_BYTES];
    const char *head;
    size_t len = lex_key_head(text, n, 1, buf, sizeof buf, &head);
    return len == 0 || len == LEX_KEY_HEAD_TOO_LONG || key_set_has(&lex->digit_prefixes, head, len);
}

const lex_entry *lexicon_find(const lexicon *lex, const lex_key *k)
{
    return lexicon_find_span(lex, k->key.s, k->key.len, k->exact.s, k->exact.len);
}

const lex_entry *lexicon_lookup(lexicon *lex, const char *written)
{
    const char *why;
    if (key_from_written(&lex->kb, written, &lex->scratch, &why))
        return NULL;
    return lexicon_find(lex, &lex->scratch);
}
