#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# debug-kernel.sh series       -- the series of the debug kernel (7.3)
# debug-kernel.sh cached       -- exit 0 when the kernel is built and cached
# debug-kernel.sh build        -- build (or find cached) the rig's debug kernel
# debug-kernel.sh prepare DIR  -- build it, then make DIR a series directory of
#                                 the rig (kver, kdir, vmlinux, root/) for
#                                 run.sh's --debug mode
#
# The kernel is Debian's linux-source-7.3 (the .deb that
# module/fetch-checkpatch.sh downloads into the machine's cache), configured
# with `make tinyconfig` plus tests/vm/debug.config (the drives of the rig and
# the detectors: KASAN, lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_KOBJECT_RELEASE,
# DEBUG_OBJECTS, kmemleak, SLUB_DEBUG, failslab and fail_function), and built
# with the kernel's own compiler, gcc-14, in the Debian trixie root that
# module/buildroot.sh makes for the 7.x modules (it has what a whole kernel
# needs too), `make -j$DEBUG_KERNEL_JOBS` (default 2).
#
# The patches in tests/vm/debug-patches/ are applied to the source first: fixes
# of kernel bugs that the detectors report whatever module is loaded (each
# patch says what it fixes and how it showed); none is needed by discxfer.ko.
# Then the series of upstream/linux/ (the passthrough_max_bytes attributes),
# so that the vm-debug leg proves the patch the project proposes.
#
# Cache: $DEBUG_KERNEL_CACHE (default debug-kernel/ in the machine's cache,
# tests/cache.sh, outside any clone, so every clone on the machine shares
# it)/HASH, HASH naming the
# config fragment, the patches, the source package and this recipe.  It holds
# linux/ (the built tree: vmlinux, and what external modules build against),
# modroot/ (modules_install), kver, source and build-seconds.  A missing or
# unfinished entry is built anew: from scratch, or, when a finished entry of
# the same source package exists, from a copy of that entry's tree (make then
# rebuilds what the new config and patches change; cold-build-seconds keeps
# the time of the cold build it descends from).  DEBUG_KERNEL_COLD=1 forbids
# the copy.  Needs root (mmdebstrap, chroot).  Prints the build time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
cachedir=$("$top/tests/cache.sh" dir)
cache_base=${DEBUG_KERNEL_CACHE:-$cachedir/debug-kernel}
jobs=${DEBUG_KERNEL_JOBS:-2}
SERIES=7.3
RECIPE=2	# bump when the build steps below change what they produce
# The root has gcc-14 under its Debian name only (no "gcc"); the kernel's
# CONFIG_CC_VERSION_TEXT then names it, as Debian's own 7.x headers do.
KCC=x86_64-linux-gnu-gcc-14

log() { printf 'debug-kernel: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

case "${1:-}" in
series | cached) ;;
*) [ "$(id -u)" = 0 ] || die "needs root (mmdebstrap and chroot of the build root)" ;;
esac

src_deb() {
	local d
	d=$(ls "$cachedir"/checkpatch/deb/linux-source-"$SERIES"_*.deb 2>/dev/null | tail -n 1)
	if [ -z "$d" ]; then
		"$top/module/fetch-checkpatch.sh" "$SERIES" >/dev/null ||
			die "cannot fetch linux-source-$SERIES"
		d=$(ls "$cachedir"/checkpatch/deb/linux-source-"$SERIES"_*.deb 2>/dev/null | tail -n 1)
	fi
	[ -n "$d" ] || die "no linux-source-$SERIES .deb in $cachedir/checkpatch/deb"
	echo "$d"
}

# The series of upstream/linux/ (not its cover letter), in order.
upstream_patches() {
	local p
	for p in "$top"/upstream/linux/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -f "$p" ] && [ "${p##*/}" != 0000-cover-letter.patch ] && echo "$p"
	done
	return 0
}

