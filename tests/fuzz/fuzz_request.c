/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_request.c - libFuzzer harness for the control path: arbitrary request
 * lines through cmd_execute(), on a real switch (mempool, FDB, RCU, tables)
 * whose port backend is faked, plus the conf.c parsers on every "args".
 *
 * The input is split at '\n' into request lines (at most FUZZ_MAX_LINES),
 * executed in turn as one control connection would, so sequences such as
 * net-add, port-add, fdb-add, net-del run. Checked after each line:
 * - the response is {"ok": true, "result": {...}} or {"ok": false,
 *   "error": "non-empty"} and dumps to one line;
 * - the state file on disk equals state_build() of the running switch, passes
 *   state_file_validate(), and each entry survives conf from_json -> to_json
 *   unchanged;
 * - for each parser in conf.c: on success, from_json(to_json(x)) == x; on
 *   failure, an error message was written.
 * The switch is emptied (sw_fini()) after every input. Violations abort().
 * The DHCP service is real (servers, reservations, lease file; no thread:
 * no frames reach it here, fuzz_dhcp_server covers that) and re-created
 * after every input. So is packet capture: every request comes with a
 * descriptor, as vswctl passes one (a pipe whose reading end the harness
 * keeps when the line mentions "-", a stream; else a regular file in the
 * state directory), so capture-start starts real captures (filter, ring,
 * writer thread); after each line capture-list must list at most CAP_MAX
 * running ones, and after every input all are stopped, every ring and
 * filter released and no capture copy left.
 *
 * vhost_port_create(), tap_port_create(), eth_port_*() and the two hostif
 * look-ups netmode.c uses are defined here: the linker then never pulls the
 * real backends (vhost_port.c, tap_port.c, eth_port.c, hostif.c) out of the
 * archives, so no socket, TAP or uplink is created on the host and the
 * host's interfaces and routes do not change the outcome. The stand-in host
 * has the interfaces "lo" and "eth0" and one route, 10.99.0.0/16.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include "capture.h"
#include "cmd.h"
#include "conf.h"
#include "dhcp_svc.h"
#include "eth_port.h"
#include "hostif.h"
#include "fdb.h"
#include "log.h"
#include "test_eal.h"
#include "pmd.h"
#include "state.h"
#include "state_file.h"
#include "switch.h"
#include "tap_port.h"
#include "vhost_port.h"
#include "fuzz_check.h"

#define FUZZ_MAX_LINES	16
#define FUZZ_ERR_SIZE	512
#define FUZZ_TOKEN	1	/* the one control connection */

static struct vsw sw;
static int pipe_rd[FUZZ_MAX_LINES];	/* reading ends of this input's pipes */
static unsigned int n_pipes;
static bool verbose;	/* FUZZ_VERBOSE set: print requests and responses */
/*
 * FUZZ_ALLOW_KNOWN set: tolerate the findings kept in tests/fuzz/crashes/
 * (NULL response when an echoed name is cut inside a UTF-8 sequence; error
 * text with a newline echoed from the request) to look for others.
 */
static bool allow_known;

/**
 * fake_rx() - Fake backend: nothing to receive
 * @port:	Unused
 * @pkts:	Unused
 * @n:		Unused
 *
 * Return: 0
 */
static uint16_t fake_rx(struct vsw_port *port, struct rte_mbuf **pkts,
			uint16_t n)
{
	(void)port;
	(void)pkts;
	(void)n;
	return 0;
}

/**
 * fake_tx() - Fake backend: refuse everything (no guest attached)
 * @port:	Unused
 * @pkts:	Unused
 * @n:		Unused
 *
 * Return: 0
 */
static uint16_t fake_tx(struct vsw_port *port, struct rte_mbuf **pkts,
			uint16_t n)
{
	(void)port;
	(void)pkts;
	(void)n;
	return 0;
}

/**
 * fake_link_up() - Fake backend: never connected
 * @port:	Unused
 *
 * Return: false
 */
