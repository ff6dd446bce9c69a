/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl_req.c - turn vswctl command lines into control requests.
 *
 * The commands are declared as data (name, positionals, options, JSON key,
 * check); one generic parser walks the table. Values go through names.c, the
 * same checks vswitchd applies, so most mistakes never reach the daemon.
 */
#include "vswctl_req.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cap_pcap.h"
#include "dhcp_conf.h"
#include "names.h"

#define REQ_MAX_POS	3	/* most positionals of any command */
#define REQ_MAX_OPTS	20	/* most options of any command */
#define REQ_ACCOUNT_MAX	255	/* longest --owner / --group */
#define REQ_QUOTE_MAX	48	/* user input echoed in error messages */
#define REQ_QUOTE_PATH	200	/* file names echoed in error messages */
#define REQ_PATH_MAX	(sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

/* What an argument holds, and so how it is checked and encoded */
enum req_kind {
	REQ_NAME,	/* network or port name, names_valid() */
	REQ_MAC,	/* MAC address, sent in lower case */
	REQ_U32,	/* decimal integer in [min, max], sent as a JSON integer */
	REQ_CHOICE,	/* one string out of @choices */
	REQ_PATH,	/* socket path, made absolute */
	REQ_OCTAL,	/* permission bits 0000-0777, sent as "0NNN" */
	REQ_ACCOUNT,	/* user or group name */
	REQ_VLAN,	/* VLAN id 1-4094, or "none" (sent as 0) */
	REQ_NAMES,	/* comma-separated distinct names, sent as an array */
	REQ_IFNAME,	/* kernel interface name, names_ifname_valid() */
	REQ_NETNS,	/* network namespace name, names_netns_valid() */
	REQ_IPV4,	/* dotted-quad IPv4 address */
	REQ_TEXT,	/* other text the daemon checks (subnet, uplink) */
	REQ_ONOFF,	/* "on" or "off", sent as true or false */
	REQ_FLAG,	/* option without a value, sent as true */
	REQ_RANGE,	/* "A-B": two IPv4 addresses, A <= B, at most @max of them */
	REQ_IPV4_LIST,	/* comma-separated distinct unicast IPv4 addresses (at
			 * most @max), or "none"; sent as an array */
	REQ_ROUTES,	/* comma-separated "CIDR@GW" (at most @max), or "none";
			 * sent as an array */
	REQ_DOMAIN,	/* DNS name of at most @max characters; "" is sent as is */
	REQ_HOSTNAME,	/* DNS name of at most @max characters */
	REQ_UMAC,	/* unicast, non-zero MAC address, sent in lower case */
	REQ_U64,	/* decimal integer in [min, INT64_MAX], sent as a JSON integer */
	REQ_FILTER,	/* BPF expression (compiled by the command's check) */
	REQ_FILE,	/* file to write, made absolute; "-" (stdout) as is */
};

/**
 * struct req_arg - One positional argument or option of a command
 * @flag:	Option name with dashes ("--fdb-max"), NULL for a positional
 * @key:	Key in the request's "args" object; NULL ends a list
 * @what:	Description used in error messages ("network name")
 * @kind:	How the value is checked and encoded
 * @min:	Smallest value for REQ_U32
 * @max:	Largest value for REQ_U32
 * @choices:	NULL-terminated accepted strings for REQ_CHOICE
 * @required:	Must be given
 */
struct req_arg {
	const char *flag;
	const char *key;
	const char *what;
	enum req_kind kind;
	uint32_t min;
	uint32_t max;
	const char *const *choices;
	bool required;
};

/**
 * struct req_cmd - One vswctl command
 * @name:	Command word, also the request's "cmd"
 * @synopsis:	Arguments as shown by help
 * @pos:	Positional arguments, required ones first
 * @opts:	Options
 * @need_opt:	At least one option must be given (net-set)
 * @membership:	Takes a port's VLAN membership: exactly one of --net and
 *		--trunk, --native only with --trunk
 * @wire:	The request's "cmd" when it differs from @name (two-word
 *		commands: "capture start" sends "capture-start")
 * @check:	Checks the arguments as a whole and adds defaults, NULL if none
 */
struct req_cmd {
	const char *name;
	const char *synopsis;
	struct req_arg pos[REQ_MAX_POS + 1];
	struct req_arg opts[REQ_MAX_OPTS + 1];
	bool need_opt;
	bool membership;
	const char *wire;
	int (*check)(const struct req_cmd *cmd, json_t *args, char *err, size_t errsize);
};

static int req_check_capture_start(const struct req_cmd *cmd, json_t *args, char *err,
				   size_t errsize);

static const char *const req_net_modes[] = { "isolated", "host-only", "bridged", NULL };
static const char *const req_port_types[] = { "vhost-user", "vhost-user-client", "tap",
					      NULL };
static const char *const req_uplink_types[] = { "af_packet", "af_xdp", NULL };
static const char *const req_cap_dirs[] = { "rx", "tx", "both", NULL };

#define NET_POS(k, req)	{ NULL, k, "network name", REQ_NAME, 0, 0, NULL, req }
#define PORT_POS(k, req) { NULL, k, "port name", REQ_NAME, 0, 0, NULL, req }
#define MAC_POS(k)	{ NULL, k, "MAC address", REQ_MAC, 0, 0, NULL, true }
#define OPT_AGING	{ "--fdb-aging", "fdb_aging", "FDB aging time", REQ_U32, 10, 86400, NULL, false }
#define OPT_FDB_MAX	{ "--fdb-max", "fdb_max", "FDB size", REQ_U32, 16, 65536, NULL, false }
#define OPT_VLAN	{ "--vlan", "vlan", "VLAN id", REQ_VLAN, 1, 4094, NULL, false }
#define OPT_NET(req)	{ "--net", "net", "network name", REQ_NAME, 0, 0, NULL, req }
#define OPT_TRUNK	{ "--trunk", "trunk", "network list", REQ_NAMES, 1, 256, NULL, false }
#define OPT_NATIVE	{ "--native", "native", "network name", REQ_NAME, 0, 0, NULL, false }
#define OPT_MTU		{ "--mtu", "mtu", "MTU", REQ_U32, 68, 9000, NULL, false }
#define OPT_DHCP	{ "--dhcp", "dhcp", "DHCP setting", REQ_ONOFF, 0, 0, NULL, false }
#define OPT_DHCP_RANGE	{ "--dhcp-range", "dhcp_range", "DHCP range", REQ_RANGE, 0, \
			  DHCP_RANGE_MAX, NULL, false }
#define OPT_DNS		{ "--dns", "dns", "DNS server", REQ_IPV4_LIST, 0, DHCP_MAX_DNS, \
			  NULL, false }
