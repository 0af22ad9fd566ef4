// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's formula over the shared table of hand-worked cases
 * (tests/formula_cases.h) and the limits grid's (tests/hostadapter/grid.tsv,
 * as build/tests/grid_cases.h): one Criterion test a grid line.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>

#include "discxfer.h"

struct dx_case {
	const char *name;
	uint64_t H;
	uint32_t S, Z;
	uint64_t B, V;
	uint32_t A, L, P;
	int err;
	uint32_t aligned, unaligned;
	int single;
};

#define DX_CASE(n, h, s, z, b, v, a, l, p, e, al, un, si) \
	{ n, h, s, z, b, v, a, l, p, e, al, un, si },
static const struct dx_case cases[] = {
#include "formula_cases.h"
};
static const struct dx_case grid_cases[] = {
#include "grid_cases.h"
};
#undef DX_CASE

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The error, both answers and the single-segment flag of one case. */
static void expect_case(const struct dx_case *c)
{
	struct discxfer_limits l = {
		.size = sizeof(l),
		.page_size = c->P,
		.max_hw_transfer_bytes = c->H,
		.max_segments = c->S,
		.max_segment_size = c->Z,
		.seg_boundary_mask = c->B,
		.flags = c->B ? DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN : 0,
		.virt_boundary_mask = c->V,
		.alignment_mask = c->A,
		.logical_block_size = c->L,
	};
	int r = discxfer_compute_limits(&l);

	cr_expect_eq(r, c->err, "%s: returned %d, expected %d", c->name, r, c->err);
	if (r || c->err)
		return;
	cr_expect_eq(l.max_page_aligned_transfer_bytes, c->aligned,
		     "%s: page-aligned %u, expected %u", c->name,
		     l.max_page_aligned_transfer_bytes, c->aligned);
	cr_expect_eq(l.max_non_page_aligned_transfer_bytes, c->unaligned,
		     "%s: non-page-aligned %u, expected %u", c->name,
		     l.max_non_page_aligned_transfer_bytes, c->unaligned);
	cr_expect_eq(!!(l.flags & DISCXFER_LIMITS_SINGLE_SEGMENT), c->single,
		     "%s: single-segment flag", c->name);
}

Test(formula, every_case_of_the_table)
{
	size_t i;

	cr_assert_gt(N_OF(cases), 20);
	for (i = 0; i < N_OF(cases); i++)
		expect_case(&cases[i]);
}

/* Each grid line is a test of its own, named by its index in the table. */
ParameterizedTestParameters(formula, grid_line)
{
	static size_t idx[N_OF(grid_cases)];
	size_t i;

	for (i = 0; i < N_OF(idx); i++)
		idx[i] = i;
	return cr_make_param_array(size_t, idx, N_OF(idx));
}

ParameterizedTest(size_t *i, formula, grid_line)
{
	cr_assert_lt(*i, N_OF(grid_cases));
	expect_case(&grid_cases[*i]);
}

Test(formula, refuses_null_and_small_structs)
{
	struct discxfer_limits l = { .size = 8 };

	cr_expect_eq(discxfer_compute_limits(NULL), -EINVAL);
	cr_expect_eq(discxfer_compute_limits(&l), -EINVAL);
}

Test(formula, never_more_than_the_hard_limit)
{
	uint64_t h;

	for (h = 512; h < (1u << 24); h = h * 3 + 512) {
		struct discxfer_limits l = {
			.size = sizeof(l), .page_size = 4096, .max_hw_transfer_bytes = h,
			.max_segments = 128, .max_segment_size = 65536,
			.alignment_mask = 511, .logical_block_size = 2048,
		};

		cr_assert_eq(discxfer_compute_limits(&l), 0);
		cr_expect_leq(l.max_page_aligned_transfer_bytes, h);
		cr_expect_leq(l.max_non_page_aligned_transfer_bytes,
			      l.max_page_aligned_transfer_bytes);
	}
}
