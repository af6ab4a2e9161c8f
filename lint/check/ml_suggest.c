/* ml_suggest.c - suggested replacements (MARKINGS.md 5): release to the
 * partners the document names, never more than the author did; banners
 * recomputed by roll-up. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- suggestions --- */

/* The lane of a text, or NULL. A lane only shapes a suggestion, so a
 * topic that hits PCRE2's limits counts as no lane. */
static const ml_lane *S_lane_of_text(ml_report *r, const char *t, size_t len)
{
	const ml_lane *l = NULL;

	if (ml_lanes_match(ml_rules_lanes_const(r->rs), r->scratch, t, len, &l,
	                   NULL) != 1)
		return NULL;
	return l;
}

/* The document's lane: the one the most portions match (the earlier lane
 * on a tie), counted over the portions not counted yet when a suggestion
 * needs it (all at once), or portion by portion as a streamed document
 * is read (ml_check__doc_facts). */
static const ml_lane *S_doc_lane(ml_report *r)
{
	const ml_lanes *ls = ml_rules_lanes_const(r->rs);
	size_t nl = ml_lanes_count(ls), n = ml_doc_portion_count(r->doc);
	size_t i, k, best = 0;
	const ml_lane *l;

	if (r->lane_upto >= n || nl == 0)
		return r->doc_lane;
	if (!r->lane_hits)
		r->lane_hits = ml_xcalloc(nl, sizeof *r->lane_hits);
	for (i = r->lane_upto; i < n; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		if (ml_lanes_match(ls, r->scratch, p->text, p->len, &l, &k) == 1)
			r->lane_hits[k]++;
	}
	r->lane_upto = n;
	for (k = 1; k < nl; k++)
		if (r->lane_hits[k] > r->lane_hits[best])
			best = k;
	r->doc_lane = r->lane_hits[best] ? ml_lanes_get(ls, best) : NULL;
	return r->doc_lane;
}

void ml_check__lane_facts(ml_report *r)
{
	S_doc_lane(r);
}

/* The lane of a marking: its portion's, or failing that its document's. */
static const ml_lane *S_lane_of(ml_report *r, const ml_found *m)
{
	const ml_portion *p = ml_doc_portion(r->doc, m->portion);
	const ml_lane *l;

	/* the portion's lane once per portion: a portion may hold a
	 * thousand restrictions, and the lane patterns read all of it */
	if (r->lane_portion == m->portion + 1)
		l = r->lane_of_portion;
	else {
		l = S_lane_of_text(r, p->text, p->len);
		r->lane_portion = m->portion + 1;
		r->lane_of_portion = l;
	}
	return l ? l : S_doc_lane(r);
}

/* The partners a suggestion releases to: USA, then those the document
 * names; when it names none, the partners of lane (may be NULL); failing
 * that, those of the default lane (the shipped one is the Five Eyes). */
static void S_release_to(ml_report *r, const ml_lane *lane,
                         ml_marking_countries *out)
{
	const ml_marking_countries *named = ml_check__partners(r);
	size_t i;

	memset(out, 0, sizeof *out);
	ml_marking_countries_add(out, "USA");
	for (i = 0; i < named->n; i++)
		ml_marking_countries_add(out, named->v[i]);
	if (!lane && named->n == 0)
		lane = ml_lanes_default(ml_rules_lanes_const(r->rs));
	for (i = 0; lane && named->n == 0 && i < lane->partners.n; i++)
		ml_marking_countries_add(out, lane->partners.v[i]);
	if (out->n == 1) /* no default lane loaded: the spec's default */
		ml_marking_countries_add(out, "FVEY");
	ml_marking_countries_sort(out);
}

static const char *S_format(ml_report *r, const ml_marking *m,
                            ml_marking_form form)
{
	ml_buf b;
	const char *s;

	ml_buf_init(&b, 4096);
	ml_marking_format(m, form, &b);
	s = ml_check__keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
}

/* Keeps b's text in the report and frees b. */
static const char *S_keep_buf(ml_report *r, ml_buf *b)
{
	const char *s = ml_check__keep(r, b->ptr, b->size);

	ml_buf_free(b);
	return s;
}

/* The partners as a list: ", " between codes (" " for IC-ISM). */
static void S_put_countries(ml_buf *b, const ml_marking_countries *c,
                            const char *sep)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		ml_buf_printf(b, "%s%s", i ? sep : "", c->v[i]);
}

