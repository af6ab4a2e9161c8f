/* check_memo.c - unit tests of the review memorandum (lint/memo/): the
 * memo's banner is the roll-up of what it quotes, --no-excerpts marks it
 * by its own content, each marking is listed once under its disposition
 * with the other findings folded in, corrections are no FDO referrals,
 * accepted findings show their reasons, locations are named as a reader
 * finds them, the HTML is well-formed for libxml2's HTML parser,
 * references nothing outside itself and escapes a document's "<script>",
 * the DOCX is a package whose header and footer carry the banner, the
 * format follows the file name, and a memo built from plain data (the
 * audit's JSON shards) says the same. */
#include "ml_check.h"
#include "ml_memo.h"

#include <check.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

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
	ck_assert_ptr_nonnull(strstr(md, "**3. (S//NF) Remove or replace.**"));
	ck_assert_ptr_nonnull(strstr(md, "\na. (S//NF) Line 1 (M1): "));
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
	ck_assert_ptr_null(strstr(md, "(S//NF) Remove"));
	ck_assert_ptr_nonnull(strstr(md, "**3. (U) Remove or replace.**"));
	/* the marking itself (no document text) and the figures are there */
	ck_assert_ptr_nonnull(strstr(md, "Marking (S//NF). Replace (S//NF) "
	                                 "with (S//REL TO USA, FVEY)."));
	ck_assert_ptr_nonnull(strstr(md, "1 NOFORN marking: 0 cite a basis"));
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
	ck_assert_int_eq(ml_memo_format_from_path("memo.markdown", &f), 0);
	ck_assert_int_eq(f, ML_MEMO_MARKDOWN);
	ck_assert_int_eq(ml_memo_format_from_path("memo.docx", &f), 0);
	ck_assert_int_eq(f, ML_MEMO_DOCX);
	/* an extension marklint does not write is refused... */
	ck_assert_int_eq(ml_memo_format_from_path("memo.pdf", &f), -1);
	ck_assert_int_eq(ml_memo_format_from_path("memo.xyz", &f), -1);
	ck_assert_int_eq(ml_memo_format_from_path("memo.text", &f), -1);
	/* ... no extension says nothing */
	ck_assert_int_eq(ml_memo_format_from_path("dir.md/memo", &f), 1);
	ck_assert_int_eq(ml_memo_format_from_path("memo", &f), 1);
	ck_assert_int_eq(ml_memo_format_parse("html", &f), 0);
	ck_assert_int_eq(ml_memo_format_parse("docx", &f), 0);
	ck_assert_int_eq(f, ML_MEMO_DOCX);
	ck_assert_int_eq(ml_memo_format_parse("pdf", &f), -1);
}
END_TEST

/* How many times needle occurs in hay. */
static size_t S_count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The memo's body: what is before the attachment. */
static char *S_body(const char *md)
{
	const char *end = strstr(md, "\n---\n");

	return ml_xstrndup(md, end ? (size_t)(end - md) : strlen(md));
}

/* One marking with three findings (no authority, blanket, and a form
 * to correct) is listed once, under "remove", with the others folded in;
 * the attachment has one row for it. */
START_TEST(each_marking_once)
{
	ml_memo *m = S_memo_of(
	    "(S/NF) H.2 This acquisition is closed to foreign participation "
	    "at all levels.\n\n"
	    "(S//NF) C.3 The seeker data.\n\n"
	    "(S//NF) C.4 The seeker design.\n", 0);
	char *md = S_render(m, ML_MEMO_MARKDOWN), *body = S_body(md);

	/* the portion is quoted once in the body */
	ck_assert_uint_eq(S_count(body, "closed to foreign participation at "
	                                "all levels"), 1);
	ck_assert_uint_eq(S_count(body, "C.3 The seeker data"), 1);
	ck_assert_ptr_nonnull(strstr(body, "Its scope is blanket"));
	/* the same advice in words is given once, then pointed back to */
	ck_assert_uint_eq(S_count(body, "Replace (S//NF) with (S//REL TO USA, "
	                                "FVEY)"), 2);
	ck_assert_ptr_null(strstr(body, "Narrow."));
	ck_assert_ptr_null(strstr(body, "Lacks an authority"));
	/* one row per marking in the attachment */
	ck_assert_uint_eq(S_count(md, "| M1 |"), 1);
	ck_assert_uint_eq(S_count(md, "| M2 |"), 1);
	free(body);
	free(md);
	ml_memo_free(m);
}
END_TEST

/* FOUO and a malformed mark are corrections, not referrals to the FDO;
 * the banner is never said to become what it already is. */
