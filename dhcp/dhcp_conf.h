/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_conf.h - what an admin configures for a network's DHCP server.
 *
 * Plain C, no DPDK: conf.c fills it from net-add/net-set requests and the
 * state file, dhcp_server.c serves from it. All addresses in host order.
 */
#ifndef DHCP_CONF_H
#define DHCP_CONF_H

#include <stdbool.h>
#include <stdint.h>

#define DHCP_MAX_DNS		4
#define DHCP_MAX_ROUTES		8
#define DHCP_DOMAIN_MAX		63
#define DHCP_HOSTNAME_MAX	63
#define DHCP_LEASE_MIN		60		/* --lease-time bounds, seconds */
#define DHCP_LEASE_MAX		(365 * 86400)
#define DHCP_LEASE_DEFAULT	3600
#define DHCP_PORT_LEASES_DEFAULT 16		/* per-port lease cap */
#define DHCP_RANGE_MAX		65536		/* addresses in one range */

/**
 * struct dhcp_route - A classless static route (option 121)
 * @dst:	Destination network
 * @prefix:	Its prefix length, 0-32
 * @gw:		Next hop
 */
struct dhcp_route {
	uint32_t dst;
	uint8_t prefix;
	uint32_t gw;
};

/**
 * struct dhcp_conf - A network's DHCP server settings
 * @enabled:	Whether the switch answers DHCP on the network
 * @explicit_enable: Whether @enabled was given (else it follows the mode)
 * @range_first: First address handed out, 0: default
 * @range_last:	Last address handed out, 0: default
 * @server:	Server address (option 54, answers ARP), 0: default
 * @n_dns:	Number of DNS servers
 * @dns:	DNS servers (option 6)
 * @domain:	Domain name (option 15), "" if none
 * @lease_time:	Lease time, seconds
 * @n_routes:	Number of classless static routes
 * @routes:	Classless static routes (option 121)
 */
struct dhcp_conf {
	bool enabled;
	bool explicit_enable;
	uint32_t range_first;
	uint32_t range_last;
	uint32_t server;
	uint8_t n_dns;
	uint32_t dns[DHCP_MAX_DNS];
	char domain[DHCP_DOMAIN_MAX + 1];
	uint32_t lease_time;
	uint8_t n_routes;
	struct dhcp_route routes[DHCP_MAX_ROUTES];
};

#endif /* DHCP_CONF_H */
