/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conf.c - JSON <-> configuration objects, with full validation.
 *
 * Every function either fills its output completely or returns -EINVAL with
 * a one-line message naming the offending key; nothing is half-applied.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "vlan.h"

/* Untrusted text echoed in an error message: printable ASCII, bounded. */
#define ECHO(str) names_printable((str), (char[NAMES_ECHO_SIZE]){ 0 }, \
				  NAMES_ECHO_SIZE)

static const char *const net_mode_names[NET_MODE_MAX] = {
	[NET_ISOLATED] = "isolated",
	[NET_HOST_ONLY] = "host-only",
	[NET_BRIDGED] = "bridged",
};

/**
 * net_mode_name() - Name of a network mode
 * @m:		Mode
 *
 * Return: "isolated", ...
 */
const char *net_mode_name(enum net_mode m)
{
	return (unsigned int)m < NET_MODE_MAX ? net_mode_names[m] : "unknown";
}

/**
 * net_mode_parse() - Parse a network mode name
 * @s:		Name
 * @m:		Output
 *
 * Return: 0 on success, -1 for unknown or not yet supported modes
 */
int net_mode_parse(const char *s, enum net_mode *m)
{
	int i;

	for (i = 0; i < NET_MODE_MAX; i++) {
		if (strcmp(s, net_mode_names[i]) == 0) {
			*m = (enum net_mode)i;
			return 0;
		}
	}
	return -1;
}

/**
 * conf_check_keys() - Refuse keys a command does not know
 * @obj:	JSON object
 * @allowed:	NULL-terminated list of accepted keys
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, or -EINVAL naming the first unknown key
 */
int conf_check_keys(json_t *obj, const char *const *allowed, char *err,
		    size_t errsize)
{
	const char *key;
	json_t *val;

	if (!json_is_object(obj)) {
		snprintf(err, errsize, "arguments must be a JSON object");
		return -EINVAL;
	}
	json_object_foreach(obj, key, val) {
		const char *const *a;

		for (a = allowed; *a != NULL; a++)
			if (strcmp(*a, key) == 0)
				break;
		if (*a == NULL) {
			snprintf(err, errsize, "unknown argument '%s'", ECHO(key));
			return -EINVAL;
		}
	}
	return 0;
}

/* Fetch an optional string; -EINVAL if present but not a string. */
static int conf_get_str(json_t *obj, const char *key, const char **out,
			char *err, size_t errsize)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		snprintf(err, errsize, "'%s' must be a string", key);
		return -EINVAL;
	}
	*out = json_string_value(v);
	return 0;
}

/**
 * conf_get_name() - Fetch and validate a network or port name
 * @obj:	JSON object
 * @key:	Key
 * @required:	Whether absence is an error
 * @out:	Output buffer of NAMES_MAX_LEN + 1 bytes; "" if absent
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -EINVAL
 */
int conf_get_name(json_t *obj, const char *key, bool required, char *out,
		  char *err, size_t errsize)
{
	const char *s;

	out[0] = '\0';
	if (conf_get_str(obj, key, &s, err, errsize) != 0)
		return -EINVAL;
	if (s == NULL) {
		if (!required)
			return 0;
		snprintf(err, errsize, "missing '%s'", key);
		return -EINVAL;
	}
	if (!names_valid(s)) {
		snprintf(err, errsize, "invalid %s '%s': use 1-%d characters "
			 "[A-Za-z0-9_.-], starting with a letter or digit",
			 key, ECHO(s), NAMES_MAX_LEN);
		return -EINVAL;
	}
	strcpy(out, s);
	return 0;
}

/**
 * conf_get_uint() - Fetch an optional bounded integer
 * @obj:	JSON object
 * @key:	Key
 * @min:	Smallest accepted value
 * @max:	Largest accepted value
 * @out:	Output, untouched if the key is absent
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 1 if present and valid, 0 if absent, -EINVAL otherwise
 */