START_TEST(corrections_not_referrals)
{
	ml_memo *m = S_memo_of("(U//FOUO) L.2 Cost volumes.\n\n"
	                       "(U) Offerors shall submit a volume.\n", 0);
	char *md = S_render(m, ML_MEMO_MARKDOWN);

	ck_assert_ptr_nonnull(strstr(md, "**3. (U//FOUO) Correct.**"));
	ck_assert_ptr_nonnull(strstr(md, "Correct (U//FOUO) to (CUI)."));
	ck_assert_ptr_null(strstr(md, "FDO"));
	ck_assert_ptr_null(strstr(md, "Foreign Disclosure Officer"));
	ck_assert_ptr_nonnull(strstr(md, "the banner becomes CUI (now "
	                                 "UNCLASSIFIED//FOUO)"));
	free(md);
	ml_memo_free(m);
	m = S_memo_of(S_snf, 0);
	md = S_render(m, ML_MEMO_MARKDOWN);
	ck_assert_ptr_null(strstr(md, "SECRET//NOFORN (now SECRET//NOFORN)"));
	ck_assert_ptr_nonnull(strstr(md, "the banner becomes "
	                                 "SECRET//REL TO USA, FVEY (now "
	                                 "SECRET//NOFORN)"));
	free(md);
	ml_memo_free(m);
}
END_TEST

/* The same correction at many places is one item, its places listed
 * once ("Lines 1, 3 and 5"), its portions not quoted: the mark says it. */
START_TEST(corrections_grouped)
{
	ml_memo *m = S_memo_of("(U//FOUO) Item one.\n\n(U//FOUO) Item two."
	                       "\n\n(U//FOUO) Item three.\n\n(U) Clean.\n",
	                       0);
	char *md = S_render(m, ML_MEMO_MARKDOWN), *body = S_body(md);

	ck_assert_ptr_nonnull(strstr(body, "\na. (U) Lines 1, 3 and 5: "
	                                   "Correct (U//FOUO) to (CUI).\n"));
	ck_assert_ptr_null(strstr(body, "\nb. "));
	ck_assert_ptr_null(strstr(body, "Item two"));
	ck_assert_ptr_nonnull(strstr(md, "| lines 1, 3 and 5 | (U//FOUO) |"));
	ck_assert_ptr_nonnull(strstr(md, "correct 1 (paragraph 3)"));
	free(body);
	free(md);
	ml_memo_free(m);
}
END_TEST

/* A line that is only a marking (a banner that does not parse) is named,
 * not quoted: a marking string is no document content and does not mark
 * the memo (the document's roll-up would, SECRET here). */
START_TEST(marking_lines_not_quoted)
{
	ml_memo *m = S_memo_of("SECRET//NOFRN\n\n(S//NF) The seeker data.\n",
	                       0);
	char *md = S_render(m, ML_MEMO_MARKDOWN);

	ck_assert_ptr_nonnull(strstr(md, "\na. (U) Line 1: Correct "
	                                 "SECRET//NOFRN to SECRET//NOFORN.\n"));
	ck_assert_ptr_null(strstr(md, "\u201cSECRET//NOFRN"));
	free(md);
	ml_memo_free(m);
}
END_TEST

