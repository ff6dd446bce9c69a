/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl.c - command-line client of vswitchd.
 *
 * Parses the global options, then lets vswctl_req.c build the request,
 * vswctl_conn.c exchange it over RUN_DIR/vswitchd.sock and vswctl_fmt.c
 * print the result. Only this file decides exit codes.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "names.h"
#include "vswctl_conn.h"
#include "vswctl_fmt.h"
#include "vswctl_req.h"

#ifndef VSW_VERSION
#define VSW_VERSION "unknown"
#endif

#define VSWCTL_RUN_DIR		"/run/vswitch"	/* without --run-dir or $VSWITCH_RUN_DIR */
#define VSWCTL_TIMEOUT_S	10u		/* without --timeout */
#define VSWCTL_TIMEOUT_MAX	3600u		/* largest --timeout */
#define VSWCTL_ERR_SIZE		512

/* Exit codes, part of the CLI contract */
enum vswctl_exit {
	VSWCTL_EXIT_OK = 0,	/* success */
	VSWCTL_EXIT_DAEMON = 1,	/* vswitchd returned an error, or output failed */
	VSWCTL_EXIT_USAGE = 2,	/* bad arguments, nothing was sent */
	VSWCTL_EXIT_CONN = 3,	/* cannot connect, timeout, malformed response */
};

/**
 * struct vswctl_opts - Global options
 * @run_dir:	Directory holding vswitchd.sock
 * @timeout_s:	Deadline for the whole exchange
 * @json:	Print the result as JSON
 */
struct vswctl_opts {
	const char *run_dir;
	unsigned int timeout_s;
	bool json;
};

/**
 * vswctl_usage() - Print the full help text
 * @out:	Stream
 */
static void
vswctl_usage(FILE *out)
{
	fprintf(out,
		"usage: vswctl [--run-dir DIR] [--json] [--timeout S] COMMAND [ARGS]\n"
		"\n"
		"Options:\n"
		"  --run-dir DIR  vswitchd run directory (default: $VSWITCH_RUN_DIR, else %s)\n"
		"  --json         print the result as JSON (also accepted after COMMAND)\n"
		"  --timeout S    give up after S seconds, 1-%u (default %u)\n"
		"  --version      print the version\n"
		"  -h, --help     print this help\n"
		"\n"
		"Commands:\n", VSWCTL_RUN_DIR, VSWCTL_TIMEOUT_MAX, VSWCTL_TIMEOUT_S);
	vswctl_req_usage(out);
	fprintf(out,
		"  help [COMMAND]\n"
		"\n"
		"DHCP: a network with a subnet (isolated or host-only) runs a DHCP server\n"
		"unless --dhcp off; by default it hands out every host address of the subnet\n"
		"but its own and the gateway. net-set --dns none, --route none and --domain ''\n"
		"clear those settings.\n"
		"\n"
		"Capture: capture start writes a pcap file that vswctl opens as you (an\n"
		"existing non-regular file is refused) and runs in vswitchd until a limit\n"
		"or capture stop ID; -w - streams to stdout until the capture ends or\n"
		"Ctrl-C, e.g. vswctl capture start vm1 -w - | tcpdump -nr -. Captures do\n"
		"not survive a vswitchd restart.\n"
		"\n"
		"Exit status: 0 success, 1 error reported by vswitchd, 2 usage error,\n"
		"3 cannot connect, timeout or malformed response.\n");
}

/**
 * vswctl_fail() - Print a one-line error on stderr
 * @code:	Exit code to return
 * @msg:	Message
 *
 * Return: @code
 */
static int
vswctl_fail(int code, const char *msg)
{
	fprintf(stderr, "vswctl: %s\n", msg);
	return code;
}

/**
 * vswctl_flush() - Flush stdout and report a failed write
 *
 * Return: VSWCTL_EXIT_OK, or VSWCTL_EXIT_DAEMON if output was lost
 */
static int
vswctl_flush(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "vswctl: cannot write output: %s\n", strerror(errno));
		return VSWCTL_EXIT_DAEMON;
	}
	return VSWCTL_EXIT_OK;
}