int conf_get_uint(json_t *obj, const char *key, uint32_t min, uint32_t max,
		  uint32_t *out, char *err, size_t errsize)
{
	json_t *v = json_object_get(obj, key);
	json_int_t i;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v)) {
		snprintf(err, errsize, "'%s' must be an integer", key);
		return -EINVAL;
	}
	i = json_integer_value(v);
	if (i < (json_int_t)min || i > (json_int_t)max) {
		snprintf(err, errsize, "'%s' must be between %u and %u", key,
			 min, max);
		return -EINVAL;
	}
	*out = (uint32_t)i;
	return 1;
}

/* Copy an optional bounded string. */
static int conf_copy_str(json_t *obj, const char *key, char *out, size_t size,
			 char *err, size_t errsize)
{
	const char *s;

	out[0] = '\0';
	if (conf_get_str(obj, key, &s, err, errsize) != 0)
		return -EINVAL;
	if (s == NULL)
		return 0;
	if (s[0] == '\0' || strlen(s) >= size || strchr(s, '\n') != NULL) {
		snprintf(err, errsize, "invalid '%s' (empty, too long or "
			 "multi-line)", key);
		return -EINVAL;
	}
	strcpy(out, s);
	return 0;
}

/* Parse "subnet" ("a.b.c.d/p") into @ip. Return: 1 if present, 0 if not,
 * -EINVAL. */
static int conf_get_subnet(json_t *obj, struct net_ipv4 *ip, char *err,
			   size_t errsize)
{
	char buf[32], *slash, *end;
	const char *s;
	uint32_t mask;
	long p;

	if (conf_get_str(obj, "subnet", &s, err, errsize) != 0)
		return -EINVAL;
	if (s == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash == NULL || strlen(s) >= sizeof(buf)) {
		snprintf(err, errsize, "invalid subnet '%s' (CIDR, e.g. "
			 "192.168.56.0/24)", ECHO(s));
		return -EINVAL;
	}
	*slash = '\0';
	errno = 0;
	p = strtol(slash + 1, &end, 10);
	if (names_ipv4_parse(buf, &ip->addr) != 0 || slash[1] == '\0' ||
	    *end != '\0' || errno != 0 || !isdigit((unsigned char)slash[1])) {
		snprintf(err, errsize, "invalid subnet '%s' (CIDR, e.g. "
			 "192.168.56.0/24)", ECHO(s));
		return -EINVAL;
	}
	if (p < CONF_PREFIX_MIN || p > CONF_PREFIX_MAX) {
		snprintf(err, errsize, "subnet '%s': prefix length must be "
			 "%d-%d", ECHO(s), CONF_PREFIX_MIN, CONF_PREFIX_MAX);
		return -EINVAL;
	}
	ip->prefix = (uint8_t)p;
	mask = 0xffffffffu << (32 - p);
	if (ip->addr & ~mask) {
		char net[NAMES_IPV4_STRLEN];

		snprintf(err, errsize, "subnet '%s' has host bits set (did you "
			 "mean %s/%ld?)", ECHO(s),
			 names_ipv4_format(ip->addr & mask, net), p);
		return -EINVAL;
	}
	if ((ip->addr >> 24) == 0 || (ip->addr >> 24) == 127 ||
	    (ip->addr >> 28) >= 14) {
		snprintf(err, errsize, "subnet '%s' is not a unicast range",
			 ECHO(s));
		return -EINVAL;
	}
	return 1;
}

/* Parse "gateway": an address inside @ip's subnet, not its network or
 * broadcast address. */
static int conf_get_gateway(json_t *obj, struct net_ipv4 *ip, char *err,
			    size_t errsize)
{
	uint32_t mask, g;
	const char *s;

	if (conf_get_str(obj, "gateway", &s, err, errsize) != 0)
		return -EINVAL;
	if (s == NULL)
		return 0;
	if (ip->prefix == 0) {
		snprintf(err, errsize, "'gateway' needs 'subnet'");
		return -EINVAL;
	}
	if (names_ipv4_parse(s, &g) != 0) {
		snprintf(err, errsize, "invalid gateway '%s' (IPv4 address)",
			 ECHO(s));
		return -EINVAL;
	}
	mask = 0xffffffffu << (32 - ip->prefix);	/* prefix is 8-30 here */
	if ((g & mask) != ip->addr || g == ip->addr || g == (ip->addr | ~mask)) {
		snprintf(err, errsize, "gateway %s is not a host address of "
			 "the subnet", ECHO(s));
		return -EINVAL;
	}
	ip->gateway = g;
	return 1;
}

