/* The models more than one stage reads: the ezafe tagger (the ezafe stage's decisions, and the
 * word classes the homograph features read). The pipeline owns them; a stage borrows each from
 * the first that asks, which loads it, until the pipeline closes. */
#ifndef RAVI_MODELS_H
#define RAVI_MODELS_H

#include "diag.h"
#include "ezafe/ezafe.h"

typedef struct stage_models {
    const ravi_config *cfg; /* where the data is (borrowed) */
    ezafe_model *ezafe;
} stage_models;

void stage_models_init(stage_models *m, const ravi_config *cfg);
void stage_models_free(stage_models *m);

/* The ezafe model (<data>/lexicon/ezafe.model), loaded on the first call. NULL after an error in
 * d naming the file. */
const ezafe_model *stage_models_ezafe(stage_models *m, diag *d);

#endif
