/* check_annotate.c - unit tests of the annotated copy made in memory
 * (ml_annotate_write to a memory stream, as `marklint serve` and the
 * command line make it), on packages built here from the sample:
 * - one whose start does not change: libzip 1.7 then writes the buffer by
 *   cloning that start, which freed the caller's input (a double free)
 *   and kept local headers that disagree with the new central directory.
 *   The copy must be a package whose every local header agrees with its
 *   central directory entry, that marklint reads back with its comments;
 * - one whose main part is not word/document.xml: the copy keeps the
 *   package's dates (it took the clock's, so no two copies were alike). */
#include "marklint.h"
#include "ml_annotate.h"

#include <check.h>
#include <zip.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The bytes of a closed archive's source (caller frees). */
static char *S_source_bytes(zip_source_t *src, size_t *len)
{
	zip_stat_t st;
	char *buf;

	zip_stat_init(&st);
	ck_assert_int_eq(zip_source_stat(src, &st), 0);
	ck_assert_int_eq(zip_source_open(src), 0);
	buf = malloc(st.size);
	ck_assert_int_eq(zip_source_read(src, buf, st.size),
	                 (zip_int64_t)st.size);
	zip_source_close(src);
	*len = st.size;
	return buf;
}

/* An entry's bytes with every "document.xml" made "main.xml" (caller
 * frees). */
static char *S_renamed(zip_t *in, zip_int64_t i, size_t *len)
{
	zip_stat_t st;
	zip_file_t *zf;
	char *buf, *out, *p;
	size_t n = 0;

	zip_stat_init(&st);
	ck_assert_int_eq(zip_stat_index(in, (zip_uint64_t)i, 0, &st), 0);
	buf = calloc(1, st.size + 1);
	zf = zip_fopen_index(in, (zip_uint64_t)i, 0);
	ck_assert_ptr_nonnull(zf);
	ck_assert_int_eq(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	out = malloc(st.size + 1);
	for (p = buf; *p; ) {
		if (strncmp(p, "document.xml", 12) == 0) {
			memcpy(out + n, "main.xml", 8);
			n += 8;
			p += 12;
		} else {
			out[n++] = *p++;
		}
	}
	free(buf);
	*len = n;
	return out;
}

/* The sample packed anew (caller frees): with pad, a large stored entry
 * in front of everything, so that most of the package comes before the
 * first entry annotate changes; with rename, the main part is
 * word/main.xml (its relationships and content type follow) and every
 * entry is dated 1 January 2001. */
static char *S_repack(const char *data, size_t len, int pad, int rename,
                      size_t *outlen)
{
	static unsigned char junk[200000];
	zip_error_t ze;
	zip_source_t *in_src, *out_src, *s;
	zip_t *in, *out;
	zip_int64_t i, n, idx;
	unsigned x = 12345;
	char *buf;

	for (i = 0; i < (zip_int64_t)sizeof junk; i++) {
		x = x * 1103515245u + 12345u; /* incompressible enough */
		junk[i] = (unsigned char)(x >> 16);
	}
	zip_error_init(&ze);
	in_src = zip_source_buffer_create(data, len, 0, &ze);
	in = zip_open_from_source(in_src, ZIP_RDONLY, &ze);
	ck_assert_ptr_nonnull(in);
	out_src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(out_src);
	out = zip_open_from_source(out_src, ZIP_TRUNCATE, &ze);
	ck_assert_ptr_nonnull(out);
	if (pad) {
		s = zip_source_buffer(out, junk, sizeof junk, 0);
		idx = zip_file_add(out, "word/media/padding.bin", s, 0);
		ck_assert_int_eq(idx, 0);
		zip_set_file_compression(out, (zip_uint64_t)idx, ZIP_CM_STORE,
		                         0);
	}
	n = zip_get_num_entries(in, 0);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(in, (zip_uint64_t)i, 0);
		char renamed[256];
		size_t blen;
		if (!rename) {
			s = zip_source_zip(out, in, (zip_uint64_t)i, 0, 0, -1);
			ck_assert_int_ge(zip_file_add(out, name, s, 0), 0);
			continue;
		}
		buf = S_renamed(in, i, &blen);
		s = zip_source_buffer(out, buf, blen, 1);
		snprintf(renamed, sizeof renamed, "%s", name);
		if (strstr(renamed, "document.xml"))
			snprintf(strstr(renamed, "document.xml"), 13, "main.xml");
		idx = zip_file_add(out, renamed, s, 0);
		ck_assert_int_ge(idx, 0);
		zip_file_set_mtime(out, (zip_uint64_t)idx, 978350400, 0);
	}
	ck_assert_int_eq(zip_close(out), 0);
	zip_discard(in);
	buf = S_source_bytes(out_src, outlen);
	zip_source_free(out_src);
	zip_error_fini(&ze);
	return buf;
}

static unsigned S_u16(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (unsigned)u[0] | (unsigned)u[1] << 8;
}

static unsigned long S_u32(const char *p)
{
	return S_u16(p) | (unsigned long)S_u16(p + 2) << 16;
}

/* How many central directory entries disagree with their local header
 * on the general purpose flags (bit 3, the data descriptor, aside). */
