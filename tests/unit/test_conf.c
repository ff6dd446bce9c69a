/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_conf.c - unit tests for vswitch/conf.c: parsing and validating the
 * network (DHCP settings included), port, static FDB and DHCP reservation
 * objects of control requests and the state file, and their round trip
 * through JSON.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "conf.h"

/**
 * struct reject - A request that must be refused
 * @json:	The request
 * @needle:	Text the error message must contain
 */
struct reject {
	const char *json;
	const char *needle;
};

/**
 * load() - Parse JSON text, failing the test on syntax errors
 * @text:	JSON
 *
 * Return: new reference
 */
static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);

	if (j == NULL)
		fail_msg("bad test JSON '%s': %s", text, jerr.text);
	return j;
}

/**
 * check_err() - Check a refusal: -EINVAL and a message containing @needle
 * @what:	Request text, for the failure message
 * @ret:	Return value
 * @err:	Error message
 * @needle:	Expected substring
 */
static void
check_err(const char *what, int ret, const char *err, const char *needle)
{
	if (ret != -EINVAL)
		fail_msg("'%s': returned %d, expected -EINVAL", what, ret);
	if (err[0] == '\0' || strchr(err, '\n') != NULL)
		fail_msg("'%s': error message '%s' is empty or multi-line", what,
			 err);
	if (strstr(err, needle) == NULL)
		fail_msg("'%s': error '%s' does not mention '%s'", what, err,
			 needle);
}

static int
net_parse(const char *text, struct net_conf *c, char *err, size_t errsize)
{
	json_t *j = load(text);
	int ret;

	err[0] = '\0';
	ret = conf_net_from_json(j, c, err, errsize);
	json_decref(j);
	return ret;
}

static int
port_parse(const char *text, struct port_conf *c, char *err, size_t errsize)
{
	json_t *j = load(text);
	int ret;

	err[0] = '\0';
	ret = conf_port_from_json(j, c, err, errsize);
	json_decref(j);
	return ret;
}

static int
fdb_parse(const char *text, bool need_port, struct fdb_conf *c, char *err,
	  size_t errsize)
{
	json_t *j = load(text);
	int ret;

	err[0] = '\0';
	ret = conf_fdb_from_json(j, need_port, c, err, errsize);
	json_decref(j);
	return ret;
}

static void
test_net_defaults(void **state)
{
	struct net_conf c;
	char err[256];

	(void)state;
	assert_int_equal(net_parse("{\"name\": \"n1\"}", &c, err, sizeof(err)), 0);
	assert_string_equal(c.name, "n1");
	assert_int_equal(c.mode, NET_ISOLATED);
	assert_int_equal(c.fdb_aging, 300);
	assert_int_equal(c.fdb_max, 8192);
	assert_int_equal(c.vlan, 0);	/* untagged */
	assert_string_equal(net_mode_name(c.mode), "isolated");
	assert_int_equal(net_parse("{\"name\": \"n1\", \"vlan\": 1}", &c, err,
				   sizeof(err)), 0);
	assert_int_equal(c.vlan, 1);
	assert_int_equal(net_parse("{\"name\": \"n1\", \"vlan\": 4094}", &c, err,
				   sizeof(err)), 0);
	assert_int_equal(c.vlan, 4094);
}

static void
test_net_values(void **state)
{
	struct net_conf c;
	char err[256];

	(void)state;
	assert_int_equal(net_parse("{\"name\": \"lab.net-1_x\", \"mode\": \"isolated\", "
				   "\"fdb_aging\": 10, \"fdb_max\": 16}",
				   &c, err, sizeof(err)), 0);
	assert_string_equal(c.name, "lab.net-1_x");
	assert_int_equal(c.fdb_aging, 10);
	assert_int_equal(c.fdb_max, 16);
	assert_int_equal(net_parse("{\"name\": \"n\", \"fdb_aging\": 86400, "
				   "\"fdb_max\": 65536}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.fdb_aging, 86400);
	assert_int_equal(c.fdb_max, 65536);
	/* a 31-character name is the longest */
	assert_int_equal(net_parse("{\"name\": \"abcdefghijklmnopqrstuvwxyz01234\"}",
				   &c, err, sizeof(err)), 0);
	assert_int_equal(strlen(c.name), 31);
}

static void
test_net_rejects(void **state)
{
	static const struct reject bad[] = {
		{ "{}", "name" },
		{ "{\"mode\": \"isolated\"}", "name" },
		{ "{\"name\": \"\"}", "name" },
		{ "{\"name\": \"-n\"}", "name" },
		{ "{\"name\": \"a b\"}", "name" },
		{ "{\"name\": \"abcdefghijklmnopqrstuvwxyz012345\"}", "name" },
		{ "{\"name\": 5}", "name" },
		{ "{\"name\": null}", "name" },
		{ "{\"name\": \"n\", \"foo\": 1}", "foo" },
		{ "{\"name\": \"n\", \"vlan\": 4095}", "vlan" },
		{ "{\"name\": \"n\", \"vlan\": -1}", "vlan" },
		{ "{\"name\": \"n\", \"vlan\": 10.0}", "vlan" },
		{ "{\"name\": \"n\", \"vlan\": \"10\"}", "vlan" },
		{ "{\"name\": \"n\", \"mode\": \"nat\"}", "nat" },
		{ "{\"name\": \"n\", \"mode\": \"bridged\"}", "bridged" },
		{ "{\"name\": \"n\", \"mode\": \"\"}", "mode" },
		{ "{\"name\": \"n\", \"mode\": 0}", "mode" },
		{ "{\"name\": \"n\", \"fdb_aging\": 9}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": 0}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": -1}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": 86401}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": 4294967596}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": \"300\"}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": 300.0}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": true}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": [300]}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_max\": 15}", "fdb_max" },
		{ "{\"name\": \"n\", \"fdb_max\": 65537}", "fdb_max" },
		{ "{\"name\": \"n\", \"fdb_max\": \"100\"}", "fdb_max" },
		{ "{\"name\": \"n\", \"fdb_max\": 1.5}", "fdb_max" },
		{ "[]", "object" },
		{ "\"n\"", "object" },
		{ "null", "object" },
	};
	struct net_conf c;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(bad[i].json, net_parse(bad[i].json, &c, err, sizeof(err)),
			  err, bad[i].needle);
}

