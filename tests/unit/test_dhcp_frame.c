/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dhcp_frame.c - unit tests for dhcp_frame.c: classification and
 * full checks of guest frames (IPv4 header, IHL, fragments, lengths,
 * Ethernet padding, checksums, ARP), the UDP frames and ARP replies the
 * server builds, and the RFC 1071 checksum. Checksums are verified with a
 * computation of the test's own. Real frames captured from udhcpc, dhclient
 * and dnsmasq (see tests/fuzz/corpus/dhcp/README) are test vectors too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "dhcp_frame.h"

/*
 * Captured frames, exactly as on the wire.
 */
#include "dhcp_vectors.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static const uint8_t mac_a[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/*
 * The test's own one's complement sum: 16-bit additions with the carry
 * wrapped around after every word (not the accumulate-then-fold of the
 * code under test). Returns the sum, not inverted.
 */
static uint16_t ones_sum(const uint8_t *p, size_t len, uint16_t start)
{
	uint32_t s = start;
	size_t i;

	for (i = 0; i < len; i += 2) {
		s += (uint32_t)p[i] << 8 | (i + 1 < len ? p[i + 1] : 0);
		s = (s & 0xffff) + (s >> 16);
	}
	return (uint16_t)s;
}

static uint16_t add16(uint16_t a, uint16_t b)
{
	uint32_t s = (uint32_t)a + b;

	return (uint16_t)((s & 0xffff) + (s >> 16));
}

/* Sum of the UDP pseudo header of the IPv4 frame @f plus its UDP
 * datagram (UDP length from the header): 0xffff if the checksum is right */
static uint16_t udp_sum(const uint8_t *f)
{
	const uint8_t *ip = f + 14, *udp = ip + (ip[0] & 0xf) * 4;
	uint16_t s = ones_sum(ip + 12, 8, 0);

	s = add16(s, 17);
	s = add16(s, rd16(udp + 4));
	return ones_sum(udp, rd16(udp + 4), s);
}

static void fix_ip_csum(uint8_t *f)
{
	uint8_t *ip = f + 14;

	wr16(ip + 10, 0);
	wr16(ip + 10, (uint16_t)~ones_sum(ip, (ip[0] & 0xf) * 4u, 0));
}

static void fix_udp_csum(uint8_t *f)
{
	uint8_t *udp = f + 14 + (f[14] & 0xf) * 4;
	uint16_t c;

	wr16(udp + 6, 0);
	c = (uint16_t)~udp_sum(f);
	wr16(udp + 6, c == 0 ? 0xffff : c);
}

/* A client frame: DISCOVER-like payload of @plen bytes (pattern). */
static size_t client_frame(uint8_t *f, size_t plen)
{
	uint8_t payload[600];
	size_t i;

	for (i = 0; i < plen; i++)
		payload[i] = (uint8_t)(i * 7 + 3);
	return dhcp_frame_build_udp(f, mac_a, bcast, 0, IP(255, 255, 255, 255),
				    68, 67, payload, plen);
}

static void test_csum(void **state)
{
	/* RFC 1071 section 3: the sum of these bytes is 0xddf2 */
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
				       0xf6, 0xf7 };
	uint8_t buf[1001];
	size_t i, n;

	(void)state;
	assert_int_equal(dhcp_csum(rfc, sizeof(rfc), 0), (uint16_t)~0xddf2);
	assert_int_equal(dhcp_csum(rfc, 0, 0), 0xffff);
	assert_int_equal(dhcp_csum(NULL, 0, 0x1234), (uint16_t)~0x1234);
	/* odd length: the last byte is the high half of a word */
	assert_int_equal(dhcp_csum("\x01", 1, 0), (uint16_t)~0x0100);
	/* initial sums above 16 bits are folded */
	assert_int_equal(dhcp_csum(NULL, 0, 0x3fffe), (uint16_t)~0x0002);
	assert_int_equal(dhcp_csum(rfc, sizeof(rfc), 0x10000),
			 (uint16_t)~0xddf3);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 17);
	for (n = 0; n <= sizeof(buf); n += 37)
		assert_int_equal(dhcp_csum(buf, n, 0),
				 (uint16_t)~ones_sum(buf, n, 0));
	/* all 0xff: long runs of carries */
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(dhcp_csum(buf, 1000, 0), 0);
	assert_int_equal(dhcp_csum(buf, 1000, 0xffffffff),
			 (uint16_t)~ones_sum(buf, 1000, 0xffff));
}

