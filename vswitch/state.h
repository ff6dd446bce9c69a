/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state.h - persist the switch configuration and restore it at start.
 */
#ifndef VSW_STATE_H
#define VSW_STATE_H

#include <stddef.h>

#include <jansson.h>

#include "switch.h"

json_t *state_build(const struct vsw *sw);
int state_save(const struct vsw *sw, char *err, size_t errsize);
int state_restore(struct vsw *sw, json_t *root, char *err, size_t errsize);

#endif /* VSW_STATE_H */
