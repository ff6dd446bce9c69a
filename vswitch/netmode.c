/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmode.c - what a network's mode adds: a host interface or an uplink.
 *
 * A host-only network owns one TAP port (named like its host interface)
 * that carries the gateway address with IPv4 forwarding off. Bridged
 * networks share uplink ports, one per interface: its membership is derived
 * from the bridged networks that name the interface: one untagged network
 * makes it an access port; otherwise it is a trunk whose tagged networks are
 * the ones with a VLAN id, and the untagged one (at most one) is native.
 * These ports are "managed": created and removed with their networks, never
 * persisted as ports, refused by port-del and port-set. Control thread only.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>

#include "eth_port.h"
#include "hostif.h"
#include "log.h"
#include "netmode.h"

/* "a.b.c.d/p" of a subnet. */
static const char *netmode_cidr(uint32_t addr, uint8_t prefix, char *buf,
				size_t size)
{
	uint32_t be = htonl(addr);
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &be, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, prefix);
	return buf;
}

/**
 * netmode_uplink_port_name() - Name of the managed port of an uplink
 * @uplink:	Interface name or "pci:DDDD:BB:DD.F"
 * @buf:	Output, NAMES_MAX_LEN + 1 bytes
 *
 * Return: @buf: "uplink-IFNAME", or "uplink-DDDD-BB-DD.F" for PCI
 */
char *netmode_uplink_port_name(const char *uplink, char *buf)
{
	char *p;

	if (strncmp(uplink, "pci:", 4) == 0)
		uplink += 4;
	snprintf(buf, NAMES_MAX_LEN + 1, "uplink-%s", uplink);
	for (p = buf; *p; p++)
		if (*p == ':')
			*p = '-';
	return buf;
}

/* Whether @a and @b (network address and prefix) overlap. */
static bool netmode_overlap(const struct net_ipv4 *a, const struct net_ipv4 *b)
{
	uint8_t p = a->prefix < b->prefix ? a->prefix : b->prefix;
	uint32_t mask = p ? 0xffffffffu << (32 - p) : 0;

	return ((a->addr ^ b->addr) & mask) == 0;
}

/* Bridged networks (other than @skip) on @uplink; the untagged one. */
static unsigned int netmode_uplink_nets(const struct vsw *sw,
					const char *uplink,
					const struct vsw_net *skip,
					const struct vsw_net **untagged)
{
	unsigned int i, n = 0;

	*untagged = NULL;
	for (i = 0; i < VSW_MAX_NETS; i++) {
		const struct vsw_net *net = sw->nets[i];

		if (net == NULL || net == skip || net->mode != NET_BRIDGED ||
		    strcmp(net->uplink, uplink) != 0)
			continue;
		n++;
		if (net->vlan == 0)
			*untagged = net;
	}
	return n;
}

/**
 * netmode_check() - Checks of a new network that depend on the host and on
 *		     the other networks
 * @sw:		Switch
 * @conf:	Validated configuration (conf.c checked the syntax)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, or -errno (nothing changed)
 */
