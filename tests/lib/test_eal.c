/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_eal.c - start and stop a minimal DPDK EAL for unit tests and fuzzers.
 *
 * No hugepages, no PCI, no shared config, no telemetry, one lcore pinned to
 * the first CPU this process may use, and a file prefix that ends in the
 * PID, so tests can run in parallel and scripts can clean up after a crash.
 */
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_mbuf.h>

#include "test_eal.h"

/**
 * test_eal_start() - rte_eal_init() with test-friendly arguments
 * @prefix:	File prefix base, e.g. "vswut-fdb"; the PID is appended
 * @mem_mb:	Memory (MB) backed by memfd
 *
 * Return: 0, or -1 (with a message on stderr) if EAL did not start
 */
int test_eal_start(const char *prefix, unsigned int mem_mb)
{
	char pfx[96], lcores[32], mem[16];
	char *argv[] = { "vswitch-test", "--no-huge", "-m", mem, "--no-pci",
			 "--no-shconf", "--no-telemetry", pfx,
			 "--log-level=*:error", "--lcores", lcores, NULL };
	cpu_set_t set;
	int cpu = 0;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, &set))
			cpu++;
	snprintf(lcores, sizeof(lcores), "0@%d", cpu);
	snprintf(mem, sizeof(mem), "%u", mem_mb);
	snprintf(pfx, sizeof(pfx), "--file-prefix=%s%d", prefix, (int)getpid());
	if (rte_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv) < 0) {
		fprintf(stderr, "%s: rte_eal_init failed\n", prefix);
		return -1;
	}
	return 0;
}

/**
 * test_eal_stop() - rte_eal_cleanup() and remove the (empty) runtime dir
 *
 * EAL leaves its runtime directory behind; this removes it too.
 */
void test_eal_stop(void)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	rmdir(dir);
}

/**
 * test_eal_start_pool() - test_eal_start() and one mbuf pool
 * @prefix:	File prefix base (test_eal_start())
 * @mem_mb:	Memory (MB)
 * @n:		Mbufs in the pool (default data room)
 * @pool:	Output: the pool
 *
 * Return: 0, or -1 if EAL did not start or the pool could not be made
 */
int test_eal_start_pool(const char *prefix, unsigned int mem_mb, unsigned int n,
			struct rte_mempool **pool)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	if (test_eal_start(prefix, mem_mb) != 0)
		return -1;
	snprintf(name, sizeof(name), "%.20s_pool", prefix);
	*pool = rte_pktmbuf_pool_create(name, n, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					SOCKET_ID_ANY);
	return *pool == NULL ? -1 : 0;
}

/**
 * test_eal_stop_pool() - Free the pool of test_eal_start_pool(), stop EAL
 * @pool:	The pool (NULL: none)
 */
void test_eal_stop_pool(struct rte_mempool *pool)
{
	rte_mempool_free(pool);
	test_eal_stop();
}
