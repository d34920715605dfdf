/* The chain of sinks behind an output (output.h). */
#include "output.h"
#include "../outpath.h"

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

sink *sink_output_open(const sink_output *o, diag *d)
{
    if (!o->path)
        return sink_stream_gain_open(sink_play_open(o->rate, d), &o->loudness, o->voice, o->rate,
                                     FORMAT_WAV);
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
    if (!two_pass)
        return sink_stream_gain_open(s, &o->loudness, o->voice, o->rate, o->format);
    double headroom = loudness_codec_headroom_db(o->format);
    if (!s) {
        if (spool >= 0)
            close(spool);
        return NULL;
    }
    return sink_normalize_open(s, o->path, o->rate, &o->loudness, o->voice, headroom, spool);
}
