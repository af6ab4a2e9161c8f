/* ml_memo.c - the review memorandum's model: documents, markings and
 * findings, copied from reports (ml_memo_add_report) or from plain data
 * (ml_memo_add_document, ml_memo_add_item); the roll-up of a document's
 * portion marks before and after the memo's changes; the formats the memo
 * is written in. The layout is in ml_memo_review.c, the renderers in
 * ml_memo_text.c, ml_memo_html.c and ml_memo_docx.c.
 */
#include "ml_memo_int.h"
#include "ml_lanes.h"

#include <stdlib.h>
#include <string.h>

static char *S_dup(const char *s)
{
	return s ? ml_xstrdup(s) : NULL;
}

void ml_memo_opts_default(ml_memo_opts *o)
{
	memset(o, 0, sizeof *o);
	o->min_severity = ML_SEV_INFO;
}

ml_memo *ml_memo_new(const ml_memo_opts *opts)
{
	ml_memo *m = ml_xcalloc(1, sizeof *m);

	if (opts)
		m->o = *opts;
	else
		ml_memo_opts_default(&m->o);
	m->o.for_whom = S_dup(m->o.for_whom);
	m->o.from = S_dup(m->o.from);
	m->o.subject = S_dup(m->o.subject);
	m->o.date = S_dup(m->o.date);
	m->o.signature = S_dup(m->o.signature);
	return m;
}

static void S_where_free(ml_memo__where *w)
{
	free(w->part);
	free(w->section);
}

void ml_memo_free(ml_memo *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->ndocs; i++) {
		ml_memo__doc *d = &m->docs[i];
		free(d->path); free(d->title); free(d->err_code);
		free(d->err_msg); free(d->rollup); free(d->rollup_after);
	}
	for (i = 0; i < m->nmks; i++) {
		ml_memo__mk *k = &m->mks[i];
		free(k->id); free(k->kind); free(k->form); free(k->text);
		free(k->status); free(k->citation); free(k->where);
		free(k->blanket); free(k->excerpt); free(k->qmark);
		S_where_free(&k->at);
	}
	for (i = 0; i < m->nfds; i++) {
		ml_memo__fd *f = &m->fds[i];
		free(f->rule); free(f->disposition); free(f->message);
		free(f->summary); free(f->authority); free(f->suggestion);
		free(f->lane); free(f->lane_desc); free(f->justification);
		free(f->excerpt); free(f->qmark);
		S_where_free(&f->at);
	}
	free(m->docs);
	free(m->mks);
	free(m->fds);
	free((char *)m->o.for_whom);
	free((char *)m->o.from);
	free((char *)m->o.subject);
	free((char *)m->o.date);
	free((char *)m->o.signature);
	free(m);
}

void ml_memo_add_document(ml_memo *m, const ml_memo_doc *d)
{
	ml_memo__doc *s;

	ML_VEC_GROW(m->docs, m->adocs, m->ndocs + 1, 16);
	s = &m->docs[m->ndocs++];
	memset(s, 0, sizeof *s);
	s->path = S_dup(d->path ? d->path : "-");
	s->title = S_dup(d->title);
	s->err_code = S_dup(d->error_code);
	s->err_msg = S_dup(d->error_message);
	s->rollup = S_dup(d->rollup);
	s->rollup_after = S_dup(d->rollup_after);
	s->portions = d->portions;
	s->malformed = d->malformed_marks;
	s->first_mk = m->nmks;
}

/* The portion form of a marking (the caller frees), or NULL. */
static char *S_portion_form(const ml_marking *mk)
{
	ml_buf b;

	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	if (ml_marking_format(mk, ML_MARKING_PORTION, &b) != 0 || !b.size) {
		ml_buf_free(&b);
		return NULL;
	}
	return ml_buf_detach(&b, NULL);
}

/* The mark of the portion an item quotes (see ml_memo_item), in portion
 * form: the caller frees. */
static char *S_qmark(const ml_memo__doc *d, const ml_memo_item *it)
{
	const char *src = it->portion_mark ? it->portion_mark : it->excerpt;
	ml_marking pm;
	char *s = NULL;

	if (src && ml_marking_find_portion_mark(src, strlen(src), 0, &pm,
	    NULL) == ML_MARKING_FOUND)
		s = S_portion_form(&pm);
	if (!s && d->rollup && ml_marking_parse_banner(d->rollup,
	    strlen(d->rollup), ML_MARKING_ICASE, &pm, NULL) ==
	    ML_MARKING_FOUND)
		s = S_portion_form(&pm);
	return s ? s : ml_xstrdup("(U)");
}

