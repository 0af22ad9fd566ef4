# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The burners' discxfer patches (integrations/) in the guest: each tool
# built from the same .orig release without ("stock") and with its patch
# ("patched"), in /rig/int/VARIANT (tests/vm/run.sh), run side by side
# with the same command line in the same boot.  Sourced by the rig's
# guest (busybox sh, lib.sh's helpers, fd 3 the results channel) after the
# recipes, or alone by guest/integrations-only.sh (make
# vm-integrations-SERIES).
#
# Reads, on one drive of each driver of the rig (ahci, usb-storage, uas,
# virtio_scsi, scsi_debug: its whole disc of random bytes, the qemu drives'
# 32 MiB images, scsi_debug's 16 MiB store written here first) and on
# dxhost's formatted DVD+RW on the burns' five shapes (a whole 4 MiB disc
# holding burn-guest.sh's ISO image, written by sgio-probe --burn):
# `xorriso -check_media what=disc chunk_size=2m data_to=FILE` on srN (on
# dxhost also `-extract` of the image's file, with 512-block tiles),
# readom, sg_dd and sg_read without ts=/bpt= on sgN; on the qemu drives
# and scsi_debug also Debian 12's binary of each (/rig/bin), which must do
# what the stock build does.  Burns, on dxhost's formatted DVD+RW and BD-RE on the
# same shapes: `xorriso -as cdrecord`, cdrskin and growisofs -Z (burn-
# guest.sh's burn_tool), the medium read back against the image.
#
# What each run must do comes from the drive's queue limits (lib.sh's
# formula: the page-aligned answer PA, the non-page-aligned NPA, the hard
# limit H) and the size each tool sends, stock (its sources: libburn
# 64 KiB reads, 32 KiB DVD and 64 KiB BD writes, growisofs 32 KiB,
# readom min(256 KiB, the soft limit), sg_dd and sg_read 128 blocks) or
# patched (the answer for its buffer, in its units, as its README says):
#   above H                     the kernel refuses it every time: the run
#                               must fail ("expected-failure"); stock
#                               sg_dd/sg_read on ahci, stock libburn and
#                               growisofs on the 18 KiB shape;
#   at most the answer          must succeed, its image equal to the disc;
#   between                     only the segment limit is exceeded: the
#                               outcome depends on page layout: an INFO
#                               line, not judged;
# and a patched run must not fail where the stock one succeeded, and its
# largest READ or WRITE must be its answer-derived size (growisofs, which
# writes what its ring has ready: above 32 KiB, at most that size).  Each
# run's exit status, commands, READs and WRITEs with their largest size
# (dxhost's counters; on the qemu drives the scsi:scsi_dispatch_cmd_start
# trace event) and seconds are a MEASURE line, then patched/stock time.
# Prints "integrations-SERIES: N passed, N failed".

INT_OUT=/tmp/int.out
INT_DISC_MIB=4			# dxhost's disc
INT_TR=/sys/kernel/tracing
INT_EV=$INT_TR/events/scsi/scsi_dispatch_cmd_start

int_info() { echo "INFO $1: $2" >&3; }
int_now() { cut -d' ' -f1 /proc/uptime; }
int_secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# int_limits srN: INT_H (hard limit), INT_SOFT, INT_PA, INT_NPA of a drive.
int_limits() {
	local q=/sys/block/$1/queue
	INT_H=$(($(cat "$q/max_hw_sectors_kb") * 1024))
	INT_SOFT=$(($(cat "$q/max_sectors_kb") * 1024))
	formula "$INT_H" "$(cat "$q/max_segments")" "$(cat "$q/max_segment_size")" "" \
		"$(cat "$q/virt_boundary_mask")" "$(cat "$q/dma_alignment")" "$P" || return 1
	INT_PA=$F_PA INT_NPA=$F_NPA
}

# int_expect SIZE pa|npa: what one command of SIZE bytes from a buffer of
# that kind does on the drive: fail (above the hard limit), ok (within the
# answer) or record (only the segment limit is exceeded).  SIZE 0: the
# tool has no size of the answer (below one unit): record.
int_expect() {
	local a=$INT_PA
	[ "$2" = npa ] && a=$INT_NPA
	if [ "$1" -eq 0 ]; then echo record
	elif [ "$1" -gt "$INT_H" ]; then echo fail
	elif [ "$1" -le "$a" ]; then echo ok
	else echo record
	fi
}
int_min() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }

