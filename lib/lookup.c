// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Finding drives where the kernel puts them in sysfs, with a handful of
 * system calls per drive:
 *
 * - /sys/bus/scsi/devices/H:C:T:L links to every SCSI device (hosts and
 *   targets there are named hostH and targetH:C:T);
 * - a SCSI device's block node is the one entry of its block/ directory
 *   (block/srN), its generic node the one entry of scsi_generic/ (sgN);
 * - /sys/dev/block/MAJ:MIN and /sys/dev/char/MAJ:MIN link to the directory
 *   of the device with that number;
 * - the node of srN and sgN is /dev/srN and /dev/sgN: neither driver names
 *   its nodes otherwise (no devnode callback), and devtmpfs and udev use the
 *   kernel's name.
 *
 * Each drive is read once, relative to its directory: its type, vendor and
 * model, then the two directories of its nodes.  No libudev here: its device
 * objects resolve every path component by component and read each uevent
 * file, which cost ten times what the drive's own files do.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "internal.h"

#define SCSI_DEVICES "/sys/bus/scsi/devices"

/* "H:C:T:L": four unsigned decimal numbers, the name of a SCSI device. */
static bool is_scsi_address(const char *name)
{
	int fields = 0;

	for (;;) {
		if (*name < '0' || *name > '9')
			return false;
		while (*name >= '0' && *name <= '9')
			name++;
		fields++;
		if (*name == '\0')
			return fields == 4;
		if (*name != ':' || fields == 4)
			return false;
		name++;
	}
}

/* Is the device directory @path on the bus "scsi" (its subsystem link)? */
static bool on_scsi_bus(const char *path)
{
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	if (snprintf(link, sizeof(link), "%s/subsystem", path) >= (int)sizeof(link))
		return false;
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	n -= (ssize_t)strlen("/bus/scsi");
	return n >= 0 && !strcmp(target + n, "/bus/scsi");
}

/*
 * @dir joined with the relative link target @target, "." and ".." folded, into
 * @out: what the kernel's sysfs links resolve to (they hold no further links).
 */
static int join_link(const char *dir, const char *target, char *out, size_t size)
{
	char buf[PATH_MAX];
	char *part, *save = NULL;
	size_t len;

	if (snprintf(buf, sizeof(buf), "%s/%s", dir, target) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	len = 0;
	out[0] = '\0';
	for (part = strtok_r(buf, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			char *slash = strrchr(out, '/');

			len = slash ? (size_t)(slash - out) : 0;
			out[len] = '\0';
			continue;
		}
		if (len + 1 + strlen(part) + 1 > size)
			return -ENAMETOOLONG;
		out[len++] = '/';
		strcpy(out + len, part);
		len += strlen(part);
	}
	if (!len)
		strcpy(out, "/");
	return 0;
}

/* The device directory a sysfs link (/sys/dev/block/11:0, ...) points to. */
static int resolve_link(const char *link, char *out, size_t size)
{
	char target[PATH_MAX], dir[PATH_MAX];
	char *slash;
	ssize_t n;

	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (target[0] == '/') {
		if ((size_t)n >= size)
			return -ENAMETOOLONG;
		memcpy(out, target, (size_t)n + 1);
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s", link);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return join_link(dir, target, out, size);
}

/*
 * The SCSI device at or above the device directory @path: the nearest
 * ancestor named H:C:T:L on the bus "scsi" (sr's and sg's are two levels up:
 * .../H:C:T:L/block/srN).  -ENODEV when there is none.
 */
static int scsi_device_above(const char *path, char *out, size_t size)
{
	char *slash;

	if (snprintf(out, size, "%s", path) >= (int)size)
		return -ENAMETOOLONG;
	while ((slash = strrchr(out, '/')) && slash != out) {
		if (is_scsi_address(slash + 1) && on_scsi_bus(out))
			return 0;
		*slash = '\0';
		if (!strcmp(out, "/sys/devices") || !strcmp(out, "/sys"))
			break;
	}
	return -ENODEV;
}

/*
 * The one entry of the directory @name below @dirfd (block/ or scsi_generic/),
 * in @out; 0 with @out empty when there is none.  A SCSI device has at most
 * one of each: sr and sg bind one node per device.
 */
static int only_entry(int dirfd, const char *name, char *out, size_t size)
{
	struct dirent *de;
	DIR *d;
	int fd, r = 0;

	out[0] = '\0';
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	errno = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(out, size, "%s", de->d_name) >= (int)size)
			r = -ENAMETOOLONG;
		break;
	}
	if (!de && errno && errno != ENOENT)
		r = -errno;	/* ENOENT: the directory went while it was read */
	closedir(d);
	return r;
}

/* @dir/@sub/@name and /dev/@name, or both NULL when @name is empty. */
static int node_paths(const char *dir, const char *sub, const char *name,
		      char **syspath, char **node)
{
	*syspath = *node = NULL;
	if (!*name)
		return 0;
	if (asprintf(syspath, "%s/%s/%s", dir, sub, name) < 0) {
		*syspath = NULL;
		return -ENOMEM;
	}
	if (asprintf(node, "/dev/%s", name) < 0) {
		*node = NULL;
		free(*syspath);
		*syspath = NULL;
		return -ENOMEM;
	}
	return 0;
}

