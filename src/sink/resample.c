/* A sink in front of another that changes the sample rate with libsoxr, as the samples come:
 * Ogg Opus only takes 48 kHz and eSpeak NG speaks at 22050 Hz. */
#include "sink.h"
#include "../util.h"

#include <soxr.h>
#include <stdlib.h>

#define RESAMPLE_CHUNK 4096 /* output samples converted per step */

typedef struct resample_sink {
    sink base;
    sink *inner;
    soxr_t soxr;
    short out[RESAMPLE_CHUNK];
} resample_sink;

static int pass_on(resample_sink *rs, size_t n)
{
    if (!n)
        return 0;
    int r = sink_write(rs->inner, rs->out, n);
    rs->base.closed_pipe = rs->inner->closed_pipe;
    return r;
}

static int resample_write(sink *s, const short *pcm, size_t n)
{
    resample_sink *rs = (resample_sink *)s;
    while (n > 0) {
        size_t used = 0, made = 0;
        soxr_error_t err = soxr_process(rs->soxr, pcm, n, &used, rs->out, RESAMPLE_CHUNK, &made);
        if (err)
            return diag_fail(s->diag, RAVI_E_IO, "resampling failed: %s", err);
        if (pass_on(rs, made))
            return -1;
        pcm += used;
        n -= used;
    }
    return 0;
}

/* What the filter still holds once the input has ended. */
static int resample_flush(resample_sink *rs)
{
    for (;;) {
        size_t made = 0;
        soxr_error_t err = soxr_process(rs->soxr, NULL, 0, NULL, rs->out, RESAMPLE_CHUNK, &made);
        if (err)
            return diag_fail(rs->base.diag, RAVI_E_IO, "resampling failed: %s", err);
        if (!made)
            return 0;
        if (pass_on(rs, made))
            return -1;
    }
}

static int resample_finish(sink *s)
{
    resample_sink *rs = (resample_sink *)s;
    sink *inner = rs->inner;
    int rc = resample_flush(rs);
    soxr_delete(rs->soxr);
    free(rs);
    if (rc) {
        inner->ops->abort(inner);
        return -1;
    }
    return inner->ops->finish(inner);
}

static void resample_abort(sink *s)
{
    resample_sink *rs = (resample_sink *)s;
    rs->inner->ops->abort(rs->inner);
    soxr_delete(rs->soxr);
    free(rs);
}

static const sink_ops resample_ops = {resample_write, resample_finish, resample_abort};

sink *sink_resample_open(sink *inner, int from_rate, int to_rate)
{
    resample_sink *rs = calloc(1, sizeof *rs);
    if (!rs) {
        diag_nomem(inner->diag);
        inner->ops->abort(inner);
        return NULL;
    }
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
    soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    soxr_error_t err = NULL;
    rs->soxr = soxr_create(from_rate, to_rate, 1, &err, &io, &quality, NULL);
    if (err) {
        diag_fail(inner->diag, RAVI_E_IO, "cannot resample from %d to %d Hz: %s", from_rate, to_rate, err);
        soxr_delete(rs->soxr);
        free(rs);
        inner->ops->abort(inner);
        return NULL;
    }
    rs->inner = inner;
    rs->base.ops = &resample_ops;
    rs->base.diag = inner->diag;
    return &rs->base;
}
