/* ml_audit.c - the audit model: per-document summaries, their roll-ups
 * (folder, organisation, rule, citation, worst documents, unreadable),
 * the CSV spool and the JSON and CSV outputs (ml_audit.h). */
#include "ml_audit.h"
#include "ml_memo.h"
#include "ml_buf.h"
#include "ml_hash.h"
#include "ml_json.h"
#include "ml_suppress.h"
#include "ml_writers.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* --- summaries --- */

/* A copy of s, "" for NULL (caller frees). */
static char *S_dup(const char *s)
{
	return ml_xstrdup(s ? s : "");
}

const char *ml_audit_organisation(const ml_doc *doc)
{
	const char *o = ml_doc_meta(doc, ML_META_COMPANY);

	if (!o || !*o)
		o = ml_doc_meta(doc, ML_META_CREATOR);
	return o && *o ? o : NULL;
}

static void S_mark_from_found(ml_audit_mark *am, const ml_doc *doc,
                              const ml_found *m)
{
	const ml_portion *p = ml_doc_portion(doc, m->portion);

	am->id = S_dup(m->id);
	am->kind = S_dup(ml_mark_kind_name(m->kind));
	am->form = S_dup(ml_mark_form_name(m->form));
	am->text = S_dup(m->text);
	{
		size_t n;
		const char *c = ml_context(p, m->off, m->len, &n);
		am->context = ml_xstrndup(c, n);
	}
	am->part = S_dup(p->part);
	am->paragraph = p->paragraph;
	am->line = p->line;
	am->section = S_dup(p->section);
	am->status = S_dup(ml_just_status_name(m->status));
	am->where = S_dup(m->where != ML_WHERE_NONE ?
	                  ml_where_name(m->where) : NULL);
	am->citation = S_dup(m->citation);
	am->blanket = S_dup(m->blanket ? m->blanket_text : NULL);
}

void ml_audit__mark_finding(ml_audit_mark *am, const char *rule,
                            ml_severity sev, int *best,
                            const char *disposition, const char *suggestion)
{
	const char *severity = ml_severity_name(sev);
	int rank = (int)sev;
	size_t l = strlen(am->rules);

	am->rules = ml_xrealloc(am->rules, l + strlen(rule) + 2);
	if (l)
		am->rules[l++] = ' ';
	memcpy(am->rules + l, rule, strlen(rule) + 1);
	/* the most severe finding gives the disposition and suggestion */
	if (rank > *best) {
		*best = rank;
		free(am->severity);
		am->severity = S_dup(severity);
		if (disposition && *disposition) {
			free(am->disposition);
			am->disposition = S_dup(disposition);
		}
		if (suggestion && *suggestion) {
			free(am->suggestion);
			am->suggestion = S_dup(suggestion);
		}
	}
	if (!*am->disposition && disposition && *disposition) {
		free(am->disposition);
		am->disposition = S_dup(disposition);
	}
	if (!*am->suggestion && suggestion && *suggestion) {
		free(am->suggestion);
		am->suggestion = S_dup(suggestion);
	}
}

void ml_audit__mark_init_tail(ml_audit_mark *am)
{
	am->rules = S_dup(NULL);
	am->severity = S_dup(NULL);
	am->disposition = S_dup(NULL);
	am->suggestion = S_dup(NULL);
}

/* The banner of ml_report_rollup in banner form (caller frees), or NULL
 * when no portion mark parses. */
static char *S_rollup(const ml_report *r, int after, size_t *unparsed)
{
	ml_marking m;
	ml_buf b;

	if (ml_report_rollup(r, after, &m, unparsed) != 0)
		return NULL;
	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	ml_marking_format(&m, ML_MARKING_BANNER, &b);
	return ml_buf_detach(&b, NULL);
}

/* The JSON "context" of a finding: around its marking, else the start of
 * its portion (caller frees). */
static char *S_context(const ml_portion *p, const ml_found *m)
{
	size_t n;
	const char *c = ml_context(p, m ? m->off : 0, m ? m->len : 0, &n);

	return ml_xstrndup(c, n);
}

