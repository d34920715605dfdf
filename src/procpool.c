#include "procpool.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A message on the pipe: its length (4 bytes, the host's order: both ends are one program), then
 * its bytes, in one write() so that it arrives whole. */
#define FRAME_HEADER 4
#define FRAME_MAX (FRAME_HEADER + PROCPOOL_MAX_MESSAGE)

_Static_assert(FRAME_MAX <= PIPE_BUF, "a message must go in one atomic write");

typedef struct child {
    pid_t pid;                /* 0: the slot is free */
    int fd;                   /* the pipe's read end; -1 once it reached its end */
    void *job;
    int broken;               /* sent something that is not a message: the rest is ignored */
    size_t have;              /* bytes in buf */
    unsigned char buf[FRAME_MAX];
} child;

struct procpool {
    size_t max, running;
    size_t next;              /* where the next look for news starts: no child starves another */
    child *children;
    struct pollfd *polls;
    child **polled;           /* the child of each pollfd */
    unsigned char message[PROCPOOL_MAX_MESSAGE];
};

procpool *procpool_new(size_t max)
{
    procpool *p = calloc(1, sizeof *p);
    if (!p || !max)
        goto fail;
    p->max = max;
    p->children = calloc(max, sizeof *p->children);
    p->polls = calloc(max, sizeof *p->polls);
    p->polled = calloc(max, sizeof *p->polled);
    if (!p->children || !p->polls || !p->polled)
        goto fail;
    return p;
fail:
    procpool_free(p);
    return NULL;
}

static void reap(child *c, int *status, struct rusage *usage)
{
    while (wait4(c->pid, status, 0, usage) < 0 && errno == EINTR)
        ;
}

static void release(procpool *p, child *c)
{
    if (c->fd >= 0)
        close(c->fd);
    memset(c, 0, sizeof *c);
    c->fd = -1;
    p->running--;
}

void procpool_free(procpool *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->children && i < p->max; i++) {
        child *c = &p->children[i];
        if (!c->pid)
            continue;
        kill(c->pid, SIGKILL);
        int status;
        struct rusage usage;
        reap(c, &status, &usage);
        release(p, c);
    }
    free(p->children);
    free(p->polls);
    free(p->polled);
    free(p);
}

size_t procpool_running(const procpool *p)
{
    return p->running;
}

int procpool_has_room(const procpool *p)
{
    return p->running < p->max;
}

static child *free_slot(procpool *p)
{
    for (size_t i = 0; i < p->max; i++)
        if (!p->children[i].pid)
            return &p->children[i];
    return NULL;
}

/* In the child: the other children's pipes are the parent's business. */
static void close_others(procpool *p, int keep)
{
    for (size_t i = 0; i < p->max; i++)
        if (p->children[i].pid && p->children[i].fd >= 0 && p->children[i].fd != keep)
            close(p->children[i].fd);
}

pid_t procpool_start(procpool *p, procpool_fn fn, void *arg, void *job)
{
    child *c = free_slot(p);
    if (!c) {
        errno = EAGAIN;
        return -1;
    }
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC); /* a program the child runs inherits neither end */
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    fflush(NULL); /* what the parent buffered is written once, by the parent */
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(fds[0]);
        close(fds[1]);
        errno = err;
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        close_others(p, -1);
        procpool_channel channel = {fds[1]};
        _exit(fn(arg, &channel) & 0xff);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    memset(c, 0, sizeof *c);
    c->pid = pid;
    c->fd = fds[0];
    c->job = job;
    p->running++;
    return pid;
}

int procpool_send(procpool_channel *channel, const void *data, size_t len)
{
    if (len > PROCPOOL_MAX_MESSAGE) {
        errno = EMSGSIZE;
        return -1;
    }
    unsigned char frame[FRAME_MAX];
    uint32_t n = (uint32_t)len;
    memcpy(frame, &n, FRAME_HEADER);
    memcpy(frame + FRAME_HEADER, data, len);
    for (;;) {
        ssize_t w = write(channel->fd, frame, FRAME_HEADER + len);
        if (w == (ssize_t)(FRAME_HEADER + len))
            return 0;
        if (w < 0 && errno == EINTR)
            continue;
        return -1; /* a write of at most PIPE_BUF bytes is all or nothing */
    }
}

