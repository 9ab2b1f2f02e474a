#!/bin/sh
# Core benchmarks (issues #2, #3, #4): connect and handshake rates, and the
# cost of the step points with no trace consumer attached.
#   scripts/bench-core.sh BUILD_DIR
set -eu
b=${1:-build/gcc}
n=${BENCH_N:-20000}
echo "== kmirror core benchmarks ($(nproc) CPUs; best of 3 where noted)"
"$b/bench/bench_core" "$n" > "$b/bench/core.txt"
cat "$b/bench/core.txt"
with=$("$b/bench/bench_core" "$n" _with | awk '{print $2}')
without=$("$b/bench/bench_core-notrace" "$n" _without | awk '{print $2}')
echo "connect_per_s_without_step_points $without /s"
awk -v a="$with" -v b="$without" 'BEGIN {
	printf "step_point_overhead %.1f %% (no consumer; target <= 3 %%)\n", (b / a - 1) * 100 }'
awk '/^connect_per_s / { printf "connect target (>= 100000 /s): %s\n", ($2 >= 100000 ? "met" : "NOT met") }
     /^handshake_per_s / { printf "handshake target (>= 50000 /s): %s\n", ($2 >= 50000 ? "met" : "NOT met") }' "$b/bench/core.txt"
