/* Diagnostics: how the library reports what went wrong, instead of printing it. Each engine owns
 * one; every stage, reader and the synthesizer write their errors into it (a status and one or
 * more lines of message naming the file, line or field), and warnings go out through the
 * caller's callback at once. The public API hands the message out with ravi_engine_error().
 * A NULL diag is allowed everywhere: what goes wrong is then only returned, not described
 * (tests and tools that check return values alone). */
#ifndef RAVI_DIAG_H
#define RAVI_DIAG_H

#include "../include/ravi.h"
#include "util.h"

typedef struct diag {
    ravi_status status;      /* of the first error since diag_clear, or RAVI_OK */
    strbuf message;          /* its lines, '\n' between them */
    /* where warnings go during a call (may be NULL), and whether that callback asked to stop */
    int (*warn)(void *ctx, ravi_warning warning, const char *message);
    void *warn_ctx;
    int stopped;
} diag;

void diag_init(diag *d);
void diag_free(diag *d);
/* Forgets the error (a new call starts), keeps the memory. */
void diag_clear(diag *d);

/* Records an error line. The first error's status stays the status; later lines add to the
 * message (a lexicon's bad lines, then what they mean). Returns -1, for `return diag_fail(...)`. */
int diag_fail(diag *d, ravi_status status, const char *fmt, ...) RAVI_PRINTF(3, 4);
/* "out of memory" (RAVI_E_NOMEM); returns -1. */
int diag_nomem(diag *d);
/* A callback asked to stop: the status becomes RAVI_CANCELLED (no message); returns -1. */
int diag_cancel(diag *d);
/* A warning for the caller's callback; a non-zero answer sets d->stopped. */
void diag_warn(diag *d, ravi_warning warning, const char *fmt, ...) RAVI_PRINTF(3, 4);
/* The message so far ("" when none). */
const char *diag_message(const diag *d);

#endif
