/* ml_memo_docx.c - the memo as a Word document (DOCX), in DoD
 * correspondence form (DoDM 5110.04): Times New Roman 12 point, 1-inch
 * margins, the date flush right, numbered paragraphs and lettered
 * sub-paragraphs each with its portion mark, the signature block from
 * the centre of the page, the attachment on a page of its own as a Word
 * table whose header row repeats. The banner is in the page header and
 * the page footer, so Word prints it at the top and bottom of every page.
 *
 * Streaming: word/document.xml is written with libxml2's xmlTextWriter
 * into an anonymous temporary file, never built as a tree; the small
 * parts (styles, header, footer, relationships) are written into
 * buffers. libzip assembles the package in a temporary file (in TMPDIR),
 * which is then copied to out and removed. Entries carry a fixed time, so
 * the same memo gives the same bytes.
 */
#include "ml_memo_int.h"

#include <libxml/xmlwriter.h>
#include <zip.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define S_R "http://schemas.openxmlformats.org/officeDocument/2006/" \
            "relationships"
#define S_PKG_RELS "http://schemas.openxmlformats.org/package/2006/" \
                   "relationships"
#define S_MTIME ((time_t)315532800) /* 1980-01-01, the zip epoch */

/* twentieths of a point */
#define S_INCH 1440
#define S_TABLE_FONT "20" /* half-points: 10 point in tables */

/* --- writing WordprocessingML with xmlTextWriter --- */

typedef struct S_w {
	xmlTextWriterPtr w;
	int err;
} S_w;

static void S_chk(S_w *x, int rc)
{
	if (rc < 0)
		x->err = 1;
}

static void S_start(S_w *x, const char *name)
{
	S_chk(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void S_end(S_w *x)
{
	S_chk(x, xmlTextWriterEndElement(x->w));
}

static void S_attr(S_w *x, const char *name, const char *value)
{
	S_chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	                                     BAD_CAST value));
}

/* An attribute whose value is a whole number (twips, points). */
static void S_num(S_w *x, const char *name, int value)
{
	char n[32];

	snprintf(n, sizeof n, "%d", value);
	S_attr(x, name, n);
}

/* <name w:w="twips" w:type="dxa"/>: a width in twips. */
static void S_dxa(S_w *x, const char *name, int twips)
{
	S_start(x, name);
	S_num(x, "w:w", twips);
	S_attr(x, "w:type", "dxa");
	S_end(x);
}

/* <name a="v" .../>: attrs is names and values in turn, ending in NULL. */
static void S_empty(S_w *x, const char *name, const char *const *attrs)
{
	S_start(x, name);
	for (; *attrs; attrs += 2)
		S_attr(x, attrs[0], attrs[1]);
	S_end(x);
}

/* <name w:val="value"/> */
static void S_val(S_w *x, const char *name, const char *value)
{
	S_start(x, name);
	if (value)
		S_attr(x, "w:val", value);
	S_end(x);
}

/* A run: text (escaped by the writer; tabs as <w:tab/>), bold or not,
 * at size half-points (NULL: the style's). */
static void S_run(S_w *x, const char *text, int bold, const char *size)
{
	const char *s = text;

	if (!text || !*text)
		return;
	S_start(x, "w:r");
	if (bold || size) {
		S_start(x, "w:rPr");
		if (bold)
			S_val(x, "w:b", NULL);
		if (size)
			S_val(x, "w:sz", size);
		S_end(x);
	}
	while (*s) {
		size_t n = strcspn(s, "\t");
		if (n) {
			char *part = ml_xstrndup(s, n);
			S_start(x, "w:t");
			S_attr(x, "xml:space", "preserve");
			S_chk(x, xmlTextWriterWriteString(x->w, BAD_CAST part));
			S_end(x);
			free(part);
		}
		s += n;
		if (*s == '\t') {
			S_val(x, "w:tab", NULL);
			s++;
		}
	}
	S_end(x);
}

static void S_br(S_w *x)
{
	S_start(x, "w:r");
	S_val(x, "w:br", NULL);
	S_end(x);
}

