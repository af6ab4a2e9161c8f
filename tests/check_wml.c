/* check_wml.c - unit tests of the WordprocessingML, Flat OPC and HTML
 * readers: what text a user sees in each paragraph, where it is, and how
 * notes and comments tie to the body. */
#include "ml_readers.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOC_OPEN                                                            \
	"<w:document xmlns:w=\"" W_NS "\" "                                 \
	"xmlns:v=\"urn:schemas-microsoft-com:vml\" "                        \
	"xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" " \
	"xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" " \
	"xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" " \
	"mc:Ignorable=\"wps\"><w:body>"
#define DOC_CLOSE "</w:body></w:document>"
#define DOC(body) DOC_OPEN body DOC_CLOSE
#define R(t) "<w:r><w:t xml:space=\"preserve\">" t "</w:t></w:r>"
#define P(runs) "<w:p>" runs "</w:p>"

enum { READ_WML, READ_WML2003, READ_FLAT, READ_HTML };

/* Reads xml with one of the readers into a finished doc (caller frees);
 * part is the current part for the 2006 reader (NULL: none set). */
static ml_doc *S_read(const char *xml, int which, const char *part)
{
	ml_error err;
	ml_doc *doc = ml_doc__new("test.xml", NULL, &err);
	ml_reader r;

	if (part)
		ml_doc__part(doc, part);
	switch (which) {
	case READ_WML:
		ml_wml_reader(doc, NULL, ML_WML_2006, &r);
		break;
	case READ_WML2003:
		ml_wml_reader(doc, NULL, ML_WML_2003, &r);
		break;
	case READ_FLAT:
		ml_flatopc_reader(doc, NULL, &r);
		break;
	default:
		ml_html_reader(doc, NULL, &r);
		break;
	}
	ml_xml_parse(doc, "test.xml", xml, strlen(xml), &r.h, r.ud,
	             which == READ_HTML ? ML_XML_HTML : ML_XML_MCE);
	if (r.finish)
		r.finish(r.ud);
	if (r.free)
		r.free(r.ud);
	ml_doc__finish(doc);
	if (ml_doc__failed(doc))
		fprintf(stderr, "read failed: %s: %s\n", ml_doc__err(doc)->code,
		        ml_doc__err(doc)->message);
	return doc;
}

static ml_doc *S_body(const char *xml)
{
	return S_read(xml, READ_WML, "word/document.xml");
}

/* Portion i has this text, part and paragraph number. */
static void S_is(const ml_doc *doc, size_t i, const char *part,
                 uint32_t para, const char *text)
{
	const ml_portion *p;

	ck_assert_msg(i < ml_doc_portion_count(doc),
	              "portion %zu missing (%zu portions)", i,
	              ml_doc_portion_count(doc));
	p = ml_doc_portion(doc, i);
	ck_assert_str_eq(p->text, text);
	ck_assert_str_eq(p->part, part);
	ck_assert_uint_eq(p->paragraph, para);
}

static void S_count(const ml_doc *doc, size_t n)
{
	ck_assert_uint_eq(ml_doc_portion_count(doc), n);
}

static int S_has_ref(const ml_portion *p, ml_link_kind kind, const char *id)
{
	size_t i;

	for (i = 0; i < p->nrefs; i++)
		if (p->refs[i].kind == kind && strcmp(p->refs[i].id, id) == 0)
			return 1;
	return 0;
}

START_TEST(split_runs)
{
	ml_doc *doc = S_body(DOC(
	    P(R("(") "<w:proofErr w:type=\"spellStart\"/>" R("S")
	      "<w:bookmarkStart w:id=\"0\" w:name=\"b\"/>"
	      "<w:r><w:rPr><w:b/></w:rPr><w:t>//</w:t></w:r>"
	      "<w:bookmarkEnd w:id=\"0\"/><w:proofErr w:type=\"spellEnd\"/>"
	      R("NF)") R(" Text"))));

	S_count(doc, 1);
	S_is(doc, 0, "word/document.xml", 1, "(S//NF) Text");
	ml_doc_free(doc);
}
END_TEST

