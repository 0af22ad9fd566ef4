// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Everything that talks to libudev: from a sysfs path or a device number to
 * the SCSI device, the nodes below it, enumeration; and the block queue
 * limits, read from sysfs directly (see dx_read_queue_limits).
 */
#include <errno.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <libudev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int dx_udev_new(struct udev **ret)
{
	*ret = udev_new();
	return *ret ? 0 : -ENOMEM;
}

struct udev *dx_udev_unref(struct udev *udev)
{
	return udev_unref(udev);
}

/*
 * The device's kernel name, the last part of its syspath: H:C:T:L for a
 * SCSI device. libudev's sysname turns each '!' into '/', which is not the
 * kernel's name.
 */
const char *dx_kernel_name(struct udev_device *dev)
{
	const char *sys = udev_device_get_syspath(dev);
	const char *slash = sys ? strrchr(sys, '/') : NULL;

	return slash ? slash + 1 : sys;
}

static int dup_or_null(const char *s, char **ret)
{
	*ret = NULL;
	if (!s)
		return 0;
	*ret = strdup(s);
	return *ret ? 0 : -ENOMEM;
}

/*
 * libudev's scan goes on past a device that vanishes under it (the kernel
 * removes a device's files one by one) and returns the last error, with
 * every device it did find in its list.  Those errors are the removal, and
 * each device of the list is checked again on its own; any other is not.
 */
static bool scan_raced(int r)
{
	return r == -ENODEV || r == -ENOENT || r == -ENXIO;
}

/* strerror(3) is not thread-safe; the GNU strerror_r(3) is. */
#define ERRSTR(r, buf) strerror_r(-(r), (buf), sizeof(buf))

/* A failed libudev call as the library's errno: -ENOMEM, else -EIO (sysfs unreadable). */
static int scan_errno(int r)
{
	return r == -ENOMEM ? r : -EIO;
}

static bool is_scsi_device(struct udev_device *dev)
{
	const char *subsystem = udev_device_get_subsystem(dev);
	const char *devtype = udev_device_get_devtype(dev);

	return subsystem && devtype && !strcmp(subsystem, "scsi") &&
	       !strcmp(devtype, "scsi_device");
}

/*
 * The sr and sg devices bound to a SCSI device, looked up now. Old values
 * are replaced only when the lookup succeeds.
 */
static int find_children(struct discxfer_drive *drive, struct udev_device *sdev)
{
	struct udev *udev = drive->ctx->udev;
	struct udev_enumerate *e;
	struct udev_list_entry *entry;
	char *block_sys = NULL, *block_node = NULL;
	char *sg_sys = NULL, *sg_node = NULL;
	char buf[64];
	int r = -ENOMEM;

	e = udev_enumerate_new(udev);
	if (!e)
		return -ENOMEM;
	r = udev_enumerate_add_match_parent(e, sdev);
	if (r < 0) {
		r = scan_errno(r);
		goto out;
	}
	/* A drive going as a whole has no nodes now: its queries say -ENODEV. */
	r = udev_enumerate_scan_devices(e);
	if (r < 0 && !scan_raced(r)) {
		dx_err(drive->ctx, "%s: cannot look up its nodes: %s",
		       udev_device_get_syspath(sdev), ERRSTR(r, buf));
		r = scan_errno(r);
		goto out;
	}
	if (r < 0)
		dx_dbg(drive->ctx, "%s: a node below it went away during the lookup",
		       udev_device_get_syspath(sdev));
	r = -ENOMEM;
	udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(e)) {
		struct udev_device *child;
		const char *subsystem, *devtype;

		child = udev_device_new_from_syspath(udev, udev_list_entry_get_name(entry));
		if (!child)
			continue;
		subsystem = udev_device_get_subsystem(child);
		devtype = udev_device_get_devtype(child);
		if (subsystem && !strcmp(subsystem, "block") && devtype &&
		    !strcmp(devtype, "disk") && !block_sys) {
			if (dup_or_null(udev_device_get_syspath(child), &block_sys) < 0 ||
			    dup_or_null(udev_device_get_devnode(child), &block_node) < 0) {
				udev_device_unref(child);
				goto out;
			}
		} else if (subsystem && !strcmp(subsystem, "scsi_generic") && !sg_sys) {
			if (dup_or_null(udev_device_get_syspath(child), &sg_sys) < 0 ||
			    dup_or_null(udev_device_get_devnode(child), &sg_node) < 0) {
				udev_device_unref(child);
				goto out;
			}
		}
		udev_device_unref(child);
	}
	free(drive->block_syspath);
	free(drive->block_node);
	free(drive->generic_syspath);
	free(drive->generic_node);
	drive->block_syspath = block_sys;
	drive->block_node = block_node;
	drive->generic_syspath = sg_sys;
	drive->generic_node = sg_node;
	block_sys = block_node = sg_sys = sg_node = NULL;
	r = 0;
