# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The real systemd-udevd runs in the guest: after coldplug every optical
# drive's block node has ID_CDROM=1 from Debian's own rules (cdrom_id).
check_udev() {
	local s bad
	if [ ! -x /lib/systemd/systemd-udevd ]; then
		fail udev.daemon "no systemd-udevd in the guest (tests/vm/fetch-udev.sh)"
		return
	fi
	if ! start_udev; then
		fail udev.daemon "systemd-udevd did not start or settle"
		stop_udev
		return
	fi
	pass udev.daemon
	bad=
	for s in $(sr_nodes); do
		udevadm info --query=property "/dev/$s" | grep -q '^ID_CDROM=1$' ||
			bad="$bad $s"
	done
	check udev.cdrom-id "no ID_CDROM=1 on:$bad" [ -z "$bad" ]
	stop_udev
}
