/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_opts.c - unit tests for vswitch/opts.c: vswitchd's command line and
 * the EAL argument vector derived from it (lcores, memory mode, file prefix).
 */
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "opts.h"

#define MAX_ARGS 16

/**
 * getopt_reset() - Fully reset glibc's getopt state between parses
 *
 * opts_parse() sets optind = 1, which does not clear glibc's position inside
 * a cluster of short options from an earlier call (that needs optind = 0).
 * The daemon parses once; the tests parse many vectors from the same
 * buffers, so they reset it here.
 */
static void
getopt_reset(void)
{
	static char prog[] = "reset";
	char *argv[] = { prog, NULL };

	optind = 0;
	opterr = 0;
	while (getopt(1, argv, "") != -1)
		;
}

/**
 * parse() - Run opts_parse() on a NULL-terminated list of arguments
 * @o:		Output
 * @err:	Error buffer (256 bytes)
 * @...:	Arguments after the program name, then NULL
 *
 * getopt may permute argv, so the strings are copied first.
 *
 * Return: opts_parse()'s result
 */
static int
parse(struct opts *o, char *err, ...)
{
	static char store[MAX_ARGS][300];
	char *argv[MAX_ARGS + 1];
	const char *a;
	va_list ap;
	int argc = 0;

	strcpy(store[argc], "vswitchd");
	argv[argc] = store[argc];
	argc++;
	va_start(ap, err);
	while ((a = va_arg(ap, const char *)) != NULL) {
		assert_true(argc < MAX_ARGS);
		snprintf(store[argc], sizeof(store[argc]), "%s", a);
		argv[argc] = store[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	getopt_reset();
	return opts_parse(argc, argv, o, err, 256);
}

/**
 * eal_find() - Index of an argument in an EAL vector
 * @eal:	Vector
 * @arg:	Argument
 *
 * Return: index, or -1
 */
static int
eal_find(const struct opts_eal *eal, const char *arg)
{
	int i;

	for (i = 0; i < eal->argc; i++)
		if (strcmp(eal->argv[i], arg) == 0)
			return i;
	return -1;
}

/**
 * eal_value() - The argument following @opt
 * @eal:	Vector
 * @opt:	Option
 *
 * Return: its value, or "" if @opt is absent or last
 */
static const char *
eal_value(const struct opts_eal *eal, const char *opt)
{
	int i = eal_find(eal, opt);

	return i >= 0 && i + 1 < eal->argc ? eal->argv[i + 1] : "";
}

/**
 * eal_prefix() - The --file-prefix=... argument
 * @eal:	Vector
 *
 * Return: the argument, or "" if absent
 */
static const char *
eal_prefix(const struct opts_eal *eal)
{
	int i;

	for (i = 0; i < eal->argc; i++)
		if (strncmp(eal->argv[i], "--file-prefix=", 14) == 0)
			return eal->argv[i];
	return "";
}

static void
test_defaults(void **state)
{
	struct opts o;
	char err[256];

	(void)state;
	memset(&o, 0xa5, sizeof(o));
	assert_int_equal(parse(&o, err, NULL), 0);
	assert_string_equal(o.run_dir, "/run/vswitch");
	assert_string_equal(o.state_dir, "/var/lib/vswitch");
	assert_int_equal(o.n_pmds, 0);
	assert_int_equal(o.log_level, LOG_LVL_INFO);
	assert_int_equal(o.hugepages, OPTS_HP_AUTO);
	assert_false(o.foreground);
	assert_int_equal(o.memory_mb, 1024);
	assert_int_equal(o.mbufs, 16384);
}

static void
test_every_option(void **state)
{
	struct opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "--run-dir", "/tmp/r1/", "--state-dir",
			       "/var/tmp/s1", "--pmd-cores", "5,2-3",
			       "--log-level", "debug", "--hugepages", "off",
			       "--memory", "256", "--mbufs", "1024",
			       "--foreground", NULL), 0);
	assert_string_equal(o.run_dir, "/tmp/r1");	/* trailing / dropped */
	assert_string_equal(o.state_dir, "/var/tmp/s1");
	assert_int_equal(o.n_pmds, 3);
	assert_int_equal(o.pmd_cpus[0], 2);
	assert_int_equal(o.pmd_cpus[1], 3);
	assert_int_equal(o.pmd_cpus[2], 5);
	assert_int_equal(o.log_level, LOG_LVL_DEBUG);
	assert_int_equal(o.hugepages, OPTS_HP_OFF);
	assert_int_equal(o.memory_mb, 256);
	assert_int_equal(o.mbufs, 1024);
	assert_true(o.foreground);

	/* --opt=value form, upper bounds, other values */
	assert_int_equal(parse(&o, err, "--run-dir=/", "--pmd-cores=0",
			       "--log-level=ERROR", "--hugepages=on",
			       "--memory=65536", "--mbufs=4194304", NULL), 0);
	assert_string_equal(o.run_dir, "/");
	assert_int_equal(o.n_pmds, 1);
	assert_int_equal(o.pmd_cpus[0], 0);
	assert_int_equal(o.log_level, LOG_LVL_ERR);
	assert_int_equal(o.hugepages, OPTS_HP_ON);
	assert_int_equal(o.memory_mb, 65536);
	assert_int_equal(o.mbufs, 4194304);
	assert_false(o.foreground);	/* nothing carried over from the last call */

	assert_int_equal(parse(&o, err, "--hugepages", "auto", "--log-level",
			       "warn", "--pmd-cores", "0-15", NULL), 0);
	assert_int_equal(o.hugepages, OPTS_HP_AUTO);
	assert_int_equal(o.log_level, LOG_LVL_WARN);
	assert_int_equal(o.n_pmds, 16);
	assert_int_equal(parse(&o, err, "--log-level", "info", NULL), 0);
	assert_int_equal(o.log_level, LOG_LVL_INFO);
}

