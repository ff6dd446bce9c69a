/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl_conn.h - vswctl's side of the control socket: one request, one reply
 * (and, for stream captures, the lines that follow it).
 *
 * vswctl.c builds the request with vswctl_req.c, sends it here and hands the
 * decoded result to vswctl_fmt.c.
 */
#ifndef VSWCTL_CONN_H
#define VSWCTL_CONN_H

#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#define VSWCTL_CONN_SOCK	"vswitchd.sock"	/* socket name in the run dir */
#define VSWCTL_CONN_REQ_MAX	65536		/* request line, newline included */
#define VSWCTL_CONN_RESP_MAX	(16u << 20)	/* response line, newline included */
#define VSWCTL_CONN_DAEMON_ERR	1		/* parse_response(): {"ok": false} */

/**
 * struct vswctl_conn - A connection kept open after its response
 * @fd:		Socket, -1 once closed
 * @buf:	Bytes received past the lines handed out
 * @len:	Bytes in @buf
 * @cap:	Size of @buf
 */
struct vswctl_conn {
	int fd;
	char *buf;
	size_t len;
	size_t cap;
};

int vswctl_conn_sock_path(const char *run_dir, char *buf, size_t size);
int vswctl_conn_request_fd(const char *sock_path, json_t *req, int pass_fd, int timeout_ms,
			   struct vswctl_conn *conn, char **resp, size_t *resp_size,
			   char *err, size_t errsize);
int vswctl_conn_read_line(struct vswctl_conn *conn, int timeout_ms,
			  const sigset_t *sigmask, char **line, size_t *size,
			  char *err, size_t errsize);
void vswctl_conn_close(struct vswctl_conn *conn);
int vswctl_conn_request(const char *sock_path, json_t *req, int timeout_ms,
			char **resp, size_t *resp_size, char *err, size_t errsize);
int vswctl_conn_parse_response(const char *buf, size_t size, json_t **result,
			       char *err, size_t errsize);

#endif /* VSWCTL_CONN_H */