static void
test_net_modes(void **state)
{
	struct net_conf c;
	char err[256];

	(void)state;
	/* host-only: gateway defaults to the first address, host_if to vsw-NAME */
	assert_int_equal(net_parse("{\"name\": \"ho\", \"mode\": \"host-only\", "
				   "\"subnet\": \"192.168.56.0/24\"}", &c, err,
				   sizeof(err)), 0);
	assert_int_equal(c.mode, NET_HOST_ONLY);
	assert_int_equal(c.ip.addr, 0xc0a83800);
	assert_int_equal(c.ip.prefix, 24);
	assert_int_equal(c.ip.gateway, 0xc0a83801);
	assert_string_equal(c.host_if, "vsw-ho");
	assert_int_equal(c.mtu, 1500);
	assert_int_equal(net_parse("{\"name\": \"ho\", \"mode\": \"host-only\", "
				   "\"subnet\": \"10.0.0.0/8\", \"gateway\": "
				   "\"10.255.255.254\", \"host_if\": \"br-x.1\", "
				   "\"mtu\": 9000}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.ip.gateway, 0x0afffffe);
	assert_string_equal(c.host_if, "br-x.1");
	assert_int_equal(c.mtu, 9000);
	/* an 11-character name still fits vsw-NAME (15) */
	assert_int_equal(net_parse("{\"name\": \"abcdefghijk\", \"mode\": "
				   "\"host-only\", \"subnet\": \"10.1.0.0/30\"}", &c,
				   err, sizeof(err)), 0);
	assert_string_equal(c.host_if, "vsw-abcdefghijk");
	/* bridged: af_packet by default, pci: addresses pick pci */
	assert_int_equal(net_parse("{\"name\": \"b\", \"mode\": \"bridged\", "
				   "\"uplink\": \"eth0\", \"vlan\": 10}", &c, err,
				   sizeof(err)), 0);
	assert_int_equal(c.mode, NET_BRIDGED);
	assert_string_equal(c.uplink, "eth0");
	assert_int_equal(c.uplink_type, PORT_AF_PACKET);
	assert_int_equal(c.ip.prefix, 0);
	assert_int_equal(net_parse("{\"name\": \"b\", \"mode\": \"bridged\", "
				   "\"uplink\": \"eth0\", \"uplink_type\": \"af_xdp\"}",
				   &c, err, sizeof(err)), 0);
	assert_int_equal(c.uplink_type, PORT_AF_XDP);
	assert_int_equal(net_parse("{\"name\": \"b\", \"mode\": \"bridged\", "
				   "\"uplink\": \"pci:0000:03:00.1\"}", &c, err,
				   sizeof(err)), 0);
	assert_int_equal(c.uplink_type, PORT_PCI);
	/* isolated networks may carry a subnet (for DHCP) without a gateway */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": "
				   "\"172.16.0.0/12\"}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.ip.prefix, 12);
	assert_int_equal(c.ip.gateway, 0);
}

static void
test_net_mode_rejects(void **state)
{
#define HO "\"name\": \"h\", \"mode\": \"host-only\", "
#define BR "\"name\": \"b\", \"mode\": \"bridged\", "
	static const struct reject bad[] = {
		{ "{" HO "\"host_if\": \"x0\"}", "subnet" },
		{ "{" HO "\"subnet\": \"192.168.56.0/33\"}", "prefix" },
		{ "{" HO "\"subnet\": \"192.168.56.0/31\"}", "prefix" },
		{ "{" HO "\"subnet\": \"10.0.0.0/7\"}", "prefix" },
		{ "{" HO "\"subnet\": \"192.168.56.1/24\"}", "192.168.56.0/24" },
		{ "{" HO "\"subnet\": \"192.168.56.0\"}", "CIDR" },
		{ "{" HO "\"subnet\": \"192.168.56.0/\"}", "CIDR" },
		{ "{" HO "\"subnet\": \"192.168.56.0/+24\"}", "CIDR" },
		{ "{" HO "\"subnet\": \"192.168.56.0/24x\"}", "CIDR" },
		{ "{" HO "\"subnet\": \"192.168.256.0/24\"}", "CIDR" },
		{ "{" HO "\"subnet\": \" 192.168.5.0/24\"}", "CIDR" },
		{ "{" HO "\"subnet\": \"abc\"}", "CIDR" },
		{ "{" HO "\"subnet\": 24}", "subnet" },
		{ "{" HO "\"subnet\": \"127.0.0.0/8\"}", "unicast" },
		{ "{" HO "\"subnet\": \"224.0.0.0/8\"}", "unicast" },
		{ "{" HO "\"subnet\": \"0.0.0.0/8\"}", "unicast" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"gateway\": \"10.2.0.1\"}",
		  "gateway" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"gateway\": \"10.1.0.0\"}",
		  "gateway" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"gateway\": \"10.1.255.255\"}",
		  "gateway" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"gateway\": \"10.1.0\"}",
		  "gateway" },
		{ "{\"name\": \"i\", \"gateway\": \"10.1.0.1\"}", "subnet" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"host_if\": \"a/b\"}",
		  "host interface" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"host_if\": \"-x\"}",
		  "host interface" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"host_if\": "
		  "\"abcdefghijklmnop\"}", "host_if" },
		{ "{\"name\": \"abcdefghijkl\", \"mode\": \"host-only\", "
		  "\"subnet\": \"10.1.0.0/16\"}", "host_if" },
		{ "{\"name\": \"i\", \"host_if\": \"x0\"}", "host-only" },
		{ "{" HO "\"subnet\": \"10.1.0.0/16\", \"uplink\": \"eth0\"}",
		  "bridged" },
		{ "{\"name\": \"i\", \"uplink_type\": \"af_xdp\"}", "bridged" },
		{ "{" BR "\"vlan\": 5}", "uplink" },
		{ "{" BR "\"uplink\": \"a b\"}", "uplink" },
		{ "{" BR "\"uplink\": \"pci:03:00.0\"}", "uplink" },
		{ "{" BR "\"uplink\": \"pci:0000:03:00.9\"}", "uplink" },
		{ "{" BR "\"uplink\": \"eth0\", \"uplink_type\": \"tap\"}",
		  "uplink_type" },
		{ "{" BR "\"uplink\": \"eth0\", \"uplink_type\": \"pci\"}",
		  "uplink_type" },
		{ "{" BR "\"uplink\": \"pci:0000:03:00.0\", \"uplink_type\": "
		  "\"af_packet\"}", "uplink_type" },
		{ "{" BR "\"uplink\": \"eth0\", \"subnet\": \"10.1.0.0/16\"}",
		  "subnet" },
		{ "{\"name\": \"n\", \"mtu\": 67}", "mtu" },
		{ "{\"name\": \"n\", \"mtu\": 9001}", "mtu" },
		{ "{\"name\": \"n\", \"mtu\": \"1500\"}", "mtu" },
	};
#undef HO
#undef BR
	struct net_conf c;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(bad[i].json, net_parse(bad[i].json, &c, err,
						 sizeof(err)), err, bad[i].needle);
}

static void
test_net_set(void **state)
{
	static const struct reject bad[] = {
		{ "{\"name\": \"n\"}", "nothing to set" },
		{ "{\"fdb_aging\": 60}", "name" },
		{ "{\"name\": \"-\", \"fdb_aging\": 60}", "name" },
		{ "{\"name\": \"n\", \"mode\": \"isolated\"}", "mode" },
		{ "{\"name\": \"n\", \"fdb_aging\": 9}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_aging\": \"60\"}", "fdb_aging" },
		{ "{\"name\": \"n\", \"fdb_max\": 65537}", "fdb_max" },
		{ "{\"name\": \"n\", \"fdb_aging\": 60, \"fdb_max\": 1}", "fdb_max" },
		{ "{\"name\": \"n\", \"vlan\": 4095}", "vlan" },
		{ "{\"name\": \"n\", \"vlan\": -1}", "vlan" },
		{ "{\"name\": \"n\", \"vlan\": \"10\"}", "vlan" },
		{ "{\"name\": \"n\", \"mtu\": 67}", "mtu" },
		{ "{\"name\": \"n\", \"mtu\": 9001}", "mtu" },
		{ "{\"name\": \"n\", \"subnet\": \"10.0.0.0/8\"}", "subnet" },
		{ "[1]", "object" },
	};
	struct net_set set;
	char err[256];
	json_t *j;
	size_t i;

	(void)state;
	j = load("{\"name\": \"n1\", \"fdb_aging\": 60}");
	assert_int_equal(conf_net_set_from_json(j, &set, err, sizeof(err)), 0);
	json_decref(j);
	assert_string_equal(set.name, "n1");
	assert_int_equal(set.fdb_aging, 60);
	assert_int_equal(set.fdb_max, 0);		/* not given */
	assert_false(set.set_vlan);
	assert_int_equal(set.mtu, 0);

	j = load("{\"name\": \"n1\", \"mtu\": 9000}");
	assert_int_equal(conf_net_set_from_json(j, &set, err, sizeof(err)), 0);
	json_decref(j);
	assert_int_equal(set.mtu, 9000);
	assert_int_equal(set.fdb_aging, 0);

	j = load("{\"name\": \"n2\", \"fdb_max\": 100}");
	assert_int_equal(conf_net_set_from_json(j, &set, err, sizeof(err)), 0);
	json_decref(j);
	assert_string_equal(set.name, "n2");
	assert_int_equal(set.fdb_aging, 0);
	assert_int_equal(set.fdb_max, 100);

	j = load("{\"name\": \"n3\", \"fdb_max\": 16, \"fdb_aging\": 86400}");
	assert_int_equal(conf_net_set_from_json(j, &set, err, sizeof(err)), 0);
	json_decref(j);
	assert_int_equal(set.fdb_aging, 86400);
	assert_int_equal(set.fdb_max, 16);

	/* VLAN: set an id, or clear it with 0 */
	j = load("{\"name\": \"n4\", \"vlan\": 4094}");
	assert_int_equal(conf_net_set_from_json(j, &set, err, sizeof(err)), 0);
	json_decref(j);
	assert_true(set.set_vlan);
	assert_int_equal(set.vlan, 4094);
	assert_int_equal(set.fdb_aging, 0);
	j = load("{\"name\": \"n4\", \"vlan\": 0}");
	assert_int_equal(conf_net_set_from_json(j, &set, err, sizeof(err)), 0);
	json_decref(j);
	assert_true(set.set_vlan);
	assert_int_equal(set.vlan, 0);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		j = load(bad[i].json);
		check_err(bad[i].json, conf_net_set_from_json(j, &set, err,
							      sizeof(err)),
			  err, bad[i].needle);
		json_decref(j);
	}
}

static void
test_port_defaults(void **state)
{
	struct port_conf c;
	char err[256];

	(void)state;
	assert_int_equal(port_parse("{\"name\": \"p1\", \"net\": \"n1\", "
				    "\"type\": \"vhost-user\"}", &c, err,
				    sizeof(err)), 0);
	assert_string_equal(c.name, "p1");
	assert_string_equal(c.net, "n1");
	assert_int_equal(c.type, PORT_VHOST_USER);
	assert_string_equal(c.path, "");
	assert_false(c.has_mac);
	assert_string_equal(c.owner, "");
	assert_string_equal(c.group, "");
	assert_int_equal(c.mode, -1);
	assert_int_equal(c.mac_limit, 1024);
}

static void
test_port_values(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	struct port_conf c;
	char err[256];

	(void)state;
	assert_int_equal(port_parse("{\"name\": \"vm1\", \"net\": \"lab\", "
				    "\"type\": \"vhost-user\", \"path\": \"/tmp/vm1.sock\", "
				    "\"mac\": \"52:54:00:AB:cd:ef\", \"owner\": \"qemu\", "
				    "\"group\": \"kvm\", \"mode\": \"0660\", "
				    "\"mac_limit\": 1}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.type, PORT_VHOST_USER);
	assert_string_equal(c.path, "/tmp/vm1.sock");
	assert_true(c.has_mac);
	assert_memory_equal(c.mac, mac, 6);
	assert_string_equal(c.owner, "qemu");
	assert_string_equal(c.group, "kvm");
	assert_int_equal(c.mode, 0660);
	assert_int_equal(c.mac_limit, 1);

	assert_int_equal(port_parse("{\"name\": \"vm2\", \"net\": \"lab\", "
				    "\"type\": \"vhost-user-client\", "
				    "\"path\": \"/run/q/vm2.sock\", \"mac_limit\": 65536}",
				    &c, err, sizeof(err)), 0);
	assert_int_equal(c.type, PORT_VHOST_USER_CLIENT);
	assert_string_equal(c.path, "/run/q/vm2.sock");
	assert_int_equal(c.mode, -1);
	assert_int_equal(c.mac_limit, 65536);
	assert_string_equal(port_type_name(c.type), "vhost-user-client");
}

static void
test_port_modes(void **state)
{
	static const struct {
		const char *mode;
		int want;
	} good[] = {
		{ "0660", 0660 }, { "0600", 0600 }, { "0777", 0777 },
		{ "0000", 0 }, { "660", 0660 }, { "0", 0 }, { "7", 07 },
	};
	static const char *const bad[] = {
		"0999", "0668", "abc", "", "1000", "07777", "00660", "0660 ",
		"-1", "0x1f", "66a",
	};
	char text[256], err[256];
	struct port_conf c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "{\"name\": \"p\", \"net\": \"n\", "
			 "\"type\": \"vhost-user\", \"mode\": \"%s\"}", good[i].mode);
		if (port_parse(text, &c, err, sizeof(err)) != 0)
			fail_msg("mode '%s' refused: %s", good[i].mode, err);
		assert_int_equal(c.mode, good[i].want);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"name\": \"p\", \"net\": \"n\", "
			 "\"type\": \"vhost-user\", \"mode\": \"%s\"}", bad[i]);
		check_err(text, port_parse(text, &c, err, sizeof(err)), err, "mode");
	}
	/* not a string */
	strcpy(text, "{\"name\": \"p\", \"net\": \"n\", \"type\": \"vhost-user\", "
	       "\"mode\": 432}");
	check_err(text, port_parse(text, &c, err, sizeof(err)), err, "mode");
}