static int S_flag_mismatches(const char *z, size_t len)
{
	size_t i, eocd = 0, off;
	unsigned k, n;
	int bad = 0;

	for (i = len - 22; i > 0; i--)
		if (S_u32(z + i) == 0x06054b50UL) {
			eocd = i;
			break;
		}
	ck_assert_uint_gt(eocd, 0);
	n = S_u16(z + eocd + 10);
	off = S_u32(z + eocd + 16);
	for (k = 0; k < n; k++) {
		unsigned long local;
		ck_assert_uint_lt(off + 46, len);
		ck_assert_uint_eq(S_u32(z + off), 0x02014b50UL);
		local = S_u32(z + off + 42);
		ck_assert_uint_lt(local + 30, len);
		if ((S_u16(z + off + 8) & ~8u) != (S_u16(z + local + 6) & ~8u))
			bad++;
		off += 46 + S_u16(z + off + 28) + S_u16(z + off + 30) +
		       S_u16(z + off + 32);
	}
	return bad;
}

START_TEST(memory_copy_unchanged_start)
{
	ml_rules *rs = ml_rules_new();
	ml_scratch *sc = ml_scratch_new();
	ml_lint_opts o;
	ml_result *r = NULL, *back = NULL;
	ml_annotate_opts ao;
	ml_annotate_stats st;
	ml_error err;
	char *data, *padded, *copy = NULL;
	size_t len, plen, clen = 0, i, k, ours = 0;
	const ml_doc *doc;
	FILE *out;

	ck_assert_int_eq(ml_rules_load_builtin(rs, &err), 0);
	data = S_slurp(S_SAMPLE, &len);
	padded = S_repack(data, len, 1, 0, &plen);
	ck_assert_int_eq(S_flag_mismatches(padded, plen), 0);
	ml_lint_opts_default(&o);
	o.rules = rs;
	o.keep_input = 1;
	ck_assert_int_eq(ml_lint_memory("padded.docx", padded, plen, &o, sc,
	                                &r), 0);
	memset(&ao, 0, sizeof ao);
	out = open_memstream(&copy, &clen);
	ck_assert_int_eq(ml_annotate_write(r, out, &ao, &st, &err), 0);
	fclose(out);
	ck_assert_uint_gt(st.comments, 0);
	ck_assert_int_eq(S_flag_mismatches(copy, clen), 0);
	/* it reads back, with a comment of marklint for each one written */
	o.keep_input = 0;
	ck_assert_int_eq(ml_lint_memory("copy.docx", copy, clen, &o, sc,
	                                &back), 0);
	doc = ml_result_doc(back);
	for (i = 0; i < ml_doc_portion_count(doc); i++) {
		const ml_portion *p = ml_doc_portion(doc, i);
		for (k = 0; k < p->nattrs; k++)
			if (strcmp(p->attrs[k].name, ML_ATTR_ANNOTATION) == 0)
				ours++;
	}
	ck_assert_uint_ge(ours, st.comments);
	ml_result_free(back);
	ml_result_free(r);
	free(copy);
	free(padded);
	free(data);
	ml_scratch_free(sc);
	ml_rules_free(rs);
}
END_TEST

/* A main part that is not word/document.xml: the entries annotate
 * changes keep the package's dates, so that the copy does not depend on
 * the time it was made (it took the clock's when the part had another
 * name). */
START_TEST(memory_copy_keeps_dates)
{
	ml_rules *rs = ml_rules_new();
	ml_scratch *sc = ml_scratch_new();
	ml_lint_opts o;
	ml_result *r = NULL;
	ml_annotate_opts ao;
	ml_annotate_stats st;
	ml_error err;
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t zs;
	char *data, *moved, *copy = NULL;
	size_t len, mlen, clen = 0;
	zip_int64_t i, n;
	FILE *out;

	ck_assert_int_eq(ml_rules_load_builtin(rs, &err), 0);
	data = S_slurp(S_SAMPLE, &len);
	moved = S_repack(data, len, 0, 1, &mlen);
	ml_lint_opts_default(&o);
	o.rules = rs;
	o.keep_input = 1;
	ck_assert_int_eq(ml_lint_memory("moved.docx", moved, mlen, &o, sc,
	                                &r), 0);
	ck_assert_uint_gt(ml_result_finding_count(r), 0);
	memset(&ao, 0, sizeof ao);
	out = open_memstream(&copy, &clen);
	ck_assert_int_eq(ml_annotate_write(r, out, &ao, &st, &err), 0);
	fclose(out);
	ck_assert_uint_gt(st.comments, 0);
	zip_error_init(&ze);
	src = zip_source_buffer_create(copy, clen, 0, &ze);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_ge(zip_name_locate(z, "word/comments.xml", 0), 0);
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++) {
		zip_stat_init(&zs);
		ck_assert_int_eq(zip_stat_index(z, (zip_uint64_t)i, 0, &zs), 0);
		ck_assert_msg(zs.mtime == 978350400, "%s is dated %ld",
		              zs.name, (long)zs.mtime);
	}
	zip_discard(z);
	zip_error_fini(&ze);
	ml_result_free(r);
	free(copy);
	free(moved);
	free(data);
	ml_scratch_free(sc);
	ml_rules_free(rs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("annotate");
	TCase *tc = tcase_create("memory");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, memory_copy_unchanged_start);
	tcase_add_test(tc, memory_copy_keeps_dates);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
