// SPDX-License-Identifier: LGPL-2.1-or-later
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

UMockdevTestbed *tb;
struct discxfer_ctx *ctx;
bool harness_errors_allowed;
int harness_expected_errors;
static int unexpected_errors;

static void log_fn(struct discxfer_ctx *c, int priority, const char *file, int line,
		   const char *fn, const char *format, va_list args)
{
	(void)c;
	if (priority > DISCXFER_LOG_ERR)
		return;
	if (harness_errors_allowed) {
		harness_expected_errors++;
		return;
	}
	fprintf(stderr, "unexpected library error at %s:%d %s(): ", file, line, fn);
	vfprintf(stderr, format, args);
	fprintf(stderr, "\n");
	unexpected_errors++;
}

void harness_setup(void)
{
	tb = umockdev_testbed_new();
	cr_assert_not_null(tb);
	cr_assert_eq(discxfer_ctx_new(&ctx), 0);
	discxfer_ctx_set_log_fn(ctx, log_fn, NULL, DISCXFER_LOG_DEBUG);
	unexpected_errors = harness_expected_errors = 0;
	harness_errors_allowed = false;
}

/*
 * Criterion prints a failed assertion of a .fini but still counts the test
 * as passed, so a failure here ends the worker instead: Criterion counts
 * the test as crashed, and the run fails.
 */
static void teardown_fail(const char *what)
{
	fprintf(stderr, "harness: %s\n", what);
	abort();
}

void harness_teardown(void)
{
	int unexpected = unexpected_errors;

	discxfer_ctx_unref(ctx);
	g_object_unref(tb);
	if (unexpected) {
		fprintf(stderr, "harness: the library logged %d unexpected errors\n",
			unexpected);
		teardown_fail("unexpected library errors");
	}
#ifdef __SANITIZE_ADDRESS__
	/*
	 * Criterion's workers exit without failing on LeakSanitizer's
	 * at-exit report, so every test checks for leaks itself.
	 */
	if (__lsan_do_recoverable_leak_check() != 0)
		teardown_fail("memory leaked");
#endif
}