static void S_from_report(ml_audit_doc *d, const char *path,
                          const ml_report *r, ml_severity min)
{
	const ml_doc *doc = ml_report_doc(r);
	const ml_found *m;
	const ml_finding *f;
	size_t i, nm = ml_report_markings(r, &m), nf = ml_report_findings(r, &f);
	int *best;

	memset(d, 0, sizeof *d);
	d->path = S_dup(path);
	d->format = S_dup(ml_format_name(ml_doc_format(doc)));
	if (ml_audit_organisation(doc))
		d->organisation = S_dup(ml_audit_organisation(doc));
	if (ml_doc_meta(doc, ML_META_TITLE))
		d->title = S_dup(ml_doc_meta(doc, ML_META_TITLE));
	d->ok = 1;
	d->portions = ml_doc_portion_count(doc);
	d->rollup = S_rollup(r, 0, NULL);
	d->rollup_after = S_rollup(r, 1, &d->unparsed);
	d->marks = ml_xcalloc(nm ? nm : 1, sizeof *d->marks);
	best = ml_xcalloc(nm ? nm : 1, sizeof *best); /* freed below */
	for (i = 0; i < nm; i++) {
		S_mark_from_found(&d->marks[i], doc, &m[i]);
		ml_audit__mark_init_tail(&d->marks[i]);
		best[i] = -1;
	}
	d->nmarks = nm;
	d->findings = ml_xcalloc(nf ? nf : 1, sizeof *d->findings);
	for (i = 0; i < nf; i++) {
		const char *rule = f[i].rule ? f[i].rule->id : "";
		const ml_portion *p = ml_doc_portion(doc, f[i].portion);
		ml_audit_finding *af = &d->findings[d->nfindings];
		if (!ml_finding_reported(&f[i], min))
			continue;
		af->rule = S_dup(rule);
		af->severity = f[i].severity;
		af->message = S_dup(f[i].message);
		af->disposition = S_dup(f[i].disposition);
		af->suggestion = S_dup(f[i].suggestion);
		af->authority = S_dup(f[i].rule ? f[i].rule->authority : NULL);
		af->lane = S_dup(f[i].lane);
		af->part = S_dup(p->part);
		af->paragraph = p->paragraph;
		af->section = S_dup(p->section);
		af->marking = f[i].marking >= 0 && (size_t)f[i].marking < nm ?
		              f[i].marking : -1;
		af->context = S_context(p, af->marking >= 0 ? &m[af->marking]
		                                            : NULL);
		af->summary = S_dup(f[i].rule ? f[i].rule->summary : NULL);
		af->lane_desc = ml_memo_lane_desc(ml_report_rules(r),
		                                  f[i].lane);
		if (!af->lane_desc)
			af->lane_desc = S_dup(NULL);
		af->suppressed = f[i].suppressed;
		af->justification = S_dup(f[i].justification);
		ml_fingerprint(r, &f[i], af->fingerprint);
		d->nfindings++;
		if (af->marking >= 0 && !af->suppressed)
			ml_audit__mark_finding(&d->marks[f[i].marking], rule,
			                       f[i].severity, &best[f[i].marking],
			                       f[i].disposition, f[i].suggestion);
	}
	free(best);
}

void ml_audit_doc_from_result(ml_audit_doc *d, const ml_result *r)
{
	if (ml_result_report(r))
		S_from_report(d, ml_result_path(r), ml_result_report(r),
		              ml_result_opts(r)->min_severity);
	else
		ml_audit_doc_unreadable(d, ml_result_path(r),
		                        ml_result_error(r));
}

void ml_audit_doc_unreadable(ml_audit_doc *d, const char *path,
                             const ml_error *err)
{
	memset(d, 0, sizeof *d);
	d->path = S_dup(path);
	d->format = S_dup(NULL);
	d->err_code = S_dup(err->code);
	d->err_message = S_dup(err->message);
}

void ml_audit_doc_clear(ml_audit_doc *d)
{
	size_t i;

	for (i = 0; i < d->nmarks; i++) {
		ml_audit_mark *m = &d->marks[i];
		char **s[] = {&m->id, &m->kind, &m->form, &m->text,
		              &m->context, &m->part, &m->section,
		              &m->status, &m->where, &m->citation, &m->blanket,
		              &m->rules, &m->severity, &m->disposition,
		              &m->suggestion};
		size_t k;
		for (k = 0; k < sizeof s / sizeof s[0]; k++)
			free(*s[k]);
	}
	free(d->marks);
	for (i = 0; i < d->nfindings; i++) {
		ml_audit_finding *f = &d->findings[i];
		free(f->rule);
		free(f->message);
		free(f->disposition);
		free(f->suggestion);
		free(f->authority);
		free(f->lane);
		free(f->part);
		free(f->section);
		free(f->justification);
		free(f->context);
		free(f->summary);
		free(f->lane_desc);
	}
	free(d->findings);
	free(d->rollup);
	free(d->rollup_after);
	free(d->path);
	free(d->format);
	free(d->organisation);
	free(d->title);
	free(d->err_code);
	free(d->err_message);
	memset(d, 0, sizeof *d);
}

