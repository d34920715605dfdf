/* The chain of sinks behind an output (output.h). */
#include "output.h"
#include "../outpath.h"

#include <unistd.h>

/* What the limiter takes off speech brought up to a podcast's level: the peaks it holds down are
 * loud enough to count (0.2-0.5 LU on samples/, make bench). */
#define LIMITER_LOSS_DB 0.3

/* Playback, or a stream: the fixed gain from the voice's known level to the target. */
static sink *with_fixed_gain(sink *s, const sink_output *o, double headroom_db)
{
    if (!s || !o->loudness.on)
        return s;
    double gain = o->loudness.lufs - loudness_voice_lufs(o->voice) + LIMITER_LOSS_DB;
    return sink_gain_open(s, o->rate, gain, o->loudness.ceiling_dbtp - headroom_db);
}

sink *sink_output_open(const sink_output *o, diag *d)
{
    if (!o->path)
        return with_fixed_gain(sink_play_open(o->rate, d), o, 0.0);
    outpath where;
    if (outpath_resolve(o->path, &where, d))
        return NULL;
    /* a file can wait for the end; standard output is a stream, wherever it goes */
    int two_pass = o->loudness.on && where.kind == OUTPATH_FILE;
    int spool = two_pass ? outpath_open_spool(&where, d) : -1; /* beside the target, named here */
    sink *s = NULL;
    if (!two_pass || spool >= 0) {
        int rate = audio_format_rate(o->format, o->rate);
        s = sink_outpath_open(&where, o->format, rate, d);
        if (s && rate != o->rate)
            s = sink_resample_open(s, o->rate, rate);
    }
    outpath_free(&where);
    double headroom = loudness_codec_headroom_db(o->format);
    if (!two_pass)
        return with_fixed_gain(s, o, headroom);
    if (!s) {
        if (spool >= 0)
            close(spool);
        return NULL;
    }
    return sink_normalize_open(s, o->path, o->rate, &o->loudness, o->voice, headroom, spool);
}
