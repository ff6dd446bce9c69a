/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * opts.c - vswitchd command-line options and the EAL arguments built from them.
 *
 * Users never type EAL arguments: lcores, memory mode, file prefix and
 * logging are derived here from the daemon's own options, which keeps two
 * instances (different run dirs) from colliding.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "opts.h"

/**
 * opts_usage() - Print usage
 * @f:		Stream
 */
void opts_usage(FILE *f)
{
	fprintf(f,
"Usage: vswitchd [OPTIONS]\n"
"  --run-dir DIR        control socket, pid file, port sockets (default %s)\n"
"  --state-dir DIR      persisted configuration (default %s)\n"
"  --pmd-cores LIST     CPUs for packet threads, e.g. 1 or 0,1 (default: the\n"
"                       last CPU this process may use)\n"
"  --log-level LEVEL    error, warn, info (default) or debug\n"
"  --hugepages MODE     auto (default: use free hugepages if mounted), on, off\n"
"  --memory MB          memory without hugepages (default 1024)\n"
"  --mbufs N            packet buffers (default 16384)\n"
"  --pci                enable DPDK's PCI bus (bridged uplinks on DPDK-bound\n"
"                       NICs: --uplink pci:DDDD:BB:DD.F)\n"
"  --foreground         do not daemonize; log to stderr\n"
"  --help, --version\n", OPTS_DEFAULT_RUN_DIR, OPTS_DEFAULT_STATE_DIR);
}