/*
 * The sr and sg nodes bound to the drive now, from its directory @dirfd.
 * Old values are replaced only when the lookup succeeds.
 */
static int find_nodes_at(struct discxfer_drive *drive, int dirfd)
{
	char block[NAME_MAX + 1], generic[NAME_MAX + 1], buf[64];
	char *bsys, *bnode, *gsys, *gnode;
	int r;

	r = only_entry(dirfd, "block", block, sizeof(block));
	if (r == 0)
		r = only_entry(dirfd, "scsi_generic", generic, sizeof(generic));
	if (r < 0) {
		dx_err(drive->ctx, "%s: cannot look up its nodes: %s", drive->syspath,
		       DX_ERRSTR(r, buf));
		return r == -ENOMEM ? r : -EIO;
	}
	r = node_paths(drive->syspath, "block", block, &bsys, &bnode);
	if (r < 0)
		return r;
	r = node_paths(drive->syspath, "scsi_generic", generic, &gsys, &gnode);
	if (r < 0) {
		free(bsys);
		free(bnode);
		return r;
	}
	free(drive->block_syspath);
	free(drive->block_node);
	free(drive->generic_syspath);
	free(drive->generic_node);
	drive->block_syspath = bsys;
	drive->block_node = bnode;
	/* Whether the kernel answers itself is the queue's kind, fixed while
	 * it is bound: known once here, so that a query on a kernel without
	 * it opens nothing more (limits.c, read_kernel and get_one). */
	drive->kernel_answers = false;
	if (bsys) {
		char qattr[PATH_MAX];

		if (snprintf(qattr, sizeof(qattr), "block/%s/queue/passthrough_max_bytes",
			     block) < (int)sizeof(qattr))
			drive->kernel_answers = faccessat(dirfd, qattr, F_OK, 0) == 0;
	}
	drive->generic_syspath = gsys;
	drive->generic_node = gnode;
	return 0;
}

/* A value of the SCSI device: 0, -ENOENT when it is missing, or -EIO. */
static int read_value(int dirfd, const char *name, char *buf, size_t size)
{
	int r = dx_read_file_at(dirfd, name, buf, size);

	if (r >= 0)
		return 0;
	buf[0] = '\0';
	return r == -ENOENT || r == -ENODEV ? -ENOENT : r == -ENOMEM ? r : -EIO;
}

/*
 * The drive whose SCSI device is at @syspath (a resolved path), read once.
 * -EMEDIUMTYPE when it is no optical drive, -ENODEV when it is gone or going.
 * A type that is no number is -EIO when the device was asked for, and
 * -EMEDIUMTYPE while @listing: a list leaves out what it cannot tell is a
 * drive, as it always has.
 */
static int drive_at(struct discxfer_ctx *ctx, const char *syspath, bool listing,
		    struct discxfer_drive **ret)
{
	char type[64], vendor[256], model[256];
	struct discxfer_drive *drive;
	const char *address = strrchr(syspath, '/') + 1;
	uint32_t scsi_type;
	int fd, rt, rv, rm, r;

	fd = open(syspath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOMEM ? -ENOMEM : -ENODEV;
	rt = read_value(fd, "type", type, sizeof(type));
	rv = read_value(fd, "vendor", vendor, sizeof(vendor));
	rm = read_value(fd, "model", model, sizeof(model));
	/* Its attributes cut by the removal: not malformed, not a drive with no name. */
	if ((rt == -ENOENT || rv == -ENOENT || rm == -ENOENT) && dx_scsi_device_going(syspath)) {
		dx_dbg(ctx, "%s: removed while it was opened", syspath);
		r = -ENODEV;
		goto out;
	}
	r = rt == -ENOMEM || rv == -ENOMEM || rm == -ENOMEM ? -ENOMEM : 0;
	if (r < 0)
		goto out;
	r = dx_parse_u32(rt == 0 ? type : NULL, &scsi_type);
	if (r < 0 && listing) {
		dx_dbg(ctx, "%s: unreadable SCSI type, left out", syspath);
		r = -EMEDIUMTYPE;
		goto out;
	}
	if (r < 0) {
		dx_err(ctx, "%s: unreadable SCSI type", syspath);
		goto out;
	}
	if (scsi_type != 4 && scsi_type != 5) {
		r = -EMEDIUMTYPE;
		goto out;
	}
	r = -ENOMEM;
	drive = dx_drive_alloc(ctx);
	if (!drive)
		goto out;
	drive->scsi_type = (int)scsi_type;
	if (!(drive->syspath = strdup(syspath)) ||
	    !(drive->address = strdup(address)) ||
	    dx_dup_trimmed(vendor, &drive->vendor) < 0 ||
	    dx_dup_trimmed(model, &drive->model) < 0 ||
	    asprintf(&drive->module_dir, "%s/discxfer/%s", syspath, address) < 0) {
		drive->module_dir = NULL;
		discxfer_drive_unref(drive);
		goto out;
	}
	r = find_nodes_at(drive, fd);
	if (r < 0) {
		discxfer_drive_unref(drive);
		goto out;
	}
	*ret = drive;
out:
	close(fd);
	return r;
}

/* A device directory has a uevent file; anything else is no device (any more). */
static int is_device(const char *syspath)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/uevent", syspath) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (access(path, F_OK) < 0)
		return errno == ENOMEM ? -ENOMEM : -ENODEV;
	return 0;
}