#define OPT_DOMAIN	{ "--domain", "domain", "domain", REQ_DOMAIN, 0, DHCP_DOMAIN_MAX, \
			  NULL, false }
#define OPT_LEASE	{ "--lease-time", "lease_time", "lease time", REQ_U32, \
			  DHCP_LEASE_MIN, DHCP_LEASE_MAX, NULL, false }
#define OPT_DHCP_SERVER	{ "--dhcp-server", "dhcp_server", "DHCP server address", REQ_IPV4, \
			  0, 0, NULL, false }
#define OPT_ROUTE	{ "--route", "routes", "route", REQ_ROUTES, 0, DHCP_MAX_ROUTES, \
			  NULL, false }
#define OPTS_DHCP	OPT_DHCP, OPT_DHCP_RANGE, OPT_DNS, OPT_DOMAIN, OPT_LEASE, \
			OPT_DHCP_SERVER, OPT_ROUTE
#define UMAC_POS(k)	{ NULL, k, "MAC address", REQ_UMAC, 0, 0, NULL, true }
#define IP_POS(k)	{ NULL, k, "IP address", REQ_IPV4, 0, 0, NULL, true }

static const struct req_cmd req_cmds[] = {
	{ "status", "", { { 0 } }, { { 0 } }, false },
	{ "net-add", "NAME [--mode isolated|host-only|bridged] [--vlan ID] [--mtu N]\n"
		     "           [--subnet A.B.C.D/P] [--gateway A.B.C.D] [--host-if IF]\n"
		     "           [--uplink IF|pci:DDDD:BB:DD.F] [--uplink-type af_packet|af_xdp]\n"
		     "           [--fdb-aging S] [--fdb-max N]\n"
		     "           [--dhcp on|off] [--dhcp-range A.B.C.D-A.B.C.D] "
		     "[--dhcp-server A.B.C.D]\n"
		     "           [--dns IP[,IP...]] [--domain NAME] [--lease-time S]\n"
		     "           [--route CIDR@GW[,CIDR@GW...]]",
	  { NET_POS("name", true) },
	  { { "--mode", "mode", "network mode", REQ_CHOICE, 0, 0, req_net_modes, false },
	    OPT_VLAN, OPT_MTU,
	    { "--subnet", "subnet", "subnet", REQ_TEXT, 0, 0, NULL, false },
	    { "--gateway", "gateway", "gateway address", REQ_IPV4, 0, 0, NULL, false },
	    { "--host-if", "host_if", "host interface name", REQ_IFNAME, 0, 0, NULL, false },
	    { "--uplink", "uplink", "uplink", REQ_TEXT, 0, 0, NULL, false },
	    { "--uplink-type", "uplink_type", "uplink type", REQ_CHOICE, 0, 0,
	      req_uplink_types, false },
	    OPT_AGING, OPT_FDB_MAX, OPTS_DHCP }, false },
	{ "net-del", "NAME", { NET_POS("name", true) }, { { 0 } }, false },
	{ "net-set", "NAME [--vlan ID|none] [--mtu N] [--fdb-aging S] [--fdb-max N]\n"
		     "           [--dhcp on|off] [--dhcp-range A.B.C.D-A.B.C.D] "
		     "[--dhcp-server A.B.C.D]\n"
		     "           [--dns IP[,IP...]|none] [--domain NAME|''] [--lease-time S]\n"
		     "           [--route CIDR@GW[,CIDR@GW...]|none]",
	  { NET_POS("name", true) }, { OPT_VLAN, OPT_MTU, OPT_AGING, OPT_FDB_MAX, OPTS_DHCP },
	  true },
	{ "net-list", "", { { 0 } }, { { 0 } }, false },
	{ "net-show", "NAME", { NET_POS("name", true) }, { { 0 } }, false },
	{ "port-add", "NAME (--net NET | --trunk NET,... [--native NET])\n"
		      "           --type vhost-user|vhost-user-client|tap [--mac MAC] [--mac-limit N]\n"
		      "           [--dhcp-trusted] [--dhcp-max-leases N]\n"
		      "           vhost-user: [--path P] [--owner USER] [--group GROUP] [--mode OCTAL]\n"
		      "           tap: [--ifname IF] [--netns NS]",
	  { PORT_POS("name", true) },
	  { OPT_NET(false), OPT_TRUNK, OPT_NATIVE,
	    { "--type", "type", "port type", REQ_CHOICE, 0, 0, req_port_types, true },
	    { "--path", "path", "socket path", REQ_PATH, 0, 0, NULL, false },
	    { "--mac", "mac", "MAC address", REQ_MAC, 0, 0, NULL, false },
	    { "--owner", "owner", "owner", REQ_ACCOUNT, 0, 0, NULL, false },
	    { "--group", "group", "group", REQ_ACCOUNT, 0, 0, NULL, false },
	    { "--mode", "mode", "socket mode", REQ_OCTAL, 0, 0, NULL, false },
	    { "--mac-limit", "mac_limit", "MAC limit", REQ_U32, 1, 65536, NULL, false },
	    { "--ifname", "ifname", "interface name", REQ_IFNAME, 0, 0, NULL, false },
	    { "--netns", "netns", "network namespace", REQ_NETNS, 0, 0, NULL, false },
	    { "--dhcp-trusted", "dhcp_trusted", "DHCP trust", REQ_FLAG, 0, 0, NULL, false },
	    { "--dhcp-max-leases", "dhcp_max_leases", "DHCP lease limit", REQ_U32, 0, 65536,
	      NULL, false } },
	  false, true },
	{ "port-del", "NAME", { PORT_POS("name", true) }, { { 0 } }, false },
	{ "port-set", "NAME (--net NET | --trunk NET,... [--native NET])",
	  { PORT_POS("name", true) }, { OPT_NET(false), OPT_TRUNK, OPT_NATIVE }, false, true },
	{ "port-list", "", { { 0 } }, { { 0 } }, false },
	{ "port-show", "NAME", { PORT_POS("name", true) }, { { 0 } }, false },
	{ "fdb-show", "[NET]", { NET_POS("net", false) }, { { 0 } }, false },
	{ "fdb-add", "NET MAC PORT",
	  { NET_POS("net", true), MAC_POS("mac"), PORT_POS("port", true) }, { { 0 } }, false },
	{ "fdb-del", "NET MAC", { NET_POS("net", true), MAC_POS("mac") }, { { 0 } }, false },
	{ "stats", "[PORT]", { PORT_POS("port", false) }, { { 0 } }, false },
	{ "dhcp-host-add", "NET MAC IP [--hostname NAME]",
	  { NET_POS("net", true), UMAC_POS("mac"), IP_POS("ip") },
	  { { "--hostname", "hostname", "host name", REQ_HOSTNAME, 0, DHCP_HOSTNAME_MAX, NULL,
	      false } }, false },
	{ "dhcp-host-del", "NET MAC", { NET_POS("net", true), UMAC_POS("mac") }, { { 0 } },
	  false },
	{ "dhcp-host-list", "[NET]", { NET_POS("net", false) }, { { 0 } }, false },
	{ "dhcp-leases", "[NET]", { NET_POS("net", false) }, { { 0 } }, false },
	{ "dhcp-lease-del", "NET IP", { NET_POS("net", true), IP_POS("ip") }, { { 0 } }, false },
	{ "capture start", "PORT|--net NET [--dir rx|tx|both] [--filter EXPR]\n"
			   "           [--snaplen N] [--count N] [--duration S] [--max-bytes N]\n"
			   "           -w FILE|-",
	  { PORT_POS("port", false) },
	  { OPT_NET(false),
	    { "--dir", "dir", "direction", REQ_CHOICE, 0, 0, req_cap_dirs, false },
	    { "--filter", "filter", "filter", REQ_FILTER, 0, CAP_FILTER_MAX, NULL, false },
	    { "--snaplen", "snaplen", "snapshot length", REQ_U32, 1, CAP_SNAPLEN_MAX, NULL,
	      false },
	    { "--count", "count", "frame count", REQ_U64, 1, 0, NULL, false },
	    { "--duration", "duration", "duration", REQ_U32, 1, UINT32_MAX, NULL, false },
	    { "--max-bytes", "max_bytes", "file size", REQ_U64, 1, 0, NULL, false },
	    { "-w", "path", "output file", REQ_FILE, 0, 0, NULL, false } },
	  false, false, "capture-start", req_check_capture_start },
	{ "capture list", "", { { 0 } }, { { 0 } }, false, false, "capture-list", NULL },
	{ "capture stop", "ID",
	  { { NULL, "id", "capture id", REQ_U32, 1, UINT32_MAX, NULL, true } }, { { 0 } },
	  false, false, "capture-stop", NULL },
};

