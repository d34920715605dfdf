/* The server's life: the worker pool first (before any thread), the voices, the listening
 * sockets, HTTP and Wyoming; then it waits for SIGTERM or SIGINT and shuts down gracefully:
 * no new connections, the requests in flight (and those waiting in the queue) finished, for at
 * most --grace seconds; a second signal stops at once. */
#include "serve.h"
#include "http.h"
#include "listen.h"
#include "wyoming.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int server_enter(server *s)
{
    pthread_mutex_lock(&s->lock);
    int refused = s->stopping;
    if (!refused)
        s->active++;
    pthread_mutex_unlock(&s->lock);
    return refused ? -1 : 0;
}

void server_leave(server *s)
{
    pthread_mutex_lock(&s->lock);
    s->active--;
    pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
}

/* In the zygote or the keeper (outside any signal handler): a worker or a zygote that died. */
static void worker_died(void *ctx, pid_t pid, int st, int zygote)
{
    (void)ctx;
    if (zygote && WIFSIGNALED(st))
        serve_log("the workers' zygote process %d died of signal %d (%s); a new one is starting",
                  (int)pid, WTERMSIG(st), strsignal(WTERMSIG(st)));
    else if (zygote)
        serve_log("the workers' zygote process %d exited with status %d; a new one is starting",
                  (int)pid, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        serve_log("worker process %d died of signal %d (%s); its request was answered with an error",
                  (int)pid, WTERMSIG(st), strsignal(WTERMSIG(st)));
    else
        serve_log("worker process %d exited with status %d", (int)pid, WEXITSTATUS(st));
}

/* Waits until no request is in flight, or the grace period is over, or a second signal comes. */
static void drain(server *s, const sigset_t *stops)
{
    double deadline = serve_now_ms() + s->opt->grace * 1000.0;
    struct timespec tick = {0, 100 * 1000 * 1000};
    for (;;) {
        pthread_mutex_lock(&s->lock);
        unsigned active = s->active;
        pthread_mutex_unlock(&s->lock);
        if (active == 0)
            return;
        if (serve_now_ms() >= deadline) {
            serve_log("stopping with %u requests still in flight (--grace %u s is over)", active, s->opt->grace);
            return;
        }
        if (sigtimedwait(stops, NULL, &tick) > 0) {
            serve_log("stopping at once, %u requests in flight cut short", active);
            return;
        }
    }
}

static int start_listeners(server *s, int *http_fd, int *wy_fd)
{
    char http_at[128], wy_at[128] = "";
    *http_fd = listen_socket(s->opt->listen, "--listen", http_at, sizeof http_at);
    if (*http_fd < 0)
        return -1;
    *wy_fd = -1;
    if (s->opt->wyoming && (*wy_fd = listen_socket(s->opt->wyoming, "--wyoming", wy_at, sizeof wy_at)) < 0)
        return -1;
    if (http_start(s, *http_fd))
        return -1;
    if (*wy_fd >= 0 && wyoming_start(s, *wy_fd))
        return -1;
    char wy_note[160] = ", Wyoming off";
    if (*wy_fd >= 0)
        snprintf(wy_note, sizeof wy_note, ", Wyoming on tcp://%s", wy_at);
    serve_log("listening on http://%s/%s; %u workers, %u more requests may wait%s", http_at, wy_note,
              s->opt->workers, s->opt->queue, s->opt->token ? "; API requests need the bearer token" : "");
    return 0;
}

int serve_run(const serve_options *opt)
{
    server s;
    memset(&s, 0, sizeof s);
    s.opt = opt;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.idle, NULL);
    admit_init(&s.admit, opt->workers, opt->queue);

    /* the signals are waited for by this thread alone: every thread started from here on
     * inherits them blocked */
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stops, NULL);
    signal(SIGPIPE, SIG_IGN);

    pool_worker w = {job_worker_start, job_worker_run, job_worker_stop, worker_died, (void *)opt, 600};
    diag d;
    diag_init(&d);
    s.pool = pool_start(&w, &d);
    int status = 1;
    if (!s.pool) {
        const char *msg = diag_message(&d);
        for (const char *p = msg; *p;) {
            size_t n = strcspn(p, "\n");
            fprintf(stderr, "ravi: serve: %.*s\n", (int)n, p);
            p += n + (p[n] == '\n');
        }
        status = d.status == RAVI_E_VOICE || d.status == RAVI_E_INVALID ? 2 : 1;
        diag_free(&d);
        admit_destroy(&s.admit);
        return status;
    }
    diag_free(&d);

    int http_fd = -1, wy_fd = -1;
    if (voices_load(&s) == 0 && start_listeners(&s, &http_fd, &wy_fd) == 0) {
        int sig;
        while (sigwait(&stops, &sig) != 0)
            ;
        pthread_mutex_lock(&s.lock);
        s.stopping = 1;
        unsigned active = s.active;
        pthread_mutex_unlock(&s.lock);
        http_quiesce(&s);
        wyoming_quiesce(&s);
        serve_log("%s: stopping; no new connections; finishing %u requests in flight", strsignal(sig), active);
        drain(&s, &stops);
        status = 0;
    }
    admit_close(&s.admit);
    wyoming_stop(&s);
    http_stop(&s);
    if (http_fd >= 0 && !s.http)
        close(http_fd);
    pool_stop(s.pool);
    voices_free(&s);
    admit_destroy(&s.admit);
    if (status == 0)
        serve_log("stopped");
    return status;
}
