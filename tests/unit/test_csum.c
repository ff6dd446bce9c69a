/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_csum.c - unit tests for csum.c (finishing offload-partial checksums).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "csum.h"
#include "test_eal.h"

static struct rte_mempool *pool;

static int group_setup(void **state)
{
	(void)state;
	return test_eal_start_pool("vswut-csum", 64, 64, &pool);
}

static int group_teardown(void **state)
{
	(void)state;
	test_eal_stop_pool(pool);
	return 0;
}

/**
 * struct frame - A test frame and where its parts are
 * @m:		mbuf
 * @ip:		IP header
 * @l4:		TCP/UDP header
 * @ck:		Checksum field
 */
struct frame {
	struct rte_mbuf *m;
	void *ip;
	void *l4;
	rte_be16_t *ck;
};

/* An Ethernet [+ 802.1Q] + IPv4/IPv6 + TCP/UDP frame with @plen payload
 * bytes and its checksum left partial (the pseudo-header sum), as a Linux
 * sender with checksum offload hands it over. */
static struct frame make(bool v6, uint8_t proto, bool tagged, uint16_t plen)
{
	struct frame f;
	uint16_t l4h = proto == IPPROTO_TCP ? sizeof(struct rte_tcp_hdr) :
			sizeof(struct rte_udp_hdr);
	uint16_t iph = v6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr);
	uint16_t eth = RTE_ETHER_HDR_LEN + (tagged ? 4 : 0), i;
	uint16_t total = eth + iph + l4h + plen;
	uint8_t *p;

	f.m = rte_pktmbuf_alloc(pool);
	assert_non_null(f.m);
	if (rte_pktmbuf_append(f.m, total) == NULL)
		fail_msg("no room for %u bytes", total);
	p = rte_pktmbuf_mtod(f.m, uint8_t *);
	for (i = 0; i < eth + iph + l4h; i++)
		p[i] = 0;
	for (i = 0; i < plen; i++)
		p[eth + iph + l4h + i] = (uint8_t)(i * 7 + 3);
	memset(p, 0xff, 6);
	p[6] = 0x02;
	p[11] = 0x01;
	if (tagged) {
		p[12] = 0x81;
		p[14] = 0x00;
		p[15] = 10;
	}
	*(rte_be16_t *)(p + eth - 2) = rte_cpu_to_be_16(v6 ? RTE_ETHER_TYPE_IPV6 :
							RTE_ETHER_TYPE_IPV4);
	f.ip = p + eth;
	f.l4 = p + eth + iph;
	if (v6) {
		struct rte_ipv6_hdr *ip = f.ip;

		ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
		ip->payload_len = rte_cpu_to_be_16(l4h + plen);
		ip->proto = proto;
		ip->hop_limits = 64;
		ip->src_addr[0] = 0xfd;
		ip->src_addr[15] = 1;
		ip->dst_addr[0] = 0xfd;
		ip->dst_addr[15] = 2;
	} else {
		struct rte_ipv4_hdr *ip = f.ip;

		ip->version_ihl = 0x45;
		ip->total_length = rte_cpu_to_be_16(iph + l4h + plen);
		ip->time_to_live = 64;
		ip->next_proto_id = proto;
		ip->src_addr = rte_cpu_to_be_32(0x0a4d0001);
		ip->dst_addr = rte_cpu_to_be_32(0x0a4d0065);
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
	if (proto == IPPROTO_TCP) {
		struct rte_tcp_hdr *t = f.l4;

		t->src_port = rte_cpu_to_be_16(5201);
		t->dst_port = rte_cpu_to_be_16(40000);
		t->data_off = 5 << 4;
		t->tcp_flags = RTE_TCP_ACK_FLAG;
		f.ck = (rte_be16_t *)((uint8_t *)t + offsetof(struct rte_tcp_hdr, cksum));
	} else {
		struct rte_udp_hdr *u = f.l4;

		u->src_port = rte_cpu_to_be_16(67);
		u->dst_port = rte_cpu_to_be_16(68);
		u->dgram_len = rte_cpu_to_be_16(l4h + plen);
		f.ck = (rte_be16_t *)((uint8_t *)u +
				      offsetof(struct rte_udp_hdr, dgram_cksum));
	}
	*f.ck = v6 ? rte_ipv6_phdr_cksum(f.ip, 0) : rte_ipv4_phdr_cksum(f.ip, 0);
	return f;
}

