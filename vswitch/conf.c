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

/* Fetch an optional boolean: 1 if present, 0 if absent, -EINVAL. */
static int conf_get_bool(json_t *obj, const char *key, bool *out, char *err,
			 size_t errsize)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		snprintf(err, errsize, "'%s' must be true or false", key);
		return -EINVAL;
	}
	*out = json_is_true(v);
	return 1;
}

/* Netmask of a prefix length 0-32. */
static uint32_t conf_mask(unsigned int prefix)
{
	return prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
}

/* Whether @a can be a host's address anywhere: not in 0/8 or 127/8, not
 * multicast, reserved or broadcast. */
static bool conf_ipv4_unicast(uint32_t a)
{
	return (a >> 24) != 0 && (a >> 24) != 127 && (a >> 28) < 14;
}

/* Whether @a is a host address of the subnet @ip (neither its network nor
 * its broadcast address). */
static bool conf_ipv4_host_of(const struct net_ipv4 *ip, uint32_t a)
{
	uint32_t mask = conf_mask(ip->prefix);

	return ip->prefix != 0 && (a & mask) == ip->addr && a != ip->addr &&
	       a != (ip->addr | ~mask);
}

/* "a.b.c.d/p" of a subnet or route destination, for messages and JSON. */
static char *conf_cidr_format(uint32_t addr, unsigned int prefix,
			      char buf[NAMES_IPV4_STRLEN + 3])
{
	char a[NAMES_IPV4_STRLEN];

	snprintf(buf, NAMES_IPV4_STRLEN + 3, "%s/%u",
		 names_ipv4_format(addr, a), prefix);
	return buf;
}

/* Parse "FIRST-LAST" of "dhcp_range": two addresses, first <= last, at
 * most DHCP_RANGE_MAX of them. Whether they fit the subnet is
 * conf_dhcp_finish()'s business. */
static int conf_get_range(json_t *obj, struct dhcp_conf *d, char *err,
			  size_t errsize)
{
	char buf[2 * NAMES_IPV4_STRLEN + 2], *dash;
	uint32_t first, last;
	const char *s;

	if (conf_get_str(obj, "dhcp_range", &s, err, errsize) != 0)
		return -EINVAL;
	if (s == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	dash = strchr(buf, '-');
	if (strlen(s) >= sizeof(buf) || dash == NULL) {
		snprintf(err, errsize, "invalid dhcp_range '%s' (FIRST-LAST, "
			 "e.g. 192.168.56.100-192.168.56.199)", ECHO(s));
		return -EINVAL;
	}
	*dash = '\0';
	if (names_ipv4_parse(buf, &first) != 0 ||
	    names_ipv4_parse(dash + 1, &last) != 0) {
		snprintf(err, errsize, "invalid dhcp_range '%s' (FIRST-LAST, "
			 "e.g. 192.168.56.100-192.168.56.199)", ECHO(s));
		return -EINVAL;
	}
	if (first > last) {
		snprintf(err, errsize, "dhcp_range '%s': the first address is "
			 "above the last", ECHO(s));
		return -EINVAL;
	}
	if (last - first >= DHCP_RANGE_MAX) {
		snprintf(err, errsize, "dhcp_range '%s' holds %llu addresses "
			 "(at most %d)", ECHO(s),
			 (unsigned long long)(last - first) + 1, DHCP_RANGE_MAX);
		return -EINVAL;
	}
	if (first == 0) {	/* 0 means "default" in struct dhcp_conf */
		snprintf(err, errsize, "dhcp_range '%s' starts at 0.0.0.0",
			 ECHO(s));
		return -EINVAL;
	}
	d->range_first = first;
	d->range_last = last;
	return 1;
}

/* Parse "dhcp_server": an IPv4 address (the subnet check comes later). */
static int conf_get_server(json_t *obj, struct dhcp_conf *d, char *err,
			   size_t errsize)
{
	const char *s;
	uint32_t a;

	if (conf_get_str(obj, "dhcp_server", &s, err, errsize) != 0)
		return -EINVAL;
	if (s == NULL)
		return 0;
	if (names_ipv4_parse(s, &a) != 0 || a == 0) {
		snprintf(err, errsize, "invalid dhcp_server '%s' (IPv4 address)",
			 ECHO(s));
		return -EINVAL;
	}
	d->server = a;
	return 1;
}

/* Parse "dns": an array of at most DHCP_MAX_DNS distinct unicast
 * addresses; [] is none. */
static int conf_get_dns(json_t *obj, struct dhcp_conf *d, char *err,
			size_t errsize)
{
	json_t *arr = json_object_get(obj, "dns"), *v;
	size_t i, j;

	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		snprintf(err, errsize, "'dns' must be an array of IPv4 "
			 "addresses");
		return -EINVAL;
	}
	if (json_array_size(arr) > DHCP_MAX_DNS) {
		snprintf(err, errsize, "'dns' lists %zu servers (at most %d)",
			 json_array_size(arr), DHCP_MAX_DNS);
		return -EINVAL;
	}
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		uint32_t a;

		if (s == NULL || names_ipv4_parse(s, &a) != 0) {
			snprintf(err, errsize, "invalid DNS server '%s' in 'dns' "
				 "(IPv4 address)", s ? ECHO(s) : "(not a string)");
			return -EINVAL;
		}
		if (!conf_ipv4_unicast(a)) {
			snprintf(err, errsize, "DNS server %s in 'dns' is not a "
				 "unicast address", ECHO(s));
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (d->dns[j] == a) {
				snprintf(err, errsize, "DNS server %s is listed "
					 "twice in 'dns'", ECHO(s));
				return -EINVAL;
			}
		}
		d->dns[i] = a;
	}
	for (i = json_array_size(arr); i < DHCP_MAX_DNS; i++)
		d->dns[i] = 0;
	d->n_dns = (uint8_t)json_array_size(arr);
	return 1;
}

