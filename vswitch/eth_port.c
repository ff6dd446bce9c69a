/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eth_port.c - uplink port backend on a DPDK ethdev.
 *
 * A bridged network's uplink is a kernel interface driven through DPDK's
 * net_af_packet or net_af_xdp, or a DPDK-bound PCI NIC. The device is
 * hot-plugged (rte_dev_probe), given one RX and one TX queue on the switch's
 * mbuf pool, started, and put in promiscuous mode: guests appear on the LAN
 * with their own MACs.
 *
 * The port outlives its device. When the kernel interface disappears (or
 * is replaced by a new one with the same name), the control thread's
 * once-a-second poll detaches the device: the ethdev id is cleared, an RCU
 * grace period makes sure no PMD is still inside rx/tx with it, and the
 * device is closed and removed. While detached, RX returns nothing and TX
 * refuses frames (counted as no-link). When the interface returns it is
 * attached again. The network keeps switching locally throughout.
 *
 * Any PMD may transmit to an uplink; ethdev TX queues are not thread-safe,
 * so with several PMDs transmission takes a per-port spinlock. Frames from
 * a kernel interface may carry checksums the sender left for an offload;
 * RX finishes them (csum.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_spinlock.h>

#include "csum.h"
#include "eth_port.h"
#include "hostif.h"
#include "log.h"

#define ETH_NONE	RTE_MAX_ETHPORTS	/* no device attached */
#define ETH_RX_DESC	1024
#define ETH_TX_DESC	1024

/**
 * struct eth_priv - Uplink backend state
 * @eth:	ethdev port id, ETH_NONE while detached (PMDs read it once per
 *		call)
 * @lock:	Serializes TX when several PMDs may send
 * @shared_tx:	Whether @lock is needed
 * @carrier:	Interface has carrier (control thread's last look)
 * @present:	Interface exists (control thread's last look)
 * @ifindex:	Kernel ifindex the device was attached to
 * @dev:	DPDK device name (vdev name or PCI address) while attached
 */
struct eth_priv {
	uint16_t eth;
	rte_spinlock_t lock;
	bool shared_tx;
	bool carrier;
	bool present;
	int ifindex;
	char dev[64];
};

static struct rte_mempool *eth_pool;
static struct rte_rcu_qsbr *eth_qsv;
static bool eth_shared_tx;
static bool eth_pci_enabled;

static uint16_t eth_rx(struct vsw_port *port, struct rte_mbuf **pkts,
		       uint16_t n)
{
	struct eth_priv *p = port->priv;
	uint16_t id = __atomic_load_n(&p->eth, __ATOMIC_ACQUIRE), got, i;

	if (unlikely(id == ETH_NONE))
		return 0;
	got = rte_eth_rx_burst(id, 0, pkts, n);
	if (port->conf.type != PORT_PCI)	/* kernel interfaces: see csum.c */
		for (i = 0; i < got; i++)
			csum_complete_partial(pkts[i]);
	return got;
}

static uint16_t eth_tx(struct vsw_port *port, struct rte_mbuf **pkts,
		       uint16_t n)
{
	struct eth_priv *p = port->priv;
	uint16_t id = __atomic_load_n(&p->eth, __ATOMIC_ACQUIRE), sent;

	if (unlikely(id == ETH_NONE))
		return 0;
	if (!p->shared_tx)
		return rte_eth_tx_burst(id, 0, pkts, n);
	rte_spinlock_lock(&p->lock);
	sent = rte_eth_tx_burst(id, 0, pkts, n);
	rte_spinlock_unlock(&p->lock);
	return sent;
}

static bool eth_link_up(const struct vsw_port *port)
{
	const struct eth_priv *p = port->priv;

	return __atomic_load_n(&p->eth, __ATOMIC_RELAXED) != ETH_NONE &&
	       __atomic_load_n(&p->carrier, __ATOMIC_RELAXED);
}

/* Probe and start the device; on success p->eth is published. */
static int eth_attach(struct vsw_port *port, char *err, size_t errsize)
{
	struct eth_priv *p = port->priv;
	const struct port_conf *c = &port->conf;
	struct rte_eth_conf conf;
	char devargs[256];
	uint16_t id;
	int ret;

	if (port->conf.type == PORT_PCI) {
		if (!eth_pci_enabled) {
			snprintf(err, errsize, "PCI uplinks need the PCI bus: "
				 "start vswitchd with --pci");
			return -ENOTSUP;
		}
		snprintf(p->dev, sizeof(p->dev), "%s", c->ifname);
		snprintf(devargs, sizeof(devargs), "%s", c->ifname);
	} else if (port->conf.type == PORT_AF_XDP) {
		snprintf(p->dev, sizeof(p->dev), "net_af_xdp_vsw%u", port->id);
		snprintf(devargs, sizeof(devargs), "%s,iface=%s,start_queue=0,"
			 "queue_count=1", p->dev, c->ifname);
	} else {
		snprintf(p->dev, sizeof(p->dev), "net_af_packet_vsw%u", port->id);
		snprintf(devargs, sizeof(devargs), "%s,iface=%s,qpairs=1,"
			 "framecnt=2048", p->dev, c->ifname);
	}
	ret = rte_dev_probe(devargs);
	if (ret != 0 && !(ret == -EEXIST && port->conf.type == PORT_PCI)) {
		snprintf(err, errsize, "cannot attach %s uplink %s: %s",
			 port_type_name(c->type), c->ifname, rte_strerror(-ret));
		return ret;
	}
	if (rte_eth_dev_get_port_by_name(p->dev, &id) != 0) {
		snprintf(err, errsize, "uplink %s: no ethdev after probing %s",
			 c->ifname, p->dev);
		ret = -ENODEV;
		goto remove;
	}
	memset(&conf, 0, sizeof(conf));
	if (port->conf.type == PORT_PCI)
		conf.rxmode.mtu = port->mtu;
	ret = rte_eth_dev_configure(id, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(id, 0, ETH_RX_DESC,
					     rte_eth_dev_socket_id(id), NULL,
					     eth_pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(id, 0, ETH_TX_DESC,
					     rte_eth_dev_socket_id(id), NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(id);
	if (ret != 0) {
		snprintf(err, errsize, "cannot start uplink %s: %s", c->ifname,
			 rte_strerror(-ret));
		rte_eth_dev_close(id);
		goto remove;
	}
	ret = rte_eth_promiscuous_enable(id);
	if (ret != 0)
		VLOG_WARN("uplink %s: cannot enable promiscuous mode: %s",
			  c->ifname, rte_strerror(-ret));
	rte_eth_allmulticast_enable(id);
	__atomic_store_n(&p->eth, id, __ATOMIC_RELEASE);
	VLOG_INFO("port %s: uplink %s attached (%s, ethdev %u)", c->name,
		  c->ifname, port_type_name(c->type), id);
	return 0;
remove:
	rte_eal_hotplug_remove(port->conf.type == PORT_PCI ? "pci" : "vdev",
			       p->dev);
	return ret;
}

/* Take the device off the packet path, then close and remove it. */
static void eth_detach(struct vsw_port *port, const char *why)
{
	struct eth_priv *p = port->priv;
	uint16_t id = p->eth;

	if (id == ETH_NONE)
		return;
	__atomic_store_n(&p->eth, ETH_NONE, __ATOMIC_RELEASE);
	rte_rcu_qsbr_synchronize(eth_qsv, RTE_QSBR_THRID_INVALID);
	rte_eth_dev_stop(id);
	rte_eth_dev_close(id);
	rte_eal_hotplug_remove(port->conf.type == PORT_PCI ? "pci" : "vdev",
			       p->dev);
	VLOG_INFO("port %s: uplink %s detached (%s)", port->conf.name,
		  port->conf.ifname, why);
}

static bool eth_poll(struct vsw_port *port)
{
	struct eth_priv *p = port->priv;
	struct hostif_link l;
	bool changed = false;
	char err[256];

	if (port->conf.type == PORT_PCI) {
		struct rte_eth_link link;

		if (p->eth != ETH_NONE &&
		    rte_eth_link_get_nowait(p->eth, &link) == 0)
			__atomic_store_n(&p->carrier, link.link_status != 0,
					 __ATOMIC_RELAXED);
		return false;
	}
	if (hostif_get(NULL, port->conf.ifname, &l, err, sizeof(err)) != 0)
		return false;
	p->present = l.exists;
	__atomic_store_n(&p->carrier, l.exists && l.up && l.running,
			 __ATOMIC_RELAXED);
	if (p->eth != ETH_NONE && (!l.exists || l.ifindex != p->ifindex)) {
		eth_detach(port, l.exists ? "interface replaced" :
			   "interface gone");
		changed = true;		/* the LAN behind it may differ */
	}
	if (p->eth == ETH_NONE && l.exists) {
		if (eth_attach(port, err, sizeof(err)) == 0)
			p->ifindex = l.ifindex;
		else
			VLOG_RL(LOG_LVL_WARN, "port %s: %s", port->conf.name, err);
	}
	return changed;
}

static void eth_destroy(struct vsw_port *port)
{
	eth_detach(port, "port deleted");
	rte_free(port->priv);
	port->priv = NULL;
}

static const struct port_ops eth_ops = {
	.rx = eth_rx,
	.tx = eth_tx,
	.link_up = eth_link_up,
	.destroy = eth_destroy,
	.poll = eth_poll,
};

/**
 * eth_port_init() - Settings shared by every uplink
 * @pool:	mbuf pool for RX queues
 * @qsv:	RCU variable of the PMDs (detaching waits for a grace period)
 * @n_pmds:	PMD threads (more than one: TX takes a lock)
 * @pci:	Whether EAL runs with the PCI bus
 */
void eth_port_init(struct rte_mempool *pool, struct rte_rcu_qsbr *qsv,
		   unsigned int n_pmds, bool pci)
{
	eth_pool = pool;
	eth_qsv = qsv;
	eth_shared_tx = n_pmds > 1;
	eth_pci_enabled = pci;
}

/**
 * eth_port_max_mtu() - Largest MTU an uplink can carry
 *
 * Frames are received into one mbuf (af_packet copies into one; af_xdp and
 * PCI queues run without scatter), so the mbuf's data room bounds the
 * frame: room minus af_packet's frame header, Ethernet header and one tag.
 *
 * Return: MTU
 */
uint16_t eth_port_max_mtu(void)
{
	unsigned int room = eth_pool != NULL ?
		rte_pktmbuf_data_room_size(eth_pool) - RTE_PKTMBUF_HEADROOM :
		RTE_MBUF_DEFAULT_DATAROOM;

	return (uint16_t)RTE_MIN(room - 32 - 14 - 4, (unsigned int)PORT_MTU_MAX);
}

/**
 * eth_port_create() - Attach an uplink port's device
 * @port:	Port with conf.type (af_packet, af_xdp, pci), conf.ifname
 *		(interface name or PCI address) and mtu set
 * @lenient:	A missing interface or a failed attach is logged and left to
 *		the once-a-second poll to retry (restoring state at start-up)
 *		instead of failing
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, or -errno (nothing left behind)
 */
int eth_port_create(struct vsw_port *port, bool lenient, char *err,
		    size_t errsize)
{
	struct eth_priv *p;
	struct hostif_link l = { .exists = true };
	int ret;

	if (port->conf.type != PORT_PCI) {
		ret = hostif_get(NULL, port->conf.ifname, &l, err, errsize);
		if (ret != 0)
			return ret;
		if (!l.exists && !lenient) {
			snprintf(err, errsize, "uplink interface %s does not "
				 "exist", port->conf.ifname);
			return -ENODEV;
		}
	}
	p = rte_zmalloc("eth_priv", sizeof(*p), RTE_CACHE_LINE_SIZE);
	if (p == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	p->eth = ETH_NONE;
	rte_spinlock_init(&p->lock);
	p->shared_tx = eth_shared_tx;
	p->present = l.exists;
	p->carrier = l.up && l.running;
	p->ifindex = l.ifindex;
	port->priv = p;
	port->ops = &eth_ops;
	ret = l.exists ? eth_attach(port, err, errsize) : -ENODEV;
	if (ret != 0 && lenient) {
		VLOG_WARN("port %s: uplink %s not attached (%s); retrying every "
			  "second", port->conf.name, port->conf.ifname,
			  l.exists ? err : "interface absent");
		return 0;
	}
	if (ret != 0) {
		rte_free(p);
		port->priv = NULL;
		return ret;
	}
	if (port->conf.type == PORT_PCI)
		(void)eth_poll(port);
	return 0;
}

/**
 * eth_port_state() - An uplink's state for users
 * @port:	Uplink port
 *
 * Return: "up", "down" (no carrier, or not attached), "absent" (the
 * interface does not exist)
 */
const char *eth_port_state(const struct vsw_port *port)
{
	const struct eth_priv *p = port->priv;

	if (port->conf.type != PORT_PCI && !p->present)
		return "absent";
	return eth_link_up(port) ? "up" : "down";
}
