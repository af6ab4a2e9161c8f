/* ml_pkgcopy.c - rewrite a zip package with a few entries changed, made in
 * memory and written to a stream (see ml_pkgcopy.h). */
#include "ml_pkgcopy.h"
#include "ml_err.h"

#include <zip.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
		ml_err(err, ML_EFORMAT, "zip-corrupt",
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
		return ml_err(err, ML_EFORMAT, "zip-corrupt", "%s: %s", p->name,
		              zip_strerror(p->za));
	while ((n = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		if (ml_buf_put(out, chunk, (size_t)n) < 0) {
			rc = ml_err(err, ML_ELIMIT, "limit-part-size",
			            "%s: %s is larger than %zu bytes "
			            "(--max-part-size)", p->name,
			            zip_get_name(p->za, (zip_uint64_t)index, 0),
			            out->cap);
			break;
		}
	}
	if (n < 0 && rc == 0)
		rc = ml_err(err, ML_EFORMAT, "zip-corrupt", "%s: %s: %s",
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

/* Replaces or adds the changed entries in za (the copy being made). */
static int S_apply(ml_pkgcopy *p, zip_t *za)
{
	zip_stat_t st;
	time_t mtime = 0;
	size_t i;

	/* the changed entries keep the date of the first of them that the
	 * package has (the main part, whatever its name: word/document.xml
	 * or another), else the first entry's: the copy is reproducible */
	for (i = 0; i < p->nputs && !mtime; i++) {
		zip_stat_init(&st);
		if (zip_stat(za, p->puts[i].name, ZIP_FL_NOCASE, &st) == 0 &&
		    (st.valid & ZIP_STAT_MTIME))
			mtime = st.mtime;
	}
	/* The first entry is "changed" to its own date, so that libzip
	 * rewrites every local header. Otherwise, when the package starts
	 * with entries that do not change, libzip 1.7 copies that start as
	 * it was (cloning the buffer) under a new central directory whose
	 * flags disagree with those local headers. */
	zip_stat_init(&st);
	if (zip_stat_index(za, 0, 0, &st) == 0 && (st.valid & ZIP_STAT_MTIME)) {
		(void)zip_file_set_mtime(za, 0, st.mtime, 0);
		if (!mtime)
			mtime = st.mtime;
	}
	for (i = 0; i < p->nputs; i++) {
		zip_source_t *src = zip_source_buffer(za, p->puts[i].data,
		                                      p->puts[i].len, 0);
		zip_int64_t idx = zip_name_locate(za, p->puts[i].name,
		                                  ZIP_FL_NOCASE);
		if (!src)
			return -1;
		if (idx >= 0 && zip_file_replace(za, (zip_uint64_t)idx, src,
		                                 0) < 0) {
			zip_source_free(src);
			return -1;
		}
		if (idx < 0) {
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

/* Copies the bytes of src (a closed archive's source) to out. */
static int S_copy_out(zip_source_t *src, FILE *out)
{
	char chunk[65536];
	zip_int64_t n;

	if (zip_source_open(src) < 0)
		return -1;
	while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		if (fwrite(chunk, 1, (size_t)n, out) != (size_t)n)
			break;
	zip_source_close(src);
	return n == 0 && !ferror(out) ? 0 : -1;
}

int ml_pkgcopy_write(ml_pkgcopy *p, FILE *out, ml_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za = NULL;
	char *copy;
	int rc = -1;

	/* the copy is made in memory from the input's bytes: unchanged
	 * entries keep their compressed data as they were */
	zip_error_init(&ze);
	/* libzip gets a copy it owns: when it writes by cloning the start
	 * of a buffer, libzip 1.7 frees the buffer even if it was told the
	 * buffer was borrowed (a double free of the caller's input) */
	copy = ml_xmalloc(p->len ? p->len : 1);
	memcpy(copy, p->data, p->len);
	src = zip_source_buffer_create(copy, p->len, 1, &ze);
	if (!src)
		free(copy);
	else {
		zip_source_keep(src);
		za = zip_open_from_source(src, 0, &ze);
	}
	if (za && S_apply(p, za) == 0 && zip_close(za) == 0) {
		za = NULL;
		rc = S_copy_out(src, out);
	}
	if (rc < 0)
		ml_err(err, ML_EIO, "output-unwritable",
		       "cannot write the copy: %s", za ? zip_strerror(za) :
		       ferror(out) ? strerror(errno) : zip_error_strerror(&ze));
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return rc < 0 ? ML_EIO : 0;
}
