/* http: the HTTP side of the server, on libmicrohttpd (a thread per connection: a request may
 * wait for a worker and for each piece of its audio without holding anyone else up). */
#ifndef RAVI_SERVE_HTTP_H
#define RAVI_SERVE_HTTP_H

#include <microhttpd.h>
#include <stdint.h>

#include "params.h"
#include "serve.h"

/* One request, from its first line to the log line written when it is done. */
typedef struct http_req {
    server *srv;
    double start_ms;
    char method[16];
    char path[128];         /* the path, without the query; for the log */
    char client[64];        /* the client's address */
    int seen;               /* the first call (the headers) has been handled */
    int entered;            /* counted in the server's requests in flight */
    int route;              /* which handler */
    strbuf body;
    int too_big;            /* the body passed --max-body: refused */
    size_t dropped;         /* bytes of such a body read and dropped */
    int status;             /* the status sent */
    uint64_t bytes;         /* body bytes sent */
    double first_byte_ms;   /* when the response started, 0: none */
    char note[512];         /* what went wrong, for the log */
    long worker_rss_kb, worker_private_kb; /* the worker's, when one spoke */
} http_req;

/* Starts libmicrohttpd on the listening socket `fd`. 0, or -1 after printing why. */
int http_start(server *s, int fd);
/* Stops taking connections (the listening socket closes); requests in flight go on. */
void http_quiesce(server *s);
/* Ends every connection and the daemon. */
void http_stop(server *s);

/* ---- responses (http.c) -------------------------------------------------------------------- */

enum MHD_Result http_respond(http_req *r, struct MHD_Connection *c, unsigned status, const char *mime,
                             const void *data, size_t len);
/* An error as OpenAI's API gives one: {"error":{"message","type","param","code"}}; for 503 a
 * Retry-After, for 401 a WWW-Authenticate. */
enum MHD_Result http_error(http_req *r, struct MHD_Connection *c, const api_error *e);
/* A JSON body; takes the reference. */
enum MHD_Result http_json(http_req *r, struct MHD_Connection *c, unsigned status, struct json_t *o);
/* Headers every response gets (Connection: close while shutting down). */
void http_common_headers(http_req *r, struct MHD_Response *resp);

/* ---- synthesis over HTTP (speech.c) -------------------------------------------------------- */

/* Speaks `text` for this request: waits for a worker (503 when the queue is full), waits for
 * the first audio (a 4xx or 500 before it when the job fails), then streams the rest.
 * framed: the listen page's stream of frames (audio and events); else the audio alone.
 * input_field names the input in errors ("input", "body", "text"). */
enum MHD_Result speech_respond(http_req *r, struct MHD_Connection *c, const job_request *jr,
                               const char *text, size_t len, int framed, const char *input_field);
/* POST /normalize: the text as it will be spoken, a sentence per line. */
enum MHD_Result normalize_respond(http_req *r, struct MHD_Connection *c, const job_request *jr,
                                  const char *text, size_t len);

#endif
