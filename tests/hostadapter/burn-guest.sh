# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The burns: Debian 12's xorriso, cdrskin and growisofs write an ISO image
# to dxhost's rewritable drive (medium=dvd+rw and bd-re, blank and
# formatted) under five queue-limit shapes, and the medium read back
# through /dev/srN must equal the image, byte for byte.  Sourced by the
# rig's guest (busybox sh, lib.sh's helpers, fd 3 the results channel) after
# the limits grid (tests/hostadapter/vm-guest.sh), or alone by
# guest/burn.sh (tests/vm/run.sh SERIES --burn).
#
# The shapes (dxhost's limit parameters):
#   h_not_page_multiple  grid.tsv's line: a hard limit of 18 KiB, below the
#                        32 KiB a DVD burn writes per command: every tool
#                        must fail, with EIO on srN (the block layer's
#                        SG_IO refuses the command), and cdrskin on sgN
#                        (drive_scsi_dev_family=sg) with EINVAL;
#   seg_120k             segment-bound at 120 KiB (30 segments of a page,
#                        512 KiB hard): above the tools' 32 and 64 KiB;
#   seg_1016k            segment-bound at 1016 KiB (254 segments, 1 MiB
#                        hard), virtio-scsi's shape: every tool on every
#                        medium, blank and formatted;
#   s2048_huge           grid.tsv's line: 8 MiB, segment-bound;
#   s1_a3                grid.tsv's single-segment line (one page): only
#                        the segment limit is below the tools' sizes, so a
#                        success may be luck (physically adjacent pages
#                        merge): its outcome is an INFO line, never a PASS.
# One line a burn: "MEASURE SERIES burn TOOL MEDIUM formatted=F SHAPE
# commands=N writes=N write_max=N reads=N read_max=N seconds=N" with the
# drive's counters (its sysfs attributes) over the burn, then the opcodes it
# received as an INFO line, and PASS/FAIL.  Prints "burn-SERIES: N passed,
# N failed" and the guest seconds the burns took.

BURN_OUT=/tmp/burn.out
BURN_IMG=/tmp/burn.iso
BURN_MIB=32			# the medium: 32 MiB, the image about 16 MiB
BURN_SEQ=0

burn_info() { echo "INFO $1: $2" >&3; }

# burn_params: dxhost refuses a medium it does not know and a size given
# twice that disagrees, or not in whole clusters, naming the parameter.
burn_params() {
	local p n
	for p in "medium=cd-rw|medium=cd-rw: must be" \
		 "medium=dvd+rw capacity_mib=32 capacity_blocks=100|disagree" \
		 "medium=bd-re capacity_blocks=1000|whole 32-block clusters"; do
		rmmod dxhost 2>/dev/null
		n=burn.params-refused.$(echo "${p%%|*}" | tr ' ' ,)
		# shellcheck disable=SC2086 # the parameters
		if modprobe dxhost ${p%%|*} 2>/dev/null; then
			suite_fail "$n" "dxhost loaded with ${p%%|*}"
		else
			suite_check "$n" "no '${p#*|}' in dmesg: $(dmesg | tail -n 2)" \
				eval 'dmesg | tail -n 5 | grep -q "dxhost: .*${p#*|}"'
		fi
	done
	rmmod dxhost 2>/dev/null
}

# The loaded dxhost's LUN 0: its sr and sg nodes and sysfs directory.
burn_ready() {
	B_HOST=$(dxhost_host) || return 1
	B_DEV=/sys/bus/scsi/devices/$B_HOST:0:0:0
	B_SR=$(ls "$B_DEV/block/" 2>/dev/null | head -n 1)
	B_SG=$(ls "$B_DEV/scsi_generic/" 2>/dev/null | head -n 1)
	[ -n "$B_SR" ] && [ -e "/dev/$B_SR" ] && [ -n "$B_SG" ] && [ -e "/dev/$B_SG" ] &&
		[ -e "$B_DEV/dxhost_commands" ]
}
burn_stat() { cat "$B_DEV/dxhost_$1"; }

# burn_image [MIB [COPY]]: an ISO image ($BURN_IMG) made by xorriso from
# MIB (default 16) MiB of random bytes, the file /random.bin (kept as COPY).
burn_image() {
	rm -rf /tmp/burn-src
	mkdir -p /tmp/burn-src
	head -c $((${1:-16} * 1024 * 1024)) /dev/urandom >/tmp/burn-src/random.bin
	xorriso -as mkisofs -quiet -V DXBURN -o "$BURN_IMG" /tmp/burn-src >"$BURN_OUT" 2>&1
	local rc=$?
	[ -z "${2:-}" ] || cp /tmp/burn-src/random.bin "$2" || rc=1
	rm -rf /tmp/burn-src
	[ $rc -eq 0 ] && [ -s "$BURN_IMG" ]
}

