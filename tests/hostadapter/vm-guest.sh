# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The limits grid (sourced by the rig's guest, tests/vm/guest/tests.sh,
# after its own checks, with lib.sh's helpers).  For every line of
# /rig/dxhost-grid.tsv (tests/hostadapter/grid.tsv): load dxhost.ko with
# those limits, then prove
#   (a) discxfer.ko's attributes, the library's queue-limits answer and
#       `discxfer get --json` equal the formula of the queue's limits, and
#       the type-0 LUN is neither given a class device nor answered;
#   (b) SAFE: worst-case READ and WRITE (--write --verify) of exactly the
#       page-aligned size from a page-aligned buffer and of the
#       non-page-aligned size at +512, +A+1 and the last DMA-aligned offset
#       of a page succeed on srN (and at 0 and +512 on sgN); an answer
#       below one block (a single-segment host's A + 1 bytes) with dxhost's
#       READ BUFFER and WRITE BUFFER (sgio-probe --buffer), of any length;
#   (c) TIGHT: one logical block more fails with the errno of the limit
#       that binds (below one block: A + 1 bytes more, into the next page),
#       or an INFO line says why the answer is knowingly below what the
#       kernel accepts for that shape;
#   (d) the table's hand-worked columns hold on this kernel: discxfer.ko's
#       limits equal columns 8-15 (the queue limits the kernel derives)
#       and its answers columns 16-17, which the unit tests of both
#       formulas take as expected values; a line the table marks refused
#       ("-") is one this kernel refuses, or raises (6.1).
# A shape the kernel refuses is a PASS of an "expected refusal" check that
# names the kernel's rule.  Prints "grid-SERIES: N passed, N failed".

GRID_TSV=/rig/dxhost-grid.tsv
GRID_OUT=/tmp/grid-config.out
L=2048

# grid_info NAME TEXT: an INFO line (not counted).
grid_info() { echo "INFO $1: $2" >&3; }

# The LUNs and nodes of the loaded dxhost (its host: lib.sh's dxhost_host).
dxhost_ready() {
	G_HOST=$(dxhost_host) || return 1
	first_entry G_SR "/sys/bus/scsi/devices/$G_HOST:0:0:0/block"
	first_entry G_SG "/sys/bus/scsi/devices/$G_HOST:0:0:0/scsi_generic"
	first_entry G_DISK_SG "/sys/bus/scsi/devices/$G_HOST:0:0:1/scsi_generic"
	[ -n "$G_SR" ] && [ -n "$G_SG" ] && [ -n "$G_DISK_SG" ] &&
		[ -e "/dev/$G_SR" ] && [ -e "/dev/$G_SG" ] && [ -e "/dev/$G_DISK_SG" ]
}
# a loaded module has initstate ("live"); a built-in one or none has not
have_discxfer() { [ -e /sys/module/discxfer/initstate ]; }
has_classdev() { [ -e "/sys/class/discxfer/$1" ]; }

# grid_params: the parameters of a grid line as module options (lib.sh).

# Does a kernel that validates limits (6.9+) refuse this shape?
grid_refusable() {
	[ "$2" -lt 8 ] && return 0
	[ "$(($4))" -ne 0 ] && [ "$(($4))" -lt 4095 ] && return 0
	[ "$(($5))" -eq 0 ] && [ "$(($3))" -ne 0 ] && [ "$(($3))" -lt 4096 ] && return 0
	[ "$(($6))" -gt 4096 ] && return 0
	return 1
}

# grid_tool NAME SOURCE: `discxfer get --json` on both nodes says the formula.
grid_tool() {
	local n=$1 src=$2 node j
	for node in "$G_SR" "$G_SG"; do
		j=$(discxfer get --json "/dev/$node" 2>&1)
		check "$n.discxfer-get-$src.$node" \
			"want source $src, formula $E_PA/$E_NPA: $j" \
			json_limits_are "$j" "$src" "$E_PA" "$E_NPA"
	done
}

# grid_table NAME H S Z B V A L P PA NPA: (d) of the header, from the
# module's attributes.  The columns are what 7.x derives (and 6.1); 6.12's
# scsi_host_alloc() keeps max_segment_size at its 64 KiB default under a
# virt boundary, where 7.x ("scsi: core: Enforce unlimited
# max_segment_size when virt_boundary_mask is set") and 6.1
# (blk_queue_virt_boundary()) set UINT_MAX (see grid.tsv's header).
grid_table() {
	local n=$1 tz=$T_Z
	shift
	[ "$SERIES" = 6.12 ] && [ "$((T_V))" -ne 0 ] && tz=65536
	check "$n.module-limits-equal-table" \
		"module H=$1 S=$2 Z=$3 B=$4 V=$5 A=$6 L=$7 P=$8, grid.tsv H=$T_H S=$T_S Z=$tz B=$T_B V=$T_V A=$T_A L=$T_L P=$T_P" \
		[ "$1|$2|$3|$(($4))|$(($5))|$(($6))|$7|$8" = \
		  "$T_H|$T_S|$tz|$((T_B))|$((T_V))|$((T_A))|$T_L|$T_P" ]
	check "$n.module-answers-equal-table" \
		"module $9/${10}, grid.tsv (worked by hand) $T_PA/$T_NPA" \
		[ "$9|${10}" = "$T_PA|$T_NPA" ]
}

