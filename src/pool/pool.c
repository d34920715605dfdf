/* The keeper, the zygote and the children of a worker pool (see pool.h). */
#define _GNU_SOURCE /* pipe2, MSG_CMSG_CLOEXEC */
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct pool {
    int control; /* the program's end of the control socket */
    pid_t keeper;
};

/* What the zygote tells the keeper, and the keeper the program, once the zygote has started:
 * a status (RAVI_OK: ready) and, after a failure, the message. */
typedef struct start_report {
    int32_t status;
    char message[1024];
} start_report;

#define RESTART_PAUSE_MAX 5 /* seconds between zygotes that keep failing to start */

/* ---- small system helpers ------------------------------------------------------------------ */

static int write_full(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads up to n bytes, until EOF. Returns how many. */
static size_t read_full(int fd, void *data, size_t n)
{
    char *p = data;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

/* Sends one descriptor as a control message (a SEQPACKET message needs a byte of data too). */
static int send_fd(int sock, int fd)
{
    char byte = 'j';
    struct iovec iov = {&byte, 1};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = u.buf;
    msg.msg_controllen = sizeof u.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    for (;;) {
        ssize_t n = sendmsg(sock, &msg, MSG_NOSIGNAL);
        if (n == 1)
            return 0;
        if (n < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* Receives one message and the descriptor it carries. Returns 1 (*fd set, or -1 when the message
 * carried none), 0 when the other end has closed, -1 on error. */
static int recv_fd(int sock, int *fd)
{
    char byte;
    struct iovec iov = {&byte, 1};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } u;
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = u.buf;
    msg.msg_controllen = sizeof u.buf;
    ssize_t n;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return n == 0 ? 0 : -1;
    *fd = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            memcpy(fd, CMSG_DATA(c), sizeof *fd);
    return 1;
}

/* The workers end when the program closes their sockets, not on the terminal's or a service
 * manager's signals to the whole group: in-flight jobs finish during a graceful shutdown. */
static void ignore_stop_signals(void)
{
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_IGN); /* a job socket that breaks is seen as EPIPE */
}

/* Ends this process when its parent does (the keeper with the program, the zygote with the
 * keeper); the parent may already be gone by the time the request is made. */
static void die_with_parent(pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
}

/* ---- a child: one job ---------------------------------------------------------------------- */

static void child_main(const pool_worker *w, void *state, int job, int control, int sigfd)
{
    close(control);
    close(sigfd);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (w->cpu_seconds) {
        struct rlimit cpu = {w->cpu_seconds, w->cpu_seconds + 5};
        setrlimit(RLIMIT_CPU, &cpu);
    }
    _exit(w->run(state, job));
}

/* ---- the zygote ---------------------------------------------------------------------------- */

static void reap_children(const pool_worker *w)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
        if (w->died && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
            w->died(w->ctx, pid, st, 0);
}

/* Forks a child for each job socket that comes, until the control socket closes. SIGCHLD is
 * blocked (zygote_main), read through a signalfd; children are also reaped at every wake-up and
 * every second, should a signal be missed. */
static void zygote_serve(const pool_worker *w, void *state, int control, const sigset_t *chld)
{
    int sigfd = signalfd(-1, chld, SFD_CLOEXEC | SFD_NONBLOCK);
    for (;;) {
        struct pollfd p[2] = {{control, POLLIN, 0}, {sigfd, POLLIN, 0}};
        if (poll(p, sigfd >= 0 ? 2 : 1, 1000) < 0 && errno != EINTR)
            _exit(1);
        struct signalfd_siginfo info;
        while (sigfd >= 0 && read(sigfd, &info, sizeof info) > 0)
            ;
        reap_children(w);
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        int job;
        int r = recv_fd(control, &job);
        if (r == 0) { /* the program has closed the pool */
            if (w->stop)
                w->stop(state);
            _exit(0);
        }
        if (r < 0)
            _exit(1);
        if (job < 0)
            continue;
        pid_t pid = fork();
        if (pid == 0)
            child_main(w, state, job, control, sigfd);
        close(job); /* a fork that failed: the program sees the job's socket close */
    }
}

static void zygote_main(const pool_worker *w, int control, int ready, pid_t keeper)
{
    die_with_parent(keeper);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL); /* before start: threads it makes inherit the mask */
    start_report rep;
    memset(&rep, 0, sizeof rep);
    ravi_status status = RAVI_E_IO;
    void *state = w->start(w->ctx, &status, rep.message, sizeof rep.message);
    rep.status = state ? RAVI_OK : (status < 0 ? status : RAVI_E_IO);
    write_full(ready, &rep, sizeof rep);
    close(ready);
    if (!state)
        _exit(1);
    zygote_serve(w, state, control, &chld);
}

/* ---- the keeper ---------------------------------------------------------------------------- */

/* Waits for `pid`, reaping on the way the orphans of an earlier zygote (the keeper is their
 * subreaper). */
static int wait_for(pid_t pid)
{
    int st;
    for (;;) {
        pid_t got = waitpid(-1, &st, 0);
        if (got == pid)
            return st;
        if (got < 0 && errno != EINTR)
            return 0;
    }
}

static void keeper_main(const pool_worker *w, int control, int startup, pid_t program)
{
    die_with_parent(program);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    unsigned failures = 0;
    for (;;) {
        int ready[2];
        if (pipe2(ready, O_CLOEXEC))
            _exit(1);
        pid_t keeper = getpid();
        time_t born = time(NULL);
        pid_t zygote = fork();
        if (zygote == 0) {
            close(ready[0]);
            if (startup >= 0)
                close(startup);
            zygote_main(w, control, ready[1], keeper);
        }
        close(ready[1]);
        start_report rep;
        memset(&rep, 0, sizeof rep);
        if (zygote < 0 || read_full(ready[0], &rep, sizeof rep) != sizeof rep) {
            rep.status = RAVI_E_IO;
            snprintf(rep.message, sizeof rep.message, "worker pool: the zygote died while starting");
        }
        close(ready[0]);
        if (startup >= 0) {
            write_full(startup, &rep, sizeof rep);
            close(startup);
            startup = -1;
            if (rep.status != RAVI_OK)
                _exit(1);
        }
        int st = zygote > 0 ? wait_for(zygote) : 0;
        if (zygote > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
            _exit(0); /* the program closed the pool */
        if (zygote > 0 && w->died)
            w->died(w->ctx, zygote, st, 1);
        /* a zygote that cannot start, or dies as soon as it has, is retried ever more slowly */
        int lived = rep.status == RAVI_OK && time(NULL) - born >= RESTART_PAUSE_MAX;
        failures = lived ? 0 : failures + 1;
        if (failures > 1)
            sleep(failures < RESTART_PAUSE_MAX ? failures : RESTART_PAUSE_MAX);
    }
}

/* ---- the program's side -------------------------------------------------------------------- */

pool *pool_start(const pool_worker *w, diag *d)
{
    pool *p = calloc(1, sizeof *p);
    if (!p) {
        diag_nomem(d);
        return NULL;
    }
    int ctl[2], startup[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl)) {
        diag_fail(d, RAVI_E_IO, "worker pool: socketpair: %s", strerror(errno));
        free(p);
        return NULL;
    }
    if (pipe2(startup, O_CLOEXEC)) {
        diag_fail(d, RAVI_E_IO, "worker pool: pipe: %s", strerror(errno));
        close(ctl[0]);
        close(ctl[1]);
        free(p);
        return NULL;
    }
    pid_t program = getpid();
    pid_t keeper = fork();
    if (keeper == 0) {
        ignore_stop_signals();
        close(ctl[0]);
        close(startup[0]);
        keeper_main(w, ctl[1], startup[1], program);
    }
    close(ctl[1]);
    close(startup[1]);
    start_report rep;
    memset(&rep, 0, sizeof rep);
    size_t got = keeper > 0 ? read_full(startup[0], &rep, sizeof rep) : 0;
    close(startup[0]);
    if (keeper < 0 || got != sizeof rep || rep.status != RAVI_OK) {
        rep.message[sizeof rep.message - 1] = '\0';
        if (keeper < 0)
            diag_fail(d, RAVI_E_IO, "worker pool: fork: %s", strerror(errno));
        else if (got != sizeof rep)
            diag_fail(d, RAVI_E_IO, "worker pool: the keeper process died while starting");
        else
            diag_fail(d, rep.status, "%s", rep.message);
        close(ctl[0]);
        if (keeper > 0)
            waitpid(keeper, NULL, 0);
        free(p);
        return NULL;
    }
    p->control = ctl[0];
    p->keeper = keeper;
    return p;
}

int pool_job(pool *p)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
        return -1;
    int r = send_fd(p->control, sv[1]);
    int err = errno;
    close(sv[1]);
    if (r) {
        close(sv[0]);
        errno = err;
        return -1;
    }
    return sv[0];
}

void pool_stop(pool *p)
{
    if (!p)
        return;
    close(p->control);
    int st;
    while (waitpid(p->keeper, &st, 0) < 0 && errno == EINTR)
        ;
    free(p);
}

pid_t pool_keeper_pid(const pool *p)
{
    return p->keeper;
}
