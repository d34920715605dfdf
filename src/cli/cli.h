/* The command line: one file per command, a table of commands in main.c. The `ravi` command is a
 * client of libravi's public API (include/ravi.h) and of the programs' shared helpers (sinks,
 * cue writers, output paths); it prints what they report. */
#ifndef RAVI_CLI_H
#define RAVI_CLI_H

#include <limits.h>
#include <stddef.h>

#include "../../include/ravi.h"
#include "../diag.h"
#include "../fetch/fetch.h"
#include "../sink/loudness.h"
#include "../util.h"

enum exit_code { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_USAGE = 2 };

#define CLI_MAX_LEXICONS 32
#define CLI_DEFAULT_TIMEOUT_S 30
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
    loudness_target loudness; /* --loudness LUFS|off, and --volume relative to it */
    const char *title, *author, *publisher, *date; /* --title --author --publisher --date */
    int no_tags;              /* --no-tags */
    const char *default_format; /* the config file's format: for outputs whose name gives none */
    int timeout_s;            /* --timeout: fetching a URL gives up after this many seconds */
    char *config_text;        /* the config file, which its values point into */
    int jobs;                 /* batch --jobs N (0: the cores there are) */
    const char *shard;        /* batch --shard I/N, or NULL */
    int retry_failed;         /* batch --retry-failed */
    int force;                /* batch --force */
    int dry_run;              /* batch --dry-run */
    int stall_seconds;        /* batch --stall-timeout S (-1: the default) */
    cli_serve_options serve;  /* ravi serve */
} cli_options;

void cli_options_init(cli_options *opt);
void cli_options_free(cli_options *opt);

/* Which options a command accepts (bits), checked by cli_parse. */
enum cli_accepts {
    ACCEPT_OUTPUT  = 1 << 0, /* -o --format --raw --quiet --subtitles --word-timings --json-events */
    ACCEPT_VOICE   = 1 << 1, /* --voice --rate --pitch --volume */
    ACCEPT_PAUSES  = 1 << 2, /* --sentence-pause --paragraph-pause --headline-pause */
    ACCEPT_LEXICON = 1 << 3, /* --lexicon --no-ezafe --no-homographs */
    ACCEPT_IPA     = 1 << 4, /* --ipa */
    ACCEPT_INPUT   = 1 << 5, /* --html --ssml --text --timeout */
    ACCEPT_TAGS    = 1 << 6, /* --title --author --publisher --date --no-tags */
    ACCEPT_BATCH   = 1 << 7, /* --jobs --shard --retry-failed --force --dry-run --stall-timeout */
    ACCEPT_SERVE   = 1 << 8, /* --listen --wyoming --workers --queue --token and the limits */
    ACCEPT_EXPLAIN = 1 << 9, /* --explain */
};

typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;   /* full help text */
    unsigned accepts;
    int (*run)(cli_options *opt, int argc, char **argv); /* argv: the operands */
    /* Non-NULL (run is then NULL): the command is this program beside `ravi`, which links what
     * only it needs (the server: FFmpeg, libmicrohttpd), so that `ravi` starts without them. */
    const char *program;
} cli_command;

/* Parses argv (after the command name) into opt. Returns the index of the first operand,
 * -1 after a usage error message, or -2 when --help was printed. */
int cli_parse(const cli_command *cmd, cli_options *opt, int argc, char **argv);

/* The input operand: none or "-" is standard input; more than one is a usage error (-1). */
int cli_input(const cli_command *cmd, cli_options *opt, int argc, char **argv);

/* Applies option `id` (its short letter, or the parser's own number) with its argument to opt.
 * Returns 0, or -1 with why[0..n) saying what is wrong with the value (the caller names the
 * option, or the config file's line). */
int cli_apply_option(cli_options *opt, int id, const char *arg, char *why, size_t n);
/* The option a config file's key names: 1 (its id, whether it takes a value, its ACCEPT_ group),
 * 0 when it exists but is for the command line only, -1 when there is no such option. */
int cli_config_option(const char *key, int *id, int *has_arg, unsigned *group);
/* "--name" (or "-w" for a short-only option), for messages. */
const char *cli_option_name(int id, char *buf, size_t size);
/* Checks an ISO 8601 date for a tag (--date). 0, or -1 with why. */
int cli_parse_date(const char *arg, char *why, size_t n);

/* The user's config file, $XDG_CONFIG_HOME/ravi/config (else ~/.config/ravi/config): one
 * `name = value` a line, names as the long options, for the options cmd takes (the others are
 * checked and left). Read before the command line, which wins. Returns 0 (also when there is no
 * file), or -1 after printing each bad line as FILE:LINE: what is wrong. */
int cli_config_load(const cli_command *cmd, cli_options *opt);
/* The parser itself, on `len` bytes named `name` (kept by opt: values point into it, and
 * opt->config_text owns it from then on, freed or not). Errors go to d, a line each. */
int cli_config_parse(const cli_command *cmd, cli_options *opt, char *text, size_t len,
                     const char *name, diag *d);

int cmd_say(cli_options *opt, int argc, char **argv);
int cmd_normalize(cli_options *opt, int argc, char **argv);
int cmd_phonemes(cli_options *opt, int argc, char **argv);
int cmd_lexicon(cli_options *opt, int argc, char **argv);
int cmd_voices(cli_options *opt, int argc, char **argv);
int cmd_batch(cli_options *opt, int argc, char **argv);
int cmd_serve(cli_options *opt, int argc, char **argv); /* in ravi-serve (src/serve/command.c) */

extern const cli_command cli_say, cli_normalize, cli_phonemes, cli_lexicon, cli_voices, cli_batch,
    cli_serve;

/* ---- what every command shares (run.c) ----------------------------------------------------- */

/* What main does with a command once it is found: finds the data, reads the config file, parses
 * argv (argv[0] the command's name), installs the signal handlers and calls run. argv0 is the
 * program's own argv[0]. Returns the exit status. */
int cli_main(const cli_command *cmd, int (*run)(cli_options *, int, char **), const char *argv0,
             int argc, char **argv);
/* Replaces the process with `program` from the directory of the running binary, argv unchanged.
 * Returns only on failure, after printing why, with the exit status. */
int cli_exec_program(const char *program, char **argv);

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
    fetched_page page;        /* a URL: the page, fetched whole (its text is the source's) */
    ravi_format format;       /* what the page's Content-Type says it is (AUTO for files) */
} cli_input_file;

/* Fetches `url` by running ravi-fetch beside this program (src/cli/fetch.c): as fetch_page. */
int cli_fetch_page(const char *url, const fetch_options *o, fetched_page *out, diag *d);

/* Opens `path`: a file, "-" for standard input, or an http:// or https:// URL, fetched (at most
 * timeout_s seconds) and read from memory. Returns 0, or -1 after printing why (nothing when a
 * signal stopped the fetch: cli_finish then gives the status). */
int cli_input_open(cli_input_file *in, const char *path, int timeout_s);
/* The same, the error in d instead of printed (a batch worker hands it to its parent). */
int cli_input_open_diag(cli_input_file *in, const char *path, int timeout_s, diag *d);
void cli_input_close(cli_input_file *in);
/* The settings for a call that reads `in`: the options', with the page's format when they
 * name none. Fills and returns buf. */
const ravi_settings *cli_input_settings(const cli_input_file *in, const cli_options *opt,
                                        ravi_settings *buf);

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
