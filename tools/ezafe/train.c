/* ezafe-train: trains the ezafe tagger on the treebanks and PerDT's unlabelled text and writes
 * lexicon/ezafe.model: Brown clusters of the words (brown.c), a word-class tagger (multiclass
 * averaged perceptron, greedy left to right, jackknifed for the classes the ezafe model trains on)
 * and the ezafe model (structured averaged perceptron decoded with Viterbi; the mean of MEMBERS of
 * them trained on different sentence orders, then trained again with the unlabelled text's
 * confident decisions: self-training).
 *   ezafe-train DATA_DIR OUT_MODEL [EPOCHS] [SEED] [MEMBERS] [TAGGER]
 * TAGGER 0 leaves the lexicon's classes in place of the tagger's (for comparison). In the
 * environment: EZAFE_CLUSTERS (128; 0: no clusters), EZAFE_CLUSTER_MIN (2: the fewest times a
 * word is seen to get a cluster), EZAFE_SELF (the self-training margin, 10; 0: none).
 * Every tenth sentence is held out (corpus_is_heldout) and never seen here; with EZAFE_DEV=1 in
 * the environment the dev tenth (corpus_is_dev) is left out too. Deterministic: the only
 * randomness is the sentence order of each epoch, drawn from SEED (SEED + k for member k). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brown.h"
#include "cli/cli.h"
#include "corpus.h"
#include "ezafe/tagger.h"
#include "util.h"

/* Features whose averaged weight is smaller than this are dropped from the model file. */
#define PRUNE_BELOW 0.02
/* Tagger features whose averaged weights all stay below this are dropped. */
#define PRUNE_TAG_BELOW 2.0
/* Words seen fewer times than this get no entry in the word-class lexicon. */
#define CLASS_MIN_COUNT 2
/* The training sentences are cut into this many folds; a word's class in one fold comes from the
 * other folds only, so that training sees unknown words as often as prediction will. */
#define FOLDS 10
#define ALL_FOLDS FOLDS

/* ---- a growable u64 → index map --------------------------------------------------------- */

typedef struct index_map {
    uint64_t *keys;
    size_t *idx;
    size_t mask, used;
} index_map;

static int map_init(index_map *m, size_t cap)
{
    m->keys = calloc(cap, sizeof *m->keys);
    m->idx = calloc(cap, sizeof *m->idx);
    m->mask = cap - 1;
    m->used = 0;
    return m->keys && m->idx ? 0 : -1;
}

static void map_free(index_map *m)
{
    free(m->keys);
    free(m->idx);
}

static size_t map_slot(const index_map *m, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & m->mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    return i;
}

static int map_grow(index_map *m)
{
    index_map bigger;
    if (map_init(&bigger, (m->mask + 1) * 2))
        return -1;
    for (size_t i = 0; i <= m->mask; i++)
        if (m->keys[i]) {
            size_t s = map_slot(&bigger, m->keys[i]);
            bigger.keys[s] = m->keys[i];
            bigger.idx[s] = m->idx[i];
        }
    bigger.used = m->used;
    map_free(m);
    *m = bigger;
    return 0;
}

/* Index of key, adding it as `next` when new; (size_t)-1 when out of memory. */
static size_t map_get_or_add(index_map *m, uint64_t key, size_t next)
{
    if ((m->used + 1) * 2 > m->mask + 1 && map_grow(m))
        return (size_t)-1;
    size_t s = map_slot(m, key);
    if (!m->keys[s]) {
        m->keys[s] = key;
        m->idx[s] = next;
        m->used++;
    }
    return m->idx[s];
}

/* ---- the word-class lexicon ------------------------------------------------------------- */

typedef struct class_lexicon {
    index_map map;
    uint32_t (*counts)[FOLDS][EZC_COUNT];
    uint64_t *keys;
    size_t n, cap;
} class_lexicon;

static int lexicon_count_key(class_lexicon *lx, uint64_t key, int cls, size_t fold)
{
    size_t i = map_get_or_add(&lx->map, key, lx->n);
    if (i == (size_t)-1)
        return -1;
    if (i == lx->n) {
        if (lx->n == lx->cap) {
            lx->cap = lx->cap ? lx->cap * 2 : 4096;
            void *c = realloc(lx->counts, lx->cap * sizeof *lx->counts);
            void *k = realloc(lx->keys, lx->cap * sizeof *lx->keys);
            if (c)
                lx->counts = c;
            if (k)
                lx->keys = k;
            if (!c || !k)
                return -1;
        }
        memset(lx->counts[i], 0, sizeof lx->counts[i]);
        lx->keys[i] = key;
        lx->n++;
    }
    lx->counts[i][fold][cls]++;
    return 0;
}

static int lexicon_count(class_lexicon *lx, const ez_word *w, int cls, size_t fold)
{
    uint64_t keys[EZ_CLASS_KEYS];
    ez_class_keys(w, keys);
    for (int k = 0; k < EZ_CLASS_KEYS; k++)
        if (lexicon_count_key(lx, keys[k], cls, fold))
            return -1;
    return 0;
}

/* The commonest class of entry i, counting every fold but `left_out` (ALL_FOLDS: every fold),
 * and in *second the next commonest when it has a tenth of the counts at least (else EZC_UNK). */
static int lexicon_best2(const class_lexicon *lx, size_t i, size_t left_out, uint32_t *total, int *second)
{
    uint32_t sum[EZC_COUNT] = {0};
    int best = EZC_UNK, next = EZC_UNK;
    *total = 0;
    for (size_t f = 0; f < FOLDS; f++)
        for (int c = 0; c < EZC_COUNT; c++)
            sum[c] += f == left_out ? 0 : lx->counts[i][f][c];
    for (int c = 0; c < EZC_COUNT; c++) {
        *total += sum[c];
        if (sum[c] > sum[best])
            best = c;
    }
    for (int c = 0; c < EZC_COUNT; c++)
        if (c != best && sum[c] > sum[next])
            next = c;
    *second = sum[next] * 10 >= *total && sum[next] > 0 ? next : EZC_UNK;
    return best;
}


