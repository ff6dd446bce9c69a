/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl.c - command-line client of vswitchd.
 *
 * Parses the global options, then lets vswctl_req.c build the request,
 * vswctl_conn.c exchange it over RUN_DIR/vswitchd.sock and vswctl_fmt.c
 * print the result. Only this file decides exit codes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char err[VSWCTL_ERR_SIZE], sock[256], *resp;
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

	rc = vswctl_print(&opts, cmd, result);
	json_decref(result);
	return rc;
}
