/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dhcp_lease.c - unit tests for dhcp_lease.c (the address pool).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dhcp_lease.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define FIRST		IP(10, 0, 0, 100)
#define LAST		IP(10, 0, 0, 199)
#define T0		1700000000ull
#define LT		3600	/* lease time used by the tests */

/* Client number @i, identified by its MAC */
static struct dhcp_client cl(unsigned int i)
{
	struct dhcp_client c;

	memset(&c, 0, sizeof(c));
	c.mac[0] = 0x52;
	c.mac[1] = 0x54;
	c.mac[3] = (uint8_t)(i >> 16);
	c.mac[4] = (uint8_t)(i >> 8);
	c.mac[5] = (uint8_t)i;
	return c;
}

/* Client number @i with a client identifier derived from @id */
static struct dhcp_client cl_id(unsigned int i, uint8_t id)
{
	struct dhcp_client c = cl(i);

	c.client_id_len = 7;
	c.client_id[0] = 1;
	c.client_id[1] = 0xaa;
	c.client_id[6] = id;
	return c;
}

static struct dhcp_host host(unsigned int i, uint32_t ip, const char *name)
{
	struct dhcp_client c = cl(i);
	struct dhcp_host h;

	memset(&h, 0, sizeof(h));
	memcpy(h.mac, c.mac, 6);
	h.ip = ip;
	snprintf(h.hostname, sizeof(h.hostname), "%s", name);
	return h;
}

/* Offer then commit; returns the address */
static uint32_t bind(struct dhcp_db *db, const struct dhcp_client *c,
		     const char *port, uint64_t now)
{
	uint32_t ip = 0;

	assert_int_equal(dhcp_db_offer(db, c, 0, port, 0, now, &ip), 0);
	assert_int_equal(dhcp_db_commit(db, c, ip, LT, "", port, 0, now), 0);
	return ip;
}

static unsigned int walk_n;

static void collect_ip(const struct dhcp_lease *l, void *arg)
{
	uint32_t *seen = arg;

	if (walk_n < 4)
		seen[walk_n] = l->ip;
	walk_n++;
}

static void count_host(const struct dhcp_host *h, void *arg)
{
	(void)h;
	(*(unsigned int *)arg)++;
}

static void test_new_range(void **state)
{
	struct dhcp_db *db;

	(void)state;
	assert_null(dhcp_db_new(LAST, FIRST));
	assert_null(dhcp_db_new(IP(10, 0, 0, 0), IP(10, 1, 0, 0)));
	db = dhcp_db_new(IP(10, 0, 0, 0), IP(10, 0, 255, 255));
	assert_non_null(db);
	assert_int_equal(dhcp_db_range_size(db), 65536);
	dhcp_db_free(db);
	db = dhcp_db_new(FIRST, FIRST);
	assert_non_null(db);
	assert_int_equal(dhcp_db_range_size(db), 1);
	assert_int_equal(dhcp_db_count(db), 0);
	dhcp_db_free(db);
	dhcp_db_free(NULL);
}

static void test_offer_basic(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client c = cl(1);
	struct dhcp_lease *l;
	uint32_t ip = 0;

	(void)state;
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p1", 0, T0, &ip), 0);
	assert_true(ip >= FIRST && ip <= LAST);
	l = dhcp_db_find(db, &c);
	assert_non_null(l);
	assert_ptr_equal(l, dhcp_db_find_ip(db, ip));
	assert_int_equal(l->state, DHCP_LEASE_OFFERED);
	assert_int_equal(l->expires, T0 + DHCP_OFFER_HOLD);
	assert_string_equal(l->port, "p1");
	assert_memory_equal(l->client.mac, c.mac, 6);
	assert_int_equal(dhcp_db_count(db), 1);
	assert_int_equal(dhcp_db_port_count(db, "p1", T0), 1);
	assert_int_equal(dhcp_db_port_count(db, "p1", T0 + DHCP_OFFER_HOLD), 0);
	assert_int_equal(dhcp_db_port_count(db, "p2", T0), 0);

	assert_int_equal(dhcp_db_commit(db, &c, ip, LT, "vm1", "p1", 0, T0 + 1),
			 0);
	assert_int_equal(l->state, DHCP_LEASE_BOUND);
	assert_int_equal(l->expires, T0 + 1 + LT);
	assert_string_equal(l->hostname, "vm1");
	assert_int_equal(dhcp_db_count(db), 1);
	dhcp_db_free(db);
}

static void test_same_client_same_address(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client c = cl(7);
	struct dhcp_lease *l;
	uint32_t ip, ip2 = 0;

	(void)state;
	ip = bind(db, &c, "p1", T0);
	l = dhcp_db_find(db, &c);
	/* a DISCOVER while bound: same address, lease kept as is */
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p1", 0, T0 + 5, &ip2), 0);
	assert_int_equal(ip2, ip);
	assert_int_equal(l->state, DHCP_LEASE_BOUND);
	assert_int_equal(l->expires, T0 + LT);
	/* even when asking for another address */
	assert_int_equal(dhcp_db_offer(db, &c, FIRST + 50 == ip ? FIRST + 51 :
				       FIRST + 50, "p1", 0, T0 + 6, &ip2), 0);
	assert_int_equal(ip2, ip);
	/* after its lease ended, still the same (previous address) */
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p1", 0, T0 + LT + 10, &ip2),
			 0);
	assert_int_equal(ip2, ip);
	assert_int_equal(l->state, DHCP_LEASE_BOUND);
	assert_int_equal(l->expires, T0 + LT + 10 + DHCP_OFFER_HOLD);
	/* entry reclaimed: the MAC-derived choice gives it back */
	assert_int_equal(dhcp_db_del(db, ip), 0);
	assert_int_equal(dhcp_db_del(db, ip), -ENOENT);
	assert_null(dhcp_db_find(db, &c));
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p1", 0, T0 + LT + 20, &ip2),
			 0);
	assert_int_equal(ip2, ip);
	dhcp_db_free(db);
}

static void test_client_identity(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client by_mac = cl(3), by_id = cl_id(3, 1);
	struct dhcp_client id_other_mac = cl_id(4, 1), other_id = cl_id(3, 2);
	uint32_t a, b, x = 0;

	(void)state;
	a = bind(db, &by_mac, "p1", T0);
	assert_null(dhcp_db_find(db, &by_id));
	b = bind(db, &by_id, "p1", T0);
	assert_int_not_equal(a, b);
	assert_int_equal(dhcp_db_count(db), 2);
	/* the client id is the identity, whatever the MAC */
	assert_ptr_equal(dhcp_db_find(db, &id_other_mac),
			 dhcp_db_find_ip(db, b));
	assert_null(dhcp_db_find(db, &other_id));
	assert_int_equal(dhcp_db_offer(db, &id_other_mac, 0, "p1", 0, T0, &x),
			 0);
	assert_int_equal(x, b);
	/* the entry follows the MAC the client id now comes from */
	assert_memory_equal(dhcp_db_find_ip(db, b)->client.mac,
			    id_other_mac.mac, 6);
	assert_int_equal(dhcp_db_find_ip(db, b)->state, DHCP_LEASE_BOUND);
	/* another client's address may not be bound */
	assert_int_equal(dhcp_db_commit(db, &other_id, a, LT, "", "p1", 0, T0),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_commit(db, &by_mac, b, LT, "", "p1", 0, T0),
			 -EADDRINUSE);
	dhcp_db_free(db);
}

