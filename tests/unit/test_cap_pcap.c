/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cap_pcap.c - unit tests for cap_pcap.c: BPF filter compilation and
 * matching on crafted frames, the pcap writer (files parsed here byte by
 * byte, and read back by tcpdump when it is installed), write errors on a
 * pipe whose reader went away, and the capture limits.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cap_pcap.h"

#define ERR_SIZE	256
#define TCPDUMP		"/usr/bin/tcpdump"
#define PCAP_NS_MAGIC	0xa1b23c4du
#define GHDR_LEN	24
#define RHDR_LEN	16

static const uint8_t mac_a[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t mac_b[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x02 };

/**
 * put16() - Store a big-endian 16-bit value
 * @p:		Destination
 * @v:		Value
 */
static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/**
 * frame_udp() - Build an Ethernet/IPv4/UDP frame
 * @buf:	Output, at least 60 + @payload bytes
 * @vlan:	802.1Q VLAN id, 0 for an untagged frame
 * @dport:	UDP destination port
 * @payload:	UDP payload bytes (zeros)
 *
 * Return: frame length
 */
static size_t
frame_udp(uint8_t *buf, uint16_t vlan, uint16_t dport, size_t payload)
{
	size_t off = 12, ip;

	memset(buf, 0, 64 + payload);
	memcpy(buf, mac_b, 6);
	memcpy(buf + 6, mac_a, 6);
	if (vlan != 0) {
		put16(buf + off, 0x8100);
		put16(buf + off + 2, vlan);
		off += 4;
	}
	put16(buf + off, 0x0800);
	ip = off + 2;
	buf[ip] = 0x45;
	put16(buf + ip + 2, (uint16_t)(20 + 8 + payload));
	buf[ip + 8] = 64;
	buf[ip + 9] = 17;			/* UDP */
	buf[ip + 12] = 10;			/* 10.0.0.1 -> 10.0.0.2 */
	buf[ip + 15] = 1;
	buf[ip + 16] = 10;
	buf[ip + 19] = 2;
	put16(buf + ip + 20, 40000);		/* source port */
	put16(buf + ip + 22, dport);
	put16(buf + ip + 24, (uint16_t)(8 + payload));
	return ip + 28 + payload;
}

/**
 * frame_arp() - Build an ARP request from mac_a for 10.0.0.2
 * @buf:	Output, at least 60 bytes
 *
 * Return: frame length (60)
 */
static size_t
frame_arp(uint8_t *buf)
{
	memset(buf, 0, 60);
	memset(buf, 0xff, 6);
	memcpy(buf + 6, mac_a, 6);
	put16(buf + 12, 0x0806);
	put16(buf + 14, 1);		/* Ethernet */
	put16(buf + 16, 0x0800);
	buf[18] = 6;
	buf[19] = 4;
	put16(buf + 20, 1);		/* request */
	memcpy(buf + 22, mac_a, 6);
	buf[28] = 10;
	buf[31] = 1;
	buf[38] = 10;
	buf[41] = 2;
	return 60;
}

/**
 * match() - Compile @expr and run it on one frame
 * @expr:	Filter expression
 * @frame:	Frame bytes
 * @len:	Frame length (all captured)
 *
 * Return: whether the frame passes
 */
static bool
match(const char *expr, const uint8_t *frame, size_t len)
{
	char err[ERR_SIZE] = "";
	struct cap_filter *f = cap_filter_compile(expr, CAP_SNAPLEN_DEFAULT, err,
						  sizeof(err));
	bool m;

	if (f == NULL)
		fail_msg("'%s': %s", expr, err);
	m = cap_filter_match(f, frame, (uint32_t)len, (uint32_t)len);
	cap_filter_free(f);
	return m;
}

static void
test_filter_errors(void **state)
{
	static const char *const bad[] = {
		"udp prot 9", "tcp port", "port 99999", "ether host 1:2:3", "(udp",
		"nonsense_keyword", "vlan 5000",
	};
	char err[ERR_SIZE], longexpr[CAP_FILTER_MAX + 8];
	struct cap_filter *f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		f = cap_filter_compile(bad[i], CAP_SNAPLEN_DEFAULT, err, sizeof(err));
		if (f != NULL || err[0] == '\0' || strchr(err, '\n') != NULL)
			fail_msg("'%s' compiled or no message: '%s'", bad[i], err);
	}
	/* libpcap's own words */
	f = cap_filter_compile("udp prot 9", CAP_SNAPLEN_DEFAULT, err, sizeof(err));
	assert_null(f);
	assert_string_equal(err, "syntax error");	/* without libpcap's "can't parse" */
	f = cap_filter_compile("port 99999", CAP_SNAPLEN_DEFAULT, err, sizeof(err));
	assert_null(f);
	assert_non_null(strstr(err, "port"));
	/* bounds checked here, not by libpcap */
	memset(longexpr, ' ', sizeof(longexpr) - 1);
	longexpr[sizeof(longexpr) - 1] = '\0';
	assert_null(cap_filter_compile(longexpr, 100, err, sizeof(err)));
	assert_non_null(strstr(err, "longer than 1024"));
	assert_null(cap_filter_compile("udp", 0, err, sizeof(err)));
	assert_non_null(strstr(err, "out of range"));
	assert_null(cap_filter_compile("udp", CAP_SNAPLEN_MAX + 1, err, sizeof(err)));
	/* a small error buffer is not overrun */
	memset(err, 'Z', sizeof(err));
	assert_null(cap_filter_compile("udp prot 9", 100, err, 5));
	assert_int_equal(err[4], '\0');
	assert_int_equal(err[5], 'Z');
	/* empty and NULL expressions match everything */
	f = cap_filter_compile("", 100, err, sizeof(err));
	assert_non_null(f);
	cap_filter_free(f);
	f = cap_filter_compile(NULL, 100, err, sizeof(err));
	assert_non_null(f);
	cap_filter_free(f);
	cap_filter_free(NULL);
}

