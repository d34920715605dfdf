/* The HTTP side: routes, the bearer token, limits on what a client sends, the request log. */
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* the listen page, compiled in from page.html (mk/serve.mk) */
extern const unsigned char serve_page_html[];
extern const size_t serve_page_html_len;

typedef enum route_id {
    R_PAGE, R_POST_ROOT, R_HEALTH, R_MODELS, R_MODEL, R_VOICES, R_SPEECH, R_SPEAK, R_NORMALIZE, R_STREAM,
} route_id;

static const struct route {
    const char *method;
    const char *path;   /* a path ending in '/' matches every path under it */
    route_id id;
    int body;           /* takes a request body */
    int auth;           /* needs the bearer token, when there is one */
} routes[] = {
    {"GET", "/", R_PAGE, 0, 0},
    {"POST", "/", R_POST_ROOT, 1, 1},
    {"GET", "/healthz", R_HEALTH, 0, 0},
    {"GET", "/v1/models", R_MODELS, 0, 1},
    {"GET", "/v1/models/", R_MODEL, 0, 1},
    {"GET", "/v1/audio/voices", R_VOICES, 0, 1},
    {"POST", "/v1/audio/speech", R_SPEECH, 1, 1},
    {"GET", "/speak", R_SPEAK, 0, 1},
    {"POST", "/normalize", R_NORMALIZE, 1, 1},
    {"POST", "/stream", R_STREAM, 1, 1},
};
#define NROUTES (sizeof routes / sizeof *routes)

static int path_matches(const char *pattern, const char *path)
{
    size_t n = strlen(pattern);
    if (n > 1 && pattern[n - 1] == '/')
        return !strncmp(pattern, path, n) && path[n];
    return !strcmp(pattern, path);
}

/* ---- responses ----------------------------------------------------------------------------- */

void http_common_headers(http_req *r, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (r->srv->stopping)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

static enum MHD_Result queue(http_req *r, struct MHD_Connection *c, unsigned status,
                             struct MHD_Response *resp, size_t len)
{
    http_common_headers(r, resp);
    enum MHD_Result ok = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    r->status = (int)status;
    r->bytes = len;
    r->first_byte_ms = serve_now_ms();
    return ok;
}

enum MHD_Result http_respond(http_req *r, struct MHD_Connection *c, unsigned status, const char *mime,
                             const void *data, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, mime);
    return queue(r, c, status, resp, len);
}

enum MHD_Result http_json(http_req *r, struct MHD_Connection *c, unsigned status, json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!s)
        return MHD_NO;
    size_t len = strlen(s);
    s[len] = '\0';
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(s);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    return queue(r, c, status, resp, len);
}

enum MHD_Result http_error(http_req *r, struct MHD_Connection *c, const api_error *e)
{
    if (!r->note[0])
        snprintf(r->note, sizeof r->note, "%s", e->message);
    const char *type = e->status >= 500 ? "server_error" : e->status == 401 ? "authentication_error"
                                                                            : "invalid_request_error";
    json_t *o = json_pack("{s:{s:s,s:s,s:s?,s:s}}", "error", "message", e->message, "type", type, "param",
                          e->param[0] ? e->param : NULL, "code", e->code);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!s)
        return MHD_NO;
    size_t len = strlen(s);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(s);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (e->status == 503) {
        char secs[16];
        snprintf(secs, sizeof secs, "%u", admit_retry_after(&r->srv->admit));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    if (e->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"ravi\"");
    return queue(r, c, (unsigned)e->status, resp, len);
}

static enum MHD_Result fail(http_req *r, struct MHD_Connection *c, int status, const char *param,
                            const char *code, const char *message)
{
    api_error e;
    api_fail(&e, status, param, code, "%s", message);
    return http_error(r, c, &e);
}

/* ---- the bearer token ---------------------------------------------------------------------- */

