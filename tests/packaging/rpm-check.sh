#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# make check-pkg-rpm: the RPM packaging (packaging/rpm/discxfer.spec) on this
# Debian machine, with Debian's rpm and rpmlint.
#   - `rpmbuild -ta` of the `make dist` tarball (-ba with the spec the
#     tarball carries, as Documentation/packaging.md shows it) builds the source package
#     and the four binary packages (discxfer, -libs, -devel, -dkms); its
#     %check runs the unit tests. --nodeps: rpm's database here knows no
#     package, so BuildRequires cannot be checked. The macro that
#     systemd-rpm-macros gives on Fedora (the udev rules directory) is
#     defined on the command line.
#   - rpmlint with packaging/rpm/rpmlint.toml (Fedora's policy) finds no
#     error in the packages and the spec;
#   - the .rpm and the .deb packages (build/debs, from check-pkg-debs) name
#     the same installed files, once each distribution's own places are
#     mapped (/usr/lib/<multiarch> and /usr/lib64, compressed manual pages)
#     and its own bookkeeping left out (documentation, licences, lintian
#     overrides, build-id links);
#   - the version in the spec is VERSION's (check-version.sh checks it too).
set -eu
. "$(dirname "$0")/lib.sh"
cd "$TOP"

need_pkgs rpm rpmlint xz-utils

W=$BUILDDIR/rpm
rm -rf "$W"
mkdir -p "$W"
make -s dist >"$W/dist.log" 2>&1 || { bad "make dist: $(tail -n 5 "$W/dist.log" | tr '\n' ' ')"; summary; exit 1; }
if rpmbuild -ta --nodeps --define "_topdir $W" \
	--define "_udevrulesdir /usr/lib/udev/rules.d" \
	"discxfer-$VERSION.tar.xz" >"$W/rpmbuild.log" 2>&1; then
	ok "rpmbuild -ta discxfer-$VERSION.tar.xz (unit tests in %check)"
else
	bad "rpmbuild -ta failed (log $W/rpmbuild.log): $(tail -n 15 "$W/rpmbuild.log" | tr '\n' ' ')"
	summary
	exit 1
fi
arch=$(rpm --eval '%{_arch}')
for p in "discxfer-$VERSION-1.$arch" "discxfer-libs-$VERSION-1.$arch" \
	"discxfer-devel-$VERSION-1.$arch" "discxfer-dkms-$VERSION-1.noarch"; do
	a=${p##*.}
	[ -f "$W/RPMS/$a/$p.rpm" ] && ok "built $p.rpm" || bad "no $W/RPMS/$a/$p.rpm"
done
[ -f "$W/SRPMS/discxfer-$VERSION-1.src.rpm" ] && ok "built discxfer-$VERSION-1.src.rpm" ||
	bad "no source package discxfer-$VERSION-1.src.rpm"

rpmlint -c packaging/rpm/rpmlint.toml "$W"/RPMS/*/*.rpm "$W"/SRPMS/*.rpm \
	packaging/rpm/discxfer.spec >"$W/rpmlint.log" 2>&1 || true
sumline=$(grep -E '[0-9]+ errors?, [0-9]+ warnings?' "$W/rpmlint.log" | tail -n 1)
errs=$(echo "$sumline" | sed -n 's/.* \([0-9][0-9]*\) errors\{0,1\},.*/\1/p')
if [ -z "$sumline" ]; then
	bad "rpmlint printed no summary: $(tail -n 5 "$W/rpmlint.log" | tr '\n' ' ')"
elif [ "$errs" = 0 ]; then
	ok "rpmlint: $sumline"
else
	bad "rpmlint: $sumline: $(grep ': E: ' "$W/rpmlint.log" | sort -u | head -n 10 | tr '\n' ' ')"
fi

# The installed files of both, mapped to one naming.
norm() {
	sed -e 's|^\./|/|' -e 's|^/usr/lib/[a-z0-9_]*-linux-gnu[a-z0-9_]*/|/usr/lib64/|' \
		-e 's|^/usr/lib/\([^/]*\.so[.0-9]*\)$|/usr/lib64/\1|' \
		-e 's#^\(/usr/share/man/.*\)\.\(gz\|bz2\|xz\|zst\)$#\1#' |
		grep -vE '^/usr/share/(doc|licenses|lintian)/|^/usr/lib/(debug|\.build-id)(/|$)|/$' |
		sort -u
}
debs=$(ls "$BUILDDIR"/debs/*_"$VERSION"-*.deb 2>/dev/null | grep -v -- '-dbgsym_' || true)
if [ -z "$debs" ]; then
	bad "no .deb packages of $VERSION in $BUILDDIR/debs (make check-pkg-debs first)"
else
	for d in $debs; do dpkg-deb --fsys-tarfile "$d" | tar -t; done | norm >"$W/deb-files"
	# directories left out: rpm names those a package owns, dpkg-deb all
	for r in "$W"/RPMS/*/*.rpm; do
		rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$r"
	done | sed -n 's/^[^d][^ ]* //p' | norm >"$W/rpm-files"
	if cmp -s "$W/deb-files" "$W/rpm-files"; then
		ok "the .rpm and .deb packages install the same $(wc -l <"$W/rpm-files") files"
	else
		bad "the .rpm and .deb packages' files differ (< deb, > rpm): $(diff "$W/deb-files" "$W/rpm-files" | grep '^[<>]' | head -n 12 | tr '\n' ' ')"
	fi
fi
summary
