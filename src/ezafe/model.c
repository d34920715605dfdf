/* Loading an ezafe model file and tagging sentences with it: the word-class tagger picks each
 * word's class (greedy, left to right), then each word's ezafe score, given the decision for the
 * word before, is the sum of its features' weights, and Viterbi takes the best sequence.
 *
 * Speed. The file is mapped and used where it lies (layout in tagger.h): loading is checking it.
 * Tagging adds up the same features as training (tagger.c), but not one by one: a word type's
 * folded form, classes and the sums of the features that read only its own spelling (as the word,
 * as the word before, as the next word ...) are computed once and kept in a cache of recent word
 * types, and the features that read only word classes are summed into small dense tables (at
 * load time, or as class triples are first met). A token then costs a cache probe and, when the
 * model is asked about it, a few lookups of the features that pair two spellings; and tags and
 * scores of contexts met recently are memoised. ez_model_predict_reference is the plain way,
 * kept to test that both agree. */
#include "ezafe.h"
#include "tagger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(EZC_COUNT <= EZ_TAG_STRIDE, "a tagger row holds every class");
_Static_assert(EZ_TAGS <= 32, "tags are bytes, and bits of a word type's masks");
_Static_assert(EZC_COUNT <= 16, "a word-class entry holds two classes of four bits");

/* ---- the word-type cache ---------------------------------------------------------------- */

/* A news article uses one or two thousand word types; a long document a few thousand. The cache
 * is set-associative, so that two common words whose hashes meet do not keep evicting each
 * other, and the slot of a set used longest ago is refilled. */
#define CACHE_WAYS 4
#define CACHE_SETS 2048 /* a power of two */
#define CACHE_SLOTS (CACHE_WAYS * CACHE_SETS)
#define CACHE_TEXT 48    /* longer tokens are folded every time (they are rare) */

/* One word type: its fold and the sums of the weights of its spelling's features in each role. */
typedef struct word_type {
    uint32_t stamp;     /* the sentence that last used this slot (0: never) */
    uint32_t check;     /* high bits of the text's hash: most slots of a set differ in them */
    uint32_t id;        /* this filling of the slot, for the memos (0: not cached, no memo) */
    unsigned char text_len;
    char text[CACHE_TEXT];
    ez_word w;
    /* word-class tagger rows: as the word, as the word before, as the next word */
    float tag_w0[EZ_TAG_STRIDE], tag_p1[EZ_TAG_STRIDE], tag_n1[EZ_TAG_STRIDE];
    /* ezafe: as the word, the word before, the next, the one after it, the one before that */
    float ez_role[EZR_COUNT];
    float ez_w0_next_tag[EZ_TAGS]; /* as the word, with the next word's tag */
    float ez_n1_word_tag[EZ_TAGS]; /* as the next word, with the word's tag */
    float ez_history[2];           /* as the word, after label 0 / 1 */
    /* Bit t: the tagger has a feature of this spelling after tag t; of this ending before class t
     * (most words have none, and a lookup that finds nothing costs as much as one that does). */
    uint32_t tag_after_mask, tag_before_mask;
    unsigned char joined; /* words joined by ZWNJ that are tagged apart (joined_pieces) */
} word_type;

/* Memos of recent decisions, keyed by the ids of the word types around: text repeats word
 * sequences (spelled-out numbers above all), and a repeated context gives the same tag, or the
 * same score, computed the same way. An entry whose first id is 0 is empty. */
#define MEMO_SLOTS 4096 /* a power of two */

typedef struct tag_memo {
    uint32_t w0, p1, n1;
    unsigned char n2_cls, t1, t2, tag;
} tag_memo;

typedef struct score_memo {
    uint32_t w0, p2, p1, n1, n2;
    unsigned char tags[4]; /* p1 w0 n1 n2 */
    float base;            /* the sum of every feature but those of the label before */
} score_memo;

/* ---- the model -------------------------------------------------------------------------- */

/* A table of the file: keys sorted, start[k] .. start[k + 1] the run of keys whose top bits are k. */
typedef struct key_table {
    const uint64_t *keys;
    const uint32_t *start;
    unsigned shift; /* 64 - bucket bits */
    uint32_t n;
} key_table;

struct ezafe_model {
    unsigned char *image;   /* the file's bytes, in host byte order */
    size_t image_size;
    int mapped;             /* image is an mmap of the file (else malloc'd) */
    key_table classes, feats, tags, clusters;
    const unsigned char *class_values;
    const uint32_t *cluster_paths; /* ez_word's cluster */
    const float *feat_weights;
    const float *tag_weights; /* rows of EZ_TAG_STRIDE */

    /* Dense sums of the features that read only classes (tagger.c's groups). The two largest are
     * filled as tag triples are first met (ez_left_set, ez_right_set), to keep loading short. */
    float ez_left[EZ_TAGS][EZ_TAGS][EZ_TAGS];  /* [p1][w0][n1] tags: bias and most tag features */
    float ez_right[EZ_TAGS][EZ_TAGS][EZ_TAGS]; /* [w0][n1][n2] */
    unsigned char ez_left_set[EZ_TAGS][EZ_TAGS][EZ_TAGS], ez_right_set[EZ_TAGS][EZ_TAGS][EZ_TAGS];
    float ez_hist[2][EZ_TAGS][EZ_TAGS];        /* [prev][w0][n1] */
    float ez_edge_l[EZ_TAGS][EZ_EDGE_CODES];  /* [w0][lcode] */
    float tag_hist[EZ_TAGS][EZ_TAGS][EZ_TAG_STRIDE];      /* [t1][t2] */
    float tag_hist_cls[EZ_TAGS][EZ_TAGS][EZ_TAG_STRIDE];  /* [t1][w0 class] */
    float tag_next_cls[EZ_TAGS][EZ_TAGS][EZ_TAG_STRIDE];  /* [w0 class][n1 class] */
    float tag_after_cls[EZ_TAGS][EZ_TAG_STRIDE];          /* [n2 class] */

    /* Mutable state behind the const model of ezafe_model_predict: a model tags one sentence
     * at a time. */
    word_type *cache;            /* CACHE_SLOTS */
    word_type bos, eos;          /* the sentence's edges */
    uint32_t next_id;            /* the id of the next word type folded into the cache */
    tag_memo *tag_memos;         /* MEMO_SLOTS each */
    score_memo *score_memos;
    uint32_t serial;             /* sentences tagged, for the cache stamps */
    struct scratch {
        const word_type **type;
        const ez_word **word;    /* each type's word, for the rules */
        word_type *own;          /* types that found every slot of their set taken by this
                                    sentence, or too long to cache */
        unsigned char *tag, *fixed, *back, *lcode;
        double *score1;
        uint64_t *hash;          /* of each token's text */
        size_t *len;
        size_t cap;
    } *scratch;
};

