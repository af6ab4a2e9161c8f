/* check_readers.c - unit tests of the ODT, generic XML and text readers. */
#include "ml_readers.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- helpers --- */

static ml_doc *S_new(const char *path)
{
	ml_error err;

	return ml_doc__new(path, NULL, &err);
}

typedef void (*S_make)(ml_doc *doc, ml_xml *x, ml_reader *out);

static void S_genxml(ml_doc *doc, ml_xml *x, ml_reader *out)
{
	ml_genxml_reader(doc, x, "rfp.xml", out);
}

/* Parses xml with a streaming reader into a new finished document
 * (caller frees); *rc is the status of the reading. */
static ml_doc *S_read_xml(S_make make, const char *part, const char *xml,
                          int *rc)
{
	ml_doc *doc = S_new(part);
	ml_reader rd;
	int r, f;

	make(doc, NULL, &rd);
	r = ml_xml_parse(doc, part, xml, strlen(xml), &rd.h, rd.ud, 0);
	if (r == 0 && rd.finish)
		r = rd.finish(rd.ud);
	if (rd.free)
		rd.free(rd.ud);
	f = ml_doc__finish(doc);
	*rc = r ? r : f;
	return doc;
}

static ml_doc *S_odt(const char *xml)
{
	int rc;
	ml_doc *doc = S_read_xml(ml_odt_reader, "content.xml", xml, &rc);

	ck_assert_msg(rc == 0, "read failed: %s: %s", ml_doc__err(doc)->code,
	              ml_doc__err(doc)->message);
	return doc;
}

static ml_doc *S_gen(const char *xml)
{
	int rc;
	ml_doc *doc = S_read_xml(S_genxml, "rfp.xml", xml, &rc);

	ck_assert_msg(rc == 0, "read failed: %s: %s", ml_doc__err(doc)->code,
	              ml_doc__err(doc)->message);
	return doc;
}

/* Feeds text in chunks of chunk bytes; *rc as above. */
static ml_doc *S_text_rc(const char *s, size_t len, size_t chunk, int *rc)
{
	ml_doc *doc = S_new("notes.txt");
	ml_textin *t = ml_textin_new(doc, "notes.txt", 0);
	size_t i;
	int r = 0, f;

	for (i = 0; r == 0 && i < len; i += chunk)
		r = ml_textin_feed(t, s + i, len - i < chunk ? len - i : chunk);
	if (r == 0)
		r = ml_textin_finish(t);
	ml_textin_free(t);
	f = ml_doc__finish(doc);
	*rc = r ? r : f;
	return doc;
}

static ml_doc *S_text(const char *s, size_t len, size_t chunk)
{
	int rc;
	ml_doc *doc = S_text_rc(s, len, chunk, &rc);

	ck_assert_msg(rc == 0, "read failed: %s: %s", ml_doc__err(doc)->code,
	              ml_doc__err(doc)->message);
	return doc;
}

/* Reads a zipped fixture with ml_odt_read; *rc as above. */
static ml_doc *S_odt_package(const char *name, int *rc)
{
	char path[1024];
	ml_doc *doc;
	ml_zip *z = NULL;
	int fd, r, f;

	snprintf(path, sizeof path, "%s/fixtures/readers/%s", ML_BINARY_DIR,
	         name);
	doc = S_new(path);
	fd = open(path, O_RDONLY);
	ck_assert_msg(fd >= 0, "cannot open %s", path);
	r = ml_zip_open_fd(doc, fd, &z);
	if (r == 0)
		r = ml_odt_read(doc, z);
	ml_zip_close(z);
	f = ml_doc__finish(doc);
	*rc = r ? r : f;
	return doc;
}

#define ck_portion(doc, i, part_, para_, line_, text_)                       \
	do {                                                                 \
		const ml_portion *p_ = ml_doc_portion((doc), (i));           \
		ck_assert_msg(p_ != NULL, "no portion %d", (int)(i));        \
		ck_assert_str_eq(p_->part, (part_));                         \
		ck_assert_uint_eq(p_->paragraph, (para_));                   \
		if ((line_) >= 0)                                            \
			ck_assert_uint_eq(p_->line, (unsigned)(line_));      \
		ck_assert_str_eq(p_->text, (text_));                         \
		ck_assert_uint_eq(p_->len, strlen(text_));                   \
	} while (0)

