#!/usr/bin/env python3
"""Run a lab's graded suite and score it (the second half of `make grade`;
scripts/lab-grade.sh builds the suite first).

    lab-run.py grade LAB BIN [--results FILE] [--compile-log LOG]
                                      (LAB: a number, or a lab's directory)
    lab-run.py golden LAB BIN          record labs/labN-*/golden/<test>.jsonl.gz
    lab-run.py diverge GOLDEN MINE     the first difference of two traces
    lab-run.py check-golden LAB BIN    the reference still matches its golden traces
    lab-run.py lint LAB                the lab follows the contract

grade: each test of grade/points runs alone in its own process
(CK_RUN_CASE=<test>, Check's fork mode, CK_DEFAULT_TIMEOUT = the lab's
timeout), so a crash, a hang or a sanitizer report costs that test only.
One line per test with its points, then `Lab N: X/100`. A failing test is
run once more with KMT_TRACE_JSON set (tests/lib/kmtest.h) and its trace
compared with the golden trace recorded from the reference: the first
function, step and field where they part is printed. --results writes
Gradescope's results.json; --compile-log means the build failed: every
test scores 0 and the compiler's messages are the report.
Exit status: 0 full marks, 1 otherwise, 2 the grader itself failed.
"""
import concurrent.futures
import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lablib import Lab, LabError, regions_of  # noqa: E402

# Keys kept from the JSON sink's lines (docs/trace-json.md) in golden traces.
KEEP = ('seq', 'ev', 'host', 'func', 'linux', 'text', 'ret', 'dir', 'dev',
        'summary', 'obj', 'struct', 'what', 'syscall', 'arg')


# ---- running one test ----

def run_test(lab, binary, name, trace=None):
    """(status, output): status is pass, fail, crash, timeout or missing."""
    env = dict(os.environ, CK_RUN_CASE=name, CK_FORK='yes',
               CK_DEFAULT_TIMEOUT=str(lab.timeout), CK_VERBOSITY='normal')
    env.pop('KMT_TRACE_JSON', None)
    env.pop('CK_RUN_SUITE', None)
    if trace:
        env['KMT_TRACE_JSON'] = trace
    # UBSan reports must fail the test, whichever way the build recovers.
    env.setdefault('UBSAN_OPTIONS', 'halt_on_error=1:print_stacktrace=1')
    try:
        p = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as e:
        return 'crash', 'cannot run %s: %s' % (binary, e)
    try:
        out, _ = p.communicate(timeout=lab.timeout + 15)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return 'timeout', 'still running after %d s' % (lab.timeout + 15)
    out = out.decode('utf-8', 'replace')
    m = re.search(r'^\d+%: Checks: (\d+), Failures: (\d+), Errors: (\d+)', out, re.M)
    if not m:
        return 'crash', describe_crash(out, p.returncode)
    checks, fails, errs = map(int, m.groups())
    if checks == 0:
        return 'missing', 'no test named %s in %s' % (name, binary)
    if fails == 0 and errs == 0:
        return 'pass', ''
    return classify(out, lab.timeout)


def classify(out, timeout):
    """A failed Check run: why, in a few lines."""
    san = sanitizer_report(out)
    if san:
        return 'crash', san
    msg = []
    for line in out.splitlines():
        m = re.match(r'^[^:]*:\d+:[FE]:[^:]*:[^:]*:\d+: (.*)$', line)
        if m:
            msg.append(m.group(1))
        elif msg and not re.match(r'^(Running suite|\d+%: Checks)', line):
            msg.append(line)
    text = '\n'.join(msg).strip()
    if 'Test timeout expired' in text:
        return 'timeout', 'still running after %d s, the time limit (an endless loop?)' \
            % timeout
    m = re.search(r'Received signal (\d+) \(([^)]*)\)', text)
    if m:
        return 'crash', 'crashed: signal %s (%s)' % (m.group(1), m.group(2))
    if text.startswith('(after this point) Early exit'):
        return 'crash', 'the test process exited early (%s)' % text
    return 'fail', text or out.strip()


def sanitizer_report(out):
    m = re.search(r'ERROR: AddressSanitizer: (.*)', out)
    where = None
    if m:
        kind = 'AddressSanitizer: ' + m.group(1).split(' on ')[0]
        for f in re.finditer(r'#\d+ 0x[0-9a-f]+ in (\S+) (\S+)', out):
            if 'kernel_mirror/' in f.group(2) or 'labs/' in f.group(2):
                where = '%s %s' % (f.group(1), f.group(2))
                break
        return 'crashed: %s%s' % (kind, ' in ' + where if where else '')
    m = re.search(r'^(\S+): runtime error: (.*)$', out, re.M)
    if m:
        return 'crashed: UBSan: %s: %s' % (m.group(1), m.group(2))
    m = re.search(r'ERROR: LeakSanitizer: (.*)', out)
    if m:
        return 'LeakSanitizer: %s' % m.group(1)
    return None


