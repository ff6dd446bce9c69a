/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dhcp_server.c - unit tests for dhcp_server.c: client frames built
 * here go through dhcp_server_input(), replies are checked with
 * dhcp_frame_parse() and, independently, with this file's own header,
 * checksum and option walkers. Time is ctx.now: expiry needs no sleeping.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dhcp_server.h"

#define IP4(a, b, c, d) \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))
#define NOW		1700000000u
#define SERVER_IP	IP4(192, 168, 50, 2)
#define ROUTER_IP	IP4(192, 168, 50, 1)
#define OTHER_SERVER	IP4(192, 168, 50, 77)
#define RANGE_FIRST	IP4(192, 168, 50, 100)
#define RANGE_LAST	IP4(192, 168, 50, 199)
#define BCAST_IP	0xffffffffu

static const uint8_t server_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mac_a[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t mac_b[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0b };
static const uint8_t mac_c[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0c };
static const uint8_t mac_d[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0d };

/* Everything a client can put in a message; zero fields are left out. */
struct req {
	uint8_t type;
	const uint8_t *mac;
	uint32_t xid;
	uint16_t flags;
	uint32_t ciaddr;
	uint32_t giaddr;
	uint32_t req_ip;	/* option 50 */
	uint32_t server_id;	/* option 54 */
	uint32_t lease;		/* option 51 */
	const char *hostname;	/* option 12 */
	const uint8_t *client_id;	/* option 61 */
	uint8_t client_id_len;
	const uint8_t *prl;	/* option 55, NULL: default list */
	uint8_t prl_len;
	uint32_t dst_ip;	/* IPv4 destination, 0: broadcast */
	uint8_t op;		/* 0: BOOTREQUEST */
	bool from_server;	/* UDP 67 -> 68 */
};

/* A reply as this file reads it (pointers into the fixture's buffer). */
struct rep {
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	uint32_t src_ip;
	uint32_t dst_ip;
	const uint8_t *bootp;
	size_t bootp_len;
	uint8_t type;
};

struct fx {
	struct dhcp_server *s;
	struct dhcp_server_cfg cfg;
	struct dhcp_req_ctx ctx;
	uint8_t frame[2048];
	uint8_t out[DHCP_OUT_MAX];
	size_t out_len;
	bool changed;
	struct rep r;
};

static const uint8_t default_prl[] = { 1, 3, 6, 15, 26, 28, 121 };

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

/* RFC 1071 sum, not folded or inverted. */
static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void default_cfg(struct dhcp_server_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->subnet = IP4(192, 168, 50, 0);
	cfg->prefix = 24;
	cfg->router = ROUTER_IP;
	cfg->server_ip = SERVER_IP;
	memcpy(cfg->server_mac, server_mac, 6);
	cfg->mtu = 1400;
	cfg->conf.enabled = true;
	cfg->conf.range_first = RANGE_FIRST;
	cfg->conf.range_last = RANGE_LAST;
	cfg->conf.server = SERVER_IP;
	cfg->conf.n_dns = 2;
	cfg->conf.dns[0] = ROUTER_IP;
	cfg->conf.dns[1] = IP4(9, 9, 9, 9);
	strcpy(cfg->conf.domain, "lab.example");
	cfg->conf.lease_time = 3600;
	cfg->conf.n_routes = 3;
	cfg->conf.routes[0] = (struct dhcp_route){ IP4(10, 0, 0, 0), 8, ROUTER_IP };
	cfg->conf.routes[1] = (struct dhcp_route){ IP4(172, 16, 0, 0), 12,
						  IP4(192, 168, 50, 3) };
	cfg->conf.routes[2] = (struct dhcp_route){ 0, 0, ROUTER_IP };
}

static int fx_start(struct fx *f)
{
	f->s = dhcp_server_new(&f->cfg);
	if (f->s == NULL)
		return -1;
	f->ctx.port = "vm1";
	f->ctx.port_cap = 0;
	f->ctx.now = NOW;
	return 0;
}

static int setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	default_cfg(&f.cfg);
	*state = &f;
	return fx_start(&f);
}

/* Range of four addresses, two of them the router and the server. */
static int setup_small(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	default_cfg(&f.cfg);
	f.cfg.conf.range_first = IP4(192, 168, 50, 1);
	f.cfg.conf.range_last = IP4(192, 168, 50, 4);
	*state = &f;
	return fx_start(&f);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	dhcp_server_free(f->s);
	f->s = NULL;
	return 0;
}

/* The client's BOOTP payload. */
static size_t build_payload(const struct req *q, uint8_t *b)
{
	const uint8_t *prl = q->prl != NULL ? q->prl : default_prl;
	uint8_t prl_len = q->prl != NULL ? q->prl_len : sizeof(default_prl);
	size_t o = DHCP_MIN_LEN, n;

	memset(b, 0, 600);
	b[0] = q->op != 0 ? q->op : BOOTREQUEST;
	b[1] = 1;
	b[2] = 6;
	put32(b + 4, q->xid);
	put16(b + 10, q->flags);
	put32(b + 12, q->ciaddr);
	put32(b + 24, q->giaddr);
	memcpy(b + 28, q->mac, 6);
	put32(b + 236, DHCP_MAGIC);
	if (q->type != 0) {
		b[o++] = DHCP_OPT_MSG_TYPE;
		b[o++] = 1;
		b[o++] = q->type;
	}
	if (q->client_id_len != 0) {
		b[o++] = DHCP_OPT_CLIENT_ID;
		b[o++] = q->client_id_len;
		memcpy(b + o, q->client_id, q->client_id_len);
		o += q->client_id_len;
	}
	if (q->req_ip != 0) {
		b[o++] = DHCP_OPT_REQ_IP;
		b[o++] = 4;
		put32(b + o, q->req_ip);
		o += 4;
	}
	if (q->server_id != 0) {
		b[o++] = DHCP_OPT_SERVER_ID;
		b[o++] = 4;
		put32(b + o, q->server_id);
		o += 4;
	}
	if (q->lease != 0) {
		b[o++] = DHCP_OPT_LEASE_TIME;
		b[o++] = 4;
		put32(b + o, q->lease);
		o += 4;
	}
	if (q->hostname != NULL) {
		n = strlen(q->hostname);
		b[o++] = DHCP_OPT_HOSTNAME;
		b[o++] = (uint8_t)n;
		memcpy(b + o, q->hostname, n);
		o += n;
	}
	if (prl_len != 0) {
		b[o++] = DHCP_OPT_PRL;
		b[o++] = prl_len;
		memcpy(b + o, prl, prl_len);
		o += prl_len;
	}
	b[o++] = DHCP_OPT_END;
	return o < DHCP_MIN_REPLY ? DHCP_MIN_REPLY : o;
}

/* Wrap a payload as the client would send it. */
static size_t wrap(const struct req *q, const uint8_t *payload, size_t plen,
		   uint8_t *frame)
{
	uint32_t dst = q->dst_ip != 0 ? q->dst_ip : BCAST_IP;

	return dhcp_frame_build_udp(frame, q->mac,
				    dst == BCAST_IP ? bcast_mac : server_mac,
				    q->ciaddr, dst,
				    q->from_server ? 67 : 68,
				    q->from_server ? 68 : 67, payload, plen);
}

