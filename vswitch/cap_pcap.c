/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cap_pcap.c - the libpcap side of packet capture: BPF filters and pcap
 * files (see cap_pcap.h).
 *
 * Filters are compiled against a "dead" Ethernet pcap_t and run with
 * pcap_offline_filter(). Writers put a dead pcap_t with nanosecond
 * timestamps in front of a stdio stream on the caller's descriptor and let
 * pcap_dump() format the records. pcap_dump() ignores fwrite() failures, so
 * every call checks the stream's error flag and keeps the first error: a
 * writer that failed once fails from then on, with the same -errno.
 */
#include "cap_pcap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcap/pcap.h>

#define CAP_PCAP_HDR_LEN	16		/* per-record header in the file */
#define CAP_STDIO_BUF		(64u << 10)	/* stdio buffer of a writer */
#define CAP_PARSE_PREFIX	"can't parse filter expression: "	/* libpcap's */

/**
 * struct cap_filter - A compiled BPF program
 * @prog:	Program from pcap_compile()
 * @snaplen:	Snapshot length it was compiled for
 */
struct cap_filter {
	struct bpf_program prog;
	unsigned int snaplen;
};

/**
 * struct cap_writer - A pcap stream on a descriptor
 * @pcap:	Dead pcap_t: link type, snapshot length, nanosecond precision
 * @dumper:	Dumper on @fp
 * @fp:		Stream on the caller's descriptor
 * @buf:	Buffer of @fp
 * @snaplen:	Snapshot length; longer records are cut to it
 * @error:	First -errno seen, 0 while the stream is fine
 */
struct cap_writer {
	pcap_t *pcap;
	pcap_dumper_t *dumper;
	FILE *fp;
	char *buf;
	unsigned int snaplen;
	int error;
};

/**
 * cap_filter_compile() - Compile a BPF expression for Ethernet frames
 * @expr:	tcpdump filter expression; NULL or "" matches everything
 * @snaplen:	Snapshot length the filter runs with (1-CAP_SNAPLEN_MAX)
 * @err:	libpcap's error message on failure
 * @errsize:	Size of @err
 *
 * libpcap's "can't parse filter expression: " before a parser message is
 * left out.
 *
 * Return: filter (cap_filter_free()), NULL on a bad expression (message in
 * @err, e.g. "syntax error") or allocation failure
 */
