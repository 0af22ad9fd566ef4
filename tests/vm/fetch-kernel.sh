#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-kernel.sh SERIES -- fetch one Debian kernel series for the test rig.
#
#   SERIES 6.1     bookworm's linux-image-amd64 / linux-headers-amd64
#   SERIES 6.12    the same metapackages from bookworm-backports
#   SERIES newest  the newest linux-image-amd64 that any of trixie,
#                  trixie-backports and sid offers, chosen now (7.3.4 from
#                  trixie-backports on 2026-12-01): the matrix follows new
#                  kernels without an edit.  Its series (e.g. 7.3) is
#                  written to build/vm/newest-series and its files go to
#                  build/vm/<that series>.  Since 7.x Debian splits the
#                  image into linux-image-KR (a small package), linux-binary-KR
#                  (/usr/lib/modules/KR/vmlinuz), linux-modules-KR and
#                  linux-base-KR (modules.builtin, config, System.map), all
#                  merged-/usr; all of them are fetched.
#
# Everything goes through a PRIVATE apt configuration in the machine's cache
# (tests/cache.sh: apt/SERIES, its own source list, lists and cache; the
# .debs in debs/); the system's apt state is never changed.  The mirror is read at run time from the system's own apt sources
# (one-line and deb822 formats): no registry host name is written here.
#
# The exact ABI name (e.g. 6.1.0-40-amd64) is resolved from the metapackages'
# dependencies at run time, because old ABI names leave the archive.
#
# Outputs: in the machine's cache (tests/cache.sh dir: kernels/SERIES, shared
# by every clone), each linked from build/vm/SERIES:
#   root/      image, modules, headers, headers-common and kbuild packages,
#              extracted (root/lib points to root/usr/lib where the packages
#              are merged-/usr)
#   kver       the kernel release, e.g. 6.1.0-40-amd64
#   kdir       absolute path of the headers tree usable as KDIR
#   vmlinux    the uncompressed kernel ELF, bootable with qemu -kernel (PVH)
#   ready      (in the cache only) all of the above is complete
#
# Idempotent: when all outputs exist, it does no network work (for newest:
# only the package lists are fetched, to see whether a newer kernel came;
# without network the cached one is used).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
series=${1:-}
case "$series" in
6.1)  suites="bookworm bookworm-updates bookworm-security" ;;
6.12) suites="bookworm-backports" ;;
newest) suites="trixie trixie-backports sid" ;;
*)    echo "usage: $0 6.1|6.12|newest" >&2; exit 2 ;;
esac

