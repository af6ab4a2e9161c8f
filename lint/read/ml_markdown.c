/* ml_markdown.c - Markdown lines into portions: the text a reader of the
 * rendered page sees.
 *
 * Block syntax, line by line: ATX ('#') and setext ('===', '---')
 * headings are portions of their own and open a section; list items and
 * block quotes start portions; fenced and indented code blocks are read
 * as plain text lines (a mark in code is still a mark: people paste
 * cables into code blocks); thematic breaks and link reference
 * definitions are dropped; a table row gives one portion per cell, its
 * delimiter row none. Inline syntax is removed from the text: emphasis
 * ("**(S//NF)**" reads "(S//NF)"), code spans, links and images (their
 * text stays), backslash escapes, a few entities. Raw HTML is text.
 *
 * Every line is looked at once, within its own bytes: no lookahead, no
 * backtracking beyond the line (links are matched inside one line).
 */
#include "ml_lines.h"
#include "ml_pmark.h"

#include <string.h>

static int S_sp(char c) { return c == ' ' || c == '\t'; }

static int S_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

static int S_punct(char c)
{
	return c > ' ' && c < 0x7F && !S_alnum(c);
}

static size_t S_skip_sp(const char *s, size_t n, size_t i)
{
	while (i < n && S_sp(s[i]))
		i++;
	return i;
}

/* --- inline syntax --- */

/* The end of a link's "(url)" or "[ref]" that starts at s[i], or 0. */
static size_t S_link_tail(const char *s, size_t n, size_t i)
{
	char close;
	size_t j;

	if (i >= n || (s[i] != '(' && s[i] != '['))
		return 0;
	close = s[i] == '(' ? ')' : ']';
	for (j = i + 1; j < n; j++)
		if (s[j] == close)
			return j;
	return 0;
}

/* "&nbsp;" and the like, at s[i]: the replacement byte, and the entity's
 * length in *len. */
static char S_entity(const char *s, size_t n, size_t i, size_t *len)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = {{"&nbsp;", ' '}, {"&amp;", '&'}, {"&lt;", '<'},
	            {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
	size_t k;

	for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
		size_t l = strlen(ents[k].name);
		if (n - i >= l && memcmp(s + i, ents[k].name, l) == 0) {
			*len = l;
			return ents[k].c;
		}
	}
	return 0;
}

/* Is the run of c at s[i..i+run) emphasis (removed) rather than text? */
static int S_emphasis(const char *s, size_t n, size_t i, size_t run)
{
	char before = i ? s[i - 1] : ' ', after = i + run < n ? s[i + run]
	                                                       : ' ';

	if (s[i] == '~')
		return run == 2;
	if (run >= 2)
		return 1;
	if (S_sp(before) && S_sp(after))
		return 0; /* "2 * 3" */
	if (s[i] == '_')
		return !S_alnum(before) || !S_alnum(after); /* not snake_case */
	return 1;
}

/* Copies s[0..n) to out without its inline syntax. out has room for n
 * bytes (nothing is ever longer than what it replaces). Returns the
 * length written. */
