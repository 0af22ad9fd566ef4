// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discxfer udev-trigger CLASS-SYSPATH: run by udev when discxfer.ko's class
 * device for a drive appears or goes away. Writes "change" to the uevent
 * file of the drive's block (srN) and generic (sgN) devices so that udev
 * re-imports DISCXFER_* for them. Only writes to sysfs; never waits.
 *
 * CLASS-SYSPATH is .../H:C:T:L/discxfer/H:C:T:L; the drive is two levels up.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "discxfer.h"
#include "commands.h"

static int trigger_children(const char *sdev, const char *subdir)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (snprintf(dir, sizeof(dir), "%s/%s", sdev, subdir) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return 0;	/* no such node bound */
	while ((de = readdir(d))) {
		int fd;

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s/uevent", dir, de->d_name) >=
		    (int)sizeof(path))
			continue;
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (write(fd, "change", 6) == 6)
			n++;
		close(fd);
	}
	closedir(d);
	return n;
}

int discxfer_cmd_udev_trigger(struct discxfer_ctx *ctx, int argc, char **argv)
{
	char sdev[PATH_MAX];
	char *slash;
	int i;

	(void)ctx;
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: discxfer udev-trigger CLASS-SYSPATH\n"
		       "Ask udev to re-evaluate the sr and sg nodes of the drive of a\n"
		       "discxfer class device (.../H:C:T:L/discxfer/H:C:T:L).\n");
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "discxfer udev-trigger: exactly one CLASS-SYSPATH expected\n");
		return 2;
	}
	if (snprintf(sdev, sizeof(sdev), "%s", argv[1]) >= (int)sizeof(sdev)) {
		fprintf(stderr, "discxfer: %s: path too long\n", argv[1]);
		return 1;
	}
	for (i = 0; i < 2; i++) {
		slash = strrchr(sdev, '/');
		if (!slash || slash == sdev) {
			fprintf(stderr, "discxfer: %s: not a discxfer class device path\n", argv[1]);
			return 1;
		}
		*slash = '\0';
	}
	if (strcmp(slash + 1, "discxfer")) {
		fprintf(stderr, "discxfer: %s: not a discxfer class device path\n", argv[1]);
		return 1;
	}
	trigger_children(sdev, "block");
	trigger_children(sdev, "scsi_generic");
	return 0;
}
