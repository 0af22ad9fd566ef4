// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libdiscxfer against fake drives: real libudev over a umockdev testbed (run
 * under umockdev-wrapper). Expected values come from the fakes' inputs and
 * the hand-worked rows of tests/formula_cases.h, never from the library.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "discxfer.h"
#include "discxfer/imapi2.h"
#include "fake.h"
#include "harness.h"

/* lib/internal.h: the saturating helper behind the IMAPI calls. */
uint32_t dx_saturate_ulong(uint64_t value);
/* lib/internal.h: the rule that tells a removal from a malformed kernel. */
bool dx_scsi_device_going(const char *syspath);

/* One virtio-scsi-like drive 0:0:0:0 with sr0 (11:0) and sg0 (21:0). */
static char *virtio_drive(char **block)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU    ", "QEMU CD-ROM     ");
	char *b = fake_block(tb, sdev, "sr0", "11:0", &q);

	g_free(fake_sg(tb, sdev, "sg0", "21:0"));
	if (block)
		*block = b;
	else
		g_free(b);
	return sdev;
}

static void open_ok(const char *path, struct discxfer_drive **d)
{
	int r = discxfer_drive_new_from_path(ctx, path, d);

	cr_assert_eq(r, 0, "opening %s: %d", path, r);
}

static void limits_of(const char *path, struct discxfer_limits *l, int want)
{
	struct discxfer_drive *d;
	int r;

	open_ok(path, &d);
	memset(l, 0, sizeof(*l));
	l->size = sizeof(*l);
	r = discxfer_drive_get_limits(d, l);
	cr_assert_eq(r, want, "%s: get_limits %d, expected %d", path, r, want);
	discxfer_drive_unref(d);
}

TestSuite(lib, .init = harness_setup, .fini = harness_teardown);

Test(lib, sr_and_sg_of_one_drive_agree)
{
	struct discxfer_limits a, b;

	g_free(virtio_drive(NULL));
	limits_of("/dev/sr0", &a, 0);
	limits_of("/dev/sg0", &b, 0);
	/* tests/formula_cases.h "virtio_scsi": 254 x 4 KiB and 253 x 4 KiB */
	cr_expect_eq(a.max_page_aligned_transfer_bytes, 1040384);
	cr_expect_eq(a.max_non_page_aligned_transfer_bytes, 1036288);
	cr_expect_eq(a.max_hw_transfer_bytes, 32766ULL * 1024);
	cr_expect_eq(a.max_segments, 254);
	cr_expect_eq(a.max_segment_size, 65536);
	cr_expect_eq(a.alignment_mask, 3);
	cr_expect_eq(a.logical_block_size, 2048);
	cr_expect_eq(a.page_size, (uint32_t)sysconf(_SC_PAGESIZE));
	cr_expect_eq(a.source, DISCXFER_SOURCE_QUEUE_LIMITS);
	cr_expect_eq(memcmp(&a, &b, sizeof(a)), 0, "sr0 and sg0 answers differ");
}

Test(lib, every_way_of_naming_the_drive_opens_it)
{
	static const char *const paths[] = {
		"/dev/sr0", "/dev/sg0", "/dev/cdrom", "/sys/block/sr0",
		"/sys/class/scsi_generic/sg0", "/sys/devices/0:0:0:0",
	};
	struct discxfer_drive *d;
	char link[4096];
	gchar *root;
	size_t i;

	g_free(virtio_drive(NULL));
	root = umockdev_testbed_get_root_dir(tb);
	snprintf(link, sizeof(link), "%s/dev/cdrom", root);
	cr_assert_eq(symlink("sr0", link), 0);
	/* umockdev's stat() takes a node's number from dev/.node/NAME, also for links. */
	snprintf(link, sizeof(link), "%s/dev/.node/cdrom", root);
	cr_assert_eq(symlink("11:0", link), 0);
	g_free(root);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		open_ok(paths[i], &d);
		cr_expect_str_eq(discxfer_drive_get_syspath(d), "/sys/devices/0:0:0:0", "%s", paths[i]);
		cr_expect_str_eq(discxfer_drive_get_scsi_address(d), "0:0:0:0");
		cr_expect_str_eq(discxfer_drive_get_block_node(d), "/dev/sr0");
		cr_expect_str_eq(discxfer_drive_get_generic_node(d), "/dev/sg0");
		cr_expect_str_eq(discxfer_drive_get_vendor(d), "QEMU");
		cr_expect_str_eq(discxfer_drive_get_model(d), "QEMU CD-ROM");
		cr_expect_eq(discxfer_drive_get_scsi_type(d), 5);
		discxfer_drive_unref(d);
	}
	cr_assert_eq(discxfer_drive_new_from_devnum(ctx, 'b', makedev(11, 0), &d), 0);
	cr_expect_str_eq(discxfer_drive_get_syspath(d), "/sys/devices/0:0:0:0");
	discxfer_drive_unref(d);
	cr_assert_eq(discxfer_drive_new_from_devnum(ctx, 'c', makedev(21, 0), &d), 0);
	cr_expect_str_eq(discxfer_drive_get_syspath(d), "/sys/devices/0:0:0:0");
	discxfer_drive_unref(d);
}

Test(lib, a_disk_is_not_an_optical_drive)
{
	static const struct fake_queue q = { "1024", "128", "65536", "0", "512", "511" };
	struct discxfer_drive *d = (void *)1;
	char *sdev = fake_scsi(tb, "1:0:0:0", "0", "ATA", "DISK");

	g_free(fake_block(tb, sdev, "sda", "8:0", &q));
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/dev/sda", &d), -EMEDIUMTYPE);
	cr_expect_null(d, "the out-parameter is cleared on failure");
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/sys/block/sda", &d), -EMEDIUMTYPE);
	g_free(sdev);
}

/*
 * discxfer_drive_new_from_fd() goes by the descriptor's device number, not
 * by a name.  umockdev has no fstat() of its own, so the descriptor is of a
 * real node outside the testbed: /dev/null (char 1:3), given here to a fake
 * drive as its generic node's number; /dev/zero (1:5) belongs to no drive.
 */