# grid_agree NAME: (a) of the header.
grid_agree() {
	local n=$1 d=/sys/class/discxfer/$G_HOST:0:0:0 hw s z a b v l p pa npa out rc
	if have_discxfer; then
		if wait_for 10 has_classdev "$G_HOST:0:0:0"; then
			readvar hw "$d/max_hw_transfer_bytes"
			readvar s "$d/max_segments"
			readvar z "$d/max_segment_size"
			readvar a "$d/alignment_mask"
			readvar b "$d/seg_boundary_mask"
			readvar v "$d/virt_boundary_mask"
			readvar l "$d/logical_block_size"
			readvar p "$d/page_size"
			readvar pa "$d/max_page_aligned_transfer_bytes"
			readvar npa "$d/max_non_page_aligned_transfer_bytes"
			formula "$hw" "$s" "$z" "$((b))" "$((v))" "$((a))" "$p"
			check "$n.module-equals-formula" \
				"module $pa/$npa, formula of its inputs $F_PA/$F_NPA (H=$hw S=$s Z=$z B=$b V=$v A=$a)" \
				[ "$pa|$npa" = "$F_PA|$F_NPA" ]
			check "$n.module-equals-queue-limits" \
				"module $pa/$npa, formula of the queue limits $E_PA/$E_NPA" \
				[ "$pa|$npa" = "$E_PA|$E_NPA" ]
			[ "$T_H" != - ] && grid_table "$n" "$hw" "$s" "$z" "$b" "$v" "$a" "$l" "$p" "$pa" "$npa"
		else
			fail "$n.module-class-device" "no $d"
		fi
		check "$n.disk-lun-no-class-device" "/sys/class/discxfer/$G_HOST:0:0:1 exists" \
			[ ! -e "/sys/class/discxfer/$G_HOST:0:0:1" ]
		grid_tool "$n" module
	fi
	out=$(discxfer get "/dev/$G_DISK_SG" 2>&1)
	rc=$?
	check "$n.disk-lun-refused-by-discxfer-get" "discxfer get /dev/$G_DISK_SG answered: $(echo $out)" \
		[ $rc -eq 1 ]
	out=$(discxfer list -n -r -o HCTL 2>&1)
	check "$n.disk-lun-not-listed" "discxfer list -o HCTL: $(echo $out) (want $G_HOST:0:0:0, not $G_HOST:0:0:1)" \
		eval 'echo "$out" | grep -qx "$G_HOST:0:0:0" && ! echo "$out" | grep -qx "$G_HOST:0:0:1"'
	# The library without the module: the queue limits in sysfs.
	if have_discxfer && rmmod discxfer; then
		grid_tool "$n" queue-limits
		modprobe discxfer || fail "$n.module-reload" "modprobe discxfer failed"
	elif ! have_discxfer; then
		grid_tool "$n" queue-limits
	else
		fail "$n.rmmod-discxfer" "rmmod discxfer failed"
	fi
}