static inline uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_u64(const unsigned char *p) { return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

uint64_t ez_checksum(const unsigned char *p, size_t n)
{
    /* four independent lanes, so that the multiplications overlap: a 2 MB file takes ~0.2 ms */
    uint64_t a = 0xcbf29ce484222325ull, b = 0x9E3779B97F4A7C15ull, c = 0xC2B2AE3D27D4EB4Full, d = 0x165667B19E3779F9ull;
    const uint64_t k = 0xff51afd7ed558ccdull;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = (a ^ get_u64(p + i)) * k;
        b = (b ^ get_u64(p + i + 8)) * k;
        c = (c ^ get_u64(p + i + 16)) * k;
        d = (d ^ get_u64(p + i + 24)) * k;
        a ^= a >> 32;
        b ^= b >> 32;
        c ^= c >> 32;
        d ^= d >> 32;
    }
    for (; i + 8 <= n; i += 8) {
        a = (a ^ get_u64(p + i)) * k;
        a ^= a >> 32;
    }
    uint64_t h = (uint64_t)n;
    const uint64_t lanes[4] = {a, b, c, d};
    for (int j = 0; j < 4; j++) {
        h = (h ^ lanes[j]) * 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 29;
    }
    return h;
}

static int little_endian_host(void)
{
    const uint32_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 1;
}

/* ---- file layout -------------------------------------------------------------------------- */

static uint64_t align8(uint64_t x) { return (x + 7) & ~(uint64_t)7; }

/* Offsets of the sections of a file with these counts (tagger.h). */
#define TABLES 4 /* word classes, ezafe features, tagger features, word clusters */

typedef struct layout {
    uint32_t n[TABLES], bits[TABLES];
    uint64_t keys[TABLES], start[TABLES], values[TABLES], checksum, size;
} layout;

static const unsigned value_size[TABLES] = {1, 4, 4 * EZ_TAG_STRIDE, 4};

static void compute_layout(layout *l)
{
    uint64_t at = EZ_MODEL_HEADER;
    for (int t = 0; t < TABLES; t++) {
        l->keys[t] = at;
        at += (uint64_t)l->n[t] * 8;
        l->start[t] = at;
        at = align8(at + (((uint64_t)1 << l->bits[t]) + 1) * 4);
        l->values[t] = at;
        at = align8(at + (uint64_t)l->n[t] * value_size[t]);
    }
    l->checksum = at;
    l->size = at + 8;
}

/* Bucket bits for n keys: at most four keys per bucket on average. */
static uint32_t bucket_bits(size_t n)
{
    uint32_t b = 4;
    while (((size_t)1 << b) * 4 < n)
        b++;
    return b;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    put_u32(p, (uint32_t)v);
    put_u32(p + 4, (uint32_t)(v >> 32));
}

static void put_f32(unsigned char *p, float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    put_u32(p, bits);
}

static int ascending(const uint64_t *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!keys[i] || (i && keys[i - 1] >= keys[i]))
            return 0;
    return 1;
}

static void put_keys(unsigned char *d, const layout *l, int t, const uint64_t *keys)
{
    uint32_t buckets = (uint32_t)1 << l->bits[t];
    uint32_t k = 0;
    for (uint32_t i = 0; i < l->n[t]; i++)
        put_u64(d + l->keys[t] + 8 * (uint64_t)i, keys[i]);
    for (uint32_t b = 0; b <= buckets; b++) {
        while (k < l->n[t] && keys[k] >> (64 - l->bits[t]) < b)
            k++;
        put_u32(d + l->start[t] + 4 * (uint64_t)b, k);
    }
}

size_t ez_model_write(const char *path, const ez_model_parts *parts)
{
    if (parts->nclass > UINT32_MAX || parts->nfeat > UINT32_MAX || parts->ntag > UINT32_MAX ||
        parts->ncluster > UINT32_MAX || !ascending(parts->class_keys, parts->nclass) ||
        !ascending(parts->feat_keys, parts->nfeat) || !ascending(parts->tag_keys, parts->ntag) ||
        !ascending(parts->cluster_keys, parts->ncluster)) {
        errno = EINVAL;
        return 0;
    }
    layout l = {.n = {(uint32_t)parts->nclass, (uint32_t)parts->nfeat, (uint32_t)parts->ntag, (uint32_t)parts->ncluster}};
    for (int t = 0; t < TABLES; t++)
        l.bits[t] = bucket_bits(l.n[t]);
    compute_layout(&l);
    unsigned char *d = calloc(1, (size_t)l.size);
    if (!d)
        return 0;
    memcpy(d, EZ_MODEL_MAGIC, 8);
    uint32_t header[2 + 2 * TABLES] = {EZ_MODEL_VERSION};
    for (int t = 0; t < TABLES; t++) {
        header[1 + t] = l.n[t];
        header[1 + TABLES + t] = l.bits[t];
    }
    header[1 + 2 * TABLES] = EZ_TAG_STRIDE;
    for (int k = 0; k < 2 + 2 * TABLES; k++)
        put_u32(d + 8 + 4 * k, header[k]);
    put_keys(d, &l, 0, parts->class_keys);
    put_keys(d, &l, 1, parts->feat_keys);
    put_keys(d, &l, 2, parts->tag_keys);
    put_keys(d, &l, 3, parts->cluster_keys);
    memcpy(d + l.values[0], parts->class_values, parts->nclass);
    for (size_t i = 0; i < parts->nfeat; i++)
        put_f32(d + l.values[1] + 4 * i, parts->feat_weights[i]);
    for (size_t i = 0; i < parts->ntag; i++)
        for (size_t c = 0; c < EZC_COUNT; c++)
            put_f32(d + l.values[2] + 4 * (i * EZ_TAG_STRIDE + c), parts->tag_weights[i * EZC_COUNT + c]);
    for (size_t i = 0; i < parts->ncluster; i++)
        put_u32(d + l.values[3] + 4 * i, parts->cluster_paths[i]);
    put_u64(d + l.checksum, ez_checksum(d, (size_t)l.checksum));
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(d, 1, (size_t)l.size, f) == (size_t)l.size;
    if (f && fclose(f))
        ok = 0;
    free(d);
    return ok ? (size_t)l.size : 0;
}

/* ---- loading ------------------------------------------------------------------------------ */

/* Reads a file that cannot be mapped (not a regular file) into memory. */
static int read_whole(int fd, unsigned char **data, size_t *size)
{
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 1u << 20;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                errno = ENOMEM;
                return -1;
            }
            buf = nb;
        }
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(buf);
            return -1;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    *data = buf;
    *size = len;
    return 0;
}

