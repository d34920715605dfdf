/* Loudness normalisation (loudness.h): the two-pass sink for files, the fixed-gain sink for
 * streams, both through the true-peak limiter. */
#include "loudness.h"
#include "limiter.h"

#include <ebur128.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CHUNK 16384          /* samples per read, write and limiter step */
#define MAX_GAIN_DB 40.0     /* near-silence is not blown up into noise */
#define SILENT_LUFS (-70.0)  /* BS.1770's absolute gate: nothing to measure below it */
/* The limiter finds the peaks between samples by 4x oversampling with a short filter; a fast
 * rise can peak up to about 0.1 dB above what it finds (tests/unit/test_publish.c). */
#define TRUE_PEAK_MARGIN_DB 0.1

void loudness_target_init(loudness_target *t)
{
    t->on = 1;
    t->lufs = LOUDNESS_DEFAULT_LUFS;
    t->ceiling_dbtp = LOUDNESS_CEILING_DBTP;
    t->volume_db = 0;
}

/* Measured with `make bench` (bench-loudness) on samples/news-{1,2,3}.txt at volume 100: each
 * voice within 0.2 LU of its value on every sample. */
static const struct {
    const char *voice;
    double lufs;
} voice_lufs[] = {
    {"fa", -19.7},
    {"ravi-male", -20.8},
    {"ravi-female", -18.7},
};

double loudness_voice_lufs(const char *voice)
{
    for (size_t i = 0; voice && i < sizeof voice_lufs / sizeof *voice_lufs; i++)
        if (!strcasecmp(voice, voice_lufs[i].voice))
            return voice_lufs[i].lufs;
    return voice_lufs[0].lufs;
}

double loudness_codec_headroom_db(audio_format format)
{
    switch (format) {
    /* measured with ffmpeg's ebur128 filter on 10-minute articles (make bench): how far above
     * the peaks it was given each decoder's output went */
    case FORMAT_MP3: return 1.0;  /* LAME at libsndfile's settings: up to +0.5 dB */
    case FORMAT_OGG: return 1.0;  /* Vorbis: up to +0.8 dB */
    case FORMAT_OPUS: return 1.5; /* up to +1.0 dB */
    default: return 0.0;          /* PCM, FLAC: what is written is what is read */
    }
}

static double to_linear(double db)
{
    return pow(10.0, db / 20.0);
}

/* Passes what the limiter gives out on to `inner`. -1 after an error (or a closed pipe). */
static int pass_on(sink *self, sink *inner, const short *pcm, size_t n)
{
    if (!n)
        return 0;
    int rc = sink_write(inner, pcm, n);
    self->closed_pipe = inner->closed_pipe;
    return rc;
}

/* ---- the fixed gain ------------------------------------------------------------------------ */

typedef struct gain_sink {
    sink base;
    sink *inner;
    limiter *lim;
    short out[CHUNK + LIMITER_BLOCK]; /* what the limiter gives for a CHUNK */
} gain_sink;

static int gain_write(sink *s, const short *pcm, size_t n)
{
    gain_sink *gs = (gain_sink *)s;
    while (n > 0) {
        size_t k = n < CHUNK ? n : CHUNK;
        if (pass_on(s, gs->inner, gs->out, limiter_run(gs->lim, pcm, k, gs->out)))
            return -1;
        pcm += k;
        n -= k;
    }
    return 0;
}

static int gain_finish(sink *s)
{
    gain_sink *gs = (gain_sink *)s;
    sink *inner = gs->inner;
    int rc = pass_on(s, inner, gs->out, limiter_drain(gs->lim, gs->out));
    limiter_free(gs->lim);
    free(gs);
    if (rc) {
        inner->ops->abort(inner);
        return -1;
    }
    return inner->ops->finish(inner);
}

static void gain_abort(sink *s)
{
    gain_sink *gs = (gain_sink *)s;
    gs->inner->ops->abort(gs->inner);
    limiter_free(gs->lim);
    free(gs);
}

static int gain_set_tags(sink *s, const audio_tags *tags)
{
    return sink_set_tags(((gain_sink *)s)->inner, tags);
}

static const sink_ops gain_ops = {gain_write, gain_finish, gain_abort, gain_set_tags};

