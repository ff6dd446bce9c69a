/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_tap_port.c - unit tests for the TAP port backend (tap_port.c).
 *
 * Runs in a fresh network namespace (unshare, root needed). The kernel
 * side of the TAP is driven with an AF_PACKET socket bound to it: what the
 * socket sends, the port receives; what the port transmits, the socket
 * sees arrive.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/if.h>

#include <cmocka.h>

#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "hostif.h"
#include "test_netns.h"
#include "log.h"
#include "tap_port.h"
#include "test_eal.h"

#define POOL_SIZE	1024

static struct rte_mempool *pool;

static int group_setup(void **state)
{
	(void)state;
	if (test_netns_private() != 0)
		return -1;
	if (test_eal_start("vswut-tap", 128) != 0)
		return -1;
	log_init(LOG_LVL_ERR, false);
	pool = rte_pktmbuf_pool_create("ut_tap_pool", POOL_SIZE, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (pool == NULL)
		return -1;
	tap_port_init(pool);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	rte_mempool_free(pool);
	test_eal_stop();
	return 0;
}

/* A port @name (interface @name) with @mtu, created. */
static struct vsw_port *make_port(const char *name, uint16_t mtu)
{
	struct vsw_port *port = rte_zmalloc("ut_port", sizeof(*port), 0);
	char err[256];

	assert_non_null(port);
	snprintf(port->conf.name, sizeof(port->conf.name), "%s", name);
	snprintf(port->conf.ifname, sizeof(port->conf.ifname), "%s", name);
	port->conf.type = PORT_TAP;
	port->mtu = mtu;
	if (tap_port_create(port, 0x0a090001, 24, true, false, err, sizeof(err)) != 0)
		fail_msg("tap_port_create: %s", err);
	return port;
}

static void free_port(struct vsw_port *port)
{
	port->ops->destroy(port);
	rte_free(port);
}

/* A packet socket on @ifname. */
static int packet_sock(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL) };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));

	assert_true(fd >= 0);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	assert_true(sll.sll_ifindex > 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sll, sizeof(sll)), 0);
	return fd;
}

/* A test frame: broadcast, EtherType 0x88b5 (local experimental), @len
 * bytes with a pattern from @seed. */
static void fill_frame(uint8_t *buf, size_t len, uint8_t seed)
{
	size_t i;

	memset(buf, 0xff, 6);
	memset(buf + 6, 0, 6);
	buf[6] = 0x02;
	buf[11] = 0x01;
	buf[12] = 0x88;
	buf[13] = 0xb5;
	for (i = 14; i < len; i++)
		buf[i] = (uint8_t)(seed + i);
}

/* Poll the port until it returns a frame (or ~2 s pass). */
static uint16_t rx_wait(struct vsw_port *port, struct rte_mbuf **pkts)
{
	uint16_t n = 0;
	int i;

	for (i = 0; i < 2000 && n == 0; i++) {
		n = port->ops->rx(port, pkts, 32);
		if (n == 0)
			usleep(1000);
	}
	return n;
}

/* Next frame with EtherType 0x88b5 on @fd (skipping the kernel's own
 * traffic, e.g. IPv6 router solicitations); its length, or -1. */
static ssize_t recv_test_frame(int fd, uint8_t *buf, size_t size)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (poll(&pfd, 1, 2000) == 1) {
		ssize_t n = recv(fd, buf, size, 0);

		if (n >= 14 && buf[12] == 0x88 && buf[13] == 0xb5)
			return n;
	}
	return -1;
}

/* The interface's MAC. */
static void if_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	assert_int_equal(ioctl(s, SIOCGIFHWADDR, &ifr), 0);
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
}

/* Write @val to a /proc/sys file. */
static void write_sysctl(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(val, f);
	assert_int_equal(fclose(f), 0);
}

