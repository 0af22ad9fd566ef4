# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The debug kernel's leg (rig.mode=debug, make vm-debug; the kernel of
# tests/vm/debug-kernel.sh): the detectors are checked to be on, then
#   1. fault injection at load: failslab limited to this modprobe's task
#      (task-filter) and to allocations made from the module area
#      (require-start/end), at 100% (the load must fail cleanly: an error
#      in dmesg, no class, no module) and at 30% (each drive either has its
#      class device with right values or a dmesg warning naming it);
#   2. the rig's lifecycle checks (lifecycle.sh) with the module loaded;
#   2b. the series of upstream/linux/ that this kernel carries (kattr.sh):
#      its queue attributes against discxfer.ko and the formula, and SG_IO
#      at their size, on every drive and every shape of the limits grid
#      ("kernel-attr-7.3: N passed, N failed");
#   3. fault injection at hot-add: failslab limited to the module's .text,
#      a scsi_debug host and a rescanned virtio drive added while every
#      allocation of the module fails: each new drive is present without
#      a class device, with a dmesg warning naming it; after the injection
#      stops, a reload covers every drive;
#   4. the stress run (stress.sh) with rig.cycles= cycles;
#   5. kmemleak scanned twice, then dmesg: any KASAN, lockdep, kobject,
#      debugobjects, kmemleak or WARN/BUG report fails and is printed whole
#      (REPORT lines, collected by run.sh into build/vm/debug-7.3/debug/reports.txt).
. /rig/lib.sh
. /rig/lifecycle.sh
. /rig/stress.sh
. /rig/kattr.sh

DBG=/sys/kernel/debug
F=$DBG/failslab
mount -t debugfs debugfs $DBG 2>/dev/null