/* The commonest class under key (0: none) and in *second the next, as the model file will have
 * them: EZC_UNK when the key is not there or seen too rarely. */
static int lexicon_lookup(const class_lexicon *lx, uint64_t key, size_t left_out, int *second)
{
    *second = EZC_UNK;
    if (!key)
        return EZC_UNK;
    size_t s = map_slot(&lx->map, key);
    if (!lx->map.keys[s])
        return EZC_UNK;
    uint32_t total;
    int best = lexicon_best2(lx, lx->map.idx[s], left_out, &total, second);
    if (total < CLASS_MIN_COUNT)
        *second = best = EZC_UNK;
    return best;
}

/* The class a word gets at prediction time: the lexicon's, if it has the word. */
static int lexicon_class(const class_lexicon *lx, ez_word *w, size_t left_out)
{
    if (w->cls != EZC_UNK)
        return w->cls;
    uint64_t keys[EZ_CLASS_KEYS];
    int cls = EZC_UNK;
    ez_class_keys(w, keys);
    for (int k = 0; k < EZ_CLASS_KEYS; k++) {
        size_t s = map_slot(&lx->map, keys[k]);
        if (!lx->map.keys[s])
            continue;
        uint32_t total;
        int second;
        int best = lexicon_best2(lx, lx->map.idx[s], left_out, &total, &second);
        if (total >= CLASS_MIN_COUNT) {
            if (k == 0)
                w->shape |= EZS_KNOWN;
            w->cls2 = (unsigned char)second;
            cls = best;
            break;
        }
    }
    unsigned ending;
    uint64_t key = w->shape & EZS_KNOWN ? 0 : ez_stem_key(w, &ending);
    int second, best = lexicon_lookup(lx, key, left_out, &second);
    if (best != EZC_UNK)
        w->stem = (unsigned char)(ending | (unsigned)best << 3);
    w->cls = (unsigned char)cls;
    best = lexicon_lookup(lx, ez_indefinite_stem_key(w), left_out, &second);
    ez_set_indefinite_form(w, best, second);
    return cls;
}

/* ---- training data ---------------------------------------------------------------------- */

/* An example's gold label where it is not known (the unlabelled text's words; see
 * add_unlabelled_examples). */
#define LABEL_UNKNOWN 2
/* Self-training labels an unlabelled word with the model's decision when the best sequences with
 * and without ezafe on it differ by this much (EZAFE_SELF; 0: no self-training). */
#define SELF_MARGIN 10

typedef struct example_sentence {
    ez_word *w;
    unsigned char *gold; /* borrowed from the corpus, or owned (fragments, spelled copies) */
    size_t n;
    size_t fold;   /* its fold for the jackknifed word classes (a copy shares its sentence's) */
    int owns_gold;
    unsigned char *gcls; /* the treebank's word classes (owned; NULL for fragments) */
} example_sentence;

static uint64_t next_random(uint64_t *state);

/* Where a sentence may be cut into a verbless fragment (a headline, a caption): after a noun,
 * adjective or number that carries no ezafe, so every label before the cut stays true. */
static size_t pick_cut(const example_sentence *ex, uint64_t *rng)
{
    size_t candidates[512], n = 0;
    for (size_t i = 1; i + 2 < ex->n && n < 512; i++) {
        int c = ex->w[i].cls;
        if (!ex->gold[i] &&
            (c == EZC_NOUN || c == EZC_PROPN || c == EZC_ADJ || c == EZC_NUM || c == EZC_UNK || c == EZC_INDEF))
            candidates[n++] = i;
    }
    return n ? candidates[next_random(rng) % n] : 0;
}

/* A copy of ex cut after word `cut` and closed by a full stop. */
static int make_fragment(const example_sentence *ex, size_t cut, example_sentence *out)
{
    out->n = cut + 2;
    out->w = malloc(out->n * sizeof *out->w);
    out->gold = malloc(out->n);
    out->owns_gold = 1;
    out->fold = ex->fold;
    if (!out->w || !out->gold)
        return -1;
    memcpy(out->w, ex->w, (cut + 1) * sizeof *out->w);
    memcpy(out->gold, ex->gold, cut + 1);
    ez_word_fold(".", &out->w[cut + 1]);
    out->gold[cut + 1] = 0;
    return 0;
}

/* News has headlines and captions without a verb, which the treebanks hardly have: every
 * sentence also gives one such fragment, so a phrase before a full stop can keep its ezafe. */
static int add_fragments(example_sentence *ex, size_t *n, uint64_t seed)
{
    uint64_t rng = seed * 0x2545F4914F6CDD1Dull + 7;
    size_t m = *n;
    for (size_t i = 0; i < *n; i++) {
        size_t cut = pick_cut(&ex[i], &rng);
        if (cut && make_fragment(&ex[i], cut, &ex[m++]))
            return -1;
    }
    *n = m;
    return 0;
}

