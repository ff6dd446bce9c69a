/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_frame.c - Ethernet/IPv4/UDP and ARP framing for the DHCP server:
 * classify a guest's frame (client message, rogue server message, ARP
 * request), check it fully and locate its parts, build the UDP frames and
 * ARP replies the server sends, and the RFC 1071 checksum they need.
 *
 * Where the UDP ports are read: right after the IPv4 header, or after 20
 * bytes if the IHL is below 5, so that a frame with a bad IHL is still
 * recognised as DHCP and reported as DHCP_FRAME_BAD. Non-first fragments
 * carry no UDP header and are DHCP_FRAME_OTHER; a first fragment of a DHCP
 * datagram is DHCP_FRAME_BAD (the server does not reassemble).
 */
#include <string.h>

#include "dhcp_frame.h"

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_ARP	0x0806
#define IPPROTO_UDP_NUM	17
#define IP_MF		0x2000
#define IP_OFFSET_MASK	0x1fff
#define PORT_SERVER	67
#define PORT_CLIENT	68
#define ARP_LEN		28
#define ARP_REQUEST	1
#define ARP_REPLY	2

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/**
 * dhcp_csum() - Internet checksum (RFC 1071) of a buffer
 * @buf:	Data (16-bit words in network order; an odd last byte is
 *		padded with zero)
 * @len:	Length
 * @sum:	Initial 32-bit partial sum (0, or a pseudo-header sum of
 *		16-bit values)
 *
 * Return: the folded one's complement sum, inverted, as a host-order
 * value (store it big-endian); 0 when verifying data with a correct
 * checksum in it
 */
