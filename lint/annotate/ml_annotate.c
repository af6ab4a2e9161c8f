/* ml_annotate.c - the annotated copy of a DOCX (see ml_annotate.h): which
 * comment goes where, the comments part, relationships and content types,
 * and the package; the scanner is in ml_annotate_scan.c, the paragraph
 * locator and its splices in ml_annotate_loc.c. */
#include "ml_annotate_int.h"
#include "ml_readers.h"
#include "ml_pkgcopy.h"
#include "ml_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ml_ann__splice_add(ml_ann *a, size_t off, size_t end, int phase,
                        char *text)
{
	ml_ann_splice *s;

	ML_VEC_GROW(a->sp, a->asp, a->nsp + 1, 64);
	s = &a->sp[a->nsp];
	s->off = off;
	s->end = end;
	s->phase = phase;
	s->seq = a->nsp++;
	s->text = text;
}

static int S_long_cmp(const void *x, const void *y)
{
	long a = *(const long *)x, b = *(const long *)y;

	return a < b ? -1 : a > b;
}

int ml_ann__is_old(const ml_ann *a, long id)
{
	return id >= 0 && a->nold &&
	       bsearch(&id, a->old, a->nold, sizeof *a->old, S_long_cmp);
}

/* --- applying splices --- */

static int S_splice_cmp(const void *x, const void *y)
{
	const ml_ann_splice *a = x, *b = y;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	/* insertions before a replacement that starts there: an old anchor
	 * removed at off must not swallow what is put at off */
	if ((a->end > a->off) != (b->end > b->off))
		return a->end > a->off ? 1 : -1;
	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The part with the splices applied (caller frees); *n its length. */
static char *S_apply(ml_ann *a, const char *buf, size_t len, size_t *n)
{
	ml_buf out;
	size_t pos = 0, i;

	if (a->nsp)
		qsort(a->sp, a->nsp, sizeof *a->sp, S_splice_cmp);
	ml_buf_init(&out, (size_t)-1);
	for (i = 0; i < a->nsp; i++) {
		ml_ann_splice *s = &a->sp[i];
		if (s->off < pos)
			continue; /* inside a replaced span (never planned) */
		(void)ml_buf_put(&out, buf + pos, s->off - pos);
		(void)ml_buf_puts(&out, s->text);
		pos = s->end > s->off ? s->end : s->off;
	}
	(void)ml_buf_put(&out, buf + pos, len - pos);
	for (i = 0; i < a->nsp; i++)
		free(a->sp[i].text);
	a->nsp = 0;
	return ml_buf_detach(&out, n);
}

/* --- planning: which comment goes where --- */

/* Is the suggestion a marking that can replace the marking's text? */
static const char *S_proposal(const ml_finding *f, const ml_found *m)
{
	ml_marking mk;
	ml_marking_error me;
	const char *s = f->suggestion;

	if (!s || !m || !m->len)
		return NULL;
	if (m->form == ML_FORM_PORTION && s[0] == '(' &&
	    ml_marking_find_portion_mark(s, strlen(s), 0, &mk, &me) ==
	        ML_MARKING_FOUND && mk.off + mk.len == strlen(s))
		return s;
	if (m->form == ML_FORM_BANNER &&
	    ml_marking_parse_banner(s, strlen(s), 0, &mk, &me) ==
	        ML_MARKING_FOUND)
		return s;
	return NULL;
}

static int S_note_cmp(const void *x, const void *y)
{
	const ml_ann_note *a = x, *b = y;
	size_t ao = a->elsewhere ? 0 : (a->m ? a->m->off : 0);
	size_t bo = b->elsewhere ? 0 : (b->m ? b->m->off : 0);
	size_t al = a->elsewhere ? 0 : (a->m ? a->m->len : 0);
	size_t bl = b->elsewhere ? 0 : (b->m ? b->m->len : 0);

	if (a->p->paragraph != b->p->paragraph && !a->elsewhere &&
	    !b->elsewhere)
		return a->p->paragraph < b->p->paragraph ? -1 : 1;
	if (a->elsewhere != b->elsewhere)
		return a->elsewhere ? -1 : 1;
	if (ao != bo)
		return ao < bo ? -1 : 1;
	if (al != bl)
		return al < bl ? -1 : 1;
	return a->f < b->f ? -1 : a->f > b->f;
}

static int S_edit_cmp(const void *x, const void *y)
{
	const ml_ann_group *a = x, *b = y;

	if (a->paragraph != b->paragraph)
		return a->paragraph < b->paragraph ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return 0;
}

/* ml_annotate_edits: a group per edit of the main part, by paragraph
 * and place; an edit that overlaps the one before is left out. */
static void S_plan_edits(ml_ann *a, const char *main_part)
{
	size_t i, o = 0;

	a->groups = ml_xcalloc(a->nedits ? a->nedits : 1, sizeof *a->groups);
	for (i = 0; i < a->nedits; i++) {
		ml_annotate_edit *e = &a->edits[i];
		ml_ann_group *g = &a->groups[a->ngroups];
		e->applied = 0;
		e->other_part = e->portion &&
		                strcmp(e->portion->part, main_part) != 0;
		if (!e->portion || e->other_part || !e->len ||
		    e->off + e->len > e->portion->len)
			continue;
		g->paragraph = e->portion->paragraph;
		g->p = e->portion;
		g->off = e->off;
		g->len = e->len;
		g->proposal = e->text;
		g->edit = e;
		a->ngroups++;
	}
	if (a->ngroups)
		qsort(a->groups, a->ngroups, sizeof *a->groups, S_edit_cmp);
	for (i = 0; i < a->ngroups; i++) {
		if (o && a->groups[o - 1].paragraph == a->groups[i].paragraph &&
		    a->groups[o - 1].off + a->groups[o - 1].len >
		        a->groups[i].off)
			continue;
		a->groups[o++] = a->groups[i];
	}
	a->ngroups = o;
}

/* Notes for the reported findings, grouped by span; ids from next_id. */
static void S_plan(ml_ann *a, const char *main_part)
{
	const ml_doc *doc = ml_report_doc(a->r);
	const ml_finding *f;
	const ml_found *ms;
	size_t nf = ml_report_findings(a->r, &f), i;
	const ml_portion *home = NULL;

	(void)ml_report_markings(a->r, &ms);
	for (i = 0; i < ml_doc_portion_count(doc) && !home; i++)
		if (strcmp(ml_doc_portion(doc, i)->part, main_part) == 0)
			home = ml_doc_portion(doc, i);
	a->notes = ml_xcalloc(nf ? nf : 1, sizeof *a->notes);
	for (i = 0; i < nf; i++) {
		ml_ann_note *n = &a->notes[a->nnotes];
		if (!ml_finding_counts(&f[i], a->min))
			continue;
		n->f = &f[i];
		n->p = ml_doc_portion(doc, f[i].portion);
		n->m = f[i].marking >= 0 ? &ms[f[i].marking] : NULL;
		if (n->m && n->m->portion != f[i].portion)
			n->m = NULL;
		if (strcmp(n->p->part, main_part) != 0) {
			if (!home)
				continue; /* no paragraph to hang it on */
			n->elsewhere = 1;
		}
		a->nnotes++;
	}
	qsort(a->notes, a->nnotes, sizeof *a->notes, S_note_cmp);
	a->groups = ml_xcalloc(a->nnotes ? a->nnotes : 1, sizeof *a->groups);
	for (i = 0; i < a->nnotes; i++) {
		ml_ann_note *n = &a->notes[i];
		const ml_portion *p = n->elsewhere ? home : n->p;
		size_t off = n->elsewhere || !n->m ? 0 : n->m->off;
		size_t len = n->elsewhere || !n->m ? 0 : n->m->len;
		ml_ann_group *g =
			a->ngroups ? &a->groups[a->ngroups - 1] : NULL;
		n->id = a->next_id++;
		if (!g || g->paragraph != p->paragraph || g->off != off ||
		    g->len != len || g->p != p) {
			g = &a->groups[a->ngroups++];
			g->paragraph = p->paragraph;
			g->p = p;
			g->off = off;
			g->len = len;
			g->first = i;
			g->n = 0;
			g->proposal = NULL;
		}
		g->n++;
		if (!g->proposal && !n->elsewhere)
			g->proposal = S_proposal(n->f, n->m);
	}
}

/* --- the comments part --- */

static void S_cpara(ml_buf *b, const char *x, int n, int ref,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One paragraph of a comment, its text escaped. */
static void S_cpara(ml_buf *b, const char *x, int n, int ref,
                    const char *fmt, ...)
{
	ml_buf t;
	va_list ap;

	ml_buf_init(&t, (size_t)-1);
	va_start(ap, fmt);
	(void)ml_buf_vprintf(&t, fmt, ap);
	va_end(ap);
	(void)ml_buf_printf(b, "<%.*sp>", n, x);
	if (ref)
		(void)ml_buf_printf(b, "<%.*sr><%.*sannotationRef/></%.*sr>", n,
		                    x, n, x, n, x);
	(void)ml_buf_printf(b, "<%.*sr><%.*st xml:space=\"preserve\">", n, x,
	                    n, x);
	ml_ann__esc(b, t.ptr, t.size);
	(void)ml_buf_printf(b, "</%.*st></%.*sr></%.*sp>", n, x, n, x, n, x);
	ml_buf_free(&t);
}

/* The w:comment elements of the notes. Each paragraph starts with a
 * label, and marking text is quoted, so that marklint reading the copy
 * takes none of it for a marking or a restriction. */
static void S_comments(const ml_ann *a, const char *x, int n, ml_buf *b)
{
	size_t i;

	for (i = 0; i < a->nnotes; i++) {
		const ml_ann_note *no = &a->notes[i];
		const ml_finding *f = no->f;
		const ml_found *m = no->m;
		(void)ml_buf_printf(b, "<%.*scomment %.*sid=\"%ld\" "
		                    "%.*sauthor=\"" ML_ANN_AUTHOR "\" "
		                    "%.*sinitials=\"ML\">", n, x, n, x, no->id,
		                    n, x, n, x);
		S_cpara(b, x, n, 1, "marklint %s (%s, %s): %s", f->rule->id,
		        ml_severity_name(f->severity),
		        f->disposition ? f->disposition : "review", f->message);
		if (no->elsewhere)
			S_cpara(b, x, n, 0, "Where: %s, paragraph %u (Word "
			        "takes no comments there).", no->p->part,
			        (unsigned)no->p->paragraph);
		if (m && m->citation)
			S_cpara(b, x, n, 0, "Citation found (%s, %s): \xe2\x80\x9c"
			        "%s\xe2\x80\x9d", ml_just_status_name(m->status),
			        ml_where_name(m->where), m->citation);
		else if (m)
			S_cpara(b, x, n, 0, "Citation: missing.");
		if (f->suggestion)
			S_cpara(b, x, n, 0, "Suggested replacement: \xe2\x80\x9c"
			        "%s\xe2\x80\x9d%s", f->suggestion,
			        a->o->propose && !no->elsewhere &&
			        S_proposal(f, m)
			            ? " (proposed as a tracked change)" : "");
		(void)ml_buf_printf(b, "</%.*scomment>", n, x);
	}
}

/* Reading the existing comments part: marklint's own comments. */
typedef struct S_cmts {
	ml_ann *a;
	const ml_rules *rs;
	const char *buf;
	int in_comment, in_t, is_ours;
	long id;
	size_t start;
	ml_buf text;          /* the comment's text so far (capped) */
	size_t root_end;      /* offset of the root's end tag */
	int root_empty;       /* <w:comments/> */
	size_t root_gt;       /* the root start tag's end */
	const char *pfx;      /* the root's prefix with ':' */
	size_t pfxlen;
	int w_root;
	unsigned depth;
	long *old;
	size_t nold, aold;
} S_cmts;

static void S_cmts_start(void *ud, const ml_ann_tag *t)
{
	S_cmts *c = ud;

	c->depth++;
	if (c->depth == 1) {
		c->w_root = ml_ann__w(t, "comments");
		c->pfx = t->q;
		c->pfxlen = t->qlen - t->llen;
		c->root_empty = t->empty;
		c->root_gt = t->end;
		c->root_end = t->start;
	}
	if (ml_ann__w(t, "comment") && c->depth == 2) {
		const ml_ann_attr *au = ml_ann__attr(t, "author");
		c->in_comment = 1;
		c->start = t->start;
		c->id = ml_ann__num(ml_ann__attr(t, "id"));
		c->is_ours = au && ml_ann__is(au->v, au->vlen, ML_ANN_AUTHOR);
		ml_buf_clear(&c->text);
		if (c->id >= c->a->next_id)
			c->a->next_id = c->id + 1;
	}
	if (ml_ann__w(t, "t"))
		c->in_t = 1;
}

static void S_cmts_text(void *ud, size_t start, size_t end, int cdata)
{
	S_cmts *c = ud;

	if (c->in_comment && c->in_t && c->is_ours)
		ml_ann__decode(c->buf + start, end - start, cdata, 0,
		               &c->text, NULL, NULL);
}

/* "marklint RULE-ID (" with a rule of the rule set. */
static int S_ours(const S_cmts *c)
{
	const char *s = c->text.ptr, *sp;
	char id[64];

	if (strncmp(s, "marklint ", 9) != 0)
		return 0;
	sp = strchr(s + 9, ' ');
	if (!sp || (size_t)(sp - s - 9) >= sizeof id)
		return 0;
	memcpy(id, s + 9, (size_t)(sp - s - 9));
	id[sp - s - 9] = '\0';
	return ml_rules_def(c->rs, id) != NULL;
}

static void S_cmts_end(void *ud, const ml_ann_tag *t)
{
	S_cmts *c = ud;

	if (ml_ann__w(t, "t"))
		c->in_t = 0;
	if (c->depth == 1)
		c->root_end = t->start;
	if (c->depth == 2 && c->in_comment && ml_ann__w(t, "comment")) {
		c->in_comment = 0;
		if (c->is_ours && c->id >= 0 && S_ours(c)) {
			ml_ann__splice_add(c->a, c->start, t->end, 0,
			                   ml_xstrdup(""));
			ML_VEC_GROW(c->old, c->aold, c->nold + 1, 16);
			c->old[c->nold++] = c->id;
		}
	}
	c->depth--;
}

/* --- relationships and content types --- */

typedef struct S_pkgx {
	const char *want_type;   /* relationship type looked for */
	char *target;            /* its Target (owned), or NULL */
	long max_rid;            /* highest "rIdN" */
	const char *want_part;   /* content types: "/word/comments.xml" */
	int has_override;
	size_t root_end;         /* offset of the root's end tag */
	size_t root_gt;
	int root_empty;
	int ok_root;
	const char *root_ns;     /* namespace the root must be in */
	unsigned depth;
} S_pkgx;

/* Is a[0..n) b, but for the case of ASCII letters? */
static int S_ieq(const char *a, size_t n, const char *b)
{
	return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

static void S_pkgx_start(void *ud, const ml_ann_tag *t)
{
	S_pkgx *x = ud;
	const ml_ann_attr *v;

	x->depth++;
	if (x->depth == 1) {
		x->ok_root = t->uri && ml_ann__is(t->uri, t->ulen, x->root_ns);
		x->root_gt = t->end;
		x->root_empty = t->empty;
		x->root_end = t->start;
		return;
	}
	if (ml_ann__is(t->local, t->llen, "Relationship")) {
		const ml_ann_attr *id = ml_ann__attr_q(t, "Id");
		v = ml_ann__attr_q(t, "Type");
		if (id && id->vlen > 3 && memcmp(id->v, "rId", 3) == 0) {
			ml_ann_attr num = *id;
			long n;
			num.v += 3;
			num.vlen -= 3;
			n = ml_ann__num(&num);
			if (n > x->max_rid)
				x->max_rid = n;
		}
		if (x->want_type && v &&
		    ml_ann__is(v->v, v->vlen, x->want_type) && !x->target &&
		    (v = ml_ann__attr_q(t, "Target")) != NULL)
			x->target = ml_xstrndup(v->v, v->vlen);
	}
	if (ml_ann__is(t->local, t->llen, "Override") && x->want_part &&
	    (v = ml_ann__attr_q(t, "PartName")) &&
	    S_ieq(v->v, v->vlen, x->want_part))
		x->has_override = 1;
}

static void S_pkgx_end(void *ud, const ml_ann_tag *t)
{
	S_pkgx *x = ud;

	if (x->depth == 1)
		x->root_end = t->start;
	x->depth--;
}

/* Inserts ins before the root's end tag of part buf (an empty root gets
 * one). Returns the new part (caller frees). */
static char *S_insert_root(const char *buf, size_t len, const S_pkgx *x,
                           const char *rootq, size_t rootqlen,
                           const char *ins, size_t *n)
{
	ml_buf b;

	ml_buf_init(&b, (size_t)-1);
	if (x->root_empty) {
		/* "<Types .../>": "/>" becomes ">" ins "</Types>" */
		size_t slash = x->root_gt - 2;
		(void)ml_buf_put(&b, buf, slash);
		(void)ml_buf_printf(&b, ">%s</%.*s>", ins, (int)rootqlen, rootq);
		(void)ml_buf_put(&b, buf + x->root_gt, len - x->root_gt);
	} else {
		(void)ml_buf_put(&b, buf, x->root_end);
		(void)ml_buf_puts(&b, ins);
		(void)ml_buf_put(&b, buf + x->root_end, len - x->root_end);
	}
	return ml_buf_detach(&b, n);
}

/* The qualified name of the root element of buf. */
static void S_root_qname(const char *buf, size_t len, const char **q,
                         size_t *qlen)
{
	size_t i = 0;

	*q = "";
	*qlen = 0;
	while (i < len) {
		if (buf[i] == '<' && i + 1 < len && buf[i + 1] != '?' &&
		    buf[i + 1] != '!') {
			size_t k = i + 1;
			while (k < len && buf[k] != '>' && buf[k] != '/' &&
			       buf[k] != ' ' && buf[k] != '\n' &&
			       buf[k] != '\t' && buf[k] != '\r')
				k++;
			*q = buf + i + 1;
			*qlen = k - i - 1;
			return;
		}
		i++;
	}
}

/* dir + target, with "./" and "../" resolved; a leading '/' is from the
 * package root. Caller frees. */
static char *S_resolve_target(const char *dir, const char *target)
{
	ml_buf b;
	char *out;
	const char *s;

	ml_buf_init(&b, (size_t)-1);
	if (target[0] != '/')
		(void)ml_buf_puts(&b, dir);
	else
		target++;
	s = target;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			char *cut;
			if (b.size)
				b.ptr[--b.size] = '\0'; /* its trailing '/' */
			cut = strrchr(b.ptr, '/');
			b.size = cut ? (size_t)(cut - b.ptr) + 1 : 0;
			if (b.asize)
				b.ptr[b.size] = '\0';
		} else if (!(n == 1 && s[0] == '.') && n) {
			(void)ml_buf_put(&b, s, n);
			if (e)
				(void)ml_buf_putc(&b, '/');
		}
		s = e ? e + 1 : s + n;
	}
	out = ml_buf_detach(&b, NULL);
	return out;
}

/* --- the package --- */

/* Reads the entry name (exact, then case-insensitively) into b; 1 when
 * found, 0 when absent, negative on error. */
static int S_read(ml_pkgcopy *pk, const char *name, ml_buf *b,
                  ml_error *err)
{
	int i = ml_pkgcopy_find(pk, name);

	if (i < 0)
		return 0;
	return ml_pkgcopy_read(pk, i, b, err) < 0 ? err->status : 1;
}

/* The main part's name, from _rels/.rels (caller frees). */
static char *S_main_part(ml_pkgcopy *pk, const ml_limits *lim,
                         ml_error *err)
{
	ml_buf b;
	S_pkgx x;
	char *name = NULL;

	memset(&x, 0, sizeof x);
	x.want_type = ML_ANN_RELNS "officeDocument";
	x.root_ns = "http://schemas.openxmlformats.org/package/2006/"
	            "relationships";
	ml_buf_init(&b, lim->max_part_size);
	if (S_read(pk, "_rels/.rels", &b, err) > 0 &&
	    ml_ann__scan(b.ptr, b.size, &x, S_pkgx_start, S_pkgx_end, NULL) == 0
	    && x.target)
		name = S_resolve_target("", x.target);
	free(x.target);
	ml_buf_free(&b);
	return name ? name : ml_xstrdup("word/document.xml");
}

/* The state of one annotation (all owned here, freed by S_done). */
typedef struct S_job {
	ml_pkgcopy *pk;
	char *main, *dir, *rels_name, *cmts_name;
	ml_buf doc, rels, cmts, ct;
	S_cmts c;
	S_pkgx rx, cx;
	int has_rels, has_cmts;
} S_job;

static void S_done(S_job *j, ml_ann *a)
{
	size_t i;

	for (i = 0; i < a->nsp; i++)
		free(a->sp[i].text);
	free(a->sp);
	free(a->notes);
	free(a->groups);
	free(j->c.old);
	ml_buf_free(&j->c.text);
	free(j->rx.target);
	ml_buf_free(&j->doc);
	ml_buf_free(&j->rels);
	ml_buf_free(&j->cmts);
	ml_buf_free(&j->ct);
	free(j->main);
	free(j->dir);
	free(j->rels_name);
	free(j->cmts_name);
	ml_pkgcopy_free(j->pk);
}

/* Finds the parts and reads the comments part's marklint comments. */
static int S_parts(S_job *j, ml_ann *a, const ml_limits *lim, ml_error *err)
{
	const char *slash;
	int rc;

	j->main = S_main_part(j->pk, lim, err);
	slash = strrchr(j->main, '/');
	j->dir = ml_xstrndup(j->main, slash ? (size_t)(slash - j->main) + 1
	                                    : 0);
	ml_buf_init(&j->rels, (size_t)-1);
	(void)ml_buf_printf(&j->rels, "%s_rels/%s.rels", j->dir,
	                    slash ? slash + 1 : j->main);
	j->rels_name = ml_buf_detach(&j->rels, NULL);
	ml_buf_init(&j->doc, lim->max_part_size);
	ml_buf_init(&j->rels, lim->max_part_size);
	ml_buf_init(&j->cmts, lim->max_part_size);
	ml_buf_init(&j->ct, lim->max_part_size);
	if ((rc = S_read(j->pk, j->main, &j->doc, err)) <= 0)
		return rc < 0 ? rc : ml_err(err, ML_EFORMAT, "annotate-no-main",
		                           "%s not found in the package",
		                           j->main);
	if ((rc = S_read(j->pk, "[Content_Types].xml", &j->ct, err)) <= 0)
		return rc < 0 ? rc : ml_err(err, ML_EFORMAT, "annotate-no-main",
		                           "[Content_Types].xml not found");
	j->rx.want_type = ML_ANN_RELNS "comments";
	j->rx.root_ns = "http://schemas.openxmlformats.org/package/2006/"
	                "relationships";
	if ((rc = S_read(j->pk, j->rels_name, &j->rels, err)) < 0)
		return rc;
	j->has_rels = rc;
	if (j->has_rels && (ml_ann__scan(j->rels.ptr, j->rels.size, &j->rx,
	                                 S_pkgx_start, S_pkgx_end, NULL) < 0 ||
	                    !j->rx.ok_root))
		return ml_err(err, ML_EFORMAT, "xml-malformed",
		             "%s: not a relationships part", j->rels_name);
	if (j->rx.target)
		j->cmts_name = S_resolve_target(j->dir, j->rx.target);
	else {
		ml_buf n;
		ml_buf_init(&n, (size_t)-1);
		(void)ml_buf_printf(&n, "%s%s", j->dir,
		                    ml_pkgcopy_find(j->pk, "word/comments.xml")
		                        >= 0 ? "comments-marklint.xml"
		                             : "comments.xml");
		j->cmts_name = ml_buf_detach(&n, NULL);
	}
	if ((rc = S_read(j->pk, j->cmts_name, &j->cmts, err)) < 0)
		return rc;
	j->has_cmts = rc && j->rx.target;
	j->c.a = a;
	j->c.rs = a->rs;
	j->c.buf = j->cmts.ptr;
	ml_buf_init(&j->c.text, 256);
	if (j->has_cmts &&
	    (ml_ann__scan(j->cmts.ptr, j->cmts.size, &j->c, S_cmts_start,
	                  S_cmts_end, S_cmts_text) < 0 || !j->c.w_root ||
	     !j->c.pfxlen))
		return ml_err(err, ML_EFORMAT, "annotate-unsupported",
		             "%s: not a WordprocessingML comments part with a "
		             "w: prefix", j->cmts_name);
	return 0;
}

/* The main part with the anchors (pass 1: ids, pass 2: splices). */
static int S_main(S_job *j, ml_ann *a, char **out, size_t *outlen,
                  ml_error *err)
{
	const char *q;
	size_t qlen;

	*out = NULL;
	*outlen = 0;
	if (ml_ann__scan(j->doc.ptr, j->doc.size, a,
	                 ml_ann__maxid_start, NULL, NULL) < 0)
		return ml_err(err, ML_EFORMAT, "xml-malformed",
		             "%s: cannot be rewritten (not well-formed, or a "
		             "DOCTYPE)", j->main);
	if (a->edits)
		S_plan_edits(a, j->main);
	else
		S_plan(a, j->main);
	S_root_qname(j->doc.ptr, j->doc.size, &q, &qlen);
	if (ml_ann__locate(a, j->doc.ptr, j->doc.size, q, qlen) < 0)
		return ml_err(err, ML_EFORMAT, "annotate-unsupported",
		             "%s: cannot be rewritten (not well-formed, Strict "
		             "OOXML, or WordprocessingML without a prefix)",
		             j->main);
	*out = S_apply(a, j->doc.ptr, j->doc.size, outlen);
	return 0;
}

/* The comments part: earlier marklint comments out, the new ones in. */
static char *S_comments_part(S_job *j, ml_ann *a, ml_ann_splice *csp,
                             size_t ncsp, size_t *n)
{
	ml_buf b;
	char *out;

	ml_buf_init(&b, (size_t)-1);
	if (!j->has_cmts) {
		free(csp); /* nothing was read, nothing to splice */
		(void)ncsp;
		(void)ml_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
		                  "standalone=\"yes\"?>\r\n<w:comments xmlns:w=\""
		                  ML_ANN_W "\">");
		S_comments(a, "w:", 2, &b);
		(void)ml_buf_puts(&b, "</w:comments>");
		return ml_buf_detach(&b, n);
	}
	S_comments(a, j->c.pfx, (int)j->c.pfxlen, &b);
	free(a->sp);
	a->sp = csp;
	a->nsp = a->asp = ncsp;
	if (j->c.root_empty) {
		/* "<w:comments .../>": "/>" becomes ">" ... "</w:comments>" */
		ml_buf t;
		ml_buf_init(&t, (size_t)-1);
		(void)ml_buf_printf(&t, ">%s</%.*scomments>", b.ptr,
		                    (int)j->c.pfxlen, j->c.pfx);
		ml_ann__splice_add(a, j->c.root_gt - 2, j->c.root_gt, 1,
		                   ml_buf_detach(&t, NULL));
	} else {
		ml_ann__splice_add(a, j->c.root_end, j->c.root_end, 1,
		                   ml_buf_detach(&b, NULL));
	}
	ml_buf_free(&b);
	out = S_apply(a, j->cmts.ptr, j->cmts.size, n);
	return out;
}

