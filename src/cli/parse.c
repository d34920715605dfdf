/* The options of every command, in one table: the command line (GNU getopt_long, options before
 * or after the operands, `--` ends them, espeak-ng's short options) and the config file
 * (config.c) both go through it, so an option means the same and is checked the same way
 * wherever it is given. */
#include "cli.h"
#include "../sink/sink.h"
#include "../sink/tags.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum long_only {
    OPT_FORMAT = 256, OPT_RAW, OPT_SENTENCE_PAUSE, OPT_PARAGRAPH_PAUSE, OPT_LEXICON,
    OPT_NO_EZAFE, OPT_IPA, OPT_HEADLINE_PAUSE, OPT_HTML, OPT_SSML, OPT_TEXT, OPT_SUBTITLES,
    OPT_WORD_TIMINGS, OPT_JSON_EVENTS, OPT_LOUDNESS, OPT_TITLE, OPT_AUTHOR, OPT_PUBLISHER,
    OPT_DATE, OPT_NO_TAGS, OPT_TIMEOUT, OPT_SHARD, OPT_RETRY_FAILED, OPT_FORCE, OPT_DRY_RUN,
    OPT_STALL_TIMEOUT, OPT_LISTEN, OPT_WYOMING, OPT_WORKERS, OPT_QUEUE, OPT_TOKEN, OPT_MAX_BODY,
    OPT_MAX_TEXT, OPT_PER_CLIENT, OPT_MAX_CONNECTIONS, OPT_SERVE_TIMEOUT, OPT_WORKER_TIMEOUT,
    OPT_GRACE, OPT_EXPLAIN, OPT_NO_HOMOGRAPHS,
};

/* Where an option may be given besides the command line. */
enum { CONFIG_NO = 0, CONFIG_YES };

typedef struct option_spec {
    const char *name;   /* the long option, and the config file's key; NULL: short only */
    int id;             /* getopt's value: the short option's letter, or an OPT_ */
    int has_arg;
    unsigned group;     /* ACCEPT_: the commands that take it */
    int config;         /* CONFIG_YES: may be set in the config file */
} option_spec;

static const option_spec options[] = {
    {"output", 'o', required_argument, ACCEPT_OUTPUT, CONFIG_NO},
    {NULL, 'w', required_argument, ACCEPT_OUTPUT, CONFIG_NO},
    {"format", OPT_FORMAT, required_argument, ACCEPT_OUTPUT, CONFIG_YES},
    {"raw", OPT_RAW, no_argument, ACCEPT_OUTPUT, CONFIG_NO},
    {"quiet", 'q', no_argument, ACCEPT_OUTPUT, CONFIG_YES},
    {"subtitles", OPT_SUBTITLES, required_argument, ACCEPT_OUTPUT, CONFIG_NO},
    {"word-timings", OPT_WORD_TIMINGS, no_argument, ACCEPT_OUTPUT, CONFIG_NO},
    {"json-events", OPT_JSON_EVENTS, required_argument, ACCEPT_OUTPUT, CONFIG_NO},
    {"loudness", OPT_LOUDNESS, required_argument, ACCEPT_OUTPUT | ACCEPT_SERVE, CONFIG_YES},
    {"title", OPT_TITLE, required_argument, ACCEPT_TAGS, CONFIG_NO},
    {"author", OPT_AUTHOR, required_argument, ACCEPT_TAGS, CONFIG_YES},
    {"publisher", OPT_PUBLISHER, required_argument, ACCEPT_TAGS, CONFIG_YES},
    {"date", OPT_DATE, required_argument, ACCEPT_TAGS, CONFIG_NO},
    {"no-tags", OPT_NO_TAGS, no_argument, ACCEPT_TAGS, CONFIG_YES},
    {"voice", 'v', required_argument, ACCEPT_VOICE, CONFIG_YES},
    {"rate", 's', required_argument, ACCEPT_VOICE, CONFIG_YES},
    {"pitch", 'p', required_argument, ACCEPT_VOICE, CONFIG_YES},
    {"volume", 'a', required_argument, ACCEPT_VOICE, CONFIG_YES},
    {"sentence-pause", OPT_SENTENCE_PAUSE, required_argument, ACCEPT_PAUSES, CONFIG_YES},
    {"paragraph-pause", OPT_PARAGRAPH_PAUSE, required_argument, ACCEPT_PAUSES, CONFIG_YES},
    {"headline-pause", OPT_HEADLINE_PAUSE, required_argument, ACCEPT_PAUSES, CONFIG_YES},
    {"html", OPT_HTML, no_argument, ACCEPT_INPUT, CONFIG_NO},
    {"ssml", OPT_SSML, no_argument, ACCEPT_INPUT, CONFIG_NO},
    {"text", OPT_TEXT, no_argument, ACCEPT_INPUT, CONFIG_NO},
    {"timeout", OPT_TIMEOUT, required_argument, ACCEPT_INPUT, CONFIG_YES},
    {"lexicon", OPT_LEXICON, required_argument, ACCEPT_LEXICON, CONFIG_YES},
    {"no-ezafe", OPT_NO_EZAFE, no_argument, ACCEPT_LEXICON, CONFIG_YES},
    {"no-homographs", OPT_NO_HOMOGRAPHS, no_argument, ACCEPT_LEXICON, CONFIG_YES},
    {"ipa", OPT_IPA, no_argument, ACCEPT_IPA, CONFIG_NO},
    {"explain", OPT_EXPLAIN, no_argument, ACCEPT_EXPLAIN, CONFIG_NO},
    {"jobs", 'j', required_argument, ACCEPT_BATCH, CONFIG_NO},
    {"shard", OPT_SHARD, required_argument, ACCEPT_BATCH, CONFIG_NO},
    {"retry-failed", OPT_RETRY_FAILED, no_argument, ACCEPT_BATCH, CONFIG_NO},
    {"force", OPT_FORCE, no_argument, ACCEPT_BATCH, CONFIG_NO},
    {"dry-run", OPT_DRY_RUN, no_argument, ACCEPT_BATCH, CONFIG_NO},
    {"stall-timeout", OPT_STALL_TIMEOUT, required_argument, ACCEPT_BATCH, CONFIG_NO},
    {"listen", OPT_LISTEN, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"wyoming", OPT_WYOMING, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"workers", OPT_WORKERS, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"queue", OPT_QUEUE, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"token", OPT_TOKEN, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"max-body", OPT_MAX_BODY, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"max-text", OPT_MAX_TEXT, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"per-client", OPT_PER_CLIENT, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"max-connections", OPT_MAX_CONNECTIONS, required_argument, ACCEPT_SERVE, CONFIG_NO},
    /* the same name as the fetch's --timeout (given to getopt once): ravi serve's request time-out */
    {"timeout", OPT_SERVE_TIMEOUT, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"worker-timeout", OPT_WORKER_TIMEOUT, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"grace", OPT_GRACE, required_argument, ACCEPT_SERVE, CONFIG_NO},
    {"help", 'h', no_argument, 0, CONFIG_NO}, /* group 0: every command */
};
#define NOPTIONS (sizeof options / sizeof *options)

