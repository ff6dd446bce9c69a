/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_frames.c - libFuzzer harness for the guest-data parser: arbitrary
 * frames through pmd_process_burst() and pmd_flush().
 *
 * Topology: network 0 = VLAN 10, network 1 = VLAN 20. Ports 0 and 1 are
 * access ports in network 0; port 2 is a trunk carrying both networks (no
 * native network); port 3 is a trunk carrying network 0 tagged and network
 * 1 as its native (untagged) network. Floods therefore mix untagged and
 * tagged destinations; small MAC limits make the limit paths run. Fake
 * ports check every frame they are offered against an independent model of
 * the VLAN rules (which network, which bytes must leave which port). Any
 * broken invariant calls abort().
 *
 * Input layout:
 *   byte 0	switch knobs: bits 0-1 port 0-2 MAC limit - 1, bit 2 port 1
 *		ring full, bit 3 port 1 link down, bit 4 port 0 takes one
 *		frame per tx call, bit 5 flush only at the end, bit 6 static
 *		FDB entry 02:00:00:00:00:01 -> port 1, bit 7 network 0 cap 2
 *   then up to FUZZ_MAX_FRAMES records:
 *   byte	bits 0-1 ingress port (0-3), bit 2 start a new burst,
 *		bit 3 two segments, bits 4-7 first segment length in 16ths
 *   2 bytes	frame length, little endian (clamped to what is left)
 *   N bytes	frame
 */
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include "fdb.h"
#include "log.h"
#include "test_eal.h"
#include "pmd.h"
#include "switch.h"
#include "fuzz_check.h"

#define FUZZ_PORTS	4
#define FUZZ_NETS	2
#define FUZZ_MAX_FRAMES	VSW_BURST
#define FUZZ_MAX_LEN	4000	/* two segments of FUZZ_SEG_ROOM at most */
#define FUZZ_SEG_ROOM	2048
#define FUZZ_POOL_SIZE	511
#define FUZZ_MAGIC	0x5a000000u
#define FUZZ_NONE	0xffff	/* frame belongs to no network: never sent */

/**
 * struct fuzz_frame - One frame of the current input
 * @data:	Its bytes (inside the fuzzer's input buffer)
 * @len:	Length
 * @in:		Ingress port
 * @first:	Bytes in its first mbuf segment
 * @sent:	Ports it was transmitted to, one bit per port
 */
struct fuzz_frame {
	const uint8_t *data;
	uint16_t len;
	uint16_t in;
	uint16_t first;
	uint8_t sent;
};

/* The model's view of the topology (what the tables below encode) */
static const bool fuzz_trunk[4] = { false, false, true, true };
static const uint16_t fuzz_untagged_net[4] = { 0, 0, FUZZ_NONE, 1 };
static const uint8_t fuzz_nets[4] = { 1, 1, 3, 3 };	/* bitmaps */
static const uint16_t fuzz_vid[2] = { 10, 20 };
/* MTU of each network: frames longer (untagged) are oversize drops */
static const uint16_t fuzz_mtu[2] = { 1500, 600 };

/**
 * struct fuzz_port - State of a fake port backend
 * @link:	What link_up() says
 * @full:	tx() takes nothing
 * @one:	tx() takes at most one frame per call
 * @taken:	Frames tx() took during this input
 * @taken_bytes: Their bytes
 */
struct fuzz_port {
	bool link;
	bool full;
	bool one;
	uint64_t taken;
	uint64_t taken_bytes;
};

static struct rte_mempool *pool;
static struct vsw sw;
static struct dp_tables tables;
static struct vsw_port ports[FUZZ_PORTS];
static struct fuzz_port fakes[FUZZ_PORTS];
static struct pmd *pmd;
static struct fuzz_frame frames[FUZZ_MAX_FRAMES];
static unsigned int n_frames;

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool is_tpid(uint16_t t)
{
	return t == 0x8100 || t == 0x88a8 || t == 0x9100;
}

/**
 * model() - Where a frame belongs and what it looks like inside the switch
 * @fr:		Frame as received
 * @body:	Output: the frame without its 802.1Q outer tag, if it had one
 * @body_len:	Output: its length
 * @tci:	Output: the TCI of the removed tag, 0 if none
 *
 * Written from the rules in docs/CONTROL.md, independently of pmd.c.
 *
 * Return: network id, FUZZ_NONE if the frame must be dropped
 */
