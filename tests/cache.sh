#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# cache.sh -- the test command's cache on this machine: what it downloads or
# builds once and every clone of the project on the machine reuses.
#
#   cache.sh dir          the directory: $DISCXFER_CACHE, default
#                         /var/cache/discxfer (outside any clone; needs root
#                         to create, as the rig does).  It holds:
#                           kernels/SERIES   Debian's kernel packages of the
#                                            rig, extracted (fetch-kernel.sh)
#                           debs/, apt/      the downloaded .debs and the
#                                            private apt configurations
#                           checkpatch/      linux-source packages, their
#                                            checkpatch.pl
#                           roots/trixie     the Debian 13 build root (gcc-14:
#                                            7.x modules, DKMS, the debug
#                                            kernel)
#                           chroot/          the bare bookworm and trixie
#                                            roots of the packaging checks
#                           vm/tools, vm/udev  Debian's wodim, sg3-utils and
#                                            udev for the guest
#                           debug-kernel/    the debug kernel (debug-kernel.sh)
#                           src/             the burners' Debian source
#                                            packages (integrations/
#                                            fetch-sources.sh)
#                           integrations/    their stock and patched builds
#                                            (integrations/build.sh)
#   cache.sh state LEG    "warm" when everything LEG (a leg of the test
#                         command, scripts/leg-time) keeps in the cache is
#                         there now, "cold" when something must be made,
#                         "none" when LEG keeps nothing there
#
# A run with an empty cache, as on a new machine: DISCXFER_CACHE=$(mktemp -d).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
C=${DISCXFER_CACHE:-/var/cache/discxfer}

# Each check: is one part of the cache complete?
kernel() {
	case $1 in
	newest) [ -s "$C/kernels/newest-series" ] && kernel "$(cat "$C/kernels/newest-series")" ;;
	*) [ -f "$C/kernels/$1/ready" ] ;;
	esac
}
kernels() { kernel 6.1 && kernel 6.12 && kernel newest; }
trixie_root() { [ -f "$C/roots/trixie/.discxfer-root" ]; }
checkpatch() {
	for s in 6.1 6.12 $(cat "$C/kernels/newest-series" 2>/dev/null || echo newest); do
		[ -x "$C/checkpatch/$s/scripts/checkpatch.pl" ] || return 1
	done
}
guest_pkgs() { [ -s "$C/vm/tools/packages" ] && [ -s "$C/vm/udev/version" ]; }
chroot_root() { [ -d "$C/chroot/$1" ] && [ -s "$C/chroot/$1.pkgs" ]; }
deps() { "$here/../scripts/install-deps.sh" --check; }
debug_kernel() { "$here/vm/debug-kernel.sh" cached >/dev/null 2>&1; }
integrations() { "$here/../integrations/build.sh" cached >/dev/null 2>&1; }

# state CHECK...: warm when every check holds.
state() {
	for c in "$@"; do
		$c || { echo cold; return 0; }
	done
	echo warm
}

case ${1:-} in
dir)
	echo "$C"
	;;
state)
	case ${2:-} in
	install-deps) state deps ;;
	check-module-kernels) state kernels trixie_root checkpatch ;;
	check-pkg-dkms) state kernels trixie_root ;;
	check-pkg-chroot) state "chroot_root bookworm" ;;
	check-pkg-trixie) state "chroot_root trixie" kernels ;;
	vm-test-6.1 | vm-stress-6.1) state "kernel 6.1" guest_pkgs ;;
	vm-test-6.12 | vm-stress-6.12) state "kernel 6.12" guest_pkgs ;;
	vm-test-newest | vm-stress-newest | vm-bench) state "kernel newest" trixie_root guest_pkgs ;;
	vm-debug) state debug_kernel trixie_root guest_pkgs ;;
	vm-all) state kernels trixie_root guest_pkgs debug_kernel ;;
	check-packaging) state kernels trixie_root "chroot_root bookworm" "chroot_root trixie" ;;
	check-integrations) state integrations ;;
	*) echo none ;;
	esac
	;;
*)
	sed -n '4,34s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
