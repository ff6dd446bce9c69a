/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmode.h - host-only interfaces and bridged uplinks of networks.
 */
#ifndef VSW_NETMODE_H
#define VSW_NETMODE_H

#include <stddef.h>

#include "switch.h"

#define CONF_UPLINK_MAC_LIMIT	8192	/* LAN MACs learned on one uplink */

char *netmode_uplink_port_name(const char *uplink, char *buf);
int netmode_check(const struct vsw *sw, const struct net_conf *conf,
		  char *err, size_t errsize);
int netmode_attach(struct vsw *sw, struct vsw_net *net, char *err,
		   size_t errsize);
void netmode_detach(struct vsw *sw, struct vsw_net *net);
unsigned int netmode_managed_ports(const struct vsw *sw,
				   const struct vsw_net *net);
const char *netmode_port_owner(const struct vsw *sw,
			       const struct vsw_port *port, char *buf,
			       size_t size);
struct vsw_port *netmode_uplink_port(const struct vsw *sw,
				     const struct vsw_net *net);

#endif /* VSW_NETMODE_H */
