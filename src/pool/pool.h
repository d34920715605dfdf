/* pool: worker processes for the programs built on libravi (the server, the batch runner).
 *
 * eSpeak NG is one engine per process; 1.51 may crash on text the guard did not foresee; and an
 * engine keeps its wave generator's state from one text to the next, so the same text said twice
 * by one process gives slightly different samples. So each job is done by a fresh process forked
 * from a *zygote*: a process whose engine is started but has said nothing. The child inherits the
 * ready engine (a fork costs about a millisecond), serves one job over its own socket and exits.
 * A child that dies (of a signal, of its CPU limit) fails its own job and nothing else; the next
 * job gets a fresh child; the samples of a text do not depend on what was said before it.
 *
 * A *keeper* process, forked by pool_start before the program starts any thread, forks the
 * zygote and forks another should the zygote die, so that every zygote comes from a process
 * with a single thread, and the program itself never forks once it has threads:
 *
 *     program ── control socket: one message per job, carrying the job's socket ──▶ zygote
 *        ▲                                                                           │ fork
 *        └──────────────────────────── job socket ──────────────────────────▶ child (one job)
 *
 * The zygote may have threads of its own by the time it forks (eSpeak NG 1.51 starts an event
 * thread that waits, idle, on a condition variable): a child gets only the forking thread, and
 * must not need the others (in synchronous mode eSpeak NG does not). SIGCHLD is blocked in the
 * zygote before its state is made, so that no such thread takes the zygote's SIGCHLD.
 *
 * The workers ignore SIGINT and SIGTERM (a Ctrl-C or a service manager's SIGTERM reaches the
 * whole process group, and a program shutting down gracefully wants its jobs finished): they end
 * when the program closes their sockets. If the program dies, the zygote sees its control socket
 * close and exits, the keeper with it, and each child stops when its job socket breaks.
 *
 * Part of the programs' shared helpers (not libravi): errors go to a diag. */
#ifndef RAVI_POOL_H
#define RAVI_POOL_H

#include <stddef.h>
#include <sys/types.h>

#include "../diag.h"

typedef struct pool_worker {
    /* In the zygote: makes what every job needs (the engine). Returns it, or NULL after writing
     * why into err (and a ravi_status into *status). */
    void *(*start)(void *ctx, ravi_status *status, char *err, size_t errsize);
    /* In a child: serves one job on `fd`, a connected stream socket; returns the child's exit
     * status. */
    int (*run)(void *state, int fd);
    /* In the zygote, may be NULL: the pool is closing; frees what start made (a child never
     * does: it ends with _exit, leaving the zygote's state to the zygote). */
    void (*stop)(void *state);
    /* May be NULL: a child ended abnormally (killed by a signal, or exited with a status other
     * than 0), called in the zygote with `zygote` 0; or the zygote itself died, called in the
     * keeper with `zygote` 1 (a new zygote is starting). `wait_status` as waitpid gives it.
     * Runs outside any signal handler. */
    void (*died)(void *ctx, pid_t pid, int wait_status, int zygote);
    void *ctx;
    /* CPU seconds a child may use before the kernel stops it (SIGXCPU): a job caught in an endless
     * loop inside eSpeak NG must not burn a core for ever (0: no limit). A child blocked writing
     * to a slow reader uses none. */
    unsigned cpu_seconds;
} pool_worker;

typedef struct pool pool;

/* Forks the keeper, which forks the zygote, which runs w->start; returns when the zygote is
 * ready. Call it before starting any thread. NULL after an error in d (the start function's
 * message and status, or the system's). */
pool *pool_start(const pool_worker *w, diag *d);

/* A connected stream socket to a fresh child running w->run, or -1 (errno set: EPIPE when the
 * pool is gone). Safe from any thread. The job is the caller's from then on: closing the socket
 * ends it (the child sees its socket break). */
int pool_job(pool *p);

/* Closes the control socket and waits for the keeper and the zygote to end. Children still
 * serving a job finish it (their sockets are the caller's). */
void pool_stop(pool *p);

/* The process id of the keeper (tests find the workers below it). */
pid_t pool_keeper_pid(const pool *p);

#endif
