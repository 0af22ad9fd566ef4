# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Shared helpers of the guest scripts (busybox sh).  Fd 3 is the results
# channel (second serial port); every check prints exactly one line there:
#   PASS name | FAIL name: reason | SKIP name: reason

P=4096			# page size of x86_64
SGCAP=268435455		# sg refuses dxfer_len >= 256 MiB
SERIES=$(cat /rig/series)

note() { echo "rig: $*" >/dev/kmsg 2>/dev/null; }
# timemark PART: where the guest's time goes; run.sh turns the MARK lines into
# one line of each part's seconds ("PART" from this mark to the next).
timemark() { echo "MARK $(cut -d' ' -f1 /proc/uptime) $*" >&3; }
pass() { echo "PASS $1" >&3; note "PASS $1"; }
fail() { echo "FAIL $1: $2" >&3; note "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2" >&3; note "SKIP $1: $2"; }
# check NAME REASON COMMAND...: PASS when COMMAND succeeds, else FAIL REASON.
check() {
	local n=$1 r=$2
	shift 2
	if "$@"; then pass "$n"; else fail "$n" "$r"; fi
}
# A suite's own line, "NAME: N passed, N failed" (grid, burn, kernel-attr,
# integrations; one suite at a time): suite_begin zeroes SUITE_PASS and
# SUITE_FAIL; suite_pass, suite_fail and suite_check are pass, fail and
# check counted there, suite_tally FILE is tally counted there; suite_end
# NAME prints the line.
suite_begin() { SUITE_PASS=0 SUITE_FAIL=0; }
suite_pass() { pass "$1"; SUITE_PASS=$((SUITE_PASS + 1)); }
suite_fail() { fail "$1" "$2"; SUITE_FAIL=$((SUITE_FAIL + 1)); }
suite_check() {
	local n=$1 r=$2
	shift 2
	if "$@"; then suite_pass "$n"; else suite_fail "$n" "$r"; fi
}
suite_tally() {
	tally "$1"
	SUITE_PASS=$((SUITE_PASS + TALLY_PASS))
	SUITE_FAIL=$((SUITE_FAIL + TALLY_FAIL))
}
suite_end() { echo "$1: $SUITE_PASS passed, $SUITE_FAIL failed" >&3; }

# grid_params SG_TABLESIZE MAX_SECTORS SEGMENT_SIZE DMA_BOUNDARY VIRT_BOUNDARY
# DMA_ALIGNMENT: a line of tests/hostadapter/grid.tsv (columns 2-7) as
# dxhost.ko's module options (0: the kernel's default, left out).
grid_params() {
	local p="sg_tablesize=$1 max_sectors=$2"
	[ "$3" != 0 ] && p="$p max_segment_size=$(($3))"
	[ "$4" != 0 ] && p="$p dma_boundary=$(($4))"
	[ "$5" != 0 ] && p="$p virt_boundary_mask=$(($5))"
	[ "$6" != 0 ] && p="$p dma_alignment=$(($6))"
	echo "$p"
}

# formula H S Z B V A P: the brief's formula in 64-bit shell arithmetic.
# B (seg_boundary_mask) may be empty (unknown from sysfs: treated as >= Z-1)
# and may be negative (a mask of all ones read as -1).  Sets F_SP (S'),
# F_PA (page-aligned) and F_NPA (non-page-aligned); F_SP=0 means invalid.
formula() {
	local H=$1 S=$2 Z=$3 B=$4 V=$5 A=$6 PS=$7 segcap
	F_SP=0 F_PA=0 F_NPA=0
	[ "$H" -gt 0 ] && [ "$S" -gt 0 ] && [ "$Z" -gt 0 ] && [ "$PS" -gt 0 ] || return 1
	segcap=$Z
	if [ -n "$B" ] && [ "$B" -ge 0 ] && [ "$B" -lt $((Z - 1)) ]; then
		segcap=$((B + 1))
	fi
	if [ "$segcap" -ge "$PS" ]; then
		F_SP=$S
	else
		F_SP=$((S / ((PS + segcap - 1) / segcap)))
	fi
	if [ "$V" -ne 0 ] && [ "$V" -gt $((PS - 1)) ]; then
		F_SP=1
	fi
	[ "$F_SP" -gt 0 ] || return 1
	F_PA=$H
	[ $((F_SP * PS)) -lt "$F_PA" ] && F_PA=$((F_SP * PS))
	[ "$SGCAP" -lt "$F_PA" ] && F_PA=$SGCAP
	if [ "$F_SP" -gt 1 ]; then
		F_NPA=$H
		[ $(((F_SP - 1) * PS)) -lt "$F_NPA" ] && F_NPA=$(((F_SP - 1) * PS))
	else
		F_NPA=$F_PA
		[ $((A + 1)) -lt "$F_NPA" ] && F_NPA=$((A + 1))
	fi
	[ "$SGCAP" -lt "$F_NPA" ] && F_NPA=$SGCAP
	return 0
}

