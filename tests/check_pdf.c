/* check_pdf.c - unit tests of the PDF layout (ml_pdflayout.c): what the
 * reader child sends, as records built here, and the portions made of it.
 * The child itself (poppler) is tested on real files by tests/pdf.cmake. */
#include "ml_pdf.h"
#include "ml_pdfwire.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- records --- */

typedef struct S_wire {
	ml_buf b;
} S_wire;

static void S_rec(S_wire *w, int type, const void *payload, size_t n)
{
	unsigned char head[ML_PDFW_HEAD];

	head[0] = (unsigned char)type;
	ml_pdfw_put32(head + 1, (uint32_t)n);
	ml_buf_put(&w->b, head, sizeof head);
	ml_buf_put(&w->b, payload, n);
}

static void S_i32(unsigned char *p, double v)
{
	ml_pdfw_put32(p, (uint32_t)(int32_t)(v * ML_PDFW_SCALE));
}

static void S_doc(S_wire *w, uint32_t pages)
{
	unsigned char b[4];

	ml_buf_init(&w->b, (size_t)1 << 30);
	ml_pdfw_put32(b, pages);
	S_rec(w, ML_PDFW_DOC, b, 4);
}

static void S_page(S_wire *w, uint32_t n)
{
	unsigned char b[ML_PDFW_PAGE_FIXED];

	ml_pdfw_put32(b, n);
	S_i32(b + 4, 612);
	S_i32(b + 8, 792);
	S_rec(w, ML_PDFW_PAGE, b, sizeof b);
}

/* A line of text of size 10 whose top is at y, from x to x1. */
static void S_line_at(S_wire *w, double x, double y, double x1, int flags,
                      const char *text)
{
	unsigned char b[ML_PDFW_LINE_FIXED + 512];
	size_t n = strlen(text);

	S_i32(b, x);
	S_i32(b + 4, y);
	S_i32(b + 8, x1);
	S_i32(b + 12, y + 10);
	S_i32(b + 16, 10);
	b[20] = (unsigned char)flags;
	memcpy(b + ML_PDFW_LINE_FIXED, text, n);
	S_rec(w, ML_PDFW_LINE, b, ML_PDFW_LINE_FIXED + n);
}

/* A full-width body line (72 to 540 points). */
static void S_line(S_wire *w, double y, const char *text)
{
	S_line_at(w, 72, y, 540, 0, text);
}

static void S_annot(S_wire *w, double x0, double y0, double x1, double y1,
                    const char *text)
{
	unsigned char b[ML_PDFW_ANNOT_FIXED + 256];
	size_t n = strlen(text);

	S_i32(b, x0);
	S_i32(b + 4, y0);
	S_i32(b + 8, x1);
	S_i32(b + 12, y1);
	b[16] = ML_PDFW_NOTE;
	memcpy(b + ML_PDFW_ANNOT_FIXED, text, n);
	S_rec(w, ML_PDFW_ANNOT, b, ML_PDFW_ANNOT_FIXED + n);
}

static void S_end(S_wire *w)
{
	S_rec(w, ML_PDFW_END, NULL, 0);
}

/* Feeds the records (step bytes at a time; 0: all at once) to a new
 * document and lays it out. *rc is the first failure, or 0. */
static ml_doc *S_read_sink(S_wire *w, size_t step, const ml_limits *lim,
                           ml_doc_sink sink, void *ctx, int *rc)
{
	ml_error err;
	ml_doc *doc = ml_doc__new("t.pdf", lim, &err);
	ml_pdfdoc *pd;
	size_t i, n;
	int r = 0;

	ml_doc__set_sink(doc, sink, ctx);
	pd = ml_pdfdoc_new(doc);
	if (!step)
		step = w->b.size ? w->b.size : 1;
	for (i = 0; i < w->b.size && r == 0; i += n) {
		n = w->b.size - i < step ? w->b.size - i : step;
		r = ml_pdfdoc_feed(pd, w->b.ptr + i, n);
	}
	if (r == 0)
		r = ml_pdfdoc_finish(pd);
	ml_pdfdoc_free(pd);
	ml_buf_free(&w->b);
	ml_doc__finish(doc);
	*rc = r;
	return doc;
}

static ml_doc *S_read(S_wire *w, size_t step, const ml_limits *lim, int *rc)
{
	return S_read_sink(w, step, lim, NULL, NULL, rc);
}

