/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_bpf_win.c - classic BPF to eBPF that reads a window of the frame.
 *
 * rte_bpf_convert()'s programs read the frame through the mbuf: each load
 * is an eBPF BPF_LD|BPF_ABS, which DPDK's JIT turns into a bounds check
 * against the first segment, four mbuf field loads and a slow-path call,
 * about a dozen x86 instructions. Capture filters read headers only, so
 * here a program gets a copy of the frame's first CAP_BPF_WIN bytes and
 * its length (struct cap_bpf_win) as a plain pointer argument, and each
 * load becomes a compare with the length and one memory load. Only
 * programs whose every load provably stays inside the window are
 * translated: absolute loads below CAP_BPF_WIN, and loads relative to an
 * X that is only ever set from the IPv4 header length (ldxb 4*([k]&0xf),
 * at most 60) or a constant. DPDK's verifier checks the result (the
 * 64-bit ALU keeps X's range visible to it); anything else is left to
 * the mbuf form (cap_bpf.c).
 *
 * Registers: A = R0, X = R7, window = R6, length = R9, scratch = R8,
 * M[] on the stack below R10. A failed bounds check jumps to a shared
 * "return 0", as cBPF's interpreter rejects a frame on a load past its end.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bpf.h>

#include "cap_bpf.h"

#define W_A	EBPF_REG_0
#define W_WIN	EBPF_REG_6
#define W_X	EBPF_REG_7
#define W_TMP	EBPF_REG_8
#define W_LEN	EBPF_REG_9
#define W_FP	EBPF_REG_10
#define W_DATA	((int16_t)offsetof(struct cap_bpf_win, d))

/* One jump of an emitted instruction, resolved once positions are known. */
enum w_target {
	W_NONE,		/* not a jump */
	W_CBPF,		/* to cBPF instruction @to */
	W_RET0,		/* to the shared "return 0" */
};

struct w_insn {
	struct ebpf_insn in;
	enum w_target kind;
	uint32_t to;
};

struct w_emit {
	struct w_insn *out;	/* NULL: only count */
	uint32_t n;
	uint32_t ret0_refs;	/* jumps to the shared "return 0" */
};

static void w_put(struct w_emit *e, struct ebpf_insn in, enum w_target kind,
		  uint32_t to)
{
	if (e->out != NULL) {
		e->out[e->n].in = in;
		e->out[e->n].kind = kind;
		e->out[e->n].to = to;
	}
	e->ret0_refs += kind == W_RET0;
	e->n++;
}

static struct ebpf_insn w_ins(uint8_t code, uint8_t dst, uint8_t src,
			      int16_t off, int32_t imm)
{
	struct ebpf_insn in = {
		.code = code, .dst_reg = dst, .src_reg = src, .off = off,
		.imm = imm,
	};

	return in;
}

static uint32_t w_size(uint16_t code)
{
	return BPF_SIZE(code) == BPF_W ? 4 : BPF_SIZE(code) == BPF_H ? 2 : 1;
}

/* R0 = the big-endian value just loaded (zero-extended) */
static void w_swap(struct w_emit *e, uint16_t code)
{
	if (BPF_SIZE(code) != BPF_B)
		w_put(e, w_ins(BPF_ALU | EBPF_END | EBPF_TO_BE, W_A, 0, 0,
			       BPF_SIZE(code) == BPF_W ? 32 : 16), W_NONE, 0);
}

/* An ALU instruction on A that eBPF's 32-bit ALU does the same way. */
static bool w_alu_ok(const struct bpf_insn *p)
{
	if (BPF_CLASS(p->code) != BPF_ALU)
		return false;
	switch (BPF_OP(p->code)) {
	case BPF_NEG:
		return p->code == (BPF_ALU | BPF_NEG);
	case BPF_DIV:
	case BPF_MOD:	/* by constant 0: libpcap never emits it */
		return BPF_SRC(p->code) == BPF_X || p->k != 0;
	case BPF_LSH:
	case BPF_RSH:	/* libpcap: a shift by 32 or more gives 0; x86: by k & 31 */
		return BPF_SRC(p->code) == BPF_K && p->k < 32;
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_OR: case BPF_AND:
	case BPF_XOR:
		return true;
	default:
		return false;
	}
}

/*
 * Whether @prog can be translated: every load inside the window, X bounded
 * where loads use it, no instruction this file does not know.
 */