/* Folds one training sentence into ex (its words counted into the class lexicon under `fold`). */
static int add_example(const ez_sentence *s, class_lexicon *lx, size_t fold, int owns_gold, example_sentence *ex)
{
    ex->w = malloc(s->n * sizeof *ex->w);
    ex->n = s->n;
    ex->fold = fold;
    ex->owns_gold = owns_gold;
    ex->gold = owns_gold ? malloc(s->n) : s->gold;
    ex->gcls = malloc(s->n);
    if (!ex->w || !ex->gold || !ex->gcls)
        return -1;
    memcpy(ex->gcls, s->cls, s->n);
    if (owns_gold)
        memcpy(ex->gold, s->gold, s->n);
    for (size_t j = 0; j < s->n; j++) {
        ez_word_fold(s->words[j], &ex->w[j]);
        /* PerDT writes the ezafe of every silent ه (هٔ): hide it, or the model would learn
         * that a bare ه never takes ezafe, which is how most text spells it. */
        ex->w[j].shape &= (unsigned char)~EZS_WRITTEN;
        if (!(ex->w[j].shape & EZS_PUNCT) && lexicon_count(lx, &ex->w[j], s->cls[j], fold))
            return -1;
        unsigned ending;
        uint64_t key = ez_stem_key(&ex->w[j], &ending);
        if (key && lexicon_count_key(lx, key, s->cls[j], fold))
            return -1;
    }
    return 0;
}

/* Ravi's normalizer spells numbers out before the ezafe stage sees them («سالِ هزار و
 * چهارصد و دو»), while the treebanks write digits: a sentence with numbers is also learned
 * with them in words. Returns 1 when it added the copy, 0 when there was nothing to spell. */
static int add_spelled_copy(const ez_sentence *s, class_lexicon *lx, size_t fold, example_sentence *ex)
{
    ez_sentence spelled = {0};
    int n = sentence_spell_numbers(s, &spelled);
    int rc = n > 0 ? add_example(&spelled, lx, fold, 1, ex) : 0;
    ez_sentence_free(&spelled);
    return n < 0 || rc < 0 ? -1 : n > 0;
}

/* ---- the word-class tagger ------------------------------------------------------------- */

/* A multiclass averaged perceptron: each feature has one weight per class. */
typedef struct class_tagger {
    index_map map;
    uint64_t *keys;
    double (*w)[EZC_COUNT], (*acc)[EZC_COUNT];
    size_t n, cap;
    double t;
} class_tagger;

#define TAG_EPOCHS 10

static void tagger_free(class_tagger *tg)
{
    map_free(&tg->map);
    free(tg->keys);
    free(tg->w);
    free(tg->acc);
    memset(tg, 0, sizeof *tg);
}

static size_t tagger_row(class_tagger *tg, uint64_t key)
{
    size_t i = map_get_or_add(&tg->map, key, tg->n);
    if (i == (size_t)-1 || i < tg->n)
        return i;
    if (tg->n == tg->cap) {
        tg->cap = tg->cap ? tg->cap * 2 : 1u << 14;
        void *k = realloc(tg->keys, tg->cap * sizeof *tg->keys);
        void *w = realloc(tg->w, tg->cap * sizeof *tg->w);
        void *a = realloc(tg->acc, tg->cap * sizeof *tg->acc);
        if (k)
            tg->keys = k;
        if (w)
            tg->w = w;
        if (a)
            tg->acc = a;
        if (!k || !w || !a)
            return (size_t)-1;
    }
    tg->keys[tg->n] = key;
    memset(tg->w[tg->n], 0, sizeof tg->w[tg->n]);
    memset(tg->acc[tg->n], 0, sizeof tg->acc[tg->n]);
    return tg->n++;
}

/* The best class for the features f (classes 1 .. EZC_COUNT-1; ties to the lower), with the
 * current weights (averaged = 0) or the averaged ones (averaged = 1), as model.c decides. */
static int tagger_best(const class_tagger *tg, const uint64_t *f, size_t nf, int averaged)
{
    double sum[EZC_COUNT] = {0};
    for (size_t k = 0; k < nf; k++) {
        size_t s = map_slot(&tg->map, f[k]);
        if (!tg->map.keys[s])
            continue;
        size_t r = tg->map.idx[s];
        for (int c = 0; c < EZC_COUNT; c++)
            sum[c] += averaged ? (double)(float)(tg->w[r][c] - tg->acc[r][c] / tg->t) : tg->w[r][c];
    }
    int best = 1;
    for (int c = 2; c < EZC_COUNT; c++)
        if (sum[c] > sum[best])
            best = c;
    return best;
}

/* Tags ex's words into w[].tag, greedy left to right as model.c does. */
static void tagger_tag(const class_tagger *tg, example_sentence *ex, int averaged)
{
    uint64_t feats[EZ_MAX_TAG_FEATURES];
    int t1 = EZC_COUNT, t2 = EZC_COUNT;
    for (size_t i = 0; i < ex->n; i++) {
        ez_word *w = &ex->w[i];
        w->tag = ez_tag_is_fixed(w) ? w->cls
                                    : (unsigned char)tagger_best(tg, feats, ez_tag_features(ex->w, ex->n, i, t1, t2, feats), averaged);
        t2 = t1;
        t1 = w->tag;
    }
}

/* Trains on the examples whose fold is not `left_out` (ALL_FOLDS: on all), sentences only. */
static int tagger_train(class_tagger *tg, example_sentence *ex, size_t nex, size_t left_out)
{
    uint64_t feats[EZ_MAX_TAG_FEATURES];
    if (map_init(&tg->map, 1u << 17))
        return -1;
    for (int e = 0; e < TAG_EPOCHS; e++) {
        for (size_t r = 0; r < nex; r++) {
            /* odd epochs read the sentences backwards: a cheap, fixed reshuffle */
            example_sentence *x = &ex[e % 2 ? nex - 1 - r : r];
            if (!x->gcls || x->fold == left_out)
                continue;
            int t1 = EZC_COUNT, t2 = EZC_COUNT;
            for (size_t i = 0; i < x->n; i++) {
                if (ez_tag_is_fixed(&x->w[i])) {
                    t2 = t1;
                    t1 = x->w[i].cls;
                    continue;
                }
                size_t nf = ez_tag_features(x->w, x->n, i, t1, t2, feats);
                int pred = tagger_best(tg, feats, nf, 0), gold = x->gcls[i];
                tg->t += 1.0;
                if (gold > EZC_UNK && gold < EZC_COUNT && pred != gold)
                    for (size_t k = 0; k < nf; k++) {
                        size_t row = tagger_row(tg, feats[k]);
                        if (row == (size_t)-1)
                            return -1;
                        tg->w[row][gold] += 1.0;
                        tg->acc[row][gold] += tg->t;
                        tg->w[row][pred] -= 1.0;
                        tg->acc[row][pred] -= tg->t;
                    }
                t2 = t1;
                t1 = pred; /* training sees its own guesses, as tagging will */
            }
        }
    }
    return 0;
}

