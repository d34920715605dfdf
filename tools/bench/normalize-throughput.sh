#!/bin/sh
# ravi normalize throughput on a number-heavy Persian text: the best of RUNS runs, as CPU time
# (user+sys, one core: the pipeline is single-threaded) and as wall time.
#   normalize-throughput.sh RAVI TEXT [RUNS]
set -eu
ravi=$1 text=$2 runs=${3:-5}
bytes=$(wc -c < "$text")
best_cpu=999999 best_wall=999999
i=0
while [ "$i" -lt "$runs" ]; do
    t=$( { /usr/bin/time -f '%U %S %e' "$ravi" normalize "$text" > /dev/null; } 2>&1 | tail -1)
    cpu=$(echo "$t" | awk '{ printf "%.3f", $1 + $2 }')
    wall=$(echo "$t" | awk '{ printf "%.3f", $3 }')
    best_cpu=$(echo "$best_cpu $cpu" | awk '{ print ($2 + 0 < $1 + 0) ? $2 : $1 }')
    best_wall=$(echo "$best_wall $wall" | awk '{ print ($2 + 0 < $1 + 0) ? $2 : $1 }')
    i=$((i + 1))
done
echo "$bytes $best_cpu $best_wall $runs" | awk '{
    mb = $1 / 1e6
    printf "  normalize throughput: %.1f MB of number-heavy text, best of %d runs\n", mb, $4
    printf "    %.2f s CPU  -> %.1f MB/s on one core\n", $2, mb / $2
    printf "    %.2f s wall -> %.1f MB/s (wall time counts other load on the machine)\n", $3, mb / $3
}'
