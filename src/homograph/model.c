/* Reading, checking and writing the homograph model file (layout in model.h). Every count and
 * offset is checked against the file's size before it is used: a damaged or truncated file is a
 * clear error at start-up, never a wrong read later. */
#include "model.h"
#include "features.h"
#include "../lexicon/keyset.h"
#include "../util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER 40u
#define MAX_BUCKET_BITS 24u
#define MAX_FILE (1u << 30) /* far more than any model: a bigger file is not one */

typedef struct model_word {
    const char *key;
    uint32_t keylen, first_sense, nsenses;
} model_word;

struct hg_model {
    unsigned char *strings; /* owned copy of the string section */
    model_word *words;
    uint32_t nwords;
    uint32_t *name_off, *name_len; /* per sense */
    uint64_t *keys;
    uint32_t *buckets, *rows;
    uint32_t nfeat, bucket_bits;
    float *weights;
    uint32_t nweights;
    long *slots; /* word key -> index; a power of two */
    size_t nslots;
};

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p) { return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

static float get_f32(const unsigned char *p)
{
    uint32_t u = get_u32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint64_t align8(uint64_t x) { return (x + 7) & ~(uint64_t)7; }

/* Where each section starts, from the header's counts (64-bit: no count can overflow it). */
typedef struct layout {
    uint32_t nwords, nsenses, nfeat, nweights, bits, nstrings;
    uint64_t words, senses, strings, keys, buckets, rows, weights, checksum, size;
} layout;

static void compute_layout(layout *l)
{
    l->words = HEADER;
    l->senses = l->words + 16ull * l->nwords;
    l->strings = l->senses + 8ull * l->nsenses;
    l->keys = align8(l->strings + l->nstrings);
    l->buckets = l->keys + 8ull * l->nfeat;
    l->rows = l->buckets + 4ull * ((1ull << l->bits) + 1);
    l->weights = align8(l->rows + 4ull * l->nfeat);
    l->checksum = align8(l->weights + 4ull * l->nweights);
    l->size = l->checksum + 8;
}

static int fail(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "%s", why);
    return -1;
}

static int read_header(const unsigned char *d, size_t size, layout *l, char *err, size_t errlen)
{
    if (size < HEADER + 8 || memcmp(d, HG_MODEL_MAGIC, 8))
        return fail(err, errlen, "not a Ravi homograph model (no RAVIHOM1 header)");
    uint32_t version = get_u32(d + 8), features = get_u32(d + 12);
    if (version != HG_MODEL_VERSION || features != HG_FEATURE_VERSION) {
        snprintf(err, errlen, "model format %u with features %u, this Ravi reads format %u with "
                 "features %u: retrain it (make train-homographs)", version, features,
                 HG_MODEL_VERSION, HG_FEATURE_VERSION);
        return -1;
    }
    l->nwords = get_u32(d + 16);
    l->nsenses = get_u32(d + 20);
    l->nfeat = get_u32(d + 24);
    l->nweights = get_u32(d + 28);
    l->bits = get_u32(d + 32);
    l->nstrings = get_u32(d + 36);
    if (l->bits > MAX_BUCKET_BITS)
        return fail(err, errlen, "damaged: bucket bits out of range");
    compute_layout(l);
    if (l->size != size)
        return fail(err, errlen, "damaged or truncated: its size does not match its header");
    if (lex_hash((const char *)d, (size_t)l->checksum) != get_u64(d + l->checksum))
        return fail(err, errlen, "damaged: checksum mismatch");
    return 0;
}

static int valid_name(const unsigned char *s, uint32_t len)
{
    if (len == 0 || len > 32)
        return 0;
    for (uint32_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '?' || s[i] == '_' || s[i] == '-'))
            return 0;
    return 1;
}

static int in_strings(const layout *l, uint32_t off, uint32_t len)
{
    return (uint64_t)off + len <= l->nstrings;
}

