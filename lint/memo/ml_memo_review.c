/* ml_memo_review.c - the review memorandum laid out (ml_memo_lay_review):
 *
 *   date, MEMORANDUM FOR, FROM, SUBJECT, References (the authorities of
 *   the rules that fired, lettered once)
 *   1. Purpose.
 *   2. Summary: what was found, what is recommended (with the paragraph
 *      of each disposition), the banner after the changes.
 *   3... one paragraph per disposition that has markings (remove, refer
 *      to the FDO, correct, narrow, retain, accepted earlier): the rules
 *      once, with their references and what to do, then one
 *      sub-paragraph per marking.
 *   signature block; Attachment: the markings reviewed, one row each.
 *
 * and the per-document detail of an audit (ml_memo_lay_detail).
 */
#include "ml_memo_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct S_rev {
	const ml_memo *m;
	ml_memo_layout *l;
	ml_memo__items its;
	ml_memo__say say;       /* references, advice given */
	size_t count[8];        /* items per disposition */
	unsigned para[8];       /* the paragraph of each; 0: none */
	const char *lane_all;   /* the lane of every marking to change */
} S_rev;

static int S_listed(const ml_memo__item *it)
{
	return it->into < 0 && it->disp >= 0;
}

static void S_count(ml_buf *b, size_t n, const char *one, const char *many)
{
	ml_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

static const char *S_file_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

static void S_subject(const ml_memo *m, ml_buf *b)
{
	if (m->o.subject)
		ml_buf_puts(b, m->o.subject);
	else if (m->ndocs == 1 && m->docs[0].title)
		ml_buf_printf(b, "%s (%s)", m->docs[0].title,
		              S_file_name(m->docs[0].path));
	else if (m->ndocs == 1)
		ml_buf_puts(b, S_file_name(m->docs[0].path));
	else
		S_count(b, m->ndocs, "document", "documents");
}

/* The references: for each disposition's paragraph in order, what its
 * action rests on, then the authorities of its findings. */
static void S_references(S_rev *r)
{
	size_t d, i, j;

	for (d = 0; d < ml_memo__ndisps; d++) {
		if (!r->count[d])
			continue;
		ml_memo_refs_add(&r->say.refs, ml_memo__disps[d].cites);
		for (i = 0; i < r->its.n; i++) {
			const ml_memo__item *it = &r->its.v[i];
			if (!S_listed(it) || it->disp != (int)d)
				continue;
			ml_memo_refs_add(&r->say.refs,
			                  r->m->fds[it->primary].authority);
			for (j = 0; j < it->nfds; j++)
				ml_memo_refs_add(&r->say.refs,
				    r->m->fds[it->fds[j]].authority);
		}
	}
}

static ml_memo_block *S_para(S_rev *r, unsigned num, const char *title,
                             const char *mark, ml_buf *text)
{
	ml_memo_block *b = ml_memo_layout_add(r->l, ML_MB_PARA);
	char label[16];

	snprintf(label, sizeof label, "%u.", num);
	b->label = ml_xstrdup(label);
	b->title = ml_xstrdup(title);
	b->mark = ml_xstrdup(mark ? mark : "(U)");
	b->text = text && text->size ? ml_memo_clean(text->ptr, 0) : NULL;
	return b;
}

static void S_purpose(S_rev *r)
{
	const ml_memo *m = r->m;
	size_t i, portions = 0;
	ml_buf b;

	for (i = 0; i < m->ndocs; i++)
		portions += m->docs[i].portions;
	ml_buf_init(&b, ML_MEMO__BIG);
	ml_buf_puts(&b, "Each NOFORN marking and foreign-participation "
	            "restriction in ");
	if (m->ndocs == 1)
		ml_buf_puts(&b, S_file_name(m->docs[0].path));
	else
		S_count(&b, m->ndocs, "document", "documents");
	ml_buf_puts(&b, " (");
	S_count(&b, portions, "portion", "portions");
	ml_buf_puts(&b, ") was reviewed with marklint " ML_VERSION_STRING
	            " against the authority it cites. This memorandum is "
	            "marked with the roll-up of what it quotes.");
	S_para(r, 1, "Purpose.", NULL, &b);
	ml_buf_free(&b);
}

/* Markings of a kind (and status, or any: NULL); blanket ones when
 * blanket. */
static size_t S_nmk(const ml_memo *m, const char *kind, const char *status,
                    int blanket)
{
	size_t i, n = 0;

	for (i = 0; i < m->nmks; i++) {
		const ml_memo__mk *k = &m->mks[i];
		if (!k->kind || strcmp(k->kind, kind) ||
		    (status && (!k->status || strcmp(k->status, status))) ||
		    (blanket && !k->blanket))
			continue;
		n++;
	}
	return n;
}

static void S_found(const ml_memo *m, ml_buf *b)
{
	size_t n = S_nmk(m, "noforn", NULL, 0);

	S_count(b, n, "NOFORN marking", "NOFORN markings");
	if (n)
		ml_buf_printf(b, ": %zu cite%s a basis, %zu only a weak one, "
		              "%zu none",
		              S_nmk(m, "noforn", "cited", 0),
		              S_nmk(m, "noforn", "cited", 0) == 1 ? "s" : "",
		              S_nmk(m, "noforn", "weak", 0),
		              S_nmk(m, "noforn", "missing", 0));
	ml_buf_puts(b, ". ");
	n = S_nmk(m, "foreign-restriction", NULL, 0);
	S_count(b, n, "foreign-participation restriction",
	        "foreign-participation restrictions");
	if (n)
		ml_buf_printf(b, ": %zu cite%s an authority, %zu only a weak "
		              "basis, %zu none; %zu blanket",
		              S_nmk(m, "foreign-restriction", "cited", 0),
		              S_nmk(m, "foreign-restriction", "cited", 0) == 1
		                  ? "s" : "",
		              S_nmk(m, "foreign-restriction", "weak", 0),
		              S_nmk(m, "foreign-restriction", "missing", 0),
		              S_nmk(m, "foreign-restriction", NULL, 1));
	ml_buf_puts(b, ".");
}

static void S_recommended(S_rev *r, ml_buf *b)
{
	size_t d, k = 0, n = 0;
	char num[32];

	for (d = 0; d < ml_memo__ndisps; d++)
		n += r->count[d] != 0;
	if (!n) {
		ml_buf_puts(b, " Nothing to change.");
		return;
	}
	ml_buf_puts(b, " Recommended: ");
	for (d = 0; d < ml_memo__ndisps; d++) {
		if (!r->count[d])
			continue;
		k++;
		ml_buf_puts(b, k == 1 ? "" : k == n ? " and " : ", ");
		snprintf(num, sizeof num, "%zu", r->count[d]);
		ml_memo__fill(b, ml_memo__disps[d].verb, num);
		ml_buf_printf(b, " (paragraph %u)", r->para[d]);
	}
	ml_buf_puts(b, ".");
}

/* The banner of one document after the changes, against now. */
static void S_banner_change(const ml_memo__doc *d, ml_buf *b)
{
	if (d->rollup_after && d->rollup &&
	    strcmp(d->rollup_after, d->rollup) == 0)
		ml_buf_printf(b, "stays %s", d->rollup);
	else if (d->rollup_after)
		ml_buf_printf(b, "becomes %s (now %s)", d->rollup_after,
		              d->rollup ? d->rollup : "none");
	else if (d->rollup)
		ml_buf_printf(b, "is not known (now %s)", d->rollup);
	else
		ml_buf_puts(b, "is none: no portion carries a mark that "
		            "marklint reads");
}

static void S_malformed(size_t n, ml_buf *b)
{
	ml_buf_printf(b, "; %zu portion mark%s that do%s not parse %s left "
	              "out and must be corrected by hand", n,
	              n == 1 ? "" : "s", n == 1 ? "es" : "",
	              n == 1 ? "is" : "are");
}

static void S_banner_of(const ml_memo__doc *d, ml_buf *b)
{
	S_banner_change(d, b);
	if (d->malformed)
		S_malformed(d->malformed, b);
}

/* The banners after the changes: one document's, or for several, each
 * change once with the number of documents (and the first few names). */
static void S_banners(const ml_memo *m, ml_buf *b)
{
	size_t i, k, readable = 0, malformed = 0, ngroups = 0;
	size_t *group = ml_xcalloc(m->ndocs + 1, sizeof *group);
	ml_buf one, other;

	for (i = 0; i < m->ndocs; i++) {
		readable += !m->docs[i].err_code;
		malformed += m->docs[i].malformed;
	}
	if (readable == 1) {
		for (i = 0; m->docs[i].err_code; i++)
			;
		ml_buf_puts(b, " After these changes the banner ");
		S_banner_of(&m->docs[i], b);
		ml_buf_puts(b, ".");
	}
	if (readable <= 1) {
		free(group);
		return;
	}
	ml_buf_init(&one, 4096);
	ml_buf_init(&other, 4096);
	ml_buf_puts(b, " After these changes the banner");
	/* group[i]: 1 + the first document with the same change */
	for (i = 0; i < m->ndocs; i++) {
		if (m->docs[i].err_code)
			continue;
		ml_buf_clear(&one);
		S_banner_change(&m->docs[i], &one);
		for (k = 0; k < i && !group[i]; k++) {
			if (!group[k] || group[k] != k + 1)
				continue;
			ml_buf_clear(&other);
			S_banner_change(&m->docs[k], &other);
			if (strcmp(one.ptr, other.ptr) == 0)
				group[i] = k + 1;
		}
		if (!group[i])
			group[i] = i + 1;
	}
	for (i = 0; i < m->ndocs; i++) {
		size_t n = 0, shown = 0;
		if (m->docs[i].err_code || group[i] != i + 1)
			continue;
		for (k = i; k < m->ndocs; k++)
			n += !m->docs[k].err_code && group[k] == i + 1;
		ml_buf_puts(b, ngroups++ ? "; it " : " ");
		S_banner_change(&m->docs[i], b);
		ml_buf_printf(b, " in %zu document%s (", n, n == 1 ? "" : "s");
		for (k = i; k < m->ndocs && shown < 3; k++)
			if (!m->docs[k].err_code && group[k] == i + 1)
				ml_buf_printf(b, "%s%s", shown++ ? ", " : "",
				              m->docs[k].path);
		ml_buf_puts(b, n > shown ? ", ...)" : ")");
	}
	if (malformed)
		S_malformed(malformed, b);
	ml_buf_puts(b, ".");
	ml_buf_free(&one);
	ml_buf_free(&other);
	free(group);
}

static void S_unreadable(const ml_memo *m, ml_buf *b)
{
	size_t i, k = 0, n = 0;

	for (i = 0; i < m->ndocs; i++)
		n += m->docs[i].err_code != NULL;
	if (!n)
		return;
	ml_buf_puts(b, " ");
	S_count(b, n, "document", "documents");
	ml_buf_puts(b, n == 1 ? " could not be read: " : " could not be "
	            "read: ");
	for (i = 0; i < m->ndocs; i++) {
		const ml_memo__doc *d = &m->docs[i];
		if (!d->err_code)
			continue;
		ml_buf_printf(b, "%s%s (%s [%s])", k++ ? "; " : "", d->path,
		              d->err_msg ? d->err_msg : "", d->err_code);
	}
	ml_buf_puts(b, ".");
}

static void S_summary(S_rev *r)
{
	ml_buf b;

	ml_buf_init(&b, ML_MEMO__BIG);
	S_found(r->m, &b);
	S_recommended(r, &b);
	if (r->lane_all)
		ml_buf_printf(&b, " Those to replace or refer fall in the "
		              "lane of cooperation %s.", r->lane_all);
	S_banners(r->m, &b);
	S_unreadable(r->m, &b);
	S_para(r, 2, "Summary.", NULL, &b);
	ml_buf_free(&b);
}

/* The lane all of a paragraph's items share, or NULL (then each item
 * says its own). */
static const char *S_common_lane(const S_rev *r, int d, int *each)
{
	const char *lane = NULL;
	size_t i;

	*each = 0;
	for (i = 0; i < r->its.n; i++) {
		const ml_memo__item *it = &r->its.v[i];
		const char *l;
		if (!S_listed(it) || it->disp != d)
			continue;
		l = r->m->fds[it->primary].lane_desc;
		if (!l)
			continue;
		if (lane && strcmp(lane, l)) {
			*each = 1;
			return NULL;
		}
		lane = l;
	}
	return lane;
}

/* What a paragraph's markings have in common, and its rules once each
 * with their severity and references: "These cite no authority
 * (NOFORN-UNJUSTIFIED, error: references (a) to (d); FOREIGN-UNJUSTIFIED,
 * error: reference (a))." */
static void S_rules(const S_rev *r, int d, ml_buf *b)
{
	const char **seen = ml_xcalloc(r->its.n + 1, sizeof *seen);
	size_t i, k, n = 0;

	ml_buf_puts(b, ml_memo__disps[d].why);
	for (i = 0; i < r->its.n; i++) {
		const ml_memo__item *it = &r->its.v[i];
		const ml_memo__fd *f;
		size_t mark;
		if (!S_listed(it) || it->disp != d)
			continue;
		f = &r->m->fds[it->primary];
		for (k = 0; k < n && strcmp(seen[k], f->rule); k++)
			;
		if (k < n)
			continue;
		ml_buf_printf(b, "%s%s, %s", n ? "; " : " (", f->rule,
		              ml_severity_name(f->severity));
		seen[n++] = f->rule;
		mark = b->size;
		ml_buf_puts(b, ": ");
		ml_memo_refs_cite(&r->say.refs, f->authority, b);
		if (b->size == mark + 2) {
			b->size = mark;
			b->ptr[mark] = '\0';
		}
	}
	ml_buf_puts(b, n ? ")." : ".");
	free(seen);
}

/* The lane every marking to replace or refer falls in, or NULL: then
 * each paragraph says its own. */
static const char *S_lane_of_all(const S_rev *r)
{
	const char *lane = NULL;
	size_t i;

	for (i = 0; i < r->its.n; i++) {
		const ml_memo__item *it = &r->its.v[i];
		const char *l;
		if (!S_listed(it) || it->disp > 1)
			continue;
		l = r->m->fds[it->primary].lane_desc;
		if (!l || (lane && strcmp(lane, l)))
			return NULL;
		lane = l;
	}
	return lane;
}

static void S_disposition(S_rev *r, int d)
{
	const ml_memo__disp *dd = &ml_memo__disps[d];
	const char *lane;
	size_t at, i, num = 0, nmarks = 0;
	char **marks = ml_xcalloc(r->its.n + 1, sizeof *marks);
	unsigned flags = 0;
	int each = 0;
	ml_buf b, cite;

	ml_buf_init(&b, ML_MEMO__BIG);
	ml_buf_init(&cite, 4096);
	S_rules(r, d, &b);
	ml_memo_refs_cite(&r->say.refs, dd->cites, &cite);
	ml_buf_putc(&b, ' ');
	ml_memo__fill(&b, dd->action, cite.ptr);
	lane = r->lane_all ? NULL : S_common_lane(r, d, &each);
	if (lane)
		ml_buf_printf(&b, " All fall in %s, a lane of cooperation with "
		              "these partners.", lane);
	if (each)
		flags |= ML_MEMO__LANE;
	at = r->l->n;
	ml_buf_clear(&cite);
	ml_buf_printf(&cite, "%s.", dd->title);
	S_para(r, r->para[d], cite.ptr, NULL, &b);
	for (i = 0; i < r->its.n; i++) {
		ml_memo_block *sub;
		char label[32], letter[8];
		if (!S_listed(&r->its.v[i]) || r->its.v[i].disp != d)
			continue;
		ml_buf_clear(&b);
		sub = NULL;
		ml_memo__letter(num++, letter, sizeof letter);
		snprintf(label, sizeof label, "%u.%s", r->para[d], letter);
		r->say.label = label;
		marks[nmarks] = ml_memo__item_text(r->m, &r->its, i, &r->say,
		                                   flags, &b);
		r->say.label = NULL;
		sub = ml_memo_layout_add(r->l, ML_MB_SUB);
		sub->level = 1;
		snprintf(label, sizeof label, "%s.", letter);
		sub->label = ml_xstrdup(label);
		sub->mark = ml_xstrdup(marks[nmarks++]);
		sub->text = ml_memo_clean(b.ptr, 0);
	}
	free(r->l->v[at].mark);
	r->l->v[at].mark = ml_memo__rollup_marks((const char *const *)marks,
	                                         nmarks);
	for (i = 0; i < nmarks; i++)
		free(marks[i]);
	free(marks);
	ml_buf_free(&b);
	ml_buf_free(&cite);
}

static void S_attachment(S_rev *r, const char *label)
{
	ml_memo_block *bl;
	char **marks = ml_xcalloc(r->its.n + 1, sizeof *marks);
	size_t i, c, n = 0, at;

	at = r->l->n;
	bl = ml_memo_layout_add(r->l, ML_MB_ATTACH);
	bl->label = ml_xstrdup(label);
	bl->title = ml_xstrdup("Markings Reviewed");
	if (!r->its.n) {
		bl = ml_memo_layout_add(r->l, ML_MB_NOTE);
		bl->mark = ml_xstrdup("(U)");
		bl->text = ml_xstrdup("No marking was found.");
	} else {
		bl = ml_memo_layout_add(r->l, ML_MB_ROW);
		bl->head = bl->class_col = 1;
		bl->ncells = ML_MEMO__ROW_COLS;
		for (c = 0; c < ML_MEMO__ROW_COLS; c++)
			bl->cells[c] = ml_xstrdup(ml_memo__row_head[c]);
	}
	for (i = 0; i < r->its.n; i++) {
		if (r->its.v[i].into >= 0)
			continue;
		bl = ml_memo_layout_add(r->l, ML_MB_ROW);
		bl->class_col = 1;
		bl->ncells = ML_MEMO__ROW_COLS;
		ml_memo__item_row(r->m, &r->its, i, bl->cells);
		marks[n++] = bl->cells[0];
	}
	r->l->v[at].mark = ml_memo__rollup_marks((const char *const *)marks,
	                                         n);
	free(marks);
}

static void S_rev_init(S_rev *r, const ml_memo *m, ml_memo_layout *l)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->m = m;
	r->l = l;
	ml_memo__items_build(m, &r->its);
	for (i = 0; i < r->its.n; i++)
		if (S_listed(&r->its.v[i]))
			r->count[r->its.v[i].disp]++;
	r->lane_all = S_lane_of_all(r);
}

