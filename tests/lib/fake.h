/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fake drives for the unit tests: real libudev over a umockdev testbed.
 * The layout follows the kernel's: a SCSI device H:C:T:L on the bus "scsi",
 * its block device in <scsi device>/block/srN (/dev/srN, a block node) with
 * queue/ limits, its scsi_generic device in <scsi device>/scsi_generic/sgN
 * (/dev/sgN, a char node), and discxfer.ko's class device in the class glue
 * directory <scsi device>/discxfer/H:C:T:L.  The library finds the nodes
 * only there, as it does on a real kernel.
 */
#ifndef DISCXFER_TEST_FAKE_H
#define DISCXFER_TEST_FAKE_H

#include <umockdev.h>

struct fake_queue {
	const char *max_hw_sectors_kb;
	const char *max_segments;
	const char *max_segment_size;
	const char *virt_boundary_mask;
	const char *logical_block_size;
	const char *dma_alignment;
};

/* The virtio-scsi drive of the formula table ("virtio_scsi" row). */
#define FAKE_VIRTIO { "32766", "254", "65536", "0", "2048", "3" }

char *fake_scsi(UMockdevTestbed *tb, const char *hctl, const char *type,
		const char *vendor, const char *model);
char *fake_block(UMockdevTestbed *tb, const char *sdev, const char *name,
		 const char *devnum, const struct fake_queue *q);
char *fake_sg(UMockdevTestbed *tb, const char *sdev, const char *name,
	      const char *devnum);
/* Drive H:0:0:0 ("QEMU", "QEMU CD-ROM") with srH (11:H) and sgH (21:H). */
char *fake_numbered_drive(UMockdevTestbed *tb, unsigned int h, const struct fake_queue *q);
char *fake_module(UMockdevTestbed *tb, const char *sdev, const char *hctl,
		  const char *aligned, const char *unaligned, const char *hw,
		  const char *segments);
/*
 * The block queue's own answers of a kernel with upstream/linux/'s series:
 * queue/passthrough_max_bytes and queue/passthrough_max_unaligned_bytes of
 * the block device @block (a syspath from fake_block()).
 */
void fake_kernel_attrs(UMockdevTestbed *tb, const char *block, const char *aligned,
		       const char *unaligned);
/*
 * Hot-remove: a "remove" uevent for @syspath, then its sysfs directory and
 * links go (umockdev 0.17's own removal sends no uevent; newer ones do).
 */
void fake_remove(UMockdevTestbed *tb, const char *syspath);
/* Remove the directory @dir (a real path below the testbed) and all in it. */
int fake_rmtree(const char *dir);

#endif
