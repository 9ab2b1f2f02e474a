#!/usr/bin/env python3
"""Write a student tree for one lab (`make lab-tree LAB=N OUT=DIR`).

    scripts/lab-tree.py LAB OUT [--reference] [--with-build BUILD]

OUT gets a standalone copy of the project (the files in git's index, as
they are in the working directory) in which lab LAB's regions are replaced by
the lab's stubs (labs/labN-*/stubs/<id>.c) and its markers are gone.
Nothing of the reference code of those regions is left: no .git, no
build directory, no mutant patches (labs/*/mutants/ stay out of every
tree), docs/mapping.md regenerated for the new line numbers. Other labs'
regions keep their reference code.

--reference     keep the reference code (markers and all): a scratch copy
                for mutants and tests
--with-build B  also copy the build directory B (without the twin build's
                assembly files, nor the lab's files as the build copied
                them for the tracer), mtimes kept, so `make` in OUT only
                recompiles the files that differ (tests, mutants)
"""
import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lablib import ROOT, Lab, LabError, stub_out, regions_of  # noqa: E402


def tracked_files(root):
    if os.path.isdir(os.path.join(root, '.git')) or os.path.isfile(os.path.join(root, '.git')):
        # git's index: committed or `git add`ed files, never untracked ones
        # (an instructor's notes or a solution lying around stay out)
        out = subprocess.run(['git', '-C', root, 'ls-files', '-z', '--cached'], check=True,
                             stdout=subprocess.PIPE).stdout.decode()
        files = [f for f in out.split('\0') if f]
    else:  # a tree made by this script: everything but builds
        files = []
        for d, subdirs, names in os.walk(root):
            rel = os.path.relpath(d, root)
            subdirs[:] = [s for s in subdirs if not (rel == '.' and s == 'build')]
            files += [os.path.normpath(os.path.join(rel, n)) for n in names]
    return sorted(f for f in files if os.path.isfile(os.path.join(root, f)))


def left_out(path):
    parts = path.split('/')
    return len(parts) >= 3 and parts[0] == 'labs' and parts[2] == 'mutants'


def make_tree(lab, out, reference=False, build=None):
    if os.path.exists(out) and os.listdir(out):
        raise LabError("%s exists and is not empty" % out)
    if not reference:
        for f in lab.files:
            text = open(os.path.join(lab.root, f), encoding='utf-8').read()
            if not any(r[0] == lab.num for r in regions_of(text, f)):
                raise LabError("%s has no LAB %s regions: is this already a student "
                               "tree? (lab-tree needs the reference)" % (f, lab.num))
    stubbed = []
    for f in tracked_files(lab.root):
        if left_out(f):
            continue
        src, dst = os.path.join(lab.root, f), os.path.join(out, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if not reference and f in lab.files:
            text, done = stub_out(open(src, encoding='utf-8').read(), lab, f)
            with open(dst, 'w', encoding='utf-8') as fh:
                fh.write(text)
            shutil.copymode(src, dst)
            stubbed += done
        else:
            shutil.copy2(src, dst)
    if not reference:
        missing = set(lab.regions) - set(stubbed)
        extra = set(stubbed) - set(lab.regions)
        if missing or extra:
            raise LabError("lab.conf regions and the LAB %s markers in `files` disagree: "
                           "not found %s, not listed %s" % (lab.num, sorted(missing) or '-',
                                                            sorted(extra) or '-'))
        gen = os.path.join(out, 'scripts', 'gen-mapping.sh')
        if os.path.exists(gen):
            subprocess.run([gen, '--write'], check=True, cwd=out)
    if build:
        src = os.path.join(lab.root, build)
        if not os.path.isdir(src):
            raise LabError("no build directory %s" % src)
        shutil.copytree(src, os.path.join(out, build), symlinks=True,
                        ignore=shutil.ignore_patterns('*.u.s', '*.t.s', '*.log'))
        if not reference:
            # build/*/kret/ holds the copies scripts/km-returns.pl made of
            # the sources (docs/architecture.md, "Return values"): the lab's
            # files there are the reference; make writes them again from
            # the stubs.
            for f in lab.files:
                hdr = 'kernel_mirror/include/'
                kret = os.path.join(out, build, 'kret',
                                    'include/' + f[len(hdr):] if f.startswith(hdr) else f)
                if os.path.exists(kret):
                    os.remove(kret)
    return stubbed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('lab')
    ap.add_argument('out')
    ap.add_argument('--reference', action='store_true')
    ap.add_argument('--with-build')
    a = ap.parse_args()
    try:
        if not a.out:
            raise LabError("say where: make lab-tree LAB=N OUT=DIR")
        lab = Lab(a.lab)
        make_tree(lab, a.out, a.reference, a.with_build)
    except LabError as e:
        print("lab-tree: %s" % e, file=sys.stderr)
        sys.exit(2)
    if not a.reference:
        print("lab %s (%s): student tree in %s; edit %s; grade with `make grade LAB=%s`"
              % (lab.num, lab.title, a.out, ' '.join(lab.files), lab.num))


if __name__ == '__main__':
    main()
