/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_msg.c - DHCPv4 messages (RFC 2131/2132): parse the BOOTP payload a
 * client sent into struct dhcp_msg, and build the server's BOOTREPLY.
 *
 * Parsing is strict about structure (every option inside its field, an END
 * in the options field, fixed-size options with exactly their size) and
 * follows option overload (52: file, then sname, each scanned once; a 52
 * inside those fields is not followed again) and RFC 3396 concatenation
 * for the parameter request list (55), the client identifier (61) and the
 * host name (12). Building puts 53 and 54 first, then the options the
 * client asked for in its order, then any mandatory ones it did not ask
 * for, and leaves out optional options that would exceed the client's
 * maximum message size.
 */
#include <errno.h>
#include <string.h>

#include "dhcp_msg.h"

/* Offsets in the fixed part of a BOOTP message */
#define OFF_OP		0
#define OFF_HTYPE	1
#define OFF_HLEN	2
#define OFF_HOPS	3
#define OFF_XID		4
#define OFF_SECS	8
#define OFF_FLAGS	10
#define OFF_CIADDR	12
#define OFF_YIADDR	16
#define OFF_SIADDR	20
#define OFF_GIADDR	24
#define OFF_CHADDR	28
#define OFF_SNAME	44
#define OFF_FILE	108
#define OFF_MAGIC	236
#define OFF_OPTIONS	240
#define SNAME_LEN	64
#define FILE_LEN	128

#define OVERLOAD_FILE	1
#define OVERLOAD_SNAME	2

#define IP_UDP_HLEN	28	/* what option 57 counts beyond the payload */
#define MIN_MAX_SIZE	576	/* RFC 2131: every client accepts this */
#define OPT_MAX		255	/* data bytes in one option instance */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/**
 * struct parse_state - What the option scan accumulates
 * @m:		Message being filled
 * @host:	Host name bytes (12), concatenated, at most DHCP_HOSTNAME_MAX
 * @host_len:	Their number
 * @cid_seen:	Whether option 61 occurred (even empty)
 * @why:	Reason of a failure
 */
struct parse_state {
	struct dhcp_msg *m;
	uint8_t host[DHCP_HOSTNAME_MAX];
	size_t host_len;
	bool cid_seen;
	const char *why;
};

/* Exact data size of a fixed-size option, 0 for the others. */
static unsigned int fixed_size(uint8_t code)
{
	switch (code) {
	case DHCP_OPT_MSG_TYPE:
	case DHCP_OPT_OVERLOAD:
		return 1;
	case DHCP_OPT_MAX_SIZE:
		return 2;
	case DHCP_OPT_REQ_IP:
	case DHCP_OPT_LEASE_TIME:
	case DHCP_OPT_SERVER_ID:
		return 4;
	default:
		return 0;
	}
}

/* Take one option instance. @main: found in the options field (the only
 * place where option 52 counts). Return 0, or -1 with @st->why set. */
