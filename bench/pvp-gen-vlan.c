/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pvp-gen-vlan.c - LD_PRELOAD shim for the PVP generator (dpdk-testpmd with
 * net_virtio_user ports) that makes one generator port a VLAN "guest": every
 * frame it transmits gets an 802.1Q tag, every tagged frame any port receives
 * is stripped. Used by bench/pvp.sh --vlan; compiled there at run time:
 *
 *   cc -O2 -fPIC -shared $(pkg-config --cflags libdpdk) pvp-gen-vlan.c -o X.so -ldl
 *
 * Why a shim: in DPDK 22.11 virtio_user does its software VLAN insertion only
 * in rte_eth_tx_prepare(), which testpmd's io (and mac, txonly) engines never
 * call, so "tx_vlan set" has no effect on the wire there (measured: frames
 * leave untagged). testpmd's csum engine calls tx_prepare but never sets
 * RTE_MBUF_F_TX_VLAN. The shim keeps the generator in io mode and does the tag
 * work in ethdev RX/TX callbacks, i.e. in software on the generator's core, as
 * a guest's virtio driver without VLAN offload would.
 *
 * It wraps rte_eth_dev_start(): after the real one succeeds for a port (the
 * first time), it adds
 *   - an RX callback on every RX queue: rte_vlan_strip() (only 0x8100 frames
 *     are touched; untagged ones cost one compare),
 *   - on port PVP_GEN_VLAN_PORT only, a TX callback on every TX queue:
 *     vlan_tci = PVP_GEN_VLAN_ID, rte_vlan_insert().
 * Environment: PVP_GEN_VLAN_PORT (default 1), PVP_GEN_VLAN_ID (default 10).
 * A frame the shim fails to tag is counted and reported at exit (stderr);
 * it leaves untagged (the switch then drops it, which the benchmark sees).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

static uint16_t tag_port = 1;
static uint16_t tag_vid = 10;
static bool armed[RTE_MAX_ETHPORTS];
static uint64_t n_tagged, n_tag_failed, n_stripped;

static uint16_t
strip_cb(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n,
	 uint16_t max, void *arg)
{
	uint16_t i;
	uint64_t s = 0;

	for (i = 0; i < n; i++)
		if (rte_vlan_strip(pkts[i]) == 0)
			s++;
	n_stripped += s;
	return n;
}

static uint16_t
tag_cb(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n, void *arg)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		pkts[i]->vlan_tci = tag_vid;
		if (rte_vlan_insert(&pkts[i]) != 0)
			n_tag_failed++;
	}
	n_tagged += n;
	return n;
}

int
rte_eth_dev_start(uint16_t port_id)
{
	static int (*real)(uint16_t);
	struct rte_eth_dev_info info;
	const char *e;
	uint16_t q;
	int ret;

	if (real == NULL) {
		real = (int (*)(uint16_t))dlsym(RTLD_NEXT, "rte_eth_dev_start");
		if (real == NULL)
			abort();
		if ((e = getenv("PVP_GEN_VLAN_PORT")) != NULL)
			tag_port = (uint16_t)atoi(e);
		if ((e = getenv("PVP_GEN_VLAN_ID")) != NULL)
			tag_vid = (uint16_t)atoi(e);
	}
	ret = real(port_id);
	if (ret != 0 || port_id >= RTE_MAX_ETHPORTS || armed[port_id])
		return ret;
	if (rte_eth_dev_info_get(port_id, &info) != 0)
		return ret;
	for (q = 0; q < info.nb_rx_queues; q++)
		if (rte_eth_add_rx_callback(port_id, q, strip_cb, NULL) == NULL)
			fprintf(stderr, "pvp-gen-vlan: port %u rxq %u: no RX callback\n", port_id, q);
	if (port_id == tag_port)
		for (q = 0; q < info.nb_tx_queues; q++)
			if (rte_eth_add_tx_callback(port_id, q, tag_cb, NULL) == NULL)
				fprintf(stderr, "pvp-gen-vlan: port %u txq %u: no TX callback\n", port_id, q);
	armed[port_id] = true;
	fprintf(stderr, "pvp-gen-vlan: port %u: strip on RX%s\n", port_id,
		port_id == tag_port ? ", 802.1Q tag on TX" : "");
	return ret;
}

static void __attribute__((destructor))
report(void)
{
	fprintf(stderr, "pvp-gen-vlan: tagged %llu (failed %llu), stripped %llu\n",
		(unsigned long long)n_tagged, (unsigned long long)n_tag_failed,
		(unsigned long long)n_stripped);
}
