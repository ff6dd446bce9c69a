/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pmd.c - packet-processing threads: poll, switch, transmit.
 *
 * Run to completion per burst: rx burst (32) -> parse and validate ->
 * VLAN ingress (which network: the access network, or the trunk's network
 * for the frame's 802.1Q tag, which is popped) -> one bulk FDB lookup for
 * the burst's distinct (network, MAC) keys (runs of equal keys are looked up
 * once) -> learn stage -> forward stage (unicast, flood; a tag is pushed
 * where the frame leaves on a trunk) into per-output buffers -> one flush
 * per output per burst. DHCP client messages and ARP requests for a network's
 * DHCP server address are handed to the DHCP service through a ring (its
 * replies come back through another, drained here), and DHCP server
 * messages from untrusted ports are dropped. No locks, no allocation; every
 * frame not delivered is
 * freed and counted against a drop reason. Between iterations the thread
 * reports an RCU quiescent state; when idle it sleeps with growing naps and
 * is marked offline for RCU meanwhile.
 */
#include <time.h>

#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_prefetch.h>
#include <rte_ring.h>
#include <rte_udp.h>

#include "capture.h"
#include "dhcp_svc.h"
#include "log.h"
#include "pmd.h"
#include "vlan.h"

#define PMD_IDLE_BEFORE_SLEEP_US	200	/* busy-poll this long first */
#define PMD_SLEEP_MIN_US		10
#define PMD_SLEEP_MAX_US		1000

static inline void pmd_drop(struct pmd *pmd, struct vsw_port *port,
			    struct rte_mbuf *m, enum drop_reason r)
{
	port->stats[pmd->idx].drops[r]++;
	rte_pktmbuf_free(m);
}

/* Send what is buffered for @port_id; count and free what the peer refused. */
static void pmd_flush_port(struct pmd *pmd, const struct dp_tables *t,
			   uint16_t port_id)
{
	struct pmd_txq *q = &pmd->txq[port_id];
	struct vsw_port *port = t->ports[port_id];
	struct port_stats *st = &port->stats[pmd->idx];
	uint64_t bytes = 0, unsent_bytes = 0;
	uint16_t sent, i;
	enum drop_reason r;

	if (q->n == 0)
		return;
	if (unlikely(__atomic_load_n(&port->cap_tx, __ATOMIC_ACQUIRE)))
		capture_frames(pmd->sw, pmd->idx, __atomic_load_n(&port->cap_tx,
			       __ATOMIC_ACQUIRE), q->pkts, q->n, port_id,
			       CAP_DIR_TX);
	for (i = 0; i < q->n; i++)
		bytes += q->pkts[i]->pkt_len;
	sent = port->ops->tx(port, q->pkts, q->n);
	if (unlikely(sent < q->n)) {
		r = port->ops->link_up(port) ? DROP_TX_FULL : DROP_NO_LINK;
		for (i = sent; i < q->n; i++)
			unsent_bytes += q->pkts[i]->pkt_len;
		st->drops[r] += q->n - sent;
		rte_pktmbuf_free_bulk(&q->pkts[sent], q->n - sent);
	}
	st->tx_packets += sent;
	st->tx_bytes += bytes - unsent_bytes;
	q->n = 0;
}

/**
 * pmd_flush() - Send every output buffer of this PMD
 * @pmd:	PMD
 * @t:		Tables the frames were switched with
 */
void pmd_flush(struct pmd *pmd, const struct dp_tables *t)
{
	uint16_t i;

	for (i = 0; i < pmd->n_dirty; i++)
		pmd_flush_port(pmd, t, pmd->dirty[i]);
	pmd->n_dirty = 0;
}

static inline void pmd_enqueue(struct pmd *pmd, const struct dp_tables *t,
			       uint16_t out, struct rte_mbuf *m)
{
	struct pmd_txq *q = &pmd->txq[out];

	if (q->n == 0)
		pmd->dirty[pmd->n_dirty++] = out;
	q->pkts[q->n++] = m;
	if (unlikely(q->n == VSW_BURST))
		pmd_flush_port(pmd, t, out);	/* stays listed as dirty */
}

