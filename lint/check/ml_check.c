/* ml_check.c - stages 3 and 4: find markings, judge their basis, apply the
 * rules of MARKINGS.md section 5. */
#include "ml_check.h"
#include "ml_buf.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_CONTEXT_MAX 1000
#define S_BANNER_MAX 200    /* a banner or statement is a short line */
#define S_SENTENCE_MAX 600  /* the text kept of a restriction sentence */

/* A weak basis, from strongest to weakest: what the message explains. */
typedef enum {
	S_WEAK_NONE,
	S_WEAK_DOCUMENT,    /* only a classification authority block */
	S_WEAK_VAGUE,       /* a reason without an authority */
	S_WEAK_REGIME,      /* only a marking regime (DoDM 5200.01...) */
	S_WEAK_OTHER_KIND   /* an authority for the other kind (ITAR...) */
} S_weak;

/* The best basis found so far for one marking. */
typedef struct S_basis {
	int cited;
	ml_where cited_where;
	char *cited_text;
	S_weak weak;
	ml_where weak_where;
	char *weak_text;
	const char *weak_group;
} S_basis;

typedef struct S_strings {
	struct S_strings *next;
	uint64_t hash;
	size_t len;
	char s[];
} S_strings;

struct ml_report {
	const ml_doc *doc;
	const ml_rules *rs;
	ml_rx_scratch *scratch;
	ml_error *err;
	int failed;
	S_strings *strings;          /* every string the report owns */
	S_strings **strtab;          /* the same, hashed (not owning) */
	size_t strtab_size, nstrings;
	ml_found *marks;
	size_t nmarks, cmarks;
	ml_finding *finds;
	size_t nfinds, cfinds;
	ml_marking_countries partners; /* named in the document */
	int scanned_partners;
	const ml_lane *doc_lane;     /* the lane most portions match */
	int scanned_lane;
	const char *authority_block; /* first "Derived From:"..., or NULL */
	int scanned_authority;
	size_t nbanners;             /* banner lines, NOFORN or not */
	long first_banner;           /* portion of the first banner */
	int banner_noforn;           /* some banner carries NOFORN */
	size_t noforn_portions;      /* portion-level NOFORN markings */
	ml_marking **interned;       /* distinct markings (owned) */
	size_t ninterned, cinterned;
	const ml_marking **parsed;   /* distinct portion marks, for the roll-up */
	size_t nparsed, cparsed;
};

/* --- names --- */

const char *ml_mark_kind_name(ml_mark_kind k)
{
	return k == ML_KIND_NOFORN ? "noforn" : "foreign-restriction";
}

const char *ml_mark_form_name(ml_mark_form f)
{
	static const char *const names[] = {"portion", "banner", "statement",
	                                    "attribute", "sentence"};
	return (unsigned)f < 5 ? names[f] : "";
}

const char *ml_just_status_name(ml_just_status s)
{
	static const char *const names[] = {"cited", "weak", "missing"};
	return (unsigned)s < 3 ? names[s] : "";
}

const char *ml_where_name(ml_where w)
{
	static const char *const names[] = {
	    "", "portion", "footnote", "endnote", "comment", "next-portion",
	    "attribute", "document", "roll-up"};
	return (unsigned)w < 9 ? names[w] : "";
}

/* --- report storage --- */

/* A copy of s[0..n) owned by the report. */
static uint64_t S_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* Makes room in the string table (open addressing, power-of-two size). */
static void S_strtab_grow(ml_report *r)
{
	size_t n = r->strtab_size ? r->strtab_size * 2 : 256, i;
	S_strings **t = ml_xcalloc(n, sizeof *t);

	for (i = 0; i < r->strtab_size; i++) {
		S_strings *e = r->strtab[i];
		size_t j;
		if (!e)
			continue;
		for (j = e->hash & (n - 1); t[j]; j = (j + 1) & (n - 1))
			;
		t[j] = e;
	}
	free(r->strtab);
	r->strtab = t;
	r->strtab_size = n;
}

/* A copy of s[0..n) owned by the report. Equal strings are stored once:
 * a document repeats the same marks and messages thousands of times. */
static const char *S_keep(ml_report *r, const char *s, size_t n)
{
	uint64_t h = S_hash(s, n);
	S_strings *node;
	size_t j;

	if (2 * (r->nstrings + 1) > r->strtab_size)
		S_strtab_grow(r);
	for (j = h & (r->strtab_size - 1); (node = r->strtab[j]);
	     j = (j + 1) & (r->strtab_size - 1))
		if (node->hash == h && node->len == n &&
		    memcmp(node->s, s, n) == 0)
			return node->s;
	node = ml_xmalloc(sizeof *node + n + 1);
	memcpy(node->s, s, n);
	node->s[n] = '\0';
	node->len = n;
	node->hash = h;
	node->next = r->strings;
	r->strings = node;
	r->strtab[j] = node;
	r->nstrings++;
	return node->s;
}