void ml_memo_lay_review(const ml_memo *m, ml_memo_layout *l)
{
	static const char *const attach[] = {"Markings Reviewed", NULL};
	S_rev r;
	const char **refs;
	unsigned num = 3;
	size_t d, i;
	ml_buf b;

	S_rev_init(&r, m, l);
	for (d = 0; d < ml_memo__ndisps; d++)
		if (r.count[d])
			r.para[d] = num++;
	S_references(&r);
	refs = ml_xcalloc(r.say.refs.n + 1, sizeof *refs);
	for (i = 0; i < r.say.refs.n; i++)
		refs[i] = r.say.refs.v[i];
	ml_buf_init(&b, ML_MEMO__BIG);
	ml_buf_puts(&b, "Review of NOFORN Markings and Foreign-Participation "
	            "Restrictions in ");
	S_subject(m, &b);
	ml_memo_lay_head(l, &m->o, b.ptr, refs);
	ml_buf_free(&b);
	free(refs);
	S_purpose(&r);
	S_summary(&r);
	for (d = 0; d < ml_memo__ndisps; d++)
		if (r.count[d])
			S_disposition(&r, (int)d);
	ml_memo_lay_signature(l, &m->o, attach);
	S_attachment(&r, "Attachment");
	ml_memo__items_free(&r.its);
	ml_memo__say_free(&r.say);
}