static const char *const class_names[EZC_COUNT] = {"UNK", "NOUN", "PROPN", "ADJ", "VERB", "ADP", "CCONJ", "SCONJ",
                                                   "DET", "NUM", "ADV", "PRON", "PART", "PUNCT", "OTHER", "INDEF"};

/* The tagger's commonest confusions (gold → tagged), to see which lines it draws badly. */
static void report_confusions(const char *what, size_t confusion[EZC_COUNT][EZC_COUNT])
{
    fprintf(stderr, "  commonest confusions, %s (treebank class → tag):", what);
    for (int shown = 0; shown < 8; shown++) {
        size_t best = 0;
        int bg = 0, bt = 0;
        for (int g = 0; g < EZC_COUNT; g++)
            for (int t = 0; t < EZC_COUNT; t++)
                if (g != t && confusion[g][t] > best) {
                    best = confusion[g][t];
                    bg = g;
                    bt = t;
                }
        if (!best)
            break;
        fprintf(stderr, " %s→%s %zu", class_names[bg], class_names[bt], best);
        confusion[bg][bt] = 0;
    }
    fputc('\n', stderr);
}

/* Every example's tags come from a tagger trained on the other folds (jackknifing), so the ezafe
 * model trains on tags as good, and as wrong, as it will see; `final` is then trained on all. */
static int tag_examples(example_sentence *ex, size_t nex, class_tagger *final)
{
    size_t right = 0, total = 0, oov_right = 0, oov_total = 0, coarse_right = 0, coarse_oov_right = 0, confusion[EZC_COUNT][EZC_COUNT] = {{0}},
           oov_confusion[EZC_COUNT][EZC_COUNT] = {{0}};
    for (size_t k = 0; k < FOLDS; k++) {
        class_tagger tg = {0};
        if (tagger_train(&tg, ex, nex, k)) {
            tagger_free(&tg);
            return -1;
        }
        for (size_t i = 0; i < nex; i++)
            if (ex[i].fold == k) {
                tagger_tag(&tg, &ex[i], 1);
                for (size_t j = 0; j < ex[i].n; j++)
                    if (ex[i].w[j].cls != EZC_PUNCT) {
                        int ok = ex[i].w[j].tag == ex[i].gcls[j];
                        int tag = ex[i].w[j].tag == EZC_INDEF ? EZC_NOUN : ex[i].w[j].tag;
                        int gold = ex[i].gcls[j] == EZC_INDEF ? EZC_NOUN : ex[i].gcls[j];
                        right += ok;
                        coarse_right += tag == gold;
                        total++;
                        if (!(ex[i].w[j].shape & EZS_KNOWN)) {
                            oov_right += ok;
                            coarse_oov_right += tag == gold;
                            oov_total++;
                            if (ex[i].gcls[j] < EZC_COUNT && ex[i].w[j].tag < EZC_COUNT)
                                oov_confusion[ex[i].gcls[j]][ex[i].w[j].tag]++;
                        }
                        if (ex[i].gcls[j] < EZC_COUNT && ex[i].w[j].tag < EZC_COUNT)
                            confusion[ex[i].gcls[j]][ex[i].w[j].tag]++;
                    }
            }
        tagger_free(&tg);
    }
    fprintf(stderr, "word-class tagger (jackknifed): %.2f%% of %zu words right; words the lexicon does not know: %.2f%% of %zu\n",
            100.0 * (double)right / (double)total, total, 100.0 * (double)oov_right / (double)(oov_total ? oov_total : 1),
            oov_total);
    fprintf(stderr, "  with INDEF counted as NOUN (the treebanks' own classes): %.2f%%; unknown words %.2f%%\n",
            100.0 * (double)coarse_right / (double)total,
            100.0 * (double)coarse_oov_right / (double)(oov_total ? oov_total : 1));
    report_confusions("all words", confusion);
    report_confusions("unknown words", oov_confusion);
    return tagger_train(final, ex, nex, ALL_FOLDS);
}

/* Whether treebank sentence i is one training may read (not held out, nor the dev tenth when
 * EZAFE_DEV asks for it). */
static int is_training_sentence(size_t i, int dev) { return !corpus_is_heldout(i) && !(dev && corpus_is_dev(i)); }

/* ---- word clusters ------------------------------------------------------------------------- */

/* Words seen fewer times than this in the unlabelled and training text get no cluster. */
#define CLUSTER_MIN_COUNT 2

static int env_int(const char *name, int fallback)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : fallback;
}

static void push_sentence_keys(const ez_sentence *s, uint64_t *keys, size_t *n)
{
    for (size_t j = 0; j < s->n; j++) {
        ez_word w;
        ez_word_fold(s->words[j], &w);
        keys[(*n)++] = w.h_form;
    }
    keys[(*n)++] = 0;
}

/* Brown clusters of the words of the unlabelled text and of the training sentences (never the
 * held-out or dev ones): `window` clusters (EZAFE_CLUSTERS, 0: none). */