static const char *S_keepf(ml_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *S_keepf(ml_report *r, const char *fmt, ...)
{
	ml_buf b;
	va_list ap;
	const char *s;

	ml_buf_init(&b, 1 << 16);
	va_start(ap, fmt);
	ml_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = S_keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
}

static ml_found *S_add_mark(ml_report *r, ml_mark_kind kind,
                            ml_mark_form form, size_t portion, size_t off,
                            size_t len)
{
	const ml_portion *p = ml_doc_portion(r->doc, portion);
	ml_found *m;

	if (r->nmarks == r->cmarks) {
		r->cmarks = r->cmarks ? r->cmarks * 2 : 16;
		r->marks = ml_xrealloc(r->marks, r->cmarks * sizeof *r->marks);
	}
	m = &r->marks[r->nmarks];
	memset(m, 0, sizeof *m);
	snprintf(m->id, sizeof m->id, "M%zu", r->nmarks + 1);
	r->nmarks++;
	m->kind = kind;
	m->form = form;
	m->portion = portion;
	m->off = off;
	m->len = len;
	m->text = S_keep(r, p->text + off, len);
	m->status = ML_JUST_MISSING;
	return m;
}

/* Findings are kept in document order (portion order; within a portion,
 * in the order they are made). They are made in that order but for the
 * banners, judged once the whole document is known: those few are moved
 * into place. Returns the slot for a new finding at portion. */
static ml_finding *S_place_finding(ml_report *r, size_t portion)
{
	size_t lo = 0, hi = r->nfinds;

	if (!r->nfinds || r->finds[r->nfinds - 1].portion <= portion)
		return &r->finds[r->nfinds++];
	while (lo < hi) { /* the first finding past portion */
		size_t mid = (lo + hi) / 2;
		if (r->finds[mid].portion <= portion)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&r->finds[lo + 1], &r->finds[lo],
	        (r->nfinds - lo) * sizeof *r->finds);
	r->nfinds++;
	/* the finding's marking index is unchanged; only order moves */
	return &r->finds[lo];
}

static ml_finding *S_add_finding(ml_report *r, const char *rule_id,
                                 size_t portion, long mark,
                                 const char *message)
{
	const ml_ruledef *def = ml_rules_def(r->rs, rule_id);
	ml_finding *f;

	if (!def || !def->enabled)
		return NULL;
	if (r->nfinds == r->cfinds) {
		r->cfinds = r->cfinds ? r->cfinds * 2 : 16;
		r->finds = ml_xrealloc(r->finds, r->cfinds * sizeof *r->finds);
	}
	f = S_place_finding(r, portion);
	memset(f, 0, sizeof *f);
	f->rule = def;
	f->severity = def->severity;
	f->message = message;
	f->portion = portion;
	f->marking = mark;
	f->disposition = def->disposition;
	return f;
}

/* --- pattern helpers --- */

/* Finds the next match of rx at or after start; records a limit hit in the
 * report (the caller stops). */
static int S_find(ml_report *r, const ml_rx *rx, const char *text,
                  size_t len, size_t start, size_t *so, size_t *eo)
{
	int m;

	if (!rx || r->failed)
		return 0;
	m = ml_rx_find(rx, r->scratch, text, len, start, so, eo);
	if (m == ML_ELIMIT) {
		r->failed = 1;
		if (r->err) {
			r->err->status = ML_ELIMIT;
			snprintf(r->err->code, sizeof r->err->code,
			         "limit-pattern");
			snprintf(r->err->message, sizeof r->err->message,
			         "a pattern hit PCRE2's match limit on a "
			         "portion of %zu bytes", len);
		}
		return 0;
	}
	return m == 1;
}

/* Does any pattern of kind match text? (the cheap first pass) */
static int S_any(ml_report *r, ml_pat_kind kind, const char *text,
                 size_t len)
{
	size_t so, eo;

	return S_find(r, ml_rules_any(r->rs, kind), text, len, 0, &so, &eo);
}

/* --- quotation marks --- */

typedef struct S_span {
	size_t so, eo;
} S_span;

#define S_MAX_QUOTES 64

/* The spans of text inside quotation marks (quoted, not imposed). An
 * unmatched closing mark (an apostrophe) is ignored; an unclosed opening
 * mark runs to the end of the portion. */
static size_t S_quote_spans(const ml_rules *rs, const char *t, size_t len,
                            S_span *spans)
{
	const ml_quote *q;
	size_t nq = ml_rules_quotes(rs, &q), n = 0, i = 0, k;

	while (i < len && n < S_MAX_QUOTES) {
		size_t step = 1;
		for (k = 0; k < nq; k++) {
			size_t ol = strlen(q[k].open);
			const char *close;
			if (ol == 0 || i + ol > len || memcmp(t + i, q[k].open, ol))
				continue;
			/* ASCII '"' is both: a quote opens at a word start */
			close = strstr(t + i + ol, q[k].close);
			spans[n].so = i;
			spans[n].eo = close ? (size_t)(close - t) +
			                      strlen(q[k].close) : len;
			step = spans[n].eo - i;
			n++;
			break;
		}
		i += step ? step : 1;
	}
	return n;
}

static int S_quoted(const S_span *spans, size_t n, size_t pos)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pos > spans[i].so && pos < spans[i].eo)
			return 1;
	return 0;
}

/* --- sentences --- */

/* Is t[i] ('.', '!', '?') the end of a sentence? Not in "U.S." or "E.O.":
 * a period after a lone capital letter is an abbreviation. A line break
 * is not an end: a sentence may run over lines (MARKINGS.md 3.2). */
static int S_sentence_end(const char *t, size_t len, size_t i)
{
	if (t[i] != '.' && t[i] != '!' && t[i] != '?')
		return 0;
	if (i + 1 < len && t[i + 1] != ' ' && t[i + 1] != '\n')
		return 0;
	if (t[i] == '.' && i >= 1 && t[i - 1] >= 'A' && t[i - 1] <= 'Z' &&
	    (i == 1 || t[i - 2] == '.' || t[i - 2] == ' ' || t[i - 2] == '('))
		return 0;
	return 1;
}

static void S_sentence(const char *t, size_t len, size_t so, size_t eo,
                       size_t *start, size_t *end)
{
	size_t i = so;

	while (i > 0 && !S_sentence_end(t, len, i - 1))
		i--;
	while (i < so && (t[i] == ' ' || t[i] == '\n'))
		i++;
	*start = i;
	for (i = eo; i < len && !S_sentence_end(t, len, i); i++)
		;
	*end = i < len ? i + 1 : i;
}

/* --- document-wide facts (computed on first use: most documents never
 * need them, and each is a pass over all the text) --- */

/* The first classification authority block line ("Derived From: ..."),
 * or NULL. */
static const char *S_authority_block(ml_report *r)
{
	size_t i, so, eo, n = ml_doc_portion_count(r->doc);

	if (r->scanned_authority)
		return r->authority_block;
	r->scanned_authority = 1;
	for (i = 0; i < n && !r->failed && !r->authority_block; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		if (S_find(r, ml_rules_any(r->rs, ML_PAT_AUTHORITY_BLOCK),
		           p->text, p->len, 0, &so, &eo))
			r->authority_block = S_keep(r, p->text + so,
			    p->len - so > 120 ? 120 : p->len - so);
	}
	return r->authority_block;
}

static void S_add_codes(ml_marking_countries *c, const char *codes)
{
	char code[8];

	while (codes && *codes) {
		size_t l = strcspn(codes, " ");
		if (l && l < sizeof code) {
			memcpy(code, codes, l);
			code[l] = '\0';
			ml_marking_countries_add(c, code);
		}
		codes += l;
		codes += strspn(codes, " ");
	}
}

