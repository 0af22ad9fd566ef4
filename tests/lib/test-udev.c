// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The udev side of libdiscxfer against umockdev fakes with real libudev:
 * enumeration, which follows the kernel whatever udev's database says, the
 * DISCXFER_* properties as udev stores them, and the monitor's events from
 * uevents that umockdev emits.
 *
 * udev's database lives in /run/udev, which umockdev 0.17 (Debian 12) does
 * not redirect. The tests that need one give their process a private mount
 * namespace with an empty tmpfs on /run (as root, or in a user namespace;
 * also in a build chroot whose "/" is not a mount point) and write the
 * database there, in the format systemd-udevd writes.
 */

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <libudev.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "discxfer.h"
#include "fake.h"
#include "harness.h"

/* tests/formula_cases.h, row "virtio_scsi" (the FAKE_VIRTIO queue). */
#define VIRTIO_ALIGNED 1040384u
#define VIRTIO_UNALIGNED 1036288u

/* Drive H:0:0:0 with srH (11:H) and sgH (21:H), virtio-like queue. */
static char *drive(unsigned int h)
{
	static const struct fake_queue q = FAKE_VIRTIO;

	return fake_numbered_drive(tb, h, &q);
}

/* A disk H:0:0:0 (type 0) with sda (8:0) and sgH (21:H). */
static char *disk(unsigned int h)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	char hctl[32], sg[16], cdev[16];
	char *sdev;

	snprintf(hctl, sizeof(hctl), "%u:0:0:0", h);
	snprintf(sg, sizeof(sg), "sg%u", h);
	snprintf(cdev, sizeof(cdev), "21:%u", h);
	sdev = fake_scsi(tb, hctl, "0", "ATA     ", "QEMU HARDDISK   ");
	g_free(fake_block(tb, sdev, "sda", "8:0", &q));
	g_free(fake_sg(tb, sdev, sg, cdev));
	return sdev;
}

/* ------------------------------------------------------------------ */
/* A private, empty /run for this test's process. */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0, "%s: %s", path, strerror(errno));
}

/*
 * The real uid or gid ("Uid:", "Gid:") from /proc/self/status: fakeroot
 * (a package build) fakes getuid() but not this.
 */
static unsigned int real_id(const char *key)
{
	char line[256];
	unsigned int id = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && sscanf(line + strlen(key), "%u", &id) == 1)
			break;
	if (f)
		fclose(f);
	return id;
}

static bool map_id(const char *file, unsigned int id)
{
	char line[64];
	int fd = open(file, O_WRONLY);
	bool ok;

	if (fd < 0)
		return false;
	snprintf(line, sizeof(line), "0 %u 1\n", id);
	ok = write(fd, line, strlen(line)) == (ssize_t)strlen(line);
	close(fd);
	return ok;
}

static int root_private(void)
{
	/* The strings are ignored, but valgrind checks them: no NULL. */
	return mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL);
}

/*
 * Every mount of our new mount namespace private, so that nothing mounted
 * in it shows in the namespace it was copied from, whose mounts may be
 * shared with it (systemd makes "/" shared). Propagation changes only at
 * the root of a mount, and in a build chroot (pbuilder, sbuild) "/" is a
 * directory inside a mount whose root lies outside the chroot. Then we
 * change it from the namespace's own root and come back: a working
 * directory outside the root walks up with "..", so chroot("/run") from
 * "/" leads there. Only this thread moves (unshare(CLONE_NEWNS) gave it a
 * root and directory of its own), and not in a child: a forked copy of a
 * threaded process would leak the other threads' memory under valgrind.
 */