def describe_crash(out, rc):
    san = sanitizer_report(out)
    if san:
        return san
    if rc is not None and rc < 0:
        return 'the suite died: signal %d' % -rc
    return 'the suite printed no result (exit %s):\n%s' % (rc, out.strip()[-2000:])


# ---- traces ----

def open_trace(path, mode='r'):
    """Traces are JSON Lines; golden ones gzip-compressed (.gz)."""
    if path.endswith('.gz'):
        if mode == 'w':   # mtime 0: the same trace gives the same bytes
            return io.TextIOWrapper(gzip.GzipFile(path, 'wb', mtime=0), encoding='utf-8')
        return gzip.open(path, 'rt', encoding='utf-8')
    return open(path, mode, encoding='utf-8')


def normalize(src, dst):
    """Keep the keys that matter of a JSON sink trace (golden traces)."""
    with open(src, encoding='utf-8') as fi, open_trace(dst, 'w') as fo:
        for line in fi:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if e.get('ev') in ('note', 'result'):
                continue
            k = {key: e[key] for key in KEEP if key in e}
            if e.get('ev') != 'step':
                k.pop('text', None)
            if e.get('diffs'):
                k['diffs'] = [{'obj': d.get('obj'), 'field': d.get('field'),
                               'new': d.get('new')} for d in e['diffs']]
            fo.write(json.dumps(k, separators=(',', ':')) + '\n')


def observables(path):
    """A trace as what a student's code can be judged on: calls, returns,
    packets, objects, syscalls; the fields changed between two of them.
    Step points are not compared (a student's code has its own); the
    reference's last step is kept to say where a difference lies."""
    items, pending, stacks, steps = [], {}, {}, {}
    with open_trace(path) as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                break       # a trace cut short by a crash
            host = e.get('host', '')
            for d in e.get('diffs') or []:
                pending[(d.get('obj'), d.get('field'))] = d.get('new')
            ev = e.get('ev')
            stack = stacks.setdefault(host, [])
            where = stack[-1] if stack else None
            if ev == 'step':
                steps[(host, e.get('func'))] = (e.get('text'), e.get('linux'))
                continue
            if ev == 'enter':
                key = ('enter', e.get('func'))
            elif ev == 'exit':
                key = ('exit', e.get('func'), e.get('ret'))
            elif ev == 'packet':
                key = ('packet', e.get('dir'), e.get('dev'), e.get('summary'))
            elif ev in ('new', 'free'):
                key = (ev, e.get('obj'), e.get('struct'))
            elif ev == 'sched' and e.get('what') in ('syscall_enter', 'syscall_exit'):
                key = ('sched', e.get('what'), e.get('syscall'), e.get('arg'))
            else:
                continue
            ctx = {'host': host, 'func': where,
                   'caller': stack[-2] if len(stack) > 1 else None,
                   'step': steps.get((host, where)) if where else None}
            items.append((host, key, pending, ctx))
            pending = {}
            if ev == 'enter':
                stack.append(e.get('func'))
            elif ev == 'exit' and stack:
                stack.pop()
                steps.pop((host, e.get('func')), None)
    if pending:
        items.append(('', ('end',), pending, {'host': '', 'func': None, 'caller': None,
                                              'step': None}))
    return items


def say(key):
    kind = key[0]
    if kind == 'enter':
        return 'calls %s()' % key[1]
    if kind == 'exit':
        return '%s() returns %s' % (key[1], key[2] if key[2] is not None else '(void)')
    if kind == 'packet':
        return '%s %s: %s' % ('sends on' if key[1] == 'tx' else 'receives on', key[2], key[3])
    if kind in ('new', 'free'):
        return '%s %s (%s)' % ('allocates' if kind == 'new' else 'frees', key[1], key[2])
    if kind == 'sched':
        return '%s %s%s' % ('enters' if key[1] == 'syscall_enter' else 'returns from',
                            key[2], ' = %s' % key[3] if key[1] == 'syscall_exit' else '')
    return 'the run ends'


def where(ctx):
    s = 'host %s' % ctx['host'] if ctx['host'] else 'the world'
    if ctx['func']:
        s = '%s()%s, %s' % (ctx['func'], ' (called from %s())' % ctx['caller']
                             if ctx.get('caller') else '', s)
        if ctx['step']:
            s += '; the reference\'s last step there: "%s" (%s)' % ctx['step']
    return s