/* Checks the header, size and checksum; fills l. Returns a reason, or NULL when the file is sound. */
static const char *check_file(const unsigned char *d, size_t size, layout *l)
{
    if (size < 12 || memcmp(d, EZ_MODEL_MAGIC, 8))
        return "not a Ravi ezafe model";
    if (get_u32(d + 8) != EZ_MODEL_VERSION)
        return "unsupported model version (retrain it with make train-ezafe)";
    if (size < EZ_MODEL_HEADER + 8)
        return "truncated or corrupt (size does not match its header)";
    for (int t = 0; t < TABLES; t++) {
        l->n[t] = get_u32(d + 12 + 4 * t);
        l->bits[t] = get_u32(d + 12 + 4 * TABLES + 4 * t);
        if (l->bits[t] < 1 || l->bits[t] > 28)
            return "truncated or corrupt (bad table size)";
    }
    if (get_u32(d + 12 + 8 * TABLES) != EZ_TAG_STRIDE)
        return "truncated or corrupt (bad tagger row size)";
    compute_layout(l);
    if (l->size != size)
        return "truncated or corrupt (size does not match its header)";
    if (get_u64(d + l->checksum) != ez_checksum(d, (size_t)l->checksum))
        return "corrupt (checksum mismatch)";
    return NULL;
}

/* Rewrites the file's little-endian numbers in host byte order, in place (a big-endian host). */
static void to_host_order(unsigned char *d, const layout *l)
{
    for (int t = 0; t < TABLES; t++) {
        for (uint64_t i = 0; i < l->n[t]; i++) {
            uint64_t v = get_u64(d + l->keys[t] + 8 * i);
            memcpy(d + l->keys[t] + 8 * i, &v, 8);
        }
        for (uint64_t i = 0; i <= ((uint64_t)1 << l->bits[t]); i++) {
            uint32_t v = get_u32(d + l->start[t] + 4 * i);
            memcpy(d + l->start[t] + 4 * i, &v, 4);
        }
        if (t == 3) /* cluster paths */
            for (uint64_t i = 0; i < l->n[t]; i++) {
                uint32_t v = get_u32(d + l->values[t] + 4 * i);
                memcpy(d + l->values[t] + 4 * i, &v, 4);
            }
        else if (t > 0) /* weights: stored as floats, so that they are read as what they are */
            for (uint64_t i = 0; i < (uint64_t)l->n[t] * value_size[t] / 4; i++) {
                uint32_t bits = get_u32(d + l->values[t] + 4 * i);
                float v;
                memcpy(&v, &bits, 4);
                memcpy(d + l->values[t] + 4 * i, &v, 4);
            }
    }
}

/* Points the tables into the image; checks that every bucket run lies inside its table. */
static int set_tables(ezafe_model *m, const layout *l)
{
    key_table *tables[TABLES] = {&m->classes, &m->feats, &m->tags, &m->clusters};
    for (int t = 0; t < TABLES; t++) {
        key_table *kt = tables[t];
        /* the image is page-aligned (mmap) or malloc-aligned, and every section offset is a
         * multiple of 8: these pointers are aligned for their types */
        kt->keys = (const uint64_t *)(const void *)(m->image + l->keys[t]);
        kt->start = (const uint32_t *)(const void *)(m->image + l->start[t]);
        kt->shift = 64 - l->bits[t];
        kt->n = l->n[t];
        uint32_t buckets = (uint32_t)1 << l->bits[t];
        if (kt->start[0] != 0 || kt->start[buckets] != kt->n)
            return -1;
        for (uint32_t b = 0; b < buckets; b++)
            if (kt->start[b] > kt->start[b + 1])
                return -1;
    }
    m->class_values = m->image + l->values[0];
    m->feat_weights = (const float *)(const void *)(m->image + l->values[1]);
    m->tag_weights = (const float *)(const void *)(m->image + l->values[2]);
    m->cluster_paths = (const uint32_t *)(const void *)(m->image + l->values[3]);
    return 0;
}

/* The index of key in the table, or -1. */
static long find(const key_table *t, uint64_t key)
{
    uint64_t b = key >> t->shift;
    for (uint32_t i = t->start[b], end = t->start[b + 1]; i < end; i++)
        if (t->keys[i] == key)
            return (long)i;
    return -1;
}

static float feat_weight(const ezafe_model *m, uint64_t key)
{
    long i = find(&m->feats, key);
    return i < 0 ? 0.0f : m->feat_weights[i];
}

static float sum_weights(const ezafe_model *m, const uint64_t *feats, size_t nf)
{
    float sum = 0.0f;
    for (size_t k = 0; k < nf; k++)
        sum += feat_weight(m, feats[k]);
    return sum;
}

/* Adds the tagger rows of the features to row. */
static void add_tag_rows(const ezafe_model *m, const uint64_t *feats, size_t nf, float *row)
{
    for (size_t k = 0; k < nf; k++) {
        long i = find(&m->tags, feats[k]);
        if (i >= 0) {
            const float *r = m->tag_weights + (size_t)i * EZ_TAG_STRIDE;
            for (size_t c = 0; c < EZ_TAG_STRIDE; c++)
                row[c] += r[c];
        }
    }
}

static void fill_dense_tables(ezafe_model *m)
{
    uint64_t f[16];
    for (unsigned a = 0; a < EZ_TAGS; a++)
        for (unsigned b = 0; b < EZ_TAGS; b++) {
            for (int prev = 0; prev < 2; prev++)
                m->ez_hist[prev][a][b] = sum_weights(m, f, ez_ezafe_history_tag_features(prev, a, b, f));
            add_tag_rows(m, f, ez_tag_history_features((int)a, (int)b, f), m->tag_hist[a][b]);
            add_tag_rows(m, f, ez_tag_history_class_features((int)a, b, f), m->tag_hist_cls[a][b]);
            add_tag_rows(m, f, ez_tag_next_class_features(a, b, f), m->tag_next_cls[a][b]);
        }
    for (unsigned a = 0; a < EZ_TAGS; a++)
        add_tag_rows(m, f, ez_tag_after_next_class_features(a, f), m->tag_after_cls[a]);
    for (unsigned a = 0; a < EZ_TAGS; a++)
        for (unsigned code = 0; code < EZ_EDGE_CODES; code++)
            m->ez_edge_l[a][code] = sum_weights(m, f, ez_ezafe_edge_left_features(a, code, f));
}

/* The sums of the class features of a word with tags p1 w0 n1 n2 around it. */
static float tag_context_weight(const ezafe_model *m, unsigned p1, unsigned w0, unsigned n1, unsigned n2)
{
    ezafe_model *mm = (ezafe_model *)m; /* the tables' fill state: see struct ezafe_model */
    uint64_t f[8];
    if (!m->ez_left_set[p1][w0][n1]) {
        mm->ez_left[p1][w0][n1] = sum_weights(m, f, ez_ezafe_tag_left_features(p1, w0, n1, f));
        mm->ez_left_set[p1][w0][n1] = 1;
    }
    if (!m->ez_right_set[w0][n1][n2]) {
        mm->ez_right[w0][n1][n2] = sum_weights(m, f, ez_ezafe_tag_right_features(w0, n1, n2, f));
        mm->ez_right_set[w0][n1][n2] = 1;
    }
    return m->ez_left[p1][w0][n1] + m->ez_right[w0][n1][n2];
}

