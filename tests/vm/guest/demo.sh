# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The demo: every emulated drive, the module loaded, `discxfer list`.
. /rig/lib.sh
for m in ahci xhci_pci uas usb_storage virtio_pci virtio_scsi sr_mod sg; do
	modprobe "$m"
done
modprobe scsi_debug ptype=5 sector_size=2048 dev_size_mb=16 num_tgts=2 max_luns=1
[ -f /rig/discxfer.ko ] && modprobe discxfer
wait_for 60 sr_at_least 6
echo DEMO-BEGIN >&3
echo "# $(uname -sr), qemu emulated drives + scsi_debug" >&3
if [ -x /rig/bin/discxfer ]; then
	echo "# discxfer list" >&3
	discxfer list >&3 2>&1
else
	echo "(build/discxfer is not built; queue limits of the drives:)" >&3
	for s in $(sr_nodes); do
		echo "$s $(driver_of "$s") max_hw_sectors_kb=$(cat /sys/block/$s/queue/max_hw_sectors_kb)" \
			"max_segments=$(cat /sys/block/$s/queue/max_segments)" >&3
	done
fi
legend=
for s in $(sr_nodes); do
	legend="$legend $s=$(driver_of "$s")"
done
echo "# drivers:$legend" >&3
echo DEMO-END >&3
