/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_hostif.c - unit tests for hostif.c (rtnetlink through libnl).
 *
 * The test moves itself into a fresh network namespace (unshare, root
 * needed), so it sees only its own loopback and the TAP devices it
 * creates, and changes nothing on the host; the namespace disappears with
 * the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_tun.h>

#include <cmocka.h>

#include "hostif.h"
#include "test_netns.h"

/* A TAP named @name in the test's namespace; returns its fd. */
static int make_tap(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	assert_int_equal(ioctl(fd, TUNSETIFF, &ifr), 0);
	return fd;
}

/* Contents of a /proc/sys file, first line. */
static void read_sysctl(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_non_null(fgets(buf, (int)size, f));
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static int group_setup(void **state)
{
	(void)state;
	if (test_netns_private() != 0)
		return -1;
	return 0;
}

static void test_get(void **state)
{
	struct hostif_link l;
	char err[256];

	(void)state;
	assert_int_equal(hostif_get(NULL, "lo", &l, err, sizeof(err)), 0);
	assert_true(l.exists);
	assert_int_equal(l.ifindex, 1);
	assert_false(l.up);		/* a new namespace's lo is down */
	assert_int_equal(hostif_get(NULL, "nope0", &l, err, sizeof(err)), 0);
	assert_false(l.exists);
}

static void test_apply(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct hostif_conf c = {
		.mtu = 9000, .mac = mac, .addr = 0x0a010201, .prefix = 24,
		.up = true, .no_forward = true,
	};
	struct hostif_link l;
	char err[256], buf[64];
	int fd = make_tap("ut0");

	(void)state;
	assert_int_equal(hostif_get(NULL, "ut0", &l, err, sizeof(err)), 0);
	assert_true(l.exists);
	assert_false(l.up);
	read_sysctl("/proc/sys/net/ipv4/conf/ut0/forwarding", buf, sizeof(buf));
	assert_string_equal(buf, "0");
	/* turn forwarding on for the namespace: the interface follows... */
	{
		FILE *f = fopen("/proc/sys/net/ipv4/ip_forward", "w");

		assert_non_null(f);
		fputs("1\n", f);
		fclose(f);
	}
	read_sysctl("/proc/sys/net/ipv4/conf/ut0/forwarding", buf, sizeof(buf));
	assert_string_equal(buf, "1");
	assert_int_equal(hostif_get(NULL, "ut0", &l, err, sizeof(err)), 0);
	assert_true(l.forwarding);
	/* ...until hostif_apply() turns it off for this interface only */
	assert_int_equal(hostif_apply(NULL, "ut0", &c, err, sizeof(err)), 0);
	assert_int_equal(hostif_get(NULL, "ut0", &l, err, sizeof(err)), 0);
	assert_true(l.up);
	assert_true(l.running);		/* the fd is attached */
	assert_int_equal(l.mtu, 9000);
	read_sysctl("/proc/sys/net/ipv4/conf/ut0/forwarding", buf, sizeof(buf));
	assert_string_equal(buf, "0");
	assert_false(l.forwarding);
	read_sysctl("/proc/sys/net/ipv4/conf/lo/forwarding", buf, sizeof(buf));
	assert_string_equal(buf, "1");		/* only ut0 */
	{
		struct ifreq ifr;
		int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "ut0");
		assert_int_equal(ioctl(s, SIOCGIFHWADDR, &ifr), 0);
		assert_memory_equal(ifr.ifr_hwaddr.sa_data, mac, 6);
		close(s);
	}
	/* applying the same address again is fine (replace) */
	assert_int_equal(hostif_apply(NULL, "ut0", &c, err, sizeof(err)), 0);

	/* the address's prefix route overlaps covering and covered subnets */
	assert_int_equal(hostif_route_overlap(0x0a010000, 16, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "10.1.2.0/24 dev ut0");
	assert_int_equal(hostif_route_overlap(0x0a010280, 25, buf, sizeof(buf)), 1);
	assert_int_equal(hostif_route_overlap(0x0a010300, 24, buf, sizeof(buf)), 0);
	assert_int_equal(hostif_route_overlap(0x0b000000, 8, buf, sizeof(buf)), 0);

	/* MTU change alone leaves the rest */
	c = (struct hostif_conf){ .mtu = 1500 };
	assert_int_equal(hostif_apply(NULL, "ut0", &c, err, sizeof(err)), 0);
	assert_int_equal(hostif_get(NULL, "ut0", &l, err, sizeof(err)), 0);
	assert_int_equal(l.mtu, 1500);
	assert_true(l.up);

	/* the kernel refuses an MTU below 68: error, message names it */
	c = (struct hostif_conf){ .mtu = 20 };
	assert_int_not_equal(hostif_apply(NULL, "ut0", &c, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "ut0"));

	close(fd);	/* the TAP goes away with its fd */
	assert_int_equal(hostif_get(NULL, "ut0", &l, err, sizeof(err)), 0);
	assert_false(l.exists);
	assert_int_equal(hostif_route_overlap(0x0a010000, 16, buf, sizeof(buf)), 0);
}

static void test_apply_missing(void **state)
{
	struct hostif_conf c = { .up = true };
	char err[256];

	(void)state;
	assert_int_not_equal(hostif_apply(NULL, "nope0", &c, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "nope0"));
}

static void test_netns_names(void **state)
{
	struct hostif_link l;
	char err[256];
	int saved;

	(void)state;
	assert_int_equal(hostif_netns_enter(NULL, &saved, err, sizeof(err)), 0);
	assert_int_equal(saved, -1);
	assert_int_equal(hostif_netns_enter("", &saved, err, sizeof(err)), 0);
	assert_int_equal(saved, -1);
	hostif_netns_leave(saved);	/* no-op */
	assert_int_equal(hostif_netns_enter("..", &saved, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(hostif_netns_enter("a/b", &saved, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(hostif_netns_enter("vsw-ut-no-such-ns", &saved, err,
					    sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "ip netns add vsw-ut-no-such-ns"));
	/* hostif_get() in a missing namespace fails instead of looking here */
	assert_int_not_equal(hostif_get("vsw-ut-no-such-ns", "lo", &l, err,
					 sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_missing),
		cmocka_unit_test(test_netns_names),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
