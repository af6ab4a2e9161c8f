/* ml_audit_memo.c - the audit's memorandum: each document's summary into
 * a memo model (ml_memo.h), the same facts whether the audit read the
 * documents or shards of `marklint check --format jsonl`, so that the
 * audit words and marks each document's markings as `marklint review`
 * does; and the executive memorandum over the whole set, computed from the
 * audit's roll-ups and the model's counts. */
#include "ml_audit.h"
#include "ml_buf.h"
#include "ml_memo.h"

#include <stdlib.h>
#include <string.h>

/* NULL for "" (the summaries use "" for absent). */
static const char *S_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static void S_mark_fields(ml_memo_item *it, const ml_audit_mark *m)
{
	it->marking_id = S_or_null(m->id);
	it->kind = S_or_null(m->kind);
	it->form = S_or_null(m->form);
	it->marking = S_or_null(m->text);
	it->status = S_or_null(m->status);
	it->citation = S_or_null(m->citation);
	it->where = S_or_null(m->where);
	it->blanket = S_or_null(m->blanket);
	it->excerpt = S_or_null(m->context);
	it->at.part = S_or_null(m->part);
	it->at.paragraph = m->paragraph;
	it->at.line = m->line;
	it->at.section = S_or_null(m->section);
}

void ml_audit_doc_to_memo(const ml_audit_doc *d, ml_memo *m)
{
	ml_memo_doc md;
	ml_memo_item it;
	ml_error err;
	char *seen;
	size_t i;

	if (!d->ok) {
		memset(&err, 0, sizeof err);
		err.status = ML_EFORMAT;
		snprintf(err.code, sizeof err.code, "%s", d->err_code);
		snprintf(err.message, sizeof err.message, "%s",
		         d->err_message);
		ml_memo_add_unreadable(m, d->path, &err);
		return;
	}
	memset(&md, 0, sizeof md);
	md.path = d->path;
	md.title = d->title;
	md.portions = d->portions;
	md.rollup = d->rollup;
	md.rollup_after = d->rollup_after;
	md.malformed_marks = d->unparsed;
	ml_memo_add_document(m, &md);
	seen = ml_xcalloc(d->nmarks ? d->nmarks : 1, 1); /* freed below */
	for (i = 0; i < d->nfindings; i++) {
		const ml_audit_finding *f = &d->findings[i];
		memset(&it, 0, sizeof it);
		if (f->marking >= 0 && (size_t)f->marking < d->nmarks) {
			S_mark_fields(&it, &d->marks[f->marking]);
			seen[f->marking] = 1;
		}
		it.rule = S_or_null(f->rule);
		it.severity = f->severity;
		it.disposition = S_or_null(f->disposition);
		it.message = S_or_null(f->message);
		it.authority = S_or_null(f->authority);
		it.at.part = S_or_null(f->part);
		it.at.paragraph = f->paragraph;
		it.at.section = S_or_null(f->section);
		it.suggestion = S_or_null(f->suggestion);
		it.summary = S_or_null(f->summary);
		it.lane = S_or_null(f->lane);
		it.lane_desc = S_or_null(f->lane_desc);
		/* the finding's own portion, as review quotes it */
		if (S_or_null(f->context))
			it.excerpt = f->context;
		it.suppressed = f->suppressed;
		it.justification = S_or_null(f->justification);
		ml_memo_add_item(m, &it);
	}
	for (i = 0; i < d->nmarks; i++) {
		if (seen[i])
			continue;
		memset(&it, 0, sizeof it);
		S_mark_fields(&it, &d->marks[i]);
		ml_memo_add_item(m, &it);
	}
	free(seen);
}

/* --- the executive memorandum (memo.md, memo.html, memo.docx) --- */

#define S_TOP_ORGS 5
#define S_TOP_RULES 5

