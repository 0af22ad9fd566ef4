# SPDX-License-Identifier: LGPL-2.1-or-later
#
# `make vm-bench` in the guest (rig.mode=bench; busybox sh, fd 3 = results).
#
# 1. What a burner gains: on every drive, the same BENCH_MIB MiB (32) read
#    with SG_IO READ(12) commands of 32 KiB (libburn, growisofs), 64 KiB,
#    63 KiB rounded down to whole blocks (cdrecord's 63 KiB buffer), the
#    soft limit (max_sectors_kb: wodim, BLKSECTGET users) and discxfer's
#    page-aligned answer; on scsi_debug the same with WRITE(12).  The sizes
#    alternate within each of BENCH_ROUNDS rounds (3) in one boot; the
#    median time per size is printed with the commands issued and its ratio
#    to the time discxfer's size took.  A size that fails says so.
# 2. What a query costs on real sysfs: the library's warm query, its
#    get_limits, a cold open+query, one `discxfer get` process, one
#    `discxfer udev-import` process, against one raw read of the attribute
#    and one `cat` process; with the module and without, with the rig's
#    drives and with 256 more (scsi_debug add_host).
. /rig/lib.sh

BENCH_MIB=32
BENCH_ROUNDS=3
for w in $(cat /proc/cmdline); do
	case $w in
	rig.bench_mib=*) BENCH_MIB=${w#rig.bench_mib=} ;;
	rig.bench_rounds=*) BENCH_ROUNDS=${w#rig.bench_rounds=} ;;
	esac
done

out() { echo "$*" >&3; }

# med FILE: the median of the numbers in FILE, one per line.
med() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print 0; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for m in ahci xhci_pci uas usb_storage virtio_pci virtio_scsi sr_mod sg; do
	modprobe "$m" 2>/dev/null
done
modprobe scsi_debug ptype=5 sector_size=2048 dev_size_mb=$((BENCH_MIB + 8)) num_tgts=2 max_luns=1
wait_for 60 sr_at_least 6
modprobe discxfer || fail bench.module "modprobe discxfer failed"

# --- 1. commands of each size --------------------------------------------
bench_drive() {
	local sr=$1 dir=$2 drv q L pa soft c63 total sizes r c res ns cmds t base f
	drv=$(driver_of "$sr")
	q=/sys/block/$sr/queue
	L=$(cat "$q/logical_block_size")
	pa=$(discxfer get "/dev/$sr" --value page-aligned)
	soft=$(($(cat "$q/max_sectors_kb") * 1024 / L * L))
	c63=$((63 * 1024 / L * L))
	total=$((BENCH_MIB * 1024 * 1024))
	# Each size once (the soft limit often equals the answer).
	sizes=$(for c in 32768 65536 $c63 $soft $pa; do echo "$c"; done | awk '!seen[$1]++')
	f=/tmp/bench.$sr.$dir
	rm -f "$f".*
	r=1
	while [ $r -le "$BENCH_ROUNDS" ]; do
		for c in $sizes; do
			if [ "$dir" = write ]; then
				res=$(rig-bench io "/dev/$sr" "$c" "$total" --write 2>&1)
			else
				res=$(rig-bench io "/dev/$sr" "$c" "$total" 2>&1)
			fi
			case $res in
			cmds=*)
				ns=${res#*ns=}
				echo "$ns" >>"$f.$c"
				echo "${res%% *}" >"$f.$c.cmds"
				;;
			*) echo "$res" >"$f.$c.failed" ;;
			esac
		done
		r=$((r + 1))
	done
	base=
	[ -s "$f.$pa" ] && base=$(med "$f.$pa")
	for c in $sizes; do
		t=$c
		[ "$c" = "$pa" ] && t="$c(discxfer)"
		[ "$c" = "$soft" ] && t="$t(soft-limit)"
		if [ -s "$f.$c.failed" ]; then
			out "bench-$SERIES drive=$sr host=$drv dir=$dir chunk=$t $(cat "$f.$c.failed")"
			continue
		fi
		ns=$(med "$f.$c")
		cmds=$(cat "$f.$c.cmds")
		out "bench-$SERIES drive=$sr host=$drv dir=$dir chunk=$t $cmds" \
			"ms=$(awk -v n="$ns" 'BEGIN { printf "%.1f", n / 1e6 }')" \
			"ratio=$(awk -v n="$ns" -v b="${base:-0}" 'BEGIN { if (b > 0) printf "%.2f", n / b; else print "n/a" }')"
	done
}

note "bench: $BENCH_MIB MiB per size, $BENCH_ROUNDS rounds"
for sr in $(sr_nodes); do
	bench_drive "$sr" read
	[ "$(driver_of "$sr")" = scsi_debug ] && bench_drive "$sr" write
done

# --- 2. what a query costs -------------------------------------------------
qcost() {
	local label=$1 sr=$2 n h raw res catns bbns getns impns what
	n=$(count_sr)
	h=$(hctl_of "$sr")
	if [ -d "/sys/class/discxfer/$h" ]; then
		raw=/sys/class/discxfer/$h/max_page_aligned_transfer_bytes
	else
		raw=/sys/block/$sr/queue/max_hw_sectors_kb
	fi
	rig-bench query "/dev/$sr" "$raw" 3 50 | while read -r res; do
		out "qcost-$SERIES drives=$n module=$label $res"
	done
	# The reference: coreutils' cat (dynamically linked, as on any
	# Debian system), and busybox's (static: no dynamic loading at all).
	catns=$(rig-bench spawn 3 5 cat-coreutils "$raw")
	catns=${catns#ns=}
	bbns=$(rig-bench spawn 3 5 cat "$raw")
	bbns=${bbns#ns=}
	getns=$(rig-bench spawn 3 5 discxfer get "/dev/$sr")
	getns=${getns#ns=}
	impns=$(rig-bench spawn 3 5 discxfer udev-import "/sys/block/$sr")
	impns=${impns#ns=}
	for what in cat:$catns busybox-cat:$bbns get-process:$getns udev-import-process:$impns; do
		out "qcost-$SERIES drives=$n module=$label what=${what%%:*} ns=${what#*:}" \
			"ratio_to_cat=$(awk -v a="${what#*:}" -v b="$catns" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
	done
}

first=$(sr_nodes | head -n 1)
qcost loaded "$first"
rmmod discxfer && qcost unloaded "$first"
modprobe discxfer
# 256 more drives: 128 more scsi_debug hosts of two targets each.
before=$(count_sr)
t0=$(cut -d. -f1 /proc/uptime)
echo 128 >/sys/bus/pseudo/drivers/scsi_debug/add_host
wait_for 600 sr_at_least $((before + 256)) || note "bench: only $(count_sr) drives"
note "bench: $(count_sr) drives after $(($(cut -d. -f1 /proc/uptime) - t0)) s"
qcost loaded "$first"
rmmod discxfer && qcost unloaded "$first"
out "BENCH-DONE"
