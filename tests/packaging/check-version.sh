#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The version lives in VERSION only; everything that shows a version must
# show that one: debian/changelog (upstream part), dkms.conf, the RPM spec, NEWS (newest
# entry), the man pages' title lines, the pkg-config file, the library's file
# name, `discxfer --version`, and `modinfo -F version` of every discxfer.ko
# built under build/ (dkms-build.sh checks the DKMS-built ones).
# Run after `make all`.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$TOP"

same() {	# same WHAT VALUE
	if [ "$2" = "$VERSION" ]; then
		ok "$1: $2"
	else
		bad "$1: '$2', but VERSION says '$VERSION'"
	fi
}

echo "VERSION: $VERSION"
echo "$VERSION" | grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' && ok "VERSION is MAJOR.MINOR.PATCH" ||
	bad "VERSION '$VERSION' is not MAJOR.MINOR.PATCH"

dver=$(dpkg-parsechangelog -l debian/changelog -S Version)
same "debian/changelog" "${dver%-*}"
same "dkms.conf PACKAGE_VERSION" \
	"$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' dkms.conf)"
same "packaging/rpm/discxfer.spec Version" \
	"$(sed -n 's/^Version:[[:space:]]*//p' packaging/rpm/discxfer.spec)"
same "NEWS (newest entry)" \
	"$(grep -Eo -m1 '^[0-9]+\.[0-9]+\.[0-9]+' NEWS)"
for m in man/*.[1-8]; do
	[ -e "$m" ] || continue
	same "$m title" "$(sed -n 's/^\.TH .*"discxfer \([^"]*\)".*/\1/p' "$m")"
done

if [ -f "$BUILDDIR/libdiscxfer.pc" ]; then
	same "pkg-config --modversion libdiscxfer" \
		"$(PKG_CONFIG_PATH=$BUILDDIR pkg-config --modversion libdiscxfer)"
else
	bad "no $BUILDDIR/libdiscxfer.pc (run make all first)"
fi
if [ -f "$BUILDDIR/libdiscxfer.so.$VERSION" ]; then
	ok "library file libdiscxfer.so.$VERSION"
	soname=$(readelf -d "$BUILDDIR/libdiscxfer.so.$VERSION" |
		sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	[ "$soname" = "libdiscxfer.so.${VERSION%%.*}" ] && ok "SONAME $soname" ||
		bad "SONAME '$soname', want libdiscxfer.so.${VERSION%%.*}"
else
	bad "no $BUILDDIR/libdiscxfer.so.$VERSION"
fi

tool=${DISCXFER:-$BUILDDIR/discxfer}
if [ -x "$tool" ]; then
	out=$(LD_LIBRARY_PATH=$BUILDDIR "$tool" --version | head -n 1)
	# the last word of the first line
	same "discxfer --version ('$out')" "${out##* }"
else
	bad "no $tool (run make all first)"
fi

# build/vm is left out: the kernel legs build there while this runs beside
# them (make check -j2), and its modules come from the same tree.
kos=$(find "$BUILDDIR" -path "$BUILDDIR/pkg" -prune -o -path "$BUILDDIR/dkms" -prune -o \
	-path "$BUILDDIR/vm" -prune -o \
	\( -name discxfer.ko -o -name 'discxfer.ko.[gx]z' -o -name discxfer.ko.zst \) \
	-print 2>/dev/null)
if [ -z "$kos" ]; then
	skip "no discxfer.ko under $BUILDDIR (make module); dkms-build.sh checks the module's version"
fi
for ko in $kos; do
	same "modinfo -F version ${ko#"$TOP"/}" "$(modinfo -F version "$ko")"
done
summary