# Counting: dxhost's sysfs counters (INT_DEV, its LUN's directory), or
# the trace event (enabled once by int_trace_on) between two trace_marker
# lines, for the drive's host (INT_HOSTNO).  Nothing is switched or
# cleared per run: writing the trace's control files while a drive works
# once left the guest's shell stuck in the kernel for minutes (soft
# lockup, 6.1 under TCG).
int_trace_on() {
	[ -d "$INT_EV" ] || mount -t tracefs tracefs "$INT_TR" 2>/dev/null
	[ -d "$INT_EV" ] || return 1
	echo 4096 >"$INT_TR/buffer_size_kb" && echo 1 >"$INT_EV/enable" &&
		echo 1 >"$INT_TR/tracing_on"
}
int_trace_off() { [ -d "$INT_EV" ] && echo 0 >"$INT_EV/enable"; }
INT_MARK=0
int_count_start() {
	if [ -n "$INT_DEV" ]; then
		echo 1 >"$INT_DEV/dxhost_stats_reset"
	elif [ -n "$INT_HOSTNO" ]; then
		INT_MARK=$((INT_MARK + 1))
		echo "int-begin-$INT_MARK" >"$INT_TR/trace_marker"
	fi
}
# int_count_end: C_CMDS C_READS C_RMAX C_WRITES C_WMAX ("?" without a source).
int_count_end() {
	if [ -n "$INT_DEV" ]; then
		C_CMDS=$(cat "$INT_DEV/dxhost_commands") C_READS=$(cat "$INT_DEV/dxhost_reads")
		C_RMAX=$(cat "$INT_DEV/dxhost_read_max_bytes") C_WRITES=$(cat "$INT_DEV/dxhost_writes")
		C_WMAX=$(cat "$INT_DEV/dxhost_write_max_bytes")
	elif [ -n "$INT_HOSTNO" ]; then
		echo "int-end-$INT_MARK" >"$INT_TR/trace_marker"
		# cmnd=(READ_10 lba=0 txlen=32 ...): txlen in logical blocks.
		set -- $(awk -v bs=2048 -v h="host_no=$INT_HOSTNO" -v b0="int-begin-$INT_MARK" \
			-v b1="int-end-$INT_MARK" '
			index($0, b0) { on = 1; seen = 1; next }
			index($0, b1) { on = 0; ended = 1; next }
			on && /scsi_dispatch_cmd_start:/ && index($0, " " h " ") {
				n++
				if (match($0, /cmnd=\((READ|WRITE)_(6|10|12|16) [^)]*txlen=[0-9]+/)) {
					s = substr($0, RSTART + 6, RLENGTH - 6)
					b = s; sub(/.*txlen=/, "", b); b *= bs
					if (s ~ /^READ/) { r++; if (b > rm) rm = b }
					else { w++; if (b > wm) wm = b }
				}
			}
			END {
				if (seen && ended) printf "%d %d %d %d %d\n", n, r, rm, w, wm
				else print "? ? ? ? ?"
			}' "$INT_TR/trace")
		C_CMDS=$1 C_READS=$2 C_RMAX=$3 C_WRITES=$4 C_WMAX=$5
	else
		C_CMDS=? C_READS=? C_RMAX=? C_WRITES=? C_WMAX=?
	fi
}

# int_exec VARIANT PROGRAM ARGS...: the variant's program on its libraries
# (debian: Debian 12's binary in /rig/bin, on Debian's libraries).
int_exec() {
	local v=$1 p=$2
	shift 2
	if [ "$v" = debian ]; then
		timeout 240 "/rig/bin/$p" "$@" >"$INT_OUT" 2>&1
		return
	fi
	(
		LD_LIBRARY_PATH=/rig/int/$v/lib
		PATH=/rig/int/$v/bin:$PATH
		export LD_LIBRARY_PATH PATH
		exec timeout 240 "/rig/int/$v/bin/$p" "$@"
	) >"$INT_OUT" 2>&1
}

# int_read_run TOOL VARIANT BLOCKS MD5: one read; sets R_RC, R_SAME
# (yes/no/-), R_SECS and the counters.
int_read_run() {
	local tool=$1 v=$2 blocks=$3 sum=$4 t0 t1 f=/tmp/int-read.img got size
	rm -f "$f" /tmp/int-ext.bin
	int_count_start
	t0=$(int_now)
	case $tool in
	xorriso)
		# shellcheck disable=SC2086 # the -extract arguments or nothing
		int_exec "$v" xorriso -abort_on FAILURE -indev "/dev/$INT_SR" \
			-check_media what=disc max_lba=$((blocks - 1)) chunk_size=2m \
			data_to="$f" -- $INT_EXTRACT ;;
	readom)
		int_exec "$v" readom dev="/dev/$INT_SG" retries=1 sectors=0-"$blocks" f="$f" ;;
	sg_dd)
		int_exec "$v" sg_dd if="/dev/$INT_SG" of="$f" bs=2048 count="$blocks" ;;
	sg_read)
		int_exec "$v" sg_read if="/dev/$INT_SG" bs=2048 count="$blocks" ;;
	esac
	R_RC=$?
	t1=$(int_now)
	int_count_end
	R_SECS=$(int_secs "$t0" "$t1")
	R_SAME=-
	if [ "$tool" != sg_read ]; then
		# md5: the read's bytes against the disc's (no forgery to
		# resist here), in about half of sha256's time.
		R_SAME=no got=
		size=$(stat -c %s "$f" 2>/dev/null || echo 0)
		if [ "$size" -eq $((blocks * 2048)) ]; then
			got=$(md5sum "$f" | cut -d' ' -f1)
		elif [ "$size" -gt $((blocks * 2048)) ]; then
			got=$(head -c $((blocks * 2048)) "$f" | md5sum | cut -d' ' -f1)
		fi
		[ "$got" = "$sum" ] && R_SAME=yes
		if [ "$tool" = xorriso ] && [ -n "$INT_EXTRACT" ] && [ $R_SAME = yes ]; then
			cmp -s /tmp/int-ext.bin "$INT_EXTRACT_REF" || R_SAME=no
		fi
	fi
	rm -f "$f" /tmp/int-ext.bin
}

