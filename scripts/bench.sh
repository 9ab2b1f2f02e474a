#!/bin/sh
# The visualizer's benchmarks (issue #7): a full frame at 200x60 (target
# <= 1 ms) and the memory per recorded step (target <= 16 KiB), on a short
# and a long scenario.
#   scripts/bench.sh BUILD_DIR
set -eu
b=${1:-build/gcc}
echo "== kmirror viz benchmarks"
for s in connect lost-synack connect-timeout; do
	"$b/kmirror" viz "$s" --bench
done
