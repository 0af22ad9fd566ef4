// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discxfer list: one row per optical drive, through libsmartcols, with
 * lsblk's options: -o/--output, -J/--json, -P/--pairs, -r/--raw,
 * -n/--noheadings, -b/--bytes.
 *
 * Each column has an lsblk-style name (headings, -o, -P keys) and a JSON
 * key. The JSON keys are those `list --json` and `get --json` have always
 * printed, so a script that read them keeps working; JSON numbers are
 * bytes, with or without -b, so a key's type never depends on an option.
 *
 * libsmartcols is loaded with dlopen() here, when a table is printed: the
 * command's other uses (`get`, udev's `udev-import` at every drive event)
 * start without it, and a program's start costs about as much as their
 * whole work (README, "Speed").
 */
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discxfer.h"
#include "commands.h"

enum col_id {
	COL_NAME,
	COL_PATH,
	COL_SG,
	COL_SG_PATH,
	COL_HCTL,
	COL_VENDOR,
	COL_MODEL,
	COL_TYPE,
	COL_SOURCE,
	COL_PAGE_ALIGNED,
	COL_NON_PAGE_ALIGNED,
	COL_HARD_LIMIT,
	COL_SEGMENTS,
	COL_SEGMENT_SIZE,
	COL_ALIGN,
	COL_SEG_BOUNDARY,
	COL_VIRT_BOUNDARY,
	COL_LOG_SEC,
	COL_PAGE_SIZE,
	COL_SINGLE_SEGMENT,
	COL_HW_FROM_SOFT,
};

enum col_kind {
	K_STRING,	/* text; JSON string, null when absent or empty */
	K_SIZE,		/* bytes: human size unless -b; JSON number of bytes */
	K_NUMBER,	/* decimal; JSON number */
	K_MASK,		/* hexadecimal; JSON number; null when unknown */
	K_BOOL,		/* yes/no; JSON true/false */
};

struct column {
	const char *name;
	const char *json;
	enum col_kind kind;
	const char *help;
};

/* Indexed by enum col_id. */
static const struct column columns[] = {
	[COL_NAME] = { "NAME", "name", K_STRING, "block device name (sr0)" },
	[COL_PATH] = { "PATH", "block_node", K_STRING, "block device node (/dev/sr0)" },
	[COL_SG] = { "SG", "sg", K_STRING, "SCSI generic device name (sg0)" },
	[COL_SG_PATH] = { "SG-PATH", "generic_node", K_STRING,
			  "SCSI generic device node (/dev/sg0)" },
	[COL_HCTL] = { "HCTL", "scsi_address", K_STRING,
		       "Host:Channel:Target:Lun of the drive" },
	[COL_VENDOR] = { "VENDOR", "vendor", K_STRING, "vendor (INQUIRY)" },
	[COL_MODEL] = { "MODEL", "model", K_STRING, "model (INQUIRY)" },
	[COL_TYPE] = { "TYPE", "scsi_type", K_NUMBER, "SCSI peripheral type (4 or 5)" },
	[COL_SOURCE] = { "SOURCE", "source", K_STRING,
			 "where the values come from: kernel, module, queue-limits, sg-ioctl" },
	[COL_PAGE_ALIGNED] = { "PAGE-ALIGNED", "max_page_aligned_transfer_bytes", K_SIZE,
			       "largest transfer of a buffer starting on a page boundary" },
	[COL_NON_PAGE_ALIGNED] = { "NON-PAGE-ALIGNED", "max_non_page_aligned_transfer_bytes",
				   K_SIZE, "largest transfer of a buffer starting anywhere" },
	[COL_HARD_LIMIT] = { "HARD-LIMIT", "max_hw_transfer_bytes", K_SIZE,
			     "the queue's hard limit, max_hw_sectors x 512" },
	[COL_SEGMENTS] = { "SEGMENTS", "max_segments", K_NUMBER,
			   "segments one command may have" },
	[COL_SEGMENT_SIZE] = { "SEGMENT-SIZE", "max_segment_size", K_SIZE,
			       "largest segment" },
	[COL_ALIGN] = { "ALIGN", "alignment_mask", K_MASK,
			"DMA alignment mask (dma_alignment | dma_pad_mask)" },
	[COL_SEG_BOUNDARY] = { "SEG-BOUNDARY", "seg_boundary_mask", K_MASK,
			       "segment boundary mask (known with discxfer.ko only)" },
	[COL_VIRT_BOUNDARY] = { "VIRT-BOUNDARY", "virt_boundary_mask", K_MASK,
				"virtual boundary mask" },
	[COL_LOG_SEC] = { "LOG-SEC", "logical_block_size", K_NUMBER,
			  "logical sector size, bytes" },
	[COL_PAGE_SIZE] = { "PAGE-SIZE", "page_size", K_NUMBER, "page size, bytes" },
	[COL_SINGLE_SEGMENT] = { "SINGLE-SEGMENT", "single_segment", K_BOOL,
				 "one segment per command (see discxfer(1))" },
	[COL_HW_FROM_SOFT] = { "HW-FROM-SOFT", "hw_from_soft_limit", K_BOOL,
			       "HARD-LIMIT is the soft limit (sg-ioctl source)" },
};

