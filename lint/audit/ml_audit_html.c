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

static const char S_css[] =
    "body{font-family:sans-serif;margin:2em auto;max-width:60em;"
    "color:#222}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;"
    "vertical-align:top}td.n{text-align:right}"
    "th{background:#eee}figure{margin:1em 0}"
    "figcaption{font-weight:bold;margin-bottom:.3em}"
    "svg text{font-family:sans-serif;font-size:12px}"
    ".bar{fill:#3465a4}.bad{fill:#c4161c}";

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

/* A label cut to at most max bytes on a UTF-8 boundary, with "..." when
 * cut. Caller frees. */
static char *S_cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *r;

	if (n <= max)
		return ml_xstrdup(s);
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	r = ml_xmalloc(max + 4);
	memcpy(r, s, max);
	memcpy(r + max, "...", 4);
	return r;
}

/* One bar of a chart. */
typedef struct S_bar {
	const char *label;
	double value;       /* what the bar's length shows */
	const char *shown;  /* the value as written beside the bar */
	int bad;            /* drawn in red */
} S_bar;

#define S_CHART_ROWS 25
#define S_ROW_H 20
#define S_LABEL_W 260
#define S_BAR_W 320

/* A horizontal bar chart: a figure with a caption and an inline SVG. */
static void S_chart(xmlNodePtr parent, const char *caption,
                    const S_bar *bars, size_t n, size_t total)
{
	xmlNodePtr fig = S_el(parent, "figure", NULL), svg, g, t;
	double max = 0;
	size_t i;
	char b[96];

	S_el(fig, "figcaption", caption);
	if (n == 0) {
		S_el(fig, "p", "Nothing to show.");
		return;
	}
	for (i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	svg = S_el(fig, "svg", NULL);
	S_attr(svg, "xmlns", "http://www.w3.org/2000/svg");
	S_attr(svg, "role", "img");
	S_attrf(svg, "width", S_LABEL_W + S_BAR_W + 80);
	S_attrf(svg, "height", (double)(n * S_ROW_H + 4));
	S_el(svg, "title", caption);
	for (i = 0; i < n; i++) {
		double y = (double)(i * S_ROW_H);
		double w = max > 0 ? S_BAR_W * bars[i].value / max : 0;
		char *label = S_cut(bars[i].label, 40); /* freed below */
		g = S_el(svg, "g", NULL);
		S_el(g, "title", bars[i].label);
		t = S_el(g, "text", label);
		S_attrf(t, "x", S_LABEL_W - 6);
		S_attrf(t, "y", y + 14);
		S_attr(t, "text-anchor", "end");
		t = S_el(g, "rect", NULL);
		S_attrf(t, "x", S_LABEL_W);
		S_attrf(t, "y", y + 3);
		S_attrf(t, "width", w < 1 && bars[i].value > 0 ? 1 : w);
		S_attrf(t, "height", S_ROW_H - 6);
		S_attr(t, "class", bars[i].bad ? "bad" : "bar");
		t = S_el(g, "text", bars[i].shown);
		S_attrf(t, "x", S_LABEL_W + w + 6);
		S_attrf(t, "y", y + 14);
		free(label);
	}
	if (total > n) {
		snprintf(b, sizeof b, "The first %lu of %lu; every row is in "
		         "the table below.", (unsigned long)n,
		         (unsigned long)total);
		S_el(fig, "p", b);
	}
}

static void S_chart_counts(xmlNodePtr parent, const char *caption,
                           const ml_audit_group *const *g, size_t n,
                           int by_rule)
{
	S_bar bars[S_CHART_ROWS] = {{0}};
	char shown[S_CHART_ROWS][24];
	size_t i, m = n < S_CHART_ROWS ? n : S_CHART_ROWS;

	for (i = 0; i < m; i++) {
		snprintf(shown[i], sizeof shown[i], "%lu",
		         (unsigned long)g[i]->findings);
		bars[i].label = g[i]->name;
		bars[i].value = (double)g[i]->findings;
		bars[i].shown = shown[i];
		bars[i].bad = by_rule && g[i]->severity == ML_SEV_ERROR;
	}
	S_chart(parent, caption, bars, m, n);
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

/* Share of markings without a cited basis, per folder that has any. */
static void S_chart_share(xmlNodePtr parent,
                          const ml_audit_group *const *g, size_t n)
{
	const ml_audit_group **v = ml_xmalloc((n ? n : 1) * sizeof *v);
	S_bar bars[S_CHART_ROWS] = {{0}};
	char shown[S_CHART_ROWS][48];
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (g[i]->markings)
			v[m++] = g[i];
	qsort(v, m, sizeof *v, S_share_cmp);
	n = m;
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
		bars[i].bad = 1;
	}
	S_chart(parent, "Share of markings without a cited basis, per folder "
	        "(highest first)", bars, m, n);
	free(v);
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

static void S_group_table(xmlNodePtr parent, const char *what,
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

	for (i = 0; i < n; i++) {
		xmlNodePtr tr = S_el(table, "tr", NULL);
		S_el(tr, "td", g[i]->name);
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
		tr = S_el(table, "tr", NULL);
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
		tr = S_el(table, "tr", NULL);
		S_el(tr, "td", top[i].path);
		S_num_cell(tr, top[i].noforn_missing);
		S_num_cell(tr, top[i].noforn);
	}
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
	S_el(body, "h2", "Unreadable documents");
	n = ml_audit_unreadable(a, &bad);
	if (!n)
		S_el(body, "p", "None.");
	else
		table = S_table(body, h_bad, 3);
	for (i = 0; i < n; i++) {
		tr = S_el(table, "tr", NULL);
		S_el(tr, "td", bad[i].path);
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

	S_el(body, "h2", "Files not checked");
	if (!n) {
		S_el(body, "p", "None.");
		return;
	}
	table = S_table(body, heads, 3);
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

int ml_audit_write_html(ml_audit *a, FILE *out)
{
	static const char title[] = "Audit of dissemination markings and "
	                            "foreign-participation restrictions";
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr body;
	const ml_audit_group *const *g;
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
	S_chart_counts(body, "Findings by rule", g, n, 1);
	n = ml_audit_groups(a, ML_AUDIT_BY_ORGANISATION, &g);
	S_chart_counts(body, "Findings by organisation", g, n, 0);
	n = ml_audit_groups(a, ML_AUDIT_BY_FOLDER, &g);
	S_chart_share(body, g, n);
	S_el(body, "h2", "Totals");
	S_totals(body, &t);
	S_el(body, "h2", "By rule");
	n = ml_audit_groups(a, ML_AUDIT_BY_RULE, &g);
	S_rules_table(body, g, n);
	S_el(body, "h2", "By organisation (docProps company, else creator)");
	n = ml_audit_groups(a, ML_AUDIT_BY_ORGANISATION, &g);
	S_group_table(body, "organisation", g, n);
	S_el(body, "h2", "By folder");
	n = ml_audit_groups(a, ML_AUDIT_BY_FOLDER, &g);
	S_group_table(body, "folder", g, n);
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
