/* ml_memo_html.c - the memo as one self-contained HTML file.
 *
 * Built with libxml2's tree API: every piece of text goes in as a text
 * node, so the serializer escapes it (a document that holds "<script>"
 * comes out as "&lt;script&gt;"): escaping holds by construction. The page
 * has inline CSS only: no script, font, image or link to anything else, so
 * it opens on a network with no internet.
 *
 * Printed, every page is marked top and bottom: the memo sits in one
 * table cell whose <thead> holds the banner (browsers repeat a table's
 * header on every printed page); the <tfoot> reserves the same room at
 * the bottom of each page, where a fixed-position banner is printed
 * (fixed elements are repeated on every page too, at the page's foot even
 * on the last one). On screen the banner simply opens and closes the memo.
 * The attachment starts on a new page and its table's header row repeats.
 */
#include "ml_memo_int.h"

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>

static const char S_css[] =
	"body{font-family:\"Times New Roman\",Times,serif;max-width:52em;"
	"margin:2em auto;padding:0 1em;line-height:1.35;color:#000;"
	"background:#fff}"
	"table.page{width:100%;border-collapse:collapse}"
	"table.page>*>tr>td{border:0;padding:0}"
	".banner{text-align:center;font-weight:bold;letter-spacing:.05em;"
	"margin:.5em 0}"
	".date{text-align:right}"
	".line,.para{margin:1em 0}"
	".refs{list-style:none;padding-left:0;margin-top:0}"
	".sub1{margin:.4em 0 .4em 2em}"
	".sub2{margin:.3em 0 .3em 4em}"
	".sig{margin:3em 0 1em 50%}"
	".mark{font-weight:bold}"
	"h2{font-size:100%;text-align:center}"
	"table.att{border-collapse:collapse;width:100%;font-size:90%}"
	"table.att th,table.att td{border:1px solid #666;padding:.2em .4em;"
	"vertical-align:top;text-align:left}"
	"table.att th{background:#eee}"
	"table.att tr{break-inside:avoid}"
	".pfoot{display:none}"
	"@page{margin:.6in .75in}"
	"@media print{body{margin:0;max-width:none;padding:0}"
	"tfoot.pg .banner{visibility:hidden}"
	".pfoot{display:block;position:fixed;bottom:0;left:0;right:0;"
	"margin:0}"
	"h2.attach{break-before:page}}";

static xmlNodePtr S_el(xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);

	if (cls)
		xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
	return n;
}

/* Appends text as a text node (escaped when serialized). */
static void S_text(xmlNodePtr parent, const char *s)
{
	if (s && *s)
		xmlAddChild(parent, xmlNewText(BAD_CAST s));
}

/* <span class=cls>s</span> then a space. */
static void S_span(xmlNodePtr parent, const char *cls, const char *s)
{
	xmlNodePtr n;

	if (!s)
		return;
	n = S_el(parent, "span", cls);
	S_text(n, s);
	S_text(parent, " ");
}

/* Lines split by '\n', with <br> between them. */
static void S_lines(xmlNodePtr p, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		char *line = ml_xstrndup(s, n);
		S_text(p, line);
		free(line);
		s += n;
		if (*s == '\n') {
			S_el(p, "br", NULL);
			s++;
		}
	}
}

/* A new name element of class cls that opens with b's label and portion
 * mark (each a span, left out when b has none). */
static xmlNodePtr S_marked(xmlNodePtr parent, const char *name,
                           const char *cls, const ml_memo_block *b)
{
	xmlNodePtr p = S_el(parent, name, cls);

	S_span(p, "label", b->label);
	S_span(p, "mark", b->mark);
	return p;
}

static void S_row(xmlNodePtr parent, const ml_memo_block *b)
{
	xmlNodePtr tr = S_el(parent, "tr", NULL);
	size_t c;

	for (c = 0; c < b->ncells; c++)
		S_text(S_el(tr, b->head ? "th" : "td", NULL), b->cells[c]);
}

