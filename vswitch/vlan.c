/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vlan.c - 802.1Q frame classification and tag push/pop on mbufs.
 *
 * Classification reads only the first segment and never past data_len, so a
 * frame from a guest that is too short for its tag is a runt, not a read
 * past the buffer. Push and pop use DPDK's rte_vlan_insert()/rte_vlan_strip(),
 * which move the MAC addresses by 4 bytes in place (no copy of the payload).
 */
#include <errno.h>

#include <rte_ether.h>

#include "names.h"
#include "vlan.h"

/**
 * vlan_parse_vid() - Parse a VLAN id for --vlan/--trunk
 * @str:	Decimal text
 * @vid:	Output
 *
 * Return: 0, or -EINVAL unless 1 <= VID <= 4094 (0 is "priority only",
 * 4095 is reserved)
 */
int vlan_parse_vid(const char *str, uint16_t *vid)
{
	uint32_t v;

	if (names_parse_u32(str, VLAN_VID_MIN, VLAN_VID_MAX, &v) != 0)
		return -EINVAL;
	*vid = (uint16_t)v;
	return 0;
}

static int vlan_is_tpid(uint16_t tpid_be)
{
	return tpid_be == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) ||
	       tpid_be == rte_cpu_to_be_16(RTE_ETHER_TYPE_QINQ) ||
	       tpid_be == rte_cpu_to_be_16(RTE_ETHER_TYPE_QINQ1);
}

/**
 * vlan_classify() - Classify a frame by its tags
 * @m:		Frame (first segment is read)
 * @vi:		Output
 */
void vlan_classify(const struct rte_mbuf *m, struct vlan_info *vi)
{
	const struct rte_ether_hdr *eth;
	const struct rte_vlan_hdr *vh;
	uint16_t tci;

	vi->vid = 0;
	vi->pcp = 0;
	if (m->data_len < sizeof(*eth)) {
		vi->cls = VLAN_RUNT;
		return;
	}
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	if (!vlan_is_tpid(eth->ether_type)) {
		vi->cls = VLAN_UNTAGGED;
		return;
	}
	if (eth->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN)) {
		vi->cls = VLAN_OTHER_TPID;
		return;
	}
	if (m->data_len < sizeof(*eth) + sizeof(*vh)) {
		vi->cls = VLAN_RUNT;
		return;
	}
	vh = (const struct rte_vlan_hdr *)(eth + 1);
	tci = rte_be_to_cpu_16(vh->vlan_tci);
	vi->vid = tci & 0x0fff;
	vi->pcp = (uint8_t)(tci >> 13);
	if (vlan_is_tpid(vh->eth_proto))
		vi->cls = VLAN_DOUBLE;
	else
		vi->cls = vi->vid == 0 ? VLAN_PRIORITY : VLAN_TAGGED;
}

/**
 * vlan_pop() - Remove the outer 802.1Q tag
 * @m:		Frame classified as VLAN_TAGGED, VLAN_PRIORITY or VLAN_DOUBLE
 * @vi:		Its classification
 *
 * The TCI is kept in m->vlan_tci (rte_vlan_strip()), so PCP survives. Of a
 * double-tagged frame only the outer tag goes; the inner one stays as
 * payload.
 *
 * Return: 0, or -EINVAL if the frame's outer tag is not 802.1Q
 */
int vlan_pop(struct rte_mbuf *m, struct vlan_info *vi)
{
	if (vi->cls != VLAN_TAGGED && vi->cls != VLAN_PRIORITY &&
	    vi->cls != VLAN_DOUBLE)
		return -EINVAL;
	return rte_vlan_strip(m) == 0 ? 0 : -EINVAL;
}

/**
 * vlan_push() - Insert an 802.1Q tag after the MAC addresses
 * @m:		Frame (may be replaced by rte_vlan_insert())
 * @vid:	VLAN id, 0-4095
 * @pcp:	Priority code point, 0-7
 *
 * Return: 0, or -EINVAL if the mbuf is shared or indirect (a flooded frame
 * needs its own copy before tagging) or has no headroom
 */
int vlan_push(struct rte_mbuf **m, uint16_t vid, uint8_t pcp)
{
	(*m)->vlan_tci = (uint16_t)((pcp & 7) << 13 | (vid & 0x0fff));
	return rte_vlan_insert(m) == 0 ? 0 : -EINVAL;
}
