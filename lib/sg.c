// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The last source: SG ioctls on /dev/sgN, for a drive with no block device
 * bound (no queue/ directory in sysfs then).
 *
 * - SG_GET_SG_TABLESIZE gives max_segments.
 * - The hard limit is not visible; BLKSECTGET on an sg node gives the soft
 *   limit in bytes, which is never above the hard one, so the answer stays a
 *   guarantee (DISCXFER_LIMITS_HW_FROM_SOFT_LIMIT is set).
 * - MMC devices (CD, DVD, BD) have 2048-byte logical blocks; WORM devices
 *   are reported the same way. max_segment_size and alignment are not
 *   visible: the block layer's defaults (64 KiB, 511) are used. With sg's
 *   default indirect I/O the user buffer is copied, and its alignment does
 *   not matter.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

int dx_read_sg_limits(struct discxfer_drive *drive, struct discxfer_limits *l)
{
	int fd, segments = 0, bytes = 0, r = 0;

	if (!drive->generic_node)
		return -ENOENT;
	fd = open(drive->generic_node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		dx_err(drive->ctx, "%s: cannot open: %d", drive->generic_node, r);
		return r == -ENOENT || r == -ENXIO ? -ENODEV : r;
	}
	if (ioctl(fd, SG_GET_SG_TABLESIZE, &segments) < 0 ||
	    ioctl(fd, BLKSECTGET, &bytes) < 0)
		r = -EIO;
	close(fd);
	if (r < 0)
		return r;
	if (segments <= 0 || bytes <= 0)
		return -ERANGE;
	l->max_segments = (uint32_t)segments;
	l->max_hw_transfer_bytes = (uint64_t)bytes;
	l->max_segment_size = 65536;
	l->alignment_mask = 511;
	l->logical_block_size = 2048;
	l->flags |= DISCXFER_LIMITS_HW_FROM_SOFT_LIMIT;
	l->source = DISCXFER_SOURCE_SG_IOCTL;
	return 0;
}
