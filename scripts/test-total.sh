#!/bin/sh
# Sum the summaries of several builds into the one line `make test` ends with.
#   scripts/test-total.sh BUILD_DIR...
set -u
checks=0 fails=0 errs=0 builds=""
for b in "$@"; do
	f="$b/tests/summary"
	if [ ! -f "$f" ]; then
		echo "test-total: no results in $b" >&2
		errs=$((errs + 1))
		continue
	fi
	builds="$builds $(basename "$b")"
	while read -r name c fl e; do
		checks=$((checks + c)); fails=$((fails + fl)); errs=$((errs + e))
	done < "$f"
done
if [ "$fails" -eq 0 ] && [ "$errs" -eq 0 ]; then
	echo "TOTAL: $checks checks, 0 failures, 0 errors ($builds ) — PASS"
	exit 0
fi
echo "TOTAL: $checks checks, $fails failures, $errs errors ($builds ) — FAIL"
exit 1
