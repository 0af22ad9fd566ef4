// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The formula: from a request queue's limits to the two maxima.
 *
 * A buffer that SG_IO pins is cut into at least one segment per page (more
 * when a segment may not span a page), and no more than max_segments of them
 * fit one command; max_hw_sectors bounds the bytes. A buffer that starts on a
 * page boundary covers ceil(len / P) pages; one that starts inside a page can
 * touch one page more. Worst case, no two pages are physically adjacent, so
 * no segments merge. See README.md, "The answer".
 */
#include <errno.h>
#include <stddef.h>

#include "discxfer.h"
#include "formula.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

int discxfer_compute_limits(struct discxfer_limits *l)
{
	uint64_t P, H, segcap, pages, aligned, unaligned;
	uint32_t per_page;

	if (!l || l->size < DX_LIMITS_SIZE_V1)
		return -EINVAL;
	P = l->page_size;
	H = l->max_hw_transfer_bytes;
	if (!P || (P & (P - 1)) || !H || !l->max_segments ||
	    !l->max_segment_size || !l->logical_block_size)
		return -ERANGE;

	/* The largest piece one segment may hold. */
	segcap = l->max_segment_size;
	if ((l->flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN) &&
	    l->seg_boundary_mask < segcap - 1)
		segcap = l->seg_boundary_mask + 1;

	/* Whole pages that max_segments can carry. */
	per_page = segcap >= P ? 1 : (uint32_t)((P + segcap - 1) / segcap);
	pages = l->max_segments / per_page;

	/* Past a page, every page boundary is a gap the queue refuses. */
	if (l->virt_boundary_mask > P - 1 && pages > 1)
		pages = 1;

	l->flags &= ~(uint32_t)DISCXFER_LIMITS_SINGLE_SEGMENT;
	if (pages > 1) {
		aligned = pages * P;
		unaligned = (pages - 1) * P;
	} else {
		l->flags |= DISCXFER_LIMITS_SINGLE_SEGMENT;
		aligned = pages ? P : (uint64_t)l->max_segments * segcap;
		/*
		 * A DMA-aligned buffer that starts at the last aligned offset
		 * of a page is pinned, not copied, and must fit in what is
		 * left of that page. Any other buffer is copied into fresh
		 * pages, where the page-aligned answer holds: never more.
		 */
		unaligned = min_u64((uint64_t)l->alignment_mask + 1, aligned);
	}

	l->max_page_aligned_transfer_bytes =
		dx_sg_cap(min_u64(aligned, H));
	l->max_non_page_aligned_transfer_bytes =
		dx_sg_cap(min_u64(unaligned, H));
	return 0;
}
