/* check_docx.c - unit tests of the OPC package reader: parts found through
 * relationships, read in order, altChunks, and the refusals. Packages are
 * built in memory with libzip (the test only: the library reads zips
 * through ml_zip.c). */
#include "ml_readers.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PR_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define WCT "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define RELT R_NS "/"

#define TYPES(x) "<Types xmlns=\"" CT_NS "\">" \
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>" x "</Types>"
#define OVR(name, ct) "<Override PartName=\"" name "\" ContentType=\"" ct "\"/>"
#define RELS(x) "<Relationships xmlns=\"" PR_NS "\">" x "</Relationships>"
#define REL(id, type, target) "<Relationship Id=\"" id "\" Type=\"" type \
	"\" Target=\"" target "\"/>"
#define WDOC(x) "<w:document xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\">" \
	"<w:body>" x "</w:body></w:document>"
#define P(t) "<w:p><w:r><w:t>" t "</w:t></w:r></w:p>"

typedef struct S_entry {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen(data) */
} S_entry;

/* A zip holding the entries, in memory (caller frees); its size in
 * *len. */
static char *S_zip(const S_entry *e, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	char *buf;
	size_t i;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	ck_assert_ptr_nonnull(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	ck_assert_ptr_nonnull(za);
	for (i = 0; i < n; i++) {
		size_t l = e[i].len ? e[i].len : strlen(e[i].data);
		zip_source_t *s = zip_source_buffer(za, e[i].data, l, 0);
		ck_assert_int_ge(zip_file_add(za, e[i].name, s, 0), 0);
	}
	ck_assert_int_eq(zip_close(za), 0);
	ck_assert_int_eq(zip_source_open(src), 0);
	zip_source_seek(src, 0, SEEK_END);
	*len = (size_t)zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	buf = malloc(*len);
	ck_assert_int_eq(zip_source_read(src, buf, *len), (zip_int64_t)*len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return buf;
}

/* Reads a package with ml_docx_read into a finished doc (caller frees). */
static ml_doc *S_docx(const S_entry *e, size_t n, const ml_limits *lim)
{
	ml_error err;
	ml_doc *doc = ml_doc__new("test.docx", lim, &err);
	ml_zip *z = NULL;
	size_t len;
	char *buf = S_zip(e, n, &len);

	if (ml_zip_open_memory(doc, buf, len, 0, &z) == 0)
		ml_docx_read(doc, z);
	ml_zip_close(z);
	free(buf);
	ml_doc__finish(doc);
	return doc;
}

static void S_is(const ml_doc *doc, size_t i, const char *part,
                 uint32_t para, const char *text)
{
	const ml_portion *p;

	ck_assert_msg(i < ml_doc_portion_count(doc),
	              "portion %zu missing (%zu portions)", i,
	              ml_doc_portion_count(doc));
	p = ml_doc_portion(doc, i);
	ck_assert_str_eq(p->part, part);
	ck_assert_uint_eq(p->paragraph, para);
	ck_assert_str_eq(p->text, text);
}

static void S_ok(const ml_doc *doc)
{
	ck_assert_msg(!ml_doc__failed(doc), "%s: %s",
	              ml_doc__err((ml_doc *)doc)->code,
	              ml_doc__err((ml_doc *)doc)->message);
}

/* An embedded DOCX for altChunk tests (caller frees). */
static char *S_inner(size_t *len)
{
	static const S_entry e[] = {
		{"[Content_Types].xml",
		 TYPES(OVR("/word/document.xml", WCT "document.main+xml")), 0},
		{"_rels/.rels",
		 RELS(REL("rId1", RELT "officeDocument", "word/document.xml")),
		 0},
		{"word/document.xml", WDOC(P("inner (S//NF)")), 0},
	};

	return S_zip(e, sizeof e / sizeof e[0], len);
}

START_TEST(parts_in_order)
{
	size_t ilen;
	char *inner = S_inner(&ilen);
	S_entry e[] = {
		{"[Content_Types].xml",
		 TYPES("<Default Extension=\"htm\" ContentType=\"text/html\"/>"
		       "<Default Extension=\"rtf\" ContentType=\"application/rtf\"/>"
		       OVR("/word/main.xml", WCT "document.main+xml")
		       OVR("/word/h1.xml", WCT "header+xml")
		       OVR("/word/h2.xml", WCT "header+xml")
		       OVR("/word/f1.xml", WCT "footer+xml")
		       OVR("/word/footnotes.xml", WCT "footnotes+xml")
		       OVR("/word/comments.xml", WCT "comments+xml")
		       OVR("/word/inner.docx", WCT "document")
		       OVR("/docProps/core.xml",
		           "application/vnd.openxmlformats-package.core-properties+xml")
		       OVR("/docProps/app.xml",
		           "application/vnd.openxmlformats-officedocument.extended-properties+xml")),
		 0},
		{"_rels/.rels",
		 RELS(REL("rId3", PR_NS "/metadata/core-properties",
		          "docProps/core.xml")
		      REL("rId2", RELT "extended-properties", "docProps/app.xml")
		      REL("rId1", RELT "officeDocument", "/word/main.xml")),
		 0},
		{"word/_rels/main.xml.rels",
		 RELS(REL("rId9", RELT "hyperlink", "http://example.com/NOFORN")
		      "<Relationship Id=\"rId8\" Type=\"" RELT "hyperlink\" "
		      "Target=\"word/h1.xml\" TargetMode=\"External\"/>"
		      REL("rId7", RELT "aFChunk", "inner.docx")
		      REL("rId6", RELT "aFChunk", "chunk.htm")
		      REL("rId5", RELT "aFChunk", "chunk.rtf")
		      REL("rId4", RELT "comments", "comments.xml")
		      REL("rId3", RELT "footnotes", "./footnotes.xml")
		      REL("rId2", RELT "footer", "/word/f1.xml")
		      REL("rId1", RELT "header", "h2.xml")
		      REL("rId0", RELT "header", "h1.xml")
		      REL("rIdX", RELT "header", "../../../evil.xml")
		      REL("rIdY", RELT "header", "missing.xml")),
		 0},
		{"word/main.xml",
		 WDOC("<w:p><w:r><w:t>(S//NF) body</w:t></w:r><w:r>"
		      "<w:footnoteReference w:id=\"1\"/></w:r></w:p>"
		      "<w:altChunk r:id=\"rId6\"/><w:altChunk r:id=\"rId7\"/>"),
		 0},
		{"word/h1.xml", "<w:hdr xmlns:w=\"" W_NS "\">" P("header one")
		 "</w:hdr>", 0},
		{"word/h2.xml", "<w:hdr xmlns:w=\"" W_NS "\">" P("header two")
		 "</w:hdr>", 0},
		{"word/f1.xml", "<w:ftr xmlns:w=\"" W_NS "\">" P("footer")
		 "</w:ftr>", 0},
		{"word/footnotes.xml", "<w:footnotes xmlns:w=\"" W_NS "\">"
		 "<w:footnote w:id=\"1\">" P("a note") "</w:footnote>"
		 "</w:footnotes>", 0},
		{"word/comments.xml", "<w:comments xmlns:w=\"" W_NS "\">"
		 "<w:comment w:id=\"0\">" P("a comment") "</w:comment>"
		 "</w:comments>", 0},
		{"word/chunk.htm", "<html><body><p>html chunk</p></body></html>",
		 0},
		{"word/chunk.rtf", "{\\rtf1 skipped}", 0},
		{"word/inner.docx", inner, ilen},
		{"evil.xml", "<w:hdr xmlns:w=\"" W_NS "\">" P("outside")
		 "</w:hdr>", 0},
		{"docProps/core.xml",
		 "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
		 "package/2006/metadata/core-properties\" "
		 "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
		 "<dc:title>The title</dc:title></cp:coreProperties>", 0},
		{"docProps/app.xml",
		 "<Properties xmlns=\"http://schemas.openxmlformats.org/"
		 "officeDocument/2006/extended-properties\">"
		 "<Company>ACME</Company></Properties>", 0},
	};
	ml_doc *doc = S_docx(e, sizeof e / sizeof e[0], NULL);

	S_ok(doc);
	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_DOCX);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 8);
	S_is(doc, 0, "word/main.xml", 1, "(S//NF) body");
	S_is(doc, 1, "word/h2.xml", 1, "header two"); /* rels order */
	S_is(doc, 2, "word/h1.xml", 1, "header one");
	S_is(doc, 3, "word/f1.xml", 1, "footer");
	S_is(doc, 4, "word/footnotes.xml", 1, "a note");
	ck_assert_int_eq(ml_doc_portion(doc, 4)->owner.kind, ML_LINK_FOOTNOTE);
	S_is(doc, 5, "word/comments.xml", 1, "a comment");
	S_is(doc, 6, "word/inner.docx!/word/document.xml", 1, "inner (S//NF)");
	S_is(doc, 7, "word/chunk.htm", 1, "html chunk");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_TITLE), "The title");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_COMPANY), "ACME");
	ml_doc_free(doc);
	free(inner);
}
END_TEST