# probe_ok NAME NODE LENGTH OFFSET [ARGS...]: one worst-case SG_IO READ (or
# what ARGS of sgio-probe ask for) must succeed.
probe_ok() {
	local n=$1 node=$2 len=$3 off=$4 out rc
	shift 4
	out=$(sgio-probe "$node" "$len" --offset "$off" "$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		pass "$n"
	else
		fail "$n" "sgio-probe $node $len --offset $off $*: exit $rc: $(echo $out)"
	fi
}

# probe_err NAME NODE LENGTH OFFSET ERRNO [ARGS...]: the command must fail
# with ERRNO.
probe_err() {
	local n=$1 node=$2 len=$3 off=$4 e=$5 out rc
	shift 5
	out=$(sgio-probe "$node" "$len" --offset "$off" "$@" 2>&1)
	rc=$?
	if [ $rc -eq 1 ] && echo "$out" | grep -q "SG_IO failed: $e "; then
		pass "$n"
	else
		fail "$n" "sgio-probe $node $len --offset $off $*: expected $e, got exit $rc: $(echo $out)"
	fi
}

# probe_write_ok NAME NODE LENGTH OFFSET WRITABLE: one worst-case SG_IO
# WRITE must be accepted by the kernel.  WRITABLE=1 (scsi_debug): the
# device must complete it and a READ back must return the bytes written.
# WRITABLE=0 (qemu's read-only CD media): the ioctl must return 0; the
# device may then refuse the command with a CHECK CONDITION (the kernel
# mapped and sent the buffer: that is what is proven), said on an INFO line.
probe_write_ok() {
	local n=$1 node=$2 len=$3 off=$4 w=$5 out rc
	if [ "$w" = 1 ]; then
		probe_ok "$n" "$node" "$len" "$off" --write --verify
		return
	fi
	out=$(sgio-probe "$node" "$len" --offset "$off" --write 2>&1)
	rc=$?
	case $rc in
	0) pass "$n" ;;
	4)
		pass "$n"
		echo "INFO $n: accepted by the kernel, refused by the read-only medium: $(echo $out)" >&3
		;;
	*) fail "$n" "WRITE of $len bytes at offset $off on $node: exit $rc: $(echo $out)" ;;
	esac
}

# wait_for SECONDS COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_for() {
	local n=$(($1 * 5))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

# Optical drives with an sr node, one per line: srN
sr_nodes() {
	local d
	for d in /sys/block/sr*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}
# count_sr: how many; the shell's glob, no process (the stress run's churn
# and workers_stop call it while seven workers take the CPUs).
count_sr() {
	local d n=0
	for d in /sys/block/sr*; do
		[ -e "$d" ] && n=$((n + 1))
	done
	echo $n
}
sr_at_least() { [ "$(count_sr)" -ge "$1" ]; }
# optical SCSI devices (ROM, WORM), H:C:T:L one per line
optical() {
	local d t
	for d in /sys/bus/scsi/devices/*:*:*:*; do
		# a drive being removed may go between the glob and the read;
		# read, a builtin: no process per device (all_drives_covered()
		# polls this, and a cat per device slowed the stress cycles)
		read -r t 2>/dev/null <"$d/type" || continue
		[ "$t" = 4 ] || [ "$t" = 5 ] && echo "${d##*/}"
	done
	return 0
}