static bool all_mounts_private(void)
{
	struct stat here, up;
	int root, cwd, err;
	bool ok;

	if (root_private() == 0)
		return true;
	if (errno != EINVAL)
		return false;
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	cr_assert(root >= 0 && cwd >= 0, "opening / and .: %s", strerror(errno));
	ok = chdir("/") == 0 && chroot("/run") == 0;
	while (ok && stat(".", &here) == 0 && stat("..", &up) == 0 &&
	       (here.st_dev != up.st_dev || here.st_ino != up.st_ino))
		ok = chdir("..") == 0;
	ok = ok && chroot(".") == 0 && root_private() == 0;
	err = errno;
	cr_assert(fchdir(root) == 0 && chroot(".") == 0 && fchdir(cwd) == 0,
		  "back into the chroot: %s", strerror(errno));
	close(root);
	close(cwd);
	errno = err;
	return ok;
}

/*
 * umockdev 0.18 and newer (Debian 13) redirect /run/udev/data into the
 * testbed, where its parent must exist for mkdir("/run/udev/data") to work;
 * older ones (Debian 12) leave it in our /run.
 */
static bool make_private_run(void)
{
	gchar *root = umockdev_testbed_get_root_dir(tb);
	gchar *tbudev = g_build_filename(root, "run", "udev", NULL);
	bool ok = g_mkdir_with_parents(tbudev, 0755) == 0;

	g_free(tbudev);
	g_free(root);
	return ok && all_mounts_private() &&
	       mount("discxfer-test", "/run", "tmpfs", 0, "mode=0755") == 0 &&
	       mkdir("/run/udev", 0755) == 0 && mkdir("/run/udev/data", 0755) == 0 &&
	       mkdir("/run/udev/tags", 0755) == 0;
}

/*
 * As root a mount namespace of our own must work: any failure fails the
 * test. Otherwise a user namespace may give the privilege; where the
 * system refuses one, the test says SKIP and why.
 */
static void private_run(void)
{
	unsigned int uid = real_id("Uid:"), gid = real_id("Gid:");
	int fd;

	if (unshare(CLONE_NEWNS) == 0) {
		cr_assert(make_private_run(), "a tmpfs /run in a private mount namespace: %s",
			  strerror(errno));
		return;
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		cr_skip_test("SKIP: not root, and unshare(CLONE_NEWUSER): %s: udev's database cannot be faked",
			     strerror(errno));
	fd = open("/proc/self/setgroups", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "deny", 4) != 4)
			(void)0;
		close(fd);
	}
	if (!map_id("/proc/self/uid_map", uid) || !map_id("/proc/self/gid_map", gid) ||
	    !make_private_run())
		cr_skip_test("SKIP: the user namespace refuses a private /run (%s): udev's database cannot be faked",
			     strerror(errno));
}

/*
 * A unix socket at udevd's control path; listening (udev "runs") or left
 * behind by an exited udevd (bound, then closed: connect() is refused).
 * The listening socket stays open until the test's process ends.
 */
static void control_socket(bool listening)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	cr_assert_geq(fd, 0, "socket: %s", strerror(errno));
	strcpy(sa.sun_path, "/run/udev/control");
	unlink(sa.sun_path);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0, "bind: %s", strerror(errno));
	if (listening)
		cr_assert_eq(listen(fd, 8), 0, "listen: %s", strerror(errno));
	else
		close(fd);
}

/* udev is running: it listens on its control socket. */
static void udev_running(void)
{
	control_socket(true);
}

/*
 * udev's database entry of one node ("b11:0", "c21:0"): initialized, the
 * given properties ("KEY=VALUE\n" lines) and, when tagged, the tag.
 * Written also below the testbed, where newer umockdev looks for it.
 */
static void udev_db(const char *id, const char *props, bool tagged)
{
	char path[4096], text[4096], *p = text;
	const char *line = props;
	gchar *root = umockdev_testbed_get_root_dir(tb);

	p += sprintf(p, "I:1000000\n");
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);

		p += sprintf(p, "E:%.*s\n", len, line);
		line = nl ? nl + 1 : NULL;
	}
	if (tagged)
		p += sprintf(p, "G:discxfer\nQ:discxfer\n");
	sprintf(p, "V:1\n");
	snprintf(path, sizeof(path), "/run/udev/data/%s", id);
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/run/udev/data", root);
	if (g_mkdir_with_parents(path, 0755) == 0) {
		snprintf(path, sizeof(path), "%s/run/udev/data/%s", root, id);
		write_file(path, text);
	}
	g_free(root);
	if (tagged) {
		mkdir("/run/udev/tags/discxfer", 0755);
		snprintf(path, sizeof(path), "/run/udev/tags/discxfer/%s", id);
		write_file(path, "");
	}
}

