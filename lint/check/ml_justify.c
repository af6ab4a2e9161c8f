/* ml_justify.c - MARKINGS.md 4: the scopes searched for a basis, and the
 * status (cited, weak, missing) of each marking. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_doc.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A weak basis, from weakest to strongest: the strongest found is what
 * the message explains. */
typedef enum {
	S_WEAK_NONE,
	S_WEAK_DOCUMENT,    /* only a classification authority block */
	S_WEAK_VAGUE,       /* a reason without an authority */
	S_WEAK_LABEL,       /* a labelled justification naming no authority */
	S_WEAK_REGIME,      /* only a marking regime (DoDM 5200.01...) */
	S_WEAK_OTHER_KIND   /* an authority for the other kind (ITAR...) */
} S_weak;

/* Most list items after a portion that ends with a colon (4, scope 4)
 * searched for a basis: a list is short; a document of nested lists must
 * not make judging quadratic. */
#define S_LIST_MAX 16

/* --- document-wide facts (computed on first use: most documents never
 * need them, and each is a pass over all the text; a streamed document
 * has them computed portion by portion as it is read, each scan going
 * on from the portions it has seen) --- */

/* The first classification authority block line ("Derived From: ..."),
 * or NULL. */
static const char *S_authority_block(ml_report *r)
{
	size_t i, so, eo, n = ml_doc_portion_count(r->doc);

	for (i = r->authority_upto; i < n && !r->failed && !r->authority_block;
	     i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		if (ml_check__find(r, ml_rules_any(r->rs, ML_PAT_AUTHORITY_BLOCK),
		           p->text, p->len, 0, &so, &eo))
			r->authority_block = ml_check__keep(r, p->text + so,
			    p->len - so > 120 ? 120 : p->len - so);
	}
	r->authority_upto = n;
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

/* Does c hold every code of the space-separated list codes (none: yes)?
 * A partner pattern that would add nothing new is not matched again. */
static int S_codes_known(const ml_marking_countries *c, const char *codes)
{
	size_t i;

	while (codes && *codes) {
		size_t l = strcspn(codes, " ");
		for (i = 0; i < c->n; i++)
			if (strlen(c->v[i]) == l && memcmp(c->v[i], codes, l) == 0)
				break;
		if (l && i == c->n)
			return 0;
		codes += l;
		codes += strspn(codes, " ");
	}
	return 1;
}

/* The partners the document names (AUKUS, Five Eyes, country names). */
/* May pattern i match, given ml_rules_candidates' answer c and its hit
 * bits? (c < 0: the kind has no trigger set; every pattern may.) */
static int S_may_match(int c, const uint64_t *hit, size_t i)
{
	return c < 0 || (hit[i / 64] >> (i % 64) & 1);
}

const ml_marking_countries *ml_check__partners(ml_report *r)
{
	const ml_pattern *const *pats;
	size_t np = ml_rules_patterns(r->rs, ML_PAT_PARTNER, &pats);
	size_t i, k, so, eo, n = ml_doc_portion_count(r->doc);

	for (i = r->partners_upto; i < n && !r->failed; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		uint64_t hit[ML_RX_HIT_WORDS];
		/* one scan for the triggers of all partners, then only the
		 * partners whose triggers are there */
		int c = ml_rules_candidates(r->rs, ML_PAT_PARTNER, r->scratch,
		                            p->text, p->len, hit);
		if (c == 0 || (c < 0 && !ml_check__any(r, ML_PAT_PARTNER,
		                                       p->text, p->len)))
			continue;
		for (k = 0; k < np; k++)
			if (S_may_match(c, hit, k) &&
			    !S_codes_known(&r->partners, pats[k]->codes) &&
			    ml_check__find(r, pats[k]->rx, p->text, p->len, 0,
			                   &so, &eo))
				S_add_codes(&r->partners, pats[k]->codes);
	}
	r->partners_upto = n;
	return &r->partners;
}

void ml_check__doc_facts(ml_report *r)
{
	S_authority_block(r);
	ml_check__partners(r);
	ml_check__lane_facts(r);
}

/* --- justification --- */

/* Keeps w as b's weak basis when it is stronger than the one it has. */
static void S_weaker(ml_report *r, ml_basis *b, S_weak w, ml_where where,
                     const char *s, size_t n, const char *group)
{
	if ((int)w <= b->weak)
		return;
	while (n > 0 && strchr(".,;: ", s[n - 1])) /* the sentence's end */
		n--;
	b->weak = (int)w;
	b->weak_where = where;
	b->weak_text = ml_check__keep(r, s, n > 200 ? 200 : n);
	b->weak_group = group;
}

static void S_cite(ml_report *r, ml_basis *b, ml_where where, const char *s,
                   size_t n)
{
	b->cited = 1;
	b->cited_where = where;
	b->cited_text = ml_check__keep(r, s, n);
}

/* a's basis, or b's when b's is better (cited, or a stronger weak). */
static void S_better(ml_basis *a, const ml_basis *b)
{
	if (a->cited)
		return;
	if (b->cited || b->weak > a->weak)
		*a = *b;
}

/* ml_rules_candidates over t[start..len): the patterns of kind whose
 * trigger literals are there (a pattern's match holds them), by bit in
 * hit; -1 when the kind has no such set (try every pattern). */
static int S_candidates(ml_report *r, ml_pat_kind kind, const char *t,
                        size_t len, size_t start, uint64_t *hit)
{
	return ml_rules_candidates(r->rs, kind, r->scratch, t + start,
	                           len - start, hit);
}

/* Searches one scope's text t[start..len) for citations and vague
 * reasons. The span [skip_off, skip_off+skip_len) (the marking itself: a
 * CUI category in the marking is not a citation) is ignored. near: the
 * scope is tied to the marking (its sentence, notes, labelled portion,
 * list), so citations of reach="sentence" count. */
static void S_search(ml_report *r, const char *t, size_t len, size_t start,
                     size_t skip_off, size_t skip_len, ml_mark_kind kind,
                     ml_where where, int near, ml_basis *b)
{
	const ml_pattern *const *pats;
	unsigned need = kind == ML_KIND_NOFORN ? ML_JUSTIFIES_NOFORN
	                                       : ML_JUSTIFIES_FOREIGN;
	size_t np, i, so, eo, at;
	uint64_t hit[ML_RX_HIT_WORDS];
	int c;

	if (b->cited || start >= len)
		return;
	if (ml_check__find(r, ml_rules_any(r->rs, ML_PAT_CITATION), t, len,
	                   start, &so, &eo)) {
		np = ml_rules_patterns(r->rs, ML_PAT_CITATION, &pats);
		/* only the patterns whose triggers are in t[start..len): one
		 * scan for all, not one a pattern */
		c = S_candidates(r, ML_PAT_CITATION, t, len, start, hit);
		for (i = 0; i < np && !b->cited; i++) {
			if (pats[i]->sentence_only && !near)
				continue;
			if (!S_may_match(c, hit, i))
				continue;
			for (at = start; ml_check__find(r, pats[i]->rx, t, len, at,
			                       &so, &eo); at = eo) {
				if (eo <= at)
					break;
				if (so < skip_off + skip_len && eo > skip_off)
					continue;
				if (pats[i]->justifies & need) {
					S_cite(r, b, where, t + so, eo - so);
					break;
				}
				S_weaker(r, b, pats[i]->justifies ? S_WEAK_OTHER_KIND
				                                  : S_WEAK_REGIME,
				         where, t + so, eo - so, pats[i]->group);
				break;
			}
		}
	}
	if (!b->cited && ml_check__find(r, ml_rules_any(r->rs, ML_PAT_VAGUE), t,
	                                len, start, &so, &eo)) {
		np = ml_rules_patterns(r->rs, ML_PAT_VAGUE, &pats);
		c = S_candidates(r, ML_PAT_VAGUE, t, len, start, hit);
		for (i = 0; i < np; i++)
			if (S_may_match(c, hit, i) &&
			    ml_check__find(r, pats[i]->rx, t, len, start, &so,
			                   &eo)) {
				S_weaker(r, b, S_WEAK_VAGUE, where, t + so, eo - so,
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
		if (ml_check__find(r, pats[i]->rx, p->text, p->len, 0, &so, &eo) &&
		    so == 0)
			return 1;
	return 0;
}

/* The ism: attributes that count as the portion's text (4, scope 5). */
static void S_search_attrs(ml_report *r, const ml_portion *p,
                           ml_mark_kind kind, ml_basis *b)
{
	static const char *const names[] = {"ism:derivativelyClassifiedBy",
	                                    "ism:derivedFrom",
	                                    "ism:classificationReason"};
	size_t i, k;

	for (i = 0; i < p->nattrs; i++) {
		const char *v = p->attrs[i].value;
		size_t n = strlen(v);
		/* not normalised like text: the check runs with UTF-8 known
		 * valid (ml_check), and invalid UTF-8 never matched */
		if (!ml_utf8_valid(v, n))
			continue;
		for (k = 0; k < 3; k++)
			if (strcmp(p->attrs[i].name, names[k]) == 0)
				S_search(r, v, n, 0, 0, 0, kind,
				         ML_WHERE_ATTRIBUTE, 1, b);
	}
}

/* Does the text start with a list marker: "1.", "a)", "(iv)", "-", "*",
 * a bullet? */
static int S_list_item(const char *t, size_t len)
{
	size_t i = 0, n;

	while (i < len && t[i] == ' ')
		i++;
	if (i < len && (t[i] == '-' || t[i] == '*') && i + 1 < len &&
	    t[i + 1] == ' ')
		return 1;
	if (i + 2 < len && (unsigned char)t[i] == 0xe2 &&
	    (unsigned char)t[i + 1] == 0x80 && (unsigned char)t[i + 2] == 0xa2)
		return 1; /* U+2022 BULLET */
	if (i < len && t[i] == '(')
		i++;
	for (n = 0; i + n < len && n < 4 &&
	            ((t[i + n] >= '0' && t[i + n] <= '9') ||
	             (t[i + n] >= 'a' && t[i + n] <= 'z') ||
	             (t[i + n] >= 'A' && t[i + n] <= 'Z')); n++)
		;
	/* a number, a letter or a roman numeral, then ".", ")" */
	return n > 0 && (n == 1 || (t[i] >= '0' && t[i] <= '9') ||
	                 strspn(t + i, "ivxlcIVXLC") >= n) &&
	       i + n < len && (t[i + n] == '.' || t[i + n] == ')');
}

/* Scope 4: when p (portion pi) ends with a colon, the list items that
 * follow it in the same part, to the end of that list. Where the reader
 * shows no list markers (Word numbering), only the next portion. */
static void S_search_list(ml_report *r, size_t pi, const ml_portion *p,
                          ml_mark_kind kind, ml_basis *b)
{
	const ml_portion *q;
	size_t k;

	if (!ml_check__ends_with_colon(p))
		return;
	for (k = 1; k <= S_LIST_MAX && !b->cited; k++) {
		q = ml_doc_portion(r->doc, pi + k);
		if (!q || q->part != p->part)
			break;
		if (!S_list_item(q->text, q->len) && k > 1)
			break;
		S_search(r, q->text, q->len, 0, 0, 0, kind, ML_WHERE_LIST, 1, b);
		if (!S_list_item(q->text, q->len))
			break;
	}
}

/* Scopes 2 to 5 and the document: the notes and comments of portion pi,
 * a labelled next portion, the list after its colon, its ISM attributes,
 * then the document's authority block. */
static void S_search_tied(ml_report *r, size_t pi, const ml_portion *p,
                          ml_mark_kind kind, ml_basis *b)
{
	const ml_doc *doc = r->doc;
	const ml_portion *next;
	size_t i, k, first, n;

	for (i = 0; i < p->nrefs && !b->cited; i++) {
		n = ml_doc_linked(doc, p->refs[i].kind, p->refs[i].id, &first);
		for (k = first; k < first + n; k++) {
			const ml_portion *q = ml_doc_portion(doc, k);
			S_search(r, q->text, q->len, 0, 0, 0, kind,
			         S_link_where(p->refs[i].kind), 1, b);
		}
	}
	next = ml_doc_portion(doc, pi + 1);
	if (!b->cited && next && next->part == p->part && S_labelled(r, next)) {
		/* a labelled justification is at least a reason, whatever
		 * it says */
		ml_basis l;
		memset(&l, 0, sizeof l);
		S_search(r, next->text, next->len, 0, 0, 0, kind,
		         ML_WHERE_NEXT_PORTION, 1, &l);
		if (!l.cited)
			S_weaker(r, &l, S_WEAK_LABEL, ML_WHERE_NEXT_PORTION,
			         next->text, next->len, NULL);
		S_better(b, &l);
	}
	if (!b->cited)
		S_search_list(r, pi, p, kind, b);
	if (!b->cited)
		S_search_attrs(r, p, kind, b);
	if (!b->cited && b->weak == S_WEAK_NONE && S_authority_block(r))
		S_weaker(r, b, S_WEAK_DOCUMENT, ML_WHERE_DOCUMENT,
		         r->authority_block, strlen(r->authority_block), NULL);
}

/* What justifies the foreign restrictions of portion pi beyond their
 * own sentences: the rest of the portion (without the citations of
 * reach="sentence") and the scopes tied to it. The same for every
 * restriction of the portion, so kept in the report for the next. */
static const ml_basis *S_portion_basis(ml_report *r, size_t pi)
{
	const ml_portion *p = ml_doc_portion(r->doc, pi);

	if (r->basis_portion != pi + 1) {
		memset(&r->basis_foreign, 0, sizeof r->basis_foreign);
		S_search(r, p->text, p->len, 0, 0, 0, ML_KIND_FOREIGN,
		         ML_WHERE_PORTION, 0, &r->basis_foreign);
		if (!r->basis_foreign.cited)
			S_search_tied(r, pi, p, ML_KIND_FOREIGN, &r->basis_foreign);
		r->basis_portion = pi + 1;
	}
	return &r->basis_foreign;
}

/* Why a marking is weak, in the words of markings/rules.xml: its rule's
 * <reason> for the weakness found (NOFORN-WEAK, FOREIGN-WEAK). */
static const char *S_weak_reason(ml_report *r, const ml_found *m,
                                 const ml_basis *b)
{
	static const ml_wording w[][2] = { /* noforn, foreign */
		[S_WEAK_DOCUMENT] = {ML_W_NOFORN_AUTHORITY_BLOCK,
		                     ML_W_FOREIGN_AUTHORITY_BLOCK},
		[S_WEAK_VAGUE] = {ML_W_NOFORN_VAGUE, ML_W_FOREIGN_VAGUE},
		[S_WEAK_LABEL] = {ML_W_NOFORN_LABEL, ML_W_FOREIGN_LABEL},
		[S_WEAK_REGIME] = {ML_W_NOFORN_REGIME, ML_W_FOREIGN_REGIME},
		[S_WEAK_OTHER_KIND] = {ML_W_NOFORN_OTHER_KIND,
		                       ML_W_FOREIGN_OTHER_KIND},
	};
	int k = m->kind == ML_KIND_NOFORN ? 0 : 1;

	return ml_check__say(r, w[b->weak][k], m->citation,
	                     b->weak_group ? b->weak_group : "another rule");
}

/* Section 4. A restriction sentence: its own sentence first (where every
 * citation counts), then the rest of its portion and the scopes tied to
 * it. Another marking: its portion, then the tied scopes. */
void ml_check__judge(ml_report *r, ml_found *m)
{
	const ml_portion *p = ml_doc_portion(r->doc, m->portion);
	ml_basis b;

	memset(&b, 0, sizeof b);
	if (m->form == ML_FORM_SENTENCE) {
		S_search(r, p->text, m->sent_off + m->sent_len, m->sent_off, 0,
		         0, m->kind, ML_WHERE_PORTION, 1, &b);
		if (!b.cited)
			S_better(&b, S_portion_basis(r, m->portion));
	} else {
		/* A CUI category in a NOFORN marking (SP-NNPI) is not a
		 * citation */
		S_search(r, p->text, p->len, 0,
		         m->kind == ML_KIND_NOFORN ? m->off : 0,
		         m->kind == ML_KIND_NOFORN ? m->len : 0, m->kind,
		         ML_WHERE_PORTION, 1, &b);
		if (!b.cited)
			S_search_tied(r, m->portion, p, m->kind, &b);
	}
	if (b.cited) {
		m->status = ML_JUST_CITED;
		m->where = b.cited_where;
		m->citation = b.cited_text;
	} else if (b.weak != S_WEAK_NONE) {
		m->status = ML_JUST_WEAK;
		m->where = b.weak_where;
		m->citation = b.weak_text;
		m->reason = S_weak_reason(r, m, &b);
	} else {
		m->status = ML_JUST_MISSING;
		m->reason = ml_check__say(r, m->kind == ML_KIND_NOFORN ?
		                          ML_W_NOFORN_NONE : ML_W_FOREIGN_NONE);
	}
}