sink *sink_gain_open(sink *inner, int rate, double gain_db, double ceiling_dbtp)
{
    gain_sink *gs = calloc(1, sizeof *gs);
    if (gs)
        gs->lim = limiter_new(rate, to_linear(gain_db), to_linear(ceiling_dbtp - TRUE_PEAK_MARGIN_DB));
    if (!gs || !gs->lim) {
        free(gs);
        diag_nomem(inner->diag);
        inner->ops->abort(inner);
        return NULL;
    }
    gs->inner = inner;
    gs->base.ops = &gain_ops;
    gs->base.diag = inner->diag;
    return &gs->base;
}

/* ---- two passes ----------------------------------------------------------------------------
 * The first pass is what a stream would get: the gain from the voice's known level, aimed
 * FIRST_PASS_ABOVE_DB above the target, and the limiter; libebur128 measures the result while it
 * goes to the spool. The second pass corrects by what was measured: nearly always down a little,
 * a plain gain that moves no peak above the ceiling and keeps the loudness exact (the limiter's
 * own loss is in what was measured); up, when the voice was quieter than known (an eSpeak NG
 * variant, SSML prosody), through the limiter again. */

#define FIRST_PASS_ABOVE_DB 1.5

typedef struct normalize_sink {
    sink base;
    sink *inner;
    const char *name;
    int rate;
    loudness_target target;
    double ceiling;          /* linear, the codec's headroom taken off */
    int spool;               /* the unnamed temporary file of the first pass */
    limiter *first;          /* the first pass's gain and limiter */
    ebur128_state *meter;
    size_t buffered;
    short buffer[CHUNK + LIMITER_BLOCK];
    short out[CHUNK + LIMITER_BLOCK]; /* what the limiter gives for a CHUNK */
} normalize_sink;

static void normalize_free(normalize_sink *ns)
{
    if (ns->spool >= 0)
        close(ns->spool);
    ebur128_destroy(&ns->meter);
    limiter_free(ns->first);
    free(ns);
}

/* The first pass's file beside the output could not be written (a full disk: the output's own
 * failure) or read back. */
static int spool_failed(normalize_sink *ns, const char *what)
{
    return diag_fail(ns->base.diag, RAVI_E_IO, "%s: %s: %s", ns->name, what,
                     errno ? strerror(errno) : "end of file");
}

