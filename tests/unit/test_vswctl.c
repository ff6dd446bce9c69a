/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_vswctl.c - unit tests for vswctl: request building, response
 * decoding, the socket exchange (against a forked fake daemon) and output
 * formatting, without a running vswitchd.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "vswctl_conn.h"
#include "vswctl_fmt.h"
#include "vswctl_req.h"

#define ERR_SIZE 512
#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
/* Build from a literal word list; expands to vswctl_req_build()'s return */
#define BUILD(req, json, err, ...) \
	vswctl_req_build(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), req, json, err, ERR_SIZE)

/**
 * expect_req() - Build a request and compare it with the expected one
 * @argc:	Number of words
 * @argv:	Command word and arguments
 * @expected:	Expected request, reference stolen
 */
static void
expect_req(int argc, char **argv, json_t *expected)
{
	char err[ERR_SIZE] = "";
	json_t *req = NULL;
	bool json = false;
	int rc;

	assert_non_null(expected);
	rc = vswctl_req_build(argc, argv, &req, &json, err, sizeof(err));
	if (rc != 0)
		fail_msg("%s: rc %d, %s", argv[0], rc, err);
	assert_non_null(req);
	if (!json_equal(req, expected)) {
		char *got = json_dumps(req, JSON_SORT_KEYS);
		char *want = json_dumps(expected, JSON_SORT_KEYS);

		print_error("got  %s\nwant %s\n", got, want);
		free(got);
		free(want);
		fail();
	}
	assert_false(json);
	json_decref(req);
	json_decref(expected);
}

#define EXPECT(expected, ...) expect_req(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), expected)

static void
test_build_status_and_lists(void **state)
{
	(void)state;
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "status", "args"), "status");
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "net-list", "args"), "net-list");
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "port-list", "args"), "port-list");
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "fdb-show", "args"), "fdb-show");
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "stats", "args"), "stats");
}

static void
test_build_net(void **state)
{
	(void)state;
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "net-add", "args", "name", "n1"),
	       "net-add", "n1");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:i, s:i}}", "cmd", "net-add", "args",
			 "name", "net.A-1_b", "mode", "isolated", "fdb_aging", 10, "fdb_max", 65536),
	       "net-add", "net.A-1_b", "--mode", "isolated", "--fdb-aging", "10",
	       "--fdb-max", "65536");
	/* options before the name, "--opt=value" form, range ends */
	EXPECT(json_pack("{s:s, s:{s:s, s:i, s:i}}", "cmd", "net-add", "args",
			 "name", "n2", "fdb_aging", 86400, "fdb_max", 16),
	       "net-add", "--fdb-aging=86400", "--fdb-max", "16", "n2");
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "net-del", "args", "name", "n1"),
	       "net-del", "n1");
	EXPECT(json_pack("{s:s, s:{s:s, s:i}}", "cmd", "net-set", "args",
			 "name", "n1", "fdb_aging", 600),
	       "net-set", "n1", "--fdb-aging", "600");
	EXPECT(json_pack("{s:s, s:{s:s, s:i, s:i}}", "cmd", "net-set", "args",
			 "name", "n1", "fdb_aging", 600, "fdb_max", 100),
	       "net-set", "n1", "--fdb-max", "100", "--fdb-aging", "600");
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "net-show", "args", "name", "n1"),
	       "net-show", "n1");
	/* VLAN ids: 1-4094, "none" clears (0) */
	EXPECT(json_pack("{s:s, s:{s:s, s:i}}", "cmd", "net-add", "args",
			 "name", "v10", "vlan", 10),
	       "net-add", "v10", "--vlan", "10");
	EXPECT(json_pack("{s:s, s:{s:s, s:i}}", "cmd", "net-set", "args",
			 "name", "v10", "vlan", 4094),
	       "net-set", "v10", "--vlan=4094");
	EXPECT(json_pack("{s:s, s:{s:s, s:i}}", "cmd", "net-set", "args",
			 "name", "v10", "vlan", 0),
	       "net-set", "v10", "--vlan", "none");
	/* a 31-character name is the longest */
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "net-show", "args",
			 "name", "abcdefghijklmnopqrstuvwxyz01234"),
	       "net-show", "abcdefghijklmnopqrstuvwxyz01234");
}

static void
test_build_port(void **state)
{
	(void)state;
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s}}", "cmd", "port-add", "args",
			 "name", "vm1", "net", "n1", "type", "vhost-user"),
	       "port-add", "vm1", "--net", "n1", "--type", "vhost-user");
	/* trunk ports */
	EXPECT(json_pack("{s:s, s:{s:s, s:[s,s], s:s, s:s}}", "cmd", "port-add", "args",
			 "name", "up", "trunk", "v10", "v20", "native", "mgmt",
			 "type", "vhost-user"),
	       "port-add", "up", "--trunk", "v10,v20", "--native", "mgmt", "--type",
	       "vhost-user");
	EXPECT(json_pack("{s:s, s:{s:s, s:[s]}}", "cmd", "port-set", "args",
			 "name", "up", "trunk", "v10"),
	       "port-set", "up", "--trunk=v10");
	EXPECT(json_pack("{s:s, s:{s:s, s:s}}", "cmd", "port-set", "args",
			 "name", "up", "net", "v10"),
	       "port-set", "up", "--net", "v10");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}}",
			 "cmd", "port-add", "args", "name", "vm2", "net", "n1",
			 "type", "vhost-user-client", "path", "/var/run/q/vm2.sock",
			 "mac", "52:54:00:ab:cd:ef", "owner", "qemu", "group", "kvm",
			 "mode", "0660", "mac_limit", 65536),
	       "port-add", "vm2", "--net", "n1", "--type", "vhost-user-client",
	       "--path", "/var/run/q/vm2.sock", "--mac", "52:54:00:AB:CD:EF",
	       "--owner", "qemu", "--group", "kvm", "--mode", "660", "--mac-limit", "65536");
	/* octal mode normalised to four digits */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:i}}", "cmd", "port-add", "args",
			 "name", "p", "net", "n", "type", "vhost-user", "mode", "0007",
			 "mac_limit", 1),
	       "port-add", "p", "--mode=7", "--net=n", "--type=vhost-user", "--mac-limit", "1");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s}}", "cmd", "port-add", "args",
			 "name", "p", "net", "n", "type", "vhost-user", "mode", "0777"),
	       "port-add", "p", "--net", "n", "--type", "vhost-user", "--mode", "0777");
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "port-del", "args", "name", "vm1"),
	       "port-del", "vm1");
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "port-show", "args", "name", "vm1"),
	       "port-show", "vm1");
}

static void
test_build_port_relative_path(void **state)
{
	char tmpl[] = "/tmp/test_vswctl.XXXXXX", *dir, *real, want[PATH_MAX + 32];
	char oldcwd[PATH_MAX], sub[PATH_MAX + 8];

	(void)state;
	assert_non_null(getcwd(oldcwd, sizeof(oldcwd)));
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	real = realpath(dir, NULL);
	assert_non_null(real);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(chdir(dir), 0);

	snprintf(want, sizeof(want), "%s/x.sock", real);
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s}}", "cmd", "port-add", "args",
			 "name", "p", "net", "n", "type", "vhost-user", "path", want),
	       "port-add", "p", "--net", "n", "--type", "vhost-user", "--path", "x.sock");
	snprintf(want, sizeof(want), "%s/sub/y.sock", real);
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s}}", "cmd", "port-add", "args",
			 "name", "p", "net", "n", "type", "vhost-user", "path", want),
	       "port-add", "p", "--net", "n", "--type", "vhost-user", "--path",
	       "./sub/../sub/y.sock");
	/* directory does not exist yet: joined to the current directory */
	snprintf(want, sizeof(want), "%s/later/z.sock", real);
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s}}", "cmd", "port-add", "args",
			 "name", "p", "net", "n", "type", "vhost-user", "path", want),
	       "port-add", "p", "--net", "n", "--type", "vhost-user", "--path", "later/z.sock");

	assert_int_equal(chdir(oldcwd), 0);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(dir), 0);
	free(real);
}

static void
test_build_fdb_stats(void **state)
{
	(void)state;
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "fdb-show", "args", "net", "n1"),
	       "fdb-show", "n1");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s}}", "cmd", "fdb-add", "args",
			 "net", "n1", "mac", "02:00:00:00:00:0a", "port", "vm1"),
	       "fdb-add", "n1", "02:00:00:00:00:0A", "vm1");
	EXPECT(json_pack("{s:s, s:{s:s, s:s}}", "cmd", "fdb-del", "args",
			 "net", "n1", "mac", "ff:ff:ff:ff:ff:ff"),
	       "fdb-del", "n1", "FF:ff:FF:ff:FF:ff");
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "stats", "args", "port", "vm1"),
	       "stats", "vm1");
}

static void
test_build_net_modes(void **state)
{
	(void)state;
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s, s:i}}", "cmd", "net-add",
			 "args", "name", "ho", "mode", "host-only", "subnet",
			 "192.168.56.0/24", "gateway", "192.168.56.1", "host_if",
			 "vboxnet0", "mtu", 9000),
	       "net-add", "ho", "--mode", "host-only", "--subnet", "192.168.56.0/24",
	       "--gateway", "192.168.56.1", "--host-if", "vboxnet0", "--mtu", "9000");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:i}}", "cmd", "net-add",
			 "args", "name", "lan", "mode", "bridged", "uplink", "eth0",
			 "uplink_type", "af_xdp", "vlan", 10),
	       "net-add", "lan", "--mode", "bridged", "--uplink", "eth0",
	       "--uplink-type", "af_xdp", "--vlan", "10");
	EXPECT(json_pack("{s:s, s:{s:s, s:i}}", "cmd", "net-set", "args", "name",
			 "ho", "mtu", 1500),
	       "net-set", "ho", "--mtu", "1500");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "cmd", "port-add",
			 "args", "name", "t1", "net", "n", "type", "tap", "ifname",
			 "tap-t1", "netns", "ns1"),
	       "port-add", "t1", "--net", "n", "--type", "tap", "--ifname", "tap-t1",
	       "--netns", "ns1");
}

