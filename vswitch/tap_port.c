/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tap_port.c - kernel TAP port backend.
 *
 * vswitchd opens /dev/net/tun itself (IFF_TAP | IFF_NO_PI, non-blocking),
 * inside the port's network namespace when it has one, so the interface is
 * born there and its name never collides with the daemon's namespace. The
 * interface is configured through hostif.c (rtnetlink) and disappears when
 * the fd is closed: on port-del, on daemon exit, and on a crash.
 *
 * RX (owner PMD): one readv() per frame into a chain of mbufs sized for the
 * port's MTU (one mbuf up to ~2 KB frames). An idle TAP is read only every
 * TAP_IDLE_SKIP polls so that it does not cost a syscall per PMD loop.
 * TX (any PMD): one writev() per frame straight from its segments (a write
 * on a TAP fd is atomic per frame, so PMDs need no lock). The kernel offers
 * no offloads here (no IFF_VNET_HDR): frames both ways are complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_tun.h>

#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "hostif.h"
#include "log.h"
#include "tap_port.h"

#define TAP_MAX_SEGS	8	/* 8 x 2 KB mbufs: 9000-byte MTU frames */
#define TAP_IDLE_SKIP	8

/**
 * struct tap_priv - TAP backend state
 * @fd:		/dev/net/tun fd bound to the interface
 * @nseg:	Segments to read a frame into (from the MTU)
 * @skip:	Polls left to skip while idle (owner PMD only)
 * @link_down:	Last write failed with EIO (interface down), or the control
 *		thread saw it down
 * @hc:		What the interface is given (re-applied if it is re-created)
 * @mac:	Storage for hc.mac
 */
struct tap_priv {
	int fd;
	uint16_t nseg;
	uint16_t skip;
	bool link_down;
	struct hostif_conf hc;
	uint8_t mac[6];
};

static struct rte_mempool *tap_pool;

static int tap_make(const struct vsw_port *port, const struct hostif_conf *hc,
		    char *err, size_t errsize);

static uint16_t tap_nseg(uint16_t mtu)
{
	unsigned int room = rte_pktmbuf_data_room_size(tap_pool) -
			    RTE_PKTMBUF_HEADROOM;
	/* Ethernet header, one tag, and room to see (and count) oversize */
	unsigned int need = mtu + 14 + 4 + 1;
	unsigned int n = (need + room - 1) / room;

	return (uint16_t)RTE_MIN(n, (unsigned int)TAP_MAX_SEGS);
}

static uint16_t tap_rx(struct vsw_port *port, struct rte_mbuf **pkts,
		       uint16_t n)
{
	struct tap_priv *p = port->priv;
	struct rte_mbuf *segs[TAP_MAX_SEGS];
	struct iovec iov[TAP_MAX_SEGS];
	uint16_t got = 0, nseg = p->nseg, i;

	if (p->skip != 0) {
		p->skip--;
		return 0;
	}
	if (unlikely(p->fd < 0))
		return 0;	/* not created yet: the control thread retries */
	while (got < n) {
		struct rte_mbuf *head, *prev;
		ssize_t len, left;

		if (rte_pktmbuf_alloc_bulk(tap_pool, segs, nseg) != 0)
			break;
		for (i = 0; i < nseg; i++) {
			iov[i].iov_base = rte_pktmbuf_mtod(segs[i], void *);
			iov[i].iov_len = rte_pktmbuf_tailroom(segs[i]);
		}
		len = readv(p->fd, iov, nseg);
		if (len <= 0) {
			rte_pktmbuf_free_bulk(segs, nseg);
			break;
		}
		head = segs[0];
		left = len;
		prev = NULL;
		for (i = 0; i < nseg && left > 0; i++) {
			uint16_t l = (uint16_t)RTE_MIN((size_t)left, iov[i].iov_len);

			segs[i]->data_len = l;
			if (prev != NULL)
				prev->next = segs[i];
			prev = segs[i];
			left -= l;
		}
		head->nb_segs = i;
		head->pkt_len = (uint32_t)len;
		if (i < nseg)
			rte_pktmbuf_free_bulk(&segs[i], nseg - i);
		pkts[got++] = head;
	}
	if (got == 0)
		p->skip = TAP_IDLE_SKIP;
	return got;
}