static void S_count(ml_buf *b, size_t n, const char *one, const char *many)
{
	ml_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

static void S_para(ml_memo_layout *l, unsigned num, const char *title,
                   const ml_buf *text)
{
	ml_memo_block *b = ml_memo_layout_add(l, ML_MB_PARA);
	char label[16];

	snprintf(label, sizeof label, "%u.", num);
	b->label = ml_xstrdup(label);
	b->mark = ml_xstrdup("(U)");
	b->title = ml_xstrdup(title);
	b->text = text && text->size ? ml_memo_clean(text->ptr, 0) : NULL;
}

static void S_sub(ml_memo_layout *l, size_t n, const ml_buf *text)
{
	ml_memo_block *b = ml_memo_layout_add(l, ML_MB_SUB);
	char label[16];

	snprintf(label, sizeof label, "%c.", (char)('a' + n % 26));
	b->level = 1;
	b->label = ml_xstrdup(label);
	b->mark = ml_xstrdup("(U)");
	b->text = ml_memo_clean(text->ptr, 0);
}

/* The rules that fired most: at most S_TOP_RULES, most first. */
static size_t S_top_rules(ml_audit *a, const ml_audit_group *const **out)
{
	size_t n = ml_audit_groups(a, ML_AUDIT_BY_RULE, out);

	return n < S_TOP_RULES ? n : S_TOP_RULES;
}

/* The references: the authorities of the rules that fire most, then the
 * FDO's when markings are referred to it. */
static void S_refs(ml_audit *a, const ml_rules *rs, const ml_memo_counts *c,
                   ml_memo_refs *refs)
{
	const ml_audit_group *const *g;
	size_t i, n = S_top_rules(a, &g);

	for (i = 0; i < n; i++) {
		const ml_ruledef *d = rs ? ml_rules_def(rs, g[i]->name) : NULL;
		if (d)
			ml_memo_refs_add(refs, d->authority);
	}
	if (c->review)
		ml_memo_refs_add(refs, "DoDD 5230.11");
}

static void S_totals(ml_audit *a, const ml_memo_counts *c, ml_buf *b)
{
	ml_audit_totals t;

	ml_audit_totals_get(a, &t);
	S_count(b, t.documents - t.unreadable, "document", "documents");
	ml_buf_puts(b, " read (");
	S_count(b, t.portions, "portion", "portions");
	ml_buf_printf(b, "), %zu could not be read, %zu other file%s skipped. ",
	              t.unreadable, t.skipped, t.skipped == 1 ? "" : "s");
	S_count(b, t.noforn, "NOFORN marking", "NOFORN markings");
	ml_buf_printf(b, ": %zu cite%s a basis, %zu only a weak one, %zu "
	              "none. ", t.noforn - t.noforn_uncited,
	              t.noforn - t.noforn_uncited == 1 ? "s" : "",
	              t.noforn_uncited - t.noforn_missing, t.noforn_missing);
	S_count(b, t.foreign, "foreign-participation restriction",
	        "foreign-participation restrictions");
	ml_buf_printf(b, ": %zu cite%s an authority, %zu do%s not; %zu "
	              "blanket. ", t.foreign - t.foreign_uncited,
	              t.foreign - t.foreign_uncited == 1 ? "s" : "",
	              t.foreign_uncited, t.foreign_uncited == 1 ? "es" : "",
	              t.blanket);
	ml_buf_printf(b, "Findings: %zu errors, %zu warnings, %zu infos",
	              t.findings[ML_SEV_ERROR], t.findings[ML_SEV_WARNING],
	              t.findings[ML_SEV_INFO]);
	if (t.suppressed || t.baselined)
		ml_buf_printf(b, " (and %zu suppressed in the documents, %zu "
		              "held by the baseline, not counted)", t.suppressed,
		              t.baselined);
	ml_buf_printf(b, ". %zu document%s need%s action.", c->docs_to_act,
	              c->docs_to_act == 1 ? "" : "s",
	              c->docs_to_act == 1 ? "s" : "");
}

/* 3.a: the organisations with the most markings without a cited basis. */
static void S_orgs(ml_audit *a, ml_memo_layout *l, size_t sub)
{
	const ml_audit_group *const *g;
	const ml_audit_group *top[S_TOP_ORGS];
	size_t i, k, n = ml_audit_groups(a, ML_AUDIT_BY_ORGANISATION, &g);
	size_t ntop = 0;
	ml_buf b;

	/* the groups come by name: keep the S_TOP_ORGS most uncited */
	for (i = 0; i < n; i++) {
		if (!g[i]->uncited)
			continue;
		for (k = ntop; k > 0 && top[k - 1]->uncited < g[i]->uncited;
		     k--)
			if (k < S_TOP_ORGS)
				top[k] = top[k - 1];
		if (k < S_TOP_ORGS) {
			top[k] = g[i];
			if (ntop < S_TOP_ORGS)
				ntop++;
		}
	}
	ml_buf_init(&b, 1 << 20);
	ml_buf_puts(&b, "Organisations with the most markings that cite no "
	            "basis or only a weak one: ");
	for (i = 0; i < ntop; i++)
		ml_buf_printf(&b, "%s%s (%zu of %zu markings, in %zu "
		              "document%s)", i ? "; " : "", top[i]->name,
		              top[i]->uncited, top[i]->markings,
		              top[i]->documents,
		              top[i]->documents == 1 ? "" : "s");
	if (!ntop)
		ml_buf_puts(&b, "none");
	ml_buf_puts(&b, ".");
	S_sub(l, sub, &b);
	ml_buf_free(&b);
}

/* 3.b: the documents with the most NOFORN without a basis. */
static void S_worst(ml_audit *a, ml_memo_layout *l, size_t sub)
{
	const ml_audit_top *t;
	size_t i, n = ml_audit_worst(a, &t);
	ml_buf b;

	ml_buf_init(&b, 1 << 20);
	ml_buf_puts(&b, "Documents with the most NOFORN markings that cite no "
	            "authority: ");
	for (i = 0; i < n; i++)
		ml_buf_printf(&b, "%s%s (%zu of %zu)", i ? "; " : "", t[i].path,
		              t[i].noforn_missing, t[i].noforn);
	if (!n)
		ml_buf_puts(&b, "none");
	ml_buf_puts(&b, ".");
	S_sub(l, sub, &b);
	ml_buf_free(&b);
}

/* 4: the rules that fire most, each with what it means. */
static void S_rules(ml_audit *a, const ml_rules *rs,
                    const ml_memo_refs *refs, ml_memo_layout *l)
{
	const ml_audit_group *const *g;
	size_t i, n = S_top_rules(a, &g);
	ml_buf b;

	ml_buf_init(&b, 1 << 20);
	S_para(l, 4, "Rules that fire most.", NULL);
	for (i = 0; i < n; i++) {
		const ml_ruledef *d = rs ? ml_rules_def(rs, g[i]->name) : NULL;
		size_t mark;
		ml_buf_clear(&b);
		ml_buf_printf(&b, "%s (%s, %s): %zu finding%s", g[i]->name,
		              ml_severity_name(g[i]->severity),
		              d && d->disposition ? d->disposition : "review",
		              g[i]->findings, g[i]->findings == 1 ? "" : "s");
		if (d && d->summary && *d->summary) {
			size_t len = strlen(d->summary);
			if (d->summary[len - 1] == '.')
				len--;
			ml_buf_printf(&b, ". %.*s", (int)len, d->summary);
		}
		mark = b.size;
		ml_buf_puts(&b, " (");
		ml_memo_refs_cite(refs, d ? d->authority : NULL, &b);
		if (b.size == mark + 2) {
			b.size = mark;
			b.ptr[mark] = '\0';
		} else {
			ml_buf_puts(&b, ")");
		}
		if (b.ptr[b.size - 1] != '.')
			ml_buf_putc(&b, '.');
		S_sub(l, i, &b);
	}
	if (!n) {
		ml_buf_puts(&b, "No rule fired.");
		S_sub(l, 0, &b);
	}
	ml_buf_free(&b);
}

/* The lanes that restricted markings fall in, for 5.a. */
static void S_lanes(ml_audit *a, const ml_rules *rs, ml_buf *b)
{
	const ml_audit_group *const *g;
	size_t i, n = ml_audit_groups(a, ML_AUDIT_BY_LANE, &g), k = 0;

	for (i = 0; i < n; i++) {
		char *desc;
		if (!g[i]->noforn && !g[i]->foreign)
			continue;
		desc = ml_memo_lane_desc(rs, g[i]->name);
		ml_buf_printf(b, "%s%s: %zu NOFORN marking%s and %zu "
		              "restriction%s in %zu document%s",
		              k++ ? "; " : " Of these, in lanes of cooperation "
		                           "(where the United States already "
		                           "works with the partners): ",
		              desc ? desc : g[i]->name, g[i]->noforn,
		              g[i]->noforn == 1 ? "" : "s", g[i]->foreign,
		              g[i]->foreign == 1 ? "" : "s", g[i]->documents,
		              g[i]->documents == 1 ? "" : "s");
		free(desc);
	}
	if (k)
		ml_buf_putc(b, '.');
}

/* 5: what to do, from the counts. */
static void S_actions(ml_audit *a, const ml_rules *rs,
                      const ml_memo_counts *c, const ml_memo_refs *refs,
                      ml_memo_layout *l)
{
	ml_audit_totals t;
	size_t sub = 0;
	ml_buf b;

	ml_audit_totals_get(a, &t);
	ml_buf_init(&b, 1 << 20);
	S_para(l, 5, "Recommended actions.", NULL);
	if (c->remove) {
		ml_buf_clear(&b);
		ml_buf_printf(&b, "Replace or remove the %zu marking%s that cite "
		              "no authority, as Attachment 2 shows for each: a "
		              "NOFORN marking becomes a release to the partners "
		              "its document names (or the Five Eyes), never "
		              "wider than the author's own list.", c->remove,
		              c->remove == 1 ? "" : "s");
		S_lanes(a, rs, &b);
		S_sub(l, sub++, &b);
	}
	if (c->review) {
		ml_buf_clear(&b);
		ml_buf_printf(&b, "Refer the %zu marking%s with a weak "
		              "basis to the Foreign Disclosure Officer for a "
		              "disclosure decision (", c->review,
		              c->review == 1 ? "" : "s");
		ml_memo_refs_cite(refs, "DoDD 5230.11", &b);
		ml_buf_puts(&b, ").");
		S_sub(l, sub++, &b);
	}
	if (c->correct) {
		ml_buf_clear(&b);
		ml_buf_printf(&b, "Correct the %zu marking%s that %s obsolete "
		              "or not in register form (FOUO to CUI, single "
		              "slashes, spelled-out classifications): a rewrite, "
		              "not a disclosure decision.", c->correct,
		              c->correct == 1 ? "" : "s",
		              c->correct == 1 ? "is" : "are");
		S_sub(l, sub++, &b);
	}
	if (c->narrow) {
		ml_buf_clear(&b);
		ml_buf_printf(&b, "Narrow the %zu blanket restriction%s to the "
		              "work or information that needs them.", c->narrow,
		              c->narrow == 1 ? "" : "s");
		S_sub(l, sub++, &b);
	}
	if (c->other) {
		ml_buf_clear(&b);
		ml_buf_printf(&b, "Resolve the %zu other finding%s (suppression "
		              "directives, banners) as Attachment 2 describes.",
		              c->other, c->other == 1 ? "" : "s");
		S_sub(l, sub++, &b);
	}
	if (t.unreadable) {
		ml_buf_clear(&b);
		ml_buf_printf(&b, "Repair or re-save the %zu document%s that "
		              "could not be read (Attachment 1 gives the "
		              "reason%s), then audit %s again.", t.unreadable,
		              t.unreadable == 1 ? "" : "s",
		              t.unreadable == 1 ? "" : "s",
		              t.unreadable == 1 ? "it" : "them");
		S_sub(l, sub++, &b);
	}
	if (!sub) {
		ml_buf_clear(&b);
		ml_buf_puts(&b, "None: every marking cites an authority that "
		            "can justify it.");
		S_sub(l, sub++, &b);
	}
	ml_buf_free(&b);
}

static void S_attach(ml_memo_layout *l, const char *label, const char *title)
{
	ml_memo_block *b = ml_memo_layout_add(l, ML_MB_ATTACH);

	b->label = ml_xstrdup(label);
	b->title = ml_xstrdup(title);
}

/* The attachments' heading marks: the roll-up of their blocks' marks. */
static void S_mark_attachments(ml_memo_layout *l)
{
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].kind != ML_MB_ATTACH)
			continue;
		for (k = i + 1; k < l->n && l->v[k].kind != ML_MB_ATTACH; k++)
			;
		free(l->v[i].mark);
		l->v[i].mark = ml_memo_layout_mark(l, i + 1, k);
	}
}

