/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl_fmt.c - print vswitchd results for people (tables, key: value).
 *
 * Input is the "result" object of docs/CONTROL.md as vswctl_conn.c decoded
 * it. Missing or mistyped fields print as "-" so a newer or older daemon
 * never crashes the client; only a missing top-level list is an error.
 * Everything is built in memory first, so nothing is printed on error.
 */
#include "vswctl_fmt.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define FMT_MAX_COLS	10	/* widest table: capture list */
#define FMT_CELL_MAX	256	/* longest printed cell, cut beyond */

/**
 * struct fmt_table - Rows of text cells printed in aligned columns
 * @ncols:	Number of columns
 * @nrows:	Rows stored, header included
 * @cap:	Rows allocated
 * @cells:	@nrows * @ncols strings, row by row
 * @width:	Widest cell of each column
 * @failed:	An allocation failed; printing reports -ENOMEM
 */
struct fmt_table {
	size_t ncols;
	size_t nrows;
	size_t cap;
	char **cells;
	size_t width[FMT_MAX_COLS];
	bool failed;
};

/* Drop reasons in documentation order; others follow as the daemon sent them */
static const char *const fmt_drop_reasons[] = {
	"no-link", "tx-full", "runt", "bad-src-mac", "mac-limit", "hairpin", "no-port",
	"vlan-violation", "unknown-vlan", "no-native", "no-mbuf",
};

#define FMT_N_REASONS (sizeof(fmt_drop_reasons) / sizeof(fmt_drop_reasons[0]))

/**
 * fmt_table_add() - Append a row
 * @t:		Table
 * @cells:	@t->ncols strings, copied
 */
static void
fmt_table_add(struct fmt_table *t, const char *const *cells)
{
	size_t i;

	if (t->failed)
		return;
	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		char **n = realloc(t->cells, ncap * t->ncols * sizeof(*n));

		if (n == NULL) {
			t->failed = true;
			return;
		}
		t->cells = n;
		t->cap = ncap;
	}
	for (i = 0; i < t->ncols; i++) {
		char *c = strdup(cells[i]);
		size_t len;

		if (c == NULL)
			c = strdup("");
		if (c == NULL)
			t->failed = true;
		t->cells[t->nrows * t->ncols + i] = c;
		len = c ? strlen(c) : 0;
		if (len > t->width[i])
			t->width[i] = len;
	}
	t->nrows++;
}

/**
 * fmt_table_init() - Start a table
 * @t:		Table to initialise
 * @ncols:	Number of columns, at most FMT_MAX_COLS
 * @header:	Column titles, NULL for a headerless table
 */
static void
fmt_table_init(struct fmt_table *t, size_t ncols, const char *const *header)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	if (header != NULL)
		fmt_table_add(t, header);
}

/**
 * fmt_table_free() - Release the rows of a table
 * @t:		Table
 */
static void
fmt_table_free(struct fmt_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = 0;
}

/**
 * fmt_table_print() - Print a table and free it
 * @t:		Table
 * @out:	Stream
 *
 * Columns are separated by two spaces; the last one is not padded.
 *
 * Return: 0, or -ENOMEM (nothing printed) if a row could not be stored
 */
static int
fmt_table_print(struct fmt_table *t, FILE *out)
{
	size_t r, c;

	if (t->failed) {
		fmt_table_free(t);
		return -ENOMEM;
	}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c + 1 < t->ncols; c++)
			fprintf(out, "%-*s  ", (int)t->width[c], t->cells[r * t->ncols + c]);
		fprintf(out, "%s\n", t->cells[r * t->ncols + c]);
	}
	fmt_table_free(t);
	return 0;
}

/**
 * fmt_text() - Copy daemon text into a cell, one printable line
 * @s:		Text
 * @buf:	Output
 * @size:	Size of @buf
 */
static void
fmt_text(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < size; i++)
		buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	buf[i] = '\0';
}

/**
 * fmt_val() - Render a JSON value as a cell
 * @v:		Value, may be NULL
 * @buf:	Output
 * @size:	Size of @buf
 *
 * Strings print as is, integers in decimal, booleans as yes/no, arrays of
 * scalars comma-separated; null, missing values and objects as "-".
 *
 * Return: @buf
 */
