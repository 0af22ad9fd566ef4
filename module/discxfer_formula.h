/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * discxfer: the formula, from a request queue's limits to the largest SG_IO
 * buffer one command may carry when it starts on a page boundary and when it
 * starts anywhere.
 *
 * This is the module's one copy of the formula (the library has its own, in
 * lib/formula.c); both are tested against tests/formula_cases.h.  It is pure:
 * no locks, no allocation, no kernel calls, so tests/module-formula compiles
 * it in user space with a shim that defines u32, u64, bool and ERANGE.
 *
 * Worst case, no two pages of a pinned user buffer are physically adjacent,
 * so every page is at least one segment:
 *
 *   segcap  = min(Z, B + 1)              the most one segment may hold
 *   S'      = S                          when segcap >= P
 *           = S / ceil(P / segcap)       otherwise (whole pages S can carry)
 *   S'      = 1 when V > P - 1 and S' > 1 (every page boundary is a gap)
 *
 *   page-aligned     = min(H, S' * P, SGCAP)
 *   non-page-aligned = min(H, (S' - 1) * P, SGCAP)          when S' > 1
 *
 * With S' <= 1 (a single-segment queue) a pinned buffer that does not start
 * on a page boundary but is DMA-aligned must fit in what is left of its first
 * page, which at the last aligned offset is A + 1 bytes: the non-page-aligned
 * answer is min(H, A + 1, page-aligned).  The page-aligned answer is one page, or, when
 * segments are so small that S of them do not fill a page, S * segcap.
 *
 * SGCAP is 256 MiB - 1: /dev/sgN refuses dxfer_len >= 256 MiB.
 */
#ifndef DISCXFER_FORMULA_H
#define DISCXFER_FORMULA_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#endif

/* /dev/sgN refuses a dxfer_len of 256 MiB or more (sg_common_write()). */
#define DISCXFER_SG_MAX_BYTES	(256ULL * 1024 * 1024 - 1)

/**
 * struct discxfer_formula_in - the queue limits the formula reads
 * @max_hw_bytes:	H, max_hw_sectors << 9, in 64 bits
 * @seg_boundary_mask:	B; 0 means unknown, taken as no tighter than Z
 * @virt_boundary_mask:	V
 * @max_segments:	S
 * @max_segment_size:	Z
 * @alignment_mask:	A, dma_alignment | dma_pad_mask
 * @logical_block_size:	L
 * @page_size:		P, a power of two
 */
struct discxfer_formula_in {
	u64 max_hw_bytes;
	u64 seg_boundary_mask;
	u64 virt_boundary_mask;
	u32 max_segments;
	u32 max_segment_size;
	u32 alignment_mask;
	u32 logical_block_size;
	u32 page_size;
};

/**
 * struct discxfer_formula_out - the two answers
 * @page_aligned:	bytes one command may carry from a page-aligned buffer
 * @non_page_aligned:	bytes one command may carry from any buffer
 * @single_segment:	S' <= 1: @non_page_aligned is the A + 1 bound
 */
struct discxfer_formula_out {
	u32 page_aligned;
	u32 non_page_aligned;
	bool single_segment;
};

static inline u64 discxfer_min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/**
 * discxfer_formula() - compute both maxima from one snapshot of the limits
 * @in:		the limits
 * @out:	the answers; untouched on error
 *
 * All arithmetic is in 64 bits where a product or a sum can pass 32 bits;
 * B = ~0 does not overflow (B + 1 is formed only when B < Z - 1).
 *
 * Return: 0, or -ERANGE when H, S, Z, L or P is zero or P is not a power
 * of two.
 */
static inline int discxfer_formula(const struct discxfer_formula_in *in,
				   struct discxfer_formula_out *out)
{
	u32 p = in->page_size;
	u32 per_page, pages;
	u64 segcap, cap, aligned, unaligned;
	bool single;

	if (!in->max_hw_bytes || !in->max_segments || !in->max_segment_size ||
	    !in->logical_block_size || !p || (p & (p - 1)))
		return -ERANGE;

	/* The largest piece one segment may hold. */
	segcap = in->max_segment_size;
	if (in->seg_boundary_mask && in->seg_boundary_mask < segcap - 1)
		segcap = in->seg_boundary_mask + 1;

	/* Segments per page, then whole pages the segments can carry. */
	if (segcap >= p)
		per_page = 1;
	else	/* segcap < p, so it fits in 32 bits */
		per_page = p / (u32)segcap + (p % (u32)segcap ? 1 : 0);
	pages = in->max_segments / per_page;

	/* Past a page, every page boundary is a gap the queue refuses. */
	if (in->virt_boundary_mask > (u64)p - 1 && pages > 1)
		pages = 1;

	single = pages <= 1;
	if (!single) {
		aligned = (u64)pages * p;
		unaligned = (u64)(pages - 1) * p;
	} else {
		aligned = pages ? p : (u64)in->max_segments * segcap;
		/*
		 * A DMA-aligned buffer that starts at the last aligned offset
		 * of a page is pinned, not copied, and must fit in what is
		 * left of that page.  Any other buffer is copied into fresh
		 * pages, where the page-aligned answer holds: never more.
		 */
		unaligned = discxfer_min_u64((u64)in->alignment_mask + 1,
					     aligned);
	}

	cap = discxfer_min_u64(in->max_hw_bytes, DISCXFER_SG_MAX_BYTES);
	out->page_aligned = (u32)discxfer_min_u64(aligned, cap);
	out->non_page_aligned = (u32)discxfer_min_u64(unaligned, cap);
	out->single_segment = single;
	return 0;
}

#endif /* DISCXFER_FORMULA_H */
