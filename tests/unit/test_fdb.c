/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_fdb.c - unit tests for vswitch/fdb.c, the MAC learning table: learn,
 * refresh, move, age, static entries, limits, flushes and slot reuse.
 *
 * rte_hash allocates with rte_malloc, so the group setup starts a minimal EAL
 * (no hugepages, no PCI, private file prefix). Tables are created without an
 * RCU variable: nothing reads them concurrently here.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_hash.h>

#include "fdb.h"
#include "test_eal.h"

#define TEST_CAPACITY	2048

/**
 * eal_setup() - Start a minimal EAL for the whole group
 * @state:	Unused
 *
 * Return: 0, or -1 if EAL did not start
 */
static int
eal_setup(void **state)
{
	(void)state;
	return test_eal_start("vswut-fdb", 128);
}

/**
 * eal_teardown() - Stop EAL
 * @state:	Unused
 *
 * Return: 0
 */
static int
eal_teardown(void **state)
{
	(void)state;
	test_eal_stop();
	return 0;
}

/**
 * fdb_setup() - Create a fresh table of TEST_CAPACITY entries per test
 * @state:	Output: the table
 *
 * Return: 0, or -1 on failure
 */
static int
fdb_setup(void **state)
{
	static unsigned int seq;
	char name[32];
	struct fdb *fdb;

	snprintf(name, sizeof(name), "ut_fdb_%u", seq++);
	fdb = fdb_create(name, TEST_CAPACITY, 0, NULL);
	if (fdb == NULL)
		return -1;
	*state = fdb;
	return 0;
}

/**
 * fdb_teardown() - Free the table of one test
 * @state:	The table
 *
 * Return: 0
 */
static int
fdb_teardown(void **state)
{
	fdb_free(*state);
	return 0;
}

/**
 * mac_of() - A locally administered unicast MAC derived from a number
 * @n:		Number
 * @mac:	Output
 */
static void
mac_of(uint32_t n, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(n >> 24);
	mac[3] = (uint8_t)(n >> 16);
	mac[4] = (uint8_t)(n >> 8);
	mac[5] = (uint8_t)n;
}

/**
 * key_of() - FDB key of MAC number @n in network @net
 * @net:	Network id
 * @n:		MAC number (see mac_of())
 *
 * Return: the key
 */
static uint64_t
key_of(uint16_t net, uint32_t n)
{
	uint8_t mac[6];

	mac_of(n, mac);
	return fdb_key(net, mac);
}

/**
 * learn() - Learn one source MAC the way the PMD does (bulk lookup + learn)
 * @fdb:	Table
 * @key:	Source key
 * @port:	Ingress port
 * @now:	Current time
 *
 * Return: fdb_learn()'s result
 */
static enum fdb_learn_result
learn(struct fdb *fdb, uint64_t key, uint16_t port, uint32_t now)
{
	int32_t pos;
	uint32_t w;

	fdb_lookup_bulk(fdb, &key, 1, &pos, &w);
	return fdb_learn(fdb, key, pos, w, port, now);
}

/**
 * learn_ok() - learn() that must succeed
 * @fdb:	Table
 * @key:	Source key
 * @port:	Ingress port
 * @now:	Current time
 */
static void
learn_ok(struct fdb *fdb, uint64_t key, uint16_t port, uint32_t now)
{
	assert_int_equal(learn(fdb, key, port, now), FDB_LEARN_OK);
}

struct walk_acc {
	unsigned int n;
	unsigned int n_static;
	uint64_t keys[4096];
	uint16_t ports[4096];
	uint32_t now;
};

static void
walk_cb(const struct fdb_entry *e, uint32_t now, void *arg)
{
	struct walk_acc *a = arg;

	assert_true(e->word & FDB_W_VALID);
	assert_int_equal(now, a->now);
	if (a->n < 4096) {
		a->keys[a->n] = e->key;
		a->ports[a->n] = FDB_W_PORT(e->word);
	}
	a->n++;
	if (e->word & FDB_W_STATIC)
		a->n_static++;
}

/**
 * walk_count() - Number of live entries, per fdb_walk()
 * @fdb:	Table
 * @net:	Network, -1 for all
 *
 * Return: entries visited
 */
static unsigned int
walk_count(struct fdb *fdb, int net)
{
	static struct walk_acc a;

	memset(&a, 0, sizeof(a));
	a.now = 77;
	fdb_walk(fdb, net, 77, walk_cb, &a);
	return a.n;
}

