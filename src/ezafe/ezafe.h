/* Ezafe: the unwritten -e / -ye that links the words of a Persian noun phrase
 * («روابطِ ایران», «جمهوریِ آذربایجان»). A statistical tagger decides which words carry it;
 * the spelling helpers write it so that eSpeak NG pronounces it. */
#ifndef RAVI_EZAFE_H
#define RAVI_EZAFE_H

#include <stddef.h>

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

/* Appends word + ezafe written so that eSpeak NG (fa) pronounces -e / -ye. 0, or -1 on OOM. */
int ezafe_append_spoken(strbuf *b, const char *word);

/* 1 when the word already ends in a written ezafe (kasra U+0650, ۀ, هٔ). */
int ezafe_is_written(const char *word);
/* The same for a word of len bytes. */
int ezafe_is_written_sized(const char *word, size_t len);

#endif