#define ck_owner(doc, i, kind_, id_)                                         \
	do {                                                                 \
		const ml_portion *p_ = ml_doc_portion((doc), (i));           \
		ck_assert_int_eq(p_->owner.kind, (kind_));                   \
		if ((kind_) == ML_LINK_NONE)                                 \
			break;                                               \
		ck_assert_str_eq(p_->owner.id, (id_));                       \
	} while (0)

#define ck_ref(doc, i, kind_, id_)                                           \
	do {                                                                 \
		const ml_portion *p_ = ml_doc_portion((doc), (i));           \
		ck_assert_uint_eq(p_->nrefs, 1);                             \
		ck_assert_int_eq(p_->refs[0].kind, (kind_));                 \
		ck_assert_str_eq(p_->refs[0].id, (id_));                     \
	} while (0)

#define ck_attr(doc, i, k, name_, value_)                                    \
	do {                                                                 \
		const ml_portion *p_ = ml_doc_portion((doc), (i));           \
		ck_assert_uint_gt(p_->nattrs, (k));                          \
		ck_assert_str_eq(p_->attrs[k].name, (name_));                \
		ck_assert_str_eq(p_->attrs[k].value, (value_));              \
	} while (0)

#define ODT_NS                                                               \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""     \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""   \
	" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""  \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""   \
	" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""     \
	" xmlns:svg=\"urn:oasis:names:tc:opendocument:"                      \
	"xmlns:svg-compatible:1.0\""                                         \
	" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

#define ODT_CONTENT(body)                                                    \
	"<office:document-content" ODT_NS ">\n"                              \
	"<office:body><office:text>\n" body                                  \
	"</office:text></office:body></office:document-content>\n"

/* --- ODT --- */

START_TEST(odt_paragraphs)
{
	ml_doc *doc = S_odt(ODT_CONTENT(
	    "<text:h text:outline-level=\"1\">(U) Heading</text:h>\n"
	    "<text:p>Tab<text:tab/>and<text:s text:c=\"3\"/>spaces,"
	    "<text:line-break/>new<text:soft-page-break/> line.</text:p>\n"
	    "<text:p/>\n"
	    "<text:p>(S//<text:span>N</text:span>F) split\n   over lines"
	    "<text:bookmark text:name=\"NOFORN\"/></text:p>\n"
	    "<text:list><text:list-item><text:p><text:number>1.</text:number>"
	    "Item</text:p></text:list-item></text:list>\n"
	    "<table:table><table:table-row><table:table-cell>"
	    "<text:p>Cell</text:p></table:table-cell></table:table-row>"
	    "</table:table>\n"));

	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_ODT);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 5);
	ck_portion(doc, 0, "content.xml", 1, 3, "(U) Heading");
	ck_portion(doc, 1, "content.xml", 2, 4, "Tab and spaces,\nnew line.");
	/* the empty paragraph keeps its number */
	ck_portion(doc, 2, "content.xml", 4, 6, "(S//NF) split over lines");
	ck_portion(doc, 3, "content.xml", 5, 8, "Item");
	ck_portion(doc, 4, "content.xml", 6, 9, "Cell");
	ml_doc_free(doc);
}
END_TEST

START_TEST(odt_tracked_changes)
{
	ml_doc *doc = S_odt(ODT_CONTENT(
	    "<text:tracked-changes><text:changed-region text:id=\"ct1\">"
	    "<text:deletion><office:change-info><dc:creator>Rev</dc:creator>"
	    "</office:change-info><text:p>NOFORN deleted</text:p>"
	    "</text:deletion></text:changed-region></text:tracked-changes>\n"
	    "<text:p>Access is<text:change text:change-id=\"ct1\"/> "
	    "permitted.</text:p>\n"));

	ck_assert_uint_eq(ml_doc_portion_count(doc), 1);
	ck_portion(doc, 0, "content.xml", 1, 4, "Access is permitted.");
	ml_doc_free(doc);
}
END_TEST

