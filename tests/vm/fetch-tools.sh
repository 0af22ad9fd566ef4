#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-tools.sh -- the burners' and rippers' tools as Debian 12 ships them,
# for the rig's recipe checks (guest/recipes.sh): wodim (readom) and
# sg3-utils (sg_dd, sg_read) with libsgutils2.  Downloaded through the
# private apt configuration (apt.sh; the mirror comes from the system's apt
# sources) into the machine's cache (tests/cache.sh: debs/) and extracted
# into its vm/tools/root, never installed.  Idempotent: with the packages' versions unchanged, no network
# work.  Prints nothing but progress on stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
C=$("$top/tests/cache.sh" dir)
vm=$C/vm
out=$vm/tools
cache=$C/debs
PKGS="wodim sg3-utils libsgutils2-1.46-2"

log() { printf 'fetch-tools: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$vm"
exec 8>"$vm/fetch-tools.lock"
flock 8
if [ -s "$out/packages" ] && [ "$(cat "$out/packages")" = "$PKGS" ] &&
   [ -x "$out/root/usr/bin/readom" ] && [ -x "$out/root/usr/bin/sg_dd" ]; then
	log "up to date: $PKGS"
	exit 0
fi

. "$here/apt.sh"
mkdir -p "$cache"
private_apt "$C/apt/tools" bookworm bookworm-updates
rm -rf "$out"
mkdir -p "$out/root"
for p in $PKGS; do
	f=$(apt_download "$cache" "$p")
	dpkg-deb -x "$f" "$out/root"
done
for b in readom sg_dd sg_read; do
	[ -x "$out/root/usr/bin/$b" ] || die "no usr/bin/$b in $PKGS"
done
echo "$PKGS" >"$out/packages"
log "ready: $PKGS in $out/root"
