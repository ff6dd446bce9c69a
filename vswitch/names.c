/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.c - validation of user-supplied names, MAC addresses and numbers.
 *
 * Every string that reaches the daemon from vswctl, the control socket or the
 * state file goes through these helpers before it is used.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

/**
 * names_valid() - Check a network or port name
 * @name:	NUL-terminated candidate
 *
 * Return: true for 1..NAMES_MAX_LEN characters of [A-Za-z0-9_.-] starting
 * with a letter or digit
 */
bool names_valid(const char *name)
{
	size_t i, len;

	if (name == NULL)
		return false;
	len = strlen(name);
	if (len == 0 || len > NAMES_MAX_LEN || !isalnum((unsigned char)name[0]))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!isalnum(c) && c != '_' && c != '.' && c != '-')
			return false;
	}
	return true;
}

/**
 * names_hexval() - Value of a hexadecimal digit
 * @c:		Character
 *
 * Return: 0-15, or -1 if @c is not a hex digit (either case)
 */
int names_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * names_mac_parse() - Parse "xx:xx:xx:xx:xx:xx"
 * @str:	Text, exactly 17 characters, hex digits in either case
 * @mac:	Output, six bytes
 *
 * Return: 0 on success, -EINVAL otherwise (@mac untouched)
 */
int names_mac_parse(const char *str, uint8_t mac[6])
{
	uint8_t tmp[6];
	int i;

	if (str == NULL || strlen(str) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		int hi = names_hexval(str[i * 3]), lo = names_hexval(str[i * 3 + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < 5 && str[i * 3 + 2] != ':')
			return -EINVAL;
		tmp[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, tmp, 6);
	return 0;
}

/**
 * names_mac_format() - Format a MAC address in lower case
 * @mac:	Six bytes
 * @buf:	Output buffer of NAMES_MAC_STRLEN bytes
 */
void names_mac_format(const uint8_t mac[6], char buf[NAMES_MAC_STRLEN])
{
	snprintf(buf, NAMES_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/**
 * names_parse_u32() - Parse a decimal integer within bounds
 * @str:	Text, digits only (no sign, no trailing garbage)
 * @min:	Smallest accepted value
 * @max:	Largest accepted value
 * @out:	Result on success
 *
 * Return: 0 on success, -EINVAL for non-numbers, -ERANGE outside [@min, @max]
 */
int names_parse_u32(const char *str, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (str == NULL || !isdigit((unsigned char)str[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(str, &end, 10);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

/**
 * names_parse_cpu_list() - Parse a CPU list such as "0", "0,1" or "2-5,7"
 * @str:	Text
 * @cpus:	Output array, ascending, no duplicates
 * @max:	Capacity of @cpus
 * @n:		Number of CPUs written
 *
 * Return: 0 on success, -EINVAL on syntax errors, duplicates or more than
 * @max CPUs; CPU numbers must be below 1024
 */
int names_parse_cpu_list(const char *str, unsigned int *cpus, unsigned int max,
			 unsigned int *n)
{
	unsigned char seen[1024] = { 0 };
	unsigned int count = 0, c, i;
	const char *p = str;

	if (str == NULL || *str == '\0')
		return -EINVAL;
	while (*p) {
		unsigned long a, b;
		char *end;

		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		a = strtoul(p, &end, 10);
		b = a;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				return -EINVAL;
			b = strtoul(end + 1, &end, 10);
		}
		if (a > b || b >= sizeof(seen))
			return -EINVAL;
		for (c = a; c <= b; c++) {
			if (seen[c])
				return -EINVAL;
			seen[c] = 1;
			count++;
		}
		if (*end == ',' && end[1] != '\0')
			end++;
		else if (*end != '\0')
			return -EINVAL;
		p = end;
	}
	if (count > max)
		return -EINVAL;
	for (c = 0, i = 0; c < sizeof(seen); c++)
		if (seen[c])
			cpus[i++] = c;
	*n = count;
	return 0;
}

/**
 * names_printable() - Make user text safe to echo in a one-line message
 * @in:		Untrusted text (any bytes)
 * @out:	Output buffer
 * @size:	Size of @out, at least 4
 *
 * Bytes outside printable ASCII (control characters, newlines, UTF-8
 * sequences that truncation could cut) become '?'; text that does not fit
 * ends in "...".
 *
 * Return: @out
 */
const char *names_printable(const char *in, char *out, size_t size)
{
	size_t i, len = strlen(in);

	for (i = 0; i < len && i < size - 1; i++)
		out[i] = (in[i] >= 0x20 && in[i] < 0x7f) ? in[i] : '?';
	out[i] = '\0';
	if (len > size - 1)
		memcpy(out + size - 4, "...", 4);
	return out;
}

/* 1..max characters of [A-Za-z0-9_.-], not "." or "..". */
static bool names_token_valid(const char *s, size_t max)
{
	size_t len, i;

	if (s == NULL)
		return false;
	len = strlen(s);
	if (len == 0 || len > max || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '_' && c != '.' && c != '-')
			return false;
	}
	return true;
}

/**
 * names_ifname_valid() - Whether a string is a usable interface name
 * @name:	Name
 *
 * Return: true for 1-15 characters of [A-Za-z0-9_.-], not "." or ".."
 */
bool names_ifname_valid(const char *name)
{
	return names_token_valid(name, NAMES_IFNAME_MAX);
}

/**
 * names_netns_valid() - Whether a string is a usable namespace name
 * @name:	Name (as `ip netns` names it)
 *
 * Return: true for 1-63 characters of [A-Za-z0-9_.-], not "." or ".."
 */
bool names_netns_valid(const char *name)
{
	return names_token_valid(name, NAMES_NETNS_MAX);
}

/**
 * names_ipv4_parse() - Parse a dotted-quad IPv4 address
 * @str:	"a.b.c.d"
 * @addr:	Output (host order)
 *
 * Return: 0, -1 if malformed
 */
int names_ipv4_parse(const char *str, uint32_t *addr)
{
	unsigned int a, b, c, d;
	char tail;

	if (str == NULL || strspn(str, "0123456789.") != strlen(str) ||
	    sscanf(str, "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) != 4 ||
	    a > 255 || b > 255 || c > 255 || d > 255)
		return -1;
	*addr = a << 24 | b << 16 | c << 8 | d;
	return 0;
}

/**
 * names_ipv4_format() - Format an IPv4 address
 * @addr:	Address (host order)
 * @buf:	Output
 *
 * Return: @buf
 */
char *names_ipv4_format(uint32_t addr, char buf[NAMES_IPV4_STRLEN])
{
	snprintf(buf, NAMES_IPV4_STRLEN, "%u.%u.%u.%u", addr >> 24,
		 addr >> 16 & 0xff, addr >> 8 & 0xff, addr & 0xff);
	return buf;
}

/**
 * names_dns_name_valid() - Whether @s is a DNS name (domain, host name)
 * @s:		Name
 * @max:	Longest accepted length
 *
 * Labels of letters, digits and '-' (not first or last in a label; RFC 1035
 * with RFC 1123's leading digit), separated by single dots.
 *
 * Return: true for a valid name of 1-@max characters
 */
bool names_dns_name_valid(const char *s, size_t max)
{
	size_t len = strlen(s), label = 0, i;

	if (len == 0 || len > max)
		return false;
	for (i = 0; i <= len; i++) {
		char c = s[i];

		if (c == '.' || c == '\0') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-'))
			return false;
		if (label == 0 && c == '-')
			return false;
		label++;
	}
	return true;
}
