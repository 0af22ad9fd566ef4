// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discxfer - how large may one SCSI pass-through command be on a drive?
 *
 *   discxfer list [-o LIST] [-J|-P|-r] [-n] [-b]
 *   discxfer get DEVICE [--json] [--value page-aligned|non-page-aligned]
 *                       [--source kernel|module|queue-limits|sg-ioctl]
 *   discxfer status [--json]
 *   discxfer monitor [--json]
 *   discxfer udev-import DEVICE
 *   discxfer udev-trigger CLASS-SYSPATH
 *
 * Exit status: 0 success, 1 failure (device or system error), 2 usage.
 * DISCXFER_LOG=err|info|debug shows the library's messages on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discxfer.h"
#include "commands.h"

#ifndef DISCXFER_VERSION
#define DISCXFER_VERSION "unknown"
#endif

static const char *prog = "discxfer";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--help] [--version] COMMAND [ARGS]\n"
		"\n"
		"How large may one SCSI pass-through (SG_IO) command be on an optical drive?\n"
		"\n"
		"Commands:\n"
		"  list [-o LIST] [-J|-P|-r] [-n] [-b]\n"
		"                                every optical drive with both maxima, as a\n"
		"                                table (columns: discxfer list --help)\n"
		"  get DEVICE [--json] [--value page-aligned|non-page-aligned]\n"
		"      [--source kernel|module|queue-limits|sg-ioctl]\n"
		"                                every limit of one drive; DEVICE is /dev/srN,\n"
		"                                /dev/sgN, a symlink such as /dev/cdrom, or a\n"
		"                                sysfs path; --source: that source's answer only\n"
		"  status [--json]               discxfer.ko's state and the drives' sources\n"
		"  monitor [--json]              one line per drive event until interrupted\n"
		"  udev-import DEVICE            KEY=VALUE lines for udev's IMPORT{program}\n"
		"  udev-trigger CLASS-SYSPATH    re-evaluate a drive's nodes (udev RUN)\n"
		"\n"
		"Exit status: 0 success, 1 failure, 2 usage error.\n"
		"See discxfer(1).\n",
		prog);
}

const char *discxfer_strerror(int r)
{
	switch (-r) {
	case ENOENT:
		return "No such file or directory";
	case ENODEV:
		return "not a SCSI device, or the drive is gone";
	case ENXIO:
		return "neither sr nor sg is bound to the drive (sr_mod and sg not loaded, or it is still being added)";
	case EMEDIUMTYPE:
		return "not an optical drive";
	case EIO:
		return "a kernel value is missing or malformed in sysfs";
	case ERANGE:
		return "a kernel value is out of range";
	case EINVAL:
		return "not a device node or sysfs device path";
	default:
		return strerror(-r);
	}
}

int discxfer_open_drive(struct discxfer_ctx *ctx, const char *device,
			struct discxfer_drive **drive)
{
	int r = discxfer_drive_new_from_path(ctx, device, drive);

	if (r == -EMEDIUMTYPE) {
		fprintf(stderr, "%s: %s: not an optical drive (SCSI type is not 4 or 5)\n",
			prog, device);
	} else if (r == -ENODEV) {
		fprintf(stderr, "%s: %s: not a SCSI device (nothing SCSI above it in sysfs)\n",
			prog, device);
	} else if (r < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, device, discxfer_strerror(r));
	}
	return r;
}

static void human(char *buf, size_t size, uint64_t bytes)
{
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
		snprintf(buf, size, "%" PRIu64 " MiB", bytes / (1024 * 1024));
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(buf, size, "%" PRIu64 " KiB", bytes / 1024);
	else if (bytes >= 1024)
		snprintf(buf, size, "%.1f KiB", (double)bytes / 1024);
	else
		snprintf(buf, size, "%" PRIu64 " B", bytes);
}

/* Parse "--json" (and --help) for commands that take nothing else. */
static int parse_simple(int argc, char **argv, const char *cmd, bool *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			printf("Usage: %s %s [--json]\n", prog, cmd);
			return 0;
		default:
			fprintf(stderr, "Try '%s %s --help'.\n", prog, cmd);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s %s: unexpected argument '%s'\n", prog, cmd, argv[optind]);
		return 2;
	}
	return -1;
}

/* The source named @name (discxfer_source_to_string()'s names), else 0. */
static enum discxfer_source source_by_name(const char *name)
{
	enum discxfer_source s;

	for (s = DISCXFER_SOURCE_MODULE; s <= DISCXFER_SOURCE_KERNEL; s++)
		if (!strcmp(name, discxfer_source_to_string(s)))
			return s;
	return 0;
}