/* Parse "domain": a DNS name of at most DHCP_DOMAIN_MAX characters; ""
 * is none. */
static int conf_get_domain(json_t *obj, struct dhcp_conf *d, char *err,
			   size_t errsize)
{
	const char *s;

	if (conf_get_str(obj, "domain", &s, err, errsize) != 0)
		return -EINVAL;
	if (s == NULL)
		return 0;
	if (s[0] != '\0' && !names_dns_name_valid(s, DHCP_DOMAIN_MAX)) {
		snprintf(err, errsize, "invalid domain '%s' (dot-separated "
			 "labels of letters, digits and '-', at most %d "
			 "characters)", ECHO(s), DHCP_DOMAIN_MAX);
		return -EINVAL;
	}
	memset(d->domain, 0, sizeof(d->domain));
	strcpy(d->domain, s);
	return 1;
}

/* Parse one "CIDR@GW" of "routes". */
static int conf_parse_route(const char *s, struct dhcp_route *r, char *err,
			    size_t errsize)
{
	char buf[3 * NAMES_IPV4_STRLEN], net[NAMES_IPV4_STRLEN + 3];
	char *slash, *at, *end;
	uint32_t dst, gw;
	long p;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	at = strchr(buf, '@');
	if (strlen(s) >= sizeof(buf) || slash == NULL || at == NULL ||
	    at < slash)
		goto syntax;
	*slash = '\0';
	*at = '\0';
	errno = 0;
	p = strtol(slash + 1, &end, 10);
	if (names_ipv4_parse(buf, &dst) != 0 || slash + 1 == at ||
	    end != at || errno != 0 || at - slash > 3 ||
	    !isdigit((unsigned char)slash[1]) ||
	    names_ipv4_parse(at + 1, &gw) != 0)
		goto syntax;
	if (p < 0 || p > 32) {
		snprintf(err, errsize, "route '%s': prefix length must be 0-32",
			 ECHO(s));
		return -EINVAL;
	}
	if (dst & ~conf_mask((unsigned int)p)) {
		snprintf(err, errsize, "route '%s' has host bits set (did you "
			 "mean %s?)", ECHO(s),
			 conf_cidr_format(dst & conf_mask((unsigned int)p),
					  (unsigned int)p, net));
		return -EINVAL;
	}
	if (!conf_ipv4_unicast(gw)) {
		snprintf(err, errsize, "route '%s': gateway %s is not a unicast "
			 "address", ECHO(s), at + 1);
		return -EINVAL;
	}
	memset(r, 0, sizeof(*r));
	r->dst = dst;
	r->prefix = (uint8_t)p;
	r->gw = gw;
	return 0;
syntax:
	snprintf(err, errsize, "invalid route '%s' in 'routes' (CIDR@GATEWAY, "
		 "e.g. 10.0.0.0/8@192.168.56.1)", ECHO(s));
	return -EINVAL;
}

