/* Loudness normalisation (loudness.h): the two-pass sink for files, the fixed-gain sink for
 * streams, both through the true-peak limiter. */
#include "loudness.h"
#include "limiter.h"
#include "tags.h"

#include <ebur128.h>
#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <soxr.h>
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
     * the peaks it was given each decoder's output went, at -16 LUFS */
    case FORMAT_MP3: return 1.0;  /* LAME at libsndfile's settings: up to +0.5 dB */
    case FORMAT_OGG: return 1.0;  /* Vorbis: up to +1.2 dB, so its files are checked */
    case FORMAT_OPUS: return 1.5; /* up to +1.2 dB */
    default: return 0.0;          /* PCM, FLAC: what is written is what is read */
    }
}

int loudness_codec_needs_check(audio_format format, const loudness_target *target)
{
    /* The loudest level at which the headroom alone was measured to hold the ceiling (the
     * 10-minute article, fa and both Ravi voices; louder, the encoder's noise grows with the
     * level and overshoots any headroom: at -14 LUFS MP3 reached -0.5 dBTP, Opus -0.8, Vorbis
     * +0.6). Checking costs a decoding and a 4x oversampling: 17 % of an MP3's making. */
    double unchecked_up_to;
    switch (format) {
    case FORMAT_MP3: unchecked_up_to = -16.0; break;  /* -1.6 dBTP at most */
    case FORMAT_OPUS: unchecked_up_to = -16.0; break; /* -1.4 dBTP at most */
    case FORMAT_OGG: return 1;                        /* -0.9 dBTP (ravi-male) */
    default: return 0;
    }
    return target->on && target->lufs + target->volume_db > unchecked_up_to + 0.05;
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
    sink_opener encoder;     /* opens the encoder's chain (again, when a lossy encoder's
                              * decoded output went over the ceiling) */
    audio_tags *tags;        /* for an encoder opened again */
    double lower_db;         /* the limiter's ceiling lowered by as much (> 0 once a decoded
                              * file went over the ceiling) */
    double recut_db;         /* how far the last decoded file went over, and a step more */
    double plain_gain;       /* the correction that reaches the target with a plain gain */
    int tries;               /* encodings made */
    size_t buffered;
    short buffer[CHUNK + LIMITER_BLOCK];
    short out[CHUNK + LIMITER_BLOCK]; /* what the limiter gives for a CHUNK */
} normalize_sink;

