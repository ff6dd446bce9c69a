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
 * struct net_set - A net-set request
 * @name:	Network name
 * @fdb_aging:	New aging time, 0 to keep
 * @fdb_max:	New table cap, 0 to keep
 * @set_vlan:	Whether @vlan is to be applied
 * @vlan:	New VLAN id, 0 for none
 * @mtu:	New MTU, 0 to keep
 */
struct net_set {
	char name[NAMES_MAX_LEN + 1];
	uint32_t fdb_aging;
	uint32_t fdb_max;
	bool set_vlan;
	uint16_t vlan;
	uint16_t mtu;
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
json_t *conf_net_to_json(const struct net_conf *conf);
json_t *conf_port_to_json(const struct port_conf *conf);
json_t *conf_fdb_to_json(const struct fdb_conf *conf);

#endif /* VSW_CONF_H */
