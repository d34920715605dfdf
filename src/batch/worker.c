#include "worker.h"
#include "../cli/article.h"
#include "../cli/signals.h"
#include "../outpath.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* How often a worker tells its progress: often enough for a live progress line, rarely enough
 * to cost nothing. */
#define PROGRESS_NS 250000000L
/* The room the error and the warning get in a result message. */
#define RESULT_HEAD (1 + 1 + 8 + 2)
#define MAX_ERROR 3000

typedef struct job {
    const batch_worker *w;
    procpool_channel *channel;
    article_writer out;
    strbuf warning;           /* the first warning (invalid UTF-8), for the journal */
    struct timespec told;     /* when progress was last sent */
} job;

/* ---- telling the parent -------------------------------------------------------------------- */

static void send_progress(job *j)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ns = (long long)(now.tv_sec - j->told.tv_sec) * 1000000000LL + (now.tv_nsec - j->told.tv_nsec);
    if (ns < PROGRESS_NS)
        return;
    j->told = now;
    unsigned char m[9] = {'P'};
    memcpy(m + 1, &j->out.samples, 8);
    procpool_send(j->channel, m, sizeof m);
}

static void tell_temp(const char *tmp, void *ctx)
{
    job *j = ctx;
    unsigned char m[PROCPOOL_MAX_MESSAGE];
    size_t n = strlen(tmp);
    if (n + 1 > sizeof m)
        return; /* no path is that long */
    m[0] = 'T';
    memcpy(m + 1, tmp, n);
    procpool_send(j->channel, m, n + 1);
}

