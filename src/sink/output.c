/* The chain of sinks behind an output (output.h). */
#include "output.h"
#include "../outpath.h"

#include <stdlib.h>
#include <unistd.h>

/* What the limiter takes off speech brought up to a podcast's level: the peaks it holds down are
 * loud enough to count (0.2-0.5 LU on samples/, make bench). */
#define LIMITER_LOSS_DB 0.3
/* and what it takes off besides for each dB a lossy codec's headroom lowers its ceiling (MP3
 * -16.7, Opus -17.0 LUFS without it; streams of samples/ through both voices, make bench) */
#define LIMITER_LOSS_PER_HEADROOM_DB 0.4

sink *sink_stream_gain_open(sink *s, const loudness_target *target, const char *voice, int rate,
                            audio_format format)
{
    if (!s || !target->on)
        return s;
    double headroom = loudness_codec_headroom_db(format);
    double gain = target->lufs - loudness_voice_lufs(voice) + LIMITER_LOSS_DB +
                  LIMITER_LOSS_PER_HEADROOM_DB * headroom;
    return sink_gain_open(s, rate, gain, target->ceiling_dbtp - headroom);
}

/* The file, stream or device, its encoder, and resampling before them when the format asks for
 * another rate; `check` goes to a file. */
static sink *open_encoder(const sink_output *o, outpath *where, sink_file_check check,
                          void *check_ctx, diag *d)
{
    int rate = audio_format_rate(o->format, o->rate);
    sink *s = sink_outpath_open(where, o->format, rate, d);
    if (s && check)
        sink_file_set_check(s, check, check_ctx);
    if (s && rate != o->rate)
        s = sink_resample_open(s, o->rate, rate);
    return s;
}

/* sink_opener's open: the path resolved again, each time (ctx: a copy of the sink_output). */
static sink *reopen_encoder(void *ctx, sink_file_check check, void *check_ctx, diag *d)
{
    const sink_output *o = ctx;
    outpath where;
    if (outpath_resolve(o->path, &where, d))
        return NULL;
    sink *s = open_encoder(o, &where, check, check_ctx, d);
    outpath_free(&where);
    return s;
}

/* A file: normalised in two passes, the first spooled beside it. */
static sink *two_passes(const sink_output *o, const outpath *where, diag *d)
{
    sink_output *copy = malloc(sizeof *copy);
    if (!copy) {
        diag_nomem(d);
        return NULL;
    }
    *copy = *o;
    int spool = outpath_open_spool(where, d); /* beside the target, named here */
    if (spool < 0) {
        free(copy);
        return NULL;
    }
    sink_opener encoder = {reopen_encoder, free, copy,
                           loudness_codec_needs_check(o->format, &o->loudness)};
    return sink_normalize_open(&encoder, o->path, o->rate, &o->loudness, o->voice,
                               loudness_codec_headroom_db(o->format), spool, d);
}

sink *sink_output_open(const sink_output *o, diag *d)
{
    if (!o->path)
        return sink_stream_gain_open(sink_play_open(o->rate, d), &o->loudness, o->voice, o->rate,
                                     FORMAT_WAV);
    outpath where;
    if (outpath_resolve(o->path, &where, d))
        return NULL;
    /* a file can wait for the end; standard output is a stream, wherever it goes */
    sink *s = o->loudness.on && where.kind == OUTPATH_FILE
                  ? two_passes(o, &where, d)
                  : sink_stream_gain_open(open_encoder(o, &where, NULL, NULL, d), &o->loudness,
                                          o->voice, o->rate, o->format);
    outpath_free(&where);
    return s;
}
