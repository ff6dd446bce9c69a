/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dhcp_msg.c - unit tests for dhcp_msg.c: parsing client messages
 * (fixed fields, options, RFC 3396 concatenation, option overload, every
 * malformed case) and building replies (header, mandatory and requested
 * options in the client's order, maximum message size, NAK, RFC 3442
 * routes). Real packets captured from busybox udhcpc, ISC dhclient and
 * dnsmasq (see tests/fuzz/corpus/dhcp/README) are test vectors too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <string.h>

#include <cmocka.h>

#include "dhcp_msg.h"

#define ETH_IP_UDP	42	/* payload offset in the captured frames */

/*
 * Captured frames (Ethernet + IPv4 + UDP + BOOTP), exactly as on the wire.
 */
#include "dhcp_vectors.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static const uint8_t cli_mac[6] = { 0xd6, 0xfc, 0xdd, 0x81, 0x15, 0xba };

/**
 * struct pkt - A client message under construction
 * @b:		Bytes (room for more than DHCP_MAX_LEN)
 * @len:	Length so far
 */
struct pkt {
	uint8_t b[DHCP_MAX_LEN + 64];
	size_t len;
};

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* A BOOTREQUEST header with the magic cookie; @type 0: no option 53. */
static void pkt_init(struct pkt *p, uint8_t type)
{
	memset(p, 0, sizeof(*p));
	p->b[0] = BOOTREQUEST;
	p->b[1] = 1;
	p->b[2] = 6;
	p->b[4] = 0x11;
	p->b[5] = 0x22;
	p->b[6] = 0x33;
	p->b[7] = 0x44;
	memcpy(p->b + 28, cli_mac, 6);
	be32(p->b + 236, DHCP_MAGIC);
	p->len = 240;
	if (type != 0) {
		p->b[p->len++] = DHCP_OPT_MSG_TYPE;
		p->b[p->len++] = 1;
		p->b[p->len++] = type;
	}
}

/* Append an option to the options field. */
static void pkt_opt(struct pkt *p, uint8_t code, uint8_t len, const void *d)
{
	p->b[p->len++] = code;
	p->b[p->len++] = len;
	memcpy(p->b + p->len, d, len);
	p->len += len;
}

static void pkt_end(struct pkt *p)
{
	p->b[p->len++] = DHCP_OPT_END;
}

/* Write an option at offset @off of the message (file or sname); returns
 * the offset after it. */
static size_t put_at(struct pkt *p, size_t off, uint8_t code, uint8_t len,
		     const void *d)
{
	p->b[off] = code;
	p->b[off + 1] = len;
	memcpy(p->b + off + 2, d, len);
	return off + 2 + len;
}

static int parse(const struct pkt *p, struct dhcp_msg *m, const char **why)
{
	*why = NULL;
	return dhcp_msg_parse(p->b, p->len, m, why);
}

/* Parse must fail with a reason. */
static void expect_bad(const struct pkt *p)
{
	struct dhcp_msg m;
	const char *why;

	assert_int_equal(parse(p, &m, &why), -EINVAL);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
}

static void expect_ok(const struct pkt *p, struct dhcp_msg *m)
{
	const char *why;
	int rc = parse(p, m, &why);

	if (rc != 0)
		fail_msg("parse failed: %s", why);
}

/*
 * Independent reading of a built reply: the option codes in order, and
 * where one option is. Only the options field (replies never overload).
 */
static size_t reply_codes(const uint8_t *b, int len, uint8_t *codes)
{
	size_t i = 240, n = 0;

	assert_true(len >= 241);
	while (i < (size_t)len && b[i] != DHCP_OPT_END) {
		assert_int_not_equal(b[i], DHCP_OPT_PAD);
		codes[n++] = b[i];
		assert_true(i + 2 + b[i + 1] <= (size_t)len);
		i += 2 + b[i + 1];
	}
	assert_true(i < (size_t)len);	/* END present */
	return n;
}

static const uint8_t *reply_opt(const uint8_t *b, int len, uint8_t code,
				uint8_t *olen)
{
	size_t i = 240;

	while (i < (size_t)len && b[i] != DHCP_OPT_END) {
		if (b[i] == code) {
			*olen = b[i + 1];
			return b + i + 2;
		}
		i += 2 + b[i + 1];
	}
	return NULL;
}

static void assert_codes(const uint8_t *b, int len, const uint8_t *want,
			 size_t n)
{
	uint8_t codes[128];
	size_t got = reply_codes(b, len, codes), i;

	for (i = 0; i < got && i < n; i++)
		if (codes[i] != want[i])
			fail_msg("option %zu is %u, want %u", i, codes[i],
				 want[i]);
	assert_int_equal(got, n);
}

static uint32_t opt32(const uint8_t *b, int len, uint8_t code)
{
	uint8_t olen = 0;
	const uint8_t *d = reply_opt(b, len, code, &olen);

	assert_non_null(d);
	assert_int_equal(olen, 4);
	return rd32(d);
}

/* A full reply: every optional option set. */
static const struct dhcp_route routes2[] = {
	{ IP(192, 168, 55, 0), 24, IP(10, 77, 0, 1) },
	{ IP(0, 0, 0, 0), 0, IP(10, 77, 0, 1) },
};

static struct dhcp_reply full_reply(uint8_t type)
{
	struct dhcp_reply r = {
		.type = type,
		.yiaddr = IP(10, 77, 0, 51),
		.server_id = IP(10, 77, 0, 1),
		.lease_time = 3601,
		.mask = IP(255, 255, 255, 0),
		.router = IP(10, 77, 0, 1),
		.broadcast = IP(10, 77, 0, 255),
		.mtu = 1450,
		.n_dns = 2,
		.dns = { IP(10, 77, 0, 1), IP(9, 9, 9, 9) },
		.domain = "fz.test",
		.n_routes = 1,
		.routes = routes2,
		.message = "",
	};
	return r;
}

/* ---- real client packets ---- */

static void real_parse(const uint8_t *frame, size_t len, struct dhcp_msg *m)
{
	const char *why = NULL;

	if (dhcp_msg_parse(frame + ETH_IP_UDP, len - ETH_IP_UDP, m, &why) != 0)
		fail_msg("real packet rejected: %s", why);
	assert_memory_equal(&m->xid, frame + ETH_IP_UDP + 4, 4);
	assert_int_equal(m->htype, 1);
	assert_int_equal(m->hlen, 6);
	assert_memory_equal(m->chaddr, cli_mac, 6);
}

