/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl_conn.c - vswctl's side of the control socket: one request, one reply.
 *
 * Sends one JSON line to vswitchd (with a descriptor for capture-start),
 * reads one bounded JSON line back within a deadline and decodes the
 * {"ok", "result" | "error"} envelope of docs/CONTROL.md. A connection can
 * stay open for the lines that follow (a stream capture's end event). The
 * caller (vswctl.c) maps failures to exit codes.
 */
#include "vswctl_conn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

/*
 * After a send of @n (< 1) bytes: 0 to try again (interrupted, or @fd
 * became writable), -errno on an error or at @deadline.
 */
static int
conn_send_retry(int fd, ssize_t n, int64_t deadline)
{
	if (n < 0 && errno == EINTR)
		return 0;
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		return -errno;
	return conn_wait(fd, POLLOUT, deadline);
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
		rc = conn_send_retry(fd, n, deadline);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/**
 * conn_wait_sig() - Wait for input, without a deadline, until a signal
 * @fd:		Socket
 * @sigmask:	Signal mask during the wait (ppoll()), NULL for none
 *
 * Return: 0 when readable (or on error/hangup), -EINTR when a signal
 * arrived, -errno from ppoll()
 */
static int
conn_wait_sig(int fd, const sigset_t *sigmask)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int rc;

	rc = ppoll(&pfd, 1, NULL, sigmask);
	if (rc > 0)
		return 0;
	return rc < 0 ? -errno : 0;
}

/**
 * conn_take_line() - Hand out the first buffered line, if complete
 * @c:		Connection
 * @line:	Output: the line without its newline, NUL-terminated, to free()
 * @size:	Output: length of @line
 *
 * Return: 1 with a line, 0 if none is complete yet, -ENOMEM
 */
static int
conn_take_line(struct vswctl_conn *c, char **line, size_t *size)
{
	char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
	size_t n, rest;
	char *out;

	if (nl == NULL)
		return 0;
	n = (size_t)(nl - c->buf);
	out = malloc(n + 1);
	if (out == NULL)
		return -ENOMEM;
	memcpy(out, c->buf, n);
	out[n] = '\0';
	rest = c->len - n - 1;
	memmove(c->buf, nl + 1, rest);
	c->len = rest;
	*line = out;
	*size = n;
	return 1;
}

/**
 * conn_read_line() - Read one newline-terminated line
 * @c:		Connection (non-blocking socket, bytes buffered past earlier
 *		lines)
 * @deadline:	Absolute time from conn_now_ms(), or -1 to wait until a signal
 * @sigmask:	With @deadline -1: signal mask during the wait, NULL for none
 * @line:	Output: the line without its newline, NUL-terminated, to free()
 * @size:	Output: length of @line
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Bytes after the newline stay in @c for the next call.
 *
 * Return: 0 on success; -ETIMEDOUT, -EINTR (signal), -EPROTO (closed early,
 * too long), -ENOMEM or -errno with @err set
 */
static int
conn_read_line(struct vswctl_conn *c, int64_t deadline, const sigset_t *sigmask,
	       char **line, size_t *size, char *err, size_t errsize)
{
	int rc;

	for (;;) {
		ssize_t n;

		rc = conn_take_line(c, line, size);
		if (rc == 1)
			return 0;
		if (rc < 0) {
			snprintf(err, errsize, "out of memory");
			return rc;
		}
		if (c->len >= VSWCTL_CONN_RESP_MAX) {
			snprintf(err, errsize, "response longer than %u bytes",
				 VSWCTL_CONN_RESP_MAX);
			return -EPROTO;
		}
		if (c->cap - c->len < CONN_READ_CHUNK) {
			size_t ncap = c->cap ? c->cap * 2 : CONN_READ_CHUNK * 2;
			char *nbuf;

			if (ncap > VSWCTL_CONN_RESP_MAX + CONN_READ_CHUNK)
				ncap = VSWCTL_CONN_RESP_MAX + CONN_READ_CHUNK;
			nbuf = realloc(c->buf, ncap);
			if (nbuf == NULL) {
				snprintf(err, errsize, "out of memory");
				return -ENOMEM;
			}
			c->buf = nbuf;
			c->cap = ncap;
		}
		n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (n > 0) {
			c->len += (size_t)n;
			continue;
		}
		if (n == 0) {
			if (c->len != 0)
				snprintf(err, errsize, "truncated response (connection "
					 "closed after %zu bytes)", c->len);
			else
				snprintf(err, errsize, "connection closed without a response");
			return -EPROTO;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			rc = -errno;
			snprintf(err, errsize, "receive: %s", strerror(-rc));
			return rc;
		}
		if (deadline < 0) {
			rc = conn_wait_sig(c->fd, sigmask);
			if (rc == -EINTR) {
				snprintf(err, errsize, "interrupted");
				return rc;
			}
		} else {
			rc = conn_wait(c->fd, POLLIN, deadline);
		}
		if (rc != 0) {
			if (rc == -ETIMEDOUT)
				snprintf(err, errsize, "timed out waiting for the response");
			else
				snprintf(err, errsize, "poll: %s", strerror(-rc));
			return rc;
		}
	}
}

/**
 * conn_send_fd() - Send a whole buffer, a descriptor with its first byte
 * @fd:		Non-blocking socket
 * @buf:	Data, at least one byte
 * @size:	Bytes in @buf
 * @pass_fd:	Descriptor to pass in one SCM_RIGHTS control message
 * @deadline:	Absolute time from conn_now_ms()
 *
 * Return: 0 on success, -errno (-ETIMEDOUT, -EPIPE...) otherwise
 */
static int
conn_send_fd(int fd, const char *buf, size_t size, int pass_fd, int64_t deadline)
{
	union {
		struct cmsghdr hdr;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = (void *)(uintptr_t)buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.space,
		.msg_controllen = sizeof(ctl.space),
	};
	struct cmsghdr *cm;
	int rc;

	memset(&ctl, 0, sizeof(ctl));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &pass_fd, sizeof(int));
	for (;;) {
		ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);

		if (n > 0)	/* the descriptor went with these bytes */
			return conn_send(fd, buf + n, size - (size_t)n, deadline);
		rc = conn_send_retry(fd, n, deadline);
		if (rc != 0)
			return rc;
	}
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
 * vswctl_conn_request_fd() - Send one request, optionally with a descriptor,
 *			      and read the response line
 * @sock_path:	Daemon socket
 * @req:	Request object
 * @pass_fd:	Descriptor passed with the request's first byte (one
 *		SCM_RIGHTS message), -1 for none; it stays open here
 * @timeout_ms:	Deadline for the exchange, connection included
 * @conn:	NULL to close the connection after the response; otherwise it
 *		stays open here for vswctl_conn_read_line() (later lines, e.g.
 *		events) and vswctl_conn_close(), on success only
 * @resp:	Output: response line without newline, NUL-terminated, to free()
 * @resp_size:	Output: length of @resp
 * @err:	One-line error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno with @err set (cannot connect, timeout,
 * truncated or oversized response)
 */
