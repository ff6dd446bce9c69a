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

#include <rte_malloc.h>

#include "log.h"
#include "switch.h"
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
	for (net = 0; net < VSW_MAX_NETS; net++) {
		t->net_first[net] = (uint16_t)n;
		for (i = 0; i < VSW_MAX_PORTS; i++) {
			const struct vsw_port *p = sw->ports[i];

			if (p != NULL && p->net_id == net)
				t->members[n++] = p->id;
		}
		t->net_count[net] = (uint16_t)(n - t->net_first[net]);
	}
	for (i = 0; i < VSW_MAX_PORTS; i++) {
		struct vsw_port *p = sw->ports[i];

		if (p == NULL)
			continue;
		t->ports[i] = p;
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

/* Take @port off the packet path, destroy its backend, flush its FDB
 * entries (static ones too) and free it; @what is logged ("deleted"). */
static void sw_port_remove(struct vsw *sw, struct vsw_port *port,
			   const char *what)
{
	unsigned int flushed;

	sw->ports[port->id] = NULL;
	while (sw_publish(sw) != 0)	/* must not fail: retry */
		rte_delay_ms(10);
	port->ops->destroy(port);
	flushed = fdb_flush_port(sw->fdb, port->id, true);
	sw->nets[port->net_id]->n_ports--;
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
	net = calloc(1, sizeof(*net));
	if (net == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	snprintf(net->name, sizeof(net->name), "%s", conf->name);
	net->id = (uint16_t)id;
	net->mode = conf->mode;
	net->fdb_aging = conf->fdb_aging;
	net->fdb_max = conf->fdb_max;
	fdb_net_config(sw->fdb, net->id, net->fdb_aging, net->fdb_max);
	sw->nets[id] = net;
	sw->n_nets++;
	VLOG_INFO("network %s: added (mode %s, fdb aging %us, max %u)", net->name,
		 net_mode_name(net->mode), net->fdb_aging, net->fdb_max);
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

	if (net == NULL) {
		snprintf(err, errsize, "no network '%s'", name);
		return -ENOENT;
	}
	if (net->n_ports > 0) {
		snprintf(err, errsize, "network '%s' still has %u port(s); "
			 "delete them first", name, net->n_ports);
		return -EBUSY;
	}
	fdb_flush_net(sw->fdb, net->id);
	sw->nets[net->id] = NULL;
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
	struct vsw_net *net = sw_net_find(sw, conf->net);
	struct vsw_port *port;
	unsigned int id, i;
	int ret;

	if (net == NULL) {
		snprintf(err, errsize, "no network '%s'", conf->net);
		return -ENOENT;
	}
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
	port->net_id = net->id;
	if (conf->path[0] == '\0' &&
	    snprintf(port->conf.path, sizeof(port->conf.path), "%s/%s.sock",
		     sw->run_dir, conf->name) >= (int)sizeof(port->conf.path)) {
		snprintf(err, errsize, "default socket path too long; use --path");
		rte_free(port);
		return -ENAMETOOLONG;
	}
	for (i = 0; i < VSW_MAX_PORTS; i++) {
		if (sw->ports[i] != NULL &&
		    strcmp(sw->ports[i]->conf.path, port->conf.path) == 0) {
			snprintf(err, errsize, "socket %s is used by port '%s'",
				 port->conf.path, sw->ports[i]->conf.name);
			rte_free(port);
			return -EEXIST;
		}
	}
	port->pmd = sw_pick_pmd(sw);

	ret = vhost_port_create(port, err, errsize);
	if (ret != 0) {
		rte_free(port);
		return ret;
	}
	fdb_port_config(sw->fdb, port->id, port->conf.mac_limit);
	sw->ports[id] = port;
	ret = sw_publish(sw);
	if (ret != 0) {
		sw->ports[id] = NULL;
		port->ops->destroy(port);
		rte_free(port);
		snprintf(err, errsize, "out of memory");
		return ret;
	}
	net->n_ports++;
	sw->n_ports++;
	VLOG_INFO("port %s: added to network %s (%s %s, pmd %u)", port->conf.name,
		 net->name, port_type_name(port->conf.type), port->conf.path, port->pmd);
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
