/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ctl.c - control socket server (vswctl's peer), poll-driven, non-blocking.
 *
 * Framing: one JSON request per line in, one JSON response per line out
 * (docs/CONTROL.md). Every socket is non-blocking; a client that sends
 * garbage gets an error, one that sends an oversized line or nothing at all
 * within CTL_IDLE_TIMEOUT_MS gets an error and is disconnected, and one that
 * does not read its responses is dropped once CTL_MAX_RESPONSE is pending.
 * The control thread therefore never blocks on a client.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "cmd.h"
#include "ctl.h"
#include "log.h"

static uint64_t ctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/**
 * ctl_open() - Create and listen on RUN_DIR/vswitchd.sock
 * @ctl:	Server
 * @run_dir:	Run directory (exists; caller holds its lock)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 or -errno
 */
int ctl_open(struct ctl *ctl, const char *run_dir, char *err, size_t errsize)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned int i;
	int ret;

	for (i = 0; i < CTL_MAX_CLIENTS; i++)
		ctl->clients[i].fd = ctl->clients[i].fd_in = -1;
	if (snprintf(ctl->path, sizeof(ctl->path), "%s/%s", run_dir,
		     CTL_SOCKET_NAME) >= (int)sizeof(sa.sun_path)) {
		snprintf(err, errsize, "run directory path too long");
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, ctl->path);
	ctl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ctl->fd < 0) {
		ret = -errno;
		snprintf(err, errsize, "socket: %s", strerror(errno));
		return ret;
	}
	unlink(ctl->path);	/* stale: we hold the run-dir lock */
	if (bind(ctl->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(ctl->path, 0660) != 0 || listen(ctl->fd, 16) != 0) {
		ret = -errno;
		snprintf(err, errsize, "cannot listen on %s: %s", ctl->path,
			 strerror(errno));
		close(ctl->fd);
		ctl->fd = -1;
		return ret;
	}
	return 0;
}

static void ctl_drop(struct ctl_client *c)
{
	close(c->fd);
	c->fd = -1;
	if (c->fd_in >= 0)
		close(c->fd_in);
	c->fd_in = -1;
	c->streaming = false;
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = c->in_len = 0;
	c->closing = 0;
}

/* Queue one response line. */
static void ctl_reply(struct ctl_client *c, json_t *resp)
{
	char *text = resp ? json_dumps(resp, JSON_COMPACT) : NULL;
	size_t len, pending = c->out_len - c->out_off;
	char *buf;

	json_decref(resp);
	if (text == NULL)	/* out of memory: a fixed answer, then close */
		text = strdup("{\"ok\":false,\"error\":\"out of memory\"}");
	if (text == NULL) {
		c->closing = 2;
		return;
	}
	len = strlen(text);
	if (pending + len + 1 > CTL_MAX_RESPONSE) {
		VLOG_WARN("control: client not reading its responses, dropped");
		free(text);
		c->closing = 2;		/* drop without flushing */
		return;
	}
	buf = malloc(pending + len + 1);
	if (buf == NULL) {
		free(text);
		c->closing = 2;
		return;
	}
	memcpy(buf, c->out + c->out_off, pending);
	memcpy(buf + pending, text, len);
	buf[pending + len] = '\n';
	free(text);
	free(c->out);
	c->out = buf;
	c->out_len = pending + len + 1;
	c->out_off = 0;
}

static void ctl_reply_error(struct ctl_client *c, const char *msg)
{
	ctl_reply(c, json_pack("{s:b, s:s}", "ok", 0, "error", msg));
}

/* Execute every complete line in the input buffer. */
static void ctl_run_lines(struct ctl_client *c, struct vsw *sw)
{
	while (!c->closing) {
		char *nl = memchr(c->in, '\n', c->in_len);
		size_t len = nl ? (size_t)(nl - c->in) + 1 : c->in_len;

		/* a line, newline included, may hold CTL_MAX_REQUEST bytes */
		if (len > CTL_MAX_REQUEST || (nl == NULL && len >= CTL_MAX_REQUEST)) {
			ctl_reply_error(c, "request too large (max 65536 bytes)");
			c->closing = 1;
			return;
		}
		if (nl == NULL)
			return;
		if (len > 1) {
			struct cmd_ctx ctx = { .fd = c->fd_in,
					       .token = c->token };

			ctl_reply(c, cmd_execute_ctx(sw, c->in, len - 1, &ctx));
			if (ctx.fd >= 0)	/* passed, not taken */
				close(ctx.fd);
			c->fd_in = -1;
			c->streaming |= ctx.streaming;
		}
		memmove(c->in, nl + 1, c->in_len - len);
		c->in_len -= len;
	}
}

