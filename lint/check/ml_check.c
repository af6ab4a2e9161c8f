/* ml_check.c - stages 3 and 4 in order: find the markings of each portion,
 * judge them, apply the rules of MARKINGS.md section 5. */
#include "ml_check_int.h"
#include "ml_doc.h"
#include "ml_buf.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_marking_rules(ml_report *r, size_t idx);

/* Finds the markings of portion i (and the findings of their finding);
 * returns the index of its first marking. */
static size_t S_detect_portion(ml_report *r, size_t i, const ml_portion *p)
{
	size_t body = 0, first = r->nmarks;

	r->statement = -1;
	ml_check__detect_attribute(r, i, p);
	if (ml_check__example(r, p))
		return first;
	if (p->mark_len)
		body = ml_check__detect_portion_mark(r, i, p);
	if (!ml_check__detect_banner(r, i, p) &&
	    !ml_check__detect_statement(r, i, p))
		ml_check__detect_restrictions(r, i, p, body);
	return first;
}

static void S_detect(ml_report *r)
{
	size_t i, n = ml_doc_portion_count(r->doc);

	for (i = 0; i < n && !r->failed; i++) {
		size_t first = S_detect_portion(r, i,
		                                ml_doc_portion(r->doc, i)), k;

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

/* --- streaming --- */

/* How many portions after a marking's a basis may be searched in: the
 * next one (a labelled justification), or the list after a colon
 * (ml_justify.c, S_LIST_MAX items). */
#define S_AFTER_MARK 1
#define S_AFTER_COLON 16

/* Does p hold "marklint" in any case: a suppression directive line
 * (ml_suppress.c) may apply to it or to the portion after it. */
static int S_names_tool(const ml_portion *p)
{
	static const char word[] = "marklint";
	enum { n = sizeof word - 1 };
	unsigned char skip[256];
	size_t i, k;

	/* Horspool's search: the byte under the word's last letter says how
	 * far the word can move (most bytes of prose are not in it) */
	memset(skip, n, sizeof skip);
	for (k = 0; k + 1 < n; k++) {
		skip[(unsigned char)word[k]] = (unsigned char)(n - 1 - k);
		skip[(unsigned char)word[k] - 0x20] = (unsigned char)(n - 1 - k);
	}
	for (i = n - 1; i < p->len; i += skip[(unsigned char)p->text[i]]) {
		const char *w = p->text + i + 1 - n;
		for (k = 0; k < n && (w[k] | 0x20) == word[k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* Keeps what ml_report_rollup needs of portion i, let go: its portion
 * mark when no portion let go had it before (the roll-up takes distinct
 * marks in document order), or that it was malformed. The status of the
 * latest distinct marks is memoised ("(U)" opens most portions of some
 * documents): a mark found before is among the rolled ones already. */
static void S_roll(ml_report *r, size_t i, const ml_portion *p)
{
	ml_marking pm;
	ml_marking_status st;
	const char *key = NULL;
	size_t k, nkey = ml_check__mark_key(p, &key);
	int v;

	if (nkey && ml_check__memo_get(&r->roll_memo, key, nkey, &v)) {
		r->rolled_malformed += v == ML_MARKING_MALFORMED;
		return;
	}
	st = ml_check__portion_mark(p, &pm);
	if (nkey)
		ml_check__memo_put(&r->roll_memo, key, nkey, (int)st);
	r->rolled_malformed += st == ML_MARKING_MALFORMED;
	if (st != ML_MARKING_FOUND)
		return;
	pm.off = pm.len = 0;
	for (k = 0; k < r->nrolled; k++)
		if (!memcmp(&r->rolled[k].mark, &pm, sizeof pm))
			return;
	ML_VEC_GROW(r->rolled, r->crolled, r->nrolled + 1, 8);
	r->rolled[r->nrolled].portion = i;
	r->rolled[r->nrolled++].mark = pm;
}

/* Whether a stage after the read needs portion i: the portion of a
 * marking or a finding, a banner line, a portion a suppression or a
 * basis may be in. The others leave their portion mark (S_roll). */
static int S_needed(ml_report *r, size_t i, const ml_portion *p,
                    size_t marks, size_t finds)
{
	int need = i < r->keep_until;

	if (r->nmarks > marks) {
		size_t after = ml_check__ends_with_colon(p) ? S_AFTER_COLON
		                                    : S_AFTER_MARK;
		if (r->keep_until < i + 1 + after)
			r->keep_until = i + 1 + after;
		need = 1;
	}
	if (S_names_tool(p)) {
		if (r->keep_until < i + 2)
			r->keep_until = i + 2;
		need = 1;
	}
	/* a banner line: the roll-up's finding may be there */
	if (need || r->nfinds > finds || r->last_banner == (long)i ||
	    p->nrefs || p->nattrs || p->owner.kind != ML_LINK_NONE)
		return 1;
	S_roll(r, i, p);
	return 0;
}

int ml_check_portion(void *report, const ml_doc *doc, size_t i)
{
	ml_report *r = report;
	const ml_portion *p = ml_doc_portion(doc, i);
	size_t marks = r->nmarks, finds = r->nfinds;

	if (r->failed || !p)
		return 0;
	r->doc = doc;
	ml_rx_scratch_utf8_known(r->scratch, 1);
	/* the triggers the restriction frames and the document-wide facts
	 * look for, found in one pass */
	ml_rules_prescan(r->rs, r->scratch, p->text, p->len);
	S_detect_portion(r, i, p);
	/* the document-wide facts a judgement reads, gathered while the
	 * text is here (each scans up to the portions read so far) */
	ml_check__doc_facts(r);
	ml_rx_scratch_forget(r->scratch);
	ml_rx_scratch_utf8_known(r->scratch, 0);
	return S_needed(r, i, p, marks, finds);
}

/* Judges the markings of a streamed document, found during the read.
 * Their findings come after the ones found then in the report but
 * belong among them, in portion order, the finding of the detection
 * first (as ml_check makes them): merged. */
static void S_judge_streamed(ml_report *r)
{
	ml_finding *found = r->finds, *judged;
	size_t nfound = r->nfinds, njudged, a = 0, b = 0, k;

	r->finds = NULL;
	r->nfinds = r->cfinds = 0;
	for (k = 0; k < r->nmarks && !r->failed; k++)
		if (r->marks[k].form != ML_FORM_BANNER)
			S_marking_rules(r, k);
	judged = r->finds;
	njudged = r->nfinds;
	r->cfinds = nfound + njudged;
	r->finds = ml_xmalloc((r->cfinds ? r->cfinds : 1) * sizeof *r->finds);
	r->nfinds = 0;
	while (a < nfound || b < njudged) {
		if (b == njudged || (a < nfound &&
		                     found[a].portion <= judged[b].portion))
			r->finds[r->nfinds++] = found[a++];
		else
			r->finds[r->nfinds++] = judged[b++];
	}
	free(found);
	free(judged);
}

/* --- public --- */

ml_report *ml_check_begin(const ml_rules *rs, ml_rx_scratch *scratch,
                          ml_error *err)
{
	ml_report *r = ml_xcalloc(1, sizeof *r);

	r->rs = rs;
	r->scratch = scratch;
	r->err = err;
	r->first_banner = -1;
	r->last_banner = -1;
	r->statement = -1;
	return r;
}

int ml_check_end(ml_report *r, const ml_doc *doc, ml_report **out)
{
	size_t i;

	r->doc = doc;
	/* every text the check matches is a portion's or an attribute's,
	 * normalised, so valid UTF-8 */
	ml_rx_scratch_utf8_known(r->scratch, 1);
	if (ml_doc_streamed(doc))
		S_judge_streamed(r);
	else
		S_detect(r);
	for (i = 0; i < r->nmarks && !r->failed; i++)
		if (r->marks[i].form == ML_FORM_BANNER)
			S_marking_rules(r, i);
	if (!r->failed)
		S_banner_rollup_rule(r);
	ml_rx_scratch_utf8_known(r->scratch, 0);
	if (r->failed) {
		ml_report_free(r);
		*out = NULL;
		return ML_ELIMIT;
	}
	*out = r;
	return 0;
}

int ml_check(const ml_doc *doc, const ml_rules *rs, ml_rx_scratch *scratch,
             ml_report **out, ml_error *err)
{
	return ml_check_end(ml_check_begin(rs, scratch, err), doc, out);
}