hctl_of() { basename "$(readlink -f "/sys/block/$1/device")"; }
# scan_lun H:C:T:L: scan host H for that channel, target and LUN only (a
# drive deleted through sysfs comes back).  A scan of the whole host,
# "- - -", takes 9 s under TCG on virtio-scsi (256 targets), more on the
# debug kernel.
scan_lun() {
	local h=${1#*:} c t
	c=${h%%:*}
	h=${h#*:}
	t=${h%%:*}
	echo "$c $t ${h#*:}" >"/sys/class/scsi_host/host${1%%:*}/scan"
}
sg_of() { ls "/sys/block/$1/device/scsi_generic/" 2>/dev/null | head -n 1; }
# The driver behind a drive's SCSI host: the host template's proc_name, or
# (uas leaves it unset) the driver of the nearest ancestor device that has one.
driver_of() {
	local h d n
	h=$(hctl_of "$1")
	n=$(cat "/sys/class/scsi_host/host${h%%:*}/proc_name" 2>/dev/null)
	case "$n" in
	""|"(null)") ;;
	*) echo "$n"; return ;;
	esac
	d=$(readlink -f "/sys/class/scsi_host/host${h%%:*}/device")
	while [ "$d" != /sys ] && [ "$d" != / ]; do
		if [ -e "$d/driver" ]; then
			basename "$(readlink -f "$d/driver")"
			return
		fi
		d=${d%/*}
	done
	echo unknown
}

# start_udev: Debian's systemd-udevd as a daemon, coldplug of the SCSI,
# block and scsi_generic devices, settle.  Logs go to the kernel log.
start_udev() {
	[ -x /lib/systemd/systemd-udevd ] || return 1
	mkdir -p /run/udev
	SYSTEMD_LOG_TARGET=kmsg /lib/systemd/systemd-udevd --daemon || return 1
	udevadm trigger --action=add --subsystem-match=scsi \
		--subsystem-match=block --subsystem-match=scsi_generic \
		--subsystem-match=discxfer || return 1
	udevadm settle --timeout=120
}
stop_udev() {
	udevadm control --exit 2>/dev/null
	return 0
}

# dxhost_host [MODULE]: the SCSI host number of the loaded dxhost (or of
# MODULE, e.g. dxhost2: kattr.sh's grid) (tests/hostadapter/: the limits
# grid, the burns, the burners' patches in guest/integrations.sh).
dxhost_host() {
	local h p
	for h in /sys/class/scsi_host/host*; do
		readvar p "$h/proc_name"
		[ "$p" = "${1:-dxhost}" ] && { echo "${h##*host}"; return 0; }
	done
	return 1
}

# The shell's own ways to the few things the checks read many times: a
# process costs about 0.1 s in the debug kernel's guest under emulation.
# Their own variables are named so that they shadow no caller's.
# readvar VAR FILE: VAR = FILE's first line (a sysfs attribute), "" if none.
readvar() {
	local _readvar_v=
	read -r _readvar_v 2>/dev/null <"$2" || true
	eval "$1=\$_readvar_v"
}
# first_entry VAR DIR: VAR = the first name in DIR, "" if none or no DIR.
first_entry() {
	local _first_entry_x
	eval "$1="
	for _first_entry_x in "$2"/*; do
		[ -e "$_first_entry_x" ] && eval "$1=\${_first_entry_x##*/}"
		break
	done
}
# tally FILE: pass FILE's lines on to fd 3; TALLY_PASS and TALLY_FAIL = its
# PASS and FAIL lines.
tally() {
	local _tally_l
	TALLY_PASS=0 TALLY_FAIL=0
	while IFS= read -r _tally_l; do
		echo "$_tally_l" >&3
		case $_tally_l in
		"PASS "*) TALLY_PASS=$((TALLY_PASS + 1)) ;;
		"FAIL "*) TALLY_FAIL=$((TALLY_FAIL + 1)) ;;
		esac
	done <"$1"
}
# json_limits_are JSON SOURCE PA NPA: `discxfer get --json`'s compact form
# (tools/json.c) gives that source and both answers.
json_limits_are() {
	case $1 in
	*'"source":"'"$2"'","max_page_aligned_transfer_bytes":'"$3"',"max_non_page_aligned_transfer_bytes":'"$4"','*) return 0 ;;
	esac
	return 1
}

# json_num KEY, json_str KEY: the number or string after "KEY": on stdin
# (`discxfer get --json`).
json_num() {
	tr -d '\n' | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p"
}
json_str() {
	tr -d '\n' | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"
}

# load_drives: the drivers of the rig's qemu drives, then scsi_debug (two
# drives); waits for the six sr nodes.
load_drives() {
	local m
	for m in ahci xhci_pci uas usb_storage virtio_pci virtio_scsi sr_mod sg; do
		modprobe "$m" || fail "driver.$m" "modprobe $m failed"
	done
	check driver.scsi_debug "modprobe scsi_debug failed" \
		modprobe scsi_debug ptype=5 sector_size=2048 dev_size_mb=16 num_tgts=2 max_luns=1
	wait_for 60 sr_at_least 6
}
