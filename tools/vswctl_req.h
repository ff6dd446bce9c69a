/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl_req.h - turn vswctl command lines into control requests.
 *
 * vswctl.c calls this before it connects; nothing here touches the socket,
 * so every usage error is found before a byte is sent (docs/CONTROL.md).
 */
#ifndef VSWCTL_REQ_H
#define VSWCTL_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define VSWCTL_REQ_HELP 1	/* vswctl_req_build(): "--help" after the command */

int vswctl_req_build(int argc, char *const argv[], json_t **req, bool *json,
		     char *err, size_t errsize);
bool vswctl_req_known(const char *cmd);
int vswctl_req_cmd_usage(FILE *out, const char *cmd);
void vswctl_req_usage(FILE *out);
int vswctl_req_capture_file(const char *path, int *fd, bool *created, char *err,
			    size_t errsize);

#endif /* VSWCTL_REQ_H */
