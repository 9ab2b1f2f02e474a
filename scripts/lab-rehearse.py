#!/usr/bin/env python3
"""Rehearse a lab's Gradescope autograder outside Gradescope (make test).

    scripts/lab-rehearse.py LAB BUILD

Writes the autograder zip (scripts/lab-gradescope.py), unpacks it into a
temporary /autograder layout, seeds the tree with BUILD's objects (so
setup.sh only recompiles the stubbed files), runs setup.sh (no package
installs: AUTOGRADER_ROOT is set) and then run_autograder for three
submissions: the reference files (full marks), nothing at all (the
handout's stubs: 0, and a note naming each missing file), a file that
does not compile (0 and the compiler's message) and the lab's first
mutant (partial marks). Each results.json is checked against
Gradescope's format. Exit status 0 when all of that holds.
LAB_MAKEARGS must match BUILD (CC=gcc for build/gcc, ...).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lablib import ROOT, Lab, LabError, unmark  # noqa: E402

VISIBILITY = ('hidden', 'after_due_date', 'after_published', 'visible')


def check_results(path, lab):
    """Problems with a results.json, as a list of strings."""
    bad = []
    try:
        doc = json.load(open(path, encoding='utf-8'))
    except (OSError, ValueError) as e:
        return ['unreadable results.json: %s' % e]
    if not isinstance(doc.get('score'), (int, float)):
        bad.append('score is not a number')
    if not isinstance(doc.get('execution_time'), (int, float)):
        bad.append('execution_time is not a number')
    tests = doc.get('tests')
    if not isinstance(tests, list):
        return bad + ['no tests[]']
    want = lab.tests()
    if [t.get('name') for t in tests] != [n for n, _, _ in want]:
        bad.append('tests[] names differ from grade/points')
    for t, (name, pts, hidden) in zip(tests, want):
        for k, ty in (('name', str), ('output', str), ('visibility', str)):
            if not isinstance(t.get(k), ty):
                bad.append('%s: %s missing or not a string' % (name, k))
        if t.get('max_score') != pts:
            bad.append('%s: max_score %r, points file says %d' % (name, t.get('max_score'), pts))
        if not isinstance(t.get('score'), (int, float)) or not 0 <= t['score'] <= pts:
            bad.append('%s: score %r out of range' % (name, t.get('score')))
        if t.get('visibility') not in VISIBILITY:
            bad.append('%s: visibility %r' % (name, t.get('visibility')))
        if hidden != (t.get('visibility') == 'after_published'):
            bad.append('%s: hidden in grade/points but visibility %r' % (name, t.get('visibility')))
    if not bad and sum(t['score'] for t in tests) != doc['score']:
        bad.append('score %s is not the sum of the tests' % doc['score'])
    return bad


def extract(z, dst):
    """unzip: modes and mtimes restored (zipfile.extractall keeps neither)."""
    for info in z.infolist():
        path = z.extract(info, dst)
        mode = info.external_attr >> 16
        if mode:
            os.chmod(path, mode & 0o777)
        t = time.mktime(info.date_time + (0, 0, -1))
        os.utime(path, (t, t))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    lab, build = Lab(sys.argv[1]), sys.argv[2]
    env = dict(os.environ)
    for k in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'LAB_NOTE'):
        env.pop(k, None)
    failures = []
    with tempfile.TemporaryDirectory(prefix='kmlab-ag-') as ag:
        env['AUTOGRADER_ROOT'] = ag
        src = os.path.join(ag, 'source')
        zpath = os.path.join(ag, 'autograder.zip')
        subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'lab-gradescope.py'),
                        lab.num, zpath], check=True, env=env, stdout=subprocess.DEVNULL)
        with zipfile.ZipFile(zpath) as z:
            names = z.namelist()
            for bad in ('setup.sh', 'run_autograder'):
                if bad not in names:
                    failures.append('the zip has no %s at its root' % bad)
            if any('/mutants/' in n for n in names):
                failures.append('the zip holds mutant patches (reference code)')
            extract(z, src)
        # What setup.sh would build from scratch, taken from BUILD: the
        # stubbed files are newer than these objects and get recompiled.
        shutil.copytree(os.path.join(ROOT, build), os.path.join(src, 'tree', build),
                        symlinks=True, ignore=shutil.ignore_patterns('*.u.s', '*.t.s', '*.log'))
        r = subprocess.run(['bash', os.path.join(src, 'setup.sh')], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode:
            log = os.path.join(src, 'setup-build.log')
            tail_log = open(log, errors='replace').read()[-3000:] if os.path.exists(log) else ''
            failures.append('setup.sh failed:\n' + r.stdout.decode()[-3000:] + tail_log)
            print('\n'.join(failures))
            return 1

        def submit(label, files):
            sub = os.path.join(ag, 'submission')
            shutil.rmtree(sub, ignore_errors=True)
            os.makedirs(sub)
            for f, text in files.items():   # flat, as a Gradescope upload
                with open(os.path.join(sub, os.path.basename(f)), 'w', encoding='utf-8') as fh:
                    fh.write(text)
            res = os.path.join(ag, 'results', 'results.json')
            if os.path.exists(res):
                os.unlink(res)
            p = subprocess.run([os.path.join(src, 'run_autograder')], cwd=ag, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode:
                failures.append('%s: run_autograder exited %d' % (label, p.returncode))
            problems = check_results(res, lab)
            if problems:
                failures.append('%s: results.json: %s' % (label, '; '.join(problems)))
                return None, ''
            doc = json.load(open(res, encoding='utf-8'))
            print('  %-10s score %s/%d, %s s' % (label, doc['score'],
                                                 sum(p for _, p, _ in lab.tests()),
                                                 doc['execution_time']))
            return doc['score'], doc.get('output', '')

        total = sum(p for _, p, _ in lab.tests())
        ref = {f: unmark(open(os.path.join(ROOT, f), encoding='utf-8').read(), lab, f)
               for f in lab.files}
        score, _ = submit('reference', ref)
        if score != total:
            failures.append('the reference scored %s, not %d' % (score, total))
        score, out = submit('empty', {})
        if score != 0:
            failures.append('an empty submission (the stubs) scored %s, not 0' % score)
        for f in lab.files:
            if os.path.basename(f) not in out:
                failures.append('an empty submission: the output does not name %s' % f)
        broken = dict(ref)
        broken[lab.files[0]] += '\nint this_does_not_compile = ;\n'
        score, out = submit('broken', broken)
        if score != 0 or 'does not compile' not in out or 'error' not in out:
            failures.append('a submission that does not compile must score 0 and '
                            'show the compiler\'s message')
        mutants = lab.mutants()
        if mutants:
            work = os.path.join(ag, 'mutant')
            os.makedirs(work)
            for f in lab.files:
                os.makedirs(os.path.dirname(os.path.join(work, f)), exist_ok=True)
                shutil.copy(os.path.join(ROOT, f), os.path.join(work, f))
            subprocess.run(['patch', '-p1', '-s', '-i', mutants[0]], cwd=work, check=True)
            score, _ = submit('mutant', {
                f: unmark(open(os.path.join(work, f), encoding='utf-8').read(), lab, f)
                for f in lab.files})
            if score is not None and not 0 < score < total:
                failures.append('mutant %s scored %s: expected partial marks'
                                % (os.path.basename(mutants[0]), score))
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except LabError as e:
        print('lab-rehearse: %s' % e, file=sys.stderr)
        sys.exit(2)
