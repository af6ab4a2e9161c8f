/* check_memo.c - unit tests of the review memorandum (ml_memo.c,
 * ml_memo_html.c): the memo's banner is the roll-up of what it quotes,
 * --no-excerpts marks it by its own content, the HTML is well-formed for
 * libxml2's HTML parser, references nothing outside itself and escapes a
 * document's "<script>", the format follows the file name, and a memo
 * built from plain data (the audit's JSON shards) says the same. */
#include "ml_check.h"
#include "ml_memo.h"

#include <check.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A memo of one plain-text document (caller frees). */
static ml_memo *S_memo_of(const char *text, int no_excerpts)
{
	ml_rules *rs = ml_rules_new();
	ml_scratch *sc = ml_scratch_new();
	ml_result *r = NULL;
	ml_lint_opts lo;
	ml_error err;
	ml_memo_opts o;
	ml_memo *m;

	memset(&err, 0, sizeof err);
	ck_assert_int_eq(ml_rules_load_builtin(rs, &err), 0);
	ml_lint_opts_default(&lo);
	lo.rules = rs;
	ck_assert_int_eq(ml_lint_memory("draft.txt", text, strlen(text), &lo,
	                                sc, &r), 0);
	ml_memo_opts_default(&o);
	o.no_excerpts = no_excerpts;
	m = ml_memo_new(&o);
	ml_memo_add_result(m, r);
	/* the memo keeps copies: free everything it was built from */
	ml_result_free(r);
	ml_scratch_free(sc);
	ml_rules_free(rs);
	return m;
}

/* The memo rendered in f (caller frees). */
static char *S_render(const ml_memo *m, ml_memo_format f)
{
	char *p = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&p, &n);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(ml_memo_write(m, f, out), 0);
	fclose(out);
	return p;
}

static char *S_banner(const ml_memo *m)
{
	ml_buf b;
	char *s;

	ml_buf_init(&b, 4096);
	ck_assert_int_eq(ml_memo_banner(m, &b), 0);
	s = ml_xstrdup(b.ptr);
	ml_buf_free(&b);
	return s;
}

static const char S_snf[] =
	"(S//NF) The seeker data shall stay national.\n\n"
	"(U) Offerors shall submit a technical volume.\n";

START_TEST(banner_is_rollup_of_quotes)
{
	ml_memo *m = S_memo_of(S_snf, 0);
	char *b = S_banner(m), *md = S_render(m, ML_MEMO_MARKDOWN);
	char *txt = S_render(m, ML_MEMO_TEXT);
	size_t n = strlen(md);

	ck_assert_str_eq(b, "SECRET//NOFORN");
	/* top and bottom */
	ck_assert_int_eq(strncmp(md, "**SECRET//NOFORN**\n", 19), 0);
	ck_assert_str_eq(md + n - 19, "**SECRET//NOFORN**\n");
	ck_assert_ptr_nonnull(strstr(txt, "SECRET//NOFORN\n"));
	/* the paragraph that quotes the portion carries its mark */
	ck_assert_ptr_nonnull(strstr(md, "**3. (S//NF) Findings.**"));
	ck_assert_ptr_nonnull(strstr(md, "**1. (U) Purpose.**"));
	free(b);
	free(md);
	free(txt);
	ml_memo_free(m);
}
END_TEST

START_TEST(no_excerpts_marks_by_own_content)
{
	ml_memo *m = S_memo_of(S_snf, 1);
	char *b = S_banner(m), *md = S_render(m, ML_MEMO_MARKDOWN);

	ck_assert_str_eq(b, "UNCLASSIFIED");
	ck_assert_ptr_null(strstr(md, "seeker data"));
	ck_assert_ptr_null(strstr(md, "(S//NF) Findings"));
	ck_assert_ptr_nonnull(strstr(md, "**3. (U) Findings.**"));
	/* the figures are still there */
	ck_assert_ptr_nonnull(strstr(md, "1 NOFORN marking found"));
	free(b);
	free(md);
	ml_memo_free(m);
}
END_TEST

/* Counts the elements and attributes of the tree that reach outside the
 * page, and whether a text node holds "<script>". */
static void S_walk(xmlNodePtr n, int *external, int *script_text)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content &&
		    strstr((const char *)n->content, "<script>"))
			*script_text = 1;
		if (n->type == XML_ELEMENT_NODE) {
			xmlAttrPtr a;
			static const char *const bad[] = {
				"script", "link", "img", "iframe", "object",
				"embed", "base"};
			size_t i;
			for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
				*external += xmlStrcasecmp(n->name,
				                           BAD_CAST bad[i]) == 0;
			for (a = n->properties; a; a = a->next)
				*external += !xmlStrcasecmp(a->name,
				                            BAD_CAST "src") ||
				             !xmlStrcasecmp(a->name,
				                            BAD_CAST "href");
		}
		S_walk(n->children, external, script_text);
	}
}