# int_judge NAME EXPECT RC SAME [SENT SIZE]: one run against its
# expectation; sets J_OK (1: it succeeded, 0 not).  SENT, SIZE (burns):
# at most SENT bytes of the SIZE-byte image reached the drive.
int_judge() {
	local n=$1 e=$2 rc=$3 same=$4 why
	J_OK=0
	[ "$rc" -eq 0 ] && [ "$same" != no ] && J_OK=1
	why="exit $rc, image equal to the disc: $same: $(grep -i -m 3 -e error -e errno -e fail -e sorry "$INT_OUT" | tr '\n' ' ')"
	case $e in
	ok)
		if [ $J_OK = 1 ]; then suite_pass "$n"; else suite_fail "$n" "$why"; fi ;;
	fail)
		if [ $J_OK = 0 ]; then
			suite_pass "$n.expected-failure"
			int_info "$n.expected-failure" "$why"
		else
			suite_fail "$n.expected-failure" "above the hard limit ($INT_H bytes), yet $why"
		fi ;;
	*)
		# A burner that exits 0 with fewer bytes at the drive than the
		# image's reported success for WRITEs the kernel refused (seen
		# with growisofs on the single-segment shape): the tool's silent
		# failure, said; a complete burn that reads back different fails.
		if [ "$rc" -eq 0 ] && [ "$same" = no ] && [ -n "${5:-}" ] && [ "$5" -lt "$6" ]; then
			int_info "$n" "only the segment limit is below its command: exit 0, but at most $5 of $6 bytes reached the drive: the tool reported success for WRITEs the kernel refused: $(tail -n 3 "$INT_OUT" | tr '\n' ' ')"
		elif [ "$rc" -eq 0 ] && [ "$same" = no ]; then
			suite_fail "$n" "exit 0 but the image differs from the disc"
		else
			int_info "$n" "only the segment limit is below its command: $why"
		fi ;;
	esac
}