/* The relationship and content type of a new comments part. */
static int S_register(S_job *j, ml_error *err)
{
	ml_buf ins;
	const char *q;
	size_t qlen, n;
	char *part;
	const char *rel = j->cmts_name + strlen(j->dir);

	ml_buf_init(&ins, (size_t)-1);
	if (!j->has_rels) {
		(void)ml_buf_printf(&ins, "<?xml version=\"1.0\" encoding=\"UTF-8\""
		                    " standalone=\"yes\"?>\r\n<Relationships "
		                    "xmlns=\"http://schemas.openxmlformats.org/"
		                    "package/2006/relationships\"><Relationship "
		                    "Id=\"rId1\" Type=\"" ML_ANN_RELNS
		                    "comments\" Target=\"%s\"/></Relationships>",
		                    rel);
		part = ml_buf_detach(&ins, &n);
	} else {
		(void)ml_buf_printf(&ins, "<Relationship Id=\"rId%ld\" Type=\""
		                    ML_ANN_RELNS "comments\" Target=\"%s\"/>",
		                    j->rx.max_rid + 1, rel);
		S_root_qname(j->rels.ptr, j->rels.size, &q, &qlen);
		part = S_insert_root(j->rels.ptr, j->rels.size, &j->rx, q, qlen,
		                     ins.ptr, &n);
	}
	ml_pkgcopy_put(j->pk, j->rels_name, part, n);
	ml_buf_free(&ins);
	memset(&j->cx, 0, sizeof j->cx);
	j->cx.root_ns = "http://schemas.openxmlformats.org/package/2006/"
	                "content-types";
	ml_buf_init(&ins, (size_t)-1);
	(void)ml_buf_printf(&ins, "/%s", j->cmts_name);
	j->cx.want_part = ins.ptr;
	if (ml_ann__scan(j->ct.ptr, j->ct.size, &j->cx, S_pkgx_start,
	                 S_pkgx_end, NULL) < 0 || !j->cx.ok_root) {
		ml_buf_free(&ins);
		return ml_err(err, ML_EFORMAT, "xml-malformed",
		             "[Content_Types].xml: not a content types part");
	}
	if (!j->cx.has_override) {
		ml_buf o;
		ml_buf_init(&o, (size_t)-1);
		(void)ml_buf_printf(&o, "<Override PartName=\"/%s\" "
		                    "ContentType=\"" ML_ANN_CT_COMMENTS "\"/>",
		                    j->cmts_name);
		S_root_qname(j->ct.ptr, j->ct.size, &q, &qlen);
		part = S_insert_root(j->ct.ptr, j->ct.size, &j->cx, q, qlen,
		                     o.ptr, &n);
		ml_pkgcopy_put(j->pk, "[Content_Types].xml", part, n);
		ml_buf_free(&o);
	}
	ml_buf_free(&ins);
	return 0;
}

