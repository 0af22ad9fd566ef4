#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The unit tests in a bare Debian 12 build chroot, the kind pbuilder makes:
# mmdebstrap --variant=minbase with the build dependencies, only /proc and
# a tmpfs /dev/shm mounted (pbuilder's defaults; Criterion's workers share
# memory through /dev/shm), and "/" a plain directory, not a mount point.
# Proves, as root:
#   - make all and make check-unit pass there, and the udev-database tests
#     run (none says SKIP): they make their private /run although "/" is not
#     a mount point;
#   - run by the unprivileged user nobody (a chroot allows no user
#     namespace), those tests say SKIP with the reason, and nothing fails;
#   - dpkg-buildpackage -us -uc -b, which runs check-unit, succeeds there;
#   - nothing the tests mount leaks out of their mount namespace where the
#     mounts are shared, as systemd makes "/" on most hosts: the whole run
#     happens in a mount namespace of its own whose mounts are all shared,
#     and afterwards the only mounts in the chroot are /proc and /dev/shm.
# The chroot is cached in the machine's cache (tests/cache.sh:
# chroot/bookworm, shared by every clone, one run at a time) and made again
# when its package list changes (chroot/bookworm.pkgs). The mirror is the
# system's own (tests/vm/apt.sh's system_source). Needs root.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

