// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-json: the JSON of `discxfer get --json` and `list --json`
 * (tools/json.c) for drives whose strings hold any bytes: vendor and model
 * come from the device's INQUIRY data, the other strings from sysfs names.
 *
 * The output is parsed by a strict RFC 8259 parser written here (UTF-8
 * checked, no raw control characters, no lone surrogates, nothing after
 * the value) and must give back, key by key and in order, every value the
 * drive and its limits hold: numbers as the same decimal text, each string
 * byte as one character of the same value (ISO 8859-1, which is how the
 * writer keeps bytes that are not ASCII).
 *
 * Input: a byte of how many drives (1-3, as `list` prints them; one drive is
 * also printed as `get` prints it) and which nodes are absent, then per
 * drive five NUL-terminated strings (address, block node, generic node,
 * vendor, model) and the limits' bytes.
 */
#include <inttypes.h>
#include <stdbool.h>

#include "fuzz.h"
#include "internal.h"
#include "commands.h"

enum kind { K_STRING, K_NUMBER, K_TRUE, K_FALSE, K_NULL, K_OBJECT, K_ARRAY };

#define MEMBERS 24

struct member {
	const char *key;
	enum kind kind;
	const char *text;	/* K_STRING: the bytes; K_NUMBER: the decimal text */
	char number[24];
};

struct expect {
	struct member m[MEMBERS];
	size_t count;
};

struct parser {
	const char *s;
	size_t n, i;
	const struct expect *want;	/* one per object at record depth */
	size_t nwant, objects;
	uint32_t *cp;			/* decoded string, code points */
	size_t ncp;
};

static void fail(const struct parser *p, const char *why)
{
	PROPERTY(0, "%s at offset %zu of:\n%.*s", why, p->i, (int)p->n, p->s);
}