static void
test_learn_lookup(void **state)
{
	struct fdb *fdb = *state;

	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), FDB_NO_PORT);
	learn_ok(fdb, key_of(0, 1), 1, 100);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 1);
	/* other MAC, other network: still unknown */
	assert_int_equal(fdb_lookup(fdb, key_of(0, 2)), FDB_NO_PORT);
	assert_int_equal(fdb_lookup(fdb, key_of(1, 1)), FDB_NO_PORT);
	assert_int_equal(fdb->net_count[0], 1);
	assert_int_equal(fdb->net_count[1], 0);
	assert_int_equal(fdb->port_count[1], 1);
	assert_int_equal(fdb->net_moves[0], 0);
	/* learning the same MAC on the same port again changes nothing */
	learn_ok(fdb, key_of(0, 1), 1, 100);
	learn_ok(fdb, key_of(0, 1), 1, 101);
	assert_int_equal(fdb->net_count[0], 1);
	assert_int_equal(fdb->port_count[1], 1);
	assert_int_equal(walk_count(fdb, -1), 1);
}

static void
test_key_layout(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	uint64_t key = fdb_key(7, mac);
	uint8_t back[6];

	(void)state;
	assert_int_equal(fdb_key_net(key), 7);
	fdb_key_mac(key, back);
	assert_memory_equal(back, mac, 6);
	assert_true(fdb_key(7, mac) != fdb_key(8, mac));
	fdb_key_mac(fdb_key(255, mac), back);
	assert_memory_equal(back, mac, 6);
}

static void
test_same_mac_two_nets(void **state)
{
	struct fdb *fdb = *state;

	learn_ok(fdb, key_of(0, 1), 1, 10);
	learn_ok(fdb, key_of(1, 1), 5, 10);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 1);
	assert_int_equal(fdb_lookup(fdb, key_of(1, 1)), 5);
	assert_int_equal(fdb->net_count[0], 1);
	assert_int_equal(fdb->net_count[1], 1);
	assert_int_equal(fdb->port_count[1], 1);
	assert_int_equal(fdb->port_count[5], 1);
	/* neither is a move */
	assert_int_equal(fdb->net_moves[0], 0);
	assert_int_equal(fdb->net_moves[1], 0);
	/* deleting one leaves the other */
	assert_int_equal(fdb_del(fdb, key_of(0, 1)), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), FDB_NO_PORT);
	assert_int_equal(fdb_lookup(fdb, key_of(1, 1)), 5);
}

static void
test_refresh_keeps_alive(void **state)
{
	struct fdb *fdb = *state;

	fdb_net_config(fdb, 0, 10, TEST_CAPACITY);
	learn_ok(fdb, key_of(0, 1), 1, 100);	/* refreshed below */
	learn_ok(fdb, key_of(0, 2), 1, 100);	/* not refreshed */
	learn_ok(fdb, key_of(0, 1), 1, 105);
	/* 9 s idle: both live */
	assert_int_equal(fdb_age(fdb, 109), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 2)), 1);
	/* 10 s idle: the unrefreshed one goes, the refreshed one stays */
	assert_int_equal(fdb_age(fdb, 110), 1);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 2)), FDB_NO_PORT);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 1);
	/* refresh again, past the original deadline */
	learn_ok(fdb, key_of(0, 1), 1, 112);
	assert_int_equal(fdb_age(fdb, 121), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 1);
	assert_int_equal(fdb_age(fdb, 122), 1);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), FDB_NO_PORT);
	assert_int_equal(fdb->net_count[0], 0);
	assert_int_equal(fdb->port_count[1], 0);
}

static void
test_age(void **state)
{
	struct fdb *fdb = *state;
	uint32_t i;

	fdb_net_config(fdb, 0, 10, TEST_CAPACITY);
	fdb_net_config(fdb, 1, 100, TEST_CAPACITY);
	for (i = 0; i < 5; i++) {
		learn_ok(fdb, key_of(0, i), 1, 1000);	/* old */
		learn_ok(fdb, key_of(0, 100 + i), 2, 1008);	/* fresh */
		learn_ok(fdb, key_of(1, i), 3, 1000);	/* longer aging */
	}
	assert_int_equal(fdb_add_static(fdb, key_of(0, 500), 1), 0);
	assert_int_equal(fdb->net_count[0], 11);

	assert_int_equal(fdb_age(fdb, 1010), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(fdb_lookup(fdb, key_of(0, i)), FDB_NO_PORT);
		assert_int_equal(fdb_lookup(fdb, key_of(0, 100 + i)), 2);
		assert_int_equal(fdb_lookup(fdb, key_of(1, i)), 3);
	}
	assert_int_equal(fdb->net_count[0], 6);
	assert_int_equal(fdb->port_count[1], 0);
	assert_int_equal(fdb->port_count[2], 5);
	assert_int_equal(fdb->net_count[1], 5);

	/* far in the future: every dynamic entry goes, the static one stays */
	assert_int_equal(fdb_age(fdb, 1000000), 10);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 500)), 1);
	assert_int_equal(fdb->net_count[0], 1);
	assert_int_equal(fdb->net_count[1], 0);
	assert_int_equal(fdb->port_count[2], 0);
	assert_int_equal(fdb->port_count[3], 0);
	assert_int_equal(walk_count(fdb, -1), 1);
	/* nothing left to age */
	assert_int_equal(fdb_age(fdb, 2000000), 0);
}