/* Check "uplink" (an interface name or "pci:DDDD:BB:DD.F"). */
static bool conf_uplink_valid(const char *s)
{
	unsigned int d, b, dev, f;
	char tail;

	if (strncmp(s, "pci:", 4) != 0)
		return names_ifname_valid(s);
	return strlen(s) == 16 &&
	       strspn(s + 4, "0123456789abcdefABCDEF:.") == 12 &&
	       sscanf(s + 4, "%4x:%2x:%2x.%1x%c", &d, &b, &dev, &f, &tail) == 4 &&
	       dev < 32 && f < 8;
}

/* Mode-specific keys of a network: host-only and bridged. */
static int conf_net_mode(json_t *obj, struct net_conf *conf, bool has_subnet,
			 char *err, size_t errsize)
{
	const char *type;

	if (conf_copy_str(obj, "host_if", conf->host_if, sizeof(conf->host_if),
			  err, errsize) != 0 ||
	    conf_copy_str(obj, "uplink", conf->uplink, sizeof(conf->uplink),
			  err, errsize) != 0 ||
	    conf_get_str(obj, "uplink_type", &type, err, errsize) != 0)
		return -EINVAL;
	if (conf->mode != NET_HOST_ONLY && conf->host_if[0]) {
		snprintf(err, errsize, "'host_if' needs mode host-only");
		return -EINVAL;
	}
	if (conf->mode != NET_BRIDGED && (conf->uplink[0] || type != NULL)) {
		snprintf(err, errsize, "'uplink' and 'uplink_type' need mode "
			 "bridged");
		return -EINVAL;
	}
	switch (conf->mode) {
	case NET_HOST_ONLY:
		if (!has_subnet) {
			snprintf(err, errsize, "a host-only network needs "
				 "'subnet' (the host interface's)");
			return -EINVAL;
		}
		if (conf->ip.gateway == 0)
			conf->ip.gateway = conf->ip.addr + 1;
		if (conf->host_if[0] == '\0' &&
		    snprintf(conf->host_if, sizeof(conf->host_if), "vsw-%s",
			     conf->name) >= (int)sizeof(conf->host_if)) {
			snprintf(err, errsize, "default host interface name "
				 "'vsw-%s' is longer than %d characters; give "
				 "'host_if'", conf->name, NAMES_IFNAME_MAX);
			return -EINVAL;
		}
		if (!names_ifname_valid(conf->host_if) ||
		    !names_valid(conf->host_if)) {
			snprintf(err, errsize, "invalid host interface name "
				 "'%s' (1-%d characters of A-Z a-z 0-9 _ . -, "
				 "starting with a letter or digit)",
				 ECHO(conf->host_if), NAMES_IFNAME_MAX);
			return -EINVAL;
		}
		return 0;
	case NET_BRIDGED:
		if (has_subnet) {
			snprintf(err, errsize, "a bridged network's addressing "
				 "is the LAN's: no 'subnet'");
			return -EINVAL;
		}
		if (conf->uplink[0] == '\0') {
			snprintf(err, errsize, "a bridged network needs "
				 "'uplink' (an interface, or pci:DDDD:BB:DD.F)");
			return -EINVAL;
		}
		if (!conf_uplink_valid(conf->uplink)) {
			snprintf(err, errsize, "invalid uplink '%s' (an "
				 "interface name, or pci:DDDD:BB:DD.F)",
				 ECHO(conf->uplink));
			return -EINVAL;
		}
		conf->uplink_type = strncmp(conf->uplink, "pci:", 4) == 0 ?
				    PORT_PCI : PORT_AF_PACKET;
		if (type != NULL &&
		    (port_type_parse(type, &conf->uplink_type) != 0 ||
		     !port_type_is_uplink(conf->uplink_type))) {
			snprintf(err, errsize, "invalid uplink_type '%s' "
				 "(af_packet or af_xdp)", ECHO(type));
			return -EINVAL;
		}
		if ((conf->uplink_type == PORT_PCI) !=
		    (strncmp(conf->uplink, "pci:", 4) == 0)) {
			snprintf(err, errsize, "uplink_type %s does not fit "
				 "uplink '%s'", type, ECHO(conf->uplink));
			return -EINVAL;
		}
		return 0;
	default:
		return 0;
	}
}