/* Whether a frame of @net leaves @out with an 802.1Q tag. */
static inline bool pmd_tagged(const struct dp_tables *t, uint16_t out,
			      uint16_t net)
{
	return t->pv[out].trunk && t->pv[out].net != net;
}

/* The TCI a frame of @net gets on a trunk: the network's VID, and the
 * priority and DEI bits it arrived with (0 if it came untagged). */
static inline uint16_t pmd_tci(const struct dp_tables *t, uint16_t net,
			       const struct rte_mbuf *m)
{
	return (uint16_t)((m->vlan_tci & 0xf000) | t->net_vid[net]);
}

/* Buffer a unicast frame for @out, tagged if @out is a trunk. */
static inline void pmd_output(struct pmd *pmd, const struct dp_tables *t,
			      uint16_t out, uint16_t net, struct rte_mbuf *m)
{
	if (pmd_tagged(t, out, net)) {
		m->vlan_tci = pmd_tci(t, net, m);
		if (unlikely(rte_vlan_insert(&m) != 0)) {
			pmd_drop(pmd, t->ports[out], m, DROP_NO_MBUF);
			return;
		}
	}
	pmd_enqueue(pmd, t, out, m);
}

/*
 * A tagged variant of @m that shares its payload: a new first segment with
 * the MAC addresses and the 802.1Q tag, chained to a clone (indirect mbufs)
 * of @m from its EtherType on. @m itself stays untouched for the untagged
 * destinations. NULL if the pool is empty.
 */
static struct rte_mbuf *pmd_tagged_clone(struct rte_mempool *pool,
					 struct rte_mbuf *m, uint16_t tci)
{
	struct rte_mbuf *hdr, *body;
	uint8_t *p;

	hdr = rte_pktmbuf_alloc(pool);
	if (unlikely(hdr == NULL))
		return NULL;
	body = rte_pktmbuf_clone(m, pool);
	if (unlikely(body == NULL)) {
		rte_pktmbuf_free(hdr);
		return NULL;
	}
	p = (uint8_t *)rte_pktmbuf_append(hdr, 2 * RTE_ETHER_ADDR_LEN +
					  sizeof(struct rte_vlan_hdr));
	memcpy(p, rte_pktmbuf_mtod(m, const uint8_t *), 2 * RTE_ETHER_ADDR_LEN);
	*(rte_be16_t *)(p + 12) = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	*(rte_be16_t *)(p + 14) = rte_cpu_to_be_16(tci);
	hdr->hash = m->hash;	/* metadata travels with the frame */
	rte_pktmbuf_adj(body, 2 * RTE_ETHER_ADDR_LEN);
	if (unlikely(rte_pktmbuf_chain(hdr, body) != 0)) {
		rte_pktmbuf_free(hdr);
		rte_pktmbuf_free(body);
		return NULL;
	}
	return hdr;
}

/* Add @n references to every segment (rte_pktmbuf_free drops one each). */
static inline void pmd_ref(struct rte_mbuf *m, int16_t n)
{
	for (; m != NULL && n != 0; m = m->next)
		rte_mbuf_refcnt_update(m, n);
}

/*
 * Unknown unicast, broadcast, multicast: every other port of the network.
 * Destinations that take the frame untagged share the same mbuf (reference
 * counted; backends do not modify it). Trunk destinations need a tag: if all
 * destinations do, the tag is pushed on the frame itself; if both kinds are
 * present, the trunks share one tagged clone (a header segment chained to
 * the payload, no copy).
 */
static void pmd_flood(struct pmd *pmd, const struct dp_tables *t,
		      const struct vsw_port *in, uint16_t net,
		      struct rte_mbuf *m)
{
	uint32_t first = t->net_first[net], i;
	uint16_t cnt = t->net_count[net], n_untag = 0, n_tag = 0, out;
	struct rte_mbuf *tagged = NULL;