# grid_rw NAME DIR: (b) and (c) in one direction.
grid_rw() {
	local n=$1.$2 args= o sz
	[ "$2" = write ] && args="--write --verify"
	# SAFE
	probe_ok "$n.safe.page-aligned.$G_SR" "/dev/$G_SR" "$G_PA" 0 $args
	probe_ok "$n.safe.page-aligned.$G_SG" "/dev/$G_SG" "$G_PA" 0 $args
	if [ "$G_NPA" -gt 0 ]; then
		for o in $G_OFFSETS; do
			probe_ok "$n.safe.non-page-aligned-at-$o.$G_SR" "/dev/$G_SR" "$G_NPA" "$o" $args
		done
		probe_ok "$n.safe.non-page-aligned-at-512.$G_SG" "/dev/$G_SG" "$G_NPA" 512 $args
	else
		# Below one block (a single-segment host's A + 1 bytes): no READ
		# or WRITE is that small, READ/WRITE BUFFER of dxhost are.
		for o in $G_OFFSETS; do
			probe_ok "$n.safe.non-page-aligned-buffer-at-$o.$G_SR" "/dev/$G_SR" "$E_NPA" "$o" --buffer $args
		done
		probe_ok "$n.safe.non-page-aligned-buffer-at-512.$G_SG" "/dev/$G_SG" "$E_NPA" 512 --buffer $args
	fi
	# TIGHT, page-aligned
	if [ "$G_H" -le $((G_SP * P)) ]; then
		probe_err "$n.tight.hard-limit-plus-one-block.$G_SR" "/dev/$G_SR" $((G_H + L)) 0 EIO $args
		probe_err "$n.tight.hard-limit-plus-one-block.$G_SG" "/dev/$G_SG" $((G_H + L)) 0 EINVAL $args
	else
		# A length the alignment mask does not divide is copied into fresh
		# pages, which may merge: the smallest larger length it divides.
		if [ "$G_A" -ge "$L" ]; then
			sz=$(((G_PA + G_A + 1 + L - 1) / L * L))
			grid_info "$n.tight.segments.$G_SR" "A=$G_A: $((G_PA + L)) bytes would be copied (length not aligned), so $sz is the smallest pinned length above the answer"
		else
			sz=$((G_PA + L))
		fi
		probe_err "$n.tight.segments-plus-one-step.$G_SR" "/dev/$G_SR" "$sz" 0 EINVAL $args
		grid_info "$n.tight.segments.$G_SG" "sg copies into chunks of its own (scatter_elem_sz, up to 32 KiB each), so $((G_PA + L)) bytes may fit; only S x P = $((G_SP * P)) is guaranteed when chunks fall to single pages"
	fi
	# TIGHT, non-page-aligned, from the worst offset
	sz=$((G_NPA + L))
	if [ "$G_NPA" -ge "$G_H" ] || [ $((E_NPA / L * L)) -ge "$G_H" ]; then
		: # the hard limit, proven above
	elif [ "$G_A" -ge $((P - 1)) ] && [ "$E_NPA" -ge "$E_PA" ]; then
		grid_info "$n.tight.non-page-aligned" "A=$G_A: every buffer that does not start on a page boundary is copied into fresh pages; the answer $E_NPA is the page-aligned one, proven above"
	elif [ "$G_A" -ge $((P - 1)) ]; then
		grid_info "$n.tight.non-page-aligned" "A=$G_A: every buffer that does not start on a page boundary is copied into fresh pages, so its worst case is the page-aligned one; the answer $E_NPA is knowingly $((E_PA - E_NPA)) bytes below"
	elif [ "$G_LAST" -gt 0 ]; then
		probe_err "$n.tight.non-page-aligned-plus-one-block-at-$G_LAST.$G_SR" "/dev/$G_SR" "$sz" "$G_LAST" EINVAL $args
		# Below one block, the next length the alignment keeps pinned:
		# A + 1 bytes more, into the next page.
		[ "$G_NPA" -ne 0 ] ||
			probe_err "$n.tight.non-page-aligned-buffer-plus-$((G_A + 1))-at-$G_LAST.$G_SR" "/dev/$G_SR" $((E_NPA + G_A + 1)) "$G_LAST" EINVAL --buffer $args
	fi
}