/**
 * vswctl_opt_value() - Get the value of a global option
 * @argc:	Number of words
 * @argv:	Words
 * @i:		Index of the option; advanced past a separate value
 * @name:	Option name ("--run-dir")
 *
 * Accepts "--name VALUE" and "--name=VALUE".
 *
 * Return: the value, NULL if @argv[*@i] is not this option; "" signals a
 * missing value
 */
static const char *
vswctl_opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);
	const char *w = argv[*i];

	if (strncmp(w, name, len) != 0)
		return NULL;
	if (w[len] == '=')
		return w + len + 1;
	if (w[len] != '\0')
		return NULL;
	if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0)
		return "";
	return argv[++*i];
}

/**
 * vswctl_parse_globals() - Parse the options before the command word
 * @argc:	Number of words
 * @argv:	Words
 * @opts:	Output
 * @cmd_idx:	Output: index of the command word (argc when absent)
 * @err:	Error message
 * @errsize:	Size of @err
 *
 * Return: 0 to go on, 1 when help or the version was printed, -EINVAL with
 * @err set
 */
static int
vswctl_parse_globals(int argc, char **argv, struct vswctl_opts *opts, int *cmd_idx,
		     char *err, size_t errsize)
{
	const char *env = getenv("VSWITCH_RUN_DIR");
	int i;

	opts->run_dir = (env && env[0]) ? env : VSWCTL_RUN_DIR;
	opts->timeout_s = VSWCTL_TIMEOUT_S;
	opts->json = false;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *v;

		if (strcmp(argv[i], "--json") == 0) {
			opts->json = true;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			vswctl_usage(stdout);
			return 1;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("vswctl %s\n", VSW_VERSION);
			return 1;
		} else if ((v = vswctl_opt_value(argc, argv, &i, "--run-dir")) != NULL) {
			if (v[0] == '\0') {
				snprintf(err, errsize, "option --run-dir needs a directory");
				return -EINVAL;
			}
			opts->run_dir = v;
		} else if ((v = vswctl_opt_value(argc, argv, &i, "--timeout")) != NULL) {
			uint32_t t;

			if (names_parse_u32(v, 1, VSWCTL_TIMEOUT_MAX, &t) != 0) {
				snprintf(err, errsize, "option --timeout needs whole seconds, "
					 "1-%u", VSWCTL_TIMEOUT_MAX);
				return -EINVAL;
			}
			opts->timeout_s = t;
		} else {
			snprintf(err, errsize, "unknown option '%.64s' (try 'vswctl help')",
				 argv[i]);
			return -EINVAL;
		}
	}
	*cmd_idx = i;
	return 0;
}

/**
 * vswctl_print() - Print a result, all or nothing
 * @opts:	Global options
 * @cmd:	Command word
 * @result:	Result object
 *
 * Return: exit code
 */
static int
vswctl_print(const struct vswctl_opts *opts, const char *cmd, json_t *result)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem;
	int rc;

	mem = open_memstream(&buf, &size);
	if (mem == NULL)
		return vswctl_fail(VSWCTL_EXIT_DAEMON, "out of memory");
	if (opts->json)
		rc = vswctl_fmt_json(mem, result);
	else
		rc = vswctl_fmt_result(mem, cmd, result);
	if (fclose(mem) != 0 && rc == 0)
		rc = -ENOMEM;
	if (rc == -EPROTO) {
		free(buf);
		fprintf(stderr, "vswctl: malformed response: unexpected result for %s\n", cmd);
		return VSWCTL_EXIT_CONN;
	} else if (rc != 0) {
		free(buf);
		return vswctl_fail(VSWCTL_EXIT_DAEMON, "cannot format the result");
	}
	if (size > 0)
		fwrite(buf, 1, size, stdout);
	free(buf);
	return vswctl_flush();
}

static volatile sig_atomic_t vswctl_stop;	/* SIGINT/SIGTERM during a stream */

/**
 * vswctl_on_signal() - Note SIGINT/SIGTERM; the wait it interrupts ends vswctl
 * @sig:	Signal number
 */
static void
vswctl_on_signal(int sig)
{
	(void)sig;
	vswctl_stop = 1;
}

/**
 * vswctl_stream_signals() - Catch SIGINT/SIGTERM for a stream capture
 * @wait_mask:	Output: the mask to wait with (the current one)
 *
 * Both signals stay blocked but while vswctl waits for the end event
 * (ppoll() with @wait_mask), so one that comes earlier is acted upon there
 * and never lost.
 */