static const char *
fmt_val(const json_t *v, char *buf, size_t size)
{
	size_t i, n = 0;

	if (v == NULL) {	/* json_typeof() dereferences its argument */
		snprintf(buf, size, "-");
		return buf;
	}
	switch (json_typeof(v)) {
	case JSON_STRING:
		fmt_text(json_string_value(v), buf, size);
		break;
	case JSON_INTEGER:
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, size, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, size, "yes");
		break;
	case JSON_FALSE:
		snprintf(buf, size, "no");
		break;
	case JSON_ARRAY:
		buf[0] = '\0';
		for (i = 0; i < json_array_size(v) && n + 1 < size; i++) {
			char item[FMT_CELL_MAX];
			int k;

			fmt_val(json_array_get(v, i), item, sizeof(item));
			k = snprintf(buf + n, size - n, "%s%s", i ? "," : "", item);
			n += k > 0 ? (size_t)k : 0;
		}
		if (n == 0)
			snprintf(buf, size, "-");
		break;
	default:	/* JSON null, object */
		snprintf(buf, size, "-");
		break;
	}
	return buf;
}

/**
 * fmt_field() - Render one member of an object as a cell
 * @obj:	Object, may be NULL
 * @key:	Member name
 * @buf:	Output
 *
 * Return: @buf
 */
static const char *
fmt_field(const json_t *obj, const char *key, char buf[FMT_CELL_MAX])
{
	return fmt_val(json_object_get(obj, key), buf, FMT_CELL_MAX);
}

/**
 * fmt_drop_total() - Add up the drop counters of a stats object
 * @stats:	Stats object, may be NULL
 * @buf:	Output: total, or "-" without a drops object
 *
 * Return: @buf
 */
static const char *
fmt_drop_total(const json_t *stats, char buf[FMT_CELL_MAX])
{
	json_t *drops = json_object_get(stats, "drops");
	json_int_t sum = 0;
	const char *key;
	json_t *v;

	if (!json_is_object(drops))
		return fmt_val(NULL, buf, FMT_CELL_MAX);
	json_object_foreach(drops, key, v)
		if (json_is_integer(v))
			sum += json_integer_value(v);
	snprintf(buf, FMT_CELL_MAX, "%" JSON_INTEGER_FORMAT, sum);
	return buf;
}

/**
 * fmt_known_reason() - Tell whether a drop reason is a documented one
 * @reason:	Reason name
 *
 * Return: true if in fmt_drop_reasons
 */
static bool
fmt_known_reason(const char *reason)
{
	size_t i;

	for (i = 0; i < FMT_N_REASONS; i++)
		if (strcmp(fmt_drop_reasons[i], reason) == 0)
			return true;
	return false;
}

/**
 * fmt_drop_next() - Iterate over the drop reasons of a drops object
 * @drops:	Drops object
 * @pos:	Cursor, start at 0
 * @reason:	Output: reason name
 *
 * Documented reasons come first in their documented order (when present),
 * then any others in the daemon's order.
 *
 * Return: the counter value (any JSON type), NULL at the end
 */
static json_t *
fmt_drop_next(json_t *drops, size_t *pos, const char **reason)
{
	void *it;
	size_t i;

	while (*pos < FMT_N_REASONS) {
		json_t *v = json_object_get(drops, fmt_drop_reasons[(*pos)++]);

		if (v != NULL) {
			*reason = fmt_drop_reasons[*pos - 1];
			return v;
		}
	}
	it = json_object_iter(drops);
	for (i = FMT_N_REASONS; it != NULL; i++, it = json_object_iter_next(drops, it)) {
		if (i < *pos || fmt_known_reason(json_object_iter_key(it)))
			continue;
		*pos = i + 1;
		*reason = json_object_iter_key(it);
		return json_object_iter_value(it);
	}
	*pos = i;
	return NULL;
}

/**
 * fmt_kv() - Append "key:" / value rows for members of an object
 * @t:		Two-column headerless table
 * @obj:	Object, may be NULL
 * @keys:	NULL-terminated member names, printed in this order; a name
 *		starting with '?' is printed only if the object has it
 */
static void
fmt_kv(struct fmt_table *t, const json_t *obj, const char *const *keys)
{
	char key[FMT_CELL_MAX], val[FMT_CELL_MAX];
	const char *row[2] = { key, val };

	for (; *keys != NULL; keys++) {
		const char *k = *keys[0] == '?' ? *keys + 1 : *keys;

		if (k != *keys && json_object_get(obj, k) == NULL)
			continue;
		snprintf(key, sizeof(key), "%s:", k);
		fmt_field(obj, k, val);
		fmt_table_add(t, row);
	}
}

