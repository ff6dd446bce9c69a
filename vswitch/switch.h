/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * switch.h - the switch object: networks, ports, and the tables PMDs read.
 *
 * The control thread owns the configuration (sw->nets, sw->ports). Each
 * change builds a new struct dp_tables, publishes it with one atomic store
 * and frees the old one after an RCU grace period; PMD threads only ever
 * read the published tables.
 */
#ifndef VSW_SWITCH_H
#define VSW_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include "dhcp_conf.h"
#include "fdb.h"
#include "names.h"
#include "port.h"

#define VSW_MAX_NETS		256
#define VSW_FDB_CAPACITY	65536
#define VSW_DEFAULT_AGING	300
#define VSW_DEFAULT_FDB_MAX	8192
#define VSW_DEFAULT_MAC_LIMIT	1024

struct pmd;
struct dhcp_svc;
struct cap_state;
struct cap_slot;
struct rte_ring;

/**
 * enum net_mode - What a network connects to besides its guests
 * @NET_ISOLATED:	Nothing: guests only
 * @NET_HOST_ONLY:	A host interface (TAP) with an address in the subnet
 * @NET_BRIDGED:	A LAN, through an uplink (kernel interface or NIC)
 */
enum net_mode { NET_ISOLATED, NET_HOST_ONLY, NET_BRIDGED, NET_MODE_MAX };

/**
 * struct net_ipv4 - A network's IPv4 addressing
 * @addr:	Subnet address (host order), 0 if none
 * @prefix:	Prefix length, 0 if none
 * @gateway:	Gateway (host-only: the host interface's address), 0 if none
 */
struct net_ipv4 {
	uint32_t addr;
	uint8_t prefix;
	uint32_t gateway;
};

/**
 * struct vsw_net - A network (broadcast domain)
 * @name:	Unique name
 * @id:		Slot in sw->nets, also the FDB's network id
 * @mode:	Isolated, host-only or bridged
 * @vlan:	802.1Q VLAN id, 0 if untagged (bridged: tagged on the LAN)
 * @ip:		IPv4 subnet and gateway
 * @mtu:	Largest frame payload switched (oversize frames are dropped)
 * @host_if:	Host-only: the host interface (also its port's name)
 * @uplink:	Bridged: the uplink interface or PCI address
 * @uplink_type: Bridged: af_packet, af_xdp or pci
 * @fdb_aging:	Seconds a learned MAC lives without traffic
 * @fdb_max:	FDB entries the network may hold
 * @dhcp:	DHCP server settings (defaults applied: conf_dhcp_finish())
 * @n_ports:	Ports attached
 */
struct vsw_net {
	char name[NAMES_MAX_LEN + 1];
	uint16_t id;
	enum net_mode mode;
	uint16_t vlan;
	struct net_ipv4 ip;
	uint16_t mtu;
	char host_if[PORT_IFNAME_MAX + 1];
	char uplink[32];
	enum port_type uplink_type;
	uint32_t fdb_aging;
	uint32_t fdb_max;
	struct dhcp_conf dhcp;
	unsigned int n_ports;
};

#define VSW_VID_COUNT		4096
#define VSW_MAX_MEMBERS		(VSW_MAX_PORTS * VSW_MAX_NETS)	/* port-network pairs */

/**
 * struct dp_port_vlan - A port's VLAN membership as the PMDs see it
 * @net:	Network of untagged frames (access network, trunk's native
 *		network), VSW_NET_NONE if none
 * @trunk:	Whether frames of other networks carry an 802.1Q tag
 * @nets:	Bitmap of the networks the port is in
 */
struct dp_port_vlan {
	uint16_t net;
	uint8_t trunk;
	uint64_t nets[VSW_MAX_NETS / 64];
};