static void test_requested(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1), b = cl(2), c = cl(3);
	struct dhcp_host h = host(50, FIRST + 20, "");
	uint32_t excl = FIRST + 10, ip = 0, held;

	(void)state;
	dhcp_db_set_excluded(db, &excl, 1);
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	/* free and in range: honoured */
	assert_int_equal(dhcp_db_offer(db, &a, FIRST + 5, "p", 0, T0, &ip), 0);
	assert_int_equal(ip, FIRST + 5);
	held = ip;
	/* held by another, excluded, reserved, out of range: not honoured */
	assert_int_equal(dhcp_db_offer(db, &b, held, "p", 0, T0, &ip), 0);
	assert_int_not_equal(ip, held);
	assert_int_equal(dhcp_db_del(db, ip), 0);
	assert_int_equal(dhcp_db_offer(db, &b, excl, "p", 0, T0, &ip), 0);
	assert_int_not_equal(ip, excl);
	assert_int_equal(dhcp_db_del(db, ip), 0);
	assert_int_equal(dhcp_db_offer(db, &b, h.ip, "p", 0, T0, &ip), 0);
	assert_int_not_equal(ip, h.ip);
	assert_int_equal(dhcp_db_del(db, ip), 0);
	assert_int_equal(dhcp_db_offer(db, &b, IP(10, 0, 0, 5), "p", 0, T0,
				       &ip), 0);
	assert_true(ip >= FIRST && ip <= LAST);
	/* an address whose hold ended is free again */
	assert_int_equal(dhcp_db_offer(db, &c, held, "p", 0,
				       T0 + DHCP_OFFER_HOLD, &ip), 0);
	assert_int_equal(ip, held);
	assert_null(dhcp_db_find(db, &a));
	dhcp_db_free(db);
}

static void test_commit_rules(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1), b = cl(2);
	uint32_t excl = FIRST + 1, ip;

	(void)state;
	dhcp_db_set_excluded(db, &excl, 1);
	/* INIT-REBOOT style: bind without an offer */
	assert_int_equal(dhcp_db_commit(db, &a, FIRST + 30, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_find(db, &a)->ip, FIRST + 30);
	assert_int_equal(dhcp_db_commit(db, &b, FIRST + 30, LT, "", "p", 0, T0),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_commit(db, &b, LAST + 1, LT, "", "p", 0, T0),
			 -ERANGE);
	assert_int_equal(dhcp_db_commit(db, &b, excl, LT, "", "p", 0, T0),
			 -EADDRINUSE);
	/* moving: the client keeps one entry */
	assert_int_equal(dhcp_db_commit(db, &a, FIRST + 31, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_count(db), 1);
	assert_null(dhcp_db_find_ip(db, FIRST + 30));
	/* an ended lease of another client may be taken over */
	assert_int_equal(dhcp_db_commit(db, &b, FIRST + 31, LT, "", "p", 0,
					T0 + LT - 1), -EADDRINUSE);
	assert_int_equal(dhcp_db_commit(db, &b, FIRST + 31, LT, "", "p", 0,
					T0 + LT), 0);
	assert_null(dhcp_db_find(db, &a));
	/* an offer to someone else blocks too */
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0 + LT, &ip), 0);
	assert_int_equal(dhcp_db_commit(db, &b, ip, LT, "", "p", 0, T0 + LT),
			 -EADDRINUSE);
	dhcp_db_free(db);
}

static void test_reservation_in_range(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, FIRST + 15);
	struct dhcp_host h = host(100, FIRST + 3, "db1");
	struct dhcp_client r = cl(100), c;
	uint32_t ip = 0;
	unsigned int i;

	(void)state;
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_non_null(dhcp_db_host_find(db, h.mac));
	assert_string_equal(dhcp_db_host_by_ip(db, h.ip)->hostname, "db1");
	/* the 15 others fill the rest, never the reserved address */
	for (i = 0; i < 15; i++) {
		c = cl(i);
		assert_int_equal(dhcp_db_offer(db, &c, h.ip, "p", 0, T0, &ip),
				 0);
		assert_int_not_equal(ip, h.ip);
		assert_int_equal(dhcp_db_commit(db, &c, h.ip, LT, "", "p", 0,
						T0), -EADDRINUSE);
	}
	c = cl(15);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0, &ip), -ENOSPC);
	assert_int_equal(dhcp_db_offer(db, &r, 0, "p", 0, T0, &ip), 0);
	assert_int_equal(ip, h.ip);
	/* a reserved client binds only its address */
	assert_int_equal(dhcp_db_commit(db, &r, FIRST + 4, LT, "", "p", 0, T0),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_commit(db, &r, h.ip, LT, "", "p", 0, T0), 0);
	/* a reservation works with a client id too (it is by MAC) */
	dhcp_db_free(db);
}

static void test_reservation_outside_range(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_host h = host(9, IP(10, 0, 0, 20), "");
	struct dhcp_host h2 = host(10, IP(10, 0, 0, 250), "");
	struct dhcp_client c = cl(9), c2 = cl_id(10, 3), other = cl(11);
	uint32_t ip = 0, seen[4];
	struct dhcp_lease *l;
	unsigned int n;

	(void)state;
	walk_n = 0;
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_host_add(db, &h2), 0);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0, &ip), 0);
	assert_int_equal(ip, h.ip);
	assert_int_equal(dhcp_db_commit(db, &c, ip, LT, "", "p", 0, T0), 0);
	assert_int_equal(dhcp_db_offer(db, &c2, 0, "p", 0, T0, &ip), 0);
	assert_int_equal(ip, h2.ip);
	assert_int_equal(dhcp_db_commit(db, &c2, ip, LT, "", "p", 0, T0), 0);
	bind(db, &other, "p", T0);
	l = dhcp_db_find_ip(db, h.ip);
	assert_non_null(l);
	assert_int_equal(l->state, DHCP_LEASE_BOUND);
	assert_ptr_equal(dhcp_db_find(db, &c2), dhcp_db_find_ip(db, h2.ip));
	/* not reserved for anyone else: out of range */
	assert_int_equal(dhcp_db_commit(db, &other, IP(10, 0, 0, 21), LT, "",
					"p", 0, T0), -ERANGE);
	assert_int_equal(dhcp_db_commit(db, &other, h.ip, LT, "", "p", 0, T0),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_count(db), 3);
	/* walk in address order */
	dhcp_db_walk(db, collect_ip, seen);
	n = walk_n;
	assert_int_equal(n, 3);
	assert_int_equal(seen[0], h.ip);
	assert_true(seen[1] >= FIRST && seen[1] <= LAST);
	assert_int_equal(seen[2], h2.ip);
	/* range change keeps reservation leases outside it */
	assert_int_equal(dhcp_db_set_range(db, IP(10, 0, 0, 10),
					   IP(10, 0, 0, 30)), 0);
	assert_ptr_equal(dhcp_db_find(db, &c), dhcp_db_find_ip(db, h.ip));
	assert_non_null(dhcp_db_find(db, &c2));
	assert_null(dhcp_db_find(db, &other));
	assert_int_equal(dhcp_db_count(db), 2);
	dhcp_db_free(db);
}

