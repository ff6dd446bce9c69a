/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd.c - control commands: one JSON request in, one JSON response out.
 *
 * Requests are validated completely (conf.c) before anything changes; a
 * change that cannot be persisted is undone, so the running switch and the
 * state file never disagree. Results follow docs/CONTROL.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "cmd.h"
#include "cmd_dhcp.h"
#include "conf.h"
#include "dhcp_svc.h"
#include "drop.h"
#include "eth_port.h"
#include "netmode.h"
#include "pmd.h"
#include "state.h"

typedef int (*cmd_fn)(struct vsw *sw, json_t *args, json_t **result,
		      char *err, size_t errsize);

/* The connection of the request being executed (control thread only). */
static struct cmd_ctx *cmd_cur;

static json_t *cmd_stats_json(const struct vsw_port *port)
{
	struct port_stats s;
	json_t *drops = json_object();
	int r;

	port_stats_sum(port, &s);
	for (r = 0; r < DROP_MAX; r++)
		json_object_set_new(drops, drop_name((enum drop_reason)r),
				    json_integer((json_int_t)s.drops[r]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "rx_packets", (json_int_t)s.rx_packets,
			 "rx_bytes", (json_int_t)s.rx_bytes,
			 "tx_packets", (json_int_t)s.tx_packets,
			 "tx_bytes", (json_int_t)s.tx_bytes,
			 "rx_other_tpid", (json_int_t)s.rx_other_tpid,
			 "dhcp_punts", (json_int_t)s.dhcp_punts,
			 "drops", drops);
}

static json_t *cmd_net_json(const struct vsw *sw, const struct vsw_net *net)
{
	json_t *ports = json_array(), *o, *conf;
	const struct vsw_port *up;
	struct net_conf nc;
	unsigned int i;

	for (i = 0; i < VSW_MAX_PORTS; i++)
		if (sw->ports[i] != NULL && port_in_net(sw->ports[i], net->id))
			json_array_append_new(ports, json_string(sw->ports[i]->conf.name));
	o = json_pack("{s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:o}",
		      "name", net->name, "mode", net_mode_name(net->mode),
		      "vlan", net->vlan ? json_integer(net->vlan) : json_null(),
		      "fdb_aging", (json_int_t)net->fdb_aging,
		      "fdb_max", (json_int_t)net->fdb_max,
		      "fdb_entries", (json_int_t)__atomic_load_n(
			&sw->fdb->net_count[net->id], __ATOMIC_RELAXED),
		      "fdb_moves", (json_int_t)__atomic_load_n(
			&sw->fdb->net_moves[net->id], __ATOMIC_RELAXED),
		      "ports", ports);
	sw_net_conf(net, &nc);
	conf = conf_net_to_json(&nc);
	if (o == NULL || conf == NULL) {
		json_decref(conf);
		return o;
	}
	json_object_set(o, "mtu", json_object_get(conf, "mtu"));
	json_object_set_new(o, "subnet", json_incref(json_object_get(conf, "subnet")) ?: json_null());
	json_object_set_new(o, "gateway", json_incref(json_object_get(conf, "gateway")) ?: json_null());
	json_object_set_new(o, "host_if", json_incref(json_object_get(conf, "host_if")) ?: json_null());
	up = netmode_uplink_port(sw, net);
	if (net->mode == NET_BRIDGED)
		json_object_set_new(o, "uplink", json_pack("{s:s, s:s, s:s?, s:s}",
			"name", net->uplink, "type", port_type_name(net->uplink_type),
			"port", up ? up->conf.name : NULL,
			"state", up ? eth_port_state(up) : "absent"));
	else
		json_object_set_new(o, "uplink", json_null());
	json_decref(conf);
	json_object_set_new(o, "dhcp", dhcp_svc_net_json((struct vsw *)sw, net)
				       ?: json_null());
	return o;
}

static json_t *cmd_port_json(const struct vsw *sw, const struct vsw_port *port)
{
	const struct port_conf *pc = &port->conf;
	json_t *o = conf_port_to_json(pc);

	if (o == NULL)
		return NULL;
	if (!pc->has_mac)
		json_object_set_new(o, "mac", json_null());
	if (!pc->owner[0])
		json_object_set_new(o, "owner", json_null());
	if (!pc->group[0])
		json_object_set_new(o, "group", json_null());
	if (pc->mode < 0)
		json_object_set_new(o, "mode", json_null());
	json_object_set_new(o, "vlan_mode", json_string(
		pc->vlan_mode == PORT_TRUNK ? "trunk" : "access"));
	if (pc->vlan_mode == PORT_TRUNK) {
		json_object_set_new(o, "net", json_null());
		if (!pc->native[0])
			json_object_set_new(o, "native", json_null());
	} else {
		json_object_set_new(o, "trunk", json_array());
		json_object_set_new(o, "native", json_null());
	}
	if (pc->type == PORT_TAP || port_type_is_uplink(pc->type)) {
		char owner[256];

		json_object_set_new(o, "ifname", json_string(pc->ifname));
		json_object_set_new(o, "netns", pc->netns[0] ?
				    json_string(pc->netns) : json_null());
		json_object_set_new(o, "mtu", json_integer(port->mtu));
		netmode_port_owner(sw, port, owner, sizeof(owner));
		json_object_set_new(o, "managed_by", owner[0] ?
				    json_string(owner) : json_null());
	}
	json_object_set_new(o, "link", json_string(port->ops->link_up(port) ?
						      "up" : "down"));
	json_object_set_new(o, "pmd", json_integer(port->pmd));
	json_object_set_new(o, "macs_learned", json_integer(__atomic_load_n(
		&sw->fdb->port_count[port->id], __ATOMIC_RELAXED)));
	json_object_set_new(o, "stats", cmd_stats_json(port));
	return o;
}

/* Arguments of a command that takes none. */
static int cmd_no_args(json_t *args, char *err, size_t errsize)
{
	static const char *const keys[] = { NULL };

	return conf_check_keys(args, keys, err, errsize);
}

/* Arguments of a command that takes only a "name". */
static int cmd_name_arg(json_t *args, char *name, char *err, size_t errsize)
{
	static const char *const keys[] = { "name", NULL };

	if (conf_check_keys(args, keys, err, errsize) != 0 ||
	    conf_get_name(args, "name", true, name, err, errsize) != 0)
		return -EINVAL;
	return 0;
}

/* Refuse to change a port a network manages; true if refused. */
static bool cmd_managed(const struct vsw *sw, const struct vsw_port *port,
			char *err, size_t errsize)
{
	char owner[256];

	if (port == NULL || !port->conf.managed)
		return false;
	netmode_port_owner(sw, port, owner, sizeof(owner));
	snprintf(err, errsize, "port '%s' belongs to network(s) %s (%s); it "
		 "changes with them (net-set, net-del)", port->conf.name, owner,
		 port->conf.type == PORT_TAP ? "host interface" : "uplink");
	return true;
}

/**
 * cmd_persist() - Save the configuration after a change
 * @sw:		Switch
 * @err:	Error message on failure ("change not applied: ...")
 * @errsize:	Size of @err
 *
 * On failure the caller undoes the change.
 *
 * Return: 0, -errno
 */
int cmd_persist(struct vsw *sw, char *err, size_t errsize)
{
	char msg[256];
	int ret = state_save(sw, msg, sizeof(msg));

	if (ret != 0)
		snprintf(err, errsize, "change not applied: state not saved: %s",
			 msg);
	return ret;
}

static int cmd_status(struct vsw *sw, json_t *args, json_t **result,
		      char *err, size_t errsize)
{
	json_t *cpus, *pmds;
	unsigned int i;

	if (cmd_no_args(args, err, errsize) != 0)
		return -EINVAL;
	cpus = json_array();
	pmds = json_array();

	for (i = 0; i < sw->n_pmds; i++) {
		const struct pmd *p = &sw->pmds[i];

		json_array_append_new(cpus, json_integer(sw->pmd_cpus[i]));
		json_array_append_new(pmds, json_pack("{s:i, s:i, s:I, s:I, s:I}",
			"pmd", (int)i, "cpu", (int)sw->pmd_cpus[i],
			"busy_polls", (json_int_t)__atomic_load_n(&p->busy_polls,
							__ATOMIC_RELAXED),
			"idle_polls", (json_int_t)__atomic_load_n(&p->idle_polls,
							__ATOMIC_RELAXED),
			"sleeps", (json_int_t)__atomic_load_n(&p->sleeps,
						      __ATOMIC_RELAXED)));
	}
	*result = json_pack("{s:s, s:i, s:I, s:o, s:o, s:b, s:s, s:s, s:i, "
			    "s:i, s:i, s:i}",
			    "version", VSW_VERSION, "pid", (int)getpid(),
			    "uptime_s", (json_int_t)(time(NULL) - sw->started),
			    "pmd_cores", cpus, "pmds", pmds, "hugepages", sw->hugepages,
			    "run_dir", sw->run_dir, "state_dir", sw->state_dir,
			    "networks", sw->n_nets, "ports", sw->n_ports,
			    "mbufs_total", (int)sw->pool->size,
			    "mbufs_in_use",
			    (int)rte_mempool_in_use_count(sw->pool));
	return 0;
}

static int cmd_net_add(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize)
{
	struct net_conf nc;
	char tmp[256];
	int ret;

	ret = conf_net_from_json(args, &nc, err, errsize);
	if (ret == 0)
		ret = sw_net_add(sw, &nc, err, errsize);
	if (ret != 0)
		return ret;
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		sw_net_del(sw, nc.name, tmp, sizeof(tmp));
		return ret;
	}
	*result = cmd_net_json(sw, sw_net_find(sw, nc.name));
	return 0;
}

