/* The server side of a job: a worker child from the pool, the request sent, its frames read. */
#include "job.h"
#include "frame.h"

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

void job_request_init(job_request *r, job_kind kind, const ravi_settings *defaults)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->output = SPEECH_RAW;
    r->rate = defaults->rate;
    r->pitch = defaults->pitch;
    r->volume = defaults->volume;
    r->input_format = defaults->format;
    if (defaults->voice)
        snprintf(r->voice, sizeof r->voice, "%s", defaults->voice);
    snprintf(r->source_name, sizeof r->source_name, "input");
}

static int broke(job *j, const char *why, const char *detail)
{
    snprintf(j->message, sizeof j->message, "%s%s%s%s", why, detail ? " (" : "", detail ? detail : "",
             detail ? ")" : "");
    j->status = RAVI_E_IO;
    return -1;
}

static long json_long(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

/* Keeps what the worker's 'x' and 'd' frames say. */
static void read_ending(job *j)
{
    json_t *o = json_loadb(j->payload.s, j->payload.len, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return;
    }
    j->status = (ravi_status)json_long(o, "status");
    if (j->type == 'x') {
        json_t *m = json_object_get(o, "message");
        snprintf(j->message, sizeof j->message, "%s", json_is_string(m) ? json_string_value(m) : "");
    } else {
        j->samples = (uint64_t)json_long(o, "samples");
        j->sample_rate = (int)json_long(o, "sample_rate");
        j->peak_rss_kb = json_long(o, "peak_rss_kb");
        j->private_kb = json_long(o, "private_kb");
    }
    json_decref(o);
}

#define READ_AHEAD (64 * 1024)

/* Bytes buffered and not yet handed out. */
static size_t buffered(const job *j)
{
    return j->in.len - j->in_at;
}

/* Reads what the worker has sent, waiting at most timeout_ms for the first byte. 1: read, 0: the
 * worker closed its end, -1: errno (ETIMEDOUT). The worker's frames are read in large pieces:
 * one system call brings many of its small audio frames. */
static int fill(job *j, int timeout_ms)
{
    if (j->in_at > 0 && j->in_at == j->in.len) {
        sb_reset(&j->in);
        j->in_at = 0;
    } else if (j->in_at > READ_AHEAD) {
        memmove(j->in.s, j->in.s + j->in_at, buffered(j));
        j->in.len -= j->in_at;
        j->in_at = 0;
    }
    struct pollfd p = {j->fd, POLLIN, 0};
    int r;
    do
        r = poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r == 0)
        errno = ETIMEDOUT;
    if (r <= 0)
        return -1;
    char *dst = sb_extend(&j->in, READ_AHEAD);
    if (!dst)
        return -1;
    ssize_t n;
    do
        n = read(j->fd, dst, READ_AHEAD);
    while (n < 0 && errno == EINTR);
    j->in.len -= READ_AHEAD - (n > 0 ? (size_t)n : 0);
    j->in.s[j->in.len] = '\0';
    return n < 0 ? -1 : n > 0;
}

/* The next whole frame from the buffer into j->type and j->payload: 1, 0 when it is not all
 * there yet, -1 when it is not a frame (EPROTO). */
static int take_buffered(job *j)
{
    if (buffered(j) < FRAME_HEADER)
        return 0;
    uint32_t len;
    if (frame_parse_header((const unsigned char *)j->in.s + j->in_at, &j->type, &len)) {
        errno = EPROTO;
        return -1;
    }
    if (buffered(j) < FRAME_HEADER + (size_t)len)
        return 0;
    sb_reset(&j->payload);
    if (sb_append(&j->payload, j->in.s + j->in_at + FRAME_HEADER, len)) {
        errno = ENOMEM;
        return -1;
    }
    j->in_at += FRAME_HEADER + len;
    return 1;
}

