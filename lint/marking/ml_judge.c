/* ml_judge.c - the verdict on a marking string (MARKINGS.md 5): valid,
 * nonstandard, malformed or not a marking, with its reasons, worst
 * first, and its correction.
 *
 * The correction of a string that reads is the reading, fixed until the
 * register accepts it (ml_correct.c) and written in the form and
 * spellings its author chose (ml_marking_format_as_written). A string
 * with a word the register does not have is repaired word by word: the
 * register words one typo away (Damerau-Levenshtein distance 1, 2 for
 * words of seven letters or more; for words of three letters or fewer
 * only two letters swapped or one left out or doubled), and a
 * classification run together with a control ("SECRETNOFORN"), each
 * tried in its place and kept when the whole then corrects to a valid
 * marking; the most likely wins. How sure: the least sure of the
 * problems fixed (register.xml), times 0.8 for two typos in a word,
 * 0.85 for a short word, 0.6 when another word was as near.
 * A string without any register word is not a marking, unless such a
 * repair makes it one ("SECRT//NOFORN"). */
#include "ml_marking_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_CANDS 6
#define S_MAX_DEPTH 3

static int S_wordy(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			return 1;
	return 0;
}

/* Whether note n says what an earlier note of j says (a compartment and
 * its sub-compartments break the same rule in the same words). */
static int S_said(const ml_marking_judgement *j, const ml_marking_note *n)
{
	size_t i;

	for (i = 0; i < j->nnotes; i++)
		if (strcmp(j->notes[i].rule, n->rule) == 0 &&
		    strcmp(j->notes[i].msg, n->msg) == 0)
			return 1;
	return 0;
}

/* Malformed and conflict notes first, then nonstandard ones, each in the
 * order found. */
static void S_notes(const ml_issues *is, ml_marking_judgement *j)
{
	int pass;
	size_t i;

	j->nnotes = 0;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < is->n && j->nnotes < ML_MARKING_MAX_NOTES; i++) {
			int ns = strcmp(ml_marking__issue_rule(&is->v[i]),
			                "MARKING-NONSTANDARD") == 0;
			if (ns != pass)
				continue;
			ml_marking__note(&is->v[i], &j->notes[j->nnotes]);
			if (!S_said(j, &j->notes[j->nnotes]))
				j->nnotes++;
		}
}

static ml_marking_verdict S_verdict(const ml_issues *is)
{
	size_t i;
	int ns = 0;

	for (i = 0; i < is->n; i++) {
		if (strcmp(ml_marking__issue_rule(&is->v[i]),
		           "MARKING-NONSTANDARD") != 0)
			return ML_VERDICT_MALFORMED;
		ns = 1;
	}
	return ns ? ML_VERDICT_NONSTANDARD : ML_VERDICT_VALID;
}

static double S_min_conf(const ml_issues *is)
{
	double c = 1.0;
	size_t i;

	for (i = 0; i < is->n; i++) {
		double k = ml_marking__issue_confidence(&is->v[i]);
		if (k < c)
			c = k;
	}
	return c;
}

/* Did reading lose what the marking meant (a REL TO without its list, a
 * SAR without its program, no classification)? Then no correction can
 * put it back. */
static int S_lossy(const ml_issues *is)
{
	static const char *const lossy[] = {
		"sap-identifier", "list-missing", "list-short",
		"no-classification", "compartment",
	};
	size_t i, k;

	for (i = 0; i < is->n; i++)
		for (k = 0; k < sizeof lossy / sizeof lossy[0]; k++)
			if (strcmp(is->v[i].id, lossy[k]) == 0)
				return 1;
	return 0;
}

/* --- typo repair --- */

typedef struct S_cand {
	char text[ML_MARKING_TOKEN_SIZE];
	size_t dist;
	double conf;
} S_cand;

typedef struct S_cands {
	size_t n;
	S_cand v[S_MAX_CANDS];
} S_cands;

/* Is w a likely typo target for t (n bytes), d edits away? */
static int S_typo_ok(const char *t, size_t n, const char *w, size_t d)
{
	size_t m = strlen(w), lo = n < m ? n : m, hi = n < m ? m : n;

	if (d == 0 || d > (hi >= 7 ? 2u : 1u) || lo < 2)
		return 0;
	if (lo <= 3 && n == m) {
		/* a short word: two letters swapped only */
		size_t i, diff = 0;
		for (i = 0; i < n; i++)
			diff += t[i] != w[i];
		return diff == 2;
	}
	return 1;
}

