/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_vlan.c - cmocka tests for vlan.c: VID parsing, classification of
 * crafted frames (untagged, priority-tagged, tagged, double-tagged, other
 * TPIDs, runts with a truncated tag) and tag push/pop keeping PCP.
 */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <errno.h>

#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "test_eal.h"
#include "vlan.h"

static struct rte_mempool *pool;

static int eal_setup(void **state)
{
	(void)state;
	return test_eal_start_pool("vswut-vlan", 64, 255, &pool);
}

static int eal_teardown(void **state)
{
	(void)state;
	test_eal_stop_pool(pool);
	return 0;
}

/* A frame: MACs, then @tags (each TPID + TCI), then ethertype 0x0800 and
 * payload, truncated to @len bytes if @len is non-zero. */
static struct rte_mbuf *mk(const uint16_t *tags, int n_tags, uint16_t len)
{
	uint8_t buf[128] = { 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01 };
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	size_t off = 12;
	char *p;
	int i;

	assert_non_null(m);
	for (i = 0; i < n_tags; i++) {
		buf[off++] = (uint8_t)(tags[2 * i] >> 8);
		buf[off++] = (uint8_t)tags[2 * i];
		buf[off++] = (uint8_t)(tags[2 * i + 1] >> 8);
		buf[off++] = (uint8_t)tags[2 * i + 1];
	}
	buf[off++] = 0x08;
	buf[off++] = 0x00;
	memset(buf + off, 0xab, 46);
	off += 46;
	if (len == 0)
		len = (uint16_t)off;
	p = rte_pktmbuf_append(m, len);
	assert_non_null(p);
	memcpy(p, buf, len);
	return m;
}

static void classify(const uint16_t *tags, int n, uint16_t len,
		     enum vlan_class cls, uint16_t vid, uint8_t pcp)
{
	struct rte_mbuf *m = mk(tags, n, len);
	struct vlan_info vi;

	vlan_classify(m, &vi);
	assert_int_equal(vi.cls, cls);
	assert_int_equal(vi.vid, vid);
	assert_int_equal(vi.pcp, pcp);
	rte_pktmbuf_free(m);
}

static void test_parse_vid(void **state)
{
	uint16_t v = 77;

	(void)state;
	assert_int_equal(vlan_parse_vid("1", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(vlan_parse_vid("4094", &v), 0);
	assert_int_equal(v, 4094);
	assert_int_equal(vlan_parse_vid("0", &v), -EINVAL);
	assert_int_equal(vlan_parse_vid("4095", &v), -EINVAL);
	assert_int_equal(vlan_parse_vid("-1", &v), -EINVAL);
	assert_int_equal(vlan_parse_vid("10a", &v), -EINVAL);
	assert_int_equal(vlan_parse_vid("", &v), -EINVAL);
	assert_int_equal(vlan_parse_vid("99999999999", &v), -EINVAL);
	assert_int_equal(v, 4094);	/* untouched on errors */
}

static void test_classify(void **state)
{
	static const uint16_t t10[] = { 0x8100, (5 << 13) | 10 };
	static const uint16_t prio[] = { 0x8100, (3 << 13) | 0 };
	static const uint16_t dbl[] = { 0x8100, 10, 0x8100, 20 };
	static const uint16_t qinq_inner[] = { 0x8100, 10, 0x88a8, 20 };
	static const uint16_t sTag[] = { 0x88a8, 30 };
	static const uint16_t t9100[] = { 0x9100, 30 };

	(void)state;
	classify(NULL, 0, 0, VLAN_UNTAGGED, 0, 0);
	classify(t10, 1, 0, VLAN_TAGGED, 10, 5);
	classify(prio, 1, 0, VLAN_PRIORITY, 0, 3);
	classify(dbl, 2, 0, VLAN_DOUBLE, 10, 0);
	classify(qinq_inner, 2, 0, VLAN_DOUBLE, 10, 0);
	classify(sTag, 1, 0, VLAN_OTHER_TPID, 0, 0);
	classify(t9100, 1, 0, VLAN_OTHER_TPID, 0, 0);
	/* runts: no room for the Ethernet header, or a truncated tag */
	classify(NULL, 0, 13, VLAN_RUNT, 0, 0);
	classify(t10, 1, 14, VLAN_RUNT, 0, 0);
	classify(t10, 1, 17, VLAN_RUNT, 0, 0);
	classify(t10, 1, 18, VLAN_TAGGED, 10, 5);
}

static void test_pop_push(void **state)
{
	static const uint16_t t10[] = { 0x8100, (6 << 13) | 10 };
	struct rte_mbuf *m = mk(t10, 1, 0), *u = mk(NULL, 0, 0);
	uint16_t len = m->pkt_len;
	struct vlan_info vi;

	(void)state;
	vlan_classify(m, &vi);
	assert_int_equal(vlan_pop(m, &vi), 0);
	assert_int_equal(m->pkt_len, len - 4);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *),
			    rte_pktmbuf_mtod(u, void *), u->pkt_len);
	vlan_classify(m, &vi);
	assert_int_equal(vi.cls, VLAN_UNTAGGED);
	assert_int_equal(vlan_pop(m, &vi), -EINVAL);	/* nothing to pop */

	/* push back with a new VID, keeping the PCP */
	assert_int_equal(vlan_push(&m, 20, 6), 0);
	vlan_classify(m, &vi);
	assert_int_equal(vi.cls, VLAN_TAGGED);
	assert_int_equal(vi.vid, 20);
	assert_int_equal(vi.pcp, 6);
	assert_int_equal(m->pkt_len, len);

	/* a shared (flooded) mbuf must not be tagged in place */
	rte_mbuf_refcnt_update(u, 1);
	assert_int_equal(vlan_push(&u, 30, 0), -EINVAL);
	rte_pktmbuf_free(u);
	rte_pktmbuf_free(u);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

static void test_pop_double(void **state)
{
	static const uint16_t dbl[] = { 0x8100, (3 << 13) | 10, 0x8100, 20 };
	static const uint16_t sq[] = { 0x88a8, 10, 0x8100, 20 };
	struct rte_mbuf *m = mk(dbl, 2, 0), *s = mk(sq, 2, 0);
	struct vlan_info vi;

	(void)state;
	/* only the outer tag goes; the inner one is payload */
	vlan_classify(m, &vi);
	assert_int_equal(vlan_pop(m, &vi), 0);
	assert_int_equal(m->vlan_tci, (3 << 13) | 10);
	vlan_classify(m, &vi);
	assert_int_equal(vi.cls, VLAN_TAGGED);
	assert_int_equal(vi.vid, 20);
	/* an 802.1ad outer tag is not ours to pop */
	vlan_classify(s, &vi);
	assert_int_equal(vi.cls, VLAN_OTHER_TPID);
	assert_int_equal(vlan_pop(s, &vi), -EINVAL);
	rte_pktmbuf_free(m);
	rte_pktmbuf_free(s);
	assert_int_equal(rte_mempool_in_use_count(pool), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_vid),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_pop_push),
		cmocka_unit_test(test_pop_double),
	};

	return cmocka_run_group_tests(tests, eal_setup, eal_teardown);
}
