/* ml_check.c - stages 3 and 4 in order: find the markings of each portion,
 * judge them, apply the rules of MARKINGS.md section 5. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_marking_rules(ml_report *r, size_t idx);

static void S_detect(ml_report *r)
{
	size_t i, n = ml_doc_portion_count(r->doc);

	for (i = 0; i < n && !r->failed; i++) {
		const ml_portion *p = ml_doc_portion(r->doc, i);
		size_t lead = strspn(p->text, " "), body = 0;

		size_t first = r->nmarks, k;

		ml_check__detect_attribute(r, i, p);
		if (p->text[lead] == '(')
			body = ml_check__detect_portion_mark(r, i, p);
		if (!ml_check__detect_banner(r, i, p) && !ml_check__detect_statement(r, i, p))
			ml_check__detect_restrictions(r, i, p, body);
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

	if (m->form == ML_FORM_SENTENCE && m->why)
		return ml_check__keepf(r, "\"%.*s\" (%s)", (int)m->len,
		                       p->text + m->off, m->why);
	if (m->form == ML_FORM_SENTENCE)
		return ml_check__keepf(r, "\"%.*s\"", (int)m->len, p->text + m->off);
	return m->text;
}

/* How a message says where a basis was found. */
static const char *S_where_phrase(ml_where w)
{
	static const char *const phrases[] = {
	    "", "in the paragraph", "in a footnote", "in an endnote",
	    "in a comment", "in the next paragraph",
	    "in its IC-ISM attributes", "in the document", "by roll-up",
	    "in the list after the paragraph"};
	return (unsigned)w < sizeof phrases / sizeof phrases[0] ? phrases[w]
	                                                        : "";
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
			m->citation = ml_check__keepf(r, "%zu NOFORN portion%s",
			                      r->noforn_portions,
			                      r->noforn_portions == 1 ? "" : "s");
			ml_check__add_finding(r, "NOFORN-JUSTIFIED", m->portion, mi,
			              ml_check__keepf(r, "NOFORN banner %s is supported by "
			                      "the roll-up of %s", quote,
			                      m->citation));
			return;
		}
		m->status = ML_JUST_MISSING;
		m->reason = "no portion of the document carries NOFORN";
		f = ml_check__add_finding(r, "BANNER-UNSUPPORTED", m->portion, mi,
		                  ml_check__keepf(r, "banner %s carries NOFORN but no "
		                          "portion of the document does: it "
		                          "over-marks the document (IC-ISM rule "
		                          "00070)", quote));
		if (f)
			f->suggestion = ml_check__rollup_banner(r, m);
		return;
	}
	ml_check__judge(r, m);
	if (m->kind == ML_KIND_NOFORN)
		rule = m->status == ML_JUST_CITED ? "NOFORN-JUSTIFIED"
		       : m->status == ML_JUST_WEAK ? "NOFORN-WEAK"
		                                   : "NOFORN-UNJUSTIFIED";
	else
		rule = m->status == ML_JUST_CITED ? "FOREIGN-JUSTIFIED"
		       : m->status == ML_JUST_WEAK ? "FOREIGN-WEAK"
		                                   : "FOREIGN-UNJUSTIFIED";
	if (m->status == ML_JUST_CITED)
		f = ml_check__add_finding(r, rule, m->portion, mi,
		                  ml_check__keepf(r, "%s %s cites %s %s", S_noun(m),
		                          quote, m->citation,
		                          S_where_phrase(m->where)));
	else
		f = ml_check__add_finding(r, rule, m->portion, mi,
		                  ml_check__keepf(r, "%s %s %s", S_noun(m), quote,
		                          m->reason));
	ml_check__suggest(r, m, f);
	if (m->kind == ML_KIND_FOREIGN && m->blanket) {
		f = ml_check__add_finding(r, "FOREIGN-BLANKET", m->portion, mi,
		                  ml_check__keepf(r, "blanket foreign restriction "
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
	f = ml_check__add_finding(r, "BANNER-MISSING-NOFORN", (size_t)r->first_banner,
	                  -1, ml_check__keepf(r, "%zu portion%s carr%s NOFORN but no "
	                              "banner of the document does (IC-ISM "
	                              "rule 00070)", r->noforn_portions,
	                              r->noforn_portions == 1 ? "" : "s",
	                              r->noforn_portions == 1 ? "ies" : "y"));
	if (f)
		f->suggestion = ml_check__rollup_banner(r, NULL);
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