/* The open list (references) and table (attachment) of the walk. */
typedef struct S_open {
	xmlNodePtr list, table;
} S_open;

static void S_block(xmlNodePtr body, const ml_memo_block *b, S_open *o)
{
	xmlNodePtr p;

	if (b->kind != ML_MB_REF)
		o->list = NULL;
	if (b->kind != ML_MB_ROW)
		o->table = NULL;
	switch (b->kind) {
	case ML_MB_DATE:
		S_text(S_el(body, "p", "date"), b->text);
		break;
	case ML_MB_LINE:
	case ML_MB_NOTE:
		S_text(S_marked(body, "p", "line", b), b->text);
		break;
	case ML_MB_REF:
		if (!o->list) {
			S_text(S_el(body, "p", "line"), "References:");
			o->list = S_el(body, "ul", "refs");
		}
		p = S_el(o->list, "li", NULL);
		S_span(p, "label", b->label);
		S_text(p, b->text);
		break;
	case ML_MB_PARA:
		p = S_marked(body, "p", "para", b);
		S_text(S_el(p, "strong", NULL), b->title);
		if (b->text) {
			S_text(p, " ");
			S_text(p, b->text);
		}
		break;
	case ML_MB_SUB:
		S_text(S_marked(body, "p", b->level == 2 ? "sub2" : "sub1", b),
		       b->text);
		break;
	case ML_MB_SIG:
		S_lines(S_el(body, "p", "sig"), b->text);
		break;
	case ML_MB_ENCL:
		p = S_el(body, "p", "line");
		S_text(p, b->label);
		S_el(p, "br", NULL);
		S_lines(p, b->text);
		break;
	case ML_MB_ATTACH:
		S_text(S_marked(body, "h2", "attach", b), b->title);
		break;
	case ML_MB_ROW:
		if (!o->table) {
			o->table = S_el(body, "table", "att");
			if (b->head) {
				S_row(S_el(o->table, "thead", NULL), b);
				o->table = S_el(o->table, "tbody", NULL);
				break;
			}
			o->table = S_el(o->table, "tbody", NULL);
		}
		S_row(o->table, b);
		break;
	}
}

/* The page table: banner in <thead> and <tfoot>, the memo in the cell. */
static xmlNodePtr S_page(xmlNodePtr body, const char *banner)
{
	xmlNodePtr t = S_el(body, "table", "page");

	S_text(S_el(S_el(S_el(S_el(t, "thead", "pg"), "tr", NULL), "td",
	                 NULL), "p", "banner"), banner);
	S_text(S_el(S_el(S_el(S_el(t, "tfoot", "pg"), "tr", NULL), "td",
	                 NULL), "p", "banner"), banner);
	return S_el(S_el(S_el(t, "tbody", NULL), "tr", NULL), "td", NULL);
}

int ml_memo__write_html(const ml_memo_layout *l, FILE *out)
{
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head, body, meta, cell;
	S_open o;
	size_t i;
	int rc = 0;

	if (!doc)
		return -1;
	memset(&o, 0, sizeof o);
	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	html = xmlNewNode(NULL, BAD_CAST "html");
	xmlNewProp(html, BAD_CAST "lang", BAD_CAST "en");
	xmlDocSetRootElement(doc, html);
	head = S_el(html, "head", NULL);
	meta = S_el(head, "meta", NULL);
	xmlNewProp(meta, BAD_CAST "charset", BAD_CAST "utf-8");
	S_text(S_el(head, "title", NULL), l->subject);
	S_text(S_el(head, "style", NULL), S_css);
	body = S_el(html, "body", NULL);
	cell = S_page(body, l->banner);
	for (i = 0; i < l->n; i++)
		S_block(cell, &l->v[i], &o);
	S_text(S_el(body, "p", "banner pfoot"), l->banner);
	if (htmlDocDump(out, doc) < 0)
		rc = -1;
	xmlFreeDoc(doc);
	return rc;
}