#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))
#define MAX_OUTPUT 64

/* Without -o: the table's columns, and the JSON's (every key it always had). */
static const enum col_id default_table[] = {
	COL_NAME, COL_SG, COL_HCTL, COL_VENDOR, COL_MODEL, COL_PAGE_ALIGNED,
	COL_NON_PAGE_ALIGNED, COL_SOURCE,
};
static const enum col_id default_json[] = {
	COL_HCTL, COL_PATH, COL_SG_PATH, COL_VENDOR, COL_MODEL, COL_TYPE, COL_SOURCE,
	COL_PAGE_ALIGNED, COL_NON_PAGE_ALIGNED, COL_HARD_LIMIT, COL_SEGMENTS,
	COL_SEGMENT_SIZE, COL_ALIGN, COL_SEG_BOUNDARY, COL_VIRT_BOUNDARY, COL_LOG_SEC,
	COL_PAGE_SIZE, COL_SINGLE_SEGMENT, COL_HW_FROM_SOFT,
};

struct list_opts {
	bool json, pairs, raw, noheadings, bytes;
	enum col_id out[MAX_OUTPUT];
	size_t nout;
};

static void list_usage(void)
{
	size_t i;

	printf("Usage: discxfer list [options]\n"
	       "\n"
	       "Every optical drive with the largest SG_IO transfer it guarantees.\n"
	       "\n"
	       "Options:\n"
	       "  -o, --output LIST   columns to print, comma-separated; +LIST adds to the default\n"
	       "  -J, --json          JSON (sizes always in bytes)\n"
	       "  -P, --pairs         KEY=\"value\" pairs, keys usable as shell variables\n"
	       "  -r, --raw           raw output: one space between columns, no alignment\n"
	       "  -n, --noheadings    no heading line\n"
	       "  -b, --bytes         sizes in bytes, not human-readable\n"
	       "  -h, --help          this text\n"
	       "\n"
	       "Available output columns:\n");
	for (i = 0; i < NCOLUMNS; i++)
		printf("  %16s  %s\n", columns[i].name, columns[i].help);
	printf("\nDefault: NAME,SG,HCTL,VENDOR,MODEL,PAGE-ALIGNED,NON-PAGE-ALIGNED,SOURCE;\n"
	       "with --json every column but NAME and SG. See discxfer(1).\n");
}

static int add_column(struct list_opts *o, enum col_id id)
{
	if (o->nout >= MAX_OUTPUT) {
		fprintf(stderr, "discxfer list: too many columns (at most %d)\n", MAX_OUTPUT);
		return -1;
	}
	o->out[o->nout++] = id;
	return 0;
}

static int add_defaults(struct list_opts *o)
{
	const enum col_id *d = o->json ? default_json : default_table;
	size_t i, n = o->json ? sizeof(default_json) / sizeof(default_json[0])
			      : sizeof(default_table) / sizeof(default_table[0]);

	for (i = 0; i < n; i++)
		if (add_column(o, d[i]) < 0)
			return -1;
	return 0;
}

