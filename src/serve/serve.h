/* ravi serve: Persian news narration as a service, in the protocols clients already speak:
 * OpenAI's /v1/audio/speech, Wyoming (Home Assistant), plain HTTP and a listen page.
 *
 *   server.c    start, the signals, graceful shutdown
 *   http.c      libmicrohttpd: routes, limits, the bearer token, responses, the request log
 *   speech.c    a synthesis request over HTTP: a worker, the first audio, the streamed body
 *   params.c    the JSON body of /v1/audio/speech and /stream (parsed with jansson)
 *   voices.c    the voices the workers offer, OpenAI's voice names, /v1/models
 *   wyoming.c   the Wyoming TCP server; wyevent.c its event framing
 *   admit.c     at most --workers jobs at once, a bounded queue behind them
 *   job.c       a job on a worker process (worker.c: the worker's side; frame.c the framing)
 *   encode.c    MP3, Opus, AAC, FLAC, WAV, PCM as the samples come
 *   log.c       one line per request
 *   page.html   the listen page, compiled in */
#ifndef RAVI_SERVE_H
#define RAVI_SERVE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../../include/ravi.h"
#include "../pool/pool.h"
#include "../util.h"
#include "admit.h"
#include "encode.h"
#include "job.h"

/* What the command line decides. */
typedef struct serve_options {
    const ravi_config *config;  /* the engine's, with the default settings of every request */
    const char *listen;         /* ADDR:PORT of HTTP */
    const char *wyoming;        /* ADDR:PORT of Wyoming, or NULL: off */
    unsigned workers;           /* jobs at once */
    unsigned queue;             /* requests waiting for a worker, beyond those */
    const char *token;          /* a bearer token every API request must carry, or NULL */
    size_t max_body;            /* bytes of a request body */
    size_t max_text;            /* characters of the text to read */
    unsigned per_client;        /* connections at once from one address */
    unsigned max_connections;   /* connections at once in all */
    unsigned timeout;           /* seconds a client may stay silent (reading or writing) */
    unsigned worker_timeout;    /* seconds a worker may stay silent before it is stopped */
    unsigned grace;             /* seconds a shutdown waits for requests in flight */
    /* every request's audio: a stream's fixed gain (--loudness; src/sink/loudness.h) */
    const struct loudness_target *loudness;
} serve_options;

#define SERVE_DEFAULT_PORT 5000
#define SERVE_DEFAULT_WYOMING_PORT 10200

/* The voices the workers offer (asked once, at start). */
typedef struct voice_info {
    char *name, *gender, *description;
    int is_ravi;
} voice_info;

typedef struct server server;

struct server {
    const serve_options *opt;
    pool *pool;
    admission admit;
    voice_info *voices;
    size_t nvoices;
    int sample_rate;
    /* requests being served (HTTP and Wyoming): a graceful shutdown waits for none */
    pthread_mutex_t lock;
    pthread_cond_t idle;
    unsigned active;
    volatile int stopping;
    struct MHD_Daemon *http;
    struct wyoming_server *wyoming;
};

/* Runs the server until SIGTERM or SIGINT; returns the exit status. */
int serve_run(const serve_options *opt);

/* A request starts (0), or is refused because the server is shutting down (-1); and ends. */
int server_enter(server *s);
void server_leave(server *s);

/* ---- voices.c ------------------------------------------------------------------------------ */

/* Asks a worker for the voices (at start). 0, or -1 after printing why. */
int voices_load(server *s);
void voices_free(server *s);
/* The voice to hand the engine for a requested name: Ravi's and eSpeak NG's voice names (with
 * an eSpeak variant, "fa+f3"), and OpenAI's (alloy, nova, ...) mapped to Ravi's; NULL when
 * unknown. */
const char *voices_resolve(const server *s, const char *name);
/* JSON: GET /v1/audio/voices; Wyoming's `info`. New references. */
struct json_t *voices_json(const server *s);
struct json_t *voices_wyoming_info(const server *s);

/* ---- log.c --------------------------------------------------------------------------------- */

/* One line on standard error, written at once ("ravi serve: " and the time first). */
void serve_log(const char *fmt, ...) RAVI_PRINTF(1, 2);
/* Milliseconds on the monotonic clock. */
double serve_now_ms(void);

#endif
