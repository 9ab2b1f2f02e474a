#!/bin/sh
# The time a newcomer waits, each from a fresh clone of this repository's
# HEAD (in a temporary directory, removed at the end):
#   1. `make`                                   target <= 20 s
#   2. `make demo` until the first screen        target <= 30 s
#      (in tmux when it is installed; otherwise `make` and a headless
#      first frame)
#   3. `make test`                              target <= 90 s
# The dependencies are assumed present (as `make test` installs them).
#   scripts/bench-build.sh            all three
#   BENCH_BUILD_TEST=0 scripts/...    skip the third (minutes)
set -eu

top=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d /tmp/kmirror-bench-build-XXXXXX)
sock="kmbench-$$"
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT INT TERM

now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.1f", $1 - $2 }'; }
verdict() {	# seconds target
	awk -v s="$1" -v t="$2" 'BEGIN { print (s <= t) ? "ok" : "OVER" }'
}
report() {	# what seconds target
	printf '  %-38s %6s s   target <= %3s s   %s\n' "$1" "$2" "$3" "$(verdict "$2" "$3")"
}
fresh() {
	rm -rf "$tmp/clone"
	git clone -q "$top" "$tmp/clone"
}

echo "time to a first build, screen and test run ($(nproc) cores, fresh clones of HEAD):"
# Wall-clock times: on a shared machine they say as much about the others.
echo "  (load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?))"

fresh
t0=$(now)
make -C "$tmp/clone" -s >/dev/null 2>&1
report "make" "$(since "$t0")" 20

fresh
if command -v tmux >/dev/null 2>&1; then
	t0=$(now)
	tmux -L "$sock" new-session -d -s demo -x 120 -y 40 \
		"cd $tmp/clone && LANG=C.UTF-8 make -s demo; sleep 60"
	shown=""
	i=0
	while [ $i -lt 1200 ]; do	# at most 120 s
		if tmux -L "$sock" capture-pane -p -t demo 2>/dev/null | grep -q "q quit"; then
			shown=$(since "$t0")
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	tmux -L "$sock" kill-server >/dev/null 2>&1 || true
	if [ -n "$shown" ]; then
		report "clone -> make demo on screen" "$shown" 30
	else
		echo "  clone -> make demo on screen: no screen within 120 s"
	fi
else
	t0=$(now)
	make -C "$tmp/clone" -s >/dev/null 2>&1
	(cd "$tmp/clone" && build/gcc/kmirror viz --headless 40x120 >/dev/null)
	report "clone -> make + first frame (no tmux)" "$(since "$t0")" 30
fi

if [ "${BENCH_BUILD_TEST:-1}" = 1 ]; then
	fresh
	t0=$(now)
	if make -C "$tmp/clone" test >"$tmp/test.log" 2>&1; then
		report "clone -> make test" "$(since "$t0")" 90
	else
		echo "  clone -> make test: FAILED after $(since "$t0") s:"
		tail -5 "$tmp/test.log" | sed 's/^/    /'
	fi
fi
