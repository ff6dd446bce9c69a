/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * switch.c - networks and ports: add, delete, and publish to the PMDs.
 *
 * Everything here runs on the control thread. A port joins the packet path
 * when a table that lists it is published, and leaves it when a table
 * without it is published and a grace period has passed; only then is its
 * backend destroyed and its FDB entries flushed, so its slot can be reused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_malloc.h>

#include "capture.h"
#include "dhcp_svc.h"
#include "eth_port.h"
#include "log.h"
#include "netmode.h"
#include "switch.h"
#include "tap_port.h"
#include "vhost_port.h"

/* Build the tables for the current configuration. */
static struct dp_tables *sw_build_tables(const struct vsw *sw)
{
	struct dp_tables *t;
	unsigned int i, n = 0;
	uint16_t net;

	t = rte_zmalloc("dp_tables", sizeof(*t), RTE_CACHE_LINE_SIZE);
	if (t == NULL)
		return NULL;
	for (i = 0; i < VSW_VID_COUNT; i++)
		t->vid_net[i] = VSW_NET_NONE;
	for (net = 0; net < VSW_MAX_NETS; net++) {
		const struct vsw_net *nw = sw->nets[net];

		if (nw != NULL && nw->vlan != 0) {
			t->net_vid[net] = nw->vlan;
			t->vid_net[nw->vlan] = net;
		}
		if (nw != NULL)
			t->net_maxlen[net] = (uint16_t)(nw->mtu +
							RTE_ETHER_HDR_LEN);
		if (nw != NULL && sw->dhcp != NULL)
			t->net_dhcp[net] = rte_cpu_to_be_32(
				dhcp_svc_server_ip(sw, net));
		t->net_first[net] = n;
		for (i = 0; i < VSW_MAX_PORTS; i++) {
			const struct vsw_port *p = sw->ports[i];

			if (p != NULL && port_in_net(p, net))
				t->members[n++] = p->id;
		}
		t->net_count[net] = (uint16_t)(n - t->net_first[net]);
	}
	for (i = 0; i < VSW_MAX_PORTS; i++) {
		struct vsw_port *p = sw->ports[i];

		if (p == NULL)
			continue;
		t->ports[i] = p;
		t->pv[i].net = p->net_id;
		t->pv[i].trunk = p->conf.vlan_mode == PORT_TRUNK;
		/* managed ports are the host's interface or the LAN */
		t->dhcp_trusted[i] = p->conf.dhcp_trusted || p->conf.managed;
		RTE_BUILD_BUG_ON(sizeof(t->pv[i].nets) != sizeof(p->nets));
		memcpy(t->pv[i].nets, p->nets, sizeof(p->nets));
		t->rx[p->pmd][t->n_rx[p->pmd]++] = p->id;
	}
	return t;
}

/**
 * sw_publish() - Publish tables for the current configuration
 * @sw:		Switch
 *
 * Returns after every PMD has moved to the new tables.
 *
 * Return: 0 on success, -ENOMEM
 */
static int sw_publish(struct vsw *sw)
{
	struct dp_tables *t = sw_build_tables(sw), *old;

	if (t == NULL)
		return -ENOMEM;
	old = __atomic_exchange_n(&sw->tables, t, __ATOMIC_ACQ_REL);
	rte_rcu_qsbr_synchronize(sw->qsv, RTE_QSBR_THRID_INVALID);
	rte_free(old);
	return 0;
}

/* Add @delta to the port count of each network @port is in. */
static void sw_port_count(struct vsw *sw, const struct vsw_port *port,
			  int delta)
{
	uint16_t net;

	for (net = 0; net < VSW_MAX_NETS; net++)
		if (port_in_net(port, net) && sw->nets[net] != NULL)
			sw->nets[net]->n_ports += delta;
}