static enum dhcp_result input(struct fx *f, const uint8_t *frame, size_t len)
{
	memset(f->out, 0xee, sizeof(f->out));
	f->changed = false;
	return dhcp_server_input(f->s, frame, len, &f->ctx, f->out,
				 &f->out_len, &f->changed);
}

static enum dhcp_result send_req(struct fx *f, const struct req *q)
{
	uint8_t payload[600];
	size_t plen = build_payload(q, payload);

	return input(f, f->frame, wrap(q, payload, plen, f->frame));
}

/* Independent check of a reply frame: Ethernet, IPv4, UDP 67 -> 68, both
 * checksums, BOOTREPLY with the magic cookie; fills f->r. */
static void read_reply(struct fx *f)
{
	const uint8_t *p = f->out, *ip, *udp;
	struct dhcp_frame_info fi;
	uint32_t sum;
	size_t ihl, tot, ulen;

	assert_true(f->out_len >= DHCP_HDRS_LEN + DHCP_MIN_LEN);
	assert_true(f->out_len <= DHCP_OUT_MAX);
	assert_int_equal(dhcp_frame_parse(p, f->out_len, &fi),
			 DHCP_FRAME_SERVER);

	memcpy(f->r.dst_mac, p, 6);
	memcpy(f->r.src_mac, p + 6, 6);
	assert_int_equal(get16(p + 12), 0x0800);
	ip = p + DHCP_ETH_HLEN;
	assert_int_equal(ip[0], 0x45);
	ihl = 20;
	tot = get16(ip + 2);
	assert_true(DHCP_ETH_HLEN + tot <= f->out_len);
	assert_int_equal(get16(ip + 6) & 0x3fff, 0);	/* not a fragment */
	assert_int_equal(ip[9], 17);
	assert_int_equal(fold(sum16(ip, ihl, 0)), 0xffff);
	f->r.src_ip = get32(ip + 12);
	f->r.dst_ip = get32(ip + 16);

	udp = ip + ihl;
	ulen = get16(udp + 4);
	assert_int_equal(ulen, tot - ihl);
	assert_int_equal(get16(udp), DHCP_SERVER_PORT);
	assert_int_equal(get16(udp + 2), DHCP_CLIENT_PORT);
	assert_int_not_equal(get16(udp + 6), 0);	/* checksum sent */
	sum = sum16(ip + 12, 8, 0) + 17 + (uint32_t)ulen;
	assert_int_equal(fold(sum16(udp, ulen, sum)), 0xffff);

	f->r.bootp = udp + DHCP_UDP_HLEN;
	f->r.bootp_len = ulen - DHCP_UDP_HLEN;
	assert_true(f->r.bootp_len >= DHCP_MIN_REPLY);
	assert_int_equal(fi.payload, (size_t)(f->r.bootp - p));
	assert_int_equal(fi.payload_len, f->r.bootp_len);
	assert_int_equal(f->r.bootp[0], BOOTREPLY);
	assert_int_equal(f->r.bootp[1], 1);
	assert_int_equal(f->r.bootp[2], 6);
	assert_int_equal(get32(f->r.bootp + 236), DHCP_MAGIC);
	/* The server's frames come from the server. */
	assert_memory_equal(f->r.src_mac, server_mac, 6);
	assert_int_equal(f->r.src_ip, f->cfg.server_ip);
	f->r.type = 0;
}

/*
 * Walk the options field of the reply: every option within the payload,
 * an END present. Returns option @code's data and length (NULL if absent).
 * *pos gets its index among the options, for order checks.
 */
static const uint8_t *opt(const struct fx *f, uint8_t code, size_t *len,
			  int *pos)
{
	const uint8_t *b = f->r.bootp, *found = NULL;
	size_t o = DHCP_MIN_LEN, n = f->r.bootp_len;
	int idx = 0;
	bool end = false;

	while (o < n) {
		uint8_t c = b[o];

		if (c == DHCP_OPT_PAD) {
			o++;
			continue;
		}
		if (c == DHCP_OPT_END) {
			end = true;
			break;
		}
		assert_true(o + 2 <= n);
		assert_true(o + 2 + b[o + 1] <= n);
		if (c == code && found == NULL) {
			found = b + o + 2;
			if (len != NULL)
				*len = b[o + 1];
			if (pos != NULL)
				*pos = idx;
		}
		idx++;
		o += 2 + b[o + 1];
	}
	assert_true(end);
	return found;
}

static bool has_opt(const struct fx *f, uint8_t code)
{
	return opt(f, code, NULL, NULL) != NULL;
}

static uint32_t opt32(const struct fx *f, uint8_t code)
{
	const uint8_t *p;
	size_t len;

	p = opt(f, code, &len, NULL);
	assert_non_null(p);
	assert_int_equal(len, 4);
	return get32(p);
}

static uint32_t yiaddr(const struct fx *f)
{
	return get32(f->r.bootp + 16);
}

/* Expect a reply of @type to @q: xid and chaddr echoed, server id. */
static void expect(struct fx *f, enum dhcp_result res, const struct req *q,
		   uint8_t type)
{
	const uint8_t *t;
	size_t len;

	assert_int_equal(res, DHCP_R_REPLIED);
	read_reply(f);
	t = opt(f, DHCP_OPT_MSG_TYPE, &len, NULL);
	assert_non_null(t);
	assert_int_equal(len, 1);
	assert_int_equal(t[0], type);
	f->r.type = t[0];
	assert_int_equal(get32(f->r.bootp + 4), q->xid);
	assert_memory_equal(f->r.bootp + 28, q->mac, 6);
	assert_int_equal(get16(f->r.bootp + 10), q->flags);
	assert_int_equal(get32(f->r.bootp + 24), 0);	/* giaddr */
	assert_int_equal(opt32(f, DHCP_OPT_SERVER_ID), f->cfg.server_ip);
}

static void expect_none(struct fx *f, enum dhcp_result res,
			enum dhcp_result want)
{
	assert_int_equal(res, want);
	assert_int_equal(f->out_len, 0);
}

static void expect_nak(struct fx *f, enum dhcp_result res, const struct req *q)
{
	expect(f, res, q, DHCP_NAK);
	assert_memory_equal(f->r.dst_mac, bcast_mac, 6);
	assert_int_equal(f->r.dst_ip, BCAST_IP);
	assert_int_equal(yiaddr(f), 0);
	assert_false(has_opt(f, DHCP_OPT_LEASE_TIME));
	assert_false(has_opt(f, DHCP_OPT_SUBNET_MASK));
	assert_false(has_opt(f, DHCP_OPT_ROUTER));
	assert_false(f->changed);
}

static bool in_range(const struct fx *f, uint32_t ip)
{
	return ip >= f->cfg.conf.range_first && ip <= f->cfg.conf.range_last;
}

/* DISCOVER -> OFFER; returns the offered address. */
static uint32_t discover(struct fx *f, const uint8_t *mac)
{
	struct req q = { .type = DHCP_DISCOVER, .mac = mac, .xid = 0x1001 };

	expect(f, send_req(f, &q), &q, DHCP_OFFER);
	assert_false(f->changed);
	return yiaddr(f);
}

