/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost_port.h - vhost-user port backend on DPDK's rte_vhost.
 */
#ifndef VSW_VHOST_PORT_H
#define VSW_VHOST_PORT_H

#include <stddef.h>

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include "port.h"

int vhost_port_init(struct rte_mempool *pool, struct rte_rcu_qsbr *qsv);
int vhost_port_create(struct vsw_port *port, char *err, size_t errsize);
int vhost_port_check_path(const char *path, bool server, char *err,
			  size_t errsize);

#endif /* VSW_VHOST_PORT_H */