	for (i = first; i < first + cnt; i++) {
		out = t->members[i];
		if (out == in->id)
			continue;
		if (pmd_tagged(t, out, net))
			n_tag++;
		else
			n_untag++;
	}
	if (n_untag + n_tag == 0) {
		rte_pktmbuf_free(m);	/* nobody else in the network */
		return;
	}
	if (n_tag != 0 && n_untag == 0) {
		m->vlan_tci = pmd_tci(t, net, m);
		if (likely(rte_vlan_insert(&m) == 0))
			tagged = m;
		else
			rte_pktmbuf_free(m);
		m = NULL;
	} else if (n_tag != 0) {
		tagged = pmd_tagged_clone(pmd->sw->pool, m, pmd_tci(t, net, m));
	}
	if (m != NULL)
		pmd_ref(m, (int16_t)(n_untag - 1));
	if (tagged != NULL)
		pmd_ref(tagged, (int16_t)(n_tag - 1));
	for (i = first; i < first + cnt; i++) {
		out = t->members[i];
		if (out == in->id)
			continue;
		if (!pmd_tagged(t, out, net))
			pmd_enqueue(pmd, t, out, m);
		else if (tagged != NULL)
			pmd_enqueue(pmd, t, out, tagged);
		else
			t->ports[out]->stats[pmd->idx].drops[DROP_NO_MBUF]++;
	}
}

/*
 * VLAN ingress for a frame that is tagged, or that arrived on a trunk
 * (everything but the common untagged-on-access case). Pops the 802.1Q tag
 * (its TCI stays in m->vlan_tci for the priority) and returns the frame's
 * network, or drops the frame, counts why, and returns VSW_NET_NONE.
 */
static uint16_t pmd_vlan_in(struct pmd *pmd, const struct dp_tables *t,
			    struct vsw_port *in, struct rte_mbuf *m)
{
	const struct dp_port_vlan *pv = &t->pv[in->id];
	struct vlan_info vi;
	uint16_t net;

	vlan_classify(m, &vi);
	switch (vi.cls) {
	case VLAN_UNTAGGED:
	case VLAN_OTHER_TPID:
		if (!pv->trunk) {
			if (vi.cls == VLAN_UNTAGGED)
				return pv->net;	/* not reached: fast path */
			break;			/* S-tag on an access port */
		}
		if (vi.cls == VLAN_OTHER_TPID)
			in->stats[pmd->idx].rx_other_tpid++;
		if (pv->net == VSW_NET_NONE) {
			pmd_drop(pmd, in, m, DROP_NO_NATIVE);
			return VSW_NET_NONE;
		}
		return pv->net;
	case VLAN_PRIORITY:
		if (pv->net == VSW_NET_NONE) {
			pmd_drop(pmd, in, m, DROP_NO_NATIVE);
			return VSW_NET_NONE;
		}
		vlan_pop(m, &vi);
		return pv->net;
	case VLAN_TAGGED:
	case VLAN_DOUBLE:
		if (!pv->trunk)
			break;		/* tagged or QinQ on an access port */
		net = t->vid_net[vi.vid];
		if (net == VSW_NET_NONE || !dp_in_net(t, in->id, net)) {
			pmd_drop(pmd, in, m, DROP_UNKNOWN_VLAN);
			return VSW_NET_NONE;
		}
		vlan_pop(m, &vi);	/* outer tag only: the inner one stays */
		return net;
	case VLAN_RUNT:
		pmd_drop(pmd, in, m, DROP_RUNT);
		return VSW_NET_NONE;
	}
	pmd_drop(pmd, in, m, DROP_VLAN_VIOLATION);
	return VSW_NET_NONE;
}

enum pmd_dhcp_verdict { PMD_DHCP_PASS, PMD_DHCP_PUNT, PMD_DHCP_ROGUE };

#define PMD_BE16(x)	RTE_BE16(x)

