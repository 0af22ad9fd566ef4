// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The query. Source order: the block queue's own answers (a kernel with
 * upstream/linux/'s series), else discxfer.ko's attributes, else the block
 * queue limits in sysfs, else SG ioctls on the generic node. Every value is
 * read now; nothing is kept between queries.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "formula.h"
#include "internal.h"

/* Attribute names of discxfer.ko (Documentation/ABI/testing/sysfs-class-discxfer). */
#define ATTR_ALIGNED "max_page_aligned_transfer_bytes"
#define ATTR_UNALIGNED "max_non_page_aligned_transfer_bytes"

/* The block queue's answers (Documentation/ABI/stable/sysfs-block, upstream/linux/). */
#define QATTR_ALIGNED "passthrough_max_bytes"
#define QATTR_UNALIGNED "passthrough_max_unaligned_bytes"

/* Fields of the module's "limits" attribute, in its fixed order. */
enum {
	LIM_MAX_HW, LIM_SEGMENTS, LIM_SEGMENT_SIZE, LIM_SEG_BOUNDARY,
	LIM_VIRT_BOUNDARY, LIM_ALIGNMENT, LIM_BLOCK_SIZE, LIM_PAGE_SIZE,
	LIM_ALIGNED, LIM_UNALIGNED, LIM_FIELDS
};

/*
 * The module's one-line "limits": every value from one snapshot with one
 * open and one read. 1 when the file is not there (an older module: read the
 * single attributes), 0 when it answered, else a negative errno.
 */