/* Read request bytes, and a descriptor passed with them (SCM_RIGHTS). */
static void ctl_read(struct ctl_client *c, struct vsw *sw)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct iovec iov = { .iov_base = c->in + c->in_len,
			     .iov_len = sizeof(c->in) - c->in_len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cm.buf,
			      .msg_controllen = sizeof(cm.buf) };
	struct cmsghdr *h;
	ssize_t n = recvmsg(c->fd, &msg, MSG_CMSG_CLOEXEC);

	for (h = n >= 0 ? CMSG_FIRSTHDR(&msg) : NULL; h != NULL;
	     h = CMSG_NXTHDR(&msg, h)) {
		int *fds = (int *)CMSG_DATA(h);
		size_t k, nfd;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (k = 0; k < nfd; k++) {	/* keep the last one only */
			if (c->fd_in >= 0)
				close(c->fd_in);
			c->fd_in = fds[k];
		}
	}
	if (msg.msg_flags & MSG_CTRUNC)
		VLOG_WARN("control: passed descriptors truncated");
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			c->closing = 2;
		return;
	}
	if (n == 0) {		/* peer done sending */
		if (c->in_len > 0)
			ctl_reply_error(c, "incomplete request (no newline)");
		c->in_len = 0;
		c->closing = 1;
		return;
	}
	c->in_len += (size_t)n;
	c->deadline = ctl_now_ms() + CTL_IDLE_TIMEOUT_MS;
	ctl_run_lines(c, sw);
}

static void ctl_write(struct ctl_client *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off,
				 c->out_len - c->out_off, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				c->closing = 2;
			return;
		}
		c->out_off += (size_t)n;
	}
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = 0;
}

/*
 * All slots taken: close the connection that has been idle longest (no
 * partial request, nothing to send), so idle clients cannot lock out the
 * admin. Returns the freed slot, or CTL_MAX_CLIENTS if every client is busy.
 */
static unsigned int ctl_evict_idle(struct ctl *ctl)
{
	unsigned int i, best = CTL_MAX_CLIENTS;

	for (i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_client *c = &ctl->clients[i];

		if (c->closing || c->in_len > 0 || c->out_len > c->out_off ||
		    c->streaming)
			continue;
		if (best == CTL_MAX_CLIENTS ||
		    c->deadline < ctl->clients[best].deadline)
			best = i;
	}
	if (best == CTL_MAX_CLIENTS)
		return best;
	ctl_reply_error(&ctl->clients[best], "idle connection closed to serve "
			"another client");
	ctl_write(&ctl->clients[best]);
	ctl_drop(&ctl->clients[best]);
	return best;
}

