/* Loading an ezafe model file and tagging sentences with it: the word-class tagger picks each
 * word's class (greedy, left to right), then each word's ezafe score, given the decision for the
 * word before, is the sum of its features' weights, and Viterbi takes the best sequence. */
#include "ezafe.h"
#include "tagger.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tagger weight rows are padded to 16 floats, so that adding a row vectorizes. */
_Static_assert(EZC_COUNT <= 16, "a tagger row holds every class");
#define TAG_STRIDE 16

struct feat_slot {
    uint64_t key;
    float weight;
};

/* Open-addressing tables, built at load time: a probe or two per feature instead of a binary
 * search over the file's sorted arrays. */
struct ezafe_model {
    struct feat_slot *feats; /* key and weight side by side: one cache miss per probe */
    size_t feat_mask;
    uint64_t *class_keys;
    unsigned char *class_values;
    size_t class_mask;
    uint64_t *tag_keys; /* the word-class tagger: EZC_COUNT weights per feature, in rows of
                           TAG_STRIDE floats (NULL: none) */
    float *tag_weights;
    size_t tag_mask;
};

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p) { return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

static float get_f32(const unsigned char *p)
{
    uint32_t bits = get_u32(p);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static size_t table_size(size_t entries)
{
    size_t cap = 16;
    while (cap < entries * 2)
        cap *= 2;
    return cap;
}

static size_t slot_of(const uint64_t *keys, size_t mask, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & mask;
    while (keys[i] && keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static size_t feat_slot_of(const ezafe_model *m, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & m->feat_mask;
    while (m->feats[i].key && m->feats[i].key != key)
        i = (i + 1) & m->feat_mask;
    return i;
}

static int read_file(const char *path, unsigned char **data, size_t *size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 1u << 20;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        snprintf(err, errlen, "%s: read error", path);
        return -1;
    }
    *data = buf;
    *size = len;
    return 0;
}

/* Checks the layout described in tagger.h; returns a reason, or NULL when the file is sound. */
static const char *check_layout(const unsigned char *d, size_t size, uint32_t *nclass, uint32_t *nfeat,
                                uint32_t *ntag)
{
    if (size < EZ_MODEL_HEADER + 8 || memcmp(d, EZ_MODEL_MAGIC, 8))
        return "not a Ravi ezafe model";
    uint32_t version = get_u32(d + 8);
    if (version != EZ_MODEL_VERSION && version != 1)
        return "unsupported model version";
    *nclass = get_u32(d + 12);
    *nfeat = get_u32(d + 16);
    *ntag = get_u32(d + 20);
    uint64_t expect = EZ_MODEL_HEADER + (uint64_t)*nclass * 9 + (uint64_t)*nfeat * 12 +
                      (uint64_t)*ntag * (8 + 4 * EZC_COUNT) + 8;
    if (expect != size)
        return "truncated or corrupt (size does not match its header)";
    if (get_u64(d + size - 8) != ez_hash(d, size - 8))
        return "corrupt (checksum mismatch)";
    return NULL;
}

static int fill_tables(ezafe_model *m, const unsigned char *d, uint32_t nclass, uint32_t nfeat, uint32_t ntag)
{
    m->class_mask = table_size(nclass) - 1;
    m->feat_mask = table_size(nfeat) - 1;
    m->class_keys = calloc(m->class_mask + 1, sizeof *m->class_keys);
    m->class_values = calloc(m->class_mask + 1, 1);
    m->feats = calloc(m->feat_mask + 1, sizeof *m->feats);
    if (!m->class_keys || !m->class_values || !m->feats)
        return -1;
    const unsigned char *keys = d + EZ_MODEL_HEADER, *values = keys + (size_t)nclass * 8;
    for (uint32_t k = 0; k < nclass; k++) {
        uint64_t key = get_u64(keys + (size_t)k * 8);
        size_t s = slot_of(m->class_keys, m->class_mask, key);
        m->class_keys[s] = key ? key : 1;
        m->class_values[s] = values[k] < EZC_COUNT ? values[k] : EZC_UNK;
    }
    keys = values + nclass;
    values = keys + (size_t)nfeat * 8;
    for (uint32_t k = 0; k < nfeat; k++) {
        uint64_t key = get_u64(keys + (size_t)k * 8);
        size_t s = feat_slot_of(m, key);
        m->feats[s].key = key ? key : 1;
        m->feats[s].weight = get_f32(values + (size_t)k * 4);
    }
    if (!ntag)
        return 0;
    keys = values + (size_t)nfeat * 4;
    values = keys + (size_t)ntag * 8;
    m->tag_mask = table_size(ntag) - 1;
    m->tag_keys = calloc(m->tag_mask + 1, sizeof *m->tag_keys);
    m->tag_weights = calloc((m->tag_mask + 1) * TAG_STRIDE, sizeof *m->tag_weights);
    if (!m->tag_keys || !m->tag_weights)
        return -1;
    for (uint32_t k = 0; k < ntag; k++) {
        uint64_t key = get_u64(keys + (size_t)k * 8);
        size_t s = slot_of(m->tag_keys, m->tag_mask, key);
        m->tag_keys[s] = key ? key : 1;
        for (size_t c = 0; c < EZC_COUNT; c++)
            m->tag_weights[s * TAG_STRIDE + c] = get_f32(values + ((size_t)k * EZC_COUNT + c) * 4);
    }
    return 0;
}

ezafe_model *ezafe_model_load(const char *path, char *err, size_t errlen)
{
    unsigned char *data;
    size_t size;
    if (read_file(path, &data, &size, err, errlen))
        return NULL;
    uint32_t nclass = 0, nfeat = 0, ntag = 0;
    const char *why = check_layout(data, size, &nclass, &nfeat, &ntag);
    if (why) {
        snprintf(err, errlen, "%s: %s", path, why);
        free(data);
        return NULL;
    }
    ezafe_model *m = calloc(1, sizeof *m);
    if (!m || fill_tables(m, data, nclass, nfeat, ntag)) {
        snprintf(err, errlen, "%s: out of memory", path);
        free(data);
        ezafe_model_free(m);
        return NULL;
    }
    free(data);
    return m;
}

void ezafe_model_free(ezafe_model *m)
{
    if (!m)
        return;
    free(m->feats);
    free(m->class_keys);
    free(m->class_values);
    free(m->tag_keys);
    free(m->tag_weights);
    free(m);
}

static unsigned char class_of(const ezafe_model *m, ez_word *w)
{
    if (w->cls != EZC_UNK)
        return w->cls;
    uint64_t keys[EZ_CLASS_KEYS];
    ez_class_keys(w, keys);
    for (int k = 0; k < EZ_CLASS_KEYS; k++) {
        size_t s = slot_of(m->class_keys, m->class_mask, keys[k]);
        if (m->class_keys[s]) {
            if (k == 0)
                w->shape |= EZS_KNOWN;
            return m->class_values[s];
        }
    }
    return EZC_UNK;
}

static float score(const ezafe_model *m, const uint64_t *feats, size_t nf)
{
    float sum = 0.0f;
    for (size_t k = 0; k < nf; k++) {
        size_t s = feat_slot_of(m, feats[k]);
        if (m->feats[s].key)
            sum += m->feats[s].weight;
    }
    return sum;
}

/* The word-class tagger: each word's class in context, greedy left to right (w[i].tag). */
static void tag_words(const ezafe_model *m, ez_word *w, size_t n)
{
    uint64_t feats[EZ_MAX_TAG_FEATURES];
    int t1 = EZC_COUNT, t2 = EZC_COUNT;
    for (size_t i = 0; i < n; i++) {
        if (m->tag_keys && !ez_tag_is_fixed(&w[i])) {
            float sum[TAG_STRIDE] = {0};
            size_t nf = ez_tag_features(w, n, i, t1, t2, feats);
            for (size_t k = 0; k < nf; k++) {
                size_t s = slot_of(m->tag_keys, m->tag_mask, feats[k]);
                if (m->tag_keys[s]) {
                    const float *row = m->tag_weights + s * TAG_STRIDE;
                    for (size_t c = 0; c < TAG_STRIDE; c++)
                        sum[c] += row[c];
                }
            }
            int best = 1;
            for (int c = 2; c < EZC_COUNT; c++)
                if (sum[c] > sum[best])
                    best = c;
            w[i].tag = (unsigned char)best;
        } else {
            w[i].tag = w[i].cls;
        }
        t2 = t1;
        t1 = w[i].tag;
    }
}

/* Sentences up to this length are tagged without touching the heap. */
#define STACK_WORDS 64

/* Tags the words of one sentence (w already folded and classed) into out; fixed, score1 and back
 * are scratch space of n, 2n and 2n entries. */
static void decode(const ezafe_model *m, const ez_word *w, const unsigned char *forced, size_t n,
                   unsigned char *fixed, double *score1, unsigned char *back, unsigned char *out)
{
    uint64_t feats[EZ_MAX_FEATURES];
    for (size_t i = 0; i < n; i++) {
        fixed[i] = (unsigned char)(forced && forced[i] ? forced[i] : ez_rule_decision(w, n, i));
        if (fixed[i]) {
            score1[2 * i] = score1[2 * i + 1] = 0.0;
            continue;
        }
        float base = score(m, feats, ez_features_static(w, n, i, feats));
        for (int prev = 0; prev < 2; prev++)
            score1[2 * i + (size_t)prev] = (double)(base + score(m, feats, ez_features_history(w, n, i, prev, feats)));
    }
    ez_viterbi(n, fixed, score1, back, out);
}

void ezafe_model_predict(const ezafe_model *m, const char *const *words, const unsigned char *forced,
                         size_t n, unsigned char *out)
{
    ez_word stack_words[STACK_WORDS];
    double stack_scores[2 * STACK_WORDS] = {0};
    unsigned char stack_fixed[STACK_WORDS] = {0}, stack_back[2 * STACK_WORDS];
    int small = n <= STACK_WORDS;
    ez_word *w = small ? stack_words : malloc(n * sizeof *w);
    double *score1 = small ? stack_scores : malloc(2 * n * sizeof *score1);
    unsigned char *fixed = small ? stack_fixed : malloc(n), *back = small ? stack_back : malloc(2 * n);
    if (!w || !score1 || !fixed || !back) { /* out of memory: keep only what the caller already knows */
        for (size_t i = 0; i < n; i++)
            out[i] = forced && forced[i] == 1;
    } else {
        for (size_t i = 0; i < n; i++) {
            ez_word_fold(words[i], &w[i]);
            w[i].cls = class_of(m, &w[i]);
        }
        tag_words(m, w, n);
        decode(m, w, forced, n, fixed, score1, back, out);
    }
    if (!small) {
        free(w);
        free(score1);
        free(fixed);
        free(back);
    }
}
