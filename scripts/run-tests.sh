#!/bin/sh
# Run the Check suites of one build; record totals for test-total.sh.
#   scripts/run-tests.sh BUILD_DIR SUITE...
# Each suite's output goes to BUILD_DIR/tests/<suite>.log and is echoed;
# BUILD_DIR/tests/summary lists "suite checks failures errors skipped".
#
# Skips: a suite whose tests cannot run here (no root, no /dev/net/tun,
# no tshark ...) leaves them out of its Check run and prints, per reason,
#     SKIPPED: <n> check(s): <reason>
# Those n are counted as skipped — never as checks, never as passed — and
# the reasons are kept in BUILD_DIR/tests/skipped for the TOTAL line.
set -u
build=$1
shift
mkdir -p "$build/tests"
summary="$build/tests/summary"
: > "$summary"
: > "$build/tests/skipped"
status=0
# The suites run side by side, KMT_JOBS at a time (default: one per core;
# many wait on timers, tmux or a namespace), each into its own log; their
# output and totals are then reported in the order given.
jobs=${KMT_JOBS:-$(nproc 2>/dev/null || echo 2)}
for t in "$@"; do
	rm -f "$build/tests/$(basename "$t").rc"
done
# Check's own per-test timeout, scaled for sanitizer builds.
export CK_DEFAULT_TIMEOUT="${CK_DEFAULT_TIMEOUT:-60}"
printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh -c \
	'log="$1/tests/$(basename "$2").log"; "$2" > "$log" 2>&1; echo $? > "${log%.log}.rc"' \
	run-one "$build" {}
for t in "$@"; do
	name=$(basename "$t")
	log="$build/tests/$name.log"
	rc=$(cat "$build/tests/$name.rc" 2>/dev/null || echo 127)
	grep -v "ASan doesn't fully support makecontext" "$log" | sed "s|^|  |"
	line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -1)
	checks=$(echo "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
	fails=$(echo "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
	errs=$(echo "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
	skipped=0
	for n in $(sed -n 's/^SKIPPED: \([0-9][0-9]*\) checks*: .*/\1/p' "$log"); do
		skipped=$((skipped + n))
	done
	if [ -z "$checks" ] && [ "$rc" -eq 0 ] && [ "$skipped" -gt 0 ]; then
		# Every test skipped before Check ran: nothing passed, no error.
		checks=0 fails=0 errs=0
	elif [ -z "$checks" ]; then
		# The suite did not even report: count it as one error.
		checks=0 fails=0 errs=1
		echo "  $name: no result line (exit $rc), see $log"
	fi
	[ "$rc" -ne 0 ] && [ "$fails" -eq 0 ] && [ "$errs" -eq 0 ] && errs=1
	# A skip the line above cannot count would pass silently: an error.
	if grep -E '^SKIPPED' "$log" | grep -qvE '^SKIPPED: [0-9]+ checks?: .'; then
		errs=$((errs + 1))
		echo "  $name: a SKIPPED line not in the form" \
			"\"SKIPPED: <n> check(s): <reason>\" (kmt_skip), see $log"
		status=1
	fi
	grep -E '^SKIPPED: [0-9]+ checks?: ' "$log" | sed "s|^SKIPPED: |$name: |" \
		>> "$build/tests/skipped"
	echo "$name $checks $fails $errs $skipped" >> "$summary"
	[ "$rc" -ne 0 ] && status=1
done
exit $status
