/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fdb.h - MAC learning table (forwarding database) for all networks.
 *
 * One rte_hash keyed by (network id, MAC) serves every network, so a MAC may
 * live in two networks on different ports. PMD threads read it lock-free
 * (RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF) and refresh timestamps in place;
 * only inserts, moves and deletes take the table's writer lock, and deleted
 * slots are recycled after an RCU grace period (rte_rcu_qsbr).
 */
#ifndef VSW_FDB_H
#define VSW_FDB_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_atomic.h>
#include <rte_hash.h>
#include <rte_rcu_qsbr.h>
#include <rte_spinlock.h>

#define FDB_MAX_NETS	256
#define FDB_MAX_PORTS	256
#define FDB_NO_PORT	0xffffu

/* Entry word: valid bit, static bit, port id. */
#define FDB_W_VALID	(1u << 31)
#define FDB_W_STATIC	(1u << 30)
#define FDB_W_PORT(w)	((uint16_t)((w) & 0xffffu))

enum fdb_learn_result {
	FDB_LEARN_OK,		/* known, refreshed, new or moved */
	FDB_LEARN_LIMIT,	/* new MAC refused: port limit or network cap */
};

/**
 * struct fdb_entry - Per-slot data, indexed by the rte_hash key position
 * @key:	(network << 48) | MAC, kept so sweeps need no hash iteration
 * @word:	FDB_W_* bits and port id; 0 while the slot is unused
 * @last_seen:	Seconds (caller's clock) of the last frame from this MAC
 */
struct fdb_entry {
	uint64_t key;
	uint32_t word;
	uint32_t last_seen;
};

/**
 * struct fdb - The table
 * @hash:	Key -> position
 * @entries:	Slot data by position
 * @n_slots:	Size of @entries (rte_hash_max_key_id() + 1)
 * @lock:	Serializes writers (insert, move, delete); readers take none
 * @qsv:	Readers' quiescent-state variable, NULL if none (unit tests)
 * @net_aging:	Per network: aging time in seconds
 * @net_max:	Per network: table cap
 * @net_count:	Per network: entries (static included)
 * @net_moves:	Per network: MAC moves between ports
 * @port_limit:	Per port: dynamic MAC limit
 * @port_count:	Per port: dynamic entries
 */
struct fdb {
	struct rte_hash *hash;
	struct fdb_entry *entries;
	uint32_t n_slots;
	rte_spinlock_t lock;
	struct rte_rcu_qsbr *qsv;
	uint32_t net_aging[FDB_MAX_NETS];
	uint32_t net_max[FDB_MAX_NETS];
	uint32_t net_count[FDB_MAX_NETS];
	uint64_t net_moves[FDB_MAX_NETS];
	uint32_t port_limit[FDB_MAX_PORTS];
	uint32_t port_count[FDB_MAX_PORTS];
};

/**
 * fdb_key() - Build the hash key of a MAC in a network
 * @net:	Network id
 * @mac:	Six bytes
 *
 * Return: (net << 48) | MAC in network byte order
 */
static inline uint64_t fdb_key(uint16_t net, const uint8_t *mac)
{
	return (uint64_t)net << 48 | (uint64_t)mac[0] << 40 |
	       (uint64_t)mac[1] << 32 | (uint64_t)mac[2] << 24 |
	       (uint64_t)mac[3] << 16 | (uint64_t)mac[4] << 8 | mac[5];
}

static inline uint16_t fdb_key_net(uint64_t key)
{
	return (uint16_t)(key >> 48);
}

static inline void fdb_key_mac(uint64_t key, uint8_t mac[6])
{
	int i;

	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)(key >> (40 - 8 * i));
}

struct fdb *fdb_create(const char *name, uint32_t capacity, int socket,
		       struct rte_rcu_qsbr *qsv);
void fdb_free(struct fdb *fdb);
void fdb_net_config(struct fdb *fdb, uint16_t net, uint32_t aging,
		    uint32_t max);
void fdb_port_config(struct fdb *fdb, uint16_t port, uint32_t mac_limit);

void fdb_lookup_bulk(struct fdb *fdb, const uint64_t *keys, unsigned int n,
		     int32_t *pos, uint32_t *words);
enum fdb_learn_result fdb_learn(struct fdb *fdb, uint64_t key, int32_t pos,
				uint32_t word, uint16_t port, uint32_t now);
uint16_t fdb_lookup(struct fdb *fdb, uint64_t key);

int fdb_add_static(struct fdb *fdb, uint64_t key, uint16_t port);
int fdb_del(struct fdb *fdb, uint64_t key);
unsigned int fdb_age(struct fdb *fdb, uint32_t now);
unsigned int fdb_flush_port(struct fdb *fdb, uint16_t port, bool statics);
unsigned int fdb_flush_net(struct fdb *fdb, uint16_t net);

typedef void (*fdb_walk_cb)(const struct fdb_entry *e, uint32_t now, void *arg);
void fdb_walk(const struct fdb *fdb, int net, uint32_t now, fdb_walk_cb cb,
	      void *arg);

#endif /* VSW_FDB_H */