START_TEST(html_wellformed_selfcontained_escaped)
{
	ml_memo *m = S_memo_of(
	    "(U) H.2 <script>alert(1)</script> This acquisition is closed "
	    "to foreign participation.\n\n"
	    "(S//NF) C.2 Data <img src=http://x/y.png> for security "
	    "reasons.\n", 0);
	char *html = S_render(m, ML_MEMO_HTML);
	htmlParserCtxtPtr ctx = htmlNewParserCtxt();
	htmlDocPtr doc;
	int external = 0, script_text = 0;

	/* any error or warning of the HTML parser fails the test */
	doc = htmlCtxtReadMemory(ctx, html, (int)strlen(html), "memo.html",
	                         "utf-8", HTML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(ctx->wellFormed, 1);
	ck_assert_int_eq(ctx->errNo, 0);
	S_walk(xmlDocGetRootElement(doc), &external, &script_text);
	ck_assert_int_eq(external, 0);
	ck_assert_int_eq(script_text, 1); /* the text, escaped, is shown */
	ck_assert_ptr_null(strstr(html, "<script"));
	ck_assert_ptr_null(strstr(html, "<img"));
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;"));
	ck_assert_ptr_null(strstr(html, "http://www"));
	ck_assert_ptr_null(strstr(html, "https:"));
	xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctx);
	free(html);
	ml_memo_free(m);
}
END_TEST

START_TEST(markdown_escapes_document_text)
{
	ml_memo *m = S_memo_of("(U) H.2 <script>x</script> *bold* [a](b) "
	                       "This acquisition is closed to foreign "
	                       "participation.\n", 0);
	char *md = S_render(m, ML_MEMO_MARKDOWN);

	ck_assert_ptr_null(strstr(md, "<script>"));
	ck_assert_ptr_nonnull(strstr(md, "\\<script\\>"));
	ck_assert_ptr_nonnull(strstr(md, "\\*bold\\*"));
	ck_assert_ptr_nonnull(strstr(md, "\\[a\\](b)"));
	free(md);
	ml_memo_free(m);
}
END_TEST

START_TEST(format_from_name)
{
	ml_memo_format f;

	ck_assert_int_eq(ml_memo_format_from_path("a/memo.HTML", &f), 0);
	ck_assert_int_eq(f, ML_MEMO_HTML);
	ck_assert_int_eq(ml_memo_format_from_path("memo.htm", &f), 0);
	ck_assert_int_eq(f, ML_MEMO_HTML);
	ck_assert_int_eq(ml_memo_format_from_path("memo.txt", &f), 0);
	ck_assert_int_eq(f, ML_MEMO_TEXT);
	ck_assert_int_eq(ml_memo_format_from_path("memo.md", &f), 0);
	ck_assert_int_eq(f, ML_MEMO_MARKDOWN);
	ck_assert_int_eq(ml_memo_format_from_path("memo.pdf", &f), -1);
	ck_assert_int_eq(ml_memo_format_from_path("dir.md/memo", &f), -1);
	ck_assert_int_eq(ml_memo_format_parse("html", &f), 0);
	ck_assert_int_eq(ml_memo_format_parse("pdf", &f), -1);
}
END_TEST

/* The audit builds its memo from JSON shards through the plain-data API:
 * the same facts make the same banner and the same figures. */
START_TEST(plain_data)
{
	ml_memo *m = ml_memo_new(NULL);
	ml_memo_doc d;
	ml_memo_item it;
	char *b, *md;

	memset(&it, 0, sizeof it);
	ck_assert_int_eq(ml_memo_add_item(m, &it), -1); /* no document */
	memset(&d, 0, sizeof d);
	d.path = "a/one.docx";
	d.portions = 4;
	d.rollup = "CONFIDENTIAL//NOFORN";
	ml_memo_add_document(m, &d);
	it.rule = "NOFORN-UNJUSTIFIED";
	it.severity = ML_SEV_ERROR;
	it.disposition = "remove";
	it.message = "NOFORN portion mark (C//NF) cites no authority";
	it.part = "word/document.xml";
	it.paragraph = 3;
	it.marking_id = "M1";
	it.kind = "noforn";
	it.form = "portion";
	it.marking = "(C//NF)";
	it.status = "missing";
	it.excerpt = "(C//NF) The interface.";
	it.suggestion = "(C//REL TO USA, FVEY)";
	ck_assert_int_eq(ml_memo_add_item(m, &it), 0);
	memset(&d, 0, sizeof d);
	d.path = "b/two.docx";
	d.error_code = "zip-corrupt";
	d.error_message = "not a zip archive";
	ml_memo_add_document(m, &d);
	b = S_banner(m);
	md = S_render(m, ML_MEMO_MARKDOWN);
	ck_assert_str_eq(b, "CONFIDENTIAL//NOFORN");
	ck_assert_ptr_nonnull(strstr(md, "in 2 documents"));
	ck_assert_ptr_nonnull(strstr(md, "1 document and 4 portions "
	                                 "reviewed; 1 document could not be "
	                                 "read"));
	ck_assert_ptr_nonnull(strstr(md, "b/two.docx: not a zip archive "
	                                 "\\[zip-corrupt\\]"));
	ck_assert_ptr_nonnull(strstr(md, "replace (C//NF) with "
	                                 "(C//REL TO USA, FVEY)"));
	/* a banner nobody computed is said to be unknown */
	ck_assert_ptr_nonnull(strstr(md, "a/one.docx: not computed (now "
	                                 "CONFIDENTIAL//NOFORN)"));
	free(b);
	free(md);
	ml_memo_free(m);
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("memo");
	TCase *tc = tcase_create("memo");

	tcase_add_test(tc, banner_is_rollup_of_quotes);
	tcase_add_test(tc, no_excerpts_marks_by_own_content);
	tcase_add_test(tc, html_wellformed_selfcontained_escaped);
	tcase_add_test(tc, markdown_escapes_document_text);
	tcase_add_test(tc, format_from_name);
	tcase_add_test(tc, plain_data);
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
