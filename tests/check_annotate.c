/* check_annotate.c - unit tests of the annotated copy made in memory
 * (ml_annotate_docx_memory, for `marklint serve`): the same bytes as the
 * copy written to a file, a package that reads back with marklint's
 * comments in it, and a non-package refused with the reader's code. */
#include "ml_annotate.h"
#include "ml_check.h"
#include "ml_suppress.h"

#include <check.h>

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
	tcase_add_test(tc, memory_refuses_non_package);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
