# SPDX-License-Identifier: LGPL-2.1-or-later
#
# `make vm-bench` in the guest (rig.mode=bench; busybox sh, fd 3 = results).
#
# 1. What a burner gains: on each drive, the same BENCH_MIB MiB (32) read
#    with SG_IO READ(12) commands of 32 KiB (libburn, growisofs), 64 KiB,
#    63 KiB rounded down to whole blocks (cdrecord's 63 KiB buffer), the
#    soft limit (max_sectors_kb: wodim, BLKSECTGET users) and discxfer's
#    page-aligned answer; on scsi_debug the same with WRITE(12).  The sizes
#    run in turn within each of BENCH_ROUNDS rounds (3) in one boot, each
#    round starting one size later; the
#    median time per size is printed with the commands issued and its ratio
#    to the time discxfer's size took.  A size that fails says so.  The
#    rig's drives: the four qemu drives (one per host type) and six
#    scsi_debug drives, 10 in all; the six scsi_debug drives are one host's
#    identical targets, so one of them is measured.
# 2. What a query costs on real sysfs: the library's warm query, its
#    get_limits, a cold open+query (rig-bench query), against one raw read
#    of the attribute; one `discxfer get` and `discxfer udev-import` process
#    against one `cat` process (coreutils'; busybox's static one beside it),
#    run in turn (rig-bench spawns); one `discxfer list` against util-linux's
#    lsblk listing the sr devices (`lsblk -d -I 11`) and against `udevadm
#    info` on each sr node (one process per node, udevadm-each.sh, timed as
#    one unit); `discxfer udev-import` against udev's own cdrom_id on the
#    same drive; with the module and without, with the 10 drives and with
#    256 more (scsi_debug add_host, created with scsi_debug's per-command
#    delay off; sr_mod gives at most 256 drives an sr node, the others have
#    sg only).  Debian's systemd-udevd runs through this half when the guest
#    has it (an INFO line says whether it ran).  Other builds of the
#    command put in build/vm/guest-bin as discxfer-NAME are measured too.
# 3. The speed targets, one "MEASURE vm-bench-SERIES
#    target=..." line each, met or missed by how much, and the raw times of
#    each comparison on a "MEASURE ... what=A/B" line: figures, never a
#    pass or a fail; INFO lines say where the boot's time went.
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
modprobe scsi_debug ptype=5 sector_size=2048 dev_size_mb=$((BENCH_MIB + 8)) num_tgts=6 max_luns=1
wait_for 60 sr_at_least 10
modprobe discxfer || fail bench.module "modprobe discxfer failed"
SD=/sys/bus/pseudo/drivers/scsi_debug
# measure LINE: a figure for the host (run.sh keeps MEASURE lines).
measure() { echo "MEASURE vm-bench-$SERIES $*" >&3; }
T0=$(cut -d' ' -f1 /proc/uptime)
# phase WHAT: the seconds since the benchmark began, in the kernel log and
# as an INFO line (where the boot's time goes).
phase() {
	local t
	t=$(cut -d' ' -f1 /proc/uptime)
	note "bench: $* at $(awk -v a="$t" -v b="$T0" 'BEGIN { printf "%.0f", a - b }') s"
	echo "INFO vm-bench-$SERIES phase: $* at $(awk -v a="$t" -v b="$T0" 'BEGIN { printf "%.0f", a - b }') s" >&3
}

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
		# Each round starts one size later (a size's place in the round
		# must not weigh on its time).
		for c in $(echo $sizes | awk -v r="$r" '{ for (i = 0; i < NF; i++) print $((i + r - 1) % NF + 1) }'); do
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
sd_done=
for sr in $(sr_nodes); do
	if [ "$(driver_of "$sr")" = scsi_debug ]; then
		[ -n "$sd_done" ] && continue
		sd_done=$sr
		bench_drive "$sr" read
		phase "io $sr read done"
		bench_drive "$sr" write
		phase "io $sr write done"
	else
		bench_drive "$sr" read
		phase "io $sr read done"
	fi
done

