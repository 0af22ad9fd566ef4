#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Unpack the runtime packages built by build-debs.sh (libdiscxfer0, discxfer,
# discxfer-dkms) into a root directory for the kernel rig's guest, the way
# dpkg would place them: `dpkg-deb -x`, no maintainer scripts.
# Usage: debs-root.sh [ROOT]   (default: build/debs/root); prints ROOT.
set -eu
. "$(dirname "$0")/lib.sh"

DEBS=$BUILDDIR/debs
ROOT=${1:-$DEBS/root}
dver=$(cd "$TOP" && dpkg-parsechangelog -S Version)
rm -rf "$ROOT"
mkdir -p "$ROOT"
for p in libdiscxfer0 discxfer discxfer-dkms; do
	deb=$(ls "$DEBS/${p}_${dver}"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		echo "debs-root: no $p .deb in $DEBS (run tests/packaging/build-debs.sh)" >&2
		exit 1
	fi
	dpkg-deb -x "$deb" "$ROOT"
done
echo "$ROOT"
