#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-udev.sh -- Debian's udev (systemd-udevd, udevadm, rules, helpers such
# as cdrom_id) for the rig's guest, in the version of the host's libudev1 (a
# libudev client must match its daemon; bookworm's udevadm needs no
# libsystemd-shared).  Downloaded through the private apt configuration
# (apt.sh) into the machine's cache (tests/cache.sh: debs/), extracted into
# its vm/udev/root.  Idempotent.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
C=$("$top/tests/cache.sh" dir)
vm=$C/vm
out=$vm/udev
cache=$C/debs

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
private_apt "$C/apt/udev" bookworm bookworm-updates bookworm-security
rm -rf "$out"
mkdir -p "$out/root"
f=$(apt_download "$cache" udev "$ver")
dpkg-deb -x "$f" "$out/root"
[ -x "$out/root/bin/udevadm" ] || die "no bin/udevadm in udev $ver"
echo "$ver" >"$out/version"
log "ready: udev $ver in $out/root"
