/* Homographs: words written alike and said differently («کرد» kard / kord). The stage chooses
 * each one's sense from the sentence and sets the token's phonemes (see homograph.c); the list
 * is data (list.h), the model is trained by tools/homograph/ (model.h). */
#ifndef RAVI_HOMOGRAPH_H
#define RAVI_HOMOGRAPH_H

#include "../diag.h"
#include "../models.h"
#include "../token.h"
#include "../util.h"
#include "affixed.h"
#include "list.h"

#define HG_MODEL_FILE "homographs.model" /* in <data>/lexicon/ */

typedef struct hg_stage hg_stage;

/* Loads the list from the lexicon files an engine reads and the model (from cfg->data_dir), and
 * borrows the tagger from `models` (which must outlive the stage). Returns NULL after recording
 * the problems in d (may be NULL). */
hg_stage *hg_stage_new(const ravi_config *cfg, stage_models *models, diag *d);
void hg_stage_free(hg_stage *st);
hg_list *hg_stage_list(hg_stage *st);

/* Chooses and sets the sense of every homograph of the sentence; with s->explain, notes on each
 * why. Returns 0, or -1 when out of memory. */
int hg_stage_run(hg_stage *st, sentence *s);

typedef enum hg_reason {
    HG_BY_MARKS, HG_BY_AFTER, HG_BY_BEFORE, HG_BY_CUE, HG_BY_MODEL, HG_BY_DEFAULT
} hg_reason;

/* Why a sense was chosen. */
typedef struct hg_choice {
    size_t sense;        /* index in the homograph's senses */
    hg_reason reason;
    const hg_rule *rule; /* HG_BY_AFTER, _BEFORE, _CUE */
    float score[HG_MAX_SENSES]; /* HG_BY_MODEL: each list sense's score (NAN: the model has none) */
} hg_choice;

/* The choice for homograph a->h (read inside the word with a's affixes, among a->senses) at token
 * i of a sentence whose context hg_stage_run has read. */
int hg_stage_choose(hg_stage *st, const sentence *s, size_t i, const hg_affixed *a, hg_choice *c);
/* The choice in words, as an explanation gives it (RAVI_PHONEMES_EXPLAIN). Returns 0, or -1 when out of memory. */
int hg_stage_describe(const hg_stage *st, const hg_affixed *a, const hg_choice *c, strbuf *out);

#endif