static const uint8_t udhcpc_prl[] = { 1, 3, 6, 12, 15, 28, 42 };
static const uint8_t udhcpc_cid[] = { 1, 0xd6, 0xfc, 0xdd, 0x81, 0x15, 0xba };

static void test_real_udhcpc_discover(void **state)
{
	struct dhcp_msg m;

	(void)state;
	real_parse(v_udhcpc_discover, sizeof(v_udhcpc_discover), &m);
	assert_int_equal(m.op, BOOTREQUEST);
	assert_int_equal(m.type, DHCP_DISCOVER);
	assert_int_equal(m.max_size, 576);
	assert_int_equal(m.prl_len, sizeof(udhcpc_prl));
	assert_memory_equal(m.prl, udhcpc_prl, sizeof(udhcpc_prl));
	assert_string_equal(m.hostname, "fz-udhcpc");
	assert_int_equal(m.client_id_len, sizeof(udhcpc_cid));
	assert_memory_equal(m.client_id, udhcpc_cid, sizeof(udhcpc_cid));
	assert_false(m.has_req_ip);
	assert_false(m.has_server_id);
	assert_int_equal(m.ciaddr, 0);
	assert_int_equal(m.overload, 0);
	assert_int_equal(m.lease_time, 0);
}

static void test_real_udhcpc_request(void **state)
{
	struct dhcp_msg m;

	(void)state;
	real_parse(v_udhcpc_request_selecting,
		   sizeof(v_udhcpc_request_selecting), &m);
	assert_int_equal(m.type, DHCP_REQUEST);
	assert_true(m.has_req_ip);
	assert_int_equal(m.req_ip, IP(10, 77, 0, 51));
	assert_true(m.has_server_id);
	assert_int_equal(m.server_id, IP(10, 77, 0, 1));
	assert_int_equal(m.ciaddr, 0);
	assert_memory_equal(m.prl, udhcpc_prl, sizeof(udhcpc_prl));

	/* Renewing: unicast, ciaddr set, neither 50 nor 54 */
	real_parse(v_udhcpc_request_renew, sizeof(v_udhcpc_request_renew), &m);
	assert_int_equal(m.type, DHCP_REQUEST);
	assert_int_equal(m.ciaddr, IP(10, 77, 0, 51));
	assert_false(m.has_req_ip);
	assert_false(m.has_server_id);
	assert_int_equal(m.client_id_len, sizeof(udhcpc_cid));
}

static void test_real_udhcpc_release(void **state)
{
	struct dhcp_msg m;

	(void)state;
	real_parse(v_udhcpc_release, sizeof(v_udhcpc_release), &m);
	assert_int_equal(m.type, DHCP_RELEASE);
	assert_int_equal(m.ciaddr, IP(10, 77, 0, 51));
	assert_true(m.has_server_id);
	assert_int_equal(m.server_id, IP(10, 77, 0, 1));
	assert_int_equal(m.prl_len, 0);
	assert_string_equal(m.hostname, "");
	assert_memory_equal(m.client_id, udhcpc_cid, sizeof(udhcpc_cid));
}

static const uint8_t dhclient_prl[] = { 1, 28, 2, 3, 15, 6, 12, 26, 121 };

static void test_real_dhclient_request(void **state)
{
	struct dhcp_msg m;

	(void)state;
	real_parse(v_dhclient_request_selecting,
		   sizeof(v_dhclient_request_selecting), &m);
	assert_int_equal(m.type, DHCP_REQUEST);
	assert_int_equal(m.lease_time, 600);
	assert_int_equal(m.req_ip, IP(10, 77, 0, 51));
	assert_int_equal(m.server_id, IP(10, 77, 0, 1));
	assert_string_equal(m.hostname, "fz-dhclient");
	assert_int_equal(m.client_id_len, 0);
	assert_int_equal(m.max_size, 0);
	assert_int_equal(m.prl_len, sizeof(dhclient_prl));
	assert_memory_equal(m.prl, dhclient_prl, sizeof(dhclient_prl));
}

/* A server's message parses too (rogue server detection logs it). */
static void test_real_dnsmasq_ack(void **state)
{
	struct dhcp_msg m;

	(void)state;
	real_parse(v_dnsmasq_ack_dhclient, sizeof(v_dnsmasq_ack_dhclient), &m);
	assert_int_equal(m.op, BOOTREPLY);
	assert_int_equal(m.type, DHCP_ACK);
	assert_int_equal(m.yiaddr, IP(10, 77, 0, 51));
	assert_int_equal(m.siaddr, IP(10, 77, 0, 1));
	assert_int_equal(m.server_id, IP(10, 77, 0, 1));
	assert_int_equal(m.lease_time, 300);
	assert_string_equal(m.hostname, "fz-dhclient");
}

/* Our ACK to dhclient's REQUEST: its order, and the same option 121
 * bytes dnsmasq sent for the same route. */
static void test_real_reply_to_dhclient(void **state)
{
	static const uint8_t want[] = { 53, 54, 1, 28, 3, 15, 6, 26, 121,
					51, 58, 59 };
	struct dhcp_reply r = full_reply(DHCP_ACK);
	const uint8_t *ours, *theirs;
	uint8_t buf[DHCP_MAX_LEN], l1 = 0, l2 = 0;
	struct dhcp_msg m, back;
	const char *why;
	int len;

	(void)state;
	real_parse(v_dhclient_request_selecting,
		   sizeof(v_dhclient_request_selecting), &m);
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_true(len >= DHCP_MIN_REPLY);
	assert_codes(buf, len, want, sizeof(want));
	ours = reply_opt(buf, len, 121, &l1);
	theirs = reply_opt(v_dnsmasq_ack_dhclient + ETH_IP_UDP,
			   sizeof(v_dnsmasq_ack_dhclient) - ETH_IP_UDP, 121,
			   &l2);
	assert_non_null(ours);
	assert_non_null(theirs);
	assert_int_equal(l1, l2);
	assert_memory_equal(ours, theirs, l1);
	assert_int_equal(dhcp_msg_parse(buf, len, &back, &why), 0);
	assert_int_equal(back.type, DHCP_ACK);
	assert_int_equal(back.xid, m.xid);
}