/**
 * struct dp_tables - What the PMDs read, published with RCU
 * @ports:	Port by id, NULL for free slots
 * @pv:		VLAN membership by port id (a copy, so a frame is switched
 *		with one consistent view even while the port is changed)
 * @net_first:	Per network: index of its first port in @members
 * @net_count:	Per network: number of ports
 * @net_vid:	Per network: its 802.1Q VLAN id, 0 if none
 * @net_maxlen:	Per network: longest frame (MTU + Ethernet header, no tag)
 * @net_dhcp:	Per network: its DHCP server address in network byte
 *		order, 0 if the network has no server (nothing diverted)
 * @dhcp_trusted: Per port: DHCP server messages from it are forwarded
 * @vid_net:	Network by VLAN id, VSW_NET_NONE if no network has it
 * @members:	Port ids grouped by network (flood lists; a trunk port is
 *		listed once in each of its networks)
 * @n_rx:	Per PMD: number of ports it polls
 * @rx:		Per PMD: ids of the ports it polls
 */
struct dp_tables {
	struct vsw_port *ports[VSW_MAX_PORTS];
	struct dp_port_vlan pv[VSW_MAX_PORTS];
	uint32_t net_first[VSW_MAX_NETS];
	uint16_t net_count[VSW_MAX_NETS];
	uint16_t net_vid[VSW_MAX_NETS];
	uint16_t net_maxlen[VSW_MAX_NETS];
	uint32_t net_dhcp[VSW_MAX_NETS];
	uint8_t dhcp_trusted[VSW_MAX_PORTS];
	uint16_t vid_net[VSW_VID_COUNT];
	uint16_t members[VSW_MAX_MEMBERS];
	uint16_t n_rx[VSW_MAX_PMDS];
	uint16_t rx[VSW_MAX_PMDS][VSW_MAX_PORTS];
};

/**
 * dp_in_net() - Whether a port is in a network, as published
 * @t:		Tables
 * @port:	Port id
 * @net:	Network id
 *
 * Return: true if frames of @net may leave through @port
 */
static inline bool dp_in_net(const struct dp_tables *t, uint16_t port,
			     uint16_t net)
{
	return t->pv[port].nets[net / 64] >> (net % 64) & 1;
}

/**
 * struct vsw - The switch
 * @pool:	mbuf pool for every port
 * @fdb:	MAC table
 * @qsv:	RCU variable; PMD i is reader thread i
 * @tables:	Published tables (atomic pointer)
 * @n_pmds:	PMD threads
 * @pmd_cpus:	CPU of each PMD
 * @pmds:	PMD thread states (counters read by status)
 * @running:	Cleared to stop the PMDs
 * @cap:	Capture state (capture.c), NULL if not initialized (unit tests)
 * @cap_slots:	Running captures' rings and drop counters, by slot; a slot's
 *		bit in a mask below is set only while its ring exists
 * @cap_pool:	mbufs for captured copies (never the forwarding pool)
 * @net_cap:	Per network: mask of the captures of the whole network
 * @net_cap_any: Whether any network capture runs (checked once per burst)
 * @dhcp:	DHCP service (dhcp_svc.c), NULL if not running (unit tests)
 * @dhcp_rx:	Ring PMDs hand DHCP/ARP frames to the service through
 * @dhcp_tx:	Ring of the service's replies, drained by every PMD
 * @now:	Seconds since start, advanced by the control thread
 * @nets:	Networks by id (control thread)
 * @ports:	Ports by id (control thread)
 * @n_nets:	Networks configured
 * @n_ports:	Ports configured
 * @hugepages:	Whether EAL memory is on hugepages
 * @pci:	Whether EAL runs with the PCI bus (PCI uplinks)
 * @restoring:	Start-up replay of the state file: an uplink that cannot be
 *		attached now is left to re-attach later instead of failing
 * @run_dir:	Run directory (sockets, pid file)
 * @state_dir:	State directory
 * @started:	Wall-clock start time
 */
