/* An audio output as a program asks for it: where (the audio device, a path, standard output),
 * in what format, at what loudness; the sinks that make it are chained here: the loudness
 * normalisation or fixed gain (loudness.h), resampling for Opus, the encoder and the file,
 * stream or device. Tags are given later with sink_set_tags. Part of the programs' helpers. */
#ifndef RAVI_OUTPUT_H
#define RAVI_OUTPUT_H

#include "loudness.h"
#include "sink.h"

typedef struct sink_output {
    const char *path;           /* NULL: play through the default audio device; "-": standard
                                 * output; a file, device, FIFO or socket (outpath.h). Kept, not
                                 * copied: it names the output in messages */
    audio_format format;        /* ignored when playing */
    int rate;                   /* the rate of the samples to be written (the engine's) */
    loudness_target loudness;
    const char *voice;          /* a stream's fixed gain starts from this voice's level */
} sink_output;

/* A stream's fixed gain and limiter in front of `s` (owned; aborted on failure): from `voice`'s
 * known level to the target, under the ceiling less the headroom `format`'s encoder needs. `s`
 * itself when the target is off (or s is NULL). What playback and `-o -` get, and the server. */
sink *sink_stream_gain_open(sink *s, const loudness_target *target, const char *voice, int rate,
                            audio_format format);

/* Opens the chain. A file is normalised in two passes; playback and streams (standard output,
 * wherever it goes, devices, FIFOs, sockets) get the fixed gain. NULL after an error in d. */
sink *sink_output_open(const sink_output *o, diag *d);

#endif
