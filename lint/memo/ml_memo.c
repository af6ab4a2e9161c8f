/* ml_memo.c - the review memorandum: its model (documents, markings,
 * findings, copied from reports or plain data), its layout as blocks
 * (ml_memo_int.h), the memo's own marking (the roll-up of what it quotes)
 * and the Markdown and text renderers. The HTML renderer is in
 * ml_memo_html.c.
 *
 * Ownership: an ml_memo owns copies of every string added to it; nothing
 * it holds points into a report or a document.
 */
#include "ml_memo_int.h"
#include "ml_lanes.h"

#include <stdlib.h>
#include <string.h>

#define S_EXCERPT 200   /* characters of a quoted portion */
#define S_WIDTH 78      /* columns of the text format */
#define S_BIG ((size_t)1 << 26)

/* --- the model --- */

typedef struct S_doc {
	char *path, *title, *err_code, *err_msg, *rollup, *rollup_after;
	size_t portions, malformed;
	long roll;              /* the parsed rollup in the mark set, or -1 */
	size_t first_mk;        /* its markings are mks[first_mk..] */
} S_doc;

typedef struct S_mk {           /* one marking of a document */
	char *id, *kind, *form, *text, *status, *citation, *where;
	int blanket;
	char *part;
	unsigned paragraph;
	char *excerpt;
	size_t qmark;           /* the quoted portion's mark (mark set) */
	size_t doc;
} S_mk;

typedef struct S_fd {           /* one finding */
	char *rule, *disposition, *message, *authority, *suggestion;
	char *lane, *lane_desc;     /* lane of cooperation, or NULL */
	ml_severity severity;
	char *part;
	unsigned paragraph;
	char *excerpt;
	size_t qmark;
	long mk;                /* index in mks, or -1 */
	size_t doc;
	int suppressed;         /* ml_suppress_kind (only in m->sups) */
	char *justification;    /* why, or NULL */
} S_fd;

/* Distinct portion marks, keyed by their portion form. */
typedef struct S_markset {
	ml_marking *v;
	char **key;
	size_t n, alloc;
} S_markset;

struct ml_memo {
	ml_memo_opts o;         /* strings owned */
	S_doc *docs;
	size_t ndocs, adocs;
	S_mk *mks;
	size_t nmks, amks;
	S_fd *fds;              /* counted findings */
	size_t nfds, afds;
	S_fd *sups;             /* suppressed and baselined findings: listed
	                           apart, never counted or recommended */
	size_t nsups, asups;
	S_markset marks;
	size_t mark_u;          /* "(U)" in marks */
};

static char *S_dup(const char *s)
{
	return s ? ml_xstrdup(s) : NULL;
}

/* Grows *v (n used of *alloc elements of size sz) for one more. */
static void S_grow(void **v, size_t n, size_t *alloc, size_t sz)
{
	if (n < *alloc)
		return;
	*alloc = *alloc ? *alloc * 2 : 16;
	*v = ml_xrealloc(*v, *alloc * sz);
}

static size_t S_markset_add(S_markset *s, const ml_marking *m)
{
	ml_buf b;
	size_t i;

	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	ml_marking_format(m, ML_MARKING_PORTION, &b);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->key[i], b.ptr) == 0) {
			ml_buf_free(&b);
			return i;
		}
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 8;
		s->v = ml_xrealloc(s->v, s->alloc * sizeof *s->v);
		s->key = ml_xrealloc(s->key, s->alloc * sizeof *s->key);
	}
	s->v[s->n] = *m;
	s->key[s->n] = ml_buf_detach(&b, NULL); /* owned by the set */
	if (!s->key[s->n])
		s->key[s->n] = ml_xstrdup("");
	return s->n++;
}

static void S_markset_free(S_markset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->key[i]);
	free(s->key);
	free(s->v);
}

/* Roll-up of the marks whose flags are set in used[0..set->n), in
 * banner form, appended to b. Nothing used: UNCLASSIFIED. */
static void S_rollup_str(const S_markset *set, const unsigned char *used,
                         ml_marking_form form, ml_buf *b, size_t mark_u)
{
	const ml_marking **v = ml_xcalloc(set->n + 1, sizeof *v);
	ml_marking out;
	size_t i, n = 0;

	for (i = 0; i < set->n; i++)
		if (used[i])
			v[n++] = &set->v[i];
	if (!n)
		v[n++] = &set->v[mark_u];
	if (ml_marking_rollup(v, n, &out) == 0)
		ml_marking_format(&out, form, b);
	free(v);
}

void ml_memo_opts_default(ml_memo_opts *o)
{
	memset(o, 0, sizeof *o);
	o->min_severity = ML_SEV_INFO;
}

ml_memo *ml_memo_new(const ml_memo_opts *opts)
{
	ml_memo *m = ml_xcalloc(1, sizeof *m);
	ml_marking u;

	if (opts)
		m->o = *opts;
	else
		ml_memo_opts_default(&m->o);
	m->o.for_whom = S_dup(m->o.for_whom);
	m->o.from = S_dup(m->o.from);
	m->o.subject = S_dup(m->o.subject);
	m->o.date = S_dup(m->o.date);
	ml_marking_parse("(U)", 3, ML_MARKING_PORTION, 0, &u, NULL);
	m->mark_u = S_markset_add(&m->marks, &u);
	return m;
}

void ml_memo_free(ml_memo *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->ndocs; i++) {
		S_doc *d = &m->docs[i];
		free(d->path); free(d->title); free(d->err_code);
		free(d->err_msg); free(d->rollup); free(d->rollup_after);
	}
	for (i = 0; i < m->nmks; i++) {
		S_mk *k = &m->mks[i];
		free(k->id); free(k->kind); free(k->form); free(k->text);
		free(k->status); free(k->citation); free(k->where);
		free(k->part); free(k->excerpt);
	}
	for (i = 0; i < m->nfds + m->nsups; i++) {
		S_fd *f = i < m->nfds ? &m->fds[i] : &m->sups[i - m->nfds];
		free(f->rule); free(f->disposition); free(f->message);
		free(f->authority); free(f->suggestion); free(f->part);
		free(f->lane); free(f->lane_desc);
		free(f->excerpt); free(f->justification);
	}
	free(m->docs);
	free(m->mks);
	free(m->fds);
	free(m->sups);
	S_markset_free(&m->marks);
	free((char *)m->o.for_whom);
	free((char *)m->o.from);
	free((char *)m->o.subject);
	free((char *)m->o.date);
	free(m);
}

void ml_memo_add_document(ml_memo *m, const ml_memo_doc *d)
{
	S_doc *s;
	ml_marking roll;

	S_grow((void **)&m->docs, m->ndocs, &m->adocs, sizeof *m->docs);
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
	s->roll = -1;
	if (d->rollup && ml_marking_parse_banner(d->rollup, strlen(d->rollup),
	    0, &roll, NULL) == ML_MARKING_FOUND)
		s->roll = (long)S_markset_add(&m->marks, &roll);
}

/* The mark of the portion an item quotes (see ml_memo_item). */
static size_t S_qmark(ml_memo *m, const S_doc *d, const ml_memo_item *it)
{
	const char *src = it->portion_mark ? it->portion_mark : it->excerpt;
	ml_marking pm;

	if (src && ml_marking_find_portion_mark(src, strlen(src), 0, &pm,
	    NULL) == ML_MARKING_FOUND)
		return S_markset_add(&m->marks, &pm);
	if (d->roll >= 0)
		return (size_t)d->roll;
	return m->mark_u;
}

static int S_reported(const ml_memo *m, const ml_memo_item *it)
{
	return it->severity >= m->o.min_severity;
}

