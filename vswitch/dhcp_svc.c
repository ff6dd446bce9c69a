/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_svc.c - the DHCP service thread: rings to and from the PMDs, one
 * dhcp_server per network, the lease file.
 *
 * The thread dequeues what the PMDs punted (client messages, ARP requests
 * for a server address), runs each frame through its network's server
 * (dhcp/dhcp_server.c), persists the lease pools once per batch if any
 * lease changed, and only then enqueues the replies: a client is never
 * told about a lease that a crash could forget. When idle it naps (100 us
 * doubling to 5 ms). Once a second it reclaims expired leases.
 *
 * The control thread owns the configuration; it creates, reconfigures and
 * deletes servers and reads leases through the functions here, all under
 * svc->lock (the PMDs never take it). A network with a subnet always has a
 * server object, so its leases and reservations survive "dhcp off"; only
 * enabled servers get frames (dp_tables.net_dhcp).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_thread.h>

#include "dhcp_server.h"
#include "dhcp_svc.h"
#include "log.h"
#include "state_file.h"

#define SVC_NAP_MIN_US		100
#define SVC_NAP_MAX_US		5000
#define SVC_FRAME_MAX		(PORT_MTU_MAX + 18)
#define SVC_LEASE_FILE_MAX	(64 * 1024 * 1024)

struct svc_port {
	bool valid;
	char name[DHCP_PORT_NAME_MAX + 1];
	unsigned int cap;
};

struct svc_out {
	uint16_t port;
	uint16_t net;
	size_t len;
	uint8_t frame[DHCP_OUT_MAX];
};

/**
 * struct dhcp_svc - Service state
 * @sw:		Switch
 * @lock:	Protects everything below but the thread control fields
 * @thread:	Service thread
 * @started:	Whether @thread runs
 * @stop:	Set to stop @thread
 * @srv:	Server by network id, NULL if the network has no subnet
 * @enabled:	Per network: frames are diverted to the server
 * @name:	Per network: its name (lease file key)
 * @ports:	Per port id: name and lease cap, as the control thread set them
 * @out:	Replies of the current batch
 * @buf:	Linear copy of a chained frame
 * @dirty:	Leases changed since the file was written (expiry)
 * @persist_errors: Lease file writes that failed (replies withheld)
 * @tx_full:	Replies dropped: reply ring full or no mbuf
 * @stale:	Frames whose network or port was gone when they were served
 */
struct dhcp_svc {
	struct vsw *sw;
	pthread_mutex_t lock;
	pthread_t thread;
	bool started;
	volatile bool stop;
	struct dhcp_server *srv[VSW_MAX_NETS];
	bool enabled[VSW_MAX_NETS];
	char name[VSW_MAX_NETS][NAMES_MAX_LEN + 1];
	struct svc_port ports[VSW_MAX_PORTS];
	struct svc_out out[VSW_BURST];
	uint8_t buf[SVC_FRAME_MAX];
	bool dirty;
	uint64_t persist_errors;
	uint64_t tx_full;
	uint64_t stale;
};

/**
 * dhcp_svc_server_mac() - The MAC a network's DHCP server uses
 * @net_name:	Network name
 * @mac:	Output: locally administered unicast, from an FNV-1a hash of
 *		the name, so it is the same after a restart (clients' ARP
 *		caches stay right)
 */
