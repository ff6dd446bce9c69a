/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswctl_fmt.h - print vswitchd results for people (tables, key: value).
 *
 * vswctl.c passes the decoded "result" object of each command here; with
 * --json it prints the object itself through vswctl_fmt_json().
 */
#ifndef VSWCTL_FMT_H
#define VSWCTL_FMT_H

#include <stdio.h>

#include <jansson.h>

int vswctl_fmt_result(FILE *out, const char *cmd, json_t *result);
int vswctl_fmt_json(FILE *out, json_t *result);
int vswctl_fmt_status(FILE *out, json_t *result);
int vswctl_fmt_net_list(FILE *out, json_t *result);
int vswctl_fmt_net_show(FILE *out, json_t *result);
int vswctl_fmt_port_list(FILE *out, json_t *result);
int vswctl_fmt_port_show(FILE *out, json_t *result);
int vswctl_fmt_fdb_show(FILE *out, json_t *result);
int vswctl_fmt_stats(FILE *out, json_t *result);
int vswctl_fmt_dhcp_leases(FILE *out, json_t *result);
int vswctl_fmt_dhcp_hosts(FILE *out, json_t *result);
int vswctl_fmt_capture_list(FILE *out, json_t *result);
int vswctl_fmt_capture_start(FILE *out, json_t *result);
int vswctl_fmt_capture(FILE *out, json_t *result);

#endif /* VSWCTL_FMT_H */
