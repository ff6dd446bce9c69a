/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp-leases.c - how many leases per second the DHCP service can grant.
 *
 * Drives dhcp_server_input() the way vswitchd's DHCP thread does: frames in
 * batches of up to 32 (the ring burst), each batch followed by one write of
 * the lease file (temp, fsync, rename, fsync of the directory) when a lease
 * changed, before its replies would be sent. Every client does a full
 * DISCOVER -> OFFER -> REQUEST -> ACK exchange with its own MAC, so one
 * lease is two messages. Prints leases/s with the lease file on STATE_DIR
 * (a real disk) and without persistence (the protocol and pool alone).
 *
 *   dhcp-leases [CLIENTS [BATCH [STATE_DIR]]]   (default 4000, 32, a temp dir)
 *
 * BATCH 1 is one client at a time (a write per lease, fsync latency bound).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "dhcp_server.h"
#include "state_file.h"

#define BATCH	32

static unsigned int batch = BATCH;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A client message: @type, MAC from @n, options 50/54 when non-zero. */
static size_t client_frame(uint8_t *out, uint8_t type, uint32_t n,
			   uint32_t req_ip, uint32_t server)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t p[DHCP_MIN_REPLY], mac[6] = { 0x02, 0x42, 0, 0, 0, 0 };
	size_t o = DHCP_FIXED_LEN;

	mac[2] = (uint8_t)(n >> 24);
	mac[3] = (uint8_t)(n >> 16);
	mac[4] = (uint8_t)(n >> 8);
	mac[5] = (uint8_t)n;
	memset(p, 0, sizeof(p));
	p[0] = BOOTREQUEST;
	p[1] = 1;
	p[2] = 6;
	memcpy(p + 4, &n, 4);			/* xid */
	memcpy(p + 28, mac, 6);			/* chaddr */
	p[o++] = 0x63; p[o++] = 0x82; p[o++] = 0x53; p[o++] = 0x63;
	p[o++] = DHCP_OPT_MSG_TYPE; p[o++] = 1; p[o++] = type;
	if (req_ip != 0) {
		p[o++] = DHCP_OPT_REQ_IP; p[o++] = 4;
		p[o++] = (uint8_t)(req_ip >> 24); p[o++] = (uint8_t)(req_ip >> 16);
		p[o++] = (uint8_t)(req_ip >> 8); p[o++] = (uint8_t)req_ip;
	}
	if (server != 0) {
		p[o++] = DHCP_OPT_SERVER_ID; p[o++] = 4;
		p[o++] = (uint8_t)(server >> 24); p[o++] = (uint8_t)(server >> 16);
		p[o++] = (uint8_t)(server >> 8); p[o++] = (uint8_t)server;
	}
	p[o++] = DHCP_OPT_PRL; p[o++] = 4;
	p[o++] = DHCP_OPT_SUBNET_MASK; p[o++] = DHCP_OPT_ROUTER;
	p[o++] = DHCP_OPT_DNS; p[o++] = DHCP_OPT_DOMAIN;
	p[o++] = DHCP_OPT_END;
	return dhcp_frame_build_udp(out, mac, bcast, 0, 0xffffffffu,
				    DHCP_CLIENT_PORT, DHCP_SERVER_PORT, p,
				    sizeof(p));
}

static int save(struct dhcp_server *s, const char *dir)
{
	json_t *root = json_pack("{s:i, s:{s:o}}", "version", 1, "networks",
				 "bench", dhcp_db_to_json(dhcp_server_db(s)));
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS), err[256];
	int ret = state_file_write(dir, "leases.json", text, strlen(text), err,
				   sizeof(err));

	if (ret != 0)
		fprintf(stderr, "dhcp-leases: %s\n", err);
	free(text);
	json_decref(root);
	return ret;
}

/* Grant @clients leases; return leases per second (negative on failure). */
static double run(uint32_t clients, const char *dir)
{
	struct dhcp_server_cfg cfg = {
		.subnet = 0x0a400000u, .prefix = 16, .router = 0x0a400001u,
		.server_ip = 0x0a40fffeu, .server_mac = { 2, 0x56, 1, 2, 3, 4 },
		.mtu = 1500,
	};
	struct dhcp_req_ctx ctx = { .port = "p", .port_cap = 0 };
	static uint8_t in[BATCH][DHCP_OUT_MAX], out[DHCP_OUT_MAX];
	uint32_t yi[BATCH], c, i, n, granted = 0;
	struct dhcp_server *s;
	size_t len[BATCH], olen;
	bool changed;
	double t0;

	cfg.conf.enabled = true;
	cfg.conf.range_first = 0x0a400002u;
	cfg.conf.range_last = 0x0a40fffdu;
	cfg.conf.server = cfg.server_ip;
	cfg.conf.lease_time = 3600;
	s = dhcp_server_new(&cfg);
	if (s == NULL)
		return -1;
	ctx.now = (uint64_t)time(NULL);
	t0 = now_s();
	for (c = 0; c < clients; c += n) {
		n = clients - c < batch ? clients - c : batch;
		/* a batch of DISCOVERs, then a batch of REQUESTs */
		for (i = 0; i < n; i++)
			len[i] = client_frame(in[i], DHCP_DISCOVER, c + i, 0, 0);
		for (i = 0; i < n; i++) {
			changed = false;
			olen = 0;
			dhcp_server_input(s, in[i], len[i], &ctx, out, &olen,
					  &changed);
			if (olen < DHCP_HDRS_LEN + 20)
				return -1;
			memcpy(&yi[i], out + DHCP_HDRS_LEN + 16, 4);
			yi[i] = ntohl(yi[i]);
		}
		for (i = 0; i < n; i++)
			len[i] = client_frame(in[i], DHCP_REQUEST, c + i, yi[i],
					      cfg.server_ip);
		changed = false;
		for (i = 0; i < n; i++) {
			olen = 0;
			dhcp_server_input(s, in[i], len[i], &ctx, out, &olen,
					  &changed);
			granted += olen != 0 && out[DHCP_HDRS_LEN] == BOOTREPLY;
		}
		if (dir != NULL && changed && save(s, dir) != 0)
			return -1;
	}
	t0 = now_s() - t0;
	if (dhcp_db_count(dhcp_server_db(s)) != clients || granted != clients) {
		fprintf(stderr, "dhcp-leases: %u of %u leases granted\n",
			dhcp_db_count(dhcp_server_db(s)), clients);
		return -1;
	}
	dhcp_server_free(s);
	return clients / t0;
}

int main(int argc, char **argv)
{
	uint32_t clients = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 4000;
	char tmpl[] = "/var/tmp/dhcp-leases.XXXXXX", path[512];
	const char *dir = argc > 3 ? argv[3] : mkdtemp(tmpl);
	double with, without;

	if (argc > 2)
		batch = (unsigned int)strtoul(argv[2], NULL, 10);
	if (dir == NULL || clients == 0 || clients > 60000 || batch == 0 ||
	    batch > BATCH) {
		fprintf(stderr, "usage: dhcp-leases [CLIENTS (1-60000) [BATCH "
			"(1-32) [DIR]]]\n");
		return 2;
	}
	without = run(clients, NULL);
	with = run(clients, dir);
	if (argc <= 3) {
		snprintf(path, sizeof(path), "%s/leases.json", dir);
		unlink(path);
		rmdir(dir);
	}
	if (with < 0 || without < 0)
		return 1;
	printf("RESULT clients=%u batch=%u leases_per_s_persisted=%.0f "
	       "leases_per_s_memory=%.0f\n", clients, batch, with, without);
	return 0;
}
