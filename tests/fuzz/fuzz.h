/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared by the libFuzzer harnesses of tests/fuzz: the entry points, a
 * property check that aborts (libFuzzer then keeps the input as a crash
 * artifact), and a reader of the fuzzer's bytes as fixed-size numbers.
 */
#ifndef DISCXFER_FUZZ_H
#define DISCXFER_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define PROPERTY(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: property violated: %s: ",	\
				__FILE__, __LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			abort();						\
		}								\
	} while (0)

/* The fuzzer's bytes, consumed front to back; zeros once they run out. */
struct fuzz_bytes {
	const uint8_t *p;
	size_t n;
};

static inline uint64_t fuzz_take(struct fuzz_bytes *b, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++) {
		uint64_t byte = 0;

		if (b->n) {
			byte = *b->p++;
			b->n--;
		}
		v |= byte << (8 * i);
	}
	return v;
}

#endif