START_TEST(odt_notes)
{
	size_t first = 99;
	ml_doc *doc = S_odt(ODT_CONTENT(
	    "<text:p>(S//NF) Body<text:note text:id=\"ftn1\" "
	    "text:note-class=\"footnote\"><text:note-citation>1"
	    "</text:note-citation><text:note-body><text:p>Per the SCG."
	    "</text:p></text:note-body></text:note> text.</text:p>\n"
	    "<text:p>End<text:note text:id=\"edn1\" text:note-class=\"endnote\">"
	    "<text:note-citation>i</text:note-citation><text:note-body>"
	    "<text:p>One.</text:p><text:p>Two.</text:p></text:note-body>"
	    "</text:note>.</text:p>\n"
	    "<text:p>After.</text:p>\n"));

	ck_assert_uint_eq(ml_doc_portion_count(doc), 6);
	ck_portion(doc, 0, "content.xml", 1, 3, "(S//NF) Body text.");
	ck_ref(doc, 0, ML_LINK_FOOTNOTE, "ftn1");
	ck_owner(doc, 0, ML_LINK_NONE, NULL);
	ck_portion(doc, 1, "content.xml", 2, 3, "Per the SCG.");
	ck_owner(doc, 1, ML_LINK_FOOTNOTE, "ftn1");
	ck_assert_uint_eq(ml_doc_portion(doc, 1)->nrefs, 0);
	ck_portion(doc, 2, "content.xml", 3, 4, "End.");
	ck_ref(doc, 2, ML_LINK_ENDNOTE, "edn1");
	ck_portion(doc, 3, "content.xml", 4, 4, "One.");
	ck_owner(doc, 3, ML_LINK_ENDNOTE, "edn1");
	ck_portion(doc, 4, "content.xml", 5, 4, "Two.");
	ck_owner(doc, 4, ML_LINK_ENDNOTE, "edn1");
	ck_portion(doc, 5, "content.xml", 6, 5, "After.");
	ck_owner(doc, 5, ML_LINK_NONE, NULL);
	ck_assert_uint_eq(ml_doc_linked(doc, ML_LINK_ENDNOTE, "edn1", &first),
	                  2);
	ck_assert_uint_eq(first, 3);
	ml_doc_free(doc);
}
END_TEST

START_TEST(odt_annotations)
{
	ml_doc *doc = S_odt(ODT_CONTENT(
	    "<text:p>Check <office:annotation office:name=\"__Annotation__1\">"
	    "<dc:creator>Reviewer</dc:creator><dc:date>2024-01-02</dc:date>"
	    "<meta:date-string>01/02/2024</meta:date-string>"
	    "<text:p>Why NOFORN?</text:p></office:annotation>this"
	    "<office:annotation-end office:name=\"__Annotation__1\"/> text."
	    "</text:p>\n"
	    "<text:p>Second<office:annotation><dc:creator>R</dc:creator>"
	    "<text:p>Unnamed</text:p></office:annotation>.</text:p>\n"));

	ck_assert_uint_eq(ml_doc_portion_count(doc), 4);
	ck_portion(doc, 0, "content.xml", 1, 3, "Check this text.");
	ck_ref(doc, 0, ML_LINK_COMMENT, "__Annotation__1");
	ck_portion(doc, 1, "content.xml", 2, 3, "Why NOFORN?");
	ck_owner(doc, 1, ML_LINK_COMMENT, "__Annotation__1");
	ck_portion(doc, 2, "content.xml", 3, 4, "Second.");
	ck_ref(doc, 2, ML_LINK_COMMENT, "1");
	ck_portion(doc, 3, "content.xml", 4, 4, "Unnamed");
	ck_owner(doc, 3, ML_LINK_COMMENT, "1");
	ml_doc_free(doc);
}
END_TEST

START_TEST(odt_text_box)
{
	ml_doc *doc = S_odt(ODT_CONTENT(
	    "<text:p>Box<draw:frame draw:name=\"F1\"><svg:title>NOFORN"
	    "</svg:title><svg:desc>NOFORN</svg:desc><draw:text-box>\n"
	    "<text:p>(C//REL TO USA, GBR) In the box</text:p>\n"
	    "</draw:text-box></draw:frame> after.</text:p>\n"
	    "<text:p><draw:frame><draw:image><office:binary-data>Tk9GT1JO"
	    "</office:binary-data></draw:image></draw:frame>Image</text:p>\n"));

	ck_assert_uint_eq(ml_doc_portion_count(doc), 3);
	ck_portion(doc, 0, "content.xml", 1, 3, "Box after.");
	ck_portion(doc, 1, "content.xml", 2, 4,
	           "(C//REL TO USA, GBR) In the box");
	ck_owner(doc, 1, ML_LINK_NONE, NULL);
	ck_portion(doc, 2, "content.xml", 3, 6, "Image");
	ml_doc_free(doc);
}
END_TEST