static int cmd_net_del(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize)
{
	char name[NAMES_MAX_LEN + 1], tmp[256];
	struct vsw_net *net;
	struct net_conf nc;
	int ret;

	if (cmd_name_arg(args, name, err, errsize) != 0)
		return -EINVAL;
	net = sw_net_find(sw, name);
	if (net != NULL)
		sw_net_conf(net, &nc);
	ret = sw_net_del(sw, name, err, errsize);
	if (ret != 0)
		return ret;
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		sw_net_add(sw, &nc, tmp, sizeof(tmp));
		return ret;
	}
	*result = json_object();
	return 0;
}

static int cmd_net_set(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize)
{
	struct net_set set;
	uint32_t old_aging, old_max;
	uint16_t old_vlan, old_mtu;
	struct dhcp_conf old_dhcp, new_dhcp;
	struct vsw_net *net;
	struct net_conf nc;
	char tmp[256];
	int ret;

	if (conf_net_set_from_json(args, &set, err, errsize) != 0)
		return -EINVAL;
	net = sw_net_find(sw, set.name);
	if (net == NULL) {
		snprintf(err, errsize, "no network '%s'", set.name);
		return -ENOENT;
	}
	/* validate the merged DHCP settings before anything changes */
	old_dhcp = net->dhcp;
	new_dhcp = net->dhcp;
	if (set.dhcp_set != 0) {
		sw_net_conf(net, &nc);
		if (set.mtu != 0)
			nc.mtu = set.mtu;
		conf_dhcp_apply_set(&set, &new_dhcp);
		if (conf_dhcp_finish(&nc, &new_dhcp, err, errsize) != 0)
			return -EINVAL;
	}
	old_aging = net->fdb_aging;
	old_max = net->fdb_max;
	old_vlan = net->vlan;
	old_mtu = net->mtu;
	if (set.set_vlan) {
		ret = sw_net_set_vlan(sw, net, set.vlan, err, errsize);
		if (ret != 0)
			return ret;
	}
	if (set.mtu != 0) {
		ret = sw_net_set_mtu(sw, net, set.mtu, err, errsize);
		if (ret != 0) {
			sw_net_set_vlan(sw, net, old_vlan, tmp, sizeof(tmp));
			return ret;
		}
	}
	if (set.dhcp_set != 0) {
		ret = sw_net_set_dhcp(sw, net, &new_dhcp, err, errsize);
		if (ret != 0) {
			sw_net_set_mtu(sw, net, old_mtu, tmp, sizeof(tmp));
			sw_net_set_vlan(sw, net, old_vlan, tmp, sizeof(tmp));
			return ret;
		}
	}
	if (set.fdb_aging != 0 || set.fdb_max != 0)
		sw_net_set(sw, net, set.fdb_aging, set.fdb_max);
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		sw_net_set_dhcp(sw, net, &old_dhcp, tmp, sizeof(tmp));
		sw_net_set(sw, net, old_aging, old_max);
		sw_net_set_vlan(sw, net, old_vlan, tmp, sizeof(tmp));
		sw_net_set_mtu(sw, net, old_mtu, tmp, sizeof(tmp));
		return ret;
	}
	*result = cmd_net_json(sw, net);
	return 0;
}

