#!/bin/sh
# Run each libFuzzer target of a fuzz build for a bounded time.
#   scripts/fuzz.sh BUILD_DIR SECONDS TARGET...
# Seeds come from tests/fuzz/corpus/<target>/ (read only); what the run
# finds goes to BUILD_DIR/fuzz/corpus/<target>/ and is kept between runs.
# Prints, per target, executions per second and coverage; exits 1 if any
# target found a crash, a leak, a kernel warning or a timeout (the input
# is left in BUILD_DIR/fuzz/ as crash-*, leak-* or timeout-*).
set -u
build=$1
secs=$2
shift 2
status=0
root=$(pwd)
for t in "$@"; do
	bin="$build/fuzz/$t"
	seeds="tests/fuzz/corpus/${t#fuzz_}"
	work="$build/fuzz/corpus/$t"
	log="$build/fuzz/$t.log"
	mkdir -p "$work"
	case "$t" in
	fuzz_rx) opts="-max_len=1600" ;;
	fuzz_record_struct) opts="-max_len=4096" ;;
	fuzz_pkt) opts="-max_len=8192" ;;
	*) opts="-max_len=32768" ;;
	esac
	# shellcheck disable=SC2086
	( cd "$build/fuzz" && "./$t" $opts -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 "corpus/$t" \
		"$root/$seeds" ) > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	if [ "$rc" -eq 0 ]; then
		verdict="no findings"
	else
		verdict="FOUND A PROBLEM (exit $rc), see $log"
		status=1
	fi
	echo "  $t: ${execs:-?} execs in ${secs} s (${rate:-?}/s), cov ${cov:-?} edges, ft ${ft:-?}, corpus ${corp:-?}: $verdict"
done
exit $status
