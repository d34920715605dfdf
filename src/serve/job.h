/* jobs: one request's work, done by a worker child of the pool (src/pool/) over its own socket
 * in frames (frame.h). The server side sends the request and the whole input, then reads what
 * the worker makes as it comes; the worker side (worker.c) speaks it with libravi. */
#ifndef RAVI_SERVE_JOB_H
#define RAVI_SERVE_JOB_H

#include <stdint.h>
#include <sys/types.h>

#include "../../include/ravi.h"
#include "../pool/pool.h"
#include "../util.h"
#include "encode.h"

typedef enum job_kind {
    JOB_SPEAK = 1,  /* audio ('a') and, when asked, events ('e') */
    JOB_NORMALIZE,  /* a line ('l') per sentence: the text as it will be spoken */
    JOB_VOICES,     /* a line ('l') per voice, JSON: {"name","gender","description","ravi"} */
} job_kind;

enum job_events {
    JOB_EVENTS_NONE = 0,
    JOB_EVENTS_SENTENCES = 1, /* sentences, their ends and SSML marks */
    JOB_EVENTS_WORDS = 2,     /* words too */
};

/* What the server asks of a worker: the 'R' frame (both ends are the same program). */
typedef struct job_request {
    uint32_t kind;          /* job_kind */
    uint32_t output;        /* speech_format of the 'a' frames */
    uint32_t events;        /* job_events */
    int32_t rate, pitch, volume;
    int32_t input_format;   /* ravi_format */
    char voice[64];         /* "" for the command line's (--voice) */
    char source_name[32];   /* names the input in messages: "input: no text to read" */
} job_request;

/* A request for the engine's settings (`defaults`, the command line's), speaking into `output`. */
void job_request_init(job_request *r, job_kind kind, const ravi_settings *defaults);

/* ---- the worker side (worker.c), for the pool ---------------------------------------------- */

/* pool_worker.start: the engine, from the ravi_config `ctx` (which must outlive the pool). */
void *job_worker_start(void *ctx, ravi_status *status, char *err, size_t errsize);
/* pool_worker.run: one job on fd. */
int job_worker_run(void *state, int fd);
/* pool_worker.stop: frees the engine. */
void job_worker_stop(void *state);

/* ---- the server side (job.c) --------------------------------------------------------------- */

typedef struct job {
    int fd;
    pid_t pid;              /* the worker's, once it has said hello */
    char type;              /* the frame job_next returned */
    strbuf payload;         /* and its payload */
    strbuf in;              /* what has been read from the worker and not yet handed out */
    size_t in_at;
    int finished;           /* 'd' has come */
    ravi_status status;     /* the job's: from its 'x' or 'd' frame */
    char message[1024];     /* from 'x', or why the job broke */
    uint64_t samples;       /* from 'd' */
    int sample_rate;
    long peak_rss_kb, private_kb;
} job;

/* Starts a job: a worker from the pool, the request and the input sent, the worker waited for at
 * most timeout_ms at each step (one that stops reading its job is killed). 0, or -1 with
 * j->message saying why (the pool is gone, the worker died at once or stopped answering). */
int job_begin(job *j, pool *p, const job_request *r, const char *text, size_t len, int timeout_ms);
/* Reads the worker's next frame, waiting at most timeout_ms for it (< 0: for ever).
 * 1: a frame, in j->type and j->payload ('a', 'e', 'l', 'w', 'x', 'd'); 0: the job is over
 * (after 'd'); -1: the job broke, j->message says how (the worker died, or said nothing for
 * timeout_ms: then it is killed). */
int job_next(job *j, int timeout_ms);
/* 1 when job_next would return without waiting (a frame has come, or the job is over). */
int job_ready(job *j);
/* Closes the job; a worker that has not finished is stopped. */
void job_end(job *j);

#endif
