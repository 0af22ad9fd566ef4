// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The discxfer command against fake drives: the binary is run with the
 * testbed's environment (UMOCKDEV_DIR, and the preload it inherits).
 */
#include <criterion/criterion.h>
#include <stdbool.h>
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

/* Run the shell command @line; stdout and stderr into buffers; returns the exit code. */
static int run_sh(const char *line, char *out, size_t outsz, char *err, size_t errsz)
{
	char cmd[4096], errfile[] = "/tmp/discxfer-test-XXXXXX";
	FILE *p, *e;
	size_t n;
	int fd, st;

	fd = mkstemp(errfile);
	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s 2>%s", line, errfile);
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

/* Run "discxfer ARGS". */
static int run(const char *args, char *out, size_t outsz, char *err, size_t errsz)
{
	char line[2048];
	const char *bin = getenv("DISCXFER_BIN");

	cr_assert_not_null(bin, "DISCXFER_BIN is not set");
	snprintf(line, sizeof(line), "%s %s", bin, args);
	return run_sh(line, out, outsz, err, errsz);
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

/* Drive H:0:0:0 with srH and sgH, its max_segments @segments. */
static void add_drive(unsigned int h, const char *segments)
{
	struct fake_queue q = FAKE_VIRTIO;

	q.max_segments = segments;
	g_free(fake_numbered_drive(tb, h, &q));
}

Test(tool, list_with_no_drives_says_so)
{
	char out[4096], err[4096];

	cr_expect_eq(run("list", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "No optical drives found.\n");
	cr_expect_str_empty(err);
}

/* The default table: lsblk-style headings, one row, human sizes (rounded down). */
Test(tool, list_shows_the_drive)
{
	char out[4096], err[4096];

	add_virtio();
	cr_expect_eq(run("list", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out,
		"NAME SG  HCTL    VENDOR MODEL       PAGE-ALIGNED NON-PAGE-ALIGNED SOURCE\n"
		"sr0  sg0 0:0:0:0 QEMU   QEMU CD-ROM        1016K            1012K queue-limits\n");
	cr_expect_str_empty(err);
}

/*
 * A strict reader of the one shape `list --json` has (RFC 8259 syntax,
 * UTF-8 checked, no raw control characters): {"KEY": [ {scalars}, ... ]}.
 * Strings are decoded to code points, numbers kept as their text.
 */
struct jmember {
	char key[64];
	char type;		/* 's' string, 'n' number, 't', 'f', '0' null */
	char num[32];
	unsigned int cp[128];
	size_t ncp;
};

struct jdoc {
	char top[32];
	size_t nobj;
	struct jmember m[4][32];
	size_t nm[4];
};

struct jp {
	const char *s;
	size_t i;
};

static void jws(struct jp *p)
{
	while (p->s[p->i] == ' ' || p->s[p->i] == '\n' || p->s[p->i] == '\t' ||
	       p->s[p->i] == '\r')
		p->i++;
}

static bool jlit(struct jp *p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(p->s + p->i, lit, n))
		return false;
	p->i += n;
	return true;
}

static int jhex4(struct jp *p)
{
	int v = 0, k;

	for (k = 0; k < 4; k++) {
		char c = p->s[p->i++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* A string into @cp (code points); @utf8 gets it as UTF-8 when not NULL. */
static bool jstring(struct jp *p, unsigned int *cp, size_t max, size_t *ncp)
{
	*ncp = 0;
	if (p->s[p->i++] != '"')
		return false;
	for (;;) {
		unsigned char c = (unsigned char)p->s[p->i++];
		unsigned int v;

		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c == '\\') {
			c = (unsigned char)p->s[p->i++];
			switch (c) {
			case '"': case '\\': case '/': v = c; break;
			case 'b': v = '\b'; break;
			case 'f': v = '\f'; break;
			case 'n': v = '\n'; break;
			case 'r': v = '\r'; break;
			case 't': v = '\t'; break;
			case 'u': {
				int h = jhex4(p);

				if (h < 0 || (h >= 0xd800 && h <= 0xdfff))
					return false;	/* no surrogates expected here */
				v = (unsigned int)h;
				break;
			}
			default:
				return false;
			}
		} else if (c < 0x80) {
			v = c;
		} else if ((c & 0xe0) == 0xc0 && c >= 0xc2 &&
			   ((unsigned char)p->s[p->i] & 0xc0) == 0x80) {
			v = ((c & 0x1fu) << 6) | ((unsigned char)p->s[p->i++] & 0x3f);
		} else {
			return false;	/* longer UTF-8 sequences are not expected here */
		}
		if (*ncp < max)
			cp[(*ncp)++] = v;
	}
}

static bool jnumber(struct jp *p, char *num, size_t size)
{
	size_t start = p->i;

	if (p->s[p->i] == '-')
		p->i++;
	if (p->s[p->i] == '0')
		p->i++;
	else if (p->s[p->i] >= '1' && p->s[p->i] <= '9')
		while (p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	else
		return false;
	if (p->i - start >= size)
		return false;
	snprintf(num, size, "%.*s", (int)(p->i - start), p->s + start);
	return true;
}

static bool jobject(struct jp *p, struct jmember *m, size_t *nm)
{
	unsigned int key[64];
	size_t nk, k;

	*nm = 0;
	if (p->s[p->i++] != '{')
		return false;
	jws(p);
	if (p->s[p->i] == '}')
		return p->i++, true;
	for (;;) {
		struct jmember *x = &m[*nm];

		if (*nm >= 32 || !jstring(p, key, 63, &nk))
			return false;
		for (k = 0; k < nk; k++)
			x->key[k] = (char)key[k];
		x->key[nk] = '\0';
		jws(p);
		if (p->s[p->i++] != ':')
			return false;
		jws(p);
		x->ncp = 0;
		if (p->s[p->i] == '"') {
			x->type = 's';
			if (!jstring(p, x->cp, 128, &x->ncp))
				return false;
		} else if (jlit(p, "true")) {
			x->type = 't';
		} else if (jlit(p, "false")) {
			x->type = 'f';
		} else if (jlit(p, "null")) {
			x->type = '0';
		} else {
			x->type = 'n';
			if (!jnumber(p, x->num, sizeof(x->num)))
				return false;
		}
		(*nm)++;
		jws(p);
		if (p->s[p->i] == '}')
			return p->i++, true;
		if (p->s[p->i++] != ',')
			return false;
		jws(p);
	}
}

/* Parse @s fully; false (and the offset in @at) if it is not that shape. */
static bool jparse(const char *s, struct jdoc *d, size_t *at)
{
	struct jp p = { s, 0 };
	unsigned int top[32];
	size_t n, k;
	bool ok = false;

	memset(d, 0, sizeof(*d));
	jws(&p);
	if (s[p.i++] != '{')
		goto out;
	jws(&p);
	if (!jstring(&p, top, 31, &n))
		goto out;
	for (k = 0; k < n; k++)
		d->top[k] = (char)top[k];
	jws(&p);
	if (s[p.i++] != ':')
		goto out;
	jws(&p);
	if (s[p.i++] != '[')
		goto out;
	jws(&p);
	if (s[p.i] != ']') {
		for (;;) {
			if (d->nobj >= 4 || !jobject(&p, d->m[d->nobj], &d->nm[d->nobj]))
				goto out;
			d->nobj++;
			jws(&p);
			if (s[p.i] == ']')
				break;
			if (s[p.i++] != ',')
				goto out;
			jws(&p);
		}
	}
	p.i++;
	jws(&p);
	if (s[p.i++] != '}')
		goto out;
	jws(&p);
	ok = s[p.i] == '\0';
out:
	*at = p.i;
	return ok;
}

/* Member @key of object @o, or NULL. */
static const struct jmember *jget(const struct jdoc *d, size_t o, const char *key)
{
	size_t i;

	for (i = 0; i < d->nm[o]; i++)
		if (!strcmp(d->m[o][i].key, key))
			return &d->m[o][i];
	return NULL;
}

static bool jstr_is(const struct jmember *m, const char *want)
{
	size_t i;

	if (!m || m->type != 's' || m->ncp != strlen(want))
		return false;
	for (i = 0; i < m->ncp; i++)
		if (m->cp[i] != (unsigned char)want[i])
			return false;
	return true;
}

/* The documented keys of `list --json` without -o, in order, with their types. */
static const struct {
	const char *key;
	const char *types;	/* the types it may have */
} list_json_keys[] = {
	{ "scsi_address", "s" }, { "block_node", "s0" }, { "generic_node", "s0" },
	{ "vendor", "s0" }, { "model", "s0" }, { "scsi_type", "n" }, { "source", "s" },
	{ "max_page_aligned_transfer_bytes", "n" },
	{ "max_non_page_aligned_transfer_bytes", "n" }, { "max_hw_transfer_bytes", "n" },
	{ "max_segments", "n" }, { "max_segment_size", "n" }, { "alignment_mask", "n" },
	{ "seg_boundary_mask", "n0" }, { "virt_boundary_mask", "n" },
	{ "logical_block_size", "n" }, { "page_size", "n" }, { "single_segment", "tf" },
	{ "hw_from_soft_limit", "tf" },
};

Test(tool, list_json_has_the_documented_keys_and_types)
{
	char out[8192], with_b[8192], err[4096];
	struct jdoc d;
	size_t at, i;

	add_virtio();
	add_drive(1, "254");
	cr_assert_eq(run("list --json", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert(jparse(out, &d, &at), "not valid JSON of the documented shape at %zu: %s", at, out);
	cr_expect_str_eq(d.top, "drives");
	cr_assert_eq(d.nobj, 2, "%s", out);
	cr_assert_eq(d.nm[0], sizeof(list_json_keys) / sizeof(list_json_keys[0]), "%s", out);
	for (i = 0; i < d.nm[0]; i++) {
		cr_expect_str_eq(d.m[0][i].key, list_json_keys[i].key);
		cr_expect(strchr(list_json_keys[i].types, d.m[0][i].type),
			  "%s has type %c: %s", d.m[0][i].key, d.m[0][i].type, out);
	}
	cr_expect(jstr_is(jget(&d, 0, "scsi_address"), "0:0:0:0"), "%s", out);
	cr_expect(jstr_is(jget(&d, 0, "block_node"), "/dev/sr0"), "%s", out);
	cr_expect(jstr_is(jget(&d, 0, "generic_node"), "/dev/sg0"), "%s", out);
	cr_expect(jstr_is(jget(&d, 0, "vendor"), "QEMU"), "%s", out);
	cr_expect(jstr_is(jget(&d, 0, "source"), "queue-limits"), "%s", out);
	cr_expect_str_eq(jget(&d, 0, "scsi_type")->num, "5");
	cr_expect_str_eq(jget(&d, 0, "max_page_aligned_transfer_bytes")->num, "1040384");
	cr_expect_str_eq(jget(&d, 0, "max_non_page_aligned_transfer_bytes")->num, "1036288");
	cr_expect_str_eq(jget(&d, 0, "max_hw_transfer_bytes")->num, "33552384");
	cr_expect_str_eq(jget(&d, 0, "alignment_mask")->num, "3");
	cr_expect_eq(jget(&d, 0, "seg_boundary_mask")->type, '0', "%s", out);
	cr_expect_eq(jget(&d, 0, "single_segment")->type, 'f', "%s", out);
	cr_expect(jstr_is(jget(&d, 1, "scsi_address"), "1:0:0:0"), "%s", out);
	/* -b changes nothing: JSON sizes are always numbers of bytes. */
	cr_assert_eq(run("list --json --bytes", with_b, sizeof(with_b), err, sizeof(err)), 0);
	cr_expect_str_eq(with_b, out);
}

Test(tool, list_output_picks_the_columns_in_every_format)
{
	char out[4096], err[4096];
	struct jdoc d;
	size_t at;

	add_virtio();
	cr_assert_eq(run("list -o NAME,PAGE-ALIGNED -J", out, sizeof(out), err, sizeof(err)), 0,
		     "%s", err);
	cr_assert(jparse(out, &d, &at), "not valid JSON at %zu: %s", at, out);
	cr_assert_eq(d.nobj, 1);
	cr_assert_eq(d.nm[0], 2, "%s", out);
	cr_expect(jstr_is(&d.m[0][0], "sr0") && !strcmp(d.m[0][0].key, "name"), "%s", out);
	cr_expect_str_eq(d.m[0][1].key, "max_page_aligned_transfer_bytes");
	cr_expect(d.m[0][1].type == 'n' && !strcmp(d.m[0][1].num, "1040384"), "%s", out);
	/* Case-insensitive names, and +LIST adds to the default columns. */
	cr_expect_eq(run("list -n -r -o hctl,sg-path", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "0:0:0:0 /dev/sg0\n");
	cr_expect_eq(run("list -n -r -o +SEGMENTS", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "sr0 sg0 0:0:0:0 QEMU QEMU\\x20CD-ROM 1016K 1012K queue-limits 254\n");
}

Test(tool, list_unknown_column_is_a_usage_error)
{
	char out[4096], err[4096];

	add_virtio();
	cr_expect_eq(run("list -o NAME,BOGUS", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect_str_empty(out);
	cr_expect(strstr(err, "unknown column 'BOGUS'") && strstr(err, "list --help"), "%s", err);
	cr_expect_eq(run("list -o NAME,", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect(strstr(err, "unknown column ''"), "%s", err);
	cr_expect_eq(run("list -o", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect_eq(run("list -J -P", out, sizeof(out), err, sizeof(err)), 2);
}

/* -P: KEY="value" for every column, keys usable as shell variables. */
Test(tool, list_pairs_are_shell_assignments)
{
	char out[4096], err[4096];

	add_virtio();
	cr_expect_eq(run("list -P", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "NAME=\"sr0\" SG=\"sg0\" HCTL=\"0:0:0:0\" VENDOR=\"QEMU\" "
			      "MODEL=\"QEMU CD-ROM\" PAGE_ALIGNED=\"1016K\" "
			      "NON_PAGE_ALIGNED=\"1012K\" SOURCE=\"queue-limits\"\n");
	cr_expect_eq(run("list -P -b -o NAME,PAGE-ALIGNED,ALIGN,SEG-BOUNDARY,SINGLE-SEGMENT",
			 out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "NAME=\"sr0\" PAGE_ALIGNED=\"1040384\" ALIGN=\"0x3\" "
			      "SEG_BOUNDARY=\"\" SINGLE_SEGMENT=\"no\"\n");
	/* bash reads them back as variables. */
	cr_expect_eq(run("list -P -b -o NAME,PAGE-ALIGNED | "
			 "bash -c 'read -r l; eval \"$l\"; test \"$NAME:$PAGE_ALIGNED\" = sr0:1040384'",
			 out, sizeof(out), err, sizeof(err)), 0, "%s", err);
}

/* Runs of spaces in S made one space, in place. */
static char *squeezed(char *s)
{
	char *r = s, *w = s;

	for (; *r; r++)
		if (*r != ' ' || w == s || w[-1] != ' ')
			*w++ = *r;
	*w = '\0';
	return s;
}

/*
 * -r: one space between cells, no padding, blanks escaped; -n: no heading
 * (still aligned). How wide -n pads is libsmartcols' choice: 2.38 (Debian
 * 12) counts the hidden heading in a column's width, 2.41 (Debian 13) does
 * not; the cells and their order are the same.
 */
Test(tool, list_raw_and_noheadings)
{
	char out[4096], err[4096];

	add_virtio();
	cr_expect_eq(run("list -r -o NAME,MODEL,PAGE-ALIGNED", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "NAME MODEL PAGE-ALIGNED\nsr0 QEMU\\x20CD-ROM 1016K\n");
	cr_expect_eq(run("list -n -o NAME,SOURCE", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(squeezed(out), "sr0 queue-limits\n");
	cr_expect_eq(run("list -n -o NAME,SOURCE,PAGE-ALIGNED", out, sizeof(out), err,
			 sizeof(err)), 0);
	cr_expect_str_eq(squeezed(out), "sr0 queue-limits 1016K\n");
}

Test(tool, list_bytes_exact_against_human)
{
	char out[4096], err[4096];

	add_virtio();
	/* 33552384 bytes are 31.998 MiB: rounded down, never up to 32M. */
	cr_expect_eq(run("list -n -r -o PAGE-ALIGNED,NON-PAGE-ALIGNED,HARD-LIMIT,SEGMENT-SIZE",
			 out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "1016K 1012K 31.9M 64K\n");
	cr_expect_eq(run("list -n -r -b -o PAGE-ALIGNED,NON-PAGE-ALIGNED,HARD-LIMIT,SEGMENT-SIZE",
			 out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_eq(out, "1040384 1036288 33552384 65536\n");
}

/* No drive: the message in the default table only; JSON an empty array. */
Test(tool, list_without_drives_in_each_format)
{
	char out[4096], err[4096];
	struct jdoc d;
	size_t at;

	cr_expect_eq(run("list -n", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_empty(out);
	cr_expect_eq(run("list -P", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect_str_empty(out);
	cr_expect_eq(run("list -J", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect(jparse(out, &d, &at) && d.nobj == 0 && !strcmp(d.top, "drives"), "%s", out);
}

Test(tool, list_help_names_every_column)
{
	static const char *const cols[] = {
		"NAME", "PATH", "SG", "SG-PATH", "HCTL", "VENDOR", "MODEL", "TYPE", "SOURCE",
		"PAGE-ALIGNED", "NON-PAGE-ALIGNED", "HARD-LIMIT", "SEGMENTS", "SEGMENT-SIZE",
		"ALIGN", "SEG-BOUNDARY", "VIRT-BOUNDARY", "LOG-SEC", "PAGE-SIZE",
		"SINGLE-SEGMENT", "HW-FROM-SOFT",
	};
	char out[8192], err[4096], want[64];
	size_t i;

	cr_assert_eq(run("list --help", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect(strstr(out, "Available output columns:"), "%s", out);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		snprintf(want, sizeof(want), " %s  ", cols[i]);
		cr_expect(strstr(out, want), "--help lacks %s: %s", cols[i], out);
	}
	for (const char *o = "-o\0-J\0-P\0-r\0-n\0-b\0"; *o; o += 3)
		cr_expect(strstr(out, o), "--help lacks %s", o);
}

/*
 * The bash completion, sourced by bash alone: it registers itself for
 * discxfer, completes commands, options and -o's column lists.
 */
static int complete(const char *words, int cword, char *out, size_t outsz)
{
	char args[2048], err[1024];
	const char *file = getenv("DISCXFER_COMPLETION");

	cr_assert_not_null(file, "DISCXFER_COMPLETION is not set");
	snprintf(args, sizeof(args),
		 "bash --norc --noprofile -c '. %s && complete -p discxfer && "
		 "COMP_WORDS=(%s); COMP_CWORD=%d; _discxfer; printf \"[%%s]\" \"${COMPREPLY[@]}\"'",
		 file, words, cword);
	return run_sh(args, out, outsz, err, sizeof(err));
}

Test(tool, bash_completion)
{
	char out[4096], w[256];

	cr_assert_eq(complete("discxfer li", 1, out, sizeof(out)), 0, "%s", out);
	cr_expect_str_eq(out, "complete -F _discxfer discxfer\n[list]");
	complete("discxfer list --js", 2, out, sizeof(out));
	cr_expect(strstr(out, "\n[--json]"), "%s", out);
	complete("discxfer get --value n", 3, out, sizeof(out));
	cr_expect(strstr(out, "\n[non-page-aligned]"), "%s", out);
	complete("discxfer get --source q", 3, out, sizeof(out));
	cr_expect(strstr(out, "\n[queue-limits]"), "%s", out);
	/* The columns come from the command's --help. */
	snprintf(w, sizeof(w), "%s list -o NAME,NON", getenv("DISCXFER_BIN"));
	complete(w, 3, out, sizeof(out));
	cr_expect(strstr(out, "\n[NAME,NON-PAGE-ALIGNED]"), "%s", out);
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

/* The virtio drive on a kernel with the queue's attributes (262144/258048). */
static char *add_kernel_drive(char **block)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU    ", "QEMU CD-ROM     ");

	*block = fake_block(tb, sdev, "sr0", "11:0", &q);
	g_free(fake_sg(tb, sdev, "sg0", "21:0"));
	fake_kernel_attrs(tb, *block, "262144", "258048");
	return sdev;
}

/* On a kernel with the queue's attributes, every output says "kernel". */
Test(tool, kernel_source_in_get_list_udev_and_status)
{
	char out[4096], err[4096];
	char *block, *sdev = add_kernel_drive(&block);

	cr_assert_eq(run("get --json /dev/sg0", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_expect(strstr(out, "\"source\":\"kernel\""), "%s", out);
	cr_expect(strstr(out, "\"max_page_aligned_transfer_bytes\":262144,"), "%s", out);
	cr_expect(strstr(out, "\"max_non_page_aligned_transfer_bytes\":258048,"), "%s", out);
	cr_assert_eq(run("list -n -r -o NAME,SOURCE", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_expect(strstr(out, "kernel"), "%s", out);
	cr_expect_eq(run("udev-import /sys/class/scsi_generic/sg0", out, sizeof(out), err,
			 sizeof(err)), 0);
	cr_expect_str_eq(out, "DISCXFER_MAX_PAGE_ALIGNED_TRANSFER_BYTES=262144\n"
			      "DISCXFER_MAX_NON_PAGE_ALIGNED_TRANSFER_BYTES=258048\n"
			      "DISCXFER_SOURCE=kernel\n");
	run("status", out, sizeof(out), err, sizeof(err));
	cr_expect(strstr(out, "(kernel: 1, module: 0, queue-limits: 0, sg-ioctl: 0, failed: 0)"),
		  "%s", out);
	run("status --json", out, sizeof(out), err, sizeof(err));
	cr_expect(strstr(out, "\"kernel_source\":1,"), "%s", out);
	g_free(block);
	g_free(sdev);
}

/* --source: one source's answer; one without an answer fails, exit 1. */
Test(tool, get_source_reads_that_source_alone)
{
	char out[4096], err[4096];
	char *block, *sdev = add_kernel_drive(&block);

	cr_assert_eq(run("get --source queue-limits --value page-aligned /dev/sr0", out,
			 sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(out, "1040384\n");
	cr_assert_eq(run("get --json --source kernel /dev/sg0", out, sizeof(out), err,
			 sizeof(err)), 0, "%s", err);
	cr_expect(strstr(out, "\"source\":\"kernel\""), "%s", out);
	cr_expect(strstr(out, "\"max_page_aligned_transfer_bytes\":262144,"), "%s", out);
	cr_expect_eq(run("get --source module /dev/sr0", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect(strstr(err, "/dev/sr0: the source module has no answer"), "%s", err);
	cr_expect_str_eq(out, "");
	cr_expect_eq(run("get --source sideways /dev/sr0", out, sizeof(out), err, sizeof(err)), 2);
	cr_expect(strstr(err, "not 'sideways'"), "%s", err);
	g_free(block);
	g_free(sdev);
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

Test(tool, a_malformed_value_fails_naming_the_device)
{
	char out[4096], err[4096];

	add_drive(0, "garbage");
	cr_expect_eq(run("get /dev/sr0", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect_str_empty(out);
	cr_expect(strstr(err, "/dev/sr0") && strstr(err, "malformed"), "%s", err);
}

/*
 * DISCXFER_LOG=err adds the library's own message: the sysfs file that is
 * malformed; debug adds how the drives were found.  Without it, none; a
 * level it does not know is said and ignored.
 */
Test(tool, discxfer_log_shows_the_librarys_messages)
{
	char out[4096], err[4096];
	const char *bin = getenv("DISCXFER_BIN");
	char line[2048];

	add_drive(0, "garbage");
	cr_assert_not_null(bin);
	cr_expect_eq(run("get /dev/sr0", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect_null(strstr(err, "queue/max_segments"), "%s", err);
	snprintf(line, sizeof(line), "DISCXFER_LOG=err %s get /dev/sr0", bin);
	cr_expect_eq(run_sh(line, out, sizeof(out), err, sizeof(err)), 1);
	cr_expect(strstr(err, "libdiscxfer: ") && strstr(err, "/sr0: queue/max_segments: missing or malformed"),
		  "%s", err);
	cr_expect(strstr(err, "/dev/sr0") && strstr(err, "malformed"), "%s", err);
	cr_expect_null(strstr(err, "enumerating"), "%s", err);
	snprintf(line, sizeof(line), "DISCXFER_LOG=debug %s list", bin);
	run_sh(line, out, sizeof(out), err, sizeof(err));
	cr_expect(strstr(err, "libdiscxfer: dx_enumerate_drives: enumerating drives from /sys/bus/scsi/devices"),
		  "%s", err);
	snprintf(line, sizeof(line), "DISCXFER_LOG=loud %s list", bin);
	run_sh(line, out, sizeof(out), err, sizeof(err));
	cr_expect(strstr(err, "DISCXFER_LOG='loud' ignored"), "%s", err);
}

/* The first drive fails: it is left out, the JSON stays valid, exit 1. */
Test(tool, list_json_stays_valid_when_a_drive_fails)
{
	char out[8192], err[4096];
	struct jdoc d;
	size_t at;

	add_drive(0, "garbage");
	add_drive(1, "254");
	cr_expect_eq(run("list --json", out, sizeof(out), err, sizeof(err)), 1);
	cr_assert(jparse(out, &d, &at), "not valid JSON at %zu: %s", at, out);
	cr_assert_eq(d.nobj, 1, "%s", out);
	cr_expect(jstr_is(jget(&d, 0, "scsi_address"), "1:0:0:0"), "%s", out);
	cr_expect(strstr(err, "0:0:0:0") && strstr(err, "malformed"), "%s", err);
	cr_expect_eq(run("list", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect(strstr(out, "1:0:0:0") && !strstr(out, " 0:0:0:0"), "%s", out);
}

/*
 * A drive the midlayer removes while list runs (its SCSI device "deleted",
 * a queue value already gone: the library says ENODEV) is left out without
 * an error, as lsblk leaves out a device that goes away: the drives that are
 * there, exit 0.  Any other failure still counts (the test above).
 */
Test(tool, list_leaves_out_a_drive_removed_while_it_runs)
{
	static const struct fake_queue q = FAKE_VIRTIO;
	char out[8192], err[4096];
	gchar *root = umockdev_testbed_get_root_dir(tb);
	char *sdev = fake_scsi(tb, "0:0:0:0", "5", "QEMU    ", "QEMU CD-ROM     ");
	char *block = fake_block(tb, sdev, "sr0", "11:0", &q);
	gchar *file = g_strdup_printf("%s%s/queue/max_segments", root, block);
	struct jdoc d;
	size_t at;

	add_drive(1, "254");
	umockdev_testbed_set_attribute(tb, sdev, "state", "deleted");
	cr_assert_eq(unlink(file), 0);
	cr_expect_eq(run("list --json", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert(jparse(out, &d, &at), "not valid JSON at %zu: %s", at, out);
	cr_expect_eq(d.nobj, 1, "%s", out);
	cr_expect(jstr_is(jget(&d, 0, "scsi_address"), "1:0:0:0"), "%s", out);
	cr_expect_str_empty(err);
	/* The same drive while it still runs: a missing value is an error. */
	umockdev_testbed_set_attribute(tb, sdev, "state", "running");
	cr_expect_eq(run("list --json", out, sizeof(out), err, sizeof(err)), 1);
	cr_expect(strstr(err, "0:0:0:0"), "%s", err);
	g_free(file);
	g_free(block);
	g_free(sdev);
	g_free(root);
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
	struct jdoc d;
	size_t i, at;

	g_free(fake_block(tb, sdev, "sr0", "11:0", &q));
	g_free(sdev);
	cr_assert_eq(run("get --json /dev/sr0", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_expect(strstr(out, "\"vendor\":\"V\\\"e\\\\n\\u00ff\""), "%s", out);
	cr_expect(strstr(out, "\"model\":\"M\\u0001\x7f\\u00c3\\u00a9\""), "%s", out);
	for (i = 0; out[i]; i++)
		cr_expect((unsigned char)out[i] < 0x80, "a raw byte 0x%02x at %zu: %s",
			  (unsigned char)out[i], i, out);
	/* list --json is UTF-8: each byte reads back as the same code point. */
	cr_assert_eq(run("list --json", out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert(jparse(out, &d, &at), "not valid JSON at %zu: %s", at, out);
	cr_expect(jstr_is(jget(&d, 0, "vendor"), "V\"e\\n\xff"), "%s", out);
	cr_expect(jstr_is(jget(&d, 0, "model"), "M\x01\x7f\xc3\xa9"), "%s", out);
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