/*
 * The per-frame test: could this be a DHCP message (UDP to or from port 67)
 * or an ARP frame? A few compares on the header line the parser already
 * read: the EtherType, for IPv4 the protocol, for UDP with a 20-byte IPv4
 * header the two ports. Everything else (IPv4 options, ARP) takes the full
 * check, pmd_dhcp_classify().
 */
static inline bool pmd_dhcp_maybe(const struct rte_mbuf *m,
				  const struct rte_ether_hdr *eth)
{
	const struct rte_ipv4_hdr *ip = (const void *)(eth + 1);
	const struct rte_udp_hdr *udp = (const void *)(ip + 1);

	if (eth->ether_type == PMD_BE16(RTE_ETHER_TYPE_IPV4))
		return m->data_len >= sizeof(*eth) + sizeof(*ip) + sizeof(*udp) &&
		       ip->next_proto_id == IPPROTO_UDP &&
		       (ip->version_ihl != 0x45 ||
			udp->src_port == PMD_BE16(67) ||
			udp->dst_port == PMD_BE16(67));
	return eth->ether_type == PMD_BE16(RTE_ETHER_TYPE_ARP);
}

/*
 * What the DHCP service cares about in a frame of @net from port @in: a
 * client message to the network's server (broadcast or to its address), an
 * ARP request for the server's address (PUNT), or a server message from a
 * port not trusted to run a DHCP server (ROGUE). Reads only headers in the
 * first segment; everything else passes. Only for frames that
 * pmd_dhcp_maybe() picked, so it stays out of line.
 */
static __rte_noinline enum pmd_dhcp_verdict
pmd_dhcp_classify(const struct dp_tables *t, uint16_t in, uint16_t net,
		  const struct rte_mbuf *m, const struct rte_ether_hdr *eth)
{
	uint32_t srv = t->net_dhcp[net];

	if (eth->ether_type == PMD_BE16(RTE_ETHER_TYPE_IPV4)) {
		const struct rte_ipv4_hdr *ip = (const void *)(eth + 1);
		const struct rte_udp_hdr *udp;
		unsigned int ihl;

		if (m->data_len < sizeof(*eth) + sizeof(*ip) + sizeof(*udp) ||
		    ip->next_proto_id != IPPROTO_UDP ||
		    (ip->fragment_offset & PMD_BE16(RTE_IPV4_HDR_OFFSET_MASK)))
			return PMD_DHCP_PASS;
		ihl = (ip->version_ihl & 0xf) * 4u;
		if (ihl < sizeof(*ip) ||
		    m->data_len < sizeof(*eth) + ihl + sizeof(*udp))
			return PMD_DHCP_PASS;
		udp = (const void *)((const uint8_t *)ip + ihl);
		if (udp->src_port == PMD_BE16(67) && udp->dst_port == PMD_BE16(68))
			return t->dhcp_trusted[in] ? PMD_DHCP_PASS :
						     PMD_DHCP_ROGUE;
		if (srv != 0 && udp->dst_port == PMD_BE16(67) &&
		    udp->src_port == PMD_BE16(68) &&
		    (ip->dst_addr == srv || ip->dst_addr == UINT32_MAX))
			return PMD_DHCP_PUNT;
		return PMD_DHCP_PASS;
	}
	if (srv != 0 && eth->ether_type == PMD_BE16(RTE_ETHER_TYPE_ARP) &&
	    m->data_len >= sizeof(*eth) + sizeof(struct rte_arp_hdr)) {
		const struct rte_arp_hdr *a = (const void *)(eth + 1);

		if (a->arp_opcode == PMD_BE16(RTE_ARP_OP_REQUEST) &&
		    a->arp_data.arp_tip == srv)
			return PMD_DHCP_PUNT;
	}
	return PMD_DHCP_PASS;
}

