# SPDX-License-Identifier: LGPL-2.1-or-later
#
# udevadm-each.sh (make vm-bench): `udevadm info` on each sr node, one
# udevadm process per node, in turn: what a script that asks udev about
# every optical drive does.  bench.sh times it as one unit (sh
# /rig/udevadm-each.sh, in rig-bench spawns) against one `discxfer list`.
# Exits 1 at the first udevadm that fails.
for n in /dev/sr*; do
	[ -b "$n" ] || continue
	udevadm info "$n" >/dev/null || exit 1
done