static uint16_t tap_tx(struct vsw_port *port, struct rte_mbuf **pkts,
		       uint16_t n)
{
	struct tap_priv *p = port->priv;
	struct iovec iov[TAP_MAX_SEGS * 2];
	uint16_t i;

	if (unlikely(__atomic_load_n(&p->fd, __ATOMIC_ACQUIRE) < 0))
		return 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i], *s;
		unsigned int k = 0;

		for (s = m; s != NULL && k < RTE_DIM(iov); s = s->next, k++) {
			iov[k].iov_base = rte_pktmbuf_mtod(s, void *);
			iov[k].iov_len = s->data_len;
		}
		if (unlikely(s != NULL || writev(p->fd, iov, (int)k) < 0)) {
			if (s == NULL && errno == EIO)
				__atomic_store_n(&p->link_down, true,
						 __ATOMIC_RELAXED);
			if (s != NULL || errno == EIO || errno == EAGAIN)
				break;
			/* Anything else concerns this frame only. */
		} else if (unlikely(__atomic_load_n(&p->link_down,
						    __ATOMIC_RELAXED))) {
			__atomic_store_n(&p->link_down, false, __ATOMIC_RELAXED);
		}
		rte_pktmbuf_free(m);
	}
	return i;
}

static bool tap_link_up(const struct vsw_port *port)
{
	const struct tap_priv *p = port->priv;

	return !__atomic_load_n(&p->link_down, __ATOMIC_RELAXED);
}

static bool tap_poll(struct vsw_port *port)
{
	struct tap_priv *p = port->priv;
	struct hostif_link l;
	char err[256];
	int fd;

	if (p->fd < 0) {	/* restored while its namespace was missing */
		p->hc.mtu = port->mtu;
		fd = tap_make(port, &p->hc, err, sizeof(err));
		if (fd < 0) {
			VLOG_RL(LOG_LVL_WARN, "port %s: %s", port->conf.name, err);
			return false;
		}
		p->nseg = tap_nseg(port->mtu);
		__atomic_store_n(&p->fd, fd, __ATOMIC_RELEASE);
	}

	if (hostif_get(port->conf.netns, port->conf.ifname, &l, err,
		       sizeof(err)) != 0)
		return false;
	__atomic_store_n(&p->link_down, !(l.exists && l.up), __ATOMIC_RELAXED);
	if (l.exists && l.forwarding && p->hc.no_forward) {
		/* Turning net.ipv4.ip_forward on sets every interface's
		 * forwarding: a host-only interface must not route. */
		struct hostif_conf c = { .no_forward = true };

		if (hostif_apply(port->conf.netns, port->conf.ifname, &c, err,
				 sizeof(err)) == 0)
			VLOG_WARN("port %s: IPv4 forwarding was turned on for "
				  "%s (net.ipv4.ip_forward set?); turned it off "
				  "again", port->conf.name, port->conf.ifname);
		else
			VLOG_RL(LOG_LVL_ERR, "port %s: %s", port->conf.name, err);
	}
	return false;
}

static int tap_set_mtu(struct vsw_port *port, uint16_t mtu, char *err,
		       size_t errsize)
{
	struct tap_priv *p = port->priv;
	struct hostif_conf c = { .mtu = mtu };
	int ret;

	if (p->fd < 0) {	/* applied when it is created */
		port->mtu = mtu;
		return 0;
	}
	ret = hostif_apply(port->conf.netns, port->conf.ifname, &c, err, errsize);
	if (ret == 0) {
		p->nseg = tap_nseg(mtu);	/* read by the owner PMD */
		port->mtu = mtu;
	}
	return ret;
}

static void tap_destroy(struct vsw_port *port)
{
	struct tap_priv *p = port->priv;

	if (p->fd >= 0)
		close(p->fd);	/* the kernel removes the interface */
	rte_free(p);
	port->priv = NULL;
}

static const struct port_ops tap_ops = {
	.rx = tap_rx,
	.tx = tap_tx,
	.link_up = tap_link_up,
	.destroy = tap_destroy,
	.set_mtu = tap_set_mtu,
	.poll = tap_poll,
};

/**
 * tap_port_init() - Set the pool TAP ports receive into
 * @pool:	mbuf pool
 */
void tap_port_init(struct rte_mempool *pool)
{
	tap_pool = pool;
}

