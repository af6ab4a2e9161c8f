/* ml_detect_restrict.c - MARKINGS.md 3.2: restriction sentences.
 *
 * A portion is read sentence by sentence, and only around the places where
 * a restriction frame could match (its trigger literals, ml_rx_next_trigger):
 * a sentence is a restriction when a frame (markings/restrictions.xml,
 * <restriction>) matches in it outside quotation marks and no exclusion
 * (<exclusion>: a definition, a question...) matches it. One sentence is
 * one marking. Every scan is bounded by the sentence, and a sentence by
 * S_SENTENCE_SCAN bytes, so the work is linear in the portion's length
 * whatever it holds (a million sentences with "foreign", one sentence of
 * 100,000 words), and each PCRE2 call stays far below its match limit. */
#include "ml_check_int.h"
#include "ml_buf.h"

#include <stdio.h>
#include <string.h>

/* Most bytes of one sentence that the frames and exclusions look at: a
 * longer "sentence" (a table flattened into one line, hostile input) is
 * cut into pieces at white space. */
#define S_SENTENCE_SCAN 4096

/* The quotation marks of a portion, found on first need (most portions
 * with a candidate sentence have no restriction). */
typedef struct S_quotes {
	ml_span spans[ML_MAX_QUOTES];
	size_t n;
	int done;
} S_quotes;

/* The first match of rx in p's text [s..e) that does not start inside
 * quotation marks: 1 and its span, or 0. */
static int S_first_unquoted(ml_report *r, const ml_rx *rx,
                            const ml_portion *p, size_t s, size_t e,
                            S_quotes *q, size_t *so, size_t *eo)
{
	size_t start = s;

	while (start < e && ml_check__find(r, rx, p->text, e, start, so, eo)) {
		if (!q->done) {
			q->n = ml_check__quote_spans(r->rs, p->text, p->len,
			                             q->spans);
			q->done = 1;
		}
		if (!ml_check__quoted(q->spans, q->n, *so))
			return 1;
		start = *eo > start ? *eo : start + 1;
	}
	return 0;
}

/* The earliest (then longest) match in t[so..eo) of the parts of role
 * (e.g. "subject"): 1 and its span, or 0. */
static int S_part_words(ml_report *r, const char *role, const char *t,
                        size_t so, size_t eo, size_t *wso, size_t *weo)
{
	const ml_pattern *const *pats;
	size_t np = ml_rules_patterns(r->rs, ML_PAT_PART, &pats), k, a, b;
	int found = 0;

	for (k = 0; k < np; k++) {
		if (!pats[k]->role || strcmp(pats[k]->role, role) != 0)
			continue;
		if (!ml_check__find(r, pats[k]->rx, t, eo, so, &a, &b) || b <= a)
			continue;
		if (!found || a < *wso || (a == *wso && b > *weo)) {
			*wso = a;
			*weo = b;
			found = 1;
		}
	}
	return found;
}

/* The words that made the sentence a restriction, for the messages: the
 * foreign (or U.S.) subject and the restricting predicate inside the
 * frame's match t[so..eo), found by the parts of those roles (strings
 * owned by the report; NULL where no part says). */
static void S_words(ml_report *r, const char *t, size_t so, size_t eo,
                    ml_found *f)
{
	size_t sso = 0, seo = 0, pso = 0, peo = 0;
	int subj = S_part_words(r, "subject", t, so, eo, &sso, &seo);
	int pred = S_part_words(r, "predicate", t, subj ? seo : so, eo, &pso,
	                        &peo);

	if (!pred && subj)
		pred = S_part_words(r, "predicate", t, so, eo, &pso, &peo);
	f->subject = subj ? ml_check__keep(r, t + sso, seo - sso) : NULL;
	f->predicate = pred ? ml_check__keep(r, t + pso, peo - pso) : NULL;
}

/* Records the restriction sentence t[s..e) whose frame matched at
 * [so, eo). */
static void S_add(ml_report *r, size_t i, const ml_portion *p, size_t s,
                  size_t e, size_t so, size_t eo)
{
	size_t len = e - s, bso, beo;
	ml_found *f;

	while (len > 0 && (p->text[s + len - 1] == ' ' ||
	                   p->text[s + len - 1] == '\n'))
		len--;
	f = ml_check__add_mark(r, ML_KIND_FOREIGN, ML_FORM_SENTENCE, i, s,
	                       len > ML_SENTENCE_MAX ? ML_SENTENCE_MAX : len);
	f->off = so;
	f->len = eo - so;
	f->sent_off = s;
	f->sent_len = len;
	S_words(r, p->text, so, eo, f);
	if (ml_check__find(r, ml_rules_any(r->rs, ML_PAT_BLANKET), p->text, e,
	                   s, &bso, &beo)) {
		f->blanket = 1;
		f->blanket_text = ml_check__keep(r, p->text + bso, beo - bso);
	}
}

void ml_check__detect_restrictions(ml_report *r, size_t i, const ml_portion *p,
                                  size_t floor)
{
	const ml_rx *frames = ml_rules_any(r->rs, ML_PAT_RESTRICTION);
	const ml_rx *excl = ml_rules_any(r->rs, ML_PAT_EXCLUSION);
	S_quotes quotes;
	size_t at, q, s, e, so, eo;

	if (!frames)
		return;
	quotes.done = 0;
	for (at = floor; at < p->len && !r->failed; at = e) {
		/* the next place a frame could match; a frame's match starts
		 * at most a sentence before its trigger literal */
		q = ml_rx_next_trigger(frames, r->scratch, p->text, p->len,
		                       at);
		if (q >= p->len)
			break;
		ml_check__sentence_at(p->text, p->len, at, q, S_SENTENCE_SCAN,
		                      &s, &e);
		if (!S_first_unquoted(r, frames, p, s, e, &quotes, &so, &eo))
			continue;
		if (excl && ml_check__find(r, excl, p->text, e, s, NULL, NULL))
			continue;
		S_add(r, i, p, s, e, so, eo);
	}
}
