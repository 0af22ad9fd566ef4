#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Build the Debian packages from a copy of the tree and check them:
#   - dpkg-buildpackage -us -uc -b in build/pkg/discxfer-VERSION (it writes
#     its results to the parent directory, so nothing lands outside build/);
#   - the four binary packages exist, with the files each one must carry;
#   - lintian on the .changes reports no error (warnings are printed).
# The .debs end up in build/debs. Build dependencies come from debian/control
# (installed with apt when missing, as root).
set -eu
. "$(dirname "$0")/lib.sh"

PKGDIR=$BUILDDIR/pkg
SRC=$PKGDIR/discxfer-$VERSION
DEBS=$BUILDDIR/debs
# build/debs.state: "ready" or "failed" when this script ends, for the
# guests' legs that wait for the packages (tests/vm/vm.mk: vm-debs).
STATE=$BUILDDIR/debs.state
rm -f "$STATE"
trap 'rc=$?; mkdir -p "$BUILDDIR"; if [ $rc = 0 ]; then echo ready; else echo failed; fi >"$STATE"' EXIT

need_pkgs dpkg-dev debhelper fakeroot lintian

# Build-Depends of debian/control that are not installed yet.
unmet=$(cd "$TOP" && dpkg-checkbuilddeps 2>&1 >/dev/null |
	sed -n 's/.*Unmet build dependencies: //p' |
	sed -e 's/([^)]*)//g' -e 's/<[^>]*>//g' -e 's/|[^ ]*//g')
if [ -n "$unmet" ]; then
	# shellcheck disable=SC2086
	need_pkgs $unmet
fi

copy_tree "$SRC"
rm -f "$PKGDIR"/*.deb "$PKGDIR"/*.changes "$PKGDIR"/*.buildinfo
echo "build-debs: dpkg-buildpackage in $SRC (log: $PKGDIR/build.log)"
if ! (cd "$SRC" && dpkg-buildpackage -us -uc -b) >"$PKGDIR/build.log" 2>&1; then
	tail -n 40 "$PKGDIR/build.log"
	bad "dpkg-buildpackage -us -uc -b failed"
	summary
	exit 1
fi
ok "dpkg-buildpackage -us -uc -b"

rm -rf "$DEBS"
mkdir -p "$DEBS"
mv "$PKGDIR"/*.deb "$PKGDIR"/*.changes "$PKGDIR"/*.buildinfo "$DEBS"/

arch=$(dpkg-architecture -qDEB_HOST_ARCH)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
dver=$(cd "$TOP" && dpkg-parsechangelog -S Version)

# has PACKAGE PATH: the .deb of PACKAGE contains PATH (exactly).
has() {
	_deb=$(ls "$DEBS/$1"_"$dver"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$_deb" ]; then
		bad "$1: no .deb built"
		return
	fi
	if dpkg-deb -c "$_deb" | awk '{print $6}' | sed 's|^\.||; s|/$||' | grep -qxF "$2"; then
		ok "$1 contains $2"
	else
		bad "$1 lacks $2"
	fi
}

for p in libdiscxfer0 libdiscxfer-dev discxfer; do
	[ -e "$DEBS/${p}_${dver}_${arch}.deb" ] && ok "built ${p}_${dver}_${arch}.deb" ||
		bad "no ${p}_${dver}_${arch}.deb"
done
[ -e "$DEBS/discxfer-dkms_${dver}_all.deb" ] && ok "built discxfer-dkms_${dver}_all.deb" ||
	bad "no discxfer-dkms_${dver}_all.deb"

has libdiscxfer0 "/usr/lib/$ma/libdiscxfer.so.0"
has libdiscxfer0 "/usr/lib/$ma/libdiscxfer.so.$VERSION"
has libdiscxfer-dev "/usr/lib/$ma/libdiscxfer.so"
has libdiscxfer-dev "/usr/lib/$ma/pkgconfig/libdiscxfer.pc"
has libdiscxfer-dev "/usr/include/discxfer.h"
has libdiscxfer-dev "/usr/include/discxfer/imapi2.h"
has libdiscxfer-dev "/usr/share/man/man3/libdiscxfer.3.gz"
has libdiscxfer-dev "/usr/share/doc/libdiscxfer-dev/examples/read-max.c"
has discxfer /usr/bin/discxfer
has discxfer /usr/share/man/man1/discxfer.1.gz
has discxfer /usr/share/man/man4/discxfer.4.gz
has discxfer "$(pkg-config --variable=completionsdir bash-completion)/discxfer"
for r in "$TOP"/udev/*.rules.in; do
	[ -e "$r" ] || { bad "no udev/*.rules.in in the tree"; break; }
	has discxfer "/usr/lib/udev/rules.d/$(basename "$r" .in)"
done
has discxfer-dkms "/usr/src/discxfer-$VERSION/dkms.conf"
has discxfer-dkms "/usr/src/discxfer-$VERSION/Kbuild"
has discxfer-dkms "/usr/src/discxfer-$VERSION/VERSION"

echo "build-debs: lintian (log: $DEBS/lintian.log)"
set +e
lintian --fail-on error --display-info "$DEBS"/discxfer_"$dver"_"$arch".changes \
	>"$DEBS/lintian.log" 2>&1
lrc=$?
set -e
grep -v '^N: ' "$DEBS/lintian.log" | grep -E '^[EWIXOP]: ' || true
errors=$(grep -c '^E: ' "$DEBS/lintian.log" || true)
warnings=$(grep -c '^W: ' "$DEBS/lintian.log" || true)
echo "build-debs: lintian: $errors errors, $warnings warnings"
if [ "$lrc" = 0 ] && [ "$errors" = 0 ]; then
	ok "lintian reports no errors"
else
	bad "lintian reports errors (exit $lrc)"
fi
summary
