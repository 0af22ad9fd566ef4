#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# buildroot.sh -- build discxfer.ko with the compiler the kernel was built
# with, when this machine does not have it.
#
#   buildroot.sh compiler KDIR
#       Print how to build against KDIR: "direct CC" when this machine has
#       the kernel's compiler (the command named in CONFIG_CC_VERSION_TEXT,
#       same version), "root SUITE" when a Debian SUITE build root has it
#       (7.x headers name x86_64-linux-gnu-gcc-14, which Debian 12 lacks),
#       or an error naming the compiler.  Exit 1 when neither can work.
#   buildroot.sh create ROOT SUITE
#       Make (or reuse) a Debian SUITE root in ROOT with mmdebstrap
#       (--variant=minbase, with gcc-14, make, libc6-dev, bc, kmod,
#       libelf-dev, pahole and dkms, and flex, bison, libssl-dev, cpio,
#       xz-utils and python3-minimal for a whole kernel), the mirror read
#       from the system's own apt sources at run time.  A stamp records the
#       package list; a root with another list is made anew.  The rig keeps
#       it in the machine's cache (tests/cache.sh: roots/SUITE).
#   buildroot.sh make ROOT KDIR OUT MAKE-ARGS...
#       Run `make -C KDIR M=OUT MAKE-ARGS...` inside ROOT (chroot), in a
#       private mount namespace with /proc mounted (objtool needs it) and
#       KDIR (with the trees it refers to: Debian's -common headers and
#       linux-kbuild) and OUT bind-mounted at their own paths.  Where KDIR
#       is already inside ROOT it is used there.  Needs root.
#   buildroot.sh run ROOT KDIR [DIR...] -- COMMAND...
#       Run COMMAND in ROOT the same way, with KDIR's trees and each DIR
#       bind-mounted at their own paths (e.g. dkms with its trees).
#   buildroot.sh exec ROOT DIR... -- COMMAND...
#       Run COMMAND in ROOT with each DIR bind-mounted at its own path,
#       without asking a configured kernel for its compiler: for a kernel
#       source tree not configured yet, whose make is given CC= (the upstream
#       series' W=1 builds, upstream/linux/check.sh).
#
# No registry host name is written here: the mirror comes from the
# system's apt configuration (tests/vm/apt.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

# What a module needs, and what a whole kernel needs beside it (the debug
# kernel of tests/vm/debug-kernel.sh: flex, bison, libssl-dev, ...): one root
# serves both, made once.  A stamp names the list: a root made with another
# list is made anew.
ROOT_PKGS="gcc-14 make libc6-dev bc kmod libelf-dev pahole dkms
	flex bison libssl-dev cpio xz-utils python3-minimal"
ROOT_PKGS=$(echo $ROOT_PKGS)

log() { printf 'buildroot: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The compiler named by the kernel's configuration: prints "NAME|TEXT".
kernel_cc() {
	local kdir=$1 text name
	text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$kdir/.config" \
		"$kdir/include/config/auto.conf" 2>/dev/null | head -n 1)
	[ -n "$text" ] || die "no CONFIG_CC_VERSION_TEXT in $kdir/.config: not a configured kernel tree"
	if grep -qs '^CONFIG_CC_IS_CLANG=y' "$kdir/.config"; then
		name=clang
	else
		name=${text%% *}
	fi
	printf '%s|%s\n' "$name" "$text"
}

# The version a --version line ends with (e.g. 14.2.0).
cc_version() { printf '%s\n' "$1" | awk '{ print $NF }'; }

# same_cc "VERSION-LINE" "CONFIG TEXT": the same compiler (first word) of
# the same version (last word); the distribution's package revision in
# between may differ.
same_cc() {
	[ "${1%% *}" = "${2%% *}" ] && [ "$(cc_version "$1")" = "$(cc_version "$2")" ]
}

cmd_compiler() {
	local kdir=$1 kc name text line suite
	kc=$(kernel_cc "$kdir")
	name=${kc%%|*}
	text=${kc#*|}
	if command -v "$name" >/dev/null 2>&1; then
		line=$("$name" --version 2>/dev/null | head -n 1)
		if same_cc "$line" "$text"; then
			echo "direct $name"
			return 0
		fi
	fi
	# Debian's kernels name their suite's compiler; gcc-14 is trixie's.
	case "$name" in
	*gcc-14) suite=trixie ;;
	*)
		die "the kernel in $kdir was built with '$text'; this machine has no $name of that version, and no build root is known for it"
		;;
	esac
	echo "root $suite"
}