# --- 2. what a query costs -------------------------------------------------
# The drives as the library counts them: SCSI devices of type 4 or 5 (sr_mod
# gives at most 256 of them an sr node: SR_DISKS; the others have sg only).
count_drives() { grep -lx '[45]' /sys/bus/scsi/devices/*/type 2>/dev/null | wc -l; }

# An answer of rig-bench spawns (FILE): command K's median time (sp_ns), its
# ratio to the first command (sp_ratio), and sp_rratio FILE K J: the median
# over the rounds of K's mean over J's, as rig-bench takes ratio_to_first.
sp_ns() { sed -n "s/^cmd=$2 ns=\([0-9]*\) .*/\1/p" "$1"; }
sp_ratio() { sed -n "s/^cmd=$2 .*ratio_to_first=\([0-9.]*\) .*/\1/p" "$1"; }
sp_rratio() {
	awk -v k="cmd=$2" -v j="cmd=$3" '
	$1 == k { a = $NF }
	$1 == j { b = $NF }
	END {
		sub(/^rounds_ns=/, "", a)
		sub(/^rounds_ns=/, "", b)
		n = split(a, x, ",")
		if (n == 0 || split(b, y, ",") != n) exit
		m = 0
		for (i = 1; i <= n; i++) if (y[i] > 0) r[++m] = x[i] / y[i]
		if (m == 0) exit
		for (i = 2; i <= m; i++) {
			v = r[i]
			for (p = i - 1; p >= 1 && r[p] > v; p--) r[p + 1] = r[p]
			r[p + 1] = v
		}
		printf "%.2f\n", m % 2 ? r[(m + 1) / 2] : (r[m / 2] + r[m / 2 + 1]) / 2
	}' "$1"
}
# spawns_failed FILE WHAT: an INFO line with rig-bench's answer when a
# spawns call failed (its figures are then empty: verdict=n/a).
spawns_failed() {
	grep -q '^cmd=1 ns=' "$1" && return 0
	echo "INFO vm-bench-$SERIES $2: rig-bench spawns failed: $(cat "$1" | tr '\n' ' ')" >&3
}

# listcost LABEL N RAW: the enumeration against its references, appended to
# /tmp/p.LABEL ("what ns ratio_to_cat rows").  One call: util-linux's lsblk
# listing the sr devices (major 11) first, then one `discxfer list`, then
# coreutils' cat of RAW: list over lsblk, list (and lsblk) over cat from the
# same rounds.  Another: `udevadm info` on each sr node, one process per node
# (udevadm-each.sh, timed as one unit) first, then one `discxfer list`.
# Rounds of 1, as few as give a median: with 266 drives a list takes
# seconds under TCG, and the udevadm loop runs 256 processes (one round
# there, the ratio of that round).
listcost() {
	local label=$1 n=$2 raw=$3 f r i er nl nk ne tl tk tc te tl2
	f=/tmp/l.$label.$n
	nl=$(discxfer list -n | wc -l)
	nk=$(lsblk -d -n -I 11 -o NAME | wc -l)
	ne=$(ls /dev/sr* 2>/dev/null | wc -l)
	# lsblk must really list the sr devices (one row each, no header).
	echo "INFO vm-bench-$SERIES drives=$n module=$label lsblk -d -I 11: $nk rows," \
		"$(count_sr) sr devices; discxfer list: $nl rows; first lsblk row:" \
		"$(lsblk -d -n -I 11 | head -n 1 | tr -s ' ')" >&3
	if [ "$n" -gt 100 ]; then
		r=3 i=1 er=1
	else
		r=5 i=2 er=3
	fi
	rig-bench spawns $r $i "lsblk -d -I 11" "discxfer list" "cat-coreutils $raw" >$f
	spawns_failed $f "list/lsblk drives=$n module=$label"
	tk=$(sp_ns $f 1)
	tl=$(sp_ns $f 2)
	tc=$(sp_ns $f 3)
	out "qcost-$SERIES drives=$n module=$label what=list-process ns=${tl:-0} ratio_to_cat=$(sp_rratio $f 2 3)"
	out "qcost-$SERIES drives=$n module=$label what=lsblk-process ns=${tk:-0} ratio_to_cat=$(sp_rratio $f 1 3)"
	echo "list-process $tl $(sp_rratio $f 2 3) $nl" >>/tmp/p.$label
	echo "lsblk-process $tk $(sp_rratio $f 1 3) $nk" >>/tmp/p.$label
	verdict "list<=lsblk drives=$n module=$label" "$(sp_ratio $f 2)" 1.0
	measure "what=list/lsblk drives=$n module=$label list-ns=$tl lsblk-ns=$tk cat-ns=$tc" \
		"list-rows=$nl lsblk-rows=$nk ratio=$(sp_ratio $f 2) rounds=${r}x$i"
	command -v udevadm >/dev/null || return 0
	rig-bench spawns $er 1 "sh /rig/udevadm-each.sh" "discxfer list" >$f.each
	spawns_failed $f.each "list/udevadm-info-each drives=$n module=$label"
	te=$(sp_ns $f.each 1)
	tl2=$(sp_ns $f.each 2)
	out "qcost-$SERIES drives=$n module=$label what=udevadm-info-each nodes=$ne ns=${te:-0} ratio_to_list=$(awk -v a="$te" -v b="$tl2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
	echo "udevadm-info-each $te - $ne" >>/tmp/p.$label
	verdict "list<=udevadm-info-each drives=$n module=$label" "$(sp_ratio $f.each 2)" 1.0
	measure "what=list/udevadm-info-each drives=$n module=$label list-ns=$tl2" \
		"udevadm-info-each-ns=$te nodes=$ne ratio=$(sp_ratio $f.each 2) rounds=${er}x1"
}

# importcost LABEL SR N: `discxfer udev-import /sys/block/SR` against udev's
# own cdrom_id on the same drive (both run by udev for each sr node), cdrom_id
# first, 5 rounds of 4.
importcost() {
	local label=$1 sr=$2 n=$3 f
	[ -x /lib/udev/cdrom_id ] || return 0
	f=/tmp/i.$label.$n
	rig-bench spawns 5 4 "/lib/udev/cdrom_id /dev/$sr" \
		"discxfer udev-import /sys/block/$sr" >$f
	spawns_failed $f "udev-import/cdrom_id drives=$n module=$label"
	verdict "udev-import<=cdrom_id drives=$n module=$label" "$(sp_ratio $f 2)" 1.0
	measure "what=udev-import/cdrom_id drive=$sr drives=$n module=$label" \
		"udev-import-ns=$(sp_ns $f 2) cdrom_id-ns=$(sp_ns $f 1) ratio=$(sp_ratio $f 2) rounds=5x4"
}

qcost() {
	local label=$1 sr=$2 n h raw res what whats c v ns ratio
	n=$(count_drives)
	h=$(hctl_of "$sr")
	if [ -d "/sys/class/discxfer/$h" ]; then
		raw=/sys/class/discxfer/$h/max_page_aligned_transfer_bytes
	else
		raw=/sys/block/$sr/queue/max_hw_sectors_kb
	fi
	rig-bench query "/dev/$sr" "$raw" 3 50 >/tmp/q.$label.$n
	while read -r res; do
		out "qcost-$SERIES drives=$n module=$label $res"
	done </tmp/q.$label.$n
	# One process each, in turn (cat get import ...), 5 rounds of 4: the
	# reference is coreutils' cat (dynamically linked, as on any Debian
	# system); busybox's (static: no dynamic loading at all) beside it.
	# Other builds of the command (build/vm/guest-bin/discxfer-NAME, e.g.
	# the installed one without the build tree's RUNPATH), beside it.
	# `discxfer list` is measured with lsblk (listcost), fewer rounds.
	set -- "cat-coreutils $raw" "cat $raw" "discxfer get /dev/$sr" \
		"discxfer udev-import /sys/block/$sr"
	whats="cat busybox-cat get-process udev-import-process"
	for v in /rig/bin/discxfer-*; do
		[ -x "$v" ] || continue
		set -- "$@" "$v get /dev/$sr" "$v udev-import /sys/block/$sr"
		whats="$whats get-process:${v##*/} udev-import-process:${v##*/}"
	done
	rig-bench spawns 5 4 "$@" >/tmp/s.$label.$n
	: >/tmp/p.$label
	for what in $whats; do
		c=$((${c:-0} + 1))
		res=$(sed -n "s/^cmd=$c //p" /tmp/s.$label.$n)
		case $res in
		ns=*) ;;
		*) res="ns=0 ratio_to_first=n/a $(cat /tmp/s.$label.$n)" ;;
		esac
		ns=${res#ns=}
		ns=${ns%% *}
		ratio=${res##*ratio_to_first=}
		ratio=${ratio%% *}
		case $what in
		*:*) out "qcost-$SERIES drives=$n module=$label what=${what%%:*} build=${what#*:} ns=$ns ratio_to_cat=$ratio" ;;
		*) out "qcost-$SERIES drives=$n module=$label what=$what ns=$ns ratio_to_cat=$ratio" ;;
		esac
		echo "$what $ns $ratio" >>/tmp/p.$label
	done
	c=
	listcost "$label" "$n" "$raw"
	importcost "$label" "$sr" "$n"
	[ -f /tmp/p.$label.first ] || cp /tmp/p.$label /tmp/p.$label.first
	phase "qcost drives=$n module=$label done"
	# The speed targets, in this block's figures.
	qr() { sed -n "s/^what=$1 .*ratio_to_raw=\([0-9.]*\).*/\1/p" /tmp/q.$label.$n; }
	pr() { awk -v w="$1" '$1 == w { print $3 }' /tmp/p.$label; }
	pn() { awk -v w="$1" '$1 == w { print $2 }' /tmp/p.$label; }
	verdict "warm<=1.5xraw drives=$n module=$label" "$(qr warm)" 1.5
	verdict "get_limits<=3xraw drives=$n module=$label" "$(qr get_limits)" 3
	verdict "get-process<=1.5xcat drives=$n module=$label" "$(pr get-process)" 1.5
	measure "what=get-process/cat drives=$n module=$label get-ns=$(pn get-process)" \
		"cat-ns=$(pn cat) ratio=$(pr get-process) rounds=5x4"
	verdict "udev-import-process<=1.5xcat drives=$n module=$label" "$(pr udev-import-process)" 1.5
	for what in $whats; do
		case $what in
		*:*) verdict "${what%%:*}<=1.5xcat build=${what#*:} drives=$n module=$label" "$(pr "$what")" 1.5 ;;
		esac
	done
}

