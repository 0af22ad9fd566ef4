#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check.sh -- the burners' discxfer patches, checked on the host, no guest
# and no drive (`make check-integrations`).  For each tool:
#   - the patch has its DEP-3 header and applies with `patch -p1` to the
#     .orig tree Debian 12 builds (and on top of Debian's own patches where
#     the mirror has them: sg3-utils 1.46-3, libisoburn 1.5.4-4, and cdrkit
#     1.1.11-4 from trixie, for the same .orig);
#   - the tool builds stock and patched (integrations/build.sh, cached), the
#     patched build with no compiler warning (-Wall) the stock one lacks;
#   - the patched programs load libdiscxfer at run time only (no NEEDED
#     entry) and, with LD_LIBRARY_PATH pointing nowhere useful, print their
#     version and exit 0; the patched xorriso takes -dvd_obs max;
#   - sg_dd and sg_read (which take a block device with blk_sgio=1) ask a
#     stand-in libdiscxfer (stub/) about a loop device: the READ they send
#     has the blocks of its answer, for the buffer each has; bpt= wins; the
#     stock ones and the patched ones without the library send 128 blocks
#     (needs root for losetup; SKIP otherwise).
# The builds go to $BUILD/integrations/TOOL-VARIANT (BUILD: default build).
# Prints PASS/FAIL lines, then "check-integrations: N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${BUILD:-$top/build}
case $build in /*) ;; *) build=$top/$build ;; esac
out=$build/integrations
TOOLS="libburn libisoburn dvd+rw-tools cdrkit sg3-utils"
pass=0
fail=0
t0=$(date +%s)

ok() { echo "PASS: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
summary() {
	echo "check-integrations: $pass passed, $fail failed ($(($(date +%s) - t0)) s)"
	[ "$fail" = 0 ]
}

# The programs each build installs and how each prints its version.
programs() {
	case $1 in
	libburn) echo "cdrskin --version" ;;
	libisoburn) echo "xorriso -version" ;;
	dvd+rw-tools) echo "growisofs -version" ;;
	cdrkit) echo "wodim -version"; echo "readom -version" ;;
	sg3-utils) echo "sg_dd --version"; echo "sg_read --version" ;;
	esac
}

dep3() {
	local f
	for f in Description Author Forwarded Last-Update; do
		sed '/^---$/q' "$1" | grep -q "^$f: " || return 1
	done
}

# applies TOOL [debian]: patch --dry-run on a fresh .orig tree (with
# Debian's patches applied first for "debian").
applies() {
	local tool=$1 d rc=0 p deb
	d=$(mktemp -d)
	tar -xf "$("$here/fetch-sources.sh" orig "$tool")" -C "$d" \
		--strip-components=1 --no-same-owner
	if [ "${2:-}" = debian ]; then
		deb=$("$here/fetch-sources.sh" debian "$tool")
		tar -xf "$deb" -C "$d" --no-same-owner
		while read -r p; do
			case $p in "" | "#"*) continue ;; esac
			patch -p1 -s -d "$d" <"$d/debian/patches/${p%% *}" >/dev/null || rc=1
		done <"$d/debian/patches/series"
	fi
	[ $rc = 0 ] && patch -p1 -s --dry-run -d "$d" <"$here/$tool/discxfer.patch" >/dev/null ||
		rc=1
	rm -rf "$d"
	return $rc
}

# version TOOL PROGRAM ARG: the patched program runs without libdiscxfer
# (growisofs -version runs $MKISOFS -version too).
version() {
	local root=$out/$1-patched/root
	LD_LIBRARY_PATH=$root/usr/lib:/nonexistent MKISOFS=/bin/true \
		"$root/usr/bin/$2" "$3" </dev/null >"$out/$1-patched/$2.version" 2>&1
}

# dvd_obs_max: the patched xorriso accepts -dvd_obs max and -status says so.
dvd_obs_max() {
	local root=$out/libisoburn-patched/root
	LD_LIBRARY_PATH=$root/usr/lib "$root/usr/bin/xorriso" -no_rc -dvd_obs max \
		-status -dvd_obs 2>&1 | grep -qx -- '-dvd_obs max'
}

# new_warnings TOOL: the patched build's warnings that the stock one lacks
# (compared without paths, lines and columns); none is a pass.  A build
# taken from the machine's cache names the tree it was made in, which may
# be another clone's: the path is cut up to the tool's own src/.
warnings_of() {
	sed -e "s|^[^:]*/$1-$2/src/||" -e 's/:[0-9]*:[0-9]*: / /' \
		"$out/$1-$2/warnings" | sort -u
}
new_warnings() {
	local new
	new=$(comm -13 <(warnings_of "$1" stock) <(warnings_of "$1" patched))
	[ -z "$new" ] || { printf '%s\n' "$new"; return 1; }
}