def next_change(items, k):
    """The reference's next field change after item k, as a hint."""
    for _, key, diffs, _ in items[k + 1:k + 12]:
        for (obj, field), new in diffs.items():
            return ' Next, the reference sets %s.%s to %s.' % (obj, field, new)
    return ''


def diverge(golden, mine):
    """The first difference, in words; None if the runs agree."""
    a, b = observables(golden), observables(mine)
    for k in range(max(len(a), len(b))):
        if k >= len(b):
            return ('Your run ends here (it crashed, hung or stopped early) while '
                    'the reference goes on: in %s, the reference %s.'
                    % (where(a[k][3]), say(a[k][1])))
        if k >= len(a):
            return 'Your run goes on after the reference ended: it %s.' % say(b[k][1])
        (ha, ka, da, ca), (hb, kb, db, cb) = a[k], b[k]
        if (ha, ka) != (hb, kb):
            return ('First difference from the reference run: in %s, the reference '
                    '%s; your run %s.%s' % (where(ca), say(ka), say(kb), next_change(a, k)))
        if da != db:
            for key in list(da) + [x for x in db if x not in da]:
                if da.get(key, '\0') != db.get(key, '\0'):
                    ref = da.get(key, '(unchanged)')
                    yours = db.get(key, '(unchanged)')
                    return ('First difference from the reference run: in %s, '
                            'before it %s: %s.%s is %s in your run, %s in the reference.'
                            % (where(ca), say(ka), key[0], key[1], yours, ref))
    return None


# ---- grading ----

def grade(lab, binary, results=None, compile_log=None):
    start = time.time()
    tests = lab.tests()
    total = sum(p for _, p, _ in tests)
    score, rows = 0, []

    def emit(s=''):
        print(s, flush=True)

    emit('Lab %s — %s (%s)' % (lab.num, lab.title, os.path.relpath(binary)))
    header = os.environ.get('LAB_NOTE', '').strip()
    if header:      # run_autograder's remarks on the submission
        emit(header)
    if compile_log is not None:
        msg = compiler_messages(compile_log)
        msg = 'Your code does not compile, so every test scores 0:\n' + msg
        header = (header + '\n' + msg).strip()
        emit(msg)
        for name, pts, hidden in tests:
            rows.append((name, 0, pts, hidden, 'not run: the lab does not compile'))
    elif not os.access(binary, os.X_OK):
        raise LabError('no suite binary %s (build it first)' % binary)
    else:
        jobs = max(1, int(os.environ.get('LAB_JOBS', '2')))
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            runs = [pool.submit(run_test, lab, binary, name) for name, _, _ in tests]
        for (name, pts, hidden), run in zip(tests, runs):
            status, text = run.result()
            got = pts if status == 'pass' else 0
            score += got
            if status == 'missing':
                raise LabError(text + ' (grade/points and the suite disagree)')
            if status != 'pass' and status != 'timeout':
                d = divergence(lab, binary, name)
                if d:
                    text += '\n' + d
            emit('  %-7s %3d/%-3d %s' % (status.upper(), got, pts, name))
            for line in text.splitlines():
                emit('          ' + line)
            rows.append((name, got, pts, hidden, '%s\n%s' % (status.upper(), text) if text else 'PASS'))
    emit('Lab %s: %d/%d' % (lab.num, score, total))
    if results:
        write_results(results, score, time.time() - start, header, rows)
    return score, total


def divergence(lab, binary, name):
    golden = os.path.join(lab.golden_dir(), name + '.jsonl.gz')
    if not os.path.exists(golden):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        raw, mine = os.path.join(tmp, 'raw.jsonl'), os.path.join(tmp, 'mine.jsonl')
        run_test(lab, binary, name, trace=raw)
        if not os.path.exists(raw):
            return None
        normalize(raw, mine)
        return diverge(golden, mine)


def compiler_messages(log):
    try:
        text = open(log, encoding='utf-8', errors='replace').read()
    except OSError:
        return '(no build log)'
    keep = [l for l in text.splitlines()
            if not re.match(r'^\s+(CC|AR|LD)\s', l) and not l.startswith('make')]
    # The twin build compiles a file twice: say each message once.
    blocks, seen = [], set()
    for l in keep:
        if not blocks or re.match(r'^\S+:\d+:(\d+:)? ', l) or l.startswith('In file'):
            blocks.append([])
        blocks[-1].append(l)
    out = []
    for b in blocks:
        if tuple(b) not in seen:
            seen.add(tuple(b))
            out += b
    return '\n'.join(out[-80:]).strip() or text.strip()[-4000:]


