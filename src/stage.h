/* A pipeline stage: a named transformation of one sentence, with optional state.
 * The table of stages lives in pipeline.c; adding a stage is adding a file and a line there. */
#ifndef RAVI_STAGE_H
#define RAVI_STAGE_H

#include "diag.h"
#include "models.h"
#include "token.h"

typedef struct stage {
    const char *name;
    /* Prepares the stage's state from the engine's configuration, borrowing the models it shares
     * with other stages from `models` (the pipeline's). Returns 0, or -1 after an error in d (a
     * message naming the file or line at fault). May be NULL (no state). */
    int (*open)(const ravi_config *cfg, stage_models *models, diag *d, void **state);
    /* Transforms one sentence in place. Returns 0, or -1 when memory ran out (the pipeline says
     * so, naming the stage). */
    int (*run)(void *state, sentence *s);
    /* Frees the state; may be NULL. */
    void (*close)(void *state);
} stage;

extern const stage stage_clean;
extern const stage stage_normalize;
extern const stage stage_lexicon;
extern const stage stage_spell;
extern const stage stage_homograph;
extern const stage stage_ezafe;
extern const stage stage_guard;

#endif
