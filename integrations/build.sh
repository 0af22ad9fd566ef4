#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# build.sh -- build one burner from the .orig release Debian 12 builds
# (integrations/fetch-sources.sh), as released or with its discxfer patch,
# with the tool's own build system, so that both can be compared.
#
#   build.sh TOOL stock|patched OUT
#       TOOL: libburn, libisoburn (xorriso, against Debian's libburn-dev
#       and libisofs-dev), dvd+rw-tools, cdrkit or sg3-utils.  OUT (made anew)
#       gets root/ (the programs, and libburn's library, under usr/),
#       build.log, warnings (the compiler's warning lines, paths from the
#       tool's top directory) and seconds (the build's wall time).  Run
#       root/usr/bin/cdrskin and xorriso with LD_LIBRARY_PATH=OUT/root/usr/lib
#       (xorriso: and libburn's).
#   build.sh cached [TOOL...]
#       exit 0 when every variant of the TOOLs (default: all) is in the
#       cache, 1 otherwise; builds nothing
#
# Every build of one source, patch and recipe is cached in the
# machine's cache (tests/cache.sh: integrations/TOOL/VARIANT-HASH): a
# second build copies root/ and the logs from there.
# Builds run one at a time (a lock), with make -j$INTEGRATIONS_JOBS
# (default 2) and CFLAGS -O2 -g -Wall for both variants, in a tree of the
# cache (integrations/work/TOOL/src, the same path for both variants).  A
# stock build leaves its built tree there; the patched build that follows
# applies the patch to that tree and runs the tool's make again, which
# recompiles what the patch touches and what depends on it (the tools'
# dependency tracking: automake's, cmake's) and links anew: the same
# program as a build from scratch, for about a third of the processor
# time (sg3-utils, libburn, cdrkit, libisoburn: 47 s against 164).  Without
# that stock tree (another .orig or recipe, or a patched build first), and
# always for dvd+rw-tools (its Makefile tracks no header), the patched
# build starts from the unpacked .orig.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
C=$("$top/tests/cache.sh" dir)
TOOLS="libburn libisoburn dvd+rw-tools cdrkit sg3-utils"
jobs=${INTEGRATIONS_JOBS:-2}
flags="-O2 -g -Wall"

log() { printf 'build: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# key TOOL VARIANT: the cache key of that build (needs the .orig fetched):
# the .orig, the patch, the flags and the tool's own recipe below, so that
# editing one tool's recipe rebuilds that tool only.
key() {
	local orig
	orig=$("$here/fetch-sources.sh" orig "$1")
	{
		echo "$1 $2 $flags"
		sha256sum <"$orig"
		[ "$2" = stock ] || sha256sum <"$here/$1/discxfer.patch"
		sed -n "/^	$1)\$/,/^		;;\$/p" "$here/build.sh"
	} | sha256sum | cut -c1-16
}

# build_tool TOOL SRC ROOT CONFIGURE: configure (when CONFIGURE is 1; 0: SRC
# was configured and built before), build and install into ROOT.  (Each
# step is chained with &&: set -e does not act in a function called as an
# if condition.)
build_tool() {
	local tool=$1 src=$2 root=$3 conf=$4
	mkdir -p "$root/usr/bin" || return
	case $tool in
	libburn)
		(cd "$src" && { [ "$conf" = 0 ] || ./configure --prefix=/usr \
			--libdir=/usr/lib --disable-static CFLAGS="$flags"; } &&
			make -j"$jobs" && make install DESTDIR="$root")
		;;
	libisoburn)
		(cd "$src" && { [ "$conf" = 0 ] || ./configure --prefix=/usr \
			--libdir=/usr/lib --disable-static CFLAGS="$flags"; } &&
			make -j"$jobs" && make install DESTDIR="$root")
		;;
	dvd+rw-tools)
		# The Makefile runs m4 over Makefile.m4; WARN goes into CFLAGS
		# and CXXFLAGS, which it appends to the environment's.  The
		# 2008 release needs two fixes for today's compiler and C
		# library, given here to both variants: transport.hxx uses
		# INT_MAX, which <scsi/sg.h> no longer brings (C++:
		# -include climits); growisofs.c calls major() and minor(),
		# which glibc 2.28 left in <sys/sysmacros.h> (C: call glibc's
		# functions: an -include would come before the file's
		# _FILE_OFFSET_BITS; the names are only called there).
		CXXFLAGS="-include climits" \
		CFLAGS="-Dmajor=gnu_dev_major -Dminor=gnu_dev_minor" \
			make -C "$src" -j"$jobs" WARN="$flags" &&
			install -m 0755 "$src/growisofs" "$src/dvd+rw-format" \
				"$src/dvd+rw-mediainfo" "$root/usr/bin/"
		;;
	cdrkit)
		# Only libusal's two users, not genisoimage or icedax.
		{ [ "$conf" = 0 ] || cmake -S "$src" -B "$src/build" -DCMAKE_C_FLAGS="$flags"; } &&
			make -C "$src/build" -j"$jobs" wodim readom &&
			install -m 0755 "$src/build/wodim/wodim" \
				"$src/build/readom/readom" "$root/usr/bin/"
		;;
	sg3-utils)
		# Static libsgutils2: sg_dd and sg_read run from root/ as they are.
		(cd "$src" && { [ "$conf" = 0 ] || ./configure --prefix=/usr \
			--disable-shared CFLAGS="$flags"; } && make -C lib -j"$jobs" &&
			make -C src -j"$jobs" sg_dd sg_read) &&
			install -m 0755 "$src/src/sg_dd" "$src/src/sg_read" \
				"$root/usr/bin/"
		;;
	esac
}

