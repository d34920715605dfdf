/* How many workers a batch runs when --jobs does not say: the cores this process may use. */
#ifndef RAVI_BATCH_CORES_H
#define RAVI_BATCH_CORES_H

/* Where the process's cgroup is seen (inside a container: its own). */
#define BATCH_CGROUP_ROOT "/sys/fs/cgroup"

/* A cgroup's CPU quota in whole cores (rounded up), or 0 when it sets none or cannot be read:
 * cgroup v2's ROOT/cpu.max ("200000 100000"; "max 100000" is none), else v1's
 * ROOT/cpu/cpu.cfs_quota_us over ROOT/cpu/cpu.cfs_period_us (a quota of -1 is none). */
long batch_cgroup_cores(const char *root);

/* The cores this process may use: its CPU affinity (taskset, Slurm's binding, cpusets), and no
 * more than the cgroup's CPU quota allows (a container's --cpus, a Kubernetes CPU limit). At
 * least 1. */
int batch_cores(const char *cgroup_root);

#endif
