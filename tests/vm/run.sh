#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run.sh SERIES [--demo] -- boot Debian's SERIES kernel (6.1, 6.12, or
# "newest": the newest linux-image-amd64 of trixie, trixie-backports and sid,
# chosen now and named by its series, e.g. 7.3) under qemu (TCG) with
# emulated optical drives and run the guest tests.
#
# The guest is a busybox initramfs built here (cpio, newc) holding:
#   - busybox (busybox-static), the host's kmod (modprobe, insmod, rmmod,
#     depmod, lsmod: they read .ko.xz) and its shared libraries;
#   - the kernel modules the drives need, with their dependencies, indexed
#     with depmod -b;
#   - the project's real artifacts when they are built: discxfer.ko (built
#     here against the series' headers in a per-series copy of the tree,
#     because out-of-tree builds write into the source tree), build/discxfer
#     and build/libdiscxfer.so* with their shared libraries, the ground-truth
#     program sgio-probe, the benchmark's rig-bench with coreutils' cat and
#     util-linux's lsblk (the host's), and any program in build/vm/guest-bin/;
#   - the guest scripts in tests/vm/guest/.
# Drives: ide-cd on q35's AHCI, scsi-cd on usb-storage (usb-bot) and on
# usb-uas behind qemu-xhci, scsi-cd on virtio-scsi, each backed by its own
# disc image; scsi_debug drives are added in the guest.
#
# The guest's console goes to build/vm/SERIES/MODE/console.log (MODE: test,
# stress, bench, debug, ...); its test results (PASS/FAIL/SKIP lines) come
# back on a second serial port (build/vm/SERIES/MODE/results.log).  Prints
# "vm-SERIES: N passed, N failed" and exits non-zero on any failure.
# --demo loads the module and prints the guest's `discxfer list` instead.
# --bench runs guest/bench.sh (make vm-bench): SG_IO throughput per command
# size and the query's cost, as bench-SERIES and qcost-SERIES lines, also in
# build/vm/SERIES/bench/bench.txt.
# --burn runs only the burns of tests/hostadapter/burn-guest.sh (make
# vm-burn-SERIES; the test legs run them after the limits grid).
# --integrations runs only guest/integrations.sh, the burners' patches
# stock against patched (make vm-integrations-SERIES; the test legs run it
# after the recipes).
set -euo pipefail
# The whole script is one compound command, read before it runs: editing
# this file while a rig runs cannot change what the running one does.
{

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
series=${1:-}
mode="test"
case "${2:-}" in
"") ;;
--demo) mode=demo ;;
--bench) mode=bench ;;
# --debug (make vm-debug): the debug kernel of tests/vm/debug-kernel.sh
# (only with "newest", when that is its series), guest/debug.sh.
--debug) mode=debug ;;
# --stress (make vm-stress): guest/stress.sh, $STRESS_CYCLES cycles.
--stress) mode=stress ;;
--burn) mode=burn ;;
# --integrations: only guest/integrations.sh (make vm-integrations-SERIES)
--integrations) mode=integrations ;;
# --kattr: the debug kernel (which carries upstream/linux/), only the checks
# of its queue attributes (guest/kattr-only.sh; make vm-kattr)
--kattr) mode=kattr ;;
*) echo "usage: $0 6.1|6.12|newest [--demo|--bench|--burn|--integrations|--kattr]" >&2; exit 2 ;;
esac
case "$series" in
6.1|6.12|newest) ;;
*) echo "usage: $0 6.1|6.12|newest [--demo|--bench|--burn|--integrations|--kattr]" >&2; exit 2 ;;
esac

