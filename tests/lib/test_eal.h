/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_eal.h - start and stop a minimal DPDK EAL for unit tests and fuzzers.
 */
#ifndef VSW_TEST_EAL_H
#define VSW_TEST_EAL_H

struct rte_mempool;

int test_eal_start(const char *prefix, unsigned int mem_mb);
void test_eal_stop(void);
int test_eal_start_pool(const char *prefix, unsigned int mem_mb, unsigned int n,
			struct rte_mempool **pool);
void test_eal_stop_pool(struct rte_mempool *pool);

#endif /* VSW_TEST_EAL_H */
