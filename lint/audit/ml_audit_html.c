/* ml_audit_html.c - audit.html: one self-contained page (inline style, a
 * Content-Security-Policy that forbids scripts and every fetch, charts as
 * inline SVG) built with libxml2's tree API, so that every piece of
 * document text (paths, organisations, citations, error messages) is a
 * text node, escaped when the page is written. */
#include "ml_audit.h"
#include "ml_buf.h"

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#define S_X(s) ((const xmlChar *)(s))

/* Long names (folders, paths) wrap anywhere rather than widen a table
 * past the page; printed, the page uses the paper's whole width, tables
 * get smaller type, rows and charts are not split across pages, and a
 * chart never scales beyond the paper. */
static const char S_css[] =
    "body{font-family:sans-serif;margin:2em auto;max-width:60em;"
    "color:#222}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;"
    "vertical-align:top}td{overflow-wrap:break-word}"
    "th{hyphens:auto}td.n{text-align:right;white-space:nowrap}"
    "th{background:#eee}figure{margin:1em 0}"
    "figcaption{font-weight:bold;margin-bottom:.3em}"
    "svg{max-width:100%;height:auto}"
    "svg text{font-family:sans-serif;font-size:12px}"
    "svg a:hover text{text-decoration:underline}"
    ".bar{fill:#3465a4}.bad{fill:#c4161c}.info{fill:#8a8a8a}"
    "@media print{body{max-width:none;margin:0;font-size:10pt}"
    "table{width:100%;font-size:8pt;page-break-inside:auto}"
    "th,td{padding:.1em .25em}tr,figure{page-break-inside:avoid}"
    "h2{page-break-after:avoid}}";

/* A new element under parent with text (may be NULL) as a text node. */
static xmlNodePtr S_el(xmlNodePtr parent, const char *name,
                       const char *text)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, S_X(name), NULL);

	if (text)
		xmlNodeAddContent(n, S_X(text));
	return n;
}

static void S_attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, S_X(name), S_X(value));
}

static void S_attrf(xmlNodePtr n, const char *name, double v)
{
	char b[32];

	snprintf(b, sizeof b, "%.1f", v);
	xmlNewProp(n, S_X(name), S_X(b));
}

static void S_num_cell(xmlNodePtr tr, size_t v)
{
	char b[32];

	snprintf(b, sizeof b, "%lu", (unsigned long)v);
	S_attr(S_el(tr, "td", b), "class", "n");
}

/* "42.9%" (one decimal) of part/whole; "-" when whole is 0. */
static void S_percent(char *b, size_t n, size_t part, size_t whole)
{
	if (!whole)
		snprintf(b, n, "-");
	else
		snprintf(b, n, "%.1f%%", 100.0 * (double)part / (double)whole);
}

static void S_pct_cell(xmlNodePtr tr, size_t part, size_t whole)
{
	char b[32];

	S_percent(b, sizeof b, part, whole);
	S_attr(S_el(tr, "td", b), "class", "n");
}

/* One bar of a chart. */
typedef struct S_bar {
	const char *label;
	double value;       /* what the bar's length shows */
	const char *shown;  /* the value as written beside the bar */
	const char *cls;    /* "bar", "bad" (red) or "info" (grey) */
	const char *href;   /* where the bar leads, or NULL */
} S_bar;

#define S_CHART_ROWS 25
#define S_LINE_H 14      /* a label's line, in px */
#define S_ROW_H 20       /* a one-line row */
#define S_BAR_W 320
#define S_LABEL_CHARS 44 /* longer labels wrap onto more lines */

/* The width in px of s[0..n) at 12px sans-serif, erring wide: capitals
 * and m, w are wider than digits and lower case; a character beyond
 * ASCII (accents, Cyrillic, CJK) counts as the widest. */
static double S_text_w(const char *s, size_t n)
{
	size_t i;
	double w = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		if (c >= 0x80 || c == 'M' || c == 'W' || c == 'm' || c == 'w')
			w += 12;
		else if (c >= 'A' && c <= 'Z')
			w += 9;
		else if (c == ' ' || c == '.' || c == ',' || c == 'i' ||
		         c == 'l' || c == 'j' || c == '!' || c == '|' ||
		         c == '\'' || c == ':')
			w += 4;
		else
			w += 7;
	}
	return w;
}

/* The byte length of the first line of s when wrapped at max characters:
 * after the last '/', ' ', '-', '_' or ',' that fits, else at max (on a
 * UTF-8 boundary). */
static size_t S_line(const char *s, size_t max)
{
	size_t i, c = 0, brk = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == max)
			return brk ? brk : i;
		if (strchr("/ -_,", s[i]))
			brk = i + 1;
	}
	return i;
}

/* The label as <tspan> lines under t (x at the right edge); returns how
 * many lines. Nothing is cut: a long label takes more lines. */
static size_t S_label(xmlNodePtr t, const char *label, double x, double y)
{
	size_t n = 0, len;
	char *line;
	xmlNodePtr sp;

	do {
		len = S_line(label, S_LABEL_CHARS);
		line = ml_xstrndup(label, len);
		sp = S_el(t, "tspan", line);
		S_attrf(sp, "x", x);
		S_attrf(sp, "y", y + (double)(n * S_LINE_H));
		free(line);
		label += len;
		n++;
	} while (*label);
	return n;
}