/* Does the portion whose text starts with excerpt carry section as its
 * own number ("C.3 The seeker", "1. (S//NF) The seeker", "(S//NF) C.3
 * The seeker"), rather than inherit it? */
static int S_own_section(const char *excerpt, const char *section)
{
	size_t n = section ? strlen(section) : 0, i;

	if (!n || !excerpt)
		return 0;
	for (i = 0; i <= 16 + n && excerpt[i]; i++) {
		char after;
		if ((i && excerpt[i - 1] != ' ' && excerpt[i - 1] != ')') ||
		    strncmp(excerpt + i, section, n) != 0)
			continue;
		after = excerpt[i + n];
		if (!after || after == ' ' || after == '.' || after == ')')
			return 1;
	}
	return 0;
}

static void S_where_copy(ml_memo__where *to, const ml_memo_where *from,
                         const char *excerpt)
{
	to->part = S_dup(from->part);
	to->section = S_dup(from->section);
	to->paragraph = from->paragraph;
	to->line = from->line;
	to->slide = from->slide;
	to->own_section = S_own_section(excerpt, from->section);
}

/* The excerpt as kept: at most ML_MEMO__EXCERPT characters. */
static char *S_excerpt(const char *s)
{
	return s ? ml_memo_clean(s, ML_MEMO__EXCERPT) : NULL;
}

static long S_find_mk(const ml_memo *m, const ml_memo__doc *d,
                      const char *id)
{
	size_t i;

	for (i = m->nmks; id && i-- > d->first_mk;)
		if (m->mks[i].id && strcmp(m->mks[i].id, id) == 0)
			return (long)i;
	return -1;
}

static long S_new_mk(ml_memo *m, const ml_memo_item *it)
{
	ml_memo__mk *k;

	ML_VEC_GROW(m->mks, m->amks, m->nmks + 1, 16);
	k = &m->mks[m->nmks];
	memset(k, 0, sizeof *k);
	k->id = S_dup(it->marking_id);
	k->kind = S_dup(it->kind);
	k->form = S_dup(it->form);
	k->text = S_dup(it->marking);
	k->status = S_dup(it->status);
	k->citation = S_dup(it->citation);
	k->where = S_dup(it->where);
	k->blanket = S_dup(it->blanket);
	S_where_copy(&k->at, &it->at, it->excerpt);
	k->excerpt = S_excerpt(it->excerpt);
	k->qmark = S_qmark(&m->docs[m->ndocs - 1], it);
	k->doc = m->ndocs - 1;
	return (long)m->nmks++;
}

static void S_new_fd(ml_memo *m, const ml_memo_item *it, long mk)
{
	ml_memo__fd *f;

	ML_VEC_GROW(m->fds, m->afds, m->nfds + 1, 16);
	f = &m->fds[m->nfds++];
	memset(f, 0, sizeof *f);
	f->rule = S_dup(it->rule);
	f->disposition = S_dup(it->disposition ? it->disposition : "review");
	f->message = S_dup(it->message);
	f->summary = S_dup(it->summary);
	f->authority = S_dup(it->authority);
	f->suggestion = S_dup(it->suggestion);
	f->lane = S_dup(it->lane);
	f->lane_desc = S_dup(it->lane_desc ? it->lane_desc : it->lane);
	f->suppressed = it->suppressed;
	f->justification = S_dup(it->justification);
	f->severity = it->severity;
	S_where_copy(&f->at, &it->at, it->excerpt);
	f->excerpt = S_excerpt(it->excerpt);
	f->qmark = S_qmark(&m->docs[m->ndocs - 1], it);
	f->mk = mk;
	f->doc = m->ndocs - 1;
}

/* Adds it to the last document; mk is the index of its marking in
 * m->mks when the caller knows it, else -1 (looked up by id). */
static int S_add_item(ml_memo *m, const ml_memo_item *it, long mk)
{
	if (!m->ndocs)
		return -1;
	if (mk < 0)
		mk = S_find_mk(m, &m->docs[m->ndocs - 1], it->marking_id);
	if (mk < 0 && (it->marking_id || it->marking) &&
	    (it->kind || !it->rule))
		mk = S_new_mk(m, it);
	if (it->rule && it->severity >= m->o.min_severity)
		S_new_fd(m, it, mk);
	return 0;
}

