/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.h - validation of user-supplied names, MAC addresses and numbers.
 *
 * Shared by vswitchd (control requests, state file) and vswctl (argument
 * checks); plain C with no DPDK types so unit tests use it directly.
 */
#ifndef VSW_NAMES_H
#define VSW_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NAMES_MAX_LEN 31	/* longest network or port name */
#define NAMES_MAC_STRLEN 18	/* "xx:xx:xx:xx:xx:xx" plus NUL */
#define NAMES_ECHO_SIZE 48	/* user text echoed in error messages */
#define NAMES_IFNAME_MAX 15	/* kernel interface name (IFNAMSIZ - 1) */
#define NAMES_NETNS_MAX 63	/* network namespace name */
#define NAMES_IPV4_STRLEN 16	/* "255.255.255.255" plus NUL */

bool names_valid(const char *name);
int names_mac_parse(const char *str, uint8_t mac[6]);
void names_mac_format(const uint8_t mac[6], char buf[NAMES_MAC_STRLEN]);
int names_parse_u32(const char *str, uint32_t min, uint32_t max, uint32_t *out);
const char *names_printable(const char *in, char *out, size_t size);
bool names_ifname_valid(const char *name);
bool names_netns_valid(const char *name);
bool names_dns_name_valid(const char *s, size_t max);
int names_hexval(char c);
int names_ipv4_parse(const char *str, uint32_t *addr);
char *names_ipv4_format(uint32_t addr, char buf[NAMES_IPV4_STRLEN]);
int names_parse_cpu_list(const char *str, unsigned int *cpus, unsigned int max,
			 unsigned int *n);

#endif /* VSW_NAMES_H */
