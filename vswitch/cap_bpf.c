/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_bpf.c - build a capture filter for the PMDs: DPDK BPF, JIT-compiled.
 *
 * DPDK 22.11's rte_bpf_convert() maps cBPF's A to eBPF R0 and X to R7 and
 * emits each packet load relative to X ("ldb [x + 14]", the loads of every
 * icmp[], tcp[], udp[] and port access past an IPv4 header) as an eBPF
 * BPF_LD|BPF_IND. It takes the base register from the opcode's source bit,
 * BPF_SRC(code), which is BPF_X only for half-word loads (BPF_H happens to
 * be 0x08); byte and word loads come out relative to R0, i.e. A, and read
 * the wrong bytes ('icmp[0] = 8' matches no echo request). cBPF has no
 * other kind of indirect load, so every BPF_LD|BPF_IND of a converted
 * program is made relative to X again before the program is loaded.
 *
 * DPDK 22.11's x86 JIT also crashes on "jset reg, #imm" (the register form
 * runs right); the converter emits it for "ip[6:2] & 0x1fff != 0", every
 * tcp[tcpflags] test and every IPv4 port filter (the fragment check). Each
 * one becomes "mov32 tmp, #imm; jset reg, tmp", as the converter itself
 * does for negative immediates, with the jumps around it re-aimed. The
 * unit test runs every program against libpcap's own interpreter.
 */
#define ALLOW_EXPERIMENTAL_API	/* rte_bpf_convert(), rte_bpf_get_jit() */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include <rte_bpf.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "cap_bpf.h"
#include "log.h"

#define CAP_EBPF_REG_A		EBPF_REG_0	/* rte_bpf_convert()'s A */
#define CAP_EBPF_REG_TMP	EBPF_REG_8	/* its scratch register */

/*
 * rte_bpf_convert() starts every program with "xor A, A; xor X, X" (cBPF
 * starts with both zero): read X's register from there rather than assume
 * it. Return: the register, or -1 if the program does not start that way.
 */
static int cap_bpf_x_reg(const struct rte_bpf_prm *prm)
{
	const struct ebpf_insn *in = prm->ins;
	const uint8_t xor = EBPF_ALU64 | BPF_XOR | BPF_X;

	if (prm->nb_ins < 2 || in[0].code != xor || in[1].code != xor ||
	    in[0].dst_reg != CAP_EBPF_REG_A || in[0].src_reg != CAP_EBPF_REG_A ||
	    in[1].dst_reg != in[1].src_reg || in[1].dst_reg == CAP_EBPF_REG_A)
		return -1;
	return in[1].dst_reg;
}

static bool cap_bpf_is_jump(uint8_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != EBPF_CALL &&
	       BPF_OP(code) != EBPF_EXIT;
}

/*
 * The mended program: indirect loads relative to X, "jset #imm" through
 * the scratch register. Return: new instructions (free()), NULL on failure.
 */
static struct ebpf_insn *cap_bpf_mend(const struct rte_bpf_prm *prm, int x,
				      uint32_t *nb)
{
	const uint8_t jset_k = BPF_JMP | BPF_JSET | BPF_K;
	uint32_t i, j, n = prm->nb_ins, extra = 0;
	struct ebpf_insn *out;
	uint32_t *pos;

	for (i = 0; i < n; i++)
		extra += prm->ins[i].code == jset_k;
	out = calloc(n + extra, sizeof(*out));
	pos = calloc(n + 1, sizeof(*pos));
	if (out == NULL || pos == NULL)
		goto fail;
	for (i = 0, j = 0; i < n; i++) {	/* where each one goes */
		pos[i] = j;
		j += prm->ins[i].code == jset_k ? 2 : 1;
	}
	pos[n] = j;
	for (i = 0; i < n; i++) {
		struct ebpf_insn in = prm->ins[i];
		uint32_t at = pos[i];
		int64_t target;

		if (BPF_CLASS(in.code) == BPF_LD && BPF_MODE(in.code) == BPF_IND)
			in.src_reg = (uint8_t)x;
		if (in.code == jset_k) {
			out[at].code = BPF_ALU | EBPF_MOV | BPF_K;
			out[at].dst_reg = CAP_EBPF_REG_TMP;
			out[at].imm = in.imm;
			at++;
			in.code = BPF_JMP | BPF_JSET | BPF_X;
			in.src_reg = CAP_EBPF_REG_TMP;
			in.imm = 0;
		}
		if (cap_bpf_is_jump(in.code)) {
			target = (int64_t)i + 1 + in.off;
			if (target < 0 || target > (int64_t)n)
				goto fail;
			in.off = (int16_t)((int64_t)pos[target] - at - 1);
		}
		out[at] = in;
	}
	free(pos);
	*nb = n + extra;
	return out;
fail:
	free(out);
	free(pos);
	return NULL;
}

/**
 * cap_bpf_build() - Make the PMDs' form of a compiled filter
 * @pf:		Filled in (all NULL for an empty program)
 * @prog:	libpcap's program; must outlive @pf (cbpf points into it)
 *
 * Converts @prog to DPDK BPF, mends what DPDK 22.11 gets wrong (see the
 * top of the file), loads and JIT-compiles it. A program DPDK cannot convert or load runs in libpcap's
 * interpreter instead (logged), so a filter always runs on the PMD.
 *
 * Return: how the filter will run
 */
enum cap_bpf_kind cap_bpf_build(struct cap_bpf *pf,
				const struct bpf_program *prog)
{
	struct rte_bpf_prm *prm, mended;
	struct ebpf_insn *ins;
	struct rte_bpf_jit jit;
	int x;

	pf->jit = NULL;
	pf->bpf = NULL;
	pf->cbpf = NULL;
	if (prog == NULL || prog->bf_len == 0)
		return CAP_BPF_NONE;
	prm = rte_bpf_convert(prog);
	if (prm == NULL) {
		VLOG_WARN("capture: DPDK cannot convert the filter (%s); "
			  "libpcap's interpreter runs it",
			  rte_strerror(rte_errno));
		goto cbpf;
	}
	x = cap_bpf_x_reg(prm);
	if (x < 0) {
		VLOG_WARN("capture: unexpected DPDK BPF conversion; libpcap's "
			  "interpreter runs the filter");
		rte_free(prm);
		goto cbpf;
	}
	mended = *prm;
	ins = cap_bpf_mend(prm, x, &mended.nb_ins);
	rte_free(prm);
	if (ins == NULL) {
		VLOG_WARN("capture: out of memory for the PMD filter; libpcap's "
			  "interpreter runs it");
		goto cbpf;
	}
	mended.ins = ins;
	pf->bpf = rte_bpf_load(&mended);
	free(ins);
	if (pf->bpf == NULL) {
		VLOG_WARN("capture: DPDK cannot load the filter (%s); "
			  "libpcap's interpreter runs it",
			  rte_strerror(rte_errno));
		goto cbpf;
	}
	if (rte_bpf_get_jit(pf->bpf, &jit) == 0 && jit.func != NULL) {
		pf->jit = jit.func;
		return CAP_BPF_JIT;
	}
	return CAP_BPF_EBPF;
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
