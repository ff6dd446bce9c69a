/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_frame.h - the Ethernet/IPv4/UDP and ARP around DHCP: find a DHCP
 * payload or an ARP request in a frame a guest sent, and build the frames
 * the server answers with (correct IPv4 and UDP checksums). Plain C on
 * byte buffers, no DPDK. Frames here are untagged (the switch pops and
 * pushes VLAN tags). Addresses are host order.
 */
#ifndef DHCP_FRAME_H
#define DHCP_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_ETH_HLEN		14
#define DHCP_IP_HLEN		20	/* what we send: no IP options */
#define DHCP_UDP_HLEN		8
#define DHCP_HDRS_LEN		(DHCP_ETH_HLEN + DHCP_IP_HLEN + DHCP_UDP_HLEN)
#define DHCP_ARP_FRAME_LEN	60	/* 42 + padding to the Ethernet minimum */

/**
 * enum dhcp_frame_kind - What a guest's frame is, as far as the server cares
 * @DHCP_FRAME_OTHER:	Not for the DHCP server (forward normally)
 * @DHCP_FRAME_CLIENT:	UDP to port 67 from port 68: a client message
 * @DHCP_FRAME_SERVER:	UDP from port 67 to port 68: a server's message
 *			(OFFER/ACK/NAK from a rogue server on a guest port)
 * @DHCP_FRAME_ARP:	ARP request (any target: the caller compares)
 * @DHCP_FRAME_BAD:	IPv4/UDP to or from port 67/68 but malformed
 *			(truncated header, bad IHL, UDP length beyond the
 *			frame, first fragment of a DHCP datagram, ...)
 */
enum dhcp_frame_kind {
	DHCP_FRAME_OTHER,
	DHCP_FRAME_CLIENT,
	DHCP_FRAME_SERVER,
	DHCP_FRAME_ARP,
	DHCP_FRAME_BAD,
};

/**
 * struct dhcp_frame_info - Where things are in a classified frame
 * @src_mac:	Ethernet source
 * @dst_mac:	Ethernet destination
 * @src_ip:	IPv4 source (CLIENT/SERVER), ARP sender address (ARP)
 * @dst_ip:	IPv4 destination (CLIENT/SERVER), ARP target address (ARP)
 * @payload:	CLIENT/SERVER: offset of the UDP payload in the frame
 * @payload_len: CLIENT/SERVER: UDP payload length (from the UDP header)
 * @arp_op:	ARP: operation (1 request, 2 reply)
 * @arp_sha:	ARP: sender hardware address
 */
struct dhcp_frame_info {
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	uint32_t src_ip;
	uint32_t dst_ip;
	size_t payload;
	size_t payload_len;
	uint16_t arp_op;
	uint8_t arp_sha[6];
};

/**
 * dhcp_frame_kind() - Cheap classification for the packet path
 * @frame:	Frame start (Ethernet header, untagged)
 * @len:	Bytes available contiguously at @frame (the first segment)
 *
 * Looks at no more than the Ethernet, IPv4 and UDP headers; does not
 * validate checksums or lengths beyond what it reads. Cheap enough to run
 * on every frame: one EtherType compare for non-IPv4/ARP frames.
 *
 * Return: DHCP_FRAME_CLIENT, DHCP_FRAME_SERVER, DHCP_FRAME_ARP or
 * DHCP_FRAME_OTHER (never DHCP_FRAME_BAD: full checks are dhcp_frame_parse())
 */
enum dhcp_frame_kind dhcp_frame_kind(const uint8_t *frame, size_t len);

/**
 * dhcp_frame_parse() - Full check of a frame and where its parts are
 * @frame:	Whole frame (linear copy)
 * @len:	Frame length
 * @fi:		Output
 *
 * Validates: IPv4 version 4, IHL >= 5 and within the frame, total length
 * within the frame (Ethernet padding allowed), not a fragment, UDP length
 * >= 8 and within the IP datagram, UDP checksum if not zero, IPv4 header
 * checksum; ARP: Ethernet/IPv4 hardware and protocol types and lengths.
 *
 * Return: the frame's kind (DHCP_FRAME_BAD if it is DHCP/ARP but malformed)
 */
enum dhcp_frame_kind dhcp_frame_parse(const uint8_t *frame, size_t len,
				      struct dhcp_frame_info *fi);

/**
 * dhcp_frame_build_udp() - Build Ethernet + IPv4 + UDP around a payload
 * @out:	Output buffer, at least DHCP_HDRS_LEN + @payload_len bytes
 * @src_mac:	Ethernet source
 * @dst_mac:	Ethernet destination
 * @src_ip:	IPv4 source
 * @dst_ip:	IPv4 destination
 * @src_port:	UDP source port
 * @dst_port:	UDP destination port
 * @payload:	UDP payload (may point into @out + DHCP_HDRS_LEN: copied with
 *		memmove)
 * @payload_len: Its length
 *
 * TTL 64, DF clear, IPv4 id 0, IPv4 and UDP checksums computed.
 *
 * Return: frame length
 */
size_t dhcp_frame_build_udp(uint8_t *out, const uint8_t src_mac[6],
			    const uint8_t dst_mac[6], uint32_t src_ip,
			    uint32_t dst_ip, uint16_t src_port,
			    uint16_t dst_port, const uint8_t *payload,
			    size_t payload_len);

/**
 * dhcp_frame_build_arp_reply() - Answer an ARP request for our address
 * @out:	Output buffer, at least DHCP_ARP_FRAME_LEN bytes
 * @our_mac:	The server's MAC (sender hardware address, Ethernet source)
 * @our_ip:	The address asked for (sender protocol address)
 * @req:	The request's parsed info (its sender becomes the target)
 *
 * Return: frame length (DHCP_ARP_FRAME_LEN)
 */
size_t dhcp_frame_build_arp_reply(uint8_t *out, const uint8_t our_mac[6],
				  uint32_t our_ip,
				  const struct dhcp_frame_info *req);

/**
 * dhcp_csum_ipv4() - Internet checksum (RFC 1071) of a buffer
 * @buf:	Data
 * @len:	Length
 * @sum:	Initial 32-bit partial sum (0, or a pseudo-header sum)
 *
 * Return: the folded one's complement checksum (already inverted)
 */
uint16_t dhcp_csum(const void *buf, size_t len, uint32_t sum);

#endif /* DHCP_FRAME_H */
