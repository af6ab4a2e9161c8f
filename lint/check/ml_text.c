/* ml_text.c - quotation marks and sentences in a portion's text. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- quotation marks --- */


/* The spans of text inside quotation marks (quoted, not imposed). An
 * unmatched closing mark (an apostrophe) is ignored; an unclosed opening
 * mark runs to the end of the portion. */
size_t ml_check__quote_spans(const ml_rules *rs, const char *t, size_t len,
                            ml_span *spans)
{
	const ml_quote *q;
	size_t nq = ml_rules_quotes(rs, &q), n = 0, i = 0, k;

	while (i < len && n < ML_MAX_QUOTES) {
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

int ml_check__quoted(const ml_span *spans, size_t n, size_t pos)
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

void ml_check__sentence(const char *t, size_t len, size_t so, size_t eo,
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