static void normalize_free(normalize_sink *ns)
{
    if (ns->inner)
        ns->inner->ops->abort(ns->inner);
    if (ns->spool >= 0)
        close(ns->spool);
    ns->encoder.free(ns->encoder.ctx);
    audio_tags_free(ns->tags);
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

/* The first pass's end: what its limiter held. */
static int first_pass_end(normalize_sink *ns)
{
    size_t n = ns->buffered;
    ns->buffered = 0;
    return spool_write(ns, ns->out, limiter_run(ns->first, ns->buffer, n, ns->out)) ||
                   spool_write(ns, ns->out, limiter_drain(ns->first, ns->out))
               ? -1
               : 0;
}

static int spool_rewind(normalize_sink *ns)
{
    errno = 0;
    return lseek(ns->spool, 0, SEEK_SET) != 0
               ? spool_failed(ns, "cannot read back the audio written beside it")
               : 0;
}

/* The second pass: the spool through the correction, `gain` dB, into the encoder: a plain cut,
 * or the limiter when the gain goes up or its ceiling was lowered by ns->lower_db. */
static int second_pass(normalize_sink *ns, double gain)
{
    if (spool_rewind(ns))
        return -1;
    int limit = gain > 0 || ns->lower_db > 0;
    double ceiling = ns->ceiling * to_linear(-ns->lower_db);
    limiter *up = limit ? limiter_new(ns->rate, to_linear(gain), ceiling) : NULL;
    if (limit && !up)
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

/* The loudness (LUFS) of the spool through `gain` dB and the limiter at the lowered ceiling,
 * measured without encoding it; -1 after an error. */
static int limited_loudness(normalize_sink *ns, double gain, double *lufs)
{
    if (spool_rewind(ns))
        return -1;
    limiter *lim = limiter_new(ns->rate, to_linear(gain), ns->ceiling * to_linear(-ns->lower_db));
    ebur128_state *meter =
        ebur128_init(1, (unsigned long)ns->rate, EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM);
    int rc = lim && meter ? 0 : diag_nomem(ns->base.diag);
    long got = 0;
    while (rc == 0 && (got = spool_read(ns)) > 0) {
        size_t n = limiter_run(lim, ns->buffer, (size_t)got, ns->out);
        if (ebur128_add_frames_short(meter, ns->out, n) != EBUR128_SUCCESS)
            rc = diag_nomem(ns->base.diag);
    }
    if (got < 0)
        rc = -1;
    if (rc == 0 &&
        ebur128_add_frames_short(meter, ns->out, limiter_drain(lim, ns->out)) != EBUR128_SUCCESS)
        rc = diag_nomem(ns->base.diag);
    if (rc == 0 && ebur128_loudness_global(meter, lufs) != EBUR128_SUCCESS)
        rc = diag_nomem(ns->base.diag);
    limiter_free(lim);
    if (meter)
        ebur128_destroy(&meter);
    return rc;
}

/* The gain that brings the spool to the target through the limiter at its lowered ceiling. The
 * limiter takes more off the louder it is fed (on speech at -14 LUFS a dB more gain gave a
 * quarter of a LU), so the gain is found by the secant method from what LIMITED_ROUNDS gains
 * measure; it goes up by LIMITED_BOOST_MAX_DB at most, beyond which speech is crushed. */
#define LIMITED_ROUNDS 3
#define LIMITED_BOOST_MAX_DB 10.0
#define LIMITED_CLOSE_LU 0.05
static int limited_gain(normalize_sink *ns, double *gain)
{
    double want = ns->target.lufs + ns->target.volume_db;
    double top = ns->plain_gain + LIMITED_BOOST_MAX_DB, g = *gain;
    double slope = 1.0, last_g = 0, last_lufs = 0;
    for (int round = 0; round < LIMITED_ROUNDS; round++) {
        double lufs;
        if (limited_loudness(ns, g, &lufs))
            return -1;
        if (!isfinite(lufs) || lufs <= SILENT_LUFS)
            break;
        if (round > 0 && g != last_g)
            slope = (lufs - last_lufs) / (g - last_g);
        slope = slope < 0.1 ? 0.1 : slope > 1.0 ? 1.0 : slope; /* the limiter's loss grows with g */
        *gain = g;
        if (fabs(want - lufs) < LIMITED_CLOSE_LU)
            break;
        last_g = g;
        last_lufs = lufs;
        g += (want - lufs) / slope;
        g = g > top ? top : g > MAX_GAIN_DB ? MAX_GAIN_DB : g;
        *gain = g;
        if (g == last_g) /* at the most it may boost */
            break;
    }
    return 0;
}

/* ---- the decoded file's true peak ----------------------------------------------------------
 * A lossy encoder adds noise in proportion to the signal's loudness, and it rings above the
 * peaks it is fed; how far depends on the codec, the voice and the target (Vorbis at -14 LUFS:
 * 2.7 dB above its input's peaks), and more headroom before it does not help once the limiter
 * flattens the speech. So the file is decoded and its true peak measured as BS.1770 does (4x
 * oversampled, here by libsoxr); over the ceiling, it is encoded again through the limiter
 * with its ceiling lowered by as much, and a little more, and the loudness that takes off
 * given back (limited_gain); the last encoding is the one before, cut whole. */

#define OVERSAMPLE 4
#define DECODE_CHUNK 4096
#define RECUT_STEP_DB 0.1   /* beyond what the peak was over, for the next encoding */
#define MAX_ENCODINGS 4     /* the last is kept whatever it measures (ravi-male's MP3 and Opus
                             * at -14 LUFS take all four) */

/* The largest of the decoded samples and of the points soxr puts between them (up: room for
 * OVERSAMPLE times a chunk and more); -1 when soxr fails. */
static float oversampled_peak(SNDFILE *sf, soxr_t soxr, unsigned channels, float *in, float *up,
                              size_t up_frames)
{
    float peak = 0;
    for (;;) {
        sf_count_t n = sf_readf_float(sf, in, DECODE_CHUNK);
        const float *p = n > 0 ? in : NULL; /* NULL: the input has ended, the filter empties */
        size_t left = n > 0 ? (size_t)n : 0;
        do {
            size_t used = 0, made = 0;
            if (soxr_process(soxr, p, left, &used, up, up_frames, &made))
                return -1;
            for (size_t i = 0; i < made * channels; i++)
                peak = fabsf(up[i]) > peak ? fabsf(up[i]) : peak;
            if (!p && !made)
                return peak;
            if (p) {
                p += used * channels;
                left -= used;
            }
        } while (left > 0 || !p);
    }
}

/* The true peak of the file at `path`, in dBTP; -1 when it cannot be read back. */
static int decoded_true_peak(const char *path, double *dbtp)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf)
        return -1;
    soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t quality = soxr_quality_spec(SOXR_MQ, 0);
    soxr_error_t err = NULL;
    soxr_t soxr = soxr_create(info.samplerate, (double)OVERSAMPLE * info.samplerate,
                              (unsigned)info.channels, &err, &io, &quality, NULL);
    unsigned channels = (unsigned)info.channels;
    size_t up_frames = OVERSAMPLE * DECODE_CHUNK + 64;
    float *in = malloc(DECODE_CHUNK * channels * sizeof *in);
    float *up = malloc(up_frames * channels * sizeof *up);
    float peak = !err && in && up ? oversampled_peak(sf, soxr, channels, in, up, up_frames) : -1;
    free(in);
    free(up);
    soxr_delete(soxr);
    sf_close(sf);
    if (peak < 0)
        return -1;
    *dbtp = peak > 0 ? 20.0 * log10(peak) : -200.0;
    return 0;
}