/* ---- option decoding ---- */

static void test_parse_options(void **state)
{
	static const uint8_t ip50[] = { 10, 0, 0, 7 }, ip54[] = { 10, 0, 0, 1 };
	static const uint8_t lt[] = { 0, 1, 0x51, 0x80 }, ms[] = { 0x05, 0xdc };
	static const uint8_t prl[] = { 121, 3, 1 }, cid[] = { 0, 'a', 'b' };
	struct dhcp_msg m;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCP_REQUEST);
	p.b[3] = 2;		/* hops */
	p.b[8] = 0x01;		/* secs 0x0102 */
	p.b[9] = 0x02;
	p.b[10] = 0x80;		/* broadcast flag */
	be32(p.b + 12, IP(1, 2, 3, 4));
	be32(p.b + 16, IP(5, 6, 7, 8));
	be32(p.b + 20, IP(9, 10, 11, 12));
	be32(p.b + 24, IP(13, 14, 15, 16));
	p.b[40] = 0xee;		/* chaddr beyond hlen: kept */
	pkt_opt(&p, DHCP_OPT_REQ_IP, 4, ip50);
	pkt_opt(&p, DHCP_OPT_SERVER_ID, 4, ip54);
	pkt_opt(&p, DHCP_OPT_LEASE_TIME, 4, lt);
	pkt_opt(&p, DHCP_OPT_MAX_SIZE, 2, ms);
	p.b[p.len++] = DHCP_OPT_PAD;
	pkt_opt(&p, DHCP_OPT_PRL, sizeof(prl), prl);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, sizeof(cid), cid);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, 4, "host");
	pkt_opt(&p, 43, 3, "xyz");	/* unknown: skipped */
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(m.op, 1);
	assert_int_equal(m.hops, 2);
	assert_int_equal(m.secs, 0x0102);
	assert_int_equal(m.flags, DHCP_FLAG_BROADCAST);
	assert_memory_equal(&m.xid, "\x11\x22\x33\x44", 4);
	assert_int_equal(m.ciaddr, IP(1, 2, 3, 4));
	assert_int_equal(m.yiaddr, IP(5, 6, 7, 8));
	assert_int_equal(m.siaddr, IP(9, 10, 11, 12));
	assert_int_equal(m.giaddr, IP(13, 14, 15, 16));
	assert_int_equal(m.chaddr[12], 0xee);
	assert_int_equal(m.type, DHCP_REQUEST);
	assert_true(m.has_req_ip);
	assert_int_equal(m.req_ip, IP(10, 0, 0, 7));
	assert_true(m.has_server_id);
	assert_int_equal(m.server_id, IP(10, 0, 0, 1));
	assert_int_equal(m.lease_time, 86400);
	assert_int_equal(m.max_size, 1500);
	assert_int_equal(m.prl_len, 3);
	assert_memory_equal(m.prl, prl, 3);
	assert_int_equal(m.client_id_len, 3);
	assert_memory_equal(m.client_id, cid, 3);
	assert_string_equal(m.hostname, "host");
	assert_int_equal(m.overload, 0);
}

/* BOOTP: no option 53, any hardware type */
static void test_parse_bootp(void **state)
{
	struct dhcp_msg m;
	struct pkt p;

	(void)state;
	pkt_init(&p, 0);
	p.b[1] = 6;	/* IEEE 802 */
	p.b[2] = 8;
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(m.type, DHCP_NONE);
	assert_int_equal(m.hlen, 8);
	p.b[2] = 17;	/* longer than chaddr */
	expect_bad(&p);
}

/* Every message type 1-8 is accepted, 0 and 9 are not. */
static void test_parse_types(void **state)
{
	struct dhcp_msg m;
	struct pkt p;
	unsigned int t;

	(void)state;
	for (t = 0; t <= 9; t++) {
		pkt_init(&p, 0);
		pkt_opt(&p, DHCP_OPT_MSG_TYPE, 1, &(uint8_t){ t });
		pkt_end(&p);
		if (t >= DHCP_DISCOVER && t <= DHCP_INFORM) {
			expect_ok(&p, &m);
			assert_int_equal(m.type, t);
		} else {
			expect_bad(&p);
		}
	}
}

/* RFC 3396: 55 and 61 split into several instances are concatenated. */
static void test_concat(void **state)
{
	struct dhcp_msg m;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_PRL, 2, "\x01\x03");
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, 3, "\xff\x01\x02");
	pkt_opt(&p, DHCP_OPT_HOSTNAME, 3, "abc");
	pkt_opt(&p, DHCP_OPT_PRL, 1, "\x06");
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, 2, "\x03\x04");
	pkt_opt(&p, DHCP_OPT_HOSTNAME, 3, "def");
	pkt_opt(&p, DHCP_OPT_PRL, 0, "");
	pkt_opt(&p, DHCP_OPT_PRL, 1, "\x79");
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(m.prl_len, 4);
	assert_memory_equal(m.prl, "\x01\x03\x06\x79", 4);
	assert_int_equal(m.client_id_len, 5);
	assert_memory_equal(m.client_id, "\xff\x01\x02\x03\x04", 5);
	assert_string_equal(m.hostname, "abcdef");
}

/* A concatenated PRL is cut at 255 codes; a client id may not exceed 255. */
static void test_concat_limits(void **state)
{
	uint8_t d[255];
	struct dhcp_msg m;
	struct pkt p;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)i;
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_PRL, 200, d);
	pkt_opt(&p, DHCP_OPT_PRL, 100, d);
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(m.prl_len, 255);
	assert_memory_equal(m.prl, d, 200);
	assert_memory_equal(m.prl + 200, d, 55);

	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, 255, d);
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(m.client_id_len, 255);

	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, 200, d);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, 56, d);
	pkt_end(&p);
	expect_bad(&p);

	/* RFC 2132: a client identifier has at least 2 bytes */
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, 1, d);
	pkt_end(&p);
	expect_bad(&p);
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, 0, d);
	pkt_end(&p);
	expect_bad(&p);
}

/* ---- option overload (52) ---- */

#define OFF_SNAME	44
#define OFF_FILE	108

