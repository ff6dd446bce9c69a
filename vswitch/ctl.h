/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ctl.h - control socket server (vswctl's peer), poll-driven, non-blocking.
 */
#ifndef VSW_CTL_H
#define VSW_CTL_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "switch.h"

#define CTL_SOCKET_NAME		"vswitchd.sock"
#define CTL_MAX_CLIENTS		32
#define CTL_MAX_REQUEST		65536
#define CTL_MAX_RESPONSE	(16 * 1024 * 1024)
#define CTL_IDLE_TIMEOUT_MS	5000

/**
 * struct ctl_client - One connection
 * @fd:		Socket, -1 if the slot is free
 * @in:		Bytes of an incomplete request
 * @in_len:	Bytes in @in
 * @out:	Response bytes not yet written
 * @out_len:	Bytes in @out
 * @out_off:	Bytes of @out already written
 * @deadline:	Monotonic ms by which the next request must be complete
 * @closing:	Close once @out is written
 * @fd_in:	Descriptor passed with the request being read (SCM_RIGHTS),
 *		-1 if none; given to the next request, closed if unused
 * @token:	Identity of this connection (never reused)
 * @streaming:	A stream capture writes to this client's descriptor and
 *		reports its end here: no idle timeout, never evicted
 */
struct ctl_client {
	int fd;
	char in[CTL_MAX_REQUEST + 1];
	size_t in_len;
	char *out;
	size_t out_len;
	size_t out_off;
	uint64_t deadline;
	int closing;
	int fd_in;
	uint64_t token;
	bool streaming;
};

/**
 * struct ctl - The server
 * @fd:		Listening socket
 * @path:	Its path
 * @clients:	Connections
 * @next_token:	Token of the next connection
 */
struct ctl {
	int fd;
	char path[256];
	struct ctl_client clients[CTL_MAX_CLIENTS];
	uint64_t next_token;
};

int ctl_open(struct ctl *ctl, const char *run_dir, char *err, size_t errsize);
unsigned int ctl_pollfds(struct ctl *ctl, struct pollfd *pfds);
void ctl_process(struct ctl *ctl, struct vsw *sw, const struct pollfd *pfds,
		 unsigned int n);
void ctl_close(struct ctl *ctl);
void ctl_event(void *ctl, uint64_t token, json_t *event);

#endif /* VSW_CTL_H */
