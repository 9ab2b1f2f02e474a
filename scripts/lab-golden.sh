#!/bin/sh
# make lab-golden LAB=N: record the golden traces of lab N from the
# reference (labs/labN-*/golden/<test>.jsonl, one per graded test), which
# the grader's divergence report compares a student's run with. Run it
# after any change to the mirror that changes what the lab's tests trace
# (tests/check_labs.c fails until you do).
set -eu
lab=${1:?usage: lab-golden.sh LAB}
cd "$(dirname "$0")/.."
unset MAKEFLAGS MFLAGS MAKELEVEL
bin=$(make -s --no-print-directory lab-bin LAB="$lab")
make --no-print-directory -j"${LAB_JOBS:-2}" "$bin"
python3 scripts/lab-run.py golden "$lab" "$bin"
