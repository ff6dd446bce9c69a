/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap-filter.c - what a capture filter costs per frame on the PMD.
 *
 * For each filter, runs the capture hook's filter step the way a PMD does
 * (cap_bpf_match() over bursts of 32 frames, testpmd's 64-byte UDP frame to
 * port 9, in mbufs of a real pool) and prints cycles per frame for the
 * PMDs' form (eBPF over the window, JIT-compiled) and for libpcap's
 * interpreter on the same program, with the TSC rate.
 *
 *   build/bench/cap-filter [FRAMES]        (default 20000000 per filter)
 *
 * Needs no hugepages. Prints "RESULT cap_filter expr=... engine=...
 * cycles_per_frame=... pcap_cycles_per_frame=..." lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_mbuf.h>

#include "cap_bpf.h"
#include "log.h"

#define BURST	32

static volatile uint64_t sink;	/* keeps the loops from being optimized out */

static const uint8_t udp9[60] = {
	0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
	0x45, 0, 0, 46, 0, 0, 0, 0, 64, 17, 0, 0, 198, 18, 0, 1, 198, 18, 0, 2,
	0x04, 0x00, 0x00, 0x09, 0, 26, 0, 0,
};

static const char *const exprs[] = {
	"udp port 9999", "udp port 9", "ip proto 47", "host 10.1.2.3",
	"tcp[tcpflags] & tcp-syn != 0", "vlan 100 and udp port 53",
};

int main(int argc, char **argv)
{
	char *eal[] = { "cap-filter", "--no-huge", "-m", "64", "--no-pci",
			"--no-telemetry", "--log-level=*:error", "--lcores", "0",
			"--file-prefix=vswbench-capf", NULL };
	unsigned long frames = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000000;
	struct rte_mbuf *pkts[BURST];
	struct rte_mempool *mp;
	pcap_t *dead;
	unsigned int e, i;

	if (rte_eal_init((int)(sizeof(eal) / sizeof(eal[0])) - 1, eal) < 0)
		return 1;
	log_init(LOG_LVL_ERR, false);
	mp = rte_pktmbuf_pool_create("capf", 255, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (mp == NULL || dead == NULL || rte_pktmbuf_alloc_bulk(mp, pkts,
								BURST) != 0)
		return 1;
	for (i = 0; i < BURST; i++)
		memcpy(rte_pktmbuf_append(pkts[i], sizeof(udp9)), udp9,
		       sizeof(udp9));
	printf("cap-filter: %lu frames per filter, bursts of %d, TSC %.3f GHz\n",
	       frames, BURST, (double)rte_get_tsc_hz() / 1e9);
	for (e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++) {
		struct bpf_program prog;
		enum cap_bpf_kind kind;
		uint64_t t0, t1, t2, hits = 0;
		struct cap_bpf pf;
		unsigned long n;

		if (pcap_compile(dead, &prog, exprs[e], 1,
				 PCAP_NETMASK_UNKNOWN) != 0)
			return 1;
		kind = cap_bpf_build(&pf, &prog);
		t0 = rte_rdtsc_precise();
		for (n = 0; n < frames; n += BURST)
			for (i = 0; i < BURST; i++)
				hits += cap_bpf_match(&pf, pkts[i]);
		t1 = rte_rdtsc_precise();
		for (n = 0; n < frames; n += BURST)
			for (i = 0; i < BURST; i++)
				hits += bpf_filter(prog.bf_insns,
						   rte_pktmbuf_mtod(pkts[i],
								    u_char *),
						   pkts[i]->pkt_len,
						   pkts[i]->data_len) != 0;
		t2 = rte_rdtsc_precise();
		printf("RESULT cap_filter expr='%s' engine=%s matches=%s "
		       "cycles_per_frame=%.1f pcap_cycles_per_frame=%.1f\n",
		       exprs[e], cap_bpf_kind_name(kind),
		       cap_bpf_match(&pf, pkts[0]) ? "yes" : "no",
		       (double)(t1 - t0) / (double)frames,
		       (double)(t2 - t1) / (double)frames);
		sink += hits;
		cap_bpf_free(&pf);
		pcap_freecode(&prog);
	}
	rte_pktmbuf_free_bulk(pkts, BURST);
	pcap_close(dead);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return 0;
}