/* DISCOVER, OFFER, REQUEST (SELECTING), ACK; returns the address. */
static uint32_t dora(struct fx *f, const uint8_t *mac)
{
	uint32_t ip = discover(f, mac);
	struct req q = { .type = DHCP_REQUEST, .mac = mac, .xid = 0x1002,
			 .req_ip = ip, .server_id = f->cfg.server_ip };

	expect(f, send_req(f, &q), &q, DHCP_ACK);
	assert_int_equal(yiaddr(f), ip);
	assert_true(f->changed);
	return ip;
}

static void test_dora(void **state)
{
	struct fx *f = *state;
	const struct dhcp_server_stats *st = dhcp_server_get_stats(f->s);
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 0xabcd1234 };
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 0xabcd1235,
			 .server_id = SERVER_IP };
	const uint8_t *p;
	struct dhcp_lease *l;
	uint32_t ip;
	size_t len;

	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_false(f->changed);
	ip = yiaddr(f);
	assert_true(in_range(f, ip));
	/* No broadcast flag: unicast to yiaddr and chaddr */
	assert_memory_equal(f->r.dst_mac, mac_a, 6);
	assert_int_equal(f->r.dst_ip, ip);
	assert_int_equal(get32(f->r.bootp + 12), 0);	/* ciaddr */
	assert_int_equal(opt32(f, DHCP_OPT_LEASE_TIME), 3600);
	assert_int_equal(opt32(f, DHCP_OPT_T1), 1800);
	assert_int_equal(opt32(f, DHCP_OPT_T2), 3150);
	assert_int_equal(opt32(f, DHCP_OPT_SUBNET_MASK), 0xffffff00u);
	assert_int_equal(opt32(f, DHCP_OPT_ROUTER), ROUTER_IP);
	assert_int_equal(opt32(f, DHCP_OPT_BROADCAST), IP4(192, 168, 50, 255));
	p = opt(f, DHCP_OPT_DNS, &len, NULL);
	assert_non_null(p);
	assert_int_equal(len, 8);
	assert_int_equal(get32(p), ROUTER_IP);
	assert_int_equal(get32(p + 4), IP4(9, 9, 9, 9));
	p = opt(f, DHCP_OPT_DOMAIN, &len, NULL);
	assert_non_null(p);
	assert_true(len == 11 || (len == 12 && p[11] == 0));
	assert_memory_equal(p, "lab.example", 11);
	l = dhcp_db_find_ip(dhcp_server_db(f->s), ip);
	assert_non_null(l);
	assert_int_equal(l->state, DHCP_LEASE_OFFERED);

	r.req_ip = ip;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_true(f->changed);
	assert_int_equal(yiaddr(f), ip);
	assert_memory_equal(f->r.dst_mac, mac_a, 6);
	assert_int_equal(f->r.dst_ip, ip);
	assert_int_equal(opt32(f, DHCP_OPT_LEASE_TIME), 3600);
	l = dhcp_db_find_ip(dhcp_server_db(f->s), ip);
	assert_non_null(l);
	assert_int_equal(l->state, DHCP_LEASE_BOUND);
	assert_int_equal(l->expires, NOW + 3600);
	assert_string_equal(l->port, "vm1");
	assert_memory_equal(l->client.mac, mac_a, 6);

	assert_int_equal(st->rx[DHCP_DISCOVER], 1);
	assert_int_equal(st->rx[DHCP_REQUEST], 1);
	assert_int_equal(st->tx[DHCP_OFFER], 1);
	assert_int_equal(st->tx[DHCP_ACK], 1);
	assert_int_equal(st->results[DHCP_R_REPLIED], 2);

	/* A second client gets another address. */
	assert_int_not_equal(dora(f, mac_b), ip);
}

static void test_discover_requested(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 40,
			 .req_ip = IP4(192, 168, 50, 150) };
	uint32_t b;

	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_int_equal(yiaddr(f), d.req_ip);
	/* Taken: another one */
	d.mac = mac_b;
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	b = yiaddr(f);
	assert_int_not_equal(b, d.req_ip);
	assert_true(in_range(f, b));
	/* Outside the range: one from the range */
	d.mac = mac_c;
	d.req_ip = IP4(192, 168, 50, 20);
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_true(in_range(f, yiaddr(f)));
}

/* *changed is only ever set, never cleared. */
static void test_changed_left_alone(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 41 };
	uint8_t p[600];
	size_t n = wrap(&d, p, build_payload(&d, p), f->frame);
	bool changed = true;

	assert_int_equal(dhcp_server_input(f->s, f->frame, n, &f->ctx, f->out,
					   &f->out_len, &changed),
			 DHCP_R_REPLIED);
	assert_true(changed);
	changed = false;
	assert_int_equal(dhcp_server_input(f->s, f->frame, n, &f->ctx, f->out,
					   &f->out_len, &changed),
			 DHCP_R_REPLIED);
	assert_false(changed);	/* offers are not persisted */
}

static void test_broadcast_flag(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 7,
			 .flags = DHCP_FLAG_BROADCAST };
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 8,
			 .flags = DHCP_FLAG_BROADCAST, .server_id = SERVER_IP };

	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_memory_equal(f->r.dst_mac, bcast_mac, 6);
	assert_int_equal(f->r.dst_ip, BCAST_IP);
	r.req_ip = yiaddr(f);
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_memory_equal(f->r.dst_mac, bcast_mac, 6);
	assert_int_equal(f->r.dst_ip, BCAST_IP);
	assert_int_equal(yiaddr(f), r.req_ip);
}

static void test_other_server_selected(void **state)
{
	struct fx *f = *state;
	struct dhcp_db *db = dhcp_server_db(f->s);
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 9,
			 .server_id = OTHER_SERVER,
			 .req_ip = IP4(192, 168, 50, 20) };
	struct dhcp_lease *l;
	uint32_t a, b;

	a = discover(f, mac_a);
	assert_non_null(dhcp_db_find_ip(db, a));
	expect_none(f, send_req(f, &r), DHCP_R_SILENT);
	assert_false(f->changed);
	assert_null(dhcp_db_find_ip(db, a));	/* hold dropped */

	/* A bound lease is not ours to drop. */
	b = dora(f, mac_b);
	r.mac = mac_b;
	expect_none(f, send_req(f, &r), DHCP_R_SILENT);
	l = dhcp_db_find_ip(db, b);
	assert_non_null(l);
	assert_int_equal(l->state, DHCP_LEASE_BOUND);
	assert_int_equal(dhcp_server_get_stats(f->s)->results[DHCP_R_SILENT], 2);
}

static void test_selecting_bad(void **state)
{
	struct fx *f = *state;
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 10,
			 .server_id = SERVER_IP };
	uint32_t b = dora(f, mac_b);

	discover(f, mac_a);
	/* Ours, but no requested address */
	expect_nak(f, send_req(f, &r), &r);
	/* Ours, another client's address */
	r.req_ip = b;
	expect_nak(f, send_req(f, &r), &r);
	assert_int_equal(dhcp_server_get_stats(f->s)->tx[DHCP_NAK], 2);
}

