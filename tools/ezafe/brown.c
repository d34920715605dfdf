/* Brown clustering (Brown et al., "Class-based n-gram models of natural language", 1992) in the
 * windowed form of Liang ("Semi-supervised learning for natural language", MIT 2005): word
 * types are taken by count, commonest first; the first `window` form a cluster each; each next
 * type comes in as a cluster of its own, and the two clusters whose merging loses the least of
 * the mutual information between adjacent clusters are merged. When every type is in, the
 * remaining clusters are merged the same way into one binary tree, whose paths are the features.
 *
 * With the bigram counts P, unigram counts n and q(i,j) = p(i,j) log p(i,j) / (p(i) p(j)), the
 * loss of merging i and j is L(i,j) = sum over the other clusters c of
 * [q2(i,c) + q2(j,c) - q2(i+j,c)] + q2(i,i) + q2(j,j) + q2(i,j) - q2(i+j,i+j), where q2(x,y) =
 * q(x,y) + q(y,x). Every L is kept; a merge or a new cluster changes each of them by the few
 * terms that involve the clusters touched, so each step costs O(window^2). */
#include "brown.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- the vocabulary and bigrams ------------------------------------------------------------ */

typedef struct vocab {
    uint64_t *keys;  /* distinct token keys, ascending */
    uint32_t *count; /* per key */
    int32_t *rank;   /* per key: place in the clustering order, or -1 (too rare) */
    uint32_t *by_rank; /* rank -> key index */
    size_t ntypes, nwords;
} vocab;

static const vocab *sort_vocab; /* for by_count (qsort has no context argument) */

static int by_count(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const vocab *v = sort_vocab;
    if (v->count[x] != v->count[y])
        return v->count[x] > v->count[y] ? -1 : 1;
    return v->keys[x] < v->keys[y] ? -1 : v->keys[x] > v->keys[y];
}

/* The index of key in the n ascending keys, or -1. */
static long find_key(const uint64_t *keys, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && keys[lo] == key ? (long)lo : -1;
}

static long key_index(const vocab *v, uint64_t key) { return find_key(v->keys, v->ntypes, key); }

static int build_vocab(const uint64_t *tokens, size_t n, unsigned min_count, vocab *v)
{
    uint64_t *sorted = malloc((n + 1) * sizeof *sorted);
    size_t m = 0;
    if (!sorted)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (tokens[i])
            sorted[m++] = tokens[i];
    qsort(sorted, m, sizeof *sorted, by_u64);
    v->keys = malloc((m + 1) * sizeof *v->keys);
    v->count = malloc((m + 1) * sizeof *v->count);
    v->rank = malloc((m + 1) * sizeof *v->rank);
    v->by_rank = malloc((m + 1) * sizeof *v->by_rank);
    if (!v->keys || !v->count || !v->rank || !v->by_rank) {
        free(sorted);
        return -1;
    }
    v->ntypes = 0;
    for (size_t i = 0; i < m; i++) {
        if (!v->ntypes || v->keys[v->ntypes - 1] != sorted[i]) {
            v->keys[v->ntypes] = sorted[i];
            v->count[v->ntypes++] = 0;
        }
        v->count[v->ntypes - 1]++;
    }
    free(sorted);
    v->nwords = 0;
    for (size_t i = 0; i < v->ntypes; i++)
        if (v->count[i] >= min_count)
            v->by_rank[v->nwords++] = (uint32_t)i;
    sort_vocab = v;
    qsort(v->by_rank, v->nwords, sizeof *v->by_rank, by_count);
    sort_vocab = NULL;
    for (size_t i = 0; i < v->ntypes; i++)
        v->rank[i] = -1;
    for (size_t r = 0; r < v->nwords; r++)
        v->rank[v->by_rank[r]] = (int32_t)r;
    return 0;
}

/* Bigram counts between ranked words, as lists: the words after word r are next[start[r] ..
 * start[r + 1]), each with its count. */
typedef struct adjacency {
    uint32_t *start, *word, *count;
} adjacency;

/* pairs: (first << 32 | second), sorted; fills adj with each first's seconds. */
static int build_adjacency(const uint64_t *pairs, size_t np, size_t nwords, adjacency *adj)
{
    adj->start = calloc(nwords + 1, sizeof *adj->start);
    adj->word = malloc((np + 1) * sizeof *adj->word);
    adj->count = malloc((np + 1) * sizeof *adj->count);
    if (!adj->start || !adj->word || !adj->count)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < np; i++) {
        if (i && pairs[i] == pairs[i - 1]) {
            adj->count[m - 1]++;
            continue;
        }
        adj->word[m] = (uint32_t)pairs[i];
        adj->count[m] = 1;
        adj->start[(pairs[i] >> 32) + 1]++;
        m++;
    }
    for (size_t r = 0; r < nwords; r++)
        adj->start[r + 1] += adj->start[r];
    return 0;
}