cycles=50
for w in $(cat /proc/cmdline); do
	case $w in rig.cycles=*) cycles=${w#rig.cycles=} ;; esac
done

# --- the detectors ----------------------------------------------------------
det=
detector() {
	if eval "$2"; then
		det="$det $1"
		pass "debug.detector.$1"
	else
		fail "debug.detector.$1" "not on in this kernel ($2)"
	fi
}
detector KASAN-generic 'dmesg | grep -q "KernelAddressSanitizer initialized (generic)"'
detector lockdep '[ -e /proc/lockdep ]'
detector debugobjects '[ -e $DBG/debug_objects/stats ]'
detector kmemleak '[ -e $DBG/kmemleak ]'
detector failslab '[ -e $F/require-start ] && [ -e $F/task-filter ]'
detector fail_function '[ -e $DBG/fail_function/inject ]'
detector SLUB_DEBUG '[ -e /sys/kernel/slab/kmalloc-64/validate ]'
detector panic_on_warn-off '[ "$(cat /proc/sys/kernel/panic_on_warn)" = 0 ]'
# run.sh boots this kernel with no5lvl: with 5-level paging 7.3's KASAN
# reports a false wild access at boot (README, "Stress run and debug
# kernel").  The kernel drops the CPU's la57 flag when it runs 4-level.
check debug.four-level-paging "la57 in /proc/cpuinfo: 5-level paging, no5lvl not in effect" \
	sh -c '! grep -m1 "^flags" /proc/cpuinfo | grep -qw la57'

# kmemleak: what the kernel leaked before our tests is not ours.
echo scan >$DBG/kmemleak
echo clear >$DBG/kmemleak

# --- drives, without the module -------------------------------------------
for m in ahci xhci_pci uas usb_storage virtio_pci virtio_scsi sr_mod sg; do
	modprobe "$m" || fail "debug.driver.$m" "modprobe $m failed"
done
check debug.driver.scsi_debug "modprobe scsi_debug failed" \
	modprobe scsi_debug ptype=5 sector_size=2048 dev_size_mb=16 num_tgts=2 max_luns=1
check debug.drives "only $(count_sr) sr devices" wait_for 120 sr_at_least 6

fi_off() {
	echo 0 >$F/probability
	echo N >$F/task-filter
	echo 0x0 >$F/require-start
	echo 0xffffffffffffffff >$F/require-end
}
# fi_on PERCENT START END TASKFILTER
fi_on() {
	echo N >$F/ignore-gfp-wait
	echo 1 >$F/verbose
	echo 32 >$F/stacktrace-depth
	echo -1 >$F/times
	echo 1 >$F/interval
	echo "$2" >$F/require-start
	echo "$3" >$F/require-end
	echo "$4" >$F/task-filter
	echo "$1" >$F/probability
}
# mark: a marker in the kernel log, printed (its name); new_dmesg NAME: the
# log from that marker on (markers, not line counts: the ring buffer wraps).
# (run as $(mark): the name is unique without a counter in this shell)
mark() {
	local m
	m=$(cut -d' ' -f1 /proc/uptime)-$RANDOM
	echo "rig: mark $m" >/dev/kmsg
	echo "$m"
}
new_dmesg() { dmesg | sed -n "/rig: mark $1\$/,\$p"; }

# drive_ok_or_reported HCTL FROM: a class device with right values, or
# none and a warning naming the drive in the log since line FROM.
drive_ok_or_reported() {
	local h=$1 from=$2
	if has_classdev "$h"; then
		: >"$ST/bad.fi"
		read_drive fi "/sys/class/discxfer/$h" >/dev/null
		[ ! -s "$ST/bad.fi" ]
		return
	fi
	new_dmesg "$from" | grep -q "$h: cannot add discxfer device"
}

# --- 1. fault injection at load --------------------------------------------
ST=/tmp/stress
mkdir -p $ST
if [ -e $F/require-start ]; then
	# The module area of x86_64 (MODULES_VADDR with or without KASLR, to
	# MODULES_END): the kernel's own text is below it.
	# Written in hex: busybox's arithmetic prints these as negative.
	MSTART=0xffffffffa0000000
	MEND=0xffffffffff000000
	n0=$(mark)
	fi_on 100 "$MSTART" "$MEND" Y
	sh -c 'echo 1 >/proc/self/make-it-fail; exec modprobe discxfer' 2>/dev/null
	rc=$?
	fi_off
	check debug.fi-load-100.fails "modprobe succeeded with every module allocation failing" [ $rc -ne 0 ]
	check debug.fi-load-100.no-module "the module is loaded after a failed init" [ ! -e /sys/module/discxfer ]
	check debug.fi-load-100.no-class "/sys/class/discxfer is left after a failed init" [ ! -e /sys/class/discxfer ]
	check debug.fi-load-100.reported "no 'discxfer: cannot register' error in dmesg" \
		sh -c "dmesg | sed -n '/rig: mark $n0\$/,\$p' | grep -q 'discxfer: cannot register'"
	loads=0 failed_loads=0 missing=0 bad=0
	for r in $(seq 12); do
		n0=$(mark)
		fi_on 30 "$MSTART" "$MEND" Y
		sh -c 'echo 1 >/proc/self/make-it-fail; exec modprobe discxfer' 2>/dev/null
		rc=$?
		fi_off
		if [ $rc -ne 0 ]; then
			failed_loads=$((failed_loads + 1))
			if [ -e /sys/module/discxfer ] || [ -e /sys/class/discxfer ]; then
				bad=1; fail "debug.fi-load-30.round-$r" "failed load left the module or its class"
			fi
			new_dmesg "$n0" | grep -q 'discxfer: cannot register' ||
				{ bad=1; fail "debug.fi-load-30.round-$r" "failed load without an error in dmesg"; }
			continue
		fi
		loads=$((loads + 1))
		for h in $(optical); do
			has_classdev "$h" || missing=$((missing + 1))
			drive_ok_or_reported "$h" "$n0" ||
				{ bad=1; fail "debug.fi-load-30.round-$r.$h" "no class device and no warning naming $h, or wrong values"; }
		done
		rmmod discxfer || { bad=1; fail "debug.fi-load-30.round-$r" "rmmod failed"; }
	done
	echo "INFO debug.fi-load-30: 12 rounds: $loads loads, $failed_loads failed cleanly, $missing drives left without attributes" >&3
	[ $bad = 0 ] && pass debug.fi-load-30.each-failure-clean
fi

# --- 2. load, the rig's lifecycle checks ---------------------------------
timemark lifecycle
check debug.load "modprobe discxfer failed" modprobe discxfer
check debug.load-covers-all "a drive has no class device" wait_for 30 all_drives_covered
lifecycle
check debug.kobject-release-delayed "no delayed kobject release in dmesg (DEBUG_KOBJECT_RELEASE off?)" \
	sh -c 'dmesg | grep -q "kobject_release, parent .* (delayed"'
dmesg | grep -q "kobject_release, parent .* (delayed" && det="$det DEBUG_KOBJECT_RELEASE"

# --- 2b. the queue attributes of upstream/linux/ (kattr.sh) ----------------
timemark kernel-attr
have_discxfer() { lsmod | grep -q '^discxfer '; }
have_discxfer || modprobe discxfer
kattr_run

# --- 3. fault injection at hot-add --------------------------------------------
timemark fault-injection-hot-add
if [ -e $F/require-start ] && [ -e /sys/module/discxfer/sections/.text ]; then
	tstart=$(cat /sys/module/discxfer/sections/.text)
	# .text ends where the next section of any module begins (all of
	# them in the upper half: signed comparison keeps their order).
	tend=0xffffffffff000000
	for s in /sys/module/*/sections/*; do
		a=$(cat "$s" 2>/dev/null) || continue
		[ $((a)) -gt $((tstart)) ] && [ $((a)) -lt $((tend)) ] && tend=$a
	done
	echo "INFO debug.fi-hotadd: failslab limited to discxfer .text $tstart-$tend" >&3
	before=$(optical)
	n0=$(mark)
	fi_on 100 "$tstart" "$tend" N
	echo 1 >$SD/add_host
	vsr=
	for s in $(sr_nodes); do
		[ "$(driver_of "$s")" = virtio_scsi ] && vsr=$s
	done
	vh=$(hctl_of "$vsr")
	echo 1 >"/sys/block/$vsr/device/delete"
	wait_for 20 no_classdev "$vh"
	scan_lun "$vh"
	wait_for 60 sh -c "[ \$(ls -d /sys/bus/scsi/devices/*:*:*:*/type | wc -l) -gt $(echo "$before" | wc -l) ]"
	sleep 5
	fi_off
	new=
	for h in $(optical); do
		echo "$before" | grep -qx "$h" || new="$new $h"
	done
	check debug.fi-hotadd.drives-added "no new drive appeared (before: $(echo $before))" [ -n "$new" ]
	has_classdev "$vh" || new="$new $vh"
	ok=1
	for h in $new; do
		if has_classdev "$h"; then
			ok=0; fail "debug.fi-hotadd.$h" "has a class device although every module allocation failed"
		elif ! new_dmesg "$n0" | grep -q "$h: cannot add discxfer device"; then
			ok=0; fail "debug.fi-hotadd.$h" "no dmesg warning naming $h"
		fi
	done
	[ $ok = 1 ] && pass debug.fi-hotadd.each-failure-reported
	echo "INFO debug.fi-hotadd: drives added under injection:$new" >&3
	check debug.fi-hotadd.rmmod "rmmod failed" rmmod discxfer
	check debug.fi-hotadd.reload "modprobe failed" modprobe discxfer
	check debug.fi-hotadd.reload-covers-all "a drive has no class device after the reload" \
		wait_for 30 all_drives_covered
	echo -1 >$SD/add_host
	wait_for 30 sh -c '[ $(ls /sys/block | grep -c "^sr") -eq 6 ]'