static void test_init_reboot(void **state)
{
	struct fx *f = *state;
	struct dhcp_db *db = dhcp_server_db(f->s);
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 11 };
	uint32_t a, b;

	a = dora(f, mac_a);
	b = dora(f, mac_b);

	/* Right address */
	f->ctx.now += 100;
	r.req_ip = a;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_true(f->changed);
	assert_int_equal(yiaddr(f), a);
	assert_int_equal(f->r.dst_ip, a);
	assert_memory_equal(f->r.dst_mac, mac_a, 6);
	assert_int_equal(dhcp_db_find_ip(db, a)->expires, NOW + 100 + 3600);

	/* Someone else's */
	r.req_ip = b;
	expect_nak(f, send_req(f, &r), &r);
	assert_memory_equal(dhcp_db_find_ip(db, b)->client.mac, mac_b, 6);
	assert_memory_equal(dhcp_db_find_ip(db, a)->client.mac, mac_a, 6);

	/* Another network (the client moved) */
	r.req_ip = IP4(10, 1, 2, 3);
	expect_nak(f, send_req(f, &r), &r);

	/* Our subnet, outside the range, no reservation */
	r.req_ip = IP4(192, 168, 50, 20);
	expect_nak(f, send_req(f, &r), &r);

	/* The server itself */
	r.req_ip = SERVER_IP;
	expect_nak(f, send_req(f, &r), &r);
}

/* A client whose lease we lost (no record) gets its address if free. */
static void test_init_reboot_unknown(void **state)
{
	struct fx *f = *state;
	struct req r = { .type = DHCP_REQUEST, .mac = mac_c, .xid = 12,
			 .req_ip = IP4(192, 168, 50, 150) };
	struct dhcp_lease *l;

	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_true(f->changed);
	assert_int_equal(yiaddr(f), r.req_ip);
	l = dhcp_db_find_ip(dhcp_server_db(f->s), r.req_ip);
	assert_non_null(l);
	assert_int_equal(l->state, DHCP_LEASE_BOUND);
	assert_memory_equal(l->client.mac, mac_c, 6);
}

static void test_renewing(void **state)
{
	struct fx *f = *state;
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 13,
			 .dst_ip = SERVER_IP };
	uint32_t a = dora(f, mac_a);

	f->ctx.now = NOW + 1800;
	r.ciaddr = a;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_true(f->changed);
	assert_int_equal(yiaddr(f), a);
	assert_int_equal(get32(f->r.bootp + 12), a);	/* ciaddr echoed */
	assert_int_equal(f->r.dst_ip, a);
	assert_memory_equal(f->r.dst_mac, mac_a, 6);
	assert_int_equal(dhcp_db_find_ip(dhcp_server_db(f->s), a)->expires,
			 NOW + 1800 + 3600);

	/* ciaddr wins over the broadcast flag */
	r.flags = DHCP_FLAG_BROADCAST;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_int_equal(f->r.dst_ip, a);
	assert_memory_equal(f->r.dst_mac, mac_a, 6);

	/* Renewing with some other server: not ours */
	r.dst_ip = OTHER_SERVER;
	expect_none(f, send_req(f, &r), DHCP_R_NOT_OURS);
}

static void test_rebinding(void **state)
{
	struct fx *f = *state;
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 14 };
	uint32_t a = dora(f, mac_a);

	f->ctx.now = NOW + 3200;
	r.ciaddr = a;	/* broadcast (dst_ip 0) */
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_true(f->changed);
	assert_int_equal(yiaddr(f), a);
	assert_int_equal(f->r.dst_ip, a);
	assert_memory_equal(f->r.dst_mac, mac_a, 6);

	/* To the subnet's broadcast address */
	r.dst_ip = IP4(192, 168, 50, 255);
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_int_equal(f->r.dst_ip, a);
	r.dst_ip = 0;

	/* After the lease ended, while nobody took the address */
	f->ctx.now = NOW + 3200 + 4000;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_int_equal(yiaddr(f), a);
}

/* A NAK is broadcast even to a client with ciaddr and no broadcast flag. */
static void test_nak_broadcast(void **state)
{
	struct fx *f = *state;
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 15,
			 .dst_ip = SERVER_IP };
	uint32_t b;

	dora(f, mac_a);
	b = dora(f, mac_b);
	r.ciaddr = b;
	expect_nak(f, send_req(f, &r), &r);
	r.ciaddr = IP4(10, 0, 0, 5);
	r.dst_ip = 0;
	expect_nak(f, send_req(f, &r), &r);
	assert_int_equal(dhcp_server_get_stats(f->s)->tx[DHCP_NAK], 2);
}

static void test_decline(void **state)
{
	struct fx *f = *state;
	struct dhcp_db *db = dhcp_server_db(f->s);
	struct req q = { .type = DHCP_DECLINE, .mac = mac_a, .xid = 16,
			 .server_id = SERVER_IP };
	uint32_t x, y;

	/* Range .1-.4 less router and server: .3 and .4 */
	x = dora(f, mac_a);
	assert_true(x == IP4(192, 168, 50, 3) || x == IP4(192, 168, 50, 4));

	/* Not ours, incomplete: ignored */
	q.req_ip = x;
	q.server_id = OTHER_SERVER;
	expect_none(f, send_req(f, &q), DHCP_R_NOT_OURS);
	q.server_id = SERVER_IP;
	q.req_ip = 0;
	expect_none(f, send_req(f, &q), DHCP_R_MALFORMED);
	assert_int_equal(dhcp_db_find_ip(db, x)->state, DHCP_LEASE_BOUND);

	q.req_ip = x;
	expect_none(f, send_req(f, &q), DHCP_R_SILENT);
	assert_true(f->changed);
	assert_int_equal(dhcp_db_find_ip(db, x)->state, DHCP_LEASE_DECLINED);

	/* The decliner and the next client get the other address... */
	y = discover(f, mac_a);
	assert_int_not_equal(y, x);
	assert_true(in_range(f, y));
	f->ctx.port = "vm2";
	{
		struct req d = { .type = DHCP_DISCOVER, .mac = mac_b, .xid = 17 };

		expect_none(f, send_req(f, &d), DHCP_R_EXHAUSTED);
		/* ... until the quarantine is over */
		f->ctx.now = NOW + DHCP_QUARANTINE + 1;
		expect(f, send_req(f, &d), &d, DHCP_OFFER);
		assert_true(yiaddr(f) == x || yiaddr(f) == y);
	}
	assert_int_equal(dhcp_server_get_stats(f->s)->rx[DHCP_DECLINE], 3);
}

