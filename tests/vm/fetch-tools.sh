#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-tools.sh -- the burners' and rippers' tools as Debian 12 ships them,
# for the rig's guest: wodim (readom) and sg3-utils (sg_dd, sg_read) with
# libsgutils2 for the recipe checks (guest/recipes.sh), into vm/tools/root;
# xorriso, cdrskin and growisofs with libburn4, libisofs6, libisoburn1 and
# libjte2 for the burns on dxhost (tests/hostadapter/burn-guest.sh), into
# vm/burners/root (a root of its own, so that a tree without the burns
# keeps its tools root as it is).  Downloaded through the private apt
# configuration (apt.sh; the mirror comes from the system's apt sources)
# into the machine's cache (tests/cache.sh: debs/) and extracted, never
# installed.  Idempotent: with the packages' versions unchanged, no network
# work.  Prints nothing but progress on stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
C=$("$top/tests/cache.sh" dir)
vm=$C/vm
cache=$C/debs
# NAME|PACKAGES|PROGRAMS (usr/bin) of each root
SETS=(
	"tools|wodim sg3-utils libsgutils2-1.46-2|readom sg_dd sg_read"
	"burners|xorriso cdrskin growisofs libburn4 libisofs6 libisoburn1 libjte2|xorriso cdrskin growisofs"
)

log() { printf 'fetch-tools: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$vm"
exec 8>"$vm/fetch-tools.lock"
flock 8
# up_to_date NAME PACKAGES PROGRAMS: the root has these packages' programs.
up_to_date() {
	local b
	[ -s "$vm/$1/packages" ] && [ "$(cat "$vm/$1/packages")" = "$2" ] || return 1
	for b in $3; do
		[ -x "$vm/$1/root/usr/bin/$b" ] || return 1
	done
}
todo=()
for set in "${SETS[@]}"; do
	IFS='|' read -r name pkgs progs <<<"$set"
	if up_to_date "$name" "$pkgs" "$progs"; then
		log "up to date: $pkgs"
	else
		todo+=("$set")
	fi
done
[ ${#todo[@]} -gt 0 ] || exit 0

. "$here/apt.sh"
mkdir -p "$cache"
private_apt "$C/apt/tools" bookworm bookworm-updates
for set in "${todo[@]}"; do
	IFS='|' read -r name pkgs progs <<<"$set"
	out=$vm/$name
	rm -rf "$out"
	mkdir -p "$out/root"
	for p in $pkgs; do
		f=$(apt_download "$cache" "$p")
		dpkg-deb -x "$f" "$out/root"
	done
	for b in $progs; do
		[ -x "$out/root/usr/bin/$b" ] || die "no usr/bin/$b in $pkgs"
	done
	echo "$pkgs" >"$out/packages"
	log "ready: $pkgs in $out/root"
done