/* --- tables of groups, keyed by name --- */

typedef struct S_table {
	ml_audit_group **v;  /* owned, with their names */
	size_t n, alloc;
	size_t *slots;       /* open addressing: index + 1, 0 empty */
	size_t nslots;
	const ml_audit_group **sorted; /* view, rebuilt on demand */
	int dirty;
} S_table;

static void S_table_rehash(S_table *t)
{
	size_t i, ns = t->nslots ? t->nslots * 2 : 64;

	free(t->slots);
	t->slots = ml_xcalloc(ns, sizeof *t->slots);
	t->nslots = ns;
	for (i = 0; i < t->n; i++) {
		size_t h = (size_t)ml_fnv1a_str(t->v[i]->name) & (ns - 1);
		while (t->slots[h])
			h = (h + 1) & (ns - 1);
		t->slots[h] = i + 1;
	}
}

/* The group named name, made when new. */
static ml_audit_group *S_group(S_table *t, const char *name)
{
	size_t h;
	ml_audit_group *g;

	if ((t->n + 1) * 2 > t->nslots)
		S_table_rehash(t);
	h = (size_t)ml_fnv1a_str(name) & (t->nslots - 1);
	while (t->slots[h]) {
		g = t->v[t->slots[h] - 1];
		if (strcmp(g->name, name) == 0)
			return g;
		h = (h + 1) & (t->nslots - 1);
	}
	ML_VEC_GROW(t->v, t->alloc, t->n + 1, 16);
	g = ml_xcalloc(1, sizeof *g);
	g->name = ml_xstrdup(name);
	t->v[t->n++] = g;
	t->slots[h] = t->n;
	t->dirty = 1;
	return g;
}

static void S_table_free(S_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free((char *)t->v[i]->name);
		free(t->v[i]);
	}
	free(t->v);
	free(t->slots);
	free(t->sorted);
}

static int S_by_name(const void *a, const void *b)
{
	const ml_audit_group *x = *(const ml_audit_group *const *)a;
	const ml_audit_group *y = *(const ml_audit_group *const *)b;

	return strcmp(x->name, y->name);
}

static int S_by_count(const void *a, const void *b)
{
	const ml_audit_group *x = *(const ml_audit_group *const *)a;
	const ml_audit_group *y = *(const ml_audit_group *const *)b;

	if (x->findings != y->findings)
		return x->findings > y->findings ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* --- the audit --- */

/* Where one document's CSV rows are in the spool. */
typedef struct S_rows {
	char *path;
	size_t seq;
	long off;
	size_t len;
} S_rows;

struct ml_audit {
	ml_audit_totals t;
	S_table tables[ML_AUDIT__TABLES];
	ml_audit_top top[ML_AUDIT_TOP];
	size_t ntop;
	ml_audit_bad *bad;
	size_t nbad, abad;
	FILE *spool;         /* CSV rows, per document, in add order */
	S_rows *rows;
	size_t nrows, arows, seq;
	ml_buf line;         /* one document's rows, reused */
	ml_memo *memo;       /* the memo of the whole set (owned) */
	ml_skipped *skipped; /* owned, with each string */
	size_t nskipped, askipped;
	ml_audit_docs *docs; /* owned: pages and worklists */
	ml_audit_compare *compare; /* borrowed, or NULL */
	ml_memo_layout *kept_memo; /* ml_audit_keep_memo's, or NULL */
};

ml_audit *ml_audit_new(const ml_memo_opts *mo)
{
	ml_audit *a = ml_xcalloc(1, sizeof *a);

	a->spool = tmpfile();
	a->docs = ml_audit__docs_new();
	if (!a->spool || !a->docs) {
		if (a->spool)
			fclose(a->spool);
		ml_audit__docs_free(a->docs);
		free(a);
		return NULL;
	}
	ml_buf_init(&a->line, SIZE_MAX / 2);
	a->memo = ml_memo_new(mo);
	return a;
}

ml_memo *ml_audit_memo(ml_audit *a)
{
	return a->memo;
}

void ml_audit_keep_memo(ml_audit *a, const ml_rules *rs,
                        const ml_memo_opts *memo)
{
	ml_memo_opts none;

	if (a->kept_memo)
		return;
	if (!memo) {
		ml_memo_opts_default(&none);
		memo = &none;
	}
	a->kept_memo = ml_audit__memo_layout(a, a->memo, rs, memo);
}

const ml_memo_layout *ml_audit__kept_memo(const ml_audit *a)
{
	return a->kept_memo;
}

static void S_skipped_free(ml_audit *a)
{
	size_t i;

	for (i = 0; i < a->nskipped; i++) {
		free((char *)a->skipped[i].path);
		free((char *)a->skipped[i].code);
		free((char *)a->skipped[i].reason);
	}
	free(a->skipped);
}

void ml_audit_free(ml_audit *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < ML_AUDIT__TABLES; i++)
		S_table_free(&a->tables[i]);
	for (i = 0; i < a->ntop; i++)
		free(a->top[i].path);
	for (i = 0; i < a->nbad; i++) {
		free(a->bad[i].path);
		free(a->bad[i].code);
		free(a->bad[i].message);
	}
	free(a->bad);
	for (i = 0; i < a->nrows; i++)
		free(a->rows[i].path);
	free(a->rows);
	if (a->spool)
		fclose(a->spool);
	ml_memo_free(a->memo);
	if (a->kept_memo)
		ml_memo_layout_free(a->kept_memo);
	free(a->kept_memo);
	ml_buf_free(&a->line);
	S_skipped_free(a);
	ml_audit__docs_free(a->docs);
	free(a);
}