# burn_tool TOOL MEDIUM FORMATTED: one burn of the image to /dev/$B_SR
# with TOOL's usual command line; its output in $BURN_OUT.  A blank BD-RE
# is formatted by libburn's tools only when asked (blank=as_needed: libburn
# refuses to write an unformatted BD-RE); a blank DVD+RW they format on
# their own, and growisofs formats both.
burn_tool() {
	local blank=
	[ "$2" = bd-re ] && [ "$3" = 0 ] && blank=blank=as_needed
	case $1 in
	xorriso)
		# shellcheck disable=SC2086 # blank= or nothing
		timeout 300 xorriso -as cdrecord -v dev="/dev/$B_SR" $blank "$BURN_IMG" ;;
	cdrskin)
		# shellcheck disable=SC2086
		timeout 300 cdrskin -v dev="/dev/$B_SR" $blank "$BURN_IMG" ;;
	cdrskin-sg)	# libburn on the sg node
		# shellcheck disable=SC2086
		timeout 300 cdrskin -v drive_scsi_dev_family=sg dev="/dev/$B_SG" $blank "$BURN_IMG" ;;
	growisofs)
		timeout 300 growisofs -Z "/dev/$B_SR=$BURN_IMG" ;;
	esac >"$BURN_OUT" 2>&1
}

# burn_errno: the errno the tool's output names for a failed command.
burn_errno() {
	if grep -q -e 'errno= 5 ' -e 'Input/output error' "$BURN_OUT"; then
		echo EIO
	elif grep -q -e 'errno= 22 ' -e 'Invalid argument' "$BURN_OUT"; then
		echo EINVAL
	elif grep -q -e 'errno= 12 ' -e 'Cannot allocate memory' "$BURN_OUT"; then
		echo ENOMEM
	else
		echo none
	fi
}

# burn_why: the tool's words for the command that failed (libburn names
# the command it attempted, growisofs the WRITE's LBA).
burn_why() {
	grep -m 3 -e 'errno=' -e 'Attempted command' -e 'Input/output error' \
		-e 'Invalid argument' "$BURN_OUT" | tr '\n' ' '
}

# burn_one SHAPE PARAMS EXPECT TOOL MEDIUM FORMATTED: load dxhost, burn,
# read back, judge.  EXPECT: ok (burns and reads back equal), fail-ERRNO
# (fails naming ERRNO), info (the outcome is an INFO line; a success must still read
# back equal).
burn_one() {
	local shape=$1 params=$2 expect=$3 tool=$4 m=$5 f=$6 n k0 t0 t1 rc e same size
	n="burn.$tool.$m.f$f.$shape"
	rmmod dxhost 2>/dev/null
	BURN_SEQ=$((BURN_SEQ + 1))
	k0="dxhost-burn: load $BURN_SEQ $n"
	echo "$k0" >/dev/kmsg
	# shellcheck disable=SC2086 # the parameters
	if ! modprobe dxhost $params medium="$m" formatted="$f" capacity_mib=$BURN_MIB 2>"$BURN_OUT"; then
		suite_fail "$n" "modprobe dxhost $params medium=$m formatted=$f: $(cat "$BURN_OUT") $(dmesg | tail -n 3)"
		return
	fi
	if ! wait_for 30 burn_ready; then
		suite_fail "$n" "no sr node of dxhost ($params medium=$m)"
		return
	fi
	echo 1 >"$B_DEV/dxhost_stats_reset"
	t0=$(cut -d' ' -f1 /proc/uptime)
	burn_tool "$tool" "$m" "$f"
	rc=$?
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "MEASURE $SERIES burn $tool $m formatted=$f $shape commands=$(burn_stat commands) writes=$(burn_stat writes) write_max=$(burn_stat write_max_bytes) reads=$(burn_stat reads) read_max=$(burn_stat read_max_bytes) seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" >&3
	burn_info "$n.opcodes" "$(burn_stat opcodes)"
	# Commands dxhost refused since this load (logged once per opcode).
	dmesg | sed -n "/$k0\$/,\$p" | grep 'dxhost: LUN 0 .*not supported' |
		sed 's/^\[[^]]*\] //' | while read -r line; do
			burn_info "$n.unknown-opcode" "$line"
		done
	# A fault of the tool (user space: the kernel logs the signal).
	dmesg | sed -n "/$k0\$/,\$p" | grep 'traps: ' | sed 's/^\[[^]]*\] //' |
		while read -r line; do
			burn_info "$n.tool-fault" "$line"
		done
	size=$(stat -c %s "$BURN_IMG")
	same=no
	if [ $rc -eq 0 ]; then
		blockdev --flushbufs "/dev/$B_SR" 2>/dev/null
		head -c "$size" "/dev/$B_SR" | cmp -s - "$BURN_IMG" && same=yes
	fi
	e=$(burn_errno)
	case $expect in
	ok)
		if [ $rc -eq 0 ] && [ $same = yes ]; then
			suite_pass "$n"
		else
			suite_fail "$n" "exit $rc, read back equal: $same: $(tail -n 6 "$BURN_OUT" | tr '\n' ' ')"
		fi
		# The tool saw the medium's state: FORMAT UNIT (04h) on a blank
		# medium, never on a formatted one.
		if [ "$f" = 0 ]; then
			suite_check "$n.formats-blank" "no FORMAT UNIT: $(burn_stat opcodes)" \
				eval 'burn_stat opcodes | grep -qw 04'
		else
			suite_check "$n.keeps-formatted" "FORMAT UNIT on a formatted medium: $(burn_stat opcodes)" \
				eval '! burn_stat opcodes | grep -qw 04'
		fi ;;
	fail-*)
		if [ $rc -ne 0 ] && [ "$e" = "${expect#fail-}" ]; then
			suite_pass "$n.expected-failure-$e"
		else
			suite_fail "$n.expected-failure-${expect#fail-}" "exit $rc, errno named: $e: $(tail -n 6 "$BURN_OUT" | tr '\n' ' ')"
		fi
		burn_info "$n.expected-failure" "exit $rc, errno $e: $(burn_why)" ;;
	info)
		# A success that reads back different: a tool bug when fewer
		# bytes than the image's reached the drive (it reported success
		# for WRITEs the kernel refused), else dxhost's.
		if [ $rc -eq 0 ] && [ $same = no ] &&
		   [ $(($(burn_stat writes) * $(burn_stat write_max_bytes))) -lt "$size" ]; then
			burn_info "$n" "only the segment limit is below the tool's command: exit 0 but the medium reads back different: at most $(($(burn_stat writes) * $(burn_stat write_max_bytes))) of $size bytes reached the drive ($(burn_stat writes) WRITEs), the tool reported success for WRITEs the kernel refused: $(burn_why) $(tail -n 4 "$BURN_OUT" | tr '\n' ' ')"
		elif [ $rc -eq 0 ] && [ $same = no ]; then
			suite_fail "$n" "the burn succeeded, every byte reached the drive, but the medium reads back different: $(tail -n 4 "$BURN_OUT" | tr '\n' ' ')"
		else
			burn_info "$n" "only the segment limit is below the tool's command: exit $rc, read back equal: $same, errno named: $e (a success here is no proof): $(burn_why)"
		fi ;;
	esac
}