/**
 * conf_net_from_json() - Parse a network (net-add request or state entry)
 * @obj:	{"name", "mode"?, "vlan"?, "subnet"?, "gateway"?, "host_if"?,
 *		"uplink"?, "uplink_type"?, "mtu"?, "fdb_aging"?, "fdb_max"?}
 * @conf:	Output, defaults filled in
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -EINVAL
 */
int conf_net_from_json(json_t *obj, struct net_conf *conf, char *err,
		       size_t errsize)
{
	static const char *const keys[] = { "name", "mode", "vlan", "subnet",
		"gateway", "host_if", "uplink", "uplink_type", "mtu",
		"fdb_aging", "fdb_max", NULL };
	const char *mode;
	uint32_t vlan = 0, mtu = PORT_MTU_DEFAULT;
	int has_subnet;

	memset(conf, 0, sizeof(*conf));
	conf->mode = NET_ISOLATED;
	conf->fdb_aging = VSW_DEFAULT_AGING;
	conf->fdb_max = VSW_DEFAULT_FDB_MAX;
	if (conf_check_keys(obj, keys, err, errsize) != 0 ||
	    conf_get_name(obj, "name", true, conf->name, err, errsize) != 0 ||
	    conf_get_str(obj, "mode", &mode, err, errsize) != 0)
		return -EINVAL;
	if (mode != NULL && net_mode_parse(mode, &conf->mode) != 0) {
		snprintf(err, errsize, "unsupported network mode '%s' "
			 "(supported: isolated, host-only, bridged)", ECHO(mode));
		return -EINVAL;
	}
	if (conf_get_uint(obj, "vlan", 0, VLAN_VID_MAX, &vlan, err,
			  errsize) < 0 ||
	    conf_get_uint(obj, "mtu", PORT_MTU_MIN, PORT_MTU_MAX, &mtu, err,
			  errsize) < 0 ||
	    conf_get_uint(obj, "fdb_aging", CONF_AGING_MIN, CONF_AGING_MAX,
			  &conf->fdb_aging, err, errsize) < 0 ||
	    conf_get_uint(obj, "fdb_max", CONF_FDB_MAX_MIN, CONF_FDB_MAX_MAX,
			  &conf->fdb_max, err, errsize) < 0)
		return -EINVAL;
	conf->vlan = (uint16_t)vlan;
	conf->mtu = (uint16_t)mtu;
	has_subnet = conf_get_subnet(obj, &conf->ip, err, errsize);
	if (has_subnet < 0 ||
	    conf_get_gateway(obj, &conf->ip, err, errsize) < 0 ||
	    conf_net_mode(obj, conf, has_subnet > 0, err, errsize) != 0)
		return -EINVAL;
	return 0;
}

/**
 * conf_net_set_from_json() - Parse a net-set request
 * @obj:	{"name", "vlan"?, "fdb_aging"?, "fdb_max"?}
 * @set:	Output: the name and what is to change
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -EINVAL (also when nothing is to be changed)
 */