fi

# --- 4. the stress run ------------------------------------------------------
timemark stress
# The slab figure is printed, not bounded, here: kmemleak's and
# debugobjects' own caches grow with every allocation tracked, and
# DEBUG_KOBJECT_RELEASE holds every release back 1-4 s.  kmemleak (below)
# is this leg's leak check.
STRESS_SLAB_CHECK=0
STRESS_SLAB_WHY="debug kernel: kmemleak/debugobjects caches and delayed kobject releases; kmemleak judges leaks"
stress "$cycles" debug.stress
echo "STRESS-LINE $STRESS_LINE" >&3

# --- 5. kmemleak, then every report in dmesg ---------------------------------
timemark kmemleak
rmmod discxfer
modprobe discxfer
echo scan >$DBG/kmemleak
sleep 10
echo scan >$DBG/kmemleak
leaks=$(cat $DBG/kmemleak)
if [ -n "$leaks" ]; then
	fail debug.kmemleak "$(echo "$leaks" | grep -c 'unreferenced object') unreferenced objects (REPORT lines)"
	echo "$leaks" | head -n 400 | sed 's/^/REPORT kmemleak: /' >&3
else
	pass debug.kmemleak
fi
pat='BUG:|WARNING:|KASAN|Oops|general protection|ODEBUG|refcount_t:|DEBUG_LOCKS_WARN_ON|suspicious RCU|possible circular|inconsistent lock|kobject.*is not initialized|tried to init an initialized|Call Trace:'
# (the rig's own notes, "rig: PASS debug.detector.KASAN-generic", are not reports)
dmesg | grep -v 'rig: ' >/tmp/dmesg.txt
first=$(grep -n -E "$pat" /tmp/dmesg.txt | head -n 1 | cut -d: -f1)
if [ -n "$first" ]; then
	fail debug.dmesg-no-reports "$(grep -c -E "$pat" /tmp/dmesg.txt) report lines, first: $(sed -n "${first}p" /tmp/dmesg.txt)"
	sed -n "$((first > 5 ? first - 5 : 1)),\$p" /tmp/dmesg.txt | grep -v 'kobject_release, parent' |
		head -n 3000 | sed 's/^/REPORT dmesg: /' >&3
else
	pass debug.dmesg-no-reports
fi
t=$(cat /proc/sys/kernel/tainted)
check debug.taint-only-O-E "tainted=$t" [ $((t & ~12288)) -eq 0 ]
echo "DETECTORS$det DEBUG_ATOMIC_SLEEP(config) refcount_t(always)" >&3