/* At most `max` bytes of s, not cutting a UTF-8 sequence. */
static size_t clip(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static void send_result(job *j, job_outcome outcome, const char *error)
{
    unsigned char m[PROCPOOL_MAX_MESSAGE];
    size_t elen = clip(error ? error : "", MAX_ERROR);
    size_t wlen = clip(j->warning.s ? j->warning.s : "", sizeof m - RESULT_HEAD - elen);
    uint16_t e16 = (uint16_t)elen;
    m[0] = 'R';
    m[1] = (unsigned char)outcome;
    memcpy(m + 2, &j->out.samples, 8);
    memcpy(m + 10, &e16, 2);
    memcpy(m + RESULT_HEAD, error ? error : "", elen);
    memcpy(m + RESULT_HEAD + elen, j->warning.s ? j->warning.s : "", wlen);
    procpool_send(j->channel, m, RESULT_HEAD + elen + wlen);
}

int batch_worker_decode(const void *data, size_t len, worker_message *m)
{
    const unsigned char *d = data;
    memset(m, 0, sizeof *m);
    m->text = m->warning = "";
    if (len >= 9 && d[0] == 'P') {
        memcpy(&m->samples, d + 1, 8);
    } else if (len >= 2 && d[0] == 'T') {
        m->text = (const char *)d + 1;
        m->text_len = len - 1;
    } else if (len >= RESULT_HEAD && d[0] == 'R' && d[1] <= JOB_INTERRUPTED) {
        uint16_t elen;
        memcpy(&m->samples, d + 2, 8);
        memcpy(&elen, d + 10, 2);
        if (elen > len - RESULT_HEAD)
            return -1;
        m->outcome = (job_outcome)d[1];
        m->text = (const char *)d + RESULT_HEAD;
        m->text_len = elen;
        m->warning = m->text + elen;
        m->warning_len = len - RESULT_HEAD - elen;
    } else {
        return -1;
    }
    m->type = (char)d[0];
    return 0;
}

/* ---- speaking ------------------------------------------------------------------------------ */

static int on_audio(void *ctx, const int16_t *pcm, size_t n)
{
    job *j = ctx;
    if (signals_caught() || article_writer_audio(&j->out, pcm, n))
        return 1;
    send_progress(j);
    return 0;
}

static int on_event(void *ctx, const ravi_event *ev)
{
    job *j = ctx;
    return signals_caught() || article_writer_event(&j->out, ev);
}

static int on_warning(void *ctx, ravi_warning w, const char *message)
{
    job *j = ctx;
    (void)w;
    if (!j->warning.len)
        sb_puts(&j->warning, message);
    return 0;
}

int batch_make_dirs(const char *dir, size_t len, diag *d)
{
    strbuf path;
    sb_init(&path);
    int rc = sb_append(&path, dir, len) ? diag_nomem(d) : 0;
    for (size_t i = 1; !rc && i <= path.len; i++) {
        if (i < path.len && path.s[i] != '/')
            continue;
        char was = path.s[i];
        path.s[i] = '\0';
        if (mkdir(path.s, 0777) != 0 && errno != EEXIST)
            rc = diag_fail(d, RAVI_E_IO, "%s: cannot make the directory: %s", path.s, strerror(errno));
        path.s[i] = was;
    }
    sb_free(&path);
    return rc;
}

/* The directories the audio file goes in (the companions go beside it). */
static int make_dirs(const char *path, diag *d)
{
    const char *slash = strrchr(path, '/');
    return slash ? batch_make_dirs(path, (size_t)(slash - path), d) : 0;
}

/* Nothing is opened when an output is the input (by any name or link). */
static int check_outputs(const batch_worker *w, const char *input, const batch_paths *p, diag *d)
{
    const char *outputs[3] = {p->audio.s, w->bo->subtitles ? p->subtitles.s : NULL,
                              w->bo->events ? p->events.s : NULL};
    static const char *const option[3] = {"output", "subtitles", "events"};
    return outpath_check_distinct(input, outputs, option, 3, d) ? -1 : 0;
}

static job_outcome speak(job *j, const batch_paths *p, diag *d, const char **error)
{
    const batch_worker *w = j->w;
    cli_input_file in;
    *error = NULL;
    /* an article named "-" is a file of that name, not the batch's standard input */
    const char *input = strcmp(w->item->input, "-") ? w->item->input : "./-";
    if (make_dirs(p->audio.s, d) || check_outputs(w, input, p, d) || cli_input_open_diag(&in, input, d)) {
        *error = diag_message(d);
        return JOB_FAILED;
    }
    if (article_writer_open(&j->out)) {
        cli_input_close(&in);
        *error = diag_message(&j->out.diag);
        return JOB_FAILED;
    }
    ravi_callbacks cb = {on_audio, on_event, NULL, on_warning};
    ravi_status st = ravi_speak_source(w->engine, &in.source, NULL, &cb, j);
    int stopped = signals_caught();
    int ok = st == RAVI_OK && !stopped && !j->out.failed && !j->out.closed_pipe;
    int finished = article_writer_finish(&j->out, ok, 1);
    cli_input_close(&in);
    if (stopped) /* a signal after this point comes too late: the outputs are whole */
        return JOB_INTERRUPTED;
    if (j->out.failed || finished) {
        *error = diag_message(&j->out.diag);
        return JOB_FAILED;
    }
    if (j->out.closed_pipe) {
        *error = "an output's reader went away";
        return JOB_FAILED;
    }
    if (st < 0) {
        *error = ravi_engine_error(w->engine);
        return JOB_FAILED;
    }
    return JOB_DONE;
}

int batch_worker_run(void *arg, procpool_channel *channel)
{
    const batch_worker *w = arg;
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* a parent killed outright takes its workers with it */
#endif
    if (getppid() != w->parent)
        return JOB_INTERRUPTED;
    job j = {.w = w, .channel = channel};
    sb_init(&j.warning);
    clock_gettime(CLOCK_MONOTONIC, &j.told);
    outpath_watch_temps(tell_temp, &j);
    batch_paths p;
    batch_paths_init(&p);
    diag d;
    diag_init(&d);
    job_outcome outcome = JOB_FAILED;
    const char *error = "out of memory";
    if (batch_paths_of(w->bo, w->item, &p) == 0) {
        article_outputs to = {p.audio.s, w->bo->format, w->bo->subtitles ? p.subtitles.s : NULL,
                              w->bo->word_timings, w->bo->events ? p.events.s : NULL};
        article_writer_init(&j.out, &to, ravi_engine_sample_rate(w->engine));
        outcome = speak(&j, &p, &d, &error);
    }
    send_result(&j, outcome, outcome == JOB_FAILED ? error : NULL);
    /* the process ends here: what it allocated goes with it */
    return outcome;
}