void ml_audit_add_skipped(ml_audit *a, const ml_skipped *sk)
{
	ml_skipped *c;

	ML_VEC_GROW(a->skipped, a->askipped, a->nskipped + 1, 16);
	c = &a->skipped[a->nskipped++];
	c->path = ml_xstrdup(sk->path);
	c->code = ml_xstrdup(sk->code);
	c->reason = ml_xstrdup(sk->reason);
	a->t.skipped = a->nskipped;
}

static int S_skipped_cmp(const void *x, const void *y)
{
	const ml_skipped *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	return c ? c : strcmp(a->code, b->code);
}

size_t ml_audit_skipped(ml_audit *a, const ml_skipped **out)
{
	/* sorted: shards may come in any order */
	if (a->nskipped > 1)
		qsort(a->skipped, a->nskipped, sizeof *a->skipped,
		      S_skipped_cmp);
	*out = a->skipped;
	return a->nskipped;
}

void ml_audit_totals_get(const ml_audit *a, ml_audit_totals *t)
{
	*t = a->t;
}

/* The folder of a path: everything before the last '/', "." if none. */
static char *S_folder(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ml_xstrdup(".");
	if (slash == path)
		return ml_xstrdup("/");
	return ml_xstrndup(path, (size_t)(slash - path));
}

/* What one document adds to the rows of its folder and organisation. */
typedef struct S_counts {
	size_t markings, uncited, noforn, noforn_missing, foreign, blanket;
	size_t findings;  /* counted: not suppressed, not baselined */
} S_counts;

static void S_count(const ml_audit_doc *d, S_counts *c)
{
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < d->nfindings; i++)
		c->findings += !d->findings[i].suppressed;
	for (i = 0; i < d->nmarks; i++) {
		const ml_audit_mark *m = &d->marks[i];
		int cited = strcmp(m->status, "cited") == 0;
		c->markings++;
		if (!cited)
			c->uncited++;
		if (strcmp(m->kind, "noforn") == 0) {
			c->noforn++;
			if (strcmp(m->status, "missing") == 0)
				c->noforn_missing++;
		} else {
			c->foreign++;
		}
		if (*m->blanket)
			c->blanket++;
	}
}

static void S_group_add(ml_audit_group *g, const ml_audit_doc *d,
                        const S_counts *c)
{
	g->documents++;
	if (!d->ok)
		g->unreadable++;
	g->markings += c->markings;
	g->uncited += c->uncited;
	g->noforn += c->noforn;
	g->noforn_missing += c->noforn_missing;
	g->foreign += c->foreign;
	g->blanket += c->blanket;
	g->findings += c->findings;
}

static int S_rule_cmp(const void *a, const void *b)
{
	const ml_audit_finding *x = *(const ml_audit_finding *const *)a;
	const ml_audit_finding *y = *(const ml_audit_finding *const *)b;

	return strcmp(x->rule, y->rule);
}

