#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-kernel.sh SERIES -- fetch one Debian kernel series for the test rig.
#
#   SERIES 6.1   bookworm's linux-image-amd64 / linux-headers-amd64
#   SERIES 6.12  the same metapackages from bookworm-backports
#
# Everything goes through a PRIVATE apt configuration under build/vm/apt/SERIES
# (its own source list, lists and cache); the system's apt state is never
# changed.  The mirror is read at run time from the system's own apt sources
# (one-line and deb822 formats): no registry host name is written here.
#
# The exact ABI name (e.g. 6.1.0-40-amd64) is resolved from the metapackages'
# dependencies at run time, because old ABI names leave the archive.
#
# Outputs (all under build/vm/SERIES):
#   root/      image, headers, headers-common and kbuild packages, extracted
#   kver       the kernel release, e.g. 6.1.0-40-amd64
#   kdir       absolute path of the headers tree usable as KDIR
#   vmlinux    the uncompressed kernel ELF, bootable with qemu -kernel (PVH)
#
# Idempotent: when all outputs exist, it does no network work.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
series=${1:-}
case "$series" in
6.1)  suites="bookworm bookworm-updates bookworm-security" ;;
6.12) suites="bookworm-backports" ;;
*)    echo "usage: $0 6.1|6.12" >&2; exit 2 ;;
esac

build=${BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
vm=$build/vm
out=$vm/$series
cache=$vm/cache
aptd=$vm/apt/$series

log() { printf 'fetch-kernel %s: %s\n' "$series" "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$vm"
exec 8>"$vm/fetch-$series.lock"
flock 8

if [ -s "$out/kver" ] && [ -s "$out/kdir" ] && [ -s "$out/vmlinux" ] &&
   [ -d "$(cat "$out/kdir")" ] &&
   [ -s "$out/root/lib/modules/$(cat "$out/kver")/modules.dep" ]; then
	log "up to date: $(cat "$out/kver")"
	exit 0
fi

for t in apt-get apt-cache dpkg-deb depmod zstd xz gzip; do
	command -v "$t" >/dev/null || die "$t not found (run scripts/install-deps.sh)"
done

. "$here/apt.sh"
mkdir -p "$cache" "$out"
private_apt "$aptd" $suites

# The candidate version's dependency of a package, matching a pattern.
dep_of() {
	apt-cache "${aptopts[@]}" depends "$1" 2>/dev/null |
		awk -v re="$2" '$1 ~ /Depends:$/ && $2 ~ re { print $2; exit }'
}

img=$(dep_of linux-image-amd64 '^linux-image-[0-9]')
[ -n "$img" ] || die "cannot resolve linux-image-amd64's dependency"
kver=${img#linux-image-}
kver=${kver%-unsigned}
hdr=$(dep_of linux-headers-amd64 '^linux-headers-[0-9]')
[ "$hdr" = "linux-headers-$kver" ] ||
	die "metapackages disagree: $img vs $hdr"
common=$(dep_of "$hdr" '^linux-headers-.*-common')
kbuild=$(dep_of "$hdr" '^linux-kbuild-')
[ -n "$common" ] && [ -n "$kbuild" ] ||
	die "cannot resolve $hdr's dependencies"
log "kernel $kver: $img $hdr $common $kbuild"

debs=()
for p in "$img" "$hdr" "$common" "$kbuild"; do
	f=$(apt_download "$cache" "$p")
	debs+=("$f")
done

rm -rf "$out/root.new"
mkdir -p "$out/root.new"
for f in "${debs[@]}"; do
	log "extracting $(basename "$f")"
	dpkg-deb -x "$f" "$out/root.new"
done

# Debian's headers tree refers to its -common twin and to kbuild by absolute
# paths (/usr/src/linux-headers-...-common, /usr/lib/linux-kbuild-X.Y); point
# them into the extracted tree.
r=$out/root
kd=$r/usr/src/linux-headers-$kver
[ -d "$out/root.new/usr/src/linux-headers-$kver" ] || die "headers tree missing"
{ grep -rlF --include=Makefile -e /usr/src/ -e /usr/lib/linux-kbuild \
	"$out/root.new/usr/src/linux-headers-$kver" 2>/dev/null || true; } |
while read -r mf; do
	sed -i -e "s|\\([[:space:]]\\)/usr/src/|\\1$r/usr/src/|g" \
		-e "s|\\([[:space:]]\\)/usr/lib/linux-kbuild|\\1$r/usr/lib/linux-kbuild|g" "$mf"
done
# The symlinks scripts/ and tools/ in the headers trees point to
# ../../lib/linux-kbuild-X.Y (relative): they stay valid.

rm -rf "$r"
mv "$out/root.new" "$r"
[ -d "$r/lib/modules/$kver" ] || die "modules of $kver missing"
# The package does not ship modules.dep (postinst runs depmod): index here.
depmod -b "$r" "$kver"

# --- vmlinux: the uncompressed ELF inside vmlinuz ------------------------------
"$here/extract-vmlinux.sh" "$r/boot/vmlinuz-$kver" "$out/vmlinux.new"
mv "$out/vmlinux.new" "$out/vmlinux"

echo "$kd" >"$out/kdir"
echo "$kver" >"$out/kver"
log "ready: kver=$kver kdir=$kd vmlinux=$out/vmlinux"