int netmode_check(const struct vsw *sw, const struct net_conf *conf,
		  char *err, size_t errsize)
{
	char port[NAMES_MAX_LEN + 1], buf[64], route[128];
	const struct vsw_net *untagged;
	struct hostif_link l;
	unsigned int i;
	int ret;

	for (i = 0; conf->ip.prefix != 0 && i < VSW_MAX_NETS; i++) {
		const struct vsw_net *n = sw->nets[i];

		if (n != NULL && n->ip.prefix != 0 &&
		    netmode_overlap(&n->ip, &conf->ip)) {
			snprintf(err, errsize, "subnet %s overlaps network "
				 "'%s' (%s)", netmode_cidr(conf->ip.addr,
				 conf->ip.prefix, buf, sizeof(buf)), n->name,
				 netmode_cidr(n->ip.addr, n->ip.prefix, route,
					      sizeof(route)));
			return -EEXIST;
		}
	}
	if (conf->mode == NET_HOST_ONLY) {
		if (sw_port_find(sw, conf->host_if) != NULL) {
			snprintf(err, errsize, "host interface name %s is used "
				 "by port '%s'", conf->host_if, conf->host_if);
			return -EEXIST;
		}
		ret = hostif_get(NULL, conf->host_if, &l, err, errsize);
		if (ret != 0)
			return ret;
		if (l.exists) {
			snprintf(err, errsize, "interface %s already exists on "
				 "the host; choose another --host-if",
				 conf->host_if);
			return -EEXIST;
		}
		ret = hostif_route_overlap(conf->ip.addr, conf->ip.prefix,
					   route, sizeof(route));
		if (ret < 0) {
			snprintf(err, errsize, "%s", route);
			return ret;
		}
		if (ret > 0) {
			snprintf(err, errsize, "subnet %s overlaps host route "
				 "%s", netmode_cidr(conf->ip.addr,
				 conf->ip.prefix, buf, sizeof(buf)), route);
			return -EEXIST;
		}
	}
	if (conf->mode == NET_BRIDGED) {
		const struct vsw_port *p;

		if (conf->mtu > eth_port_max_mtu()) {
			snprintf(err, errsize, "MTU %u is more than an uplink "
				 "carries (%u)", conf->mtu, eth_port_max_mtu());
			return -EINVAL;
		}
		p = sw_port_find(sw, netmode_uplink_port_name(conf->uplink, port));
		if (p != NULL && !(p->conf.managed &&
				   port_type_is_uplink(p->conf.type))) {
			snprintf(err, errsize, "port name %s (the uplink's) is "
				 "taken by another port", port);
			return -EEXIST;
		}
		if (p != NULL && p->conf.type != conf->uplink_type) {
			snprintf(err, errsize, "uplink %s is attached as %s; "
				 "networks sharing it must use the same "
				 "--uplink-type", conf->uplink,
				 port_type_name(p->conf.type));
			return -EINVAL;
		}
		netmode_uplink_nets(sw, conf->uplink, NULL, &untagged);
		if (untagged != NULL && conf->vlan == 0) {
			snprintf(err, errsize, "uplink %s already carries "
				 "network '%s' untagged; give this network a "
				 "--vlan id", conf->uplink, untagged->name);
			return -EEXIST;
		}
	}
	return 0;
}

/* Membership of the uplink port of @uplink for its bridged networks
 * (without @skip). Return: number of networks. */
static unsigned int netmode_uplink_conf(const struct vsw *sw,
					const char *uplink,
					const struct vsw_net *skip,
					struct port_conf *pc)
{
	const struct vsw_net *untagged;
	unsigned int n, i;

	n = netmode_uplink_nets(sw, uplink, skip, &untagged);
	pc->n_trunk = 0;
	pc->net[0] = pc->native[0] = '\0';
	if (n == 1 && untagged != NULL) {
		pc->vlan_mode = PORT_ACCESS;
		snprintf(pc->net, sizeof(pc->net), "%s", untagged->name);
		return n;
	}
	pc->vlan_mode = PORT_TRUNK;
	if (untagged != NULL)
		snprintf(pc->native, sizeof(pc->native), "%s", untagged->name);
	for (i = 0; i < VSW_MAX_NETS; i++) {
		const struct vsw_net *net = sw->nets[i];

		if (net == NULL || net == skip || net->mode != NET_BRIDGED ||
		    strcmp(net->uplink, uplink) != 0)
			continue;
		snprintf(pc->trunk[pc->n_trunk], sizeof(pc->trunk[0]), "%s",
			 net->name);
		pc->n_trunk++;
	}
	return n;
}

/* Join @net to its uplink's port, creating the port for the first one. */
static int netmode_uplink_join(struct vsw *sw, struct vsw_net *net, char *err,
			       size_t errsize)
{
	char name[NAMES_MAX_LEN + 1];
	struct vsw_port *port;
	struct port_conf pc;

	port = sw_port_find(sw, netmode_uplink_port_name(net->uplink, name));
	if (port != NULL) {
		pc = port->conf;
		netmode_uplink_conf(sw, net->uplink, NULL, &pc);
		return sw_port_set_vlan(sw, port, &pc, err, errsize);
	}
	memset(&pc, 0, sizeof(pc));
	snprintf(pc.name, sizeof(pc.name), "%s", name);
	pc.type = net->uplink_type;
	snprintf(pc.ifname, sizeof(pc.ifname), "%s",
		 strncmp(net->uplink, "pci:", 4) == 0 ? net->uplink + 4 :
		 net->uplink);
	pc.mode = -1;
	pc.mac_limit = CONF_UPLINK_MAC_LIMIT;
	pc.managed = true;
	netmode_uplink_conf(sw, net->uplink, NULL, &pc);
	return sw_port_add(sw, &pc, err, errsize);
}

