/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cap_bpf.c - unit tests for cap_bpf.c: capture filters as the PMDs
 * run them (DPDK BPF over a window of the frame or over the mbuf,
 * JIT-compiled and interpreted), checked frame by frame against libpcap's
 * own interpreter, bpf_filter(), over crafted frames, every truncation of
 * them and split into two segments anywhere.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <pcap/pcap.h>
#include <rte_mbuf.h>

#include "cap_bpf.h"
#include "test_eal.h"

#define FRAME_MAX	400

static struct rte_mempool *pool;

/* Expressions of the shapes admins use: protocols, hosts, ports, header
 * bytes after a variable-length IPv4 header (the loads relative to X that
 * cap_bpf.c mends), VLANs, IPv6, lengths. */
static const char *const exprs[] = {
	"udp port 9", "udp port 9999", "udp dst port 9 and src port 1024",
	"icmp[0] = 8", "icmp[icmptype] = icmp-echoreply", "icmp[0:2] = 0x0800",
	"tcp[13] & 2 != 0", "tcp[tcpflags] & tcp-syn != 0", "tcp[12] >> 4 = 5",
	"udp[0:4] = 0x04000009", "udp[8:4] = 0x01020304", "udp[1] = 0",
	"ip proto 47", "host 10.0.0.1", "src net 10.0.0.0/8 and dst port 22",
	"vlan 100 and udp port 9", "vlan and udp", "vlan 200",
	"ip6 and tcp dst port 80", "ip6 proto 17", "arp", "not ip",
	"ether dst 00:01:02:03:04:05", "ether broadcast",
	"ip[6:2] & 0x1fff != 0", "ip[0] & 0xf > 5",
	"len > 100", "less 64", "greater 70", "portrange 1000-2000",
	"ip and (udp or tcp) and not port 53", "tcp port 22 or icmp",
	"udp port 53 and ip[0] & 0xf = 6",
	/* arithmetic through M[] and X, no X-relative load */
	"ip[2:2] - ip[0] > 10", "ip[2:2] / ip[8] = 1", "ip[0] * 2 + ip[9] % 7 = 141",
};

/* Programs the window form does not take: loads that may reach past
 * CAP_BPF_WIN, X-relative loads with X from packet data ('ether[len - 1]'
 * on an empty frame loads at 0xffffffff). libpcap's interpreter runs them. */
static const char *const mbuf_exprs[] = {
	"udp[200:2] = 0x0102", "ip[ip[0] & 3] = 0", "ether[len - 1] = 0",
	"ether[150] = 0", "udp port 9 and udp[200] = 1",
	/* a shift by X: libpcap gives 0 from 32 on, x86 shifts by X & 31 */
	"ip[1] << ip[9] = 0",
	/* DPDK 22.11's JIT misplaces its jumps (found by fuzz_cap_bpf: it
	 * crashed on every non-IPv4 frame); cap_bpf_check() catches it */
	"------------------- icmp[10]=7 or ip[0] & 1== 0",
};