# The cache entry of this recipe, config and patches for source DEB.
entry_of() {
	local ver hash
	ver=$(dpkg-deb -f "$1" Version)
	hash=$( { echo "recipe $RECIPE tinyconfig linux-source-$SERIES $ver";
		cat "$here/debug.config" "$here"/debug-patches/*.patch
		# of the upstream series only the diffs: its messages and
		# headers change no byte of the kernel
		for p in $(upstream_patches); do sed -n '/^diff --git /,/^-- $/p' "$p"; done; } |
		sha256sum | cut -c1-16)
	echo "$cache_base/$hash"
}

# cached: the entry is complete (no download: an absent source is "no").
cmd_cached() {
	local d
	d=$(ls "$cachedir"/checkpatch/deb/linux-source-"$SERIES"_*.deb 2>/dev/null | tail -n 1)
	[ -n "$d" ] && [ -f "$(entry_of "$d")/done" ]
}

# in_root ROOT CACHE COMMAND...: COMMAND in the build root, in a private
# mount namespace with /proc (objtool) and CACHE bind-mounted at its path.
in_root() {
	local root=$1 c=$2
	shift 2
	mkdir -p "$root$c"
	unshare --mount --propagation private /bin/sh -ec '
		r=$1; c=$2; shift 2
		mount -t proc proc "$r/proc"
		mount --bind "$c" "$r$c"
		exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
			chroot "$r" "$@"' sh "$root" "$c" "$@"
}

cmd_build() {
	local deb ver hash c root t0 t1 line bad=0 kv seed e p
	deb=$(src_deb)
	ver=$(dpkg-deb -f "$deb" Version)
	c=$(entry_of "$deb")
	hash=${c##*/}
	mkdir -p "$cache_base"
	exec 8>"$cache_base/$hash.lock"
	flock 8
	# The rig boots a bzImage of this kernel, not PVH: with KASAN, 7.3.4's
	# PVH entry calls the instrumented memcmp() before the KASAN shadow
	# exists and triple-faults (page fault at the shadow of the
	# signature; seen under qemu TCG).  Made for a cached tree lacking it.
	if [ -f "$c/done" ] && [ ! -f "$c/linux/arch/x86/boot/bzImage" ]; then
		log "making the bzImage of the cached tree"
		in_root "$cachedir/roots/trixie" "$c" make CC=$KCC HOSTCC=$KCC -C "$c/linux" -j"$jobs" bzImage \
			>>"$c/build.log" 2>&1 || { tail -n 20 "$c/build.log" >&2; die "make bzImage failed"; }
	fi
	if [ -f "$c/done" ]; then
		log "cached: $c ($(cat "$c/kver"), built in $(cat "$c/build-seconds")s, a cold build $(cat "$c/cold-build-seconds" 2>/dev/null || cat "$c/build-seconds")s)"
		echo "$c"
		return 0
	fi
	root=$cachedir/roots/trixie
	"$top/module/buildroot.sh" create "$root" trixie
	log "building linux-source-$SERIES $ver into $c (make -j$jobs)"
	t0=$(date +%s)
	rm -rf "$c"
	seed=
	if [ "${DEBUG_KERNEL_COLD:-0}" != 1 ]; then
		for e in "$cache_base"/*/source; do
			[ -f "$e" ] && [ -f "${e%/source}/done" ] &&
				[ "$(cat "$e")" = "linux-source-$SERIES $ver" ] && seed=${e%/source}
		done
	fi
	mkdir -p "$c/modroot"
	if [ -n "$seed" ]; then
		log "copying the built tree of $seed (same source package); make rebuilds what changed"
		cp -a "$seed/linux" "$c/linux"
		cat "$seed/cold-build-seconds" 2>/dev/null >"$c/cold-build-seconds" ||
			cp "$seed/build-seconds" "$c/cold-build-seconds"
		# The seed's patches are undone, this recipe's applied.
		for p in $(ls -r "$seed"/patches/*.patch 2>/dev/null); do
			patch -d "$c/linux" -p1 -R -s --no-backup-if-mismatch <"$p" ||
				die "cannot undo $p in the copy of $seed"
		done
	else
		mkdir -p "$c/linux"
		dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/linux-source-$SERIES.tar.xz" |
			tar -xJf - -C "$c/linux" --strip-components=1
	fi
	mkdir -p "$c/patches"
	for p in "$here"/debug-patches/*.patch; do
		[ -f "$p" ] || continue
		log "applying ${p##*/}"
		patch -d "$c/linux" -p1 -s --no-backup-if-mismatch <"$p" ||
			die "${p##*/} does not apply to linux-source-$SERIES $ver"
		cp "$p" "$c/patches/"
	done
	# The upstream series, the same files that `git am` applies to the
	# pristine tree (make check-upstream): the debug kernel has the
	# attributes the vm-debug leg checks.  Saved as upstream-NNNN-*.patch,
	# after the debug patches in name order, so a copy undoes them first.
	for p in $(upstream_patches); do
		log "applying upstream/linux/${p##*/}"
		patch -d "$c/linux" -p1 -s --no-backup-if-mismatch <"$p" ||
			die "upstream/linux/${p##*/} does not apply to linux-source-$SERIES $ver"
		cp "$p" "$c/patches/upstream-${p##*/}"
	done
	echo "linux-source-$SERIES $ver" >"$c/source"
	cp "$here/debug.config" "$c/debug.config"
	# Debian's Makefile includes $(objtree)/.kernelvariables (as its
	# headers packages do): external modules built against the tree, in
	# the same kind of root, get the same compiler without CC=.
	printf 'CC = %s\nHOSTCC = %s\n' "$KCC" "$KCC" >"$c/linux/.kernelvariables"
	in_root "$root" "$c" make CC=$KCC HOSTCC=$KCC -C "$c/linux" -s tinyconfig >"$c/build.log" 2>&1 ||
		{ tail -n 20 "$c/build.log" >&2; die "tinyconfig failed"; }
	in_root "$root" "$c" /bin/sh -c "cd $c/linux && scripts/kconfig/merge_config.sh -m .config $c/debug.config && make CC=$KCC HOSTCC=$KCC -s olddefconfig" \
		>>"$c/build.log" 2>&1 || { tail -n 20 "$c/build.log" >&2; die "merging debug.config failed"; }
	# Every line of the fragment must hold in the final .config.
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$c/linux/.config" || { log "config: '$line' did not hold: $(grep "^${line%%=*}=" "$c/linux/.config" || echo unset)"; bad=1; } ;;
		"# CONFIG_"*" is not set")
			line=${line#\# }; line=${line%% *}
			grep -q "^$line=" "$c/linux/.config" && { log "config: $line is set: $(grep "^$line=" "$c/linux/.config")"; bad=1; } ;;
		esac
	done <"$here/debug.config"
	[ $bad = 0 ] || die "tests/vm/debug.config does not hold on $SERIES (see $c/linux/.config)"
	in_root "$root" "$c" make CC=$KCC HOSTCC=$KCC -C "$c/linux" -j"$jobs" vmlinux bzImage modules >>"$c/build.log" 2>&1 ||
		{ tail -n 40 "$c/build.log" >&2; die "the kernel build failed (log: $c/build.log)"; }
	in_root "$root" "$c" make CC=$KCC HOSTCC=$KCC -C "$c/linux" -s INSTALL_MOD_PATH="$c/modroot" modules_install \
		>>"$c/build.log" 2>&1 || { tail -n 20 "$c/build.log" >&2; die "modules_install failed"; }
	kv=$(in_root "$root" "$c" make CC=$KCC HOSTCC=$KCC -C "$c/linux" -s kernelrelease)
	echo "$kv" >"$c/kver"
	t1=$(date +%s)
	echo $((t1 - t0)) >"$c/build-seconds"
	[ -n "$seed" ] || echo $((t1 - t0)) >"$c/cold-build-seconds"
	touch "$c/done"
	log "built $kv in $((t1 - t0))s (make -j$jobs; $(nproc) cores; a cold build: $(cat "$c/cold-build-seconds")s): $c"
	echo "$c"
}

cmd_prepare() {
	local dir=$1 c kv
	c=$(cmd_build)
	kv=$(cat "$c/kver")
	mkdir -p "$dir"
	echo "$kv" >"$dir/kver"
	echo "$c/linux" >"$dir/kdir"
	# run.sh boots "$dir/vmlinux" with qemu -kernel, which takes a bzImage
	# as well (see cmd_build: PVH entry and KASAN do not mix on 7.3.4).
	cp "$c/linux/arch/x86/boot/bzImage" "$dir/vmlinux"
	rm -rf "$dir/root"
	ln -s "$c/modroot" "$dir/root"
	echo "$c" >"$dir/cache"
	log "build time of the cached kernel: $(cat "$c/build-seconds")s (cold: $(cat "$c/cold-build-seconds" 2>/dev/null || cat "$c/build-seconds")s)"
}

case "${1:-}" in
series) echo "$SERIES" ;;
cached) cmd_cached ;;
build) cmd_build >/dev/null; ;;
prepare) [ $# -eq 2 ] || die "usage: $0 prepare DIR"; cmd_prepare "$2" ;;
*) sed -n '4,10s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
