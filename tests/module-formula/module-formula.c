// SPDX-License-Identifier: GPL-2.0-only
/*
 * The module's copy of the formula (module/discxfer_formula.h), compiled in
 * user space, against the shared table of cases (tests/formula_cases.h) and
 * the limits grid's (tests/hostadapter/grid.tsv, as build/tests/grid_cases.h)
 * that the library's copy is tested against too.
 *
 * Proves, for every case: the error code; on success both answers and
 * whether the single-segment rule applied.  Then, for every valid case, that
 * a seg_boundary_mask no tighter than the segment size (Z - 1, and ~0, the
 * 64-bit all-ones the kernel uses by default) gives the same answers as an
 * unknown one, and that the answers never pass the hard limit, the sg cap,
 * or each other (page-aligned >= non-page-aligned).
 *
 * Prints "module-formula: N passed, N failed"; exits 1 on any failure.
 */
#include <stdio.h>
#include <string.h>

#include "shim.h"
#include "discxfer_formula.h"

struct formula_case {
	const char *name;
	struct discxfer_formula_in in;
	int err;
	u32 aligned;
	u32 unaligned;
	bool single;
};

#define DX_CASE(n, H, S, Z, B, V, A, L, P, e, al, un, si)		\
	{ .name = (n),							\
	  .in = { .max_hw_bytes = (H), .max_segments = (S),		\
		  .max_segment_size = (Z), .seg_boundary_mask = (B),	\
		  .virt_boundary_mask = (V), .alignment_mask = (A),	\
		  .logical_block_size = (L), .page_size = (P) },	\
	  .err = (e), .aligned = (al), .unaligned = (un), .single = (si) },

static const struct formula_case cases[] = {
#include "formula_cases.h"
};
/* The limits grid: the queue limits of each dxhost configuration. */
static const struct formula_case grid_cases[] = {
#include "grid_cases.h"
};
/*
 * Module-side extras, worked out by hand: 32-bit overflow traps that the
 * shared table does not reach.
 */
static const struct formula_case extra_cases[] = {
	/* 65536 x 64 KiB = 2^32 is 0 in a u32 product; SGCAP binds. */
	DX_CASE("extra_u32_product", 1ULL << 40, 65536, 65536, 0xffffffffULL,
		0, 3, 2048, 65536, 0, 268435455, 268435455, 0)
	/* max_hw_sectors = 2^32 - 1: << 9 must be done in 64 bits. */
	DX_CASE("extra_hw_sectors_u32_max", 0xffffffffULL << 9, 2048,
		4294967295U, 0xffffffffffffffffULL, 0, 3, 2048, 4096,
		0, 8388608, 8384512, 0)
	/* A + 1 with A = 2^32 - 1 must not wrap to 0; the page-aligned
	 * answer (one page) bounds it.
	 */
	DX_CASE("extra_alignment_u32_max", 65536, 1, 65536, 0, 0, 0xffffffffU,
		2048, 4096, 0, 4096, 4096, 1)
};
#undef DX_CASE

static unsigned int passed, failed;

static void check(bool ok, const char *name, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: %s\n", name, what);
	}
}

static void check_case(const struct formula_case *c)
{
	struct discxfer_formula_out out;
	char what[160];
	int err;

	memset(&out, 0xa5, sizeof(out));
	err = discxfer_formula(&c->in, &out);
	snprintf(what, sizeof(what), "error %d, expected %d", err, c->err);
	check(err == c->err, c->name, what);
	if (err || c->err)
		return;
	snprintf(what, sizeof(what), "page-aligned %u, expected %u",
		 out.page_aligned, c->aligned);
	check(out.page_aligned == c->aligned, c->name, what);
	snprintf(what, sizeof(what), "non-page-aligned %u, expected %u",
		 out.non_page_aligned, c->unaligned);
	check(out.non_page_aligned == c->unaligned, c->name, what);
	snprintf(what, sizeof(what), "single-segment %d, expected %d",
		 out.single_segment, c->single);
	check(out.single_segment == c->single, c->name, what);
}

/* Properties that hold for every valid case, whatever its numbers. */
static void check_properties(const struct formula_case *c)
{
	static const u64 loose[] = { 0, UINT64_MAX, UINT32_MAX };
	struct discxfer_formula_out ref, out;
	struct discxfer_formula_in in;
	char what[160];
	size_t i;

	if (c->err || c->in.seg_boundary_mask)
		return;
	if (discxfer_formula(&c->in, &ref))
		return;	/* reported by check_case() */

	/* A boundary no tighter than the segment size changes nothing. */
	for (i = 0; i <= sizeof(loose) / sizeof(loose[0]); i++) {
		in = c->in;
		in.seg_boundary_mask = i < sizeof(loose) / sizeof(loose[0]) ?
				       loose[i] : (u64)c->in.max_segment_size - 1;
		if (in.seg_boundary_mask && in.seg_boundary_mask <
		    (u64)c->in.max_segment_size - 1)
			continue;
		snprintf(what, sizeof(what),
			 "seg_boundary_mask 0x%llx changes the answer",
			 (unsigned long long)in.seg_boundary_mask);
		check(!discxfer_formula(&in, &out) &&
		      out.page_aligned == ref.page_aligned &&
		      out.non_page_aligned == ref.non_page_aligned, c->name,
		      what);
	}

	check(ref.page_aligned <= c->in.max_hw_bytes &&
	      ref.non_page_aligned <= c->in.max_hw_bytes, c->name,
	      "an answer above the hard limit");
	check(ref.page_aligned <= DISCXFER_SG_MAX_BYTES &&
	      ref.non_page_aligned <= DISCXFER_SG_MAX_BYTES, c->name,
	      "an answer at or above 256 MiB");
	check(ref.page_aligned >= ref.non_page_aligned,
	      c->name, "non-page-aligned above page-aligned");
	check(ref.page_aligned > 0 && ref.non_page_aligned > 0, c->name,
	      "a zero answer for valid limits");
}

static void check_all(const struct formula_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		check_case(&c[i]);
		check_properties(&c[i]);
	}
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	check_all(cases, N_OF(cases));
	check_all(extra_cases, N_OF(extra_cases));
	check_all(grid_cases, N_OF(grid_cases));
	check(N_OF(cases) > 0, "table", "no cases in tests/formula_cases.h");
	check(N_OF(grid_cases) > 0, "grid", "no cases in tests/hostadapter/grid.tsv");
	printf("module-formula: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