static size_t S_inline(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0, skip_from = (size_t)-1, skip_to = 0, run, len;
	int code = 0;
	char c;

	while (i < n) {
		if (i == skip_from) {
			i = skip_to + 1; /* a link's "(url)" */
			skip_from = (size_t)-1;
			continue;
		}
		c = s[i];
		if (c == '`') {
			code = !code;
			i++;
			continue;
		}
		if (code) {
			out[o++] = s[i++];
			continue;
		}
		if (c == '\\' && i + 1 < n && S_punct(s[i + 1])) {
			out[o++] = s[i + 1];
			i += 2;
			continue;
		}
		if (c == '*' || c == '_' || c == '~') {
			for (run = 1; i + run < n && s[i + run] == c; run++)
				;
			if (S_emphasis(s, n, i, run)) {
				i += run;
				continue;
			}
			memcpy(out + o, s + i, run);
			o += run;
			i += run;
			continue;
		}
		if (c == '!' && i + 1 < n && s[i + 1] == '[') {
			i++;
			continue;
		}
		if (c == '[' && skip_from == (size_t)-1) {
			const char *close = memchr(s + i + 1, ']', n - i - 1);
			size_t j = close ? (size_t)(close - s) : 0, k;
			if (j && (k = S_link_tail(s, n, j + 1))) {
				skip_from = j; /* "](url)": skipped from ']' */
				skip_to = k;
				i++;
				continue;
			}
		}
		if (c == '<' && n - i > 4 && (memcmp(s + i, "<br", 3) == 0 ||
		                              memcmp(s + i, "<http", 5) == 0)) {
			const char *gt = memchr(s + i, '>', n - i);
			if (gt && s[i + 1] == 'b') {
				i = (size_t)(gt - s) + 1; /* <br>, <br/> */
				out[o++] = ' ';
				continue;
			}
			if (gt) {
				/* "<http://...>": the address stays */
				memcpy(out + o, s + i + 1, (size_t)(gt - s) - i - 1);
				o += (size_t)(gt - s) - i - 1;
				i = (size_t)(gt - s) + 1;
				continue;
			}
		}
		if (c == '&' && (c = S_entity(s, n, i, &len))) {
			out[o++] = c;
			i += len;
			continue;
		}
		out[o++] = s[i++];
	}
	return o;
}

/* Hands text[0..n) with its inline syntax removed. */
static int S_text(ml_lines *l, const char *s, size_t n, int complete,
                  int heading, int start)
{
	size_t o;

	ml_buf_clear(&l->out);
	if (n > l->out.cap)
		n = l->out.cap;
	if (ml_buf_put(&l->out, s, n) < 0)
		return ml_lines__text(l, s, n, complete, heading, start);
	o = S_inline(s, n, l->out.ptr);
	return ml_lines__text(l, l->out.ptr, o, complete, heading, start);
}

/* --- block syntax --- */

/* A code fence: three or more '`' or '~'. Returns its length, or 0. */
static size_t S_fence(const char *s, size_t n, size_t i, char want)
{
	size_t k = 0;
	char c = i < n ? s[i] : 0;

	if (c != '`' && c != '~')
		return 0;
	if (want && c != want)
		return 0;
	while (i + k < n && s[i + k] == c)
		k++;
	return k >= 3 ? k : 0;
}

/* The line (from i) holds only c, at least min times, and spaces. */
static int S_only(const char *s, size_t n, size_t i, char c, size_t min)
{
	size_t k = 0;

	for (; i < n; i++) {
		if (s[i] == c)
			k++;
		else if (!S_sp(s[i]))
			return 0;
	}
	return k >= min;
}

/* A table's delimiter row: "| --- | :---: |". */
static int S_delimiter_row(const char *s, size_t n, size_t i)
{
	int dash = 0;

	for (; i < n; i++) {
		if (s[i] == '-')
			dash = 1;
		else if (s[i] != '|' && s[i] != ':' && !S_sp(s[i]))
			return 0;
	}
	return dash;
}

/* A table row: one portion per cell. */
static int S_table_row(ml_lines *l, const char *s, size_t n, size_t i)
{
	int r;

	if ((r = ml_lines__close(l)) < 0)
		return r;
	if (S_delimiter_row(s, n, i))
		return 0;
	i++; /* the leading '|' */
	while (i < n) {
		size_t start = i;
		while (i < n && !(s[i] == '|' && s[i - 1] != '\\'))
			i++;
		if ((r = S_text(l, s + start, i - start, 1, 0, 1)) < 0 ||
		    (r = ml_lines__close(l)) < 0)
			return r;
		i++;
	}
	return 0;
}

/* "[ref]: http://...": a link reference definition, not text. */
static int S_link_definition(const char *s, size_t n, size_t i)
{
	const char *close;

	if (i >= n || s[i] != '[')
		return 0;
	close = memchr(s + i, ']', n - i);
	return close && (size_t)(close - s) + 1 < n && close[1] == ':';
}

