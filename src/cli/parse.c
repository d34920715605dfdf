#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum long_only {
    OPT_FORMAT = 256, OPT_RAW, OPT_VOICE, OPT_RATE, OPT_PITCH, OPT_VOLUME, OPT_SENTENCE_PAUSE,
    OPT_PARAGRAPH_PAUSE, OPT_LEXICON, OPT_NO_EZAFE, OPT_IPA, OPT_QUIET, OPT_HEADLINE_PAUSE,
    OPT_HTML, OPT_SSML, OPT_TEXT, OPT_SUBTITLES, OPT_WORD_TIMINGS, OPT_JSON_EVENTS, OPT_EXPLAIN,
    OPT_NO_HOMOGRAPHS,
    OPT_SHARD, OPT_RETRY_FAILED, OPT_FORCE, OPT_DRY_RUN, OPT_STALL_TIMEOUT,
    OPT_LISTEN, OPT_WYOMING, OPT_WORKERS, OPT_QUEUE, OPT_TOKEN, OPT_MAX_BODY, OPT_MAX_TEXT,
    OPT_PER_CLIENT, OPT_MAX_CONNECTIONS, OPT_TIMEOUT, OPT_WORKER_TIMEOUT, OPT_GRACE,
};

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"raw", no_argument, NULL, OPT_RAW},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"subtitles", required_argument, NULL, OPT_SUBTITLES},
    {"word-timings", no_argument, NULL, OPT_WORD_TIMINGS},
    {"json-events", required_argument, NULL, OPT_JSON_EVENTS},
    {"voice", required_argument, NULL, OPT_VOICE},
    {"rate", required_argument, NULL, OPT_RATE},
    {"pitch", required_argument, NULL, OPT_PITCH},
    {"volume", required_argument, NULL, OPT_VOLUME},
    {"sentence-pause", required_argument, NULL, OPT_SENTENCE_PAUSE},
    {"paragraph-pause", required_argument, NULL, OPT_PARAGRAPH_PAUSE},
    {"headline-pause", required_argument, NULL, OPT_HEADLINE_PAUSE},
    {"html", no_argument, NULL, OPT_HTML},
    {"ssml", no_argument, NULL, OPT_SSML},
    {"text", no_argument, NULL, OPT_TEXT},
    {"lexicon", required_argument, NULL, OPT_LEXICON},
    {"no-ezafe", no_argument, NULL, OPT_NO_EZAFE},
    {"no-homographs", no_argument, NULL, OPT_NO_HOMOGRAPHS},
    {"ipa", no_argument, NULL, OPT_IPA},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"jobs", required_argument, NULL, 'j'},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"retry-failed", no_argument, NULL, OPT_RETRY_FAILED},
    {"force", no_argument, NULL, OPT_FORCE},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"stall-timeout", required_argument, NULL, OPT_STALL_TIMEOUT},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"wyoming", required_argument, NULL, OPT_WYOMING},
    {"workers", required_argument, NULL, OPT_WORKERS},
    {"queue", required_argument, NULL, OPT_QUEUE},
    {"token", required_argument, NULL, OPT_TOKEN},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"max-text", required_argument, NULL, OPT_MAX_TEXT},
    {"per-client", required_argument, NULL, OPT_PER_CLIENT},
    {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"worker-timeout", required_argument, NULL, OPT_WORKER_TIMEOUT},
    {"grace", required_argument, NULL, OPT_GRACE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static unsigned option_group(int c)
{
    switch (c) {
    case 'o': case OPT_FORMAT: case OPT_RAW: case OPT_QUIET: case OPT_SUBTITLES:
    case OPT_WORD_TIMINGS: case OPT_JSON_EVENTS: return ACCEPT_OUTPUT;
    case OPT_VOICE: case OPT_RATE: case OPT_PITCH: case OPT_VOLUME: return ACCEPT_VOICE;
    case OPT_SENTENCE_PAUSE: case OPT_PARAGRAPH_PAUSE: case OPT_HEADLINE_PAUSE: return ACCEPT_PAUSES;
    case OPT_HTML: case OPT_SSML: case OPT_TEXT: return ACCEPT_INPUT;
    case OPT_LEXICON: case OPT_NO_EZAFE: case OPT_NO_HOMOGRAPHS: return ACCEPT_LEXICON;
    case OPT_IPA: return ACCEPT_IPA;
    case 'j': case OPT_SHARD: case OPT_RETRY_FAILED: case OPT_FORCE: case OPT_DRY_RUN:
    case OPT_STALL_TIMEOUT: return ACCEPT_BATCH;
    case OPT_EXPLAIN: return ACCEPT_EXPLAIN;
    case OPT_LISTEN: case OPT_WYOMING: case OPT_WORKERS: case OPT_QUEUE: case OPT_TOKEN:
    case OPT_MAX_BODY: case OPT_MAX_TEXT: case OPT_PER_CLIENT: case OPT_MAX_CONNECTIONS:
    case OPT_TIMEOUT: case OPT_WORKER_TIMEOUT: case OPT_GRACE: return ACCEPT_SERVE;
    default: return 0;
    }
}

static const char *option_name(int c)
{
    if (c == 'o')
        return "-o";
    for (const struct option *o = long_options; o->name; o++)
        if (o->val == c)
            return o->name;
    return "?";
}

/* A whole number in [lo, hi], or a usage error naming the option. */
static int parse_int(const char *opt, const char *arg, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi) {
        cli_error("--%s: expected a whole number from %d to %d, got '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* A size in bytes: a whole number with an optional K, M or G (powers of 1024), in [1, max]. */
static int parse_size(const char *opt, const char *arg, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    long unit = *end == 'K' || *end == 'k' ? 1L << 10 : *end == 'M' ? 1L << 20 : *end == 'G' ? 1L << 30 : 1;
    if (unit > 1)
        end++;
    if (errno || end == arg || *end || v < 1 || v > max / unit) {
        cli_error("--%s: expected a size from 1 to %ld bytes (K, M, G allowed), got '%s'", opt, max, arg);
        return -1;
    }
    *out = v * unit;
    return 0;
}

/* ravi serve's options */
static int apply_serve_option(cli_serve_options *so, int c, const char *arg)
{
    switch (c) {
    case OPT_LISTEN: so->listen = arg; return 0;
    case OPT_WYOMING: so->wyoming = arg; return 0;
    case OPT_TOKEN: so->token = arg; return 0;
    case OPT_WORKERS: return parse_int("workers", arg, 1, 256, &so->workers);
    case OPT_QUEUE: return parse_int("queue", arg, 0, 100000, &so->queue);
    case OPT_PER_CLIENT: return parse_int("per-client", arg, 1, 100000, &so->per_client);
    case OPT_MAX_CONNECTIONS: return parse_int("max-connections", arg, 1, 100000, &so->max_connections);
    case OPT_TIMEOUT: return parse_int("timeout", arg, 1, 86400, &so->timeout);
    case OPT_WORKER_TIMEOUT: return parse_int("worker-timeout", arg, 1, 86400, &so->worker_timeout);
    case OPT_GRACE: return parse_int("grace", arg, 0, 86400, &so->grace);
    case OPT_MAX_BODY: return parse_size("max-body", arg, 1L << 30, &so->max_body);
    case OPT_MAX_TEXT: return parse_size("max-text", arg, 1L << 28, &so->max_text);
    default: return -1;
    }
}

static int apply_option(cli_options *opt, int c, const char *arg)
{
    if (option_group(c) == ACCEPT_SERVE)
        return apply_serve_option(&opt->serve, c, arg);
    ravi_settings *set = &opt->config.settings;
    switch (c) {
    case 'o': opt->output = arg; return 0;
    case OPT_FORMAT: opt->format = arg; return 0;
    case OPT_RAW: opt->raw = 1; return 0;
    case OPT_QUIET: opt->quiet = 1; return 0;
    case OPT_SUBTITLES: opt->subtitles = arg; return 0;
    case OPT_WORD_TIMINGS: opt->word_timings = 1; return 0;
    case OPT_JSON_EVENTS: opt->json_events = arg; return 0;
    case OPT_VOICE: set->voice = arg; return 0;
    case OPT_RATE: return parse_int("rate", arg, RAVI_RATE_MIN, RAVI_RATE_MAX, &set->rate);
    case OPT_PITCH: return parse_int("pitch", arg, 0, RAVI_PITCH_MAX, &set->pitch);
    case OPT_VOLUME: return parse_int("volume", arg, 0, RAVI_VOLUME_MAX, &set->volume);
    case OPT_SENTENCE_PAUSE:
        return parse_int("sentence-pause", arg, 0, RAVI_PAUSE_MAX_MS, &set->sentence_pause_ms);
    case OPT_PARAGRAPH_PAUSE:
        return parse_int("paragraph-pause", arg, 0, RAVI_PAUSE_MAX_MS, &set->paragraph_pause_ms);
    case OPT_HEADLINE_PAUSE:
        return parse_int("headline-pause", arg, 0, RAVI_PAUSE_MAX_MS, &set->headline_pause_ms);
    case OPT_HTML: set->format = RAVI_FORMAT_HTML; return 0;
    case OPT_SSML: set->format = RAVI_FORMAT_SSML; return 0;
    case OPT_TEXT: set->format = RAVI_FORMAT_TEXT; return 0;
    case OPT_NO_EZAFE: opt->config.ezafe = 0; return 0;
    case OPT_NO_HOMOGRAPHS: opt->config.homographs = 0; return 0;
    case OPT_IPA: opt->ipa = 1; return 0;
    case OPT_EXPLAIN: opt->explain = 1; return 0;
    case 'j': return parse_int("jobs", arg, 1, CLI_MAX_JOBS, &opt->jobs);
    case OPT_SHARD: opt->shard = arg; return 0;
    case OPT_RETRY_FAILED: opt->retry_failed = 1; return 0;
    case OPT_FORCE: opt->force = 1; return 0;
    case OPT_DRY_RUN: opt->dry_run = 1; return 0;
    case OPT_STALL_TIMEOUT:
        return parse_int("stall-timeout", arg, 0, 86400, &opt->stall_seconds);
    case OPT_LEXICON:
        if (opt->config.nlexicons == CLI_MAX_LEXICONS) {
            cli_error("--lexicon: at most %d files", CLI_MAX_LEXICONS);
            return -1;
        }
        opt->lexicons[opt->config.nlexicons++] = arg;
        return 0;
    default: return -1;
    }
}

int cli_parse(const cli_command *cmd, cli_options *opt, int argc, char **argv)
{
    opterr = 0;
    optind = 1;
    int c;
    /* "+": options end at the first operand, unless the command takes them anywhere */
    const char *optstring = cmd->accepts & ACCEPT_ANYWHERE ? ":o:hj:" : "+:o:hj:";
    while ((c = getopt_long(argc, argv, optstring, long_options, NULL)) != -1) {
        if (c == 'h') {
            fputs(cmd->usage, stdout);
            return -2;
        }
        if (c == '?') {
            if (optopt)
                cli_error("%s: unknown option '-%c' (see 'ravi %s --help')", cmd->name, optopt, cmd->name);
            else
                cli_error("%s: unknown option '%s' (see 'ravi %s --help')", cmd->name,
                           argv[optind - 1], cmd->name);
            return -1;
        }
        if (c == ':') {
            cli_error("%s: option '%s' needs a value", cmd->name, argv[optind - 1]);
            return -1;
        }
        if (!(option_group(c) & cmd->accepts)) {
            cli_error("%s: option '%s%s' does not apply to this command (see 'ravi %s --help')",
                       cmd->name, c == 'o' ? "" : "--", option_name(c), cmd->name);
            return -1;
        }
        if (apply_option(opt, c, optarg))
            return -1;
    }
    return optind;
}

int cli_input(const cli_command *cmd, cli_options *opt, int argc, char **argv)
{
    if (argc > 1) {
        cli_error("%s: one input at a time, got '%s' and '%s'", cmd->name, argv[0], argv[1]);
        return -1;
    }
    opt->input = argc == 1 ? argv[0] : "-";
    return 0;
}
