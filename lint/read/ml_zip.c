/* ml_zip.c - stage 1: zip packages through libzip, with bomb guards. */
#include "ml_zip.h"

#include <zip.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define S_CHUNK (64 * 1024)
#define S_RATIO_FLOOR ((uint64_t)1 << 20) /* ratio checked past 1 MiB */

typedef struct S_key {
	char *key; /* OPC-normalised name */
	int index;
} S_key;

struct ml_zip {
	ml_doc *doc;
	zip_t *za;
	unsigned nesting;
	int n;
	char **names;       /* as stored */
	uint64_t *csize;    /* compressed sizes (as declared) */
	S_key *keys;        /* sorted by key */
};

/* OPC part names compare case-insensitively after percent-decoding; a
 * leading '/' is optional and '\' is read as '/'. Caller frees. */
static char *S_normalize_name(const char *name)
{
	size_t n = strlen(name), i, o = 0;
	char *out = ml_xmalloc(n + 1);

	if (*name == '/')
		name++, n--;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c == '%' && i + 2 < n + 0 + 1 &&
		    isxdigit((unsigned char)name[i + 1]) && i + 2 < n &&
		    isxdigit((unsigned char)name[i + 2])) {
			char hex[3] = {name[i + 1], name[i + 2], 0};
			c = (unsigned char)strtoul(hex, NULL, 16);
			i += 2;
		}
		if (c == '\\')
			c = '/';
		out[o++] = (char)tolower(c);
	}
	out[o] = '\0';
	return out;
}

static int S_key_cmp(const void *a, const void *b)
{
	return strcmp(((const S_key *)a)->key, ((const S_key *)b)->key);
}

static int S_zip_error(ml_doc *doc, int ze, const char *what)
{
	zip_error_t err;
	int r;

	/* libzip ran out of memory: the document is not corrupt, the
	 * machine is full; the documented way (ml_xmalloc's) is to stop. */
	if (ze == ZIP_ER_MEMORY) {
		fputs("marklint: out of memory\n", stderr);
		exit(2);
	}
	zip_error_init_with_code(&err, ze);
	if (ze == ZIP_ER_CRC)
		r = ml_doc__fail(doc, ML_EFORMAT, "zip-crc",
		                 "%s: bad CRC (the data is damaged)", what);
	else if (ze == ZIP_ER_READ || ze == ZIP_ER_SEEK || ze == ZIP_ER_OPEN)
		r = ml_doc__fail(doc, ML_EIO, "io-unreadable", "%s: %s", what,
		                 zip_error_strerror(&err));
	else
		r = ml_doc__fail(doc, ML_EFORMAT, "zip-corrupt",
		                 "corrupt or truncated zip archive (%s: %s)",
		                 what, zip_error_strerror(&err));
	zip_error_fini(&err);
	return r;
}

/* Reads the central directory: names, sizes, encryption, duplicates. */
static int S_index(ml_zip *z)
{
	ml_doc *doc = z->doc;
	zip_int64_t n = zip_get_num_entries(z->za, 0);
	int i;

	if (n < 0 || (uint64_t)n > ml_doc__limits(doc)->max_entries)
		return ml_doc__fail(doc, ML_ELIMIT, "limit-entries",
		                    "the zip has %lld entries (limit %u, "
		                    "--max-entries)", (long long)n,
		                    ml_doc__limits(doc)->max_entries);
	z->n = (int)n;
	z->names = ml_xcalloc((size_t)n + 1, sizeof *z->names);
	z->csize = ml_xcalloc((size_t)n + 1, sizeof *z->csize);
	z->keys = ml_xcalloc((size_t)n + 1, sizeof *z->keys);
	for (i = 0; i < z->n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) < 0 ||
		    !(st.valid & ZIP_STAT_NAME))
			return S_zip_error(doc, zip_error_code_zip(
			                   zip_get_error(z->za)), "central directory");
		z->names[i] = ml_xstrdup(st.name);
		z->csize[i] = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
		z->keys[i].key = S_normalize_name(st.name);
		z->keys[i].index = i;
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE)
			return ml_doc__fail(doc, ML_EFORMAT, "zip-encrypted",
			                    "zip entry '%s' is encrypted",
			                    st.name);
	}
	qsort(z->keys, (size_t)z->n, sizeof *z->keys, S_key_cmp);
	for (i = 1; i < z->n; i++)
		if (strcmp(z->keys[i - 1].key, z->keys[i].key) == 0)
			return ml_doc__fail(doc, ML_EFORMAT,
			                    "zip-duplicate-entry",
			                    "zip entries '%s' and '%s' name the "
			                    "same part",
			                    z->names[z->keys[i - 1].index],
			                    z->names[z->keys[i].index]);
	return 0;
}