static void
test_build_dhcp(void **state)
{
	(void)state;
	/* net-add: every DHCP option */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:b, s:s, s:[s,s], s:s, s:i, s:s, "
			 "s:[s,s]}}", "cmd", "net-add", "args", "name", "lab",
			 "mode", "host-only", "subnet", "192.168.56.0/24", "dhcp", 1,
			 "dhcp_range", "192.168.56.100-192.168.56.199",
			 "dns", "192.168.56.1", "9.9.9.9", "domain", "lab.example",
			 "lease_time", 86400, "dhcp_server", "192.168.56.2",
			 "routes", "0.0.0.0/0@192.168.56.1", "10.0.0.0/8@192.168.56.3"),
	       "net-add", "lab", "--mode", "host-only", "--subnet", "192.168.56.0/24",
	       "--dhcp", "on", "--dhcp-range", "192.168.56.100-192.168.56.199",
	       "--dns", "192.168.56.1,9.9.9.9", "--domain", "lab.example",
	       "--lease-time", "86400", "--dhcp-server", "192.168.56.2",
	       "--route", "0.0.0.0/0@192.168.56.1,10.0.0.0/8@192.168.56.3");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:b}}", "cmd", "net-add", "args",
			 "name", "i", "subnet", "10.3.0.0/24", "dhcp", 0),
	       "net-add", "i", "--subnet", "10.3.0.0/24", "--dhcp=off");
	/* bounds: lease time 60 and 365 days, one-address range, 4 DNS, 8 routes;
	 * addresses are sent normalised */
	EXPECT(json_pack("{s:s, s:{s:s, s:i, s:s, s:[s,s,s,s]}}", "cmd", "net-add", "args",
			 "name", "i", "lease_time", 60, "dhcp_range", "10.3.0.7-10.3.0.7",
			 "dns", "1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4"),
	       "net-add", "i", "--lease-time", "60", "--dhcp-range", "10.3.0.007-10.3.0.7",
	       "--dns", "1.1.1.1,1.0.0.1,8.8.8.8,8.8.4.4");
	EXPECT(json_pack("{s:s, s:{s:s, s:i, s:[s,s,s,s,s,s,s,s]}}", "cmd", "net-add",
			 "args", "name", "i", "lease_time", 31536000, "routes",
			 "10.1.0.0/16@10.3.0.1", "10.2.0.0/16@10.3.0.1", "10.4.0.0/16@10.3.0.1",
			 "10.5.0.0/16@10.3.0.1", "10.6.0.0/16@10.3.0.1", "10.7.0.0/16@10.3.0.1",
			 "10.8.0.0/16@10.3.0.1", "1.2.3.4/32@10.3.0.1"),
	       "net-add", "i", "--lease-time", "31536000", "--route",
	       "10.1.0.0/16@10.3.0.1,10.2.0.0/16@10.3.0.1,10.4.0.0/16@10.3.0.1,"
	       "10.5.0.0/16@10.3.0.1,10.6.0.0/16@10.3.0.1,10.7.0.0/16@10.3.0.1,"
	       "10.8.0.0/16@10.3.0.1,1.2.3.4/32@10.3.0.1");
	/* net-set: one DHCP option is enough; none / '' clear */
	EXPECT(json_pack("{s:s, s:{s:s, s:b}}", "cmd", "net-set", "args", "name", "i",
			 "dhcp", 1),
	       "net-set", "i", "--dhcp", "on");
	EXPECT(json_pack("{s:s, s:{s:s, s:[], s:[], s:s}}", "cmd", "net-set", "args",
			 "name", "i", "dns", "routes", "domain", ""),
	       "net-set", "i", "--dns", "none", "--route", "none", "--domain", "");
	EXPECT(json_pack("{s:s, s:{s:s, s:s}}", "cmd", "net-set", "args", "name", "i",
			 "domain", ""),
	       "net-set", "i", "--domain=");
	EXPECT(json_pack("{s:s, s:{s:s, s:i, s:s, s:s}}", "cmd", "net-set", "args",
			 "name", "i", "lease_time", 600, "dhcp_server", "10.3.0.2",
			 "dhcp_range", "10.3.0.10-10.3.0.20"),
	       "net-set", "i", "--lease-time", "600", "--dhcp-server", "10.3.0.2",
	       "--dhcp-range", "10.3.0.10-10.3.0.20");
	/* port-add: a flag without a value, and the lease cap (0: no limit) */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:b, s:i}}", "cmd", "port-add", "args",
			 "name", "vm1", "net", "n", "type", "vhost-user", "dhcp_trusted", 1,
			 "dhcp_max_leases", 0),
	       "port-add", "vm1", "--dhcp-trusted", "--net", "n", "--type", "vhost-user",
	       "--dhcp-max-leases", "0");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:i}}", "cmd", "port-add", "args",
			 "name", "t", "net", "n", "type", "tap", "dhcp_max_leases", 65536),
	       "port-add", "t", "--net", "n", "--type", "tap", "--dhcp-max-leases=65536");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:b}}", "cmd", "port-add", "args",
			 "name", "t", "net", "n", "type", "tap", "dhcp_trusted", 1),
	       "port-add", "t", "--net", "n", "--type", "tap", "--dhcp-trusted");
	/* reservations and leases */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:s}}", "cmd", "dhcp-host-add", "args",
			 "net", "lab", "mac", "52:54:00:ab:cd:ef", "ip", "192.168.56.10",
			 "hostname", "web-1"),
	       "dhcp-host-add", "lab", "52:54:00:AB:CD:EF", "192.168.56.10",
	       "--hostname", "web-1");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s}}", "cmd", "dhcp-host-add", "args",
			 "net", "lab", "mac", "02:00:00:00:00:01", "ip", "192.168.56.11"),
	       "dhcp-host-add", "lab", "02:00:00:00:00:01", "192.168.56.11");
	EXPECT(json_pack("{s:s, s:{s:s, s:s}}", "cmd", "dhcp-host-del", "args",
			 "net", "lab", "mac", "02:00:00:00:00:01"),
	       "dhcp-host-del", "lab", "02:00:00:00:00:01");
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "dhcp-host-list", "args"), "dhcp-host-list");
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "dhcp-host-list", "args", "net", "lab"),
	       "dhcp-host-list", "lab");
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "dhcp-leases", "args"), "dhcp-leases");
	EXPECT(json_pack("{s:s, s:{s:s}}", "cmd", "dhcp-leases", "args", "net", "lab"),
	       "dhcp-leases", "lab");
	EXPECT(json_pack("{s:s, s:{s:s, s:s}}", "cmd", "dhcp-lease-del", "args",
			 "net", "lab", "ip", "192.168.56.100"),
	       "dhcp-lease-del", "lab", "192.168.56.100");
}

static void
test_build_capture(void **state)
{
	char tmpl[] = "/tmp/test_vswctl.XXXXXX", oldcwd[PATH_MAX], want[PATH_MAX + 32];
	char *dir, *real;

	(void)state;
	/* defaults: both directions, full frames */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:i, s:s, s:b}}", "cmd", "capture-start", "args",
			 "port", "vm1", "dir", "both", "snaplen", 65535, "path", "/tmp/a.pcap",
			 "stream", 0),
	       "capture", "start", "vm1", "-w", "/tmp/a.pcap");
	/* everything given, options in any order, "--opt=value" forms */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:s, s:b}}",
			 "cmd", "capture-start", "args", "port", "vm1", "dir", "rx",
			 "filter", "vlan 10 and udp port 9", "snaplen", 128,
			 "count", (json_int_t)9223372036854775807LL,
			 "duration", (json_int_t)4294967295u,
			 "max_bytes", (json_int_t)1, "path", "/var/tmp/x", "stream", 0),
	       "capture", "start", "-w=/var/tmp/x", "--dir", "rx",
	       "--filter=vlan 10 and udp port 9", "--snaplen", "128",
	       "--count", "9223372036854775807", "vm1", "--duration=4294967295",
	       "--max-bytes", "1");
	/* a network, to stdout */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:i, s:s, s:b}}", "cmd", "capture-start", "args",
			 "net", "lab", "dir", "both", "snaplen", 65535, "path", "-",
			 "stream", 1),
	       "capture", "start", "--net", "lab", "-w", "-");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:i, s:s, s:b, s:i}}", "cmd", "capture-start",
			 "args", "net", "lab", "dir", "both", "snaplen", 96, "path", "-",
			 "stream", 1, "count", 10),
	       "capture", "start", "-w", "-", "--net=lab", "--dir", "both", "--snaplen=96",
	       "--count", "10");
	/* an empty filter is no filter; the filter is compiled with the snaplen */
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:i, s:s, s:b}}", "cmd", "capture-start", "args",
			 "port", "vm1", "dir", "tx", "snaplen", 65535, "path", "-", "stream", 1),
	       "capture", "start", "vm1", "--filter", "", "--dir", "tx", "-w", "-");
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:s, s:i, s:s, s:b}}", "cmd", "capture-start",
			 "args", "port", "vm1", "dir", "both", "filter", "arp", "snaplen", 1,
			 "path", "-", "stream", 1),
	       "capture", "start", "vm1", "--snaplen", "1", "--filter", "arp", "-w", "-");
	/* list, stop */
	EXPECT(json_pack("{s:s, s:{}}", "cmd", "capture-list", "args"), "capture", "list");
	EXPECT(json_pack("{s:s, s:{s:i}}", "cmd", "capture-stop", "args", "id", 7),
	       "capture", "stop", "7");
	EXPECT(json_pack("{s:s, s:{s:I}}", "cmd", "capture-stop", "args", "id",
			 (json_int_t)4294967295u),
	       "capture", "stop", "4294967295");

	/* a relative file is sent absolute */
	assert_non_null(getcwd(oldcwd, sizeof(oldcwd)));
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	real = realpath(dir, NULL);
	assert_non_null(real);
	assert_int_equal(chdir(dir), 0);
	snprintf(want, sizeof(want), "%s/out.pcap", real);
	EXPECT(json_pack("{s:s, s:{s:s, s:s, s:i, s:s, s:b}}", "cmd", "capture-start", "args",
			 "port", "vm1", "dir", "both", "snaplen", 65535, "path", want,
			 "stream", 0),
	       "capture", "start", "vm1", "-w", "out.pcap");
	assert_int_equal(chdir(oldcwd), 0);
	assert_int_equal(rmdir(dir), 0);
	free(real);
}

static void
test_build_json_and_help(void **state)
{
	char err[ERR_SIZE] = "";
	json_t *req = NULL, *want;
	bool json = false;

	(void)state;
	assert_int_equal(BUILD(&req, &json, err, "net-show", "--json", "n1"), 0);
	assert_true(json);
	want = json_pack("{s:s, s:{s:s}}", "cmd", "net-show", "args", "name", "n1");
	assert_true(json_equal(req, want));
	json_decref(want);
	json_decref(req);

	json = false;
	assert_int_equal(BUILD(&req, &json, err, "status", "--json"), 0);
	assert_true(json);
	json_decref(req);

	/* without a flag to set, --json is just an unknown option */
	assert_int_equal(BUILD(&req, NULL, err, "status", "--json"), -EINVAL);
	assert_null(req);
	assert_non_null(strstr(err, "unknown option"));

	assert_int_equal(BUILD(&req, &json, err, "port-add", "--help"), VSWCTL_REQ_HELP);
	assert_null(req);
	assert_int_equal(BUILD(&req, &json, err, "net-add", "n1", "-h"), VSWCTL_REQ_HELP);
	assert_null(req);

	assert_true(vswctl_req_known("fdb-del"));
	assert_true(vswctl_req_known("capture"));
	assert_false(vswctl_req_known("capture-start"));
	assert_false(vswctl_req_known("capture start"));
	assert_int_equal(BUILD(&req, &json, err, "capture", "--help"), VSWCTL_REQ_HELP);
	assert_int_equal(BUILD(&req, &json, err, "capture", "start", "-h"), VSWCTL_REQ_HELP);
	assert_null(req);
	json = false;
	assert_int_equal(BUILD(&req, &json, err, "capture", "list", "--json"), 0);
	assert_true(json);
	json_decref(req);
	assert_false(vswctl_req_known("help"));
	assert_false(vswctl_req_known("net"));
}

/**
 * struct bad_case - A command line that must be refused
 * @argv:	Words, NULL-terminated
 * @needle:	Text the error message must contain
 */
struct bad_case {
	char *argv[12];
	const char *needle;
};