static void
test_port_mode_digits_only(void **state)
{
	/* docs/CONTROL.md: mode is "a string of octal digits" */
	static const char *const bad[] = { "+660", " 660", "-0", "+0", "-00" };
	char text[256], err[256];
	struct port_conf c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"name\": \"p\", \"net\": \"n\", "
			 "\"type\": \"vhost-user\", \"mode\": \"%s\"}", bad[i]);
		check_err(text, port_parse(text, &c, err, sizeof(err)), err, "mode");
	}
}

static void
test_port_rejects(void **state)
{
#define P "\"name\": \"p\", \"net\": \"n\", "
	static char long_path[300];
	static const struct reject bad[] = {
		{ "{\"net\": \"n\", \"type\": \"vhost-user\"}", "name" },
		{ "{\"name\": \"p\", \"type\": \"vhost-user\"}", "net" },
		{ "{\"name\": \"p/1\", \"net\": \"n\", \"type\": \"vhost-user\"}", "name" },
		{ "{\"name\": \"p\", \"net\": \".n\", \"type\": \"vhost-user\"}", "net" },
		{ "{" P "\"type\": \"vhost-user\", \"color\": \"red\"}", "color" },
		{ "{\"name\": \"p\", \"net\": \"n\"}", "type" },
		{ "{" P "\"type\": \"af_packet\"}", "uplink" },
		{ "{" P "\"type\": \"tap\", \"path\": \"/x.sock\"}", "tap" },
		{ "{" P "\"type\": \"tap\", \"ifname\": \"a/b\"}", "ifname" },
		{ "{" P "\"type\": \"tap\", \"ifname\": \"abcdefghijklmnop\"}", "ifname" },
		{ "{" P "\"type\": \"tap\", \"netns\": \"..\"}", "netns" },
		{ "{" P "\"type\": \"vhost-user\", \"ifname\": \"t0\"}", "tap" },
		{ "{\"name\": \"averyveryverylongportname\", \"net\": \"n\", \"type\": \"tap\"}", "ifname" },
		{ "{" P "\"type\": \"vhost\"}", "vhost" },
		{ "{" P "\"type\": 1}", "type" },
		{ "{" P "\"type\": \"vhost-user\", \"mac\": \"52:54:00:ab:cd\"}", "MAC" },
		{ "{" P "\"type\": \"vhost-user\", \"mac\": \"52-54-00-ab-cd-ef\"}", "MAC" },
		{ "{" P "\"type\": \"vhost-user\", \"mac\": \"\"}", "MAC" },
		{ "{" P "\"type\": \"vhost-user\", \"mac\": 5}", "mac" },
		{ "{" P "\"type\": \"vhost-user\", \"path\": \"vm.sock\"}", "path" },
		{ "{" P "\"type\": \"vhost-user\", \"path\": \"./vm.sock\"}", "path" },
		{ "{" P "\"type\": \"vhost-user\", \"path\": \"\"}", "path" },
		{ "{" P "\"type\": \"vhost-user\", \"path\": \"/a\\nb\"}", "path" },
		{ "{" P "\"type\": \"vhost-user\", \"path\": 7}", "path" },
		{ "{" P "\"type\": \"vhost-user-client\"}", "path" },
		{ "{" P "\"type\": \"vhost-user-client\", \"path\": \"rel\"}", "path" },
		{ "{" P "\"type\": \"vhost-user-client\", \"path\": \"/s\", "
		  "\"owner\": \"qemu\"}", "owner" },
		{ "{" P "\"type\": \"vhost-user-client\", \"path\": \"/s\", "
		  "\"group\": \"kvm\"}", "group" },
		{ "{" P "\"type\": \"vhost-user-client\", \"path\": \"/s\", "
		  "\"mode\": \"0660\"}", "mode" },
		{ "{" P "\"type\": \"vhost-user\", \"owner\": \"\"}", "owner" },
		{ "{" P "\"type\": \"vhost-user\", \"group\": \"a\\nb\"}", "group" },
		{ "{" P "\"type\": \"vhost-user\", \"mac_limit\": 0}", "mac_limit" },
		{ "{" P "\"type\": \"vhost-user\", \"mac_limit\": 65537}", "mac_limit" },
		{ "{" P "\"type\": \"vhost-user\", \"mac_limit\": -5}", "mac_limit" },
		{ "{" P "\"type\": \"vhost-user\", \"mac_limit\": \"10\"}", "mac_limit" },
		{ "{" P "\"type\": \"vhost-user\", \"mac_limit\": 2.0}", "mac_limit" },
		{ "[]", "object" },
	};
	struct port_conf c;
	char err[256], text[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(bad[i].json, port_parse(bad[i].json, &c, err, sizeof(err)),
			  err, bad[i].needle);

	/* the path must fit a sockaddr_un: 107 characters, not 108 */
	long_path[0] = '/';
	memset(long_path + 1, 'a', 106);
	long_path[107] = '\0';
	snprintf(text, sizeof(text), "{" P "\"type\": \"vhost-user\", \"path\": \"%s\"}",
		 long_path);
	assert_int_equal(port_parse(text, &c, err, sizeof(err)), 0);
	assert_string_equal(c.path, long_path);
	long_path[107] = 'a';
	long_path[108] = '\0';
	snprintf(text, sizeof(text), "{" P "\"type\": \"vhost-user\", \"path\": \"%s\"}",
		 long_path);
	check_err(text, port_parse(text, &c, err, sizeof(err)), err, "path");
#undef P
}

static void
test_fdb_conf(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0xaa };
	struct fdb_conf c;
	char err[256];

	(void)state;
	assert_int_equal(fdb_parse("{\"net\": \"n1\", \"mac\": \"02:00:00:00:00:AA\", "
				   "\"port\": \"p1\"}", true, &c, err, sizeof(err)), 0);
	assert_string_equal(c.net, "n1");
	assert_string_equal(c.port, "p1");
	assert_memory_equal(c.mac, mac, 6);

	assert_int_equal(fdb_parse("{\"net\": \"n1\", \"mac\": \"02:00:00:00:00:aa\"}",
				   false, &c, err, sizeof(err)), 0);
	assert_string_equal(c.net, "n1");
	assert_string_equal(c.port, "");
	assert_memory_equal(c.mac, mac, 6);
}

static void
test_fdb_conf_rejects(void **state)
{
	static const struct reject add[] = {
		{ "{\"net\": \"n\", \"mac\": \"02:00:00:00:00:01\"}", "port" },
		{ "{\"mac\": \"02:00:00:00:00:01\", \"port\": \"p\"}", "net" },
		{ "{\"net\": \"n\", \"port\": \"p\"}", "mac" },
		{ "{\"net\": \"n\", \"mac\": \"02:00:00:00:00\", \"port\": \"p\"}", "MAC" },
		{ "{\"net\": \"n\", \"mac\": 2, \"port\": \"p\"}", "mac" },
		{ "{\"net\": \"n\", \"mac\": \"01:00:5e:00:00:01\", \"port\": \"p\"}",
		  "multicast" },
		{ "{\"net\": \"n\", \"mac\": \"33:33:00:00:00:01\", \"port\": \"p\"}",
		  "multicast" },
		{ "{\"net\": \"n\", \"mac\": \"ff:ff:ff:ff:ff:ff\", \"port\": \"p\"}",
		  "multicast" },
		{ "{\"net\": \"n\", \"mac\": \"02:00:00:00:00:01\", \"port\": \"-p\"}",
		  "port" },
		{ "{\"net\": \"n\", \"mac\": \"02:00:00:00:00:01\", \"port\": \"p\", "
		  "\"static\": true}", "static" },
	};
	static const struct reject del[] = {
		{ "{\"net\": \"n\", \"mac\": \"02:00:00:00:00:01\", \"port\": \"p\"}",
		  "port" },
		{ "{\"mac\": \"02:00:00:00:00:01\"}", "net" },
		{ "{\"net\": \"n\"}", "mac" },
		{ "{\"net\": \"n\", \"mac\": \"x\"}", "MAC" },
		{ "{\"net\": \"n\", \"mac\": \"01:00:00:00:00:00\"}", "multicast" },
		{ "5", "object" },
	};
	struct fdb_conf c;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(add) / sizeof(add[0]); i++)
		check_err(add[i].json, fdb_parse(add[i].json, true, &c, err,
						 sizeof(err)), err, add[i].needle);
	for (i = 0; i < sizeof(del) / sizeof(del[0]); i++)
		check_err(del[i].json, fdb_parse(del[i].json, false, &c, err,
						 sizeof(err)), err, del[i].needle);
}

static void
test_net_round_trip(void **state)
{
	static const char *const in[] = {
		"{\"name\": \"n1\"}",
		"{\"name\": \"Z.9\", \"fdb_aging\": 10, \"fdb_max\": 65536}",
		"{\"name\": \"n_2\", \"mode\": \"isolated\", \"fdb_aging\": 86400, "
		"\"fdb_max\": 16}",
		"{\"name\": \"v\", \"vlan\": 4094}",
		"{\"name\": \"h\", \"mode\": \"host-only\", \"subnet\": "
		"\"192.168.56.0/24\", \"gateway\": \"192.168.56.254\", \"mtu\": 9000}",
		"{\"name\": \"h2\", \"mode\": \"host-only\", \"subnet\": "
		"\"10.9.0.0/16\", \"host_if\": \"hostonly0\"}",
		"{\"name\": \"b\", \"mode\": \"bridged\", \"uplink\": \"eth0\", "
		"\"vlan\": 7, \"uplink_type\": \"af_xdp\", \"mtu\": 1400}",
		"{\"name\": \"p\", \"mode\": \"bridged\", \"uplink\": "
		"\"pci:0000:af:1f.7\"}",
		"{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", \"gateway\": "
		"\"10.3.0.1\"}",
	};
	struct net_conf a, b;
	char err[256];
	json_t *j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(net_parse(in[i], &a, err, sizeof(err)), 0);
		j = conf_net_to_json(&a);
		assert_non_null(j);
		if (conf_net_from_json(j, &b, err, sizeof(err)) != 0)
			fail_msg("'%s' does not parse back: %s", in[i], err);
		json_decref(j);
		assert_memory_equal(&a, &b, sizeof(a));
	}
}