/* A TAP without --mac keeps its MAC across re-creation (restarts). */
static void test_stable_mac(void **state)
{
	struct vsw_port *port = make_port("uttap6", 1500);
	uint8_t a[6], b[6];

	(void)state;
	if_mac("uttap6", a);
	assert_true((a[0] & 0x03) == 0x02);	/* local, unicast */
	free_port(port);
	port = make_port("uttap6", 1500);
	if_mac("uttap6", b);
	assert_memory_equal(a, b, 6);
	free_port(port);
	port = make_port("uttap7", 1500);	/* another name, another MAC */
	if_mac("uttap7", b);
	assert_memory_not_equal(a, b, 6);
	free_port(port);
}

/* Turning net.ipv4.ip_forward on turns forwarding on for every interface;
 * the poll turns it off again on a TAP created without forwarding. */
static void test_forwarding_stays_off(void **state)
{
	struct vsw_port *port = make_port("uttap8", 1500);
	struct hostif_link l;
	char err[256];

	(void)state;
	write_sysctl("/proc/sys/net/ipv4/ip_forward", "0\n");
	write_sysctl("/proc/sys/net/ipv4/ip_forward", "1\n");
	assert_int_equal(hostif_get(NULL, "uttap8", &l, err, sizeof(err)), 0);
	assert_true(l.forwarding);
	port->ops->poll(port);
	assert_int_equal(hostif_get(NULL, "uttap8", &l, err, sizeof(err)), 0);
	assert_false(l.forwarding);
	write_sysctl("/proc/sys/net/ipv4/ip_forward", "0\n");
	free_port(port);
}