/**
 * fmt_list() - Get the array a list result holds
 * @result:	Result object
 * @key:	Member name ("networks", "ports", "entries")
 *
 * Return: the array, NULL if absent or not an array
 */
static json_t *
fmt_list(json_t *result, const char *key)
{
	json_t *list = json_object_get(result, key);

	return json_is_array(list) ? list : NULL;
}

/**
 * vswctl_fmt_status() - Print a status result as key: value lines
 * @out:	Stream
 * @result:	Result object
 *
 * Return: 0, or -ENOMEM
 */
int
vswctl_fmt_status(FILE *out, json_t *result)
{
	static const char *const keys[] = {
		"version", "pid", "uptime_s", "pmd_cores", "hugepages", "run_dir",
		"state_dir", "networks", "ports", "mbufs_total", "mbufs_in_use", NULL,
	};
	struct fmt_table t;

	fmt_table_init(&t, 2, NULL);
	fmt_kv(&t, result, keys);
	return fmt_table_print(&t, out);
}

/**
 * vswctl_fmt_net_list() - Print a net-list result as a table
 * @out:	Stream
 * @result:	Result object with "networks"
 *
 * Columns: NAME MODE PORTS (count) FDB (entries/max) AGING (seconds).
 *
 * Return: 0, -EPROTO without a "networks" array, or -ENOMEM
 */
int
vswctl_fmt_net_list(FILE *out, json_t *result)
{
	static const char *const header[] = {
		"NAME", "MODE", "VLAN", "PORTS", "FDB", "AGING",
	};
	char c[6][FMT_CELL_MAX], a[FMT_CELL_MAX], b[FMT_CELL_MAX];
	const char *row[6] = { c[0], c[1], c[2], c[3], c[4], c[5] };
	json_t *list = fmt_list(result, "networks"), *net;
	struct fmt_table t;
	size_t i;

	if (list == NULL)
		return -EPROTO;
	fmt_table_init(&t, 6, header);
	json_array_foreach(list, i, net) {
		json_t *ports = json_object_get(net, "ports");

		fmt_field(net, "name", c[0]);
		fmt_field(net, "mode", c[1]);
		fmt_field(net, "vlan", c[2]);
		if (json_is_array(ports))
			snprintf(c[3], FMT_CELL_MAX, "%zu", json_array_size(ports));
		else
			fmt_val(NULL, c[3], FMT_CELL_MAX);
		snprintf(c[4], FMT_CELL_MAX, "%s/%s", fmt_field(net, "fdb_entries", a),
			 fmt_field(net, "fdb_max", b));
		fmt_field(net, "fdb_aging", c[5]);
		fmt_table_add(&t, row);
	}
	return fmt_table_print(&t, out);
}

/**
 * fmt_net_dhcp() - Append a network's DHCP server rows
 * @t:		Two-column headerless table
 * @dhcp:	The network object's "dhcp" object
 *
 * "dhcp:" (yes/no), then the range, server, DNS servers, domain, lease
 * time, routes and number of leases indented below it.
 */
static void
fmt_net_dhcp(struct fmt_table *t, const json_t *dhcp)
{
	static const char *const keys[] = {
		"range", "server", "dns", "domain", "lease_time", "routes", "leases", NULL,
	};
	char key[FMT_CELL_MAX], val[FMT_CELL_MAX];
	const char *row[2] = { key, val };
	const char *const *k;

	snprintf(key, sizeof(key), "dhcp:");
	fmt_field(dhcp, "enabled", val);
	fmt_table_add(t, row);
	for (k = keys; *k != NULL; k++) {
		snprintf(key, sizeof(key), "  %s:", *k);
		fmt_field(dhcp, *k, val);
		fmt_table_add(t, row);
	}
}

/**
 * vswctl_fmt_net_show() - Print one network as key: value lines
 * @out:	Stream
 * @result:	Network object
 *
 * A network with a subnet also has a "dhcp" object: its main fields
 * follow, indented below a "dhcp:" line (fmt_net_dhcp()).
 *
 * Return: 0, or -ENOMEM
 */
