/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_state_file.c - unit tests for vswitch/state_file.c: atomic writes,
 * strict reads, and refusal of every kind of corrupt state file without
 * touching it. Each test works in its own mkdtemp() directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
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
#include <jansson.h>

#include "state_file.h"

#define GOOD_DOC "{\"version\": 1, \"networks\": [{\"name\": \"n1\"}], " \
		 "\"ports\": [{\"name\": \"p1\", \"net\": \"n1\"}], \"fdb\": []}"

/**
 * struct tdir - Per-test directory
 * @path:	The directory
 * @file:	@path/state.json
 */
struct tdir {
	char path[256];
	char file[300];
};

static int
dir_setup(void **state)
{
	struct tdir *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return -1;
	snprintf(d->path, sizeof(d->path), "%s/vswut-state-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(d->path) == NULL) {
		free(d);
		return -1;
	}
	snprintf(d->file, sizeof(d->file), "%s/%s", d->path, STATE_FILE_NAME);
	*state = d;
	return 0;
}

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
dir_teardown(void **state)
{
	struct tdir *d = *state;

	nftw(d->path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(d);
	return 0;
}

/**
 * put_file() - Create a file with exact content
 * @path:	File
 * @data:	Content
 * @size:	Bytes
 */
static void
put_file(const char *path, const char *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
}

/**
 * get_file() - Read a whole file
 * @path:	File
 * @size:	Output: bytes read
 *
 * Return: malloc()ed content (NUL-terminated), NULL if it cannot be opened
 */
static char *
get_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (f == NULL)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	*size = (size_t)len;
	return buf;
}

/**
 * dir_entries() - Number of entries in a directory, "." and ".." excluded
 * @path:	Directory
 *
 * Return: count
 */
static unsigned int
dir_entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	unsigned int n = 0;

	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dir);
	return n;
}

static void
test_write_read_back(void **state)
{
	struct tdir *d = *state;
	json_t *want = json_loads(GOOD_DOC, 0, NULL), *got = NULL;
	char err[512] = "";
	char *text;

	assert_non_null(want);
	text = json_dumps(want, JSON_INDENT(2));
	assert_int_equal(state_file_write(d->path, STATE_FILE_NAME, text,
					  strlen(text), err, sizeof(err)), 0);
	assert_int_equal(state_file_read(d->path, STATE_FILE_NAME, &got, err,
					 sizeof(err)), 0);
	assert_non_null(got);
	assert_true(json_equal(want, got));
	assert_string_equal(err, "");
	/* only the file itself is left */
	assert_int_equal(dir_entries(d->path), 1);
	json_decref(got);
	json_decref(want);
	free(text);
}