static void test_overload_file(void **state)
{
	struct dhcp_msg m;
	struct pkt p;
	size_t o;

	(void)state;
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x01");
	pkt_opt(&p, DHCP_OPT_PRL, 1, "\x01");
	pkt_end(&p);
	o = put_at(&p, OFF_FILE, DHCP_OPT_REQ_IP, 4, "\x0a\x00\x00\x09");
	o = put_at(&p, o, DHCP_OPT_PRL, 2, "\x03\x06");
	o = put_at(&p, o, DHCP_OPT_CLIENT_ID, 3, "\x01\xaa\xbb");
	p.b[o] = DHCP_OPT_END;
	/* sname holds an option too but is not overloaded: ignored */
	put_at(&p, OFF_SNAME, DHCP_OPT_HOSTNAME, 2, "no");
	expect_ok(&p, &m);
	assert_int_equal(m.overload, 1);
	assert_true(m.has_req_ip);
	assert_int_equal(m.req_ip, IP(10, 0, 0, 9));
	assert_int_equal(m.prl_len, 3);
	assert_memory_equal(m.prl, "\x01\x03\x06", 3);
	assert_int_equal(m.client_id_len, 3);
	assert_string_equal(m.hostname, "");
}

static void test_overload_sname(void **state)
{
	struct dhcp_msg m;
	struct pkt p;
	size_t o;

	(void)state;
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x02");
	pkt_end(&p);
	o = put_at(&p, OFF_SNAME, DHCP_OPT_HOSTNAME, 5, "sname");
	o = put_at(&p, o, DHCP_OPT_SERVER_ID, 4, "\x0a\x00\x00\x01");
	p.b[o] = DHCP_OPT_END;
	put_at(&p, OFF_FILE, DHCP_OPT_REQ_IP, 4, "\x0a\x00\x00\x09");
	expect_ok(&p, &m);
	assert_int_equal(m.overload, 2);
	assert_string_equal(m.hostname, "sname");
	assert_true(m.has_server_id);
	assert_false(m.has_req_ip);	/* file not overloaded */
}

/* Both: the options field, then file, then sname (order of concatenation);
 * fields may end without END. */
static void test_overload_both(void **state)
{
	uint8_t fill[62];
	struct dhcp_msg m;
	struct pkt p;
	size_t o;

	(void)state;
	memset(fill, 'x', sizeof(fill));
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_PRL, 1, "\x01");
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x03");
	pkt_end(&p);
	o = put_at(&p, OFF_FILE, DHCP_OPT_PRL, 1, "\x03");
	p.b[o] = DHCP_OPT_END;
	/* sname: exactly full, no END */
	put_at(&p, OFF_SNAME, DHCP_OPT_PRL, 1, "\x06");
	put_at(&p, OFF_SNAME + 3, 224, sizeof(fill) - 3, fill);
	assert_int_equal(OFF_SNAME + 3 + 2 + sizeof(fill) - 3, OFF_FILE);
	expect_ok(&p, &m);
	assert_int_equal(m.overload, 3);
	assert_int_equal(m.prl_len, 3);
	assert_memory_equal(m.prl, "\x01\x03\x06", 3);
}

/* A 52 inside an overloaded field is not followed (no loops, no second
 * visit); fields not named by the options field's 52 are never read. */
static void test_overload_no_reentry(void **state)
{
	struct dhcp_msg m;
	struct pkt p;
	size_t o;

	(void)state;
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x01");
	pkt_end(&p);
	o = put_at(&p, OFF_FILE, DHCP_OPT_OVERLOAD, 1, "\x03");
	o = put_at(&p, o, DHCP_OPT_PRL, 1, "\x03");
	p.b[o] = DHCP_OPT_END;
	/* sname: an option that would be accepted, then garbage */
	o = put_at(&p, OFF_SNAME, DHCP_OPT_PRL, 1, "\x06");
	p.b[o] = DHCP_OPT_MSG_TYPE;
	p.b[o + 1] = 200;
	expect_ok(&p, &m);
	assert_int_equal(m.overload, 1);
	assert_int_equal(m.prl_len, 1);
	assert_int_equal(m.prl[0], 3);

	/* sname overloaded, and a 52 in sname pointing at file (garbage) */
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x02");
	pkt_end(&p);
	o = put_at(&p, OFF_SNAME, DHCP_OPT_OVERLOAD, 1, "\x01");
	p.b[o] = DHCP_OPT_END;
	p.b[OFF_FILE] = DHCP_OPT_LEASE_TIME;
	p.b[OFF_FILE + 1] = 250;
	expect_ok(&p, &m);
	assert_int_equal(m.overload, 2);

	/* file's 52 is not followed, but is still an option of its field:
	 * a wrong size is malformed */
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x01");
	pkt_end(&p);
	o = put_at(&p, OFF_FILE, DHCP_OPT_OVERLOAD, 2, "\x03\x03");
	expect_bad(&p);
}

static void test_overload_bad(void **state)
{
	static const uint8_t bad_vals[] = { 0, 4, 255 };
	struct pkt p;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad_vals); i++) {
		pkt_init(&p, DHCP_REQUEST);
		pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, &bad_vals[i]);
		pkt_end(&p);
		expect_bad(&p);
	}
	/* an option in file running past file (into sname's place? no:
	 * file is last; here: past its 128 bytes into the magic cookie) */
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x01");
	pkt_end(&p);
	p.b[OFF_FILE + 120] = DHCP_OPT_HOSTNAME;
	p.b[OFF_FILE + 121] = 7;	/* needs 129..., field ends at 128 */
	expect_bad(&p);
	p.b[OFF_FILE + 121] = 6;	/* exactly to the end: fine */
	{
		struct dhcp_msg m;

		expect_ok(&p, &m);
	}
	/* an option code in sname's last byte: no room for its length */
	pkt_init(&p, DHCP_REQUEST);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, 1, "\x02");
	pkt_end(&p);
	p.b[OFF_FILE - 1] = DHCP_OPT_HOSTNAME;
	expect_bad(&p);
	/* an option in sname may not run into file */
	p.b[OFF_FILE - 1] = 0;
	p.b[OFF_FILE - 4] = DHCP_OPT_HOSTNAME;
	p.b[OFF_FILE - 3] = 3;
	expect_bad(&p);
}

/* ---- malformed messages ---- */

