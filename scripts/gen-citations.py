#!/usr/bin/env python3
"""gen-citations: check kmirror's Linux 5.0.1 citations against the pristine
tree and write the table tests/check_citations.c verifies without it.

A maintainer tool, run by hand: the kernel sources are not in this
repository, and no build step fetches them. DIR is a checkout of pristine
Linux 5.0.1 (commit 9422dd5e0 "first submit" of VVvector/linux-5.0.1, the
folder linux-5.0.1/), e.g.

    git -C MIRROR archive 9422dd5e0 linux-5.0.1/net linux-5.0.1/include \\
        linux-5.0.1/fs linux-5.0.1/kernel linux-5.0.1/arch/x86 \\
        linux-5.0.1/drivers/net/loopback.c | tar -x -C /tmp

    scripts/gen-citations.py --linux /tmp/linux-5.0.1            report
    scripts/gen-citations.py --linux /tmp/linux-5.0.1 --write    and write
    scripts/gen-citations.py --linux /tmp/linux-5.0.1 --suggest  hints

Every citation (KM_FUNC, KM_STEP, KM_SYSCALL_AT) must name file:line; a step
may give the line alone, KM_STEP(278, ...), citing the file of the KM_FUNC
above it. The
table tests/data/citations.tsv has one row per cited file:line, with one
identifier taken from that kernel line (never more of the kernel's text):

  - KM_FUNC: the name of the function defined there, which must be the name
    of the function the KM_FUNC sits in (or the one a "mirrors: NAME"
    comment on the KM_FUNC's line or the line before names);
  - KM_SYSCALL_AT(name, ...): name, from SYSCALL_DEFINEn(name, ...);
  - KM_STEP: an identifier found both on the kernel line and in our code
    right after the step point (the window check_citations.c reads: the
    next WINDOW lines of code, not past the next step point or the
    function's end). The longest such identifier is chosen. Where none is
    shared, a hand-chosen token from tests/data/citations-manual.tsv is
    used (rows "file:line<TAB>token<TAB>why"); they are listed for review.

A row is per file:line; when several citations share one line they must
agree on the identifier (the longest identifier shared by all is chosen).
"""
import argparse
import os
import re
import sys

WINDOW = 6
TABLE = 'tests/data/citations.tsv'
MANUAL = 'tests/data/citations-manual.tsv'

CITE_RE = re.compile(r'\bKM_(FUNC|STEP|STEP_IF)\(\s*(?:"([^"]*)"|(\d+)\s*,)')
FUNC_FILE_RE = re.compile(r'\bKM_FUNC\(\s*"([^":]*):')
SYS_RE = re.compile(r'\bKM_SYSCALL_AT\(\s*(\w+)\s*,\s*"([^"]*)"')
IDENT_RE = re.compile(r'(?<!\w)[A-Za-z_]\w*')
MIRRORS_RE = re.compile(r'mirrors:\s*([A-Za-z_]\w*)')
FALLBACK_KW = ('return', 'goto', 'break', 'continue', 'else', 'switch',
               'case', 'default', 'for', 'while', 'if')
KEYWORDS = set('''if else for while do switch case default break continue
return goto sizeof typeof int long short char unsigned signed void const
static inline struct union enum bool true false NULL u8 u16 u32 u64 s32
__be16 __be32 __u32 __u16 __u8 extern volatile register unlikely likely
'''.split())


def strip_comments(text):
    """Comments and string literals blanked, newlines kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j - 1]) + c)
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def idents(s):
    return [w for w in IDENT_RE.findall(s) if w not in KEYWORDS]


def enclosing_function(lines, idx):
    """Name of the function whose body holds line idx (0-based)."""
    for i in range(idx, -1, -1):
        l = lines[i]
        if l.startswith('{'):
            for j in range(i - 1, max(i - 10, -1), -1):
                if lines[j].startswith((' ', '\t')):
                    continue
                m = re.search(r'\b([A-Za-z_]\w*)\(', lines[j])
                if m:
                    return m.group(1)
                if lines[j].startswith(('}', '#')) or lines[j].strip() == '':
                    break
            return None
        if l.startswith('}') and i != idx:
            return None
    return None


def call_end(code, pos):
    """Offset just past the ')' closing the call whose '(' follows pos."""
    i = code.index('(', pos)
    depth = 0
    while i < len(code):
        if code[i] == '(':
            depth += 1
        elif code[i] == ')':
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(code)


def step_window(lines, end_line):
    """Line numbers (0-based) of the window after line end_line: up to
    WINDOW non-blank lines, stopping before the next step point or the
    function's end. tests/check_citations.c reads the same lines."""
    got = []
    i = end_line + 1
    n = 0
    while i < len(lines) and n < WINDOW:
        l = lines[i]
        if l.startswith('}') or re.search(r'\bKM_(STEP|STEP_IF|FUNC)\(', l):
            break
        if l.strip():
            got.append(i)
            n += 1
        i += 1
    return got