static int read_frame(job *j, int timeout_ms)
{
    for (;;) {
        int r = take_buffered(j);
        if (r)
            return r;
        r = fill(j, timeout_ms);
        if (r <= 0) {
            if (r == 0 && buffered(j) > 0)
                errno = EPROTO; /* the stream ended inside a frame */
            return r == 0 && buffered(j) == 0 ? 0 : -1;
        }
    }
}

/* The worker's first frame, 'h', says which process it is (so that one that stops answering can
 * be stopped); it comes before the worker reads its job. 0, or -1 after broke(). */
static int read_hello(job *j, int timeout_ms)
{
    int r = read_frame(j, timeout_ms);
    if (r > 0 && j->type == 'h' && j->payload.len == 4) {
        const unsigned char *b = (const unsigned char *)j->payload.s;
        j->pid = (pid_t)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24);
        if (j->pid > 1)
            return 0; /* never a pid that kill() reads as a group */
    }
    if (r < 0 && errno == ETIMEDOUT)
        return broke(j, "no worker process answered in time (--worker-timeout)", NULL);
    if (r > 0)
        return broke(j, "the worker process broke off", "no process id");
    return broke(j, "the worker process died before its job began", r < 0 ? strerror(errno) : NULL);
}

int job_begin(job *j, pool *p, const job_request *r, const char *text, size_t len, int timeout_ms)
{
    memset(j, 0, sizeof *j);
    sb_init(&j->payload);
    sb_init(&j->in);
    j->fd = pool_job(p);
    if (j->fd < 0)
        return broke(j, "no worker process to speak with", strerror(errno));
    if (read_hello(j, timeout_ms))
        return -1;
    /* a worker that stops reading its job has stopped answering */
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    if (timeout_ms > 0)
        setsockopt(j->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int bad = frame_write(j->fd, 'R', r, sizeof *r);
    for (size_t at = 0; !bad && at < len; at += FRAME_MAX)
        bad = frame_write(j->fd, 'T', text + at, len - at < FRAME_MAX ? len - at : FRAME_MAX);
    if (!bad && !frame_write(j->fd, 'E', NULL, 0))
        return 0;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        kill(j->pid, SIGKILL);
        return broke(j, "the worker process stopped answering, and was stopped", NULL);
    }
    return broke(j, "the worker process died before its job began", strerror(errno));
}

/* 1 when a whole frame is in the buffer (or what is there is no frame: job_next says so). */
static int frame_buffered(const job *j)
{
    uint32_t len;
    char type;
    return buffered(j) >= FRAME_HEADER &&
           (frame_parse_header((const unsigned char *)j->in.s + j->in_at, &type, &len) ||
            buffered(j) >= FRAME_HEADER + (size_t)len);
}

int job_ready(job *j)
{
    if (j->finished || frame_buffered(j))
        return 1;
    /* whatever has come, without waiting; an end or an error is for job_next to report */
    int r = fill(j, 0);
    return r == 1 ? frame_buffered(j) : r == 0 || errno != ETIMEDOUT;
}

int job_next(job *j, int timeout_ms)
{
    if (j->finished)
        return 0;
    for (;;) {
        int r = read_frame(j, timeout_ms);
        /* a worker that dies with some of its job unread resets its socket rather than ending it */
        if (r == 0 || (r < 0 && errno == ECONNRESET))
            return broke(j, "the worker process died before it finished", NULL);
        if (r < 0 && errno == ETIMEDOUT) {
            if (j->pid > 0)
                kill(j->pid, SIGKILL);
            return broke(j, "the worker process stopped answering, and was stopped", NULL);
        }
        if (r < 0)
            return broke(j, "the worker process broke off", strerror(errno));
        if (j->type == 'x' || j->type == 'd')
            read_ending(j);
        j->finished = j->type == 'd';
        return 1;
    }
}

void job_end(job *j)
{
    if (j->fd >= 0) {
        /* a worker still speaking sees its socket break at its next frame and stops */
        close(j->fd);
        j->fd = -1;
    }
    sb_free(&j->payload);
    sb_free(&j->in);
}