static void S_cand_add(S_cands *c, const char *text, size_t dist)
{
	size_t i, worst = 0;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].text, text) == 0)
			return;
	if (c->n < S_MAX_CANDS) {
		i = c->n++;
	} else {
		for (i = 1; i < c->n; i++)
			if (c->v[i].dist > c->v[worst].dist)
				worst = i;
		if (c->v[worst].dist <= dist)
			return;
		i = worst;
	}
	snprintf(c->v[i].text, sizeof c->v[i].text, "%s", text);
	c->v[i].dist = dist;
}

static void S_try_word(S_cands *c, const char *t, size_t n, const char *w)
{
	size_t d;
	size_t m = strlen(w);

	if (m + 2 < n || n + 2 < m)
		return;
	d = ml_marking__distance(t, n, w);
	if (S_typo_ok(t, n, w, d))
		S_cand_add(c, w, d);
}

/* Candidates for an unknown item t[0..n) where category expect belongs. */
static void S_candidates(const ml_register *reg, const char *t, size_t n,
                         ml_cat expect, ml_marking_form form, S_cands *c)
{
	size_t i, k;

	c->n = 0;
	if (expect == ML_CAT_CLASS) {
		for (i = 0; i < reg->nlv; i++) {
			const ml_reg_level *l = &reg->lv[i];
			if (l->foreign_only)
				continue;
			S_try_word(c, t, n, form == ML_MARKING_PORTION ? l->portion
			                                               : l->title);
			if (l->alias[0] && form == ML_MARKING_BANNER)
				S_try_word(c, t, n, l->alias);
			/* run together: "SECRETNOFORN", "SNF" */
			{
				const char *sp = form == ML_MARKING_PORTION ? l->portion
				                                            : l->title;
				size_t sl = strlen(sp);
				if (sl < n && memcmp(t, sp, sl) == 0) {
					const char *rest = t + sl;
					size_t rn = n - sl;
					while (rn && *rest == ' ') {
						rest++;
						rn--;
					}
					if (rn && ml_register_word(reg, rest, rn)) {
						char buf[ML_MARKING_TOKEN_SIZE];
						snprintf(buf, sizeof buf, "%s//%.*s", sp,
						         (int)rn, rest);
						S_cand_add(c, buf, 1);
					}
				}
			}
		}
		return;
	}
	for (i = 0; i < reg->nwords; i++)
		S_try_word(c, t, n, reg->words[i].s);
	for (i = 0; i < reg->nlegacy; i++)
		if (strncmp(reg->legacy[i].spelling, "CODE ", 5) != 0)
			S_try_word(c, t, n, reg->legacy[i].spelling);
	if (expect == ML_CAT_CUICAT)
		for (i = 0; i < reg->ncuicat; i++)
			S_try_word(c, t, n, reg->cuicat[i]);
	/* a word of a spelled-out or structured item: "TALENT KEYHOLE-
	 * BLUEFSH", "REL TO USA, GRB" is the lists' business */
	if (memchr(t, '-', n) || memchr(t, ' ', n)) {
		size_t a = 0;
		while (a < n) {
			size_t b = a;
			while (b < n && t[b] != '-' && t[b] != ' ')
				b++;
			for (k = 0; k < reg->ne && b - a >= 3; k++) {
				const char *sp[3];
				int f;
				sp[0] = reg->e[k].portion;
				sp[1] = reg->e[k].abbrev;
				sp[2] = reg->e[k].title;
				for (f = 0; f < 3; f++) {
					size_t d, m = strlen(sp[f]);
					char buf[ML_MARKING_TOKEN_SIZE];
					if (m < 2 || strchr(sp[f], ' ') ||
					    strchr(sp[f], '-'))
						continue;
					d = ml_marking__distance(t + a, b - a, sp[f]);
					if (!S_typo_ok(t + a, b - a, sp[f], d))
						continue;
					if (a + m + (n - b) >= sizeof buf)
						continue;
					snprintf(buf, sizeof buf, "%.*s%s%.*s", (int)a, t,
					         sp[f], (int)(n - b), t + b);
					S_cand_add(c, buf, d);
				}
			}
			a = b + 1;
		}
	}
}


/* Tries the candidates for the first unknown item of rd; fills sugg and
 * *conf with the best valid correction and names the word in *word.
 * Returns 1 when one was found. */
