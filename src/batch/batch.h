/* ravi batch: many articles into audio files, on every core and across machines.
 *
 *   plan    (plan.c)      the articles: a manifest's lines or a walked directory (manifest.c),
 *                         this run's shard of them (shard.c), and for each what to do: write it,
 *                         leave it (its outputs are newer than its input, or it failed before:
 *                         journal.c), or fail it (a bad manifest line);
 *   run     (run.c)       the parent: starts the engine once, then forks a worker per article
 *                         from that pristine engine (src/procpool.c), at most --jobs at a time;
 *                         journals each result, shows progress (progress.c), stops cleanly on
 *                         Ctrl-C and carries on when a worker crashes;
 *   worker  (worker.c)    the child: speaks one article into its outputs (src/cli/article.c, as
 *                         `say` does) and reports to the parent. */
#ifndef RAVI_BATCH_H
#define RAVI_BATCH_H

#include <stdint.h>

#include "../cli/cli.h"
#include "../sink/sink.h"
#include "shard.h"

typedef struct batch_options {
    const char *source;       /* the manifest ("-": standard input) or the directory */
    const char *outdir;
    audio_format format;
    const char *ext;          /* the format's file extension ("wav") */
    const char *subtitles;    /* "srt" or "vtt": subtitles beside each audio file; or NULL */
    int word_timings;
    const char *events;       /* the JSON events' extension ("jsonl"), or NULL */
    unsigned jobs;            /* workers at a time */
    batch_shard shard;
    int retry_failed;         /* also the articles the journal says failed */
    int force;                /* also the articles whose outputs are up to date */
    int dry_run;              /* list what would be done, do nothing */
    int quiet;                /* no progress line, no summary */
    unsigned stall_seconds;   /* a worker silent this long is stopped (its article failed) */
} batch_options;

/* Runs the batch the options describe with the engine settings of `opt`; returns the exit
 * status (0 every article of the shard has its audio; 1 some failed, now or before; 130/143
 * stopped by a signal). */
int batch_run(const batch_options *bo, const cli_options *opt);

#endif
