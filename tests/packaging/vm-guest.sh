# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Guest checks of the Debian packages, sourced by the kernel rig
# (tests/vm): /pkg holds libdiscxfer0, discxfer and discxfer-dkms as
# `dpkg-deb -x` places them (tests/vm/run.sh). Chrooted there, the packaged
# /usr/bin/discxfer runs on the packaged library and answers `discxfer list`
# exactly as the build tree's command does, with the module and without.

pkg_run() { chroot /pkg /usr/bin/discxfer "$@"; }

pkg_same() {
	local what=$1
	shift
	discxfer "$@" >/tmp/pkg-build.out 2>&1
	pkg_run "$@" >/tmp/pkg-deb.out 2>&1
	check "packages.$what" "packaged: $(head -c 300 /tmp/pkg-deb.out | tr '\n' '|'); build tree: $(head -c 300 /tmp/pkg-build.out | tr '\n' '|')" \
		cmp -s /tmp/pkg-build.out /tmp/pkg-deb.out
}

packages_checks() {
	local d lib
	if [ ! -x /pkg/usr/bin/discxfer ]; then
		skip packages "no Debian packages in this guest: build/debs has none (make check runs tests/packaging/build-debs.sh before the rig)"
		return
	fi
	if [ "$have_tool" != 1 ] || [ "$have_mod" != 1 ]; then
		skip packages "needs build/discxfer and discxfer.ko to compare with"
		return
	fi
	for d in dev sys proc run lib/modules; do
		mount -o bind "/$d" "/pkg/$d"
	done
	lib=$(LD_TRACE_LOADED_OBJECTS=1 chroot /pkg /usr/bin/discxfer | sed -n 's/^[[:space:]]*libdiscxfer.so.0 => \([^ ]*\).*/\1/p')
	check packages.library-from-package "libdiscxfer.so.0 resolves to '$lib'" \
		[ "$lib" = /usr/lib/x86_64-linux-gnu/libdiscxfer.so.0 ]
	check packages.rules-name-usr-bin "the packaged rules do not run /usr/bin/discxfer" \
		grep -q '/usr/bin/discxfer udev-import' /pkg/usr/lib/udev/rules.d/61-discxfer.rules
	pkg_same version --version
	grep -q '^discxfer ' /proc/modules || modprobe discxfer
	pkg_same list.module list
	pkg_same list-json.module list --json
	pkg_same status.module status
	rmmod discxfer
	pkg_same list.queue-limits list
	pkg_same list-json.queue-limits list --json
	modprobe discxfer
	for d in lib/modules run proc sys dev; do
		umount "/pkg/$d"
	done
}

packages_checks