static int opts_dir(const char *arg, char *out, size_t size, const char *what,
		    char *err, size_t errsize)
{
	if (arg[0] != '/') {
		snprintf(err, errsize, "%s must be an absolute path", what);
		return -EINVAL;
	}
	if (strlen(arg) >= size - 40) {	/* room for "/NAME.sock" */
		snprintf(err, errsize, "%s is too long", what);
		return -EINVAL;
	}
	snprintf(out, size, "%s", arg);
	while (strlen(out) > 1 && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
	return 0;
}

/**
 * opts_parse() - Parse the command line
 * @argc:	Argument count
 * @argv:	Arguments
 * @o:		Output, defaults filled in
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 to run, 1 if --help or --version was handled, -EINVAL on errors
 */
int opts_parse(int argc, char **argv, struct opts *o, char *err,
	       size_t errsize)
{
	static const struct option longopts[] = {
		{ "run-dir", required_argument, NULL, 'r' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "pmd-cores", required_argument, NULL, 'p' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "hugepages", required_argument, NULL, 'H' },
		{ "memory", required_argument, NULL, 'm' },
		{ "mbufs", required_argument, NULL, 'n' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "pci", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	uint32_t v;
	int c;

	memset(o, 0, sizeof(*o));
	strcpy(o->run_dir, OPTS_DEFAULT_RUN_DIR);
	strcpy(o->state_dir, OPTS_DEFAULT_STATE_DIR);
	o->log_level = LOG_LVL_INFO;
	o->memory_mb = 1024;
	o->mbufs = 16384;
	optind = 0;	/* full getopt reset (glibc) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (opts_dir(optarg, o->run_dir, sizeof(o->run_dir),
				     "--run-dir", err, errsize) != 0)
				return -EINVAL;
			break;
		case 's':
			if (opts_dir(optarg, o->state_dir, sizeof(o->state_dir),
				     "--state-dir", err, errsize) != 0)
				return -EINVAL;
			break;
		case 'p':
			if (names_parse_cpu_list(optarg, o->pmd_cpus,
						 OPTS_MAX_PMDS, &o->n_pmds) != 0) {
				snprintf(err, errsize, "invalid --pmd-cores '%s' "
					 "(e.g. 1 or 0,1 or 2-3; at most %d)",
					 optarg, OPTS_MAX_PMDS);
				return -EINVAL;
			}
			break;
		case 'l':
			if (log_level_parse(optarg, &o->log_level) != 0) {
				snprintf(err, errsize, "invalid --log-level '%s' "
					 "(error, warn, info, debug)", optarg);
				return -EINVAL;
			}
			break;
		case 'H':
			if (strcmp(optarg, "auto") == 0)
				o->hugepages = OPTS_HP_AUTO;
			else if (strcmp(optarg, "on") == 0)
				o->hugepages = OPTS_HP_ON;
			else if (strcmp(optarg, "off") == 0)
				o->hugepages = OPTS_HP_OFF;
			else {
				snprintf(err, errsize, "invalid --hugepages '%s' "
					 "(auto, on, off)", optarg);
				return -EINVAL;
			}
			break;
		case 'm':
			if (names_parse_u32(optarg, 256, 65536, &v) != 0) {
				snprintf(err, errsize, "invalid --memory '%s' "
					 "(256-65536 MB)", optarg);
				return -EINVAL;
			}
			o->memory_mb = v;
			break;
		case 'n':
			if (names_parse_u32(optarg, 1024, 4194304, &v) != 0) {
				snprintf(err, errsize, "invalid --mbufs '%s' "
					 "(1024-4194304)", optarg);
				return -EINVAL;
			}
			o->mbufs = v;
			break;
		case 'P':
			o->pci = true;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 'h':
			opts_usage(stdout);
			return 1;
		case 'V':
			printf("vswitchd %s\n", VSW_VERSION);
			return 1;
		default:
			if (optopt > ' ' && optopt < 127 &&
			    strncmp(argv[optind - 1], "--", 2) != 0)
				snprintf(err, errsize, "unknown option '-%c' (see "
					 "--help)", optopt);
			else
				snprintf(err, errsize, "unknown or incomplete option "
					 "'%s' (see --help)", argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		snprintf(err, errsize, "unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

/* Append one argument to @eal, copying it into the buffer. */
static int eal_push(struct opts_eal *eal, size_t *used, const char *arg)
{
	size_t len = strlen(arg) + 1;

	if (eal->argc >= OPTS_MAX_EAL_ARGS - 1 || *used + len > sizeof(eal->buf))
		return -ENOSPC;
	memcpy(eal->buf + *used, arg, len);
	eal->argv[eal->argc++] = eal->buf + *used;
	eal->argv[eal->argc] = NULL;
	*used += len;
	return 0;
}

/* Does a PMD run on @cpu? */
static bool opts_is_pmd(const struct opts *o, unsigned int cpu)
{
	unsigned int j;

	for (j = 0; j < o->n_pmds; j++)
		if (o->pmd_cpus[j] == cpu)
			return true;
	return false;
}

/* Append @str to @buf (of @size bytes, @len used); -ENOSPC if it does not fit. */
static int str_append(char *buf, size_t size, size_t *len, const char *str)
{
	size_t n = strlen(str);

	if (*len + n + 1 > size)
		return -ENOSPC;
	memcpy(buf + *len, str, n + 1);
	*len += n;
	return 0;
}

/* FNV-1a of the run dir: a stable, per-instance DPDK file prefix. */
static unsigned int opts_hash(const char *s)
{
	unsigned int h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/**
 * opts_eal_args() - Build the EAL argument vector
 * @o:		Options (PMD CPUs must be set)
 * @hugepages:	Use hugepages (else --no-huge memfd memory)
 * @allowed_cpus: CPUs this process may run on
 * @n_allowed:	Number of @allowed_cpus
 * @eal:	Output
 *
 * lcore 0 (the control thread) floats over the allowed CPUs that run no
 * PMD (all of them if PMDs take every CPU); lcore i+1 is PMD i, pinned.
 *
 * Return: 0 or -ENOSPC
 */
int opts_eal_args(const struct opts *o, bool hugepages,
		  const unsigned int *allowed_cpus, unsigned int n_allowed,
		  struct opts_eal *eal)
{
	char lcores[1024], tmp[64];
	size_t used = 0, len = 0;
	unsigned int i, n_main = 0;
	int ret = 0;

	eal->argc = 0;
	/* "0@(a-b,c),1@p0,2@p1": lcore 0 floats, PMD lcores are pinned */
	ret |= str_append(lcores, sizeof(lcores), &len, "0@(");
	for (i = 0; i < n_allowed; i++) {
		unsigned int first = allowed_cpus[i], last = first;

		if (opts_is_pmd(o, first) && o->n_pmds < n_allowed)
			continue;
		/* extend a run of consecutive non-PMD CPUs into a range */
		while (i + 1 < n_allowed && allowed_cpus[i + 1] == last + 1 &&
		       !(opts_is_pmd(o, last + 1) && o->n_pmds < n_allowed))
			last = allowed_cpus[++i];
		if (first == last)
			snprintf(tmp, sizeof(tmp), "%s%u", n_main++ ? "," : "",
				 first);
		else
			snprintf(tmp, sizeof(tmp), "%s%u-%u", n_main++ ? "," : "",
				 first, last);
		ret |= str_append(lcores, sizeof(lcores), &len, tmp);
	}
	ret |= str_append(lcores, sizeof(lcores), &len, ")");
	for (i = 0; i < o->n_pmds; i++) {
		snprintf(tmp, sizeof(tmp), ",%u@%u", i + 1, o->pmd_cpus[i]);
		ret |= str_append(lcores, sizeof(lcores), &len, tmp);
	}
	if (ret != 0)
		return -ENOSPC;

	ret |= eal_push(eal, &used, "vswitchd");
	ret |= eal_push(eal, &used, "--lcores");
	ret |= eal_push(eal, &used, lcores);
	snprintf(tmp, sizeof(tmp), "--file-prefix=vsw%08x", opts_hash(o->run_dir));
	ret |= eal_push(eal, &used, tmp);
	if (!o->pci)
		ret |= eal_push(eal, &used, "--no-pci");
	ret |= eal_push(eal, &used, "--no-telemetry");
	if (hugepages) {
		ret |= eal_push(eal, &used, "--in-memory");
	} else {
		ret |= eal_push(eal, &used, "--no-huge");
		ret |= eal_push(eal, &used, "--no-shconf");
		snprintf(tmp, sizeof(tmp), "%u", o->memory_mb);
		ret |= eal_push(eal, &used, "-m");
		ret |= eal_push(eal, &used, tmp);
	}
	ret |= eal_push(eal, &used, o->log_level >= LOG_LVL_DEBUG ?
			"--log-level=*:info" : "--log-level=*:error");
	return ret ? -ENOSPC : 0;
}

/**
 * opts_hugepages_available() - Are free hugepages mounted?
 * @min_mb:	Free hugepage memory required
 *
 * Return: true if hugetlbfs is mounted and at least @min_mb MB are free
 */
bool opts_hugepages_available(unsigned int min_mb)
{
	unsigned long free_pages = 0, size_kb = 0;
	bool mounted = false;
	char line[512];
	FILE *f;

	f = fopen("/proc/mounts", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f))
			if (strstr(line, " hugetlbfs ") != NULL)
				mounted = true;
		fclose(f);
	}
	f = fopen("/proc/meminfo", "r");
	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "HugePages_Free: %lu", &free_pages);
		sscanf(line, "Hugepagesize: %lu kB", &size_kb);
	}
	fclose(f);
	return mounted && free_pages * size_kb / 1024 >= min_mb;
}
