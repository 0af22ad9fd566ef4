// SPDX-License-Identifier: LGPL-2.1-or-later

#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake.h"

/* umockdev emulates a node whose file has the sticky bit as a block device. */
static void make_node(UMockdevTestbed *tb, const char *name, int block)
{
	gchar *root = umockdev_testbed_get_root_dir(tb);
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/dev/%s", root, name);
	g_free(root);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd >= 0)
		close(fd);
	if (block)
		chmod(path, 01644);
}

/* "11:0" -> "11", "0" (the uevent's MAJOR and MINOR, which libudev checks). */
static void split_devnum(const char *devnum, char *major, char *minor)
{
	unsigned int ma = 0, mi = 0;

	sscanf(devnum, "%u:%u", &ma, &mi);
	snprintf(major, 16, "%u", ma);
	snprintf(minor, 16, "%u", mi);
}

/*
 * umockdev 0.17 files every device number under /sys/dev/char; the kernel
 * puts block devices under /sys/dev/block, where libudev looks them up.
 */
static void fix_block_devlink(UMockdevTestbed *tb, const char *syspath, const char *devnum)
{
	gchar *root = umockdev_testbed_get_root_dir(tb);
	char dir[2048], link[4096], target[4096];

	snprintf(link, sizeof(link), "%s/sys/dev/char/%s", root, devnum);
	unlink(link);
	snprintf(dir, sizeof(dir), "%s/sys/dev/block", root);
	mkdir(dir, 0755);
	snprintf(link, sizeof(link), "%s/%s", dir, devnum);
	unlink(link);
	snprintf(target, sizeof(target), "../../..%s", syspath);
	if (symlink(target, link) < 0)
		perror(link);
	g_free(root);
}

char *fake_scsi(UMockdevTestbed *tb, const char *hctl, const char *type,
		const char *vendor, const char *model)
{
	return umockdev_testbed_add_device(tb, "scsi", hctl, NULL,
					   "type", type, "vendor", vendor,
					   "model", model, NULL,
					   "DEVTYPE", "scsi_device", NULL);
}

char *fake_block(UMockdevTestbed *tb, const char *sdev, const char *name,
		 const char *devnum, const struct fake_queue *q)
{
	char devname[64], major[16], minor[16], dir[80];
	char *path;

	snprintf(devname, sizeof(devname), "/dev/%s", name);
	/* The kernel's place: the SCSI device's block/ directory. */
	snprintf(dir, sizeof(dir), "block/%s", name);
	split_devnum(devnum, major, minor);
	path = umockdev_testbed_add_device(tb, "block", dir, sdev, "dev", devnum, NULL,
					   "DEVNAME", devname, "DEVTYPE", "disk",
					   "MAJOR", major, "MINOR", minor, NULL);
	if (!path)
		return NULL;
	if (q) {
#define SET(attr, v) if (v) umockdev_testbed_set_attribute(tb, path, "queue/" attr, v)
		SET("max_hw_sectors_kb", q->max_hw_sectors_kb);
		SET("max_segments", q->max_segments);
		SET("max_segment_size", q->max_segment_size);
		SET("virt_boundary_mask", q->virt_boundary_mask);
		SET("logical_block_size", q->logical_block_size);
		SET("dma_alignment", q->dma_alignment);
#undef SET
	}
	make_node(tb, name, 1);
	fix_block_devlink(tb, path, devnum);
	return path;
}

void fake_kernel_attrs(UMockdevTestbed *tb, const char *block, const char *aligned,
		       const char *unaligned)
{
	/* As the kernel prints them: sysfs_emit("%llu\n"). */
	gchar *a = g_strdup_printf("%s\n", aligned), *u = g_strdup_printf("%s\n", unaligned);

	umockdev_testbed_set_attribute(tb, block, "queue/passthrough_max_bytes", a);
	umockdev_testbed_set_attribute(tb, block, "queue/passthrough_max_unaligned_bytes", u);
	g_free(a);
	g_free(u);
}