static const struct bad_case bad_cases[] = {
	{ { "frobnicate" }, "unknown command" },
	{ { "" }, "unknown command" },
	{ { "help" }, "unknown command" },
	{ { "status", "extra" }, "unexpected argument" },
	{ { "status", "--verbose" }, "unknown option" },
	/* names */
	{ { "net-add" }, "missing network name" },
	{ { "net-add", "bad name" }, "invalid network name" },
	{ { "net-add", "a/b" }, "invalid network name" },
	{ { "net-add", "_n1" }, "invalid network name" },
	{ { "net-add", ".n1" }, "invalid network name" },
	{ { "net-add", "" }, "invalid network name" },
	{ { "net-add", "abcdefghijklmnopqrstuvwxyz012345" }, "invalid network name" },
	{ { "net-add", "n\xc3\xa9t" }, "invalid network name" },
	{ { "net-add", "-n1" }, "unknown option" },
	{ { "net-add", "n1", "n2" }, "unexpected argument" },
	/* integers */
	{ { "net-add", "n1", "--fdb-aging", "9" }, "out of range (10-86400)" },
	{ { "net-add", "n1", "--fdb-aging", "86401" }, "out of range" },
	{ { "net-add", "n1", "--fdb-aging", "99999999999999999999999" }, "out of range" },
	{ { "net-add", "n1", "--fdb-max", "15" }, "out of range (16-65536)" },
	{ { "net-add", "n1", "--fdb-max", "65537" }, "out of range" },
	{ { "net-add", "n1", "--fdb-aging", "abc" }, "not a number" },
	{ { "net-add", "n1", "--fdb-aging", "60s" }, "not a number" },
	{ { "net-add", "n1", "--fdb-aging", "-1" }, "not a number" },
	{ { "net-add", "n1", "--fdb-aging", "+60" }, "not a number" },
	{ { "net-add", "n1", "--fdb-aging", " 60" }, "not a number" },
	{ { "net-add", "n1", "--fdb-aging", "0x20" }, "not a number" },
	{ { "net-add", "n1", "--fdb-aging=" }, "not a number" },
	/* options */
	{ { "net-add", "n1", "--mode", "vlan" }, "invalid network mode" },
	{ { "net-add", "n1", "--bogus", "1" }, "unknown option '--bogus'" },
	{ { "net-add", "n1", "-x" }, "unknown option" },
	{ { "net-add", "n1", "--fdb-aging" }, "needs a value" },
	{ { "net-add", "n1", "--fdb-aging", "--fdb-max", "20" }, "needs a value" },
	{ { "net-add", "n1", "--fdb-aging", "60", "--fdb-aging", "70" }, "given twice" },
	{ { "net-add", "n1", "--fdb-agin", "60" }, "unknown option" },
	{ { "net-del" }, "missing network name" },
	{ { "net-del", "n1", "n2" }, "unexpected argument" },
	{ { "net-set", "n1" }, "nothing to change (give --vlan, --mtu, --fdb-aging, --fdb-max, "
	  "--dhcp, --dhcp-range, --dns, --domain, --lease-time, --dhcp-server, --route)" },
	{ { "net-add", "n1", "--mode", "nat" }, "expected isolated, host-only, bridged" },
	{ { "net-add", "n1", "--mtu", "67" }, "out of range (68-9000)" },
	{ { "net-set", "n1", "--mtu", "9001" }, "out of range (68-9000)" },
	{ { "net-add", "n1", "--gateway", "10.0.0" }, "invalid gateway address" },
	{ { "net-add", "n1", "--gateway", "10.0.0.256" }, "invalid gateway address" },
	{ { "net-add", "n1", "--host-if", "abcdefghijklmnop" }, "invalid host interface name" },
	{ { "net-add", "n1", "--host-if", "a/b" }, "invalid host interface name" },
	{ { "net-add", "n1", "--uplink-type", "tap" }, "invalid uplink type" },
	{ { "net-add", "n1", "--subnet", "" }, "invalid subnet" },
	{ { "port-add", "p1", "--net", "n1", "--type", "tap", "--netns", ".." },
	  "invalid network namespace" },
	{ { "port-add", "p1", "--net", "n1", "--type", "tap", "--ifname", "x y" },
	  "invalid interface name" },
	{ { "port-add", "p1", "--net", "n1", "--type", "af_packet" }, "invalid port type" },
	{ { "net-add", "n1", "--vlan", "0" }, "invalid VLAN id '0' (1-4094, or none)" },
	{ { "net-add", "n1", "--vlan", "4095" }, "invalid VLAN id" },
	{ { "net-add", "n1", "--vlan", "ten" }, "invalid VLAN id" },
	{ { "net-add", "n1", "--vlan", "-1" }, "invalid VLAN id" },
	{ { "net-set", "n1", "--vlan", "" }, "invalid VLAN id" },
	{ { "port-add", "p1", "--net", "n1", "--trunk", "n2", "--type", "vhost-user" },
	  "exclude each other" },
	{ { "port-add", "p1", "--net", "n1", "--native", "n2", "--type", "vhost-user" },
	  "--native needs --trunk" },
	{ { "port-add", "p1", "--native", "n2", "--type", "vhost-user" }, "missing option --net" },
	{ { "port-add", "p1", "--trunk", "a,,b", "--type", "vhost-user" }, "invalid network name ''" },
	{ { "port-add", "p1", "--trunk", "a,", "--type", "vhost-user" }, "invalid network name" },
	{ { "port-add", "p1", "--trunk", "a, b", "--type", "vhost-user" }, "invalid network name ' b'" },
	{ { "port-add", "p1", "--trunk", "a,b,a", "--type", "vhost-user" }, "'a' is listed twice" },
	{ { "port-add", "p1", "--trunk", "", "--type", "vhost-user" }, "invalid network name" },
	{ { "port-add", "p1", "--trunk", "abcdefghijklmnopqrstuvwxyz0123456", "--type",
	    "vhost-user" }, "invalid network name" },
	{ { "port-set", "p1" }, "missing option --net" },
	{ { "port-set", "p1", "--type", "vhost-user", "--net", "n" }, "unknown option" },
	{ { "port-set", "--net", "n" }, "missing port name" },
	{ { "net-set", "n1", "--mode", "isolated" }, "unknown option" },
	{ { "net-set", "--fdb-aging", "60" }, "missing network name" },
	{ { "net-list", "n1" }, "unexpected argument" },
	{ { "net-show" }, "missing network name" },
	{ { "net-show", "n 1" }, "invalid network name" },
	/* port-add */
	{ { "port-add" }, "missing port name" },
	{ { "port-add", "p1", "--type", "vhost-user" }, "missing option --net" },
	{ { "port-add", "p1", "--net", "n1" }, "missing option --type" },
	{ { "port-add", "p1", "--net", "bad!", "--type", "vhost-user" }, "invalid network name" },
	{ { "port-add", "p1", "--net", "n1", "--type", "virtio" }, "invalid port type" },
	{ { "port-add", "p1", "--net", "n1", "--type", "" }, "invalid port type" },
	{ { "port-add", "p!", "--net", "n1", "--type", "vhost-user" }, "invalid port name" },
	{ { "port-add", "p1", "p2", "--net", "n1", "--type", "vhost-user" }, "unexpected argument" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mac", "aa:bb:cc:dd:ee" },
	  "invalid MAC address" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mac", "aa:bb:cc:dd:ee:fg" },
	  "invalid MAC address" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mac", "aa-bb-cc-dd-ee-ff" },
	  "invalid MAC address" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mode", "0778" },
	  "invalid socket mode" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mode", "1777" },
	  "invalid socket mode" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mode", "00660" },
	  "invalid socket mode" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mode", "rw" },
	  "invalid socket mode" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mode=" },
	  "invalid socket mode" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mac-limit", "0" },
	  "out of range (1-65536)" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--mac-limit", "65537" },
	  "out of range" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--owner", "a b" },
	  "invalid owner" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--group", "" },
	  "invalid group" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--path", "/tmp/dir/" },
	  "names a directory" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--path", ".." },
	  "names a directory" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--path",
	    "/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock" }, "too long" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--path" }, "needs a value" },
	{ { "port-add", "p1", "--net", "n1", "--type", "vhost-user", "--fdb-max", "20" },
	  "unknown option" },
	{ { "port-del" }, "missing port name" },
	{ { "port-del", "p1", "p2" }, "unexpected argument" },
	{ { "port-list", "--all" }, "unknown option" },
	{ { "port-show" }, "missing port name" },
	{ { "port-show", "p1", "x" }, "unexpected argument" },
	/* fdb and stats */
	{ { "fdb-show", "bad!" }, "invalid network name" },
	{ { "fdb-show", "n1", "n2" }, "unexpected argument" },
	{ { "fdb-add" }, "missing network name" },
	{ { "fdb-add", "n1" }, "missing MAC address" },
	{ { "fdb-add", "n1", "02:00:00:00:00:01" }, "missing port name" },
	{ { "fdb-add", "n1", "02:00:00:00:00:1", "p1" }, "invalid MAC address" },
	{ { "fdb-add", "n1", "02:00:00:00:00:01", "p 1" }, "invalid port name" },
	{ { "fdb-add", "n1", "02:00:00:00:00:01", "p1", "p2" }, "unexpected argument" },
	{ { "fdb-del", "n1" }, "missing MAC address" },
	{ { "fdb-del", "n1", "02:00:00:00:00:01", "p1" }, "unexpected argument" },
	{ { "fdb-del", "n1", "02:00:00:00:00:01:02" }, "invalid MAC address" },
	{ { "stats", "p!" }, "invalid port name" },
	{ { "stats", "p1", "p2" }, "unexpected argument" },
	/* DHCP options of net-add / net-set */
	{ { "net-add", "n1", "--dhcp", "yes" }, "--dhcp: invalid DHCP setting 'yes' "
	  "(expected on or off)" },
	{ { "net-add", "n1", "--dhcp" }, "option --dhcp needs a value" },
	{ { "net-set", "n1", "--dhcp", "" }, "invalid DHCP setting" },
	{ { "net-add", "n1", "--dhcp-range", "10.0.0.1" }, "--dhcp-range: invalid DHCP "
	  "range '10.0.0.1' (FIRST-LAST" },
	{ { "net-add", "n1", "--dhcp-range", "10.0.0.1-" }, "invalid DHCP range" },
	{ { "net-add", "n1", "--dhcp-range", "10.0.0.1 -10.0.0.5" }, "invalid DHCP range" },
	{ { "net-add", "n1", "--dhcp-range", "10.0.0.1-10.0.0.256" }, "invalid DHCP range" },
	{ { "net-add", "n1", "--dhcp-range", "10.0.0.9-10.0.0.1" }, "'10.0.0.9-10.0.0.1': "
	  "the first address is above the last" },
	{ { "net-add", "n1", "--dhcp-range", "10.0.0.0-10.1.0.0" }, "holds more than "
	  "65536 addresses" },
	{ { "net-add", "n1", "--dns", "1.1.1" }, "--dns: invalid DNS server '1.1.1'" },
	{ { "net-add", "n1", "--dns", "1.1.1.1,,8.8.8.8" }, "invalid DNS server ''" },
	{ { "net-add", "n1", "--dns", "1.1.1.1, 8.8.8.8" }, "invalid DNS server ' 8.8.8.8'" },
	{ { "net-add", "n1", "--dns", "" }, "invalid DNS server" },
	{ { "net-add", "n1", "--dns", "127.0.0.1" }, "DNS server 127.0.0.1 is not a "
	  "unicast address" },
	{ { "net-add", "n1", "--dns", "224.0.0.251" }, "not a unicast address" },
	{ { "net-add", "n1", "--dns", "1.1.1.1,1.1.1.1" }, "DNS server '1.1.1.1' is "
	  "listed twice" },
	{ { "net-add", "n1", "--dns", "1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5" },
	  "--dns: more than 4 DNS servers" },
	{ { "net-add", "n1", "--domain", "a..b" }, "--domain: invalid domain 'a..b'" },
	{ { "net-add", "n1", "--domain", "-lab" }, "invalid domain" },
	{ { "net-add", "n1", "--domain", "la_b" }, "invalid domain" },
	{ { "net-add", "n1", "--domain", "lab." }, "invalid domain" },
	{ { "net-add", "n1", "--domain", "a23456789.b23456789.c23456789.d23456789."
	    "e23456789.f23456789.g234" }, "at most 63 characters" },
	{ { "net-add", "n1", "--lease-time", "59" }, "--lease-time: lease time '59' out "
	  "of range (60-31536000)" },
	{ { "net-add", "n1", "--lease-time", "31536001" }, "out of range" },
	{ { "net-add", "n1", "--lease-time", "1h" }, "not a number" },
	{ { "net-add", "n1", "--dhcp-server", "10.0.0" }, "--dhcp-server: invalid DHCP "
	  "server address '10.0.0'" },
	{ { "net-add", "n1", "--route", "10.0.0.0/8" }, "--route: invalid route "
	  "'10.0.0.0/8' (CIDR@GATEWAY" },
	{ { "net-add", "n1", "--route", "10.0.0.0@10.3.0.1" }, "invalid route" },
	{ { "net-add", "n1", "--route", "10.0.0.0/@10.3.0.1" }, "invalid route" },
	{ { "net-add", "n1", "--route", "10.0.0.0/+8@10.3.0.1" }, "invalid route" },
	{ { "net-add", "n1", "--route", "10.0.0.0/8@10.3.0" }, "invalid route" },
	{ { "net-add", "n1", "--route", "10.3.0.1@10.0.0.0/8" }, "invalid route" },
	{ { "net-add", "n1", "--route", "10.0.0.0/33@10.3.0.1" }, "route "
	  "'10.0.0.0/33@10.3.0.1': prefix length must be 0-32" },
	{ { "net-add", "n1", "--route", "10.1.0.0/8@10.3.0.1" }, "has host bits set (did "
	  "you mean 10.0.0.0/8?)" },
	{ { "net-add", "n1", "--route", "10.0.0.0/8@255.255.255.255" }, "the gateway is "
	  "not a unicast address" },
	{ { "net-add", "n1", "--route", "10.0.0.0/8@10.3.0.1,10.0.0.0/8@10.3.0.2" },
	  "a route to '10.0.0.0/8' is listed twice" },
	{ { "net-add", "n1", "--route", "1.0.0.0/8@10.3.0.1,2.0.0.0/8@10.3.0.1,"
	    "3.0.0.0/8@10.3.0.1,4.0.0.0/8@10.3.0.1,5.0.0.0/8@10.3.0.1,6.0.0.0/8@10.3.0.1,"
	    "7.0.0.0/8@10.3.0.1,8.0.0.0/8@10.3.0.1,9.0.0.0/8@10.3.0.1" },
	  "--route: more than 8 routes" },
	{ { "net-add", "n1", "--route", "10.0.0.0/8@10.3.0.1", "--route", "none" },
	  "option --route given twice" },
	/* port-add DHCP options */
	{ { "port-add", "p1", "--net", "n1", "--type", "tap", "--dhcp-trusted=yes" },
	  "option --dhcp-trusted takes no value" },
	{ { "port-add", "p1", "--net", "n1", "--type", "tap", "--dhcp-trusted",
	    "--dhcp-trusted" }, "given twice" },
	{ { "port-add", "p1", "--net", "n1", "--type", "tap", "--dhcp-max-leases",
	    "65537" }, "--dhcp-max-leases: DHCP lease limit '65537' out of range (0-65536)" },
	{ { "port-add", "p1", "--net", "n1", "--type", "tap", "--dhcp-max-leases" },
	  "needs a value" },
	{ { "port-set", "p1", "--net", "n1", "--dhcp-trusted" }, "unknown option" },
	/* reservations and leases */
	{ { "dhcp-host-add" }, "dhcp-host-add: missing network name" },
	{ { "dhcp-host-add", "n1" }, "dhcp-host-add: missing MAC address" },
	{ { "dhcp-host-add", "n1", "02:00:00:00:00:01" }, "dhcp-host-add: missing IP address" },
	{ { "dhcp-host-add", "n 1", "02:00:00:00:00:01", "10.0.0.5" }, "invalid network name" },
	{ { "dhcp-host-add", "n1", "02:00:00:00:01", "10.0.0.5" }, "invalid MAC address "
	  "'02:00:00:00:01' (expected xx:xx:xx:xx:xx:xx)" },
	{ { "dhcp-host-add", "n1", "01:00:5e:00:00:01", "10.0.0.5" }, "invalid MAC address "
	  "'01:00:5e:00:00:01' (multicast; a client's address is unicast)" },
	{ { "dhcp-host-add", "n1", "00:00:00:00:00:00", "10.0.0.5" }, "(all zeros" },
	{ { "dhcp-host-add", "n1", "02:00:00:00:00:01", "10.0.0" }, "invalid IP address "
	  "'10.0.0'" },
	{ { "dhcp-host-add", "n1", "02:00:00:00:00:01", "10.0.0.5", "x" },
	  "unexpected argument 'x'" },
	{ { "dhcp-host-add", "n1", "02:00:00:00:00:01", "10.0.0.5", "--hostname", "a_b" },
	  "--hostname: invalid host name 'a_b'" },
	{ { "dhcp-host-add", "n1", "02:00:00:00:00:01", "10.0.0.5", "--hostname", "" },
	  "invalid host name ''" },
	{ { "dhcp-host-add", "n1", "02:00:00:00:00:01", "10.0.0.5", "--hostname" },
	  "needs a value" },
	{ { "dhcp-host-del", "n1" }, "dhcp-host-del: missing MAC address" },
	{ { "dhcp-host-del", "n1", "ff:ff:ff:ff:ff:ff" }, "multicast" },
	{ { "dhcp-host-del", "n1", "02:00:00:00:00:01", "10.0.0.5" }, "unexpected argument" },
	{ { "dhcp-host-del", "n1", "02:00:00:00:00:01", "--hostname", "a" }, "unknown option" },
	{ { "dhcp-host-list", "n!" }, "invalid network name" },
	{ { "dhcp-host-list", "n1", "n2" }, "unexpected argument" },
	{ { "dhcp-leases", "n!" }, "invalid network name" },
	{ { "dhcp-leases", "n1", "--all" }, "unknown option" },
	{ { "dhcp-lease-del", "n1" }, "dhcp-lease-del: missing IP address" },
	{ { "dhcp-lease-del", "n1", "10.0.0.256" }, "invalid IP address '10.0.0.256'" },
	{ { "dhcp-lease-del", "n1", "10.0.0.5", "x" }, "unexpected argument" },
	/* capture: subcommands */
	{ { "capture" }, "capture: missing subcommand (try 'vswctl help capture')" },
	{ { "capture", "begin" }, "capture: unknown subcommand 'begin'" },
	{ { "capture", "--json" }, "unknown subcommand" },
	{ { "capture-start", "vm1", "-w", "f" }, "unknown command 'capture-start'" },
	{ { "capture list" }, "unknown command" },
	{ { "capture", "list", "x" }, "capture list: unexpected argument 'x'" },
	{ { "capture", "stop" }, "capture stop: missing capture id" },
	{ { "capture", "stop", "0" }, "capture id '0' out of range (1-4294967295)" },
	{ { "capture", "stop", "x1" }, "'x1' is not a number" },
	{ { "capture", "stop", "1", "2" }, "unexpected argument '2'" },
	/* capture start: target, output, direction */
	{ { "capture", "start", "-w", "f" }, "capture start: missing port name (or --net NET" },
	{ { "capture", "start", "vm1", "--net", "n1", "-w", "f" },
	  "capture start: give a port or --net NET, not both" },
	{ { "capture", "start", "vm1" }, "capture start: missing -w FILE (or -w - to write "
	  "to stdout)" },
	{ { "capture", "start", "--net", "n1" }, "missing -w FILE" },
	{ { "capture", "start", "vm1", "-w" }, "option -w needs a value" },
	{ { "capture", "start", "vm1", "-w", "a", "-w", "b" }, "option -w given twice" },
	{ { "capture", "start", "vm1", "-w", "dir/" }, "-w: 'dir/' names a directory" },
	{ { "capture", "start", "vm1", "-w", "." }, "names a directory" },
	{ { "capture", "start", "vm1", "-x", "f" }, "unknown option '-x'" },
	{ { "capture", "start", "vm1", "--w", "f" }, "unknown option '--w'" },
	{ { "capture", "start", "vm 1", "-w", "f" }, "invalid port name 'vm 1'" },
	{ { "capture", "start", "vm1", "vm2", "-w", "f" }, "unexpected argument 'vm2'" },
	{ { "capture", "start", "--net", "n!", "-w", "f" }, "invalid network name 'n!'" },
	{ { "capture", "start", "vm1", "--dir", "in", "-w", "f" },
	  "--dir: invalid direction 'in' (expected rx, tx, both)" },
	{ { "capture", "start", "--net", "n1", "--dir", "rx", "-w", "f" },
	  "capture start: --dir rx needs a port (a network capture sees each frame once" },
	{ { "capture", "start", "--net", "n1", "--dir", "tx", "-w", "-" }, "--dir tx needs" },
	/* capture start: numbers */
	{ { "capture", "start", "vm1", "--snaplen", "0", "-w", "f" },
	  "--snaplen: snapshot length '0' out of range (1-65535)" },
	{ { "capture", "start", "vm1", "--snaplen", "65536", "-w", "f" }, "out of range" },
	{ { "capture", "start", "vm1", "--count", "0", "-w", "f" },
	  "--count: frame count '0' out of range (1-9223372036854775807)" },
	{ { "capture", "start", "vm1", "--count", "9223372036854775808", "-w", "f" },
	  "out of range" },
	{ { "capture", "start", "vm1", "--count", "-1", "-w", "f" }, "not a number" },
	{ { "capture", "start", "vm1", "--count", "1e3", "-w", "f" }, "not a number" },
	{ { "capture", "start", "vm1", "--count=", "-w", "f" }, "not a number" },
	{ { "capture", "start", "vm1", "--duration", "0", "-w", "f" },
	  "--duration: duration '0' out of range (1-4294967295)" },
	{ { "capture", "start", "vm1", "--duration", "10s", "-w", "f" }, "not a number" },
	{ { "capture", "start", "vm1", "--max-bytes", "0", "-w", "f" },
	  "--max-bytes: file size '0' out of range" },
	{ { "capture", "start", "vm1", "--max-bytes", "1M", "-w", "f" }, "not a number" },
	/* capture start: filters, compiled by libpcap */
	{ { "capture", "start", "vm1", "--filter", "udp prot 9", "-w", "f" },
	  "bad filter 'udp prot 9': syntax error" },
	{ { "capture", "start", "vm1", "--filter", "port 99999", "-w", "f" },
	  "bad filter 'port 99999': illegal port number" },
	{ { "capture", "start", "vm1", "--filter=vlan 5000", "-w", "-" }, "bad filter 'vlan 5000'" },
	{ { "capture", "start", "vm1", "--filter", "-w", "f" }, "option --filter needs a value" },
};

