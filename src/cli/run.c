/* What every command shares: the engine from the options, the input file as a source, messages,
 * and the exit status a run ends with. */
#include "cli.h"
#include "signals.h"
#include "../sink/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_options_init(cli_options *opt)
{
    memset(opt, 0, sizeof *opt);
    ravi_config_init(&opt->config);
    opt->config.lexicons = opt->lexicons;
    opt->config.data_dir = opt->data_dir;
    opt->input = "-";
    loudness_target_init(&opt->loudness);
    opt->timeout_s = CLI_DEFAULT_TIMEOUT_S;
    opt->stall_seconds = -1;
    cli_serve_options *so = &opt->serve;
    so->workers = so->queue = so->per_client = so->max_connections = -1;
    so->timeout = so->worker_timeout = so->grace = -1;
    so->max_body = so->max_text = -1;
}

void cli_options_free(cli_options *opt)
{
    free(opt->config_text);
    opt->config_text = NULL;
}

void cli_report(diag *d)
{
    cli_print_message(diag_message(d));
    diag_clear(d);
}

int cli_engine_failed(ravi_engine *e, ravi_status st)
{
    const char *message = ravi_engine_error(e);
    if (st == RAVI_E_VOICE) {
        /* the library names the voice; the command names its option and where to look */
        cli_error("--voice: %s (see 'ravi voices')", message);
        return EXIT_USAGE;
    }
    cli_print_message(message);
    return EXIT_FAILURE_RUN;
}

ravi_engine *cli_engine_new(const cli_options *opt, int *status)
{
    ravi_status st;
    /* libravi prints nothing, but eSpeak NG 1.51 opens and closes a sound-server stream when it
     * starts (its audio library's probe), and libpulse prints its own failures (under `ulimit
     * -f`: "ftruncate() failed"): the command's message is the one that matters */
    int muted = stderr_mute();
    ravi_engine *e = ravi_engine_new(&opt->config, &st);
    stderr_unmute(muted);
    if (!e) {
        cli_error("out of memory");
        *status = EXIT_FAILURE_RUN;
        return NULL;
    }
    if (st != RAVI_OK) {
        *status = cli_engine_failed(e, st);
        ravi_engine_free(e);
        return NULL;
    }
    *status = EXIT_OK;
    return e;
}

/* ---- the input ----------------------------------------------------------------------------- */

/* Reads until a signal asks the run to stop: a source that never blocks (/dev/zero) gives read()
 * no chance to be interrupted, and text with nothing to say never reaches a callback that
 * checks, so this one does. */
static long read_input(void *ctx, char *buf, size_t size)
{
    cli_input_file *in = ctx;
    for (;;) {
        if (signals_caught()) {
            errno = ECANCELED;
            return -1;
        }
        ssize_t n = read(in->fd, buf, size);
        if (n >= 0 || errno != EINTR)
            return (long)n;
    }
}

/* A URL: the page fetched whole, then read from memory like a saved one. */
static int open_url(cli_input_file *in, const char *url, int timeout_s, diag *d)
{
    fetch_options fo = {timeout_s, 0, signals_caught};
    in->fd = -1;
    if (cli_fetch_page(url, &fo, &in->page, d))
        return -1;
    in->format = in->page.format;
    in->source.name = url;
    in->source.text = in->page.text;
    in->source.len = in->page.len;
    return 0;
}

int cli_input_open_diag(cli_input_file *in, const char *path, int timeout_s, diag *d)
{
    memset(in, 0, sizeof *in);
    if (fetch_is_url(path))
        return open_url(in, path, timeout_s, d);
    if (!strcmp(path, "-")) {
        in->fd = STDIN_FILENO;
        in->source.name = "standard input";
    } else {
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (in->fd < 0)
            return diag_fail(d, RAVI_E_INPUT, "%s: cannot open: %s", path, strerror(errno));
        in->own = 1;
        in->source.name = path;
    }
    struct stat st;
    if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_fail(d, RAVI_E_INPUT, "%s: is a directory, not a text file", in->source.name);
        cli_input_close(in);
        return -1;
    }
    in->source.read = read_input;
    in->source.read_ctx = in;
    return 0;
}

int cli_input_open(cli_input_file *in, const char *path, int timeout_s)
{
    diag d;
    diag_init(&d);
    int rc = cli_input_open_diag(in, path, timeout_s, &d);
    if (rc && d.status != RAVI_CANCELLED) /* stopped by a signal: cli_finish gives the status */
        cli_report(&d);
    diag_free(&d);
    return rc;
}

void cli_input_close(cli_input_file *in)
{
    if (in->own && in->fd >= 0)
        close(in->fd);
    in->fd = -1;
    in->own = 0;
    fetched_page_free(&in->page);
}

