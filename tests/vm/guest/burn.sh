# SPDX-License-Identifier: LGPL-2.1-or-later
#
# rig.mode=burn (tests/vm/run.sh SERIES --burn, make vm-burn-SERIES): the
# burns of tests/hostadapter/burn-guest.sh alone, without the rig's other
# checks, for working on dxhost's MMC answers (busybox sh, fd 3 = results).
# The vm-test legs run the same burns after the limits grid.
. /rig/lib.sh
. /rig/lifecycle.sh	# kernel_clean

timemark drivers
for m in sr_mod sg; do
	modprobe "$m" || fail "driver.$m" "modprobe $m failed"
done
timemark burns
if [ -f /rig/burn-guest.sh ]; then
	. /rig/burn-guest.sh
else
	skip "burn-$SERIES" "no tests/hostadapter/burn-guest.sh in the guest"
fi
timemark kernel-clean
kernel_clean