static void
test_build_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		char err[ERR_SIZE] = "";
		json_t *req = (json_t *)&req;	/* must be reset to NULL */
		bool json = false;
		int argc = 0, rc;

		while (c->argv[argc] != NULL)
			argc++;
		rc = vswctl_req_build(argc, c->argv, &req, &json, err, sizeof(err));
		if (rc != -EINVAL || req != NULL || strstr(err, c->needle) == NULL ||
		    strchr(err, '\n') != NULL)
			fail_msg("case %zu (%s %s): rc %d, err '%s', want '%s'", i,
				 c->argv[0], argc > 1 ? c->argv[1] : "", rc, err, c->needle);
	}
	/* no words at all */
	{
		char err[ERR_SIZE] = "";
		json_t *req = NULL;

		assert_int_equal(vswctl_req_build(0, ARGV(NULL), &req, NULL, err, sizeof(err)),
				 -EINVAL);
		assert_null(req);
		assert_non_null(strstr(err, "missing command"));
	}
}

static void
test_build_error_quotes_input(void **state)
{
	char err[ERR_SIZE] = "", long_name[200];
	json_t *req = NULL;

	(void)state;
	/* control characters never reach the terminal, long input is cut */
	assert_int_equal(BUILD(&req, NULL, err, "net-add", "a\nb\x1b[31m"), -EINVAL);
	assert_null(strchr(err, '\n'));
	assert_null(strchr(err, '\x1b'));
	assert_non_null(strstr(err, "a?b?[31m"));
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(BUILD(&req, NULL, err, "net-show", long_name), -EINVAL);
	assert_non_null(strstr(err, "..."));
	assert_true(strlen(err) < 200);
	/* a tiny error buffer is not overrun */
	{
		char small[8];

		memset(small, 'Z', sizeof(small));
		assert_int_equal(vswctl_req_build(1, ARGV("nope"), &req, NULL, small,
						  sizeof(small)), -EINVAL);
		assert_int_equal(small[7], '\0');
	}
}