/* Compares in time that does not depend on where the strings differ. */
static int same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    for (size_t i = 0; i < lb; i++)
        diff |= (unsigned char)(a[i < la ? i : 0] ^ b[i]);
    return diff == 0;
}

static int authorized(const server *s, struct MHD_Connection *c)
{
    if (!s->opt->token)
        return 1;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7))
        return 0;
    h += 7;
    while (*h == ' ')
        h++;
    return same_secret(h, s->opt->token);
}

/* ---- the handlers -------------------------------------------------------------------------- */

/* The query's settings of POST / and GET /speak: voice, rate or speed, format, input_format. */
static int query_settings(http_req *r, struct MHD_Connection *c, job_request *jr, api_error *e)
{
    const char *voice = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "voice");
    const char *rate = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "rate");
    const char *speed = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "speed");
    const char *format = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
    const char *input = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "input_format");
    if (voice) {
        const char *v = voices_resolve(r->srv, voice);
        if (!v)
            return api_fail(e, 400, "voice", "voice_not_found", "voice: unknown voice '%.64s' (GET /v1/audio/voices lists them)", voice);
        snprintf(jr->voice, sizeof jr->voice, "%s", v[0] ? v : jr->voice);
    }
    if (rate) {
        char *end;
        long v = strtol(rate, &end, 10);
        if (end == rate || *end || v < RAVI_RATE_MIN || v > RAVI_RATE_MAX)
            return api_fail(e, 400, "rate", "invalid_value", "rate: expected words a minute from %d to %d, got '%.32s'",
                            RAVI_RATE_MIN, RAVI_RATE_MAX, rate);
        jr->rate = (int32_t)v;
    } else if (speed) {
        char *end;
        double v = strtod(speed, &end);
        if (end == speed || *end || !(v >= SPEED_MIN && v <= SPEED_MAX))
            return api_fail(e, 400, "speed", "invalid_value", "speed: expected a number from %g to %g, got '%.32s'",
                            SPEED_MIN, SPEED_MAX, speed);
        jr->rate = speed_to_rate(v, r->srv->opt->config->settings.rate);
    }
    if (format) {
        speech_format f = speech_format_from_name(format);
        if (f == SPEECH_NONE)
            return api_fail(e, 400, "format", "invalid_value", "format: '%.32s' is not one of mp3, opus, aac, flac, wav, pcm", format);
        jr->output = f;
    }
    if (input) {
        static const char *const names[] = {"auto", "text", "html", "ssml"};
        size_t i = 0;
        while (i < 4 && strcasecmp(input, names[i]))
            i++;
        if (i == 4)
            return api_fail(e, 400, "input_format", "invalid_value", "input_format: '%.32s' is not one of auto, text, html, ssml", input);
        jr->input_format = (int32_t)i; /* RAVI_FORMAT_AUTO .. RAVI_FORMAT_SSML, in this order */
    }
    return 0;
}

/* What a body's Content-Type says it is: HTML, SSML, plain text, or (anything else) as the
 * command line guesses, from its first bytes. */
static ravi_format body_format(struct MHD_Connection *c)
{
    const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!t)
        return RAVI_FORMAT_AUTO;
    if (!strncasecmp(t, "text/html", 9) || !strncasecmp(t, "application/xhtml+xml", 21))
        return RAVI_FORMAT_HTML;
    if (!strncasecmp(t, "application/ssml+xml", 20))
        return RAVI_FORMAT_SSML;
    if (!strncasecmp(t, "text/plain", 10))
        return RAVI_FORMAT_TEXT;
    return RAVI_FORMAT_AUTO;
}

static int text_too_long(const server *s, const char *text, size_t len, ravi_format f)
{
    return !input_is_markup(text, len, f) && utf8_count(text, len) > s->opt->max_text;
}

static enum MHD_Result too_long(http_req *r, struct MHD_Connection *c, const char *field)
{
    api_error e;
    api_fail(&e, 400, field, "string_above_max_length", "%s: more than %zu characters (--max-text)", field,
             r->srv->opt->max_text);
    return http_error(r, c, &e);
}

