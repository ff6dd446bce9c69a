/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_pmd.c - unit tests for the packet path of vswitch/pmd.c: learning,
 * flooding, unicast forwarding, network isolation, every drop reason, the
 * counters, and that no mbuf ever leaks.
 *
 * Each test builds a switch by hand: a real mempool and FDB on a minimal EAL
 * (no hugepages), fake ports whose tx records what it is given, and tables
 * with two networks: net 0 = ports 0-3, net 1 = ports 4-5, net 2 = port 6.
 * The DHCP hand-off is tested with real rings and no service thread: the
 * test plays the service (reads what was punted, queues replies).
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "capture.h"
#include "dhcp_svc.h"
#include "fdb.h"
#include "log.h"
#include "pmd.h"
#include "test_eal.h"
#include "switch.h"

#define N_PORTS		7
#define POOL_SIZE	1023
#define MAX_SEEN	256

/**
 * struct seen - One frame a fake port transmitted
 * @dst:	Destination MAC
 * @src:	Source MAC
 * @len:	pkt_len
 * @head:	Its first bytes (across segments), for VLAN tags
 */
struct seen {
	uint8_t dst[6];
	uint8_t src[6];
	uint32_t len;
	uint8_t head[24];
};

/**
 * struct fake - State of a fake port backend
 * @link:	What link_up() says
 * @accept:	Frames tx() still takes before it reports a full ring; -1: all
 * @n:		Frames taken
 * @frames:	The first MAX_SEEN of them
 */
struct fake {
	bool link;
	int accept;
	unsigned int n;
	struct seen frames[MAX_SEEN];
};

static struct rte_mempool *pool;
static struct vsw sw;
static struct dp_tables tables;
static struct vsw_port ports[N_PORTS];
static struct fake fakes[N_PORTS];
static struct pmd *pmd;

/* Fake tx: record and free what it takes, up to fake->accept frames. */
static uint16_t
fake_tx(struct vsw_port *port, struct rte_mbuf **pkts, uint16_t n)
{
	struct fake *f = port->priv;
	uint16_t take = n, i;

	if (f->accept >= 0 && take > f->accept)
		take = (uint16_t)f->accept;
	if (f->accept >= 0)
		f->accept -= take;
	for (i = 0; i < take; i++) {
		const struct rte_ether_hdr *eth =
			rte_pktmbuf_mtod(pkts[i], const struct rte_ether_hdr *);

		if (f->n < MAX_SEEN) {
			struct seen *sn = &f->frames[f->n];
			uint32_t hl = pkts[i]->pkt_len < sizeof(sn->head) ?
				      pkts[i]->pkt_len : sizeof(sn->head);
			const void *h;

			memset(sn->head, 0, sizeof(sn->head));
			h = rte_pktmbuf_read(pkts[i], 0, hl, sn->head);
			if (h == NULL)
				memset(sn->head, 0xee, sizeof(sn->head));
			else if (h != sn->head)
				memcpy(sn->head, h, hl);
			memcpy(sn->dst, eth->dst_addr.addr_bytes, 6);
			memcpy(sn->src, eth->src_addr.addr_bytes, 6);
			sn->len = pkts[i]->pkt_len;
		}
		f->n++;
		rte_pktmbuf_free(pkts[i]);
	}
	return take;
}

static uint16_t
fake_rx(struct vsw_port *port, struct rte_mbuf **pkts, uint16_t n)
{
	(void)port;
	(void)pkts;
	(void)n;
	return 0;
}

static bool
fake_link_up(const struct vsw_port *port)
{
	return ((const struct fake *)port->priv)->link;
}

static const struct port_ops fake_ops = {
	.rx = fake_rx,
	.tx = fake_tx,
	.link_up = fake_link_up,
};