static void
test_aging_change_applies(void **state)
{
	struct fdb *fdb = *state;

	fdb_net_config(fdb, 0, 300, TEST_CAPACITY);
	learn_ok(fdb, key_of(0, 1), 1, 0);
	assert_int_equal(fdb_age(fdb, 20), 0);
	/* a shorter aging time applies to existing entries */
	fdb_net_config(fdb, 0, 10, TEST_CAPACITY);
	assert_int_equal(fdb_age(fdb, 20), 1);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), FDB_NO_PORT);
}

static void
test_move(void **state)
{
	struct fdb *fdb = *state;

	learn_ok(fdb, key_of(0, 1), 1, 10);
	learn_ok(fdb, key_of(0, 2), 1, 10);
	assert_int_equal(fdb->port_count[1], 2);

	learn_ok(fdb, key_of(0, 1), 2, 11);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 2);
	assert_int_equal(fdb->net_moves[0], 1);
	assert_int_equal(fdb->net_count[0], 2);
	assert_int_equal(fdb->port_count[1], 1);
	assert_int_equal(fdb->port_count[2], 1);

	/* staying put is not a move */
	learn_ok(fdb, key_of(0, 1), 2, 12);
	assert_int_equal(fdb->net_moves[0], 1);

	/* and back */
	learn_ok(fdb, key_of(0, 1), 1, 13);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 1);
	assert_int_equal(fdb->net_moves[0], 2);
	assert_int_equal(fdb->port_count[1], 2);
	assert_int_equal(fdb->port_count[2], 0);
	assert_int_equal(fdb->net_moves[1], 0);

	/* a move refreshes: the entry lives from the time it moved */
	fdb_net_config(fdb, 0, 10, TEST_CAPACITY);
	assert_int_equal(fdb_age(fdb, 22), 1);		/* MAC 2, idle since 10 */
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 1);
	assert_int_equal(fdb_age(fdb, 23), 1);
	assert_int_equal(fdb->port_count[1], 0);
}

static void
test_static(void **state)
{
	struct fdb *fdb = *state;

	assert_int_equal(fdb_add_static(fdb, key_of(0, 1), 3), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 3);
	assert_int_equal(fdb->net_count[0], 1);
	assert_int_equal(fdb->port_count[3], 0);	/* statics don't count */

	/* frames from it on another port do not move it */
	learn_ok(fdb, key_of(0, 1), 4, 10);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 3);
	assert_int_equal(fdb->net_moves[0], 0);
	assert_int_equal(fdb->port_count[4], 0);
	assert_int_equal(fdb->net_count[0], 1);
	learn_ok(fdb, key_of(0, 1), 3, 11);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 3);

	/* never ages, whatever the clock */
	fdb_net_config(fdb, 0, 10, TEST_CAPACITY);
	assert_int_equal(fdb_age(fdb, 0xfffffff0u), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 3);

	/* a static entry replaces a learned one, and the port count follows */
	learn_ok(fdb, key_of(0, 2), 5, 10);
	assert_int_equal(fdb->port_count[5], 1);
	assert_int_equal(fdb_add_static(fdb, key_of(0, 2), 6), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 2)), 6);
	assert_int_equal(fdb->port_count[5], 0);
	assert_int_equal(fdb->port_count[6], 0);
	assert_int_equal(fdb->net_count[0], 2);

	/* replacing a static entry keeps one entry */
	assert_int_equal(fdb_add_static(fdb, key_of(0, 2), 7), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 2)), 7);
	assert_int_equal(fdb->net_count[0], 2);
	assert_int_equal(walk_count(fdb, 0), 2);
}

