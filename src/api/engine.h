/* The engine behind the public API (include/ravi.h): what an engine holds, and the checks every
 * call makes on the way in and out. The speaking loop is speak.c, text output text.c, lexicons
 * lexicon.c. */
#ifndef RAVI_API_ENGINE_H
#define RAVI_API_ENGINE_H

#include "../diag.h"
#include "../pipeline.h"

struct ravi_engine {
    ravi_status start_status;  /* not RAVI_OK: the engine failed to start and only reports why */
    diag diag;                 /* the last call's error; warnings go out through it */
    ravi_config cfg;           /* a copy whose strings the engine owns (below) */
    char *data_dir, *voice;
    char **lexicons;
    int claimed;               /* holds the process's synthesizer */
    int sample_rate;
    pipeline pipe;
    int pipe_open;
    int in_call;               /* a call is running (its callbacks too): another is refused */
    ravi_reading *reading;     /* the reading open on the engine, if any: it has the pipeline */
};

struct ravi_sentence {
    const sentence *s;  /* the reading's current sentence, or `own` for a copy */
    sentence own;
    uint64_t number;    /* from 0 in its reading */
};

/* Every call starts here: refuses a NULL or failed engine, a call from inside a callback, and
 * (needs_pipeline) a call while a reading has the pipeline; clears the last error; warnings go
 * to cb->warning. Returns RAVI_OK or the refusal (with its message). */
ravi_status engine_enter(ravi_engine *e, const ravi_callbacks *cb, void *ctx, int needs_pipeline);
/* ...and ends here: rc < 0 is the error (or cancel) recorded in the diag, rc 1 a cancel. */
ravi_status engine_leave(ravi_engine *e, int rc);

/* Checks settings (NULL: the engine's) and names the field that is out of range. Returns 0, or
 * -1 after an error (RAVI_E_INVALID). */
int engine_check_settings(ravi_engine *e, const ravi_settings *s);
/* Makes the settings the synthesizer's (voice, rate, pitch, volume, punctuation) and the
 * pipeline's (format, punctuation kept). Returns 0, or -1 after an error. */
int engine_apply_settings(ravi_engine *e, const ravi_settings *s, int synthesizer);
/* The settings a call uses: its own, or the engine's. */
const ravi_settings *engine_settings(const ravi_engine *e, const ravi_settings *s);

/* The data directory a config names, else $RAVI_DATA, else the installed one. */
const char *engine_data_dir(const ravi_config *config);

/* A copy of settings whose voice string it owns; settings_free frees that. */
int settings_copy(ravi_settings *dst, char **voice, const ravi_settings *src);

/* A sentence as a RAVI_EVENT_SENTENCE at sample 0: its bytes, text, number, paragraph, heading. */
void engine_describe(const sentence *s, uint64_t number, ravi_event *ev);

/* "NAME: no text to read ..." for an input that gave no sentence (RAVI_E_EMPTY); -1. */
int engine_no_text(ravi_engine *e);

#endif