# verdict TARGET RATIO LIMIT: one MEASURE line, "met" or "missed by N x".
verdict() {
	measure "target=$1 ratio=$2 limit=$3 $(awk -v r="$2" -v l="$3" 'BEGIN {
		if (r == "" || l <= 0) print "verdict=n/a"
		else if (r <= l) print "verdict=met"
		else printf "verdict=missed-by-%.2fx\n", r / l }')"
}

# get and udev-import with many drives against with the rig's: the ratios
# to cat's time in the same rounds (which cancel a drift of the machine's
# speed between the two blocks), and the raw times; list likewise.  Then
# flat per drive: what one more drive listed costs `discxfer list`, lsblk
# and the udevadm loop, (time with many - time with few) / (rows with many
# - rows with few): lsblk and the loop see sr nodes only (256 at most),
# list every drive.
scale_verdicts() {
	local label=$1 n0 n1 w v0 v1 t0 t1 r c0 c1 pl pk
	[ -f /tmp/p.$label.first ] && [ -f /tmp/p.$label ] || return 0
	n0=$2 n1=$3
	[ "$n1" != "$n0" ] || return 0
	for w in get-process udev-import-process list-process; do
		v0=$(awk -v w="$w" '$1 == w { print $3 }' /tmp/p.$label.first)
		v1=$(awk -v w="$w" '$1 == w { print $3 }' /tmp/p.$label)
		t0=$(awk -v w="$w" '$1 == w { print $2 }' /tmp/p.$label.first)
		t1=$(awk -v w="$w" '$1 == w { print $2 }' /tmp/p.$label)
		r=$(awk -v a="$v1" -v b="$v0" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
		case $w in
		get-process|udev-import-process)
			verdict "$w-$n1<=1.2x$w-$n0 module=$label" "$r" 1.2 ;;
		list-process)
			measure "what=list-process-$n1/list-process-$n0 module=$label ratio=$r" \
				"per-drive=$(awk -v a="$t1" -v b="$t0" -v x="$n1" -v y="$n0" 'BEGIN { if (x > y) printf "%.0f", (a - b) / (x - y) }')ns" ;;
		esac
		measure "what=$w-$n1/$w-$n0 module=$label raw-times ratio=$(awk -v a="$t1" -v b="$t0" 'BEGIN { if (b > 0) printf "%.2f", a / b }')"
	done
	for w in list-process lsblk-process udevadm-info-each; do
		t0=$(awk -v w="$w" '$1 == w { print $2 }' /tmp/p.$label.first)
		t1=$(awk -v w="$w" '$1 == w { print $2 }' /tmp/p.$label)
		c0=$(awk -v w="$w" '$1 == w { print $4 }' /tmp/p.$label.first)
		c1=$(awk -v w="$w" '$1 == w { print $4 }' /tmp/p.$label)
		[ -n "$t0" ] && [ -n "$t1" ] || continue
		r=$(awk -v a="$t1" -v b="$t0" -v x="$c1" -v y="$c0" 'BEGIN { if (x > y) printf "%.0f", (a - b) / (x - y) }')
		measure "what=${w%-process}-per-drive module=$label drives=$n0-$n1 rows=$c0-$c1" \
			"ns=$t0-$t1 per-drive=${r}ns"
		case $w in
		list-process) pl=$r ;;
		lsblk-process) pk=$r ;;
		esac
	done
	verdict "list-per-drive<=lsblk-per-drive module=$label" \
		"$(awk -v a="$pl" -v b="$pk" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b }')" 1.0
}

