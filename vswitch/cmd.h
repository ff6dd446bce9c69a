/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd.h - control commands: one JSON request in, one JSON response out.
 */
#ifndef VSW_CMD_H
#define VSW_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "switch.h"

/**
 * struct cmd_ctx - The connection a request came on
 * @fd:		Descriptor passed with the request, -1 if none; a command that
 *		keeps it sets this to -1
 * @token:	Connection identity
 * @streaming:	Set by a command that keeps the connection for a stream
 */
struct cmd_ctx {
	int fd;
	uint64_t token;
	bool streaming;
};

json_t *cmd_execute(struct vsw *sw, const char *line, size_t len);
json_t *cmd_execute_ctx(struct vsw *sw, const char *line, size_t len,
			struct cmd_ctx *ctx);
int cmd_persist(struct vsw *sw, char *err, size_t errsize);

#endif /* VSW_CMD_H */
