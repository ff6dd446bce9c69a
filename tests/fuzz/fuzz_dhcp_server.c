/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_dhcp_server.c - libFuzzer harness for the DHCP server as a whole:
 * a sequence of guest frames through dhcp_server_input(), as the daemon's
 * DHCP thread feeds them, with invariants checked after every frame.
 *
 * The server serves 10.9.0.0/24 with a tiny range (10.9.0.10-10.9.0.17),
 * one reservation (02:00:00:00:00:01 -> 10.9.0.5), a router and a DNS
 * server, so exhaustion, reservations and the port cap are reached often.
 * Invariants (abort() on failure, libFuzzer saves the input):
 * - no address is held by two unexpired entries, every entry is in the
 *   range or a reservation, never the server, router or an excluded one;
 * - no port holds more than its cap of unexpired entries (declined ones
 *   count against the port that declined them);
 * - a reply is a valid frame: it classifies as a server message (or an ARP
 *   reply from the server), has correct checksums (dhcp_frame_parse accepts
 *   it), comes from the server's MAC and address, and an ACK with an
 *   address hands out one that the pool holds for that client;
 * - the pool survives a JSON round trip at the end (same entry count).
 *
 * Input layout: records of
 *   byte	bits 0-1 ingress port (p0-p3), bits 2-7 seconds to advance
 *   2 bytes	frame length, little endian (clamped to what is left)
 *   N bytes	frame
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_server.h"
#include "fuzz_check.h"

#define FZ_PORT_CAP	3
#define FZ_MAX_FRAMES	64

static const uint8_t srv_mac[6] = { 0x02, 0x56, 0x00, 0x00, 0x00, 0x09 };
static const char *const port_names[4] = { "p0", "p1", "p2", "p3" };

struct fz_walk {
	uint64_t now;
	uint8_t held[256];		/* unexpired entries per last octet */
	unsigned int port_n[4];
	unsigned int n;
};

static void fz_lease_cb(const struct dhcp_lease *l, void *arg)
{
	struct fz_walk *w = arg;
	unsigned int i;

	w->n++;
	CHECK((l->ip & 0xffffff00u) == 0x0a090000u);
	CHECK(l->ip != 0x0a0900feu && l->ip != 0x0a090001u);
	CHECK((l->ip >= 0x0a09000au && l->ip <= 0x0a090011u) ||
	      l->ip == 0x0a090005u);
	if (l->expires <= w->now)
		return;
	CHECK(w->held[l->ip & 0xff]++ == 0);
	for (i = 0; i < 4; i++)
		if (strcmp(l->port, port_names[i]) == 0)
			w->port_n[i]++;
}

static void fz_check_pool(struct dhcp_server *s, uint64_t now)
{
	struct fz_walk w = { .now = now };
	unsigned int i;

	dhcp_db_walk(dhcp_server_db(s), fz_lease_cb, &w);
	CHECK(w.n == dhcp_db_count(dhcp_server_db(s)));
	for (i = 0; i < 4; i++)
		CHECK(w.port_n[i] <= FZ_PORT_CAP);
}