static void adjacency_free(adjacency *a)
{
    free(a->start);
    free(a->word);
    free(a->count);
}

/* ---- the clustering ------------------------------------------------------------------------- */

typedef struct brown {
    size_t slots;         /* window + 1 */
    double n1, n2;        /* unigram and bigram totals */
    double *cnt;          /* per slot: unigram count; 0 when the slot is free */
    double *P, *Q2, *L;   /* slots x slots: bigram counts, q2, merge loss (i < j) */
    uint32_t *root;       /* per slot: the union-find root of its words */
    uint32_t *parent;     /* union-find over ranked words: the cluster a word is in */
    int32_t *slot_of;     /* per ranked word that is a root: its slot */
} brown;

#define AT(b, m, i, j) ((b)->m[(size_t)(i) * (b)->slots + (size_t)(j)])

static uint32_t find_root(brown *b, uint32_t w)
{
    uint32_t r = w;
    while (b->parent[r] != r)
        r = b->parent[r];
    while (b->parent[w] != r) {
        uint32_t next = b->parent[w];
        b->parent[w] = r;
        w = next;
    }
    return r;
}

static double q(const brown *b, double pair, double ci, double cj)
{
    if (pair <= 0.0)
        return 0.0;
    double pij = pair / b->n2;
    return pij * log(pij / ((ci / b->n1) * (cj / b->n1)));
}

/* q2 of slot i with slot c (i != c), from the counts */
static double q2(const brown *b, size_t i, size_t c)
{
    return q(b, AT(b, P, i, c), b->cnt[i], b->cnt[c]) + q(b, AT(b, P, c, i), b->cnt[c], b->cnt[i]);
}

/* q2 of the merge of i and j with c */
static double q2_merged(const brown *b, size_t i, size_t j, size_t c)
{
    double cij = b->cnt[i] + b->cnt[j];
    return q(b, AT(b, P, i, c) + AT(b, P, j, c), cij, b->cnt[c]) + q(b, AT(b, P, c, i) + AT(b, P, c, j), b->cnt[c], cij);
}

static double q_self_merged(const brown *b, size_t i, size_t j)
{
    double cij = b->cnt[i] + b->cnt[j];
    return q(b, AT(b, P, i, i) + AT(b, P, i, j) + AT(b, P, j, i) + AT(b, P, j, j), cij, cij);
}

static void set_q2_row(brown *b, size_t i)
{
    for (size_t c = 0; c < b->slots; c++)
        if (b->cnt[c] > 0.0 && c != i)
            AT(b, Q2, i, c) = AT(b, Q2, c, i) = q2(b, i, c);
    AT(b, Q2, i, i) = q(b, AT(b, P, i, i), b->cnt[i], b->cnt[i]);
}

/* L(i, j), i != j, computed in full */
static double full_loss(const brown *b, size_t i, size_t j)
{
    double l = AT(b, Q2, i, i) + AT(b, Q2, j, j) + AT(b, Q2, i, j) - q_self_merged(b, i, j);
    for (size_t c = 0; c < b->slots; c++)
        if (b->cnt[c] > 0.0 && c != i && c != j)
            l += AT(b, Q2, i, c) + AT(b, Q2, j, c) - q2_merged(b, i, j, c);
    return l;
}

static void set_loss(brown *b, size_t i, size_t j, double l)
{
    if (i < j)
        AT(b, L, i, j) = l;
    else
        AT(b, L, j, i) = l;
}

/* Every pair not involving `skip1` or `skip2` gains (sign +1) or loses (-1) the terms of slot c. */
static void shift_losses(brown *b, size_t c, size_t skip1, size_t skip2, double sign)
{
    for (size_t i = 0; i < b->slots; i++) {
        if (b->cnt[i] <= 0.0 || i == c || i == skip1 || i == skip2)
            continue;
        for (size_t j = i + 1; j < b->slots; j++) {
            if (b->cnt[j] <= 0.0 || j == c || j == skip1 || j == skip2)
                continue;
            AT(b, L, i, j) += sign * (AT(b, Q2, i, c) + AT(b, Q2, j, c) - q2_merged(b, i, j, c));
        }
    }
}

static void set_losses_of(brown *b, size_t k)
{
    for (size_t i = 0; i < b->slots; i++)
        if (b->cnt[i] > 0.0 && i != k)
            set_loss(b, i, k, full_loss(b, i, k));
}

