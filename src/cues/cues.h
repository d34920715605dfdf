/* Subtitles (SRT, WebVTT) and JSON events from libravi's sentence and word events, written a
 * sentence at a time as the audio is made: a cue per sentence (or per word), its times eSpeak
 * NG's, its text the sentence as the article wrote it. Nothing is kept once written: memory stays
 * flat. One of the programs' shared helpers (the `ravi` command, batch, server), built on the
 * public API only. */
#ifndef RAVI_CUES_H
#define RAVI_CUES_H

#include <stdint.h>

#include "../../include/ravi.h"
#include "../outfile.h"
#include "../util.h"

/* A word of the sentence being collected. */
typedef struct cue_word {
    uint64_t byte_start, byte_end;
    uint64_t start, end;         /* samples: where it starts; where the next one starts */
    size_t text, text_len;       /* its text in the sentence's `texts` */
} cue_word;

/* One sentence gathered from the events: its own times, its words, their texts. */
typedef struct cue_sentence {
    int open;                    /* a SENTENCE event came, its end not yet */
    uint64_t byte_start, byte_end;
    uint64_t start, end;         /* samples: where its speech starts, where its pause ends */
    strbuf texts;                /* the sentence's text (text_len bytes), then each word's */
    size_t text_len;
    cue_word *words;
    size_t n, cap;
} cue_sentence;

void cue_sentence_init(cue_sentence *cs);
void cue_sentence_free(cue_sentence *cs);
/* Takes one event of a speaking call. Returns 1 when it completes a sentence (then write it),
 * 0 otherwise, -1 when out of memory. Marks are not cues: ignored. */
int cue_sentence_event(cue_sentence *cs, const ravi_event *ev);
/* The open sentence ends at `sample` without its end event (a player went elsewhere in the
 * middle of it). Returns 1 when there was one to complete. */
int cue_sentence_cut(cue_sentence *cs, uint64_t sample);
/* The sentence's text and a word's. */
const char *cue_sentence_text(const cue_sentence *cs, size_t *len);
const char *cue_word_text(const cue_sentence *cs, const cue_word *w, size_t *len);

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

/* Opens the file ("-": standard output) and writes the format's header; errors then and later go
 * to d. -1 after an error. */
int cue_writer_open(cue_writer *w, const char *path, cue_format format, int words, int rate, diag *d);
/* Writes the cues or events of a complete sentence. -1 after an error, or quietly with
 * out.closed_pipe set when a stream's reader went away. */
int cue_writer_sentence(cue_writer *w, const cue_sentence *cs);
/* Completes the file and renames it into place (ok), or removes it (!ok). -1 after an error. */
int cue_writer_close(cue_writer *w, int ok);

/* Appends `n` bytes of UTF-8 as the inside of a JSON string (invalid bytes become U+FFFD). */
int json_escape(strbuf *out, const char *s, size_t n);
/* Appends a time as HH:MM:SS,mmm (SRT) or HH:MM:SS.mmm (WebVTT). */
int cue_time(strbuf *out, uint64_t ms, char separator);

#endif
