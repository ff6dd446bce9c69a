/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eth_port.h - uplink port backend on a DPDK ethdev (af_packet, af_xdp, PCI).
 */
#ifndef VSW_ETH_PORT_H
#define VSW_ETH_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include "port.h"

void eth_port_init(struct rte_mempool *pool, struct rte_rcu_qsbr *qsv,
		   unsigned int n_pmds, bool pci);
uint16_t eth_port_max_mtu(void);
int eth_port_create(struct vsw_port *port, bool lenient, char *err,
		    size_t errsize);
const char *eth_port_state(const struct vsw_port *port);

#endif /* VSW_ETH_PORT_H */
