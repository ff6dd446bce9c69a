/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_check.h - the invariant check every libFuzzer harness uses.
 */
#ifndef VSW_FUZZ_CHECK_H
#define VSW_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

/* Abort with a location; libFuzzer saves the input as a crash. */
#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

#endif /* VSW_FUZZ_CHECK_H */