/* Puts ranked word r into free slot k as a cluster of its own. */
static void add_word(brown *b, const vocab *v, const adjacency *right, const adjacency *left, uint32_t r, size_t k)
{
    for (size_t c = 0; c < b->slots; c++)
        AT(b, P, k, c) = AT(b, P, c, k) = 0.0;
    b->cnt[k] = v->count[v->by_rank[r]];
    b->parent[r] = r;
    b->slot_of[r] = (int32_t)k;
    for (uint32_t e = right->start[r]; e < right->start[r + 1]; e++)
        if (right->word[e] <= r)
            AT(b, P, k, (size_t)b->slot_of[find_root(b, right->word[e])]) += right->count[e];
    for (uint32_t e = left->start[r]; e < left->start[r + 1]; e++)
        if (left->word[e] < r)
            AT(b, P, (size_t)b->slot_of[find_root(b, left->word[e])], k) += left->count[e];
    set_q2_row(b, k);
    shift_losses(b, k, k, k, 1.0);
    set_losses_of(b, k);
}

/* The active pair of least loss (the first of equals). */
static void best_pair(const brown *b, size_t *a, size_t *c)
{
    double best = INFINITY;
    *a = *c = 0;
    for (size_t i = 0; i < b->slots; i++)
        if (b->cnt[i] > 0.0)
            for (size_t j = i + 1; j < b->slots; j++)
                if (b->cnt[j] > 0.0 && AT(b, L, i, j) < best) {
                    best = AT(b, L, i, j);
                    *a = i;
                    *c = j;
                }
}

/* Merges slot c into slot a (a < c); the words of c join a's union-find set. */
static void merge(brown *b, size_t a, size_t c)
{
    shift_losses(b, a, a, c, -1.0);
    shift_losses(b, c, a, c, -1.0);
    double self = AT(b, P, a, a) + AT(b, P, a, c) + AT(b, P, c, a) + AT(b, P, c, c);
    for (size_t x = 0; x < b->slots; x++) {
        AT(b, P, a, x) += AT(b, P, c, x);
        AT(b, P, x, a) += AT(b, P, x, c);
    }
    AT(b, P, a, a) = self;
    b->cnt[a] += b->cnt[c];
    b->cnt[c] = 0.0;
    for (size_t x = 0; x < b->slots; x++)
        AT(b, P, c, x) = AT(b, P, x, c) = 0.0;
    b->parent[b->root[c]] = b->root[a];
    set_q2_row(b, a);
    shift_losses(b, a, a, a, 1.0);
    set_losses_of(b, a);
}

static void brown_release(brown *b)
{
    free(b->cnt);
    free(b->P);
    free(b->Q2);
    free(b->L);
    free(b->root);
    free(b->parent);
    free(b->slot_of);
}

static int brown_alloc(brown *b, size_t slots, size_t nwords)
{
    b->slots = slots;
    b->cnt = calloc(slots, sizeof *b->cnt);
    b->P = calloc(slots * slots, sizeof *b->P);
    b->Q2 = calloc(slots * slots, sizeof *b->Q2);
    b->L = calloc(slots * slots, sizeof *b->L);
    b->root = calloc(slots, sizeof *b->root);
    b->parent = malloc((nwords + 1) * sizeof *b->parent);
    b->slot_of = malloc((nwords + 1) * sizeof *b->slot_of);
    return b->cnt && b->P && b->Q2 && b->L && b->root && b->parent && b->slot_of ? 0 : -1;
}

/* Phase one: every word in, commonest first, merging down to slots - 1 clusters. */
static void add_all_words(brown *b, const vocab *v, const adjacency *right, const adjacency *left)
{
    for (uint32_t r = 0; r < v->nwords; r++) {
        size_t k = 0;
        while (b->cnt[k] > 0.0)
            k++;
        add_word(b, v, right, left, r, k);
        b->root[k] = r;
        if (r + 1 < b->slots)
            continue;
        size_t a, c;
        best_pair(b, &a, &c);
        merge(b, a, c);
    }
}

/* Phase two: the clusters left (the leaves) merged into one tree; the path of each leaf, bits
 * from the root (left 0, right 1) after a leading 1, the 31 nearest the root when deeper. */
