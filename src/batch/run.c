/* The batch's parent: the plan, the engine started once, a worker forked per article from it,
 * the journal, the progress line, and a clean stop on Ctrl-C or SIGTERM. */
#include "batch.h"
#include "journal.h"
#include "plan.h"
#include "progress.h"
#include "worker.h"
#include "../cli/signals.h"
#include "../procpool.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How often the parent wakes with nothing to hear: the progress line, the stall watch. */
#define TICK_MS 200
/* After a stop is asked, how long the workers get to clean up before they are killed. */
#define STOP_GRACE_SECONDS 10

/* A worker at work. */
typedef struct job {
    batch_worker worker;
    pid_t pid;                /* 0: the slot is free */
    uint64_t samples;         /* made so far, as it last said */
    struct timespec heard;    /* when it last said anything */
    int stalled;              /* killed for saying nothing too long */
    int have_result;
    job_outcome outcome;
    strbuf error, warning;
    strbuf temps;             /* the temporary files it made, each ending in '\0' */
} job;

typedef struct batch {
    const batch_options *bo;
    batch_plan plan;
    ravi_engine *engine;
    int rate;
    procpool *pool;
    job *jobs;
    size_t njobs;
    batch_item **todo;        /* the articles to write, longest first */
    size_t ntodo, next;
    int journal_fd;
    strbuf journal_path;
    int journal_failed;       /* a journal line could not be written (said once) */
    strbuf line;              /* a journal line being made */
    size_t done, failed, warned, interrupted;
    uint64_t finished_samples;
    uint64_t bytes_done;
    batch_progress bar;
    int stopping;             /* the signal that asked to stop, or 0 */
    struct timespec stop_asked;
} batch;

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* ---- messages and the journal -------------------------------------------------------------- */

static void say_error(batch *b, const char *message)
{
    batch_progress_clear(&b->bar);
    cli_print_message(message);
}

static void journal(batch *b, const batch_item *it, int failed, uint64_t samples,
                    const struct rusage *usage, const char *error, const char *warning)
{
    char now[32];
    journal_time_now(now, sizeof now);
    journal_record r = {
        .time = now, .input = it->input, .output = it->output, .failed = failed,
        .audio_seconds = (double)samples / b->rate,
        .cpu_seconds = usage ? (double)(usage->ru_utime.tv_sec + usage->ru_stime.tv_sec) +
                               (double)(usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) / 1e6 : 0,
        .max_rss_kb = usage ? usage->ru_maxrss : 0,
        .error = error && *error ? error : NULL, .warning = warning && *warning ? warning : NULL,
        .input_mtime_ns = it->mtime_ns,
    };
    if (b->journal_fd < 0 || journal_format(&b->line, &r))
        return;
    /* one write per line: journals shared by several shards keep whole lines */
    ssize_t n;
    do
        n = write(b->journal_fd, b->line.s, b->line.len);
    while (n < 0 && errno == EINTR);
    if (n != (ssize_t)b->line.len && !b->journal_failed) {
        b->journal_failed = 1;
        batch_progress_clear(&b->bar);
        cli_error("%s: cannot write the journal: %s", b->journal_path.s,
                  n < 0 ? strerror(errno) : "short write");
    }
}