#define REQ_N_CMDS (sizeof(req_cmds) / sizeof(req_cmds[0]))

/**
 * req_quote_max() - Copy user input for an error message
 * @src:	Text from the command line
 * @buf:	Output
 * @size:	Size of @buf
 * @max:	Characters kept before "..."
 *
 * Control characters become '?' and long input is cut with "...", so the
 * message stays on one line.
 *
 * Return: @buf
 */
static const char *
req_quote_max(const char *src, char *buf, size_t size, size_t max)
{
	size_t i, n = 0;

	for (i = 0; src[i] != '\0' && n + 1 < size; i++) {
		if (i == max) {
			snprintf(buf + n, size - n, "...");
			return buf;
		}
		buf[n++] = ((unsigned char)src[i] < 0x20 || src[i] == 0x7f) ? '?' : src[i];
	}
	buf[n] = '\0';
	return buf;
}

/**
 * req_quote() - Copy user input for an error message, cut after
 *		 REQ_QUOTE_MAX characters (see req_quote_max())
 * @src:	Text from the command line
 * @buf:	Output
 * @size:	Size of @buf
 *
 * Return: @buf
 */
static const char *
req_quote(const char *src, char *buf, size_t size)
{
	return req_quote_max(src, buf, size, REQ_QUOTE_MAX);
}

/**
 * req_first_word() - Length of the first word of a command name
 * @name:	Command name ("net-add", "capture start")
 *
 * Return: characters before the first space, or the whole length
 */
static size_t
req_first_word(const char *name)
{
	const char *sp = strchr(name, ' ');

	return sp ? (size_t)(sp - name) : strlen(name);
}

/**
 * req_find() - Look up a command by its first word
 * @name:	Command word
 *
 * Return: the first table entry whose name is or starts with @name and a
 * space (two-word commands), NULL if unknown
 */
static const struct req_cmd *
req_find(const char *name)
{
	size_t i;

	for (i = 0; i < REQ_N_CMDS; i++)
		if (req_first_word(req_cmds[i].name) == strlen(name) &&
		    strncmp(req_cmds[i].name, name, strlen(name)) == 0)
			return &req_cmds[i];
	return NULL;
}

/**
 * req_find_sub() - Look up a two-word command
 * @word:	First word ("capture")
 * @sub:	Second word ("start")
 *
 * Return: table entry, NULL if unknown
 */
static const struct req_cmd *
req_find_sub(const char *word, const char *sub)
{
	size_t i, len = strlen(word);

	for (i = 0; i < REQ_N_CMDS; i++)
		if (req_first_word(req_cmds[i].name) == len &&
		    strncmp(req_cmds[i].name, word, len) == 0 &&
		    req_cmds[i].name[len] == ' ' &&
		    strcmp(req_cmds[i].name + len + 1, sub) == 0)
			return &req_cmds[i];
	return NULL;
}

/**
 * req_label() - Name an argument in error messages
 * @arg:	Argument
 * @buf:	Output
 * @size:	Size of @buf
 *
 * Return: @buf, "--flag" for options, the description for positionals
 */
static const char *
req_label(const struct req_arg *arg, char *buf, size_t size)
{
	snprintf(buf, size, "%s", arg->flag ? arg->flag : arg->what);
	return buf;
}

/**
 * req_abs_path() - Make a socket path absolute
 * @path:	Path as given; relative ones are taken from the current directory
 * @out:	Output
 * @size:	Size of @out
 *
 * The directory part is resolved with realpath() when it exists; otherwise
 * the path is joined to the current directory.
 *
 * Return: 0 on success, -EINVAL for directory-like paths, -ENAMETOOLONG, or
 * -errno from getcwd()
 */
static int
req_abs_path(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir, *real;
	int n;

	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return -EINVAL;
	if (path[0] == '/') {
		n = snprintf(out, size, "%s", path);
		return (n < 0 || (size_t)n >= size) ? -ENAMETOOLONG : 0;
	}
	dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
	if (dir == NULL)
		return -ENOMEM;
	real = realpath(dir, NULL);
	free(dir);
	if (real != NULL) {
		n = snprintf(out, size, "%s/%s", strcmp(real, "/") ? real : "", base);
		free(real);
	} else {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return -errno;
		n = snprintf(out, size, "%s/%s", strcmp(cwd, "/") ? cwd : "", path);
	}
	return (n < 0 || (size_t)n >= size) ? -ENAMETOOLONG : 0;
}

/**
 * req_abs_arg() - An option's path made absolute, or its error message
 * @val:	Path as given
 * @q:		@val as printed in messages
 * @label:	Option name for messages
 * @max:	Longest accepted absolute path
 * @what:	What the path must name ("socket", "file")
 * @out:	Output, at least @max + 1 bytes
 * @size:	Size of @out
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, or -EINVAL with @err set
 */