int dx_drive_from_syspath(struct discxfer_ctx *ctx, const char *syspath,
			  struct discxfer_drive **ret)
{
	char sdev[PATH_MAX];
	int r;

	r = is_device(syspath);
	if (r < 0)
		return r;
	r = scsi_device_above(syspath, sdev, sizeof(sdev));
	if (r < 0)
		return r;
	return drive_at(ctx, sdev, false, ret);
}

int dx_drive_from_devnum(struct discxfer_ctx *ctx, char type, dev_t devnum,
			 struct discxfer_drive **ret)
{
	char link[64], path[PATH_MAX], sdev[PATH_MAX];
	int r;

	snprintf(link, sizeof(link), "/sys/dev/%s/%u:%u", type == 'b' ? "block" : "char",
		 major(devnum), minor(devnum));
	r = resolve_link(link, path, sizeof(path));
	if (r < 0)
		return r == -ENOMEM || r == -ENAMETOOLONG ? r : -ENODEV;
	/* The link may outlive the device for a moment while it is removed. */
	r = is_device(path);
	if (r < 0)
		return r;
	r = scsi_device_above(path, sdev, sizeof(sdev));
	if (r < 0)
		return r;
	return drive_at(ctx, sdev, false, ret);
}

/* Re-find sr and sg below the drive (they can be rebound under a new name). */
int dx_drive_refresh_nodes(struct discxfer_drive *drive)
{
	int fd, r;

	fd = open(drive->syspath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOMEM ? -ENOMEM : -ENODEV;
	r = find_nodes_at(drive, fd);
	close(fd);
	return r;
}

static int cmp_drive_address(const void *a, const void *b)
{
	const struct discxfer_drive *da = *(struct discxfer_drive *const *)a;
	const struct discxfer_drive *db = *(struct discxfer_drive *const *)b;
	unsigned long va[4] = { 0 }, vb[4] = { 0 };
	int i;

	sscanf(da->address, "%lu:%lu:%lu:%lu", &va[0], &va[1], &va[2], &va[3]);
	sscanf(db->address, "%lu:%lu:%lu:%lu", &vb[0], &vb[1], &vb[2], &vb[3]);
	for (i = 0; i < 4; i++)
		if (va[i] != vb[i])
			return va[i] < vb[i] ? -1 : 1;
	return 0;
}

/*
 * Every optical drive of the SCSI bus, each read once, in H:C:T:L order.
 * A drive that goes while it is read is left out; no SCSI bus is no drive.
 */
int dx_enumerate_drives(struct discxfer_ctx *ctx, struct discxfer_drive ***drives,
			size_t *count)
{
	struct discxfer_drive **list = NULL, **grown;
	size_t n = 0, cap = 0;
	struct dirent *de;
	char buf[64];
	DIR *d;
	int r = 0;

	*drives = NULL;
	*count = 0;
	d = opendir(SCSI_DEVICES);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		r = -errno;
		dx_err(ctx, "cannot scan " SCSI_DEVICES ": %s", DX_ERRSTR(r, buf));
		return r == -ENOMEM ? r : -EIO;
	}
	dx_dbg(ctx, "enumerating drives from " SCSI_DEVICES);
	for (errno = 0; (de = readdir(d)); errno = 0) {
		char link[PATH_MAX], syspath[PATH_MAX];
		struct discxfer_drive *drive;

		if (!is_scsi_address(de->d_name))
			continue;
		snprintf(link, sizeof(link), SCSI_DEVICES "/%s", de->d_name);
		r = resolve_link(link, syspath, sizeof(syspath));
		if (r == -ENOENT) {
			r = 0;
			continue;	/* gone since the directory was read */
		}
		if (r == 0)
			r = drive_at(ctx, syspath, true, &drive);
		if (r == -ENODEV || r == -EMEDIUMTYPE) {
			r = 0;
			continue;
		}
		if (r < 0)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(list, cap * sizeof(*list));
			if (!grown) {
				discxfer_drive_unref(drive);
				r = -ENOMEM;
				break;
			}
			list = grown;
		}
		list[n++] = drive;
	}
	if (!r && errno && errno != ENOENT) {
		r = -errno;
		dx_err(ctx, "cannot scan " SCSI_DEVICES ": %s", DX_ERRSTR(r, buf));
		r = r == -ENOMEM ? r : -EIO;
	}
	closedir(d);
	if (r < 0) {
		while (n)
			discxfer_drive_unref(list[--n]);
		free(list);
		return r;
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_drive_address);
	*drives = list;
	*count = n;
	return 0;
}
