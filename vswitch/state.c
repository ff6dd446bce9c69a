/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state.c - persist the switch configuration and restore it at start.
 *
 * The document holds networks, ports, static FDB entries and DHCP
 * reservations as the very objects net-add, port-add, fdb-add and
 * dhcp-host-add take (conf.c), so a restore replays the same validation as
 * live requests. It is rewritten after every change. (DHCP leases are not
 * configuration: dhcp_svc.c keeps them in their own file.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "dhcp_svc.h"
#include "state.h"
#include "state_file.h"

struct state_fdb_ctx {
	const struct vsw *sw;
	json_t *arr;
};

static void state_fdb_cb(const struct fdb_entry *e, uint32_t now, void *arg)
{
	struct state_fdb_ctx *ctx = arg;
	const struct vsw_port *port = ctx->sw->ports[FDB_W_PORT(e->word)];
	const struct vsw_net *net = ctx->sw->nets[fdb_key_net(e->key)];
	struct fdb_conf fc;

	if (!(e->word & FDB_W_STATIC) || port == NULL || net == NULL)
		return;
	snprintf(fc.net, sizeof(fc.net), "%s", net->name);
	snprintf(fc.port, sizeof(fc.port), "%s", port->conf.name);
	fdb_key_mac(e->key, fc.mac);
	json_array_append_new(ctx->arr, conf_fdb_to_json(&fc));
}

/**
 * state_build() - Describe the configuration as a state document
 * @sw:		Switch
 *
 * Return: new JSON object (caller owns), NULL on allocation failure
 */
json_t *state_build(const struct vsw *sw)
{
	json_t *root = json_pack("{s:i, s:[], s:[], s:[]}", "version",
				 STATE_VERSION, "networks", "ports", "fdb");
	struct state_fdb_ctx ctx = { .sw = sw };
	unsigned int i;

	if (root == NULL)
		return NULL;
	for (i = 0; i < VSW_MAX_NETS; i++) {
		const struct vsw_net *n = sw->nets[i];
		struct net_conf nc;

		if (n == NULL)
			continue;
		sw_net_conf(n, &nc);
		json_array_append_new(json_object_get(root, "networks"),
				      conf_net_to_json(&nc));
	}
	for (i = 0; i < VSW_MAX_PORTS; i++)
		if (sw->ports[i] != NULL && !sw->ports[i]->conf.managed)
			json_array_append_new(json_object_get(root, "ports"),
					      conf_port_to_json(&sw->ports[i]->conf));
	ctx.arr = json_object_get(root, "fdb");
	fdb_walk(sw->fdb, -1, 0, state_fdb_cb, &ctx);
	json_object_set_new(root, "dhcp_hosts",
			    dhcp_svc_hosts_json((struct vsw *)sw, NULL, true));
	return root;
}

/**
 * state_save() - Write the configuration to STATE_DIR atomically
 * @sw:		Switch
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno (the previous file is intact)
 */
int state_save(const struct vsw *sw, char *err, size_t errsize)
{
	json_t *root = state_build(sw);
	char *text;
	int ret;

	if (root == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(root);
	if (text == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	ret = state_file_write(sw->state_dir, STATE_FILE_NAME, text,
			       strlen(text), err, errsize);
	free(text);
	return ret;
}

/**
 * state_restore() - Re-create networks, ports and static entries
 * @sw:		Switch, empty
 * @root:	Validated state document (state_file_read())
 * @err:	Error message on failure, naming the entry
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno on the first entry that fails
 */
int state_restore(struct vsw *sw, json_t *root, char *err, size_t errsize)
{
	char msg[256];
	json_t *e;
	size_t i;
	int ret;

	json_array_foreach(json_object_get(root, "networks"), i, e) {
		struct net_conf nc;

		ret = conf_net_from_json(e, &nc, msg, sizeof(msg));
		if (ret == 0)
			ret = sw_net_add(sw, &nc, msg, sizeof(msg));
		if (ret != 0) {
			snprintf(err, errsize, "networks[%zu]: %s", i, msg);
			return ret;
		}
	}
	json_array_foreach(json_object_get(root, "ports"), i, e) {
		struct port_conf pc;

		ret = conf_port_from_json(e, &pc, msg, sizeof(msg));
		if (ret == 0)
			ret = sw_port_add(sw, &pc, msg, sizeof(msg));
		if (ret != 0) {
			snprintf(err, errsize, "ports[%zu]: %s", i, msg);
			return ret;
		}
	}
	json_array_foreach(json_object_get(root, "fdb"), i, e) {
		struct fdb_conf fc;
		struct vsw_net *net;
		struct vsw_port *port;

		ret = conf_fdb_from_json(e, true, &fc, msg, sizeof(msg));
		if (ret != 0) {
			snprintf(err, errsize, "fdb[%zu]: %s", i, msg);
			return ret;
		}
		net = sw_net_find(sw, fc.net);
		port = sw_port_find(sw, fc.port);
		if (net == NULL || port == NULL || !port_in_net(port, net->id)) {
			snprintf(err, errsize, "fdb[%zu]: port '%s' is not in "
				 "network '%s'", i, fc.port, fc.net);
			return -EINVAL;
		}
		ret = fdb_add_static(sw->fdb, fdb_key(net->id, fc.mac), port->id);
		if (ret != 0) {
			snprintf(err, errsize, "fdb[%zu]: table full", i);
			return ret;
		}
	}
	e = json_object_get(root, "dhcp_hosts");	/* absent before DHCP */
	if (e != NULL && !json_is_array(e)) {
		snprintf(err, errsize, "\"dhcp_hosts\" is not an array");
		return -EINVAL;
	}
	json_array_foreach(json_object_get(root, "dhcp_hosts"), i, e) {
		struct dhcp_host_conf hc;
		struct dhcp_host h;
		struct vsw_net *net;

		ret = conf_dhcp_host_from_json(e, true, &hc, msg, sizeof(msg));
		if (ret != 0) {
			snprintf(err, errsize, "dhcp_hosts[%zu]: %s", i, msg);
			return ret;
		}
		net = sw_net_find(sw, hc.net);
		if (net == NULL) {
			snprintf(err, errsize, "dhcp_hosts[%zu]: no network "
				 "'%s'", i, hc.net);
			return -EINVAL;
		}
		if (sw->dhcp == NULL)
			continue;
		memset(&h, 0, sizeof(h));
		memcpy(h.mac, hc.mac, sizeof(h.mac));
		h.ip = hc.ip;
		snprintf(h.hostname, sizeof(h.hostname), "%s", hc.hostname);
		ret = dhcp_svc_host_add(sw, net, &h, msg, sizeof(msg));
		if (ret != 0) {
			snprintf(err, errsize, "dhcp_hosts[%zu]: %s", i, msg);
			return ret;
		}
	}
	return 0;
}