# dlopen_only TOOL: the patched build names libdiscxfer.so.0 (for dlopen)
# and none of its files needs it at load time.
dlopen_only() {
	local f named=
	for f in "$out/$1-patched/root/usr/bin/"* "$out/$1-patched/root/usr/lib/"*.so.*; do
		[ -f "$f" ] && [ ! -L "$f" ] || continue
		readelf -d "$f" | grep -q 'NEEDED.*libdiscxfer' && return 1
		grep -q 'libdiscxfer\.so\.0' "$f" && named=1
	done
	[ -n "$named" ]
}

# first_read VARIANT LIBDIR ARGS...: the blocks of sg_read's first READ(10)
# on $loop (hex, from its -vvv CDB dump), with LD_LIBRARY_PATH=LIBDIR.
first_read() {
	local v=$1 lib=$2
	shift 2
	LD_LIBRARY_PATH=$lib DISCXFER_STUB_PAGE=131072 DISCXFER_STUB_ANY=126976 \
		"$out/sg3-utils-$v/root/usr/bin/sg_read" "if=$loop" blk_sgio=1 bs=2048 \
		count=200 "$@" -vvv 2>&1 |
		sed -n 's/.*READ cdb: \[28 \([0-9a-f ]*\)\].*/\1/p' | head -n 1 |
		awk '{ print $7 $8 }'
}

# stub_checks: sg_dd and sg_read against the stand-in library.
stub_checks() {
	local stub=$out/stub loop img line
	mkdir -p "$stub"
	if ! cc -shared -fPIC -Wall -Wextra -o "$stub/libdiscxfer.so.0" \
		"$here/stub/libdiscxfer-stub.c"; then
		bad "sg3-utils: the stand-in libdiscxfer builds"
		return
	fi
	img=$stub/loop.img
	truncate -s 4M "$img"
	if ! loop=$(losetup -f --show "$img" 2>/dev/null); then
		echo "SKIP: sg3-utils: no loop device (losetup needs root): the stand-in checks"
		rm -f "$img"
		return
	fi
	check "sg3-utils: patched sg_read without bpt= reads 62 blocks (126976, any buffer)" \
		[ "$(first_read patched "$stub")" = 003e ]
	check "sg3-utils: patched sg_read odir=1 reads 64 blocks (131072, page-aligned)" \
		[ "$(first_read patched "$stub" odir=1)" = 0040 ]
	check "sg3-utils: patched sg_read bpt=7 reads 7 blocks" \
		[ "$(first_read patched "$stub" bpt=7)" = 0007 ]
	check "sg3-utils: patched sg_read without libdiscxfer reads 128 blocks" \
		[ "$(first_read patched /nonexistent)" = 0080 ]
	check "sg3-utils: stock sg_read reads 128 blocks" \
		[ "$(first_read stock "$stub")" = 0080 ]
	line=$(LD_LIBRARY_PATH=$stub DISCXFER_STUB_PAGE=131072 \
		"$out/sg3-utils-patched/root/usr/bin/sg_dd" "if=$loop" blk_sgio=1 \
		of=/dev/null bs=2048 count=200 -v 2>&1 | grep '^discxfer:')
	check "sg3-utils: patched sg_dd without bpt= takes bpt=64 (131072, page-aligned)" \
		[ "${line##*; }" = bpt=64 ]
	losetup -d "$loop"
	rm -f "$img"
}

if ! "$here/fetch-sources.sh"; then
	bad "the Debian source packages can be fetched"
	summary
	exit 1
fi
mkdir -p "$out"
for tool in $TOOLS; do
	p=$here/$tool/discxfer.patch
	check "$tool: discxfer.patch has a DEP-3 header" dep3 "$p"
	check "$tool: discxfer.patch applies to the .orig tree ($(wc -l <"$p") lines)" \
		applies "$tool"
	deb=$("$here/fetch-sources.sh" debian "$tool")
	if [ -n "$deb" ]; then
		check "$tool: discxfer.patch applies on top of Debian's patches ($(basename "$deb"))" \
			applies "$tool" debian
	fi
	built=1
	for v in stock patched; do
		if "$here/build.sh" "$tool" "$v" "$out/$tool-$v" 2>"$out/$tool-$v.err"; then
			ok "$tool: $v build ($(cat "$out/$tool-$v/seconds") s when built," \
				"$(wc -l <"$out/$tool-$v/warnings") warnings)"
		else
			tail -n 5 "$out/$tool-$v.err"
			bad "$tool: $v build (see $out/$tool-$v.err)"
			built=
		fi
	done
	[ -n "$built" ] || continue
	check "$tool: the patch adds no compiler warning (-Wall)" new_warnings "$tool"
	if grep -q 'dlopen(' "$p"; then
		check "$tool: libdiscxfer is dlopen()ed, not linked" dlopen_only "$tool"
	fi
	[ "$tool" != libisoburn ] || check "libisoburn: patched xorriso takes -dvd_obs max" \
		dvd_obs_max
	while read -r prog arg; do
		check "$tool: patched $prog $arg runs without libdiscxfer" \
			version "$tool" "$prog" "$arg"
	done < <(programs "$tool")
	[ "$tool" != sg3-utils ] || stub_checks
done
summary