Test(lib, a_drive_from_its_file_descriptor)
{
	struct discxfer_drive *d = (void *)1;
	char *sdev = fake_scsi(tb, "3:0:0:0", "5", "QEMU    ", "QEMU CD-ROM     ");
	char path[] = "/tmp/discxfer-fd-XXXXXX";
	int fd, opath, zero, file, closed;

	g_free(fake_sg(tb, sdev, "sg7", "1:3"));
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	cr_assert_geq(fd, 0, "open /dev/null: %s", strerror(errno));
	cr_assert_eq(discxfer_drive_new_from_fd(ctx, fd, &d), 0);
	cr_expect_str_eq(discxfer_drive_get_syspath(d), "/sys/devices/3:0:0:0");
	cr_expect_str_eq(discxfer_drive_get_generic_node(d), "/dev/sg7");
	discxfer_drive_unref(d);
	/* Opened only as a path: no driver open, the same drive. */
	opath = open("/dev/null", O_PATH | O_CLOEXEC);
	cr_assert_geq(opath, 0);
	cr_assert_eq(discxfer_drive_new_from_fd(ctx, opath, &d), 0);
	cr_expect_str_eq(discxfer_drive_get_syspath(d), "/sys/devices/3:0:0:0");
	discxfer_drive_unref(d);
	close(opath);

	zero = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	cr_assert_geq(zero, 0);
	cr_expect_eq(discxfer_drive_new_from_fd(ctx, zero, &d), -ENODEV,
		     "a character device of no drive");
	cr_expect_null(d, "the out-parameter is cleared on failure");
	close(zero);
	file = mkstemp(path);
	cr_assert_geq(file, 0);
	unlink(path);
	cr_expect_eq(discxfer_drive_new_from_fd(ctx, file, &d), -EINVAL, "a regular file");
	/*
	 * A closed descriptor: a high number, which no open() of another
	 * thread (umockdev's, Criterion's) takes again while lower ones are
	 * free, as the number just closed could be (seen once in the bare
	 * chroot of check-pkg-chroot).
	 */
	closed = fcntl(file, F_DUPFD_CLOEXEC, 256);
	cr_assert_geq(closed, 256, "F_DUPFD: %s", strerror(errno));
	close(closed);
	close(file);
	cr_expect_eq(discxfer_drive_new_from_fd(ctx, closed, &d), -EBADF, "a closed descriptor");
	cr_expect_eq(discxfer_drive_new_from_fd(ctx, -1, &d), -EBADF);
	cr_expect_eq(discxfer_drive_new_from_fd(NULL, fd, &d), -EINVAL);
	cr_expect_eq(discxfer_drive_new_from_fd(ctx, fd, NULL), -EINVAL);
	close(fd);
	g_free(sdev);
}

Test(lib, bad_paths_and_arguments)
{
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = 4 };
	uint32_t v = 7;

	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/dev/nonexistent", &d), -ENOENT);
	cr_expect_eq(discxfer_drive_new_from_path(ctx, NULL, &d), -EINVAL);
	cr_expect_eq(discxfer_drive_new_from_path(NULL, "/dev/sr0", &d), -EINVAL);
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/dev/sr0", NULL), -EINVAL);
	cr_expect_eq(discxfer_drive_new_from_devnum(ctx, 'x', 0, &d), -EINVAL);
	cr_expect_eq(discxfer_drive_get_limits(NULL, &l), -EINVAL);
	cr_expect_eq(discxfer_drive_get_max_page_aligned_transfer_size(NULL, &v), -EINVAL);
	cr_expect_eq(v, 0, "the out-parameter is cleared on failure");
	g_free(virtio_drive(NULL));
	open_ok("/dev/sr0", &d);
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -EINVAL, "a too small size is refused");
	cr_expect_eq(discxfer_drive_get_max_page_aligned_transfer_size(d, NULL), -EINVAL);
	discxfer_drive_unref(d);
	cr_expect_null(discxfer_drive_unref(NULL));
	cr_expect_null(discxfer_ctx_unref(NULL));
}

/* Break one queue attribute of an otherwise good drive; expect @want. */
static void broken_queue(const char *attr, const char *value, int want)
{
	struct discxfer_limits l;
	struct discxfer_drive *d;
	uint32_t v;
	char *block;

	g_free(virtio_drive(&block));
	if (value)
		umockdev_testbed_set_attribute(tb, block, attr, value);
	else
		{
		gchar *root = umockdev_testbed_get_root_dir(tb);
		gchar *file = g_strdup_printf("%s%s/%s", root, block, attr);

		cr_assert_eq(unlink(file), 0);
		g_free(file);
		g_free(root);
	}
	harness_errors_allowed = true;
	limits_of("/dev/sr0", &l, want);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 0);
	open_ok("/dev/sg0", &d);
	cr_expect_eq(discxfer_drive_get_max_page_aligned_transfer_size(d, &v), want);
	cr_expect_eq(v, 0);
	discxfer_drive_unref(d);
	cr_expect_gt(harness_expected_errors, 0, "the error was logged");
	g_free(block);
}

Test(lib, malformed_value_is_eio)
{
	broken_queue("queue/max_segments", "abc", -EIO);
}

Test(lib, trailing_garbage_is_eio)
{
	broken_queue("queue/max_segment_size", "65536 x", -EIO);
}

Test(lib, empty_value_is_eio)
{
	broken_queue("queue/logical_block_size", "", -EIO);
}

Test(lib, missing_value_is_eio)
{
	broken_queue("queue/max_segment_size", NULL, -EIO);
}

/*
 * The kernel makes a queue's directory before its files, so a drive being
 * added can show a value missing for an instant (a `discxfer list` in the
 * rig's stress run, beside scsi_debug's add_host): the library reads the
 * queue again a few times, sleeping between the reads (lib/limits.c,
 * read_queue_settled()), and answers once the value is there, where a value
 * that stays missing is -EIO (lib::missing_value_is_eio).
 *
 * The value comes back while the library sleeps after its first read: this
 * file's nanosleep() stands in for the C library's (the test links the
 * static library, so its call lands here) and puts the file back before it
 * sleeps. A thread that put it back after a few milliseconds raced the
 * library's 30 ms on a loaded machine; this does not depend on time.
 */
struct late_value {
	gchar *file;
	gchar *contents;
	gsize len;
	unsigned int sleeps;
};

static struct late_value *late_value;

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct late_value *lv = late_value;

	if (lv) {
		lv->sleeps++;
		if (lv->sleeps == 1)
			g_file_set_contents(lv->file, lv->contents, (gssize)lv->len, NULL);
	}
	return clock_nanosleep(CLOCK_REALTIME, 0, req, rem);
}

