// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rig-bench: the measurements of `make vm-bench`, run in the rig's guest.
 *
 *   rig-bench io NODE CHUNK TOTAL [--write]
 *       Read (or write) TOTAL bytes from LBA 0 of NODE in SG_IO commands of
 *       CHUNK bytes (READ(12)/WRITE(12)), from one page-aligned buffer (what
 *       a burner allocates), and print "cmds=N ns=T" on success, or
 *       "failed cmd=K errno=NAME" / "failed cmd=K status=..." at the first
 *       command that fails (exit 1).  CHUNK and TOTAL are multiples of the
 *       drive's block size (READ CAPACITY).
 *
 *   rig-bench query DEVICE RAWFILE ROUNDS ITERS
 *       The library's costs on DEVICE (e.g. /dev/sr0), each the median
 *       over ROUNDS rounds of the mean of ITERS calls, in ns per call:
 *         raw        open + read + close of RAWFILE, the attribute the warm
 *                    query reads (the module's max_page_aligned_transfer_bytes,
 *                    else the queue's max_hw_sectors_kb)
 *         warm       discxfer_drive_get_max_page_aligned_transfer_size()
 *         limits     discxfer_drive_get_limits()
 *         cold       ctx_new + drive_new_from_path + the query + unref both
 *       One line each: "what=NAME ns=T ratio_to_raw=R".
 *
 *   rig-bench spawn ROUNDS ITERS PROGRAM ARGS...
 *       The cost of one process: fork, exec PROGRAM with stdout and stderr
 *       to /dev/null, wait; the median over ROUNDS of the mean of ITERS,
 *       "ns=T" (exit 1 when PROGRAM fails).
 *
 *   rig-bench enumerate SECONDS
 *       discxfer_ctx_enumerate() and a get_limits() of each drive, in a loop
 *       for SECONDS in one context (the stress run's rig.load=list, while
 *       drives come and go): "runs=N drives=N gone=N adding=N failed=N" and
 *       the library's messages counted by the race they name; a failed
 *       enumeration, or a query failing other than -ENODEV (removed) or
 *       -ENXIO (being added), prints "failed run=K ..." (exit 1); the
 *       library's error messages are printed after "libdiscxfer: ".
 *
 *   rig-bench spawns ROUNDS ITERS 'COMMAND 1' 'COMMAND 2' ...
 *       The same for several commands (each a string of words split at
 *       spaces), run in turn (1 2 3 1 2 3 ...) so that a drift of the
 *       machine's speed touches them alike; one line per command,
 *       "cmd=K ns=T ratio_to_first=R rounds_ns=T1,T2,...", R the median
 *       over the ROUNDS of the ratio of the round's means (the first
 *       command is the reference), T1... each round's mean (a ratio
 *       between two other commands of the same rounds is taken from them).
 */
#include <errno.h>
#include <fcntl.h>
#include <scsi/sg.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "discxfer.h"

#define MAX_ROUNDS 64
#define MAX_CMDS 12
#define MAX_WORDS 16

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool parse_ul(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return errno == 0 && *s && !*end && *s != '-';
}

static int usage(void)
{
	fprintf(stderr,
		"usage: rig-bench io NODE CHUNK TOTAL [--write]\n"
		"       rig-bench query DEVICE RAWFILE ROUNDS ITERS\n"
		"       rig-bench spawn ROUNDS ITERS PROGRAM ARGS...\n"
		"       rig-bench spawns ROUNDS ITERS 'COMMAND 1' 'COMMAND 2' ...\n"
		"       rig-bench enumerate SECONDS\n");
	return 2;
}