static void
test_filter_match(void **state)
{
	uint8_t udp9[128], udp53[128], tagged[128], arp[64];
	size_t n9, n53, nt, na;

	(void)state;
	n9 = frame_udp(udp9, 0, 9, 18);
	n53 = frame_udp(udp53, 0, 53, 18);
	nt = frame_udp(tagged, 10, 9, 14);
	na = frame_arp(arp);

	assert_true(match("udp port 9", udp9, n9));
	assert_true(match("udp dst port 9", udp9, n9));
	assert_false(match("udp src port 9", udp9, n9));
	assert_false(match("udp port 9", udp53, n53));
	assert_false(match("udp port 9", arp, na));
	assert_false(match("tcp", udp9, n9));
	assert_true(match("host 10.0.0.2 and udp", udp9, n9));
	/* 802.1Q: plain filters do not look past the tag, "vlan" does */
	assert_false(match("udp port 9", tagged, nt));
	assert_true(match("vlan", tagged, nt));
	assert_true(match("vlan 10", tagged, nt));
	assert_false(match("vlan 11", tagged, nt));
	assert_true(match("vlan 10 and udp port 9", tagged, nt));
	assert_false(match("vlan", udp9, n9));
	/* ARP */
	assert_true(match("arp", arp, na));
	assert_false(match("arp", udp9, n9));
	assert_true(match("arp and ether broadcast", arp, na));
	/* Ethernet addresses, either case */
	assert_true(match("ether host 52:54:00:00:00:01", udp9, n9));
	assert_true(match("ether src 52:54:00:00:00:01", udp9, n9));
	assert_false(match("ether dst 52:54:00:00:00:01", udp9, n9));
	assert_true(match("ether dst 52:54:00:00:00:02", udp9, n9));
	assert_true(match("ether host 52:54:00:00:00:01", arp, na));
	assert_false(match("ether host 52:54:00:00:00:02", arp, na));
	assert_true(match("ether host 52:54:00:00:00:02 and vlan 10", tagged, nt));
	/* empty: everything; a NULL filter too */
	assert_true(match("", arp, na));
	assert_true(cap_filter_match(NULL, arp, (uint32_t)na, (uint32_t)na));
	assert_true(match("not udp port 9", udp53, n53));
	assert_true(match("greater 60", udp9, n9));
	assert_false(match("less 59", udp9, n9));
}

static void
test_filter_truncated(void **state)
{
	char err[ERR_SIZE];
	struct cap_filter *f;
	uint8_t udp9[128];
	size_t n9 = frame_udp(udp9, 0, 9, 18);

	(void)state;
	/* the port lies beyond 20 captured bytes: no match, and no read past them */
	f = cap_filter_compile("udp port 9", 20, err, sizeof(err));
	assert_non_null(f);
	assert_false(cap_filter_match(f, udp9, 20, (uint32_t)n9));
	assert_true(cap_filter_match(f, udp9, (uint32_t)n9, (uint32_t)n9));
	cap_filter_free(f);
	/* the wire length counts for "greater" even when cut */
	f = cap_filter_compile("greater 1000", 64, err, sizeof(err));
	assert_non_null(f);
	assert_true(cap_filter_match(f, udp9, 20, 1500));
	assert_false(cap_filter_match(f, udp9, 20, 64));
	cap_filter_free(f);
}