/* espeak-ng's letters: -v voice, -s speed, -p pitch, -a amplitude, -w wave file; -q quiet;
 * -j jobs (batch), as make's. */
static const char short_options[] = ":o:w:qv:s:p:a:j:h";

static const option_spec *spec_of(int id)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].id == id)
            return &options[i];
    return NULL;
}

const char *cli_option_name(int id, char *buf, size_t size)
{
    const option_spec *o = spec_of(id);
    if (o && o->name)
        snprintf(buf, size, "--%s", o->name);
    else
        snprintf(buf, size, "-%c", id < 256 ? id : '?');
    return buf;
}

/* ---- values -------------------------------------------------------------------------------- */

/* A whole number in [lo, hi]. */
static int parse_int(const char *arg, int lo, int hi, int *out, char *why, size_t n)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi) {
        snprintf(why, n, "expected a whole number from %d to %d, got '%s'", lo, hi, arg);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int parse_loudness(const char *arg, loudness_target *t, char *why, size_t n)
{
    if (!strcasecmp(arg, "off")) {
        t->on = 0;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || !isfinite(v) || v < LOUDNESS_MIN_LUFS || v > LOUDNESS_MAX_LUFS ||
        (*end && strcasecmp(end, "LUFS") && strcasecmp(end, " LUFS"))) {
        snprintf(why, n, "expected a target from %.0f to %.0f LUFS (e.g. -16), or off; got '%s'",
                 LOUDNESS_MIN_LUFS, LOUDNESS_MAX_LUFS, arg);
        return -1;
    }
    t->on = 1;
    t->lufs = v;
    return 0;
}

static int parse_format(const char *arg, char *why, size_t n)
{
    if (audio_format_from_name(arg) != FORMAT_UNKNOWN)
        return 0;
    snprintf(why, n, "unknown audio format '%s' (use wav, flac, ogg, opus, mp3 or raw)", arg);
    return -1;
}

/* Text that goes into a tag: one line, not empty. */
static int parse_text(const char *arg, const char **out, char *why, size_t n)
{
    if (!*arg || strpbrk(arg, "\n\r")) {
        snprintf(why, n, "expected one line of text, got '%s'", arg);
        return -1;
    }
    *out = arg;
    return 0;
}

int cli_parse_date(const char *arg, char *why, size_t n)
{
    char date[20];
    /* the whole of it must be a date: the tag says what was asked */
    if (audio_tags_date(arg, 1, date) == 0 && !strcmp(date, arg))
        return 0;
    snprintf(why, n, "expected a date YYYY-MM-DD (or YYYY, YYYY-MM, YYYY-MM-DDTHH:MM[:SS]), got '%s'", arg);
    return -1;
}

/* A size in bytes: a whole number with an optional K, M or G (powers of 1024), in [1, max]. */
static int parse_size(const char *arg, long max, long *out, char *why, size_t n)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    long unit = *end == 'K' || *end == 'k' ? 1L << 10 : *end == 'M' ? 1L << 20 : *end == 'G' ? 1L << 30 : 1;
    if (unit > 1)
        end++;
    if (errno || end == arg || *end || v < 1 || v > max / unit) {
        snprintf(why, n, "expected a size from 1 to %ld bytes (K, M, G allowed), got '%s'", max, arg);
        return -1;
    }
    *out = v * unit;
    return 0;
}

