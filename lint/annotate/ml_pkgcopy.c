/* ml_pkgcopy.c - rewrite a zip package with a few entries changed, written
 * atomically beside the output (see ml_pkgcopy.h). */
#include "ml_pkgcopy.h"

#include <zip.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct S_put {
	char *name;  /* owned */
	char *data;  /* owned */
	size_t len;
} S_put;

struct ml_pkgcopy {
	char *name;         /* for messages; owned */
	const void *data;   /* the package bytes; borrowed */
	size_t len;
	zip_t *za;          /* read-only view of data */
	S_put *puts;        /* owned, with their buffers */
	size_t nputs;
};

static int S_fail(ml_error *err, ml_status st, const char *code,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int S_fail(ml_error *err, ml_status st, const char *code,
                  const char *fmt, ...)
{
	va_list ap;

	err->status = st;
	snprintf(err->code, sizeof err->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return st;
}

int ml_pkgcopy_open(const char *name, const void *data, size_t len,
                    ml_pkgcopy **out, ml_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	ml_pkgcopy *p;

	*out = NULL;
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!za) {
		if (src)
			zip_source_free(src);
		S_fail(err, ML_EFORMAT, "zip-corrupt",
		       "corrupt or truncated zip archive (%s)",
		       zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return ML_EFORMAT;
	}
	zip_error_fini(&ze);
	p = ml_xcalloc(1, sizeof *p);
	p->name = ml_xstrdup(name);
	p->data = data;
	p->len = len;
	p->za = za;
	*out = p;
	return 0;
}

void ml_pkgcopy_free(ml_pkgcopy *p)
{
	size_t i;

	if (!p)
		return;
	if (p->za)
		zip_discard(p->za);
	for (i = 0; i < p->nputs; i++) {
		free(p->puts[i].name);
		free(p->puts[i].data);
	}
	free(p->puts);
	free(p->name);
	free(p);
}

int ml_pkgcopy_find(const ml_pkgcopy *p, const char *name)
{
	zip_int64_t i = zip_name_locate(p->za, name, 0);

	if (i < 0) /* OPC part names are case-insensitive */
		i = zip_name_locate(p->za, name, ZIP_FL_NOCASE);

	return i < 0 || i > 0x7fffffff ? -1 : (int)i;
}

int ml_pkgcopy_read(ml_pkgcopy *p, int index, ml_buf *out, ml_error *err)
{
	char chunk[16384];
	zip_file_t *zf = zip_fopen_index(p->za, (zip_uint64_t)index, 0);
	zip_int64_t n;
	int rc = 0;

	if (!zf)
		return S_fail(err, ML_EFORMAT, "zip-corrupt", "%s: %s", p->name,
		              zip_strerror(p->za));
	while ((n = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		if (ml_buf_put(out, chunk, (size_t)n) < 0) {
			rc = S_fail(err, ML_ELIMIT, "limit-part-size",
			            "%s: %s is larger than %zu bytes "
			            "(--max-part-size)", p->name,
			            zip_get_name(p->za, (zip_uint64_t)index, 0),
			            out->cap);
			break;
		}
	}
	if (n < 0 && rc == 0)
		rc = S_fail(err, ML_EFORMAT, "zip-corrupt", "%s: %s: %s",
		            p->name, zip_get_name(p->za, (zip_uint64_t)index, 0),
		            zip_file_strerror(zf));
	zip_fclose(zf);
	return rc;
}

void ml_pkgcopy_put(ml_pkgcopy *p, const char *name, char *data, size_t len)
{
	size_t i;

	for (i = 0; i < p->nputs; i++)
		if (strcmp(p->puts[i].name, name) == 0) {
			free(p->puts[i].data);
			p->puts[i].data = data;
			p->puts[i].len = len;
			return;
		}
	p->puts = ml_xrealloc(p->puts, (p->nputs + 1) * sizeof *p->puts);
	p->puts[p->nputs].name = ml_xstrdup(name);
	p->puts[p->nputs].data = data;
	p->puts[p->nputs].len = len;
	p->nputs++;
}

/* Writes all of data to fd. */
static int S_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* A new temporary file beside path: "DIR/.NAME.XXXXXX" (caller frees the
 * name and closes the descriptor). */
static int S_temp(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path + 1) : 0;
	ml_buf b;
	int fd;

	ml_buf_init(&b, (size_t)-1);
	(void)ml_buf_put(&b, path, dlen);
	(void)ml_buf_printf(&b, ".%s.XXXXXX", path + dlen);
	*tmp = ml_buf_detach(&b, NULL);
	fd = mkstemp(*tmp);
	if (fd >= 0)
		(void)fchmod(fd, 0644); /* mkstemp makes it 0600 */
	return fd;
}

/* Replaces or adds the changed entries in za (opened for writing); the
 * changed entries keep the main part's date (reproducible). Returns 0, or
 * -1 (zip_strerror(za) says why). */
static int S_put_entries(ml_pkgcopy *p, zip_t *za)
{
	zip_stat_t st;
	time_t mtime = 0;
	size_t i;

	zip_stat_init(&st);
	if (zip_stat(za, "word/document.xml", 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_MTIME))
		mtime = st.mtime;
	/* The first entry is "changed" to its own date, so that libzip
	 * rewrites every local header. Otherwise it may copy the unchanged
	 * start of the package as it was (cloning) and write a central
	 * directory whose flags disagree with those headers. */
	zip_stat_init(&st);
	if (zip_stat_index(za, 0, 0, &st) == 0 && (st.valid & ZIP_STAT_MTIME))
		(void)zip_file_set_mtime(za, 0, st.mtime, 0);
	for (i = 0; i < p->nputs; i++) {
		zip_source_t *src = zip_source_buffer(za, p->puts[i].data,
		                                      p->puts[i].len, 0);
		zip_int64_t idx = zip_name_locate(za, p->puts[i].name,
		                                  ZIP_FL_NOCASE);
		if (!src)
			return -1;
		if (idx >= 0) {
			if (zip_file_replace(za, (zip_uint64_t)idx, src, 0) < 0) {
				zip_source_free(src);
				return -1;
			}
		} else {
			idx = zip_file_add(za, p->puts[i].name, src,
			                   ZIP_FL_ENC_UTF_8);
			if (idx < 0) {
				zip_source_free(src);
				return -1;
			}
		}
		(void)zip_set_file_compression(za, (zip_uint64_t)idx,
		                               ZIP_CM_DEFLATE, 0);
		if (mtime)
			(void)zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0);
	}
	return 0;
}

/* Applies the changed entries to the archive at tmp; libzip writes it
 * anew (to a temporary file of its own, renamed onto tmp). */
static int S_apply(ml_pkgcopy *p, const char *tmp, ml_error *err)
{
	int ze = 0;
	zip_t *za = zip_open(tmp, 0, &ze);

	if (!za)
		return S_fail(err, ML_EFORMAT, "zip-corrupt",
		              "%s: cannot reopen the copy", p->name);
	if (S_put_entries(p, za) < 0 || zip_close(za) < 0) {
		S_fail(err, ML_EIO, "output-unwritable",
		       "cannot write the copy: %s", zip_strerror(za));
		zip_discard(za);
		return ML_EIO;
	}
	return 0;
}

/* The whole content of a zip source (open, stat, read, close) into a new
 * buffer (caller frees). Returns 0, or -1. */
static int S_source_bytes(zip_source_t *src, char **out, size_t *len)
{
	zip_stat_t st;
	zip_int64_t n;
	char *buf;

	zip_stat_init(&st);
	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(src) < 0)
		return -1;
	buf = ml_xmalloc(st.size ? (size_t)st.size : 1);
	n = zip_source_read(src, buf, st.size);
	zip_source_close(src);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = (size_t)n;
	return 0;
}