/* Parse "routes": an array of at most DHCP_MAX_ROUTES "CIDR@GW" with
 * distinct destinations; [] is none. */
static int conf_get_routes(json_t *obj, struct dhcp_conf *d, char *err,
			   size_t errsize)
{
	json_t *arr = json_object_get(obj, "routes"), *v;
	char net[NAMES_IPV4_STRLEN + 3];
	size_t i, j;

	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		snprintf(err, errsize, "'routes' must be an array of "
			 "\"CIDR@GATEWAY\" strings");
		return -EINVAL;
	}
	if (json_array_size(arr) > DHCP_MAX_ROUTES) {
		snprintf(err, errsize, "'routes' lists %zu routes (at most %d)",
			 json_array_size(arr), DHCP_MAX_ROUTES);
		return -EINVAL;
	}
	memset(d->routes, 0, sizeof(d->routes));
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL) {
			snprintf(err, errsize, "invalid route (not a string) in "
				 "'routes'");
			return -EINVAL;
		}
		if (conf_parse_route(s, &d->routes[i], err, errsize) != 0)
			return -EINVAL;
		for (j = 0; j < i; j++) {
			if (d->routes[j].dst == d->routes[i].dst &&
			    d->routes[j].prefix == d->routes[i].prefix) {
				snprintf(err, errsize, "route to %s is listed "
					 "twice in 'routes'",
					 conf_cidr_format(d->routes[i].dst,
							  d->routes[i].prefix,
							  net));
				return -EINVAL;
			}
		}
	}
	d->n_routes = (uint8_t)json_array_size(arr);
	return 1;
}

/* Parse the DHCP keys of net-add/net-set into @d; @given gets the
 * NET_SET_DHCP_* bits of the keys present. Nothing here depends on the
 * network: conf_dhcp_finish() checks against it. */
static int conf_dhcp_keys(json_t *obj, struct dhcp_conf *d, uint32_t *given,
			  char *err, size_t errsize)
{
	uint32_t lease = 0;
	bool on = false;
	int r;

	*given = 0;
	r = conf_get_bool(obj, "dhcp", &on, err, errsize);
	if (r < 0)
		return -EINVAL;
	if (r > 0) {
		d->enabled = on;
		d->explicit_enable = true;
		*given |= NET_SET_DHCP_ENABLE;
	}
	r = conf_get_range(obj, d, err, errsize);
	if (r < 0)
		return -EINVAL;
	*given |= r > 0 ? NET_SET_DHCP_RANGE : 0;
	r = conf_get_server(obj, d, err, errsize);
	if (r < 0)
		return -EINVAL;
	*given |= r > 0 ? NET_SET_DHCP_SERVER : 0;
	r = conf_get_dns(obj, d, err, errsize);
	if (r < 0)
		return -EINVAL;
	*given |= r > 0 ? NET_SET_DHCP_DNS : 0;
	r = conf_get_domain(obj, d, err, errsize);
	if (r < 0)
		return -EINVAL;
	*given |= r > 0 ? NET_SET_DHCP_DOMAIN : 0;
	r = conf_get_uint(obj, "lease_time", DHCP_LEASE_MIN, DHCP_LEASE_MAX,
			  &lease, err, errsize);
	if (r < 0)
		return -EINVAL;
	if (r > 0) {
		d->lease_time = lease;
		*given |= NET_SET_DHCP_LEASE;
	}
	r = conf_get_routes(obj, d, err, errsize);
	if (r < 0)
		return -EINVAL;
	*given |= r > 0 ? NET_SET_DHCP_ROUTES : 0;
	return 0;
}

