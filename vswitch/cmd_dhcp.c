/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_dhcp.c - control commands of the DHCP server: static reservations
 * (dhcp-host-add/del/list, persisted in the state file with the rest of
 * the configuration) and leases (dhcp-leases, dhcp-lease-del, persisted in
 * the lease file by dhcp_svc.c). Arguments are validated before anything
 * changes; a change that cannot be persisted is undone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_dhcp.h"
#include "conf.h"
#include "dhcp_svc.h"

/* The network a DHCP command names; an error if it has no server. */
static struct vsw_net *cmd_dhcp_net(struct vsw *sw, const char *name,
				    char *err, size_t errsize)
{
	struct vsw_net *net = sw_net_find(sw, name);

	if (net == NULL) {
		snprintf(err, errsize, "no network '%s'", name);
		return NULL;
	}
	if (sw->dhcp == NULL || net->ip.prefix == 0 || net->dhcp.server == 0) {
		snprintf(err, errsize, "network '%s' has no subnet, so no DHCP "
			 "server", name);
		return NULL;
	}
	return net;
}

static void cmd_dhcp_host(const struct dhcp_host_conf *hc,
			  struct dhcp_host *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->mac, hc->mac, sizeof(h->mac));
	h->ip = hc->ip;
	snprintf(h->hostname, sizeof(h->hostname), "%s", hc->hostname);
}

/**
 * cmd_dhcp_host_add() - dhcp-host-add {net, mac, ip, hostname?}
 * @sw:		Switch
 * @args:	Arguments
 * @result:	Output: {}
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Adds a reservation or replaces the MAC's existing one; applied live.
 *
 * Return: 0, -errno (nothing changed)
 */
int cmd_dhcp_host_add(struct vsw *sw, json_t *args, json_t **result,
		      char *err, size_t errsize)
{
	struct dhcp_host h, old;
	struct dhcp_host_conf hc;
	struct vsw_net *net;
	bool had_old;
	char tmp[256];
	int ret;

	if (conf_dhcp_host_from_json(args, true, &hc, err, errsize) != 0)
		return -EINVAL;
	net = cmd_dhcp_net(sw, hc.net, err, errsize);
	if (net == NULL)
		return -ENOENT;
	cmd_dhcp_host(&hc, &h);
	had_old = dhcp_svc_host_del(sw, net, h.mac, &old, tmp,
				    sizeof(tmp)) == 0;
	ret = dhcp_svc_host_add(sw, net, &h, err, errsize);
	if (ret == 0) {
		ret = cmd_persist(sw, err, errsize);
		if (ret != 0)
			dhcp_svc_host_del(sw, net, h.mac, NULL, tmp,
					  sizeof(tmp));
	}
	if (ret != 0) {
		if (had_old)
			dhcp_svc_host_add(sw, net, &old, tmp, sizeof(tmp));
		return ret;
	}
	*result = json_object();
	return 0;
}

/**
 * cmd_dhcp_host_del() - dhcp-host-del {net, mac}
 * @sw:		Switch
 * @args:	Arguments
 * @result:	Output: {}
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * A lease the client holds on the reserved address stays until it ends.
 *
 * Return: 0, -errno (nothing changed)
 */
int cmd_dhcp_host_del(struct vsw *sw, json_t *args, json_t **result,
		      char *err, size_t errsize)
{
	struct dhcp_host_conf hc;
	struct dhcp_host old;
	struct vsw_net *net;
	char tmp[256];
	int ret;

	if (conf_dhcp_host_from_json(args, false, &hc, err, errsize) != 0)
		return -EINVAL;
	net = cmd_dhcp_net(sw, hc.net, err, errsize);
	if (net == NULL)
		return -ENOENT;
	ret = dhcp_svc_host_del(sw, net, hc.mac, &old, err, errsize);
	if (ret != 0)
		return ret;
	ret = cmd_persist(sw, err, errsize);
	if (ret != 0) {
		dhcp_svc_host_add(sw, net, &old, tmp, sizeof(tmp));
		return ret;
	}
	*result = json_object();
	return 0;
}

/* Optional {"net"}: NULL for all networks; *bad set on an error. */
static struct vsw_net *cmd_dhcp_opt_net(struct vsw *sw, json_t *args,
					bool *bad, char *err, size_t errsize)
{
	static const char *const keys[] = { "net", NULL };
	char name[NAMES_MAX_LEN + 1];
	struct vsw_net *net;

	*bad = true;
	if (conf_check_keys(args, keys, err, errsize) != 0 ||
	    conf_get_name(args, "net", false, name, err, errsize) != 0)
		return NULL;
	if (name[0] == '\0') {
		*bad = false;
		return NULL;
	}
	net = cmd_dhcp_net(sw, name, err, errsize);
	*bad = net == NULL;
	return net;
}

/**
 * cmd_dhcp_host_list() - dhcp-host-list {net?}
 * @sw:		Switch
 * @args:	Arguments
 * @result:	Output: {"hosts": [{net, mac, ip, hostname?}]}
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -errno
 */
int cmd_dhcp_host_list(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize)
{
	struct vsw_net *net;
	bool bad;

	net = cmd_dhcp_opt_net(sw, args, &bad, err, errsize);
	if (bad)
		return -EINVAL;
	*result = json_pack("{s:o}", "hosts",
			    dhcp_svc_hosts_json(sw, net, false));
	return 0;
}

/**
 * cmd_dhcp_leases() - dhcp-leases {net?}
 * @sw:		Switch
 * @args:	Arguments
 * @result:	Output: {"leases": [{net, ip, mac, client_id?, hostname?,
 *		port, expires, expires_in, state}]}
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -errno
 */
int cmd_dhcp_leases(struct vsw *sw, json_t *args, json_t **result,
		    char *err, size_t errsize)
{
	struct vsw_net *net;
	bool bad;

	net = cmd_dhcp_opt_net(sw, args, &bad, err, errsize);
	if (bad)
		return -EINVAL;
	if (sw->dhcp == NULL) {
		*result = json_pack("{s:[]}", "leases");
		return 0;
	}
	*result = dhcp_svc_leases_json(sw, net);
	return 0;
}

/**
 * cmd_dhcp_lease_del() - dhcp-lease-del {net, ip}
 * @sw:		Switch
 * @args:	Arguments
 * @result:	Output: {}
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The address becomes free at once (the client, if still running, is
 * refused on its next renewal and starts over).
 *
 * Return: 0, -errno (nothing changed)
 */
int cmd_dhcp_lease_del(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize)
{
	static const char *const keys[] = { "net", "ip", NULL };
	char name[NAMES_MAX_LEN + 1], safe[NAMES_ECHO_SIZE];
	struct vsw_net *net;
	json_t *v;
	uint32_t ip;
	int ret;

	if (conf_check_keys(args, keys, err, errsize) != 0 ||
	    conf_get_name(args, "net", true, name, err, errsize) != 0)
		return -EINVAL;
	v = json_object_get(args, "ip");
	if (!json_is_string(v)) {
		snprintf(err, errsize, "'ip' must be an IPv4 address string");
		return -EINVAL;
	}
	if (names_ipv4_parse(json_string_value(v), &ip) != 0) {
		snprintf(err, errsize, "invalid ip '%s' (IPv4 address)",
			 names_printable(json_string_value(v), safe,
					 sizeof(safe)));
		return -EINVAL;
	}
	net = cmd_dhcp_net(sw, name, err, errsize);
	if (net == NULL)
		return -ENOENT;
	ret = dhcp_svc_lease_del(sw, net, ip, err, errsize);
	if (ret != 0)
		return ret;
	*result = json_object();
	return 0;
}