uint16_t dhcp_csum(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t *p = buf;
	uint64_t s = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Partial sum of the UDP pseudo header. */
static uint32_t pseudo_sum(uint32_t src, uint32_t dst, uint16_t udp_len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
	       IPPROTO_UDP_NUM + udp_len;
}

/* Offset of the UDP header of an IPv4 frame (see the file comment). */
static size_t udp_offset(const uint8_t *ip)
{
	size_t ihl = (ip[0] & 0x0f) * 4u;

	return DHCP_ETH_HLEN + (ihl < DHCP_IP_HLEN ? DHCP_IP_HLEN : ihl);
}

/* Client/server/other from an IPv4 frame's protocol, fragment offset and
 * ports, reading only what @len holds. */
static enum dhcp_frame_kind ipv4_kind(const uint8_t *frame, size_t len)
{
	const uint8_t *ip = frame + DHCP_ETH_HLEN;
	size_t l4;
	uint16_t sport, dport;

	if (len < DHCP_ETH_HLEN + DHCP_IP_HLEN || ip[9] != IPPROTO_UDP_NUM ||
	    (get16(ip + 6) & IP_OFFSET_MASK) != 0)
		return DHCP_FRAME_OTHER;
	l4 = udp_offset(ip);
	if (len < l4 + 4)
		return DHCP_FRAME_OTHER;
	sport = get16(frame + l4);
	dport = get16(frame + l4 + 2);
	if (sport == PORT_CLIENT && dport == PORT_SERVER)
		return DHCP_FRAME_CLIENT;
	if (sport == PORT_SERVER && dport == PORT_CLIENT)
		return DHCP_FRAME_SERVER;
	return DHCP_FRAME_OTHER;
}

/**
 * dhcp_frame_kind() - Cheap classification for the packet path
 * @frame:	Frame start (Ethernet header, untagged)
 * @len:	Bytes available contiguously at @frame
 *
 * ARP: only requests (operation 1) are DHCP_FRAME_ARP, other ARP frames
 * and ARP frames too short to hold the operation are DHCP_FRAME_OTHER.
 * IPv4: UDP from 68 to 67 or from 67 to 68, not a non-first fragment; the
 * IPv4 version is not looked at (dhcp_frame_parse() rejects it).
 *
 * Return: DHCP_FRAME_CLIENT, DHCP_FRAME_SERVER, DHCP_FRAME_ARP or
 * DHCP_FRAME_OTHER
 */
enum dhcp_frame_kind dhcp_frame_kind(const uint8_t *frame, size_t len)
{
	uint16_t et;

	if (len < DHCP_ETH_HLEN)
		return DHCP_FRAME_OTHER;
	et = get16(frame + 12);
	if (et == ETHERTYPE_IPV4)
		return ipv4_kind(frame, len);
	if (et == ETHERTYPE_ARP && len >= DHCP_ETH_HLEN + 8 &&
	    get16(frame + DHCP_ETH_HLEN + 6) == ARP_REQUEST)
		return DHCP_FRAME_ARP;
	return DHCP_FRAME_OTHER;
}

/* Full checks of an ARP request. */
static enum dhcp_frame_kind parse_arp(const uint8_t *frame, size_t len,
				      struct dhcp_frame_info *fi)
{
	const uint8_t *a = frame + DHCP_ETH_HLEN;

	if (len < DHCP_ETH_HLEN + ARP_LEN || get16(a) != 1 ||
	    get16(a + 2) != ETHERTYPE_IPV4 || a[4] != 6 || a[5] != 4)
		return DHCP_FRAME_BAD;
	fi->arp_op = get16(a + 6);
	memcpy(fi->arp_sha, a + 8, 6);
	fi->src_ip = get32(a + 14);
	fi->dst_ip = get32(a + 24);
	return DHCP_FRAME_ARP;
}

/* Full checks of a frame ipv4_kind() found to be DHCP. */
static enum dhcp_frame_kind parse_ipv4(const uint8_t *frame, size_t len,
				       struct dhcp_frame_info *fi,
				       enum dhcp_frame_kind kind)
{
	const uint8_t *ip = frame + DHCP_ETH_HLEN, *udp;
	size_t ihl = (ip[0] & 0x0f) * 4u, tot, ulen;
	uint16_t ck;

	if ((ip[0] >> 4) != 4 || ihl < DHCP_IP_HLEN)
		return DHCP_FRAME_BAD;
	tot = get16(ip + 2);
	/* udp_offset() found the ports within @len: the header is there */
	if (tot < ihl + DHCP_UDP_HLEN || tot > len - DHCP_ETH_HLEN)
		return DHCP_FRAME_BAD;	/* longer frame: Ethernet padding */
	if (get16(ip + 6) & IP_MF)
		return DHCP_FRAME_BAD;	/* first fragment */
	if (dhcp_csum(ip, ihl, 0) != 0)
		return DHCP_FRAME_BAD;
	udp = ip + ihl;
	ulen = get16(udp + 4);
	if (ulen < DHCP_UDP_HLEN || ulen > tot - ihl)
		return DHCP_FRAME_BAD;
	fi->src_ip = get32(ip + 12);
	fi->dst_ip = get32(ip + 16);
	ck = get16(udp + 6);
	if (ck != 0 &&
	    dhcp_csum(udp, ulen, pseudo_sum(fi->src_ip, fi->dst_ip,
					    (uint16_t)ulen)) != 0)
		return DHCP_FRAME_BAD;
	fi->payload = DHCP_ETH_HLEN + ihl + DHCP_UDP_HLEN;
	fi->payload_len = ulen - DHCP_UDP_HLEN;
	return kind;
}

/**
 * dhcp_frame_parse() - Full check of a frame and where its parts are
 * @frame:	Whole frame (linear copy)
 * @len:	Frame length
 * @fi:		Output (zeroed first; filled for DHCP_FRAME_CLIENT,
 *		DHCP_FRAME_SERVER and DHCP_FRAME_ARP)
 *
 * Classifies like dhcp_frame_kind(), then checks what dhcp_frame.h lists.
 * A UDP checksum left partial by a sender's offload fails the check: the
 * caller completes such checksums first.
 *
 * Return: the frame's kind (DHCP_FRAME_BAD if it is DHCP/ARP but malformed)
 */
enum dhcp_frame_kind dhcp_frame_parse(const uint8_t *frame, size_t len,
				      struct dhcp_frame_info *fi)
{
	enum dhcp_frame_kind kind = dhcp_frame_kind(frame, len);

	memset(fi, 0, sizeof(*fi));
	if (kind == DHCP_FRAME_OTHER)
		return kind;
	memcpy(fi->dst_mac, frame, 6);
	memcpy(fi->src_mac, frame + 6, 6);
	if (kind == DHCP_FRAME_ARP)
		return parse_arp(frame, len, fi);
	return parse_ipv4(frame, len, fi, kind);
}

/**
 * dhcp_frame_build_udp() - Build Ethernet + IPv4 + UDP around a payload
 * @out:	Output buffer, at least DHCP_HDRS_LEN + @payload_len bytes
 * @src_mac:	Ethernet source
 * @dst_mac:	Ethernet destination
 * @src_ip:	IPv4 source
 * @dst_ip:	IPv4 destination
 * @src_port:	UDP source port
 * @dst_port:	UDP destination port
 * @payload:	UDP payload (may overlap @out: copied with memmove)
 * @payload_len: Its length (at most 65535 - 28)
 *
 * TTL 64, DF clear, IPv4 id 0, TOS 0, IPv4 and UDP checksums computed (a
 * UDP checksum of 0 is sent as 0xffff).
 *
 * Return: frame length
 */
size_t dhcp_frame_build_udp(uint8_t *out, const uint8_t src_mac[6],
			    const uint8_t dst_mac[6], uint32_t src_ip,
			    uint32_t dst_ip, uint16_t src_port,
			    uint16_t dst_port, const uint8_t *payload,
			    size_t payload_len)
{
	uint8_t *ip = out + DHCP_ETH_HLEN, *udp = ip + DHCP_IP_HLEN;
	uint16_t ulen = (uint16_t)(DHCP_UDP_HLEN + payload_len), ck;

	if (payload_len > 0)
		memmove(udp + DHCP_UDP_HLEN, payload, payload_len);
	memmove(out, dst_mac, 6);
	memmove(out + 6, src_mac, 6);
	put16(out + 12, ETHERTYPE_IPV4);

	memset(ip, 0, DHCP_IP_HLEN);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(DHCP_IP_HLEN + ulen));
	ip[8] = 64;
	ip[9] = IPPROTO_UDP_NUM;
	put32(ip + 12, src_ip);
	put32(ip + 16, dst_ip);
	put16(ip + 10, dhcp_csum(ip, DHCP_IP_HLEN, 0));

	put16(udp, src_port);
	put16(udp + 2, dst_port);
	put16(udp + 4, ulen);
	put16(udp + 6, 0);
	ck = dhcp_csum(udp, ulen, pseudo_sum(src_ip, dst_ip, ulen));
	put16(udp + 6, ck == 0 ? 0xffff : ck);
	return DHCP_HDRS_LEN + payload_len;
}