static int take_option(struct parse_state *st, uint8_t code,
		       const uint8_t *d, uint8_t len, bool main)
{
	struct dhcp_msg *m = st->m;
	unsigned int fs = fixed_size(code), n;

	if (fs != 0 && len != fs) {
		st->why = "fixed-size option with a wrong length";
		return -1;
	}
	switch (code) {
	case DHCP_OPT_MSG_TYPE:
		if (d[0] < DHCP_DISCOVER || d[0] > DHCP_INFORM) {
			st->why = "bad message type";
			return -1;
		}
		m->type = d[0];
		break;
	case DHCP_OPT_OVERLOAD:
		if (!main)
			break;	/* inside file/sname: not followed again */
		if (d[0] < 1 || d[0] > 3) {
			st->why = "bad option overload value";
			return -1;
		}
		m->overload = d[0];
		break;
	case DHCP_OPT_REQ_IP:
		m->has_req_ip = true;
		m->req_ip = get32(d);
		break;
	case DHCP_OPT_SERVER_ID:
		m->has_server_id = true;
		m->server_id = get32(d);
		break;
	case DHCP_OPT_LEASE_TIME:
		m->lease_time = get32(d);
		break;
	case DHCP_OPT_MAX_SIZE:
		m->max_size = get16(d);
		break;
	case DHCP_OPT_PRL:
		/* Concatenated (RFC 3396); codes beyond 255 are dropped */
		n = sizeof(m->prl) - m->prl_len;
		if (n > len)
			n = len;
		memcpy(m->prl + m->prl_len, d, n);
		m->prl_len += n;
		break;
	case DHCP_OPT_CLIENT_ID:
		st->cid_seen = true;
		if (m->client_id_len + len > DHCP_CLIENT_ID_MAX) {
			st->why = "client identifier too long";
			return -1;
		}
		memcpy(m->client_id + m->client_id_len, d, len);
		m->client_id_len += len;
		break;
	case DHCP_OPT_HOSTNAME:
		n = sizeof(st->host) - st->host_len;
		if (n > len)
			n = len;
		memcpy(st->host + st->host_len, d, n);
		st->host_len += n;
		break;
	default:
		break;
	}
	return 0;
}

/* Scan one field for options. Return 0, or -1 with @st->why set. */
static int scan_field(struct parse_state *st, const uint8_t *p, size_t len,
		      bool main)
{
	size_t i = 0;
	uint8_t code, olen;

	while (i < len) {
		code = p[i];
		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (code == DHCP_OPT_END)
			return 0;	/* what follows is padding */
		if (i + 1 >= len) {
			st->why = "option without a length";
			return -1;
		}
		olen = p[i + 1];
		if (olen > len - i - 2) {
			st->why = "option runs past the end of its field";
			return -1;
		}
		if (take_option(st, code, p + i + 2, olen, main) < 0)
			return -1;
		i += 2 + (size_t)olen;
	}
	if (main) {
		st->why = "no END option";
		return -1;
	}
	return 0;	/* file/sname may end without END */
}

/* Host name: printable ASCII, others '?'; trailing NULs (some clients
 * count a C string's terminator) are dropped. */