/* --- the per-document detail of an audit --- */

static void S_detail_note(S_rev *r, size_t doc, ml_buf *b)
{
	const ml_memo__doc *d = &r->m->docs[doc];
	size_t i, kept = 0;
	ml_memo_block *bl;

	for (i = 0; i < r->its.n; i++) {
		const ml_memo__item *it = &r->its.v[i];
		if (it->doc != doc || !S_listed(it))
			continue;
		kept += it->disp == ML_MEMO__RETAIN;
	}
	ml_buf_clear(b);
	ml_buf_puts(b, d->path);
	if (d->title)
		ml_buf_printf(b, " (%s)", d->title);
	ml_buf_puts(b, ": the banner ");
	S_banner_of(d, b);
	ml_buf_puts(b, " after these changes");
	if (kept)
		ml_buf_printf(b, "; %zu marking%s retained", kept,
		              kept == 1 ? "" : "s");
	ml_buf_puts(b, ".");
	bl = ml_memo_layout_add(r->l, ML_MB_NOTE);
	bl->mark = ml_xstrdup("(U)");
	bl->text = ml_memo_clean(b->ptr, 0);
}

size_t ml_memo_lay_detail(const ml_memo *m, ml_memo_layout *l)
{
	S_rev r;
	size_t i, ndocs = 0, num = 0;
	long noted = -1;
	ml_buf b;

	S_rev_init(&r, m, l);
	ml_buf_init(&b, ML_MEMO__BIG);
	/* a document's items are next to each other, in reading order */
	for (i = 0; i < r.its.n; i++) {
		const ml_memo__item *it = &r.its.v[i];
		ml_memo_block *sub;
		char label[16], letter[8];
		if (!S_listed(it) || it->disp == ML_MEMO__RETAIN)
			continue;
		if ((long)it->doc != noted) {
			S_detail_note(&r, it->doc, &b);
			noted = (long)it->doc;
			ndocs++;
			num = 0;
			/* what was quoted and said is pointed back to within
			 * one document's detail */
			ml_memo__say_free(&r.say);
		}
		ml_buf_clear(&b);
		ml_memo__letter(num++, letter, sizeof letter);
		sub = ml_memo_layout_add(l, ML_MB_SUB);
		sub->level = 1;
		r.say.label = letter;
		sub->mark = ml_memo__item_text(m, &r.its, i, &r.say,
		                               ML_MEMO__WITH_DISP |
		                               ML_MEMO__NO_PATH |
		                               ML_MEMO__LANE, &b);
		r.say.label = NULL;
		snprintf(label, sizeof label, "%s.", letter);
		sub->label = ml_xstrdup(label);
		sub->text = ml_memo_clean(b.ptr, 0);
	}
	ml_buf_free(&b);
	ml_memo__items_free(&r.its);
	ml_memo__say_free(&r.say);
	return ndocs;
}