/*
 * Hand a frame to the DHCP service: the port's token bucket (DHCP_SVC_RATE
 * per second, DHCP_SVC_BURST deep; only the owner PMD touches it) first,
 * then a non-blocking enqueue. The ingress port and network travel in the
 * mbuf (port, hash.usr).
 */
static void pmd_dhcp_punt(struct pmd *pmd, struct vsw_port *in, uint16_t net,
			  struct rte_mbuf *m)
{
	uint64_t now = rte_get_tsc_cycles();
	uint64_t add = (now - in->dhcp_tsc) * DHCP_SVC_RATE / rte_get_tsc_hz();

	if (add != 0) {
		in->dhcp_tokens = (uint32_t)RTE_MIN(in->dhcp_tokens + add,
						    (uint64_t)DHCP_SVC_BURST);
		in->dhcp_tsc = now;
	}
	if (in->dhcp_tokens == 0) {
		pmd_drop(pmd, in, m, DROP_DHCP_RATE);
		return;
	}
	in->dhcp_tokens--;
	m->port = in->id;
	m->hash.usr = net;
	if (unlikely(rte_ring_mp_enqueue(pmd->sw->dhcp_rx, m) != 0)) {
		pmd_drop(pmd, in, m, DROP_DHCP_BUSY);
		return;
	}
	in->stats[pmd->idx].dhcp_punts++;
}

/*
 * The DHCP service's replies: each names its port and network (port,
 * hash.usr) and leaves like a switched frame, tagged on a trunk. A reply
 * whose port left the network meanwhile is freed.
 */
/**
 * pmd_dhcp_tx() - Send what the DHCP service queued
 * @pmd:	PMD
 * @t:		Current tables
 *
 * Return: number of replies dequeued
 */
unsigned int pmd_dhcp_tx(struct pmd *pmd, const struct dp_tables *t)
{
	struct rte_mbuf *pkts[VSW_BURST];
	unsigned int n, i;

	n = rte_ring_mc_dequeue_burst(pmd->sw->dhcp_tx, (void **)pkts,
				      VSW_BURST, NULL);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint16_t out = m->port, net = (uint16_t)m->hash.usr;

		if (out >= VSW_MAX_PORTS || net >= VSW_MAX_NETS ||
		    t->ports[out] == NULL || !dp_in_net(t, out, net)) {
			rte_pktmbuf_free(m);
			continue;
		}
		m->vlan_tci = 0;
		pmd_output(pmd, t, out, net, m);
	}
	if (n != 0)
		pmd_flush(pmd, t);
	return n;
}

/**
 * pmd_process_burst() - Switch one received burst
 * @pmd:	PMD
 * @t:		Current tables
 * @in:		Ingress port
 * @pkts:	Frames received on @in (ownership passes to this function)
 * @n:		Number of frames, at most VSW_BURST
 *
 * Frames end up in output buffers or are dropped and counted; the caller
 * flushes with pmd_flush() once per poll iteration.
 */
void pmd_process_burst(struct pmd *pmd, const struct dp_tables *t,
		       struct vsw_port *in, struct rte_mbuf **pkts, uint16_t n)
{
	struct port_stats *st = &in->stats[pmd->idx];
	const struct dp_port_vlan *pv = &t->pv[in->id];
	struct fdb *fdb = pmd->sw->fdb;
	uint64_t keys[2 * VSW_BURST];
	uint32_t words[2 * VSW_BURST];
	int32_t pos[2 * VSW_BURST];
	uint8_t src_u[VSW_BURST], dst_u[VSW_BURST];
	uint16_t nets[VSW_BURST];
	bool learned[2 * VSW_BURST];
	uint32_t now = __atomic_load_n(&pmd->sw->now, __ATOMIC_RELAXED);
	uint16_t i, m = 0, nu = 0, last_src = 0, last_dst = 0;
	uint8_t cap = __atomic_load_n(&in->cap_rx, __ATOMIC_ACQUIRE);
	bool net_cap = __atomic_load_n(&pmd->sw->net_cap_any, __ATOMIC_ACQUIRE);
	uint64_t bytes = 0;

