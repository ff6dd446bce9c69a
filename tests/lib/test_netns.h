/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_netns.h - run a unit test in a private network namespace.
 */
#ifndef VSW_TEST_NETNS_H
#define VSW_TEST_NETNS_H

int test_netns_private(void);

#endif /* VSW_TEST_NETNS_H */