static int read_words(hg_model *m, const unsigned char *d, const layout *l, char *err, size_t errlen)
{
    m->nwords = l->nwords;
    m->words = calloc(l->nwords ? l->nwords : 1, sizeof *m->words);
    m->name_off = calloc(l->nsenses ? l->nsenses : 1, sizeof *m->name_off);
    m->name_len = calloc(l->nsenses ? l->nsenses : 1, sizeof *m->name_len);
    m->strings = malloc(l->nstrings + 1);
    if (!m->words || !m->name_off || !m->name_len || !m->strings)
        return fail(err, errlen, "out of memory");
    memcpy(m->strings, d + l->strings, l->nstrings);
    m->strings[l->nstrings] = '\0';
    for (uint32_t k = 0; k < l->nsenses; k++) {
        const unsigned char *p = d + l->senses + 8ull * k;
        m->name_off[k] = get_u32(p);
        m->name_len[k] = get_u32(p + 4);
        if (!in_strings(l, m->name_off[k], m->name_len[k]) || !valid_name(m->strings + m->name_off[k], m->name_len[k]))
            return fail(err, errlen, "damaged: a sense name is out of place");
    }
    for (uint32_t i = 0; i < l->nwords; i++) {
        const unsigned char *p = d + l->words + 16ull * i;
        model_word *w = &m->words[i];
        uint32_t off = get_u32(p);
        w->keylen = get_u32(p + 4);
        w->first_sense = get_u32(p + 8);
        w->nsenses = get_u32(p + 12);
        if (!in_strings(l, off, w->keylen) || w->keylen == 0 || w->nsenses < 2 || w->nsenses > HG_MAX_SENSES ||
            (uint64_t)w->first_sense + w->nsenses > l->nsenses)
            return fail(err, errlen, "damaged: a word entry is out of place");
        w->key = (const char *)m->strings + off;
    }
    return 0;
}

static int read_features(hg_model *m, const unsigned char *d, const layout *l, char *err, size_t errlen)
{
    size_t nb = ((size_t)1 << l->bits) + 1;
    m->nfeat = l->nfeat;
    m->bucket_bits = l->bits;
    m->nweights = l->nweights;
    m->keys = malloc((l->nfeat ? l->nfeat : 1) * sizeof *m->keys);
    m->rows = malloc((l->nfeat ? l->nfeat : 1) * sizeof *m->rows);
    m->buckets = malloc(nb * sizeof *m->buckets);
    m->weights = malloc((l->nweights ? l->nweights : 1) * sizeof *m->weights);
    if (!m->keys || !m->rows || !m->buckets || !m->weights)
        return fail(err, errlen, "out of memory");
    for (uint32_t i = 0; i < l->nfeat; i++) {
        m->keys[i] = get_u64(d + l->keys + 8ull * i);
        m->rows[i] = get_u32(d + l->rows + 4ull * i);
        if (!m->keys[i] || (i > 0 && m->keys[i] <= m->keys[i - 1]) || m->rows[i] >= l->nweights)
            return fail(err, errlen, "damaged: the feature table is out of order");
    }
    for (size_t k = 0; k < nb; k++) {
        m->buckets[k] = get_u32(d + l->buckets + 4 * k);
        if (m->buckets[k] > l->nfeat || (k > 0 && m->buckets[k] < m->buckets[k - 1]))
            return fail(err, errlen, "damaged: the feature buckets are out of order");
    }
    if (m->buckets[0] != 0 || m->buckets[nb - 1] != l->nfeat)
        return fail(err, errlen, "damaged: the feature buckets do not cover the table");
    for (uint32_t i = 0; i < l->nweights; i++) {
        m->weights[i] = get_f32(d + l->weights + 4ull * i);
        if (!isfinite(m->weights[i]))
            return fail(err, errlen, "damaged: a weight is not a number");
    }
    return 0;
}

static int index_words(hg_model *m, char *err, size_t errlen)
{
    size_t n = 16;
    while (n < 2 * (size_t)m->nwords)
        n *= 2;
    m->slots = malloc(n * sizeof *m->slots);
    if (!m->slots)
        return fail(err, errlen, "out of memory");
    m->nslots = n;
    for (size_t i = 0; i < n; i++)
        m->slots[i] = -1;
    for (uint32_t i = 0; i < m->nwords; i++) {
        if (hg_model_find_word(m, m->words[i].key, m->words[i].keylen) >= 0)
            return fail(err, errlen, "damaged: a word is there twice");
        size_t j = (size_t)lex_hash(m->words[i].key, m->words[i].keylen) & (n - 1);
        while (m->slots[j] >= 0)
            j = (j + 1) & (n - 1);
        m->slots[j] = (long)i;
    }
    return 0;
}

hg_model *hg_model_from_bytes(const unsigned char *d, size_t size, char *err, size_t errlen)
{
    layout l;
    if (read_header(d, size, &l, err, errlen))
        return NULL;
    hg_model *m = calloc(1, sizeof *m);
    if (!m) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    if (read_words(m, d, &l, err, errlen) || read_features(m, d, &l, err, errlen) ||
        index_words(m, err, errlen)) {
        hg_model_free(m);
        return NULL;
    }
    return m;
}