int ml_annotate_write(const ml_result *res, FILE *out,
                      const ml_annotate_opts *o, ml_annotate_stats *st,
                      ml_error *err)
{
	const ml_lint_opts *lo = ml_result_opts(res);
	const ml_limits *lim = &lo->limits;
	const void *data;
	size_t len;
	S_job j;
	ml_ann a;
	ml_ann_splice *csp;
	size_t ncsp, n;
	char *part;
	int rc;

	memset(&j, 0, sizeof j);
	memset(&a, 0, sizeof a);
	memset(st, 0, sizeof *st);
	data = ml_result_input(res, &len);
	if (!ml_result_report(res) || !data)
		return ml_err(err, ML_EUSAGE, "usage", "annotate needs a "
		              "document linted with keep_input");
	if (ml_doc_format(ml_result_doc(res)) != ML_FORMAT_DOCX)
		return ml_err(err, ML_EUSAGE, "annotate-format", "annotate "
		              "writes DOCX and DOCM packages only, and this is "
		              "%s: check it with `marklint check`",
		              ml_format_name(ml_doc_format(ml_result_doc(res))));
	a.r = ml_result_report(res);
	a.rs = lo->rules;
	a.o = o;
	a.min = lo->min_severity;
	a.st = st;
	a.err = err;
	rc = ml_pkgcopy_open(ml_result_path(res), data, len, &j.pk, err);
	if (rc < 0)
		goto cleanup;
	rc = S_parts(&j, &a, lim, err);
	if (rc < 0)
		goto cleanup;
	/* the comments part's splices wait for the main part's */
	csp = a.sp;
	ncsp = a.nsp;
	a.sp = NULL;
	a.nsp = a.asp = 0;
	if (j.c.nold)
		qsort(j.c.old, j.c.nold, sizeof *j.c.old, S_long_cmp);
	a.old = j.c.old;
	a.nold = j.c.nold;
	st->removed = j.c.nold;
	rc = S_main(&j, &a, &part, &n, err);
	if (rc < 0) {
		size_t i;
		for (i = 0; i < ncsp; i++)
			free(csp[i].text);
		free(csp);
		goto cleanup;
	}
	ml_pkgcopy_put(j.pk, j.main, part, n);
	st->comments = a.nnotes;
	part = S_comments_part(&j, &a, csp, ncsp, &n);
	ml_pkgcopy_put(j.pk, j.cmts_name, part, n);
	if (!j.has_cmts && (rc = S_register(&j, err)) < 0)
		goto cleanup;
	rc = ml_pkgcopy_write(j.pk, out, err);
cleanup:
	S_done(&j, &a);
	return rc;
}