static uint16_t model(const struct fuzz_frame *fr, uint8_t *body,
		      uint16_t *body_len, uint16_t *tci)
{
	const uint8_t *d = fr->data;
	bool trunk = fuzz_trunk[fr->in];
	uint16_t et, vid, net;
	bool inner;

	*tci = 0;
	*body_len = fr->len;
	if (fr->len < 14 || fr->first < 14)
		return FUZZ_NONE;
	memcpy(body, d, fr->len);
	et = be16(d + 12);
	if (et != 0x8100) {
		if (is_tpid(et) && !trunk)
			return FUZZ_NONE;	/* S-tag on an access port */
		net = fuzz_untagged_net[fr->in];
		if (net != FUZZ_NONE && fr->len - 14 > fuzz_mtu[net])
			return FUZZ_NONE;	/* oversize */
		return net;
	}
	if (fr->first < 18)
		return FUZZ_NONE;		/* tag cut short: runt */
	vid = be16(d + 14) & 0xfff;
	inner = is_tpid(be16(d + 16));
	if (!trunk && (vid != 0 || inner))
		return FUZZ_NONE;		/* VLAN violation */
	if (vid == 0 && !inner) {
		net = fuzz_untagged_net[fr->in];	/* priority tag */
	} else {
		net = vid == fuzz_vid[0] ? 0 : vid == fuzz_vid[1] ? 1 : FUZZ_NONE;
		if (net == FUZZ_NONE || !(fuzz_nets[fr->in] >> net & 1))
			return FUZZ_NONE;	/* unknown VLAN */
	}
	if (net == FUZZ_NONE)
		return FUZZ_NONE;		/* no native network */
	*tci = be16(d + 14);
	memcpy(body + 12, d + 16, fr->len - 16u);
	*body_len = (uint16_t)(fr->len - 4);
	if (*body_len - 14 > fuzz_mtu[net])
		return FUZZ_NONE;		/* oversize, once untagged */
	return net;
}

/**
 * expected() - The bytes a frame must have when it leaves port @out
 * @fr:		Frame as received
 * @out:	Egress port
 * @buf:	Output
 * @len:	Output: length
 *
 * Return: false if the frame must not leave @out at all
 */
static bool expected(const struct fuzz_frame *fr, uint16_t out, uint8_t *buf,
		     uint16_t *len)
{
	static uint8_t body[FUZZ_MAX_LEN];
	uint16_t tci, blen, net = model(fr, body, &blen, &tci);

	if (net == FUZZ_NONE || out == fr->in || !(fuzz_nets[out] >> net & 1))
		return false;
	if (!fuzz_trunk[out] || fuzz_untagged_net[out] == net) {
		memcpy(buf, body, blen);
		*len = blen;
		return true;
	}
	memcpy(buf, body, 12);
	buf[12] = 0x81;
	buf[13] = 0x00;
	tci = (uint16_t)((tci & 0xf000) | fuzz_vid[net]);
	buf[14] = (uint8_t)(tci >> 8);
	buf[15] = (uint8_t)tci;
	memcpy(buf + 16, body + 12, blen - 12u);
	*len = (uint16_t)(blen + 4);
	return true;
}

/**
 * fake_tx() - Check every frame offered, take (and free) some of them
 * @port:	Egress port
 * @pkts:	Frames
 * @n:		Number of frames
 *
 * Return: frames taken
 */
