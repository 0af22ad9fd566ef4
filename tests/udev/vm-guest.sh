# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Guest checks of the udev integration, sourced by the kernel rig
# (tests/vm) in a busybox guest running Debian's real systemd-udevd with
# Debian's rules plus ours. On entry discxfer.ko is loaded and every drive is
# present; it is left loaded.

# Every sr and sg node of every drive: tag discxfer, DISCXFER_* equal to
# `discxfer get`, and DISCXFER_SOURCE as expected ($1).
udev_props_ok() {
	local want=$1 s g node props tool_pa tool_npa bad=
	for s in $(sr_nodes); do
		g=$(sg_of "$s")
		for node in "/dev/$s" ${g:+"/dev/$g"}; do
			props=$(udevadm info --query=property "$node")
			tool_pa=$(discxfer get --value page-aligned "$node")
			tool_npa=$(discxfer get --value non-page-aligned "$node")
			echo "$props" | grep -q '^TAGS=.*:discxfer:' || bad="$bad $node:tag"
			echo "$props" | grep -qx "DISCXFER_MAX_PAGE_ALIGNED_TRANSFER_BYTES=$tool_pa" ||
				bad="$bad $node:page-aligned"
			echo "$props" | grep -qx "DISCXFER_MAX_NON_PAGE_ALIGNED_TRANSFER_BYTES=$tool_npa" ||
				bad="$bad $node:non-page-aligned"
			echo "$props" | grep -qx "DISCXFER_SOURCE=$want" ||
				bad="$bad $node:source=$(echo "$props" | sed -n 's/^DISCXFER_SOURCE=//p')/$(discxfer get --json "$node" | sed 's/.*"source":"\([a-z-]*\)".*/\1/')"
		done
	done
	UDEV_BAD=$bad
	[ -z "$bad" ]
}

# Lines of the monitor's log about one drive, as "event:source" words.
mon_events() {
	grep "\"scsi_address\":\"$1\"" /tmp/discxfer-monitor.log |
		sed -e 's/.*"event":"\([a-z]*\)".*/\1/' | tr '\n' ' '
}