/* The partners the document names (AUKUS, Five Eyes, country names). */
static const ml_marking_countries *S_partners(ml_report *r)
{
	const ml_pattern *const *pats;
	size_t np = ml_rules_patterns(r->rs, ML_PAT_PARTNER, &pats);
	size_t i, k, so, eo, n = ml_doc_portion_count(r->doc);

	if (r->scanned_partners)
		return &r->partners;
	r->scanned_partners = 1;
	for (i = 0; i < n && !r->failed; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		if (!S_any(r, ML_PAT_PARTNER, p->text, p->len))
			continue;
		for (k = 0; k < np; k++)
			if (S_find(r, pats[k]->rx, p->text, p->len, 0, &so, &eo))
				S_add_codes(&r->partners, pats[k]->codes);
	}
	return &r->partners;
}

/* --- justification --- */

static void S_basis_free(S_basis *b)
{
	free(b->cited_text);
	free(b->weak_text);
}

static void S_weaker(S_basis *b, S_weak w, ml_where where, const char *s,
                     size_t n, const char *group)
{
	if (w <= b->weak)
		return;
	b->weak = w;
	b->weak_where = where;
	free(b->weak_text);
	b->weak_text = ml_xstrndup(s, n);
	b->weak_group = group;
}

/* Searches one scope's text for citations and vague reasons. The span
 * [skip_off, skip_off+skip_len) (the marking itself: a CUI category in
 * the marking is not a citation) is ignored. */
static void S_search(ml_report *r, const char *t, size_t len,
                     size_t skip_off, size_t skip_len, ml_mark_kind kind,
                     ml_where where, S_basis *b)
{
	const ml_pattern *const *pats;
	unsigned need = kind == ML_KIND_NOFORN ? ML_JUSTIFIES_NOFORN
	                                       : ML_JUSTIFIES_FOREIGN;
	size_t np, i, so, eo, start;

	if (b->cited || !len)
		return;
	if (S_any(r, ML_PAT_CITATION, t, len)) {
		np = ml_rules_patterns(r->rs, ML_PAT_CITATION, &pats);
		for (i = 0; i < np && !b->cited; i++) {
			for (start = 0; S_find(r, pats[i]->rx, t, len, start,
			                       &so, &eo); start = eo) {
				if (eo <= start)
					break;
				if (so < skip_off + skip_len && eo > skip_off)
					continue;
				if (pats[i]->justifies & need) {
					b->cited = 1;
					b->cited_where = where;
					b->cited_text = ml_xstrndup(t + so, eo - so);
					break;
				}
				S_weaker(b, pats[i]->justifies ? S_WEAK_OTHER_KIND
				                               : S_WEAK_REGIME,
				         where, t + so, eo - so, pats[i]->group);
				break;
			}
		}
	}
	if (!b->cited && S_any(r, ML_PAT_VAGUE, t, len)) {
		np = ml_rules_patterns(r->rs, ML_PAT_VAGUE, &pats);
		for (i = 0; i < np; i++)
			if (S_find(r, pats[i]->rx, t, len, 0, &so, &eo)) {
				S_weaker(b, S_WEAK_VAGUE, where, t + so, eo - so,
				         NULL);
				break;
			}
	}
}

static ml_where S_link_where(ml_link_kind k)
{
	return k == ML_LINK_FOOTNOTE ? ML_WHERE_FOOTNOTE
	       : k == ML_LINK_ENDNOTE ? ML_WHERE_ENDNOTE : ML_WHERE_COMMENT;
}

/* Does the portion start with a justification label ("Basis:")? */
static int S_labelled(ml_report *r, const ml_portion *p)
{
	size_t so, eo;
	const ml_pattern *const *pats;
	size_t np = ml_rules_patterns(r->rs, ML_PAT_LABEL, &pats), i;

	for (i = 0; i < np; i++)
		if (S_find(r, pats[i]->rx, p->text, p->len, 0, &so, &eo) &&
		    so == 0)
			return 1;
	return 0;
}

/* The ism: attributes that count as the portion's text (4, scope 4). */
static void S_search_attrs(ml_report *r, const ml_portion *p,
                           ml_mark_kind kind, S_basis *b)
{
	static const char *const names[] = {"ism:derivativelyClassifiedBy",
	                                    "ism:derivedFrom",
	                                    "ism:classificationReason"};
	size_t i, k;

	for (i = 0; i < p->nattrs; i++)
		for (k = 0; k < 3; k++)
			if (strcmp(p->attrs[i].name, names[k]) == 0)
				S_search(r, p->attrs[i].value,
				         strlen(p->attrs[i].value), 0, 0, kind,
				         ML_WHERE_ATTRIBUTE, b);
}

/* Section 4: the portion, its notes and comments, a labelled next
 * portion, its ISM attributes, then the document's authority block. */
