// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discxfer udev-import DEVICE: the program udev's IMPORT{program} runs for
 * an optical drive's sr and sg nodes. Prints KEY=VALUE lines and exits. It
 * reads sysfs only: it never opens the device node unless no block queue and
 * no module answer (the sg-ioctl source), and never waits for anything.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "discxfer.h"
#include "commands.h"

int discxfer_cmd_udev_import(struct discxfer_ctx *ctx, int argc, char **argv)
{
	struct discxfer_drive *drive = NULL;
	struct discxfer_limits l = { .size = sizeof(l) };
	int r;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: discxfer udev-import DEVICE\n"
		       "Print DISCXFER_* udev properties of DEVICE (a node or sysfs path).\n");
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "discxfer udev-import: exactly one DEVICE expected\n");
		return 2;
	}
	if (discxfer_open_drive(ctx, argv[1], &drive) < 0)
		return 1;
	r = discxfer_drive_get_limits(drive, &l);
	if (r < 0) {
		fprintf(stderr, "discxfer: %s: %s\n", argv[1], discxfer_strerror(r));
		discxfer_drive_unref(drive);
		return 1;
	}
	printf("DISCXFER_MAX_PAGE_ALIGNED_TRANSFER_BYTES=%" PRIu32 "\n",
	       l.max_page_aligned_transfer_bytes);
	printf("DISCXFER_MAX_NON_PAGE_ALIGNED_TRANSFER_BYTES=%" PRIu32 "\n",
	       l.max_non_page_aligned_transfer_bytes);
	printf("DISCXFER_SOURCE=%s\n",
	       discxfer_source_to_string((enum discxfer_source)l.source));
	discxfer_drive_unref(drive);
	return 0;
}