/* Key of the first DHCP setting @d carries besides "dhcp", NULL if none. */
static const char *conf_dhcp_setting(const struct dhcp_conf *d)
{
	if (d->range_first != 0 || d->range_last != 0)
		return "dhcp_range";
	if (d->server != 0)
		return "dhcp_server";
	if (d->n_dns != 0)
		return "dns";
	if (d->domain[0] != '\0')
		return "domain";
	if (d->lease_time != 0)
		return "lease_time";
	if (d->n_routes != 0)
		return "routes";
	return NULL;
}

/**
 * conf_dhcp_finish() - Apply a network's DHCP defaults and check them
 * @nc:		The network (mode, subnet, gateway, name); @nc->dhcp is not
 *		read
 * @d:		DHCP settings as parsed or merged (conf_dhcp_apply_set());
 *		defaults filled in on success, possibly partly updated on
 *		error (work on a copy)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Without a subnet (bridged networks, isolated ones without "subnet") the
 * server can only be off: "dhcp": true or any other DHCP setting is
 * refused, "dhcp": false is accepted, and @d is reset to all zeros (off,
 * nothing configured). With a subnet: @enabled defaults to on unless the
 * network is bridged (it never has a subnet) when @explicit_enable is
 * false; settings are accepted and checked whether or not the server is
 * on; @lease_time defaults to DHCP_LEASE_DEFAULT; the range to every host
 * address of the subnet (network + 1 to broadcast - 1), cut to its first
 * DHCP_RANGE_MAX addresses, and a given range must lie within the host
 * addresses; the server defaults to the highest host address that is not
 * the gateway and must be a host address, never the gateway (it answers
 * ARP for its address; on host-only the host has it); route gateways must be
 * host addresses of the subnet (a client reaches them directly). The
 * gateway and the server may lie inside the range: the pool excludes them.
 *
 * On success with a subnet @explicit_enable is set, so the result is
 * canonical: conf_net_to_json() writes "dhcp" and every computed value,
 * conf_net_from_json() reads them back to the same struct, and calling
 * this again changes nothing.
 *
 * Return: 0 or -EINVAL
 */
