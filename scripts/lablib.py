"""Shared by the lab scripts (scripts/lab-*.py): a lab's manifest, its
points file and the region markers in the mirrored sources.

The formats are described in docs/instructor-labs.md. In short:

labs/labN-<slug>/lab.conf, `key = value` lines (# comments):
    title   = Choosing the port
    files   = PATH ...   the files a student edits (kernel_mirror/...)
    regions = id1 id2 ...                      the regions, stubs/<id>.c each
    suite   = grade/check_labN.c               the graded Check suite
    timeout = 10                               seconds per test (optional)

labs/labN-<slug>/grade/points: `<test_name> <points> [hidden]` per line.

In the mirrored files, each region is
    /* LAB N BEGIN: <id> — <title> */
    ...
    /* LAB N END: <id> */
"""
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MARK_RE = re.compile(r'^\s*/\* LAB (\d+) (BEGIN|END): ([A-Za-z_]\w*)\b.*\*/\s*$')


class LabError(Exception):
    pass


class Lab:
    """A lab of the tree at `root`, by number."""

    def __init__(self, num, root=ROOT):
        num = str(num).strip()
        if os.path.isfile(os.path.join(num, 'lab.conf')):    # a lab directory
            dirs = [os.path.join(os.path.abspath(num), 'lab.conf')]
            m = re.match(r'lab(\d+)', os.path.basename(os.path.abspath(num)))
            num = m.group(1) if m else '0'
        elif not num.isdigit():
            raise LabError("LAB must be a lab number (make grade LAB=3), got %r" % num)
        else:
            dirs = sorted(glob.glob(os.path.join(root, 'labs', 'lab%s-*' % num, 'lab.conf')))
        if not dirs:
            have = ' '.join(lab_numbers(root)) or 'none'
            if glob.glob(os.path.join(root, 'labs', 'lab%s-*' % num, 'README.md')):
                raise LabError("lab %s is an observation lab, with nothing to grade: check "
                               "its answers with scripts/lab-check.sh %s ANSWERS "
                               "(programming labs: %s)" % (num, num, have))
            raise LabError("no lab %s here (labs/lab%s-*/lab.conf); labs: %s" % (num, num, have))
        self.num = num
        self.root = root
        self.dir = os.path.dirname(dirs[0])
        self.rel = os.path.relpath(self.dir, root)
        self.conf = read_conf(dirs[0])
        for key in ('files', 'regions', 'suite'):
            if not self.conf.get(key):
                raise LabError("%s/lab.conf: no `%s = ...` line" % (self.rel, key))
        self.title = self.conf.get('title', 'Lab %s' % num)
        self.files = self.conf['files'].split()
        self.regions = self.conf['regions'].split()
        self.suite = self.conf['suite']
        try:
            self.timeout = int(self.conf.get('timeout', '10'))
        except ValueError:
            raise LabError("%s/lab.conf: timeout must be a number of seconds" % self.rel)

    def bin(self, build):
        """The suite's binary in a build directory (as the Makefile names it)."""
        return os.path.join(build, self.rel, os.path.splitext(self.suite)[0])

    def golden_dir(self):
        return os.path.join(self.dir, 'golden')

    def tests(self):
        """[(name, points, hidden)] from grade/points, in file order."""
        path = os.path.join(self.dir, 'grade', 'points')
        if not os.path.exists(path):
            raise LabError("%s/grade/points is missing" % self.rel)
        out = []
        for n, line in enumerate(open(path, encoding='utf-8'), 1):
            line = line.split('#')[0].split()
            if not line:
                continue
            if len(line) not in (2, 3) or not line[1].isdigit() or \
               (len(line) == 3 and line[2] != 'hidden'):
                raise LabError("%s/grade/points:%d: expected `<test> <points> [hidden]`"
                               % (self.rel, n))
            out.append((line[0], int(line[1]), len(line) == 3))
        return out

    def mutants(self):
        return sorted(glob.glob(os.path.join(self.dir, 'mutants', '*.patch')))

    def stub(self, region):
        path = os.path.join(self.dir, 'stubs', region + '.c')
        if not os.path.exists(path):
            raise LabError("%s/stubs/%s.c is missing" % (self.rel, region))
        return open(path, encoding='utf-8').read()


def lab_numbers(root=ROOT):
    nums = []
    for conf in sorted(glob.glob(os.path.join(root, 'labs', 'lab*-*', 'lab.conf'))):
        m = re.match(r'lab(\d+)-', os.path.basename(os.path.dirname(conf)))
        if m:
            nums.append(m.group(1))
    return sorted(nums, key=int)


def read_conf(path):
    conf = {}
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.split('#')[0].strip()
        if not line:
            continue
        if '=' not in line:
            raise LabError("%s:%d: expected `key = value`" % (path, n))
        k, v = line.split('=', 1)
        conf[k.strip()] = v.strip()
    return conf


def regions_of(text, path='?'):
    """[(lab, id, begin_index, end_index)] of the marked regions (line
    indexes into text.splitlines(True)); raises on unbalanced markers."""
    out, open_ = [], None
    for i, line in enumerate(text.splitlines(True)):
        m = MARK_RE.match(line)
        if not m:
            if 'LAB ' in line and re.search(r'/\* LAB \d+ (BEGIN|END)', line):
                raise LabError("%s:%d: malformed region marker" % (path, i + 1))
            continue
        lab, kind, rid = m.groups()
        if kind == 'BEGIN':
            if open_:
                raise LabError("%s:%d: region %s begins inside %s" % (path, i + 1, rid, open_[1]))
            open_ = (lab, rid, i)
        else:
            if not open_ or open_[:2] != (lab, rid):
                raise LabError("%s:%d: END of %s without its BEGIN" % (path, i + 1, rid))
            out.append((lab, rid, open_[2], i))
            open_ = None
    if open_:
        raise LabError("%s:%d: region %s never ends" % (path, open_[2] + 1, open_[1]))
    return out


def stub_out(text, lab, path='?'):
    """text with lab's regions replaced by their stubs, markers gone;
    returns (new_text, [region ids replaced])."""
    lines = text.splitlines(True)
    done = []
    for labno, rid, b, e in reversed(regions_of(text, path)):
        if labno != lab.num:
            continue
        stub = lab.stub(rid)
        if not stub.endswith('\n'):
            stub += '\n'
        lines[b:e + 1] = [stub]
        done.append(rid)
    return ''.join(lines), done


def unmark(text, lab, path='?'):
    """text with lab's marker lines removed (the reference code stays)."""
    lines = text.splitlines(True)
    for labno, rid, b, e in reversed(regions_of(text, path)):
        if labno == lab.num:
            del lines[e]
            del lines[b]
    return ''.join(lines)