static uint16_t fake_tx(struct vsw_port *port, struct rte_mbuf **pkts,
			uint16_t n)
{
	static uint8_t buf[FUZZ_MAX_LEN + 4], want[FUZZ_MAX_LEN + 4];
	struct fuzz_port *f = port->priv;
	uint16_t take = n, i;

	CHECK(n > 0 && n <= VSW_BURST);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint32_t tag = m->hash.usr;
		const struct fuzz_frame *fr;
		uint16_t want_len;
		const void *p;

		CHECK((tag & 0xff000000u) == FUZZ_MAGIC);
		CHECK((tag & 0xffffu) < n_frames);
		fr = &frames[tag & 0xffffu];
		/* only where the model sends it (never back to the ingress
		 * port, never into another network), with the right tags */
		CHECK(expected(fr, port->id, want, &want_len));
		/* at most one copy per port, and only well-formed frames */
		CHECK(!(fr->sent & (1u << port->id)));
		frames[tag & 0xffffu].sent |= (uint8_t)(1u << port->id);
		CHECK(m->pkt_len == want_len && want_len >= RTE_ETHER_HDR_LEN);
		CHECK(m->data_len >= RTE_ETHER_HDR_LEN);
		CHECK(rte_mbuf_refcnt_read(m) >= 1);
		p = rte_pktmbuf_read(m, 0, m->pkt_len, buf);
		CHECK(p != NULL && memcmp(p, want, want_len) == 0);
		CHECK(rte_is_valid_assigned_ether_addr(
			&((const struct rte_ether_hdr *)p)->src_addr));
	}
	if (f->full)
		take = 0;
	else if (f->one)
		take = 1;
	for (i = 0; i < take; i++) {
		f->taken++;
		f->taken_bytes += pkts[i]->pkt_len;
		rte_pktmbuf_free(pkts[i]);
	}
	return take;
}

/**
 * fake_rx() - Never called: the harness hands bursts to the PMD itself
 * @port:	Port
 * @pkts:	Unused
 * @n:		Unused
 *
 * Return: 0
 */
static uint16_t fake_rx(struct vsw_port *port, struct rte_mbuf **pkts,
			uint16_t n)
{
	(void)port;
	(void)pkts;
	(void)n;
	return 0;
}

/**
 * fake_link_up() - Link state of a fake port
 * @port:	Port
 *
 * Return: the configured state
 */
static bool fake_link_up(const struct vsw_port *port)
{
	return ((const struct fuzz_port *)port->priv)->link;
}

static const struct port_ops fake_ops = {
	.rx = fake_rx,
	.tx = fake_tx,
	.link_up = fake_link_up,
};

/**
 * LLVMFuzzerInitialize() - Start a minimal EAL, build the switch
 * @argc:	Unused
 * @argv:	Unused
 *
 * Return: 0
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	(void)argc;
	(void)argv;
	if (test_eal_start("vswfuzz-frames", 128) != 0)
		exit(1);
	log_init(LOG_LVL_ERR, false);
	/* no per-lcore cache: the in-use count is exact */
	pool = rte_pktmbuf_pool_create("fuzz_pool", FUZZ_POOL_SIZE, 0, 0,
				       FUZZ_SEG_ROOM + RTE_PKTMBUF_HEADROOM,
				       SOCKET_ID_ANY);
	sw.fdb = fdb_create("fuzz_fdb", 256, SOCKET_ID_ANY, NULL);
	sw.qsv = rte_zmalloc("fuzz_qsv", rte_rcu_qsbr_get_memsize(1),
			     RTE_CACHE_LINE_SIZE);
	pmd = rte_zmalloc("fuzz_pmd", sizeof(*pmd), RTE_CACHE_LINE_SIZE);
	if (pool == NULL || sw.fdb == NULL || sw.qsv == NULL || pmd == NULL ||
	    rte_rcu_qsbr_init(sw.qsv, 1) != 0) {
		fprintf(stderr, "fuzz_frames: setup failed\n");
		exit(1);
	}
	sw.pool = pool;
	sw.now = 100;
	sw.n_pmds = 1;
	sw.tables = &tables;
	pmd->sw = &sw;
	pmd->idx = 0;
	for (i = 0; i < FUZZ_PORTS; i++) {
		struct vsw_port *p = &ports[i];

		snprintf(p->conf.name, sizeof(p->conf.name), "f%d", i);
		p->id = (uint16_t)i;
		p->net_id = fuzz_untagged_net[i];
		p->nets[0] = fuzz_nets[i];
		p->conf.vlan_mode = fuzz_trunk[i] ? PORT_TRUNK : PORT_ACCESS;
		p->ops = &fake_ops;
		p->priv = &fakes[i];
		p->conf.mode = -1;
		tables.ports[i] = p;
		tables.pv[i].trunk = fuzz_trunk[i];
		tables.pv[i].net = fuzz_untagged_net[i];
		tables.pv[i].nets[0] = fuzz_nets[i];
		sw.ports[i] = p;
	}
	/* flood lists: net 0 = ports 0-3, net 1 = ports 2, 3 */
	for (i = 0; i < FUZZ_PORTS; i++)
		tables.members[i] = (uint16_t)i;
	tables.members[4] = 2;
	tables.members[5] = 3;
	tables.net_first[0] = 0;
	tables.net_count[0] = 4;
	tables.net_first[1] = 4;
	tables.net_count[1] = 2;
	for (i = FUZZ_NETS; i < VSW_MAX_NETS; i++)
		tables.net_first[i] = 6;
	for (i = 0; i < VSW_VID_COUNT; i++)
		tables.vid_net[i] = VSW_NET_NONE;
	for (i = 0; i < FUZZ_NETS; i++) {
		tables.net_vid[i] = fuzz_vid[i];
		tables.vid_net[fuzz_vid[i]] = (uint16_t)i;
		tables.net_maxlen[i] = (uint16_t)(fuzz_mtu[i] + 14);
	}
	return 0;
}

