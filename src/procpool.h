/* A pool of child processes, one forked per job from a parent whose state is ready: a program
 * starts its libravi engine once, says nothing with it, and runs each job (an article, a request)
 * in a fresh copy of that pristine process. This is how the long-lived programs (batch, server)
 * keep two promises eSpeak NG 1.51 makes hard:
 *   - the same text gives the same samples: eSpeak keeps wave-generator state from one text to
 *     the next, but each copy starts from the state the parent had, whatever ran before it;
 *   - a crash inside eSpeak (issue 20) ends one job, not the program: the child dies, the parent
 *     sees how (a signal) and carries on with fresh copies.
 * Forking costs about a millisecond; lexicons, the ezafe model and eSpeak's data are shared with
 * the parent, page by page, until written. Only the forking thread lives on in a child: a parent
 * must hold no lock another thread might be holding (eSpeak NG 1.51 starts an idle thread of its
 * own, its queue for asynchronous mode, which Ravi's synchronous calls never touch).
 *
 * A child talks to its parent through messages on a pipe (procpool_send), whole or not at all;
 * the parent waits for messages and ends (procpool_wait), each ended child's status and resource
 * use (CPU time, peak memory) included. One of the programs' shared helpers: nothing here knows
 * what a job is. Not thread-safe; signals are the program's business (the pool installs no
 * handler and changes no disposition). */
#ifndef RAVI_PROCPOOL_H
#define RAVI_PROCPOOL_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

/* The longest message: one write() of at most PIPE_BUF bytes is never interleaved or split. */
#define PROCPOOL_MAX_MESSAGE 4000

typedef struct procpool procpool;

/* What a child holds to talk to its parent. */
typedef struct procpool_channel {
    int fd;
} procpool_channel;

/* A job's work, run in the child: its return value (0..255) is the child's exit status. */
typedef int (*procpool_fn)(void *arg, procpool_channel *channel);

typedef enum procpool_event_type {
    PROCPOOL_MESSAGE = 1, /* a message from a running child */
    PROCPOOL_END,         /* a child has ended (and was reaped): after all its messages */
} procpool_event_type;

typedef struct procpool_event {
    procpool_event_type type;
    void *job;            /* what procpool_start was given for it */
    pid_t pid;
    const void *data;     /* MESSAGE: the message, valid until the next procpool_wait */
    size_t len;
    int status;           /* END: as waitpid gives it (WIFEXITED, WTERMSIG...) */
    struct rusage usage;  /* END: the child's own CPU time and peak resident memory */
} procpool_event;

/* A pool of at most `max` children at a time. NULL when out of memory. */
procpool *procpool_new(size_t max);
/* Kills (SIGKILL) and reaps the children still running, then frees the pool. */
void procpool_free(procpool *p);

/* Children running (started and not yet reported ended). */
size_t procpool_running(const procpool *p);
/* Whether another child may start. */
int procpool_has_room(const procpool *p);

/* Forks a child that runs fn(arg, channel) and exits with what it returns (_exit: no atexit
 * handlers, no stdio buffers of the parent's flushed twice; flush stdout first). The parent goes
 * on at once. Returns the child's pid, or -1 with errno set (EAGAIN: the pool is full). */
pid_t procpool_start(procpool *p, procpool_fn fn, void *arg, void *job);

/* Child side: sends one message of at most PROCPOOL_MAX_MESSAGE bytes. 0, or -1 when the parent
 * has gone (EPIPE) or the message is too long. */
int procpool_send(procpool_channel *channel, const void *data, size_t len);

/* Waits up to timeout_ms (-1: as long as it takes) for a message or a child's end. Returns 1
 * with *ev filled in, 0 when the time ran out or nothing is running, -1 when a signal
 * interrupted the wait (EINTR) or on another error (errno). */
int procpool_wait(procpool *p, int timeout_ms, procpool_event *ev);

/* Sends `sig` to one running child (by pid) or to all of them (pid 0). */
void procpool_kill(procpool *p, pid_t pid, int sig);

#endif