static void
test_help_version(void **state)
{
	struct opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "--help", NULL), 1);
	assert_int_equal(parse(&o, err, "--version", NULL), 1);
	assert_int_equal(parse(&o, err, "--foreground", "--help", NULL), 1);
	/* and a normal parse afterwards still works */
	assert_int_equal(parse(&o, err, "--foreground", NULL), 0);
	assert_true(o.foreground);
}

static void
test_invalid(void **state)
{
	static const struct {
		const char *args[3];
		const char *needle;
	} bad[] = {
		{ { "--pmd-cores", "1-" }, "--pmd-cores" },
		{ { "--pmd-cores", "0,0" }, "--pmd-cores" },
		{ { "--pmd-cores", "" }, "--pmd-cores" },
		{ { "--pmd-cores", "a" }, "--pmd-cores" },
		{ { "--pmd-cores", "0-16" }, "--pmd-cores" },	/* 17 PMDs */
		{ { "--pmd-cores", "1024" }, "--pmd-cores" },
		{ { "--log-level", "loud" }, "--log-level" },
		{ { "--log-level", "" }, "--log-level" },
		{ { "--hugepages", "maybe" }, "--hugepages" },
		{ { "--hugepages", "ON " }, "--hugepages" },
		{ { "--memory", "10" }, "--memory" },
		{ { "--memory", "255" }, "--memory" },
		{ { "--memory", "65537" }, "--memory" },
		{ { "--memory", "1G" }, "--memory" },
		{ { "--memory", "-1" }, "--memory" },
		{ { "--mbufs", "1023" }, "--mbufs" },
		{ { "--mbufs", "4194305" }, "--mbufs" },
		{ { "--mbufs", "many" }, "--mbufs" },
		{ { "--run-dir", "run" }, "--run-dir" },
		{ { "--run-dir", "./run" }, "--run-dir" },
		{ { "--run-dir", "" }, "--run-dir" },
		{ { "--state-dir", "var/lib" }, "--state-dir" },
		{ { "--bogus" }, "--bogus" },
		{ { "--bogus=1" }, "--bogus" },
		{ { "--foreground=yes" }, "--foreground" },
		{ { "-x" }, "-x" },
		{ { "stray" }, "stray" },
		{ { "--foreground", "stray" }, "stray" },
		{ { "--memory" }, "--memory" },		/* missing value */
		{ { "--run-dir" }, "--run-dir" },
	};
	char long_dir[300];
	struct opts o;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = parse(&o, err, bad[i].args[0], bad[i].args[1],
				bad[i].args[2], NULL);

		if (ret != -EINVAL)
			fail_msg("'%s %s': returned %d, expected -EINVAL",
				 bad[i].args[0], bad[i].args[1] ? bad[i].args[1] : "",
				 ret);
		if (strstr(err, bad[i].needle) == NULL)
			fail_msg("'%s %s': error '%s' does not mention '%s'",
				 bad[i].args[0], bad[i].args[1] ? bad[i].args[1] : "",
				 err, bad[i].needle);
	}

	/* a run dir so long that NAME.sock would not fit a socket address */
	long_dir[0] = '/';
	memset(long_dir + 1, 'd', 250);
	long_dir[251] = '\0';
	assert_int_equal(parse(&o, err, "--run-dir", long_dir, NULL), -EINVAL);
	assert_non_null(strstr(err, "--run-dir"));
	assert_int_equal(parse(&o, err, "--state-dir", long_dir, NULL), -EINVAL);
}