static void set_hostname(struct dhcp_msg *m, const struct parse_state *st)
{
	size_t n = st->host_len, i;

	while (n > 0 && st->host[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++) {
		uint8_t c = st->host[i];

		m->hostname[i] = (c >= 0x20 && c <= 0x7e) ? (char)c : '?';
	}
	m->hostname[n] = '\0';
}

/**
 * dhcp_msg_parse() - Parse a BOOTP/DHCP payload (the UDP payload)
 * @buf:	Payload
 * @len:	Its length
 * @m:		Output
 * @why:	Set to a static reason string on failure (may be NULL)
 *
 * See dhcp_msg.h. Several instances of a fixed-size option: the last one
 * counts. Option 52 counts only in the options field. A client identifier
 * (61) of fewer than 2 bytes in all, or of more than DHCP_CLIENT_ID_MAX, is
 * malformed; a parameter request list beyond 255 bytes is cut there. hlen
 * above 16 is malformed for any message.
 *
 * Return: 0, or -EINVAL (malformed)
 */
int dhcp_msg_parse(const uint8_t *buf, size_t len, struct dhcp_msg *m,
		   const char **why)
{
	struct parse_state st = { .m = m };

	memset(m, 0, sizeof(*m));
	if (len < DHCP_MIN_LEN) {
		st.why = "shorter than a BOOTP header and magic cookie";
		goto bad;
	}
	if (len > DHCP_MAX_LEN) {
		st.why = "longer than DHCP_MAX_LEN";
		goto bad;
	}
	m->op = buf[OFF_OP];
	m->htype = buf[OFF_HTYPE];
	m->hlen = buf[OFF_HLEN];
	m->hops = buf[OFF_HOPS];
	memcpy(&m->xid, buf + OFF_XID, sizeof(m->xid));
	m->secs = get16(buf + OFF_SECS);
	m->flags = get16(buf + OFF_FLAGS);
	m->ciaddr = get32(buf + OFF_CIADDR);
	m->yiaddr = get32(buf + OFF_YIADDR);
	m->siaddr = get32(buf + OFF_SIADDR);
	m->giaddr = get32(buf + OFF_GIADDR);
	memcpy(m->chaddr, buf + OFF_CHADDR, sizeof(m->chaddr));
	if (m->op != BOOTREQUEST && m->op != BOOTREPLY) {
		st.why = "bad op";
		goto bad;
	}
	if (m->hlen > sizeof(m->chaddr)) {
		st.why = "hardware address longer than chaddr";
		goto bad;
	}
	if (get32(buf + OFF_MAGIC) != DHCP_MAGIC) {
		st.why = "bad magic cookie";
		goto bad;
	}
	if (scan_field(&st, buf + OFF_OPTIONS, len - OFF_OPTIONS, true) < 0)
		goto bad;
	if ((m->overload & OVERLOAD_FILE) &&
	    scan_field(&st, buf + OFF_FILE, FILE_LEN, false) < 0)
		goto bad;
	if ((m->overload & OVERLOAD_SNAME) &&
	    scan_field(&st, buf + OFF_SNAME, SNAME_LEN, false) < 0)
		goto bad;
	if (st.cid_seen && m->client_id_len < 2) {
		st.why = "client identifier shorter than 2 bytes";
		goto bad;
	}
	if (m->type != DHCP_NONE && (m->htype != 1 || m->hlen != 6)) {
		st.why = "not an Ethernet hardware address";
		goto bad;
	}
	set_hostname(m, &st);
	return 0;
bad:
	if (why != NULL)
		*why = st.why;
	return -EINVAL;
}

/* Encode the data of option @code of reply @r into @d (OPT_MAX bytes).
 * Return its length, or -1 if @r has no such option. */
static int encode_option(const struct dhcp_reply *r, uint8_t code, uint8_t *d)
{
	unsigned int i, n, sig, pos;
	size_t sl;
	uint32_t v, mask;
	uint64_t t;

	switch (code) {
	case DHCP_OPT_MSG_TYPE:
		d[0] = r->type;
		return 1;
	case DHCP_OPT_SERVER_ID:
		put32(d, r->server_id);
		return 4;
	case DHCP_OPT_LEASE_TIME:
	case DHCP_OPT_T1:
	case DHCP_OPT_T2:
		if (r->lease_time == 0)
			return -1;
		t = r->lease_time;
		if (r->lease_time != UINT32_MAX) {	/* infinity stays */
			if (code == DHCP_OPT_T1)
				t = t / 2;
			else if (code == DHCP_OPT_T2)
				t = t * 7 / 8;
		}
		put32(d, (uint32_t)t);
		return 4;
	case DHCP_OPT_SUBNET_MASK:
	case DHCP_OPT_ROUTER:
	case DHCP_OPT_BROADCAST:
		v = code == DHCP_OPT_SUBNET_MASK ? r->mask :
		    code == DHCP_OPT_ROUTER ? r->router : r->broadcast;
		if (v == 0)
			return -1;
		put32(d, v);
		return 4;
	case DHCP_OPT_MTU:
		if (r->mtu == 0)
			return -1;
		d[0] = r->mtu >> 8;
		d[1] = r->mtu & 0xff;
		return 2;
	case DHCP_OPT_DNS:
		n = r->n_dns > DHCP_MAX_DNS ? DHCP_MAX_DNS : r->n_dns;
		for (i = 0; i < n; i++)
			put32(d + 4 * i, r->dns[i]);
		return n == 0 ? -1 : (int)(4 * n);
	case DHCP_OPT_DOMAIN:
		sl = r->domain == NULL ? 0 : strlen(r->domain);
		if (sl == 0 || sl > OPT_MAX)
			return -1;	/* cutting a name would change it */
		memcpy(d, r->domain, sl);
		return (int)sl;
	case DHCP_OPT_MESSAGE:
		sl = r->message == NULL ? 0 : strlen(r->message);
		if (sl == 0)
			return -1;
		if (sl > OPT_MAX)
			sl = OPT_MAX;	/* human text: cut */
		memcpy(d, r->message, sl);
		return (int)sl;
	case DHCP_OPT_CLASSLESS_ROUTE:
		/* RFC 3442: prefix length, the significant octets of the
		 * destination, the router */
		n = r->n_routes > DHCP_MAX_ROUTES ? DHCP_MAX_ROUTES :
			r->n_routes;
		pos = 0;
		for (i = 0; r->routes != NULL && i < n; i++) {
			const struct dhcp_route *rt = &r->routes[i];

			if (rt->prefix > 32)
				continue;
			sig = (rt->prefix + 7u) / 8;
			mask = rt->prefix == 0 ? 0 :
				UINT32_MAX << (32 - rt->prefix);
			d[pos++] = rt->prefix;
			put32(d + pos, rt->dst & mask);	/* then keep @sig */
			pos += sig;
			put32(d + pos, rt->gw);
			pos += 4;
		}
		return pos == 0 ? -1 : (int)pos;
	default:
		return -1;
	}
}

/* Append option @code with @len bytes of @d at @buf + *@pos. */
static void put_option(uint8_t *buf, size_t *pos, uint8_t code,
		       const uint8_t *d, int len)
{
	buf[*pos] = code;
	buf[*pos + 1] = (uint8_t)len;
	memcpy(buf + *pos + 2, d, (size_t)len);
	*pos += 2 + (size_t)len;
}

/* Whether @code must be sent in reply @r (if it has it). */
static bool mandatory(const struct dhcp_reply *r, uint8_t code)
{
	switch (code) {
	case DHCP_OPT_MSG_TYPE:
	case DHCP_OPT_SERVER_ID:
		return true;
	case DHCP_OPT_MESSAGE:
		return r->type == DHCP_NAK;
	case DHCP_OPT_LEASE_TIME:
	case DHCP_OPT_T1:
	case DHCP_OPT_T2:
		return r->type != DHCP_NAK;
	case DHCP_OPT_SUBNET_MASK:
		return r->type != DHCP_NAK && r->lease_time != 0;
	default:
		return false;
	}
}

/* Mandatory options, in the order they go when the client did not ask */
static const uint8_t mandatory_order[] = {
	DHCP_OPT_MSG_TYPE, DHCP_OPT_SERVER_ID, DHCP_OPT_LEASE_TIME,
	DHCP_OPT_T1, DHCP_OPT_T2, DHCP_OPT_SUBNET_MASK, DHCP_OPT_MESSAGE,
};

/**
 * dhcp_msg_build() - Build a BOOTREPLY payload answering @req
 * @req:	The client's message
 * @r:		Reply contents (@r->type DHCP_OFFER, DHCP_ACK or DHCP_NAK)
 * @buf:	Output buffer
 * @size:	Its size (at least DHCP_MIN_REPLY)
 *
 * See dhcp_msg.h. Options 53 and 54 come first, then the options the
 * parameter request list names (each once, in its order), then the
 * mandatory ones it did not name, then END. A NAK ignores the list and has
 * yiaddr and ciaddr 0 (RFC 2131 table 3). Option 56 is mandatory in a NAK
 * (if @r->message is not empty), optional in an OFFER/ACK. A domain longer
 * than 255 bytes is left out, a message longer than that is cut. At most
 * DHCP_MAX_DNS servers and DHCP_MAX_ROUTES routes are sent; routes with a
 * prefix length above 32 are skipped.
 *
 * Return: payload length, -ENOSPC if the mandatory options do not fit
 * @size, -EINVAL if @r->type is not one of the three
 */
int dhcp_msg_build(const struct dhcp_msg *req, const struct dhcp_reply *r,
		   uint8_t *buf, size_t size)
{
	uint8_t d[OPT_MAX], done[256] = { 0 }, code;
	size_t limit, pos, reserve = 1, avail, i, max;
	bool nak = r->type == DHCP_NAK;
	int n;

	if (r->type != DHCP_OFFER && r->type != DHCP_ACK && !nak)
		return -EINVAL;
	if (size < DHCP_MIN_REPLY)
		return -ENOSPC;
	max = req->max_size < MIN_MAX_SIZE ? MIN_MAX_SIZE : req->max_size;
	limit = max - IP_UDP_HLEN;
	if (limit > size)
		limit = size;

	/* Room the mandatory options and END take */
	for (i = 0; i < sizeof(mandatory_order); i++) {
		code = mandatory_order[i];
		if (!mandatory(r, code))
			continue;
		n = encode_option(r, code, d);
		if (n >= 0)
			reserve += 2 + (size_t)n;
	}
	if (OFF_OPTIONS + reserve > limit)
		return -ENOSPC;
	avail = limit - OFF_OPTIONS - reserve;

	memset(buf, 0, OFF_OPTIONS);
	buf[OFF_OP] = BOOTREPLY;
	buf[OFF_HTYPE] = req->htype;
	buf[OFF_HLEN] = req->hlen;
	memcpy(buf + OFF_XID, &req->xid, sizeof(req->xid));
	buf[OFF_FLAGS] = req->flags >> 8;
	buf[OFF_FLAGS + 1] = req->flags & 0xff;
	if (!nak) {
		put32(buf + OFF_CIADDR, req->ciaddr);
		put32(buf + OFF_YIADDR, r->yiaddr);
	}
	put32(buf + OFF_GIADDR, req->giaddr);
	memcpy(buf + OFF_CHADDR, req->chaddr, sizeof(req->chaddr));
	put32(buf + OFF_MAGIC, DHCP_MAGIC);
	pos = OFF_OPTIONS;

	for (i = 0; i < 2; i++) {
		code = mandatory_order[i];
		n = encode_option(r, code, d);
		put_option(buf, &pos, code, d, n);
		done[code] = 1;
	}
	for (i = 0; !nak && i < req->prl_len && i < sizeof(req->prl); i++) {
		code = req->prl[i];
		if (done[code])
			continue;
		done[code] = 1;
		n = encode_option(r, code, d);
		if (n < 0)
			continue;
		if (!mandatory(r, code)) {
			if (2 + (size_t)n > avail)
				continue;	/* does not fit: left out */
			avail -= 2 + (size_t)n;
		}
		put_option(buf, &pos, code, d, n);
	}
	for (i = 2; i < sizeof(mandatory_order); i++) {
		code = mandatory_order[i];
		if (done[code] || !mandatory(r, code))
			continue;
		n = encode_option(r, code, d);
		if (n >= 0)
			put_option(buf, &pos, code, d, n);
	}
	buf[pos++] = DHCP_OPT_END;
	if (pos < DHCP_MIN_REPLY) {
		memset(buf + pos, 0, DHCP_MIN_REPLY - pos);
		pos = DHCP_MIN_REPLY;
	}
	return (int)pos;
}

/**
 * dhcp_type_name() - Name of a DHCP message type, for logs
 * @type:	Option 53 value
 *
 * Return: "DISCOVER" .. "INFORM", "NONE" for DHCP_NONE (BOOTP), else
 * "UNKNOWN"
 */
const char *dhcp_type_name(uint8_t type)
{
	static const char *const names[] = {
		[DHCP_NONE] = "NONE",
		[DHCP_DISCOVER] = "DISCOVER",
		[DHCP_OFFER] = "OFFER",
		[DHCP_REQUEST] = "REQUEST",
		[DHCP_DECLINE] = "DECLINE",
		[DHCP_ACK] = "ACK",
		[DHCP_NAK] = "NAK",
		[DHCP_RELEASE] = "RELEASE",
		[DHCP_INFORM] = "INFORM",
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	return "UNKNOWN";
}
