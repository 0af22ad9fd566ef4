#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-sources.sh -- the upstream releases Debian 12 builds its burners
# from, as the .orig tarballs (and .dsc) of its source packages: libburn,
# dvd+rw-tools, cdrkit, sg3-utils.  `apt-get source --download-only` through
# a private apt configuration with deb-src entries for bookworm
# (tests/vm/apt.sh; the mirror comes from the system's apt sources) into the
# machine's cache (tests/cache.sh: src/), never into the clone.  Every file
# the mirror gave is checked against the .dsc's Checksums-Sha256 (the .dsc
# itself is checked by apt against the signed Release).  The mirror lacks
# the .debian.tar.xz of libburn, dvd+rw-tools and cdrkit: that is said and
# not an error; the patches apply to the .orig trees.
#
#   fetch-sources.sh            fetch what is missing (idempotent: nothing
#                               is downloaded when every file is there)
#   fetch-sources.sh orig PKG   print the path of PKG's .orig tarball
#                               (fetching first when needed)
#   fetch-sources.sh debian PKG print the path of PKG's .debian.tar.xz, or
#                               nothing when the mirror lacks it
#   fetch-sources.sh check      exit 0 when every .orig is there and
#                               verified, 1 otherwise; fetches nothing
#
# Progress on stderr only.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
C=$("$top/tests/cache.sh" dir)
out=$C/src
# The source packages and the versions the patches are made for.
SOURCES="libburn=1.5.4-1 dvd+rw-tools=7.1-14 cdrkit=9:1.1.11-3.4 sg3-utils=1.46-3"

log() { printf 'fetch-sources: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# dsc PKG: the .dsc file of PKG's pinned version (epoch dropped).
dsc() {
	local p v
	for s in $SOURCES; do
		p=${s%%=*} v=${s#*=}
		[ "$p" = "$1" ] && { echo "$out/${p}_${v#*:}.dsc"; return 0; }
	done
	die "unknown source package '$1' (known: $SOURCES)"
}

# files DSC: "SHA256 NAME" of each file the .dsc lists.
files() {
	awk '/^Checksums-Sha256:/ { on = 1; next }
	     /^[^ ]/ { on = 0 }
	     on && NF == 3 { print $1, $3 }' "$1"
}

# verify PKG: 0 when the .dsc is there, lists an .orig tarball, and every
# listed file that is present matches its checksum (a mismatch is removed
# and fails).
verify() {
	local d sum name ok=0 orig
	d=$(dsc "$1")
	[ -s "$d" ] || return 1
	orig=$(path orig "$1")
	while read -r sum name; do
		[ -e "$out/$name" ] || continue
		if [ "$(sha256sum "$out/$name" | cut -d' ' -f1)" != "$sum" ]; then
			log "checksum mismatch: $name (removed)"
			rm -f "$out/$name"
			ok=1
		fi
	done < <(files "$d")
	[ -n "$orig" ] && [ -s "$orig" ] || return 1
	return $ok
}

# path KIND PKG: the file of that kind (orig, debian) named in PKG's .dsc.
path() {
	local sum name
	while read -r sum name; do
		case $1:$name in
		orig:*.orig.tar.*.asc) ;;
		orig:*.orig.tar.*) echo "$out/$name"; return 0 ;;
		debian:*.debian.tar.*) [ -s "$out/$name" ] && echo "$out/$name"; return 0 ;;
		esac
	done < <(files "$(dsc "$2")")
}

# lock: one process at a time in the cache's src/, until this script ends.
lock() {
	mkdir -p "$out"
	exec 8>"$out.lock"
	flock 8
}

fetch() {
	local s p v missing=
	for s in $SOURCES; do
		verify "${s%%=*}" || missing="$missing $s"
	done
	if [ -z "$missing" ]; then
		log "up to date: $SOURCES"
		return 0
	fi
	. "$top/tests/vm/apt.sh"
	# shellcheck disable=SC2034 # read by private_apt
	apt_types=deb-src
	private_apt "$C/apt/src" bookworm
	for s in $missing; do
		p=${s%%=*} v=${s#*=}
		log "downloading the source package $p $v"
		# The mirror's missing .debian.tar.xz makes apt-get fail after
		# the other files are in: what counts is the check below.
		(cd "$out" && apt-get "${aptopts[@]}" -q source --download-only "$p=$v" \
			>"$out/$p.log" 2>&1) ||
			log "apt-get source $p: $(grep '^E: Failed to fetch' "$out/$p.log" |
				sed 's/^E: Failed to fetch //; s/ *\[IP:.*//' | head -n 1)"
		verify "$p" || { cat "$out/$p.log" >&2; die "$p $v: no verified .orig tarball"; }
	done
	for s in $SOURCES; do
		p=${s%%=*}
		[ -n "$(path debian "$p")" ] ||
			log "note: the mirror has no Debian patch tarball for $p; the .orig tree is used"
	done
	log "ready in $out"
}

case ${1:-} in
"") lock; fetch ;;
check)
	for s in $SOURCES; do
		verify "${s%%=*}" 2>/dev/null || exit 1
	done
	;;
orig | debian)
	[ $# = 2 ] || die "usage: fetch-sources.sh $1 PKG"
	dsc "$2" >/dev/null
	lock
	verify "$2" || fetch
	path "$1" "$2"
	;;
*)
	sed -n '4,24s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