	/* captures see the frames exactly as the peer sent them */
	if (unlikely(cap != 0))
		capture_frames(pmd->sw, pmd->idx, cap, pkts, n, in->id,
			       CAP_DIR_RX);

	/*
	 * Parse: keep well-formed frames, find their network and collect their
	 * FDB keys. Frames of one flow arrive back to back, so a key equal to
	 * the previous frame's is not looked up again: keys[] holds each run's
	 * key once.
	 */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *mb = pkts[i];
		const struct rte_ether_hdr *eth;
		uint64_t ks, kd;
		uint16_t net;

		bytes += mb->pkt_len;
		if (unlikely(mb->data_len < sizeof(*eth))) {
			pmd_drop(pmd, in, mb, DROP_RUNT);
			continue;
		}
		eth = rte_pktmbuf_mtod(mb, const struct rte_ether_hdr *);
		if (unlikely(!rte_is_valid_assigned_ether_addr(&eth->src_addr))) {
			pmd_drop(pmd, in, mb, DROP_BAD_SRC);
			continue;
		}
		if (likely(!pv->trunk && !vlan_is_tpid(eth->ether_type))) {
			net = pv->net;
			mb->vlan_tci = 0;
		} else {
			mb->vlan_tci = 0;
			net = pmd_vlan_in(pmd, t, in, mb);
			if (net == VSW_NET_NONE)
				continue;
			eth = rte_pktmbuf_mtod(mb, const struct rte_ether_hdr *);
		}
		if (unlikely(mb->pkt_len > t->net_maxlen[net])) {
			pmd_drop(pmd, in, mb, DROP_OVERSIZE);
			continue;
		}
		/* network captures: once per frame, untagged, at ingress */
		if (unlikely(net_cap) && pmd->sw->net_cap[net] != 0)
			capture_frames(pmd->sw, pmd->idx, __atomic_load_n(
				       &pmd->sw->net_cap[net], __ATOMIC_ACQUIRE),
				       &mb, 1, in->id, CAP_DIR_RX);
		if (unlikely(pmd_dhcp_maybe(mb, eth))) {
			switch (pmd_dhcp_classify(t, in->id, net, mb, eth)) {
			case PMD_DHCP_PASS:
				break;
			case PMD_DHCP_PUNT:
				pmd_dhcp_punt(pmd, in, net, mb);
				continue;
			case PMD_DHCP_ROGUE:
				pmd_drop(pmd, in, mb, DROP_DHCP_ROGUE);
				continue;
			}
		}
		ks = fdb_key(net, eth->src_addr.addr_bytes);
		kd = fdb_key(net, eth->dst_addr.addr_bytes);
		if (m == 0 || keys[last_src] != ks) {
			learned[nu] = false;
			keys[nu] = ks;
			last_src = nu++;
		}
		if (m == 0 || keys[last_dst] != kd) {
			learned[nu] = true;	/* destination: nothing to learn */
			keys[nu] = kd;
			last_dst = nu++;
		}
		src_u[m] = (uint8_t)last_src;
		dst_u[m] = (uint8_t)last_dst;
		nets[m] = net;
		pkts[m++] = mb;
	}
	st->rx_packets += n;
	st->rx_bytes += bytes;
	if (m == 0)
		return;
	fdb_lookup_bulk(fdb, keys, nu, pos, words);

	/* Learn the whole burst first (each source once), then forward it. */
	for (i = 0; i < nu; i++) {
		if (learned[i])
			continue;
		learned[i] = fdb_learn(fdb, keys[i], pos[i], words[i], in->id,
				       now) == FDB_LEARN_OK;
	}
	for (i = 0; i < m; i++) {
		struct rte_mbuf *mb = pkts[i];
		uint32_t w = words[dst_u[i]];
		uint16_t out;

		if (unlikely(!learned[src_u[i]])) {
			VLOG_RL(LOG_LVL_WARN, "port %s: MAC limit (%u) or network "
				"FDB cap reached, dropping frames from new MACs",
				in->conf.name, in->conf.mac_limit);
			pmd_drop(pmd, in, mb, DROP_MAC_LIMIT);
			continue;
		}
		if (!(w & FDB_W_VALID) ||
		    rte_is_multicast_ether_addr(&rte_pktmbuf_mtod(mb,
				const struct rte_ether_hdr *)->dst_addr)) {
			pmd_flood(pmd, t, in, nets[i], mb);
			continue;
		}
		out = FDB_W_PORT(w);
		if (unlikely(out == in->id))
			pmd_drop(pmd, in, mb, DROP_HAIRPIN);
		else if (unlikely(t->ports[out] == NULL ||
				  !dp_in_net(t, out, nets[i])))
			pmd_drop(pmd, in, mb, DROP_NO_PORT);
		else
			pmd_output(pmd, t, out, nets[i], mb);
	}
}

