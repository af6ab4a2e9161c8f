/* ml_detect_restrict.c - MARKINGS.md 3.2: restriction sentences. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_first_unquoted(ml_report *r, const ml_rx *rx,
                             const ml_portion *p, size_t start,
                             const ml_span *quotes, size_t nquotes,
                             size_t *best_so, size_t *best_eo)
{
	size_t so, eo;

	while (start < *best_so &&
	       ml_check__find(r, rx, p->text, p->len, start, &so, &eo)) {
		if (!ml_check__quoted(quotes, nquotes, so)) {
			if (so < *best_so)
				*best_so = so, *best_eo = eo;
			return;
		}
		if (eo <= start)
			return;
		start = eo;
	}
}

void ml_check__detect_restrictions(ml_report *r, size_t i, const ml_portion *p,
                                  size_t floor)
{
	const ml_pattern *const *pats;
	size_t np, k, start, end, last_end = 0, bso, beo;
	ml_span quotes[ML_MAX_QUOTES];
	size_t nquotes;
	int any = 0;

	if (!ml_check__any(r, ML_PAT_RESTRICTION, p->text, p->len))
		return;
	nquotes = ml_check__quote_spans(r->rs, p->text, p->len, quotes);
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
		ml_check__sentence(p->text, p->len, best_so, best_eo, &start, &end);
		if (start < floor && floor <= best_so)
			start = floor + strspn(p->text + floor, " ");
		if (!any || start >= last_end) {
			ml_found *f;
			size_t len = end - start;
			if (len > ML_SENTENCE_MAX)
				len = ML_SENTENCE_MAX;
			f = ml_check__add_mark(r, ML_KIND_FOREIGN, ML_FORM_SENTENCE, i,
			               start, len);
			f->off = best_so;
			f->len = best_eo - best_so;
			if (ml_check__find(r, ml_rules_any(r->rs, ML_PAT_BLANKET),
			           p->text, end, start, &bso, &beo)) {
				f->blanket = 1;
				f->blanket_text = ml_check__keep(r, p->text + bso, beo - bso);
			}
			any = 1;
			last_end = end;
		}
		start = end > best_eo ? end : best_eo;
	}
}

