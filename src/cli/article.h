/* One article spoken into its outputs: the audio (a file, a stream, standard output or the
 * speakers), subtitles and JSON events, written from libravi's callbacks a sentence at a time.
 * What `ravi say` and each `ravi batch` worker share. Nothing is printed: an error is recorded in
 * the writer's diag for the command to print (say) or to hand on (a batch worker to its parent).
 * Files are written beside their targets and renamed into place when complete (outpath.h), so
 * each output is either whole or not there. */
#ifndef RAVI_CLI_ARTICLE_H
#define RAVI_CLI_ARTICLE_H

#include <stdint.h>

#include "../../include/ravi.h"
#include "../cues/cues.h"
#include "../diag.h"
#include "../sink/sink.h"

/* Where an article goes. */
typedef struct article_outputs {
    const char *audio;        /* a path ("-": standard output), or NULL: the speakers */
    audio_format format;      /* of a file or stream */
    const char *subtitles;    /* FILE.srt or FILE.vtt, or NULL */
    int word_timings;         /* subtitles: a cue per word */
    const char *json_events;  /* FILE ("-": standard output), or NULL */
} article_outputs;

typedef struct article_writer {
    article_outputs to;
    int rate;                 /* the engine's samples per second */
    diag diag;                /* what the sink and the cue files report */
    sink *out;                /* opened with the first sound: empty input leaves no file */
    uint64_t samples;         /* written so far */
    int failed;               /* a write failed: its message is in diag */
    int closed_pipe;          /* the reader of an output (a pipe) went away: stop quietly */
    cue_sentence cues;        /* the sentence being gathered for the cue files */
    cue_writer subtitles, events; /* open when to.subtitles, to.json_events */
} article_writer;

void article_writer_init(article_writer *w, const article_outputs *to, int rate);
void article_writer_free(article_writer *w);

/* Opens the cue files (the audio waits for the first sound). -1 after an error. */
int article_writer_open(article_writer *w);
/* The callbacks' work: 0 to go on, 1 to stop (failed or closed_pipe set). */
int article_writer_audio(article_writer *w, const int16_t *pcm, size_t n);
int article_writer_event(article_writer *w, const ravi_event *ev);
/* The open sentence ends here, without its end event (a player went elsewhere). 0, or 1 to stop. */
int article_writer_cut(article_writer *w);
/* Completes every output (ok) or removes them all (!ok). keep_audio 0 with ok: the audio is
 * dropped at once (a player's q) but the cues so far are kept. -1 after an error. */
int article_writer_finish(article_writer *w, int ok, int keep_audio);

#endif