static void test_build_udp(void **state)
{
	uint8_t payload[301], f[600];
	struct dhcp_frame_info fi;
	size_t len, i;

	(void)state;
	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i ^ 0x5a);
	len = dhcp_frame_build_udp(f, mac_a, mac_b, IP(10, 77, 0, 1),
				   IP(10, 77, 0, 51), 67, 68, payload, 300);
	assert_int_equal(len, DHCP_HDRS_LEN + 300);
	assert_memory_equal(f, mac_b, 6);
	assert_memory_equal(f + 6, mac_a, 6);
	assert_int_equal(rd16(f + 12), 0x0800);
	assert_int_equal(f[14], 0x45);
	assert_int_equal(f[15], 0);			/* TOS */
	assert_int_equal(rd16(f + 16), 20 + 8 + 300);
	assert_int_equal(rd16(f + 18), 0);		/* id */
	assert_int_equal(rd16(f + 20), 0);		/* DF clear, offset 0 */
	assert_int_equal(f[22], 64);
	assert_int_equal(f[23], 17);
	assert_int_equal(rd32(f + 26), IP(10, 77, 0, 1));
	assert_int_equal(rd32(f + 30), IP(10, 77, 0, 51));
	assert_int_equal(ones_sum(f + 14, 20, 0), 0xffff);
	assert_int_equal(rd16(f + 34), 67);
	assert_int_equal(rd16(f + 36), 68);
	assert_int_equal(rd16(f + 38), 8 + 300);
	assert_int_not_equal(rd16(f + 40), 0);
	assert_int_equal(udp_sum(f), 0xffff);
	assert_memory_equal(f + 42, payload, 300);

	/* what we build, we parse */
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_SERVER);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_SERVER);
	assert_int_equal(fi.payload, 42);
	assert_int_equal(fi.payload_len, 300);
	assert_int_equal(fi.src_ip, IP(10, 77, 0, 1));
	assert_int_equal(fi.dst_ip, IP(10, 77, 0, 51));
	assert_memory_equal(fi.src_mac, mac_a, 6);
	assert_memory_equal(fi.dst_mac, mac_b, 6);

	/* payload already in place (overlapping copy) */
	memcpy(f + 42, payload, 300);
	memset(f, 0, 42);
	len = dhcp_frame_build_udp(f, mac_a, bcast, IP(10, 77, 0, 1),
				   IP(255, 255, 255, 255), 67, 68, f + 42,
				   300);
	assert_memory_equal(f + 42, payload, 300);
	assert_int_equal(ones_sum(f + 14, 20, 0), 0xffff);
	assert_int_equal(udp_sum(f), 0xffff);
	/* payload overlapping the headers' place */
	memcpy(f + 10, payload, 300);
	len = dhcp_frame_build_udp(f, mac_a, bcast, IP(10, 77, 0, 1),
				   IP(255, 255, 255, 255), 67, 68, f + 10,
				   300);
	assert_memory_equal(f + 42, payload, 300);
	assert_int_equal(udp_sum(f), 0xffff);

	/* odd payload length */
	len = dhcp_frame_build_udp(f, mac_a, bcast, IP(1, 2, 3, 4),
				   IP(5, 6, 7, 8), 68, 67, payload, 301);
	assert_int_equal(len, 42 + 301);
	assert_int_equal(udp_sum(f), 0xffff);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
	assert_int_equal(fi.payload_len, 301);
}