cmd_create() {
	local root=$1 suite=$2 stamp mirror sb
	stamp="$suite $ROOT_PKGS"
	mkdir -p "$(dirname "$root")"
	exec 7>"$root.lock"
	flock 7
	if [ -f "$root/.discxfer-root" ] && [ "$(cat "$root/.discxfer-root")" = "$stamp" ]; then
		return 0
	fi
	[ "$(id -u)" = 0 ] || die "making the $suite build root needs root (mmdebstrap)"
	command -v mmdebstrap >/dev/null || die "mmdebstrap not found (run scripts/install-deps.sh)"
	# shellcheck source=../tests/vm/apt.sh
	. "$top/tests/vm/apt.sh"
	read -r mirror sb < <(system_source bookworm | head -n 1) ||
		die "no 'bookworm' entry in the system's apt sources"
	[ -n "$mirror" ] || die "no 'bookworm' entry in the system's apt sources"
	log "making a Debian $suite build root in $root (mmdebstrap, a few minutes)"
	rm -rf "$root.new"
	local kr=()
	[ "$sb" != "-" ] && kr=(--keyring="$sb")
	# mmdebstrap: a minbase root as debootstrap makes one, its packages
	# installed by apt, in less time than debootstrap takes.
	if ! mmdebstrap --variant=minbase "${kr[@]}" \
		--include="$(echo "$ROOT_PKGS" | tr ' ' ',')" \
		"$suite" "$root.new" "$mirror" >"$root.log" 2>&1; then
		tail -n 20 "$root.log" >&2
		rm -rf "$root.new"
		die "mmdebstrap of $suite failed (log: $root.log)"
	fi
	echo "$stamp" >"$root.new/.discxfer-root"
	rm -rf "$root"
	mv "$root.new" "$root"
	log "build root ready: $root ($(chroot "$root" x86_64-linux-gnu-gcc-14 --version | head -n 1))"
}