static void test_reservation_conflicts(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_host h = host(1, FIRST + 1, "a"), h2 = host(2, FIRST + 1, "");
	unsigned int i, n = 0;

	(void)state;
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_host_add(db, &h2), -EEXIST);
	/* replace: same MAC, new address; the old one is free again */
	h.ip = FIRST + 2;
	snprintf(h.hostname, sizeof(h.hostname), "b");
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_null(dhcp_db_host_by_ip(db, FIRST + 1));
	assert_string_equal(dhcp_db_host_find(db, h.mac)->hostname, "b");
	assert_int_equal(dhcp_db_host_add(db, &h2), 0);
	assert_int_equal(dhcp_db_host_del(db, h2.mac), 0);
	assert_int_equal(dhcp_db_host_del(db, h2.mac), -ENOENT);
	assert_null(dhcp_db_host_find(db, h2.mac));
	for (i = 3; i < 1026; i++) {
		struct dhcp_host x = host(i, IP(10, 0, 8, 0) + i, "");

		assert_int_equal(dhcp_db_host_add(db, &x), 0);
	}
	h2.ip = IP(10, 0, 20, 0);
	assert_int_equal(dhcp_db_host_add(db, &h2), -ENOSPC);
	/* replacing one when full still works */
	h.ip = FIRST + 3;
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	for (i = 3; i < 1026; i++) {
		struct dhcp_host x = host(i, 0, "");
		const struct dhcp_host *f = dhcp_db_host_find(db, x.mac);

		assert_non_null(f);
		assert_ptr_equal(f, dhcp_db_host_by_ip(db, IP(10, 0, 8, 0) + i));
	}
	dhcp_db_host_walk(db, count_host, &n);
	assert_int_equal(n, 1024);
	dhcp_db_free(db);
}

static void test_reservation_live_add(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1), b = cl(2);
	uint32_t ia, ib, ip = 0, target;
	struct dhcp_host h;

	(void)state;
	ia = bind(db, &a, "p", T0);
	ib = bind(db, &b, "p", T0);
	/* reserve a free address for A: its lease is not renewed, it moves */
	target = ia == FIRST + 40 || ib == FIRST + 40 ? FIRST + 41 : FIRST + 40;
	h = host(1, target, "");
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_commit(db, &a, ia, LT, "", "p", 0, T0 + 10),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_offer(db, &a, ia, "p", 0, T0 + 10, &ip), 0);
	assert_int_equal(ip, target);
	assert_int_equal(dhcp_db_commit(db, &a, target, LT, "", "p", 0,
					T0 + 10), 0);
	assert_null(dhcp_db_find_ip(db, ia));
	assert_int_equal(dhcp_db_count(db), 2);

	/* reserve B's address for A: B keeps it until it ends, unrenewed */
	h.ip = ib;
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_commit(db, &b, ib, LT, "", "p", 0, T0 + 20),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0 + 20, &ip),
			 -ENOSPC);
	assert_int_equal(dhcp_db_commit(db, &a, ib, LT, "", "p", 0, T0 + 20),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_find_ip(db, ib)->state, DHCP_LEASE_BOUND);
	/* B's next DISCOVER gets another address */
	assert_int_equal(dhcp_db_offer(db, &b, ib, "p", 0, T0 + 30, &ip), 0);
	assert_int_not_equal(ip, ib);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0 + 30, &ip), 0);
	assert_int_equal(ip, ib);
	assert_int_equal(dhcp_db_commit(db, &a, ib, LT, "", "p", 0, T0 + 30),
			 0);
	/* or when B never comes back, A gets it when B's lease ends */
	dhcp_db_free(db);

	db = dhcp_db_new(FIRST, LAST);
	ib = bind(db, &b, "p", T0);
	h.ip = ib;
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0 + LT - 1, &ip),
			 -ENOSPC);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0 + LT, &ip), 0);
	assert_int_equal(ip, ib);
	assert_null(dhcp_db_find(db, &b));
	dhcp_db_free(db);
}

static void test_reservation_del(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_host in = host(1, FIRST + 9, ""), out = host(2, LAST + 9, "");
	struct dhcp_client a = cl(1), b = cl(2), c = cl(3);
	uint32_t ip = 0;

	(void)state;
	assert_int_equal(dhcp_db_host_add(db, &in), 0);
	assert_int_equal(dhcp_db_host_add(db, &out), 0);
	assert_int_equal(bind(db, &a, "p", T0), in.ip);
	assert_int_equal(bind(db, &b, "p", T0), out.ip);
	assert_int_equal(dhcp_db_host_del(db, in.mac), 0);
	assert_int_equal(dhcp_db_host_del(db, out.mac), 0);
	/* leases stay; the one in range is renewable, the other is not */
	assert_int_equal(dhcp_db_count(db), 2);
	assert_int_equal(dhcp_db_commit(db, &a, in.ip, LT, "", "p", 0, T0 + 1),
			 0);
	assert_int_equal(dhcp_db_commit(db, &b, out.ip, LT, "", "p", 0, T0 + 1),
			 -ERANGE);
	assert_int_equal(dhcp_db_offer(db, &b, 0, "p", 0, T0 + 2, &ip), 0);
	assert_true(ip >= FIRST && ip <= LAST);
	assert_null(dhcp_db_find_ip(db, out.ip));
	/* the freed in-range address may go to anyone now */
	assert_int_equal(dhcp_db_release(db, &a, in.ip, T0 + 3), 0);
	assert_int_equal(dhcp_db_expire(db, T0 + 3, 0), 1);
	assert_int_equal(dhcp_db_commit(db, &c, in.ip, LT, "", "p", 0, T0 + 3),
			 0);
	dhcp_db_free(db);
}

