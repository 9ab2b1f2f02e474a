#!/usr/bin/env python3
"""Grade every planted mutant of a lab (`make lab-mutants [LAB=N]`).

    scripts/lab-mutants.py [LAB...] [--first] [--status]

Each labs/labN-*/mutants/*.patch is applied (patch -p1) to a scratch copy
of the reference tree that starts from this tree's build (so only the
patched file is recompiled), checked to change nothing outside the lab's
regions, and graded. One line per mutant, then the kill rate. A mutant
that still scores full marks is a hole in the grader: the exit status is
then 1 (also when a patch does not apply or the reference itself does not
score full marks). --first grades only each lab's first mutant.
--status (`make course-status`) also grades each lab's reference and a
fresh student tree, and ends with one table of the whole course: every
lab's reference score, stub-tree score and kill rate; the exit status is
then 1 unless every reference scores full marks, every stub tree 0 and
every mutant is killed.
LAB_MAKEARGS chooses the build, as for make grade.
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib.util  # noqa: E402
from lablib import ROOT, Lab, LabError, lab_numbers, stub_out  # noqa: E402

_spec = importlib.util.spec_from_file_location('labtree', os.path.join(ROOT, 'scripts', 'lab-tree.py'))
labtree = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(labtree)


def env():
    e = dict(os.environ)
    for k in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL'):
        e.pop(k, None)
    e.setdefault('LAB_MAKEARGS', 'CC=gcc')
    e['LAB_JOBS'] = '1'
    return e


def base_build(lab):
    """Build the reference suite here; the build directory's name."""
    args = env()['LAB_MAKEARGS'].split()
    binary = subprocess.run(['make', '-s', '--no-print-directory'] + args +
                            ['lab-bin', 'LAB=' + lab.num], cwd=ROOT, env=env(),
                            check=True, stdout=subprocess.PIPE).stdout.decode().strip()
    r = subprocess.run(['make', '--no-print-directory', '-j2'] + args + [binary],
                       cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode:
        raise LabError('the reference does not build:\n' + r.stdout.decode()[-3000:])
    return binary[:binary.index('/' + lab.rel + '/')]


def grade_tree(tree, lab):
    """(score, total, first failing test) of a tree, graded there."""
    r = subprocess.run([os.path.join(tree, 'scripts', 'lab-grade.sh'), lab.num],
                       cwd=tree, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = r.stdout.decode('utf-8', 'replace')
    m = re.search(r'^Lab \S+: (\d+)/(\d+)$', out, re.M)
    if not m:
        raise LabError('grading %s printed no score:\n%s' % (tree, out[-3000:]))
    first = re.search(r'^  (?:FAIL|CRASH|TIMEOUT)\s+\d+/\d+\s+(\S+)', out, re.M)
    name = first.group(1) if first else ''
    if 'does not compile' in out:
        name = '(does not compile)'
    return int(m.group(1)), int(m.group(2)), name


def only_in_regions(lab, tree):
    """A mutant may change the lab's regions only."""
    for f in lab.files:
        ref = open(os.path.join(lab.root, f), encoding='utf-8').read()
        mut = open(os.path.join(tree, f), encoding='utf-8').read()
        if stub_out(ref, lab, f)[0] != stub_out(mut, lab, f)[0]:
            return f
    return None


def run_mutant(lab, patch, build, tmp):
    tree = os.path.join(tmp, os.path.basename(patch)[:-6])
    labtree.make_tree(lab, tree, reference=True, build=build)
    r = subprocess.run(['patch', '-p1', '-s', '--no-backup-if-mismatch', '-i', patch],
                       cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode:
        return None, 'patch does not apply: ' + r.stdout.decode().strip()
    outside = only_in_regions(lab, tree)
    if outside:
        return None, 'changes %s outside the lab\'s regions' % outside
    score, total, first = grade_tree(tree, lab)
    shutil.rmtree(tree, ignore_errors=True)
    return (score, total), first


def misconception(patch):
    for line in open(patch, encoding='utf-8'):
        if line.startswith('#'):
            return line.lstrip('# ').replace('Misconception:', '').strip()
    return ''


def stub_score(lab, build):
    """(score, total) of a fresh student tree of the lab."""
    with tempfile.TemporaryDirectory(prefix='kmlab-stub-') as tmp:
        tree = os.path.join(tmp, 'tree')
        labtree.make_tree(lab, tree, reference=False, build=build)
        score, total, _ = grade_tree(tree, lab)
    return score, total


def print_status(rows, build):
    """The course at a glance; True when every lab is as it should be."""
    print()
    print('Course status (%s):' % build)
    print('  %-4s %-40s %-10s %-10s %s' % ('Lab', 'Title', 'Reference', 'Stub tree',
                                          'Mutants killed'))
    ok = True
    killed_all = total_all = 0
    for lab, ref, stub, killed, n in rows:
        good = ref[0] == ref[1] and stub[0] == 0 and killed == n and n > 0
        ok = ok and good
        killed_all += killed
        total_all += n
        print('  %-4s %-40s %-10s %-10s %d/%d (%d %%)%s'
              % (lab.num, lab.title[:40], '%d/%d' % ref, '%d/%d' % stub, killed, n,
                 100 * killed // n if n else 0, '' if good else '   <- check this lab'))
    print('  %d lab%s: %s; %d/%d mutants killed (%d %%).'
          % (len(rows), '' if len(rows) == 1 else 's', 'every reference scores full marks and every stub tree 0'
             if ok else 'NOT every lab is as it should be', killed_all, total_all,
             100 * killed_all // total_all if total_all else 0))
    return ok


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    first_only = '--first' in sys.argv
    course = '--status' in sys.argv
    status = 0
    rows = []
    build = ''
    try:
        labs = [Lab(n) for n in (args or lab_numbers())]
        for lab in labs:
            patches = lab.mutants()[:1] if first_only else lab.mutants()
            if not patches:
                raise LabError('lab %s has no mutants here (they are never part of a '
                               'student tree)' % lab.num)
            t0 = time.time()
            build = base_build(lab)
            print('Lab %s mutants (%s, %s):' % (lab.num, lab.title, build))
            killed = 0
            with tempfile.TemporaryDirectory(prefix='kmlab-') as tmp:
                # two mutants at a time, each graded one test at a time
                with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                    runs = [pool.submit(run_mutant, lab, p, build, tmp) for p in patches]
                for p, run in zip(patches, runs):
                    res, info = run.result()
                    name = os.path.basename(p)[:-6]
                    if res is None:
                        print('  BROKEN  %-45s %s' % (name, info))
                        status = 1
                        continue
                    score, total = res
                    if score < total:
                        killed += 1
                        verdict = 'killed'
                    else:
                        verdict = 'ALIVE'
                        status = 1
                    print('  %-7s %3d/%-3d %-45s %s' % (verdict, score, total, name,
                                                        info and 'first failing: ' + info
                                                        or misconception(p)))
            n = len(patches)
            print('Lab %s: %d/%d mutants killed (%d %%) in %.1f s'
                  % (lab.num, killed, n, 100 * killed // n if n else 0, time.time() - t0))
            if n < 10 and not first_only:
                print('Lab %s: only %d mutants (the contract asks for 10)' % (lab.num, n))
            if course:
                ref = grade_tree(ROOT, lab)[:2]
                stub = stub_score(lab, build)
                print('Lab %s: reference %d/%d, student tree %d/%d'
                      % (lab.num, ref[0], ref[1], stub[0], stub[1]))
                rows.append((lab, ref, stub, killed, n))
        if course and not print_status(rows, build):
            status = 1
    except (LabError, subprocess.CalledProcessError) as e:
        print('lab-mutants: %s' % e, file=sys.stderr)
        return 2
    return status


if __name__ == '__main__':
    sys.exit(main())
