/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_names.c - unit tests for vswitch/names.c, the name, MAC, integer and
 * CPU list checks shared by vswitchd and vswctl.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "names.h"

static void
test_valid_names(void **state)
{
	static const char *const good[] = {
		"a", "Z", "0", "n1", "vm-1", "vm_1", "vm.1", "9lives", "A.b-C_d",
		"a-", "a.", "a_", "abcdefghijklmnopqrstuvwxyz01234",	/* 31 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!names_valid(good[i]))
			fail_msg("'%s' should be valid", good[i]);
}

static void
test_invalid_names(void **state)
{
	static const char *const bad[] = {
		"", "-a", "_a", ".a", ".", "..", "a b", " a", "a ", "a/b", "a:b", "a@b",
		"a\tb", "a\nb", "a*", "n\xc3\xa9t", "\xc3\xa9", "a\x7f",
		"abcdefghijklmnopqrstuvwxyz012345",	/* 32 */
	};
	size_t i;

	(void)state;
	assert_false(names_valid(NULL));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (names_valid(bad[i]))
			fail_msg("'%s' should be invalid", bad[i]);
}

static void
test_mac_parse(void **state)
{
	static const uint8_t want[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	uint8_t mac[6];

	(void)state;
	assert_int_equal(names_mac_parse("52:54:00:ab:cd:ef", mac), 0);
	assert_memory_equal(mac, want, 6);
	assert_int_equal(names_mac_parse("52:54:00:AB:cD:Ef", mac), 0);
	assert_memory_equal(mac, want, 6);
	assert_int_equal(names_mac_parse("00:00:00:00:00:00", mac), 0);
	assert_int_equal(names_mac_parse("ff:ff:ff:ff:ff:ff", mac), 0);
	assert_int_equal(mac[0], 0xff);
	assert_int_equal(mac[5], 0xff);
}

static void
test_mac_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"", "52:54:00:ab:cd", "52:54:00:ab:cd:e", "52:54:00:ab:cd:ef:",
		"52:54:00:ab:cd:ef:01", "52-54-00-ab-cd-ef", "5254.00ab.cdef",
		"525400abcdef", "52:54:00:ab:cd:eg", "g2:54:00:ab:cd:ef",
		" 52:54:00:ab:cd:e", "52:54:00:ab:cd:ef ", "2:54:00:ab:cd:eff",
		"52::54:00:ab:cd:e", "+2:54:00:ab:cd:ef", "52:54:00:ab:cd:\xc3\xa9",
	};
	uint8_t mac[6], orig[6] = { 1, 2, 3, 4, 5, 6 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(mac, orig, 6);
		if (names_mac_parse(bad[i], mac) != -EINVAL)
			fail_msg("'%s' should be refused", bad[i]);
		/* output untouched on failure */
		assert_memory_equal(mac, orig, 6);
	}
	assert_int_equal(names_mac_parse(NULL, mac), -EINVAL);
}

static void
test_mac_format(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0xAB, 0x00, 0x0f, 0xf0, 0xff };
	char buf[NAMES_MAC_STRLEN];
	uint8_t back[6];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	names_mac_format(mac, buf);
	assert_string_equal(buf, "02:ab:00:0f:f0:ff");
	assert_int_equal(strlen(buf), NAMES_MAC_STRLEN - 1);
	/* round trip */
	assert_int_equal(names_mac_parse(buf, back), 0);
	assert_memory_equal(back, mac, 6);
}