/* The word's lexicon classes (w->cls, w->cls2), EZS_KNOWN when the lexicon has the word itself,
 * and its word cluster. */
static void set_class(const ezafe_model *m, ez_word *w)
{
    long c = find(&m->clusters, w->h_form);
    w->cluster = c < 0 ? 0 : m->cluster_paths[c];
    if (w->cls != EZC_UNK)
        return;
    uint64_t keys[EZ_CLASS_KEYS];
    ez_class_keys(w, keys);
    for (int k = 0; k < EZ_CLASS_KEYS; k++) {
        long i = find(&m->classes, keys[k]);
        if (i >= 0) {
            if (k == 0)
                w->shape |= EZS_KNOWN;
            w->cls = m->class_values[i] & 15;
            w->cls2 = m->class_values[i] >> 4;
            w->tag = w->cls;
            break;
        }
    }
    unsigned ending;
    uint64_t key = w->shape & EZS_KNOWN ? 0 : ez_stem_key(w, &ending);
    long i = key ? find(&m->classes, key) : -1;
    if (i >= 0)
        w->stem = (unsigned char)(ending | (m->class_values[i] & 15) << 3);
    key = ez_indefinite_stem_key(w);
    i = key ? find(&m->classes, key) : -1;
    ez_set_indefinite_form(w, i >= 0 ? m->class_values[i] & 15 : EZC_UNK, i >= 0 ? m->class_values[i] >> 4 : EZC_UNK);
}

/* ---- words joined by ZWNJ ------------------------------------------------------------------ */

/* Function words that text joins to the next word with a ZWNJ («به‌عنوان», «که‌در») and to the
 * word before («فارس‌از», «آب‌به», «ممکن‌است»). The treebanks write them apart, and so does the
 * tagger see them: «به‌عنوانِ» is «به عنوانِ», «فارس‌از» is «فارس از». The joined token takes its last
 * piece's decision. «و» is left alone («گفت‌وگو»), and so are prefixes that make words of their
 * own («با‌ارزش», «در‌آمد»). */
static const char *const joined_before[] = {"به", "که"};
static const char *const joined_after[] = {"از", "است", "با", "به", "در", "را", "که"};

#define ZWNJ_UTF8 "\xE2\x80\x8C"
#define ZWNJ_BYTES 3
#define MAX_PIECES EZ_MAX_PIECES

static int is_one_of(const char *form, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(form, list[k]))
            return 1;
    return 0;
}

static void set_class(const ezafe_model *m, ez_word *w);

/* Folds and classes len bytes of text (cut to EZ_FORM_MAX bytes) as a word of their own. */
static void fold_piece(const ezafe_model *m, const char *text, size_t len, ez_word *w)
{
    char buf[EZ_FORM_MAX];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    ez_word_fold(buf, w);
    set_class(m, w);
}

/* The ZWNJ at or after from, before end, first (last = 0) or last (last = 1); NULL if none. */
static const char *find_zwnj(const char *from, const char *end, int last)
{
    const char *hit = NULL;
    for (const char *p = from; p + ZWNJ_BYTES <= end; p++)
        if (!memcmp(p, ZWNJ_UTF8, ZWNJ_BYTES)) {
            hit = p;
            if (!last)
                break;
        }
    return hit;
}

/* Cuts a token of len bytes into the words the tagger sees: off[k], plen[k] for each piece (at
 * most MAX_PIECES). Returns the number of pieces, 1 when the token stays whole. A leading «به»
 * is cut off only before a word the model knows («به‌عنوان», «به‌این»; not «به‌سازی»), or from a
 * token the lexicon knows whole as other than a noun or adjective («به‌تدریج»). */
static size_t joined_pieces(const ezafe_model *m, const char *text, size_t len, size_t *off, size_t *plen)
{
    size_t start = 0, end = len, n = 0, nsuf = 0, suf_off[MAX_PIECES], suf_len[MAX_PIECES];
    ez_word w;
    while (n + nsuf + 2 < MAX_PIECES) { /* function words in front */
        const char *z = find_zwnj(text + start, text + end, 0);
        if (!z || (size_t)(z - text) + ZWNJ_BYTES >= end)
            break;
        size_t cut = (size_t)(z - text), rest = cut + ZWNJ_BYTES;
        fold_piece(m, text + start, cut - start, &w);
        if (!is_one_of(w.form, joined_before, sizeof joined_before / sizeof *joined_before))
            break;
        if (!strcmp(w.form, "به")) {
            fold_piece(m, text + rest, end - rest, &w);
            if (!(w.shape & EZS_KNOWN) && !w.closed) {
                /* «به‌تدریج», which the lexicon knows whole as an adverb, is a preposition too;
                 * «به‌سازی», «به‌روز» (nouns, adjectives) are words of their own */
                fold_piece(m, text + start, end - start, &w);
                if (!(w.shape & EZS_KNOWN) || w.cls == EZC_NOUN || w.cls == EZC_ADJ || w.cls == EZC_PROPN ||
                    w.cls == EZC_INDEF)
                    break;
            }
        }
        off[n] = start;
        plen[n++] = cut - start;
        start = rest;
    }
    while (n + nsuf + 2 < MAX_PIECES) { /* function words behind */
        const char *z = find_zwnj(text + start, text + end, 1);
        if (!z || (size_t)(z - text) == start)
            break;
        size_t cut = (size_t)(z - text), rest = cut + ZWNJ_BYTES;
        fold_piece(m, text + rest, end - rest, &w);
        if (!is_one_of(w.form, joined_after, sizeof joined_after / sizeof *joined_after))
            break;
        suf_off[nsuf] = rest;
        suf_len[nsuf++] = end - rest;
        end = cut;
    }
    off[n] = start;
    plen[n++] = end - start;
    while (nsuf > 0) {
        nsuf--;
        off[n] = suf_off[nsuf];
        plen[n++] = suf_len[nsuf];
    }
    return n;
}

/* A sentence with its joined tokens cut into pieces: the pieces' texts (each NUL-terminated),
 * and for each token the index of its last piece. */
typedef struct split_sentence {
    char *text;
    const char **words;
    size_t *lens, *last, n;
    unsigned char *forced;
} split_sentence;

static void split_free(split_sentence *x)
{
    free(x->text);
    free(x->words);
    free(x->lens);
    free(x->last);
    free(x->forced);
}

/* Cuts the joined tokens (joined[i] nonzero; NULL: every token is checked) into pieces. The
 * last piece of a token takes its forced decision. Returns -1 when out of memory. */
