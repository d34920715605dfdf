/* The limiter (limiter.h), a block of LIMITER_BLOCK samples at a time. Each block b gets the gain
 * that keeps its peak within the ceiling, R[b] = min(1, ceiling / peak[b]), where peak[b] is its
 * largest sample and the largest of the points a 4x oversampling filter puts between its samples
 * and the next (computed only near loud samples: elsewhere no point between them can reach the
 * ceiling, or the block's peak). Then, with K = LIMITER_HOLD,
 *
 *     q[j] = min(R[j-K .. j])                        held over K+1 blocks,
 *     h[j] = min(q[j], h[j-1] + (1 - h[j-1]) a)       released slowly (time constant RELEASE_S),
 *     E[t] = mean(h[t .. t+K-1])                      smoothed over K blocks,
 *
 * and E[t] is the gain at the start of block t, the samples of the block ramping from E[t] to
 * E[t+1]. Every h in E[t]'s mean is at most R[t-1] and R[t], so both ends of block t's ramp are
 * at most R[t]: no sample of it, nor any point between them, goes over the ceiling, and the gain
 * falls over K blocks before a peak instead of jumping at it. */
#include "limiter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define B LIMITER_BLOCK
#define K LIMITER_HOLD
#define HALF_TAPS 6              /* the oversampling filter reaches this far either side */
#define TAPS (2 * HALF_TAPS)
#define PHASES 3                 /* points between two samples: at 1/4, 2/4 and 3/4 */
#define LANES 4                  /* the phases, and a lane that stays zero */
#define BLOCKS 8                 /* blocks of input kept (a power of two, at least K + 3) */
#define RELEASE_S 0.08
#define FULL_SCALE 32768.0f      /* 0 dBFS in 16-bit samples */

_Static_assert(B >= HALF_TAPS, "a block's peak is found once the next block is in");
_Static_assert(BLOCKS >= K + 3 && (BLOCKS & (BLOCKS - 1)) == 0, "the ring holds the look-ahead");

/* The input is kept as it came (16-bit): peaks are found on whole numbers, and the gain is
 * applied once, with the limiter's, as each sample goes out. */
struct limiter {
    float gain, ceiling, release;
    int ceiling_in;            /* the ceiling in input samples (before the gain) */
    /* tap k weighs x[i - HALF_TAPS + 1 + k] for the point i + (p+1)/4; by tap, the phases side
     * by side (a fourth lane of zeros), so one step computes all the points of a pair */
    float coef[TAPS][LANES];
    short x[BLOCKS * B];       /* the input, block j at (j % BLOCKS) * B */
    unsigned long long blocks; /* whole blocks taken (the drain's zeros too) */
    unsigned long long taken;  /* samples of real input taken */
    size_t fill;               /* samples of the block being filled */
    float r[K + 1];            /* R of the last K+1 blocks whose peak is known, by j % (K+1) */
    float h[K];                /* h of the last K blocks, by j % K, their sum and the last */
    float h_sum, h_last;
    float start_gain;          /* E of the next block to go out */
    float lowest;
};

static double windowed_sinc(double d)
{
    double sinc = d == 0 ? 1.0 : sin(M_PI * d) / (M_PI * d);
    return sinc * 0.5 * (1.0 + cos(M_PI * d / (HALF_TAPS + 0.5)));
}

static void make_filter(limiter *l)
{
    for (int p = 0; p < PHASES; p++) {
        double f = (p + 1) / 4.0, c[TAPS], sum = 0;
        for (int k = 0; k < TAPS; k++)
            sum += c[k] = windowed_sinc(f - (k - HALF_TAPS + 1));
        for (int k = 0; k < TAPS; k++)
            l->coef[k][p] = (float)(c[k] / sum); /* a constant signal stays what it is */
    }
}

limiter *limiter_new(int rate, double gain, double ceiling)
{
    limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->gain = (float)gain;
    l->ceiling = (float)ceiling * FULL_SCALE;
    double ceiling_in = gain > 0 ? l->ceiling / gain : 65536.0;
    l->ceiling_in = ceiling_in > 65536.0 ? 65536 : (int)ceiling_in;
    l->release = (float)(1.0 - exp(-(double)B / (RELEASE_S * (rate > 0 ? rate : 1))));
    make_filter(l);
    for (int i = 0; i <= K; i++)
        l->r[i] = 1.0f;
    for (int i = 0; i < K; i++)
        l->h[i] = 1.0f;
    l->h_sum = K;
    l->h_last = 1.0f;
    l->lowest = 1.0f;
    return l;
}

void limiter_free(limiter *l)
{
    free(l);
}

double limiter_min_reduction(const limiter *l)
{
    return l->lowest;
}

static short *block(limiter *l, unsigned long long j)
{
    return l->x + (size_t)(j % BLOCKS) * B;
}

/* Sample i counted from the start of block j (i may be before or past the block; before the
 * input began there is silence). */
static int sample(const limiter *l, unsigned long long j, long i)
{
    long long at = (long long)(j * B) + i;
    return at < 0 ? 0 : l->x[(size_t)at & (BLOCKS * B - 1)];
}

/* The largest point between samples i and i+1 of a block, in input samples, from window: the
 * block's samples with HALF_TAPS - 1 before and HALF_TAPS after, as block_window makes them. */
static float peak_between(const limiter *l, const float *window, int i)
{
    const float *w = window + i;
    float v[LANES] = {0};
    for (int k = 0; k < TAPS; k++) /* each point summed tap by tap, in order */
        for (int p = 0; p < LANES; p++)
            v[p] += l->coef[k][p] * w[k];
    float best = 0;
    for (int p = 0; p < PHASES; p++)
        best = fabsf(v[p]) > best ? fabsf(v[p]) : best;
    return best;
}