int conf_net_set_from_json(json_t *obj, struct net_set *set, char *err,
			   size_t errsize)
{
	static const char *const keys[] = { "name", "vlan", "mtu", "fdb_aging",
					    "fdb_max", NULL };
	uint32_t vlan = 0, mtu = 0;
	int a, m, v, u;

	memset(set, 0, sizeof(*set));
	if (conf_check_keys(obj, keys, err, errsize) != 0 ||
	    conf_get_name(obj, "name", true, set->name, err, errsize) != 0)
		return -EINVAL;
	a = conf_get_uint(obj, "fdb_aging", CONF_AGING_MIN, CONF_AGING_MAX,
			  &set->fdb_aging, err, errsize);
	if (a < 0)
		return -EINVAL;
	m = conf_get_uint(obj, "fdb_max", CONF_FDB_MAX_MIN, CONF_FDB_MAX_MAX,
			  &set->fdb_max, err, errsize);
	if (m < 0)
		return -EINVAL;
	v = conf_get_uint(obj, "vlan", 0, VLAN_VID_MAX, &vlan, err, errsize);
	if (v < 0)
		return -EINVAL;
	set->set_vlan = v > 0;
	set->vlan = (uint16_t)vlan;
	u = conf_get_uint(obj, "mtu", PORT_MTU_MIN, PORT_MTU_MAX, &mtu, err,
			  errsize);
	if (u < 0)
		return -EINVAL;
	set->mtu = (uint16_t)mtu;
	if (a == 0 && m == 0 && v == 0 && u == 0) {
		snprintf(err, errsize, "nothing to set (use vlan, mtu, "
			 "fdb_aging or fdb_max)");
		return -EINVAL;
	}
	return 0;
}

/* Parse "trunk": an array of distinct network names. */
static int conf_get_trunk(json_t *obj, struct port_conf *conf, char *err,
			  size_t errsize)
{
	json_t *arr = json_object_get(obj, "trunk"), *v;
	size_t i, j;

	if (!json_is_array(arr)) {
		snprintf(err, errsize, "'trunk' must be an array of network "
			 "names");
		return -EINVAL;
	}
	if (json_array_size(arr) == 0 ||
	    json_array_size(arr) > PORT_TRUNK_MAX) {
		snprintf(err, errsize, "'trunk' must list 1-%d networks",
			 PORT_TRUNK_MAX);
		return -EINVAL;
	}
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL || !names_valid(s)) {
			snprintf(err, errsize, "invalid network name '%s' in "
				 "'trunk'", s ? ECHO(s) : "(not a string)");
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(conf->trunk[j], s) == 0) {
				snprintf(err, errsize, "network '%s' is listed "
					 "twice in 'trunk'", s);
				return -EINVAL;
			}
		}
		strcpy(conf->trunk[i], s);
	}
	conf->n_trunk = (uint16_t)json_array_size(arr);
	return 0;
}

/**
 * conf_port_vlan_from_json() - Parse a port's VLAN membership
 * @obj:	Object with either "net" (access port) or "trunk" and an
 *		optional "native" (trunk port)
 * @conf:	Output: vlan_mode, net, n_trunk, trunk and native
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Whether the networks exist and have VLAN ids is checked by the switch.
 *
 * Return: 0 or -EINVAL
 */
int conf_port_vlan_from_json(json_t *obj, struct port_conf *conf, char *err,
			     size_t errsize)
{
	bool has_trunk = json_object_get(obj, "trunk") != NULL;

	conf->vlan_mode = has_trunk ? PORT_TRUNK : PORT_ACCESS;
	conf->n_trunk = 0;
	if (conf_get_name(obj, "net", false, conf->net, err, errsize) != 0 ||
	    conf_get_name(obj, "native", false, conf->native, err,
			  errsize) != 0)
		return -EINVAL;
	if (has_trunk && conf->net[0] != '\0') {
		snprintf(err, errsize, "'net' (access port) and 'trunk' "
			 "exclude each other");
		return -EINVAL;
	}
	if (!has_trunk && conf->net[0] == '\0') {
		snprintf(err, errsize, "missing 'net' (access port) or 'trunk' "
			 "(trunk port)");
		return -EINVAL;
	}
	if (!has_trunk && conf->native[0] != '\0') {
		snprintf(err, errsize, "'native' needs 'trunk' (an access "
			 "port's network is always untagged)");
		return -EINVAL;
	}
	if (has_trunk && conf_get_trunk(obj, conf, err, errsize) != 0)
		return -EINVAL;
	return 0;
}

