#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# extract-vmlinux.sh VMLINUZ OUT -- write the uncompressed kernel ELF found in a
# bzImage.  The bzImage carries its payload compressed (Debian: xz for 6.1,
# zstd for 6.12); look for each compressor's magic, decompress from there and
# keep the first result that is an ELF file.  qemu boots that ELF directly
# through its PVH note (-kernel vmlinux).
set -euo pipefail

in=${1:?usage: extract-vmlinux.sh VMLINUZ OUT}
out=${2:?usage: extract-vmlinux.sh VMLINUZ OUT}
tmp=$out.tmp
trap 'rm -f "$tmp"' EXIT

is_elf() {
	[ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]
}

# name, magic (as a grep -P byte pattern), decompressor
try() {
	local magic=$1 off
	shift
	{ LC_ALL=C grep -obUaP "$magic" "$in" 2>/dev/null || true; } | cut -d: -f1 |
	while read -r off; do
		# Trailing bytes after the stream make the decompressors complain;
		# what counts is a complete ELF on the output.
		tail -c +"$((off + 1))" "$in" | "$@" >"$tmp" 2>/dev/null || true
		if [ -s "$tmp" ] && is_elf "$tmp"; then
			echo "$off"
			return 0
		fi
	done
}

for m in zstd xz gzip lz4 bzip2 lzma; do
	case $m in
	zstd)  pat='\x28\xb5\x2f\xfd'; cmd=(zstd -dcq) ;;
	xz)    pat='\xfd\x37\x7a\x58\x5a\x00'; cmd=(xz -dcq) ;;
	gzip)  pat='\x1f\x8b\x08'; cmd=(gzip -dcq) ;;
	lz4)   pat='\x02\x21\x4c\x18'; cmd=(lz4 -dcq) ;;
	bzip2) pat='BZh'; cmd=(bzip2 -dcq) ;;
	lzma)  pat='\x5d\x00\x00\x00'; cmd=(xz -dcq --format=lzma) ;;
	esac
	command -v "${cmd[0]}" >/dev/null || continue
	off=$(try "$pat" "${cmd[@]}" | head -n 1 || true)
	if [ -n "$off" ]; then
		mv "$tmp" "$out"
		echo "extract-vmlinux: $m stream at offset $off -> $out" >&2
		exit 0
	fi
done
echo "extract-vmlinux: no compressed ELF found in $in" >&2
exit 1