static void test_malformed_length(void **state)
{
	struct dhcp_msg m;
	struct pkt p;
	const char *why;

	(void)state;
	pkt_init(&p, DHCP_DISCOVER);
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(dhcp_msg_parse(p.b, 239, &m, &why), -EINVAL);
	assert_int_equal(dhcp_msg_parse(p.b, 0, &m, &why), -EINVAL);
	assert_int_equal(dhcp_msg_parse(p.b, DHCP_FIXED_LEN, &m, &why),
			 -EINVAL);
	/* exactly DHCP_MAX_LEN is fine, one more is not */
	p.len = DHCP_MAX_LEN;
	expect_ok(&p, &m);
	p.len = DHCP_MAX_LEN + 1;
	expect_bad(&p);
	p.len = 65535 > sizeof(p.b) ? sizeof(p.b) : 65535;
	expect_bad(&p);
	/* the NULL why is allowed */
	assert_int_equal(dhcp_msg_parse(p.b, 10, &m, NULL), -EINVAL);
}

static void test_malformed_cookie(void **state)
{
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCP_DISCOVER);
	pkt_end(&p);
	p.b[239] = 0x62;
	expect_bad(&p);
	be32(p.b + 236, 0x53638263);	/* byte-swapped */
	expect_bad(&p);
}

static void test_malformed_options(void **state)
{
	struct dhcp_msg m;
	struct pkt p;

	(void)state;
	/* missing END */
	pkt_init(&p, DHCP_DISCOVER);
	expect_bad(&p);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, 1, "a");
	expect_bad(&p);
	p.b[p.len++] = DHCP_OPT_PAD;
	p.b[p.len++] = DHCP_OPT_PAD;
	expect_bad(&p);
	pkt_end(&p);
	expect_ok(&p, &m);
	/* anything after END is padding */
	p.b[p.len++] = DHCP_OPT_MSG_TYPE;
	p.b[p.len++] = 77;
	expect_ok(&p, &m);

	/* length running past the end */
	pkt_init(&p, DHCP_DISCOVER);
	p.b[p.len++] = DHCP_OPT_HOSTNAME;
	p.b[p.len++] = 5;
	memcpy(p.b + p.len, "abcd", 4);
	p.len += 4;
	expect_bad(&p);
	p.b[p.len++] = DHCP_OPT_END;	/* END taken as data: still bad */
	p.b[p.len - 7] = 6;
	expect_bad(&p);
	/* option code as the last byte */
	pkt_init(&p, DHCP_DISCOVER);
	p.b[p.len++] = DHCP_OPT_HOSTNAME;
	expect_bad(&p);
	/* END hidden in an option's data is not an END */
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, 1, "\xff");
	expect_bad(&p);
}

static void test_malformed_fixed_sizes(void **state)
{
	static const struct {
		uint8_t code, size;
	} fixed[] = {
		{ DHCP_OPT_REQ_IP, 4 }, { DHCP_OPT_LEASE_TIME, 4 },
		{ DHCP_OPT_MSG_TYPE, 1 }, { DHCP_OPT_SERVER_ID, 4 },
		{ DHCP_OPT_MAX_SIZE, 2 }, { DHCP_OPT_OVERLOAD, 1 },
	};
	static const uint8_t d[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	struct dhcp_msg m;
	struct pkt p;
	unsigned int i;
	int delta;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		for (delta = -1; delta <= 1; delta++) {
			uint8_t sz = (uint8_t)(fixed[i].size + delta);

			pkt_init(&p, fixed[i].code == DHCP_OPT_MSG_TYPE ?
				 0 : DHCP_REQUEST);
			pkt_opt(&p, fixed[i].code, sz, d);
			pkt_end(&p);
			if (delta == 0) {
				expect_ok(&p, &m);
			} else {
				expect_bad(&p);
			}
		}
	}
}

/* Any message with a type: Ethernet hardware address only. */
static void test_malformed_hw(void **state)
{
	struct dhcp_msg m;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCP_DISCOVER);
	pkt_end(&p);
	expect_ok(&p, &m);
	p.b[2] = 7;
	expect_bad(&p);
	p.b[2] = 0;
	expect_bad(&p);
	p.b[2] = 16;
	expect_bad(&p);
	p.b[2] = 6;
	p.b[1] = 6;
	expect_bad(&p);
	p.b[1] = 1;
	p.b[0] = 3;	/* op neither request nor reply */
	expect_bad(&p);
	p.b[0] = BOOTREPLY;
	expect_ok(&p, &m);
	assert_int_equal(m.op, BOOTREPLY);
}

static void test_hostname(void **state)
{
	uint8_t longname[100];
	struct dhcp_msg m;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, 8, "a\x01" "b\x7f" "c\xc3\xa9 ");
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_string_equal(m.hostname, "a?b?c?? ");

	/* a C string's terminator is not part of the name; inner NUL is */
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, 6, "ab\0c\0\0");
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_string_equal(m.hostname, "ab?c");

	/* cut at 63 */
	memset(longname, 'h', sizeof(longname));
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, sizeof(longname), longname);
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(strlen(m.hostname), DHCP_HOSTNAME_MAX);
	assert_memory_equal(m.hostname, longname, DHCP_HOSTNAME_MAX);
}

/* Several instances of a fixed-size option: the last one counts. */
static void test_repeated_fixed(void **state)
{
	struct dhcp_msg m;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCP_DISCOVER);
	pkt_opt(&p, DHCP_OPT_MSG_TYPE, 1, "\x03");
	pkt_opt(&p, DHCP_OPT_REQ_IP, 4, "\x0a\x00\x00\x01");
	pkt_opt(&p, DHCP_OPT_REQ_IP, 4, "\x0a\x00\x00\x02");
	pkt_end(&p);
	expect_ok(&p, &m);
	assert_int_equal(m.type, DHCP_REQUEST);
	assert_int_equal(m.req_ip, IP(10, 0, 0, 2));
}

/* ---- building replies ---- */

static void client_req(struct dhcp_msg *m, const uint8_t *prl, size_t n)
{
	memset(m, 0, sizeof(*m));
	m->op = BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	m->hops = 1;
	memcpy(&m->xid, "\xde\xad\xbe\xef", 4);
	m->secs = 9;
	m->flags = DHCP_FLAG_BROADCAST;
	m->ciaddr = IP(10, 77, 0, 60);
	m->giaddr = IP(10, 1, 1, 1);
	memcpy(m->chaddr, cli_mac, 6);
	m->chaddr[15] = 0x5a;
	m->type = DHCP_REQUEST;
	if (n > 0)
		memcpy(m->prl, prl, n);
	m->prl_len = (uint16_t)n;
}