struct cap_filter *
cap_filter_compile(const char *expr, unsigned int snaplen, char *err, size_t errsize)
{
	struct cap_filter *f;
	pcap_t *p;

	if (expr == NULL)
		expr = "";
	if (snaplen == 0 || snaplen > CAP_SNAPLEN_MAX) {
		snprintf(err, errsize, "snapshot length %u out of range (1-%u)", snaplen,
			 CAP_SNAPLEN_MAX);
		return NULL;
	}
	if (strlen(expr) > CAP_FILTER_MAX) {
		snprintf(err, errsize, "filter longer than %u characters", CAP_FILTER_MAX);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	p = pcap_open_dead(DLT_EN10MB, (int)snaplen);
	if (f == NULL || p == NULL) {
		snprintf(err, errsize, "out of memory");
		free(f);
		if (p != NULL)
			pcap_close(p);
		return NULL;
	}
	if (pcap_compile(p, &f->prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		const char *msg = pcap_geterr(p);

		/* the caller says "bad filter" already */
		if (strncmp(msg, CAP_PARSE_PREFIX, strlen(CAP_PARSE_PREFIX)) == 0)
			msg += strlen(CAP_PARSE_PREFIX);
		snprintf(err, errsize, "%s", msg);
		pcap_close(p);
		free(f);
		return NULL;
	}
	pcap_close(p);
	f->snaplen = snaplen;
	return f;
}

/**
 * cap_filter_free() - Release a filter
 * @f:		Filter from cap_filter_compile(), or NULL
 */
void
cap_filter_free(struct cap_filter *f)
{
	if (f == NULL)
		return;
	pcap_freecode(&f->prog);
	free(f);
}

/**
 * cap_filter_match() - Whether a frame passes the filter
 * @f:		Filter (NULL: everything passes)
 * @data:	Captured bytes (at most the snapshot length)
 * @caplen:	Bytes at @data
 * @len:	Length of the frame on the wire
 *
 * The program never reads beyond @caplen: a field past the captured bytes
 * makes the frame fail, as in tcpdump.
 *
 * Return: true if the frame is to be written
 */
bool
cap_filter_match(const struct cap_filter *f, const uint8_t *data, uint32_t caplen,
		 uint32_t len)
{
	struct pcap_pkthdr h;

	if (f == NULL)
		return true;
	memset(&h, 0, sizeof(h));
	h.caplen = caplen;
	h.len = len < caplen ? caplen : len;
	return pcap_offline_filter(&f->prog, &h, data) != 0;
}

/**
 * cap_stream_error() - Turn a stream failure into -errno
 * @saved:	errno right after the failed call
 *
 * Return: -@saved, or -EIO when the C library left no errno
 */
static int
cap_stream_error(int saved)
{
	return saved > 0 ? -saved : -EIO;
}

/**
 * cap_writer_open() - Start a pcap stream (nanosecond timestamps,
 *		       LINKTYPE_ETHERNET) on an open file descriptor
 * @fd:		Writable descriptor (regular file, pipe or socket); the writer
 *		owns it from here on (closed by cap_writer_close(), also on
 *		failure)
 * @snaplen:	Snapshot length recorded in the file header (1-CAP_SNAPLEN_MAX)
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * The file header is written at once (a reader such as `tcpdump -r -` can
 * start before the first frame). A regular file positioned at its start
 * (and not opened for appending) is truncated first: vswctl opens -w FILE
 * without O_TRUNC, so that a capture the daemon refuses leaves an existing
 * file as it was, and the file holds exactly this capture once it is
 * accepted. Writes block: a non-blocking descriptor that is full fails the
 * writer with -EAGAIN.
 *
 * Return: writer, NULL on failure
 */
struct cap_writer *
cap_writer_open(int fd, unsigned int snaplen, char *err, size_t errsize)
{
	struct cap_writer *w;
	struct stat st;
	int rc, flags;

	if (fd < 0) {
		snprintf(err, errsize, "invalid descriptor");
		return NULL;
	}
	if (snaplen == 0 || snaplen > CAP_SNAPLEN_MAX) {
		snprintf(err, errsize, "snapshot length %u out of range (1-%u)", snaplen,
			 CAP_SNAPLEN_MAX);
		close(fd);
		return NULL;
	}
	flags = fcntl(fd, F_GETFL);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flags >= 0 && !(flags & O_APPEND) &&
	    lseek(fd, 0, SEEK_CUR) == 0 && ftruncate(fd, 0) != 0) {
		snprintf(err, errsize, "cannot truncate the file: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (w != NULL)
		w->buf = malloc(CAP_STDIO_BUF);
	if (w == NULL || w->buf == NULL) {
		snprintf(err, errsize, "out of memory");
		goto fail_fd;
	}
	w->snaplen = snaplen;
	w->pcap = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, (int)snaplen,
						       PCAP_TSTAMP_PRECISION_NANO);
	if (w->pcap == NULL) {
		snprintf(err, errsize, "out of memory");
		goto fail_fd;
	}
	w->fp = fdopen(fd, "w");
	if (w->fp == NULL) {
		snprintf(err, errsize, "fdopen: %s", strerror(errno));
		goto fail_fd;
	}
	/* fd now belongs to w->fp */
	setvbuf(w->fp, w->buf, _IOFBF, CAP_STDIO_BUF);
	errno = 0;
	w->dumper = pcap_dump_fopen(w->pcap, w->fp);
	if (w->dumper == NULL) {
		snprintf(err, errsize, "%s", pcap_geterr(w->pcap));
		fclose(w->fp);
		goto fail;
	}
	errno = 0;
	if (pcap_dump_flush(w->dumper) != 0 || ferror(w->fp)) {
		rc = cap_stream_error(errno);
		snprintf(err, errsize, "cannot write the pcap header: %s", strerror(-rc));
		pcap_dump_close(w->dumper);
		goto fail;
	}
	return w;

fail_fd:
	close(fd);
fail:
	if (w != NULL) {
		if (w->pcap != NULL)
			pcap_close(w->pcap);
		free(w->buf);
		free(w);
	}
	return NULL;
}

/**
 * cap_writer_write() - Append one frame
 * @w:		Writer
 * @ts_ns:	Capture time, nanoseconds since the Unix epoch
 * @data:	Captured bytes
 * @caplen:	Bytes at @data; more than the snapshot length are cut to it
 * @len:	Frame length on the wire (raised to @caplen if smaller)
 *
 * Records are buffered (64 KiB); a failure may show up on a later call or
 * on cap_writer_flush().
 *
 * Return: bytes this record adds to the file (16 + @caplen), or -errno
 * (e.g. -EPIPE when a stream's reader went away: the capture must end)
 */
int
cap_writer_write(struct cap_writer *w, uint64_t ts_ns, const uint8_t *data,
		 uint32_t caplen, uint32_t len)
{
	struct pcap_pkthdr h;

	if (w->error != 0)
		return w->error;
	if (caplen > w->snaplen)
		caplen = w->snaplen;
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(ts_ns / 1000000000u);
	h.ts.tv_usec = (suseconds_t)(ts_ns % 1000000000u);	/* nanoseconds here */
	h.caplen = caplen;
	h.len = len < caplen ? caplen : len;
	errno = 0;
	pcap_dump((u_char *)w->dumper, &h, data);
	if (ferror(w->fp)) {
		w->error = cap_stream_error(errno);
		return w->error;
	}
	return (int)(CAP_PCAP_HDR_LEN + caplen);
}

/**
 * cap_writer_flush() - Push buffered records to the descriptor
 * @w:		Writer
 *
 * Return: 0 or -errno (also the first error of an earlier write)
 */
int
cap_writer_flush(struct cap_writer *w)
{
	if (w->error != 0)
		return w->error;
	errno = 0;
	if (pcap_dump_flush(w->dumper) != 0 || ferror(w->fp))
		w->error = cap_stream_error(errno);
	return w->error;
}

/**
 * cap_writer_close() - Flush, close the descriptor, free
 * @w:		Writer, or NULL
 *
 * Return: 0, or -errno of the flush (or of an earlier write that failed)
 */
int
cap_writer_close(struct cap_writer *w)
{
	int rc;

	if (w == NULL)
		return 0;
	rc = cap_writer_flush(w);
	/* After a failure the buffer still holds records: drop them rather
	 * than let fclose() try the dead descriptor again.
	 */
	if (rc != 0)
		__fpurge(w->fp);
	pcap_dump_close(w->dumper);
	pcap_close(w->pcap);
	free(w->buf);
	free(w);
	return rc;
}

/**
 * cap_limit_reached() - Which limit ends the capture, if any
 * @l:		Limits (0: none)
 * @written:	Frames written so far
 * @bytes:	Bytes written so far (file header included)
 * @elapsed_ms:	Milliseconds since the start
 * @next_bytes:	Size of the next record (16 + caplen), 0 if none pending:
 *		a record that would cross max_bytes is not written
 *
 * Checked in this order: count, size, duration.
 *
 * Return: NULL while none is reached, else a static reason ("count
 * reached", "duration reached", "size reached")
 */
const char *
cap_limit_reached(const struct cap_limits *l, uint64_t written, uint64_t bytes,
		  uint64_t elapsed_ms, uint64_t next_bytes)
{
	if (l->count != 0 && written >= l->count)
		return "count reached";
	if (l->max_bytes != 0 &&
	    (bytes >= l->max_bytes || next_bytes > l->max_bytes - bytes))
		return "size reached";
	if (l->duration_ms != 0 && elapsed_ms >= l->duration_ms)
		return "duration reached";
	return NULL;
}

/**
 * cap_filter_bpf() - The compiled classic BPF program (for rte_bpf_convert())
 * @f:		Filter
 *
 * Return: the program, owned by @f
 */
const struct bpf_program *cap_filter_bpf(const struct cap_filter *f)
{
	return &f->prog;
}