static bool w_eligible(const struct bpf_program *prog, bool *uses_mem)
{
	uint64_t xmax = 0, indmax = 0;
	bool ind = false, x_free = false;
	uint32_t i;

	*uses_mem = false;
	for (i = 0; i < prog->bf_len; i++) {
		const struct bpf_insn *p = &prog->bf_insns[i];
		uint64_t end = (uint64_t)p->k + w_size(p->code);

		switch (p->code) {
		case BPF_LD | BPF_ABS | BPF_W:
		case BPF_LD | BPF_ABS | BPF_H:
		case BPF_LD | BPF_ABS | BPF_B:
			if (end > CAP_BPF_WIN)
				return false;
			break;
		case BPF_LD | BPF_IND | BPF_W:
		case BPF_LD | BPF_IND | BPF_H:
		case BPF_LD | BPF_IND | BPF_B:
			ind = true;
			if (end > indmax)
				indmax = end;
			break;
		case BPF_LDX | BPF_MSH | BPF_B:
			if ((uint64_t)p->k + 1 > CAP_BPF_WIN)
				return false;
			if (xmax < 60)
				xmax = 60;
			break;
		case BPF_LDX | BPF_IMM:
			if (p->k > xmax)
				xmax = p->k;
			break;
		case BPF_LDX | BPF_MEM:
		case BPF_LDX | BPF_W | BPF_LEN:
		case BPF_MISC | BPF_TAX:
			x_free = true;
			if (BPF_MODE(p->code) == BPF_MEM && p->k >= BPF_MEMWORDS)
				return false;
			*uses_mem |= BPF_MODE(p->code) == BPF_MEM;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (p->k >= BPF_MEMWORDS)
				return false;
			*uses_mem = true;
			break;
		case BPF_LD | BPF_IMM:
		case BPF_LD | BPF_W | BPF_LEN:
		case BPF_MISC | BPF_TXA:
		case BPF_RET | BPF_K: case BPF_RET | BPF_A: case BPF_RET | BPF_X:
			break;
		case BPF_JMP | BPF_JA:
		case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
			if (BPF_OP(p->code) == BPF_JA ?
			    (uint64_t)i + 1 + p->k >= prog->bf_len :
			    (uint64_t)i + 1 + p->jt >= prog->bf_len ||
			    (uint64_t)i + 1 + p->jf >= prog->bf_len)
				return false;
			break;
		default:
			if (!w_alu_ok(p))
				return false;
			break;
		}
	}
	return !ind || (!x_free && xmax + indmax <= CAP_BPF_WIN);
}

/* A conditional jump: taken to @t, else to @f (the next one: no JA). */
static void w_jump(struct w_emit *e, const struct bpf_insn *p, uint32_t i)
{
	uint32_t t = i + 1 + p->jt, f = i + 1 + p->jf;
	uint8_t op = BPF_OP(p->code), src = 0, srcbit = BPF_K;
	int32_t imm = (int32_t)p->k;

	if (BPF_SRC(p->code) == BPF_X) {
		src = W_X;
		srcbit = BPF_X;
		imm = 0;
	} else if (op == BPF_JSET || p->k > INT32_MAX) {
		/* DPDK 22.11's x86 JIT crashes on "jset #imm"; an immediate
		 * above INT32_MAX would be sign-extended to 64 bits */
		w_put(e, w_ins(BPF_ALU | EBPF_MOV | BPF_K, W_TMP, 0, 0, imm),
		      W_NONE, 0);
		src = W_TMP;
		srcbit = BPF_X;
		imm = 0;
	}
	if (p->jt == 0 && op != BPF_JSET) {	/* invert: one jump */
		op = op == BPF_JEQ ? EBPF_JNE : op == BPF_JGT ? EBPF_JLE :
		     EBPF_JLT;
		w_put(e, w_ins(BPF_JMP | op | srcbit, W_A, src, 0, imm), W_CBPF,
		      f);
		return;
	}
	w_put(e, w_ins(BPF_JMP | op | srcbit, W_A, src, 0, imm), W_CBPF, t);
	if (p->jf != 0)
		w_put(e, w_ins(BPF_JMP | BPF_JA, 0, 0, 0, 0), W_CBPF, f);
}

