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
		size_t body = 0, first = r->nmarks, k;

		ml_check__detect_attribute(r, i, p);
		if (ml_check__example(r, p))
			continue;
		if (p->mark_len)
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
	const char *words;

	if (m->form != ML_FORM_SENTENCE)
		return m->text;
	words = ml_check__keep(r, p->text + m->off, m->len);
	if (m->subject && m->predicate)
		return ml_check__say(r, ML_W_RESTRICTION_WORDS, words,
		                     m->subject, m->predicate);
	if (m->subject)
		return ml_check__say(r, ML_W_RESTRICTION_SUBJECT, words,
		                     m->subject);
	if (m->predicate)
		return ml_check__say(r, ML_W_RESTRICTION_PREDICATE, words,
		                     m->predicate);
	return ml_check__say(r, ML_W_RESTRICTION_QUOTE, words);
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

/* The message of a marking by kind and status (MARKINGS.md 5). */
static ml_wording S_marking_wording(const ml_found *m)
{
	static const ml_wording w[2][3] = {
		/* cited, weak, missing (ml_just_status order) */
		{ML_W_NOFORN_JUSTIFIED, ML_W_NOFORN_WEAK,
		 ML_W_NOFORN_UNJUSTIFIED},
		{ML_W_FOREIGN_JUSTIFIED, ML_W_FOREIGN_WEAK,
		 ML_W_FOREIGN_UNJUSTIFIED},
	};
	return w[m->kind == ML_KIND_NOFORN ? 0 : 1][m->status];
}

/* A banner NOFORN is justified by roll-up, not by citation (4). */
static void S_banner_rules(ml_report *r, ml_found *m, const char *quote,
                           long mi)
{
	char count[32];
	ml_finding *f;

	m->where = ML_WHERE_ROLLUP;
	if (r->noforn_portions) {
		m->status = ML_JUST_CITED;
		snprintf(count, sizeof count, "%zu", r->noforn_portions);
		m->citation = ml_check__say(r, r->noforn_portions == 1 ?
		                            ML_W_ROLLUP_ONE : ML_W_ROLLUP_MANY,
		                            count);
		ml_check__report(r, ML_W_BANNER_SUPPORTED, m->portion, mi, quote,
		                 m->citation);
		return;
	}
	m->status = ML_JUST_MISSING;
	m->reason = ml_check__say(r, ML_W_BANNER_UNSUPPORTED_REASON);
	f = ml_check__report(r, ML_W_BANNER_UNSUPPORTED, m->portion, mi, quote);
	if (f)
		f->suggestion = ml_check__rollup_banner(r, m);
}

static void S_marking_rules(ml_report *r, size_t idx)
{
	ml_found *m = &r->marks[idx];
	const char *quote = S_quote_of(r, m);
	ml_wording w;
	ml_finding *f;
	long mi = (long)idx;

	if (m->form == ML_FORM_BANNER) {
		S_banner_rules(r, m, quote, mi);
		return;
	}
	ml_check__judge(r, m);
	w = S_marking_wording(m);
	if (m->status == ML_JUST_CITED)
		f = ml_check__report(r, w, m->portion, mi, S_noun(m), quote,
		                     m->citation, S_where_phrase(m->where));
	else
		f = ml_check__report(r, w, m->portion, mi, S_noun(m), quote,
		                     m->reason);
	ml_check__suggest(r, m, f);
	if (m->kind == ML_KIND_FOREIGN && m->blanket) {
		f = ml_check__report(r, ML_W_FOREIGN_BLANKET, m->portion, mi,
		                     m->blanket_text);
		if (f)
			f->suggestion = ml_check__say(r,
			    ML_W_FOREIGN_BLANKET_SUGGESTION);
	}
}

/* IC-ISM rule 00070: a NOFORN portion forces NOFORN into the banner. */
static void S_banner_rollup_rule(ml_report *r)
{
	ml_finding *f;
	char count[32];

	if (!r->noforn_portions || !r->nbanners || r->banner_noforn)
		return;
	snprintf(count, sizeof count, "%zu", r->noforn_portions);
	f = ml_check__report(r, r->noforn_portions == 1 ?
	                     ML_W_BANNER_MISSING_ONE : ML_W_BANNER_MISSING_MANY,
	                     (size_t)r->first_banner, -1, count);
	if (f)
		f->suggestion = ml_check__noforn_banner(r);
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
	r->last_banner = -1;
	/* every text the check matches is a portion's or an attribute's,
	 * normalised, so valid UTF-8 */
	ml_rx_scratch_utf8_known(scratch, 1);
	S_detect(r);
	for (i = 0; i < r->nmarks && !r->failed; i++)
		if (r->marks[i].form == ML_FORM_BANNER)
			S_marking_rules(r, i);
	if (!r->failed)
		S_banner_rollup_rule(r);
	ml_rx_scratch_utf8_known(scratch, 0);
	if (r->failed) {
		ml_report_free(r);
		*out = NULL;
		return ML_ELIMIT;
	}
	*out = r;
	return 0;
}

