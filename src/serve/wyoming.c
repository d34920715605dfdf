/* The Wyoming server: an acceptor thread, and a thread per connection reading events and
 * answering them (see wyoming.h). */
#define _GNU_SOURCE /* accept4, pipe2 */
#include "wyoming.h"
#include "wyevent.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

typedef struct wy_conn wy_conn;
typedef struct wyoming_server wyoming_server;

struct wyoming_server {
    server *srv;
    int listen_fd;
    int wake[2];              /* written to end the acceptor */
    pthread_t acceptor;
    pthread_mutex_t lock;
    pthread_cond_t gone;      /* a connection ended */
    wy_conn *conns;           /* open connections */
    unsigned nconns;
};

struct wy_conn {
    wyoming_server *wy;
    wy_conn *next;
    int fd;
    char client[64];
    /* what has been read and not yet used */
    char *buf;
    size_t start, end;
    /* a streaming synthesis (synthesize-start … synthesize-stop) */
    int streaming;
    strbuf text;
    char voice[64];
    ravi_format format;
};

#define READ_BUFFER (WY_LINE_MAX + 4096)

/* ---- reading ------------------------------------------------------------------------------- */

/* More bytes into the buffer: >0, 0 at the end, -1 on error or after --timeout of silence. */
static int fill(wy_conn *c)
{
    if (c->start > 0) {
        memmove(c->buf, c->buf + c->start, c->end - c->start);
        c->end -= c->start;
        c->start = 0;
    }
    if (c->end == READ_BUFFER)
        return -1;
    struct pollfd p = {c->fd, POLLIN, 0};
    int r;
    do
        r = poll(&p, 1, (int)c->wy->srv->opt->timeout * 1000);
    while (r < 0 && errno == EINTR);
    if (r <= 0)
        return -1;
    ssize_t n;
    do
        n = read(c->fd, c->buf + c->end, READ_BUFFER - c->end);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    c->end += (size_t)n;
    return n > 0 ? 1 : 0;
}

/* The next line (without '\n'): 1, 0 at a clean end, -1 (err says why, "" when the peer went). */
static int read_line(wy_conn *c, const char **line, size_t *len, char *err, size_t errsize)
{
    size_t scanned = 0;
    for (;;) {
        char *nl = memchr(c->buf + c->start + scanned, '\n', c->end - c->start - scanned);
        if (nl) {
            *line = c->buf + c->start;
            *len = (size_t)(nl - *line);
            c->start += *len + 1;
            return 1;
        }
        scanned = c->end - c->start;
        if (scanned > WY_LINE_MAX) {
            snprintf(err, errsize, "an event header line is longer than %d bytes", WY_LINE_MAX);
            return -1;
        }
        int r = fill(c);
        if (r <= 0)
            return r == 0 && c->end == c->start ? 0 : -1;
    }
}

/* n bytes into out (NULL: dropped). 0, or -1 when the connection ends first. */
static int read_bytes(wy_conn *c, strbuf *out, size_t n)
{
    while (n > 0) {
        if (c->start == c->end && fill(c) <= 0)
            return -1;
        size_t k = c->end - c->start < n ? c->end - c->start : n;
        if (out && sb_append(out, c->buf + c->start, k))
            return -1;
        c->start += k;
        n -= k;
    }
    return 0;
}

/* The next event: 1, 0 when the client has gone, -1 after a protocol error (err). */
static int read_event(wy_conn *c, wy_event *ev, char *err, size_t errsize)
{
    const char *line;
    size_t len;
    err[0] = '\0';
    int r = read_line(c, &line, &len, err, errsize);
    if (r <= 0)
        return r;
    if (wy_parse_header(line, len, ev, err, errsize))
        return -1;
    size_t limit = c->wy->srv->opt->max_body;
    if (ev->data_length > limit || ev->payload_length > limit) {
        snprintf(err, errsize, "an event's data or payload is larger than %zu bytes (--max-body)", limit);
        wy_event_free(ev);
        return -1;
    }
    strbuf data;
    sb_init(&data);
    int ok = read_bytes(c, &data, ev->data_length) == 0 && read_bytes(c, NULL, ev->payload_length) == 0;
    if (ok && ev->data_length && wy_merge_data(ev, data.s, data.len, err, errsize))
        ok = 0;
    sb_free(&data);
    if (!ok)
        wy_event_free(ev);
    return ok ? 1 : -1;
}

