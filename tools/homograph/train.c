/* homograph-train: trains lexicon/homographs.model (model.h) from HomoRich's sentences, this
 * project's sentences (news-sentences.tsv, more-sentences.tsv) and the treebanks' labelled
 * occurrences, for the words and senses of
 * lexicon/homographs.tsv. A log-linear model (softmax over each word's senses) over the features
 * of features.h, the same code the stage runs: weights of the word's own features and weights
 * shared by all words (features with the senses' shapes), fitted by AdaGrad with an L2 pull;
 * deterministic (fixed order, fixed shuffle seed, one thread).
 *   homograph-train DATA_DIR SHARED_DATA OUT_MODEL [EPOCHS [SEED [PRIOR [RATE [L2 [DROPOUT]]]]]]
 * DROPOUT is the share of an example's word features (the bias kept) left out of each step, drawn
 * from the shuffle's generator: the model cannot lean on one context word alone.
 * PRIOR is taken from each rare sense (the list's `rare` field) on the bias feature: the training
 * sentences give every sense about as many examples, news does not.
 * DATA_DIR holds lexicon/ (the list, the ezafe tagger); SHARED_DATA is ../shared/data. */
#include "corpus.h"
#include "ezafe/ezafe.h"
#include "homograph/context.h"
#include "homograph/features.h"
#include "homograph/model.h"
#include "lexicon/keyset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One occurrence to learn from. */
typedef struct instance {
    unsigned word, sense; /* list homograph, sense */
    size_t first, nfeat;  /* its word features (model keys) in the feature array */
    size_t sfirst, nshared; /* its shared features (hg_shared_features) after them */
} instance;

typedef struct training {
    const hg_list *list;
    const spacing_rules *affixes; /* to read homographs inside joined words, as the stage does */
    instance *inst;
    size_t n, cap;
    uint64_t *feats;
    size_t nfeats, fcap;
    /* weights: a row of K floats per (word, feature) key, K the word's senses */
    uint64_t *keys;      /* open addressing, 0 = empty */
    uint32_t *row_of;
    size_t nslots, nkeys;
    float *w;            /* the weights */
    float *g2;           /* the sums of their squared gradients (AdaGrad) */
    size_t nw, wcap;
    uint64_t (*shapes)[HG_MAX_SENSES][HG_MAX_SHAPES]; /* per list word and sense */
    unsigned char (*nshapes)[HG_MAX_SENSES];
} training;

static void die(const char *msg)
{
    fprintf(stderr, "homograph-train: %s\n", msg);
    exit(1);
}

static void add_instance(training *t, unsigned word, unsigned sense, const uint64_t *f, size_t nf,
                         const uint64_t *sf, size_t ns)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4096;
        if (!(t->inst = realloc(t->inst, t->cap * sizeof *t->inst)))
            die("out of memory");
    }
    while (t->nfeats + nf + ns > t->fcap) {
        t->fcap = t->fcap ? 2 * t->fcap : 65536;
        if (!(t->feats = realloc(t->feats, t->fcap * sizeof *t->feats)))
            die("out of memory");
    }
    uint64_t wh = lex_hash(t->list->words[word].key, t->list->words[word].keylen);
    for (size_t i = 0; i < nf; i++)
        t->feats[t->nfeats + i] = hg_feature_key(wh, f[i]);
    memcpy(t->feats + t->nfeats + nf, sf, ns * sizeof *sf);
    t->inst[t->n++] = (instance){word, sense, t->nfeats, nf, t->nfeats + nf, ns};
    t->nfeats += nf + ns;
}

/* ---- reading the examples ------------------------------------------------------------------------ */

typedef struct tally {
    size_t read, used, no_word, no_sense, no_token, settled;
} tally;

static const char *const source_names[] = {"HomoRich seed", "HomoRich generated", "news sentences", "treebanks"};