static bool fake_link_up(const struct vsw_port *port)
{
	(void)port;
	return false;
}

/**
 * fake_destroy() - Fake backend: nothing to release
 * @port:	Unused
 */
static void fake_destroy(struct vsw_port *port)
{
	(void)port;
}

static const struct port_ops fake_ops = {
	.rx = fake_rx,
	.tx = fake_tx,
	.link_up = fake_link_up,
	.destroy = fake_destroy,
};

/**
 * vhost_port_create() - Stand-in for the vhost-user backend
 * @port:	Port being added
 * @err:	Unused
 * @errsize:	Unused
 *
 * Return: 0
 */
int vhost_port_create(struct vsw_port *port, char *err, size_t errsize)
{
	(void)err;
	(void)errsize;
	port->ops = &fake_ops;
	port->priv = NULL;
	return 0;
}

/**
 * tap_port_create() - Stand-in for the TAP backend
 * @port:	Port being added
 * @addr:	Unused
 * @prefix:	Unused
 * @no_forward:	Unused
 * @lenient:	Unused
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, -EEXIST for the stand-in host's interface names
 */
int tap_port_create(struct vsw_port *port, uint32_t addr, uint8_t prefix,
		    bool no_forward, bool lenient, char *err, size_t errsize)
{
	(void)lenient;
	(void)addr;
	(void)prefix;
	(void)no_forward;
	if (strcmp(port->conf.ifname, "lo") == 0 ||
	    strcmp(port->conf.ifname, "eth0") == 0) {
		snprintf(err, errsize, "interface %s already exists",
			 port->conf.ifname);
		return -EEXIST;
	}
	port->ops = &fake_ops;
	port->priv = NULL;
	return 0;
}

/**
 * eth_port_create() - Stand-in for the uplink backend
 * @port:	Port being added
 * @lenient:	Unused
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 for "eth0", -ENODEV for other interfaces
 */
int eth_port_create(struct vsw_port *port, bool lenient, char *err,
		    size_t errsize)
{
	(void)lenient;
	if (strcmp(port->conf.ifname, "eth0") != 0) {
		snprintf(err, errsize, "uplink interface %s does not exist",
			 port->conf.ifname);
		return -ENODEV;
	}
	port->ops = &fake_ops;
	port->priv = NULL;
	return 0;
}

/**
 * eth_port_max_mtu() - Stand-in: what 2 KB mbufs allow
 *
 * Return: 1998
 */
uint16_t eth_port_max_mtu(void)
{
	return 1998;
}

/**
 * eth_port_state() - Stand-in: uplinks are always up
 * @port:	Unused
 *
 * Return: "up"
 */
const char *eth_port_state(const struct vsw_port *port)
{
	(void)port;
	return "up";
}

/**
 * hostif_get() - Stand-in host: "lo" and "eth0" exist
 * @ns:		Unused
 * @name:	Interface name
 * @link:	Output
 * @err:	Unused
 * @errsize:	Unused
 *
 * Return: 0
 */
int hostif_get(const char *ns, const char *name, struct hostif_link *link,
	       char *err, size_t errsize)
{
	(void)ns;
	(void)err;
	(void)errsize;
	memset(link, 0, sizeof(*link));
	link->exists = strcmp(name, "lo") == 0 || strcmp(name, "eth0") == 0;
	link->up = link->running = link->exists;
	return 0;
}

/**
 * hostif_route_overlap() - Stand-in host: one route, 10.99.0.0/16
 * @addr:	Subnet address
 * @prefix:	Prefix length
 * @desc:	Output
 * @size:	Size of @desc
 *
 * Return: 1 if the subnet overlaps 10.99.0.0/16, else 0
 */
int hostif_route_overlap(uint32_t addr, uint8_t prefix, char *desc,
			 size_t size)
{
	uint8_t p = prefix < 16 ? prefix : 16;
	uint32_t mask = p ? 0xffffffffu << (32 - p) : 0;

	if (((addr ^ 0x0a630000) & mask) != 0)
		return 0;
	snprintf(desc, size, "10.99.0.0/16 dev eth0");
	return 1;
}