static void
test_port_limit(void **state)
{
	struct fdb *fdb = *state;
	uint32_t i;

	fdb_net_config(fdb, 0, 10, TEST_CAPACITY);
	fdb_port_config(fdb, 1, 3);
	for (i = 0; i < 3; i++)
		learn_ok(fdb, key_of(0, i), 1, 100);
	assert_int_equal(learn(fdb, key_of(0, 3), 1, 100), FDB_LEARN_LIMIT);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 3)), FDB_NO_PORT);
	assert_int_equal(fdb->port_count[1], 3);
	assert_int_equal(fdb->net_count[0], 3);
	/* still refused at a later time */
	assert_int_equal(learn(fdb, key_of(0, 3), 1, 101), FDB_LEARN_LIMIT);

	/* known MACs still refresh and outlive their first deadline */
	for (i = 0; i < 3; i++)
		learn_ok(fdb, key_of(0, i), 1, 105);
	assert_int_equal(fdb_age(fdb, 110), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(fdb_lookup(fdb, key_of(0, i)), 1);

	/* other ports are not limited by port 1 */
	learn_ok(fdb, key_of(0, 3), 2, 105);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 3)), 2);

	/* a static entry on the full port is not a learned MAC */
	assert_int_equal(fdb_add_static(fdb, key_of(0, 50), 1), 0);
	assert_int_equal(fdb->port_count[1], 3);

	/* a MAC moving onto the full port must not push it over its limit */
	(void)learn(fdb, key_of(0, 3), 1, 106);
	assert_true(fdb->port_count[1] <= 3);
	assert_int_equal(fdb->port_count[1] + fdb->port_count[2], 4);

	/* once one ages out, a new MAC fits again */
	fdb_del(fdb, key_of(0, 0));
	assert_int_equal(fdb->port_count[1], 2);
	learn_ok(fdb, key_of(0, 9), 1, 107);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 9)), 1);
	assert_int_equal(fdb->port_count[1], 3);
	assert_int_equal(learn(fdb, key_of(0, 10), 1, 107), FDB_LEARN_LIMIT);

	/* raising the limit takes effect at once */
	fdb_port_config(fdb, 1, 4);
	learn_ok(fdb, key_of(0, 10), 1, 107);
	assert_int_equal(fdb->port_count[1], 4);
}

static void
test_net_cap(void **state)
{
	struct fdb *fdb = *state;
	uint32_t i;

	fdb_net_config(fdb, 0, 300, 16);
	for (i = 0; i < 16; i++)
		learn_ok(fdb, key_of(0, i), (uint16_t)(1 + i % 4), 10);
	assert_int_equal(fdb->net_count[0], 16);
	assert_int_equal(learn(fdb, key_of(0, 16), 5, 10), FDB_LEARN_LIMIT);
	assert_int_equal(learn(fdb, key_of(0, 17), 1, 10), FDB_LEARN_LIMIT);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 16)), FDB_NO_PORT);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 17)), FDB_NO_PORT);
	assert_int_equal(fdb->net_count[0], 16);
	assert_int_equal(fdb->port_count[5], 0);

	/* other networks are unaffected */
	for (i = 0; i < 20; i++)
		learn_ok(fdb, key_of(1, i), 5, 10);
	assert_int_equal(fdb->net_count[1], 20);

	/* a full network still lets known MACs move and refresh */
	learn_ok(fdb, key_of(0, 0), 4, 11);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 0)), 4);
	assert_int_equal(fdb->net_count[0], 16);
	learn_ok(fdb, key_of(0, 1), 2, 11);

	/* room again after a delete */
	assert_int_equal(fdb_del(fdb, key_of(0, 5)), 0);
	learn_ok(fdb, key_of(0, 16), 5, 12);
	assert_int_equal(fdb->net_count[0], 16);
	assert_int_equal(learn(fdb, key_of(0, 17), 5, 12), FDB_LEARN_LIMIT);
}

static void
test_flush_port(void **state)
{
	struct fdb *fdb = *state;
	uint32_t i;

	for (i = 0; i < 3; i++)
		learn_ok(fdb, key_of(0, i), 1, 10);
	for (i = 10; i < 12; i++)
		learn_ok(fdb, key_of(0, i), 2, 10);
	learn_ok(fdb, key_of(1, 20), 1, 10);	/* same port id, other net */
	assert_int_equal(fdb_add_static(fdb, key_of(0, 30), 1), 0);
	assert_int_equal(fdb_add_static(fdb, key_of(0, 31), 2), 0);
	assert_int_equal(fdb->net_count[0], 7);
	assert_int_equal(fdb->port_count[1], 4);

	assert_int_equal(fdb_flush_port(fdb, 1, false), 4);
	for (i = 0; i < 3; i++)
		assert_int_equal(fdb_lookup(fdb, key_of(0, i)), FDB_NO_PORT);
	assert_int_equal(fdb_lookup(fdb, key_of(1, 20)), FDB_NO_PORT);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 30)), 1);	/* static kept */
	assert_int_equal(fdb_lookup(fdb, key_of(0, 10)), 2);
	assert_int_equal(fdb->port_count[1], 0);
	assert_int_equal(fdb->port_count[2], 2);
	assert_int_equal(fdb->net_count[0], 4);
	assert_int_equal(fdb->net_count[1], 0);

	assert_int_equal(fdb_flush_port(fdb, 1, false), 0);
	assert_int_equal(fdb_flush_port(fdb, 1, true), 1);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 30)), FDB_NO_PORT);
	assert_int_equal(fdb->net_count[0], 3);

	/* port 2: dynamic and static go together */
	assert_int_equal(fdb_flush_port(fdb, 2, true), 3);
	assert_int_equal(fdb->net_count[0], 0);
	assert_int_equal(fdb->port_count[2], 0);
	assert_int_equal(walk_count(fdb, -1), 0);
}

