/* A batch worker: a child forked from the parent's pristine engine that speaks one article into
 * its outputs, tells the parent how it goes, and exits. What it tells (messages on its
 * procpool channel, the first byte saying which):
 *   'P' progress   uint64 samples written so far (a few times a second: the parent's progress
 *                  line, and its sign of life)
 *   'T' temporary  the path of a temporary file it has made (removed by the parent should the
 *                  worker be killed before it could clean up itself)
 *   'R' result     outcome (1 byte), uint64 samples, uint16 error length, the error, the warning
 * A worker that dies without a result (a crash in eSpeak NG, SIGKILL) failed its article; the
 * parent says how it died. */
#ifndef RAVI_BATCH_WORKER_H
#define RAVI_BATCH_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../procpool.h"
#include "plan.h"

typedef enum job_outcome {
    JOB_DONE = 0,             /* the outputs are written (and match the exit status 0) */
    JOB_FAILED = 1,           /* nothing written; the error says why */
    JOB_INTERRUPTED = 2,      /* a signal stopped it; nothing written */
} job_outcome;

typedef struct batch_worker {
    const batch_options *bo;
    ravi_engine *engine;      /* started by the parent, never used there */
    pid_t parent;
    const batch_item *item;
} batch_worker;

/* The child's work (a procpool_fn): returns the outcome as its exit status. */
int batch_worker_run(void *arg, procpool_channel *channel);

/* Makes the directory dir[0..len) and its parents, as mkdir -p does. 0, or -1 with the error in d. */
int batch_make_dirs(const char *dir, size_t len, diag *d);

/* A message from a worker, decoded. */
typedef struct worker_message {
    char type;                /* 'P', 'T', 'R', or 0 when it is none of ours */
    uint64_t samples;         /* P, R */
    job_outcome outcome;      /* R */
    const char *text;         /* T: the path; R: the error ("" when none); text_len bytes */
    size_t text_len;
    const char *warning;      /* R: "" when none */
    size_t warning_len;
} worker_message;

int batch_worker_decode(const void *data, size_t len, worker_message *m);

#endif
