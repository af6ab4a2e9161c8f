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
		if (ml_check__find(r, ml_rules_any(r->rs, ML_PAT_AUTHORITY_BLOCK),
		           p->text, p->len, 0, &so, &eo))
			r->authority_block = ml_check__keep(r, p->text + so,
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
const ml_marking_countries *ml_check__partners(ml_report *r)
{
	const ml_pattern *const *pats;
	size_t np = ml_rules_patterns(r->rs, ML_PAT_PARTNER, &pats);
	size_t i, k, so, eo, n = ml_doc_portion_count(r->doc);

	if (r->scanned_partners)
		return &r->partners;
	r->scanned_partners = 1;
	for (i = 0; i < n && !r->failed; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		if (!ml_check__any(r, ML_PAT_PARTNER, p->text, p->len))
			continue;
		for (k = 0; k < np; k++)
			if (ml_check__find(r, pats[k]->rx, p->text, p->len, 0, &so, &eo))
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
	if (ml_check__any(r, ML_PAT_CITATION, t, len)) {
		np = ml_rules_patterns(r->rs, ML_PAT_CITATION, &pats);
		for (i = 0; i < np && !b->cited; i++) {
			for (start = 0; ml_check__find(r, pats[i]->rx, t, len, start,
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
	if (!b->cited && ml_check__any(r, ML_PAT_VAGUE, t, len)) {
		np = ml_rules_patterns(r->rs, ML_PAT_VAGUE, &pats);
		for (i = 0; i < np; i++)
			if (ml_check__find(r, pats[i]->rx, t, len, 0, &so, &eo)) {
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
		if (ml_check__find(r, pats[i]->rx, p->text, p->len, 0, &so, &eo) &&
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

	for (i = 0; i < p->nattrs; i++) {
		const char *v = p->attrs[i].value;
		size_t n = strlen(v);
		/* not normalised like text: the check runs with UTF-8 known
		 * valid (ml_check), and invalid UTF-8 never matched */
		if (!ml_utf8_valid(v, n))
			continue;
		for (k = 0; k < 3; k++)
			if (strcmp(p->attrs[i].name, names[k]) == 0)
				S_search(r, v, n, 0, 0, kind,
				         ML_WHERE_ATTRIBUTE, b);
	}
}

/* Section 4: the portion, its notes and comments, a labelled next
 * portion, its ISM attributes, then the document's authority block. */
/* Why a marking is weak, in the words of markings/rules.xml: its rule's
 * <reason> for the weakness found (NOFORN-WEAK, FOREIGN-WEAK). */
static const char *S_weak_reason(ml_report *r, const ml_found *m,
                                 const S_basis *b)
{
	static const ml_wording w[][2] = { /* noforn, foreign */
		[S_WEAK_DOCUMENT] = {ML_W_NOFORN_AUTHORITY_BLOCK,
		                     ML_W_FOREIGN_AUTHORITY_BLOCK},
		[S_WEAK_VAGUE] = {ML_W_NOFORN_VAGUE, ML_W_FOREIGN_VAGUE},
		[S_WEAK_REGIME] = {ML_W_NOFORN_REGIME, ML_W_FOREIGN_REGIME},
		[S_WEAK_OTHER_KIND] = {ML_W_NOFORN_OTHER_KIND,
		                       ML_W_FOREIGN_OTHER_KIND},
	};
	int k = m->kind == ML_KIND_NOFORN ? 0 : 1;

	return ml_check__say(r, w[b->weak][k], m->citation,
	                     b->weak_group ? b->weak_group : "another rule");
}

void ml_check__judge(ml_report *r, ml_found *m)
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
		m->citation = ml_check__keep(r, b.cited_text, strlen(b.cited_text));
	} else if (b.weak != S_WEAK_NONE) {
		m->status = ML_JUST_WEAK;
		m->where = b.weak_where;
		m->citation = ml_check__keep(r, b.weak_text, strlen(b.weak_text));
		m->reason = S_weak_reason(r, m, &b);
	} else {
		m->status = ML_JUST_MISSING;
		m->reason = ml_check__say(r, m->kind == ML_KIND_NOFORN ?
		                          ML_W_NOFORN_NONE : ML_W_FOREIGN_NONE);
	}
	S_basis_free(&b);
}

