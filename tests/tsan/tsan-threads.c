// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tsan-threads - the thread rule of include/discxfer.h ("one context per
 * thread; different contexts may be used in different threads at the same
 * time") under ThreadSanitizer, on the machine's real drives.
 *
 * Built with -fsanitize=thread together with a ThreadSanitizer build of the
 * library's own objects (tests/tsan/tsan.mk), run in the kernel rig's guest
 * (tests/tsan/vm-guest.sh) on real sysfs.
 *
 * The main thread opens a reference context, lists the drives and takes
 * every drive's answers. Then N threads start together (a barrier), each
 * with its own long-lived context, and for M iterations:
 *   - make a second, short-lived context: the module's state, a list;
 *   - list the drives: the same drives in the same order as the reference;
 *   - open every drive again from its sr node, its sg node and its sysfs
 *     path: the same drive;
 *   - on every drive they hold (the list's and the three opened ones): the
 *     drive's strings, discxfer_drive_get_limits(), both maxima and the
 *     three IMAPI2-shaped calls.
 * Every answer goes into a table per drive shared by all threads (under a
 * mutex): the reference's answer is its first entry, and every thread must
 * give an answer that is in the table. With --churn, the rig unloads and
 * reloads discxfer.ko meanwhile, so a drive has two right answers (the
 * module's and the queue limits'): the table then takes one more entry per
 * value, the first thread's, and a limits answer must keep its source's
 * values. Any answer beyond that is a mismatch, and so is any error.
 *
 * Output: one line "tsan-threads: threads=N iterations=M drives=D lists=..
 * opens=.. queries=.. answers=.. mismatches=.. errors=.. seconds=.."; the
 * first mismatches on stderr. Exit 0 when no mismatch and no error, 1
 * otherwise, 2 on usage or setup errors. ThreadSanitizer itself exits 66
 * when it reported anything (TSAN_OPTIONS=exitcode=66, its default).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <discxfer.h>
#include <discxfer/imapi2.h>

#define MAX_THREADS 64
/* Right answers per value: the reference, and with --churn the other source. */
#define MAX_ANSWERS 2
#define MAX_MESSAGES 20

enum value_kind {
	V_PAGE_ALIGNED,		/* get_max_page_aligned and the IMAPI2 call */
	V_NON_PAGE_ALIGNED,	/* get_max_non_page_aligned and the IMAPI2 call */
	V_ALIGNMENT_MASK,	/* IMAPI2 GetByteAlignmentMask */
	V_KINDS
};

struct answers {
	uint64_t v[MAX_ANSWERS];
	int n;
};

struct limits_answers {
	struct discxfer_limits l[MAX_ANSWERS];
	int n;
};

/* What the reference context saw of one drive, and every right answer. */
struct ref_drive {
	char *address, *syspath, *block_node, *generic_node, *vendor, *model;
	int scsi_type;
	struct answers values[V_KINDS];
	struct limits_answers limits;
};

/*
 * ThreadSanitizer's suppressions, read by its runtime at start: one kind,
 * outside the library and narrow; a report it matches is counted as
 * suppressed (the rig prints the count per kind), never hidden silently:
 *
 * - race:_dl_close_worker, race:_dl_open_worker: glibc's dynamic loader
 *   (dlopen()/dlclose() of libkmod, which every context does on its own,
 *   lib/kmod.c) serializes itself with a lock ThreadSanitizer does not see
 *   (ld.so calls libc's internal mutex functions, not the intercepted
 *   pthread_mutex_lock), so two threads' dlclose() look like a race on the
 *   loader's scope lists.
 *
 * (A second one, race:getrandom, covered a real race inside libudev 252's
 * hashmap code, which this test found while the library enumerated through
 * libudev; the library no longer loads libudev but for the monitor, which
 * this program does not use, so the race cannot happen here any more.)
 */
const char *__tsan_default_suppressions(void);
const char *__tsan_default_suppressions(void)
{
	return "race:_dl_close_worker\n"
	       "race:_dl_open_worker\n";
}

static struct ref_drive *refs;
static size_t nrefs;
static int max_answers = 1;
static struct answers module_states;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start_barrier;
static unsigned int iterations = 4;

static atomic_ulong n_lists, n_opens, n_queries, n_answers, n_mismatches, n_errors;
static atomic_int n_messages;

__attribute__((format(printf, 2, 3)))
static void mismatch(atomic_ulong *counter, const char *format, ...)
{
	va_list ap;

	atomic_fetch_add(counter, 1);
	if (atomic_fetch_add(&n_messages, 1) >= MAX_MESSAGES)
		return;
	va_start(ap, format);
	fputs("tsan-threads: ", stderr);
	vfprintf(stderr, format, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

static bool same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Is @v a right answer? The table takes it while it has room. */
static bool record_value(struct answers *a, uint64_t v)
{
	bool ok = false;

	pthread_mutex_lock(&table_lock);
	for (int i = 0; i < a->n && !ok; i++)
		ok = a->v[i] == v;
	if (!ok && a->n < max_answers) {
		a->v[a->n++] = v;
		ok = true;
	}
	pthread_mutex_unlock(&table_lock);
	atomic_fetch_add(&n_answers, 1);
	return ok;
}

/* The same for a whole limits answer; one entry per source at most. */
static bool record_limits(struct limits_answers *a, const struct discxfer_limits *l)
{
	bool ok = false, source_seen = false;

	pthread_mutex_lock(&table_lock);
	for (int i = 0; i < a->n && !ok; i++) {
		ok = memcmp(&a->l[i], l, sizeof(*l)) == 0;
		source_seen |= a->l[i].source == l->source;
	}
	if (!ok && !source_seen && a->n < max_answers) {
		a->l[a->n++] = *l;
		ok = true;
	}
	pthread_mutex_unlock(&table_lock);
	atomic_fetch_add(&n_answers, 1);
	return ok;
}

static void check_value(struct ref_drive *r, const char *how, enum value_kind k,
			const char *what, int err, uint64_t v)
{
	atomic_fetch_add(&n_queries, 1);
	if (err) {
		mismatch(&n_errors, "%s (%s): %s failed: %s", r->address, how, what,
			 strerror(-err));
		return;
	}
	if (!record_value(&r->values[k], v))
		mismatch(&n_mismatches, "%s (%s): %s = %llu, not a right answer (first: %llu)",
			 r->address, how, what, (unsigned long long)v,
			 (unsigned long long)r->values[k].v[0]);
}

/* Every query on one drive handle, and its strings. */
static void query_drive(struct ref_drive *r, struct discxfer_drive *d, const char *how)
{
	struct discxfer_limits l;
	uint32_t v = 0;
	ULONG u = 0;
	int err;

	if (!same_str(discxfer_drive_get_scsi_address(d), r->address) ||
	    !same_str(discxfer_drive_get_syspath(d), r->syspath) ||
	    !same_str(discxfer_drive_get_block_node(d), r->block_node) ||
	    !same_str(discxfer_drive_get_generic_node(d), r->generic_node) ||
	    !same_str(discxfer_drive_get_vendor(d), r->vendor) ||
	    !same_str(discxfer_drive_get_model(d), r->model) ||
	    discxfer_drive_get_scsi_type(d) != r->scsi_type) {
		mismatch(&n_mismatches, "%s (%s): the drive's strings differ: %s %s %s %s '%s' '%s' %d",
			 r->address, how, str(discxfer_drive_get_scsi_address(d)),
			 str(discxfer_drive_get_syspath(d)),
			 str(discxfer_drive_get_block_node(d)),
			 str(discxfer_drive_get_generic_node(d)),
			 str(discxfer_drive_get_vendor(d)), str(discxfer_drive_get_model(d)),
			 discxfer_drive_get_scsi_type(d));
		return;
	}

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	err = discxfer_drive_get_limits(d, &l);
	atomic_fetch_add(&n_queries, 1);
	if (err)
		mismatch(&n_errors, "%s (%s): get_limits failed: %s", r->address, how,
			 strerror(-err));
	else if (!record_limits(&r->limits, &l))
		mismatch(&n_mismatches, "%s (%s): get_limits: source %s, %u/%u bytes, not a right answer",
			 r->address, how, discxfer_source_to_string(l.source),
			 l.max_page_aligned_transfer_bytes,
			 l.max_non_page_aligned_transfer_bytes);

	err = discxfer_drive_get_max_page_aligned_transfer_size(d, &v);
	check_value(r, how, V_PAGE_ALIGNED, "page-aligned maximum", err, v);
	err = discxfer_drive_get_max_non_page_aligned_transfer_size(d, &v);
	check_value(r, how, V_NON_PAGE_ALIGNED, "non-page-aligned maximum", err, v);
	err = discxfer_IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(d, &u) == S_OK ? 0 : -EIO;
	check_value(r, how, V_PAGE_ALIGNED, "IMAPI2 page-aligned maximum", err, u);
	err = discxfer_IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(d, &u) == S_OK ? 0 : -EIO;
	check_value(r, how, V_NON_PAGE_ALIGNED, "IMAPI2 non-page-aligned maximum", err, u);
	err = discxfer_IDiscRecorder2Ex_GetByteAlignmentMask(d, &u) == S_OK ? 0 : -EIO;
	check_value(r, how, V_ALIGNMENT_MASK, "IMAPI2 byte alignment mask", err, u);
}

/* A list: the reference's drives in the reference's order; each queried. */
static void list_drives(struct discxfer_ctx *ctx, bool query, const char *how)
{
	struct discxfer_drive_list *list = NULL;
	int n = discxfer_ctx_enumerate(ctx, &list);

	atomic_fetch_add(&n_lists, 1);
	if (n < 0) {
		mismatch(&n_errors, "list (%s) failed: %s", how, strerror(-n));
		return;
	}
	if ((size_t)n != nrefs || discxfer_drive_list_get_count(list) != nrefs) {
		mismatch(&n_mismatches, "list (%s): %d drives, the reference has %zu", how, n, nrefs);
	} else {
		for (size_t i = 0; i < nrefs; i++) {
			struct discxfer_drive *d = discxfer_drive_list_get(list, i);

			if (!d || !same_str(discxfer_drive_get_scsi_address(d), refs[i].address))
				mismatch(&n_mismatches, "list (%s): drive %zu is %s, not %s", how, i,
					 d ? str(discxfer_drive_get_scsi_address(d)) : "(none)",
					 refs[i].address);
			else if (query)
				query_drive(&refs[i], d, how);
		}
	}
	discxfer_drive_list_free(list);
}

static void open_and_query(struct discxfer_ctx *ctx, struct ref_drive *r,
			   const char *path, const char *how)
{
	struct discxfer_drive *d = NULL;
	int err;

	if (!path)
		return;
	err = discxfer_drive_new_from_path(ctx, path, &d);
	atomic_fetch_add(&n_opens, 1);
	if (err) {
		mismatch(&n_errors, "%s: open %s failed: %s", r->address, path, strerror(-err));
		return;
	}
	query_drive(r, d, how);
	discxfer_drive_unref(d);
}

static void module_state(struct discxfer_ctx *ctx)
{
	enum discxfer_module_state st;
	int err = discxfer_ctx_get_module_state(ctx, &st);

	atomic_fetch_add(&n_queries, 1);
	/* A system without libkmod answers -EOPNOTSUPP in every context alike. */
	if (err == -EOPNOTSUPP)
		return;
	if (err)
		mismatch(&n_errors, "module state failed: %s", strerror(-err));
	else if (!record_value(&module_states, st))
		mismatch(&n_mismatches, "module state %s, not a right answer (first: %s)",
			 discxfer_module_state_to_string(st),
			 discxfer_module_state_to_string((enum discxfer_module_state)module_states.v[0]));
}

static void *worker(void *arg)
{
	struct discxfer_ctx *ctx = NULL, *tmp;
	int err;

	(void)arg;
	pthread_barrier_wait(&start_barrier);
	err = discxfer_ctx_new(&ctx);
	if (err) {
		mismatch(&n_errors, "discxfer_ctx_new failed: %s", strerror(-err));
		return NULL;
	}
	for (unsigned int it = 0; it < iterations; it++) {
		tmp = NULL;
		err = discxfer_ctx_new(&tmp);
		if (err) {
			mismatch(&n_errors, "discxfer_ctx_new (short-lived) failed: %s",
				 strerror(-err));
		} else {
			module_state(tmp);
			list_drives(tmp, false, "short-lived context");
			discxfer_ctx_unref(tmp);
		}
		list_drives(ctx, true, "list");
		module_state(ctx);
		for (size_t i = 0; i < nrefs; i++) {
			open_and_query(ctx, &refs[i], refs[i].block_node, "block node");
			open_and_query(ctx, &refs[i], refs[i].generic_node, "generic node");
			open_and_query(ctx, &refs[i], refs[i].syspath, "sysfs path");
		}
	}
	discxfer_ctx_unref(ctx);
	return NULL;
}

static char *dup_or_null(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d) {
		fprintf(stderr, "tsan-threads: out of memory\n");
		exit(2);
	}
	return d;
}

/* The reference: what one context in one thread answers before any thread runs. */
static int take_reference(void)
{
	struct discxfer_ctx *ctx = NULL;
	struct discxfer_drive_list *list = NULL;
	int n, err;

	err = discxfer_ctx_new(&ctx);
	if (err) {
		fprintf(stderr, "tsan-threads: discxfer_ctx_new: %s\n", strerror(-err));
		return -1;
	}
	n = discxfer_ctx_enumerate(ctx, &list);
	if (n < 0) {
		fprintf(stderr, "tsan-threads: list: %s\n", strerror(-n));
		discxfer_ctx_unref(ctx);
		return -1;
	}
	nrefs = (size_t)n;
	refs = calloc(nrefs ? nrefs : 1, sizeof(*refs));
	if (!refs) {
		fprintf(stderr, "tsan-threads: out of memory\n");
		exit(2);
	}
	for (size_t i = 0; i < nrefs; i++) {
		struct discxfer_drive *d = discxfer_drive_list_get(list, i);
		struct ref_drive *r = &refs[i];

		r->address = dup_or_null(discxfer_drive_get_scsi_address(d));
		r->syspath = dup_or_null(discxfer_drive_get_syspath(d));
		r->block_node = dup_or_null(discxfer_drive_get_block_node(d));
		r->generic_node = dup_or_null(discxfer_drive_get_generic_node(d));
		r->vendor = dup_or_null(discxfer_drive_get_vendor(d));
		r->model = dup_or_null(discxfer_drive_get_model(d));
		r->scsi_type = discxfer_drive_get_scsi_type(d);
		/* The first right answers, from this context, one thread. */
		query_drive(r, d, "reference");
		printf("tsan-threads: drive %s %s %s: %s, %u/%u bytes\n", r->address,
		       str(r->block_node), str(r->generic_node),
		       discxfer_source_to_string(r->limits.l[0].source),
		       r->limits.l[0].max_page_aligned_transfer_bytes,
		       r->limits.l[0].max_non_page_aligned_transfer_bytes);
	}
	module_state(ctx);
	discxfer_drive_list_free(list);
	discxfer_ctx_unref(ctx);
	if (atomic_load(&n_errors) || atomic_load(&n_mismatches)) {
		fprintf(stderr, "tsan-threads: the reference context failed\n");
		return -1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: tsan-threads [--threads N] [--iterations M] [--churn]\n");
	exit(2);
}

static unsigned long number(const char *s, unsigned long lo, unsigned long hi)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	pthread_t tids[MAX_THREADS];
	unsigned int nthreads = 8;
	struct timespec t0, t1;
	double secs;
	bool ok;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			nthreads = (unsigned int)number(argv[++i], 2, MAX_THREADS);
		else if (!strcmp(argv[i], "--iterations") && i + 1 < argc)
			iterations = (unsigned int)number(argv[++i], 1, 1000000);
		else if (!strcmp(argv[i], "--churn"))
			max_answers = MAX_ANSWERS;
		else
			usage();
	}
	if (take_reference() < 0)
		return 2;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pthread_barrier_init(&start_barrier, NULL, nthreads)) {
		fprintf(stderr, "tsan-threads: pthread_barrier_init failed\n");
		return 2;
	}
	for (unsigned int t = 0; t < nthreads; t++) {
		int err = pthread_create(&tids[t], NULL, worker, NULL);

		if (err) {
			fprintf(stderr, "tsan-threads: pthread_create: %s\n", strerror(err));
			/* The barrier waits for every thread: none can be missing. */
			exit(2);
		}
	}
	for (unsigned int t = 0; t < nthreads; t++)
		pthread_join(tids[t], NULL);
	pthread_barrier_destroy(&start_barrier);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	printf("tsan-threads: threads=%u iterations=%u drives=%zu lists=%lu opens=%lu queries=%lu answers=%lu mismatches=%lu errors=%lu seconds=%.1f\n",
	       nthreads, iterations, nrefs, atomic_load(&n_lists), atomic_load(&n_opens),
	       atomic_load(&n_queries), atomic_load(&n_answers), atomic_load(&n_mismatches),
	       atomic_load(&n_errors), secs);
	for (size_t i = 0; i < nrefs; i++)
		if (refs[i].limits.n > 1)
			printf("tsan-threads: drive %s answered from %s and %s\n", refs[i].address,
			       discxfer_source_to_string(refs[i].limits.l[0].source),
			       discxfer_source_to_string(refs[i].limits.l[1].source));
	ok = !atomic_load(&n_mismatches) && !atomic_load(&n_errors);
	for (size_t i = 0; i < nrefs; i++) {
		free(refs[i].address);
		free(refs[i].syspath);
		free(refs[i].block_node);
		free(refs[i].generic_node);
		free(refs[i].vendor);
		free(refs[i].model);
	}
	free(refs);
	return ok ? 0 : 1;
}