int conf_dhcp_finish(const struct net_conf *nc, struct dhcp_conf *d, char *err,
		     size_t errsize)
{
	const struct net_ipv4 *ip = &nc->ip;
	char a[NAMES_IPV4_STRLEN], b[NAMES_IPV4_STRLEN];
	char sn[NAMES_IPV4_STRLEN + 3], rt[NAMES_IPV4_STRLEN + 3];
	char hl[NAMES_IPV4_STRLEN], hh[NAMES_IPV4_STRLEN];
	uint32_t bcast;
	const char *what;
	unsigned int i;

	if (!d->explicit_enable)
		d->enabled = nc->mode != NET_BRIDGED && ip->prefix != 0;
	if (ip->prefix == 0) {
		what = d->enabled ? "dhcp" : conf_dhcp_setting(d);
		if (what != NULL && nc->mode == NET_BRIDGED) {
			snprintf(err, errsize, "'%s' on bridged network '%s': a "
				 "bridged network's LAN has its own DHCP server",
				 what, nc->name);
			return -EINVAL;
		}
		if (what != NULL) {
			snprintf(err, errsize, "'%s' on network '%s' needs a "
				 "'subnet' (the addresses DHCP hands out)", what,
				 nc->name);
			return -EINVAL;
		}
		memset(d, 0, sizeof(*d));
		return 0;
	}
	conf_cidr_format(ip->addr, ip->prefix, sn);
	bcast = ip->addr | ~conf_mask(ip->prefix);
	d->explicit_enable = true;
	if (d->lease_time == 0)
		d->lease_time = DHCP_LEASE_DEFAULT;
	if (d->lease_time < DHCP_LEASE_MIN || d->lease_time > DHCP_LEASE_MAX) {
		snprintf(err, errsize, "'lease_time' must be between %u and %u",
			 DHCP_LEASE_MIN, DHCP_LEASE_MAX);
		return -EINVAL;
	}
	if (d->range_first == 0 && d->range_last == 0) {
		d->range_first = ip->addr + 1;
		d->range_last = bcast - 1;
		if (d->range_last - d->range_first >= DHCP_RANGE_MAX)
			d->range_last = d->range_first + DHCP_RANGE_MAX - 1;
	} else if (!conf_ipv4_host_of(ip, d->range_first) ||
		   !conf_ipv4_host_of(ip, d->range_last) ||
		   d->range_first > d->range_last ||
		   d->range_last - d->range_first >= DHCP_RANGE_MAX) {
		names_ipv4_format(d->range_first, a);
		names_ipv4_format(d->range_last, b);
		if (d->range_first > d->range_last)
			snprintf(err, errsize, "dhcp_range %s-%s: the first "
				 "address is above the last", a, b);
		else if (d->range_last - d->range_first >= DHCP_RANGE_MAX)
			snprintf(err, errsize, "dhcp_range %s-%s holds more "
				 "than %d addresses", a, b, DHCP_RANGE_MAX);
		else
			snprintf(err, errsize, "dhcp_range %s-%s is not within "
				 "the host addresses of subnet %s (%s-%s)", a, b,
				 sn, names_ipv4_format(ip->addr + 1, hl),
				 names_ipv4_format(bcast - 1, hh));
		return -EINVAL;
	}
	if (d->server == 0) {
		d->server = bcast - 1;
		if (d->server == ip->gateway)
			d->server--;	/* prefix <= 30: still a host */
	} else if (!conf_ipv4_host_of(ip, d->server)) {
		snprintf(err, errsize, "dhcp_server %s is not a host address "
			 "of subnet %s", names_ipv4_format(d->server, a), sn);
		return -EINVAL;
	}
	if (d->server == ip->gateway) {
		/* the server answers ARP for its address: it would take the
		 * router's (a guest's, or on host-only the host's) traffic */
		if (nc->mode == NET_HOST_ONLY)
			snprintf(err, errsize, "dhcp_server %s is the gateway: "
				 "on a host-only network the host has that "
				 "address", names_ipv4_format(d->server, a));
		else
			snprintf(err, errsize, "dhcp_server %s is the gateway: "
				 "the server needs an address of its own (it "
				 "answers ARP for it)",
				 names_ipv4_format(d->server, a));
		return -EINVAL;
	}
	if (d->n_dns > DHCP_MAX_DNS || d->n_routes > DHCP_MAX_ROUTES) {
		snprintf(err, errsize, "too many DNS servers or routes");
		return -EINVAL;
	}
	for (i = 0; i < d->n_routes; i++) {
		const struct dhcp_route *r = &d->routes[i];

		if (!conf_ipv4_host_of(ip, r->gw)) {
			snprintf(err, errsize, "route %s@%s: the gateway is not "
				 "a host address of subnet %s (clients reach it "
				 "directly)", conf_cidr_format(r->dst, r->prefix,
							       rt),
				 names_ipv4_format(r->gw, a), sn);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * conf_dhcp_apply_set() - Merge a net-set request's DHCP keys
 * @set:	Parsed request (conf_net_set_from_json())
 * @d:		A network's settings; the fields @set->dhcp_set names are
 *		replaced ("dhcp" also makes @enabled explicit; [] and ""
 *		clear the lists and the domain), the others kept
 *
 * Check the result with conf_dhcp_finish() before using it.
 */
void conf_dhcp_apply_set(const struct net_set *set, struct dhcp_conf *d)
{
	const struct dhcp_conf *s = &set->dhcp;

	if (set->dhcp_set & NET_SET_DHCP_ENABLE) {
		d->enabled = s->enabled;
		d->explicit_enable = true;
	}
	if (set->dhcp_set & NET_SET_DHCP_RANGE) {
		d->range_first = s->range_first;
		d->range_last = s->range_last;
	}
	if (set->dhcp_set & NET_SET_DHCP_SERVER)
		d->server = s->server;
	if (set->dhcp_set & NET_SET_DHCP_DNS) {
		d->n_dns = s->n_dns;
		memcpy(d->dns, s->dns, sizeof(d->dns));
	}
	if (set->dhcp_set & NET_SET_DHCP_DOMAIN)
		memcpy(d->domain, s->domain, sizeof(d->domain));
	if (set->dhcp_set & NET_SET_DHCP_LEASE)
		d->lease_time = s->lease_time;
	if (set->dhcp_set & NET_SET_DHCP_ROUTES) {
		d->n_routes = s->n_routes;
		memcpy(d->routes, s->routes, sizeof(d->routes));
	}
}

/**
 * conf_net_from_json() - Parse a network (net-add request or state entry)
 * @obj:	{"name", "mode"?, "vlan"?, "subnet"?, "gateway"?, "host_if"?,
 *		"uplink"?, "uplink_type"?, "mtu"?, "fdb_aging"?, "fdb_max"?,
 *		"dhcp"?, "dhcp_range"?, "dhcp_server"?, "dns"?, "domain"?,
 *		"lease_time"?, "routes"?}
 * @conf:	Output, defaults filled in (DHCP: conf_dhcp_finish())
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
		"fdb_aging", "fdb_max", "dhcp", "dhcp_range", "dhcp_server",
		"dns", "domain", "lease_time", "routes", NULL };
	const char *mode;
	uint32_t vlan = 0, mtu = PORT_MTU_DEFAULT, given;
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
	    conf_net_mode(obj, conf, has_subnet > 0, err, errsize) != 0 ||
	    conf_dhcp_keys(obj, &conf->dhcp, &given, err, errsize) != 0 ||
	    conf_dhcp_finish(conf, &conf->dhcp, err, errsize) != 0)
		return -EINVAL;
	return 0;
}

/**
 * conf_net_set_from_json() - Parse a net-set request
 * @obj:	{"name", "vlan"?, "mtu"?, "fdb_aging"?, "fdb_max"?, and the
 *		DHCP keys of net-add: "dhcp"?, "dhcp_range"?, "dhcp_server"?,
 *		"dns"? ([] clears), "domain"? ("" clears), "lease_time"?,
 *		"routes"? ([] clears)}
 * @set:	Output: the name and what is to change; the DHCP keys given
 *		are in @set->dhcp_set and @set->dhcp (checked on their own;
 *		the daemon merges them with conf_dhcp_apply_set() and checks
 *		the network's result with conf_dhcp_finish())
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -EINVAL (also when nothing is to be changed)
 */
int conf_net_set_from_json(json_t *obj, struct net_set *set, char *err,
			   size_t errsize)
{
	static const char *const keys[] = { "name", "vlan", "mtu", "fdb_aging",
		"fdb_max", "dhcp", "dhcp_range", "dhcp_server", "dns", "domain",
		"lease_time", "routes", NULL };
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
	if (conf_dhcp_keys(obj, &set->dhcp, &set->dhcp_set, err, errsize) != 0)
		return -EINVAL;
	if (a == 0 && m == 0 && v == 0 && u == 0 && set->dhcp_set == 0) {
		snprintf(err, errsize, "nothing to set (use vlan, mtu, "
			 "fdb_aging, fdb_max, dhcp, dhcp_range, dhcp_server, "
			 "dns, domain, lease_time or routes)");
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
 *		"owner"?, "group"?, "mode"?, "mac_limit"?, "ifname"?, "netns"?,
 *		"dhcp_trusted"? (default false), "dhcp_max_leases"? (0-65536,
 *		0: no limit, default DHCP_PORT_LEASES_DEFAULT)}
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
		"ifname", "netns", "dhcp_trusted", "dhcp_max_leases", NULL };
	const char *type, *mac, *mode;

	memset(conf, 0, sizeof(*conf));
	conf->mode = -1;
	conf->mac_limit = VSW_DEFAULT_MAC_LIMIT;
	conf->dhcp_max_leases = DHCP_PORT_LEASES_DEFAULT;
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
			  &conf->mac_limit, err, errsize) < 0 ||
	    conf_get_bool(obj, "dhcp_trusted", &conf->dhcp_trusted, err,
			  errsize) < 0 ||
	    conf_get_uint(obj, "dhcp_max_leases", 0, CONF_DHCP_LEASES_MAX,
			  &conf->dhcp_max_leases, err, errsize) < 0)
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
 * conf_dhcp_host_from_json() - Parse a DHCP reservation (dhcp-host-add/-del)
 * @obj:	{"net", "mac", "ip", "hostname"?} (@need_ip), {"net", "mac"}
 *		otherwise
 * @need_ip:	Whether "ip" is required and "hostname" allowed
 *		(dhcp-host-add, state) or both refused (dhcp-host-del)
 * @h:		Output
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The MAC must be unicast and not zero; the host name is a DNS name of at
 * most DHCP_HOSTNAME_MAX characters. Whether the network exists and the
 * address is in its subnet is checked by the daemon.
 *
 * Return: 0 or -EINVAL
 */
int conf_dhcp_host_from_json(json_t *obj, bool need_ip,
			     struct dhcp_host_conf *h, char *err,
			     size_t errsize)
{
	static const char *const keys_add[] = { "net", "mac", "ip", "hostname",
						NULL };
	static const char *const keys_del[] = { "net", "mac", NULL };
	static const uint8_t zero[6];
	const char *mac, *ip = NULL, *name = NULL;

	memset(h, 0, sizeof(*h));
	if (conf_check_keys(obj, need_ip ? keys_add : keys_del, err,
			    errsize) != 0 ||
	    conf_get_name(obj, "net", true, h->net, err, errsize) != 0 ||
	    conf_get_str(obj, "mac", &mac, err, errsize) != 0 ||
	    (need_ip &&
	     (conf_get_str(obj, "ip", &ip, err, errsize) != 0 ||
	      conf_get_str(obj, "hostname", &name, err, errsize) != 0)))
		return -EINVAL;
	if (mac == NULL) {
		snprintf(err, errsize, "missing 'mac'");
		return -EINVAL;
	}
	if (names_mac_parse(mac, h->mac) != 0) {
		snprintf(err, errsize, "invalid MAC '%s'", ECHO(mac));
		return -EINVAL;
	}
	if (h->mac[0] & 1) {
		snprintf(err, errsize, "MAC %s is multicast; reservations are "
			 "for a client's unicast address", ECHO(mac));
		return -EINVAL;
	}
	if (memcmp(h->mac, zero, sizeof(zero)) == 0) {
		snprintf(err, errsize, "MAC %s is all zeros; reservations are "
			 "for a client's unicast address", ECHO(mac));
		return -EINVAL;
	}
	if (!need_ip)
		return 0;
	if (ip == NULL) {
		snprintf(err, errsize, "missing 'ip'");
		return -EINVAL;
	}
	if (names_ipv4_parse(ip, &h->ip) != 0 || h->ip == 0) {
		snprintf(err, errsize, "invalid ip '%s' (IPv4 address)",
			 ECHO(ip));
		return -EINVAL;
	}
	if (name != NULL) {
		if (!names_dns_name_valid(name, DHCP_HOSTNAME_MAX)) {
			snprintf(err, errsize, "invalid hostname '%s' (labels "
				 "of letters, digits and '-', at most %d "
				 "characters)", ECHO(name), DHCP_HOSTNAME_MAX);
			return -EINVAL;
		}
		strcpy(h->hostname, name);
	}
	return 0;
}

/* Write the DHCP keys of a network that has a subnet. */
static void conf_dhcp_to_json(const struct dhcp_conf *d, json_t *o)
{
	char a[NAMES_IPV4_STRLEN], b[NAMES_IPV4_STRLEN];
	char buf[2 * NAMES_IPV4_STRLEN + 4];
	json_t *arr;
	unsigned int i;

	json_object_set_new(o, "dhcp", json_boolean(d->enabled));
	if (d->range_first != 0 && d->range_last != 0) {
		snprintf(buf, sizeof(buf), "%s-%s",
			 names_ipv4_format(d->range_first, a),
			 names_ipv4_format(d->range_last, b));
		json_object_set_new(o, "dhcp_range", json_string(buf));
	}
	if (d->server != 0)
		json_object_set_new(o, "dhcp_server", json_string(
			names_ipv4_format(d->server, a)));
	if (d->lease_time != 0)
		json_object_set_new(o, "lease_time",
				    json_integer(d->lease_time));
	if (d->n_dns != 0) {
		arr = json_array();
		for (i = 0; i < d->n_dns && i < DHCP_MAX_DNS; i++)
			json_array_append_new(arr, json_string(
				names_ipv4_format(d->dns[i], a)));
		json_object_set_new(o, "dns", arr);
	}
	if (d->domain[0] != '\0')
		json_object_set_new(o, "domain", json_string(d->domain));
	if (d->n_routes != 0) {
		arr = json_array();
		for (i = 0; i < d->n_routes && i < DHCP_MAX_ROUTES; i++) {
			conf_cidr_format(d->routes[i].dst, d->routes[i].prefix,
					 buf);
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "@%s", names_ipv4_format(d->routes[i].gw, a));
			json_array_append_new(arr, json_string(buf));
		}
		json_object_set_new(o, "routes", arr);
	}
}

