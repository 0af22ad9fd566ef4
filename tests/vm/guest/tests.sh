# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The rig's test run in the guest (busybox sh, fd 3 = results channel).
. /rig/lib.sh
. /rig/drives.sh
. /rig/module.sh
. /rig/lifecycle.sh
. /rig/examples.sh
. /rig/udev.sh
. /rig/recipes.sh
. /rig/kattr.sh

have_mod=0
[ -f /rig/discxfer.ko ] && have_mod=1
have_tool=0
[ -x /rig/bin/discxfer ] && have_tool=1
have_example=0
[ -x /rig/bin/read-max ] && have_example=1

# The module first, before any drive exists.
if [ $have_mod = 1 ]; then
	check module.load-before-drives "modprobe discxfer failed" modprobe discxfer
	check module.class-registered "no /sys/class/discxfer" [ -d /sys/class/discxfer ]
else
	skip module.load-before-drives "discxfer.ko not built (no module source yet)"
fi

timemark drivers
# Drivers of the emulated drives, then scsi_debug (two drives).
load_drives
for d in ahci usb-storage uas virtio_scsi scsi_debug; do
	found=0
	for s in $(sr_nodes); do
		[ "$(driver_of "$s")" = "$d" ] && found=1
	done
	check "drive-present.$d" "no sr device on $d" [ $found = 1 ]
done

timemark drives
# Debian's kernels do not carry upstream/linux/: no passthrough_max_bytes.
kattr_absent
for sr in $(sr_nodes); do
	check_drive "$sr"
	[ $have_mod = 1 ] && check_module_drive
	[ $have_tool = 1 ] && check_tool_drive module
	[ $have_example = 1 ] && check_example_drive
done
[ $have_tool = 1 ] || skip discxfer-get "build/discxfer not built"
[ $have_example = 1 ] || skip read-max "build/examples/read-max not built"

if [ $have_mod = 1 ]; then
	timemark lifecycle
	lifecycle
	measure_slab
	# Without the module the library falls back to the queue limits:
	# the same answers.
	if [ $have_tool = 1 ] && rmmod discxfer; then
		for sr in $(sr_nodes); do
			check_drive_quiet=1
			D_SR=$sr D_HCTL=$(hctl_of "$sr") D_DRV=$(driver_of "$sr") D_SG=$(sg_of "$sr")
			q=/sys/block/$sr/queue
			formula $(($(cat $q/max_hw_sectors_kb) * 1024)) "$(cat $q/max_segments)" \
				"$(cat $q/max_segment_size)" "" "$(cat $q/virt_boundary_mask)" \
				"$(cat $q/dma_alignment)" "$P"
			D_PA=$F_PA D_NPA=$F_NPA
			check_tool_drive queue-limits
		done
	fi
else
	skip lifecycle "discxfer.ko not built (no module source yet)"
fi
timemark udev
check_udev

# Checks of other parts of the project (*/vm-guest.sh in the tree).
for h in /rig/hooks/*.sh; do
	[ -f "$h" ] || continue
	note "hook $h"
	timemark "hook-${h##*/}"
	. "$h"
done
# The recipes for the tools people use, after the udev hook fixed the
# rules' path to the command.
timemark recipes
if [ $have_tool = 1 ] && [ $have_mod = 1 ]; then
	recipes
else
	skip recipes "needs build/discxfer and discxfer.ko"
fi
# The burners' patches, stock against patched, on every drive and on
# dxhost (guest/integrations.sh, "integrations-SERIES: N passed, N failed").
timemark integrations
. /rig/integrations.sh
timemark kernel-clean
kernel_clean
