/* synthesize: libespeak-ng, the one place that holds its global state.
 *
 * eSpeak NG keeps its state in globals, so the process has one synthesizer, used by one engine
 * at a time (synth_claim: a second live engine is refused, never waited for). eSpeak is started
 * once, by the first engine, and kept for the life of the process: in libespeak-ng 1.51 a second
 * espeak_Terminate after a second initialisation deadlocks (see mk/ezafe.mk), so engines one
 * after another share the started synthesizer and each sets its own voice and parameters. */
#ifndef RAVI_SYNTH_H
#define RAVI_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "../diag.h"
#include "../lexicon/phonemes.h"
#include "../util.h"

typedef struct synth_callbacks {
    /* Receives samples (16-bit mono at the synthesizer's rate); returns nonzero to stop. */
    int (*audio)(void *ctx, const short *pcm, size_t n);
    /* A word starts at 1-based character `text_position` of the text, `sample` samples into it;
     * called for a chunk's words before its audio. */
    void (*word)(void *ctx, size_t text_position, uint64_t sample);
    void *ctx;
} synth_callbacks;

/* Takes the process's one synthesizer for an engine. Returns 0, or -1 (RAVI_E_BUSY) when
 * another engine holds it. */
int synth_claim(diag *d);
/* Gives it back: the engine's voice overlay is removed, eSpeak stays started. */
void synth_release(void);

/* Starts eSpeak NG if it is not yet (the claim's holder only). Returns the sample rate, or -1
 * after an error (RAVI_E_DATA: no eSpeak NG data). */
int synth_start(diag *d);
/* Sets the voice: an eSpeak voice ("fa", "fa+f3"), or one of Ravi's variants in data_dir/voices
 * alone or after a language ("ravi-male", "fa+ravi-male"; see voices.h). Returns 0, or -1 after
 * an error (RAVI_E_VOICE: no such voice). */
int synth_set_voice(const char *voice, const char *data_dir, diag *d);
/* Words per minute, pitch, volume (clamped to eSpeak's ranges) and the punctuation read out. */
void synth_set_params(int rate, int pitch, int volume, ravi_punctuation punctuation);

/* For tools and tests: claim, start, the voice and default parameters in one call; the sample
 * rate, or -1 after an error (-2: no such voice). synth_close releases. */
int synth_open(const char *voice, const char *data_dir, diag *d);
void synth_close(void);
/* 1 once eSpeak NG is started. */
int synth_is_open(void);

/* Speaks one sentence: UTF-8 with [[phonemes]], or (ssml) a sentence rendered as SSML
 * (<speak>...</speak>, see read/ssml.h). Returns 0, 1 when a callback asked to stop, -1 after an
 * error (RAVI_E_SYNTH). */
int synth_speak(const char *text, int ssml, const synth_callbacks *cb, diag *d);

/* Calls fn for every eSpeak NG voice that speaks `lang` (or a dialect of it): its file name
 * (what a voice setting takes), gender and description; fn returning non-zero stops. Returns
 * how many, or -1 after an error (or a cancel) in d. eSpeak must be started. */
int synth_list_voices(const char *lang,
                      int (*fn)(void *ctx, const char *name, const char *gender, const char *about),
                      void *ctx, diag *d);

/* The directory eSpeak NG reads its data from (phontab, voices), found the way the library finds
 * it ($ESPEAK_DATA_PATH, then its built-in path); valid before eSpeak is started. */
const char *synth_data_dir(void);

/* Appends the phonemes eSpeak NG would speak for the text (mnemonics, or IPA), on one line. */
int synth_phonemes(const char *text, int ipa, strbuf *out);
/* The same, for plain text or (ssml = 1) a sentence rendered as SSML. */
int synth_phonemes_of(const char *text, int ssml, int ipa, strbuf *out);
/* The same, also counting eSpeak's word events into *words (when not NULL); errors go to d. */
int synth_trace(const char *text, int ssml, int ipa, strbuf *out, size_t *words, diag *d);
/* The same, with the callbacks of the synthesis that made them (word events: what is heard). */
int synth_phonemes_heard(const char *text, int ssml, int ipa, const synth_callbacks *cb, strbuf *out,
                         diag *d);
/* The same phonemes (mnemonics, plain text) from eSpeak's translation alone, without making the
 * sound (espeak_TextToPhonemes, some 15 times faster): for checks over large texts. */
int synth_phonemes_read(const char *text, strbuf *out);

/* eSpeak NG's own reading of one word in a sentence (espeak_TextToPhonemes), appended to out as
 * Persian mnemonics (words.c; cached per word). Returns 0; 1 when there is none to give (eSpeak
 * is not started, the word has no sound, or eSpeak reads it with another language's phonemes):
 * the word is then left to eSpeak as text; -1 when out of memory. */
int synth_word_phonemes(const char *word, size_t len, strbuf *out);
/* eSpeak NG's Persian phoneme table (names, types), or NULL when not started or unreadable. */
const phoneme_set *synth_phoneme_set(void);

#endif