char *fake_sg(UMockdevTestbed *tb, const char *sdev, const char *name,
	      const char *devnum)
{
	char devname[64], major[16], minor[16], dir[80];
	char *path;

	snprintf(devname, sizeof(devname), "/dev/%s", name);
	/* The kernel's place: the SCSI device's scsi_generic/ directory. */
	snprintf(dir, sizeof(dir), "scsi_generic/%s", name);
	split_devnum(devnum, major, minor);
	path = umockdev_testbed_add_device(tb, "scsi_generic", dir, sdev, "dev", devnum,
					   NULL, "DEVNAME", devname, "MAJOR", major,
					   "MINOR", minor, NULL);
	if (path)
		make_node(tb, name, 0);
	return path;
}

char *fake_numbered_drive(UMockdevTestbed *tb, unsigned int h, const struct fake_queue *q)
{
	char hctl[32], sr[16], sg[16], bdev[16], cdev[16];
	char *sdev;

	snprintf(hctl, sizeof(hctl), "%u:0:0:0", h);
	snprintf(sr, sizeof(sr), "sr%u", h);
	snprintf(sg, sizeof(sg), "sg%u", h);
	snprintf(bdev, sizeof(bdev), "11:%u", h);
	snprintf(cdev, sizeof(cdev), "21:%u", h);
	sdev = fake_scsi(tb, hctl, "5", "QEMU    ", "QEMU CD-ROM     ");
	g_free(fake_block(tb, sdev, sr, bdev, q));
	g_free(fake_sg(tb, sdev, sg, cdev));
	return sdev;
}

char *fake_module(UMockdevTestbed *tb, const char *sdev, const char *hctl,
		  const char *aligned, const char *unaligned, const char *hw,
		  const char *segments)
{
	char name[64], line[256];

	snprintf(name, sizeof(name), "discxfer/%s", hctl);
	/* The one-line "limits" of the same values, as the module prints it. */
	snprintf(line, sizeof(line), "%s %s 65536 4294967295 0 511 2048 4096 %s %s\n",
		 hw, segments, aligned, unaligned);
	return umockdev_testbed_add_device(tb, "discxfer", name, sdev,
					   "limits", line,
					   "max_page_aligned_transfer_bytes", aligned,
					   "max_non_page_aligned_transfer_bytes", unaligned,
					   "max_hw_transfer_bytes", hw,
					   "max_segments", segments,
					   "max_segment_size", "65536",
					   "alignment_mask", "0x1ff",
					   "seg_boundary_mask", "0xffffffff",
					   "virt_boundary_mask", "0x0",
					   "logical_block_size", "2048",
					   "page_size", "4096",
					   "block_node", "sr0", "generic_node", "sg0",
					   NULL, NULL);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int fake_rmtree(const char *dir)
{
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void fake_remove(UMockdevTestbed *tb, const char *syspath)
{
	gchar *root = umockdev_testbed_get_root_dir(tb);
	char dir[2048], link[4096], target[1024], name[1024];
	const char *subsystem;
	ssize_t n;

	umockdev_testbed_uevent(tb, syspath, "remove");
	snprintf(dir, sizeof(dir), "%s%s", root, syspath);
	snprintf(link, sizeof(link), "%s/subsystem", dir);
	n = readlink(link, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		subsystem = basename(target);
		snprintf(name, sizeof(name), "%s", syspath);
		snprintf(link, sizeof(link), "%s/sys/class/%s/%s", root, subsystem,
			 basename(name));
		unlink(link);
		snprintf(link, sizeof(link), "%s/sys/bus/%s/devices/%s", root, subsystem,
			 basename(name));
		unlink(link);
		snprintf(link, sizeof(link), "%s/sys/%s/%s", root, subsystem, basename(name));
		unlink(link);	/* /sys/block/NAME */
		snprintf(link, sizeof(link), "%s/dev/.node/%s", root, basename(name));
		unlink(link);	/* umockdev's record of the node */
		snprintf(link, sizeof(link), "%s/dev/%s", root, basename(name));
		unlink(link);
	}
	fake_rmtree(dir);
	g_free(root);
}