burn_run() {
	local t0 shape params expect tool m f i
	t0=$(cut -d' ' -f1 /proc/uptime)
	suite_begin
	if [ ! -f /rig/dxhost.ko ] || ! command -v xorriso >/dev/null ||
	   ! command -v cdrskin >/dev/null || ! command -v growisofs >/dev/null; then
		skip "burn-$SERIES" "dxhost.ko or the burners (tests/vm/fetch-tools.sh) not in the guest"
		return
	fi
	if ! burn_image; then
		suite_fail "burn.image" "xorriso -as mkisofs failed: $(tail -n 3 "$BURN_OUT" | tr '\n' ' ')"
		return
	fi
	echo "MEASURE $SERIES burn image bytes=$(stat -c %s "$BURN_IMG")" >&3
	burn_params
	# The main shape: every tool, medium and state.
	for tool in xorriso cdrskin growisofs; do
		for m in dvd+rw bd-re; do
			for f in 0 1; do
				burn_one seg_1016k "sg_tablesize=254 max_sectors=2048" ok "$tool" "$m" "$f"
			done
		done
	done
	# The other shapes: every tool once, the medium and state taking turns.
	i=0
	while IFS='|' read -r shape params expect; do
		[ -n "$shape" ] || continue
		for tool in xorriso cdrskin growisofs; do
			case $((i % 4)) in
			0) m=dvd+rw f=0 ;;
			1) m=bd-re f=1 ;;
			2) m=dvd+rw f=1 ;;
			*) m=bd-re f=0 ;;
			esac
			i=$((i + 1))
			burn_one "$shape" "$params" "$expect" "$tool" "$m" "$f"
		done
		# On sgN the same refusal is EINVAL (sg checks the hard limit).
		[ "$expect" = fail-EIO ] &&
			burn_one "$shape" "$params" fail-EINVAL cdrskin-sg dvd+rw 1
	done <<-'EOF'
	h_not_page_multiple|sg_tablesize=128 max_sectors=36 dma_alignment=511|fail-EIO
	seg_120k|sg_tablesize=30 max_sectors=1024|ok
	s2048_huge|sg_tablesize=2048 max_sectors=4294967295|ok
	s1_a3|sg_tablesize=1 max_sectors=1024 dma_alignment=3|info
	EOF
	# The rig's own burner, with commands of discxfer's answer.
	[ -f /rig/answer-burn-guest.sh ] && . /rig/answer-burn-guest.sh && answer_burns
	rmmod dxhost 2>/dev/null
	rm -f "$BURN_IMG"
	suite_check "burn.dxhost-unloaded" "dxhost still loaded" eval '! lsmod | grep -q "^dxhost "'
	echo "MEASURE $SERIES burn guest-seconds=$(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%d", b - a }')" >&3
	suite_end "burn-$SERIES"
}

# BURN_HELPERS_ONLY=1: only the helpers above (guest/integrations.sh).
[ "${BURN_HELPERS_ONLY:-0}" = 1 ] || burn_run
