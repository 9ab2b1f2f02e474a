#!/bin/sh
# kmirror's benchmarks (`make bench`), one section after another. Never
# part of `make test`: timings depend on the machine and its load.
#
#   scripts/bench.sh [BUILD_DIR]          every section
#   BENCH_SECTIONS="tun" scripts/bench.sh  only some
#
# Adding a benchmark: write a function bench_<name> below that prints its
# results (a section header is printed for it), prints a line starting
# with "SKIPPED:" and returns 0 when it cannot run on this machine, and
# returns non-zero only when it failed. Then add <name> to SECTIONS.
# Binaries: $build/kmirror (tracer compiled in) and $build/kmirror-notrace
# (compiled out), both built by `make bench`.
set -u
build=${1:-build/gcc}
SECTIONS=${BENCH_SECTIONS:-"tun viz pkt labs"}

# ---- tun: the mirror's connect() over TUN vs the Linux kernel's own ----
# Handshake latency and connections per second of the mirror's
# client over TUN against a Linux listener, next to the Linux kernel's own
# client over veth to the same listener, in one run (tests/bench/cli/net_bench.c).
# Target: ratio <= 1.0 on latency and >= 1.0 on rate, no trace consumer.
title_tun="tun: connect() of the mirror over TUN vs Linux's own client over veth"
bench_tun() {
	count=${BENCH_TUN_COUNT:-4000}
	if [ "$(id -u)" != 0 ]; then
		echo "SKIPPED: needs root for the network namespaces (sudo make bench)"
		return 0
	fi
	if [ ! -e /dev/net/tun ]; then
		echo "SKIPPED: no /dev/net/tun (see docs/tun.md)"
		return 0
	fi
	"$build/kmirror" net bench --count "$count" || return 1
	if [ -x "$build/kmirror-notrace" ]; then
		echo "the mirror again, built with the tracer compiled out (KM_NO_TRACE):"
		"$build/kmirror-notrace" net bench --count "$count" --only linux \
			--only mirror | grep -E '^  (Linux|mirror) ' |
			sed 's/no tracer  /KM_NO_TRACE/'
	fi
}

# ---- viz: the visualizer ----
# A full frame at 200x60 (target <= 1 ms) and the memory of a
# recorded step (target <= 16 KiB), on a short and two longer scenarios
# (tests/bench/cli/viz_bench.c).
title_viz="viz: frame time at 200x60, memory per recorded step"
bench_viz() {
	for scn in connect lost-synack connect-timeout; do
		"$build/kmirror" viz "$scn" --bench || return 1
	done
}

# ---- pkt: packetdrill scripts ----
# packetdrill: the whole corpus (tests/pkt) should run in under 2 s; scripts per second
# of `kmirror pkt` over 20 passes of the corpus (one process per pass).
title_pkt="pkt: packetdrill scripts per second (tests/pkt, 20 passes)"
bench_pkt() {
	set -- tests/pkt/*.pkt
	n=$#
	t0=$(date +%s%N)
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		"$build/kmirror" pkt "$@" 2>/dev/null || { echo "the corpus failed"; return 1; }
	done
	t1=$(date +%s%N)
	awk -v n="$n" -v ns="$((t1 - t0))" 'BEGIN {
		s = ns / 1e9; printf "pkt_scripts_per_s %.0f /s (%d scripts x 20 in %.3f s)\n", n * 20 / s, n, s
		printf "corpus once: %.3f s (target < 2 s): %s\n", s / 20, (s / 20 < 2 ? "met" : "NOT met") }'
}

# ---- labs: grading time ----
# `make grade LAB=N` from a built tree (target <= 10 s on 2 cores) and
# every planted mutant of the lab, in the graded build.
title_labs="labs: make grade from a built tree, and all mutants of each lab"
bench_labs() {
	args=${LAB_MAKEARGS:-CC=$(command -v clang >/dev/null && echo clang || echo gcc) SAN=1}
	for conf in labs/lab*-*/lab.conf; do
		[ -f "$conf" ] || continue
		n=$(echo "$conf" | sed 's|labs/lab\([0-9]*\)-.*|\1|')
		# shellcheck disable=SC2086
		make -s -j2 $args "$(make -s --no-print-directory $args lab-bin LAB="$n")" || return 1
		t0=$(date +%s.%N)
		LAB_MAKEARGS=$args scripts/lab-grade.sh "$n" > /dev/null
		t1=$(date +%s.%N)
		LAB_MAKEARGS=$args python3 scripts/lab-mutants.py "$n" | tail -1
		t2=$(date +%s.%N)
		awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v args="$args" 'BEGIN {
			printf "  lab %s (%s): make grade %.1f s (target <= 10 s), all mutants %.1f s\n",
			       n, args, b - a, c - b }'
	done
}

status=0
for s in $SECTIONS; do
	eval "title=\${title_$s:-$s}"
	echo "== $title =="
	if ! "bench_$s"; then
		echo "FAILED: $s"
		status=1
	fi
	echo
done
exit $status
