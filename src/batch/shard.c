#include "shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shards past this are not a cluster but a typo. */
#define MAX_SHARDS 1000000000UL

/* A whole number written in decimal digits only, at most MAX_SHARDS. */
static int whole_number(const char *s, size_t n, unsigned long *out)
{
    unsigned long v = 0;
    if (!n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned long)(s[i] - '0');
        if (v > MAX_SHARDS)
            return -1;
    }
    *out = v;
    return 0;
}

static int number_of(const char *s, unsigned long *out)
{
    return whole_number(s, strlen(s), out);
}

int batch_shard_parse(const char *arg, batch_shard *s, strbuf *why)
{
    const char *slash = strchr(arg, '/');
    if (!slash || whole_number(arg, (size_t)(slash - arg), &s->index) ||
        number_of(slash + 1, &s->count) || s->count == 0) {
        sb_printf(why, "--shard: expected I/N, shard I of N counted from 0 (0/3, 1/3, 2/3), got '%s'", arg);
        return -1;
    }
    if (s->index >= s->count) {
        sb_printf(why, "--shard %s: shards of %lu are numbered 0 to %lu", arg, s->count, s->count - 1);
        return -1;
    }
    snprintf(s->source, sizeof s->source, "--shard");
    return 0;
}

/* A variable that must hold a whole number; 1 when it is not set at all. */
static int env_number(batch_getenv_fn get, void *ctx, const char *name, unsigned long *out,
                      strbuf *why)
{
    const char *v = get(ctx, name);
    if (!v)
        return 1;
    if (number_of(v, out)) {
        sb_printf(why, "%s='%s': expected a whole number", name, v);
        return -1;
    }
    return 0;
}

/* Both variables of a scheduler that gives an index and a count. */
static int index_and_count(batch_getenv_fn get, void *ctx, const char *index, const char *count,
                           const char *hint, batch_shard *s, strbuf *why)
{
    int rc = env_number(get, ctx, index, &s->index, why);
    if (rc)
        return rc;
    rc = env_number(get, ctx, count, &s->count, why);
    if (rc > 0)
        sb_printf(why, "%s is set but %s is not%s; or give --shard I/N", index, count, hint);
    if (rc)
        return -1;
    if (s->count == 0 || s->index >= s->count) {
        sb_printf(why, "%s=%lu is not below %s=%lu", index, s->index, count, s->count);
        return -1;
    }
    return 0;
}

/* Slurm numbers array tasks from _MIN by _STEP (--array=A-B:S): task k is the k-th of _COUNT. */
static int slurm(batch_getenv_fn get, void *ctx, batch_shard *s, strbuf *why)
{
    unsigned long id, min, step = 1, count, max;
    int rc = env_number(get, ctx, "SLURM_ARRAY_TASK_ID", &id, why);
    if (rc)
        return rc;
    if ((rc = env_number(get, ctx, "SLURM_ARRAY_TASK_MIN", &min, why)) < 0 ||
        env_number(get, ctx, "SLURM_ARRAY_TASK_STEP", &step, why) < 0)
        return -1;
    int rc_count = env_number(get, ctx, "SLURM_ARRAY_TASK_COUNT", &count, why);
    if (rc_count < 0)
        return -1;
    if (rc > 0 || rc_count > 0) {
        sb_printf(why, "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_%s is not; give --shard I/N",
                  rc > 0 ? "MIN" : "COUNT");
        return -1;
    }
    rc = env_number(get, ctx, "SLURM_ARRAY_TASK_MAX", &max, why);
    if (rc < 0)
        return -1;
    if (rc == 0 && count && max != min + (count - 1) * step) {
        sb_printf(why, "the Slurm array's tasks are not evenly spaced (SLURM_ARRAY_TASK_MIN=%lu, "
                  "_MAX=%lu, _STEP=%lu, _COUNT=%lu): submit it as --array=A-B or A-B:S, or give --shard I/N",
                  min, max, step, count);
        return -1;
    }
    if (step == 0 || count == 0 || id < min || (id - min) % step || (id - min) / step >= count) {
        sb_printf(why, "SLURM_ARRAY_TASK_ID=%lu is not one of %lu tasks from %lu in steps of %lu",
                  id, count, min, step);
        return -1;
    }
    s->index = (id - min) / step;
    s->count = count;
    snprintf(s->source, sizeof s->source, "Slurm array task %lu", id);
    return 0;
}

int batch_shard_from_env(batch_getenv_fn get, void *ctx, batch_shard *s, strbuf *why)
{
    memset(s, 0, sizeof *s);
    int rc = slurm(get, ctx, s, why);
    if (rc <= 0)
        return rc;
    static const struct {
        const char *index, *count, *name, *hint;
    } schedulers[] = {
        {"JOB_COMPLETION_INDEX", "RAVI_SHARDS", "Kubernetes completion index",
         " (set it to the Indexed Job's completions)"},
        {"AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE", "AWS Batch array index", ""},
        {"BATCH_TASK_INDEX", "BATCH_TASK_COUNT", "Google Cloud Batch task", ""},
    };
    for (size_t i = 0; i < sizeof schedulers / sizeof *schedulers; i++) {
        if (!get(ctx, schedulers[i].index))
            continue;
        if (index_and_count(get, ctx, schedulers[i].index, schedulers[i].count, schedulers[i].hint,
                            s, why))
            return -1;
        snprintf(s->source, sizeof s->source, "%s %lu", schedulers[i].name, s->index);
        return 0;
    }
    s->index = 0;
    s->count = 1;
    return 0;
}

int batch_shard_takes(const batch_shard *s, unsigned long k)
{
    return s->count <= 1 || k % s->count == s->index;
}