/* Block j's samples and its neighbours' that the filter reaches, as floats in a row: window[k] is
 * sample k - HALF_TAPS + 1 of the block. */
static void block_window(const limiter *l, unsigned long long j, float *window)
{
    for (int k = 0; k < B + TAPS - 1; k++)
        window[k] = (float)sample(l, j, k - HALF_TAPS + 1);
}

/* The largest magnitude among n samples: their largest and their smallest, kept as 16-bit
 * values so the loop vectorises (8 samples an instruction). */
static int loudest_of(const short *x, int n)
{
    short hi = 0, lo = 0;
    for (int i = 0; i < n; i++) {
        hi = x[i] > hi ? x[i] : hi;
        lo = x[i] < lo ? x[i] : lo;
    }
    return hi > -lo ? hi : -lo;
}

/* R of block j, whose next block is in: its samples, and the points between each of them and
 * the next. On speech a point between two samples is rarely 10 % above the larger of them, and
 * is taken never to be 50 % above: pairs that cannot reach the block's peak, or the ceiling, are
 * passed over. */
static float block_gain(limiter *l, unsigned long long j)
{
    const short *x = block(l, j);
    int loudest = loudest_of(x, B);
    float peak = (float)loudest;
    int bar = loudest > l->ceiling_in ? loudest : l->ceiling_in; /* 3/2 of a pair must pass it */
    if (3 * loudest >= 2 * bar || 3 * abs(sample(l, j, B)) >= 2 * bar) {
        float window[B + TAPS - 1];
        block_window(l, j, window);
        const float *at = window + HALF_TAPS - 1; /* at[i]: sample i of the block */
        float pair_bar = 2.0f * (float)bar / 3.0f;
        for (int i = 0; i < B; i++) {
            float a = fabsf(at[i]), next = fabsf(at[i + 1]);
            if ((a > next ? a : next) < pair_bar)
                continue;
            float between = peak_between(l, window, i);
            peak = between > peak ? between : peak;
        }
    }
    peak *= l->gain;
    return peak > l->ceiling ? l->ceiling / peak : 1.0f;
}

/* Block j's R is known (the block after it is in): returns E[j - K + 1], the gain at the start
 * of block j - K + 1. */
static float next_start_gain(limiter *l, unsigned long long j)
{
    l->r[j % (K + 1)] = block_gain(l, j);
    float q = l->r[0];
    for (int i = 1; i <= K; i++)
        q = l->r[i] < q ? l->r[i] : q;
    float h = l->h_last + (1.0f - l->h_last) * l->release;
    h = q < h ? q : h;
    l->h_last = h;
    l->h_sum += h - l->h[j % K];
    l->h[j % K] = h;
    float e = l->h_sum / K;
    return e > 1.0f ? 1.0f : e; /* the running sum's rounding */
}

/* Block t's samples, ramping from gain e0 at its start towards e1 at the next block's; the first
 * n go out. */
static void emit(limiter *l, unsigned long long t, float e0, float e1, short *out, size_t n)
{
    const short *x = block(l, t);
    float g0 = e0 * l->gain, step = (e1 - e0) * l->gain / B;
    short done[B]; /* its own array: the loop vectorises */
    for (int i = 0; i < B; i++) {
        /* |v| stays below full scale: round half up, with neither a branch nor the rounding mode */
        float v = (float)x[i] * (g0 + step * (float)i);
        done[i] = (short)((int)(v + 32768.5f) - 32768);
    }
    if (n == B)
        memcpy(out, done, sizeof done);
    else /* the drain's last block */
        memcpy(out, done, n * sizeof *out);
    if (e0 < l->lowest)
        l->lowest = e0;
}

/* The block being filled is complete: block j - K - 1 goes out (its samples that were real
 * input, the drain's zeros aside). Returns how many samples it wrote. */
static size_t block_done(limiter *l, short *out)
{
    unsigned long long j = l->blocks++;
    if (j == 0)
        return 0;
    float e = next_start_gain(l, j - 1); /* E[j - K] */
    size_t made = 0;
    if (j >= K + 1) {
        unsigned long long t = j - K - 1, first = t * B;
        made = l->taken > first ? (size_t)(l->taken - first) : 0;
        if (made > B)
            made = B;
        emit(l, t, l->start_gain, e, out, made);
    }
    l->start_gain = e;
    return made;
}

/* Appends n samples (in NULL: zeros) to the blocks; returns how many samples went out. */
static size_t take(limiter *l, const short *in, size_t n, short *out)
{
    size_t made = 0;
    while (n > 0) {
        size_t k = B - l->fill;
        if (k > n)
            k = n;
        short *x = block(l, l->blocks) + l->fill;
        if (in)
            memcpy(x, in, k * sizeof *x);
        else
            memset(x, 0, k * sizeof *x);
        l->fill += k;
        if (in)
            in += k;
        n -= k;
        if (l->fill == B) {
            l->fill = 0;
            made += block_done(l, out + made);
        }
    }
    return made;
}

size_t limiter_run(limiter *l, const short *in, size_t n, short *out)
{
    l->taken += n;
    return take(l, in, n, out);
}

size_t limiter_drain(limiter *l, short *out)
{
    /* zeros complete the last block, then push every held block out */
    size_t pad = (B - l->fill) % B + (size_t)(K + 1) * B;
    return take(l, NULL, pad, out);
}