static void
test_port_trunk(void **state)
{
	struct port_conf c;
	char err[256];
	json_t *j;

	(void)state;
	assert_int_equal(port_parse("{\"name\": \"t\", \"type\": \"vhost-user\", "
				    "\"trunk\": [\"v10\", \"v20\"], "
				    "\"native\": \"v30\"}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.vlan_mode, PORT_TRUNK);
	assert_string_equal(c.net, "");
	assert_int_equal(c.n_trunk, 2);
	assert_string_equal(c.trunk[0], "v10");
	assert_string_equal(c.trunk[1], "v20");
	assert_string_equal(c.native, "v30");

	/* the native network may be listed too; without "native" none */
	assert_int_equal(port_parse("{\"name\": \"t\", \"type\": \"vhost-user\", "
				    "\"trunk\": [\"v10\"]}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.n_trunk, 1);
	assert_string_equal(c.native, "");

	/* an access port is the default */
	assert_int_equal(port_parse("{\"name\": \"a\", \"type\": \"vhost-user\", "
				    "\"net\": \"v10\"}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.vlan_mode, PORT_ACCESS);
	assert_int_equal(c.n_trunk, 0);

	/* port-set takes only the membership */
	j = load("{\"name\": \"t\", \"trunk\": [\"v20\"], \"native\": \"v10\"}");
	assert_int_equal(conf_port_set_from_json(j, &c, err, sizeof(err)), 0);
	json_decref(j);
	assert_string_equal(c.name, "t");
	assert_int_equal(c.vlan_mode, PORT_TRUNK);
	assert_string_equal(c.trunk[0], "v20");
	assert_string_equal(c.native, "v10");
	j = load("{\"name\": \"t\", \"net\": \"v10\"}");
	assert_int_equal(conf_port_set_from_json(j, &c, err, sizeof(err)), 0);
	json_decref(j);
	assert_int_equal(c.vlan_mode, PORT_ACCESS);
	assert_string_equal(c.net, "v10");
}

static void
test_port_trunk_rejects(void **state)
{
#define PT "\"name\": \"p\", \"type\": \"vhost-user\", "
	static const struct reject bad[] = {
		{ "{" PT "\"net\": \"a\", \"trunk\": [\"b\"]}", "exclude" },
		{ "{" PT "\"net\": \"a\", \"native\": \"b\"}", "native" },
		{ "{" PT "\"native\": \"b\"}", "trunk" },
		{ "{" PT "\"trunk\": []}", "trunk" },
		{ "{" PT "\"trunk\": \"a,b\"}", "array" },
		{ "{" PT "\"trunk\": null}", "array" },
		{ "{" PT "\"trunk\": [\"a\", \"a\"]}", "twice" },
		{ "{" PT "\"trunk\": [\"a\", 5]}", "trunk" },
		{ "{" PT "\"trunk\": [\"a\", \"-b\"]}", "-b" },
		{ "{" PT "\"trunk\": [\"a\"], \"native\": \"x y\"}", "native" },
		{ "{" PT "\"trunk\": [\"a\"], \"native\": 3}", "native" },
	};
	static const struct reject bad_set[] = {
		{ "{\"name\": \"p\"}", "missing" },
		{ "{\"name\": \"p\", \"net\": \"a\", \"mac_limit\": 3}", "mac_limit" },
		{ "{\"net\": \"a\"}", "name" },
		{ "{\"name\": \"p\", \"trunk\": [\"a\"], \"net\": \"b\"}", "exclude" },
	};
	struct port_conf c;
	char err[256], many[9000];
	size_t i, n;
	json_t *j;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(bad[i].json, port_parse(bad[i].json, &c, err, sizeof(err)),
			  err, bad[i].needle);
	for (i = 0; i < sizeof(bad_set) / sizeof(bad_set[0]); i++) {
		err[0] = '\0';
		j = load(bad_set[i].json);
		check_err(bad_set[i].json, conf_port_set_from_json(j, &c, err,
								   sizeof(err)),
			  err, bad_set[i].needle);
		json_decref(j);
	}
	/* more networks than a trunk can carry */
	n = (size_t)snprintf(many, sizeof(many), "{" PT "\"trunk\": [");
	for (i = 0; i <= PORT_TRUNK_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "%s\"n%zu\"",
				      i ? "," : "", i);
	snprintf(many + n, sizeof(many) - n, "]}");
	check_err("257 networks", port_parse(many, &c, err, sizeof(err)), err,
		  "1-256");
#undef PT
}

/* Round trip a port request; @text must parse. */
static void
port_round_trip(const char *text)
{
	struct port_conf a, b;
	char err[256];
	json_t *j;

	assert_int_equal(port_parse(text, &a, err, sizeof(err)), 0);
	j = conf_port_to_json(&a);
	assert_non_null(j);
	if (conf_port_from_json(j, &b, err, sizeof(err)) != 0) {
		char *dump = json_dumps(j, JSON_COMPACT);
		char shown[512];

		snprintf(shown, sizeof(shown), "%s", dump ? dump : "?");
		free(dump);
		json_decref(j);
		fail_msg("'%s' serialized as %s does not parse back: %s", text,
			 shown, err);
	}
	json_decref(j);
	assert_memory_equal(&a, &b, sizeof(a));
}

static void
test_port_round_trip(void **state)
{
	(void)state;
	port_round_trip("{\"name\": \"vm1\", \"net\": \"lab\", \"type\": \"vhost-user\", "
			"\"path\": \"/tmp/vm1.sock\", \"mac\": \"52:54:00:ab:cd:ef\", "
			"\"owner\": \"qemu\", \"group\": \"kvm\", \"mode\": \"0640\", "
			"\"mac_limit\": 7}");
	port_round_trip("{\"name\": \"vm2\", \"net\": \"lab\", "
			"\"type\": \"vhost-user-client\", \"path\": \"/run/q/vm2.sock\"}");
	port_round_trip("{\"name\": \"vm3\", \"net\": \"lab\", \"type\": \"vhost-user\", "
			"\"path\": \"/s\", \"mode\": \"0\"}");
	port_round_trip("{\"name\": \"up\", \"type\": \"vhost-user\", "
			"\"trunk\": [\"v20\", \"v10\"], \"native\": \"mgmt\"}");
	port_round_trip("{\"name\": \"up\", \"type\": \"vhost-user\", "
			"\"trunk\": [\"v10\"]}");
}

static void
test_port_round_trip_no_path(void **state)
{
	(void)state;
	/* a server port on the default socket path: no "path" given */
	port_round_trip("{\"name\": \"vm1\", \"net\": \"lab\", \"type\": \"vhost-user\"}");
}

static void
test_fdb_round_trip(void **state)
{
	struct fdb_conf a, b;
	char err[256];
	json_t *j;

	(void)state;
	assert_int_equal(fdb_parse("{\"net\": \"n1\", \"mac\": \"52:54:00:AB:CD:EF\", "
				   "\"port\": \"p.1\"}", true, &a, err, sizeof(err)), 0);
	j = conf_fdb_to_json(&a);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "mac")),
			    "52:54:00:ab:cd:ef");
	assert_int_equal(conf_fdb_from_json(j, true, &b, err, sizeof(err)), 0);
	json_decref(j);
	assert_memory_equal(&a, &b, sizeof(a));
}

/* 0xAABBCCDD from "a.b.c.d" */
#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			 (uint32_t)(c) << 8 | (uint32_t)(d))

static void
test_dhcp_defaults(void **state)
{
	static const struct dhcp_conf zero;
	struct net_conf c;
	char err[256];

	(void)state;
	/* no subnet: off, nothing configured */
	assert_int_equal(net_parse("{\"name\": \"n\"}", &c, err, sizeof(err)), 0);
	assert_memory_equal(&c.dhcp, &zero, sizeof(zero));
	assert_int_equal(net_parse("{\"name\": \"n\", \"dhcp\": false}", &c, err,
				   sizeof(err)), 0);
	assert_memory_equal(&c.dhcp, &zero, sizeof(zero));
	assert_int_equal(net_parse("{\"name\": \"b\", \"mode\": \"bridged\", "
				   "\"uplink\": \"eth0\"}", &c, err, sizeof(err)), 0);
	assert_memory_equal(&c.dhcp, &zero, sizeof(zero));
	assert_int_equal(net_parse("{\"name\": \"b\", \"mode\": \"bridged\", "
				   "\"uplink\": \"eth0\", \"dhcp\": false, "
				   "\"dns\": [], \"routes\": [], \"domain\": \"\"}",
				   &c, err, sizeof(err)), 0);
	assert_memory_equal(&c.dhcp, &zero, sizeof(zero));

	/* isolated with a subnet: on, every host address, the highest one
	 * serves */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\"}",
				   &c, err, sizeof(err)), 0);
	assert_true(c.dhcp.enabled);
	assert_true(c.dhcp.explicit_enable);	/* settled: written back */
	assert_int_equal(c.dhcp.range_first, IP4(10, 3, 0, 1));
	assert_int_equal(c.dhcp.range_last, IP4(10, 3, 0, 254));
	assert_int_equal(c.dhcp.server, IP4(10, 3, 0, 254));
	assert_int_equal(c.dhcp.lease_time, DHCP_LEASE_DEFAULT);
	assert_int_equal(c.dhcp.n_dns, 0);
	assert_string_equal(c.dhcp.domain, "");
	assert_int_equal(c.dhcp.n_routes, 0);
	/* ... but not on the gateway */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
				   "\"gateway\": \"10.3.0.254\"}", &c, err,
				   sizeof(err)), 0);
	assert_int_equal(c.dhcp.server, IP4(10, 3, 0, 253));
	/* off on request, still configured */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
				   "\"dhcp\": false}", &c, err, sizeof(err)), 0);
	assert_false(c.dhcp.enabled);
	assert_true(c.dhcp.explicit_enable);
	assert_int_equal(c.dhcp.range_last, IP4(10, 3, 0, 254));
	assert_int_equal(c.dhcp.server, IP4(10, 3, 0, 254));

	/* host-only: on; the gateway (.1) is the host's */
	assert_int_equal(net_parse("{\"name\": \"h\", \"mode\": \"host-only\", "
				   "\"subnet\": \"192.168.56.0/24\"}", &c, err,
				   sizeof(err)), 0);
	assert_true(c.dhcp.enabled);
	assert_int_equal(c.dhcp.range_first, IP4(192, 168, 56, 1));
	assert_int_equal(c.dhcp.range_last, IP4(192, 168, 56, 254));
	assert_int_equal(c.dhcp.server, IP4(192, 168, 56, 254));
	/* /30: two hosts; the server is whichever is not the gateway */
	assert_int_equal(net_parse("{\"name\": \"h\", \"mode\": \"host-only\", "
				   "\"subnet\": \"10.1.0.0/30\"}", &c, err,
				   sizeof(err)), 0);
	assert_int_equal(c.dhcp.range_first, IP4(10, 1, 0, 1));
	assert_int_equal(c.dhcp.range_last, IP4(10, 1, 0, 2));
	assert_int_equal(c.dhcp.server, IP4(10, 1, 0, 2));
	assert_int_equal(net_parse("{\"name\": \"h\", \"mode\": \"host-only\", "
				   "\"subnet\": \"10.1.0.0/30\", \"gateway\": "
				   "\"10.1.0.2\"}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.dhcp.server, IP4(10, 1, 0, 1));
	/* a /16 has 65534 hosts: all of them; a /8 is cut to 65536 */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.1.0.0/16\"}",
				   &c, err, sizeof(err)), 0);
	assert_int_equal(c.dhcp.range_first, IP4(10, 1, 0, 1));
	assert_int_equal(c.dhcp.range_last, IP4(10, 1, 255, 254));
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.0.0.0/8\"}",
				   &c, err, sizeof(err)), 0);
	assert_int_equal(c.dhcp.range_first, IP4(10, 0, 0, 1));
	assert_int_equal(c.dhcp.range_last, IP4(10, 1, 0, 0));
	assert_int_equal(c.dhcp.range_last - c.dhcp.range_first + 1,
			 DHCP_RANGE_MAX);
	assert_int_equal(c.dhcp.server, IP4(10, 255, 255, 254));
}