/* Lines the label takes. */
static size_t S_label_lines(const char *label)
{
	size_t n = 0;

	do {
		label += S_line(label, S_LABEL_CHARS);
		n++;
	} while (*label);
	return n;
}

/* A horizontal bar chart: a figure with a caption and an inline SVG as
 * wide as its longest label and value need, so that nothing is cut. */
static void S_chart(xmlNodePtr parent, const char *caption,
                    const S_bar *bars, size_t n, size_t total,
                    const char *more)
{
	xmlNodePtr fig = S_el(parent, "figure", NULL), svg, g, t;
	double max = 0, label_w = 0, shown_w = 0, y = 0;
	size_t i, c;
	char b[160];

	S_el(fig, "figcaption", caption);
	if (n == 0) {
		S_el(fig, "p", "Nothing to show.");
		return;
	}
	for (i = 0; i < n; i++) {
		const char *l = bars[i].label;
		size_t lines = S_label_lines(l);
		double w;
		for (; *l; l += c) { /* the widest of its lines */
			c = S_line(l, S_LABEL_CHARS);
			if ((w = S_text_w(l, c)) > label_w)
				label_w = w;
		}
		w = S_text_w(bars[i].shown, strlen(bars[i].shown));
		if (w > shown_w)
			shown_w = w;
		if (bars[i].value > max)
			max = bars[i].value;
		y += S_ROW_H + (double)((lines - 1) * S_LINE_H);
	}
	label_w += 12;
	svg = S_el(fig, "svg", NULL);
	S_attr(svg, "xmlns", "http://www.w3.org/2000/svg");
	S_attr(svg, "role", "img");
	S_attrf(svg, "width", label_w + S_BAR_W + 8 + shown_w + 8);
	S_attrf(svg, "height", y + 4);
	snprintf(b, sizeof b, "0 0 %.1f %.1f", label_w + S_BAR_W + 16 +
	         shown_w, y + 4);
	S_attr(svg, "viewBox", b);
	S_el(svg, "title", caption);
	for (i = 0, y = 0; i < n; i++) {
		double w = max > 0 ? S_BAR_W * bars[i].value / max : 0;
		size_t lines;
		g = S_el(svg, "g", NULL);
		if (bars[i].href) {
			g = S_el(g, "a", NULL);
			S_attr(g, "href", bars[i].href);
		}
		S_el(g, "title", bars[i].label);
		t = S_el(g, "text", NULL);
		S_attr(t, "text-anchor", "end");
		lines = S_label(t, bars[i].label, label_w - 6, y + 14);
		t = S_el(g, "rect", NULL);
		S_attrf(t, "x", label_w);
		S_attrf(t, "y", y + 3);
		S_attrf(t, "width", w < 1 && bars[i].value > 0 ? 1 : w);
		S_attrf(t, "height", S_ROW_H - 6);
		S_attr(t, "class", bars[i].cls ? bars[i].cls : "bar");
		t = S_el(g, "text", bars[i].shown);
		S_attrf(t, "x", label_w + w + 6);
		S_attrf(t, "y", y + 14);
		y += S_ROW_H + (double)((lines - 1) * S_LINE_H);
	}
	if (total > n) {
		snprintf(b, sizeof b, "The first %lu of %lu; %s",
		         (unsigned long)n, (unsigned long)total, more);
		S_el(fig, "p", b);
	}
}

/* Rules with findings, most severe first (an error, never an info, heads
 * the chart), then by count: errors red, warnings blue, infos grey. */
static int S_rule_cmp(const void *x, const void *y)
{
	const ml_audit_group *a = *(const ml_audit_group *const *)x;
	const ml_audit_group *b = *(const ml_audit_group *const *)y;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->findings != b->findings)
		return a->findings > b->findings ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Organisations by counted findings, most first. */