/* A computed UDP checksum of 0 goes out as 0xffff (0 means "none"). */
static void test_build_udp_zero_csum(void **state)
{
	uint8_t f[100], p[2] = { 0, 0 };
	struct dhcp_frame_info fi;
	uint16_t c;
	size_t len;

	(void)state;
	dhcp_frame_build_udp(f, mac_a, mac_b, IP(10, 0, 0, 1), IP(10, 0, 0, 2),
			     67, 68, p, 2);
	/* replacing the zero word by the checksum makes the sum 0xffff */
	c = rd16(f + 40);
	p[0] = c >> 8;
	p[1] = c & 0xff;
	len = dhcp_frame_build_udp(f, mac_a, mac_b, IP(10, 0, 0, 1),
				   IP(10, 0, 0, 2), 67, 68, p, 2);
	assert_int_equal(rd16(f + 40), 0xffff);
	assert_int_equal(udp_sum(f), 0xffff);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_SERVER);
}

static void test_kind(void **state)
{
	uint8_t f[400];
	size_t len = client_frame(f, 300);

	(void)state;
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_CLIENT);
	/* only the headers are looked at */
	assert_int_equal(dhcp_frame_kind(f, 42), DHCP_FRAME_CLIENT);
	assert_int_equal(dhcp_frame_kind(f, 38), DHCP_FRAME_CLIENT);
	assert_int_equal(dhcp_frame_kind(f, 37), DHCP_FRAME_OTHER);
	assert_int_equal(dhcp_frame_kind(f, 13), DHCP_FRAME_OTHER);
	assert_int_equal(dhcp_frame_kind(f, 0), DHCP_FRAME_OTHER);
	/* ports */
	wr16(f + 34, 67);
	wr16(f + 36, 68);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_SERVER);
	wr16(f + 36, 67);	/* relay to server: not from a client */
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
	wr16(f + 34, 68);
	wr16(f + 36, 68);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
	wr16(f + 34, 1068);
	wr16(f + 36, 67);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
	wr16(f + 34, 68);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_CLIENT);
	/* not UDP */
	f[23] = 6;
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
	f[23] = 17;
	/* non-first fragment: no UDP header in it */
	wr16(f + 20, 0x0001);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
	wr16(f + 20, 0x2000);	/* first fragment: still DHCP (parse: bad) */
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_CLIENT);
	wr16(f + 20, 0);
	/* other EtherTypes, including a VLAN tag (frames are untagged) */
	wr16(f + 12, 0x86dd);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
	wr16(f + 12, 0x8100);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
	/* ARP: requests only */
	wr16(f + 12, 0x0806);
	wr16(f + 20, 1);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_ARP);
	assert_int_equal(dhcp_frame_kind(f, 22), DHCP_FRAME_ARP);
	assert_int_equal(dhcp_frame_kind(f, 21), DHCP_FRAME_OTHER);
	wr16(f + 20, 2);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_OTHER);
}

/* IHL: options move the UDP header; below 5 is bad, not "other". */
static void test_parse_ihl(void **state)
{
	uint8_t f[400], g[400];
	struct dhcp_frame_info fi;
	size_t len = client_frame(f, 300);

	(void)state;
	/* insert 4 bytes of IP options (NOP NOP NOP EOL) */
	memcpy(g, f, 34);
	memcpy(g + 34, "\x01\x01\x01\x00", 4);
	memcpy(g + 38, f + 34, len - 34);
	g[14] = 0x46;
	wr16(g + 16, rd16(f + 16) + 4);
	fix_ip_csum(g);
	assert_int_equal(dhcp_frame_kind(g, len + 4), DHCP_FRAME_CLIENT);
	assert_int_equal(dhcp_frame_parse(g, len + 4, &fi), DHCP_FRAME_CLIENT);
	assert_int_equal(fi.payload, 14 + 24 + 8);
	assert_int_equal(fi.payload_len, 300);
	assert_memory_equal(g + fi.payload, f + 42, 300);

	/* IHL 4 and 0 */
	f[14] = 0x44;
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_kind(f, len), DHCP_FRAME_CLIENT);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	f[14] = 0x40;
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);

	/* IHL 15, the UDP header after it, but total length too short */
	len = client_frame(f, 300);
	memcpy(g, f, 34);
	memset(g + 34, 1, 40);
	memcpy(g + 74, f + 34, len - 34);
	g[14] = 0x4f;
	wr16(g + 16, 60);	/* no room for UDP */
	fix_ip_csum(g);
	assert_int_equal(dhcp_frame_kind(g, len + 40), DHCP_FRAME_CLIENT);
	assert_int_equal(dhcp_frame_parse(g, len + 40, &fi), DHCP_FRAME_BAD);
	wr16(g + 16, 20 + 8 + 300 + 40);
	fix_ip_csum(g);
	assert_int_equal(dhcp_frame_parse(g, len + 40, &fi), DHCP_FRAME_CLIENT);
	assert_int_equal(fi.payload, 14 + 60 + 8);
	/* IHL pointing beyond the frame: the ports cannot be seen */
	assert_int_equal(dhcp_frame_kind(g, 70), DHCP_FRAME_OTHER);
	assert_int_equal(dhcp_frame_parse(g, 70, &fi), DHCP_FRAME_OTHER);

	/* version not 4 */
	len = client_frame(f, 300);
	f[14] = 0x65;
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
}

