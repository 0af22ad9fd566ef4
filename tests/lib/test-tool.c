// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The discxfer command against fake drives: the binary is run with the
 * testbed's environment (UMOCKDEV_DIR, and the preload it inherits).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "fake.h"

static UMockdevTestbed *tb;

static void setup(void)
{
	tb = umockdev_testbed_new();
	cr_assert_not_null(tb);
}

static void teardown(void)
{
	g_object_unref(tb);
}

/* Run "discxfer ARGS"; stdout and stderr into buffers; returns the exit code. */
static int run(const char *args, char *out, size_t outsz, char *err, size_t errsz)
{
	char cmd[1024], errfile[] = "/tmp/discxfer-test-XXXXXX";
	const char *bin = getenv("DISCXFER_BIN");
	FILE *p, *e;
	size_t n;
	int fd, st;

	cr_assert_not_null(bin, "DISCXFER_BIN is not set");
	fd = mkstemp(errfile);
	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s %s 2>%s", bin, args, errfile);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	n = fread(out, 1, outsz - 1, p);
	out[n] = '\0';
	st = pclose(p);
	e = fopen(errfile, "r");
	n = e ? fread(err, 1, errsz - 1, e) : 0;
	err[n] = '\0';
	if (e)
		fclose(e);
	unlink(errfile);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void add_virtio(void)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU    ", "QEMU CD-ROM     ");

	g_free(fake_block(tb, sdev, "sr0", "11:0", &q));
	g_free(fake_sg(tb, sdev, "sg0", "21:0"));
	g_free(sdev);
}

TestSuite(tool, .init = setup, .fini = teardown);