static int cmd_get(struct discxfer_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "value", required_argument, NULL, 'v' },
		{ "source", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct discxfer_drive *drive = NULL;
	struct discxfer_limits l = { .size = sizeof(l) };
	const char *value = NULL, *source = NULL, *device;
	enum discxfer_source from = 0;
	bool json = false;
	char a[32], u[32], h[32];
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jv:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'v':
			value = optarg;
			break;
		case 's':
			source = optarg;
			break;
		case 'h':
			printf("Usage: %s get DEVICE [--json] "
			       "[--value page-aligned|non-page-aligned]\n"
			       "       [--source kernel|module|queue-limits|sg-ioctl]\n", prog);
			return 0;
		default:
			fprintf(stderr, "Try '%s get --help'.\n", prog);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s get: exactly one DEVICE expected\n", prog);
		return 2;
	}
	if (value && strcmp(value, "page-aligned") && strcmp(value, "non-page-aligned")) {
		fprintf(stderr, "%s get: --value takes page-aligned or non-page-aligned, not '%s'\n",
			prog, value);
		return 2;
	}
	if (value && json) {
		fprintf(stderr, "%s get: --value and --json exclude each other\n", prog);
		return 2;
	}
	if (source && !(from = source_by_name(source))) {
		fprintf(stderr, "%s get: --source takes kernel, module, queue-limits or sg-ioctl, "
			"not '%s'\n", prog, source);
		return 2;
	}
	device = argv[optind];
	if (discxfer_open_drive(ctx, device, &drive) < 0)
		return 1;
	r = from ? discxfer_drive_get_limits_from(drive, from, &l)
		 : discxfer_drive_get_limits(drive, &l);
	if (r == -ENOENT && from) {
		fprintf(stderr, "%s: %s: the source %s has no answer for this drive\n", prog,
			device, source);
		discxfer_drive_unref(drive);
		return 1;
	}
	if (r < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, device, discxfer_strerror(r));
		discxfer_drive_unref(drive);
		return 1;
	}
	if (value) {
		printf("%" PRIu32 "\n", !strcmp(value, "page-aligned")
		       ? l.max_page_aligned_transfer_bytes
		       : l.max_non_page_aligned_transfer_bytes);
	} else if (json) {
		discxfer_json_limits(stdout, drive, &l);
		printf("\n");
	} else {
		human(a, sizeof(a), l.max_page_aligned_transfer_bytes);
		human(u, sizeof(u), l.max_non_page_aligned_transfer_bytes);
		human(h, sizeof(h), l.max_hw_transfer_bytes);
		printf("drive:                               %s (%s %s)\n",
		       discxfer_drive_get_scsi_address(drive),
		       discxfer_drive_get_vendor(drive), discxfer_drive_get_model(drive));
		printf("block node:                          %s\n",
		       discxfer_drive_get_block_node(drive) ?: "-");
		printf("generic node:                        %s\n",
		       discxfer_drive_get_generic_node(drive) ?: "-");
		printf("source:                              %s\n",
		       discxfer_source_to_string((enum discxfer_source)l.source));
		printf("max_page_aligned_transfer_bytes:     %" PRIu32 " (%s)\n",
		       l.max_page_aligned_transfer_bytes, a);
		printf("max_non_page_aligned_transfer_bytes: %" PRIu32 " (%s)\n",
		       l.max_non_page_aligned_transfer_bytes, u);
		printf("max_hw_transfer_bytes:               %" PRIu64 " (%s)%s\n",
		       l.max_hw_transfer_bytes, h,
		       l.flags & DISCXFER_LIMITS_HW_FROM_SOFT_LIMIT ? " (soft limit)" : "");
		printf("max_segments:                        %" PRIu32 "\n", l.max_segments);
		printf("max_segment_size:                    %" PRIu32 "\n", l.max_segment_size);
		printf("alignment_mask:                      0x%" PRIx32 "\n", l.alignment_mask);
		if (l.flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN)
			printf("seg_boundary_mask:                   0x%" PRIx64 "\n",
			       l.seg_boundary_mask);
		else
			printf("seg_boundary_mask:                   unknown (needs discxfer.ko)\n");
		printf("virt_boundary_mask:                  0x%" PRIx64 "\n",
		       l.virt_boundary_mask);
		printf("logical_block_size:                  %" PRIu32 "\n", l.logical_block_size);
		printf("page_size:                           %" PRIu32 "\n", l.page_size);
		if (l.flags & DISCXFER_LIMITS_SINGLE_SEGMENT)
			printf("note: one segment per command; see discxfer(1)\n");
	}
	discxfer_drive_unref(drive);
	return 0;
}

