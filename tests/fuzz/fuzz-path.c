// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-path: path resolution, queries and enumeration against a umockdev
 * tree that the input builds (run under umockdev-wrapper). The input is a
 * script, one command a line, fields split by '|', "\xHH" for any byte:
 *
 *   d|HCTL|TYPE|VENDOR|MODEL         a SCSI device (devices are numbered 0-7)
 *   b|D|N|hw_kb|segs|seg_size|virt|lbs|dma   srN (11:N) below device D
 *   g|D|N                            sgN (21:N) below device D
 *   m|D|aligned|unaligned|hw|segs    discxfer.ko's class device of D
 *   a|KD|ATTR|VALUE                  set ATTR of device D (K: d scsi, b sr,
 *                                    m module); an empty field is left out
 *   x|KD                             hot-remove it (K also g for sg)
 *   o|PATH                           open PATH (under /dev or /sys)
 *   q                                query every drive opened so far
 *   e                                enumerate
 *
 * Properties: every return is a documented errno and out-parameters are
 * cleared on failure; an opened drive is one of the tree's SCSI devices
 * (named H:C:T:L, as the kernel names them) of type 4 or 5 (the type read
 * by the documented format), its strings trimmed and its nodes under /dev;
 * a node of a drive's sr or sg opens that drive, a non-optical type is
 * -EMEDIUMTYPE, a node below a device of another name -ENODEV; a
 * query of a removed drive is -ENODEV, an answer never above 256 MiB - 1
 * and, unless the module gave it, the formula of its own inputs; the single
 * values agree with discxfer_drive_get_limits(); enumeration lists exactly
 * the living optical devices, once each, in address order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "fake.h"
#include "discxfer.h"

#define SG_CAP ((uint64_t)256 * 1024 * 1024 - 1)
#define DEVICES 8
#define NODES 4
#define OPENED 8
#define FIELDS 10

struct node {
	char *syspath;		/* NULL: none */
	unsigned int n;
	bool alive;
};

struct device {
	char *syspath;
	char name[64];
	char type[64];
	bool alive;
	struct node block, sg, module;
};