/* Adds it to the last document; mk is the index of its marking in
 * m->mks when the caller knows it, else -1 (looked up by id). */
static int S_add_item(ml_memo *m, const ml_memo_item *it, long mk)
{
	S_doc *d;
	size_t i, q;

	if (!m->ndocs)
		return -1;
	d = &m->docs[m->ndocs - 1];
	q = S_qmark(m, d, it);
	if (mk < 0 && it->marking_id)
		for (i = m->nmks; i-- > d->first_mk;)
			if (m->mks[i].id && strcmp(m->mks[i].id,
			                           it->marking_id) == 0) {
				mk = (long)i;
				break;
			}
	if (mk < 0 && (it->marking_id || it->marking) &&
	    (it->kind || !it->rule)) {
		S_mk *k;
		S_grow((void **)&m->mks, m->nmks, &m->amks, sizeof *m->mks);
		k = &m->mks[m->nmks];
		memset(k, 0, sizeof *k);
		k->id = S_dup(it->marking_id);
		k->kind = S_dup(it->kind);
		k->form = S_dup(it->form);
		k->text = S_dup(it->marking);
		k->status = S_dup(it->status);
		k->citation = S_dup(it->citation);
		k->where = S_dup(it->where);
		k->blanket = it->blanket;
		k->part = S_dup(it->part);
		k->paragraph = it->paragraph;
		k->excerpt = S_dup(it->excerpt);
		k->qmark = q;
		k->doc = m->ndocs - 1;
		mk = (long)m->nmks++;
	}
	if (it->rule && S_reported(m, it)) {
		S_fd *f;
		if (it->suppressed) {
			S_grow((void **)&m->sups, m->nsups, &m->asups,
			       sizeof *m->sups);
			f = &m->sups[m->nsups++];
		} else {
			S_grow((void **)&m->fds, m->nfds, &m->afds,
			       sizeof *m->fds);
			f = &m->fds[m->nfds++];
		}
		memset(f, 0, sizeof *f);
		f->suppressed = it->suppressed;
		f->justification = S_dup(it->justification);
		f->rule = S_dup(it->rule);
		f->disposition = S_dup(it->disposition ? it->disposition
		                                       : "review");
		f->message = S_dup(it->message);
		f->authority = S_dup(it->authority);
		f->suggestion = S_dup(it->suggestion);
		f->lane = S_dup(it->lane);
		f->lane_desc = S_dup(it->lane_desc ? it->lane_desc : it->lane);
		f->severity = it->severity;
		f->part = S_dup(it->part);
		f->paragraph = it->paragraph;
		f->excerpt = S_dup(it->excerpt);
		f->qmark = q;
		f->mk = mk;
		f->doc = m->ndocs - 1;
	}
	return 0;
}

int ml_memo_add_item(ml_memo *m, const ml_memo_item *it)
{
	return S_add_item(m, it, -1);
}

/* --- from reports --- */

static int S_finding_on(const ml_finding *f)
{
	return !f->rule || f->rule->enabled;
}

/* The portion mark a remove finding puts in place of the portion's own,
 * or 0 when it changes none. */
static int S_replacement(const ml_report *r, size_t portion, ml_marking *out)
{
	const ml_finding *f;
	const ml_found *k;
	size_t i, n = ml_report_findings(r, &f), nk = ml_report_markings(r, &k);

	for (i = 0; i < n; i++) {
		if (f[i].portion != portion || !S_finding_on(&f[i]) ||
		    f[i].suppressed != ML_SUPPRESS_NONE ||
		    !f[i].disposition || strcmp(f[i].disposition, "remove") ||
		    !f[i].suggestion || f[i].marking < 0 ||
		    (size_t)f[i].marking >= nk ||
		    k[f[i].marking].form != ML_FORM_PORTION)
			continue;
		if (ml_marking_find_portion_mark(f[i].suggestion,
		    strlen(f[i].suggestion), 0, out, NULL) == ML_MARKING_FOUND)
			return 1;
	}
	return 0;
}

/* Roll-up of the document's portion marks, as they are (after == 0) or
 * after the recommended changes; *malformed counts marks that do not
 * parse. Returns 0, or -1 when no portion mark parses. */
static int S_doc_rollup(const ml_report *r, int after, ml_marking *out,
                        size_t *malformed)
{
	const ml_doc *doc = ml_report_doc(r);
	S_markset set;
	ml_marking pm, rep;
	const ml_marking **v;
	size_t i, n = ml_doc_portion_count(doc);
	int rc = -1;

	memset(&set, 0, sizeof set);
	if (malformed)
		*malformed = 0;
	for (i = 0; i < n; i++) {
		const ml_portion *p = ml_doc_portion(doc, i);
		ml_marking_status st = ml_marking_find_portion_mark(p->text,
		    p->len, 0, &pm, NULL);
		if (st == ML_MARKING_MALFORMED && malformed)
			(*malformed)++;
		if (st != ML_MARKING_FOUND)
			continue;
		if (after && S_replacement(r, i, &rep))
			pm = rep;
		S_markset_add(&set, &pm);
	}
	if (set.n) {
		v = ml_xcalloc(set.n, sizeof *v);
		for (i = 0; i < set.n; i++)
			v[i] = &set.v[i];
		rc = ml_marking_rollup(v, set.n, out);
		free(v);
	}
	S_markset_free(&set);
	return rc;
}

int ml_memo_rollup_after(const ml_report *r, ml_marking *out)
{
	return S_doc_rollup(r, 1, out, NULL);
}

static char *S_banner_of(const ml_marking *m)
{
	ml_buf b;

	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	ml_marking_format(m, ML_MARKING_BANNER, &b);
	return ml_buf_detach(&b, NULL); /* the caller frees */
}

/* The item of a marking k (and of finding f, or none) of report r. */
static void S_item(const ml_report *r, const ml_found *k,
                   const ml_finding *f, ml_memo_item *it, char *pmark,
                   size_t pmark_size)
{
	const ml_doc *doc = ml_report_doc(r);
	/* one of k and f at least: a finding, or a marking without one */
	size_t portion = f ? f->portion : k ? k->portion : 0;
	const ml_portion *p = ml_doc_portion(doc, portion);
	ml_marking pm;
	ml_buf b;

	memset(it, 0, sizeof *it);
	it->part = p->part;
	it->paragraph = p->paragraph;
	pmark[0] = '\0';
	if (ml_marking_find_portion_mark(p->text, p->len, 0, &pm, NULL) ==
	    ML_MARKING_FOUND) {
		ml_buf_init(&b, pmark_size - 1);
		if (ml_marking_format(&pm, ML_MARKING_PORTION, &b) == 0)
			memcpy(pmark, b.ptr, b.size + 1);
		ml_buf_free(&b);
	}
	it->portion_mark = pmark[0] ? pmark : "(?)";
	if (k) {
		it->marking_id = k->id;
		it->kind = ml_mark_kind_name(k->kind);
		it->form = ml_mark_form_name(k->form);
		it->marking = k->text;
		it->status = ml_just_status_name(k->status);
		it->citation = k->citation;
		it->where = k->where == ML_WHERE_NONE ? NULL
		                                       : ml_where_name(k->where);
		it->blanket = k->blanket;
	}
	if (f) {
		it->rule = f->rule ? f->rule->id : "?";
		it->severity = f->severity;
		it->disposition = f->disposition;
		it->message = f->message;
		it->authority = f->rule ? f->rule->authority : NULL;
		it->suggestion = f->suggestion;
		it->lane = f->lane;
		it->suppressed = f->suppressed;
		it->justification = f->justification;
	}
}

