/* sinks: where the samples go, a sentence at a time as they are made.
 * A file sink writes a temporary file beside the target and renames it into place only when
 * complete; playback starts with the first samples. Part of the programs' shared helpers (the
 * `ravi` command, and the batch and server built on libravi), not of libravi: errors go to the
 * diag given at open, a message naming the file, for the program to print or log. */
#ifndef RAVI_SINK_H
#define RAVI_SINK_H

#include <stddef.h>
#include <sndfile.h>

#include "../diag.h"

typedef struct sink sink;
typedef struct audio_tags audio_tags;

typedef struct sink_ops {
    int (*write)(sink *s, const short *pcm, size_t n); /* -1 after an error in s->diag */
    int (*finish)(sink *s);                            /* completes and frees; -1 after an error, 1 when
                                                        * a file check asked for it again */
    void (*abort)(sink *s);                            /* discards partial output and frees */
    /* keeps a copy of the tags to write when finishing (NULL: the sink writes none); a sink in
     * front of another passes them on. -1 after an error (out of memory). */
    int (*set_tags)(sink *s, const audio_tags *tags);
} sink_ops;

struct sink {
    const sink_ops *ops;
    diag *diag;      /* where its errors go */
    int closed_pipe; /* set when standard output's reader went away (EPIPE): no error recorded */
};

typedef enum audio_format {
    FORMAT_UNKNOWN = 0,
    FORMAT_WAV,
    FORMAT_FLAC,
    FORMAT_OGG,
    FORMAT_MP3,
    FORMAT_OPUS,
    FORMAT_RAW,
} audio_format;

/* The format named by a --format value or a file name's extension. */
audio_format audio_format_from_name(const char *name);
audio_format audio_format_from_path(const char *path);
/* The file name extension a format is written with ("wav", "flac", "ogg", "opus", "mp3", "raw"). */
const char *audio_format_extension(audio_format format);

/* Opens what `path` names ("-": standard output): a regular file or a new name is written to a
 * temporary file beside it (beside a link's target) and renamed into place by finish; a
 * device, FIFO or socket is written straight into (see outpath.h). NULL after an error in d. */
sink *sink_path_open(const char *path, audio_format format, int rate, diag *d);
/* The same for a path already resolved (outpath.h; its name is kept, not copied). */
struct outpath;
sink *sink_outpath_open(struct outpath *where, audio_format format, int rate, diag *d);
/* A look at a finished file (its temporary name) before it is tagged and renamed into place:
 * 0 keeps it, 1 has it removed and its finish return 1 (to be written again), -1 removes it
 * after an error in d. Set on a sink that sink_outpath_open made for a file; others ignore it. */
typedef int (*sink_file_check)(void *ctx, const char *path, diag *d);
void sink_file_set_check(sink *s, sink_file_check check, void *ctx);
sink *sink_stdout_open(audio_format format, int rate, diag *d);
/* A stream on `fd` (closed at the end when own_fd); `name` (kept, not copied) for messages. */
sink *sink_stream_open(int fd, const char *name, int own_fd, audio_format format, int rate, diag *d);
sink *sink_play_open(int rate, diag *d);
/* Resamples what it is given from from_rate to to_rate and passes it to `inner`, which it owns
 * from then on (also when opening fails: then `inner` is aborted). Errors go to inner's diag. */
sink *sink_resample_open(sink *inner, int from_rate, int to_rate);

/* The sample rate a format is written at when the voice speaks at `rate` (Opus: 48000). */
int audio_format_rate(audio_format format, int rate);
/* Opens `fd` for writing `format` with libsndfile (see sf_open_fd), or NULL. A WAV file that
 * grows past 4 GB (about 27 hours at 22,050 Hz) is written as RF64, whose sizes are 64-bit:
 * plain WAV's 32-bit sizes would wrap and the file would read as a few hours of it. */
SNDFILE *audio_format_open_fd(int fd, audio_format format, int rate, int close_fd);
/* The format's usual name, for messages. */
const char *audio_format_name(audio_format format);

int sink_write(sink *s, const short *pcm, size_t n);
int sink_silence(sink *s, size_t n);
/* The tags (title, artist...) the output is to carry, given at any time before it finishes: a
 * file gets them before it is renamed into place (tags.h); a stream, playback or raw PCM has no
 * place for them and ignores them. Later calls replace earlier ones. -1 after an error. */
int sink_set_tags(sink *s, const audio_tags *tags);

/* Libraries that print on stderr by themselves (PortAudio's ALSA/JACK probing, libsndfile closing
 * a file it failed to write) are muted around those calls: the program's own message says what
 * went wrong. This touches the process's descriptor 2, so it lives here, in the programs'
 * helpers, never in libravi. stderr_mute returns a token for stderr_unmute. */
int stderr_mute(void);
void stderr_unmute(int token);

#endif
