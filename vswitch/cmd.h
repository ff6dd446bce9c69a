/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd.h - control commands: one JSON request in, one JSON response out.
 */
#ifndef VSW_CMD_H
#define VSW_CMD_H

#include <stddef.h>

#include <jansson.h>

#include "switch.h"

json_t *cmd_execute(struct vsw *sw, const char *line, size_t len);
int cmd_persist(struct vsw *sw, char *err, size_t errsize);

#endif /* VSW_CMD_H */