/**
 * state_dir_remove() - atexit(): remove the state file and its directory
 */
static void state_dir_remove(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", sw.state_dir, STATE_FILE_NAME);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", sw.state_dir, DHCP_SVC_LEASE_FILE);
	unlink(path);
	snprintf(path, sizeof(path), "%s/capture.pcap", sw.state_dir);
	unlink(path);
	rmdir(sw.state_dir);
}

/* The descriptor a request line comes with (see the top of the file). */
static int line_fd(const char *line, size_t len)
{
	char path[PATH_MAX];
	int p[2];

	if (memmem(line, len, "\"-\"", 3) != NULL && n_pipes < FUZZ_MAX_LINES &&
	    pipe(p) == 0) {
		pipe_rd[n_pipes++] = p[0];
		return p[1];
	}
	snprintf(path, sizeof(path), "%s/capture.pcap", sw.state_dir);
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

/**
 * LLVMFuzzerInitialize() - Start a minimal EAL and an empty switch
 * @argc:	Unused
 * @argv:	Unused
 *
 * Return: 0
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[64];

	(void)argc;
	(void)argv;
	if (test_eal_start("vswfuzz-req", 128) != 0)
		exit(1);
	log_init(LOG_LVL_ERR, false);
	/* state is rewritten (and fsync()ed) on every change: keep it in RAM;
	 * the PID in the name lets tools/run-fuzz.sh remove it after a crash */
	snprintf(dir, sizeof(dir), "/dev/shm/vswfuzz-req%d-XXXXXX", (int)getpid());
	if (mkdtemp(dir) == NULL) {
		snprintf(dir, sizeof(dir), "/tmp/vswfuzz-req%d-XXXXXX",
			 (int)getpid());
		if (mkdtemp(dir) == NULL) {
			perror("fuzz_request: mkdtemp");
			exit(1);
		}
	}
	snprintf(sw.run_dir, sizeof(sw.run_dir), "%s", dir);
	snprintf(sw.state_dir, sizeof(sw.state_dir), "%s", dir);
	atexit(state_dir_remove);
	sw.pool = rte_pktmbuf_pool_create("fuzz_req_pool", 63, 0, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE,
					  SOCKET_ID_ANY);
	sw.qsv = rte_zmalloc("fuzz_req_qsv", rte_rcu_qsbr_get_memsize(1),
			     RTE_CACHE_LINE_SIZE);
	sw.pmds = rte_zmalloc("fuzz_req_pmds", sizeof(*sw.pmds),
			      RTE_CACHE_LINE_SIZE);
	if (sw.pool == NULL || sw.qsv == NULL || sw.pmds == NULL ||
	    rte_rcu_qsbr_init(sw.qsv, 1) != 0) {
		fprintf(stderr, "fuzz_request: setup failed\n");
		exit(1);
	}
	sw.fdb = fdb_create("fuzz_req_fdb", 1024, SOCKET_ID_ANY, sw.qsv);
	if (sw.fdb == NULL) {
		fprintf(stderr, "fuzz_request: fdb_create failed\n");
		exit(1);
	}
	if (dhcp_svc_init(&sw, dir, sizeof(dir)) != 0) {
		fprintf(stderr, "fuzz_request: dhcp_svc_init failed\n");
		exit(1);
	}
	if (capture_init(&sw, dir, sizeof(dir)) != 0) {
		fprintf(stderr, "fuzz_request: capture_init failed\n");
		exit(1);
	}
	sw.n_pmds = 1;
	sw.pmds[0].sw = &sw;
	sw.started = time(NULL);
	sw.running = true;
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	allow_known = getenv("FUZZ_ALLOW_KNOWN") != NULL;
	return 0;
}

