/* Ezafe: the unwritten -e / -ye that links the words of a Persian noun phrase
 * («روابطِ ایران», «جمهوریِ آذربایجان»). A statistical tagger decides which words carry it;
 * realise.c knows how it is said after a word's own phonemes. */
#ifndef RAVI_EZAFE_H
#define RAVI_EZAFE_H

#include <stddef.h>

#include "../lexicon/phonemes.h"
#include "../util.h"

typedef struct ezafe_model ezafe_model;

/* Loads a model; on failure returns NULL and writes "FILE: why" into err. */
ezafe_model *ezafe_model_load(const char *path, char *err, size_t errlen);
void ezafe_model_free(ezafe_model *m);

/* words: the n tokens of one sentence (UTF-8, punctuation included as their own tokens, already
   cleaned: Persian ی ک, ZWNJ kept). forced[i]: 0 = model decides, 1 = must carry ezafe, 2 = must not.
   forced may be NULL (all 0). out[i] = 1 when word i carries ezafe. Deterministic: the same
   words give the same answer whatever was tagged before. A model keeps a cache of recent word
   types, so it tags one sentence at a time: threads need a model each. */
void ezafe_model_predict(const ezafe_model *m, const char *const *words, const unsigned char *forced,
                         size_t n, unsigned char *out);
/* The same, given each word's length (lens[i] == strlen(words[i])), as tokens keep them. */
void ezafe_model_predict_sized(const ezafe_model *m, const char *const *words, const size_t *lens,
                               const unsigned char *forced, size_t n, unsigned char *out);

/* A letter with its kasra written: the letter's name spelt («بِ» be, «یِ» ye, as a screen reader
 * names characters). The kasra is the name's own vowel, not an ezafe, and it takes none. */
int ezafe_is_spelt_letter(const char *word, size_t n);

/* 1 when the word already ends in a written ezafe (kasra U+0650, ۀ, هٔ). */
int ezafe_is_written(const char *word);
/* The same for a word of len bytes. */
int ezafe_is_written_sized(const char *word, size_t len);

/* Appends the word without its written ezafe (kasra, hamza above, ۀ as ه, the glide ی after ه):
 * what eSpeak NG reads for the word's own sound. 0, or -1 when out of memory. */
int ezafe_bare_word(const char *word, size_t len, strbuf *bare);

/* What follows the phonemes of a word (the bare word, len bytes) when it carries the ezafe: "e"
 * after a consonant, "je" after a vowel, "" when they end in it already (the glide and e of a
 * written ـای / ـوی; an e after a final consonant letter, as eSpeak reads تحت). NULL when the
 * phonemes have no sound or a mnemonic `ps` lacks. */
const char *ezafe_sound(const phoneme_set *ps, const char *bare_word, size_t len, const char *phonemes);

/* For a vowel clitic after these phonemes (the ezafe, the «و» said «o» in numbers): 1 when the
 * glide j comes between, 0 when not, -1 when the phonemes have no sound or an unknown mnemonic. */
int ezafe_needs_glide(const phoneme_set *ps, const char *phonemes);

/* Phonemes of a word (written as `written`) that end in its ezafe, as a name's inner words in the
 * lexicon do: the length of the word's own phonemes before it, or 0 when they end in none. */
size_t ezafe_phonemes_bare_len(const phoneme_set *ps, const char *written, const char *phonemes);

#endif