/* --- what the memo holds, counted; the documents that need action --- */

void ml_memo_count(const ml_memo *m, ml_memo_counts *out)
{
	size_t *const slot[] = {&out->remove, &out->review, &out->correct,
	                        &out->narrow, &out->other, &out->retain,
	                        &out->accepted};
	ml_memo_layout l;
	S_rev r;
	size_t i;
	long doc = -1;

	memset(out, 0, sizeof *out);
	ml_memo_layout_init(&l);
	S_rev_init(&r, m, &l);
	for (i = 0; i < r.its.n; i++) {
		const ml_memo__item *it = &r.its.v[i];
		if (!S_listed(it))
			continue;
		(*slot[it->disp])++;
		if (it->disp < ML_MEMO__RETAIN && (long)it->doc != doc) {
			out->docs_to_act++;
			doc = (long)it->doc;
		}
	}
	ml_memo__items_free(&r.its);
	ml_memo__say_free(&r.say);
	ml_memo_layout_free(&l);
}

size_t ml_memo_lay_documents(const ml_memo *m, ml_memo_layout *l)
{
	static const char *const head[] = {
		"Document", "Banner", "After the changes", "Replace or remove",
		"Refer to the FDO", "Correct", "Narrow", "Review"};
	const size_t ncols = sizeof head / sizeof head[0];
	size_t n[ML_MEMO__OTHER + 1], i, k, c, rows = 0, bad = 0;
	ml_memo_block *bl;
	S_rev r;
	ml_buf b;

	S_rev_init(&r, m, l);
	ml_buf_init(&b, ML_MEMO__BIG);
	/* a document's items are next to each other */
	for (i = 0; i < r.its.n; i = k) {
		const ml_memo__doc *d = &m->docs[r.its.v[i].doc];
		size_t any = 0;
		memset(n, 0, sizeof n);
		for (k = i; k < r.its.n && r.its.v[k].doc == r.its.v[i].doc;
		     k++)
			if (S_listed(&r.its.v[k]) &&
			    r.its.v[k].disp <= ML_MEMO__OTHER) {
				n[r.its.v[k].disp]++;
				any++;
			}
		if (!any)
			continue;
		if (!rows) {
			bl = ml_memo_layout_add(l, ML_MB_ROW);
			bl->head = 1;
			bl->ncells = ncols;
			for (c = 0; c < ncols; c++)
				bl->cells[c] = ml_xstrdup(head[c]);
		}
		bl = ml_memo_layout_add(l, ML_MB_ROW);
		bl->ncells = ncols;
		ml_buf_clear(&b);
		ml_buf_puts(&b, d->path);
		if (d->title)
			ml_buf_printf(&b, " (%s)", d->title);
		bl->cells[0] = ml_memo_clean(b.ptr, 0);
		bl->cells[1] = ml_memo_clean(d->rollup ? d->rollup
		                                       : "\xe2\x80\x94", 0);
		bl->cells[2] = ml_memo_clean(d->rollup_after ? d->rollup_after
		                             : "not known", 0);
		for (c = 0; c <= ML_MEMO__OTHER; c++) {
			char num[32];
			snprintf(num, sizeof num, "%zu", n[c]);
			bl->cells[3 + c] = ml_xstrdup(num);
		}
		rows++;
	}
	for (i = 0; i < m->ndocs; i++)
		bad += m->docs[i].err_code != NULL;
	if (bad) {
		ml_buf_clear(&b);
		S_unreadable(m, &b);
		bl = ml_memo_layout_add(l, ML_MB_NOTE);
		bl->mark = ml_xstrdup("(U)");
		bl->text = ml_memo_clean(b.ptr + (b.ptr[0] == ' '), 0);
	}
	ml_buf_free(&b);
	ml_memo__items_free(&r.its);
	ml_memo__say_free(&r.say);
	return rows;
}
