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

#define LIMITER_BLOCK 32      /* samples that share one gain decision (1.5 ms at 22050 Hz) */
#define LIMITER_HOLD 3        /* blocks the gain takes to fall before a peak (4.4 ms) */
/* Samples held back: the look-ahead, and a block to see past each block's last sample. */
#define LIMITER_DELAY ((LIMITER_HOLD + 2) * LIMITER_BLOCK)

typedef struct limiter limiter;

/* gain: the linear factor to apply; ceiling: the true-peak ceiling as a fraction of full scale
 * (10^(dBTP/20)); rate: samples per second (the release time is in seconds). NULL when out of
 * memory. */
limiter *limiter_new(int rate, double gain, double ceiling);
void limiter_free(limiter *l);
/* Takes n samples and writes the ones that are ready to out, which needs room for
 * n + LIMITER_BLOCK; returns how many it wrote. In all, as many come out as went in, once
 * limiter_drain has given the last LIMITER_DELAY or so. */
size_t limiter_run(limiter *l, const short *in, size_t n, short *out);
/* At the end: writes the samples still held (room for LIMITER_DELAY + LIMITER_BLOCK) to out;
 * returns how many. */
size_t limiter_drain(limiter *l, short *out);
/* The lowest gain applied so far, as a factor of the gain asked for (1: the limiter never acted). */
double limiter_min_reduction(const limiter *l);

#endif
