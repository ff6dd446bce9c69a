/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * csum.h - finish TCP/UDP checksums the sending kernel left for an offload.
 */
#ifndef VSW_CSUM_H
#define VSW_CSUM_H

#include <stdbool.h>

#include <rte_mbuf.h>

bool csum_complete_partial(struct rte_mbuf *m);

#endif /* VSW_CSUM_H */