/* Is s[i..i+n) the NOFORN control ("NF", "NOFORN"), as a whole block? */
static int S_nf_at(const char *s, size_t len, size_t i, size_t *n)
{
	static const char *const names[] = {"NOFORN", "NF"};
	size_t k, l;

	if (i && !strchr("/( ", s[i - 1]))
		return 0;
	for (k = 0; k < 2; k++) {
		l = strlen(names[k]);
		if (i + l <= len && strncmp(s + i, names[k], l) == 0 &&
		    (i + l == len || strchr("/) ", s[i + l]))) {
			*n = l;
			return 1;
		}
	}
	return 0;
}

/* A marking that did not parse ("(S/NF)", "(C//REL TO USA, GBR//NF)")
 * read without its NOFORN: the text with the NF or NOFORN block and the
 * separator before it cut out, parsed in its own form, else (a portion
 * mark that spells out its classification) as a banner inside the
 * parentheses. Returns 1 and *out (in the form of the original), or 0:
 * then no replacement is suggested, rather than one that drops the
 * marking's other controls. */
static int S_reparse_without_nf(const char *s, size_t len, int portion,
                                ml_marking *out)
{
	ml_buf b;
	size_t i, n = 0, cut = 0;
	int ok = 0;

	for (i = 0; i < len && !S_nf_at(s, len, i, &n); i++)
		;
	if (i == len || len > ML_MARKING_MAX_LEN)
		return 0;
	cut = i;
	while (cut > 0 && strchr("/ ", s[cut - 1]))
		cut--;
	if (cut == 0 || s[cut - 1] == '(')
		return 0; /* NOFORN is all there is */
	ml_buf_init(&b, 2 * ML_MARKING_MAX_LEN);
	ml_buf_printf(&b, "%.*s%.*s", (int)cut, s, (int)(len - i - n),
	              s + i + n);
	if (ml_marking_parse(b.ptr, b.size, portion ? ML_MARKING_PORTION
	                                              : ML_MARKING_BANNER,
	                     portion ? 0 : ML_MARKING_ICASE, out, NULL) == 0)
		ok = 1;
	else if (portion && b.size > 2 && b.ptr[0] == '(' &&
	         b.ptr[b.size - 1] == ')' &&
	         ml_marking_parse(b.ptr + 1, b.size - 2, ML_MARKING_BANNER,
	                          ML_MARKING_ICASE, out, NULL) == 0)
		ok = 1;
	ml_buf_free(&b);
	if (ok)
		out->form = portion ? ML_MARKING_PORTION : ML_MARKING_BANNER;
	return ok;
}

/* IC-ISM: the element's attributes with NF replaced by REL, keeping its
 * other controls and, when it has one, its own releasableTo list. */
static const char *S_suggest_ism(ml_report *r, const ml_found *f,
                                 const ml_lane *lane)
{
	const ml_portion *p = ml_doc_portion(r->doc, f->portion);
	const char *dc = NULL;
	ml_marking_countries to;
	ml_buf b;
	size_t i, l;
	int rel = 0;

	for (i = 0; i < p->nattrs; i++)
		if (strcmp(p->attrs[i].name, "ism:disseminationControls") == 0)
			dc = p->attrs[i].value;
	ml_buf_init(&b, 4096);
	ml_buf_puts(&b, "ism:disseminationControls=\"");
	for (i = 0; dc && dc[i];) {
		i += strspn(dc + i, " ");
		l = strcspn(dc + i, " ");
		if (l && !(l == 2 && strncmp(dc + i, "NF", 2) == 0)) {
			rel |= l == 3 && strncmp(dc + i, "REL", 3) == 0;
			ml_buf_printf(&b, "%s%.*s", b.ptr[b.size - 1] == '"'
			              ? "" : " ", (int)l, dc + i);
		}
		i += l;
	}
	if (!rel)
		ml_buf_printf(&b, "%sREL", b.ptr[b.size - 1] == '"' ? "" : " ");
	ml_buf_puts(&b, "\" ism:releasableTo=\"");
	if (f->marking && f->marking->relto.n > 1) {
		to = f->marking->relto; /* never wider than the author's */
		ml_marking_countries_sort(&to);
	} else {
		S_release_to(r, lane, &to);
	}
	S_put_countries(&b, &to, " ");
	ml_buf_putc(&b, '"');
	return S_keep_buf(r, &b);
}

/* m (a copy) without NOFORN and with a foreign-release marking instead
 * (IC-ISM rule 00119 wants one on every classified portion), formatted
 * in form. A marking that already releases to partners keeps its own list
 * and only loses NOFORN: the suggestion never releases to more partners
 * than the author named. NULL when there is nothing sound to suggest. */
