/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * drop.h - why the packet path dropped a frame: one table of reasons.
 *
 * Every drop on the packet path is counted against exactly one reason from
 * DROP_REASONS; stats, vswctl and tests read the same names from here.
 */
#ifndef VSW_DROP_H
#define VSW_DROP_H

/* X-macro: symbol, name shown to users, description */
#define DROP_REASONS(_)							\
	_(NO_LINK, "no-link", "destination not connected or link down")	\
	_(TX_FULL, "tx-full", "destination RX ring full")		\
	_(RUNT, "runt", "shorter than an Ethernet header")		\
	_(BAD_SRC, "bad-src-mac", "multicast or zero source MAC")	\
	_(MAC_LIMIT, "mac-limit", "port MAC limit or network FDB cap reached") \
	_(HAIRPIN, "hairpin", "destination is the ingress port")	\
	_(NO_PORT, "no-port", "destination removed during a table change")	\
	_(VLAN_VIOLATION, "vlan-violation", "tagged frame on an access port") \
	_(UNKNOWN_VLAN, "unknown-vlan", "VLAN id the trunk does not carry") \
	_(NO_NATIVE, "no-native", "untagged frame on a trunk without native network") \
	_(NO_MBUF, "no-mbuf", "no mbuf or headroom to add a VLAN tag")	\
	_(OVERSIZE, "oversize", "longer than the network's MTU")	\
	_(DHCP_ROGUE, "dhcp-rogue", "DHCP server message from an untrusted port") \
	_(DHCP_RATE, "dhcp-rate", "port's DHCP/ARP-to-server rate limit exceeded") \
	_(DHCP_BUSY, "dhcp-busy", "DHCP service queue full")

enum drop_reason {
#define DROP_ENUM_(sym, name, desc) DROP_##sym,
	DROP_REASONS(DROP_ENUM_)
#undef DROP_ENUM_
	DROP_MAX
};

const char *drop_name(enum drop_reason r);
const char *drop_desc(enum drop_reason r);
int drop_from_name(const char *name);

#endif /* VSW_DROP_H */
