/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_server.c - one network's DHCPv4 server: classify a guest's frame,
 * run the RFC 2131 server side for it against the lease pool, and build
 * the single frame that answers it.
 *
 * The switch sits on the clients' L2 segment, so relayed messages (giaddr
 * set) are not ours, and the server is authoritative for the segment: a
 * client in INIT-REBOOT whose lease we lost gets its address back if it is
 * free, and a REQUEST for an address the client may not have is NAKed.
 * A client message unicast to an address other than the server's (a client
 * renewing with some other server) is not ours either.
 * Offers are held in the pool (dhcp_db_offer()) but not persisted; every
 * commit, release and decline sets *changed so the daemon saves the pool
 * before the reply leaves.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_server.h"

#define DHCP_BCAST_IP	0xffffffffu
#define DHCP_N_EXCLUDED	4	/* server, router, network, broadcast */

/**
 * struct dhcp_server - A network's server
 * @cfg:	Configuration (copy)
 * @mask:	Subnet mask from @cfg.prefix
 * @bcast:	Subnet broadcast address
 * @db:		Lease pool
 * @stats:	Counters
 */
struct dhcp_server {
	struct dhcp_server_cfg cfg;
	uint32_t mask;
	uint32_t bcast;
	struct dhcp_db *db;
	struct dhcp_server_stats stats;
};

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint32_t prefix_mask(uint8_t prefix)
{
	return prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
}

static bool in_subnet(const struct dhcp_server *s, uint32_t ip)
{
	return (ip & s->mask) == (s->cfg.subnet & s->mask);
}

/* Server, router (if in the subnet), and the subnet's network and
 * broadcast addresses (when the subnet has them) are never handed out. */
static void set_exclusions(struct dhcp_server *s)
{
	uint32_t ex[DHCP_N_EXCLUDED];
	unsigned int n = 0;

	if (s->cfg.server_ip != 0)
		ex[n++] = s->cfg.server_ip;
	if (s->cfg.router != 0 && in_subnet(s, s->cfg.router))
		ex[n++] = s->cfg.router;
	if (s->cfg.prefix <= 30) {
		ex[n++] = s->cfg.subnet & s->mask;
		ex[n++] = s->bcast;
	}
	dhcp_db_set_excluded(s->db, ex, n);
}

/* Derived fields of a configuration; false if it cannot be served. */
static bool cfg_check(const struct dhcp_server_cfg *cfg, uint32_t *mask,
		      uint32_t *bcast)
{
	if (cfg->prefix > 32)
		return false;
	*mask = prefix_mask(cfg->prefix);
	*bcast = (cfg->subnet & *mask) | ~*mask;
	return true;
}

/**
 * dhcp_server_new() - A server with an empty pool
 * @cfg:	Configuration (copied)
 *
 * Return: server, NULL on a bad range or allocation failure
 */
struct dhcp_server *dhcp_server_new(const struct dhcp_server_cfg *cfg)
{
	struct dhcp_server *s;
	uint32_t mask, bcast;

	if (!cfg_check(cfg, &mask, &bcast))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->db = dhcp_db_new(cfg->conf.range_first, cfg->conf.range_last);
	if (s->db == NULL) {
		free(s);
		return NULL;
	}
	s->cfg = *cfg;
	s->mask = mask;
	s->bcast = bcast;
	set_exclusions(s);
	return s;
}

/**
 * dhcp_server_free() - Free a server and its pool
 * @s:		Server, or NULL
 */
void dhcp_server_free(struct dhcp_server *s)
{
	if (s == NULL)
		return;
	dhcp_db_free(s->db);
	free(s);
}

/**
 * dhcp_server_reconfig() - Apply a new configuration live
 * @s:		Server
 * @cfg:	New configuration: a new range keeps the leases that still fit
 *
 * Return: 0, -EINVAL (bad range: nothing changed)
 */
int dhcp_server_reconfig(struct dhcp_server *s,
			 const struct dhcp_server_cfg *cfg)
{
	uint32_t mask, bcast;
	int rc;

	if (!cfg_check(cfg, &mask, &bcast))
		return -EINVAL;
	rc = dhcp_db_set_range(s->db, cfg->conf.range_first,
			       cfg->conf.range_last);
	if (rc != 0)
		return -EINVAL;
	s->cfg = *cfg;
	s->mask = mask;
	s->bcast = bcast;
	set_exclusions(s);
	return 0;
}

/**
 * dhcp_server_get_cfg() - The configuration being served
 * @s:		Server
 *
 * Return: the server's copy
 */
const struct dhcp_server_cfg *dhcp_server_get_cfg(const struct dhcp_server *s)
{
	return &s->cfg;
}

