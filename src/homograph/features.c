#include "features.h"
#include "../ezafe/tagger.h"
#include "../lexicon/keyset.h"

#include <string.h>

/* ---- stems ------------------------------------------------------------------------------------- */

/* Whole pieces (after a ZWNJ, which keys write as a space) that are suffixes, and endings cut
 * from a word written without one. Persian writes both «کشتی‌ها» and «کشتیها». */
static const char *const suffix_pieces[] = {
    "ها", "های", "هایی", "هایش", "هایشان", "ای", "ی", "ام", "ات", "اش", "مان", "تان", "شان",
    "تر", "ترین", "اند", "ایم", "اید", "است",
};
static const char *const joined_suffixes[] = {"هایی", "های", "ها", "ترین", "تر"};
static const char *const prefix_pieces[] = {"می", "نمی"};

#define MIN_STEM 4 /* bytes: two Persian letters */

static int is_one_of(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && !memcmp(s, list[i], n))
            return 1;
    return 0;
}

void hg_stem(const char *key, size_t len, size_t *off, size_t *stem_len)
{
    size_t start = 0, end = len;
    const char *sp = memchr(key, ' ', len);
    if (sp && is_one_of(key, (size_t)(sp - key), prefix_pieces, 2))
        start = (size_t)(sp - key) + 1;
    /* trailing pieces, at most two («کشتی های» + «شان» does not happen written apart twice) */
    for (int round = 0; round < 2; round++) {
        size_t k = end;
        while (k > start && key[k - 1] != ' ')
            k--;
        if (k <= start || !is_one_of(key + k, end - k, suffix_pieces, sizeof suffix_pieces / sizeof *suffix_pieces))
            break;
        end = k - 1;
    }
    for (size_t i = 0; i < sizeof joined_suffixes / sizeof *joined_suffixes; i++) {
        size_t n = strlen(joined_suffixes[i]);
        if (end - start >= n + MIN_STEM && !memcmp(key + end - n, joined_suffixes[i], n)) {
            end -= n;
            break;
        }
    }
    *off = start;
    *stem_len = end - start;
}

/* ---- features ---------------------------------------------------------------------------------- */

enum template_id {
    F_BIAS = 1, F_P1, F_P2, F_N1, F_N2, F_P1_STEM, F_N1_STEM, F_P1_END, F_N1_END, F_N1_START,
    F_P1_START, F_P2_P1, F_P1_N1, F_TAG0, F_CLS0, F_TAG_P1, F_TAG_N1, F_TAG_P1_N1, F_TAG0_N1,
    F_FINAL, F_N1_KIND, F_BAG, F_BAG_LEFT, F_BAG_RIGHT, F_N2_STEM, F_P2_STEM, F_OWN_PREFIX, F_OWN_SUFFIX,
    S_BIAS = 64, S_P1, S_N1, S_P2, S_P1_END, S_N1_START, S_N1_END, S_TAG_P1, S_TAG_N1, S_TAG_P1_N1,
    S_N1_KIND, S_TAG0, S_OWN_PREFIX, S_OWN_SUFFIX, SH_END1 = 96, SH_END2, SH_END3, SH_VOWELS, SH_FIRST_VOWEL, SH_CLASS,
};

#define BAG_REACH 30 /* content words this far either side, within the clause */

typedef struct feature_list {
    uint64_t *f;
    size_t n;
} feature_list;

static void emit(feature_list *fl, uint64_t h)
{
    if (fl->n < HG_MAX_FEATURES)
        fl->f[fl->n++] = h ? h : 1;
}

/* The hash of a template with up to two strings. */
static uint64_t hash_of(unsigned id, const char *a, size_t alen, const char *b, size_t blen)
{
    char buf[256];
    size_t n = 0;
    buf[n++] = (char)id;
    if (alen > 120)
        alen = 120;
    if (blen > 120)
        blen = 120;
    memcpy(buf + n, a, alen);
    n += alen;
    buf[n++] = '\x01';
    memcpy(buf + n, b, blen);
    n += blen;
    return lex_hash(buf, n);
}

static const hg_word bos = {"<s>", 3, 0, 3, EZC_COUNT, EZC_COUNT, HGW_END, 0};
static const hg_word eos = {"</s>", 4, 0, 4, EZC_COUNT + 1, EZC_COUNT + 1, HGW_END, 0};

static const hg_word *at(const hg_word *w, size_t n, size_t i, long d)
{
    long j = (long)i + d;
    if (j < 0)
        return &bos;
    if ((size_t)j >= n)
        return &eos;
    return &w[j];
}

/* What a neighbour's spelling says: numbers as one class, everything else as keyed. */
static void form_of(const hg_word *x, const char **s, size_t *len)
{
    if (x->kind == HGW_NUMBER) {
        *s = "<num>";
        *len = 5;
    } else {
        *s = x->key;
        *len = x->keylen;
    }
}