static void S_judge(ml_report *r, ml_found *m)
{
	const ml_doc *doc = r->doc;
	const ml_portion *p = ml_doc_portion(doc, m->portion), *next;
	S_basis b;
	size_t i, k, first, n;

	memset(&b, 0, sizeof b);
	/* A CUI category in a NOFORN marking (SP-NNPI) is not a citation; the
	 * words of a restriction may be one ("FOCI firms are not eligible"). */
	S_search(r, p->text, p->len, m->kind == ML_KIND_NOFORN ? m->off : 0,
	         m->kind == ML_KIND_NOFORN ? m->len : 0, m->kind,
	         ML_WHERE_PORTION, &b);
	for (i = 0; i < p->nrefs && !b.cited; i++) {
		n = ml_doc_linked(doc, p->refs[i].kind, p->refs[i].id, &first);
		for (k = first; k < first + n; k++) {
			const ml_portion *q = ml_doc_portion(doc, k);
			S_search(r, q->text, q->len, 0, 0, m->kind,
			         S_link_where(p->refs[i].kind), &b);
		}
	}
	next = ml_doc_portion(doc, m->portion + 1);
	if (!b.cited && next && next->part == p->part && S_labelled(r, next))
		S_search(r, next->text, next->len, 0, 0, m->kind,
		         ML_WHERE_NEXT_PORTION, &b);
	if (!b.cited)
		S_search_attrs(r, p, m->kind, &b);
	if (!b.cited && b.weak == S_WEAK_NONE && S_authority_block(r))
		S_weaker(&b, S_WEAK_DOCUMENT, ML_WHERE_DOCUMENT,
		         r->authority_block, strlen(r->authority_block), NULL);

	if (b.cited) {
		m->status = ML_JUST_CITED;
		m->where = b.cited_where;
		m->citation = S_keep(r, b.cited_text, strlen(b.cited_text));
	} else if (b.weak != S_WEAK_NONE) {
		m->status = ML_JUST_WEAK;
		m->where = b.weak_where;
		m->citation = S_keep(r, b.weak_text, strlen(b.weak_text));
		switch (b.weak) {
		case S_WEAK_OTHER_KIND:
			m->reason = m->kind == ML_KIND_NOFORN
			    ? S_keepf(r, "cites %s (%s), which restricts exports "
			              "and access but does not make information "
			              "NOFORN; cite the intelligence, NNPI or NDP-1 "
			              "basis that DFARS PGI 204.402 allows",
			              m->citation, b.weak_group ? b.weak_group
			                                        : "another rule")
			    : S_keepf(r, "cites %s, which does not govern foreign "
			              "participation or release", m->citation);
			break;
		case S_WEAK_REGIME:
			m->reason = S_keepf(r, "cites only %s, a marking regime: "
			                    "it says how to mark, not why this "
			                    "information is restricted",
			                    m->citation);
			break;
		case S_WEAK_VAGUE:
			m->reason = S_keepf(r, "gives a reason (\"%s\") but no "
			                    "authority that can be looked up",
			                    m->citation);
			break;
		default:
			m->reason = S_keepf(r, "rests only on the document's "
			                    "classification authority block "
			                    "(\"%s\")", m->citation);
		}
	} else {
		m->status = ML_JUST_MISSING;
		m->reason = m->kind == ML_KIND_NOFORN
		    ? "cites no authority; NOFORN on contract documents needs an "
		      "intelligence, NNPI or NDP-1 basis (DFARS PGI 204.402)"
		    : "cites no authority (export control, FOCI, a clause such "
		      "as DFARS 252.225-7048, or a disclosure decision)";
	}
	S_basis_free(&b);
}

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
 * on a tie), scanned once, when a suggestion first needs it. */
static const ml_lane *S_doc_lane(ml_report *r)
{
	const ml_lanes *ls = ml_rules_lanes_const(r->rs);
	size_t nl = ml_lanes_count(ls), n = ml_doc_portion_count(r->doc);
	size_t i, k, best = 0, *hits;
	const ml_lane *l;

	if (r->scanned_lane || nl == 0)
		return r->doc_lane;
	r->scanned_lane = 1;
	hits = ml_xcalloc(nl, sizeof *hits);
	for (i = 0; i < n; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		if (ml_lanes_match(ls, r->scratch, p->text, p->len, &l, &k) == 1)
			hits[k]++;
	}
	for (k = 1; k < nl; k++)
		if (hits[k] > hits[best])
			best = k;
	if (hits[best])
		r->doc_lane = ml_lanes_get(ls, best);
	free(hits);
	return r->doc_lane;
}

/* The lane of a marking: its portion's, or failing that its document's. */
static const ml_lane *S_lane_of(ml_report *r, const ml_found *m)
{
	const ml_portion *p = ml_doc_portion(r->doc, m->portion);
	const ml_lane *l = S_lane_of_text(r, p->text, p->len);

	return l ? l : S_doc_lane(r);
}

/* The partners a suggestion releases to: USA, then those the document
 * names; when it names none, the partners of lane (may be NULL); failing
 * that, those of the default lane (the shipped one is the Five Eyes). */
static void S_release_to(ml_report *r, const ml_lane *lane,
                         ml_marking_countries *out)
{
	const ml_marking_countries *named = S_partners(r);
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
	s = S_keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
}

/* A foreign-release marking instead of NOFORN (IC-ISM rule 00119 wants
 * one on every classified portion). */
static const char *S_suggest_release(ml_report *r, const ml_found *f,
                                     const ml_lane *lane)
{
	ml_marking m;
	ml_marking_countries to;
	size_t i;

	if (f->form == ML_FORM_STATEMENT || f->form == ML_FORM_ATTRIBUTE ||
	    !f->marking) {
		S_release_to(r, lane, &to);
		ml_buf b;
		ml_buf_init(&b, 1024);
		ml_buf_puts(&b, f->form == ML_FORM_ATTRIBUTE
		                    ? "ism:disseminationControls=\"REL\" "
		                      "ism:releasableTo=\""
		                    : "REL TO ");
		for (i = 0; i < to.n; i++)
			ml_buf_printf(&b, "%s%s", i ? (f->form == ML_FORM_ATTRIBUTE
			                               ? " " : ", ") : "",
			              to.v[i]);
		if (f->form == ML_FORM_ATTRIBUTE)
			ml_buf_putc(&b, '"');
		{
			const char *s = S_keep(r, b.ptr, b.size);
			ml_buf_free(&b);
			return s;
		}
	}
	m = *f->marking;
	m.dissem &= ~(uint32_t)(ML_DISSEM_NOFORN | ML_DISSEM_SBU_NF |
	                        ML_DISSEM_LES_NF);
	if (m.level == ML_CLASS_U)
		return S_format(r, &m, f->marking->form);
	S_release_to(r, lane, &to);
	m.dissem |= ML_DISSEM_RELTO;
	m.relto = to;
	m.relto_only = 0;
	return S_format(r, &m, f->marking->form);
}

/* The suggestion of a NOFORN-* or FOREIGN-* finding f about m whose
 * disposition is remove (status missing) or review (weak): release to
 * the partners the document names, else to those of the marking's lane,
 * else (remove only) to the Five Eyes. With a lane, f->lane gets its name
 * and the message says which lane and why. */
