#!/bin/sh
# kmirror's include roots (docs/architecture.md, "Include roots"): user-side
# code (viz, scenarios, sim, platform, tests, labs) includes no kernel
# header. Prints each offence as "file: header" and exits 1 if there is one.
#   scripts/check-includes.sh [ROOT [BUILD]]
# ROOT: the repository (default .); BUILD: a build directory under ROOT
# whose dependency files (.d) show what the compiler really opened.
#
# Kernel headers are the ones under kernel_mirror/include (linux/, net/,
# asm/, uapi/, kmirror/). The documented exceptions:
#  - tests/kern/ is kernel-side test code, compiled like the mirror (its
#    kt.h, which the suites include, has plain C types only);
#  - platform/ implements include/kmplat/platform.h, so it alone of the
#    user side includes kmplat/.
# A <linux/...>, <net/...>, <asm/...> or <uapi/...> that names a header the
# mirror also has is refused in the source even though user code's include
# path resolves it to the system's: it is the name a wrong -I would turn
# into the mirror's (glibc's <errno.h> reading the mirror's linux/errno.h).
set -u
root=${1:-.}
build=${2:-}
cd "$root" || exit 2
user_dirs="viz scenarios sim platform tests labs"
bad=0

# 1. The sources.
for f in $(find $user_dirs -name '*.[ch]' ! -path 'tests/kern/*' 2>/dev/null | LC_ALL=C sort); do
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]\([^>"]*\)[>"].*/\1/p' "$f" |
	while read -r h; do
		case $h in
		*kernel_mirror/*|kmirror/*|*/kmirror/*)
			echo "$f: $h (a kernel header)" ;;
		kmplat/*)
			case $f in platform/*) ;; *)
				echo "$f: $h (the platform's interface, for platform/ only)" ;;
			esac ;;
		linux/*|net/*|asm/*|uapi/*)
			[ -e "kernel_mirror/include/$h" ] &&
				echo "$f: $h (the mirror has a header of that name; use the C library's)" ;;
		esac
	done
done > "${TMPDIR:-/tmp}/kmchk.$$"

# 2. What the compiler opened, from the build's dependency files.
if [ -n "$build" ] && [ -d "$build" ]; then
	for d in $user_dirs; do
		# Only what this build's flags compiled: a .d file older than
		# the flags stamp belongs to an object no longer built (a file
		# that moved), and says nothing about the code as it is.
		if [ -f "$build/ucflags.stamp" ]; then
			[ -d "$build/$d" ] && find "$build/$d" -name '*.d' \
				! -path "$build/tests/kern/*" -newer "$build/ucflags.stamp"
		else
			[ -d "$build/$d" ] && find "$build/$d" -name '*.d' ! -path "$build/tests/kern/*"
		fi
	done | LC_ALL=C sort | while read -r f; do
		tr ' \\' '\n\n' < "$f" | sed 's/:$//' | LC_ALL=C sort -u | while read -r h; do
			case $h in
			*kernel_mirror/include/*)
				echo "$f: $h (a kernel header, as compiled)" ;;
			*include/kmplat/*)
				case $f in "$build"/platform/*) ;; *)
					echo "$f: $h (the platform's interface, as compiled)" ;;
				esac ;;
			esac
		done
	done >> "${TMPDIR:-/tmp}/kmchk.$$"
fi

if [ -s "${TMPDIR:-/tmp}/kmchk.$$" ]; then
	cat "${TMPDIR:-/tmp}/kmchk.$$"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/kmchk.$$"
exit $bad
