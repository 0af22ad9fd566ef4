#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-udev.sh -- Debian's udev (systemd-udevd, udevadm, rules, helpers such
# as cdrom_id) for the rig's guest, in the version of the host's libudev1 (a
# libudev client must match its daemon), (bookworm's udevadm needs no libsystemd-shared.)  Downloaded through the private apt configuration (apt.sh) into
# build/vm/cache, extracted into build/vm/udev/root.  Idempotent.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
vm=$build/vm
out=$vm/udev
cache=$vm/cache

log() { printf 'fetch-udev: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

ver=$(dpkg-query -W -f='${Version}' libudev1 2>/dev/null) ||
	die "libudev1 is not installed (run scripts/install-deps.sh)"
mkdir -p "$vm"
exec 8>"$vm/fetch-udev.lock"
flock 8
if [ -s "$out/version" ] && [ "$(cat "$out/version")" = "$ver" ] &&
   [ -x "$out/root/bin/udevadm" ]; then
	log "up to date: $ver"
	exit 0
fi

. "$here/apt.sh"
mkdir -p "$cache"
private_apt "$vm/apt/udev" bookworm bookworm-updates bookworm-security
rm -rf "$out"
mkdir -p "$out/root"
f=$(apt_download "$cache" udev "$ver")
dpkg-deb -x "$f" "$out/root"
[ -x "$out/root/bin/udevadm" ] || die "no bin/udevadm in udev $ver"
echo "$ver" >"$out/version"
log "ready: udev $ver in $out/root"