static int cmd_status(struct discxfer_ctx *ctx, int argc, char **argv)
{
	enum discxfer_module_state state;
	struct discxfer_drive_list *list = NULL;
	unsigned int counts[5] = { 0 };
	bool json;
	size_t i, n;
	int r;

	r = parse_simple(argc, argv, "status", &json);
	if (r >= 0)
		return r;
	r = discxfer_ctx_get_module_state(ctx, &state);
	if (r < 0) {
		fprintf(stderr, "%s: cannot read the module's state: %s\n", prog,
			discxfer_strerror(r));
		return 1;
	}
	r = discxfer_ctx_enumerate(ctx, &list);
	if (r < 0) {
		fprintf(stderr, "%s: cannot list drives: %s\n", prog, discxfer_strerror(r));
		return 1;
	}
	n = discxfer_drive_list_get_count(list);
	for (i = 0; i < n; i++) {
		struct discxfer_limits l = { .size = sizeof(l) };

		if (discxfer_drive_get_limits(discxfer_drive_list_get(list, i), &l) == 0 &&
		    l.source < 5)
			counts[l.source]++;
		else
			counts[0]++;
	}
	discxfer_drive_list_free(list);
	if (json) {
		printf("{\"module\":\"%s\",\"drives\":%zu,\"kernel_source\":%u,\"module_source\":%u,"
		       "\"queue_limits_source\":%u,\"sg_ioctl_source\":%u,\"failed\":%u}\n",
		       discxfer_module_state_to_string(state), n, counts[DISCXFER_SOURCE_KERNEL],
		       counts[DISCXFER_SOURCE_MODULE], counts[DISCXFER_SOURCE_QUEUE_LIMITS],
		       counts[DISCXFER_SOURCE_SG_IOCTL], counts[0]);
	} else {
		printf("module discxfer: %s\n", discxfer_module_state_to_string(state));
		printf("optical drives:  %zu (kernel: %u, module: %u, queue-limits: %u, sg-ioctl: %u, failed: %u)\n",
		       n, counts[DISCXFER_SOURCE_KERNEL], counts[DISCXFER_SOURCE_MODULE],
		       counts[DISCXFER_SOURCE_QUEUE_LIMITS],
		       counts[DISCXFER_SOURCE_SG_IOCTL], counts[0]);
	}
	return counts[0] ? 1 : 0;
}

/*
 * The library's messages, when DISCXFER_LOG asks for them, each after
 * "libdiscxfer: " so that they stand apart from the command's own.
 */
static void log_stderr(struct discxfer_ctx *ctx, int priority, const char *file, int line,
		       const char *fn, const char *format, va_list args)
{
	(void)ctx;
	(void)file;
	(void)line;
	if (priority >= DISCXFER_LOG_DEBUG)
		fprintf(stderr, "libdiscxfer: %s: ", fn);
	else
		fputs("libdiscxfer: ", stderr);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

/*
 * DISCXFER_LOG=err|info|debug: pass the library's messages of that
 * priority and above to standard error (by default they are dropped; the
 * command's own message names the device and the reason).
 */
static void setup_log(struct discxfer_ctx *ctx)
{
	static const struct {
		const char *name;
		int priority;
	} levels[] = {
		{ "err", DISCXFER_LOG_ERR },
		{ "info", DISCXFER_LOG_INFO },
		{ "debug", DISCXFER_LOG_DEBUG },
	};
	const char *want = getenv("DISCXFER_LOG");
	size_t i;

	if (!want || !*want)
		return;
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (!strcmp(want, levels[i].name)) {
			discxfer_ctx_set_log_fn(ctx, log_stderr, NULL, levels[i].priority);
			return;
		}
	}
	fprintf(stderr, "%s: DISCXFER_LOG='%s' ignored: not err, info or debug\n", prog, want);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct discxfer_ctx *ctx, int argc, char **argv);
	} cmds[] = {
		{ "list", discxfer_cmd_list },
		{ "get", cmd_get },
		{ "status", cmd_status },
		{ "monitor", discxfer_cmd_monitor },
		{ "udev-import", discxfer_cmd_udev_import },
		{ "udev-trigger", discxfer_cmd_udev_trigger },
	};
	struct discxfer_ctx *ctx = NULL;
	size_t i;
	int r;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("discxfer %s\n", DISCXFER_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		r = discxfer_ctx_new(&ctx);
		if (r < 0) {
			fprintf(stderr, "%s: cannot start: %s\n", prog, strerror(-r));
			return 1;
		}
		setup_log(ctx);
		r = cmds[i].fn(ctx, argc - 1, argv + 1);
		discxfer_ctx_unref(ctx);
		return r;
	}
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	usage(stderr);
	return 2;
}