/* pcap files */

/**
 * rd32() - Read a 32-bit value in host order (pcap files are written so)
 * @p:		Source
 *
 * Return: value
 */
static uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/**
 * rd16() - Read a 16-bit value in host order
 * @p:		Source
 *
 * Return: value
 */
static uint16_t
rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/**
 * read_file() - Read a whole file
 * @path:	File
 * @size:	Output: bytes read
 *
 * Return: contents, to free()
 */
static uint8_t *
read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*size = (size_t)len;
	return buf;
}

/**
 * check_global_header() - Check a pcap global header
 * @p:		First 24 bytes of the file
 * @snaplen:	Expected snapshot length
 */
static void
check_global_header(const uint8_t *p, uint32_t snaplen)
{
	assert_int_equal(rd32(p), PCAP_NS_MAGIC);	/* nanosecond timestamps */
	assert_int_equal(rd16(p + 4), 2);		/* version 2.4 */
	assert_int_equal(rd16(p + 6), 4);
	assert_int_equal(rd32(p + 8), 0);		/* thiszone */
	assert_int_equal(rd32(p + 12), 0);		/* sigfigs */
	assert_int_equal(rd32(p + 16), snaplen);
	assert_int_equal(rd32(p + 20), 1);		/* LINKTYPE_ETHERNET */
}

/**
 * struct rec - One record expected in a pcap file
 * @ts_ns:	Timestamp
 * @caplen:	Bytes stored
 * @len:	Wire length
 * @data:	Frame (first @caplen bytes compared)
 */
struct rec {
	uint64_t ts_ns;
	uint32_t caplen;
	uint32_t len;
	const uint8_t *data;
};

/**
 * check_records() - Walk the records of a pcap file
 * @buf:	File contents
 * @size:	File size
 * @recs:	Expected records
 * @n:		Number of @recs; the file must hold exactly these
 */
static void
check_records(const uint8_t *buf, size_t size, const struct rec *recs, size_t n)
{
	size_t off = GHDR_LEN, i;

	for (i = 0; i < n; i++) {
		const uint8_t *h = buf + off;

		assert_true(off + RHDR_LEN <= size);
		assert_int_equal(rd32(h), recs[i].ts_ns / 1000000000u);
		assert_int_equal(rd32(h + 4), recs[i].ts_ns % 1000000000u);
		assert_int_equal(rd32(h + 8), recs[i].caplen);
		assert_int_equal(rd32(h + 12), recs[i].len);
		off += RHDR_LEN;
		assert_true(off + recs[i].caplen <= size);
		assert_memory_equal(buf + off, recs[i].data, recs[i].caplen);
		off += recs[i].caplen;
	}
	assert_int_equal(off, size);
}

/**
 * run_tcpdump() - Read a file with tcpdump (installed by tools/install-deps.sh;
 *		   the test fails without it)
 * @path:	pcap file
 * @out:	Output: tcpdump's stdout and stderr, to free()
 *
 * Return: number of packet lines
 */
static int
run_tcpdump(const char *path, char **out)
{
	char cmd[512], line[1024];
	size_t len = 0, cap = 0;
	int lines = 0;
	FILE *p;

	*out = NULL;
	if (access(TCPDUMP, X_OK) != 0)
		fail_msg("%s not installed (tools/install-deps.sh)", TCPDUMP);
	snprintf(cmd, sizeof(cmd), "%s -nn -e -tt --time-stamp-precision=nano -r '%s' 2>&1",
		 TCPDUMP, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p) != NULL) {
		size_t l = strlen(line);

		if (len + l + 1 > cap) {
			cap = (len + l + 1) * 2;
			*out = realloc(*out, cap);
			assert_non_null(*out);
		}
		memcpy(*out + len, line, l + 1);
		len += l;
		if (strncmp(line, "reading from", 12) != 0)
			lines++;
	}
	assert_int_equal(pclose(p), 0);
	return lines;
}