int
vswctl_fmt_net_show(FILE *out, json_t *result)
{
	static const char *const keys[] = {
		"name", "mode", "vlan", "mtu", "subnet", "gateway", "host_if",
		"fdb_aging", "fdb_max", "fdb_entries", "fdb_moves", "ports", NULL,
	};
	json_t *up = json_object_get(result, "uplink");
	json_t *dhcp = json_object_get(result, "dhcp");
	char val[FMT_CELL_MAX], a[FMT_CELL_MAX], b[FMT_CELL_MAX], c[FMT_CELL_MAX];
	const char *row[2] = { "uplink:", val };
	struct fmt_table t;

	fmt_table_init(&t, 2, NULL);
	fmt_kv(&t, result, keys);
	if (json_is_object(up)) {
		snprintf(val, FMT_CELL_MAX, "%.60s (%.20s, port %.60s): %.20s",
			 fmt_field(up, "name", a), fmt_field(up, "type", b),
			 fmt_field(up, "port", c),
			 json_string_value(json_object_get(up, "state")) ?: "-");
		fmt_table_add(&t, row);
	}
	if (json_is_object(dhcp))
		fmt_net_dhcp(&t, dhcp);
	return fmt_table_print(&t, out);
}

/**
 * fmt_port_nets() - A port's networks as one cell
 * @port:	Port object
 * @buf:	Output: "NET" (access), "trunk:A,B[ native:N]" (trunk)
 *
 * Return: @buf
 */
static const char *
fmt_port_nets(const json_t *port, char buf[FMT_CELL_MAX])
{
	const char *mode = json_string_value(json_object_get(port, "vlan_mode"));
	char a[FMT_CELL_MAX], b[FMT_CELL_MAX];

	if (mode == NULL || strcmp(mode, "trunk") != 0)
		return fmt_field(port, "net", buf);
	fmt_field(port, "trunk", a);
	if (json_is_string(json_object_get(port, "native")))
		snprintf(buf, FMT_CELL_MAX, "trunk:%.100s native:%.100s", a,
			 fmt_field(port, "native", b));
	else
		snprintf(buf, FMT_CELL_MAX, "trunk:%.200s", a);
	return buf;
}

/**
 * vswctl_fmt_port_list() - Print a port-list result as a table
 * @out:	Stream
 * @result:	Result object with "ports"
 *
 * Columns: NAME NET TYPE LINK PMD RX-PKTS TX-PKTS DROPS (total) PATH (socket
 * path; for TAP and uplink ports the interface, "IF@netns:NS" in a namespace); NET
 * of a trunk port is "trunk:NET,NET" and, if it has one, " native:NET".
 *
 * Return: 0, -EPROTO without a "ports" array, or -ENOMEM
 */
int
vswctl_fmt_port_list(FILE *out, json_t *result)
{
	static const char *const header[] = {
		"NAME", "NET", "TYPE", "LINK", "PMD", "RX-PKTS", "TX-PKTS", "DROPS", "PATH",
	};
	char c[9][FMT_CELL_MAX];
	const char *row[9] = { c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8] };
	json_t *list = fmt_list(result, "ports"), *port;
	struct fmt_table t;
	size_t i;

	if (list == NULL)
		return -EPROTO;
	fmt_table_init(&t, 9, header);
	json_array_foreach(list, i, port) {
		json_t *stats = json_object_get(port, "stats");
		json_t *pmd = json_object_get(port, "pmd");

		fmt_field(port, "name", c[0]);
		fmt_port_nets(port, c[1]);
		fmt_field(port, "type", c[2]);
		fmt_field(port, "link", c[3]);
		/* a negative PMD index means no PMD thread polls the port */
		fmt_val(json_is_integer(pmd) && json_integer_value(pmd) < 0 ? NULL : pmd,
			c[4], FMT_CELL_MAX);
		fmt_field(stats, "rx_packets", c[5]);
		fmt_field(stats, "tx_packets", c[6]);
		fmt_drop_total(stats, c[7]);
		if (json_is_string(json_object_get(port, "ifname"))) {
			char a[FMT_CELL_MAX], b[FMT_CELL_MAX];

			if (json_is_string(json_object_get(port, "netns")))
				snprintf(c[8], FMT_CELL_MAX, "%.30s@netns:%.70s",
					 fmt_field(port, "ifname", a),
					 fmt_field(port, "netns", b));
			else
				fmt_field(port, "ifname", c[8]);
		} else {
			fmt_field(port, "path", c[8]);
		}
		fmt_table_add(&t, row);
	}
	return fmt_table_print(&t, out);
}

