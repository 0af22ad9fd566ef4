# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The README's "Using the answer with ..." recipes, run with the tools as
# Debian 12 ships them (wodim's readom, sg3-utils' sg_dd and sg_read: see
# tests/vm/fetch-tools.sh), a udev-aware shell script and a C++ program,
# on the virtio-scsi drive: the one whose soft limit (max_sectors_kb, what
# BLKSECTGET says) can be above what one command carries.  Every image must
# equal the medium byte for byte (the host's sha256 of the disc image is in
# /rig/media/); each recipe prints its command count.  Needs the module
# loaded and Debian's udevd (start_udev).

recipe_out() { echo "RECIPE $SERIES $*" >&3; }

# same_as_medium NAME FILE SHA: FILE holds exactly the medium.
same_as_medium() {
	local got
	got=$(sha256sum "$2" | cut -d' ' -f1)
	check "recipe.$1.image-equals-medium" "sha256 $got, medium $3" [ "$got" = "$3" ]
	rm -f "$2"
}

recipes() {
	local sr= s sg sha size bs=2048 blocks bpt out rc soft
	for s in $(sr_nodes); do
		[ "$(driver_of "$s")" = virtio_scsi ] && sr=$s
	done
	if [ -z "$sr" ] || [ ! -s /rig/media/virtio.sha256 ]; then
		fail recipe.drive "no virtio-scsi drive or no medium checksum"
		return
	fi
	for t in readom sg_dd sg_read udev-read.sh read-image; do
		command -v "$t" >/dev/null || { fail "recipe.$t" "$t is not in the guest"; return; }
	done
	sg=$(sg_of "$sr")
	sha=$(cat /rig/media/virtio.sha256)
	grep -q '^discxfer ' /proc/modules || modprobe discxfer
	size=$(discxfer get "/dev/$sg" --value page-aligned)
	soft=$(($(cat "/sys/block/$sr/queue/max_sectors_kb") * 1024))
	blocks=$(($(cat "/sys/block/$sr/size") * 512 / bs))
	bpt=$((size / bs))
	recipe_out "drive=$sr/$sg size=$size soft=$soft blocks=$blocks"

	# wodim's readom with discxfer's answer as its transfer size.
	out=$(readom dev="/dev/$sg" ts="$size" f=/tmp/readom.iso 2>&1)
	rc=$?
	check recipe.readom-ts "readom ts=$size exit $rc: $(echo "$out" | tail -n 3)" [ $rc -eq 0 ]
	[ $rc -eq 0 ] && same_as_medium readom-ts /tmp/readom.iso "$sha"
	recipe_out "readom ts=$size cmds=$(((blocks * bs + size - 1) / size))"
	# ... and on its own: what it takes, and how that goes.
	out=$(readom -v dev="/dev/$sg" f=/tmp/readom-own.iso 2>&1)
	rc=$?
	recipe_out "readom without ts=: exit $rc;" \
		"$(echo "$out" | grep -i -m 3 -e 'transfer' -e 'dma' -e 'error' | tr '\n' ';')"
	rm -f /tmp/readom-own.iso

	# sg3-utils: sg_dd writes an image, sg_read only reads.
	out=$(sg_dd if="/dev/$sg" of=/tmp/sg_dd.iso bs=$bs bpt=$bpt count=$blocks 2>&1)
	rc=$?
	check recipe.sg_dd "sg_dd bpt=$bpt exit $rc: $(echo $out)" [ $rc -eq 0 ]
	[ $rc -eq 0 ] && same_as_medium sg_dd /tmp/sg_dd.iso "$sha"
	recipe_out "sg_dd bs=$bs bpt=$bpt cmds=$(((blocks + bpt - 1) / bpt)) $(echo "$out" | tr '\n' ' ')"
	out=$(sg_read if="/dev/$sg" bs=$bs bpt=$bpt count=$blocks 2>&1)
	rc=$?
	check recipe.sg_read "sg_read bpt=$bpt exit $rc: $(echo $out)" [ $rc -eq 0 ]
	recipe_out "sg_read bs=$bs bpt=$bpt cmds=$(((blocks + bpt - 1) / bpt)) $(echo "$out" | tr '\n' ' ')"

	# A udev-aware script: the size from udev's properties.
	if start_udev; then
		out=$(udev-read.sh "/dev/$sg" /tmp/udev-read.iso 2>&1)
		rc=$?
		check recipe.udev-properties "udev-read.sh exit $rc: $(echo $out)" [ $rc -eq 0 ]
		[ $rc -eq 0 ] && same_as_medium udev-properties /tmp/udev-read.iso "$sha"
		recipe_out "udev-read.sh $out"
		stop_udev
	else
		fail recipe.udev-properties "systemd-udevd did not start"
	fi

	# C++ with <discxfer.h>.
	out=$(read-image "/dev/$sr" /tmp/cxx.iso 2>&1)
	rc=$?
	check recipe.cxx "read-image exit $rc: $(echo $out)" [ $rc -eq 0 ]
	[ $rc -eq 0 ] && same_as_medium cxx /tmp/cxx.iso "$sha"
	recipe_out "read-image (C++) $out"
}
