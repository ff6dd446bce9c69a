/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_lease.c - one network's address pool: leases, reservations,
 * quarantine, and the lease file's JSON form.
 *
 * Layout:
 *  - every entry (OFFERED, BOUND or DECLINED) is its own allocation, so a
 *    pointer handed out by dhcp_db_find() stays valid until that entry is
 *    removed;
 *  - entries inside the dynamic range are found through an array indexed by
 *    ip - first; the few outside it (clients of reservations outside the
 *    range) sit in a small array sorted by address;
 *  - a bitmap over the range marks addresses that cannot be picked fresh
 *    (an entry is there, or it is excluded or reserved), so the search for
 *    a free address tests 64 addresses per word;
 *  - a chained hash with a random per-pool seed finds a client's entry by
 *    its identity (client id, else MAC), so forged clients cannot lengthen
 *    the chains on purpose;
 *  - every entry is on its port's list, so the per-port cap only walks the
 *    entries of that port;
 *  - reservations live in an array with two open-addressing indexes (MAC,
 *    address), rebuilt when the array changes (an admin operation).
 *
 * A free address is searched from a point derived from the client's MAC,
 * so a client that comes back after its entry was reclaimed tends to get
 * the same address, and different clients spread over the range.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "dhcp_lease.h"
#include "names.h"

#define HOSTS_MAX	1024	/* reservations in one pool */
#define EXCLUDED_MAX	8
#define CL_BUCKETS_MIN	64
#define PORT_BUCKETS	64

struct port_rec;

/*
 * struct entry - An entry of the pool
 * @l:		What callers see (first member: container of &l)
 * @cl_next:	Next in the client hash chain
 * @port_prev:	Previous on the port's list
 * @port_next:	Next on the port's list
 * @port:	The port's record
 * @cl_hash:	Seeded hash of the client identity
 * @in_cl:	Whether the entry is in the client hash (not DECLINED)
 */
struct entry {
	struct dhcp_lease l;
	struct entry *cl_next;
	struct entry *port_prev;
	struct entry *port_next;
	struct port_rec *port;
	uint32_t cl_hash;
	bool in_cl;
};

/*
 * struct port_rec - The entries of one port
 * @name:	Port name
 * @head:	First entry
 * @n:		Entries on the list (any state and expiry)
 * @next:	Next record in the bucket
 */
struct port_rec {
	char name[DHCP_PORT_NAME_MAX + 1];
	struct entry *head;
	unsigned int n;
	struct port_rec *next;
};

struct dhcp_db {
	uint32_t first;
	uint32_t size;			/* addresses in the range */
	struct entry **by_off;		/* [size] entry on first + i */
	uint64_t *busy;			/* [nwords] see file header */
	uint32_t nwords;
	struct entry **oor;		/* entries outside the range, sorted */
	unsigned int oor_n;
	unsigned int oor_cap;
	unsigned int n_entries;
	struct entry **cl_b;		/* client hash buckets */
	uint32_t cl_mask;
	unsigned int cl_n;
	uint32_t seed;
	struct port_rec *port_b[PORT_BUCKETS];
	uint32_t excluded[EXCLUDED_MAX];
	unsigned int n_excluded;
	struct dhcp_host *hosts;
	unsigned int n_hosts;
	unsigned int hosts_cap;
	uint16_t *host_by_mac;		/* index + 1, 0: empty */
	uint16_t *host_by_ip;
	uint32_t host_mask;
	uint64_t end_lb;		/* see oldest_ended() */
};

/* ---- hashing ---- */

static uint32_t mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static uint32_t hash_bytes(uint32_t seed, const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u ^ seed;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return mix32(h);
}