static void test_build_header(void **state)
{
	static const uint8_t want[] = { 53, 54, 51, 58, 59, 1 };
	struct dhcp_reply r = full_reply(DHCP_ACK);
	uint8_t buf[1024], zero[192] = { 0 };
	struct dhcp_msg m;
	int len, i;

	(void)state;
	client_req(&m, NULL, 0);
	memset(buf, 0xa5, sizeof(buf));
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_int_equal(len, DHCP_MIN_REPLY);
	assert_int_equal(buf[0], BOOTREPLY);
	assert_int_equal(buf[1], 1);
	assert_int_equal(buf[2], 6);
	assert_int_equal(buf[3], 0);			/* hops */
	assert_memory_equal(buf + 4, "\xde\xad\xbe\xef", 4);
	assert_int_equal(buf[8] | buf[9], 0);		/* secs */
	assert_int_equal(buf[10], 0x80);
	assert_int_equal(buf[11], 0);
	assert_int_equal(rd32(buf + 12), IP(10, 77, 0, 60));
	assert_int_equal(rd32(buf + 16), IP(10, 77, 0, 51));
	assert_int_equal(rd32(buf + 20), 0);		/* siaddr */
	assert_int_equal(rd32(buf + 24), IP(10, 1, 1, 1));
	assert_memory_equal(buf + 28, m.chaddr, 16);
	assert_memory_equal(buf + 44, zero, 192);	/* sname, file */
	assert_int_equal(rd32(buf + 236), DHCP_MAGIC);
	assert_codes(buf, len, want, sizeof(want));
	assert_int_equal(opt32(buf, len, 54), IP(10, 77, 0, 1));
	assert_int_equal(opt32(buf, len, 51), 3601);
	assert_int_equal(opt32(buf, len, 58), 1800);	/* 3601 / 2 */
	assert_int_equal(opt32(buf, len, 59), 3150);	/* 3601 * 7 / 8 */
	assert_int_equal(opt32(buf, len, 1), IP(255, 255, 255, 0));
	assert_int_equal(buf[242], DHCP_ACK);
	/* zero padding after END up to 300 */
	for (i = 240 + 3 + 6 * 5 + 1; i < len; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(buf[240 + 33], DHCP_OPT_END);
	assert_int_equal(buf[300], 0xa5);	/* nothing written beyond */
}

/* Requested options go in the client's order, each once; mandatory ones
 * it named go where it named them, the rest after. */
static void test_build_prl_order(void **state)
{
	static const uint8_t prl[] = { 121, 6, 99, 3, 58, 15, 26, 6, 28, 1,
				       53, 54, 12, 56 };
	static const uint8_t want[] = { 53, 54, 121, 6, 3, 58, 15, 26, 28, 1,
					51, 59 };
	struct dhcp_reply r = full_reply(DHCP_OFFER);
	uint8_t buf[DHCP_MAX_LEN], olen = 0;
	const uint8_t *d;
	struct dhcp_msg m;
	int len;

	(void)state;
	client_req(&m, prl, sizeof(prl));
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_true(len >= DHCP_MIN_REPLY);
	assert_codes(buf, len, want, sizeof(want));
	assert_int_equal(buf[242], DHCP_OFFER);
	assert_int_equal(opt32(buf, len, 3), IP(10, 77, 0, 1));
	assert_int_equal(opt32(buf, len, 28), IP(10, 77, 0, 255));
	d = reply_opt(buf, len, 6, &olen);
	assert_int_equal(olen, 8);
	assert_memory_equal(d, "\x0a\x4d\x00\x01\x09\x09\x09\x09", 8);
	d = reply_opt(buf, len, 15, &olen);
	assert_int_equal(olen, 7);
	assert_memory_equal(d, "fz.test", 7);
	d = reply_opt(buf, len, 26, &olen);
	assert_int_equal(olen, 2);
	assert_memory_equal(d, "\x05\xaa", 2);

	/* options the reply does not have are skipped */
	r.router = 0;
	r.mtu = 0;
	r.n_dns = 0;
	r.domain = NULL;
	r.broadcast = 0;
	r.n_routes = 0;
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	{
		static const uint8_t want2[] = { 53, 54, 58, 1, 51, 59 };

		assert_codes(buf, len, want2, sizeof(want2));
	}
}

/* A NAK: 53, 54, 56 only, no address, whatever the client asked. */
static void test_build_nak(void **state)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 26, 28, 51, 121, 56 };
	static const uint8_t want[] = { 53, 54, 56 };
	struct dhcp_reply r = full_reply(DHCP_NAK);
	uint8_t buf[DHCP_MAX_LEN], olen = 0;
	const uint8_t *d;
	struct dhcp_msg m, back;
	const char *why;
	int len;

	(void)state;
	r.message = "requested address not available";
	client_req(&m, prl, sizeof(prl));
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_int_equal(len, DHCP_MIN_REPLY);
	assert_codes(buf, len, want, sizeof(want));
	assert_int_equal(buf[242], DHCP_NAK);
	d = reply_opt(buf, len, 56, &olen);
	assert_int_equal(olen, strlen(r.message));
	assert_memory_equal(d, r.message, olen);
	assert_int_equal(rd32(buf + 12), 0);	/* ciaddr */
	assert_int_equal(rd32(buf + 16), 0);	/* yiaddr */
	assert_int_equal(rd32(buf + 20), 0);
	assert_int_equal(rd32(buf + 24), IP(10, 1, 1, 1));
	assert_memory_equal(buf + 4, "\xde\xad\xbe\xef", 4);
	assert_int_equal(buf[10], 0x80);
	assert_int_equal(dhcp_msg_parse(buf, len, &back, &why), 0);
	assert_int_equal(back.type, DHCP_NAK);
	assert_int_equal(back.lease_time, 0);

	/* without a message: 53 and 54 */
	r.message = "";
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_codes(buf, len, want, 2);
	r.message = NULL;
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_codes(buf, len, want, 2);
}

