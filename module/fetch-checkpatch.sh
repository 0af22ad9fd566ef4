#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-checkpatch.sh SERIES -- print the path of checkpatch.pl from Debian's
# linux-source-SERIES package (SERIES 6.1 or 6.12), fetching it first when
# needed.
#
# The package is downloaded with `apt-get download` and only scripts/ is
# unpacked (checkpatch.pl with spelling.txt and const_structs.checkpatch
# beside it), into $BUILD/checkpatch/SERIES (default build/).  6.1 comes from
# the system's own apt sources (bookworm); 6.12 from bookworm-backports
# through the rig's private apt configuration in $BUILD/vm/apt/6.12, which
# tests/vm/fetch-kernel.sh creates from the system's sources (no registry
# host name is written here).  Idempotent: with the script in place, no
# network work.  Progress goes to stderr, the path alone to stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
series=${1:-}
case "$series" in
6.1 | 6.12) ;;
*) echo "usage: $0 6.1|6.12" >&2; exit 2 ;;
esac

build=${BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/checkpatch/$series
cp=$out/scripts/checkpatch.pl

log() { printf 'fetch-checkpatch %s: %s\n' "$series" "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ -x "$cp" ] && [ -f "$out/scripts/spelling.txt" ]; then
	echo "$cp"
	exit 0
fi

for t in apt-get dpkg-deb tar xz perl; do
	command -v "$t" >/dev/null || die "$t not found (run scripts/install-deps.sh)"
done

aptopts=()
if [ "$series" = 6.12 ]; then
	aptd=$build/vm/apt/6.12
	if [ ! -s "$aptd/sources.list" ] || [ ! -d "$aptd/lists" ]; then
		log "setting up the bookworm-backports apt configuration"
		"$top/tests/vm/fetch-kernel.sh" 6.12 >&2
	fi
	aptopts=(
		-o "Dir::Etc::SourceList=$aptd/sources.list"
		-o "Dir::Etc::SourceParts=$aptd/parts"
		-o "Dir::State::Lists=$aptd/lists"
		-o "Dir::Cache=$aptd/cache"
		-o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
		-o "Dir::State::Status=/dev/null"
		-o "APT::Architecture=amd64"
		-o "Debug::NoLocking=1"
		-o "Acquire::Languages=none"
	)
fi

pkg=linux-source-$series
dl=$build/checkpatch/deb
mkdir -p "$dl" "$out"
download() {
	(cd "$dl" && apt-get "${aptopts[@]}" -q download "$pkg") >"$dl/$series.log" 2>&1
}
if ! download; then
	# Stale package lists: refresh them once (the system's as root, or
	# the private ones) and try again.
	log "refreshing package lists"
	if [ ${#aptopts[@]} -eq 0 ] && [ "$(id -u)" != 0 ]; then
		die "cannot download $pkg and cannot run apt-get update as $(id -un)"
	fi
	apt-get "${aptopts[@]}" -q update >&2 || die "apt-get update failed"
	download || { cat "$dl/$series.log" >&2; die "apt-get download $pkg failed"; }
fi
deb=$(ls -t "$dl"/"${pkg}"_*.deb | head -n 1)
log "unpacking scripts/ from $(basename "$deb")"

tmp=$(mktemp -d "$build/checkpatch/tmp.XXXXXX")
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