static const char *S_release(ml_report *r, ml_marking *m,
                             const ml_lane *lane, ml_marking_form form)
{
	m->dissem &= ~(uint32_t)(ML_DISSEM_NOFORN | ML_DISSEM_SBU_NF |
	                         ML_DISSEM_LES_NF);
	if (m->level == ML_CLASS_U || (m->dissem & ML_DISSEM_RELTO)) {
		if ((m->dissem & ML_DISSEM_RELTO) && m->relto.n < 2)
			return NULL; /* "REL TO USA" alone: no partner named */
		ml_marking_countries_sort(&m->relto);
		m->relto_only = 0;
		return S_format(r, m, form);
	}
	S_release_to(r, lane, &m->relto);
	m->dissem |= ML_DISSEM_RELTO;
	m->relto_only = 0;
	return S_format(r, m, form);
}

/* What the document is marked so far, as one marking: its first banner
 * line, else the roll-up of the portion marks read so far, else (no
 * classification marking at all) unclassified. */
static void S_doc_marking(ml_report *r, ml_marking *out)
{
	const ml_portion *p;

	ml_marking_init(out);
	if (r->first_banner >= 0) {
		p = ml_doc_portion(r->doc, (size_t)r->first_banner);
		if (ml_marking_parse_banner(p->text, p->len, ML_MARKING_ICASE,
		                            out, NULL) == ML_MARKING_FOUND)
			return;
		ml_marking_init(out);
	}
	if (r->nparsed && ml_marking_rollup(r->parsed, r->nparsed, out) == 0)
		return;
	ml_marking_init(out);
	out->level = ML_CLASS_U;
}

/* A dissemination statement ("Dissemination: NOFORN", "NOT RELEASABLE TO
 * FOREIGN NATIONALS"): the same statement, its label kept, stating a
 * whole marking (MARKINGS.md 5: never a bare "REL TO ..."): the
 * document's own marking with REL TO instead of NOFORN, spelled out as a
 * statement is ("Dissemination: SECRET//REL TO USA, FVEY"). */
static const char *S_suggest_statement(ml_report *r, const ml_found *f,
                                       const ml_lane *lane)
{
	const ml_portion *p = ml_doc_portion(r->doc, f->portion);
	const char *colon = memchr(p->text, ':', p->len);
	size_t label = colon ? (size_t)(colon - p->text) + 1 : 0;
	const char *marking;
	ml_marking m;
	ml_buf b;

	S_doc_marking(r, &m);
	marking = S_release(r, &m, lane, ML_MARKING_BANNER);
	if (!marking)
		return NULL;
	if (!label)
		return marking;
	ml_buf_init(&b, 4096);
	ml_buf_printf(&b, "%.*s %s", (int)label, p->text, marking);
	return S_keep_buf(r, &b);
}

/* The replacement of a NOFORN marking: always a whole marking in the
 * form of the one it replaces (MARKINGS.md 5): "(S//NF)" -> "(S//REL TO
 * USA, FVEY)", "(C//REL TO USA, GBR//NF)" -> "(C//REL TO USA, GBR)". */
static const char *S_suggest_release(ml_report *r, const ml_found *f,
                                     const ml_lane *lane)
{
	const ml_portion *p = ml_doc_portion(r->doc, f->portion);
	ml_marking m;
	int portion = f->form == ML_FORM_PORTION;

	if (f->form == ML_FORM_ATTRIBUTE)
		return S_suggest_ism(r, f, lane);
	if (f->form == ML_FORM_STATEMENT)
		return S_suggest_statement(r, f, lane);
	if (f->marking)
		m = *f->marking;
	else if (!S_reparse_without_nf(p->text + f->off, f->len, portion, &m))
		return NULL;
	return S_release(r, &m, lane, portion ? ML_MARKING_PORTION
	                                      : ML_MARKING_BANNER);
}

/* The suggestion of a NOFORN-* or FOREIGN-* finding f about m whose
 * disposition is remove (status missing) or review (weak): release to
 * the partners the document names, else to those of the marking's lane,
 * else (remove only) to the Five Eyes. With a lane, f->lane gets its name
 * and the message says which lane and why. */
