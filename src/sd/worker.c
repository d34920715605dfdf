#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* A record: a 4-byte header (the type, then padding that keeps samples aligned), then the
 * payload: samples, or a 4-byte status and text, or text. */
#define HEADER 4

void sd_worker_init(sd_worker *w)
{
    w->pid = 0;
    w->fd = -1;
    w->ended = 0;
    w->ndying = 0;
}

/* ---- the child ----------------------------------------------------------------------------- */

typedef struct child {
    int fd;
    int sent_any;        /* audio or a mark went out */
    union {
        int16_t samples[(SD_RECORD_TEXT_MAX + 64) / 2];
        char bytes[SD_RECORD_TEXT_MAX + 64];
    } rec;
} child;

/* Sends one record; non-zero when the module has gone (the call then stops). */
static int send_record(child *c, sd_record_type type, const void *payload, size_t n)
{
    c->rec.bytes[0] = (char)type;
    memset(c->rec.bytes + 1, 0, HEADER - 1);
    memcpy(c->rec.bytes + HEADER, payload, n);
    ssize_t k;
    do
        k = send(c->fd, c->rec.bytes, HEADER + n, MSG_NOSIGNAL);
    while (k < 0 && errno == EINTR);
    return k < 0;
}

static int send_text(child *c, sd_record_type type, const char *text)
{
    size_t n = strlen(text);
    if (n >= SD_RECORD_TEXT_MAX)
        n = SD_RECORD_TEXT_MAX - 1;
    char copy[SD_RECORD_TEXT_MAX];
    memcpy(copy, text, n);
    copy[n] = '\0';
    return send_record(c, type, copy, n + 1);
}

static int on_audio(void *ctx, const int16_t *samples, size_t n)
{
    child *c = ctx;
    /* chunks are at most 60 ms, 1323 samples at eSpeak NG's 22050 Hz: one record holds them */
    for (size_t at = 0; at < n;) {
        size_t k = n - at;
        if (k * sizeof *samples > SD_RECORD_TEXT_MAX)
            k = SD_RECORD_TEXT_MAX / sizeof *samples;
        if (send_record(c, SD_REC_AUDIO, samples + at, k * sizeof *samples))
            return 1;
        at += k;
    }
    c->sent_any = 1;
    return 0;
}

static int on_event(void *ctx, const ravi_event *ev)
{
    child *c = ctx;
    if (ev->type != RAVI_EVENT_MARK)
        return 0;
    if (strlen(ev->text) >= SD_RECORD_TEXT_MAX) {
        char why[128];
        snprintf(why, sizeof why, "a mark name of %zu bytes is too long to report; left out",
                 strlen(ev->text));
        return send_text(c, SD_REC_WARNING, why);
    }
    c->sent_any = 1;
    return send_text(c, SD_REC_MARK, ev->text);
}

static int on_warning(void *ctx, ravi_warning warning, const char *message)
{
    (void)warning;
    return send_text(ctx, SD_REC_WARNING, message);
}

static void send_end(child *c, ravi_status status, const char *message)
{
    char payload[SD_RECORD_TEXT_MAX + 4];
    int32_t st = (int32_t)status;
    size_t n = strlen(message);
    if (n >= SD_RECORD_TEXT_MAX)
        n = SD_RECORD_TEXT_MAX - 1;
    memcpy(payload, &st, 4);
    memcpy(payload + 4, message, n);
    payload[4 + n] = '\0';
    send_record(c, SD_REC_END, payload, 4 + n + 1);
}

static _Noreturn void child_main(int fd, ravi_engine *engine, const sd_job *job)
{
    /* the protocol is the module's: the child never reads its commands nor writes to the server */
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        close(null);
    }
    dup2(STDERR_FILENO, STDOUT_FILENO);
    child c;
    c.fd = fd;
    c.sent_any = 0;
    ravi_callbacks cb = {.audio = on_audio, .event = on_event, .warning = on_warning};
    ravi_settings settings = job->settings;
    ravi_status st = ravi_speak(engine, job->text, job->len, &settings, &cb, &c);
    if (st == RAVI_E_MARKUP && !c.sent_any) {
        char why[SD_RECORD_TEXT_MAX];
        snprintf(why, sizeof why, "%s; read as HTML instead", ravi_engine_error(engine));
        send_text(&c, SD_REC_WARNING, why);
        settings.format = RAVI_FORMAT_HTML;
        st = ravi_speak(engine, job->text, job->len, &settings, &cb, &c);
    }
    send_end(&c, st, st < 0 ? ravi_engine_error(engine) : "");
    /* _exit: the engine is the module's (freeing it would remove its voice directory) */
    _exit(0);
}