static void
test_write_replaces(void **state)
{
	static const char v1[] = "{\"version\": 1, \"networks\": [], \"ports\": [], "
				 "\"fdb\": [], \"x\": \"first, and longer than the second\"}";
	static const char v2[] = "{\"version\": 1, \"networks\": [], \"ports\": [], "
				 "\"fdb\": []}";
	struct tdir *d = *state;
	char err[512], tmp[320];
	struct stat st;
	size_t size;
	char *back;

	assert_int_equal(state_file_write(d->path, STATE_FILE_NAME, v1,
					  strlen(v1), err, sizeof(err)), 0);
	assert_int_equal(stat(d->file, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);	/* not readable by others */

	/* a temp file left by a crash does not get in the way */
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", d->path, STATE_FILE_NAME);
	put_file(tmp, "garbage", 7);
	assert_int_equal(state_file_write(d->path, STATE_FILE_NAME, v2,
					  strlen(v2), err, sizeof(err)), 0);
	back = get_file(d->file, &size);
	assert_non_null(back);
	assert_int_equal(size, strlen(v2));
	assert_memory_equal(back, v2, size);
	free(back);
	assert_int_equal(dir_entries(d->path), 1);
	assert_int_equal(access(tmp, F_OK), -1);

	/* other names work the same way and do not touch state.json */
	assert_int_equal(state_file_write(d->path, "other.json", "{}", 2, err,
					  sizeof(err)), 0);
	assert_int_equal(dir_entries(d->path), 2);
	back = get_file(d->file, &size);
	assert_memory_equal(back, v2, size);
	free(back);
}

static void
test_write_large(void **state)
{
	struct tdir *d = *state;
	size_t n = 3 * 1024 * 1024, size, i;
	char *data = malloc(n), *back, err[512], path[320];

	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(state_file_write(d->path, "big", data, n, err,
					  sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/big", d->path);
	back = get_file(path, &size);
	assert_non_null(back);
	assert_int_equal(size, n);
	assert_memory_equal(back, data, n);
	free(back);
	free(data);
}

static void
test_read_missing(void **state)
{
	struct tdir *d = *state;
	json_t *out = (json_t *)&out;	/* must be overwritten */
	char err[512] = "";

	assert_int_equal(state_file_read(d->path, STATE_FILE_NAME, &out, err,
					 sizeof(err)), 0);
	assert_null(out);
	assert_int_equal(dir_entries(d->path), 0);	/* reading creates nothing */
}

static void
test_read_corrupt(void **state)
{
	static const char *const bad[] = {
		"{\"version\": 1, \"networks\": [",			/* truncated */
		"{\"version\": 1, \"networks\": [], \"ports\": [], \"fdb\": []",
		"",							/* empty */
		"\n",
		"[]",							/* not an object */
		"\"state\"",
		"1",
		"null",
		"{\"networks\": [], \"ports\": [], \"fdb\": []}",	/* no version */
		"{\"version\": 2, \"networks\": [], \"ports\": [], \"fdb\": []}",
		"{\"version\": 0, \"networks\": [], \"ports\": [], \"fdb\": []}",
		"{\"version\": \"1\", \"networks\": [], \"ports\": [], \"fdb\": []}",
		"{\"version\": 1.0, \"networks\": [], \"ports\": [], \"fdb\": []}",
		"{\"version\": 1, \"ports\": [], \"fdb\": []}",	/* no networks */
		"{\"version\": 1, \"networks\": [], \"fdb\": []}",
		"{\"version\": 1, \"networks\": [], \"ports\": []}",
		"{\"version\": 1, \"networks\": [], \"ports\": {}, \"fdb\": []}",
		"{\"version\": 1, \"networks\": [], \"ports\": null, \"fdb\": []}",
		"{\"version\": 1, \"networks\": \"\", \"ports\": [], \"fdb\": []}",
		"{\"version\": 1, \"networks\": [1], \"ports\": [], \"fdb\": []}",
		"{\"version\": 1, \"networks\": [], \"ports\": [{}, []], \"fdb\": []}",
		"{\"version\": 1, \"networks\": [], \"ports\": [], \"fdb\": [null]}",
		"{\"version\": 1, \"version\": 1, \"networks\": [], \"ports\": [], "
		"\"fdb\": []}",						/* duplicate key */
		"{\"version\": 1, \"networks\": [{\"name\": \"a\", \"name\": \"b\"}], "
		"\"ports\": [], \"fdb\": []}",
		"{\"version\": 1, \"networks\": [], \"ports\": [], \"fdb\": []} x",
		"{\"version\": 1, \"networks\": [], \"ports\": [], \"fdb\": []}{}",
	};
	struct tdir *d = *state;
	char err[1024];
	size_t i, size;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *out = (json_t *)&out;
		char *back;

		put_file(d->file, bad[i], strlen(bad[i]));
		err[0] = '\0';
		if (state_file_read(d->path, STATE_FILE_NAME, &out, err,
				    sizeof(err)) != -EINVAL)
			fail_msg("'%s' not refused with -EINVAL", bad[i]);
		assert_null(out);
		if (strstr(err, d->file) == NULL)
			fail_msg("'%s': error '%s' does not name the file", bad[i], err);
		/* the admin's file is left exactly as it was */
		back = get_file(d->file, &size);
		assert_non_null(back);
		assert_int_equal(size, strlen(bad[i]));
		assert_memory_equal(back, bad[i], size);
		free(back);
		assert_int_equal(dir_entries(d->path), 1);
	}
}

static void
test_read_embedded_nul(void **state)
{
	static const char doc[] = "{\"version\": 1, \"networks\": [], \"ports\": [], "
				  "\"fdb\": []}\0garbage";
	struct tdir *d = *state;
	json_t *out = NULL;
	char err[1024];

	put_file(d->file, doc, sizeof(doc) - 1);
	assert_int_equal(state_file_read(d->path, STATE_FILE_NAME, &out, err,
					 sizeof(err)), -EINVAL);
	assert_null(out);
}

static void
test_read_directory(void **state)
{
	struct tdir *d = *state;
	json_t *out = (json_t *)&out;
	char err[1024] = "", tmp[320];

	assert_int_equal(mkdir(d->file, 0700), 0);
	assert_int_equal(state_file_read(d->path, STATE_FILE_NAME, &out, err,
					 sizeof(err)), -EINVAL);
	assert_null(out);
	assert_non_null(strstr(err, d->file));

	/* writing cannot replace a directory either, and leaves no temp file */
	err[0] = '\0';
	assert_true(state_file_write(d->path, STATE_FILE_NAME, "{}", 2, err,
				     sizeof(err)) < 0);
	assert_true(err[0] != '\0');
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", d->path, STATE_FILE_NAME);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(dir_entries(d->path), 1);
}

static void
test_read_oversized(void **state)
{
	struct tdir *d = *state;
	json_t *out = (json_t *)&out;
	char err[1024] = "";
	int fd;

	/* sparse: costs no disk space */
	fd = open(d->file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, STATE_MAX_SIZE + 1), 0);
	close(fd);
	assert_int_equal(state_file_read(d->path, STATE_FILE_NAME, &out, err,
					 sizeof(err)), -EINVAL);
	assert_null(out);
	assert_non_null(strstr(err, d->file));
}

static void
test_write_no_dir(void **state)
{
	struct tdir *d = *state;
	char missing[320], err[1024] = "";
	json_t *out = NULL;
	int ret;

	snprintf(missing, sizeof(missing), "%s/nope", d->path);
	ret = state_file_write(missing, STATE_FILE_NAME, "{}", 2, err, sizeof(err));
	assert_int_equal(ret, -ENOENT);
	assert_true(err[0] != '\0');
	assert_non_null(strstr(err, missing));
	assert_int_equal(access(missing, F_OK), -1);
	assert_int_equal(dir_entries(d->path), 0);
	/* reading from a missing directory: nothing there */
	assert_int_equal(state_file_read(missing, STATE_FILE_NAME, &out, err,
					 sizeof(err)), 0);
	assert_null(out);
}

static void
test_read_not_dir(void **state)
{
	struct tdir *d = *state;
	char file[320], err[1024] = "";
	json_t *out = NULL;

	/* a regular file where the directory should be */
	snprintf(file, sizeof(file), "%s/plain", d->path);
	put_file(file, "x", 1);
	assert_true(state_file_read(file, STATE_FILE_NAME, &out, err,
				    sizeof(err)) < 0);
	assert_null(out);
	assert_true(err[0] != '\0');
	assert_true(state_file_write(file, STATE_FILE_NAME, "{}", 2, err,
				     sizeof(err)) < 0);
}

static void
test_validate(void **state)
{
	json_t *j;
	char err[256];

	(void)state;
	j = json_loads(GOOD_DOC, 0, NULL);
	assert_int_equal(state_file_validate(j, err, sizeof(err)), 0);
	/* extra keys are tolerated (newer writers may add some) */
	json_object_set_new(j, "comment", json_string("x"));
	assert_int_equal(state_file_validate(j, err, sizeof(err)), 0);
	json_object_set_new(j, "version", json_integer(2));
	assert_int_equal(state_file_validate(j, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "version"));
	json_object_set_new(j, "version", json_integer(1));
	json_object_set_new(j, "fdb", json_object());
	assert_int_equal(state_file_validate(j, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "fdb"));
	json_decref(j);
	assert_int_equal(state_file_validate(NULL, err, sizeof(err)), -EINVAL);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)
	const struct CMUnitTest tests[] = {
		T(test_write_read_back),
		T(test_write_replaces),
		T(test_write_large),
		T(test_read_missing),
		T(test_read_corrupt),
		T(test_read_embedded_nul),
		T(test_read_directory),
		T(test_read_oversized),
		T(test_write_no_dir),
		T(test_read_not_dir),
		cmocka_unit_test(test_validate),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