# grid_config LINE...: every check of one configuration.  Columns 2-7 are
# dxhost's parameters ($1-$6 after the shift); 8-18 the hand-worked queue
# limits and answers (T_*), or "-" where 6.12+ refuse the shape.
grid_config() {
	local name=$1 n="grid.$1" params msg k0
	shift
	T_H=$7 T_S=$8 T_Z=$9 T_B=${10} T_V=${11} T_A=${12} T_L=${13} T_P=${14}
	T_PA=${15} T_NPA=${16}
	params=$(grid_params "$@")
	rmmod dxhost 2>/dev/null
	# The kernel log since this load, from a marker (never cleared: the rig
	# reads it last; a line count fails once the ring buffer is full).
	GRID_SEQ=$((${GRID_SEQ:-0} + 1))
	k0="dxhost-grid: load $GRID_SEQ $name"
	echo "$k0" >/dev/kmsg
	klog() { dmesg | sed -n "/$k0\$/,\$p"; }
	if ! modprobe dxhost $params 2>/tmp/grid-modprobe.err; then
		msg=$(klog | grep 'dxhost: refused:' | head -n 1)
		if grid_refusable "$@" && [ -n "$msg" ]; then
			pass "$n.expected-refusal"
			grid_info "$n.expected-refusal" "refused by $SERIES: ${msg#*] }"
			check "$n.table-marks-refused" "$SERIES refuses it, grid.tsv gives it limits (H=$T_H)" \
				[ "$T_H" = - ]
		else
			fail "$n.load" "modprobe dxhost $params: $(cat /tmp/grid-modprobe.err) $(klog | tail -n 3)"
		fi
		return
	fi
	if ! wait_for 30 dxhost_ready; then
		fail "$n.nodes" "no sr, sg and disk sg nodes of dxhost ($params): host=$G_HOST sr=$G_SR sg=$G_SG disk=$G_DISK_SG"
		return
	fi
	# A kernel without blk_validate_limits() (6.1) raises a segment size,
	# boundary or hard limit below its floor to the floor, and says so
	# (after the asynchronous scan made the queue); it takes any alignment.
	if [ "$T_H" = - ]; then
		check "$n.table-refused-is-refusable" "grid.tsv marks it refused by 6.12+, but no rule of blk_validate_limits() refuses it" \
			grid_refusable "$@"
	fi
	if grid_refusable "$@" && [ "$(($6))" -le 4096 ]; then
		msg=$(klog | grep -E 'set to minimum' | head -n 2)
		check "$n.raised-to-minimum" "$SERIES took $params without raising it: $(klog | tail -n 3)" \
			[ -n "$msg" ]
		grid_info "$n.raised-to-minimum" "$SERIES: $(echo "$msg" | sed 's/^\[[^]]*\] //' | tr '\n' ';')"
	elif grid_refusable "$@"; then
		grid_info "$n.alignment-taken" "$SERIES takes dma_alignment $(($6)) as it is (no upper bound before blk_validate_limits)"
	fi
	local q=/sys/block/$G_SR/queue
	readvar G_H "$q/max_hw_sectors_kb"
	G_H=$((G_H * 1024))
	readvar G_S "$q/max_segments"
	readvar G_Z "$q/max_segment_size"
	readvar G_V "$q/virt_boundary_mask"
	readvar G_A "$q/dma_alignment"
	echo "LIMITS $SERIES dxhost $name $params: max_hw=$G_H max_segments=$G_S max_segment_size=$G_Z virt_boundary_mask=$G_V dma_alignment=$G_A" >&3
	check "$n.max-segments-is-sg-tablesize" "max_segments $G_S, asked $1" [ "$G_S" = "$1" ]
	if ! formula "$G_H" "$G_S" "$G_Z" "" "$G_V" "$G_A" "$P"; then
		fail "$n.formula" "invalid queue limits H=$G_H S=$G_S Z=$G_Z"
		return
	fi
	E_PA=$F_PA E_NPA=$F_NPA G_SP=$F_SP
	G_PA=$((E_PA / L * L)) G_NPA=$((E_NPA / L * L))
	# Offsets into the first page: +512, +A+1, the last DMA-aligned one.
	G_LAST=0
	[ $((G_A + 1)) -lt "$P" ] && G_LAST=$((P - G_A - 1))
	G_OFFSETS=512
	if [ $((G_A + 1)) -lt "$P" ] && [ $((G_A + 1)) -ne 512 ] && [ $((G_A + 1)) -ne "$G_LAST" ]; then
		G_OFFSETS="$G_OFFSETS $((G_A + 1))"
	fi
	[ "$G_LAST" -gt 0 ] && [ "$G_LAST" -ne 512 ] && G_OFFSETS="$G_OFFSETS $G_LAST"
	[ $((G_A + 1)) -ge "$P" ] && grid_info "$n.offsets" "A+1=$((G_A + 1)) is not inside a page: +512 is the only non-page-aligned offset"
	echo "MEASURE $SERIES grid $name page_aligned=$E_PA non_page_aligned=$E_NPA segments=$G_SP" >&3
	grid_agree "$n"
	grid_rw "$n" read
	grid_rw "$n" write
}

grid_run() {
	local t0 line name
	if [ ! -f /rig/dxhost.ko ] || [ ! -f "$GRID_TSV" ]; then
		skip "grid-$SERIES" "dxhost.ko or its grid table not in the guest (tests/hostadapter/build.sh failed?)"
		return
	fi
	have_discxfer || modprobe discxfer 2>/dev/null
	t0=$(cut -d' ' -f1 /proc/uptime)
	suite_begin
	while read -r line; do
		case "$line" in ""|"#"*) continue ;; esac
		# shellcheck disable=SC2086 # the columns
		grid_config $line 3>"$GRID_OUT"
		suite_tally "$GRID_OUT"
	done <"$GRID_TSV"
	rmmod dxhost 2>/dev/null
	suite_check "grid.dxhost-unloaded" "dxhost still loaded" eval '! lsmod | grep -q "^dxhost "'
	echo "MEASURE $SERIES grid guest-seconds=$(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%d", b - a }')" >&3
	suite_end "grid-$SERIES"
}

grid_run

# The burns on dxhost's rewritable drive: xorriso, cdrskin and growisofs
# (tests/hostadapter/burn-guest.sh, "burn-SERIES: N passed, N failed").
timemark burns
if [ -f /rig/burn-guest.sh ]; then
	. /rig/burn-guest.sh
else
	skip "burn-$SERIES" "no tests/hostadapter/burn-guest.sh in the guest"
fi
