/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pmd.h - packet-processing threads: poll, switch, transmit.
 */
#ifndef VSW_PMD_H
#define VSW_PMD_H

#include <stdint.h>

#include "switch.h"

/**
 * struct pmd_txq - Frames buffered for one output port during a burst
 * @n:		Frames buffered
 * @pkts:	The frames
 */
struct pmd_txq {
	uint16_t n;
	struct rte_mbuf *pkts[VSW_BURST];
};

/**
 * struct pmd - Per-PMD state, touched only by its own thread
 * @sw:		Switch
 * @idx:	PMD index, also its RCU thread id and stats slot
 * @lcore:	EAL lcore it runs on
 * @n_dirty:	Output ports with buffered frames
 * @dirty:	Their ids
 * @txq:	Output buffers by port id
 * @busy_polls:	Iterations that received frames
 * @idle_polls:	Iterations that received none
 * @sleeps:	Times it went to sleep while idle
 */
struct pmd {
	struct vsw *sw;
	unsigned int idx;
	unsigned int lcore;
	uint16_t n_dirty;
	uint16_t dirty[VSW_MAX_PORTS];
	struct pmd_txq txq[VSW_MAX_PORTS];
	uint64_t busy_polls;
	uint64_t idle_polls;
	uint64_t sleeps;
} __rte_cache_aligned;

int pmd_main(void *arg);
void pmd_process_burst(struct pmd *pmd, const struct dp_tables *t,
		       struct vsw_port *in, struct rte_mbuf **pkts, uint16_t n);
void pmd_flush(struct pmd *pmd, const struct dp_tables *t);
unsigned int pmd_dhcp_tx(struct pmd *pmd, const struct dp_tables *t);

#endif /* VSW_PMD_H */
