#include "context.h"
#include "../ezafe/tagger.h"
#include "../lexicon/keyset.h"

#include <stdlib.h>
#include <string.h>

#define KASRA "\xd9\x90"

void hg_context_init(hg_context *c)
{
    memset(c, 0, sizeof *c);
    lex_key_init(&c->scratch);
}

void hg_context_free(hg_context *c)
{
    free(c->words);
    free(c->key_off);
    free(c->at);
    free(c->bare_off);
    sb_free(&c->bare);
    free(c->texts);
    free(c->piece_at);
    free(c->piece_n);
    free(c->pieces);
    free(c->window);
    free(c->window_tags);
    sb_free(&c->piece_text);
    free(c->known);
    sb_free(&c->keys);
    lex_key_free(&c->scratch);
    hg_context_init(c);
}

static int reserve(hg_context *c, size_t n)
{
    if (n <= c->cap)
        return 0;
    const grow_array arrays[] = {GROW_ARRAY(c->words), GROW_ARRAY(c->key_off), GROW_ARRAY(c->at),
                                 GROW_ARRAY(c->bare_off), GROW_ARRAY(c->texts), GROW_ARRAY(c->piece_at),
                                 GROW_ARRAY(c->piece_n)};
    return grow_arrays(arrays, sizeof arrays / sizeof *arrays, n, &c->cap, 64);
}

/* Marks that end a sentence: a word before one of them ends it. */
static int is_final_mark(const char *text)
{
    static const char *const marks[] = {".", "!", "?", "؟", "…", "...", "!?", "؟!"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (!strcmp(text, marks[i]))
            return 1;
    return 0;
}

static unsigned char kind_of(const token *t)
{
    switch (t->kind) {
    case TOK_WORD: return HGW_WORD;
    case TOK_NUMBER: case TOK_NUM_CONJ: return HGW_NUMBER;
    case TOK_PUNCT: return is_final_mark(t->text) ? HGW_END : HGW_PUNCT;
    default: return HGW_PUNCT;
    }
}

/* Most words of a text come again and again: what the context reads of a word's text alone (its
 * key, the stem in it, whether the tagger's closed classes hold it) is kept for the word types
 * seen last, a slot per hash. Longer words are read every time. */
#define HG_KNOWN_WORDS 2048
#define HG_KNOWN_TEXT 48
#define HG_KNOWN_KEY 56
struct hg_known_word {
    unsigned char text_len, key_len, stem_off, stem_len; /* text_len 0: an empty slot */
    unsigned char closed;                                /* a closed-class word: no content */
    char text[HG_KNOWN_TEXT], key[HG_KNOWN_KEY];
};

static int is_closed(const char *key)
{
    return (ez_closed_class_of(key) & (EZW_NEVER | EZW_CLOSER | EZW_CARDINAL)) != 0;
}

/* Appends the key of t's text (with its NUL) to c->keys, and sets w's key length, stem and
 * content (the closed classes the tagger knows, prepositions, conjunctions ..., are no content)
 * but for its key pointer, which keys may still move. */
static int read_key(hg_context *c, const token *t, size_t key_off, hg_word *w)
{
    hg_known_word *slot = NULL;
    if (t->len && t->len <= HG_KNOWN_TEXT) {
        if (!c->known && !(c->known = calloc(HG_KNOWN_WORDS, sizeof *c->known)))
            return -1;
        slot = &c->known[lex_hash(t->text, t->len) & (HG_KNOWN_WORDS - 1)];
        if (slot->text_len == t->len && !memcmp(slot->text, t->text, t->len)) {
            w->keylen = slot->key_len;
            w->stem_off = slot->stem_off;
            w->stem_len = slot->stem_len;
            w->content = w->kind == HGW_WORD && w->keylen > 2 && !slot->closed;
            return sb_append(&c->keys, slot->key, slot->key_len) || sb_putc(&c->keys, '\0') ? -1 : 0;
        }
    }
    lex_key_reset(&c->scratch);
    if (lex_key_append_text(&c->scratch, t->text, t->len))
        return -1;
    const char *key = c->scratch.key.s ? c->scratch.key.s : "";
    w->keylen = c->scratch.key.len;
    if (sb_append(&c->keys, key, w->keylen + 1)) /* with its NUL */
        return -1;
    key = c->keys.s + key_off;
    hg_stem(key, w->keylen, &w->stem_off, &w->stem_len);
    int closed = w->keylen > 2 && is_closed(key);
    w->content = w->kind == HGW_WORD && w->keylen > 2 && !closed;
    if (slot && w->keylen < HG_KNOWN_KEY) {
        slot->text_len = (unsigned char)t->len;
        memcpy(slot->text, t->text, t->len);
        slot->key_len = (unsigned char)w->keylen;
        memcpy(slot->key, key, w->keylen);
        slot->stem_off = (unsigned char)w->stem_off;
        slot->stem_len = (unsigned char)w->stem_len;
        slot->closed = (unsigned char)closed;
    } else if (slot) {
        slot->text_len = 0; /* a key too long to keep: the slot's word is gone anyway */
    }
    return 0;
}

int hg_context_read(hg_context *c, const sentence *s)
{
    if (reserve(c, s->n ? s->n : 1))
        return -1;
    sb_reset(&c->keys);
    sb_reset(&c->bare);
    c->n = c->npieces = 0;
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        if (token_opens(t) || token_closes(t)) { /* quotes and brackets: not said, no clause mark */
            c->at[i] = HG_NO_WORD;
            continue;
        }
        size_t k = c->at[i] = c->n++;
        hg_word *w = &c->words[k];
        w->kind = kind_of(t);
        w->cls = w->tag = EZC_UNK;
        c->key_off[k] = c->keys.len;
        if (read_key(c, t, c->key_off[k], w))
            return -1;
        /* a written ezafe's kasra (which the lexicon writes only when the ezafe stage runs) must
         * not change the tags */
        size_t len = strlen(t->text);
        if (len >= 2 && !memcmp(t->text + len - 2, KASRA, 2))
            len -= 2;
        c->bare_off[k] = c->bare.len;
        c->piece_n[k] = 0;
        if (sb_append(&c->bare, t->text, len) || sb_putc(&c->bare, '\0'))
            return -1;
    }
    for (size_t k = 0; k < c->n; k++) /* bare stays put from here on */
        c->texts[k] = c->bare.s + c->bare_off[k];
    for (size_t i = 0; i < c->n; i++) /* keys stay put from here on */
        c->words[i].key = c->keys.s ? c->keys.s + c->key_off[i] : "";
    return 0;
}