static int S_open(ml_doc *doc, zip_t *za, unsigned nesting, ml_zip **out)
{
	ml_zip *z = ml_xcalloc(1, sizeof *z);
	int r;

	z->doc = doc;
	z->za = za;
	z->nesting = nesting;
	ml_doc__set_packaged(doc);
	r = S_index(z);
	if (r < 0) {
		ml_zip_close(z);
		*out = NULL;
		return r;
	}
	*out = z;
	return 0;
}

int ml_zip_open_fd(ml_doc *doc, int fd, ml_zip **out)
{
	int ze = 0;
	zip_t *za = zip_fdopen(fd, ZIP_RDONLY, &ze);

	*out = NULL;
	if (!za) {
		close(fd); /* zip_fdopen keeps it only on success */
		return S_zip_error(doc, ze, "central directory");
	}
	return S_open(doc, za, 0, out);
}

/* libzip before 1.9 computes two bitmaps into static variables on each
 * zip_open, unguarded (nih-at/libzip#289), and converts entry times with
 * mktime, which reads the time zone into memory the C library allocates
 * on first use: opened here once, threads that open documents later only
 * read both (helgrind saw the race between two workers). */
void ml_zip_init(void)
{
	zip_error_t err;
	zip_source_t *src;
	zip_t *za;

	tzset();
	zip_error_init(&err);
	src = zip_source_buffer_create(NULL, 0, 0, &err);
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	if (za)
		zip_discard(za); /* and src with it */
	else
		zip_source_free(src);
	zip_error_fini(&err);
}

