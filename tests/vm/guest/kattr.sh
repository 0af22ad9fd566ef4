# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The queue attributes of upstream/linux/ (passthrough_max_bytes and
# passthrough_max_unaligned_bytes in /sys/block/srN/queue/), sourced by
# debug.sh (the debug kernel carries the series) and tests.sh (Debian's
# kernels do not).  Uses lib.sh's helpers; the module must be loaded.
#
# kattr_run: on the debug kernel, for every drive of the rig and then every
# line of the limits grid (dxhost.ko loaded with that line's limits):
#   - both attributes equal discxfer.ko's answers, and the formula of
#     discxfer.ko's inputs (lib.sh's formula, what the library's fallback
#     and lib/formula.c compute; the sg cap of 256 MiB never binds here:
#     max_segments is 16 bits, so S x 4 KiB is below it);
#   - `discxfer get --json` on srN and sgN says source "kernel" and the
#     same values (sg's 256 MiB cap applied by the library, not binding);
#   - the library's own fallback, `discxfer get --source queue-limits` on
#     srN (the queue limits in sysfs and lib/formula.c, the kernel's
#     attributes not read), gives the same values;
#   - READ and WRITE of the attribute's size succeed, from a page-aligned
#     worst-case buffer and (non-page-aligned attribute) at the last
#     DMA-aligned offset of a page; one block over the binding limit fails:
#     EIO over max_hw_sectors, EINVAL over the segments.
# Prints "kernel-attr-SERIES: N passed, N failed".
# kattr_absent: on a kernel without the series, the attributes are absent.

KATTR_OUT=/tmp/kattr.out

# kattr_one NAME SR SG WRITABLE [H:C:T:L]: every check of one drive.
kattr_one() {
	local n=$1 sr=$2 sg=$3 w=$4 q=/sys/block/$2/queue d h=${5:-} pa npa mpa mnpa
	local H S Z B V A L bpa bnpa o node j msk
	if [ ! -e "$q/passthrough_max_bytes" ] || [ ! -e "$q/passthrough_max_unaligned_bytes" ]; then
		fail "$n.present" "no $q/passthrough_max_bytes or passthrough_max_unaligned_bytes"
		return
	fi
	pass "$n.present"
	readvar pa "$q/passthrough_max_bytes"
	readvar npa "$q/passthrough_max_unaligned_bytes"
	[ -n "$h" ] || h=$(hctl_of "$sr")
	d=/sys/class/discxfer/$h
	if ! wait_for 10 [ -e "$d/max_page_aligned_transfer_bytes" ]; then
		fail "$n.module-class-device" "no $d"
		return
	fi
	readvar mpa "$d/max_page_aligned_transfer_bytes"
	readvar mnpa "$d/max_non_page_aligned_transfer_bytes"
	check "$n.equals-module" "kernel $pa/$npa, discxfer.ko $mpa/$mnpa" \
		[ "$pa|$npa" = "$mpa|$mnpa" ]
	readvar H "$d/max_hw_transfer_bytes"
	readvar S "$d/max_segments"
	readvar Z "$d/max_segment_size"
	readvar msk "$d/seg_boundary_mask"
	B=$((msk))
	readvar msk "$d/virt_boundary_mask"
	V=$((msk))
	readvar msk "$d/alignment_mask"
	A=$((msk))
	readvar L "$d/logical_block_size"
	if formula "$H" "$S" "$Z" "$B" "$V" "$A" "$P"; then
		check "$n.equals-formula" "kernel $pa/$npa, formula of discxfer.ko's inputs $F_PA/$F_NPA (H=$H S=$S Z=$Z B=$B V=$V A=$A)" \
			[ "$pa|$npa" = "$F_PA|$F_NPA" ]
	else
		fail "$n.equals-formula" "invalid limits H=$H S=$S Z=$Z"
	fi
	readvar msk "$q/max_sectors_kb"
	echo "MEASURE $SERIES kernel-attr $n passthrough_max_bytes=$pa passthrough_max_unaligned_bytes=$npa max_sectors_kb=$msk" >&3
	if [ "$KATTR_TOOL" = 1 ]; then
		for node in "$sr" $sg; do
			j=$(discxfer get --json "/dev/$node" 2>&1)
			check "$n.discxfer-get.$node" "want kernel $pa/$npa: $j" \
				json_limits_are "$j" kernel "$pa" "$npa"
		done
		j=$(discxfer get --json --source queue-limits "/dev/$sr" 2>&1)
		check "$n.library-queue-limits.$sr" "want queue-limits $pa/$npa: $j" \
			json_limits_are "$j" queue-limits "$pa" "$npa"
	fi
	# SG_IO at the attribute's size (whole blocks), READ and WRITE.
	bpa=$((pa / L * L)) bnpa=$((npa / L * L))
	o=0
	[ $((A + 1)) -lt "$P" ] && o=$((P - A - 1))
	for dir in read write; do
		kattr_ok "$n.$dir.page-aligned.$sr" "/dev/$sr" "$bpa" 0 "$dir" "$w"
		[ -n "$sg" ] && kattr_ok "$n.$dir.page-aligned.$sg" "/dev/$sg" "$bpa" 0 "$dir" "$w"
		[ "$o" -gt 0 ] && [ "$bnpa" -gt 0 ] &&
			kattr_ok "$n.$dir.unaligned-at-$o.$sr" "/dev/$sr" "$bnpa" "$o" "$dir" "$w"
		local args=
		[ "$dir" = write ] && args=--write
		if [ "$H" -le "$pa" ]; then
			probe_err "$n.$dir.max-hw-plus-one-block.$sr" "/dev/$sr" $((H + L)) 0 EIO $args
		elif [ "$A" -lt "$L" ] && [ "$pa" -lt "$SGCAP" ]; then
			probe_err "$n.$dir.segments-plus-one-block.$sr" "/dev/$sr" $((bpa + L)) 0 EINVAL $args
		else
			echo "INFO $n.$dir.tight: A=$A: a length over the answer is not pinned whole (it is copied); the segment limit is proven on the shapes with A < $L" >&3
		fi
	done
}

