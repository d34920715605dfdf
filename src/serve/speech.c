/* A synthesis request over HTTP: a turn in the queue, a worker, and the audio streamed as it
 * comes (chunked transfer). The status is chosen when the first audio is there: an input with
 * nothing to say, bad SSML or an unknown voice is a 400, a worker that dies before speaking a
 * 500. After that the status is sent; a worker dying mid-way cuts the stream short (no final
 * chunk), which every HTTP client reports as an error. */
#include "http.h"
#include "frame.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_BLOCK (32 * 1024)

typedef struct stream {
    server *srv;
    http_req *req;          /* valid while libmicrohttpd reads the response */
    job job;
    int framed;
    strbuf pending;         /* bytes to hand out */
    size_t at;
    int ended;              /* nothing more will come */
    int failed;             /* the worker's error came (st->job.message): the stream is cut */
    double admitted_ms;
} stream;

static void stream_free(void *cls)
{
    stream *st = cls;
    job_end(&st->job);
    admit_leave(&st->srv->admit, serve_now_ms() - st->admitted_ms);
    sb_free(&st->pending);
    free(st);
}

static int pend_frame(stream *st, char type, const char *data, size_t len)
{
    unsigned char head[FRAME_HEADER];
    frame_header(head, type, (uint32_t)len);
    return sb_append(&st->pending, (const char *)head, sizeof head) || sb_append(&st->pending, data, len);
}

static void keep_worker_figures(stream *st)
{
    if (st->job.type == 'd' && st->req) {
        st->req->worker_rss_kb = st->job.peak_rss_kb;
        st->req->worker_private_kb = st->job.private_kb;
    }
}

/* Takes the frame job_next returned into what the response will carry. -1: out of memory. */
static int take_frame(stream *st)
{
    const job *j = &st->job;
    keep_worker_figures(st);
    if (st->framed)
        return pend_frame(st, j->type, j->payload.s, j->payload.len);
    return j->type == 'a' ? sb_append(&st->pending, j->payload.s, j->payload.len) : 0;
}

/* The job broke after the response had started: the page is told in a last frame, any other
 * client by a stream cut short. */
static ssize_t broke_midway(stream *st, const char *why)
{
    if (st->req)
        snprintf(st->req->note, sizeof st->req->note, "%s", why);
    st->ended = 1;
    if (!st->framed)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    json_t *o = json_pack("{s:i,s:s,s:s}", "status", RAVI_E_IO, "name", "RAVI_E_IO", "message", why);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    int bad = !s || pend_frame(st, 'x', s, strlen(s));
    free(s);
    return bad ? MHD_CONTENT_READER_END_WITH_ERROR : 0;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    stream *st = cls;
    (void)pos;
    while (st->at == st->pending.len) {
        sb_reset(&st->pending);
        st->at = 0;
        if (st->failed)
            return broke_midway(st, st->job.message);
        if (st->ended)
            return MHD_CONTENT_READER_END_OF_STREAM;
        int r = job_next(&st->job, (int)st->srv->opt->worker_timeout * 1000);
        if (r == 0) {
            st->ended = 1;
            continue;
        }
        if (r < 0) {
            ssize_t cut = broke_midway(st, st->job.message);
            if (cut < 0)
                return cut;
            continue;
        }
        if (!st->framed && st->job.type == 'x')
            return broke_midway(st, st->job.message);
        if (take_frame(st))
            return broke_midway(st, "out of memory");
        /* what else the worker has sent already goes out in the same chunk */
        while (st->pending.len < max && !st->ended && job_ready(&st->job)) {
            r = job_next(&st->job, 0);
            if (r <= 0)
                break; /* the next call sees the end, or the break, again */
            if (!st->framed && st->job.type == 'x') {
                st->failed = 1; /* the audio so far goes out first */
                break;
            }
            if (take_frame(st))
                return broke_midway(st, "out of memory");
        }
    }
    size_t n = st->pending.len - st->at;
    if (n > max)
        n = max;
    memcpy(buf, st->pending.s + st->at, n);
    st->at += n;
    if (st->req)
        st->req->bytes += n;
    return (ssize_t)n;
}

/* ---- before the first audio ---------------------------------------------------------------- */

/* The error a job's status means, before any audio went out. */
static void job_error(const job *j, const char *input_field, api_error *e)
{
    const char *msg = j->message[0] ? j->message : ravi_status_name(j->status);
    switch (j->status) {
    case RAVI_E_EMPTY: api_fail(e, 400, input_field, "no_text", "%s", msg); break;
    case RAVI_E_MARKUP: api_fail(e, 400, input_field, "invalid_markup", "%s", msg); break;
    case RAVI_E_INPUT: api_fail(e, 400, input_field, "invalid_input", "%s", msg); break;
    case RAVI_E_VOICE: api_fail(e, 400, "voice", "voice_not_found", "voice: %s", msg); break;
    case RAVI_E_INVALID: api_fail(e, 400, NULL, "invalid_value", "%s", msg); break;
    default: api_fail(e, 500, NULL, "synthesis_failed", "%s", msg); break;
    }
}

