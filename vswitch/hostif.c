/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostif.c - host network interfaces through rtnetlink (libnl-route-3).
 *
 * Each call opens a route netlink socket in the namespace it targets (a
 * socket belongs to the namespace it was created in), does its requests
 * and closes it: calls are rare (configuration changes, a once-a-second
 * link check per uplink), so nothing is cached between them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/ip.h>
#include <net/if.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet.h>
#include <netlink/route/route.h>

#include "hostif.h"
#include "names.h"

/**
 * hostif_netns_enter() - Move the calling thread into a named namespace
 * @ns:		Namespace name, NULL or "" for none (nothing is done)
 * @saved:	Output: fd of the namespace to return to, -1 if none
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Sockets and TAP devices opened until hostif_netns_leave() belong to @ns.
 *
 * Return: 0, or -errno (the thread stays where it was)
 */
int hostif_netns_enter(const char *ns, int *saved, char *err, size_t errsize)
{
	char path[PATH_MAX];
	int fd, ret;

	*saved = -1;
	if (ns == NULL || ns[0] == '\0')
		return 0;
	if (!names_netns_valid(ns)) {
		snprintf(err, errsize, "invalid network namespace name");
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", HOSTIF_NETNS_DIR, ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errsize, "network namespace '%s': %s (create it "
			 "with 'ip netns add %s')", ns, strerror(errno), ns);
		return ret;
	}
	*saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*saved < 0 || setns(fd, CLONE_NEWNET) != 0) {
		ret = -errno;
		snprintf(err, errsize, "cannot enter network namespace '%s': %s",
			 ns, strerror(errno));
		if (*saved >= 0)
			close(*saved);
		*saved = -1;
		close(fd);
		return ret;
	}
	close(fd);
	return 0;
}

/**
 * hostif_netns_leave() - Return to the namespace hostif_netns_enter() left
 * @saved:	What hostif_netns_enter() returned in *saved
 */
void hostif_netns_leave(int saved)
{
	if (saved < 0)
		return;
	if (setns(saved, CLONE_NEWNET) != 0)
		abort();	/* a control thread in the wrong namespace */
	close(saved);
}

/* A route netlink socket in @ns. */
static struct nl_sock *hostif_sock(const char *ns, char *err, size_t errsize)
{
	struct nl_sock *sk;
	int saved, ret;

	if (hostif_netns_enter(ns, &saved, err, errsize) != 0)
		return NULL;
	sk = nl_socket_alloc();
	if (sk == NULL) {
		snprintf(err, errsize, "out of memory");
	} else if ((ret = nl_connect(sk, NETLINK_ROUTE)) < 0) {
		snprintf(err, errsize, "rtnetlink: %s", nl_geterror(ret));
		nl_socket_free(sk);
		sk = NULL;
	}
	hostif_netns_leave(saved);
	return sk;
}

/**
 * hostif_get() - Look at an interface
 * @ns:		Namespace, NULL for the daemon's
 * @name:	Interface name
 * @link:	Output (link->exists false if there is no such interface)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 (whether or not it exists), -errno if netlink failed
 */
int hostif_get(const char *ns, const char *name, struct hostif_link *link,
	       char *err, size_t errsize)
{
	struct rtnl_link *l = NULL;
	struct nl_sock *sk;
	int ret;

	memset(link, 0, sizeof(*link));
	sk = hostif_sock(ns, err, errsize);
	if (sk == NULL)
		return -EIO;
	ret = rtnl_link_get_kernel(sk, 0, name, &l);
	if (ret == 0) {
		unsigned int flags = rtnl_link_get_flags(l);
		uint32_t fwd = 0;

		link->exists = true;
		link->ifindex = rtnl_link_get_ifindex(l);
		link->up = flags & IFF_UP;
		link->running = flags & IFF_RUNNING;
		link->mtu = rtnl_link_get_mtu(l);
		if (rtnl_link_inet_get_conf(l, IPV4_DEVCONF_FORWARDING, &fwd) == 0)
			link->forwarding = fwd != 0;
		rtnl_link_put(l);
	} else if (ret == -NLE_OBJ_NOTFOUND || ret == -NLE_NODEV) {
		ret = 0;
	} else {
		snprintf(err, errsize, "interface %s: %s", name, nl_geterror(ret));
		ret = -EIO;
	}
	nl_socket_free(sk);
	return ret;
}