START_TEST(wrappers_joined)
{
	ml_doc *doc = S_body(DOC(
	    P("<w:hyperlink r:id=\"rId5\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	      R("(S") "</w:hyperlink>"
	      "<w:smartTag w:uri=\"u\" w:element=\"e\">" R("//") "</w:smartTag>"
	      "<w:customXml w:element=\"c\">" R("N") "</w:customXml>"
	      "<w:fldSimple w:instr=\" REF x \">" R("F") "</w:fldSimple>"
	      "<w:sdt><w:sdtPr><w:alias w:val=\"Hidden alias\"/>"
	      "<w:placeholder><w:docPart w:val=\"x\"/></w:placeholder>"
	      "</w:sdtPr><w:sdtContent>" R(")") "</w:sdtContent></w:sdt>"
	      "<w:ins w:id=\"1\" w:author=\"a\">" R(" in") "</w:ins>"
	      "<w:moveTo w:id=\"2\" w:author=\"a\">" R("s") "</w:moveTo>"
	      "<w:dir w:val=\"rtl\">" R("!") "</w:dir>"
	      "<w:bdo w:val=\"ltr\">" R("?") "</w:bdo>")));

	S_count(doc, 1);
	S_is(doc, 0, "word/document.xml", 1, "(S//NF) ins!?");
	ml_doc_free(doc);
}
END_TEST

START_TEST(deleted_text)
{
	ml_doc *doc = S_body(DOC(
	    P(R("SECRET")
	      "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>//NOFORN"
	      "</w:delText></w:r></w:del>"
	      "<w:moveFrom w:id=\"2\" w:author=\"a\">" R(" moved")
	      "</w:moveFrom>"
	      "<w:r><w:rPr><w:del w:id=\"3\" w:author=\"a\"/>"
	      "<w:ins w:id=\"4\" w:author=\"a\"/></w:rPr><w:t>//REL</w:t>"
	      "</w:r>")
	    "<w:p><w:pPr><w:rPr><w:del w:id=\"5\" w:author=\"a\"/></w:rPr>"
	    "</w:pPr>" R("mark deleted, text stays") "</w:p>"
	    P("<w:r><w:delText>gone</w:delText></w:r>")));

	S_count(doc, 2);
	S_is(doc, 0, "word/document.xml", 1, "SECRET//REL");
	S_is(doc, 1, "word/document.xml", 2, "mark deleted, text stays");
	ml_doc_free(doc);
}
END_TEST

#define FLD(type) "<w:r><w:fldChar w:fldCharType=\"" type "\"/></w:r>"
#define INSTR(t) "<w:r><w:instrText xml:space=\"preserve\">" t "</w:instrText></w:r>"

START_TEST(complex_fields)
{
	ml_doc *doc = S_body(DOC(
	    /* simple: code excluded, result kept */
	    P(R("See ") FLD("begin") INSTR(" HYPERLINK \"NOFORN\" ")
	      FLD("separate") R("the annex") FLD("end") R("."))
	    /* a field inside another's code: all code */
	    P(FLD("begin") INSTR(" IF ") FLD("begin") INSTR(" DOCPROPERTY x ")
	      FLD("separate") R("NOFORN") FLD("end") INSTR(" = 1 ")
	      FLD("separate") R("yes") FLD("end"))
	    /* a field inside another's result: its result is text */
	    P(FLD("begin") INSTR(" TOC ") FLD("separate") R("Page ")
	      FLD("begin") INSTR(" PAGE ") FLD("separate") R("4")
	      FLD("end") R(" of 9") FLD("end"))
	    /* a field result spanning paragraphs */
	    P(FLD("begin") INSTR(" TOC \\o ") FLD("separate") R("Entry one"))
	    P(R("Entry two") FLD("end"))
	    /* field code with w:t runs is still code */
	    P(FLD("begin") R("code as w:t") FLD("separate") R("shown")
	      FLD("end"))));

	S_count(doc, 6);
	S_is(doc, 0, "word/document.xml", 1, "See the annex.");
	S_is(doc, 1, "word/document.xml", 2, "yes");
	S_is(doc, 2, "word/document.xml", 3, "Page 4 of 9");
	S_is(doc, 3, "word/document.xml", 4, "Entry one");
	S_is(doc, 4, "word/document.xml", 5, "Entry two");
	S_is(doc, 5, "word/document.xml", 6, "shown");
	ml_doc_free(doc);
}
END_TEST

START_TEST(special_characters)
{
	ml_doc *doc = S_body(DOC(
	    P(R("A") "<w:r><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:cr/>"
	      "<w:t>D</w:t><w:noBreakHyphen/><w:t>E</w:t><w:softHyphen/>"
	      "<w:t>F</w:t><w:ptab w:relativeTo=\"margin\" w:alignment=\"right\""
	      " w:leader=\"none\"/><w:t>G</w:t></w:r>")
	    P("<w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/>"
	      "<w:t xml:space=\"preserve\"> item </w:t>"
	      "<w:sym w:font=\"Symbol\" w:char=\"F061\"/>"
	      "<w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>"
	      "<w:sym w:font=\"Arial\" w:char=\"00A7\"/>"
	      "<w:sym w:char=\"f0b1\"/></w:r>")
	    /* tab stops in paragraph properties are not tabs */
	    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
	    "</w:tabs></w:pPr>" R("x") "</w:p>"));

	S_count(doc, 3);
	S_is(doc, 0, "word/document.xml", 1, "A B\nC\nD-EF G");
	S_is(doc, 1, "word/document.xml", 2,
	     "\xe2\x80\xa2 item \xce\xb1\xc2\xa7\xc2\xb1");
	S_is(doc, 2, "word/document.xml", 3, "x");
	ml_doc_free(doc);
}
END_TEST

#define TC(x) "<w:tc><w:tcPr><w:tcW w:w=\"1\" w:type=\"dxa\"/></w:tcPr>" x "</w:tc>"
#define TBL(rows) "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>" \
	"<w:tblGrid><w:gridCol w:w=\"1\"/></w:tblGrid>" rows "</w:tbl>"

START_TEST(nested_tables)
{
	ml_doc *doc = S_body(DOC(
	    P(R("Before"))
	    TBL("<w:tr>" TC(P(R("a1"))) TC(P(R("b1"))
	        TBL("<w:tr>" TC(P(R("inner (S//NF)"))) "</w:tr>") P(""))
	        "</w:tr><w:tr>" TC(P(R("a2"))) TC(P(R("b2"))) "</w:tr>")
	    P(R("After"))));

	S_count(doc, 7);
	S_is(doc, 0, "word/document.xml", 1, "Before");
	S_is(doc, 1, "word/document.xml", 2, "a1");
	S_is(doc, 2, "word/document.xml", 3, "b1");
	S_is(doc, 3, "word/document.xml", 4, "inner (S//NF)");
	/* paragraph 5 is the empty one closing the cell */
	S_is(doc, 4, "word/document.xml", 6, "a2");
	S_is(doc, 5, "word/document.xml", 7, "b2");
	S_is(doc, 6, "word/document.xml", 8, "After");
	ml_doc_free(doc);
}
END_TEST

START_TEST(text_box)
{
	ml_doc *doc = S_body(DOC(
	    P(R("Anchor")
	      "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
	      P(R("(S//NF) in VML box"))
	      "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
	      R(" text"))
	    /* Word writes text boxes twice: only one branch counts */
	    P("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
	      "<w:drawing><wp:anchor><wps:wsp><wps:txbx><w:txbxContent>"
	      P(R("box once")) "</w:txbxContent></wps:txbx></wps:wsp>"
	      "<wp:docPr id=\"1\" name=\"T\" descr=\"NOFORN alt\"/>"
	      "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
	      "<v:shape><v:textbox><w:txbxContent>" P(R("box once"))
	      "</w:txbxContent></v:textbox></v:shape></w:pict>"
	      "</mc:Fallback></mc:AlternateContent></w:r>")));

	S_count(doc, 4);
	S_is(doc, 0, "word/document.xml", 1, "Anchor text");
	S_is(doc, 1, "word/document.xml", 2, "(S//NF) in VML box");
	/* paragraph 3 (the anchor) is blank; the box's text comes first, its
	 * alternative text (read too: a screen reader does) after it */
	S_is(doc, 2, "word/document.xml", 4, "box once");
	S_is(doc, 3, "word/document.xml", 5, "NOFORN alt");
	ml_doc_free(doc);
}
END_TEST

START_TEST(note_references)
{
	ml_doc *doc = S_body(DOC(
	    P(R("Body (S//NF)")
	      "<w:r><w:footnoteReference w:id=\"2\"/></w:r>"
	      "<w:r><w:endnoteReference w:id=\"1\"/></w:r>"
	      "<w:commentRangeStart w:id=\"0\"/>" R(" commented")
	      "<w:commentRangeEnd w:id=\"0\"/>"
	      "<w:r><w:commentReference w:id=\"0\"/></w:r>")));
	const ml_portion *p;

	S_count(doc, 1);
	S_is(doc, 0, "word/document.xml", 1, "Body (S//NF) commented");
	p = ml_doc_portion(doc, 0);
	ck_assert_uint_eq(p->nrefs, 3);
	ck_assert(S_has_ref(p, ML_LINK_FOOTNOTE, "2"));
	ck_assert(S_has_ref(p, ML_LINK_ENDNOTE, "1"));
	ck_assert(S_has_ref(p, ML_LINK_COMMENT, "0"));
	ck_assert_int_eq(p->owner.kind, ML_LINK_NONE);
	ml_doc_free(doc);
}
END_TEST

START_TEST(footnotes_part)
{
	ml_doc *doc = S_read(
	    "<w:footnotes xmlns:w=\"" W_NS "\">"
	    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r>"
	    "<w:separator/></w:r></w:p></w:footnote>"
	    "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p>"
	    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
	    "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r>"
	    R(" Source: (S//NF) memo") "</w:p>" P(R("Second paragraph"))
	    "</w:footnote>"
	    "<w:footnote w:id=\"2\">" P("<w:r><w:footnoteRef/></w:r>" R(" Two"))
	    "</w:footnote></w:footnotes>",
	    READ_WML, "word/footnotes.xml");
	size_t first = 99;

	S_count(doc, 3);
	/* separators belong to no note and have no text, but their
	 * paragraphs count: paragraph N is the Nth w:p of the part */
	S_is(doc, 0, "word/footnotes.xml", 3, "Source: (S//NF) memo");
	S_is(doc, 1, "word/footnotes.xml", 4, "Second paragraph");
	S_is(doc, 2, "word/footnotes.xml", 5, "Two");
	ck_assert_int_eq(ml_doc_portion(doc, 0)->owner.kind, ML_LINK_FOOTNOTE);
	ck_assert_str_eq(ml_doc_portion(doc, 1)->owner.id, "1");
	ck_assert_str_eq(ml_doc_portion(doc, 2)->owner.id, "2");
	ck_assert_uint_eq(ml_doc_linked(doc, ML_LINK_FOOTNOTE, "1", &first), 2);
	ck_assert_uint_eq(first, 0);
	ml_doc_free(doc);
}
END_TEST

START_TEST(comments_part)
{
	ml_doc *doc = S_read(
	    "<w:comments xmlns:w=\"" W_NS "\">"
	    "<w:comment w:id=\"0\" w:author=\"Reviewer\" w:initials=\"R\">"
	    "<w:p><w:r><w:annotationRef/></w:r>" R("Why NOFORN?") "</w:p>"
	    "</w:comment>"
	    "<w:comment w:id=\"7\" w:author=\"B\">" P(R("Agreed"))
	    "</w:comment></w:comments>",
	    READ_WML, "word/comments.xml");

	S_count(doc, 2);
	S_is(doc, 0, "word/comments.xml", 1, "Why NOFORN?");
	S_is(doc, 1, "word/comments.xml", 2, "Agreed");
	ck_assert_int_eq(ml_doc_portion(doc, 0)->owner.kind, ML_LINK_COMMENT);
	ck_assert_str_eq(ml_doc_portion(doc, 0)->owner.id, "0");
	ck_assert_str_eq(ml_doc_portion(doc, 1)->owner.id, "7");
	ml_doc_free(doc);
}
END_TEST

START_TEST(strict_and_prefixes)
{
	ml_doc *doc = S_body(
	    "<document xmlns=\"http://purl.oclc.org/ooxml/wordprocessingml/main\">"
	    "<body><p><r><t>(S//</t></r><r><t>NF) strict</t></r>"
	    "<r><footnoteReference id=\"1\"/></r></p></body></document>");
	const ml_portion *p;

	/* unprefixed attributes have no namespace: id is not w:id */
	S_count(doc, 1);
	S_is(doc, 0, "word/document.xml", 1, "(S//NF) strict");
	ml_doc_free(doc);

	doc = S_body(
	    "<s:document xmlns:s=\"http://purl.oclc.org/ooxml/wordprocessingml/main\">"
	    "<s:body><s:p><s:r><s:t>strict</s:t></s:r><s:r>"
	    "<s:footnoteReference s:id=\"3\"/></s:r></s:p></s:body>"
	    "</s:document>");
	S_count(doc, 1);
	p = ml_doc_portion(doc, 0);
	ck_assert_str_eq(p->text, "strict");
	ck_assert(S_has_ref(p, ML_LINK_FOOTNOTE, "3"));
	ml_doc_free(doc);

	doc = S_body(
	    "<x:document xmlns:x=\"" W_NS "\" xmlns:w=\"urn:not-word\">"
	    "<x:body><x:p><x:r><x:t>kept</x:t></x:r>"
	    "<w:r><w:t>not WordprocessingML</w:t></w:r>"
	    "<x:r><x:delText>gone</x:delText></x:r></x:p></x:body>"
	    "</x:document>");
	S_count(doc, 1);
	S_is(doc, 0, "word/document.xml", 1, "kept");
	ml_doc_free(doc);
}
END_TEST

START_TEST(header_part)
{
	ml_doc *doc = S_read(
	    "<w:hdr xmlns:w=\"" W_NS "\">"
	    "<w:sdt><w:sdtPr><w:id w:val=\"1\"/></w:sdtPr><w:sdtContent>"
	    P(R("SECRET//NOFORN")) "</w:sdtContent></w:sdt></w:hdr>",
	    READ_WML, "word/header1.xml");

	S_count(doc, 1);
	S_is(doc, 0, "word/header1.xml", 1, "SECRET//NOFORN");
	ml_doc_free(doc);
}
END_TEST

#define W2003_NS "http://schemas.microsoft.com/office/word/2003/wordml"

START_TEST(word2003)
{
	ml_doc *doc = S_read(
	    "<?xml version=\"1.0\"?>"
	    "<w:wordDocument xmlns:w=\"" W2003_NS "\" "
	    "xmlns:wx=\"http://schemas.microsoft.com/office/word/2003/auxHint\" "
	    "xmlns:aml=\"http://schemas.microsoft.com/aml/2001/core\" "
	    "xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
	    "<o:DocumentProperties><o:Title>Plan (U)</o:Title>"
	    "<o:Author>J. Smith</o:Author><o:Company>DoD</o:Company>"
	    "<o:Created>2004-01-02T03:04:00Z</o:Created>"
	    "</o:DocumentProperties>"
	    "<w:docPr><w:footnotePr><w:footnote w:type=\"separator\">"
	    "<w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
	    "</w:footnotePr></w:docPr>"
	    "<w:body><wx:sect>"
	    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"1\"/></w:tabs>"
	    "</w:pPr>" R("(S//") "<w:r><w:t>NF) body</w:t></w:r>"
	    "<w:r><w:footnote><w:p><w:r><w:t>first note</w:t></w:r></w:p>"
	    "</w:footnote></w:r>"
	    "<aml:annotation aml:id=\"4\" w:type=\"Word.Deletion\">"
	    "<aml:content><w:r><w:delText> deleted</w:delText></w:r>"
	    "</aml:content></aml:annotation>"
	    "<w:r><aml:annotation aml:id=\"9\" w:type=\"Word.Comment\">"
	    "<aml:content><w:p><w:r><w:t>a comment</w:t></w:r></w:p>"
	    "</aml:content></aml:annotation></w:r>"
	    "</w:p>"
	    "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	    "<w:r><w:instrText>PAGE</w:instrText></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	    "<w:r><w:t>2</w:t></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
	    "<w:r><w:tab/><w:t>end</w:t><w:endnote><w:p><w:r><w:t>"
	    "an endnote</w:t></w:r></w:p></w:endnote></w:r>"
	    "<w:r><w:footnote><w:p><w:r><w:t>second note</w:t></w:r></w:p>"
	    "</w:footnote></w:r></w:p>"
	    "<w:sectPr><w:hdr w:type=\"odd\"><w:p><w:r><w:t>SECRET//NOFORN"
	    "</w:t></w:r></w:p></w:hdr><w:ftr w:type=\"odd\"><w:p><w:r>"
	    "<w:t>footer</w:t></w:r></w:p></w:ftr>"
	    "<w:hdr w:type=\"first\"><w:p><w:r><w:t>first page</w:t></w:r>"
	    "</w:p></w:hdr></w:sectPr>"
	    "</wx:sect></w:body></w:wordDocument>",
	    READ_WML2003, NULL);
	const ml_portion *p;

	/* Stories come in DOCX order (body, headers, footers, footnotes,
	 * endnotes, comments) although the file holds notes inline. */
	S_count(doc, 9);
	S_is(doc, 0, "word/document.xml", 1, "(S//NF) body");
	p = ml_doc_portion(doc, 0);
	ck_assert(S_has_ref(p, ML_LINK_FOOTNOTE, "1"));
	ck_assert(S_has_ref(p, ML_LINK_COMMENT, "9"));
	S_is(doc, 1, "word/document.xml", 2, "2 end");
	p = ml_doc_portion(doc, 1);
	ck_assert(S_has_ref(p, ML_LINK_ENDNOTE, "1"));
	ck_assert(S_has_ref(p, ML_LINK_FOOTNOTE, "2"));
	ck_assert_int_eq(p->owner.kind, ML_LINK_NONE);
	S_is(doc, 2, "word/header1.xml", 1, "SECRET//NOFORN");
	ck_assert_int_eq(ml_doc_portion(doc, 2)->owner.kind, ML_LINK_NONE);
	S_is(doc, 3, "word/header2.xml", 1, "first page");
	S_is(doc, 4, "word/footer1.xml", 1, "footer");
	S_is(doc, 5, "word/footnotes.xml", 1, "first note");
	ck_assert_int_eq(ml_doc_portion(doc, 5)->owner.kind, ML_LINK_FOOTNOTE);
	ck_assert_str_eq(ml_doc_portion(doc, 5)->owner.id, "1");
	S_is(doc, 6, "word/footnotes.xml", 2, "second note");
	ck_assert_str_eq(ml_doc_portion(doc, 6)->owner.id, "2");
	S_is(doc, 7, "word/endnotes.xml", 1, "an endnote");
	S_is(doc, 8, "word/comments.xml", 1, "a comment");
	ck_assert_int_eq(ml_doc_portion(doc, 8)->owner.kind, ML_LINK_COMMENT);
	ck_assert_str_eq(ml_doc_portion(doc, 8)->owner.id, "9");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_TITLE), "Plan (U)");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_CREATOR), "J. Smith");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_COMPANY), "DoD");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_CREATED),
	                 "2004-01-02T03:04:00Z");
	ml_doc_free(doc);
}
END_TEST