static enum MHD_Result refuse(http_req *r, struct MHD_Connection *c, admit_result a)
{
    api_error e;
    if (a == ADMIT_CLOSED)
        api_fail(&e, 503, NULL, "shutting_down", "the server is shutting down");
    else
        api_fail(&e, 503, NULL, "busy", "every worker is busy and %u requests are waiting; try again later",
                 r->srv->opt->queue);
    snprintf(r->note, sizeof r->note, "%s", a == ADMIT_FULL ? "queue full" : a == ADMIT_TIMEOUT ? "waited too long" : "shutting down");
    return http_error(r, c, &e);
}

/* Reads frames until the first audio (or the end). 1: audio is there; 0: the job ended without
 * audio (an error is in st->job); -1: it broke (st->job.message). */
static int wait_first_audio(stream *st)
{
    for (;;) {
        int r = job_next(&st->job, (int)st->srv->opt->worker_timeout * 1000);
        if (r <= 0)
            return r;
        if (st->job.type == 'w')
            snprintf(st->req->note, sizeof st->req->note, "%.*s", (int)st->job.payload.len, st->job.payload.s);
        if (st->job.type == 'x') {
            /* read on to the 'd' after it: the job is over */
            while (!st->job.finished && job_next(&st->job, 1000) > 0)
                keep_worker_figures(st);
            return 0;
        }
        if (take_frame(st))
            return -1;
        if (st->job.type == 'a' || st->job.type == 'd')
            return 1;
    }
}

enum MHD_Result speech_respond(http_req *r, struct MHD_Connection *c, const job_request *jr,
                               const char *text, size_t len, int framed, const char *input_field)
{
    server *srv = r->srv;
    admit_result a = admit_enter(&srv->admit, srv->opt->worker_timeout * 1000);
    if (a != ADMIT_OK)
        return refuse(r, c, a);
    stream *st = calloc(1, sizeof *st);
    if (!st) {
        admit_leave(&srv->admit, 0);
        api_error e;
        api_fail(&e, 500, NULL, "out_of_memory", "out of memory");
        return http_error(r, c, &e);
    }
    st->srv = srv;
    st->req = r;
    st->framed = framed;
    st->admitted_ms = serve_now_ms();
    sb_init(&st->pending);
    int got = job_begin(&st->job, srv->pool, jr, text, len, (int)srv->opt->worker_timeout * 1000) ? -1 : wait_first_audio(st);
    if (got <= 0) {
        api_error e;
        if (got < 0)
            api_fail(&e, 500, NULL, "worker_failed", "%s", st->job.message);
        else
            job_error(&st->job, input_field, &e);
        snprintf(r->note, sizeof r->note, "%s", e.message);
        st->req = NULL;
        stream_free(st);
        return http_error(r, c, &e);
    }
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, stream_read, st, stream_free);
    if (!resp) {
        st->req = NULL;
        stream_free(st);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            framed ? "application/vnd.ravi.stream" : speech_format_mime((speech_format)jr->output));
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    http_common_headers(r, resp);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    r->status = MHD_HTTP_OK;
    r->first_byte_ms = serve_now_ms();
    return ok;
}

enum MHD_Result normalize_respond(http_req *r, struct MHD_Connection *c, const job_request *jr,
                                  const char *text, size_t len)
{
    server *srv = r->srv;
    admit_result a = admit_enter(&srv->admit, srv->opt->worker_timeout * 1000);
    if (a != ADMIT_OK)
        return refuse(r, c, a);
    double start = serve_now_ms();
    job j;
    strbuf out;
    sb_init(&out);
    int rc = job_begin(&j, srv->pool, jr, text, len, (int)srv->opt->worker_timeout * 1000);
    while (!rc && (rc = job_next(&j, (int)srv->opt->worker_timeout * 1000)) > 0) {
        if (j.type == 'l' && (sb_append(&out, j.payload.s, j.payload.len) || sb_putc(&out, '\n')))
            rc = -1;
        rc = rc > 0 ? 0 : rc;
        if (j.finished)
            break;
    }
    enum MHD_Result ok;
    api_error e;
    if (rc < 0) {
        api_fail(&e, 500, NULL, "worker_failed", "%s", j.message);
        ok = http_error(r, c, &e);
    } else if (j.status < 0) {
        job_error(&j, "body", &e);
        ok = http_error(r, c, &e);
    } else {
        ok = http_respond(r, c, MHD_HTTP_OK, "text/plain; charset=utf-8", out.s ? out.s : "", out.len);
    }
    if (rc < 0 || j.status < 0)
        snprintf(r->note, sizeof r->note, "%s", e.message);
    r->worker_rss_kb = j.peak_rss_kb;
    r->worker_private_kb = j.private_kb;
    job_end(&j);
    sb_free(&out);
    admit_leave(&srv->admit, serve_now_ms() - start);
    return ok;
}