/**
 * configure() - Reset the switch and apply the knobs of byte 0
 * @knobs:	Byte 0 of the input
 */
static void configure(uint8_t knobs)
{
	static const uint8_t static_mac[6] = { 2, 0, 0, 0, 0, 1 };
	int i;

	for (i = 0; i < FUZZ_NETS; i++)
		fdb_flush_net(sw.fdb, (uint16_t)i);
	for (i = 0; i < FUZZ_PORTS; i++)
		CHECK(sw.fdb->port_count[i] == 0);
	CHECK(sw.fdb->net_count[0] == 0 && sw.fdb->net_count[1] == 0);
	for (i = 0; i < FUZZ_PORTS; i++) {
		memset(ports[i].stats, 0, sizeof(ports[i].stats));
		memset(&fakes[i], 0, sizeof(fakes[i]));
		fakes[i].link = true;
		ports[i].conf.mac_limit = i == FUZZ_PORTS - 1 ? 1 : (knobs & 3u) + 1;
		fdb_port_config(sw.fdb, (uint16_t)i, ports[i].conf.mac_limit);
	}
	fakes[1].full = knobs & 4;
	fakes[1].link = !(knobs & 8);
	fakes[0].one = knobs & 16;
	fdb_net_config(sw.fdb, 0, 300, (knobs & 128) ? 2 : 16);
	fdb_net_config(sw.fdb, 1, 300, 16);
	if (knobs & 64)
		CHECK(fdb_add_static(sw.fdb, fdb_key(0, static_mac), 1) == 0);
}

/**
 * make_mbuf() - Copy a frame into one or two mbufs
 * @fr:		Frame
 * @idx:	Its index, kept in the mbuf for fake_tx()
 * @split:	Bytes in the first segment if chained, else -1
 *
 * Return: the mbuf
 */
static struct rte_mbuf *make_mbuf(struct fuzz_frame *fr, unsigned int idx,
				  int split)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool), *m2;
	uint16_t first = fr->len;
	char *p;

	CHECK(m != NULL);
	if (split >= 0 && fr->len > 0)
		first = (uint16_t)split;
	if (first > FUZZ_SEG_ROOM)
		first = FUZZ_SEG_ROOM;
	if (fr->len - first > FUZZ_SEG_ROOM)	/* the second must fit too */
		first = (uint16_t)(fr->len - FUZZ_SEG_ROOM);
	fr->first = first;
	p = rte_pktmbuf_append(m, first);
	CHECK(p != NULL || first == 0);
	if (first > 0)
		memcpy(p, fr->data, first);
	if (first < fr->len) {
		m2 = rte_pktmbuf_alloc(pool);
		CHECK(m2 != NULL);
		p = rte_pktmbuf_append(m2, fr->len - first);
		CHECK(p != NULL);
		memcpy(p, fr->data + first, fr->len - first);
		CHECK(rte_pktmbuf_chain(m, m2) == 0);
	}
	m->hash.usr = FUZZ_MAGIC | idx;
	return m;
}

/**
 * check_counters() - Compare the port counters with what was offered and
 * what the fake ports took
 */