/* A text to read: the body (from_body) or the query's. Its format is ?input_format=, else what
 * the body's Content-Type says, else the command line's (--html, --ssml, --text, or a guess). */
static enum MHD_Result handle_text(http_req *r, struct MHD_Connection *c, const char *text, size_t len,
                                   const char *field, int from_body, job_kind kind)
{
    job_request jr;
    job_request_init(&jr, kind, &r->srv->opt->config->settings);
    jr.output = SPEECH_WAV;
    snprintf(jr.source_name, sizeof jr.source_name, "%s", field);
    ravi_format declared = from_body ? body_format(c) : RAVI_FORMAT_AUTO;
    if (declared != RAVI_FORMAT_AUTO)
        jr.input_format = declared;
    api_error e;
    if (query_settings(r, c, &jr, &e))
        return http_error(r, c, &e);
    if (text_too_long(r->srv, text, len, (ravi_format)jr.input_format))
        return too_long(r, c, field);
    if (kind == JOB_NORMALIZE)
        return normalize_respond(r, c, &jr, text, len);
    return speech_respond(r, c, &jr, text, len, 0, field);
}

/* POST /v1/audio/speech (OpenAI's) and POST /stream (the listen page's: audio and events). */
static enum MHD_Result handle_json_speech(http_req *r, struct MHD_Connection *c, int framed)
{
    speech_params p;
    api_error e;
    if (speech_params_parse(r->body.s ? r->body.s : "", r->body.len, r->srv->opt->max_text, !framed, &p, &e))
        return http_error(r, c, &e);
    job_request jr;
    job_request_init(&jr, JOB_SPEAK, &r->srv->opt->config->settings);
    jr.output = framed ? SPEECH_RAW : p.format;
    jr.events = framed ? JOB_EVENTS_SENTENCES : JOB_EVENTS_NONE;
    jr.rate = speed_to_rate(p.speed, r->srv->opt->config->settings.rate);
    if (p.input_format_given)
        jr.input_format = p.input_format;
    const char *voice = voices_resolve(r->srv, p.voice);
    if (!voice) {
        api_fail(&e, 400, "voice", "voice_not_found", "voice: unknown voice '%s' (GET /v1/audio/voices lists them)", p.voice);
        speech_params_free(&p);
        return http_error(r, c, &e);
    }
    if (voice[0])
        snprintf(jr.voice, sizeof jr.voice, "%s", voice);
    enum MHD_Result ok = speech_respond(r, c, &jr, p.input, p.input_len, framed, "input");
    speech_params_free(&p);
    return ok;
}

static enum MHD_Result handle_health(http_req *r, struct MHD_Connection *c)
{
    unsigned busy, waiting;
    admit_counts(&r->srv->admit, &busy, &waiting);
    /* HTTP connections open now, this one included: what --max-connections counts */
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(r->srv->http, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    unsigned connections = info ? info->num_connections : 0;
    return http_json(r, c, MHD_HTTP_OK,
                     json_pack("{s:s,s:s,s:i,s:i,s:i,s:i,s:i}", "status", r->srv->stopping ? "stopping" : "ok",
                               "version", ravi_version(), "workers", r->srv->opt->workers, "busy", busy,
                               "waiting", waiting, "queue", r->srv->opt->queue, "connections",
                               connections));
}

static enum MHD_Result handle_model(http_req *r, struct MHD_Connection *c, const char *path)
{
    const char *id = path + strlen("/v1/models/");
    if (!model_known(id))
        return fail(r, c, 404, "model", "model_not_found", "no such model (GET /v1/models lists them)");
    return http_json(r, c, MHD_HTTP_OK, json_pack("{s:s,s:s,s:i,s:s}", "id", id, "object", "model",
                                                  "created", 0, "owned_by", "ravi"));
}

static enum MHD_Result dispatch(http_req *r, struct MHD_Connection *c, const char *path)
{
    const char *body = r->body.s ? r->body.s : "";
    switch ((route_id)r->route) {
    case R_PAGE:
        return http_respond(r, c, MHD_HTTP_OK, "text/html; charset=utf-8", serve_page_html, serve_page_html_len);
    case R_HEALTH: return handle_health(r, c);
    case R_MODELS: return http_json(r, c, MHD_HTTP_OK, models_json());
    case R_MODEL: return handle_model(r, c, path);
    case R_VOICES: return http_json(r, c, MHD_HTTP_OK, voices_json(r->srv));
    case R_SPEECH: return handle_json_speech(r, c, 0);
    case R_STREAM: return handle_json_speech(r, c, 1);
    case R_POST_ROOT: return handle_text(r, c, body, r->body.len, "body", 1, JOB_SPEAK);
    case R_NORMALIZE: return handle_text(r, c, body, r->body.len, "body", 1, JOB_NORMALIZE);
    case R_SPEAK: {
        const char *text = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "text");
        if (!text || !*text)
            return fail(r, c, 400, "text", "missing_field", "text: the text to read is missing (/speak?text=...)");
        return handle_text(r, c, text, strlen(text), "text", 0, JOB_SPEAK);
    }
    }
    return MHD_NO;
}

