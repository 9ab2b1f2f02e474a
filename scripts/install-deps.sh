#!/bin/sh
# Install what kmirror needs on Debian 12 (bookworm), or say what to install.
# Needed to build and test: a C compiler (gcc, clang for the sanitizer run),
# make, pkg-config, the Check unit-test library, ncurses (wide), tmux (the
# visualizer's smoke test) and the C.UTF-8 locale (its golden screens):
# the tests fail, they do not skip, without any of these. TUN tests also
# use iproute2 and, if it can be installed, tshark.
set -eu

need=""
have_pkg() { pkg-config --exists "$1" 2>/dev/null; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }

have_cmd cc || have_cmd gcc || need="$need gcc"
have_cmd clang || need="$need clang"
have_cmd make || need="$need make"
have_cmd pkg-config || need="$need pkg-config"
have_pkg check || need="$need check"
have_pkg ncursesw || need="$need libncurses-dev"
have_cmd tmux || need="$need tmux"
have_cmd ip || need="$need iproute2"
# C.UTF-8 comes with Debian 12's libc-bin; if it was removed, localedef
# (with the locales package's sources) builds it again.
have_utf8() { locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; }
utf8=""
if ! have_utf8; then
	utf8=1
	need="$need locales"
fi
# clang's sanitizer runtime
[ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a 2>/dev/null)" ] || need="$need libclang-rt-14-dev"

# Optional: tshark decodes the TUN scenarios' captures (tests/check_tun.c).
# Those tests only run as root, so only root installs it; if that fails
# (no package mirror) the tests report SKIPPED and everything else goes on.
optional=""
if ! have_cmd tshark; then
	if [ "$(id -u)" = 0 ] && have_cmd apt-get; then
		optional="tshark"
	else
		echo "kmirror: note: tshark is not installed; the TUN tests (root only)" \
			"will skip its checks (sudo apt-get install tshark)" >&2
	fi
fi

if [ -z "$need" ] && [ -z "$optional" ]; then
	exit 0
fi

if [ "$(id -u)" = 0 ] && have_cmd apt-get; then
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
		echo "kmirror: installing:$need"
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

echo "kmirror: missing build/test dependencies. Please run:" >&2
echo "    sudo apt-get install$need" >&2
[ -z "$utf8" ] || echo "    sudo localedef -i C -f UTF-8 C.UTF-8" >&2
exit 1