static void learn_from(training *t, hg_runner *r, hg_context *ctx, const ezafe_model *tagger,
                       const hg_example *e, tally *ty)
{
    ty->read++;
    lex_key k;
    lex_key_init(&k);
    if (lex_key_append_token(&k, e->word))
        die("out of memory");
    const hg_homograph *h = hg_list_find(t->list, k.key.s ? k.key.s : "", k.key.len);
    lex_key_free(&k);
    if (!h) {
        ty->no_word++;
        return;
    }
    long sense = e->source == SRC_NEWS || e->source == SRC_TREEBANK ? hg_sense_index(h, e->label)
                                                                      : hg_sense_of_label(h, e->label);
    if (sense < 0) {
        ty->no_sense++;
        return;
    }
    long i = hg_runner_find(r, e->sentence, e->word, e->occurrence);
    if (i == -2)
        die("the front end failed on a training sentence");
    const token *tok = i >= 0 ? &r->found->tok[i] : NULL;
    if (tok && r->affixed.h && !(r->affixed.senses & (1u << sense))) {
        ty->no_sense++; /* «می» + a noun's sense: a mislabelled sentence */
        return;
    }
    if (!tok || tok->phonemes || (tok->flags & TOKF_LEXICON)) {
        ty->no_token++; /* not written as a word of its own, or a name the lexicon says */
        return;
    }
    if (hg_context_read(ctx, r->found))
        die("out of memory");
    size_t w = ctx->at[i]; /* the token's word in the context */
    hg_context_tag_near(ctx, tagger, w);
    uint64_t f[HG_MAX_FEATURES], sf[HG_MAX_SHARED];
    hg_own_affixes own = {NULL, NULL};
    if (r->affixed.h)
        own = hg_affixed_own(&r->affixed);
    size_t nf = hg_features(ctx->words, ctx->n, w, &own, f);
    size_t ns = hg_shared_features(ctx->words, ctx->n, w, &own, sf);
    add_instance(t, (unsigned)(h - t->list->words), (unsigned)sense, f, nf, sf, ns);
    ty->used++;
}

static void read_sources(training *t, const char *data_dir, const char *shared, hg_examples *x, int *source_of)
{
    char path[4096];
    static const char *const treebanks[] = {
        "perdt-fa_perdt-ud-dev.conllu", "perdt-fa_perdt-ud-test.conllu",
        "seraji-fa_seraji-ud-dev.conllu", "seraji-fa_seraji-ud-test.conllu",
    };
    snprintf(path, sizeof path, "%s/homographs/homorich-seed.json", shared);
    if (hg_read_homorich(path, SRC_HOMORICH, x))
        exit(1);
    snprintf(path, sizeof path, "%s/homographs/homorich-generated-partial.json", shared);
    if (hg_read_homorich(path, SRC_GENERATED, x))
        exit(1);
    static const char *const ours[] = {"news-sentences.tsv", "more-sentences.tsv"};
    for (size_t i = 0; i < sizeof ours / sizeof *ours; i++) {
        snprintf(path, sizeof path, "%s/tools/homograph/%s", data_dir, ours[i]);
        if (hg_read_news(path, x))
            exit(1);
    }
    for (size_t i = 0; i < sizeof treebanks / sizeof *treebanks; i++) {
        snprintf(path, sizeof path, "%s/ud-persian/%s", shared, treebanks[i]);
        if (hg_read_treebank(path, t->list, t->affixes, x))
            exit(1);
    }
    (void)source_of;
}

/* ---- the perceptron ------------------------------------------------------------------------------ */