static void test_parse_lengths(void **state)
{
	uint8_t f[400];
	struct dhcp_frame_info fi;
	size_t len = client_frame(f, 300);

	(void)state;
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
	/* truncated frame: total length beyond it */
	assert_int_equal(dhcp_frame_parse(f, len - 1, &fi), DHCP_FRAME_BAD);
	assert_int_equal(dhcp_frame_parse(f, 42, &fi), DHCP_FRAME_BAD);
	assert_int_equal(dhcp_frame_parse(f, 38, &fi), DHCP_FRAME_BAD);
	assert_int_equal(dhcp_frame_parse(f, 37, &fi), DHCP_FRAME_OTHER);
	/* Ethernet padding after the datagram is fine */
	memset(f + len, 0xee, 20);
	assert_int_equal(dhcp_frame_parse(f, len + 20, &fi), DHCP_FRAME_CLIENT);
	assert_int_equal(fi.payload_len, 300);

	/* UDP length beyond the IP datagram / the frame */
	wr16(f + 38, 8 + 301);
	fix_udp_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len + 20, &fi), DHCP_FRAME_BAD);
	wr16(f + 38, 8 + 1000);
	assert_int_equal(dhcp_frame_parse(f, len + 20, &fi), DHCP_FRAME_BAD);
	/* UDP length below 8 */
	wr16(f + 38, 7);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	wr16(f + 38, 0);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	/* UDP shorter than the IP datagram: its own length counts */
	wr16(f + 38, 8 + 250);
	fix_udp_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
	assert_int_equal(fi.payload_len, 250);
	/* exactly 8: an empty payload */
	wr16(f + 38, 8);
	fix_udp_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
	assert_int_equal(fi.payload_len, 0);

	/* IP total length shorter than IHL + a UDP header */
	len = client_frame(f, 300);
	wr16(f + 16, 27);
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	wr16(f + 16, 0);
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
}

static void test_parse_fragments(void **state)
{
	uint8_t f[400];
	struct dhcp_frame_info fi;
	size_t len = client_frame(f, 300);

	(void)state;
	wr16(f + 20, 0x2000);	/* MF: first fragment */
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	wr16(f + 20, 0x0010);	/* later fragment: not ours to judge */
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_OTHER);
	wr16(f + 20, 0x4000);	/* DF: fine */
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
}

static void test_parse_checksums(void **state)
{
	uint8_t f[400];
	struct dhcp_frame_info fi;
	size_t len = client_frame(f, 300);

	(void)state;
	/* IPv4 header checksum */
	f[24] ^= 1;
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	f[24] ^= 1;
	f[22] = 1;		/* TTL changed, checksum not */
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
	/* UDP checksum: covers the payload and the pseudo header */
	f[100] ^= 0x40;
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	fix_udp_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
	f[33] ^= 1;		/* destination address */
	fix_ip_csum(f);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
	/* zero: no checksum, accepted */
	wr16(f + 40, 0);
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_CLIENT);
	/* partial (offload) checksum: the pseudo header sum only */
	len = client_frame(f, 300);
	wr16(f + 40, ones_sum(f + 26, 8, add16(17, rd16(f + 38))));
	assert_int_equal(dhcp_frame_parse(f, len, &fi), DHCP_FRAME_BAD);
}

/* Real frames: dhclient's broadcast DISCOVER, udhcpc's unicast renew
 * (DF, an IP id), dnsmasq's ACK, a Linux ARP request. */