build() {
	local tool=$1 variant=$2 out=$3 k cache orig t0 t1 work state conf
	case " $TOOLS " in *" $tool "*) ;; *) die "unknown tool '$tool' (known: $TOOLS)" ;; esac
	case $variant in stock | patched) ;; *) die "variant must be stock or patched" ;; esac
	[ "$variant" = stock ] || [ -s "$here/$tool/discxfer.patch" ] ||
		die "no $here/$tool/discxfer.patch"
	orig=$("$here/fetch-sources.sh" orig "$tool")
	k=$(key "$tool" "$variant")
	cache=$C/integrations/$tool/$variant-$k
	mkdir -p "$C/integrations"
	exec 9>"$C/integrations/build.lock"
	flock 9

	rm -rf "$out"
	mkdir -p "$out"
	if [ -f "$cache/ok" ]; then
		cp -a "$cache/root" "$out/root"
		cp "$cache/build.log" "$cache/warnings" "$cache/seconds" "$out/"
		log "$tool $variant: cached ($(cat "$out/seconds")s when built)"
		return 0
	fi

	# The work tree: the stock build's, when it is the tree of this .orig
	# and recipe, for the patched build; else the .orig unpacked anew.
	work=$C/integrations/work/$tool
	state=$(cat "$work.state" 2>/dev/null || true)
	rm -f "$work.state"
	conf=1
	if [ "$variant" = patched ] && [ "$tool" != dvd+rw-tools ] &&
		[ "$state" = "stock $(key "$tool" stock)" ] && [ -d "$work/src" ]; then
		log "$tool patched: the patch applied over the stock build in $work/src"
		patch -p1 -s -d "$work/src" <"$here/$tool/discxfer.patch" ||
			die "$tool: the patch does not apply"
		conf=0
	else
		log "$tool $variant: unpacking $(basename "$orig") into $work/src"
		rm -rf "$work"
		mkdir -p "$work/src"
		tar -xf "$orig" -C "$work/src" --strip-components=1 --no-same-owner
		if [ "$variant" = patched ]; then
			patch -p1 -s -d "$work/src" <"$here/$tool/discxfer.patch" ||
				die "$tool: the patch does not apply"
		fi
	fi
	log "$tool $variant: building (log: $out/build.log)"
	t0=$(date +%s)
	[ "$conf" = 1 ] || echo "(the stock build's tree, patched: make rebuilds what the patch changes)" >"$out/build.log"
	if ! build_tool "$tool" "$work/src" "$out/root" "$conf" >>"$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log" >&2
		die "$tool $variant: the build failed (see $out/build.log)"
	fi
	t1=$(date +%s)
	echo $((t1 - t0)) >"$out/seconds"
	grep ': warning: ' "$out/build.log" | sed "s|$work/src/||g" >"$out/warnings" || true
	log "$tool $variant: built in $(cat "$out/seconds")s," \
		"$(wc -l <"$out/warnings") compiler warnings"
	# A stock tree stays for the patched build; a patched one goes.
	if [ "$variant" = stock ]; then
		echo "stock $k" >"$work.state"
	else
		rm -rf "$work"
	fi

	rm -rf "$cache.new"
	mkdir -p "$cache.new"
	cp -a "$out/root" "$cache.new/root"
	cp "$out/build.log" "$out/warnings" "$out/seconds" "$cache.new/"
	touch "$cache.new/ok"
	# Only the newest build of each tool and variant stays.
	find "$C/integrations/$tool" -mindepth 1 -maxdepth 1 -name "$variant-*" \
		! -name "$(basename "$cache").new" -exec rm -rf {} +
	mv "$cache.new" "$cache"
}

cached() {
	local tool variant
	# shellcheck disable=SC2086 # the list, split
	[ $# -gt 0 ] || set -- $TOOLS
	"$here/fetch-sources.sh" check || return 1
	for tool in "$@"; do
		for variant in stock patched; do
			[ -f "$C/integrations/$tool/$variant-$(key "$tool" "$variant" 2>/dev/null)/ok" ] ||
				return 1
		done
	done
}

case ${1:-} in
cached) shift; cached "$@" ;;
*)
	[ $# = 3 ] || { sed -n '4,22s/^# \{0,1\}//p' "$0" >&2; exit 2; }
	build "$@"
	;;
esac