/* ---- the module's side --------------------------------------------------------------------- */

int sd_worker_start(sd_worker *w, ravi_engine *engine, const sd_job *job)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
        return -1;
    /* how far the child may speak ahead of what the server has taken: a second or two, not the
     * several seconds of the default buffer (a screen reader's messages are mostly cut short by
     * the next one, and what is made ahead is made for nothing) */
    int ahead = SD_WORKER_AHEAD_BYTES;
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &ahead, sizeof ahead);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        close(sv[0]);
        child_main(sv[1], engine, job);
    }
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    w->ended = 0;
    return 0;
}

int sd_worker_read(sd_worker *w, sd_record *rec)
{
    ssize_t k;
    do
        k = recv(w->fd, w->buf.bytes, sizeof w->buf.bytes, MSG_TRUNC);
    while (k < 0 && errno == EINTR);
    if (k == 0)
        return 0;
    if (k < 0 || (size_t)k > sizeof w->buf.bytes || k < HEADER)
        return -1;
    size_t n = (size_t)k - HEADER;
    const char *payload = w->buf.bytes + HEADER;
    memset(rec, 0, sizeof *rec);
    rec->type = (sd_record_type)w->buf.bytes[0];
    switch (rec->type) {
    case SD_REC_AUDIO:
        if (n % sizeof(int16_t))
            return -1;
        rec->samples = w->buf.samples + HEADER / sizeof(int16_t);
        rec->nsamples = n / sizeof(int16_t);
        return 1;
    case SD_REC_MARK:
    case SD_REC_WARNING:
        if (n == 0 || payload[n - 1] != '\0')
            return -1;
        rec->text = payload;
        return 1;
    case SD_REC_END: {
        if (n < 5 || payload[n - 1] != '\0')
            return -1;
        int32_t st;
        memcpy(&st, payload, 4);
        rec->status = (ravi_status)st;
        rec->text = payload + 4;
        w->ended = 1;
        return 1;
    }
    }
    return -1;
}

static void close_socket(sd_worker *w)
{
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
}

static void wait_for(pid_t pid)
{
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* The child is ending (killed, or done): its exit is collected later. */
static void let_go(sd_worker *w)
{
    if (w->pid > 0) {
        if (w->ndying == SD_WORKER_DYING_MAX) { /* a burst of STOPs: the oldest has surely ended */
            wait_for(w->dying[0]);
            memmove(w->dying, w->dying + 1, (size_t)(--w->ndying) * sizeof *w->dying);
        }
        w->dying[w->ndying++] = w->pid;
    }
    w->pid = 0;
    close_socket(w);
}

void sd_worker_kill(sd_worker *w)
{
    if (w->pid > 0)
        kill(w->pid, SIGKILL);
    let_go(w);
}

void sd_worker_release(sd_worker *w)
{
    let_go(w);
}

int sd_worker_collect(sd_worker *w)
{
    int kept = 0;
    for (int i = 0; i < w->ndying; i++) {
        pid_t r;
        do
            r = waitpid(w->dying[i], NULL, WNOHANG);
        while (r < 0 && errno == EINTR);
        if (r == 0)
            w->dying[kept++] = w->dying[i];
    }
    w->ndying = kept;
    return kept;
}

void sd_worker_shutdown(sd_worker *w)
{
    sd_worker_kill(w);
    for (int i = 0; i < w->ndying; i++)
        wait_for(w->dying[i]);
    w->ndying = 0;
}

int sd_worker_reap(sd_worker *w)
{
    int status = 0;
    if (w->pid > 0)
        while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
            ;
    w->pid = 0;
    close_socket(w);
    return status;
}
