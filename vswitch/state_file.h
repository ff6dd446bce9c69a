/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state_file.h - crash-safe JSON files: atomic write, strict read.
 */
#ifndef VSW_STATE_FILE_H
#define VSW_STATE_FILE_H

#include <stddef.h>

#include <jansson.h>

#define STATE_FILE_NAME		"state.json"
#define STATE_VERSION		1
#define STATE_MAX_SIZE		(16 * 1024 * 1024)

int state_file_write(const char *dir, const char *name, const char *data,
		     size_t size, char *err, size_t errsize);
int state_file_read(const char *dir, const char *name, json_t **out,
		    char *err, size_t errsize);
int state_file_validate(json_t *root, char *err, size_t errsize);

#endif /* VSW_STATE_FILE_H */
