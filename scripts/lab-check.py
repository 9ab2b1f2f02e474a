#!/usr/bin/env python3
"""Check a student's Part A answers (scripts/lab-check.sh LAB ANSWERS).

    lab-check.py LAB ANSWERS        one line per question: ok, wrong, no answer
    lab-check.py --keys LAB         instructors: record labs/labN-*/keys
    lab-check.py --verify [LAB]     the recorded keys still match the mirror

ANSWERS holds `key = value` lines (a path relative to where you are).
Values may carry a unit or be hex: `1000 ms`, `1 s`, `0x0`, `64240 bytes`;
a key ending in _ms or _s converts seconds and milliseconds. The checker
never prints an expected value: labs/labN-*/keys holds salted SHA-256
digests of them, recorded from the reference with --keys, which runs the
commands of labs/labN-*/questions (`key: shell command printing the
value`, with $km the reference kmirror binary and the helpers below).
Exit status: the number of wrong or missing answers; 100 on bad usage.
"""
import glob
import hashlib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Shell helpers for the questions' commands (JSON trace in, one value out).
HELPERS = r'''
last_field() { grep -o "\"field\":\"$1\",\"new\":\"[^\"]*\"" | tail -1 | sed 's/.*"new":"//; s/"$//; s/ ms$//'; }
pkt_win() { grep -o "\"summary\":\"[^\"]*\[$1\][^\"]*\"" | head -1 | sed 's/.* win \([0-9]*\).*/\1/'; }
pkt_id() { grep "\"summary\":\"[^\"]*\[$1\]" | head -1 | sed 's/.*"hex":"\(............\).*/\1/' | cut -c9-12 | xargs -I{} printf '%d\n' 0x{}; }
pkt_ms() { grep "\"summary\":\"[^\"]*\[$1\]" | sed -n "${2}p" | sed 's/.*"t_ns":\([0-9]*\).*/\1/' | awk '{ printf "%d\n", $1 / 1000000 + 0.5 }'; }
round_ms() { awk '{ printf "%d\n", $1 * 1000 + 0.5 }'; }
round_s() { awk '{ printf "%d\n", $1 + 0.5 }'; }
'''

UNITS_S = ('s', 'sec', 'secs', 'second', 'seconds')
UNITS = UNITS_S + ('ms', 'msec', 'b', 'byte', 'bytes', 'segment', 'segments',
                   'syn', 'syns', 'port', 'ports', 'bucket', 'buckets', '')


class Usage(Exception):
    pass


def lab_dir(lab):
    dirs = sorted(glob.glob(os.path.join(ROOT, 'labs', 'lab%s-*' % lab, 'keys')))
    if not str(lab).isdigit() or not dirs:
        have = sorted(re.sub(r'.*/lab(\d+)-[^/]*/keys$', r'\1', d)
                      for d in glob.glob(os.path.join(ROOT, 'labs', 'lab*-*', 'keys')))
        raise Usage('no Part A questions for lab %s (labs with questions: %s)'
                    % (lab, ', '.join(sorted(have, key=int)) or 'none'))
    return os.path.dirname(dirs[0])


def canonical(key, value):
    """The form answers and keys are compared in."""
    v = ' '.join(str(value).strip().strip('"\'').split()).lower()
    m = re.match(r'^([+-]?)(0x[0-9a-f]+|\d+(?:\.\d+)?)\s*([a-z]*)$', v)
    if not m or m.group(3) not in UNITS:
        return v.upper()
    sign, num, unit = m.groups()
    x = int(num, 16) if num.startswith('0x') else float(num)
    if sign == '-':
        x = -x
    if key.endswith('_ms') and unit in UNITS_S:
        x *= 1000
    elif key.endswith('_s') and unit in ('ms', 'msec'):
        x /= 1000
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def digest(key, value):
    return hashlib.sha256(('kmirror-lab:%s:%s' % (key, canonical(key, value))).encode()).hexdigest()


