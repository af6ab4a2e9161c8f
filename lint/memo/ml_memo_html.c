/* ml_memo_html.c - the review memorandum as one self-contained HTML file.
 *
 * Built with libxml2's tree API: every piece of text goes in as a text
 * node, so the serializer escapes it (a document that holds "<script>"
 * comes out as "&lt;script&gt;"): escaping holds by construction. The page
 * has inline CSS only: no script, font, image or link to anything else, so
 * it opens on a network with no internet.
 */
#include "ml_memo_int.h"

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include <string.h>

static const char S_css[] =
	"body{font-family:\"Times New Roman\",Times,serif;max-width:52em;"
	"margin:2em auto;padding:0 1em;line-height:1.35;color:#000;"
	"background:#fff}"
	".banner{text-align:center;font-weight:bold;letter-spacing:.05em}"
	".line,.para{margin:1em 0}"
	".refs{list-style:none;padding-left:0}"
	".sub1{margin:.4em 0 .4em 2em}"
	".sub2{margin:.3em 0 .3em 4em}"
	".mark{font-weight:bold}"
	"table{border-collapse:collapse;width:100%;font-size:90%}"
	"th,td{border:1px solid #666;padding:.2em .4em;vertical-align:top;"
	"text-align:left}"
	"th{background:#eee}"
	"@media print{body{margin:0;max-width:none}}";

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

static void S_row(xmlNodePtr table, const ml_memo_block *b, int head)
{
	xmlNodePtr tr = S_el(table, "tr", NULL), td;
	size_t c;

	for (c = 0; c < ML_MEMO_COLS; c++) {
		td = S_el(tr, head ? "th" : "td", NULL);
		S_text(td, b->cells[c]);
	}
}

static void S_block(xmlNodePtr body, const ml_memo_layout *l, size_t i,
                    xmlNodePtr *list, xmlNodePtr *table)
{
	const ml_memo_block *b = &l->v[i];
	xmlNodePtr p;

	if (b->kind != ML_MB_REF)
		*list = NULL;
	if (b->kind != ML_MB_ROW)
		*table = NULL;
	switch (b->kind) {
	case ML_MB_BANNER:
		S_text(S_el(body, "p", "banner"), b->text);
		break;
	case ML_MB_LINE:
		p = S_el(body, "p", "line");
		S_span(p, "label", b->label);
		S_span(p, "mark", b->mark);
		S_text(p, b->text);
		break;
	case ML_MB_REF:
		if (!*list) {
			S_text(S_el(body, "p", "line"), "References:");
			*list = S_el(body, "ul", "refs");
		}
		p = S_el(*list, "li", NULL);
		S_span(p, "label", b->label);
		S_text(p, b->text);
		break;
	case ML_MB_PARA:
		p = S_el(body, "p", "para");
		S_span(p, "label", b->label);
		S_span(p, "mark", b->mark);
		S_text(S_el(p, "strong", NULL), b->title);
		if (b->text) {
			S_text(p, " ");
			S_text(p, b->text);
		}
		break;
	case ML_MB_SUB:
		p = S_el(body, "p", b->level == 2 ? "sub2" : "sub1");
		S_span(p, "label", b->label);
		S_span(p, "mark", b->mark);
		S_text(p, b->text);
		break;
	case ML_MB_ATTACH:
		p = S_el(body, "h2", "attach");
		S_span(p, "label", b->label);
		S_span(p, "mark", b->mark);
		S_text(p, b->title);
		break;
	case ML_MB_ROW:
		if (!*table) {
			*table = S_el(body, "table", NULL);
			S_row(S_el(*table, "thead", NULL), b, 1);
			*table = S_el(*table, "tbody", NULL);
		} else {
			S_row(*table, b, 0);
		}
		break;
	}
}

int ml_memo__write_html(const ml_memo_layout *l, FILE *out)
{
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head, body, meta, list = NULL, table = NULL;
	size_t i;
	int rc = 0;

	if (!doc)
		return -1;
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
	for (i = 0; i < l->n; i++)
		S_block(body, l, i, &list, &table);
	if (htmlDocDump(out, doc) < 0)
		rc = -1;
	xmlFreeDoc(doc);
	return rc;
}