/* ml_context cuts inside the portion: copy the excerpt out. */
static void S_add_report_item(ml_memo *m, const ml_report *r,
                              const ml_found *k, const ml_finding *f,
                              long mk)
{
	ml_memo_item it;
	char pmark[256];
	const ml_portion *p;
	const ml_lane *lane;
	ml_buf desc;
	size_t n;
	char *ex;

	S_item(r, k, f, &it, pmark, sizeof pmark);
	lane = it.lane ? ml_lanes_find(ml_rules_lanes_const(ml_report_rules(r)),
	                               it.lane) : NULL;
	ml_buf_init(&desc, 1024);
	if (lane) {
		ml_lane_describe(lane, &desc);
		it.lane_desc = desc.ptr;
	}
	p = ml_doc_portion(ml_report_doc(r), f ? f->portion : k->portion);
	it.excerpt = ml_context(p, k ? k->off : 0, k ? k->len : 0, &n);
	ex = ml_xstrndup(it.excerpt, n);
	it.excerpt = ex;
	if (strcmp(it.portion_mark, "(?)") == 0)
		it.portion_mark = NULL; /* the document's roll-up */
	S_add_item(m, &it, mk);
	free(ex);
	ml_buf_free(&desc);
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
	if (S_doc_rollup(r, 0, &roll, &malformed) == 0)
		now = S_banner_of(&roll);
	if (S_doc_rollup(r, 1, &roll, NULL) == 0)
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
	{"markdown", ML_MEMO_MARKDOWN}
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

	if (!dot || (slash && dot < slash) || strlen(dot + 1) >= sizeof ext)
		return -1;
	for (i = 0; dot[1 + i]; i++)
		ext[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z'
		                ? dot[1 + i] - 'A' + 'a' : dot[1 + i]);
	ext[i] = '\0';
	return ml_memo_format_parse(ext, out);
}

const char *ml_memo_format_name(ml_memo_format f)
{
	static const char *const names[] = {"markdown", "html", "text"};
	return (unsigned)f < 3 ? names[f] : "markdown";
}

/* --- layout --- */

/* The references the memo may cite, in order, and the text in a rule's
 * authority (or the memo's own use) that makes a finding use each. */
typedef struct S_ref {
	const char *text;
	const char *key;     /* found in a listed finding's authority */
	const char *use;     /* or used by the memo for this disposition */
} S_ref;

static const S_ref S_refs[] = {
	{"DoDM 5200.01 Vol. 2, Encl. 4", "DoDM 5200.01", NULL},
	{"DFARS PGI 204.402", "204.402", NULL},
	{"DoDI 5200.48", "5200.48", NULL},
	{"DoDD 5230.11", "5230.11", "review"} /* the FDO referral */
};
#define S_NREFS (sizeof S_refs / sizeof S_refs[0])

/* The dispositions, in the order of paragraph 3. */
static const char *const S_disps[] = {"remove", "review", "retain",
                                      "narrow", "correct"};
static const char *const S_disp_titles[] = {"Remove", "Review", "Retain",
                                            "Narrow", "Correct"};
#define S_NDISPS 5

typedef struct S_lay {
	const ml_memo *m;
	ml_memo_layout *l;
	unsigned char *used;    /* marks quoted anywhere (the banner) */
	unsigned char *local;   /* marks quoted in the current block */
	unsigned char *para;    /* marks quoted in the current paragraph */
	char refletter[S_NREFS];/* 'a'... or 0 when not cited */
} S_lay;

/* Copies s with control characters and line breaks as spaces, cut to
 * max characters (0: no cut) with "…". The caller frees. */
static char *S_clean(const char *s, size_t max)
{
	ml_buf b;
	size_t i, chars = 0, n = strlen(s);
	unsigned char c;

	ml_buf_init(&b, S_BIG);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80) {
			if (max && chars == max) {
				ml_buf_puts(&b, "\xe2\x80\xa6");
				break;
			}
			chars++;
		}
		if (c < 0x20 || c == 0x7F) {
			ml_buf_putc(&b, ' ');
		} else if (c == 0xC2 && i + 1 < n &&
		           (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9F) {
			ml_buf_putc(&b, ' ');
			i++;
		} else {
			ml_buf_putc(&b, (char)c);
		}
	}
	if (!b.size)
		return ml_xstrdup("");
	return ml_buf_detach(&b, NULL);
}

