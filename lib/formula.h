/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef DISCXFER_FORMULA_H
#define DISCXFER_FORMULA_H

#include <stddef.h>

#include "discxfer.h"

/* The size of the first (0.1) layout of struct discxfer_limits. */
#define DX_LIMITS_SIZE_V1 \
	(offsetof(struct discxfer_limits, max_non_page_aligned_transfer_bytes) + \
	 sizeof(uint32_t))

#endif