build=${BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
vm=$build/vm
cachedir=$("$top/tests/cache.sh" dir)
if [ "$series" = newest ]; then
	"$here/fetch-kernel.sh" newest
	series=$(cat "$vm/newest-series")
fi
out=$vm/$series
CC=${CC:-cc}
QEMU=${QEMU:-qemu-system-x86_64}
VM_TIMEOUT=${VM_TIMEOUT:-1800}
[ "$mode" = bench ] && VM_TIMEOUT=${VM_BENCH_TIMEOUT:-1500}
VM_MEM=${VM_MEM:-1024}

log() { printf 'vm-%s: %s\n' "$series" "$*" >&2; }
die() { log "error: $*"; exit 1; }
# A command that fails under set -e says where, instead of ending the rig
# without a word.
trap 'log "error: the command at line $LINENO failed (exit $?)"' ERR

# --- --debug: the debug kernel (tests/vm/debug-kernel.sh) as series debug-SERIES
# Built once and cached outside the clone; build/vm/debug-SERIES gets its
# kver, kdir (the built tree, for discxfer.ko), vmlinux and root/ (modules).
if [ "$mode" = debug ] || [ "$mode" = kattr ]; then
	# Its own series (debug-kernel.sh series), whatever the newest is.
	series=$("$here/debug-kernel.sh" series)
	"$here/debug-kernel.sh" prepare "$vm/debug-$series" ||
		die "the debug kernel could not be built (tests/vm/debug-kernel.sh)"
	series=debug-$series
	out=$vm/$series
	VM_TIMEOUT=${VM_DEBUG_TIMEOUT:-3600}
	VM_MEM=${VM_DEBUG_MEM:-2048}
fi
[ "$mode" = stress ] && VM_TIMEOUT=${VM_STRESS_TIMEOUT:-3600}

# What one boot writes (its initramfs, console, results and the files read
# from them) goes to its own directory, build/vm/SERIES/MODE, so that the
# legs of one series (test, stress, bench) boot side by side; one run of a
# series and mode at a time, since several people (or make -j) may share
# build/.
run=$out/$mode
mkdir -p "$run"
exec 9>"$vm/run-$series-$mode.lock"
if ! flock -n 9; then
	log "waiting for another $mode run of this series to finish"
	flock 9
fi
# The preparation below (kernel fetch, builds, disc images, initramfs) writes
# files every run shares (build/vm/images, sgio-probe, rig-bench, tools,
# the build roots, the series' discxfer.ko and dxhost.ko): one preparation
# at a time on this build tree, while the other runs' boots go on side by
# side (make -j3 check).
exec 7>"$vm/prepare.lock"
if ! flock -n 7; then
	log "waiting for another run's preparation to finish"
	flock 7
fi

case "$series" in
6.1|6.12) "$here/fetch-kernel.sh" "$series" ;;
esac
kver=$(cat "$out/kver")
kdir=$(cat "$out/kdir")
kroot=$out/root
for t in busybox kmod cpio "$QEMU" timeout; do
	command -v "$t" >/dev/null || die "$t not found (run scripts/install-deps.sh)"
done

# Host-side results (module build) are counted with the guest's.
hostres=$run/host-results.log
: >"$hostres"
hpass() { echo "PASS $1" >>"$hostres"; }
hfail() { echo "FAIL $1: $2" >>"$hostres"; }
hskip() { echo "SKIP $1: $2" >>"$hostres"; }

