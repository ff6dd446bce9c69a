/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_ctl.c - unit tests for the control socket framing (vswitch/ctl.c) and
 * the request envelope of vswitch/cmd.c, against an empty switch: no EAL,
 * no networks or ports, only commands that read the configuration.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "cmd.h"
#include "ctl.h"

/**
 * struct srv - One test's server
 * @dir:	Run directory (mkdtemp)
 * @ctl:	The server
 * @sw:		An empty switch
 */
struct srv {
	char dir[256];
	struct ctl ctl;
	struct vsw sw;
};

static int
srv_setup(void **state)
{
	struct srv *s = calloc(1, sizeof(*s));
	char err[256];

	if (s == NULL)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/vswut-ctl-XXXXXX");
	if (mkdtemp(s->dir) == NULL ||
	    ctl_open(&s->ctl, s->dir, err, sizeof(err)) != 0) {
		fprintf(stderr, "ctl_open: %s\n", err);
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int
srv_teardown(void **state)
{
	struct srv *s = *state;

	ctl_close(&s->ctl);
	rmdir(s->dir);
	free(s);
	return 0;
}

/**
 * serve() - Run the server's poll loop once
 * @s:		Server
 * @ms:		poll() timeout
 */
static void
serve(struct srv *s, int ms)
{
	struct pollfd pfds[1 + CTL_MAX_CLIENTS];
	unsigned int n = ctl_pollfds(&s->ctl, pfds);

	if (poll(pfds, n, ms) < 0)
		fail_msg("poll: %s", strerror(errno));
	ctl_process(&s->ctl, &s->sw, pfds, n);
}

/**
 * client() - Connect to the server and let it accept
 * @s:		Server
 *
 * Return: connected socket
 */
static int
client(struct srv *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%.107s", s->ctl.path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	serve(s, 100);		/* accept */
	return fd;
}

/**
 * send_all() - Write bytes, serving the other side while they do not fit
 * @s:		Server
 * @fd:		Client socket
 * @data:	Bytes
 * @len:	Number of bytes
 */
static void
send_all(struct srv *s, int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0) {
			if (errno != EAGAIN)
				return;		/* the server hung up */
			serve(s, 10);
			continue;
		}
		data += n;
		len -= (size_t)n;
	}
}

/**
 * read_line() - Serve until the client has one response line, or EOF
 * @s:		Server
 * @fd:		Client socket
 * @buf:	Output, NUL-terminated, without the newline
 * @size:	Size of @buf
 *
 * Return: true for a line, false on EOF (or 2 s without one)
 */
static bool
read_line(struct srv *s, int fd, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	for (i = 0; i < 400; i++) {
		ssize_t n = -1;

		serve(s, 5);
		while (len + 1 < size &&
		       (n = recv(fd, buf + len, 1, MSG_DONTWAIT)) == 1) {
			if (buf[len] == '\n') {
				buf[len] = '\0';
				return true;
			}
			len++;
		}
		if (len + 1 >= size)
			fail_msg("response longer than %zu bytes", size);
		if (n == 0) {
			buf[len] = '\0';
			return false;
		}
	}
	buf[len] = '\0';
	return false;
}

/**
 * response() - Parse a response line and check its envelope
 * @line:	The line
 * @ok:		Expected "ok"
 * @needle:	For errors: text the message must contain
 *
 * Return: the parsed response (caller decrefs)
 */
static json_t *
response(const char *line, bool ok, const char *needle)
{
	json_t *r = json_loads(line, 0, NULL);
	const char *e;

	if (r == NULL)
		fail_msg("response is not JSON: '%s'", line);
	assert_true(json_is_boolean(json_object_get(r, "ok")));
	if (json_is_true(json_object_get(r, "ok")) != ok) {
		json_decref(r);
		fail_msg("response '%s': ok should be %d", line, ok);
	}
	if (ok) {
		assert_true(json_is_object(json_object_get(r, "result")));
		return r;
	}
	e = json_string_value(json_object_get(r, "error"));
	assert_non_null(e);
	if (needle != NULL && strstr(e, needle) == NULL)
		fail_msg("error '%s' does not mention '%s'", e, needle);
	return r;
}

/* cmd_execute() on a string. */
static json_t *
exec(struct vsw *sw, const char *req)
{
	json_t *r = cmd_execute(sw, req, strlen(req));
	char *text;
	json_t *back;

	assert_non_null(r);
	/* what ctl sends: one line */
	text = json_dumps(r, JSON_COMPACT);
	assert_non_null(text);
	assert_null(strchr(text, '\n'));
	back = response(text, json_is_true(json_object_get(r, "ok")), NULL);
	json_decref(back);
	free(text);
	return r;
}

static void
check_exec_error(struct vsw *sw, const char *req, const char *needle)
{
	json_t *r = exec(sw, req);
	const char *e = json_string_value(json_object_get(r, "error"));

	if (json_is_true(json_object_get(r, "ok")) || e == NULL)
		fail_msg("'%s' should fail", req);
	if (strstr(e, needle) == NULL)
		fail_msg("'%s': error '%s' does not mention '%s'", req, e, needle);
	json_decref(r);
}