/**
 * check_response() - Check the envelope of a cmd_execute() response
 * @r:		Response
 */
static void check_response(json_t *r)
{
	json_t *ok, *v;
	char *text;

	CHECK(json_is_object(r));
	ok = json_object_get(r, "ok");
	CHECK(json_is_boolean(ok));
	CHECK(json_object_size(r) == 2);
	if (json_is_true(ok)) {
		CHECK(json_is_object(json_object_get(r, "result")));
	} else {
		v = json_object_get(r, "error");
		CHECK(json_is_string(v) && json_string_length(v) > 0);
		/* docs/CONTROL.md: "one line, human readable" */
		CHECK(allow_known || strchr(json_string_value(v), '\n') == NULL);
	}
	/* what ctl.c sends: exactly one line */
	text = json_dumps(r, JSON_COMPACT);
	CHECK(text != NULL && strchr(text, '\n') == NULL);
	free(text);
}

/**
 * check_net_conf() - conf_net_from_json() on @obj; round trip on success
 * @obj:	Candidate
 *
 * Return: 0 if @obj parsed
 */
static int check_net_conf(json_t *obj)
{
	struct net_conf a, b;
	char err[FUZZ_ERR_SIZE] = "";
	json_t *j;

	if (conf_net_from_json(obj, &a, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
		return -1;
	}
	j = conf_net_to_json(&a);
	CHECK(j != NULL);
	CHECK(conf_net_from_json(j, &b, err, sizeof(err)) == 0);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	json_decref(j);
	return 0;
}

/**
 * check_port_conf() - conf_port_from_json() on @obj; round trip on success
 * @obj:	Candidate
 *
 * Return: 0 if @obj parsed
 */
static int check_port_conf(json_t *obj)
{
	struct port_conf a, b;
	char err[FUZZ_ERR_SIZE] = "";
	json_t *j, *k;

	if (conf_port_from_json(obj, &a, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
		return -1;
	}
	j = conf_port_to_json(&a);
	CHECK(j != NULL);
	if (conf_port_from_json(j, &b, err, sizeof(err)) != 0) {
		fprintf(stderr, "port round trip refused: %s\n", err);
		CHECK(!"conf_port_to_json() output is accepted back");
	}
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	k = conf_port_to_json(&b);
	CHECK(json_equal(j, k));
	json_decref(j);
	json_decref(k);
	return 0;
}

/**
 * check_fdb_conf() - conf_fdb_from_json() on @obj; round trip on success
 * @obj:	Candidate
 * @need_port:	fdb-add (true) or fdb-del (false) flavour
 *
 * Return: 0 if @obj parsed
 */
static int check_fdb_conf(json_t *obj, bool need_port)
{
	struct fdb_conf a, b;
	char err[FUZZ_ERR_SIZE] = "";
	json_t *j;

	if (conf_fdb_from_json(obj, need_port, &a, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
		return -1;
	}
	CHECK(!(a.mac[0] & 1));
	if (!need_port)
		return 0;	/* to_json always writes "port" */
	j = conf_fdb_to_json(&a);
	CHECK(j != NULL);
	CHECK(conf_fdb_from_json(j, true, &b, err, sizeof(err)) == 0);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	json_decref(j);
	return 0;
}

/**
 * check_dhcp_host_conf() - conf_dhcp_host_from_json() on @obj; round trip
 * @obj:	Arguments
 * @need_ip:	dhcp-host-add (true) or dhcp-host-del (false) flavour
 *
 * Return: 0 if @obj parsed
 */
static int check_dhcp_host_conf(json_t *obj, bool need_ip)
{
	struct dhcp_host_conf a, b;
	char err[FUZZ_ERR_SIZE] = "";
	json_t *j;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (conf_dhcp_host_from_json(obj, need_ip, &a, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
		return -1;
	}
	CHECK(!(a.mac[0] & 1));
	if (!need_ip)
		return 0;
	j = conf_dhcp_host_to_json(&a);
	CHECK(j != NULL);
	CHECK(conf_dhcp_host_from_json(j, true, &b, err, sizeof(err)) == 0);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	json_decref(j);
	return 0;
}

/**
 * check_parsers() - Every conf.c parser on the "args" of a request line
 * @line:	Request text
 * @len:	Its length
 */
static void check_parsers(const char *line, size_t len)
{
	char err[FUZZ_ERR_SIZE] = "";
	json_t *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	struct port_conf pc;
	struct net_set set;
	json_t *args;

	if (req == NULL)
		return;
	/* a request is never a valid state document, nor vice versa */
	if (state_file_validate(req, err, sizeof(err)) != 0)
		CHECK(err[0] != '\0');
	args = json_object_get(req, "args");
	if (args != NULL) {
		check_net_conf(args);
		check_port_conf(args);
		check_fdb_conf(args, true);
		check_fdb_conf(args, false);
		err[0] = '\0';
		err[0] = '\0';
		if (conf_port_set_from_json(args, &pc, err, sizeof(err)) != 0)
			CHECK(err[0] != '\0');
		else
			CHECK(pc.name[0] != '\0' && (pc.vlan_mode == PORT_TRUNK ?
			      pc.n_trunk > 0 && pc.net[0] == '\0' :
			      pc.net[0] != '\0' && pc.native[0] == '\0'));
		err[0] = '\0';
		if (conf_net_set_from_json(args, &set, err, sizeof(err)) != 0)
			CHECK(err[0] != '\0');
		else
			CHECK(set.name[0] != '\0' && (set.fdb_aging != 0 ||
			      set.fdb_max != 0 || set.set_vlan || set.mtu != 0 ||
			      set.dhcp_set != 0));
		check_dhcp_host_conf(args, true);
		check_dhcp_host_conf(args, false);
	}
	json_decref(req);
}

/**
 * check_state() - The state file must describe the running switch
 */
static void check_state(void)
{
	char err[FUZZ_ERR_SIZE] = "";
	json_t *disk = NULL, *live, *e;
	size_t i;

	CHECK(state_file_read(sw.state_dir, STATE_FILE_NAME, &disk, err,
			      sizeof(err)) == 0);
	live = state_build(&sw);
	CHECK(live != NULL);
	if (disk == NULL) {	/* nothing saved yet: nothing configured */
		CHECK(json_array_size(json_object_get(live, "networks")) == 0);
		CHECK(json_array_size(json_object_get(live, "ports")) == 0);
		CHECK(json_array_size(json_object_get(live, "fdb")) == 0);
		json_decref(live);
		return;
	}
	if (!json_equal(disk, live)) {
		char *a = json_dumps(disk, JSON_COMPACT | JSON_SORT_KEYS);
		char *b = json_dumps(live, JSON_COMPACT | JSON_SORT_KEYS);

		fprintf(stderr, "state file:   %s\nrunning state: %s\n", a, b);
		free(a);
		free(b);
		CHECK(!"state file equals the running configuration");
	}
	CHECK(state_file_validate(disk, err, sizeof(err)) == 0);
	json_array_foreach(json_object_get(disk, "networks"), i, e)
		CHECK(check_net_conf(e) == 0);
	json_array_foreach(json_object_get(disk, "ports"), i, e)
		CHECK(check_port_conf(e) == 0);
	json_array_foreach(json_object_get(disk, "fdb"), i, e)
		CHECK(check_fdb_conf(e, true) == 0);
	json_decref(disk);
	json_decref(live);
}

/* Running captures in capture-list (checked: at most CAP_MAX, well formed). */
static unsigned int captures_running(void)
{
	json_t *l = capture_list(&sw), *c;
	unsigned int n = 0;
	size_t i;

	CHECK(l != NULL && json_is_array(json_object_get(l, "captures")));
	json_array_foreach(json_object_get(l, "captures"), i, c) {
		const char *st = json_string_value(json_object_get(c, "state"));

		CHECK(st != NULL && json_is_integer(json_object_get(c, "id")));
		CHECK(json_is_string(json_object_get(c, "filter_engine")));
		n += strcmp(st, "running") == 0;
	}
	json_decref(l);
	CHECK(n <= CAP_MAX);
	return n;
}

/* End every capture as a closed connection and capture-stop would. */
static void captures_stop(void)
{
	unsigned int i;

	capture_client_gone(&sw, FUZZ_TOKEN);
	for (i = 0; i <= CAP_MAX; i++) {
		json_t *l, *c, *args, *res = NULL;
		char err[FUZZ_ERR_SIZE];
		json_int_t id = -1;
		size_t k;

		capture_poll(&sw, NULL, NULL);	/* reap those that ended */
		l = capture_list(&sw);
		json_array_foreach(json_object_get(l, "captures"), k, c)
			if (strcmp(json_string_value(json_object_get(c, "state")),
				   "running") == 0)
				id = json_integer_value(json_object_get(c, "id"));
		json_decref(l);
		if (id < 0)
			break;
		args = json_pack("{s:I}", "id", id);
		CHECK(capture_stop(&sw, args, &res, err, sizeof(err)) == 0);
		json_decref(res);
		json_decref(args);
	}
	CHECK(captures_running() == 0);
	for (i = 0; i < CAP_MAX; i++) {
		CHECK(sw.cap_slots[i].ring == NULL);
		CHECK(!cap_bpf_active(&sw.cap_slots[i].flt));
	}
	CHECK(rte_mempool_in_use_count(sw.cap_pool) == 0);
	while (n_pipes > 0)
		close(pipe_rd[--n_pipes]);
}

/**
 * reset() - Empty the switch and forget the state file
 */
static void reset(void)
{
	char path[PATH_MAX], err[FUZZ_ERR_SIZE];
	unsigned int i;

	captures_stop();
	dhcp_svc_stop(&sw);
	sw_fini(&sw);
	CHECK(sw.n_nets == 0 && sw.n_ports == 0);
	for (i = 0; i < FDB_MAX_NETS; i++)
		CHECK(sw.fdb->net_count[i] == 0);
	snprintf(path, sizeof(path), "%s/%s", sw.state_dir, STATE_FILE_NAME);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", sw.state_dir, DHCP_SVC_LEASE_FILE);
	unlink(path);
	CHECK(dhcp_svc_init(&sw, err, sizeof(err)) == 0);
	CHECK(sw_init(&sw) == 0);
}

/**
 * LLVMFuzzerTestOneInput() - Execute the request lines of one input
 * @data:	Input
 * @size:	Its length
 *
 * Return: 0
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	unsigned int lines = 0;

	if (sw.tables == NULL)
		CHECK(sw_init(&sw) == 0);
	while (p < end && lines < FUZZ_MAX_LINES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		char *copy = malloc(len ? len : 1);	/* exact size for ASan */
		struct cmd_ctx ctx = { .fd = -1, .token = FUZZ_TOKEN };
		json_t *r;

		CHECK(copy != NULL);
		memcpy(copy, p, len);
		ctx.fd = line_fd(copy, len);
		CHECK(ctx.fd >= 0);
		r = cmd_execute_ctx(&sw, copy, len, &ctx);
		if (ctx.fd >= 0)	/* not taken by a capture */
			close(ctx.fd);
		if (verbose) {
			char *text = r ? json_dumps(r, JSON_COMPACT) : NULL;

			fprintf(stderr, "> %.*s\n< %s\n", (int)len, copy,
				text ? text : "(NULL)");
			free(text);
		}
		/* cmd_execute(): "never NULL unless out of memory" */
		CHECK(r != NULL || allow_known);
		if (r != NULL)
			check_response(r);
		json_decref(r);
		check_parsers(copy, len);
		free(copy);
		check_state();
		captures_running();
		lines++;
		p += len + 1;
	}
	reset();
	return 0;
}