/* Emit cBPF instruction @i. */
static void w_one(struct w_emit *e, const struct bpf_insn *p, uint32_t i)
{
	int32_t end = (int32_t)(p->k + w_size(p->code));
	int16_t mem = (int16_t)(-4 * (BPF_MEMWORDS - (int32_t)(p->k & 15)));
	uint8_t sz = (uint8_t)BPF_SIZE(p->code);

	switch (p->code) {
	case BPF_LD | BPF_ABS | BPF_W:
	case BPF_LD | BPF_ABS | BPF_H:
	case BPF_LD | BPF_ABS | BPF_B:
		w_put(e, w_ins(BPF_JMP | EBPF_JLT | BPF_K, W_LEN, 0, 0, end),
		      W_RET0, 0);
		w_put(e, w_ins(BPF_LDX | BPF_MEM | sz, W_A, W_WIN,
			       (int16_t)(W_DATA + (int32_t)p->k), 0), W_NONE, 0);
		w_swap(e, p->code);
		break;
	case BPF_LD | BPF_IND | BPF_W:
	case BPF_LD | BPF_IND | BPF_H:
	case BPF_LD | BPF_IND | BPF_B:
		w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_X, W_TMP, W_X, 0, 0),
		      W_NONE, 0);
		w_put(e, w_ins(EBPF_ALU64 | BPF_ADD | BPF_K, W_TMP, 0, 0, end),
		      W_NONE, 0);
		w_put(e, w_ins(BPF_JMP | BPF_JGT | BPF_X, W_TMP, W_LEN, 0, 0),
		      W_RET0, 0);
		w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_X, W_TMP, W_WIN, 0, 0),
		      W_NONE, 0);
		w_put(e, w_ins(EBPF_ALU64 | BPF_ADD | BPF_X, W_TMP, W_X, 0, 0),
		      W_NONE, 0);
		w_put(e, w_ins(BPF_LDX | BPF_MEM | sz, W_A, W_TMP,
			       (int16_t)(W_DATA + (int32_t)p->k), 0), W_NONE, 0);
		w_swap(e, p->code);
		break;
	case BPF_LDX | BPF_MSH | BPF_B:
		w_put(e, w_ins(BPF_JMP | EBPF_JLT | BPF_K, W_LEN, 0, 0,
			       (int32_t)p->k + 1), W_RET0, 0);
		w_put(e, w_ins(BPF_LDX | BPF_MEM | BPF_B, W_X, W_WIN,
			       (int16_t)(W_DATA + (int32_t)p->k), 0), W_NONE, 0);
		w_put(e, w_ins(EBPF_ALU64 | BPF_AND | BPF_K, W_X, 0, 0, 0xf),
		      W_NONE, 0);
		w_put(e, w_ins(EBPF_ALU64 | BPF_LSH | BPF_K, W_X, 0, 0, 2),
		      W_NONE, 0);
		break;
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
		w_put(e, w_ins(BPF_ALU | EBPF_MOV | BPF_K, BPF_CLASS(p->code) ==
			       BPF_LD ? W_A : W_X, 0, 0, (int32_t)p->k),
		      W_NONE, 0);
		break;
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
		w_put(e, w_ins(BPF_LDX | BPF_MEM | BPF_W, BPF_CLASS(p->code) ==
			       BPF_LD ? W_A : W_X, W_WIN,
			       (int16_t)offsetof(struct cap_bpf_win, len), 0),
		      W_NONE, 0);
		break;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
		w_put(e, w_ins(BPF_LDX | BPF_MEM | BPF_W, BPF_CLASS(p->code) ==
			       BPF_LD ? W_A : W_X, W_FP, mem, 0), W_NONE, 0);
		break;
	case BPF_ST:
	case BPF_STX:
		w_put(e, w_ins(BPF_STX | BPF_MEM | BPF_W, W_FP, p->code == BPF_ST ?
			       W_A : W_X, mem, 0), W_NONE, 0);
		break;
	case BPF_MISC | BPF_TAX:
		w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_X, W_X, W_A, 0, 0),
		      W_NONE, 0);
		break;
	case BPF_MISC | BPF_TXA:
		w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_X, W_A, W_X, 0, 0),
		      W_NONE, 0);
		break;
	case BPF_JMP | BPF_JA:
		w_put(e, w_ins(BPF_JMP | BPF_JA, 0, 0, 0, 0), W_CBPF,
		      i + 1 + p->k);
		break;
	case BPF_RET | BPF_K:
		w_put(e, w_ins(BPF_ALU | EBPF_MOV | BPF_K, W_A, 0, 0,
			       (int32_t)p->k), W_NONE, 0);
		w_put(e, w_ins(BPF_JMP | EBPF_EXIT, 0, 0, 0, 0), W_NONE, 0);
		break;
	case BPF_RET | BPF_X:
		w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_X, W_A, W_X, 0, 0),
		      W_NONE, 0);
		/* fall through */
	case BPF_RET | BPF_A:
		w_put(e, w_ins(BPF_JMP | EBPF_EXIT, 0, 0, 0, 0), W_NONE, 0);
		break;
	default:	/* ALU and conditional jumps (w_eligible() let only them by) */
		if (BPF_CLASS(p->code) != BPF_ALU) {
			w_jump(e, p, i);
			break;
		}
		/* cBPF: division by X = 0 rejects the frame */
		if (BPF_SRC(p->code) == BPF_X && (BPF_OP(p->code) == BPF_DIV ||
						  BPF_OP(p->code) == BPF_MOD))
			w_put(e, w_ins(BPF_JMP | BPF_JEQ | BPF_K, W_X, 0, 0, 0),
			      W_RET0, 0);
		w_put(e, w_ins((uint8_t)p->code, W_A,
			       BPF_SRC(p->code) == BPF_X ? W_X : 0, 0,
			       BPF_SRC(p->code) == BPF_X ? 0 : (int32_t)p->k),
		      W_NONE, 0);
		break;
	}
}

