/* check_lint.c - unit tests of the one library call (marklint.h): a
 * document linted from memory through reading, checking, the suppressions
 * written in it and a baseline; the result's findings with their
 * suppression and reason; a report written to memory; several threads
 * sharing one rule set and one baseline, each with its own scratch; the
 * annotated copy written to memory; a DOCX, ODT or XML document checked
 * as it is read giving the report of the document read whole. Only the public header is used, but
 * for the annotated copy (lint/annotate). */
#include "marklint.h"
#include "ml_annotate.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_TEXT "(S//NF) The widget design.\n" \
	"marklint: marklint-disable NOFORN-UNJUSTIFIED: accepted, item 5\n" \
	"\n" \
	"(C//NF) The gadget design.\n" \
	"\n" \
	"(U//FOUO) The test schedule.\n"

static ml_rules *S_rules(void)
{
	ml_rules *rs = ml_rules_new();
	ml_error err;

	ck_assert_int_eq(ml_rules_load_builtin(rs, &err), 0);
	return rs;
}

static ml_result *S_lint(const ml_rules *rs, ml_baseline *b,
                         ml_scratch *sc, const char *text)
{
	ml_lint_opts o;
	ml_result *r = NULL;

	ml_lint_opts_default(&o);
	o.rules = rs;
	o.baseline = b;
	ck_assert_int_eq(ml_lint_memory("draft.txt", text, strlen(text), &o,
	                                sc, &r), 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(ml_result_error(r));
	return r;
}

START_TEST(suppressed_in_result)
{
	ml_rules *rs = S_rules();
	ml_scratch *sc = ml_scratch_new();
	ml_result *r = S_lint(rs, NULL, sc, S_TEXT);
	ml_result_finding f;
	ml_summary sum;
	size_t i, n = ml_result_finding_count(r), nsup = 0;

	ck_assert_uint_eq(n, 3);
	for (i = 0; i < n; i++) {
		ml_result_finding_get(r, i, &f);
		if (f.suppressed == ML_SUPPRESS_NONE)
			continue;
		nsup++;
		ck_assert_int_eq(f.suppressed, ML_SUPPRESS_IN_SOURCE);
		ck_assert_str_eq(f.rule, "NOFORN-UNJUSTIFIED");
		ck_assert_str_eq(f.justification, "accepted, item 5");
		ck_assert_str_eq(f.marking, "(S//NF)");
		ck_assert_uint_eq(f.portion->paragraph, 1);
	}
	ck_assert_uint_eq(nsup, 1);
	memset(&sum, 0, sizeof sum);
	ml_summary_add(&sum, r);
	ck_assert_uint_eq(sum.findings[ML_SEV_ERROR], 1);
	ck_assert_uint_eq(sum.findings[ML_SEV_WARNING], 1);
	ck_assert_uint_eq(sum.suppressed, 1);
	ck_assert_int_eq(ml_result_fails(r), 1);
	ml_result_free(r);
	ml_scratch_free(sc);
	ml_rules_free(rs);
}
END_TEST

START_TEST(unreadable_result)
{
	ml_rules *rs = S_rules();
	ml_scratch *sc = ml_scratch_new();
	ml_lint_opts o;
	ml_result *r = NULL;
	ml_summary sum;

	ml_lint_opts_default(&o);
	o.rules = rs;
	ck_assert_int_lt(ml_lint_memory("bad.docx", "PK\003\004 cut", 11, &o,
	                                sc, &r), 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(ml_result_error(r));
	ck_assert_ptr_null(ml_result_doc(r));
	ck_assert_str_eq(ml_result_path(r), "bad.docx");
	ck_assert_uint_eq(ml_result_finding_count(r), 0);
	memset(&sum, 0, sizeof sum);
	ml_summary_add(&sum, r);
	ck_assert_uint_eq(sum.unreadable, 1);
	ml_result_free(r);
	ml_lint_opts_default(&o); /* no rule set: a usage error */
	ck_assert_int_eq(ml_lint_memory("x.txt", "x", 1, &o, sc, &r),
	                 ML_EUSAGE);
	ml_result_free(r);
	ml_scratch_free(sc);
	ml_rules_free(rs);
}
END_TEST

/* The report of r in format f, written to memory (caller frees). */
static char *S_report(const ml_result *r, ml_report_format f,
                      const ml_rules *rs)
{
	char *p = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&p, &n);
	ml_writer_opts o;
	ml_writer *w;
	ml_summary sum;

	ck_assert_ptr_nonnull(out);
	memset(&o, 0, sizeof o);
	o.rules = rs;
	w = ml_writer_new(f, out, &o);
	ck_assert_ptr_nonnull(w);
	memset(&sum, 0, sizeof sum);
	ml_summary_add(&sum, r);
	ml_writer_add(w, r);
	ck_assert_int_eq(ml_writer_finish(w, &sum), 0);
	fclose(out);
	return p;
}

START_TEST(writers_to_memory)
{
	ml_rules *rs = S_rules();
	ml_scratch *sc = ml_scratch_new();
	ml_result *r = S_lint(rs, NULL, sc, S_TEXT);
	ml_report_format f;
	char *s;

	ck_assert_int_eq(ml_report_format_parse("sarif", (size_t)-1, &f), 0);
	ck_assert_int_eq(f, ML_REPORT_SARIF);
	ck_assert_int_eq(ml_report_format_parse("jsonlx", 5, &f), 0);
	ck_assert_int_eq(f, ML_REPORT_JSONL);
	ck_assert_int_lt(ml_report_format_parse("pdf", 3, &f), 0);
	s = S_report(r, ML_REPORT_JSON, rs);
	ck_assert_ptr_nonnull(strstr(s, "\"justification\": \"accepted, "
	                             "item 5\""));
	ck_assert_ptr_nonnull(strstr(s, "\"suppressed\": 1"));
	free(s);
	s = S_report(r, ML_REPORT_TEXT, rs);
	ck_assert_ptr_null(strstr(s, "draft.txt:1: error")); /* hidden */
	ck_assert_ptr_nonnull(strstr(s, "draft.txt:4: error: "));
	ck_assert_ptr_nonnull(strstr(s, "(1 suppressed)\n"));
	free(s);
	s = S_report(r, ML_REPORT_SARIF, rs);
	ck_assert_ptr_nonnull(strstr(s, "\"inSource\""));
	free(s);
	s = S_report(r, ML_REPORT_JUNIT, rs);
	ck_assert_ptr_nonnull(strstr(s, "<testsuites name=\"marklint\">"));
	free(s);
	ml_result_free(r);
	ml_scratch_free(sc);
	ml_rules_free(rs);
}
END_TEST

/* --- threads: one rule set, one baseline --- */

typedef struct S_job {
	const ml_rules *rs;
	ml_baseline *b;
	size_t counts[4]; /* error, warning, suppressed, baselined */
} S_job;

static void *S_thread(void *arg)
{
	S_job *j = arg;
	ml_scratch *sc = ml_scratch_new();
	int k;

	for (k = 0; k < 20; k++) {
		ml_result *r = S_lint(j->rs, j->b, sc, S_TEXT);
		ml_summary sum;
		memset(&sum, 0, sizeof sum);
		ml_summary_add(&sum, r);
		j->counts[0] += sum.findings[ML_SEV_ERROR];
		j->counts[1] += sum.findings[ML_SEV_WARNING];
		j->counts[2] += sum.suppressed;
		j->counts[3] += sum.baselined;
		ml_result_free(r);
	}
	ml_scratch_free(sc);
	return NULL;
}

START_TEST(threads_share_rules)
{
	ml_rules *rs = S_rules();
	ml_baseline *rec = ml_baseline_new(), *b = NULL;
	ml_scratch *sc = ml_scratch_new();
	ml_lint_opts o;
	ml_result *r = NULL;
	ml_error err;
	pthread_t th[4];
	S_job jobs[4];
	size_t i, total[4] = {0, 0, 0, 0};
	char path[] = "/tmp/check_lint.XXXXXX";
	int k, fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	/* a baseline that holds the error once: one run of the 80 matches */
	ck_assert_ptr_nonnull(f);
	ml_lint_opts_default(&o);
	o.rules = rs;
	o.record = rec;
	o.min_severity = ML_SEV_ERROR;
	ck_assert_int_eq(ml_lint_memory("draft.txt", S_TEXT, strlen(S_TEXT),
	                                &o, sc, &r), 0);
	ml_result_free(r);
	ml_scratch_free(sc);
	ck_assert_int_eq(ml_baseline_write(rec, f, 0), 0);
	fclose(f);
	ml_baseline_free(rec);
	ck_assert_int_eq(ml_baseline_load(path, &b, &err), 0);
	unlink(path);

	for (i = 0; i < 4; i++) {
		memset(&jobs[i], 0, sizeof jobs[i]);
		jobs[i].rs = rs;
		jobs[i].b = b;
		ck_assert_int_eq(pthread_create(&th[i], NULL, S_thread,
		                                &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		for (k = 0; k < 4; k++)
			total[k] += jobs[i].counts[k];
	}
	/* 80 runs of 1 error, 1 warning, 1 suppressed; the baseline's one
	 * entry (count 1) matched once, whichever thread came first */
	ck_assert_uint_eq(total[0], 79);
	ck_assert_uint_eq(total[1], 80);
	ck_assert_uint_eq(total[2], 80);
	ck_assert_uint_eq(total[3], 1);
	ml_baseline_free(b);
	ml_rules_free(rs);
}
END_TEST

/* --- streaming: the same report, less held --- */

/* Lints the fixture at rel (under the build's fixtures, or the source's
 * for a name that starts with "src:") with o.stream
 * set or not; its JSON, SARIF and text reports concatenated (caller
 * frees); *let_go counts the portions the streamed document let go. */
static char *S_reports(const ml_rules *rs, ml_scratch *sc, const char *rel,
                       int stream, size_t *let_go)
{
	static const ml_report_format fmts[] = {ML_REPORT_JSON,
	                                        ML_REPORT_SARIF,
	                                        ML_REPORT_TEXT};
	char path[1024], *all = NULL, *one;
	size_t n = 0, i, k;
	ml_lint_opts o;
	ml_result *r = NULL;
	const ml_doc *doc;

	if (strncmp(rel, "src:", 4) == 0)
		snprintf(path, sizeof path, "%s/fixtures/%s", ML_SOURCE_DIR,
		         rel + 4);
	else
		snprintf(path, sizeof path, "%s/fixtures/%s", ML_BINARY_DIR,
		         rel);
	ml_lint_opts_default(&o);
	o.rules = rs;
	o.stream = stream;
	ck_assert_int_eq(ml_lint_path(path, &o, sc, &r), 0);
	ck_assert_msg(ml_result_error(r) == NULL, "%s unreadable", rel);
	doc = ml_result_doc(r);
	*let_go = 0;
	for (i = 0; i < ml_doc_portion_count(doc); i++)
		*let_go += ml_doc_portion(doc, i) == NULL;
	for (k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
		size_t m;
		one = S_report(r, fmts[k], rs);
		m = strlen(one);
		all = realloc(all, n + m + 1);
		ck_assert_ptr_nonnull(all);
		memcpy(all + n, one, m + 1);
		n += m;
		free(one);
	}
	ml_result_free(r);
	return all;
}

/* check reads DOCX, ODT, PPTX and XML as it checks them (o.stream): the
 * reports are those of the document read whole, notes, comments (with
 * their suppressions), headers, text boxes and altChunks included, and
 * portions the report does not need are let go. */
START_TEST(stream_same_reports)
{
	static const char *const files[] = {
		"extract/notes.docx", "extract/headers.docx",
		"extract/textbox.docx", "extract/altchunk.docx",
		"extract/breaks.odt", "readers/full.odt",
		"suppress/comments.docx", "sample/rfp-draft.docx",
		"sample/essay.docx", "src:extract/ism.xml",
		"src:extract/docbook.xml", "src:extract/flat-opc.xml",
		"src:extract/word2003.xml", "pptx/deck.pptx",
	};
	ml_rules *rs = S_rules();
	ml_scratch *sc = ml_scratch_new();
	size_t i, held, streamed, let_go = 0;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *whole = S_reports(rs, sc, files[i], 0, &held);
		char *seen = S_reports(rs, sc, files[i], 1, &streamed);

		ck_assert_uint_eq(held, 0);
		ck_assert_msg(strcmp(whole, seen) == 0, "%s: streamed report "
		              "differs", files[i]);
		let_go += streamed;
		free(whole);
		free(seen);
	}
	ck_assert_uint_gt(let_go, 0);
	ml_scratch_free(sc);
	ml_rules_free(rs);
}
END_TEST

/* --- the annotated copy, in memory --- */

START_TEST(annotate_to_memory)
{
	char path[1024];
	ml_rules *rs = S_rules();
	ml_scratch *sc = ml_scratch_new();
	ml_lint_opts o;
	ml_result *r = NULL;
	ml_annotate_opts ao;
	ml_annotate_stats st;
	ml_error err;
	char *p = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&p, &n);

	snprintf(path, sizeof path, "%s/fixtures/suppress/comments.docx",
	         ML_BINARY_DIR);
	ml_lint_opts_default(&o);
	o.rules = rs;
	o.keep_input = 1;
	ck_assert_int_eq(ml_lint_path(path, &o, sc, &r), 0);
	memset(&ao, 0, sizeof ao);
	ck_assert_int_eq(ml_annotate_write(r, out, &ao, &st, &err), 0);
	fclose(out);
	ck_assert_uint_gt(n, 100);
	ck_assert_int_eq(memcmp(p, "PK\003\004", 4), 0);
	/* one comment per counted finding: the suppressed one gets none */
	ck_assert_uint_eq(st.comments, 6);
	free(p);
	ml_result_free(r);
	/* linted without keep_input: refused, not guessed */
	o.keep_input = 0;
	ck_assert_int_eq(ml_lint_path(path, &o, sc, &r), 0);
	out = open_memstream(&p, &n);
	ck_assert_int_lt(ml_annotate_write(r, out, &ao, &st, &err), 0);
	fclose(out);
	free(p);
	ml_result_free(r);
	ml_scratch_free(sc);
	ml_rules_free(rs);
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("api");

	tcase_add_test(tc, suppressed_in_result);
	tcase_add_test(tc, unreadable_result);
	tcase_add_test(tc, writers_to_memory);
	tcase_add_test(tc, threads_share_rules);
	tcase_add_test(tc, annotate_to_memory);
	tcase_add_test(tc, stream_same_reports);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(S_suite());
	int failed;

	ml_init();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
