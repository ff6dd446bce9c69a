/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_lease.h - one network's address pool: leases, static reservations,
 * quarantined addresses, and their JSON form for the lease file.
 *
 * Plain C + jansson, no DPDK, no clock of its own: every call that needs
 * the time takes @now (wall-clock seconds, time(NULL) in the daemon), so
 * leases survive restarts and tests control time. Addresses host order.
 *
 * A client is identified by its client identifier (option 61) when it sent
 * one, else by its hardware address (RFC 2131 4.2). Reservations are by
 * hardware address.
 */
#ifndef DHCP_LEASE_H
#define DHCP_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "dhcp_conf.h"
#include "dhcp_msg.h"

#define DHCP_PORT_NAME_MAX	31
#define DHCP_OFFER_HOLD		60	/* seconds an offered address is held */
#define DHCP_QUARANTINE		600	/* seconds a declined address rests */

/**
 * enum dhcp_lease_state - What an entry of the pool is
 * @DHCP_LEASE_OFFERED:	Offered, held for the client until @expires
 * @DHCP_LEASE_BOUND:	Acknowledged, the client's until @expires
 * @DHCP_LEASE_DECLINED: A client said the address is in use (DECLINE):
 *			nobody gets it until @expires
 */
enum dhcp_lease_state {
	DHCP_LEASE_OFFERED,
	DHCP_LEASE_BOUND,
	DHCP_LEASE_DECLINED,
};

/**
 * struct dhcp_client - Who asks
 * @mac:	Hardware address (chaddr)
 * @client_id_len: Length of @client_id, 0 if the client sent none
 * @client_id:	Client identifier (option 61)
 */
struct dhcp_client {
	uint8_t mac[6];
	uint16_t client_id_len;
	uint8_t client_id[DHCP_CLIENT_ID_MAX];
};

/**
 * struct dhcp_lease - One address in use
 * @ip:		The address
 * @state:	Offered, bound or declined
 * @client:	Its client (zeroed for DECLINED)
 * @hostname:	Client's host name (option 12), "" if none
 * @port:	Name of the switch port the client is on, "" if unknown
 * @expires:	Wall-clock second when the entry ends
 */
struct dhcp_lease {
	uint32_t ip;
	enum dhcp_lease_state state;
	struct dhcp_client client;
	char hostname[DHCP_HOSTNAME_MAX + 1];
	char port[DHCP_PORT_NAME_MAX + 1];
	uint64_t expires;
};

/**
 * struct dhcp_host - A static reservation
 * @mac:	Hardware address
 * @ip:		Address always given to it (may be outside the dynamic range,
 *		but inside the subnet)
 * @hostname:	Host name, "" if none
 */
struct dhcp_host {
	uint8_t mac[6];
	uint32_t ip;
	char hostname[DHCP_HOSTNAME_MAX + 1];
};

struct dhcp_db;

/**
 * dhcp_db_new() - An empty pool
 * @first:	First address of the dynamic range
 * @last:	Last address (>= @first, at most DHCP_RANGE_MAX addresses)
 *
 * Return: new pool, NULL on bad range or allocation failure
 */
struct dhcp_db *dhcp_db_new(uint32_t first, uint32_t last);
void dhcp_db_free(struct dhcp_db *db);

/**
 * dhcp_db_set_range() - Change the dynamic range
 * @db:		Pool
 * @first:	New first address
 * @last:	New last address
 *
 * Leases (of any state) whose address is outside the new range and not a
 * reservation of their client are dropped; the others are kept.
 *
 * Return: 0, or -EINVAL on a bad range (nothing changed)
 */
int dhcp_db_set_range(struct dhcp_db *db, uint32_t first, uint32_t last);

/**
 * dhcp_db_set_excluded() - Addresses never handed out (server, gateway)
 * @db:		Pool
 * @ips:	Addresses
 * @n:		How many (at most 8)
 */
void dhcp_db_set_excluded(struct dhcp_db *db, const uint32_t *ips,
			  unsigned int n);

/**
 * dhcp_db_host_add() - Add or replace a reservation
 * @db:		Pool
 * @h:		Reservation
 *
 * Refused if another MAC reserves the same address. A lease of another
 * client on that address stays until it ends (not renewed: a REQUEST for
 * it by that client is refused); a lease of this client on another address
 * is not renewed either, so the client moves to its reserved address on
 * its next request.
 *
 * Return: 0, -EEXIST (address reserved for another MAC), -ENOSPC (more
 * than 1024 reservations)
 */
int dhcp_db_host_add(struct dhcp_db *db, const struct dhcp_host *h);
int dhcp_db_host_del(struct dhcp_db *db, const uint8_t mac[6]);
const struct dhcp_host *dhcp_db_host_find(const struct dhcp_db *db,
					  const uint8_t mac[6]);
/* Reservation by address, NULL if none */
const struct dhcp_host *dhcp_db_host_by_ip(const struct dhcp_db *db,
					   uint32_t ip);

/**
 * dhcp_db_find() - The client's current entry (offered or bound), any
 * expiry (an expired entry that is still there is the client's old address)
 * @db:		Pool
 * @c:		Client
 *
 * Return: lease or NULL
 */
struct dhcp_lease *dhcp_db_find(struct dhcp_db *db,
				const struct dhcp_client *c);
/* Entry on an address (any state), NULL if none */
struct dhcp_lease *dhcp_db_find_ip(struct dhcp_db *db, uint32_t ip);