static int
eal_setup(void **state)
{
	(void)state;
	if (test_eal_start("vswut-pmd", 128) != 0)
		return -1;
	log_init(LOG_LVL_ERR, false);	/* expected MAC limit warnings */
	/* no per-lcore cache: the in-use count is exact */
	pool = rte_pktmbuf_pool_create("ut_pmd_pool", POOL_SIZE, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (pool == NULL) {
		fprintf(stderr, "rte_pktmbuf_pool_create failed\n");
		return -1;
	}
	return 0;
}

static int
eal_teardown(void **state)
{
	(void)state;
	rte_mempool_free(pool);
	test_eal_stop();
	return 0;
}

/**
 * sw_setup() - A fresh switch, FDB, PMD and topology for one test
 * @state:	Unused
 *
 * Return: 0, or -1 on failure
 */
static int
sw_setup(void **state)
{
	static unsigned int seq;
	static const uint16_t net_of[N_PORTS] = { 0, 0, 0, 0, 1, 1, 2 };
	char name[32];
	size_t sz;
	int i;

	(void)state;
	memset(&sw, 0, sizeof(sw));
	memset(&tables, 0, sizeof(tables));
	memset(ports, 0, sizeof(ports));
	memset(fakes, 0, sizeof(fakes));
	sw.pool = pool;
	sw.now = 100;
	snprintf(name, sizeof(name), "ut_pmd_fdb_%u", seq++);
	sw.fdb = fdb_create(name, 4096, SOCKET_ID_ANY, NULL);
	sz = rte_rcu_qsbr_get_memsize(1);
	sw.qsv = rte_zmalloc("ut_qsv", sz, RTE_CACHE_LINE_SIZE);
	pmd = rte_zmalloc("ut_pmd", sizeof(*pmd), RTE_CACHE_LINE_SIZE);
	if (sw.fdb == NULL || sw.qsv == NULL || pmd == NULL ||
	    rte_rcu_qsbr_init(sw.qsv, 1) != 0)
		return -1;
	sw.n_pmds = 1;
	sw.tables = &tables;
	pmd->sw = &sw;
	pmd->idx = 3;	/* any slot: tests read the per-PMD sums */

	for (i = 0; i < N_PORTS; i++) {
		struct vsw_port *p = &ports[i];

		snprintf(p->conf.name, sizeof(p->conf.name), "p%d", i);
		p->id = (uint16_t)i;
		p->net_id = net_of[i];
		p->nets[net_of[i] / 64] = 1ull << (net_of[i] % 64);
		tables.pv[i].net = net_of[i];
		tables.pv[i].nets[net_of[i] / 64] = 1ull << (net_of[i] % 64);
		p->ops = &fake_ops;
		p->priv = &fakes[i];
		p->conf.mode = -1;
		p->conf.mac_limit = 1024;
		fakes[i].link = true;
		fakes[i].accept = -1;
		tables.ports[i] = p;
		tables.members[i] = (uint16_t)i;
		sw.ports[i] = p;
	}
	tables.net_first[0] = 0;
	tables.net_count[0] = 4;
	tables.net_first[1] = 4;
	tables.net_count[1] = 2;
	tables.net_first[2] = 6;
	tables.net_count[2] = 1;
	for (i = 3; i < VSW_MAX_NETS; i++)
		tables.net_first[i] = N_PORTS;
	for (i = 0; i < VSW_VID_COUNT; i++)
		tables.vid_net[i] = VSW_NET_NONE;
	for (i = 0; i < VSW_MAX_NETS; i++)
		tables.net_maxlen[i] = 1500 + 14;	/* MTU 1500 */
	return 0;
}

static int
sw_teardown(void **state)
{
	unsigned int in_use;
	struct rte_mbuf *m;

	(void)state;
	while (sw.dhcp_rx != NULL && rte_ring_dequeue(sw.dhcp_rx, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	while (sw.dhcp_tx != NULL && rte_ring_dequeue(sw.dhcp_tx, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	rte_ring_free(sw.dhcp_rx);
	rte_ring_free(sw.dhcp_tx);
	in_use = rte_mempool_in_use_count(pool);
	fdb_free(sw.fdb);
	rte_free(sw.qsv);
	rte_free(pmd);
	if (in_use != 0) {
		fprintf(stderr, "%u mbufs leaked\n", in_use);
		return -1;
	}
	return 0;
}

/**
 * mac_n() - A locally administered unicast MAC
 * @n:		Last byte
 * @mac:	Output
 */
static void
mac_n(uint8_t n, uint8_t mac[6])
{
	static const uint8_t base[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x00 };

	memcpy(mac, base, 6);
	mac[5] = n;
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MCAST4[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const uint8_t MCAST6[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t ZERO[6] = { 0 };

/**
 * frame() - Build an Ethernet frame in a fresh mbuf
 * @dst:	Destination MAC
 * @src:	Source MAC
 * @len:	Frame length; below 14 only part of the header is written
 *
 * Return: the mbuf
 */
static struct rte_mbuf *
frame(const uint8_t *dst, const uint8_t *src, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t hdr[14], *p;

	assert_non_null(m);
	memcpy(hdr, dst, 6);
	memcpy(hdr + 6, src, 6);
	hdr[12] = 0x08;
	hdr[13] = 0x00;
	p = (uint8_t *)rte_pktmbuf_append(m, len);
	if (len > 0)
		assert_non_null(p);
	memset(p, 0x5a, len);
	memcpy(p, hdr, len < 14 ? len : 14);
	return m;
}

/**
 * uframe() - frame() with numbered MACs
 * @dst:	Destination MAC number
 * @src:	Source MAC number
 * @len:	Frame length
 *
 * Return: the mbuf
 */
static struct rte_mbuf *
uframe(uint8_t dst, uint8_t src, uint16_t len)
{
	uint8_t d[6], s[6];

	mac_n(dst, d);
	mac_n(src, s);
	return frame(d, s, len);
}

/**
 * send_burst() - Switch one burst received on a port, then flush
 * @in:		Ingress port
 * @pkts:	Frames
 * @n:		Number of frames
 */
static void
send_burst(unsigned int in, struct rte_mbuf **pkts, uint16_t n)
{
	pmd_process_burst(pmd, &tables, &ports[in], pkts, n);
	pmd_flush(pmd, &tables);
}

/**
 * send1() - Switch a single frame
 * @in:		Ingress port
 * @m:		Frame
 */
static void
send1(unsigned int in, struct rte_mbuf *m)
{
	send_burst(in, &m, 1);
}

/* Forget what the fake ports saw (counters are kept). */
static void
reset_seen(void)
{
	int i;

	for (i = 0; i < N_PORTS; i++)
		fakes[i].n = 0;
}

/**
 * got() - Frames port @i transmitted since the last reset_seen()
 * @i:		Port
 *
 * Return: count
 */
static unsigned int
got(unsigned int i)
{
	return fakes[i].n;
}

static struct port_stats
stats(unsigned int i)
{
	struct port_stats s;

	port_stats_sum(&ports[i], &s);
	return s;
}

static uint64_t
drops(unsigned int i, enum drop_reason r)
{
	return stats(i).drops[r];
}

/**
 * total_drops() - Drops of every reason on every port
 *
 * Return: sum
 */
static uint64_t
total_drops(void)
{
	uint64_t n = 0;
	int i, r;

	for (i = 0; i < N_PORTS; i++)
		for (r = 0; r < DROP_MAX; r++)
			n += drops((unsigned int)i, (enum drop_reason)r);
	return n;
}

static uint16_t
where(uint16_t net, uint8_t n)
{
	uint8_t mac[6];

	mac_n(n, mac);
	return fdb_lookup(sw.fdb, fdb_key(net, mac));
}

static void
no_leak(void)
{
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

static void
test_learn_src(void **state)
{
	(void)state;
	assert_int_equal(where(0, 0xa), FDB_NO_PORT);
	send1(0, frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa }, 64));
	assert_int_equal(where(0, 0xa), 0);
	send1(2, uframe(0xa, 0xb, 64));
	assert_int_equal(where(0, 0xb), 2);
	/* the same MAC in net 1 is a different entry */
	send1(4, uframe(0xee, 0xa, 64));
	assert_int_equal(where(1, 0xa), 4);
	assert_int_equal(where(0, 0xa), 0);
	assert_int_equal(sw.fdb->net_count[0], 2);
	assert_int_equal(sw.fdb->net_count[1], 1);
	/* it moves when it shows up on another port */
	send1(3, uframe(0xee, 0xa, 64));
	assert_int_equal(where(0, 0xa), 3);
	assert_int_equal(sw.fdb->net_moves[0], 1);
	assert_int_equal(total_drops(), 0);
	no_leak();
}

static void
check_flooded(unsigned int in, const uint8_t *dst, const uint8_t *src)
{
	unsigned int i;

	for (i = 0; i < N_PORTS; i++) {
		bool want = ports[i].net_id == ports[in].net_id && i != in;

		if (got(i) != (want ? 1u : 0u))
			fail_msg("port %u got %u frames, expected %u", i, got(i),
				 want ? 1 : 0);
		if (want) {
			assert_memory_equal(fakes[i].frames[0].dst, dst, 6);
			assert_memory_equal(fakes[i].frames[0].src, src, 6);
		}
	}
}

static int
ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;

	return x < y ? -1 : x > y;
}

/*
 * pool_sound() - Every mbuf can be taken out of the pool exactly once: a
 * double free puts an mbuf in twice, which rte_mempool_in_use_count() (capped
 * at the pool size) cannot see.
 */
static void
pool_sound(void)
{
	unsigned int cap = pool->size + 64, n = 0, i;
	struct rte_mbuf **all = calloc(cap, sizeof(*all));

	assert_non_null(all);
	while (n < cap && (all[n] = rte_pktmbuf_alloc(pool)) != NULL)
		n++;
	qsort(all, n, sizeof(*all), ptr_cmp);
	for (i = 1; i < n; i++)
		if (all[i] == all[i - 1])
			fail_msg("mbuf %p is in the pool twice (double free)",
				 (void *)all[i]);
	assert_int_equal(n, pool->size);
	for (i = 0; i < n; i++)
		rte_pktmbuf_free(all[i]);
	free(all);
}

/*
 * A two-segment frame (as rte_vhost dequeues a jumbo frame) flooded to three
 * ports: each segment must carry one reference per destination, or the first
 * free releases the tail while other ports still hold the frame.
 */
static void
test_flood_chained(void **state)
{
	struct rte_mbuf *m, *tail;
	uint8_t a[6];
	int i;

	(void)state;
	mac_n(0xa, a);
	m = frame(BCAST, a, 100);
	tail = rte_pktmbuf_alloc(pool);
	assert_non_null(tail);
	assert_non_null(rte_pktmbuf_append(tail, 1000));
	assert_int_equal(rte_pktmbuf_chain(m, tail), 0);
	send1(0, m);
	for (i = 1; i < 4; i++) {
		assert_int_equal(got((unsigned int)i), 1);
		assert_int_equal(fakes[i].frames[0].len, 1100);
	}
	assert_int_equal(total_drops(), 0);
	no_leak();
	pool_sound();
}

static void
test_flood_broadcast(void **state)
{
	uint8_t a[6];

	(void)state;
	mac_n(0xa, a);
	send1(1, frame(BCAST, a, 100));
	check_flooded(1, BCAST, a);
	reset_seen();
	/* from net 1: only the other port of net 1 */
	send1(5, frame(BCAST, a, 100));
	check_flooded(5, BCAST, a);
	reset_seen();
	/* alone in net 2: nobody gets it, nothing leaks */
	send1(6, frame(BCAST, a, 100));
	check_flooded(6, BCAST, a);
	assert_int_equal(stats(6).rx_packets, 1);
	assert_int_equal(total_drops(), 0);
	no_leak();
}

static void
test_flood_multicast(void **state)
{
	uint8_t a[6];

	(void)state;
	mac_n(0xa, a);
	send1(0, frame(MCAST4, a, 60));
	check_flooded(0, MCAST4, a);
	reset_seen();
	send1(3, frame(MCAST6, a, 60));
	check_flooded(3, MCAST6, a);
	no_leak();
}

static void
test_flood_unknown_unicast(void **state)
{
	uint8_t a[6], b[6];

	(void)state;
	mac_n(0xa, a);
	mac_n(0xb, b);
	send1(2, frame(b, a, 60));
	check_flooded(2, b, a);
	reset_seen();
	/* known only in another network: still unknown here */
	send1(4, uframe(0xff, 0xc, 60));
	reset_seen();
	send1(0, uframe(0xc, 0xa, 60));
	check_flooded(0, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xc }, a);
	no_leak();
}

static void
test_known_unicast(void **state)
{
	unsigned int i;

	(void)state;
	send1(2, frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xb }, 60));
	reset_seen();
	send1(0, uframe(0xb, 0xa, 70));
	for (i = 0; i < N_PORTS; i++)
		assert_int_equal(got(i), i == 2 ? 1 : 0);
	assert_int_equal(fakes[2].frames[0].len, 70);
	/* and the reply goes back to exactly port 0 */
	reset_seen();
	send1(2, uframe(0xa, 0xb, 80));
	for (i = 0; i < N_PORTS; i++)
		assert_int_equal(got(i), i == 0 ? 1 : 0);
	/* after a move, unicast follows the MAC */
	send1(3, uframe(0xa, 0xb, 80));
	reset_seen();
	send1(0, uframe(0xb, 0xa, 70));
	for (i = 0; i < N_PORTS; i++)
		assert_int_equal(got(i), i == 3 ? 1 : 0);
	assert_int_equal(total_drops(), 0);
	no_leak();
}

static void
test_networks_isolated(void **state)
{
	struct rte_mbuf *pkts[8];
	unsigned int i;

	(void)state;
	/* B lives on port 4 (net 1) */
	send1(4, uframe(0xff, 0xb, 60));
	reset_seen();
	/* net 0 frames of every kind never reach net 1 or 2 */
	pkts[0] = uframe(0xb, 0xa, 60);
	pkts[1] = frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa }, 60);
	pkts[2] = frame(MCAST4, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa }, 60);
	pkts[3] = uframe(0x77, 0xa, 60);
	send_burst(1, pkts, 4);
	for (i = 4; i < N_PORTS; i++)
		assert_int_equal(got(i), 0);
	assert_int_equal(got(1), 0);
	for (i = 0; i < 4; i++)
		if (i != 1)
			assert_int_equal(got(i), 4);
	/* and the other way round */
	reset_seen();
	pkts[0] = uframe(0xa, 0xb, 60);	/* A is known in net 0 only */
	pkts[1] = frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xb }, 60);
	send_burst(4, pkts, 2);
	for (i = 0; i < N_PORTS; i++)
		assert_int_equal(got(i), i == 5 ? 2 : 0);
	no_leak();
}

