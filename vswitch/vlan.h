/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vlan.h - 802.1Q frame classification and tag push/pop on mbufs.
 *
 * Groundwork for VLAN segmentation (issue 4): the packet-path stages that
 * use these helpers (access/trunk ingress filtering, egress tagging) are not
 * wired into pmd.c yet.
 */
#ifndef VSW_VLAN_H
#define VSW_VLAN_H

#include <stdint.h>

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

int vlan_parse_vid(const char *str, uint16_t *vid);
void vlan_classify(const struct rte_mbuf *m, struct vlan_info *vi);
int vlan_pop(struct rte_mbuf *m, struct vlan_info *vi);
int vlan_push(struct rte_mbuf **m, uint16_t vid, uint8_t pcp);

#endif /* VSW_VLAN_H */