static void
test_dhcp_values(void **state)
{
	struct net_conf c;
	char err[256];

	(void)state;
	assert_int_equal(net_parse("{\"name\": \"h\", \"mode\": \"host-only\", "
				   "\"subnet\": \"192.168.56.0/24\", \"dhcp\": true, "
				   "\"dhcp_range\": \"192.168.56.100-192.168.56.199\", "
				   "\"dhcp_server\": \"192.168.56.2\", "
				   "\"dns\": [\"192.168.56.1\", \"9.9.9.9\", "
				   "\"1.1.1.1\", \"8.8.8.8\"], "
				   "\"domain\": \"lab.Example-1.org\", "
				   "\"lease_time\": 60, "
				   "\"routes\": [\"0.0.0.0/0@192.168.56.1\", "
				   "\"10.0.0.0/8@192.168.56.3\", "
				   "\"172.16.5.4/32@192.168.56.3\"]}",
				   &c, err, sizeof(err)), 0);
	assert_true(c.dhcp.enabled);
	assert_true(c.dhcp.explicit_enable);
	assert_int_equal(c.dhcp.range_first, IP4(192, 168, 56, 100));
	assert_int_equal(c.dhcp.range_last, IP4(192, 168, 56, 199));
	assert_int_equal(c.dhcp.server, IP4(192, 168, 56, 2));
	assert_int_equal(c.dhcp.n_dns, 4);
	assert_int_equal(c.dhcp.dns[0], IP4(192, 168, 56, 1));
	assert_int_equal(c.dhcp.dns[3], IP4(8, 8, 8, 8));
	assert_string_equal(c.dhcp.domain, "lab.Example-1.org");
	assert_int_equal(c.dhcp.lease_time, 60);
	assert_int_equal(c.dhcp.n_routes, 3);
	assert_int_equal(c.dhcp.routes[0].dst, 0);
	assert_int_equal(c.dhcp.routes[0].prefix, 0);
	assert_int_equal(c.dhcp.routes[0].gw, IP4(192, 168, 56, 1));
	assert_int_equal(c.dhcp.routes[1].dst, IP4(10, 0, 0, 0));
	assert_int_equal(c.dhcp.routes[1].prefix, 8);
	assert_int_equal(c.dhcp.routes[2].dst, IP4(172, 16, 5, 4));
	assert_int_equal(c.dhcp.routes[2].prefix, 32);
	assert_int_equal(c.dhcp.routes[2].gw, IP4(192, 168, 56, 3));

	/* bounds: longest lease, one-address range, 63-character domain,
	 * eight routes; the range may hold the gateway and the server */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
				   "\"gateway\": \"10.3.0.1\", \"lease_time\": 31536000, "
				   "\"dhcp_range\": \"10.3.0.254-10.3.0.254\", "
				   "\"domain\": \"a23456789.b23456789.c23456789."
				   "d23456789.e23456789.f23456789.g23\", "
				   "\"routes\": [\"10.0.0.0/8@10.3.0.1\", "
				   "\"10.1.0.0/16@10.3.0.1\", \"10.2.0.0/16@10.3.0.1\", "
				   "\"10.4.0.0/16@10.3.0.1\", \"10.5.0.0/16@10.3.0.1\", "
				   "\"10.6.0.0/16@10.3.0.1\", \"10.7.0.0/16@10.3.0.1\", "
				   "\"10.8.0.0/16@10.3.0.2\"]}",
				   &c, err, sizeof(err)), 0);
	assert_int_equal(c.dhcp.lease_time, DHCP_LEASE_MAX);
	assert_int_equal(c.dhcp.range_first, c.dhcp.range_last);
	assert_int_equal(strlen(c.dhcp.domain), DHCP_DOMAIN_MAX);
	assert_int_equal(c.dhcp.n_routes, DHCP_MAX_ROUTES);
	/* no mode may serve on the gateway address (ARP would take it) */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
				   "\"gateway\": \"10.3.0.1\", \"dhcp_server\": "
				   "\"10.3.0.1\"}", &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "dhcp_server 10.3.0.1 is the gateway: the "
			       "server needs an address of its own"));
	/* a full /16 range: 65534 addresses */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.0.0.0/8\", "
				   "\"dhcp_range\": \"10.7.0.0-10.7.255.255\"}", &c,
				   err, sizeof(err)), 0);
	assert_int_equal(c.dhcp.range_last - c.dhcp.range_first + 1,
			 DHCP_RANGE_MAX);
	/* settings with DHCP off: a configured server that is off */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
				   "\"dhcp\": false, \"dns\": [\"10.3.0.1\"], "
				   "\"lease_time\": 600}", &c, err, sizeof(err)), 0);
	assert_false(c.dhcp.enabled);
	assert_int_equal(c.dhcp.n_dns, 1);
	assert_int_equal(c.dhcp.lease_time, 600);
	/* null is absent, "" no domain, [] no list */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
				   "\"dhcp\": null, \"domain\": \"\", \"dns\": [], "
				   "\"routes\": null, \"lease_time\": null}", &c, err,
				   sizeof(err)), 0);
	assert_true(c.dhcp.enabled);
	assert_string_equal(c.dhcp.domain, "");
	assert_int_equal(c.dhcp.n_dns, 0);
}