static void
test_parse_u32(void **state)
{
	uint32_t v = 0;

	(void)state;
	assert_int_equal(names_parse_u32("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(names_parse_u32("10", 10, 86400, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(names_parse_u32("86400", 10, 86400, &v), 0);
	assert_int_equal(v, 86400);
	assert_int_equal(names_parse_u32("007", 0, 10, &v), 0);	/* decimal, not octal */
	assert_int_equal(v, 7);
	assert_int_equal(names_parse_u32("4294967295", 0, UINT32_MAX, &v), 0);
	assert_int_equal(v, UINT32_MAX);
}

static void
test_parse_u32_invalid(void **state)
{
	static const char *const nan[] = {
		"", "-1", "+1", " 1", "1 ", "1a", "a1", "0x10", "1.5", "1e3", "--1", "\t7",
	};
	uint32_t v = 1234;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(nan) / sizeof(nan[0]); i++)
		if (names_parse_u32(nan[i], 0, UINT32_MAX, &v) != -EINVAL)
			fail_msg("'%s' should be -EINVAL", nan[i]);
	assert_int_equal(names_parse_u32(NULL, 0, 10, &v), -EINVAL);
	assert_int_equal(names_parse_u32("9", 10, 20, &v), -ERANGE);
	assert_int_equal(names_parse_u32("21", 10, 20, &v), -ERANGE);
	assert_int_equal(names_parse_u32("4294967296", 0, UINT32_MAX, &v), -ERANGE);
	assert_int_equal(names_parse_u32("18446744073709551615", 0, UINT32_MAX, &v), -ERANGE);
	assert_int_equal(names_parse_u32("18446744073709551616", 0, UINT32_MAX, &v), -ERANGE);
	assert_int_equal(names_parse_u32("99999999999999999999999", 0, 10, &v), -ERANGE);
	/* output untouched on failure */
	assert_int_equal(v, 1234);
}

static void
test_cpu_list(void **state)
{
	unsigned int cpus[16], n = 99;

	(void)state;
	assert_int_equal(names_parse_cpu_list("0", cpus, 16, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cpus[0], 0);

	assert_int_equal(names_parse_cpu_list("2-5,7", cpus, 16, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(cpus[0], 2);
	assert_int_equal(cpus[3], 5);
	assert_int_equal(cpus[4], 7);

	/* output is sorted whatever the input order */
	assert_int_equal(names_parse_cpu_list("9,1,4-5", cpus, 16, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(cpus[0], 1);
	assert_int_equal(cpus[1], 4);
	assert_int_equal(cpus[2], 5);
	assert_int_equal(cpus[3], 9);

	/* single-element range, largest CPU, exactly max CPUs */
	assert_int_equal(names_parse_cpu_list("3-3", cpus, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cpus[0], 3);
	assert_int_equal(names_parse_cpu_list("1023", cpus, 1, &n), 0);
	assert_int_equal(cpus[0], 1023);
	assert_int_equal(names_parse_cpu_list("0-15", cpus, 16, &n), 0);
	assert_int_equal(n, 16);
	assert_int_equal(cpus[15], 15);
}

static void
test_cpu_list_invalid(void **state)
{
	static const char *const bad[] = {
		"", ",", "1,", ",1", "1,,2", "-", "1-", "-1", "5-3", "1-2-3", "a", "1a",
		" 1", "1 ", "1, 2", "1;2", "1024", "0-1024", "1,1", "1-3,2", "0x1",
		"+1", "1-+2", "99999999999999999999999",
	};
	unsigned int cpus[8] = { 0 }, n = 99;
	size_t i;

	(void)state;
	assert_int_equal(names_parse_cpu_list(NULL, cpus, 8, &n), -EINVAL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (names_parse_cpu_list(bad[i], cpus, 8, &n) != -EINVAL)
			fail_msg("'%s' should be refused", bad[i]);
	/* more CPUs than room: refused without writing past the array */
	assert_int_equal(names_parse_cpu_list("0-8", cpus, 8, &n), -EINVAL);
	assert_int_equal(names_parse_cpu_list("0", cpus, 0, &n), -EINVAL);
	assert_int_equal(n, 99);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_names),
		cmocka_unit_test(test_invalid_names),
		cmocka_unit_test(test_mac_parse),
		cmocka_unit_test(test_mac_parse_invalid),
		cmocka_unit_test(test_mac_format),
		cmocka_unit_test(test_parse_u32),
		cmocka_unit_test(test_parse_u32_invalid),
		cmocka_unit_test(test_cpu_list),
		cmocka_unit_test(test_cpu_list_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