# --- the module, in a per-series copy of the tree -----------------------------
# Built once per series and source: the other legs of the series (test,
# stress, bench) take the same .ko when nothing it is built from changed.
# src_stamp FILE...: what a module of this kernel is built from.
src_stamp() { { echo "$kver $kdir"; cat "$@"; } | sha256sum | cut -c1-16; }
ko=
modstamp=
[ -f "$top/Kbuild" ] && [ -d "$top/module" ] &&
	modstamp=$(src_stamp "$top/Kbuild" "$top"/module/*.[ch] "$top/module/module.mk" \
		"$top/module/buildroot.sh")
if [ -n "$modstamp" ] && [ -f "$out/discxfer.ko" ] &&
   [ "$(cat "$out/discxfer.ko.stamp" 2>/dev/null)" = "$modstamp" ]; then
	ko=$out/discxfer.ko
	log "discxfer.ko against $kver: built by an earlier leg from the same source"
	hpass "module-build-$series"
elif [ -n "$modstamp" ]; then
	src=$out/src
	rm -rf "$src"
	mkdir -p "$src"
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$src" -xf -
	log "building discxfer.ko against $kver"
	# A kernel whose compiler this machine lacks (7.x: gcc-14) is built
	# in the Debian build root that module/buildroot.sh makes, shared by
	# every series under build/.
	if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$src" module KDIR="$kdir" \
		BUILDROOT_DIR="$cachedir/roots" >"$out/module-build.log" 2>&1; then
		ko=$(find "$src" -name discxfer.ko -newer "$src/Kbuild" | sed -n 1p)
		[ -n "$ko" ] || ko=$(find "$src" -name discxfer.ko | sed -n 1p)
	fi
	if [ -n "$ko" ]; then
		cp "$ko" "$out/discxfer.ko"
		echo "$modstamp" >"$out/discxfer.ko.stamp"
		ko=$out/discxfer.ko
		hpass "module-build-$series"
	else
		tail -n 30 "$out/module-build.log" >&2
		hfail "module-build-$series" "make module KDIR=$kdir failed (see $out/module-build.log)"
	fi
else
	hskip "module-build-$series" "no module source (Kbuild, module/) in the tree yet"
fi

# --- the ground-truth program --------------------------------------------------
probe=$vm/sgio-probe
if [ ! -x "$probe" ] || [ "$here/sgio-probe.c" -nt "$probe" ]; then
	$CC -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$probe.new" \
		"$here/sgio-probe.c"
	mv "$probe.new" "$probe"
fi

# --- the benchmark program (make vm-bench) -------------------------------------
bench=$vm/rig-bench
if [ -e "$build/libdiscxfer.so" ] &&
   { [ ! -x "$bench" ] || [ "$here/rig-bench.c" -nt "$bench" ] ||
     [ "$build/libdiscxfer.so" -nt "$bench" ]; }; then
	$CC -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I"$top/include" \
		-o "$bench.new" "$here/rig-bench.c" -L"$build" -ldiscxfer
	mv "$bench.new" "$bench"
fi

# --- the initramfs -------------------------------------------------------------
stage=$run/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,run,tmp,etc,rig/bin,lib64,lib/x86_64-linux-gnu}
cp "$(command -v busybox)" "$stage/bin/busybox"
ldd "$stage/bin/busybox" >/dev/null 2>&1 &&
	die "busybox is dynamically linked: install busybox-static"
cp "$(command -v kmod)" "$stage/sbin/kmod"
for t in modprobe insmod rmmod depmod lsmod modinfo; do
	ln -s kmod "$stage/sbin/$t"
done

# copy_libs FILE...: the shared libraries FILE needs, into the guest's
# /lib/x86_64-linux-gnu (the loader into /lib64).
copy_libs() {
	local f line name path
	for f in "$@"; do
		LD_LIBRARY_PATH="$build${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$f" 2>/dev/null |
		while read -r line; do
			case "$line" in
			*"=> not found"*) die "$f: ${line%% *} not found" ;;
			*" => "/*)
				name=${line%% =>*}
				path=${line#*=> }
				path=${path%% (*}
				[ -e "$stage/lib/x86_64-linux-gnu/$name" ] ||
					cp -L "$path" "$stage/lib/x86_64-linux-gnu/$name" ;;
			/*ld-linux*)
				path=${line%% (*}
				cp -L "$path" "$stage/lib64/$(basename "$path")" ;;
			esac
		done
	done
}
copy_libs "$stage/sbin/kmod"

cp "$probe" "$stage/rig/bin/sgio-probe"
copy_libs "$probe"
if [ -x "$bench" ]; then
	cp "$bench" "$stage/rig/bin/rig-bench"
	copy_libs "$bench"
	# The reference process of the query's cost: coreutils' cat.
	cp "$(command -v cat)" "$stage/rig/bin/cat-coreutils"
	copy_libs "$stage/rig/bin/cat-coreutils"
	# The reference of `discxfer list`: util-linux's lsblk as Debian 12
	# ships it (libblkid, libmount, libsmartcols, libudev).
	cp /bin/lsblk "$stage/rig/bin/lsblk"
	copy_libs "$stage/rig/bin/lsblk"
fi
cp "$here"/guest/*.sh "$stage/rig/"
cp "$here/guest/init" "$stage/init"
chmod +x "$stage/init" "$stage"/rig/*.sh

if [ -x "$build/discxfer" ]; then
	cp "$build/discxfer" "$stage/rig/bin/discxfer"
	for l in "$build"/libdiscxfer.so*; do
		[ -e "$l" ] && cp -L "$l" "$stage/lib/x86_64-linux-gnu/$(basename "$l")"
	done
	copy_libs "$build/discxfer"
fi
# libdiscxfer loads libkmod (only for the module's state) and libudev (only
# for the monitor), the command libsmartcols (only for list), with
# dlopen(), so ldd does not list them: the libraries and their own
# dependencies, by hand.
syslib() { ldconfig -p | awk -v n="$1" '$1 == n && /x86-64/ && !k { k = $NF } END { print k }'; }
kmodlib=$(syslib libkmod.so.2)
[ -n "$kmodlib" ] || die "no libkmod.so.2 on this machine (libkmod2)"
udevlib=$(syslib libudev.so.1)
[ -n "$udevlib" ] || die "no libudev.so.1 on this machine (libudev1)"
scolslib=$(syslib libsmartcols.so.1)
[ -n "$scolslib" ] || die "no libsmartcols.so.1 on this machine (libsmartcols1)"
for l in "$kmodlib" "$udevlib" "$scolslib"; do
	cp -L "$l" "$stage/lib/x86_64-linux-gnu/${l##*/}"
	copy_libs "$l"
