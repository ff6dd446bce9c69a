/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * capture.c - packet capture: the PMD hook, one writer thread per capture,
 * and the control commands (capture-start, capture-list, capture-stop).
 *
 * The control thread owns every struct capture. Starting one: compile the
 * filter, open the pcap writer on the descriptor vswctl passed (vswctl
 * opened the file as the user; the daemon never opens capture paths),
 * create the ring and the thread, then set the capture's bit in the port's
 * (or network's) mask. PMDs copy matching frames once into sw->cap_pool,
 * timestamp them (TSC in a dynamic mbuf field) and enqueue the copy on each
 * wanting capture's ring without waiting. A capture's filter runs on the
 * PMD first, as JIT-compiled DPDK BPF (cap_bpf.c), so frames it rejects
 * cost no copy. The thread writes and ends the capture on a limit or a
 * write error. Ending: the bit is cleared,
 * an RCU grace period passes (no PMD still holds the slot), the thread is
 * joined, the ring drained and freed; the capture stays listed as finished.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring.h>

#include "cap_pcap.h"
#include "capture.h"
#include "conf.h"
#include "log.h"

#define CAP_NAP_US	1000
#define CAP_FLUSH_MS	100
#define CAP_FRAME_MAX	(PORT_MTU_MAX + 32)

/**
 * struct capture - One capture
 * @id:		Number shown to users (never reused while the daemon runs)
 * @slot:	Bit in the masks while running
 * @is_net:	Captures a network (else a port)
 * @target:	Port or network name
 * @port_id:	Port slot (port captures)
 * @net_id:	Network slot (network captures)
 * @dir:	CAP_DIR_RX and/or CAP_DIR_TX
 * @filter:	BPF expression, "" for none
 * @snaplen:	Bytes kept of each frame
 * @lim:	Limits
 * @path:	Where the data goes, as vswctl named it ("-": a stream)
 * @stream:	Tied to its control connection @token
 * @token:	Control connection of a stream capture
 * @flt:	Compiled filter (thread)
 * @w:		Writer (thread)
 * @out_fd:	The writer's descriptor (closed by the thread when it ends):
 *		polled while idle, so a stream whose reader went away ends
 *		without waiting for the next frame
 * @thread:	Writer thread
 * @stop:	Set by the control thread to end it
 * @done:	Set by the thread when it ended
 * @running:	Bits set, thread not joined yet (control thread)
 * @reason:	Why it ended
 * @started:	Wall-clock start (s)
 * @start_ns:	Wall-clock start (ns) matching @start_tsc
 * @start_tsc:	TSC at the start
 * @packets:	Frames written
 * @bytes:	Bytes in the file
 * @filtered:	Frames the filter rejected
 * @dropped:	Copies lost (final; while running the slot counts)
 * @engine:	How the filter runs on the PMDs
 */
struct capture {
	unsigned int id;
	unsigned int slot;
	bool is_net;
	char target[NAMES_MAX_LEN + 1];
	uint16_t port_id;
	uint16_t net_id;
	uint8_t dir;
	char filter[CAP_FILTER_MAX + 1];
	unsigned int snaplen;
	struct cap_limits lim;
	char path[1024];
	bool stream;
	uint64_t token;
	struct cap_filter *flt;
	struct cap_writer *w;
	int out_fd;
	pthread_t thread;
	volatile bool stop;
	volatile bool done;
	bool running;
	char reason[128];
	time_t started;
	uint64_t start_ns;
	uint64_t start_tsc;
	uint64_t packets;
	uint64_t bytes;
	uint64_t filtered;
	uint64_t dropped;
	enum cap_bpf_kind engine;
	struct vsw *sw;
};

/**
 * struct cap_state - Every capture of the daemon
 * @run:	Running captures by slot
 * @hist:	Finished captures, oldest first
 * @n_hist:	Entries in @hist
 * @next_id:	Id of the next capture
 * @ts_off:	Offset of the TSC dynamic field in an mbuf
 * @n_events:	End events of stream captures not sent yet
 * @ev:		The events
 * @ev_token:	Their connections
 */
struct cap_state {
	struct capture *run[CAP_MAX];
	struct capture *hist[CAP_HISTORY];
	unsigned int n_hist;
	unsigned int next_id;
	int ts_off;
	unsigned int n_events;
	json_t *ev[CAP_MAX];
	uint64_t ev_token[CAP_MAX];
};

static void cap_sigusr1(int sig)
{
	(void)sig;	/* only interrupts a blocked write(): see cap_end() */
}

/**
 * capture_init() - Capture pool, timestamp field, state
 * @sw:		Switch (EAL running)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -ENOMEM
 */
int capture_init(struct vsw *sw, char *err, size_t errsize)
{
	static const struct rte_mbuf_dynfield ts_desc = {
		.name = "vsw_capture_tsc",
		.size = sizeof(uint64_t),
		.align = __alignof__(uint64_t),
	};
	struct sigaction sa = { .sa_handler = cap_sigusr1 };
	struct cap_state *cs = calloc(1, sizeof(*cs));

	sw->cap_slots = rte_zmalloc("vsw_cap_slots",
				    sizeof(struct cap_slot) * CAP_MAX,
				    RTE_CACHE_LINE_SIZE);
	sw->cap_pool = rte_pktmbuf_pool_create("vsw_cap", CAP_POOL_SIZE, 256, 0,
					       RTE_MBUF_DEFAULT_BUF_SIZE,
					       rte_socket_id());
	if (cs == NULL || sw->cap_slots == NULL || sw->cap_pool == NULL)
		goto fail;
	cs->ts_off = rte_mbuf_dynfield_register(&ts_desc);
	if (cs->ts_off < 0)
		goto fail;
	cs->next_id = 1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: write() sees EINTR */
	sw->cap = cs;
	return 0;
fail:
	free(cs);
	rte_free(sw->cap_slots);
	rte_mempool_free(sw->cap_pool);
	sw->cap_slots = NULL;
	sw->cap_pool = NULL;
	snprintf(err, errsize, "out of memory for packet capture");
	return -ENOMEM;
}

static inline uint64_t *cap_tsc(const struct cap_state *cs, struct rte_mbuf *m)
{
	return RTE_MBUF_DYNFIELD(m, cs->ts_off, uint64_t *);
}

/*
 * Run the filters of @mask over a burst: keep[i] loses the bit of every
 * capture whose filter rejects frame i. One slot at a time, so a filter's
 * code and data stay hot; rejections are counted once per burst.
 * Return: the captures some frame is still kept for (0: none)
 */
static uint8_t cap_filter_burst(struct vsw *sw, uint8_t mask,
				struct rte_mbuf **pkts, uint16_t n,
				uint8_t *keep)
{
	uint8_t any = 0;
	uint16_t i;

	while (mask != 0) {
		unsigned int b = (unsigned int)__builtin_ctz(mask);
		struct cap_slot *sl = &sw->cap_slots[b];
		uint8_t bit = (uint8_t)(1u << b);
		uint64_t rejected = 0;

		mask &= (uint8_t)~bit;
		if (!cap_bpf_active(&sl->flt))
			continue;
		for (i = 0; i < n; i++)
			if (!cap_bpf_match(&sl->flt, pkts[i])) {
				keep[i] &= (uint8_t)~bit;
				rejected++;
			}
		if (rejected != 0)
			__atomic_fetch_add(&sl->filtered, rejected,
					   __ATOMIC_RELAXED);
	}
	for (i = 0; i < n; i++)
		any |= keep[i];
	return any;
}

/**
 * capture_frames() - PMD hook: hand copies of frames to captures
 * @sw:		Switch
 * @pmd:	Calling PMD (unused: counters are per capture)
 * @mask:	Captures that want these frames
 * @pkts:	Frames (not modified)
 * @n:		Number of frames (at most VSW_BURST)
 * @port:	Port they were received on or are sent to
 * @dir:	CAP_DIR_RX or CAP_DIR_TX
 *
 * Each capture's filter runs first; a frame some capture still wants is
 * copied once (whole, up to CAP_FRAME_MAX), and the copy is shared by
 * reference count between those captures. Never waits.
 */
void capture_frames(struct vsw *sw, unsigned int pmd, uint8_t mask,
		    struct rte_mbuf **pkts, uint16_t n, uint16_t port,
		    uint8_t dir)
{
	const struct cap_state *cs = sw->cap;
	uint8_t keep[VSW_BURST];
	uint64_t tsc;
	unsigned int want, b;
	uint16_t i;

	(void)pmd;
	if (unlikely(n > VSW_BURST))
		n = VSW_BURST;
	memset(keep, mask, n);
	if (cap_filter_burst(sw, mask, pkts, n, keep) == 0)
		return;		/* every frame filtered out */
	tsc = rte_get_tsc_cycles();
	for (i = 0; i < n; i++) {
		uint8_t m = keep[i];
		struct rte_mbuf *c, *s;

		if (m == 0)
			continue;
		want = (unsigned int)__builtin_popcount(m);
		c = rte_pktmbuf_copy(pkts[i], sw->cap_pool, 0, CAP_FRAME_MAX);
		if (unlikely(c == NULL)) {
			for (b = 0; b < CAP_MAX; b++)
				if (m >> b & 1)
					__atomic_fetch_add(&sw->cap_slots[b].dropped,
							   1, __ATOMIC_RELAXED);
			continue;
		}
		*cap_tsc(cs, c) = tsc;
		c->port = port;
		c->hash.usr = dir;
		if (want > 1)
			for (s = c; s != NULL; s = s->next)
				rte_mbuf_refcnt_update(s, (int16_t)(want - 1));
		for (b = 0; b < CAP_MAX; b++) {
			if (!(m >> b & 1))
				continue;
			if (unlikely(rte_ring_mp_enqueue(sw->cap_slots[b].ring,
							 c) != 0)) {
				__atomic_fetch_add(&sw->cap_slots[b].dropped, 1,
						   __ATOMIC_RELAXED);
				rte_pktmbuf_free(c);
			}
		}
	}
}

static uint64_t cap_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Thread: one frame; returns false when the capture must end. */
static bool cap_write_one(struct capture *c, struct rte_mbuf *m,
			  uint8_t *buf, uint64_t hz, uint64_t elapsed_ms)
{
	uint32_t len = m->pkt_len, caplen = len < c->snaplen ? len : c->snaplen;
	const uint8_t *p = rte_pktmbuf_read(m, 0, caplen, buf);
	uint64_t dt = *cap_tsc(c->sw->cap, m) - c->start_tsc;
	const char *why;
	int r;

	if (p == NULL)
		return true;
	why = cap_limit_reached(&c->lim, c->packets, c->bytes, elapsed_ms,
				16 + caplen);
	if (why != NULL) {
		snprintf(c->reason, sizeof(c->reason), "%s", why);
		return false;
	}
	r = cap_writer_write(c->w, c->start_ns + dt / hz * 1000000000ull +
			     dt % hz * 1000000000ull / hz, p, caplen, len);
	if (r < 0) {
		snprintf(c->reason, sizeof(c->reason), "write error: %s",
			 strerror(-r));
		return false;
	}
	c->packets++;
	c->bytes += (uint64_t)r;
	why = cap_limit_reached(&c->lim, c->packets, c->bytes, elapsed_ms, 0);
	if (why != NULL) {
		snprintf(c->reason, sizeof(c->reason), "%s", why);
		return false;
	}
	return true;
}

static void *cap_thread(void *arg)
{
	struct capture *c = arg;
	struct rte_ring *ring = c->sw->cap_slots[c->slot].ring;
	static __thread uint8_t buf[CAP_FRAME_MAX];
	uint64_t hz = rte_get_tsc_hz(), t0 = cap_mono_ms(), last_flush = t0;
	struct rte_mbuf *pkts[32];
	bool go = true, dirty = false;
	unsigned int n, i;
	int r;

	while (go && !__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		uint64_t now = cap_mono_ms();
		const char *why;

		n = rte_ring_sc_dequeue_burst(ring, (void **)pkts, 32, NULL);
		for (i = 0; i < n; i++) {
			if (go)
				go = cap_write_one(c, pkts[i], buf, hz, now - t0);
			rte_pktmbuf_free(pkts[i]);
		}
		dirty |= n != 0;
		if (go && dirty && (n == 0 || now - last_flush >= CAP_FLUSH_MS)) {
			r = cap_writer_flush(c->w);
			if (r < 0) {
				snprintf(c->reason, sizeof(c->reason),
					 "write error: %s", strerror(-r));
				go = false;
			}
			dirty = false;
			last_flush = now;
		}
		why = go ? cap_limit_reached(&c->lim, c->packets, c->bytes,
					     now - t0, 0) : NULL;
		if (why != NULL) {
			snprintf(c->reason, sizeof(c->reason), "%s", why);
			go = false;
		}
		if (go && n == 0 && c->stream && now - last_flush >= CAP_FLUSH_MS) {
			struct pollfd pfd = { .fd = c->out_fd, .events = POLLOUT };

			last_flush = now;
			if (poll(&pfd, 1, 0) == 1 &&
			    (pfd.revents & (POLLERR | POLLHUP))) {
				snprintf(c->reason, sizeof(c->reason),
					 "write error: %s", strerror(EPIPE));
				go = false;
			}
		}
		if (go && n == 0) {
			struct timespec ts = { 0, CAP_NAP_US * 1000 };

			nanosleep(&ts, NULL);
		}
	}
	r = cap_writer_close(c->w);
	c->w = NULL;
	if (r < 0 && c->reason[0] == '\0')
		snprintf(c->reason, sizeof(c->reason), "write error: %s",
			 strerror(-r));
	__atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
	return NULL;
}

static json_t *cap_json(const struct capture *c)
{
	uint64_t dropped = c->dropped, filtered = c->filtered;

	if (c->running) {
		dropped = __atomic_load_n(&c->sw->cap_slots[c->slot].dropped,
					  __ATOMIC_RELAXED);
		filtered += __atomic_load_n(&c->sw->cap_slots[c->slot].filtered,
					    __ATOMIC_RELAXED);
	}
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:s, "
			 "s:b, s:s, s:s, s:I, s:I, s:I, s:I, s:I}",
			 "id", (int)c->id, c->is_net ? "net" : "port", c->target,
			 "dir", c->dir == (CAP_DIR_RX | CAP_DIR_TX) ? "both" :
				c->dir == CAP_DIR_RX ? "rx" : "tx",
			 "filter", c->filter,
			 "filter_engine", cap_bpf_kind_name(c->engine),
			 "snaplen", (int)c->snaplen,
			 "count", (json_int_t)c->lim.count,
			 "duration", (json_int_t)(c->lim.duration_ms / 1000),
			 "max_bytes", (json_int_t)c->lim.max_bytes,
			 "path", c->path, "stream", c->stream,
			 "state", c->running && !c->done ? "running" : "finished",
			 "reason", c->running && !c->done ? "" : c->reason,
			 "started", (json_int_t)c->started,
			 "packets", (json_int_t)c->packets,
			 "bytes", (json_int_t)c->bytes,
			 "filtered", (json_int_t)filtered,
			 "dropped", (json_int_t)dropped);
}

