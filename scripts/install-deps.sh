#!/bin/sh
# Install what kmirror needs on Debian 12 (bookworm), or say what to install.
#
#   scripts/install-deps.sh --run    to build and run kmirror (make demo):
#                                    a C compiler, make, pkg-config, ncurses,
#                                    libmnl (the TUN set-up's netlink)
#   scripts/install-deps.sh --test   also what the tests need (make test):
#                                    clang and its sanitizer runtime, the
#                                    Check library, tmux (the visualizer's
#                                    smoke test), the C.UTF-8 locale (the
#                                    golden screens), iproute2 (TUN tests),
#                                    gdb (a breakpoint while tracing),
#                                    and tshark if it can be had (pcaps)
#                                    The tests fail, they do not skip,
#                                    without any of these but tshark.
#
# As root with apt-get, missing packages are installed; otherwise the
# apt-get line to run is printed and the exit status is 1.
# KMIRROR_DEPS_DRY_RUN=1: only say what is missing (exit 1 if anything is).
set -eu

mode=${1:---test}
case $mode in
--run|--test) ;;
*)	echo "usage: $0 [--run|--test]" >&2; exit 2 ;;
esac

need=""
have_pkg() { pkg-config --exists "$1" 2>/dev/null; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }

# run time
have_cmd cc || have_cmd gcc || need="$need gcc"
have_cmd make || need="$need make"
have_cmd pkg-config || need="$need pkg-config"
have_cmd pkg-config && { have_pkg ncursesw || need="$need libncurses-dev"; }
have_cmd pkg-config && { have_pkg libmnl || need="$need libmnl-dev"; }
have_cmd pkg-config || need="$need libncurses-dev libmnl-dev"

# test time
optional=""
utf8=""
# C.UTF-8 comes with Debian 12's libc-bin; if it was removed, localedef
# (with the locales package's sources) builds it again.
have_utf8() { locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; }
if [ "$mode" = --test ]; then
	if ! have_utf8; then
		utf8=1
		need="$need locales"
	fi
	have_cmd clang || need="$need clang"
	have_pkg check || need="$need check"
	have_cmd tmux || need="$need tmux"
	have_cmd ip || need="$need iproute2"
	have_cmd gdb || need="$need gdb"
	# clang's sanitizer runtime
	[ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a 2>/dev/null)" ] ||
		need="$need libclang-rt-14-dev"
	# Optional: tshark decodes the captures (tests/check_cli.c,
	# tests/check_tun.c). Only root installs it; if that fails (no
	# package mirror) those checks report SKIPPED and everything else
	# goes on.
	if ! have_cmd tshark; then
		if [ "$(id -u)" = 0 ] && have_cmd apt-get; then
			optional="tshark"
		else
			echo "kmirror: note: tshark is not installed; the capture checks" \
				"will be skipped (sudo apt-get install tshark)" >&2
		fi
	fi
fi

if [ -z "$need" ] && [ -z "$optional" ] && [ -z "$utf8" ]; then
	exit 0
fi

what="run-time"
[ "$mode" = --test ] && what="build/test"
if [ "${KMIRROR_DEPS_DRY_RUN:-0}" != 1 ] && [ "$(id -u)" = 0 ] && have_cmd apt-get; then
	# Non-interactive: debconf keeps its defaults (tshark: dumpcap is not
	# made setuid).
	export DEBIAN_FRONTEND=noninteractive
	install() {
		apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 || {
			apt-get update >/dev/null 2>&1
			apt-get install -y --no-install-recommends "$@"
		}
	}
	if [ -n "$need" ]; then
		echo "kmirror: installing ($what):$need"
		install $need
	fi
	if [ -n "$utf8" ]; then
		echo "kmirror: building the C.UTF-8 locale"
		localedef -i C -f UTF-8 C.UTF-8
	fi
	if [ -n "$optional" ]; then
		echo "kmirror: installing (optional): $optional"
		install $optional >/dev/null 2>&1 ||
			echo "kmirror: note: could not install $optional; its checks will be skipped" >&2
	fi
	exit 0
fi

[ -n "$need" ] || exit 0
echo "kmirror: missing $what dependencies. Please run:" >&2
echo "    sudo apt-get install$need" >&2
[ -z "$utf8" ] || echo "    sudo localedef -i C -f UTF-8 C.UTF-8" >&2
exit 1
