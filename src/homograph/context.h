/* A sentence as the homograph features read it: each token's lexicon key, stem, kind and word
 * classes from the ezafe tagger. Built the same way at run time and in training. */
#ifndef RAVI_HOMOGRAPH_CONTEXT_H
#define RAVI_HOMOGRAPH_CONTEXT_H

#include "../ezafe/ezafe.h"
#include "../lexicon/key.h"
#include "../token.h"
#include "features.h"

typedef struct hg_context {
    hg_word *words;      /* one per token of the sentence */
    size_t n, cap;
    strbuf keys;         /* the words' keys, one after another */
    size_t *key_off;     /* where each key starts in keys (keys may move while it grows) */
    const char **texts;  /* the tokens' texts, for the tagger */
    struct ez_word *ez;  /* the tagger's view of each token */
    unsigned char *ez_out;
    lex_key scratch;
} hg_context;

void hg_context_init(hg_context *c);
void hg_context_free(hg_context *c);

/* Reads the sentence's tokens: keys (NUL-terminated), stems, kinds and whether each is a content
 * word (classes unknown). Returns 0, or -1 when out of memory. */
int hg_context_read(hg_context *c, const sentence *s);
/* Tags the words around token i (HG_TAG_BEFORE before it to HG_TAG_AFTER after it) with the ezafe
 * tagger, setting the classes of i and its neighbours as the features read them: the same few
 * words every time, whatever else the sentence holds, so that training and prediction agree and
 * a long sentence costs no more than a short one. */
#define HG_TAG_BEFORE 3
#define HG_TAG_AFTER 2
void hg_context_tag_near(hg_context *c, const ezafe_model *tagger, size_t i);

#endif