/* Prologue: window and length in registers, A = X = 0, M[] zeroed. */
static void w_prologue(struct w_emit *e, bool uses_mem)
{
	int16_t k;

	w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_X, W_WIN, EBPF_REG_1, 0, 0),
	      W_NONE, 0);
	w_put(e, w_ins(BPF_LDX | BPF_MEM | BPF_W, W_LEN, W_WIN,
		       (int16_t)offsetof(struct cap_bpf_win, len), 0), W_NONE, 0);
	w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_K, W_A, 0, 0, 0), W_NONE, 0);
	w_put(e, w_ins(EBPF_ALU64 | EBPF_MOV | BPF_K, W_X, 0, 0, 0), W_NONE, 0);
	for (k = 0; uses_mem && k < BPF_MEMWORDS; k++)
		w_put(e, w_ins(BPF_ST | BPF_MEM | BPF_W, W_FP, 0,
			       (int16_t)(-4 * (BPF_MEMWORDS - k)), 0), W_NONE, 0);
}

/**
 * cap_bpf_win_translate() - Translate @prog to eBPF over a cap_bpf_win
 * @prog:	libpcap's program (not empty)
 * @nb:		Output: number of instructions
 *
 * Return: the program (free()), NULL if @prog is not one this file
 * translates (see the top of the file) or out of memory
 */
struct ebpf_insn *cap_bpf_win_translate(const struct bpf_program *prog,
					uint32_t *nb)
{
	struct w_emit e = { .out = NULL, .n = 0 };
	struct ebpf_insn *ins = NULL;
	uint32_t *pos = NULL, i, ret0;
	bool uses_mem;

	if (prog == NULL || prog->bf_len == 0 || !w_eligible(prog, &uses_mem))
		return NULL;
	pos = calloc(prog->bf_len, sizeof(*pos));
	if (pos == NULL)
		return NULL;
	w_prologue(&e, uses_mem);		/* pass 1: positions */
	for (i = 0; i < prog->bf_len; i++) {
		pos[i] = e.n;
		w_one(&e, &prog->bf_insns[i], i);
	}
	ret0 = e.n;
	/* DPDK refuses unreachable code: "return 0" only if jumped to */
	e.n += e.ret0_refs != 0 ? 2 : 0;
	e.out = calloc(e.n, sizeof(*e.out));
	ins = calloc(e.n, sizeof(*ins));
	if (e.out == NULL || ins == NULL || e.n > INT16_MAX)
		goto fail;
	e.n = 0;				/* pass 2: instructions */
	w_prologue(&e, uses_mem);
	for (i = 0; i < prog->bf_len; i++)
		w_one(&e, &prog->bf_insns[i], i);
	if (e.ret0_refs != 0) {
		w_put(&e, w_ins(BPF_ALU | EBPF_MOV | BPF_K, W_A, 0, 0, 0),
		      W_NONE, 0);
		w_put(&e, w_ins(BPF_JMP | EBPF_EXIT, 0, 0, 0, 0), W_NONE, 0);
	}
	for (i = 0; i < e.n; i++) {
		ins[i] = e.out[i].in;
		if (e.out[i].kind != W_NONE) {
			int64_t to = e.out[i].kind == W_RET0 ? (int64_t)ret0 :
				     (int64_t)pos[e.out[i].to];

			ins[i].off = (int16_t)(to - (int64_t)i - 1);
		}
	}
	*nb = e.n;
	free(e.out);
	free(pos);
	return ins;
fail:
	free(e.out);
	free(ins);
	free(pos);
	return NULL;
}