/* An ATX heading's level, with its text in [*from, *to). */
static int S_atx(const char *s, size_t n, size_t i, size_t *from,
                 size_t *to)
{
	size_t k = 0, e = n;

	while (i + k < n && k < 7 && s[i + k] == '#')
		k++;
	if (!k || k > 6 || (i + k < n && !S_sp(s[i + k])))
		return 0;
	*from = S_skip_sp(s, n, i + k);
	/* the closing sequence: " ##" */
	while (e > *from && S_sp(s[e - 1]))
		e--;
	{
		size_t h = e;
		while (h > *from && s[h - 1] == '#')
			h--;
		if (h == *from || S_sp(s[h - 1]))
			e = h;
	}
	while (e > *from && S_sp(s[e - 1]))
		e--;
	*to = e;
	return (int)k;
}

/* A bullet ("- ", "* ", "+ ") at s[i]: the text after it, or 0. A task
 * box "[ ] " goes with it. */
static size_t S_bullet(const char *s, size_t n, size_t i)
{
	size_t j;

	if (i + 1 >= n || (s[i] != '-' && s[i] != '*' && s[i] != '+') ||
	    !S_sp(s[i + 1]))
		return 0;
	j = S_skip_sp(s, n, i + 1);
	if (n - j >= 4 && s[j] == '[' && s[j + 2] == ']' && S_sp(s[j + 3]))
		j = S_skip_sp(s, n, j + 3);
	return j;
}

/* Thematic breaks and setext underlines. Returns 1 when the line was
 * one (and is consumed), 0 otherwise, or a negative status. */
static int S_rule_line(ml_lines *l, const char *s, size_t n, size_t i)
{
	int r;

	if (S_only(s, n, i, '=', 1) && l->in_para && !l->single) {
		ml_doc__para_heading(l->doc, 1);
		return (r = ml_lines__close(l)) < 0 ? r : 1;
	}
	if (S_only(s, n, i, '-', 1) && l->in_para && !l->single &&
	    s[i] == '-') {
		size_t k = i;
		while (k < n && s[k] == '-')
			k++;
		if (S_skip_sp(s, n, k) == n) {
			ml_doc__para_heading(l->doc, 2);
			return (r = ml_lines__close(l)) < 0 ? r : 1;
		}
	}
	if (S_only(s, n, i, '-', 3) || S_only(s, n, i, '*', 3) ||
	    S_only(s, n, i, '_', 3))
		return (r = ml_lines__close(l)) < 0 ? r : 1;
	return 0;
}

int ml_md__line(ml_lines *l, const char *s, size_t n, int complete)
{
	size_t i = S_skip_sp(s, n, 0), from, to, j;
	int level, r;

	if (l->fence) {
		if (S_fence(s, n, i, l->fence) >= (size_t)l->fence_len &&
		    S_skip_sp(s, n, i + S_fence(s, n, i, l->fence)) == n) {
			l->fence = 0;
			return ml_lines__close(l);
		}
		return ml_lines__text(l, s, n, complete, 0, 0);
	}
	if (i == n)
		return ml_lines__close(l);
	if (i < 4 && (j = S_fence(s, n, i, 0))) {
		l->fence = s[i];
		l->fence_len = (int)j;
		return ml_lines__close(l);
	}
	if (i >= 4 && !l->in_para)
		return ml_lines__text(l, s, n, complete, 0, 0); /* code */
	if (complete && (r = S_rule_line(l, s, n, i)) != 0)
		return r < 0 ? r : 0;
	/* block quotes: "> ", nested "> > " */
	while (i < n && s[i] == '>')
		i = S_skip_sp(s, n, i + 1);
	if (i == n)
		return ml_lines__close(l);
	if (S_link_definition(s, n, i))
		return 0;
	if (s[i] == '|' && complete)
		return S_table_row(l, s, n, i);
	if ((level = S_atx(s, n, i, &from, &to)))
		return S_text(l, s + from, to - from, complete, level, 1);
	if ((j = S_bullet(s, n, i)))
		return S_text(l, s + j, n - j, complete, 0, 1);
	return S_text(l, s + i, n - i, complete, 0, 0);
}
