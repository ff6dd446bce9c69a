/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port.h - the port object and the interface every port backend implements.
 *
 * A port is one attachment point (a guest's vNIC today; TAP and uplinks
 * later). Backends (vhost/vhost_port.c, ...) fill in a struct port_ops; the
 * packet path only ever calls through it.
 */
#ifndef VSW_PORT_H
#define VSW_PORT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/un.h>

#include <rte_common.h>
#include <rte_mbuf.h>

#include "drop.h"
#include "names.h"

#define VSW_MAX_PORTS	256
#define VSW_MAX_PMDS	16
#define VSW_BURST	32

struct vsw_port;

/**
 * struct port_ops - Backend interface
 * @rx:		Receive up to @n frames; PMD that owns the port only
 * @tx:		Transmit @n frames; returns how many were taken (the backend owns
 *		those), the caller frees the rest. Any PMD may call it.
 * @link_up:	Whether a peer is attached and ready
 * @destroy:	Release backend resources; the port is off the packet path
 */
struct port_ops {
	uint16_t (*rx)(struct vsw_port *port, struct rte_mbuf **pkts, uint16_t n);
	uint16_t (*tx)(struct vsw_port *port, struct rte_mbuf **pkts, uint16_t n);
	bool (*link_up)(const struct vsw_port *port);
	void (*destroy)(struct vsw_port *port);
};

enum port_type { PORT_VHOST_USER, PORT_VHOST_USER_CLIENT, PORT_TYPE_MAX };

/**
 * struct port_conf - What an admin configures on a port (and what persists)
 * @name:	Port name
 * @net:	Network name
 * @type:	Backend type
 * @path:	Socket path, empty for the default RUN_DIR/NAME.sock
 * @has_mac:	Whether @mac is set
 * @mac:	Guest MAC
 * @owner:	Socket owner, empty if unset
 * @group:	Socket group, empty if unset
 * @mode:	Socket permissions, -1 if unset
 * @mac_limit:	Dynamic MAC limit
 */
struct port_conf {
	char name[NAMES_MAX_LEN + 1];
	char net[NAMES_MAX_LEN + 1];
	enum port_type type;
	char path[108];
	bool has_mac;
	uint8_t mac[6];
	char owner[64];
	char group[64];
	int mode;
	uint32_t mac_limit;
};

/**
 * struct port_stats - Counters of one port written by one PMD
 * @rx_packets:	Frames received from the peer
 * @rx_bytes:	Bytes received from the peer
 * @tx_packets:	Frames delivered to the peer
 * @tx_bytes:	Bytes delivered to the peer
 * @drops:	Frames dropped, by reason (ingress reasons on the ingress port,
 *		delivery reasons on the egress port)
 */
struct port_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t drops[DROP_MAX];
} __rte_cache_aligned;

/**
 * struct vsw_port - One port
 * @conf:	What the admin configured (name, network name, type, socket
 *		path and permissions, MAC, MAC limit); what persists
 * @id:		Slot in the port table, also the FDB's port id
 * @net_id:	Network the port belongs to
 * @pmd:	Index of the PMD that polls it
 * @ops:	Backend interface
 * @priv:	Backend state
 * @stats:	Counters, one cache line set per PMD
 */
struct vsw_port {
	struct port_conf conf;
	uint16_t id;
	uint16_t net_id;
	uint16_t pmd;
	const struct port_ops *ops;
	void *priv;
	struct port_stats stats[VSW_MAX_PMDS];
};

const char *port_type_name(enum port_type t);
int port_type_parse(const char *s, enum port_type *t);
void port_stats_sum(const struct vsw_port *port, struct port_stats *sum);

#endif /* VSW_PORT_H */