build=${BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
vm=$build/vm
C=$("$top/tests/cache.sh" dir)
kc=$C/kernels
out=$kc/$series
cache=$C/debs
aptd=$C/apt/$series

log() { printf 'fetch-kernel %s: %s\n' "$series" "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$vm" "$kc"
exec 8>"$kc/fetch-$series.lock"
flock 8

# up_to_date DIR: every output of DIR is there.
up_to_date() {
	[ -f "$1/ready" ] && [ -s "$1/kver" ] && [ -s "$1/kdir" ] && [ -s "$1/vmlinux" ] &&
		[ -d "$(cat "$1/kdir")" ] &&
		[ -s "$1/root/lib/modules/$(cat "$1/kver")/modules.dep" ]
}

# publish SERIES: link the cached kernel SERIES into this clone's build/vm.
publish() {
	local d=$vm/$1 f
	mkdir -p "$d"
	for f in kver kdir vmlinux root; do
		[ -L "$d/$f" ] || rm -rf "${d:?}/$f"
		ln -sfn "$kc/$1/$f" "$d/$f"
	done
	if [ "$series" = newest ]; then
		echo "$1" >"$kc/newest-series"
		echo "$1" >"$vm/newest-series"
	fi
}

if [ "$series" != newest ] && up_to_date "$out"; then
	publish "$series"
	log "up to date: $(cat "$out/kver")"
	exit 0
fi
# newest: chosen once per run of the test command, not by each of its legs
# (each would update the package lists of three suites): a choice this clone
# made in the last six hours stands.
if [ "$series" = newest ] && [ -n "$(find "$vm/newest-series" -mmin -360 2>/dev/null)" ] &&
   up_to_date "$kc/$(cat "$vm/newest-series")"; then
	log "chosen in this clone at $(date -r "$vm/newest-series" +%H:%M): $(cat "$vm/newest-series")"
	exit 0
fi

for t in apt-get apt-cache dpkg-deb dpkg depmod zstd xz gzip; do
	command -v "$t" >/dev/null || die "$t not found (run scripts/install-deps.sh)"
done

. "$here/apt.sh"
mkdir -p "$cache"
[ "$series" = newest ] || mkdir -p "$out"
if ! private_apt "$aptd" $suites; then
	# No network: a kernel fetched before still serves.
	if [ "$series" = newest ] && [ -s "$kc/newest-series" ] && up_to_date "$kc/$(cat "$kc/newest-series")"; then
		publish "$(cat "$kc/newest-series")"
		log "package lists not updated; using the cached $(cat "$kc/newest-series")"
		exit 0
	fi
	die "cannot update the package lists for $suites"
fi

# deps_of PACKAGE VERSION REGEX: the dependencies of PACKAGE=VERSION whose
# names match REGEX, one per line.
deps_of() {
	apt-cache "${aptopts[@]}" show "$1=$2" 2>/dev/null |
		sed -n 's/^Depends: //p' | sed -n 1p | tr ',' '\n' |
		sed 's/^[[:space:]]*//; s/[[:space:]|].*//' | grep -E "$3" || true
}

# The metapackage's version: the candidate (6.1, 6.12), or the highest any
# suite offers (newest).
if [ "$series" = newest ]; then
	ver=
	for v in $(apt-cache "${aptopts[@]}" madison linux-image-amd64 | awk -F'|' '{ gsub(/ /, "", $2); print $2 }'); do
		if [ -z "$ver" ] || dpkg --compare-versions "$v" gt "$ver"; then
			ver=$v
		fi
	done
else
	ver=$(apt-cache "${aptopts[@]}" policy linux-image-amd64 | awk '/Candidate:/ { print $2 }')
fi
[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "no linux-image-amd64 in $suites"

img=$(deps_of linux-image-amd64 "$ver" '^linux-image-[0-9]' | sed -n 1p)
[ -n "$img" ] || die "cannot resolve linux-image-amd64 $ver's dependency"
kver=${img#linux-image-}
kver=${kver%-unsigned}
if [ "$series" = newest ]; then
	# The series of the kernel release: 7.3.4+deb13-amd64 -> 7.3.
	s=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	[ -n "$s" ] || die "cannot tell the series of $kver"
	out=$kc/$s
	mkdir -p "$out"
	if up_to_date "$out" && [ "$(cat "$out/kver")" = "$kver" ]; then
		publish "$s"
		log "up to date: $kver (series $s, linux-image-amd64 $ver)"
		exit 0
	fi
fi
hdr=$(deps_of linux-headers-amd64 "$ver" '^linux-headers-[0-9]' | sed -n 1p)
[ "$hdr" = "linux-headers-$kver" ] ||
	die "metapackages disagree: $img vs $hdr"
common=$(deps_of "$hdr" "$ver" '^linux-headers-.*-common$' | sed -n 1p)
kbuild=$(deps_of "$hdr" "$ver" '^linux-kbuild-' | sed -n 1p)
[ -n "$common" ] && [ -n "$kbuild" ] ||
	die "cannot resolve $hdr's dependencies"
# 7.x: the image package only depends on the binary, modules and base.
parts=
for p in $(deps_of "$img" "$ver" '^linux-(binary|modules|base)-'); do
	[ "${p#linux-*-}" = "$kver" ] && parts="$parts$p "
done
log "kernel $kver ($ver): $img $parts$hdr $common $kbuild"

debs=()
for p in "$img" $parts "$hdr" "$common" "$kbuild"; do
	f=$(apt_download "$cache" "$p" "$ver")
	debs+=("$f")
done

rm -f "$out/ready"
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
	sed -i -e "s|\\([[:space:]=]\\)/usr/src/|\\1$r/usr/src/|g" \
		-e "s|\\([[:space:]=]\\)/usr/lib/linux-kbuild|\\1$r/usr/lib/linux-kbuild|g" "$mf"
done
# The symlinks scripts/ and tools/ in the headers trees point to
# ../../lib/linux-kbuild-X.Y (relative): they stay valid.

rm -rf "$r"
mv "$out/root.new" "$r"
# Merged-/usr packages (7.x) put everything under usr/lib.
[ -e "$r/lib" ] || ln -s usr/lib "$r/lib"
[ -d "$r/lib/modules/$kver" ] || die "modules of $kver missing"
# The package does not ship modules.dep (postinst runs depmod): index here.
depmod -b "$r" "$kver"

# --- vmlinux: the uncompressed ELF inside vmlinuz ------------------------------
vmlinuz=$r/boot/vmlinuz-$kver
[ -f "$vmlinuz" ] || vmlinuz=$r/usr/lib/modules/$kver/vmlinuz
[ -f "$vmlinuz" ] || die "no vmlinuz of $kver in the packages"
"$here/extract-vmlinux.sh" "$vmlinuz" "$out/vmlinux.new"
mv "$out/vmlinux.new" "$out/vmlinux"

echo "$kd" >"$out/kdir"
echo "$kver" >"$out/kver"
touch "$out/ready"
publish "${out##*/}"
log "ready: kver=$kver kdir=$kd vmlinux=$out/vmlinux"
