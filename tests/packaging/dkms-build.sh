#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# `dkms add` + `dkms build` of discxfer against Debian's 6.1 and 6.12 header
# trees and the newest series' (the ones the kernel rig downloads:
# build/vm/SERIES/kdir and kver), with a private DKMS tree and source tree
# under build/dkms, so nothing is written to /var/lib/dkms or /usr/src.  A
# kernel whose compiler this machine lacks (7.x: gcc-14) is built where such
# a kernel's users have it: dkms runs inside the Debian build root that
# module/buildroot.sh makes (trixie's dkms and gcc-14).  Proves, per series:
#   - dkms builds discxfer.ko from exactly the files the discxfer-dkms
#     package ships (`make dkms-source`: dkms.conf, Kbuild, VERSION, module/);
#   - the module's vermagic is that kernel's release and its version
#     (modinfo) is the one in VERSION;
#   - make module-install KDIR=... DESTDIR=... puts exactly
#     lib/modules/<release>/extra/discxfer.ko* there, without signing
#     errors, and make module-uninstall removes it;
#   - /var/lib/dkms, /usr/src and /lib/modules are unchanged afterwards.
# Usage: dkms-build.sh [SERIES...]   (default: 6.1 6.12 and the newest)
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs dkms kmod

if [ $# -eq 0 ]; then
	[ -s "$BUILDDIR/vm/newest-series" ] || "$TOP/tests/vm/fetch-kernel.sh" newest
	set -- 6.1 6.12 "$(cat "$BUILDDIR/vm/newest-series")"
fi
series=$*
cd "$TOP"
make --no-print-directory dkms-source >/dev/null
STAGE=$BUILDDIR/dkms/src/discxfer-$VERSION

# A listing of what dkms could write to outside build/.
outside() {
	for d in /var/lib/dkms /usr/src /lib/modules; do
		[ -d "$d" ] && find "$d" -xdev -printf '%p %s %T@\n' 2>/dev/null
	done | sort
}

for s in $series; do
	if [ ! -f "$BUILDDIR/vm/$s/kdir" ] || [ ! -f "$BUILDDIR/vm/$s/kver" ]; then
		echo "dkms-build: fetching the $s headers with tests/vm/fetch-kernel.sh"
		"$TOP/tests/vm/fetch-kernel.sh" "$s"
	fi
	kdir=$(cat "$BUILDDIR/vm/$s/kdir")
	kver=$(cat "$BUILDDIR/vm/$s/kver")
	d=$BUILDDIR/dkms/$s
	rm -rf "$d"
	mkdir -p "$d/tree" "$d/src"
	cp -a "$STAGE" "$d/src/"
	before=$(outside)

	log=$d/dkms.log
	# dkms here, or in the build root when the kernel's compiler is there.
	how=$("$TOP/module/buildroot.sh" compiler "$kdir") || {
		bad "$s: no compiler for $kver: $how"
		continue
	}
	dk=dkms
	where="dkms"
	case $how in
	root*)
		root=$("$TOP/tests/cache.sh" dir)/roots/${how#root }
		"$TOP/module/buildroot.sh" create "$root" "${how#root }"
		d=$(readlink -f "$d")
		dk="$TOP/module/buildroot.sh run $root $kdir $d -- dkms"
		where="dkms of the Debian ${how#root } build root"
		;;
	esac
	if $dk add -m discxfer -v "$VERSION" --dkmstree "$d/tree" --sourcetree "$d/src" \
		>"$log" 2>&1 &&
	   $dk build -m discxfer -v "$VERSION" -k "$kver" --kernelsourcedir "$kdir" \
		--dkmstree "$d/tree" --sourcetree "$d/src" >>"$log" 2>&1; then
		ok "$s: $where build -k $kver"
	else
		cat "$log"
		for f in "$d"/tree/discxfer/"$VERSION"/build/make.log; do
			[ -f "$f" ] && tail -n 30 "$f"
		done
		bad "$s: dkms build -k $kver"
		continue
	fi

	ko=$(ls "$d"/tree/discxfer/"$VERSION"/"$kver"/*/module/discxfer.ko* 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		bad "$s: no discxfer.ko in the DKMS tree"
		continue
	fi
	ok "$s: built $(basename "$ko")"
	vermagic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	[ "$vermagic" = "$kver" ] && ok "$s: vermagic $vermagic" ||
		bad "$s: vermagic '$vermagic', want '$kver'"
	mver=$(modinfo -F version "$ko")
	[ "$mver" = "$VERSION" ] && ok "$s: modinfo version $mver" ||
		bad "$s: modinfo version '$mver', want '$VERSION' (VERSION)"
	lic=$(modinfo -F license "$ko")
	[ "$lic" = "GPL" ] && ok "$s: license GPL" || bad "$s: license '$lic'"

	# Without DKMS: make module-install goes through the kernel's
	# modules_install into extra/, and module-uninstall takes it out.
	mr=$d/modroot
	if make --no-print-directory module-install KDIR="$kdir" DESTDIR="$mr" \
		>"$d/module-install.log" 2>&1; then
		inst=$(cd "$mr" && find . -type f | sed 's|^\.||')
		case $inst in
		"/lib/modules/$kver/extra/discxfer.ko"*)
			[ "$(echo "$inst" | wc -l)" -eq 1 ] &&
				ok "$s: make module-install: $inst" ||
				bad "$s: make module-install wrote more: $inst" ;;
		*) bad "$s: make module-install wrote '$inst', not extra/discxfer.ko" ;;
		esac
		! grep -q 'SSL error' "$d/module-install.log" &&
			ok "$s: make module-install: no signing errors" ||
			bad "$s: make module-install: signing errors (see $d/module-install.log)"
	else
		tail -n 20 "$d/module-install.log"
		bad "$s: make module-install KDIR=... DESTDIR=..."
	fi
	make --no-print-directory module-uninstall KDIR="$kdir" DESTDIR="$mr" >/dev/null 2>&1
	[ -z "$(find "$mr" -type f 2>/dev/null)" ] &&
		ok "$s: make module-uninstall removed it" ||
		bad "$s: left after make module-uninstall: $(find "$mr" -type f)"

	[ "$before" = "$(outside)" ] &&
		ok "$s: nothing written to /var/lib/dkms, /usr/src or /lib/modules" ||
		bad "$s: dkms or module-install changed /var/lib/dkms, /usr/src or /lib/modules"
done
summary