/**
 * conf_port_from_json() - Parse a port (port-add request or state entry)
 * @obj:	{"name", "net" | "trunk" + "native"?, "type", "path"?, "mac"?,
 *		"owner"?, "group"?, "mode"?, "mac_limit"?}
 * @conf:	Output, defaults filled in
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -EINVAL
 */
int conf_port_from_json(json_t *obj, struct port_conf *conf, char *err,
			size_t errsize)
{
	static const char *const keys[] = { "name", "net", "trunk", "native",
		"type", "path", "mac", "owner", "group", "mode", "mac_limit",
		"ifname", "netns", NULL };
	const char *type, *mac, *mode;

	memset(conf, 0, sizeof(*conf));
	conf->mode = -1;
	conf->mac_limit = VSW_DEFAULT_MAC_LIMIT;
	if (conf_check_keys(obj, keys, err, errsize) != 0 ||
	    conf_get_name(obj, "name", true, conf->name, err, errsize) != 0 ||
	    conf_port_vlan_from_json(obj, conf, err, errsize) != 0 ||
	    conf_get_str(obj, "type", &type, err, errsize) != 0 ||
	    conf_get_str(obj, "mac", &mac, err, errsize) != 0 ||
	    conf_get_str(obj, "mode", &mode, err, errsize) != 0 ||
	    conf_copy_str(obj, "path", conf->path, sizeof(conf->path), err,
			  errsize) != 0 ||
	    conf_copy_str(obj, "owner", conf->owner, sizeof(conf->owner), err,
			  errsize) != 0 ||
	    conf_copy_str(obj, "group", conf->group, sizeof(conf->group), err,
			  errsize) != 0 ||
	    conf_copy_str(obj, "ifname", conf->ifname, sizeof(conf->ifname),
			  err, errsize) != 0 ||
	    conf_copy_str(obj, "netns", conf->netns, sizeof(conf->netns), err,
			  errsize) != 0)
		return -EINVAL;
	if (type == NULL) {
		snprintf(err, errsize, "missing 'type' (vhost-user, "
			 "vhost-user-client or tap)");
		return -EINVAL;
	}
	if (port_type_parse(type, &conf->type) != 0) {
		snprintf(err, errsize, "unknown port type '%s' (vhost-user, "
			 "vhost-user-client or tap)", ECHO(type));
		return -EINVAL;
	}
	if (port_type_is_uplink(conf->type)) {
		snprintf(err, errsize, "%s ports are uplinks: bridged networks "
			 "create them (net-add NAME --mode bridged --uplink IF)",
			 type);
		return -EINVAL;
	}
	if (conf->type == PORT_TAP) {
		if (conf->path[0] || conf->owner[0] || conf->group[0] ||
		    mode != NULL) {
			snprintf(err, errsize, "path/owner/group/mode apply to "
				 "vhost-user ports, not tap");
			return -EINVAL;
		}
		if (conf->ifname[0] == '\0' && strlen(conf->name) > NAMES_IFNAME_MAX) {
			snprintf(err, errsize, "port name '%s' is too long for an "
				 "interface name; give 'ifname'", conf->name);
			return -EINVAL;
		}
		if (conf->ifname[0] && !names_ifname_valid(conf->ifname)) {
			snprintf(err, errsize, "invalid ifname '%s' (1-%d "
				 "characters of A-Z a-z 0-9 _ . -)",
				 ECHO(conf->ifname), NAMES_IFNAME_MAX);
			return -EINVAL;
		}
		if (conf->netns[0] && !names_netns_valid(conf->netns)) {
			snprintf(err, errsize, "invalid netns '%s'",
				 ECHO(conf->netns));
			return -EINVAL;
		}
	} else if (conf->ifname[0] || conf->netns[0]) {
		snprintf(err, errsize, "ifname/netns apply to tap ports");
		return -EINVAL;
	}
	if (conf->path[0] != '\0' && conf->path[0] != '/') {
		snprintf(err, errsize, "'path' must be absolute");
		return -EINVAL;
	}
	if (conf->type == PORT_VHOST_USER_CLIENT && conf->path[0] == '\0') {
		snprintf(err, errsize, "vhost-user-client ports need 'path' "
			 "(the socket QEMU creates)");
		return -EINVAL;
	}
	if (mac != NULL) {
		if (names_mac_parse(mac, conf->mac) != 0) {
			snprintf(err, errsize, "invalid MAC '%s'", ECHO(mac));
			return -EINVAL;
		}
		conf->has_mac = true;
	}
	if (mode != NULL) {
		char *end;
		long v = strtol(mode, &end, 8);

		if (mode[0] == '\0' || *end != '\0' || v < 0 || v > 0777 ||
		    strlen(mode) > 4 || strspn(mode, "01234567") != strlen(mode)) {
			snprintf(err, errsize, "invalid mode '%s' (octal, "
				 "e.g. 0660)", ECHO(mode));
			return -EINVAL;
		}
		conf->mode = (int)v;
	}
	if (conf->type == PORT_VHOST_USER_CLIENT &&
	    (conf->owner[0] || conf->group[0] || conf->mode >= 0)) {
		snprintf(err, errsize, "owner/group/mode apply to vhost-user "
			 "(server) ports only; QEMU owns a client port's socket");
		return -EINVAL;
	}
	if (conf_get_uint(obj, "mac_limit", 1, CONF_MAC_LIMIT_MAX,
			  &conf->mac_limit, err, errsize) < 0)
		return -EINVAL;
	return 0;
}