static int split_sentence_of(const ezafe_model *m, const char *const *words, const size_t *lens,
                             const unsigned char *forced, const unsigned char *joined, size_t n, split_sentence *x)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += (lens ? lens[i] : strlen(words[i])) + MAX_PIECES;
    size_t cap = n * MAX_PIECES + 1;
    x->text = malloc(bytes + 1);
    x->words = malloc(cap * sizeof *x->words);
    x->lens = malloc(cap * sizeof *x->lens);
    x->last = malloc((n + 1) * sizeof *x->last);
    x->forced = malloc(cap);
    x->n = 0;
    if (!x->text || !x->words || !x->lens || !x->last || !x->forced) {
        split_free(x);
        return -1;
    }
    char *at = x->text;
    for (size_t i = 0; i < n; i++) {
        size_t len = lens ? lens[i] : strlen(words[i]), off[MAX_PIECES], plen[MAX_PIECES], k = 1;
        off[0] = 0;
        plen[0] = len;
        if (!joined || joined[i])
            k = joined_pieces(m, words[i], len, off, plen);
        for (size_t j = 0; j < k; j++) {
            memcpy(at, words[i] + off[j], plen[j]);
            at[plen[j]] = '\0';
            x->words[x->n] = at;
            x->lens[x->n] = plen[j];
            x->forced[x->n] = j + 1 == k && forced ? forced[i] : 0;
            at += plen[j] + 1;
            x->n++;
        }
        x->last[i] = x->n - 1;
    }
    return 0;
}

/* Sums a word type's features (w already folded and classed). */
static void fill_type(const ezafe_model *m, word_type *t)
{
    uint64_t f[EZ_MAX_ROLE_FEATURES];
    memset(t->tag_w0, 0, sizeof t->tag_w0);
    memset(t->tag_p1, 0, sizeof t->tag_p1);
    memset(t->tag_n1, 0, sizeof t->tag_n1);
    add_tag_rows(m, f, ez_tag_role_features(EZR_W0, &t->w, f), t->tag_w0);
    add_tag_rows(m, f, ez_tag_role_features(EZR_P1, &t->w, f), t->tag_p1);
    add_tag_rows(m, f, ez_tag_role_features(EZR_N1, &t->w, f), t->tag_n1);
    for (int r = 0; r < EZR_COUNT; r++)
        t->ez_role[r] = sum_weights(m, f, ez_ezafe_role_features(r, &t->w, f));
    for (unsigned g = 0; g < EZ_TAGS; g++) {
        t->ez_w0_next_tag[g] = sum_weights(m, f, ez_ezafe_w0_next_tag_features(&t->w, g, f));
        t->ez_n1_word_tag[g] = sum_weights(m, f, ez_ezafe_n1_word_tag_features(&t->w, g, f));
    }
    for (int prev = 0; prev < 2; prev++)
        t->ez_history[prev] = sum_weights(m, f, ez_ezafe_history_word_features(prev, &t->w, f));
    t->tag_after_mask = t->tag_before_mask = 0;
    for (unsigned g = 0; g < EZ_TAGS; g++) {
        size_t nf = ez_tag_word_prev_tag_features(&t->w, (int)g, f);
        if (nf && find(&m->tags, f[0]) >= 0)
            t->tag_after_mask |= 1u << g;
        nf = ez_tag_suffix_next_class_features(&t->w, g, f);
        if (nf && find(&m->tags, f[0]) >= 0)
            t->tag_before_mask |= 1u << g;
    }
}

/* Zeroed memory straight from the kernel: its pages cost nothing until touched, where calloc
 * may clear them all at once (the model's lazily filled tables, the cache and the memos are
 * large and mostly untouched when the first sentence arrives). NULL when out of memory. */
static void *zeroed_pages(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void free_pages(void *p, size_t size)
{
    if (p)
        munmap(p, size);
}

static ezafe_model *load(const char *path, int copy, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    /* calloc, not zeroed_pages: the heap pointers the model holds (its scratch) must stay
     * visible to leak checkers, which do not scan anonymous mappings; a block this large comes
     * from mmap inside calloc anyway, already zero */
    ezafe_model *m = calloc(1, sizeof *m);
    if (!m) {
        close(fd);
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && !copy) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p != MAP_FAILED) {
            m->image = p;
            m->image_size = (size_t)st.st_size;
            m->mapped = 1;
        }
    }
    if (!m->image && read_whole(fd, &m->image, &m->image_size))
        why = strerror(errno);
    close(fd);
    layout l;
    if (!why)
        why = check_file(m->image, m->image_size, &l);
    if (!why && !little_endian_host() && m->mapped) {
        /* a big-endian host converts a private copy */
        unsigned char *own = malloc(m->image_size);
        if (!own) {
            why = "out of memory";
        } else {
            memcpy(own, m->image, m->image_size);
            munmap(m->image, m->image_size);
            m->image = own;
            m->mapped = 0;
        }
    }
    if (!why && !m->mapped)
        to_host_order(m->image, &l);
    if (!why && set_tables(m, &l))
        why = "corrupt (bad table index)";
    if (!why && (!(m->cache = zeroed_pages(CACHE_SLOTS * sizeof *m->cache)) || !(m->scratch = calloc(1, sizeof *m->scratch)) ||
                 !(m->tag_memos = zeroed_pages(MEMO_SLOTS * sizeof *m->tag_memos)) ||
                 !(m->score_memos = zeroed_pages(MEMO_SLOTS * sizeof *m->score_memos))))
        why = "out of memory";
    if (why) {
        snprintf(err, errlen, "%s: %s", path, why);
        ezafe_model_free(m);
        return NULL;
    }
    fill_dense_tables(m);
    m->bos.w = ez_bos_word;
    m->eos.w = ez_eos_word;
    fill_type(m, &m->bos);
    fill_type(m, &m->eos);
    m->bos.id = 1;
    m->eos.id = 2;
    m->next_id = 3;
    return m;
}

ezafe_model *ezafe_model_load(const char *path, char *err, size_t errlen) { return load(path, 0, err, errlen); }

ezafe_model *ez_model_load_copy(const char *path, char *err, size_t errlen) { return load(path, 1, err, errlen); }

static void free_scratch(struct scratch *s)
{
    if (!s)
        return;
    free(s->type);
    free(s->word);
    free(s->own);
    free(s->tag);
    free(s->fixed);
    free(s->back);
    free(s->lcode);
    free(s->score1);
    free(s->hash);
    free(s->len);
    free(s);
}

void ezafe_model_free(ezafe_model *m)
{
    if (!m)
        return;
    if (m->mapped)
        munmap(m->image, m->image_size);
    else
        free(m->image);
    free_pages(m->cache, CACHE_SLOTS * sizeof *m->cache);
    free_pages(m->tag_memos, MEMO_SLOTS * sizeof *m->tag_memos);
    free_pages(m->score_memos, MEMO_SLOTS * sizeof *m->score_memos);
    free_scratch(m->scratch);
    free(m);
}