static void S_suggest(ml_report *r, const ml_found *m, ml_finding *f)
{
	const ml_lane *lane;
	ml_marking_countries to;
	ml_buf b;
	size_t i;
	int named;

	if (!f || m->status == ML_JUST_CITED)
		return;
	lane = S_lane_of(r, m);
	if (!lane && m->status != ML_JUST_MISSING)
		return; /* review: only a lane has something to suggest */
	named = S_partners(r)->n != 0;
	if (lane) {
		ml_buf_init(&b, 1024);
		ml_lane_describe(lane, &b);
		f->lane = lane->name;
		f->message = S_keepf(r, "%s; lane %s%s", f->message, b.ptr,
		                     named ? ", but the document names its own "
		                             "partners" : "");
		ml_buf_free(&b);
	}
	if (m->kind == ML_KIND_NOFORN) {
		f->suggestion = S_suggest_release(r, m, lane);
		return;
	}
	if (!lane) {
		f->suggestion = "delete it, or state the specific restriction "
		    "and cite its authority (e.g. ITAR 22 CFR 120-130, DFARS "
		    "252.225-7048, an FDO determination)";
		return;
	}
	S_release_to(r, lane, &to);
	ml_buf_init(&b, 1024);
	for (i = 0; i < to.n; i++)
		ml_buf_printf(&b, "%s%s", i ? ", " : "", to.v[i]);
	f->suggestion = S_keepf(r, "open it to %s (%s), or state the "
	    "specific restriction and cite its authority (e.g. ITAR 22 CFR "
	    "120-130, DFARS 252.225-7048, an FDO determination)", b.ptr,
	    named ? "the partners the document names" : lane->arrangement);
	ml_buf_free(&b);
}

/* The banner recomputed from the portions (5: the roll-up). */
static const char *S_rollup_banner(ml_report *r, const ml_found *banner)
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

/* --- detection --- */

/* One copy of each distinct marking: a document repeats a few marks
 * thousands of times, and a marking is large, so memory stays flat. */
static const ml_marking *S_intern(ml_report *r, const ml_marking *m)
{
	ml_marking key = *m;
	size_t i;

	key.off = key.len = 0;
	for (i = 0; i < r->ninterned; i++)
		if (memcmp(r->interned[i], &key, sizeof key) == 0)
			return r->interned[i];
	if (r->ninterned == r->cinterned) {
		r->cinterned = r->cinterned ? r->cinterned * 2 : 16;
		r->interned = ml_xrealloc(r->interned,
		                          r->cinterned * sizeof *r->interned);
	}
	r->interned[r->ninterned] = ml_xmalloc(sizeof key);
	*r->interned[r->ninterned] = key;
	return r->interned[r->ninterned++];
}

/* Keeps a portion's marking for the banner roll-up (distinct ones). */
static void S_keep_parsed(ml_report *r, const ml_marking *m)
{
	const ml_marking *in = S_intern(r, m);
	size_t i;

	for (i = 0; i < r->nparsed; i++)
		if (r->parsed[i] == in)
			return;
	if (r->nparsed == r->cparsed) {
		r->cparsed = r->cparsed ? r->cparsed * 2 : 16;
		r->parsed = ml_xrealloc(r->parsed,
		                        r->cparsed * sizeof *r->parsed);
	}
	r->parsed[r->nparsed++] = in;
}

/* Does a marking that did not parse still carry NOFORN as one of its
 * blocks ("TOP SECRET//SCI//NOFORN", "(S/NF)")? A reader sees NOFORN
 * there, so it is a NOFORN marking as well as a malformed one. */
static int S_malformed_noforn(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start, n;
		while (i < len && (s[i] == '/' || s[i] == '(' || s[i] == ')' ||
		                   s[i] == ' ' || s[i] == ','))
			i++;
		start = i;
		while (i < len && s[i] != '/' && s[i] != ')' && s[i] != ',')
			i++;
		n = i - start;
		while (n && s[start + n - 1] == ' ')
			n--;
		if ((n == 2 && strncmp(s + start, "NF", 2) == 0) ||
		    (n == 6 && strncmp(s + start, "NOFORN", 6) == 0))
			return 1;
	}
	return 0;
}

static int S_has_noforn(const ml_marking *m)
{
	return (m->dissem & (ML_DISSEM_NOFORN | ML_DISSEM_SBU_NF |
	                     ML_DISSEM_LES_NF)) != 0;
}

/* MARKING-MALFORMED, NOFORN-RELTO-CONFLICT and FOUO-OBSOLETE for a
 * marking that parsed. */
static void S_form_rules(ml_report *r, size_t portion, const ml_marking *m,
                         const char *text, long mark)
{
	uint32_t problems = ml_marking_problems(m), bit;

	for (bit = 1; bit; bit <<= 1) {
		const char *rule, *msg;
		if (!(problems & bit))
			continue;
		rule = ml_marking_problem_rule(bit);
		msg = ml_marking_problem_message(bit);
		if (rule && msg)
			S_add_finding(r, rule, portion, mark,
			              S_keepf(r, "%s: %s", text, msg));
	}
	if (m->dissem & ML_DISSEM_FOUO) {
		ml_finding *f = S_add_finding(r, "FOUO-OBSOLETE", portion, mark,
		    S_keepf(r, "%s: FOUO is obsolete; DoDI 5200.48 replaced it "
		            "with CUI", text));
		if (f && m->level <= ML_CLASS_CUI)
			f->suggestion = m->form == ML_MARKING_PORTION
			                    ? "(CUI)" : "CUI";
	}
}

/* Returns where the portion's text starts after its portion mark (0 when
 * it has none), so that a restriction sentence does not begin with it. */
static size_t S_detect_portion_mark(ml_report *r, size_t i,
                                    const ml_portion *p)
{
	ml_marking m;
	ml_marking_error e;
	ml_found *f;

	switch (ml_marking_find_portion_mark(p->text, p->len, 0, &m, &e)) {
	case ML_MARKING_FOUND:
		if (S_has_noforn(&m)) {
			f = S_add_mark(r, ML_KIND_NOFORN, ML_FORM_PORTION, i,
			               m.off, m.len);
			f->marking = S_intern(r, &m);
			r->noforn_portions++;
			S_form_rules(r, i, &m, f->text, (long)(f - r->marks));
			S_keep_parsed(r, &m);
		} else {
			S_keep_parsed(r, &m);
			S_form_rules(r, i, &m,
			             S_keep(r, p->text + m.off, m.len), -1);
		}
		return m.off + m.len;
	case ML_MARKING_MALFORMED:
		f = NULL;
		if (S_malformed_noforn(p->text + e.off, e.len)) {
			f = S_add_mark(r, ML_KIND_NOFORN, ML_FORM_PORTION, i,
			               e.off, e.len);
			r->noforn_portions++;
		}
		S_add_finding(r, "MARKING-MALFORMED", i,
		              f ? (long)(f - r->marks) : -1,
		              S_keepf(r, "%.*s looks like a portion mark but "
		                      "does not parse: %s", (int)e.len,
		                      p->text + e.off, e.msg));
		return e.off + e.len;
	default:
		return 0;
	}
}