START_TEST(spreadsheet_refused)
{
	static const S_entry e[] = {
		{"[Content_Types].xml",
		 TYPES(OVR("/xl/workbook.xml", "application/vnd.openxmlformats-"
		           "officedocument.spreadsheetml.sheet.main+xml")), 0},
		{"_rels/.rels",
		 RELS(REL("rId1", RELT "officeDocument", "xl/workbook.xml")), 0},
		{"xl/workbook.xml", "<workbook/>", 0},
	};
	ml_doc *doc = S_docx(e, sizeof e / sizeof e[0], NULL);

	ck_assert(ml_doc__failed(doc));
	ck_assert_str_eq(ml_doc__err(doc)->code, "opc-not-wordprocessing");
	ck_assert_ptr_nonnull(strstr(ml_doc__err(doc)->message,
	                             "the package is a spreadsheet"));
	ml_doc_free(doc);
}
END_TEST

START_TEST(no_main_part)
{
	static const S_entry none[] = {
		{"[Content_Types].xml", TYPES(""), 0},
		{"_rels/.rels", RELS(""), 0},
		/* present, but no relationship names it */
		{"word/document.xml", WDOC(P("x")), 0},
	};
	static const S_entry dangling[] = {
		{"[Content_Types].xml", TYPES(""), 0},
		{"_rels/.rels",
		 RELS(REL("rId1", "http://purl.oclc.org/ooxml/officeDocument/"
		          "relationships/officeDocument", "word/document.xml")),
		 0},
	};
	ml_doc *doc = S_docx(none, sizeof none / sizeof none[0], NULL);

	ck_assert(ml_doc__failed(doc));
	ck_assert_str_eq(ml_doc__err(doc)->code, "opc-no-main-part");
	ml_doc_free(doc);
	doc = S_docx(dangling, sizeof dangling / sizeof dangling[0], NULL);
	ck_assert(ml_doc__failed(doc));
	ck_assert_str_eq(ml_doc__err(doc)->code, "opc-no-main-part");
	ml_doc_free(doc);
}
END_TEST