static int cmd_net_list(struct vsw *sw, json_t *args, json_t **result,
			char *err, size_t errsize)
{
	json_t *arr;
	unsigned int i;

	if (cmd_no_args(args, err, errsize) != 0)
		return -EINVAL;
	arr = json_array();
	for (i = 0; i < VSW_MAX_NETS; i++)
		if (sw->nets[i] != NULL)
			json_array_append_new(arr, cmd_net_json(sw, sw->nets[i]));
	*result = json_pack("{s:o}", "networks", arr);
	return 0;
}

static int cmd_net_show(struct vsw *sw, json_t *args, json_t **result,
			char *err, size_t errsize)
{
	char name[NAMES_MAX_LEN + 1];
	struct vsw_net *net;

	if (cmd_name_arg(args, name, err, errsize) != 0)
		return -EINVAL;
	net = sw_net_find(sw, name);
	if (net == NULL) {
		snprintf(err, errsize, "no network '%s'", name);
		return -ENOENT;
	}
	*result = cmd_net_json(sw, net);
	return 0;
}

static int cmd_port_add(struct vsw *sw, json_t *args, json_t **result,
			char *err, size_t errsize)
{
	struct port_conf pc;
	char tmp[256];
	int ret;

	ret = conf_port_from_json(args, &pc, err, errsize);
	if (ret == 0)
		ret = sw_port_add(sw, &pc, err, errsize);
	if (ret != 0)
		return ret;
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		sw_port_del(sw, pc.name, tmp, sizeof(tmp));
		return ret;
	}
	*result = cmd_port_json(sw, sw_port_find(sw, pc.name));
	return 0;
}

