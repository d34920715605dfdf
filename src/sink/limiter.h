/* A gain and a look-ahead true-peak limiter for 16-bit mono audio: every sample is multiplied by
 * `gain`, and where that would take the signal's true peak (the peak between samples too, found
 * by 4x oversampling as ITU-R BS.1770 measures it) above `ceiling`, the gain is lowered smoothly
 * before the peak comes and raised again after it. Loudness normalisation uses it to bring speech
 * up to a target without clipping.
 *
 * It holds back LIMITER_DELAY samples (the look-ahead) and gives them out at the end, so that
 * out[i] is always in[i] with its gain: as many samples come out as go in, at their own place,
 * and events placed in the audio stay where they were. Output is deterministic. */
#ifndef RAVI_LIMITER_H
#define RAVI_LIMITER_H

#include <stddef.h>

/* Samples held back: the look-ahead window and half the oversampling filter. */
#define LIMITER_DELAY (LIMITER_WINDOW - 1 + LIMITER_HALF_TAPS)
#define LIMITER_WINDOW 64     /* the gain moves over this many samples (2.9 ms at 22050 Hz) */
#define LIMITER_HALF_TAPS 6   /* the oversampling filter reaches this far on either side */

typedef struct limiter limiter;

/* gain: the linear factor to apply; ceiling: the true-peak ceiling as a fraction of full scale
 * (10^(dBTP/20));
 * rate: samples per second (the release time is in seconds). NULL when out of memory. */
limiter *limiter_new(int rate, double gain, double ceiling);
void limiter_free(limiter *l);
/* Takes n samples and writes the ones that are ready to out (room for n needed); returns how
 * many it wrote (n once LIMITER_DELAY samples have gone in). */
size_t limiter_run(limiter *l, const short *in, size_t n, short *out);
/* At the end: writes the samples still held (at most LIMITER_DELAY) to out; returns how many. */
size_t limiter_drain(limiter *l, short *out);
/* The lowest gain applied so far, as a factor of the gain asked for (1: the limiter never acted). */
double limiter_min_reduction(const limiter *l);

#endif