/**
 * dhcp_frame_build_arp_reply() - Answer an ARP request for our address
 * @out:	Output buffer, at least DHCP_ARP_FRAME_LEN bytes
 * @our_mac:	The server's MAC (sender hardware address, Ethernet source)
 * @our_ip:	The address asked for (sender protocol address)
 * @req:	The request's parsed info: its ARP sender hardware and
 *		protocol addresses become the target, the Ethernet
 *		destination is its sender hardware address
 *
 * Return: frame length (DHCP_ARP_FRAME_LEN, zero padded)
 */
size_t dhcp_frame_build_arp_reply(uint8_t *out, const uint8_t our_mac[6],
				  uint32_t our_ip,
				  const struct dhcp_frame_info *req)
{
	uint8_t *a = out + DHCP_ETH_HLEN;

	memset(out, 0, DHCP_ARP_FRAME_LEN);
	memcpy(out, req->arp_sha, 6);
	memcpy(out + 6, our_mac, 6);
	put16(out + 12, ETHERTYPE_ARP);
	put16(a, 1);
	put16(a + 2, ETHERTYPE_IPV4);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, ARP_REPLY);
	memcpy(a + 8, our_mac, 6);
	put32(a + 14, our_ip);
	memcpy(a + 18, req->arp_sha, 6);
	put32(a + 24, req->src_ip);
	return DHCP_ARP_FRAME_LEN;
}
