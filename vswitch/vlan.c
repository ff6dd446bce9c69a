/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vlan.c - VLAN id parsing and 802.1Q tag push/pop on mbufs.
 *
 * (Classification is inline in vlan.h.) Push and pop use DPDK's
 * rte_vlan_insert()/rte_vlan_strip(),
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