static void
test_usage(void **state)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &size);
	assert_non_null(f);
	vswctl_req_usage(f);
	assert_int_equal(vswctl_req_cmd_usage(f, "fdb-add"), 0);
	assert_int_equal(vswctl_req_cmd_usage(f, "nope"), -ENOENT);
	fclose(f);
	assert_non_null(strstr(buf, "  net-add NAME [--mode isolated|host-only|bridged]"));
	assert_non_null(strstr(buf, "  stats [PORT]\n"));
	assert_non_null(strstr(buf, "usage: vswctl [OPTIONS] fdb-add NET MAC PORT\n"));
	assert_non_null(strstr(buf, "  dhcp-host-add NET MAC IP [--hostname NAME]\n"));
	assert_non_null(strstr(buf, "  dhcp-leases [NET]\n"));
	assert_non_null(strstr(buf, "[--dns IP[,IP...]|none]"));
	assert_non_null(strstr(buf, "[--dhcp-trusted] [--dhcp-max-leases N]"));
	assert_non_null(strstr(buf, "  capture start PORT|--net NET [--dir rx|tx|both] "
			       "[--filter EXPR]\n"));
	assert_non_null(strstr(buf, "-w FILE|-\n  capture list\n  capture stop ID\n"));
	free(buf);
	/* "help capture" shows every subcommand */
	f = open_memstream(&buf, &size);
	assert_int_equal(vswctl_req_cmd_usage(f, "capture"), 0);
	assert_int_equal(vswctl_req_cmd_usage(f, "capture start"), -ENOENT);
	assert_int_equal(vswctl_req_cmd_usage(f, "captur"), -ENOENT);
	fclose(f);
	assert_non_null(strstr(buf, "usage: vswctl [OPTIONS] capture start PORT|--net NET"));
	assert_non_null(strstr(buf, "\n       vswctl [OPTIONS] capture list\n"
			       "       vswctl [OPTIONS] capture stop ID\n"));
	free(buf);
}

/* Response decoding */

static void
test_parse_ok(void **state)
{
	const char *line = "{\"ok\": true, \"result\": {\"networks\": []}}";
	char err[ERR_SIZE];
	json_t *result, *want;

	(void)state;
	assert_int_equal(vswctl_conn_parse_response(line, strlen(line), &result, err,
						    sizeof(err)), 0);
	want = json_pack("{s:[]}", "networks");
	assert_true(json_equal(result, want));
	json_decref(want);
	json_decref(result);
}

static void
test_parse_error(void **state)
{
	const char *line = "{\"ok\":false,\"error\":\"network 'n1' has ports attached\"}";
	const char *ml = "{\"ok\":false,\"error\":\"two\\nlines\\u001b\"}";
	const char *empty = "{\"ok\":false,\"error\":\"\"}";
	char err[ERR_SIZE];
	json_t *result;

	(void)state;
	assert_int_equal(vswctl_conn_parse_response(line, strlen(line), &result, err,
						    sizeof(err)), VSWCTL_CONN_DAEMON_ERR);
	assert_null(result);
	assert_string_equal(err, "network 'n1' has ports attached");
	assert_int_equal(vswctl_conn_parse_response(ml, strlen(ml), &result, err,
						    sizeof(err)), VSWCTL_CONN_DAEMON_ERR);
	assert_string_equal(err, "two lines ");
	assert_int_equal(vswctl_conn_parse_response(empty, strlen(empty), &result, err,
						    sizeof(err)), VSWCTL_CONN_DAEMON_ERR);
	assert_true(err[0] != '\0');
}

static void
test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"{",
		"{\"ok\": tr",
		"{\"ok\": true, \"result\": {\"a\": 1}",
		"not json",
		"[1, 2]",
		"\"ok\"",
		"42",
		"null",
		"{}",
		"{\"ok\": 1, \"result\": {}}",
		"{\"ok\": \"true\", \"result\": {}}",
		"{\"ok\": true}",
		"{\"ok\": true, \"result\": []}",
		"{\"ok\": true, \"result\": null}",
		"{\"ok\": true, \"result\": \"x\"}",
		"{\"ok\": false}",
		"{\"ok\": false, \"error\": 5}",
		"{\"ok\": false, \"error\": null}",
		"{\"ok\": true, \"result\": {}} trailing",
	};
	char err[ERR_SIZE];
	json_t *result;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = vswctl_conn_parse_response(bad[i], strlen(bad[i]), &result, err,
						    sizeof(err));

		if (rc != -EPROTO || result != NULL || strstr(err, "malformed") == NULL)
			fail_msg("'%s': rc %d err '%s'", bad[i], rc, err);
	}
	/* an embedded NUL byte */
	assert_int_equal(vswctl_conn_parse_response("{\"ok\":true,\0\"result\":{}}", 25,
						    &result, err, sizeof(err)), -EPROTO);
}

/* Socket exchange against a forked fake daemon */

enum fake_mode {
	FAKE_REPLY,	/* check the request line, answer @reply */
	FAKE_CLOSE,	/* read the request, close without answering */
	FAKE_PARTIAL,	/* answer half a line, close */
	FAKE_SILENT,	/* read the request, never answer */
	FAKE_FLOOD,	/* answer more than VSWCTL_CONN_RESP_MAX bytes, no newline */
	FAKE_SPLIT,	/* answer @reply byte by byte */
};

/**
 * struct fake - A one-connection fake vswitchd
 * @dir:	Temporary run directory
 * @sock:	Socket path inside @dir
 * @pid:	Child serving the connection
 */
struct fake {
	char dir[64];
	char sock[100];
	pid_t pid;
};

/**
 * fake_serve() - Child side: serve one connection, then exit
 * @lfd:	Listening socket
 * @mode:	Behaviour
 * @expect:	Expected request line (FAKE_REPLY), newline included
 * @reply:	Response bytes
 */
static void
fake_serve(int lfd, enum fake_mode mode, const char *expect, const char *reply)
{
	char line[4096];
	size_t len = 0;
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		_exit(10);
	while (len < sizeof(line) - 1 && (len == 0 || line[len - 1] != '\n')) {
		ssize_t n = read(fd, line + len, 1);

		if (n <= 0)
			_exit(11);
		len += (size_t)n;
	}
	line[len] = '\0';
	if (expect != NULL && strcmp(line, expect) != 0)
		_exit(12);
	switch (mode) {
	case FAKE_REPLY:
		if (write(fd, reply, strlen(reply)) < 0)
			_exit(13);
		break;
	case FAKE_CLOSE:
		break;
	case FAKE_PARTIAL:
		if (write(fd, reply, strlen(reply) / 2) < 0)
			_exit(13);
		break;
	case FAKE_SILENT:
		pause();
		break;
	case FAKE_FLOOD: {
		static char chunk[65536];
		size_t sent = 0;

		memset(chunk, ' ', sizeof(chunk));
		while (sent <= VSWCTL_CONN_RESP_MAX + sizeof(chunk)) {
			ssize_t n = write(fd, chunk, sizeof(chunk));

			if (n <= 0)
				break;	/* client gave up */
			sent += (size_t)n;
		}
		break;
	}
	case FAKE_SPLIT:
		for (len = 0; reply[len] != '\0'; len++) {
			if (write(fd, reply + len, 1) != 1)
				_exit(13);
			usleep(1000);
		}
		break;
	}
	close(fd);
	_exit(0);
}

/**
 * fake_listen() - A fresh directory with a listening control socket in it
 * @f:		Fake: dir and sock are filled in
 *
 * Return: the listening descriptor
 */
static int
fake_listen(struct fake *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd;

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_vswctl.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(vswctl_conn_sock_path(f->dir, f->sock, sizeof(f->sock)), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->sock);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 4), 0);
	return lfd;
}

/**
 * fake_start() - Start a fake daemon serving one connection
 * @f:		Output
 * @mode:	Behaviour
 * @expect:	Expected request line, NULL to accept any
 * @reply:	Response bytes
 */
static void
fake_start(struct fake *f, enum fake_mode mode, const char *expect, const char *reply)
{
	int lfd = fake_listen(f);

	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0)
		fake_serve(lfd, mode, expect, reply);
	close(lfd);
}

/**
 * fake_stop() - Reap the fake daemon and remove its directory
 * @f:		Fake started by fake_start()
 * @stop:	Kill it first (it would wait forever); otherwise wait for its exit
 *
 * Return: the child's exit status, -1 if it was killed
 */
static int
fake_stop(struct fake *f, bool stop)
{
	int status;

	if (stop)
		kill(f->pid, SIGTERM);
	assert_int_equal(waitpid(f->pid, &status, 0), f->pid);
	unlink(f->sock);
	rmdir(f->dir);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/**
 * fake_exchange() - Run one request against a fake daemon
 * @mode:	Fake behaviour
 * @reply:	Fake response
 * @timeout_ms:	Client deadline
 * @resp:	Output response, to free()
 * @err:	Output error message (ERR_SIZE bytes)
 *
 * Return: vswctl_conn_request()'s return
 */
static int
fake_exchange(enum fake_mode mode, const char *reply, int timeout_ms, char **resp,
	      char *err)
{
	const char *expect = "{\"cmd\":\"net-show\",\"args\":{\"name\":\"n1\"}}\n";
	json_t *req = json_pack("{s:s, s:{s:s}}", "cmd", "net-show", "args", "name", "n1");
	struct fake f = { .pid = 0 };
	size_t size;
	int rc, child;

	fake_start(&f, mode, mode == FAKE_REPLY ? expect : NULL, reply);
	rc = vswctl_conn_request(f.sock, req, timeout_ms, resp, &size, err, ERR_SIZE);
	json_decref(req);
	child = fake_stop(&f, mode == FAKE_SILENT || mode == FAKE_FLOOD);
	if (mode == FAKE_REPLY)
		assert_int_equal(child, 0);	/* request line was as expected */
	if (rc == 0)
		assert_int_equal(size, strlen(*resp));
	return rc;
}

static void
test_conn_exchange(void **state)
{
	char err[ERR_SIZE], *resp = NULL;

	(void)state;
	assert_int_equal(fake_exchange(FAKE_REPLY, "{\"ok\":true,\"result\":{}}\nextra",
				       5000, &resp, err), 0);
	assert_string_equal(resp, "{\"ok\":true,\"result\":{}}");
	free(resp);
	assert_int_equal(fake_exchange(FAKE_SPLIT, "{\"ok\":false,\"error\":\"x\"}\n",
				       5000, &resp, err), 0);
	assert_string_equal(resp, "{\"ok\":false,\"error\":\"x\"}");
	free(resp);
}

static void
test_conn_failures(void **state)
{
	char err[ERR_SIZE], *resp = (char *)&resp;

	(void)state;
	assert_int_equal(fake_exchange(FAKE_CLOSE, "", 5000, &resp, err), -EPROTO);
	assert_null(resp);
	assert_non_null(strstr(err, "without a response"));
	assert_int_equal(fake_exchange(FAKE_PARTIAL, "{\"ok\":true,\"result\":{}}\n", 5000,
				       &resp, err), -EPROTO);
	assert_null(resp);
	assert_non_null(strstr(err, "truncated"));
	assert_int_equal(fake_exchange(FAKE_SILENT, "", 200, &resp, err), -ETIMEDOUT);
	assert_null(resp);
	assert_non_null(strstr(err, "timed out"));
	assert_int_equal(fake_exchange(FAKE_FLOOD, "", 20000, &resp, err), -EPROTO);
	assert_null(resp);
	assert_non_null(strstr(err, "longer than"));
}

static void
test_conn_no_daemon(void **state)
{
	char err[ERR_SIZE], *resp, path[300];
	json_t *req = json_pack("{s:s}", "cmd", "status");
	size_t size;

	(void)state;
	assert_int_equal(vswctl_conn_request("/nonexistent/vswitchd.sock", req, 1000, &resp,
					     &size, err, sizeof(err)), -ENOENT);
	assert_null(resp);
	assert_non_null(strstr(err, "cannot connect"));
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	assert_int_equal(vswctl_conn_request(path, req, 1000, &resp, &size, err,
					     sizeof(err)), -ENAMETOOLONG);
	json_decref(req);
}

/* Capture: the -w FILE descriptor, fd passing, lines after the response */

static void
test_capture_file(void **state)
{
	char tmpl[] = "/tmp/test_vswctl.XXXXXX", path[PATH_MAX], err[ERR_SIZE], buf[16];
	bool created = true;
	struct stat st;
	mode_t old;
	int fd = 0;
	char *dir;

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);

	/* a new file: created 0644 less the umask, open for writing */
	old = umask(022);
	snprintf(path, sizeof(path), "%s/new.pcap", dir);
	assert_int_equal(vswctl_req_capture_file(path, &fd, &created, err, sizeof(err)), 0);
	assert_true(created);
	assert_true(fd > 2);
	assert_int_equal(write(fd, "pcap", 4), 4);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_false(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
	close(fd);
	assert_int_equal(unlink(path), 0);
	umask(077);
	assert_int_equal(vswctl_req_capture_file(path, &fd, &created, err, sizeof(err)), 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	close(fd);
	umask(old);

	/* an existing regular file: not "created", and left as it is (the daemon
	 * truncates it when it accepts the capture)
	 */
	fd = open(path, O_WRONLY | O_APPEND);
	assert_int_equal(write(fd, "more", 4), 4);
	close(fd);
	assert_int_equal(vswctl_req_capture_file(path, &fd, &created, err, sizeof(err)), 0);
	assert_false(created);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 0);
	close(fd);

	/* a symlink, even to a regular file */
	snprintf(buf, sizeof(buf), "new.pcap");
	{
		char link[PATH_MAX + 8];

		snprintf(link, sizeof(link), "%s/link", dir);
		assert_int_equal(symlink(buf, link), 0);
		created = true;
		assert_int_equal(vswctl_req_capture_file(link, &fd, &created, err, sizeof(err)),
				 -EEXIST);
		assert_false(created);
		assert_int_equal(fd, -1);
		assert_non_null(strstr(err, "/link' exists and is not a regular file"));
		assert_int_equal(unlink(link), 0);
		/* a dangling one too (O_NOFOLLOW would not create its target) */
		assert_int_equal(symlink("nowhere", link), 0);
		assert_int_equal(vswctl_req_capture_file(link, &fd, &created, err, sizeof(err)),
				 -EEXIST);
		snprintf(path, sizeof(path), "%s/nowhere", dir);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(unlink(link), 0);
	}
	/* a FIFO (no reader: an open would block), a directory, a device */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(vswctl_req_capture_file(path, &fd, &created, err, sizeof(err)),
			 -EEXIST);
	assert_non_null(strstr(err, "exists and is not a regular file"));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(vswctl_req_capture_file(dir, &fd, &created, err, sizeof(err)),
			 -EEXIST);
	assert_int_equal(vswctl_req_capture_file("/dev/null", &fd, &created, err,
						 sizeof(err)), -EEXIST);
	assert_string_equal(err, "'/dev/null' exists and is not a regular file");
	/* a missing directory */
	snprintf(path, sizeof(path), "%s/no/such.pcap", dir);
	assert_int_equal(vswctl_req_capture_file(path, &fd, &created, err, sizeof(err)),
			 -ENOENT);
	assert_false(created);
	assert_non_null(strstr(err, "cannot write '"));
	assert_non_null(strstr(err, strerror(ENOENT)));

	snprintf(path, sizeof(path), "%s/new.pcap", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/**
 * fd_serve() - Child side of test_conn_fd: take a request with a descriptor
 * @lfd:	Listening socket
 * @expect:	Expected request line, newline included
 * @reply:	Bytes to answer (response and event lines)
 * @hold:	Then wait for the client to close the connection
 *
 * Writes "pcap" to the descriptor received with the first byte. Exit codes
 * tell the parent what went wrong.
 */
static void
fd_serve(int lfd, const char *expect, const char *reply, bool hold)
{
	union {
		struct cmsghdr hdr;
		char space[CMSG_SPACE(sizeof(int) * 4)];
	} ctl;
	char line[4096];
	struct iovec iov = { .iov_base = line, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.space, .msg_controllen = sizeof(ctl.space),
	};
	struct cmsghdr *cm;
	size_t len = 1;
	int fd = accept(lfd, NULL, NULL), passed;

	if (fd < 0)
		_exit(10);
	/* the descriptor comes with the first byte */
	if (recvmsg(fd, &msg, 0) != 1)
		_exit(11);
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)) || CMSG_NXTHDR(&msg, cm) != NULL)
		_exit(12);
	memcpy(&passed, CMSG_DATA(cm), sizeof(int));
	if (write(passed, "pcap", 4) != 4)
		_exit(13);
	close(passed);
	while (len < sizeof(line) - 1 && line[len - 1] != '\n') {
		ssize_t n = read(fd, line + len, 1);

		if (n <= 0)
			_exit(14);
		len += (size_t)n;
	}
	line[len] = '\0';
	if (strcmp(line, expect) != 0)
		_exit(15);
	if (write(fd, reply, strlen(reply)) < 0)
		_exit(16);
	if (hold && read(fd, line, 1) != 0)
		_exit(17);
	close(fd);
	_exit(0);
}

