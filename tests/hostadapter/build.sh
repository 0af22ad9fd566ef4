#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# build.sh KDIR OUT [MAKE-ARGS...] -- build dxhost.ko against the kernel
# headers in KDIR, in OUT (a copy of this directory: kbuild writes into the
# directory it builds), with the kernel's own compiler: directly when this
# machine has it, else in the Debian build root of module/buildroot.sh
# (BUILDROOT_DIR, default the machine's cache: tests/cache.sh dir, roots/).  MAKE-ARGS default to
# "modules"; e.g. "W=1 modules".  Prints the path of dxhost.ko (dxhost2.ko,
# the same module under a second name, beside it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 KDIR OUT [MAKE-ARGS...]" >&2; exit 2; }
kdir=$1
out=$2
shift 2
[ $# -gt 0 ] || set -- modules
[ -f "$kdir/Makefile" ] || { echo "build.sh: no kernel headers at $kdir" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
cp "$here/Kbuild" "$here/dxhost.c" "$here/dxhost2.c" "$out/"

how=$("$top/module/buildroot.sh" compiler "$kdir")
case "$how" in
direct*)
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$kdir" M="$out" "$@" >&2 ;;
root*)
	broot=${BUILDROOT_DIR:-$("$top/tests/cache.sh" dir)/roots}
	case "$broot" in /*) ;; *) broot=$top/$broot ;; esac
	suite=${how#root }
	"$top/module/buildroot.sh" create "$broot/$suite" "$suite" >&2
	"$top/module/buildroot.sh" make "$(readlink -f "$broot/$suite")" "$kdir" "$out" "$@" >&2 ;;
*)
	echo "build.sh: $how" >&2; exit 1 ;;
esac
for m in dxhost dxhost2; do
	[ -f "$out/$m.ko" ] || { echo "build.sh: no $m.ko in $out" >&2; exit 1; }
done
echo "$out/dxhost.ko"
