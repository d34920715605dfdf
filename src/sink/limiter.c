/* The limiter (limiter.h). For each sample m it finds the gain that keeps m within the ceiling,
 * r[m] = min(1, ceiling / peak(m)), where peak(m) is the sample's magnitude and the largest of
 * the points a 4x oversampling filter puts between it and its neighbours (computed only near
 * loud samples: elsewhere no point between them can reach the ceiling). The gain applied is
 *
 *     q[m] = min(r[m-W+1 .. m])                     held for the window W,
 *     h[m] = min(q[m], h[m-1] + (1 - h[m-1]) a)      released slowly (time constant RELEASE_S),
 *     g    = mean(h[m-W+1 .. m])                     smoothed over the window,
 *
 * given to sample t = m - W + 1: every h in that mean is at most r[t], so g <= r[t], and the
 * gain falls over W samples before a peak instead of jumping at it. */
#include "limiter.h"

#include <math.h>
#include <stdlib.h>

#define RING 128            /* input history, a power of two above LIMITER_DELAY + the filter */
#define PHASES 3            /* points between two samples: at 1/4, 2/4 and 3/4 */
#define TAPS (2 * LIMITER_HALF_TAPS)
#define RELEASE_S 0.08
/* Below this fraction of the ceiling, no point between two samples reaches it. */
#define QUIET_FRACTION 0.5f
#define FULL_SCALE 32768.0 /* 0 dBFS in 16-bit samples */

struct limiter {
    float gain, ceiling, quiet, release;
    float coef[PHASES][TAPS];  /* tap j weighs x[m - HALF + 1 + j] for the point m + (p+1)/4 */
    float x[RING];             /* gained input, by sample number modulo RING */
    unsigned long long n;      /* samples taken (real, then the zeros of the drain) */
    float peak_before;         /* the largest point between m-1 and m, found at the last step */
    /* the sliding minimum of r over the window: a queue of increasing values */
    unsigned long long min_at[LIMITER_WINDOW];
    float min_val[LIMITER_WINDOW];
    size_t min_head, min_count;
    float h;                   /* the released gain, h[m] */
    float held[LIMITER_WINDOW];/* h over the window, for its mean */
    double held_sum;
    float lowest;              /* the lowest gain given so far */
};

static double windowed_sinc(double d)
{
    double sinc = d == 0 ? 1.0 : sin(M_PI * d) / (M_PI * d);
    double w = 0.5 * (1.0 + cos(M_PI * d / (LIMITER_HALF_TAPS + 0.5)));
    return sinc * w;
}

static void make_filter(limiter *l)
{
    for (int p = 0; p < PHASES; p++) {
        double f = (p + 1) / 4.0, sum = 0;
        double c[TAPS];
        for (int j = 0; j < TAPS; j++) {
            int offset = j - LIMITER_HALF_TAPS + 1; /* x[m + offset] */
            c[j] = windowed_sinc(f - offset);
            sum += c[j];
        }
        for (int j = 0; j < TAPS; j++)
            l->coef[p][j] = (float)(c[j] / sum); /* a constant signal stays what it is */
    }
}

limiter *limiter_new(int rate, double gain, double ceiling)
{
    limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->gain = (float)gain;
    l->ceiling = (float)(ceiling * FULL_SCALE);
    l->quiet = l->ceiling * QUIET_FRACTION;
    l->release = (float)(1.0 - exp(-1.0 / (RELEASE_S * (rate > 0 ? rate : 1))));
    make_filter(l);
    l->h = 1.0f;
    for (int i = 0; i < LIMITER_WINDOW; i++)
        l->held[i] = 1.0f;
    l->held_sum = LIMITER_WINDOW;
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

static float at(const limiter *l, unsigned long long i)
{
    return l->x[i & (RING - 1)];
}

/* The largest magnitude of the points between samples m and m+1. */
static float peak_between(const limiter *l, unsigned long long m)
{
    float best = 0;
    unsigned long long first = m - LIMITER_HALF_TAPS + 1;
    for (int p = 0; p < PHASES; p++) {
        float v = 0;
        for (int j = 0; j < TAPS; j++)
            v += l->coef[p][j] * at(l, first + (unsigned)j);
        v = fabsf(v);
        if (v > best)
            best = v;
    }
    return best;
}

/* r[m]: the gain that keeps sample m, and the points on either side of it, within the ceiling. */
static float needed_gain(limiter *l, unsigned long long m)
{
    float peak = fabsf(at(l, m));
    float loud = peak;
    for (int k = -1; k <= 2; k++) {
        float v = fabsf(at(l, m + (unsigned long long)(long long)k));
        if (v > loud)
            loud = v;
    }
    float between = loud >= l->quiet && m >= LIMITER_HALF_TAPS ? peak_between(l, m) : 0;
    if (l->peak_before > peak)
        peak = l->peak_before;
    if (between > peak)
        peak = between;
    l->peak_before = between;
    return peak > l->ceiling ? l->ceiling / peak : 1.0f;
}

/* q[m]: the smallest r over the window ending at m. */
static float window_min(limiter *l, unsigned long long m, float r)
{
    while (l->min_count) {
        size_t last = (l->min_head + l->min_count - 1) % LIMITER_WINDOW;
        if (l->min_val[last] < r)
            break;
        l->min_count--;
    }
    size_t slot = (l->min_head + l->min_count) % LIMITER_WINDOW;
    l->min_at[slot] = m;
    l->min_val[slot] = r;
    l->min_count++;
    if (l->min_at[l->min_head] + LIMITER_WINDOW <= m) {
        l->min_head = (l->min_head + 1) % LIMITER_WINDOW;
        l->min_count--;
    }
    return l->min_val[l->min_head];
}

static short to_sample(float v)
{
    long s = lrintf(v);
    return (short)(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
}

/* Takes one gained sample; returns 1 and the finished sample LIMITER_DELAY before it, or 0. */
static int step(limiter *l, float x, short *out)
{
    unsigned long long n = l->n++;
    l->x[n & (RING - 1)] = x;
    if (n < LIMITER_HALF_TAPS)
        return 0;
    unsigned long long m = n - LIMITER_HALF_TAPS; /* its filter now sees x[m + HALF] */
    float q = window_min(l, m, needed_gain(l, m));
    float h = l->h + (1.0f - l->h) * l->release;
    l->h = h = q < h ? q : h;
    size_t slot = (size_t)(m % LIMITER_WINDOW);
    l->held_sum += (double)h - l->held[slot];
    l->held[slot] = h;
    if (m < LIMITER_WINDOW - 1)
        return 0;
    float g = (float)(l->held_sum / LIMITER_WINDOW);
    if (g > 1.0f)
        g = 1.0f; /* the running sum's rounding */
    if (g < l->lowest)
        l->lowest = g;
    *out = to_sample(at(l, m - (LIMITER_WINDOW - 1)) * g);
    return 1;
}

size_t limiter_run(limiter *l, const short *in, size_t n, short *out)
{
    size_t made = 0;
    for (size_t i = 0; i < n; i++)
        made += (size_t)step(l, in[i] * l->gain, out + made);
    return made;
}

size_t limiter_drain(limiter *l, short *out)
{
    size_t made = 0;
    for (int i = 0; i < LIMITER_DELAY; i++)
        made += (size_t)step(l, 0.0f, out + made);
    return made;
}
