#!/bin/sh
# make grade LAB=N: build lab N's graded suite and score it.
#   scripts/lab-grade.sh LAB [--results FILE]
# LAB_MAKEARGS: how to build (the Makefile passes "CC=clang SAN=1", ASan and
# UBSan on, when clang is installed). A build that fails is reported with
# the compiler's messages and scores 0; it is not a grader error.
# --results FILE also writes Gradescope's results.json there.
# Works from any directory: it grades the tree this script belongs to.
set -u
lab=${1:-}
shift 2>/dev/null || true
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
if [ -z "$lab" ]; then
	echo "lab-grade: which lab? make grade LAB=N (labs: $(ls labs/lab*-*/lab.conf 2>/dev/null | sed 's|labs/lab\([0-9]*\)-.*|\1|' | tr '\n' ' '))" >&2
	exit 2
fi
# A grader run from inside another make must not join its jobserver.
unset MAKEFLAGS MFLAGS MAKELEVEL
makeargs=${LAB_MAKEARGS:-CC=gcc}
jobs=${LAB_JOBS:-2}
# A compiler without its sanitizer runtime would look like a student's
# link error: grade without the sanitizers then, and say so.
case " $makeargs " in
*" SAN=1 "*)
	cc=$(echo " $makeargs " | sed -n 's/.* CC=\([^ ]*\) .*/\1/p')
	t=$(mktemp -d)
	if ! echo 'int main(void) { return 0; }' |
	     "${cc:-cc}" -x c - -fsanitize=address,undefined -o "$t/a" >/dev/null 2>&1; then
		echo "note: ${cc:-cc} cannot build with ASan+UBSan here; grading without them"
		makeargs=$(echo " $makeargs " | sed 's/ SAN=1 / /')
	fi
	rm -rf "$t"
	;;
esac
# shellcheck disable=SC2086
bin=$(make -s --no-print-directory $makeargs lab-bin LAB="$lab") || exit 2
case "$bin" in
*/labs/*) ;;
*) python3 scripts/lab-run.py grade "$lab" /nonexistent; exit 2 ;;
esac
mkdir -p "$(dirname "$bin")"
log="$(dirname "$bin")/build.log"
# shellcheck disable=SC2086
if ! make --no-print-directory -j"$jobs" $makeargs "$bin" > "$log" 2>&1; then
	exec python3 scripts/lab-run.py grade "$lab" "$bin" --compile-log "$log" "$@"
fi
exec python3 scripts/lab-run.py grade "$lab" "$bin" "$@"