/* ---- tagging ------------------------------------------------------------------------------- */

static int reserve(struct scratch *s, size_t n)
{
    if (n <= s->cap)
        return 0;
    size_t cap = n < 64 ? 64 : n;
#define GROW(field, count)                                                                       \
    do {                                                                                         \
        void *p = realloc(s->field, (count) * sizeof *s->field);                                 \
        if (!p)                                                                                  \
            return -1;                                                                           \
        s->field = p;                                                                            \
    } while (0)
    GROW(type, cap);
    GROW(word, cap);
    GROW(own, cap);
    GROW(tag, cap);
    GROW(fixed, cap);
    GROW(lcode, cap);
    GROW(back, 2 * cap);
    GROW(score1, 2 * cap);
    GROW(hash, cap);
    GROW(len, cap);
#undef GROW
    s->cap = cap;
    return 0;
}

static uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint64_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* A hash of a token's text for the cache (any byte order will do: it only picks a slot, and the
 * slot's text is compared). Reads whole words, overlapping at the end, as wyhash does: no loop
 * over bytes and no copy of a tail of variable length. */
static uint64_t text_hash(const char *text, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len, a, b;
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8) {
            h = (h ^ load64(text + i)) * 0xff51afd7ed558ccdull;
            h ^= h >> 32;
        }
        a = load64(text + len - 8);
        b = 0;
    } else if (len >= 4) {
        a = load32(text);
        b = load32(text + len - 4);
    } else {
        a = len ? (uint64_t)(unsigned char)text[0] << 16 | (uint64_t)(unsigned char)text[len / 2] << 8 |
                      (unsigned char)text[len - 1]
                : 0;
        b = 0;
    }
    h = (h ^ a ^ (b << 32)) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

/* After 2^32 fillings ids would repeat: number the cached types afresh and empty the memos. The
 * slots keep their words (this can happen in the middle of a sentence that points to them). */
static void renumber(ezafe_model *m)
{
    uint32_t id = 3;
    for (size_t k = 0; k < CACHE_SLOTS; k++)
        m->cache[k].id = m->cache[k].stamp ? id++ : 0;
    memset(m->tag_memos, 0, MEMO_SLOTS * sizeof *m->tag_memos);
    memset(m->score_memos, 0, MEMO_SLOTS * sizeof *m->score_memos);
    m->next_id = id;
}

static word_type *set_of(const ezafe_model *m, uint64_t hash) { return &m->cache[(hash & (CACHE_SETS - 1)) * CACHE_WAYS]; }

/* Whether len bytes at a and b are equal, for the short texts of the cache (a memcmp call cost
 * more than the comparison): whole words, the last one overlapping, never past either text. */
static int same_text(const char *a, const char *b, size_t len)
{
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8)
            if (load64(a + i) != load64(b + i))
                return 0;
        return load64(a + len - 8) == load64(b + len - 8);
    }
    if (len >= 4)
        return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The word type of a token of len bytes whose text hashes to hash: from the cache, or folded now
 * into the cache (or into own, when every slot of its set holds another word of this same
 * sentence, or the token is too long to cache). */
static const word_type *type_of(const ezafe_model *m, const char *text, size_t len, uint64_t hash, word_type *own)
{
    word_type *t = own;
    if (len < CACHE_TEXT) {
        word_type *set = set_of(m, hash), *victim = NULL;
        uint32_t check = (uint32_t)(hash >> 32);
        for (int k = 0; k < CACHE_WAYS; k++) {
            word_type *slot = &set[k];
            if (slot->check == check && slot->stamp && slot->text_len == len && same_text(slot->text, text, len)) {
                slot->stamp = m->serial;
                return slot;
            }
        }
        for (int k = 0; k < CACHE_WAYS; k++) /* a miss: the slot used longest ago, not in this sentence */
            if (set[k].stamp != m->serial && (!victim || set[k].stamp < victim->stamp))
                victim = &set[k];
        if (victim) {
            ezafe_model *mm = (ezafe_model *)m; /* the cache's state: see struct ezafe_model */
            if (mm->next_id == UINT32_MAX)
                renumber(mm);
            t = victim;
            t->id = mm->next_id++;
            t->stamp = m->serial;
            t->check = check;
            t->text_len = (unsigned char)len;
            memcpy(t->text, text, len);
        }
    }
    if (t == own)
        t->id = 0;
    ez_word_fold(text, &t->w);
    set_class(m, &t->w);
    fill_type(m, t);
    if (t->w.shape & EZS_ZWNJ) {
        size_t off[MAX_PIECES], plen[MAX_PIECES];
        t->joined = joined_pieces(m, text, len, off, plen) > 1;
    } else {
        t->joined = 0;
    }
    return t;
}

/* Asks for the cache line of a slot ahead of its use: hashing every token of the sentence first
 * and prefetching its slot lets the cache misses of the lookups overlap. */
static void prefetch(const void *p)
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

static void add_row(float *sum, const float *row)
{
    for (size_t c = 0; c < EZ_TAG_STRIDE; c++)
        sum[c] += row[c];
}

static float max2(float a, float b) { return b > a ? b : a; }

/* The class of highest score (the first of equals), UNK excluded. The maximum is taken as a tree
 * (a short chain of independent comparisons), then its first class is found: a running maximum
 * made each of 13 steps wait for the one before. */
static int best_class(const float *sum)
{
    _Static_assert(EZC_COUNT == 16, "the tree below covers classes 1..15");
    float top = max2(max2(max2(max2(sum[1], sum[2]), max2(sum[3], sum[4])), max2(max2(sum[5], sum[6]), max2(sum[7], sum[8]))),
                     max2(max2(max2(sum[9], sum[10]), max2(sum[11], sum[12])), max2(max2(sum[13], sum[14]), sum[15])));
    for (int c = 1; c < EZC_COUNT; c++)
        if (sum[c] == top)
            return c;
    return 1; /* NaN scores: no class is greater than another */
}

