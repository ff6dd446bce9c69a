/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl_conn.c - vswctl's side of the control socket: one request, one reply.
 *
 * Sends one JSON line to vswitchd, reads one bounded JSON line back within a
 * deadline and decodes the {"ok", "result" | "error"} envelope of
 * docs/CONTROL.md. The caller (vswctl.c) maps failures to exit codes.
 */
#include "vswctl_conn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define CONN_READ_CHUNK	65536	/* bytes asked of each recv() */

/**
 * conn_now_ms() - Read the monotonic clock
 *
 * Return: milliseconds since an arbitrary point
 */
static int64_t
conn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/**
 * conn_wait() - Wait until a socket is ready or the deadline passes
 * @fd:		Socket
 * @events:	POLLIN or POLLOUT
 * @deadline:	Absolute time from conn_now_ms()
 *
 * Return: 0 when ready (or on error/hangup, which the next call reports),
 * -ETIMEDOUT, or -errno from poll()
 */
static int
conn_wait(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	for (;;) {
		int64_t left = deadline - conn_now_ms();
		int rc;

		if (left <= 0)
			return -ETIMEDOUT;
		rc = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return -errno;
	}
}

/**
 * conn_connect() - Connect to the daemon's socket
 * @sock_path:	Socket path
 * @timeout_ms:	Longest wait for a full accept queue
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: non-blocking connected socket, or -errno with @err set
 */
static int
conn_connect(const char *sock_path, int timeout_ms, char *err, size_t errsize)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = (timeout_ms % 1000) * 1000,
	};
	int fd, rc;

	if (strlen(sock_path) >= sizeof(sa.sun_path)) {
		snprintf(err, errsize, "socket path too long: %s", sock_path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errsize, "socket: %s", strerror(-rc));
		return rc;
	}
	/* A blocking AF_UNIX connect() waits for room in the accept queue at
	 * most SO_SNDTIMEO, then fails with EAGAIN.
	 */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		rc = -errno;
		if (rc == -EAGAIN || rc == -EINPROGRESS)
			snprintf(err, errsize, "cannot connect to %s: timed out", sock_path);
		else
			snprintf(err, errsize, "cannot connect to %s: %s (is vswitchd running?)",
				 sock_path, strerror(-rc));
		close(fd);
		return rc;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
		rc = -errno;
		snprintf(err, errsize, "fcntl: %s", strerror(-rc));
		close(fd);
		return rc;
	}
	return fd;
}

/**
 * conn_send() - Send a whole buffer before a deadline
 * @fd:		Non-blocking socket
 * @buf:	Data
 * @size:	Bytes in @buf
 * @deadline:	Absolute time from conn_now_ms()
 *
 * Return: 0 on success, -errno (-ETIMEDOUT, -EPIPE...) otherwise
 */