def scan_ours(root):
    """Every citation: dict(kind, ref, file, line, func, mirrors, window)."""
    cites = []
    for dirpath, dirs, files in os.walk(os.path.join(root, 'kernel_mirror')):
        dirs.sort()
        for fn in sorted(files):
            if not fn.endswith(('.c', '.h')):
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, root)
            text = open(path).read()
            lines = text.split('\n')
            code = strip_comments(text)
            clines = code.split('\n')
            # citations live in string literals: search the raw text, but
            # only where the code (comments blanked) has the macro too
            for m in list(CITE_RE.finditer(text)) + list(SYS_RE.finditer(text)):
                if code[m.start():m.start() + 3] != 'KM_':
                    continue
                if lines[text.count('\n', 0, m.start())].lstrip().startswith('#define'):
                    continue
                ln = text.count('\n', 0, m.start())
                end = text.count('\n', 0, call_end(code, m.start()))
                if m.re is SYS_RE:
                    kind, ref, func = 'SYSCALL', m.group(2), m.group(1)
                else:
                    kind, ref = m.group(1), m.group(2)
                    if ref is None:
                        # KM_STEP(278, ...): the file of the KM_FUNC above
                        fm = list(FUNC_FILE_RE.finditer(text, 0, m.start()))
                        fm = [f for f in fm if code[f.start():f.start() + 3] == 'KM_']
                        ref = (fm[-1].group(1) if fm else '?') + ':' + m.group(3)
                    func = enclosing_function(lines, ln)
                    if kind == 'STEP_IF':
                        kind = 'STEP'
                        # the condition is part of the call: the window
                        # starts with the call's own lines
                        head = list(range(ln, end + 1))
                    else:
                        head = []
                mir = None
                for k in (ln, ln - 1):
                    mm = MIRRORS_RE.search(lines[k]) if k >= 0 else None
                    if mm:
                        mir = mm.group(1)
                        break
                if m.re is SYS_RE:
                    head = []
                idx = head + step_window(lines, end) if kind == 'STEP' else []
                cites.append(dict(kind=kind, ref=ref, file=rel, line=ln + 1,
                                  func=func, mirrors=mir,
                                  window=[clines[i] for i in idx],
                                  raw=[lines[i] for i in idx]))
    return cites


def kernel_defs(klines, name):
    """1-based lines where function name is defined (its head line)."""
    out = []
    pat = re.compile(r'(^|[\s\*])' + re.escape(name) + r' ?\(')
    for i, l in enumerate(klines):
        if l.startswith((' ', '\t', '#', '/', '*')) or not pat.search(l):
            continue
        if l.rstrip().endswith(';'):
            continue
        # a body must open at column 0 within a few lines, no ';' before
        for j in range(i, min(i + 10, len(klines))):
            if klines[j].startswith('{'):
                out.append(i + 1)
                break
            if klines[j].rstrip().endswith(';'):
                break
    return out


def head_matches(ktext, kind, name, override):
    """Is the kernel line ktext the head of function (or syscall) name?"""
    if not name:
        return False
    e = re.escape(name)
    if kind == 'SYSCALL':
        return re.match(r'SYSCALL_DEFINE\d\(' + e + r',', ktext) is not None
    if override:
        return re.search(r'\b' + e + r'\b', ktext) is not None
    return re.match(r'(#define\s+' + e + r'\(|ENTRY\(' + e + r'\)|'
                    r'[A-Za-z_][^;]*?(^|[\s\*])' + e + r' ?\(|' + e + r' ?\()',
                    ktext) is not None


def mirrored_name(c):
    """The kernel name a KM_FUNC stands for: a "mirrors:" comment, else
    the function's own name without a trailing _km."""
    if c['mirrors']:
        return c['mirrors']
    f = c['func']
    return f[:-3] if f and f.endswith('_km') else f