/**
 * sw_port_remove() - Take a port off the packet path and free it
 * @sw:		Switch
 * @port:	Port
 * @what:	What happened, for the log ("deleted")
 *
 * Its backend is destroyed after the grace period and its FDB entries
 * (static ones too) are flushed.
 */
void sw_port_remove(struct vsw *sw, struct vsw_port *port, const char *what)
{
	unsigned int flushed;

	capture_port_gone(sw, port->id);
	sw->ports[port->id] = NULL;
	while (sw_publish(sw) != 0)	/* must not fail: retry */
		rte_delay_ms(10);
	port->ops->destroy(port);
	if (sw->dhcp != NULL)
		dhcp_svc_port_clear(sw, port->id);
	flushed = fdb_flush_port(sw->fdb, port->id, true);
	sw_port_count(sw, port, -1);
	sw->n_ports--;
	VLOG_INFO("port %s: %s (%u fdb entries flushed)", port->conf.name, what,
		  flushed);
	rte_free(port);
}

/**
 * sw_init() - Publish the first (empty) tables
 * @sw:		Switch with pool, fdb and qsv set
 *
 * Return: 0 on success, -ENOMEM
 */
int sw_init(struct vsw *sw)
{
	sw->tables = sw_build_tables(sw);
	return sw->tables == NULL ? -ENOMEM : 0;
}

/**
 * sw_fini() - Delete every port and network (PMDs already stopped)
 * @sw:		Switch
 */
void sw_fini(struct vsw *sw)
{
	unsigned int i;

	for (i = 0; i < VSW_MAX_PORTS; i++)
		if (sw->ports[i] != NULL)
			sw_port_remove(sw, sw->ports[i], "closed");
	for (i = 0; i < VSW_MAX_NETS; i++) {
		free(sw->nets[i]);
		sw->nets[i] = NULL;
	}
	sw->n_nets = 0;
	rte_free(sw->tables);
	sw->tables = NULL;
}

/**
 * sw_net_find() - Find a network by name
 * @sw:		Switch
 * @name:	Name
 *
 * Return: network or NULL
 */
struct vsw_net *sw_net_find(const struct vsw *sw, const char *name)
{
	unsigned int i;

	for (i = 0; i < VSW_MAX_NETS; i++)
		if (sw->nets[i] != NULL && strcmp(sw->nets[i]->name, name) == 0)
			return sw->nets[i];
	return NULL;
}

/**
 * sw_port_find() - Find a port by name
 * @sw:		Switch
 * @name:	Name
 *
 * Return: port or NULL
 */
struct vsw_port *sw_port_find(const struct vsw *sw, const char *name)
{
	unsigned int i;

	for (i = 0; i < VSW_MAX_PORTS; i++)
		if (sw->ports[i] != NULL && strcmp(sw->ports[i]->conf.name, name) == 0)
			return sw->ports[i];
	return NULL;
}

/* Whether a network other than @self already has VLAN id @vlan. */
static bool sw_vlan_taken(const struct vsw *sw, const struct vsw_net *self,
			  uint16_t vlan, char *err, size_t errsize)
{
	unsigned int i;

	if (vlan == 0)
		return false;
	for (i = 0; i < VSW_MAX_NETS; i++) {
		const struct vsw_net *n = sw->nets[i];

		if (n != NULL && n != self && n->vlan == vlan) {
			snprintf(err, errsize, "VLAN %u is already used by "
				 "network '%s'", vlan, n->name);
			return true;
		}
	}
	return false;
}

/**
 * sw_net_conf() - A network's configuration as net-add takes it
 * @net:	Network
 * @conf:	Output
 */
void sw_net_conf(const struct vsw_net *net, struct net_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	snprintf(conf->name, sizeof(conf->name), "%s", net->name);
	conf->mode = net->mode;
	conf->vlan = net->vlan;
	conf->ip = net->ip;
	conf->mtu = net->mtu;
	memcpy(conf->host_if, net->host_if, sizeof(conf->host_if));
	memcpy(conf->uplink, net->uplink, sizeof(conf->uplink));
	conf->uplink_type = net->uplink_type;
	conf->fdb_aging = net->fdb_aging;
	conf->fdb_max = net->fdb_max;
	conf->dhcp = net->dhcp;
}

