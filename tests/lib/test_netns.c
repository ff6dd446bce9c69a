/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_netns.c - run a unit test in a private network namespace.
 *
 * Tests that create interfaces (TAP, addresses, routes) move the whole
 * process into a new network namespace first: they see only their own
 * loopback and what they create, change nothing on the host, and leave
 * nothing behind (the namespace goes away with the process).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "test_netns.h"

/**
 * test_netns_private() - unshare(CLONE_NEWNET) with a message on failure
 *
 * Return: 0, or -1 (not root: the test cannot run and must fail)
 */
int test_netns_private(void)
{
	if (unshare(CLONE_NEWNET) != 0) {
		fprintf(stderr, "unshare(CLONE_NEWNET): %s (run as root)\n",
			strerror(errno));
		return -1;
	}
	return 0;
}