int ml_memo_add_item(ml_memo *m, const ml_memo_item *it)
{
	return S_add_item(m, it, -1);
}

/* --- from reports --- */

int ml_memo_rollup_after(const ml_report *r, ml_marking *out)
{
	return ml_report_rollup(r, 1, out, NULL);
}

static char *S_banner_of(const ml_marking *m)
{
	ml_buf b;

	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	ml_marking_format(m, ML_MARKING_BANNER, &b);
	return ml_buf_detach(&b, NULL); /* the caller frees */
}

/* The strings an item borrows from a report, and those made for it. */
typedef struct S_itembufs {
	char pmark[256];
	char *lane;
	char *excerpt;
} S_itembufs;

static void S_item_marking(ml_memo_item *it, const ml_found *k)
{
	it->marking_id = k->id;
	it->kind = ml_mark_kind_name(k->kind);
	it->form = ml_mark_form_name(k->form);
	it->marking = k->text;
	it->status = ml_just_status_name(k->status);
	it->citation = k->citation;
	it->where = k->where == ML_WHERE_NONE ? NULL : ml_where_name(k->where);
	it->blanket = k->blanket ? (k->blanket_text ? k->blanket_text
	                                            : "blanket") : NULL;
}

char *ml_memo_lane_desc(const ml_rules *rs, const char *lane)
{
	const ml_lane *l = rs && lane ? ml_lanes_find(ml_rules_lanes_const(rs),
	                                             lane) : NULL;
	ml_buf b;
	size_t i;

	if (!l)
		return NULL;
	ml_buf_init(&b, 4096);
	ml_buf_printf(&b, "%s (", l->arrangement ? l->arrangement : l->name);
	for (i = 0; i < l->partners.n; i++)
		ml_buf_printf(&b, "%s%s", i ? ", " : "", l->partners.v[i]);
	ml_buf_puts(&b, ")");
	return ml_buf_detach(&b, NULL);
}

static void S_item_finding(ml_memo_item *it, const ml_report *r,
                           const ml_finding *f, char **lane)
{

	it->rule = f->rule ? f->rule->id : "?";
	it->severity = f->severity;
	it->disposition = f->disposition;
	it->message = f->message;
	it->summary = f->rule ? f->rule->summary : NULL;
	it->authority = f->rule ? f->rule->authority : NULL;
	it->suggestion = f->suggestion;
	it->lane = f->lane;
	it->suppressed = (ml_suppress_kind)f->suppressed;
	it->justification = f->justification;
	*lane = ml_memo_lane_desc(ml_report_rules(r), f->lane);
	it->lane_desc = *lane;
}

/* The item of a marking k (and of finding f, or none) of report r; its
 * strings are borrowed from r or held in bufs (S_itembufs_free). */
static void S_item(const ml_report *r, const ml_found *k,
                   const ml_finding *f, ml_memo_item *it, S_itembufs *bufs)
{
	const ml_doc *doc = ml_report_doc(r);
	/* a finding, or a marking without one: one of them is given */
	size_t portion = f ? f->portion : k ? k->portion : 0, n;
	const ml_portion *p = ml_doc_portion(doc, portion);
	const char *ex;
	ml_marking pm;
	char *s;

	memset(it, 0, sizeof *it);
	it->at.part = p->part;
	it->at.slide = p->slide;
	it->at.paragraph = p->paragraph;
	it->at.line = p->line;
	it->at.section = p->section;
	if (ml_marking_find_portion_mark(p->text, p->len, 0, &pm, NULL) ==
	    ML_MARKING_FOUND && (s = S_portion_form(&pm)) != NULL) {
		snprintf(bufs->pmark, sizeof bufs->pmark, "%s", s);
		it->portion_mark = bufs->pmark;
		free(s);
	}
	if (k)
		S_item_marking(it, k);
	bufs->lane = NULL;
	if (f)
		S_item_finding(it, r, f, &bufs->lane);
	/* ml_context cuts inside the portion: copy the excerpt out */
	ex = ml_context(p, k ? k->off : 0, k ? k->len : 0, &n);
	bufs->excerpt = ml_xstrndup(ex, n);
	it->excerpt = bufs->excerpt;
}

static void S_itembufs_free(S_itembufs *b)
{
	free(b->lane);
	free(b->excerpt);
}

static void S_add_report_item(ml_memo *m, const ml_report *r,
                              const ml_found *k, const ml_finding *f,
                              long mk)
{
	ml_memo_item it;
	S_itembufs bufs;

	S_item(r, k, f, &it, &bufs);
	S_add_item(m, &it, mk);
	S_itembufs_free(&bufs);
}

