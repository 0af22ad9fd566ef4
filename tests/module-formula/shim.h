/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What module/discxfer_formula.h takes from the kernel, for user space:
 * the u32/u64 types, bool and ERANGE.  Nothing else: the header is pure.
 */
#ifndef DISCXFER_FORMULA_SHIM_H
#define DISCXFER_FORMULA_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint32_t u32;
typedef uint64_t u64;

#endif