def read_keys(d):
    keys = []
    path = os.path.join(d, 'keys')
    if not os.path.exists(path):
        raise Usage('%s has questions but no keys: run scripts/lab-check.py --keys N'
                    % os.path.relpath(d, ROOT))
    for line in open(path, encoding='utf-8'):
        line = line.split('#')[0].split()
        if len(line) == 2:
            keys.append((line[0], line[1]))
    return keys


def read_answers(path):
    if not os.path.isfile(path):
        raise Usage('no answers file %s: write one `key = value` line per question '
                    '(the keys are in the lab\'s README, under "Self-check")' % path)
    answers = {}
    for line in open(path, encoding='utf-8', errors='replace'):
        if '=' in line and not line.lstrip().startswith('#'):
            k, v = line.split('=', 1)
            if v.strip() and v.strip() != '...':
                answers[k.strip()] = v.strip()
    return answers


def check(lab, answers_path):
    d = lab_dir(lab)
    answers = read_answers(answers_path)
    wrong = 0
    for key, want in read_keys(d):
        if key not in answers:
            print('%s: no answer' % key)
            wrong += 1
        elif digest(key, answers[key]) == want:
            print('%s: ok' % key)
        else:
            print('%s: wrong (%s)' % (key, answers[key]))
            wrong += 1
    known = {k for k, _ in read_keys(d)}
    for k in answers:
        if k not in known:
            print('%s: not a question of lab %s (check the spelling)' % (k, lab))
    return wrong


def compute(d, km):
    """[(key, value)] from the questions file, run against kmirror km."""
    out = []
    for n, line in enumerate(open(os.path.join(d, 'questions'), encoding='utf-8'), 1):
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        key, cmd = line.split(':', 1)
        r = subprocess.run(['sh', '-c', HELPERS + cmd], cwd=ROOT, env=dict(os.environ, km=km),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        value = r.stdout.decode().strip()
        if r.returncode or not value or '\n' in value:
            raise Usage('%s/questions:%d: the command printed %r (exit %d) %s'
                        % (os.path.relpath(d, ROOT), n, value[:200], r.returncode,
                           r.stderr.decode()[-500:]))
        out.append((key.strip(), value))
    return out


def kmirror():
    km = os.environ.get('KMIRROR', os.path.join(ROOT, 'build', 'gcc', 'kmirror'))
    if not os.access(km, os.X_OK):
        raise Usage('no kmirror binary at %s: build it first (make)' % km)
    return os.path.abspath(km)


def main(argv):
    try:
        if len(argv) >= 1 and argv[0] in ('--keys', '--verify'):
            labs = argv[1:] or sorted(
                (re.sub(r'.*/lab(\d+)-[^/]*/questions$', r'\1', q)
                 for q in glob.glob(os.path.join(ROOT, 'labs', 'lab*-*', 'questions'))), key=int)
            bad = 0
            for lab in labs:
                d = os.path.dirname(sorted(glob.glob(os.path.join(
                    ROOT, 'labs', 'lab%s-*' % lab, 'questions')))[0])
                got = [(k, digest(k, v)) for k, v in compute(d, kmirror())]
                if argv[0] == '--keys':
                    with open(os.path.join(d, 'keys'), 'w', encoding='utf-8') as f:
                        f.write('# Part A: salted SHA-256 of each answer (scripts/lab-check.py '
                                '--keys %s)\n' % lab)
                        f.writelines('%s %s\n' % kv for kv in got)
                    print('lab %s: %d keys recorded' % (lab, len(got)))
                elif got != read_keys(d):
                    print('lab %s: the recorded keys no longer match the mirror '
                          '(scripts/lab-check.py --keys %s)' % (lab, lab))
                    bad += 1
            return bad
        if len(argv) != 2:
            raise Usage('usage: scripts/lab-check.sh LAB ANSWERS_FILE')
        return check(argv[0], argv[1])
    except Usage as e:
        print('lab-check: %s' % e, file=sys.stderr)
        return 100


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