/**
 * vswctl_fmt_port_show() - Print one port with its counters
 * @out:	Stream
 * @result:	Port object with "stats"
 *
 * key: value lines for the port, the traffic counters, the drop total and
 * every drop reason (zeros included) indented below it.
 *
 * Return: 0, or -ENOMEM
 */
int
vswctl_fmt_port_show(FILE *out, json_t *result)
{
	static const char *const keys[] = {
		"name", "vlan_mode", "net", "trunk", "native", "type", "path", "?ifname",
		"?netns", "?mtu", "?managed_by", "mac", "owner", "group", "mode",
		"mac_limit", "link", "pmd", "macs_learned", NULL,
	};
	static const char *const stat_keys[] = {
		"rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_other_tpid",
		NULL,
	};
	json_t *stats = json_object_get(result, "stats");
	json_t *drops = json_object_get(stats, "drops"), *v;
	char key[FMT_CELL_MAX], val[FMT_CELL_MAX];
	const char *row[2] = { key, val }, *reason;
	struct fmt_table t;
	size_t pos = 0;

	fmt_table_init(&t, 2, NULL);
	fmt_kv(&t, result, keys);
	fmt_kv(&t, stats, stat_keys);
	snprintf(key, sizeof(key), "drops:");
	fmt_drop_total(stats, val);
	fmt_table_add(&t, row);
	while (json_is_object(drops) && (v = fmt_drop_next(drops, &pos, &reason)) != NULL) {
		char name[FMT_CELL_MAX - 8];

		fmt_text(reason, name, sizeof(name));
		snprintf(key, sizeof(key), "  %s:", name);
		fmt_val(v, val, sizeof(val));
		fmt_table_add(&t, row);
	}
	return fmt_table_print(&t, out);
}

/**
 * vswctl_fmt_fdb_show() - Print an fdb-show result as a table
 * @out:	Stream
 * @result:	Result object with "entries"
 *
 * Columns: NET MAC PORT TYPE (static/dynamic) AGE (seconds, "-" if static).
 *
 * Return: 0, -EPROTO without an "entries" array, or -ENOMEM
 */
int
vswctl_fmt_fdb_show(FILE *out, json_t *result)
{
	static const char *const header[] = { "NET", "MAC", "PORT", "TYPE", "AGE" };
	char c[5][FMT_CELL_MAX];
	const char *row[5] = { c[0], c[1], c[2], c[3], c[4] };
	json_t *list = fmt_list(result, "entries"), *e;
	struct fmt_table t;
	size_t i;

	if (list == NULL)
		return -EPROTO;
	fmt_table_init(&t, 5, header);
	json_array_foreach(list, i, e) {
		json_t *stat = json_object_get(e, "static");

		fmt_field(e, "net", c[0]);
		fmt_field(e, "mac", c[1]);
		fmt_field(e, "port", c[2]);
		snprintf(c[3], FMT_CELL_MAX, "%s", !json_is_boolean(stat) ? "-" :
			 json_is_true(stat) ? "static" : "dynamic");
		if (json_is_true(stat))
			fmt_val(NULL, c[4], FMT_CELL_MAX);
		else
			fmt_field(e, "age_s", c[4]);
		fmt_table_add(&t, row);
	}
	return fmt_table_print(&t, out);
}

/**
 * vswctl_fmt_stats() - Print a stats result
 * @out:	Stream
 * @result:	Result object with "ports"
 *
 * A table PORT RX-PKTS RX-BYTES TX-PKTS TX-BYTES DROPS, then, if any
 * counter is not zero, a blank line and a table PORT REASON COUNT.
 *
 * Return: 0, -EPROTO without a "ports" array, or -ENOMEM
 */
