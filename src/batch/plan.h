/* The batch's articles and what this run does with each. */
#ifndef RAVI_BATCH_PLAN_H
#define RAVI_BATCH_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "batch.h"

typedef enum item_state {
    ITEM_TODO,                /* to be written */
    ITEM_CURRENT,             /* its outputs exist and are newer than its input */
    ITEM_FAILED_BEFORE,       /* the journal says it failed, and its input has not changed */
    ITEM_BAD,                 /* cannot be written at all (a bad manifest line): fails now */
} item_state;

typedef struct batch_item {
    unsigned long k;          /* its number in the manifest or walk, from 0 */
    unsigned long line;       /* its line in the manifest (0: walked) */
    char *input;
    char *output;             /* the audio, relative to the output directory; NULL when bad */
    char *error;              /* ITEM_BAD: why, naming the manifest line or the input */
    uint64_t size;            /* of the input, 0 when it cannot be looked at */
    int64_t mtime_ns;         /* of the input, -1 when it cannot be looked at */
    item_state state;
} batch_item;

typedef struct batch_plan {
    batch_item *items;        /* this shard's articles, in their order */
    size_t n, cap;
    unsigned long total;      /* articles in the whole manifest or walk */
    size_t count[ITEM_BAD + 1]; /* items in each state */
    uint64_t todo_bytes;      /* input bytes of the articles to write */
    size_t journal_skipped;   /* journal lines that were not records */
} batch_plan;

/* The paths of an item's outputs: the audio, and the subtitles and events when asked for
 * (else empty). */
typedef struct batch_paths {
    strbuf audio, subtitles, events;
} batch_paths;

/* Reads the manifest or walks the directory, names every output, takes this shard's articles
 * and decides what to do with each. 0, or -1 with the message in *why (the manifest or the
 * directory cannot be read; the journal cannot be read). */
int batch_plan_build(batch_plan *plan, const batch_options *bo, strbuf *why);
void batch_plan_free(batch_plan *plan);

void batch_paths_init(batch_paths *p);
void batch_paths_free(batch_paths *p);
/* Fills in the item's output paths (under bo->outdir). 0, or -1 when out of memory. */
int batch_paths_of(const batch_options *bo, const batch_item *item, batch_paths *p);

/* The journal's path (in bo->outdir), in *out. 0, or -1 when out of memory. */
int batch_journal_path(const batch_options *bo, strbuf *out);

#endif