static int learn_clusters(const ez_corpus *text, const ez_corpus *c, int dev, brown_clusters *bc)
{
    int window = env_int("EZAFE_CLUSTERS", 128);
    memset(bc, 0, sizeof *bc);
    if (window <= 0)
        return 0;
    size_t total = 0, n = 0;
    for (size_t i = 0; i < text->n; i++)
        total += text->s[i].n + 1;
    for (size_t i = 0; i < c->n; i++)
        total += c->s[i].n + 1;
    uint64_t *keys = malloc((total + 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t i = 0; i < text->n; i++)
        push_sentence_keys(&text->s[i], keys, &n);
    for (size_t i = 0; i < c->n; i++)
        if (is_training_sentence(i, dev))
            push_sentence_keys(&c->s[i], keys, &n);
    int rc = brown_cluster(keys, n, (unsigned)env_int("EZAFE_CLUSTER_MIN", CLUSTER_MIN_COUNT), (unsigned)window, bc);
    free(keys);
    if (rc == 0)
        fprintf(stderr, "word clusters: %zu words of %zu tokens in %d clusters\n", bc->n, n, window);
    return rc;
}

static int fold_corpus(const ez_corpus *c, class_lexicon *lx, example_sentence **out, size_t *nout,
                       uint64_t seed, class_tagger *tg, const brown_clusters *bc)
{
    example_sentence *ex = calloc(4 * c->n, sizeof *ex);
    size_t m = 0, fold = 0;
    int dev = corpus_dev_mode();
    if (!ex)
        return -1;
    *out = ex;
    for (size_t i = 0; i < c->n; i++, *nout = m) { /* *nout: what to free if this fails */
        if (!is_training_sentence(i, dev))
            continue;
        if (add_example(&c->s[i], lx, fold, 0, &ex[m++]))
            return -1;
        int added = add_spelled_copy(&c->s[i], lx, fold, &ex[m]);
        if (added < 0)
            return -1;
        m += (size_t)added;
        fold = (fold + 1) % FOLDS;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < ex[i].n; j++) {
            ex[i].w[j].tag = ex[i].w[j].cls = (unsigned char)lexicon_class(lx, &ex[i].w[j], ex[i].fold);
            ex[i].w[j].cluster = brown_path_of(bc, ex[i].w[j].h_form);
        }
    if (tg && tag_examples(ex, m, tg))
        return -1;
    if (add_fragments(ex, &m, seed))
        return -1;
    *nout = m;
    return 0;
}

/* ---- the unlabelled text, for self-training ------------------------------------------------- */

/* Self-training: each sentence of the unlabelled text, folded, classed and tagged as at run time
 * (by the tagger trained on every treebank sentence), labels unknown (LABEL_UNKNOWN) until
 * self_label decides the confident ones. PerDT's written ezafe on a silent ه (هٔ) is hidden, as in
 * the treebank sentences. */
static int add_unlabelled_example(const ez_sentence *s, class_lexicon *lx, const class_tagger *tg,
                                  const brown_clusters *bc, example_sentence *ex)
{
    memset(ex, 0, sizeof *ex);
    ex->w = malloc((s->n + 1) * sizeof *ex->w);
    ex->gold = malloc(s->n + 1);
    ex->n = s->n;
    ex->owns_gold = 1;
    if (!ex->w || !ex->gold)
        return -1;
    for (size_t j = 0; j < s->n; j++) {
        ez_word *w = &ex->w[j];
        ez_word_fold(s->words[j], w);
        w->shape &= (unsigned char)~EZS_WRITTEN;
        w->tag = w->cls = (unsigned char)lexicon_class(lx, w, ALL_FOLDS);
        w->cluster = brown_path_of(bc, w->h_form);
        ex->gold[j] = LABEL_UNKNOWN;
    }
    if (tg->n)
        tagger_tag(tg, ex, 1);
    return 0;
}

/* Appends the unlabelled text's sentences when self-training is asked for (EZAFE_SELF > 0). */
static int add_unlabelled_examples(const ez_corpus *text, class_lexicon *lx, const class_tagger *tg,
                                   const brown_clusters *bc, example_sentence **ex, size_t *nex)
{
    if (env_int("EZAFE_SELF", SELF_MARGIN) <= 0 || !text->n)
        return 0;
    example_sentence *more = realloc(*ex, (*nex + text->n) * sizeof **ex);
    if (!more)
        return -1;
    *ex = more;
    for (size_t i = 0; i < text->n; i++, (*nex)++)
        if (add_unlabelled_example(&text->s[i], lx, tg, bc, &more[*nex])) {
            free(more[*nex].w);
            free(more[*nex].gold);
            return -1;
        }
    return 0;
}

/* ---- the averaged perceptron ------------------------------------------------------------ */

typedef struct perceptron {
    index_map map;
    uint64_t *keys;
    double *w, *acc; /* weights and (update x time) sums for averaging */
    size_t n, cap;
    double t;        /* examples seen */
} perceptron;

static size_t feature_index(perceptron *p, uint64_t key)
{
    size_t i = map_get_or_add(&p->map, key, p->n);
    if (i == (size_t)-1 || i < p->n)
        return i;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1u << 16;
        void *k = realloc(p->keys, p->cap * sizeof *p->keys);
        void *w = realloc(p->w, p->cap * sizeof *p->w);
        void *a = realloc(p->acc, p->cap * sizeof *p->acc);
        if (k)
            p->keys = k;
        if (w)
            p->w = w;
        if (a)
            p->acc = a;
        if (!k || !w || !a)
            return (size_t)-1;
    }
    p->keys[p->n] = key;
    p->w[p->n] = p->acc[p->n] = 0.0;
    return p->n++;
}

static double perceptron_score(const perceptron *p, const uint64_t *f, size_t nf)
{
    double sum = 0.0;
    for (size_t k = 0; k < nf; k++) {
        size_t s = map_slot(&p->map, f[k]);
        if (p->map.keys[s])
            sum += p->w[p->map.idx[s]];
    }
    return sum;
}