/* Whether the checksum field holds the checksum computed from scratch. */
static bool valid(const struct frame *f, bool v6)
{
	rte_be16_t have = *f->ck, want;

	*f->ck = 0;
	want = v6 ? rte_ipv6_udptcp_cksum(f->ip, f->l4) :
		    rte_ipv4_udptcp_cksum(f->ip, f->l4);
	*f->ck = have;
	return have == want;
}

static void test_partial_completed(void **state)
{
	static const struct { bool v6; uint8_t proto; bool tagged; uint16_t plen; } c[] = {
		{ false, IPPROTO_UDP, false, 300 }, { false, IPPROTO_TCP, false, 1448 },
		{ true, IPPROTO_UDP, false, 33 }, { true, IPPROTO_TCP, false, 0 },
		{ false, IPPROTO_UDP, true, 1 }, { true, IPPROTO_TCP, true, 1000 },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct frame f = make(c[i].v6, c[i].proto, c[i].tagged, c[i].plen);

		if (valid(&f, c[i].v6))
			fail_msg("case %u: the partial checksum is already valid", i);
		if (!csum_complete_partial(f.m))
			fail_msg("case %u: not completed", i);
		if (!valid(&f, c[i].v6))
			fail_msg("case %u: checksum still invalid", i);
		/* a complete frame is left alone */
		assert_false(csum_complete_partial(f.m));
		assert_true(valid(&f, c[i].v6));
		rte_pktmbuf_free(f.m);
	}
}

static void test_left_alone(void **state)
{
	struct frame f;
	rte_be16_t before;

	(void)state;
	/* UDP over IPv4 without a checksum (0): stays 0 */
	f = make(false, IPPROTO_UDP, false, 20);
	*f.ck = 0;
	assert_false(csum_complete_partial(f.m));
	assert_int_equal(*f.ck, 0);
	rte_pktmbuf_free(f.m);

	/* a fragment: its checksum covers data it does not have */
	f = make(false, IPPROTO_UDP, false, 64);
	((struct rte_ipv4_hdr *)f.ip)->fragment_offset = RTE_BE16(RTE_IPV4_HDR_MF_FLAG);
	before = *f.ck;
	assert_false(csum_complete_partial(f.m));
	assert_int_equal(*f.ck, before);
	rte_pktmbuf_free(f.m);

	/* IP length beyond the frame (truncated): not touched */
	f = make(false, IPPROTO_TCP, false, 64);
	((struct rte_ipv4_hdr *)f.ip)->total_length = rte_cpu_to_be_16(2000);
	before = *f.ck;
	assert_false(csum_complete_partial(f.m));
	assert_int_equal(*f.ck, before);
	rte_pktmbuf_free(f.m);
	f = make(true, IPPROTO_UDP, false, 64);
	((struct rte_ipv6_hdr *)f.ip)->payload_len = rte_cpu_to_be_16(2000);
	assert_false(csum_complete_partial(f.m));
	rte_pktmbuf_free(f.m);

	/* other protocols: ICMP inside IPv4, and not IP at all */
	f = make(false, IPPROTO_UDP, false, 64);
	((struct rte_ipv4_hdr *)f.ip)->next_proto_id = IPPROTO_ICMP;
	before = *f.ck;
	assert_false(csum_complete_partial(f.m));
	assert_int_equal(*f.ck, before);
	rte_pktmbuf_mtod(f.m, uint8_t *)[12] = 0x08;
	rte_pktmbuf_mtod(f.m, uint8_t *)[13] = 0x06;	/* ARP */
	assert_false(csum_complete_partial(f.m));
	rte_pktmbuf_free(f.m);

	/* a header cut short, and a chained frame */
	f = make(false, IPPROTO_TCP, false, 0);
	rte_pktmbuf_trim(f.m, 30);
	assert_false(csum_complete_partial(f.m));
	rte_pktmbuf_free(f.m);
	f = make(false, IPPROTO_UDP, false, 10);
	f.m->nb_segs = 2;	/* as if chained: only single segments are read */
	assert_false(csum_complete_partial(f.m));
	f.m->nb_segs = 1;
	rte_pktmbuf_free(f.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_completed),
		cmocka_unit_test(test_left_alone),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
