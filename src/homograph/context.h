/* A sentence as the homograph features read it: each token's lexicon key, stem, kind and word
 * classes from the ezafe tagger. Built the same way at run time and in training. */
#ifndef RAVI_HOMOGRAPH_CONTEXT_H
#define RAVI_HOMOGRAPH_CONTEXT_H

#include "../ezafe/ezafe.h"
#include "../lexicon/key.h"
#include "../token.h"
#include "features.h"

/* A word type's key, stem and closed class, remembered across sentences (context.c). */
typedef struct hg_known_word hg_known_word;

typedef struct hg_context {
    hg_word *words;      /* one per token of the sentence but quotes and brackets */
    size_t n, cap;
    size_t *at;          /* each token's word, HG_NO_WORD for a quote or bracket */
    strbuf keys;         /* the words' keys, one after another */
    size_t *key_off;     /* where each key starts in keys (keys may move while it grows) */
    const char **texts;  /* the words' texts for the tagger, a final kasra left out */
    strbuf bare;         /* those texts, one after another */
    size_t *bare_off;    /* where each starts in bare */
    /* The tagger's view of the words, folded once per sentence as windows first need them:
     * word k's pieces (ez_model_pieces) are piece_n[k] words from pieces[piece_at[k]]. */
    size_t *piece_at;
    unsigned char *piece_n; /* 0: not folded yet */
    struct ez_word *pieces, *window;
    size_t npieces, pieces_cap, window_cap;
    unsigned char *window_tags;
    size_t window_tags_cap;
    strbuf piece_text;
    hg_known_word *known; /* HG_KNOWN_WORDS slots, made on first use */
    lex_key scratch;
} hg_context;

void hg_context_init(hg_context *c);
void hg_context_free(hg_context *c);

/* Reads the sentence's tokens: keys (NUL-terminated), stems, kinds and whether each is a content
 * word (classes unknown). Quotes and brackets are left out: a span written in « » or ( ) is said
 * as the same words, so it must not change a sense. Returns 0, or -1 when out of memory. */
#define HG_NO_WORD ((size_t)-1)
int hg_context_read(hg_context *c, const sentence *s);
/* Tags the words around word i (HG_TAG_BEFORE before it to HG_TAG_AFTER after it) with the ezafe
 * tagger, setting the classes of i and its neighbours as the features read them: the same few
 * words every time, whatever else the sentence holds, so that training and prediction agree and
 * a long sentence costs no more than a short one. */
#define HG_TAG_BEFORE 3
#define HG_TAG_AFTER 2
void hg_context_tag_near(hg_context *c, const ezafe_model *tagger, size_t i);

#endif
