# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Guest checks of the library's last source (sg ioctls), sourced by the
# kernel rig (tests/vm): with neither discxfer.ko nor sr bound, /dev/sgN
# still answers, from SG_GET_SG_TABLESIZE and the soft limit, never more
# than the module's answer, and a worst-case READ of that size succeeds.

sg_source_checks() {
	local s g pairs= pa npa want_pa want_npa src n=0
	if [ "$have_tool" != 1 ] || [ "$have_mod" != 1 ]; then
		skip lib.sg-ioctl "needs build/discxfer and discxfer.ko"
		return
	fi
	grep -q '^discxfer ' /proc/modules || modprobe discxfer
	# The module's answers, per generic node.
	for s in $(sr_nodes); do
		g=$(sg_of "$s")
		[ -n "$g" ] || continue
		pairs="$pairs $g:$(discxfer get --value page-aligned "/dev/$g"):$(discxfer get --value non-page-aligned "/dev/$g")"
	done
	rmmod discxfer && rmmod sr_mod
	check lib.sg-ioctl.no-block "sr nodes still there after rmmod sr_mod" \
		[ "$(count_sr)" -eq 0 ]
	for p in $pairs; do
		g=${p%%:*}
		want_pa=$(echo "$p" | cut -d: -f2)
		want_npa=$(echo "$p" | cut -d: -f3)
		src=$(discxfer get --json "/dev/$g" | sed 's/.*"source":"\([a-z-]*\)".*/\1/')
		pa=$(discxfer get --value page-aligned "/dev/$g")
		npa=$(discxfer get --value non-page-aligned "/dev/$g")
		check "lib.sg-ioctl.source.$g" "source is '$src'" [ "$src" = sg-ioctl ]
		check "lib.sg-ioctl.not-above-module.$g" \
			"sg-ioctl says $pa/$npa, the module said $want_pa/$want_npa" \
			[ "$pa" -gt 0 ] && [ "$pa" -le "$want_pa" ] && [ "$npa" -le "$want_npa" ]
		# READs are whole 2048-byte blocks.
		probe_ok "lib.sg-ioctl.read.$g" "/dev/$g" $((pa / 2048 * 2048)) 0
		n=$((n + 1))
	done
	check lib.sg-ioctl.drives "no generic node was checked" [ "$n" -gt 0 ]
	modprobe sr_mod
	check lib.sg-ioctl.restore "sr nodes did not come back" wait_for 60 sr_at_least 6
	modprobe discxfer
}

sg_source_checks
