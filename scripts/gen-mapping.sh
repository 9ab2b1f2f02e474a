#!/bin/sh
# Generate docs/mapping.md: every mirrored function (each KM_FUNC in
# kernel_mirror/) with the Linux 5.0.1 file:line it mirrors and kmirror's
# own file:line.
#   scripts/gen-mapping.sh            print the document
#   scripts/gen-mapping.sh --check    exit 1 (with a diff) if docs/mapping.md is stale
#   scripts/gen-mapping.sh --write    rewrite docs/mapping.md
set -eu
cd "$(dirname "$0")/.."

generate() {
	cat <<'HEAD'
# Function mapping: Linux 5.0.1 → kmirror

Every mirrored function, with the Linux 5.0.1 `file:line` it mirrors (its
definition) and where kmirror defines it. Generated from the `KM_FUNC`
annotations by `scripts/gen-mapping.sh --write`; a test
(`tests/check_repo.c`) fails if this file and the code disagree, and
`tests/check_citations.c` checks each line against an identifier taken
from the pristine 5.0.1 source (`tests/data/citations.tsv`). A function
that stands for kernel code under another name says which in a
`mirrors:` comment (or drops the `_km` of its name).

A name ending in `_km` is kmirror's own (docs/architecture.md, "The `_km`
suffix"): a function Linux does not have under that name, standing for the
kernel code in the middle column in a form of its own (another signature,
a part of a larger function, a boot-time set-up). The table marks them
**kmirror's own**.

| Function | Linux 5.0.1 | kmirror |
|---|---|---|
HEAD
	find kernel_mirror -name '*.[ch]' | LC_ALL=C sort | while read -r f; do
		awk -v file="$f" '
		# remember the most recent function signature at column 0
		/^[A-Za-z_][^;]*\(/ && $0 !~ /^(if|for|while|switch|return|else)/ {
			line = $0
			sub(/\(.*/, "", line)
			n = split(line, w, /[ \t\*]+/)
			name = w[n]
		}
		/^#define KM_FUNC/ || /^[ \t]*\*/ { next }
		/^KM_SYSCALL_AT\(/ {
			n = $0
			sub(/^KM_SYSCALL_AT\(/, "", n)
			r = n
			sub(/,.*/, "", n)
			sub(/^[^"]*"/, "", r)
			sub(/".*/, "", r)
			printf "| `SYSCALL_DEFINE(%s)`: `__x64_sys_%s`, `__se_sys_%s`, `__do_sys_%s` | %s | %s:%d |\n", n, n, n, n, r, file, FNR + 1
			next
		}
		/KM_FUNC\("/ {
			s = $0
			sub(/.*KM_FUNC\("/, "", s)
			sub(/".*/, "", s)
			own = name ~ /_km$/ ? " (**kmirror'"'"'s own**)" : ""
			printf "| `%s`%s | %s | %s:%d |\n", name, own, s, file, FNR
		}' "$f"
	done
}

case "${1:-}" in
--check)
	tmp=$(mktemp)
	generate > "$tmp"
	if ! diff -u docs/mapping.md "$tmp" > "$tmp.diff"; then
		echo "docs/mapping.md is out of date; run scripts/gen-mapping.sh --write" >&2
		head -40 "$tmp.diff" >&2
		rm -f "$tmp" "$tmp.diff"
		exit 1
	fi
	rm -f "$tmp" "$tmp.diff"
	;;
--write)
	mkdir -p docs
	generate > docs/mapping.md
	;;
*)
	generate
	;;
esac
