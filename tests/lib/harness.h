/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The per-test harness of the library tests: a umockdev testbed and a
 * library context whose log function fails the test on any error message
 * the test did not ask for (set harness_errors_allowed), and, under ASan,
 * a leak check at the end of every test.
 */
#ifndef DISCXFER_TEST_HARNESS_H
#define DISCXFER_TEST_HARNESS_H

#include <stdbool.h>
#include <umockdev.h>

#include "discxfer.h"

extern UMockdevTestbed *tb;
extern struct discxfer_ctx *ctx;
/* Errors the library may log now; how many it did. */
extern bool harness_errors_allowed;
extern int harness_expected_errors;

void harness_setup(void);
void harness_teardown(void);

#endif
