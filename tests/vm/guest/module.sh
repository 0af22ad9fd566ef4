# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks of the module's attributes and of the discxfer command against the
# queue limits in sysfs and the formula (uses the D_* values of drives.sh).

attr() { cat "/sys/class/discxfer/$D_HCTL/$1" 2>/dev/null; }

# check_module_drive: the class device of the current drive and its values.
check_module_drive() {
	local d=/sys/class/discxfer/$D_HCTL name=$D_DRV.$D_SR.module
	local pa npa hw s z a b v l p blk gen
	if [ ! -d "$d" ]; then
		fail "$name.class-device" "no $d"
		return
	fi
	check "$name.class-device-under-scsi-device" "not below the SCSI device" \
		[ -d "/sys/block/$D_SR/device/discxfer/$D_HCTL" ]
	pa=$(attr max_page_aligned_transfer_bytes)
	npa=$(attr max_non_page_aligned_transfer_bytes)
	hw=$(attr max_hw_transfer_bytes)
	s=$(attr max_segments)
	z=$(attr max_segment_size)
	a=$(attr alignment_mask)
	b=$(attr seg_boundary_mask)
	v=$(attr virt_boundary_mask)
	l=$(attr logical_block_size)
	p=$(attr page_size)
	blk=$(attr block_node)
	gen=$(attr generic_node)
	check "$name.max_hw_transfer_bytes" "module $hw, sysfs $D_H" [ "$hw" = "$D_H" ]
	check "$name.max_segments" "module $s, sysfs $D_S" [ "$s" = "$D_S" ]
	check "$name.max_segment_size" "module $z, sysfs $D_Z" [ "$z" = "$D_Z" ]
	check "$name.virt_boundary_mask" "module $v, sysfs $D_V" \
		[ -n "$v" ] && [ "$((v))" = "$D_V" ]
	check "$name.logical_block_size" "module $l, sysfs $D_L" [ "$l" = "$D_L" ]
	check "$name.page_size" "module $p" [ "$p" = "$P" ]
	check "$name.alignment_mask" "module $a does not cover dma_alignment $D_A" \
		[ -n "$a" ] && [ $((a & D_A)) -eq "$D_A" ]
	check "$name.seg_boundary_mask" "module '$b' is not a mask" \
		[ -n "$b" ] && [ $(((b + 1) & b)) -eq 0 ]
	check "$name.block_node" "module '$blk', expected $D_SR" [ "$blk" = "$D_SR" ]
	check "$name.generic_node" "module '$gen', expected $D_SG" [ "$gen" = "$D_SG" ]
	if formula "$hw" "$s" "$z" "$((b))" "$((v))" "$((a))" "$p"; then
		check "$name.page-aligned-is-formula" "module $pa, formula $F_PA" \
			[ "$pa" = "$F_PA" ]
		check "$name.non-page-aligned-is-formula" "module $npa, formula $F_NPA" \
			[ "$npa" = "$F_NPA" ]
	else
		fail "$name.formula" "invalid module inputs"
	fi
	# The one-line "limits": the same ten values, in the ABI's order
	# (masks in decimal there).
	local line want
	line=$(attr limits)
	want="$hw $s $z $(printf %u $((b))) $(printf %u $((v))) $((a)) $l $p $pa $npa"
	check "$name.limits-line" "limits '$line', single attributes '$want'" \
		[ "$line" = "$want" ]
	check "$name.page-aligned-equals-sysfs" "module $pa, from sysfs $D_PA" \
		[ "$pa" = "$D_PA" ]
	check "$name.non-page-aligned-equals-sysfs" "module $npa, from sysfs $D_NPA" \
		[ "$npa" = "$D_NPA" ]
}

# json_field KEY: the number after "KEY": in the JSON on stdin.
json_field() {
	tr -d '\n' | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\{0,1\}\([0-9][0-9]*\).*/\1/p"
}

# check_tool_drive TAG: `discxfer get` on both nodes equals the formula.
check_tool_drive() {
	local tag=$1 node v j
	for node in "$D_SR" "$D_SG"; do
		[ -n "$node" ] || continue
		v=$(discxfer get --value page-aligned "/dev/$node" 2>&1)
		check "$D_DRV.$D_SR.discxfer-get-$tag.page-aligned.$node" \
			"discxfer says '$v', formula $D_PA" [ "$v" = "$D_PA" ]
		v=$(discxfer get --value non-page-aligned "/dev/$node" 2>&1)
		check "$D_DRV.$D_SR.discxfer-get-$tag.non-page-aligned.$node" \
			"discxfer says '$v', formula $D_NPA" [ "$v" = "$D_NPA" ]
		j=$(discxfer get --json "/dev/$node" 2>&1)
		v=$(echo "$j" | json_field max_page_aligned_transfer_bytes)
		check "$D_DRV.$D_SR.discxfer-get-json-$tag.$node" \
			"JSON page-aligned '$v', formula $D_PA: $(echo $j)" [ "$v" = "$D_PA" ]
	done
}