static void
test_cmd_envelope(void **state)
{
	struct srv *s = *state;
	json_t *r;

	r = exec(&s->sw, "{\"cmd\": \"net-list\"}");
	assert_true(json_is_true(json_object_get(r, "ok")));
	assert_int_equal(json_array_size(json_object_get(
		json_object_get(r, "result"), "networks")), 0);
	json_decref(r);
	r = exec(&s->sw, "{\"cmd\": \"port-list\", \"args\": {}}");
	assert_true(json_is_true(json_object_get(r, "ok")));
	assert_true(json_is_array(json_object_get(json_object_get(r, "result"),
						  "ports")));
	json_decref(r);

	check_exec_error(&s->sw, "{\"cmd\": \"net-list\"", "malformed");
	check_exec_error(&s->sw, "not json", "malformed");
	check_exec_error(&s->sw, "[\"net-list\"]", "cmd");
	check_exec_error(&s->sw, "{}", "cmd");
	check_exec_error(&s->sw, "{\"cmd\": 5}", "cmd");
	check_exec_error(&s->sw, "{\"cmd\": \"nope\"}", "unknown command 'nope'");
	check_exec_error(&s->sw, "{\"cmd\": \"net-list\", \"x\": 1}", "cmd");
	check_exec_error(&s->sw, "{\"cmd\": \"net-list\", \"cmd\": \"port-list\"}",
			 "malformed");
	check_exec_error(&s->sw, "{\"cmd\": \"net-list\", \"args\": {\"foo\": 1}}",
			 "unknown argument 'foo'");
	check_exec_error(&s->sw, "{\"cmd\": \"net-list\", \"args\": [1]}", "object");
	check_exec_error(&s->sw, "{\"cmd\": \"net-show\", \"args\": {\"name\": \"x\"}}",
			 "no network 'x'");
	check_exec_error(&s->sw, "{\"cmd\": \"net-show\"}", "name");
}

static void
test_ctl_several_requests(void **state)
{
	static const char reqs[] = "{\"cmd\": \"net-list\"}\n\n{\"cmd\": \"nope\"}\n"
				   "{\"cmd\": \"port-list\"}\n";
	struct srv *s = *state;
	char line[4096];
	json_t *r;
	int fd = client(s);

	send_all(s, fd, reqs, strlen(reqs));
	assert_true(read_line(s, fd, line, sizeof(line)));
	r = response(line, true, NULL);
	assert_non_null(json_object_get(json_object_get(r, "result"), "networks"));
	json_decref(r);
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, false, "nope"));
	assert_true(read_line(s, fd, line, sizeof(line)));
	r = response(line, true, NULL);
	assert_non_null(json_object_get(json_object_get(r, "result"), "ports"));
	json_decref(r);

	/* a request in pieces */
	send_all(s, fd, "{\"cmd\": ", 8);
	serve(s, 10);
	send_all(s, fd, "\"net-list\"}\n", 12);
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, true, NULL));
	/* a bad request does not end the connection */
	send_all(s, fd, "garbage\n{\"cmd\": \"net-list\"}\n", 28);
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, false, "malformed"));
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, true, NULL));
	close(fd);
	serve(s, 10);
}

static void
test_ctl_incomplete_eof(void **state)
{
	struct srv *s = *state;
	char line[4096];
	int fd = client(s);

	send_all(s, fd, "{\"cmd\": \"net-list\"}", 19);
	shutdown(fd, SHUT_WR);
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, false, "incomplete"));
	assert_false(read_line(s, fd, line, sizeof(line)));	/* closed */
	close(fd);
}

/**
 * sized_request() - A valid net-list request of exactly @size bytes
 * @size:	Bytes, newline included
 *
 * Return: malloc()ed request
 */
static char *
sized_request(size_t size)
{
	static const char head[] = "{\"cmd\": \"net-list\"";
	char *buf = malloc(size + 1);

	assert_non_null(buf);
	memcpy(buf, head, strlen(head));
	memset(buf + strlen(head), ' ', size - strlen(head) - 2);
	buf[size - 2] = '}';
	buf[size - 1] = '\n';
	buf[size] = '\0';
	return buf;
}

static void
test_ctl_max_request(void **state)
{
	struct srv *s = *state;
	char line[4096], *req;
	int fd = client(s);

	/* 65536 bytes with the newline: the largest request */
	req = sized_request(CTL_MAX_REQUEST);
	send_all(s, fd, req, CTL_MAX_REQUEST);
	free(req);
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, true, NULL));
	close(fd);
	serve(s, 10);
}

static void
test_ctl_oversized(void **state)
{
	struct srv *s = *state;
	char line[4096], *big;
	int fd = client(s);

	/* no newline in sight: error, then the server hangs up */
	big = malloc(70000);
	assert_non_null(big);
	memset(big, 'x', 70000);
	send_all(s, fd, big, 70000);
	free(big);
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, false, "too large"));
	assert_false(read_line(s, fd, line, sizeof(line)));
	close(fd);
}

static void
test_ctl_one_byte_over(void **state)
{
	struct srv *s = *state;
	char line[4096], *req;
	int fd = client(s);

	/* docs/CONTROL.md: at most 65536 bytes including the newline */
	req = sized_request(CTL_MAX_REQUEST + 1);
	send_all(s, fd, req, CTL_MAX_REQUEST + 1);
	free(req);
	assert_true(read_line(s, fd, line, sizeof(line)));
	json_decref(response(line, false, "too large"));
	close(fd);
	serve(s, 10);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, srv_setup, srv_teardown)
	const struct CMUnitTest tests[] = {
		T(test_cmd_envelope),
		T(test_ctl_several_requests),
		T(test_ctl_incomplete_eof),
		T(test_ctl_max_request),
		T(test_ctl_oversized),
		T(test_ctl_one_byte_over),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
