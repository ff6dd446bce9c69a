/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * csum.c - finish TCP/UDP checksums the sending kernel left for an offload.
 *
 * A Linux sender with checksum offload (a veth peer, the host's own stack on
 * a NIC) hands frames over with CHECKSUM_PARTIAL: the TCP/UDP checksum field
 * holds only the folded pseudo-header sum, for hardware to finish. A packet
 * socket reports this with TP_STATUS_CSUMNOTREADY, but DPDK's af_packet
 * (and af_xdp) drivers drop that mark, so such frames would reach guests
 * with a checksum they reject. Uplink ports therefore look at every IPv4 or
 * IPv6 TCP/UDP frame they receive: if the checksum field equals the
 * pseudo-header sum, the frame is a partial one and its checksum is
 * computed. A complete checksum equal to that value by chance (1 in 65536)
 * is recomputed to the same value, so nothing valid is ever changed, and a
 * frame that is not partial costs a header parse and a pseudo-header sum.
 */
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "csum.h"

/* Offset of the checksum in a TCP or UDP header, 0 if neither/too short. */
static unsigned int csum_field(uint8_t proto, uint32_t l4_len)
{
	if (proto == IPPROTO_TCP && l4_len >= sizeof(struct rte_tcp_hdr))
		return offsetof(struct rte_tcp_hdr, cksum);
	if (proto == IPPROTO_UDP && l4_len >= sizeof(struct rte_udp_hdr))
		return offsetof(struct rte_udp_hdr, dgram_cksum);
	return 0;
}

/**
 * csum_complete_partial() - Finish a TCP/UDP checksum left for an offload
 * @m:		Frame (Ethernet, optionally one 802.1Q tag), single segment
 *
 * Return: true if the checksum was partial and is now complete
 */
bool csum_complete_partial(struct rte_mbuf *m)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *), *l4;
	uint32_t len = m->data_len, off = RTE_ETHER_HDR_LEN, l4_len;
	unsigned int f;
	rte_be16_t et, *ck;

	if (m->nb_segs != 1 || len < off + sizeof(struct rte_ipv4_hdr))
		return false;
	et = *(rte_be16_t *)(p + 12);
	if (et == RTE_BE16(RTE_ETHER_TYPE_VLAN)) {
		off += sizeof(struct rte_vlan_hdr);
		if (len < off + sizeof(struct rte_ipv4_hdr))
			return false;
		et = *(rte_be16_t *)(p + 16);
	}
	if (et == RTE_BE16(RTE_ETHER_TYPE_IPV4)) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + off);
		uint32_t ihl = (ip->version_ihl & 0xf) * 4u;
		uint32_t tot = rte_be_to_cpu_16(ip->total_length);

		if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) ||
		    tot < ihl || off + tot > len ||
		    (ip->fragment_offset &
		     RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
			return false;
		l4 = (uint8_t *)ip + ihl;
		l4_len = tot - ihl;
		f = csum_field(ip->next_proto_id, l4_len);
		if (f == 0)
			return false;
		ck = (rte_be16_t *)(l4 + f);
		if (*ck == 0 || *ck != rte_ipv4_phdr_cksum(ip, 0))
			return false;	/* UDP without checksum, or complete */
		*ck = 0;
		*ck = rte_ipv4_udptcp_cksum(ip, l4);
		return true;
	}
	if (et == RTE_BE16(RTE_ETHER_TYPE_IPV6)) {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(p + off);

		if (len < off + sizeof(*ip) ||
		    (rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6)
			return false;
		l4_len = rte_be_to_cpu_16(ip->payload_len);
		if (off + sizeof(*ip) + l4_len > len)
			return false;
		l4 = (uint8_t *)(ip + 1);
		f = csum_field(ip->proto, l4_len);	/* no extension headers */
		if (f == 0)
			return false;
		ck = (rte_be16_t *)(l4 + f);
		if (*ck != rte_ipv6_phdr_cksum(ip, 0))
			return false;
		*ck = 0;
		*ck = rte_ipv6_udptcp_cksum(ip, l4);
		return true;
	}
	return false;
}
