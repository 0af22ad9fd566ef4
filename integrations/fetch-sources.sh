#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-sources.sh -- the upstream releases Debian 12 builds its burners
# from, as the .orig tarballs (and .dsc) of its source packages: libburn,
# libisoburn (xorriso), dvd+rw-tools, cdrkit, sg3-utils.  `apt-get source --download-only` through
# a private apt configuration with deb-src entries for bookworm
# (tests/vm/apt.sh; the mirror comes from the system's apt sources) into the
# machine's cache (tests/cache.sh: src/), never into the clone.  Every file
# the mirror gave is checked against the .dsc's Checksums-Sha256 (the .dsc
# itself is checked by apt against the signed Release).  The mirror lacks
# the .debian.tar.xz of libburn, dvd+rw-tools and cdrkit: that is said and
# not an error; the patches apply to the .orig trees.  Where a later suite
# has Debian's patches for the same .orig (cdrkit 1.1.11-4 in trixie), its
# .dsc and .debian.tar.xz are fetched too (into src/SUITE/), so that the
# patch can be tried on top of them.
#
#   fetch-sources.sh            fetch what is missing (idempotent: nothing
#                               is downloaded when every file is there)
#   fetch-sources.sh orig PKG   print the path of PKG's .orig tarball
#                               (fetching first when needed)
#   fetch-sources.sh debian PKG print the path of PKG's .debian.tar.xz (a
#                               later suite's for the same .orig when
#                               bookworm's is missing), or nothing
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
SOURCES="libburn=1.5.4-1 libisoburn=1.5.4-4 dvd+rw-tools=7.1-14 cdrkit=9:1.1.11-3.4 sg3-utils=1.46-3"
# Debian's patches from a later suite, for the same .orig: PKG=VERSION@SUITE.
LATER="cdrkit=9:1.1.11-4@trixie"

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

# later PKG: the .dsc of PKG's version in a later suite (LATER), or nothing.
later() {
	local s p v
	for s in $LATER; do
		p=${s%%=*} v=${s#*=}
		[ "$p" = "$1" ] && echo "$out/${v#*@}/${p}_$(v=${v%@*}; echo "${v#*:}").dsc"
	done
	return 0
}

# verify_dsc DSC: 0 when DSC is there, lists an .orig tarball that is
# there, and every listed file that is present beside it matches its
# checksum (a mismatch is removed and fails).
verify_dsc() {
	local d=$1 dir sum name ok=0 orig
	dir=$(dirname "$d")
	[ -s "$d" ] || return 1
	orig=$(path_in orig "$d")
	while read -r sum name; do
		[ -e "$dir/$name" ] || continue
		if [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" != "$sum" ]; then
			log "checksum mismatch: $name (removed)"
			rm -f "$dir/$name"
			ok=1
		fi
	done < <(files "$d")
	[ -n "$orig" ] && [ -s "$orig" ] || return 1
	return $ok
}
verify() { verify_dsc "$(dsc "$1")"; }

# path_in KIND DSC: the file of that kind (orig, debian) DSC names, beside
# it (debian: only when it is there).
path_in() {
	local sum name dir
	dir=$(dirname "$2")
	while read -r sum name; do
		case $1:$name in
		orig:*.orig.tar.*.asc) ;;
		orig:*.orig.tar.*) echo "$dir/$name"; return 0 ;;
		debian:*.debian.tar.*) [ -s "$dir/$name" ] && echo "$dir/$name"; return 0 ;;
		esac
	done < <(files "$2")
}

# path KIND PKG: PKG's file of that kind; for debian, a later suite's when
# bookworm's is missing and the later one is for the same .orig.
path() {
	local f l
	f=$(path_in "$1" "$(dsc "$2")")
	l=$(later "$2")
	if [ -z "$f" ] && [ "$1" = debian ] && [ -n "$l" ] && verify_dsc "$l" 2>/dev/null &&
		[ "$(files "$l" | grep '\.orig\.tar\.[a-z0-9]*$')" = \
		  "$(files "$(dsc "$2")" | grep '\.orig\.tar\.[a-z0-9]*$')" ]; then
		f=$(path_in debian "$l")
	fi
	[ -z "$f" ] || echo "$f"
}

# later_ready: every LATER .dsc and its .debian.tar.xz are there, verified.
later_ready() {
	local s l
	for s in $LATER; do
		l=$(later "${s%%=*}")
		verify_dsc "$l" 2>/dev/null && [ -n "$(path_in debian "$l")" ] || return 1
	done
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
	if [ -z "$missing" ] && later_ready; then
		log "up to date: $SOURCES $LATER"
		return 0
	fi
	. "$top/tests/vm/apt.sh"
	# shellcheck disable=SC2034 # read by private_apt
	apt_types=deb-src
	[ -z "$missing" ] || private_apt "$C/apt/src" bookworm
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
	for s in $LATER; do
		later_ready && break
		p=${s%%=*} v=${s#*=}
		l=$(later "$p")
		mkdir -p "$(dirname "$l")"
		# The same .orig, when it is: apt-get then downloads the rest.
		ln -f "$(path orig "$p")" "$(dirname "$l")/" 2>/dev/null || true
		private_apt "$C/apt/src-${v#*@}" "${v#*@}"
		log "downloading the source package $p ${v%@*} (${v#*@}) for Debian's patches"
		(cd "$(dirname "$l")" && apt-get "${aptopts[@]}" -q source --download-only \
			"$p=${v%@*}" >"$(dirname "$l")/$p.log" 2>&1) ||
			log "apt-get source $p ${v%@*}: failed, see $(dirname "$l")/$p.log"
	done
	for s in $SOURCES; do
		p=${s%%=*}
		d=$(path debian "$p")
		case $d in
		"") log "note: the mirror has no Debian patch tarball for $p; the .orig tree is used" ;;
		"$out"/*/*) log "note: Debian's patches for $p from $(basename "$d")" ;;
		esac
	done
	log "ready in $out"
}

case ${1:-} in
"") lock; fetch ;;
check)
	for s in $SOURCES; do
		verify "${s%%=*}" 2>/dev/null || exit 1
	done
	later_ready
	;;
orig | debian)
	[ $# = 2 ] || die "usage: fetch-sources.sh $1 PKG"
	dsc "$2" >/dev/null
	lock
	verify "$2" || fetch
	path "$1" "$2"
	;;
*)
	sed -n '4,29s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