static const char S_fodt[] =
    "<?xml version=\"1.0\"?>\n"
    "<office:document" ODT_NS " office:version=\"1.3\"\n"
    " office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
    "<office:meta><dc:title>Flat  title</dc:title>"
    "<meta:initial-creator>Ann</meta:initial-creator></office:meta>\n"
    "<office:scripts><office:script>NOFORN</office:script></office:scripts>\n"
    "<office:font-face-decls><style:font-face style:name=\"NOFORN\"/>"
    "</office:font-face-decls>\n"
    "<office:automatic-styles><style:style style:name=\"P1\">"
    "<text:p>not text</text:p></style:style></office:automatic-styles>\n"
    "<office:master-styles><style:master-page style:name=\"Standard\">\n"
    "<style:header><text:p>SECRET//NOFORN</text:p></style:header>\n"
    "<style:footer-left><text:p>Footer</text:p></style:footer-left>\n"
    "</style:master-page></office:master-styles>\n"
    "<office:body><office:text>\n"
    "<text:p>(S//NF) Body<text:note text:id=\"ftn1\" "
    "text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
    "<text:note-body><text:p>Note.</text:p></text:note-body></text:note>"
    "</text:p>\n"
    "</office:text></office:body></office:document>\n";

/* The portion (part, paragraph), or NULL. */
static const ml_portion *S_find(const ml_doc *doc, const char *part,
                                uint32_t paragraph)
{
	size_t i;

	for (i = 0; i < ml_doc_portion_count(doc); i++) {
		const ml_portion *p = ml_doc_portion(doc, i);
		if (!strcmp(p->part, part) && p->paragraph == paragraph)
			return p;
	}
	return NULL;
}

START_TEST(odt_flat)
{
	int rc;
	ml_doc *doc = S_read_xml(ml_odt_reader, "memo.fodt", S_fodt, &rc);
	const ml_portion *p;

	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_ODT);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 4);
	/* the same parts, in the same order, as the package it would be
	 * saved as, although the header comes first in the file */
	ck_portion(doc, 0, "content.xml", 1, 13, "(S//NF) Body");
	ck_portion(doc, 2, "styles.xml", 1, 9, "SECRET//NOFORN");
	p = S_find(doc, "styles.xml", 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->text, "SECRET//NOFORN");
	ck_assert_uint_eq(p->line, 9);
	p = S_find(doc, "styles.xml", 2);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->text, "Footer");
	p = S_find(doc, "content.xml", 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->text, "(S//NF) Body");
	ck_assert_uint_eq(p->nrefs, 1);
	ck_assert_str_eq(p->refs[0].id, "ftn1");
	p = S_find(doc, "content.xml", 2);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->text, "Note.");
	ck_assert_int_eq(p->owner.kind, ML_LINK_FOOTNOTE);
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_TITLE), "Flat title");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_CREATOR), "Ann");
	ck_assert_ptr_null(ml_doc_meta(doc, ML_META_MODIFIED));
	ml_doc_free(doc);
}
END_TEST

START_TEST(odt_flat_not_text)
{
	int rc;
	ml_doc *doc = S_read_xml(ml_odt_reader, "sheet.fods",
	    "<office:document" ODT_NS " office:mimetype=\"application/"
	    "vnd.oasis.opendocument.spreadsheet\"><office:body>"
	    "<office:spreadsheet/></office:body></office:document>", &rc);

	ck_assert_int_eq(rc, ML_EFORMAT);
	ck_assert_str_eq(ml_doc__err(doc)->code, "odf-not-text");
	ck_assert_ptr_nonnull(strstr(ml_doc__err(doc)->message,
	    "application/vnd.oasis.opendocument.spreadsheet"));
	ml_doc_free(doc);
}
END_TEST