/* The word-class tagger, greedy left to right, into s->tag. */
static void tag_words(const ezafe_model *m, struct scratch *s, size_t n)
{
    uint64_t f[1];
    int t1 = EZC_COUNT, t2 = EZC_COUNT;
    for (size_t i = 0; i < n; i++) {
        const word_type *w0 = s->type[i];
        if (m->tags.n && !ez_tag_is_fixed(&w0->w)) {
            const word_type *p1 = i ? s->type[i - 1] : &m->bos, *n1 = i + 1 < n ? s->type[i + 1] : &m->eos;
            const word_type *n2 = i + 2 < n ? s->type[i + 2] : &m->eos;
            tag_memo *memo = NULL;
            if (w0->id && p1->id && n1->id) {
                uint32_t h = w0->id * 0x9E3779B1u ^ p1->id * 0x85EBCA77u ^ n1->id * 0xC2B2AE3Du ^
                             (uint32_t)(n2->w.cls | t1 << 8 | t2 << 16) * 0x27D4EB2Fu;
                memo = &m->tag_memos[(h ^ h >> 15) & (MEMO_SLOTS - 1)];
                if (memo->w0 == w0->id && memo->p1 == p1->id && memo->n1 == n1->id && memo->n2_cls == n2->w.cls &&
                    memo->t1 == t1 && memo->t2 == t2) {
                    s->tag[i] = memo->tag;
                    t2 = t1;
                    t1 = s->tag[i];
                    continue;
                }
            }
            float sum[EZ_TAG_STRIDE];
            memcpy(sum, w0->tag_w0, sizeof sum);
            add_row(sum, p1->tag_p1);
            add_row(sum, n1->tag_n1);
            add_row(sum, m->tag_hist[t1][t2]);
            add_row(sum, m->tag_hist_cls[t1][w0->w.cls]);
            add_row(sum, m->tag_next_cls[w0->w.cls][n1->w.cls]);
            add_row(sum, m->tag_after_cls[n2->w.cls]);
            if (w0->tag_after_mask >> t1 & 1)
                add_tag_rows(m, f, ez_tag_word_prev_tag_features(&w0->w, t1, f), sum);
            if (w0->tag_before_mask >> n1->w.cls & 1)
                add_tag_rows(m, f, ez_tag_suffix_next_class_features(&w0->w, n1->w.cls, f), sum);
            s->tag[i] = (unsigned char)best_class(sum);
            if (memo)
                *memo = (tag_memo){w0->id, p1->id, n1->id, n2->w.cls, (unsigned char)t1, (unsigned char)t2, s->tag[i]};
        } else {
            s->tag[i] = w0->w.cls;
        }
        t2 = t1;
        t1 = s->tag[i];
    }
}

/* Each token's lcode (tagger.h), as tagger.c reads it, in one pass. */
static void edge_codes(struct scratch *s, size_t n)
{
    unsigned d = 1, kind = EZB_EDGE;
    for (size_t i = 0; i < n; i++, d++) {
        s->lcode[i] = (unsigned char)ez_edge_code(d, kind);
        unsigned b = ez_boundary_kind(&s->type[i]->w, s->tag[i]);
        if (b != EZB_NONE) {
            d = 0;
            kind = b;
        }
    }
}

static void decode(const ezafe_model *m, struct scratch *s, const unsigned char *forced, size_t n, unsigned char *out)
{
    uint64_t f[3];
    edge_codes(s, n);
    for (size_t i = 0; i < n; i++)
        s->word[i] = &s->type[i]->w;
    ez_rule_decisions(s->word, s->tag, n, s->fixed);
    for (size_t i = 0; i < n; i++) {
        const word_type *w0 = s->type[i], *n1 = i + 1 < n ? s->type[i + 1] : NULL;
        if (forced && forced[i])
            s->fixed[i] = forced[i];
        if (s->fixed[i]) {
            s->score1[2 * i] = s->score1[2 * i + 1] = 0.0;
            continue;
        }
        if (!n1)
            n1 = &m->eos;
        const word_type *p1 = i ? s->type[i - 1] : &m->bos, *p2 = i >= 2 ? s->type[i - 2] : &m->bos;
        const word_type *n2 = i + 2 < n ? s->type[i + 2] : &m->eos;
        unsigned tp1 = i ? s->tag[i - 1] : EZC_COUNT, t0 = s->tag[i];
        unsigned tn1 = i + 1 < n ? s->tag[i + 1] : EZC_COUNT + 1, tn2 = i + 2 < n ? s->tag[i + 2] : EZC_COUNT + 1;
        score_memo *memo = NULL;
        int known = 0;
        if (w0->id && p2->id && p1->id && n1->id && n2->id) {
            uint32_t h = w0->id * 0x9E3779B1u ^ p2->id * 0x165667B1u ^ p1->id * 0x85EBCA77u ^ n1->id * 0xC2B2AE3Du ^
                         n2->id * 0xD3A2646Cu ^ (uint32_t)(tp1 | t0 << 8 | tn1 << 16 | tn2 << 24) * 0x27D4EB2Fu;
            memo = &m->score_memos[(h ^ h >> 15) & (MEMO_SLOTS - 1)];
            known = memo->w0 == w0->id && memo->p2 == p2->id && memo->p1 == p1->id && memo->n1 == n1->id &&
                    memo->n2 == n2->id && memo->tags[0] == tp1 && memo->tags[1] == t0 && memo->tags[2] == tn1 &&
                    memo->tags[3] == tn2;
        }
        float base;
        if (known) {
            base = memo->base;
        } else {
            base = tag_context_weight(m, tp1, t0, tn1, tn2) + w0->ez_role[EZR_W0] + p1->ez_role[EZR_P1] +
                   n1->ez_role[EZR_N1] + n2->ez_role[EZR_N2] + p2->ez_role[EZR_P2] + w0->ez_w0_next_tag[tn1] +
                   n1->ez_n1_word_tag[t0] + sum_weights(m, f, ez_ezafe_pair_features(&p1->w, &w0->w, &n1->w, f));
            if (memo)
                *memo = (score_memo){w0->id, p2->id, p1->id, n1->id, n2->id,
                                     {(unsigned char)tp1, (unsigned char)t0, (unsigned char)tn1, (unsigned char)tn2}, base};
        }
        base += m->ez_edge_l[t0][s->lcode[i]];
        for (int prev = 0; prev < 2; prev++)
            s->score1[2 * i + (size_t)prev] = (double)(base + m->ez_hist[prev][t0][tn1] + w0->ez_history[prev]);
    }
    ez_viterbi(n, s->fixed, s->score1, s->back, out);
}

void ezafe_model_predict(const ezafe_model *m, const char *const *words, const unsigned char *forced,
                         size_t n, unsigned char *out)
{
    ezafe_model_predict_sized(m, words, NULL, forced, n, out);
}

static void predict(const ezafe_model *m, const char *const *words, const size_t *lens, const unsigned char *forced,
                    size_t n, unsigned char *out, int may_split);

/* Tags a sentence whose tokens joined[i] are words joined by ZWNJ: their pieces as tokens. */
static void predict_joined(const ezafe_model *m, const char *const *words, const size_t *lens,
                           const unsigned char *forced, const unsigned char *joined, size_t n, unsigned char *out)
{
    split_sentence x;
    unsigned char *piece_out = NULL;
    if (split_sentence_of(m, words, lens, forced, joined, n, &x) == 0 && !(piece_out = malloc(x.n + 1)))
        split_free(&x);
    if (!piece_out) {
        for (size_t i = 0; i < n; i++) /* out of memory: keep only what the caller already knows */
            out[i] = forced && forced[i] == 1;
        return;
    }
    predict(m, x.words, x.lens, x.forced, x.n, piece_out, 0);
    for (size_t i = 0; i < n; i++)
        out[i] = piece_out[x.last[i]];
    free(piece_out);
    split_free(&x);
}

