/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * capture.h - packet capture on ports and networks (vswctl capture ...).
 *
 * A capture is a slot (CAP_MAX at once) with its own ring and writer
 * thread. PMDs test a per-port (or per-network) bit mask once per burst;
 * when set, each frame is copied once into the capture pool and the copy
 * is queued (reference counted) on the ring of every capture that wants it.
 * Each capture's BPF filter runs on the PMD before the copy (cap_bpf.h).
 * The writer thread writes pcap (libpcap) and enforces the limits; a full ring or an empty pool drops captured copies (counted),
 * never forwarded frames. Captures do not survive a restart.
 */
#ifndef VSW_CAPTURE_H
#define VSW_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "cap_bpf.h"
#include "switch.h"

#define CAP_MAX			8	/* captures running at once */
#define CAP_HISTORY		16	/* finished captures kept for capture-list */
#define CAP_RING_SIZE		4096
#define CAP_POOL_SIZE		8191
#define CAP_DIR_RX		1
#define CAP_DIR_TX		2

struct rte_mbuf;

/**
 * struct cap_slot - What the PMDs see of a running capture
 * @ring:	Queue to its writer thread (multi-producer)
 * @flt:	The capture's filter, run on the PMD before anything is copied
 *		(all NULL: no filter)
 * @dropped:	Copies lost (ring full, pool empty), added to by PMDs
 * @filtered:	Frames the filter rejected on the PMDs (added once a burst)
 */
struct cap_slot {
	struct rte_ring *ring;
	struct cap_bpf flt;
	uint64_t dropped;
	uint64_t filtered;
};

/* Event sink: a stream capture ended; @token names its control connection. */
typedef void (*capture_event_fn)(void *arg, uint64_t token, json_t *event);

int capture_init(struct vsw *sw, char *err, size_t errsize);
void capture_fini(struct vsw *sw);
int capture_start(struct vsw *sw, json_t *args, int *fd, uint64_t token,
		  json_t **result, char *err, size_t errsize);
int capture_stop(struct vsw *sw, json_t *args, json_t **result, char *err,
		 size_t errsize);
json_t *capture_list(struct vsw *sw);
void capture_poll(struct vsw *sw, capture_event_fn fn, void *arg);
void capture_client_gone(struct vsw *sw, uint64_t token);
void capture_port_gone(struct vsw *sw, uint16_t port_id);
void capture_net_gone(struct vsw *sw, uint16_t net_id);
void capture_frames(struct vsw *sw, unsigned int pmd, uint8_t mask,
		    struct rte_mbuf **pkts, uint16_t n, uint16_t port,
		    uint8_t dir);

#endif /* VSW_CAPTURE_H */
