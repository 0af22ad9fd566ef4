#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Install what building and testing discxfer needs on Debian 12 (bookworm).
# Idempotent: installs only what is missing; needs root when anything is.
#
#   install-deps.sh           everything: build, tests, kernel rig, packaging,
#                             the burners' builds (integrations/build.sh)
#   install-deps.sh --build   only what `make` and `make install` need
#                             (the module needs linux-headers-$(uname -r) too)
#   install-deps.sh --check   install nothing: exit 0 when everything is
#                             there, 1 when something is missing
set -eu

BUILD_PKGS="build-essential pkg-config libudev-dev libkmod-dev libsmartcols-dev udev"

check=
[ "${1:-}" = --check ] && { check=1; shift; }
case ${1:-} in
--build) PKGS=$BUILD_PKGS ;;
"") PKGS="$BUILD_PKGS
libcriterion-dev umockdev libumockdev-dev clang libclang-rt-14-dev
bash-completion
valgrind
qemu-system-x86 busybox-static kmod cpio zstd xz-utils mmdebstrap
dwarves bc flex bison libelf-dev libssl-dev
python3 perl
debhelper dh-dkms dkms lintian fakeroot dpkg-dev
rpm rpmlint
cmake m4 libcap-dev libburn-dev libisofs-dev
" ;;
-h|--help)
	sed -n '4,12s/^# \{0,1\}//p' "$0"
	exit 0 ;;
*)
	echo "install-deps: unknown option '$1' (see --help)" >&2
	exit 2 ;;
esac

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0
[ -z "$check" ] || exit 1

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