/**
 * conf_port_set_from_json() - Parse a port-set request
 * @obj:	{"name", "net" | "trunk" + "native"?}
 * @conf:	Output: name and VLAN membership (other fields zero)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -EINVAL
 */
int conf_port_set_from_json(json_t *obj, struct port_conf *conf, char *err,
			    size_t errsize)
{
	static const char *const keys[] = { "name", "net", "trunk", "native",
					    NULL };

	memset(conf, 0, sizeof(*conf));
	if (conf_check_keys(obj, keys, err, errsize) != 0 ||
	    conf_get_name(obj, "name", true, conf->name, err, errsize) != 0 ||
	    conf_port_vlan_from_json(obj, conf, err, errsize) != 0)
		return -EINVAL;
	return 0;
}

/**
 * conf_fdb_from_json() - Parse a static FDB entry (fdb-add/fdb-del, state)
 * @obj:	{"net", "mac", "port"}
 * @need_port:	Whether "port" is required (fdb-add) or refused (fdb-del)
 * @conf:	Output
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -EINVAL
 */
int conf_fdb_from_json(json_t *obj, bool need_port, struct fdb_conf *conf,
		       char *err, size_t errsize)
{
	static const char *const keys_add[] = { "net", "mac", "port", NULL };
	static const char *const keys_del[] = { "net", "mac", NULL };
	const char *mac;

	memset(conf, 0, sizeof(*conf));
	if (conf_check_keys(obj, need_port ? keys_add : keys_del, err,
			    errsize) != 0 ||
	    conf_get_name(obj, "net", true, conf->net, err, errsize) != 0 ||
	    (need_port && conf_get_name(obj, "port", true, conf->port, err,
					errsize) != 0) ||
	    conf_get_str(obj, "mac", &mac, err, errsize) != 0)
		return -EINVAL;
	if (mac == NULL) {
		snprintf(err, errsize, "missing 'mac'");
		return -EINVAL;
	}
	if (names_mac_parse(mac, conf->mac) != 0) {
		snprintf(err, errsize, "invalid MAC '%s'", ECHO(mac));
		return -EINVAL;
	}
	if (conf->mac[0] & 1) {
		snprintf(err, errsize, "MAC %s is multicast; static entries "
			 "are for unicast addresses", ECHO(mac));
		return -EINVAL;
	}
	return 0;
}

