/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state_file.c - crash-safe JSON files: atomic write, strict read.
 *
 * A write goes to NAME.tmp, is fsync()ed, renamed over NAME, and the
 * directory is fsync()ed, so after a crash NAME holds either the old or the
 * new content, never a mix. A read that finds anything but a well-formed
 * state document fails loudly; the caller then refuses to start instead of
 * overwriting what the admin may still need.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state_file.h"

static int write_all(int fd, const char *data, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, data, size);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

/**
 * state_file_write() - Replace DIR/NAME atomically and durably
 * @dir:	Directory (must exist)
 * @name:	File name
 * @data:	New content
 * @size:	Bytes in @data
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 on success, -errno on failure (DIR/NAME unchanged)
 */
int state_file_write(const char *dir, const char *name, const char *data,
		     size_t size, char *err, size_t errsize)
{
	char path[4096], tmp[4096];
	int fd, dfd, ret;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name) >= (int)sizeof(tmp)) {
		snprintf(err, errsize, "state path too long");
		return -ENAMETOOLONG;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errsize, "cannot create %s: %s", tmp, strerror(errno));
		return ret;
	}
	ret = write_all(fd, data, size);
	if (ret == 0 && fsync(fd) != 0)
		ret = -errno;
	if (close(fd) != 0 && ret == 0)
		ret = -errno;
	if (ret == 0 && rename(tmp, path) != 0)
		ret = -errno;
	if (ret != 0) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(-ret));
		unlink(tmp);
		return ret;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) != 0)
			ret = -errno;
		close(dfd);
	}
	if (ret != 0)
		snprintf(err, errsize, "cannot sync %s: %s", dir, strerror(-ret));
	return ret;
}

/**
 * state_file_read() - Read and parse DIR/NAME
 * @dir:	Directory
 * @name:	File name
 * @out:	Parsed document; NULL if the file does not exist
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Return: 0 (document or absent), -errno if unreadable, -EINVAL if corrupt
 */
int state_file_read(const char *dir, const char *name, json_t **out,
		    char *err, size_t errsize)
{
	char path[4096];
	json_error_t jerr;
	struct stat st;
	json_t *root;
	int ret;

	*out = NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		ret = -errno;
		snprintf(err, errsize, "cannot read %s: %s", path, strerror(errno));
		return ret;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > STATE_MAX_SIZE) {
		snprintf(err, errsize, "%s is not a regular file of at most %d "
			 "bytes", path, STATE_MAX_SIZE);
		return -EINVAL;
	}
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (access(path, R_OK) != 0) {
			ret = -errno;
			snprintf(err, errsize, "cannot read %s: %s", path,
				 strerror(errno));
			return ret;
		}
		snprintf(err, errsize, "%s is corrupt (line %d: %s)", path,
			 jerr.line, jerr.text);
		return -EINVAL;
	}
	if (state_file_validate(root, err, errsize) != 0) {
		char inner[256];

		snprintf(inner, sizeof(inner), "%s", err);
		snprintf(err, errsize, "%s is corrupt (%s)", path, inner);
		json_decref(root);
		return -EINVAL;
	}
	*out = root;
	return 0;
}

/**
 * state_file_validate() - Check the shape of a state document
 * @root:	{"version": 1, "networks": [...], "ports": [...], "fdb": [...]}
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * Entries are validated later, by the same code as control requests.
 *
 * Return: 0 or -EINVAL
 */
int state_file_validate(json_t *root, char *err, size_t errsize)
{
	static const char *const arrays[] = { "networks", "ports", "fdb" };
	json_t *v;
	size_t i, j;

	if (!json_is_object(root)) {
		snprintf(err, errsize, "top level is not an object");
		return -EINVAL;
	}
	v = json_object_get(root, "version");
	if (!json_is_integer(v) || json_integer_value(v) != STATE_VERSION) {
		snprintf(err, errsize, "missing or unsupported \"version\" "
			 "(expected %d)", STATE_VERSION);
		return -EINVAL;
	}
	for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
		json_t *e;

		v = json_object_get(root, arrays[i]);
		if (!json_is_array(v)) {
			snprintf(err, errsize, "\"%s\" is missing or not an array",
				 arrays[i]);
			return -EINVAL;
		}
		json_array_foreach(v, j, e) {
			if (!json_is_object(e)) {
				snprintf(err, errsize, "\"%s\"[%zu] is not an "
					 "object", arrays[i], j);
				return -EINVAL;
			}
		}
	}
	return 0;
}
