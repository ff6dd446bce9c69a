/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_bpf.h - a capture filter in the form the PMDs run it.
 *
 * libpcap compiles the expression to classic BPF. Programs that read
 * headers only (nearly all) are translated to eBPF over a copy of the
 * frame's first CAP_BPF_WIN bytes (cap_bpf_win.c), checked by DPDK
 * (rte_bpf_load()) and JIT-compiled (rte_bpf_get_jit()), so a frame costs
 * a copy of one or two cache lines and a native call of a few dozen instructions
 * on the PMD. The others run in libpcap's own interpreter, bpf_filter().
 * Either way frames the filter rejects are never copied.
 */
#ifndef VSW_CAP_BPF_H
#define VSW_CAP_BPF_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <pcap/bpf.h>
#include <rte_bpf.h>
#include <rte_mbuf.h>

/**
 * struct cap_bpf - One capture's filter for the PMDs
 * @jit:	JIT-compiled DPDK program, or NULL
 * @bpf:	The loaded DPDK program, or NULL (then @cbpf is set)
 * @cbpf:	libpcap's classic program for bpf_filter() where DPDK has no
 *		usable form of it (it belongs to the capture's cap_filter)
 *
 * All NULL: no filter, every frame matches.
 */
struct cap_bpf {
	uint64_t (*jit)(void *arg);
	struct rte_bpf *bpf;
	const struct bpf_insn *cbpf;
	bool win;
};

#define CAP_BPF_WIN	128	/* bytes of the frame a window program sees */

/**
 * struct cap_bpf_win - What a window program reads
 * @len:	The frame's length (cBPF's "len", and the bound of its loads)
 * @pad:	Unused
 * @d:		The frame's first min(@len, CAP_BPF_WIN) bytes (the rest is
 *		never read)
 */
struct cap_bpf_win {
	uint32_t len;
	uint32_t pad;
	uint8_t d[CAP_BPF_WIN];
};

/**
 * enum cap_bpf_kind - How a filter runs on the PMDs (shown by capture list)
 * @CAP_BPF_NONE:	No filter
 * @CAP_BPF_JIT:	DPDK BPF over the window, JIT-compiled
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
struct ebpf_insn *cap_bpf_win_translate(const struct bpf_program *prog,
					uint32_t *nb);
void cap_bpf_win_fill(struct cap_bpf_win *w, const struct rte_mbuf *m,
		      uint32_t n);
bool cap_bpf_check(const struct cap_bpf *pf, const struct bpf_program *prog);

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
	if (pf->win) {
		struct cap_bpf_win w;
		uint32_t n = RTE_MIN(m->pkt_len, (uint32_t)CAP_BPF_WIN);

		w.len = m->pkt_len;
		/*
		 * Constant-size copies from the first segment's buffer: its
		 * first 64 bytes, and the next 64 only if the frame reaches
		 * into them (a 64-byte frame must not pull in a cache line it
		 * does not use). Bytes past the frame are never read.
		 */
		if (likely(m->data_len >= n && (uint32_t)m->buf_len -
			   m->data_off >= CAP_BPF_WIN)) {
			const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);

			memcpy(w.d, p, CAP_BPF_WIN / 2);
			if (n > CAP_BPF_WIN / 2)
				memcpy(w.d + CAP_BPF_WIN / 2,
				       p + CAP_BPF_WIN / 2, CAP_BPF_WIN / 2);
		} else {
			cap_bpf_win_fill(&w, m, n);
		}
		return (pf->jit != NULL ? pf->jit(&w) :
			rte_bpf_exec(pf->bpf, &w)) != 0;
	}
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
