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
			const char *s = ml_check__keep(r, b.ptr, b.size);
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
void ml_check__suggest(ml_report *r, const ml_found *m, ml_finding *f)
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
	named = ml_check__partners(r)->n != 0;
	if (lane) {
		ml_buf_init(&b, 1024);
		ml_lane_describe(lane, &b);
		f->lane = lane->name;
		f->message = ml_check__keepf(r, "%s; lane %s%s", f->message, b.ptr,
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
	f->suggestion = ml_check__keepf(r, "open it to %s (%s), or state the "
	    "specific restriction and cite its authority (e.g. ITAR 22 CFR "
	    "120-130, DFARS 252.225-7048, an FDO determination)", b.ptr,
	    named ? "the partners the document names" : lane->arrangement);
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