int ml_zip_open_memory(ml_doc *doc, const void *data, size_t len,
                       unsigned nesting, ml_zip **out)
{
	zip_error_t err;
	zip_source_t *src;
	zip_t *za;
	int r;

	*out = NULL;
	if (nesting > ml_doc__limits(doc)->max_zip_nesting)
		return ml_doc__fail(doc, ML_ELIMIT, "limit-zip-nesting",
		                    "packages nested more than %u deep "
		                    "(--max-zip-nesting)",
		                    ml_doc__limits(doc)->max_zip_nesting);
	zip_error_init(&err);
	src = zip_source_buffer_create(data, len, 0, &err);
	if (!src) {
		zip_error_fini(&err);
		return S_zip_error(doc, ZIP_ER_MEMORY, "embedded package");
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (!za) {
		r = S_zip_error(doc, zip_error_code_zip(&err), "embedded package");
		zip_source_free(src);
		zip_error_fini(&err);
		return r;
	}
	zip_error_fini(&err);
	return S_open(doc, za, nesting, out);
}

void ml_zip_close(ml_zip *z)
{
	int i;

	if (!z)
		return;
	if (z->za)
		zip_discard(z->za); /* read-only: never writes */
	for (i = 0; i < z->n; i++) {
		free(z->names ? z->names[i] : NULL);
		free(z->keys ? z->keys[i].key : NULL);
	}
	free(z->names);
	free(z->keys);
	free(z->csize);
	free(z);
}

unsigned ml_zip_nesting(const ml_zip *z) { return z->nesting; }
int ml_zip_count(const ml_zip *z) { return z->n; }

const char *ml_zip_name(const ml_zip *z, int index)
{
	return index >= 0 && index < z->n ? z->names[index] : NULL;
}

int ml_zip_find(const ml_zip *z, const char *name)
{
	S_key probe, *hit;

	probe.key = S_normalize_name(name);
	probe.index = -1;
	hit = bsearch(&probe, z->keys, (size_t)z->n, sizeof *z->keys,
	              S_key_cmp);
	free(probe.key);
	return hit ? hit->index : -1;
}

/* Checks the limits after n more bytes came out of entry index. */
static int S_count(ml_zip *z, int index, uint64_t part_bytes, size_t n)
{
	const ml_limits *lim = ml_doc__limits(z->doc);
	uint64_t *total = ml_doc__inflated(z->doc);

	*total += n;
	if (part_bytes > lim->max_part_size)
		return ml_doc__fail(z->doc, ML_ELIMIT, "limit-part-size",
		                    "zip entry '%s' inflates past %llu bytes "
		                    "(--max-part-size)", z->names[index],
		                    (unsigned long long)lim->max_part_size);
	if (*total > lim->max_total_size)
		return ml_doc__fail(z->doc, ML_ELIMIT, "limit-total-size",
		                    "the parts inflate past %llu bytes in all "
		                    "(--max-total-size)",
		                    (unsigned long long)lim->max_total_size);
	if (part_bytes > S_RATIO_FLOOR &&
	    part_bytes / (z->csize[index] ? z->csize[index] : 1) >=
	        lim->max_ratio)
		return ml_doc__fail(z->doc, ML_ELIMIT, "limit-ratio",
		                    "zip entry '%s' inflates more than %u times "
		                    "its compressed size (a zip bomb? "
		                    "--max-ratio)", z->names[index],
		                    lim->max_ratio);
	return 0;
}

int ml_zip_stream(ml_zip *z, int index, ml_zip_sink sink, void *ud)
{
	zip_file_t *zf;
	char *buf;
	uint64_t part_bytes = 0;
	int r = 0;

	if (index < 0 || index >= z->n)
		return ml_doc__fail(z->doc, ML_EUSAGE, "zip-corrupt",
		                    "no such zip entry");
	zf = zip_fopen_index(z->za, (zip_uint64_t)index, 0);
	if (!zf)
		return S_zip_error(z->doc,
		                   zip_error_code_zip(zip_get_error(z->za)),
		                   z->names[index]);
	buf = ml_xmalloc(S_CHUNK);
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, S_CHUNK);
		if (n < 0) {
			r = S_zip_error(z->doc, zip_error_code_zip(
			                zip_file_get_error(zf)), z->names[index]);
			break;
		}
		if (n == 0)
			break;
		part_bytes += (uint64_t)n;
		r = S_count(z, index, part_bytes, (size_t)n);
		if (r == 0)
			r = sink(ud, buf, (size_t)n);
		if (r < 0)
			break;
	}
	free(buf);
	zip_fclose(zf);
	return r;
}

static int S_to_buf(void *ud, const char *data, size_t len)
{
	return ml_buf_put(ud, data, len) < 0 ? ML_ELIMIT : 0;
}

int ml_zip_read(ml_zip *z, int index, ml_buf *out)
{
	int r = ml_zip_stream(z, index, S_to_buf, out);

	if (r == ML_ELIMIT && !ml_doc__failed(z->doc))
		r = ml_doc__fail(z->doc, ML_ELIMIT, "limit-part-size",
		                 "zip entry '%s' is larger than %llu bytes",
		                 z->names[index], (unsigned long long)out->cap);
	return r;
}

static int S_to_xml(void *ud, const char *data, size_t len)
{
	return ml_xml_feed(ud, data, len);
}

int ml_zip_parse_xml(ml_zip *z, int index, const ml_xml_handler *h,
                     void *ud, unsigned xml_flags)
{
	const char *name = ml_zip_name(z, index);
	ml_xml *x;
	int r;

	if (!name)
		return ml_doc__fail(z->doc, ML_EUSAGE, "zip-corrupt",
		                    "no such zip entry");
	x = ml_xml_new(z->doc, name[0] == '/' ? name + 1 : name, h, ud,
	               xml_flags);
	r = ml_zip_stream(z, index, S_to_xml, x);
	if (r == 0)
		r = ml_xml_finish(x);
	ml_xml_free(x);
	return r;
}

int ml_zip_stream_xml(ml_zip *z, int index, ml_xml *x)
{
	int r = ml_zip_stream(z, index, S_to_xml, x);

	return r ? r : ml_xml_finish(x);
}
