/* Loudness: audio brought to a target integrated loudness (EBU R128 / ITU-R BS.1770, measured
 * with libebur128) under a true-peak ceiling. A file is normalised in two passes: the samples go
 * through a first gain and the true-peak limiter (limiter.h) to an unnamed temporary file while
 * libebur128 measures them, and at the end they are read back through the correction that
 * reaches the target into the encoder, so memory stays flat whatever the length. A stream (playback, standard output, a
 * device or FIFO) cannot wait for the end: it gets a fixed gain, from what the voice is known
 * to measure, that lands near the target, and the same limiter. Part of the programs' helpers. */
#ifndef RAVI_LOUDNESS_H
#define RAVI_LOUDNESS_H

#include "sink.h"

/* Podcasts: the level podcast platforms ask of spoken word (see README). */
#define LOUDNESS_DEFAULT_LUFS (-16.0)
#define LOUDNESS_MIN_LUFS (-40.0)
/* The loudest target files reach within 1 LU under a -1 dBTP ceiling: louder, the limiter takes
 * off what the gain adds (-10 asked gives -12.8 LUFS, -13 gives -14.0 with `fa`; make test). */
#define LOUDNESS_MAX_LUFS (-14.0)
#define LOUDNESS_CEILING_DBTP (-1.0)

typedef struct loudness_target {
    int on;              /* 0: --loudness off, the voice's own level */
    double lufs;         /* integrated loudness to reach, LOUDNESS_MIN_LUFS..LOUDNESS_MAX_LUFS */
    double ceiling_dbtp; /* true peak never above this, once decoded */
    double volume_db;    /* the user's volume relative to the target (--volume 50: -6 dB) */
} loudness_target;

/* The defaults: on, LOUDNESS_DEFAULT_LUFS, LOUDNESS_CEILING_DBTP, 0 dB. */
void loudness_target_init(loudness_target *t);

/* The integrated loudness, in LUFS, of `voice` speaking news at volume 100 (measured on
 * samples/; an unknown voice or variant is taken as eSpeak NG's fa). */
double loudness_voice_lufs(const char *voice);

/* How far below the ceiling a format's encoder must be fed so that the decoded audio stays
 * under it (lossy codecs ring above their input's peaks), in dB. */
double loudness_codec_headroom_db(audio_format format);

/* Two passes: what it is given goes through the gain that should reach the target from
 * `voice`'s known level and the limiter, is measured and spooled to `spool_fd` (an unnamed file
 * it owns from then on); at finish it all goes to `inner` with the correction the measurement
 * asks for. `name` (borrowed) names the output in messages. On failure (NULL, error in inner's
 * diag) inner is aborted and spool_fd closed. */
sink *sink_normalize_open(sink *inner, const char *name, int rate, const loudness_target *target,
                          const char *voice, double headroom_db, int spool_fd);

/* One pass: a fixed gain (dB) and the limiter in front of `inner` (owned from then on; aborted
 * on failure). */
sink *sink_gain_open(sink *inner, int rate, double gain_db, double ceiling_dbtp);

#endif