static void test_exclusion(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, FIRST + 15);
	uint32_t ex[9] = { FIRST, FIRST + 7, FIRST + 15, IP(10, 0, 0, 1),
			   FIRST + 1, FIRST + 2, FIRST + 3, FIRST + 4,
			   FIRST + 5 };
	struct dhcp_client c;
	uint32_t ip = 0;
	unsigned int i;

	(void)state;
	dhcp_db_set_excluded(db, ex, 3);
	for (i = 0; i < 13; i++) {
		c = cl(i);
		assert_int_equal(dhcp_db_offer(db, &c, FIRST + 7, "p", 0, T0,
					       &ip), 0);
		assert_true(ip != FIRST && ip != FIRST + 7 && ip != FIRST + 15);
	}
	c = cl(13);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0, &ip), -ENOSPC);
	assert_int_equal(dhcp_db_commit(db, &c, FIRST + 15, LT, "", "p", 0, T0),
			 -EADDRINUSE);
	/* lifting an exclusion frees the address at once */
	dhcp_db_set_excluded(db, ex, 2);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0, &ip), 0);
	assert_int_equal(ip, FIRST + 15);
	/* more than 8: the first 8 are used */
	dhcp_db_free(db);
	db = dhcp_db_new(FIRST, FIRST + 15);
	dhcp_db_set_excluded(db, ex, 9);
	assert_int_equal(dhcp_db_commit(db, &c, FIRST + 5, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_commit(db, &c, FIRST + 4, LT, "", "p", 0, T0),
			 -EADDRINUSE);
	/* a lease on a newly excluded address is not renewed */
	dhcp_db_set_excluded(db, &ex[8], 1);
	assert_int_equal(dhcp_db_commit(db, &c, FIRST + 5, LT, "", "p", 0, T0),
			 -EADDRINUSE);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0, &ip), 0);
	assert_int_not_equal(ip, FIRST + 5);
	dhcp_db_free(db);
}

static void test_expiry_grace(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1), b = cl(2), c = cl(3);
	uint32_t ia, ip = 0;

	(void)state;
	ia = bind(db, &a, "p", T0);
	assert_int_equal(dhcp_db_offer(db, &b, 0, "p", 0, T0, &ip), 0);
	assert_int_equal(dhcp_db_expire(db, T0 + DHCP_OFFER_HOLD - 1, 100), 0);
	/* an offer goes as soon as it ends, whatever the grace */
	assert_int_equal(dhcp_db_expire(db, T0 + DHCP_OFFER_HOLD, 100), 1);
	assert_null(dhcp_db_find(db, &b));
	/* a bound lease stays for the grace after it ended */
	assert_int_equal(dhcp_db_expire(db, T0 + LT, 100), 0);
	assert_int_equal(dhcp_db_expire(db, T0 + LT + 99, 100), 0);
	assert_non_null(dhcp_db_find(db, &a));
	/* meanwhile another client is not given it while others are free */
	assert_int_equal(dhcp_db_offer(db, &c, ia, "p", 0, T0 + LT + 50, &ip),
			 0);
	assert_int_equal(ip, ia);	/* asked for explicitly: ended, free */
	assert_int_equal(dhcp_db_del(db, ip), 0);
	assert_int_equal(dhcp_db_commit(db, &a, ia, LT, "", "p", 0,
					T0 + LT + 50), 0);
	assert_int_equal(dhcp_db_expire(db, T0 + 2 * LT + 50 + 99, 100), 0);
	assert_int_equal(dhcp_db_expire(db, T0 + 2 * LT + 50 + 100, 100), 1);
	assert_int_equal(dhcp_db_count(db), 0);
	dhcp_db_free(db);
}

static void test_grace_keeps_address(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, FIRST + 3);
	struct dhcp_client a = cl(1), c;
	uint32_t ia, ip = 0, got[3];
	unsigned int i;

	(void)state;
	ia = bind(db, &a, "p", T0);
	/* three new clients after A's lease ended take the 3 never-used
	 * addresses, not A's */
	for (i = 0; i < 3; i++) {
		c = cl(10 + i);
		assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + LT + 1,
					       &got[i]), 0);
		assert_int_not_equal(got[i], ia);
	}
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0 + LT + 1, &ip), 0);
	assert_int_equal(ip, ia);
	dhcp_db_free(db);
}

static void test_oldest_expired(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, FIRST + 2);
	struct dhcp_client c;
	uint32_t ip = 0;
	unsigned int i;

	(void)state;
	/* leases ending at T0 + 300, + 100, + 200 */
	for (i = 0; i < 3; i++) {
		uint32_t lt = i == 0 ? 300 : i == 1 ? 100 : 200;

		c = cl(i);
		assert_int_equal(dhcp_db_commit(db, &c, FIRST + i, lt, "", "p",
						0, T0), 0);
	}
	c = cl(9);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + 99, &ip),
			 -ENOSPC);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + 400, &ip), 0);
	assert_int_equal(ip, FIRST + 1);
	c = cl(1);
	assert_null(dhcp_db_find(db, &c));
	c = cl(10);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + 400, &ip), 0);
	assert_int_equal(ip, FIRST + 2);

	/* an ended entry on an excluded address is not reused, until the
	 * exclusion is lifted */
	c = cl(11);
	assert_int_equal(dhcp_db_commit(db, &c, FIRST, 1000, "", "p", 0,
					T0 + 400), 0);
	c = cl(10);
	assert_int_equal(dhcp_db_commit(db, &c, FIRST + 2, 1000, "", "p", 0,
					T0 + 400), 0);
	ip = FIRST + 1;
	dhcp_db_set_excluded(db, &ip, 1);
	c = cl(12);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + 500, &ip),
			 -ENOSPC);
	dhcp_db_set_excluded(db, NULL, 0);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + 500, &ip), 0);
	assert_int_equal(ip, FIRST + 1);
	dhcp_db_free(db);
}