static int cmd_port_del(struct vsw *sw, json_t *args, json_t **result,
			char *err, size_t errsize)
{
	char name[NAMES_MAX_LEN + 1];
	int ret;

	if (cmd_name_arg(args, name, err, errsize) != 0)
		return -EINVAL;
	if (cmd_managed(sw, sw_port_find(sw, name), err, errsize))
		return -EPERM;
	ret = sw_port_del(sw, name, err, errsize);
	if (ret != 0)
		return ret;
	/* The port is gone from the packet path either way; if the state file
	 * cannot be written the port returns at the next start. */
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		snprintf(err, errsize, "port deleted, but the state file could "
			 "not be updated; it will return after a restart");
		return ret;
	}
	*result = json_object();
	return 0;
}

static int cmd_port_set(struct vsw *sw, json_t *args, json_t **result,
			char *err, size_t errsize)
{
	struct port_conf pc, old;
	struct vsw_port *port;
	char tmp[256];
	int ret;

	if (conf_port_set_from_json(args, &pc, err, errsize) != 0)
		return -EINVAL;
	port = sw_port_find(sw, pc.name);
	if (port == NULL) {
		snprintf(err, errsize, "no port '%s'", pc.name);
		return -ENOENT;
	}
	if (cmd_managed(sw, port, err, errsize))
		return -EPERM;
	old = port->conf;
	ret = sw_port_set_vlan(sw, port, &pc, err, errsize);
	if (ret != 0)
		return ret;
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		sw_port_set_vlan(sw, port, &old, tmp, sizeof(tmp));
		return ret;
	}
	*result = cmd_port_json(sw, port);
	return 0;
}

static int cmd_port_list(struct vsw *sw, json_t *args, json_t **result,
			 char *err, size_t errsize)
{
	json_t *arr;
	unsigned int i;

	if (cmd_no_args(args, err, errsize) != 0)
		return -EINVAL;
	arr = json_array();
	for (i = 0; i < VSW_MAX_PORTS; i++)
		if (sw->ports[i] != NULL)
			json_array_append_new(arr, cmd_port_json(sw, sw->ports[i]));
	*result = json_pack("{s:o}", "ports", arr);
	return 0;
}

