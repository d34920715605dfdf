/* The command line: one file per command, a table of commands in main.c. The `ravi` command is a
 * client of libravi's public API (include/ravi.h) and of the programs' shared helpers (sinks,
 * cue writers, output paths); it prints what they report. */
#ifndef RAVI_CLI_H
#define RAVI_CLI_H

#include <limits.h>
#include <stddef.h>

#include "../../include/ravi.h"
#include "../diag.h"
#include "../util.h"

enum exit_code { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_USAGE = 2 };

#define CLI_MAX_LEXICONS 32
#define CLI_MAX_JOBS 1024

/* ravi serve's own options, as given (-1 or NULL: not given; src/cli/serve.c has the defaults). */
typedef struct cli_serve_options {
    const char *listen, *wyoming, *token;
    int workers, queue, per_client, max_connections, timeout, worker_timeout, grace;
    long max_body, max_text;
} cli_serve_options;

/* Everything the command line decides: the engine's configuration (with its default settings)
 * and what only the command does with the result. */
typedef struct cli_options {
    ravi_config config;       /* --voice --rate --pitch --volume, pauses, --html/--ssml/--text,
                               * --lexicon, --no-ezafe, --no-homographs, the data directory */
    const char *lexicons[CLI_MAX_LEXICONS]; /* --lexicon FILE (repeatable), in order given */
    char data_dir[PATH_MAX];
    const char *input;        /* file name, or "-" for standard input */
    const char *output;       /* -o: file name, "-" for stdout, NULL to play */
    const char *format;       /* --format: overrides the output's extension, or NULL */
    int raw;                  /* --raw: bare 16-bit PCM */
    int ipa;                  /* phonemes --ipa */
    int explain;              /* phonemes --explain */
    int quiet;                /* --quiet */
    const char *subtitles;    /* --subtitles FILE.srt|FILE.vtt, or NULL */
    int word_timings;         /* --word-timings: a subtitle cue per word */
    const char *json_events;  /* --json-events FILE ("-": standard output), or NULL */
    int jobs;                 /* batch --jobs N (0: the cores there are) */
    const char *shard;        /* batch --shard I/N, or NULL */
    int retry_failed;         /* batch --retry-failed */
    int force;                /* batch --force */
    int dry_run;              /* batch --dry-run */
    int stall_seconds;        /* batch --stall-timeout S (-1: the default) */
    cli_serve_options serve;  /* ravi serve */
} cli_options;

void cli_options_init(cli_options *opt);

/* Which options a command accepts (bits), checked by cli_parse. */
enum cli_accepts {
    ACCEPT_OUTPUT  = 1 << 0, /* -o --format --raw --quiet --subtitles --word-timings --json-events */
    ACCEPT_VOICE   = 1 << 1, /* --voice --rate --pitch --volume */
    ACCEPT_PAUSES  = 1 << 2, /* --sentence-pause --paragraph-pause --headline-pause */
    ACCEPT_LEXICON = 1 << 3, /* --lexicon --no-ezafe --no-homographs */
    ACCEPT_IPA     = 1 << 4, /* --ipa */
    ACCEPT_INPUT   = 1 << 5, /* --html --ssml --text */
    ACCEPT_BATCH   = 1 << 6, /* --jobs --shard --retry-failed --force --dry-run --stall-timeout */
    ACCEPT_ANYWHERE = 1 << 7, /* options may follow the operands (ravi batch DIR -o OUTDIR) */
    ACCEPT_SERVE   = 1 << 8, /* --listen --wyoming --workers --queue --token and the limits */
    ACCEPT_EXPLAIN = 1 << 9, /* --explain */
};

typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;   /* full help text */
    unsigned accepts;
    int (*run)(cli_options *opt, int argc, char **argv); /* argv: the operands */
} cli_command;

/* Parses argv (after the command name) into opt. Returns the index of the first operand,
 * -1 after a usage error message, or -2 when --help was printed. */
int cli_parse(const cli_command *cmd, cli_options *opt, int argc, char **argv);

/* The input operand: none or "-" is standard input; more than one is a usage error (-1). */
int cli_input(const cli_command *cmd, cli_options *opt, int argc, char **argv);

int cmd_say(cli_options *opt, int argc, char **argv);
int cmd_normalize(cli_options *opt, int argc, char **argv);
int cmd_phonemes(cli_options *opt, int argc, char **argv);
int cmd_lexicon(cli_options *opt, int argc, char **argv);
int cmd_voices(cli_options *opt, int argc, char **argv);
int cmd_batch(cli_options *opt, int argc, char **argv);
int cmd_serve(cli_options *opt, int argc, char **argv);

extern const cli_command cli_say, cli_normalize, cli_phonemes, cli_lexicon, cli_voices, cli_batch,
    cli_serve;

/* ---- what every command shares (run.c) ----------------------------------------------------- */

/* Prints "ravi: <message>" on standard error. */
void cli_error(const char *fmt, ...) RAVI_PRINTF(1, 2);
/* Prints each line of a message (an engine's error, a helper's diag) as "ravi: <line>". */
void cli_print_message(const char *message);
/* Prints a helper's recorded error, if any, and forgets it. */
void cli_report(diag *d);

/* Starts the engine the options describe. NULL after printing why, with the exit status in
 * *status (2 for an unknown voice, a usage error; 1 otherwise). */
ravi_engine *cli_engine_new(const cli_options *opt, int *status);
/* Prints the engine's error after a call that returned `st`, and gives the exit status it means:
 * an unknown voice is a usage error (2), anything else 1. */
int cli_engine_failed(ravi_engine *e, ravi_status st);

/* The input file (or standard input, "-") as a source read through a function that gives up
 * when a signal comes (ECANCELED), so that Ctrl-C stops even /dev/zero. */
typedef struct cli_input_file {
    int fd;
    int own;                  /* opened here: closed by cli_input_close */
    ravi_source source;
} cli_input_file;

/* Opens `path` ("-": standard input). Returns 0, or -1 after printing why. */
int cli_input_open(cli_input_file *in, const char *path);
/* The same, the error in d instead of printed (a batch worker hands it to its parent). */
int cli_input_open_diag(cli_input_file *in, const char *path, diag *d);
void cli_input_close(cli_input_file *in);

/* A warning from the library: printed, and remembered (invalid UTF-8 makes the status 1). */
typedef struct cli_warnings {
    int seen;
} cli_warnings;
int cli_on_warning(void *ctx, ravi_warning w, const char *message);

/* The status of a run whose output's reader went away: main() then ends the process as a
 * pipeline member stopped by SIGPIPE would. */
#define EXIT_CLOSED_PIPE (128 + 13)

/* The status a run ends with, from what the call returned and what the command saw: a closed
 * pipe, a signal (128 + its number), a failure the command printed (1), the call's own error
 * (printed now), a warning (1). */
int cli_finish(ravi_engine *e, ravi_status st, int failed, int closed_pipe, const cli_warnings *w);

/* normalize and phonemes: the engine's line for each sentence of opt->input on standard output
 * (phonemes: 1, with --ipa as IPA). Returns the exit status. */
int cli_print_lines(const cli_options *opt, int phonemes);

/* Writes a line to standard output; returns 1 when its reader has gone (EPIPE), -1 on another
 * error, 0 when written. */
int cli_print_line(const char *text, size_t len);
/* Flushes standard output at the end: 0, 1 when its reader has gone, -1 after printing why. */
int cli_flush_stdout(void);
/* Ends the process as a pipeline member stopped by SIGPIPE would (status 141). */
void cli_exit_closed_pipe(void);

#endif