Test(lib, a_value_missing_while_the_queue_is_made_is_waited_for)
{
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };
	struct late_value lv = { 0 };
	char *block;
	gchar *root;
	int r;

	g_free(virtio_drive(&block));
	root = umockdev_testbed_get_root_dir(tb);
	lv.file = g_strdup_printf("%s%s/queue/max_segment_size", root, block);
	cr_assert(g_file_get_contents(lv.file, &lv.contents, &lv.len, NULL));
	open_ok("/dev/sr0", &d);
	cr_assert_eq(unlink(lv.file), 0);
	late_value = &lv;
	r = discxfer_drive_get_limits(d, &l);
	late_value = NULL;
	cr_expect_eq(lv.sleeps, 1, "the library slept %u times, not once, before the value", lv.sleeps);
	cr_expect_eq(r, 0, "get_limits %d while the value came back", r);
	cr_expect_eq(l.source, DISCXFER_SOURCE_QUEUE_LIMITS);
	cr_expect_eq(l.max_segment_size, strtoul(lv.contents, NULL, 10));
	discxfer_drive_unref(d);
	g_free(lv.contents);
	g_free(lv.file);
	g_free(root);
	g_free(block);
}

Test(lib, zero_segments_is_erange)
{
	broken_queue("queue/max_segments", "0", -ERANGE);
}

Test(lib, overflowing_hard_limit_is_erange)
{
	broken_queue("queue/max_hw_sectors_kb", "99999999999999999999", -ERANGE);
}

Test(lib, segments_beyond_32_bits_is_erange)
{
	broken_queue("queue/max_segments", "4294967296", -ERANGE);
}

/* Not a number: -EIO, though its digits alone already overflow. */
Test(lib, garbage_after_overflowing_digits_is_eio)
{
	broken_queue("queue/max_segments", "99999999999999999999999x", -EIO);
}

/* The virtio drive and its module attributes, with values unlike the queue's. */
static char *virtio_with_module(char **mod)
{
	char *sdev = virtio_drive(NULL);

	*mod = fake_module(tb, sdev, "0:0:0:0", "520192", "516096", "33552384", "127");
	return sdev;
}

/* Take the one-line "limits" away: a module of before it had one. */
static void drop_limits_line(const char *mod)
{
	gchar *root = umockdev_testbed_get_root_dir(tb);
	char path[4096];

	snprintf(path, sizeof(path), "%s%s/limits", root, mod);
	cr_assert_eq(unlink(path), 0, "unlink %s: %s", path, strerror(errno));
	g_free(root);
}

/*
 * The virtio drive with the module's single attributes and no "limits"
 * line (the library then reads the single attributes); one of them set to
 * @len bytes. With @attr "limits", the line itself is set instead.
 */
static void broken_module(const char *attr, const char *value, size_t len, int want)
{
	struct discxfer_limits l;
	char *mod, *sdev = virtio_with_module(&mod);
	guint8 *bytes = g_memdup2(value, len);

	if (strcmp(attr, "limits"))
		drop_limits_line(mod);
	umockdev_testbed_set_attribute_binary(tb, mod, attr, bytes, len);
	g_free(bytes);
	harness_errors_allowed = true;
	limits_of("/dev/sr0", &l, want);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 0);
	cr_expect_gt(harness_expected_errors, 0, "the error was logged");
	g_free(mod);
	g_free(sdev);
}

Test(lib, malformed_module_value_is_eio)
{
	broken_module("max_segments", "12 7", 4, -EIO);
}

Test(lib, overflowing_module_value_is_erange)
{
	broken_module("max_segments", "0x100000000", 11, -ERANGE);
}

/* 62 zeros and "511": cut short at 63 bytes it would read as 5. */
Test(lib, module_value_longer_than_63_bytes_is_eio)
{
	char v[65];

	memset(v, '0', 62);
	memcpy(v + 62, "511", 3);
	broken_module("alignment_mask", v, sizeof(v), -EIO);
}

/* "127", a NUL, then garbage: the value is not "127". */
Test(lib, module_value_with_a_nul_byte_is_eio)
{
	broken_module("max_segments", "127\0junk", 8, -EIO);
}

/* broken_module() on the "limits" line, given as a C string. */
static void broken_line(const char *line, int want)
{
	broken_module("limits", line, strlen(line), want);
}

/* The module's "limits" line is malformed: -EIO, never a guess. */
Test(lib, limits_line_of_nine_fields_is_eio)
{
	broken_line("33552384 127 65536 4294967295 0 511 2048 4096 520192\n", -EIO);
}

Test(lib, limits_line_of_eleven_fields_is_eio)
{
	broken_line("33552384 127 65536 4294967295 0 511 2048 4096 520192 516096 1\n", -EIO);
}

Test(lib, limits_line_with_two_spaces_is_eio)
{
	broken_line("33552384  127 65536 4294967295 0 511 2048 4096 520192 516096\n", -EIO);
}

Test(lib, limits_line_with_hex_is_eio)
{
	broken_line("33552384 0x7f 65536 4294967295 0 511 2048 4096 520192 516096\n", -EIO);
}

Test(lib, limits_line_with_two_newlines_is_eio)
{
	broken_line("33552384 127 65536 4294967295 0 511 2048 4096 520192 516096\n\n", -EIO);
}

/* A 32-bit field of the line above 32 bits, or a 64-bit one above 64: -ERANGE. */
Test(lib, overflowing_limits_line_is_erange)
{
	broken_line("33552384 4294967296 65536 4294967295 0 511 2048 4096 520192 516096\n", -ERANGE);
}

Test(lib, limits_line_above_64_bits_is_erange)
{
	broken_line("18446744073709551616 127 65536 4294967295 0 511 2048 4096 520192 516096\n",
		    -ERANGE);
}

/*
 * With the "limits" line the library reads that one file: the single
 * attributes, broken here, are not read at all.
 */
Test(lib, the_limits_line_answers_alone)
{
	struct discxfer_limits l;
	char *mod, *sdev = virtio_with_module(&mod);

	umockdev_testbed_set_attribute(tb, mod, "max_segments", "garbage");
	umockdev_testbed_set_attribute(tb, mod, "max_hw_transfer_bytes", "garbage");
	limits_of("/dev/sr0", &l, 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_MODULE);
	cr_expect_eq(l.max_hw_transfer_bytes, 33552384);
	cr_expect_eq(l.max_segments, 127);
	cr_expect_eq(l.max_segment_size, 65536);
	cr_expect_eq(l.seg_boundary_mask, 0xffffffffULL);
	cr_expect_eq(l.alignment_mask, 511);
	cr_expect_eq(l.page_size, 4096);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 520192);
	cr_expect_eq(l.max_non_page_aligned_transfer_bytes, 516096);
	g_free(mod);
	g_free(sdev);
}