static int S_repair(const ml_reading *rd, unsigned flags, int depth,
                    char *sugg, size_t size, double *conf, char *word,
                    size_t wsize)
{
	const ml_register *reg = ml_register_get();
	ml_marking_judgement *inner;
	S_cands c;
	size_t u, i, k, tl;
	int found = 0;
	char *buf;

	if (rd->nunknown == 0 || depth >= S_MAX_DEPTH)
		return 0;
	u = 0;
	S_candidates(reg, rd->text + rd->unknown[u].off, rd->unknown[u].len,
	             rd->unknown[u].expect, rd->form, &c);
	if (c.n == 0)
		return 0;
	inner = ml_xmalloc(sizeof *inner);
	buf = ml_xmalloc(ML_MARKING_MAX_LEN + 8);
	*conf = 0;
	for (i = 0; i < c.n; i++) {
		double cc;
		size_t o = 0, same = 0, shortw;
		const char *cand = c.v[i].text;
		tl = strlen(cand);
		if (rd->ntext - rd->unknown[u].len + tl + 4 > ML_MARKING_MAX_LEN)
			continue;
		if (rd->form == ML_MARKING_PORTION)
			buf[o++] = '(';
		memcpy(buf + o, rd->text, rd->unknown[u].off);
		o += rd->unknown[u].off;
		memcpy(buf + o, cand, tl);
		o += tl;
		k = rd->unknown[u].off + rd->unknown[u].len;
		memcpy(buf + o, rd->text + k, rd->ntext - k);
		o += rd->ntext - k;
		if (rd->form == ML_MARKING_PORTION)
			buf[o++] = ')';
		ml_marking__judge(buf, o, (flags & ~(unsigned)ML_JUDGE_NO_SUGGESTION) |
		                    (rd->form == ML_MARKING_PORTION
		                         ? ML_JUDGE_PORTION : ML_JUDGE_BANNER),
		        inner, depth + 1);
		if (inner->verdict == ML_VERDICT_NONE ||
		    (inner->verdict != ML_VERDICT_VALID && !inner->suggestion[0]))
			continue;
		for (k = 0; k < c.n; k++)
			same += c.v[k].dist == c.v[i].dist;
		shortw = rd->unknown[u].len <= 3;
		cc = ml_register_problem(reg, "typo")
		         ? ml_register_problem(reg, "typo")->confidence : 0.85;
		cc *= c.v[i].dist >= 2 ? 0.8 : 1.0;
		cc *= shortw ? 0.85 : 1.0;
		cc *= same > 1 ? 0.6 : 1.0;
		if (inner->verdict != ML_VERDICT_VALID && inner->confidence < cc)
			cc = inner->confidence;
		if (cc > *conf) {
			*conf = cc;
			if (inner->verdict == ML_VERDICT_VALID)
				snprintf(sugg, size, "%.*s", (int)o, buf);
			else
				snprintf(sugg, size, "%s", inner->suggestion);
			snprintf(word, wsize, "%s", cand);
			found = 1;
		}
	}
	free(buf);
	free(inner);
	return found;
}

static unsigned S_form_flag(ml_marking_form form)
{
	return form == ML_MARKING_PORTION ? ML_JUDGE_PORTION : ML_JUDGE_BANNER;
}

/* Looks like a marking though no word of it is the register's: "//"
 * between words, and nothing but marking characters. */
static int S_marking_shaped(const char *s, size_t n)
{
	size_t i;
	int sep = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '/' && i + 1 < n && s[i + 1] == '/')
			sep = 1;
		if (!ml_marking__upper(c) && !ml_marking__digit(c) &&
		    !strchr("/-, ()", c))
			return 0;
	}
	return sep;
}

/* Names the word repair's typo in the issues: the issue about the word
 * (an unknown item holding it, a country code) becomes the typo, or the
 * typo is added. */