/* Paragraph properties. */
typedef struct S_pp {
	const char *jc;         /* "right", "center", or NULL */
	int left, first, hanging; /* indents, twips */
	int before;             /* space before, twips */
	int tab;                /* a left tab stop, twips (0: none) */
	int page_break;         /* start a new page */
	int keep_next;
	int after;              /* space after, twips; -1: the style's */
} S_pp;

static void S_ppr(S_w *x, const S_pp *p)
{
	S_start(x, "w:pPr");
	if (p->keep_next)
		S_val(x, "w:keepNext", NULL);
	if (p->page_break)
		S_val(x, "w:pageBreakBefore", NULL);
	if (p->tab) {
		S_start(x, "w:tabs");
		S_start(x, "w:tab");
		S_attr(x, "w:val", "left");
		S_num(x, "w:pos", p->tab);
		S_end(x);
		S_end(x);
	}
	if (p->before || p->after >= 0) {
		S_start(x, "w:spacing");
		if (p->before)
			S_num(x, "w:before", p->before);
		if (p->after >= 0)
			S_num(x, "w:after", p->after);
		S_end(x);
	}
	if (p->left || p->first || p->hanging) {
		S_start(x, "w:ind");
		S_num(x, "w:left", p->left);
		if (p->first)
			S_num(x, "w:firstLine", p->first);
		if (p->hanging)
			S_num(x, "w:hanging", p->hanging);
		S_end(x);
	}
	if (p->jc)
		S_val(x, "w:jc", p->jc);
	S_end(x);
}

static void S_pp_init(S_pp *p)
{
	memset(p, 0, sizeof *p);
	p->after = -1;
}

/* "label mark " before the text of a marked paragraph. */
static void S_lead(S_w *x, const ml_memo_block *b)
{
	ml_buf t;

	ml_buf_init(&t, ML_MEMO__BIG);
	if (b->label)
		ml_buf_printf(&t, "%s ", b->label);
	if (b->mark)
		ml_buf_printf(&t, "%s ", b->mark);
	S_run(x, t.ptr, 0, NULL);
	ml_buf_free(&t);
}

/* Lines split by '\n' as runs with breaks between them. */
static void S_lines(S_w *x, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		char *line = ml_xstrndup(s, n);
		S_run(x, line, 0, NULL);
		free(line);
		s += n;
		if (*s == '\n') {
			S_br(x);
			s++;
		}
	}
}

/* --- the body --- */

static void S_cell(S_w *x, const char *text, int head, int width)
{
	S_pp p;

	S_start(x, "w:tc");
	S_start(x, "w:tcPr");
	S_dxa(x, "w:tcW", width);
	S_end(x);
	S_start(x, "w:p");
	S_pp_init(&p);
	p.after = 0;
	S_ppr(x, &p);
	S_run(x, text, head, S_TABLE_FONT);
	S_end(x);
	S_end(x);
}

#define S_TEXT_WIDTH (12240 - 2 * S_INCH) /* twips between margins */

/* Column widths of the table whose rows start at l->v[i], in twips,
 * from what the columns hold: each gets room for its longest word (a rule
 * ID or a mark is not broken), the rest of the line is shared by the
 * amount of text. */
static size_t S_widths(const ml_memo_layout *l, size_t i, int *w)
{
	double need[ML_MEMO_MAX_COLS] = {0}, len[ML_MEMO_MAX_COLS] = {0};
	double sum_need = 0, sum_len = 0, left;
	size_t ncols = 0, c, k;

	for (k = i; k < l->n && l->v[k].kind == ML_MB_ROW; k++) {
		const ml_memo_block *b = &l->v[k];
		if (b->ncells > ncols)
			ncols = b->ncells;
		for (c = 0; c < b->ncells; c++) {
			const char *s = b->cells[c];
			len[c] += (double)strlen(s);
			while (*s) {
				size_t t = strcspn(s, " ");
				/* ~130 twips a character at 10 point (capitals;
				 * 150 in bold headers), plus the cell's margins */
				double wt = (double)t * (b->head ? 150 : 130) + 200;
				if (wt > need[c])
					need[c] = wt;
				s += t + (s[t] == ' ');
			}
		}
	}
	for (c = 0; c < ncols; c++) {
		sum_need += need[c];
		sum_len += len[c];
	}
	left = S_TEXT_WIDTH - sum_need;
	for (c = 0; c < ncols; c++) {
		double x = left >= 0
		    ? need[c] + (sum_len > 0 ? left * len[c] / sum_len : 0)
		    : need[c] * S_TEXT_WIDTH / sum_need;
		w[c] = (int)x;
	}
	return ncols;
}