/* ---- writing ------------------------------------------------------------------------------- */

static int write_all(int fd, struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t w = writev(fd, iov, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        while (n > 0 && (size_t)w >= iov->iov_len) {
            w -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + w;
            iov->iov_len -= (size_t)w;
        }
    }
    return 0;
}

/* Sends an event (data taken, may be NULL). 0, or -1 when the client has gone. */
static int send_event(wy_conn *c, const char *type, json_t *data, const void *payload, size_t n)
{
    size_t len;
    char *line = wy_format(type, data, n, &len);
    if (!line)
        return -1;
    struct iovec iov[2] = {{line, len}, {(void *)payload, n}};
    int r = write_all(c->fd, iov, n ? 2 : 1);
    free(line);
    return r;
}

static int send_error(wy_conn *c, const char *code, const char *text)
{
    return send_event(c, "error", json_pack("{s:s,s:s}", "text", text, "code", code), NULL, 0);
}

/* ---- speaking ------------------------------------------------------------------------------ */

typedef struct speech_log {
    const char *event;
    double start;
    double first_ms;
    unsigned long long bytes;
    char error[1024];
} speech_log;

static json_t *audio_format(const server *s)
{
    return json_pack("{s:i,s:i,s:i}", "rate", s->sample_rate, "width", 2, "channels", 1);
}

/* Streams a job's audio as audio-start, audio-chunk…, audio-stop. 0, -1 when the client went. */
static int stream_audio(wy_conn *c, job *j, speech_log *log)
{
    server *s = c->wy->srv;
    uint64_t samples = 0;
    int started = 0;
    for (;;) {
        int r = job_next(j, (int)s->opt->worker_timeout * 1000);
        if (r == 0)
            break;
        if (r < 0 || j->type == 'x') {
            snprintf(log->error, sizeof log->error, "%s", j->message);
            if (j->type == 'x')
                while (!j->finished && job_next(j, 1000) > 0)
                    ;
            const char *code = r < 0 ? "worker_failed" : ravi_status_name(j->status);
            return (started && send_event(c, "audio-stop", json_pack("{s:I}", "timestamp", (json_int_t)(samples * 1000 / (uint64_t)s->sample_rate)), NULL, 0)) ||
                           send_error(c, code, j->message) ? -1 : 0;
        }
        if (j->type != 'a')
            continue;
        json_t *fmt = audio_format(s);
        if (!started) {
            json_object_set_new(fmt, "timestamp", json_integer(0));
            if (send_event(c, "audio-start", json_deep_copy(fmt), NULL, 0))
                return json_decref(fmt), -1;
            started = 1;
            log->first_ms = serve_now_ms();
        }
        json_object_set_new(fmt, "timestamp", json_integer((json_int_t)(samples * 1000 / (uint64_t)s->sample_rate)));
        if (send_event(c, "audio-chunk", fmt, j->payload.s, j->payload.len))
            return -1;
        samples += j->payload.len / 2;
        log->bytes += j->payload.len;
    }
    json_t *stop = json_pack("{s:I}", "timestamp", (json_int_t)(samples * 1000 / (uint64_t)s->sample_rate));
    if (!started) { /* nothing was said: still a (silent) stream, as a client waits for one */
        json_t *fmt = audio_format(s);
        json_object_set_new(fmt, "timestamp", json_integer(0));
        if (send_event(c, "audio-start", fmt, NULL, 0))
            return json_decref(stop), -1;
    }
    return send_event(c, "audio-stop", stop, NULL, 0);
}

