/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conf.h - JSON <-> configuration objects, with full validation.
 *
 * Control requests (net-add, port-add, fdb-add, ...) and the state file use
 * the same objects and keys, so restoring state replays exactly the checks a
 * live request gets. Plain C + jansson: unit tests drive it without DPDK.
 */
#ifndef VSW_CONF_H
#define VSW_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "switch.h"

#define CONF_AGING_MIN		10
#define CONF_AGING_MAX		86400
#define CONF_FDB_MAX_MIN	16
#define CONF_FDB_MAX_MAX	65536
#define CONF_MAC_LIMIT_MAX	65536
#define CONF_PREFIX_MIN		8	/* subnet prefix lengths */
#define CONF_PREFIX_MAX		30
#define CONF_DHCP_LEASES_MAX	65536	/* a port's dhcp_max_leases */

/**
 * struct fdb_conf - A static FDB entry
 * @net:	Network name
 * @mac:	MAC address
 * @port:	Port name
 */
struct fdb_conf {
	char net[NAMES_MAX_LEN + 1];
	uint8_t mac[6];
	char port[NAMES_MAX_LEN + 1];
};

/**
 * struct dhcp_host_conf - A static DHCP reservation (dhcp-host-add/-del)
 * @net:	Network name
 * @mac:	Client's hardware address (unicast, not zero)
 * @ip:		Address reserved for it, host order (0 for dhcp-host-del)
 * @hostname:	Host name handed out with it, "" if none
 */
struct dhcp_host_conf {
	char net[NAMES_MAX_LEN + 1];
	uint8_t mac[6];
	uint32_t ip;
	char hostname[DHCP_HOSTNAME_MAX + 1];
};

/* Which DHCP keys a net-set request gives (struct net_set's @dhcp_set) */
#define NET_SET_DHCP_ENABLE	(1u << 0)	/* "dhcp" */
#define NET_SET_DHCP_RANGE	(1u << 1)	/* "dhcp_range" */
#define NET_SET_DHCP_SERVER	(1u << 2)	/* "dhcp_server" */
#define NET_SET_DHCP_DNS	(1u << 3)	/* "dns" ([] clears) */
#define NET_SET_DHCP_DOMAIN	(1u << 4)	/* "domain" ("" clears) */
#define NET_SET_DHCP_LEASE	(1u << 5)	/* "lease_time" */
#define NET_SET_DHCP_ROUTES	(1u << 6)	/* "routes" ([] clears) */

/**
 * struct net_set - A net-set request
 * @name:	Network name
 * @fdb_aging:	New aging time, 0 to keep
 * @fdb_max:	New table cap, 0 to keep
 * @set_vlan:	Whether @vlan is to be applied
 * @vlan:	New VLAN id, 0 for none
 * @mtu:	New MTU, 0 to keep
 * @dhcp_set:	NET_SET_DHCP_* bits: which fields of @dhcp were given
 * @dhcp:	New DHCP settings (only the fields in @dhcp_set are
 *		meaningful; merge with conf_dhcp_apply_set(), then check the
 *		result with conf_dhcp_finish())
 */
struct net_set {
	char name[NAMES_MAX_LEN + 1];
	uint32_t fdb_aging;
	uint32_t fdb_max;
	bool set_vlan;
	uint16_t vlan;
	uint16_t mtu;
	uint32_t dhcp_set;
	struct dhcp_conf dhcp;
};

int conf_check_keys(json_t *obj, const char *const *allowed, char *err,
		    size_t errsize);
int conf_get_name(json_t *obj, const char *key, bool required, char *out,
		  char *err, size_t errsize);
int conf_get_uint(json_t *obj, const char *key, uint32_t min, uint32_t max,
		  uint32_t *out, char *err, size_t errsize);
int conf_net_from_json(json_t *obj, struct net_conf *conf, char *err,
		       size_t errsize);
int conf_net_set_from_json(json_t *obj, struct net_set *set, char *err,
			   size_t errsize);
int conf_port_from_json(json_t *obj, struct port_conf *conf, char *err,
			size_t errsize);
int conf_port_vlan_from_json(json_t *obj, struct port_conf *conf, char *err,
			     size_t errsize);
int conf_port_set_from_json(json_t *obj, struct port_conf *conf, char *err,
			    size_t errsize);
int conf_fdb_from_json(json_t *obj, bool need_port, struct fdb_conf *conf,
		       char *err, size_t errsize);
int conf_dhcp_finish(const struct net_conf *nc, struct dhcp_conf *d, char *err,
		     size_t errsize);
void conf_dhcp_apply_set(const struct net_set *set, struct dhcp_conf *d);
int conf_dhcp_host_from_json(json_t *obj, bool need_ip,
			     struct dhcp_host_conf *h, char *err,
			     size_t errsize);
json_t *conf_net_to_json(const struct net_conf *conf);
json_t *conf_port_to_json(const struct port_conf *conf);
json_t *conf_fdb_to_json(const struct fdb_conf *conf);
json_t *conf_dhcp_host_to_json(const struct dhcp_host_conf *h);

#endif /* VSW_CONF_H */