static void
test_runt(void **state)
{
	struct rte_mbuf *pkts[4];
	unsigned int i;

	(void)state;
	pkts[0] = uframe(0xb, 0xa, 13);
	pkts[1] = uframe(0xb, 0xa, 0);
	pkts[2] = uframe(0xb, 0xa, 1);
	pkts[3] = uframe(0xb, 0xc, 14);	/* a bare header is fine */
	send_burst(0, pkts, 4);
	assert_int_equal(drops(0, DROP_RUNT), 3);
	assert_int_equal(total_drops(), 3);
	assert_int_equal(stats(0).rx_packets, 4);
	assert_int_equal(stats(0).rx_bytes, 13 + 0 + 1 + 14);
	for (i = 1; i < 4; i++) {
		assert_int_equal(got(i), 1);
		assert_int_equal(fakes[i].frames[0].len, 14);
	}
	/* a runt teaches nothing */
	assert_int_equal(where(0, 0xa), FDB_NO_PORT);
	assert_int_equal(where(0, 0xc), 0);
	no_leak();
}

static void
test_bad_src(void **state)
{
	struct rte_mbuf *pkts[5];
	unsigned int i;

	(void)state;
	pkts[0] = frame(BCAST, BCAST, 60);
	pkts[1] = frame(BCAST, MCAST4, 60);
	pkts[2] = frame(BCAST, ZERO, 60);
	pkts[3] = frame((uint8_t[6]){ 2, 0, 0, 0, 0, 1 },
			(uint8_t[6]){ 0x03, 0, 0, 0, 0, 1 }, 60);	/* group bit */
	pkts[4] = frame(BCAST, MCAST6, 60);
	send_burst(1, pkts, 5);
	assert_int_equal(drops(1, DROP_BAD_SRC), 5);
	assert_int_equal(total_drops(), 5);
	for (i = 0; i < N_PORTS; i++)
		assert_int_equal(got(i), 0);
	assert_int_equal(sw.fdb->net_count[0], 0);
	assert_int_equal(stats(1).rx_packets, 5);
	no_leak();
}

static void
test_hairpin(void **state)
{
	unsigned int i;

	(void)state;
	send1(1, uframe(0xff, 0xb, 60));
	reset_seen();
	/* A on port 1 sends to B, which lives on port 1 */
	send1(1, uframe(0xb, 0xa, 60));
	assert_int_equal(drops(1, DROP_HAIRPIN), 1);
	assert_int_equal(total_drops(), 1);
	for (i = 0; i < N_PORTS; i++)
		assert_int_equal(got(i), 0);
	/* the source was still learned */
	assert_int_equal(where(0, 0xa), 1);
	no_leak();
}

static void
test_no_port(void **state)
{
	uint8_t x[6];

	(void)state;
	/* an entry for a port that is gone from the tables */
	mac_n(0x99, x);
	tables.ports[3] = NULL;		/* as if port 3 had been deleted */
	tables.net_count[0] = 3;
	assert_int_equal(fdb_add_static(sw.fdb, fdb_key(0, x), 3), 0);
	send1(0, uframe(0x99, 0xa, 60));
	assert_int_equal(drops(0, DROP_NO_PORT), 1);
	assert_int_equal(total_drops(), 1);
	assert_int_equal(got(1) + got(2) + got(3), 0);
	/* the source was learned, and floods skip the missing port */
	assert_int_equal(where(0, 0xa), 0);
	send1(1, frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xb }, 60));
	assert_int_equal(got(0), 1);
	assert_int_equal(got(2), 1);
	assert_int_equal(got(3), 0);
	no_leak();
}

static void
test_mac_limit(void **state)
{
	struct rte_mbuf *pkts[5];
	unsigned int i;

	(void)state;
	fdb_port_config(sw.fdb, 0, 2);
	ports[0].conf.mac_limit = 2;
	send1(0, uframe(0x01, 0xa, 60));
	send1(0, uframe(0x01, 0xb, 60));
	assert_int_equal(got(1), 2);
	reset_seen();
	/* at the limit: known MACs pass, new ones are dropped */
	pkts[0] = uframe(0x01, 0xa, 60);
	pkts[1] = uframe(0x01, 0xc, 60);
	pkts[2] = uframe(0x01, 0xb, 60);
	pkts[3] = uframe(0x01, 0xd, 60);
	pkts[4] = uframe(0x01, 0xa, 60);
	send_burst(0, pkts, 5);
	assert_int_equal(drops(0, DROP_MAC_LIMIT), 2);
	assert_int_equal(total_drops(), 2);
	for (i = 1; i < 4; i++)
		assert_int_equal(got(i), 3);
	assert_int_equal(fakes[1].frames[1].src[5], 0xb);
	assert_int_equal(where(0, 0xa), 0);
	assert_int_equal(where(0, 0xb), 0);
	assert_int_equal(where(0, 0xc), FDB_NO_PORT);
	assert_int_equal(where(0, 0xd), FDB_NO_PORT);
	assert_int_equal(sw.fdb->port_count[0], 2);
	/* known MACs keep working in later bursts, new ones keep failing */
	reset_seen();
	send1(0, uframe(0x01, 0xb, 60));
	send1(0, uframe(0x01, 0xc, 60));
	assert_int_equal(got(1), 1);
	assert_int_equal(drops(0, DROP_MAC_LIMIT), 3);
	/* other ports are not limited */
	send1(1, uframe(0x01, 0xc, 60));
	assert_int_equal(where(0, 0xc), 1);
	/* the network cap counts too */
	fdb_net_config(sw.fdb, 1, 300, 1);
	send1(4, uframe(0x01, 0xa, 60));
	send1(5, uframe(0x01, 0xb, 60));
	assert_int_equal(drops(5, DROP_MAC_LIMIT), 1);
	assert_int_equal(where(1, 0xb), FDB_NO_PORT);
	no_leak();
}

static void
test_mac_limit_same_new_mac_twice(void **state)
{
	struct rte_mbuf *pkts[6];

	(void)state;
	/* Limit 3, three new MACs in one burst, two of them more than once
	 * (back to back and further apart): every frame comes from a MAC
	 * within the limit and must be delivered. */
	fdb_port_config(sw.fdb, 0, 3);
	ports[0].conf.mac_limit = 3;
	pkts[0] = uframe(0x01, 0xa, 60);
	pkts[1] = uframe(0x01, 0xb, 60);
	pkts[2] = uframe(0x01, 0xc, 60);
	pkts[3] = uframe(0x01, 0xc, 60);
	pkts[4] = uframe(0x01, 0xb, 60);
	pkts[5] = uframe(0x01, 0xa, 60);
	send_burst(0, pkts, 6);
	assert_int_equal(where(0, 0xa), 0);
	assert_int_equal(where(0, 0xb), 0);
	assert_int_equal(where(0, 0xc), 0);
	assert_int_equal(drops(0, DROP_MAC_LIMIT), 0);
	assert_int_equal(got(1), 6);
	no_leak();
}

static void
test_tx_full(void **state)
{
	struct rte_mbuf *pkts[3];

	(void)state;
	/* port 1's ring is full */
	fakes[1].accept = 0;
	send1(0, frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa }, 100));
	assert_int_equal(got(1), 0);
	assert_int_equal(got(2), 1);
	assert_int_equal(got(3), 1);
	assert_int_equal(drops(1, DROP_TX_FULL), 1);
	assert_int_equal(drops(0, DROP_TX_FULL), 0);	/* egress, not ingress */
	assert_int_equal(total_drops(), 1);
	assert_int_equal(stats(1).tx_packets, 0);
	assert_int_equal(stats(1).tx_bytes, 0);
	assert_int_equal(stats(2).tx_packets, 1);
	no_leak();

	/* port 2 takes one frame of three */
	reset_seen();
	fakes[1].accept = -1;
	fakes[2].accept = 1;
	pkts[0] = uframe(0xb, 0xa, 100);
	pkts[1] = uframe(0xb, 0xa, 200);
	pkts[2] = uframe(0xb, 0xa, 300);
	send_burst(0, pkts, 3);
	assert_int_equal(got(2), 1);
	assert_int_equal(fakes[2].frames[0].len, 100);
	assert_int_equal(drops(2, DROP_TX_FULL), 2);
	assert_int_equal(stats(2).tx_packets, 2);
	assert_int_equal(stats(2).tx_bytes, 100 + 100);
	assert_int_equal(stats(1).tx_packets, 3);
	assert_int_equal(stats(1).tx_bytes, 600);
	no_leak();
}