# int_not_worse NAME STOCK_OK EXPECT SIZE RC: a patched run (J_OK) must
# not fail where the stock one succeeded, unless its own size is one whose
# outcome is not judged (EXPECT record).
int_not_worse() {
	[ "$2" = 1 ] || return 0
	if [ $J_OK = 1 ]; then
		suite_pass "$1.patched-not-worse"
	elif [ "$3" = record ]; then
		int_info "$1.patched-not-worse" "stock succeeded (page layout), patched not: its size $4 is not within the answer"
	else
		suite_fail "$1.patched-not-worse" "stock succeeded, patched failed: exit $5"
	fi
}

# int_read_tool DRIVE TOOL BLOCKS MD5: stock and patched, judged.
int_read_tool() {
	local d=$1 tool=$2 blocks=$3 sum=$4 n="int.read.$1.$2" ssz kind psz cap v es ep variants
	local total=$((blocks * 2048)) s_ok s_secs s_rmax
	case $tool in
	xorriso) ssz=65536 kind=npa cap=1048576 ;;
	readom) ssz=$(int_min 262144 $((INT_SOFT / 2048 * 2048))) kind=pa cap=$((65535 * 2048)) ;;
	sg_dd) ssz=262144 kind=pa cap=$total ;;
	sg_read) ssz=262144 kind=npa cap=$total ;;
	esac
	if [ $kind = pa ]; then psz=$((INT_PA / 2048 * 2048)); else psz=$((INT_NPA / 2048 * 2048)); fi
	psz=$(int_min "$psz" "$cap")
	es=$(int_expect "$ssz" $kind)
	ep=$(int_expect "$psz" $kind)
	# Debian's binary, on the rig's drives: what users run today must do
	# what the stock build does (the same release; the stock build is the
	# comparison's baseline only if it does).
	variants="stock patched"
	[ -z "$INT_DEV" ] && variants="stock debian patched"
	for v in $variants; do
		int_read_run "$tool" $v "$blocks" "$sum"
		echo "MEASURE $SERIES integrations read $d $tool $v expect=$([ $v = patched ] && echo "$ep" || echo "$es") rc=$R_RC image-equal=$R_SAME commands=$C_CMDS reads=$C_READS read_max=$C_RMAX seconds=$R_SECS" >&3
		if [ $v = stock ]; then
			int_judge "$n.stock" "$es" "$R_RC" "$R_SAME"
			s_ok=$J_OK s_secs=$R_SECS s_rmax=$C_RMAX
			continue
		fi
		if [ $v = debian ]; then
			J_OK=0
			[ "$R_RC" -eq 0 ] && [ "$R_SAME" != no ] && J_OK=1
			suite_check "$n.debian-as-stock" \
				"Debian's $tool: succeeded=$J_OK largest READ $C_RMAX; the stock build: succeeded=$s_ok largest READ $s_rmax" \
				test "$J_OK/$C_RMAX" = "$s_ok/$s_rmax"
			continue
		fi
		int_judge "$n.patched" "$ep" "$R_RC" "$R_SAME"
		int_not_worse "$n" "$s_ok" "$ep" "$psz" "$R_RC"
		if [ "$ep" = ok ] && [ $J_OK = 1 ]; then
			suite_check "$n.patched-read-size" \
				"largest READ $C_RMAX, the answer for its buffer in whole blocks: $(int_min "$psz" "$total") (PA $INT_PA, NPA $INT_NPA)" \
				[ "$C_RMAX" -eq "$(int_min "$psz" "$total")" ]
		fi
		echo "MEASURE $SERIES integrations read-ratio $d $tool stock_read_max=$s_rmax patched_read_max=$C_RMAX patched/stock=$(awk -v a="$R_SECS" -v b="$s_secs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')" >&3
	done
}