static void
vswctl_stream_signals(sigset_t *wait_mask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = vswctl_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
}

/**
 * vswctl_stream_wait() - Wait for a stream capture's end event
 * @conn:	Connection that started the capture
 * @wait_mask:	Signal mask while waiting
 *
 * Prints the capture's outcome on stderr (stdout carries the pcap data).
 * Lines other than {"event":"capture-end"} are skipped.
 *
 * Return: exit code; VSWCTL_EXIT_OK on the end event and on SIGINT/SIGTERM
 * (the daemon stops the capture when the connection closes)
 */
static int
vswctl_stream_wait(struct vswctl_conn *conn, const sigset_t *wait_mask)
{
	char err[VSWCTL_ERR_SIZE], *line;
	json_error_t je;
	json_t *ev, *cap;
	size_t size;
	int rc;

	for (;;) {
		rc = vswctl_conn_read_line(conn, -1, wait_mask, &line, &size, err,
					   sizeof(err));
		if (rc == -EINTR && vswctl_stop)
			return VSWCTL_EXIT_OK;
		if (rc == -EINTR)
			continue;
		if (rc == -EPROTO && strstr(err, "without a response") != NULL)
			return vswctl_fail(VSWCTL_EXIT_CONN, "connection closed before the "
					   "capture ended (vswitchd stopped?)");
		if (rc != 0)
			return vswctl_fail(VSWCTL_EXIT_CONN, err);
		ev = json_loadb(line, size, 0, &je);
		free(line);
		if (ev == NULL) {
			fprintf(stderr, "vswctl: malformed event: %s\n", je.text);
			return VSWCTL_EXIT_CONN;
		}
		cap = json_object_get(ev, "capture");
		if (json_is_string(json_object_get(ev, "event")) &&
		    strcmp(json_string_value(json_object_get(ev, "event")), "capture-end") == 0 &&
		    json_is_object(cap)) {
			rc = vswctl_fmt_capture(stderr, cap);
			json_decref(ev);
			if (rc != 0)
				return vswctl_fail(VSWCTL_EXIT_CONN, "malformed capture-end event");
			return VSWCTL_EXIT_OK;
		}
		json_decref(ev);
	}
}

/**
 * vswctl_capture_start() - Run "capture start": open the output, pass it
 *			    with the request, follow a stream to its end
 * @opts:	Global options
 * @sock:	Daemon socket
 * @req:	capture-start request, reference stolen
 *
 * Return: exit code
 */
static int
vswctl_capture_start(const struct vswctl_opts *opts, const char *sock, json_t *req)
{
	json_t *args = json_object_get(req, "args"), *result;
	struct vswctl_conn conn = { .fd = -1 };
	char err[VSWCTL_ERR_SIZE], *resp, *path;
	bool stream, created = false;
	sigset_t wait_mask;
	size_t resp_size;
	int fd, rc;

	stream = json_is_true(json_object_get(args, "stream"));
	path = strdup(json_string_value(json_object_get(args, "path")));
	if (path == NULL) {
		json_decref(req);
		return vswctl_fail(VSWCTL_EXIT_DAEMON, "out of memory");
	}
	if (stream) {
		rc = 0;
		if (isatty(STDOUT_FILENO))
			snprintf(err, sizeof(err), "refusing to write pcap data to a "
				 "terminal; pipe it, e.g. | tcpdump -nr -");
		else if (opts->json)
			snprintf(err, sizeof(err), "--json does not go with -w - (stdout "
				 "carries the pcap data)");
		else
			rc = 1;
		if (rc == 0) {
			json_decref(req);
			free(path);
			return vswctl_fail(VSWCTL_EXIT_USAGE, err);
		}
		fd = STDOUT_FILENO;
		vswctl_stream_signals(&wait_mask);
	} else {
		rc = vswctl_req_capture_file(path, &fd, &created, err, sizeof(err));
		if (rc != 0) {
			json_decref(req);
			free(path);
			return vswctl_fail(VSWCTL_EXIT_USAGE, err);
		}
	}

	rc = vswctl_conn_request_fd(sock, req, fd, (int)opts->timeout_s * 1000,
				    stream ? &conn : NULL, &resp, &resp_size, err,
				    sizeof(err));
	json_decref(req);
	if (!stream)
		close(fd);	/* vswitchd holds its own copy now */
	if (rc == 0) {
		rc = vswctl_conn_parse_response(resp, resp_size, &result, err, sizeof(err));
		free(resp);
		rc = rc == 0 ? VSWCTL_EXIT_OK :
		     rc == VSWCTL_CONN_DAEMON_ERR ? VSWCTL_EXIT_DAEMON : VSWCTL_EXIT_CONN;
	} else {
		rc = VSWCTL_EXIT_CONN;
	}
	if (rc != VSWCTL_EXIT_OK) {
		if (created)
			unlink(path);
		free(path);
		vswctl_conn_close(&conn);
		return vswctl_fail(rc, err);
	}
	free(path);
	if (!stream) {
		rc = vswctl_print(opts, "capture-start", result);
		json_decref(result);
		return rc;
	}
	if (vswctl_fmt_capture_start(stderr, result) != 0)
		fprintf(stderr, "vswctl: capture started\n");
	json_decref(result);
	rc = vswctl_stream_wait(&conn, &wait_mask);
	vswctl_conn_close(&conn);
	return rc;
}

