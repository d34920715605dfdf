/* Everything the command line decides, read by every stage. */
#ifndef RAVI_OPTIONS_H
#define RAVI_OPTIONS_H

#include <stddef.h>

#define RAVI_MAX_LEXICONS 32

typedef struct ravi_options {
    const char *input;        /* file name, or "-" for standard input */
    const char *output;       /* -o: file name, "-" for stdout, NULL to play */
    const char *format;       /* --format: overrides the output's extension, or NULL */
    const char *voice;        /* --voice: eSpeak voice name or Ravi variant */
    int rate;                 /* --rate: words per minute, 80..450 */
    int pitch;                /* --pitch: 0..100 */
    int volume;               /* --volume: 0..200 */
    int sentence_pause_ms;    /* --sentence-pause: extra silence after each sentence */
    int paragraph_pause_ms;   /* --paragraph-pause: extra silence after each paragraph */
    int headline_pause_ms;    /* --headline-pause: silence after the headline */
    int input_format;         /* --html, --ssml, --text: an input_format (read/input.h); 0 guesses */
    int raw;                  /* --raw: bare 16-bit PCM */
    int ipa;                  /* phonemes --ipa */
    int no_ezafe;             /* --no-ezafe */
    int quiet;                /* --quiet */
    const char *subtitles;    /* --subtitles FILE.srt|FILE.vtt, or NULL */
    int word_timings;         /* --word-timings: a subtitle cue per word */
    const char *json_events;  /* --json-events FILE ("-": standard output), or NULL */
    const char *lexicons[RAVI_MAX_LEXICONS]; /* --lexicon FILE (repeatable), in order given */
    size_t nlexicons;
    const char *data_dir;     /* where lexicon/ and voices/ are found (see datadir.c) */
    int no_shipped_lexicon;   /* tests with fixtures: only the --lexicon files, not data_dir's */
    int explain;              /* phonemes --explain: stages note why each word they chose sounds so */
    int no_homographs;        /* tools (training, baselines): homographs left to eSpeak NG */
} ravi_options;

void options_defaults(ravi_options *opt);

#endif