static void test_quarantine(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, FIRST + 3);
	struct dhcp_client a = cl(1), b = cl(2), c;
	struct dhcp_lease *l;
	uint32_t ip = 0, bad, got;
	unsigned int i;

	(void)state;
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0, &bad), 0);
	assert_int_equal(dhcp_db_decline(db, &b, bad, T0), -ENOENT);
	assert_int_equal(dhcp_db_decline(db, &a, bad + 1, T0), -ENOENT);
	assert_int_equal(dhcp_db_decline(db, &a, bad, T0), 0);
	l = dhcp_db_find_ip(db, bad);
	assert_non_null(l);
	assert_int_equal(l->state, DHCP_LEASE_DECLINED);
	assert_int_equal(l->expires, T0 + DHCP_QUARANTINE);
	assert_int_equal(l->client.client_id_len, 0);
	assert_memory_equal(l->client.mac, "\0\0\0\0\0\0", 6);
	assert_null(dhcp_db_find(db, &a));
	/* the quarantine counts toward the port that declined */
	assert_int_equal(dhcp_db_port_count(db, "p", T0), 1);
	/* nobody gets it while it lasts, not even by asking */
	for (i = 0; i < 3; i++) {
		c = cl(10 + i);
		assert_int_equal(dhcp_db_offer(db, &c, bad, "q", 0, T0 + 1,
					       &got), 0);
		assert_int_not_equal(got, bad);
	}
	assert_int_equal(dhcp_db_offer(db, &a, bad, "p", 0, T0 + 1, &ip),
			 -ENOSPC);
	assert_int_equal(dhcp_db_commit(db, &a, bad, LT, "", "p", 0, T0 + 1),
			 -EADDRINUSE);
	/* the other offers ended: one of theirs, never the quarantine */
	assert_int_equal(dhcp_db_offer(db, &a, bad, "p", 0,
				       T0 + DHCP_QUARANTINE - 1, &ip), 0);
	assert_int_not_equal(ip, bad);
	/* it ends: the address is usable again */
	assert_int_equal(dhcp_db_commit(db, &a, bad, LT, "", "p", 0,
					T0 + DHCP_QUARANTINE), 0);
	assert_int_equal(dhcp_db_find(db, &a)->state, DHCP_LEASE_BOUND);
	assert_int_equal(dhcp_db_count(db), 3);
	/* and expire drops an ended quarantine at once */
	assert_int_equal(dhcp_db_decline(db, &a, bad, T0 + 1000), 0);
	assert_int_equal(dhcp_db_expire(db, T0 + 1000 + DHCP_QUARANTINE - 1,
					3600), 2);
	assert_int_equal(dhcp_db_expire(db, T0 + 1000 + DHCP_QUARANTINE, 3600),
			 1);
	assert_int_equal(dhcp_db_count(db), 0);
	dhcp_db_free(db);
}

static void test_release(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1), b = cl(2);
	struct dhcp_lease *l;
	uint32_t ia, ip = 0;

	(void)state;
	ia = bind(db, &a, "p", T0);
	assert_int_equal(dhcp_db_release(db, &b, ia, T0 + 10), -ENOENT);
	assert_int_equal(dhcp_db_release(db, &a, ia + 1, T0 + 10), -ENOENT);
	assert_int_equal(dhcp_db_release(db, &a, ia, T0 + 10), 0);
	l = dhcp_db_find(db, &a);
	assert_non_null(l);
	assert_int_equal(l->expires, T0 + 10);
	assert_int_equal(dhcp_db_port_count(db, "p", T0 + 10), 0);
	assert_int_equal(dhcp_db_offer(db, &b, 0, "p", 0, T0 + 11, &ip), 0);
	assert_int_not_equal(ip, ia);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p", 0, T0 + 20, &ip), 0);
	assert_int_equal(ip, ia);
	dhcp_db_free(db);
}

static void test_exhaustion(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, FIRST + 15);
	bool seen[16] = { false };
	struct dhcp_client c;
	uint32_t ip = 0, addr;
	unsigned int i;

	(void)state;
	for (i = 0; i < 16; i++) {
		c = cl(i * 7919);
		assert_int_equal(dhcp_db_offer(db, &c, FIRST, "p", 0, T0, &ip),
				 0);
		assert_true(ip >= FIRST && ip <= FIRST + 15);
		assert_false(seen[ip - FIRST]);
		seen[ip - FIRST] = true;
		if (i % 2 == 0)
			assert_int_equal(dhcp_db_commit(db, &c, ip, LT, "",
							"p", 0, T0), 0);
	}
	for (i = 0; i < 100; i++) {
		c = cl(1000 + i);
		assert_int_equal(dhcp_db_offer(db, &c, FIRST + i % 16, "p", 0,
					       T0 + 1, &ip), -ENOSPC);
		assert_int_equal(dhcp_db_commit(db, &c, FIRST + i % 16, LT, "",
						"p", 0, T0 + 1), -EADDRINUSE);
	}
	assert_int_equal(dhcp_db_count(db), 16);
	/* a release makes room at once, for anyone */
	c = cl(0);
	ip = dhcp_db_find(db, &c)->ip;
	assert_int_equal(dhcp_db_release(db, &c, ip, T0 + 1), 0);
	c = cl(1100);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + 1, &addr), 0);
	assert_int_equal(addr, ip);
	c = cl(1101);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0 + 1, &addr),
			 -ENOSPC);
	/* the offers end: exactly 8 new clients fit */
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 9; i++) {
		c = cl(2000 + i);
		int rc = dhcp_db_offer(db, &c, 0, "p", 0,
				       T0 + DHCP_OFFER_HOLD, &ip);

		if (i == 8) {
			assert_int_equal(rc, -ENOSPC);
			break;
		}
		assert_int_equal(rc, 0);
		assert_false(seen[ip - FIRST]);
		seen[ip - FIRST] = true;
		assert_int_equal(dhcp_db_find_ip(db, ip)->state,
				 DHCP_LEASE_OFFERED);
	}
	assert_int_equal(dhcp_db_count(db), 16);
	dhcp_db_free(db);
}

static void test_big_range(void **state)
{
	uint32_t first = IP(10, 1, 0, 0), last = IP(10, 1, 255, 255), ip = 0;
	struct dhcp_db *db = dhcp_db_new(first, last);
	uint8_t *seen = calloc(65536, 1);
	struct dhcp_client c;
	unsigned int i;

	(void)state;
	assert_non_null(seen);
	for (i = 0; i < 65536; i++) {
		c = cl(i);
		assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0, &ip), 0);
		assert_true(ip >= first && ip <= last);
		assert_int_equal(seen[ip - first], 0);
		seen[ip - first] = 1;
	}
	c = cl(70000);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p", 0, T0, &ip), -ENOSPC);
	assert_int_equal(dhcp_db_count(db), 65536);
	for (i = 0; i < 65536; i += 997) {
		c = cl(i);
		assert_non_null(dhcp_db_find(db, &c));
	}
	assert_int_equal(dhcp_db_expire(db, T0 + DHCP_OFFER_HOLD, 0), 65536);
	free(seen);
	dhcp_db_free(db);
}