static void
test_dhcp_rejects(void **state)
{
#define I "\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
#define HO "\"name\": \"h\", \"mode\": \"host-only\", \"subnet\": \"10.3.0.0/24\", "
#define BR "\"name\": \"b\", \"mode\": \"bridged\", \"uplink\": \"eth0\", "
	static const struct reject bad[] = {
		/* no subnet */
		{ "{" BR "\"dhcp\": true}", "'dhcp' on bridged network 'b': a "
		  "bridged network's LAN has its own DHCP server" },
		{ "{" BR "\"dns\": [\"1.1.1.1\"]}", "'dns' on bridged network 'b'" },
		{ "{" BR "\"dhcp\": false, \"lease_time\": 600}", "'lease_time' on "
		  "bridged" },
		{ "{" BR "\"domain\": \"x\"}", "'domain' on bridged" },
		{ "{" BR "\"routes\": [\"10.0.0.0/8@10.3.0.1\"]}", "'routes' on bridged" },
		{ "{" BR "\"dhcp_server\": \"10.3.0.1\"}", "'dhcp_server' on bridged" },
		{ "{\"name\": \"n\", \"dhcp\": true}", "'dhcp' on network 'n' needs "
		  "a 'subnet'" },
		{ "{\"name\": \"n\", \"dhcp_range\": \"10.0.0.1-10.0.0.9\"}",
		  "'dhcp_range' on network 'n' needs a 'subnet'" },
		/* dhcp */
		{ "{" I "\"dhcp\": 1}", "'dhcp' must be true or false" },
		{ "{" I "\"dhcp\": \"on\"}", "'dhcp' must be true or false" },
		/* dhcp_range */
		{ "{" I "\"dhcp_range\": \"10.3.0.10\"}", "invalid dhcp_range '10.3.0.10'" },
		{ "{" I "\"dhcp_range\": \"10.3.0.10-\"}", "invalid dhcp_range" },
		{ "{" I "\"dhcp_range\": \"10.3.0.10-10.3.0.x\"}", "invalid dhcp_range" },
		{ "{" I "\"dhcp_range\": \"10.3.0.10 - 10.3.0.20\"}", "invalid dhcp_range" },
		{ "{" I "\"dhcp_range\": \"10.3.0.10-10.3.0.20-10.3.0.30\"}",
		  "invalid dhcp_range" },
		{ "{" I "\"dhcp_range\": \"\"}", "invalid dhcp_range" },
		{ "{" I "\"dhcp_range\": 5}", "'dhcp_range' must be a string" },
		{ "{" I "\"dhcp_range\": \"10.3.0.20-10.3.0.10\"}",
		  "dhcp_range '10.3.0.20-10.3.0.10': the first address is above the last" },
		{ "{\"name\": \"i\", \"subnet\": \"10.0.0.0/8\", \"dhcp_range\": "
		  "\"10.0.0.1-10.1.0.1\"}", "holds 65537 addresses (at most 65536)" },
		{ "{" I "\"dhcp_range\": \"10.3.0.0-10.3.0.9\"}", "dhcp_range "
		  "10.3.0.0-10.3.0.9 is not within the host addresses of subnet "
		  "10.3.0.0/24 (10.3.0.1-10.3.0.254)" },
		{ "{" I "\"dhcp_range\": \"10.3.0.9-10.3.0.255\"}", "not within" },
		{ "{" I "\"dhcp_range\": \"10.3.0.9-10.3.1.2\"}", "not within" },
		{ "{" I "\"dhcp_range\": \"10.2.255.9-10.3.0.2\"}", "not within" },
		{ "{" I "\"dhcp_range\": \"0.0.0.0-0.0.0.9\"}", "0.0.0.0" },
		/* dhcp_server */
		{ "{" I "\"dhcp_server\": \"10.3.0\"}", "invalid dhcp_server '10.3.0'" },
		{ "{" I "\"dhcp_server\": \"0.0.0.0\"}", "invalid dhcp_server" },
		{ "{" I "\"dhcp_server\": [\"10.3.0.1\"]}", "'dhcp_server' must be a string" },
		{ "{" I "\"dhcp_server\": \"10.3.1.1\"}", "dhcp_server 10.3.1.1 is not a "
		  "host address of subnet 10.3.0.0/24" },
		{ "{" I "\"dhcp_server\": \"10.3.0.0\"}", "not a host address" },
		{ "{" I "\"dhcp_server\": \"10.3.0.255\"}", "not a host address" },
		{ "{" HO "\"dhcp_server\": \"10.3.0.1\"}", "dhcp_server 10.3.0.1 is the "
		  "gateway: on a host-only network the host has that address" },
		{ "{" HO "\"gateway\": \"10.3.0.9\", \"dhcp_server\": \"10.3.0.9\"}",
		  "is the gateway" },
		/* dns */
		{ "{" I "\"dns\": \"1.1.1.1\"}", "'dns' must be an array" },
		{ "{" I "\"dns\": [\"1.1.1.1\", 5]}", "invalid DNS server '(not a string)'" },
		{ "{" I "\"dns\": [\"1.1.1\"]}", "invalid DNS server '1.1.1' in 'dns'" },
		{ "{" I "\"dns\": [\"0.0.0.0\"]}", "DNS server 0.0.0.0 in 'dns' is not a "
		  "unicast address" },
		{ "{" I "\"dns\": [\"127.0.0.53\"]}", "not a unicast address" },
		{ "{" I "\"dns\": [\"224.0.0.1\"]}", "not a unicast address" },
		{ "{" I "\"dns\": [\"255.255.255.255\"]}", "not a unicast address" },
		{ "{" I "\"dns\": [\"1.1.1.1\", \"1.1.1.1\"]}", "DNS server 1.1.1.1 is "
		  "listed twice" },
		{ "{" I "\"dns\": [\"1.1.1.1\", \"1.1.1.2\", \"1.1.1.3\", \"1.1.1.4\", "
		  "\"1.1.1.5\"]}", "'dns' lists 5 servers (at most 4)" },
		/* domain */
		{ "{" I "\"domain\": \"a..b\"}", "invalid domain 'a..b'" },
		{ "{" I "\"domain\": \".lab\"}", "invalid domain" },
		{ "{" I "\"domain\": \"lab.\"}", "invalid domain" },
		{ "{" I "\"domain\": \"-lab\"}", "invalid domain" },
		{ "{" I "\"domain\": \"lab-\"}", "invalid domain" },
		{ "{" I "\"domain\": \"a-.b\"}", "invalid domain" },
		{ "{" I "\"domain\": \"la b\"}", "invalid domain" },
		{ "{" I "\"domain\": \"la_b\"}", "invalid domain" },
		{ "{" I "\"domain\": \"l\\u00e4b\"}", "invalid domain" },
		{ "{" I "\"domain\": \"a\\nb\"}", "invalid domain 'a?b'" },
		{ "{" I "\"domain\": \"a23456789.b23456789.c23456789.d23456789."
		  "e23456789.f23456789.g234\"}", "at most 63 characters" },
		{ "{" I "\"domain\": 7}", "'domain' must be a string" },
		/* lease_time */
		{ "{" I "\"lease_time\": 59}", "'lease_time' must be between 60 and "
		  "31536000" },
		{ "{" I "\"lease_time\": 31536001}", "lease_time" },
		{ "{" I "\"lease_time\": 0}", "lease_time" },
		{ "{" I "\"lease_time\": \"3600\"}", "'lease_time' must be an integer" },
		/* routes */
		{ "{" I "\"routes\": \"10.0.0.0/8@10.3.0.1\"}", "'routes' must be an array" },
		{ "{" I "\"routes\": [1]}", "invalid route (not a string)" },
		{ "{" I "\"routes\": [\"10.0.0.0/8\"]}", "invalid route '10.0.0.0/8' in "
		  "'routes' (CIDR@GATEWAY" },
		{ "{" I "\"routes\": [\"10.0.0.0@10.3.0.1\"]}", "invalid route" },
		{ "{" I "\"routes\": [\"10.0.0.0/@10.3.0.1\"]}", "invalid route" },
		{ "{" I "\"routes\": [\"10.0.0.0/8@\"]}", "invalid route" },
		{ "{" I "\"routes\": [\"10.0.0.0/+8@10.3.0.1\"]}", "invalid route" },
		{ "{" I "\"routes\": [\"10.0.0.0/008@10.3.0.1\"]}", "invalid route" },
		{ "{" I "\"routes\": [\"10.3.0.1@10.0.0.0/8\"]}", "invalid route" },
		{ "{" I "\"routes\": [\"10.0.0/8@10.3.0.1\"]}", "invalid route" },
		{ "{" I "\"routes\": [\"10.0.0.0/33@10.3.0.1\"]}", "route '10.0.0.0/33@"
		  "10.3.0.1': prefix length must be 0-32" },
		{ "{" I "\"routes\": [\"10.1.0.0/8@10.3.0.1\"]}", "route '10.1.0.0/8@"
		  "10.3.0.1' has host bits set (did you mean 10.0.0.0/8?)" },
		{ "{" I "\"routes\": [\"1.0.0.0/0@10.3.0.1\"]}", "did you mean 0.0.0.0/0?" },
		{ "{" I "\"routes\": [\"10.0.0.0/8@224.0.0.1\"]}", "gateway 224.0.0.1 is "
		  "not a unicast address" },
		{ "{" I "\"routes\": [\"10.0.0.0/8@0.0.0.0\"]}", "not a unicast address" },
		{ "{" I "\"routes\": [\"10.0.0.0/8@10.3.1.1\"]}", "route 10.0.0.0/8@"
		  "10.3.1.1: the gateway is not a host address of subnet 10.3.0.0/24" },
		{ "{" I "\"routes\": [\"10.0.0.0/8@10.3.0.255\"]}", "not a host address" },
		{ "{" I "\"routes\": [\"10.0.0.0/8@10.3.0.1\", \"10.0.0.0/8@10.3.0.2\"]}",
		  "route to 10.0.0.0/8 is listed twice in 'routes'" },
		{ "{" I "\"routes\": [\"10.1.0.0/16@10.3.0.1\", \"10.2.0.0/16@10.3.0.1\", "
		  "\"10.4.0.0/16@10.3.0.1\", \"10.5.0.0/16@10.3.0.1\", "
		  "\"10.6.0.0/16@10.3.0.1\", \"10.7.0.0/16@10.3.0.1\", "
		  "\"10.8.0.0/16@10.3.0.1\", \"10.9.0.0/16@10.3.0.1\", "
		  "\"10.10.0.0/16@10.3.0.1\"]}", "'routes' lists 9 routes (at most 8)" },
		/* unknown DHCP-ish key */
		{ "{" I "\"dhcp_lease\": 60}", "unknown argument 'dhcp_lease'" },
	};
#undef I
#undef HO
#undef BR
	struct net_conf c;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(bad[i].json, net_parse(bad[i].json, &c, err, sizeof(err)),
			  err, bad[i].needle);
}

static void
test_dhcp_round_trip(void **state)
{
	static const char *const in[] = {
		"{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\"}",
		"{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", \"dhcp\": false}",
		"{\"name\": \"i\", \"subnet\": \"10.0.0.0/8\", \"gateway\": "
		"\"10.255.255.254\"}",
		"{\"name\": \"b\", \"mode\": \"bridged\", \"uplink\": \"eth0\", "
		"\"dhcp\": false}",
		"{\"name\": \"n\", \"dhcp\": false}",
		"{\"name\": \"h\", \"mode\": \"host-only\", \"subnet\": "
		"\"192.168.56.0/24\", \"dhcp_range\": \"192.168.56.100-192.168.56.199\", "
		"\"dhcp_server\": \"192.168.56.2\", \"dns\": [\"192.168.56.1\", "
		"\"9.9.9.9\"], \"domain\": \"lab.example\", \"lease_time\": 86400, "
		"\"routes\": [\"0.0.0.0/0@192.168.56.1\", \"10.0.0.0/8@192.168.56.3\", "
		"\"172.16.5.4/32@192.168.56.3\"]}",
		"{\"name\": \"h\", \"mode\": \"host-only\", \"subnet\": \"10.1.0.0/30\", "
		"\"gateway\": \"10.1.0.2\", \"dhcp\": false, \"domain\": \"x\"}",
	};
	struct net_conf a, b;
	char err[256];
	json_t *j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(net_parse(in[i], &a, err, sizeof(err)), 0);
		j = conf_net_to_json(&a);
		assert_non_null(j);
		if (conf_net_from_json(j, &b, err, sizeof(err)) != 0)
			fail_msg("'%s' does not parse back: %s", in[i], err);
		json_decref(j);
		assert_memory_equal(&a, &b, sizeof(a));
		/* finishing again changes nothing */
		assert_int_equal(conf_dhcp_finish(&a, &b.dhcp, err, sizeof(err)), 0);
		assert_memory_equal(&a.dhcp, &b.dhcp, sizeof(a.dhcp));
	}

	/* what is written: "dhcp" and the computed values whenever there is a
	 * subnet, no DHCP key without one */
	assert_int_equal(net_parse(in[0], &a, err, sizeof(err)), 0);
	j = conf_net_to_json(&a);
	assert_true(json_is_true(json_object_get(j, "dhcp")));
	assert_string_equal(json_string_value(json_object_get(j, "dhcp_range")),
			    "10.3.0.1-10.3.0.254");
	assert_string_equal(json_string_value(json_object_get(j, "dhcp_server")),
			    "10.3.0.254");
	assert_int_equal(json_integer_value(json_object_get(j, "lease_time")), 3600);
	assert_null(json_object_get(j, "dns"));
	assert_null(json_object_get(j, "domain"));
	assert_null(json_object_get(j, "routes"));
	json_decref(j);
	assert_int_equal(net_parse(in[5], &a, err, sizeof(err)), 0);
	j = conf_net_to_json(&a);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j,
			    "routes"), 2)), "172.16.5.4/32@192.168.56.3");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j,
			    "dns"), 1)), "9.9.9.9");
	assert_string_equal(json_string_value(json_object_get(j, "domain")),
			    "lab.example");
	json_decref(j);
	assert_int_equal(net_parse(in[3], &a, err, sizeof(err)), 0);
	j = conf_net_to_json(&a);
	assert_null(json_object_get(j, "dhcp"));
	assert_null(json_object_get(j, "lease_time"));
	json_decref(j);
}