/* Speaks one text as one audio stream. 0, or -1 when the client has gone. */
static int speak(wy_conn *c, const char *event, const char *text, size_t len, const char *voice, ravi_format format)
{
    server *s = c->wy->srv;
    speech_log log = {event, serve_now_ms(), 0, 0, ""};
    int rc = 0;
    admit_result a = admit_enter(&s->admit, s->opt->worker_timeout * 1000);
    if (a != ADMIT_OK) {
        snprintf(log.error, sizeof log.error, "%s", a == ADMIT_CLOSED ? "shutting down" : "every worker is busy");
        rc = send_error(c, a == ADMIT_CLOSED ? "shutting_down" : "busy", a == ADMIT_CLOSED ?
                        "the server is shutting down" : "every worker is busy; try again later");
    } else {
        job_request jr;
        job_request_init(&jr, JOB_SPEAK, &s->opt->config->settings);
        jr.output = SPEECH_RAW;
        jr.input_format = format;
        snprintf(jr.source_name, sizeof jr.source_name, "text");
        if (voice[0])
            snprintf(jr.voice, sizeof jr.voice, "%s", voice);
        job j;
        double admitted = serve_now_ms();
        if (job_begin(&j, s->pool, &jr, text, len, (int)s->opt->worker_timeout * 1000)) {
            snprintf(log.error, sizeof log.error, "%s", j.message);
            rc = send_error(c, "worker_failed", j.message);
        } else {
            rc = stream_audio(c, &j, &log);
        }
        job_end(&j);
        admit_leave(&s->admit, serve_now_ms() - admitted);
    }
    double now = serve_now_ms();
    serve_log("%s WYOMING %s status=%s bytes=%llu ms=%.0f ttfb_ms=%.0f%s%s%s", c->client, log.event,
              log.error[0] ? "error" : "ok", log.bytes, now - log.start, log.first_ms > 0 ? log.first_ms - log.start : 0.0,
              log.error[0] ? " error=\"" : "", log.error, log.error[0] ? "\"" : "");
    return rc;
}

/* ---- the events ---------------------------------------------------------------------------- */

/* The voice and text format an event asks for. 0, or -1 after sending an error. */
static int read_settings(wy_conn *c, const wy_event *ev, char *voice, size_t vsize, ravi_format *format, int *refused)
{
    const char *name = wy_data_string2(ev, "voice", "name");
    const char *tf = wy_data_string(ev, "text_format");
    const char *v = voices_resolve(c->wy->srv, name);
    *refused = 1;
    if (!v) {
        char msg[160];
        snprintf(msg, sizeof msg, "voice: unknown voice '%.64s' (describe lists them)", name);
        return send_error(c, "voice_not_found", msg) ? -1 : 0;
    }
    snprintf(voice, vsize, "%s", v);
    *format = RAVI_FORMAT_AUTO;
    if (tf && !strcmp(tf, "ssml"))
        *format = RAVI_FORMAT_SSML;
    else if (tf && !strcmp(tf, "text"))
        *format = RAVI_FORMAT_TEXT;
    else if (tf) {
        char msg[160];
        snprintf(msg, sizeof msg, "text_format: '%.64s' is not text or ssml", tf);
        return send_error(c, "invalid_value", msg) ? -1 : 0;
    }
    *refused = 0;
    return 0;
}

static int too_long(wy_conn *c, size_t chars)
{
    char msg[128];
    snprintf(msg, sizeof msg, "text: %zu characters, at most %zu (--max-text)", chars, c->wy->srv->opt->max_text);
    return send_error(c, "string_above_max_length", msg);
}

static int on_synthesize(wy_conn *c, const wy_event *ev)
{
    if (c->streaming)
        return 0; /* the streaming client's copy of the whole text, for older servers */
    const char *text = wy_data_string(ev, "text");
    if (!text)
        return send_error(c, "missing_field", "text: the text to read is missing");
    char voice[64];
    ravi_format format;
    int refused;
    if (read_settings(c, ev, voice, sizeof voice, &format, &refused) || refused)
        return refused ? 0 : -1;
    size_t len = strlen(text);
    if (utf8_count(text, len) > c->wy->srv->opt->max_text)
        return too_long(c, utf8_count(text, len));
    if (server_enter(c->wy->srv))
        return send_error(c, "shutting_down", "the server is shutting down");
    int rc = speak(c, "synthesize", text, len, voice, format);
    server_leave(c->wy->srv);
    return rc;
}

static int on_synthesize_start(wy_conn *c, const wy_event *ev)
{
    int refused;
    if (c->streaming)
        server_leave(c->wy->srv); /* a new stream replaces an unfinished one */
    c->streaming = 0;
    sb_reset(&c->text);
    if (read_settings(c, ev, c->voice, sizeof c->voice, &c->format, &refused) || refused)
        return refused ? 0 : -1;
    if (server_enter(c->wy->srv))
        return send_error(c, "shutting_down", "the server is shutting down");
    c->streaming = 1;
    return 0;
}

