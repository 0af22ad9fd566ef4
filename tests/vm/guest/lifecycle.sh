# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Lifecycle checks of the module: hot-remove and rescan, scsi_debug hosts
# coming and going, unload and reload with readers running.

n_classdev() { ls /sys/class/discxfer 2>/dev/null | wc -l; }
classdev_count_is() { [ "$(n_classdev)" -eq "$1" ]; }
no_classdev() { [ ! -e "/sys/class/discxfer/$1" ]; }
has_classdev() { [ -e "/sys/class/discxfer/$1" ]; }
# every ROM/WORM SCSI device has its class device
all_drives_covered() {
	local h
	for h in $(optical); do
		has_classdev "$h" || return 1
	done
	return 0
}

lifecycle() {
	local sr hctl n0 i pids ok

	# Hot-remove one drive through sysfs, then scan its host for it.
	sr=
	for s in $(sr_nodes); do
		[ "$(driver_of "$s")" = virtio_scsi ] && sr=$s
	done
	[ -n "$sr" ] || sr=$(sr_nodes | head -n 1)
	hctl=$(hctl_of "$sr")
	echo 1 >"/sys/block/$sr/device/delete"
	check "lifecycle.delete-removes-class-device" "$hctl still there" \
		wait_for 10 no_classdev "$hctl"
	scan_lun "$hctl"
	check "lifecycle.rescan-adds-class-device" "$hctl not back" \
		wait_for 20 has_classdev "$hctl"

	# scsi_debug: add a host (two more drives), then remove it.
	n0=$(n_classdev)
	echo 1 >/sys/bus/pseudo/drivers/scsi_debug/add_host
	check "lifecycle.add-host-adds-class-devices" "$(n_classdev) after add_host, was $n0" \
		wait_for 20 classdev_count_is $((n0 + 2))
	echo -1 >/sys/bus/pseudo/drivers/scsi_debug/add_host
	check "lifecycle.remove-host-removes-class-devices" "$(n_classdev) after removal, was $n0" \
		wait_for 20 classdev_count_is "$n0"

	# Unload and reload several times while readers cat every attribute
	# in a loop, and while one attribute file is held open.
	pids=
	for i in 1 2 3; do
		(while :; do cat /sys/class/discxfer/*/* >/dev/null 2>&1; done) &
		pids="$pids $!"
	done
	ok=1
	for i in 1 2 3 4 5; do
		exec 4</sys/class/discxfer/"$hctl"/max_segments
		if ! rmmod discxfer; then
			ok=0; fail "lifecycle.rmmod-$i" "rmmod failed"; break
		fi
		read -r _ <&4 2>/dev/null
		exec 4<&-
		if [ -e /sys/class/discxfer ] && [ "$(n_classdev)" -ne 0 ]; then
			ok=0; fail "lifecycle.rmmod-$i" "class devices left"; break
		fi
		if ! modprobe discxfer; then
			ok=0; fail "lifecycle.reload-$i" "modprobe failed"; break
		fi
		if ! wait_for 10 all_drives_covered; then
			ok=0; fail "lifecycle.reload-$i" "not every drive has its class device"; break
		fi
	done
	kill $pids 2>/dev/null
	wait 2>/dev/null
	[ $ok = 1 ] && pass "lifecycle.unload-reload-with-readers"
	check "lifecycle.load-after-drives-covers-all" "a drive has no class device" \
		all_drives_covered
}

# kernel_clean: no warning in dmesg, taint only O (4096) and E (8192).  A
# user-space program's fault ("traps: NAME[PID] general protection fault
# ip:... sp:... error:...", which the kernel logs for the signal it sends,
# followed by " in FILE[...]" only when ip lies in a mapping: CI of
# c37f0c7 on 7.3 saw cdrskin jump to ip:df2a82f0e6a9e985 after its
# expected EINVAL, a line without " in ") is no kernel problem: an INFO
# line names it.
kernel_clean() {
	local bad t user
	user='^\[[ 0-9.]+\] traps: [^ ]+\[[0-9]+\] general protection fault ip:[0-9a-f]+ sp:[0-9a-f]+ error:[0-9a-f]+( in .*)?$'
	dmesg | grep -E "$user" | head -n 3 | while read -r t; do
		echo "INFO kernel.user-space-fault: $t" >&3
	done
	bad=$(dmesg | grep -E 'WARNING|BUG|Oops|refcount|use-after-free|general protection' |
		grep -vE "$user" | head -n 3)
	check "kernel.dmesg-clean" "$(echo $bad)" [ -z "$bad" ]
	t=$(cat /proc/sys/kernel/tainted)
	check "kernel.taint-only-O-E" "tainted=$t" [ $((t & ~12288)) -eq 0 ]
}

# Bytes in active slab objects (/proc/slabinfo: active_objs * objsize,
# summed over every cache), after dropping the reclaimable caches.
slab_bytes() {
	slab_shrink
	awk 'NR > 2 { t += $2 * $4 } END { printf "%d\n", t }' /proc/slabinfo
}

# slab_shrink: drop the page cache, then shrink every slab cache.  SLUB
# counts the free objects of each CPU's slabs (7.x: its per-CPU sheaves) as
# active in /proc/slabinfo (only node-partial slabs are subtracted): several
# hundred KiB of noise.  Shrinking a cache flushes its CPU slabs and frees
# its empty ones, so what is counted is what is allocated.  Only shell
# builtins run in the loop.
slab_shrink() {
	local f
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f"
	done 2>/dev/null
}

# slab_delta: growth of active slab objects (bytes) from loading the module with
# the drives now present, the median of three unload/load rounds (the module
# is loaded on entry and on return).
slab_delta() {
	local s0 s1 i d=
	for i in 1 2 3; do
		rmmod discxfer || return 1
		s0=$(slab_bytes)
		modprobe discxfer || return 1
		wait_for 30 all_drives_covered || return 1
		s1=$(slab_bytes)
		d="$d $((s1 - s0))"
	done
	echo $d | tr ' ' '\n' | sort -n | sed -n 2p
}

# measure_slab: slab growth per drive, from the module loaded with the base
# drives and with 64 more scsi_debug drives (32 hosts of 2 targets).  A
# measurement, reported as a MEASURE line; the checks are that it completes
# and that every added drive gets (and loses) its class device.
measure_slab() {
	local n0 n1 d0 d1 i
	n0=$(n_classdev)
	d0=$(slab_delta) || { fail measure.slab-base "reload failed"; return; }
	for i in $(seq 32); do
		echo 1 >/sys/bus/pseudo/drivers/scsi_debug/add_host
	done
	if ! wait_for 120 classdev_count_is $((n0 + 64)); then
		fail measure.slab-64-drives "$(n_classdev) class devices, expected $((n0 + 64))"
		return
	fi
	n1=$(n_classdev)
	d1=$(slab_delta) || { fail measure.slab-64-drives "reload failed"; return; }
	echo "MEASURE $SERIES slab growth on module load (active objects, median of 3): $d0 bytes with $n0 drives," \
		"$d1 bytes with $n1 drives: $(((d1 - d0) / (n1 - n0))) bytes per drive" >&3
	pass measure.slab-64-drives
	for i in $(seq 32); do
		echo -1 >/sys/bus/pseudo/drivers/scsi_debug/add_host
	done
	check measure.slab-64-drives-removed "$(n_classdev) class devices left, expected $n0" \
		wait_for 60 classdev_count_is "$n0"
}
