/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_server.h - one network's DHCPv4 server: a frame from a guest in,
 * at most one frame out. RFC 2131 client states (SELECTING, INIT-REBOOT,
 * RENEWING, REBINDING), DECLINE, RELEASE, INFORM; ARP for the server's own
 * address. Plain C on byte buffers (no DPDK, no I/O, no clock): the daemon's
 * DHCP service thread, unit tests and the fuzzer drive it the same way.
 */
#ifndef DHCP_SERVER_H
#define DHCP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcp_conf.h"
#include "dhcp_frame.h"
#include "dhcp_lease.h"
#include "dhcp_msg.h"

#define DHCP_OUT_MAX		(DHCP_HDRS_LEN + 1472)	/* largest reply frame */
#define DHCP_EXPIRED_GRACE	86400	/* expired leases kept for their client */

/**
 * struct dhcp_server_cfg - What a network's server serves
 * @subnet:	Subnet address
 * @prefix:	Prefix length (8-30)
 * @router:	Router (option 3), 0 if none
 * @server_ip:	Server identifier; the server answers ARP for it
 * @server_mac:	MAC the server's frames come from
 * @mtu:	Interface MTU (option 26)
 * @conf:	Range (already defaulted: both ends set), DNS, domain, lease
 *		time, routes
 */
struct dhcp_server_cfg {
	uint32_t subnet;
	uint8_t prefix;
	uint32_t router;
	uint32_t server_ip;
	uint8_t server_mac[6];
	uint16_t mtu;
	struct dhcp_conf conf;
};

/**
 * struct dhcp_req_ctx - Where a frame came from
 * @port:	Name of the ingress port
 * @port_cap:	Most leases that port may hold (0: no limit)
 * @now:	Wall-clock seconds
 */
struct dhcp_req_ctx {
	const char *port;
	unsigned int port_cap;
	uint64_t now;
};

/* What dhcp_server_input() did, for counters (one per frame) */
#define DHCP_RESULTS(_)							\
	_(REPLIED, "replied", "answered (OFFER, ACK, NAK or ARP reply)")	\
	_(SILENT, "silent", "valid, no answer due (RELEASE, DECLINE, other server chosen)") \
	_(MALFORMED, "malformed", "not a valid DHCP or ARP frame")	\
	_(NOT_OURS, "not-ours", "ARP for another address, server message, relayed") \
	_(EXHAUSTED, "exhausted", "no free address in the range")	\
	_(PORT_CAP, "port-cap", "the port holds its maximum of leases")

enum dhcp_result {
#define DHCP_RESULT_ENUM_(sym, name, desc) DHCP_R_##sym,
	DHCP_RESULTS(DHCP_RESULT_ENUM_)
#undef DHCP_RESULT_ENUM_
	DHCP_R_MAX
};

/**
 * struct dhcp_server_stats - Counters of one server
 * @rx:		Client messages by type (index: enum dhcp_type, 0 = BOOTP/none)
 * @tx:		Replies by type (OFFER, ACK, NAK)
 * @arp_replies: ARP replies sent
 * @results:	Frames by result
 */
struct dhcp_server_stats {
	uint64_t rx[9];
	uint64_t tx[9];
	uint64_t arp_replies;
	uint64_t results[DHCP_R_MAX];
};

struct dhcp_server;

/**
 * dhcp_server_new() - A server with an empty pool
 * @cfg:	Configuration (copied)
 *
 * Return: server, NULL on a bad range or allocation failure
 */
struct dhcp_server *dhcp_server_new(const struct dhcp_server_cfg *cfg);
void dhcp_server_free(struct dhcp_server *s);

/**
 * dhcp_server_reconfig() - Apply a new configuration live
 * @s:		Server
 * @cfg:	New configuration: a new range keeps the leases that still fit
 *
 * Return: 0, -EINVAL (bad range: nothing changed)
 */
int dhcp_server_reconfig(struct dhcp_server *s,
			 const struct dhcp_server_cfg *cfg);
const struct dhcp_server_cfg *dhcp_server_get_cfg(const struct dhcp_server *s);
struct dhcp_db *dhcp_server_db(struct dhcp_server *s);
const struct dhcp_server_stats *dhcp_server_get_stats(
	const struct dhcp_server *s);

/**
 * dhcp_server_input() - Handle one frame a guest sent to the server
 * @s:		Server
 * @frame:	Whole frame, untagged (linear copy)
 * @len:	Its length
 * @ctx:	Ingress port and time
 * @out:	Reply frame (untagged), DHCP_OUT_MAX bytes
 * @out_len:	Output: reply length, 0 if none
 * @changed:	Output: set to true if the lease pool changed in a way that
 *		must be persisted before the reply is sent (commit, release,
 *		decline); left alone otherwise
 *
 * Replies go where RFC 2131 4.1 says: NAK broadcast; a client with ciaddr
 * unicast to ciaddr; the broadcast flag broadcast; else unicast to yiaddr
 * and chaddr. Relayed messages (giaddr set) are not ours.
 *
 * Return: what happened (one enum dhcp_result, also counted in stats)
 */
enum dhcp_result dhcp_server_input(struct dhcp_server *s, const uint8_t *frame,
				   size_t len, const struct dhcp_req_ctx *ctx,
				   uint8_t *out, size_t *out_len, bool *changed);

const char *dhcp_result_name(enum dhcp_result r);

#endif /* DHCP_SERVER_H */
