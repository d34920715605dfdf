/* Which part of a batch this run takes, when many machines share it: article k (from 0, in the
 * manifest's order or the walk's) belongs to shard k mod N. The part is `--shard I/N`, or what
 * the scheduler that started the run says in its environment:
 *   Slurm job arrays       SLURM_ARRAY_TASK_ID, _MIN, _STEP, _COUNT (--array=A-B or A-B:S)
 *   Kubernetes Indexed Job JOB_COMPLETION_INDEX, with the Job's completions in RAVI_SHARDS
 *   AWS Batch array jobs   AWS_BATCH_JOB_ARRAY_INDEX, AWS_BATCH_JOB_ARRAY_SIZE
 *   Google Cloud Batch     BATCH_TASK_INDEX, BATCH_TASK_COUNT
 * With none of them, the run takes everything (shard 0/1). */
#ifndef RAVI_BATCH_SHARD_H
#define RAVI_BATCH_SHARD_H

#include "../util.h"

typedef struct batch_shard {
    unsigned long index, count;
    char source[128];         /* where it came from, for the summary ("Slurm array task 7") */
} batch_shard;

/* Reads an environment variable (getenv, or a table in tests). */
typedef const char *(*batch_getenv_fn)(void *ctx, const char *name);

/* --shard I/N. 0, or -1 with the message in *why. */
int batch_shard_parse(const char *arg, batch_shard *s, strbuf *why);
/* The scheduler's variables (0/1 when none is set). 0, or -1 with the message in *why naming the
 * variable at fault. */
int batch_shard_from_env(batch_getenv_fn get, void *ctx, batch_shard *s, strbuf *why);
/* Whether article k is this shard's. */
int batch_shard_takes(const batch_shard *s, unsigned long k);

#endif