static void
test_no_link(void **state)
{
	(void)state;
	/* a known unicast destination whose guest is gone */
	send1(3, uframe(0xff, 0xb, 60));
	reset_seen();
	fakes[3].link = false;
	fakes[3].accept = 0;
	send1(0, uframe(0xb, 0xa, 60));
	assert_int_equal(drops(3, DROP_NO_LINK), 1);
	assert_int_equal(drops(3, DROP_TX_FULL), 0);
	assert_int_equal(drops(0, DROP_NO_LINK), 0);
	assert_int_equal(total_drops(), 1);
	/* floods count it too, on that port only */
	send1(0, frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa }, 60));
	assert_int_equal(drops(3, DROP_NO_LINK), 2);
	assert_int_equal(got(1), 1);
	assert_int_equal(got(2), 1);
	assert_int_equal(total_drops(), 2);
	no_leak();
}

static void
test_counters(void **state)
{
	static const uint16_t lens[] = { 60, 64, 128, 1514, 9000 % 2048, 14 };
	struct rte_mbuf *pkts[6];
	uint64_t bytes = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i < 6; i++) {
		pkts[i] = frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa },
				lens[i]);
		bytes += lens[i];
	}
	send_burst(2, pkts, 6);
	assert_int_equal(stats(2).rx_packets, 6);
	assert_int_equal(stats(2).rx_bytes, bytes);
	assert_int_equal(stats(2).tx_packets, 0);
	for (i = 0; i < 4; i++) {
		if (i == 2)
			continue;
		assert_int_equal(stats(i).tx_packets, 6);
		assert_int_equal(stats(i).tx_bytes, bytes);
		assert_int_equal(stats(i).rx_packets, 0);
	}
	for (i = 4; i < N_PORTS; i++) {
		assert_int_equal(stats(i).tx_packets, 0);
		assert_int_equal(stats(i).rx_packets, 0);
	}
	/* a second burst adds up */
	send1(2, frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa }, 100));
	assert_int_equal(stats(2).rx_packets, 7);
	assert_int_equal(stats(2).rx_bytes, bytes + 100);
	assert_int_equal(stats(0).tx_bytes, bytes + 100);
	/* only this PMD's slot was written */
	for (i = 0; i < VSW_MAX_PMDS; i++)
		if (i != pmd->idx)
			assert_int_equal(ports[2].stats[i].rx_packets, 0);
	no_leak();
}

static void
test_flood_refcount_partial(void **state)
{
	struct rte_mbuf *pkts[VSW_BURST];
	unsigned int i;

	(void)state;
	/* a full burst of broadcasts: port 1 takes all, port 2 takes 10,
	 * port 3 is down */
	fakes[2].accept = 10;
	fakes[3].link = false;
	fakes[3].accept = 0;
	for (i = 0; i < VSW_BURST; i++)
		pkts[i] = frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, (uint8_t)i + 1 },
				(uint16_t)(60 + i));
	send_burst(0, pkts, VSW_BURST);
	assert_int_equal(got(1), VSW_BURST);
	assert_int_equal(got(2), 10);
	assert_int_equal(got(3), 0);
	assert_int_equal(drops(2, DROP_TX_FULL), VSW_BURST - 10);
	assert_int_equal(drops(3, DROP_NO_LINK), VSW_BURST);
	/* every copy carried the right frame, in order */
	for (i = 0; i < VSW_BURST; i++) {
		assert_int_equal(fakes[1].frames[i].src[5], i + 1);
		assert_int_equal(fakes[1].frames[i].len, 60 + i);
	}
	no_leak();

	/* several bursts without a flush in between, as many as fit */
	reset_seen();
	fakes[2].accept = -1;
	fakes[3].link = true;
	fakes[3].accept = -1;
	for (i = 0; i < 3; i++) {
		struct rte_mbuf *b[VSW_BURST];
		unsigned int j;

		for (j = 0; j < VSW_BURST; j++)
			b[j] = frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 1, (uint8_t)j },
				     60);
		pmd_process_burst(pmd, &tables, &ports[1], b, VSW_BURST);
	}
	pmd_flush(pmd, &tables);
	assert_int_equal(got(0), 3 * VSW_BURST);
	assert_int_equal(got(2), 3 * VSW_BURST);
	assert_int_equal(got(3), 3 * VSW_BURST);
	no_leak();
}

static void
test_mixed_burst(void **state)
{
	struct rte_mbuf *pkts[8];
	uint64_t rx0;

	(void)state;
	send1(2, uframe(0xff, 0xb, 60));	/* B on port 2 */
	send1(0, uframe(0xff, 0xc, 60));	/* C on port 0 */
	send1(0, uframe(0xff, 0xa, 60));	/* A on port 0 */
	fdb_port_config(sw.fdb, 0, 2);		/* full */
	reset_seen();
	rx0 = stats(0).rx_packets;
	pkts[0] = uframe(0xb, 0xa, 60);		/* unicast to port 2 */
	pkts[1] = uframe(0xb, 0xa, 5);		/* runt */
	pkts[2] = frame(BCAST, ZERO, 60);	/* bad source */
	pkts[3] = uframe(0xc, 0xa, 60);		/* hairpin */
	pkts[4] = frame(BCAST, (uint8_t[6]){ 2, 0, 0, 0, 0, 0xa }, 60);
	pkts[5] = uframe(0xb, 0xd, 60);		/* D: third MAC, refused */
	pkts[6] = uframe(0x55, 0xa, 60);	/* unknown: flood */
	pkts[7] = uframe(0xb, 0xc, 60);		/* unicast to port 2 */
	send_burst(0, pkts, 8);
	assert_int_equal(stats(0).rx_packets, rx0 + 8);
	assert_int_equal(drops(0, DROP_RUNT), 1);
	assert_int_equal(drops(0, DROP_BAD_SRC), 1);
	assert_int_equal(drops(0, DROP_HAIRPIN), 1);
	assert_int_equal(drops(0, DROP_MAC_LIMIT), 1);
	assert_int_equal(total_drops(), 4);
	assert_int_equal(got(1), 2);
	assert_int_equal(got(2), 4);
	assert_int_equal(got(3), 2);
	no_leak();
}

/* ---- VLANs --------------------------------------------------------------- */

/*
 * VLAN topology: net 0 = VLAN 10, net 1 = VLAN 20, net 2 untagged, net 3 =
 * VLAN 30 (no ports). Access ports 0-2 in net 0, 3 in net 2, 4 in net 1;
 * trunk 5 carries nets 0 and 1 (no native); trunk 6 carries nets 0 and 1
 * with native net 2.
 */
static void
vlan_topology(void)
{
	static const struct {
		bool trunk;
		uint16_t net;
		uint64_t nets;
	} pv[N_PORTS] = {
		{ false, 0, 1 }, { false, 0, 1 }, { false, 0, 1 }, { false, 2, 4 },
		{ false, 1, 2 }, { true, VSW_NET_NONE, 3 }, { true, 2, 7 },
	};
	uint32_t n = 0;
	unsigned int i, net;

	for (i = 0; i < N_PORTS; i++) {
		tables.pv[i].trunk = pv[i].trunk;
		tables.pv[i].net = pv[i].net;
		tables.pv[i].nets[0] = pv[i].nets;
		ports[i].net_id = pv[i].net;
		ports[i].nets[0] = pv[i].nets;
		ports[i].conf.vlan_mode = pv[i].trunk ? PORT_TRUNK : PORT_ACCESS;
	}
	tables.net_vid[0] = 10;
	tables.net_vid[1] = 20;
	tables.net_vid[3] = 30;
	tables.vid_net[10] = 0;
	tables.vid_net[20] = 1;
	tables.vid_net[30] = 3;
	for (net = 0; net < VSW_MAX_NETS; net++) {
		tables.net_first[net] = n;
		for (i = 0; i < N_PORTS; i++)
			if (net < 64 && (pv[i].nets >> net & 1))
				tables.members[n++] = (uint16_t)i;
		tables.net_count[net] = (uint16_t)(n - tables.net_first[net]);
	}
}

/**
 * vframe() - A frame with 802.1Q/802.1ad tags after the MAC addresses
 * @dst:	Destination MAC number (0xff: broadcast)
 * @src:	Source MAC number
 * @tpid:	TPIDs of the tags, outer first
 * @tci:	Their TCIs
 * @ntags:	Number of tags
 * @len:	Frame length (payload filled with 0x5a after an IPv4 EtherType)
 *
 * Return: the mbuf
 */