/* Findings per rule, and the documents where each rule fired. */
static void S_add_rules(ml_audit *a, const ml_audit_doc *d)
{
	const ml_audit_finding **v;
	size_t i, n = 0;

	if (!d->nfindings)
		return;
	v = ml_xmalloc(d->nfindings * sizeof *v); /* freed below */
	for (i = 0; i < d->nfindings; i++)
		if (!d->findings[i].suppressed)
			v[n++] = &d->findings[i];
	qsort(v, n, sizeof *v, S_rule_cmp);
	for (i = 0; i < n; i++) {
		ml_audit_group *g = S_group(&a->tables[ML_AUDIT_BY_RULE],
		                            v[i]->rule);
		g->findings++;
		if (v[i]->severity > g->severity)
			g->severity = v[i]->severity;
		if (i == 0 || strcmp(v[i]->rule, v[i - 1]->rule) != 0)
			g->documents++;
	}
	free(v);
}

/* How much NOFORN and how many restrictions sit inside lanes of
 * cooperation (issue 7): per lane, its findings, the markings they are
 * about by kind, and the documents. */
static void S_add_lanes(ml_audit *a, const ml_audit_doc *d)
{
	size_t i, k;

	for (i = 0; i < d->nfindings; i++) {
		const ml_audit_finding *f = &d->findings[i];
		ml_audit_group *g;
		int seen = 0;
		if (!f->lane || !*f->lane || f->suppressed)
			continue;
		g = S_group(&a->tables[ML_AUDIT_BY_LANE], f->lane);
		g->findings++;
		if (f->marking >= 0 &&
		    strcmp(d->marks[f->marking].kind, "noforn") == 0)
			g->noforn++;
		else if (f->marking >= 0)
			g->foreign++;
		for (k = 0; k < i && !seen; k++)
			seen = !d->findings[k].suppressed &&
			       d->findings[k].lane &&
			       strcmp(d->findings[k].lane, f->lane) == 0;
		if (!seen)
			g->documents++;
	}
}

static int S_top_before(const ml_audit_top *x, size_t missing,
                        const char *path)
{
	if (x->noforn_missing != missing)
		return x->noforn_missing > missing;
	return strcmp(x->path, path) < 0;
}

/* Keeps the ML_AUDIT_TOP documents with the most NOFORN without a basis. */
static void S_add_top(ml_audit *a, const ml_audit_doc *d, const S_counts *c)
{
	size_t i, at;

	if (!c->noforn_missing)
		return;
	for (at = 0; at < a->ntop &&
	             S_top_before(&a->top[at], c->noforn_missing, d->path);
	     at++)
		;
	if (at >= ML_AUDIT_TOP)
		return;
	if (a->ntop == ML_AUDIT_TOP)
		free(a->top[--a->ntop].path);
	for (i = a->ntop; i > at; i--)
		a->top[i] = a->top[i - 1];
	a->top[at].path = ml_xstrdup(d->path);
	a->top[at].noforn_missing = c->noforn_missing;
	a->top[at].noforn = c->noforn;
	a->ntop++;
}

static void S_add_bad(ml_audit *a, const ml_audit_doc *d)
{
	ML_VEC_GROW(a->bad, a->abad, a->nbad + 1, 16);
	a->bad[a->nbad].path = ml_xstrdup(d->path);
	a->bad[a->nbad].code = S_dup(d->err_code);
	a->bad[a->nbad].message = S_dup(d->err_message);
	a->nbad++;
}

