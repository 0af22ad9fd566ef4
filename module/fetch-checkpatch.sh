#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-checkpatch.sh SERIES -- print the path of checkpatch.pl from Debian's
# linux-source-SERIES package (SERIES 6.1, 6.12, or the newest series the rig
# found, e.g. 7.3: see tests/vm/fetch-kernel.sh newest), fetching it first
# when needed.
#
# The package is downloaded with `apt-get download` and only scripts/ is
# unpacked (checkpatch.pl with spelling.txt and const_structs.checkpatch
# beside it), into the machine's cache (tests/cache.sh dir: checkpatch/SERIES,
# the package in checkpatch/deb), which every clone shares.  6.1 comes from
# bookworm (with its updates and security suites), 6.12 from
# bookworm-backports, any other series from trixie, trixie-backports or sid,
# all through the rig's private apt configuration
# (tests/vm/apt.sh), made from the system's own apt sources at run time (no
# registry host name is written here).  Idempotent: with the script in place, no
# network work.  Progress goes to stderr, the path alone to stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
series=${1:-}
case "$series" in
[0-9]*.[0-9]*) ;;
*) echo "usage: $0 SERIES (6.1, 6.12, 7.3, ...)" >&2; exit 2 ;;
esac

C=$("$top/tests/cache.sh" dir)
out=$C/checkpatch/$series
cp=$out/scripts/checkpatch.pl

log() { printf 'fetch-checkpatch %s: %s\n' "$series" "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ -x "$cp" ] && [ -f "$out/scripts/spelling.txt" ]; then
	echo "$cp"
	exit 0
fi
mkdir -p "$out"
exec 8>"$out.lock"
flock 8
if [ -x "$cp" ] && [ -f "$out/scripts/spelling.txt" ]; then
	echo "$cp"
	exit 0
fi

for t in apt-get dpkg-deb tar xz perl; do
	command -v "$t" >/dev/null || die "$t not found (run scripts/install-deps.sh)"
done

# The rig's private apt configuration (tests/vm/apt.sh) for the series'
# suites, the same that tests/vm/fetch-kernel.sh uses for its kernel.
case "$series" in
6.1) suites="bookworm bookworm-updates bookworm-security"; aptd=$series ;;
6.12) suites="bookworm-backports"; aptd=$series ;;
*) suites="trixie trixie-backports sid"; aptd=newest ;;
esac
# shellcheck source=../tests/vm/apt.sh
. "$top/tests/vm/apt.sh"
dl=$C/checkpatch/deb
mkdir -p "$dl" "$out"
private_apt "$C/apt/$aptd" $suites
deb=$(apt_download "$dl" "linux-source-$series")
log "unpacking scripts/ from $(basename "$deb")"

tmp=$(mktemp -d "$C/checkpatch/tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -C "$tmp" -x --wildcards './usr/src/linux-source-*.tar.*'
tarball=$(ls "$tmp"/usr/src/linux-source-*.tar.*)
rm -rf "$out/scripts"
mkdir -p "$out/scripts"
tar -C "$out/scripts" --strip-components=2 -xf "$tarball" --wildcards \
	'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
	'*/scripts/const_structs.checkpatch'
[ -x "$cp" ] || die "no scripts/checkpatch.pl in $(basename "$deb")"
echo "$cp"