/* The executive memo laid out into l (initialised here; caller frees). */
static void S_lay_out(ml_audit *a, const ml_memo *detail, const ml_rules *rs,
                      const ml_memo_opts *o, ml_memo_layout *l)
{
	static const char *const attach[] = {"Documents Needing Action",
	                                     "Markings by Document", NULL};
	ml_memo_counts c;
	ml_memo_refs refs;
	ml_audit_totals t;
	const char **refv;
	size_t i;
	ml_buf b;

	memset(&refs, 0, sizeof refs);
	ml_memo_layout_init(l);
	ml_memo_count(detail, &c);
	ml_audit_totals_get(a, &t);
	S_refs(a, rs, &c, &refs);
	refv = ml_xcalloc(refs.n + 1, sizeof *refv);
	for (i = 0; i < refs.n; i++)
		refv[i] = refs.v[i];
	ml_buf_init(&b, 1 << 20);
	ml_buf_puts(&b, "Audit of NOFORN Markings and Foreign-Participation "
	            "Restrictions in ");
	if (o->subject)
		ml_buf_puts(&b, o->subject);
	else
		S_count(&b, t.documents, "Document", "Documents");
	ml_memo_lay_head(l, o, b.ptr, refv);
	free(refv);
	ml_buf_clear(&b);
	ml_buf_puts(&b, "Each NOFORN marking and foreign-participation "
	            "restriction in ");
	S_count(&b, t.documents, "document", "documents");
	ml_buf_puts(&b, " was checked with marklint " ML_VERSION_STRING
	            " against the authority it cites. This memorandum gives "
	            "the totals, where to act first and what to do; "
	            "Attachment 1 lists the documents that need action, "
	            "Attachment 2 their markings, worded and marked as in "
	            "each document's review memorandum, and audit.csv every "
	            "marking. It is marked with the roll-up of what it "
	            "quotes.");
	S_para(l, 1, "Purpose.", &b);
	ml_buf_clear(&b);
	S_totals(a, &c, &b);
	S_para(l, 2, "Totals.", &b);
	S_para(l, 3, "Act first.", NULL);
	S_orgs(a, l, 0);
	S_worst(a, l, 1);
	S_rules(a, rs, &refs, l);
	S_actions(a, rs, &c, &refs, l);
	ml_memo_lay_signature(l, o, attach);
	S_attach(l, "Attachment 1", "Documents Needing Action");
	if (!ml_memo_lay_documents(detail, l)) {
		ml_memo_block *bl = ml_memo_layout_add(l, ML_MB_NOTE);
		bl->mark = ml_xstrdup("(U)");
		bl->text = ml_xstrdup("No document needs action.");
	}
	S_attach(l, "Attachment 2", "Markings by Document");
	ml_memo_lay_detail(detail, l);
	S_mark_attachments(l);
	ml_memo_layout_finish(l);
	ml_memo_refs_free(&refs);
	ml_buf_free(&b);
}

int ml_audit_write_memo(ml_audit *a, const ml_memo *detail,
                        const ml_rules *rs, const ml_memo_opts *o,
                        ml_memo_format f, FILE *out)
{
	const ml_memo_layout *kept = ml_audit__kept_memo(a);
	ml_memo_layout l;
	int rc;

	if (kept)
		return ml_memo_layout_write(kept, f, out);
	S_lay_out(a, detail, rs, o, &l);
	rc = ml_memo_layout_write(&l, f, out);
	ml_memo_layout_free(&l);
	return rc;
}

ml_memo_layout *ml_audit__memo_layout(ml_audit *a, const ml_memo *detail,
                                      const ml_rules *rs,
                                      const ml_memo_opts *o)
{
	ml_memo_layout *l = ml_xmalloc(sizeof *l);

	S_lay_out(a, detail, rs, o, l);
	return l;
}