struct world {
	UMockdevTestbed *tb;
	char *root;
	struct discxfer_ctx *ctx;
	struct device dev[DEVICES];
	size_t ndev;
	struct discxfer_drive *opened[OPENED];
	const struct device *opened_dev[OPENED];
	size_t nopened;
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Fields of one line, unescaped ("\xHH"; a NUL byte ends a field).  The
 * line is not NUL-terminated (the fuzzer's buffer): nothing here may read
 * past @len, which sscanf() would (found by the fuzzer itself).
 */
static size_t split(const char *line, size_t len, char fields[FIELDS][128])
{
	size_t nf = 0, k = 0, i;

	memset(fields, 0, FIELDS * 128);
	for (i = 0; i < len && nf < FIELDS; i++) {
		unsigned int byte;

		if (line[i] == '|') {
			nf++;
			k = 0;
			continue;
		}
		byte = (unsigned char)line[i];
		if (line[i] == '\\' && i + 3 < len && line[i + 1] == 'x' &&
		    hex_digit(line[i + 2]) >= 0 && hex_digit(line[i + 3]) >= 0) {
			byte = (unsigned int)(hex_digit(line[i + 2]) * 16 + hex_digit(line[i + 3]));
			i += 3;
		}
		if (k < 127 && byte)
			fields[nf][k++] = (char)byte;
	}
	return nf < FIELDS ? nf + 1 : nf;
}

static int expect_u32(const char *s, uint32_t *v)
{
	size_t end = strlen(s), i = 0;
	unsigned int base = 10;
	uint64_t x = 0;

	*v = 0;
	if (end && s[end - 1] == '\n')
		end--;
	if (end >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, i = 2;
	if (i == end)
		return -EIO;
	for (; i < end; i++) {
		unsigned int d;

		if (s[i] >= '0' && s[i] <= '9')
			d = (unsigned int)(s[i] - '0');
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = (unsigned int)(s[i] - 'a' + 10);
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = (unsigned int)(s[i] - 'A' + 10);
		else
			return -EIO;
		if (x <= UINT32_MAX)
			x = x * base + d;
	}
	if (x > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)x;
	return 0;
}

/* The SCSI type as the library reads it: the documented format of every value. */
static int type_of(const struct device *d, uint32_t *type)
{
	return expect_u32(d->type, type);
}

/*
 * Is the device named as the kernel names a SCSI device, H:C:T:L (four
 * decimal numbers)?  Hosts and targets share the bus under other names; the
 * library takes only these for SCSI devices.
 */
static bool scsi_named(const struct device *d)
{
	const char *p = d->name;
	int parts = 0;

	for (;;) {
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
		parts++;
		if (!*p)
			return parts == 4;
		if (*p++ != ':')
			return false;
	}
}

static bool optical(const struct device *d)
{
	uint32_t type;

	return d->alive && scsi_named(d) && type_of(d, &type) == 0 && (type == 4 || type == 5);
}

static struct device *device_at(struct world *w, const char *field)
{
	unsigned int i = (unsigned char)field[0] - '0';

	return i < w->ndev && w->dev[i].alive ? &w->dev[i] : NULL;
}

static struct node *node_of(struct world *w, const char *sel)
{
	struct device *d = sel[0] ? device_at(w, sel + 1) : NULL;

	if (!d)
		return NULL;
	switch (sel[0]) {
	case 'b': return &d->block;
	case 'g': return &d->sg;
	case 'm': return &d->module;
	}
	return NULL;
}

static bool node_name_taken(const struct world *w, bool block, unsigned int n)
{
	size_t i;

	for (i = 0; i < w->ndev; i++) {
		const struct node *x = block ? &w->dev[i].block : &w->dev[i].sg;

		if (x->syspath && x->n == n)
			return true;	/* even removed: its /dev entry may linger */
	}
	return false;
}

static const char *or_null(const char *s)
{
	return *s ? s : NULL;
}

static void add_device(struct world *w, char f[FIELDS][128])
{
	struct device *d;
	size_t i;

	if (w->ndev == DEVICES || !f[1][0] || strchr(f[1], '/') || !strcmp(f[1], ".") ||
	    !strcmp(f[1], "..") || strlen(f[1]) >= sizeof(d->name))
		return;
	for (i = 0; i < w->ndev; i++)
		if (!strcmp(w->dev[i].name, f[1]))
			return;
	d = &w->dev[w->ndev];
	d->syspath = fake_scsi(w->tb, f[1], f[2], f[3], f[4]);
	if (!d->syspath)
		return;
	snprintf(d->name, sizeof(d->name), "%s", f[1]);
	snprintf(d->type, sizeof(d->type), "%s", f[2]);
	d->alive = true;
	w->ndev++;
}

static void add_node(struct world *w, char f[FIELDS][128], bool block)
{
	struct device *d = device_at(w, f[1]);
	unsigned int n = (unsigned char)f[2][0] % NODES;
	struct node *x = d ? (block ? &d->block : &d->sg) : NULL;
	char name[16], devnum[16];

	if (!x || x->syspath || node_name_taken(w, block, n))
		return;
	snprintf(name, sizeof(name), "%s%u", block ? "sr" : "sg", n);
	snprintf(devnum, sizeof(devnum), "%u:%u", block ? 11 : 21, n);
	if (block) {
		struct fake_queue q = { or_null(f[3]), or_null(f[4]), or_null(f[5]),
					or_null(f[6]), or_null(f[7]), or_null(f[8]) };

		x->syspath = fake_block(w->tb, d->syspath, name, devnum, &q);
	} else {
		x->syspath = fake_sg(w->tb, d->syspath, name, devnum);
	}
	x->n = n;
	x->alive = x->syspath != NULL;
}

static void add_module(struct world *w, char f[FIELDS][128])
{
	struct device *d = device_at(w, f[1]);

	if (!d || d->module.syspath)
		return;
	d->module.syspath = fake_module(w->tb, d->syspath, d->name, f[2], f[3], f[4], f[5]);
	d->module.alive = d->module.syspath != NULL;
}

/*
 * umockdev aborts the process on an attribute it cannot write: a name with
 * an empty component or a trailing '/', one whose directory part meets an
 * existing file, or one that names an existing directory. The kernel has
 * no such attributes either; such an input sets nothing.
 */
static bool attr_writable(const struct world *w, const char *syspath, const char *name)
{
	char path[1024];
	struct stat st;
	size_t base;

	if (strstr(name, "//") || name[strlen(name) - 1] == '/')
		return false;
	base = (size_t)snprintf(path, sizeof(path), "%s%s/", w->root, syspath);
	if (base + strlen(name) >= sizeof(path))
		return false;
	for (const char *p = name; (p = strchr(p, '/')); p++) {
		snprintf(path + base, sizeof(path) - base, "%.*s", (int)(p - name), name);
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			return false;
	}
	snprintf(path + base, sizeof(path) - base, "%s", name);
	return !(lstat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

static void set_attr(struct world *w, char f[FIELDS][128])
{
	struct node *x = f[1][0] == 'd' ? NULL : node_of(w, f[1]);
	struct device *d = f[1][0] == 'd' ? device_at(w, f[1] + 1) : NULL;
	const char *syspath = d ? d->syspath : x && x->alive ? x->syspath : NULL;

	if (!syspath || !f[2][0] || f[2][0] == '/' || strstr(f[2], "..") ||
	    !strcmp(f[2], "subsystem") || !strcmp(f[2], "uevent") ||
	    !attr_writable(w, syspath, f[2]))
		return;
	if (d && !strcmp(f[2], "type"))
		snprintf(d->type, sizeof(d->type), "%s", f[3]);
	umockdev_testbed_set_attribute(w->tb, syspath, f[2], f[3]);
}

static void remove_one(struct world *w, const char *sel)
{
	struct device *d = sel[0] == 'd' ? device_at(w, sel + 1) : NULL;
	struct node *x = d ? NULL : node_of(w, sel);

	if (d) {
		fake_remove(w->tb, d->syspath);
		d->alive = d->block.alive = d->sg.alive = d->module.alive = false;
	} else if (x && x->alive) {
		fake_remove(w->tb, x->syspath);
		x->alive = false;
	}
}

static bool documented(int r, const int *ok, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r == ok[i])
			return true;
	return false;
}

static bool trimmed(const char *s)
{
	size_t len = strlen(s);

	return s[0] != ' ' && (!len || (s[len - 1] != ' ' && s[len - 1] != '\n'));
}

static const struct device *device_of(const struct world *w, const char *syspath)
{
	size_t i;

	for (i = 0; i < w->ndev; i++)
		if (w->dev[i].alive && !strcmp(w->dev[i].syspath, syspath))
			return &w->dev[i];
	return NULL;
}

/* Is @path the sr or sg node of a living node of a living device? */
static const struct device *owner_of_node(const struct world *w, const char *path)
{
	size_t i;

	for (i = 0; i < w->ndev; i++) {
		const struct device *d = &w->dev[i];
		char sr[16], sg[16];

		snprintf(sr, sizeof(sr), "/dev/sr%u", d->block.n);
		snprintf(sg, sizeof(sg), "/dev/sg%u", d->sg.n);
		if (d->alive && ((d->block.alive && !strcmp(path, sr)) ||
				 (d->sg.alive && !strcmp(path, sg))))
			return d;
	}
	return NULL;
}

static void check_drive(const struct world *w, struct discxfer_drive *drive)
{
	const char *sys = discxfer_drive_get_syspath(drive);
	const char *addr = discxfer_drive_get_scsi_address(drive);
	const char *slash = sys ? strrchr(sys, '/') : NULL;
	const char *node;
	const struct device *d = sys ? device_of(w, sys) : NULL;
	uint32_t type = 0;

	PROPERTY(d, "an opened drive that is no living device of the tree: %s", sys);
	PROPERTY(slash && addr && !strcmp(slash + 1, addr), "address %s of %s", addr, sys);
	PROPERTY(type_of(d, &type) == 0 && (type == 4 || type == 5) &&
		 discxfer_drive_get_scsi_type(drive) == (int)type, "type %d, the tree's \"%s\"",
		 discxfer_drive_get_scsi_type(drive), d->type);
	PROPERTY(discxfer_drive_get_vendor(drive) && trimmed(discxfer_drive_get_vendor(drive)) &&
		 discxfer_drive_get_model(drive) && trimmed(discxfer_drive_get_model(drive)),
		 "vendor or model not trimmed");
	node = discxfer_drive_get_block_node(drive);
	PROPERTY(!node || !strncmp(node, "/dev/", 5), "block node %s", node);
	node = discxfer_drive_get_generic_node(drive);
	PROPERTY(!node || !strncmp(node, "/dev/", 5), "generic node %s", node);
}

static bool safe_path(const struct world *w, const char *path)
{
	char real[4096];
	struct stat st;

	if (strstr(path, "/..") || strstr(path, "/./"))
		return false;
	if (!strncmp(path, "/sys/", 5))
		return true;
	if (strncmp(path, "/dev/", 5))
		return false;
	/* Only what the testbed has: umockdev leaves other /dev paths to the host. */
	snprintf(real, sizeof(real), "%s%s", w->root, path);
	return lstat(real, &st) == 0;
}

static void open_path(struct world *w, const char *path)
{
	static const int ok[] = { 0, -EINVAL, -ENOENT, -ENODEV, -EMEDIUMTYPE, -EIO, -ERANGE,
				  -ENOTDIR, -ENAMETOOLONG, -ELOOP };
	struct discxfer_drive *drive = (void *)1;
	const struct device *owner;
	uint32_t type;
	int r;

	if (!safe_path(w, path))
		return;
	r = discxfer_drive_new_from_path(w->ctx, path, &drive);
	PROPERTY(documented(r, ok, sizeof(ok) / sizeof(ok[0])), "open %s: %d", path, r);
	PROPERTY(r == 0 ? drive != NULL : drive == NULL, "open %s: %d, drive %p", path, r,
		 (void *)drive);
	owner = owner_of_node(w, path);
	if (owner && !scsi_named(owner))
		PROPERTY(r == -ENODEV, "open %s below \"%s\", no SCSI device's name: %d", path,
			 owner->name, r);
	else if (owner && type_of(owner, &type) == 0) {
		bool is_optical = type == 4 || type == 5;

		PROPERTY(r == (is_optical ? 0 : -EMEDIUMTYPE), "open %s (type \"%s\"): %d", path,
			 owner->type, r);
		if (!r)
			PROPERTY(!strcmp(discxfer_drive_get_syspath(drive), owner->syspath),
				 "%s opened %s, not %s", path, discxfer_drive_get_syspath(drive),
				 owner->syspath);
	}
	if (r)
		return;
	check_drive(w, drive);
	if (w->nopened == OPENED) {
		discxfer_drive_unref(drive);
		return;
	}
	w->opened_dev[w->nopened] = device_of(w, discxfer_drive_get_syspath(drive));
	w->opened[w->nopened++] = drive;
}

static void query(const struct device *d, struct discxfer_drive *drive)
{
	static const int ok[] = { 0, -ENODEV, -ENXIO, -EIO, -ERANGE, -EACCES, -EPERM };
	struct discxfer_limits l = { .size = sizeof(l) }, again;
	uint32_t one = 1;
	int r, r1;

	r = discxfer_drive_get_limits(drive, &l);
	PROPERTY(documented(r, ok, sizeof(ok) / sizeof(ok[0])), "get_limits: %d", r);
	if (!d->alive)
		PROPERTY(r == -ENODEV, "a removed drive answers %d", r);
	if (r) {
		PROPERTY(l.max_page_aligned_transfer_bytes == 0 &&
			 l.max_non_page_aligned_transfer_bytes == 0 && l.source == 0,
			 "not cleared on failure");
	} else {
		uint32_t a = l.max_page_aligned_transfer_bytes;
		uint32_t u = l.max_non_page_aligned_transfer_bytes;

		PROPERTY(a <= SG_CAP && u <= SG_CAP, "%" PRIu32 "/%" PRIu32, a, u);
		PROPERTY(l.source >= DISCXFER_SOURCE_MODULE && l.source <= DISCXFER_SOURCE_SG_IOCTL,
			 "source %" PRIu32, l.source);
		if (l.source != DISCXFER_SOURCE_MODULE) {
			again = l;
			PROPERTY(discxfer_compute_limits(&again) == 0 &&
				 again.max_page_aligned_transfer_bytes == a &&
				 again.max_non_page_aligned_transfer_bytes == u,
				 "not the formula of its own inputs");
		}
	}
	r1 = discxfer_drive_get_max_page_aligned_transfer_size(drive, &one);
	PROPERTY(r ? (r1 == 0 || r1 == r) : r1 == 0, "get_limits %d, page-aligned %d", r, r1);
	PROPERTY(r1 ? one == 0 : one > 0 || !r, "page-aligned %d, %" PRIu32, r1, one);
	r1 = discxfer_drive_get_max_non_page_aligned_transfer_size(drive, &one);
	PROPERTY(r ? (r1 == 0 || r1 == r) : r1 == 0, "get_limits %d, non-page-aligned %d", r, r1);
}

static int cmp_addr(const char *a, const char *b)
{
	unsigned long va[4] = { 0 }, vb[4] = { 0 };
	int i;

	sscanf(a, "%lu:%lu:%lu:%lu", &va[0], &va[1], &va[2], &va[3]);
	sscanf(b, "%lu:%lu:%lu:%lu", &vb[0], &vb[1], &vb[2], &vb[3]);
	for (i = 0; i < 4; i++)
		if (va[i] != vb[i])
			return va[i] < vb[i] ? -1 : 1;
	return 0;
}

/* H:C:T:L of four numbers of at most 9 digits. */
static bool canonical(const char *s)
{
	int parts = 0, digits = 0;

	for (;; s++) {
		if (*s >= '0' && *s <= '9' && digits < 9) {
			digits++;
		} else if ((*s == ':' || !*s) && digits) {
			parts++;
			digits = 0;
			if (!*s)
				return parts == 4;
		} else {
			return false;
		}
	}
}

static void enumerate(struct world *w)
{
	struct discxfer_drive_list *list = (void *)1;
	size_t i, j, n, want = 0;
	bool all_canonical = true;
	int r = discxfer_ctx_enumerate(w->ctx, &list);

	PROPERTY(r >= 0 && list, "enumerate: %d", r);
	n = discxfer_drive_list_get_count(list);
	PROPERTY((size_t)r == n, "%d, %zu drives", r, n);
	for (i = 0; i < w->ndev; i++)
		want += optical(&w->dev[i]);
	for (i = 0; i < n; i++) {
		struct discxfer_drive *d = discxfer_drive_list_get(list, i);

		check_drive(w, d);
		for (j = 0; j < i; j++)
			PROPERTY(strcmp(discxfer_drive_get_syspath(d),
					discxfer_drive_get_syspath(discxfer_drive_list_get(list, j))),
				 "listed twice: %s", discxfer_drive_get_syspath(d));
		all_canonical &= canonical(discxfer_drive_get_scsi_address(d));
	}
	PROPERTY(n == want, "%zu drives listed, %zu in the tree", n, want);
	for (i = 1; all_canonical && i < n; i++)
		PROPERTY(cmp_addr(discxfer_drive_get_scsi_address(discxfer_drive_list_get(list, i - 1)),
				  discxfer_drive_get_scsi_address(discxfer_drive_list_get(list, i))) <= 0,
			 "not in address order");
	discxfer_drive_list_free(list);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	PROPERTY(getenv("LD_PRELOAD") && strstr(getenv("LD_PRELOAD"), "umockdev"),
		 "run under umockdev-wrapper");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *end = text + size;
	struct world w;
	char f[FIELDS][128];
	size_t i, lines = 0;

	memset(&w, 0, sizeof(w));
	w.tb = umockdev_testbed_new();
	w.root = umockdev_testbed_get_root_dir(w.tb);
	PROPERTY(discxfer_ctx_new(&w.ctx) == 0, "no context");
	while (text < end && lines++ < 64) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = (size_t)((nl ? nl : end) - text);

		split(text, len, f);
		switch (len ? text[0] : 0) {
		case 'd': add_device(&w, f); break;
		case 'b': add_node(&w, f, true); break;
		case 'g': add_node(&w, f, false); break;
		case 'm': add_module(&w, f); break;
		case 'a': set_attr(&w, f); break;
		case 'x': remove_one(&w, f[1]); break;
		case 'o': open_path(&w, f[1]); break;
		case 'q':
			for (i = 0; i < w.nopened; i++)
				query(w.opened_dev[i], w.opened[i]);
			break;
		case 'e': enumerate(&w); break;
		}
		text += len + 1;
	}
	for (i = 0; i < w.nopened; i++)
		discxfer_drive_unref(w.opened[i]);
	for (i = 0; i < w.ndev; i++) {
		g_free(w.dev[i].syspath);
		g_free(w.dev[i].block.syspath);
		g_free(w.dev[i].sg.syspath);
		g_free(w.dev[i].module.syspath);
	}
	discxfer_ctx_unref(w.ctx);
	g_free(w.root);
	g_object_unref(w.tb);
	return 0;
}