/* One SG_IO command; 0, or 1 after printing why it failed. */
static int sgio(int fd, unsigned char *cdb, unsigned char cdb_len, int dir,
		void *buf, unsigned int len, unsigned long n)
{
	unsigned char sense[32] = { 0 };
	struct sg_io_hdr h;

	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	h.dxfer_direction = dir;
	h.cmd_len = cdb_len;
	h.cmdp = cdb;
	h.dxferp = buf;
	h.dxfer_len = len;
	h.mx_sb_len = sizeof(sense);
	h.sbp = sense;
	h.timeout = 120000;
	if (ioctl(fd, SG_IO, &h) != 0) {
		const char *e = strerrorname_np(errno);

		printf("failed cmd=%lu errno=%s\n", n, e ? e : "E?");
		return 1;
	}
	if (h.status || h.host_status || h.driver_status || h.resid) {
		printf("failed cmd=%lu status=0x%02x host=0x%04x driver=0x%04x resid=%d\n",
		       n, h.status, h.host_status, h.driver_status, h.resid);
		return 1;
	}
	return 0;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int cmd_io(int argc, char **argv)
{
	unsigned long chunk, total, bs, n = 0;
	unsigned char cdb[12] = { 0x25 };
	/* Aligned to its size, so in one page: a single-segment host
	 * refuses a data buffer that straddles two (sgio-probe.c).
	 */
	_Alignas(8) unsigned char cap[8] = { 0 };
	bool write = argc > 5 && !strcmp(argv[5], "--write");
	void *buf;
	double t0, t1;
	int fd;

	if (argc < 5 || argc > 6 || (argc == 6 && !write) ||
	    !parse_ul(argv[3], &chunk) || !parse_ul(argv[4], &total) ||
	    chunk == 0 || chunk > UINT32_MAX)
		return usage();
	fd = open(argv[2], O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		printf("failed open %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	/* READ CAPACITY(10): the block size. */
	if (sgio(fd, cdb, 10, SG_DXFER_FROM_DEV, cap, sizeof(cap), 0)) {
		printf("failed READ CAPACITY on %s\n", argv[2]);
		return 1;
	}
	bs = (unsigned long)cap[4] << 24 | (unsigned long)cap[5] << 16 |
	     (unsigned long)cap[6] << 8 | cap[7];
	if (!bs || chunk % bs || total % bs) {
		fprintf(stderr, "CHUNK and TOTAL must be multiples of the block size %lu\n", bs);
		return 2;
	}
	if (posix_memalign(&buf, 4096, chunk)) {
		printf("failed posix_memalign of %lu bytes\n", chunk);
		return 1;
	}
	memset(buf, 0x5a, chunk);
	t0 = now_ns();
	for (unsigned long done = 0; done < total; done += chunk, n++) {
		unsigned long len = total - done < chunk ? total - done : chunk;

		memset(cdb, 0, sizeof(cdb));
		cdb[0] = write ? 0xaa : 0xa8;
		put_be32(cdb + 2, (uint32_t)(done / bs));
		put_be32(cdb + 6, (uint32_t)(len / bs));
		if (sgio(fd, cdb, 12, write ? SG_DXFER_TO_DEV : SG_DXFER_FROM_DEV, buf,
			 (unsigned int)len, n))
			return 1;
	}
	t1 = now_ns();
	printf("cmds=%lu ns=%.0f\n", n, t1 - t0);
	free(buf);
	close(fd);
	return 0;
}

static double time_raw(const char *path, unsigned long iters)
{
	char buf[64];
	double t0 = now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
			return -1;
		close(fd);
	}
	return (now_ns() - t0) / (double)iters;
}

static int cmd_query(int argc, char **argv)
{
	unsigned long rounds, iters;
	struct discxfer_ctx *ctx;
	struct discxfer_drive *d;
	double raw[MAX_ROUNDS], warm[MAX_ROUNDS], lims[MAX_ROUNDS], cold[MAX_ROUNDS];
	const char *path = argv[3];
	uint32_t v;
	int r;

	if (argc != 6 || !parse_ul(argv[4], &rounds) || !parse_ul(argv[5], &iters) ||
	    rounds == 0 || rounds > MAX_ROUNDS || iters == 0)
		return usage();
	r = discxfer_ctx_new(&ctx);
	if (r < 0)
		return printf("failed ctx_new: %s\n", strerror(-r)), 1;
	r = discxfer_drive_new_from_path(ctx, argv[2], &d);
	if (r < 0)
		return printf("failed open %s: %s\n", argv[2], strerror(-r)), 1;

	for (unsigned long k = 0; k < rounds; k++) {
		double t0;

		raw[k] = time_raw(path, iters);
		if (raw[k] < 0)
			return printf("failed raw read of %s\n", path), 1;
		t0 = now_ns();
		for (unsigned long i = 0; i < iters; i++)
			if (discxfer_drive_get_max_page_aligned_transfer_size(d, &v) < 0)
				return printf("failed warm query\n"), 1;
		warm[k] = (now_ns() - t0) / (double)iters;
		t0 = now_ns();
		for (unsigned long i = 0; i < iters; i++) {
			struct discxfer_limits lim = { .size = sizeof(lim) };

			if (discxfer_drive_get_limits(d, &lim) < 0)
				return printf("failed get_limits\n"), 1;
		}
		lims[k] = (now_ns() - t0) / (double)iters;
		t0 = now_ns();
		for (unsigned long i = 0; i < iters; i++) {
			struct discxfer_ctx *c;
			struct discxfer_drive *dd;

			if (discxfer_ctx_new(&c) < 0)
				return printf("failed cold ctx\n"), 1;
			if (discxfer_drive_new_from_path(c, argv[2], &dd) < 0 ||
			    discxfer_drive_get_max_page_aligned_transfer_size(dd, &v) < 0)
				return printf("failed cold query\n"), 1;
			discxfer_drive_unref(dd);
			discxfer_ctx_unref(c);
		}
		cold[k] = (now_ns() - t0) / (double)iters;
	}
	{
		double mr = median(raw, (int)rounds);
		double mw = median(warm, (int)rounds);
		double ml = median(lims, (int)rounds);
		double mc = median(cold, (int)rounds);

		printf("what=raw ns=%.0f ratio_to_raw=1.00 file=%s\n", mr, path);
		printf("what=warm ns=%.0f ratio_to_raw=%.2f\n", mw, mw / mr);
		printf("what=get_limits ns=%.0f ratio_to_raw=%.2f\n", ml, ml / mr);
		printf("what=cold ns=%.0f ratio_to_raw=%.2f\n", mc, mc / mr);
	}
	discxfer_drive_unref(d);
	discxfer_ctx_unref(ctx);
	return 0;
}

static int spawn_once(char **argv)
{
	int st;
	pid_t p = fork();

	if (p < 0)
		return -1;
	if (p == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(p, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int cmd_spawn(int argc, char **argv)
{
	unsigned long rounds, iters;
	double t[MAX_ROUNDS];

	if (argc < 5 || !parse_ul(argv[2], &rounds) || !parse_ul(argv[3], &iters) ||
	    rounds == 0 || rounds > MAX_ROUNDS || iters == 0)
		return usage();
	for (unsigned long k = 0; k < rounds; k++) {
		double t0 = now_ns();

		for (unsigned long i = 0; i < iters; i++) {
			int r = spawn_once(argv + 4);

			if (r != 0) {
				printf("failed %s: exit %d\n", argv[4], r);
				return 1;
			}
		}
		t[k] = (now_ns() - t0) / (double)iters;
	}
	printf("ns=%.0f\n", median(t, (int)rounds));
	return 0;
}

static int cmd_spawns(int argc, char **argv)
{
	static char *words[MAX_CMDS][MAX_WORDS + 1];
	static double t[MAX_CMDS][MAX_ROUNDS], ratio[MAX_CMDS][MAX_ROUNDS];
	unsigned long rounds, iters;
	int ncmd = argc - 4;

	if (argc < 5 || ncmd > MAX_CMDS || !parse_ul(argv[2], &rounds) ||
	    !parse_ul(argv[3], &iters) || rounds == 0 || rounds > MAX_ROUNDS || iters == 0)
		return usage();
	for (int c = 0; c < ncmd; c++) {
		int n = 0;

		for (char *w = strtok(argv[4 + c], " "); w; w = strtok(NULL, " "))
			if (n < MAX_WORDS)
				words[c][n++] = w;
		if (n == 0 || n == MAX_WORDS)
			return usage();
		words[c][n] = NULL;
	}
	for (unsigned long k = 0; k < rounds; k++) {
		double sum[MAX_CMDS] = { 0 };

		for (unsigned long i = 0; i < iters; i++) {
			for (int c = 0; c < ncmd; c++) {
				double t0 = now_ns();
				int r = spawn_once(words[c]);

				if (r != 0) {
					printf("failed %s: exit %d\n", words[c][0], r);
					return 1;
				}
				sum[c] += now_ns() - t0;
			}
		}
		for (int c = 0; c < ncmd; c++) {
			t[c][k] = sum[c] / (double)iters;
			ratio[c][k] = sum[c] / sum[0];
		}
	}
	for (int c = 0; c < ncmd; c++) {
		/* median() sorts: the rounds in their order first. */
		char rs[MAX_ROUNDS * 24] = "";
		size_t len = 0;

		for (unsigned long k = 0; k < rounds && len < sizeof(rs); k++)
			len += (size_t)snprintf(rs + len, sizeof(rs) - len, "%s%.0f",
						k ? "," : "", t[c][k]);
		printf("cmd=%d ns=%.0f ratio_to_first=%.2f rounds_ns=%s\n", c + 1,
		       median(t[c], (int)rounds), median(ratio[c], (int)rounds), rs);
	}
	return 0;
}

/* What the library said during `enumerate`, counted by the race it names. */
struct said {
	unsigned long opened, nodes, scan, errors;
};

static void count_log(struct discxfer_ctx *ctx, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	struct said *said = discxfer_ctx_get_userdata(ctx);
	char msg[512];

	(void)file;
	(void)line;
	(void)fn;
	vsnprintf(msg, sizeof(msg), format, args);
	if (strstr(msg, "removed while it was opened"))
		said->opened++;
	else if (strstr(msg, "went away during the lookup"))
		said->nodes++;
	else if (strstr(msg, "went away during the scan"))
		said->scan++;
	if (priority <= DISCXFER_LOG_ERR) {
		said->errors++;
		printf("libdiscxfer: %s\n", msg);
	}
}

static int cmd_enumerate(int argc, char **argv)
{
	unsigned long seconds, runs = 0, drives = 0, gone = 0, adding = 0, failed = 0;
	struct said said = { 0 };
	struct discxfer_ctx *ctx;
	double end;
	int r;

	if (argc != 3 || !parse_ul(argv[2], &seconds) || seconds == 0)
		return usage();
	r = discxfer_ctx_new(&ctx);
	if (r < 0)
		return printf("failed ctx_new: %s\n", strerror(-r)), 1;
	discxfer_ctx_set_log_fn(ctx, count_log, &said, DISCXFER_LOG_DEBUG);
	end = now_ns() + (double)seconds * 1e9;
	while (now_ns() < end) {
		struct discxfer_drive_list *list;
		size_t i, n;

		runs++;
		r = discxfer_ctx_enumerate(ctx, &list);
		if (r < 0) {
			failed++;
			printf("failed run=%lu enumerate: %s\n", runs, strerror(-r));
			continue;
		}
		n = discxfer_drive_list_get_count(list);
		for (i = 0; i < n; i++) {
			struct discxfer_drive *d = discxfer_drive_list_get(list, i);
			struct discxfer_limits l = { .size = sizeof(l) };

			r = discxfer_drive_get_limits(d, &l);
			if (r == -ENODEV) {
				gone++;
			} else if (r == -ENXIO) {
				adding++;
			} else if (r < 0) {
				failed++;
				printf("failed run=%lu %s: %s\n", runs, discxfer_drive_get_syspath(d),
				       strerror(-r));
			}
		}
		drives += n;
		discxfer_drive_list_free(list);
	}
	printf("runs=%lu drives=%lu gone=%lu adding=%lu failed=%lu raced: opened=%lu nodes=%lu scan=%lu errors_logged=%lu\n",
	       runs, drives, gone, adding, failed, said.opened, said.nodes, said.scan, said.errors);
	discxfer_ctx_unref(ctx);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "io"))
		return cmd_io(argc, argv);
	if (!strcmp(argv[1], "query"))
		return cmd_query(argc, argv);
	if (!strcmp(argv[1], "spawn"))
		return cmd_spawn(argc, argv);
	if (!strcmp(argv[1], "spawns"))
		return cmd_spawns(argc, argv);
	if (!strcmp(argv[1], "enumerate"))
		return cmd_enumerate(argc, argv);
	return usage();
}