/* An ACK to INFORM: no lease options; the mask only if asked for. */
static void test_build_inform(void **state)
{
	static const uint8_t prl[] = { 3, 6 };
	static const uint8_t want[] = { 53, 54, 3, 6 };
	static const uint8_t prl2[] = { 1, 51 };
	static const uint8_t want2[] = { 53, 54, 1 };
	struct dhcp_reply r = full_reply(DHCP_ACK);
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_msg m;
	int len;

	(void)state;
	r.lease_time = 0;
	r.yiaddr = 0;
	client_req(&m, prl, sizeof(prl));
	m.type = DHCP_INFORM;
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_codes(buf, len, want, sizeof(want));
	assert_int_equal(rd32(buf + 16), 0);
	assert_int_equal(rd32(buf + 12), IP(10, 77, 0, 60));
	client_req(&m, prl2, sizeof(prl2));
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_codes(buf, len, want2, sizeof(want2));
}

/* Infinite lease: T1 and T2 infinite too. */
static void test_build_infinite(void **state)
{
	struct dhcp_reply r = full_reply(DHCP_ACK);
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_msg m;
	int len;

	(void)state;
	r.lease_time = UINT32_MAX;
	client_req(&m, NULL, 0);
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_int_equal(opt32(buf, len, 51), UINT32_MAX);
	assert_int_equal(opt32(buf, len, 58), UINT32_MAX);
	assert_int_equal(opt32(buf, len, 59), UINT32_MAX);
	r.lease_time = 86400;
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_int_equal(opt32(buf, len, 58), 43200);
	assert_int_equal(opt32(buf, len, 59), 75600);
}

/* RFC 3442: prefix length, significant octets, router. */
static void test_build_routes(void **state)
{
	static const struct dhcp_route rt[] = {
		{ IP(0, 0, 0, 0), 0, IP(10, 0, 0, 1) },
		{ IP(10, 0, 0, 0), 8, IP(10, 0, 0, 2) },
		{ IP(172, 16, 0, 0), 12, IP(10, 0, 0, 3) },
		{ IP(192, 168, 1, 0), 24, IP(10, 0, 0, 4) },
		{ IP(10, 1, 2, 3), 32, IP(10, 0, 0, 5) },
		{ IP(10, 1, 2, 3), 16, IP(10, 0, 0, 6) },	/* host bits */
		{ IP(10, 1, 2, 3), 33, IP(10, 0, 0, 7) },	/* skipped */
		{ IP(10, 255, 255, 255), 9, IP(10, 0, 0, 8) },
	};
	static const uint8_t want[] = {
		0, 10, 0, 0, 1,
		8, 10, 10, 0, 0, 2,
		12, 172, 16, 10, 0, 0, 3,
		24, 192, 168, 1, 10, 0, 0, 4,
		32, 10, 1, 2, 3, 10, 0, 0, 5,
		16, 10, 1, 10, 0, 0, 6,
		9, 10, 128, 10, 0, 0, 8,
	};
	static const uint8_t prl[] = { 121 };
	struct dhcp_reply r = full_reply(DHCP_ACK);
	uint8_t buf[DHCP_MAX_LEN], olen = 0;
	const uint8_t *d;
	struct dhcp_msg m;
	int len;

	(void)state;
	r.routes = rt;
	r.n_routes = sizeof(rt) / sizeof(rt[0]);
	client_req(&m, prl, sizeof(prl));
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	d = reply_opt(buf, len, 121, &olen);
	assert_non_null(d);
	assert_int_equal(olen, sizeof(want));
	assert_memory_equal(d, want, sizeof(want));

	/* only invalid routes: no option */
	r.routes = &rt[6];
	r.n_routes = 1;
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_null(reply_opt(buf, len, 121, &olen));
}

/* Maximum message size: optional options that do not fit are left out,
 * later smaller ones still go; mandatory ones always. */
static void test_build_max_size(void **state)
{
	static const uint8_t prl[] = { 15, 56, 3, 1 };
	char domain[201], message[256];
	struct dhcp_reply r = full_reply(DHCP_ACK);
	uint8_t buf[DHCP_MAX_LEN], olen = 0;
	struct dhcp_msg m;
	int len;

	(void)state;
	memset(domain, 'd', sizeof(domain) - 1);
	domain[sizeof(domain) - 1] = '\0';
	memset(message, 'm', sizeof(message) - 1);
	message[sizeof(message) - 1] = '\0';
	r.domain = domain;
	r.message = message;
	client_req(&m, prl, sizeof(prl));

	/* no 57: 576 - 28 = 548: 53 54 15(202) 3 1 51 58 59 = 274 + 202 */
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_true(len <= 548);
	{
		static const uint8_t want[] = { 53, 54, 15, 3, 1, 51, 58, 59 };

		assert_codes(buf, len, want, sizeof(want));
	}
	/* 57 below 576 counts as 576 */
	m.max_size = 300;
	assert_int_equal(dhcp_msg_build(&m, &r, buf, sizeof(buf)), len);

	/* room for everything; the message is cut to 255 bytes */
	m.max_size = 1500;
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	{
		static const uint8_t want[] = { 53, 54, 15, 56, 3, 1, 51, 58,
						59 };

		assert_codes(buf, len, want, sizeof(want));
	}
	assert_non_null(reply_opt(buf, len, 56, &olen));
	assert_int_equal(olen, 255);
	assert_true(len <= 1500 - 28);

	/* exactly at the limit: 57 = 28 + the length just built */
	m.max_size = (uint16_t)(len + 28);
	assert_int_equal(dhcp_msg_build(&m, &r, buf, sizeof(buf)), len);
	m.max_size = (uint16_t)(len + 27);	/* one less: the last optional
						 * one (router) is left out */
	{
		static const uint8_t want[] = { 53, 54, 15, 56, 1, 51, 58, 59 };
		int l2 = dhcp_msg_build(&m, &r, buf, sizeof(buf));

		assert_true(l2 <= len - 1);
		assert_codes(buf, l2, want, sizeof(want));
	}

	/* the buffer limits too */
	m.max_size = 1500;
	len = dhcp_msg_build(&m, &r, buf, DHCP_MIN_REPLY);
	assert_int_equal(len, DHCP_MIN_REPLY);
	{
		static const uint8_t want[] = { 53, 54, 3, 1, 51, 58, 59 };

		assert_codes(buf, len, want, sizeof(want));
	}
}