/* Speaks the whole sentences the streamed text holds so far (plain text: SSML waits for the
 * end), keeping the rest. */
static int speak_whole_sentences(wy_conn *c)
{
    if (c->format == RAVI_FORMAT_SSML || !c->text.len)
        return 0;
    size_t n = ravi_whole_sentences(c->text.s, c->text.len);
    size_t i = 0;
    while (i < n && (c->text.s[i] == ' ' || c->text.s[i] == '\n' || c->text.s[i] == '\t' || c->text.s[i] == '\r'))
        i++;
    if (i == n)
        return 0;
    int rc = speak(c, "synthesize-chunk", c->text.s, n, c->voice, c->format);
    memmove(c->text.s, c->text.s + n, c->text.len - n + 1);
    c->text.len -= n;
    return rc;
}

static int on_synthesize_chunk(wy_conn *c, const wy_event *ev)
{
    const char *text = wy_data_string(ev, "text");
    if (!c->streaming)
        return send_error(c, "not_streaming", "synthesize-chunk without synthesize-start");
    if (!text)
        return send_error(c, "missing_field", "text: the text to read is missing");
    if (sb_puts(&c->text, text))
        return -1;
    size_t chars = utf8_count(c->text.s, c->text.len);
    if (chars > c->wy->srv->opt->max_text) {
        sb_reset(&c->text);
        return too_long(c, chars);
    }
    return speak_whole_sentences(c);
}

static int on_synthesize_stop(wy_conn *c)
{
    if (!c->streaming)
        return send_error(c, "not_streaming", "synthesize-stop without synthesize-start");
    int rc = 0;
    size_t i = 0;
    while (i < c->text.len && strchr(" \t\r\n", c->text.s[i]))
        i++;
    if (i < c->text.len)
        rc = speak(c, "synthesize-stop", c->text.s, c->text.len, c->voice, c->format);
    sb_reset(&c->text);
    c->streaming = 0;
    server_leave(c->wy->srv);
    return rc || send_event(c, "synthesize-stopped", NULL, NULL, 0) ? -1 : 0;
}

static int on_event(wy_conn *c, const wy_event *ev)
{
    if (!strcmp(ev->type, "describe"))
        return send_event(c, "info", voices_wyoming_info(c->wy->srv), NULL, 0);
    if (!strcmp(ev->type, "synthesize"))
        return on_synthesize(c, ev);
    if (!strcmp(ev->type, "synthesize-start"))
        return on_synthesize_start(c, ev);
    if (!strcmp(ev->type, "synthesize-chunk"))
        return on_synthesize_chunk(c, ev);
    if (!strcmp(ev->type, "synthesize-stop"))
        return on_synthesize_stop(c);
    if (!strcmp(ev->type, "ping")) {
        const char *text = wy_data_string(ev, "text");
        return send_event(c, "pong", text ? json_pack("{s:s}", "text", text) : NULL, NULL, 0);
    }
    return 0; /* an event for another kind of service: not ours to answer */
}

/* ---- connections --------------------------------------------------------------------------- */

static void *serve_connection(void *arg)
{
    wy_conn *c = arg;
    wyoming_server *wy = c->wy;
    struct timeval tv = {(time_t)wy->srv->opt->timeout, 0};
    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv); /* a client that stops reading */
    for (;;) {
        wy_event ev;
        char err[256];
        int r = read_event(c, &ev, err, sizeof err);
        if (r < 0 && err[0]) {
            send_error(c, "invalid_event", err);
            serve_log("%s WYOMING - status=error error=\"%s\"", c->client, err);
        }
        if (r <= 0)
            break;
        r = on_event(c, &ev);
        wy_event_free(&ev);
        if (r)
            break;
    }
    if (c->streaming)
        server_leave(wy->srv);
    pthread_mutex_lock(&wy->lock);
    for (wy_conn **p = &wy->conns; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    wy->nconns--;
    pthread_cond_broadcast(&wy->gone);
    pthread_mutex_unlock(&wy->lock);
    close(c->fd);
    sb_free(&c->text);
    free(c->buf);
    free(c);
    return NULL;
}

static void client_address(int fd, char *out, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    snprintf(out, size, "-");
    if (getpeername(fd, (struct sockaddr *)&ss, &len))
        return;
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, out, (socklen_t)size);
    else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, out, (socklen_t)size);
}