static struct rte_mbuf *
vframe(uint8_t dst, uint8_t src, const uint16_t *tpid, const uint16_t *tci,
       unsigned int ntags, uint16_t len)
{
	struct rte_mbuf *m = uframe(dst, src, len);
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	unsigned int i;

	if (dst == 0xff)
		memset(p, 0xff, 6);
	for (i = 0; i < ntags; i++) {
		p[12 + 4 * i] = (uint8_t)(tpid[i] >> 8);
		p[13 + 4 * i] = (uint8_t)tpid[i];
		p[14 + 4 * i] = (uint8_t)(tci[i] >> 8);
		p[15 + 4 * i] = (uint8_t)tci[i];
	}
	p[12 + 4 * ntags] = 0x08;
	p[13 + 4 * ntags] = 0x00;
	return m;
}

/* A frame with one 802.1Q tag. */
static struct rte_mbuf *
tagged(uint8_t dst, uint8_t src, uint16_t tci, uint16_t len)
{
	return vframe(dst, src, (uint16_t[]){ 0x8100 }, &tci, 1, len);
}

static uint16_t
be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Frame @k seen on port @i is untagged (IPv4 EtherType) and @len long. */
static void
expect_untagged(unsigned int i, unsigned int k, uint32_t len)
{
	const struct seen *f = &fakes[i].frames[k];

	if (be16_at(f->head + 12) != 0x0800 || f->len != len)
		fail_msg("port %u frame %u: type %04x len %u, want untagged "
			 "0800 len %u", i, k, be16_at(f->head + 12), f->len, len);
}

/* Frame @k seen on port @i carries exactly one 802.1Q tag with @tci. */
static void
expect_tag(unsigned int i, unsigned int k, uint16_t tci, uint32_t len)
{
	const struct seen *f = &fakes[i].frames[k];

	if (be16_at(f->head + 12) != 0x8100 || be16_at(f->head + 14) != tci ||
	    be16_at(f->head + 16) != 0x0800 || f->len != len)
		fail_msg("port %u frame %u: %04x %04x %04x len %u, want 8100 "
			 "%04x 0800 len %u", i, k, be16_at(f->head + 12),
			 be16_at(f->head + 14), be16_at(f->head + 16), f->len,
			 tci, len);
}

static void
test_vlan_access_to_trunk(void **state)
{
	(void)state;
	vlan_topology();
	/* broadcast from an access port: untagged to its VLAN's access ports,
	 * tagged 10 to both trunks (one shared tagged clone) */
	send1(0, vframe(0xff, 0xa, NULL, NULL, 0, 100));
	assert_int_equal(got(1), 1);
	assert_int_equal(got(2), 1);
	assert_int_equal(got(3), 0);
	assert_int_equal(got(4), 0);
	expect_untagged(1, 0, 100);
	expect_untagged(2, 0, 100);
	expect_tag(5, 0, 10, 104);
	expect_tag(6, 0, 10, 104);
	assert_int_equal(fakes[5].frames[0].src[5], 0xa);
	/* a known unicast destination behind the trunk: tagged in place */
	send1(5, tagged(0xa, 0xb, 10, 64));	/* learns 0xb on 5 in net 0 */
	reset_seen();
	send1(0, uframe(0xb, 0xa, 64));
	assert_int_equal(got(5), 1);
	assert_int_equal(got(6) + got(1) + got(2), 0);
	expect_tag(5, 0, 10, 68);
	assert_int_equal(total_drops(), 0);
	no_leak();
	pool_sound();
}

static void
test_vlan_trunk_to_access(void **state)
{
	(void)state;
	vlan_topology();
	/* tagged 20 with PCP 5 from trunk 5: untagged to port 4 only, and to
	 * the other trunk still tagged 20 with the same PCP */
	send1(5, tagged(0xff, 0xb, 5 << 13 | 20, 100));
	assert_int_equal(got(4), 1);
	expect_untagged(4, 0, 96);
	assert_int_equal(got(6), 1);
	expect_tag(6, 0, 5 << 13 | 20, 100);
	assert_int_equal(got(0) + got(1) + got(2) + got(3), 0);
	assert_int_equal(where(1, 0xb), 5);
	assert_int_equal(where(0, 0xb), FDB_NO_PORT);
	/* the answer from the access port goes back tagged 20, PCP 0 */
	reset_seen();
	send1(4, uframe(0xb, 0xc, 80));
	assert_int_equal(got(5), 1);
	expect_tag(5, 0, 20, 84);
	assert_int_equal(got(6), 0);
	assert_int_equal(total_drops(), 0);
	no_leak();
	pool_sound();
}

static void
test_vlan_two_vlans_apart(void **state)
{
	uint8_t x[6];

	(void)state;
	vlan_topology();
	mac_n(0xd, x);
	/* the same MAC in VLAN 10 on access port 0 and in VLAN 20 on trunk 5 */
	send1(0, uframe(0xee, 0xd, 64));
	send1(5, tagged(0xee, 0xd, 20, 68));
	assert_int_equal(where(0, 0xd), 0);
	assert_int_equal(where(1, 0xd), 5);
	assert_int_equal(sw.fdb->net_moves[0] + sw.fdb->net_moves[1], 0);
	reset_seen();
	/* VLAN 10 traffic for it goes to port 0, VLAN 20 traffic to trunk 5 */
	send1(6, tagged(0xd, 0x1, 10, 68));
	send1(4, uframe(0xd, 0x2, 64));
	assert_int_equal(got(0), 1);
	expect_untagged(0, 0, 64);
	assert_int_equal(got(5), 1);
	expect_tag(5, 0, 20, 68);
	assert_int_equal(got(1) + got(2) + got(3) + got(4) + got(6), 0);
	assert_int_equal(total_drops(), 0);
	no_leak();
}

static void
test_vlan_native(void **state)
{
	(void)state;
	vlan_topology();
	/* untagged on trunk 6 belongs to its native net 2: port 3, untagged */
	send1(6, uframe(0xff, 0xa, 64));
	assert_int_equal(got(3), 1);
	expect_untagged(3, 0, 64);
	assert_int_equal(got(0) + got(1) + got(2) + got(4) + got(5), 0);
	assert_int_equal(where(2, 0xa), 6);
	/* and back: net 2 leaves trunk 6 untagged */
	reset_seen();
	send1(3, uframe(0xa, 0xb, 64));
	assert_int_equal(got(6), 1);
	expect_untagged(6, 0, 64);
	/* a priority-tagged frame on the trunk is native too (tag removed) */
	reset_seen();
	send1(6, tagged(0xff, 0xa, 3 << 13, 68));
	assert_int_equal(got(3), 1);
	expect_untagged(3, 0, 64);
	/* trunk 5 has no native network: untagged frames are dropped */
	reset_seen();
	send1(5, uframe(0xff, 0xc, 64));
	send1(5, tagged(0xff, 0xc, 0, 68));
	assert_int_equal(drops(5, DROP_NO_NATIVE), 2);
	assert_int_equal(got(0) + got(1) + got(2) + got(3) + got(4) + got(6), 0);
	assert_int_equal(total_drops(), 2);
	no_leak();
}

static void
test_vlan_access_violation(void **state)
{
	static const uint16_t dot1q[] = { 0x8100, 0x8100 };
	static const uint16_t qinq[] = { 0x88a8, 0x8100 };
	static const uint16_t hop[] = { 20, 20 };
	unsigned int i;

	(void)state;
	vlan_topology();
	/* tagged, QinQ (8100/8100 and 88a8/8100), S-tag only, 0x9100 */
	send1(0, tagged(0xff, 0xa, 20, 68));
	send1(0, vframe(0xff, 0xa, dot1q, hop, 2, 72));
	send1(0, vframe(0xff, 0xa, (uint16_t[]){ 0x8100, 0x8100 },
			(uint16_t[]){ 0, 20 }, 2, 72));	/* priority + inner */
	send1(0, vframe(0xff, 0xa, qinq, hop, 2, 72));
	send1(0, vframe(0xff, 0xa, qinq, hop, 1, 68));
	send1(0, vframe(0xff, 0xa, (uint16_t[]){ 0x9100 }, hop, 1, 68));
	send1(4, tagged(0xff, 0xa, 10, 68));	/* hop from VLAN 20 to 10 */
	for (i = 0; i < N_PORTS; i++)
		assert_int_equal(got(i), 0);
	assert_int_equal(drops(0, DROP_VLAN_VIOLATION), 6);
	assert_int_equal(drops(4, DROP_VLAN_VIOLATION), 1);
	assert_int_equal(total_drops(), 7);
	assert_int_equal(where(0, 0xa), FDB_NO_PORT);	/* nothing learned */
	assert_int_equal(where(1, 0xa), FDB_NO_PORT);
	no_leak();
}

