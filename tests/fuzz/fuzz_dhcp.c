/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_dhcp.c - libFuzzer harness for the DHCP server's protocol code
 * (dhcp/dhcp_frame.c, dhcp/dhcp_msg.c). The input is one Ethernet frame as
 * a guest would send it.
 *
 * The frame goes through dhcp_frame_kind() and dhcp_frame_parse(). A
 * client or server frame that parse rejects only for its checksums (what
 * most mutations of a captured frame break) is repaired: IPv4 header
 * checksum recomputed, UDP checksum set to 0 (none); so mutated payloads
 * still reach the message parser. The UDP payload is copied to a buffer of
 * exactly its size (ASan sees any read beyond it) and parsed with
 * dhcp_msg_parse(). For a client message that parses, an ACK with every
 * optional option set is built (its parameter request list chooses them)
 * into a full buffer and into a DHCP_MIN_REPLY one, framed with
 * dhcp_frame_build_udp(), and checked: length within the buffer and the
 * client's maximum message size, at least DHCP_MIN_REPLY, xid echoed, the
 * reply parses back as an ACK, the frame parses back as a server frame.
 * ARP requests are answered with dhcp_frame_build_arp_reply() and the
 * reply is checked. Any broken invariant calls abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_frame.h"
#include "dhcp_msg.h"
#include "fuzz_check.h"

#define FUZZ_FRAME_MAX	9216	/* larger inputs are cut here */

static const uint8_t our_mac[6] = { 0x02, 0x56, 0x53, 0x00, 0x00, 0x01 };
#define OUR_IP	0x0a4d0001u	/* 10.77.0.1 */

static const struct dhcp_route routes[DHCP_MAX_ROUTES] = {
	{ 0x00000000, 0, OUR_IP },
	{ 0x0a000000, 8, OUR_IP },
	{ 0xac100000, 12, OUR_IP },
	{ 0xc0a83700, 24, OUR_IP },
	{ 0x0a010203, 32, OUR_IP },
	{ 0x0a010203, 17, OUR_IP },
	{ 0xffffffff, 31, OUR_IP },
	{ 0x01020304, 1, OUR_IP },
};

static void check_hostname(const char *h)
{
	size_t i, n = strnlen(h, DHCP_HOSTNAME_MAX + 1);

	CHECK(n <= DHCP_HOSTNAME_MAX);
	for (i = 0; i < n; i++)
		CHECK(h[i] >= 0x20 && h[i] <= 0x7e);
}

/* Build an ACK for @m into @size bytes and check it and its frame. */
static void build_reply(const struct dhcp_msg *m, size_t size)
{
	static uint8_t frame[DHCP_HDRS_LEN + DHCP_MAX_LEN];
	struct dhcp_reply r = {
		.type = DHCP_ACK,
		.yiaddr = 0x0a4d0033,
		.server_id = OUR_IP,
		.lease_time = 3600,
		.mask = 0xffffff00,
		.router = OUR_IP,
		.broadcast = 0x0a4d00ff,
		.mtu = 1450,
		.n_dns = DHCP_MAX_DNS,
		.dns = { OUR_IP, 0x09090909, 0x01010101, 0x08080808 },
		.domain = "a-rather-long-domain-name.example.internal",
		.n_routes = DHCP_MAX_ROUTES,
		.routes = routes,
		.message = "fuzz: every optional option is set",
	};
	size_t limit = m->max_size < 576 ? 576 - 28 : m->max_size - 28u;
	struct dhcp_frame_info fi;
	struct dhcp_msg back;
	const char *why = NULL;
	uint8_t *buf = malloc(size);
	size_t flen;
	int len;

	CHECK(buf != NULL);
	len = dhcp_msg_build(m, &r, buf, size);
	CHECK(len >= DHCP_MIN_REPLY);
	CHECK((size_t)len <= size);
	CHECK((size_t)len <= limit);
	CHECK(buf[0] == BOOTREPLY);
	CHECK(memcmp(buf + 4, &m->xid, 4) == 0);
	CHECK(memcmp(buf + 28, m->chaddr, 16) == 0);
	/* htype and hlen are echoed: the reply to a BOOTP message with
	 * another hardware type is not a valid DHCP message (the server does
	 * not answer those) */
	if (m->htype == 1 && m->hlen == 6) {
		CHECK(dhcp_msg_parse(buf, (size_t)len, &back, &why) == 0);
		CHECK(back.type == DHCP_ACK);
		CHECK(back.xid == m->xid);
		CHECK(back.has_server_id && back.server_id == OUR_IP);
		CHECK(back.lease_time == 3600);
		CHECK(back.yiaddr == r.yiaddr);
		CHECK(back.overload == 0);
	}

	flen = dhcp_frame_build_udp(frame, our_mac, m->chaddr, OUR_IP,
				    r.yiaddr, DHCP_SERVER_PORT,
				    DHCP_CLIENT_PORT, buf, (size_t)len);
	CHECK(flen == DHCP_HDRS_LEN + (size_t)len);
	CHECK(dhcp_frame_parse(frame, flen, &fi) == DHCP_FRAME_SERVER);
	CHECK(fi.payload == DHCP_HDRS_LEN);
	CHECK(fi.payload_len == (size_t)len);
	CHECK(memcmp(frame + fi.payload, buf, (size_t)len) == 0);
	free(buf);
}

