# SPDX-License-Identifier: LGPL-2.1-or-later
#
# rig.mode=kattr (tests/vm/run.sh newest --kattr, make vm-kattr): on the
# debug kernel, which carries upstream/linux/, only the checks of its queue
# attributes (kattr.sh), with the drives and discxfer.ko as debug.sh loads
# them; then the kernel log's reports, as debug.sh judges them.
. /rig/lib.sh
. /rig/kattr.sh

timemark drivers
load_drives || fail drives.present "fewer than 6 sr drives: $(sr_nodes | tr '\n' ' ')"
check kattr.load "modprobe discxfer failed" modprobe discxfer
timemark kernel-attr
kattr_run
timemark reports
dmesg | grep -v 'rig: ' | grep -E 'BUG:|WARNING:|KASAN|Oops|general protection|ODEBUG|refcount_t:|DEBUG_LOCKS_WARN_ON|suspicious RCU|possible circular|inconsistent lock' >/tmp/reports.txt
check kattr.dmesg-no-reports "$(wc -l </tmp/reports.txt) report lines, first: $(head -n 1 /tmp/reports.txt)" \
	[ ! -s /tmp/reports.txt ]