/* Create the TAP named @ifname in the calling thread's namespace. */
static int tap_open(const char *ifname, char *err, size_t errsize)
{
	struct ifreq ifr;
	int fd, ret;

	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errsize, "cannot open /dev/net/tun: %s",
			 strerror(errno));
		return ret;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, ifname, strnlen(ifname, IFNAMSIZ - 1));
	if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
		ret = -errno;
		snprintf(err, errsize, "cannot create TAP %s: %s", ifname,
			 strerror(errno));
		close(fd);
		return ret;
	}
	return fd;
}

/*
 * A MAC for a TAP without --mac that stays the same across restarts (the
 * kernel would pick a random one each time, and peers would keep a stale
 * ARP entry): locally administered unicast, from an FNV-1a hash of the
 * namespace and interface names.
 */
static void tap_stable_mac(const struct port_conf *c, uint8_t mac[6])
{
	uint64_t h = 0xcbf29ce484222325ull;
	const char *parts[2] = { c->netns, c->ifname }, *q;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		for (q = parts[i]; *q; q++)
			h = (h ^ (uint8_t)*q) * 0x100000001b3ull;
		h = (h ^ '/') * 0x100000001b3ull;
	}
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)(h >> (8 * i));
	mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
}

/* Create and configure the interface; the fd, or -errno. */
static int tap_make(const struct vsw_port *port, const struct hostif_conf *hc,
		    char *err, size_t errsize)
{
	const struct port_conf *c = &port->conf;
	const char *ns = c->netns[0] ? c->netns : NULL;
	struct hostif_link l;
	int fd, saved, ret;

	ret = hostif_get(ns, c->ifname, &l, err, errsize);
	if (ret != 0)
		return ret;
	if (l.exists) {
		snprintf(err, errsize, "interface %s already exists%s%s%s",
			 c->ifname, ns ? " in network namespace '" : " on the host",
			 ns ? ns : "", ns ? "'" : "");
		return -EEXIST;
	}
	ret = hostif_netns_enter(ns, &saved, err, errsize);
	if (ret != 0)
		return ret;
	fd = tap_open(c->ifname, err, errsize);
	hostif_netns_leave(saved);
	if (fd < 0)
		return fd;
	ret = hostif_apply(ns, c->ifname, hc, err, errsize);
	if (ret != 0) {
		close(fd);
		return ret;
	}
	VLOG_INFO("port %s: TAP %s%s%s created (mtu %u)", c->name, c->ifname,
		  ns ? " in netns " : "", ns ? ns : "", port->mtu);
	return fd;
}

/**
 * tap_port_create() - Create the TAP interface of a port
 * @port:	Port with conf.ifname, conf.netns, conf.mac and mtu set
 * @addr:	IPv4 address for the interface (host order), 0 for none
 * @prefix:	Its prefix length
 * @no_forward:	Turn IPv4 forwarding off on the interface
 * @lenient:	If the interface cannot be created now (its namespace is
 *		gone, the name is taken), log it and retry once a second
 *		instead of failing (restoring state at start-up)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The interface must not exist yet (in its namespace). It is created, given
 * the MTU, MAC, address, and set up.
 *
 * Return: 0, or -errno (nothing left behind)
 */
int tap_port_create(struct vsw_port *port, uint32_t addr, uint8_t prefix,
		    bool no_forward, bool lenient, char *err, size_t errsize)
{
	const struct port_conf *c = &port->conf;
	struct tap_priv *p;
	int fd;

	if (!names_ifname_valid(c->ifname)) {
		snprintf(err, errsize, "invalid interface name '%s' (1-%d "
			 "characters of A-Z a-z 0-9 _ . -)", c->ifname,
			 HOSTIF_NAME_MAX);
		return -EINVAL;
	}
	p = rte_zmalloc("tap_priv", sizeof(*p), RTE_CACHE_LINE_SIZE);
	if (p == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	p->hc = (struct hostif_conf){
		.mtu = port->mtu, .addr = addr, .prefix = prefix, .up = true,
		.no_forward = no_forward,
	};
	if (c->has_mac)
		memcpy(p->mac, c->mac, sizeof(p->mac));
	else
		tap_stable_mac(c, p->mac);
	p->hc.mac = p->mac;
	fd = tap_make(port, &p->hc, err, errsize);
	if (fd < 0 && !lenient) {
		rte_free(p);
		return fd;
	}
	if (fd < 0) {
		VLOG_WARN("port %s: %s; retrying every second", c->name, err);
		p->link_down = true;
	}
	p->nseg = tap_nseg(port->mtu);
	p->fd = fd;
	port->priv = p;
	port->ops = &tap_ops;
	return 0;
}