static void S_table_start(S_w *x, const int *w, size_t ncols)
{
	static const char *const borders[] = {"w:top", "w:left", "w:bottom",
	                                      "w:right", "w:insideH",
	                                      "w:insideV"};
	static const char *const line[] = {"w:val", "single", "w:sz", "4",
	                                   "w:space", "0",
	                                   "w:color", "666666", NULL};
	size_t i;

	S_start(x, "w:tbl");
	S_start(x, "w:tblPr");
	S_dxa(x, "w:tblW", S_TEXT_WIDTH);
	S_start(x, "w:tblBorders");
	for (i = 0; i < sizeof borders / sizeof borders[0]; i++)
		S_empty(x, borders[i], line);
	S_end(x);
	S_val(x, "w:tblLayout", "fixed");
	S_start(x, "w:tblCellMar");
	S_dxa(x, "w:left", 60);
	S_dxa(x, "w:right", 60);
	S_end(x);
	S_end(x);
	S_start(x, "w:tblGrid");
	for (i = 0; i < ncols; i++) {
		S_start(x, "w:gridCol");
		S_num(x, "w:w", w[i]);
		S_end(x);
	}
	S_end(x);
}

/* A row; the header row repeats on every page the table spans. */
static void S_row(S_w *x, const ml_memo_block *b, const int *w)
{
	size_t c;

	S_start(x, "w:tr");
	S_start(x, "w:trPr");
	S_val(x, "w:cantSplit", NULL);
	if (b->head)
		S_val(x, "w:tblHeader", NULL);
	S_end(x);
	for (c = 0; c < b->ncells; c++)
		S_cell(x, b->cells[c], b->head, w[c]);
	S_end(x);
}