static ml_memo_block *S_block(S_lay *y, ml_memo_block_kind kind)
{
	ml_memo_layout *l = y->l;
	ml_memo_block *b;

	S_grow((void **)&l->v, l->n, &l->alloc, sizeof *l->v);
	b = &l->v[l->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

/* The portion mark of the marks flagged in set (nothing: "(U)"). */
static char *S_mark_of(S_lay *y, const unsigned char *set)
{
	ml_buf b;

	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	S_rollup_str(&y->m->marks, set, ML_MARKING_PORTION, &b,
	             y->m->mark_u);
	return ml_buf_detach(&b, NULL);
}

/* Records that the current paragraph quotes a portion marked q. */
static void S_quote(S_lay *y, size_t q)
{
	y->used[q] = 1;
	y->local[q] = 1;
}

static void S_local_reset(S_lay *y)
{
	memset(y->local, 0, y->m->marks.n);
}

static void S_count(ml_buf *b, size_t n, const char *one, const char *many)
{
	ml_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

static int S_is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static const char *S_file_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* "word/document.xml, paragraph 6", with the path first when the memo
 * reviews several documents. */
static void S_loc(S_lay *y, ml_buf *b, size_t doc, const char *part,
                  unsigned paragraph)
{
	if (y->m->ndocs > 1)
		ml_buf_printf(b, "%s: ", y->m->docs[doc].path);
	if (part && *part)
		ml_buf_puts(b, part);
	if (paragraph)
		ml_buf_printf(b, "%sparagraph %u", part && *part ? ", " : "",
		              paragraph);
	if ((!part || !*part) && !paragraph)
		ml_buf_puts(b, "the document");
}

/* Whether the marking's text is the document's prose (a sentence), not
 * a marking. */
static int S_prose(const S_mk *k)
{
	return S_is(k->form, "sentence") || !k->form;
}

static const char *S_kind_noun(const S_mk *k)
{
	if (S_is(k->kind, "foreign-restriction"))
		return "foreign-participation restriction";
	if (S_is(k->form, "banner"))
		return "NOFORN banner";
	if (S_is(k->form, "statement"))
		return "NOFORN statement";
	if (S_is(k->form, "attribute"))
		return "NOFORN IC-ISM attribute";
	return "NOFORN portion marking";
}

/* "cited: ICD 403 (footnote)", "weak: ...", "none found". */
static void S_basis(ml_buf *b, const S_mk *k)
{
	if (!k->status) {
		ml_buf_puts(b, "not judged");
		return;
	}
	if (S_is(k->status, "missing") && !k->citation) {
		ml_buf_puts(b, "none found");
		return;
	}
	ml_buf_printf(b, "%s", k->status);
	if (k->citation)
		ml_buf_printf(b, ": %s", k->citation);
	if (k->where)
		ml_buf_printf(b, " (%s)", k->where);
}

/* Text that names a marking without quoting the document's prose. */
static void S_marking_ref(S_lay *y, ml_buf *b, const S_mk *k)
{
	if (S_prose(k) && (y->m->o.no_excerpts || !k->text)) {
		ml_buf_printf(b, "the %s", S_kind_noun(k));
	} else if (S_prose(k)) {
		ml_buf_printf(b, "the %s \xe2\x80\x9c", S_kind_noun(k));
		ml_buf_puts(b, k->text);
		ml_buf_puts(b, "\xe2\x80\x9d");
		S_quote(y, k->qmark);
	} else {
		ml_buf_printf(b, "the %s %s", S_kind_noun(k),
		              k->text ? k->text : "");
	}
}

static void S_add_text_block(S_lay *y, ml_memo_block_kind kind, int level,
                             const char *label, const char *title,
                             ml_buf *text, int marked)
{
	ml_memo_block *bl = S_block(y, kind);

	bl->level = level;
	bl->label = S_dup(label);
	bl->title = S_dup(title);
	bl->text = text ? S_clean(text->ptr, 0) : NULL;
	if (marked) {
		size_t i;
		bl->mark = S_mark_of(y, y->local);
		for (i = 0; i < y->m->marks.n; i++)
			y->para[i] |= y->local[i];
	}
}

/* Lays out one finding of paragraph 3: location, what, excerpt, status,
 * the authority it rests on or lacks. */
static void S_finding(S_lay *y, const S_fd *f, size_t num)
{
	const ml_memo *m = y->m;
	const S_mk *k = f->mk >= 0 ? &m->mks[f->mk] : NULL;
	ml_buf b;
	char label[32];

	ml_buf_init(&b, S_BIG);
	S_local_reset(y);
	S_loc(y, &b, f->doc, f->part, f->paragraph);
	if (k && k->id)
		ml_buf_printf(&b, " (%s)", k->id);
	ml_buf_printf(&b, ", %s (%s): ", f->rule, ml_severity_name(f->severity));
	if (!m->o.no_excerpts && f->message) {
		ml_buf_puts(&b, f->message);
		ml_buf_puts(&b, ".");
		S_quote(y, f->qmark);
	} else if (k) {
		S_marking_ref(y, &b, k);
		ml_buf_puts(&b, ".");
	} else {
		ml_buf_puts(&b, "see the rule.");
	}
	if (!m->o.no_excerpts && f->excerpt && *f->excerpt) {
		char *ex = S_clean(f->excerpt, S_EXCERPT);
		ml_buf_printf(&b, " Excerpt: \xe2\x80\x9c%s\xe2\x80\x9d.", ex);
		free(ex);
		S_quote(y, f->qmark);
	}
	if (k) {
		ml_buf_puts(&b, " Basis: ");
		S_basis(&b, k);
		ml_buf_puts(&b, ".");
		if (f->authority)
			ml_buf_printf(&b, " %s: %s.",
			              S_is(k->status, "cited") ? "Rests on"
			              : "Lacks an authority such as",
			              f->authority);
	} else if (f->authority) {
		ml_buf_printf(&b, " Authority: %s.", f->authority);
	}
	snprintf(label, sizeof label, "(%zu)", num);
	S_add_text_block(y, ML_MB_SUB, 2, label, NULL, &b, 1);
	ml_buf_free(&b);
}

static size_t S_listed(const ml_memo *m, size_t n)
{
	return m->o.max_listed && n > m->o.max_listed ? m->o.max_listed : n;
}

static void S_more(S_lay *y, size_t shown, size_t total, int level)
{
	ml_buf b;

	if (shown >= total)
		return;
	ml_buf_init(&b, 256);
	ml_buf_printf(&b, "%zu more not listed here (the limit is %zu).",
	              total - shown, shown);
	S_local_reset(y);
	S_add_text_block(y, ML_MB_SUB, level, NULL, NULL, &b, 1);
	ml_buf_free(&b);
}

static size_t S_ndisp(const ml_memo *m, const char *disp)
{
	size_t i, n = 0;

	for (i = 0; i < m->nfds; i++)
		n += S_is(m->fds[i].disposition, disp);
	return n;
}

/* Markings of a kind with a finding of a disposition (NULL: any). */
static size_t S_nmk(const ml_memo *m, const char *kind, const char *status,
                    const char *disp, int blanket)
{
	size_t i, j, n = 0;

	for (i = 0; i < m->nmks; i++) {
		const S_mk *k = &m->mks[i];
		int hit = !disp;
		if (!S_is(k->kind, kind) || (status && !S_is(k->status, status))
		    || (blanket && !k->blanket))
			continue;
		for (j = 0; !hit && j < m->nfds; j++)
			hit = m->fds[j].mk == (long)i &&
			      S_is(m->fds[j].disposition, disp);
		n += hit;
	}
	return n;
}

static void S_references(S_lay *y)
{
	const ml_memo *m = y->m;
	size_t i, j;
	char letter = 'a', label[8];

	for (i = 0; i < S_NREFS; i++) {
		int used = 0;
		for (j = 0; !used && j < m->nfds; j++)
			used = (m->fds[j].authority &&
			        strstr(m->fds[j].authority, S_refs[i].key)) ||
			       S_is(S_refs[i].use, m->fds[j].disposition);
		if (!used)
			continue;
		y->refletter[i] = letter;
		snprintf(label, sizeof label, "(%c)", letter++);
		S_block(y, ML_MB_REF)->label = ml_xstrdup(label);
		y->l->v[y->l->n - 1].text = ml_xstrdup(S_refs[i].text);
	}
}

static void S_subject(S_lay *y, ml_buf *b)
{
	const ml_memo *m = y->m;

	if (m->o.subject) {
		ml_buf_puts(b, m->o.subject);
	} else if (m->ndocs == 1 && m->docs[0].title) {
		ml_buf_printf(b, "%s (%s)", m->docs[0].title,
		              S_file_name(m->docs[0].path));
	} else if (m->ndocs == 1) {
		ml_buf_puts(b, S_file_name(m->docs[0].path));
	} else {
		S_count(b, m->ndocs, "document", "documents");
	}
}

static void S_head(S_lay *y)
{
	const ml_memo *m = y->m;
	ml_memo_block *bl;
	ml_buf b;

	S_block(y, ML_MB_BANNER); /* text set when everything is laid out */
	bl = S_block(y, ML_MB_LINE);
	bl->label = ml_xstrdup("MEMORANDUM FOR");
	bl->text = S_clean(m->o.for_whom ? m->o.for_whom : "RECORD", 0);
	if (m->o.from) {
		bl = S_block(y, ML_MB_LINE);
		bl->label = ml_xstrdup("FROM:");
		bl->text = S_clean(m->o.from, 0);
	}
	if (m->o.date) {
		bl = S_block(y, ML_MB_LINE);
		bl->label = ml_xstrdup("DATE:");
		bl->text = S_clean(m->o.date, 0);
	}
	ml_buf_init(&b, S_BIG);
	ml_buf_puts(&b, "Review of Dissemination Markings and "
	            "Foreign-Participation Restrictions in ");
	S_subject(y, &b);
	bl = S_block(y, ML_MB_LINE);
	bl->label = ml_xstrdup("SUBJECT:");
	bl->mark = ml_xstrdup("(U)");
	bl->text = S_clean(b.ptr, 0);
	y->l->subject = S_clean(b.ptr, 0);
	ml_buf_free(&b);
	S_references(y);
}

static void S_purpose(S_lay *y)
{
	ml_buf b;

	ml_buf_init(&b, S_BIG);
	ml_buf_puts(&b, "This memorandum records the review of every NOFORN "
	            "marking and foreign-participation restriction in ");
	S_subject(y, &b);
	ml_buf_puts(&b, ", made with marklint " ML_VERSION_STRING ": each is "
	            "judged by the authority it cites and recommended for "
	            "removal, referral to the Foreign Disclosure Officer, "
	            "retention or narrowing. Every figure below is counted "
	            "from the documents. The memorandum is marked with the "
	            "roll-up of the portions it quotes.");
	S_local_reset(y);
	S_add_text_block(y, ML_MB_PARA, 0, "1.", "Purpose.", &b, 1);
	ml_buf_free(&b);
}

static void S_bottom_line(S_lay *y)
{
	const ml_memo *m = y->m;
	size_t i, portions = 0, unreadable = 0, n;
	ml_buf b;
	char label[32];
	char sub = 'a';

	for (i = 0; i < m->ndocs; i++) {
		portions += m->docs[i].portions;
		unreadable += m->docs[i].err_code != NULL;
	}
	S_local_reset(y);
	S_add_text_block(y, ML_MB_PARA, 0, "2.", "Bottom line.", NULL, 1);
	ml_buf_init(&b, S_BIG);

	S_count(&b, m->ndocs - unreadable, "document", "documents");
	ml_buf_puts(&b, " and ");
	S_count(&b, portions, "portion", "portions");
	ml_buf_puts(&b, " reviewed");
	if (unreadable) {
		ml_buf_puts(&b, "; ");
		S_count(&b, unreadable, "document could not be read",
		        "documents could not be read");
		ml_buf_puts(&b, " (listed below)");
	}
	ml_buf_puts(&b, ".");
	snprintf(label, sizeof label, "%c.", sub++);
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);

	ml_buf_clear(&b);
	S_count(&b, S_nmk(m, "noforn", NULL, NULL, 0), "NOFORN marking",
	        "NOFORN markings");
	ml_buf_puts(&b, " found: ");
	n = S_nmk(m, "noforn", "cited", NULL, 0);
	ml_buf_printf(&b, "%zu cite%s a basis, ", n, n == 1 ? "s" : "");
	ml_buf_printf(&b, "%zu only a weak one, ",
	              S_nmk(m, "noforn", "weak", NULL, 0));
	ml_buf_printf(&b, "%zu none. ", S_nmk(m, "noforn", "missing", NULL, 0));
	n = S_nmk(m, "noforn", NULL, "remove", 0);
	ml_buf_printf(&b, "%zu %s recommended for removal (REL TO or another "
	              "replacement, paragraph 4.a); ", n, n == 1 ? "is" : "are");
	n = S_nmk(m, "noforn", NULL, "review", 0);
	ml_buf_printf(&b, "%zu %s referred to the Foreign Disclosure Officer "
	              "(paragraph 4.c).", n, n == 1 ? "is" : "are");
	snprintf(label, sizeof label, "%c.", sub++);
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);

	ml_buf_clear(&b);
	S_count(&b, S_nmk(m, "foreign-restriction", NULL, NULL, 0),
	        "foreign-participation restriction",
	        "foreign-participation restrictions");
	ml_buf_puts(&b, " found: ");
	n = S_nmk(m, "foreign-restriction", "cited", NULL, 0);
	ml_buf_printf(&b, "%zu cite%s an authority, ", n, n == 1 ? "s" : "");
	ml_buf_printf(&b, "%zu only a weak basis, ",
	              S_nmk(m, "foreign-restriction", "weak", NULL, 0));
	ml_buf_printf(&b, "%zu none; ",
	              S_nmk(m, "foreign-restriction", "missing", NULL, 0));
	n = S_nmk(m, "foreign-restriction", NULL, NULL, 1);
	ml_buf_printf(&b, "%zu %s a blanket restriction.", n,
	              n == 1 ? "is" : "are");
	snprintf(label, sizeof label, "%c.", sub++);
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);

	ml_buf_clear(&b);
	ml_buf_puts(&b, "Findings by disposition: ");
	for (i = 0; i < S_NDISPS; i++)
		ml_buf_printf(&b, "%s%zu %s", i ? ", " : "",
		              S_ndisp(m, S_disps[i]), S_disps[i]);
	ml_buf_puts(&b, ".");
	snprintf(label, sizeof label, "%c.", sub++);
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);

	if (unreadable) {
		size_t shown = 0;
		ml_buf_clear(&b);
		ml_buf_puts(&b, "Documents that could not be read:");
		snprintf(label, sizeof label, "%c.", sub++);
		S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);
		for (i = 0; i < m->ndocs; i++) {
			const S_doc *d = &m->docs[i];
			if (!d->err_code || shown >= S_listed(m, unreadable))
				continue;
			ml_buf_clear(&b);
			ml_buf_printf(&b, "%s: %s [%s].", d->path,
			              d->err_msg ? d->err_msg : "", d->err_code);
			snprintf(label, sizeof label, "(%zu)", ++shown);
			S_add_text_block(y, ML_MB_SUB, 2, label, NULL, &b, 1);
		}
		S_more(y, shown, unreadable, 2);
	}
	ml_buf_free(&b);
}