/**
 * conf_net_to_json() - Serialize a network's configuration
 * @conf:	Configuration (DHCP settings as conf_dhcp_finish() left them)
 *
 * A network with a subnet gets "dhcp" (on or off), "dhcp_range",
 * "dhcp_server" and "lease_time" as computed, and "dns", "domain" and
 * "routes" when set; one without a subnet gets no DHCP key.
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
	if (conf->ip.prefix != 0)
		conf_dhcp_to_json(&conf->dhcp, o);
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
	json_object_set_new(o, "dhcp_trusted",
			    json_boolean(conf->dhcp_trusted));
	json_object_set_new(o, "dhcp_max_leases",
			    json_integer(conf->dhcp_max_leases));
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

/**
 * conf_dhcp_host_to_json() - Serialize a DHCP reservation
 * @h:		Reservation
 *
 * Return: new JSON object {"net", "mac", "ip", "hostname"?} (caller owns),
 * NULL on allocation failure
 */
json_t *conf_dhcp_host_to_json(const struct dhcp_host_conf *h)
{
	char mac[NAMES_MAC_STRLEN], ip[NAMES_IPV4_STRLEN];
	json_t *o;

	names_mac_format(h->mac, mac);
	o = json_pack("{s:s, s:s, s:s}", "net", h->net, "mac", mac, "ip",
		      names_ipv4_format(h->ip, ip));
	if (o != NULL && h->hostname[0] != '\0')
		json_object_set_new(o, "hostname", json_string(h->hostname));
	return o;
}