Test(tool, list_with_no_drives_says_so)
{
	char out[4096], err[4096];

	cr_expect_eq(run("list", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "No optical drives found.\n");
	cr_expect_str_empty(err);
}

Test(tool, list_shows_the_drive)
{
	char out[4096], err[4096];

	add_virtio();
	cr_expect_eq(run("list", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect(strstr(out, "0:0:0:0") && strstr(out, "sr0") && strstr(out, "sg0"), "%s", out);
	cr_expect(strstr(out, "1040384") && strstr(out, "1036288"), "%s", out);
	cr_expect(strstr(out, "1016 KiB") && strstr(out, "1012 KiB"), "%s", out);
	cr_expect(strstr(out, "queue-limits"), "%s", out);
	cr_expect_eq(run("list --json", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect(out[0] == '[' && strstr(out, "\"max_page_aligned_transfer_bytes\":1040384"), "%s", out);
}

Test(tool, get_json_has_every_value)
{
	char out[4096], err[4096];

	add_virtio();
	cr_assert_eq(run("get --json /dev/sg0", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_expect(strstr(out, "\"block_node\":\"/dev/sr0\""), "%s", out);
	cr_expect(strstr(out, "\"generic_node\":\"/dev/sg0\""), "%s", out);
	cr_expect(strstr(out, "\"source\":\"queue-limits\""), "%s", out);
	cr_expect(strstr(out, "\"max_page_aligned_transfer_bytes\":1040384,"), "%s", out);
	cr_expect(strstr(out, "\"max_non_page_aligned_transfer_bytes\":1036288,"), "%s", out);
	cr_expect(strstr(out, "\"max_hw_transfer_bytes\":33552384,"), "%s", out);
	cr_expect(strstr(out, "\"max_segments\":254,"), "%s", out);
	cr_expect(strstr(out, "\"alignment_mask\":3,"), "%s", out);
	cr_expect(strstr(out, "\"seg_boundary_mask\":null,"), "%s", out);
	cr_expect(strstr(out, "\"vendor\":\"QEMU\""), "%s", out);
}

Test(tool, value_prints_a_bare_number)
{
	char out[4096], err[4096];

	add_virtio();
	cr_expect_eq(run("get --value page-aligned /dev/sr0", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "1040384\n");
	cr_expect_eq(run("get --value non-page-aligned /sys/block/sr0", out, sizeof(out), err,
			 sizeof(err)), 0);
	cr_expect_str_eq(out, "1036288\n");
}

Test(tool, udev_import_prints_properties)
{
	char out[4096], err[4096];

	add_virtio();
	cr_expect_eq(run("udev-import /sys/class/scsi_generic/sg0", out, sizeof(out), err,
			 sizeof(err)), 0);
	cr_expect_str_eq(out, "DISCXFER_MAX_PAGE_ALIGNED_TRANSFER_BYTES=1040384\n"
			      "DISCXFER_MAX_NON_PAGE_ALIGNED_TRANSFER_BYTES=1036288\n"
			      "DISCXFER_SOURCE=queue-limits\n");
}

Test(tool, a_disk_fails_naming_the_device)
{
	static const struct fake_queue q = { "1024", "128", "65536", "0", "512", "511" };
	char out[4096], err[4096];
	char *sdev = fake_scsi(tb, "1:0:0:0", "0", "ATA", "DISK");

	g_free(fake_block(tb, sdev, "sda", "8:0", &q));
	g_free(sdev);
	cr_expect_eq(run("get /dev/sda", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect_str_empty(out);
	cr_expect(strstr(err, "/dev/sda") && strstr(err, "not an optical drive"), "%s", err);
	cr_expect_eq(run("get /dev/sr7", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect(strstr(err, "/dev/sr7") && strstr(err, "No such file"), "%s", err);
}

/* Drive H:0:0:0 with srH and sgH, its max_segments @segments. */
static void add_drive(unsigned int h, const char *segments)
{
	struct fake_queue q = FAKE_VIRTIO;

	q.max_segments = segments;
	g_free(fake_numbered_drive(tb, h, &q));
}

Test(tool, a_malformed_value_fails_naming_the_device)
{
	char out[4096], err[4096];

	add_drive(0, "garbage");
	cr_expect_eq(run("get /dev/sr0", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect_str_empty(out);
	cr_expect(strstr(err, "/dev/sr0") && strstr(err, "malformed"), "%s", err);
}

/* The first drive fails: the array still starts with the second, no comma first. */
Test(tool, list_json_stays_valid_when_a_drive_fails)
{
	char out[8192], err[4096];

	add_drive(0, "garbage");
	add_drive(1, "254");
	cr_expect_eq(run("list --json", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect(!strncmp(out, "[{\"scsi_address\":\"1:0:0:0\",", 27), "%s", out);
	cr_expect(strstr(out, "}]\n") && !strstr(out, "},{"), "%s", out);
	cr_expect(strstr(err, "0:0:0:0") && strstr(err, "malformed"), "%s", err);
}

/*
 * Vendor and model are the device's bytes: quotes, backslashes, control
 * characters and bytes above 0x7f are escaped, so the output is ASCII
 * and valid JSON, and each byte reads back as one character.
 */
Test(tool, json_strings_escape_any_byte)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	char out[4096], err[4096];
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "V\"e\\n\xff", "M\x01\x7f\xc3\xa9");
	size_t i;

	g_free(fake_block(tb, sdev, "sr0", "11:0", &q));
	g_free(sdev);
	cr_assert_eq(run("get --json /dev/sr0", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_expect(strstr(out, "\"vendor\":\"V\\\"e\\\\n\\u00ff\""), "%s", out);
	cr_expect(strstr(out, "\"model\":\"M\\u0001\x7f\\u00c3\\u00a9\""), "%s", out);
	for (i = 0; out[i]; i++)
		cr_expect((unsigned char)out[i] < 0x80, "a raw byte 0x%02x at %zu: %s",
			  (unsigned char)out[i], i, out);
}

Test(tool, usage_errors_exit_2)
{
	char out[4096], err[4096];

	cr_expect_eq(run("", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect_eq(run("frobnicate", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect(strstr(err, "unknown command 'frobnicate'"), "%s", err);
	cr_expect_eq(run("get", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect_eq(run("get --value sideways /dev/sr0", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect_eq(run("list --bogus", out, sizeof(out), err, sizeof(err)), 2);
}

Test(tool, help_and_version)
{
	char out[4096], err[4096];

	cr_expect_eq(run("--help", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect(strstr(out, "Usage: discxfer"), "%s", out);
	cr_expect_eq(run("get --help", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_eq(run("--version", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect(!strncmp(out, "discxfer ", 9), "%s", out);
}
