// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * make bench: what a query costs, against one raw sysfs read, on the same
 * drive in one run.
 *
 * Without DEV=..., the drive is a umockdev fake (sr0 below SCSI device
 * 0:0:0:0 with discxfer.ko's attributes), and the run must be under the
 * umockdev preload (the make target does that). With a device path as argv[1],
 * the real drive is measured.
 *
 *   warm  one context, drive open: discxfer_drive_get_max_page_aligned_transfer_size()
 *   cold  discxfer_ctx_new + discxfer_drive_new_from_path + query + unref both
 *   raw   open + read + close of the attribute the warm query reads
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "discxfer.h"
#include "fake.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The SATA drive of the formula table ("sata_atapi"), with the module's attributes. */
static UMockdevTestbed *fake_drive(void)
{
	static const struct fake_queue q = { "128", "167", "65536", "0", "2048", "511" };
	UMockdevTestbed *tb = umockdev_testbed_new();
	gchar *sdev, *block = NULL, *cls = NULL;

	sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU    ", "QEMU DVD-ROM    ");
	if (sdev) {
		block = fake_block(tb, sdev, "sr0", "11:0", &q);
		cls = fake_module(tb, sdev, "0:0:0:0", "131072", "131072", "131072", "167");
	}
	if (!sdev || !block || !cls) {
		fprintf(stderr, "bench: umockdev could not make the fake drive\n");
		exit(1);
	}
	g_free(sdev);
	g_free(block);
	g_free(cls);
	return tb;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/sys/block/sr0";
	UMockdevTestbed *tb = NULL;
	struct discxfer_ctx *ctx;
	struct discxfer_drive *drive;
	char attr[4096], buf[64];
	double t0, warm, cold, raw, raw_queue;
	long i, n = 20000, ncold = 2000;
	uint32_t v;
	int fd, r;

	if (argc <= 1) {
		tb = fake_drive();
		if (access("/sys/block/sr0", F_OK) < 0) {
			fprintf(stderr, "bench: no fake drive: run under umockdev-wrapper, or give a device\n");
			return 1;
		}
	}
	r = discxfer_ctx_new(&ctx);
	if (r == 0)
		r = discxfer_drive_new_from_path(ctx, dev, &drive);
	if (r < 0) {
		fprintf(stderr, "bench: %s: %s\n", dev, strerror(-r));
		return 1;
	}
	snprintf(attr, sizeof(attr), "%s/discxfer/%s/max_page_aligned_transfer_bytes",
		 discxfer_drive_get_syspath(drive), discxfer_drive_get_scsi_address(drive));
	if (access(attr, R_OK) < 0)	/* no module: the queue limit instead */
		snprintf(attr, sizeof(attr), "%s/queue/max_hw_sectors_kb",
			 dev);

	/* warm-up */
	for (i = 0; i < 1000; i++)
		discxfer_drive_get_max_page_aligned_transfer_size(drive, &v);

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		fd = open(attr, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0) {
			fprintf(stderr, "bench: %s: %s\n", attr, strerror(errno));
			return 1;
		}
		close(fd);
	}
	raw = (now_ns() - t0) / (double)n;

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (discxfer_drive_get_max_page_aligned_transfer_size(drive, &v) < 0)
			return 1;
	}
	warm = (now_ns() - t0) / (double)n;

	t0 = now_ns();
	for (i = 0; i < ncold; i++) {
		struct discxfer_ctx *c;
		struct discxfer_drive *d;

		if (discxfer_ctx_new(&c) < 0 || discxfer_drive_new_from_path(c, dev, &d) < 0 ||
		    discxfer_drive_get_max_page_aligned_transfer_size(d, &v) < 0)
			return 1;
		discxfer_drive_unref(d);
		discxfer_ctx_unref(c);
	}
	cold = (now_ns() - t0) / (double)ncold;

	/* The full query of every input through the queue-limits source, for scale. */
	{
		struct discxfer_limits l = { .size = sizeof(l) };

		t0 = now_ns();
		for (i = 0; i < ncold; i++)
			if (discxfer_drive_get_limits(drive, &l) < 0)
				return 1;
		raw_queue = (now_ns() - t0) / (double)ncold;
	}

	printf("bench: drive %s (%s), answer %u bytes\n", dev,
	       tb ? "umockdev fake with discxfer.ko attributes" : "real", v);
	printf("bench: raw sysfs read (open+read+close): %8.0f ns\n", raw);
	printf("bench: warm query (one value):           %8.0f ns  = %.2fx raw\n", warm, warm / raw);
	printf("bench: warm get_limits (every input):    %8.0f ns  = %.2fx raw\n",
	       raw_queue, raw_queue / raw);
	printf("bench: cold query (ctx+open+query+free): %8.0f ns  = %.2fx raw\n", cold, cold / raw);
	printf("bench: target warm <= 2x raw: %s\n", warm <= 2 * raw ? "met" : "NOT met");

	discxfer_drive_unref(drive);
	discxfer_ctx_unref(ctx);
	if (tb)
		g_object_unref(tb);
	return 0;
}