static int open_journal(batch *b)
{
    if (batch_journal_path(b->bo, &b->journal_path))
        return -1;
    b->journal_fd = open(b->journal_path.s, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (b->journal_fd < 0) {
        cli_error("%s: cannot write the journal: %s", b->journal_path.s, strerror(errno));
        return -1;
    }
    return 0;
}

/* The bad lines fail now, as every run that meets them. */
static void fail_bad_items(batch *b)
{
    for (size_t i = 0; i < b->plan.n; i++) {
        batch_item *it = &b->plan.items[i];
        if (it->state != ITEM_BAD)
            continue;
        say_error(b, it->error);
        journal(b, it, 1, 0, NULL, it->error, NULL);
        b->failed++;
    }
}

/* ---- the workers --------------------------------------------------------------------------- */

static int longest_first(const void *a, const void *b)
{
    const batch_item *x = *(batch_item *const *)a, *y = *(batch_item *const *)b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* Longest first: the last articles to finish are short ones, and no worker idles long at the
 * end while another reads a long article. */
static int order_todo(batch *b)
{
    b->todo = malloc((b->plan.count[ITEM_TODO] ? b->plan.count[ITEM_TODO] : 1) * sizeof *b->todo);
    if (!b->todo)
        return -1;
    for (size_t i = 0; i < b->plan.n; i++)
        if (b->plan.items[i].state == ITEM_TODO)
            b->todo[b->ntodo++] = &b->plan.items[i];
    qsort(b->todo, b->ntodo, sizeof *b->todo, longest_first);
    return 0;
}

static job *free_job(batch *b)
{
    for (size_t i = 0; i < b->njobs; i++)
        if (!b->jobs[i].pid)
            return &b->jobs[i];
    return NULL;
}

static void reset_job(job *j)
{
    strbuf e = j->error, w = j->warning, t = j->temps;
    sb_reset(&e);
    sb_reset(&w);
    sb_reset(&t);
    memset(j, 0, sizeof *j);
    j->error = e;
    j->warning = w;
    j->temps = t;
}

/* Starts the next article. -1 when no worker could be started (the article then fails, unless
 * others are running: it waits for one of them to end). */
static int start_next(batch *b)
{
    job *j = free_job(b);
    batch_item *it = b->todo[b->next];
    reset_job(j);
    j->worker = (batch_worker){b->bo, b->engine, getpid(), it};
    clock_gettime(CLOCK_MONOTONIC, &j->heard);
    pid_t pid = procpool_start(b->pool, batch_worker_run, &j->worker, j);
    if (pid < 0) {
        if (procpool_running(b->pool))
            return -1;
        char why[256];
        snprintf(why, sizeof why, "%s: cannot start a worker: %s", it->input, strerror(errno));
        say_error(b, why);
        journal(b, it, 1, 0, NULL, why, NULL);
        b->failed++;
        b->bytes_done += it->size;
        b->next++;
        return 0;
    }
    j->pid = pid;
    b->next++;
    return 0;
}

static void take_message(batch *b, job *j, const void *data, size_t len)
{
    worker_message m;
    (void)b;
    clock_gettime(CLOCK_MONOTONIC, &j->heard);
    if (batch_worker_decode(data, len, &m))
        return;
    switch (m.type) {
    case 'P':
        j->samples = m.samples;
        break;
    case 'T':
        sb_append(&j->temps, m.text, m.text_len);
        sb_putc(&j->temps, '\0');
        break;
    case 'R':
        j->have_result = 1;
        j->outcome = m.outcome;
        j->samples = m.samples;
        sb_reset(&j->error);
        sb_reset(&j->warning);
        sb_append(&j->error, m.text, m.text_len);
        sb_append(&j->warning, m.warning, m.warning_len);
        break;
    }
}

/* A worker that died without cleaning up leaves its temporary files to the parent: each was
 * made by it (mkstemp names), so removing them destroys nothing of anyone else's. */
static void remove_temps(job *j)
{
    for (size_t at = 0; at < j->temps.len; at += strlen(j->temps.s + at) + 1)
        unlink(j->temps.s + at);
}

/* How a worker that gave no result ended, as the journal's error. */
static void explain_death(const batch *b, job *j, int status)
{
    const char *input = j->worker.item->input;
    sb_reset(&j->error);
    if (j->stalled)
        sb_printf(&j->error, "%s: the worker made no audio for %u s and was stopped (see 'ravi batch "
                  "--help', --stall-timeout)", input, b->bo->stall_seconds);
    else if (WIFSIGNALED(status))
        sb_printf(&j->error, "%s: the worker died of signal %d (%s) while reading it (a crash in "
                  "eSpeak NG? see README, Security); the batch goes on", input, WTERMSIG(status),
                  strsignal(WTERMSIG(status)));
    else
        sb_printf(&j->error, "%s: the worker ended with status %d without a result", input,
                  WEXITSTATUS(status));
}

static void job_ended(batch *b, job *j, int status, const struct rusage *usage)
{
    batch_item *it = (batch_item *)j->worker.item;
    job_outcome outcome = j->outcome;
    if (!j->have_result) {
        remove_temps(j);
        int killed_by_us = b->stopping && WIFSIGNALED(status) && !j->stalled;
        outcome = killed_by_us ? JOB_INTERRUPTED : JOB_FAILED;
        if (outcome == JOB_FAILED)
            explain_death(b, j, status);
    }
    j->pid = 0;
    if (outcome == JOB_INTERRUPTED && b->stopping) {
        b->interrupted++; /* not journaled: the next run writes it */
        return;
    }
    if (outcome == JOB_INTERRUPTED) {
        sb_reset(&j->error);
        sb_printf(&j->error, "%s: the worker was stopped by a signal", it->input);
        outcome = JOB_FAILED;
    }
    b->bytes_done += it->size;
    if (outcome == JOB_DONE) {
        b->done++;
        b->finished_samples += j->samples;
        if (j->warning.len) {
            b->warned++;
            say_error(b, j->warning.s);
        }
        journal(b, it, 0, j->samples, usage, NULL, j->warning.s);
    } else {
        b->failed++;
        say_error(b, j->error.s);
        journal(b, it, 1, 0, usage, j->error.s, NULL);
    }
}

static job *job_of(batch *b, pid_t pid)
{
    for (size_t i = 0; i < b->njobs; i++)
        if (b->jobs[i].pid == pid)
            return &b->jobs[i];
    return NULL;
}

static void take_event(batch *b, const procpool_event *ev)
{
    job *j = job_of(b, ev->pid);
    if (!j)
        return;
    if (ev->type == PROCPOOL_MESSAGE)
        take_message(b, j, ev->data, ev->len);
    else
        job_ended(b, j, ev->status, &ev->usage);
}

/* A worker that has said nothing for --stall-timeout seconds (eSpeak NG in a loop, an input that
 * never ends): killed, and its article fails. */
static void watch_stalls(batch *b)
{
    for (size_t i = 0; i < b->njobs; i++) {
        job *j = &b->jobs[i];
        if (j->pid && !j->stalled && b->bo->stall_seconds &&
            seconds_since(&j->heard) > b->bo->stall_seconds) {
            j->stalled = 1;
            procpool_kill(b->pool, j->pid, SIGKILL);
        }
    }
}

/* Ctrl-C or SIGTERM: the workers are told, drop their partial files and end; an article they
 * were reading is written by the next run. Those that do not end in time are killed. */
static void watch_stop(batch *b)
{
    int sig = signals_caught();
    if (sig && !b->stopping) {
        b->stopping = sig;
        clock_gettime(CLOCK_MONOTONIC, &b->stop_asked);
        procpool_kill(b->pool, 0, sig);
    } else if (b->stopping && seconds_since(&b->stop_asked) > STOP_GRACE_SECONDS) {
        procpool_kill(b->pool, 0, SIGKILL);
    }
}

static void draw(batch *b, int now)
{
    batch_counts c = {b->done, b->failed, b->ntodo - b->next + procpool_running(b->pool), 0,
                      b->bytes_done, b->plan.todo_bytes};
    uint64_t samples = b->finished_samples;
    for (size_t i = 0; i < b->njobs; i++)
        if (b->jobs[i].pid)
            samples += b->jobs[i].samples;
    c.audio_seconds = (double)samples / b->rate;
    batch_progress_draw(&b->bar, &c, now);
}

static void run_workers(batch *b)
{
    while (b->next < b->ntodo || procpool_running(b->pool)) {
        watch_stop(b);
        while (!b->stopping && b->next < b->ntodo && procpool_has_room(b->pool))
            if (start_next(b))
                break;
        procpool_event ev;
        int r = procpool_wait(b->pool, TICK_MS, &ev);
        if (r > 0)
            take_event(b, &ev);
        if (r < 0 && errno != EINTR) {
            cli_error("waiting for the workers: %s", strerror(errno));
            procpool_kill(b->pool, 0, SIGTERM);
            b->stopping = SIGTERM;
        }
        watch_stalls(b);
        draw(b, 0);
        if (b->stopping && !procpool_running(b->pool))
            break;
    }
}

/* ---- the plan, shown or done --------------------------------------------------------------- */

static int dry_run(const batch_plan *plan)
{
    static const char *const state[] = {"write", "current", "failed-before", "bad"};
    for (size_t i = 0; i < plan->n; i++) {
        const batch_item *it = &plan->items[i];
        printf("%s\t%s\t%s\n", state[it->state], it->input,
               it->state == ITEM_BAD ? it->error : it->output);
    }
    return cli_flush_stdout() ? EXIT_FAILURE_RUN : EXIT_OK;
}

static void summary(batch *b, double elapsed)
{
    const batch_plan *plan = &b->plan;
    char made[160] = "", shard[200] = "";
    if (b->done) {
        char audio[32], took[32];
        double seconds = (double)b->finished_samples / b->rate;
        batch_format_duration(seconds, audio, sizeof audio);
        batch_format_duration(elapsed, took, sizeof took);
        snprintf(made, sizeof made, "; %s of audio in %s (%.0f× real time) with %zu worker%s", audio,
                 took, elapsed > 0 ? seconds / elapsed : 0.0, b->njobs, b->njobs == 1 ? "" : "s");
    }
    if (b->bo->shard.count > 1)
        snprintf(shard, sizeof shard, "; shard %lu/%lu (%s) of %lu articles", b->bo->shard.index,
                 b->bo->shard.count, b->bo->shard.source, plan->total);
    fprintf(stderr, "ravi batch: %zu written, %zu up to date, %zu failed%s%s\n", b->done,
            plan->count[ITEM_CURRENT], b->failed, made, shard);
    if (plan->count[ITEM_FAILED_BEFORE])
        fprintf(stderr, "ravi batch: %zu failed in an earlier run and were left alone (their "
                "inputs have not changed); --retry-failed tries them again\n",
                plan->count[ITEM_FAILED_BEFORE]);
    if (b->failed)
        fprintf(stderr, "ravi batch: what failed and why: %s\n", b->journal_path.s);
    if (b->stopping)
        fprintf(stderr, "ravi batch: stopped with %zu articles left; the same command goes on "
                "from there\n", b->ntodo - b->next + b->interrupted);
}

static int exit_status(const batch *b)
{
    if (b->stopping)
        return 128 + b->stopping;
    int any_failed = b->failed || b->plan.count[ITEM_FAILED_BEFORE] || b->journal_failed;
    return any_failed ? EXIT_FAILURE_RUN : EXIT_OK;
}

/* The output directory, made when missing (and its parents). */
static int make_outdir(const char *dir)
{
    diag d;
    diag_init(&d);
    int rc = batch_make_dirs(dir, strlen(dir), &d);
    if (rc)
        cli_error("-o %s: %s", dir, diag_message(&d));
    diag_free(&d);
    struct stat st;
    if (!rc && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        cli_error("-o %s: not a directory; a batch writes a directory of audio files", dir);
        rc = -1;
    }
    return rc;
}

/* An output directory that cannot be one is refused before anything is read. */
static int check_outdir(const char *dir)
{
    struct stat st;
    int exists = stat(dir, &st) == 0;
    if (exists ? S_ISDIR(st.st_mode) : errno == ENOENT)
        return 0;
    cli_error("-o %s: not a directory%s; a batch writes a directory of audio files", dir,
              !exists && errno == ENOTDIR ? " (a part of the path is a file)" : "");
    return -1;
}

/* The engine first (a wrong voice is a usage error, and makes no directory), then the output
 * directory and its journal. */
static int start(batch *b, const cli_options *opt, int *status)
{
    if (!(b->engine = cli_engine_new(opt, status)))
        return -1;
    *status = EXIT_FAILURE_RUN;
    if (make_outdir(b->bo->outdir) || open_journal(b))
        return -1;
    if (order_todo(b)) {
        cli_error("out of memory");
        return -1;
    }
    b->rate = ravi_engine_sample_rate(b->engine);
    size_t want = b->ntodo < b->bo->jobs ? b->ntodo : b->bo->jobs;
    b->njobs = want ? want : 1;
    b->jobs = calloc(b->njobs, sizeof *b->jobs);
    b->pool = procpool_new(b->njobs);
    if (!b->jobs || !b->pool) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

static void finish(batch *b)
{
    procpool_free(b->pool);
    for (size_t i = 0; b->jobs && i < b->njobs; i++) {
        sb_free(&b->jobs[i].error);
        sb_free(&b->jobs[i].warning);
        sb_free(&b->jobs[i].temps);
    }
    free(b->jobs);
    free(b->todo);
    if (b->journal_fd >= 0)
        close(b->journal_fd);
    sb_free(&b->journal_path);
    sb_free(&b->line);
    ravi_engine_free(b->engine);
    batch_plan_free(&b->plan);
}

int batch_run(const batch_options *bo, const cli_options *opt)
{
    batch b = {.bo = bo, .journal_fd = -1};
    sb_init(&b.journal_path);
    sb_init(&b.line);
    batch_progress_start(&b.bar, bo->quiet);
    strbuf why;
    sb_init(&why);
    int status = EXIT_FAILURE_RUN;
    if (check_outdir(bo->outdir)) {
        /* said */
    } else if (batch_plan_build(&b.plan, bo, &why)) {
        cli_print_message(why.s);
    } else if (bo->dry_run) {
        status = dry_run(&b.plan);
    } else if (start(&b, opt, &status) == 0) {
        fail_bad_items(&b);
        run_workers(&b);
        batch_progress_clear(&b.bar);
        if (!bo->quiet)
            summary(&b, batch_progress_elapsed(&b.bar));
        status = exit_status(&b);
    }
    sb_free(&why);
    finish(&b);
    return status;
}
