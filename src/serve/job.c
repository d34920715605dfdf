/* The server side of a job: a worker child from the pool, the request sent, its frames read. */
#include "job.h"
#include "frame.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
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

int job_begin(job *j, pool *p, const job_request *r, const char *text, size_t len)
{
    memset(j, 0, sizeof *j);
    sb_init(&j->payload);
    j->fd = pool_job(p);
    if (j->fd < 0)
        return broke(j, "no worker process to speak with", strerror(errno));
    int bad = frame_write(j->fd, 'R', r, sizeof *r);
    for (size_t at = 0; !bad && at < len; at += FRAME_MAX)
        bad = frame_write(j->fd, 'T', text + at, len - at < FRAME_MAX ? len - at : FRAME_MAX);
    if (bad || frame_write(j->fd, 'E', NULL, 0))
        return broke(j, "the worker process died before its job began", strerror(errno));
    return 0;
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

int job_next(job *j, int timeout_ms)
{
    if (j->finished)
        return 0;
    for (;;) {
        int r = frame_read(j->fd, &j->type, &j->payload, timeout_ms);
        if (r == 0)
            return broke(j, "the worker process died before it finished", NULL);
        if (r < 0 && errno == ETIMEDOUT) {
            if (j->pid > 0)
                kill(j->pid, SIGKILL);
            return broke(j, "the worker process stopped answering, and was stopped", NULL);
        }
        if (r < 0)
            return broke(j, "the worker process broke off", strerror(errno));
        if (j->type == 'h' && j->payload.len == 4) {
            const unsigned char *b = (const unsigned char *)j->payload.s;
            j->pid = (pid_t)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24);
            continue;
        }
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
}
