/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_bpf_check.c - check a JIT-compiled capture filter before the PMDs
 * run it.
 *
 * DPDK 22.11's x86 JIT sizes jumps in dry passes and stops when the total
 * code size repeats; a jump that became short in one pass can become long
 * again in the next, so the total can repeat while offsets still move, and
 * the final code then has jumps that land a few bytes off: inside another
 * instruction (found by fuzz_cap_bpf: a filter that crashed on every
 * non-IPv4 frame). The JIT's output cannot be inspected through its API,
 * so it is run, in a child process (a crash or a runaway jump there costs
 * nothing), on probe frames and compared with libpcap's bpf_filter() on
 * each. The probes are a set of common frames (IPv4 UDP/TCP/ICMP, with
 * options, fragments, IPv6, 802.1Q, ARP, other EtherTypes), each also with
 * every constant the program compares a loaded field with written at that
 * field, so both sides of most of its branches run, and each cut to
 * several lengths. A program that fails runs in libpcap's interpreter.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cap_bpf.h"

#define PROBE_BASES	12
#define PROBE_CUTS	7
#define PROBE_TIME_S	5

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Base frame @i (0 <= i < PROBE_BASES) into @d; returns its length. */
static uint32_t probe_base(unsigned int i, uint8_t *d)
{
	static const uint8_t l4[] = { 6, 17, 1, 47, 17, 6, 17, 58, 17, 6 };
	uint32_t o = 14, ihl = 20;

	memset(d, 0, CAP_BPF_WIN);
	memset(d, 0xff, 6);
	d[6] = 0x02, d[11] = 0x01;
	if (i == 10) {				/* ARP request */
		put16(d + 12, 0x0806);
		put16(d + 14, 1), put16(d + 16, 0x0800);
		d[18] = 6, d[19] = 4, put16(d + 20, 1);
		return 60;
	}
	if (i == 11) {				/* some other EtherType */
		put16(d + 12, 0x88cc);
		return 60;
	}
	if (i == 8 || i == 9) {			/* 802.1Q */
		put16(d + 12, 0x8100);
		put16(d + 14, 100);
		o = 18;
	}
	if (i == 6 || i == 7) {			/* IPv6 */
		put16(d + o - 2, 0x86dd);
		d[o] = 0x60;
		d[o + 6] = l4[i];
		d[o + 7] = 64;
		put16(d + o + 40, 1024), put16(d + o + 42, 80);
		return 110;
	}
	put16(d + o - 2, 0x0800);
	if (i == 4)				/* options */
		ihl = 24;
	d[o] = (uint8_t)(0x40 | ihl / 4);
	put16(d + o + 2, 100);
	if (i == 5)				/* a later fragment */
		put16(d + o + 6, 0x0010);
	d[o + 8] = 64;
	d[o + 9] = l4[i];
	d[o + 12] = 10, d[o + 15] = 1;
	d[o + 16] = 10, d[o + 19] = 2;
	put16(d + o + ihl, 1024), put16(d + o + ihl + 2, 9);
	if (l4[i] == 6)
		d[o + ihl + 13] = 0x02;		/* SYN */
	if (l4[i] == 1)
		d[o + ihl] = 8;			/* echo request */
	return o + 100;
}

/* Write @v (@size bytes, big-endian) at @off if it fits the window. */
static void probe_put(uint8_t *d, uint64_t off, uint32_t size, uint32_t v)
{
	uint32_t b;

	if (off + size > CAP_BPF_WIN)
		return;
	for (b = 0; b < size; b++)
		d[off + b] = (uint8_t)(v >> (8 * (size - 1 - b)));
}

/*
 * Probe @d with @len bytes: the JIT and libpcap agree?
 */
static bool probe_one(const struct cap_bpf *pf, const struct bpf_program *prog,
		      const uint8_t *d, uint32_t len)
{
	struct cap_bpf_win w;

	memset(&w, 0, sizeof(w));
	w.len = len;
	memcpy(w.d, d, len < CAP_BPF_WIN ? len : CAP_BPF_WIN);
	return (pf->jit(&w) != 0) ==
	       (bpf_filter(prog->bf_insns, w.d, len, len) != 0);
}

/* The child: every probe; exit status 0 if all agree. */
static void probe_all(const struct cap_bpf *pf, const struct bpf_program *prog)
{
	static const uint32_t cuts[PROBE_CUTS] = { 0, 13, 14, 24, 34, 42, 54 };
	uint8_t base[CAP_BPF_WIN], d[CAP_BPF_WIN];
	unsigned int i, c;
	uint32_t j, len;

	static const int fatal[] = {
		SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGALRM,
	};

	/* a crash ends the child, whatever handlers the parent has (a test
	 * framework's or a sanitizer's would carry on or report it) */
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], SIG_DFL);
	alarm(PROBE_TIME_S);	/* a jump into a loop must not hang it */
	for (i = 0; i < PROBE_BASES; i++) {
		len = probe_base(i, base);
		for (j = 0; j < prog->bf_len; j++) {
			const struct bpf_insn *ld = &prog->bf_insns[j];
			const struct bpf_insn *cmp = ld + 1;
			uint32_t size;

			memcpy(d, base, sizeof(d));
			/* j = 0: the base frame; else a load followed by a
			 * compare with a constant: that constant at its field
			 * (X-relative ones after a 20-byte IPv4 header) */
			if (j > 0 && j + 1 < prog->bf_len &&
			    BPF_CLASS(ld->code) == BPF_LD &&
			    (BPF_MODE(ld->code) == BPF_ABS ||
			     BPF_MODE(ld->code) == BPF_IND) &&
			    BPF_CLASS(cmp->code) == BPF_JMP &&
			    BPF_SRC(cmp->code) == BPF_K) {
				size = BPF_SIZE(ld->code) == BPF_W ? 4 :
				       BPF_SIZE(ld->code) == BPF_H ? 2 : 1;
				probe_put(d, (uint64_t)ld->k +
					  (BPF_MODE(ld->code) == BPF_IND ? 20 : 0),
					  size, cmp->k);
			} else if (j > 0) {
				continue;
			}
			if (!probe_one(pf, prog, d, len))
				_exit(1);
			for (c = 0; c < PROBE_CUTS; c++)
				if (cuts[c] < len && !probe_one(pf, prog, d, cuts[c]))
					_exit(1);
		}
	}
	_exit(0);
}

/**
 * cap_bpf_check() - Whether a JIT-compiled filter agrees with libpcap
 * @pf:		Filter with a JIT-compiled window program
 * @prog:	libpcap's program it was made from
 *
 * Runs the probes (see the top of the file) in a child process, which
 * only computes and exits. Called from the control thread when a capture
 * starts.
 *
 * Return: true if every probe agreed; false on a disagreement, a crash,
 * a hang, or if the child could not be started
 */
bool cap_bpf_check(const struct cap_bpf *pf, const struct bpf_program *prog)
{
	/* on this stack: the caller's copy may be in DPDK memory, which EAL
	 * may keep out of children (MADV_DONTFORK) */
	struct cap_bpf local = *pf;
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return false;
	if (pid == 0)
		probe_all(&local, prog);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