static void
test_vlan_priority_tag_on_access(void **state)
{
	(void)state;
	vlan_topology();
	/* VID 0, PCP 3: accepted as untagged; the PCP rides on to the trunks */
	send1(1, tagged(0xff, 0xa, 3 << 13, 100));
	assert_int_equal(got(0), 1);
	expect_untagged(0, 0, 96);
	expect_untagged(2, 0, 96);
	expect_tag(5, 0, 3 << 13 | 10, 100);
	expect_tag(6, 0, 3 << 13 | 10, 100);
	assert_int_equal(total_drops(), 0);
	no_leak();
	pool_sound();
}

static void
test_vlan_unknown_vid(void **state)
{
	(void)state;
	vlan_topology();
	send1(5, tagged(0xff, 0xa, 30, 68));	/* net 3: not on this trunk */
	send1(5, tagged(0xff, 0xa, 99, 68));	/* no network at all */
	send1(6, tagged(0xff, 0xa, 4095, 68));
	assert_int_equal(drops(5, DROP_UNKNOWN_VLAN), 2);
	assert_int_equal(drops(6, DROP_UNKNOWN_VLAN), 1);
	assert_int_equal(total_drops(), 3);
	/* a tag cut short is a runt */
	send1(5, vframe(0xff, 0xa, (uint16_t[]){ 0x8100 }, (uint16_t[]){ 10 }, 1,
			16));
	assert_int_equal(drops(5, DROP_RUNT), 1);
	no_leak();
}

static void
test_vlan_double_tag_on_trunk(void **state)
{
	static const uint16_t tp[] = { 0x8100, 0x8100 };
	static const uint16_t tci[] = { 6 << 13 | 10, 2 << 13 | 20 };
	const struct seen *f;

	(void)state;
	vlan_topology();
	/* outer 10 / inner 20 from trunk 5: the outer tag picks VLAN 10; trunk
	 * 6 gets both tags as sent, access ports get the inner one untouched */
	send1(5, vframe(0xff, 0xa, tp, tci, 2, 100));
	assert_int_equal(got(6), 1);
	f = &fakes[6].frames[0];
	assert_int_equal(f->len, 100);
	assert_int_equal(be16_at(f->head + 12), 0x8100);
	assert_int_equal(be16_at(f->head + 14), 6 << 13 | 10);
	assert_int_equal(be16_at(f->head + 16), 0x8100);
	assert_int_equal(be16_at(f->head + 18), 2 << 13 | 20);
	assert_int_equal(got(0), 1);
	f = &fakes[0].frames[0];
	assert_int_equal(f->len, 96);
	assert_int_equal(be16_at(f->head + 12), 0x8100);
	assert_int_equal(be16_at(f->head + 14), 2 << 13 | 20);
	assert_int_equal(got(4), 0);
	assert_int_equal(total_drops(), 0);
	no_leak();
	pool_sound();
}

static void
test_vlan_other_tpid_on_trunk(void **state)
{
	(void)state;
	vlan_topology();
	/* an 802.1ad frame on a trunk is not 802.1Q: native network, counted */
	send1(6, vframe(0xff, 0xa, (uint16_t[]){ 0x88a8 }, (uint16_t[]){ 20 }, 1,
			68));
	assert_int_equal(got(3), 1);
	assert_int_equal(be16_at(fakes[3].frames[0].head + 12), 0x88a8);
	assert_int_equal(stats(6).rx_other_tpid, 1);
	send1(5, vframe(0xff, 0xa, (uint16_t[]){ 0x88a8 }, (uint16_t[]){ 20 }, 1,
			68));
	assert_int_equal(stats(5).rx_other_tpid, 1);
	assert_int_equal(drops(5, DROP_NO_NATIVE), 1);
	assert_int_equal(total_drops(), 1);
	no_leak();
}

static void
test_vlan_stale_fdb_entry(void **state)
{
	uint8_t x[6];

	(void)state;
	vlan_topology();
	/* an entry in VLAN 20 that points at a port outside VLAN 20 (as left
	 * behind in flight by a membership change) must not leak the frame */
	mac_n(0xd, x);
	assert_int_equal(fdb_add_static(sw.fdb, fdb_key(1, x), 0), 0);
	send1(4, uframe(0xd, 0xa, 64));
	assert_int_equal(got(0), 0);
	assert_int_equal(drops(4, DROP_NO_PORT), 1);
	assert_int_equal(total_drops(), 1);
	no_leak();
}

static void
test_vlan_flood_pool_empty(void **state)
{
	struct rte_mbuf *hold[POOL_SIZE], *m;
	unsigned int n = 0;

	(void)state;
	vlan_topology();
	m = uframe(0xff, 0xa, 64);
	while (n < POOL_SIZE && (hold[n] = rte_pktmbuf_alloc(pool)) != NULL)
		n++;
	/* no mbuf for the tagged clone: the access ports still get the
	 * frame, each trunk counts the miss */
	send1(0, m);
	rte_pktmbuf_free_bulk(hold, n);
	assert_int_equal(got(1), 1);
	assert_int_equal(got(2), 1);
	assert_int_equal(got(5) + got(6), 0);
	assert_int_equal(drops(5, DROP_NO_MBUF), 1);
	assert_int_equal(drops(6, DROP_NO_MBUF), 1);
	assert_int_equal(total_drops(), 2);
	no_leak();
	pool_sound();
}

static void
test_vlan_burst_mixed(void **state)
{
	struct rte_mbuf *b[6];

	(void)state;
	vlan_topology();
	send1(4, uframe(0xee, 0xc, 64));	/* 0xc in VLAN 20 on port 4 */
	send1(1, uframe(0xee, 0xe, 64));	/* 0xe in VLAN 10 on port 1 */
	reset_seen();
	/* one burst on trunk 6 with frames of three networks and a drop */
	b[0] = tagged(0xc, 0xa, 20, 68);	/* -> port 4 */
	b[1] = tagged(0xe, 0xa, 10, 68);	/* -> port 1 */
	b[2] = uframe(0xff, 0xa, 64);		/* native: -> port 3 */
	b[3] = tagged(0xc, 0xa, 30, 68);	/* unknown-vlan */
	b[4] = tagged(0xe, 0xa, 10, 68);	/* -> port 1 */
	b[5] = tagged(0xc, 0xa, 20, 68);	/* -> port 4 */
	send_burst(6, b, 6);
	assert_int_equal(got(4), 2);
	assert_int_equal(got(1), 2);
	assert_int_equal(got(3), 1);
	assert_int_equal(got(0) + got(2) + got(5), 0);
	expect_untagged(4, 1, 64);
	expect_untagged(1, 1, 64);
	assert_int_equal(where(0, 0xa), 6);
	assert_int_equal(where(1, 0xa), 6);
	assert_int_equal(where(2, 0xa), 6);
	assert_int_equal(drops(6, DROP_UNKNOWN_VLAN), 1);
	assert_int_equal(total_drops(), 1);
	no_leak();
}

/* Frames longer than the network's MTU (plus the Ethernet header) are
 * dropped on ingress and counted as oversize; the limit is per network. */
static void
test_mtu_oversize(void **state)
{
	struct rte_mbuf *pkts[3];
	unsigned int i;

	(void)state;
	tables.net_maxlen[1] = 1800 + 14;	/* net 1: MTU 1800 */
	pkts[0] = uframe(0xff, 0xa, 1514);	/* exactly MTU 1500: passes */
	pkts[1] = uframe(0xff, 0xb, 1515);	/* one byte over */
	pkts[2] = uframe(0xff, 0xc, 2000);
	send_burst(0, pkts, 3);
	assert_int_equal(drops(0, DROP_OVERSIZE), 2);
	assert_int_equal(total_drops(), 2);
	assert_int_equal(stats(0).rx_packets, 3);
	for (i = 1; i < 4; i++) {
		assert_int_equal(got(i), 1);
		assert_int_equal(fakes[i].frames[0].len, 1514);
	}
	/* an oversize frame teaches nothing */
	assert_int_equal(where(0, 0xb), FDB_NO_PORT);
	assert_int_equal(where(0, 0xa), 0);

	reset_seen();
	pkts[0] = uframe(0xff, 0xd, 1814);	/* net 1 allows it */
	pkts[1] = uframe(0xff, 0xe, 1815);
	send_burst(4, pkts, 2);
	assert_int_equal(got(5), 1);
	assert_int_equal(drops(4, DROP_OVERSIZE), 1);
	no_leak();
}