/* The first pass's output: measured, and written to the spool. */
static int spool_write(normalize_sink *ns, const short *pcm, size_t n)
{
    if (!n)
        return 0;
    if (ebur128_add_frames_short(ns->meter, pcm, n) != EBUR128_SUCCESS)
        return diag_nomem(ns->base.diag);
    const char *p = (const char *)pcm;
    size_t left = n * sizeof *pcm;
    while (left > 0) {
        ssize_t w = write(ns->spool, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return spool_failed(ns, "write failed");
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

/* Gathers what comes into CHUNKs: the first pass runs, and writes, a chunk at a time. */
static int normalize_write(sink *s, const short *pcm, size_t n)
{
    normalize_sink *ns = (normalize_sink *)s;
    while (n > 0) {
        size_t k = CHUNK - ns->buffered;
        if (k > n)
            k = n;
        memcpy(ns->buffer + ns->buffered, pcm, k * sizeof *pcm);
        ns->buffered += k;
        pcm += k;
        n -= k;
        if (ns->buffered == CHUNK) {
            ns->buffered = 0;
            if (spool_write(ns, ns->out, limiter_run(ns->first, ns->buffer, CHUNK, ns->out)))
                return -1;
        }
    }
    return 0;
}

/* The correction the second pass makes, in dB (0 for silence). */
static double correction(normalize_sink *ns)
{
    double lufs;
    if (ebur128_loudness_global(ns->meter, &lufs) != EBUR128_SUCCESS || !isfinite(lufs) ||
        lufs <= SILENT_LUFS)
        return 0.0;
    double gain = ns->target.lufs + ns->target.volume_db - lufs;
    return gain > MAX_GAIN_DB ? MAX_GAIN_DB : gain;
}

/* Reads the spool back, whole samples at a time, into buffer; returns how many (0 at the end),
 * or -1 after an error. */
static long spool_read(normalize_sink *ns)
{
    size_t got = 0, want = CHUNK * sizeof *ns->buffer;
    char *p = (char *)ns->buffer;
    while (got < want) {
        ssize_t r = read(ns->spool, p + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return spool_failed(ns, "cannot read back the audio written beside it");
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long)(got / sizeof *ns->buffer);
}

/* A gain of at most 1: no sample can grow past the ceiling. */
static short attenuated(short x, float gain)
{
    float v = (float)x * gain;
    return (short)((int)(v + 32768.5f) - 32768); /* round half up, no branch */
}

static void attenuate(short *pcm, size_t n, float gain)
{
    enum { STRIDE = 64 }; /* whole strides of a known length: the compiler vectorises them */
    size_t i = 0;
    for (; i + STRIDE <= n; i += STRIDE)
        for (size_t k = 0; k < STRIDE; k++)
            pcm[i + k] = attenuated(pcm[i + k], gain);
    for (; i < n; i++)
        pcm[i] = attenuated(pcm[i], gain);
}

/* The first pass's end (what its limiter held), then the second pass: the spool through the
 * correction into the encoder. */
static int second_pass(normalize_sink *ns)
{
    size_t n = ns->buffered;
    ns->buffered = 0;
    if (spool_write(ns, ns->out, limiter_run(ns->first, ns->buffer, n, ns->out)) ||
        spool_write(ns, ns->out, limiter_drain(ns->first, ns->out)))
        return -1;
    errno = 0;
    if (lseek(ns->spool, 0, SEEK_SET) != 0)
        return spool_failed(ns, "cannot read back the audio written beside it");
    double gain = correction(ns);
    limiter *up = gain > 0 ? limiter_new(ns->rate, to_linear(gain), ns->ceiling) : NULL;
    if (gain > 0 && !up)
        return diag_nomem(ns->base.diag);
    float down = (float)to_linear(gain);
    long got;
    int rc = 0;
    while (rc == 0 && (got = spool_read(ns)) > 0) {
        if (up) {
            rc = pass_on(&ns->base, ns->inner, ns->out, limiter_run(up, ns->buffer, (size_t)got, ns->out));
        } else {
            attenuate(ns->buffer, (size_t)got, down);
            rc = pass_on(&ns->base, ns->inner, ns->buffer, (size_t)got);
        }
    }
    if (got < 0)
        rc = -1;
    if (rc == 0 && up)
        rc = pass_on(&ns->base, ns->inner, ns->out, limiter_drain(up, ns->out));
    limiter_free(up);
    return rc;
}

static int normalize_finish(sink *s)
{
    normalize_sink *ns = (normalize_sink *)s;
    sink *inner = ns->inner;
    int rc = second_pass(ns);
    normalize_free(ns);
    if (rc) {
        inner->ops->abort(inner);
        return -1;
    }
    return inner->ops->finish(inner);
}

static void normalize_abort(sink *s)
{
    normalize_sink *ns = (normalize_sink *)s;
    ns->inner->ops->abort(ns->inner);
    normalize_free(ns);
}

static int normalize_set_tags(sink *s, const audio_tags *tags)
{
    return sink_set_tags(((normalize_sink *)s)->inner, tags);
}

static const sink_ops normalize_ops = {normalize_write, normalize_finish, normalize_abort,
                                       normalize_set_tags};

sink *sink_normalize_open(sink *inner, const char *name, int rate, const loudness_target *target,
                          const char *voice, double headroom_db, int spool_fd)
{
    normalize_sink *ns = calloc(1, sizeof *ns);
    if (!ns) {
        close(spool_fd);
        diag_nomem(inner->diag);
        inner->ops->abort(inner);
        return NULL;
    }
    ns->spool = spool_fd;
    ns->ceiling = to_linear(target->ceiling_dbtp - headroom_db - TRUE_PEAK_MARGIN_DB);
    double first = target->lufs + FIRST_PASS_ABOVE_DB - loudness_voice_lufs(voice);
    ns->first = limiter_new(rate, to_linear(first), ns->ceiling);
    /* the histogram keeps the gating blocks' loudness in 0.1 dB bins: without it libebur128
     * keeps every 400 ms block (10 a second, some 30 bytes each: 17 MB an hour of audio) */
    ns->meter = ebur128_init(1, (unsigned long)rate, EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM);
    if (!ns->first || !ns->meter) {
        normalize_free(ns);
        diag_nomem(inner->diag);
        inner->ops->abort(inner);
        return NULL;
    }
    ns->inner = inner;
    ns->name = name;
    ns->rate = rate;
    ns->target = *target;
    ns->base.ops = &normalize_ops;
    ns->base.diag = inner->diag;
    return &ns->base;
}