static int read_file(const char *path, unsigned char **data, size_t *size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    strbuf b;
    sb_init(&b);
    char chunk[65536];
    size_t got;
    int rc = 0;
    while (!rc && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (sb_append(&b, chunk, got) || b.len > MAX_FILE)
            rc = fail(err, errlen, b.len > MAX_FILE ? "too large to be a homograph model" : "out of memory");
    if (!rc && ferror(f))
        rc = fail(err, errlen, errno == EISDIR ? strerror(EISDIR) : "read error");
    fclose(f);
    if (rc) {
        sb_free(&b);
        return -1;
    }
    *data = (unsigned char *)b.s;
    *size = b.len;
    return 0;
}

/* A regular file is mapped, not copied: read_file's growing buffer cost 4.8 M instructions a
 * start-up (callgrind), a tenth of the time to first audio. Returns 0 with *m the model (NULL
 * after an error in err); 1 when the file cannot be mapped (read_file reads it, or says why). */
static int load_mapped(const char *path, hg_model **m, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 1;
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= MAX_FILE)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return 1;
    *m = hg_model_from_bytes(p, (size_t)st.st_size, err, errlen);
    munmap(p, (size_t)st.st_size);
    return 0;
}

hg_model *hg_model_load(const char *path, char *err, size_t errlen)
{
    hg_model *mapped = NULL;
    if (!load_mapped(path, &mapped, err, errlen))
        return mapped;
    unsigned char *data = NULL;
    size_t size = 0;
    if (read_file(path, &data, &size, err, errlen))
        return NULL;
    hg_model *m = hg_model_from_bytes(data ? data : (const unsigned char *)"", size, err, errlen);
    free(data);
    return m;
}

void hg_model_free(hg_model *m)
{
    if (!m)
        return;
    free(m->strings);
    free(m->words);
    free(m->name_off);
    free(m->name_len);
    free(m->keys);
    free(m->buckets);
    free(m->rows);
    free(m->weights);
    free(m->slots);
    free(m);
}

size_t hg_model_nwords(const hg_model *m) { return m->nwords; }

long hg_model_find_word(const hg_model *m, const char *key, size_t len)
{
    size_t mask = m->nslots - 1;
    for (size_t j = (size_t)lex_hash(key, len) & mask;; j = (j + 1) & mask) {
        long at = m->slots[j];
        if (at < 0 || (m->words[at].keylen == len && !memcmp(m->words[at].key, key, len)))
            return at;
    }
}

const char *hg_model_word_key(const hg_model *m, size_t word, size_t *len)
{
    *len = m->words[word].keylen;
    return m->words[word].key;
}

size_t hg_model_nsenses(const hg_model *m, size_t word) { return m->words[word].nsenses; }

const char *hg_model_sense_name(const hg_model *m, size_t word, size_t sense, size_t *len)
{
    uint32_t k = m->words[word].first_sense + (uint32_t)sense;
    *len = m->name_len[k];
    return (const char *)m->strings + m->name_off[k];
}

static long find_feature(const hg_model *m, uint64_t key)
{
    uint64_t b = m->bucket_bits ? key >> (64 - m->bucket_bits) : 0;
    for (uint32_t i = m->buckets[b]; i < m->buckets[b + 1]; i++)
        if (m->keys[i] == key)
            return (long)i;
    return -1;
}

void hg_model_score(const hg_model *m, size_t word, const uint64_t *feats, size_t n, float *scores)
{
    const model_word *w = &m->words[word];
    uint64_t wh = lex_hash(w->key, w->keylen);
    for (uint32_t k = 0; k < w->nsenses; k++)
        scores[k] = 0;
    for (size_t i = 0; i < n; i++) {
        long at = find_feature(m, hg_feature_key(wh, feats[i]));
        if (at < 0 || (uint64_t)m->rows[at] + w->nsenses > m->nweights)
            continue; /* a row that does not fit this word belongs to another */
        const float *row = m->weights + m->rows[at];
        for (uint32_t k = 0; k < w->nsenses; k++)
            scores[k] += row[k];
    }
}

/* ---- writing ---------------------------------------------------------------------------------- */

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    put_u32(p, (uint32_t)v);
    put_u32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t bits_for(size_t n)
{
    uint32_t b = 0;
    while (b < MAX_BUCKET_BITS && ((size_t)4 << b) < n)
        b++;
    return b;
}

/* The sizes of the string and sense sections. */
static void count_strings(const hg_model_parts *p, layout *l)
{
    l->nsenses = 0;
    l->nstrings = 0;
    for (size_t i = 0; i < p->nwords; i++) {
        l->nstrings += (uint32_t)strlen(p->words[i].key);
        for (size_t k = 0; k < p->words[i].nsenses; k++)
            l->nstrings += (uint32_t)strlen(p->words[i].names[k]);
        l->nsenses += (uint32_t)p->words[i].nsenses;
    }
}