static int perceptron_update(perceptron *p, const uint64_t *f, size_t nf, double y)
{
    for (size_t k = 0; k < nf; k++) {
        size_t i = feature_index(p, f[k]);
        if (i == (size_t)-1)
            return -1;
        p->w[i] += y;
        p->acc[i] += y * p->t;
    }
    return 0;
}

static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

typedef struct epoch_stats {
    size_t tokens, errors, rule_conflicts;
} epoch_stats;

/* The rules' decisions for each token of ex (ez_rule_decisions). Returns 0, -1 when out of memory. */
static int rule_decisions(const example_sentence *ex, unsigned char *fixed)
{
    const ez_word **w = malloc((ex->n + 1) * sizeof *w);
    if (!w)
        return -1;
    unsigned char *tags = malloc(ex->n + 1);
    if (!tags) {
        free(w);
        return -1;
    }
    for (size_t i = 0; i < ex->n; i++) {
        w[i] = &ex->w[i];
        tags[i] = ex->w[i].tag;
    }
    ez_rule_decisions(w, tags, ex->n, fixed);
    free(w);
    free(tags);
    return 0;
}

/* Structured perceptron step: decodes the whole sentence with Viterbi under the current weights
 * and, where the best sequence differs from the gold one, moves the weights towards the gold
 * sequence's features (token i labelled 1 after label prev fires ez_features(i, prev)). */
static int train_sentence(perceptron *p, const example_sentence *ex, epoch_stats *st)
{
    uint64_t feats[EZ_MAX_FEATURES];
    size_t n = ex->n;
    unsigned char *fixed = malloc(n), *back = malloc(2 * n), *pred = malloc(n), *gold = malloc(n), *known = malloc(n);
    double *score1 = malloc(2 * n * sizeof *score1);
    int rc = fixed && back && pred && gold && known && score1 ? rule_decisions(ex, fixed) : -1, partial = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        st->rule_conflicts += fixed[i] == 2 && ex->gold[i] == 1;
        gold[i] = fixed[i] ? fixed[i] == 1 : ex->gold[i];
        known[i] = fixed[i] ? fixed[i] : ex->gold[i] == LABEL_UNKNOWN ? 0 : ex->gold[i] ? 1 : 2;
        partial |= !known[i];
        score1[2 * i] = score1[2 * i + 1] = 0.0;
        if (fixed[i])
            continue;
        for (int prev = 0; prev < 2; prev++)
            score1[2 * i + (size_t)prev] = perceptron_score(p, feats, ez_features(ex->w, n, i, prev, feats));
    }
    if (rc == 0)
        ez_viterbi(n, fixed, score1, back, pred);
    if (rc == 0 && partial) /* the gold sequence: the best one that keeps the labels known */
        ez_viterbi(n, known, score1, back, gold);
    p->t += 1.0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (fixed[i])
            continue;
        if (ex->gold[i] != LABEL_UNKNOWN) {
            st->tokens++;
            st->errors += pred[i] != gold[i];
        }
        int gp = i ? gold[i - 1] : 0, pp = i ? pred[i - 1] : 0;
        if (gold[i] == pred[i] && (!gold[i] || gp == pp))
            continue;
        if (gold[i] && perceptron_update(p, feats, ez_features(ex->w, n, i, gp, feats), 1.0))
            rc = -1;
        if (pred[i] && perceptron_update(p, feats, ez_features(ex->w, n, i, pp, feats), -1.0))
            rc = -1;
    }
    free(fixed);
    free(back);
    free(pred);
    free(gold);
    free(known);
    free(score1);
    return rc;
}

