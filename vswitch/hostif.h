/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostif.h - host network interfaces through rtnetlink (libnl-route-3).
 *
 * Everything vswitchd changes on the host's network configuration goes
 * through here: link flags, MTU, MAC, IPv4 address, per-interface IPv4
 * forwarding, and looking at links and routes. Operations may target a
 * named network namespace (ip netns, /var/run/netns/NAME). Plain C with no
 * DPDK types; control thread only (not thread-safe).
 */
#ifndef VSW_HOSTIF_H
#define VSW_HOSTIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HOSTIF_NAME_MAX		15	/* IFNAMSIZ - 1 */
#define HOSTIF_NETNS_DIR	"/var/run/netns"

/**
 * struct hostif_conf - What to apply to an interface
 * @mtu:	MTU, 0 to leave it
 * @mac:	MAC address, NULL to leave it
 * @addr:	IPv4 address (host order), with @prefix; 0 for none
 * @prefix:	Prefix length of @addr
 * @up:		Set the link up
 * @no_forward:	Turn IPv4 forwarding off for frames arriving on it
 */
struct hostif_conf {
	uint16_t mtu;
	const uint8_t *mac;
	uint32_t addr;
	uint8_t prefix;
	bool up;
	bool no_forward;
};

/**
 * struct hostif_link - What a link looks like now
 * @exists:	Whether an interface with the name exists
 * @ifindex:	Its index
 * @up:		Administratively up (IFF_UP)
 * @running:	Operationally up (IFF_RUNNING: carrier)
 * @mtu:	MTU
 * @forwarding:	IPv4 forwarding of frames arriving on it is on
 */
struct hostif_link {
	bool exists;
	int ifindex;
	bool up;
	bool running;
	unsigned int mtu;
	bool forwarding;
};

int hostif_netns_enter(const char *ns, int *saved, char *err, size_t errsize);
void hostif_netns_leave(int saved);
int hostif_get(const char *ns, const char *name, struct hostif_link *link,
	       char *err, size_t errsize);
int hostif_apply(const char *ns, const char *name,
		 const struct hostif_conf *conf, char *err, size_t errsize);
int hostif_route_overlap(uint32_t addr, uint8_t prefix, char *desc,
			 size_t size);

struct nl_sock;
struct nl_sock *hostif_monitor_open(void);
int hostif_monitor_fd(struct nl_sock *sk);
bool hostif_monitor_drain(struct nl_sock *sk);
void hostif_monitor_close(struct nl_sock *sk);

#endif /* VSW_HOSTIF_H */