# settle WHAT [SINCE]: wait for systemd-udevd (when it runs) to finish the
# events of WHAT, an INFO line with how long it took (from SINCE, an uptime,
# when given: start_udev settles by itself).
settle() {
	local t=${2:-}
	[ "$udevd" = running ] || return 0
	[ -n "$t" ] || t=$(cut -d' ' -f1 /proc/uptime)
	udevadm settle --timeout=600 || note "bench: udev did not settle after $1"
	echo "INFO vm-bench-$SERIES udev: events of $1 settled in" \
		"$(awk -v a="$(cut -d' ' -f1 /proc/uptime)" -v b="$t" 'BEGIN { printf "%.1f", a - b }') s" >&3
}

# systemd-udevd runs through the query half, as on a real system, when the
# guest has it (Debian 12's, tests/vm/fetch-udev.sh; lib.sh: start_udev,
# coldplug of the drives, settle): it runs the project's rules and its own
# (cdrom_id, discxfer udev-import) for every drive added and at every load
# and unload of the module, and `udevadm info` reads its database.  Started
# after the I/O half, whose times it must not touch.
udevd="not running"
if [ -x /lib/systemd/systemd-udevd ]; then
	tu=$(cut -d' ' -f1 /proc/uptime)
	start_udev || note "bench: systemd-udevd did not start or settle"
	pidof systemd-udevd >/dev/null && udevd=running
	settle "the start and coldplug" "$tu"
