/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vlan.h - 802.1Q frame classification and tag push/pop on mbufs.
 *
 * Classification is inline: the PMD's VLAN ingress stage (pmd.c) runs it on
 * every frame of a trunk. It reads only the first segment and never past
 * data_len, so a frame too short for its tag is a runt, not a read past the
 * buffer.
 */
#ifndef VSW_VLAN_H
#define VSW_VLAN_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#define VLAN_VID_MIN	1
#define VLAN_VID_MAX	4094

/**
 * enum vlan_class - What an Ethernet frame carries after its MAC addresses
 * @VLAN_UNTAGGED:	No 802.1Q tag
 * @VLAN_PRIORITY:	802.1Q tag with VID 0 (priority-tagged)
 * @VLAN_TAGGED:	One 802.1Q tag with a VID
 * @VLAN_DOUBLE:	802.1Q tag followed by another tag (QinQ / hopping attempt)
 * @VLAN_OTHER_TPID:	An 802.1ad (0x88a8) or 0x9100 tag outermost
 * @VLAN_RUNT:		Too short for its Ethernet header or its tag
 */
enum vlan_class {
	VLAN_UNTAGGED,
	VLAN_PRIORITY,
	VLAN_TAGGED,
	VLAN_DOUBLE,
	VLAN_OTHER_TPID,
	VLAN_RUNT,
};

/**
 * struct vlan_info - Result of vlan_classify()
 * @cls:	Class
 * @vid:	VLAN id of the outer 802.1Q tag (0 if none)
 * @pcp:	Priority code point of the outer 802.1Q tag (0 if none)
 */
struct vlan_info {
	enum vlan_class cls;
	uint16_t vid;
	uint8_t pcp;
};

/* Whether an EtherType (network order) is a VLAN tag's TPID. */
static inline bool vlan_is_tpid(rte_be16_t tpid_be)
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
static inline void vlan_classify(const struct rte_mbuf *m,
				 struct vlan_info *vi)
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
static inline int vlan_pop(struct rte_mbuf *m, const struct vlan_info *vi)
{
	if (vi->cls != VLAN_TAGGED && vi->cls != VLAN_PRIORITY &&
	    vi->cls != VLAN_DOUBLE)
		return -EINVAL;
	return rte_vlan_strip(m) == 0 ? 0 : -EINVAL;
}

int vlan_parse_vid(const char *str, uint16_t *vid);
int vlan_push(struct rte_mbuf **m, uint16_t vid, uint8_t pcp);

#endif /* VSW_VLAN_H */
