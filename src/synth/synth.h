/* synthesize: libespeak-ng, the one place that holds its global state.
 * eSpeak NG keeps its state in globals: one synthesizer per process, opened once. */
#ifndef RAVI_SYNTH_H
#define RAVI_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "../options.h"
#include "../util.h"

typedef struct synth_callbacks {
    /* Receives samples (16-bit mono at the synthesizer's rate); returns nonzero to stop. */
    int (*audio)(void *ctx, const short *pcm, size_t n);
    /* A word starts at 1-based character `text_position` of the text, `sample` samples into it. */
    void (*word)(void *ctx, size_t text_position, uint64_t sample);
    void *ctx;
} synth_callbacks;

/* Initialises eSpeak NG with the options' voice (an eSpeak voice, or one of Ravi's variants
 * in data_dir/voices, see voices.h), rate, pitch and volume.
 * Returns the sample rate; prints a message and returns -1 on failure
 * (-2 when the voice does not exist: a usage error). */
int synth_open(const ravi_options *opt);
void synth_close(void);

/* Speaks one sentence (UTF-8, [[phonemes]] allowed). Returns 0, 1 when a callback asked to stop,
 * -1 on failure. */
int synth_speak(const char *text, const synth_callbacks *cb);
/* The same for a sentence rendered as SSML (<speak>...</speak>, see read/ssml.h). */
int synth_speak_ssml(const char *text, const synth_callbacks *cb);

/* Calls fn for every eSpeak NG voice that speaks `lang` (or a dialect of it): its file name
 * (what --voice takes), gender and description. Returns how many, or -1 after a message. */
int synth_list_voices(const char *lang, void (*fn)(void *ctx, const char *name, const char *gender,
                                                   const char *about), void *ctx);

/* The directory eSpeak NG reads its data from (phontab, voices), found the way the library finds
 * it ($ESPEAK_DATA_PATH, then its built-in path); valid without synth_open. */
const char *synth_data_dir(void);

/* Changes the speaking rate (words per minute, clamped to 80-450) for the sentences that follow. */
void synth_set_rate(int wpm);

/* Appends the phonemes eSpeak NG would speak for the text (mnemonics, or IPA), on one line. */
int synth_phonemes(const char *text, int ipa, strbuf *out);
/* The same, for plain text or (ssml = 1) a sentence rendered as SSML. */
int synth_phonemes_of(const char *text, int ssml, int ipa, strbuf *out);
/* The same, also counting eSpeak's word events into *words (when not NULL). */
int synth_trace(const char *text, int ssml, int ipa, strbuf *out, size_t *words);

#endif