/**
 * dhcp_db_offer() - Choose and hold an address for a DISCOVER
 * @db:		Pool
 * @c:		Client
 * @requested:	Address the client asked for (option 50), 0 if none
 * @port:	Port the client is on
 * @port_cap:	Most unexpired entries one port may hold (0: no limit)
 * @now:	Current time
 * @ip:		Output: the address
 *
 * Preference: the client's reservation; its current or previous (expired,
 * not yet reused) address; @requested if free and in range; a free address
 * never used; the address whose entry expired longest ago. Never an
 * address that is excluded, reserved for another MAC, declined and in
 * quarantine, or held by another client's unexpired entry. Creates or
 * updates the client's entry as OFFERED until @now + DHCP_OFFER_HOLD,
 * unless it is already BOUND to that address (then kept as is).
 *
 * Return: 0, -ENOSPC (pool exhausted), -EDQUOT (@port holds @port_cap
 * entries and this client has none)
 */
int dhcp_db_offer(struct dhcp_db *db, const struct dhcp_client *c,
		  uint32_t requested, const char *port, unsigned int port_cap,
		  uint64_t now, uint32_t *ip);

/**
 * dhcp_db_commit() - Bind an address for a REQUEST
 * @db:		Pool
 * @c:		Client
 * @ip:		Address the client asks for (the caller has checked that it is
 *		in the network's subnet)
 * @lease_time:	Seconds
 * @hostname:	Host name to record ("" if none)
 * @port:	Port the client is on
 * @port_cap:	As for dhcp_db_offer()
 * @now:	Current time
 *
 * Allowed if @ip is the client's reservation, or (not reserved for another
 * MAC, not excluded, in range, and either the client's own entry or free).
 * A client with a reservation may only bind the reserved address.
 *
 * Return: 0 (entry BOUND until @now + @lease_time), -EADDRINUSE (another
 * client's, reserved, excluded or quarantined), -ERANGE (not in the range
 * nor a reservation), -EDQUOT (port cap)
 */
int dhcp_db_commit(struct dhcp_db *db, const struct dhcp_client *c,
		   uint32_t ip, uint32_t lease_time, const char *hostname,
		   const char *port, unsigned int port_cap, uint64_t now);

/**
 * dhcp_db_release() - RELEASE: the client gives its address back
 *
 * The entry is kept but expired (@expires = @now), so the client gets the
 * same address next time unless someone else needed it.
 *
 * Return: 0, -ENOENT if @ip is not the client's
 */
int dhcp_db_release(struct dhcp_db *db, const struct dhcp_client *c,
		    uint32_t ip, uint64_t now);

/**
 * dhcp_db_decline() - DECLINE: @ip is in use by someone else
 *
 * The address goes into quarantine (DECLINED until @now + DHCP_QUARANTINE)
 * if it was the client's entry.
 *
 * Return: 0, -ENOENT if @ip is not the client's
 */
int dhcp_db_decline(struct dhcp_db *db, const struct dhcp_client *c,
		    uint32_t ip, uint64_t now);

/**
 * dhcp_db_del() - Remove the entry on an address (dhcp-lease-del)
 *
 * Return: 0, -ENOENT
 */
int dhcp_db_del(struct dhcp_db *db, uint32_t ip);

/**
 * dhcp_db_expire() - Reclaim entries that ended before @now - @grace
 * @db:		Pool
 * @now:	Current time
 * @grace:	Seconds an expired BOUND entry is kept so its client can get
 *		the same address back (offered and declined entries go at once)
 *
 * Return: number of entries removed
 */
unsigned int dhcp_db_expire(struct dhcp_db *db, uint64_t now, uint32_t grace);

/* Unexpired entries held by clients on @port (for the per-port cap). */
unsigned int dhcp_db_port_count(const struct dhcp_db *db, const char *port,
				uint64_t now);
/* Entries of any state, and addresses in the dynamic range. */
unsigned int dhcp_db_count(const struct dhcp_db *db);
unsigned int dhcp_db_range_size(const struct dhcp_db *db);

typedef void (*dhcp_db_walk_fn)(const struct dhcp_lease *l, void *arg);
/* Every entry, in address order. */
void dhcp_db_walk(const struct dhcp_db *db, dhcp_db_walk_fn fn, void *arg);
typedef void (*dhcp_db_host_fn)(const struct dhcp_host *h, void *arg);
void dhcp_db_host_walk(const struct dhcp_db *db, dhcp_db_host_fn fn,
		       void *arg);

/**
 * dhcp_lease_to_json() - One entry as stored and shown
 *
 * {"ip": "a.b.c.d", "mac": "xx:..", "client_id": "hex" (absent if none),
 *  "hostname": "..." (absent if none), "port": "...", "expires": unix
 *  seconds, "state": "offered"|"bound"|"declined"}
 *
 * Return: new object (caller owns), NULL on allocation failure
 */
json_t *dhcp_lease_to_json(const struct dhcp_lease *l);

/**
 * dhcp_db_to_json() - Every entry, for the lease file
 *
 * Offered entries are not saved (a restart forgets offers, clients repeat).
 *
 * Return: new array (caller owns), NULL on allocation failure
 */
json_t *dhcp_db_to_json(const struct dhcp_db *db);

/**
 * dhcp_db_load_json() - Add entries read from the lease file
 * @db:		Pool (entries are added to it)
 * @arr:	Array as written by dhcp_db_to_json()
 * @now:	Current time: entries already ended are skipped (reclaimed)
 * @err:	Error message on failure, naming the entry index
 * @errsize:	Size of @err
 *
 * Strict: unknown keys, bad addresses/MACs/hex, duplicate addresses or
 * clients fail. Entries outside the range that are not reservations of
 * their client are skipped (the range changed while the daemon was down).
 *
 * Return: 0, or -EINVAL (@db unchanged)
 */
int dhcp_db_load_json(struct dhcp_db *db, json_t *arr, uint64_t now,
		      char *err, size_t errsize);

#endif /* DHCP_LEASE_H */
