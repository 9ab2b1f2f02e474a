#!/bin/sh
# Run the Check suites of one build; record totals for test-total.sh.
#   scripts/run-tests.sh BUILD_DIR SUITE...
# Each suite's output goes to BUILD_DIR/tests/<suite>.log and is echoed;
# BUILD_DIR/tests/summary lists "suite checks failures errors".
set -u
build=$1
shift
mkdir -p "$build/tests"
summary="$build/tests/summary"
: > "$summary"
status=0
for t in "$@"; do
	name=$(basename "$t")
	log="$build/tests/$name.log"
	# Check's own per-test timeout, scaled for sanitizer builds.
	CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-60} "$t" > "$log" 2>&1
	rc=$?
	grep -v "ASan doesn't fully support makecontext" "$log" | sed "s|^|  |"
	line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -1)
	checks=$(echo "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
	fails=$(echo "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
	errs=$(echo "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
	if [ -z "$checks" ]; then
		# The suite did not even report: count it as one error.
		checks=0 fails=0 errs=1
		echo "  $name: no result line (exit $rc), see $log"
	fi
	[ "$rc" -ne 0 ] && [ "$fails" -eq 0 ] && [ "$errs" -eq 0 ] && errs=1
	echo "$name $checks $fails $errs" >> "$summary"
	[ "$rc" -ne 0 ] && status=1
done
exit $status