static void S_add_report(ml_memo *m, const char *path, const ml_report *r,
                         ml_severity min)
{
	const ml_doc *doc = ml_report_doc(r);
	const ml_found *k;
	const ml_finding *f;
	size_t i, nk = ml_report_markings(r, &k), nf;
	size_t first = m->nmks, malformed = 0;
	ml_memo_doc d;
	ml_marking roll;
	char *now = NULL, *after = NULL;

	memset(&d, 0, sizeof d);
	d.path = path;
	d.title = ml_doc_meta(doc, ML_META_TITLE);
	d.portions = ml_doc_portion_count(doc);
	if (ml_report_rollup(r, 0, &roll, NULL) == 0)
		now = S_banner_of(&roll);
	/* the marks that stay unreadable after the changes */
	if (ml_report_rollup(r, 1, &roll, &malformed) == 0)
		after = S_banner_of(&roll);
	d.rollup = now;
	d.rollup_after = after;
	d.malformed_marks = malformed;
	ml_memo_add_document(m, &d);
	free(now);
	free(after);
	for (i = 0; i < nk; i++)
		S_add_report_item(m, r, &k[i], NULL, -1);
	nf = ml_report_findings(r, &f);
	for (i = 0; i < nf; i++) {
		int has = f[i].marking >= 0 && (size_t)f[i].marking < nk;
		if (!ml_finding_reported(&f[i], min))
			continue;
		S_add_report_item(m, r, has ? &k[f[i].marking] : NULL, &f[i],
		                  has ? (long)(first + (size_t)f[i].marking)
		                      : -1);
	}
}

void ml_memo_add_result(ml_memo *m, const ml_result *r)
{
	const ml_report *rep = ml_result_report(r);

	if (rep)
		S_add_report(m, ml_result_path(r), rep,
		             ml_result_opts(r)->min_severity);
	else
		ml_memo_add_unreadable(m, ml_result_path(r),
		                       ml_result_error(r));
}

void ml_memo_add_unreadable(ml_memo *m, const char *path,
                            const ml_error *err)
{
	ml_memo_doc d;

	memset(&d, 0, sizeof d);
	d.path = path;
	d.error_code = err && err->code[0] ? err->code : "unreadable";
	d.error_message = err && err->message[0] ? err->message
	                                         : "the document could not "
	                                           "be read";
	ml_memo_add_document(m, &d);
}

/* --- formats --- */

typedef struct S_fmtname {
	const char *name;
	ml_memo_format f;
} S_fmtname;

static const S_fmtname S_names[] = {
	{"markdown", ML_MEMO_MARKDOWN}, {"md", ML_MEMO_MARKDOWN},
	{"html", ML_MEMO_HTML}, {"htm", ML_MEMO_HTML},
	{"text", ML_MEMO_TEXT}, {"txt", ML_MEMO_TEXT},
	{"docx", ML_MEMO_DOCX},
};

int ml_memo_format_parse(const char *name, ml_memo_format *out)
{
	size_t i;

	for (i = 0; name && i < sizeof S_names / sizeof S_names[0]; i++)
		if (strcmp(S_names[i].name, name) == 0) {
			*out = S_names[i].f;
			return 0;
		}
	return -1;
}

int ml_memo_format_from_path(const char *path, ml_memo_format *out)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	const char *slash = path ? strrchr(path, '/') : NULL;
	char ext[16];
	size_t i;

	if (!dot || (slash && dot < slash) || dot[1] == '\0')
		return 1;
	if (strlen(dot + 1) >= sizeof ext)
		return -1;
	for (i = 0; dot[1 + i]; i++)
		ext[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z'
		                ? dot[1 + i] - 'A' + 'a' : dot[1 + i]);
	ext[i] = '\0';
	if (strcmp(ext, "markdown") == 0)
		return ml_memo_format_parse("md", out);
	/* the names "markdown" and "text" are no file extensions */
	if (strcmp(ext, "text") == 0)
		return -1;
	return ml_memo_format_parse(ext, out);
}

const char *ml_memo_format_name(ml_memo_format f)
{
	static const char *const names[] = {"markdown", "html", "text",
	                                    "docx"};
	return (unsigned)f < 4 ? names[f] : "markdown";
}

const char *ml_memo_format_list(void)
{
	return "markdown (.md), html (.html), text (.txt) or docx (.docx)";
}