START_TEST(odt_package)
{
	int rc;
	ml_doc *doc = S_odt_package("full.odt", &rc);

	ck_assert_msg(rc == 0, "%s: %s", ml_doc__err(doc)->code,
	              ml_doc__err(doc)->message);
	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_ODT);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 14);
	/* line 0: the XML lines inside a zip mean nothing to a user */
	ck_portion(doc, 0, "content.xml", 1, 0, "(U) Overview");
	ck_portion(doc, 1, "content.xml", 2, 0, "(S//NF) Body text.");
	ck_ref(doc, 1, ML_LINK_FOOTNOTE, "ftn1");
	ck_portion(doc, 2, "content.xml", 3, 0, "Per the SCG.");
	ck_owner(doc, 2, ML_LINK_FOOTNOTE, "ftn1");
	ck_portion(doc, 3, "content.xml", 4, 0, "Ends here.");
	ck_ref(doc, 3, ML_LINK_ENDNOTE, "edn1");
	ck_portion(doc, 4, "content.xml", 5, 0, "End one.");
	ck_portion(doc, 5, "content.xml", 6, 0, "End two.");
	ck_owner(doc, 5, ML_LINK_ENDNOTE, "edn1");
	ck_portion(doc, 6, "content.xml", 7, 0, "Check this text.");
	ck_ref(doc, 6, ML_LINK_COMMENT, "__Annotation__1");
	ck_portion(doc, 7, "content.xml", 8, 0, "Why NOFORN?");
	ck_owner(doc, 7, ML_LINK_COMMENT, "__Annotation__1");
	ck_portion(doc, 8, "content.xml", 9, 0, "Box after.");
	ck_portion(doc, 9, "content.xml", 10, 0,
	           "(C//REL TO USA, GBR) In the box");
	ck_portion(doc, 10, "styles.xml", 1, 0, "SECRET//NOFORN");
	ck_owner(doc, 10, ML_LINK_NONE, NULL);
	ck_portion(doc, 11, "styles.xml", 2, 0, "SECRET//NOFORN (left)");
	ck_portion(doc, 12, "styles.xml", 3, 0, "Page footer");
	ck_portion(doc, 13, "styles.xml", 4, 0, "First footer");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_TITLE), "Program Alpha RFP");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_CREATOR), "Ann Author");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_CREATED),
	                 "2024-01-02T10:00:00");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_MODIFIED),
	                 "2024-03-04T05:06:07");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_LAST_MODIFIED_BY),
	                 "Bob Editor");
	ml_doc_free(doc);
}
END_TEST

START_TEST(odt_package_errors)
{
	static const struct {
		const char *file, *code, *msg;
	} cases[] = {
		{"encrypted.odt", "odf-encrypted",
		 "password-protected OpenDocument file"},
		{"garbled.odt", "odf-encrypted",
		 "password-protected OpenDocument file"},
		{"sheet.odt", "odf-not-text",
		 "application/vnd.oasis.opendocument.spreadsheet"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc;
		ml_doc *doc = S_odt_package(cases[i].file, &rc);

		ck_assert_int_eq(rc, ML_EFORMAT);
		ck_assert_str_eq(ml_doc__err(doc)->code, cases[i].code);
		ck_assert_msg(strstr(ml_doc__err(doc)->message, cases[i].msg),
		              "%s: %s", cases[i].file,
		              ml_doc__err(doc)->message);
		ck_assert_uint_eq(ml_doc_portion_count(doc), 0);
		ml_doc_free(doc);
	}
}
END_TEST

/* --- IC-ISM and generic XML --- */

START_TEST(ism_portions)
{
	ml_doc *doc = S_gen(
	    "<?xml version=\"1.0\"?>\n"
	    "<doc xmlns:icism=\"urn:us:gov:ic:ism\" icism:classification=\"S\""
	    " icism:ownerProducer=\"USA\" version=\"1\">\n"
	    "  <title icism:classification=\"U\">Title</title>\n"
	    "  <para icism:classification=\"S\""
	    " icism:disseminationControls=\"NF\">Secret <b>bold</b>\n"
	    "    text <note icism:classification=\"U\">Inner</note> tail</para>\n"
	    "  <empty icism:classification=\"U\"/>\n"
	    "  <para>unmarked</para>\n"
	    "</doc>\n");

	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_ISM_XML);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 5);
	/* the root's own text: what its ISM children do not hold */
	ck_portion(doc, 0, "rfp.xml", 1, 2, "unmarked");
	ck_assert_uint_eq(ml_doc_portion(doc, 0)->nattrs, 2);
	ck_attr(doc, 0, 0, "ism:classification", "S");
	ck_attr(doc, 0, 1, "ism:ownerProducer", "USA");
	ck_portion(doc, 1, "rfp.xml", 2, 3, "Title");
	ck_attr(doc, 1, 0, "ism:classification", "U");
	ck_portion(doc, 2, "rfp.xml", 3, 4, "Secret bold text tail");
	ck_assert_uint_eq(ml_doc_portion(doc, 2)->nattrs, 2);
	ck_attr(doc, 2, 1, "ism:disseminationControls", "NF");
	ck_portion(doc, 3, "rfp.xml", 4, 5, "Inner");
	/* kept although blank */
	ck_portion(doc, 4, "rfp.xml", 5, 6, "");
	ck_attr(doc, 4, 0, "ism:classification", "U");
	ml_doc_free(doc);
}
END_TEST