static int
req_abs_arg(const char *val, const char *q, const char *label, size_t max,
	    const char *what, char *out, size_t size, char *err, size_t errsize)
{
	int rc = req_abs_path(val, out, size);

	if (rc == 0 && strlen(out) > max)
		rc = -ENAMETOOLONG;
	if (rc == -ENAMETOOLONG)
		snprintf(err, errsize, "%s: %s too long (at most %zu characters "
			 "once absolute)", label, strcmp(what, "socket") ?
			 "file name" : "socket path", max);
	else if (rc == -EINVAL)
		snprintf(err, errsize, "%s: '%s' names a directory, not a %s",
			 label, q, what);
	else if (rc != 0)
		snprintf(err, errsize, "%s: cannot make '%s' absolute: %s",
			 label, q, strerror(-rc));
	return rc == 0 ? 0 : -EINVAL;
}

/**
 * req_account_valid() - Check a user or group name for --owner / --group
 * @s:		Candidate
 *
 * Return: true for 1-255 printable characters without blanks, ':' or '/'
 */
static bool
req_account_valid(const char *s)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > REQ_ACCOUNT_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == ':' || c == '/')
			return false;
	}
	return true;
}

/**
 * req_octal_parse() - Parse permission bits such as "660" or "0660"
 * @s:		Text, 1-4 octal digits
 * @mode:	Result, at most 0777
 *
 * Return: 0 on success, -EINVAL otherwise
 */
static int
req_octal_parse(const char *s, unsigned int *mode)
{
	size_t len = strlen(s), i;
	unsigned int v = 0;

	if (len == 0 || len > 4)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '7')
			return -EINVAL;
		v = v * 8 + (unsigned int)(s[i] - '0');
	}
	if (v > 0777)
		return -EINVAL;
	*mode = v;
	return 0;
}

/**
 * req_encode_names() - Check a comma-separated list of names (--trunk)
 * @arg:	Argument description (@max: most names)
 * @val:	Value from the command line
 * @args:	Request "args" object, gets a JSON array
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -EINVAL (or -ENOMEM) with @err set
 */