static void test_real_frames(void **state)
{
	static const uint8_t cli[6] = { 0xd6, 0xfc, 0xdd, 0x81, 0x15, 0xba };
	static const uint8_t srv[6] = { 0xe6, 0x58, 0x84, 0xce, 0x3f, 0xea };
	struct dhcp_frame_info fi;
	uint8_t f[400];

	(void)state;
	assert_int_equal(dhcp_frame_kind(v_dhclient_discover,
					 sizeof(v_dhclient_discover)),
			 DHCP_FRAME_CLIENT);
	assert_int_equal(dhcp_frame_parse(v_dhclient_discover,
					  sizeof(v_dhclient_discover), &fi),
			 DHCP_FRAME_CLIENT);
	assert_int_equal(fi.src_ip, 0);
	assert_int_equal(fi.dst_ip, IP(255, 255, 255, 255));
	assert_memory_equal(fi.src_mac, cli, 6);
	assert_memory_equal(fi.dst_mac, bcast, 6);
	assert_int_equal(fi.payload, 42);
	assert_int_equal(fi.payload_len, 300);
	/* the independent check agrees with the capture */
	assert_int_equal(udp_sum(v_dhclient_discover), 0xffff);
	assert_int_equal(ones_sum(v_dhclient_discover + 14, 20, 0), 0xffff);

	assert_int_equal(dhcp_frame_parse(v_udhcpc_request_renew,
					  sizeof(v_udhcpc_request_renew), &fi),
			 DHCP_FRAME_CLIENT);
	assert_int_equal(fi.src_ip, IP(10, 77, 0, 51));
	assert_int_equal(fi.dst_ip, IP(10, 77, 0, 1));
	assert_memory_equal(fi.dst_mac, srv, 6);
	assert_int_equal(fi.payload_len, 300);

	assert_int_equal(dhcp_frame_kind(v_dnsmasq_ack_dhclient,
					 sizeof(v_dnsmasq_ack_dhclient)),
			 DHCP_FRAME_SERVER);
	assert_int_equal(dhcp_frame_parse(v_dnsmasq_ack_dhclient,
					  sizeof(v_dnsmasq_ack_dhclient), &fi),
			 DHCP_FRAME_SERVER);
	assert_int_equal(fi.src_ip, IP(10, 77, 0, 1));
	assert_int_equal(fi.payload_len, 328);

	/* padded to more than the Ethernet minimum by a NIC: still fine */
	memcpy(f, v_udhcpc_request_renew, sizeof(v_udhcpc_request_renew));
	memset(f + sizeof(v_udhcpc_request_renew), 0, 18);
	assert_int_equal(dhcp_frame_parse(f, sizeof(v_udhcpc_request_renew) +
					  18, &fi), DHCP_FRAME_CLIENT);
	/* one bit flipped in the payload: checksum catches it */
	f[200] ^= 0x10;
	assert_int_equal(dhcp_frame_parse(f, sizeof(v_udhcpc_request_renew),
					  &fi), DHCP_FRAME_BAD);

	/* the 42-byte ARP request as captured, and padded to 60 */
	assert_int_equal(dhcp_frame_kind(v_arp_request_client,
					 sizeof(v_arp_request_client)),
			 DHCP_FRAME_ARP);
	assert_int_equal(dhcp_frame_parse(v_arp_request_client,
					  sizeof(v_arp_request_client), &fi),
			 DHCP_FRAME_ARP);
	assert_int_equal(fi.arp_op, 1);
	assert_memory_equal(fi.arp_sha, cli, 6);
	assert_memory_equal(fi.src_mac, cli, 6);
	assert_memory_equal(fi.dst_mac, bcast, 6);
	assert_int_equal(fi.src_ip, IP(10, 77, 0, 51));
	assert_int_equal(fi.dst_ip, IP(10, 77, 0, 1));
	memcpy(f, v_arp_request_client, 42);
	memset(f + 42, 0, 18);
	assert_int_equal(dhcp_frame_parse(f, 60, &fi), DHCP_FRAME_ARP);
}