/* On a trunk the MTU applies to the frame without its popped tag. */
static void
test_mtu_tagged(void **state)
{
	struct rte_mbuf *pkts[2];

	(void)state;
	vlan_topology();
	pkts[0] = tagged(0xff, 0xa, 10, 1518);	/* 1514 once popped */
	pkts[1] = tagged(0xff, 0xb, 10, 1519);
	send_burst(5, pkts, 2);
	assert_int_equal(drops(5, DROP_OVERSIZE), 1);
	assert_int_equal(got(0), 1);
	assert_int_equal(fakes[0].frames[0].len, 1514);
	no_leak();
}

/* ---- DHCP hand-off: punt, rogue guard, rate limit, replies */

#define SRV_IP	0x0a0000feu	/* 10.0.0.254: net 0's DHCP server */

/* Rings like dhcp_svc_init()'s; net 0 gets a server, the others none. */
static void
dhcp_setup(unsigned int ring_size)
{
	static unsigned int seq;
	char name[32];

	snprintf(name, sizeof(name), "ut_dhcp_rx%u", seq);
	sw.dhcp_rx = rte_ring_create(name, ring_size, SOCKET_ID_ANY,
				     RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "ut_dhcp_tx%u", seq++);
	sw.dhcp_tx = rte_ring_create(name, 64, SOCKET_ID_ANY, RING_F_SP_ENQ);
	assert_non_null(sw.dhcp_rx);
	assert_non_null(sw.dhcp_tx);
	tables.net_dhcp[0] = rte_cpu_to_be_32(SRV_IP);
}

/**
 * udp_frame() - An IPv4/UDP frame
 * @dst:	Destination MAC
 * @src:	Source MAC number
 * @dip:	Destination address (host order)
 * @sport:	UDP source port
 * @dport:	UDP destination port
 *
 * Return: the mbuf (300 bytes: headers and a zero payload)
 */
static struct rte_mbuf *
udp_frame(const uint8_t *dst, uint8_t src, uint32_t dip, uint16_t sport,
	  uint16_t dport)
{
	uint8_t s[6], *p;
	struct rte_mbuf *m;

	mac_n(src, s);
	m = frame(dst, s, 300);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	memset(p + 14, 0, 300 - 14);
	p[14] = 0x45;			/* IPv4, IHL 5 */
	p[16] = 0x01; p[17] = 0x1e;	/* total length 286 */
	p[22] = 64;
	p[23] = 17;			/* UDP */
	p[30] = (uint8_t)(dip >> 24); p[31] = (uint8_t)(dip >> 16);
	p[32] = (uint8_t)(dip >> 8); p[33] = (uint8_t)dip;
	p[34] = (uint8_t)(sport >> 8); p[35] = (uint8_t)sport;
	p[36] = (uint8_t)(dport >> 8); p[37] = (uint8_t)dport;
	p[38] = 0x01; p[39] = 0x0a;	/* UDP length 266 */
	return m;
}

/* A DHCP client message (68 -> 67) broadcast, from MAC number @src */
static struct rte_mbuf *
discover(uint8_t src)
{
	return udp_frame(BCAST, src, 0xffffffffu, 68, 67);
}

/* An ARP request from MAC number @src for @tip */
static struct rte_mbuf *
arp_req(uint8_t src, uint32_t tip)
{
	uint8_t s[6], *p;
	struct rte_mbuf *m;

	mac_n(src, s);
	m = frame(BCAST, s, 60);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	memset(p + 14, 0, 60 - 14);
	p[12] = 0x08; p[13] = 0x06;
	p[14] = 0; p[15] = 1; p[16] = 8; p[17] = 0; p[18] = 6; p[19] = 4;
	p[20] = 0; p[21] = 1;		/* request */
	memcpy(p + 22, s, 6);
	p[38] = (uint8_t)(tip >> 24); p[39] = (uint8_t)(tip >> 16);
	p[40] = (uint8_t)(tip >> 8); p[41] = (uint8_t)tip;
	return m;
}

/* Take what was punted; check it came from @port in @net; free it. */
static unsigned int
punted(uint16_t port, uint16_t net)
{
	struct rte_mbuf *m;
	unsigned int n = 0;

	while (rte_ring_dequeue(sw.dhcp_rx, (void **)&m) == 0) {
		assert_int_equal(m->port, port);
		assert_int_equal(m->hash.usr, net);
		rte_pktmbuf_free(m);
		n++;
	}
	return n;
}

static void
test_dhcp_punt(void **state)
{
	struct rte_mbuf *m = NULL;
	unsigned int i;

	(void)state;
	dhcp_setup(64);
	send1(0, discover(0xa));			/* broadcast DISCOVER */
	send1(1, udp_frame(BCAST, 0xb, SRV_IP, 68, 67));	/* renewal */
	send1(2, arp_req(0xc, SRV_IP));			/* who has the server */
	assert_int_equal(got(0) + got(1) + got(2) + got(3), 0);
	assert_int_equal(stats(0).dhcp_punts, 1);
	assert_int_equal(stats(1).dhcp_punts, 1);
	assert_int_equal(stats(2).dhcp_punts, 1);
	assert_int_equal(rte_ring_count(sw.dhcp_rx), 3);
	for (i = 0; i < 3; i++) {	/* in order, with their port and net */
		assert_int_equal(rte_ring_dequeue(sw.dhcp_rx, (void **)&m), 0);
		assert_int_equal(m->port, i);
		assert_int_equal(m->hash.usr, 0);
		rte_pktmbuf_free(m);
	}
	/* not the server's: switched as usual */
	send1(0, udp_frame(BCAST, 0xa, 0x0a000009u, 68, 67));	/* other server */
	send1(0, arp_req(0xa, 0x0a000009u));
	send1(0, udp_frame(BCAST, 0xa, 0xffffffffu, 1234, 67));
	assert_int_equal(got(1), 3);
	assert_int_equal(rte_ring_count(sw.dhcp_rx), 0);
	/* net 1 has no server: its DHCP is switched */
	send1(4, discover(0xd));
	assert_int_equal(got(5), 1);
	assert_int_equal(rte_ring_count(sw.dhcp_rx), 0);
	assert_int_equal(total_drops(), 0);
	no_leak();
}

static void
test_dhcp_punt_trunk(void **state)
{
	struct rte_mbuf *m;

	(void)state;
	vlan_topology();
	dhcp_setup(64);
	m = discover(0xa);		/* tag it with VID 10 (net 0) */
	m->vlan_tci = 10;
	assert_int_equal(rte_vlan_insert(&m), 0);
	send1(5, m);
	assert_int_equal(rte_ring_dequeue(sw.dhcp_rx, (void **)&m), 0);
	assert_int_equal(m->port, 5);
	assert_int_equal(m->hash.usr, 0);
	/* the service sees it untagged */
	assert_int_equal(rte_pktmbuf_mtod(m, uint8_t *)[12], 0x08);
	assert_int_equal(rte_pktmbuf_mtod(m, uint8_t *)[13], 0x00);
	assert_int_equal(m->pkt_len, 300);
	rte_pktmbuf_free(m);
	no_leak();
}

static void
test_dhcp_rogue(void **state)
{
	uint8_t dst[6];

	(void)state;
	dhcp_setup(64);
	mac_n(0xb, dst);
	/* an OFFER from a guest: dropped on every network, even net 1 */
	send1(0, udp_frame(BCAST, 0xa, 0xffffffffu, 67, 68));
	send1(0, udp_frame(dst, 0xa, 0x0a000005u, 67, 68));
	send1(4, udp_frame(BCAST, 0xc, 0xffffffffu, 67, 68));
	assert_int_equal(drops(0, DROP_DHCP_ROGUE), 2);
	assert_int_equal(drops(4, DROP_DHCP_ROGUE), 1);
	assert_int_equal(got(1) + got(2) + got(3) + got(5), 0);
	/* a trusted port runs a server */
	tables.dhcp_trusted[0] = 1;
	send1(0, udp_frame(BCAST, 0xa, 0xffffffffu, 67, 68));
	assert_int_equal(got(1), 1);
	assert_int_equal(drops(0, DROP_DHCP_ROGUE), 2);
	/* other UDP from port 67 to elsewhere is not a DHCP reply */
	send1(4, udp_frame(BCAST, 0xc, 0xffffffffu, 67, 53));
	assert_int_equal(got(5), 1);
	no_leak();
}

static void
test_dhcp_rate_limit(void **state)
{
	struct rte_mbuf *pkts[VSW_BURST];
	unsigned int i, b, n;

	(void)state;
	dhcp_setup(1024);
	for (b = 0; b < 4; b++) {	/* 128 messages at once */
		for (i = 0; i < VSW_BURST; i++)
			pkts[i] = discover((uint8_t)(0x10 + i));
		send_burst(0, pkts, VSW_BURST);
	}
	n = punted(0, 0);
	/* the bucket's depth, plus what refilled in the meantime */
	assert_true(n >= DHCP_SVC_BURST && n <= DHCP_SVC_BURST + 2);
	assert_int_equal(drops(0, DROP_DHCP_RATE), 128 - n);
	assert_int_equal(stats(0).dhcp_punts, n);
	/* another port has its own bucket */
	send1(1, discover(0x60));
	assert_int_equal(punted(1, 0), 1);
	/* refill: 20 per second */
	usleep(200 * 1000);
	for (i = 0; i < 8; i++)
		send1(0, discover(0x70));
	n = punted(0, 0);
	assert_true(n >= 3 && n <= 6);
	no_leak();
}