void ml_check__suggest(ml_report *r, const ml_found *m, ml_finding *f)
{
	const ml_lane *lane;
	ml_marking_countries to;
	ml_buf b;
	int named;

	if (!f || m->status == ML_JUST_CITED)
		return;
	lane = S_lane_of(r, m);
	if (!lane && m->status != ML_JUST_MISSING)
		return; /* review: only a lane has something to suggest */
	named = ml_check__partners(r)->n != 0;
	if (lane) {
		ml_buf_init(&b, 1024);
		ml_lane_describe(lane, &b);
		f->lane = lane->name;
		f->message = ml_check__say(r, named ? ML_W_LANE_NAMED : ML_W_LANE,
		                           f->message, b.ptr);
		ml_buf_free(&b);
	}
	if (m->kind == ML_KIND_NOFORN) {
		f->suggestion = S_suggest_release(r, m, lane);
		return;
	}
	if (!lane) {
		f->suggestion = ml_check__say(r, ML_W_FOREIGN_DELETE);
		return;
	}
	S_release_to(r, lane, &to);
	ml_buf_init(&b, 1024);
	S_put_countries(&b, &to, ", ");
	f->suggestion = named ? ml_check__say(r, ML_W_FOREIGN_OPEN_NAMED, b.ptr)
	                      : ml_check__say(r, ML_W_FOREIGN_OPEN, b.ptr,
	                                      lane->arrangement);
	ml_buf_free(&b);
}

/* The banner recomputed from the portions (5: the roll-up). */
const char *ml_check__rollup_banner(ml_report *r, const ml_found *banner)
{
	ml_marking m;

	if (r->nparsed && ml_marking_rollup(r->parsed, r->nparsed, &m) == 0)
		return S_format(r, &m, ML_MARKING_BANNER);
	if (!banner || !banner->marking)
		return NULL;
	m = *banner->marking;
	m.dissem &= ~(uint32_t)ML_DISSEM_NOFORN;
	return S_format(r, &m, ML_MARKING_BANNER);
}


/* The banner a document needs when NOFORN portions have none carrying
 * NOFORN (IC-ISM rule 00070): the roll-up of the portion marks, else the
 * first banner, with NOFORN, which excludes any release list. A whole
 * banner: a NOFORN statement is not a portion mark, so the roll-up alone
 * may lack it ("UNCLASSIFIED" for "UNCLASSIFIED//FOUO"). */
const char *ml_check__noforn_banner(ml_report *r)
{
	ml_marking m;

	memset(&m, 0, sizeof m);
	if (!r->nparsed || ml_marking_rollup(r->parsed, r->nparsed, &m) != 0)
		S_doc_marking(r, &m);
	if (m.dissem & ML_DISSEM_NOFORN)
		return S_format(r, &m, ML_MARKING_BANNER);
	m.dissem &= ~(uint32_t)(ML_DISSEM_RELTO | ML_DISSEM_RELIDO |
	                        ML_DISSEM_EYES_ONLY | ML_DISSEM_DISPLAY_ONLY |
	                        ML_DISSEM_NOFORN_PART);
	m.relto.n = m.eyes.n = m.display.n = 0;
	m.relto_only = 0;
	if (ml_marking_add_control(&m, "NOFORN") != 0)
		return NULL;
	return S_format(r, &m, ML_MARKING_BANNER);
}

/* --- the banner before and after the recommended changes --- */

/* Does finding f change its portion's mark (a replacement or correction
 * that is a portion mark, not set aside)? */
static int S_changes_mark(const ml_finding *f, ml_marking *out)
{
	if ((f->rule && !f->rule->enabled) || !f->disposition ||
	    !f->suggestion || f->suggestion[0] != '(' ||
	    f->suppressed != ML_SUPPRESS_NONE ||
	    (strcmp(f->disposition, "remove") != 0 &&
	     strcmp(f->disposition, "correct") != 0))
		return 0;
	return ml_marking_find_portion_mark(f->suggestion,
	    strlen(f->suggestion), 0, out, NULL) == ML_MARKING_FOUND;
}

/* A change of a portion's mark. */
typedef struct S_change {
	size_t portion;
	int remove;             /* a replacement wins over a correction */
	ml_marking mark;
} S_change;

static int S_change_cmp(const void *x, const void *y)
{
	const S_change *a = x, *b = y;

	if (a->portion != b->portion)
		return a->portion < b->portion ? -1 : 1;
	return b->remove - a->remove;
}

/* The changes of the report's findings, sorted by portion (the first of
 * a portion is the one that applies); the caller frees (NULL when none).
 * Grown as changes are found, not one per finding zeroed: a change is 8
 * KB (its marking), and most findings change no mark; the marking of a
 * change is written whole (the padding too) by the parse, so nothing is
 * read that was not written. */