static void test_parse_arp_bad(void **state)
{
	struct dhcp_frame_info fi;
	uint8_t f[60];

	(void)state;
	memcpy(f, v_arp_request_client, 42);
	assert_int_equal(dhcp_frame_parse(f, 41, &fi), DHCP_FRAME_BAD);
	assert_int_equal(dhcp_frame_parse(f, 22, &fi), DHCP_FRAME_BAD);
	assert_int_equal(dhcp_frame_parse(f, 21, &fi), DHCP_FRAME_OTHER);
	f[15] = 6;		/* hardware type IEEE 802 */
	assert_int_equal(dhcp_frame_parse(f, 42, &fi), DHCP_FRAME_BAD);
	f[15] = 1;
	wr16(f + 16, 0x86dd);	/* protocol */
	assert_int_equal(dhcp_frame_parse(f, 42, &fi), DHCP_FRAME_BAD);
	wr16(f + 16, 0x0800);
	f[18] = 8;		/* hardware length */
	assert_int_equal(dhcp_frame_parse(f, 42, &fi), DHCP_FRAME_BAD);
	f[18] = 6;
	f[19] = 16;		/* protocol length */
	assert_int_equal(dhcp_frame_parse(f, 42, &fi), DHCP_FRAME_BAD);
	f[19] = 4;
	assert_int_equal(dhcp_frame_parse(f, 42, &fi), DHCP_FRAME_ARP);
	wr16(f + 20, 2);	/* a guest's reply: forwarded normally */
	assert_int_equal(dhcp_frame_parse(f, 42, &fi), DHCP_FRAME_OTHER);
}

static void test_build_arp_reply(void **state)
{
	static const uint8_t cli[6] = { 0xd6, 0xfc, 0xdd, 0x81, 0x15, 0xba };
	uint8_t out[DHCP_ARP_FRAME_LEN + 4], zero[18] = { 0 };
	struct dhcp_frame_info fi;
	size_t len;

	(void)state;
	assert_int_equal(dhcp_frame_parse(v_arp_request_client,
					  sizeof(v_arp_request_client), &fi),
			 DHCP_FRAME_ARP);
	memset(out, 0xa5, sizeof(out));
	len = dhcp_frame_build_arp_reply(out, mac_b, IP(10, 77, 0, 1), &fi);
	assert_int_equal(len, DHCP_ARP_FRAME_LEN);
	assert_memory_equal(out, cli, 6);
	assert_memory_equal(out + 6, mac_b, 6);
	assert_int_equal(rd16(out + 12), 0x0806);
	assert_int_equal(rd16(out + 14), 1);
	assert_int_equal(rd16(out + 16), 0x0800);
	assert_int_equal(out[18], 6);
	assert_int_equal(out[19], 4);
	assert_int_equal(rd16(out + 20), 2);
	assert_memory_equal(out + 22, mac_b, 6);
	assert_int_equal(rd32(out + 28), IP(10, 77, 0, 1));
	assert_memory_equal(out + 32, cli, 6);
	assert_int_equal(rd32(out + 38), IP(10, 77, 0, 51));
	assert_memory_equal(out + 42, zero, 18);
	assert_int_equal(out[60], 0xa5);
	/* a reply is not a request */
	assert_int_equal(dhcp_frame_kind(out, len), DHCP_FRAME_OTHER);
	/* turned into a request again, it parses with our addresses */
	wr16(out + 20, 1);
	assert_int_equal(dhcp_frame_parse(out, len, &fi), DHCP_FRAME_ARP);
	assert_int_equal(fi.src_ip, IP(10, 77, 0, 1));
	assert_int_equal(fi.dst_ip, IP(10, 77, 0, 51));
	assert_memory_equal(fi.arp_sha, mac_b, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csum),
		cmocka_unit_test(test_build_udp),
		cmocka_unit_test(test_build_udp_zero_csum),
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_parse_ihl),
		cmocka_unit_test(test_parse_lengths),
		cmocka_unit_test(test_parse_fragments),
		cmocka_unit_test(test_parse_checksums),
		cmocka_unit_test(test_real_frames),
		cmocka_unit_test(test_parse_arp_bad),
		cmocka_unit_test(test_build_arp_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