/* Room for n ez_words at *p (capacity *cap). */
static int reserve_words(ez_word **p, size_t *cap, size_t n)
{
    if (n <= *cap)
        return 0;
    size_t want = *cap ? *cap : 32;
    while (want < n)
        want *= 2;
    ez_word *w = realloc(*p, want * sizeof *w);
    if (!w)
        return -1;
    *p = w;
    *cap = want;
    return 0;
}

/* Word k's pieces, folded and classed by the tagger, unless they already are. */
static int fold_word(hg_context *c, const ezafe_model *tagger, size_t k)
{
    if (c->piece_n[k])
        return 0;
    const char *text = c->texts[k];
    size_t len = strlen(text), off[EZ_MAX_PIECES], plen[EZ_MAX_PIECES];
    size_t n = ez_model_pieces(tagger, text, len, off, plen);
    if (reserve_words(&c->pieces, &c->pieces_cap, c->npieces + n))
        return -1;
    for (size_t j = 0; j < n; j++) {
        const char *piece = text;
        if (n > 1) { /* a piece of its own, NUL-terminated */
            sb_reset(&c->piece_text);
            if (sb_append(&c->piece_text, text + off[j], plen[j]) || sb_putc(&c->piece_text, '\0'))
                return -1;
            piece = c->piece_text.s;
        }
        ez_model_fold(tagger, piece, &c->pieces[c->npieces + j]);
    }
    c->piece_at[k] = c->npieces;
    c->piece_n[k] = (unsigned char)n;
    c->npieces += n;
    return 0;
}

/* The pieces of words lo..hi-1 side by side in c->window, as the tagger reads them. Returns how
 * many, or -1 when out of memory. */
static long gather_window(hg_context *c, const ezafe_model *tagger, size_t lo, size_t hi)
{
    size_t n = 0;
    for (size_t j = lo; j < hi; j++) {
        if (fold_word(c, tagger, j))
            return -1;
        n += c->piece_n[j];
    }
    if (reserve_words(&c->window, &c->window_cap, n))
        return -1;
    if (c->window_tags_cap < c->window_cap) {
        unsigned char *tags = realloc(c->window_tags, c->window_cap);
        if (!tags)
            return -1;
        c->window_tags = tags;
        c->window_tags_cap = c->window_cap;
    }
    size_t at = 0;
    for (size_t j = lo; j < hi; j++) {
        memcpy(c->window + at, c->pieces + c->piece_at[j], c->piece_n[j] * sizeof *c->window);
        at += c->piece_n[j];
    }
    return (long)n;
}

void hg_context_tag_near(hg_context *c, const ezafe_model *tagger, size_t i)
{
    size_t lo = i > HG_TAG_BEFORE ? i - HG_TAG_BEFORE : 0;
    size_t hi = i + HG_TAG_AFTER + 1 < c->n ? i + HG_TAG_AFTER + 1 : c->n;
    long n = gather_window(c, tagger, lo, hi);
    if (n >= 0)
        ez_model_tag(tagger, c->window, (size_t)n, c->window_tags);
    /* a word is what its last piece is (a joined «می‌شود» the verb, not «می») */
    size_t last = 0;
    for (size_t j = lo; j < hi; j++) {
        if (n < 0) { /* EZC_UNK, should the tagger run out of memory */
            c->words[j].cls = c->words[j].tag = EZC_UNK;
            continue;
        }
        last += c->piece_n[j];
        c->words[j].cls = c->window[last - 1].cls;
        c->words[j].tag = c->window_tags[last - 1];
    }
}