static void test_release(void **state)
{
	struct fx *f = *state;
	struct dhcp_db *db = dhcp_server_db(f->s);
	struct req q = { .type = DHCP_RELEASE, .mac = mac_a, .xid = 18,
			 .server_id = SERVER_IP, .dst_ip = SERVER_IP };
	uint32_t a = dora(f, mac_a), b;

	f->ctx.now = NOW + 10;
	/* Wrong server, no ciaddr: ignored */
	q.ciaddr = a;
	q.server_id = OTHER_SERVER;
	expect_none(f, send_req(f, &q), DHCP_R_NOT_OURS);
	q.server_id = SERVER_IP;
	q.ciaddr = 0;
	expect_none(f, send_req(f, &q), DHCP_R_MALFORMED);
	assert_int_equal(dhcp_db_find_ip(db, a)->expires, NOW + 3600);

	/* Another client cannot release it */
	q.ciaddr = a;
	q.mac = mac_b;
	expect_none(f, send_req(f, &q), DHCP_R_SILENT);
	assert_false(f->changed);
	assert_int_equal(dhcp_db_find_ip(db, a)->expires, NOW + 3600);

	q.mac = mac_a;
	expect_none(f, send_req(f, &q), DHCP_R_SILENT);
	assert_true(f->changed);
	assert_int_equal(dhcp_db_find_ip(db, a)->expires, NOW + 10);

	/* Others prefer unused addresses; the client gets its own back */
	b = discover(f, mac_b);
	assert_int_not_equal(b, a);
	assert_int_equal(discover(f, mac_a), a);
	assert_int_equal(dhcp_server_get_stats(f->s)->rx[DHCP_RELEASE], 4);
}

static void test_inform(void **state)
{
	struct fx *f = *state;
	static const uint8_t prl[] = { 1, 3, 6, 15 };
	struct req q = { .type = DHCP_INFORM, .mac = mac_d, .xid = 19,
			 .ciaddr = IP4(192, 168, 50, 40),
			 .prl = prl, .prl_len = sizeof(prl) };

	expect(f, send_req(f, &q), &q, DHCP_ACK);
	assert_false(f->changed);
	assert_int_equal(yiaddr(f), 0);
	assert_int_equal(f->r.dst_ip, q.ciaddr);
	assert_memory_equal(f->r.dst_mac, mac_d, 6);
	assert_false(has_opt(f, DHCP_OPT_LEASE_TIME));
	assert_false(has_opt(f, DHCP_OPT_T1));
	assert_false(has_opt(f, DHCP_OPT_T2));
	assert_int_equal(opt32(f, DHCP_OPT_SUBNET_MASK), 0xffffff00u);
	assert_int_equal(opt32(f, DHCP_OPT_ROUTER), ROUTER_IP);
	assert_true(has_opt(f, DHCP_OPT_DNS));
	assert_int_equal(dhcp_db_count(dhcp_server_db(f->s)), 0);
	assert_int_equal(dhcp_server_get_stats(f->s)->rx[DHCP_INFORM], 1);
}

/* An ARP request from @mac (@sip) for @tip, raw bytes. */
static size_t arp_frame(uint8_t *b, const uint8_t *mac, uint32_t sip,
			uint32_t tip, uint16_t op)
{
	memset(b, 0, 60);
	memcpy(b, bcast_mac, 6);
	memcpy(b + 6, mac, 6);
	put16(b + 12, 0x0806);
	put16(b + 14, 1);
	put16(b + 16, 0x0800);
	b[18] = 6;
	b[19] = 4;
	put16(b + 20, op);
	memcpy(b + 22, mac, 6);
	put32(b + 28, sip);
	put32(b + 38, tip);
	return 60;
}

static void test_arp(void **state)
{
	struct fx *f = *state;
	uint8_t b[60];
	const uint8_t *o = f->out;
	size_t n;

	n = arp_frame(b, mac_a, IP4(192, 168, 50, 100), SERVER_IP, 1);
	assert_int_equal(input(f, b, n), DHCP_R_REPLIED);
	assert_false(f->changed);
	assert_int_equal(f->out_len, DHCP_ARP_FRAME_LEN);
	assert_memory_equal(o, mac_a, 6);
	assert_memory_equal(o + 6, server_mac, 6);
	assert_int_equal(get16(o + 12), 0x0806);
	assert_int_equal(get16(o + 14), 1);
	assert_int_equal(get16(o + 16), 0x0800);
	assert_int_equal(o[18], 6);
	assert_int_equal(o[19], 4);
	assert_int_equal(get16(o + 20), 2);
	assert_memory_equal(o + 22, server_mac, 6);
	assert_int_equal(get32(o + 28), SERVER_IP);
	assert_memory_equal(o + 32, mac_a, 6);
	assert_int_equal(get32(o + 38), IP4(192, 168, 50, 100));

	/* Probe (sender 0.0.0.0) for the server's address: answered too */
	n = arp_frame(b, mac_b, 0, SERVER_IP, 1);
	assert_int_equal(input(f, b, n), DHCP_R_REPLIED);
	assert_int_equal(get32(o + 38), 0);
	assert_memory_equal(o + 32, mac_b, 6);

	/* Another address, an ARP reply: not ours */
	n = arp_frame(b, mac_a, IP4(192, 168, 50, 100), ROUTER_IP, 1);
	expect_none(f, input(f, b, n), DHCP_R_NOT_OURS);
	n = arp_frame(b, mac_a, IP4(192, 168, 50, 100), SERVER_IP, 2);
	expect_none(f, input(f, b, n), DHCP_R_NOT_OURS);
	assert_int_equal(dhcp_server_get_stats(f->s)->arp_replies, 2);
	assert_int_equal(dhcp_server_get_stats(f->s)->results[DHCP_R_NOT_OURS], 2);
}

static void test_exhaustion(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_c, .xid = 20 };
	uint32_t a, b;

	a = discover(f, mac_a);
	b = discover(f, mac_b);
	assert_int_not_equal(a, b);
	assert_true(a == IP4(192, 168, 50, 3) || a == IP4(192, 168, 50, 4));
	assert_true(b == IP4(192, 168, 50, 3) || b == IP4(192, 168, 50, 4));
	expect_none(f, send_req(f, &d), DHCP_R_EXHAUSTED);
	assert_int_equal(dhcp_server_get_stats(f->s)->results[DHCP_R_EXHAUSTED], 1);

	/* A repeated DISCOVER keeps the client's address, held anew */
	f->ctx.now = NOW + 30;
	assert_int_equal(discover(f, mac_a), a);

	/* Offers are held DHCP_OFFER_HOLD seconds */
	f->ctx.now = NOW + DHCP_OFFER_HOLD - 1;
	expect_none(f, send_req(f, &d), DHCP_R_EXHAUSTED);
	f->ctx.now = NOW + DHCP_OFFER_HOLD + 1;
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_int_equal(yiaddr(f), b);	/* a is still held for A */
	assert_int_equal(dhcp_db_find_ip(dhcp_server_db(f->s), a)->expires,
			 NOW + 30 + DHCP_OFFER_HOLD);
}

static void test_exhaustion_bound(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_c, .xid = 21 };
	uint32_t a = dora(f, mac_a), b = dora(f, mac_b);

	assert_int_not_equal(a, b);
	f->ctx.now = NOW + 3599;
	expect_none(f, send_req(f, &d), DHCP_R_EXHAUSTED);
	/* INIT-REBOOT into someone's lease: refused, no duplicate */
	d.type = DHCP_REQUEST;
	d.req_ip = a;
	expect_nak(f, send_req(f, &d), &d);
}

