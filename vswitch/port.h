/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port.h - the port object and the interface every port backend implements.
 *
 * A port is one attachment point (a guest's vNIC today; TAP and uplinks
 * later). Backends (vhost/vhost_port.c, ...) fill in a struct port_ops; the
 * packet path only ever calls through it.
 */
#ifndef VSW_PORT_H
#define VSW_PORT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/un.h>

#include <rte_common.h>
#include <rte_mbuf.h>

#include "drop.h"
#include "names.h"

#define VSW_MAX_PORTS	256
#define VSW_MAX_PMDS	16
#define VSW_BURST	32
#define VSW_NET_NONE	0xffff	/* "no network" in a uint16_t network id */
#define PORT_TRUNK_MAX	256	/* networks one trunk port may carry */

struct vsw_port;

/**
 * struct port_ops - Backend interface
 * @rx:		Receive up to @n frames; PMD that owns the port only
 * @tx:		Transmit @n frames; returns how many were taken (the backend owns
 *		those), the caller frees the rest. Any PMD may call it.
 * @link_up:	Whether a peer is attached and ready
 * @destroy:	Release backend resources; the port is off the packet path
 * @set_mtu:	Apply a new MTU to the peer interface (NULL: nothing to do);
 *		control thread
 * @poll:	Once a second on the control thread: refresh link state,
 *		re-attach a lost device (NULL: nothing to do); returns true if
 *		the peer changed (the port's learned MACs are then forgotten)
 */
struct port_ops {
	uint16_t (*rx)(struct vsw_port *port, struct rte_mbuf **pkts, uint16_t n);
	uint16_t (*tx)(struct vsw_port *port, struct rte_mbuf **pkts, uint16_t n);
	bool (*link_up)(const struct vsw_port *port);
	void (*destroy)(struct vsw_port *port);
	int (*set_mtu)(struct vsw_port *port, uint16_t mtu, char *err,
		       size_t errsize);
	bool (*poll)(struct vsw_port *port);
};

/**
 * enum port_type - Port backends
 * @PORT_VHOST_USER:		vhost-user, vswitchd creates the socket
 * @PORT_VHOST_USER_CLIENT:	vhost-user, QEMU creates the socket
 * @PORT_TAP:			Kernel TAP interface (host or namespace peer)
 * @PORT_AF_PACKET:		Uplink: kernel interface through net_af_packet
 * @PORT_AF_XDP:		Uplink: kernel interface through net_af_xdp
 * @PORT_PCI:			Uplink: DPDK-bound PCI NIC
 */
enum port_type {
	PORT_VHOST_USER,
	PORT_VHOST_USER_CLIENT,
	PORT_TAP,
	PORT_AF_PACKET,
	PORT_AF_XDP,
	PORT_PCI,
	PORT_TYPE_MAX
};

#define PORT_IFNAME_MAX	15	/* IFNAMSIZ - 1 */
#define PORT_NETNS_MAX	63
#define PORT_MTU_MIN	68
#define PORT_MTU_MAX	9000
#define PORT_MTU_DEFAULT 1500

/* Whether a type is an uplink (managed by bridged networks). */
static inline bool port_type_is_uplink(enum port_type t)
{
	return t == PORT_AF_PACKET || t == PORT_AF_XDP || t == PORT_PCI;
}

/**
 * enum port_vlan_mode - How a port meets VLANs
 * @PORT_ACCESS:	One network, untagged to the peer
 * @PORT_TRUNK:		Several networks, 802.1Q-tagged to the peer (the native
 *			network untagged)
 */
enum port_vlan_mode { PORT_ACCESS, PORT_TRUNK };

