/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_msg.h - DHCPv4 messages (RFC 2131/2132): parse a client's BOOTP
 * payload, build a server's reply. Plain C on byte buffers: no DPDK, no
 * I/O, so unit tests and the fuzzer drive it directly. Addresses in
 * struct dhcp_msg are host order.
 */
#ifndef DHCP_MSG_H
#define DHCP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcp_conf.h"

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68
#define DHCP_FIXED_LEN		236	/* op .. file */
#define DHCP_MAGIC		0x63825363u
#define DHCP_MIN_LEN		(DHCP_FIXED_LEN + 4)	/* + magic cookie */
#define DHCP_MAX_LEN		1500	/* we never parse more than this */
#define DHCP_MIN_REPLY		300	/* BOOTP minimum, replies are padded */
#define DHCP_FLAG_BROADCAST	0x8000
#define BOOTREQUEST		1
#define BOOTREPLY		2

/* Message types (option 53) */
enum dhcp_type {
	DHCP_NONE = 0,
	DHCP_DISCOVER = 1,
	DHCP_OFFER = 2,
	DHCP_REQUEST = 3,
	DHCP_DECLINE = 4,
	DHCP_ACK = 5,
	DHCP_NAK = 6,
	DHCP_RELEASE = 7,
	DHCP_INFORM = 8,
};

/* Option codes used here */
enum dhcp_opt {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET_MASK = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_DNS = 6,
	DHCP_OPT_HOSTNAME = 12,
	DHCP_OPT_DOMAIN = 15,
	DHCP_OPT_MTU = 26,
	DHCP_OPT_BROADCAST = 28,
	DHCP_OPT_REQ_IP = 50,
	DHCP_OPT_LEASE_TIME = 51,
	DHCP_OPT_OVERLOAD = 52,
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PRL = 55,
	DHCP_OPT_MESSAGE = 56,
	DHCP_OPT_MAX_SIZE = 57,
	DHCP_OPT_T1 = 58,
	DHCP_OPT_T2 = 59,
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_CLASSLESS_ROUTE = 121,
	DHCP_OPT_END = 255,
};

#define DHCP_CLIENT_ID_MAX	255

/**
 * struct dhcp_msg - A parsed client message
 * @op:		BOOTREQUEST (1) or BOOTREPLY (2)
 * @htype:	Hardware type (1: Ethernet)
 * @hlen:	Hardware address length (6 for Ethernet)
 * @hops:	Relay hops
 * @xid:	Transaction id (kept in network byte order: echoed verbatim)
 * @secs:	Seconds since the client began
 * @flags:	Flags (DHCP_FLAG_BROADCAST)
 * @ciaddr:	Client address (RENEWING/REBINDING/INFORM)
 * @yiaddr:	"Your" address
 * @siaddr:	Next server
 * @giaddr:	Relay agent address
 * @chaddr:	Client hardware address (first @hlen bytes meaningful)
 * @type:	Message type (option 53), DHCP_NONE if absent (BOOTP)
 * @has_req_ip:	Whether option 50 was present
 * @req_ip:	Requested address (option 50)
 * @has_server_id: Whether option 54 was present
 * @server_id:	Server identifier (option 54)
 * @lease_time:	Requested lease time (option 51), 0 if absent
 * @max_size:	Maximum message size (option 57), 0 if absent
 * @overload:	Option overload (option 52): 1 file, 2 sname, 3 both, 0 none
 * @client_id_len: Length of @client_id, 0 if option 61 absent
 * @client_id:	Client identifier (option 61), type byte first
 * @prl_len:	Length of @prl, 0 if option 55 absent
 * @prl:	Parameter request list (option 55), in the client's order
 * @hostname:	Host name (option 12), NUL-terminated, printable ASCII only
 *		(other bytes replaced by '?'), "" if absent
 */