int
vswctl_conn_request_fd(const char *sock_path, json_t *req, int pass_fd, int timeout_ms,
		       struct vswctl_conn *conn, char **resp, size_t *resp_size,
		       char *err, size_t errsize)
{
	int64_t deadline = conn_now_ms() + timeout_ms;
	struct vswctl_conn c = { .fd = -1 };
	char *line;
	size_t len;
	int rc;

	*resp = NULL;
	*resp_size = 0;
	if (conn != NULL)
		*conn = c;
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
	c.fd = conn_connect(sock_path, timeout_ms, err, errsize);
	if (c.fd < 0) {
		free(line);
		return c.fd;
	}
	if (pass_fd >= 0)
		rc = conn_send_fd(c.fd, line, len + 1, pass_fd, deadline);
	else
		rc = conn_send(c.fd, line, len + 1, deadline);
	free(line);
	if (rc != 0 && rc != -EPIPE && rc != -ECONNRESET) {
		if (rc == -ETIMEDOUT)
			snprintf(err, errsize, "timed out sending the request");
		else
			snprintf(err, errsize, "send: %s", strerror(-rc));
		vswctl_conn_close(&c);
		return rc;
	}
	/* after EPIPE/ECONNRESET the daemon may have refused us with a reply */
	rc = conn_read_line(&c, deadline, NULL, resp, resp_size, err, errsize);
	if (rc == 0 && conn != NULL)
		*conn = c;
	else
		vswctl_conn_close(&c);
	return rc;
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
 * Anything the daemon sends after the response line is ignored.
 *
 * Return: 0 on success, -errno with @err set (cannot connect, timeout,
 * truncated or oversized response)
 */
int
vswctl_conn_request(const char *sock_path, json_t *req, int timeout_ms,
		    char **resp, size_t *resp_size, char *err, size_t errsize)
{
	return vswctl_conn_request_fd(sock_path, req, -1, timeout_ms, NULL, resp,
				      resp_size, err, errsize);
}

/**
 * vswctl_conn_read_line() - Read the next line of an open connection
 * @conn:	Connection kept by vswctl_conn_request_fd()
 * @timeout_ms:	Longest wait, or -1 to wait until a line, the end of the
 *		connection or a signal
 * @sigmask:	With @timeout_ms -1: the signal mask while waiting (ppoll()),
 *		so that signals blocked otherwise interrupt only the wait;
 *		NULL keeps the current mask
 * @line:	Output: the line without its newline, NUL-terminated, to free()
 * @size:	Output: length of @line
 * @err:	One-line error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -EINTR when a signal interrupted the wait,
 * -EPROTO when the connection ended ("connection closed without a
 * response" when nothing was pending), -ETIMEDOUT, -errno, with @err set
 */
int
vswctl_conn_read_line(struct vswctl_conn *conn, int timeout_ms, const sigset_t *sigmask,
		      char **line, size_t *size, char *err, size_t errsize)
{
	int64_t deadline = timeout_ms < 0 ? -1 : conn_now_ms() + timeout_ms;

	*line = NULL;
	*size = 0;
	return conn_read_line(conn, deadline, sigmask, line, size, err, errsize);
}

/**
 * vswctl_conn_close() - Close a connection kept by vswctl_conn_request_fd()
 * @conn:	Connection; closing twice is harmless
 */
void
vswctl_conn_close(struct vswctl_conn *conn)
{
	if (conn->fd >= 0)
		close(conn->fd);
	free(conn->buf);
	conn->fd = -1;
	conn->buf = NULL;
	conn->len = 0;
	conn->cap = 0;
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