static ml_doc *S_ok(S_wire *w)
{
	int rc;
	ml_doc *doc = S_read(w, 0, NULL, &rc);

	ck_assert_msg(rc == 0, "failed: %s: %s", ml_doc__err(doc)->code,
	              ml_doc__err(doc)->message);
	return doc;
}

static const char *S_text(const ml_doc *doc, size_t i)
{
	const ml_portion *p = ml_doc_portion(doc, i);

	ck_assert_msg(p != NULL, "no portion %zu", i);
	return p->text;
}

static const char *S_attr(const ml_portion *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nattrs; i++)
		if (strcmp(p->attrs[i].name, name) == 0)
			return p->attrs[i].value;
	return NULL;
}

static void S_fails(S_wire *w, const char *code)
{
	int rc;
	ml_doc *doc = S_read(w, 0, NULL, &rc);

	ck_assert_int_lt(rc, 0);
	ck_assert_str_eq(ml_doc__err(doc)->code, code);
	ml_doc_free(doc);
}

/* --- paragraphs --- */

START_TEST(lines_join_into_paragraphs)
{
	S_wire w;
	ml_doc *doc;

	S_doc(&w, 1);
	S_page(&w, 1);
	S_line(&w, 100, "The first paragraph runs over");
	S_line(&w, 112, "two lines.");
	S_line(&w, 136, "A gap taller than the line spacing starts the");
	S_line(&w, 148, "second one.");
	S_end(&w);
	doc = S_ok(&w);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
	ck_assert_str_eq(S_text(doc, 0),
	                 "The first paragraph runs over two lines.");
	ck_assert_str_eq(S_text(doc, 1), "A gap taller than the line spacing "
	                 "starts the second one.");
	ck_assert_str_eq(ml_doc_portion(doc, 1)->part, "page 1");
	ck_assert_uint_eq(ml_doc_portion(doc, 1)->page, 1);
	ck_assert_uint_eq(ml_doc_portion(doc, 1)->paragraph, 2);
	ck_assert_int_eq(ml_doc_format(doc), ML_FORMAT_PDF);
	ml_doc_free(doc);
}
END_TEST

START_TEST(hyphens_at_line_ends)
{
	static const char *const cases[][3] = {
		{"the sub-", "compartment level", "the subcompartment level"},
		{"TOP SECRET//SI-", "G//NOFORN", "TOP SECRET//SI-G//NOFORN"},
		{"non-", "IC information", "non-IC information"},
		{"SECRET//", "NOFORN applies", "SECRET//NOFORN applies"},
		{"in 2021-", "2022 only", "in 2021-2022 only"},
		{"a dash -", "then more", "a dash - then more"},
		{"soft hy\xc2\xad", "phen", "soft hyphen"},
		{"unicode hy\xe2\x80\x90", "phen", "unicode hyphen"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		S_wire w;
		ml_doc *doc;

		S_doc(&w, 1);
		S_page(&w, 1);
		S_line(&w, 100, cases[i][0]);
		S_line(&w, 112, cases[i][1]);
		S_end(&w);
		doc = S_ok(&w);
		ck_assert_uint_eq(ml_doc_portion_count(doc), 1);
		ck_assert_str_eq(S_text(doc, 0), cases[i][2]);
		ml_doc_free(doc);
	}
}
END_TEST

START_TEST(portion_marks_start_portions)
{
	S_wire w;
	ml_doc *doc;

	S_doc(&w, 1);
	S_page(&w, 1);
	S_line(&w, 100, "(U) An unclassified paragraph that goes on");
	S_line(&w, 112, "to a second line");
	S_line(&w, 124, "(S//NF) A NOFORN paragraph right under it, no gap");
	S_line(&w, 136, "A. (U) Introduction");
	S_line(&w, 148, "2.1. (C//REL TO USA, GBR) Numbered, then marked");
	S_end(&w);
	doc = S_ok(&w);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 4);
	ck_assert_str_eq(S_text(doc, 0), "(U) An unclassified paragraph that "
	                 "goes on to a second line");
	ck_assert_str_eq(S_text(doc, 1),
	                 "(S//NF) A NOFORN paragraph right under it, no gap");
	ck_assert_str_eq(S_text(doc, 2), "A. (U) Introduction");
	ml_doc_free(doc);
}
END_TEST

