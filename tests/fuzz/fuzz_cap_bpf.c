/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_cap_bpf.c - libFuzzer harness for capture filters on guest frames:
 * the PMDs' form of a filter (cap_bpf.c: DPDK BPF, JIT-compiled, with its
 * mends of DPDK 22.11) must agree with libpcap's own interpreter,
 * bpf_filter(), on every frame, and so must DPDK's interpreter.
 *
 * Input layout:
 *   byte 0	bit 7 clear: filter number (bits 0-6, modulo the list below);
 *		bit 7 set: the filter expression follows, up to a NUL byte
 *   byte 1	where the frame is split into two mbuf segments, in 256ths
 *		of its length (0: one segment)
 *   rest	the frame (at most FUZZ_MAX_LEN bytes)
 * A broken invariant calls abort().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "cap_bpf.h"
#include "log.h"
#include "test_eal.h"
#include "fuzz_check.h"

#define FUZZ_MAX_LEN	4000
#define FUZZ_SEG_ROOM	2048
#define FUZZ_EXPR_MAX	256

static const char *const exprs[] = {
	"udp port 9", "udp port 67 or udp port 68", "icmp[0] = 8",
	"icmp[icmptype] = icmp-echoreply", "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn",
	"tcp[12] >> 4 > 5", "udp[8:4] = 0x63825363", "ip proto 47",
	"host 10.0.0.1 and not port 22", "net 192.168.0.0/16", "vlan 100 and udp",
	"vlan and vlan 20", "ip6 and tcp dst port 80", "ip6 proto 58", "arp",
	"ether broadcast", "ether[0] & 1 = 1", "ip[6:2] & 0x1fff != 0",
	"ip[0] & 0xf > 5", "len > 1000", "less 64", "portrange 1000-2000",
	"ip and (udp or tcp) and not port 53", "tcp port 22 or icmp",
	"mpls", "pppoes", "ip multicast", "ip[2:2] > 576",
};

static struct rte_mempool *pool;
static pcap_t *dead;
static struct bpf_program progs[sizeof(exprs) / sizeof(exprs[0])];
static struct cap_bpf filters[sizeof(exprs) / sizeof(exprs[0])];

/**
 * LLVMFuzzerInitialize() - EAL, a pool, and the fixed filters built once
 * @argc:	Unused
 * @argv:	Unused
 *
 * Return: 0
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int i;

	(void)argc;
	(void)argv;
	if (test_eal_start("vswfuzz-capbpf", 64) != 0)
		exit(1);
	log_init(LOG_LVL_ERR, false);
	pool = rte_pktmbuf_pool_create("fuzz_capbpf", 63, 0, 0,
				       FUZZ_SEG_ROOM + RTE_PKTMBUF_HEADROOM,
				       SOCKET_ID_ANY);
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (pool == NULL || dead == NULL)
		exit(1);
	for (i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
		if (pcap_compile(dead, &progs[i], exprs[i], 1,
				 PCAP_NETMASK_UNKNOWN) != 0) {
			fprintf(stderr, "fuzz_cap_bpf: '%s': %s\n", exprs[i],
				pcap_geterr(dead));
			exit(1);
		}
		cap_bpf_build(&filters[i], &progs[i]);
	}
	return 0;
}

/* The frame in one or two segments (NULL: does not fit the pool's mbufs). */
static struct rte_mbuf *frame(const uint8_t *d, size_t len, uint8_t split)
{
	size_t first = split ? len * split / 256 : len;
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool), *s;
	char *p;

	CHECK(m != NULL);
	if (first > FUZZ_SEG_ROOM || len - first > FUZZ_SEG_ROOM) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	p = rte_pktmbuf_append(m, (uint16_t)first);
	CHECK(p != NULL || first == 0);
	if (first != 0)
		memcpy(p, d, first);
	if (first == len)
		return m;
	s = rte_pktmbuf_alloc(pool);
	CHECK(s != NULL);
	p = rte_pktmbuf_append(s, (uint16_t)(len - first));
	CHECK(p != NULL);
	memcpy(p, d + first, len - first);
	CHECK(rte_pktmbuf_chain(m, s) == 0);
	return m;
}

/* Every form of @pf agrees with bpf_filter() on the linear frame. */
static void check(const struct cap_bpf *pf, const struct bpf_program *prog,
		  const uint8_t *d, size_t len, uint8_t split)
{
	struct rte_mbuf *m = frame(d, len, split);
	bool want, got;

	if (m == NULL)
		return;
	want = bpf_filter(prog->bf_insns, d, (u_int)len, (u_int)len) != 0;
	got = cap_bpf_match(pf, m);
	if (pf->cbpf != NULL && m->nb_segs > 1)
		got = want;	/* bpf_filter() form: first segment only */
	CHECK(got == want);
	if (pf->jit != NULL) {
		struct cap_bpf interp = *pf;

		interp.jit = NULL;
		CHECK(cap_bpf_match(&interp, m) == want);
	}
	rte_pktmbuf_free(m);
}

/**
 * LLVMFuzzerTestOneInput() - One frame through one filter
 * @data:	Input (layout above)
 * @size:	Its length
 *
 * Return: 0
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char expr[FUZZ_EXPR_MAX + 1];
	struct bpf_program prog;
	struct cap_bpf pf;
	const uint8_t *nul;
	uint8_t split;
	size_t n;

	if (size < 2)
		return 0;
	if (!(data[0] & 0x80)) {
		n = (data[0] & 0x7f) % (sizeof(exprs) / sizeof(exprs[0]));
		size -= 2;
		check(&filters[n], &progs[n], data + 2, size < FUZZ_MAX_LEN ?
		      size : FUZZ_MAX_LEN, data[1]);
		return 0;
	}
	nul = memchr(data + 1, 0, size - 1);
	if (nul == NULL || (size_t)(nul - data - 1) > FUZZ_EXPR_MAX)
		return 0;
	n = (size_t)(nul - data - 1);
	memcpy(expr, data + 1, n);
	expr[n] = '\0';
	data = nul + 1;
	size -= n + 2;
	if (size < 1 || pcap_compile(dead, &prog, expr, 1,
				     PCAP_NETMASK_UNKNOWN) != 0)
		return 0;
	split = data[0];
	cap_bpf_build(&pf, &prog);
	check(&pf, &prog, data + 1, size - 1 < FUZZ_MAX_LEN ? size - 1 :
	      FUZZ_MAX_LEN, split);
	cap_bpf_free(&pf);
	pcap_freecode(&prog);
	return 0;
}