/* Clear the capture's bits and wait until no PMD can still use its slot. */
static void cap_unhook(struct vsw *sw, struct capture *c)
{
	uint8_t bit = (uint8_t)(1u << c->slot);
	unsigned int i;

	if (c->is_net) {
		__atomic_and_fetch(&sw->net_cap[c->net_id], (uint8_t)~bit,
				   __ATOMIC_RELEASE);
		for (i = 0; i < VSW_MAX_NETS && sw->net_cap[i] == 0; i++)
			;
		__atomic_store_n(&sw->net_cap_any, i < VSW_MAX_NETS,
				 __ATOMIC_RELEASE);
	} else if (sw->ports[c->port_id] != NULL) {
		struct vsw_port *p = sw->ports[c->port_id];

		__atomic_and_fetch(&p->cap_rx, (uint8_t)~bit, __ATOMIC_RELEASE);
		__atomic_and_fetch(&p->cap_tx, (uint8_t)~bit, __ATOMIC_RELEASE);
	}
	if (sw->qsv != NULL && sw->n_pmds != 0)
		rte_rcu_qsbr_synchronize(sw->qsv, RTE_QSBR_THRID_INVALID);
}

/* Keep a finished capture for capture-list (the oldest goes first). */
static void cap_retire(struct cap_state *cs, struct capture *c)
{
	if (cs->n_hist == CAP_HISTORY) {
		free(cs->hist[0]);
		memmove(cs->hist, cs->hist + 1,
			sizeof(cs->hist[0]) * (CAP_HISTORY - 1));
		cs->n_hist--;
	}
	cs->hist[cs->n_hist++] = c;
}