START_TEST(ism_under_generic_root)
{
	ml_doc *doc = S_gen(
	    "<rfp xmlns:x=\"urn:us:gov:ic:ism\">\n"
	    "  <section>\n"
	    "    <p x:classification=\"U\">(U) one</p>\n"
	    "    <p x:classification=\"C\" x:ownerProducer=\"USA\">(C) two</p>\n"
	    "  </section>\n"
	    "  <p>Unmarked text</p>\n"
	    "</rfp>\n");

	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_ISM_XML);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 3);
	ck_portion(doc, 0, "rfp.xml", 1, 3, "(U) one");
	ck_portion(doc, 1, "rfp.xml", 2, 4, "(C) two");
	ck_attr(doc, 1, 1, "ism:ownerProducer", "USA");
	ck_portion(doc, 2, "rfp.xml", 3, 6, "Unmarked text");
	ck_assert_uint_eq(ml_doc_portion(doc, 2)->nattrs, 0);
	ml_doc_free(doc);
}
END_TEST

START_TEST(ism_attr_without_classification)
{
	ml_doc *doc = S_gen(
	    "<doc xmlns:ism=\"urn:us:gov:ic:ism\" ism:DESVersion=\"13\">\n"
	    "<p>Plain</p></doc>");

	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_ISM_XML);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 1);
	ck_portion(doc, 0, "rfp.xml", 1, 2, "Plain");
	ck_assert_uint_eq(ml_doc_portion(doc, 0)->nattrs, 0);
	ml_doc_free(doc);
}
END_TEST

START_TEST(xml_outermost_direct_text)
{
	ml_doc *doc = S_gen(
	    "<book>\n"
	    "  <title>Program <emphasis>Alpha</emphasis></title>\n"
	    "  <chapter>\n"
	    "    <para>See <b>x</b> here,\n      NOFORN.</para>\n"
	    "    <para>   </para>\n"
	    "    <list><item><p>One</p></item><item>Two</item></list>\n"
	    "  </chapter>\n"
	    "</book>\n");

	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_XML);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 4);
	ck_portion(doc, 0, "rfp.xml", 1, 2, "Program Alpha");
	ck_portion(doc, 1, "rfp.xml", 2, 4, "See x here, NOFORN.");
	ck_portion(doc, 2, "rfp.xml", 3, 7, "One");
	ck_portion(doc, 3, "rfp.xml", 4, 7, "Two");
	ml_doc_free(doc);
}
END_TEST

START_TEST(xml_tail_text)
{
	ml_doc *doc = S_gen(
	    "<doc>\n"
	    "<sec><para>a</para> tail</sec>\n"
	    "<sec2>\n"
	    "  <x><p>b</p><p>c</p></x>\n"
	    "  <y><p>d</p>\n"
	    "     <p>e</p> end</y>\n"
	    "</sec2>\n"
	    "</doc>\n");

	ck_assert_uint_eq(ml_doc_portion_count(doc), 4);
	ck_portion(doc, 0, "rfp.xml", 1, 2, "a tail");
	ck_portion(doc, 1, "rfp.xml", 2, 4, "b");
	ck_portion(doc, 2, "rfp.xml", 3, 4, "c");
	ck_portion(doc, 3, "rfp.xml", 4, 5, "d e end");
	ml_doc_free(doc);
}
END_TEST

START_TEST(xml_tail_with_ism_inside)
{
	ml_doc *doc = S_gen(
	    "<doc xmlns:i=\"urn:us:gov:ic:ism\">\n"
	    "<sec>\n"
	    "  <p>a</p>\n"
	    "  <i:p i:classification=\"U\">b <q>quoted</q></i:p>\n"
	    "  tail\n"
	    "</sec>\n"
	    "</doc>\n");

	ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
	/* start order: sec before the ISM portion it holds */
	ck_portion(doc, 0, "rfp.xml", 1, 2, "a tail");
	ck_portion(doc, 1, "rfp.xml", 2, 4, "b quoted");
	ck_attr(doc, 1, 0, "ism:classification", "U");
	ml_doc_free(doc);
}
END_TEST

