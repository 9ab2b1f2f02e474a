#!/bin/sh
# Which file of the visualizer uses which: an edge A -> B when A's object
# refers to a symbol B's object defines (a call, a table), and an edge
# a.h -> b.h when a viz header includes another. Prints every cycle and
# exits 1 if there is one: the visualizer's files form layers (viz/screen.h
# draws them). The command layer (kmirror.c, cmd_*.c, cli_arg.c) and the
# scenario library and benchmarks that live in viz/ for now (scenario*.c,
# bench.c, net_bench.c: they are to move out) are left out.
#
#   scripts/viz-deps.sh BUILD_DIR          check (tests/check_viz_keys.c)
#   scripts/viz-deps.sh BUILD_DIR --edges  print the file graph
#   scripts/viz-deps.sh BUILD_DIR check TOP   the tree at TOP (the test's
#                                          own sample with a cycle)
set -eu

build=$1
mode=${2:-check}
top=${3:-$(cd "$(dirname "$0")/.." && pwd)}
outside='^(kmirror|cmd_.*|cli_arg|scenario.*|bench|net_bench)$'
objs=
for c in "$top"/viz/*.c; do
	f=$(basename "$c" .c)
	echo "$f" | grep -Eq "$outside" && continue
	[ -f "$build/viz/$f.o" ] || { echo "viz-deps: no $build/viz/$f.o (build first)" >&2; exit 2; }
	objs="$objs $build/viz/$f.o"
done

{
	# objects: "D file sym" for definitions, "U file sym" for uses
	for o in $objs; do
		f=$(basename "$o" .o)
		nm "$o" | awk -v f="$f" '
			$1 == "U" { print "U", f, $2; next }
			NF == 3 && $2 ~ /^[TDRBVWC]$/ { print "D", f, $3 }'
	done
	# headers: "H a.h b.h" when a.h includes "b.h"
	for h in "$top"/viz/*.h; do
		[ -f "$h" ] || continue
		echo "$(basename "$h" .h)" | grep -Eq "$outside" && continue
		sed -n 's/^#include "\([a-z_0-9]*\.h\)".*/\1/p' "$h" |
			while read -r inc; do echo "H $(basename "$h") $inc"; done
	done
} | awk -v mode="$mode" '
	$1 == "D" { def[$3] = $2; next }
	$1 == "U" { use[++nu] = $2 " " $3; next }
	$1 == "H" { if ($2 != $3) edge[$2 " " $3] = 1; next }
	END {
		for (i = 1; i <= nu; i++) {
			split(use[i], p, " ")
			if ((p[2] in def) && def[p[2]] != p[1])
				edge[p[1] " " def[p[2]]] = 1
		}
		for (e in edge) {
			split(e, p, " ")
			succ[p[1]] = succ[p[1]] " " p[2]
			node[p[1]] = node[p[2]] = 1
			if (mode == "--edges")
				print p[1] " -> " p[2]
		}
		if (mode == "--edges")
			exit 0
		# depth-first search; a grey node met again closes a cycle
		bad = 0
		for (n in node)
			if (!colour[n])
				visit(n, "")
		exit bad
	}
	function visit(n, path,   k, s, m, i, c) {
		colour[n] = 1
		path = path " " n
		m = split(succ[n], s, " ")
		for (i = 1; i <= m; i++) {
			c = s[i]
			if (colour[c] == 1) {
				printf "viz-deps: a cycle: %s -> %s\n", substr(path, index(path, " " c) + 1), c
				bad = 1
			} else if (!colour[c])
				visit(c, path)
		}
		colour[n] = 2
	}'