/* A whole-portion banner line; returns 1 when the portion was one. */
static int S_detect_banner(ml_report *r, size_t i, const ml_portion *p)
{
	ml_marking m;
	ml_marking_error e;
	ml_found *f;

	if (p->len > S_BANNER_MAX)
		return 0;
	switch (ml_marking_parse_banner(p->text, p->len, ML_MARKING_ICASE, &m,
	                                &e)) {
	case ML_MARKING_FOUND:
		if (r->nbanners++ == 0)
			r->first_banner = (long)i;
		if (S_has_noforn(&m)) {
			r->banner_noforn = 1;
			f = S_add_mark(r, ML_KIND_NOFORN, ML_FORM_BANNER, i,
			               m.off, m.len);
			f->marking = S_intern(r, &m);
			S_form_rules(r, i, &m, f->text, (long)(f - r->marks));
		} else {
			S_form_rules(r, i, &m,
			             S_keep(r, p->text + m.off, m.len), -1);
		}
		return 1;
	case ML_MARKING_MALFORMED:
		f = NULL;
		if (S_malformed_noforn(p->text + e.off, e.len)) {
			f = S_add_mark(r, ML_KIND_NOFORN, ML_FORM_BANNER, i,
			               e.off, e.len);
			r->banner_noforn = 1;
			if (r->nbanners++ == 0)
				r->first_banner = (long)i;
		}
		S_add_finding(r, "MARKING-MALFORMED", i,
		              f ? (long)(f - r->marks) : -1,
		              S_keepf(r, "%.*s looks like a banner line but "
		                      "does not parse: %s", (int)e.len,
		                      p->text + e.off, e.msg));
		return 1;
	default:
		return 0;
	}
}

static int S_detect_statement(ml_report *r, size_t i, const ml_portion *p)
{
	size_t so, eo;

	if (p->len > S_BANNER_MAX ||
	    !S_find(r, ml_rules_any(r->rs, ML_PAT_STATEMENT), p->text, p->len,
	            0, &so, &eo))
		return 0;
	S_add_mark(r, ML_KIND_NOFORN, ML_FORM_STATEMENT, i, 0, p->len);
	r->noforn_portions++;
	return 1;
}

static const char *S_attr(const ml_portion *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nattrs; i++)
		if (strcmp(p->attrs[i].name, name) == 0)
			return p->attrs[i].value;
	return NULL;
}

static int S_has_token(const char *list, const char *token)
{
	size_t n = strlen(token);

	while (list && *list) {
		size_t l;
		list += strspn(list, " ");
		l = strcspn(list, " ");
		if (l == n && strncmp(list, token, n) == 0)
			return 1;
		list += l;
	}
	return 0;
}

/* IC-ISM tokens of ism:disseminationControls and the controls they are. */
static const struct {
	const char *token;
	uint32_t flag;
} S_ism_dissem[] = {
	{"DISPLAYONLY", ML_DISSEM_DISPLAY_ONLY}, {"EYES", ML_DISSEM_EYES_ONLY},
	{"FOUO", ML_DISSEM_FOUO},     {"IMC", ML_DISSEM_IMCON},
	{"NF", ML_DISSEM_NOFORN},     {"OC", ML_DISSEM_ORCON},
	{"PR", ML_DISSEM_PROPIN},     {"REL", ML_DISSEM_RELTO},
	{"RELIDO", ML_DISSEM_RELIDO}, {"RS", ML_DISSEM_RSEN},
};

static const struct {
	const char *token;
	ml_marking_class level;
} S_ism_class[] = {
	{"U", ML_CLASS_U}, {"C", ML_CLASS_C}, {"S", ML_CLASS_S},
	{"TS", ML_CLASS_TS}, {"R", ML_CLASS_R},
};

/* Adds the space-separated codes of list to c. */
static void S_ism_countries(const char *list, ml_marking_countries *c)
{
	char code[8];

	while (list && *list) {
		size_t l;
		list += strspn(list, " ");
		l = strcspn(list, " ");
		if (l && l < sizeof code) {
			memcpy(code, list, l);
			code[l] = '\0';
			ml_marking_countries_add(c, code);
		}
		list += l;
	}
}

/* The marking an element's ism: attributes amount to, as if it were a
 * portion mark, so that the grammar's checks (NOFORN with REL TO, FOUO)
 * and the roll-up apply to IC-ISM too. Returns 0 when the portion has no
 * ism:classification. */
static int S_ism_marking(const ml_portion *p, ml_marking *m)
{
	const char *cls = S_attr(p, "ism:classification");
	const char *dc = S_attr(p, "ism:disseminationControls");
	size_t k;

	if (!cls)
		return 0;
	ml_marking_init(m);
	m->form = ML_MARKING_PORTION;
	for (k = 0; k < sizeof S_ism_class / sizeof S_ism_class[0]; k++)
		if (strcmp(cls, S_ism_class[k].token) == 0)
			m->level = S_ism_class[k].level;
	for (k = 0; k < sizeof S_ism_dissem / sizeof S_ism_dissem[0]; k++)
		if (dc && S_has_token(dc, S_ism_dissem[k].token))
			m->dissem |= S_ism_dissem[k].flag;
	S_ism_countries(S_attr(p, "ism:releasableTo"), &m->relto);
	S_ism_countries(S_attr(p, "ism:displayOnlyTo"), &m->display);
	return 1;
}

/* IC-ISM attributes: ism:disseminationControls containing NF. On the
 * resource element (the document's own marking) it is a banner, judged
 * by roll-up. */