static int cmd_port_show(struct vsw *sw, json_t *args, json_t **result,
			 char *err, size_t errsize)
{
	char name[NAMES_MAX_LEN + 1];
	struct vsw_port *port;

	if (cmd_name_arg(args, name, err, errsize) != 0)
		return -EINVAL;
	port = sw_port_find(sw, name);
	if (port == NULL) {
		snprintf(err, errsize, "no port '%s'", name);
		return -ENOENT;
	}
	*result = cmd_port_json(sw, port);
	return 0;
}

struct cmd_fdb_ctx {
	const struct vsw *sw;
	json_t *arr;
};

static json_t *cmd_fdb_entry_json(const struct vsw *sw,
				  const struct fdb_entry *e, uint32_t now)
{
	const struct vsw_port *port = sw->ports[FDB_W_PORT(e->word)];
	const struct vsw_net *net = sw->nets[fdb_key_net(e->key)];
	char mac[NAMES_MAC_STRLEN];
	uint8_t b[6];
	bool st = e->word & FDB_W_STATIC;

	if (port == NULL || net == NULL)
		return NULL;
	fdb_key_mac(e->key, b);
	names_mac_format(b, mac);
	return json_pack("{s:s, s:s, s:s, s:b, s:i}", "net", net->name,
			 "mac", mac, "port", port->conf.name, "static", st,
			 "age_s", st ? 0 : (int)(now - e->last_seen));
}

static void cmd_fdb_cb(const struct fdb_entry *e, uint32_t now, void *arg)
{
	struct cmd_fdb_ctx *ctx = arg;
	json_t *o = cmd_fdb_entry_json(ctx->sw, e, now);

	if (o != NULL)
		json_array_append_new(ctx->arr, o);
}

static int cmd_fdb_show(struct vsw *sw, json_t *args, json_t **result,
			char *err, size_t errsize)
{
	static const char *const keys[] = { "net", NULL };
	struct cmd_fdb_ctx ctx = { .sw = sw };
	char name[NAMES_MAX_LEN + 1];
	int net = -1;

	if (conf_check_keys(args, keys, err, errsize) != 0 ||
	    conf_get_name(args, "net", false, name, err, errsize) != 0)
		return -EINVAL;
	if (name[0] != '\0') {
		struct vsw_net *n = sw_net_find(sw, name);

		if (n == NULL) {
			snprintf(err, errsize, "no network '%s'", name);
			return -ENOENT;
		}
		net = n->id;
	}
	ctx.arr = json_array();
	fdb_walk(sw->fdb, net, sw->now, cmd_fdb_cb, &ctx);
	*result = json_pack("{s:o}", "entries", ctx.arr);
	return 0;
}

/* Resolve an fdb request's network (and port) names. */
static int cmd_fdb_resolve(struct vsw *sw, const struct fdb_conf *fc,
			   bool need_port, struct vsw_net **net,
			   struct vsw_port **port, char *err, size_t errsize)
{
	*net = sw_net_find(sw, fc->net);
	if (*net == NULL) {
		snprintf(err, errsize, "no network '%s'", fc->net);
		return -ENOENT;
	}
	if (!need_port)
		return 0;
	*port = sw_port_find(sw, fc->port);
	if (*port == NULL) {
		snprintf(err, errsize, "no port '%s'", fc->port);
		return -ENOENT;
	}
	if (!port_in_net(*port, (*net)->id)) {
		snprintf(err, errsize, "port '%s' is not in network '%s'",
			 fc->port, fc->net);
		return -EINVAL;
	}
	return 0;
}

