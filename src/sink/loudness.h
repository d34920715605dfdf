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

/* Whether a file in `format` at `target` must be decoded to check its true peak (a lossy codec
 * louder than its headroom was measured to hold at). */
int loudness_codec_needs_check(audio_format format, const loudness_target *target);

/* How the two-pass sink opens its encoder's chain (the encoder and the file, resampling before
 * them), and opens it again when a lossy encoder's decoded output went over the ceiling. */
typedef struct sink_opener {
    /* NULL after an error in d; `check` (NULL: none) goes to the file sink (sink_file_set_check) */
    sink *(*open)(void *ctx, sink_file_check check, void *check_ctx, diag *d);
    void (*free)(void *ctx);
    void *ctx;
    int check; /* the file is decoded and its true peak checked before it goes into place */
} sink_opener;

/* Two passes: what it is given goes through the gain that should reach the target from
 * `voice`'s known level and the limiter, is measured and spooled to `spool_fd` (an unnamed file
 * it owns from then on); at finish it all goes to the encoder `encoder` opens, with the
 * correction the measurement asks for. A lossy encoder's file, decoded, is checked against the
 * ceiling; over it, it is encoded again through the limiter with its ceiling lowered by as much
 * (and 0.1 dB more) and the loudness that takes off given back, at most four times in all (the
 * fourth: the third cut whole by what it went over). `name` (borrowed) names the output in messages. The encoder's ctx is freed
 * with the sink, and on failure (NULL, error in d), as spool_fd is closed. */
sink *sink_normalize_open(const sink_opener *encoder, const char *name, int rate,
                          const loudness_target *target, const char *voice, double headroom_db,
                          int spool_fd, diag *d);

/* One pass: a fixed gain (dB) and the limiter in front of `inner` (owned from then on; aborted
 * on failure). */
sink *sink_gain_open(sink *inner, int rate, double gain_db, double ceiling_dbtp);

#endif