static int
conn_send(int fd, const char *buf, size_t size, int64_t deadline)
{
	while (size > 0) {
		ssize_t n = send(fd, buf, size, MSG_NOSIGNAL);
		int rc;

		if (n > 0) {
			buf += n;
			size -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		rc = conn_wait(fd, POLLOUT, deadline);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/**
 * conn_recv_line() - Read one newline-terminated line before a deadline
 * @fd:		Non-blocking socket
 * @deadline:	Absolute time from conn_now_ms()
 * @line:	Output: the line without its newline, NUL-terminated, to free()
 * @size:	Output: length of @line
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Anything after the newline is ignored.
 *
 * Return: 0 on success; -ETIMEDOUT, -EPROTO (closed early, too long),
 * -ENOMEM or -errno with @err set
 */
static int
conn_recv_line(int fd, int64_t deadline, char **line, size_t *size,
	       char *err, size_t errsize)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *nl;
	int rc;

	for (;;) {
		ssize_t n;

		if (cap - len < CONN_READ_CHUNK) {
			size_t ncap = cap ? cap * 2 : CONN_READ_CHUNK * 2;
			char *nbuf;

			if (ncap > VSWCTL_CONN_RESP_MAX + 1)
				ncap = VSWCTL_CONN_RESP_MAX + 1;
			if (ncap <= len) {
				snprintf(err, errsize, "response longer than %u bytes",
					 VSWCTL_CONN_RESP_MAX);
				rc = -EPROTO;
				goto fail;
			}
			nbuf = realloc(buf, ncap);
			if (nbuf == NULL) {
				snprintf(err, errsize, "out of memory");
				rc = -ENOMEM;
				goto fail;
			}
			buf = nbuf;
			cap = ncap;
		}
		n = recv(fd, buf + len, cap - len - 1, 0);
		if (n > 0) {
			nl = memchr(buf + len, '\n', (size_t)n);
			len += (size_t)n;
			if (nl != NULL) {
				*nl = '\0';
				*line = buf;
				*size = (size_t)(nl - buf);
				return 0;
			}
			if (len >= VSWCTL_CONN_RESP_MAX) {
				snprintf(err, errsize, "response longer than %u bytes",
					 VSWCTL_CONN_RESP_MAX);
				rc = -EPROTO;
				goto fail;
			}
			continue;
		}
		if (n == 0) {
			if (len != 0)
				snprintf(err, errsize, "truncated response (connection "
					 "closed after %zu bytes)", len);
			else
				snprintf(err, errsize, "connection closed without a response");
			rc = -EPROTO;
			goto fail;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			rc = -errno;
			snprintf(err, errsize, "receive: %s", strerror(-rc));
			goto fail;
		}
		rc = conn_wait(fd, POLLIN, deadline);
		if (rc != 0) {
			if (rc == -ETIMEDOUT)
				snprintf(err, errsize, "timed out waiting for the response");
			else
				snprintf(err, errsize, "poll: %s", strerror(-rc));
			goto fail;
		}
	}
fail:
	free(buf);
	return rc;
}

/**
 * vswctl_conn_sock_path() - Build the socket path from the run directory
 * @run_dir:	Run directory
 * @buf:	Output
 * @size:	Size of @buf
 *
 * Return: 0 on success, -ENAMETOOLONG if it does not fit in @buf or in a
 * Unix socket address
 */
int
vswctl_conn_sock_path(const char *run_dir, char *buf, size_t size)
{
	struct sockaddr_un sa;
	int n;

	n = snprintf(buf, size, "%s%s%s", run_dir,
		     (run_dir[0] && run_dir[strlen(run_dir) - 1] == '/') ? "" : "/",
		     VSWCTL_CONN_SOCK);
	if (n < 0 || (size_t)n >= size || (size_t)n >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	return 0;
}

/**
 * vswctl_conn_request() - Send one request and read the response line
 * @sock_path:	Daemon socket
 * @req:	Request object
 * @timeout_ms:	Deadline for the whole exchange, connection included
 * @resp:	Output: response line without newline, NUL-terminated, to free()
 * @resp_size:	Output: length of @resp
 * @err:	One-line error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno with @err set (cannot connect, timeout,
 * truncated or oversized response)
 */
int
vswctl_conn_request(const char *sock_path, json_t *req, int timeout_ms,
		    char **resp, size_t *resp_size, char *err, size_t errsize)
{
	int64_t deadline = conn_now_ms() + timeout_ms;
	char *line;
	size_t len;
	int fd, rc;

	*resp = NULL;
	*resp_size = 0;
	line = json_dumps(req, JSON_COMPACT);
	if (line == NULL) {
		snprintf(err, errsize, "cannot encode the request");
		return -ENOMEM;
	}
	len = strlen(line);
	if (len + 1 > VSWCTL_CONN_REQ_MAX) {
		snprintf(err, errsize, "request longer than %d bytes", VSWCTL_CONN_REQ_MAX);
		free(line);
		return -E2BIG;
	}
	line[len] = '\n';	/* json_dumps() leaves the NUL, not used below */
	fd = conn_connect(sock_path, timeout_ms, err, errsize);
	if (fd < 0) {
		free(line);
		return fd;
	}
	rc = conn_send(fd, line, len + 1, deadline);
	free(line);
	if (rc == -EPIPE || rc == -ECONNRESET) {
		/* the daemon may have refused us with a reply before closing */
		rc = conn_recv_line(fd, deadline, resp, resp_size, err, errsize);
		close(fd);
		return rc;
	}
	if (rc != 0) {
		if (rc == -ETIMEDOUT)
			snprintf(err, errsize, "timed out sending the request");
		else
			snprintf(err, errsize, "send: %s", strerror(-rc));
		close(fd);
		return rc;
	}
	rc = conn_recv_line(fd, deadline, resp, resp_size, err, errsize);
	close(fd);
	return rc;
}

/**
 * conn_copy_line() - Copy daemon text into an error buffer on one line
 * @dst:	Output
 * @size:	Size of @dst
 * @src:	Text from the daemon
 */
static void
conn_copy_line(char *dst, size_t size, const char *src)
{
	size_t i;

	if (size == 0)
		return;
	for (i = 0; src[i] != '\0' && i + 1 < size; i++)
		dst[i] = ((unsigned char)src[i] < 0x20 || src[i] == 0x7f) ? ' ' : src[i];
	dst[i] = '\0';
}

/**
 * vswctl_conn_parse_response() - Decode a response line
 * @buf:	Response line, without its newline
 * @size:	Length of @buf
 * @result:	Output on success: the "result" object, one reference owned
 *		by the caller; NULL otherwise
 * @err:	On VSWCTL_CONN_DAEMON_ERR the daemon's message, on -EPROTO what
 *		is wrong with the response
 * @errsize:	Size of @err
 *
 * Return: 0 for {"ok": true, "result": {...}}, VSWCTL_CONN_DAEMON_ERR for
 * {"ok": false, "error": "..."}, -EPROTO for anything else
 */
int
vswctl_conn_parse_response(const char *buf, size_t size, json_t **result,
			   char *err, size_t errsize)
{
	json_t *root, *ok, *val;
	json_error_t je;
	int rc = -EPROTO;

	*result = NULL;
	root = json_loadb(buf, size, 0, &je);
	if (root == NULL) {
		snprintf(err, errsize, "malformed response: %s", je.text);
		return -EPROTO;
	}
	ok = json_object_get(root, "ok");
	if (!json_is_object(root) || !json_is_boolean(ok)) {
		snprintf(err, errsize, "malformed response: no boolean \"ok\"");
		goto out;
	}
	if (json_is_true(ok)) {
		val = json_object_get(root, "result");
		if (!json_is_object(val)) {
			snprintf(err, errsize, "malformed response: no \"result\" object");
			goto out;
		}
		*result = json_incref(val);
		rc = 0;
	} else {
		val = json_object_get(root, "error");
		if (!json_is_string(val)) {
			snprintf(err, errsize, "malformed response: no \"error\" string");
			goto out;
		}
		conn_copy_line(err, errsize, json_string_value(val)[0] ?
			       json_string_value(val) : "error without a message");
		rc = VSWCTL_CONN_DAEMON_ERR;
	}
out:
	json_decref(root);
	return rc;
}