static void check_counters(void)
{
	uint64_t rx[FUZZ_PORTS] = { 0 }, rx_bytes[FUZZ_PORTS] = { 0 };
	uint64_t total = 0;
	unsigned int i;
	int r;

	for (i = 0; i < n_frames; i++) {
		rx[frames[i].in]++;
		rx_bytes[frames[i].in] += frames[i].len;
	}
	for (i = 0; i < FUZZ_PORTS; i++) {
		struct port_stats s;
		uint64_t drops = 0;

		port_stats_sum(&ports[i], &s);
		CHECK(s.rx_packets == rx[i]);
		CHECK(s.rx_bytes == rx_bytes[i]);
		CHECK(s.tx_packets == fakes[i].taken);
		CHECK(s.tx_bytes == fakes[i].taken_bytes);
		for (r = 0; r < DROP_MAX; r++)
			drops += s.drops[r];
		total += s.tx_packets + drops;
		/* pmd_process_burst() must only write this PMD's slot */
		CHECK(ports[i].stats[1].rx_packets == 0 &&
		      ports[i].stats[1].tx_packets == 0);
	}
	CHECK(total <= (uint64_t)n_frames * FUZZ_PORTS);
	/* a port with a full ring or no link takes nothing */
	CHECK(!fakes[1].full || fakes[1].taken == 0);
	/* and the FDB never learns more than the limits allow */
	for (i = 0; i < FUZZ_PORTS; i++)
		CHECK(sw.fdb->port_count[i] <= ports[i].conf.mac_limit);
	CHECK(sw.fdb->net_count[0] <= sw.fdb->net_max[0] + 1);	/* + static */
	CHECK(sw.fdb->net_count[1] <= sw.fdb->net_max[1]);
}

/**
 * LLVMFuzzerTestOneInput() - Switch the frames of one input
 * @data:	Input
 * @size:	Its length
 *
 * Return: 0
 */
/**
 * check_pool_sound() - Every mbuf is in the pool exactly once
 *
 * rte_mempool_in_use_count() is capped at the pool size, so a double free
 * (an mbuf put back twice) would look like "nothing in use". Take every mbuf
 * out, and abort if there are more than the pool holds or one comes twice.
 */
static void check_pool_sound(void)
{
	static struct rte_mbuf *all[FUZZ_POOL_SIZE + 64];
	unsigned int n = 0, i;

	while (n < RTE_DIM(all) && (all[n] = rte_pktmbuf_alloc(pool)) != NULL)
		n++;
	CHECK(n == FUZZ_POOL_SIZE);
	/* mark each mbuf once; meeting a mark again means it came out twice */
	for (i = 0; i < n; i++)
		all[i]->port = 0;
	for (i = 0; i < n; i++) {
		CHECK(all[i]->port == 0);	/* seen twice: double free */
		all[i]->port = 1;
	}
	for (i = 0; i < n; i++)
		rte_pktmbuf_free(all[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rte_mbuf *burst[VSW_BURST];
	uint16_t n = 0, burst_in = 0;
	bool flush_each;
	size_t off = 1;

	if (size < 1)
		return 0;
	configure(data[0]);
	flush_each = !(data[0] & 32);
	n_frames = 0;
	while (off + 3 <= size && n_frames < FUZZ_MAX_FRAMES) {
		struct fuzz_frame *fr = &frames[n_frames];
		uint8_t flags = data[off];
		size_t len = (size_t)data[off + 1] | (size_t)data[off + 2] << 8;
		int split = -1;

		off += 3;
		if (len > size - off)
			len = size - off;
		if (len > FUZZ_MAX_LEN)
			len = FUZZ_MAX_LEN;
		fr->data = data + off;
		fr->len = (uint16_t)len;
		fr->in = (uint16_t)((flags & 3u) % FUZZ_PORTS);
		fr->sent = 0;
		off += len;
		if (flags & 8)
			split = (int)(len * (flags >> 4) / 16);
		if (n > 0 && (fr->in != burst_in || (flags & 4))) {
			pmd_process_burst(pmd, &tables, &ports[burst_in], burst, n);
			if (flush_each)
				pmd_flush(pmd, &tables);
			n = 0;
		}
		burst_in = fr->in;
		burst[n++] = make_mbuf(fr, n_frames, split);
		n_frames++;
	}
	if (n > 0)
		pmd_process_burst(pmd, &tables, &ports[burst_in], burst, n);
	pmd_flush(pmd, &tables);

	CHECK(pmd->n_dirty == 0);
	CHECK(rte_mempool_in_use_count(pool) == 0);
	check_pool_sound();
	check_counters();
	return 0;
}