START_TEST(metadata_parts)
{
	ml_doc *doc = S_read(
	    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
	    "package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:dcterms=\"http://purl.org/dc/terms/\">"
	    "<dc:title>Test  plan</dc:title><dc:creator>Ann</dc:creator>"
	    "<cp:lastModifiedBy>Bob</cp:lastModifiedBy>"
	    "<dcterms:created>2020-01-01T00:00:00Z</dcterms:created>"
	    "<dcterms:modified>2021-01-01T00:00:00Z</dcterms:modified>"
	    "</cp:coreProperties>",
	    READ_WML, NULL);

	S_count(doc, 0);
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_TITLE), "Test plan");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_CREATOR), "Ann");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_LAST_MODIFIED_BY), "Bob");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_MODIFIED),
	                 "2021-01-01T00:00:00Z");
	ml_doc_free(doc);
}
END_TEST

START_TEST(flat_opc)
{
	ml_doc *doc = S_read(
	    "<?xml version=\"1.0\" standalone=\"yes\"?>"
	    "<?mso-application progid=\"Word.Document\"?>"
	    "<pkg:package xmlns:pkg=\"http://schemas.microsoft.com/office/2006/xmlPackage\">"
	    "<pkg:part pkg:name=\"/_rels/.rels\" pkg:contentType=\"application/"
	    "vnd.openxmlformats-package.relationships+xml\"><pkg:xmlData>"
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"r\" Type=\"t\" Target=\"word/document.xml\"/>"
	    "</Relationships></pkg:xmlData></pkg:part>"
	    "<pkg:part pkg:name=\"/word/document.xml\" pkg:contentType=\"application/"
	    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\">"
	    "<pkg:xmlData>" DOC(P(R("(S//NF) flat")
	    "<w:r><w:footnoteReference w:id=\"1\"/></w:r>"))
	    "</pkg:xmlData></pkg:part>"
	    "<pkg:part pkg:name=\"/word/media/image1.png\" "
	    "pkg:contentType=\"image/png\" pkg:compression=\"store\">"
	    "<pkg:binaryData>iVBORw0KGgo=</pkg:binaryData></pkg:part>"
	    "<pkg:part pkg:name=\"/word/footnotes.xml\" pkg:contentType=\"application/"
	    "vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\">"
	    "<pkg:xmlData><w:footnotes xmlns:w=\"" W_NS "\">"
	    "<w:footnote w:id=\"1\">" P(R("Note one")) "</w:footnote>"
	    "</w:footnotes></pkg:xmlData></pkg:part>"
	    "<pkg:part pkg:name=\"/word/styles.xml\" pkg:contentType=\"application/"
	    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\">"
	    "<pkg:xmlData><w:styles xmlns:w=\"" W_NS "\"><w:style><w:name "
	    "w:val=\"x\"/></w:style>" P(R("not read")) "</w:styles>"
	    "</pkg:xmlData></pkg:part>"
	    "<pkg:part pkg:name=\"/docProps/core.xml\" pkg:contentType=\"application/"
	    "vnd.openxmlformats-package.core-properties+xml\"><pkg:xmlData>"
	    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
	    "package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<dc:title>Flat</dc:title></cp:coreProperties>"
	    "</pkg:xmlData></pkg:part></pkg:package>",
	    READ_FLAT, NULL);
	const ml_portion *p;

	S_count(doc, 2);
	S_is(doc, 0, "word/document.xml", 1, "(S//NF) flat");
	p = ml_doc_portion(doc, 0);
	ck_assert(S_has_ref(p, ML_LINK_FOOTNOTE, "1"));
	ck_assert_int_eq(p->owner.kind, ML_LINK_NONE);
	S_is(doc, 1, "word/footnotes.xml", 1, "Note one");
	ck_assert_str_eq(ml_doc_portion(doc, 1)->owner.id, "1");
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_TITLE), "Flat");
	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_FLAT_OPC);
	ml_doc_free(doc);
}
END_TEST

