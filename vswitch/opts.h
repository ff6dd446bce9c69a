/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * opts.h - vswitchd command-line options and the EAL arguments built from them.
 */
#ifndef VSW_OPTS_H
#define VSW_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"

#define OPTS_MAX_PMDS		16
#define OPTS_DEFAULT_RUN_DIR	"/run/vswitch"
#define OPTS_DEFAULT_STATE_DIR	"/var/lib/vswitch"
#define OPTS_MAX_EAL_ARGS	32

enum opts_hugepages { OPTS_HP_AUTO, OPTS_HP_ON, OPTS_HP_OFF };

/**
 * struct opts - Daemon options
 * @run_dir:	Control socket, pid/lock file, default port sockets
 * @state_dir:	Persisted state
 * @pmd_cpus:	CPUs of the PMD threads
 * @n_pmds:	Number of PMD threads
 * @log_level:	Most verbose level logged
 * @hugepages:	auto, on or off
 * @foreground:	Stay in the foreground and log to stderr
 * @memory_mb:	EAL memory without hugepages
 * @mbufs:	Packet buffers in the pool
 * @pci:	Run EAL with the PCI bus (PCI uplinks); probes every NIC
 *		already bound to a DPDK driver
 */
struct opts {
	char run_dir[256];
	char state_dir[256];
	unsigned int pmd_cpus[OPTS_MAX_PMDS];
	unsigned int n_pmds;
	enum log_level log_level;
	enum opts_hugepages hugepages;
	bool foreground;
	unsigned int memory_mb;
	unsigned int mbufs;
	bool pci;
};

/**
 * struct opts_eal - EAL argument vector built by opts_eal_args()
 * @argc:	Number of arguments
 * @argv:	Arguments (point into @buf)
 * @buf:	Storage
 */
struct opts_eal {
	int argc;
	char *argv[OPTS_MAX_EAL_ARGS];
	char buf[2048];
};

int opts_parse(int argc, char **argv, struct opts *o, char *err,
	       size_t errsize);
void opts_usage(FILE *f);
int opts_eal_args(const struct opts *o, bool hugepages,
		  const unsigned int *allowed_cpus, unsigned int n_allowed,
		  struct opts_eal *eal);
bool opts_hugepages_available(unsigned int min_mb);

#endif /* VSW_OPTS_H */