/* ---- a request's first call: the headers --------------------------------------------------- */

static enum MHD_Result route_request(http_req *r, struct MHD_Connection *c, const char *url, const char *method)
{
    int path_known = 0;
    const char *allow = NULL;
    int head = !strcmp(method, "HEAD");
    r->route = -1;
    for (size_t i = 0; i < NROUTES && r->route < 0; i++) {
        if (!path_matches(routes[i].path, url))
            continue;
        path_known = 1;
        allow = routes[i].method;
        int get_like = head && !strcmp(routes[i].method, "GET") && routes[i].id != R_SPEAK;
        if (!strcmp(method, routes[i].method) || get_like)
            r->route = (int)i;
    }
    if (r->route < 0 && !path_known)
        return fail(r, c, 404, NULL, "not_found", "no such page");
    if (r->route < 0) {
        api_error e;
        api_fail(&e, 405, NULL, "method_not_allowed", "%s is not served here (%s is)", method,
                 !strcmp(url, "/") ? "GET or POST" : allow);
        snprintf(r->note, sizeof r->note, "%s", e.message);
        json_t *o = json_pack("{s:{s:s,s:s,s:n,s:s}}", "error", "message", e.message, "type",
                              "invalid_request_error", "param", "code", e.code);
        char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        struct MHD_Response *resp = s ? MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE) : NULL;
        if (!resp) {
            free(s);
            return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, !strcmp(url, "/") ? "GET, POST" : allow);
        return queue(r, c, 405, resp, strlen(s));
    }
    const struct route *rt = &routes[r->route];
    if (rt->auth && !authorized(r->srv, c))
        return fail(r, c, 401, NULL, "invalid_api_key",
                    "this server needs a bearer token: Authorization: Bearer TOKEN");
    if (rt->body) {
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > r->srv->opt->max_body) {
            r->too_big = 1;
            char msg[128];
            snprintf(msg, sizeof msg, "the body is larger than %zu bytes (--max-body)", r->srv->opt->max_body);
            return fail(r, c, 413, NULL, "request_too_large", msg);
        }
    }
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    http_req *r = *con_cls;
    if (!r)
        return MHD_NO;
    if (!r->seen) {
        r->seen = 1;
        snprintf(r->method, sizeof r->method, "%s", method);
        if (server_enter(r->srv))
            return fail(r, c, 503, NULL, "shutting_down", "the server is shutting down");
        r->entered = 1;
        return route_request(r, c, url, method);
    }
    if (r->status) { /* answered already: the rest of the body is dropped */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        /* a body that grows past --max-body (no Content-Length said so at once) is read on and
         * dropped, and answered 413 at its end; one that goes on past twice the limit is cut off
         * (libmicrohttpd takes no answer in the middle of a body) */
        size_t max = r->srv->opt->max_body;
        if (!r->too_big && (!routes[r->route].body || r->body.len + *upload_size > max))
            r->too_big = 1;
        if (r->too_big) {
            r->dropped += *upload_size;
            *upload_size = 0;
            if (r->dropped <= max)
                return MHD_YES;
            snprintf(r->note, sizeof r->note, "the body is larger than %zu bytes (--max-body): cut off", max);
            return MHD_NO;
        }
        if (sb_append(&r->body, upload, *upload_size))
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->too_big) {
        char msg[128];
        snprintf(msg, sizeof msg, "the body is larger than %zu bytes (--max-body)", r->srv->opt->max_body);
        return fail(r, c, 413, NULL, "request_too_large", msg);
    }
    return dispatch(r, c, url);
}