int
vswctl_fmt_stats(FILE *out, json_t *result)
{
	static const char *const header[] = {
		"PORT", "RX-PKTS", "RX-BYTES", "TX-PKTS", "TX-BYTES", "DROPS",
	};
	static const char *const dheader[] = { "PORT", "REASON", "COUNT" };
	char c[6][FMT_CELL_MAX];
	const char *row[6] = { c[0], c[1], c[2], c[3], c[4], c[5] };
	json_t *list = fmt_list(result, "ports"), *port;
	struct fmt_table t, d;
	size_t i;
	int rc;

	if (list == NULL)
		return -EPROTO;
	fmt_table_init(&t, 6, header);
	fmt_table_init(&d, 3, dheader);
	json_array_foreach(list, i, port) {
		json_t *stats = json_object_get(port, "stats");
		json_t *drops = json_object_get(stats, "drops"), *v;
		const char *reason;
		size_t pos = 0;

		fmt_field(port, "name", c[0]);
		fmt_field(stats, "rx_packets", c[1]);
		fmt_field(stats, "rx_bytes", c[2]);
		fmt_field(stats, "tx_packets", c[3]);
		fmt_field(stats, "tx_bytes", c[4]);
		fmt_drop_total(stats, c[5]);
		fmt_table_add(&t, row);
		while (json_is_object(drops) &&
		       (v = fmt_drop_next(drops, &pos, &reason)) != NULL) {
			if (json_is_integer(v) && json_integer_value(v) == 0)
				continue;
			/* c[0] still holds the port name */
			fmt_text(reason, c[1], FMT_CELL_MAX);
			fmt_val(v, c[2], FMT_CELL_MAX);
			fmt_table_add(&d, row);
		}
	}
	rc = fmt_table_print(&t, out);
	if (rc == 0 && (d.nrows > 1 || d.failed)) {
		fputc('\n', out);
		rc = fmt_table_print(&d, out);
	}
	fmt_table_free(&d);
	return rc;
}

/**
 * fmt_duration() - Render a signed number of seconds for people
 * @v:		Seconds (JSON integer), may be NULL
 * @buf:	Output: "45s", "5m03s", "1h02m", "2d03h", "-" prefixed when
 *		negative (already past); "-" if not an integer
 *
 * Return: @buf
 */
static const char *
fmt_duration(const json_t *v, char buf[FMT_CELL_MAX])
{
	json_int_t s;
	const char *sign;
	unsigned long long a;

	if (!json_is_integer(v))
		return fmt_val(NULL, buf, FMT_CELL_MAX);
	s = json_integer_value(v);
	sign = s < 0 ? "-" : "";
	a = s < 0 ? 0ULL - (unsigned long long)s : (unsigned long long)s;
	if (a >= 86400)
		snprintf(buf, FMT_CELL_MAX, "%s%llud%02lluh", sign, a / 86400, a % 86400 / 3600);
	else if (a >= 3600)
		snprintf(buf, FMT_CELL_MAX, "%s%lluh%02llum", sign, a / 3600, a % 3600 / 60);
	else if (a >= 60)
		snprintf(buf, FMT_CELL_MAX, "%s%llum%02llus", sign, a / 60, a % 60);
	else
		snprintf(buf, FMT_CELL_MAX, "%s%llus", sign, a);
	return buf;
}

/**
 * vswctl_fmt_dhcp_leases() - Print a dhcp-leases result as a table
 * @out:	Stream
 * @result:	Result object with "leases"
 *
 * Columns: NETWORK IP MAC HOSTNAME ("-" if none) EXPIRES-IN (fmt_duration()
 * of "expires_in"; negative: already expired) PORT STATE (offered, bound, expired,
 * declined).
 *
 * Return: 0, -EPROTO without a "leases" array, or -ENOMEM
 */
int
vswctl_fmt_dhcp_leases(FILE *out, json_t *result)
{
	static const char *const header[] = {
		"NETWORK", "IP", "MAC", "HOSTNAME", "EXPIRES-IN", "PORT", "STATE",
	};
	char c[7][FMT_CELL_MAX];
	const char *row[7] = { c[0], c[1], c[2], c[3], c[4], c[5], c[6] };
	json_t *list = fmt_list(result, "leases"), *l;
	struct fmt_table t;
	size_t i;

	if (list == NULL)
		return -EPROTO;
	fmt_table_init(&t, 7, header);
	json_array_foreach(list, i, l) {
		fmt_field(l, "net", c[0]);
		fmt_field(l, "ip", c[1]);
		fmt_field(l, "mac", c[2]);
		fmt_field(l, "hostname", c[3]);
		fmt_duration(json_object_get(l, "expires_in"), c[4]);
		fmt_field(l, "port", c[5]);
		fmt_field(l, "state", c[6]);
		fmt_table_add(&t, row);
	}
	return fmt_table_print(&t, out);
}