/**
 * fd_start() - Start a fake daemon for fd_serve()
 * @f:		Output
 * @expect:	Expected request line
 * @reply:	Bytes to answer
 * @hold:	Wait for the client to close before closing
 */
static void
fd_start(struct fake *f, const char *expect, const char *reply, bool hold)
{
	int lfd = fake_listen(f);

	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0)
		fd_serve(lfd, expect, reply, hold);
	close(lfd);
}

static void
on_usr1(int sig)
{
	(void)sig;
}

static void
test_conn_fd(void **state)
{
	const char *expect = "{\"cmd\":\"capture-start\",\"args\":{\"port\":\"vm1\"}}\n";
	json_t *req = json_pack("{s:s, s:{s:s}}", "cmd", "capture-start", "args", "port",
				"vm1");
	struct vswctl_conn conn = { .fd = 99 };
	char err[ERR_SIZE], *resp, *line, got[8] = "";
	struct sigaction sa, oldsa;
	sigset_t block, oldmask, waitmask;
	struct fake f;
	size_t size;
	int fds[2];
	pid_t kid;

	(void)state;
	/* the descriptor arrives, the response and an event in one write: the
	 * event stays buffered for vswctl_conn_read_line()
	 */
	assert_int_equal(pipe(fds), 0);
	fd_start(&f, expect, "{\"ok\":true,\"result\":{\"id\":1}}\n"
		 "{\"event\":\"capture-end\",\"capture\":{\"id\":1}}\n", false);
	assert_int_equal(vswctl_conn_request_fd(f.sock, req, fds[1], 5000, &conn, &resp,
						&size, err, sizeof(err)), 0);
	assert_string_equal(resp, "{\"ok\":true,\"result\":{\"id\":1}}");
	assert_int_equal(size, strlen(resp));
	free(resp);
	assert_true(conn.fd >= 0);
	assert_int_equal(vswctl_conn_read_line(&conn, 5000, NULL, &line, &size, err,
					       sizeof(err)), 0);
	assert_string_equal(line, "{\"event\":\"capture-end\",\"capture\":{\"id\":1}}");
	free(line);
	/* then the daemon closes */
	assert_int_equal(vswctl_conn_read_line(&conn, 5000, NULL, &line, &size, err,
					       sizeof(err)), -EPROTO);
	assert_null(line);
	assert_non_null(strstr(err, "connection closed"));
	vswctl_conn_close(&conn);
	vswctl_conn_close(&conn);	/* harmless twice */
	assert_int_equal(fake_stop(&f, false), 0);
	/* our copy of the descriptor stays open; the daemon's wrote to it */
	assert_int_equal(read(fds[0], got, 4), 4);
	assert_string_equal(got, "pcap");

	/* without a kept connection: closed after the response */
	fd_start(&f, expect, "{\"ok\":false,\"error\":\"no port 'vm1'\"}\n", false);
	assert_int_equal(vswctl_conn_request_fd(f.sock, req, fds[1], 5000, NULL, &resp,
						&size, err, sizeof(err)), 0);
	assert_string_equal(resp, "{\"ok\":false,\"error\":\"no port 'vm1'\"}");
	free(resp);
	assert_int_equal(fake_stop(&f, false), 0);

	/* waiting without a deadline ends on a signal let through the mask */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &sa, &oldsa), 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	assert_int_equal(sigprocmask(SIG_BLOCK, &block, &oldmask), 0);
	waitmask = oldmask;
	sigdelset(&waitmask, SIGUSR1);
	fd_start(&f, expect, "{\"ok\":true,\"result\":{}}\n", true);
	assert_int_equal(vswctl_conn_request_fd(f.sock, req, fds[1], 5000, &conn, &resp,
						&size, err, sizeof(err)), 0);
	free(resp);
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	assert_int_equal(vswctl_conn_read_line(&conn, -1, &waitmask, &line, &size, err,
					       sizeof(err)), -EINTR);
	assert_null(line);
	/* a signal that came before the wait is not lost either */
	kill(getpid(), SIGUSR1);
	assert_int_equal(vswctl_conn_read_line(&conn, -1, &waitmask, &line, &size, err,
					       sizeof(err)), -EINTR);
	/* a deadline without a line */
	assert_int_equal(vswctl_conn_read_line(&conn, 100, NULL, &line, &size, err,
					       sizeof(err)), -ETIMEDOUT);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
	vswctl_conn_close(&conn);	/* the daemon sees the close */
	assert_int_equal(fake_stop(&f, false), 0);
	assert_int_equal(sigprocmask(SIG_SETMASK, &oldmask, NULL), 0);
	assert_int_equal(sigaction(SIGUSR1, &oldsa, NULL), 0);

	/* no daemon: the kept connection is reset */
	conn.fd = 42;
	assert_int_equal(vswctl_conn_request_fd("/nonexistent/vswitchd.sock", req, fds[1],
						1000, &conn, &resp, &size, err,
						sizeof(err)), -ENOENT);
	assert_int_equal(conn.fd, -1);
	assert_null(resp);
	close(fds[0]);
	close(fds[1]);
	json_decref(req);
}

static void
test_conn_sock_path(void **state)
{
	char buf[256], dir[200];

	(void)state;
	assert_int_equal(vswctl_conn_sock_path("/run/vswitch", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/run/vswitch/vswitchd.sock");
	assert_int_equal(vswctl_conn_sock_path("/tmp/x/", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/tmp/x/vswitchd.sock");
	assert_int_equal(vswctl_conn_sock_path("rel", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "rel/vswitchd.sock");
	assert_int_equal(vswctl_conn_sock_path("/run/vswitch", buf, 10), -ENAMETOOLONG);
	memset(dir, 'd', sizeof(dir) - 1);
	dir[sizeof(dir) - 1] = '\0';
	/* fits in buf but not in sun_path */
	assert_int_equal(vswctl_conn_sock_path(dir, buf, sizeof(buf)), -ENAMETOOLONG);
}

/* Formatting */

/**
 * fmt_run() - Run a formatter on a JSON text into a string
 * @fn:		Formatter
 * @text:	Result object as JSON
 * @out:	Output text, to free()
 *
 * Return: the formatter's return
 */
static int
fmt_run(int (*fn)(FILE *, json_t *), const char *text, char **out)
{
	json_error_t je;
	json_t *result = json_loads(text, 0, &je);
	size_t size;
	FILE *f;
	int rc;

	if (result == NULL)
		fail_msg("bad test JSON: %s", je.text);
	f = open_memstream(out, &size);
	assert_non_null(f);
	rc = fn(f, result);
	fclose(f);
	json_decref(result);
	return rc;
}

#define STATS_JSON(rx, drops) \
	"{\"rx_packets\":" rx ",\"rx_bytes\":6400,\"tx_packets\":7,\"tx_bytes\":448," \
	"\"drops\":{" drops "}}"
#define ZERO_DROPS "\"no-link\":0,\"tx-full\":0,\"runt\":0,\"bad-src-mac\":0," \
	"\"mac-limit\":0,\"hairpin\":0,\"no-port\":0"
#define SOME_DROPS "\"no-link\":2,\"tx-full\":0,\"runt\":1,\"bad-src-mac\":0," \
	"\"mac-limit\":0,\"hairpin\":0,\"no-port\":0,\"future\":5"

static const char port_vm1[] =
	"{\"name\":\"vm1\",\"vlan_mode\":\"access\",\"net\":\"blue\",\"trunk\":[],"
	"\"native\":null,\"type\":\"vhost-user\","
	"\"path\":\"/run/vswitch/vm1.sock\",\"mac\":\"52:54:00:00:00:01\",\"owner\":null,"
	"\"group\":\"kvm\",\"mode\":\"0660\",\"mac_limit\":1024,\"link\":\"up\",\"pmd\":3,"
	"\"macs_learned\":2,\"stats\":" STATS_JSON("100", SOME_DROPS) "}";

static void
test_fmt_net_list(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_net_list,
		"{\"networks\":[{\"name\":\"blue\",\"mode\":\"isolated\",\"vlan\":null,"
		"\"subnet\":null,\"gateway\":null,\"fdb_aging\":300,\"fdb_max\":8192,"
		"\"fdb_entries\":12,\"fdb_moves\":0,\"ports\":[\"vm1\",\"vm2\"]},"
		"{\"name\":\"a-much-longer-name\",\"mode\":\"isolated\",\"fdb_aging\":10,"
		"\"vlan\":4094,\"fdb_max\":16,\"fdb_entries\":0,\"ports\":[]}]}", &out), 0);
	assert_string_equal(out,
		"NAME                MODE      VLAN  PORTS  FDB      AGING\n"
		"blue                isolated  -     2      12/8192  300\n"
		"a-much-longer-name  isolated  4094  0      0/16     10\n");
	free(out);

	assert_int_equal(fmt_run(vswctl_fmt_net_list, "{\"networks\":[]}", &out), 0);
	assert_string_equal(out, "NAME  MODE  VLAN  PORTS  FDB  AGING\n");
	free(out);

	/* missing list: error, nothing printed */
	assert_int_equal(fmt_run(vswctl_fmt_net_list, "{\"nets\":[]}", &out), -EPROTO);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_net_list, "{\"networks\":{}}", &out), -EPROTO);
	free(out);

	/* junk elements and fields print as "-" */
	assert_int_equal(fmt_run(vswctl_fmt_net_list,
		"{\"networks\":[1,null,{\"name\":7,\"mode\":{},\"ports\":\"x\"}]}", &out), 0);
	assert_string_equal(out,
		"NAME  MODE  VLAN  PORTS  FDB  AGING\n"
		"-     -     -     -      -/-  -\n"
		"-     -     -     -      -/-  -\n"
		"7     -     -     -      -/-  -\n");
	free(out);
}

static void
test_fmt_net_show(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_net_show,
		"{\"name\":\"blue\",\"mode\":\"isolated\",\"vlan\":null,\"subnet\":null,"
		"\"gateway\":null,\"fdb_aging\":300,\"fdb_max\":8192,\"fdb_entries\":12,"
		"\"fdb_moves\":1,\"ports\":[\"vm1\",\"vm2\"]}", &out), 0);
	assert_string_equal(out,
		"name:         blue\n"
		"mode:         isolated\n"
		"vlan:         -\n"
		"mtu:          -\n"
		"subnet:       -\n"
		"gateway:      -\n"
		"host_if:      -\n"
		"fdb_aging:    300\n"
		"fdb_max:      8192\n"
		"fdb_entries:  12\n"
		"fdb_moves:    1\n"
		"ports:        vm1,vm2\n");
	free(out);
}