# int_read_drive DRIVE BLOCKS MD5: the four tools on $INT_SR/$INT_SG.
int_read_drive() {
	local tool
	echo "MEASURE $SERIES integrations drive $1 $INT_SR/$INT_SG hard=$INT_H soft=$INT_SOFT page_aligned=$INT_PA non_page_aligned=$INT_NPA bytes=$(($2 * 2048))" >&3
	for tool in xorriso readom sg_dd sg_read; do
		# scsi_debug's ptype=5 LU answers none of the MMC commands
		# libburn learns the medium with (GET CONFIGURATION, READ DISC
		# INFORMATION, READ TOC/PMA/ATIP: ILLEGAL REQUEST, invalid
		# opcode), so libburn sees no readable medium and releases the
		# drive before its first READ, stock and patched alike (seen
		# with -scsi_log on).  Its release's STOP UNIT also leaves the
		# LU NOT READY (04/02) until a START UNIT, which an MMC drive
		# does not need.  The other three tools send no MMC command.
		if [ $tool = xorriso ] && [ "$1" = scsi_debug ]; then
			skip "int.read.$1.xorriso" "scsi_debug's ptype=5 LU is no MMC drive: GET CONFIGURATION, READ DISC INFORMATION and READ TOC are invalid opcodes there, so libburn finds no medium to read, stock and patched alike"
			continue
		fi
		int_read_tool "$1" $tool "$2" "$3"
	done
}

# The qemu drives and scsi_debug: one drive of each driver.
int_reads_rig() {
	local sr drv img sum done_drv= blocks
	INT_DEV= INT_EXTRACT=
	for sr in $(sr_nodes); do
		drv=$(driver_of "$sr")
		case " $done_drv " in *" $drv "*) continue ;; esac
		case $drv in
		ahci) img=ahci ;;
		usb-storage) img=usb ;;
		uas) img=uas ;;
		virtio_scsi) img=virtio ;;
		scsi_debug) img= ;;
		*) continue ;;
		esac
		done_drv="$done_drv $drv"
		INT_SR=$sr INT_SG=$(sg_of "$sr")
		INT_HOSTNO=$(hctl_of "$sr")
		INT_HOSTNO=${INT_HOSTNO%%:*}
		if ! int_limits "$sr" || [ -z "$INT_SG" ]; then
			suite_fail "int.read.$drv" "no limits or sg node for $sr"
			continue
		fi
		# The whole disc: its capacity in 2048-byte blocks.
		blocks=$(($(cat "/sys/block/$sr/size") / 4))
		if [ "$blocks" -lt 1 ]; then
			suite_fail "int.read.$drv" "$sr has no medium"
			continue
		fi
		if [ -n "$img" ]; then
			sum=$(cat "/rig/media/$img.md5")
		else
			# scsi_debug's store is zeros: random bytes first.
			head -c $((blocks * 2048)) /dev/urandom >/tmp/int-sd.bin
			if ! sg_dd if=/tmp/int-sd.bin of="/dev/$INT_SG" bs=2048 bpt=16 >"$INT_OUT" 2>&1; then
				suite_fail "int.read.$drv.content" "sg_dd of=/dev/$INT_SG: $(tail -n 2 "$INT_OUT" | tr '\n' ' ')"
				continue
			fi
			sum=$(md5sum /tmp/int-sd.bin | cut -d' ' -f1)
			rm -f /tmp/int-sd.bin
		fi
		int_read_drive "$drv" "$blocks" "$sum"
	done
	for drv in ahci usb-storage uas virtio_scsi scsi_debug; do
		case " $done_drv " in *" $drv "*) ;; *) suite_fail "int.read.$drv" "no $drv drive in the guest" ;; esac
	done
	INT_HOSTNO=
}

# The shapes: name|dxhost parameters|medium of the burns.
INT_SHAPES='h_not_page_multiple|sg_tablesize=128 max_sectors=36 dma_alignment=511|dvd+rw
seg_120k|sg_tablesize=30 max_sectors=1024|bd-re
seg_1016k|sg_tablesize=254 max_sectors=2048|dvd+rw
s2048_huge|sg_tablesize=2048 max_sectors=4294967295|bd-re
s1_a3|sg_tablesize=1 max_sectors=1024 dma_alignment=3|dvd+rw'