/* A whole message waiting in the child's buffer: handed out (copied, so the buffer can move on). */
static int take_message(procpool *p, child *c, procpool_event *ev)
{
    if (c->broken || c->have < FRAME_HEADER)
        return 0;
    uint32_t n;
    memcpy(&n, c->buf, FRAME_HEADER);
    if (n > PROCPOOL_MAX_MESSAGE) {
        c->broken = 1; /* not our framing: nothing more from it can be trusted */
        c->have = 0;
        return 0;
    }
    if (c->have < FRAME_HEADER + n)
        return 0;
    memcpy(p->message, c->buf + FRAME_HEADER, n);
    c->have -= FRAME_HEADER + n;
    memmove(c->buf, c->buf + FRAME_HEADER + n, c->have);
    memset(ev, 0, sizeof *ev);
    ev->type = PROCPOOL_MESSAGE;
    ev->job = c->job;
    ev->pid = c->pid;
    ev->data = p->message;
    ev->len = n;
    return 1;
}

/* A child whose pipe has ended (it exited, or died): reaped and reported. A message cut short by
 * its death is dropped. */
static void take_end(procpool *p, child *c, procpool_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->type = PROCPOOL_END;
    ev->job = c->job;
    ev->pid = c->pid;
    reap(c, &ev->status, &ev->usage);
    release(p, c);
}

/* Something to report without waiting: a buffered message first, then an ended child. */
static int take_news(procpool *p, procpool_event *ev)
{
    for (size_t k = 0; k < p->max; k++) {
        child *c = &p->children[(p->next + k) % p->max];
        if (c->pid && take_message(p, c, ev)) {
            p->next = (p->next + k + 1) % p->max;
            return 1;
        }
    }
    for (size_t i = 0; i < p->max; i++) {
        child *c = &p->children[i];
        if (c->pid && c->fd < 0) {
            take_end(p, c, ev);
            return 1;
        }
    }
    return 0;
}

/* Reads what the pipe holds, as much as the buffer takes (a whole message always fits). */
static void drain(child *c)
{
    for (;;) {
        unsigned char scratch[FRAME_MAX];
        unsigned char *into = c->broken ? scratch : c->buf + c->have;
        size_t room = c->broken ? sizeof scratch : sizeof c->buf - c->have;
        if (!room)
            return;
        ssize_t n = read(c->fd, into, room);
        if (n > 0) {
            if (!c->broken)
                c->have += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close(c->fd); /* the end (or an error that ends it as well) */
        c->fd = -1;
        return;
    }
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int procpool_wait(procpool *p, int timeout_ms, procpool_event *ev)
{
    long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        if (take_news(p, ev))
            return 1;
        if (!p->running)
            return 0;
        nfds_t n = 0;
        for (size_t i = 0; i < p->max; i++) {
            child *c = &p->children[i];
            if (c->pid && c->fd >= 0) {
                p->polls[n] = (struct pollfd){.fd = c->fd, .events = POLLIN};
                p->polled[n++] = c;
            }
        }
        int wait_ms = -1;
        if (deadline >= 0) {
            long long left = deadline - now_ms();
            wait_ms = left > 0 ? (int)left : 0;
        }
        int ready = poll(p->polls, n, wait_ms);
        if (ready < 0)
            return -1;
        if (ready == 0)
            return 0;
        for (nfds_t i = 0; i < n; i++)
            if (p->polls[i].revents)
                drain(p->polled[i]);
    }
}

void procpool_kill(procpool *p, pid_t pid, int sig)
{
    for (size_t i = 0; i < p->max; i++) {
        child *c = &p->children[i];
        if (c->pid && (!pid || c->pid == pid))
            kill(c->pid, sig);
    }
}