static void
test_writer_file(void **state)
{
	char path[] = "/tmp/test_cap_pcap.XXXXXX", err[ERR_SIZE] = "", *out;
	uint8_t udp9[256], tagged[128], arp[64], big[2000], *buf;
	struct cap_writer *w;
	struct rec recs[4];
	size_t size, n9, nt, na;
	int fd, lines;

	(void)state;
	n9 = frame_udp(udp9, 0, 9, 60);
	nt = frame_udp(tagged, 10, 9, 14);
	na = frame_arp(arp);
	memset(big, 0xab, sizeof(big));
	memcpy(big, udp9, n9);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	w = cap_writer_open(fd, 128, err, sizeof(err));
	if (w == NULL)
		fail_msg("open: %s", err);
	/* the header is on disk before any frame */
	buf = read_file(path, &size);
	assert_int_equal(size, GHDR_LEN);
	check_global_header(buf, 128);
	free(buf);

	recs[0] = (struct rec){ 1700000000123456789ull, (uint32_t)n9, (uint32_t)n9, udp9 };
	recs[1] = (struct rec){ 1700000000999999999ull, (uint32_t)nt, (uint32_t)nt, tagged };
	recs[2] = (struct rec){ 1700000001000000000ull, (uint32_t)na, (uint32_t)na, arp };
	/* longer than the snapshot: cut to 128, wire length kept */
	recs[3] = (struct rec){ 1700000002000000001ull, 128, sizeof(big), big };
	assert_int_equal(cap_writer_write(w, recs[0].ts_ns, udp9, (uint32_t)n9,
					  (uint32_t)n9), 16 + (int)n9);
	assert_int_equal(cap_writer_write(w, recs[1].ts_ns, tagged, (uint32_t)nt,
					  (uint32_t)nt), 16 + (int)nt);
	assert_int_equal(cap_writer_write(w, recs[2].ts_ns, arp, (uint32_t)na,
					  (uint32_t)na), 16 + (int)na);
	assert_int_equal(cap_writer_write(w, recs[3].ts_ns, big, sizeof(big),
					  sizeof(big)), 16 + 128);
	assert_int_equal(cap_writer_flush(w), 0);
	assert_int_equal(cap_writer_close(w), 0);

	buf = read_file(path, &size);
	check_global_header(buf, 128);
	check_records(buf, size, recs, 4);
	free(buf);

	lines = run_tcpdump(path, &out);
	if (lines >= 0) {
		if (lines != 4 ||
		    strstr(out, "1700000000.123456789") == NULL ||
		    strstr(out, "length 102: 10.0.0.1.40000 > 10.0.0.2.9: UDP, length 60") == NULL ||
		    strstr(out, "ethertype 802.1Q (0x8100), length 60: vlan 10, p 0, "
			   "ethertype IPv4") == NULL ||
		    strstr(out, "length 2000:") == NULL ||
		    strstr(out, "ethertype ARP (0x0806), length 60: Request who-has 10.0.0.2 "
			   "tell 10.0.0.1") == NULL ||
		    strstr(out, "1700000002.000000001") == NULL)
			fail_msg("tcpdump said (%d lines):\n%s", lines, out);
		free(out);
	} else {
		print_message("tcpdump not installed: checked by parsing only\n");
	}
	unlink(path);
}