static void test_port_cap(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1), b = cl(2), c = cl(3);
	uint32_t ia, ib, ip = 0;

	(void)state;
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p1", 2, T0, &ia), 0);
	assert_int_equal(dhcp_db_commit(db, &a, ia, LT, "", "p1", 2, T0), 0);
	assert_int_equal(dhcp_db_offer(db, &b, 0, "p1", 2, T0, &ib), 0);
	assert_int_equal(dhcp_db_port_count(db, "p1", T0), 2);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p1", 2, T0, &ip), -EDQUOT);
	assert_int_equal(dhcp_db_commit(db, &c, FIRST + 77, LT, "", "p1", 2,
					T0), -EDQUOT);
	/* the clients already there renew */
	assert_int_equal(dhcp_db_commit(db, &b, ib, LT, "", "p1", 2, T0 + 1),
			 0);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p1", 2, T0 + 2, &ip), 0);
	assert_int_equal(ip, ia);
	assert_int_equal(dhcp_db_commit(db, &a, ia, LT, "", "p1", 2, T0 + 3),
			 0);
	/* other ports have their own count; no cap is no cap */
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p2", 2, T0, &ip), 0);
	assert_int_equal(dhcp_db_port_count(db, "p2", T0), 1);
	/* moving to a full port counts as a new entry there */
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p1", 2, T0, &ip), -EDQUOT);
	assert_int_equal(dhcp_db_offer(db, &c, 0, "p1", 0, T0, &ip), 0);
	assert_int_equal(dhcp_db_port_count(db, "p1", T0), 3);
	assert_int_equal(dhcp_db_port_count(db, "p2", T0), 0);
	/* after A releases, there is room again */
	assert_int_equal(dhcp_db_release(db, &a, ia, T0 + 5), 0);
	assert_int_equal(dhcp_db_port_count(db, "p1", T0 + 5), 2);
	assert_int_equal(dhcp_db_commit(db, &a, ia, LT, "", "p1", 3, T0 + 5),
			 0);
	assert_int_equal(dhcp_db_release(db, &a, ia, T0 + 6), 0);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p1", 2, T0 + 6, &ip),
			 -EDQUOT);
	assert_int_equal(dhcp_db_release(db, &b, ib, T0 + 6), 0);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p1", 2, T0 + 6, &ip), 0);
	assert_int_equal(ip, ia);
	dhcp_db_free(db);
}

static void test_set_range(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1), b = cl(2), r = cl(3), d = cl(4), x;
	struct dhcp_host h = host(3, FIRST + 90, "");
	uint32_t ip = 0;
	unsigned int i;

	(void)state;
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_commit(db, &a, FIRST + 10, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_commit(db, &b, FIRST + 60, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_commit(db, &r, FIRST + 90, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_commit(db, &d, FIRST + 50, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_decline(db, &d, FIRST + 50, T0), 0);
	assert_int_equal(dhcp_db_set_range(db, LAST, FIRST), -EINVAL);
	assert_int_equal(dhcp_db_set_range(db, FIRST, FIRST + 65536), -EINVAL);
	assert_int_equal(dhcp_db_count(db), 4);
	/* shrink to .100-.149: B and the quarantine go, R stays */
	assert_int_equal(dhcp_db_set_range(db, FIRST, FIRST + 49), 0);
	assert_int_equal(dhcp_db_range_size(db), 50);
	assert_int_equal(dhcp_db_count(db), 2);
	assert_non_null(dhcp_db_find(db, &a));
	assert_null(dhcp_db_find(db, &b));
	assert_null(dhcp_db_find_ip(db, FIRST + 50));
	assert_ptr_equal(dhcp_db_find(db, &r), dhcp_db_find_ip(db, FIRST + 90));
	assert_int_equal(dhcp_db_commit(db, &r, FIRST + 90, LT, "", "p", 0, T0),
			 0);
	assert_int_equal(dhcp_db_offer(db, &b, FIRST + 60, "p", 0, T0, &ip), 0);
	assert_true(ip >= FIRST && ip < FIRST + 50);
	assert_int_equal(dhcp_db_commit(db, &a, FIRST + 70, LT, "", "p", 0, T0),
			 -ERANGE);
	/* move so that A falls out, R comes into the range */
	assert_int_equal(dhcp_db_set_range(db, FIRST + 80, FIRST + 95), 0);
	assert_null(dhcp_db_find(db, &a));
	assert_ptr_equal(dhcp_db_find(db, &r), dhcp_db_find_ip(db, FIRST + 90));
	assert_int_equal(dhcp_db_count(db), 1);
	/* the reserved address is never offered to others */
	for (i = 0; i < 15; i++) {
		x = cl(100 + i);
		assert_int_equal(dhcp_db_offer(db, &x, 0, "p", 0, T0, &ip), 0);
		assert_int_not_equal(ip, FIRST + 90);
	}
	x = cl(200);
	assert_int_equal(dhcp_db_offer(db, &x, 0, "p", 0, T0, &ip), -ENOSPC);
	/* growing keeps everything */
	assert_int_equal(dhcp_db_set_range(db, FIRST, LAST), 0);
	assert_int_equal(dhcp_db_count(db), 16);
	assert_int_equal(dhcp_db_offer(db, &x, 0, "p", 0, T0, &ip), 0);
	dhcp_db_free(db);
}

/* Every entry as JSON text, in walk order */
static void dump_one(const struct dhcp_lease *l, void *arg)
{
	json_t *arr = arg;

	json_array_append_new(arr, dhcp_lease_to_json(l));
}

static char *dump(const struct dhcp_db *db)
{
	json_t *arr = json_array();
	char *s;

	dhcp_db_walk(db, dump_one, arr);
	s = json_dumps(arr, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(arr);
	return s;
}

static struct dhcp_db *sample_db(void)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl_id(1, 9), b = cl(2), d = cl(4), o = cl(5);
	struct dhcp_host h = host(3, IP(10, 0, 0, 20), "");
	struct dhcp_client r = cl(3);
	uint32_t ip;

	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_commit(db, &a, FIRST + 1, LT, "alpha", "vm-a",
					0, T0), 0);
	assert_int_equal(dhcp_db_commit(db, &b, FIRST + 2, 2 * LT, "", "vm-b",
					0, T0), 0);
	assert_int_equal(dhcp_db_commit(db, &r, h.ip, LT, "res", "", 0, T0), 0);
	assert_int_equal(dhcp_db_commit(db, &d, FIRST + 3, LT, "x", "vm-d", 0,
					T0), 0);
	assert_int_equal(dhcp_db_decline(db, &d, FIRST + 3, T0), 0);
	assert_int_equal(dhcp_db_offer(db, &o, 0, "vm-o", 0, T0, &ip), 0);
	return db;
}

static void test_json_form(void **state)
{
	struct dhcp_db *db = sample_db();
	struct dhcp_client a = cl_id(1, 9);
	json_t *o = dhcp_lease_to_json(dhcp_db_find(db, &a)), *arr;
	char *s;

	(void)state;
	assert_non_null(o);
	s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "{\"client_id\":\"01aa0000000009\","
			    "\"expires\":1700003600,\"hostname\":\"alpha\","
			    "\"ip\":\"10.0.0.101\",\"mac\":\"52:54:00:00:00:01\","
			    "\"port\":\"vm-a\",\"state\":\"bound\"}");
	free(s);
	json_decref(o);
	o = dhcp_lease_to_json(dhcp_db_find_ip(db, FIRST + 3));
	s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "{\"expires\":1700000600,\"ip\":\"10.0.0.103\","
			    "\"mac\":\"00:00:00:00:00:00\",\"port\":\"vm-d\","
			    "\"state\":\"declined\"}");
	free(s);
	json_decref(o);
	/* offers are not saved; the rest in address order */
	arr = dhcp_db_to_json(db);
	assert_int_equal(json_array_size(arr), 4);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(arr, 0), "ip")), "10.0.0.20");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(arr, 3), "ip")), "10.0.0.103");
	json_decref(arr);
	dhcp_db_free(db);
}