static void S_name_typo(ml_issues *is, const char *from, const char *to)
{
	size_t a, fl = strlen(from);

	if (from[0] == ' ') {
		/* a separator went missing: the unknown item it left */
		char x[ML_ISSUE_TEXT];
		snprintf(x, sizeof x, "a space where '%s' belongs", to);
		for (a = 0; a < is->n; a++)
			if (strcmp(is->v[a].id, "unknown") == 0 ||
			    strcmp(is->v[a].id, "syntax") == 0)
				break;
		if (a < is->n) {
			is->v[a].id = "separator";
			snprintf(is->v[a].x, sizeof is->v[a].x, "%s", x);
		} else {
			ml_marking__issue(is, "separator", -1, -1, x, "");
		}
		return;
	}

	for (a = 0; a < is->n; a++) {
		ml_issue *x = &is->v[a];
		const char *p = strstr(x->x, from);
		if ((strcmp(x->id, "unknown") == 0 || strcmp(x->id, "country") == 0 ||
		     strcmp(x->id, "syntax") == 0 ||
		     strcmp(x->id, "suspect-system") == 0) &&
		    p && (p == x->x || !ml_marking__upper(p[-1])) &&
		    !ml_marking__upper(p[fl])) {
			x->id = "typo";
			snprintf(x->x, sizeof x->x, "%s", from);
			snprintf(x->y, sizeof x->y, "%s", to);
			return;
		}
	}
	ml_marking__issue(is, "typo", -1, -1, from, to);
}

/* Markings are written in upper case: a correction of a string read
 * case-blind (ML_MARKING_ICASE) can keep a word as its author typed it
 * ("CAn"), so its letters are raised, and it is kept only when it is then
 * valid as it stands, as every suggestion must be. */
