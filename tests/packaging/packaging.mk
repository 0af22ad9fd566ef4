# SPDX-License-Identifier: LGPL-2.1-or-later
# Packaging checks (tests/packaging/*.sh); each prints PASS/FAIL lines and an
# "N passed, N failed" summary.
#
#   make check-packaging   all of them
#   make check-version     one version everywhere (VERSION is the source)
#   make check-install     make install/uninstall DESTDIR=, nothing outside it
#   make check-dkms        dkms build against the rig's 6.1 and 6.12 headers
#   make check-debs        dpkg-buildpackage -b into build/debs + lintian
#   make check-man-lib     (man/lib.mk)

.PHONY: check-packaging check-version check-install check-dkms check-debs
check-packaging: check-version check-man-lib check-install check-dkms check-debs

check-version: all
	BUILD=$(BUILD) tests/packaging/check-version.sh

check-install:
	BUILD=$(BUILD) tests/packaging/install-check.sh

check-dkms:
	BUILD=$(BUILD) tests/packaging/dkms-build.sh

check-debs:
	BUILD=$(BUILD) tests/packaging/build-debs.sh