def write_results(path, score, secs, output, rows):
    doc = {
        'score': score,
        'execution_time': round(secs, 2),
        'output': output or 'Lab graded: one test per line below.',
        'tests': [{'name': n, 'score': got, 'max_score': pts,
                   'output': text[:8000],
                   'visibility': 'after_published' if hidden else 'visible'}
                  for n, got, pts, hidden, text in rows],
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(doc, f, indent=1)


def golden(lab, binary):
    for f in lab.files:
        text = open(os.path.join(lab.root, f), encoding='utf-8').read()
        if not any(r[0] == lab.num for r in regions_of(text, f)):
            raise LabError('%s has no LAB %s regions: golden traces are recorded '
                           'from the reference, not from a student tree' % (f, lab.num))
    os.makedirs(lab.golden_dir(), exist_ok=True)
    for name, _, _ in lab.tests():
        dst = os.path.join(lab.golden_dir(), name + '.jsonl.gz')
        with tempfile.TemporaryDirectory() as tmp:
            raw = os.path.join(tmp, 'raw.jsonl')
            status, text = run_test(lab, binary, name, trace=raw)
            if status != 'pass':
                raise LabError('the reference fails %s, no golden trace:\n%s' % (name, text))
            normalize(raw, dst)
        with open_trace(dst) as f:
            print('  %s (%d events)' % (os.path.relpath(dst, lab.root), sum(1 for _ in f)))


def check_golden(lab, binary):
    """The reference run of every test still matches its golden trace."""
    bad = 0
    for name, _, _ in lab.tests():
        golden = os.path.join(lab.golden_dir(), name + '.jsonl.gz')
        if not os.path.exists(golden):
            print('%s: no golden trace (make lab-golden LAB=%s)' % (name, lab.num))
            bad += 1
            continue
        with tempfile.TemporaryDirectory() as tmp:
            raw, mine = os.path.join(tmp, 'raw.jsonl'), os.path.join(tmp, 'mine.jsonl')
            status, text = run_test(lab, binary, name, trace=raw)
            if status != 'pass':
                print('%s: the reference does not pass: %s' % (name, text))
                bad += 1
                continue
            normalize(raw, mine)
            d = diverge(golden, mine)
        if d:
            print('%s: stale golden trace (make lab-golden LAB=%s): %s' % (name, lab.num, d))
            bad += 1
    return bad


def lint(lab):
    """The lab follows the contract (docs/instructor-labs.md)."""
    bad = []
    tests = lab.tests()
    if sum(p for _, p, _ in tests) != 100:
        bad.append('grade/points totals %d, not 100' % sum(p for _, p, _ in tests))
    found = []
    for f in lab.files:
        path = os.path.join(lab.root, f)
        if not os.path.exists(path):
            bad.append('%s (in files =) does not exist' % f)
            continue
        found += [r[1] for r in regions_of(open(path, encoding='utf-8').read(), f)
                  if r[0] == lab.num]
    for r in lab.regions:
        if found.count(r) != 1:
            bad.append('region %s is marked %d times in the lab\'s files' % (r, found.count(r)))
        try:
            lab.stub(r)
        except LabError as e:
            bad.append(str(e))
    for r in set(found) - set(lab.regions):
        bad.append('region %s is marked but not listed in lab.conf' % r)
    muts = lab.mutants()
    if len(muts) < 10:
        bad.append('%d mutants, the contract asks for at least 10' % len(muts))
    for m in muts:
        if not open(m, encoding='utf-8').readline().startswith('#'):
            bad.append('%s does not start with a `# misconception` line' % os.path.basename(m))
    src = open(os.path.join(lab.dir, lab.suite), encoding='utf-8').read()
    for name, _, _ in tests:
        if not re.search(r'tcase_create\(\s*"%s"|\b%s\b' % (name, name), src):
            bad.append('%s (grade/points) is not in %s' % (name, lab.suite))
    for b in bad:
        print('lab %s: %s' % (lab.num, b))
    return len(bad)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # `| head` is fine
    argv = sys.argv[1:]
    try:
        if len(argv) == 2 and argv[0] == 'lint':
            return 1 if lint(Lab(argv[1])) else 0
        if len(argv) == 3 and argv[0] == 'check-golden':
            return 1 if check_golden(Lab(argv[1]), argv[2]) else 0
        if len(argv) >= 3 and argv[0] == 'diverge':
            d = diverge(argv[1], argv[2])
            print(d or 'no difference')
            return 1 if d else 0
        if len(argv) < 3 or argv[0] not in ('grade', 'golden'):
            print(__doc__, file=sys.stderr)
            return 2
        lab = Lab(argv[1])
        binary = argv[2]
        opts = dict(zip(argv[3::2], argv[4::2]))
        if argv[0] == 'golden':
            golden(lab, binary)
            return 0
        score, total = grade(lab, binary, opts.get('--results'), opts.get('--compile-log'))
        return 0 if score == total else 1
    except LabError as e:
        print('lab-run: %s' % e, file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