START_TEST(nesting_limited)
{
	size_t ilen;
	char *inner = S_inner(&ilen);
	S_entry e[] = {
		{"[Content_Types].xml",
		 TYPES(OVR("/word/document.xml", WCT "document.main+xml")
		       OVR("/word/a.docx", WCT "document")), 0},
		{"_rels/.rels",
		 RELS(REL("rId1", RELT "officeDocument", "word/document.xml")),
		 0},
		{"word/_rels/document.xml.rels",
		 RELS(REL("rId1", RELT "aFChunk", "a.docx")), 0},
		{"word/document.xml", WDOC(P("outer")), 0},
		{"word/a.docx", inner, ilen},
	};
	ml_limits lim;
	ml_doc *doc;

	ml_limits_default(&lim);
	lim.max_zip_nesting = 0;
	doc = S_docx(e, sizeof e / sizeof e[0], &lim);
	ck_assert(ml_doc__failed(doc));
	ck_assert_str_eq(ml_doc__err(doc)->code, "limit-zip-nesting");
	ml_doc_free(doc);
	free(inner);
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("docx");
	TCase *tc = tcase_create("package");

	tcase_add_test(tc, parts_in_order);
	tcase_add_test(tc, spreadsheet_refused);
	tcase_add_test(tc, no_main_part);
	tcase_add_test(tc, nesting_limited);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(S_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
