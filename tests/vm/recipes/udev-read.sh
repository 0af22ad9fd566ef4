#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# udev-read.sh: the README's recipe for a udev-aware program. It takes the
# command size from the drive's udev properties (DISCXFER_*, which
# 61-discxfer.rules imports), then reads the whole disc with sg_dd in
# commands of that size.
#
#   udev-read.sh /dev/sgN OUTPUT
set -eu
dev=$1 out=$2
size=$(udevadm info --query=property --name="$dev" |
	sed -n 's/^DISCXFER_MAX_PAGE_ALIGNED_TRANSFER_BYTES=//p')
[ -n "$size" ] || { echo "udev-read: $dev has no DISCXFER_ properties (is 61-discxfer.rules installed?)" >&2; exit 1; }
bs=2048
bpt=$((size / bs))
# The medium's size: 512-byte sectors of the drive's block device.
blocks=$(($(cat "/sys/class/scsi_generic/${dev#/dev/}/device/block/"*/size) * 512 / bs))
sg_dd if="$dev" of="$out" bs=$bs bpt=$bpt count="$blocks" 2>/dev/null
echo "size=$size bpt=$bpt blocks=$blocks cmds=$(((blocks + bpt - 1) / bpt))"