const ravi_settings *cli_input_settings(const cli_input_file *in, const cli_options *opt,
                                        ravi_settings *buf)
{
    *buf = opt->config.settings;
    if (buf->format == RAVI_FORMAT_AUTO)
        buf->format = in->format;
    return buf;
}

int cli_on_warning(void *ctx, ravi_warning w, const char *message)
{
    cli_warnings *cw = ctx;
    (void)w;
    cw->seen = 1;
    cli_error("%s", message);
    return 0;
}

/* ---- the end of a run ---------------------------------------------------------------------- */

int cli_print_line(const char *text, size_t len)
{
    if (fwrite(text, 1, len, stdout) != len || putchar('\n') == EOF)
        return errno == EPIPE ? 1 : -1;
    return 0;
}

int cli_flush_stdout(void)
{
    if (fflush(stdout) != EOF)
        return 0;
    if (errno == EPIPE)
        return 1;
    cli_error("standard output: write failed: %s", strerror(errno));
    return -1;
}

void cli_exit_closed_pipe(void)
{
    /* the reader of our output went away: end as a pipeline member killed by SIGPIPE would */
    fflush(stderr);
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
    _exit(EXIT_CLOSED_PIPE);
}

int cli_finish(ravi_engine *e, ravi_status st, int failed, int closed_pipe, const cli_warnings *w)
{
    if (closed_pipe)
        return EXIT_CLOSED_PIPE;
    int sig = signals_caught();
    if (sig)
        return 128 + sig; /* the status of a process stopped by that signal, as a shell says it */
    if (failed)
        return EXIT_FAILURE_RUN; /* the command printed why */
    if (st < 0)
        return cli_engine_failed(e, st);
    /* invalid bytes were read as U+FFFD and reported: the output is complete, the input was not */
    return w && w->seen ? EXIT_FAILURE_RUN : EXIT_OK;
}

/* ---- normalize and phonemes ---------------------------------------------------------------- */

typedef struct lines_ctx {
    cli_warnings warnings;
    int closed_pipe, failed;
} lines_ctx;

static int print_line(void *ctx, const ravi_event *sentence, const char *text, size_t len)
{
    lines_ctx *lc = ctx;
    (void)sentence;
    if (signals_caught())
        return 1;
    int r = cli_print_line(text, len);
    if (r < 0) {
        cli_error("standard output: write failed: %s", strerror(errno));
        lc->failed = 1;
    }
    lc->closed_pipe = r > 0;
    return r != 0;
}

/* phonemes --explain: "  WORD<TAB>STAGE REASON" under the sentence's line, a line per reason. */
static int print_explanation(void *ctx, const ravi_event *ev)
{
    lines_ctx *lc = ctx;
    if (ev->type != RAVI_EVENT_EXPLANATION)
        return 0;
    strbuf line;
    sb_init(&line);
    int r = sb_printf(&line, "  %.*s\t%s %s", (int)ev->text_len, ev->text, ev->stage, ev->reason)
                ? -1 : cli_print_line(line.s, line.len);
    sb_free(&line);
    if (r < 0) {
        cli_error("standard output: write failed: %s", strerror(errno));
        lc->failed = 1;
    }
    lc->closed_pipe = r > 0;
    return r != 0;
}

static int lines_warning(void *ctx, ravi_warning w, const char *message)
{
    lines_ctx *lc = ctx;
    return cli_on_warning(&lc->warnings, w, message);
}

int cli_print_lines(const cli_options *opt, int phonemes)
{
    int status;
    ravi_engine *e = cli_engine_new(opt, &status);
    if (!e)
        return status;
    cli_input_file in;
    if (cli_input_open(&in, opt->input, opt->timeout_s)) {
        ravi_engine_free(e);
        return cli_finish(NULL, RAVI_OK, 1, 0, NULL);
    }
    lines_ctx lc = {{0}, 0, 0};
    ravi_callbacks cb = {NULL, opt->explain ? print_explanation : NULL, print_line, lines_warning};
    ravi_settings settings;
    const ravi_settings *set = cli_input_settings(&in, opt, &settings);
    unsigned flags = (opt->ipa ? RAVI_PHONEMES_IPA : 0) | (opt->explain ? RAVI_PHONEMES_EXPLAIN : 0);
    ravi_status st = phonemes ? ravi_phonemes(e, &in.source, set, flags, &cb, &lc)
                              : ravi_normalize(e, &in.source, set, &cb, &lc);
    if (st == RAVI_OK && !signals_caught()) {
        int flushed = cli_flush_stdout(); /* its own buffer may still fail (full disk, closed pipe) */
        lc.closed_pipe = flushed > 0;
        lc.failed = flushed < 0;
    }
    status = cli_finish(e, st, lc.failed, lc.closed_pipe, &lc.warnings);
    cli_input_close(&in);
    ravi_engine_free(e);
    return status;
}