/* A module without the "limits" line (0.1.0 before it): the single attributes. */
Test(lib, a_module_without_the_limits_line_is_read_attribute_by_attribute)
{
	struct discxfer_limits l;
	char *mod, *sdev = virtio_with_module(&mod);

	drop_limits_line(mod);
	limits_of("/dev/sr0", &l, 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_MODULE);
	cr_expect_eq(l.max_segments, 127);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 520192);
	cr_expect(l.flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN);
	g_free(mod);
	g_free(sdev);
}

Test(lib, module_attributes_answer_first)
{
	struct discxfer_limits l;
	char *sdev = virtio_drive(NULL);
	uint32_t v;
	struct discxfer_drive *d;

	/* Values unlike the queue's, to tell the sources apart. */
	g_free(fake_module(tb, sdev, "0:0:0:0", "520192", "516096", "33552384", "127"));
	limits_of("/dev/sr0", &l, 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_MODULE);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 520192);
	cr_expect_eq(l.max_non_page_aligned_transfer_bytes, 516096);
	cr_expect_eq(l.max_hw_transfer_bytes, 33552384);
	cr_expect_eq(l.max_segments, 127);
	cr_expect_eq(l.alignment_mask, 0x1ff);
	cr_expect_eq(l.seg_boundary_mask, 0xffffffffULL);
	cr_expect(l.flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN);
	open_ok("/dev/sg0", &d);
	cr_expect_eq(discxfer_drive_get_max_page_aligned_transfer_size(d, &v), 0);
	cr_expect_eq(v, 520192);
	cr_expect_eq(discxfer_drive_get_max_non_page_aligned_transfer_size(d, &v), 0);
	cr_expect_eq(v, 516096);
	discxfer_drive_unref(d);
	g_free(sdev);
}

/*
 * The module is unloaded after the first of its attributes was read: the
 * rest are gone, and the queue limits answer, as if it had never been there.
 * (A module with the one-line "limits" is read in one go; this is the
 * attribute-by-attribute reading of one without it.)
 */
Test(lib, module_unloaded_mid_query_falls_back_to_the_queue_limits)
{
	static const char *const gone[] = {
		"limits", "max_segments", "max_segment_size", "seg_boundary_mask", "virt_boundary_mask",
		"alignment_mask", "logical_block_size", "page_size",
		"max_page_aligned_transfer_bytes", "max_non_page_aligned_transfer_bytes",
	};
	struct discxfer_limits l;
	char *mod, *sdev = virtio_with_module(&mod);
	gchar *root = umockdev_testbed_get_root_dir(tb);
	size_t i;

	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		gchar *file = g_strdup_printf("%s%s/%s", root, mod, gone[i]);

		cr_assert_eq(unlink(file), 0, "%s", file);
		g_free(file);
	}
	harness_errors_allowed = true;
	limits_of("/dev/sr0", &l, 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_QUEUE_LIMITS);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 1040384);
	cr_expect_eq(l.max_non_page_aligned_transfer_bytes, 1036288);
	g_free(root);
	g_free(mod);
	g_free(sdev);
}

/*
 * The kernel's attributes answer first, before the module and the queue
 * limits: the fake gives them values that neither the module's fake nor the
 * formula of the fake queue limits (1040384 / 1036288) would give.
 */
Test(lib, kernel_attributes_answer_before_the_module)
{
	struct discxfer_limits a, b;
	struct discxfer_drive *d;
	uint32_t v;
	char *block, *mod, *sdev = virtio_drive(&block);

	mod = fake_module(tb, sdev, "0:0:0:0", "520192", "516096", "33552384", "127");
	fake_kernel_attrs(tb, block, "262144", "258048");
	limits_of("/dev/sr0", &a, 0);
	limits_of("/dev/sg0", &b, 0);
	cr_expect_eq(a.source, DISCXFER_SOURCE_KERNEL);
	cr_expect_eq(a.max_page_aligned_transfer_bytes, 262144);
	cr_expect_eq(a.max_non_page_aligned_transfer_bytes, 258048);
	/* The other fields come from the queue limits of the fake. */
	cr_expect_eq(a.max_hw_transfer_bytes, 32766ULL * 1024);
	cr_expect_eq(a.max_segments, 254);
	cr_expect_eq(a.alignment_mask, 3);
	cr_expect_eq(a.logical_block_size, 2048);
	cr_expect_eq(a.flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN, 0u);
	cr_expect_eq(memcmp(&a, &b, sizeof(a)), 0, "sr0 and sg0 answers differ");
	/* The single-value calls take the kernel's value too. */
	open_ok("/dev/sr0", &d);
	cr_expect_eq(discxfer_drive_get_max_page_aligned_transfer_size(d, &v), 0);
	cr_expect_eq(v, 262144);
	cr_expect_eq(discxfer_drive_get_max_non_page_aligned_transfer_size(d, &v), 0);
	cr_expect_eq(v, 258048);
	discxfer_drive_unref(d);
	cr_expect_str_eq(discxfer_source_to_string(DISCXFER_SOURCE_KERNEL), "kernel");
	g_free(block);
	g_free(mod);
	g_free(sdev);
}

/*
 * discxfer_drive_get_limits_from(): each source alone, on one drive that
 * has three (the kernel's attributes, the module's, the queue limits), each
 * with its own values: the kernel's and the module's fakes differ from the
 * formula of the fake queue limits (1040384 / 1036288), and the module's
 * fake has 127 segments where the queue has 254.
 */