struct vsw {
	struct rte_mempool *pool;
	struct fdb *fdb;
	struct rte_rcu_qsbr *qsv;
	struct dp_tables *tables;
	unsigned int n_pmds;
	unsigned int pmd_cpus[VSW_MAX_PMDS];
	struct pmd *pmds;
	volatile bool running;
	struct cap_state *cap;
	struct cap_slot *cap_slots;
	struct rte_mempool *cap_pool;
	uint8_t net_cap[VSW_MAX_NETS];
	uint8_t net_cap_any;
	struct dhcp_svc *dhcp;
	struct rte_ring *dhcp_rx;
	struct rte_ring *dhcp_tx;
	uint32_t now;
	struct vsw_net *nets[VSW_MAX_NETS];
	struct vsw_port *ports[VSW_MAX_PORTS];
	unsigned int n_nets;
	unsigned int n_ports;
	bool hugepages;
	bool pci;
	bool restoring;
	char run_dir[256];
	char state_dir[256];
	time_t started;
};

/**
 * struct net_conf - What an admin configures on a network
 * @name:	Network name
 * @mode:	Mode
 * @vlan:	802.1Q VLAN id, 0 if untagged
 * @ip:		IPv4 subnet and gateway (prefix 0: none)
 * @mtu:	MTU
 * @host_if:	Host-only: host interface name
 * @uplink:	Bridged: uplink interface, or "pci:" and a PCI address
 * @uplink_type: Bridged: PORT_AF_PACKET, PORT_AF_XDP or PORT_PCI
 * @fdb_aging:	Aging time, seconds
 * @fdb_max:	Table cap
 * @dhcp:	DHCP server settings
 */
struct net_conf {
	char name[NAMES_MAX_LEN + 1];
	enum net_mode mode;
	uint16_t vlan;
	struct net_ipv4 ip;
	uint16_t mtu;
	char host_if[PORT_IFNAME_MAX + 1];
	char uplink[32];
	enum port_type uplink_type;
	uint32_t fdb_aging;
	uint32_t fdb_max;
	struct dhcp_conf dhcp;
};

const char *net_mode_name(enum net_mode m);
int net_mode_parse(const char *s, enum net_mode *m);

int sw_init(struct vsw *sw);
void sw_fini(struct vsw *sw);
struct vsw_net *sw_net_find(const struct vsw *sw, const char *name);
struct vsw_port *sw_port_find(const struct vsw *sw, const char *name);
int sw_net_add(struct vsw *sw, const struct net_conf *conf, char *err,
	       size_t errsize);
int sw_net_del(struct vsw *sw, const char *name, char *err, size_t errsize);
void sw_net_set(struct vsw *sw, struct vsw_net *net, uint32_t fdb_aging,
		uint32_t fdb_max);
int sw_port_add(struct vsw *sw, const struct port_conf *conf, char *err,
		size_t errsize);
int sw_port_add_ip(struct vsw *sw, const struct port_conf *conf,
		   const struct net_ipv4 *ip, char *err, size_t errsize);
void sw_port_remove(struct vsw *sw, struct vsw_port *port, const char *what);
int sw_net_set_mtu(struct vsw *sw, struct vsw_net *net, uint16_t mtu,
		   char *err, size_t errsize);
void sw_poll_ports(struct vsw *sw);
int sw_net_set_vlan(struct vsw *sw, struct vsw_net *net, uint16_t vlan,
		    char *err, size_t errsize);
int sw_port_del(struct vsw *sw, const char *name, char *err, size_t errsize);
int sw_port_set_vlan(struct vsw *sw, struct vsw_port *port,
		     const struct port_conf *conf, char *err, size_t errsize);
void sw_net_conf(const struct vsw_net *net, struct net_conf *conf);
int sw_net_set_dhcp(struct vsw *sw, struct vsw_net *net,
		    const struct dhcp_conf *d, char *err, size_t errsize);

#endif /* VSW_SWITCH_H */