/* The findings the author suppressed in the document, or the baseline
 * accepts, after the four dispositions of paragraph 3 (only when there
 * are some): each with its reason, none counted anywhere else. The
 * reason is the author's text, so it is quoted (and marks the paragraph)
 * unless the memo quotes no text. */
static void S_set_aside(S_lay *y, unsigned char *all)
{
	const ml_memo *m = y->m;
	size_t i, q, num = 0, head;
	ml_buf b;
	char label[32];

	if (!m->nsups)
		return;
	ml_buf_init(&b, S_BIG);
	ml_buf_printf(&b, "Set aside (%zu): findings suppressed in the "
	              "document or accepted in the baseline; they are not "
	              "counted above.", m->nsups);
	snprintf(label, sizeof label, "%c.", (char)('a' + S_NDISPS));
	S_local_reset(y);
	head = y->l->n;
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 0);
	for (i = 0; i < m->nsups && num < S_listed(m, m->nsups); i++) {
		const S_fd *f = &m->sups[i];
		const S_mk *k = f->mk >= 0 ? &m->mks[f->mk] : NULL;
		ml_buf_clear(&b);
		S_local_reset(y);
		S_loc(y, &b, f->doc, f->part, f->paragraph);
		if (k && k->id)
			ml_buf_printf(&b, " (%s)", k->id);
		ml_buf_printf(&b, ", %s (%s): %s", f->rule,
		              ml_severity_name(f->severity),
		              f->suppressed == ML_SUPPRESS_BASELINE ?
		              "accepted in the baseline" :
		              "suppressed in the document");
		if (f->justification && !m->o.no_excerpts &&
		    f->suppressed != ML_SUPPRESS_BASELINE) {
			char *why = S_clean(f->justification, S_EXCERPT);
			ml_buf_printf(&b, ": \xe2\x80\x9c%s\xe2\x80\x9d", why);
			free(why);
			S_quote(y, f->qmark);
		}
		ml_buf_puts(&b, ".");
		snprintf(label, sizeof label, "(%zu)", ++num);
		S_add_text_block(y, ML_MB_SUB, 2, label, NULL, &b, 1);
		for (q = 0; q < m->marks.n; q++)
			all[q] |= y->local[q];
	}
	S_more(y, num, m->nsups, 2);
	y->l->v[head].mark = S_mark_of(y, all);
	ml_buf_free(&b);
}

static void S_findings(S_lay *y)
{
	const ml_memo *m = y->m;
	size_t para = y->l->n, d, i, num, total;
	unsigned char *all = ml_xcalloc(m->marks.n, 1);
	ml_buf b;
	char label[32];

	S_local_reset(y);
	S_add_text_block(y, ML_MB_PARA, 0, "3.", "Findings.", NULL, 0);
	ml_buf_init(&b, 1024);
	for (d = 0; d < S_NDISPS; d++) {
		size_t head;
		total = S_ndisp(m, S_disps[d]);
		ml_buf_clear(&b);
		ml_buf_printf(&b, "%s (%zu).%s", S_disp_titles[d], total,
		              total ? "" : " None.");
		snprintf(label, sizeof label, "%c.", (char)('a' + d));
		S_local_reset(y);
		head = y->l->n;
		S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 0);
		unsigned char *grp = ml_xcalloc(m->marks.n, 1);
		for (i = 0, num = 0; i < m->nfds; i++) {
			size_t q;
			if (!S_is(m->fds[i].disposition, S_disps[d]) ||
			    num >= S_listed(m, total))
				continue;
			S_finding(y, &m->fds[i], ++num);
			for (q = 0; q < m->marks.n; q++)
				grp[q] |= y->local[q];
		}
		S_more(y, num, total, 2);
		y->l->v[head].mark = S_mark_of(y, grp);
		for (i = 0; i < m->marks.n; i++)
			all[i] |= grp[i];
		free(grp);
	}
	S_set_aside(y, all);
	y->l->v[para].mark = S_mark_of(y, all);
	free(all);
	ml_buf_free(&b);
}