static int cmd_fdb_add(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize)
{
	struct fdb_conf fc;
	struct vsw_net *net;
	struct vsw_port *port;
	struct fdb_entry old = { 0 };
	uint64_t key;
	int32_t pos;
	uint32_t w;
	int ret;

	if (conf_fdb_from_json(args, true, &fc, err, errsize) != 0)
		return -EINVAL;
	ret = cmd_fdb_resolve(sw, &fc, true, &net, &port, err, errsize);
	if (ret != 0)
		return ret;
	key = fdb_key(net->id, fc.mac);
	fdb_lookup_bulk(sw->fdb, &key, 1, &pos, &w);
	if ((w & FDB_W_VALID) && (w & FDB_W_STATIC)) {
		snprintf(err, errsize, "static entry for %s already exists "
			 "in network '%s'; delete it first",
			 json_string_value(json_object_get(args, "mac")), fc.net);
		return -EEXIST;
	}
	if (fdb_add_static(sw->fdb, key, port->id) != 0) {
		snprintf(err, errsize, "FDB full");
		return -ENOSPC;
	}
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		fdb_del(sw->fdb, key);
		return ret;
	}
	old.key = key;
	old.word = FDB_W_VALID | FDB_W_STATIC | port->id;
	*result = cmd_fdb_entry_json(sw, &old, sw->now);
	return 0;
}

static int cmd_fdb_del(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize)
{
	struct fdb_conf fc;
	struct vsw_net *net;
	struct vsw_port *port;
	uint64_t key;
	int32_t pos;
	uint32_t w;
	int ret;

	if (conf_fdb_from_json(args, false, &fc, err, errsize) != 0)
		return -EINVAL;
	ret = cmd_fdb_resolve(sw, &fc, false, &net, &port, err, errsize);
	if (ret != 0)
		return ret;
	key = fdb_key(net->id, fc.mac);
	fdb_lookup_bulk(sw->fdb, &key, 1, &pos, &w);
	if (!(w & FDB_W_VALID) || fdb_del(sw->fdb, key) != 0) {
		snprintf(err, errsize, "no entry for %s in network '%s'",
			 json_string_value(json_object_get(args, "mac")), fc.net);
		return -ENOENT;
	}
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		if (w & FDB_W_STATIC)
			fdb_add_static(sw->fdb, key, FDB_W_PORT(w));
		return ret;
	}
	*result = json_object();
	return 0;
}

static int cmd_stats(struct vsw *sw, json_t *args, json_t **result,
		     char *err, size_t errsize)
{
	static const char *const keys[] = { "port", NULL };
	char name[NAMES_MAX_LEN + 1];
	json_t *arr;
	unsigned int i;

	if (conf_check_keys(args, keys, err, errsize) != 0 ||
	    conf_get_name(args, "port", false, name, err, errsize) != 0)
		return -EINVAL;
	if (name[0] != '\0' && sw_port_find(sw, name) == NULL) {
		snprintf(err, errsize, "no port '%s'", name);
		return -ENOENT;
	}
	arr = json_array();
	for (i = 0; i < VSW_MAX_PORTS; i++) {
		const struct vsw_port *p = sw->ports[i];

		if (p == NULL || (name[0] && strcmp(p->conf.name, name) != 0))
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:o}", "name",
						     p->conf.name, "stats",
						     cmd_stats_json(p)));
	}
	*result = json_pack("{s:o}", "ports", arr);
	return 0;
}

static int cmd_capture_start(struct vsw *sw, json_t *args, json_t **result,
			     char *err, size_t errsize)
{
	int ret = capture_start(sw, args, &cmd_cur->fd, cmd_cur->token, result,
				err, errsize);

	if (ret == 0 && json_is_true(json_object_get(args, "stream")))
		cmd_cur->streaming = true;
	return ret;
}

static int cmd_capture_stop(struct vsw *sw, json_t *args, json_t **result,
			    char *err, size_t errsize)
{
	return capture_stop(sw, args, result, err, errsize);
}

static int cmd_capture_list(struct vsw *sw, json_t *args, json_t **result,
			    char *err, size_t errsize)
{
	if (cmd_no_args(args, err, errsize) != 0)
		return -EINVAL;
	*result = capture_list(sw);
	return 0;
}