# The directories a headers tree needs beyond itself: those its Makefile
# includes by absolute path and the targets of its top-level symlinks.
kdir_closure() {
	local todo=("$1") seen=() d l t inc
	while [ ${#todo[@]} -gt 0 ]; do
		d=${todo[0]}
		todo=("${todo[@]:1}")
		case " ${seen[*]:-} " in *" $d "*) continue ;; esac
		seen+=("$d")
		echo "$d"
		for l in "$d"/*; do
			[ -L "$l" ] || continue
			t=$(readlink -f "$l") || continue
			[ -d "$t" ] && todo+=("$t")
		done
		if [ -f "$d/Makefile" ]; then
			for inc in $(sed -n 's|^include[[:space:]]\{1,\}\(/[^[:space:]]*\).*|\1|p' "$d/Makefile"); do
				[ -e "$inc" ] && todo+=("$(readlink -f "$(dirname "$inc")")")
			done
		fi
	done
}

# inside ROOT PATH: the path under which the root sees PATH (stripped of
# ROOT when it is inside it); sets BINDS+=(PATH) when it must be bound.
inside() {
	case "$2/" in
	"$1"/*) echo "${2#"$1"}" ;;
	*) echo "$2" ;;
	esac
}

# run_in ROOT KDIR EXTRA-BIND... -- COMMAND...: COMMAND in ROOT, with KDIR's
# trees and each EXTRA-BIND (absolute, outside ROOT) at their own paths.
run_in() {
	local root=$1 kdir=$2 binds=() d
	shift 2
	case "$kdir/" in
	"$root"/*) ;;
	*) while read -r d; do binds+=("$d"); done < <(kdir_closure "$kdir") ;;
	esac
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		case "$1/" in "$root"/*) ;; *) binds+=("$1") ;; esac
		shift
	done
	[ "${1:-}" = -- ] && shift
	[ "$(id -u)" = 0 ] || die "building in the root $root needs root (chroot)"
	# A private mount namespace where the system allows one; in a bare
	# chroot ("/" not a mount point) propagation cannot be changed, so
	# every mount is also undone explicitly.
	local prop=private
	unshare --mount --propagation private true 2>/dev/null || prop=unchanged
	unshare --mount --propagation "$prop" \
		"$0" __inner "$root" "${#binds[@]}" "${binds[@]}" "$@"
}

# check_root ROOT KDIR: the root has the kernel's compiler.
check_root() {
	local root=$1 kdir=$2 kc line
	[ -x "$root/usr/bin/make" ] || die "no build root at $root"
	kc=$(kernel_cc "$kdir")
	line=$(chroot "$root" "${kc%%|*}" --version 2>/dev/null | head -n 1) || true
	same_cc "$line" "${kc#*|}" ||
		die "the root $root has '${line:-no ${kc%%|*}}', the kernel in $kdir was built with '${kc#*|}'"
}

cmd_make() {
	local root kdir out
	root=$(readlink -f "$1")
	kdir=$(readlink -f "$2")
	out=$(readlink -f "$3")
	shift 3
	check_root "$root" "$kdir"
	run_in "$root" "$kdir" "$out" -- \
		make -C "$(inside "$root" "$kdir")" M="$(inside "$root" "$out")" "$@"
}

cmd_run() {
	local root kdir
	root=$(readlink -f "$1")
	kdir=$(readlink -f "$2")
	shift 2
	check_root "$root" "$kdir"
	run_in "$root" "$kdir" "$@"
}

cmd_exec() {
	local root
	root=$(readlink -f "$1")
	shift
	[ -x "$root/usr/bin/make" ] || die "no build root at $root"
	run_in "$root" "$(readlink -f "$1")" "${@:2}"
}

# The mounts of cmd_inner, undone in reverse order at exit.
mounted=()
undo() {
	local j
	for ((j = ${#mounted[@]} - 1; j >= 0; j--)); do
		umount -l "${mounted[$j]}" 2>/dev/null || true
	done
}

cmd_inner() {
	local root=$1 n=$2 i b rc=0
	shift 2
	local binds=("${@:1:$n}")
	shift "$n"
	trap undo EXIT
	mount -t proc proc "$root/proc"
	mounted+=("$root/proc")
	for ((i = 0; i < ${#binds[@]}; i++)); do
		b=${binds[$i]}
		mkdir -p "$root$b"
		mount --bind "$b" "$root$b"
		mounted+=("$root$b")
	done
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		chroot "$root" "$@" || rc=$?
	return $rc
}

case "${1:-}" in
compiler) [ $# -eq 2 ] || die "usage: $0 compiler KDIR"; cmd_compiler "$2" ;;
create) [ $# -eq 3 ] || die "usage: $0 create ROOT SUITE"; cmd_create "$2" "$3" ;;
make) [ $# -ge 4 ] || die "usage: $0 make ROOT KDIR OUT MAKE-ARGS..."; shift; cmd_make "$@" ;;
run) [ $# -ge 5 ] || die "usage: $0 run ROOT KDIR [BIND...] -- COMMAND..."; shift; cmd_run "$@" ;;
exec) [ $# -ge 4 ] || die "usage: $0 exec ROOT DIR... -- COMMAND..."; shift; cmd_exec "$@" ;;
__inner) shift; cmd_inner "$@" ;;
*) sed -n '4,34s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