static void
test_fmt_port_show(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_port_show, port_vm1, &out), 0);
	assert_string_equal(out,
		"name:           vm1\n"
		"vlan_mode:      access\n"
		"net:            blue\n"
		"trunk:          -\n"
		"native:         -\n"
		"type:           vhost-user\n"
		"path:           /run/vswitch/vm1.sock\n"
		"mac:            52:54:00:00:00:01\n"
		"owner:          -\n"
		"group:          kvm\n"
		"mode:           0660\n"
		"mac_limit:      1024\n"
		"link:           up\n"
		"pmd:            3\n"
		"macs_learned:   2\n"
		"rx_packets:     100\n"
		"rx_bytes:       6400\n"
		"tx_packets:     7\n"
		"tx_bytes:       448\n"
		"rx_other_tpid:  -\n"
		"drops:          8\n"
		"  no-link:      2\n"
		"  tx-full:      0\n"
		"  runt:         1\n"
		"  bad-src-mac:  0\n"
		"  mac-limit:    0\n"
		"  hairpin:      0\n"
		"  no-port:      0\n"
		"  future:       5\n");
	free(out);

	/* no stats at all */
	assert_int_equal(fmt_run(vswctl_fmt_port_show, "{\"name\":\"x\"}", &out), 0);
	assert_non_null(strstr(out, "rx_packets:     -\n"));
	assert_non_null(strstr(out, "drops:          -\n"));
	assert_null(strstr(out, "no-link"));
	free(out);
}

static void
test_fmt_port_list(void **state)
{
	char *out = NULL, *text;

	(void)state;
	assert_true(asprintf(&text, "{\"ports\":[%s,{\"name\":\"vm2\",\"net\":\"blue\","
			     "\"type\":\"vhost-user-client\",\"path\":\"/tmp/q\",\"link\":"
			     "\"down\",\"pmd\":-1,\"stats\":" STATS_JSON("0", ZERO_DROPS) "},"
			     "{\"name\":\"up\",\"vlan_mode\":\"trunk\",\"net\":null,"
			     "\"trunk\":[\"v10\",\"v20\"],\"native\":\"mgmt\",\"type\":\"vhost-user\","
			     "\"path\":\"/s\",\"link\":\"up\",\"pmd\":0},"
			     "{\"name\":\"t2\",\"vlan_mode\":\"trunk\",\"net\":null,"
			     "\"trunk\":[\"v10\"],\"native\":null,\"type\":\"vhost-user\","
			     "\"path\":\"/t\",\"link\":\"up\",\"pmd\":0}]}",
			     port_vm1) > 0);
	assert_int_equal(fmt_run(vswctl_fmt_port_list, text, &out), 0);
	assert_string_equal(out,
		"NAME  NET                        TYPE               LINK  PMD  RX-PKTS  "
		"TX-PKTS  DROPS  PATH\n"
		"vm1   blue                       vhost-user         up    3    100      "
		"7        8      /run/vswitch/vm1.sock\n"
		"vm2   blue                       vhost-user-client  down  -    0        "
		"7        0      /tmp/q\n"
		"up    trunk:v10,v20 native:mgmt  vhost-user         up    0    -        "
		"-        -      /s\n"
		"t2    trunk:v10                  vhost-user         up    0    -        "
		"-        -      /t\n");
	free(out);
	free(text);
	assert_int_equal(fmt_run(vswctl_fmt_port_list, "{}", &out), -EPROTO);
	free(out);
}

static void
test_fmt_fdb_show(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_fdb_show,
		"{\"entries\":[{\"net\":\"blue\",\"mac\":\"52:54:00:00:00:01\",\"port\":\"vm1\","
		"\"static\":false,\"age_s\":12},{\"net\":\"blue\",\"mac\":\"02:00:00:00:00:99\","
		"\"port\":\"vm22\",\"static\":true,\"age_s\":0},{\"net\":\"x\"}]}", &out), 0);
	assert_string_equal(out,
		"NET   MAC                PORT  TYPE     AGE\n"
		"blue  52:54:00:00:00:01  vm1   dynamic  12\n"
		"blue  02:00:00:00:00:99  vm22  static   -\n"
		"x     -                  -     -        -\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_fdb_show, "{\"entries\":[]}", &out), 0);
	assert_string_equal(out, "NET  MAC  PORT  TYPE  AGE\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_fdb_show, "{\"entries\":null}", &out), -EPROTO);
	free(out);
}

static void
test_fmt_stats(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_stats,
		"{\"ports\":[{\"name\":\"vm1\",\"stats\":" STATS_JSON("100", SOME_DROPS) "},"
		"{\"name\":\"vm2\",\"stats\":" STATS_JSON("3", ZERO_DROPS) "}]}", &out), 0);
	assert_string_equal(out,
		"PORT  RX-PKTS  RX-BYTES  TX-PKTS  TX-BYTES  DROPS\n"
		"vm1   100      6400      7        448       8\n"
		"vm2   3        6400      7        448       0\n"
		"\n"
		"PORT  REASON   COUNT\n"
		"vm1   no-link  2\n"
		"vm1   runt     1\n"
		"vm1   future   5\n");
	free(out);
	/* all zero: no drop table */
	assert_int_equal(fmt_run(vswctl_fmt_stats,
		"{\"ports\":[{\"name\":\"vm2\",\"stats\":" STATS_JSON("3", ZERO_DROPS) "}]}",
		&out), 0);
	assert_string_equal(out,
		"PORT  RX-PKTS  RX-BYTES  TX-PKTS  TX-BYTES  DROPS\n"
		"vm2   3        6400      7        448       0\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_stats, "{\"ports\":[{\"name\":\"v\"}]}", &out), 0);
	assert_string_equal(out,
		"PORT  RX-PKTS  RX-BYTES  TX-PKTS  TX-BYTES  DROPS\n"
		"v     -        -         -        -         -\n");
	free(out);
}

static void
test_fmt_status(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_status,
		"{\"version\":\"0.1.0\",\"pid\":42,\"uptime_s\":3600,\"pmd_cores\":[2,3],"
		"\"hugepages\":true,\"run_dir\":\"/run/vswitch\",\"state_dir\":\"/var/lib/vswitch\","
		"\"networks\":1,\"ports\":2,\"mbufs_total\":16384,\"mbufs_in_use\":4096}", &out), 0);
	assert_string_equal(out,
		"version:       0.1.0\n"
		"pid:           42\n"
		"uptime_s:      3600\n"
		"pmd_cores:     2,3\n"
		"hugepages:     yes\n"
		"run_dir:       /run/vswitch\n"
		"state_dir:     /var/lib/vswitch\n"
		"networks:      1\n"
		"ports:         2\n"
		"mbufs_total:   16384\n"
		"mbufs_in_use:  4096\n");
	free(out);
}

static void
test_fmt_net_show_dhcp(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_net_show,
		"{\"name\":\"lab\",\"mode\":\"host-only\",\"vlan\":null,\"mtu\":1500,"
		"\"subnet\":\"192.168.56.0/24\",\"gateway\":\"192.168.56.1\","
		"\"host_if\":\"vsw-lab\",\"fdb_aging\":300,\"fdb_max\":8192,"
		"\"fdb_entries\":2,\"fdb_moves\":0,\"ports\":[\"vsw-lab\"],"
		"\"dhcp\":{\"enabled\":true,\"range\":\"192.168.56.1-192.168.56.254\","
		"\"server\":\"192.168.56.254\",\"dns\":[\"192.168.56.1\",\"9.9.9.9\"],"
		"\"domain\":\"lab.example\",\"lease_time\":3600,\"routes\":[],"
		"\"leases\":2,\"stats\":{\"discover\":3}}}", &out), 0);
	assert_string_equal(out,
		"name:          lab\n"
		"mode:          host-only\n"
		"vlan:          -\n"
		"mtu:           1500\n"
		"subnet:        192.168.56.0/24\n"
		"gateway:       192.168.56.1\n"
		"host_if:       vsw-lab\n"
		"fdb_aging:     300\n"
		"fdb_max:       8192\n"
		"fdb_entries:   2\n"
		"fdb_moves:     0\n"
		"ports:         vsw-lab\n"
		"dhcp:          yes\n"
		"  range:       192.168.56.1-192.168.56.254\n"
		"  server:      192.168.56.254\n"
		"  dns:         192.168.56.1,9.9.9.9\n"
		"  domain:      lab.example\n"
		"  lease_time:  3600\n"
		"  routes:      -\n"
		"  leases:      2\n");
	free(out);
	/* off, domain absent (null) */
	assert_int_equal(fmt_run(vswctl_fmt_net_show,
		"{\"name\":\"i\",\"dhcp\":{\"enabled\":false,\"domain\":null,"
		"\"routes\":[\"0.0.0.0/0@10.3.0.1\",\"10.0.0.0/8@10.3.0.2\"]}}", &out), 0);
	assert_non_null(strstr(out, "dhcp:          no\n"));
	assert_non_null(strstr(out, "  domain:      -\n"));
	assert_non_null(strstr(out, "  routes:      0.0.0.0/0@10.3.0.1,10.0.0.0/8@10.3.0.2\n"));
	free(out);
	/* no "dhcp" object (no subnet): no DHCP lines */
	assert_int_equal(fmt_run(vswctl_fmt_net_show, "{\"name\":\"b\",\"dhcp\":null}",
				 &out), 0);
	assert_null(strstr(out, "dhcp"));
	free(out);
}

