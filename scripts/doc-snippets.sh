#!/bin/sh
# The output shown in the docs, regenerated from the binary:
#   - README.md: the trace excerpt after "The text trace reads like ..."
#     (`kmirror trace connect`: tcp_v4_connect's entry, the step that
#     enters SYN_SENT, and that field change; the time column's padding
#     and the shared call depth taken out, lines cut at 130 columns)
#   - docs/student-guide.md: the screen under "## The screen", from the
#     command named in the "(This is `kmirror viz ...`" line below it;
#     the key table under "## Keys", from the keymap the key handler and
#     the ? screen use (`kmirror viz --keys-table`, viz/keymap.c)
#
#   scripts/doc-snippets.sh KMIRROR          check: exit 1 and show the
#                                            difference if a doc is stale
#   scripts/doc-snippets.sh KMIRROR --write  rewrite the docs
# tests/check_cli.c runs the check.
set -eu

km=$1
mode=${2:-check}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/kmirror-snippets-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# Replace the lines of `file` between the marker line (exclusive, the
# first line matching `start`) and the block's end with the contents of
# `new`. The block: (skip blank lines, then) either a ``` fence pair, a
# run of lines indented by four spaces, or a Markdown table (a run of
# lines starting with "|").
splice() {	# file start new out
	awk -v start="$2" -v new="$3" '
	function emit(   l) { while ((getline l < new) > 0) print l; close(new) }
	state == 0 && index($0, start) == 1 { print; state = 1; next }
	state == 1 && $0 == "" { print; next }
	state == 1 && $0 == "```" { print; emit(); state = 2; next }
	state == 1 && /^    / { emit(); state = 3; next }
	state == 1 && /^\|/ { emit(); state = 5; next }
	state == 2 { if ($0 == "```") { print; state = 4 } ; next }
	state == 3 { if (/^    /) next; state = 4 }
	state == 5 { if (/^\|/) next; state = 4 }
	{ print }
	' "$1" > "$4"
}

compare() {	# doc generated
	if [ "$mode" = --write ]; then
		if ! cmp -s "$1" "$2"; then
			cp "$2" "$1"
			echo "doc-snippets: rewrote $1"
		fi
	elif ! cmp -s "$1" "$2"; then
		echo "doc-snippets: $1 is stale (scripts/doc-snippets.sh KMIRROR --write):"
		diff -u "$1" "$2" | sed -n '3,40p'
		status=1
	fi
}

# README.md: three lines of the connect trace, cut at 100 columns.
"$km" trace connect > "$tmp/trace"
{
	grep -m1 'tcp_v4_connect() {$' "$tmp/trace"
	grep -m1 'Enter SYN_SENT' "$tmp/trace"
	grep -m1 'skc_state: TCP_CLOSE -> TCP_SYN_SENT' "$tmp/trace"
} | awk '
	# as printed, less the left padding of the time column and the call
	# depth the three lines share; long lines end in " ..."
	{ sub(/^ +/, ""); line[NR] = $0; i = index($0, "| ")
	  match(substr($0, i + 2), /^ */); d = RLENGTH
	  if (NR == 1 || d < min) min = d }
	END { for (n = 1; n <= NR; n++) { l = line[n]; i = index(l, "| ")
	        l = substr(l, 1, i + 1) substr(l, i + 2 + min)
	        if (length(l) > 130) l = substr(l, 1, 126) " ..."
	        print "    " l } }' > "$tmp/readme.snip"
[ "$(wc -l < "$tmp/readme.snip")" -eq 3 ] || {
	echo "doc-snippets: the connect trace no longer has the README's lines" >&2
	exit 1
}
splice "$top/README.md" "The text trace reads like ftrace" "$tmp/readme.snip" "$tmp/README.md"
compare "$top/README.md" "$tmp/README.md"

# docs/student-guide.md: the screen.
guide="$top/docs/student-guide.md"
args=$(sed -n 's/^(This is `kmirror \(viz [^`]*\)`.*/\1/p' "$guide" | head -1)
[ -n "$args" ] || { echo "doc-snippets: no (This is \`kmirror viz ...\`) line" >&2; exit 1; }
eval "set -- $args"
"$km" "$@" | sed 1d > "$tmp/screen.snip"
splice "$guide" "## The screen" "$tmp/screen.snip" "$tmp/guide1.md"
# docs/student-guide.md: the key table.
"$km" viz --keys-table > "$tmp/keys.snip"
splice "$tmp/guide1.md" "## Keys" "$tmp/keys.snip" "$tmp/guide.md"
compare "$guide" "$tmp/guide.md"

exit $status
