#!/usr/bin/env python3
"""Carry the labs' planted-mistake patches over a change of the reference.

    scripts/lab-rebase-mutants.py OLD_REV [PATCH...]

Each labs/lab*/mutants/*.patch (or each PATCH given) is applied to the
files as they were at git revision OLD_REV, the mistake is carried onto the
files as they are now with a three-way merge (git merge-file), and the patch
is written again against the current files, keeping its '#' header lines.
A patch that already applies is left alone; one whose merge conflicts is
reported and left alone (exit status 1).
"""
import glob, os, subprocess, sys, tempfile


def sh(args, **kw):
    return subprocess.run(args, capture_output=True, **kw)


def files_of(text):
    return [l[6:].strip() for l in text.split('\n') if l.startswith('+++ b/')]


def rebase(old_rev, patch, tmp):
    text = open(patch).read()
    if sh(['patch', '-p1', '--dry-run', '-s', '-f', '-i', patch]).returncode == 0:
        return 'applies'
    head = [l for l in text.split('\n') if l.startswith('#')]
    old = os.path.join(tmp, 'old')
    subprocess.run(['rm', '-rf', old], check=True)
    for f in files_of(text):
        os.makedirs(os.path.join(old, os.path.dirname(f)), exist_ok=True)
        blob = sh(['git', 'show', f'{old_rev}:{f}'], check=True).stdout
        open(os.path.join(old, f), 'wb').write(blob)
    r = sh(['patch', '-p1', '-s', '-f', '--no-backup-if-mismatch', '-d', old,
            '-i', os.path.abspath(patch)])
    if r.returncode:
        return 'does not apply to ' + old_rev
    out = head[:]
    for f in files_of(text):
        base = sh(['git', 'show', f'{old_rev}:{f}'], check=True).stdout
        basef = os.path.join(tmp, 'base')
        open(basef, 'wb').write(base)
        merged = sh(['git', 'merge-file', '-p', f, basef, os.path.join(old, f)])
        mf = os.path.join(tmp, 'merged')
        if merged.returncode:
            # changes next to each other: the mistake's lines themselves
            # are unchanged, so let patch apply them with fuzz instead
            subprocess.run(['cp', f, mf], check=True)
            one = sh(['diff', '-U3', '--label', 'a/x', '--label', 'b/x',
                      basef, os.path.join(old, f)]).stdout
            r = sh(['patch', '-s', '-f', '-F3', '--no-backup-if-mismatch',
                    mf], input=one)
            if r.returncode:
                return 'conflicts in ' + f
        else:
            open(mf, 'wb').write(merged.stdout)
        d = sh(['diff', '-U3', '--label', 'a/' + f, '--label', 'b/' + f, f, mf])
        out.append(d.stdout.decode().rstrip('\n'))
    open(patch, 'w').write('\n'.join(out) + '\n')
    return 'rebased'


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    patches = sys.argv[2:] or sorted(glob.glob('labs/lab*/mutants/*.patch'))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for p in patches:
            what = rebase(sys.argv[1], p, tmp)
            if what != 'applies':
                print(f'{p}: {what}')
            bad += what not in ('applies', 'rebased')
    sys.exit(1 if bad else 0)


main()