/* Parse the UDP payload at @fi of @frame; build replies to a client. */
static void message(const uint8_t *frame, const struct dhcp_frame_info *fi,
		    enum dhcp_frame_kind kind)
{
	const char *why = NULL;
	struct dhcp_msg m;
	uint8_t *p;
	int rc;

	p = malloc(fi->payload_len ? fi->payload_len : 1);
	CHECK(p != NULL);
	memcpy(p, frame + fi->payload, fi->payload_len);
	rc = dhcp_msg_parse(p, fi->payload_len, &m, &why);
	free(p);
	if (rc != 0) {
		CHECK(why != NULL);
		return;
	}
	CHECK(m.op == BOOTREQUEST || m.op == BOOTREPLY);
	CHECK(m.type <= DHCP_INFORM);
	CHECK(m.prl_len <= sizeof(m.prl));
	CHECK(m.client_id_len <= DHCP_CLIENT_ID_MAX && m.client_id_len != 1);
	CHECK(m.overload <= 3);
	CHECK(m.type == DHCP_NONE || (m.htype == 1 && m.hlen == 6));
	check_hostname(m.hostname);
	CHECK(strcmp(dhcp_type_name(m.type), "UNKNOWN") != 0);
	if (kind != DHCP_FRAME_CLIENT)
		return;
	build_reply(&m, DHCP_MAX_LEN);
	build_reply(&m, DHCP_MIN_REPLY);
}

/* Recompute the IPv4 header checksum and clear the UDP one, if the
 * header lengths allow; return whether something was written. */
static int repair(uint8_t *f, size_t len)
{
	size_t ihl = (f[DHCP_ETH_HLEN] & 0x0f) * 4u;
	uint8_t *ip = f + DHCP_ETH_HLEN;
	uint16_t ck;

	if (ihl < DHCP_IP_HLEN || len < DHCP_ETH_HLEN + ihl + DHCP_UDP_HLEN)
		return 0;
	ip[10] = 0;
	ip[11] = 0;
	ck = dhcp_csum(ip, ihl, 0);
	ip[10] = ck >> 8;
	ip[11] = ck & 0xff;
	ip[ihl + 6] = 0;
	ip[ihl + 7] = 0;
	return 1;
}

static void arp(const struct dhcp_frame_info *fi)
{
	uint8_t out[DHCP_ARP_FRAME_LEN];
	struct dhcp_frame_info back;

	CHECK(fi->arp_op == 1);
	CHECK(dhcp_frame_build_arp_reply(out, our_mac, fi->dst_ip, fi) ==
	      DHCP_ARP_FRAME_LEN);
	CHECK(memcmp(out, fi->arp_sha, 6) == 0);
	CHECK(dhcp_frame_kind(out, sizeof(out)) == DHCP_FRAME_OTHER);
	out[21] = 1;	/* as a request it parses, with our addresses */
	CHECK(dhcp_frame_parse(out, sizeof(out), &back) == DHCP_FRAME_ARP);
	CHECK(back.src_ip == fi->dst_ip && back.dst_ip == fi->src_ip);
	CHECK(memcmp(back.arp_sha, our_mac, 6) == 0);
}

/**
 * LLVMFuzzerTestOneInput() - Run one frame through the DHCP code
 * @data:	The frame
 * @size:	Its length
 *
 * Return: 0
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum dhcp_frame_kind kind, parsed;
	struct dhcp_frame_info fi;
	uint8_t *f;

	if (size > FUZZ_FRAME_MAX)
		size = FUZZ_FRAME_MAX;
	/* an exact-size copy: the frame functions may not read beyond it */
	f = malloc(size ? size : 1);
	CHECK(f != NULL);
	memcpy(f, data, size);

	kind = dhcp_frame_kind(f, size);
	CHECK(kind != DHCP_FRAME_BAD);
	parsed = dhcp_frame_parse(f, size, &fi);
	CHECK(parsed == kind || parsed == DHCP_FRAME_BAD);
	if (parsed == DHCP_FRAME_BAD &&
	    (kind == DHCP_FRAME_CLIENT || kind == DHCP_FRAME_SERVER) &&
	    repair(f, size)) {
		CHECK(dhcp_frame_kind(f, size) == kind);
		parsed = dhcp_frame_parse(f, size, &fi);
		CHECK(parsed == kind || parsed == DHCP_FRAME_BAD);
	}
	if (parsed == DHCP_FRAME_CLIENT || parsed == DHCP_FRAME_SERVER) {
		CHECK(fi.payload >= DHCP_HDRS_LEN);
		CHECK(fi.payload <= size);
		CHECK(fi.payload_len <= size - fi.payload);
		message(f, &fi, parsed);
	} else if (parsed == DHCP_FRAME_ARP) {
		arp(&fi);
	}
	free(f);
	return 0;
}