/**
 * main() - vswctl entry point
 * @argc:	Number of arguments
 * @argv:	Arguments
 *
 * Return: an enum vswctl_exit code
 */
int
main(int argc, char **argv)
{
	char err[VSWCTL_ERR_SIZE], sock[256], wire[64], *resp;
	struct vswctl_opts opts;
	json_t *req, *result;
	const char *cmd;
	size_t resp_size;
	int rc, ci;

	rc = vswctl_parse_globals(argc, argv, &opts, &ci, err, sizeof(err));
	if (rc != 0)
		return rc > 0 ? vswctl_flush() : vswctl_fail(VSWCTL_EXIT_USAGE, err);
	if (ci >= argc)
		return vswctl_fail(VSWCTL_EXIT_USAGE, "missing command (try 'vswctl help')");
	cmd = argv[ci];
	if (strcmp(cmd, "help") == 0) {
		if (ci + 2 < argc)
			return vswctl_fail(VSWCTL_EXIT_USAGE, "usage: vswctl help [COMMAND]");
		if (ci + 1 == argc)
			vswctl_usage(stdout);
		else if (vswctl_req_cmd_usage(stdout, argv[ci + 1]) != 0)
			return vswctl_fail(VSWCTL_EXIT_USAGE, "help: unknown command "
					   "(try 'vswctl help')");
		return vswctl_flush();
	}

	rc = vswctl_req_build(argc - ci, argv + ci, &req, &opts.json, err, sizeof(err));
	if (rc == VSWCTL_REQ_HELP) {
		vswctl_req_cmd_usage(stdout, cmd);
		return vswctl_flush();
	} else if (rc != 0) {
		return vswctl_fail(VSWCTL_EXIT_USAGE, err);
	}
	if (vswctl_conn_sock_path(opts.run_dir, sock, sizeof(sock)) != 0) {
		json_decref(req);
		return vswctl_fail(VSWCTL_EXIT_USAGE, "run directory path too long");
	}
	/* the request's "cmd" picks the output: "capture-list" for "capture list" */
	snprintf(wire, sizeof(wire), "%s", json_string_value(json_object_get(req, "cmd")));
	if (strcmp(wire, "capture-start") == 0)
		return vswctl_capture_start(&opts, sock, req);

	rc = vswctl_conn_request(sock, req, (int)opts.timeout_s * 1000, &resp, &resp_size,
				 err, sizeof(err));
	json_decref(req);
	if (rc != 0)
		return vswctl_fail(VSWCTL_EXIT_CONN, err);
	rc = vswctl_conn_parse_response(resp, resp_size, &result, err, sizeof(err));
	free(resp);
	if (rc == VSWCTL_CONN_DAEMON_ERR)
		return vswctl_fail(VSWCTL_EXIT_DAEMON, err);
	else if (rc != 0)
		return vswctl_fail(VSWCTL_EXIT_CONN, err);

	rc = vswctl_print(&opts, wire, result);
	json_decref(result);
	return rc;
}