static void
test_flush_net(void **state)
{
	struct fdb *fdb = *state;
	uint32_t i;

	for (i = 0; i < 5; i++) {
		learn_ok(fdb, key_of(0, i), 1, 10);
		learn_ok(fdb, key_of(1, i), 1, 10);
	}
	assert_int_equal(fdb_add_static(fdb, key_of(0, 9), 2), 0);
	assert_int_equal(fdb_add_static(fdb, key_of(1, 9), 2), 0);
	assert_int_equal(fdb->port_count[1], 10);

	assert_int_equal(fdb_flush_net(fdb, 0), 6);
	assert_int_equal(fdb->net_count[0], 0);
	assert_int_equal(fdb->net_count[1], 6);
	assert_int_equal(fdb->port_count[1], 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(fdb_lookup(fdb, key_of(0, i)), FDB_NO_PORT);
		assert_int_equal(fdb_lookup(fdb, key_of(1, i)), 1);
	}
	assert_int_equal(fdb_lookup(fdb, key_of(0, 9)), FDB_NO_PORT);
	assert_int_equal(fdb_lookup(fdb, key_of(1, 9)), 2);
	assert_int_equal(fdb_flush_net(fdb, 0), 0);
	assert_int_equal(fdb_flush_net(fdb, 1), 6);
	assert_int_equal(fdb->port_count[1], 0);
	assert_int_equal(walk_count(fdb, -1), 0);
}

static void
test_del(void **state)
{
	struct fdb *fdb = *state;

	assert_int_equal(fdb_del(fdb, key_of(0, 1)), -ENOENT);
	learn_ok(fdb, key_of(0, 1), 1, 10);
	assert_int_equal(fdb_add_static(fdb, key_of(0, 2), 1), 0);
	/* same MAC, other network: absent */
	assert_int_equal(fdb_del(fdb, key_of(1, 1)), -ENOENT);
	assert_int_equal(fdb->net_count[0], 2);

	assert_int_equal(fdb_del(fdb, key_of(0, 1)), 0);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), FDB_NO_PORT);
	assert_int_equal(fdb->port_count[1], 0);
	assert_int_equal(fdb->net_count[0], 1);
	assert_int_equal(fdb_del(fdb, key_of(0, 1)), -ENOENT);

	assert_int_equal(fdb_del(fdb, key_of(0, 2)), 0);
	assert_int_equal(fdb->net_count[0], 0);
	assert_int_equal(fdb_del(fdb, key_of(0, 2)), -ENOENT);

	/* a deleted MAC is learned afresh */
	learn_ok(fdb, key_of(0, 1), 3, 11);
	assert_int_equal(fdb_lookup(fdb, key_of(0, 1)), 3);
	assert_int_equal(fdb->net_moves[0], 0);
}

static void
test_slot_reuse(void **state)
{
	struct fdb *fdb = *state;
	uint32_t round, i;

	fdb_net_config(fdb, 0, 10, TEST_CAPACITY);
	for (round = 0; round < 10; round++) {
		uint32_t now = 1000 * (round + 1);

		for (i = 0; i < 1000; i++) {
			uint64_t key = key_of(0, round * 1000 + i);

			if (learn(fdb, key, (uint16_t)(i % 4), now) != FDB_LEARN_OK)
				fail_msg("round %u: MAC %u refused (slots leaked?)",
					 round, i);
		}
		assert_int_equal(fdb->net_count[0], 1000);
		assert_int_equal(fdb_age(fdb, now + 10), 1000);
		assert_int_equal(fdb->net_count[0], 0);
		for (i = 0; i < 4; i++)
			assert_int_equal(fdb->port_count[i], 0);
	}
	assert_int_equal(walk_count(fdb, -1), 0);

	/* the same happens with deletes and flushes */
	for (round = 0; round < 6; round++) {
		for (i = 0; i < 1500; i++)
			assert_int_equal(fdb_add_static(fdb, key_of(1, round * 1500 + i),
							(uint16_t)(i % 3)), 0);
		if (round % 2)
			assert_int_equal(fdb_flush_net(fdb, 1), 1500);
		else
			for (i = 0; i < 3; i++)
				assert_int_equal(fdb_flush_port(fdb, (uint16_t)i, true),
						 500);
	}
	assert_int_equal(fdb->net_count[1], 0);
}

