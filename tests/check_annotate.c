/* check_annotate.c - unit tests of the annotated copy made in memory
 * (ml_annotate_docx_memory, for `marklint serve`): the same bytes as the
 * copy written to a file, a package that reads back with marklint's
 * comments in it, and a non-package refused with the reader's code. */
#include "ml_annotate.h"
#include "ml_check.h"
#include "ml_suppress.h"

#include <check.h>
#include <zip.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_SAMPLE ML_BINARY_DIR "/fixtures/sample/rfp-draft.docx"

/* The whole file (caller frees). */
static char *S_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 1);
	rewind(f);
	data = malloc((size_t)n);
	ck_assert_uint_eq(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

typedef struct S_fix {
	ml_rules *rs;
	ml_rx_scratch *sc;
	ml_doc *doc;
	ml_report *r;
	ml_limits lim;
	char *data;
	size_t len;
} S_fix;

static void S_open(S_fix *f)
{
	ml_error err;

	memset(f, 0, sizeof *f);
	memset(&err, 0, sizeof err);
	ml_limits_default(&f->lim);
	f->rs = ml_rules_new();
	f->sc = ml_rx_scratch_new();
	ck_assert_int_eq(ml_rules_load_builtin(f->rs, &err), 0);
	f->data = S_slurp(S_SAMPLE, &f->len);
	ck_assert_int_eq(ml_doc_open_memory("rfp-draft.docx", f->data, f->len,
	                                    NULL, &f->doc, &err), 0);
	ck_assert_int_eq(ml_check(f->doc, f->rs, f->sc, &f->r, &err), 0);
	ml_suppress(f->r, f->rs);
}

static void S_close(S_fix *f)
{
	ml_report_free(f->r);
	ml_doc_free(f->doc);
	ml_rx_scratch_free(f->sc);
	ml_rules_free(f->rs);
	free(f->data);
}

START_TEST(memory_copy_is_file_copy)
{
	S_fix f;
	ml_annotate_opts o;
	ml_annotate_stats st, st2;
	ml_error err;
	char path[] = "/tmp/check-annotate-XXXXXX", out[64];
	char *mem = NULL, *file;
	size_t memlen = 0, filelen;
	int fd;

	S_open(&f);
	memset(&o, 0, sizeof o);
	o.propose = 1;
	o.replace = 1;
	ck_assert_int_eq(ml_annotate_docx_memory("rfp-draft.docx", f.data,
	                 f.len, f.r, f.rs, &f.lim, &o, &st, &mem, &memlen,
	                 &err), 0);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(out, sizeof out, "%s", path);
	ck_assert_int_eq(ml_annotate_docx("rfp-draft.docx", f.data, f.len,
	                 f.r, f.rs, &f.lim, out, &o, &st2, &err), 0);
	file = S_slurp(out, &filelen);
	unlink(out);
	ck_assert_uint_gt(st.comments, 0);
	ck_assert_uint_eq(st.comments, st2.comments);
	ck_assert_uint_eq(st.proposals, st2.proposals);
	ck_assert_uint_eq(memlen, filelen);
	ck_assert_int_eq(memcmp(mem, file, memlen), 0);
	free(file);
	free(mem);
	S_close(&f);
}
END_TEST

/* The copy is a package marklint reads, with its comments in it. */
START_TEST(memory_copy_reads_back)
{
	S_fix f;
	ml_annotate_opts o;
	ml_annotate_stats st;
	ml_error err;
	ml_doc *doc = NULL;
	char *mem = NULL;
	size_t memlen = 0, i, ours = 0, k;

	S_open(&f);
	memset(&o, 0, sizeof o);
	ck_assert_int_eq(ml_annotate_docx_memory("rfp-draft.docx", f.data,
	                 f.len, f.r, f.rs, &f.lim, &o, &st, &mem, &memlen,
	                 &err), 0);
	ck_assert_int_eq(ml_doc_open_memory("copy.docx", mem, memlen, NULL,
	                                    &doc, &err), 0);
	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_DOCX);
	for (i = 0; i < ml_doc_portion_count(doc); i++) {
		const ml_portion *p = ml_doc_portion(doc, i);
		for (k = 0; k < p->nattrs; k++)
			if (strcmp(p->attrs[k].name, ML_ATTR_ANNOTATION) == 0)
				ours++;
	}
	ck_assert_uint_ge(ours, st.comments);
	ml_doc_free(doc);
	free(mem);
	S_close(&f);
}
END_TEST

/* Annotating the annotated copy again: the package then starts with
 * entries that do not change, and libzip writes it by cloning the start
 * of the buffer (libzip 1.7 freed a buffer it did not own on that path). */
START_TEST(memory_copy_of_a_copy)
{
	S_fix f, g;
	ml_annotate_opts o;
	ml_annotate_stats st, st2;
	ml_error err;
	char *mem = NULL, *again = NULL;
	size_t memlen = 0, againlen = 0;

	S_open(&f);
	memset(&o, 0, sizeof o);
	ck_assert_int_eq(ml_annotate_docx_memory("rfp-draft.docx", f.data,
	                 f.len, f.r, f.rs, &f.lim, &o, &st, &mem, &memlen,
	                 &err), 0);
	/* check the copy, as a client would send it back */
	memset(&g, 0, sizeof g);
	g.rs = f.rs;
	g.sc = f.sc;
	ck_assert_int_eq(ml_doc_open_memory("copy.docx", mem, memlen, NULL,
	                                    &g.doc, &err), 0);
	ck_assert_int_eq(ml_check(g.doc, g.rs, g.sc, &g.r, &err), 0);
	ck_assert_int_eq(ml_annotate_docx_memory("copy.docx", mem, memlen,
	                 g.r, g.rs, &f.lim, &o, &st2, &again, &againlen,
	                 &err), 0);
	ck_assert_uint_eq(st2.removed, st.comments);
	ck_assert_uint_eq(st2.comments, st.comments);
	ml_report_free(g.r);
	ml_doc_free(g.doc);
	free(again);
	free(mem);
	S_close(&f);
}
END_TEST