# kattr_ok NAME NODE LEN OFF read|write WRITABLE
kattr_ok() {
	if [ "$5" = write ]; then
		probe_write_ok "$1" "$2" "$3" "$4" "$6"
	else
		probe_ok "$1" "$2" "$3" "$4"
	fi
}

# The grid loads each shape under the name the last one did not use
# (dxhost.ko, dxhost2.ko: tests/hostadapter/dxhost2.c) and removes the last
# one in the background: the debug kernel's rmmod waits 1 to 4 s for the
# module's kobject (CONFIG_DEBUG_KOBJECT_RELEASE), beside the next checks.
kattr_grid() {
	local line name host sr sg mod=dxhost2 gone_dxhost= gone_dxhost2= pid
	if [ ! -f /rig/dxhost.ko ] || [ ! -f /rig/dxhost-grid.tsv ]; then
		suite_fail "kernel-attr.grid" "dxhost.ko or its grid table not in the guest"
		return
	fi
	while read -r line; do
		case "$line" in ""|"#"*) continue ;; esac
		# shellcheck disable=SC2086 # the columns
		set -- $line
		name=$1
		shift
		if [ "$mod" = dxhost ]; then mod=dxhost2; else mod=dxhost; fi
		# this name's last removal (two shapes back) must be over
		eval "pid=\$gone_$mod"
		[ -z "$pid" ] || wait "$pid"
		eval "gone_$mod="
		if [ -d "/sys/module/$mod" ]; then
			suite_fail "kernel-attr.grid.$name.unload" "$mod still loaded after rmmod"
			continue
		fi
		# shellcheck disable=SC2046
		if ! modprobe "$mod" $(grid_params "$@") 2>/dev/null; then
			# A shape 7.x refuses (grid.tsv marks it "-"): no queue.
			[ "$7" = - ] || suite_fail "kernel-attr.grid.$name.load" "modprobe $mod $(grid_params "$@") failed"
			continue
		fi
		host= sr= sg=
		wait_for 30 kattr_dxhost_ready "$mod"
		if [ -z "$sr" ] || [ -z "$sg" ]; then
			suite_fail "kernel-attr.grid.$name.nodes" "no sr and sg of $mod"
		else
			kattr_one "kernel-attr.grid.$name" "$sr" "$sg" 1 "$host:0:0:0" 3>"$KATTR_OUT"
			suite_tally "$KATTR_OUT"
		fi
		rmmod "$mod" 2>/dev/null &
		eval "gone_$mod=\$!"
	done </rig/dxhost-grid.tsv
	for pid in "$gone_dxhost" "$gone_dxhost2"; do
		[ -z "$pid" ] || wait "$pid"
	done
}

# kattr_dxhost_ready MODULE: its host has both nodes and discxfer.ko's
# device (sets host, sr and sg).
kattr_dxhost_ready() {
	[ -n "$host" ] || host=$(dxhost_host "$1") || return 1
	first_entry sr "/sys/bus/scsi/devices/$host:0:0:0/block"
	first_entry sg "/sys/bus/scsi/devices/$host:0:0:0/scsi_generic"
	[ -n "$sr" ] && [ -n "$sg" ] && [ -e "/dev/$sr" ] && [ -e "/dev/$sg" ] &&
		[ -e "/sys/class/discxfer/$host:0:0:0" ]
}

kattr_run() {
	local t0 sr w
	t0=$(cut -d' ' -f1 /proc/uptime)
	suite_begin
	KATTR_TOOL=0
	command -v discxfer >/dev/null && KATTR_TOOL=1
	[ "$KATTR_TOOL" = 1 ] || echo "SKIP kernel-attr.discxfer-get: build/discxfer not in the guest" >&3
	for sr in $(sr_nodes); do
		w=0
		[ "$(driver_of "$sr")" = scsi_debug ] && w=1
		kattr_one "kernel-attr.$(driver_of "$sr").$sr" "$sr" "$(sg_of "$sr")" "$w" 3>"$KATTR_OUT"
		suite_tally "$KATTR_OUT"
	done
	kattr_grid
	echo "MEASURE $SERIES kernel-attr guest-seconds=$(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%d", b - a }')" >&3
	suite_end "kernel-attr-$SERIES"
}

# kattr_absent: a kernel without the series has neither attribute.
kattr_absent() {
	local sr q
	for sr in $(sr_nodes); do
		q=/sys/block/$sr/queue
		check "kernel-attr-absent.$sr" "$q/passthrough_max_bytes exists on a kernel without upstream/linux/" \
			eval '[ ! -e "$q/passthrough_max_bytes" ] && [ ! -e "$q/passthrough_max_unaligned_bytes" ]'
	done
}