struct frame {
	uint8_t d[FRAME_MAX];
	uint16_t len;
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ethernet header (optionally 802.1Q @vid) for @type; returns its length. */
static uint16_t eth(uint8_t *p, uint16_t type, int vid)
{
	static const uint8_t dst[6] = { 0, 1, 2, 3, 4, 5 };
	static const uint8_t src[6] = { 0, 6, 7, 8, 9, 10 };
	uint16_t o = 12;

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	if (vid >= 0) {
		put16(p + 12, 0x8100);
		put16(p + 14, (uint16_t)vid);
		o = 16;
	}
	put16(p + o, type);
	return (uint16_t)(o + 2);
}

/* IPv4 header with @opt_words option words; returns its length. */
static uint16_t ip4(uint8_t *p, uint8_t proto, unsigned int opt_words,
		    uint16_t frag, uint16_t total)
{
	uint16_t hl = (uint16_t)(20 + 4 * opt_words);

	memset(p, 0, hl);
	p[0] = (uint8_t)(0x40 | (5 + opt_words));
	put16(p + 2, total);
	put16(p + 6, frag);
	p[8] = 64;
	p[9] = proto;
	p[12] = 10, p[15] = 1;		/* 10.0.0.1 */
	p[16] = 10, p[19] = 2;		/* 10.0.0.2 */
	if (opt_words != 0)
		p[20] = 1;		/* NOPs */
	return hl;
}

static uint16_t l4(uint8_t *p, uint8_t proto, uint16_t sport, uint16_t dport)
{
	memset(p, 0, 24);
	if (proto == 1) {		/* ICMP echo request/reply: sport = type */
		p[0] = (uint8_t)sport;
		return 8;
	}
	put16(p, sport);
	put16(p + 2, dport);
	if (proto == 6) {
		p[12] = 0x50;
		p[13] = (uint8_t)dport == 22 ? 0x02 : 0x10;	/* SYN to 22 */
		return 20;
	}
	put16(p + 4, 12);
	p[8] = 1, p[9] = 2, p[10] = 3, p[11] = 4;	/* payload */
	return 12;
}

static struct frame v4(int vid, uint8_t proto, unsigned int opts,
		       uint16_t frag, uint16_t sport, uint16_t dport,
		       uint16_t pad)
{
	struct frame f = { .len = 0 };
	uint16_t o = eth(f.d, 0x0800, vid), h = (uint16_t)(20 + 4 * opts);
	uint16_t n = l4(f.d + o + h, proto, sport, dport);

	ip4(f.d + o, proto, opts, frag, (uint16_t)(h + n + pad));
	f.len = (uint16_t)(o + h + n + pad);
	return f;
}

static struct frame v6(uint8_t proto, uint16_t sport, uint16_t dport)
{
	struct frame f = { .len = 0 };
	uint16_t o = eth(f.d, 0x86dd, -1), n;

	memset(f.d + o, 0, 40);
	f.d[o] = 0x60;
	f.d[o + 6] = proto;
	f.d[o + 7] = 64;
	n = l4(f.d + o + 40, proto, sport, dport);
	put16(f.d + o + 4, n);
	f.len = (uint16_t)(o + 40 + n);
	return f;
}

static unsigned int frames(struct frame *f)
{
	unsigned int n = 0;
	struct frame a = { .len = 0 };
	uint16_t o;

	f[n++] = v4(-1, 17, 0, 0, 1024, 9, 18);
	f[n++] = v4(-1, 17, 0, 0, 1500, 9999, 0);
	f[n++] = v4(-1, 17, 1, 0, 5353, 53, 0);		/* IPv4 options */
	f[n++] = v4(-1, 6, 0, 0, 40000, 22, 0);
	f[n++] = v4(-1, 6, 2, 0, 80, 40000, 40);
	f[n++] = v4(-1, 1, 0, 0, 8, 0, 0);		/* echo request */
	f[n++] = v4(-1, 1, 0, 0, 0, 0, 56);		/* echo reply */
	f[n++] = v4(-1, 17, 0, 0x2000, 1024, 9, 0);	/* first fragment */
	f[n++] = v4(-1, 17, 0, 0x0010, 1024, 9, 0);	/* later fragment */
	f[n++] = v4(-1, 47, 0, 0, 0, 0, 20);
	f[n++] = v4(100, 17, 0, 0, 1024, 9, 0);
	f[n++] = v4(200, 6, 0, 0, 40000, 80, 0);
	f[n++] = v6(17, 1024, 9);
	f[n++] = v6(6, 40000, 80);
	o = eth(a.d, 0x0806, -1);			/* ARP request */
	memset(a.d + o, 0, 28);
	put16(a.d + o, 1), put16(a.d + o + 2, 0x0800);
	a.d[o + 4] = 6, a.d[o + 5] = 4, put16(a.d + o + 6, 1);
	memset(a.d, 0xff, 6);
	a.len = (uint16_t)(o + 28);
	f[n++] = a;
	f[n] = v4(-1, 17, 0, 0, 1024, 9, 260);		/* past the window */
	f[n].d[14 + 20 + 200] = 1;
	f[n++].d[14 + 20 + 201] = 2;
	return n;
}

static struct rte_mbuf *mbuf(const uint8_t *d, uint16_t len, uint16_t split)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool), *s;

	assert_non_null(m);
	if (split == 0 || split >= len) {
		memcpy(rte_pktmbuf_append(m, len), d, len);
		return m;
	}
	memcpy(rte_pktmbuf_append(m, split), d, split);
	s = rte_pktmbuf_alloc(pool);
	assert_non_null(s);
	memcpy(rte_pktmbuf_append(s, (uint16_t)(len - split)), d + split,
	       (size_t)(len - split));
	assert_int_equal(rte_pktmbuf_chain(m, s), 0);
	return m;
}

