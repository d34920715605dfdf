#define _GNU_SOURCE /* sched_getaffinity: the cores this process may run on */
#include "cores.h"

#include <sched.h>
#include <stdio.h>

/* The whole numbers (one, or two when b is given) at the start of ROOT/NAME: how many were
 * read, -1 when the file cannot be opened. */
static int read_longs(const char *root, const char *name, long *a, long *b)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", root, name) >= (int)sizeof path)
        return -1;
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int n = fscanf(f, "%ld", a) == 1;
    if (n && b)
        n += fscanf(f, "%ld", b) == 1;
    fclose(f);
    return n;
}

long batch_cgroup_cores(const char *root)
{
    long quota = 0, period = 0;
    int n = read_longs(root, "cpu.max", &quota, &period);
    if (n < 0) { /* no cgroup v2 file: v1's */
        if (read_longs(root, "cpu/cpu.cfs_quota_us", &quota, NULL) != 1 ||
            read_longs(root, "cpu/cpu.cfs_period_us", &period, NULL) != 1)
            return 0;
    } else if (n != 2) {
        return 0; /* "max 100000": no quota */
    }
    return quota > 0 && period > 0 ? (quota + period - 1) / period : 0;
}

int batch_cores(const char *cgroup_root)
{
    cpu_set_t set;
    int n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    long allowed = batch_cgroup_cores(cgroup_root);
    if (allowed > 0 && allowed < n)
        n = (int)allowed;
    return n > 0 ? n : 1;
}
