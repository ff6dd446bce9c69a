/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fdb.c - MAC learning table: learn, move, age, static entries, limits.
 *
 * Readers (PMD threads) look keys up with rte_hash's lock-free bulk lookup and
 * read the slot's entry word with acquire semantics. Writers hold fdb->lock,
 * re-check under it, and publish a slot's entry before (insert) or after
 * (delete) the hash key, so a reader sees either a valid entry or a miss.
 * Deleted positions go back to rte_hash only after every reader has passed a
 * quiescent state (rte_rcu_qsbr_synchronize), so a reader never sees a
 * recycled slot under an old key.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>

#include "fdb.h"
#include "log.h"

/**
 * fdb_create() - Create the table
 * @name:	Unique rte_hash name
 * @capacity:	Entries over all networks
 * @socket:	NUMA socket for the memory
 * @qsv:	Readers' RCU variable, or NULL when nothing reads concurrently
 *
 * Return: table, or NULL with rte_errno set
 */
struct fdb *fdb_create(const char *name, uint32_t capacity, int socket,
		       struct rte_rcu_qsbr *qsv)
{
	struct rte_hash_parameters params = {
		.name = name,
		.entries = capacity,
		.key_len = sizeof(uint64_t),
		.socket_id = socket,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF |
			      RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct fdb *fdb;
	unsigned int i;