int ml_annotate_edits(const char *name, const void *data, size_t len,
                      const ml_doc *doc, const ml_limits *lim,
                      ml_annotate_edit *e, size_t n, FILE *out,
                      ml_annotate_stats *st, ml_error *err)
{
	static const ml_annotate_opts o = {1};
	S_job j;
	ml_ann a;
	size_t plen;
	char *part;
	int rc;

	memset(&j, 0, sizeof j);
	memset(&a, 0, sizeof a);
	memset(st, 0, sizeof *st);
	if (ml_doc_format(doc) != ML_FORMAT_DOCX)
		return ml_err(err, ML_EUSAGE, "annotate-format", "tracked "
		              "changes are written in DOCX and DOCM packages "
		              "only, and this is %s",
		              ml_format_name(ml_doc_format(doc)));
	a.o = &o;
	a.st = st;
	a.err = err;
	a.doc = doc;
	a.edits = e;
	a.nedits = n;
	rc = ml_pkgcopy_open(name, data, len, &j.pk, err);
	if (rc < 0)
		goto cleanup;
	j.main = S_main_part(j.pk, lim, err);
	ml_buf_init(&j.doc, lim->max_part_size);
	if ((rc = S_read(j.pk, j.main, &j.doc, err)) <= 0) {
		rc = rc < 0 ? rc : ml_err(err, ML_EFORMAT, "annotate-no-main",
		                          "%s not found in the package", j.main);
		goto cleanup;
	}
	rc = S_main(&j, &a, &part, &plen, err);
	if (rc < 0)
		goto cleanup;
	ml_pkgcopy_put(j.pk, j.main, part, plen);
	rc = ml_pkgcopy_write(j.pk, out, err);
cleanup:
	S_done(&j, &a);
	return rc;
}