/**
 * dhcp_server_db() - The server's lease pool (lease file, vswctl, tests)
 * @s:		Server
 *
 * Return: the pool, owned by @s
 */
struct dhcp_db *dhcp_server_db(struct dhcp_server *s)
{
	return s->db;
}

/**
 * dhcp_server_get_stats() - The server's counters
 * @s:		Server
 *
 * Return: counters, owned by @s
 */
const struct dhcp_server_stats *dhcp_server_get_stats(
	const struct dhcp_server *s)
{
	return &s->stats;
}

/**
 * dhcp_result_name() - Short name of a result, for counters
 * @r:		Result
 *
 * Return: static string, "unknown" if out of range
 */
const char *dhcp_result_name(enum dhcp_result r)
{
	static const char *const names[] = {
#define DHCP_RESULT_NAME_(sym, name, desc) [DHCP_R_##sym] = name,
		DHCP_RESULTS(DHCP_RESULT_NAME_)
#undef DHCP_RESULT_NAME_
	};

	if ((unsigned int)r >= DHCP_R_MAX)
		return "unknown";
	return names[r];
}

/* The pool's idea of who asks: option 61 if sent, else chaddr. */
static void msg_client(const struct dhcp_msg *m, struct dhcp_client *c)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->mac, m->chaddr, sizeof(c->mac));
	c->client_id_len = m->client_id_len;
	if (m->client_id_len > 0)
		memcpy(c->client_id, m->client_id, m->client_id_len);
}

static const char *port_name(const struct dhcp_req_ctx *ctx)
{
	return ctx->port != NULL ? ctx->port : "";
}

/* Lease time to give: the configured one, or the client's shorter wish
 * (option 51), but never below DHCP_LEASE_MIN. */
static uint32_t lease_time(const struct dhcp_server *s,
			   const struct dhcp_msg *m)
{
	uint32_t t = s->cfg.conf.lease_time;

	if (t == 0)
		t = DHCP_LEASE_DEFAULT;
	if (m->lease_time != 0 && m->lease_time < t)
		t = m->lease_time < DHCP_LEASE_MIN ?
			(t < DHCP_LEASE_MIN ? t : DHCP_LEASE_MIN) :
			m->lease_time;
	return t;
}

/* Host name recorded with a lease on @ip: the client's option 12, else
 * the name of its reservation, else what its entry on @ip already had
 * (clients often leave option 12 out when renewing), else none. */
static void lease_hostname(struct dhcp_server *s, const struct dhcp_msg *m,
			   const struct dhcp_client *c, uint32_t ip,
			   char name[DHCP_HOSTNAME_MAX + 1])
{
	const struct dhcp_host *h;
	const struct dhcp_lease *l;
	const char *src = "";

	if (m->hostname[0] != '\0') {
		src = m->hostname;
	} else {
		h = dhcp_db_host_find(s->db, m->chaddr);
		l = dhcp_db_find(s->db, c);
		if (h != NULL && h->hostname[0] != '\0')
			src = h->hostname;
		else if (l != NULL && l->ip == ip)
			src = l->hostname;
	}
	snprintf(name, DHCP_HOSTNAME_MAX + 1, "%s", src);
}

/*
 * Build the reply frame into @out: @type with @yiaddr, a lease of @lease
 * seconds (0: none, for NAK and INFORM), @why as option 56 of a NAK.
 * Destination per RFC 2131 4.1 (giaddr is always 0 here).
 */
static enum dhcp_result reply(struct dhcp_server *s, const struct dhcp_msg *m,
			      uint8_t type, uint32_t yiaddr, uint32_t lease,
			      const char *why, uint8_t *out, size_t *out_len)
{
	const struct dhcp_conf *dc = &s->cfg.conf;
	struct dhcp_reply r;
	const uint8_t *dst_mac;
	uint32_t dst_ip;
	int plen;

	memset(&r, 0, sizeof(r));
	r.type = type;
	r.yiaddr = yiaddr;
	r.server_id = s->cfg.server_ip;
	r.domain = "";
	r.message = why != NULL ? why : "";
	if (type != DHCP_NAK) {
		r.lease_time = lease;
		r.mask = s->mask;
		r.router = s->cfg.router;
		r.broadcast = s->cfg.prefix <= 30 ? s->bcast : 0;
		r.mtu = s->cfg.mtu;
		r.n_dns = dc->n_dns > DHCP_MAX_DNS ? DHCP_MAX_DNS : dc->n_dns;
		memcpy(r.dns, dc->dns, sizeof(r.dns));
		r.domain = dc->domain;
		r.n_routes = dc->n_routes > DHCP_MAX_ROUTES ?
			DHCP_MAX_ROUTES : dc->n_routes;
		r.routes = dc->routes;
	}
	plen = dhcp_msg_build(m, &r, out + DHCP_HDRS_LEN,
			      DHCP_OUT_MAX - DHCP_HDRS_LEN);
	if (plen < 0)
		return DHCP_R_SILENT;	/* cannot happen with 1472 bytes */

	if (type == DHCP_NAK) {
		dst_mac = bcast_mac;
		dst_ip = DHCP_BCAST_IP;
	} else if (m->ciaddr != 0) {
		dst_mac = m->chaddr;
		dst_ip = m->ciaddr;
	} else if ((m->flags & DHCP_FLAG_BROADCAST) || yiaddr == 0) {
		dst_mac = bcast_mac;
		dst_ip = DHCP_BCAST_IP;
	} else {
		dst_mac = m->chaddr;
		dst_ip = yiaddr;
	}
	*out_len = dhcp_frame_build_udp(out, s->cfg.server_mac, dst_mac,
					s->cfg.server_ip, dst_ip,
					DHCP_SERVER_PORT, DHCP_CLIENT_PORT,
					out + DHCP_HDRS_LEN, (size_t)plen);
	s->stats.tx[type]++;
	return DHCP_R_REPLIED;
}