done
# The recipes' tools (guest/recipes.sh): wodim and sg3-utils as Debian 12
# ships them, the udev-aware script, and the C++ program on the library.
if "$here/fetch-tools.sh" >"$run/fetch-tools.log" 2>&1; then
	t=$cachedir/vm/tools/root
	for b in readom sg_dd sg_read; do
		cp "$t/usr/bin/$b" "$stage/rig/bin/$b"
		cp -L "$t"/usr/lib/x86_64-linux-gnu/libsgutils2*.so* "$stage/lib/x86_64-linux-gnu/"
		LD_LIBRARY_PATH="$t/usr/lib/x86_64-linux-gnu" copy_libs "$t/usr/bin/$b"
	done
	# The burners (tests/hostadapter/burn-guest.sh): xorriso, cdrskin,
	# growisofs with libburn, libisofs, libisoburn, libjte.
	b=$cachedir/vm/burners/root
	bl=$b/usr/lib/x86_64-linux-gnu
	for p in xorriso cdrskin growisofs; do
		cp "$b/usr/bin/$p" "$stage/rig/bin/$p"
	done
	cp -L "$bl"/libburn.so.4 "$bl"/libisofs.so.6 "$bl"/libisoburn.so.1 \
		"$bl"/libjte.so.2 "$stage/lib/x86_64-linux-gnu/"
	LD_LIBRARY_PATH="$bl" copy_libs "$b"/usr/bin/{xorriso,cdrskin,growisofs}
	hpass "tools-fetch-$series"
else
	hfail "tools-fetch-$series" "tests/vm/fetch-tools.sh failed (see $run/fetch-tools.log)"
fi
# The burners' discxfer patches (integrations/, guest/integrations.sh):
# each tool built stock and patched from the same .orig release, taken
# from the machine's cache where `make check-integrations` put them
# (integrations/build.sh copies a cached build; a missing one it builds
# once, under its lock, for both), into /rig/int/VARIANT/bin and lib,
# beside Debian's own binaries in /rig/bin.
int_stage() {
	local v t d
	for v in stock patched; do
		d=$stage/rig/int/$v
		mkdir -p "$d/bin" "$d/lib"
		for t in libburn libisoburn dvd+rw-tools cdrkit sg3-utils; do
			"$top/integrations/build.sh" "$t" "$v" "$vm/integrations/$t-$v" || return 1
		done
		cp -L "$vm/integrations/libburn-$v/root/usr/lib/libburn.so.4" \
			"$vm/integrations/libisoburn-$v/root/usr/lib/libisoburn.so.1" "$d/lib/" &&
		cp "$vm/integrations/libburn-$v/root/usr/bin/cdrskin" \
			"$vm/integrations/libisoburn-$v/root/usr/bin/xorriso" \
			"$vm/integrations/dvd+rw-tools-$v/root/usr/bin/growisofs" \
			"$vm/integrations/cdrkit-$v/root/usr/bin/readom" \
			"$vm/integrations/cdrkit-$v/root/usr/bin/wodim" \
			"$vm/integrations/sg3-utils-$v/root/usr/bin/sg_dd" \
			"$vm/integrations/sg3-utils-$v/root/usr/bin/sg_read" "$d/bin/" || return 1
		LD_LIBRARY_PATH="$d/lib" copy_libs "$d"/bin/*
	done
}
if [ -x "$top/integrations/build.sh" ]; then
	if int_stage >"$run/integrations-stage.log" 2>&1; then
		hpass "integrations-builds-$series"
	else
		tail -n 5 "$run/integrations-stage.log" >&2
		hfail "integrations-builds-$series" "integrations/build.sh failed (see $run/integrations-stage.log)"
		rm -rf "$stage/rig/int"
	fi
fi
cp "$here/recipes/udev-read.sh" "$stage/rig/bin/udev-read.sh"
if [ -e "$build/libdiscxfer.so" ] && command -v "${CXX:-g++}" >/dev/null; then
	"${CXX:-g++}" -std=c++17 -O2 -Wall -Wextra -Werror -I"$top/include" \
		-o "$vm/read-image" "$here/recipes/read-image.cpp" -L"$build" -ldiscxfer
	cp "$vm/read-image" "$stage/rig/bin/read-image"
	copy_libs "$vm/read-image"
fi
if [ -x "$build/examples/read-max" ]; then
	cp "$build/examples/read-max" "$stage/rig/bin/read-max"
	copy_libs "$build/examples/read-max"
fi
if [ -d "$vm/guest-bin" ]; then
	for p in "$vm"/guest-bin/*; do
		[ -f "$p" ] && [ -x "$p" ] || continue
		cp "$p" "$stage/rig/bin/"
		copy_libs "$p"
	done
fi

# Debian's udev, for checks that want the real systemd-udevd (lib.sh:
# start_udev); the project's rules and the command at its installed path.
if "$here/fetch-udev.sh" >"$run/fetch-udev.log" 2>&1; then
	u=$cachedir/vm/udev/root
	cp "$u/bin/udevadm" "$stage/bin/udevadm"
	mkdir -p "$stage/lib/systemd" "$stage/usr/bin" "$stage/etc/udev"
	ln -s /bin/udevadm "$stage/lib/systemd/systemd-udevd"
	cp -a "$u/lib/udev" "$stage/lib/udev"
	cp -a "$u/etc/udev/." "$stage/etc/udev/"
	copy_libs "$u/bin/udevadm"
	for h in "$stage"/lib/udev/*_id; do
		[ -f "$h" ] && copy_libs "$h"
	done
	for f in "$build"/udev/*.rules "$top"/udev/*.rules; do
		[ -f "$f" ] || continue
		[ -e "$stage/lib/udev/rules.d/${f##*/}" ] ||
			cp "$f" "$stage/lib/udev/rules.d/"
	done
	[ -x "$stage/rig/bin/discxfer" ] && ln -s /rig/bin/discxfer "$stage/usr/bin/discxfer"
	hpass "udev-fetch-$series"
