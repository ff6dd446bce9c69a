/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_dhcp.h - control commands of the DHCP server: reservations, leases.
 */
#ifndef VSW_CMD_DHCP_H
#define VSW_CMD_DHCP_H

#include <stddef.h>

#include <jansson.h>

#include "switch.h"

int cmd_dhcp_host_add(struct vsw *sw, json_t *args, json_t **result,
		      char *err, size_t errsize);
int cmd_dhcp_host_del(struct vsw *sw, json_t *args, json_t **result,
		      char *err, size_t errsize);
int cmd_dhcp_host_list(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize);
int cmd_dhcp_leases(struct vsw *sw, json_t *args, json_t **result,
		    char *err, size_t errsize);
int cmd_dhcp_lease_del(struct vsw *sw, json_t *args, json_t **result,
		       char *err, size_t errsize);

#endif /* VSW_CMD_DHCP_H */
