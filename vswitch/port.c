/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port.c - port type names and counter aggregation.
 */
#include <string.h>

#include "port.h"

static const char *const port_type_names[PORT_TYPE_MAX] = {
	[PORT_VHOST_USER] = "vhost-user",
	[PORT_VHOST_USER_CLIENT] = "vhost-user-client",
	[PORT_TAP] = "tap",
	[PORT_AF_PACKET] = "af_packet",
	[PORT_AF_XDP] = "af_xdp",
	[PORT_PCI] = "pci",
};

/**
 * port_type_name() - Name of a backend type
 * @t:		Type
 *
 * Return: "vhost-user", ...
 */
const char *port_type_name(enum port_type t)
{
	return (unsigned int)t < PORT_TYPE_MAX ? port_type_names[t] : "unknown";
}

/**
 * port_type_parse() - Parse a backend type name
 * @s:		Name
 * @t:		Output
 *
 * Return: 0 on success, -1 for unknown names
 */
int port_type_parse(const char *s, enum port_type *t)
{
	int i;

	for (i = 0; i < PORT_TYPE_MAX; i++) {
		if (strcmp(s, port_type_names[i]) == 0) {
			*t = (enum port_type)i;
			return 0;
		}
	}
	return -1;
}

/**
 * port_stats_sum() - Add up the per-PMD counters of a port
 * @port:	Port
 * @sum:	Output
 *
 * Context: any thread; counters are read without locks, each 64-bit value
 * atomically
 */
void port_stats_sum(const struct vsw_port *port, struct port_stats *sum)
{
	unsigned int i, r;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < VSW_MAX_PMDS; i++) {
		const struct port_stats *s = &port->stats[i];

		sum->rx_packets += __atomic_load_n(&s->rx_packets, __ATOMIC_RELAXED);
		sum->rx_bytes += __atomic_load_n(&s->rx_bytes, __ATOMIC_RELAXED);
		sum->tx_packets += __atomic_load_n(&s->tx_packets, __ATOMIC_RELAXED);
		sum->tx_bytes += __atomic_load_n(&s->tx_bytes, __ATOMIC_RELAXED);
		sum->dhcp_punts += __atomic_load_n(&s->dhcp_punts,
						   __ATOMIC_RELAXED);
		sum->rx_other_tpid += __atomic_load_n(&s->rx_other_tpid,
						      __ATOMIC_RELAXED);
		for (r = 0; r < DROP_MAX; r++)
			sum->drops[r] += __atomic_load_n(&s->drops[r],
							 __ATOMIC_RELAXED);
	}
}
