# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The example program (examples/read-max, a burner-style reader sized by
# libdiscxfer) on the current drive (D_* of drives.sh): reads of 4 MiB in
# commands of the size the library reports, page-aligned and not, on both
# nodes.  The medium is large enough everywhere (32 MiB images, 16 MiB
# scsi_debug stores).
check_example_drive() {
	local node out rc
	for node in "$D_SR" "$D_SG"; do
		[ -n "$node" ] || continue
		out=$(read-max "/dev/$node" --mib 4 2>&1)
		rc=$?
		check "$D_DRV.$D_SR.read-max.$node" "exit $rc: $(echo $out)" [ $rc -eq 0 ]
	done
	out=$(read-max "/dev/$D_SR" --mib 4 --non-page-aligned 2>&1)
	rc=$?
	check "$D_DRV.$D_SR.read-max-non-page-aligned.$D_SR" "exit $rc: $(echo $out)" [ $rc -eq 0 ]
}