/* Take @net off its uplink's port; the last network removes the port. */
static void netmode_uplink_leave(struct vsw *sw, struct vsw_net *net)
{
	char name[NAMES_MAX_LEN + 1], err[256];
	struct vsw_port *port;
	struct port_conf pc;

	port = sw_port_find(sw, netmode_uplink_port_name(net->uplink, name));
	if (port == NULL)
		return;
	pc = port->conf;
	if (netmode_uplink_conf(sw, net->uplink, net, &pc) == 0) {
		sw_port_remove(sw, port, "deleted with its last network");
		return;
	}
	if (sw_port_set_vlan(sw, port, &pc, err, sizeof(err)) != 0)
		VLOG_ERR("uplink %s: cannot leave network %s: %s", net->uplink,
			 net->name, err);
}

/**
 * netmode_attach() - Create what a new network's mode needs
 * @sw:		Switch
 * @net:	Network, just added (in sw->nets)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, or -errno (nothing created)
 */
int netmode_attach(struct vsw *sw, struct vsw_net *net, char *err,
		   size_t errsize)
{
	struct port_conf pc;

	switch (net->mode) {
	case NET_HOST_ONLY:
		memset(&pc, 0, sizeof(pc));
		snprintf(pc.name, sizeof(pc.name), "%s", net->host_if);
		snprintf(pc.net, sizeof(pc.net), "%s", net->name);
		snprintf(pc.ifname, sizeof(pc.ifname), "%s", net->host_if);
		pc.type = PORT_TAP;
		pc.mode = -1;
		pc.mac_limit = VSW_DEFAULT_MAC_LIMIT;
		pc.managed = true;
		return sw_port_add_ip(sw, &pc, &net->ip, err, errsize);
	case NET_BRIDGED:
		return netmode_uplink_join(sw, net, err, errsize);
	default:
		return 0;
	}
}

/**
 * netmode_detach() - Remove what a network's mode created
 * @sw:		Switch
 * @net:	Network being deleted (still in sw->nets)
 */
void netmode_detach(struct vsw *sw, struct vsw_net *net)
{
	struct vsw_port *port;

	switch (net->mode) {
	case NET_HOST_ONLY:
		port = sw_port_find(sw, net->host_if);
		if (port != NULL && port->conf.managed)
			sw_port_remove(sw, port, "deleted with its network");
		break;
	case NET_BRIDGED:
		netmode_uplink_leave(sw, net);
		break;
	default:
		break;
	}
}

/**
 * netmode_managed_ports() - Managed ports in a network
 * @sw:		Switch
 * @net:	Network
 *
 * Return: how many of net->n_ports its mode created
 */
unsigned int netmode_managed_ports(const struct vsw *sw,
				   const struct vsw_net *net)
{
	unsigned int i, n = 0;

	for (i = 0; i < VSW_MAX_PORTS; i++)
		if (sw->ports[i] != NULL && sw->ports[i]->conf.managed &&
		    port_in_net(sw->ports[i], net->id))
			n++;
	return n;
}

/**
 * netmode_port_owner() - Names of the networks a managed port belongs to
 * @sw:		Switch
 * @port:	Port
 * @buf:	Output: "net" or "net1,net2", empty if not managed
 * @size:	Size of @buf
 *
 * Return: @buf
 */
const char *netmode_port_owner(const struct vsw *sw,
			       const struct vsw_port *port, char *buf,
			       size_t size)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; port->conf.managed && i < VSW_MAX_NETS && n < size; i++)
		if (sw->nets[i] != NULL && port_in_net(port, (uint16_t)i))
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
					      n ? "," : "", sw->nets[i]->name);
	return buf;
}

/**
 * netmode_uplink_port() - The uplink port of a bridged network
 * @sw:		Switch
 * @net:	Network
 *
 * Return: port, NULL if @net is not bridged
 */
struct vsw_port *netmode_uplink_port(const struct vsw *sw,
				     const struct vsw_net *net)
{
	char name[NAMES_MAX_LEN + 1];

	if (net->mode != NET_BRIDGED)
		return NULL;
	return sw_port_find(sw, netmode_uplink_port_name(net->uplink, name));
}