/* The SCSI addresses of the drives the library enumerates, "a b ...". */
static void enumerated(char *out, size_t size)
{
	struct discxfer_drive_list *list;
	size_t i, n;
	int r = discxfer_ctx_enumerate(ctx, &list);

	cr_assert_geq(r, 0, "enumerate: %s", strerror(-r));
	out[0] = '\0';
	n = discxfer_drive_list_get_count(list);
	cr_assert_eq((size_t)r, n);
	for (i = 0; i < n; i++) {
		const char *a = discxfer_drive_get_scsi_address(discxfer_drive_list_get(list, i));

		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", a);
	}
	discxfer_drive_list_free(list);
}

TestSuite(udev, .init = harness_setup, .fini = harness_teardown);

/*
 * Enumeration lists what the kernel has, as lsblk does: udev's database,
 * whether udev runs, has exited or has not tagged a drive yet, changes
 * nothing, and a disk that udev tags wrongly is no drive.
 */
Test(udev, enumeration_follows_the_kernel_whatever_udevs_database_says)
{
	char none[256], found[256];

	g_free(drive(0));
	g_free(drive(1));
	g_free(disk(2));
	private_run();
	enumerated(none, sizeof(none));
	cr_assert_str_eq(none, "0:0:0:0 1:0:0:0", "no udev: \"%s\"", none);

	/* udevd exited: its socket and database stay behind. */
	control_socket(false);
	udev_db("b11:0", "ID_CDROM=1\n", true);
	udev_db("c21:0", "", true);
	enumerated(found, sizeof(found));
	cr_assert_str_eq(found, none, "stale database: \"%s\"", found);

	/* udev runs and has tagged drive 0 and, wrongly, the disk; not drive 1 yet. */
	udev_running();
	udev_db("b11:1", "ID_CDROM=1\n", false);
	udev_db("b8:0", "", true);
	enumerated(found, sizeof(found));
	cr_assert_str_eq(found, none, "udev running: \"%s\"", found);
}

/*
 * What `discxfer udev-import` prints is what udev stores: run it, store
 * its lines as the rules' IMPORT{program} would, and read them back with
 * libudev. They equal the library's answer, on the sr and the sg node.
 */
static void import_round_trip(const char *node, const char *id, const char *sysname,
			      const char *subsystem, const char *want_source)
{
	const char *bin = getenv("DISCXFER_BIN");
	char cmd[4096], props[4096], want[32];
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };
	struct udev *udev;
	struct udev_device *dev;
	size_t len;
	FILE *p;

	cr_assert_not_null(bin, "DISCXFER_BIN is not set");
	snprintf(cmd, sizeof(cmd), "%s udev-import %s", bin, node);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	len = fread(props, 1, sizeof(props) - 1, p);
	props[len] = '\0';
	cr_assert_eq(pclose(p), 0, "%s failed: %s", cmd, props);
	udev_db(id, props, true);

	cr_assert_eq(discxfer_drive_new_from_path(ctx, node, &d), 0);
	cr_assert_eq(discxfer_drive_get_limits(d, &l), 0);
	discxfer_drive_unref(d);

	udev = udev_new();
	dev = udev_device_new_from_subsystem_sysname(udev, subsystem, sysname);
	cr_assert_not_null(dev, "libudev does not find %s", sysname);
	cr_assert(udev_device_get_is_initialized(dev), "%s: database not read", node);
	cr_assert(udev_device_has_tag(dev, "discxfer"), "%s: no tag", node);
	snprintf(want, sizeof(want), "%u", l.max_page_aligned_transfer_bytes);
	cr_expect_str_eq(udev_device_get_property_value(dev,
			 "DISCXFER_MAX_PAGE_ALIGNED_TRANSFER_BYTES") ?: "(none)", want);
	snprintf(want, sizeof(want), "%u", l.max_non_page_aligned_transfer_bytes);
	cr_expect_str_eq(udev_device_get_property_value(dev,
			 "DISCXFER_MAX_NON_PAGE_ALIGNED_TRANSFER_BYTES") ?: "(none)", want);
	cr_expect_str_eq(udev_device_get_property_value(dev, "DISCXFER_SOURCE") ?: "(none)",
			 want_source);
	udev_device_unref(dev);
	udev_unref(udev);
}