/* The sample with a large stored entry in front of everything, so that
 * most of the package comes before the first entry annotate changes
 * (caller frees). */
static char *S_padded(const char *data, size_t len, size_t *outlen)
{
	static unsigned char pad[200000];
	zip_error_t ze;
	zip_source_t *in_src, *out_src, *s;
	zip_t *in, *out;
	zip_stat_t st;
	zip_int64_t i, n, idx;
	unsigned x = 12345;
	char *buf;

	for (i = 0; i < (zip_int64_t)sizeof pad; i++) {
		x = x * 1103515245u + 12345u; /* incompressible enough */
		pad[i] = (unsigned char)(x >> 16);
	}
	zip_error_init(&ze);
	in_src = zip_source_buffer_create(data, len, 0, &ze);
	in = zip_open_from_source(in_src, ZIP_RDONLY, &ze);
	ck_assert_ptr_nonnull(in);
	out_src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(out_src);
	out = zip_open_from_source(out_src, ZIP_TRUNCATE, &ze);
	ck_assert_ptr_nonnull(out);
	s = zip_source_buffer(out, pad, sizeof pad, 0);
	idx = zip_file_add(out, "word/media/padding.bin", s, 0);
	ck_assert_int_eq(idx, 0);
	zip_set_file_compression(out, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	n = zip_get_num_entries(in, 0);
	for (i = 0; i < n; i++) {
		s = zip_source_zip(out, in, (zip_uint64_t)i, 0, 0, -1);
		ck_assert_int_ge(zip_file_add(out, zip_get_name(in,
		                 (zip_uint64_t)i, 0), s, 0), 0);
	}
	ck_assert_int_eq(zip_close(out), 0);
	zip_discard(in);
	zip_stat_init(&st);
	ck_assert_int_eq(zip_source_stat(out_src, &st), 0);
	ck_assert_int_eq(zip_source_open(out_src), 0);
	buf = malloc(st.size);
	ck_assert_int_eq(zip_source_read(out_src, buf, st.size),
	                 (zip_int64_t)st.size);
	zip_source_close(out_src);
	zip_source_free(out_src);
	zip_error_fini(&ze);
	*outlen = st.size;
	return buf;
}

/* When most of the package comes before what changes, libzip 1.7 may
 * write a buffer by cloning its start: it then freed a buffer it did not
 * own, and kept local headers whose flags disagree with the central
 * directory. The memory copy is still the file copy, byte for byte. */
START_TEST(memory_copy_unchanged_start)
{
	S_fix f;
	ml_annotate_opts o;
	ml_annotate_stats st, st2;
	ml_error err;
	ml_doc *doc = NULL;
	ml_report *r = NULL;
	char path[] = "/tmp/check-annotate-XXXXXX";
	char *padded, *mem = NULL, *file;
	size_t plen, memlen = 0, filelen;
	int fd;

	S_open(&f);
	padded = S_padded(f.data, f.len, &plen);
	ck_assert_int_eq(ml_doc_open_memory("padded.docx", padded, plen, NULL,
	                                    &doc, &err), 0);
	ck_assert_int_eq(ml_check(doc, f.rs, f.sc, &r, &err), 0);
	memset(&o, 0, sizeof o);
	o.replace = 1;
	ck_assert_int_eq(ml_annotate_docx_memory("padded.docx", padded, plen,
	                 r, f.rs, &f.lim, &o, &st, &mem, &memlen, &err), 0);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(ml_annotate_docx("padded.docx", padded, plen, r,
	                 f.rs, &f.lim, path, &o, &st2, &err), 0);
	file = S_slurp(path, &filelen);
	unlink(path);
	ck_assert_uint_gt(st.comments, 0);
	ck_assert_uint_eq(memlen, filelen);
	ck_assert_int_eq(memcmp(mem, file, memlen), 0);
	free(file);
	free(mem);
	ml_report_free(r);
	ml_doc_free(doc);
	free(padded);
	S_close(&f);
}
END_TEST

/* Bytes that are not a zip: refused with the reader's code, no output. */
START_TEST(memory_refuses_non_package)
{
	S_fix f;
	ml_annotate_opts o;
	ml_annotate_stats st;
	ml_error err;
	char *mem = (char *)"x";
	size_t memlen = 1;
	static const char junk[] = "PK\003\004 not really a zip";

	S_open(&f);
	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	ck_assert_int_lt(ml_annotate_docx_memory("junk.docx", junk,
	                 sizeof junk - 1, f.r, f.rs, &f.lim, &o, &st, &mem,
	                 &memlen, &err), 0);
	ck_assert_str_eq(err.code, "zip-corrupt");
	ck_assert_ptr_null(mem);
	ck_assert_uint_eq(memlen, 0);
	S_close(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("annotate");
	TCase *tc = tcase_create("memory");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, memory_copy_is_file_copy);
	tcase_add_test(tc, memory_copy_reads_back);
	tcase_add_test(tc, memory_copy_of_a_copy);
	tcase_add_test(tc, memory_copy_unchanged_start);
	tcase_add_test(tc, memory_refuses_non_package);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