/* "-o NAME,SG" or "-o +SEGMENTS"; names are case-insensitive, as lsblk's. */
static int parse_output(struct list_opts *o, const char *arg)
{
	const char *p = arg, *end;
	size_t i, len;

	if (*p == '+') {
		if (add_defaults(o) < 0)
			return -1;
		p++;
	}
	for (;; p = end + 1) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < NCOLUMNS; i++)
			if (strlen(columns[i].name) == len &&
			    !strncasecmp(columns[i].name, p, len))
				break;
		if (i == NCOLUMNS) {
			fprintf(stderr, "discxfer list: unknown column '%.*s' "
				"(see 'discxfer list --help' for the columns)\n", (int)len, p);
			return -1;
		}
		if (add_column(o, (enum col_id)i) < 0)
			return -1;
		if (!end)
			return 0;
	}
}

/*
 * lsblk's human sizes (1016K, 8M, 7.9M), but rounded down: the value is
 * a guarantee, and a human size must never claim more than it.
 */
static void human_size(char *buf, size_t size, uint64_t bytes)
{
	static const char units[] = "BKMGTPE";
	unsigned int exp = 0;
	uint64_t whole, tenth;

	while (exp < 6 && bytes >> (10 * (exp + 1)))
		exp++;
	whole = bytes >> (10 * exp);
	tenth = exp ? ((bytes - (whole << (10 * exp))) * 10) >> (10 * exp) : 0;
	if (tenth)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "%c", whole, tenth, units[exp]);
	else
		snprintf(buf, size, "%" PRIu64 "%c", whole, units[exp]);
}

/* Bytes above 0x7f as the characters U+0080..U+00FF, in UTF-8 (JSON is UTF-8). */
static char *latin1_to_utf8(const char *s)
{
	char *out = malloc(2 * strlen(s) + 1), *q = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80) {
			*q++ = (char)c;
		} else {
			*q++ = (char)(0xc0 | (c >> 6));
			*q++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*q = '\0';
	return out;
}

static const char *node_name(const char *node)
{
	const char *slash;

	if (!node)
		return NULL;
	slash = strrchr(node, '/');
	return slash ? slash + 1 : node;
}

/* The cell of column @id: text into @buf, or a string of the drive's; NULL for none. */
static const char *cell(const struct list_opts *o, enum col_id id, struct discxfer_drive *d,
			const struct discxfer_limits *l, char *buf, size_t size)
{
	uint64_t v = 0;

	switch (id) {
	case COL_NAME:
		return node_name(discxfer_drive_get_block_node(d));
	case COL_PATH:
		return discxfer_drive_get_block_node(d);
	case COL_SG:
		return node_name(discxfer_drive_get_generic_node(d));
	case COL_SG_PATH:
		return discxfer_drive_get_generic_node(d);
	case COL_HCTL:
		return discxfer_drive_get_scsi_address(d);
	case COL_VENDOR:
		return discxfer_drive_get_vendor(d);
	case COL_MODEL:
		return discxfer_drive_get_model(d);
	case COL_SOURCE:
		return discxfer_source_to_string((enum discxfer_source)l->source);
	case COL_SINGLE_SEGMENT:
		return l->flags & DISCXFER_LIMITS_SINGLE_SEGMENT ? "yes" : "no";
	case COL_HW_FROM_SOFT:
		return l->flags & DISCXFER_LIMITS_HW_FROM_SOFT_LIMIT ? "yes" : "no";
	case COL_SEG_BOUNDARY:
		if (!(l->flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN))
			return NULL;
		v = l->seg_boundary_mask;
		break;
	case COL_TYPE:
		v = (uint64_t)discxfer_drive_get_scsi_type(d);
		break;
	case COL_PAGE_ALIGNED:
		v = l->max_page_aligned_transfer_bytes;
		break;
	case COL_NON_PAGE_ALIGNED:
		v = l->max_non_page_aligned_transfer_bytes;
		break;
	case COL_HARD_LIMIT:
		v = l->max_hw_transfer_bytes;
		break;
	case COL_SEGMENTS:
		v = l->max_segments;
		break;
	case COL_SEGMENT_SIZE:
		v = l->max_segment_size;
		break;
	case COL_ALIGN:
		v = l->alignment_mask;
		break;
	case COL_VIRT_BOUNDARY:
		v = l->virt_boundary_mask;
		break;
	case COL_LOG_SEC:
		v = l->logical_block_size;
		break;
	case COL_PAGE_SIZE:
		v = l->page_size;
		break;
	}
	if (columns[id].kind == K_SIZE && !o->json && !o->bytes)
		human_size(buf, size, v);
	else if (columns[id].kind == K_MASK && !o->json)
		snprintf(buf, size, "0x%" PRIx64, v);
	else
		snprintf(buf, size, "%" PRIu64, v);
	return buf;
}