/* ravi serve's options */
static int apply_serve_option(cli_serve_options *so, int id, const char *arg, char *why, size_t n)
{
    switch (id) {
    case OPT_LISTEN: so->listen = arg; return 0;
    case OPT_WYOMING: so->wyoming = arg; return 0;
    case OPT_TOKEN: so->token = arg; return 0;
    case OPT_WORKERS: return parse_int(arg, 1, 256, &so->workers, why, n);
    case OPT_QUEUE: return parse_int(arg, 0, 100000, &so->queue, why, n);
    case OPT_PER_CLIENT: return parse_int(arg, 1, 100000, &so->per_client, why, n);
    case OPT_MAX_CONNECTIONS: return parse_int(arg, 1, 100000, &so->max_connections, why, n);
    case OPT_SERVE_TIMEOUT: return parse_int(arg, 1, 86400, &so->timeout, why, n);
    case OPT_WORKER_TIMEOUT: return parse_int(arg, 1, 86400, &so->worker_timeout, why, n);
    case OPT_GRACE: return parse_int(arg, 0, 86400, &so->grace, why, n);
    case OPT_MAX_BODY: return parse_size(arg, 1L << 30, &so->max_body, why, n);
    case OPT_MAX_TEXT: return parse_size(arg, 1L << 28, &so->max_text, why, n);
    default: snprintf(why, n, "unknown option"); return -1;
    }
}

int cli_apply_option(cli_options *opt, int id, const char *arg, char *why, size_t n)
{
    const option_spec *spec = spec_of(id);
    if (spec && spec->group == ACCEPT_SERVE)
        return apply_serve_option(&opt->serve, id, arg, why, n);
    ravi_settings *set = &opt->config.settings;
    int volume;
    switch (id) {
    case 'o': opt->output = arg; return 0;
    case 'w': opt->output = arg; opt->format = "wav"; return 0;
    case OPT_FORMAT:
        if (parse_format(arg, why, n))
            return -1;
        opt->format = arg;
        return 0;
    case OPT_RAW: opt->raw = 1; return 0;
    case 'q': opt->quiet = 1; return 0;
    case OPT_SUBTITLES: opt->subtitles = arg; return 0;
    case OPT_WORD_TIMINGS: opt->word_timings = 1; return 0;
    case OPT_JSON_EVENTS: opt->json_events = arg; return 0;
    case OPT_LOUDNESS: return parse_loudness(arg, &opt->loudness, why, n);
    case OPT_TITLE: return parse_text(arg, &opt->title, why, n);
    case OPT_AUTHOR: return parse_text(arg, &opt->author, why, n);
    case OPT_PUBLISHER: return parse_text(arg, &opt->publisher, why, n);
    case OPT_DATE:
        if (cli_parse_date(arg, why, n))
            return -1;
        opt->date = arg;
        return 0;
    case OPT_NO_TAGS: opt->no_tags = 1; return 0;
    case 'v': set->voice = arg; return 0;
    case 's': return parse_int(arg, RAVI_RATE_MIN, RAVI_RATE_MAX, &set->rate, why, n);
    case 'p': return parse_int(arg, 0, RAVI_PITCH_MAX, &set->pitch, why, n);
    case 'a':
        if (parse_int(arg, 0, RAVI_VOLUME_MAX, &volume, why, n))
            return -1;
        set->volume = volume;
        /* with loudness normalisation the volume is relative to the target */
        opt->loudness.volume_db = volume > 0 ? 20.0 * log10(volume / 100.0) : -100.0;
        return 0;
    case OPT_SENTENCE_PAUSE:
        return parse_int(arg, 0, RAVI_PAUSE_MAX_MS, &set->sentence_pause_ms, why, n);
    case OPT_PARAGRAPH_PAUSE:
        return parse_int(arg, 0, RAVI_PAUSE_MAX_MS, &set->paragraph_pause_ms, why, n);
    case OPT_HEADLINE_PAUSE:
        return parse_int(arg, 0, RAVI_PAUSE_MAX_MS, &set->headline_pause_ms, why, n);
    case OPT_HTML: set->format = RAVI_FORMAT_HTML; return 0;
    case OPT_SSML: set->format = RAVI_FORMAT_SSML; return 0;
    case OPT_TEXT: set->format = RAVI_FORMAT_TEXT; return 0;
    case OPT_TIMEOUT: return parse_int(arg, 1, 3600, &opt->timeout_s, why, n);
    case OPT_NO_EZAFE: opt->config.ezafe = 0; return 0;
    case OPT_NO_HOMOGRAPHS: opt->config.homographs = 0; return 0;
    case OPT_IPA: opt->ipa = 1; return 0;
    case OPT_EXPLAIN: opt->explain = 1; return 0;
    case 'j': return parse_int(arg, 1, CLI_MAX_JOBS, &opt->jobs, why, n);
    case OPT_SHARD: opt->shard = arg; return 0;
    case OPT_RETRY_FAILED: opt->retry_failed = 1; return 0;
    case OPT_FORCE: opt->force = 1; return 0;
    case OPT_DRY_RUN: opt->dry_run = 1; return 0;
    case OPT_STALL_TIMEOUT: return parse_int(arg, 0, 86400, &opt->stall_seconds, why, n);
    case OPT_LEXICON:
        if (opt->config.nlexicons == CLI_MAX_LEXICONS) {
            snprintf(why, n, "at most %d files", CLI_MAX_LEXICONS);
            return -1;
        }
        opt->lexicons[opt->config.nlexicons++] = arg;
        return 0;
    default:
        snprintf(why, n, "unknown option");
        return -1;
    }
}