/* Bind @ip for the client: ACK, or NAK if the pool refuses. */
static enum dhcp_result commit(struct dhcp_server *s, const struct dhcp_msg *m,
			       uint32_t ip, const struct dhcp_req_ctx *ctx,
			       uint8_t *out, size_t *out_len, bool *changed)
{
	char name[DHCP_HOSTNAME_MAX + 1];
	uint32_t t = lease_time(s, m);
	struct dhcp_client c;
	const char *why;
	int rc;

	if (!in_subnet(s, ip))
		return reply(s, m, DHCP_NAK, 0, 0, "wrong network", out,
			     out_len);
	msg_client(m, &c);
	lease_hostname(s, m, &c, ip, name);
	rc = dhcp_db_commit(s->db, &c, ip, t, name, port_name(ctx),
			    ctx->port_cap, ctx->now);
	if (rc == 0) {
		*changed = true;
		return reply(s, m, DHCP_ACK, ip, t, NULL, out, out_len);
	}
	switch (rc) {
	case -ERANGE:
		why = "address not in range";
		break;
	case -EDQUOT:
		why = "port lease limit reached";
		break;
	default:
		why = "address not available";
		break;
	}
	return reply(s, m, DHCP_NAK, 0, 0, why, out, out_len);
}

static enum dhcp_result on_discover(struct dhcp_server *s,
				    const struct dhcp_msg *m,
				    const struct dhcp_req_ctx *ctx,
				    uint8_t *out, size_t *out_len)
{
	struct dhcp_client c;
	uint32_t ip;
	int rc;

	msg_client(m, &c);
	rc = dhcp_db_offer(s->db, &c, m->has_req_ip ? m->req_ip : 0,
			   port_name(ctx), ctx->port_cap, ctx->now, &ip);
	if (rc == -EDQUOT)
		return DHCP_R_PORT_CAP;
	if (rc != 0)
		return DHCP_R_EXHAUSTED;
	return reply(s, m, DHCP_OFFER, ip, lease_time(s, m), NULL, out,
		     out_len);
}

static enum dhcp_result on_request(struct dhcp_server *s,
				   const struct dhcp_msg *m,
				   const struct dhcp_req_ctx *ctx,
				   uint8_t *out, size_t *out_len,
				   bool *changed)
{
	struct dhcp_client c;
	struct dhcp_lease *l;

	if (m->has_server_id) {
		/* SELECTING */
		if (m->server_id != s->cfg.server_ip) {
			/* Another server won: free what we held for it. */
			msg_client(m, &c);
			l = dhcp_db_find(s->db, &c);
			if (l != NULL && l->state == DHCP_LEASE_OFFERED)
				dhcp_db_del(s->db, l->ip);
			return DHCP_R_SILENT;
		}
		if (!m->has_req_ip)
			return reply(s, m, DHCP_NAK, 0, 0,
				     "no requested address", out, out_len);
		return commit(s, m, m->req_ip, ctx, out, out_len, changed);
	}
	if (m->has_req_ip)	/* INIT-REBOOT */
		return commit(s, m, m->req_ip, ctx, out, out_len, changed);
	if (m->ciaddr != 0)	/* RENEWING, REBINDING */
		return commit(s, m, m->ciaddr, ctx, out, out_len, changed);
	return DHCP_R_MALFORMED;	/* no address to speak of */
}