/**
 * conf_net_to_json() - Serialize a network's configuration
 * @conf:	Configuration
 *
 * Return: new JSON object (caller owns), NULL on allocation failure
 */
json_t *conf_net_to_json(const struct net_conf *conf)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:i}", "name", conf->name,
			      "mode", net_mode_name(conf->mode),
			      "fdb_aging", (json_int_t)conf->fdb_aging,
			      "fdb_max", (json_int_t)conf->fdb_max);

	char buf[NAMES_IPV4_STRLEN + 4];

	if (o == NULL)
		return NULL;
	if (conf->vlan != 0)
		json_object_set_new(o, "vlan", json_integer(conf->vlan));
	json_object_set_new(o, "mtu", json_integer(conf->mtu));
	if (conf->ip.prefix != 0) {
		names_ipv4_format(conf->ip.addr, buf);
		snprintf(buf + strlen(buf), 5, "/%u", conf->ip.prefix);
		json_object_set_new(o, "subnet", json_string(buf));
	}
	if (conf->ip.gateway != 0)
		json_object_set_new(o, "gateway", json_string(
			names_ipv4_format(conf->ip.gateway, buf)));
	if (conf->mode == NET_HOST_ONLY)
		json_object_set_new(o, "host_if", json_string(conf->host_if));
	if (conf->mode == NET_BRIDGED) {
		json_object_set_new(o, "uplink", json_string(conf->uplink));
		json_object_set_new(o, "uplink_type", json_string(
			port_type_name(conf->uplink_type)));
	}
	return o;
}

/**
 * conf_port_to_json() - Serialize a port's configuration
 * @conf:	Configuration
 *
 * Return: new JSON object (caller owns), NULL on allocation failure
 */
json_t *conf_port_to_json(const struct port_conf *conf)
{
	json_t *o = json_pack("{s:s, s:s, s:i}", "name", conf->name,
			      "type", port_type_name(conf->type),
			      "mac_limit", (json_int_t)conf->mac_limit);
	char buf[NAMES_MAC_STRLEN];
	unsigned int i;

	if (o == NULL)
		return NULL;
	if (conf->vlan_mode == PORT_ACCESS) {
		json_object_set_new(o, "net", json_string(conf->net));
	} else {
		json_t *arr = json_array();

		for (i = 0; i < conf->n_trunk; i++)
			json_array_append_new(arr, json_string(conf->trunk[i]));
		json_object_set_new(o, "trunk", arr);
		if (conf->native[0])
			json_object_set_new(o, "native",
					    json_string(conf->native));
	}
	if (conf->path[0])
		json_object_set_new(o, "path", json_string(conf->path));
	if (conf->has_mac) {
		names_mac_format(conf->mac, buf);
		json_object_set_new(o, "mac", json_string(buf));
	}
	if (conf->owner[0])
		json_object_set_new(o, "owner", json_string(conf->owner));
	if (conf->group[0])
		json_object_set_new(o, "group", json_string(conf->group));
	if (conf->mode >= 0) {
		snprintf(buf, sizeof(buf), "%04o", conf->mode);
		json_object_set_new(o, "mode", json_string(buf));
	}
	if (conf->ifname[0])
		json_object_set_new(o, "ifname", json_string(conf->ifname));
	if (conf->netns[0])
		json_object_set_new(o, "netns", json_string(conf->netns));
	return o;
}

/**
 * conf_fdb_to_json() - Serialize a static FDB entry
 * @conf:	Entry
 *
 * Return: new JSON object (caller owns), NULL on allocation failure
 */
json_t *conf_fdb_to_json(const struct fdb_conf *conf)
{
	char mac[NAMES_MAC_STRLEN];

	names_mac_format(conf->mac, mac);
	return json_pack("{s:s, s:s, s:s}", "net", conf->net, "mac", mac,
			 "port", conf->port);
}
