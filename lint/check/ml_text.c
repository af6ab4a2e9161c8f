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
	unsigned char first[256];

	memset(first, 0, sizeof first);
	for (k = 0; k < nq; k++)
		first[(unsigned char)q[k].open[0]] = 1;

	while (i < len && n < ML_MAX_QUOTES) {
		size_t step = 1;
		if (!first[(unsigned char)t[i]]) {
			i++; /* no quotation mark starts with this byte */
			continue;
		}
		for (k = 0; k < nq; k++) {
			size_t ol = strlen(q[k].open);
			const char *close;
			if (ol == 0 || q[k].open[0] != t[i] || i + ol > len ||
			    memcmp(t + i, q[k].open, ol))
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

int ml_check__ends_with_colon(const ml_portion *p)
{
	size_t n = p->len;

	while (n > 0 && (p->text[n - 1] == ' ' || p->text[n - 1] == '\n'))
		n--;
	return n > 0 && p->text[n - 1] == ':';
}

/* --- sentences --- */

/* Words after which a period does not end a sentence ("e.g.", "No. 5",
 * "Vol. 2", "Encl. 4"); a lone capital ("U.S.", "E.O.") is handled
 * apart. Compared without letter case, up to the period. */
static const char *const S_abbrev[] = {
	"e.g", "i.e", "cf", "viz", "vs", "no", "nos", "vol", "vols", "para",
	"paras", "sec", "secs", "encl", "ch", "chap", "art", "fig", "figs",
	"ref", "rev", "pt", "pp", "inc", "co", "corp", "ltd", "jr", "sr", "dr",
	"mr", "ms", "mrs", "st", "ft", "jan", "feb", "mar", "apr", "jun",
	"jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept",
	"govt", "gov't", "admin", "attn", "incl", "et al", "al", "op", "ed",
	"subpara", "appx", "app", "atch", "tab", "ser",
};

static int S_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does the word that ends at t[i] (the period) belong to S_abbrev? */
static int S_abbreviation(const char *t, size_t i)
{
	size_t k, n, w = i;

	while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n' && t[w - 1] != '(')
		w--;
	n = i - w;
	if (n == 0 || n > 8)
		return 0;
	for (k = 0; k < sizeof S_abbrev / sizeof S_abbrev[0]; k++) {
		const char *a = S_abbrev[k];
		size_t j;
		if (strlen(a) != n)
			continue;
		for (j = 0; j < n && S_lower((unsigned char)t[w + j]) == a[j]; j++)
			;
		if (j == n)
			return 1;
	}
	return 0;
}

/* Does the period t[i] end a paragraph number quoted after a citation's
 * colon ("IAW DOD 8570.01-M: C3.2.4.8.2. ...LNs and FNs cannot be
 * assigned")? The rule quoted is the citation's sentence, not a new
 * one. A number here: letters and digits in two or more components. */
static int S_cited_number(const char *t, size_t i)
{
	size_t w = i;
	int dots = 0, digits = 0;

	while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n') {
		char c = t[w - 1];
		if (c == '.')
			dots++;
		else if (c >= '0' && c <= '9')
			digits++;
		else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return 0;
		if (i - --w > 24)
			return 0;
	}
	return dots && digits && w >= 2 && t[w - 1] == ' ' && t[w - 2] == ':';
}

/* Does white space (or the end) follow t[i..], after closing quotes and
 * brackets ('"', ')', ']', "\u2019", "\u201d")? */
static int S_then_space(const char *t, size_t len, size_t i)
{
	for (;;) {
		if (i >= len || t[i] == ' ' || t[i] == '\n')
			return 1;
		if (t[i] == '"' || t[i] == '\'' || t[i] == ')' || t[i] == ']')
			i++;
		else if (i + 2 < len && (unsigned char)t[i] == 0xe2 &&
		         (unsigned char)t[i + 1] == 0x80 &&
		         ((unsigned char)t[i + 2] == 0x99 ||
		          (unsigned char)t[i + 2] == 0x9d))
			i += 3;
		else
			return 0;
	}
}

/* Is t[i] the end of a sentence? '.', '!' or '?' followed by white space
 * or the end, not in "U.S." or "E.O." (a period after a lone capital
 * letter is an abbreviation), not after "e.g." or "No." (S_abbrev), nor
 * after a paragraph number a citation quotes (S_cited_number). A
 * line break is not an end: a sentence may run over lines (MARKINGS.md
 * 3.2); a blank line is (paragraphs of one portion, as in XML). */
static int S_sentence_end(const char *t, size_t len, size_t i)
{
	if (t[i] == '\n')
		return i + 1 < len && (t[i + 1] == '\n' ||
		       (t[i + 1] == ' ' && i + 2 < len && t[i + 2] == '\n'));
	if (t[i] != '.' && t[i] != '!' && t[i] != '?')
		return 0;
	if (!S_then_space(t, len, i + 1))
		return 0;
	if (t[i] != '.')
		return 1;
	if (i >= 1 && ((t[i - 1] >= 'A' && t[i - 1] <= 'Z') ||
	               (t[i - 1] >= 'a' && t[i - 1] <= 'z')) &&
	    (i == 1 || t[i - 2] == '.' || t[i - 2] == ' ' || t[i - 2] == '(' ||
	     t[i - 2] == '\n'))
		return 0;
	return !S_abbreviation(t, i) && !S_cited_number(t, i);
}

/* List bullets that may open a sentence ("\xe2\x80\xa2 RD is not releasable
 * ..." in a PDF): not words of the sentence, so that an exclusion anchored
 * at its start (\G, markings/restrictions.xml) still sees its first word.
 * Each is skipped only when white space follows it. */
static const char *const S_bullets[] = {
	"\xe2\x80\xa2", "\xe2\x80\xa3", "\xe2\x81\x83", "\xe2\x96\xaa",
	"\xe2\x96\xa0", "\xe2\x97\xa6", "\xe2\x97\x8f", "\xe2\x88\x99",
	"\xef\x82\xa7", "\xef\x82\xb7",
	/* only at a sentence's start (S_item_at leaves out these four) */
	"\xc2\xb7", "\xe2\x80\x93", "-", "*",
};

/* The length of the bullet and its white space at t[i..pos), or 0. */
static size_t S_bullet_len(const char *t, size_t i, size_t pos)
{
	size_t k, n;

	for (k = 0; k < sizeof S_bullets / sizeof *S_bullets; k++) {
		n = strlen(S_bullets[k]);
		if (pos - i > n && memcmp(t + i, S_bullets[k], n) == 0 &&
		    (t[i + n] == ' ' || t[i + n] == '\n'))
			return n + 1;
	}
	return 0;
}

/* Does a list item start at t[i]: a bullet glyph (not '-', '*' or a
 * dash, which prose uses too) between white space ("... agencies.
 * \xef\x82\xa7 FRD is not releasable ...", as a PDF's text layer joins a
 * manual's list)? A new item is a new sentence. */
static int S_item_at(const char *t, size_t len, size_t i)
{
	size_t k, n;

	if (i == 0 || i + 2 >= len || (t[i - 1] != ' ' && t[i - 1] != '\n') ||
	    ((unsigned char)t[i] != 0xe2 && (unsigned char)t[i] != 0xef))
		return 0;
	for (k = 0; k < sizeof S_bullets / sizeof *S_bullets - 4; k++) {
		n = strlen(S_bullets[k]);
		if (i + n < len && memcmp(t + i, S_bullets[k], n) == 0 &&
		    (t[i + n] == ' ' || t[i + n] == '\n'))
			return 1;
	}
	return 0;
}

/* Can the byte end a sentence? (the cheap test before S_sentence_end) */
#define S_STOP(c) ((c) == '.' || (c) == '\n' || (c) == '!' || (c) == '?')
/* Can a list item start at the byte? (the cheap test before S_item_at:
 * the sentence scans ask at every byte, and a call each cost more than
 * the rest of the scan) */
#define S_ITEM_LEAD(c) ((unsigned char)(c) == 0xe2 || \
                        (unsigned char)(c) == 0xef)

/* The sentence holding t[pos], cut to [lo, len) and to at most max bytes
 * around pos (at white space where there is some): *start and *end, with
 * *start <= pos < *end. Each scan is bounded by max, so walking a portion
 * sentence by sentence is linear even when a "sentence" is a whole
 * megabyte without a period. */
void ml_check__sentence_at(const char *t, size_t len, size_t lo, size_t pos,
                           size_t max, size_t *start, size_t *end)
{
	size_t i = pos, floor = pos - lo > max / 2 ? pos - max / 2 : lo;
	size_t ceil;
	int item = 0;

	while (i > floor && !(S_STOP(t[i - 1]) && S_sentence_end(t, len, i - 1)) &&
	       !(i < pos && S_ITEM_LEAD(t[i]) && S_item_at(t, len, i)))
		i--;
	if (i == floor && i > lo) /* cut: start at a word */
		while (i < pos && t[i] != ' ' && t[i] != '\n')
			i++;
	while (i < pos && (t[i] == ' ' || t[i] == '\n' || t[i] == '"' ||
	                   t[i] == '\'' || t[i] == ')' || t[i] == ']'))
		i++; /* what follows the previous end (closing marks) */
	i += S_bullet_len(t, i, pos);
	*start = i;
	ceil = len - i > max ? i + max : len;
	for (i = pos; i < ceil && !(S_STOP(t[i]) && S_sentence_end(t, len, i));
	     i++)
		if (i > pos && i + 1 < len && S_ITEM_LEAD(t[i + 1]) &&
		    S_item_at(t, len, i + 1)) {
			item = 1; /* the next item: end at the white space */
			break;
		}
	if (i < ceil && !item) {
		i++;
		while (i < len && t[i] != ' ' && t[i] != '\n')
			i++; /* closing quotes and brackets (S_then_space) */
	} else if (ceil < len) { /* cut: end at a word */
		size_t j = i;
		while (j > pos + 1 && t[j - 1] != ' ' && t[j - 1] != '\n')
			j--;
		i = j > pos + 1 ? j : ceil;
	}
	*end = i;
}
