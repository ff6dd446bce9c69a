/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_bpf.c - build a capture filter for the PMDs: DPDK BPF, JIT-compiled.
 *
 * The program is libpcap's, translated to eBPF over a window of the frame
 * (cap_bpf_win.c), checked by DPDK (rte_bpf_load()), JIT-compiled, and the
 * JIT's code checked against libpcap (cap_bpf_check.c: DPDK 22.11's JIT
 * can misplace jumps). The few programs the window form does not take (a
 * load that may reach past CAP_BPF_WIN bytes, a load relative to an X
 * computed from packet data) or whose JIT code fails the check run in
 * libpcap's own interpreter, bpf_filter(), on the first segment.
 *
 * DPDK's own rte_bpf_convert() is not used: its programs read through the
 * mbuf, a dozen instructions and four mbuf loads per packet load, and in
 * DPDK 22.11 (a) byte and word loads relative to X come out relative to A
 * (it takes the base from BPF_SRC(code), which is BPF_X for half-words
 * only: 'icmp[0] = 8' matches no echo request), (b) the x86 JIT crashes on
 * "jset reg, #imm" (every port filter has one), and (c) rte_pktmbuf_read()
 * wraps offset + length, so a load at X = 0xffffffff (e.g. 'ether[len - 1]'
 * on an empty frame) reads far outside the buffer. test_cap_bpf runs every
 * form against bpf_filter().
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bpf.h>
#include <rte_errno.h>

#include "cap_bpf.h"
#include "log.h"

/**
 * cap_bpf_build() - Make the PMDs' form of a compiled filter
 * @pf:		Filled in (all NULL for an empty program)
 * @prog:	libpcap's program; must outlive @pf (cbpf points into it)
 *
 * Translates @prog to the window form, loads and JIT-compiles it, and
 * checks the JIT's code against libpcap (cap_bpf_check()). A program the
 * window form does not take, DPDK refuses or its JIT gets wrong runs in
 * libpcap's interpreter instead, so a filter always runs on the PMD.
 *
 * Return: how the filter will run
 */
enum cap_bpf_kind cap_bpf_build(struct cap_bpf *pf,
				const struct bpf_program *prog)
{
	struct rte_bpf_prm prm;
	struct ebpf_insn *ins;
	struct rte_bpf_jit jit;

	pf->jit = NULL;
	pf->bpf = NULL;
	pf->cbpf = NULL;
	pf->win = false;
	if (prog == NULL || prog->bf_len == 0)
		return CAP_BPF_NONE;
	memset(&prm, 0, sizeof(prm));
	ins = cap_bpf_win_translate(prog, &prm.nb_ins);
	if (ins == NULL) {
		VLOG_INFO("capture: the filter reads past the first %d bytes "
			  "or at offsets taken from the frame; libpcap's "
			  "interpreter runs it", CAP_BPF_WIN);
		goto cbpf;
	}
	prm.ins = ins;
	prm.prog_arg.type = RTE_BPF_ARG_PTR;
	prm.prog_arg.size = sizeof(struct cap_bpf_win);
	pf->bpf = rte_bpf_load(&prm);
	free(ins);
	if (pf->bpf == NULL) {
		VLOG_WARN("capture: DPDK refused the filter (%s); libpcap's "
			  "interpreter runs it", rte_strerror(rte_errno));
		goto cbpf;
	}
	pf->win = true;
	if (rte_bpf_get_jit(pf->bpf, &jit) != 0 || jit.func == NULL)
		return CAP_BPF_EBPF;
	pf->jit = jit.func;
	if (cap_bpf_check(pf, prog))
		return CAP_BPF_JIT;
	VLOG_WARN("capture: DPDK's JIT compiled the filter wrong (it failed "
		  "the check against libpcap, see cap_bpf_check.c); libpcap's "
		  "interpreter runs it");
	cap_bpf_free(pf);
	goto cbpf;
cbpf:
	pf->cbpf = prog->bf_insns;
	return CAP_BPF_CBPF;
}

/**
 * cap_bpf_free() - Release a filter built by cap_bpf_build()
 * @pf:		Filter; left all NULL (no PMD may still run it)
 */
void cap_bpf_free(struct cap_bpf *pf)
{
	if (pf->bpf != NULL)
		rte_bpf_destroy(pf->bpf);
	pf->jit = NULL;
	pf->bpf = NULL;
	pf->cbpf = NULL;
	pf->win = false;
}

/**
 * cap_bpf_win_fill() - Fill a window from a frame in several segments
 * @w:		Window
 * @m:		Frame
 * @n:		Bytes to copy (at most the frame's length and CAP_BPF_WIN)
 */
void cap_bpf_win_fill(struct cap_bpf_win *w, const struct rte_mbuf *m,
		      uint32_t n)
{
	const void *p = rte_pktmbuf_read(m, 0, n, w->d);

	if (p != NULL && p != w->d)
		memcpy(w->d, p, n);
}

/**
 * cap_bpf_kind_name() - Name of a filter kind
 * @kind:	Kind
 *
 * Return: "none", "jit", "ebpf" or "libpcap"
 */
const char *cap_bpf_kind_name(enum cap_bpf_kind kind)
{
	switch (kind) {
	case CAP_BPF_JIT:
		return "jit";
	case CAP_BPF_EBPF:
		return "ebpf";
	case CAP_BPF_CBPF:
		return "libpcap";
	default:
		return "none";
	}
}