/*
 * End a running capture (control thread): unhook it, stop and join its
 * thread (a thread blocked writing to a stalled pipe is interrupted), free
 * the ring with what is left in it.
 */
static void cap_end(struct vsw *sw, struct capture *c, const char *reason)
{
	struct cap_state *cs = sw->cap;
	struct rte_ring *ring = sw->cap_slots[c->slot].ring;
	bool by_itself = __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);
	struct rte_mbuf *m;
	unsigned int tries;

	cap_unhook(sw, c);
	__atomic_store_n(&c->stop, true, __ATOMIC_RELEASE);
	for (tries = 0; !__atomic_load_n(&c->done, __ATOMIC_ACQUIRE); tries++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (tries >= 20)	/* 200 ms: stuck in write() */
			pthread_kill(c->thread, SIGUSR1);
		nanosleep(&ts, NULL);
	}
	pthread_join(c->thread, NULL);
	/* ended from here: that is the reason, not what the interrupted
	 * write() of a stalled stream reported */
	if (!by_itself && reason != NULL)
		snprintf(c->reason, sizeof(c->reason), "%s", reason);
	while (rte_ring_dequeue(ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	c->dropped = __atomic_load_n(&sw->cap_slots[c->slot].dropped,
				     __ATOMIC_RELAXED);
	c->filtered += __atomic_load_n(&sw->cap_slots[c->slot].filtered,
				       __ATOMIC_RELAXED);
	rte_ring_free(ring);
	sw->cap_slots[c->slot].ring = NULL;
	cap_bpf_free(&sw->cap_slots[c->slot].flt);
	cap_filter_free(c->flt);
	c->flt = NULL;
	c->running = false;
	c->done = true;
	cs->run[c->slot] = NULL;
	VLOG_INFO("capture %u on %s %s: finished (%s): %lu frames, %lu bytes, "
		  "%lu filtered out, %lu dropped", c->id,
		  c->is_net ? "network" : "port", c->target, c->reason,
		  (unsigned long)c->packets, (unsigned long)c->bytes,
		  (unsigned long)c->filtered, (unsigned long)c->dropped);
	/* a stream's vswctl waits for this, however the capture ended */
	if (c->stream && cs->n_events < CAP_MAX) {
		cs->ev_token[cs->n_events] = c->token;
		cs->ev[cs->n_events++] = json_pack("{s:s, s:o}", "event",
						   "capture-end", "capture",
						   cap_json(c));
	}
	cap_retire(cs, c);
}

/* Parse an optional integer key (0 if absent: no limit, the default). */
static int cap_get_u64(json_t *args, const char *key, uint64_t max,
		       uint64_t *out, char *err, size_t errsize)
{
	json_t *v = json_object_get(args, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) > max) {
		snprintf(err, errsize, "'%s' must be an integer 0-%llu", key,
			 (unsigned long long)max);
		return -EINVAL;
	}
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* Validate capture-start's arguments into @c. */
static int cap_parse(struct vsw *sw, json_t *args, struct capture *c,
		     char *err, size_t errsize)
{
	static const char *const keys[] = { "port", "net", "dir", "filter",
		"snaplen", "count", "duration", "max_bytes", "path", "stream",
		NULL };
	char port[NAMES_MAX_LEN + 1], net[NAMES_MAX_LEN + 1];
	json_t *v;
	uint64_t snap, dur;
	const char *s;

	if (conf_check_keys(args, keys, err, errsize) != 0 ||
	    conf_get_name(args, "port", false, port, err, errsize) != 0 ||
	    conf_get_name(args, "net", false, net, err, errsize) != 0)
		return -EINVAL;
	if ((port[0] != '\0') == (net[0] != '\0')) {
		snprintf(err, errsize, "give exactly one of 'port' and 'net'");
		return -EINVAL;
	}
	c->is_net = net[0] != '\0';
	if (c->is_net) {
		const struct vsw_net *n = sw_net_find(sw, net);

		if (n == NULL) {
			snprintf(err, errsize, "no network '%s'", net);
			return -ENOENT;
		}
		c->net_id = n->id;
		snprintf(c->target, sizeof(c->target), "%s", net);
	} else {
		const struct vsw_port *p = sw_port_find(sw, port);

		if (p == NULL) {
			snprintf(err, errsize, "no port '%s'", port);
			return -ENOENT;
		}
		c->port_id = p->id;
		snprintf(c->target, sizeof(c->target), "%s", port);
	}
	c->dir = CAP_DIR_RX | CAP_DIR_TX;
	v = json_object_get(args, "dir");
	if (v != NULL) {
		s = json_string_value(v);
		if (s == NULL || (strcmp(s, "rx") && strcmp(s, "tx") &&
				  strcmp(s, "both"))) {
			snprintf(err, errsize, "'dir' must be \"rx\", \"tx\" or "
				 "\"both\"");
			return -EINVAL;
		}
		if (c->is_net && strcmp(s, "both") != 0) {
			snprintf(err, errsize, "a network capture sees every "
				 "frame once: 'dir' can only be \"both\"");
			return -EINVAL;
		}
		c->dir = !strcmp(s, "rx") ? CAP_DIR_RX : !strcmp(s, "tx") ?
			 CAP_DIR_TX : CAP_DIR_RX | CAP_DIR_TX;
	}
	v = json_object_get(args, "filter");
	if (v != NULL && (!json_is_string(v) ||
			  strlen(json_string_value(v)) > CAP_FILTER_MAX)) {
		snprintf(err, errsize, "'filter' must be a string of at most %d "
			 "characters", CAP_FILTER_MAX);
		return -EINVAL;
	}
	snprintf(c->filter, sizeof(c->filter), "%s",
		 v != NULL ? json_string_value(v) : "");
	if (cap_get_u64(args, "snaplen", CAP_SNAPLEN_MAX, &snap, err,
			errsize) != 0 ||
	    cap_get_u64(args, "count", UINT32_MAX, &c->lim.count, err,
			errsize) != 0 ||
	    cap_get_u64(args, "duration", 30 * 86400, &dur, err, errsize) != 0 ||
	    cap_get_u64(args, "max_bytes", (uint64_t)1 << 40, &c->lim.max_bytes,
			err, errsize) != 0)
		return -EINVAL;
	c->snaplen = snap ? (unsigned int)snap : CAP_SNAPLEN_DEFAULT;
	c->lim.duration_ms = dur * 1000;
	v = json_object_get(args, "path");
	if (v != NULL && (!json_is_string(v) ||
			  strlen(json_string_value(v)) >= sizeof(c->path))) {
		snprintf(err, errsize, "'path' must be a string");
		return -EINVAL;
	}
	snprintf(c->path, sizeof(c->path), "%s",
		 v != NULL ? json_string_value(v) : "");
	v = json_object_get(args, "stream");
	if (v != NULL && !json_is_boolean(v)) {
		snprintf(err, errsize, "'stream' must be true or false");
		return -EINVAL;
	}
	c->stream = v != NULL && json_is_true(v);
	return 0;
}

/**
 * capture_start() - capture-start: start a capture
 * @sw:		Switch
 * @args:	Request arguments (docs/CONTROL.md)
 * @fd:		Descriptor passed with the request (taken: set to -1), or -1
 * @token:	Control connection (stream captures end with it)
 * @result:	Output: the capture object
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -errno (nothing started; the descriptor is closed by the
 * caller)
 */
int capture_start(struct vsw *sw, json_t *args, int *fd, uint64_t token,
		  json_t **result, char *err, size_t errsize)
{
	struct cap_state *cs = sw->cap;
	struct capture *c;
	struct timespec now;
	struct stat st;
	char name[RTE_RING_NAMESIZE], msg[256];
	unsigned int slot;
	uint8_t bit;
	int ret;

	if (cs == NULL) {
		snprintf(err, errsize, "packet capture is not available");
		return -ENOTSUP;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	c->sw = sw;
	ret = cap_parse(sw, args, c, err, errsize);
	if (ret != 0)
		goto fail;
	if (*fd < 0 || fstat(*fd, &st) != 0) {
		snprintf(err, errsize, "capture-start needs the output file "
			 "descriptor (passed by vswctl with the request)");
		ret = -EINVAL;
		goto fail;
	}
	if (!c->stream && !S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "capture output is not a regular file "
			 "(use a stream for pipes)");
		ret = -EINVAL;
		goto fail;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !S_ISSOCK(st.st_mode)) {
		snprintf(err, errsize, "capture output must be a regular file, "
			 "a pipe or a socket");
		ret = -EINVAL;
		goto fail;
	}
	for (slot = 0; slot < CAP_MAX && cs->run[slot] != NULL; slot++)
		;
	if (slot == CAP_MAX) {
		snprintf(err, errsize, "%d captures are running already (the "
			 "maximum); stop one first", CAP_MAX);
		ret = -ENOSPC;
		goto fail;
	}
	c->flt = cap_filter_compile(c->filter, c->snaplen, msg, sizeof(msg));
	if (c->flt == NULL) {
		snprintf(err, errsize, "bad filter '%s': %s", c->filter, msg);
		ret = -EINVAL;
		goto fail;
	}
	sw->cap_slots[slot].filtered = 0;
	c->engine = cap_bpf_build(&sw->cap_slots[slot].flt, c->filter[0] ?
				  cap_filter_bpf(c->flt) : NULL);
	snprintf(name, sizeof(name), "vsw_cap%u", cs->next_id);
	sw->cap_slots[slot].ring = rte_ring_create(name, CAP_RING_SIZE,
						   (int)rte_socket_id(),
						   RING_F_SC_DEQ);
	sw->cap_slots[slot].dropped = 0;
	if (sw->cap_slots[slot].ring == NULL) {
		snprintf(err, errsize, "out of memory for the capture queue");
		ret = -ENOMEM;
		goto fail;
	}
	c->out_fd = *fd;
	c->w = cap_writer_open(*fd, c->snaplen, msg, sizeof(msg));
	*fd = -1;	/* the writer owns it now, also on failure */
	if (c->w == NULL) {
		snprintf(err, errsize, "cannot write the capture: %s", msg);
		ret = -EIO;
		goto fail_ring;
	}
	c->id = cs->next_id++;
	c->slot = slot;
	c->token = token;
	clock_gettime(CLOCK_REALTIME, &now);
	c->start_tsc = rte_get_tsc_cycles();
	c->started = now.tv_sec;
	c->start_ns = (uint64_t)now.tv_sec * 1000000000ull +
		      (uint64_t)now.tv_nsec;
	c->bytes = 24;	/* the file header */
	ret = pthread_create(&c->thread, NULL, cap_thread, c);
	if (ret != 0) {
		cap_writer_close(c->w);
		snprintf(err, errsize, "cannot start the capture thread: %s",
			 strerror(ret));
		ret = -ret;
		goto fail_ring;
	}
	c->running = true;
	cs->run[slot] = c;
	bit = (uint8_t)(1u << slot);
	if (c->is_net) {
		__atomic_or_fetch(&sw->net_cap[c->net_id], bit, __ATOMIC_RELEASE);
		__atomic_store_n(&sw->net_cap_any, 1, __ATOMIC_RELEASE);
	} else {
		struct vsw_port *p = sw->ports[c->port_id];

		if (c->dir & CAP_DIR_RX)
			__atomic_or_fetch(&p->cap_rx, bit, __ATOMIC_RELEASE);
		if (c->dir & CAP_DIR_TX)
			__atomic_or_fetch(&p->cap_tx, bit, __ATOMIC_RELEASE);
	}
	VLOG_INFO("capture %u: %s %s, dir %s, filter '%s', to %s", c->id,
		  c->is_net ? "network" : "port", c->target,
		  c->dir == 3 ? "both" : c->dir == 1 ? "rx" : "tx", c->filter,
		  c->path[0] ? c->path : "(descriptor)");
	*result = cap_json(c);
	return 0;

fail_ring:
	rte_ring_free(sw->cap_slots[slot].ring);
	sw->cap_slots[slot].ring = NULL;
	cap_bpf_free(&sw->cap_slots[slot].flt);
fail:
	cap_filter_free(c->flt);
	free(c);
	return ret;
}

static struct capture *cap_find(struct cap_state *cs, unsigned int id)
{
	unsigned int i;

	for (i = 0; i < CAP_MAX; i++)
		if (cs->run[i] != NULL && cs->run[i]->id == id)
			return cs->run[i];
	for (i = 0; i < cs->n_hist; i++)
		if (cs->hist[i]->id == id)
			return cs->hist[i];
	return NULL;
}

/**
 * capture_stop() - capture-stop {id}
 * @sw:		Switch
 * @args:	Arguments
 * @result:	Output: the capture, finished
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -ENOENT, -EALREADY (finished already), -EINVAL
 */
int capture_stop(struct vsw *sw, json_t *args, json_t **result, char *err,
		 size_t errsize)
{
	static const char *const keys[] = { "id", NULL };
	struct cap_state *cs = sw->cap;
	struct capture *c;
	uint32_t id;

	if (conf_check_keys(args, keys, err, errsize) != 0 ||
	    conf_get_uint(args, "id", 1, UINT32_MAX, &id, err, errsize) < 0)
		return -EINVAL;
	if (json_object_get(args, "id") == NULL) {
		snprintf(err, errsize, "'id' is required");
		return -EINVAL;
	}
	c = cs != NULL ? cap_find(cs, id) : NULL;
	if (c == NULL) {
		snprintf(err, errsize, "no capture %u", id);
		return -ENOENT;
	}
	if (!c->running) {
		snprintf(err, errsize, "capture %u already finished (%s)", id,
			 c->reason);
		return -EALREADY;
	}
	cap_end(sw, c, "stopped");
	*result = cap_json(c);
	return 0;
}

/**
 * capture_list() - capture-list
 * @sw:		Switch
 *
 * Return: {"captures": [...]}, running ones and the last finished ones
 */
json_t *capture_list(struct vsw *sw)
{
	struct cap_state *cs = sw->cap;
	json_t *arr = json_array();
	unsigned int i;

	if (cs != NULL) {
		for (i = 0; i < cs->n_hist; i++)
			json_array_append_new(arr, cap_json(cs->hist[i]));
		for (i = 0; i < CAP_MAX; i++)
			if (cs->run[i] != NULL)
				json_array_append_new(arr, cap_json(cs->run[i]));
	}
	return json_pack("{s:o}", "captures", arr);
}

/**
 * capture_poll() - Control loop: reap captures that ended by themselves
 * @sw:		Switch
 * @fn:		Called with the end event of each stream capture reaped
 * @arg:	Passed to @fn
 */
void capture_poll(struct vsw *sw, capture_event_fn fn, void *arg)
{
	struct cap_state *cs = sw->cap;
	unsigned int i;

	if (cs == NULL)
		return;
	for (i = 0; i < CAP_MAX; i++) {
		struct capture *c = cs->run[i];

		if (c != NULL && __atomic_load_n(&c->done, __ATOMIC_ACQUIRE))
			cap_end(sw, c, NULL);
	}
	for (i = 0; i < cs->n_events; i++) {
		if (fn != NULL)
			fn(arg, cs->ev_token[i], cs->ev[i]);
		else
			json_decref(cs->ev[i]);
	}
	cs->n_events = 0;
}

/* End every running capture for which @match is true. */
static void cap_end_if(struct vsw *sw, bool (*match)(const struct capture *,
						      uint64_t),
		       uint64_t key, const char *reason)
{
	struct cap_state *cs = sw->cap;
	unsigned int i;

	if (cs == NULL)
		return;
	for (i = 0; i < CAP_MAX; i++)
		if (cs->run[i] != NULL && match(cs->run[i], key))
			cap_end(sw, cs->run[i], reason);
}

static bool cap_is_stream_of(const struct capture *c, uint64_t token)
{
	return c->stream && c->token == token;
}

static bool cap_is_on_port(const struct capture *c, uint64_t port)
{
	return !c->is_net && c->port_id == port;
}

static bool cap_is_on_net(const struct capture *c, uint64_t net)
{
	return c->is_net && c->net_id == net;
}

/**
 * capture_client_gone() - A control connection closed: its streams end
 * @sw:		Switch
 * @token:	The connection
 */
void capture_client_gone(struct vsw *sw, uint64_t token)
{
	cap_end_if(sw, cap_is_stream_of, token, "connection closed");
}

/**
 * capture_port_gone() - A port is being deleted: its captures end
 * @sw:		Switch
 * @port_id:	Port slot
 */
void capture_port_gone(struct vsw *sw, uint16_t port_id)
{
	cap_end_if(sw, cap_is_on_port, port_id, "port deleted");
}

/**
 * capture_net_gone() - A network is being deleted: its captures end
 * @sw:		Switch
 * @net_id:	Network slot
 */
void capture_net_gone(struct vsw *sw, uint16_t net_id)
{
	cap_end_if(sw, cap_is_on_net, net_id, "network deleted");
}

/**
 * capture_fini() - End every capture, free the pool (PMDs stopped)
 * @sw:		Switch
 */
void capture_fini(struct vsw *sw)
{
	struct cap_state *cs = sw->cap;
	unsigned int i;

	if (cs == NULL)
		return;
	for (i = 0; i < CAP_MAX; i++)
		if (cs->run[i] != NULL)
			cap_end(sw, cs->run[i], "vswitchd stopped");
	for (i = 0; i < cs->n_hist; i++)
		free(cs->hist[i]);
	for (i = 0; i < cs->n_events; i++)
		json_decref(cs->ev[i]);
	free(cs);
	sw->cap = NULL;
	rte_free(sw->cap_slots);
	sw->cap_slots = NULL;
	rte_mempool_free(sw->cap_pool);
	sw->cap_pool = NULL;
}