static void
test_unknown_short_option_named(void **state)
{
	struct opts o;
	char err[256];

	(void)state;
	/* a cluster of short options: the message names it, not argv[0] */
	assert_int_equal(parse(&o, err, "-xy", NULL), -EINVAL);
	if (strstr(err, "-x") == NULL)
		fail_msg("error '%s' does not name '-xy'", err);
}

static void
test_eal_no_hugepages(void **state)
{
	static const unsigned int allowed[] = { 0, 1 };
	struct opts_eal eal;
	struct opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "--pmd-cores", "1", NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, allowed, 2, &eal), 0);
	assert_true(eal.argc > 0);
	assert_null(eal.argv[eal.argc]);
	assert_string_equal(eal_value(&eal, "--lcores"), "0@(0),1@1");
	assert_true(eal_find(&eal, "--no-huge") > 0);
	assert_true(eal_find(&eal, "--no-shconf") > 0);
	assert_string_equal(eal_value(&eal, "-m"), "1024");
	assert_int_equal(eal_find(&eal, "--in-memory"), -1);
	assert_true(eal_find(&eal, "--no-pci") > 0);
	assert_true(strlen(eal_prefix(&eal)) > strlen("--file-prefix="));

	/* --memory is what EAL gets */
	assert_int_equal(parse(&o, err, "--pmd-cores", "1", "--memory", "2048",
			       NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, allowed, 2, &eal), 0);
	assert_string_equal(eal_value(&eal, "-m"), "2048");
}

static void
test_eal_hugepages(void **state)
{
	static const unsigned int allowed[] = { 0, 1 };
	struct opts_eal eal;
	struct opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "--pmd-cores", "1", NULL), 0);
	assert_int_equal(opts_eal_args(&o, true, allowed, 2, &eal), 0);
	assert_null(eal.argv[eal.argc]);
	assert_string_equal(eal_value(&eal, "--lcores"), "0@(0),1@1");
	assert_true(eal_find(&eal, "--in-memory") > 0);
	assert_int_equal(eal_find(&eal, "--no-huge"), -1);
	assert_int_equal(eal_find(&eal, "--no-shconf"), -1);
	assert_int_equal(eal_find(&eal, "-m"), -1);
}