static void
test_table_full(void **state)
{
	struct fdb *fdb;
	unsigned int n = 0;
	uint32_t i;

	(void)state;
	fdb = fdb_create("ut_fdb_small", 64, 0, NULL);
	assert_non_null(fdb);
	/* statics fill the table until it refuses */
	for (i = 0; i < 1000; i++) {
		int ret = fdb_add_static(fdb, key_of((uint16_t)(i % 2), i), 1);

		if (ret != 0) {
			assert_int_equal(ret, -ENOSPC);
			break;
		}
		n++;
	}
	assert_true(n >= 64);
	assert_true(n < 1000);
	assert_int_equal(fdb->net_count[0] + fdb->net_count[1], n);
	assert_int_equal(walk_count(fdb, -1), n);
	/* learning is refused, not half done */
	fdb_net_config(fdb, 2, 300, 100000);
	assert_int_equal(learn(fdb, key_of(2, 5000), 1, 1), FDB_LEARN_LIMIT);
	assert_int_equal(fdb->net_count[2], 0);
	assert_int_equal(fdb->port_count[1], 0);
	/* free one: there is room again */
	assert_int_equal(fdb_del(fdb, key_of(0, 0)), 0);
	learn_ok(fdb, key_of(2, 5000), 1, 1);
	assert_int_equal(fdb_lookup(fdb, key_of(2, 5000)), 1);
	fdb_free(fdb);
}

static void
test_walk(void **state)
{
	static struct walk_acc a;
	struct fdb *fdb = *state;
	bool seen[4] = { false };
	unsigned int i;

	learn_ok(fdb, key_of(0, 0), 1, 10);
	learn_ok(fdb, key_of(0, 1), 2, 10);
	learn_ok(fdb, key_of(0, 2), 2, 10);
	assert_int_equal(fdb_add_static(fdb, key_of(0, 3), 3), 0);
	learn_ok(fdb, key_of(1, 0), 1, 10);
	learn_ok(fdb, key_of(1, 7), 4, 10);
	learn_ok(fdb, key_of(2, 7), 4, 10);
	fdb_del(fdb, key_of(2, 7));

	memset(&a, 0, sizeof(a));
	a.now = 42;
	fdb_walk(fdb, 0, 42, walk_cb, &a);
	assert_int_equal(a.n, 4);
	assert_int_equal(a.n_static, 1);
	for (i = 0; i < a.n; i++) {
		uint8_t mac[6];
		uint32_t num;

		assert_int_equal(fdb_key_net(a.keys[i]), 0);
		fdb_key_mac(a.keys[i], mac);
		num = mac[5];
		assert_true(num < 4);
		assert_false(seen[num]);
		seen[num] = true;
		assert_int_equal(a.ports[i], num == 0 ? 1 : num == 3 ? 3 : 2);
	}
	assert_int_equal(walk_count(fdb, 1), 2);
	assert_int_equal(walk_count(fdb, 2), 0);
	assert_int_equal(walk_count(fdb, 3), 0);
	assert_int_equal(walk_count(fdb, -1), 6);
}