/**
 * struct port_conf - What an admin configures on a port (and what persists)
 * @name:	Port name
 * @net:	Network name (access ports), empty for trunks
 * @vlan_mode:	Access or trunk
 * @n_trunk:	Networks listed for a trunk (may include @native)
 * @trunk:	Their names, in the order given
 * @native:	A trunk's native (untagged) network, empty if none
 * @type:	Backend type
 * @path:	Socket path, empty for the default RUN_DIR/NAME.sock
 * @has_mac:	Whether @mac is set
 * @mac:	Guest MAC
 * @owner:	Socket owner, empty if unset
 * @group:	Socket group, empty if unset
 * @mode:	Socket permissions, -1 if unset
 * @mac_limit:	Dynamic MAC limit
 * @ifname:	Kernel interface (tap: the TAP's name; uplinks: the
 *		interface or PCI address), empty if none
 * @netns:	Network namespace of a TAP, empty for the daemon's
 * @managed:	Created by a network (host-only interface, uplink), not by
 *		port-add: not persisted as a port, not deletable by itself
 * @dhcp_trusted: DHCP server messages from this port are forwarded (else
 *		dropped as rogue); uplinks of bridged networks are trusted
 * @dhcp_max_leases: Most DHCP leases clients on this port may hold
 *		(0: no limit), default DHCP_PORT_LEASES_DEFAULT
 */
struct port_conf {
	char name[NAMES_MAX_LEN + 1];
	char net[NAMES_MAX_LEN + 1];
	enum port_vlan_mode vlan_mode;
	uint16_t n_trunk;
	char trunk[PORT_TRUNK_MAX][NAMES_MAX_LEN + 1];
	char native[NAMES_MAX_LEN + 1];
	enum port_type type;
	char path[108];
	bool has_mac;
	uint8_t mac[6];
	char owner[64];
	char group[64];
	int mode;
	uint32_t mac_limit;
	char ifname[32];
	char netns[PORT_NETNS_MAX + 1];
	bool managed;
	bool dhcp_trusted;
	uint32_t dhcp_max_leases;
};

/**
 * struct port_stats - Counters of one port written by one PMD
 * @rx_packets:	Frames received from the peer
 * @rx_bytes:	Bytes received from the peer
 * @tx_packets:	Frames delivered to the peer
 * @tx_bytes:	Bytes delivered to the peer
 * @rx_other_tpid: Frames received on a trunk with an outer 802.1ad/0x9100
 *		tag (not 802.1Q: switched as untagged frames)
 * @dhcp_punts:	Frames handed to the DHCP service (client messages, ARP for
 *		a server address)
 * @drops:	Frames dropped, by reason (ingress reasons on the ingress port,
 *		delivery reasons on the egress port)
 */
struct port_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t rx_other_tpid;
	uint64_t dhcp_punts;
	uint64_t drops[DROP_MAX];
} __rte_cache_aligned;

/**
 * struct vsw_port - One port
 * @conf:	What the admin configured (name, network name, type, socket
 *		path and permissions, MAC, MAC limit); what persists
 * @id:		Slot in the port table, also the FDB's port id
 * @net_id:	Network of untagged frames: an access port's network, a
 *		trunk's native network, VSW_NET_NONE for a trunk without one
 * @nets:	Bitmap of the networks the port is in (access: just @net_id)
 * @pmd:	Index of the PMD that polls it
 * @mtu:	Largest MTU of its networks (what its peer interface gets)
 * @ops:	Backend interface
 * @priv:	Backend state
 * @cap_rx:	Mask of the captures that want frames received from the peer
 * @cap_tx:	Mask of the captures that want frames sent to the peer
 * @dhcp_tsc:	DHCP rate limit: TSC of the last refill (owner PMD only)
 * @dhcp_tokens: DHCP rate limit: messages the port may still send now
 * @stats:	Counters, one cache line set per PMD
 */
struct vsw_port {
	struct port_conf conf;
	uint16_t id;
	uint16_t net_id;
	uint64_t nets[PORT_TRUNK_MAX / 64];
	uint16_t pmd;
	uint16_t mtu;
	const struct port_ops *ops;
	void *priv;
	uint8_t cap_rx;
	uint8_t cap_tx;
	uint64_t dhcp_tsc;
	uint32_t dhcp_tokens;
	struct port_stats stats[VSW_MAX_PMDS];
};

/**
 * port_in_net() - Whether a port is in a network
 * @port:	Port
 * @net:	Network id
 *
 * Return: true for an access port's network and every network of a trunk
 */
static inline bool port_in_net(const struct vsw_port *port, uint16_t net)
{
	return net < PORT_TRUNK_MAX && (port->nets[net / 64] >> (net % 64) & 1);
}

const char *port_type_name(enum port_type t);
int port_type_parse(const char *s, enum port_type *t);
void port_stats_sum(const struct vsw_port *port, struct port_stats *sum);

#endif /* VSW_PORT_H */
