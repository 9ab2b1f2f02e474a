#!/usr/bin/env python3
"""refcheck: check kmirror's Linux 5.0.1 references against a Linux tree.

A maintainer tool (not part of `make test`: the kernel sources are not in
this repository). Every KM_FUNC("path:line", ...) must point at the line
where that function is defined in Linux 5.0.1; every KM_STEP must point
inside the function it sits in.

    scripts/refcheck.py --linux DIR            report problems
    scripts/refcheck.py --linux DIR --fix      rewrite wrong KM_FUNC lines
    scripts/refcheck.py --linux DIR --steps    also print each step's line

DIR holds Linux 5.0.1 files at their usual paths (net/ipv4/tcp.c ...).
Files missing from DIR are skipped. If the copies there are shifted
against pristine 5.0.1 (an annotated tree), --offsets FILE lists
"path first_line delta" corrections, one per line.
"""
import argparse
import os
import re
import sys

REF_RE = re.compile(r'KM_(FUNC|STEP)\(\s*"([^"]+)"')
FUNC_DEF_RE = re.compile(r'^([A-Za-z_][A-Za-z_0-9]*)\(')


def load_offsets(path):
    offs = {}
    if not path:
        return offs
    for line in open(path):
        line = line.split('#')[0].strip()
        if not line:
            continue
        p, first, delta = line.split()
        offs.setdefault(p, []).append((int(first), int(delta)))
    return offs


def to_copy_line(offs, path, line):
    """5.0.1 line -> line in the (possibly shifted) copy."""
    d = 0
    for first, delta in offs.get(path, []):
        if line >= first:
            d = delta
    return line + d


def to_linux_line(offs, path, copy_line):
    d = 0
    for first, delta in offs.get(path, []):
        if copy_line >= first + delta:
            d = delta
    return copy_line - d


def function_defs(lines):
    """name -> list of (start, end) 1-based line ranges of definitions."""
    defs = {}
    i = 0
    n = len(lines)
    while i < n:
        l = lines[i]
        # a definition starts at column 0, is not a declaration, and the
        # function body opens with '{' at column 0 within a few lines
        m = re.match(r'^(?:[A-Za-z_][\w \*]*?[\s\*])?([A-Za-z_]\w*)\(', l)
        if m and not l.startswith(('#', ' ', '\t')) and not l.rstrip().endswith(';'):
            name = m.group(1)
            j = i
            while j < n and j < i + 8 and not lines[j].startswith('{'):
                if lines[j].rstrip().endswith(';'):
                    break
                j += 1
            if j < n and lines[j].startswith('{'):
                k = j + 1
                while k < n and not lines[k].startswith('}'):
                    k += 1
                # the name may sit on the line after the return type
                start = i + 1
                if m.group(1) in ('static', 'inline') or l.rstrip().endswith(('*', 'int', 'void')):
                    start = i + 1
                defs.setdefault(name, []).append((start, k + 1))
                i = k
        i += 1
    return defs


def enclosing_function(lines, idx):
    """Name of the C function containing line idx (0-based) of our file."""
    for i in range(idx, -1, -1):
        l = lines[i]
        if l.startswith('{'):
            # walk up to the signature
            for j in range(i - 1, max(i - 8, -1), -1):
                m = re.search(r'\b([A-Za-z_]\w*)\(', lines[j])
                if m and not lines[j].startswith((' ', '\t')):
                    return m.group(1)
                if lines[j].startswith(('}', '#')) or lines[j].strip() == '':
                    break
            return None
        if l.startswith('}') and i != idx:
            return None
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--linux', required=True)
    ap.add_argument('--offsets')
    ap.add_argument('--fix', action='store_true')
    ap.add_argument('--steps', action='store_true')
    ap.add_argument('--root', default='.')
    args = ap.parse_args()
    offs = load_offsets(args.offsets)
    cache = {}
    problems = 0

    def linux_file(path):
        if path not in cache:
            p = os.path.join(args.linux, path)
            cache[path] = open(p, errors='replace').read().split('\n') if os.path.exists(p) else None
        return cache[path]

    for dirpath, _, files in os.walk(os.path.join(args.root, 'kernel_mirror')):
        for fn in sorted(files):
            if not fn.endswith(('.c', '.h')):
                continue
            ours = os.path.join(dirpath, fn)
            rel = os.path.relpath(ours, args.root)
            src = open(ours).read()
            lines = src.split('\n')
            changed = False
            for idx, l in enumerate(lines):
                m = REF_RE.search(l)
                if not m:
                    continue
                kind, ref = m.group(1), m.group(2)
                if ':' not in ref:
                    continue
                path, _, num = ref.rpartition(':')
                if not num.isdigit():
                    continue
                lf = linux_file(path)
                if lf is None:
                    continue
                line = int(num)
                func = enclosing_function(lines, idx)
                defs = function_defs(lf)
                if kind == 'FUNC':
                    if not func:
                        continue
                    cands = defs.get(func, [])
                    if not cands:
                        print(f'{rel}:{idx + 1}: {func}: no definition in Linux {path}')
                        problems += 1
                        continue
                    copy_line = to_copy_line(offs, path, line)
                    if any(s <= copy_line <= s + 1 for s, _ in cands):
                        continue
                    want = to_linux_line(offs, path, cands[0][0])
                    # the name may be on the line after its return type
                    if func + '(' not in lf[cands[0][0] - 1] and cands[0][0] < len(lf) and func + '(' in lf[cands[0][0]]:
                        want += 1
                    print(f'{rel}:{idx + 1}: KM_FUNC {func}: {path}:{line} -> {path}:{want}')
                    problems += 1
                    if args.fix:
                        lines[idx] = l.replace(f'"{ref}"', f'"{path}:{want}"', 1)
                        changed = True
                else:
                    copy_line = to_copy_line(offs, path, line)
                    rng = defs.get(func, [])
                    inside = any(s <= copy_line <= e for s, e in rng)
                    text = lf[copy_line - 1].strip() if 0 < copy_line <= len(lf) else '<past end>'
                    if func and rng and not inside:
                        print(f'{rel}:{idx + 1}: KM_STEP in {func}: {ref} is outside {func} '
                              f'({path}:{to_linux_line(offs, path, rng[0][0])}-{to_linux_line(offs, path, rng[0][1])}): "{text}"')
                        problems += 1
                    elif args.steps:
                        print(f'{rel}:{idx + 1}: {ref}: {text}')
            if changed:
                open(ours, 'w').write('\n'.join(lines))
    print(f'{problems} problem(s)', file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