static S_change *S_changes(const ml_report *r, size_t *n)
{
	const ml_finding *f;
	size_t i, nf = ml_report_findings(r, &f), cap = 0;
	S_change *v = NULL;

	*n = 0;
	for (i = 0; i < nf; i++) {
		ML_VEC_GROW(v, cap, *n + 1, 4);
		if (S_changes_mark(&f[i], &v[*n].mark)) {
			v[*n].portion = f[i].portion;
			v[*n].remove = strcmp(f[i].disposition, "remove") == 0;
			(*n)++;
		}
	}
	if (*n)
		qsort(v, *n, sizeof *v, S_change_cmp);
	return v;
}

/* Where p's portion mark would be: *t and *len are its text from the
 * mark the reader found (mark_off: after a paragraph number, "1. (S//NF)
 * ..."), else the whole text; returns the offset of the '(' that opens
 * the mark after spaces, or *len when none does. */
static size_t S_mark_open(const ml_portion *p, const char **t, size_t *len)
{
	size_t i = 0;

	*t = p->text;
	*len = p->len;
	if (p->mark_len && p->mark_off < *len) {
		*t += p->mark_off;
		*len -= p->mark_off;
	}
	while (i < *len && (*t)[i] == ' ')
		i++;
	return i < *len && (*t)[i] == '(' ? i : *len;
}

/* The portion mark p begins with (see S_mark_open). */
ml_marking_status ml_check__portion_mark(const ml_portion *p,
                                         ml_marking *pm)
{
	const char *text;
	size_t len;

	if (S_mark_open(p, &text, &len) >= len)
		return ML_MARKING_NONE; /* and the search would say so */
	return ml_marking_find_portion_mark(text, len, 0, pm, NULL);
}

size_t ml_check__mark_key(const ml_portion *p, const char **key)
{
	const char *t;
	size_t len, i = S_mark_open(p, &t, &len), j;

	if (i >= len)
		return 0;
	for (j = i + 1; j < len && j - i < ML_MEMO_KEY && t[j] != ')'; j++)
		;
	if (j >= len || t[j] != ')')
		return 0;
	*key = t + i;
	return j - i + 1;
}

int ml_report_rollup(const ml_report *r, int after, ml_marking *out,
                     size_t *unparsed)
{
	const ml_doc *doc = ml_report_doc(r);
	ml_marking *set = NULL;
	const ml_marking **v;
	size_t i, k, nset = 0, aset = 0, at = 0, nch = 0, roll = 0;
	size_t n = ml_doc_portion_count(doc);
	S_change *ch = after ? S_changes(r, &nch) : NULL;
	int rc = -1, m;
	/* the status of the latest distinct marks: a mark found before
	 * (and not changed) is in set already */
	ml_memo seen;

	if (unparsed)
		*unparsed = r->rolled_malformed;
	seen.nused = seen.next = 0;
	for (i = 0; i < n; i++) {
		const ml_portion *p = ml_doc_portion(doc, i);
		ml_marking pm;
		ml_marking_status st;
		const char *key = NULL;
		size_t nkey = p ? ml_check__mark_key(p, &key) : 0;
		int changed;

		while (at < nch && ch[at].portion < i)
			at++;
		changed = at < nch && ch[at].portion == i;
		if (nkey && !changed &&
		    ml_check__memo_get(&seen, key, nkey, &m)) {
			if (m == ML_MARKING_MALFORMED && unparsed)
				(*unparsed)++;
			continue;
		}
		if (p) {
			st = ml_check__portion_mark(p, &pm);
			if (nkey && !changed)
				ml_check__memo_put(&seen, key, nkey, (int)st);
		} else if (roll < r->nrolled && r->rolled[roll].portion == i) {
			/* streamed and let go: its mark was kept, compared
			 * whole with memcmp below (the padding too, which a
			 * struct assignment need not copy) */
			memcpy(&pm, &r->rolled[roll++].mark, sizeof pm);
			st = ML_MARKING_FOUND;
		} else {
			continue;
		}
		if (changed && st != ML_MARKING_NONE) {
			pm = ch[at].mark;
			st = ML_MARKING_FOUND;
		}
		if (st == ML_MARKING_MALFORMED && unparsed)
			(*unparsed)++;
		if (st != ML_MARKING_FOUND)
			continue;
		pm.off = pm.len = 0;
		for (k = 0; k < nset && memcmp(&set[k], &pm, sizeof pm); k++)
			;
		if (k < nset)
			continue; /* distinct marks only: memory stays small */
		ML_VEC_GROW(set, aset, nset + 1, 16);
		set[nset++] = pm;
	}
	if (nset) {
		v = ml_xcalloc(nset, sizeof *v);
		for (i = 0; i < nset; i++)
			v[i] = &set[i];
		rc = ml_marking_rollup(v, nset, out);
		free(v);
	}
	free(set);
	free(ch);
	return rc;
}