static int merge_tree(brown *b, const int32_t *leaf_of_slot, size_t leaves, uint32_t *leaf_path)
{
    int32_t *up = malloc(2 * leaves * sizeof *up), *node = malloc(b->slots * sizeof *node);
    unsigned char *side = calloc(2 * leaves, 1);
    if (!up || !node || !side) {
        free(up);
        free(node);
        free(side);
        return -1;
    }
    for (size_t x = 0; x < 2 * leaves; x++)
        up[x] = -1;
    memcpy(node, leaf_of_slot, b->slots * sizeof *node);
    size_t nodes = leaves;
    for (size_t left = leaves; left > 1; left--) {
        size_t a, c;
        best_pair(b, &a, &c);
        up[node[a]] = up[node[c]] = (int32_t)nodes;
        side[node[c]] = 1;
        merge(b, a, c);
        node[a] = (int32_t)nodes++;
    }
    for (size_t l = 0; l < leaves; l++) {
        unsigned char bits[64];
        size_t depth = 0;
        for (size_t x = l; up[x] >= 0 && depth < 64; x = (size_t)up[x])
            bits[depth++] = side[x];
        uint32_t path = 1;
        for (size_t d = depth; d-- > 0 && !(path >> 31);)
            path = path << 1 | bits[d];
        leaf_path[l] = path;
    }
    free(up);
    free(node);
    free(side);
    return 0;
}

/* The ranked words' bigrams, as lists both ways. */
static int build_bigrams(const uint64_t *tokens, size_t n, const vocab *v, adjacency *right, adjacency *left, double *total)
{
    uint64_t *pairs = malloc((n + 1) * sizeof *pairs);
    size_t np = 0;
    if (!pairs)
        return -1;
    for (size_t i = 0; i + 1 < n; i++) {
        if (!tokens[i] || !tokens[i + 1])
            continue;
        int32_t x = v->rank[key_index(v, tokens[i])], y = v->rank[key_index(v, tokens[i + 1])];
        if (x >= 0 && y >= 0)
            pairs[np++] = (uint64_t)x << 32 | (uint32_t)y;
    }
    qsort(pairs, np, sizeof *pairs, by_u64);
    int rc = build_adjacency(pairs, np, v->nwords, right);
    for (size_t i = 0; i < np; i++)
        pairs[i] = pairs[i] << 32 | pairs[i] >> 32;
    qsort(pairs, np, sizeof *pairs, by_u64);
    rc = rc || build_adjacency(pairs, np, v->nwords, left) ? -1 : 0;
    free(pairs);
    *total = (double)np;
    return rc;
}

int brown_cluster(const uint64_t *tokens, size_t n, unsigned min_count, unsigned window, brown_clusters *out)
{
    vocab v = {0};
    adjacency right = {0}, left = {0};
    brown b = {0};
    int32_t *leaf_of_slot = NULL;
    uint32_t *leaf_path = NULL;
    int rc = -1;
    memset(out, 0, sizeof *out);
    if (build_vocab(tokens, n, min_count ? min_count : 1, &v) || build_bigrams(tokens, n, &v, &right, &left, &b.n2))
        goto done;
    for (size_t r = 0; r < v.nwords; r++)
        b.n1 += v.count[v.by_rank[r]];
    size_t clusters = window < v.nwords ? window : v.nwords;
    if (brown_alloc(&b, clusters + 1, v.nwords))
        goto done;
    add_all_words(&b, &v, &right, &left);
    leaf_of_slot = malloc(b.slots * sizeof *leaf_of_slot);
    leaf_path = malloc(b.slots * sizeof *leaf_path);
    out->keys = malloc((v.nwords + 1) * sizeof *out->keys);
    out->paths = malloc((v.nwords + 1) * sizeof *out->paths);
    if (!leaf_of_slot || !leaf_path || !out->keys || !out->paths)
        goto done;
    size_t leaves = 0;
    for (size_t s = 0; s < b.slots; s++)
        leaf_of_slot[s] = b.cnt[s] > 0.0 ? (int32_t)leaves++ : -1;
    /* each word's leaf, before phase two joins every set into one */
    for (size_t t = 0; t < v.ntypes; t++)
        if (v.rank[t] >= 0) {
            out->keys[out->n] = v.keys[t];
            out->paths[out->n++] = (uint32_t)leaf_of_slot[b.slot_of[find_root(&b, (uint32_t)v.rank[t])]];
        }
    if (leaves && merge_tree(&b, leaf_of_slot, leaves, leaf_path))
        goto done;
    for (size_t e = 0; e < out->n; e++)
        out->paths[e] = leaf_path[out->paths[e]];
    rc = 0;
done:
    adjacency_free(&right);
    adjacency_free(&left);
    free(v.keys);
    free(v.count);
    free(v.rank);
    free(v.by_rank);
    brown_release(&b);
    free(leaf_of_slot);
    free(leaf_path);
    if (rc)
        brown_free(out);
    return rc;
}

void brown_free(brown_clusters *c)
{
    free(c->keys);
    free(c->paths);
    memset(c, 0, sizeof *c);
}

uint32_t brown_path_of(const brown_clusters *c, uint64_t key)
{
    long i = find_key(c->keys, c->n, key);
    return i < 0 ? 0 : c->paths[i];
}