/* A reply must be a well-formed frame from the server. */
static void fz_check_reply(struct dhcp_server *s, const uint8_t *out,
			   size_t len, uint64_t now)
{
	struct dhcp_frame_info fi;
	enum dhcp_frame_kind k;
	struct dhcp_msg m;
	const char *why;

	CHECK(len >= 42 && len <= DHCP_OUT_MAX);
	CHECK(memcmp(out + 6, srv_mac, 6) == 0);
	k = dhcp_frame_parse(out, len, &fi);
	if (out[12] == 0x08 && out[13] == 0x06) {
		/* ARP reply: sender is the server (parse only takes requests) */
		CHECK(len == DHCP_ARP_FRAME_LEN);
		CHECK(out[20] == 0 && out[21] == 2);
		CHECK(memcmp(out + 22, srv_mac, 6) == 0);
		CHECK(out[28] == 10 && out[29] == 9 && out[30] == 0 &&
		      out[31] == 0xfe);
		return;
	}
	CHECK(k == DHCP_FRAME_SERVER);
	CHECK(fi.src_ip == 0x0a0900feu);
	CHECK(dhcp_msg_parse(out + fi.payload, fi.payload_len, &m, &why) == 0);
	CHECK(m.op == BOOTREPLY);
	CHECK(m.type == DHCP_OFFER || m.type == DHCP_ACK || m.type == DHCP_NAK);
	CHECK(m.has_server_id && m.server_id == 0x0a0900feu);
	if (m.type == DHCP_ACK && m.yiaddr != 0) {
		struct dhcp_lease *l = dhcp_db_find_ip(dhcp_server_db(s),
						       m.yiaddr);

		CHECK(l != NULL && l->state == DHCP_LEASE_BOUND &&
		      l->expires > now);
		CHECK(memcmp(l->client.mac, m.chaddr, 6) == 0);
	}
	if (m.type == DHCP_OFFER) {
		struct dhcp_lease *l = dhcp_db_find_ip(dhcp_server_db(s),
						       m.yiaddr);

		CHECK(l != NULL && l->expires > now);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t frame[DHCP_MAX_LEN + DHCP_HDRS_LEN], out[DHCP_OUT_MAX];
	struct dhcp_server_cfg cfg = {
		.subnet = 0x0a090000u, .prefix = 24, .router = 0x0a090001u,
		.server_ip = 0x0a0900feu, .mtu = 1500,
	};
	static const struct dhcp_host h = {
		.mac = { 0x02, 0, 0, 0, 0, 0x01 }, .ip = 0x0a090005u,
		.hostname = "fixed",
	};
	struct dhcp_req_ctx ctx = { .port_cap = FZ_PORT_CAP,
				    .now = 1700000000 };
	struct dhcp_server *s, *s2;
	unsigned int frames = 0;
	size_t off = 0;
	json_t *arr;
	char err[256];

	memcpy(cfg.server_mac, srv_mac, 6);
	cfg.conf.enabled = true;
	cfg.conf.range_first = 0x0a09000au;
	cfg.conf.range_last = 0x0a090011u;
	cfg.conf.server = cfg.server_ip;
	cfg.conf.lease_time = 120;
	cfg.conf.n_dns = 1;
	cfg.conf.dns[0] = 0x0a090035u;
	cfg.conf.n_routes = 1;
	cfg.conf.routes[0].dst = 0xac100000u;
	cfg.conf.routes[0].prefix = 12;
	cfg.conf.routes[0].gw = 0x0a090001u;
	s = dhcp_server_new(&cfg);
	CHECK(s != NULL);
	CHECK(dhcp_db_host_add(dhcp_server_db(s), &h) == 0);

	while (off + 3 <= size && frames++ < FZ_MAX_FRAMES) {
		uint8_t ctl = data[off];
		size_t len = (size_t)data[off + 1] | (size_t)data[off + 2] << 8;
		size_t out_len = 0;
		bool changed = false;

		off += 3;
		if (len > size - off)
			len = size - off;
		if (len > sizeof(frame))
			len = sizeof(frame);
		memcpy(frame, data + off, len);	/* exact-size view for ASan */
		off += len;
		ctx.port = port_names[ctl & 3];
		ctx.now += ctl >> 2;
		dhcp_server_input(s, frame, len, &ctx, out, &out_len, &changed);
		if (out_len != 0)
			fz_check_reply(s, out, out_len, ctx.now);
		fz_check_pool(s, ctx.now);
		if (ctl >> 2 == 63)
			dhcp_db_expire(dhcp_server_db(s), ctx.now,
				       DHCP_EXPIRED_GRACE);
	}

#ifdef FZ_DEBUG	/* seed check: what the sequence made the server do */
	{
		const struct dhcp_server_stats *st = dhcp_server_get_stats(s);

		fprintf(stderr, "offer %lu ack %lu nak %lu arp %lu silent %lu "
			"exhausted %lu port-cap %lu leases %u\n",
			(unsigned long)st->tx[DHCP_OFFER],
			(unsigned long)st->tx[DHCP_ACK],
			(unsigned long)st->tx[DHCP_NAK],
			(unsigned long)st->arp_replies,
			(unsigned long)st->results[DHCP_R_SILENT],
			(unsigned long)st->results[DHCP_R_EXHAUSTED],
			(unsigned long)st->results[DHCP_R_PORT_CAP],
			dhcp_db_count(dhcp_server_db(s)));
	}
#endif
	/* what the lease file would hold reloads into a fresh server */
	arr = dhcp_db_to_json(dhcp_server_db(s));
	CHECK(arr != NULL);
	s2 = dhcp_server_new(&cfg);
	CHECK(s2 != NULL);
	CHECK(dhcp_db_host_add(dhcp_server_db(s2), &h) == 0);
	CHECK(dhcp_db_load_json(dhcp_server_db(s2), arr, ctx.now, err,
				sizeof(err)) == 0);
	fz_check_pool(s2, ctx.now);
	json_decref(arr);
	dhcp_server_free(s2);
	dhcp_server_free(s);
	return 0;
}