START_TEST(xml_root_with_text)
{
	ml_doc *doc = S_gen(
	    "<doc xmlns:i=\"urn:us:gov:ic:ism\">\n"
	    "  <h>Head</h>\n"
	    "  <p i:classification=\"U\">(U) marked</p>\n"
	    "  Root text <p>x</p>\n"
	    "</doc>\n");

	ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
	ck_portion(doc, 0, "rfp.xml", 1, 1, "Head Root text x");
	ck_portion(doc, 1, "rfp.xml", 2, 3, "(U) marked");
	ml_doc_free(doc);
}
END_TEST

START_TEST(xml_late_root_text)
{
	ml_doc *doc = S_gen(
	    "<doc><sec><p>a</p></sec>\n<sec><p>b</p></sec> end</doc>");

	ck_assert_uint_eq(ml_doc_portion_count(doc), 1);
	ck_portion(doc, 0, "rfp.xml", 1, 1, "a b end");
	ml_doc_free(doc);
}
END_TEST

START_TEST(xml_entities_and_cdata)
{
	ml_doc *doc = S_gen(
	    "<!DOCTYPE doc [<!ENTITY nf \"NOFORN\">]>\n"
	    "<doc><p>SECRET//&nf; &amp; <![CDATA[<raw>]]>"
	    "<?marklint disable NOFORN-UNJUSTIFIED?><!-- NOFORN --></p></doc>");

	ck_assert_uint_eq(ml_doc_portion_count(doc), 1);
	ck_portion(doc, 0, "rfp.xml", 1, 2, "SECRET//NOFORN & <raw>");
	ml_doc_free(doc);
}
END_TEST

/* --- plain text --- */

START_TEST(text_paragraphs)
{
	static const char s[] =
	    "First line\nsecond line\n\n  \t \n   Para two\r\n  line\r\r\r"
	    "Para three\n\n\n";
	ml_doc *doc = S_text(s, sizeof s - 1, sizeof s);

	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_TEXT);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 3);
	ck_portion(doc, 0, "notes.txt", 1, 1, "First line\nsecond line");
	ck_portion(doc, 1, "notes.txt", 2, 5, "Para two\nline");
	ck_portion(doc, 2, "notes.txt", 3, 9, "Para three");
	ml_doc_free(doc);
}
END_TEST

START_TEST(text_no_final_newline)
{
	static const char s[] = "\n\nonly (S//NF)";
	ml_doc *doc = S_text(s, sizeof s - 1, 4);

	ck_assert_uint_eq(ml_doc_portion_count(doc), 1);
	ck_portion(doc, 0, "notes.txt", 1, 3, "only (S//NF)");
	ml_doc_free(doc);
}
END_TEST

START_TEST(text_bom)
{
	static const char s[] = "\xEF\xBB\xBF(S//NF) text\n";
	size_t chunk;

	for (chunk = 1; chunk <= 4; chunk++) {
		ml_doc *doc = S_text(s, sizeof s - 1, chunk);

		ck_assert_uint_eq(ml_doc_portion_count(doc), 1);
		ck_portion(doc, 0, "notes.txt", 1, 1, "(S//NF) text");
		ml_doc_free(doc);
	}
}
END_TEST

START_TEST(text_utf16)
{
	/* "A\r\n\r\nB \u00e9 \U0001F600" in UTF-16LE and BE, with BOMs */
	static const char le[] = "\xFF\xFE" "A\0\r\0\n\0\r\0\n\0B\0 \0\xE9\0"
	                         " \0\x3D\xD8\x00\xDE";
	static const char be[] = "\xFE\xFF" "\0A\0\r\0\n\0\r\0\n\0B\0 \0\xE9"
	                         "\0 \xD8\x3D\xDE\x00";
	size_t chunk;

	for (chunk = 1; chunk <= 3; chunk++) {
		ml_doc *doc = S_text(le, sizeof le - 1, chunk);

		ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
		ck_portion(doc, 0, "notes.txt", 1, 1, "A");
		ck_portion(doc, 1, "notes.txt", 2, 3,
		           "B \xC3\xA9 \xF0\x9F\x98\x80");
		ml_doc_free(doc);
		doc = S_text(be, sizeof be - 1, chunk);
		ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
		ck_portion(doc, 1, "notes.txt", 2, 3,
		           "B \xC3\xA9 \xF0\x9F\x98\x80");
		ml_doc_free(doc);
	}
}
END_TEST

START_TEST(text_bad_utf16)
{
	static const char s[] = "\xFF\xFE" "A\0\n\0\x3D\xD8" "B\0";
	int rc;
	ml_doc *doc = S_text_rc(s, sizeof s - 1, 5, &rc);

	ck_assert_int_eq(rc, ML_EFORMAT);
	ck_assert_str_eq(ml_doc__err(doc)->code, "invalid-utf16");
	ck_assert_ptr_nonnull(strstr(ml_doc__err(doc)->message, "line 2"));
	ml_doc_free(doc);
}
END_TEST

