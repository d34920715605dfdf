/* Subtitles (SRT, WebVTT) and JSON events from the timeline, written a sentence at a time as the
 * audio is made: a cue per sentence (or per word), its times eSpeak NG's, its text the sentence
 * as the article wrote it. Nothing is kept once written: memory stays flat. */
#ifndef RAVI_CUES_H
#define RAVI_CUES_H

#include <stdint.h>

#include "../outfile.h"
#include "../timeline.h"
#include "../util.h"

typedef enum cue_format { CUES_SRT, CUES_VTT, CUES_JSON } cue_format;

typedef struct cue_writer {
    outfile out;
    cue_format format;
    int words;             /* subtitles: a cue per word instead of per sentence */
    int rate;              /* samples per second of the timeline */
    unsigned long number;  /* cues written (SRT numbers them) */
    uint64_t last_end_ms;  /* where the previous cue ended: cues never overlap */
    strbuf line;           /* one cue or event, built then written */
} cue_writer;

/* The subtitle format named by a file's extension (.srt, .vtt), or -1. */
int cue_format_from_path(const char *path);

/* Opens the file ("-": standard output) and writes the format's header. -1 after a message. */
int cue_writer_open(cue_writer *w, const char *path, cue_format format, int words, int rate);
/* Writes the cues or events of the sentence the timeline has just closed. -1 after a message, or
 * quietly with out.closed_pipe set when a stream's reader went away. */
int cue_writer_sentence(cue_writer *w, const timeline *t);
/* Completes the file and renames it into place (ok), or removes it (!ok). -1 after a message. */
int cue_writer_close(cue_writer *w, int ok);

/* Appends `n` bytes of UTF-8 as the inside of a JSON string (invalid bytes become U+FFFD). */
int json_escape(strbuf *out, const char *s, size_t n);
/* Appends a time as HH:MM:SS,mmm (SRT) or HH:MM:SS.mmm (WebVTT). */
int cue_time(strbuf *out, uint64_t ms, char separator);

#endif