static void test_json_round_trip(void **state)
{
	struct dhcp_db *db = sample_db(), *db2;
	struct dhcp_host h = host(3, IP(10, 0, 0, 20), "");
	struct dhcp_client o = cl(5), a = cl_id(1, 9);
	char err[128] = "", *s1, *s2;
	json_t *arr;

	(void)state;
	/* what the old pool holds, without the offer */
	arr = dhcp_db_to_json(db);
	assert_non_null(arr);
	assert_int_equal(dhcp_db_del(db, dhcp_db_find(db, &o)->ip), 0);
	s1 = dump(db);

	db2 = dhcp_db_new(FIRST, LAST);
	assert_int_equal(dhcp_db_host_add(db2, &h), 0);
	assert_int_equal(dhcp_db_load_json(db2, arr, T0 + 1, err, sizeof(err)),
			 0);
	s2 = dump(db2);
	assert_string_equal(s1, s2);
	assert_int_equal(dhcp_db_count(db2), 4);
	/* loaded entries behave like the originals */
	assert_int_equal(dhcp_db_commit(db2, &a, FIRST + 1, LT, "", "vm-a", 0,
					T0 + 1), 0);
	assert_int_equal(dhcp_db_port_count(db2, "vm-b", T0 + 1), 1);
	assert_int_equal(dhcp_db_find_ip(db2, FIRST + 3)->state,
			 DHCP_LEASE_DECLINED);
	/* loading the same again clashes with what is there */
	assert_int_equal(dhcp_db_load_json(db2, arr, T0 + 1, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(dhcp_db_count(db2), 4);
	free(s1);
	free(s2);
	json_decref(arr);
	dhcp_db_free(db);
	dhcp_db_free(db2);
}

static void test_load_skips(void **state)
{
	const char *text =
		"[{\"ip\":\"10.0.0.101\",\"mac\":\"52:54:00:00:00:01\","
		"\"port\":\"p\",\"expires\":1700000100,\"state\":\"bound\"},"
		"{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		"\"port\":\"p\",\"expires\":1700000000,\"state\":\"bound\"},"
		"{\"ip\":\"10.0.0.50\",\"mac\":\"52:54:00:00:00:03\","
		"\"port\":\"p\",\"expires\":1700009999,\"state\":\"bound\"},"
		"{\"ip\":\"10.0.0.20\",\"mac\":\"52:54:00:00:00:04\","
		"\"expires\":1700009999,\"state\":\"bound\"},"
		"{\"ip\":\"10.0.0.21\",\"mac\":\"00:00:00:00:00:00\","
		"\"port\":\"p\",\"expires\":1700009999,\"state\":\"declined\"},"
		"{\"ip\":\"10.0.0.103\",\"mac\":\"52:54:00:00:00:05\","
		"\"client_id\":\"01AB\",\"hostname\":\"h\",\"port\":\"p\","
		"\"expires\":1700009999,\"state\":\"offered\"}]";
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_host h = host(4, IP(10, 0, 0, 20), "");
	struct dhcp_client c5 = cl(5);
	json_t *arr = json_loads(text, 0, NULL);
	struct dhcp_lease *l;
	char err[128];

	(void)state;
	assert_non_null(arr);
	assert_int_equal(dhcp_db_host_add(db, &h), 0);
	assert_int_equal(dhcp_db_load_json(db, arr, T0, err, sizeof(err)), 0);
	/* ended at T0: skipped; outside the range: skipped unless reserved */
	assert_int_equal(dhcp_db_count(db), 3);
	assert_non_null(dhcp_db_find_ip(db, FIRST + 1));
	assert_null(dhcp_db_find_ip(db, FIRST + 2));
	assert_null(dhcp_db_find_ip(db, IP(10, 0, 0, 50)));
	assert_non_null(dhcp_db_find_ip(db, IP(10, 0, 0, 20)));
	assert_null(dhcp_db_find_ip(db, IP(10, 0, 0, 21)));
	l = dhcp_db_find_ip(db, FIRST + 3);
	assert_non_null(l);
	assert_int_equal(l->client.client_id_len, 2);
	assert_int_equal(l->client.client_id[1], 0xab);
	assert_string_equal(l->hostname, "h");
	assert_null(dhcp_db_find(db, &c5));	/* it has a client id */
	c5.client_id_len = 2;
	c5.client_id[0] = 1;
	c5.client_id[1] = 0xab;
	assert_ptr_equal(dhcp_db_find(db, &c5), l);
	json_decref(arr);
	/* an empty array is fine */
	arr = json_array();
	assert_int_equal(dhcp_db_load_json(db, arr, T0, err, sizeof(err)), 0);
	json_decref(arr);
	dhcp_db_free(db);
}

#define GOOD_A "{\"ip\":\"10.0.0.101\",\"mac\":\"52:54:00:00:00:01\"," \
	"\"port\":\"p\",\"expires\":1700009999,\"state\":\"bound\"}"

static void test_load_strict(void **state)
{
	static const struct {
		const char *json;
		const char *why;
	} bad[] = {
		{ "{}", "not an array" },
		{ "[" GOOD_A ", 5]", "entry 1" },
		{ "[" GOOD_A ", {\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":\"bound\",\"x\":1}]",
		  "unknown key" },
		{ "[{\"ip\":\"10.0.0.300\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]", "bad ip" },
		{ "[{\"ip\":\"10.0.0.1x\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]", "bad ip" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]", "bad mac" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:0g\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]", "bad mac" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"client_id\":\"01a\",\"expires\":1700009999,"
		  "\"state\":\"bound\"}]", "bad client_id" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"client_id\":\"01zz\",\"expires\":1700009999,"
		  "\"state\":\"bound\"}]", "bad client_id" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"client_id\":\"\",\"expires\":1700009999,"
		  "\"state\":\"bound\"}]", "bad client_id" },
		/* duplicates, also with an entry that would be skipped */
		{ "[" GOOD_A ", {\"ip\":\"10.0.0.101\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]",
		  "entry 1: duplicate ip" },
		{ "[{\"ip\":\"10.0.0.101\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1,\"state\":\"bound\"}," GOOD_A "]",
		  "duplicate ip" },
		{ "[" GOOD_A ", {\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:01\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]",
		  "entry 1: duplicate client" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"client_id\":\"01ff\",\"expires\":1700009999,"
		  "\"state\":\"bound\"},{\"ip\":\"10.0.0.103\","
		  "\"mac\":\"52:54:00:00:00:03\",\"client_id\":\"01FF\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]",
		  "duplicate client" },
		/* wrong types, missing and bad values */
		{ "[{\"ip\":167772262,\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]", "string" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":\"1700009999\",\"state\":\"bound\"}]", "expires" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":-1,\"state\":\"bound\"}]", "expires" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":true}]", "string" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":\"gone\"}]", "bad state" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"port\":null,\"expires\":1700009999,\"state\":\"bound\"}]",
		  "string" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"state\":\"bound\"}]", "missing expires" },
		{ "[{\"ip\":\"10.0.0.102\",\"expires\":1700009999,"
		  "\"state\":\"bound\"}]", "missing mac" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:02\","
		  "\"hostname\":\"0123456789012345678901234567890123456789"
		  "012345678901234567890123\",\"expires\":1700009999,"
		  "\"state\":\"bound\"}]", "hostname" },
		/* clashes with the pool's own entries */
		{ "[{\"ip\":\"10.0.0.150\",\"mac\":\"52:54:00:00:00:02\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]", "address" },
		{ "[{\"ip\":\"10.0.0.102\",\"mac\":\"52:54:00:00:00:09\","
		  "\"expires\":1700009999,\"state\":\"bound\"}]", "client" },
	};
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client own = cl(9);
	char err[128], *before, *after;
	unsigned int i;

	(void)state;
	assert_int_equal(dhcp_db_commit(db, &own, FIRST + 50, LT, "", "p", 0,
					T0), 0);
	before = dump(db);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_error_t jerr;
		json_t *arr = json_loads(bad[i].json, 0, &jerr);

		if (arr == NULL)
			fail_msg("case %u: bad test JSON: %s", i, jerr.text);
		err[0] = '\0';
		if (dhcp_db_load_json(db, arr, T0, err, sizeof(err)) != -EINVAL)
			fail_msg("case %u accepted", i);
		if (strstr(err, bad[i].why) == NULL)
			fail_msg("case %u: \"%s\" lacks \"%s\"", i, err,
				 bad[i].why);
		after = dump(db);
		assert_string_equal(before, after);
		free(after);
		json_decref(arr);
	}
	assert_int_equal(dhcp_db_count(db), 1);
	/* a NULL error buffer is fine */
	{
		json_t *arr = json_loads("[1]", 0, NULL);

		assert_int_equal(dhcp_db_load_json(db, arr, T0, NULL, 0),
				 -EINVAL);
		json_decref(arr);
	}
	free(before);
	dhcp_db_free(db);
}