void dhcp_svc_server_mac(const char *net_name, uint8_t mac[6])
{
	uint32_t h = 2166136261u;
	const char *p;

	for (p = net_name; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	mac[0] = 0x02;
	mac[1] = 0x56;	/* 'V' */
	mac[2] = (uint8_t)(h >> 24);
	mac[3] = (uint8_t)(h >> 16);
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}

static void svc_cfg(const struct vsw_net *net, struct dhcp_server_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->subnet = net->ip.addr;
	cfg->prefix = net->ip.prefix;
	cfg->router = net->ip.gateway;
	cfg->server_ip = net->dhcp.server;
	dhcp_svc_server_mac(net->name, cfg->server_mac);
	cfg->mtu = net->mtu;
	cfg->conf = net->dhcp;
	/* RFC 3442: a client that takes option 121 ignores the router
	 * option, so the default route goes into 121 too */
	if (cfg->conf.n_routes != 0 && cfg->router != 0) {
		unsigned int i;

		for (i = 0; i < cfg->conf.n_routes; i++)
			if (cfg->conf.routes[i].prefix == 0)
				break;
		if (i == cfg->conf.n_routes && i < DHCP_MAX_ROUTES) {
			cfg->conf.routes[i].dst = 0;
			cfg->conf.routes[i].prefix = 0;
			cfg->conf.routes[i].gw = cfg->router;
			cfg->conf.n_routes++;
		}
	}
}

/* Whether a network gets a server object: it has a subnet to serve. */
static bool svc_has_server(const struct vsw_net *net)
{
	return net->ip.prefix != 0 && net->dhcp.range_first != 0 &&
	       net->dhcp.server != 0;
}

/* Write every pool to STATE_DIR/leases.json. Caller holds the lock. */
static int svc_save_locked(struct dhcp_svc *svc, char *err, size_t errsize)
{
	json_t *root, *nets;
	unsigned int i;
	char *text;
	int ret;

	root = json_pack("{s:i, s:{}}", "version", 1, "networks");
	if (root == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	nets = json_object_get(root, "networks");
	for (i = 0; i < VSW_MAX_NETS; i++) {
		json_t *arr;

		if (svc->srv[i] == NULL)
			continue;
		arr = dhcp_db_to_json(dhcp_server_db(svc->srv[i]));
		if (arr == NULL || json_object_set_new(nets, svc->name[i], arr)) {
			json_decref(root);
			snprintf(err, errsize, "out of memory");
			return -ENOMEM;
		}
	}
	text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(root);
	if (text == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	ret = state_file_write(svc->sw->state_dir, DHCP_SVC_LEASE_FILE, text,
			       strlen(text), err, errsize);
	free(text);
	if (ret == 0)
		svc->dirty = false;
	return ret;
}

/* Save, logging (rate-limited) on failure. Caller holds the lock. */
static int svc_save_logged(struct dhcp_svc *svc)
{
	char err[256];
	int ret = svc_save_locked(svc, err, sizeof(err));

	if (ret != 0) {
		svc->persist_errors++;
		VLOG_RL(LOG_LVL_ERR, "dhcp: leases not saved: %s", err);
	}
	return ret;
}

/* Serve one batch of punted frames; replies go out after the save. */
static void svc_batch(struct dhcp_svc *svc, struct rte_mbuf **pkts,
		      unsigned int n)
{
	struct vsw *sw = svc->sw;
	struct rte_mbuf *out[VSW_BURST];
	bool changed = false;
	unsigned int i, k = 0, sent;
	uint64_t now = (uint64_t)time(NULL);

	pthread_mutex_lock(&svc->lock);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint16_t port = m->port, net = (uint16_t)m->hash.usr;
		uint32_t len = m->pkt_len;
		struct dhcp_req_ctx ctx;
		const uint8_t *p;
		size_t olen = 0;

		if (net >= VSW_MAX_NETS || port >= VSW_MAX_PORTS ||
		    svc->srv[net] == NULL || !svc->enabled[net] ||
		    !svc->ports[port].valid || len > sizeof(svc->buf)) {
			svc->stale++;
			rte_pktmbuf_free(m);
			continue;
		}
		p = rte_pktmbuf_read(m, 0, len, svc->buf);
		ctx.port = svc->ports[port].name;
		ctx.port_cap = svc->ports[port].cap;
		ctx.now = now;
		if (p != NULL)
			dhcp_server_input(svc->srv[net], p, len, &ctx,
					  svc->out[k].frame, &olen, &changed);
		rte_pktmbuf_free(m);
		if (olen != 0) {
			svc->out[k].port = port;
			svc->out[k].net = net;
			svc->out[k].len = olen;
			k++;
		}
	}
	/* a lease the file does not hold is not promised to anyone */
	if ((changed || svc->dirty) && svc_save_logged(svc) != 0 && changed)
		k = 0;
	pthread_mutex_unlock(&svc->lock);

	for (i = 0; i < k; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(sw->pool);
		char *d;

		if (m == NULL)
			break;
		d = rte_pktmbuf_append(m, (uint16_t)svc->out[i].len);
		if (d == NULL) {
			rte_pktmbuf_free(m);
			break;
		}
		memcpy(d, svc->out[i].frame, svc->out[i].len);
		m->port = svc->out[i].port;
		m->hash.usr = svc->out[i].net;
		m->vlan_tci = 0;
		out[i] = m;
	}
	sent = i == 0 ? 0 : rte_ring_sp_enqueue_burst(sw->dhcp_tx,
						      (void **)out, i, NULL);
	if (sent < i)
		rte_pktmbuf_free_bulk(&out[sent], i - sent);
	__atomic_fetch_add(&svc->tx_full, k - sent, __ATOMIC_RELAXED);
}

/* Once a second: reclaim expired leases, write them if that changed any. */
static void svc_expire(struct dhcp_svc *svc)
{
	uint64_t now = (uint64_t)time(NULL);
	unsigned int i, n = 0;

	pthread_mutex_lock(&svc->lock);
	for (i = 0; i < VSW_MAX_NETS; i++)
		if (svc->srv[i] != NULL)
			n += dhcp_db_expire(dhcp_server_db(svc->srv[i]), now,
					    DHCP_EXPIRED_GRACE);
	if (n != 0 || svc->dirty) {
		svc->dirty = true;
		svc_save_logged(svc);
	}
	pthread_mutex_unlock(&svc->lock);
	if (n != 0)
		VLOG_DEBUG("dhcp: %u lease(s) reclaimed", n);
}

static void *svc_main(void *arg)
{
	struct dhcp_svc *svc = arg;
	struct rte_mbuf *pkts[VSW_BURST];
	unsigned int nap = SVC_NAP_MIN_US, n;
	time_t last = time(NULL);

	while (!__atomic_load_n(&svc->stop, __ATOMIC_RELAXED)) {
		n = rte_ring_sc_dequeue_burst(svc->sw->dhcp_rx, (void **)pkts,
					      VSW_BURST, NULL);
		if (n != 0) {
			svc_batch(svc, pkts, n);
			nap = SVC_NAP_MIN_US;
		} else {
			struct timespec ts = { 0, (long)nap * 1000 };

			nanosleep(&ts, NULL);
			if (nap < SVC_NAP_MAX_US)
				nap *= 2;
		}
		if (time(NULL) != last) {
			last = time(NULL);
			svc_expire(svc);
		}
	}
	return NULL;
}

/**
 * dhcp_svc_init() - Create the service (before networks are restored)
 * @sw:		Switch with its pool
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -ENOMEM
 */
int dhcp_svc_init(struct vsw *sw, char *err, size_t errsize)
{
	struct dhcp_svc *svc = calloc(1, sizeof(*svc));

	if (svc == NULL)
		goto nomem;
	svc->sw = sw;
	pthread_mutex_init(&svc->lock, NULL);
	sw->dhcp_rx = rte_ring_create("vsw_dhcp_rx", DHCP_SVC_RING_SIZE,
				      (int)rte_socket_id(), RING_F_SC_DEQ);
	sw->dhcp_tx = rte_ring_create("vsw_dhcp_tx", DHCP_SVC_RING_SIZE,
				      (int)rte_socket_id(), RING_F_SP_ENQ);
	if (sw->dhcp_rx == NULL || sw->dhcp_tx == NULL) {
		rte_ring_free(sw->dhcp_rx);
		rte_ring_free(sw->dhcp_tx);
		sw->dhcp_rx = sw->dhcp_tx = NULL;
		free(svc);
		goto nomem;
	}
	sw->dhcp = svc;
	return 0;
nomem:
	snprintf(err, errsize, "out of memory for the DHCP service");
	return -ENOMEM;
}

/**
 * dhcp_svc_load() - Read STATE_DIR/leases.json into the restored networks
 * @sw:		Switch, networks restored
 * @err:	Error message on failure (names the file)
 * @errsize:	Size of @err
 *
 * A missing file is an empty one. A corrupt one fails start-up and is left
 * untouched. Leases of networks that no longer exist (or have no subnet)
 * are dropped with a log line; ended leases are reclaimed.
 *
 * Return: 0, -EINVAL, -errno
 */
int dhcp_svc_load(struct vsw *sw, char *err, size_t errsize)
{
	struct dhcp_svc *svc = sw->dhcp;
	char path[512], msg[256];
	json_error_t jerr;
	json_t *root, *nets, *arr, *v;
	const char *key;
	struct stat st;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", sw->state_dir,
		 DHCP_SVC_LEASE_FILE);
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		ret = -errno;
		snprintf(err, errsize, "cannot read %s: %s", path,
			 strerror(errno));
		return ret;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > SVC_LEASE_FILE_MAX) {
		snprintf(err, errsize, "%s is not a regular file of at most %d "
			 "bytes", path, SVC_LEASE_FILE_MAX);
		return -EINVAL;
	}
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(err, errsize, "%s is corrupt (line %d: %s)", path,
			 jerr.line, jerr.text);
		return -EINVAL;
	}
	v = json_object_get(root, "version");
	nets = json_object_get(root, "networks");
	if (!json_is_object(root) || !json_is_integer(v) ||
	    json_integer_value(v) != 1 || !json_is_object(nets) ||
	    json_object_size(root) != 2) {
		snprintf(err, errsize, "%s is corrupt (expected {\"version\": 1, "
			 "\"networks\": {...}})", path);
		json_decref(root);
		return -EINVAL;
	}
	pthread_mutex_lock(&svc->lock);
	json_object_foreach(nets, key, arr) {
		unsigned int i;

		for (i = 0; i < VSW_MAX_NETS; i++)
			if (svc->srv[i] != NULL && strcmp(svc->name[i], key) == 0)
				break;
		if (i == VSW_MAX_NETS) {
			VLOG_WARN("dhcp: %s: leases of network '%s' dropped (no "
				  "such network with a subnet)", path, key);
			svc->dirty = true;
			continue;
		}
		if (dhcp_db_load_json(dhcp_server_db(svc->srv[i]), arr,
				      (uint64_t)time(NULL), msg,
				      sizeof(msg)) != 0) {
			snprintf(err, errsize, "%s is corrupt (network '%s': "
				 "%s)", path, key, msg);
			ret = -EINVAL;
			break;
		}
	}
	pthread_mutex_unlock(&svc->lock);
	json_decref(root);
	return ret;
}