START_TEST(lists_and_headings)
{
	S_wire w;
	ml_doc *doc;

	S_doc(&w, 1);
	S_page(&w, 1);
	S_line(&w, 100, "Offerors shall:");
	S_line_at(&w, 80, 112, 84, 0, "\xe2\x80\xa2");   /* bullet ... */
	S_line_at(&w, 92, 112, 400, 0, "submit the form;"); /* ... item */
	S_line_at(&w, 80, 124, 84, 0, "\xe2\x80\xa2");
	S_line_at(&w, 92, 124, 400, 0, "sign it.");
	S_line(&w, 136, "1. First step of the procedure.");
	S_line(&w, 148, "2. Second step of the procedure.");
	S_line_at(&w, 72, 172, 200, 1, "Heading in bold");
	S_line(&w, 184, "Body text under the heading, full width, which");
	S_line(&w, 196, "continues here.");
	S_end(&w);
	doc = S_ok(&w);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 7);
	ck_assert_str_eq(S_text(doc, 0), "Offerors shall:");
	ck_assert_str_eq(S_text(doc, 1), "\xe2\x80\xa2 submit the form;");
	ck_assert_str_eq(S_text(doc, 2), "\xe2\x80\xa2 sign it.");
	ck_assert_str_eq(S_text(doc, 3), "1. First step of the procedure.");
	ck_assert_str_eq(S_text(doc, 4), "2. Second step of the procedure.");
	ck_assert_str_eq(S_text(doc, 5), "Heading in bold");
	ml_doc_free(doc);
}
END_TEST

/* A solicitation's roman list: the numbers right-aligned in a column of
 * their own, each on its item's row; "i." ... "iii." lead their items. */
START_TEST(roman_numbers_lead_their_items)
{
	S_wire w;
	ml_doc *doc;

	S_doc(&w, 1);
	S_page(&w, 1);
	S_line(&w, 100, "The DoD will not make an award if it determines:");
	S_line_at(&w, 96, 112, 104, 0, "i.");
	S_line_at(&w, 112, 112, 400, 0, "has an owner in a talent program;");
	S_line_at(&w, 92, 124, 104, 0, "ii.");
	S_line_at(&w, 112, 124, 400, 0, "has a subsidiary located there; or");
	S_line_at(&w, 88, 136, 104, 0, "iii.");
	S_line_at(&w, 112, 136, 400, 0, "has a foreign affiliation.");
	S_end(&w);
	doc = S_ok(&w);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 4);
	ck_assert_str_eq(S_text(doc, 1), "i. has an owner in a talent program;");
	ck_assert_str_eq(S_text(doc, 2),
	                 "ii. has a subsidiary located there; or");
	ck_assert_str_eq(S_text(doc, 3), "iii. has a foreign affiliation.");
	ml_doc_free(doc);
}
END_TEST

START_TEST(columns_in_reading_order)
{
	S_wire w;
	ml_doc *doc;

	S_doc(&w, 1);
	S_page(&w, 1);
	S_line_at(&w, 72, 100, 290, 0, "Left column, first line of it");
	S_line_at(&w, 72, 112, 290, 0, "and its second line.");
	/* poppler's reading order goes up to the right column */
	S_line_at(&w, 320, 100, 540, 0, "Right column, first line");
	S_line_at(&w, 320, 112, 540, 0, "and its second line.");
	S_end(&w);
	doc = S_ok(&w);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
	ck_assert_str_eq(S_text(doc, 0),
	                 "Left column, first line of it and its second line.");
	ck_assert_str_eq(S_text(doc, 1),
	                 "Right column, first line and its second line.");
	ml_doc_free(doc);
}
END_TEST

/* --- running headers and footers --- */