static enum dhcp_result on_decline(struct dhcp_server *s,
				   const struct dhcp_msg *m,
				   const struct dhcp_req_ctx *ctx,
				   bool *changed)
{
	struct dhcp_client c;

	if (!m->has_server_id || !m->has_req_ip)
		return DHCP_R_MALFORMED;
	if (m->server_id != s->cfg.server_ip)
		return DHCP_R_NOT_OURS;
	msg_client(m, &c);
	if (dhcp_db_decline(s->db, &c, m->req_ip, ctx->now) == 0)
		*changed = true;
	return DHCP_R_SILENT;
}

static enum dhcp_result on_release(struct dhcp_server *s,
				   const struct dhcp_msg *m,
				   const struct dhcp_req_ctx *ctx,
				   bool *changed)
{
	struct dhcp_client c;

	if (!m->has_server_id || m->ciaddr == 0)
		return DHCP_R_MALFORMED;
	if (m->server_id != s->cfg.server_ip)
		return DHCP_R_NOT_OURS;
	msg_client(m, &c);
	if (dhcp_db_release(s->db, &c, m->ciaddr, ctx->now) == 0)
		*changed = true;
	return DHCP_R_SILENT;
}

/* A client message (UDP 68 -> 67) in @frame. */
static enum dhcp_result on_client(struct dhcp_server *s, const uint8_t *frame,
				  const struct dhcp_frame_info *fi,
				  const struct dhcp_req_ctx *ctx,
				  uint8_t *out, size_t *out_len,
				  bool *changed)
{
	struct dhcp_msg m;
	const char *why;

	/* Unicast to some other server (a client renewing elsewhere). */
	if (fi->dst_ip != DHCP_BCAST_IP && fi->dst_ip != s->cfg.server_ip &&
	    fi->dst_ip != s->bcast)
		return DHCP_R_NOT_OURS;
	if (dhcp_msg_parse(frame + fi->payload, fi->payload_len, &m,
			   &why) != 0 || m.op != BOOTREQUEST)
		return DHCP_R_MALFORMED;
	if (m.type < sizeof(s->stats.rx) / sizeof(s->stats.rx[0]))
		s->stats.rx[m.type]++;
	if (m.giaddr != 0)
		return DHCP_R_NOT_OURS;

	switch (m.type) {
	case DHCP_DISCOVER:
		return on_discover(s, &m, ctx, out, out_len);
	case DHCP_REQUEST:
		return on_request(s, &m, ctx, out, out_len, changed);
	case DHCP_DECLINE:
		return on_decline(s, &m, ctx, changed);
	case DHCP_RELEASE:
		return on_release(s, &m, ctx, changed);
	case DHCP_INFORM:
		return reply(s, &m, DHCP_ACK, 0, 0, NULL, out, out_len);
	default:
		/* BOOTP (no type), or a server's type from a client */
		return DHCP_R_MALFORMED;
	}
}

/**
 * dhcp_server_input() - Handle one frame a guest sent to the server
 * @s:		Server
 * @frame:	Whole frame, untagged (linear copy)
 * @len:	Its length
 * @ctx:	Ingress port and time
 * @out:	Reply frame (untagged), DHCP_OUT_MAX bytes
 * @out_len:	Output: reply length, 0 if none
 * @changed:	Output: set to true if the lease pool changed in a way that
 *		must be persisted before the reply is sent; left alone otherwise
 *
 * Return: what happened (also counted in the server's stats)
 */
enum dhcp_result dhcp_server_input(struct dhcp_server *s, const uint8_t *frame,
				   size_t len, const struct dhcp_req_ctx *ctx,
				   uint8_t *out, size_t *out_len, bool *changed)
{
	struct dhcp_frame_info fi;
	enum dhcp_result r;

	*out_len = 0;
	switch (dhcp_frame_parse(frame, len, &fi)) {
	case DHCP_FRAME_CLIENT:
		r = on_client(s, frame, &fi, ctx, out, out_len, changed);
		break;
	case DHCP_FRAME_ARP:
		if (fi.arp_op == 1 && fi.dst_ip == s->cfg.server_ip &&
		    s->cfg.server_ip != 0) {
			*out_len = dhcp_frame_build_arp_reply(out,
				s->cfg.server_mac, s->cfg.server_ip, &fi);
			s->stats.arp_replies++;
			r = DHCP_R_REPLIED;
		} else {
			r = DHCP_R_NOT_OURS;
		}
		break;
	case DHCP_FRAME_BAD:
		r = DHCP_R_MALFORMED;
		break;
	case DHCP_FRAME_SERVER:	/* the rogue-server guard's business */
	case DHCP_FRAME_OTHER:
	default:
		r = DHCP_R_NOT_OURS;
		break;
	}
	s->stats.results[r]++;
	return r;
}