else
	hfail "udev-fetch-$series" "tests/vm/fetch-udev.sh failed (see $run/fetch-udev.log)"
fi
cat >"$stage/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
PW
cat >"$stage/etc/group" <<'GR'
root:x:0:
tty:x:5:
disk:x:6:
lp:x:7:
kmem:x:15:
dialout:x:20:
cdrom:x:24:
floppy:x:25:
tape:x:26:
audio:x:29:
video:x:44:
input:x:101:
sgx:x:102:
kvm:x:103:
render:x:104:
GR

# The Debian packages (tests/packaging/build-debs.sh, run before the rig by
# `make check`), unpacked as dpkg places them into /pkg, with the shared
# libraries the packaged command needs from the host (but not libdiscxfer,
# which comes from its package): a root to chroot into, where
# /usr/bin/discxfer is the packaged command on the packaged library.
if ls "$build"/debs/discxfer_*.deb >/dev/null 2>&1; then
	pkg=$stage/pkg
	if BUILD="$build" "$top/tests/packaging/debs-root.sh" "$pkg" >"$run/debs-root.log" 2>&1; then
		mkdir -p "$pkg"/{dev,sys,proc,run,tmp,lib64,lib/x86_64-linux-gnu,lib/modules}
		{
			LD_LIBRARY_PATH="$pkg/usr/lib/x86_64-linux-gnu" ldd "$pkg/usr/bin/discxfer"
			# dlopen()ed by the library, so not in ldd's list.
			echo "libkmod.so.2 => $kmodlib (0)"
			ldd "$kmodlib"
			echo "libudev.so.1 => $udevlib (0)"
			ldd "$udevlib"
			echo "libsmartcols.so.1 => $scolslib (0)"
			ldd "$scolslib"
		} | while read -r line; do
			case "$line" in
			libdiscxfer.so*) ;;
			*" => "/*)
				path=${line#*=> }
				path=${path%% (*}
				cp -L "$path" "$pkg/lib/x86_64-linux-gnu/${line%% =>*}" ;;
			/*ld-linux*)
				path=${line%% (*}
				cp -L "$path" "$pkg/lib64/$(basename "$path")" ;;
			esac
		done
		hpass "debs-root-$series"
	else
		hfail "debs-root-$series" "tests/packaging/debs-root.sh failed (see $run/debs-root.log)"
		rm -rf "$pkg"
	fi
fi

# Guest hooks of the project's other tests: every tests/*/vm-guest.sh is
# sourced by the guest after the rig's own checks, in the order of their names,
# with lib.sh's helpers (pass, fail, skip, check, wait_for, start_udev, ...).
mkdir -p "$stage/rig/hooks"
for f in "$top"/tests/*/vm-guest.sh; do
	[ -f "$f" ] || continue
	d=${f%/vm-guest.sh}
	d=${d#"$top"/}
	cp "$f" "$stage/rig/hooks/${d//\//-}.sh"
done

# Kernel modules: the drivers and their dependencies (modules.dep), softdeps
# for crc-t10dif (scsi_debug), plus discxfer.ko in extra/.
kmods="sr_mod cdrom sg scsi_debug ahci libahci libata usb_storage uas xhci_pci
	xhci_hcd usbcore virtio_scsi virtio_pci crct10dif_generic crct10dif_pclmul"
mdir=lib/modules/$kver
mkdir -p "$stage/$mdir"
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "$kroot/$mdir/$f" ] && cp "$kroot/$mdir/$f" "$stage/$mdir/"
done
awk -v want="$kmods" '
	function base(p) { sub(/.*\//, "", p); sub(/\.ko.*$/, "", p); gsub(/-/, "_", p); return p }
	BEGIN { n = split(want, w, /[ \t\n]+/); for (i = 1; i <= n; i++) if (w[i] != "") W[w[i]] = 1 }
	{ k = $1; sub(/:$/, "", k); if (base(k) in W) { print k; for (i = 2; i <= NF; i++) print $i } }
' "$kroot/$mdir/modules.dep" | sort -u | while read -r m; do
	mkdir -p "$stage/$mdir/$(dirname "$m")"
	cp "$kroot/$mdir/$m" "$stage/$mdir/$m"
done
if [ -n "$ko" ]; then
	mkdir -p "$stage/$mdir/extra"
	cp "$ko" "$stage/$mdir/extra/discxfer.ko"
	cp "$ko" "$stage/rig/discxfer.ko"
fi
# --- tests/hostadapter: dxhost.ko, the test host adapter of the limits grid ---
# Built against "$kdir" with the kernel's own compiler (directly, or in the
# Debian build root of module/buildroot.sh, like discxfer.ko), into extra/
# and /rig/dxhost.ko, with its table /rig/dxhost-grid.tsv;
# tests/hostadapter/vm-guest.sh runs the grid with them.
dxstamp=$(src_stamp "$top"/tests/hostadapter/{Kbuild,dxhost.c,dxhost2.c,build.sh})
if [ -x "$top/tests/hostadapter/build.sh" ]; then
	dxko=$out/hostadapter/dxhost.ko
	if [ -f "$dxko" ] && [ "$(cat "$dxko.stamp" 2>/dev/null)" = "$dxstamp" ]; then
		log "dxhost.ko against $kver: built by an earlier leg from the same source"
	elif dxko=$(BUILDROOT_DIR="$cachedir/roots" "$top/tests/hostadapter/build.sh" \
		"$kdir" "$out/hostadapter" modules 2>"$out/hostadapter-build.log"); then
		echo "$dxstamp" >"$dxko.stamp"
	else
		dxko=
	fi
	if [ -n "$dxko" ]; then
		cp "$dxko" "$stage/$mdir/extra/dxhost.ko" 2>/dev/null ||
			{ mkdir -p "$stage/$mdir/extra"; cp "$dxko" "$stage/$mdir/extra/dxhost.ko"; }
		cp "$dxko" "$stage/rig/dxhost.ko"
		# the same module under a second name, for kattr.sh's grid
		cp "${dxko%/*}/dxhost2.ko" "$stage/$mdir/extra/dxhost2.ko"
		cp "$top/tests/hostadapter/grid.tsv" "$stage/rig/dxhost-grid.tsv"
		cp "$top/tests/hostadapter/burn-guest.sh" "$top/tests/hostadapter/answer-burn-guest.sh" "$stage/rig/"
		hpass "hostadapter-build-$series"
	else
		hfail "hostadapter-build-$series" "tests/hostadapter/build.sh failed (see $out/hostadapter-build.log)"
	fi
fi
depmod -b "$stage" "$kver"

# --- disc images: made before the initramfs, which carries their sha256 -----
imgs=$vm/images
mkdir -p "$imgs"
# Random contents without the byte 0xa5 (sgio-probe's "not written" fill),
# so that an image read back proves every byte; their sha256 goes into the
# guest for the recipe checks (guest/recipes.sh), their md5 for the burners'
# whole-disc reads (guest/integrations.sh: 24 images a kernel; busybox's
# md5sum takes about half of its sha256sum's time).  32 MiB: vm-bench reads
# 32 MiB of each.
for d in ahci usb uas virtio; do
	if [ ! -s "$imgs/$d.iso" ] || [ ! -s "$imgs/$d.sha256" ] || [ ! -s "$imgs/$d.md5" ] ||
		[ "$(stat -c %s "$imgs/$d.iso")" -ne 33554432 ]; then
		head -c 32M /dev/urandom | tr '\245' '\244' >"$imgs/$d.iso.new"
		mv "$imgs/$d.iso.new" "$imgs/$d.iso"
		sha256sum "$imgs/$d.iso" | cut -d' ' -f1 >"$imgs/$d.sha256"
		md5sum "$imgs/$d.iso" | cut -d' ' -f1 >"$imgs/$d.md5"
	fi
done
mkdir -p "$stage/rig/media"
cp "$imgs"/*.sha256 "$imgs"/*.md5 "$stage/rig/media/"

echo "$series" >"$stage/rig/series"
echo "$kver" >"$stage/rig/kver"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) \
	>"$run/initramfs.cpio"
log "initramfs: $(du -k "$run/initramfs.cpio" | cut -f1) KiB"

# --- disc images and qemu ----------------------------------------------------
drive() { echo "if=none,id=$1,file=$imgs/$1.iso,format=raw,media=cdrom,readonly=on"; }

console=$run/console.log
results=$run/results.log
rm -f "$console" "$results"
# shellcheck disable=SC2054 # commas belong to qemu options
qemu_args=(
	-machine q35 -accel tcg -cpu max -smp 2 -m "$VM_MEM"
	-kernel "$out/vmlinux" -initrd "$run/initramfs.cpio"
	-append "console=ttyS0 panic=-1 loglevel=4 printk.devkmsg=on rig.mode=$mode"
	-display none -monitor none -no-reboot
	-serial "file:$console" -serial "file:$results"
	-drive "$(drive ahci)" -device ide-cd,drive=ahci,bus=ide.2
	-device qemu-xhci,id=xhci
	-drive "$(drive usb)" -device usb-bot,id=bot0,bus=xhci.0
	-device scsi-cd,bus=bot0.0,drive=usb
	-drive "$(drive uas)" -device usb-uas,id=uas0,bus=xhci.0
	-device scsi-cd,bus=uas0.0,drive=uas
	-device virtio-scsi-pci,id=vs0
	-drive "$(drive virtio)" -device scsi-cd,bus=vs0.0,drive=virtio
)
# --- --stress and --debug: the cycle count of guest/stress.sh on the command line
if [ "$mode" = stress ] || [ "$mode" = debug ] || [ "$mode" = kattr ]; then
	for i in "${!qemu_args[@]}"; do
		[ "${qemu_args[$i]}" = -append ] || continue
		qemu_args[$((i + 1))]="${qemu_args[$((i + 1))]} rig.cycles=${STRESS_CYCLES:-200} rig.churn=${STRESS_CHURN:-1} rig.module=${STRESS_MODULE:-1} rig.load=${STRESS_LOAD:-all}"
		# the debug kernel's reports must not wrap out of its small log;
		# no5lvl: 4-level paging, because with 5-level paging 7.3's KASAN
		# reports a false "wild-memory-access" when an interrupt comes
		# while the boot CPU is identified again (identify_cpu() clears
		# boot_cpu_data's capabilities, so until the alternatives are
		# patched pgtable_l5_enabled() reads false, KASAN_SHADOW_START
		# moves, and every direct-map address looks wild: seen in CI as
		# "BUG: KASAN: wild-memory-access in do_raw_spin_lock" from
		# handle_edge_irq, before any module loaded; README, "Stress run
		# and debug kernel")
		[ "$mode" = stress ] || qemu_args[$((i + 1))]="${qemu_args[$((i + 1))]} log_buf_len=8M no5lvl"
	done
fi
exec 7>&-	# the preparation's lock: other series may prepare now
log "booting $kver ($mode)"
# A kernel that panics before the guest's init writes its first MARK has run
# none of the rig's code (seen once on 7.3.4 under TCG: an int3 Oops in the
# crypto self-test thread 2 s into boot): that boot is kept as
# console-failed-boot.log and the guest boots once more; a second such boot
# fails as any other.
for boot in 1 2; do
	rc=0
	timeout "$VM_TIMEOUT" "$QEMU" "${qemu_args[@]}" </dev/null || rc=$?
	tr -d '\r' <"$results" >"$results.txt" 2>/dev/null || : >"$results.txt"
	[ "$boot" = 1 ] || break
	grep -q '^MARK ' "$results.txt" && break
	grep -qE 'Kernel panic|Oops|BUG:' "$console" 2>/dev/null || break
	cp "$console" "$run/console-failed-boot.log"
	log "INFO: $kver panicked before the guest's first check ($(grep -m1 -E 'Kernel panic|Oops|BUG:' "$console" | tr -d '\r')); booting again once (console kept in $run/console-failed-boot.log)"
	rm -f "$console" "$results"
done
# Where the guest's time went: each MARK's part until the next one (the
# first part is the kernel's boot to init).
awk -v s="$series" -v m="$mode" '
	$1 == "MARK" { line = line sprintf("%s%s %.0f s", line ? ", " : "", name, $2 - t); name = $3; t = $2 }
	END { if (t) printf "vm-%s: guest time (%s): %s, %.0f s in all\n", s, m, line, t }
' name=boot "$results.txt" >"$run/guest-time.txt" || true
[ -s "$run/guest-time.txt" ] && cat "$run/guest-time.txt" >&2

if [ "$mode" = bench ]; then
	grep -E '^(bench|qcost)-' "$results.txt" >"$run/bench.txt" || true
	cat "$run/bench.txt"
	grep -E '^FAIL ' "$results.txt" >&2 && die "the benchmark failed (see $console)"
	grep -q '^BENCH-DONE$' "$results.txt" || die "the guest did not finish the benchmark (see $console)"
	exit 0
fi
# --- --stress: the stress line, with the number of failed checks
if [ "$mode" = stress ]; then
	grep -E '^(FAIL|INFO|MEASURE) ' "$results.txt" >&2 || true
	nf=$(grep -c '^FAIL ' "$results.txt" || true)
	line=$(sed -n 's/^STRESS-LINE //p' "$results.txt")
	grep -q '^STRESS-DONE$' "$results.txt" ||
		die "the guest did not finish the stress run (qemu exit $rc, see $console)"
	echo "$line failed=$nf"
	[ "$nf" -eq 0 ]
	exit
fi
# --- --debug: every detector report, whole, and the detectors that were on
if [ "$mode" = debug ]; then
	sed -n 's/^REPORT //p' "$results.txt" >"$run/reports.txt"
	[ -s "$run/reports.txt" ] && cat "$run/reports.txt" >&2
	grep -E '^(INFO|MEASURE) ' "$results.txt" >&2 || true
	sed -n 's/^STRESS-LINE //p' "$results.txt"
	log "detectors on: $(sed -n 's/^DETECTORS //p' "$results.txt")"
fi
if [ "$mode" = demo ]; then
	sed -n '/^DEMO-BEGIN$/,/^DEMO-END$/p' "$results.txt" | sed '1d;$d'
	grep -q '^DEMO-END$' "$results.txt" || die "the guest did not finish the demo (see $console)"
	exit 0
fi

all=$run/all-results.log
cat "$hostres" "$results.txt" | grep -E '^(PASS|FAIL|SKIP) ' >"$all" || true
if ! grep -q '^RIG-DONE$' "$results.txt"; then
	echo "FAIL guest-completed-$series: the guest did not finish (qemu exit $rc, see $console)" >>"$all"
fi
grep -E '^(FAIL|SKIP) ' "$all" >&2 || true
grep '^LIMITS ' "$results.txt" >"$run/limits.txt" || true
grep '^UDEV-EXAMPLE ' "$results.txt" | sed 's/^UDEV-EXAMPLE //' >"$run/udev-example.txt" || true
grep '^MEASURE ' "$results.txt" >"$run/measure.txt" && cat "$run/measure.txt" >&2 || true
# The guest's own summary lines (the limits grid, ThreadSanitizer).
grep -E '^(grid|burn|integrations|tsan|kernel-attr)-[0-9a-z.-]+: ' "$results.txt" || true
np=$(grep -c '^PASS ' "$all" || true)
nf=$(grep -c '^FAIL ' "$all" || true)
ns=$(grep -c '^SKIP ' "$all" || true)
log "$ns skipped (details: $all)"
echo "vm-$series: $np passed, $nf failed"
[ "$nf" -eq 0 ] && [ "$np" -gt 0 ]
exit
}