int ml_pkgcopy_write_memory(ml_pkgcopy *p, char **out, size_t *len,
                            ml_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za = NULL;
	char *copy;
	int rc = 0;

	*out = NULL;
	*len = 0;
	zip_error_init(&ze);
	/* libzip writes the new archive into the buffer source. It gets a
	 * copy of its own (freed by libzip): when the package starts with
	 * unchanged entries, libzip 1.7 writes by cloning the buffer and
	 * then frees it even when it was told the buffer was borrowed. */
	copy = ml_xmalloc(p->len ? p->len : 1);
	memcpy(copy, p->data, p->len);
	src = zip_source_buffer_create(copy, p->len, 1, &ze);
	if (!src)
		free(copy);
	else {
		zip_source_keep(src);
		za = zip_open_from_source(src, 0, &ze);
	}
	if (!za) {
		rc = S_fail(err, ML_EFORMAT, "zip-corrupt",
		            "%s: cannot reopen the package (%s)", p->name,
		            zip_error_strerror(&ze));
	} else if (S_put_entries(p, za) < 0 || zip_close(za) < 0) {
		rc = S_fail(err, ML_EIO, "output-unwritable",
		            "cannot write the copy: %s", zip_strerror(za));
		zip_discard(za);
	} else if (S_source_bytes(src, out, len) < 0) {
		rc = S_fail(err, ML_EIO, "output-unwritable",
		            "cannot read the copy back: %s",
		            zip_error_strerror(zip_source_error(src)));
	}
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

int ml_pkgcopy_write(ml_pkgcopy *p, const char *path, int replace,
                     ml_error *err)
{
	char *tmp = NULL;
	int fd, rc = 0;

	fd = S_temp(path, &tmp);
	if (fd < 0) {
		rc = S_fail(err, ML_EIO, "output-unwritable",
		            "cannot create a file beside %s: %s", path,
		            strerror(errno));
		goto cleanup;
	}
	if (S_write_all(fd, p->data, p->len) < 0) {
		rc = S_fail(err, ML_EIO, "output-unwritable",
		            "cannot write %s: %s", tmp, strerror(errno));
		(void)close(fd);
		goto unlink;
	}
	if (close(fd) < 0) {
		rc = S_fail(err, ML_EIO, "output-unwritable",
		            "cannot write %s: %s", tmp, strerror(errno));
		goto unlink;
	}
	rc = S_apply(p, tmp, err);
	if (rc < 0)
		goto unlink;
	if (replace ? rename(tmp, path) < 0 : link(tmp, path) < 0) {
		if (errno == EEXIST)
			rc = S_fail(err, ML_EUSAGE, "output-exists",
			            "%s exists (--force replaces it)", path);
		else
			rc = S_fail(err, ML_EIO, "output-unwritable",
			            "cannot write %s: %s", path, strerror(errno));
		goto unlink;
	}
	if (!replace)
		(void)unlink(tmp);
	goto cleanup;
unlink:
	(void)unlink(tmp);
cleanup:
	free(tmp);
	return rc;
}
