/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_drop.c - unit tests for vswitch/drop.c, the drop reason names that
 * stats, vswctl and docs/CONTROL.md share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drop.h"

/* The reasons docs/CONTROL.md promises, in the order of enum drop_reason. */
static const char *const documented[] = {
	"no-link", "tx-full", "runt", "bad-src-mac", "mac-limit", "hairpin",
	"no-port", "vlan-violation", "unknown-vlan", "no-native", "no-mbuf",
	"oversize", "dhcp-rogue", "dhcp-rate", "dhcp-busy",
};

static void
test_names_unique(void **state)
{
	int i, j;

	(void)state;
	assert_true(DROP_MAX > 0);
	for (i = 0; i < DROP_MAX; i++) {
		const char *n = drop_name((enum drop_reason)i);
		const char *d = drop_desc((enum drop_reason)i);
		const char *c;

		assert_non_null(n);
		assert_non_null(d);
		if (n[0] == '\0' || d[0] == '\0')
			fail_msg("reason %d has an empty name or description", i);
		assert_string_not_equal(n, "unknown");
		assert_string_not_equal(d, "unknown");
		/* names are JSON keys and vswctl arguments: lower case, '-' */
		for (c = n; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
			      *c == '-'))
				fail_msg("reason name '%s' has '%c'", n, *c);
		for (j = 0; j < i; j++) {
			if (strcmp(n, drop_name((enum drop_reason)j)) == 0)
				fail_msg("name '%s' used twice", n);
			if (strcmp(d, drop_desc((enum drop_reason)j)) == 0)
				fail_msg("description '%s' used twice", d);
		}
	}
}

static void
test_reverse_lookup(void **state)
{
	static const char *const unknown[] = {
		"", "unknown", "NO-LINK", "no_link", "nolink", "no-link ", " runt",
		"run", "runts", "drop", "tx", "-",
	};
	size_t i;
	int r;

	(void)state;
	for (r = 0; r < DROP_MAX; r++)
		assert_int_equal(drop_from_name(drop_name((enum drop_reason)r)), r);
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		if (drop_from_name(unknown[i]) != -1)
			fail_msg("'%s' should not be a reason", unknown[i]);
}

static void
test_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(drop_name(DROP_MAX), "unknown");
	assert_string_equal(drop_desc(DROP_MAX), "unknown");
	assert_string_equal(drop_name((enum drop_reason)-1), "unknown");
	assert_string_equal(drop_desc((enum drop_reason)1000), "unknown");
}

static void
test_documented_names(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(DROP_MAX, sizeof(documented) / sizeof(documented[0]));
	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		assert_string_equal(drop_name((enum drop_reason)i), documented[i]);
	assert_int_equal(drop_from_name("no-link"), DROP_NO_LINK);
	assert_int_equal(drop_from_name("tx-full"), DROP_TX_FULL);
	assert_int_equal(drop_from_name("runt"), DROP_RUNT);
	assert_int_equal(drop_from_name("bad-src-mac"), DROP_BAD_SRC);
	assert_int_equal(drop_from_name("mac-limit"), DROP_MAC_LIMIT);
	assert_int_equal(drop_from_name("hairpin"), DROP_HAIRPIN);
	assert_int_equal(drop_from_name("no-port"), DROP_NO_PORT);
}

/**
 * doc_reasons() - Read the "Reasons:" paragraph of docs/CONTROL.md
 * @path:	The file
 * @out:	Output: the paragraph, joined into one line
 * @size:	Size of @out
 *
 * Return: true if found
 */
static bool
doc_reasons(const char *path, char *out, size_t size)
{
	char line[1024];
	bool in = false;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return false;
	out[0] = '\0';
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = in ? line : strstr(line, "Reasons:");

		if (in && (line[0] == '\n' || line[0] == '#'))
			break;
		if (p == NULL)
			continue;
		in = true;
		line[strcspn(line, "\n")] = ' ';
		strncat(out, p, size - strlen(out) - 1);
	}
	fclose(f);
	return in;
}

static void
test_control_md_matches(void **state)
{
	const char *root = getenv("VSW_SOURCE_ROOT");
	char path[1024], text[8192], *p;
	bool seen[DROP_MAX] = { false };
	unsigned int n = 0;

	(void)state;
	if (root == NULL)	/* meson sets it; without it the check cannot run */
		fail_msg("VSW_SOURCE_ROOT is not set: run through meson test");
	snprintf(path, sizeof(path), "%s/docs/CONTROL.md", root);
	if (!doc_reasons(path, text, sizeof(text)))
		fail_msg("no 'Reasons:' paragraph in %s", path);
	/* every `name` (description) in the paragraph is a reason, and
	 * every reason is there */
	for (p = strchr(text, '`'); p != NULL; p = strchr(p, '`')) {
		char *end = strchr(p + 1, '`');
		int r;

		assert_non_null(end);
		*end = '\0';
		r = drop_from_name(p + 1);
		if (r < 0)
			fail_msg("CONTROL.md documents '%s', not a drop reason", p + 1);
		if (seen[r])
			fail_msg("CONTROL.md lists '%s' twice", p + 1);
		seen[r] = true;
		n++;
		p = end + 1;
	}
	for (n = 0; n < DROP_MAX; n++)
		if (!seen[n])
			fail_msg("drop reason '%s' missing from CONTROL.md",
				 drop_name((enum drop_reason)n));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_unique),
		cmocka_unit_test(test_reverse_lookup),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_documented_names),
		cmocka_unit_test(test_control_md_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
