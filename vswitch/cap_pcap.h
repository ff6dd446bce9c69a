/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_pcap.h - the libpcap side of packet capture: BPF filters and pcap
 * files. Plain C (libpcap only, no DPDK): vswctl validates a filter with it
 * before asking for a capture, vswitchd's capture threads filter and write
 * with it, and unit tests drive it directly.
 */
#ifndef VSW_CAP_PCAP_H
#define VSW_CAP_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CAP_SNAPLEN_MAX		65535
#define CAP_SNAPLEN_DEFAULT	65535
#define CAP_FILTER_MAX		1024	/* characters of a BPF expression */

struct bpf_program;
struct cap_filter;
struct cap_writer;

/**
 * cap_filter_compile() - Compile a BPF expression for Ethernet frames
 * @expr:	tcpdump filter expression; NULL or "" matches everything
 * @snaplen:	Snapshot length the filter runs with
 * @err:	libpcap's error message on failure
 * @errsize:	Size of @err
 *
 * Return: filter (cap_filter_free()), NULL on a bad expression (message in
 * @err, e.g. "syntax error") or allocation failure
 */
struct cap_filter *cap_filter_compile(const char *expr, unsigned int snaplen,
				      char *err, size_t errsize);
void cap_filter_free(struct cap_filter *f);

/**
 * cap_filter_bpf() - The compiled classic BPF program (for rte_bpf_convert())
 * @f:		Filter
 *
 * Return: the program, owned by @f
 */
const struct bpf_program *cap_filter_bpf(const struct cap_filter *f);

/**
 * cap_filter_match() - Whether a frame passes the filter
 * @f:		Filter (NULL: everything passes)
 * @data:	Captured bytes (at most the snapshot length)
 * @caplen:	Bytes at @data
 * @len:	Length of the frame on the wire
 *
 * Return: true if the frame is to be written
 */
bool cap_filter_match(const struct cap_filter *f, const uint8_t *data,
		      uint32_t caplen, uint32_t len);

/**
 * cap_writer_open() - Start a pcap stream (nanosecond timestamps,
 *		       LINKTYPE_ETHERNET) on an open file descriptor
 * @fd:		Writable descriptor (regular file, pipe or socket); the writer
 *		owns it from here on (closed by cap_writer_close(), also on
 *		failure)
 * @snaplen:	Snapshot length recorded in the file header
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The file header is written at once (a reader such as `tcpdump -r -` can
 * start before the first frame).
 *
 * Return: writer, NULL on failure
 */
struct cap_writer *cap_writer_open(int fd, unsigned int snaplen, char *err,
				   size_t errsize);

/**
 * cap_writer_write() - Append one frame
 * @w:		Writer
 * @ts_ns:	Capture time, nanoseconds since the Unix epoch
 * @data:	Captured bytes
 * @caplen:	Bytes at @data (at most the snapshot length)
 * @len:	Frame length on the wire
 *
 * Return: bytes this record adds to the file (16 + @caplen), or -errno
 * (e.g. -EPIPE when a stream's reader went away: the capture must end)
 */
int cap_writer_write(struct cap_writer *w, uint64_t ts_ns, const uint8_t *data,
		     uint32_t caplen, uint32_t len);

/* Push buffered records to the descriptor. Return: 0 or -errno */
int cap_writer_flush(struct cap_writer *w);
/* Flush, close the descriptor, free. Return: 0 or -errno of the flush */
int cap_writer_close(struct cap_writer *w);

/**
 * struct cap_limits - When a capture ends by itself (0: no limit)
 * @count:	Frames written
 * @duration_ms: Milliseconds since the start
 * @max_bytes:	Bytes in the file (header and records)
 */
struct cap_limits {
	uint64_t count;
	uint64_t duration_ms;
	uint64_t max_bytes;
};

/**
 * cap_limit_reached() - Which limit ends the capture, if any
 * @l:		Limits
 * @written:	Frames written so far
 * @bytes:	Bytes written so far (file header included)
 * @elapsed_ms:	Milliseconds since the start
 * @next_bytes:	Size of the next record (16 + caplen), 0 if none pending:
 *		a record that would cross max_bytes is not written
 *
 * Return: NULL while none is reached, else a static reason ("count
 * reached", "duration reached", "size reached")
 */
const char *cap_limit_reached(const struct cap_limits *l, uint64_t written,
			      uint64_t bytes, uint64_t elapsed_ms,
			      uint64_t next_bytes);

#endif /* VSW_CAP_PCAP_H */