/* Whether one more connection from `client` stays within the limits (with the lock held). */
static int within_limits(const wyoming_server *wy, const char *client)
{
    if (wy->nconns >= wy->srv->opt->max_connections)
        return 0;
    unsigned same = 0;
    for (const wy_conn *c = wy->conns; c; c = c->next)
        same += !strcmp(c->client, client);
    return same < wy->srv->opt->per_client;
}

static void take_connection(wyoming_server *wy, int fd)
{
    wy_conn *c = calloc(1, sizeof *c);
    if (c)
        c->buf = malloc(READ_BUFFER);
    if (!c || !c->buf) {
        if (c)
            free(c);
        close(fd);
        return;
    }
    c->wy = wy;
    c->fd = fd;
    sb_init(&c->text);
    client_address(fd, c->client, sizeof c->client);
    pthread_mutex_lock(&wy->lock);
    int ok = within_limits(wy, c->client);
    if (ok) {
        c->next = wy->conns;
        wy->conns = c;
        wy->nconns++;
    }
    pthread_mutex_unlock(&wy->lock);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (ok && pthread_create(&t, &attr, serve_connection, c) == 0) {
        pthread_attr_destroy(&attr);
        return;
    }
    pthread_attr_destroy(&attr);
    if (ok) { /* no thread: undo */
        pthread_mutex_lock(&wy->lock);
        wy->conns = c->next;
        wy->nconns--;
        pthread_mutex_unlock(&wy->lock);
    } else {
        send_error(c, "too_many_connections", "too many connections from this address (--per-client) or in all");
        serve_log("%s WYOMING - status=error error=\"too many connections\"", c->client);
    }
    close(fd);
    free(c->buf);
    free(c);
}

static void *accept_loop(void *arg)
{
    wyoming_server *wy = arg;
    for (;;) {
        struct pollfd p[2] = {{wy->listen_fd, POLLIN, 0}, {wy->wake[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            break;
        if (p[1].revents)
            break;
        if (!(p[0].revents & POLLIN))
            continue;
        int fd = accept4(wy->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0)
            take_connection(wy, fd);
        else if (errno == EMFILE || errno == ENFILE)
            poll(NULL, 0, 100); /* out of descriptors: let connections end */
    }
    return NULL;
}

int wyoming_start(server *s, int fd)
{
    wyoming_server *wy = calloc(1, sizeof *wy);
    if (!wy || pipe2(wy->wake, O_CLOEXEC)) {
        fprintf(stderr, "ravi: serve: cannot start the Wyoming server: %s\n", strerror(errno));
        free(wy);
        close(fd);
        return -1;
    }
    wy->srv = s;
    wy->listen_fd = fd;
    pthread_mutex_init(&wy->lock, NULL);
    pthread_cond_init(&wy->gone, NULL);
    if (pthread_create(&wy->acceptor, NULL, accept_loop, wy)) {
        fprintf(stderr, "ravi: serve: cannot start the Wyoming server: no thread\n");
        close(wy->wake[0]);
        close(wy->wake[1]);
        close(fd);
        free(wy);
        return -1;
    }
    s->wyoming = wy;
    return 0;
}

void wyoming_quiesce(server *s)
{
    wyoming_server *wy = s->wyoming;
    if (!wy || wy->listen_fd < 0)
        return;
    ssize_t w = write(wy->wake[1], "x", 1);
    (void)w;
    pthread_join(wy->acceptor, NULL);
    close(wy->listen_fd);
    wy->listen_fd = -1;
}

void wyoming_stop(server *s)
{
    wyoming_server *wy = s->wyoming;
    if (!wy)
        return;
    wyoming_quiesce(s);
    pthread_mutex_lock(&wy->lock);
    for (wy_conn *c = wy->conns; c; c = c->next)
        shutdown(c->fd, SHUT_RDWR); /* a thread waiting for the next event wakes and ends */
    while (wy->nconns > 0)
        pthread_cond_wait(&wy->gone, &wy->lock);
    pthread_mutex_unlock(&wy->lock);
    close(wy->wake[0]);
    close(wy->wake[1]);
    pthread_mutex_destroy(&wy->lock);
    pthread_cond_destroy(&wy->gone);
    free(wy);
    s->wyoming = NULL;
}
