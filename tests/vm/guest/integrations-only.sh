# SPDX-License-Identifier: LGPL-2.1-or-later
#
# rig.mode=integrations (tests/vm/run.sh SERIES --integrations, make
# vm-integrations-SERIES): the burners' patches, stock against patched
# (guest/integrations.sh), without the rig's other checks: the drivers of
# the qemu drives, scsi_debug and discxfer.ko as tests.sh loads them.
. /rig/lib.sh
. /rig/lifecycle.sh	# kernel_clean

timemark drivers
load_drives || fail drives.present "fewer than 6 sr drives: $(sr_nodes | tr '\n' ' ')"
[ -f /rig/discxfer.ko ] && { modprobe discxfer || fail module.load "modprobe discxfer failed"; }
timemark integrations
. /rig/integrations.sh
timemark kernel-clean
kernel_clean