static void ctl_accept(struct ctl *ctl)
{
	unsigned int i;
	int fd;

	while ((fd = accept4(ctl->fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		for (i = 0; i < CTL_MAX_CLIENTS; i++)
			if (ctl->clients[i].fd < 0)
				break;
		if (i == CTL_MAX_CLIENTS)
			i = ctl_evict_idle(ctl);
		if (i == CTL_MAX_CLIENTS) {
			static const char busy[] =
				"{\"ok\":false,\"error\":\"too many control "
				"connections\"}\n";

			if (send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL) < 0)
				VLOG_DEBUG("control: busy reply not sent");
			close(fd);
			continue;
		}
		ctl->clients[i].fd = fd;
		ctl->clients[i].fd_in = -1;
		ctl->clients[i].token = ++ctl->next_token;
		ctl->clients[i].streaming = false;
		ctl->clients[i].in_len = 0;
		ctl->clients[i].closing = 0;
		ctl->clients[i].deadline = ctl_now_ms() + CTL_IDLE_TIMEOUT_MS;
	}
}

/**
 * ctl_pollfds() - Describe what the server waits for
 * @ctl:	Server
 * @pfds:	Output, room for 1 + CTL_MAX_CLIENTS entries
 *
 * Return: number of entries written; pass them back to ctl_process()
 */
unsigned int ctl_pollfds(struct ctl *ctl, struct pollfd *pfds)
{
	unsigned int i, n = 0;

	pfds[n++] = (struct pollfd){ .fd = ctl->fd, .events = POLLIN };
	for (i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_client *c = &ctl->clients[i];
		short ev = 0;

		if (c->fd < 0)
			continue;
		if (c->out_len > c->out_off)
			ev |= POLLOUT;
		else if (!c->closing)
			ev |= POLLIN;	/* no new requests while replying */
		pfds[n++] = (struct pollfd){ .fd = c->fd, .events = ev };
	}
	return n;
}

/**
 * ctl_process() - Serve what poll() reported, enforce timeouts
 * @ctl:	Server
 * @sw:		Switch the commands act on
 * @pfds:	Entries from ctl_pollfds(), with revents filled in
 * @n:		Number of entries
 */
void ctl_process(struct ctl *ctl, struct vsw *sw, const struct pollfd *pfds,
		 unsigned int n)
{
	uint64_t now = ctl_now_ms();
	unsigned int i, k;

	for (k = 1; k < n; k++) {
		struct ctl_client *c = NULL;

		for (i = 0; i < CTL_MAX_CLIENTS; i++)
			if (ctl->clients[i].fd == pfds[k].fd)
				c = &ctl->clients[i];
		if (c == NULL)
			continue;
		if (pfds[k].revents & POLLIN)
			ctl_read(c, sw);
		else if (pfds[k].revents & (POLLERR | POLLHUP | POLLNVAL))
			c->closing = c->out_len > c->out_off ? 1 : 2;
		if (c->closing != 2 && c->out_len > c->out_off)
			ctl_write(c);
	}
	for (i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_client *c = &ctl->clients[i];

		if (c->fd < 0)
			continue;
		if (!c->closing && c->out_len == 0 && now > c->deadline &&
		    !c->streaming) {
			ctl_reply_error(c, c->in_len ? "timeout: incomplete "
					"request" : "timeout: no request");
			c->closing = 1;
			ctl_write(c);
		}
		if (c->closing == 2 ||
		    (c->closing == 1 && c->out_len == c->out_off) ||
		    (c->closing == 1 && !c->streaming &&
		     now > c->deadline + CTL_IDLE_TIMEOUT_MS)) {
			uint64_t token = c->token;
			bool streaming = c->streaming;

			ctl_drop(c);	/* (or it never read its last response) */
			if (streaming)
				capture_client_gone(sw, token);
		}
	}
	if (pfds[0].revents & POLLIN)
		ctl_accept(ctl);
}

/**
 * ctl_event() - Send an event line to a connection (capture_event_fn)
 * @arg:	Server (struct ctl *)
 * @token:	Connection
 * @event:	Event object (consumed)
 *
 * A stream's end: the connection is closed once the line is written.
 */
void ctl_event(void *arg, uint64_t token, json_t *event)
{
	struct ctl *ctl = arg;
	unsigned int i;

	for (i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_client *c = &ctl->clients[i];

		if (c->fd < 0 || c->token != token)
			continue;
		ctl_reply(c, event);
		c->streaming = false;
		c->closing = c->closing ? c->closing : 1;
		c->deadline = ctl_now_ms() + CTL_IDLE_TIMEOUT_MS;
		ctl_write(c);
		return;
	}
	json_decref(event);
}

/**
 * ctl_close() - Close every connection and remove the socket
 * @ctl:	Server
 */
void ctl_close(struct ctl *ctl)
{
	unsigned int i;

	for (i = 0; i < CTL_MAX_CLIENTS; i++)
		if (ctl->clients[i].fd >= 0)
			ctl_drop(&ctl->clients[i]);
	if (ctl->fd >= 0) {
		close(ctl->fd);
		unlink(ctl->path);
		ctl->fd = -1;
	}
}
