/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_netns.c - run a unit test in a private network namespace.
 *
 * Tests that create interfaces (TAP, addresses, routes) move the whole
 * process into a new network namespace first: they see only their own
 * loopback and what they create, change nothing on the host, and leave
 * nothing behind (the namespace goes away with the process). IPv6 is off
 * in it, so the kernel sends no router solicitations or MLD reports on the
 * interfaces the tests read frames from.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "test_netns.h"

/**
 * test_netns_private() - unshare(CLONE_NEWNET) with a message on failure,
 *			   then IPv6 off in the new namespace
 *
 * Return: 0, or -1 (not root: the test cannot run and must fail)
 */
int test_netns_private(void)
{
	static const char *const knobs[] = {
		"/proc/sys/net/ipv6/conf/all/disable_ipv6",
		"/proc/sys/net/ipv6/conf/default/disable_ipv6",
	};
	unsigned int i;

	if (unshare(CLONE_NEWNET) != 0) {
		fprintf(stderr, "unshare(CLONE_NEWNET): %s (run as root)\n",
			strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		int fd = open(knobs[i], O_WRONLY);	/* absent without IPv6 */

		if (fd >= 0) {
			if (write(fd, "1", 1) != 1)
				fprintf(stderr, "%s: %s\n", knobs[i],
					strerror(errno));
			close(fd);
		}
	}
	return 0;
}