START_TEST(text_chunk_boundaries)
{
	/* every split: inside the BOM, a 2-, 3- and 4-byte character and a
	 * CRLF */
	static const char s[] = "\xEF\xBB\xBF" "caf\xC3\xA9 \xE2\x82\xAC "
	                        "\xF0\x9F\x98\x80\r\nnext\r\n\r\nlast";
	size_t chunk;

	for (chunk = 1; chunk < sizeof s; chunk++) {
		ml_doc *doc = S_text(s, sizeof s - 1, chunk);

		ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
		ck_portion(doc, 0, "notes.txt", 1, 1,
		           "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\nnext");
		ck_portion(doc, 1, "notes.txt", 2, 4, "last");
		ml_doc_free(doc);
	}
}
END_TEST

START_TEST(text_invalid_utf8)
{
	static const struct {
		const char *s, *msg;
	} cases[] = {
		{"ok\nbad \xC3\x28 here\n", "invalid UTF-8 at line 2, byte 5"},
		{"\xFF", "invalid UTF-8 at line 1, byte 1"},
		{"x\n\ny \xED\xA0\x80", "invalid UTF-8 at line 3, byte 3"},
		{"overlong \xC0\xAF", "invalid UTF-8 at line 1, byte 10"},
		{"cut \xE2\x82", "invalid UTF-8 at line 1, byte 5"},
		{"a\r\n\xF4\x90\x80\x80", "invalid UTF-8 at line 2, byte 1"},
	};
	size_t i, chunk;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (chunk = 1; chunk <= 3; chunk++) {
			int rc;
			ml_doc *doc = S_text_rc(cases[i].s, strlen(cases[i].s),
			                        chunk, &rc);

			ck_assert_int_eq(rc, ML_EFORMAT);
			ck_assert_str_eq(ml_doc__err(doc)->code,
			                 "invalid-utf8");
			ck_assert_str_eq(ml_doc__err(doc)->message,
			                 cases[i].msg);
			ml_doc_free(doc);
		}
	}
}
END_TEST

START_TEST(text_stdin_part)
{
	ml_doc *doc = S_new("-");
	ml_textin *t = ml_textin_new(doc, "-", 0);

	ck_assert_int_eq(ml_textin_feed(t, "x\n", 2), 0);
	ck_assert_int_eq(ml_textin_finish(t), 0);
	ml_textin_free(t);
	ck_assert_int_eq(ml_doc__finish(doc), 0);
	ck_portion(doc, 0, "-", 1, 1, "x");
	ml_doc_free(doc);
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("readers");
	TCase *odt = tcase_create("odt");
	TCase *xml = tcase_create("genxml");
	TCase *txt = tcase_create("text");

	tcase_add_test(odt, odt_paragraphs);
	tcase_add_test(odt, odt_tracked_changes);
	tcase_add_test(odt, odt_notes);
	tcase_add_test(odt, odt_annotations);
	tcase_add_test(odt, odt_text_box);
	tcase_add_test(odt, odt_flat);
	tcase_add_test(odt, odt_flat_not_text);
	tcase_add_test(odt, odt_package);
	tcase_add_test(odt, odt_package_errors);
	suite_add_tcase(s, odt);
	tcase_add_test(xml, ism_portions);
	tcase_add_test(xml, ism_under_generic_root);
	tcase_add_test(xml, ism_attr_without_classification);
	tcase_add_test(xml, xml_outermost_direct_text);
	tcase_add_test(xml, xml_tail_text);
	tcase_add_test(xml, xml_tail_with_ism_inside);
	tcase_add_test(xml, xml_root_with_text);
	tcase_add_test(xml, xml_late_root_text);
	tcase_add_test(xml, xml_entities_and_cdata);
	suite_add_tcase(s, xml);
	tcase_add_test(txt, text_paragraphs);
	tcase_add_test(txt, text_no_final_newline);
	tcase_add_test(txt, text_bom);
	tcase_add_test(txt, text_utf16);
	tcase_add_test(txt, text_bad_utf16);
	tcase_add_test(txt, text_chunk_boundaries);
	tcase_add_test(txt, text_invalid_utf8);
	tcase_add_test(txt, text_stdin_part);
	suite_add_tcase(s, txt);
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