START_TEST(running_banners)
{
	S_wire w;
	ml_doc *doc;
	char num[8];
	uint32_t i;
	size_t k, n;

	S_doc(&w, 3);
	for (i = 1; i <= 3; i++) {
		S_page(&w, i);
		if (i == 2) /* a one-off line at the top is body text */
			S_line_at(&w, 72, 20, 300, 0, "Only on page two");
		S_line_at(&w, 250, 40, 360, 0, "SECRET//NOFORN");
		S_line(&w, 300, "(S//NF) Body text of the page.");
		snprintf(num, sizeof num, "%u", (unsigned)i);
		S_line_at(&w, 300, 740, 310, 0, num);
		S_line_at(&w, 250, 755, 360, 0, "SECRET//NOFORN");
	}
	S_end(&w);
	doc = S_ok(&w);
	n = ml_doc_portion_count(doc);
	ck_assert_uint_eq(n, 13);
	for (k = 0; k < n; k++) {
		const ml_portion *p = ml_doc_portion(doc, k);
		const char *role = S_attr(p, ML_ATTR_RUNNING);
		if (strcmp(p->text, "SECRET//NOFORN") == 0)
			ck_assert_str_eq(role, p->paragraph == 1 ||
			                 (p->page == 2 && p->paragraph == 1)
			                 ? "header" : "footer");
		else if (strcmp(p->text, "(S//NF) Body text of the page.") == 0 ||
		         strcmp(p->text, "Only on page two") == 0)
			ck_assert_ptr_null(role);
		else
			ck_assert_str_eq(role, "footer"); /* page numbers */
	}
	/* page 2: header first, then the body, then the footers */
	ck_assert_str_eq(ml_doc_portion(doc, 4)->part, "page 2");
	ck_assert_str_eq(S_text(doc, 4), "SECRET//NOFORN");
	ck_assert_str_eq(S_text(doc, 5), "Only on page two");
	ck_assert_str_eq(S_text(doc, 7), "2");
	ck_assert_str_eq(S_text(doc, 8), "SECRET//NOFORN");
	ml_doc_free(doc);
}
END_TEST

START_TEST(one_page_has_no_running_lines)
{
	S_wire w;
	ml_doc *doc;

	S_doc(&w, 1);
	S_page(&w, 1);
	S_line_at(&w, 250, 40, 360, 0, "SECRET//NOFORN");
	S_line(&w, 100, "(S//NF) Body.");
	S_end(&w);
	doc = S_ok(&w);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
	ck_assert_ptr_null(S_attr(ml_doc_portion(doc, 0), ML_ATTR_RUNNING));
	ck_assert_str_eq(S_text(doc, 0), "SECRET//NOFORN");
	ml_doc_free(doc);
}
END_TEST

/* --- comments --- */

START_TEST(annotations_are_comments)
{
	S_wire w;
	ml_doc *doc;
	size_t first = 0;

	S_doc(&w, 1);
	S_page(&w, 1);
	S_line(&w, 100, "(U) First paragraph.");
	S_line(&w, 130, "(S//NF) Second paragraph.");
	S_annot(&w, 80, 128, 200, 142, "NOFORN per ICD 403");
	S_annot(&w, 560, 300, 580, 320, "A note in the margin");
	S_end(&w);
	doc = S_ok(&w);
	ck_assert_uint_eq(ml_doc_portion_count(doc), 4);
	ck_assert_uint_eq(ml_doc_portion(doc, 1)->nrefs, 2);
	ck_assert_int_eq(ml_doc_portion(doc, 1)->refs[0].kind,
	                 ML_LINK_COMMENT);
	ck_assert_str_eq(ml_doc_portion(doc, 1)->refs[0].id, "1");
	ck_assert_uint_eq(ml_doc_portion(doc, 0)->nrefs, 0);
	ck_assert_uint_eq(ml_doc_linked(doc, ML_LINK_COMMENT, "1", &first), 1);
	ck_assert_str_eq(S_text(doc, first), "NOFORN per ICD 403");
	ck_assert_str_eq(ml_doc_portion(doc, first)->part, "page 1");
	ck_assert_uint_eq(ml_doc_linked(doc, ML_LINK_COMMENT, "2", &first), 1);
	ck_assert_str_eq(S_text(doc, first), "A note in the margin");
	ml_doc_free(doc);
}
END_TEST

/* --- streaming --- */

typedef struct S_seen {
	size_t n;           /* portions the sink saw */
	size_t kept;        /* of them, kept */
	uint32_t last_page; /* the page of the last one */
	int in_order;       /* pages never went back */
} S_seen;

/* A sink as check's: keeps the portions of comments (ml_doc.h requires
 * it) and those that refer to one, lets the others go. */
static int S_sink(void *ctx, const ml_doc *doc, size_t i)
{
	S_seen *s = ctx;
	const ml_portion *p = ml_doc_portion(doc, i);
	int keep;

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(i, s->n);
	if (p->page < s->last_page)
		s->in_order = 0;
	s->last_page = p->page;
	s->n++;
	keep = p->owner.kind != ML_LINK_NONE || p->nrefs;
	s->kept += (size_t)keep;
	return keep;
}

