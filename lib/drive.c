// SPDX-License-Identifier: LGPL-2.1-or-later
/* Drive objects: opening by path or device number, accessors, lists. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

struct discxfer_drive_list {
	size_t count;
	struct discxfer_drive **drives;
};

struct discxfer_drive *dx_drive_alloc(struct discxfer_ctx *ctx)
{
	struct discxfer_drive *drive = calloc(1, sizeof(*drive));

	if (!drive)
		return NULL;
	drive->refcount = 1;
	drive->ctx = discxfer_ctx_ref(ctx);
	return drive;
}

static bool under_sysfs(const char *path)
{
	return !strncmp(path, "/sys/", 5);
}

/* The drive behind a device node's stat; -EINVAL for anything but a node. */
static int drive_from_node(struct discxfer_ctx *ctx, const struct stat *st,
			   struct discxfer_drive **ret)
{
	if (S_ISBLK(st->st_mode))
		return dx_drive_from_devnum(ctx, 'b', st->st_rdev, ret);
	if (S_ISCHR(st->st_mode))
		return dx_drive_from_devnum(ctx, 'c', st->st_rdev, ret);
	return -EINVAL;
}

DISCXFER_EXPORT int discxfer_drive_new_from_path(struct discxfer_ctx *ctx,
						 const char *path,
						 struct discxfer_drive **ret)
{
	char real[PATH_MAX];
	struct stat st;

	if (!ret)
		return -EINVAL;
	*ret = NULL;
	if (!ctx || !path || !*path)
		return -EINVAL;
	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode))
		return drive_from_node(ctx, &st, ret);
	if (!S_ISDIR(st.st_mode))
		return -EINVAL;
	/* A sysfs directory: resolve links such as /sys/block/sr0. */
	if (!realpath(path, real))
		return -errno;
	if (!under_sysfs(real))
		return -EINVAL;
	return dx_drive_from_syspath(ctx, real, ret);
}

DISCXFER_EXPORT int discxfer_drive_new_from_devnum(struct discxfer_ctx *ctx,
						   char type, dev_t devnum,
						   struct discxfer_drive **ret)
{
	if (!ret)
		return -EINVAL;
	*ret = NULL;
	if (!ctx || (type != 'b' && type != 'c'))
		return -EINVAL;
	return dx_drive_from_devnum(ctx, type, devnum, ret);
}

DISCXFER_EXPORT int discxfer_drive_new_from_fd(struct discxfer_ctx *ctx, int fd,
					       struct discxfer_drive **ret)
{
	struct stat st;

	if (!ret)
		return -EINVAL;
	*ret = NULL;
	if (!ctx)
		return -EINVAL;
	if (fd < 0)
		return -EBADF;
	if (fstat(fd, &st) < 0)
		return -errno;
	return drive_from_node(ctx, &st, ret);
}

DISCXFER_EXPORT struct discxfer_drive *discxfer_drive_ref(struct discxfer_drive *drive)
{
	if (drive)
		drive->refcount++;
	return drive;
}

DISCXFER_EXPORT struct discxfer_drive *discxfer_drive_unref(struct discxfer_drive *drive)
{
	if (!drive || --drive->refcount > 0)
		return NULL;
	free(drive->syspath);
	free(drive->address);
	free(drive->module_dir);
	free(drive->block_syspath);
	free(drive->block_node);
	free(drive->generic_syspath);
	free(drive->generic_node);
	free(drive->vendor);
	free(drive->model);
	discxfer_ctx_unref(drive->ctx);
	free(drive);
	return NULL;
}

DISCXFER_EXPORT const char *discxfer_drive_get_syspath(struct discxfer_drive *drive)
{
	return drive ? drive->syspath : NULL;
}

DISCXFER_EXPORT const char *discxfer_drive_get_scsi_address(struct discxfer_drive *drive)
{
	return drive ? drive->address : NULL;
}

DISCXFER_EXPORT const char *discxfer_drive_get_block_node(struct discxfer_drive *drive)
{
	return drive ? drive->block_node : NULL;
}

DISCXFER_EXPORT const char *discxfer_drive_get_generic_node(struct discxfer_drive *drive)
{
	return drive ? drive->generic_node : NULL;
}

DISCXFER_EXPORT const char *discxfer_drive_get_vendor(struct discxfer_drive *drive)
{
	return drive ? drive->vendor : NULL;
}

DISCXFER_EXPORT const char *discxfer_drive_get_model(struct discxfer_drive *drive)
{
	return drive ? drive->model : NULL;
}

DISCXFER_EXPORT int discxfer_drive_get_scsi_type(struct discxfer_drive *drive)
{
	return drive ? drive->scsi_type : -EINVAL;
}

DISCXFER_EXPORT int discxfer_ctx_enumerate(struct discxfer_ctx *ctx,
					   struct discxfer_drive_list **ret)
{
	struct discxfer_drive_list *list;
	int r;

	if (!ret)
		return -EINVAL;
	*ret = NULL;
	if (!ctx)
		return -EINVAL;
	list = calloc(1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	r = dx_enumerate_drives(ctx, &list->drives, &list->count);
	if (r < 0) {
		free(list);
		return r;
	}
	*ret = list;
	return (int)list->count;
}

DISCXFER_EXPORT size_t discxfer_drive_list_get_count(const struct discxfer_drive_list *list)
{
	return list ? list->count : 0;
}

DISCXFER_EXPORT struct discxfer_drive *discxfer_drive_list_get(const struct discxfer_drive_list *list,
							       size_t index)
{
	if (!list || index >= list->count)
		return NULL;
	return list->drives[index];
}

DISCXFER_EXPORT struct discxfer_drive_list *discxfer_drive_list_free(struct discxfer_drive_list *list)
{
	size_t i;

	if (!list)
		return NULL;
	for (i = 0; i < list->count; i++)
		discxfer_drive_unref(list->drives[i]);
	free(list->drives);
	free(list);
	return NULL;
}