static void S_detect_attribute(ml_report *r, size_t i, const ml_portion *p)
{
	const char *dc = S_attr(p, "ism:disseminationControls");
	const char *res = S_attr(p, "ism:resourceElement");
	int banner = res && strcmp(res, "true") == 0;
	ml_marking m;
	int has = S_ism_marking(p, &m);
	ml_found *f = NULL;

	if (dc && S_has_token(dc, "NF")) {
		f = S_add_mark(r, ML_KIND_NOFORN,
		               banner ? ML_FORM_BANNER : ML_FORM_ATTRIBUTE, i,
		               0, 0);
		f->text = S_keepf(r, "ism:disseminationControls=\"%s\"", dc);
		if (banner) {
			r->banner_noforn = 1;
			if (r->nbanners++ == 0)
				r->first_banner = (long)i;
		} else {
			r->noforn_portions++;
		}
	}
	if (!has)
		return;
	if (f)
		f->marking = S_intern(r, &m);
	if (!banner)
		S_keep_parsed(r, &m);
	S_form_rules(r, i, &m,
	             f ? f->text
	               : S_keepf(r, "ism:disseminationControls=\"%s\"",
	                         dc ? dc : ""),
	             f ? (long)(f - r->marks) : -1);
}

/* The first match of rx at or after start that is not inside quotation
 * marks, if it comes before *best_so. */
static void S_first_unquoted(ml_report *r, const ml_rx *rx,
                             const ml_portion *p, size_t start,
                             const S_span *quotes, size_t nquotes,
                             size_t *best_so, size_t *best_eo)
{
	size_t so, eo;

	while (start < *best_so &&
	       S_find(r, rx, p->text, p->len, start, &so, &eo)) {
		if (!S_quoted(quotes, nquotes, so)) {
			if (so < *best_so)
				*best_so = so, *best_eo = eo;
			return;
		}
		if (eo <= start)
			return;
		start = eo;
	}
}

static void S_detect_restrictions(ml_report *r, size_t i, const ml_portion *p,
                                  size_t floor)
{
	const ml_pattern *const *pats;
	size_t np, k, start, end, last_end = 0, bso, beo;
	S_span quotes[S_MAX_QUOTES];
	size_t nquotes;
	int any = 0;

	if (!S_any(r, ML_PAT_RESTRICTION, p->text, p->len))
		return;
	nquotes = S_quote_spans(r->rs, p->text, p->len, quotes);
	np = ml_rules_patterns(r->rs, ML_PAT_RESTRICTION, &pats);
	/* Scan left to right: at each step the earliest match of any
	 * pattern; one marking per sentence. */
	for (start = 0; start < p->len && !r->failed;) {
		size_t best_so = p->len, best_eo = p->len;
		for (k = 0; k < np; k++)
			S_first_unquoted(r, pats[k]->rx, p, start, quotes,
			                 nquotes, &best_so, &best_eo);
		if (best_so == p->len)
			break;
		S_sentence(p->text, p->len, best_so, best_eo, &start, &end);
		if (start < floor && floor <= best_so)
			start = floor + strspn(p->text + floor, " ");
		if (!any || start >= last_end) {
			ml_found *f;
			size_t len = end - start;
			if (len > S_SENTENCE_MAX)
				len = S_SENTENCE_MAX;
			f = S_add_mark(r, ML_KIND_FOREIGN, ML_FORM_SENTENCE, i,
			               start, len);
			f->off = best_so;
			f->len = best_eo - best_so;
			if (S_find(r, ml_rules_any(r->rs, ML_PAT_BLANKET),
			           p->text, end, start, &bso, &beo)) {
				f->blanket = 1;
				f->blanket_text = S_keep(r, p->text + bso, beo - bso);
			}
			any = 1;
			last_end = end;
		}
		start = end > best_eo ? end : best_eo;
	}
}

static void S_marking_rules(ml_report *r, size_t idx);

static void S_detect(ml_report *r)
{
	size_t i, n = ml_doc_portion_count(r->doc);

	for (i = 0; i < n && !r->failed; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		size_t lead = strspn(p->text, " "), body = 0;

		size_t first = r->nmarks, k;

		S_detect_attribute(r, i, p);
		if (p->text[lead] == '(')
			body = S_detect_portion_mark(r, i, p);
		if (!S_detect_banner(r, i, p) && !S_detect_statement(r, i, p))
			S_detect_restrictions(r, i, p, body);
		/* judged at once, so findings come in document order; banners
		 * wait for the roll-up of the whole document */
		for (k = first; k < r->nmarks && !r->failed; k++)
			if (r->marks[k].form != ML_FORM_BANNER)
				S_marking_rules(r, k);
	}
}

/* --- rules --- */

static const char *S_quote_of(ml_report *r, const ml_found *m)
{
	const ml_portion *p = ml_doc_portion(r->doc, m->portion);

	if (m->form == ML_FORM_SENTENCE)
		return S_keepf(r, "\"%.*s\"", (int)m->len, p->text + m->off);
	return m->text;
}

/* How a message says where a basis was found. */
static const char *S_where_phrase(ml_where w)
{
	static const char *const phrases[] = {
	    "", "in the paragraph", "in a footnote", "in an endnote",
	    "in a comment", "in the next paragraph",
	    "in its IC-ISM attributes", "in the document", "by roll-up"};
	return (unsigned)w < 9 ? phrases[w] : "";
}

static const char *S_noun(const ml_found *m)
{
	static const char *const nouns[] = {
	    "NOFORN portion mark", "NOFORN banner", "NOFORN statement",
	    "NOFORN attribute", "foreign restriction"};
	return nouns[m->form];
}