/* The subnet's network and broadcast addresses are never handed out. */
static void test_subnet_edges_excluded(void **state)
{
	struct fx *f = *state;
	struct dhcp_server_cfg cfg = f->cfg;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_d, .xid = 42 };
	uint32_t a, b, c;

	cfg.conf.range_first = IP4(192, 168, 50, 253);
	cfg.conf.range_last = IP4(192, 168, 50, 255);
	assert_int_equal(dhcp_server_reconfig(f->s, &cfg), 0);
	f->cfg = cfg;
	a = discover(f, mac_a);
	b = discover(f, mac_b);
	assert_int_not_equal(a, b);
	assert_true(a == IP4(192, 168, 50, 253) || a == IP4(192, 168, 50, 254));
	assert_true(b == IP4(192, 168, 50, 253) || b == IP4(192, 168, 50, 254));
	expect_none(f, send_req(f, &d), DHCP_R_EXHAUSTED);

	cfg.conf.range_first = IP4(192, 168, 50, 0);
	cfg.conf.range_last = IP4(192, 168, 50, 3);	/* .1, .2 taken */
	assert_int_equal(dhcp_server_reconfig(f->s, &cfg), 0);
	f->cfg = cfg;
	c = discover(f, mac_c);
	assert_int_equal(c, IP4(192, 168, 50, 3));
	expect_none(f, send_req(f, &d), DHCP_R_EXHAUSTED);
}

static void test_port_cap(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_c, .xid = 22 };
	struct req r = { .type = DHCP_REQUEST, .mac = mac_c, .xid = 23,
			 .req_ip = IP4(192, 168, 50, 180) };

	f->ctx.port_cap = 2;
	f->ctx.port = "p1";
	dora(f, mac_a);
	discover(f, mac_b);
	expect_none(f, send_req(f, &d), DHCP_R_PORT_CAP);
	assert_int_equal(dhcp_server_get_stats(f->s)->results[DHCP_R_PORT_CAP], 1);
	/* INIT-REBOOT from the capped port: refused */
	expect_nak(f, send_req(f, &r), &r);
	/* Clients that hold an entry still get answers */
	discover(f, mac_a);
	discover(f, mac_b);
	/* Another port is not capped by p1 */
	f->ctx.port = "p2";
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
}

static void test_prl_honoured(void **state)
{
	struct fx *f = *state;
	static const uint8_t prl1[] = { 6, 3 };
	static const uint8_t prl2[] = { 121, 26, 15 };
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 24,
			 .prl = prl1, .prl_len = sizeof(prl1) };
	int p6, p3;

	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_non_null(opt(f, DHCP_OPT_DNS, NULL, &p6));
	assert_non_null(opt(f, DHCP_OPT_ROUTER, NULL, &p3));
	assert_true(p6 < p3);	/* the client's order */
	assert_false(has_opt(f, DHCP_OPT_DOMAIN));
	assert_false(has_opt(f, DHCP_OPT_MTU));
	assert_false(has_opt(f, DHCP_OPT_CLASSLESS_ROUTE));
	assert_false(has_opt(f, DHCP_OPT_BROADCAST));
	/* Always there */
	assert_true(has_opt(f, DHCP_OPT_SUBNET_MASK));
	assert_true(has_opt(f, DHCP_OPT_LEASE_TIME));
	assert_true(has_opt(f, DHCP_OPT_T1));
	assert_true(has_opt(f, DHCP_OPT_T2));

	d.prl = prl2;
	d.prl_len = sizeof(prl2);
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_true(has_opt(f, DHCP_OPT_CLASSLESS_ROUTE));
	assert_true(has_opt(f, DHCP_OPT_MTU));
	assert_true(has_opt(f, DHCP_OPT_DOMAIN));
	assert_false(has_opt(f, DHCP_OPT_DNS));
	assert_false(has_opt(f, DHCP_OPT_ROUTER));
}

static void test_routes(void **state)
{
	struct fx *f = *state;
	static const uint8_t want[] = {
		8, 10, 192, 168, 50, 1,
		12, 172, 16, 192, 168, 50, 3,
		0, 192, 168, 50, 1,
	};
	struct dhcp_server_cfg cfg;
	const uint8_t *p;
	size_t len;

	discover(f, mac_a);
	p = opt(f, DHCP_OPT_CLASSLESS_ROUTE, &len, NULL);
	assert_non_null(p);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(p, want, sizeof(want));

	/* None configured: none sent, even when asked for */
	cfg = *dhcp_server_get_cfg(f->s);
	cfg.conf.n_routes = 0;
	assert_int_equal(dhcp_server_reconfig(f->s, &cfg), 0);
	f->cfg = cfg;
	discover(f, mac_a);
	assert_false(has_opt(f, DHCP_OPT_CLASSLESS_ROUTE));
}

static void test_mtu(void **state)
{
	struct fx *f = *state;
	const uint8_t *p;
	size_t len;

	dora(f, mac_a);
	p = opt(f, DHCP_OPT_MTU, &len, NULL);
	assert_non_null(p);
	assert_int_equal(len, 2);
	assert_int_equal(get16(p), 1400);
}

static void test_lease_time(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 25,
			 .lease = 120 };
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 26,
			 .server_id = SERVER_IP, .lease = 10 };

	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_int_equal(opt32(f, DHCP_OPT_LEASE_TIME), 120);
	assert_int_equal(opt32(f, DHCP_OPT_T1), 60);
	r.req_ip = yiaddr(f);
	expect(f, send_req(f, &r), &r, DHCP_ACK);	/* not below 60 s */
	assert_int_equal(opt32(f, DHCP_OPT_LEASE_TIME), DHCP_LEASE_MIN);
	assert_int_equal(dhcp_db_find_ip(dhcp_server_db(f->s), r.req_ip)->expires,
			 NOW + DHCP_LEASE_MIN);
	r.lease = 99999;	/* longer than configured: configured */
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_int_equal(opt32(f, DHCP_OPT_LEASE_TIME), 3600);
}

static void test_client_id(void **state)
{
	struct fx *f = *state;
	static const uint8_t id1[] = { 0xff, 1, 2, 3, 4 };
	static const uint8_t id2[] = { 0xff, 5, 6, 7, 8 };
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 27,
			 .client_id = id1, .client_id_len = sizeof(id1) };
	struct req r = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 28,
			 .server_id = SERVER_IP,
			 .client_id = id1, .client_id_len = sizeof(id1) };
	struct dhcp_lease *l;
	uint32_t a1, a2;

	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	r.req_ip = a1 = yiaddr(f);
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	l = dhcp_db_find_ip(dhcp_server_db(f->s), a1);
	assert_int_equal(l->client.client_id_len, sizeof(id1));
	assert_memory_equal(l->client.client_id, id1, sizeof(id1));

	/* Same hardware, another identifier: another client */
	d.client_id = id2;
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	a2 = yiaddr(f);
	assert_int_not_equal(a1, a2);
	r.client_id = id2;
	r.req_ip = a1;
	expect_nak(f, send_req(f, &r), &r);
	/* And without option 61 the client is its chaddr: a third one */
	d.client_id_len = 0;
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_int_not_equal(yiaddr(f), a1);
	assert_int_not_equal(yiaddr(f), a2);
}