/* With a sink (check), the pages' portions go to it one at a time and
 * are let go: the document keeps only those the sink kept, so memory
 * does not grow with the pages. Comments still reach their portions. */
START_TEST(pages_stream_to_a_sink)
{
	S_wire w;
	ml_doc *doc;
	S_seen seen = {0, 0, 0, 1};
	const ml_portion *tied;
	size_t k, held = 0, first = 0;
	uint32_t i, pages = 60;
	int rc;

	S_doc(&w, pages);
	for (i = 1; i <= pages; i++) {
		S_page(&w, i);
		S_line_at(&w, 250, 40, 360, 0, "SECRET//NOFORN");
		for (k = 0; k < 5; k++)
			S_line(&w, 200 + 30 * (double)k,
			       "(S//NF) A paragraph of the page.");
		if (i == pages)
			S_annot(&w, 80, 198, 200, 212, "NOFORN per ICD 403");
	}
	S_end(&w);
	doc = S_read_sink(&w, 0, NULL, S_sink, &seen, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert(ml_doc_streamed(doc));
	/* a header and five paragraphs a page, and the comment */
	ck_assert_uint_eq(seen.n, pages * 6 + 1);
	ck_assert_uint_eq(ml_doc_portion_count(doc), seen.n);
	ck_assert(seen.in_order);
	ck_assert_uint_eq(seen.kept, 2);
	for (k = 0; k < seen.n; k++)
		held += ml_doc_portion(doc, k) != NULL;
	ck_assert_uint_eq(held, seen.kept);
	/* the comment, tied to the first paragraph of the last page */
	ck_assert_uint_eq(ml_doc_linked(doc, ML_LINK_COMMENT, "1", &first), 1);
	ck_assert_uint_eq(first, seen.n - 1);
	ck_assert_str_eq(S_text(doc, first), "NOFORN per ICD 403");
	tied = ml_doc_portion(doc, first - 5);
	ck_assert_ptr_nonnull(tied);
	ck_assert_str_eq(tied->text, "(S//NF) A paragraph of the page.");
	ck_assert_uint_eq(tied->nrefs, 1);
	ck_assert_uint_eq(tied->page, pages);
	ml_doc_free(doc);
}
END_TEST

/* --- what the child reports --- */

START_TEST(metadata_and_byte_by_byte)
{
	S_wire w;
	ml_doc *doc;
	unsigned char meta[32];
	int rc;

	S_doc(&w, 2);
	meta[0] = ML_META_TITLE;
	memcpy(meta + 1, "Draft RFP", 9);
	S_rec(&w, ML_PDFW_META, meta, 10);
	S_page(&w, 1);
	S_line(&w, 100, "(U) Page one.");
	S_page(&w, 2);
	S_line(&w, 100, "(U) Page two.");
	S_end(&w);
	doc = S_read(&w, 1, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(ml_doc_meta(doc, ML_META_TITLE), "Draft RFP");
	ck_assert_uint_eq(ml_doc_portion_count(doc), 2);
	ck_assert_uint_eq(ml_doc_portion(doc, 1)->page, 2);
	ck_assert_str_eq(ml_doc_portion(doc, 1)->part, "page 2");
	ml_doc_free(doc);
}
END_TEST

START_TEST(no_text_is_an_error)
{
	S_wire w;

	S_doc(&w, 2);
	S_page(&w, 1);
	S_page(&w, 2);
	S_end(&w);
	S_fails(&w, "pdf-no-text");
}
END_TEST

START_TEST(child_errors)
{
	S_wire w;
	int rc;
	ml_doc *doc;
	static const char bad[] = "no-such-code\0Bad \x1b[31mred\xff text";
	static const char pages[] = "limit-pages\0""30000 pages";

	S_doc(&w, 1);
	S_rec(&w, ML_PDFW_ERROR, bad, sizeof bad - 1);
	doc = S_read(&w, 0, NULL, &rc);
	ck_assert_int_eq(rc, ML_EFORMAT);
	ck_assert_str_eq(ml_doc__err(doc)->code, "pdf-damaged");
	ck_assert_str_eq(ml_doc__err(doc)->message, "Bad ?[31mred? text");
	ml_doc_free(doc);

	S_doc(&w, 1);
	S_rec(&w, ML_PDFW_ERROR, pages, sizeof pages - 1);
	doc = S_read(&w, 0, NULL, &rc);
	ck_assert_int_eq(rc, ML_ELIMIT);
	ck_assert_str_eq(ml_doc__err(doc)->code, "limit-pages");
	ml_doc_free(doc);
}
END_TEST

START_TEST(pages_limit)
{
	S_wire w;
	ml_limits lim;
	ml_doc *doc;
	int rc;

	ml_limits_default(&lim);
	lim.max_pages = 2;
	S_doc(&w, 3);
	doc = S_read(&w, 0, &lim, &rc);
	ck_assert_int_eq(rc, ML_ELIMIT);
	ck_assert_str_eq(ml_doc__err(doc)->code, "limit-pages");
	ml_doc_free(doc);
}
END_TEST

START_TEST(malformed_output)
{
	S_wire w;
	unsigned char junk[8] = {0};

	S_doc(&w, 1); /* a record of no known type */
	S_rec(&w, 'Q', junk, 4);
	S_fails(&w, "pdf-protocol");

	S_doc(&w, 1); /* a line before any page */
	S_line(&w, 100, "text");
	S_fails(&w, "pdf-protocol");

	S_doc(&w, 2); /* pages out of order */
	S_page(&w, 2);
	S_fails(&w, "pdf-protocol");

	S_doc(&w, 2); /* the end before the last page */
	S_page(&w, 1);
	S_line(&w, 100, "text");
	S_end(&w);
	S_fails(&w, "pdf-protocol");

	S_doc(&w, 1); /* output after the end */
	S_page(&w, 1);
	S_line(&w, 100, "text");
	S_end(&w);
	S_page(&w, 2);
	S_fails(&w, "pdf-protocol");

	S_doc(&w, 1); /* no end at all */
	S_page(&w, 1);
	S_line(&w, 100, "text");
	S_fails(&w, "pdf-protocol");

	S_doc(&w, 1); /* a box upside down */
	S_page(&w, 1);
	S_line_at(&w, 300, 100, 100, 0, "text");
	S_fails(&w, "pdf-protocol");

	S_doc(&w, 1); /* text that is not UTF-8 */
	S_page(&w, 1);
	S_line(&w, 100, "bad \xc3\x28 text");
	S_end(&w);
	S_fails(&w, "invalid-utf8");
}
END_TEST

START_TEST(huge_record)
{
	S_wire w;
	unsigned char head[ML_PDFW_HEAD];
	ml_limits lim;
	ml_doc *doc;
	int rc;

	/* a length past --max-portion-size is refused before any allocation
	 * of that size */
	ml_limits_default(&lim);
	lim.max_portion_size = 1000;
	S_doc(&w, 1);
	S_page(&w, 1);
	head[0] = ML_PDFW_LINE;
	ml_pdfw_put32(head + 1, 0xFFFFFFFFu);
	ml_buf_put(&w.b, head, sizeof head);
	doc = S_read(&w, 0, &lim, &rc);
	ck_assert_int_eq(rc, ML_ELIMIT);
	ck_assert_str_eq(ml_doc__err(doc)->code, "limit-portion-size");
	ml_doc_free(doc);

	S_doc(&w, 1);
	S_page(&w, 1);
	head[0] = ML_PDFW_PAGE;
	ml_buf_put(&w.b, head, sizeof head);
	S_fails(&w, "pdf-protocol");
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("pdf");
	TCase *layout = tcase_create("layout");
	TCase *wire = tcase_create("wire");

	tcase_add_test(layout, lines_join_into_paragraphs);
	tcase_add_test(layout, hyphens_at_line_ends);
	tcase_add_test(layout, portion_marks_start_portions);
	tcase_add_test(layout, lists_and_headings);
	tcase_add_test(layout, roman_numbers_lead_their_items);
	tcase_add_test(layout, columns_in_reading_order);
	tcase_add_test(layout, running_banners);
	tcase_add_test(layout, one_page_has_no_running_lines);
	tcase_add_test(layout, annotations_are_comments);
	tcase_add_test(layout, pages_stream_to_a_sink);
	tcase_add_test(wire, metadata_and_byte_by_byte);
	tcase_add_test(wire, no_text_is_an_error);
	tcase_add_test(wire, child_errors);
	tcase_add_test(wire, pages_limit);
	tcase_add_test(wire, malformed_output);
	tcase_add_test(wire, huge_record);
	suite_add_tcase(s, layout);
	suite_add_tcase(s, wire);
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
