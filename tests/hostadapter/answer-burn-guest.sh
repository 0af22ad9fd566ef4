# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The rig's own burner: on each of the burns' shapes, the image of
# burn-guest.sh is written to dxhost's formatted DVD+RW by `sgio-probe
# --burn`, with WRITE commands of exactly discxfer's answer (rounded down
# to whole 2048-byte blocks) from a worst-case buffer (no two pages
# physically adjacent): the page-aligned answer from a page-aligned buffer,
# the non-page-aligned one from a buffer 512 bytes into a page; then the
# medium is read back and must equal the image.  This proves the answer
# for burning end to end, whatever the tools do.  Sourced by
# burn-guest.sh (its helpers, $BURN_IMG), which counts the results.

# answer_burn SHAPE PARAMS: both answers of one shape, on srN.
answer_burn() {
	local shape=$1 params=$2 j pa npa len off n out kind
	rmmod dxhost 2>/dev/null
	# shellcheck disable=SC2086 # the parameters
	if ! modprobe dxhost $params medium=dvd+rw formatted=1 capacity_mib=$BURN_MIB 2>"$BURN_OUT" ||
	   ! wait_for 30 burn_ready; then
		suite_fail "answer-burn.$shape" "dxhost $params: $(cat "$BURN_OUT") $(dmesg | tail -n 2)"
		return
	fi
	j=$(discxfer get --json "/dev/$B_SR" 2>&1)
	pa=$(echo "$j" | json_num max_page_aligned_transfer_bytes)
	npa=$(echo "$j" | json_num max_non_page_aligned_transfer_bytes)
	if [ -z "$pa" ] || [ -z "$npa" ]; then
		suite_fail "answer-burn.$shape" "discxfer get --json /dev/$B_SR: $(echo $j)"
		return
	fi
	for kind in page-aligned non-page-aligned; do
		if [ $kind = page-aligned ]; then
			len=$((pa / 2048 * 2048)) off=0
		else
			len=$((npa / 2048 * 2048)) off=512
		fi
		n="answer-burn.$shape.$kind"
		if [ "$len" -eq 0 ]; then
			burn_info "$n" "the $kind answer ($npa bytes) is below one 2048-byte block: a burner on this drive needs a page-aligned buffer"
			continue
		fi
		echo 1 >"$B_DEV/dxhost_stats_reset"
		out=$(sgio-probe "/dev/$B_SR" "$len" --offset "$off" --burn "$BURN_IMG" 2>&1)
		echo "MEASURE $SERIES answer-burn $shape $kind answer=$len offset=$off commands=$(burn_stat commands) writes=$(burn_stat writes) write_max=$(burn_stat write_max_bytes)" >&3
		if echo "$out" | grep -q '^OK BURN' &&
		   [ "$(burn_stat write_max_bytes)" = "$len" ]; then
			suite_pass "$n"
		else
			suite_fail "$n" "sgio-probe /dev/$B_SR $len --offset $off --burn: largest WRITE $(burn_stat write_max_bytes): $(echo $out)"
		fi
	done
	rmmod dxhost 2>/dev/null
}

answer_burns() {
	local shape params
	while IFS='|' read -r shape params; do
		[ -n "$shape" ] && answer_burn "$shape" "$params"
	done <<-'EOF2'
	h_not_page_multiple|sg_tablesize=128 max_sectors=36 dma_alignment=511
	seg_120k|sg_tablesize=30 max_sectors=1024
	seg_1016k|sg_tablesize=254 max_sectors=2048
	s2048_huge|sg_tablesize=2048 max_sectors=4294967295
	s1_a3|sg_tablesize=1 max_sectors=1024 dma_alignment=3
	EOF2
}