log() { echo "chroot-check: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=../vm/apt.sh
. "$TOP/tests/vm/apt.sh"

if [ "$(id -u)" != 0 ]; then
	skip "not root: mmdebstrap and chroot need root"
	summary
	exit 0
fi
# Everything below in a mount namespace of our own with shared mounts: a
# mount that escapes the tests' namespaces shows in ours, not on the host.
if [ -z "${DISCXFER_CHROOT_NS:-}" ]; then
	export DISCXFER_CHROOT_NS=1
	exec unshare --mount --propagation shared -- "$0" "$@"
fi

need_pkgs mmdebstrap

C=$BUILDDIR/chroot
CC=$("$TOP/tests/cache.sh" dir)/chroot
R=$CC/bookworm
STAMP=$CC/bookworm.pkgs
mkdir -p "$C" "$CC"
exec 6>"$CC/bookworm.lock"
flock 6

# cleanup: unmount everything at or below $R, the newest mount first.
cleanup() {
	local m
	while m=$(mounts_in "$R" | tail -n 1) && [ -n "$m" ]; do
		umount "$m" 2>/dev/null || umount -l "$m" || { log "cannot unmount $m"; return 1; }
	done
}
trap cleanup EXIT

pkgs=$(build_deps | grep -v '^$' | sort -u | paste -sd, -)
[ -n "$pkgs" ] || die "no build dependencies found in install-deps.sh and debian/control"

if [ -d "$R" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$pkgs" ]; then
	ok "cached bare chroot $R ($(tr ',' '\n' <"$STAMP" | wc -l) build dependencies)"
else
	new_root "$R" "$STAMP"
	log "mmdebstrap --variant=minbase bookworm $R (log: $C/mmdebstrap.log)"
	t0=$(date +%s)
	if mmdebstrap --variant=minbase ${KEYRING:+"$KEYRING"} --include="$pkgs" \
		bookworm "$R.new" "$MIRROR" >"$C/mmdebstrap.log" 2>&1; then
		mv "$R.new" "$R"
		echo "$pkgs" >"$STAMP"
		ok "mmdebstrap --variant=minbase bookworm with the build dependencies ($(($(date +%s) - t0)) s)"
	else
		tail -n 30 "$C/mmdebstrap.log"
		bad "mmdebstrap --variant=minbase bookworm (log: $C/mmdebstrap.log)"
		summary
		exit 1
	fi
fi

# The tree where pbuilder puts it; dpkg-buildpackage writes to /build.
rm -rf --one-file-system "$R/build"
copy_tree "$R/build/discxfer"
mount -t proc proc "$R/proc"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$R/dev/shm"
if mountpoint -q "$R"; then
	bad "$R is a mount point: the chroot's \"/\" must not be one"
fi

# in_chroot USER:GROUP LOG COMMAND: COMMAND (sh) in the chroot's copy of
# the tree as USER:GROUP, with a clean environment; its output goes to LOG.
in_chroot() {
	local user=$1 logf=$2
	shift 2
	chroot --userspec="$user" "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/tmp LC_ALL=C.UTF-8 /bin/sh -c "cd /build/discxfer && $*" >"$logf" 2>&1
}

L=$C/logs
rm -rf "$L"
mkdir -p "$L"
if in_chroot root:root "$L/check-unit.log" "make -j2 all && make check-unit"; then
	ok "make all check-unit as root in the chroot"
else
	tail -n 30 "$L/check-unit.log"
	bad "make all check-unit as root in the chroot (log: $L/check-unit.log)"
fi

# test-udev alone, verbose, as USER:GROUP: its [SKIP] lines and synthesis to LOG.
udev_tests() {
	in_chroot "$1" "$2" "DISCXFER_BIN=\$PWD/build/discxfer LD_LIBRARY_PATH=\$PWD/build \
		umockdev-wrapper build/tests/lib/test-udev --jobs 1 --verbose"
}
if udev_tests root:root "$L/udev-root.log" && grep -q 'Failing: 0 | Crashing: 0' "$L/udev-root.log"; then
	if grep -q '^\[SKIP\]' "$L/udev-root.log"; then
		grep '^\[SKIP\]' "$L/udev-root.log"
		bad "udev tests as root in the chroot: some say SKIP"
	else
		ok "udev tests as root in the chroot: $(grep -c '^\[PASS\]' "$L/udev-root.log") passed, none skipped"
	fi
else
	tail -n 30 "$L/udev-root.log"
	bad "udev tests as root in the chroot (log: $L/udev-root.log)"
fi
if udev_tests nobody:nogroup "$L/udev-nobody.log" && grep -q 'Failing: 0 | Crashing: 0' "$L/udev-nobody.log"; then
	n=$(grep -c '^\[SKIP\]' "$L/udev-nobody.log" || true)
	reasons=$(grep -c '^\[SKIP\] .*: SKIP: not root, and unshare(CLONE_NEWUSER): .*: udev.s database cannot be faked$' \
		"$L/udev-nobody.log" || true)
	if [ "$n" -gt 0 ] && [ "$n" = "$reasons" ]; then
		ok "udev tests as nobody in the chroot: $n say SKIP with the reason, none fails"
	else
		grep '^\[SKIP\]' "$L/udev-nobody.log" || true
		bad "udev tests as nobody in the chroot: $n SKIP lines, $reasons with the reason"
	fi
else
	tail -n 30 "$L/udev-nobody.log"
	bad "udev tests as nobody in the chroot (log: $L/udev-nobody.log)"
fi

if in_chroot root:root "$L/dpkg-buildpackage.log" "dpkg-buildpackage -us -uc -b"; then
	ok "dpkg-buildpackage -us -uc -b in the chroot (runs check-unit)"
else
	tail -n 30 "$L/dpkg-buildpackage.log"
	bad "dpkg-buildpackage -us -uc -b in the chroot (log: $L/dpkg-buildpackage.log)"
fi

left=$(mounts_in "$R" | grep -vxF -e "$R/proc" -e "$R/dev/shm" | sort | uniq -c |
	awk '{ printf " %s (%d times)", $2, $1 }' || true)
[ -z "$left" ] && ok "no mount of the tests left in the chroot (only /proc and /dev/shm)" ||
	bad "mounts of the tests leaked into the chroot:$left"
cleanup || true
[ -z "$(mounts_in "$R")" ] && ok "nothing mounted below $R afterwards" ||
	bad "still mounted below $R: $(mounts_in "$R" | tr '\n' ' ')"
summary
