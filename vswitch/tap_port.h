/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tap_port.h - kernel TAP port backend (host interfaces, namespace peers).
 */
#ifndef VSW_TAP_PORT_H
#define VSW_TAP_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mempool.h>

#include "port.h"

void tap_port_init(struct rte_mempool *pool);
int tap_port_create(struct vsw_port *port, uint32_t addr, uint8_t prefix,
		    bool no_forward, bool lenient, char *err, size_t errsize);

#endif /* VSW_TAP_PORT_H */