# int_load PARAMS MEDIUM: dxhost with a formatted, zero-filled disc.
int_load() {
	rmmod dxhost 2>/dev/null
	# shellcheck disable=SC2086 # the parameters
	modprobe dxhost $1 medium="$2" formatted=1 capacity_mib=$INT_DISC_MIB 2>"$INT_OUT" &&
		wait_for 30 burn_ready && int_limits "$B_SR"
}

# Reads on dxhost: the image written with discxfer's page-aligned answer by
# sgio-probe, then the four tools over the whole disc.
int_reads_dxhost() {
	local shape params m len out sum
	INT_HOSTNO=
	INT_EXTRACT="-data_cache_size 16 512 -osirrox on -extract /random.bin /tmp/int-ext.bin"
	INT_EXTRACT_REF=/tmp/int-src.bin
	sum=$({ cat "$BURN_IMG"; head -c $((INT_DISC_MIB * 1048576 - $(stat -c %s "$BURN_IMG"))) /dev/zero; } |
		md5sum | cut -d' ' -f1)
	while IFS='|' read -r shape params m; do
		if ! int_load "$params" dvd+rw; then
			suite_fail "int.read.dxhost-$shape" "dxhost $params: $(cat "$INT_OUT") $(dmesg | tail -n 2 | tr '\n' ' ')"
			continue
		fi
		INT_SR=$B_SR INT_SG=$B_SG INT_DEV=$B_DEV
		len=$((INT_PA / 2048 * 2048))
		out=$(sgio-probe "/dev/$B_SR" "$len" --burn "$BURN_IMG" 2>&1)
		if ! echo "$out" | grep -q '^OK BURN'; then
			suite_fail "int.read.dxhost-$shape.content" "sgio-probe --burn $len: $(echo $out)"
			continue
		fi
		int_read_drive "dxhost-$shape" $((INT_DISC_MIB * 512)) "$sum"
	done <<-EOF
	$INT_SHAPES
	EOF
	INT_DEV= INT_EXTRACT=
	rmmod dxhost 2>/dev/null
}

# int_burn_sizes TOOL MEDIUM: B_SSZ, B_PSZ (stock and patched WRITE size)
# and B_KIND of the tool on the loaded drive.
int_burn_sizes() {
	local ecc=32768 a
	[ "$2" = bd-re ] && ecc=65536
	case $1 in
	growisofs)
		B_KIND=pa B_SSZ=32768 a=$INT_PA B_PSZ=32768
		[ "$a" -ge $ecc ] && B_PSZ=$(int_min $((a / ecc * ecc)) $((65535 * 2048 / ecc * ecc))) ;;
	*)
		B_KIND=npa B_SSZ=$ecc a=$INT_NPA
		if [ "$a" -ge $ecc ]; then
			B_PSZ=$(int_min $((a / ecc * ecc)) 1048576)
		elif [ $ecc = 65536 ] && [ "$a" -ge 32768 ]; then
			B_PSZ=32768
		else
			B_PSZ=$((a / 2048 * 2048))
		fi ;;
	esac
}