	fdb = rte_zmalloc_socket("fdb", sizeof(*fdb), RTE_CACHE_LINE_SIZE,
				 socket);
	if (fdb == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	fdb->hash = rte_hash_create(&params);
	if (fdb->hash == NULL)
		goto fail;
	fdb->n_slots = (uint32_t)rte_hash_max_key_id(fdb->hash) + 1;
	fdb->entries = rte_zmalloc_socket("fdb_entries",
					  sizeof(struct fdb_entry) * fdb->n_slots,
					  RTE_CACHE_LINE_SIZE, socket);
	if (fdb->entries == NULL) {
		rte_errno = ENOMEM;
		goto fail;
	}
	rte_spinlock_init(&fdb->lock);
	fdb->qsv = qsv;
	for (i = 0; i < FDB_MAX_NETS; i++) {
		fdb->net_aging[i] = 300;
		fdb->net_max[i] = capacity;
	}
	for (i = 0; i < FDB_MAX_PORTS; i++)
		fdb->port_limit[i] = 1024;
	return fdb;
fail:
	rte_hash_free(fdb->hash);
	rte_free(fdb);
	return NULL;
}

/**
 * fdb_free() - Destroy the table; no reader may use it any more
 * @fdb:	Table, or NULL
 */
void fdb_free(struct fdb *fdb)
{
	if (fdb == NULL)
		return;
	rte_hash_free(fdb->hash);
	rte_free(fdb->entries);
	rte_free(fdb);
}

/**
 * fdb_net_config() - Set a network's aging time and table cap
 * @fdb:	Table
 * @net:	Network id
 * @aging:	Seconds a dynamic entry lives without traffic
 * @max:	Entries the network may hold; learning stops there
 */
void fdb_net_config(struct fdb *fdb, uint16_t net, uint32_t aging, uint32_t max)
{
	__atomic_store_n(&fdb->net_aging[net], aging, __ATOMIC_RELAXED);
	__atomic_store_n(&fdb->net_max[net], max, __ATOMIC_RELAXED);
}

/**
 * fdb_port_config() - Set a port's dynamic MAC limit
 * @fdb:	Table
 * @port:	Port id
 * @mac_limit:	Dynamic entries the port may own
 */
void fdb_port_config(struct fdb *fdb, uint16_t port, uint32_t mac_limit)
{
	__atomic_store_n(&fdb->port_limit[port], mac_limit, __ATOMIC_RELAXED);
}

/**
 * fdb_lookup_bulk() - Look up to RTE_HASH_LOOKUP_BULK_MAX keys
 * @fdb:	Table
 * @keys:	Keys from fdb_key()
 * @n:		Number of keys, at most RTE_HASH_LOOKUP_BULK_MAX
 * @pos:	Output: slot position per key, negative on a miss
 * @words:	Output: entry word per key, 0 on a miss
 *
 * Context: any thread, lock-free
 */
void fdb_lookup_bulk(struct fdb *fdb, const uint64_t *keys, unsigned int n,
		     int32_t *pos, uint32_t *words)
{
	const void *kp[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int i;

	for (i = 0; i < n; i++)
		kp[i] = &keys[i];
	rte_hash_lookup_bulk(fdb->hash, kp, n, pos);
	for (i = 0; i < n; i++)
		words[i] = pos[i] >= 0 ?
			__atomic_load_n(&fdb->entries[pos[i]].word,
					__ATOMIC_ACQUIRE) : 0;
}

/**
 * fdb_lookup() - Look up one key
 * @fdb:	Table
 * @key:	Key from fdb_key()
 *
 * Return: port id, or FDB_NO_PORT
 */
uint16_t fdb_lookup(struct fdb *fdb, uint64_t key)
{
	int32_t pos;
	uint32_t w;

	fdb_lookup_bulk(fdb, &key, 1, &pos, &w);
	return (w & FDB_W_VALID) ? FDB_W_PORT(w) : FDB_NO_PORT;
}

/* Count a live entry word in or out of the per-network/per-port counters. */
static void fdb_account(struct fdb *fdb, uint64_t key, uint32_t w, int delta)
{
	uint16_t net = fdb_key_net(key);

	__atomic_store_n(&fdb->net_count[net], fdb->net_count[net] + delta,
			 __ATOMIC_RELAXED);
	if (!(w & FDB_W_STATIC)) {
		uint16_t p = FDB_W_PORT(w);

		__atomic_store_n(&fdb->port_count[p], fdb->port_count[p] + delta,
				 __ATOMIC_RELAXED);
	}
}

/* Insert or overwrite @key with @w; caller holds the lock. */
static int fdb_set_locked(struct fdb *fdb, uint64_t key, uint32_t w,
			  uint32_t now)
{
	int32_t pos = rte_hash_lookup(fdb->hash, &key);
	struct fdb_entry *e;

	if (pos >= 0) {
		e = &fdb->entries[pos];
		fdb_account(fdb, key, e->word, -1);
		e->last_seen = now;
		__atomic_store_n(&e->word, w, __ATOMIC_RELEASE);
		fdb_account(fdb, key, w, 1);
		return pos;
	}
	pos = rte_hash_add_key(fdb->hash, &key);
	if (pos < 0)
		return pos;
	e = &fdb->entries[pos];
	e->key = key;
	e->last_seen = now;
	/* Readers that find the key before this store see an invalid entry
	 * and flood, which is harmless. */
	__atomic_store_n(&e->word, w, __ATOMIC_RELEASE);
	fdb_account(fdb, key, w, 1);
	return pos;
}

/* Slow path of fdb_learn(): new MAC, move, or racing insert. */
static enum fdb_learn_result fdb_learn_slow(struct fdb *fdb, uint64_t key,
					    uint16_t port, uint32_t now)
{
	uint16_t net = fdb_key_net(key);
	enum fdb_learn_result res = FDB_LEARN_OK;
	int32_t pos;
	uint32_t w;

	rte_spinlock_lock(&fdb->lock);
	pos = rte_hash_lookup(fdb->hash, &key);
	w = pos >= 0 ? fdb->entries[pos].word : 0;
	if ((w & FDB_W_VALID) &&
	    (FDB_W_PORT(w) == port || (w & FDB_W_STATIC))) {
		fdb->entries[pos].last_seen = now;	/* lost a race: done */
	} else if (fdb->port_count[port] >= fdb->port_limit[port] ||
		   (!(w & FDB_W_VALID) &&
		    fdb->net_count[net] >= fdb->net_max[net])) {
		res = FDB_LEARN_LIMIT;
	} else if (fdb_set_locked(fdb, key, FDB_W_VALID | port, now) < 0) {
		res = FDB_LEARN_LIMIT;			/* table full */
	} else if (w & FDB_W_VALID) {
		__atomic_store_n(&fdb->net_moves[net], fdb->net_moves[net] + 1,
				 __ATOMIC_RELAXED);
	}
	rte_spinlock_unlock(&fdb->lock);
	return res;
}

/**
 * fdb_learn() - Learn or refresh one source MAC
 * @fdb:	Table
 * @key:	Source key from fdb_key()
 * @pos:	Position from fdb_lookup_bulk() for @key
 * @word:	Entry word from fdb_lookup_bulk() for @key
 * @port:	Ingress port
 * @now:	Current time in seconds
 *
 * Known MACs on the same port (the common case) only refresh the timestamp,
 * without locks or stores when it did not change. Static entries never move.
 *
 * Context: PMD thread, inside an RCU read-side section
 * Return: FDB_LEARN_LIMIT if a new MAC was refused, FDB_LEARN_OK otherwise
 */
enum fdb_learn_result fdb_learn(struct fdb *fdb, uint64_t key, int32_t pos,
				uint32_t word, uint16_t port, uint32_t now)
{
	if (likely(word & FDB_W_VALID) &&
	    (likely(FDB_W_PORT(word) == port) || (word & FDB_W_STATIC))) {
		struct fdb_entry *e = &fdb->entries[pos];

		if (unlikely(e->last_seen != now))
			__atomic_store_n(&e->last_seen, now, __ATOMIC_RELAXED);
		return FDB_LEARN_OK;
	}
	/*
	 * Cheap early refusal so a MAC flood does not hammer the lock. @word
	 * may predate an insert earlier in this burst, so look again before
	 * refusing a MAC that is in fact known.
	 */
	if (!(word & FDB_W_VALID) &&
	    __atomic_load_n(&fdb->port_count[port], __ATOMIC_RELAXED) >=
	    __atomic_load_n(&fdb->port_limit[port], __ATOMIC_RELAXED)) {
		pos = rte_hash_lookup(fdb->hash, &key);
		word = pos >= 0 ? __atomic_load_n(&fdb->entries[pos].word,
						  __ATOMIC_ACQUIRE) : 0;
		if (!(word & FDB_W_VALID))
			return FDB_LEARN_LIMIT;
		if (FDB_W_PORT(word) == port || (word & FDB_W_STATIC))
			return FDB_LEARN_OK;
	}
	return fdb_learn_slow(fdb, key, port, now);
}

/**
 * fdb_add_static() - Add or replace an entry that never ages or moves
 * @fdb:	Table
 * @key:	Key from fdb_key()
 * @port:	Port the MAC lives behind
 *
 * Context: control thread
 * Return: 0 on success, -ENOSPC if the table is full
 */
int fdb_add_static(struct fdb *fdb, uint64_t key, uint16_t port)
{
	int ret;

	rte_spinlock_lock(&fdb->lock);
	ret = fdb_set_locked(fdb, key, FDB_W_VALID | FDB_W_STATIC | port, 0);
	rte_spinlock_unlock(&fdb->lock);
	return ret < 0 ? -ENOSPC : 0;
}

/* Remove @key if present; returns its position or -1. Caller holds lock. */
static int32_t fdb_remove_locked(struct fdb *fdb, uint64_t key)
{
	int32_t pos = rte_hash_del_key(fdb->hash, &key);

	if (pos < 0)
		return -1;
	fdb_account(fdb, key, fdb->entries[pos].word, -1);
	__atomic_store_n(&fdb->entries[pos].word, 0, __ATOMIC_RELEASE);
	return pos;
}

/* Return deleted positions to rte_hash once no reader can hold them. */
static void fdb_reclaim(struct fdb *fdb, const int32_t *pos, unsigned int n)
{
	unsigned int i;

	if (n == 0)
		return;
	if (fdb->qsv != NULL)
		rte_rcu_qsbr_synchronize(fdb->qsv, RTE_QSBR_THRID_INVALID);
	rte_spinlock_lock(&fdb->lock);
	for (i = 0; i < n; i++)
		rte_hash_free_key_with_position(fdb->hash, pos[i]);
	rte_spinlock_unlock(&fdb->lock);
}

/**
 * fdb_del() - Delete one entry, static or dynamic
 * @fdb:	Table
 * @key:	Key from fdb_key()
 *
 * Context: control thread; waits for an RCU grace period
 * Return: 0 on success, -ENOENT if absent
 */
int fdb_del(struct fdb *fdb, uint64_t key)
{
	int32_t pos;

	rte_spinlock_lock(&fdb->lock);
	pos = fdb_remove_locked(fdb, key);
	rte_spinlock_unlock(&fdb->lock);
	if (pos < 0)
		return -ENOENT;
	fdb_reclaim(fdb, &pos, 1);
	return 0;
}

enum fdb_sweep { FDB_SWEEP_AGE, FDB_SWEEP_PORT, FDB_SWEEP_PORT_ALL,
		 FDB_SWEEP_NET };

/* Does entry word @w with key @key match the sweep? */
static bool fdb_sweep_match(const struct fdb *fdb, const struct fdb_entry *e,
			    uint32_t w, enum fdb_sweep kind, uint32_t arg)
{
	if (!(w & FDB_W_VALID))
		return false;
	switch (kind) {
	case FDB_SWEEP_AGE:
		return !(w & FDB_W_STATIC) &&
		       (uint32_t)(arg - e->last_seen) >=
		       fdb->net_aging[fdb_key_net(e->key)];
	case FDB_SWEEP_PORT:
		return !(w & FDB_W_STATIC) && FDB_W_PORT(w) == arg;
	case FDB_SWEEP_PORT_ALL:
		return FDB_W_PORT(w) == arg;
	case FDB_SWEEP_NET:
		return fdb_key_net(e->key) == arg;
	}
	return false;
}

/* Delete every entry matching a sweep; returns how many went. */
static unsigned int fdb_sweep(struct fdb *fdb, enum fdb_sweep kind,
			      uint32_t arg)
{
	unsigned int n = 0, cap = 64;
	int32_t *freed = malloc(cap * sizeof(*freed));
	uint32_t i;

	if (freed == NULL)
		return 0;
	for (i = 0; i < fdb->n_slots; i++) {
		struct fdb_entry *e = &fdb->entries[i];
		int32_t pos;

		if (!fdb_sweep_match(fdb, e, __atomic_load_n(&e->word,
			__ATOMIC_ACQUIRE), kind, arg))
			continue;
		rte_spinlock_lock(&fdb->lock);
		/* re-check under the lock: a PMD may have refreshed it */
		pos = fdb_sweep_match(fdb, e, e->word, kind, arg) ?
		      fdb_remove_locked(fdb, e->key) : -1;
		rte_spinlock_unlock(&fdb->lock);
		if (pos < 0)
			continue;
		if (n == cap) {
			int32_t *tmp = realloc(freed, 2 * cap * sizeof(*freed));

			if (tmp == NULL) {
				fdb_reclaim(fdb, freed, n);
				n = 0;
			} else {
				freed = tmp;
				cap *= 2;
			}
		}
		freed[n++] = pos;
	}
	fdb_reclaim(fdb, freed, n);
	free(freed);
	return n;
}

/**
 * fdb_age() - Remove dynamic entries idle for their network's aging time
 * @fdb:	Table
 * @now:	Current time in seconds
 *
 * Context: control thread
 * Return: number of entries removed
 */
unsigned int fdb_age(struct fdb *fdb, uint32_t now)
{
	return fdb_sweep(fdb, FDB_SWEEP_AGE, now);
}

/**
 * fdb_flush_port() - Remove the entries that point at a port
 * @fdb:	Table
 * @port:	Port id
 * @statics:	Remove static entries too (port deletion)
 *
 * Context: control thread
 * Return: number of entries removed
 */
unsigned int fdb_flush_port(struct fdb *fdb, uint16_t port, bool statics)
{
	return fdb_sweep(fdb, statics ? FDB_SWEEP_PORT_ALL : FDB_SWEEP_PORT,
			 port);
}

/**
 * fdb_flush_net() - Remove every entry of a network
 * @fdb:	Table
 * @net:	Network id
 *
 * Context: control thread
 * Return: number of entries removed
 */
unsigned int fdb_flush_net(struct fdb *fdb, uint16_t net)
{
	return fdb_sweep(fdb, FDB_SWEEP_NET, net);
}

/**
 * fdb_walk() - Call @cb for each live entry
 * @fdb:	Table
 * @net:	Network id, or -1 for all
 * @now:	Current time, passed through to @cb
 * @cb:		Callback
 * @arg:	Callback argument
 *
 * Context: control thread (entries may change concurrently; each is a
 * consistent snapshot of one slot)
 */
void fdb_walk(const struct fdb *fdb, int net, uint32_t now, fdb_walk_cb cb,
	      void *arg)
{
	uint32_t i;

	for (i = 0; i < fdb->n_slots; i++) {
		struct fdb_entry e = fdb->entries[i];

		e.word = __atomic_load_n(&fdb->entries[i].word, __ATOMIC_ACQUIRE);
		if (!(e.word & FDB_W_VALID))
			continue;
		if (net >= 0 && fdb_key_net(e.key) != net)
			continue;
		cb(&e, now, arg);
	}
}