static size_t slot_of(const training *t, uint64_t key)
{
    size_t mask = t->nslots - 1;
    size_t i = (size_t)(key ^ (key >> 29)) & mask;
    while (t->keys[i] && t->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

/* The row of key (made, zeroed, for a word of k senses when new). */
static uint32_t row(training *t, uint64_t key, size_t k)
{
    if (2 * (t->nkeys + 1) > t->nslots) {
        size_t old = t->nslots;
        uint64_t *keys = t->keys;
        uint32_t *rows = t->row_of;
        t->nslots = old ? 2 * old : 1 << 16;
        t->keys = calloc(t->nslots, sizeof *t->keys);
        t->row_of = calloc(t->nslots, sizeof *t->row_of);
        if (!t->keys || !t->row_of)
            die("out of memory");
        for (size_t i = 0; i < old; i++)
            if (keys[i]) {
                size_t s = slot_of(t, keys[i]);
                t->keys[s] = keys[i];
                t->row_of[s] = rows[i];
            }
        free(keys);
        free(rows);
    }
    size_t s = slot_of(t, key);
    if (t->keys[s])
        return t->row_of[s];
    while (t->nw + k > t->wcap) {
        t->wcap = t->wcap ? 2 * t->wcap : 1 << 16;
        if (!(t->w = realloc(t->w, t->wcap * sizeof *t->w)) || !(t->g2 = realloc(t->g2, t->wcap * sizeof *t->g2)))
            die("out of memory");
    }
    memset(t->w + t->nw, 0, k * sizeof *t->w);
    memset(t->g2 + t->nw, 0, k * sizeof *t->g2);
    t->keys[s] = key;
    t->row_of[s] = (uint32_t)t->nw;
    t->nkeys++;
    t->nw += k;
    return t->row_of[s];
}

static float shared_score(training *t, const instance *in, size_t s)
{
    float sum = 0;
    for (size_t i = 0; i < in->nshared; i++)
        for (size_t h = 0; h < t->nshapes[in->word][s]; h++) {
            /* row() may move t->w: the index first, then the read */
            uint32_t r = row(t, hg_shared_key(t->feats[in->sfirst + i], t->shapes[in->word][s][h]), 1);
            sum += t->w[r];
        }
    return sum;
}

static size_t predict(training *t, const instance *in, size_t k)
{
    float score[HG_MAX_SENSES] = {0};
    for (size_t i = 0; i < in->nfeat; i++) {
        uint32_t r = row(t, t->feats[in->first + i], k);
        for (size_t s = 0; s < k; s++)
            score[s] += t->w[r + s];
    }
    for (size_t s = 0; s < k; s++)
        score[s] += shared_score(t, in, s);
    size_t best = 0;
    for (size_t s = 1; s < k; s++)
        if (score[s] > score[best])
            best = s;
    return best;
}

/* ---- training: softmax over a word's senses, AdaGrad steps with an L2 pull ------------------------ */

typedef struct lr_params {
    float rate, l2, dropout;
} lr_params;

static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return *state >> 33;
}

static void lr_step(training *t, uint32_t r, float grad, const lr_params *lp)
{
    grad -= lp->l2 * t->w[r];
    t->g2[r] += grad * grad;
    t->w[r] += lp->rate * grad / (sqrtf(t->g2[r]) + 1e-6f);
}

static void lr_example(training *t, const instance *in, const lr_params *lp, uint64_t *rng)
{
    size_t k = t->list->words[in->word].nsenses;
    float score[HG_MAX_SENSES] = {0}, p[HG_MAX_SENSES], most = -1e30f, sum = 0;
    unsigned char keep[HG_MAX_FEATURES]; /* dropout: the bias (feature 0) always stays */
    for (size_t i = 0; i < in->nfeat; i++)
        keep[i] = i == 0 || lp->dropout <= 0 || (float)(next_random(rng) % 10000) >= lp->dropout * 10000;
    for (size_t i = 0; i < in->nfeat; i++) {
        if (!keep[i])
            continue;
        uint32_t r = row(t, t->feats[in->first + i], k);
        for (size_t s = 0; s < k; s++)
            score[s] += t->w[r + s];
    }
    for (size_t s = 0; s < k; s++) {
        score[s] += shared_score(t, in, s);
        most = score[s] > most ? score[s] : most;
    }
    for (size_t s = 0; s < k; s++)
        sum += p[s] = expf(score[s] - most);
    for (size_t s = 0; s < k; s++) {
        float g = (s == in->sense ? 1.0f : 0.0f) - p[s] / sum;
        for (size_t i = 0; i < in->nfeat; i++)
            if (keep[i])
                lr_step(t, row(t, t->feats[in->first + i], k) + (uint32_t)s, g, lp);
        for (size_t i = 0; i < in->nshared; i++)
            for (size_t h = 0; h < t->nshapes[in->word][s]; h++) {
                uint32_t r = row(t, hg_shared_key(t->feats[in->sfirst + i], t->shapes[in->word][s][h]), 1);
                            lr_step(t, r, g, lp);
            }
    }
}

static void train(training *t, int epochs, uint64_t seed, const lr_params *lp)
{
    size_t *order = malloc((t->n ? t->n : 1) * sizeof *order);
    if (!order)
        die("out of memory");
    for (size_t i = 0; i < t->n; i++)
        order[i] = i;
    for (int e = 0; e < epochs; e++) {
        for (size_t i = t->n; i > 1; i--) {
            size_t j = (size_t)(next_random(&seed) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        size_t wrong = 0;
        for (size_t i = 0; i < t->n; i++) {
            const instance *in = &t->inst[order[i]];
            wrong += predict(t, in, t->list->words[in->word].nsenses) != in->sense;
            lr_example(t, in, lp, &seed);
        }
        fprintf(stderr, "epoch %d: %zu of %zu wrong before the step\n", e + 1, wrong, t->n);
    }
    free(order);
}

/* ---- writing ---------------------------------------------------------------------------------------- */

typedef struct keyed_row {
    uint64_t key;
    uint32_t row;
} keyed_row;

static int by_key(const void *a, const void *b)
{
    uint64_t x = ((const keyed_row *)a)->key, y = ((const keyed_row *)b)->key;
    return x < y ? -1 : x > y;
}

/* Rows whose weights all stay under this are left out of the model: a smaller file, and on the
 * development set no worse (0.01: 69.1 %, 0.1: 70.5 %, 0.2: 60.9 %). */
#define PRUNE 0.1f

/* The rare senses' handicap, on each trained word's bias row. */
static void add_prior(training *t, float prior)
{
    uint64_t bias[HG_MAX_FEATURES];
    hg_word none = {"", 0, 0, 0, 0, 0, HGW_WORD, 0};
    size_t nb = hg_features(&none, 1, 0, NULL, bias); /* the first feature of any occurrence is the bias */
    if (nb == 0)
        return;
    for (size_t w = 0; w < t->list->n; w++) {
        const hg_homograph *h = &t->list->words[w];
        uint64_t key = hg_feature_key(lex_hash(h->key, h->keylen), bias[0]);
        size_t s = t->nslots ? slot_of(t, key) : 0;
        for (size_t k = 0; k < h->nsenses && t->nslots && t->keys[s]; k++)
            if (h->senses[k].rare)
                t->w[t->row_of[s] + k] -= prior;
    }
}

static void write_model(training *t, const char *out, float prune)
{
    /* the words with examples, in the list's order */
    unsigned char *seen = calloc(t->list->n * HG_MAX_SENSES, 1);
    hg_model_word_out *words = calloc(t->list->n ? t->list->n : 1, sizeof *words);
    unsigned char *keep = calloc(t->list->n ? t->list->n : 1, 1);
    if (!seen || !words || !keep)
        die("out of memory");
    for (size_t i = 0; i < t->n; i++)
        seen[t->inst[i].word * HG_MAX_SENSES + t->inst[i].sense] = 1;
    size_t nwords = 0;
    for (size_t w = 0; w < t->list->n; w++) {
        const hg_homograph *h = &t->list->words[w];
        size_t senses = 0;
        for (size_t k = 0; k < h->nsenses; k++)
            senses += seen[w * HG_MAX_SENSES + k];
        if (senses < 1)
            continue;
        keep[w] = 1;
        words[nwords].key = h->key;
        words[nwords].nsenses = h->nsenses;
        for (size_t k = 0; k < h->nsenses; k++)
            words[nwords].names[k] = h->senses[k].name;
        nwords++;
    }
    /* the rows of kept words with a weight that matters, sorted by key */
    keyed_row *rows = malloc((t->nkeys ? t->nkeys : 1) * sizeof *rows);
    uint64_t *keys = malloc((t->nkeys ? t->nkeys : 1) * sizeof *keys);
    uint32_t *at = malloc((t->nkeys ? t->nkeys : 1) * sizeof *at);
    float *weights = malloc((t->nw ? t->nw : 1) * sizeof *weights);
    if (!rows || !keys || !at || !weights)
        die("out of memory");
    /* which word a row is of: the instances know (key -> word) */
    /* which word a row is of (the instances know), or SHARED */
    const unsigned SHARED = (unsigned)-1;
    unsigned *word_of = malloc((t->nslots ? t->nslots : 1) * sizeof *word_of);
    if (!word_of)
        die("out of memory");
    for (size_t s = 0; s < t->nslots; s++)
        word_of[s] = SHARED;
    for (size_t i = 0; i < t->n && t->nslots; i++)
        for (size_t f = 0; f < t->inst[i].nfeat; f++)
            word_of[slot_of(t, t->feats[t->inst[i].first + f])] = t->inst[i].word;
    size_t nrows = 0, nweights = 0;
    for (size_t s = 0; s < t->nslots; s++) {
        if (!t->keys[s] || (word_of[s] != SHARED && !keep[word_of[s]]))
            continue;
        size_t k = word_of[s] == SHARED ? 1 : t->list->words[word_of[s]].nsenses;
        const float *wr = t->w + t->row_of[s];
        float most = 0;
        for (size_t j = 0; j < k; j++)
            most = wr[j] > most ? wr[j] : -wr[j] > most ? -wr[j] : most;
        if (most < prune)
            continue;
        rows[nrows].key = t->keys[s];
        rows[nrows++].row = t->row_of[s];
        (void)nweights;
    }
    qsort(rows, nrows, sizeof *rows, by_key);
    for (size_t i = 0; i < nrows; i++) {
        unsigned w = word_of[slot_of(t, rows[i].key)];
        size_t k = w == SHARED ? 1 : t->list->words[w].nsenses;
        keys[i] = rows[i].key;
        at[i] = (uint32_t)nweights;
        memcpy(weights + nweights, t->w + rows[i].row, k * sizeof *weights);
        nweights += k;
    }
    hg_model_parts p = {words, nwords, keys, at, nrows, weights, nweights};
    char err[256];
    if (hg_model_write(out, &p, err, sizeof err)) {
        fprintf(stderr, "homograph-train: %s: %s\n", out, err);
        exit(1);
    }
    fprintf(stderr, "%s: %zu words, %zu features, %zu weights\n", out, nwords, nrows, nweights);
    free(seen);
    free(words);
    free(keep);
    free(rows);
    free(keys);
    free(at);
    free(weights);
    free(word_of);
}

static void report(const char *what, const char *name, const char *why)
{
    (void)what;
    fprintf(stderr, "%s: %s\n", name, why);
}

static void print_problem(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    (void)ctx;
    if (is_error)
        fprintf(stderr, "%s:%u: %s\n", file, line, why);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s DATA_DIR SHARED_DATA OUT_MODEL [EPOCHS [SEED [PRIOR [RATE [L2 [DROPOUT]]]]]]\n", argv[0]);
        return 2;
    }
    const char *data_dir = argv[1], *shared = argv[2], *out = argv[3];
    int epochs = argc > 4 ? atoi(argv[4]) : 10;
    uint64_t seed = argc > 5 ? strtoull(argv[5], NULL, 10) : 1;
    float prior = argc > 6 ? strtof(argv[6], NULL) : 0;
    lr_params lp = {argc > 7 ? strtof(argv[7], NULL) : 0.1f, argc > 8 ? strtof(argv[8], NULL) : 0.001f,
                    argc > 9 ? strtof(argv[9], NULL) : 0};
    char path[4096], err[512];
    hg_list list;
    if (hg_list_init(&list))
        return 1;
    snprintf(path, sizeof path, "%s/lexicon/homographs.tsv", data_dir);
    if (hg_list_load_file(&list, path, print_problem, NULL) != 0)
        return 1;
    snprintf(path, sizeof path, "%s/lexicon/ezafe.model", data_dir);
    ezafe_model *tagger = ezafe_model_load(path, err, sizeof err);
    if (!tagger) {
        report("", path, err);
        return 1;
    }
    hg_runner r;
    if (hg_runner_open(&r, data_dir, 0, 0))
        return 1;
    r.loose = 1; /* «می‌خنداند» teaches the context of «خنداند» too, as the stage reads it */
    r.list = &list;
    training t = {0};
    t.list = &list;
    t.affixes = &r.affixes;
    t.shapes = calloc(list.n ? list.n : 1, sizeof *t.shapes);
    t.nshapes = calloc(list.n ? list.n : 1, sizeof *t.nshapes);
    if (!t.shapes || !t.nshapes)
        die("out of memory");
    for (size_t w = 0; w < list.n; w++)
        for (size_t k = 0; k < list.words[w].nsenses; k++)
            t.nshapes[w][k] = (unsigned char)hg_sense_shapes(list.words[w].senses[k].phonemes, list.words[w].senses[k].upos, t.shapes[w][k]);
    hg_examples x = {0};
    read_sources(&t, data_dir, shared, &x, NULL);
    tally ty[4] = {{0}};
    hg_context ctx;
    hg_context_init(&ctx);
    for (size_t i = 0; i < x.n; i++)
        learn_from(&t, &r, &ctx, tagger, &x.e[i], &ty[x.e[i].source]);
    for (int s = 0; s < 4; s++)
        fprintf(stderr, "%-18s %6zu sentences: %6zu used, %zu word not listed, %zu sense not listed, "
                "%zu word not a token\n", source_names[s], ty[s].read, ty[s].used, ty[s].no_word,
                ty[s].no_sense, ty[s].no_token);
    train(&t, epochs, seed, &lp);
    add_prior(&t, prior);
    write_model(&t, out, PRUNE);
    hg_context_free(&ctx);
    hg_examples_free(&x);
    hg_runner_close(&r);
    ezafe_model_free(tagger);
    hg_list_free(&list);
    free(t.inst);
    free(t.feats);
    free(t.keys);
    free(t.row_of);
    free(t.w);
    free(t.g2);
    free(t.shapes);
    free(t.nshapes);
    return 0;
}