static void test_reservation(void **state)
{
	struct fx *f = *state;
	struct dhcp_db *db = dhcp_server_db(f->s);
	struct dhcp_host h = { .ip = IP4(192, 168, 50, 20) };
	struct req r = { .type = DHCP_REQUEST, .mac = mac_d, .xid = 29,
			 .server_id = SERVER_IP, .hostname = "mine" };
	uint32_t ip;

	memcpy(h.mac, mac_d, 6);
	strcpy(h.hostname, "printer");
	assert_int_equal(dhcp_db_host_add(db, &h), 0);

	ip = dora(f, mac_d);
	assert_int_equal(ip, h.ip);
	assert_string_equal(dhcp_db_find_ip(db, ip)->hostname, "printer");
	/* The client's own name wins over the reservation's */
	r.req_ip = ip;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_string_equal(dhcp_db_find_ip(db, ip)->hostname, "mine");

	/* Renewing without option 12: the reservation's name again */
	r.hostname = NULL;
	r.server_id = 0;
	r.req_ip = 0;
	r.ciaddr = ip;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_string_equal(dhcp_db_find_ip(db, ip)->hostname, "printer");
	r.ciaddr = 0;

	/* A client without reservation: its name */
	r.mac = mac_a;
	r.hostname = "laptop";
	r.server_id = 0;
	r.req_ip = IP4(192, 168, 50, 123);
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_string_equal(dhcp_db_find_ip(db, r.req_ip)->hostname, "laptop");
	/* Renewing without option 12: the recorded name stays */
	r.hostname = NULL;
	r.ciaddr = r.req_ip;
	r.req_ip = 0;
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	assert_string_equal(dhcp_db_find_ip(db, r.ciaddr)->hostname, "laptop");
	r.ciaddr = 0;
	/* Nobody else gets the reserved address */
	r.req_ip = h.ip;
	expect_nak(f, send_req(f, &r), &r);
}

static void test_restart(void **state)
{
	struct fx *f = *state;
	static const uint8_t id[] = { 1, 0x52, 0x54, 0, 0, 0, 0x0b };
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_b, .xid = 30,
			 .client_id = id, .client_id_len = sizeof(id) };
	struct req r = { .type = DHCP_REQUEST, .mac = mac_b, .xid = 31,
			 .server_id = SERVER_IP,
			 .client_id = id, .client_id_len = sizeof(id) };
	struct req rn = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 32 };
	struct dhcp_server *old;
	char err[128] = "";
	uint32_t a, b;
	json_t *j;

	a = dora(f, mac_a);
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	r.req_ip = b = yiaddr(f);
	expect(f, send_req(f, &r), &r, DHCP_ACK);
	discover(f, mac_c);	/* an offer: not saved */

	j = dhcp_db_to_json(dhcp_server_db(f->s));
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 2);
	old = f->s;
	f->s = dhcp_server_new(&f->cfg);
	assert_non_null(f->s);
	dhcp_server_free(old);
	f->ctx.now = NOW + 600;
	assert_int_equal(dhcp_db_load_json(dhcp_server_db(f->s), j, f->ctx.now,
					   err, sizeof(err)), 0);
	json_decref(j);

	/* Same clients, same addresses */
	assert_int_equal(discover(f, mac_a), a);
	expect(f, send_req(f, &d), &d, DHCP_OFFER);
	assert_int_equal(yiaddr(f), b);
	rn.ciaddr = a;
	expect(f, send_req(f, &rn), &rn, DHCP_ACK);
	assert_int_equal(yiaddr(f), a);
	/* Nobody else gets them */
	{
		uint32_t c = discover(f, mac_c);

		assert_int_not_equal(c, a);
		assert_int_not_equal(c, b);
	}
}

static void test_reconfig(void **state)
{
	struct fx *f = *state;
	struct dhcp_server_cfg cfg = f->cfg;
	struct req rn = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 33 };
	struct req sel = { .type = DHCP_REQUEST, .mac = mac_b, .xid = 34,
			   .server_id = SERVER_IP };
	uint32_t a = dora(f, mac_a);

	/* Bad range: refused, nothing changed */
	cfg.conf.range_first = RANGE_LAST;
	cfg.conf.range_last = RANGE_FIRST;
	assert_int_equal(dhcp_server_reconfig(f->s, &cfg), -EINVAL);
	assert_int_equal(dhcp_server_get_cfg(f->s)->conf.range_first,
			 RANGE_FIRST);

	/* A range that still holds the lease keeps it; new server id */
	cfg = f->cfg;
	cfg.conf.range_first = a;
	cfg.conf.range_last = a + 9;
	cfg.server_ip = IP4(192, 168, 50, 5);
	cfg.conf.lease_time = 600;
	assert_int_equal(dhcp_server_reconfig(f->s, &cfg), 0);
	f->cfg = cfg;
	rn.ciaddr = a;
	expect(f, send_req(f, &rn), &rn, DHCP_ACK);
	assert_int_equal(yiaddr(f), a);
	assert_int_equal(opt32(f, DHCP_OPT_LEASE_TIME), 600);

	/* The old server id is now another server's */
	sel.req_ip = discover(f, mac_b);
	assert_true(sel.req_ip > a && sel.req_ip <= a + 9);
	sel.server_id = SERVER_IP;
	expect_none(f, send_req(f, &sel), DHCP_R_SILENT);
	assert_null(dhcp_db_find_ip(dhcp_server_db(f->s), sel.req_ip));

	/* ARP follows the server address */
	{
		uint8_t b[60];

		expect_none(f, input(f, b, arp_frame(b, mac_a, a, SERVER_IP, 1)),
			    DHCP_R_NOT_OURS);
		assert_int_equal(input(f, b, arp_frame(b, mac_a, a,
						       cfg.server_ip, 1)),
				 DHCP_R_REPLIED);
	}
}

/* A frame the server must not answer: @want, nothing out, no change. */
static void bad(struct fx *f, const uint8_t *frame, size_t len,
		enum dhcp_result want)
{
	assert_int_equal(input(f, frame, len), want);
	assert_int_equal(f->out_len, 0);
	assert_false(f->changed);
}