out:
	free(block_sys);
	free(block_node);
	free(sg_sys);
	free(sg_node);
	udev_enumerate_unref(e);
	return r;
}

/* Fill a new drive from any device at or below a SCSI device. */
static int drive_from_device(struct discxfer_ctx *ctx, struct udev_device *dev,
			     struct discxfer_drive **ret)
{
	struct udev_device *sdev = dev;
	struct discxfer_drive *drive;
	const char *type, *vendor, *model;
	uint32_t scsi_type;
	int r;

	if (!is_scsi_device(dev))
		sdev = udev_device_get_parent_with_subsystem_devtype(dev, "scsi",
								     "scsi_device");
	if (!sdev)
		return -ENODEV;
	type = udev_device_get_sysattr_value(sdev, "type");
	vendor = udev_device_get_sysattr_value(sdev, "vendor");
	model = udev_device_get_sysattr_value(sdev, "model");
	/* Its attributes cut by the removal: not malformed, not a drive with no name. */
	if ((!type || !vendor || !model) && dx_scsi_device_going(udev_device_get_syspath(sdev))) {
		dx_dbg(ctx, "%s: removed while it was opened", udev_device_get_syspath(sdev));
		return -ENODEV;
	}
	r = dx_parse_u32(type, &scsi_type);
	if (r < 0) {
		dx_err(ctx, "%s: unreadable SCSI type", udev_device_get_syspath(sdev));
		return r;
	}
	if (scsi_type != 4 && scsi_type != 5)
		return -EMEDIUMTYPE;

	drive = dx_drive_alloc(ctx);
	if (!drive)
		return -ENOMEM;
	drive->scsi_type = (int)scsi_type;
	r = -ENOMEM;
	if (dup_or_null(udev_device_get_syspath(sdev), &drive->syspath) < 0 ||
	    dup_or_null(dx_kernel_name(sdev), &drive->address) < 0 ||
	    dx_dup_trimmed(vendor, &drive->vendor) < 0 ||
	    dx_dup_trimmed(model, &drive->model) < 0 ||
	    asprintf(&drive->module_dir, "%s/discxfer/%s", drive->syspath,
		     drive->address) < 0) {
		drive->module_dir = NULL;
		goto fail;
	}
	r = find_children(drive, sdev);
	if (r < 0)
		goto fail;
	*ret = drive;
	return 0;
fail:
	discxfer_drive_unref(drive);
	return r;
}

int dx_drive_from_syspath(struct discxfer_ctx *ctx, const char *syspath,
			  struct discxfer_drive **ret)
{
	struct udev_device *dev;
	int r;

	dev = udev_device_new_from_syspath(ctx->udev, syspath);
	if (!dev)
		return errno == ENOMEM ? -ENOMEM : -ENODEV;
	r = drive_from_device(ctx, dev, ret);
	udev_device_unref(dev);
	return r;
}

int dx_drive_from_devnum(struct discxfer_ctx *ctx, char type, dev_t devnum,
			 struct discxfer_drive **ret)
{
	struct udev_device *dev;
	int r;

	dev = udev_device_new_from_devnum(ctx->udev, type, devnum);
	if (!dev)
		return errno == ENOMEM ? -ENOMEM : -ENODEV;
	r = drive_from_device(ctx, dev, ret);
	udev_device_unref(dev);
	return r;
}