else
	udevd="not running (no systemd-udevd in the guest)"
fi
echo "INFO vm-bench-$SERIES udevd: $udevd during the query's cost" >&3
phase "udevd $udevd"

first=$(sr_nodes | head -n 1)
n_rig=$(count_drives)
qcost loaded "$first"
if rmmod discxfer; then
	settle "rmmod discxfer"
	qcost unloaded "$first"
fi
modprobe discxfer
settle "modprobe discxfer"
# 256 more drives: 128 more scsi_debug hosts of two targets each, made with
# scsi_debug's per-command delay (a jiffy) off: the scans' commands are
# answered at once (udev's probes of the new drives too, when udevd runs).
# The I/O half is done; the query half reads sysfs, but for cdrom_id.
echo 2 >$SD/num_tgts
echo 0 >$SD/delay
t0=$(cut -d' ' -f1 /proc/uptime)
echo 128 >$SD/add_host
want=$((n_rig + 256))
wait_for 300 sh -c "[ \$(grep -lx '[45]' /sys/bus/scsi/devices/*/type 2>/dev/null | wc -l) -ge $want ]" ||
	note "bench: only $(count_drives) drives"
# sr nodes: as many as sr_mod gives (256 at most); sg nodes and the module's
# class devices for every drive.
nsr=$want
[ $nsr -gt 256 ] && nsr=256
wait_for 120 sr_at_least $nsr
wait_for 120 sh -c "[ \$(ls /sys/class/scsi_generic | wc -l) -ge $want ]"
wait_for 120 sh -c "[ \$(ls /sys/class/discxfer | wc -l) -ge $want ]"
n_all=$(count_drives)
measure "drives=$n_all sr-nodes=$(count_sr) sg-nodes=$(ls /sys/class/scsi_generic | wc -l)" \
	"class-devices=$(ls /sys/class/discxfer | wc -l) hosts=$(ls -d /sys/class/scsi_host/host* | wc -l)" \
	"added-in=$(awk -v a="$(cut -d' ' -f1 /proc/uptime)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')s"
settle "256 drives added"
phase "256 drives added"
qcost loaded "$first"
if rmmod discxfer; then
	settle "rmmod discxfer"
	qcost unloaded "$first"
fi
scale_verdicts loaded "$n_rig" "$n_all"
scale_verdicts unloaded "$n_rig" "$n_all"
stop_udev
phase "end"
out "BENCH-DONE"