static uint64_t hash64_bytes(uint8_t tag, const uint8_t *p, size_t n)
{
	uint64_t h = 14695981039346656037ull ^ tag;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static uint16_t cid_len(const struct dhcp_client *c)
{
	return c->client_id_len > DHCP_CLIENT_ID_MAX ? DHCP_CLIENT_ID_MAX :
						       c->client_id_len;
}

static uint32_t client_hash(const struct dhcp_db *db,
			    const struct dhcp_client *c)
{
	uint16_t n = cid_len(c);

	if (n > 0)
		return hash_bytes(db->seed ^ 0x5bd1e995u, c->client_id, n);
	return hash_bytes(db->seed, c->mac, 6);
}

/* Same client: same client id, or both without one and the same MAC. */
static bool client_same(const struct dhcp_client *a,
			const struct dhcp_client *b)
{
	uint16_t n = cid_len(a);

	if (n != cid_len(b))
		return false;
	if (n > 0)
		return memcmp(a->client_id, b->client_id, n) == 0;
	return memcmp(a->mac, b->mac, 6) == 0;
}

/* ---- small helpers ---- */

static bool in_range(const struct dhcp_db *db, uint32_t ip)
{
	return ip - db->first < db->size;
}

static bool ended(const struct entry *e, uint64_t now)
{
	return e->l.expires <= now;
}

/* Every change of an entry's end goes through here (see oldest_ended()). */
static void set_expires(struct dhcp_db *db, struct entry *e, uint64_t v)
{
	e->l.expires = v;
	if (v < db->end_lb)
		db->end_lb = v;
}

static bool is_excluded(const struct dhcp_db *db, uint32_t ip)
{
	unsigned int i;

	for (i = 0; i < db->n_excluded; i++)
		if (db->excluded[i] == ip)
			return true;
	return false;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* ---- reservations ---- */

static uint32_t mac_hash(const uint8_t mac[6])
{
	return hash_bytes(0, mac, 6);
}

static void hosts_reindex(struct dhcp_db *db)
{
	unsigned int i;
	uint32_t j;

	memset(db->host_by_mac, 0, (db->host_mask + 1) * sizeof(uint16_t));
	memset(db->host_by_ip, 0, (db->host_mask + 1) * sizeof(uint16_t));
	for (i = 0; i < db->n_hosts; i++) {
		j = mac_hash(db->hosts[i].mac) & db->host_mask;
		while (db->host_by_mac[j] != 0)
			j = (j + 1) & db->host_mask;
		db->host_by_mac[j] = (uint16_t)(i + 1);
		j = mix32(db->hosts[i].ip) & db->host_mask;
		while (db->host_by_ip[j] != 0)
			j = (j + 1) & db->host_mask;
		db->host_by_ip[j] = (uint16_t)(i + 1);
	}
}

static int host_index_mac(const struct dhcp_db *db, const uint8_t mac[6])
{
	uint32_t j;

	if (db->n_hosts == 0)
		return -1;
	for (j = mac_hash(mac) & db->host_mask; db->host_by_mac[j] != 0;
	     j = (j + 1) & db->host_mask) {
		unsigned int i = db->host_by_mac[j] - 1u;

		if (memcmp(db->hosts[i].mac, mac, 6) == 0)
			return (int)i;
	}
	return -1;
}

/* ---- the bitmap ---- */

static void busy_set(struct dhcp_db *db, uint32_t off, bool on)
{
	if (on)
		db->busy[off >> 6] |= 1ull << (off & 63);
	else
		db->busy[off >> 6] &= ~(1ull << (off & 63));
}

/* Recompute the bit of one address after any of its inputs changed. */
static void busy_update(struct dhcp_db *db, uint32_t ip)
{
	uint32_t off = ip - db->first;

	if (off >= db->size)
		return;
	busy_set(db, off, db->by_off[off] != NULL || is_excluded(db, ip) ||
		 dhcp_db_host_by_ip(db, ip) != NULL);
}

static void busy_rebuild(struct dhcp_db *db)
{
	unsigned int i;
	uint32_t off;

	memset(db->busy, 0, db->nwords * sizeof(uint64_t));
	/* bits past the range in the last word never look free */
	for (off = db->size; off < db->nwords * 64u; off++)
		busy_set(db, off, true);
	for (off = 0; off < db->size; off++)
		if (db->by_off[off] != NULL)
			busy_set(db, off, true);
	for (i = 0; i < db->n_excluded; i++)
		if (in_range(db, db->excluded[i]))
			busy_set(db, db->excluded[i] - db->first, true);
	for (i = 0; i < db->n_hosts; i++)
		if (in_range(db, db->hosts[i].ip))
			busy_set(db, db->hosts[i].ip - db->first, true);
}

/* First clear bit at or after @start, wrapping; -1 if none. */
static int64_t busy_find_clear(const struct dhcp_db *db, uint32_t start)
{
	uint32_t w = start >> 6, k;
	unsigned int sh = start & 63;
	uint64_t free_bits;

	for (k = 0; k <= db->nwords; k++) {
		uint32_t wi = (w + k) % db->nwords;

		free_bits = ~db->busy[wi];
		if (k == 0)
			free_bits &= ~0ull << sh;
		else if (k == db->nwords)
			free_bits &= sh == 0 ? 0 : (1ull << sh) - 1;
		if (free_bits != 0)
			return (int64_t)wi * 64 + __builtin_ctzll(free_bits);
	}
	return -1;
}

/* ---- address index ---- */

static unsigned int oor_pos(const struct dhcp_db *db, uint32_t ip)
{
	unsigned int lo = 0, hi = db->oor_n;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (db->oor[mid]->l.ip < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int oor_reserve(struct dhcp_db *db, unsigned int n)
{
	struct entry **a;
	unsigned int cap;

	if (n <= db->oor_cap)
		return 0;
	cap = db->oor_cap != 0 ? db->oor_cap * 2 : 16;
	while (cap < n)
		cap *= 2;
	a = realloc(db->oor, cap * sizeof(*a));
	if (a == NULL)
		return -ENOMEM;
	db->oor = a;
	db->oor_cap = cap;
	return 0;
}

static struct entry *entry_at(const struct dhcp_db *db, uint32_t ip)
{
	unsigned int p;

	if (in_range(db, ip))
		return db->by_off[ip - db->first];
	p = oor_pos(db, ip);
	return p < db->oor_n && db->oor[p]->l.ip == ip ? db->oor[p] : NULL;
}

/* Capacity for an out-of-range entry must have been reserved. */
static void ip_link(struct dhcp_db *db, struct entry *e)
{
	uint32_t ip = e->l.ip;
	unsigned int p;

	if (in_range(db, ip)) {
		db->by_off[ip - db->first] = e;
		busy_set(db, ip - db->first, true);
		return;
	}
	p = oor_pos(db, ip);
	memmove(&db->oor[p + 1], &db->oor[p],
		(db->oor_n - p) * sizeof(db->oor[0]));
	db->oor[p] = e;
	db->oor_n++;
}

static void ip_unlink(struct dhcp_db *db, struct entry *e)
{
	uint32_t ip = e->l.ip;
	unsigned int p;

	if (in_range(db, ip)) {
		db->by_off[ip - db->first] = NULL;
		busy_update(db, ip);
		return;
	}
	p = oor_pos(db, ip);
	if (p < db->oor_n && db->oor[p] == e) {
		memmove(&db->oor[p], &db->oor[p + 1],
			(db->oor_n - p - 1) * sizeof(db->oor[0]));
		db->oor_n--;
	}
}

/* ---- client hash ---- */

static void cl_grow(struct dhcp_db *db)
{
	uint32_t nb = (db->cl_mask + 1) * 2, i;
	struct entry **b = calloc(nb, sizeof(*b));

	if (b == NULL)
		return;		/* longer chains, still correct */
	for (i = 0; i <= db->cl_mask; i++) {
		struct entry *e = db->cl_b[i], *next;

		for (; e != NULL; e = next) {
			next = e->cl_next;
			e->cl_next = b[e->cl_hash & (nb - 1)];
			b[e->cl_hash & (nb - 1)] = e;
		}
	}
	free(db->cl_b);
	db->cl_b = b;
	db->cl_mask = nb - 1;
}

static void cl_link(struct dhcp_db *db, struct entry *e)
{
	uint32_t b;

	if (db->cl_n >= db->cl_mask + 1)
		cl_grow(db);
	e->cl_hash = client_hash(db, &e->l.client);
	b = e->cl_hash & db->cl_mask;
	e->cl_next = db->cl_b[b];
	db->cl_b[b] = e;
	e->in_cl = true;
	db->cl_n++;
}

static void cl_unlink(struct dhcp_db *db, struct entry *e)
{
	struct entry **pp;

	if (!e->in_cl)
		return;
	for (pp = &db->cl_b[e->cl_hash & db->cl_mask]; *pp != NULL;
	     pp = &(*pp)->cl_next) {
		if (*pp == e) {
			*pp = e->cl_next;
			break;
		}
	}
	e->in_cl = false;
	e->cl_next = NULL;
	db->cl_n--;
}

static struct entry *cl_find(const struct dhcp_db *db,
			     const struct dhcp_client *c)
{
	uint32_t h = client_hash(db, c);
	struct entry *e;

	for (e = db->cl_b[h & db->cl_mask]; e != NULL; e = e->cl_next)
		if (e->cl_hash == h && client_same(&e->l.client, c))
			return e;
	return NULL;
}

/* ---- ports ---- */

static uint32_t port_bucket(const char *name)
{
	return hash_bytes(0, (const uint8_t *)name, strlen(name)) %
	       PORT_BUCKETS;
}

static struct port_rec *port_lookup(const struct dhcp_db *db,
				    const char *name)
{
	struct port_rec *r;

	for (r = db->port_b[port_bucket(name)]; r != NULL; r = r->next)
		if (strcmp(r->name, name) == 0)
			return r;
	return NULL;
}

static struct port_rec *port_get(struct dhcp_db *db, const char *name)
{
	struct port_rec *r = port_lookup(db, name);
	uint32_t b;

	if (r != NULL)
		return r;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	copy_str(r->name, sizeof(r->name), name);
	b = port_bucket(r->name);
	r->next = db->port_b[b];
	db->port_b[b] = r;
	return r;
}

/* Free a record nobody is on any more. */
static void port_gc(struct dhcp_db *db, struct port_rec *r)
{
	struct port_rec **pp;

	if (r == NULL || r->n != 0)
		return;
	for (pp = &db->port_b[port_bucket(r->name)]; *pp != NULL;
	     pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			free(r);
			return;
		}
	}
}

static void port_link(struct entry *e, struct port_rec *r)
{
	e->port = r;
	e->port_prev = NULL;
	e->port_next = r->head;
	if (r->head != NULL)
		r->head->port_prev = e;
	r->head = e;
	r->n++;
	copy_str(e->l.port, sizeof(e->l.port), r->name);
}

/* Leaves the record even if empty: the caller runs port_gc(). */
static void port_unlink(struct entry *e)
{
	struct port_rec *r = e->port;

	if (r == NULL)
		return;
	if (e->port_prev != NULL)
		e->port_prev->port_next = e->port_next;
	else
		r->head = e->port_next;
	if (e->port_next != NULL)
		e->port_next->port_prev = e->port_prev;
	r->n--;
	e->port = NULL;
	e->port_prev = e->port_next = NULL;
}

static void port_move(struct dhcp_db *db, struct entry *e, struct port_rec *r)
{
	struct port_rec *old = e->port;

	if (old == r)
		return;
	port_unlink(e);
	port_link(e, r);
	port_gc(db, old);
}

/* Unexpired entries on the port, counting at most up to @stop (0: all). */
static unsigned int port_live(const struct port_rec *r, uint64_t now,
			      unsigned int stop)
{
	const struct entry *e;
	unsigned int n = 0;

	if (r == NULL)
		return 0;
	for (e = r->head; e != NULL; e = e->port_next) {
		if (!ended(e, now) && ++n == stop)
			break;
	}
	return n;
}

/* ---- entries ---- */

static void entry_remove(struct dhcp_db *db, struct entry *e)
{
	struct port_rec *r = e->port;

	ip_unlink(db, e);
	cl_unlink(db, e);
	port_unlink(e);
	port_gc(db, r);
	db->n_entries--;
	free(e);
}

/* Link a filled-in entry whose port record is @r. */
static void entry_insert(struct dhcp_db *db, struct entry *e,
			 struct port_rec *r)
{
	ip_link(db, e);
	if (e->l.state != DHCP_LEASE_DECLINED)
		cl_link(db, e);
	port_link(e, r);
	set_expires(db, e, e->l.expires);
	db->n_entries++;
}

static void entry_move(struct dhcp_db *db, struct entry *e, uint32_t ip)
{
	if (e->l.ip == ip)
		return;
	ip_unlink(db, e);
	e->l.ip = ip;
	ip_link(db, e);
}

/*
 * Whether the client with entry @own (or NULL) on @port is refused a new
 * entry by the cap: it is not refused if it already holds an unexpired
 * entry on that very port (that one is counted already).
 */
static bool over_cap(const struct dhcp_db *db, const struct entry *own,
		     const char *port, unsigned int cap, uint64_t now)
{
	if (cap == 0)
		return false;
	if (own != NULL && !ended(own, now) && strcmp(own->l.port, port) == 0)
		return false;
	return port_live(port_lookup(db, port), now, cap) >= cap;
}

/*
 * Make room for the client's entry on @ip: a port record, capacity in the
 * out-of-range array, and a new entry when @own is NULL.
 */
static int prepare(struct dhcp_db *db, uint32_t ip, const char *port,
		   struct entry *own, struct port_rec **r, struct entry **ne)
{
	*ne = NULL;
	*r = port_get(db, port);
	if (*r == NULL)
		return -ENOMEM;
	if (!in_range(db, ip) && (own == NULL || own->l.ip != ip) &&
	    oor_reserve(db, db->oor_n + 1) != 0)
		goto fail;
	if (own == NULL) {
		*ne = calloc(1, sizeof(**ne));
		if (*ne == NULL)
			goto fail;
	}
	return 0;
fail:
	port_gc(db, *r);
	return -ENOMEM;
}

/* Give the client @c the entry on @ip (after prepare()); the caller sets
 * its state and end. */
static struct entry *claim(struct dhcp_db *db, const struct dhcp_client *c,
			   uint32_t ip, struct entry *own, struct entry *ne,
			   struct port_rec *r)
{
	if (own != NULL) {
		/* same identity (same hash), but the MAC of a client known
		 * by its client id may have changed: keep the latest */
		memcpy(own->l.client.mac, c->mac, 6);
		entry_move(db, own, ip);
		port_move(db, own, r);
		return own;
	}
	ne->l.ip = ip;
	ne->l.client = *c;
	ne->l.client.client_id_len = cid_len(c);
	entry_insert(db, ne, r);
	return ne;
}

/* ---- public API ---- */

/**
 * dhcp_db_new() - An empty pool
 * @first:	First address of the dynamic range
 * @last:	Last address (>= @first, at most DHCP_RANGE_MAX addresses)
 *
 * Return: new pool, NULL on bad range or allocation failure
 */
struct dhcp_db *dhcp_db_new(uint32_t first, uint32_t last)
{
	struct dhcp_db *db;
	uint32_t seed;

	if (last < first || last - first >= DHCP_RANGE_MAX)
		return NULL;
	db = calloc(1, sizeof(*db));
	if (db == NULL)
		return NULL;
	db->first = first;
	db->size = last - first + 1;
	db->nwords = (db->size + 63) / 64;
	db->by_off = calloc(db->size, sizeof(db->by_off[0]));
	db->busy = calloc(db->nwords, sizeof(db->busy[0]));
	db->cl_b = calloc(CL_BUCKETS_MIN, sizeof(db->cl_b[0]));
	db->cl_mask = CL_BUCKETS_MIN - 1;
	db->host_mask = 2 * HOSTS_MAX - 1;
	db->host_by_mac = calloc(2 * HOSTS_MAX, sizeof(uint16_t));
	db->host_by_ip = calloc(2 * HOSTS_MAX, sizeof(uint16_t));
	if (db->by_off == NULL || db->busy == NULL || db->cl_b == NULL ||
	    db->host_by_mac == NULL || db->host_by_ip == NULL) {
		dhcp_db_free(db);
		return NULL;
	}
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = mix32((uint32_t)(uintptr_t)db ^ first);
	db->seed = seed;
	db->end_lb = UINT64_MAX;
	busy_rebuild(db);
	return db;
}

/**
 * dhcp_db_free() - Free a pool and all its entries
 * @db:		Pool, or NULL
 */
void dhcp_db_free(struct dhcp_db *db)
{
	unsigned int i;

	if (db == NULL)
		return;
	if (db->by_off != NULL)
		for (i = 0; i < db->size; i++)
			free(db->by_off[i]);
	for (i = 0; i < db->oor_n; i++)
		free(db->oor[i]);
	for (i = 0; i < PORT_BUCKETS; i++) {
		struct port_rec *r = db->port_b[i], *next;

		for (; r != NULL; r = next) {
			next = r->next;
			free(r);
		}
	}
	free(db->by_off);
	free(db->busy);
	free(db->oor);
	free(db->cl_b);
	free(db->hosts);
	free(db->host_by_mac);
	free(db->host_by_ip);
	free(db);
}

/* Whether the entry may stay when the range is @first..@first + @size - 1 */
static bool keeps(const struct dhcp_db *db, const struct entry *e,
		  uint32_t first, uint32_t size)
{
	const struct dhcp_host *h;

	if (e->l.ip - first < size)
		return true;
	if (e->l.state == DHCP_LEASE_DECLINED)
		return false;
	h = dhcp_db_host_find(db, e->l.client.mac);
	return h != NULL && h->ip == e->l.ip;
}

/**
 * dhcp_db_set_range() - Change the dynamic range
 * @db:		Pool
 * @first:	New first address
 * @last:	New last address
 *
 * Leases (of any state) whose address is outside the new range and not a
 * reservation of their client are dropped; the others are kept.
 *
 * Return: 0, -EINVAL on a bad range, -ENOMEM (nothing changed either way)
 */
int dhcp_db_set_range(struct dhcp_db *db, uint32_t first, uint32_t last)
{
	uint32_t size, nwords, off;
	struct entry **by_off, **all;
	unsigned int n_all = 0, n_oor = 0, i;
	uint64_t *busy;

	if (last < first || last - first >= DHCP_RANGE_MAX)
		return -EINVAL;
	size = last - first + 1;
	nwords = (size + 63) / 64;
	all = malloc((db->n_entries + 1) * sizeof(*all));
	by_off = calloc(size, sizeof(*by_off));
	busy = calloc(nwords, sizeof(*busy));
	if (all == NULL || by_off == NULL || busy == NULL)
		goto nomem;
	for (off = 0; off < db->size; off++)
		if (db->by_off[off] != NULL)
			all[n_all++] = db->by_off[off];
	for (i = 0; i < db->oor_n; i++)
		all[n_all++] = db->oor[i];
	for (i = 0; i < n_all; i++)
		if (all[i]->l.ip - first >= size && keeps(db, all[i], first, size))
			n_oor++;
	if (oor_reserve(db, n_oor) != 0)
		goto nomem;

	/* drop what goes, then re-index the rest under the new range */
	for (i = 0; i < n_all; i++) {
		if (!keeps(db, all[i], first, size)) {
			entry_remove(db, all[i]);
			all[i] = NULL;
		}
	}
	free(db->by_off);
	free(db->busy);
	db->by_off = by_off;
	db->busy = busy;
	db->first = first;
	db->size = size;
	db->nwords = nwords;
	db->oor_n = 0;
	for (i = 0; i < n_all; i++)
		if (all[i] != NULL) {
			if (in_range(db, all[i]->l.ip))
				db->by_off[all[i]->l.ip - first] = all[i];
			else
				db->oor[db->oor_n++] = all[i];
		}
	/* @all is in address order (range, then the sorted rest), but the
	 * kept out-of-range entries may now straddle the range: sort them */
	for (i = 1; i < db->oor_n; i++) {
		struct entry *e = db->oor[i];
		unsigned int j = i;

		for (; j > 0 && db->oor[j - 1]->l.ip > e->l.ip; j--)
			db->oor[j] = db->oor[j - 1];
		db->oor[j] = e;
	}
	db->end_lb = 0;
	busy_rebuild(db);
	free(all);
	return 0;
nomem:
	free(all);
	free(by_off);
	free(busy);
	return -ENOMEM;
}

/**
 * dhcp_db_set_excluded() - Addresses never handed out (server, gateway)
 * @db:		Pool
 * @ips:	Addresses
 * @n:		How many (at most 8; more are ignored)
 *
 * Entries already on a newly excluded address stay until they end, but are
 * neither offered again nor renewed.
 */
void dhcp_db_set_excluded(struct dhcp_db *db, const uint32_t *ips,
			  unsigned int n)
{
	unsigned int i;

	if (n > EXCLUDED_MAX)
		n = EXCLUDED_MAX;
	for (i = 0; i < n; i++)
		db->excluded[i] = ips[i];
	db->n_excluded = n;
	db->end_lb = 0;
	busy_rebuild(db);
}

/**
 * dhcp_db_host_add() - Add or replace a reservation
 * @db:		Pool
 * @h:		Reservation
 *
 * Existing entries are left alone (see dhcp_lease.h for what follows).
 * Pointers from dhcp_db_host_find() are valid until the next add or del.
 *
 * Return: 0, -EEXIST (address reserved for another MAC), -ENOSPC (more
 * than 1024 reservations), -ENOMEM
 */
int dhcp_db_host_add(struct dhcp_db *db, const struct dhcp_host *h)
{
	const struct dhcp_host *other = dhcp_db_host_by_ip(db, h->ip);
	int i = host_index_mac(db, h->mac);
	uint32_t old_ip = 0;

	if (other != NULL && memcmp(other->mac, h->mac, 6) != 0)
		return -EEXIST;
	if (i < 0) {
		if (db->n_hosts >= HOSTS_MAX)
			return -ENOSPC;
		if (db->n_hosts == db->hosts_cap) {
			unsigned int cap = db->hosts_cap ? db->hosts_cap * 2 : 16;
			struct dhcp_host *a = realloc(db->hosts,
						      cap * sizeof(*a));

			if (a == NULL)
				return -ENOMEM;
			db->hosts = a;
			db->hosts_cap = cap;
		}
		i = (int)db->n_hosts++;
	} else {
		old_ip = db->hosts[i].ip;
	}
	memcpy(db->hosts[i].mac, h->mac, 6);
	db->hosts[i].ip = h->ip;
	copy_str(db->hosts[i].hostname, sizeof(db->hosts[i].hostname),
		 h->hostname);
	hosts_reindex(db);
	db->end_lb = 0;
	if (old_ip != 0)
		busy_update(db, old_ip);
	busy_update(db, h->ip);
	return 0;
}

/**
 * dhcp_db_host_del() - Remove a reservation
 * @db:		Pool
 * @mac:	Its hardware address
 *
 * An entry on the address stays until it ends; if it is outside the range
 * it cannot be renewed any more.
 *
 * Return: 0, -ENOENT
 */
int dhcp_db_host_del(struct dhcp_db *db, const uint8_t mac[6])
{
	int i = host_index_mac(db, mac);
	uint32_t ip;

	if (i < 0)
		return -ENOENT;
	ip = db->hosts[i].ip;
	db->hosts[i] = db->hosts[db->n_hosts - 1];
	db->n_hosts--;
	hosts_reindex(db);
	db->end_lb = 0;
	busy_update(db, ip);
	return 0;
}

/**
 * dhcp_db_host_find() - Reservation of a hardware address
 * @db:		Pool
 * @mac:	Hardware address
 *
 * Return: reservation (valid until the next add or del), NULL if none
 */
const struct dhcp_host *dhcp_db_host_find(const struct dhcp_db *db,
					  const uint8_t mac[6])
{
	int i = host_index_mac(db, mac);

	return i < 0 ? NULL : &db->hosts[i];
}

/**
 * dhcp_db_host_by_ip() - Reservation of an address
 * @db:		Pool
 * @ip:		Address
 *
 * Return: reservation (valid until the next add or del), NULL if none
 */
const struct dhcp_host *dhcp_db_host_by_ip(const struct dhcp_db *db,
					   uint32_t ip)
{
	uint32_t j;

	if (db->n_hosts == 0)
		return NULL;
	for (j = mix32(ip) & db->host_mask; db->host_by_ip[j] != 0;
	     j = (j + 1) & db->host_mask) {
		unsigned int i = db->host_by_ip[j] - 1u;

		if (db->hosts[i].ip == ip)
			return &db->hosts[i];
	}
	return NULL;
}

/**
 * dhcp_db_find() - The client's current entry (offered or bound)
 * @db:		Pool
 * @c:		Client
 *
 * The entry may have expired. Callers may change its @hostname only; the
 * pointer is valid until the entry is removed.
 *
 * Return: lease or NULL
 */
struct dhcp_lease *dhcp_db_find(struct dhcp_db *db,
				const struct dhcp_client *c)
{
	struct entry *e = cl_find(db, c);

	return e != NULL ? &e->l : NULL;
}

/**
 * dhcp_db_find_ip() - Entry on an address (any state)
 * @db:		Pool
 * @ip:		Address
 *
 * Return: lease or NULL (same rules as dhcp_db_find())
 */
struct dhcp_lease *dhcp_db_find_ip(struct dhcp_db *db, uint32_t ip)
{
	struct entry *e = entry_at(db, ip);

	return e != NULL ? &e->l : NULL;
}

/* A range address nobody else may object to: not excluded nor reserved. */
static bool assignable(const struct dhcp_db *db, uint32_t ip)
{
	return in_range(db, ip) && !is_excluded(db, ip) &&
	       dhcp_db_host_by_ip(db, ip) == NULL;
}

/* Free for a new client: no entry, or one that ended. */
static bool free_for(const struct dhcp_db *db, uint32_t ip, uint64_t now)
{
	const struct entry *e = entry_at(db, ip);

	return e == NULL || ended(e, now);
}

/*
 * The address whose entry ended longest ago (lowest address on a tie).
 *
 * The scan is O(range); on a full pool it would run for every DISCOVER.
 * db->end_lb is a lower bound of the ends of the entries that may be
 * picked: lowered on every change of an end, reset to 0 when what may be
 * picked changes (exclusions, reservations, range), and raised to the
 * exact minimum by a scan that finds nothing. Below it, nothing ended.
 */
static int oldest_ended(struct dhcp_db *db, uint64_t now, uint32_t *ip)
{
	uint64_t live_min = UINT64_MAX;
	const struct entry *best = NULL;
	uint32_t off;

	if (db->n_entries == 0 || now < db->end_lb)
		return -ENOSPC;
	for (off = 0; off < db->size; off++) {
		const struct entry *e = db->by_off[off];

		if (e == NULL || !assignable(db, e->l.ip))
			continue;
		if (!ended(e, now)) {
			if (e->l.expires < live_min)
				live_min = e->l.expires;
			continue;
		}
		if (best == NULL || e->l.expires < best->l.expires)
			best = e;
	}
	if (best == NULL) {
		db->end_lb = live_min;
		return -ENOSPC;
	}
	*ip = best->l.ip;
	return 0;
}

static int choose(struct dhcp_db *db, const struct dhcp_client *c,
		  const struct entry *own, uint32_t requested, uint64_t now,
		  uint32_t *ip)
{
	const struct dhcp_host *h = dhcp_db_host_find(db, c->mac);
	int64_t off;

	if (h != NULL) {
		const struct entry *e = entry_at(db, h->ip);

		if (e != NULL && e != own && !ended(e, now))
			return -ENOSPC;
		*ip = h->ip;
		return 0;
	}
	if (own != NULL && assignable(db, own->l.ip)) {
		*ip = own->l.ip;
		return 0;
	}
	if (requested != 0 && assignable(db, requested) &&
	    free_for(db, requested, now)) {
		*ip = requested;
		return 0;
	}
	off = busy_find_clear(db, mix32(hash_bytes(0, c->mac, 6)) % db->size);
	if (off >= 0) {
		*ip = db->first + (uint32_t)off;
		return 0;
	}
	return oldest_ended(db, now, ip);
}

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
 * See dhcp_lease.h for the order of preference. A client with a
 * reservation is only ever offered that address (-ENOSPC while another
 * client's unexpired entry or a quarantine holds it). The client's entry
 * moves to the chosen address and port; a BOUND entry already there keeps
 * its state and is held at least until @now + DHCP_OFFER_HOLD.
 *
 * Return: 0, -ENOSPC, -EDQUOT, -ENOMEM
 */
int dhcp_db_offer(struct dhcp_db *db, const struct dhcp_client *c,
		  uint32_t requested, const char *port, unsigned int port_cap,
		  uint64_t now, uint32_t *ip)
{
	char pname[DHCP_PORT_NAME_MAX + 1];
	struct entry *own = cl_find(db, c), *other, *ne, *e;
	struct port_rec *r;
	uint32_t addr;
	int rc;

	copy_str(pname, sizeof(pname), port);
	if (over_cap(db, own, pname, port_cap, now))
		return -EDQUOT;
	rc = choose(db, c, own, requested, now, &addr);
	if (rc != 0)
		return rc;
	other = entry_at(db, addr);
	if (other != NULL && other != own)
		entry_remove(db, other);	/* ended: checked by choose() */
	rc = prepare(db, addr, pname, own, &r, &ne);
	if (rc != 0)
		return rc;
	if (own != NULL && own->l.ip == addr &&
	    own->l.state == DHCP_LEASE_BOUND) {
		e = claim(db, c, addr, own, ne, r);
		if (e->l.expires < now + DHCP_OFFER_HOLD)
			set_expires(db, e, now + DHCP_OFFER_HOLD);
	} else {
		e = claim(db, c, addr, own, ne, r);
		e->l.state = DHCP_LEASE_OFFERED;
		set_expires(db, e, now + DHCP_OFFER_HOLD);
	}
	*ip = addr;
	return 0;
}

/**
 * dhcp_db_commit() - Bind an address for a REQUEST
 * @db:		Pool
 * @c:		Client
 * @ip:		Address the client asks for
 * @lease_time:	Seconds
 * @hostname:	Host name to record ("" or NULL if none)
 * @port:	Port the client is on
 * @port_cap:	As for dhcp_db_offer()
 * @now:	Current time
 *
 * The prototype has no @in_subnet: the caller refuses addresses outside
 * the subnet itself. Checks in this order: the client has a
 * reservation for another address: -EADDRINUSE; (no reservation of the
 * client on @ip) reserved for another MAC: -EADDRINUSE, outside the range:
 * -ERANGE, excluded: -EADDRINUSE; another client's unexpired entry or a
 * quarantine on @ip: -EADDRINUSE; port cap: -EDQUOT. An ended entry of
 * another client on @ip is replaced. The client's entry moves to @ip.
 *
 * Return: 0, -EADDRINUSE, -ERANGE, -EDQUOT, -ENOMEM
 */
int dhcp_db_commit(struct dhcp_db *db, const struct dhcp_client *c,
		   uint32_t ip, uint32_t lease_time, const char *hostname,
		   const char *port, unsigned int port_cap, uint64_t now)
{
	const struct dhcp_host *h = dhcp_db_host_find(db, c->mac);
	char pname[DHCP_PORT_NAME_MAX + 1];
	struct entry *own, *other, *ne, *e;
	struct port_rec *r;
	int rc;

	if (h != NULL && h->ip != ip)
		return -EADDRINUSE;
	if (h == NULL) {
		if (dhcp_db_host_by_ip(db, ip) != NULL)
			return -EADDRINUSE;
		if (!in_range(db, ip))
			return -ERANGE;
		if (is_excluded(db, ip))
			return -EADDRINUSE;
	}
	own = cl_find(db, c);
	other = entry_at(db, ip);
	if (other == own)
		other = NULL;
	if (other != NULL && !ended(other, now))
		return -EADDRINUSE;
	copy_str(pname, sizeof(pname), port);
	if (over_cap(db, own, pname, port_cap, now))
		return -EDQUOT;
	if (other != NULL)
		entry_remove(db, other);
	rc = prepare(db, ip, pname, own, &r, &ne);
	if (rc != 0)
		return rc;
	e = claim(db, c, ip, own, ne, r);
	e->l.state = DHCP_LEASE_BOUND;
	set_expires(db, e, now + lease_time);
	copy_str(e->l.hostname, sizeof(e->l.hostname), hostname);
	return 0;
}

/**
 * dhcp_db_release() - RELEASE: the client gives its address back
 * @db:		Pool
 * @c:		Client
 * @ip:		Address released
 * @now:	Current time
 *
 * The entry is kept but ended (@expires = @now, or left if earlier).
 *
 * Return: 0, -ENOENT if @ip is not the client's
 */
int dhcp_db_release(struct dhcp_db *db, const struct dhcp_client *c,
		    uint32_t ip, uint64_t now)
{
	struct entry *e = cl_find(db, c);

	if (e == NULL || e->l.ip != ip)
		return -ENOENT;
	if (e->l.expires > now)
		set_expires(db, e, now);
	return 0;
}

/**
 * dhcp_db_decline() - DECLINE: @ip is in use by someone else
 * @db:		Pool
 * @c:		Client
 * @ip:		Address declined
 * @now:	Current time
 *
 * The entry becomes DECLINED until @now + DHCP_QUARANTINE, its client and
 * host name cleared; it stays on the port's list and counts toward that
 * port's cap while the quarantine lasts.
 *
 * Return: 0, -ENOENT if @ip is not the client's
 */
int dhcp_db_decline(struct dhcp_db *db, const struct dhcp_client *c,
		    uint32_t ip, uint64_t now)
{
	struct entry *e = cl_find(db, c);

	if (e == NULL || e->l.ip != ip)
		return -ENOENT;
	cl_unlink(db, e);
	memset(&e->l.client, 0, sizeof(e->l.client));
	e->l.hostname[0] = '\0';
	e->l.state = DHCP_LEASE_DECLINED;
	set_expires(db, e, now + DHCP_QUARANTINE);
	return 0;
}

/**
 * dhcp_db_del() - Remove the entry on an address (dhcp-lease-del)
 * @db:		Pool
 * @ip:		Address
 *
 * Return: 0, -ENOENT
 */
int dhcp_db_del(struct dhcp_db *db, uint32_t ip)
{
	struct entry *e = entry_at(db, ip);

	if (e == NULL)
		return -ENOENT;
	entry_remove(db, e);
	return 0;
}

static bool reclaimable(const struct entry *e, uint64_t now, uint32_t grace)
{
	if (e->l.state == DHCP_LEASE_BOUND)
		return e->l.expires + grace <= now;
	return ended(e, now);
}

/**
 * dhcp_db_expire() - Reclaim entries that ended
 * @db:		Pool
 * @now:	Current time
 * @grace:	Seconds an ended BOUND entry is kept
 *
 * A BOUND entry goes once @expires + @grace <= @now; an OFFERED or
 * DECLINED one once @expires <= @now.
 *
 * Return: number of entries removed
 */
unsigned int dhcp_db_expire(struct dhcp_db *db, uint64_t now, uint32_t grace)
{
	unsigned int n = 0, i;
	uint32_t off;

	for (off = 0; off < db->size && db->n_entries > db->oor_n; off++) {
		struct entry *e = db->by_off[off];

		if (e != NULL && reclaimable(e, now, grace)) {
			entry_remove(db, e);
			n++;
		}
	}
	for (i = db->oor_n; i-- > 0;) {
		if (reclaimable(db->oor[i], now, grace)) {
			entry_remove(db, db->oor[i]);
			n++;
		}
	}
	return n;
}

/**
 * dhcp_db_port_count() - Unexpired entries on a port
 * @db:		Pool
 * @port:	Port name
 * @now:	Current time
 *
 * Counts OFFERED and BOUND entries of clients on @port and the DECLINED
 * entries they caused, those with @expires > @now.
 *
 * Return: the count
 */
unsigned int dhcp_db_port_count(const struct dhcp_db *db, const char *port,
				uint64_t now)
{
	char pname[DHCP_PORT_NAME_MAX + 1];

	copy_str(pname, sizeof(pname), port);
	return port_live(port_lookup(db, pname), now, 0);
}

/**
 * dhcp_db_count() - Entries of any state
 * @db:		Pool
 *
 * Return: the count
 */
unsigned int dhcp_db_count(const struct dhcp_db *db)
{
	return db->n_entries;
}

/**
 * dhcp_db_range_size() - Addresses in the dynamic range
 * @db:		Pool
 *
 * Return: the count
 */
unsigned int dhcp_db_range_size(const struct dhcp_db *db)
{
	return db->size;
}

/**
 * dhcp_db_walk() - Call @fn on every entry, in address order
 * @db:		Pool
 * @fn:		Callback; it must not change the pool
 * @arg:	Its argument
 */
void dhcp_db_walk(const struct dhcp_db *db, dhcp_db_walk_fn fn, void *arg)
{
	unsigned int i = 0;
	uint32_t off;

	for (; i < db->oor_n && db->oor[i]->l.ip < db->first; i++)
		fn(&db->oor[i]->l, arg);
	for (off = 0; off < db->size; off++)
		if (db->by_off[off] != NULL)
			fn(&db->by_off[off]->l, arg);
	for (; i < db->oor_n; i++)
		fn(&db->oor[i]->l, arg);
}

/**
 * dhcp_db_host_walk() - Call @fn on every reservation (no set order)
 * @db:		Pool
 * @fn:		Callback; it must not change the pool
 * @arg:	Its argument
 */
void dhcp_db_host_walk(const struct dhcp_db *db, dhcp_db_host_fn fn,
		       void *arg)
{
	unsigned int i;

	for (i = 0; i < db->n_hosts; i++)
		fn(&db->hosts[i], arg);
}

/* ---- JSON ---- */

static const char *const state_names[] = {
	[DHCP_LEASE_OFFERED] = "offered",
	[DHCP_LEASE_BOUND] = "bound",
	[DHCP_LEASE_DECLINED] = "declined",
};

static int set_new(json_t *o, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, key, v);
}

/**
 * dhcp_lease_to_json() - One entry as stored and shown
 * @l:		Entry
 *
 * Return: new object (caller owns), NULL on allocation failure
 */
json_t *dhcp_lease_to_json(const struct dhcp_lease *l)
{
	char ip[NAMES_IPV4_STRLEN], mac[NAMES_MAC_STRLEN];
	char hex[2 * DHCP_CLIENT_ID_MAX + 1];
	uint16_t n = cid_len(&l->client), i;
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	names_ipv4_format(l->ip, ip);
	names_mac_format(l->client.mac, mac);
	rc |= set_new(o, "ip", json_string(ip));
	rc |= set_new(o, "mac", json_string(mac));
	if (n > 0) {
		for (i = 0; i < n; i++)
			snprintf(&hex[2 * i], 3, "%02x", l->client.client_id[i]);
		rc |= set_new(o, "client_id", json_string(hex));
	}
	if (l->hostname[0] != '\0')
		rc |= set_new(o, "hostname", json_string(l->hostname));
	rc |= set_new(o, "port", json_string(l->port));
	rc |= set_new(o, "expires", json_integer((json_int_t)l->expires));
	rc |= set_new(o, "state",
		      json_string(l->state <= DHCP_LEASE_DECLINED ?
				  state_names[l->state] : "unknown"));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

struct to_json_ctx {
	json_t *arr;
	bool failed;
};

static void to_json_one(const struct dhcp_lease *l, void *arg)
{
	struct to_json_ctx *ctx = arg;

	if (l->state == DHCP_LEASE_OFFERED || ctx->failed)
		return;
	if (json_array_append_new(ctx->arr, dhcp_lease_to_json(l)) != 0)
		ctx->failed = true;
}

/**
 * dhcp_db_to_json() - Every BOUND and DECLINED entry, in address order
 * @db:		Pool
 *
 * Return: new array (caller owns), NULL on allocation failure
 */
json_t *dhcp_db_to_json(const struct dhcp_db *db)
{
	struct to_json_ctx ctx = { .arr = json_array() };

	if (ctx.arr == NULL)
		return NULL;
	dhcp_db_walk(db, to_json_one, &ctx);
	if (ctx.failed) {
		json_decref(ctx.arr);
		return NULL;
	}
	return ctx.arr;
}

#define BAD(...) do { snprintf(why, whysize, __VA_ARGS__); return -EINVAL; } \
	while (0)

/* Parse one lease file entry; @why says what is wrong. */
static int parse_entry(json_t *o, struct dhcp_lease *l, char *why,
		       size_t whysize)
{
	bool has_ip = false, has_mac = false, has_exp = false, has_st = false;
	const char *key;
	json_t *v;

	memset(l, 0, sizeof(*l));
	if (!json_is_object(o))
		BAD("not an object");
	json_object_foreach(o, key, v) {
		const char *s = json_string_value(v);
		size_t len = s != NULL ? strlen(s) : 0;

		if (strcmp(key, "expires") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				BAD("\"expires\" must be a non-negative integer");
			l->expires = (uint64_t)json_integer_value(v);
			has_exp = true;
			continue;
		}
		if (strcmp(key, "ip") != 0 && strcmp(key, "mac") != 0 &&
		    strcmp(key, "client_id") != 0 &&
		    strcmp(key, "hostname") != 0 && strcmp(key, "port") != 0 &&
		    strcmp(key, "state") != 0)
			BAD("unknown key \"%.32s\"", key);
		if (s == NULL)
			BAD("\"%s\" must be a string", key);
		if (strcmp(key, "ip") == 0) {
			if (names_ipv4_parse(s, &l->ip) != 0 || l->ip == 0)
				BAD("bad ip \"%.20s\"", s);
			has_ip = true;
		} else if (strcmp(key, "mac") == 0) {
			if (names_mac_parse(s, l->client.mac) != 0)
				BAD("bad mac \"%.20s\"", s);
			has_mac = true;
		} else if (strcmp(key, "client_id") == 0) {
			size_t i;

			if (len == 0 || len % 2 != 0 ||
			    len > 2 * DHCP_CLIENT_ID_MAX)
				BAD("bad client_id");
			for (i = 0; i < len; i += 2) {
				int hi = names_hexval(s[i]), lo = names_hexval(s[i + 1]);

				if (hi < 0 || lo < 0)
					BAD("bad client_id");
				l->client.client_id[i / 2] =
					(uint8_t)(hi << 4 | lo);
			}
			l->client.client_id_len = (uint16_t)(len / 2);
		} else if (strcmp(key, "hostname") == 0) {
			if (len > DHCP_HOSTNAME_MAX)
				BAD("hostname too long");
			memcpy(l->hostname, s, len + 1);
		} else if (strcmp(key, "port") == 0) {
			if (len > DHCP_PORT_NAME_MAX)
				BAD("port name too long");
			memcpy(l->port, s, len + 1);
		} else {
			if (strcmp(s, "offered") == 0)
				l->state = DHCP_LEASE_OFFERED;
			else if (strcmp(s, "bound") == 0)
				l->state = DHCP_LEASE_BOUND;
			else if (strcmp(s, "declined") == 0)
				l->state = DHCP_LEASE_DECLINED;
			else
				BAD("bad state \"%.20s\"", s);
			has_st = true;
		}
	}
	if (!has_ip || !has_mac || !has_exp || !has_st)
		BAD("missing %s", !has_ip ? "ip" : !has_mac ? "mac" :
		    !has_exp ? "expires" : "state");
	if (l->state == DHCP_LEASE_DECLINED) {
		memset(&l->client, 0, sizeof(l->client));
		l->hostname[0] = '\0';
	}
	return 0;
}

#undef BAD

/* (key, entry index) pairs for the duplicate checks */
struct dup_key {
	uint64_t key;
	size_t idx;
};

static int dup_cmp(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static uint64_t client_key64(const struct dhcp_client *c)
{
	uint16_t n = cid_len(c);

	return n > 0 ? hash64_bytes(1, c->client_id, n) :
		       hash64_bytes(0, c->mac, 6);
}

static void set_err(char *err, size_t errsize, size_t idx, const char *why)
{
	if (err != NULL && errsize > 0)
		snprintf(err, errsize, "lease entry %zu: %s", idx, why);
}

/**
 * dhcp_db_load_json() - Add entries read from the lease file
 * @db:		Pool (entries are added to it)
 * @arr:	Array as written by dhcp_db_to_json()
 * @now:	Current time: entries with @expires <= @now are skipped
 * @err:	Error message on failure, naming the entry index
 * @errsize:	Size of @err
 *
 * Every entry is checked, skipped or not: required keys "ip", "mac",
 * "expires", "state"; optional "client_id", "hostname", "port"; no other.
 * Duplicate addresses, or clients (of non-declined entries), within the
 * array fail, and so do entries kept that clash with the pool's own.
 *
 * Return: 0, -EINVAL or -ENOMEM (@db unchanged)
 */
int dhcp_db_load_json(struct dhcp_db *db, json_t *arr, uint64_t now,
		      char *err, size_t errsize)
{
	struct dup_key *ips = NULL, *cls = NULL;
	size_t n, i, n_cl = 0, n_keep = 0, n_done = 0;
	struct entry **keep = NULL;
	struct port_rec *r;
	char why[96];
	int rc = -EINVAL;

	if (!json_is_array(arr)) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "lease file: not an array");
		return -EINVAL;
	}
	n = json_array_size(arr);
	if (n == 0)
		return 0;
	ips = malloc(n * sizeof(*ips));
	cls = malloc(n * sizeof(*cls));
	keep = calloc(n, sizeof(*keep));
	if (ips == NULL || cls == NULL || keep == NULL) {
		set_err(err, errsize, 0, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct dhcp_lease l;
		struct entry *e;

		if (parse_entry(json_array_get(arr, i), &l, why,
				sizeof(why)) != 0) {
			set_err(err, errsize, i, why);
			goto out;
		}
		ips[i].key = l.ip;
		ips[i].idx = i;
		if (l.state != DHCP_LEASE_DECLINED) {
			cls[n_cl].key = client_key64(&l.client);
			cls[n_cl++].idx = i;
		}
		if (l.expires <= now)
			continue;
		if (!in_range(db, l.ip)) {
			const struct dhcp_host *h =
				dhcp_db_host_find(db, l.client.mac);

			if (l.state == DHCP_LEASE_DECLINED || h == NULL ||
			    h->ip != l.ip)
				continue;
		}
		if (entry_at(db, l.ip) != NULL) {
			set_err(err, errsize, i, "address already in the pool");
			goto out;
		}
		if (l.state != DHCP_LEASE_DECLINED &&
		    cl_find(db, &l.client) != NULL) {
			set_err(err, errsize, i, "client already in the pool");
			goto out;
		}
		e = calloc(1, sizeof(*e));
		if (e == NULL) {
			set_err(err, errsize, i, "out of memory");
			rc = -ENOMEM;
			goto out;
		}
		e->l = l;
		keep[n_keep++] = e;
	}

	qsort(ips, n, sizeof(*ips), dup_cmp);
	for (i = 1; i < n; i++)
		if (ips[i].key == ips[i - 1].key) {
			set_err(err, errsize, ips[i].idx, "duplicate ip");
			goto out;
		}
	qsort(cls, n_cl, sizeof(*cls), dup_cmp);
	for (i = 1; i < n_cl; i++) {
		struct dhcp_lease a, b;
		size_t j;

		for (j = i; j-- > 0 && cls[j].key == cls[i].key;) {
			parse_entry(json_array_get(arr, cls[i].idx), &a, why,
				    sizeof(why));
			parse_entry(json_array_get(arr, cls[j].idx), &b, why,
				    sizeof(why));
			if (client_same(&a.client, &b.client)) {
				set_err(err, errsize, cls[i].idx,
					"duplicate client");
				goto out;
			}
		}
	}

	for (i = 0; i < n_keep; i++)
		if (!in_range(db, keep[i]->l.ip))
			n_done++;
	rc = oor_reserve(db, db->oor_n + (unsigned int)n_done);
	n_done = 0;
	if (rc != 0)
		goto nomem;
	for (; n_done < n_keep; n_done++) {
		r = port_get(db, keep[n_done]->l.port);
		if (r == NULL)
			goto nomem;
		entry_insert(db, keep[n_done], r);
	}
	rc = 0;
	n_keep = 0;
	goto out;
nomem:
	set_err(err, errsize, n_done, "out of memory");
	rc = -ENOMEM;
	while (n_done-- > 0) {
		entry_remove(db, keep[n_done]);
		keep[n_done] = NULL;
	}
out:
	for (i = 0; i < n_keep; i++)
		free(keep[i]);
	free(keep);
	free(ips);
	free(cls);
	return rc;
}