/* The soname of the libsmartcols the command was built against. */
#define SMARTCOLS_SONAME "libsmartcols.so.1"

/* The libsmartcols functions the table needs, loaded by load_scols(). */
struct scols {
	void *dl;
	__typeof__(scols_new_table) *new_table;
	__typeof__(scols_unref_table) *unref_table;
	__typeof__(scols_table_set_name) *table_set_name;
	__typeof__(scols_table_enable_json) *table_enable_json;
	__typeof__(scols_table_enable_export) *table_enable_export;
	__typeof__(scols_table_enable_shellvar) *table_enable_shellvar;
	__typeof__(scols_table_enable_raw) *table_enable_raw;
	__typeof__(scols_table_enable_noheadings) *table_enable_noheadings;
	__typeof__(scols_table_new_column) *table_new_column;
	__typeof__(scols_column_set_json_type) *column_set_json_type;
	__typeof__(scols_table_new_line) *table_new_line;
	__typeof__(scols_table_remove_line) *table_remove_line;
	__typeof__(scols_line_set_data) *line_set_data;
	__typeof__(scols_print_table) *print_table;
};

/* 0, or -1 after saying why libsmartcols cannot be used. */
static int load_scols(struct scols *sc)
{
	sc->dl = dlopen(SMARTCOLS_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!sc->dl) {
		fprintf(stderr, "discxfer list: cannot load %s: %s\n", SMARTCOLS_SONAME, dlerror());
		return -1;
	}
#define SYM(field, name)						\
	do {								\
		sc->field = (__typeof__(sc->field))dlsym(sc->dl, #name);	\
		if (!sc->field) {					\
			fprintf(stderr, "discxfer list: %s lacks %s\n",	\
				SMARTCOLS_SONAME, #name);		\
			dlclose(sc->dl);				\
			return -1;					\
		}							\
	} while (0)
	SYM(new_table, scols_new_table);
	SYM(unref_table, scols_unref_table);
	SYM(table_set_name, scols_table_set_name);
	SYM(table_enable_json, scols_table_enable_json);
	SYM(table_enable_export, scols_table_enable_export);
	SYM(table_enable_shellvar, scols_table_enable_shellvar);
	SYM(table_enable_raw, scols_table_enable_raw);
	SYM(table_enable_noheadings, scols_table_enable_noheadings);
	SYM(table_new_column, scols_table_new_column);
	SYM(column_set_json_type, scols_column_set_json_type);
	SYM(table_new_line, scols_table_new_line);
	SYM(table_remove_line, scols_table_remove_line);
	SYM(line_set_data, scols_line_set_data);
	SYM(print_table, scols_print_table);
#undef SYM
	return 0;
}

static int add_row(const struct scols *sc, struct libscols_table *tb,
		   const struct list_opts *o, struct discxfer_drive *d,
		   const struct discxfer_limits *l)
{
	struct libscols_line *ln = sc->table_new_line(tb, NULL);
	size_t i;

	if (!ln)
		return -ENOMEM;
	for (i = 0; i < o->nout; i++) {
		char buf[32], *utf8 = NULL;
		const char *s = cell(o, o->out[i], d, l, buf, sizeof(buf));
		int r;

		if (s && o->json && columns[o->out[i]].kind == K_STRING) {
			utf8 = latin1_to_utf8(s);
			if (!utf8) {
				sc->table_remove_line(tb, ln);
				return -ENOMEM;
			}
			s = utf8;
		}
		r = s ? sc->line_set_data(ln, i, s) : 0;
		free(utf8);
		if (r < 0) {
			sc->table_remove_line(tb, ln);
			return r;
		}
	}
	return 0;
}

static struct libscols_table *new_table(const struct scols *sc, const struct list_opts *o)
{
	struct libscols_table *tb = sc->new_table();
	size_t i;

	if (!tb)
		return NULL;
	sc->table_set_name(tb, "drives");
	sc->table_enable_json(tb, o->json);
	sc->table_enable_export(tb, o->pairs);
	sc->table_enable_shellvar(tb, o->pairs);
	sc->table_enable_raw(tb, o->raw);
	sc->table_enable_noheadings(tb, o->noheadings);
	for (i = 0; i < o->nout; i++) {
		const struct column *c = &columns[o->out[i]];
		int right = c->kind != K_STRING && c->kind != K_BOOL;
		/* In JSON the heading is the key (libsmartcols prints it lowercased). */
		struct libscols_column *cl = sc->table_new_column(tb, o->json ? c->json : c->name,
								  0, right ? SCOLS_FL_RIGHT : 0);

		if (!cl) {
			sc->unref_table(tb);
			return NULL;
		}
		sc->column_set_json_type(cl, c->kind == K_STRING ? SCOLS_JSON_STRING :
					 c->kind == K_BOOL ? SCOLS_JSON_BOOLEAN :
					 SCOLS_JSON_NUMBER);
	}
	return tb;
}

static int parse_list(int argc, char **argv, struct list_opts *o)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'J' },
		{ "pairs", no_argument, NULL, 'P' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:JPrnbh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'J':
			o->json = true;
			break;
		case 'P':
			o->pairs = true;
			break;
		case 'r':
			o->raw = true;
			break;
		case 'n':
			o->noheadings = true;
			break;
		case 'b':
			o->bytes = true;
			break;
		case 'h':
			list_usage();
			return 0;
		default:
			fprintf(stderr, "Try 'discxfer list --help'.\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "discxfer list: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (o->json + o->pairs + o->raw > 1) {
		fprintf(stderr, "discxfer list: --json, --pairs and --raw exclude each other\n");
		return 2;
	}
	if (output ? parse_output(o, output) < 0 : add_defaults(o) < 0)
		return 2;
	return -1;
}

int discxfer_cmd_list(struct discxfer_ctx *ctx, int argc, char **argv)
{
	struct discxfer_drive_list *list = NULL;
	struct libscols_table *tb;
	struct list_opts o = { 0 };
	struct scols sc;
	size_t i, n;
	int r, rc = 0;

	r = parse_list(argc, argv, &o);
	if (r >= 0)
		return r;
	r = discxfer_ctx_enumerate(ctx, &list);
	if (r < 0) {
		fprintf(stderr, "discxfer: cannot list drives: %s\n", discxfer_strerror(r));
		return 1;
	}
	n = discxfer_drive_list_get_count(list);
	if (!n && !o.json && !o.pairs && !o.raw && !o.noheadings) {
		printf("No optical drives found.\n");
		discxfer_drive_list_free(list);
		return 0;
	}
	if (load_scols(&sc) < 0) {
		discxfer_drive_list_free(list);
		return 1;
	}
	tb = new_table(&sc, &o);
	if (!tb) {
		fprintf(stderr, "discxfer: cannot make the table: %s\n", strerror(ENOMEM));
		discxfer_drive_list_free(list);
		dlclose(sc.dl);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct discxfer_drive *d = discxfer_drive_list_get(list, i);
		struct discxfer_limits l = { .size = sizeof(l) };

		r = discxfer_drive_get_limits(d, &l);
		if (r == -ENODEV)
			continue;	/* removed since the enumeration, as lsblk */
		if (r == 0)
			r = add_row(&sc, tb, &o, d, &l);
		if (r < 0) {
			/* That drive is left out; the others and the JSON stay whole. */
			fprintf(stderr, "discxfer: %s: %s\n", discxfer_drive_get_syspath(d),
				discxfer_strerror(r));
			rc = 1;
		}
	}
	if (sc.print_table(tb) < 0) {
		fprintf(stderr, "discxfer: cannot print the table\n");
		rc = 1;
	}
	sc.unref_table(tb);
	dlclose(sc.dl);
	discxfer_drive_list_free(list);
	return rc;
}