static char S_ref_letter(const S_lay *y, const char *key)
{
	size_t i;

	for (i = 0; i < S_NREFS; i++)
		if (strcmp(S_refs[i].key, key) == 0)
			return y->refletter[i];
	return 0;
}

/* 4.a: what replaces each `remove`; 4.d: how to narrow. */
static void S_changes(S_lay *y, const char *disp, char sub,
                      const char *title)
{
	const ml_memo *m = y->m;
	size_t i, num = 0, total = S_ndisp(m, disp);
	ml_buf b;
	char label[32];

	ml_buf_init(&b, S_BIG);
	ml_buf_printf(&b, "%s%s", title, total ? "" : " None.");
	snprintf(label, sizeof label, "%c.", sub);
	S_local_reset(y);
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);
	for (i = 0; i < m->nfds && num < S_listed(m, total); i++) {
		const S_fd *f = &m->fds[i];
		const S_mk *k = f->mk >= 0 ? &m->mks[f->mk] : NULL;
		ml_marking pm;
		if (!S_is(f->disposition, disp))
			continue;
		ml_buf_clear(&b);
		S_local_reset(y);
		S_loc(y, &b, f->doc, f->part, f->paragraph);
		if (k && k->id)
			ml_buf_printf(&b, " (%s)", k->id);
		ml_buf_printf(&b, ", %s: ", f->rule);
		if (k && !S_prose(k) && f->suggestion && k->text &&
		    (ml_marking_find_portion_mark(f->suggestion,
		        strlen(f->suggestion), 0, &pm, NULL) ==
		        ML_MARKING_FOUND ||
		     ml_marking_parse_banner(f->suggestion,
		        strlen(f->suggestion), 0, &pm, NULL) ==
		        ML_MARKING_FOUND ||
		     strncmp(f->suggestion, "REL TO ", 7) == 0 ||
		     strncmp(f->suggestion, "ism:", 4) == 0)) {
			ml_buf_printf(&b, "replace %s with %s.", k->text,
			              f->suggestion);
		} else {
			if (k)
				S_marking_ref(y, &b, k);
			else
				ml_buf_puts(&b, "the marking");
			if (f->suggestion)
				ml_buf_printf(&b, ": %s.", f->suggestion);
			else
				ml_buf_puts(&b, ": remove it.");
		}
		snprintf(label, sizeof label, "(%zu)", ++num);
		S_add_text_block(y, ML_MB_SUB, 2, label, NULL, &b, 1);
	}
	S_more(y, num, total, 2);
	ml_buf_free(&b);
}

static void S_banners(S_lay *y, char sub)
{
	const ml_memo *m = y->m;
	size_t i, num = 0, readable = 0;
	ml_buf b;
	char label[32];

	for (i = 0; i < m->ndocs; i++)
		readable += !m->docs[i].err_code;
	ml_buf_init(&b, S_BIG);
	ml_buf_puts(&b, "Banner after these changes (the roll-up of the "
	            "portion marks as they would then be):");
	if (!readable)
		ml_buf_puts(&b, " no document was read.");
	snprintf(label, sizeof label, "%c.", sub);
	S_local_reset(y);
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);
	for (i = 0; i < m->ndocs && num < S_listed(m, readable); i++) {
		const S_doc *d = &m->docs[i];
		if (d->err_code)
			continue;
		ml_buf_clear(&b);
		if (m->ndocs > 1)
			ml_buf_printf(&b, "%s: ", d->path);
		if (d->rollup_after)
			ml_buf_printf(&b, "%s (now %s)", d->rollup_after,
			              d->rollup ? d->rollup : "not computed");
		else if (d->rollup)
			ml_buf_printf(&b, "not computed (now %s)", d->rollup);
		else
			ml_buf_puts(&b, "none: no portion carries a mark "
			            "marklint reads");
		if (d->malformed)
			ml_buf_printf(&b, "; %zu portion mark%s that do%s not "
			              "parse %s left out and must be corrected "
			              "by hand", d->malformed,
			              d->malformed == 1 ? "" : "s",
			              d->malformed == 1 ? "es" : "",
			              d->malformed == 1 ? "is" : "are");
		ml_buf_puts(&b, ".");
		snprintf(label, sizeof label, "(%zu)", ++num);
		S_local_reset(y);
		S_add_text_block(y, ML_MB_SUB, 2, label, NULL, &b, 1);
	}
	S_more(y, num, readable, 2);
	ml_buf_free(&b);
}

static void S_referrals(S_lay *y, char sub)
{
	const ml_memo *m = y->m;
	size_t i, num = 0, total = S_ndisp(m, "review");
	char d = S_ref_letter(y, "5230.11");
	ml_buf b;
	char label[32];

	ml_buf_init(&b, S_BIG);
	ml_buf_puts(&b, "Referral to the Foreign Disclosure Officer for a "
	            "disclosure decision");
	if (d)
		ml_buf_printf(&b, " under reference (%c)", d);
	ml_buf_puts(&b, total ? ":" : ": none.");
	snprintf(label, sizeof label, "%c.", sub);
	S_local_reset(y);
	S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);
	for (i = 0; i < m->nfds && num < S_listed(m, total); i++) {
		const S_fd *f = &m->fds[i];
		const S_mk *k = f->mk >= 0 ? &m->mks[f->mk] : NULL;
		if (!S_is(f->disposition, "review"))
			continue;
		ml_buf_clear(&b);
		S_local_reset(y);
		S_loc(y, &b, f->doc, f->part, f->paragraph);
		if (k && k->id)
			ml_buf_printf(&b, " (%s)", k->id);
		ml_buf_printf(&b, ", %s: refer ", f->rule);
		if (k)
			S_marking_ref(y, &b, k);
		else
			ml_buf_puts(&b, "the marking");
		ml_buf_puts(&b, " to the FDO");
		if (f->suggestion)
			ml_buf_printf(&b, "; proposed: %s", f->suggestion);
		ml_buf_puts(&b, ".");
		snprintf(label, sizeof label, "(%zu)", ++num);
		S_add_text_block(y, ML_MB_SUB, 2, label, NULL, &b, 1);
	}
	S_more(y, num, total, 2);
	ml_buf_free(&b);
}

static void S_recommendations(S_lay *y)
{
	size_t para = y->l->n;

	S_local_reset(y);
	memset(y->para, 0, y->m->marks.n);
	S_add_text_block(y, ML_MB_PARA, 0, "4.", "Recommendations.", NULL, 0);
	S_changes(y, "remove", 'a', "Replace or remove each marking "
	          "recommended for removal:");
	S_banners(y, 'b');
	S_referrals(y, 'c');
	S_changes(y, "narrow", 'd', "Narrow each blanket restriction:");
	S_changes(y, "correct", 'e', "Correct each marking (a rewrite, no "
	          "disclosure decision):");
	/* the paragraph's mark: the roll-up of its subparagraphs' */
	y->l->v[para].mark = S_mark_of(y, y->para);
}