/* Re-find sr and sg below the drive (they can be rebound under a new name). */
int dx_drive_refresh_nodes(struct discxfer_drive *drive)
{
	struct udev_device *sdev;
	int r;

	sdev = udev_device_new_from_syspath(drive->ctx->udev, drive->syspath);
	if (!sdev)
		return -ENODEV;
	r = find_children(drive, sdev);
	udev_device_unref(sdev);
	return r;
}

static int cmp_address(const void *a, const void *b)
{
	const char *sa = strrchr(*(char *const *)a, '/');
	const char *sb = strrchr(*(char *const *)b, '/');
	unsigned long va[4] = { 0 }, vb[4] = { 0 };
	int i;

	sscanf(sa ? sa + 1 : "", "%lu:%lu:%lu:%lu", &va[0], &va[1], &va[2], &va[3]);
	sscanf(sb ? sb + 1 : "", "%lu:%lu:%lu:%lu", &vb[0], &vb[1], &vb[2], &vb[3]);
	for (i = 0; i < 4; i++)
		if (va[i] != vb[i])
			return va[i] < vb[i] ? -1 : 1;
	return 0;
}

static int list_add_unique(char ***list, size_t *n, const char *path)
{
	char **grown;
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*list)[i], path))
			return 0;
	grown = realloc(*list, (*n + 1) * sizeof(**list));
	if (!grown)
		return -ENOMEM;
	*list = grown;
	grown[*n] = strdup(path);
	if (!grown[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

/* systemd-udevd's control socket. */
#define UDEV_CONTROL "/run/udev/control"

/*
 * Does systemd-udevd listen on its control socket? The socket file stays
 * behind when udevd exits (`udevadm control --exit`, a stopped container),
 * and with it a database that no longer follows the devices: a connect()
 * that is refused says nobody listens. Where the socket cannot be tried
 * (EACCES for a user, no sockets at all), its presence has to do.
 */
static bool udevd_listens(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r, e;

	if (access(UDEV_CONTROL, F_OK) < 0)
		return false;
	strncpy(sa.sun_path, UDEV_CONTROL, sizeof(sa.sun_path) - 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return true;
	r = connect(fd, (const struct sockaddr *)&sa, sizeof(sa));
	e = errno;
	close(fd);
	return r == 0 || (e != ECONNREFUSED && e != ENOENT && e != ENOTSOCK);
}

/*
 * Is udev running, with our rules in effect? Then its database knows the
 * drives by the tag "discxfer" (udev/61-discxfer.rules). In containers and
 * initramfs without udev, with a udevd that has exited, or without our
 * rules, sysfs is scanned instead.
 */
static bool use_udev_tag(void)
{
	return access("/run/udev/tags/discxfer", F_OK) == 0 && udevd_listens();
}

/*
 * Candidates: the SCSI devices above the nodes tagged "discxfer" in udev's
 * database, or every device of the scsi bus. Both are then checked for
 * type 4 or 5 in sysfs, so the two ways give the same drives.
 */
static int scan_candidates(struct discxfer_ctx *ctx, bool by_tag,
			   char ***list, size_t *n)
{
	struct udev_enumerate *e;
	struct udev_list_entry *entry;
	char buf[64];
	int r = 0;

	e = udev_enumerate_new(ctx->udev);
	if (!e)
		return -ENOMEM;
	if (by_tag)
		r = udev_enumerate_add_match_tag(e, "discxfer");
	else
		r = udev_enumerate_add_match_subsystem(e, "scsi");
	if (r < 0) {
		udev_enumerate_unref(e);
		return scan_errno(r);
	}
	r = udev_enumerate_scan_devices(e);
	if (r < 0 && !scan_raced(r)) {
		dx_err(ctx, "cannot scan %s: %s", by_tag ? "udev's tag \"discxfer\"" :
		       "the SCSI bus", ERRSTR(r, buf));
		udev_enumerate_unref(e);
		return scan_errno(r);
	}
	if (r < 0)
		dx_dbg(ctx, "a device went away during the scan: %s", ERRSTR(r, buf));
	r = 0;
	udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(e)) {
		struct udev_device *dev, *sdev;
		uint32_t type;

		dev = udev_device_new_from_syspath(ctx->udev, udev_list_entry_get_name(entry));
		if (!dev)
			continue;	/* gone since the scan */
		sdev = is_scsi_device(dev) ? dev :
			udev_device_get_parent_with_subsystem_devtype(dev, "scsi", "scsi_device");
		if (sdev &&
		    dx_parse_u32(udev_device_get_sysattr_value(sdev, "type"), &type) == 0 &&
		    (type == 4 || type == 5))
			r = list_add_unique(list, n, udev_device_get_syspath(sdev));
		udev_device_unref(dev);
		if (r < 0)
			break;
	}
	udev_enumerate_unref(e);
	return r;
}

/* Syspaths of every SCSI device of type 4 or 5, in H:C:T:L order. */
int dx_enumerate_syspaths(struct discxfer_ctx *ctx, char ***paths, size_t *count)
{
	char **list = NULL;
	size_t n = 0;
	bool by_tag = use_udev_tag();
	int r;

	*paths = NULL;
	*count = 0;
	dx_dbg(ctx, "enumerating drives from %s", by_tag ? "the udev tag" : "sysfs");
	r = scan_candidates(ctx, by_tag, &list, &n);
	if (r < 0) {
		while (n)
			free(list[--n]);
		free(list);
		return r;
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_address);
	*paths = list;
	*count = n;
	return 0;
}

/*
 * The block queue's limits, read now from sysfs with open/read/close, one
 * file each (values are never cached). Not through libudev: its
 * sysattr API caches values per device object, and a fresh object per query
 * resolves the whole syspath component by component (two system calls per
 * directory) before the first read, which cost more than the reads
 * themselves. Returns -ENOENT when no block device is bound.
 */
static int read_queue(const char *block_syspath, struct discxfer_limits *l, uint64_t *hw_kb,
		      const char **name)
{
	char dir[PATH_MAX];
	int r;

	if (snprintf(dir, sizeof(dir), "%s/queue", block_syspath) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	r = dx_read_u64_at(dir, *name = "max_hw_sectors_kb", hw_kb);
	if (r < 0)
		return r;	/* -ENOENT: no such block device (any more) */
	if (*hw_kb > UINT64_MAX / 1024)
		return -ERANGE;
	r = dx_read_u32_at(dir, *name = "max_segments", &l->max_segments);
	if (!r)
		r = dx_read_u32_at(dir, *name = "max_segment_size", &l->max_segment_size);
	if (!r)
		r = dx_read_u64_at(dir, *name = "virt_boundary_mask", &l->virt_boundary_mask);
	if (!r)
		r = dx_read_u32_at(dir, *name = "logical_block_size", &l->logical_block_size);
	if (!r) {
		/*
		 * queue/dma_alignment appeared in Linux 6.0; before it, the
		 * block layer's default (511) is what every SCSI queue has at
		 * least. dma_pad_mask is not in sysfs; on libata ATAPI it is
		 * 3, below the 511 alignment, so it changes nothing there.
		 */
		r = dx_read_u32_at(dir, *name = "dma_alignment", &l->alignment_mask);
		if (r == -ENOENT) {
			l->alignment_mask = 511;
			r = 0;
		}
	}
	/* A value that vanished after the first was read: not "no block". */
	return r == -ENOENT ? -EIO : r;
}

int dx_read_queue_limits(struct discxfer_drive *drive, struct discxfer_limits *l)
{
	uint64_t hw_kb = 0;
	const char *name = "queue";
	int r = -ENOENT;

	if (drive->block_syspath)
		r = read_queue(drive->block_syspath, l, &hw_kb, &name);
	if (r == -ENOENT) {
		/* sr may have been rebound under another name since open. */
		r = dx_drive_refresh_nodes(drive);
		if (r < 0)
			return r;
		if (!drive->block_syspath)
			return -ENOENT;
		r = read_queue(drive->block_syspath, l, &hw_kb, &name);
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
