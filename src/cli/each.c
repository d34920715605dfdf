#include "each.h"
#include "cli.h"
#include "../pipeline.h"
#include "../signals.h"
#include "../util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int cli_print_line(const char *text, size_t len)
{
    if (fwrite(text, 1, len, stdout) != len || putchar('\n') == EOF)
        return errno == EPIPE ? SENTENCE_STOP : SENTENCE_FAILED;
    return SENTENCE_OK;
}

/* The status of a process stopped by a signal, as a shell reports it. */
static int signal_status(int sig)
{
    return 128 + sig;
}

int cli_each_sentence(const ravi_options *opt, int (*fn)(void *ctx, const sentence *s),
                      int (*finish)(void *ctx, int ok), void *ctx)
{
    pipeline p;
    if (pipeline_open(&p, opt))
        return EXIT_FAILURE_RUN;
    if (pipeline_start_file(&p, opt->input)) {
        pipeline_close(&p);
        return EXIT_FAILURE_RUN;
    }
    int status = EXIT_OK, r = 0, said = 0, stopped = 0;
    sentence *s;
    while (!signals_caught() && (r = pipeline_next(&p, &s)) > 0) {
        said++;
        int fr = fn(ctx, s);
        if (fr == SENTENCE_FAILED)
            status = EXIT_FAILURE_RUN;
        if (fr != SENTENCE_OK) {
            stopped = fr == SENTENCE_STOP; /* SENTENCE_QUIT ends like the end of the input */
            break;
        }
    }
    if (status == EXIT_OK && !stopped && !signals_caught() && r < 0)
        status = EXIT_FAILURE_RUN;
    int sig = signals_caught();
    if (sig)
        status = signal_status(sig);
    if (status == EXIT_OK && !stopped && said == 0) {
        ravi_error("%s: no text to read (the input is empty or has nothing to say)",
                   strcmp(opt->input, "-") ? opt->input : "standard input");
        status = EXIT_FAILURE_RUN;
    }
    /* stdout's own buffer may still fail (full disk, closed pipe) */
    if (status == EXIT_OK && !stopped && fflush(stdout) == EOF) {
        if (errno == EPIPE)
            stopped = 1;
        else {
            ravi_error("standard output: write failed: %s", strerror(errno));
            status = EXIT_FAILURE_RUN;
        }
    }
    if (finish && finish(ctx, status == EXIT_OK && !stopped) && status == EXIT_OK)
        status = EXIT_FAILURE_RUN;
    int invalid = pipeline_saw_invalid_utf8(&p);
    pipeline_close(&p);
    if (stopped) {
        /* the reader of our output went away: end as a pipeline member killed by SIGPIPE would */
        fflush(stderr);
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
        return signal_status(SIGPIPE);
    }
    /* invalid bytes were read as U+FFFD and reported: the output is complete, the input was not */
    if (status == EXIT_OK && invalid)
        status = EXIT_FAILURE_RUN;
    return status;
}