/* One CSV field (RFC 4180), neutralised against spreadsheet formulas. */
void ml_audit__csv_field(ml_buf *b, const char *s, int last)
{
	const char *p;
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		ml_buf_putc(b, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t')
		ml_buf_putc(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			ml_buf_putc(b, '"');
		ml_buf_putc(b, *p);
	}
	if (quote)
		ml_buf_putc(b, '"');
	ml_buf_puts(b, last ? "\r\n" : ",");
}

static const char *const S_csv_columns[] = {
	"path", "folder", "organisation", "marking", "kind", "form", "text",
	"part", "paragraph", "line", "status", "where", "citation", "blanket",
	"rules", "severity", "disposition", "suggestion",
};
#define S_NCOLUMNS (sizeof S_csv_columns / sizeof S_csv_columns[0])

static void S_csv_row(ml_buf *b, const ml_audit_doc *d, const char *folder,
                      const ml_audit_mark *m)
{
	char para[16], line[16];
	const char *v[S_NCOLUMNS];
	size_t i;

	snprintf(para, sizeof para, "%lu", (unsigned long)m->paragraph);
	snprintf(line, sizeof line, "%lu", (unsigned long)m->line);
	v[0] = d->path; v[1] = folder;
	v[2] = d->organisation ? d->organisation : "";
	v[3] = m->id; v[4] = m->kind; v[5] = m->form; v[6] = m->text;
	v[7] = m->part; v[8] = para; v[9] = m->line ? line : "";
	v[10] = m->status; v[11] = m->where; v[12] = m->citation;
	v[13] = m->blanket; v[14] = m->rules; v[15] = m->severity;
	v[16] = m->disposition; v[17] = m->suggestion;
	for (i = 0; i < S_NCOLUMNS; i++)
		ml_audit__csv_field(b, v[i], i + 1 == S_NCOLUMNS);
}

/* Spools the document's CSV rows and remembers where they are. */
static int S_add_rows(ml_audit *a, const ml_audit_doc *d,
                      const char *folder)
{
	size_t i;
	long off;

	if (!d->nmarks)
		return 0;
	ml_buf_clear(&a->line);
	for (i = 0; i < d->nmarks; i++)
		S_csv_row(&a->line, d, folder, &d->marks[i]);
	if (fseek(a->spool, 0, SEEK_END) != 0 ||
	    (off = ftell(a->spool)) < 0 ||
	    fwrite(a->line.ptr, 1, a->line.size, a->spool) != a->line.size)
		return -1;
	ML_VEC_GROW(a->rows, a->arows, a->nrows + 1, 64);
	a->rows[a->nrows].path = ml_xstrdup(d->path);
	a->rows[a->nrows].seq = a->seq;
	a->rows[a->nrows].off = off;
	a->rows[a->nrows].len = a->line.size;
	a->nrows++;
	return 0;
}

int ml_audit_add(ml_audit *a, const ml_audit_doc *d)
{
	S_counts c;
	char *folder = S_folder(d->path); /* freed below */
	size_t i;
	int r;

	S_count(d, &c);
	a->seq++;
	a->t.documents++;
	if (!d->ok) {
		a->t.unreadable++;
		S_add_bad(a, d);
	}
	a->t.portions += d->portions;
	a->t.markings += c.markings;
	a->t.uncited += c.uncited;
	a->t.noforn += c.noforn;
	a->t.noforn_missing += c.noforn_missing;
	a->t.foreign += c.foreign;
	a->t.blanket += c.blanket;
	for (i = 0; i < d->nmarks; i++) {
		const ml_audit_mark *m = &d->marks[i];
		int cited = strcmp(m->status, "cited") == 0;
		int noforn = strcmp(m->kind, "noforn") == 0;
		if (!cited && noforn)
			a->t.noforn_uncited++;
		else if (!cited)
			a->t.foreign_uncited++;
		if (cited && *m->citation && strcmp(m->where, "roll-up") != 0)
			S_group(&a->tables[ML_AUDIT_BY_CITATION],
			        m->citation)->findings++;
	}
	for (i = 0; i < d->nfindings; i++) {
		const ml_audit_finding *f = &d->findings[i];
		if (f->suppressed == ML_SUPPRESS_IN_SOURCE)
			a->t.suppressed++;
		else if (f->suppressed == ML_SUPPRESS_BASELINE)
			a->t.baselined++;
		else
			a->t.findings[f->severity]++;
	}
	S_group_add(S_group(&a->tables[ML_AUDIT_BY_FOLDER], folder), d, &c);
	S_group_add(S_group(&a->tables[ML_AUDIT_BY_ORGANISATION],
	                    d->organisation ? d->organisation :
	                    "(not stated)"), d, &c);
	S_add_rules(a, d);
	S_add_lanes(a, d);
	S_add_top(a, d, &c);
	r = S_add_rows(a, d, folder);
	if (!r)
		r = ml_audit__docs_add(a->docs, d);
	if (a->compare)
		ml_audit__compare_add(a->compare, d);
	free(folder);
	ml_audit_doc_to_memo(d, a->memo);
	return r;
}

void ml_audit_set_compare(ml_audit *a, ml_audit_compare *c)
{
	a->compare = c;
}

ml_audit_compare *ml_audit_get_compare(ml_audit *a)
{
	return a->compare;
}

ml_audit_docs *ml_audit__docs(ml_audit *a)
{
	return a->docs;
}

int ml_audit_has_page(ml_audit *a, const char *path)
{
	return ml_audit__docs_has_page(a->docs, path);
}

int ml_audit_has_worklist(ml_audit *a, const char *org)
{
	return ml_audit__docs_has_worklist(a->docs, org);
}

size_t ml_audit_groups(ml_audit *a, ml_audit_table t,
                       const ml_audit_group *const **out)
{
	S_table *tb = &a->tables[t];
	size_t i;

	if (tb->dirty || !tb->sorted) {
		free(tb->sorted);
		tb->sorted = ml_xmalloc((tb->n ? tb->n : 1) *
		                        sizeof *tb->sorted);
		tb->dirty = 0;
	}
	for (i = 0; i < tb->n; i++)
		tb->sorted[i] = tb->v[i];
	qsort(tb->sorted, tb->n, sizeof *tb->sorted,
	      t == ML_AUDIT_BY_RULE || t == ML_AUDIT_BY_CITATION ||
	      t == ML_AUDIT_BY_LANE ? S_by_count : S_by_name);
	*out = tb->sorted;
	return tb->n;
}

size_t ml_audit_worst(const ml_audit *a, const ml_audit_top **out)
{
	*out = a->top;
	return a->ntop;
}

static int S_bad_cmp(const void *x, const void *y)
{
	const ml_audit_bad *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	c = strcmp(a->code, b->code);
	return c ? c : strcmp(a->message, b->message);
}

size_t ml_audit_unreadable(ml_audit *a, const ml_audit_bad **out)
{
	if (a->nbad > 1)
		qsort(a->bad, a->nbad, sizeof *a->bad, S_bad_cmp);
	*out = a->bad;
	return a->nbad;
}

/* --- JSON --- */

static void S_json_findings(ml_json *j, const size_t f[3])
{
	ml_json_key(j, "findings");
	ml_json_object(j);
	ml_json_kv_int(j, "error", (int64_t)f[ML_SEV_ERROR]);
	ml_json_kv_int(j, "warning", (int64_t)f[ML_SEV_WARNING]);
	ml_json_kv_int(j, "info", (int64_t)f[ML_SEV_INFO]);
	ml_json_object_end(j);
}

static void S_json_totals(ml_json *j, const ml_audit_totals *t)
{
	ml_json_key(j, "totals");
	ml_json_object(j);
	ml_json_kv_int(j, "documents", (int64_t)t->documents);
	ml_json_kv_int(j, "unreadable", (int64_t)t->unreadable);
	ml_json_kv_int(j, "skipped", (int64_t)t->skipped);
	ml_json_kv_int(j, "portions", (int64_t)t->portions);
	ml_json_kv_int(j, "markings", (int64_t)t->markings);
	S_json_findings(j, t->findings);
	/* reported findings left out of "findings", as check counts them */
	ml_json_kv_int(j, "suppressed", (int64_t)t->suppressed);
	ml_json_kv_int(j, "baselined", (int64_t)t->baselined);
	ml_json_kv_int(j, "uncited", (int64_t)t->uncited);
	ml_json_kv_int(j, "noforn", (int64_t)t->noforn);
	ml_json_kv_int(j, "noforn_uncited", (int64_t)t->noforn_uncited);
	ml_json_kv_int(j, "noforn_missing", (int64_t)t->noforn_missing);
	ml_json_kv_int(j, "foreign", (int64_t)t->foreign);
	ml_json_kv_int(j, "foreign_uncited", (int64_t)t->foreign_uncited);
	ml_json_kv_int(j, "blanket", (int64_t)t->blanket);
	ml_json_object_end(j);
}

/* A file the audit did not check: {"path", "code", key: text}. */
static void S_json_file(ml_json *j, const char *path, const char *code,
                        const char *key, const char *text)
{
	ml_json_object(j);
	ml_json_kv_str(j, "path", path);
	ml_json_kv_str(j, "code", code);
	ml_json_kv_str(j, key, text);
	ml_json_object_end(j);
}

static void S_json_groups(ml_json *j, ml_audit *a, ml_audit_table t,
                          const char *key, const char *name)
{
	const ml_audit_group *const *g;
	size_t i, n = ml_audit_groups(a, t, &g);

	ml_json_key(j, key);
	ml_json_array(j);
	for (i = 0; i < n; i++) {
		ml_json_object(j);
		ml_json_kv_str(j, name, g[i]->name);
		if (t == ML_AUDIT_BY_CITATION) {
			ml_json_kv_int(j, "count", (int64_t)g[i]->findings);
		} else if (t == ML_AUDIT_BY_LANE) {
			ml_json_kv_int(j, "documents",
			               (int64_t)g[i]->documents);
			ml_json_kv_int(j, "noforn", (int64_t)g[i]->noforn);
			ml_json_kv_int(j, "foreign", (int64_t)g[i]->foreign);
			ml_json_kv_int(j, "findings", (int64_t)g[i]->findings);
		} else if (t == ML_AUDIT_BY_RULE) {
			ml_json_kv_str(j, "severity",
			               ml_severity_name(g[i]->severity));
			ml_json_kv_int(j, "findings", (int64_t)g[i]->findings);
			ml_json_kv_int(j, "documents",
			               (int64_t)g[i]->documents);
		} else {
			ml_json_kv_int(j, "documents",
			               (int64_t)g[i]->documents);
			ml_json_kv_int(j, "unreadable",
			               (int64_t)g[i]->unreadable);
			ml_json_kv_int(j, "markings", (int64_t)g[i]->markings);
			ml_json_kv_int(j, "uncited", (int64_t)g[i]->uncited);
			ml_json_kv_int(j, "noforn", (int64_t)g[i]->noforn);
			ml_json_kv_int(j, "noforn_missing",
			               (int64_t)g[i]->noforn_missing);
			ml_json_kv_int(j, "foreign", (int64_t)g[i]->foreign);
			ml_json_kv_int(j, "blanket", (int64_t)g[i]->blanket);
			ml_json_kv_int(j, "findings", (int64_t)g[i]->findings);
		}
		ml_json_object_end(j);
	}
	ml_json_array_end(j);
}

int ml_audit_write_json(ml_audit *a, FILE *out)
{
	ml_json j;
	const ml_audit_top *top;
	const ml_audit_bad *bad;
	const ml_skipped *sk;
	size_t i, n;
	int spool = 0;

	ml_json_init(&j, out, 1);
	ml_json_object(&j);
	ml_json_key(&j, "tool");
	ml_json_object(&j);
	ml_json_kv_str(&j, "name", "marklint");
	ml_json_kv_str(&j, "version", ml_version());
	ml_json_object_end(&j);
	S_json_totals(&j, &a->t);
	S_json_groups(&j, a, ML_AUDIT_BY_RULE, "by_rule", "rule");
	S_json_groups(&j, a, ML_AUDIT_BY_ORGANISATION, "by_organisation",
	              "organisation");
	S_json_groups(&j, a, ML_AUDIT_BY_FOLDER, "by_folder", "folder");
	ml_json_key(&j, "worst_documents");
	ml_json_array(&j);
	n = ml_audit_worst(a, &top);
	for (i = 0; i < n; i++) {
		ml_json_object(&j);
		ml_json_kv_str(&j, "path", top[i].path);
		ml_json_kv_int(&j, "noforn_missing",
		               (int64_t)top[i].noforn_missing);
		ml_json_kv_int(&j, "noforn", (int64_t)top[i].noforn);
		ml_json_object_end(&j);
	}
	ml_json_array_end(&j);
	S_json_groups(&j, a, ML_AUDIT_BY_CITATION, "citations", "citation");
	S_json_groups(&j, a, ML_AUDIT_BY_LANE, "by_lane", "lane");
	ml_json_key(&j, "unreadable");
	ml_json_array(&j);
	n = ml_audit_unreadable(a, &bad);
	for (i = 0; i < n; i++)
		S_json_file(&j, bad[i].path, bad[i].code, "message",
		            bad[i].message);
	ml_json_array_end(&j);
	if (a->compare)
		ml_audit__compare_json(a->compare, &j);
	if (ml_audit__docs_json(a->docs, &j) < 0) {
		spool = -1; /* the spool could not be read back */
		if (!errno)
			errno = EIO;
	}
	/* the files the walk left out, and why */
	n = ml_audit_skipped(a, &sk);
	ml_writer__json_skipped(&j, sk, n);
	ml_json_object_end(&j);
	ml_json_end(&j);
	return ferror(out) || spool ? -1 : 0;
}

/* --- CSV --- */

static int S_rows_cmp(const void *x, const void *y)
{
	const S_rows *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int ml_audit_write_csv(ml_audit *a, FILE *out)
{
	char chunk[65536];
	size_t i;

	ml_buf_clear(&a->line);
	for (i = 0; i < S_NCOLUMNS; i++)
		ml_audit__csv_field(&a->line, S_csv_columns[i],
		                    i + 1 == S_NCOLUMNS);
	fwrite(a->line.ptr, 1, a->line.size, out);
	if (a->nrows > 1)
		qsort(a->rows, a->nrows, sizeof *a->rows, S_rows_cmp);
	for (i = 0; i < a->nrows; i++) {
		size_t left = a->rows[i].len;
		if (fseek(a->spool, a->rows[i].off, SEEK_SET) != 0)
			return -1;
		while (left) {
			size_t n = left < sizeof chunk ? left : sizeof chunk;
			if (fread(chunk, 1, n, a->spool) != n) {
				if (!errno)
					errno = EIO;
				return -1;
			}
			fwrite(chunk, 1, n, out);
			left -= n;
		}
	}
	return ferror(out) ? -1 : 0;
}