/**
 * vswctl_fmt_dhcp_hosts() - Print a dhcp-host-list result as a table
 * @out:	Stream
 * @result:	Result object with "hosts"
 *
 * Columns: NETWORK MAC IP HOSTNAME ("-" if none).
 *
 * Return: 0, -EPROTO without a "hosts" array, or -ENOMEM
 */
int
vswctl_fmt_dhcp_hosts(FILE *out, json_t *result)
{
	static const char *const header[] = { "NETWORK", "MAC", "IP", "HOSTNAME" };
	char c[4][FMT_CELL_MAX];
	const char *row[4] = { c[0], c[1], c[2], c[3] };
	json_t *list = fmt_list(result, "hosts"), *h;
	struct fmt_table t;
	size_t i;

	if (list == NULL)
		return -EPROTO;
	fmt_table_init(&t, 4, header);
	json_array_foreach(list, i, h) {
		fmt_field(h, "net", c[0]);
		fmt_field(h, "mac", c[1]);
		fmt_field(h, "ip", c[2]);
		fmt_field(h, "hostname", c[3]);
		fmt_table_add(&t, row);
	}
	return fmt_table_print(&t, out);
}

/**
 * fmt_cap_target() - Name what a capture listens on
 * @cap:	Capture object
 * @net_prefix:	Put before a network's name ("--net ", "net:")
 * @buf:	Output: the port's name, or @net_prefix and the network's
 *
 * Return: @buf
 */
static const char *
fmt_cap_target(const json_t *cap, const char *net_prefix, char buf[FMT_CELL_MAX])
{
	char name[FMT_CELL_MAX];

	if (json_object_get(cap, "port") != NULL || json_object_get(cap, "net") == NULL)
		return fmt_field(cap, "port", buf);
	snprintf(buf, FMT_CELL_MAX, "%s%s", net_prefix, fmt_field(cap, "net", name));
	return buf;
}

/**
 * fmt_cap_reason() - Render a capture's end reason
 * @cap:	Capture object
 * @buf:	Output: the reason, "-" while there is none
 *
 * Return: @buf
 */
static const char *
fmt_cap_reason(const json_t *cap, char buf[FMT_CELL_MAX])
{
	fmt_field(cap, "reason", buf);
	if (buf[0] == '\0')
		snprintf(buf, FMT_CELL_MAX, "-");
	return buf;
}

/**
 * vswctl_fmt_capture_list() - Print a capture-list result as a table
 * @out:	Stream
 * @result:	Result object with "captures"
 *
 * Columns: ID TARGET (port, or "net:NAME") DIR STATE PACKETS (frames
 * written) BYTES (file size) FILTERED (frames the filter rejected) DROPPED
 * (frames lost) FILE ("-": streamed to vswctl's stdout) REASON ("-" while
 * running).
 *
 * Return: 0, -EPROTO without a "captures" array, or -ENOMEM
 */
int
vswctl_fmt_capture_list(FILE *out, json_t *result)
{
	static const char *const header[] = {
		"ID", "TARGET", "DIR", "STATE", "PACKETS", "BYTES", "FILTERED", "DROPPED",
		"FILE", "REASON",
	};
	char c[10][FMT_CELL_MAX];
	const char *row[10];
	json_t *list = fmt_list(result, "captures"), *cap;
	struct fmt_table t;
	size_t i;

	if (list == NULL)
		return -EPROTO;
	for (i = 0; i < 10; i++)
		row[i] = c[i];
	fmt_table_init(&t, 10, header);
	json_array_foreach(list, i, cap) {
		fmt_field(cap, "id", c[0]);
		fmt_cap_target(cap, "net:", c[1]);
		fmt_field(cap, "dir", c[2]);
		fmt_field(cap, "state", c[3]);
		fmt_field(cap, "packets", c[4]);
		fmt_field(cap, "bytes", c[5]);
		fmt_field(cap, "filtered", c[6]);
		fmt_field(cap, "dropped", c[7]);
		fmt_field(cap, "path", c[8]);
		fmt_cap_reason(cap, c[9]);
		fmt_table_add(&t, row);
	}
	return fmt_table_print(&t, out);
}

/**
 * fmt_cap_head() - Render "capture ID: TARGET DIR -> FILE"
 * @cap:	Capture object
 * @buf:	Output
 * @size:	Size of @buf
 *
 * Return: 0, -EPROTO without an integer "id"
 */