Test(lib, each_source_answers_alone)
{
	static const struct {
		enum discxfer_source source;
		uint32_t pa, npa, segments;
	} want[] = {
		{ DISCXFER_SOURCE_KERNEL, 262144, 258048, 254 },
		{ DISCXFER_SOURCE_MODULE, 520192, 516096, 127 },
		{ DISCXFER_SOURCE_QUEUE_LIMITS, 1040384, 1036288, 254 },
	};
	struct discxfer_limits l;
	struct discxfer_drive *d;
	char *block, *mod, *sdev = virtio_drive(&block);
	size_t i;

	mod = fake_module(tb, sdev, "0:0:0:0", "520192", "516096", "33552384", "127");
	fake_kernel_attrs(tb, block, "262144", "258048");
	open_ok("/dev/sg0", &d);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		memset(&l, 0, sizeof(l));
		l.size = sizeof(l);
		cr_assert_eq(discxfer_drive_get_limits_from(d, want[i].source, &l), 0,
			     "source %d", want[i].source);
		cr_expect_eq(l.source, (uint32_t)want[i].source);
		cr_expect_eq(l.max_page_aligned_transfer_bytes, want[i].pa, "source %d: %u",
			     want[i].source, l.max_page_aligned_transfer_bytes);
		cr_expect_eq(l.max_non_page_aligned_transfer_bytes, want[i].npa, "source %d: %u",
			     want[i].source, l.max_non_page_aligned_transfer_bytes);
		cr_expect_eq(l.max_segments, want[i].segments, "source %d: %u", want[i].source,
			     l.max_segments);
	}
	/* Only the module sees the segment boundary. */
	l.size = sizeof(l);
	cr_assert_eq(discxfer_drive_get_limits_from(d, DISCXFER_SOURCE_MODULE, &l), 0);
	cr_expect_neq(l.flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN, 0u);
	/* The sources in turn still give the kernel's. */
	l.size = sizeof(l);
	cr_assert_eq(discxfer_drive_get_limits(d, &l), 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_KERNEL);
	discxfer_drive_unref(d);
	g_free(block);
	g_free(mod);
	g_free(sdev);
}

/* A source that has nothing for the drive is -ENOENT, the others untried. */
Test(lib, a_source_without_an_answer_is_enoent)
{
	struct discxfer_limits l;
	struct discxfer_drive *d;
	char *sdev = virtio_drive(NULL);

	open_ok("/dev/sr0", &d);
	memset(&l, 0xff, sizeof(l));
	l.size = sizeof(l);
	cr_expect_eq(discxfer_drive_get_limits_from(d, DISCXFER_SOURCE_MODULE, &l), -ENOENT);
	cr_expect_eq(l.source, 0u, "fields left after a failure");
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 0u);
	cr_expect_eq(discxfer_drive_get_limits_from(d, DISCXFER_SOURCE_KERNEL, &l), -ENOENT);
	cr_expect_eq(discxfer_drive_get_limits_from(d, DISCXFER_SOURCE_QUEUE_LIMITS, &l), 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_QUEUE_LIMITS);
	discxfer_drive_unref(d);
	g_free(sdev);
}

Test(lib, get_limits_from_checks_its_arguments)
{
	struct discxfer_limits l = { .size = sizeof(l) };
	struct discxfer_drive *d;
	char *sdev = virtio_drive(NULL);

	open_ok("/dev/sr0", &d);
	cr_expect_eq(discxfer_drive_get_limits_from(NULL, DISCXFER_SOURCE_MODULE, &l), -EINVAL);
	cr_expect_eq(discxfer_drive_get_limits_from(d, DISCXFER_SOURCE_MODULE, NULL), -EINVAL);
	cr_expect_eq(discxfer_drive_get_limits_from(d, (enum discxfer_source)0, &l), -EINVAL);
	cr_expect_eq(discxfer_drive_get_limits_from(d, (enum discxfer_source)5, &l), -EINVAL);
	l.size = 4;
	cr_expect_eq(discxfer_drive_get_limits_from(d, DISCXFER_SOURCE_QUEUE_LIMITS, &l), -EINVAL);
	discxfer_drive_unref(d);
	g_free(sdev);
}

/* sg's cap applies to the kernel's value, which leaves it out. */
Test(lib, kernel_attribute_is_capped_for_sg)
{
	struct discxfer_limits l;
	char *block, *sdev = virtio_drive(&block);

	fake_kernel_attrs(tb, block, "4294967296", "4294963200");
	limits_of("/dev/sg0", &l, 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_KERNEL);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 256u * 1024 * 1024 - 1);
	cr_expect_eq(l.max_non_page_aligned_transfer_bytes, 256u * 1024 * 1024 - 1);
	g_free(block);
	g_free(sdev);
}

/* A drive with sg only has no queue directory: the next source answers. */
Test(lib, sg_only_drive_has_no_kernel_source)
{
	struct discxfer_limits l;
	char *mod, *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU    ", "QEMU CD-ROM     ");

	g_free(fake_sg(tb, sdev, "sg0", "21:0"));
	mod = fake_module(tb, sdev, "0:0:0:0", "520192", "516096", "33552384", "127");
	limits_of("/dev/sg0", &l, 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_MODULE);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 520192);
	g_free(mod);
	g_free(sdev);
}

/* A malformed kernel attribute is an error, not a silent fallback. */
Test(lib, malformed_kernel_attribute_is_eio)
{
	struct discxfer_limits l;
	char *block, *sdev = virtio_drive(&block);

	fake_kernel_attrs(tb, block, "lots", "258048");
	harness_errors_allowed = true;
	limits_of("/dev/sr0", &l, -EIO);
	g_free(block);
	g_free(sdev);
}

Test(lib, module_unloaded_between_queries_falls_back_to_the_queue_limits)
{
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };
	char *mod, *sdev = virtio_with_module(&mod);

	open_ok("/dev/sr0", &d);
	cr_assert_eq(discxfer_drive_get_limits(d, &l), 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_MODULE);
	fake_remove(tb, mod);
	cr_assert_eq(discxfer_drive_get_limits(d, &l), 0);
	cr_expect_eq(l.source, DISCXFER_SOURCE_QUEUE_LIMITS);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 1040384);
	discxfer_drive_unref(d);
	g_free(mod);
	g_free(sdev);
}

Test(lib, a_drive_removed_after_open_is_enodev)
{
	struct discxfer_drive *d, *again = (void *)1;
	struct discxfer_limits l = { .size = sizeof(l) };
	char *sdev = virtio_drive(NULL);
	uint32_t v = 7;

	open_ok("/dev/sr0", &d);
	fake_remove(tb, sdev);
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -ENODEV);
	cr_expect_eq(discxfer_drive_get_max_page_aligned_transfer_size(d, &v), -ENODEV);
	cr_expect_eq(v, 0);
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/sys/devices/0:0:0:0", &again), -ENOENT);
	cr_expect_null(again);
	discxfer_drive_unref(d);
	g_free(sdev);
}

/*
 * A value that vanishes while the midlayer removes the drive (its state is
 * "cancel" before sr's and sg's attributes go) is the removal: -ENODEV, as
 * for a drive already gone; the same missing value on a running drive is
 * -EIO (lib::missing_value_is_eio).  Seen in the rig's stress run.
 */
