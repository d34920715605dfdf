/* ravi batch: the command line of src/batch/ (what it does is described there and in README). */
#include "cli.h"
#include "../batch/batch.h"
#include "../batch/cores.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a stuck worker (an input that never ends, eSpeak NG in a loop) may cost before its
 * article fails. */
#define DEFAULT_STALL_SECONDS 60

/* An extension for a companion file: letters and digits, a leading dot allowed. */
static const char *extension_arg(const char *arg)
{
    if (*arg == '.')
        arg++;
    size_t n = strlen(arg);
    if (!n || n > 16)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)arg[i]))
            return NULL;
    return arg;
}

static int output_options(const cli_options *opt, batch_options *bo)
{
    if (!opt->output) {
        cli_error("batch: -o OUTDIR is needed: the directory the audio files go to");
        return -1;
    }
    if (!strcmp(opt->output, "-")) {
        cli_error("batch: -o -: a batch writes a file per article; name a directory");
        return -1;
    }
    bo->outdir = opt->output;
    /* no --format: the config file's, else WAV */
    const char *format = opt->format ? opt->format : opt->default_format;
    bo->format = opt->raw ? FORMAT_RAW : format ? audio_format_from_name(format) : FORMAT_WAV;
    if (bo->format == FORMAT_UNKNOWN) {
        cli_error("--format: unknown audio format '%s' (use wav, flac, ogg, opus, mp3 or raw)", format);
        return -1;
    }
    bo->ext = audio_format_extension(bo->format);
    return 0;
}

/* In a batch, --subtitles and --json-events name no file but the kind written beside each audio
 * file: --subtitles srt|vtt, --json-events EXT (jsonl, json...). */
static int cue_options(const cli_options *opt, batch_options *bo)
{
    if (opt->subtitles) {
        bo->subtitles = extension_arg(opt->subtitles);
        if (!bo->subtitles || (strcasecmp(bo->subtitles, "srt") && strcasecmp(bo->subtitles, "vtt"))) {
            cli_error("--subtitles %s: in a batch, the subtitles' format: srt or vtt (a file beside "
                      "each audio file)", opt->subtitles);
            return -1;
        }
    }
    if (opt->word_timings && !bo->subtitles) {
        cli_error("--word-timings: makes a subtitle cue per word; add --subtitles srt or vtt");
        return -1;
    }
    bo->word_timings = opt->word_timings;
    if (opt->json_events) {
        bo->events = extension_arg(opt->json_events);
        if (!bo->events) {
            cli_error("--json-events %s: in a batch, the extension of the events file beside each "
                      "audio file (jsonl, json)", opt->json_events);
            return -1;
        }
        if (!strcasecmp(bo->events, bo->ext) || (bo->subtitles && !strcasecmp(bo->events, bo->subtitles))) {
            cli_error("--json-events %s: the events need an extension of their own", opt->json_events);
            return -1;
        }
    }
    return 0;
}

static const char *env(void *ctx, const char *name)
{
    (void)ctx;
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int shard_option(const cli_options *opt, batch_options *bo)
{
    strbuf why;
    sb_init(&why);
    int rc = opt->shard ? batch_shard_parse(opt->shard, &bo->shard, &why)
                        : batch_shard_from_env(env, NULL, &bo->shard, &why);
    if (rc)
        cli_error("batch: %s", why.s ? why.s : "out of memory");
    sb_free(&why);
    return rc;
}

int cmd_batch(cli_options *opt, int argc, char **argv)
{
    if (argc != 1) {
        if (argc)
            cli_error("batch: one manifest or directory at a time, got '%s' and '%s'", argv[0], argv[1]);
        else
            cli_error("batch: name a manifest (a file, one input per line; - reads standard input) "
                      "or a directory of articles (see 'ravi batch --help')");
        return EXIT_USAGE;
    }
    batch_options bo;
    memset(&bo, 0, sizeof bo);
    bo.source = argv[0];
    if (output_options(opt, &bo) || cue_options(opt, &bo) || shard_option(opt, &bo))
        return EXIT_USAGE;
    bo.jobs = (unsigned)(opt->jobs ? opt->jobs : batch_cores(BATCH_CGROUP_ROOT));
    bo.retry_failed = opt->retry_failed;
    bo.force = opt->force;
    bo.dry_run = opt->dry_run;
    bo.quiet = opt->quiet;
    bo.stall_seconds = (unsigned)(opt->stall_seconds < 0 ? DEFAULT_STALL_SECONDS : opt->stall_seconds);
    bo.timeout_s = opt->timeout_s;
    bo.loudness = opt->loudness;
    bo.voice = opt->config.settings.voice;
    return batch_run(&bo, opt);
}

const cli_command cli_batch = {
    "batch", "write many articles to audio files, on every core and across machines",
    "usage: ravi batch MANIFEST|DIR -o OUTDIR [OPTIONS]\n"
    "\n"
    "Writes an audio file for every article of a manifest (one input per line, or\n"
    "INPUT<TAB>OUTPUT-NAME; - reads it from standard input) or of a directory (its .txt, .html,\n"
    "and .ssml files, walked in order). Each output keeps the input's path under OUTDIR, with the\n"
    "format's extension. An output newer than its input is left as it is, so a rerun goes on\n"
    "where the last one stopped. OUTDIR/.ravi-batch.log has a line per article: what it made and\n"
    "how long it took, or why it failed. The status is 1 when any article of this run's share\n"
    "has no audio.\n"
    "\n"
    "  -o, --output OUTDIR     the directory the files go to (made when missing)\n"
    "      --format FMT        wav (default), flac, ogg, opus, mp3 or raw\n"
    "  -j, --jobs N            articles read at once, each in a process of its own (default:\n"
    "                          the cores this process may use)\n"
    "      --shard I/N         only articles k with k mod N = I (counted from 0); without it,\n"
    "                          from a Slurm array, a Kubernetes Indexed Job (RAVI_SHARDS=N), an\n"
    "                          AWS Batch array or a Google Cloud Batch task\n"
    "      --retry-failed      also try the articles the journal says failed (otherwise left\n"
    "                          alone until their input changes)\n"
    "      --force             write every article, up to date or not\n"
    "      --dry-run           list what each article would get (write, current, failed-before,\n"
    "                          bad), do nothing\n"
    "      --stall-timeout S   stop a worker that makes no audio for S seconds, failing its\n"
    "                          article (default 60; 0: never)\n"
    "      --subtitles srt|vtt subtitles beside each audio file\n"
    "      --word-timings      with --subtitles: a cue per word\n"
    "      --json-events EXT   sentence and word events beside each audio file (e.g. jsonl)\n"
    "      --quiet             no progress line and no summary\n"
    "      --voice, --rate, --pitch, --volume, --sentence-pause, --paragraph-pause,\n"
    "      --headline-pause, --html, --ssml, --text, --lexicon, --no-ezafe: as for 'ravi say'\n"
    "  -h, --help              this help\n",
    ACCEPT_OUTPUT | ACCEPT_VOICE | ACCEPT_PAUSES | ACCEPT_LEXICON | ACCEPT_INPUT | ACCEPT_BATCH,
    cmd_batch, NULL,
};