static void S_block(S_w *x, const ml_memo_layout *l, size_t i,
                    int *in_table, int *w)
{
	const ml_memo_block *b = &l->v[i];
	ml_memo_block_kind prev = i ? l->v[i - 1].kind : ML_MB_DATE;
	S_pp p;
	ml_buf t;
	int colon;

	if (*in_table && b->kind != ML_MB_ROW) {
		S_end(x); /* w:tbl */
		*in_table = 0;
	}
	if (b->kind == ML_MB_ROW) {
		if (!*in_table) {
			S_table_start(x, w, S_widths(l, i, w));
			*in_table = 1;
		}
		S_row(x, b, w);
		return;
	}
	S_pp_init(&p);
	/* the signature block never stands alone on its page, nor apart
	 * from the list of attachments under it */
	p.keep_next = i + 1 < l->n && (l->v[i + 1].kind == ML_MB_SIG ||
	                               l->v[i + 1].kind == ML_MB_ENCL);
	S_start(x, "w:p");
	switch (b->kind) {
	case ML_MB_DATE:
		p.jc = "right";
		S_ppr(x, &p);
		S_run(x, b->text, 0, NULL);
		break;
	case ML_MB_LINE:
		/* "SUBJECT:" and the like: text wraps under itself */
		colon = b->label[strlen(b->label) - 1] == ':';
		if (colon) {
			p.left = S_INCH;
			p.hanging = S_INCH;
			p.tab = S_INCH;
		}
		S_ppr(x, &p);
		ml_buf_init(&t, ML_MEMO__BIG);
		ml_buf_printf(&t, "%s%s%s%s%s", b->label, colon ? "\t" : " ",
		              b->mark ? b->mark : "", b->mark ? " " : "",
		              b->text);
		S_run(x, t.ptr, 0, NULL);
		ml_buf_free(&t);
		break;
	case ML_MB_REF:
		p.left = S_INCH + 480;
		p.hanging = S_INCH + 480;
		p.tab = S_INCH;
		if (i + 1 < l->n && l->v[i + 1].kind == ML_MB_REF)
			p.after = 0;
		S_ppr(x, &p);
		ml_buf_init(&t, ML_MEMO__BIG);
		ml_buf_printf(&t, "%s\t%s %s", prev == ML_MB_REF ? ""
		              : "References:", b->label, b->text);
		S_run(x, t.ptr, 0, NULL);
		ml_buf_free(&t);
		break;
	case ML_MB_PARA:
		S_ppr(x, &p);
		S_lead(x, b);
		S_run(x, b->title, 1, NULL);
		if (b->text) {
			ml_buf_init(&t, ML_MEMO__BIG);
			ml_buf_printf(&t, " %s", b->text);
			S_run(x, t.ptr, 0, NULL);
			ml_buf_free(&t);
		}
		break;
	case ML_MB_SUB:
		p.first = b->level == 2 ? S_INCH / 2 : S_INCH / 4;
		S_ppr(x, &p);
		S_lead(x, b);
		S_run(x, b->text, 0, NULL);
		break;
	case ML_MB_SIG:
		p.left = S_INCH * 13 / 4; /* from the centre of the page */
		p.before = 48 * 20;       /* room to sign */
		S_ppr(x, &p);
		S_lines(x, b->text);
		break;
	case ML_MB_ENCL:
		S_ppr(x, &p);
		S_run(x, b->label, 0, NULL);
		S_br(x);
		S_lines(x, b->text);
		break;
	case ML_MB_ATTACH:
		p.jc = "center";
		p.page_break = 1;
		p.keep_next = 1;
		S_ppr(x, &p);
		S_lead(x, b);
		S_run(x, b->title, 1, NULL);
		break;
	case ML_MB_NOTE:
		p.keep_next = i + 1 < l->n && l->v[i + 1].kind != ML_MB_NOTE;
		if (prev == ML_MB_ROW)
			p.before = 240; /* a blank line after a table */
		S_ppr(x, &p);
		S_lead(x, b);
		S_run(x, b->text, 0, NULL);
		break;
	case ML_MB_ROW:
		break;
	}
	S_end(x);
}

/* The section: US Letter, 1-inch margins, header and footer. */
static void S_sect(S_w *x)
{
	static const char *const header[] = {"w:type", "default",
	                                     "r:id", "rIdHeader", NULL};
	static const char *const footer[] = {"w:type", "default",
	                                     "r:id", "rIdFooter", NULL};
	static const char *const size[] = {"w:w", "12240", "w:h", "15840",
	                                   NULL};
	static const char *const margins[] = {
		"w:top", "1440", "w:right", "1440", "w:bottom", "1440",
		"w:left", "1440", "w:header", "720", "w:footer", "720",
		"w:gutter", "0", NULL
	};

	S_start(x, "w:sectPr");
	S_empty(x, "w:headerReference", header);
	S_empty(x, "w:footerReference", footer);
	S_empty(x, "w:pgSz", size);
	S_empty(x, "w:pgMar", margins);
	S_end(x);
}