Test(udev, imported_properties_read_back_from_the_database)
{
	char *sdev = drive(0);

	private_run();
	udev_running();
	import_round_trip("/dev/sr0", "b11:0", "sr0", "block", "queue-limits");
	import_round_trip("/dev/sg0", "c21:0", "sg0", "scsi_generic", "queue-limits");
	/* With the module's attributes the stored source is "module". */
	g_free(fake_module(tb, sdev, "0:0:0:0", "1040384", "1036288", "33546240", "254"));
	import_round_trip("/dev/sr0", "b11:0", "sr0", "block", "module");
	g_free(sdev);
}

/* ------------------------------------------------------------------ */
/* The monitor: umockdev sends uevents to libudev's monitor socket. */

/* The sysfs path of /sys/class/<class>/<name>, as umockdev names it. */
static char *class_device(const char *class, const char *name)
{
	gchar *root = umockdev_testbed_get_root_dir(tb);
	char link[4096], *real, *syspath;

	snprintf(link, sizeof(link), "%s/sys/class/%s/%s", root, class, name);
	real = realpath(link, NULL);
	cr_assert_not_null(real, "%s: %s", link, strerror(errno));
	cr_assert_eq(strncmp(real, root, strlen(root)), 0);
	syspath = g_strdup(real + strlen(root));
	free(real);
	g_free(root);
	return syspath;
}

/* The next event within a second, or NULL. */
static struct discxfer_event *next_event(struct discxfer_monitor *m)
{
	struct pollfd pfd = { .fd = discxfer_monitor_get_fd(m), .events = POLLIN };
	struct discxfer_event *ev = NULL;
	int r, tries;

	cr_assert_geq(pfd.fd, 0);
	for (tries = 0; tries < 10; tries++) {
		r = discxfer_monitor_receive(m, &ev);
		if (r == 0)
			return ev;
		cr_assert_eq(r, -EAGAIN, "receive: %d", r);
		poll(&pfd, 1, 100);
	}
	return NULL;
}

/* The next event is @type about @addr; with a drive, its values. */
static void expect_event(struct discxfer_monitor *m, enum discxfer_event_type type,
			 const char *addr, uint32_t source, uint32_t aligned,
			 uint32_t unaligned)
{
	struct discxfer_event *ev = next_event(m);
	struct discxfer_drive *d;
	struct discxfer_limits l = { .size = sizeof(l) };

	cr_assert_not_null(ev, "no event; expected %s %s",
			   discxfer_event_type_to_string(type), addr);
	cr_assert_str_eq(discxfer_event_type_to_string(discxfer_event_get_type(ev)),
			 discxfer_event_type_to_string(type), "event about %s",
			 discxfer_event_get_scsi_address(ev));
	cr_assert_str_eq(discxfer_event_get_scsi_address(ev), addr);
	d = discxfer_event_get_drive(ev);
	if (type == DISCXFER_EVENT_REMOVED) {
		cr_assert_null(d);
	} else {
		cr_assert_not_null(d);
		cr_assert_eq(discxfer_drive_get_limits(d, &l), 0);
		cr_expect_eq(l.source, source);
		cr_expect_eq(l.max_page_aligned_transfer_bytes, aligned);
		cr_expect_eq(l.max_non_page_aligned_transfer_bytes, unaligned);
	}
	discxfer_event_unref(ev);
}