/* ---- the config file's view of the table --------------------------------------------------- */

int cli_config_option(const char *key, int *id, int *has_arg, unsigned *group)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        const option_spec *o = &options[i];
        if (o->name && !strcmp(o->name, key)) {
            if (o->config != CONFIG_YES)
                return 0;
            *id = o->id;
            *has_arg = o->has_arg;
            *group = o->group;
            return 1;
        }
    }
    return -1;
}

/* ---- the command line ---------------------------------------------------------------------- */

/* getopt's table: each name once (the first entry of a name that two commands read apart). */
static void make_long_options(struct option *out)
{
    size_t k = 0;
    for (size_t i = 0; i < NOPTIONS; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && options[i].name && !seen; j++)
            seen = options[j].name && !strcmp(options[j].name, options[i].name);
        if (options[i].name && !seen)
            out[k++] = (struct option){options[i].name, options[i].has_arg, NULL, options[i].id};
    }
    out[k] = (struct option){NULL, 0, NULL, 0};
}

static void unknown_option(const cli_command *cmd, const char *arg, int letter)
{
    if (letter)
        cli_error("%s: unknown option '-%c' (see 'ravi %s --help')", cmd->name, letter, cmd->name);
    else
        cli_error("%s: unknown option '%s' (see 'ravi %s --help')", cmd->name, arg, cmd->name);
}

int cli_parse(const cli_command *cmd, cli_options *opt, int argc, char **argv)
{
    struct option long_options[NOPTIONS + 1];
    make_long_options(long_options);
    opterr = 0;
    optind = 1;
    int c;
    char name[32], why[256];
    /* no '+': GNU permutation, options after the operands too, until "--" */
    while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        if (c == '?') {
            unknown_option(cmd, argv[optind - 1], optopt);
            return -1;
        }
        if (c == ':') {
            cli_error("%s: option '%s' needs a value", cmd->name, argv[optind - 1]);
            return -1;
        }
        if (c == OPT_TIMEOUT && (cmd->accepts & ACCEPT_SERVE))
            c = OPT_SERVE_TIMEOUT; /* serve's --timeout is its requests', not a fetch's */
        const option_spec *o = spec_of(c);
        if (!o || (o->group && !(o->group & cmd->accepts))) {
            cli_error("%s: option '%s' does not apply to this command (see 'ravi %s --help')",
                      cmd->name, cli_option_name(c, name, sizeof name), cmd->name);
            return -1;
        }
        if (c == 'h') {
            fputs(cmd->usage, stdout);
            return -2;
        }
        if (cli_apply_option(opt, c, optarg, why, sizeof why)) {
            cli_error("%s: %s", cli_option_name(c, name, sizeof name), why);
            return -1;
        }
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
