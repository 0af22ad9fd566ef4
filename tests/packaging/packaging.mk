# SPDX-License-Identifier: LGPL-2.1-or-later
# Packaging checks (tests/packaging/*.sh); each prints PASS/FAIL lines and an
# "N passed, N failed" summary.
#
#   make check-packaging   all of them
#   make check-pkg-version     one version everywhere (VERSION is the source)
#   make check-pkg-install     make install/uninstall DESTDIR=, nothing outside it
#   make check-pkg-dist        make distcheck: the release tarball builds, tests, installs
#   make check-pkg-rpm         rpmbuild -ba of packaging/rpm from the tarball, rpmlint, and
#                              the same installed files as the .debs
#   make check-pkg-dkms        dkms build against the rig's 6.1 and 6.12 headers
#   make check-pkg-debs        dpkg-buildpackage -b into build/debs + lintian
#   make check-pkg-chroot      check-unit and dpkg-buildpackage in a bare bookworm chroot
#   make check-pkg-trixie      the packages on Debian 13: build, lintian, apt install, DKMS
#                              for trixie's 6.12 and the newest 7.x headers
#   make check-man-lib     (man/lib.mk)

.PHONY: check-packaging check-pkg-version check-pkg-install check-pkg-dkms check-pkg-debs \
	check-pkg-chroot check-pkg-trixie check-pkg-dist check-pkg-rpm
CHECK_PACKAGING := check-pkg-version check-man-lib check-pkg-install check-pkg-dist \
	check-pkg-dkms check-pkg-debs check-pkg-rpm check-pkg-chroot check-pkg-trixie
check-packaging: $(CHECK_PACKAGING)

check-pkg-version: all
	@BUILD=$(BUILD) scripts/leg-time run check-pkg-version tests/packaging/check-version.sh

check-pkg-install:
	@BUILD=$(BUILD) scripts/leg-time run check-pkg-install tests/packaging/install-check.sh

check-pkg-dist:
	@scripts/leg-time run check-pkg-dist $(MAKE) --no-print-directory distcheck

check-pkg-rpm:
	@BUILD=$(BUILD) scripts/leg-time run check-pkg-rpm tests/packaging/rpm-check.sh

check-pkg-dkms:
	@BUILD=$(BUILD) scripts/leg-time run check-pkg-dkms tests/packaging/dkms-build.sh

check-pkg-debs:
	@BUILD=$(BUILD) scripts/leg-time run check-pkg-debs tests/packaging/build-debs.sh

check-pkg-chroot:
	@BUILD=$(BUILD) scripts/leg-time run check-pkg-chroot tests/packaging/chroot-check.sh

check-pkg-trixie:
	@BUILD=$(BUILD) scripts/leg-time run check-pkg-trixie tests/packaging/trixie-check.sh