static int
req_encode_names(const struct req_arg *arg, const char *val, json_t *args,
		 char *err, size_t errsize)
{
	char q[REQ_QUOTE_MAX + 8], label[32];
	json_t *arr = json_array(), *e;
	const char *p = val;
	size_t i;

	req_label(arg, label, sizeof(label));
	if (arr == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char name[NAMES_MAX_LEN + 2];

		snprintf(name, sizeof(name), "%.*s", (int)(len > NAMES_MAX_LEN ?
			 NAMES_MAX_LEN + 1 : len), p);
		if (len > NAMES_MAX_LEN || !names_valid(name)) {
			snprintf(err, errsize, "%s: invalid network name '%s' in "
				 "the list (names separated by commas, no spaces)",
				 label, req_quote(name, q, sizeof(q)));
			json_decref(arr);
			return -EINVAL;
		}
		json_array_foreach(arr, i, e) {
			if (strcmp(json_string_value(e), name) == 0) {
				snprintf(err, errsize, "%s: network '%s' is listed "
					 "twice", label, name);
				json_decref(arr);
				return -EINVAL;
			}
		}
		if (json_array_size(arr) == arg->max) {
			snprintf(err, errsize, "%s: more than %u networks", label,
				 arg->max);
			json_decref(arr);
			return -EINVAL;
		}
		json_array_append_new(arr, json_string(name));
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (json_object_set_new(args, arg->key, arr) != 0) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/**
 * req_ipv4_unicast() - Tell whether an address can be a host's
 * @a:		Address, host order
 *
 * Return: false for 0.0.0.0/8, 127.0.0.0/8, multicast, reserved, broadcast
 */
static bool
req_ipv4_unicast(uint32_t a)
{
	return (a >> 24) != 0 && (a >> 24) != 127 && (a >> 28) < 14;
}

/**
 * req_parse_range() - Parse "A-B" (--dhcp-range)
 * @val:	Text
 * @first:	Output: A
 * @last:	Output: B
 *
 * Return: 0, -EINVAL if malformed
 */
static int
req_parse_range(const char *val, uint32_t *first, uint32_t *last)
{
	char buf[2 * NAMES_IPV4_STRLEN + 2], *dash;

	if (strlen(val) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", val);
	dash = strchr(buf, '-');
	if (dash == NULL)
		return -EINVAL;
	*dash = '\0';
	if (names_ipv4_parse(buf, first) != 0 || names_ipv4_parse(dash + 1, last) != 0)
		return -EINVAL;
	return 0;
}

/**
 * req_parse_route() - Parse one "CIDR@GW" (--route)
 * @val:	Text of one route
 * @dst:	Output: destination
 * @prefix:	Output: prefix length; -1 when out of 0-32
 * @gw:		Output: gateway
 *
 * Return: 0, -EINVAL if malformed
 */
static int
req_parse_route(const char *val, uint32_t *dst, int *prefix, uint32_t *gw)
{
	char buf[3 * NAMES_IPV4_STRLEN], *slash, *at;
	size_t plen;

	if (strlen(val) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", val);
	slash = strchr(buf, '/');
	at = strchr(buf, '@');
	if (slash == NULL || at == NULL || at < slash)
		return -EINVAL;
	*slash = '\0';
	*at = '\0';
	plen = strlen(slash + 1);
	if (plen == 0 || plen > 2 || strspn(slash + 1, "0123456789") != plen ||
	    names_ipv4_parse(buf, dst) != 0 || names_ipv4_parse(at + 1, gw) != 0)
		return -EINVAL;
	*prefix = atoi(slash + 1);
	if (*prefix > 32)
		*prefix = -1;
	return 0;
}

/**
 * req_encode_list() - Check a comma-separated list of addresses or routes
 * @arg:	Argument description (REQ_IPV4_LIST or REQ_ROUTES; @max: most
 *		items)
 * @val:	Value from the command line; "none" is the empty list
 * @args:	Request "args" object, gets a JSON array of strings
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -EINVAL (or -ENOMEM) with @err set
 */
static int
req_encode_list(const struct req_arg *arg, const char *val, json_t *args, char *err,
		size_t errsize)
{
	bool routes = arg->kind == REQ_ROUTES;
	char q[REQ_QUOTE_MAX + 8], label[32];
	json_t *arr = json_array(), *e;
	const char *p = val;
	size_t i;

	req_label(arg, label, sizeof(label));
	if (arr == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	while (strcmp(val, "none") != 0) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char item[3 * NAMES_IPV4_STRLEN + 2], a[NAMES_IPV4_STRLEN];
		uint32_t addr, gw, mask;
		size_t keylen;
		int prefix;

		snprintf(item, sizeof(item), "%.*s", (int)(len < sizeof(item) - 1 ? len :
			 sizeof(item) - 1), p);
		req_quote(item, q, sizeof(q));
		if (json_array_size(arr) == arg->max) {
			snprintf(err, errsize, "%s: more than %u %s", label, arg->max,
				 routes ? "routes" : "DNS servers");
			goto fail;
		}
		if (!routes) {
			if (len >= NAMES_IPV4_STRLEN || names_ipv4_parse(item, &addr) != 0) {
				snprintf(err, errsize, "%s: invalid DNS server '%s' (IPv4 "
					 "addresses separated by commas, or none)", label, q);
				goto fail;
			}
			if (!req_ipv4_unicast(addr)) {
				snprintf(err, errsize, "%s: DNS server %s is not a unicast "
					 "address", label, q);
				goto fail;
			}
			names_ipv4_format(addr, item);
		} else {
			if (len >= sizeof(item) - 1 ||
			    req_parse_route(item, &addr, &prefix, &gw) != 0) {
				snprintf(err, errsize, "%s: invalid route '%s' (CIDR@GATEWAY, "
					 "e.g. 10.0.0.0/8@192.168.56.1, separated by commas, "
					 "or none)", label, q);
				goto fail;
			}
			if (prefix < 0) {
				snprintf(err, errsize, "%s: route '%s': prefix length must "
					 "be 0-32", label, q);
				goto fail;
			}
			mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
			if (addr & ~mask) {
				snprintf(err, errsize, "%s: route '%s' has host bits set "
					 "(did you mean %s/%d?)", label, q,
					 names_ipv4_format(addr & mask, a), prefix);
				goto fail;
			}
			if (!req_ipv4_unicast(gw)) {
				snprintf(err, errsize, "%s: route '%s': the gateway is not "
					 "a unicast address", label, q);
				goto fail;
			}
			snprintf(item, sizeof(item), "%s/%d@", names_ipv4_format(addr, a),
				 prefix);
			names_ipv4_format(gw, a);
			strcat(item, a);
		}
		/* a DNS server once, a destination once ("CIDR@" of a route) */
		keylen = routes ? (size_t)(strchr(item, '@') - item) + 1 : sizeof(item);
		json_array_foreach(arr, i, e) {
			if (strncmp(json_string_value(e), item, keylen) != 0)
				continue;
			if (routes)
				snprintf(err, errsize, "%s: a route to '%.*s' is listed twice",
					 label, (int)keylen - 1, item);
			else
				snprintf(err, errsize, "%s: DNS server '%s' is listed twice",
					 label, item);
			goto fail;
		}
		json_array_append_new(arr, json_string(item));
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (json_object_set_new(args, arg->key, arr) != 0) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	return 0;
fail:
	json_decref(arr);
	return -EINVAL;
}

/**
 * req_parse_u64() - Parse a decimal integer for REQ_U64
 * @s:		Text: digits only
 * @min:	Smallest value accepted
 * @out:	Result, at most INT64_MAX (the largest JSON integer sent)
 *
 * Return: 0, -EINVAL if not a number, -ERANGE if out of range
 */
static int
req_parse_u64(const char *s, uint64_t min, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s[0] == '\0')
		return -EINVAL;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
	for (i = 0; s[i] != '\0'; i++) {
		if (v > ((uint64_t)INT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < min)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * req_encode() - Check one value and add it to the request arguments
 * @arg:	Argument description
 * @val:	Value from the command line
 * @args:	Request "args" object
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -EINVAL (or -ENOMEM) with @err set
 */
static int
req_encode(const struct req_arg *arg, const char *val, json_t *args,
	   char *err, size_t errsize)
{
	char q[REQ_QUOTE_MAX + 8], label[32], buf[PATH_MAX + 2];
	json_t *v = NULL;
	uint8_t mac[6];
	unsigned int mode;
	uint32_t u;
	size_t i;
	int rc;

	req_quote(val, q, sizeof(q));
	req_label(arg, label, sizeof(label));
	switch (arg->kind) {
	case REQ_NAME:
		if (!names_valid(val)) {
			snprintf(err, errsize, "invalid %s '%s' (1-%d characters of "
				 "A-Z a-z 0-9 _ . -, starting with a letter or digit)",
				 arg->what, q, NAMES_MAX_LEN);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_MAC:
		if (names_mac_parse(val, mac) != 0) {
			snprintf(err, errsize, "invalid %s '%s' (expected xx:xx:xx:xx:xx:xx)",
				 arg->what, q);
			return -EINVAL;
		}
		names_mac_format(mac, buf);
		v = json_string(buf);
		break;
	case REQ_U32:
		rc = names_parse_u32(val, arg->min, arg->max, &u);
		if (rc == -ERANGE && arg->flag == NULL) {
			snprintf(err, errsize, "%s '%s' out of range (%u-%u)", arg->what, q,
				 arg->min, arg->max);
			return -EINVAL;
		} else if (rc == -ERANGE) {
			snprintf(err, errsize, "%s: %s '%s' out of range (%u-%u)",
				 label, arg->what, q, arg->min, arg->max);
			return -EINVAL;
		} else if (rc != 0) {
			snprintf(err, errsize, "%s: '%s' is not a number", label, q);
			return -EINVAL;
		}
		v = json_integer(u);
		break;
	case REQ_CHOICE:
		for (i = 0; arg->choices[i] != NULL; i++)
			if (strcmp(arg->choices[i], val) == 0)
				break;
		if (arg->choices[i] == NULL) {
			size_t n = 0;

			buf[0] = '\0';
			for (i = 0; arg->choices[i] != NULL && n < sizeof(buf); i++)
				n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
						      i ? ", " : "", arg->choices[i]);
			snprintf(err, errsize, "%s: invalid %s '%s' (expected %s)",
				 label, arg->what, q, buf);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_PATH:
		if (req_abs_arg(val, q, label, REQ_PATH_MAX, "socket", buf,
				sizeof(buf), err, errsize) != 0)
			return -EINVAL;
		v = json_string(buf);
		break;
	case REQ_OCTAL:
		if (req_octal_parse(val, &mode) != 0) {
			snprintf(err, errsize, "%s: invalid %s '%s' (octal 0000-0777)",
				 label, arg->what, q);
			return -EINVAL;
		}
		snprintf(buf, sizeof(buf), "%04o", mode);
		v = json_string(buf);
		break;
	case REQ_ACCOUNT:
		if (!req_account_valid(val)) {
			snprintf(err, errsize, "%s: invalid %s '%s'", label, arg->what, q);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_VLAN:
		if (strcmp(val, "none") == 0) {
			v = json_integer(0);
			break;
		}
		if (names_parse_u32(val, arg->min, arg->max, &u) != 0) {
			snprintf(err, errsize, "%s: invalid %s '%s' (%u-%u, or none)",
				 label, arg->what, q, arg->min, arg->max);
			return -EINVAL;
		}
		v = json_integer(u);
		break;
	case REQ_NAMES:
		return req_encode_names(arg, val, args, err, errsize);
	case REQ_IFNAME:
		if (!names_ifname_valid(val)) {
			snprintf(err, errsize, "%s: invalid %s '%s' (1-%d characters of "
				 "A-Z a-z 0-9 _ . -)", label, arg->what, q, NAMES_IFNAME_MAX);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_NETNS:
		if (!names_netns_valid(val)) {
			snprintf(err, errsize, "%s: invalid %s '%s' (1-%d characters of "
				 "A-Z a-z 0-9 _ . -)", label, arg->what, q, NAMES_NETNS_MAX);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_IPV4:
		if (names_ipv4_parse(val, &u) != 0) {
			snprintf(err, errsize, "%s%sinvalid %s '%s' (e.g. 192.168.56.1)",
				 arg->flag ? label : "", arg->flag ? ": " : "", arg->what, q);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_ONOFF:
		if (strcmp(val, "on") != 0 && strcmp(val, "off") != 0) {
			snprintf(err, errsize, "%s: invalid %s '%s' (expected on or off)",
				 label, arg->what, q);
			return -EINVAL;
		}
		v = json_boolean(strcmp(val, "on") == 0);
		break;
	case REQ_FLAG:
		v = json_true();
		break;
	case REQ_RANGE: {
		uint32_t first, last;
		char a[NAMES_IPV4_STRLEN], b[NAMES_IPV4_STRLEN];

		if (req_parse_range(val, &first, &last) != 0) {
			snprintf(err, errsize, "%s: invalid %s '%s' (FIRST-LAST, e.g. "
				 "192.168.56.100-192.168.56.199)", label, arg->what, q);
			return -EINVAL;
		}
		if (first > last) {
			snprintf(err, errsize, "%s: %s '%s': the first address is above "
				 "the last", label, arg->what, q);
			return -EINVAL;
		}
		if (last - first >= arg->max) {
			snprintf(err, errsize, "%s: %s '%s' holds more than %u addresses",
				 label, arg->what, q, arg->max);
			return -EINVAL;
		}
		snprintf(buf, sizeof(buf), "%s-%s", names_ipv4_format(first, a),
			 names_ipv4_format(last, b));
		v = json_string(buf);
		break;
	}
	case REQ_IPV4_LIST:
	case REQ_ROUTES:
		return req_encode_list(arg, val, args, err, errsize);
	case REQ_DOMAIN:
	case REQ_HOSTNAME:
		if ((arg->kind == REQ_HOSTNAME || val[0] != '\0') &&
		    !names_dns_name_valid(val, arg->max)) {
			snprintf(err, errsize, "%s: invalid %s '%s' (dot-separated labels of "
				 "letters, digits and '-', at most %u characters)", label,
				 arg->what, q, arg->max);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_UMAC:
		if (names_mac_parse(val, mac) != 0) {
			snprintf(err, errsize, "invalid %s '%s' (expected xx:xx:xx:xx:xx:xx)",
				 arg->what, q);
			return -EINVAL;
		}
		if ((mac[0] & 1) || (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) == 0) {
			snprintf(err, errsize, "invalid %s '%s' (%s; a client's address is "
				 "unicast)", arg->what, q,
				 (mac[0] & 1) ? "multicast" : "all zeros");
			return -EINVAL;
		}
		names_mac_format(mac, buf);
		v = json_string(buf);
		break;
	case REQ_U64: {
		uint64_t u64;

		rc = req_parse_u64(val, arg->min, &u64);
		if (rc == -ERANGE) {
			snprintf(err, errsize, "%s: %s '%s' out of range (%u-%" PRId64 ")",
				 label, arg->what, q, arg->min, INT64_MAX);
			return -EINVAL;
		} else if (rc != 0) {
			snprintf(err, errsize, "%s: '%s' is not a number", label, q);
			return -EINVAL;
		}
		v = json_integer((json_int_t)u64);
		break;
	}
	case REQ_FILTER:
		if (strlen(val) > arg->max) {
			snprintf(err, errsize, "%s: %s longer than %u characters", label,
				 arg->what, arg->max);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	case REQ_FILE:
		if (strcmp(val, "-") == 0) {
			v = json_string(val);
			break;
		}
		if (req_abs_arg(val, q, label, PATH_MAX - 1, "file", buf,
				sizeof(buf), err, errsize) != 0)
			return -EINVAL;
		v = json_string(buf);
		break;
	case REQ_TEXT:
		if (val[0] == '\0' || strlen(val) > 64) {
			snprintf(err, errsize, "%s: invalid %s '%s'", label, arg->what, q);
			return -EINVAL;
		}
		v = json_string(val);
		break;
	}
	/* json_string() returns NULL for invalid UTF-8 */
	if (v == NULL) {
		snprintf(err, errsize, "%s: invalid text '%s'", label, q);
		return -EINVAL;
	}
	if (json_object_set_new(args, arg->key, v) != 0) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/**
 * req_find_opt() - Look up an option of a command
 * @cmd:	Command
 * @flag:	Option text without any "=value"
 * @len:	Length of the option name in @flag
 *
 * Options are "--name"; a few are single letters ("-w"), matched whole.
 *
 * Return: index into @cmd->opts, -1 if unknown
 */
static int
req_find_opt(const struct req_cmd *cmd, const char *flag, size_t len)
{
	int i;

	for (i = 0; cmd->opts[i].key != NULL; i++)
		if (strlen(cmd->opts[i].flag) == len &&
		    strncmp(cmd->opts[i].flag, flag, len) == 0)
			return i;
	return -1;
}

/**
 * req_check_membership() - Check --net / --trunk / --native together
 * @cmd:	Command (port-add, port-set)
 * @args:	Parsed arguments
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, or -EINVAL with @err set
 */
static int
req_check_membership(const struct req_cmd *cmd, json_t *args, char *err,
		     size_t errsize)
{
	bool net = json_object_get(args, "net") != NULL;
	bool trunk = json_object_get(args, "trunk") != NULL;

	if (net && trunk) {
		snprintf(err, errsize, "%s: --net (access port) and --trunk (trunk "
			 "port) exclude each other", cmd->name);
		return -EINVAL;
	}
	if (!net && !trunk) {
		snprintf(err, errsize, "%s: missing option --net (access port) or "
			 "--trunk (trunk port)", cmd->name);
		return -EINVAL;
	}
	if (json_object_get(args, "native") != NULL && !trunk) {
		snprintf(err, errsize, "%s: --native needs --trunk (an access "
			 "port's network is untagged anyway)", cmd->name);
		return -EINVAL;
	}
	return 0;
}

/**
 * req_parse() - Parse a command's arguments into a request's "args"
 * @cmd:	Command
 * @argc:	Number of words after the command word
 * @argv:	Those words
 * @args:	Output object
 * @json:	Set when "--json" is seen; NULL rejects "--json"
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, VSWCTL_REQ_HELP for "--help", -EINVAL with @err set
 */
static int
req_parse(const struct req_cmd *cmd, int argc, char *const argv[], json_t *args,
	  bool *json, char *err, size_t errsize)
{
	bool seen[REQ_MAX_OPTS] = { false };
	char q[REQ_QUOTE_MAX + 8], label[256];
	int i, npos = 0, rc;

	for (i = 0; i < argc; i++) {
		const char *word = argv[i], *eq, *val;
		size_t len;
		int o;

		if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0)
			return VSWCTL_REQ_HELP;
		if (json != NULL && strcmp(word, "--json") == 0) {
			*json = true;
			continue;
		}
		if (word[0] != '-') {
			if (npos >= REQ_MAX_POS || cmd->pos[npos].key == NULL) {
				snprintf(err, errsize, "%s: unexpected argument '%s'",
					 cmd->name, req_quote(word, q, sizeof(q)));
				return -EINVAL;
			}
			rc = req_encode(&cmd->pos[npos], word, args, err, errsize);
			if (rc != 0)
				return rc;
			npos++;
			continue;
		}
		eq = strchr(word, '=');
		len = eq ? (size_t)(eq - word) : strlen(word);
		o = req_find_opt(cmd, word, len);
		if (o < 0) {
			snprintf(err, errsize, "%s: unknown option '%s'", cmd->name,
				 req_quote(word, q, sizeof(q)));
			return -EINVAL;
		}
		if (seen[o]) {
			snprintf(err, errsize, "%s: option %s given twice", cmd->name,
				 cmd->opts[o].flag);
			return -EINVAL;
		}
		seen[o] = true;
		if (cmd->opts[o].kind == REQ_FLAG) {
			if (eq != NULL) {
				snprintf(err, errsize, "%s: option %s takes no value",
					 cmd->name, cmd->opts[o].flag);
				return -EINVAL;
			}
			val = "";
		} else if (eq != NULL) {
			val = eq + 1;
		} else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0 &&
			   (argv[i + 1][0] != '-' ||
			    req_find_opt(cmd, argv[i + 1], strlen(argv[i + 1])) < 0)) {
			/* the next word, unless it is an option ("-w FILE" too) */
			val = argv[++i];
		} else {
			snprintf(err, errsize, "%s: option %s needs a value", cmd->name,
				 cmd->opts[o].flag);
			return -EINVAL;
		}
		rc = req_encode(&cmd->opts[o], val, args, err, errsize);
		if (rc != 0)
			return rc;
	}
	if (npos < REQ_MAX_POS && cmd->pos[npos].key != NULL && cmd->pos[npos].required) {
		snprintf(err, errsize, "%s: missing %s", cmd->name, cmd->pos[npos].what);
		return -EINVAL;
	}
	for (i = 0; cmd->opts[i].key != NULL; i++) {
		if (cmd->opts[i].required && !seen[i]) {
			snprintf(err, errsize, "%s: missing option %s", cmd->name,
				 req_label(&cmd->opts[i], label, sizeof(label)));
			return -EINVAL;
		}
	}
	if (cmd->need_opt && json_object_size(args) <= (size_t)npos) {
		size_t n = 0;

		label[0] = '\0';
		for (i = 0; cmd->opts[i].key != NULL && n < sizeof(label); i++)
			n += (size_t)snprintf(label + n, sizeof(label) - n, "%s%s",
					      i ? ", " : "", cmd->opts[i].flag);
		snprintf(err, errsize, "%s: nothing to change (give %s)", cmd->name,
			 label);
		return -EINVAL;
	}
	if (cmd->membership)
		return req_check_membership(cmd, args, err, errsize);
	return cmd->check ? cmd->check(cmd, args, err, errsize) : 0;
}

/**
 * req_check_capture_start() - Check "capture start" as a whole
 * @cmd:	Command
 * @args:	Parsed arguments; gets "dir" and "snaplen" defaults and
 *		"stream", loses an empty "filter"
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The filter is compiled here with libpcap, as vswitchd will, so a bad
 * expression never reaches the daemon.
 *
 * Return: 0, -EINVAL or -ENOMEM with @err set
 */
static int
req_check_capture_start(const struct req_cmd *cmd, json_t *args, char *err,
			size_t errsize)
{
	json_t *net = json_object_get(args, "net"), *dir = json_object_get(args, "dir");
	json_t *filter = json_object_get(args, "filter"), *path, *snaplen;
	char q[REQ_QUOTE_MAX + 8], perr[256];
	struct cap_filter *f;

	if (json_object_get(args, "port") != NULL && net != NULL) {
		snprintf(err, errsize, "%s: give a port or --net NET, not both", cmd->name);
		return -EINVAL;
	}
	if (json_object_get(args, "port") == NULL && net == NULL) {
		snprintf(err, errsize, "%s: missing port name (or --net NET for every frame "
			 "of a network)", cmd->name);
		return -EINVAL;
	}
	path = json_object_get(args, "path");
	if (path == NULL) {
		snprintf(err, errsize, "%s: missing -w FILE (or -w - to write to stdout)",
			 cmd->name);
		return -EINVAL;
	}
	if (net != NULL && dir != NULL && strcmp(json_string_value(dir), "both") != 0) {
		snprintf(err, errsize, "%s: --dir %s needs a port (a network capture sees "
			 "each frame once: --dir both)", cmd->name, json_string_value(dir));
		return -EINVAL;
	}
	if (dir == NULL && json_object_set_new(args, "dir", json_string("both")) != 0)
		goto nomem;
	snaplen = json_object_get(args, "snaplen");
	if (snaplen == NULL) {
		snaplen = json_integer(CAP_SNAPLEN_DEFAULT);
		if (json_object_set_new(args, "snaplen", snaplen) != 0)
			goto nomem;
	}
	if (filter != NULL && json_string_value(filter)[0] == '\0') {
		json_object_del(args, "filter");
	} else if (filter != NULL) {
		f = cap_filter_compile(json_string_value(filter),
				       (unsigned int)json_integer_value(snaplen), perr,
				       sizeof(perr));
		if (f == NULL) {
			snprintf(err, errsize, "bad filter '%s': %s",
				 req_quote(json_string_value(filter), q, sizeof(q)), perr);
			return -EINVAL;
		}
		cap_filter_free(f);
	}
	if (json_object_set_new(args, "stream",
				json_boolean(strcmp(json_string_value(path), "-") == 0)) != 0)
		goto nomem;
	return 0;
nomem:
	snprintf(err, errsize, "out of memory");
	return -ENOMEM;
}

/**
 * vswctl_req_build() - Build the request for a vswctl command line
 * @argc:	Number of words, command word included
 * @argv:	Command word, then its arguments and options
 * @req:	Output: {"cmd": ..., "args": {...}}, owned by the caller
 * @json:	Set to true when "--json" appears among the arguments; if NULL,
 *		"--json" is an unknown option
 * @err:	One-line error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 with *@req set; VSWCTL_REQ_HELP when "--help" or "-h" was
 * given; -EINVAL (usage error) or -ENOMEM with @err set. *@req is NULL
 * unless 0 is returned.
 */
int
vswctl_req_build(int argc, char *const argv[], json_t **req, bool *json,
		 char *err, size_t errsize)
{
	char q[REQ_QUOTE_MAX + 8], q2[REQ_QUOTE_MAX + 8];
	const struct req_cmd *cmd;
	int rc, words = 1;
	json_t *args;

	*req = NULL;
	if (argc < 1 || argv[0] == NULL) {
		snprintf(err, errsize, "missing command (try 'vswctl help')");
		return -EINVAL;
	}
	cmd = req_find(argv[0]);
	if (cmd == NULL) {
		snprintf(err, errsize, "unknown command '%s' (try 'vswctl help')",
			 req_quote(argv[0], q, sizeof(q)));
		return -EINVAL;
	}
	if (cmd->name[strlen(argv[0])] == ' ') {
		/* two-word command: "capture start" */
		if (argc < 2) {
			snprintf(err, errsize, "%s: missing subcommand (try 'vswctl help %s')",
				 argv[0], argv[0]);
			return -EINVAL;
		}
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
			return VSWCTL_REQ_HELP;
		cmd = req_find_sub(argv[0], argv[1]);
		if (cmd == NULL) {
			snprintf(err, errsize, "%s: unknown subcommand '%s' (try 'vswctl "
				 "help %s')", req_quote(argv[0], q, sizeof(q)),
				 req_quote(argv[1], q2, sizeof(q2)), argv[0]);
			return -EINVAL;
		}
		words = 2;
	}
	args = json_object();
	if (args == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	rc = req_parse(cmd, argc - words, argv + words, args, json, err, errsize);
	if (rc != 0) {
		json_decref(args);
		return rc;
	}
	*req = json_pack("{s:s, s:o}", "cmd", cmd->wire ? cmd->wire : cmd->name, "args",
			 args);
	if (*req == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/**
 * vswctl_req_known() - Tell whether a word is a vswctl command
 * @cmd:	Command word
 *
 * Return: true if vswctl_req_build() knows it
 */
bool
vswctl_req_known(const char *cmd)
{
	return req_find(cmd) != NULL;
}

/**
 * vswctl_req_cmd_usage() - Print the synopsis of one command
 * @out:	Stream
 * @cmd:	Command word; for a two-word command ("capture") every
 *		subcommand is printed
 *
 * Return: 0, or -ENOENT for an unknown command
 */
int
vswctl_req_cmd_usage(FILE *out, const char *cmd)
{
	size_t i, len = strlen(cmd);
	bool found = false;

	for (i = 0; i < REQ_N_CMDS; i++) {
		const struct req_cmd *c = &req_cmds[i];

		if (req_first_word(c->name) != len || strncmp(c->name, cmd, len) != 0)
			continue;
		fprintf(out, "%s vswctl [OPTIONS] %s%s%s\n", found ? "      " : "usage:",
			c->name, c->synopsis[0] ? " " : "", c->synopsis);
		found = true;
	}
	return found ? 0 : -ENOENT;
}

/**
 * vswctl_req_usage() - Print the synopsis of every command
 * @out:	Stream
 */
void
vswctl_req_usage(FILE *out)
{
	size_t i;

	for (i = 0; i < REQ_N_CMDS; i++)
		fprintf(out, "  %s%s%s\n", req_cmds[i].name,
			req_cmds[i].synopsis[0] ? " " : "", req_cmds[i].synopsis);
}

/**
 * vswctl_req_capture_file() - Open the file of "capture start -w FILE"
 * @path:	Absolute path from the request's "path"
 * @fd:		Output: descriptor open for writing (blocking, close-on-exec)
 * @created:	Output: the file did not exist before (remove it if the
 *		daemon refuses the capture)
 * @err:	One-line error message on failure
 * @errsize:	Size of @err
 *
 * vswctl opens the file as the invoking user and passes the descriptor, so
 * vswitchd (root) never writes where the user could not. An existing FIFO,
 * device, directory or symlink is refused: lstat() first, O_NOFOLLOW and
 * O_NONBLOCK (a FIFO that appears meanwhile neither blocks the open nor is
 * written) on open(), fstat() after it. An existing file is not truncated
 * here but by vswitchd's cap_writer_open() once it accepts the capture, so
 * a refused request leaves it as it was.
 *
 * Return: 0, or -errno with @err set
 */
int
vswctl_req_capture_file(const char *path, int *fd, bool *created, char *err,
			size_t errsize)
{
	char q[REQ_QUOTE_PATH + 8];
	struct stat st;
	int rc, flags;

	*fd = -1;
	*created = false;
	req_quote_max(path, q, sizeof(q), REQ_QUOTE_PATH);
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			goto not_regular;
	} else if (errno == ENOENT) {
		*created = true;
	} else {
		rc = -errno;
		snprintf(err, errsize, "cannot write '%s': %s", q, strerror(-rc));
		return rc;
	}
	*fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
	if (*fd < 0) {
		rc = -errno;
		*created = false;
		if (rc == -ELOOP || rc == -ENXIO)	/* a symlink, a FIFO without reader */
			goto not_regular;
		snprintf(err, errsize, "cannot write '%s': %s", q, strerror(-rc));
		return rc;
	}
	flags = fcntl(*fd, F_GETFL);
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode) || flags < 0 ||
	    fcntl(*fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		close(*fd);
		*fd = -1;
		*created = false;
		goto not_regular;
	}
	return 0;
not_regular:
	snprintf(err, errsize, "'%s' exists and is not a regular file", q);
	return -EEXIST;
}
