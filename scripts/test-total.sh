#!/bin/sh
# Sum the summaries of several builds into the one line `make test` ends with.
#   scripts/test-total.sh BUILD_DIR...
# Skipped checks (see run-tests.sh) are shown apart, with their reasons;
# they never count as passed.
set -u
checks=0 fails=0 errs=0 skips=0 builds=""
for b in "$@"; do
	f="$b/tests/summary"
	if [ ! -f "$f" ]; then
		echo "test-total: no results in $b" >&2
		errs=$((errs + 1))
		continue
	fi
	builds="$builds $(basename "$b")"
	while read -r name c fl e sk; do
		checks=$((checks + c)); fails=$((fails + fl)); errs=$((errs + e))
		skips=$((skips + ${sk:-0}))
	done < "$f"
	if [ -s "$b/tests/skipped" ]; then
		sed "s|^|SKIPPED ($(basename "$b")): |" "$b/tests/skipped"
	fi
done
skipped=""
[ "$skips" -gt 0 ] && skipped=", $skips skipped"
# The plain closing line CI readers understand: passed, failed (failures
# and errors), skipped.
plain="tests: $((checks - fails - errs)) passed, $((fails + errs)) failed, $skips skipped"
if [ "$fails" -eq 0 ] && [ "$errs" -eq 0 ]; then
	echo "TOTAL: $checks checks, 0 failures, 0 errors$skipped ($builds ) — PASS"
	echo "$plain"
	exit 0
fi
echo "TOTAL: $checks checks, $fails failures, $errs errors$skipped ($builds ) — FAIL"
echo "$plain"
exit 1