/**
 * dhcp_svc_start() - Start the service thread
 * @sw:		Switch
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -errno
 */
int dhcp_svc_start(struct vsw *sw, char *err, size_t errsize)
{
	struct dhcp_svc *svc = sw->dhcp;
	int ret;

	svc->stop = false;
	ret = rte_ctrl_thread_create(&svc->thread, "vsw-dhcp", NULL, svc_main,
				     svc);
	if (ret != 0) {
		snprintf(err, errsize, "cannot start the DHCP thread: %s",
			 strerror(ret));
		return -ret;
	}
	svc->started = true;
	return 0;
}

/**
 * dhcp_svc_stop() - Stop the thread, save leases, free everything
 * @sw:		Switch (PMDs stopped)
 */
void dhcp_svc_stop(struct vsw *sw)
{
	struct dhcp_svc *svc = sw->dhcp;
	struct rte_mbuf *m;
	unsigned int i;

	if (svc == NULL)
		return;
	if (svc->started) {
		__atomic_store_n(&svc->stop, true, __ATOMIC_RELAXED);
		pthread_join(svc->thread, NULL);
		svc->started = false;
	}
	pthread_mutex_lock(&svc->lock);
	if (svc->dirty)
		svc_save_logged(svc);
	for (i = 0; i < VSW_MAX_NETS; i++) {
		dhcp_server_free(svc->srv[i]);
		svc->srv[i] = NULL;
	}
	pthread_mutex_unlock(&svc->lock);
	while (rte_ring_dequeue(sw->dhcp_rx, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	while (rte_ring_dequeue(sw->dhcp_tx, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	rte_ring_free(sw->dhcp_rx);
	rte_ring_free(sw->dhcp_tx);
	sw->dhcp_rx = sw->dhcp_tx = NULL;
	sw->dhcp = NULL;
	pthread_mutex_destroy(&svc->lock);
	free(svc);
}

/**
 * dhcp_svc_net_add() - Give a new network its server (if it has a subnet)
 * @sw:		Switch
 * @net:	Network, DHCP settings validated (conf_dhcp_finish())
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Control thread, before the network is published.
 *
 * Return: 0, -ENOMEM, -EINVAL
 */
int dhcp_svc_net_add(struct vsw *sw, const struct vsw_net *net, char *err,
		     size_t errsize)
{
	struct dhcp_svc *svc = sw->dhcp;
	struct dhcp_server_cfg cfg;
	struct dhcp_server *s;

	if (!svc_has_server(net))
		return 0;
	svc_cfg(net, &cfg);
	s = dhcp_server_new(&cfg);
	if (s == NULL) {
		snprintf(err, errsize, "cannot create the DHCP server (range "
			 "or memory)");
		return -ENOMEM;
	}
	pthread_mutex_lock(&svc->lock);
	dhcp_server_free(svc->srv[net->id]);
	svc->srv[net->id] = s;
	svc->enabled[net->id] = net->dhcp.enabled;
	snprintf(svc->name[net->id], sizeof(svc->name[net->id]), "%s",
		 net->name);
	pthread_mutex_unlock(&svc->lock);
	if (net->dhcp.enabled) {
		char a[NAMES_IPV4_STRLEN], b[NAMES_IPV4_STRLEN],
		     c[NAMES_IPV4_STRLEN];

		VLOG_INFO("network %s: DHCP server %s, range %s-%s", net->name,
			  names_ipv4_format(net->dhcp.server, a),
			  names_ipv4_format(net->dhcp.range_first, b),
			  names_ipv4_format(net->dhcp.range_last, c));
	}
	return 0;
}

/**
 * dhcp_svc_net_del() - Drop a network's server and leases
 * @sw:		Switch
 * @net:	Network, already unpublished
 */
void dhcp_svc_net_del(struct vsw *sw, const struct vsw_net *net)
{
	struct dhcp_svc *svc = sw->dhcp;

	pthread_mutex_lock(&svc->lock);
	if (svc->srv[net->id] != NULL) {
		dhcp_server_free(svc->srv[net->id]);
		svc->srv[net->id] = NULL;
		svc->enabled[net->id] = false;
		svc->dirty = true;
		svc_save_logged(svc);
	}
	pthread_mutex_unlock(&svc->lock);
}

/**
 * dhcp_svc_net_update() - Apply a network's changed settings (DHCP, MTU)
 * @sw:		Switch
 * @net:	Network with its new settings
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * A new range keeps the leases that still fit (those that do not are
 * dropped and the lease file is rewritten).
 *
 * Return: 0, -EINVAL (nothing changed)
 */
int dhcp_svc_net_update(struct vsw *sw, const struct vsw_net *net,
			char *err, size_t errsize)
{
	struct dhcp_svc *svc = sw->dhcp;
	struct dhcp_server_cfg cfg;
	int ret = 0;

	if (svc->srv[net->id] == NULL)
		return dhcp_svc_net_add(sw, net, err, errsize);
	svc_cfg(net, &cfg);
	pthread_mutex_lock(&svc->lock);
	if (dhcp_server_reconfig(svc->srv[net->id], &cfg) != 0) {
		snprintf(err, errsize, "DHCP range not applied");
		ret = -EINVAL;
	} else {
		svc->enabled[net->id] = net->dhcp.enabled;
		svc->dirty = true;
		svc_save_logged(svc);
	}
	pthread_mutex_unlock(&svc->lock);
	return ret;
}

/**
 * dhcp_svc_server_ip() - The address PMDs divert DHCP and ARP for
 * @sw:		Switch
 * @net_id:	Network
 *
 * Control thread (table builds).
 *
 * Return: the server address (host order), 0 if DHCP is off there
 */
uint32_t dhcp_svc_server_ip(const struct vsw *sw, uint16_t net_id)
{
	const struct dhcp_svc *svc = sw->dhcp;
	const struct vsw_net *net = sw->nets[net_id];

	if (svc == NULL || net == NULL || svc->srv[net_id] == NULL ||
	    !net->dhcp.enabled)
		return 0;
	return net->dhcp.server;
}

/**
 * dhcp_svc_port_set() - Tell the service a port's name and lease cap
 * @sw:		Switch
 * @port:	Port, before it is published
 */
void dhcp_svc_port_set(struct vsw *sw, const struct vsw_port *port)
{
	struct svc_port *p = &sw->dhcp->ports[port->id];

	pthread_mutex_lock(&sw->dhcp->lock);
	snprintf(p->name, sizeof(p->name), "%s", port->conf.name);
	p->cap = port->conf.dhcp_max_leases;
	p->valid = true;
	pthread_mutex_unlock(&sw->dhcp->lock);
}

/**
 * dhcp_svc_port_clear() - A port is gone: its frames still queued are
 *			   dropped (its leases stay until they end)
 * @sw:		Switch
 * @port_id:	Port slot
 */
void dhcp_svc_port_clear(struct vsw *sw, uint16_t port_id)
{
	pthread_mutex_lock(&sw->dhcp->lock);
	sw->dhcp->ports[port_id].valid = false;
	pthread_mutex_unlock(&sw->dhcp->lock);
}

static struct dhcp_server *svc_srv(struct dhcp_svc *svc,
				   const struct vsw_net *net, char *err,
				   size_t errsize)
{
	if (svc->srv[net->id] == NULL)
		snprintf(err, errsize, "network '%s' has no subnet, so no DHCP "
			 "server", net->name);
	return svc->srv[net->id];
}

/**
 * dhcp_svc_host_add() - Add or replace a static reservation
 * @sw:		Switch
 * @net:	Network
 * @h:		Reservation (address checked to be a host of the subnet)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Applied live: the client gets the address on its next request. Refused
 * while another client holds a lease on the address (dhcp-lease-del it
 * first): the reserved client would get nothing until that lease ends.
 *
 * Return: 0, -ENOENT (no server), -EINVAL, -EEXIST, -EADDRINUSE, -ENOSPC
 */
int dhcp_svc_host_add(struct vsw *sw, const struct vsw_net *net,
		      const struct dhcp_host *h, char *err, size_t errsize)
{
	struct dhcp_svc *svc = sw->dhcp;
	uint32_t mask = 0xffffffffu << (32 - net->ip.prefix);
	char ip[NAMES_IPV4_STRLEN];
	struct dhcp_server *s;
	struct dhcp_lease *l;
	int ret;

	names_ipv4_format(h->ip, ip);
	pthread_mutex_lock(&svc->lock);
	s = svc_srv(svc, net, err, errsize);
	if (s == NULL) {
		ret = -ENOENT;
	} else if ((h->ip & mask) != net->ip.addr || h->ip == net->ip.addr ||
		   h->ip == (net->ip.addr | ~mask)) {
		snprintf(err, errsize, "%s is not a host address of network "
			 "'%s'", ip, net->name);
		ret = -EINVAL;
	} else if (h->ip == net->dhcp.server || h->ip == net->ip.gateway) {
		snprintf(err, errsize, "%s is the network's %s", ip,
			 h->ip == net->dhcp.server ? "DHCP server" : "gateway");
		ret = -EINVAL;
	} else if ((l = dhcp_db_find_ip(dhcp_server_db(s), h->ip)) != NULL &&
		   l->state != DHCP_LEASE_DECLINED &&
		   l->expires > (uint64_t)time(NULL) &&
		   memcmp(l->client.mac, h->mac, sizeof(h->mac)) != 0) {
		char m[NAMES_MAC_STRLEN];

		names_mac_format(l->client.mac, m);
		snprintf(err, errsize, "%s is leased to %s for %llu more "
			 "seconds (dhcp-lease-del %s %s first)", ip, m,
			 (unsigned long long)(l->expires - (uint64_t)time(NULL)),
			 net->name, ip);
		ret = -EADDRINUSE;
	} else {
		ret = dhcp_db_host_add(dhcp_server_db(s), h);
		if (ret == -EEXIST)
			snprintf(err, errsize, "%s is reserved for another MAC",
				 ip);
		else if (ret != 0)
			snprintf(err, errsize, "too many reservations");
	}
	pthread_mutex_unlock(&svc->lock);
	return ret;
}

/**
 * dhcp_svc_host_del() - Delete a reservation
 * @sw:		Switch
 * @net:	Network
 * @mac:	Its MAC
 * @old:	Output: the deleted reservation (to undo), may be NULL
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -ENOENT
 */
int dhcp_svc_host_del(struct vsw *sw, const struct vsw_net *net,
		      const uint8_t mac[6], struct dhcp_host *old, char *err,
		      size_t errsize)
{
	struct dhcp_svc *svc = sw->dhcp;
	const struct dhcp_host *h;
	struct dhcp_server *s;
	char m[NAMES_MAC_STRLEN];
	int ret = -ENOENT;

	pthread_mutex_lock(&svc->lock);
	s = svc_srv(svc, net, err, errsize);
	if (s != NULL) {
		h = dhcp_db_host_find(dhcp_server_db(s), mac);
		if (h == NULL) {
			names_mac_format(mac, m);
			snprintf(err, errsize, "no reservation for %s in network "
				 "'%s'", m, net->name);
		} else {
			if (old != NULL)
				*old = *h;
			ret = dhcp_db_host_del(dhcp_server_db(s), mac);
		}
	}
	pthread_mutex_unlock(&svc->lock);
	return ret;
}

struct svc_walk {
	json_t *arr;
	const char *net;
	bool for_state;
	uint64_t now;
};

static void svc_host_cb(const struct dhcp_host *h, void *arg)
{
	struct svc_walk *w = arg;
	char mac[NAMES_MAC_STRLEN], ip[NAMES_IPV4_STRLEN];
	json_t *o;

	names_mac_format(h->mac, mac);
	names_ipv4_format(h->ip, ip);
	o = json_pack("{s:s, s:s, s:s}", "net", w->net, "mac", mac, "ip", ip);
	if (o != NULL && h->hostname[0])
		json_object_set_new(o, "hostname", json_string(h->hostname));
	json_array_append_new(w->arr, o);
}

/**
 * dhcp_svc_hosts_json() - Reservations as dhcp-host-add objects
 * @sw:		Switch
 * @net:	One network, NULL for all
 * @for_state:	For the state file (same objects either way today)
 *
 * Return: new array (caller owns)
 */
json_t *dhcp_svc_hosts_json(struct vsw *sw, const struct vsw_net *net,
			    bool for_state)
{
	struct dhcp_svc *svc = sw->dhcp;
	struct svc_walk w = { .arr = json_array(), .for_state = for_state };
	unsigned int i;

	if (svc == NULL)
		return w.arr;
	pthread_mutex_lock(&svc->lock);
	for (i = 0; i < VSW_MAX_NETS; i++) {
		if (svc->srv[i] == NULL || (net != NULL && net->id != i))
			continue;
		w.net = svc->name[i];
		dhcp_db_host_walk(dhcp_server_db(svc->srv[i]), svc_host_cb, &w);
	}
	pthread_mutex_unlock(&svc->lock);
	return w.arr;
}

static void svc_lease_cb(const struct dhcp_lease *l, void *arg)
{
	struct svc_walk *w = arg;
	json_t *o = dhcp_lease_to_json(l);

	if (o == NULL)
		return;
	json_object_set_new(o, "net", json_string(w->net));
	json_object_set_new(o, "expires_in",
			    json_integer((json_int_t)l->expires -
					 (json_int_t)w->now));
	/* ended (or released): the address is free, kept for the client */
	if (l->state != DHCP_LEASE_DECLINED && l->expires <= w->now)
		json_object_set_new(o, "state", json_string("expired"));
	json_array_append_new(w->arr, o);
}

/**
 * dhcp_svc_leases_json() - Leases for dhcp-leases
 * @sw:		Switch
 * @net:	One network, NULL for all
 *
 * Return: {"leases": [...]} (caller owns)
 */
json_t *dhcp_svc_leases_json(struct vsw *sw, const struct vsw_net *net)
{
	struct dhcp_svc *svc = sw->dhcp;
	struct svc_walk w = { .arr = json_array(),
			      .now = (uint64_t)time(NULL) };
	unsigned int i;

	pthread_mutex_lock(&svc->lock);
	for (i = 0; i < VSW_MAX_NETS; i++) {
		if (svc->srv[i] == NULL || (net != NULL && net->id != i))
			continue;
		w.net = svc->name[i];
		dhcp_db_walk(dhcp_server_db(svc->srv[i]), svc_lease_cb, &w);
	}
	pthread_mutex_unlock(&svc->lock);
	return json_pack("{s:o}", "leases", w.arr);
}

/**
 * dhcp_svc_lease_del() - Forget the lease on an address (dhcp-lease-del)
 * @sw:		Switch
 * @net:	Network
 * @ip:		Address
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The lease file is rewritten before this returns.
 *
 * Return: 0, -ENOENT, -errno (file not written: the lease is kept)
 */
int dhcp_svc_lease_del(struct vsw *sw, const struct vsw_net *net,
		       uint32_t ip, char *err, size_t errsize)
{
	struct dhcp_svc *svc = sw->dhcp;
	char a[NAMES_IPV4_STRLEN], msg[256];
	struct dhcp_lease *l;
	struct dhcp_server *s;
	int ret = -ENOENT;

	pthread_mutex_lock(&svc->lock);
	s = svc_srv(svc, net, err, errsize);
	if (s != NULL) {
		l = dhcp_db_find_ip(dhcp_server_db(s), ip);
		if (l == NULL) {
			snprintf(err, errsize, "no lease on %s in network '%s'",
				 names_ipv4_format(ip, a), net->name);
		} else {
			json_t *undo = json_array();

			json_array_append_new(undo, dhcp_lease_to_json(l));
			dhcp_db_del(dhcp_server_db(s), ip);
			ret = svc_save_locked(svc, msg, sizeof(msg));
			if (ret != 0) {
				snprintf(err, errsize, "lease not deleted: %s",
					 msg);
				/* put it back as it was */
				dhcp_db_load_json(dhcp_server_db(s), undo, 0,
						  msg, sizeof(msg));
			}
			json_decref(undo);
		}
	}
	pthread_mutex_unlock(&svc->lock);
	return ret;
}

/**
 * dhcp_svc_net_json() - A network's "dhcp" object for net-show
 * @sw:		Switch
 * @net:	Network
 *
 * Return: new object, NULL if the network has no server
 */
json_t *dhcp_svc_net_json(struct vsw *sw, const struct vsw_net *net)
{
	static const char *const types[] = { "bootp", "discover", "offer",
		"request", "decline", "ack", "nak", "release", "inform" };
	struct dhcp_svc *svc = sw->dhcp;
	const struct dhcp_server_stats *st;
	char a[NAMES_IPV4_STRLEN], b[NAMES_IPV4_STRLEN], range[40];
	json_t *o, *rx, *tx, *res, *dns, *routes;
	struct dhcp_db *db;
	unsigned int i;

	if (svc == NULL || svc->srv[net->id] == NULL)
		return NULL;
	dns = json_array();
	for (i = 0; i < net->dhcp.n_dns; i++)
		json_array_append_new(dns, json_string(
			names_ipv4_format(net->dhcp.dns[i], a)));
	routes = json_array();
	for (i = 0; i < net->dhcp.n_routes; i++) {
		char r[64];

		snprintf(r, sizeof(r), "%s/%u@%s",
			 names_ipv4_format(net->dhcp.routes[i].dst, a),
			 net->dhcp.routes[i].prefix,
			 names_ipv4_format(net->dhcp.routes[i].gw, b));
		json_array_append_new(routes, json_string(r));
	}
	snprintf(range, sizeof(range), "%s-%s",
		 names_ipv4_format(net->dhcp.range_first, a),
		 names_ipv4_format(net->dhcp.range_last, b));
	rx = json_object();
	tx = json_object();
	res = json_object();
	pthread_mutex_lock(&svc->lock);
	db = dhcp_server_db(svc->srv[net->id]);
	st = dhcp_server_get_stats(svc->srv[net->id]);
	for (i = 0; i < 9; i++) {
		if (st->rx[i])
			json_object_set_new(rx, types[i],
					    json_integer((json_int_t)st->rx[i]));
		if (st->tx[i])
			json_object_set_new(tx, types[i],
					    json_integer((json_int_t)st->tx[i]));
	}
	json_object_set_new(tx, "arp", json_integer((json_int_t)st->arp_replies));
	for (i = 0; i < DHCP_R_MAX; i++)
		json_object_set_new(res, dhcp_result_name(i),
				    json_integer((json_int_t)st->results[i]));
	o = json_pack("{s:b, s:s, s:s, s:o, s:s, s:i, s:o, s:i, s:i, "
		      "s:{s:o, s:o, s:o, s:I, s:I, s:I}}",
		      "enabled", net->dhcp.enabled, "range", range,
		      "server", names_ipv4_format(net->dhcp.server, a),
		      "dns", dns, "domain", net->dhcp.domain,
		      "lease_time", (int)net->dhcp.lease_time, "routes", routes,
		      "leases", (int)dhcp_db_count(db),
		      "range_size", (int)dhcp_db_range_size(db),
		      "stats", "rx", rx, "tx", tx, "results", res,
		      "persist_errors", (json_int_t)svc->persist_errors,
		      "reply_drops", (json_int_t)__atomic_load_n(&svc->tx_full,
							  __ATOMIC_RELAXED),
		      "stale", (json_int_t)svc->stale);
	pthread_mutex_unlock(&svc->lock);
	return o;
}