/* Add @addr/@prefix to @ifindex (replacing an equal one). */
static int hostif_add_addr(struct nl_sock *sk, int ifindex, uint32_t addr,
			   uint8_t prefix)
{
	uint32_t be = htonl(addr), bcast;
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local = nl_addr_build(AF_INET, &be, 4);
	struct nl_addr *brd;
	int ret;

	bcast = htonl(addr | (prefix < 32 ? 0xffffffffu >> prefix : 0));
	brd = nl_addr_build(AF_INET, &bcast, 4);
	if (a == NULL || local == NULL || brd == NULL) {
		ret = -NLE_NOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(local, prefix);
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_local(a, local);
	rtnl_addr_set_broadcast(a, brd);
	ret = rtnl_addr_add(sk, a, NLM_F_REPLACE);
out:
	nl_addr_put(local);
	nl_addr_put(brd);
	rtnl_addr_put(a);
	return ret;
}

/**
 * hostif_apply() - Configure an interface
 * @ns:		Namespace, NULL for the daemon's
 * @name:	Interface name
 * @conf:	What to set
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0, or -errno with a message
 */
int hostif_apply(const char *ns, const char *name,
		 const struct hostif_conf *conf, char *err, size_t errsize)
{
	struct rtnl_link *orig = NULL, *chg = NULL;
	struct nl_addr *mac = NULL;
	struct nl_sock *sk;
	int ret;

	sk = hostif_sock(ns, err, errsize);
	if (sk == NULL)
		return -EIO;
	ret = rtnl_link_get_kernel(sk, 0, name, &orig);
	if (ret < 0) {
		snprintf(err, errsize, "interface %s: %s", name, nl_geterror(ret));
		goto out;
	}
	chg = rtnl_link_alloc();
	if (chg == NULL) {
		ret = -NLE_NOMEM;
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	if (conf->mtu != 0)
		rtnl_link_set_mtu(chg, conf->mtu);
	if (conf->mac != NULL) {
		mac = nl_addr_build(AF_LLC, conf->mac, 6);
		if (mac != NULL)
			rtnl_link_set_addr(chg, mac);
	}
	if (conf->up)
		rtnl_link_set_flags(chg, IFF_UP);
	if (conf->no_forward &&
	    (ret = rtnl_link_inet_set_conf(chg, IPV4_DEVCONF_FORWARDING, 0)) < 0) {
		snprintf(err, errsize, "interface %s: forwarding: %s", name,
			 nl_geterror(ret));
		goto out;
	}
	ret = rtnl_link_change(sk, orig, chg, 0);
	if (ret < 0) {
		snprintf(err, errsize, "cannot configure interface %s: %s",
			 name, nl_geterror(ret));
		goto out;
	}
	if (conf->addr != 0) {
		ret = hostif_add_addr(sk, rtnl_link_get_ifindex(orig), conf->addr,
				      conf->prefix);
		if (ret < 0)
			snprintf(err, errsize, "cannot add address to %s: %s",
				 name, nl_geterror(ret));
	}
out:
	nl_addr_put(mac);
	rtnl_link_put(chg);
	rtnl_link_put(orig);
	nl_socket_free(sk);
	return ret < 0 ? -EIO : 0;
}

/**
 * hostif_route_overlap() - Whether a subnet overlaps a host route
 * @addr:	Network address (host order)
 * @prefix:	Prefix length
 * @desc:	Output: the first overlapping route ("10.0.0.0/8 dev eth0")
 * @size:	Size of @desc
 *
 * Looks at unicast routes of the main table in the daemon's namespace,
 * default routes excepted (every subnet "overlaps" them).
 *
 * Return: 1 if one overlaps, 0 if none, -errno if netlink failed
 */
int hostif_route_overlap(uint32_t addr, uint8_t prefix, char *desc,
			 size_t size)
{
	struct nl_cache *cache = NULL;
	struct nl_object *obj;
	struct nl_sock *sk;
	int found = 0;

	sk = hostif_sock(NULL, desc, size);
	if (sk == NULL)
		return -EIO;
	if (rtnl_route_alloc_cache(sk, AF_INET, 0, &cache) < 0) {
		nl_socket_free(sk);
		snprintf(desc, size, "cannot read the routing table");
		return -EIO;
	}
	for (obj = nl_cache_get_first(cache); obj != NULL && !found;
	     obj = nl_cache_get_next(obj)) {
		struct rtnl_route *r = (struct rtnl_route *)obj;
		struct nl_addr *dst = rtnl_route_get_dst(r);
		unsigned int plen, p;
		uint32_t net = 0, mask;
		char ifname[IF_NAMESIZE] = "?", buf[INET_ADDRSTRLEN];
		struct rtnl_nexthop *nh;

		if (rtnl_route_get_table(r) != RT_TABLE_MAIN ||
		    rtnl_route_get_type(r) != RTN_UNICAST || dst == NULL ||
		    nl_addr_get_family(dst) != AF_INET)
			continue;
		plen = nl_addr_get_prefixlen(dst);
		if (plen == 0)
			continue;
		memcpy(&net, nl_addr_get_binary_addr(dst), 4);
		net = ntohl(net);
		p = plen < prefix ? plen : prefix;
		mask = p ? 0xffffffffu << (32 - p) : 0;
		if (((net ^ addr) & mask) != 0)
			continue;
		nh = rtnl_route_nexthop_n(r, 0);
		if (nh != NULL)
			if_indextoname((unsigned int)rtnl_route_nh_get_ifindex(nh),
				       ifname);
		net = htonl(net);
		inet_ntop(AF_INET, &net, buf, sizeof(buf));
		snprintf(desc, size, "%s/%u dev %s", buf, plen, ifname);
		found = 1;
	}
	nl_cache_free(cache);
	nl_socket_free(sk);
	return found;
}

/**
 * hostif_monitor_open() - Subscribe to link and IPv4 netconf changes
 *
 * The control thread polls the returned socket's fd; when it is readable,
 * something changed (an interface appeared, vanished, went down, or its
 * forwarding setting changed) and the ports' poll runs at once instead of
 * at the next second.
 *
 * Return: socket, NULL if it cannot be opened (the once-a-second poll
 * still runs)
 */
struct nl_sock *hostif_monitor_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (sk == NULL)
		return NULL;
	nl_socket_disable_seq_check(sk);
	if (nl_connect(sk, NETLINK_ROUTE) < 0 ||
	    nl_socket_add_memberships(sk, RTNLGRP_LINK, RTNLGRP_IPV4_NETCONF,
				      0) < 0 ||
	    nl_socket_set_nonblocking(sk) < 0) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

/**
 * hostif_monitor_fd() - File descriptor to poll for changes
 * @sk:		Monitor socket
 *
 * Return: fd
 */
int hostif_monitor_fd(struct nl_sock *sk)
{
	return nl_socket_get_fd(sk);
}

/**
 * hostif_monitor_drain() - Read and discard pending notifications
 * @sk:		Monitor socket
 *
 * Return: true if there was at least one
 */
bool hostif_monitor_drain(struct nl_sock *sk)
{
	struct sockaddr_nl nla;
	unsigned char *buf;
	bool any = false;
	int i;

	for (i = 0; i < 64; i++) {	/* bounded: the loop comes back */
		buf = NULL;
		if (nl_recv(sk, &nla, &buf, NULL) <= 0) {
			free(buf);
			break;
		}
		free(buf);
		any = true;
	}
	return any;
}

/**
 * hostif_monitor_close() - Close the monitor socket
 * @sk:		Monitor socket, or NULL
 */
void hostif_monitor_close(struct nl_sock *sk)
{
	if (sk != NULL)
		nl_socket_free(sk);
}