static const struct {
	const char *name;
	cmd_fn fn;
} cmd_table[] = {
	{ "status", cmd_status },
	{ "net-add", cmd_net_add },
	{ "net-del", cmd_net_del },
	{ "net-set", cmd_net_set },
	{ "net-list", cmd_net_list },
	{ "net-show", cmd_net_show },
	{ "port-add", cmd_port_add },
	{ "port-del", cmd_port_del },
	{ "port-set", cmd_port_set },
	{ "port-list", cmd_port_list },
	{ "port-show", cmd_port_show },
	{ "fdb-show", cmd_fdb_show },
	{ "fdb-add", cmd_fdb_add },
	{ "fdb-del", cmd_fdb_del },
	{ "stats", cmd_stats },
	{ "dhcp-host-add", cmd_dhcp_host_add },
	{ "dhcp-host-del", cmd_dhcp_host_del },
	{ "dhcp-host-list", cmd_dhcp_host_list },
	{ "dhcp-leases", cmd_dhcp_leases },
	{ "dhcp-lease-del", cmd_dhcp_lease_del },
	{ "capture-start", cmd_capture_start },
	{ "capture-stop", cmd_capture_stop },
	{ "capture-list", cmd_capture_list },
};

static json_t *cmd_error(const char *msg)
{
	json_t *r = json_pack("{s:b, s:s}", "ok", 0, "error", msg);

	/* msg is built from sanitized text; never answer with nothing */
	return r ? r : json_pack("{s:b, s:s}", "ok", 0, "error",
				 "request refused");
}

/**
 * cmd_execute() - Run one request line that came without a descriptor
 * @sw:		Switch
 * @line:	Request text (without the newline), not NUL-terminated
 * @len:	Bytes in @line
 *
 * Context: control thread
 * Return: response object (caller owns); never NULL unless out of memory
 */
json_t *cmd_execute(struct vsw *sw, const char *line, size_t len)
{
	struct cmd_ctx ctx = { .fd = -1 };

	return cmd_execute_ctx(sw, line, len, &ctx);
}

/**
 * cmd_execute_ctx() - Run one request line of a connection
 * @sw:		Switch
 * @line:	Request text (without the newline), not NUL-terminated
 * @len:	Bytes in @line
 * @ctx:	The connection: passed descriptor (a command that keeps it sets
 *		it to -1; the caller closes what is left), identity, streaming
 *
 * Context: control thread
 * Return: response object (caller owns); never NULL unless out of memory
 */
json_t *cmd_execute_ctx(struct vsw *sw, const char *line, size_t len,
			struct cmd_ctx *ctx)
{
	char err[512] = "";
	json_t *req, *args, *result = NULL, *resp;
	json_error_t jerr;
	const char *name;
	size_t i;
	int ret;

	req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (req == NULL) {
		snprintf(err, sizeof(err), "malformed JSON request: %s", jerr.text);
		return cmd_error(err);
	}
	if (!json_is_object(req) || !json_is_string(json_object_get(req, "cmd"))) {
		json_decref(req);
		return cmd_error("request must be an object with a string 'cmd'");
	}
	name = json_string_value(json_object_get(req, "cmd"));
	args = json_object_get(req, "args");
	if (json_object_size(req) > (args != NULL ? 2u : 1u)) {
		json_decref(req);
		return cmd_error("request may only hold 'cmd' and 'args'");
	}
	for (i = 0; i < sizeof(cmd_table) / sizeof(cmd_table[0]); i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			break;
	if (i == sizeof(cmd_table) / sizeof(cmd_table[0])) {
		char safe[NAMES_ECHO_SIZE];

		snprintf(err, sizeof(err), "unknown command '%s'",
			 names_printable(name, safe, sizeof(safe)));
		json_decref(req);
		return cmd_error(err);
	}
	cmd_cur = ctx;
	if (args == NULL) {
		json_t *empty = json_object();

		ret = cmd_table[i].fn(sw, empty, &result, err, sizeof(err));
		json_decref(empty);
	} else {
		ret = cmd_table[i].fn(sw, args, &result, err, sizeof(err));
	}
	cmd_cur = NULL;
	json_decref(req);
	if (ret != 0) {
		json_decref(result);
		return cmd_error(err[0] ? err : "failed");
	}
	if (result == NULL)
		return cmd_error("out of memory");
	resp = json_pack("{s:b, s:o}", "ok", 1, "result", result);
	return resp;
}