static void test_load_range_changed(void **state)
{
	struct dhcp_db *db = sample_db(), *db2;
	char err[128];
	json_t *arr;

	(void)state;
	arr = dhcp_db_to_json(db);
	/* restarted with .102-.110 and no reservation: only B's stays */
	db2 = dhcp_db_new(FIRST + 2, FIRST + 10);
	assert_int_equal(dhcp_db_load_json(db2, arr, T0 + 1, err, sizeof(err)),
			 0);
	assert_int_equal(dhcp_db_count(db2), 2);
	assert_non_null(dhcp_db_find_ip(db2, FIRST + 2));
	assert_non_null(dhcp_db_find_ip(db2, FIRST + 3));
	/* and later than A's lease: only B's 2-hour lease is left */
	dhcp_db_free(db2);
	db2 = dhcp_db_new(FIRST, LAST);
	assert_int_equal(dhcp_db_load_json(db2, arr, T0 + LT, err, sizeof(err)),
			 0);
	assert_int_equal(dhcp_db_count(db2), 1);
	assert_non_null(dhcp_db_find_ip(db2, FIRST + 2));
	json_decref(arr);
	dhcp_db_free(db2);
	dhcp_db_free(db);
}

static void test_client_moves_port(void **state)
{
	struct dhcp_db *db = dhcp_db_new(FIRST, LAST);
	struct dhcp_client a = cl(1);
	uint32_t ia, ip = 0;

	(void)state;
	ia = bind(db, &a, "p1", T0);
	assert_int_equal(dhcp_db_offer(db, &a, 0, "p2", 0, T0 + 1, &ip), 0);
	assert_int_equal(ip, ia);
	assert_string_equal(dhcp_db_find(db, &a)->port, "p2");
	assert_int_equal(dhcp_db_port_count(db, "p1", T0 + 1), 0);
	assert_int_equal(dhcp_db_port_count(db, "p2", T0 + 1), 1);
	/* a port name longer than the field is cut, consistently */
	assert_int_equal(dhcp_db_commit(db, &a, ia, LT, "",
					"a-very-long-port-name-0123456789abcdef",
					1, T0 + 2), 0);
	assert_int_equal(strlen(dhcp_db_find(db, &a)->port),
			 DHCP_PORT_NAME_MAX);
	assert_int_equal(dhcp_db_port_count(db,
			 "a-very-long-port-name-0123456789abcdef", T0 + 2), 1);
	assert_int_equal(dhcp_db_commit(db, &a, ia, LT, "",
					"a-very-long-port-name-0123456789abcdef",
					1, T0 + 3), 0);
	dhcp_db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_range),
		cmocka_unit_test(test_offer_basic),
		cmocka_unit_test(test_same_client_same_address),
		cmocka_unit_test(test_client_identity),
		cmocka_unit_test(test_requested),
		cmocka_unit_test(test_commit_rules),
		cmocka_unit_test(test_reservation_in_range),
		cmocka_unit_test(test_reservation_outside_range),
		cmocka_unit_test(test_reservation_conflicts),
		cmocka_unit_test(test_reservation_live_add),
		cmocka_unit_test(test_reservation_del),
		cmocka_unit_test(test_exclusion),
		cmocka_unit_test(test_expiry_grace),
		cmocka_unit_test(test_grace_keeps_address),
		cmocka_unit_test(test_oldest_expired),
		cmocka_unit_test(test_quarantine),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_big_range),
		cmocka_unit_test(test_port_cap),
		cmocka_unit_test(test_set_range),
		cmocka_unit_test(test_json_form),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_load_skips),
		cmocka_unit_test(test_load_strict),
		cmocka_unit_test(test_load_range_changed),
		cmocka_unit_test(test_client_moves_port),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