udev_checks() {
	local s h mon_pid ev first last
	if [ "$have_tool" != 1 ] || [ "$have_mod" != 1 ]; then
		skip udev "needs build/discxfer and discxfer.ko"
		return
	fi
	# The rules name the installed command; in the guest it is on PATH.
	sed -i "s|[^\" ]*/discxfer |$(command -v discxfer) |" /lib/udev/rules.d/61-discxfer.rules
	# Start as after boot, with the module blacklisted (the documented
	# opt-out): udev's coldplug must not load it, and the queue limits
	# answer.
	grep -q '^discxfer ' /proc/modules && rmmod discxfer
	mkdir -p /etc/modprobe.d
	echo "blacklist discxfer" >/etc/modprobe.d/discxfer-blacklist.conf
	discxfer list --json >/tmp/list-sysfs.json
	if ! start_udev; then
		fail udev.start "systemd-udevd did not start or settle"
		return
	fi
	check udev.autoload.blacklisted-stays-unloaded \
		"udev loaded discxfer although it is blacklisted" \
		sh -c "! grep -q '^discxfer ' /proc/modules"
	# With udev running the list is the same: the library lists what the
	# kernel has, whatever udev's database says.
	discxfer list --json >/tmp/list-udev.json
	check udev.list-unchanged-by-udev "list differs with udev running" \
		cmp -s /tmp/list-sysfs.json /tmp/list-udev.json
	check udev.tag-database "no /run/udev/tags/discxfer" [ -d /run/udev/tags/discxfer ]
	udev_props_ok queue-limits
	check udev.properties.no-module "wrong or missing:$UDEV_BAD" [ -z "$UDEV_BAD" ]
	# No permissions are granted: the sr nodes keep Debian's cdrom group.
	s=$(sr_nodes | head -n 1)
	check udev.no-permission-change "/dev/$s is $(stat -c '%u:%g %a' "/dev/$s"), not root:cdrom 660" \
		[ "$(stat -c '%u:%g %a' "/dev/$s")" = "0:$(grep '^cdrom:' /etc/group | cut -d: -f3) 660" ]

	# Without the blacklist, an optical drive appearing (udev's "add" of
	# every present SCSI device, as at boot) loads the module by itself
	# (the rule's kmod builtin): nothing here loads it.
	rm -f /etc/modprobe.d/discxfer-blacklist.conf
	udevadm trigger --action=add --subsystem-match=scsi
	udevadm settle --timeout=60
	check udev.autoload.loaded "discxfer.ko not loaded 10 s after the drives' add events" \
		wait_for 10 grep -q '^discxfer ' /proc/modules
	check udev.autoload.status "discxfer status says: $(discxfer status | head -n 1)" \
		sh -c "discxfer status | grep -q '^module discxfer: loaded'"
	check udev.autoload.properties "wrong or missing:$UDEV_BAD" \
		wait_for 30 udev_props_ok module
	rmmod discxfer
	udevadm settle --timeout=60
	check udev.autoload.unloaded-again "wrong or missing:$UDEV_BAD" \
		wait_for 30 udev_props_ok queue-limits

	discxfer monitor --json >/tmp/discxfer-monitor.log 2>/tmp/discxfer-monitor.err &
	mon_pid=$!
	sleep 1

	# Loading the module: the source turns to module on every node, and
	# every drive gets a "changed" event.
	modprobe discxfer
	udevadm settle --timeout=60
	check udev.properties.after-load "wrong or missing:$UDEV_BAD" \
		wait_for 30 udev_props_ok module
	# Unloading and loading it again.
	rmmod discxfer
	udevadm settle --timeout=60
	check udev.properties.after-unload "wrong or missing:$UDEV_BAD" \
		wait_for 30 udev_props_ok queue-limits
	modprobe discxfer
	udevadm settle --timeout=60
	check udev.properties.after-reload "wrong or missing:$UDEV_BAD" \
		wait_for 30 udev_props_ok module
	# The README's lines that apply the rules to the drives present.
	udevadm control --reload
	udevadm trigger --subsystem-match=block --subsystem-match=scsi_generic
	udevadm settle --timeout=60
	check udev.properties.readme-trigger "wrong or missing:$UDEV_BAD" \
		wait_for 30 udev_props_ok module
	# For the README: what udevadm shows of one drive.
	s=$(sr_nodes | head -n 1)
	{ echo "\$ udevadm info /dev/$s"; udevadm info "/dev/$s"; } | sed 's/^/UDEV-EXAMPLE /' >&3

	# Hot-remove and rescan of one drive.
	s=$(sr_nodes | head -n 1)
	h=$(hctl_of "$s")
	echo 1 >"/sys/block/$s/device/delete"
	udevadm settle --timeout=60
	scan_lun "$h"
	udevadm settle --timeout=60
	wait_for 30 grep -q "\"event\":\"added\",\"scsi_address\":\"$h\"" /tmp/discxfer-monitor.log
	sleep 1
	kill "$mon_pid"
	wait "$mon_pid"
	check udev.monitor.exit "discxfer monitor did not exit 0 on SIGTERM" [ $? -eq 0 ]

	ev=$(mon_events "$h")
	echo "udev: monitor events for $h: $ev" >/dev/kmsg
	# Expected order: changed (load), changed (unload), changed (reload),
	# then removed and added.
	check udev.monitor.order "events for $h were: $ev" \
		sh -c "echo '$ev' | grep -q '^changed .*changed .*changed .*removed added'"
	first=$(grep -c '"event":"changed"' /tmp/discxfer-monitor.log)
	check udev.monitor.changed-all "only $first changed events for $(count_sr) drives x 3" \
		[ "$first" -ge $(($(count_sr) * 3)) ]
	# The last event of the drive carries what `discxfer get` says now
	# (the "added" one may come before the module's class device exists;
	# a "changed" one follows when it appears).
	last=$(grep "\"scsi_address\":\"$h\"" /tmp/discxfer-monitor.log | tail -n 1)
	echo "udev: last monitor event for $h: $last" >/dev/kmsg
	check udev.monitor.values "last event's values differ from discxfer get: $last" \
		sh -c "echo '$last' | grep -q '\"source\":\"module\",\"max_page_aligned_transfer_bytes\":$(discxfer get --value page-aligned "/sys/class/scsi_device/$h/device"),\"max_non_page_aligned_transfer_bytes\":$(discxfer get --value non-page-aligned "/sys/class/scsi_device/$h/device")[,}]'"
	check udev.properties.after-rescan "wrong or missing:$UDEV_BAD" \
		wait_for 30 udev_props_ok module
	stop_udev
}

udev_checks