struct dhcp_msg {
	uint8_t op;
	uint8_t htype;
	uint8_t hlen;
	uint8_t hops;
	uint32_t xid;
	uint16_t secs;
	uint16_t flags;
	uint32_t ciaddr;
	uint32_t yiaddr;
	uint32_t siaddr;
	uint32_t giaddr;
	uint8_t chaddr[16];
	uint8_t type;
	bool has_req_ip;
	uint32_t req_ip;
	bool has_server_id;
	uint32_t server_id;
	uint32_t lease_time;
	uint16_t max_size;
	uint8_t overload;
	uint16_t client_id_len;
	uint8_t client_id[DHCP_CLIENT_ID_MAX];
	uint16_t prl_len;
	uint8_t prl[255];
	char hostname[64];
};

/**
 * dhcp_msg_parse() - Parse a BOOTP/DHCP payload (the UDP payload)
 * @buf:	Payload
 * @len:	Its length
 * @m:		Output
 * @why:	Set to a static reason string on failure
 *
 * Checks: length >= DHCP_MIN_LEN and <= DHCP_MAX_LEN, magic cookie, every
 * option's length within the buffer, option 52 honoured (file then sname
 * scanned for options, at most once each: no loops), options that occur
 * several times concatenated (RFC 3396) for 55 and 61, fixed-size options
 * (50, 51, 53, 54, 57, 52) with exactly their size, message type 1-8,
 * htype 1 with hlen 6 for any message with a type. An END option is
 * required in the options field (a field may be padded after END).
 *
 * Return: 0, or -EINVAL (malformed: the frame is dropped and counted)
 */
int dhcp_msg_parse(const uint8_t *buf, size_t len, struct dhcp_msg *m,
		   const char **why);

/**
 * struct dhcp_reply - What a server answers: header fields and options
 * @type:	DHCP_OFFER, DHCP_ACK or DHCP_NAK
 * @yiaddr:	Address offered/assigned (0 for NAK and INFORM's ACK)
 * @server_id:	Server identifier (option 54), also siaddr 0
 * @lease_time:	Lease time (51), T1 = 1/2, T2 = 7/8 of it; 0: omit 51/58/59
 *		(INFORM, NAK)
 * @mask:	Subnet mask (1), 0: omit
 * @router:	Router (3), 0: omit
 * @broadcast:	Broadcast address (28), 0: omit
 * @mtu:	Interface MTU (26), 0: omit
 * @n_dns:	Number of DNS servers (6)
 * @dns:	DNS servers
 * @domain:	Domain name (15), "" to omit
 * @n_routes:	Classless static routes (121)
 * @routes:	Routes
 * @message:	Message (56), e.g. why a NAK, "" to omit
 */
struct dhcp_reply {
	uint8_t type;
	uint32_t yiaddr;
	uint32_t server_id;
	uint32_t lease_time;
	uint32_t mask;
	uint32_t router;
	uint32_t broadcast;
	uint16_t mtu;
	uint8_t n_dns;
	uint32_t dns[DHCP_MAX_DNS];
	const char *domain;
	uint8_t n_routes;
	const struct dhcp_route *routes;
	const char *message;
};

/**
 * dhcp_msg_build() - Build a BOOTREPLY payload answering @req
 * @req:	The client's message (xid, flags, giaddr, chaddr, ciaddr echoed;
 *		its parameter request list decides which optional options are
 *		sent, in the client's order; 53, 54, 51, 58, 59 and 1 always go
 *		in an OFFER/ACK with a lease; a NAK carries only 53, 54, 56)
 * @r:		Reply contents
 * @buf:	Output buffer
 * @size:	Its size (at least DHCP_MIN_REPLY)
 *
 * The reply fits the client's maximum message size (option 57, minus the
 * 28 bytes of IP and UDP headers; at least 576 - 28 assumed): optional
 * options that would not fit are left out. Padded to DHCP_MIN_REPLY.
 *
 * Return: payload length, or -ENOSPC if even the mandatory options do not
 * fit @size
 */
int dhcp_msg_build(const struct dhcp_msg *req, const struct dhcp_reply *r,
		   uint8_t *buf, size_t size);

const char *dhcp_type_name(uint8_t type);

#endif /* DHCP_MSG_H */