Test(udev, monitor_reports_module_load_and_unload_as_changed)
{
	struct discxfer_monitor *m;
	char *sdev = drive(0), *mod;

	cr_assert_eq(discxfer_monitor_new(ctx, &m), 0);
	cr_assert_eq(discxfer_monitor_get_fd(m) >= 0, true);

	/* The module's values differ from the queue's, to tell them apart. */
	mod = fake_module(tb, sdev, "0:0:0:0", "524288", "520192", "33546240", "254");
	expect_event(m, DISCXFER_EVENT_CHANGED, "0:0:0:0", DISCXFER_SOURCE_MODULE,
		     524288, 520192);
	fake_remove(tb, mod);
	expect_event(m, DISCXFER_EVENT_CHANGED, "0:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);
	/* A change of the drive (e.g. rebind) re-announces it. */
	umockdev_testbed_uevent(tb, sdev, "change");
	expect_event(m, DISCXFER_EVENT_CHANGED, "0:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);
	cr_expect_null(next_event(m), "an event too many");
	g_free(mod);
	g_free(sdev);
	discxfer_monitor_unref(m);
}

Test(udev, monitor_reports_added_and_removed_drives_only)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	struct discxfer_monitor *m;
	char *known = drive(0), *sdev, *dsk, *sg, *sr;
	gchar *root, *path;

	cr_assert_eq(discxfer_monitor_new(ctx, &m), 0);

	/*
	 * A new drive whose SCSI device is announced before sr and sg exist
	 * (no answer yet: no event); "added" comes with its first node, then
	 * "changed" for the other.
	 */
	sdev = fake_scsi(tb, "1:0:0:0", "5", "QEMU    ", "QEMU CD-ROM     ");
	cr_expect_null(next_event(m), "an event for a drive with no nodes");
	g_free(fake_block(tb, sdev, "sr1", "11:1", &q));
	g_free(fake_sg(tb, sdev, "sg1", "21:1"));
	expect_event(m, DISCXFER_EVENT_ADDED, "1:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);
	expect_event(m, DISCXFER_EVENT_CHANGED, "1:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);

	/* A disk is no drive: nothing; the next event is the marker's. */
	dsk = disk(2);
	umockdev_testbed_uevent(tb, known, "change");
	expect_event(m, DISCXFER_EVENT_CHANGED, "0:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);

	/*
	 * Hot-remove, as the kernel does it: the nodes go first, then the
	 * SCSI device. One "removed", nothing for the nodes.
	 */
	root = umockdev_testbed_get_root_dir(tb);
	path = g_strdup_printf("%s/sys/class/scsi_generic/sg1", root);
	cr_assert(g_file_test(path, G_FILE_TEST_EXISTS), "%s", path);
	g_free(root);
	sg = class_device("scsi_generic", "sg1");
	sr = class_device("block", "sr1");
	fake_remove(tb, sg);
	fake_remove(tb, sr);
	fake_remove(tb, sdev);
	cr_assert_not(g_file_test(path, G_FILE_TEST_EXISTS), "%s", path);
	g_free(path);
	g_free(sg);
	g_free(sr);
	expect_event(m, DISCXFER_EVENT_REMOVED, "1:0:0:0", 0, 0, 0);
	cr_expect_null(next_event(m), "an event too many");

	/* Back again, whole: "added" once more, then its nodes' "changed". */
	g_free(sdev);
	sdev = drive(1);
	expect_event(m, DISCXFER_EVENT_ADDED, "1:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);
	expect_event(m, DISCXFER_EVENT_CHANGED, "1:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);
	expect_event(m, DISCXFER_EVENT_CHANGED, "1:0:0:0", DISCXFER_SOURCE_QUEUE_LIMITS,
		     VIRTIO_ALIGNED, VIRTIO_UNALIGNED);
	cr_expect_null(next_event(m), "an event too many");
	g_free(dsk);
	g_free(sdev);
	g_free(known);
	discxfer_monitor_unref(m);
}
