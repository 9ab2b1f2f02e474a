#!/bin/sh
# Check a student's Part A answers:  scripts/lab-check.sh LAB ANSWERS_FILE
# One line per question (ok, wrong, no answer), never the expected value;
# exit status: the number of wrong or missing answers (100: bad usage).
# Works from any directory. Details: scripts/lab-check.py.
exec python3 "$(dirname "$0")/lab-check.py" "$@"