static int train(perceptron *p, const example_sentence *ex, size_t nex, int epochs, uint64_t seed)
{
    size_t *order = malloc(nex * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < nex; i++)
        order[i] = i;
    uint64_t rng = seed * 0x9E3779B97F4A7C15ull + 1;
    for (int e = 0; e < epochs; e++) {
        for (size_t i = nex; i > 1; i--) {
            size_t j = (size_t)(next_random(&rng) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        epoch_stats st = {0, 0, 0};
        for (size_t i = 0; i < nex; i++)
            if (train_sentence(p, &ex[order[i]], &st)) {
                free(order);
                return -1;
            }
        fprintf(stderr, "epoch %2d: %zu tagged tokens, %zu mistakes (%.2f%%), %zu gold ezafe forbidden by rules\n",
                e + 1, st.tokens, st.errors, 100.0 * (double)st.errors / (double)st.tokens, st.rule_conflicts);
    }
    free(order);
    return 0;
}

/* Trains `members` perceptrons, each on its own sentence order (seeds seed, seed + 1, ...), and
 * puts the mean of their averaged weights into ens (as weights with nothing left to average):
 * one model file, one lookup per feature at run time, less dependence on the order drawn. */
static void perceptron_free(perceptron *p)
{
    map_free(&p->map);
    free(p->keys);
    free(p->w);
    free(p->acc);
    memset(p, 0, sizeof *p);
}

static int train_ensemble(perceptron *ens, const example_sentence *ex, size_t nex, int epochs, uint64_t seed,
                          int members)
{
    for (int k = 0; k < members; k++) {
        perceptron q = {0};
        if (map_init(&q.map, 1u << 18) || train(&q, ex, nex, epochs, seed + (uint64_t)k)) {
            perceptron_free(&q);
            return -1;
        }
        for (size_t i = 0; i < q.n; i++) {
            size_t j = feature_index(ens, q.keys[i]);
            if (j == (size_t)-1) {
                perceptron_free(&q);
                return -1;
            }
            ens->w[j] += (q.w[i] - q.acc[i] / q.t) / members;
        }
        perceptron_free(&q);
    }
    ens->t = 1.0;
    return 0;
}

/* ---- self-training -------------------------------------------------------------------------- */

/* For each token, the score of the best sequence that labels it 1 minus that of the best that
 * labels it 0 (max-marginals), from the sequence scores of ez_viterbi. */
static void max_margins(size_t n, const unsigned char *fixed, const double *score1, double *margin)
{
    double (*fw)[2] = malloc((n + 1) * sizeof *fw), (*bw)[2] = malloc((n + 1) * sizeof *bw);
    if (!fw || !bw) {
        for (size_t i = 0; i < n; i++)
            margin[i] = 0.0;
        free(fw);
        free(bw);
        return;
    }
    const double none = -1e300;
    for (size_t i = 0; i < n; i++) { /* fw[i][y]: the best prefix ending in label y at i */
        double b0 = i ? fw[i - 1][0] : 0.0, b1 = i ? fw[i - 1][1] : none;
        fw[i][0] = fixed[i] == 1 ? none : (b0 > b1 ? b0 : b1);
        double v0 = b0 + score1[2 * i], v1 = b1 + score1[2 * i + 1];
        fw[i][1] = fixed[i] == 2 ? none : (v0 > v1 ? v0 : v1);
    }
    for (size_t i = n; i-- > 0;) { /* bw[i][y]: the best suffix after i, given label y at i */
        if (i + 1 == n) {
            bw[i][0] = bw[i][1] = 0.0;
            continue;
        }
        for (int y = 0; y < 2; y++) {
            double to0 = fixed[i + 1] == 1 ? none : bw[i + 1][0];
            double to1 = fixed[i + 1] == 2 ? none : bw[i + 1][1] + score1[2 * (i + 1) + (size_t)y];
            bw[i][y] = to0 > to1 ? to0 : to1;
        }
    }
    for (size_t i = 0; i < n; i++)
        margin[i] = (fw[i][1] + bw[i][1]) - (fw[i][0] + bw[i][0]);
    free(fw);
    free(bw);
}

/* Labels the unknown tokens of the unlabelled examples ex[from ..] whose decision under p is
 * confident (|max-margin| >= threshold); the others stay unknown. */
static int self_label(const perceptron *p, example_sentence *ex, size_t from, size_t nex, double threshold)
{
    uint64_t feats[EZ_MAX_FEATURES];
    size_t labelled = 0, total = 0;
    for (size_t e = from; e < nex; e++) {
        size_t n = ex[e].n;
        unsigned char *fixed = malloc(n);
        double *score1 = malloc(2 * n * sizeof *score1), *margin = malloc(n * sizeof *margin);
        if (!fixed || !score1 || !margin || rule_decisions(&ex[e], fixed)) {
            free(fixed);
            free(score1);
            free(margin);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            score1[2 * i] = score1[2 * i + 1] = 0.0;
            if (!fixed[i])
                for (int prev = 0; prev < 2; prev++)
                    score1[2 * i + (size_t)prev] = perceptron_score(p, feats, ez_features(ex[e].w, n, i, prev, feats));
        }
        max_margins(n, fixed, score1, margin);
        for (size_t i = 0; i < n; i++) {
            if (fixed[i] || ex[e].gold[i] != LABEL_UNKNOWN)
                continue;
            total++;
            if (margin[i] >= threshold || margin[i] <= -threshold) {
                ex[e].gold[i] = margin[i] > 0;
                labelled++;
            }
        }
        free(fixed);
        free(score1);
        free(margin);
    }
    fprintf(stderr, "self-training: %zu of %zu unknown labels decided with a margin of %.1f or more\n", labelled, total,
            threshold);
    return 0;
}

/* Labels the unlabelled text's confident tokens (margin EZAFE_SELF) with the model trained on the
 * treebanks, then trains it again from the start on them too. */
static int self_train(perceptron *p, example_sentence *ex, size_t from, size_t nex, int epochs, uint64_t seed, int members)
{
    int threshold = env_int("EZAFE_SELF", SELF_MARGIN);
    if (threshold <= 0 || from == nex)
        return 0;
    if (self_label(p, ex, from, nex, threshold))
        return -1;
    perceptron_free(p);
    return map_init(&p->map, 1u << 18) || train_ensemble(p, ex, nex, epochs, seed, members) ? -1 : 0;
}

/* ---- writing the model ------------------------------------------------------------------ */

typedef struct keyed_weight {
    uint64_t key;
    float weight;
} keyed_weight;

typedef struct keyed_class {
    uint64_t key;
    unsigned char cls;
} keyed_class;

static int by_key_w(const void *a, const void *b)
{
    uint64_t x = ((const keyed_weight *)a)->key, y = ((const keyed_weight *)b)->key;
    return x < y ? -1 : x > y;
}

static int by_key_c(const void *a, const void *b)
{
    uint64_t x = ((const keyed_class *)a)->key, y = ((const keyed_class *)b)->key;
    return x < y ? -1 : x > y;
}

static size_t averaged_weights(const perceptron *p, keyed_weight *out)
{
    size_t m = 0;
    for (size_t i = 0; i < p->n; i++) {
        double avg = p->w[i] - p->acc[i] / p->t;
        if (fabs(avg) >= PRUNE_BELOW)
            out[m++] = (keyed_weight){p->keys[i], (float)avg};
    }
    qsort(out, m, sizeof *out, by_key_w);
    return m;
}

static size_t lexicon_entries(const class_lexicon *lx, keyed_class *out)
{
    size_t m = 0;
    for (size_t i = 0; i < lx->n; i++) {
        uint32_t total;
        int second;
        int best = lexicon_best2(lx, i, ALL_FOLDS, &total, &second);
        if (total >= CLASS_MIN_COUNT && best != EZC_UNK)
            out[m++] = (keyed_class){lx->keys[i], (unsigned char)(best | second << 4)};
    }
    qsort(out, m, sizeof *out, by_key_c);
    return m;
}

static int by_key_r(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The tagger's features whose averaged weights are not all negligible, as (key, row) pairs sorted
 * by key in out (2 x u64 per entry). */
static size_t tagger_entries(const class_tagger *tg, uint64_t *out)
{
    size_t m = 0;
    for (size_t i = 0; i < tg->n; i++) {
        int keep = 0;
        for (int c = 0; c < EZC_COUNT; c++)
            keep |= fabs(tg->w[i][c] - tg->acc[i][c] / tg->t) >= PRUNE_TAG_BELOW;
        if (keep) {
            out[2 * m] = tg->keys[i];
            out[2 * m + 1] = i;
            m++;
        }
    }
    qsort(out, m, 2 * sizeof *out, by_key_r);
    return m;
}

static int write_model(const char *path, const perceptron *p, const class_lexicon *lx, const class_tagger *tg,
                       const brown_clusters *bc)
{
    uint64_t *te = malloc((2 * tg->n + 2) * sizeof *te);
    size_t nt = te ? tagger_entries(tg, te) : 0;
    keyed_weight *fw = malloc((p->n + 1) * sizeof *fw);
    keyed_class *cw = malloc((lx->n + 1) * sizeof *cw);
    size_t nf = fw ? averaged_weights(p, fw) : 0, nc = cw ? lexicon_entries(lx, cw) : 0;
    uint64_t *ckeys = malloc((nc + 1) * sizeof *ckeys), *fkeys = malloc((nf + 1) * sizeof *fkeys);
    uint64_t *tkeys = malloc((nt + 1) * sizeof *tkeys);
    unsigned char *cvalues = malloc(nc + 1);
    float *fweights = malloc((nf + 1) * sizeof *fweights), *tweights = malloc((nt * EZC_COUNT + 1) * sizeof *tweights);
    size_t size = 0;
    if (te && fw && cw && ckeys && fkeys && tkeys && cvalues && fweights && tweights) {
        for (size_t i = 0; i < nc; i++) {
            ckeys[i] = cw[i].key;
            cvalues[i] = cw[i].cls;
        }
        for (size_t i = 0; i < nf; i++) {
            fkeys[i] = fw[i].key;
            fweights[i] = fw[i].weight;
        }
        for (size_t i = 0; i < nt; i++) {
            size_t r = (size_t)te[2 * i + 1];
            tkeys[i] = te[2 * i];
            for (int c = 0; c < EZC_COUNT; c++)
                tweights[i * EZC_COUNT + (size_t)c] = (float)(tg->w[r][c] - tg->acc[r][c] / tg->t);
        }
        ez_model_parts parts = {nc, nf, nt, bc->n, ckeys, cvalues, fkeys, fweights, tkeys, tweights, bc->keys, bc->paths};
        size = ez_model_write(path, &parts);
        fprintf(stderr, "%s: %zu word classes, %zu of %zu features kept, %zu of %zu tagger features, %zu word clusters, %zu bytes\n",
                path, nc, nf, p->n, nt, tg->n, bc->n, size);
    }
    free(te);
    free(fw);
    free(cw);
    free(ckeys);
    free(fkeys);
    free(tkeys);
    free(cvalues);
    free(fweights);
    free(tweights);
    return size ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR OUT_MODEL [EPOCHS] [SEED] [MEMBERS] [TAGGER]\n", argv[0]);
        return 2;
    }
    int epochs = argc > 3 ? atoi(argv[3]) : 8;
    uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    int members = argc > 5 ? atoi(argv[5]) : 1;
    int use_tagger = argc > 6 ? atoi(argv[6]) : 1; /* 0: the lexicon's classes only (for comparison) */
    if (members < 1)
        members = 1;
    ez_corpus c = {0}, text = {0};
    brown_clusters bc = {0};
    char text_path[4096];
    class_lexicon lx = {0};
    class_tagger tg = {0};
    perceptron p = {0};
    example_sentence *ex = NULL;
    size_t nex = 0, nlabelled = 0;
    int rc = 1;
    snprintf(text_path, sizeof text_path, "%s/%s", argv[1], EZ_UNLABELLED_FILE);
    if (corpus_read_treebanks(argv[1], &c) || corpus_read_tokens(text_path, &text) ||
        learn_clusters(&text, &c, corpus_dev_mode(), &bc) || map_init(&lx.map, 1u << 16) || map_init(&p.map, 1u << 18) ||
        fold_corpus(&c, &lx, &ex, &nex, seed, use_tagger ? &tg : NULL, &bc) ||
        (nlabelled = nex, add_unlabelled_examples(&text, &lx, &tg, &bc, &ex, &nex)) ||
        train_ensemble(&p, ex, nlabelled, epochs, seed, members) || self_train(&p, ex, nlabelled, nex, epochs, seed, members)) {
        cli_error("training failed");
    } else if (write_model(argv[2], &p, &lx, &tg, &bc)) {
        cli_error("%s: cannot write the model", argv[2]);
    } else {
        rc = 0;
    }
    fprintf(stderr, "%zu sentences read, %zu training examples (sentences and fragments)\n", c.n, nex);
    for (size_t i = 0; i < nex; i++) {
        free(ex[i].w);
        free(ex[i].gcls);
        if (ex[i].owns_gold)
            free(ex[i].gold);
    }
    free(ex);
    map_free(&lx.map);
    free(lx.counts);
    free(lx.keys);
    perceptron_free(&p);
    tagger_free(&tg);
    corpus_free(&c);
    corpus_free(&text);
    brown_free(&bc);
    return rc;
}