static void S_document(S_w *x, const ml_memo_layout *l)
{
	size_t i;
	int in_table = 0, w[ML_MEMO_MAX_COLS];

	S_chk(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes"));
	S_start(x, "w:document");
	S_attr(x, "xmlns:w", S_W);
	S_attr(x, "xmlns:r", S_R);
	S_start(x, "w:body");
	for (i = 0; i < l->n; i++)
		S_block(x, l, i, &in_table, w);
	if (in_table)
		S_end(x);
	S_sect(x);
	S_end(x);
	S_end(x);
	S_chk(x, xmlTextWriterEndDocument(x->w));
}

/* The page header or footer: the banner, centred and bold. */
static void S_hdrftr(S_w *x, const char *root, const char *banner)
{
	S_pp p;

	S_chk(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes"));
	S_start(x, root);
	S_attr(x, "xmlns:w", S_W);
	S_start(x, "w:p");
	S_pp_init(&p);
	p.jc = "center";
	p.after = 0;
	S_ppr(x, &p);
	S_run(x, banner, 1, NULL);
	S_end(x);
	S_end(x);
	S_chk(x, xmlTextWriterEndDocument(x->w));
}

/* --- the package --- */

static const char S_content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	"content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/"
	"vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	"\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/header1.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	"<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
	"vnd.openxmlformats-package.core-properties+xml\"/>"
	"<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	"</Types>\n";

static const char S_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"" S_PKG_RELS "\">"
	"<Relationship Id=\"rId1\" Type=\"" S_R "/officeDocument\" "
	"Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
	"package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" S_R "/extended-properties\" "
	"Target=\"docProps/app.xml\"/>"
	"</Relationships>\n";

static const char S_doc_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"" S_PKG_RELS "\">"
	"<Relationship Id=\"rIdStyles\" Type=\"" S_R "/styles\" "
	"Target=\"styles.xml\"/>"
	"<Relationship Id=\"rIdSettings\" Type=\"" S_R "/settings\" "
	"Target=\"settings.xml\"/>"
	"<Relationship Id=\"rIdHeader\" Type=\"" S_R "/header\" "
	"Target=\"header1.xml\"/>"
	"<Relationship Id=\"rIdFooter\" Type=\"" S_R "/footer\" "
	"Target=\"footer1.xml\"/>"
	"</Relationships>\n";

/* Times New Roman 12 point, one blank line (12 point) after each
 * paragraph, single spacing: the correspondence manual's. */
static const char S_styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" S_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	"w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
	"<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-US\"/>"
	"</w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"240\" w:line=\"240\" "
	"w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
	"<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" "
	"w:type=\"dxa\"/></w:tblPr></w:style>"
	"</w:styles>\n";

static const char S_settings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:settings xmlns:w=\"" S_W "\">"
	"<w:defaultTabStop w:val=\"720\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	"w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	"</w:compat></w:settings>\n";

static const char S_app[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/extended-properties\"><Application>marklint "
	ML_VERSION_STRING "</Application></Properties>\n";

/* A small part written with the writer into memory; NULL on error. The
 * caller frees. */
static char *S_small_part(const ml_memo_layout *l, int which, size_t *len)
{
	xmlBufferPtr buf = xmlBufferCreate();
	S_w x;
	char *out = NULL;

	memset(&x, 0, sizeof x);
	x.w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	if (!x.w) {
		xmlBufferFree(buf);
		return NULL;
	}
	if (which == 0 || which == 1) {
		S_hdrftr(&x, which == 0 ? "w:hdr" : "w:ftr", l->banner);
	} else {
		/* docProps/core.xml: the subject as the title */
		S_chk(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8",
		                                     "yes"));
		S_start(&x, "cp:coreProperties");
		S_attr(&x, "xmlns:cp", "http://schemas.openxmlformats.org/"
		       "package/2006/metadata/core-properties");
		S_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
		S_start(&x, "dc:title");
		S_chk(&x, xmlTextWriterWriteString(x.w, BAD_CAST
		          (l->subject ? l->subject : "Review memorandum")));
		S_end(&x);
		S_start(&x, "dc:creator");
		S_chk(&x, xmlTextWriterWriteString(x.w, BAD_CAST "marklint"));
		S_end(&x);
		S_end(&x);
		S_chk(&x, xmlTextWriterEndDocument(x.w));
	}
	xmlFreeTextWriter(x.w); /* flushes into buf */
	if (!x.err) {
		*len = (size_t)xmlBufferLength(buf);
		out = ml_xstrndup((const char *)xmlBufferContent(buf), *len);
	}
	xmlBufferFree(buf);
	return out;
}

/* word/document.xml into an anonymous temporary file (NULL on error). */
static FILE *S_document_file(const ml_memo_layout *l)
{
	FILE *f = tmpfile();
	xmlOutputBufferPtr ob;
	S_w x;

	if (!f)
		return NULL;
	memset(&x, 0, sizeof x);
	ob = xmlOutputBufferCreateFile(f, NULL);
	x.w = ob ? xmlNewTextWriter(ob) : NULL; /* owns ob */
	if (!x.w) {
		if (ob)
			xmlOutputBufferClose(ob);
		fclose(f);
		return NULL;
	}
	S_document(&x, l);
	xmlFreeTextWriter(x.w); /* flushes; f stays open */
	if (x.err || fflush(f) != 0 || ferror(f) || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	return f;
}

/* Adds name from src (taken) with the fixed time. */
static int S_add_source(zip_t *za, const char *name, zip_source_t *src)
{
	zip_int64_t i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);

	if (i < 0) {
		zip_source_free(src);
		return -1;
	}
	return zip_file_set_mtime(za, (zip_uint64_t)i, S_MTIME, 0);
}

/* Adds name from data (len bytes; borrowed until zip_close). */
static int S_add(zip_t *za, const char *name, const void *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(za, data, len, 0);

	return src ? S_add_source(za, name, src) : -1;
}

static int S_add_file(zip_t *za, const char *name, FILE *f)
{
	zip_source_t *src = zip_source_filep(za, f, 0, -1); /* owns f */

	if (!src) {
		fclose(f);
		return -1;
	}
	return S_add_source(za, name, src);
}

/* Copies the file at path to out. */
static int S_copy(const char *path, FILE *out)
{
	FILE *in = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!in)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (fwrite(chunk, 1, n, out) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	fclose(in);
	return rc;
}

/* Builds the package at path. */
static int S_package(const ml_memo_layout *l, const char *path)
{
	char *hdr = NULL, *ftr = NULL, *core = NULL;
	size_t hlen = 0, flen = 0, clen = 0;
	FILE *doc = S_document_file(l);
	zip_t *za;
	int err = 0, rc = -1, ok;

	hdr = S_small_part(l, 0, &hlen);
	ftr = S_small_part(l, 1, &flen);
	core = S_small_part(l, 2, &clen);
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!doc || !hdr || !ftr || !core || !za)
		goto done;
	/* [Content_Types].xml first, as Word and OPC readers expect */
	if (S_add(za, "[Content_Types].xml", S_content_types,
	          sizeof S_content_types - 1) < 0 ||
	    S_add(za, "_rels/.rels", S_rels, sizeof S_rels - 1) < 0)
		goto done;
	ok = S_add_file(za, "word/document.xml", doc) == 0;
	doc = NULL; /* the archive's (or closed) now */
	if (!ok ||
	    S_add(za, "word/_rels/document.xml.rels", S_doc_rels,
	          sizeof S_doc_rels - 1) < 0 ||
	    S_add(za, "word/styles.xml", S_styles, sizeof S_styles - 1) < 0 ||
	    S_add(za, "word/settings.xml", S_settings,
	          sizeof S_settings - 1) < 0 ||
	    S_add(za, "word/header1.xml", hdr, hlen) < 0 ||
	    S_add(za, "word/footer1.xml", ftr, flen) < 0 ||
	    S_add(za, "docProps/core.xml", core, clen) < 0 ||
	    S_add(za, "docProps/app.xml", S_app, sizeof S_app - 1) < 0)
		goto done;
	rc = zip_close(za) == 0 ? 0 : -1;
	if (rc == 0)
		za = NULL;
done:
	if (za)
		zip_discard(za);
	if (doc)
		fclose(doc);
	free(hdr);
	free(ftr);
	free(core);
	return rc;
}

int ml_memo__write_docx(const ml_memo_layout *l, FILE *out)
{
	const char *dir = getenv("TMPDIR");
	ml_buf path;
	int fd, rc = -1;

	ml_buf_init(&path, 1 << 16);
	ml_buf_printf(&path, "%s/marklint-memo.XXXXXX",
	              dir && *dir ? dir : "/tmp");
	fd = mkstemp(path.ptr);
	if (fd >= 0) {
		close(fd);
		if (S_package(l, path.ptr) == 0)
			rc = S_copy(path.ptr, out);
		unlink(path.ptr);
	}
	ml_buf_free(&path);
	return rc;
}