static void S_marking_rules(ml_report *r, size_t idx)
{
	ml_found *m = &r->marks[idx];
	const char *quote = S_quote_of(r, m), *rule;
	ml_finding *f;
	long mi = (long)idx;

	if (m->form == ML_FORM_BANNER) {
		/* justified by roll-up, not by citation (4) */
		m->where = ML_WHERE_ROLLUP;
		if (r->noforn_portions) {
			m->status = ML_JUST_CITED;
			m->citation = S_keepf(r, "%zu NOFORN portion%s",
			                      r->noforn_portions,
			                      r->noforn_portions == 1 ? "" : "s");
			S_add_finding(r, "NOFORN-JUSTIFIED", m->portion, mi,
			              S_keepf(r, "NOFORN banner %s is supported by "
			                      "the roll-up of %s", quote,
			                      m->citation));
			return;
		}
		m->status = ML_JUST_MISSING;
		m->reason = "no portion of the document carries NOFORN";
		f = S_add_finding(r, "BANNER-UNSUPPORTED", m->portion, mi,
		                  S_keepf(r, "banner %s carries NOFORN but no "
		                          "portion of the document does: it "
		                          "over-marks the document (IC-ISM rule "
		                          "00070)", quote));
		if (f)
			f->suggestion = S_rollup_banner(r, m);
		return;
	}
	S_judge(r, m);
	if (m->kind == ML_KIND_NOFORN)
		rule = m->status == ML_JUST_CITED ? "NOFORN-JUSTIFIED"
		       : m->status == ML_JUST_WEAK ? "NOFORN-WEAK"
		                                   : "NOFORN-UNJUSTIFIED";
	else
		rule = m->status == ML_JUST_CITED ? "FOREIGN-JUSTIFIED"
		       : m->status == ML_JUST_WEAK ? "FOREIGN-WEAK"
		                                   : "FOREIGN-UNJUSTIFIED";
	if (m->status == ML_JUST_CITED)
		f = S_add_finding(r, rule, m->portion, mi,
		                  S_keepf(r, "%s %s cites %s %s", S_noun(m),
		                          quote, m->citation,
		                          S_where_phrase(m->where)));
	else
		f = S_add_finding(r, rule, m->portion, mi,
		                  S_keepf(r, "%s %s %s", S_noun(m), quote,
		                          m->reason));
	S_suggest(r, m, f);
	if (m->kind == ML_KIND_FOREIGN && m->blanket) {
		f = S_add_finding(r, "FOREIGN-BLANKET", m->portion, mi,
		                  S_keepf(r, "blanket foreign restriction "
		                          "(\"%s\"): narrow it to the work or "
		                          "information that needs it",
		                          m->blanket_text));
		if (f)
			f->suggestion = "name the tasks, CLINs or information "
			                "that must stay national, and open the "
			                "rest to foreign participation";
	}
}

/* IC-ISM rule 00070: a NOFORN portion forces NOFORN into the banner. */
static void S_banner_rollup_rule(ml_report *r)
{
	ml_finding *f;

	if (!r->noforn_portions || !r->nbanners || r->banner_noforn)
		return;
	f = S_add_finding(r, "BANNER-MISSING-NOFORN", (size_t)r->first_banner,
	                  -1, S_keepf(r, "%zu portion%s carr%s NOFORN but no "
	                              "banner of the document does (IC-ISM "
	                              "rule 00070)", r->noforn_portions,
	                              r->noforn_portions == 1 ? "" : "s",
	                              r->noforn_portions == 1 ? "ies" : "y"));
	if (f)
		f->suggestion = S_rollup_banner(r, NULL);
}

/* --- public --- */

int ml_check(const ml_doc *doc, const ml_rules *rs, ml_rx_scratch *scratch,
             ml_report **out, ml_error *err)
{
	ml_report *r = ml_xcalloc(1, sizeof *r);
	size_t i;

	r->doc = doc;
	r->rs = rs;
	r->scratch = scratch;
	r->err = err;
	r->first_banner = -1;
	S_detect(r);
	for (i = 0; i < r->nmarks && !r->failed; i++)
		if (r->marks[i].form == ML_FORM_BANNER)
			S_marking_rules(r, i);
	if (!r->failed)
		S_banner_rollup_rule(r);
	if (r->failed) {
		ml_report_free(r);
		*out = NULL;
		return ML_ELIMIT;
	}
	*out = r;
	return 0;
}

void ml_report_free(ml_report *r)
{
	S_strings *s, *next;
	size_t i;

	if (!r)
		return;
	for (s = r->strings; s; s = next) {
		next = s->next;
		free(s);
	}
	free(r->marks);
	free(r->finds);
	free(r->strtab);
	for (i = 0; i < r->ninterned; i++)
		free(r->interned[i]);
	free(r->interned);
	free(r->parsed);
	free(r);
}

const ml_doc *ml_report_doc(const ml_report *r) { return r->doc; }
const ml_rules *ml_report_rules(const ml_report *r) { return r->rs; }

size_t ml_report_markings(const ml_report *r, const ml_found **out)
{
	*out = r->marks;
	return r->nmarks;
}

size_t ml_report_findings(const ml_report *r, const ml_finding **out)
{
	*out = r->finds;
	return r->nfinds;
}

void ml_report_counts(const ml_report *r, size_t counts[3])
{
	size_t i;

	counts[0] = counts[1] = counts[2] = 0;
	for (i = 0; i < r->nfinds; i++)
		counts[r->finds[i].severity]++;
}

ml_finding *ml_report_add_finding(ml_report *r, const char *rule_id,
                                  size_t portion, const char *message)
{
	return S_add_finding(r, rule_id, portion, -1,
	                     S_keep(r, message, strlen(message)));
}

void ml_report_suppress(ml_report *r, size_t i, int kind,
                        const char *justification)
{
	if (i >= r->nfinds)
		return;
	r->finds[i].suppressed = kind;
	r->finds[i].justification = justification ?
	    S_keep(r, justification, strlen(justification)) : NULL;
}

const char *ml_context(const ml_portion *p, size_t off, size_t len,
                       size_t *n)
{
	size_t start = 0, end = p->len;

	if (p->len <= S_CONTEXT_MAX) {
		*n = p->len;
		return p->text;
	}
	if (len > S_CONTEXT_MAX)
		len = S_CONTEXT_MAX;
	/* centre the marking in the window */
	if (off + len / 2 > S_CONTEXT_MAX / 2)
		start = off + len / 2 - S_CONTEXT_MAX / 2;
	if (start + S_CONTEXT_MAX > p->len)
		start = p->len - S_CONTEXT_MAX;
	end = start + S_CONTEXT_MAX;
	/* keep whole UTF-8 characters */
	while (start < p->len && ((unsigned char)p->text[start] & 0xC0) == 0x80)
		start++;
	while (end > start && end < p->len &&
	       ((unsigned char)p->text[end] & 0xC0) == 0x80)
		end--;
	*n = end - start;
	return p->text + start;
}