static void
test_writer_empty_and_default_snaplen(void **state)
{
	char path[] = "/tmp/test_cap_pcap.XXXXXX", err[ERR_SIZE], *out;
	struct cap_writer *w;
	uint8_t *buf;
	size_t size;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	w = cap_writer_open(fd, CAP_SNAPLEN_DEFAULT, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(cap_writer_close(w), 0);
	buf = read_file(path, &size);
	assert_int_equal(size, GHDR_LEN);
	check_global_header(buf, 65535);
	free(buf);
	if (run_tcpdump(path, &out) >= 0) {
		assert_non_null(strstr(out, "link-type EN10MB"));
		free(out);
	}
	unlink(path);
	assert_int_equal(cap_writer_close(NULL), 0);
}

static void
test_writer_truncates(void **state)
{
	char path[] = "/tmp/test_cap_pcap.XXXXXX", err[ERR_SIZE];
	uint8_t old[100], *buf;
	struct cap_writer *w;
	size_t size;
	int fd;

	(void)state;
	/* a regular file at offset 0 holds exactly the new capture */
	memset(old, 'x', sizeof(old));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, old, sizeof(old)), sizeof(old));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	w = cap_writer_open(fd, 64, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(cap_writer_close(w), 0);
	buf = read_file(path, &size);
	assert_int_equal(size, GHDR_LEN);
	check_global_header(buf, 64);
	free(buf);
	/* elsewhere in a file (appending, "-w - >> FILE"): written after what is there */
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	w = cap_writer_open(fd, 64, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(cap_writer_close(w), 0);
	buf = read_file(path, &size);
	assert_int_equal(size, 2 * GHDR_LEN);
	check_global_header(buf + GHDR_LEN, 64);
	free(buf);
	unlink(path);
}

static void
test_writer_open_errors(void **state)
{
	char err[ERR_SIZE];
	int fds[2];

	(void)state;
	assert_null(cap_writer_open(-1, 100, err, sizeof(err)));
	/* the descriptor is closed on failure */
	assert_int_equal(pipe(fds), 0);
	assert_null(cap_writer_open(fds[1], 0, err, sizeof(err)));
	assert_non_null(strstr(err, "out of range"));
	assert_int_equal(fcntl(fds[1], F_GETFD), -1);
	assert_int_equal(errno, EBADF);
	/* a read-only descriptor cannot take the header */
	err[0] = '\0';
	assert_null(cap_writer_open(fds[0], 100, err, sizeof(err)));
	assert_true(err[0] != '\0');
	assert_int_equal(fcntl(fds[0], F_GETFD), -1);
}

static void
test_writer_pipe(void **state)
{
	uint8_t hdr[GHDR_LEN], udp9[128], rec[RHDR_LEN + 128];
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	char err[ERR_SIZE];
	struct cap_writer *w;
	size_t n9 = frame_udp(udp9, 0, 9, 18);
	int fds[2], rc, i;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	w = cap_writer_open(fds[1], 1500, err, sizeof(err));
	assert_non_null(w);
	/* a live reader gets the header at once, then flushed records */
	assert_int_equal(read(fds[0], hdr, sizeof(hdr)), GHDR_LEN);
	check_global_header(hdr, 1500);
	assert_int_equal(cap_writer_write(w, 5000000000ull, udp9, (uint32_t)n9,
					  (uint32_t)n9), 16 + (int)n9);
	assert_int_equal(cap_writer_flush(w), 0);
	assert_int_equal(read(fds[0], rec, sizeof(rec)), RHDR_LEN + (ssize_t)n9);
	assert_int_equal(rd32(rec), 5);
	assert_int_equal(rd32(rec + 4), 0);
	assert_memory_equal(rec + RHDR_LEN, udp9, n9);

	/* the reader goes away: the next flush fails with EPIPE, and so does
	 * everything after it
	 */
	close(fds[0]);
	assert_int_equal(cap_writer_write(w, 6000000000ull, udp9, (uint32_t)n9,
					  (uint32_t)n9), 16 + (int)n9);
	assert_int_equal(cap_writer_flush(w), -EPIPE);
	assert_int_equal(cap_writer_write(w, 7000000000ull, udp9, (uint32_t)n9,
					  (uint32_t)n9), -EPIPE);
	assert_int_equal(cap_writer_flush(w), -EPIPE);
	assert_int_equal(cap_writer_close(w), -EPIPE);

	/* without flushes: writes fail once the buffer must go out */
	assert_int_equal(pipe(fds), 0);
	w = cap_writer_open(fds[1], 1500, err, sizeof(err));
	assert_non_null(w);
	close(fds[0]);
	rc = 0;
	for (i = 0; i < 100000 && rc >= 0; i++)
		rc = cap_writer_write(w, 1, udp9, (uint32_t)n9, (uint32_t)n9);
	assert_int_equal(rc, -EPIPE);
	assert_int_equal(cap_writer_close(w), -EPIPE);

	/* a reader already gone at open: no writer */
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	assert_null(cap_writer_open(fds[1], 1500, err, sizeof(err)));
	assert_non_null(strstr(err, "Broken pipe"));
	signal(SIGPIPE, old);
}

static void
test_writer_tcpdump_stream(void **state)
{
	char dir[] = "/tmp/test_cap_pcap.XXXXXX", cmd[512], err[ERR_SIZE], *out;
	uint8_t arp[64];
	struct cap_writer *w;
	size_t na = frame_arp(arp), size;
	FILE *p;
	int i;

	(void)state;
	/* tools/install-deps.sh installs tcpdump: without it this must fail */
	if (access(TCPDUMP, X_OK) != 0)
		fail_msg("%s not installed (tools/install-deps.sh)", TCPDUMP);
	/* the live case of `vswctl capture start ... -w - | tcpdump -r -` */
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "%s -nn -tt -r - > %s/out 2>&1", TCPDUMP, dir);
	p = popen(cmd, "w");
	assert_non_null(p);
	w = cap_writer_open(dup(fileno(p)), 96, err, sizeof(err));
	assert_non_null(w);
	for (i = 0; i < 3; i++)
		assert_int_equal(cap_writer_write(w, 1000000000ull * (uint64_t)(i + 1), arp,
						  (uint32_t)na, (uint32_t)na), 16 + (int)na);
	assert_int_equal(cap_writer_close(w), 0);
	assert_int_equal(pclose(p), 0);
	snprintf(cmd, sizeof(cmd), "%s/out", dir);
	out = (char *)read_file(cmd, &size);
	out[size] = '\0';
	if (strstr(out, "snapshot length 96") == NULL ||
	    strstr(out, "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46\n"
		   "2.000000 ARP") == NULL)
		fail_msg("tcpdump said:\n%s", out);
	free(out);
	unlink(cmd);
	rmdir(dir);
}