static void
test_eal_lcores(void **state)
{
	static const unsigned int two[] = { 0, 1 };
	static const unsigned int odd[] = { 2, 5, 7, 9 };
	struct opts_eal eal;
	struct opts o;
	char err[256];

	(void)state;
	/* PMDs on every allowed CPU: the main lcore floats over all of them */
	assert_int_equal(parse(&o, err, "--pmd-cores", "0,1", NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, two, 2, &eal), 0);
	assert_string_equal(eal_value(&eal, "--lcores"), "0@(0-1),1@0,2@1");

	/* single CPU: main and the PMD share it */
	assert_int_equal(parse(&o, err, "--pmd-cores", "0", NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, two, 1, &eal), 0);
	assert_string_equal(eal_value(&eal, "--lcores"), "0@(0),1@0");

	/* sparse CPU numbers */
	assert_int_equal(parse(&o, err, "--pmd-cores", "9,5", NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, odd, 4, &eal), 0);
	assert_string_equal(eal_value(&eal, "--lcores"), "0@(2,7),1@5,2@9");
}

/**
 * many_cpus_child() - opts_eal_args() with 1024 allowed CPUs
 *
 * Return: exit status for the child: 0 if the vector is right or the call
 * refused with -ENOSPC, 1 otherwise
 */
static int
many_cpus_child(void)
{
	static unsigned int allowed[1024];
	static struct opts_eal eal;
	struct opts o;
	char err[256];
	unsigned int i;
	const char *l;
	int ret;

	for (i = 0; i < 1024; i++)
		allowed[i] = i;
	if (parse(&o, err, "--pmd-cores", "1023", NULL) != 0)
		return 1;
	ret = opts_eal_args(&o, false, allowed, 1024, &eal);
	if (ret == -ENOSPC)
		return 0;
	if (ret != 0)
		return 1;
	l = eal_value(&eal, "--lcores");
	return strcmp(l, "0@(0-1022),1@1023") == 0 ? 0 : 1;
}

static void
test_eal_many_cpus(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	/* A big host: the control lcore floats over 1023 CPUs, written as a
	 * range. Run it in a child so a crash is a failure here,
	 * not the end of the test program. */
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(many_cpus_child());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		fail_msg("opts_eal_args() with 1024 CPUs killed by signal %d",
			 WTERMSIG(status));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_eal_file_prefix(void **state)
{
	static const unsigned int allowed[] = { 0, 1 };
	char a[256], b[256], c[256];
	struct opts_eal eal;
	struct opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "--pmd-cores", "1", "--run-dir", "/run/a",
			       NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, allowed, 2, &eal), 0);
	snprintf(a, sizeof(a), "%s", eal_prefix(&eal));
	assert_true(strlen(a) > strlen("--file-prefix="));

	/* same run dir (even spelt with a trailing slash): same prefix */
	assert_int_equal(parse(&o, err, "--pmd-cores", "1", "--run-dir", "/run/a/",
			       NULL), 0);
	assert_int_equal(opts_eal_args(&o, true, allowed, 2, &eal), 0);
	assert_string_equal(eal_prefix(&eal), a);

	/* other run dirs: other prefixes */
	assert_int_equal(parse(&o, err, "--pmd-cores", "1", "--run-dir", "/run/b",
			       NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, allowed, 2, &eal), 0);
	snprintf(b, sizeof(b), "%s", eal_prefix(&eal));
	assert_string_not_equal(a, b);
	assert_int_equal(parse(&o, err, "--pmd-cores", "1", NULL), 0);
	assert_int_equal(opts_eal_args(&o, false, allowed, 2, &eal), 0);
	snprintf(c, sizeof(c), "%s", eal_prefix(&eal));
	assert_string_not_equal(a, c);
	assert_string_not_equal(b, c);
	/* usable as a file name */
	assert_null(strchr(c + strlen("--file-prefix="), '/'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_option),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_unknown_short_option_named),
		cmocka_unit_test(test_eal_no_hugepages),
		cmocka_unit_test(test_eal_hugepages),
		cmocka_unit_test(test_eal_lcores),
		cmocka_unit_test(test_eal_many_cpus),
		cmocka_unit_test(test_eal_file_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