static void test_build_errors(void **state)
{
	char message[256];
	struct dhcp_reply r = full_reply(DHCP_ACK);
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_msg m;

	(void)state;
	client_req(&m, NULL, 0);
	assert_int_equal(dhcp_msg_build(&m, &r, buf, DHCP_MIN_REPLY - 1),
			 -ENOSPC);
	assert_int_equal(dhcp_msg_build(&m, &r, buf, 0), -ENOSPC);
	/* a NAK's message is mandatory: 240 + 3 + 6 + 257 + 1 > 300 */
	memset(message, 'm', sizeof(message) - 1);
	message[sizeof(message) - 1] = '\0';
	r = full_reply(DHCP_NAK);
	r.message = message;
	assert_int_equal(dhcp_msg_build(&m, &r, buf, DHCP_MIN_REPLY), -ENOSPC);
	assert_int_equal(dhcp_msg_build(&m, &r, buf, sizeof(buf)), 507);
	r.type = DHCP_DISCOVER;
	assert_int_equal(dhcp_msg_build(&m, &r, buf, sizeof(buf)), -EINVAL);
	r.type = DHCP_NONE;
	assert_int_equal(dhcp_msg_build(&m, &r, buf, sizeof(buf)), -EINVAL);
}

/* Limits on the reply's own contents: 4 DNS, 8 routes, domain <= 255. */
static void test_build_clamps(void **state)
{
	static const uint8_t prl[] = { 6, 15, 121 };
	struct dhcp_route many[DHCP_MAX_ROUTES + 2];
	struct dhcp_reply r = full_reply(DHCP_ACK);
	uint8_t buf[DHCP_MAX_LEN], olen = 0;
	char domain[257];
	struct dhcp_msg m;
	unsigned int i;
	int len;

	(void)state;
	for (i = 0; i < DHCP_MAX_ROUTES + 2; i++) {
		many[i].dst = IP(10, i, 0, 0);
		many[i].prefix = 16;
		many[i].gw = IP(10, 77, 0, 1);
	}
	memset(domain, 'x', sizeof(domain) - 1);
	domain[sizeof(domain) - 1] = '\0';
	r.n_dns = 200;
	r.dns[2] = IP(3, 3, 3, 3);
	r.dns[3] = IP(4, 4, 4, 4);
	r.routes = many;
	r.n_routes = DHCP_MAX_ROUTES + 2;
	r.domain = domain;
	client_req(&m, prl, sizeof(prl));
	m.max_size = 1500;
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	assert_non_null(reply_opt(buf, len, 6, &olen));
	assert_int_equal(olen, 4 * DHCP_MAX_DNS);
	assert_null(reply_opt(buf, len, 15, &olen));
	assert_non_null(reply_opt(buf, len, 121, &olen));
	assert_int_equal(olen, 7 * DHCP_MAX_ROUTES);
}

/* Round trip: a built reply is a well-formed message. */
static void test_build_roundtrip(void **state)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 26, 28, 121, 56 };
	struct dhcp_reply r = full_reply(DHCP_OFFER);
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_msg m, back;
	const char *why = NULL;
	int len;

	(void)state;
	r.message = "hello";
	client_req(&m, prl, sizeof(prl));
	len = dhcp_msg_build(&m, &r, buf, sizeof(buf));
	if (dhcp_msg_parse(buf, len, &back, &why) != 0)
		fail_msg("reply does not parse: %s", why);
	assert_int_equal(back.op, BOOTREPLY);
	assert_int_equal(back.type, DHCP_OFFER);
	assert_int_equal(back.xid, m.xid);
	assert_int_equal(back.yiaddr, r.yiaddr);
	assert_int_equal(back.server_id, r.server_id);
	assert_int_equal(back.lease_time, r.lease_time);
	assert_int_equal(back.flags, m.flags);
	assert_memory_equal(back.chaddr, m.chaddr, 16);
}

static void test_type_name(void **state)
{
	(void)state;
	assert_string_equal(dhcp_type_name(DHCP_DISCOVER), "DISCOVER");
	assert_string_equal(dhcp_type_name(DHCP_OFFER), "OFFER");
	assert_string_equal(dhcp_type_name(DHCP_REQUEST), "REQUEST");
	assert_string_equal(dhcp_type_name(DHCP_DECLINE), "DECLINE");
	assert_string_equal(dhcp_type_name(DHCP_ACK), "ACK");
	assert_string_equal(dhcp_type_name(DHCP_NAK), "NAK");
	assert_string_equal(dhcp_type_name(DHCP_RELEASE), "RELEASE");
	assert_string_equal(dhcp_type_name(DHCP_INFORM), "INFORM");
	assert_string_equal(dhcp_type_name(DHCP_NONE), "NONE");
	assert_string_equal(dhcp_type_name(9), "UNKNOWN");
	assert_string_equal(dhcp_type_name(255), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_udhcpc_discover),
		cmocka_unit_test(test_real_udhcpc_request),
		cmocka_unit_test(test_real_udhcpc_release),
		cmocka_unit_test(test_real_dhclient_request),
		cmocka_unit_test(test_real_dnsmasq_ack),
		cmocka_unit_test(test_real_reply_to_dhclient),
		cmocka_unit_test(test_parse_options),
		cmocka_unit_test(test_parse_bootp),
		cmocka_unit_test(test_parse_types),
		cmocka_unit_test(test_concat),
		cmocka_unit_test(test_concat_limits),
		cmocka_unit_test(test_overload_file),
		cmocka_unit_test(test_overload_sname),
		cmocka_unit_test(test_overload_both),
		cmocka_unit_test(test_overload_no_reentry),
		cmocka_unit_test(test_overload_bad),
		cmocka_unit_test(test_malformed_length),
		cmocka_unit_test(test_malformed_cookie),
		cmocka_unit_test(test_malformed_options),
		cmocka_unit_test(test_malformed_fixed_sizes),
		cmocka_unit_test(test_malformed_hw),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_repeated_fixed),
		cmocka_unit_test(test_build_header),
		cmocka_unit_test(test_build_prl_order),
		cmocka_unit_test(test_build_nak),
		cmocka_unit_test(test_build_inform),
		cmocka_unit_test(test_build_infinite),
		cmocka_unit_test(test_build_routes),
		cmocka_unit_test(test_build_max_size),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_build_clamps),
		cmocka_unit_test(test_build_roundtrip),
		cmocka_unit_test(test_type_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
