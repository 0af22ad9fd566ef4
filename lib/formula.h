/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef DISCXFER_FORMULA_H
#define DISCXFER_FORMULA_H

#include <stddef.h>
#include <stdint.h>

#include "discxfer.h"

/* /dev/sgN refuses dxfer_len >= 256 MiB (sg_common_write). */
#define DX_SG_MAX_BYTES ((uint64_t)256 * 1024 * 1024 - 1)

/* A byte count within what one command on /dev/sgN may carry. */
static inline uint32_t dx_sg_cap(uint64_t bytes)
{
	return (uint32_t)(bytes < DX_SG_MAX_BYTES ? bytes : DX_SG_MAX_BYTES);
}

/* The size of the first (0.1) layout of struct discxfer_limits. */
#define DX_LIMITS_SIZE_V1 \
	(offsetof(struct discxfer_limits, max_non_page_aligned_transfer_bytes) + \
	 sizeof(uint32_t))

#endif