void ezafe_model_predict_sized(const ezafe_model *m, const char *const *words, const size_t *lens,
                               const unsigned char *forced, size_t n, unsigned char *out)
{
    predict(m, words, lens, forced, n, out, 1);
}

static void predict(const ezafe_model *m, const char *const *words, const size_t *lens, const unsigned char *forced,
                    size_t n, unsigned char *out, int may_split)
{
    struct scratch *s = m->scratch;
    if (reserve(s, n)) { /* out of memory: keep only what the caller already knows */
        for (size_t i = 0; i < n; i++)
            out[i] = forced && forced[i] == 1;
        return;
    }
    /* a new stamp for this sentence (0 marks a slot never used) */
    ezafe_model *mm = (ezafe_model *)m;
    if (++mm->serial == 0)
        mm->serial = 1;
    for (size_t i = 0; i < n; i++) {
        s->len[i] = lens ? lens[i] : strlen(words[i]);
        s->hash[i] = text_hash(words[i], s->len[i]);
        prefetch(set_of(m, s->hash[i]));
    }
    int joined = 0;
    for (size_t i = 0; i < n; i++) {
        s->type[i] = type_of(m, words[i], s->len[i], s->hash[i], &s->own[i]);
        joined |= s->type[i]->joined;
    }
    if (joined && may_split) {
        /* rare: copy the flags out of the scratch, which tagging the pieces reuses */
        unsigned char *flags = malloc(n);
        if (flags) {
            for (size_t i = 0; i < n; i++)
                flags[i] = s->type[i]->joined;
            predict_joined(m, words, lens, forced, flags, n, out);
            free(flags);
            return;
        }
    }
    tag_words(m, s, n);
    decode(m, s, forced, n, out);
}

/* ---- the plain way, for tests ---------------------------------------------------------------- */

void ez_model_predict_reference(const ezafe_model *m, const char *const *words, const unsigned char *forced,
                                size_t n, unsigned char *out)
{
    ez_model_analyse(m, words, forced, n, out, NULL, NULL);
}

static void analyse(const ezafe_model *m, const char *const *words, const unsigned char *forced, size_t n,
                    unsigned char *out, ez_word *words_out, double *score_out);

void ez_model_analyse(const ezafe_model *m, const char *const *words, const unsigned char *forced, size_t n,
                      unsigned char *out, ez_word *words_out, double *score_out)
{
    split_sentence x;
    int joined = 0;
    for (size_t i = 0; i < n && !joined; i++)
        joined = strstr(words[i], ZWNJ_UTF8) != NULL;
    if (joined && split_sentence_of(m, words, NULL, forced, NULL, n, &x) == 0) {
        if (x.n > n) {
            unsigned char *po = malloc(x.n);
            ez_word *pw = words_out ? malloc(x.n * sizeof *pw) : NULL;
            double *ps = score_out ? malloc(2 * x.n * sizeof *ps) : NULL;
            if (po && (pw || !words_out) && (ps || !score_out)) {
                analyse(m, x.words, x.forced, x.n, po, pw, ps);
                for (size_t i = 0; i < n; i++) {
                    out[i] = po[x.last[i]];
                    if (pw)
                        words_out[i] = pw[x.last[i]];
                    if (ps) {
                        score_out[2 * i] = ps[2 * x.last[i]];
                        score_out[2 * i + 1] = ps[2 * x.last[i] + 1];
                    }
                }
            }
            int ok = po && (pw || !words_out) && (ps || !score_out);
            free(po);
            free(pw);
            free(ps);
            split_free(&x);
            if (ok)
                return;
        } else {
            split_free(&x);
        }
    }
    analyse(m, words, forced, n, out, words_out, score_out);
}

/* ---- the word-class tagger alone, for the homograph features ------------------------------- */

size_t ez_model_pieces(const ezafe_model *m, const char *text, size_t len, size_t *off, size_t *plen)
{
    return joined_pieces(m, text, len, off, plen);
}

void ez_model_fold(const ezafe_model *m, const char *text, ez_word *w)
{
    ez_word_fold(text, w);
    set_class(m, w);
}

void ez_model_tag(const ezafe_model *m, const ez_word *w, size_t n, unsigned char *tags)
{
    uint64_t f[EZ_MAX_TAG_FEATURES];
    int t1 = EZC_COUNT, t2 = EZC_COUNT;
    for (size_t i = 0; i < n; i++) {
        if (m->tags.n && !ez_tag_is_fixed(&w[i])) {
            float sum[EZ_TAG_STRIDE] = {0};
            add_tag_rows(m, f, ez_tag_features(w, n, i, t1, t2, f), sum);
            tags[i] = (unsigned char)best_class(sum);
        } else {
            tags[i] = w[i].cls;
        }
        t2 = t1;
        t1 = tags[i];
    }
}

static void analyse(const ezafe_model *m, const char *const *words, const unsigned char *forced, size_t n,
                    unsigned char *out, ez_word *words_out, double *score_out)
{
    ez_word *w = malloc((n ? n : 1) * sizeof *w);
    const ez_word **wp = malloc((n ? n : 1) * sizeof *wp);
    double *score1 = malloc((2 * n + 1) * sizeof *score1);
    unsigned char *fixed = malloc(n + 1), *back = malloc(2 * n + 1);
    uint64_t f[EZ_MAX_FEATURES > EZ_MAX_TAG_FEATURES ? EZ_MAX_FEATURES : EZ_MAX_TAG_FEATURES];
    if (w && wp && score1 && fixed && back) {
        for (size_t i = 0; i < n; i++)
            ez_model_fold(m, words[i], &w[i]);
        unsigned char *tags = back; /* the tags, for the rules (back is not needed before decoding) */
        ez_model_tag(m, w, n, tags);
        for (size_t i = 0; i < n; i++) {
            wp[i] = &w[i];
            w[i].tag = tags[i];
        }
        ez_rule_decisions(wp, tags, n, fixed);
        for (size_t i = 0; i < n; i++) {
            if (forced && forced[i])
                fixed[i] = forced[i];
            for (int prev = 0; prev < 2; prev++)
                score1[2 * i + (size_t)prev] = fixed[i] ? 0.0 : (double)sum_weights(m, f, ez_features(w, n, i, prev, f));
        }
        ez_viterbi(n, fixed, score1, back, out);
        if (words_out)
            memcpy(words_out, w, n * sizeof *w);
        if (score_out)
            memcpy(score_out, score1, 2 * n * sizeof *score1);
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = forced && forced[i] == 1;
    }
    free(w);
    free(wp);
    free(score1);
    free(fixed);
    free(back);
}