static int S_findings_cmp(const void *x, const void *y)
{
	const ml_audit_group *a = *(const ml_audit_group *const *)x;
	const ml_audit_group *b = *(const ml_audit_group *const *)y;

	if (a->findings != b->findings)
		return a->findings > b->findings ? -1 : 1;
	if (a->markings != b->markings)
		return a->markings > b->markings ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* A copy of the rows g[0..n) sorted by cmp (caller frees). */
static const ml_audit_group **S_sorted(const ml_audit_group *const *g,
                                      size_t n,
                                      int (*cmp)(const void *, const void *))
{
	const ml_audit_group **v = ml_xmalloc((n ? n : 1) * sizeof *v);

	if (n) /* g may be NULL when there is nothing */
		memcpy(v, g, n * sizeof *v);
	if (n > 1)
		qsort(v, n, sizeof *v, cmp);
	return v;
}

/* Bars of counted findings for the rows v[0..n) that have any; each
 * leads to its row of the table below (#PREFIX-N, N from 1 in v's
 * order, or #PREFIX-NAME for rules). */
static void S_chart_counts(xmlNodePtr parent, const char *caption,
                           const ml_audit_group *const *v, size_t n,
                           int by_rule, const char *prefix)
{
	S_bar bars[S_CHART_ROWS];
	char shown[S_CHART_ROWS][24], href[S_CHART_ROWS][96];
	size_t i, m = 0, with = 0;

	memset(bars, 0, sizeof bars);
	for (i = 0; i < n; i++) {
		if (!v[i]->findings)
			continue;
		with++;
		if (m == S_CHART_ROWS)
			continue;
		snprintf(shown[m], sizeof shown[m], "%lu",
		         (unsigned long)v[i]->findings);
		if (by_rule)
			snprintf(href[m], sizeof href[m], "#%s-%s", prefix,
			         v[i]->name);
		else
			snprintf(href[m], sizeof href[m], "#%s-%lu", prefix,
			         (unsigned long)(i + 1));
		bars[m].label = v[i]->name;
		bars[m].value = (double)v[i]->findings;
		bars[m].shown = shown[m];
		bars[m].href = href[m];
		bars[m].cls = !by_rule ? "bar" :
		              v[i]->severity == ML_SEV_ERROR ? "bad" :
		              v[i]->severity == ML_SEV_INFO ? "info" : "bar";
		m++;
	}
	S_chart(parent, caption, bars, m, with,
	        "every row is in the table below.");
}

static int S_share_cmp(const void *x, const void *y)
{
	const ml_audit_group *a = *(const ml_audit_group *const *)x;
	const ml_audit_group *b = *(const ml_audit_group *const *)y;
	/* a->uncited/a->markings vs b's, without division */
	double l = (double)a->uncited * (double)b->markings;
	double r = (double)b->uncited * (double)a->markings;

	if (l != r)
		return l > r ? -1 : 1;
	if (a->markings != b->markings)
		return a->markings > b->markings ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Share of markings without a cited basis, per folder that has any;
 * each bar leads to the folder's row (#folder-N, N from 1 in g's order,
 * the table's). */
static void S_chart_share(xmlNodePtr parent,
                          const ml_audit_group *const *g, size_t n)
{
	const ml_audit_group **v = ml_xmalloc((n ? n : 1) * sizeof *v);
	S_bar bars[S_CHART_ROWS];
	char shown[S_CHART_ROWS][48], href[S_CHART_ROWS][32];
	size_t i, k, m = 0, with;

	memset(bars, 0, sizeof bars);

	for (i = 0; i < n; i++)
		if (g[i]->markings)
			v[m++] = g[i];
	qsort(v, m, sizeof *v, S_share_cmp);
	with = m;
	if (m > S_CHART_ROWS)
		m = S_CHART_ROWS;
	for (i = 0; i < m; i++) {
		char pct[24];
		S_percent(pct, sizeof pct, v[i]->uncited, v[i]->markings);
		snprintf(shown[i], sizeof shown[i], "%s (%lu of %lu)", pct,
		         (unsigned long)v[i]->uncited,
		         (unsigned long)v[i]->markings);
		bars[i].label = v[i]->name;
		bars[i].value = (double)v[i]->uncited /
		                (double)v[i]->markings;
		bars[i].shown = shown[i];
		bars[i].cls = "bad";
		for (k = 0; k < n && g[k] != v[i]; k++)
			;
		snprintf(href[i], sizeof href[i], "#folder-%lu",
		         (unsigned long)(k + 1));
		bars[i].href = href[i];
	}
	S_chart(parent, "Share of markings without a cited basis, per folder "
	        "(highest first)", bars, m, with,
	        "every folder is in the table below.");
	free(v);
}

/* The documents with the most NOFORN without a basis; each bar leads to
 * the document's page. */
static void S_chart_worst(xmlNodePtr parent, ml_audit *a)
{
	const ml_audit_top *top;
	size_t i, n = ml_audit_worst(a, &top);
	S_bar bars[ML_AUDIT_TOP];
	char shown[ML_AUDIT_TOP][48], href[ML_AUDIT_TOP][ML_AUDIT_PAGE_MAX];

	memset(bars, 0, sizeof bars);
	for (i = 0; i < n; i++) {
		snprintf(shown[i], sizeof shown[i], "%lu of %lu",
		         (unsigned long)top[i].noforn_missing,
		         (unsigned long)top[i].noforn);
		ml_audit_page_name(top[i].path, href[i], sizeof href[i]);
		bars[i].label = top[i].path;
		bars[i].value = (double)top[i].noforn_missing;
		bars[i].shown = shown[i];
		bars[i].cls = "bad";
		bars[i].href = ml_audit_has_page(a, top[i].path) ? href[i] :
		               NULL;
	}
	S_chart(parent, "Documents with the most NOFORN without any basis "
	        "(of their NOFORN markings; each leads to its page)", bars, n,
	        n, "");
}

static xmlNodePtr S_table(xmlNodePtr parent, const char *const *heads,
                          size_t n)
{
	xmlNodePtr table = S_el(parent, "table", NULL);
	xmlNodePtr tr = S_el(table, "tr", NULL);
	size_t i;

	for (i = 0; i < n; i++)
		S_el(tr, "th", heads[i]);
	return table;
}

/* A section: the heading title, then "None." when it has no rows (and
 * NULL is returned), else its table with the heads. */
static xmlNodePtr S_section(xmlNodePtr body, const char *title,
                            const char *const *heads, size_t nheads,
                            size_t nrows)
{
	S_el(body, "h2", title);
	if (!nrows) {
		S_el(body, "p", "None.");
		return NULL;
	}
	return S_table(body, heads, nheads);
}

static xmlNodePtr S_link_cell(xmlNodePtr tr, const char *name,
                              const char *href);

/* A cell holding a name or a path, with a line-break opportunity after
 * each '/', so that a long path wraps at a folder, not mid-word. */
static xmlNodePtr S_name_cell(xmlNodePtr tr, const char *name)
{
	return S_link_cell(tr, name, NULL);
}

/* The same, as a link to href when not NULL. */
static xmlNodePtr S_link_cell(xmlNodePtr tr, const char *name,
                              const char *href)
{
	xmlNodePtr td = S_el(tr, "td", NULL);
	const char *p = name, *slash;

	if (href) {
		td = S_el(td, "a", NULL);
		S_attr(td, "href", href);
	}
	char *part;

	while ((slash = strchr(p, '/')) && slash[1]) {
		part = ml_xstrndup(p, (size_t)(slash - p) + 1);
		xmlNodeAddContent(td, S_X(part));
		free(part);
		S_el(td, "wbr", NULL);
		p = slash + 1;
	}
	xmlNodeAddContent(td, S_X(p));
	return td;
}

/* A link to the organisation's worklist, or "-" when it has nothing to
 * act on. */
static void S_worklist_cell(xmlNodePtr tr, ml_audit *a, const char *org)
{
	char name[128];
	xmlNodePtr link;

	if (!ml_audit_has_worklist(a, org)) {
		S_el(tr, "td", "-");
		return;
	}
	ml_audit_worklist_name(org, name, sizeof name);
	link = S_el(S_el(tr, "td", NULL), "a", "CSV");
	S_attr(link, "href", name);
}

/* The roll-up by folder or organisation; row N (from 1) has the id
 * PREFIX-N, where the charts lead. */
static void S_group_table(xmlNodePtr parent, ml_audit *a,
                          const char *what, const char *prefix,
                          const ml_audit_group *const *g, size_t n)
{
	const char *heads[] = {what, "documents", "unreadable", "markings",
	                       "without a cited basis", "share",
	                       "NOFORN", "NOFORN with no basis",
	                       "foreign restrictions", "blanket",
	                       "findings"};
	xmlNodePtr table = S_table(parent, heads, sizeof heads /
	                           sizeof heads[0]);
	size_t i;

	if (strcmp(prefix, "org") == 0)
		S_el(table->children, "th", "worklist");
	for (i = 0; i < n; i++) {
		xmlNodePtr tr = S_el(table, "tr", NULL);
		char id[64];
		snprintf(id, sizeof id, "%s-%lu", prefix,
		         (unsigned long)(i + 1));
		S_attr(tr, "id", id);
		S_name_cell(tr, g[i]->name);
		S_num_cell(tr, g[i]->documents);
		S_num_cell(tr, g[i]->unreadable);
		S_num_cell(tr, g[i]->markings);
		S_num_cell(tr, g[i]->uncited);
		S_pct_cell(tr, g[i]->uncited, g[i]->markings);
		S_num_cell(tr, g[i]->noforn);
		S_num_cell(tr, g[i]->noforn_missing);
		S_num_cell(tr, g[i]->foreign);
		S_num_cell(tr, g[i]->blanket);
		S_num_cell(tr, g[i]->findings);
		if (strcmp(prefix, "org") == 0)
			S_worklist_cell(tr, a, g[i]->name);
	}
}

static void S_totals(xmlNodePtr body, const ml_audit_totals *t)
{
	const char *heads[] = {"", "count", "share"};
	xmlNodePtr table = S_table(body, heads, 3), tr;
	const struct { const char *label; size_t v, of; } rows[] = {
		{"documents", t->documents, 0},
		{"unreadable documents", t->unreadable, t->documents},
		{"files not checked (see below)", t->skipped, 0},
		{"portions read", t->portions, 0},
		{"markings found", t->markings, 0},
		{"markings without a cited basis", t->uncited, t->markings},
		{"NOFORN markings", t->noforn, t->markings},
		{"NOFORN without a cited basis", t->noforn_uncited, t->noforn},
		{"NOFORN with no basis at all", t->noforn_missing, t->noforn},
		{"foreign restrictions", t->foreign, t->markings},
		{"foreign restrictions without a cited basis",
		 t->foreign_uncited, t->foreign},
		{"blanket restrictions", t->blanket, t->foreign},
		{"findings: error", t->findings[ML_SEV_ERROR], 0},
		{"findings: warning", t->findings[ML_SEV_WARNING], 0},
		{"findings: info", t->findings[ML_SEV_INFO], 0},
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		tr = S_el(table, "tr", NULL);
		S_el(tr, "td", rows[i].label);
		S_num_cell(tr, rows[i].v);
		if (rows[i].of)
			S_pct_cell(tr, rows[i].v, rows[i].of);
		else
			S_el(tr, "td", "");
	}
}

static void S_lead(xmlNodePtr body, const ml_audit_totals *t)
{
	char b[512], p1[24], p2[24];

	S_percent(p1, sizeof p1, t->noforn_uncited, t->noforn);
	S_percent(p2, sizeof p2, t->foreign_uncited, t->foreign);
	snprintf(b, sizeof b, "%lu documents (%lu unreadable, %lu files "
	         "skipped), %lu portions. %lu NOFORN markings, %lu (%s) "
	         "without a cited basis; %lu foreign restrictions, %lu (%s) "
	         "without a cited basis, %lu of them blanket.",
	         (unsigned long)t->documents, (unsigned long)t->unreadable,
	         (unsigned long)t->skipped, (unsigned long)t->portions,
	         (unsigned long)t->noforn, (unsigned long)t->noforn_uncited,
	         p1, (unsigned long)t->foreign,
	         (unsigned long)t->foreign_uncited, p2,
	         (unsigned long)t->blanket);
	S_el(body, "p", b);
}

static void S_rules_table(xmlNodePtr body, const ml_audit_group *const *g,
                          size_t n)
{
	const char *heads[] = {"rule", "severity", "findings", "documents"};
	xmlNodePtr table = S_table(body, heads, 4), tr;
	size_t i;

	for (i = 0; i < n; i++) {
		char id[96];
		tr = S_el(table, "tr", NULL);
		snprintf(id, sizeof id, "rule-%s", g[i]->name);
		S_attr(tr, "id", id);
		S_el(tr, "td", g[i]->name);
		S_el(tr, "td", ml_severity_name(g[i]->severity));
		S_num_cell(tr, g[i]->findings);
		S_num_cell(tr, g[i]->documents);
	}
}

static void S_lists(xmlNodePtr body, ml_audit *a)
{
	const char *h_top[] = {"document", "NOFORN with no basis",
	                       "NOFORN markings"};
	const char *h_cit[] = {"citation", "markings it justifies"};
	const char *h_lane[] = {"lane of cooperation", "documents",
	                        "NOFORN markings in it",
	                        "restrictions in it", "findings"};
	const char *h_bad[] = {"document", "code", "reason"};
	const ml_audit_top *top;
	const ml_audit_bad *bad;
	const ml_audit_group *const *g;
	xmlNodePtr table, tr;
	size_t i, n;

	S_el(body, "h2", "Documents with the most NOFORN without a basis");
	n = ml_audit_worst(a, &top);
	table = S_table(body, h_top, 3);
	for (i = 0; i < n; i++) {
		char page[ML_AUDIT_PAGE_MAX];
		ml_audit_page_name(top[i].path, page, sizeof page);
		tr = S_el(table, "tr", NULL);
		S_link_cell(tr, top[i].path, ml_audit_has_page(a, top[i].path)
		            ? page : NULL);
		S_num_cell(tr, top[i].noforn_missing);
		S_num_cell(tr, top[i].noforn);
	}
	S_el(S_el(body, "p", "Every document with a marking or a finding "
	          "has its page: "), "a", "the list of documents");
	S_attr(body->last->last, "href", "docs/index.html");
	S_el(body, "h2", "Citations most used");
	n = ml_audit_groups(a, ML_AUDIT_BY_CITATION, &g);
	table = S_table(body, h_cit, 2);
	for (i = 0; i < n; i++) {
		tr = S_el(table, "tr", NULL);
		S_el(tr, "td", g[i]->name);
		S_num_cell(tr, g[i]->findings);
	}
	S_el(body, "h2", "Restrictions inside lanes of cooperation");
	n = ml_audit_groups(a, ML_AUDIT_BY_LANE, &g);
	if (!n)
		S_el(body, "p", "No NOFORN marking or restriction to remove or "
		     "review falls in a lane of cooperation.");
	else
		table = S_table(body, h_lane, 5);
	for (i = 0; i < n; i++) {
		tr = S_el(table, "tr", NULL);
		S_el(tr, "td", g[i]->name);
		S_num_cell(tr, g[i]->documents);
		S_num_cell(tr, g[i]->noforn);
		S_num_cell(tr, g[i]->foreign);
		S_num_cell(tr, g[i]->findings);
	}
	n = ml_audit_unreadable(a, &bad);
	table = S_section(body, "Unreadable documents", h_bad, 3, n);
	for (i = 0; i < n; i++) {
		tr = S_el(table, "tr", NULL);
		S_name_cell(tr, bad[i].path);
		S_el(tr, "td", bad[i].code);
		S_el(tr, "td", bad[i].message);
	}
}

/* The files the walk left out, a row per reason: how many, and the
 * first few (every one is in audit.json). */
static void S_skipped(xmlNodePtr body, ml_audit *a)
{
	const char *heads[] = {"why", "files", "such as"};
	const ml_skipped *sk;
	size_t i, k, n = ml_audit_skipped(a, &sk), same;
	xmlNodePtr table = NULL, tr;
	ml_buf ex;

	table = S_section(body, "Files not checked", heads, 3, n);
	if (!table)
		return;
	for (i = 0; i < n; i++) {
		for (k = 0; k < i && strcmp(sk[k].reason, sk[i].reason); k++)
			;
		if (k < i)
			continue; /* its row is written */
		ml_buf_init(&ex, 1 << 16);
		for (k = i, same = 0; k < n; k++) {
			if (strcmp(sk[k].reason, sk[i].reason) != 0)
				continue;
			if (same++ < 3)
				ml_buf_printf(&ex, "%s%s", same > 1 ? ", " : "",
				              sk[k].path);
		}
		if (same > 3)
			ml_buf_printf(&ex, " and %lu more",
			              (unsigned long)(same - 3));
		tr = S_el(table, "tr", NULL);
		S_el(tr, "td", sk[i].reason);
		S_num_cell(tr, same);
		S_el(tr, "td", ex.ptr);
		ml_buf_free(&ex);
	}
}

static xmlNodePtr S_head(xmlDocPtr doc, const char *title)
{
	xmlNodePtr html = xmlNewDocNode(doc, NULL, S_X("html"), NULL);
	xmlNodePtr head, m;

	xmlDocSetRootElement(doc, html);
	S_attr(html, "lang", "en");
	head = S_el(html, "head", NULL);
	m = S_el(head, "meta", NULL);
	S_attr(m, "charset", "utf-8");
	/* nothing may run or be fetched, whatever a document holds */
	m = S_el(head, "meta", NULL);
	S_attr(m, "http-equiv", "Content-Security-Policy");
	S_attr(m, "content", "default-src 'none'; style-src 'unsafe-inline'; "
	       "img-src 'none'");
	S_el(head, "title", title);
	S_el(head, "style", S_css);
	return S_el(html, "body", NULL);
}

/* The findings new (fixed 0) or fixed since the earlier audit: the
 * first S_COMPARE_ROWS; all of them are in audit.json's "compare". */
enum { S_COMPARE_ROWS = 200 };
static void S_where(char *b, size_t n, const char *part, uint32_t para,
                    uint32_t line, const char *section);
static void S_compare_items(xmlNodePtr body, ml_audit *a,
                            ml_audit_compare *c, int fixed)
{
	const char *heads[] = {"document", "where", "rule", "severity"};
	ml_audit_compare_item it;
	xmlNodePtr table, tr;
	size_t i, n = ml_audit_compare_items(c, fixed, 0, &it);
	char where[96], b[160], page[ML_AUDIT_PAGE_MAX];

	snprintf(b, sizeof b, "%s (%lu%s)", fixed ? "Findings fixed, or "
	         "whose document is gone" : "New findings", (unsigned long)n,
	         n > S_COMPARE_ROWS ? "; the first 200 here, all in "
	         "audit.json" : "");
	S_el(body, "h3", b);
	if (!n)
		return;
	table = S_table(body, heads, 4);
	for (i = 0; i < n && i < S_COMPARE_ROWS; i++) {
		ml_audit_compare_items(c, fixed, i, &it);
		tr = S_el(table, "tr", NULL);
		ml_audit_page_name(it.path, page, sizeof page);
		S_link_cell(tr, it.path, !fixed && ml_audit_has_page(a,
		            it.path) ? page : NULL);
		S_where(where, sizeof where, it.part,
		        (uint32_t)it.paragraph, 0, NULL);
		S_el(tr, "td", where);
		S_el(tr, "td", it.rule);
		S_el(tr, "td", it.severity);
	}
}

/* "Since the earlier audit" (--compare): the totals, by organisation
 * (the most changed first), then the findings new and fixed. */
static void S_compare(xmlNodePtr body, ml_audit *a, ml_audit_compare *c)
{
	const char *heads[] = {"organisation", "new", "fixed", "unchanged"};
	ml_audit_compare_sum s;
	ml_audit_compare_org *orgs;
	xmlNodePtr table, tr;
	size_t i, n;
	char b[512];

	ml_audit_compare_totals(c, &s);
	S_el(body, "h2", "Since the earlier audit");
	snprintf(b, sizeof b, "Compared with %s (%lu documents): %lu new "
	         "findings, %lu fixed, %lu unchanged; %lu documents new, %lu "
	         "gone. A finding is known again by its document, rule and "
	         "text, wherever it moved.", s.against,
	         (unsigned long)s.docs_before, (unsigned long)s.added,
	         (unsigned long)s.fixed, (unsigned long)s.unchanged,
	         (unsigned long)s.docs_new, (unsigned long)s.docs_gone);
	S_el(body, "p", b);
	n = ml_audit_compare_orgs(c, NULL, 0);
	orgs = ml_xcalloc(n ? n : 1, sizeof *orgs);
	ml_audit_compare_orgs(c, orgs, n);
	table = S_table(body, heads, 4);
	for (i = 0; i < n; i++) {
		tr = S_el(table, "tr", NULL);
		S_name_cell(tr, orgs[i].organisation);
		S_num_cell(tr, orgs[i].added);
		S_num_cell(tr, orgs[i].fixed);
		S_num_cell(tr, orgs[i].unchanged);
	}
	free(orgs);
	S_compare_items(body, a, c, 0);
	S_compare_items(body, a, c, 1);
}

int ml_audit_write_html(ml_audit *a, FILE *out)
{
	static const char title[] = "Audit of dissemination markings and "
	                            "foreign-participation restrictions";
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr body;
	const ml_audit_group *const *g;
	const ml_audit_group **rules, **orgs; /* sorted copies, freed below */
	ml_audit_totals t;
	xmlChar *mem = NULL;
	int size = 0, r = 0;
	size_t n;
	char foot[128];

	ml_audit_totals_get(a, &t);
	xmlCreateIntSubset(doc, S_X("html"), NULL, NULL);
	body = S_head(doc, title);
	S_el(body, "h1", title);
	S_lead(body, &t);
	S_el(body, "h2", "The picture");
	n = ml_audit_groups(a, ML_AUDIT_BY_RULE, &g);
	rules = S_sorted(g, n, S_rule_cmp);
	S_chart_counts(body, "Findings by rule (errors first, then warnings, "
	               "then infos)", rules, n, 1, "rule");
	n = ml_audit_groups(a, ML_AUDIT_BY_ORGANISATION, &g);
	orgs = S_sorted(g, n, S_findings_cmp);
	S_chart_counts(body, "Findings by organisation (most first)", orgs, n,
	               0, "org");
	n = ml_audit_groups(a, ML_AUDIT_BY_FOLDER, &g);
	S_chart_share(body, g, n);
	S_chart_worst(body, a);
	S_el(body, "h2", "Totals");
	S_totals(body, &t);
	if (ml_audit_get_compare(a))
		S_compare(body, a, ml_audit_get_compare(a));
	S_el(body, "h2", "By rule");
	n = ml_audit_groups(a, ML_AUDIT_BY_RULE, &g);
	S_rules_table(body, rules, n);
	S_el(body, "h2", "By organisation (docProps company, else creator; "
	     "most findings first)");
	n = ml_audit_groups(a, ML_AUDIT_BY_ORGANISATION, &g);
	S_group_table(body, a, "organisation", "org", orgs, n);
	S_el(body, "h2", "By folder");
	n = ml_audit_groups(a, ML_AUDIT_BY_FOLDER, &g);
	S_group_table(body, a, "folder", "folder", g, n);
	free(rules);
	free(orgs);
	S_lists(body, a);
	S_skipped(body, a);
	snprintf(foot, sizeof foot, "Made by marklint %s. Every marking, "
	         "with its basis and disposition, is a row of audit.csv.",
	         ml_version());
	S_el(body, "p", foot);
	htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
	if (!mem || fwrite(mem, 1, (size_t)size, out) != (size_t)size ||
	    ferror(out))
		r = -1;
	xmlFree(mem);
	xmlFreeDoc(doc);
	return r;
}

/* --- a page per document (ml_audit_docs.c spools them) --- */

/* The page, dumped into b. */
static void S_dump(xmlDocPtr doc, ml_buf *b)
{
	xmlChar *mem = NULL;
	int size = 0;

	htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
	if (mem)
		ml_buf_put(b, mem, (size_t)size);
	xmlFree(mem);
}

/* "word/document.xml, paragraph 6 (line 12, 3.2)" */
static void S_where(char *b, size_t n, const char *part, uint32_t para,
                    uint32_t line, const char *section)
{
	int k = snprintf(b, n, "%s, paragraph %lu", part,
	                 (unsigned long)para);

	if (k > 0 && (size_t)k < n && line)
		k += snprintf(b + k, n - (size_t)k, ", line %lu",
		              (unsigned long)line);
	if (k > 0 && (size_t)k < n && section && *section)
		snprintf(b + k, n - (size_t)k, " (%s)", section);
}

static void S_page_marks(xmlNodePtr body, const ml_audit_doc *d)
{
	const char *heads[] = {"", "where", "marking", "kind", "basis",
	                       "rules", "disposition", "suggestion"};
	xmlNodePtr table, tr;
	size_t i;
	char where[1024];
	ml_buf basis;

	table = S_section(body, "Markings", heads,
	                  sizeof heads / sizeof heads[0], d->nmarks);
	if (!table)
		return;
	for (i = 0; i < d->nmarks; i++) {
		const ml_audit_mark *m = &d->marks[i];
		tr = S_el(table, "tr", NULL);
		S_attr(tr, "id", m->id);
		S_el(tr, "td", m->id);
		S_where(where, sizeof where, m->part, m->paragraph, m->line,
		        m->section);
		S_name_cell(tr, where);
		S_el(tr, "td", m->text);
		S_el(tr, "td", m->kind);
		ml_buf_init(&basis, 1 << 20);
		ml_buf_puts(&basis, m->status);
		if (*m->citation)
			ml_buf_printf(&basis, ": %s", m->citation);
		if (*m->where)
			ml_buf_printf(&basis, " (%s)", m->where);
		S_el(tr, "td", basis.ptr);
		ml_buf_free(&basis);
		S_el(tr, "td", m->rules);
		S_el(tr, "td", m->disposition);
		S_el(tr, "td", m->suggestion);
	}
}

static void S_page_findings(xmlNodePtr body, const ml_audit_doc *d)
{
	const char *heads[] = {"rule", "severity", "where", "message",
	                       "disposition", "suggestion", "set aside"};
	xmlNodePtr table, tr;
	size_t i;
	char where[1024];
	ml_buf aside;

	table = S_section(body, "Findings", heads,
	                  sizeof heads / sizeof heads[0], d->nfindings);
	if (!table)
		return;
	for (i = 0; i < d->nfindings; i++) {
		const ml_audit_finding *f = &d->findings[i];
		tr = S_el(table, "tr", NULL);
		S_el(tr, "td", f->rule);
		S_el(tr, "td", ml_severity_name(f->severity));
		S_where(where, sizeof where, f->part, f->paragraph, 0,
		        f->section);
		S_name_cell(tr, where);
		S_el(tr, "td", f->message);
		S_el(tr, "td", f->disposition);
		S_el(tr, "td", f->suggestion);
		ml_buf_init(&aside, 1 << 20);
		if (f->suppressed)
			ml_buf_printf(&aside, "%s: %s", f->suppressed ==
			              ML_SUPPRESS_BASELINE ? "baselined" :
			              "suppressed", f->justification);
		S_el(tr, "td", aside.ptr);
		ml_buf_free(&aside);
	}
}

void ml_audit__page(ml_buf *b, const ml_audit_doc *d)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr body, p;
	ml_buf lead;
	size_t i, counted = 0, uncited = 0;

	xmlCreateIntSubset(doc, S_X("html"), NULL, NULL);
	body = S_head(doc, d->path);
	p = S_el(body, "p", NULL);
	S_attr(S_el(p, "a", "The audit"), "href", "../audit.html");
	xmlNodeAddContent(p, S_X(" \xc2\xb7 "));
	S_attr(S_el(p, "a", "All documents"), "href", "index.html");
	S_el(body, "h1", d->path);
	ml_buf_init(&lead, 1 << 20);
	if (!d->ok) {
		ml_buf_printf(&lead, "Could not be read: %s [%s].",
		              d->err_message, d->err_code);
	} else {
		for (i = 0; i < d->nfindings; i++)
			counted += !d->findings[i].suppressed;
		for (i = 0; i < d->nmarks; i++)
			uncited += strcmp(d->marks[i].status, "cited") != 0;
		ml_buf_printf(&lead, "%s%s%s%s%s; %s, %lu portions. %lu "
		              "markings, %lu without a cited basis; %lu "
		              "findings.", d->title ? "\xe2\x80\x9c" : "",
		              d->title ? d->title : "",
		              d->title ? "\xe2\x80\x9d, " : "",
		              "organisation: ", d->organisation ?
		              d->organisation : "(not stated)", d->format,
		              (unsigned long)d->portions,
		              (unsigned long)d->nmarks,
		              (unsigned long)uncited, (unsigned long)counted);
	}
	S_el(body, "p", lead.ptr);
	ml_buf_free(&lead);
	if (d->ok) {
		S_page_marks(body, d);
		S_page_findings(body, d);
	}
	S_dump(doc, b);
	xmlFreeDoc(doc);
}

int ml_audit__pages_index(const ml_audit_page_row *rows, size_t n,
                          FILE *out)
{
	const char *heads[] = {"document", "organisation", "markings",
	                       "without a cited basis", "findings"};
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr body, table, tr, p;
	ml_buf b;
	size_t i;
	int r = 0;

	xmlCreateIntSubset(doc, S_X("html"), NULL, NULL);
	body = S_head(doc, "Documents of the audit");
	p = S_el(body, "p", NULL);
	S_attr(S_el(p, "a", "The audit"), "href", "../audit.html");
	S_el(body, "h1", "Documents of the audit");
	S_el(body, "p", "Every document with a marking or a finding, or that "
	     "could not be read, by path; each leads to its page.");
	table = S_table(body, heads, sizeof heads / sizeof heads[0]);
	for (i = 0; i < n; i++) {
		tr = S_el(table, "tr", NULL);
		S_link_cell(tr, rows[i].path, rows[i].page);
		S_el(tr, "td", rows[i].organisation);
		if (!rows[i].ok) {
			S_attr(S_el(tr, "td", "could not be read"), "colspan",
			       "3");
			continue;
		}
		S_num_cell(tr, rows[i].markings);
		S_num_cell(tr, rows[i].uncited);
		S_num_cell(tr, rows[i].findings);
	}
	ml_buf_init(&b, SIZE_MAX / 2);
	S_dump(doc, &b);
	if (fwrite(b.ptr, 1, b.size, out) != b.size || ferror(out))
		r = -1;
	ml_buf_free(&b);
	xmlFreeDoc(doc);
	return r;
}