static void S_upper_suggestion(ml_marking_judgement *out, int depth)
{
	ml_marking_judgement *check;
	char *p;

	for (p = out->suggestion; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	check = ml_xmalloc(sizeof *check);
	if (ml_marking__judge(out->suggestion, strlen(out->suggestion),
	                      ML_JUDGE_NO_SUGGESTION, check, depth + 1) !=
	    ML_VERDICT_VALID) {
		out->suggestion[0] = '\0';
		out->confidence = 0;
	}
	free(check);
}

ml_marking_verdict ml_marking__judge(const char *s, size_t len,
                                     unsigned flags,
                                     ml_marking_judgement *out, int depth)
{
	ml_reading *rd;
	ml_marking_form form;
	size_t i = 0, n = len;

	/* out->m (8 KB) is cleared by ml_marking_init or copied whole from
	 * the reading below, once: a judgement is made at every candidate */
	memset(out, 0, offsetof(ml_marking_judgement, m));
	memset(&out->nnotes, 0, offsetof(ml_marking_judgement, suggestion) -
	                        offsetof(ml_marking_judgement, nnotes));
	out->suggestion[0] = '\0';
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	out->off = i;
	out->len = n - i;
	if (flags & ML_JUDGE_PORTION)
		form = ML_MARKING_PORTION;
	else if (flags & ML_JUDGE_BANNER)
		form = ML_MARKING_BANNER;
	else
		form = n > i && s[i] == '(' ? ML_MARKING_PORTION
		                            : ML_MARKING_BANNER;
	out->form = form;
	if (!S_wordy(s + i, n - i)) {
		ml_marking_init(&out->m);
		return out->verdict = ML_VERDICT_NONE;
	}
	rd = ml_xmalloc(sizeof *rd);
	ml_marking__read(s, len, form, flags & ML_MARKING_ICASE, rd);
	out->parsed = rd->parsed && rd->m.level != ML_CLASS_NONE;
	/* whole, the padding too: markings are compared with memcmp */
	memcpy(&out->m, &rd->m, sizeof out->m);
	if (out->parsed) {
		char name[24];
		ml_marking__validate(&rd->m, &rd->issues);
		if (ml_marking__suspect_system(&rd->m, name, sizeof name))
			ml_marking__issue(&rd->issues, "suspect-system", -1, -1,
			                  name, "");
	}
	out->verdict = S_verdict(&rd->issues);
	S_notes(&rd->issues, out);
	if (!rd->recognised)
		out->verdict = ML_VERDICT_NONE;
	if (out->verdict == ML_VERDICT_VALID ||
	    (flags & ML_JUDGE_NO_SUGGESTION)) {
		free(rd);
		return out->verdict;
	}
	if (out->parsed && !S_lossy(&rd->issues)) {
		ml_marking *c = ml_xmalloc(sizeof *c);
		double fixed = ml_marking_correct(&rd->m, c);
		if (fixed > 0) {
			ml_buf b;
			ml_marking_judgement *check = ml_xmalloc(sizeof *check);
			ml_buf_init(&b, ML_MARKING_MAX_LEN);
			if (ml_marking_format_as_written(c, form, &b) == 0 &&
			    ml_marking__judge(b.ptr, b.size, (form == ML_MARKING_PORTION
			                                ? ML_JUDGE_PORTION
			                                : ML_JUDGE_BANNER) |
			                               ML_JUDGE_NO_SUGGESTION,
			            check, depth + 1) == ML_VERDICT_VALID) {
				double k = S_min_conf(&rd->issues);
				snprintf(out->suggestion, sizeof out->suggestion, "%s",
				         b.ptr);
				out->confidence = k < fixed ? k : fixed;
			}
			free(check);
			ml_buf_free(&b);
		}
		free(c);
	} else if (rd->nunknown) {
		char word[ML_MARKING_TOKEN_SIZE];
		double conf;
		if (S_repair(rd, flags, depth, out->suggestion,
		             sizeof out->suggestion, &conf, word, sizeof word)) {
			size_t a;
			out->confidence = conf;
			/* the unknown word gets its name; the other problems
			 * found (case, separators) stay */
			for (a = 0; a < rd->issues.n; a++) {
				ml_issue *is = &rd->issues.v[a];
				if (strcmp(is->id, "unknown") == 0 &&
				    strncmp(is->x, rd->text + rd->unknown[0].off,
				            rd->unknown[0].len) == 0) {
					is->id = "typo";
					snprintf(is->y, sizeof is->y, "%s", word);
				} else if (ml_marking__issue_confidence(is) <
				           out->confidence &&
				           strcmp(is->id, "unknown") != 0) {
					out->confidence =
					    ml_marking__issue_confidence(is);
				}
			}
			S_notes(&rd->issues, out);
			if (out->verdict == ML_VERDICT_NONE)
				out->verdict = ML_VERDICT_MALFORMED;
		}
	}
	if (!out->suggestion[0] && depth == 0 &&
	    (out->verdict == ML_VERDICT_MALFORMED ||
	     (out->verdict == ML_VERDICT_NONE &&
	      S_marking_shaped(s + i, n - i)))) {
		char from[24], to[24];
		double conf;
		if (ml_marking__word_repair(s, len, flags | S_form_flag(form),
		                            depth, out->parsed, out->suggestion,
		                            sizeof out->suggestion, &conf, from,
		                            to, sizeof from)) {
			size_t a;
			out->confidence = conf;
			S_name_typo(&rd->issues, from, to);
			for (a = 0; a < rd->issues.n; a++) {
				const ml_issue *x = &rd->issues.v[a];
				if (strcmp(x->id, "typo") != 0 &&
				    strcmp(x->id, "unknown") != 0 &&
				    strcmp(x->id, "country") != 0 &&
				    strcmp(x->id, "suspect-system") != 0 &&
				    ml_marking__issue_confidence(x) < out->confidence)
					out->confidence =
					    ml_marking__issue_confidence(x);
			}
			S_notes(&rd->issues, out);
			out->verdict = ML_VERDICT_MALFORMED;
		}
	}
	if (out->suggestion[0] && (flags & ML_MARKING_ICASE))
		S_upper_suggestion(out, depth);
	free(rd);
	return out->verdict;
}

ml_marking_verdict ml_marking_judge(const char *s, size_t len, unsigned flags,
                                    ml_marking_judgement *out)
{
	return ml_marking__judge(s, len, flags, out, 0);
}

const char *ml_marking_rule_name(size_t i)
{
	const ml_register *reg = ml_register_get();
	size_t k, j, seen = 0;

	for (k = 0; k < reg->nprob; k++) {
		for (j = 0; j < k; j++)
			if (strcmp(reg->prob[j].rule, reg->prob[k].rule) == 0)
				break;
		if (j < k)
			continue; /* said before */
		if (seen++ == i)
			return reg->prob[k].rule;
	}
	return NULL;
}

const char *ml_marking_verdict_name(ml_marking_verdict v)
{
	static const char *const names[] = {"none", "valid", "nonstandard",
	                                    "malformed"};

	return (unsigned)v < 4 ? names[v] : "none";
}

size_t ml_marking_check(const ml_marking *m, ml_marking_note *notes,
                        size_t max)
{
	ml_issues *is = ml_xmalloc(sizeof *is);
	ml_marking_judgement *j = ml_xmalloc(sizeof *j);
	size_t i;

	is->n = 0;
	ml_marking__validate(m, is);
	S_notes(is, j);
	for (i = 0; i < j->nnotes && i < max; i++)
		notes[i] = j->notes[i];
	free(is);
	free(j);
	return i;
}