/* ---- the request's beginning and end: the log line ----------------------------------------- */

static void copy_printable(char *dst, size_t size, const char *src)
{
    size_t n = 0;
    for (; src && *src && n + 1 < size; src++)
        dst[n++] = isprint((unsigned char)*src) && *src != '"' ? *src : '?';
    dst[n] = '\0';
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    http_req *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->srv = cls;
    r->start_ms = serve_now_ms();
    sb_init(&r->body);
    char path[sizeof r->path];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(uri, "?"), uri);
    copy_printable(r->path, sizeof r->path, path);
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->client, sizeof r->client);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->client, sizeof r->client);
    else
        snprintf(r->client, sizeof r->client, "-");
    return r;
}

static const char *termination(enum MHD_RequestTerminationCode toe)
{
    switch (toe) {
    case MHD_REQUEST_TERMINATED_COMPLETED_OK: return NULL;
    case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: return "the client was silent too long (--timeout)";
    case MHD_REQUEST_TERMINATED_CLIENT_ABORT: return "the client went away";
    case MHD_REQUEST_TERMINATED_READ_ERROR: return "the client's request was cut short";
    case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: return "the server shut down";
    default: return "the response could not be completed";
    }
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)c;
    http_req *r = *con_cls;
    *con_cls = NULL;
    if (!r)
        return;
    const char *why = termination(toe);
    if (why && !r->note[0])
        snprintf(r->note, sizeof r->note, "%s", why);
    double now = serve_now_ms();
    char extra[96] = "";
    if (r->worker_rss_kb > 0)
        snprintf(extra, sizeof extra, " worker_rss_kb=%ld worker_private_kb=%ld", r->worker_rss_kb,
                 r->worker_private_kb);
    char note[sizeof r->note];
    copy_printable(note, sizeof note, r->note);
    serve_log("%s %s %s status=%d bytes=%llu ms=%.0f ttfb_ms=%.0f%s%s%s%s", r->client, r->method[0] ? r->method : "-",
              r->path, r->status, (unsigned long long)r->bytes, now - r->start_ms,
              r->first_byte_ms > 0 ? r->first_byte_ms - r->start_ms : 0.0, extra, note[0] ? " error=\"" : "",
              note, note[0] ? "\"" : "");
    if (r->entered)
        server_leave(r->srv);
    sb_free(&r->body);
    free(r);
    (void)cls;
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    serve_log("libmicrohttpd: %s", msg);
}

int http_start(server *s, int fd)
{
    const serve_options *o = s->opt;
    s->http = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC | MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, s, /* first: it then takes every message */
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
        MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_client,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_END);
    if (!s->http) {
        fprintf(stderr, "ravi: serve: cannot start the HTTP server (libmicrohttpd)\n");
        return -1;
    }
    return 0;
}

void http_quiesce(server *s)
{
    if (!s->http)
        return;
    MHD_socket fd = MHD_quiesce_daemon(s->http);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
}

void http_stop(server *s)
{
    if (s->http)
        MHD_stop_daemon(s->http);
    s->http = NULL;
}