static void test_malformed(void **state)
{
	struct fx *f = *state;
	const struct dhcp_server_stats *st = dhcp_server_get_stats(f->s);
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 35 };
	uint8_t p[600], fr[700];
	size_t plen, n;
	uint64_t malformed = 0;

	plen = build_payload(&d, p);

	/* Truncated BOOTP, bad magic */
	bad(f, fr, wrap(&d, p, 100, fr), DHCP_R_MALFORMED);
	malformed++;
	p[236] ^= 1;
	bad(f, fr, wrap(&d, p, plen, fr), DHCP_R_MALFORMED);
	malformed++;
	p[236] ^= 1;

	/* An option running past the end, no END option */
	{
		uint8_t q[DHCP_MIN_LEN + 4];

		memcpy(q, p, DHCP_MIN_LEN);
		q[DHCP_MIN_LEN] = DHCP_OPT_MSG_TYPE;
		q[DHCP_MIN_LEN + 1] = 1;
		q[DHCP_MIN_LEN + 2] = DHCP_DISCOVER;
		q[DHCP_MIN_LEN + 3] = DHCP_OPT_HOSTNAME;
		bad(f, fr, wrap(&d, q, sizeof(q), fr), DHCP_R_MALFORMED);
		malformed++;
		bad(f, fr, wrap(&d, q, sizeof(q) - 1, fr), DHCP_R_MALFORMED);
		malformed++;
	}

	/* Bad IPv4 header checksum, bad UDP checksum */
	n = wrap(&d, p, plen, fr);
	fr[DHCP_ETH_HLEN + 10] ^= 0x40;
	bad(f, fr, n, DHCP_R_MALFORMED);
	malformed++;
	n = wrap(&d, p, plen, fr);
	fr[DHCP_HDRS_LEN + 100] ^= 0x01;	/* payload, checksum stale */
	bad(f, fr, n, DHCP_R_MALFORMED);
	malformed++;
	/* UDP length beyond the datagram */
	n = wrap(&d, p, plen, fr);
	put16(fr + DHCP_ETH_HLEN + DHCP_IP_HLEN + 4, (uint16_t)(plen + 100));
	bad(f, fr, n, DHCP_R_MALFORMED);
	malformed++;

	/* BOOTREPLY from a client port, BOOTP without a type */
	d.op = BOOTREPLY;
	plen = build_payload(&d, p);
	bad(f, fr, wrap(&d, p, plen, fr), DHCP_R_MALFORMED);
	malformed++;
	d.op = 0;
	d.type = 0;
	plen = build_payload(&d, p);
	bad(f, fr, wrap(&d, p, plen, fr), DHCP_R_MALFORMED);
	malformed++;
	assert_int_equal(st->rx[0], 1);

	/* A server's message type from a client */
	d.type = DHCP_OFFER;
	plen = build_payload(&d, p);
	bad(f, fr, wrap(&d, p, plen, fr), DHCP_R_MALFORMED);
	malformed++;

	/* REQUEST with no address at all */
	d.type = DHCP_REQUEST;
	plen = build_payload(&d, p);
	bad(f, fr, wrap(&d, p, plen, fr), DHCP_R_MALFORMED);
	malformed++;

	assert_int_equal(st->results[DHCP_R_MALFORMED], malformed);
	assert_int_equal(st->results[DHCP_R_REPLIED], 0);
	assert_int_equal(dhcp_db_count(dhcp_server_db(f->s)), 0);
}

static void test_not_ours(void **state)
{
	struct fx *f = *state;
	const struct dhcp_server_stats *st = dhcp_server_get_stats(f->s);
	struct req d = { .type = DHCP_DISCOVER, .mac = mac_a, .xid = 36 };
	uint8_t p[600], fr[700];
	size_t plen;

	/* Relayed */
	d.giaddr = IP4(10, 0, 0, 1);
	plen = build_payload(&d, p);
	bad(f, fr, wrap(&d, p, plen, fr), DHCP_R_NOT_OURS);
	assert_int_equal(st->rx[DHCP_DISCOVER], 1);

	/* A server's OFFER (rogue guard's business) */
	d.giaddr = 0;
	d.op = BOOTREPLY;
	d.type = DHCP_OFFER;
	d.from_server = true;
	plen = build_payload(&d, p);
	bad(f, fr, wrap(&d, p, plen, fr), DHCP_R_NOT_OURS);

	/* Not DHCP at all: DNS */
	plen = 64;
	bad(f, fr, dhcp_frame_build_udp(fr, mac_a, server_mac,
					IP4(192, 168, 50, 100), SERVER_IP,
					5353, 53, p, plen), DHCP_R_NOT_OURS);
	assert_int_equal(st->results[DHCP_R_NOT_OURS], 3);
	assert_int_equal(dhcp_db_count(dhcp_server_db(f->s)), 0);
}

/* Garbage of every length must not crash or answer. */
static void test_garbage(void **state)
{
	struct fx *f = *state;
	struct req d = { .type = DHCP_REQUEST, .mac = mac_a, .xid = 37,
			 .server_id = SERVER_IP, .req_ip = RANGE_FIRST };
	uint8_t p[600], fr[700];
	size_t plen = build_payload(&d, p), n = wrap(&d, p, plen, fr), i;
	enum dhcp_result r;

	/* Exact-size heap copies: valgrind sees any read past the end. */
	for (i = 0; i < n; i++) {
		uint8_t *c = malloc(i > 0 ? i : 1);

		assert_non_null(c);
		memcpy(c, fr, i);
		r = input(f, c, i);
		free(c);
		assert_true(r == DHCP_R_MALFORMED || r == DHCP_R_NOT_OURS);
		assert_int_equal(f->out_len, 0);
	}
	assert_int_equal(dhcp_db_count(dhcp_server_db(f->s)), 0);
	assert_int_equal(input(f, fr, n), DHCP_R_REPLIED);	/* whole: fine */
	assert_int_equal(dhcp_db_count(dhcp_server_db(f->s)), 1);
}

static void test_new_bad(void **state)
{
	struct dhcp_server_cfg cfg;

	(void)state;
	default_cfg(&cfg);
	cfg.conf.range_first = RANGE_LAST;
	cfg.conf.range_last = RANGE_FIRST;
	assert_null(dhcp_server_new(&cfg));
	cfg.conf.range_first = IP4(10, 0, 0, 0);
	cfg.conf.range_last = IP4(10, 2, 0, 0);	/* > DHCP_RANGE_MAX */
	assert_null(dhcp_server_new(&cfg));
}

static void test_result_names(void **state)
{
	(void)state;
	assert_string_equal(dhcp_result_name(DHCP_R_REPLIED), "replied");
	assert_string_equal(dhcp_result_name(DHCP_R_SILENT), "silent");
	assert_string_equal(dhcp_result_name(DHCP_R_MALFORMED), "malformed");
	assert_string_equal(dhcp_result_name(DHCP_R_NOT_OURS), "not-ours");
	assert_string_equal(dhcp_result_name(DHCP_R_EXHAUSTED), "exhausted");
	assert_string_equal(dhcp_result_name(DHCP_R_PORT_CAP), "port-cap");
	assert_string_equal(dhcp_result_name(DHCP_R_MAX), "unknown");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define T_SMALL(fn) cmocka_unit_test_setup_teardown(fn, setup_small, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_dora),
		T(test_discover_requested),
		T(test_changed_left_alone),
		T(test_broadcast_flag),
		T(test_other_server_selected),
		T(test_selecting_bad),
		T(test_init_reboot),
		T(test_init_reboot_unknown),
		T(test_renewing),
		T(test_rebinding),
		T(test_nak_broadcast),
		T_SMALL(test_decline),
		T(test_release),
		T(test_inform),
		T(test_arp),
		T_SMALL(test_exhaustion),
		T_SMALL(test_exhaustion_bound),
		T(test_subnet_edges_excluded),
		T(test_port_cap),
		T(test_prl_honoured),
		T(test_routes),
		T(test_mtu),
		T(test_lease_time),
		T(test_client_id),
		T(test_reservation),
		T(test_restart),
		T(test_reconfig),
		T(test_malformed),
		T(test_not_ours),
		T(test_garbage),
		cmocka_unit_test(test_new_bad),
		cmocka_unit_test(test_result_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