# int_burn SHAPE PARAMS MEDIUM TOOL: stock and patched, each on a fresh disc.
int_burn() {
	local shape=$1 params=$2 m=$3 tool=$4 n="int.burn.$3.$1.$4" v e es ep t0 t1 rc same s_ok s_secs
	local size
	size=$(stat -c %s "$BURN_IMG")
	for v in stock patched; do
		if ! int_load "$params" "$m"; then
			suite_fail "$n.$v" "dxhost $params medium=$m: $(cat "$INT_OUT")"
			continue
		fi
		INT_DEV=$B_DEV
		int_burn_sizes "$tool" "$m"
		es=$(int_expect "$B_SSZ" $B_KIND)
		ep=$(int_expect "$B_PSZ" $B_KIND)
		int_count_start
		t0=$(int_now)
		(
			LD_LIBRARY_PATH=/rig/int/$v/lib
			PATH=/rig/int/$v/bin:$PATH
			export LD_LIBRARY_PATH PATH
			burn_tool "$tool" "$m" 1
		)
		rc=$?
		t1=$(int_now)
		int_count_end
		cp "$BURN_OUT" "$INT_OUT"
		same=no
		if [ $rc -eq 0 ]; then
			blockdev --flushbufs "/dev/$B_SR" 2>/dev/null
			head -c "$size" "/dev/$B_SR" | cmp -s - "$BURN_IMG" && same=yes
		fi
		e=$es
		[ $v = patched ] && e=$ep
		echo "MEASURE $SERIES integrations burn $m $shape $tool $v expect=$e rc=$rc read-back-equal=$same commands=$C_CMDS writes=$C_WRITES write_max=$C_WMAX seconds=$(int_secs "$t0" "$t1")" >&3
		int_judge "$n.$v" "$e" "$rc" "$same" $((C_WRITES * C_WMAX)) "$size"
		if [ $v = stock ]; then
			s_ok=$J_OK s_secs=$(int_secs "$t0" "$t1")
			continue
		fi
		int_not_worse "$n" "$s_ok" "$ep" "$B_PSZ" "$rc"
		if [ "$ep" = ok ] && [ $J_OK = 1 ]; then
			if [ "$tool" = growisofs ] && [ "$B_PSZ" -gt 32768 ]; then
				# growisofs writes what its ring has ready, up to the size.
				suite_check "$n.patched-write-size" \
					"largest WRITE $C_WMAX, want above 32768 and at most $B_PSZ (PA $INT_PA)" \
					[ "$C_WMAX" -gt 32768 ] && [ "$C_WMAX" -le "$B_PSZ" ]
			else
				suite_check "$n.patched-write-size" \
					"largest WRITE $C_WMAX, the answer for its buffer in its units: $B_PSZ (PA $INT_PA, NPA $INT_NPA)" \
					[ "$C_WMAX" -eq "$B_PSZ" ]
			fi
		fi
		echo "MEASURE $SERIES integrations burn-ratio $m $shape $tool patched/stock=$(awk -v a="$(int_secs "$t0" "$t1")" -v b="$s_secs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')" >&3
	done
	INT_DEV=
}

int_burns() {
	local shape params m tool
	while IFS='|' read -r shape params m; do
		for tool in xorriso cdrskin growisofs; do
			int_burn "$shape" "$params" "$m" "$tool"
		done
	done <<-EOF
	$INT_SHAPES
	EOF
	rmmod dxhost 2>/dev/null
}

int_run() {
	local t0 p v
	t0=$(int_now)
	suite_begin
	if [ ! -d /rig/int/stock ] || [ ! -d /rig/int/patched ]; then
		skip "integrations-$SERIES" "the stock and patched builds are not in the guest (integrations/build.sh failed on the host?)"
		return
	fi
	for v in stock patched; do
		for p in xorriso cdrskin growisofs readom sg_dd sg_read; do
			[ -x "/rig/int/$v/bin/$p" ] || { suite_fail "int.programs" "no /rig/int/$v/bin/$p"; return; }
		done
	done
	grep -q '^discxfer ' /proc/modules || modprobe discxfer 2>/dev/null
	if int_trace_on; then
		int_reads_rig
		int_trace_off
	else
		skip "int.read.rig" "no scsi:scsi_dispatch_cmd_start trace event (tracefs) to count the qemu drives' commands"
	fi
	if [ ! -f /rig/dxhost.ko ] || [ ! -f /rig/burn-guest.sh ]; then
		skip "int.dxhost" "dxhost.ko or burn-guest.sh not in the guest"
	else
		BURN_HELPERS_ONLY=1
		. /rig/burn-guest.sh
		BURN_HELPERS_ONLY=0
		BURN_IMG=/tmp/int.iso
		# The image and its one file (for -extract).
		if ! burn_image 3 /tmp/int-src.bin; then
			suite_fail "int.image" "xorriso -as mkisofs failed: $(tail -n 3 "$BURN_OUT" | tr '\n' ' ')"
		else
			echo "MEASURE $SERIES integrations image bytes=$(stat -c %s "$BURN_IMG")" >&3
			timemark integrations-dxhost-reads
			int_reads_dxhost
			timemark integrations-burns
			int_burns
		fi
		rm -f "$BURN_IMG" /tmp/int-src.bin
	fi
	echo "MEASURE $SERIES integrations guest-seconds=$(int_secs "$t0" "$(int_now)")" >&3
	suite_end "integrations-$SERIES"
}

int_run
