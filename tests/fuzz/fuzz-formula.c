// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-formula: discxfer_compute_limits() over any inputs, with properties
 * that abort when they break (README, "The answer"):
 *
 * - the error: -EINVAL exactly for a too small ->size, -ERANGE exactly for a
 *   zero page size, hard limit, segment count, segment size or block size,
 *   or a page size that is not a power of two; on error nothing changes;
 * - on success: both answers above 0, never above the hard limit nor
 *   256 MiB - 1; non-page-aligned never above page-aligned; page-aligned a
 *   whole number of pages unless a cap or the single-segment rule decides;
 *   no input field changes, and no flag but DISCXFER_LIMITS_SINGLE_SEGMENT;
 * - monotonic: more segments, a larger hard limit or a larger segment size
 *   never give a smaller answer;
 * - a seg_boundary_mask no tighter than the segment size changes nothing.
 *
 * UB is caught by the build (-fsanitize=undefined, no recovery).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include "fuzz.h"
#include "formula.h"

#define SG_CAP ((uint64_t)256 * 1024 * 1024 - 1)

static uint32_t add32(uint32_t a, uint32_t b)
{
	return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

static uint64_t add64(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static void answers(const struct discxfer_limits *in, uint32_t *aligned, uint32_t *unaligned)
{
	struct discxfer_limits l = *in;

	PROPERTY(discxfer_compute_limits(&l) == 0, "valid inputs refused");
	*aligned = l.max_page_aligned_transfer_bytes;
	*unaligned = l.max_non_page_aligned_transfer_bytes;
}

/* @bigger has one input larger than @l has: no answer may shrink. */
static void monotonic(const struct discxfer_limits *l, const struct discxfer_limits *bigger,
		      const char *what)
{
	uint32_t a, u, a2, u2;

	answers(l, &a, &u);
	answers(bigger, &a2, &u2);
	PROPERTY(a2 >= a && u2 >= u, "more %s: %" PRIu32 "/%" PRIu32 " became %" PRIu32
		 "/%" PRIu32, what, a, u, a2, u2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes b = { data, size };
	struct discxfer_limits l, in, more;
	unsigned int mode = (unsigned int)fuzz_take(&b, 1);
	uint32_t p = (uint32_t)fuzz_take(&b, 4), a, u;
	uint64_t hard, cap;
	bool valid;
	int r;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	if (mode & 1)	/* now and then a size the library must refuse */
		l.size = (uint32_t)fuzz_take(&b, 4) % (sizeof(l) + 8);
	/* Mostly a power of two, so that the formula runs. */
	l.page_size = mode & 2 ? p : 1u << (p % 32);
	l.max_hw_transfer_bytes = fuzz_take(&b, 8);
	l.max_segments = (uint32_t)fuzz_take(&b, 4);
	l.max_segment_size = (uint32_t)fuzz_take(&b, 4);
	l.seg_boundary_mask = fuzz_take(&b, 8);
	l.virt_boundary_mask = fuzz_take(&b, 8);
	l.alignment_mask = (uint32_t)fuzz_take(&b, 4);
	l.logical_block_size = (uint32_t)fuzz_take(&b, 4);
	l.flags = (uint32_t)fuzz_take(&b, 1);	/* SEG_BOUNDARY_KNOWN and the others */
	l.source = (uint32_t)fuzz_take(&b, 1);
	in = l;

	r = discxfer_compute_limits(&l);
	if (in.size < DX_LIMITS_SIZE_V1) {
		PROPERTY(r == -EINVAL && !memcmp(&l, &in, sizeof(l)), "size %" PRIu32 ": %d",
			 in.size, r);
		return 0;
	}
	valid = in.page_size && !(in.page_size & (in.page_size - 1)) &&
		in.max_hw_transfer_bytes && in.max_segments && in.max_segment_size &&
		in.logical_block_size;
	PROPERTY(r == (valid ? 0 : -ERANGE), "returned %d for %s inputs", r,
		 valid ? "valid" : "invalid");
	if (r) {
		PROPERTY(!memcmp(&l, &in, sizeof(l)), "changed on error");
		return 0;
	}

	a = l.max_page_aligned_transfer_bytes;
	u = l.max_non_page_aligned_transfer_bytes;
	hard = in.max_hw_transfer_bytes;
	cap = hard < SG_CAP ? hard : SG_CAP;
	PROPERTY(a > 0 && u > 0, "a zero answer: %" PRIu32 "/%" PRIu32, a, u);
	PROPERTY(a <= cap && u <= cap, "%" PRIu32 "/%" PRIu32 " above min(hard limit %" PRIu64
		 ", 256 MiB - 1)", a, u, hard);
	PROPERTY(u <= a, "non-page-aligned %" PRIu32 " above page-aligned %" PRIu32, u, a);
	PROPERTY(a == cap || a % in.page_size == 0 ||
		 (l.flags & DISCXFER_LIMITS_SINGLE_SEGMENT),
		 "page-aligned %" PRIu32 " is no whole number of %" PRIu32 "-byte pages",
		 a, in.page_size);
	more = l;
	more.flags = in.flags;
	more.max_page_aligned_transfer_bytes = in.max_page_aligned_transfer_bytes;
	more.max_non_page_aligned_transfer_bytes = in.max_non_page_aligned_transfer_bytes;
	PROPERTY(!memcmp(&more, &in, sizeof(in)), "an input field changed");
	PROPERTY((l.flags & ~(uint32_t)DISCXFER_LIMITS_SINGLE_SEGMENT) ==
		 (in.flags & ~(uint32_t)DISCXFER_LIMITS_SINGLE_SEGMENT), "flags changed");

	more = in;
	more.max_segments = add32(in.max_segments, (uint32_t)fuzz_take(&b, 4));
	monotonic(&in, &more, "segments");
	more = in;
	more.max_hw_transfer_bytes = add64(in.max_hw_transfer_bytes, fuzz_take(&b, 8));
	monotonic(&in, &more, "hard limit");
	more = in;
	more.max_segment_size = add32(in.max_segment_size, (uint32_t)fuzz_take(&b, 4));
	monotonic(&in, &more, "segment size");

	if (in.flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN &&
	    in.seg_boundary_mask >= (uint64_t)in.max_segment_size - 1) {
		uint32_t a2, u2;

		more = in;
		more.flags &= ~(uint32_t)DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN;
		answers(&more, &a2, &u2);
		PROPERTY(a2 == a && u2 == u, "a loose seg_boundary_mask 0x%" PRIx64
			 " changes the answer", in.seg_boundary_mask);
	}
	return 0;
}