static void ws(struct parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
			       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int peek(const struct parser *p)
{
	return p->i < p->n ? (unsigned char)p->s[p->i] : -1;
}

static void expect_char(struct parser *p, char c)
{
	if (peek(p) != (unsigned char)c)
		fail(p, "unexpected character");
	p->i++;
}

static unsigned int hex4(struct parser *p)
{
	unsigned int v = 0, k;

	for (k = 0; k < 4; k++) {
		int c = peek(p);

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			fail(p, "bad \\u escape");
		p->i++;
	}
	return v;
}

/* One UTF-8 sequence starting at p->i (its first byte >= 0x80). */
static uint32_t utf8(struct parser *p)
{
	unsigned char c = (unsigned char)p->s[p->i];
	uint32_t v, min;
	int more, k;

	if (c >= 0xc2 && c <= 0xdf) {
		v = c & 0x1f, more = 1, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		v = c & 0x0f, more = 2, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		v = c & 0x07, more = 3, min = 0x10000;
	} else {
		fail(p, "a byte that starts no UTF-8 sequence");
		return 0;
	}
	p->i++;
	for (k = 0; k < more; k++) {
		int d = peek(p);

		if (d < 0x80 || d > 0xbf)
			fail(p, "a truncated UTF-8 sequence");
		v = v << 6 | (uint32_t)(d & 0x3f);
		p->i++;
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		fail(p, "an overlong or invalid UTF-8 sequence");
	return v;
}

/* A string, decoded into p->cp / p->ncp. */
static void string(struct parser *p)
{
	expect_char(p, '"');
	p->ncp = 0;
	for (;;) {
		int c = peek(p);
		uint32_t v;

		if (c < 0)
			fail(p, "an unterminated string");
		if (c == '"') {
			p->i++;
			return;
		}
		if (c < 0x20)
			fail(p, "a raw control character in a string");
		if (c == '\\') {
			p->i++;
			c = peek(p);
			p->i++;
			switch (c) {
			case '"': v = '"'; break;
			case '\\': v = '\\'; break;
			case '/': v = '/'; break;
			case 'b': v = '\b'; break;
			case 'f': v = '\f'; break;
			case 'n': v = '\n'; break;
			case 'r': v = '\r'; break;
			case 't': v = '\t'; break;
			case 'u':
				v = hex4(p);
				if (v >= 0xdc00 && v <= 0xdfff)
					fail(p, "a lone low surrogate");
				if (v >= 0xd800 && v <= 0xdbff) {
					uint32_t lo;

					expect_char(p, '\\');
					expect_char(p, 'u');
					lo = hex4(p);
					if (lo < 0xdc00 || lo > 0xdfff)
						fail(p, "a lone high surrogate");
					v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
				}
				break;
			default:
				fail(p, "an unknown escape");
				v = 0;
			}
		} else if (c >= 0x80) {
			v = utf8(p);
		} else {
			v = (uint32_t)c;
			p->i++;
		}
		p->cp[p->ncp++] = v;
	}
}

/* A number; returns where its text starts. */
static size_t number(struct parser *p)
{
	size_t start = p->i;

	if (peek(p) == '-')
		p->i++;
	if (peek(p) == '0') {
		p->i++;
	} else if (peek(p) >= '1' && peek(p) <= '9') {
		while (peek(p) >= '0' && peek(p) <= '9')
			p->i++;
	} else {
		fail(p, "a bad number");
	}
	if (peek(p) == '.') {
		p->i++;
		if (!(peek(p) >= '0' && peek(p) <= '9'))
			fail(p, "a bad fraction");
		while (peek(p) >= '0' && peek(p) <= '9')
			p->i++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->i++;
		if (peek(p) == '+' || peek(p) == '-')
			p->i++;
		if (!(peek(p) >= '0' && peek(p) <= '9'))
			fail(p, "a bad exponent");
		while (peek(p) >= '0' && peek(p) <= '9')
			p->i++;
	}
	return start;
}

static void literal(struct parser *p, const char *word)
{
	size_t len = strlen(word);

	if (p->n - p->i < len || memcmp(p->s + p->i, word, len))
		fail(p, "a bad literal");
	p->i += len;
}

static bool same_bytes(const struct parser *p, const char *bytes)
{
	size_t k, len = strlen(bytes);

	if (p->ncp != len)
		return false;
	for (k = 0; k < len; k++)
		if (p->cp[k] != (unsigned char)bytes[k])
			return false;
	return true;
}

static enum kind value(struct parser *p, int depth, bool record);

/* An object; at record depth its members must be the next drive's. */
static void object(struct parser *p, int depth, bool record)
{
	const struct expect *want = NULL;
	size_t k = 0;

	if (record) {
		PROPERTY(p->objects < p->nwant, "more objects than drives");
		want = &p->want[p->objects++];
	}
	expect_char(p, '{');
	ws(p);
	if (peek(p) == '}') {
		p->i++;
		PROPERTY(!want || !want->count, "an empty object");
		return;
	}
	for (;;) {
		const struct member *m = want && k < want->count ? &want->m[k] : NULL;
		size_t start;
		enum kind kind;

		ws(p);
		string(p);
		PROPERTY(!want || (m && same_bytes(p, m->key)), "member %zu is not \"%s\"", k,
			 m ? m->key : "(none)");
		ws(p);
		expect_char(p, ':');
		ws(p);
		start = p->i;
		kind = value(p, depth + 1, false);
		if (m) {
			PROPERTY(kind == m->kind, "\"%s\": a value of kind %d, not %d", m->key,
				 kind, m->kind);
			if (kind == K_STRING)
				PROPERTY(same_bytes(p, m->text), "\"%s\" does not give back its bytes",
					 m->key);
			if (kind == K_NUMBER)
				PROPERTY(p->i - start == strlen(m->text) &&
					 !memcmp(p->s + start, m->text, p->i - start),
					 "\"%s\": %.*s, not %s", m->key, (int)(p->i - start),
					 p->s + start, m->text);
		}
		k++;
		ws(p);
		if (peek(p) == ',') {
			p->i++;
			continue;
		}
		expect_char(p, '}');
		PROPERTY(!want || k == want->count, "%zu members, not %zu", k, want->count);
		return;
	}
}

static void array(struct parser *p, int depth, bool records)
{
	expect_char(p, '[');
	ws(p);
	if (peek(p) == ']') {
		p->i++;
		return;
	}
	for (;;) {
		ws(p);
		value(p, depth + 1, records);
		ws(p);
		if (peek(p) == ',') {
			p->i++;
			continue;
		}
		expect_char(p, ']');
		return;
	}
}

static enum kind value(struct parser *p, int depth, bool record)
{
	if (depth > 32)
		fail(p, "nested too deep");
	switch (peek(p)) {
	case '{':
		object(p, depth, record);
		return K_OBJECT;
	case '[':
		array(p, depth, depth == 0);
		return K_ARRAY;
	case '"':
		PROPERTY(!record, "a string where a drive was expected");
		string(p);
		return K_STRING;
	case 't':
		literal(p, "true");
		return K_TRUE;
	case 'f':
		literal(p, "false");
		return K_FALSE;
	case 'n':
		literal(p, "null");
		return K_NULL;
	default:
		number(p);
		return K_NUMBER;
	}
}

/* The whole text is one JSON value, drive objects where @want says. */
static void check_json(const char *text, size_t len, const struct expect *want, size_t nwant,
		       bool is_array)
{
	struct parser p = { .s = text, .n = len, .want = want, .nwant = nwant };
	enum kind kind;

	p.cp = malloc((len + 1) * sizeof(*p.cp));
	if (!p.cp)
		abort();
	ws(&p);
	kind = value(&p, 0, !is_array);
	ws(&p);
	PROPERTY(p.i == p.n, "text after the value: %.*s", (int)len, text);
	PROPERTY(kind == (is_array ? K_ARRAY : K_OBJECT), "top-level kind %d", kind);
	PROPERTY(p.objects == nwant, "%zu drive objects, not %zu", p.objects, nwant);
	free(p.cp);
}

static void add(struct expect *e, const char *key, enum kind kind, const char *text)
{
	struct member *m = &e->m[e->count++];

	m->key = key;
	m->kind = kind;
	m->text = text;
}

static void add_number(struct expect *e, const char *key, uint64_t v, bool is_signed)
{
	struct member *m = &e->m[e->count];

	if (is_signed)
		snprintf(m->number, sizeof(m->number), "%" PRId64, (int64_t)v);
	else
		snprintf(m->number, sizeof(m->number), "%" PRIu64, v);
	add(e, key, K_NUMBER, m->number);
}

static void add_string_or_null(struct expect *e, const char *key, const char *s)
{
	add(e, key, s ? K_STRING : K_NULL, s);
}

static void expect_drive(struct expect *e, const struct discxfer_drive *d,
			 const struct discxfer_limits *l)
{
	e->count = 0;
	add(e, "scsi_address", K_STRING, d->address);
	add_string_or_null(e, "block_node", d->block_node);
	add_string_or_null(e, "generic_node", d->generic_node);
	add(e, "vendor", K_STRING, d->vendor);
	add(e, "model", K_STRING, d->model);
	add_number(e, "scsi_type", (uint64_t)(int64_t)d->scsi_type, true);
	add(e, "source", K_STRING, discxfer_source_to_string((enum discxfer_source)l->source));
	add_number(e, "max_page_aligned_transfer_bytes", l->max_page_aligned_transfer_bytes, false);
	add_number(e, "max_non_page_aligned_transfer_bytes",
		   l->max_non_page_aligned_transfer_bytes, false);
	add_number(e, "max_hw_transfer_bytes", l->max_hw_transfer_bytes, false);
	add_number(e, "max_segments", l->max_segments, false);
	add_number(e, "max_segment_size", l->max_segment_size, false);
	add_number(e, "alignment_mask", l->alignment_mask, false);
	if (l->flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN)
		add_number(e, "seg_boundary_mask", l->seg_boundary_mask, false);
	else
		add(e, "seg_boundary_mask", K_NULL, NULL);
	add_number(e, "virt_boundary_mask", l->virt_boundary_mask, false);
	add_number(e, "logical_block_size", l->logical_block_size, false);
	add_number(e, "page_size", l->page_size, false);
	add(e, "single_segment", l->flags & DISCXFER_LIMITS_SINGLE_SEGMENT ? K_TRUE : K_FALSE, NULL);
	add(e, "hw_from_soft_limit",
	    l->flags & DISCXFER_LIMITS_HW_FROM_SOFT_LIMIT ? K_TRUE : K_FALSE, NULL);
}

/* The next NUL-terminated string of the input (the rest when no NUL is left). */
static char *take_string(struct fuzz_bytes *b)
{
	size_t len = strnlen((const char *)b->p, b->n);
	char *s = strndup((const char *)b->p, len);

	if (!s)
		abort();
	b->p += len < b->n ? len + 1 : len;
	b->n -= len < b->n ? len + 1 : len;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes b = { data, size };
	unsigned int head = (unsigned int)fuzz_take(&b, 1), ndrives = head % 3 + 1, i;
	struct discxfer_drive *drives[3];
	struct discxfer_limits limits[3];
	struct expect want[3];
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	for (i = 0; i < ndrives; i++) {
		struct discxfer_drive *d = dx_drive_alloc(NULL);
		struct discxfer_limits *l = &limits[i];

		if (!d)
			abort();
		d->address = take_string(&b);
		d->block_node = take_string(&b);
		d->generic_node = take_string(&b);
		d->vendor = take_string(&b);
		d->model = take_string(&b);
		if (head & (8u << i)) {	/* no sr bound */
			free(d->block_node);
			d->block_node = NULL;
		}
		if (head & (64u << i)) {	/* sg not loaded */
			free(d->generic_node);
			d->generic_node = NULL;
		}
		d->scsi_type = (int)fuzz_take(&b, 4);
		memset(l, 0, sizeof(*l));
		l->size = sizeof(*l);
		l->source = (uint32_t)fuzz_take(&b, 1);
		l->flags = (uint32_t)fuzz_take(&b, 1);
		l->page_size = (uint32_t)fuzz_take(&b, 4);
		l->max_hw_transfer_bytes = fuzz_take(&b, 8);
		l->max_segments = (uint32_t)fuzz_take(&b, 4);
		l->max_segment_size = (uint32_t)fuzz_take(&b, 4);
		l->seg_boundary_mask = fuzz_take(&b, 8);
		l->virt_boundary_mask = fuzz_take(&b, 8);
		l->alignment_mask = (uint32_t)fuzz_take(&b, 4);
		l->logical_block_size = (uint32_t)fuzz_take(&b, 4);
		l->max_page_aligned_transfer_bytes = (uint32_t)fuzz_take(&b, 4);
		l->max_non_page_aligned_transfer_bytes = (uint32_t)fuzz_take(&b, 4);
		drives[i] = d;
		expect_drive(&want[i], d, l);
	}

	/* As `list --json` prints it. */
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	fputc('[', f);
	for (i = 0; i < ndrives; i++) {
		if (i)
			fputc(',', f);
		discxfer_json_limits(f, drives[i], &limits[i]);
	}
	fputs("]\n", f);
	if (fclose(f))
		abort();
	check_json(text, len, want, ndrives, true);
	free(text);

	/* As `get --json` prints it. */
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	discxfer_json_limits(f, drives[0], &limits[0]);
	fputc('\n', f);
	if (fclose(f))
		abort();
	check_json(text, len, want, 1, false);
	free(text);

	for (i = 0; i < ndrives; i++)
		discxfer_drive_unref(drives[i]);
	return 0;
}