static void
test_learn_bulk(void **state)
{
	struct fdb *fdb = *state;
	uint64_t keys[RTE_HASH_LOOKUP_BULK_MAX];
	uint32_t words[RTE_HASH_LOOKUP_BULK_MAX];
	int32_t pos[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int i;

	/* half known (on port 1), half new */
	for (i = 0; i < RTE_HASH_LOOKUP_BULK_MAX; i++) {
		keys[i] = key_of(0, i);
		if (i % 2 == 0)
			learn_ok(fdb, keys[i], 1, 1);
	}
	fdb_lookup_bulk(fdb, keys, RTE_HASH_LOOKUP_BULK_MAX, pos, words);
	for (i = 0; i < RTE_HASH_LOOKUP_BULK_MAX; i++) {
		if (i % 2 == 0) {
			assert_true(pos[i] >= 0);
			assert_true(words[i] & FDB_W_VALID);
			assert_false(words[i] & FDB_W_STATIC);
			assert_int_equal(FDB_W_PORT(words[i]), 1);
		} else {
			assert_true(pos[i] < 0);
			assert_int_equal(words[i], 0);
		}
	}
	/* the whole batch from port 2: known ones move, new ones are added */
	for (i = 0; i < RTE_HASH_LOOKUP_BULK_MAX; i++)
		assert_int_equal(fdb_learn(fdb, keys[i], pos[i], words[i], 2, 2),
				 FDB_LEARN_OK);
	for (i = 0; i < RTE_HASH_LOOKUP_BULK_MAX; i++)
		assert_int_equal(fdb_lookup(fdb, keys[i]), 2);
	assert_int_equal(fdb->net_moves[0], RTE_HASH_LOOKUP_BULK_MAX / 2);
	assert_int_equal(fdb->port_count[1], 0);
	assert_int_equal(fdb->port_count[2], RTE_HASH_LOOKUP_BULK_MAX);
	assert_int_equal(fdb->net_count[0], RTE_HASH_LOOKUP_BULK_MAX);
}

static void
test_learn_bulk_duplicates(void **state)
{
	struct fdb *fdb = *state;
	uint64_t keys[4];
	uint32_t words[4];
	int32_t pos[4];
	unsigned int i;

	/* One burst with the same new MAC twice: the second frame sees the
	 * lookup result from before the first one was learned. */
	keys[0] = keys[1] = key_of(0, 1);
	keys[2] = keys[3] = key_of(0, 2);
	fdb_lookup_bulk(fdb, keys, 4, pos, words);
	for (i = 0; i < 4; i++)
		assert_int_equal(fdb_learn(fdb, keys[i], pos[i], words[i], 1, 5),
				 FDB_LEARN_OK);
	assert_int_equal(fdb->net_count[0], 2);
	assert_int_equal(fdb->port_count[1], 2);
	assert_int_equal(fdb->net_moves[0], 0);
	assert_int_equal(walk_count(fdb, 0), 2);
}

static void
test_learn_bulk_duplicate_at_limit(void **state)
{
	struct fdb *fdb = *state;
	uint64_t keys[2];
	uint32_t words[2];
	int32_t pos[2];

	/* Port limit 3, two learned; a burst brings the third MAC twice. The
	 * first frame fills the port, the second comes from a MAC that is now
	 * learned and within the limit: it must not be refused. */
	fdb_port_config(fdb, 1, 3);
	learn_ok(fdb, key_of(0, 1), 1, 5);
	learn_ok(fdb, key_of(0, 2), 1, 5);
	keys[0] = keys[1] = key_of(0, 3);
	fdb_lookup_bulk(fdb, keys, 2, pos, words);
	assert_int_equal(fdb_learn(fdb, keys[0], pos[0], words[0], 1, 6),
			 FDB_LEARN_OK);
	assert_int_equal(fdb_lookup(fdb, keys[0]), 1);
	assert_int_equal(fdb_learn(fdb, keys[1], pos[1], words[1], 1, 6),
			 FDB_LEARN_OK);
	assert_int_equal(fdb->port_count[1], 3);
}

/* A simple model of the table, to check counters after random operations. */
#define M_NETS	3
#define M_MACS	40
#define M_PORTS	5

struct model_entry {
	bool live;
	bool is_static;
	uint16_t port;
	uint32_t seen;
};

struct model {
	struct model_entry e[M_NETS][M_MACS];
	uint32_t aging[M_NETS];
	uint32_t max[M_NETS];
	uint32_t limit[M_PORTS];
	uint64_t moves[M_NETS];
};

static unsigned int
model_net_count(const struct model *m, unsigned int net)
{
	unsigned int i, n = 0;

	for (i = 0; i < M_MACS; i++)
		n += m->e[net][i].live;
	return n;
}

static unsigned int
model_port_count(const struct model *m, unsigned int port)
{
	unsigned int net, i, n = 0;

	for (net = 0; net < M_NETS; net++)
		for (i = 0; i < M_MACS; i++)
			n += m->e[net][i].live && !m->e[net][i].is_static &&
			     m->e[net][i].port == port;
	return n;
}

static enum fdb_learn_result
model_learn(struct model *m, unsigned int net, unsigned int mac,
	    uint16_t port, uint32_t now)
{
	struct model_entry *e = &m->e[net][mac];

	if (e->live && (e->port == port || e->is_static)) {
		e->seen = now;
		return FDB_LEARN_OK;
	}
	if (model_port_count(m, port) >= m->limit[port])
		return FDB_LEARN_LIMIT;
	if (!e->live && model_net_count(m, net) >= m->max[net])
		return FDB_LEARN_LIMIT;
	if (e->live)
		m->moves[net]++;
	e->live = true;
	e->is_static = false;
	e->port = port;
	e->seen = now;
	return FDB_LEARN_OK;
}

static void
model_check(const struct model *m, struct fdb *fdb, unsigned int step)
{
	unsigned int net, i, total = 0;

	for (net = 0; net < M_NETS; net++) {
		if (fdb->net_count[net] != model_net_count(m, net))
			fail_msg("step %u: net %u count %u, expected %u", step, net,
				 fdb->net_count[net], model_net_count(m, net));
		if (fdb->net_moves[net] != m->moves[net])
			fail_msg("step %u: net %u moves %llu, expected %llu", step,
				 net, (unsigned long long)fdb->net_moves[net],
				 (unsigned long long)m->moves[net]);
		for (i = 0; i < M_MACS; i++) {
			const struct model_entry *e = &m->e[net][i];
			uint16_t got = fdb_lookup(fdb, key_of((uint16_t)net, i));

			if (got != (e->live ? e->port : FDB_NO_PORT))
				fail_msg("step %u: net %u mac %u on %u, expected %u",
					 step, net, i, got,
					 e->live ? e->port : FDB_NO_PORT);
		}
		total += model_net_count(m, net);
	}
	for (i = 0; i < M_PORTS; i++)
		if (fdb->port_count[i] != model_port_count(m, i))
			fail_msg("step %u: port %u count %u, expected %u", step, i,
				 fdb->port_count[i], model_port_count(m, i));
	assert_int_equal(walk_count(fdb, -1), total);
}

static void
test_random_ops_match_model(void **state)
{
	static struct model m;
	struct fdb *fdb = *state;
	uint32_t rnd = 12345, now = 1000;
	unsigned int step, i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < M_NETS; i++) {
		m.aging[i] = 20 + 10 * i;
		m.max[i] = 16 + 4 * i;
		fdb_net_config(fdb, (uint16_t)i, m.aging[i], m.max[i]);
	}
	for (i = 0; i < M_PORTS; i++) {
		m.limit[i] = 6 + i;
		fdb_port_config(fdb, (uint16_t)i, m.limit[i]);
	}
	for (step = 0; step < 6000; step++) {
		unsigned int net, mac, op;
		uint16_t port;

		rnd = rnd * 1103515245u + 12345u;
		op = (rnd >> 16) % 100;
		net = (rnd >> 8) % M_NETS;
		rnd = rnd * 1103515245u + 12345u;
		mac = (rnd >> 16) % M_MACS;
		port = (uint16_t)((rnd >> 8) % M_PORTS);
		now += (rnd >> 4) % 3;

		if (op < 80) {
			enum fdb_learn_result want = model_learn(&m, net, mac, port, now);

			if (learn(fdb, key_of((uint16_t)net, mac), port, now) != want)
				fail_msg("step %u: learn net %u mac %u port %u: "
					 "expected %d", step, net, mac, port, want);
		} else if (op < 84) {
			struct model_entry *e = &m.e[net][mac];

			assert_int_equal(fdb_add_static(fdb, key_of((uint16_t)net, mac),
							port), 0);
			e->live = e->is_static = true;
			e->port = port;
		} else if (op < 90) {
			struct model_entry *e = &m.e[net][mac];

			assert_int_equal(fdb_del(fdb, key_of((uint16_t)net, mac)),
					 e->live ? 0 : -ENOENT);
			e->live = false;
		} else if (op < 97) {
			unsigned int want = 0, n, j;

			for (n = 0; n < M_NETS; n++)
				for (j = 0; j < M_MACS; j++) {
					struct model_entry *e = &m.e[n][j];

					if (e->live && !e->is_static &&
					    now - e->seen >= m.aging[n]) {
						e->live = false;
						want++;
					}
				}
			assert_int_equal(fdb_age(fdb, now), want);
		} else if (op < 99) {
			bool statics = rnd & 1;
			unsigned int want = 0, n, j;

			for (n = 0; n < M_NETS; n++)
				for (j = 0; j < M_MACS; j++) {
					struct model_entry *e = &m.e[n][j];

					if (e->live && e->port == port &&
					    (statics || !e->is_static)) {
						e->live = false;
						want++;
					}
				}
			assert_int_equal(fdb_flush_port(fdb, port, statics), want);
		} else {
			unsigned int want = model_net_count(&m, net);

			for (i = 0; i < M_MACS; i++)
				m.e[net][i].live = false;
			assert_int_equal(fdb_flush_net(fdb, (uint16_t)net), want);
		}
		model_check(&m, fdb, step);
	}
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fdb_setup, fdb_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_layout),
		T(test_learn_lookup),
		T(test_same_mac_two_nets),
		T(test_refresh_keeps_alive),
		T(test_age),
		T(test_aging_change_applies),
		T(test_move),
		T(test_static),
		T(test_port_limit),
		T(test_net_cap),
		T(test_flush_port),
		T(test_flush_net),
		T(test_del),
		T(test_slot_reuse),
		cmocka_unit_test(test_table_full),
		T(test_walk),
		T(test_learn_bulk),
		T(test_learn_bulk_duplicates),
		T(test_learn_bulk_duplicate_at_limit),
		T(test_random_ops_match_model),
	};
#undef T

	return cmocka_run_group_tests(tests, eal_setup, eal_teardown);
}