def kernel_body(klines, head):
    """(head, end) of the function whose head is at line head (1-based)."""
    k = head
    while k < len(klines) and not klines[k].startswith('}'):
        k += 1
    return head, k + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--linux', required=True)
    ap.add_argument('--root', default='.')
    ap.add_argument('--write', action='store_true')
    ap.add_argument('--suggest', action='store_true')
    ap.add_argument('--fix-func', action='store_true',
                    help='rewrite KM_FUNC citations to the definition line')
    args = ap.parse_args()
    root = args.root
    kcache = {}

    def kfile(p):
        if p not in kcache:
            f = os.path.join(args.linux, p)
            kcache[p] = (open(f, errors='replace').read().split('\n')
                         if os.path.exists(f) else None)
        return kcache[p]

    manual = {}
    mp = os.path.join(root, MANUAL)
    if os.path.exists(mp):
        for l in open(mp):
            if l.startswith('#') or not l.strip():
                continue
            f = l.rstrip('\n').split('\t')
            manual[f[0]] = f[1]

    cites = scan_ours(root)
    problems = []
    rows = {}          # ref -> set of candidate identifiers (intersection)
    manual_used = []
    fixes = []
    nline = 0
    for c in cites:
        where = f"{c['file']}:{c['line']}"
        ref = c['ref']
        path, _, num = ref.rpartition(':')
        if not num.isdigit():
            problems.append(f'{where}: KM_{c["kind"]} "{ref}" has no line')
            path = ref
            kl = kfile(path)
            if c['kind'] != 'STEP' and kl is not None:
                name = mirrored_name(c)
                d = kernel_defs(kl, name) if name else []
                if d:
                    fixes.append((c, f'{path}:{d[0]}'))
            continue
        nline += 1
        line = int(num)
        kl = kfile(path)
        if kl is None:
            problems.append(f'{where}: {path} is not in the Linux tree')
            continue
        if not 0 < line <= len(kl):
            problems.append(f'{where}: {ref} is past the end of {path}')
            continue
        ktext = kl[line - 1]
        kids = set(idents(strip_comments(ktext)))
        if c['kind'] in ('FUNC', 'SYSCALL'):
            name = mirrored_name(c)
            ok = head_matches(ktext, c['kind'], name, bool(c['mirrors']))
            if not ok:
                d = kernel_defs(kl, name) if name else []
                problems.append(f'{where}: KM_FUNC of {name}: {ref} reads '
                                f'"{ktext.strip()}"; defined at '
                                f'{", ".join(map(str, d)) or "?"}')
                if d:
                    fixes.append((c, f'{path}:{d[0]}'))
                continue
            cand = {name}
        else:
            ours = set(idents(' '.join(c['window'])))
            cand = kids & ours
            if not cand:
                # a line of keywords only ("return;", "break;"): its first
                kw = [w for w in IDENT_RE.findall(strip_comments(ktext))
                      if w in FALLBACK_KW]
                if kw and kw[0] in set(IDENT_RE.findall(' '.join(c['window']))):
                    cand = {kw[0]}
            if not cand:
                raw = set(IDENT_RE.findall(' '.join(c['raw'])))
                if ref in manual and manual[ref] in raw:
                    cand = {manual[ref]}
                    manual_used.append(ref)
                else:
                    problems.append(f'{where}: KM_STEP {ref}: no identifier shared by '
                                    f'"{ktext.strip()}" and our '
                                    f'"{" / ".join(w.strip() for w in c["window"][:3])}"')
                    continue
        if ref in rows:
            inter = rows[ref] & cand
            if not inter:
                problems.append(f'{where}: {ref} is cited by several points that '
                                f'share no identifier')
                continue
            rows[ref] = inter
        else:
            rows[ref] = cand

        if args.suggest and c['kind'] == 'STEP':
            # a better line nearby in the same kernel function?
            ours = set(idents(' '.join(c['window'])))
            def score(i):
                s = set(idents(strip_comments(kl[i - 1]))) & ours
                return sum(len(w) for w in s)
            here = score(line)
            lo, hi = max(1, line - 40), min(len(kl), line + 40)
            best = max(range(lo, hi + 1), key=lambda i: (score(i), -abs(i - line)))
            if score(best) > here * 1.5 + 3:
                print(f'{where}: {ref} ({here}) "{ktext.strip()}" -> maybe '
                      f'{path}:{best} ({score(best)}) "{kl[best - 1].strip()}"  '
                      f'ours: {" / ".join(w.strip() for w in c["window"][:2])}')

    if args.fix_func:
        byfile = {}
        for c, new in fixes:
            byfile.setdefault(c['file'], []).append((c, new))
        for f, lst in byfile.items():
            p = os.path.join(root, f)
            lines = open(p).read().split('\n')
            for c, new in lst:
                i = c['line'] - 1
                old = f'"{c["ref"]}"'
                if old not in lines[i]:
                    print(f'cannot fix {f}:{c["line"]}', file=sys.stderr)
                    continue
                lines[i] = lines[i].replace(old, f'"{new}"', 1)
            open(p, 'w').write('\n'.join(lines))

    for p in problems:
        print(p)
    total = len(cites)
    print(f'{total} citations, {nline} with a line, {len(rows)} distinct lines, '
          f'{len(problems)} problem(s), {len(manual_used)} hand-chosen token(s)',
          file=sys.stderr)
    for r in sorted(set(manual_used)):
        print(f'hand-chosen: {r}\t{manual[r]}', file=sys.stderr)
    if args.write:
        if problems:
            print('not writing the table while there are problems', file=sys.stderr)
            return 1
        def key(r):
            p, _, n = r.rpartition(':')
            return (p, int(n))
        with open(os.path.join(root, TABLE), 'w') as out:
            out.write('# Linux 5.0.1 file:line<TAB>an identifier on that line.\n'
                      '# Written by scripts/gen-citations.py from the pristine tree;\n'
                      '# checked against the code by tests/check_citations.c.\n')
            for r in sorted(rows, key=key):
                best = sorted(rows[r], key=lambda w: (-len(w), w))[0]
                out.write(f'{r}\t{best}\n')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