static void put_words(unsigned char *d, const layout *l, const hg_model_parts *p)
{
    uint32_t str = 0, sense = 0;
    for (size_t i = 0; i < p->nwords; i++) {
        const hg_model_word_out *w = &p->words[i];
        size_t len = strlen(w->key);
        unsigned char *e = d + l->words + 16 * i;
        memcpy(d + l->strings + str, w->key, len);
        put_u32(e, str);
        put_u32(e + 4, (uint32_t)len);
        put_u32(e + 8, sense);
        put_u32(e + 12, (uint32_t)w->nsenses);
        str += (uint32_t)len;
        for (size_t k = 0; k < w->nsenses; k++, sense++) {
            size_t nl = strlen(w->names[k]);
            memcpy(d + l->strings + str, w->names[k], nl);
            put_u32(d + l->senses + 8ull * sense, str);
            put_u32(d + l->senses + 8ull * sense + 4, (uint32_t)nl);
            str += (uint32_t)nl;
        }
    }
}

static void put_features(unsigned char *d, const layout *l, const hg_model_parts *p)
{
    size_t nb = ((size_t)1 << l->bits) + 1, k = 0;
    for (size_t b = 0; b < nb; b++) {
        while (k < p->nfeat && (l->bits ? p->keys[k] >> (64 - l->bits) : 0) < b)
            k++;
        put_u32(d + l->buckets + 4 * b, b + 1 == nb ? (uint32_t)p->nfeat : (uint32_t)k);
    }
    for (size_t i = 0; i < p->nfeat; i++) {
        put_u64(d + l->keys + 8 * i, p->keys[i]);
        put_u32(d + l->rows + 4 * i, p->rows[i]);
    }
    for (size_t i = 0; i < p->nweights; i++) {
        uint32_t u;
        memcpy(&u, &p->weights[i], sizeof u);
        put_u32(d + l->weights + 4 * i, u);
    }
}

int hg_model_write(const char *path, const hg_model_parts *p, char *err, size_t errlen)
{
    for (size_t i = 0; i < p->nfeat; i++)
        if (!p->keys[i] || (i > 0 && p->keys[i] <= p->keys[i - 1]))
            return fail(err, errlen, "feature keys are not strictly ascending");
    layout l = {0};
    l.nwords = (uint32_t)p->nwords;
    l.nfeat = (uint32_t)p->nfeat;
    l.nweights = (uint32_t)p->nweights;
    l.bits = bits_for(p->nfeat);
    count_strings(p, &l);
    compute_layout(&l);
    unsigned char *d = calloc(1, (size_t)l.size);
    if (!d)
        return fail(err, errlen, "out of memory");
    memcpy(d, HG_MODEL_MAGIC, 8);
    uint32_t head[8] = {HG_MODEL_VERSION, HG_FEATURE_VERSION, l.nwords, l.nsenses, l.nfeat, l.nweights, l.bits, l.nstrings};
    for (int i = 0; i < 8; i++)
        put_u32(d + 8 + 4 * i, head[i]);
    put_words(d, &l, p);
    put_features(d, &l, p);
    put_u64(d + l.checksum, lex_hash((const char *)d, (size_t)l.checksum));
    /* written beside the target and renamed: a failed run leaves the old model whole */
    strbuf tmp;
    sb_init(&tmp);
    if (sb_printf(&tmp, "%s.tmp", path)) {
        free(d);
        return fail(err, errlen, "out of memory");
    }
    FILE *f = fopen(tmp.s, "wb");
    int rc = !f || fwrite(d, 1, (size_t)l.size, f) != l.size;
    if (f && fclose(f))
        rc = 1;
    if (!rc && rename(tmp.s, path))
        rc = 1;
    if (rc) {
        snprintf(err, errlen, "%s", strerror(errno ? errno : EIO));
        remove(tmp.s);
    }
    free(d);
    sb_free(&tmp);
    return rc ? -1 : 0;
}

float hg_model_shared(const hg_model *m, const uint64_t *feats, size_t n, const uint64_t *shapes, size_t nshapes)
{
    float sum = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < nshapes; s++) {
            long at = find_feature(m, hg_shared_key(feats[i], shapes[s]));
            if (at >= 0)
                sum += m->weights[m->rows[at]]; /* rows[at] < nweights: checked at load */
        }
    return sum;
}