static void value_vanishing_in_state(const char *state)
{
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };
	char *block, *sdev = virtio_drive(&block);
	gchar *root = umockdev_testbed_get_root_dir(tb);
	gchar *file = g_strdup_printf("%s%s/queue/max_segments", root, block);

	open_ok("/dev/sr0", &d);
	umockdev_testbed_set_attribute(tb, sdev, "state", state);
	cr_assert_eq(unlink(file), 0);
	harness_errors_allowed = true;
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -ENODEV, "state %s", state);
	cr_expect_eq(l.max_page_aligned_transfer_bytes, 0);
	umockdev_testbed_set_attribute(tb, sdev, "state", "running");
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -EIO, "state running");
	discxfer_drive_unref(d);
	g_free(file);
	g_free(root);
	g_free(block);
	g_free(sdev);
}

Test(lib, a_value_vanishing_while_the_drive_is_cancelled_is_enodev)
{
	value_vanishing_in_state("cancel");
}

Test(lib, a_value_vanishing_while_the_drive_is_deleted_is_enodev)
{
	value_vanishing_in_state("deleted");
}

/*
 * device_del() of the SCSI device removes its uevent file, then its other
 * attributes (state among them), and its directory last; sr is still bound
 * meanwhile.  A value missing in that window is the removal too: -ENODEV,
 * not -EIO because "state" cannot be read any more.  With uevent there,
 * "state" missing is no removal: -EIO.
 */
Test(lib, a_value_vanishing_while_device_del_removes_the_attributes_is_enodev)
{
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };
	char *block, *sdev = virtio_drive(&block);
	gchar *root = umockdev_testbed_get_root_dir(tb);
	gchar *value = g_strdup_printf("%s%s/queue/max_segments", root, block);
	gchar *uevent = g_strdup_printf("%s%s/uevent", root, sdev);
	gchar *state = g_strdup_printf("%s%s/state", root, sdev);

	open_ok("/dev/sr0", &d);
	umockdev_testbed_set_attribute(tb, sdev, "state", "running");
	cr_assert_eq(unlink(uevent), 0, "%s", uevent);
	cr_assert_eq(unlink(state), 0, "%s", state);
	cr_assert_eq(unlink(value), 0, "%s", value);
	harness_errors_allowed = true;
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -ENODEV);
	umockdev_testbed_set_attribute(tb, sdev, "uevent", "DEVTYPE=scsi_device\n");
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -EIO);
	discxfer_drive_unref(d);
	g_free(state);
	g_free(uevent);
	g_free(value);
	g_free(root);
	g_free(block);
	g_free(sdev);
}

/*
 * The rule itself, which also decides when the SCSI type cannot be read
 * while a drive is opened or enumerated (a window no fake can hold open):
 * going when the state says so, when uevent is gone (device_del() removes
 * it first), or when the directory is; not when only state is missing.
 */
Test(lib, a_scsi_device_is_going_when_its_state_uevent_or_directory_says_so)
{
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU", "QEMU CD-ROM");
	gchar *root = umockdev_testbed_get_root_dir(tb);
	gchar *dir = g_strdup_printf("%s%s", root, sdev);
	gchar *uevent = g_strdup_printf("%s/uevent", dir);
	gchar *state = g_strdup_printf("%s/state", dir);
	gchar *gone = g_strdup_printf("%s/sys/devices/9:0:0:0", root);

	umockdev_testbed_set_attribute(tb, sdev, "state", "running");
	cr_expect_not(dx_scsi_device_going(dir), "running");
	umockdev_testbed_set_attribute(tb, sdev, "state", "cancel");
	cr_expect(dx_scsi_device_going(dir), "cancel");
	umockdev_testbed_set_attribute(tb, sdev, "state", "deleted");
	cr_expect(dx_scsi_device_going(dir), "deleted");
	cr_assert_eq(unlink(state), 0, "%s", state);
	cr_expect_not(dx_scsi_device_going(dir), "state missing, uevent there");
	cr_assert_eq(unlink(uevent), 0, "%s", uevent);
	cr_expect(dx_scsi_device_going(dir), "uevent and state gone");
	cr_expect(dx_scsi_device_going(gone), "no directory");
	g_free(gone);
	g_free(state);
	g_free(uevent);
	g_free(dir);
	g_free(root);
	g_free(sdev);
}

/*
 * A drive with neither sr nor sg bound (the midlayer adds the SCSI device
 * before its drivers bind: seen in the rig's stress run while a drive was
 * rescanned; or sr_mod and sg not loaded) has no node to send a command
 * to and no queue to read: -ENXIO, not "malformed"; while it is removed,
 * -ENODEV.
 */
Test(lib, a_drive_without_nodes_is_enxio)
{
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU", "QEMU CD-ROM");

	open_ok("/sys/devices/0:0:0:0", &d);
	harness_errors_allowed = true;
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -ENXIO);
	umockdev_testbed_set_attribute(tb, sdev, "state", "deleted");
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -ENODEV);
	discxfer_drive_unref(d);
	g_free(sdev);
}

/* Drop the capabilities that let root past file permissions (this test's process only). */
static void drop_dac_override(void)
{
	struct __user_cap_header_struct head = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (geteuid() != 0)
		return;
	cr_assert_eq(syscall(SYS_capget, &head, data), 0);
	data[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
	cr_assert_eq(syscall(SYS_capset, &head, data), 0, "capset: %s", strerror(errno));
}

/*
 * No sr bound, so the answer needs SG ioctls on /dev/sg0, which this user
 * may not open (root:cdrom 0660 on a real system).
 */
Test(lib, permission_denied_on_the_generic_node_is_eacces)
{
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU", "QEMU CD-ROM");
	gchar *root = umockdev_testbed_get_root_dir(tb), *node;
	uint32_t v = 7;

	g_free(fake_sg(tb, sdev, "sg0", "21:0"));
	open_ok("/dev/sg0", &d);
	node = g_strdup_printf("%s/dev/sg0", root);
	cr_assert_eq(chmod(node, 0), 0);
	drop_dac_override();
	harness_errors_allowed = true;
	cr_expect_eq(discxfer_drive_get_limits(d, &l), -EACCES);
	cr_expect_eq(discxfer_drive_get_max_non_page_aligned_transfer_size(d, &v), -EACCES);
	cr_expect_eq(v, 0);
	discxfer_drive_unref(d);
	g_free(node);
	g_free(root);
	g_free(sdev);
}

Test(lib, a_path_that_is_no_device_is_einval_or_enodev)
{
	struct discxfer_drive *d = (void *)1;
	gchar *root = umockdev_testbed_get_root_dir(tb), *file;

	g_free(virtio_drive(NULL));
	/* Outside the testbed's /dev, where umockdev makes every file a node. */
	file = g_strdup_printf("%s/notanode", root);
	cr_assert(g_file_set_contents(file, "", 0, NULL));
	cr_expect_eq(discxfer_drive_new_from_path(ctx, file, &d), -EINVAL, "a regular file");
	cr_expect_null(d);
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/tmp", &d), -EINVAL,
		     "a directory outside sysfs");
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "", &d), -EINVAL, "an empty path");
	/* A block device with nothing SCSI above it (a virtio disk, a loop device). */
	g_free(fake_block(tb, NULL, "vdz", "252:7", NULL));
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/dev/vdz", &d), -ENODEV);
	cr_expect_eq(discxfer_drive_new_from_path(ctx, "/sys/block/vdz", &d), -ENODEV);
	g_free(file);
	g_free(root);
}