static int read_module_line(struct discxfer_drive *drive, int dirfd, struct discxfer_limits *l)
{
	static const uint8_t is32[LIM_FIELDS] = {
		[LIM_SEGMENTS] = 1, [LIM_SEGMENT_SIZE] = 1, [LIM_ALIGNMENT] = 1,
		[LIM_BLOCK_SIZE] = 1, [LIM_PAGE_SIZE] = 1, [LIM_ALIGNED] = 1,
		[LIM_UNALIGNED] = 1,
	};
	char path[PATH_MAX], buf[256];
	uint64_t v[LIM_FIELDS];
	int r;

	/* discxfer/H:C:T:L/limits, relative to the drive's directory. */
	if (snprintf(path, sizeof(path), "discxfer/%s/limits", drive->address) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	r = dx_read_file_at(dirfd, path, buf, sizeof(buf));
	if (r == -ENOENT)
		return 1;
	if (r >= 0)
		r = dx_parse_u64_list(buf, v, LIM_FIELDS);
	for (int i = 0; r == 0 && i < LIM_FIELDS; i++)
		if (is32[i] && v[i] > UINT32_MAX)
			r = -ERANGE;
	if (r < 0) {
		dx_err(drive->ctx, "%s/limits: %s", drive->module_dir,
		       r == -ERANGE ? "value out of range" : "missing or malformed");
		if (r == -ENODEV)
			return -ENOENT;	/* unloaded while being read */
		return r == -ERANGE ? r : -EIO;
	}
	l->max_hw_transfer_bytes = v[LIM_MAX_HW];
	l->max_segments = (uint32_t)v[LIM_SEGMENTS];
	l->max_segment_size = (uint32_t)v[LIM_SEGMENT_SIZE];
	l->seg_boundary_mask = v[LIM_SEG_BOUNDARY];
	l->virt_boundary_mask = v[LIM_VIRT_BOUNDARY];
	l->alignment_mask = (uint32_t)v[LIM_ALIGNMENT];
	l->logical_block_size = (uint32_t)v[LIM_BLOCK_SIZE];
	l->page_size = (uint32_t)v[LIM_PAGE_SIZE];
	l->max_page_aligned_transfer_bytes = (uint32_t)v[LIM_ALIGNED];
	l->max_non_page_aligned_transfer_bytes = (uint32_t)v[LIM_UNALIGNED];
	return 0;
}

static int read_module(struct discxfer_drive *drive, int dirfd, struct discxfer_limits *l)
{
	const char *dir = drive->module_dir;
	const char *name;
	int r;

	r = read_module_line(drive, dirfd, l);
	if (r <= 0) {
		if (r == 0) {
			l->flags |= DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN;
			l->source = DISCXFER_SOURCE_MODULE;
		}
		return r;
	}
	r = dx_read_u64_at(dir, name = "max_hw_transfer_bytes", &l->max_hw_transfer_bytes);
	if (r == -ENOENT)
		return r;	/* module not loaded: next source */
	if (!r)
		r = dx_read_u32_at(dir, name = "max_segments", &l->max_segments);
	if (!r)
		r = dx_read_u32_at(dir, name = "max_segment_size", &l->max_segment_size);
	if (!r)
		r = dx_read_u64_at(dir, name = "seg_boundary_mask", &l->seg_boundary_mask);
	if (!r)
		r = dx_read_u64_at(dir, name = "virt_boundary_mask", &l->virt_boundary_mask);
	if (!r)
		r = dx_read_u32_at(dir, name = "alignment_mask", &l->alignment_mask);
	if (!r)
		r = dx_read_u32_at(dir, name = "logical_block_size", &l->logical_block_size);
	if (!r)
		r = dx_read_u32_at(dir, name = "page_size", &l->page_size);
	if (!r)
		r = dx_read_u32_at(dir, name = ATTR_ALIGNED, &l->max_page_aligned_transfer_bytes);
	if (!r)
		r = dx_read_u32_at(dir, name = ATTR_UNALIGNED,
				   &l->max_non_page_aligned_transfer_bytes);
	if (r < 0) {
		dx_err(drive->ctx, "%s/%s: %s", dir, name,
		       r == -ERANGE ? "value out of range" : "missing or malformed");
		/* The module was unloaded in the middle: the next source answers. */
		if (r == -ENOENT || r == -ENODEV)
			return -ENOENT;
		return r == -ERANGE ? r : -EIO;
	}
	l->flags |= DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN;
	l->source = DISCXFER_SOURCE_MODULE;
	return 0;
}

/*
 * The block queue's limits, read now from sysfs, one file each, relative to
 * the queue directory (values are never cached). Returns -ENOENT when no
 * block device is bound.
 */
static int read_queue(int dirfd, const char *block_syspath, struct discxfer_limits *l,
		      uint64_t *hw_kb, const char **name)
{
	char dir[PATH_MAX];
	int fd, r;

	/* block/srN/queue, relative to the drive's directory. */
	if (snprintf(dir, sizeof(dir), "block/%s/queue",
		     strrchr(block_syspath, '/') + 1) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	*name = "queue";
	fd = openat(dirfd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOTDIR ? -ENOENT : -errno;	/* -ENOENT: no such block device (any more) */
	r = dx_read_u64_fd(fd, *name = "max_hw_sectors_kb", hw_kb);
	if (r == 0 && *hw_kb > UINT64_MAX / 1024)
		r = -ERANGE;
	if (!r)
		r = dx_read_u32_fd(fd, *name = "max_segments", &l->max_segments);
	if (!r)
		r = dx_read_u32_fd(fd, *name = "max_segment_size", &l->max_segment_size);
	if (!r)
		r = dx_read_u64_fd(fd, *name = "virt_boundary_mask", &l->virt_boundary_mask);
	if (!r)
		r = dx_read_u32_fd(fd, *name = "logical_block_size", &l->logical_block_size);
	if (!r) {
		/*
		 * queue/dma_alignment appeared in Linux 6.0; before it, the
		 * block layer's default (511) is what every SCSI queue has at
		 * least. dma_pad_mask is not in sysfs; on libata ATAPI it is
		 * 3, below the 511 alignment, so it changes nothing there.
		 */
		r = dx_read_u32_fd(fd, *name = "dma_alignment", &l->alignment_mask);
		if (r == -ENOENT) {
			l->alignment_mask = 511;
			r = 0;
		}
	}
	close(fd);
	/* A value missing after the directory was opened: not "no block". */
	return r == -ENOENT ? -EAGAIN : r;
}

/*
 * The queue read again while one of its values is missing though its
 * directory is there: the kernel makes the directory before its files
 * (blk_register_queue(): kobject_add(), then the attributes), so a drive
 * being added shows that for an instant (seen in the rig's stress run, a
 * `discxfer list` beside scsi_debug's add_host). Up to QUEUE_TRIES reads,
 * QUEUE_WAIT_NS apart; a value still missing is an error (-EIO).
 */
#define QUEUE_TRIES 4
#define QUEUE_WAIT_NS (10 * 1000 * 1000)

static int read_queue_settled(int dirfd, const char *block_syspath,
			      struct discxfer_limits *l, uint64_t *hw_kb, const char **name)
{
	const struct timespec wait = { .tv_nsec = QUEUE_WAIT_NS };
	int r;

	for (int i = 1;; i++) {
		r = read_queue(dirfd, block_syspath, l, hw_kb, name);
		if (r != -EAGAIN)
			return r;
		if (i == QUEUE_TRIES)
			return -EIO;
		nanosleep(&wait, NULL);
	}
}

static int read_queue_limits(struct discxfer_drive *drive, int dirfd, struct discxfer_limits *l)
{
	uint64_t hw_kb = 0;
	const char *name = "queue";
	int r = -ENOENT;

	if (drive->block_syspath)
		r = read_queue_settled(dirfd, drive->block_syspath, l, &hw_kb, &name);
	if (r == -ENOENT) {
		/* sr may have been rebound under another name since open. */
		r = dx_drive_refresh_nodes(drive);
		if (r < 0)
			return r;
		if (!drive->block_syspath)
			return -ENOENT;
		r = read_queue_settled(dirfd, drive->block_syspath, l, &hw_kb, &name);
		if (r == -ENOENT)
			return -ENOENT;
	}
	if (r < 0) {
		dx_err(drive->ctx, "%s: queue/%s: %s", drive->block_syspath, name,
		       r == -ERANGE ? "value out of range" : "missing or malformed");
		return r == -ERANGE || r == -ENOMEM ? r : -EIO;
	}
	l->max_hw_transfer_bytes = hw_kb * 1024;
	l->source = DISCXFER_SOURCE_QUEUE_LIMITS;
	return 0;
}

/*
 * After a source that gives only the limits (its result @r): the formula's
 * answers in @l, or @r (-ENOENT: the source has none).
 */
static int with_answers(struct discxfer_drive *drive, int r, struct discxfer_limits *l)
{
	if (r < 0)
		return r;
	r = discxfer_compute_limits(l);
	if (r < 0)
		dx_err(drive->ctx, "%s: queue limits out of range", drive->syspath);
	return r;
}

/*
 * The kernel's answers from the queue directory, and the queue limits for
 * the other fields (read_queue_limits(), so the formula's flags). No file of
 * the kernel holds both answers, so they are two reads, like the queue
 * limits. -ENOENT, the next source, when no block device is bound (a drive
 * with sg only has no queue) or the kernel has no such attributes.
 */
static int read_kernel(struct discxfer_drive *drive, int dirfd, struct discxfer_limits *l)
{
	char dir[PATH_MAX];
	const char *name;
	uint64_t aligned, unaligned;
	int fd, r;

	if (!drive->block_syspath || !drive->kernel_answers)
		return -ENOENT;
	if (snprintf(dir, sizeof(dir), "block/%s/queue",
		     strrchr(drive->block_syspath, '/') + 1) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	fd = openat(dirfd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOMEM ? -ENOMEM : -ENOENT;
	r = dx_read_u64_fd(fd, name = QATTR_ALIGNED, &aligned);
	if (!r)
		r = dx_read_u64_fd(fd, name = QATTR_UNALIGNED, &unaligned);
	close(fd);
	if (r == -ENOENT)
		return -ENOENT;
	if (r < 0) {
		dx_err(drive->ctx, "%s: queue/%s: %s", drive->block_syspath, name,
		       r == -ERANGE ? "value out of range" : "missing or malformed");
		return r == -ERANGE ? r : -EIO;
	}
	r = with_answers(drive, read_queue_limits(drive, dirfd, l), l);
	if (r < 0)
		return r;
	/* The kernel's values, with sg's cap (never binding with 4 KiB pages). */
	l->max_page_aligned_transfer_bytes = dx_sg_cap(aligned);
	l->max_non_page_aligned_transfer_bytes = dx_sg_cap(unaligned);
	l->source = DISCXFER_SOURCE_KERNEL;
	return 0;
}

/*
 * One source's answer, read relative to the drive's directory @dirfd: 0 and
 * @out filled, -ENOENT when that source has none for the drive (no such
 * attributes, the module not loaded, no block or generic node bound), else
 * a negative errno.
 */
static int read_source(struct discxfer_drive *drive, int dirfd, enum discxfer_source source,
		       struct discxfer_limits *out)
{
	struct discxfer_limits l;
	int r;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.page_size = drive->ctx->page_size;
	switch (source) {
	case DISCXFER_SOURCE_KERNEL:
		r = read_kernel(drive, dirfd, &l);
		break;
	case DISCXFER_SOURCE_MODULE:
		l.page_size = 0;	/* the module's own */
		r = read_module(drive, dirfd, &l);
		if (r == 0) {
			struct discxfer_limits check = l;

			/* The kernel computed both values; keep the flags consistent. */
			r = discxfer_compute_limits(&check);
			l.flags = check.flags;
		}
		break;
	case DISCXFER_SOURCE_QUEUE_LIMITS:
		r = with_answers(drive, read_queue_limits(drive, dirfd, &l), &l);
		break;
	case DISCXFER_SOURCE_SG_IOCTL:
		r = with_answers(drive, dx_read_sg_limits(drive, &l), &l);
		break;
	default:
		return -EINVAL;
	}
	if (r == 0)
		*out = l;
	return r;
}

/* The sources in turn, the first that has an answer. */
static int query_at(struct discxfer_drive *drive, int dirfd, struct discxfer_limits *out)
{
	static const enum discxfer_source order[] = {
		DISCXFER_SOURCE_KERNEL, DISCXFER_SOURCE_MODULE,
		DISCXFER_SOURCE_QUEUE_LIMITS, DISCXFER_SOURCE_SG_IOCTL,
	};
	size_t i;
	int r;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		r = read_source(drive, dirfd, order[i], out);
		if (r != -ENOENT)
			return r;
	}
	/* Neither sr nor sg bound (yet): no node, no queue; normal while a
	 * drive is added, so not an error in the log.  query(): -ENODEV if
	 * the drive is going.
	 */
	dx_dbg(drive->ctx, "%s: neither sr nor sg is bound to the drive", drive->syspath);
	return -ENXIO;
}

/*
 * The drive's directory is opened once per query (its path walked once),
 * which is also the check that the drive is still there.  @source 0: the
 * sources in turn.
 */
static int query(struct discxfer_drive *drive, enum discxfer_source source,
		 struct discxfer_limits *out)
{
	int fd, r;

	fd = open(drive->syspath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOMEM ? -ENOMEM : -ENODEV;
	if (source)
		r = read_source(drive, fd, source, out);
	else
		r = query_at(drive, fd, out);
	close(fd);
	/* A value or node missing, or cut, while the drive is removed: the removal. */
	if ((r == -EIO || r == -ENOENT || r == -ENXIO) && dx_scsi_device_going(drive->syspath))
		return -ENODEV;
	return r;
}

/* @limits as the caller's size has it: @l's fields, or zeros after an error. */
static int copy_out(struct discxfer_limits *limits, const struct discxfer_limits *l, int r)
{
	uint32_t size = limits->size;

	if (r < 0) {
		memset((char *)limits + sizeof(limits->size), 0,
		       (size < sizeof(*l) ? size : sizeof(*l)) - sizeof(limits->size));
		return r;
	}
	if (size > sizeof(*l)) {
		memset((char *)limits + sizeof(*l), 0, size - sizeof(*l));
		size = sizeof(*l);
	}
	memcpy((char *)limits + sizeof(l->size), (const char *)l + sizeof(l->size),
	       size - sizeof(l->size));
	return 0;
}

DISCXFER_EXPORT int discxfer_drive_get_limits(struct discxfer_drive *drive,
					      struct discxfer_limits *limits)
{
	struct discxfer_limits l;

	if (!drive || !limits || limits->size < DX_LIMITS_SIZE_V1)
		return -EINVAL;
	return copy_out(limits, &l, query(drive, 0, &l));
}

DISCXFER_EXPORT int discxfer_drive_get_limits_from(struct discxfer_drive *drive,
						   enum discxfer_source source,
						   struct discxfer_limits *limits)
{
	struct discxfer_limits l;

	if (!drive || !limits || limits->size < DX_LIMITS_SIZE_V1 ||
	    source < DISCXFER_SOURCE_MODULE || source > DISCXFER_SOURCE_KERNEL)
		return -EINVAL;
	return copy_out(limits, &l, query(drive, source, &l));
}

/* One of the kernel's answers, read alone; nonzero when there is none. */
static int get_one_kernel(struct discxfer_drive *drive, bool aligned, uint32_t *bytes)
{
	char dir[PATH_MAX];
	uint64_t v;
	int r;

	if (snprintf(dir, sizeof(dir), "%s/queue", drive->block_syspath) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	r = dx_read_u64_at(dir, aligned ? QATTR_ALIGNED : QATTR_UNALIGNED, &v);
	if (r < 0 || !v)
		return r < 0 ? r : -ERANGE;
	*bytes = dx_sg_cap(v);
	return 0;
}

/*
 * One value. With the module loaded this reads one attribute, which keeps
 * the warm query as cheap as a raw sysfs read (README, "Speed").
 */
static int get_one(struct discxfer_drive *drive, const char *attr, bool aligned,
		   uint32_t *bytes)
{
	struct discxfer_limits l;
	int r;

	if (!bytes)
		return -EINVAL;
	*bytes = 0;
	if (!drive)
		return -EINVAL;
	/* A kernel that answers: its value, with the sg cap. */
	if (drive->kernel_answers && get_one_kernel(drive, aligned, bytes) == 0)
		return 0;
	r = dx_read_u32_at(drive->module_dir, attr, bytes);
	if (r == 0 && *bytes)
		return 0;
	*bytes = 0;
	l.size = sizeof(l);
	r = discxfer_drive_get_limits(drive, &l);
	if (r < 0)
		return r;
	*bytes = aligned ? l.max_page_aligned_transfer_bytes
			 : l.max_non_page_aligned_transfer_bytes;
	return 0;
}

DISCXFER_EXPORT int discxfer_drive_get_max_page_aligned_transfer_size(struct discxfer_drive *drive,
								      uint32_t *bytes)
{
	return get_one(drive, ATTR_ALIGNED, true, bytes);
}

DISCXFER_EXPORT int discxfer_drive_get_max_non_page_aligned_transfer_size(struct discxfer_drive *drive,
									  uint32_t *bytes)
{
	return get_one(drive, ATTR_UNALIGNED, false, bytes);
}