/* Paragraph 5 (lanes of cooperation, issue 7): the lanes the restricted
 * portions and clauses fall in, each with its findings and the release
 * recommended for them. Integration by design: a reviewer sees where a
 * partner is already at the table. */
static void S_partner_cooperation(S_lay *y)
{
	const ml_memo *m = y->m;
	size_t para = y->l->n, i, k, nlanes = 0;
	const char **lanes = ml_xcalloc(m->nfds + 1, sizeof *lanes);
	ml_buf b;
	char label[32];

	for (i = 0; i < m->nfds; i++) { /* distinct lanes, in order met */
		const char *l = m->fds[i].lane_desc;
		for (k = 0; l && k < nlanes && strcmp(lanes[k], l) != 0; k++)
			;
		if (l && k == nlanes)
			lanes[nlanes++] = l;
	}
	S_local_reset(y);
	memset(y->para, 0, y->m->marks.n);
	ml_buf_init(&b, S_BIG);
	ml_buf_puts(&b, nlanes
	    ? "These restricted portions and clauses fall in lanes of "
	      "cooperation, where the United States already works with "
	      "partners; release to those partners is recommended, unless "
	      "the document names partners of its own:"
	    : "None of the restricted portions and clauses falls in a lane "
	      "of cooperation.");
	S_add_text_block(y, ML_MB_PARA, 0, "5.", "Partner cooperation.", &b,
	                 0);
	for (k = 0; k < nlanes; k++) {
		size_t num = 0;
		ml_buf_clear(&b);
		S_local_reset(y);
		ml_buf_printf(&b, "Lane %s.", lanes[k]);
		snprintf(label, sizeof label, "%c.", (int)('a' + k % 26));
		S_add_text_block(y, ML_MB_SUB, 1, label, NULL, &b, 1);
		for (i = 0; i < m->nfds; i++) {
			const S_fd *f = &m->fds[i];
			const S_mk *mk = f->mk >= 0 ? &m->mks[f->mk] : NULL;
			if (!f->lane_desc || strcmp(f->lane_desc, lanes[k]))
				continue;
			ml_buf_clear(&b);
			S_local_reset(y);
			S_loc(y, &b, f->doc, f->part, f->paragraph);
			if (mk && mk->id)
				ml_buf_printf(&b, " (%s)", mk->id);
			ml_buf_printf(&b, ", %s: ", f->rule);
			if (mk)
				S_marking_ref(y, &b, mk);
			else
				ml_buf_puts(&b, "the marking");
			ml_buf_printf(&b, "; recommended: %s.", f->suggestion
			              ? f->suggestion : "refer to the FDO");
			snprintf(label, sizeof label, "(%zu)", ++num);
			S_add_text_block(y, ML_MB_SUB, 2, label, NULL, &b, 1);
		}
	}
	ml_buf_free(&b);
	free(lanes);
	y->l->v[para].mark = S_mark_of(y, y->para);
}

static char *S_join_findings(const ml_memo *m, size_t mk, int what)
{
	char *out;
	ml_buf b;
	size_t i, n = 0;

	ml_buf_init(&b, S_BIG);
	for (i = 0; i < m->nfds; i++) {
		const S_fd *f = &m->fds[i];
		const char *s = what == 0 ? f->rule : what == 1 ? f->disposition
		                                               : f->suggestion;
		if (f->mk != (long)mk || !s)
			continue;
		ml_buf_printf(&b, "%s%s", n++ ? "; " : "", s);
	}
	if (!n)
		ml_buf_puts(&b, "\xe2\x80\x94"); /* — */
	out = S_clean(b.ptr, 0);
	ml_buf_free(&b);
	return out; /* the caller frees */
}

static void S_attachment(S_lay *y)
{
	static const char *const head[ML_MEMO_COLS] = {
		"Class.", "ID", "Location", "Marking", "Rule", "Basis found",
		"Disposition", "Suggestion"};
	const ml_memo *m = y->m;
	size_t at, i, c, shown = S_listed(m, m->nmks);
	unsigned char *all = ml_xcalloc(m->marks.n, 1);
	ml_memo_block *bl;
	ml_buf b;

	at = y->l->n;
	bl = S_block(y, ML_MB_ATTACH);
	bl->label = ml_xstrdup("Attachment 1");
	bl->title = ml_xstrdup("Markings reviewed");
	bl = S_block(y, ML_MB_ROW);
	for (c = 0; c < ML_MEMO_COLS; c++)
		bl->cells[c] = ml_xstrdup(head[c]);
	ml_buf_init(&b, S_BIG);
	for (i = 0; i < shown; i++) {
		const S_mk *k = &m->mks[i];
		char *cells[ML_MEMO_COLS];
		S_local_reset(y);
		ml_buf_clear(&b);
		if (S_prose(k) && !m->o.no_excerpts && k->text) {
			ml_buf_printf(&b, "\xe2\x80\x9c%s\xe2\x80\x9d", k->text);
			S_quote(y, k->qmark);
		} else if (S_prose(k)) {
			ml_buf_printf(&b, "(%s, not quoted)", S_kind_noun(k));
		} else {
			ml_buf_puts(&b, k->text ? k->text : "");
		}
		cells[3] = S_clean(b.ptr, S_EXCERPT);
		cells[0] = S_mark_of(y, y->local);
		for (c = 0; c < m->marks.n; c++)
			all[c] |= y->local[c];
		cells[1] = ml_xstrdup(k->id ? k->id : "");
		ml_buf_clear(&b);
		S_loc(y, &b, k->doc, k->part, k->paragraph);
		cells[2] = S_clean(b.ptr, 0);
		cells[4] = S_join_findings(m, i, 0);
		ml_buf_clear(&b);
		S_basis(&b, k);
		cells[5] = S_clean(b.ptr, 0);
		cells[6] = S_join_findings(m, i, 1);
		cells[7] = S_join_findings(m, i, 2);
		bl = S_block(y, ML_MB_ROW);
		memcpy(bl->cells, cells, sizeof cells);
	}
	ml_buf_free(&b);
	if (!m->nmks) {
		S_local_reset(y);
		ml_buf_init(&b, 64);
		ml_buf_puts(&b, "No marking was found.");
		S_add_text_block(y, ML_MB_SUB, 1, NULL, NULL, &b, 1);
		ml_buf_free(&b);
	}
	S_more(y, shown, m->nmks, 1);
	y->l->v[at].mark = S_mark_of(y, all);
	free(all);
}

void ml_memo__layout(const ml_memo *m, ml_memo_layout *l)
{
	S_lay y;
	ml_buf b;

	memset(l, 0, sizeof *l);
	memset(&y, 0, sizeof y);
	y.m = m;
	y.l = l;
	/* the mark set only grows by the marks paragraph 4 re-reads, which
	 * are already in it: size the flags once, with room to spare */
	y.used = ml_xcalloc(m->marks.n + 1, 1);
	y.local = ml_xcalloc(m->marks.n + 1, 1);
	y.para = ml_xcalloc(m->marks.n + 1, 1);
	S_head(&y);
	S_purpose(&y);
	S_bottom_line(&y);
	S_findings(&y);
	S_recommendations(&y);
	S_partner_cooperation(&y);
	S_attachment(&y);
	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	S_rollup_str(&m->marks, y.used, ML_MARKING_BANNER, &b, m->mark_u);
	l->v[0].text = S_clean(b.ptr, 0);
	S_block(&y, ML_MB_BANNER)->text = S_clean(b.ptr, 0);
	ml_buf_free(&b);
	free(y.used);
	free(y.local);
	free(y.para);
}

