# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Per-drive checks: the expected maxima from the queue limits in sysfs, and
# the ground truth with worst-case buffers (see sgio-probe.c).

# check_drive srN: every check for one drive.  Sets D_* for module.sh.
check_drive() {
	local sr=$1 q=/sys/block/$1/queue name sg hwkb L o
	D_SR=$sr
	D_HCTL=$(hctl_of "$sr")
	D_DRV=$(driver_of "$sr")
	D_SG=$(sg_of "$sr")
	sg=$D_SG
	name=$D_DRV.$sr

	hwkb=$(cat "$q/max_hw_sectors_kb")
	D_H=$((hwkb * 1024))
	D_S=$(cat "$q/max_segments")
	D_Z=$(cat "$q/max_segment_size")
	D_V=$(cat "$q/virt_boundary_mask")
	D_A=$(cat "$q/dma_alignment")
	D_L=$(cat "$q/logical_block_size")
	L=$D_L
	if ! formula "$D_H" "$D_S" "$D_Z" "" "$D_V" "$D_A" "$P"; then
		fail "$name.formula" "invalid queue limits H=$D_H S=$D_S Z=$D_Z"
		return
	fi
	D_SP=$F_SP D_PA=$F_PA D_NPA=$F_NPA
	echo "LIMITS $SERIES $D_DRV $sr $sg hctl=$D_HCTL max_hw_sectors_kb=$hwkb" \
		"max_sectors_kb=$(cat "$q/max_sectors_kb") max_segments=$D_S" \
		"max_segment_size=$D_Z dma_alignment=$D_A virt_boundary_mask=$D_V" \
		"logical_block_size=$L page_aligned=$D_PA non_page_aligned=$D_NPA" >&3

	# The soft limit (max_sectors_kb, what BLKSECTGET reports and what
	# wodim takes) against the answer; 7.x raised its default cap to
	# 4 MiB.  Where it overstates, a worst-case READ of it fails.
	local soft=$(($(cat "$q/max_sectors_kb") * 1024))
	echo "MEASURE $SERIES soft-limit $D_DRV $sr max_sectors_kb=$((soft / 1024))" \
		"page_aligned=$D_PA ratio=$(awk -v a="$soft" -v b="$D_PA" 'BEGIN { printf "%.2f", a / b }')" >&3
	if [ "$soft" -gt "$D_PA" ] && [ "$soft" -le "$D_H" ]; then
		probe_err "$name.soft-limit-$((soft / 1024))k-fails.$sr" "/dev/$sr" "$soft" 0 EINVAL
	fi

	if [ -z "$sg" ]; then
		fail "$name.sg-node" "no scsi_generic device for $sr"
	fi
	bs=$(sgio-probe "/dev/$sr" --block-size 2>&1)
	check "$name.block-size" "READ CAPACITY says $bs, sysfs $L" [ "$bs" = "$L" ]

	# The sizes to prove, rounded down to the logical block size.
	pa=$((D_PA / L * L))
	npa=$((D_NPA / L * L))
	o=$((P - (D_A + 1)))

	# READ (data-in, what a ripper sends), then WRITE (data-out, what a
	# burner sends) with the same worst-case buffers.  scsi_debug's store
	# is writable: there the WRITE must complete and read back equal;
	# qemu's CD media are read-only: there the kernel must accept the
	# WRITE (ioctl 0) and the device answers CHECK CONDITION.
	local w=0
	[ "$D_DRV" = scsi_debug ] && w=1
	for dir in read write; do
		check_drive_dir "$dir"
	done
}

# check_drive_dir read|write: the size proofs of check_drive in one
# direction (uses its locals: name sr sg pa npa o L w).
check_drive_dir() {
	local dir=$1 args= t
	[ "$dir" = write ] && args=--write
	# sg's limit on one command: dxfer_len below 256 MiB.
	t=$name.$dir
	ok_dir() {
		if [ "$dir" = write ]; then
			probe_write_ok "$1" "$2" "$3" "$4" "$w"
		else
			probe_ok "$1" "$2" "$3" "$4"
		fi
	}
	# Exactly the page-aligned size from a page-aligned worst-case buffer.
	ok_dir "$t.page-aligned.$sr" "/dev/$sr" "$pa" 0
	[ -n "$sg" ] && ok_dir "$t.page-aligned.$sg" "/dev/$sg" "$pa" 0
	# Exactly the non-page-aligned size, buffer 512 bytes into a page.
	ok_dir "$t.non-page-aligned-at-512.$sr" "/dev/$sr" "$npa" 512
	[ -n "$sg" ] && ok_dir "$t.non-page-aligned-at-512.$sg" "/dev/$sg" "$npa" 512
	# ... and at the last DMA-aligned offset of a page, the worst one for
	# a pinned buffer.
	if [ "$o" -gt 0 ] && [ "$o" -ne 512 ]; then
		ok_dir "$t.non-page-aligned-at-$o.$sr" "/dev/$sr" "$npa" "$o"
	fi

	if [ "$D_H" -le $((D_SP * P)) ]; then
		# The hard limit binds: one block more is refused by sg_io()
		# (EIO on the block node) and by sg (EINVAL).
		probe_err "$t.hard-limit-plus-one-block.$sr" "/dev/$sr" \
			$((D_H + L)) 0 EIO $args
		[ -n "$sg" ] && probe_err "$t.hard-limit-plus-one-block.$sg" \
			"/dev/$sg" $((D_H + L)) 0 EINVAL $args
	elif [ "$D_PA" -lt "$SGCAP" ]; then
		# The segment limit binds: one block more in a worst-case
		# buffer needs one segment too many (EINVAL on the block node).
		probe_err "$t.segment-limit-plus-one-block.$sr" "/dev/$sr" \
			$((pa + L)) 0 EINVAL $args
		if [ "$o" -gt 0 ] && [ "$D_SP" -gt 1 ]; then
			probe_err "$t.non-page-aligned-at-$o-plus-one-block.$sr" \
				"/dev/$sr" $((npa + L)) "$o" EINVAL $args
		fi
	fi
}