/* The audit builds its memo from JSON shards through the plain-data API:
 * the same facts make the same banner and the same figures; locations are
 * named as a reader finds them; accepted findings show their reason. */
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
	it.at.part = "word/document.xml";
	it.at.paragraph = 3;
	it.marking_id = "M1";
	it.kind = "noforn";
	it.form = "portion";
	it.marking = "(C//NF)";
	it.status = "missing";
	it.excerpt = "(C//NF) The interface.";
	it.suggestion = "(C//REL TO USA, FVEY)";
	ck_assert_int_eq(ml_memo_add_item(m, &it), 0);
	/* a banner in a page header, its finding suppressed in the document */
	memset(&it, 0, sizeof it);
	it.rule = "NOFORN-JUSTIFIED";
	it.severity = ML_SEV_INFO;
	it.disposition = "retain";
	it.at.part = "word/header2.xml";
	it.at.paragraph = 1;
	it.marking_id = "M2";
	it.kind = "noforn";
	it.form = "banner";
	it.marking = "CONFIDENTIAL//NOFORN";
	it.status = "cited";
	it.excerpt = "CONFIDENTIAL//NOFORN";
	it.suppressed = ML_SUPPRESS_IN_SOURCE;
	it.justification = "FDO letter 2024-17";
	ck_assert_int_eq(ml_memo_add_item(m, &it), 0);
	memset(&d, 0, sizeof d);
	d.path = "b/two.docx";
	d.error_code = "zip-corrupt";
	d.error_message = "not a zip archive";
	ml_memo_add_document(m, &d);
	memset(&d, 0, sizeof d);
	d.path = "c/deck.pptx";
	ml_memo_add_document(m, &d);
	memset(&it, 0, sizeof it);
	it.rule = "NOFORN-WEAK";
	it.severity = ML_SEV_WARNING;
	it.disposition = "review";
	it.at.part = "ppt/slides/slide3.xml";
	it.at.paragraph = 2;
	it.marking_id = "M1";
	it.kind = "noforn";
	it.form = "portion";
	it.marking = "(S//NF)";
	it.status = "weak";
	it.citation = "for security reasons";
	it.excerpt = "(S//NF) Range data for security reasons.";
	ck_assert_int_eq(ml_memo_add_item(m, &it), 0);
	b = S_banner(m);
	md = S_render(m, ML_MEMO_MARKDOWN);
	ck_assert_str_eq(b, "SECRET//NOFORN");
	ck_assert_ptr_nonnull(strstr(md, "in 3 documents"));
	ck_assert_ptr_nonnull(strstr(md, "1 document could not be read: "
	                                 "b/two.docx (not a zip archive "
	                                 "\\[zip-corrupt\\])"));
	ck_assert_ptr_nonnull(strstr(md, "a/one.docx, paragraph 3 (M1): "));
	ck_assert_ptr_nonnull(strstr(md, "Replace (C//NF) with "
	                                 "(C//REL TO USA, FVEY)."));
	ck_assert_ptr_nonnull(strstr(md, "c/deck.pptx, slide 3, paragraph 2 "
	                                 "(M1)"));
	ck_assert_ptr_null(strstr(md, "ppt/slides"));
	ck_assert_ptr_null(strstr(md, "word/"));
	/* accepted, with its reason */
	ck_assert_ptr_nonnull(strstr(md, "Accepted earlier.**"));
	ck_assert_ptr_nonnull(strstr(md, "a/one.docx, page header (M2): "
	                                 "Banner CONFIDENTIAL//NOFORN. "
	                                 "Accepted"));
	ck_assert_ptr_nonnull(strstr(md, "Accepted (NOFORN-JUSTIFIED) in the "
	                                 "document: “FDO letter 2024-17”."));
	/* a banner nobody computed is said to be unknown */
	ck_assert_ptr_nonnull(strstr(md, "the banner is not known (now "
	                                 "CONFIDENTIAL//NOFORN) in 1 document "
	                                 "(a/one.docx)"));
	free(b);
	free(md);
	ml_memo_free(m);
}
END_TEST

/* The entry name of the zip in data (len bytes), read whole (caller
 * frees), or NULL. */
static char *S_unzip(const char *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *zf;
	zip_stat_t st;
	char *out = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!za) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	if (zip_stat(za, name, 0, &st) == 0 &&
	    (zf = zip_fopen(za, name, 0)) != NULL) {
		out = calloc(1, (size_t)st.size + 1);
		if (zip_fread(zf, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		zip_fclose(zf);
	}
	zip_discard(za);
	zip_error_fini(&ze);
	return out;
}

/* The Word memo is a package whose page header and footer carry the
 * banner, whose parts are well-formed XML, and whose body holds the same
 * words as the other formats. */
START_TEST(docx_package)
{
	ml_memo *m = S_memo_of(S_snf, 0);
	char *p = NULL, *part;
	size_t n = 0, i;
	FILE *out = open_memstream(&p, &n);
	static const char *const parts[] = {
		"[Content_Types].xml", "_rels/.rels", "word/document.xml",
		"word/_rels/document.xml.rels", "word/styles.xml",
		"word/header1.xml", "word/footer1.xml", "docProps/core.xml"};

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(ml_memo_write(m, ML_MEMO_DOCX, out), 0);
	fclose(out);
	ck_assert_uint_gt(n, 1000);
	ck_assert_int_eq(memcmp(p, "PK\003\004", 4), 0);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		xmlDocPtr doc;
		part = S_unzip(p, n, parts[i]);
		ck_assert_msg(part != NULL, "no %s", parts[i]);
		doc = xmlReadMemory(part, (int)strlen(part), parts[i], NULL,
		                    XML_PARSE_NONET);
		ck_assert_msg(doc != NULL, "%s is not well-formed", parts[i]);
		xmlFreeDoc(doc);
		if (strstr(parts[i], "header1") || strstr(parts[i], "footer1"))
			ck_assert_ptr_nonnull(strstr(part, ">SECRET//NOFORN<"));
		if (strcmp(parts[i], "word/document.xml") == 0) {
			ck_assert_ptr_nonnull(strstr(part, "headerReference"));
			ck_assert_ptr_nonnull(strstr(part, "footerReference"));
			ck_assert_ptr_nonnull(strstr(part, ">Remove or "
			                                   "replace.<"));
			ck_assert_ptr_nonnull(strstr(part, "<w:tblHeader/>"));
		}
		free(part);
	}
	free(p);
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
	tcase_add_test(tc, each_marking_once);
	tcase_add_test(tc, corrections_not_referrals);
	tcase_add_test(tc, corrections_grouped);
	tcase_add_test(tc, marking_lines_not_quoted);
	tcase_add_test(tc, plain_data);
	tcase_add_test(tc, docx_package);
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
