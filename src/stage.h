/* A pipeline stage: a named transformation of one sentence, with optional state.
 * The table of stages lives in pipeline.c; adding a stage is adding a file and a line there. */
#ifndef RAVI_STAGE_H
#define RAVI_STAGE_H

#include "options.h"
#include "token.h"

typedef struct stage {
    const char *name;
    /* Prepares the stage's state from the options; prints a message and returns -1 on failure.
     * May be NULL (no state). */
    int (*open)(const ravi_options *opt, void **state);
    /* Transforms one sentence in place; prints a message and returns -1 on failure. */
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