static int
set_parse(const char *text, struct net_set *set, char *err, size_t errsize)
{
	json_t *j = load(text);
	int ret;

	err[0] = '\0';
	ret = conf_net_set_from_json(j, set, err, errsize);
	json_decref(j);
	return ret;
}

static void
test_dhcp_net_set(void **state)
{
	static const struct reject bad[] = {
		{ "{\"name\": \"n\", \"dhcp\": \"off\"}", "'dhcp' must be true or false" },
		{ "{\"name\": \"n\", \"dhcp_range\": \"10.0.0.9-10.0.0.1\"}", "above" },
		{ "{\"name\": \"n\", \"dns\": [\"x\"]}", "invalid DNS server 'x'" },
		{ "{\"name\": \"n\", \"domain\": \"a..b\"}", "invalid domain" },
		{ "{\"name\": \"n\", \"lease_time\": 10}", "lease_time" },
		{ "{\"name\": \"n\", \"routes\": [\"10.0.0.0/8\"]}", "invalid route" },
		{ "{\"name\": \"n\", \"dhcp_server\": \"x\"}", "invalid dhcp_server" },
		{ "{\"name\": \"n\", \"dhcp\": null}", "nothing to set" },
	};
	struct net_conf nc, bc;
	struct net_set set;
	struct dhcp_conf d;
	char err[256];
	size_t i;

	(void)state;
	/* each key sets its bit and only its field */
	assert_int_equal(set_parse("{\"name\": \"n\", \"dhcp\": false}", &set, err,
				   sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_ENABLE);
	assert_false(set.dhcp.enabled);
	assert_true(set.dhcp.explicit_enable);
	assert_int_equal(set.fdb_aging, 0);
	assert_false(set.set_vlan);
	assert_int_equal(set_parse("{\"name\": \"n\", \"dhcp_range\": "
				   "\"10.3.0.50-10.3.0.60\"}", &set, err, sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_RANGE);
	assert_int_equal(set.dhcp.range_first, IP4(10, 3, 0, 50));
	assert_int_equal(set_parse("{\"name\": \"n\", \"dhcp_server\": \"10.3.0.2\"}",
				   &set, err, sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_SERVER);
	assert_int_equal(set_parse("{\"name\": \"n\", \"dns\": []}", &set, err,
				   sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_DNS);
	assert_int_equal(set.dhcp.n_dns, 0);
	assert_int_equal(set_parse("{\"name\": \"n\", \"domain\": \"\"}", &set, err,
				   sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_DOMAIN);
	assert_int_equal(set_parse("{\"name\": \"n\", \"lease_time\": 120}", &set,
				   err, sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_LEASE);
	assert_int_equal(set.dhcp.lease_time, 120);
	assert_int_equal(set_parse("{\"name\": \"n\", \"routes\": []}", &set, err,
				   sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_ROUTES);
	assert_int_equal(set_parse("{\"name\": \"n\", \"mtu\": 1400, \"dhcp\": true, "
				   "\"dhcp_range\": \"10.3.0.50-10.3.0.60\", "
				   "\"dhcp_server\": \"10.3.0.2\", \"dns\": "
				   "[\"10.3.0.1\"], \"domain\": \"d\", \"lease_time\": "
				   "120, \"routes\": [\"0.0.0.0/0@10.3.0.1\"]}",
				   &set, err, sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, NET_SET_DHCP_ENABLE | NET_SET_DHCP_RANGE |
			 NET_SET_DHCP_SERVER | NET_SET_DHCP_DNS |
			 NET_SET_DHCP_DOMAIN | NET_SET_DHCP_LEASE |
			 NET_SET_DHCP_ROUTES);
	assert_int_equal(set.mtu, 1400);
	/* no DHCP key: no bit */
	assert_int_equal(set_parse("{\"name\": \"n\", \"mtu\": 1400}", &set, err,
				   sizeof(err)), 0);
	assert_int_equal(set.dhcp_set, 0);

	/* merge into a network's settings, then finish */
	assert_int_equal(net_parse("{\"name\": \"i\", \"subnet\": \"10.3.0.0/24\", "
				   "\"gateway\": \"10.3.0.1\", \"dns\": [\"1.1.1.1\"], "
				   "\"domain\": \"old\", \"routes\": "
				   "[\"10.0.0.0/8@10.3.0.1\"]}", &nc, err, sizeof(err)), 0);
	d = nc.dhcp;
	assert_int_equal(set_parse("{\"name\": \"i\", \"lease_time\": 120, "
				   "\"dhcp_range\": \"10.3.0.50-10.3.0.60\"}", &set,
				   err, sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	assert_int_equal(conf_dhcp_finish(&nc, &d, err, sizeof(err)), 0);
	assert_int_equal(d.lease_time, 120);
	assert_int_equal(d.range_first, IP4(10, 3, 0, 50));
	assert_int_equal(d.range_last, IP4(10, 3, 0, 60));
	assert_true(d.enabled);				/* kept */
	assert_int_equal(d.server, IP4(10, 3, 0, 254));	/* kept */
	assert_int_equal(d.n_dns, 1);			/* kept */
	assert_string_equal(d.domain, "old");		/* kept */
	assert_int_equal(d.n_routes, 1);		/* kept */
	/* clear the lists and the domain, turn it off */
	assert_int_equal(set_parse("{\"name\": \"i\", \"dns\": [], \"routes\": [], "
				   "\"domain\": \"\", \"dhcp\": false}", &set, err,
				   sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	assert_int_equal(conf_dhcp_finish(&nc, &d, err, sizeof(err)), 0);
	assert_false(d.enabled);
	assert_int_equal(d.n_dns, 0);
	assert_int_equal(d.dns[0], 0);
	assert_string_equal(d.domain, "");
	assert_int_equal(d.n_routes, 0);
	assert_int_equal(d.lease_time, 120);
	/* replace lists */
	assert_int_equal(set_parse("{\"name\": \"i\", \"dns\": [\"9.9.9.9\", "
				   "\"1.0.0.1\"], \"dhcp\": true}", &set, err,
				   sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	assert_int_equal(conf_dhcp_finish(&nc, &d, err, sizeof(err)), 0);
	assert_true(d.enabled);
	assert_int_equal(d.n_dns, 2);
	assert_int_equal(d.dns[1], IP4(1, 0, 0, 1));
	/* the merged result is checked against the network */
	assert_int_equal(set_parse("{\"name\": \"i\", \"dhcp_server\": \"10.3.1.1\"}",
				   &set, err, sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	check_err("net-set dhcp_server outside", conf_dhcp_finish(&nc, &d, err,
		  sizeof(err)), err, "dhcp_server 10.3.1.1 is not a host address");
	d = nc.dhcp;
	assert_int_equal(set_parse("{\"name\": \"i\", \"routes\": "
				   "[\"10.0.0.0/8@192.168.0.1\"]}", &set, err,
				   sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	check_err("net-set route gateway outside", conf_dhcp_finish(&nc, &d, err,
		  sizeof(err)), err, "the gateway is not a host address");
	/* host-only: the server may not move onto the gateway */
	assert_int_equal(net_parse("{\"name\": \"h\", \"mode\": \"host-only\", "
				   "\"subnet\": \"10.3.0.0/24\"}", &nc, err,
				   sizeof(err)), 0);
	d = nc.dhcp;
	assert_int_equal(set_parse("{\"name\": \"h\", \"dhcp_server\": \"10.3.0.1\"}",
				   &set, err, sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	check_err("net-set dhcp_server gateway", conf_dhcp_finish(&nc, &d, err,
		  sizeof(err)), err, "is the gateway");
	/* bridged: only "dhcp": false */
	assert_int_equal(net_parse("{\"name\": \"b\", \"mode\": \"bridged\", "
				   "\"uplink\": \"eth0\"}", &bc, err, sizeof(err)), 0);
	d = bc.dhcp;
	assert_int_equal(set_parse("{\"name\": \"b\", \"dhcp\": false}", &set, err,
				   sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	assert_int_equal(conf_dhcp_finish(&bc, &d, err, sizeof(err)), 0);
	assert_false(d.enabled);
	assert_int_equal(set_parse("{\"name\": \"b\", \"dhcp\": true}", &set, err,
				   sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	check_err("net-set dhcp on bridged", conf_dhcp_finish(&bc, &d, err,
		  sizeof(err)), err, "a bridged network's LAN has its own DHCP server");
	d = bc.dhcp;
	assert_int_equal(set_parse("{\"name\": \"b\", \"lease_time\": 600}", &set,
				   err, sizeof(err)), 0);
	conf_dhcp_apply_set(&set, &d);
	check_err("net-set lease_time on bridged", conf_dhcp_finish(&bc, &d, err,
		  sizeof(err)), err, "'lease_time' on bridged network 'b'");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(bad[i].json, set_parse(bad[i].json, &set, err, sizeof(err)),
			  err, bad[i].needle);
}

static void
test_port_dhcp(void **state)
{
#define P "\"name\": \"p\", \"net\": \"n\", \"type\": \"vhost-user\", "
	static const struct reject bad[] = {
		{ "{" P "\"dhcp_trusted\": 1}", "'dhcp_trusted' must be true or false" },
		{ "{" P "\"dhcp_trusted\": \"yes\"}", "dhcp_trusted" },
		{ "{" P "\"dhcp_max_leases\": -1}", "'dhcp_max_leases' must be between "
		  "0 and 65536" },
		{ "{" P "\"dhcp_max_leases\": 65537}", "dhcp_max_leases" },
		{ "{" P "\"dhcp_max_leases\": \"4\"}", "'dhcp_max_leases' must be an "
		  "integer" },
	};
	struct port_conf c;
	char err[256];
	json_t *j;
	size_t i;

	(void)state;
	assert_int_equal(port_parse("{" P "\"mac_limit\": 4}", &c, err, sizeof(err)), 0);
	assert_false(c.dhcp_trusted);
	assert_int_equal(c.dhcp_max_leases, DHCP_PORT_LEASES_DEFAULT);
	assert_int_equal(port_parse("{" P "\"dhcp_trusted\": true, "
				    "\"dhcp_max_leases\": 0}", &c, err, sizeof(err)), 0);
	assert_true(c.dhcp_trusted);
	assert_int_equal(c.dhcp_max_leases, 0);
	assert_int_equal(port_parse("{" P "\"dhcp_trusted\": false, "
				    "\"dhcp_max_leases\": 65536}", &c, err,
				    sizeof(err)), 0);
	assert_false(c.dhcp_trusted);
	assert_int_equal(c.dhcp_max_leases, 65536);
	/* written back, always */
	j = conf_port_to_json(&c);
	assert_true(json_is_false(json_object_get(j, "dhcp_trusted")));
	assert_int_equal(json_integer_value(json_object_get(j, "dhcp_max_leases")),
			 65536);
	json_decref(j);
	port_round_trip("{" P "\"dhcp_trusted\": true, \"dhcp_max_leases\": 0}");
	port_round_trip("{" P "\"dhcp_max_leases\": 3}");
	port_round_trip("{\"name\": \"t\", \"net\": \"n\", \"type\": \"tap\", "
			"\"dhcp_trusted\": true}");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(bad[i].json, port_parse(bad[i].json, &c, err, sizeof(err)),
			  err, bad[i].needle);
	/* port-set does not take them */
	j = load("{\"name\": \"p\", \"net\": \"n\", \"dhcp_trusted\": true}");
	check_err("port-set dhcp_trusted", conf_port_set_from_json(j, &c, err,
		  sizeof(err)), err, "dhcp_trusted");
	json_decref(j);
#undef P
}

static int
host_parse(const char *text, bool need_ip, struct dhcp_host_conf *h, char *err,
	   size_t errsize)
{
	json_t *j = load(text);
	int ret;

	err[0] = '\0';
	ret = conf_dhcp_host_from_json(j, need_ip, h, err, errsize);
	json_decref(j);
	return ret;
}

static void
test_dhcp_host(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	static const struct reject add[] = {
		{ "{\"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\"}", "missing 'net'" },
		{ "{\"net\": \"-n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\"}",
		  "invalid net '-n'" },
		{ "{\"net\": \"n\", \"ip\": \"10.3.0.5\"}", "missing 'mac'" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\"}", "missing 'ip'" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:01\", \"ip\": \"10.3.0.5\"}",
		  "invalid MAC '52:54:00:00:01'" },
		{ "{\"net\": \"n\", \"mac\": 5, \"ip\": \"10.3.0.5\"}", "'mac' must be a string" },
		{ "{\"net\": \"n\", \"mac\": \"01:00:5e:00:00:01\", \"ip\": \"10.3.0.5\"}",
		  "MAC 01:00:5e:00:00:01 is multicast" },
		{ "{\"net\": \"n\", \"mac\": \"ff:ff:ff:ff:ff:ff\", \"ip\": \"10.3.0.5\"}",
		  "multicast" },
		{ "{\"net\": \"n\", \"mac\": \"00:00:00:00:00:00\", \"ip\": \"10.3.0.5\"}",
		  "MAC 00:00:00:00:00:00 is all zeros" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0\"}",
		  "invalid ip '10.3.0'" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"0.0.0.0\"}",
		  "invalid ip" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": 5}",
		  "'ip' must be a string" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\", "
		  "\"hostname\": \"a_b\"}", "invalid hostname 'a_b'" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\", "
		  "\"hostname\": \"\"}", "invalid hostname" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\", "
		  "\"hostname\": \"-web\"}", "invalid hostname" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\", "
		  "\"hostname\": \"a234567890123456789012345678901234567890123456789"
		  "012345678901234\"}", "at most 63 characters" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\", "
		  "\"hostname\": 1}", "'hostname' must be a string" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\", "
		  "\"port\": \"p\"}", "unknown argument 'port'" },
		{ "[]", "object" },
	};
	static const struct reject del[] = {
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"ip\": \"10.3.0.5\"}",
		  "unknown argument 'ip'" },
		{ "{\"net\": \"n\", \"mac\": \"52:54:00:00:00:01\", \"hostname\": \"a\"}",
		  "unknown argument 'hostname'" },
		{ "{\"net\": \"n\"}", "missing 'mac'" },
		{ "{\"mac\": \"52:54:00:00:00:01\"}", "missing 'net'" },
		{ "{\"net\": \"n\", \"mac\": \"33:33:00:00:00:01\"}", "multicast" },
	};
	struct dhcp_host_conf a, b;
	char err[256];
	json_t *j;
	size_t i;

	(void)state;
	assert_int_equal(host_parse("{\"net\": \"n1\", \"mac\": \"52:54:00:AB:cd:ef\", "
				    "\"ip\": \"10.3.0.5\", \"hostname\": \"web-1.lab\"}",
				    true, &a, err, sizeof(err)), 0);
	assert_string_equal(a.net, "n1");
	assert_memory_equal(a.mac, mac, 6);
	assert_int_equal(a.ip, IP4(10, 3, 0, 5));
	assert_string_equal(a.hostname, "web-1.lab");
	j = conf_dhcp_host_to_json(&a);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "mac")),
			    "52:54:00:ab:cd:ef");
	assert_string_equal(json_string_value(json_object_get(j, "ip")), "10.3.0.5");
	assert_int_equal(conf_dhcp_host_from_json(j, true, &b, err, sizeof(err)), 0);
	json_decref(j);
	assert_memory_equal(&a, &b, sizeof(a));
	/* no host name: none written */
	assert_int_equal(host_parse("{\"net\": \"n1\", \"mac\": \"02:00:00:00:00:01\", "
				    "\"ip\": \"10.3.0.6\"}", true, &a, err,
				    sizeof(err)), 0);
	assert_string_equal(a.hostname, "");
	j = conf_dhcp_host_to_json(&a);
	assert_null(json_object_get(j, "hostname"));
	assert_int_equal(conf_dhcp_host_from_json(j, true, &b, err, sizeof(err)), 0);
	json_decref(j);
	assert_memory_equal(&a, &b, sizeof(a));
	/* dhcp-host-del: net and mac only */
	assert_int_equal(host_parse("{\"net\": \"n1\", \"mac\": \"02:00:00:00:00:01\"}",
				    false, &a, err, sizeof(err)), 0);
	assert_int_equal(a.ip, 0);
	for (i = 0; i < sizeof(add) / sizeof(add[0]); i++)
		check_err(add[i].json, host_parse(add[i].json, true, &a, err,
						  sizeof(err)), err, add[i].needle);
	for (i = 0; i < sizeof(del) / sizeof(del[0]); i++)
		check_err(del[i].json, host_parse(del[i].json, false, &a, err,
						  sizeof(err)), err, del[i].needle);
}

static void
test_check_keys(void **state)
{
	static const char *const allowed[] = { "a", "b", NULL };
	static const char *const none[] = { NULL };
	char err[256];
	json_t *j;

	(void)state;
	j = load("{\"a\": 1, \"b\": 2}");
	assert_int_equal(conf_check_keys(j, allowed, err, sizeof(err)), 0);
	json_decref(j);
	j = load("{}");
	assert_int_equal(conf_check_keys(j, none, err, sizeof(err)), 0);
	json_decref(j);
	j = load("{\"a\": 1, \"c\": 2}");
	check_err("c", conf_check_keys(j, allowed, err, sizeof(err)), err, "'c'");
	json_decref(j);
	j = load("{\"A\": 1}");	/* case matters */
	check_err("A", conf_check_keys(j, allowed, err, sizeof(err)), err, "'A'");
	json_decref(j);
	/* a small buffer still gets a terminated message */
	j = load("{\"zzzzzzzzzzzzzzzzzzzz\": 1}");
	memset(err, 'X', sizeof(err));
	assert_int_equal(conf_check_keys(j, allowed, err, 8), -EINVAL);
	assert_true(strlen(err) < 8);
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_net_defaults),
		cmocka_unit_test(test_net_values),
		cmocka_unit_test(test_net_rejects),
		cmocka_unit_test(test_net_modes),
		cmocka_unit_test(test_net_mode_rejects),
		cmocka_unit_test(test_net_set),
		cmocka_unit_test(test_port_defaults),
		cmocka_unit_test(test_port_values),
		cmocka_unit_test(test_port_modes),
		cmocka_unit_test(test_port_mode_digits_only),
		cmocka_unit_test(test_port_rejects),
		cmocka_unit_test(test_port_trunk),
		cmocka_unit_test(test_port_trunk_rejects),
		cmocka_unit_test(test_fdb_conf),
		cmocka_unit_test(test_fdb_conf_rejects),
		cmocka_unit_test(test_net_round_trip),
		cmocka_unit_test(test_port_round_trip),
		cmocka_unit_test(test_port_round_trip_no_path),
		cmocka_unit_test(test_fdb_round_trip),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_dhcp_defaults),
		cmocka_unit_test(test_dhcp_values),
		cmocka_unit_test(test_dhcp_rejects),
		cmocka_unit_test(test_dhcp_round_trip),
		cmocka_unit_test(test_dhcp_net_set),
		cmocka_unit_test(test_port_dhcp),
		cmocka_unit_test(test_dhcp_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