/* Sleep while idle; offline for RCU so control changes do not wait for us. */
static void pmd_nap(struct pmd *pmd, unsigned int us)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)us * 1000 };

	rte_rcu_qsbr_thread_offline(pmd->sw->qsv, pmd->idx);
	nanosleep(&ts, NULL);
	rte_rcu_qsbr_thread_online(pmd->sw->qsv, pmd->idx);
	pmd->sleeps++;
}

/**
 * pmd_main() - PMD thread body
 * @arg:	struct pmd of this thread
 *
 * Return: 0 when sw->running is cleared
 */
int pmd_main(void *arg)
{
	struct pmd *pmd = arg;
	struct vsw *sw = pmd->sw;
	struct rte_mbuf *pkts[VSW_BURST];
	uint64_t hz = rte_get_timer_hz(), idle_since = 0;
	uint64_t idle_wait = hz * PMD_IDLE_BEFORE_SLEEP_US / 1000000;
	unsigned int nap = PMD_SLEEP_MIN_US;

	rte_rcu_qsbr_thread_register(sw->qsv, pmd->idx);
	rte_rcu_qsbr_thread_online(sw->qsv, pmd->idx);
	VLOG_INFO("pmd %u: running on lcore %u (cpu %u)", pmd->idx, pmd->lcore,
		 sw->pmd_cpus[pmd->idx]);

	while (__atomic_load_n(&sw->running, __ATOMIC_RELAXED)) {
		const struct dp_tables *t =
			__atomic_load_n(&sw->tables, __ATOMIC_ACQUIRE);
		unsigned int got = 0;
		uint16_t j;

		for (j = 0; j < t->n_rx[pmd->idx]; j++) {
			struct vsw_port *port = t->ports[t->rx[pmd->idx][j]];
			uint16_t n = port->ops->rx(port, pkts, VSW_BURST);

			if (n == 0)
				continue;
			got += n;
			pmd_process_burst(pmd, t, port, pkts, n);
			pmd_flush(pmd, t);
		}
		if (sw->dhcp_tx != NULL && unlikely(!rte_ring_empty(sw->dhcp_tx)))
			got += pmd_dhcp_tx(pmd, t);
		rte_rcu_qsbr_quiescent(sw->qsv, pmd->idx);

		if (likely(got != 0)) {
			pmd->busy_polls++;
			idle_since = 0;
			nap = PMD_SLEEP_MIN_US;
			continue;
		}
		pmd->idle_polls++;
		if (idle_since == 0) {
			idle_since = rte_get_timer_cycles();
		} else if (rte_get_timer_cycles() - idle_since > idle_wait) {
			pmd_nap(pmd, nap);
			if (nap < PMD_SLEEP_MAX_US)
				nap *= 2;
		}
	}
	rte_rcu_qsbr_thread_offline(sw->qsv, pmd->idx);
	rte_rcu_qsbr_thread_unregister(sw->qsv, pmd->idx);
	VLOG_INFO("pmd %u: stopped", pmd->idx);
	return 0;
}