/* sink_file_check: keeps the file if its true peak is within the ceiling. */
static int decoded_peak_check(void *ctx, const char *path, diag *d)
{
    normalize_sink *ns = ctx;
    double peak;
    if (decoded_true_peak(path, &peak))
        return diag_fail(d, RAVI_E_IO, "%s: cannot read back what the encoder wrote", ns->name);
    double over = peak - (ns->target.ceiling_dbtp - TRUE_PEAK_MARGIN_DB);
    if (over <= 0 || ns->tries >= MAX_ENCODINGS)
        return 0;
    ns->recut_db = over + RECUT_STEP_DB;
    ns->lower_db += ns->recut_db;
    return 1;
}

/* The encoder's chain, with the tags it was given when opened again; a lossy encoder's file
 * is checked once finished. */
static int open_encoder(normalize_sink *ns)
{
    sink_file_check check = ns->encoder.check ? decoded_peak_check : NULL;
    ns->inner = ns->encoder.open(ns->encoder.ctx, check, ns, ns->base.diag);
    if (!ns->inner)
        return -1;
    if (ns->tags && sink_set_tags(ns->inner, ns->tags))
        return -1;
    return 0;
}

static int normalize_finish(sink *s)
{
    normalize_sink *ns = (normalize_sink *)s;
    int rc = first_pass_end(ns);
    double gain = ns->plain_gain = rc ? 0 : correction(ns);
    while (rc == 0) {
        ns->tries++;
        /* over the ceiling once decoded: the limiter's ceiling lowered and the loudness it takes
         * off given back; the last encoding is the one before cut whole by what it went over,
         * which holds the ceiling (a codec's overshoot scales with its input) */
        if (ns->tries == MAX_ENCODINGS)
            gain -= ns->recut_db;
        else if (ns->lower_db > 0 && (rc = limited_gain(ns, &gain)))
            break;
        if ((rc = second_pass(ns, gain)))
            break;
        sink *inner = ns->inner;
        ns->inner = NULL;
        rc = inner->ops->finish(inner);
        if (rc <= 0) /* in place, or failed */
            break;
        rc = open_encoder(ns); /* over the ceiling once decoded: again, limited lower */
    }
    normalize_free(ns);
    return rc ? -1 : 0;
}

static void normalize_abort(sink *s)
{
    normalize_sink *ns = (normalize_sink *)s;
    normalize_free(ns);
}

static int normalize_set_tags(sink *s, const audio_tags *tags)
{
    normalize_sink *ns = (normalize_sink *)s;
    audio_tags *copy = tags ? audio_tags_copy(tags) : NULL; /* for an encoder opened again */
    if (tags && !copy)
        return diag_nomem(s->diag);
    audio_tags_free(ns->tags);
    ns->tags = copy;
    return sink_set_tags(ns->inner, tags);
}

static const sink_ops normalize_ops = {normalize_write, normalize_finish, normalize_abort,
                                       normalize_set_tags};

sink *sink_normalize_open(const sink_opener *encoder, const char *name, int rate,
                          const loudness_target *target, const char *voice, double headroom_db,
                          int spool_fd, diag *d)
{
    normalize_sink *ns = calloc(1, sizeof *ns);
    if (!ns) {
        encoder->free(encoder->ctx);
        close(spool_fd);
        diag_nomem(d);
        return NULL;
    }
    ns->spool = spool_fd;
    ns->encoder = *encoder;
    ns->name = name;
    ns->rate = rate;
    ns->target = *target;
    ns->base.ops = &normalize_ops;
    ns->base.diag = d;
    ns->ceiling = to_linear(target->ceiling_dbtp - headroom_db - TRUE_PEAK_MARGIN_DB);
    double first = target->lufs + FIRST_PASS_ABOVE_DB - loudness_voice_lufs(voice);
    ns->first = limiter_new(rate, to_linear(first), ns->ceiling);
    /* the histogram keeps the gating blocks' loudness in 0.1 dB bins: without it libebur128
     * keeps every 400 ms block (10 a second, some 30 bytes each: 17 MB an hour of audio) */
    ns->meter = ebur128_init(1, (unsigned long)rate, EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM);
    if (!ns->first || !ns->meter) {
        normalize_free(ns);
        diag_nomem(d);
        return NULL;
    }
    if (open_encoder(ns)) {
        normalize_free(ns);
        return NULL;
    }
    return &ns->base;
}