START_TEST(html_chunk)
{
	ml_doc *doc = S_read(
	    "<html><head><title>Title NOFORN</title><style>p{}</style>"
	    "<script>var x = 'NOFORN';</script></head><body>"
	    "<h1>SECRET//NOFORN</h1>\n<p>First\nline<br>second</p>"
	    "<div><div>Direct <b>div</b> text</div></div>"
	    "<ul><li>item one</li><li><p>para in item</p></li></ul>"
	    "<table><tr><td>cell</td><th>head</th></tr></table>"
	    "<pre>a\n b</pre></body></html>",
	    READ_HTML, "word/afchunk.htm");

	S_count(doc, 8);
	S_is(doc, 0, "word/afchunk.htm", 1, "SECRET//NOFORN");
	S_is(doc, 1, "word/afchunk.htm", 2, "First line\nsecond");
	S_is(doc, 2, "word/afchunk.htm", 3, "Direct div text");
	S_is(doc, 3, "word/afchunk.htm", 4, "item one");
	/* the li holding the p is blank: paragraph 5 */
	S_is(doc, 4, "word/afchunk.htm", 6, "para in item");
	S_is(doc, 5, "word/afchunk.htm", 7, "cell");
	S_is(doc, 6, "word/afchunk.htm", 8, "head");
	S_is(doc, 7, "word/afchunk.htm", 9, "a\nb");
	ml_doc_free(doc);
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("wml");
	TCase *tc = tcase_create("readers");

	tcase_add_test(tc, split_runs);
	tcase_add_test(tc, wrappers_joined);
	tcase_add_test(tc, deleted_text);
	tcase_add_test(tc, complex_fields);
	tcase_add_test(tc, special_characters);
	tcase_add_test(tc, nested_tables);
	tcase_add_test(tc, text_box);
	tcase_add_test(tc, note_references);
	tcase_add_test(tc, footnotes_part);
	tcase_add_test(tc, comments_part);
	tcase_add_test(tc, strict_and_prefixes);
	tcase_add_test(tc, header_part);
	tcase_add_test(tc, word2003);
	tcase_add_test(tc, metadata_parts);
	tcase_add_test(tc, flat_opc);
	tcase_add_test(tc, html_chunk);
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
