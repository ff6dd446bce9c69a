/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_bpf.h - a capture filter in the form the PMDs run it.
 *
 * libpcap compiles the expression to classic BPF; DPDK converts that to
 * eBPF (rte_bpf_convert()), checks it (rte_bpf_load()) and JIT-compiles it
 * (rte_bpf_get_jit()), so a frame costs a native call of a few dozen
 * instructions on the PMD. Programs DPDK cannot take run in libpcap's own
 * interpreter, bpf_filter(), instead. Either way frames the filter rejects
 * are never copied.
 */
#ifndef VSW_CAP_BPF_H
#define VSW_CAP_BPF_H

#include <stdbool.h>
#include <stdint.h>

#include <pcap/bpf.h>
#include <rte_bpf.h>
#include <rte_mbuf.h>

/**
 * struct cap_bpf - One capture's filter for the PMDs
 * @jit:	JIT-compiled DPDK program (argument: the mbuf), or NULL
 * @bpf:	The loaded DPDK program, or NULL (then @cbpf is set)
 * @cbpf:	libpcap's classic program for bpf_filter() where DPDK has no
 *		usable form of it (it belongs to the capture's cap_filter)
 *
 * All NULL: no filter, every frame matches.
 */
struct cap_bpf {
	uint64_t (*jit)(void *mbuf);
	struct rte_bpf *bpf;
	const struct bpf_insn *cbpf;
};

/**
 * enum cap_bpf_kind - How a filter runs on the PMDs (shown by capture list)
 * @CAP_BPF_NONE:	No filter
 * @CAP_BPF_JIT:	DPDK BPF, JIT-compiled
 * @CAP_BPF_EBPF:	DPDK BPF, interpreted (no JIT on this platform)
 * @CAP_BPF_CBPF:	libpcap's bpf_filter() interpreter
 */
enum cap_bpf_kind {
	CAP_BPF_NONE,
	CAP_BPF_JIT,
	CAP_BPF_EBPF,
	CAP_BPF_CBPF,
};

enum cap_bpf_kind cap_bpf_build(struct cap_bpf *pf,
				const struct bpf_program *prog);
void cap_bpf_free(struct cap_bpf *pf);
const char *cap_bpf_kind_name(enum cap_bpf_kind kind);

/**
 * cap_bpf_active() - Whether @pf filters at all
 * @pf:		Filter
 *
 * Return: true if frames must be run through cap_bpf_match()
 */
static inline bool cap_bpf_active(const struct cap_bpf *pf)
{
	return pf->jit != NULL || pf->bpf != NULL || pf->cbpf != NULL;
}

/**
 * cap_bpf_match() - Run a filter on one frame
 * @pf:		Filter (cap_bpf_active())
 * @m:		Frame, not modified
 *
 * bpf_filter() sees the first segment only, so loads past it fail (no
 * match); DPDK's programs read across segments.
 *
 * Return: true if the frame matches
 */
static inline bool cap_bpf_match(const struct cap_bpf *pf, struct rte_mbuf *m)
{
	if (pf->jit != NULL)
		return pf->jit(m) != 0;
	if (pf->bpf != NULL)
		return rte_bpf_exec(pf->bpf, m) != 0;
	if (pf->cbpf != NULL)
		return bpf_filter(pf->cbpf, rte_pktmbuf_mtod(m, const u_char *),
				  m->pkt_len, m->data_len) != 0;
	return true;
}

#endif /* VSW_CAP_BPF_H */
