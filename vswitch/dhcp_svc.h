/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dhcp_svc.h - the DHCP service thread: the switch's side of dhcp/.
 *
 * PMDs hand DHCP client frames and ARP requests for a server address to
 * this thread through one rte_ring (sw->dhcp_rx, multi-producer) and never
 * wait for it; it answers through another (sw->dhcp_tx), which any PMD
 * drains and sends like a switched frame. Leases are persisted to
 * STATE_DIR/leases.json (atomically) before a reply that depends on them is
 * sent. The control thread configures servers and reads leases through
 * the functions below, under the service's lock.
 */
#ifndef VSW_DHCP_SVC_H
#define VSW_DHCP_SVC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "dhcp_lease.h"
#include "switch.h"

#define DHCP_SVC_LEASE_FILE	"leases.json"
#define DHCP_SVC_RING_SIZE	1024
#define DHCP_SVC_RATE		20	/* messages per second per port */
#define DHCP_SVC_BURST		40	/* bucket depth */

int dhcp_svc_init(struct vsw *sw, char *err, size_t errsize);
int dhcp_svc_load(struct vsw *sw, char *err, size_t errsize);
int dhcp_svc_start(struct vsw *sw, char *err, size_t errsize);
void dhcp_svc_stop(struct vsw *sw);

int dhcp_svc_net_add(struct vsw *sw, const struct vsw_net *net, char *err,
		     size_t errsize);
void dhcp_svc_net_del(struct vsw *sw, const struct vsw_net *net);
int dhcp_svc_net_update(struct vsw *sw, const struct vsw_net *net,
			char *err, size_t errsize);
uint32_t dhcp_svc_server_ip(const struct vsw *sw, uint16_t net_id);
void dhcp_svc_server_mac(const char *net_name, uint8_t mac[6]);

void dhcp_svc_port_set(struct vsw *sw, const struct vsw_port *port);
void dhcp_svc_port_clear(struct vsw *sw, uint16_t port_id);

int dhcp_svc_host_add(struct vsw *sw, const struct vsw_net *net,
		      const struct dhcp_host *h, char *err, size_t errsize);
int dhcp_svc_host_del(struct vsw *sw, const struct vsw_net *net,
		      const uint8_t mac[6], struct dhcp_host *old, char *err,
		      size_t errsize);
json_t *dhcp_svc_hosts_json(struct vsw *sw, const struct vsw_net *net,
			    bool for_state);
json_t *dhcp_svc_leases_json(struct vsw *sw, const struct vsw_net *net);
int dhcp_svc_lease_del(struct vsw *sw, const struct vsw_net *net,
		       uint32_t ip, char *err, size_t errsize);
json_t *dhcp_svc_net_json(struct vsw *sw, const struct vsw_net *net);

#endif /* VSW_DHCP_SVC_H */