Test(lib, values_are_read_at_every_query)
{
	struct discxfer_drive *d;
	char *block;
	uint32_t v;

	g_free(virtio_drive(&block));
	open_ok("/dev/sr0", &d);
	cr_assert_eq(discxfer_drive_get_max_page_aligned_transfer_size(d, &v), 0);
	cr_expect_eq(v, 254 * 4096);
	umockdev_testbed_set_attribute(tb, block, "queue/max_segments", "100");
	cr_assert_eq(discxfer_drive_get_max_page_aligned_transfer_size(d, &v), 0);
	cr_expect_eq(v, 100 * 4096, "a changed limit is seen by the next query");
	cr_assert_eq(discxfer_drive_get_max_non_page_aligned_transfer_size(d, &v), 0);
	cr_expect_eq(v, 99 * 4096);
	discxfer_drive_unref(d);
	g_free(block);
}

Test(lib, limits_struct_is_size_versioned)
{
	struct {
		struct discxfer_limits l;
		uint32_t future[4];
	} big;
	struct discxfer_drive *d;

	g_free(virtio_drive(NULL));
	open_ok("/dev/sr0", &d);
	memset(&big, 0xab, sizeof(big));
	big.l.size = sizeof(big);
	cr_assert_eq(discxfer_drive_get_limits(d, &big.l), 0);
	cr_expect_eq(big.l.size, sizeof(big), "size is the caller's");
	cr_expect_eq(big.future[0], 0, "fields this library does not know are zeroed");
	cr_expect_eq(big.future[3], 0);
	cr_expect_eq(big.l.max_page_aligned_transfer_bytes, 1040384);
	discxfer_drive_unref(d);
}

Test(lib, enumeration_lists_optical_drives_in_address_order)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	struct discxfer_drive_list *list;
	char *s;

	s = fake_scsi(tb, "1:0:0:0", "4", "WORM", "DRIVE");
	g_free(fake_block(tb, s, "sr1", "11:1", &q));
	g_free(s);
	s = fake_scsi(tb, "0:0:1:0", "0", "ATA", "DISK");
	g_free(s);
	g_free(virtio_drive(NULL));
	cr_assert_eq(discxfer_ctx_enumerate(ctx, &list), 2);
	cr_assert_eq(discxfer_drive_list_get_count(list), 2);
	cr_expect_str_eq(discxfer_drive_get_scsi_address(discxfer_drive_list_get(list, 0)), "0:0:0:0");
	cr_expect_str_eq(discxfer_drive_get_scsi_address(discxfer_drive_list_get(list, 1)), "1:0:0:0");
	cr_expect_eq(discxfer_drive_get_scsi_type(discxfer_drive_list_get(list, 1)), 4);
	cr_expect_null(discxfer_drive_list_get(list, 2));
	cr_expect_null(discxfer_drive_list_free(list));
}

/* The drives' addresses in an enumeration, "a b ...". */
static void enumerated(char *out, size_t size)
{
	struct discxfer_drive_list *list;
	size_t i;
	int r = discxfer_ctx_enumerate(ctx, &list);

	cr_assert_geq(r, 0, "enumerate: %d", r);
	out[0] = '\0';
	for (i = 0; i < discxfer_drive_list_get_count(list); i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "",
			 discxfer_drive_get_scsi_address(discxfer_drive_list_get(list, i)));
	discxfer_drive_list_free(list);
}

/*
 * A drive that device_del() is taking apart while the list is made: its
 * uevent and type already gone (the directory and the bus's link not yet),
 * or its directory gone with the bus's link left behind.  It is left out
 * and the others are listed: a removal is not a malformed kernel.
 */
Test(lib, a_drive_mid_removal_is_left_out_of_the_enumeration)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	gchar *root = umockdev_testbed_get_root_dir(tb);
	char *s1, *s2, found[128];
	gchar *path;

	g_free(fake_numbered_drive(tb, 0, &q));
	s1 = fake_numbered_drive(tb, 1, &q);
	s2 = fake_numbered_drive(tb, 2, &q);
	enumerated(found, sizeof(found));
	cr_assert_str_eq(found, "0:0:0:0 1:0:0:0 2:0:0:0");

	path = g_strdup_printf("%s%s/uevent", root, s1);
	cr_assert_eq(unlink(path), 0, "%s", path);
	g_free(path);
	path = g_strdup_printf("%s%s/type", root, s1);
	cr_assert_eq(unlink(path), 0, "%s", path);
	g_free(path);
	enumerated(found, sizeof(found));
	cr_expect_str_eq(found, "0:0:0:0 2:0:0:0", "uevent and type gone: \"%s\"", found);

	path = g_strdup_printf("%s%s", root, s2);
	cr_assert_eq(fake_rmtree(path), 0, "%s", path);
	g_free(path);
	path = g_strdup_printf("%s/sys/bus/scsi/devices/2:0:0:0", root);
	cr_assert(access(path, F_OK) < 0, "the bus's link dangles");
	g_free(path);
	enumerated(found, sizeof(found));
	cr_expect_str_eq(found, "0:0:0:0", "directory gone: \"%s\"", found);
	g_free(s2);
	g_free(s1);
	g_free(root);
}

/*
 * A node's /sys/dev link outlives its device for a moment while the kernel
 * removes it: opening the node then is -ENODEV, not the drive above the
 * directory that is gone.
 */