static void
test_dhcp_busy(void **state)
{
	unsigned int i;

	(void)state;
	dhcp_setup(4);		/* holds 3 */
	for (i = 0; i < 5; i++)
		send1(0, discover((uint8_t)(0x10 + i)));
	assert_int_equal(stats(0).dhcp_punts, 3);
	assert_int_equal(drops(0, DROP_DHCP_BUSY), 2);
	assert_int_equal(punted(0, 0), 3);
	assert_int_equal(got(1) + got(2) + got(3), 0);
	no_leak();
}

/* Queue a reply from the "service" for @port in @net. */
static void
reply(uint16_t port, uint16_t net, uint8_t dst)
{
	struct rte_mbuf *m = uframe(dst, 0xfe, 342);

	m->port = port;
	m->hash.usr = net;
	m->vlan_tci = 0xe00a;	/* stale metadata must not leak into a tag */
	assert_int_equal(rte_ring_enqueue(sw.dhcp_tx, m), 0);
}

static void
test_dhcp_replies(void **state)
{
	(void)state;
	vlan_topology();
	dhcp_setup(64);
	reply(1, 0, 0xa);		/* access port of net 0 */
	reply(5, 0, 0xb);		/* trunk: tagged with VID 10 */
	reply(4, 0, 0xc);		/* port 4 is not in net 0: freed */
	reply(200, 0, 0xd);		/* no such port: freed */
	assert_int_equal(pmd_dhcp_tx(pmd, &tables), 4);
	assert_int_equal(got(1), 1);
	assert_int_equal(fakes[1].frames[0].len, 342);
	assert_int_equal(got(5), 1);
	assert_int_equal(fakes[5].frames[0].head[12], 0x81);
	assert_int_equal(fakes[5].frames[0].head[13], 0x00);
	assert_int_equal(fakes[5].frames[0].head[14], 0x00);	/* PCP 0 */
	assert_int_equal(fakes[5].frames[0].head[15], 10);
	assert_int_equal(got(4), 0);
	assert_int_equal(pmd_dhcp_tx(pmd, &tables), 0);
	no_leak();
}

/* ---- capture hook: copies on the capture rings, forwarding untouched */

static struct rte_ring *cap_rings[2];

/* Two capture slots with rings of @size, as capture_start() makes them. */
static void
cap_setup(unsigned int size)
{
	static unsigned int seq;
	char name[32], err[128];
	int i;

	if (sw.cap == NULL)
		assert_int_equal(capture_init(&sw, err, sizeof(err)), 0);
	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "ut_cap%u_%d", seq, i);
		cap_rings[i] = rte_ring_create(name, size, SOCKET_ID_ANY,
					       RING_F_SC_DEQ);
		assert_non_null(cap_rings[i]);
		sw.cap_slots[i].ring = cap_rings[i];
		sw.cap_slots[i].dropped = 0;
	}
	seq++;
}

/* Take what slot @s got; check each copy's bytes against @len; free. */
static unsigned int
cap_take(int s, uint32_t len, uint16_t port, uint8_t dir)
{
	struct rte_mbuf *m;
	unsigned int n = 0;

	while (rte_ring_dequeue(cap_rings[s], (void **)&m) == 0) {
		assert_int_equal(m->pkt_len, len);
		assert_int_equal(m->port, port);
		assert_int_equal(m->hash.usr, dir);
		assert_true(m->pool == sw.cap_pool);
		rte_pktmbuf_free(m);
		n++;
	}
	return n;
}

static void
cap_teardown(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		cap_take(i, 0, 0, 0);
		rte_ring_free(cap_rings[i]);
		sw.cap_slots[i].ring = NULL;
	}
	ports[0].cap_rx = ports[0].cap_tx = 0;
	ports[1].cap_rx = ports[1].cap_tx = 0;
	capture_fini(&sw);
}

static void
test_capture_rx_tx(void **state)
{
	struct rte_mbuf *pkts[4];
	int i;

	(void)state;
	cap_setup(64);
	ports[0].cap_rx = 1;		/* slot 0: port 0 rx */
	ports[1].cap_tx = 3;		/* slots 0 and 1: port 1 tx */
	send1(1, uframe(0xee, 0xb, 100));	/* learn b on port 1 */
	for (i = 0; i < 4; i++)
		pkts[i] = uframe(0xb, 0xa, 200);
	send_burst(0, pkts, 4);
	assert_int_equal(got(1), 4);		/* forwarding as usual */
	/* slot 0: 4 rx copies from port 0, then 4 tx copies to port 1 */
	assert_int_equal(rte_ring_count(cap_rings[0]), 8);
	for (i = 0; i < 4; i++) {
		struct rte_mbuf *m = NULL;

		assert_int_equal(rte_ring_dequeue(cap_rings[0], (void **)&m), 0);
		assert_int_equal(m->port, 0);
		assert_int_equal(m->hash.usr, CAP_DIR_RX);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(cap_take(0, 200, 1, CAP_DIR_TX), 4);
	assert_int_equal(cap_take(1, 200, 1, CAP_DIR_TX), 4);
	assert_int_equal(rte_mempool_in_use_count(sw.cap_pool), 0);
	cap_teardown();
	no_leak();
}

static void
test_capture_trunk_tagged(void **state)
{
	struct rte_mbuf *m = NULL;

	(void)state;
	vlan_topology();
	cap_setup(64);
	ports[5].cap_tx = 1;	/* trunk: the guest sees tagged frames */
	send1(0, uframe(0xff, 0xa, 64));
	assert_int_equal(got(5), 1);
	assert_int_equal(rte_ring_dequeue(cap_rings[0], (void **)&m), 0);
	assert_int_equal(m->pkt_len, 68);
	assert_int_equal(rte_pktmbuf_mtod(m, uint8_t *)[12], 0x81);
	assert_int_equal(rte_pktmbuf_mtod(m, uint8_t *)[15], 10);
	rte_pktmbuf_free(m);
	ports[5].cap_tx = 0;
	cap_teardown();
	no_leak();
}

static void
test_capture_ring_full(void **state)
{
	struct rte_mbuf *pkts[VSW_BURST];
	int i;

	(void)state;
	cap_setup(8);		/* holds 7 */
	ports[0].cap_rx = 1;
	for (i = 0; i < VSW_BURST; i++)
		pkts[i] = uframe(0xff, 0xa, 64);
	send_burst(0, pkts, VSW_BURST);
	/* every frame forwarded; captures dropped what did not fit */
	assert_int_equal(got(1), VSW_BURST);
	assert_int_equal(got(2), VSW_BURST);
	assert_int_equal(sw.cap_slots[0].dropped, VSW_BURST - 7);
	assert_int_equal(cap_take(0, 64, 0, CAP_DIR_RX), 7);
	assert_int_equal(total_drops(), 0);
	cap_teardown();
	no_leak();
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, sw_setup, sw_teardown)
	const struct CMUnitTest tests[] = {
		T(test_learn_src),
		T(test_flood_chained),
		T(test_flood_broadcast),
		T(test_flood_multicast),
		T(test_flood_unknown_unicast),
		T(test_known_unicast),
		T(test_networks_isolated),
		T(test_runt),
		T(test_bad_src),
		T(test_hairpin),
		T(test_no_port),
		T(test_mac_limit),
		T(test_mac_limit_same_new_mac_twice),
		T(test_tx_full),
		T(test_no_link),
		T(test_counters),
		T(test_flood_refcount_partial),
		T(test_mixed_burst),
		T(test_vlan_access_to_trunk),
		T(test_vlan_trunk_to_access),
		T(test_vlan_two_vlans_apart),
		T(test_vlan_native),
		T(test_vlan_access_violation),
		T(test_vlan_priority_tag_on_access),
		T(test_vlan_unknown_vid),
		T(test_vlan_double_tag_on_trunk),
		T(test_vlan_other_tpid_on_trunk),
		T(test_vlan_stale_fdb_entry),
		T(test_vlan_flood_pool_empty),
		T(test_vlan_burst_mixed),
		T(test_mtu_oversize),
		T(test_mtu_tagged),
		T(test_dhcp_punt),
		T(test_dhcp_punt_trunk),
		T(test_dhcp_rogue),
		T(test_dhcp_rate_limit),
		T(test_dhcp_busy),
		T(test_dhcp_replies),
		T(test_capture_rx_tx),
		T(test_capture_trunk_tagged),
		T(test_capture_ring_full),
	};
#undef T

	return cmocka_run_group_tests(tests, eal_setup, eal_teardown);
}