static struct bpf_program compile(const char *expr)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
	struct bpf_program prog;

	assert_non_null(p);
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0)
		fail_msg("'%s': %s", expr, pcap_geterr(p));
	pcap_close(p);
	return prog;
}

static void matches(const char *const *list, unsigned int nl,
		    enum cap_bpf_kind want_kind)
{
	struct frame f[32];
	unsigned int nf = frames(f), e, i, checked = 0;

	for (e = 0; e < nl; e++) {
		const char *const *exprs = list;
		struct bpf_program prog = compile(exprs[e]);
		unsigned int hits = 0, misses = 0;
		struct cap_bpf pf, interp;
		enum cap_bpf_kind kind;

		kind = cap_bpf_build(&pf, &prog);
		if (kind != want_kind)
			fail_msg("'%s' runs as %s", exprs[e],
				 cap_bpf_kind_name(kind));
		assert_true(pf.win == (kind == CAP_BPF_JIT));
		interp = pf;
		interp.jit = NULL;	/* DPDK's interpreter, same program */
		for (i = 0; i < nf; i++) {
			uint16_t len;

			for (len = 0; len <= f[i].len; len++) {
				bool want = bpf_filter(prog.bf_insns, f[i].d, len,
						       len) != 0;
				struct rte_mbuf *m = mbuf(f[i].d, len, 0);

				if (cap_bpf_match(&pf, m) != want ||
				    cap_bpf_match(&interp, m) != want)
					fail_msg("'%s', frame %u cut to %u: "
						 "libpcap %d, jit %d, ebpf %d",
						 exprs[e], i, len, want,
						 cap_bpf_match(&pf, m),
						 cap_bpf_match(&interp, m));
				if (len == f[i].len)
					want ? hits++ : misses++;
				rte_pktmbuf_free(m);
				checked++;
			}
		}
		if (hits == 0 || misses == 0)
			fail_msg("'%s': %u hits, %u misses over the frames",
				 exprs[e], hits, misses);
		cap_bpf_free(&pf);
		assert_null(pf.bpf);
		pcap_freecode(&prog);
	}
	assert_true(checked > 1000);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

/* Every expression, as JIT and as DPDK's interpreter, agrees with
 * bpf_filter() on every frame and every truncation of it; each expression
 * matches some frame and rejects another, so the comparison means
 * something. Header filters run in the window form. */
static void test_matches_libpcap(void **state)
{
	(void)state;
	matches(exprs, sizeof(exprs) / sizeof(exprs[0]), CAP_BPF_JIT);
}

/* The same for the programs left to libpcap's interpreter. */
static void test_interpreted(void **state)
{
	(void)state;
	matches(mbuf_exprs, sizeof(mbuf_exprs) / sizeof(mbuf_exprs[0]),
		CAP_BPF_CBPF);
}

/* The window is filled across segments: a frame split anywhere matches as
 * the whole frame does. */
static void test_segments(void **state)
{
	struct frame f[32];
	unsigned int nf = frames(f), e, i;

	(void)state;
	for (e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++) {
		const char *expr = exprs[e];
		struct bpf_program prog = compile(expr);
		struct cap_bpf pf;

		assert_int_equal(cap_bpf_build(&pf, &prog), CAP_BPF_JIT);
		for (i = 0; i < nf; i++) {
			bool want = bpf_filter(prog.bf_insns, f[i].d, f[i].len,
					       f[i].len) != 0;
			uint16_t split;

			for (split = 1; split < f[i].len; split++) {
				struct rte_mbuf *m = mbuf(f[i].d, f[i].len,
							  split);

				assert_int_equal(m->nb_segs, 2);
				if (cap_bpf_match(&pf, m) != want)
					fail_msg("'%s', frame %u split at %u",
						 expr, i, split);
				rte_pktmbuf_free(m);
			}
		}
		cap_bpf_free(&pf);
		pcap_freecode(&prog);
	}
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

/* Programs the window form does not take (a Linux ancillary-data load
 * far outside the window, a shift by X) run in libpcap's interpreter
 * instead; no program means no filter. */
static void test_fallback_and_none(void **state)
{
	struct bpf_insn ins[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (bpf_u_int32)-0x1000),
		BPF_STMT(BPF_RET | BPF_K, 65535),
	};
	struct bpf_program prog = { .bf_len = 2, .bf_insns = ins };
	struct bpf_program empty = { .bf_len = 0, .bf_insns = NULL };
	struct frame f[32];
	struct rte_mbuf *m;
	struct cap_bpf pf;

	(void)state;
	frames(f);
	m = mbuf(f[0].d, f[0].len, 0);
	assert_int_equal(cap_bpf_build(&pf, &prog), CAP_BPF_CBPF);
	assert_ptr_equal(pf.cbpf, ins);
	assert_true(cap_bpf_active(&pf));
	assert_false(cap_bpf_match(&pf, m));	/* the load is out of bounds */
	cap_bpf_free(&pf);
	assert_false(cap_bpf_active(&pf));
	{	/* A << 32: libpcap gives 0 (no match); x86's shl would give 3 */
		struct bpf_insn sh[] = {
			BPF_STMT(BPF_LD | BPF_IMM, 3),
			BPF_STMT(BPF_LDX | BPF_IMM, 32),
			BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
			BPF_STMT(BPF_RET | BPF_A, 0),
		};
		struct bpf_program shp = { .bf_len = 4, .bf_insns = sh };

		assert_int_equal(cap_bpf_build(&pf, &shp), CAP_BPF_CBPF);
		assert_false(cap_bpf_match(&pf, m));
		cap_bpf_free(&pf);
	}
	assert_int_equal(cap_bpf_build(&pf, &empty), CAP_BPF_NONE);
	assert_false(cap_bpf_active(&pf));
	assert_true(cap_bpf_match(&pf, m));
	assert_int_equal(cap_bpf_build(&pf, NULL), CAP_BPF_NONE);
	assert_string_equal(cap_bpf_kind_name(CAP_BPF_JIT), "jit");
	assert_string_equal(cap_bpf_kind_name(CAP_BPF_CBPF), "libpcap");
	assert_string_equal(cap_bpf_kind_name(CAP_BPF_NONE), "none");
	rte_pktmbuf_free(m);
}

static uint64_t jit_always(void *arg)
{
	(void)arg;
	return 1;
}

static uint64_t jit_crash(void *arg)
{
	(void)arg;
	raise(SIGSEGV);
	return 0;
}

/* cap_bpf_check() passes right code and catches wrong answers and crashes
 * (in its child: this process goes on). */
static void test_check(void **state)
{
	struct bpf_program prog = compile("udp port 9");
	struct cap_bpf pf, fake;

	(void)state;
	assert_int_equal(cap_bpf_build(&pf, &prog), CAP_BPF_JIT);
	assert_true(cap_bpf_check(&pf, &prog));
	fake = pf;
	fake.jit = jit_always;
	assert_false(cap_bpf_check(&fake, &prog));
	fake.jit = jit_crash;
	assert_false(cap_bpf_check(&fake, &prog));
	cap_bpf_free(&pf);
	pcap_freecode(&prog);
}

static int group_setup(void **state)
{
	(void)state;
	return test_eal_start_pool("vswut-cap-bpf", 64, 255, &pool);
}

static int group_teardown(void **state)
{
	(void)state;
	test_eal_stop_pool(pool);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_libpcap),
		cmocka_unit_test(test_interpreted),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_fallback_and_none),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