static void
test_writer_full_disk(void **state)
{
	char err[ERR_SIZE];
	int fd;

	(void)state;
	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		fail_msg("cannot open /dev/full: %s", strerror(errno));
	/* the header's flush already fails */
	assert_null(cap_writer_open(fd, 1500, err, sizeof(err)));
	assert_non_null(strstr(err, strerror(ENOSPC)));
}

/* Limits */

static void
test_limits(void **state)
{
	struct cap_limits none = { 0, 0, 0 };
	struct cap_limits count = { .count = 10 };
	struct cap_limits dur = { .duration_ms = 5000 };
	struct cap_limits size = { .max_bytes = 1000 };
	struct cap_limits all = { .count = 3, .duration_ms = 100, .max_bytes = 200 };

	(void)state;
	assert_null(cap_limit_reached(&none, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX));
	/* count */
	assert_null(cap_limit_reached(&count, 9, 24, 0, 0));
	assert_null(cap_limit_reached(&count, 9, 24, 0, 100));
	assert_string_equal(cap_limit_reached(&count, 10, 24, 0, 0), "count reached");
	assert_string_equal(cap_limit_reached(&count, 11, 24, 0, 0), "count reached");
	/* duration */
	assert_null(cap_limit_reached(&dur, 1000, 1 << 30, 4999, 100));
	assert_string_equal(cap_limit_reached(&dur, 0, 24, 5000, 0), "duration reached");
	/* size: a record that would cross the limit is not written */
	assert_null(cap_limit_reached(&size, 0, 24, 0, 0));
	assert_null(cap_limit_reached(&size, 0, 24, 0, 976));
	assert_string_equal(cap_limit_reached(&size, 0, 24, 0, 977), "size reached");
	assert_null(cap_limit_reached(&size, 5, 999, 0, 0));
	assert_null(cap_limit_reached(&size, 5, 999, 0, 1));
	assert_string_equal(cap_limit_reached(&size, 5, 999, 0, 2), "size reached");
	assert_string_equal(cap_limit_reached(&size, 5, 1000, 0, 0), "size reached");
	assert_string_equal(cap_limit_reached(&size, 5, 1200, 0, 0), "size reached");
	/* no overflow near the top */
	size.max_bytes = UINT64_MAX;
	assert_null(cap_limit_reached(&size, 0, UINT64_MAX - 10, 0, 10));
	assert_string_equal(cap_limit_reached(&size, 0, UINT64_MAX - 10, 0, 11),
			    "size reached");
	/* a limit below the header's 24 bytes ends the capture at once */
	size.max_bytes = 10;
	assert_string_equal(cap_limit_reached(&size, 0, 24, 0, 0), "size reached");
	/* order: count, size, duration */
	assert_string_equal(cap_limit_reached(&all, 3, 500, 500, 0), "count reached");
	assert_string_equal(cap_limit_reached(&all, 2, 500, 500, 0), "size reached");
	assert_string_equal(cap_limit_reached(&all, 2, 100, 500, 0), "duration reached");
	assert_null(cap_limit_reached(&all, 2, 100, 99, 100));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_errors),
		cmocka_unit_test(test_filter_match),
		cmocka_unit_test(test_filter_truncated),
		cmocka_unit_test(test_writer_file),
		cmocka_unit_test(test_writer_empty_and_default_snaplen),
		cmocka_unit_test(test_writer_truncates),
		cmocka_unit_test(test_writer_open_errors),
		cmocka_unit_test(test_writer_pipe),
		cmocka_unit_test(test_writer_tcpdump_stream),
		cmocka_unit_test(test_writer_full_disk),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