/* The last (or first) two letters of a word: its ending (or prefix), «ها», «ان», «می». */
static size_t utf8_tail(const char *s, size_t len, int chars)
{
    size_t k = len;
    while (k > 0 && chars > 0) {
        k--;
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            chars--;
    }
    return k;
}

static size_t utf8_head(const char *s, size_t len, int chars)
{
    size_t k = 0;
    for (; k < len && chars > 0; chars--) {
        k++;
        while (k < len && ((unsigned char)s[k] & 0xC0) == 0x80)
            k++;
    }
    return k;
}

static void word_features(feature_list *fl, unsigned id, const hg_word *x)
{
    const char *s;
    size_t len;
    form_of(x, &s, &len);
    emit(fl, hash_of(id, s, len, "", 0));
}

static void stem_features(feature_list *fl, unsigned id, const hg_word *x)
{
    if (x->kind == HGW_WORD && x->stem_len != x->keylen)
        emit(fl, hash_of(id, x->key + x->stem_off, x->stem_len, "", 0));
}

static void affix_features(feature_list *fl, const hg_word *p1, const hg_word *n1)
{
    if (p1->kind == HGW_WORD && p1->keylen > 4) {
        size_t t = utf8_tail(p1->key, p1->keylen, 2);
        emit(fl, hash_of(F_P1_END, p1->key + t, p1->keylen - t, "", 0));
        emit(fl, hash_of(F_P1_START, p1->key, utf8_head(p1->key, p1->keylen, 2), "", 0));
    }
    if (n1->kind == HGW_WORD && n1->keylen > 4) {
        size_t t = utf8_tail(n1->key, n1->keylen, 2);
        emit(fl, hash_of(F_N1_END, n1->key + t, n1->keylen - t, "", 0));
        emit(fl, hash_of(F_N1_START, n1->key, utf8_head(n1->key, n1->keylen, 2), "", 0));
    }
}

static void pair_features(feature_list *fl, const hg_word *p2, const hg_word *p1, const hg_word *n1)
{
    const char *a, *b;
    size_t al, bl;
    form_of(p2, &a, &al);
    form_of(p1, &b, &bl);
    emit(fl, hash_of(F_P2_P1, a, al, b, bl));
    form_of(n1, &a, &al);
    emit(fl, hash_of(F_P1_N1, b, bl, a, al));
}

static void class_features(feature_list *fl, const hg_word *w0, const hg_word *p1, const hg_word *n1)
{
    char t[3] = {(char)(w0->tag + 1), (char)(p1->tag + 1), (char)(n1->tag + 1)};
    char c = (char)(w0->cls + 1);
    emit(fl, hash_of(F_TAG0, t, 1, "", 0));
    emit(fl, hash_of(F_CLS0, &c, 1, "", 0));
    emit(fl, hash_of(F_TAG_P1, t + 1, 1, "", 0));
    emit(fl, hash_of(F_TAG_N1, t + 2, 1, "", 0));
    emit(fl, hash_of(F_TAG_P1_N1, t + 1, 2, "", 0));
    char t0n1[2] = {t[0], t[2]};
    emit(fl, hash_of(F_TAG0_N1, t0n1, 2, "", 0));
}

/* The stems of the content words of the clause around w[i], each once, left and right apart. */
static void bag_features(feature_list *fl, const hg_word *w, size_t n, size_t i)
{
    size_t lo = i, hi = i;
    while (lo > 0 && i - lo < BAG_REACH && w[lo - 1].kind != HGW_END)
        lo--;
    while (hi + 1 < n && hi - i < BAG_REACH && w[hi + 1].kind != HGW_END)
        hi++;
    for (size_t j = lo; j <= hi; j++) {
        if (j == i || !w[j].content)
            continue;
        const char *s = w[j].key + w[j].stem_off;
        size_t len = w[j].stem_len;
        emit(fl, hash_of(F_BAG, s, len, "", 0));
    }
}

static const char *piece(const char *s) { return s ? s : ""; }

size_t hg_features(const hg_word *w, size_t n, size_t i, const hg_own_affixes *own, uint64_t *feats)
{
    feature_list fl = {feats, 0};
    const hg_word *p2 = at(w, n, i, -2), *p1 = at(w, n, i, -1), *n1 = at(w, n, i, 1),
                  *n2 = at(w, n, i, 2);
    emit(&fl, hash_of(F_BIAS, "", 0, "", 0));
    word_features(&fl, F_P1, p1);
    word_features(&fl, F_P2, p2);
    word_features(&fl, F_N1, n1);
    word_features(&fl, F_N2, n2);
    stem_features(&fl, F_P1_STEM, p1);
    stem_features(&fl, F_N1_STEM, n1);
    stem_features(&fl, F_P2_STEM, p2);
    stem_features(&fl, F_N2_STEM, n2);
    affix_features(&fl, p1, n1);
    pair_features(&fl, p2, p1, n1);
    class_features(&fl, &w[i], p1, n1);
    char k = (char)('0' + n1->kind);
    emit(&fl, hash_of(F_N1_KIND, &k, 1, "", 0));
    if (n1->kind == HGW_END)
        emit(&fl, hash_of(F_FINAL, "", 0, "", 0));
    if (own && own->prefix)
        emit(&fl, hash_of(F_OWN_PREFIX, own->prefix, strlen(own->prefix), piece(own->suffix), strlen(piece(own->suffix))));
    if (own && own->suffix)
        emit(&fl, hash_of(F_OWN_SUFFIX, own->suffix, strlen(own->suffix), "", 0));
    bag_features(&fl, w, n, i);
    return fl.n;
}