/**
 * sw_net_add() - Create a network
 * @sw:		Switch
 * @conf:	Validated configuration
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno (nothing changed)
 */
int sw_net_add(struct vsw *sw, const struct net_conf *conf, char *err,
	       size_t errsize)
{
	struct vsw_net *net;
	unsigned int id;
	int ret;

	if (sw_net_find(sw, conf->name) != NULL) {
		snprintf(err, errsize, "network '%s' already exists", conf->name);
		return -EEXIST;
	}
	for (id = 0; id < VSW_MAX_NETS && sw->nets[id] != NULL; id++)
		;
	if (id == VSW_MAX_NETS) {
		snprintf(err, errsize, "too many networks (max %d)", VSW_MAX_NETS);
		return -ENOSPC;
	}
	if (sw_vlan_taken(sw, NULL, conf->vlan, err, errsize))
		return -EEXIST;
	ret = netmode_check(sw, conf, err, errsize);
	if (ret != 0)
		return ret;
	net = calloc(1, sizeof(*net));
	if (net == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	snprintf(net->name, sizeof(net->name), "%s", conf->name);
	net->id = (uint16_t)id;
	net->mode = conf->mode;
	net->vlan = conf->vlan;
	net->ip = conf->ip;
	net->mtu = conf->mtu ? conf->mtu : PORT_MTU_DEFAULT;
	memcpy(net->host_if, conf->host_if, sizeof(net->host_if));
	memcpy(net->uplink, conf->uplink, sizeof(net->uplink));
	net->uplink_type = conf->uplink_type;
	net->fdb_aging = conf->fdb_aging;
	net->fdb_max = conf->fdb_max;
	net->dhcp = conf->dhcp;
	if (sw->dhcp != NULL) {
		ret = dhcp_svc_net_add(sw, net, err, errsize);
		if (ret != 0) {
			free(net);
			return ret;
		}
	}
	fdb_net_config(sw->fdb, net->id, net->fdb_aging, net->fdb_max);
	sw->nets[id] = net;
	if (sw_publish(sw) != 0) {
		sw->nets[id] = NULL;
		if (sw->dhcp != NULL)
			dhcp_svc_net_del(sw, net);
		free(net);
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	ret = netmode_attach(sw, net, err, errsize);
	if (ret != 0) {
		sw->nets[id] = NULL;
		while (sw_publish(sw) != 0)
			rte_delay_ms(10);
		if (sw->dhcp != NULL)
			dhcp_svc_net_del(sw, net);
		free(net);
		return ret;
	}
	sw->n_nets++;
	VLOG_INFO("network %s: added (mode %s, vlan %u, mtu %u, fdb aging %us, "
		  "max %u)", net->name, net_mode_name(net->mode), net->vlan,
		  net->mtu, net->fdb_aging, net->fdb_max);
	return 0;
}

/**
 * sw_net_del() - Delete a network without ports
 * @sw:		Switch
 * @name:	Network name
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -ENOENT or -EBUSY (nothing changed)
 */
int sw_net_del(struct vsw *sw, const char *name, char *err, size_t errsize)
{
	struct vsw_net *net = sw_net_find(sw, name);
	unsigned int managed;

	if (net == NULL) {
		snprintf(err, errsize, "no network '%s'", name);
		return -ENOENT;
	}
	managed = netmode_managed_ports(sw, net);
	if (net->n_ports > managed) {
		snprintf(err, errsize, "network '%s' still has %u port(s); "
			 "delete them first", name, net->n_ports - managed);
		return -EBUSY;
	}
	capture_net_gone(sw, net->id);
	fdb_flush_net(sw->fdb, net->id);
	netmode_detach(sw, net);
	sw->nets[net->id] = NULL;
	while (sw_publish(sw) != 0)	/* free its VLAN id: retry */
		rte_delay_ms(10);
	if (sw->dhcp != NULL)
		dhcp_svc_net_del(sw, net);
	sw->n_nets--;
	VLOG_INFO("network %s: deleted", name);
	free(net);
	return 0;
}

/**
 * sw_net_set() - Change a network's FDB settings
 * @sw:		Switch
 * @net:	Network
 * @fdb_aging:	New aging time, 0 to keep
 * @fdb_max:	New table cap, 0 to keep
 */
void sw_net_set(struct vsw *sw, struct vsw_net *net, uint32_t fdb_aging,
		uint32_t fdb_max)
{
	if (fdb_aging != 0)
		net->fdb_aging = fdb_aging;
	if (fdb_max != 0)
		net->fdb_max = fdb_max;
	fdb_net_config(sw->fdb, net->id, net->fdb_aging, net->fdb_max);
	VLOG_INFO("network %s: fdb aging %us, max %u", net->name, net->fdb_aging,
		 net->fdb_max);
}

/**
 * sw_net_set_vlan() - Give a network another VLAN id, or none
 * @sw:		Switch
 * @net:	Network
 * @vlan:	New VLAN id, 0 for untagged
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Refused while a trunk port carries the network tagged: its peer sends and
 * expects the old tag. Frames switched before the change finish with the old
 * tables; none is tagged with the new id before this returns.
 *
 * Return: 0 on success, -EEXIST, -EBUSY or -ENOMEM (nothing changed)
 */
int sw_net_set_vlan(struct vsw *sw, struct vsw_net *net, uint16_t vlan,
		    char *err, size_t errsize)
{
	uint16_t old = net->vlan;
	unsigned int i;

	if (vlan == old)
		return 0;
	if (net->mode == NET_BRIDGED) {
		snprintf(err, errsize, "the VLAN id of bridged network '%s' is "
			 "its tag on the LAN; delete and re-create the network "
			 "to change it", net->name);
		return -EBUSY;
	}
	if (sw_vlan_taken(sw, net, vlan, err, errsize))
		return -EEXIST;
	for (i = 0; i < VSW_MAX_PORTS; i++) {
		const struct vsw_port *p = sw->ports[i];

		if (p != NULL && p->conf.vlan_mode == PORT_TRUNK &&
		    port_in_net(p, net->id) && p->net_id != net->id) {
			snprintf(err, errsize, "trunk port '%s' carries network "
				 "'%s' tagged with VLAN %u; change the trunk "
				 "(port-set) first", p->conf.name, net->name, old);
			return -EBUSY;
		}
	}
	net->vlan = vlan;
	if (sw_publish(sw) != 0) {
		net->vlan = old;
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	VLOG_INFO("network %s: vlan %u (was %u)", net->name, vlan, old);
	return 0;
}

/**
 * sw_port_resolve() - Check a port's VLAN membership against the networks
 * @sw:		Switch
 * @conf:	Port configuration (access network, or trunk list and native)
 * @net_id:	Output: network of untagged frames, VSW_NET_NONE if none
 * @nets:	Output: bitmap of the port's networks
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Every network must exist, and every network a trunk carries tagged must
 * have a VLAN id (the native one may have none).
 *
 * Return: 0, or -ENOENT / -EINVAL
 */
static int sw_port_resolve(const struct vsw *sw, const struct port_conf *conf,
			   uint16_t *net_id, uint64_t nets[PORT_TRUNK_MAX / 64],
			   char *err, size_t errsize)
{
	const struct vsw_net *n;
	unsigned int i;

	memset(nets, 0, PORT_TRUNK_MAX / 8);
	*net_id = VSW_NET_NONE;
	if (conf->vlan_mode == PORT_ACCESS || conf->native[0] != '\0') {
		const char *name = conf->vlan_mode == PORT_ACCESS ? conf->net :
				   conf->native;

		n = sw_net_find(sw, name);
		if (n == NULL) {
			snprintf(err, errsize, "no network '%s'", name);
			return -ENOENT;
		}
		*net_id = n->id;
		nets[n->id / 64] |= 1ull << (n->id % 64);
	}
	for (i = 0; conf->vlan_mode == PORT_TRUNK && i < conf->n_trunk; i++) {
		n = sw_net_find(sw, conf->trunk[i]);
		if (n == NULL) {
			snprintf(err, errsize, "no network '%s'", conf->trunk[i]);
			return -ENOENT;
		}
		if (n->vlan == 0 && n->id != *net_id) {
			snprintf(err, errsize, "network '%s' has no VLAN id; "
				 "give it one (net-set %s --vlan ID) or make it "
				 "the trunk's --native network", n->name, n->name);
			return -EINVAL;
		}
		nets[n->id / 64] |= 1ull << (n->id % 64);
	}
	return 0;
}

/* Log a port's membership: "network N" or "trunk A,B (native N)". */
static const char *sw_port_desc(const struct vsw_port *port, char *buf,
				size_t size)
{
	const struct port_conf *c = &port->conf;
	size_t n = 0;
	unsigned int i;

	if (c->vlan_mode == PORT_ACCESS) {
		snprintf(buf, size, "network %s", c->net);
		return buf;
	}
	n = (size_t)snprintf(buf, size, "trunk ");
	for (i = 0; i < c->n_trunk && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : "",
				      c->trunk[i]);
	if (n < size)
		snprintf(buf + n, size - n, " (native %s)",
			 c->native[0] ? c->native : "none");
	return buf;
}

/* The PMD with the fewest ports. */
static uint16_t sw_pick_pmd(const struct vsw *sw)
{
	unsigned int load[VSW_MAX_PMDS] = { 0 }, i, best = 0;

	for (i = 0; i < VSW_MAX_PORTS; i++)
		if (sw->ports[i] != NULL)
			load[sw->ports[i]->pmd]++;
	for (i = 1; i < sw->n_pmds; i++)
		if (load[i] < load[best])
			best = i;
	return (uint16_t)best;
}

/* The largest MTU of the networks in @nets. */
static uint16_t sw_nets_mtu(const struct vsw *sw, const uint64_t *nets)
{
	uint16_t net, mtu = 0;

	for (net = 0; net < VSW_MAX_NETS; net++)
		if ((nets[net / 64] >> (net % 64) & 1) && sw->nets[net] != NULL &&
		    sw->nets[net]->mtu > mtu)
			mtu = sw->nets[net]->mtu;
	return mtu ? mtu : PORT_MTU_DEFAULT;
}

/* vhost-user: default socket path, unique among ports. */
static int sw_vhost_path(const struct vsw *sw, struct vsw_port *port,
			 char *err, size_t errsize)
{
	unsigned int i;

	if (port->conf.path[0] == '\0' &&
	    snprintf(port->conf.path, sizeof(port->conf.path), "%s/%s.sock",
		     sw->run_dir, port->conf.name) >= (int)sizeof(port->conf.path)) {
		snprintf(err, errsize, "default socket path too long; use --path");
		return -ENAMETOOLONG;
	}
	for (i = 0; i < VSW_MAX_PORTS; i++) {
		if (sw->ports[i] != NULL &&
		    strcmp(sw->ports[i]->conf.path, port->conf.path) == 0) {
			snprintf(err, errsize, "socket %s is used by port '%s'",
				 port->conf.path, sw->ports[i]->conf.name);
			return -EEXIST;
		}
	}
	return 0;
}

/* Create @port's backend. */
static int sw_port_backend(struct vsw *sw, struct vsw_port *port,
			   const struct net_ipv4 *ip, char *err, size_t errsize)
{
	unsigned int i;
	int ret;

	switch (port->conf.type) {
	case PORT_VHOST_USER:
	case PORT_VHOST_USER_CLIENT:
		ret = sw_vhost_path(sw, port, err, errsize);
		return ret != 0 ? ret : vhost_port_create(port, err, errsize);
	case PORT_TAP:
		if (port->conf.ifname[0] == '\0')
			snprintf(port->conf.ifname, sizeof(port->conf.ifname),
				 "%s", port->conf.name);
		for (i = 0; i < VSW_MAX_PORTS; i++) {
			const struct vsw_port *p = sw->ports[i];

			if (p != NULL && p->conf.type == PORT_TAP &&
			    strcmp(p->conf.ifname, port->conf.ifname) == 0 &&
			    strcmp(p->conf.netns, port->conf.netns) == 0) {
				snprintf(err, errsize, "interface %s is port "
					 "'%s'", p->conf.ifname, p->conf.name);
				return -EEXIST;
			}
		}
		return tap_port_create(port, ip ? ip->gateway : 0,
				       ip ? ip->prefix : 0, ip != NULL,
				       sw->restoring && ip == NULL, err, errsize);
	default:
		return eth_port_create(port, sw->restoring, err, errsize);
	}
}

/**
 * sw_port_add() - Create a port and put it on the packet path
 * @sw:		Switch
 * @conf:	Validated configuration
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno (nothing changed)
 */
int sw_port_add(struct vsw *sw, const struct port_conf *conf, char *err,
		size_t errsize)
{
	return sw_port_add_ip(sw, conf, NULL, err, errsize);
}

/**
 * sw_port_add_ip() - Create a port whose host interface gets an address
 * @sw:		Switch
 * @conf:	Validated configuration
 * @ip:		TAP ports: address (ip->gateway/ip->prefix) for the interface,
 *		with IPv4 forwarding off on it; NULL for none
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno (nothing changed)
 */
int sw_port_add_ip(struct vsw *sw, const struct port_conf *conf,
		   const struct net_ipv4 *ip, char *err, size_t errsize)
{
	uint64_t nets[PORT_TRUNK_MAX / 64];
	struct vsw_port *port;
	unsigned int id;
	uint16_t net_id;
	char desc[256];
	int ret;

	ret = sw_port_resolve(sw, conf, &net_id, nets, err, errsize);
	if (ret != 0)
		return ret;
	if (sw_port_find(sw, conf->name) != NULL) {
		snprintf(err, errsize, "port '%s' already exists", conf->name);
		return -EEXIST;
	}
	for (id = 0; id < VSW_MAX_PORTS && sw->ports[id] != NULL; id++)
		;
	if (id == VSW_MAX_PORTS) {
		snprintf(err, errsize, "too many ports (max %d)", VSW_MAX_PORTS);
		return -ENOSPC;
	}
	port = rte_zmalloc("vsw_port", sizeof(*port), RTE_CACHE_LINE_SIZE);
	if (port == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	port->conf = *conf;
	port->id = (uint16_t)id;
	port->net_id = net_id;
	memcpy(port->nets, nets, sizeof(port->nets));
	port->mtu = sw_nets_mtu(sw, nets);
	port->pmd = sw_pick_pmd(sw);

	ret = sw_port_backend(sw, port, ip, err, errsize);
	if (ret != 0) {
		rte_free(port);
		return ret;
	}
	fdb_port_config(sw->fdb, port->id, port->conf.mac_limit);
	port->dhcp_tokens = DHCP_SVC_BURST;
	if (sw->dhcp != NULL)
		dhcp_svc_port_set(sw, port);
	sw->ports[id] = port;
	ret = sw_publish(sw);
	if (ret != 0) {
		sw->ports[id] = NULL;
		if (sw->dhcp != NULL)
			dhcp_svc_port_clear(sw, port->id);
		port->ops->destroy(port);
		rte_free(port);
		snprintf(err, errsize, "out of memory");
		return ret;
	}
	sw_port_count(sw, port, 1);
	sw->n_ports++;
	VLOG_INFO("port %s: added, %s (%s %s, pmd %u)", port->conf.name,
		  sw_port_desc(port, desc, sizeof(desc)),
		  port_type_name(port->conf.type),
		  port->conf.path[0] ? port->conf.path : port->conf.ifname,
		  port->pmd);
	return 0;
}

/**
 * sw_port_del() - Take a port off the packet path and delete it
 * @sw:		Switch
 * @name:	Port name
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Static FDB entries that point at the port are deleted with it.
 *
 * Return: 0 on success, -ENOENT (nothing changed)
 */
int sw_port_del(struct vsw *sw, const char *name, char *err, size_t errsize)
{
	struct vsw_port *port = sw_port_find(sw, name);

	if (port == NULL) {
		snprintf(err, errsize, "no port '%s'", name);
		return -ENOENT;
	}
	sw_port_remove(sw, port, "deleted");
	return 0;
}

/* Give @port's peer interface @mtu (if its backend has one). */
static void sw_port_apply_mtu(struct vsw_port *port, uint16_t mtu)
{
	char err[256];

	if (port->mtu == mtu)
		return;
	if (port->ops->set_mtu != NULL &&
	    port->ops->set_mtu(port, mtu, err, sizeof(err)) != 0) {
		VLOG_WARN("port %s: %s", port->conf.name, err);
		return;
	}
	port->mtu = mtu;
}

struct sw_static_ctx {
	const struct vsw_port *port;
	const uint64_t *nets;
	int net;	/* a network with a static entry the port leaves */
};

static void sw_static_cb(const struct fdb_entry *e, uint32_t now, void *arg)
{
	struct sw_static_ctx *ctx = arg;
	uint16_t net = fdb_key_net(e->key);

	(void)now;
	if ((e->word & FDB_W_STATIC) && FDB_W_PORT(e->word) == ctx->port->id &&
	    !(ctx->nets[net / 64] >> (net % 64) & 1))
		ctx->net = net;
}

/**
 * sw_port_set_vlan() - Change a port's VLAN membership while it runs
 * @sw:		Switch
 * @port:	Port
 * @conf:	Configuration with the new vlan_mode, net, trunk and native
 *		(other fields are ignored)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The new membership is published with RCU: every frame is switched either
 * with the old or with the new one. Afterwards the port's learned FDB
 * entries are flushed (they may belong to networks it left). Refused if a
 * static FDB entry points at the port in a network it would leave.
 *
 * Return: 0 on success, -errno (nothing changed)
 */
int sw_port_set_vlan(struct vsw *sw, struct vsw_port *port,
		     const struct port_conf *conf, char *err, size_t errsize)
{
	uint64_t nets[PORT_TRUNK_MAX / 64], old_nets[PORT_TRUNK_MAX / 64];
	struct port_conf old_conf = port->conf;
	struct sw_static_ctx ctx = { .port = port, .nets = nets, .net = -1 };
	uint16_t net_id, old_net_id = port->net_id;
	char desc[256];
	int ret;

	ret = sw_port_resolve(sw, conf, &net_id, nets, err, errsize);
	if (ret != 0)
		return ret;
	fdb_walk(sw->fdb, -1, sw->now, sw_static_cb, &ctx);
	if (ctx.net >= 0) {
		snprintf(err, errsize, "port '%s' has static FDB entries in "
			 "network '%s'; delete them first", port->conf.name,
			 sw->nets[ctx.net] ? sw->nets[ctx.net]->name : "?");
		return -EBUSY;
	}
	memcpy(old_nets, port->nets, sizeof(old_nets));
	sw_port_count(sw, port, -1);
	port->conf.vlan_mode = conf->vlan_mode;
	memcpy(port->conf.net, conf->net, sizeof(conf->net));
	port->conf.n_trunk = conf->n_trunk;
	memcpy(port->conf.trunk, conf->trunk, sizeof(conf->trunk));
	memcpy(port->conf.native, conf->native, sizeof(conf->native));
	port->net_id = net_id;
	memcpy(port->nets, nets, sizeof(nets));
	sw_port_count(sw, port, 1);
	if (sw_publish(sw) != 0) {
		sw_port_count(sw, port, -1);
		port->conf = old_conf;
		port->net_id = old_net_id;
		memcpy(port->nets, old_nets, sizeof(old_nets));
		sw_port_count(sw, port, 1);
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	/* No PMD uses the old membership any more: forget what it learned. */
	fdb_flush_port(sw->fdb, port->id, false);
	sw_port_apply_mtu(port, sw_nets_mtu(sw, port->nets));
	VLOG_INFO("port %s: now %s", port->conf.name,
		  sw_port_desc(port, desc, sizeof(desc)));
	return 0;
}

/**
 * sw_net_set_mtu() - Change a network's MTU
 * @sw:		Switch
 * @net:	Network
 * @mtu:	New MTU
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The packet path enforces it from the next burst on; the interfaces of the
 * network's TAP ports (the host-only interface among them) get it too.
 *
 * Return: 0 on success, -errno (nothing changed)
 */
int sw_net_set_mtu(struct vsw *sw, struct vsw_net *net, uint16_t mtu,
		   char *err, size_t errsize)
{
	uint16_t old = net->mtu;
	unsigned int i;

	if (mtu == old)
		return 0;
	if (net->mode == NET_BRIDGED && mtu > eth_port_max_mtu()) {
		snprintf(err, errsize, "MTU %u is more than an uplink carries "
			 "(%u)", mtu, eth_port_max_mtu());
		return -EINVAL;
	}
	net->mtu = mtu;
	if (sw_publish(sw) != 0) {
		net->mtu = old;
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < VSW_MAX_PORTS; i++) {
		struct vsw_port *p = sw->ports[i];

		if (p != NULL && port_in_net(p, net->id))
			sw_port_apply_mtu(p, sw_nets_mtu(sw, p->nets));
	}
	if (sw->dhcp != NULL)
		dhcp_svc_net_update(sw, net, err, errsize);	/* option 26 */
	VLOG_INFO("network %s: mtu %u (was %u)", net->name, mtu, old);
	return 0;
}

/**
 * sw_net_set_dhcp() - Apply new DHCP server settings to a network
 * @sw:		Switch
 * @net:	Network
 * @d:		Validated settings (conf_dhcp_finish())
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The server is reconfigured live (leases that still fit the range stay)
 * and the tables are republished, so the PMDs divert DHCP for the new
 * server address, or stop diverting when it is turned off.
 *
 * Return: 0 on success, -errno (nothing changed)
 */
int sw_net_set_dhcp(struct vsw *sw, struct vsw_net *net,
		    const struct dhcp_conf *d, char *err, size_t errsize)
{
	struct dhcp_conf old = net->dhcp;
	int ret;

	net->dhcp = *d;
	if (sw->dhcp != NULL) {
		ret = dhcp_svc_net_update(sw, net, err, errsize);
		if (ret != 0) {
			net->dhcp = old;
			return ret;
		}
	}
	if (sw_publish(sw) != 0) {
		net->dhcp = old;
		if (sw->dhcp != NULL)
			dhcp_svc_net_update(sw, net, err, errsize);
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/**
 * sw_poll_ports() - Once a second: let backends refresh link states and
 *		     re-attach lost devices
 * @sw:		Switch
 */
void sw_poll_ports(struct vsw *sw)
{
	unsigned int i;

	for (i = 0; i < VSW_MAX_PORTS; i++) {
		struct vsw_port *p = sw->ports[i];

		if (p != NULL && p->ops->poll != NULL && p->ops->poll(p))
			fdb_flush_port(sw->fdb, p->id, false);
	}
}