static void
test_fmt_dhcp_leases(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_dhcp_leases,
		"{\"leases\":["
		"{\"net\":\"lab\",\"ip\":\"192.168.56.100\",\"mac\":\"52:54:00:00:00:01\","
		"\"client_id\":\"01525400000001\",\"hostname\":\"vm1\",\"port\":\"vm1\","
		"\"expires\":1700003600,\"expires_in\":3599,\"state\":\"bound\"},"
		"{\"net\":\"lab\",\"ip\":\"192.168.56.101\",\"mac\":\"52:54:00:00:00:02\","
		"\"port\":\"vm2\",\"expires\":1700000060,\"expires_in\":45,\"state\":\"offered\"},"
		"{\"net\":\"lab\",\"ip\":\"192.168.56.102\",\"mac\":\"00:00:00:00:00:00\","
		"\"port\":\"vm2\",\"expires\":1700000000,\"expires_in\":-12,"
		"\"state\":\"declined\"},"
		"{\"net\":\"other-net\",\"ip\":\"10.3.0.9\",\"mac\":\"02:00:00:00:00:09\","
		"\"hostname\":\"db\",\"port\":\"t1\",\"expires_in\":183600,\"state\":\"bound\"},"
		"{\"net\":\"x\",\"expires_in\":60}]}", &out), 0);
	assert_string_equal(out,
		"NETWORK    IP              MAC                HOSTNAME  EXPIRES-IN  PORT  STATE\n"
		"lab        192.168.56.100  52:54:00:00:00:01  vm1       59m59s      vm1   bound\n"
		"lab        192.168.56.101  52:54:00:00:00:02  -         45s         vm2   offered\n"
		"lab        192.168.56.102  00:00:00:00:00:00  -         -12s        vm2   declined\n"
		"other-net  10.3.0.9        02:00:00:00:00:09  db        2d03h       t1    bound\n"
		"x          -               -                  -         1m00s       -     -\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_dhcp_leases, "{\"leases\":[]}", &out), 0);
	assert_string_equal(out, "NETWORK  IP  MAC  HOSTNAME  EXPIRES-IN  PORT  STATE\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_dhcp_leases, "{\"leases\":[{\"expires_in\":"
				 "-7200,\"hostname\":\"a\\u001bb\"}]}", &out), 0);
	assert_non_null(strstr(out, "a?b       -2h00m"));
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_dhcp_leases, "{\"hosts\":[]}", &out), -EPROTO);
	assert_string_equal(out, "");
	free(out);
}

static void
test_fmt_dhcp_hosts(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_dhcp_hosts,
		"{\"hosts\":[{\"net\":\"lab\",\"mac\":\"52:54:00:ab:cd:ef\","
		"\"ip\":\"192.168.56.10\",\"hostname\":\"web-1\"},"
		"{\"net\":\"lab\",\"mac\":\"02:00:00:00:00:01\",\"ip\":\"192.168.56.11\"}]}",
		&out), 0);
	assert_string_equal(out,
		"NETWORK  MAC                IP             HOSTNAME\n"
		"lab      52:54:00:ab:cd:ef  192.168.56.10  web-1\n"
		"lab      02:00:00:00:00:01  192.168.56.11  -\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_dhcp_hosts, "{\"hosts\":[]}", &out), 0);
	assert_string_equal(out, "NETWORK  MAC  IP  HOSTNAME\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_dhcp_hosts, "{\"leases\":[]}", &out), -EPROTO);
	free(out);
}

static void
test_fmt_dhcp_dispatch(void **state)
{
	json_t *empty = json_object();
	json_t *leases = json_pack("{s:[]}", "leases");
	json_t *hosts = json_pack("{s:[]}", "hosts");
	char *out = NULL;
	size_t size;
	FILE *f;

	(void)state;
	/* the mutating DHCP commands print nothing */
	f = open_memstream(&out, &size);
	assert_int_equal(vswctl_fmt_result(f, "dhcp-host-add", empty), 0);
	assert_int_equal(vswctl_fmt_result(f, "dhcp-host-del", empty), 0);
	assert_int_equal(vswctl_fmt_result(f, "dhcp-lease-del", empty), 0);
	fclose(f);
	assert_int_equal(size, 0);
	free(out);
	f = open_memstream(&out, &size);
	assert_int_equal(vswctl_fmt_result(f, "dhcp-leases", leases), 0);
	assert_int_equal(vswctl_fmt_result(f, "dhcp-host-list", hosts), 0);
	assert_int_equal(vswctl_fmt_result(f, "dhcp-leases", empty), -EPROTO);
	assert_int_equal(vswctl_fmt_result(f, "dhcp-host-list", empty), -EPROTO);
	fclose(f);
	assert_string_equal(out, "NETWORK  IP  MAC  HOSTNAME  EXPIRES-IN  PORT  STATE\n"
			    "NETWORK  MAC  IP  HOSTNAME\n");
	free(out);
	json_decref(empty);
	json_decref(leases);
	json_decref(hosts);
}

#define CAP_VM1 \
	"{\"id\":1,\"port\":\"vm1\",\"dir\":\"rx\",\"filter\":\"udp port 9\"," \
	"\"snaplen\":65535,\"count\":0,\"duration\":0,\"max_bytes\":0," \
	"\"path\":\"/tmp/vm1.pcap\",\"stream\":false,\"state\":\"running\"," \
	"\"reason\":\"\",\"started\":1700000000,\"packets\":120,\"bytes\":15384," \
	"\"filtered\":4000,\"dropped\":0}"
#define CAP_NET \
	"{\"id\":12,\"net\":\"lab\",\"dir\":\"both\",\"filter\":\"\",\"snaplen\":96," \
	"\"count\":10,\"duration\":0,\"max_bytes\":0,\"path\":\"-\",\"stream\":true," \
	"\"state\":\"finished\",\"reason\":\"write error: Broken pipe\"," \
	"\"started\":1700000000,\"packets\":3,\"bytes\":408,\"filtered\":0," \
	"\"dropped\":17}"

static void
test_fmt_capture(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(fmt_run(vswctl_fmt_capture_list,
				 "{\"captures\":[" CAP_VM1 "," CAP_NET "]}", &out), 0);
	assert_string_equal(out,
		"ID  TARGET   DIR   STATE     PACKETS  BYTES  FILTERED  DROPPED  FILE           "
		"REASON\n"
		"1   vm1      rx    running   120      15384  4000      0        /tmp/vm1.pcap  -\n"
		"12  net:lab  both  finished  3        408    0         17       -              "
		"write error: Broken pipe\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_capture_list, "{\"captures\":[]}", &out), 0);
	assert_string_equal(out, "ID  TARGET  DIR  STATE  PACKETS  BYTES  FILTERED  DROPPED  "
			    "FILE  REASON\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_capture_list, "{\"list\":[]}", &out), -EPROTO);
	assert_string_equal(out, "");
	free(out);
	/* junk prints as "-" */
	assert_int_equal(fmt_run(vswctl_fmt_capture_list,
				 "{\"captures\":[{\"id\":\"x\\u001b\"}]}", &out), 0);
	assert_non_null(strstr(out, "\nx?  -       -    -      -        -      -         -"
			       "        -     -\n"));
	free(out);

	/* capture start: one line */
	assert_int_equal(fmt_run(vswctl_fmt_capture_start, CAP_VM1, &out), 0);
	assert_string_equal(out, "capture 1: vm1 rx -> /tmp/vm1.pcap\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_capture_start, CAP_NET, &out), 0);
	assert_string_equal(out, "capture 12: --net lab both -> -\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_capture_start, "{\"port\":\"vm1\"}", &out),
			 -EPROTO);
	free(out);

	/* capture stop and the end of a stream: the outcome */
	assert_int_equal(fmt_run(vswctl_fmt_capture, CAP_NET, &out), 0);
	assert_string_equal(out, "capture 12: --net lab both -> -: finished (write error: "
			    "Broken pipe), 3 packets, 408 bytes, 0 filtered, 17 dropped\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_capture, CAP_VM1, &out), 0);
	assert_string_equal(out, "capture 1: vm1 rx -> /tmp/vm1.pcap: running, 120 packets, "
			    "15384 bytes, 4000 filtered, 0 dropped\n");
	free(out);
	assert_int_equal(fmt_run(vswctl_fmt_capture, "{}", &out), -EPROTO);
	free(out);
}

static void
test_fmt_capture_dispatch(void **state)
{
	json_t *list = json_loads("{\"captures\":[" CAP_NET "]}", 0, NULL);
	json_t *cap = json_loads(CAP_NET, 0, NULL);
	char *out = NULL;
	size_t size;
	FILE *f;

	(void)state;
	f = open_memstream(&out, &size);
	assert_int_equal(vswctl_fmt_result(f, "capture-list", list), 0);
	assert_int_equal(vswctl_fmt_result(f, "capture-start", cap), 0);
	assert_int_equal(vswctl_fmt_result(f, "capture-stop", cap), 0);
	assert_int_equal(vswctl_fmt_result(f, "capture-list", cap), -EPROTO);
	fclose(f);
	assert_non_null(strstr(out, "ID  TARGET"));
	assert_non_null(strstr(out, "\ncapture 12: --net lab both -> -\ncapture 12: --net lab "
			       "both -> -: finished ("));
	free(out);
	json_decref(list);
	json_decref(cap);
}

static void
test_fmt_dispatch_and_json(void **state)
{
	json_t *result = json_pack("{s:s, s:[]}", "name", "a\nb", "ports");
	char *out = NULL;
	size_t size;
	FILE *f;

	(void)state;
	/* mutating commands are quiet */
	f = open_memstream(&out, &size);
	assert_int_equal(vswctl_fmt_result(f, "net-add", result), 0);
	assert_int_equal(vswctl_fmt_result(f, "port-del", result), 0);
	fclose(f);
	assert_int_equal(size, 0);
	free(out);

	/* control characters from the daemon are not printed raw */
	f = open_memstream(&out, &size);
	assert_int_equal(vswctl_fmt_result(f, "net-show", result), 0);
	fclose(f);
	assert_non_null(strstr(out, "name:         a?b\n"));
	assert_non_null(strstr(out, "ports:        -\n"));
	free(out);

	f = open_memstream(&out, &size);
	assert_int_equal(vswctl_fmt_result(f, "fdb-show", result), -EPROTO);
	assert_int_equal(vswctl_fmt_json(f, result), 0);
	fclose(f);
	assert_string_equal(out, "{\n  \"name\": \"a\\nb\",\n  \"ports\": []\n}\n");
	free(out);
	json_decref(result);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_status_and_lists),
		cmocka_unit_test(test_build_net),
		cmocka_unit_test(test_build_port),
		cmocka_unit_test(test_build_port_relative_path),
		cmocka_unit_test(test_build_fdb_stats),
		cmocka_unit_test(test_build_net_modes),
		cmocka_unit_test(test_build_dhcp),
		cmocka_unit_test(test_build_capture),
		cmocka_unit_test(test_build_json_and_help),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_build_error_quotes_input),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_conn_exchange),
		cmocka_unit_test(test_conn_failures),
		cmocka_unit_test(test_conn_no_daemon),
		cmocka_unit_test(test_conn_sock_path),
		cmocka_unit_test(test_capture_file),
		cmocka_unit_test(test_conn_fd),
		cmocka_unit_test(test_fmt_net_list),
		cmocka_unit_test(test_fmt_net_show),
		cmocka_unit_test(test_fmt_port_show),
		cmocka_unit_test(test_fmt_port_list),
		cmocka_unit_test(test_fmt_fdb_show),
		cmocka_unit_test(test_fmt_stats),
		cmocka_unit_test(test_fmt_status),
		cmocka_unit_test(test_fmt_dispatch_and_json),
		cmocka_unit_test(test_fmt_net_show_dhcp),
		cmocka_unit_test(test_fmt_dhcp_leases),
		cmocka_unit_test(test_fmt_dhcp_hosts),
		cmocka_unit_test(test_fmt_dhcp_dispatch),
		cmocka_unit_test(test_fmt_capture),
		cmocka_unit_test(test_fmt_capture_dispatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