Test(lib, a_node_whose_device_went_is_enodev_though_its_sys_dev_link_is_left)
{
	struct discxfer_drive *d = (void *)1;
	char *block, *sdev = virtio_drive(&block);
	gchar *root = umockdev_testbed_get_root_dir(tb);
	gchar *dir = g_strdup_printf("%s%s", root, block);

	cr_assert_eq(fake_rmtree(dir), 0, "%s", dir);
	cr_expect_eq(discxfer_drive_new_from_devnum(ctx, 'b', makedev(11, 0), &d), -ENODEV);
	cr_expect_null(d);
	cr_expect_eq(discxfer_drive_new_from_devnum(ctx, 'c', makedev(21, 0), &d), 0,
		     "the drive's sg node still opens it");
	discxfer_drive_unref(d);
	g_free(dir);
	g_free(root);
	g_free(block);
	g_free(sdev);
}

/*
 * The nodes are found where the kernel puts them: the one entry of the
 * SCSI device's block/ and of its scsi_generic/ directory, with the
 * kernel's names as /dev nodes; a device directory anywhere else below the
 * SCSI device (a subtree scan would take it) is no node of the drive.
 */
Test(lib, nodes_are_found_in_the_scsi_devices_block_and_scsi_generic_directories)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	struct discxfer_drive_list *list;
	struct discxfer_drive *d;
	char *sdev = fake_scsi(tb, "3:0:1:0", "5", "QEMU", "QEMU DVD-ROM");
	char *b = fake_block(tb, sdev, "sr7", "11:7", &q);
	char *g = fake_sg(tb, sdev, "sg9", "21:9");
	char *stray;
	gchar *want;

	stray = umockdev_testbed_add_device(tb, "block", "power/sr8", sdev, "dev", "11:8",
					    NULL, "DEVNAME", "/dev/sr8", "DEVTYPE", "disk", NULL);
	cr_assert_eq(discxfer_ctx_enumerate(ctx, &list), 1);
	d = discxfer_drive_list_get(list, 0);
	cr_expect_str_eq(discxfer_drive_get_block_node(d), "/dev/sr7");
	cr_expect_str_eq(discxfer_drive_get_generic_node(d), "/dev/sg9");
	want = g_strdup_printf("%s/block/sr7", sdev);
	cr_expect_str_eq(b, want);
	g_free(want);
	want = g_strdup_printf("%s/scsi_generic/sg9", sdev);
	cr_expect_str_eq(g, want);
	g_free(want);
	discxfer_drive_list_free(list);

	/* Opened by the stray device's path: the drive above it, with its own nodes. */
	cr_assert_eq(discxfer_drive_new_from_path(ctx, stray, &d), 0);
	cr_expect_str_eq(discxfer_drive_get_scsi_address(d), "3:0:1:0");
	cr_expect_str_eq(discxfer_drive_get_block_node(d), "/dev/sr7");
	discxfer_drive_unref(d);
	g_free(stray);
	g_free(g);
	g_free(b);
	g_free(sdev);
}

Test(lib, no_drives_is_an_empty_list)
{
	struct discxfer_drive_list *list = NULL;

	cr_assert_eq(discxfer_ctx_enumerate(ctx, &list), 0);
	cr_assert_not_null(list);
	cr_expect_eq(discxfer_drive_list_get_count(list), 0);
	discxfer_drive_list_free(list);
}

Test(lib, module_state_is_one_of_the_four)
{
	enum discxfer_module_state s = (enum discxfer_module_state)99;

	cr_assert_eq(discxfer_ctx_get_module_state(ctx, &s), 0);
	cr_expect(s <= DISCXFER_MODULE_BUILTIN);
	cr_expect_str_neq(discxfer_module_state_to_string(s), "unknown");
	cr_expect_eq(discxfer_ctx_get_module_state(ctx, NULL), -EINVAL);
}

TestSuite(imapi, .init = harness_setup, .fini = harness_teardown);

Test(imapi, s_ok_with_the_values)
{
	struct discxfer_drive *d;
	ULONG v = 0;

	g_free(virtio_drive(NULL));
	open_ok("/dev/sr0", &d);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(d, &v), S_OK);
	cr_expect_eq(v, 1040384);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(d, &v), S_OK);
	cr_expect_eq(v, 1036288);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetByteAlignmentMask(d, &v), S_OK);
	cr_expect_eq(v, 3);
	discxfer_drive_unref(d);
}

Test(imapi, e_pointer_for_null)
{
	struct discxfer_drive *d;
	ULONG v;

	cr_expect_eq(E_POINTER, (HRESULT)0x80004003);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(NULL, &v), E_POINTER);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(NULL, &v), E_POINTER);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetByteAlignmentMask(NULL, &v), E_POINTER);
	g_free(virtio_drive(NULL));
	open_ok("/dev/sr0", &d);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(d, NULL), E_POINTER);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(d, NULL), E_POINTER);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetByteAlignmentMask(d, NULL), E_POINTER);
	discxfer_drive_unref(d);
}

Test(imapi, e_fail_on_a_broken_drive)
{
	struct discxfer_drive *d;
	char *block;
	ULONG v = 5;

	cr_expect_eq(E_FAIL, (HRESULT)0x80004005);
	g_free(virtio_drive(&block));
	open_ok("/dev/sr0", &d);
	umockdev_testbed_set_attribute(tb, block, "queue/max_segments", "garbage");
	harness_errors_allowed = true;
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(d, &v), E_FAIL);
	cr_expect_eq(v, 0);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(d, &v), E_FAIL);
	cr_expect_eq(discxfer_IDiscRecorder2Ex_GetByteAlignmentMask(d, &v), E_FAIL);
	discxfer_drive_unref(d);
	g_free(block);
}

/*
 * No public path exceeds ULONG_MAX today (the formula caps both maxima at
 * 256 MiB - 1 and the mask is 32 bits), so the saturating helper behind the
 * IMAPI calls is tested directly.
 */
Test(imapi, values_saturate_at_ulong_max)
{
	cr_expect_eq(dx_saturate_ulong(0), 0);
	cr_expect_eq(dx_saturate_ulong(0xffffffffULL), 0xffffffffU);
	cr_expect_eq(dx_saturate_ulong(0x100000000ULL), 0xffffffffU);
	cr_expect_eq(dx_saturate_ulong(UINT64_MAX), 0xffffffffU);
}