static void test_create_and_destroy(void **state)
{
	struct vsw_port *port, dup;
	struct hostif_link l;
	char err[256], buf[32];
	FILE *f;

	(void)state;
	port = make_port("uttap0", 1500);
	assert_int_equal(hostif_get(NULL, "uttap0", &l, err, sizeof(err)), 0);
	assert_true(l.exists);
	assert_true(l.up);
	assert_int_equal(l.mtu, 1500);
	assert_true(port->ops->link_up(port));
	f = fopen("/proc/sys/net/ipv4/conf/uttap0/forwarding", "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "0\n");
	assert_int_equal(hostif_route_overlap(0x0a090000, 24, buf, sizeof(buf)), 1);

	/* a second TAP with the same name is refused, the first unharmed */
	memset(&dup, 0, sizeof(dup));
	snprintf(dup.conf.name, sizeof(dup.conf.name), "x");
	snprintf(dup.conf.ifname, sizeof(dup.conf.ifname), "uttap0");
	dup.mtu = 1500;
	assert_int_equal(tap_port_create(&dup, 0, 0, false, false, err, sizeof(err)),
			 -EEXIST);
	assert_non_null(strstr(err, "uttap0 already exists"));
	snprintf(dup.conf.ifname, sizeof(dup.conf.ifname), "lo");
	assert_int_equal(tap_port_create(&dup, 0, 0, false, false, err, sizeof(err)),
			 -EEXIST);
	snprintf(dup.conf.ifname, sizeof(dup.conf.ifname), "bad/name");
	assert_int_equal(tap_port_create(&dup, 0, 0, false, false, err, sizeof(err)),
			 -EINVAL);
	snprintf(dup.conf.netns, sizeof(dup.conf.netns), "vsw-ut-no-such-ns");
	snprintf(dup.conf.ifname, sizeof(dup.conf.ifname), "uttap9");
	assert_int_not_equal(tap_port_create(&dup, 0, 0, false, false, err,
					     sizeof(err)), 0);
	assert_int_equal(hostif_get(NULL, "uttap9", &l, err, sizeof(err)), 0);
	assert_false(l.exists);
	assert_int_equal(hostif_get(NULL, "uttap0", &l, err, sizeof(err)), 0);
	assert_true(l.exists);

	free_port(port);
	assert_int_equal(hostif_get(NULL, "uttap0", &l, err, sizeof(err)), 0);
	assert_false(l.exists);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

static void test_rx_tx(void **state)
{
	static uint8_t out[1514], in[2048];
	struct vsw_port *port = make_port("uttap1", 1500);
	struct rte_mbuf *pkts[32];
	int fd = packet_sock("uttap1");
	uint16_t n, i;
	ssize_t len;

	(void)state;
	/* kernel -> port: three frames, sizes 60, 1514 and 200 */
	fill_frame(out, 60, 1);
	assert_int_equal(send(fd, out, 60, 0), 60);
	fill_frame(out, 1514, 2);
	assert_int_equal(send(fd, out, 1514, 0), 1514);
	fill_frame(out, 200, 3);
	assert_int_equal(send(fd, out, 200, 0), 200);
	n = 0;
	while (n < 3) {
		uint16_t got = rx_wait(port, pkts + n);

		assert_true(got > 0);
		for (i = n; i < n + got; i++) {
			/* drop the kernel's own frames (IPv6 ND and such) */
			uint8_t *p = rte_pktmbuf_mtod(pkts[i], uint8_t *);

			if (!(p[12] == 0x88 && p[13] == 0xb5)) {
				rte_pktmbuf_free(pkts[i]);
				/* keep the order of the others */
				memmove(&pkts[i], &pkts[i + 1],
					(size_t)(n + got - i - 1) * sizeof(*pkts));
				got--;
				i--;
			}
		}
		n += got;
	}
	assert_int_equal(n, 3);
	assert_int_equal(pkts[0]->pkt_len, 60);
	assert_int_equal(pkts[1]->pkt_len, 1514);
	assert_int_equal(pkts[1]->nb_segs, 1);
	fill_frame(out, 1514, 2);
	assert_memory_equal(rte_pktmbuf_mtod(pkts[1], uint8_t *), out, 1514);

	/* port -> kernel: transmit them back; the socket sees them arrive */
	assert_int_equal(port->ops->tx(port, pkts, 3), 3);
	len = recv_test_frame(fd, in, sizeof(in));
	assert_int_equal(len, 60);
	len = recv_test_frame(fd, in, sizeof(in));
	assert_int_equal(len, 1514);
	assert_memory_equal(in, out, 1514);
	len = recv_test_frame(fd, in, sizeof(in));
	assert_int_equal(len, 200);
	assert_true(port->ops->link_up(port));
	close(fd);
	free_port(port);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

static void test_jumbo(void **state)
{
	static uint8_t out[9014], in[10000];
	struct vsw_port *port = make_port("uttap2", 1500);
	struct rte_mbuf *pkts[32], *m;
	struct hostif_link l;
	char err[256];
	uint32_t off = 0;
	int fd;
	uint16_t n;

	(void)state;
	assert_int_equal(port->ops->set_mtu(port, 9000, err, sizeof(err)), 0);
	assert_int_equal(port->mtu, 9000);
	assert_int_equal(hostif_get(NULL, "uttap2", &l, err, sizeof(err)), 0);
	assert_int_equal(l.mtu, 9000);
	fd = packet_sock("uttap2");
	fill_frame(out, sizeof(out), 7);
	assert_int_equal(send(fd, out, sizeof(out), 0), (ssize_t)sizeof(out));
	do {
		n = rx_wait(port, pkts);
		assert_int_equal(n, 1);
		m = pkts[0];
		if (rte_pktmbuf_mtod(m, uint8_t *)[12] != 0x88) {
			rte_pktmbuf_free(m);
			m = NULL;
		}
	} while (m == NULL);
	/* a chain of 2 KB segments holding the whole frame */
	assert_int_equal(m->pkt_len, sizeof(out));
	assert_true(m->nb_segs >= 5);
	for (struct rte_mbuf *s = m; s != NULL; s = s->next) {
		assert_memory_equal(rte_pktmbuf_mtod(s, uint8_t *), out + off,
				    s->data_len);
		off += s->data_len;
	}
	assert_int_equal(off, sizeof(out));
	/* and out again as one frame */
	assert_int_equal(port->ops->tx(port, &m, 1), 1);
	assert_int_equal(recv_test_frame(fd, in, sizeof(in)), (ssize_t)sizeof(out));
	assert_memory_equal(in, out, sizeof(out));
	close(fd);
	free_port(port);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

static void test_link_down(void **state)
{
	struct vsw_port *port = make_port("uttap3", 1500);
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	struct ifreq ifr;
	uint8_t *p, frame[60];
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	(void)state;
	assert_non_null(m);
	p = (uint8_t *)rte_pktmbuf_append(m, 60);
	if (p == NULL)
		fail_msg("no room in an mbuf");
	fill_frame(frame, sizeof(frame), 9);
	memcpy(p, frame, sizeof(frame));
	/* interface down: the write fails, the frame is refused (the caller
	 * counts it as no-link), and the port says the link is down */
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "uttap3");
	assert_int_equal(ioctl(s, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags &= ~IFF_UP;
	assert_int_equal(ioctl(s, SIOCSIFFLAGS, &ifr), 0);
	assert_int_equal(port->ops->tx(port, &m, 1), 0);
	assert_false(port->ops->link_up(port));
	/* the control thread's poll sees it down too, then up again */
	port->ops->poll(port);
	assert_false(port->ops->link_up(port));
	ifr.ifr_flags |= IFF_UP;
	assert_int_equal(ioctl(s, SIOCSIFFLAGS, &ifr), 0);
	port->ops->poll(port);
	assert_true(port->ops->link_up(port));
	assert_int_equal(port->ops->tx(port, &m, 1), 1);
	close(s);
	free_port(port);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

/* Restoring state: a TAP that cannot be created yet (name taken, namespace
 * missing) leaves a port that is down and retried by the once-a-second poll. */
static void test_lenient(void **state)
{
	struct vsw_port *port = rte_zmalloc("ut_port", sizeof(*port), 0);
	struct rte_mbuf *pkts[4], *m = rte_pktmbuf_alloc(pool);
	struct hostif_link l;
	char err[256];
	int blocker;

	(void)state;
	assert_non_null(port);
	assert_non_null(m);
	/* the name is held by another TAP for now */
	blocker = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	assert_true(blocker >= 0);
	{
		struct ifreq ifr;

		memset(&ifr, 0, sizeof(ifr));
		ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "uttap5");
		assert_int_equal(ioctl(blocker, TUNSETIFF, &ifr), 0);
	}
	snprintf(port->conf.name, sizeof(port->conf.name), "p5");
	snprintf(port->conf.ifname, sizeof(port->conf.ifname), "uttap5");
	port->conf.type = PORT_TAP;
	port->mtu = 1500;
	assert_int_equal(tap_port_create(port, 0, 0, false, false, err,
					 sizeof(err)), -EEXIST);
	assert_int_equal(tap_port_create(port, 0, 0, false, true, err,
					 sizeof(err)), 0);
	assert_false(port->ops->link_up(port));
	assert_int_equal(port->ops->rx(port, pkts, 4), 0);
	assert_int_equal(port->ops->tx(port, &m, 1), 0);
	assert_int_equal(port->ops->set_mtu(port, 2000, err, sizeof(err)), 0);
	port->ops->poll(port);			/* still taken */
	assert_false(port->ops->link_up(port));
	close(blocker);				/* the name is free now */
	port->ops->poll(port);
	assert_true(port->ops->link_up(port));
	assert_int_equal(hostif_get(NULL, "uttap5", &l, err, sizeof(err)), 0);
	assert_true(l.exists && l.up);
	assert_int_equal(l.mtu, 2000);		/* the MTU set meanwhile */
	assert_int_equal(port->ops->tx(port, &m, 1), 1);
	free_port(port);
	assert_int_equal(hostif_get(NULL, "uttap5", &l, err, sizeof(err)), 0);
	assert_false(l.exists);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_destroy),
		cmocka_unit_test(test_rx_tx),
		cmocka_unit_test(test_jumbo),
		cmocka_unit_test(test_link_down),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_stable_mac),
		cmocka_unit_test(test_forwarding_stays_off),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