uint64_t hg_feature_key(uint64_t word_hash, uint64_t feature)
{
    uint64_t h = (feature ^ (word_hash * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    return h ? h : 1;
}

/* ---- shared features and sense shapes ---------------------------------------------------------- */

static size_t emit_capped(uint64_t *out, size_t n, size_t cap, uint64_t h)
{
    if (n < cap)
        out[n++] = h ? h : 1;
    return n;
}

size_t hg_shared_features(const hg_word *w, size_t n, size_t i, const hg_own_affixes *own, uint64_t *feats)
{
    const hg_word *p2 = at(w, n, i, -2), *p1 = at(w, n, i, -1), *n1 = at(w, n, i, 1);
    size_t k = 0;
    const char *s;
    size_t len;
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_BIAS, "", 0, "", 0));
    form_of(p1, &s, &len);
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_P1, s, len, "", 0));
    form_of(p2, &s, &len);
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_P2, s, len, "", 0));
    form_of(n1, &s, &len);
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_N1, s, len, "", 0));
    if (p1->kind == HGW_WORD && p1->keylen > 4) {
        size_t t = utf8_tail(p1->key, p1->keylen, 2);
        k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_P1_END, p1->key + t, p1->keylen - t, "", 0));
    }
    if (n1->kind == HGW_WORD && n1->keylen > 4) {
        size_t t = utf8_tail(n1->key, n1->keylen, 2);
        k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_N1_END, n1->key + t, n1->keylen - t, "", 0));
        k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_N1_START, n1->key, utf8_head(n1->key, n1->keylen, 2), "", 0));
    }
    char t[3] = {(char)(w[i].tag + 1), (char)(p1->tag + 1), (char)(n1->tag + 1)};
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_TAG0, t, 1, "", 0));
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_TAG_P1, t + 1, 1, "", 0));
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_TAG_N1, t + 2, 1, "", 0));
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_TAG_P1_N1, t + 1, 2, "", 0));
    char kind = (char)('0' + n1->kind);
    k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_N1_KIND, &kind, 1, "", 0));
    /* «می» or «ب» before a verb, «ها» after a noun: what the word's own affixes say of its sense */
    if (own && own->prefix)
        k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_OWN_PREFIX, own->prefix, strlen(own->prefix), "", 0));
    if (own && own->suffix)
        k = emit_capped(feats, k, HG_MAX_SHARED, hash_of(S_OWN_SUFFIX, own->suffix, strlen(own->suffix), "", 0));
    return k;
}

/* The skeleton of a sense's phonemes: its letters without stress marks, ':' or digits, tS / dZ
 * as one letter each. */
static size_t phoneme_skeleton(const char *ph, char *out, size_t cap)
{
    size_t n = 0;
    while (*ph && n + 1 < cap) {
        if (!strncmp(ph, "tS", 2) || !strncmp(ph, "dZ", 2)) {
            out[n++] = ph[0] == 't' ? 'C' : 'J';
            ph += 2;
            continue;
        }
        char c = *ph++;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '?')
            out[n++] = c;
    }
    out[n] = '\0';
    return n;
}

size_t hg_sense_shapes(const char *phonemes, const char *upos, uint64_t *shapes)
{
    char sk[64];
    size_t n = phoneme_skeleton(phonemes, sk, sizeof sk), k = 0, vowels = 0;
    char first = 0;
    for (size_t i = 0; i < n; i++)
        if (strchr("aeiouA", sk[i])) {
            vowels++;
            if (!first)
                first = sk[i];
        }
    for (size_t e = 1; e <= 3 && e <= n; e++)
        shapes[k++] = hash_of(SH_END1 + (unsigned)e - 1, sk + n - e, e, "", 0);
    char v = (char)('0' + (vowels > 4 ? 4 : vowels));
    shapes[k++] = hash_of(SH_VOWELS, &v, 1, "", 0);
    shapes[k++] = hash_of(SH_FIRST_VOWEL, &first, first ? 1 : 0, "", 0);
    for (const char *p = upos; p && *p && k < HG_MAX_SHAPES;) {
        size_t len = strcspn(p, " ");
        if (len)
            shapes[k++] = hash_of(SH_CLASS, p, len, "", 0);
        p += len + (p[len] == ' ');
    }
    return k;
}

uint64_t hg_shared_key(uint64_t feature, uint64_t shape)
{
    return hg_feature_key(0x5A4EDull, feature * 0xD6E8FEB86659FD93ull ^ shape);
}