void ml_memo__layout_free(ml_memo_layout *l)
{
	size_t i, c;

	for (i = 0; i < l->n; i++) {
		ml_memo_block *b = &l->v[i];
		free(b->label); free(b->mark); free(b->title); free(b->text);
		for (c = 0; c < ML_MEMO_COLS; c++)
			free(b->cells[c]);
	}
	free(l->v);
	free(l->subject);
	memset(l, 0, sizeof *l);
}

int ml_memo_banner(const ml_memo *m, ml_buf *buf)
{
	ml_memo_layout l;
	int rc;

	ml_memo__layout(m, &l);
	rc = ml_buf_puts(buf, l.v[0].text);
	ml_memo__layout_free(&l);
	return rc;
}

/* --- Markdown --- */

/* Writes s with every character Markdown could read as syntax escaped
 * (CommonMark: any ASCII punctuation may be backslash-escaped). */
static void S_md(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]{}<>#|~!&", *s))
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void S_md_row(FILE *out, char *const *cells)
{
	size_t c;

	fputs("|", out);
	for (c = 0; c < ML_MEMO_COLS; c++) {
		fputc(' ', out);
		S_md(out, cells[c]);
		fputs(" |", out);
	}
	fputc('\n', out);
}

static void S_write_md(const ml_memo_layout *l, FILE *out)
{
	size_t i, c;

	for (i = 0; i < l->n; i++) {
		const ml_memo_block *b = &l->v[i];
		switch (b->kind) {
		case ML_MB_BANNER:
			if (i)
				fputc('\n', out);
			fputs("**", out);
			S_md(out, b->text);
			fputs("**\n", out);
			break;
		case ML_MB_LINE:
			fputc('\n', out);
			S_md(out, b->label);
			fputc(' ', out);
			if (b->mark) {
				S_md(out, b->mark);
				fputc(' ', out);
			}
			S_md(out, b->text);
			fputc('\n', out);
			break;
		case ML_MB_REF:
			if (i && l->v[i - 1].kind != ML_MB_REF)
				fputs("\nReferences:\n\n", out);
			fputs("- ", out);
			S_md(out, b->label);
			fputc(' ', out);
			S_md(out, b->text);
			fputc('\n', out);
			break;
		case ML_MB_PARA:
			fputs("\n**", out);
			S_md(out, b->label);
			fputc(' ', out);
			S_md(out, b->mark);
			fputc(' ', out);
			S_md(out, b->title);
			fputs("**", out);
			if (b->text) {
				fputc(' ', out);
				S_md(out, b->text);
			}
			fputc('\n', out);
			if (i + 1 < l->n && l->v[i + 1].kind == ML_MB_SUB)
				fputc('\n', out);
			break;
		case ML_MB_SUB:
			fputs(b->level == 2 ? "    - " : "- ", out);
			if (b->label) {
				S_md(out, b->label);
				fputc(' ', out);
			}
			if (b->mark) {
				S_md(out, b->mark);
				fputc(' ', out);
			}
			S_md(out, b->text);
			fputc('\n', out);
			break;
		case ML_MB_ATTACH:
			fputs("\n---\n\n**", out);
			S_md(out, b->label);
			fputc(' ', out);
			S_md(out, b->mark);
			fputc(' ', out);
			S_md(out, b->title);
			fputs("**\n\n", out);
			break;
		case ML_MB_ROW:
			S_md_row(out, b->cells);
			if (i && l->v[i - 1].kind == ML_MB_ATTACH) {
				fputs("|", out);
				for (c = 0; c < ML_MEMO_COLS; c++)
					fputs("---|", out);
				fputc('\n', out);
			}
			break;
		}
	}
}

/* --- text --- */

static size_t S_cols(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Writes first (a prefix) then text word-wrapped to S_WIDTH columns,
 * continuation lines indented by indent spaces. */
static void S_wrap(FILE *out, const char *first, size_t indent,
                   const char *text)
{
	size_t col = S_cols(first, strlen(first)), len;
	const char *w = text, *e;
	size_t flen = strlen(first);
	/* a prefix that does not end in a space is followed by one */
	int line_empty = !flen || first[flen - 1] == ' ';

	fputs(first, out);
	while (w && *w) {
		while (*w == ' ')
			w++;
		if (!*w)
			break;
		e = strchr(w, ' ');
		len = e ? (size_t)(e - w) : strlen(w);
		if (!line_empty && col + 1 + S_cols(w, len) > S_WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			line_empty = 1;
		}
		if (!line_empty) {
			fputc(' ', out);
			col++;
		}
		fwrite(w, 1, len, out);
		col += S_cols(w, len);
		line_empty = 0;
		w += len;
	}
	fputc('\n', out);
}

static void S_write_text(const ml_memo_layout *l, FILE *out)
{
	const ml_memo_block *hdr = NULL;
	size_t i, c, pad;
	char first[512];

	for (i = 0; i < l->n; i++) {
		const ml_memo_block *b = &l->v[i];
		size_t ind = b->level == 2 ? 8 : 4;
		switch (b->kind) {
		case ML_MB_BANNER:
			pad = S_cols(b->text, strlen(b->text));
			pad = pad < S_WIDTH ? (S_WIDTH - pad) / 2 : 0;
			fprintf(out, "%s%*s%s\n", i ? "\n" : "", (int)pad, "",
			        b->text);
			break;
		case ML_MB_LINE:
			snprintf(first, sizeof first, "%s%s%s", b->label,
			         b->mark ? " " : "", b->mark ? b->mark : "");
			fputc('\n', out);
			S_wrap(out, first, strlen(b->label) + 1, b->text);
			break;
		case ML_MB_REF:
			snprintf(first, sizeof first, "%-12s%s",
			         l->v[i - 1].kind == ML_MB_REF ? ""
			                                       : "References:",
			         b->label);
			if (l->v[i - 1].kind != ML_MB_REF)
				fputc('\n', out);
			S_wrap(out, first, 16, b->text);
			break;
		case ML_MB_PARA:
			snprintf(first, sizeof first, "%s %s %s", b->label,
			         b->mark, b->title);
			fputc('\n', out);
			S_wrap(out, first, 0, b->text);
			break;
		case ML_MB_SUB:
			snprintf(first, sizeof first, "%*s%s%s%s%s",
			         (int)(ind - 4), "",
			         b->label ? b->label : "", b->label ? " " : "",
			         b->mark ? b->mark : "", b->mark ? " " : "");
			fputc('\n', out);
			S_wrap(out, first, ind, b->text);
			break;
		case ML_MB_ATTACH:
			snprintf(first, sizeof first, "%s %s %s", b->label,
			         b->mark, b->title);
			fputs("\n\n", out);
			S_wrap(out, first, 0, NULL);
			break;
		case ML_MB_ROW:
			if (!hdr || l->v[i - 1].kind == ML_MB_ATTACH) {
				hdr = b;
				break;
			}
			snprintf(first, sizeof first, "%s %s ", b->cells[1],
			         b->cells[0]);
			fputc('\n', out);
			S_wrap(out, first, 4, b->cells[2]);
			for (c = 3; c < ML_MEMO_COLS; c++) {
				snprintf(first, sizeof first, "    %s:",
				         hdr->cells[c]);
				S_wrap(out, first, 8, b->cells[c]);
			}
			break;
		}
	}
}

int ml_memo_write(const ml_memo *m, ml_memo_format f, FILE *out)
{
	ml_memo_layout l;
	int rc = 0;

	ml_memo__layout(m, &l);
	if (f == ML_MEMO_HTML)
		rc = ml_memo__write_html(&l, out);
	else if (f == ML_MEMO_TEXT)
		S_write_text(&l, out);
	else
		S_write_md(&l, out);
	ml_memo__layout_free(&l);
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
	return rc;
}