static int
fmt_cap_head(const json_t *cap, char *buf, size_t size)
{
	char target[FMT_CELL_MAX], dir[FMT_CELL_MAX], path[FMT_CELL_MAX];

	if (!json_is_integer(json_object_get(cap, "id")))
		return -EPROTO;
	snprintf(buf, size, "capture %" JSON_INTEGER_FORMAT ": %s %s -> %s",
		 json_integer_value(json_object_get(cap, "id")),
		 fmt_cap_target(cap, "--net ", target), fmt_field(cap, "dir", dir),
		 fmt_field(cap, "path", path));
	return 0;
}

/**
 * vswctl_fmt_capture_start() - Print the capture a capture-start started
 * @out:	Stream
 * @result:	Capture object
 *
 * One line: "capture ID: TARGET DIR -> FILE", TARGET a port or "--net NET".
 *
 * Return: 0, -EPROTO without an integer "id"
 */
int
vswctl_fmt_capture_start(FILE *out, json_t *result)
{
	char head[4 * FMT_CELL_MAX];

	if (fmt_cap_head(result, head, sizeof(head)) != 0)
		return -EPROTO;
	fprintf(out, "%s\n", head);
	return 0;
}

/**
 * vswctl_fmt_capture() - Print a capture's outcome (capture-stop, and the
 *			  end event of a stream capture)
 * @out:	Stream
 * @result:	Capture object
 *
 * One line: "capture ID: TARGET DIR -> FILE: STATE (REASON), N packets,
 * N bytes, N filtered, N dropped", without " (REASON)" while there is none.
 *
 * Return: 0, -EPROTO without an integer "id"
 */
int
vswctl_fmt_capture(FILE *out, json_t *result)
{
	char head[4 * FMT_CELL_MAX], c[6][FMT_CELL_MAX];

	if (fmt_cap_head(result, head, sizeof(head)) != 0)
		return -EPROTO;
	fmt_field(result, "reason", c[1]);
	fprintf(out, "%s: %s%s%s%s, %s packets, %s bytes, %s filtered, %s dropped\n", head,
		fmt_field(result, "state", c[0]), c[1][0] ? " (" : "", c[1],
		c[1][0] ? ")" : "", fmt_field(result, "packets", c[2]),
		fmt_field(result, "bytes", c[3]), fmt_field(result, "filtered", c[4]),
		fmt_field(result, "dropped", c[5]));
	return 0;
}

/**
 * vswctl_fmt_json() - Print a result as indented JSON with sorted keys
 * @out:	Stream
 * @result:	Result object
 *
 * Return: 0, or -EIO if it could not be written
 */
int
vswctl_fmt_json(FILE *out, json_t *result)
{
	if (json_dumpf(result, out, JSON_INDENT(2) | JSON_SORT_KEYS) != 0)
		return -EIO;
	fputc('\n', out);
	return 0;
}

/**
 * vswctl_fmt_result() - Print the result of a command for people
 * @out:	Stream
 * @cmd:	The request's "cmd" (the command word, "capture-list" for
 *		"capture list")
 * @result:	Result object
 *
 * Commands that change something (net-add, dhcp-host-add, dhcp-lease-del,
 * ...) print nothing.
 *
 * Return: 0, -EPROTO if the result lacks what the command needs, -ENOMEM
 */
int
vswctl_fmt_result(FILE *out, const char *cmd, json_t *result)
{
	static const struct {
		const char *cmd;
		int (*fn)(FILE *out, json_t *result);
	} fmts[] = {
		{ "status", vswctl_fmt_status },
		{ "net-list", vswctl_fmt_net_list },
		{ "net-show", vswctl_fmt_net_show },
		{ "port-list", vswctl_fmt_port_list },
		{ "port-show", vswctl_fmt_port_show },
		{ "fdb-show", vswctl_fmt_fdb_show },
		{ "stats", vswctl_fmt_stats },
		{ "dhcp-leases", vswctl_fmt_dhcp_leases },
		{ "dhcp-host-list", vswctl_fmt_dhcp_hosts },
		{ "capture-list", vswctl_fmt_capture_list },
		{ "capture-start", vswctl_fmt_capture_start },
		{ "capture-stop", vswctl_fmt_capture },
	};
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcmp(fmts[i].cmd, cmd) == 0)
			return fmts[i].fn(out, result);
	return 0;
}
