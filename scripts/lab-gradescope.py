#!/usr/bin/env python3
"""Write a Gradescope autograder for one lab (`make gradescope LAB=N`).

    scripts/lab-gradescope.py LAB [OUT.zip]     (default build/gradescope-labN.zip)

The zip (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
    setup.sh         run once when Gradescope builds the image: installs the
                     compilers and libraries, builds the pristine student
                     tree so that a submission only recompiles its files
    run_autograder   run per submission: copies the lab's editable files
                     (and nothing else) from /autograder/submission into a
                     copy of the pristine tree, builds, grades, writes
                     /autograder/results/results.json
    lab.env          LAB=N and FILES="the editable files"
    tree/            the student tree (make lab-tree): stubs, no reference

AUTOGRADER_ROOT (default /autograder) moves the whole layout, for tests;
LAB_MAKEARGS overrides the build setup.sh chose.
"""
import os
import stat
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib.util  # noqa: E402
from lablib import ROOT, Lab, LabError  # noqa: E402

_spec = importlib.util.spec_from_file_location('labtree', os.path.join(ROOT, 'scripts', 'lab-tree.py'))
labtree = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(labtree)

SETUP = r'''#!/usr/bin/env bash
# Gradescope runs this once, as root, while building the autograder image
# (Ubuntu). It installs the toolchain and builds the pristine student tree,
# so that grading a submission recompiles only the submitted files.
set -eu
src=${AUTOGRADER_ROOT:-/autograder}/source
# (AUTOGRADER_ROOT set: a rehearsal outside Gradescope, nothing installed.)
if [ -z "${AUTOGRADER_ROOT:-}" ] && command -v apt-get >/dev/null 2>&1 &&
   [ "$(id -u)" = 0 ]; then
	apt-get install -y --no-install-recommends build-essential clang make \
		pkg-config check libsubunit-dev libncurses-dev libmnl-dev python3 patch
	# the clang sanitizer runtime has its own package on newer releases
	apt-get install -y --no-install-recommends libclang-rt-dev 2>/dev/null || true
fi
. "$src/lab.env"
cd "$src/tree"
# The graded build: clang with ASan+UBSan, else gcc with them, else plain
# gcc (LAB_MAKEARGS: only that one).
if [ -n "${LAB_MAKEARGS:-}" ]; then
	set -- "$LAB_MAKEARGS"
else
	set -- "CC=clang SAN=1" "CC=gcc SAN=1" "CC=gcc"
fi
for args in "$@"; do
	bin=$(make -s --no-print-directory $args lab-bin LAB="$LAB")
	if make -j"$(nproc)" $args "$bin" > "$src/setup-build.log" 2>&1; then
		echo "$args" > "$src/makeargs"
		echo "setup: lab $LAB builds with $args"
		exit 0
	fi
	echo "setup: the build with $args failed; see $src/setup-build.log"
done
exit 1
'''

RUN = r'''#!/usr/bin/env bash
# Gradescope runs this for each submission. It never trusts the submission
# with anything but the lab's editable files.
set -u
ag=${AUTOGRADER_ROOT:-/autograder}
src=$ag/source
. "$src/lab.env"
mkdir -p "$ag/results"
results=$ag/results/results.json
makeargs=${LAB_MAKEARGS:-$(cat "$src/makeargs" 2>/dev/null || echo CC=gcc)}
work=$ag/work
rm -rf "$work"
cp -a "$src/tree" "$work"	# the pristine tree, objects and all (mtimes kept)

note=""
for f in $FILES; do
	base=${f##*/}
	if [ -f "$ag/submission/$f" ]; then
		got=$ag/submission/$f
	else
		got=$(find "$ag/submission" -type f -name "$base" 2>/dev/null | sort | head -1)
	fi
	if [ -n "$got" ]; then
		cp "$got" "$work/$f"
		touch "$work/$f"
	else
		note="${note}Your submission has no $base ($f): graded with the unmodified handout version of it.
"
	fi
done

cd "$work"
LAB_MAKEARGS="$makeargs" LAB_NOTE="$note" scripts/lab-grade.sh "$LAB" --results "$results"
rc=$?
if [ "$rc" -ge 2 ] || [ ! -s "$results" ]; then
	python3 - "$results" "$rc" <<'PY'
import json, sys
json.dump({"score": 0, "output": "The autograder itself failed (status %s): "
           "please tell your instructor." % sys.argv[2], "tests": []},
          open(sys.argv[1], "w"))
PY
fi
exit 0
'''


def add(z, path, arc, mode=None):
    info = zipfile.ZipInfo.from_file(path, arc)
    if mode is not None:
        info.external_attr = (stat.S_IFREG | mode) << 16
    with open(path, 'rb') as f:
        z.writestr(info, f.read(), zipfile.ZIP_DEFLATED)


def build_zip(lab, out):
    with tempfile.TemporaryDirectory(prefix='kmlab-gs-') as tmp:
        tree = os.path.join(tmp, 'tree')
        labtree.make_tree(lab, tree)
        files = {'setup.sh': SETUP, 'run_autograder': RUN,
                 'lab.env': 'LAB=%s\nFILES="%s"\n' % (lab.num, ' '.join(lab.files))}
        for name, text in files.items():
            with open(os.path.join(tmp, name), 'w') as f:
                f.write(text)
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with zipfile.ZipFile(out, 'w') as z:
            add(z, os.path.join(tmp, 'setup.sh'), 'setup.sh', 0o755)
            add(z, os.path.join(tmp, 'run_autograder'), 'run_autograder', 0o755)
            add(z, os.path.join(tmp, 'lab.env'), 'lab.env', 0o644)
            for d, _, names in os.walk(tree):
                for n in sorted(names):
                    p = os.path.join(d, n)
                    add(z, p, os.path.join('tree', os.path.relpath(p, tree)))


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        lab = Lab(sys.argv[1])
        out = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else \
            os.path.join(ROOT, 'build', 'gradescope-lab%s.zip' % lab.num)
        build_zip(lab, out)
    except LabError as e:
        print('lab-gradescope: %s' % e, file=sys.stderr)
        return 2
    print('lab %s: Gradescope autograder in %s (upload it as the assignment\'s '
          'autograder; see docs/instructor-labs.md)' % (lab.num, out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
