/* ml_detect.c - MARKINGS.md 3.1: portion marks, banner lines, dissemination
 * statements and IC-ISM attributes. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_lanes.h"
#include "ml_pmark.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- detection --- */

/* One copy of each distinct marking: a document repeats a few marks
 * thousands of times, and a marking is large, so memory stays flat. */
static const ml_marking *S_intern(ml_report *r, const ml_marking *m)
{
	ml_marking key = *m;
	size_t i;

	key.off = key.len = 0;
	for (i = 0; i < r->ninterned; i++)
		if (memcmp(r->interned[i], &key, sizeof key) == 0)
			return r->interned[i];
	if (r->ninterned == r->cinterned) {
		r->cinterned = r->cinterned ? r->cinterned * 2 : 16;
		r->interned = ml_xrealloc(r->interned,
		                          r->cinterned * sizeof *r->interned);
	}
	r->interned[r->ninterned] = ml_xmalloc(sizeof key);
	*r->interned[r->ninterned] = key;
	return r->interned[r->ninterned++];
}

/* Keeps a portion's marking for the banner roll-up (distinct ones). */
static void S_keep_parsed(ml_report *r, const ml_marking *m)
{
	const ml_marking *in = S_intern(r, m);
	size_t i;

	for (i = 0; i < r->nparsed; i++)
		if (r->parsed[i] == in)
			return;
	if (r->nparsed == r->cparsed) {
		r->cparsed = r->cparsed ? r->cparsed * 2 : 16;
		r->parsed = ml_xrealloc(r->parsed,
		                        r->cparsed * sizeof *r->parsed);
	}
	r->parsed[r->nparsed++] = in;
}

/* Does a marking that did not parse still carry NOFORN as one of its
 * blocks ("TOP SECRET//SCI//NOFORN", "(S/NF)")? A reader sees NOFORN
 * there, so it is a NOFORN marking as well as a malformed one. */
static int S_malformed_noforn(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start, n;
		while (i < len && (s[i] == '/' || s[i] == '(' || s[i] == ')' ||
		                   s[i] == ' ' || s[i] == ','))
			i++;
		start = i;
		while (i < len && s[i] != '/' && s[i] != ')' && s[i] != ',')
			i++;
		n = i - start;
		while (n && s[start + n - 1] == ' ')
			n--;
		if ((n == 2 && strncmp(s + start, "NF", 2) == 0) ||
		    (n == 6 && strncmp(s + start, "NOFORN", 6) == 0))
			return 1;
	}
	return 0;
}

static int S_has_noforn(const ml_marking *m)
{
	return (m->dissem & (ML_DISSEM_NOFORN | ML_DISSEM_SBU_NF |
	                     ML_DISSEM_LES_NF)) != 0;
}

/* FOUO-OBSOLETE for a marking that parsed. */
static void S_fouo_rule(ml_report *r, size_t portion, long mark,
                        const ml_marking *m, const char *text)
{
	ml_finding *f;

	if (!(m->dissem & ML_DISSEM_FOUO))
		return;
	f = ml_check__add_finding(r, "FOUO-OBSOLETE", portion, mark,
	    ml_check__keepf(r, "%s: FOUO is obsolete; DoDI 5200.48 replaced "
	                    "it with CUI", text));
	if (f && m->level <= ML_CLASS_CUI)
		f->suggestion = m->form == ML_MARKING_PORTION ? "(CUI)" : "CUI";
}

/* MARKING-MALFORMED, NOFORN-RELTO-CONFLICT and FOUO-OBSOLETE for a
 * marking that parsed. */
static void S_form_rules(ml_report *r, size_t portion, const ml_marking *m,
                         const char *text, long mark)
{
	uint32_t problems = ml_marking_problems(m), bit;

	for (bit = 1; bit; bit <<= 1) {
		const char *rule, *msg;
		if (!(problems & bit))
			continue;
		rule = ml_marking_problem_rule(bit);
		msg = ml_marking_problem_message(bit);
		if (rule && msg)
			ml_check__add_finding(r, rule, portion, mark,
			              ml_check__keepf(r, "%s: %s", text, msg));
	}
	S_fouo_rule(r, portion, mark, m, text);
}

/* --- judged markings (ml_marking_judge) --- */

/* Separators written with spaces around them: "TOP SECRET // SI //
 * NOFORN", "(S / NF)". */
static int S_spaced_separators(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if ((s[i] == ' ' && s[i + 1] == '/') ||
		    (s[i] == '/' && s[i + 1] == ' '))
			return 1;
	return 0;
}

/* The State Department's and older forms of a portion mark, read in
 * register terms when the grammar does not read them itself: a single
 * slash after the classification or between blocks ("(S/NF)",
 * "(TS/SI/NF)"), SBU as a classification ("(SBU/NF)", "(SBU-NF)",
 * "(SBU)"), NOFORN spelled out in a portion ("(C/NOFORN)"). Writes the
 * first candidate the grammar finds valid into j (verdict NONSTANDARD,
 * the candidate as the correction) and returns 1, else 0. */
static int S_agency_portion(const char *s, size_t n,
                            ml_marking_judgement *j)
{
	char in[ML_PMARK_MAX_MARK + 16], cand[2 * ML_PMARK_MAX_MARK + 16];
	size_t i, k, m = 0;
	int all;

	if (n < 3 || n > ML_PMARK_MAX_MARK || s[0] != '(' || s[n - 1] != ')')
		return 0;
	/* the content, upper case, NOFORN as NF, SBU as U//SBU */
	for (i = 1; i + 1 < n && m + 8 < sizeof in; i++)
		in[m++] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
	in[m] = '\0';
	for (all = 0; all < 2; all++) {
		ml_marking_judgement t;
		size_t o = 0;
		int first = 1;
		const char *c = in;

		cand[o++] = '(';
		if (strncmp(c, "SBU", 3) == 0 && (c[3] == '\0' || c[3] == '/' ||
		                                  c[3] == '-')) {
			memcpy(cand + o, "U//SBU", 6);
			o += 6;
			c += 3;
			if (*c == '/' || *c == '-') {
				cand[o++] = '-';
				c++;
			}
			first = 0;
		}
		for (k = 0; c[k] && o + 8 < sizeof cand; k++) {
			int dbl = c[k] == '/' && c[k + 1] == '/';
			if (c[k] == '/' && !dbl && (first || all) &&
			    (k == 0 || c[k - 1] != '/')) {
				cand[o++] = '/';
				cand[o++] = '/';
				first = 0;
				continue;
			}
			if (strncmp(c + k, "NOFORN", 6) == 0 &&
			    (c[k + 6] == '\0' || c[k + 6] == '/')) {
				cand[o++] = 'N';
				cand[o++] = 'F';
				k += 5;
				continue;
			}
			if (dbl)
				first = 0;
			cand[o++] = c[k];
		}
		cand[o++] = ')';
		if (ml_marking_judge(cand, o, ML_JUDGE_PORTION, &t) !=
		    ML_VERDICT_VALID)
			continue;
		j->verdict = ML_VERDICT_NONSTANDARD;
		j->parsed = 1;
		j->m = t.m;
		j->nnotes = 1;
		j->notes[0].rule = "MARKING-NONSTANDARD";
		j->notes[0].id = "agency-form";
		snprintf(j->notes[0].msg, sizeof j->notes[0].msg,
		         "an agency form; the register writes it %.*s",
		         (int)o, cand);
		snprintf(j->suggestion, sizeof j->suggestion, "%.*s", (int)o,
		         cand);
		return 1;
	}
	return 0;
}

/* Judges s[0..n) in form, and adds what the reader's agency forms make
 * nonstandard when the grammar has not said so already: spaced
 * separators, a letter-spaced classification, a trailer after a banner
 * (why is NULL or the reason; the register form is then the marking as
 * the grammar formats it). */
static void S_judge(const char *s, size_t n, ml_marking_form form,
                    const char *why, ml_marking_judgement *j)
{
	unsigned flags = form == ML_MARKING_PORTION
	                     ? ML_JUDGE_PORTION
	                     : ML_JUDGE_BANNER | ML_MARKING_ICASE;
	ml_marking_note *note;
	ml_buf b;

	ml_marking_judge(s, n, flags, j);
	if (j->verdict == ML_VERDICT_MALFORMED && !j->parsed &&
	    form == ML_MARKING_PORTION && S_agency_portion(s, n, j))
		return;
	if (j->verdict != ML_VERDICT_VALID)
		return;
	if (!why && S_spaced_separators(s, n))
		why = "separators are written without spaces";
	if (!why || j->nnotes >= ML_MARKING_MAX_NOTES)
		return;
	j->verdict = ML_VERDICT_NONSTANDARD;
	note = &j->notes[j->nnotes++];
	note->rule = "MARKING-NONSTANDARD";
	note->id = "agency-form";
	snprintf(note->msg, sizeof note->msg, "%s", why);
	ml_buf_init(&b, ML_MARKING_MAX_LEN);
	if (ml_marking_format(&j->m, form, &b) == 0 && !j->suggestion[0])
		snprintf(j->suggestion, sizeof j->suggestion, "%s", b.ptr);
	ml_buf_free(&b);
}

/* The findings of a judged marking: one per rule its notes name
 * (MARKING-MALFORMED, MARKING-NONSTANDARD, NOFORN-RELTO-CONFLICT), its
 * reasons joined, with the correction as the suggestion of the form
 * rules; and FOUO-OBSOLETE. what says what it looked like. */
static void S_judged_rules(ml_report *r, size_t portion, long mark,
                           const ml_marking_judgement *j, const char *text,
                           const char *what)
{
	size_t k, l;

	for (k = 0; k < j->nnotes; k++) {
		const char *rule = j->notes[k].rule;
		ml_buf msg;
		ml_finding *f;
		int seen = 0;

		for (l = 0; l < k; l++)
			seen |= strcmp(j->notes[l].rule, rule) == 0;
		if (seen)
			continue;
		ml_buf_init(&msg, 4096);
		if (strcmp(j->notes[k].id, "syntax") == 0)
			ml_buf_printf(&msg, "%s looks like %s but does not "
			              "parse: ", text, what);
		else
			ml_buf_printf(&msg, "%s: ", text);
		for (l = k; l < j->nnotes; l++)
			if (strcmp(j->notes[l].rule, rule) == 0)
				ml_buf_printf(&msg, "%s%s", l > k ? "; " : "",
				              j->notes[l].msg);
		f = ml_check__add_finding(r, rule, portion, mark,
		                          ml_check__keep(r, msg.ptr, msg.size));
		ml_buf_free(&msg);
		if (f && j->suggestion[0] &&
		    strcmp(rule, "NOFORN-RELTO-CONFLICT") != 0)
			f->suggestion = ml_check__keep(r, j->suggestion,
			                               strlen(j->suggestion));
	}
	if (j->parsed)
		S_fouo_rule(r, portion, mark, &j->m, text);
}

/* Returns where the portion's text starts after its portion mark (0 when
 * it has none), so that a restriction sentence does not begin with it. */
size_t ml_check__detect_portion_mark(ml_report *r, size_t i,
                                    const ml_portion *p)
{
	const char *mark = p->text + p->mark_off;
	ml_marking_judgement j;
	ml_found *f = NULL;
	const char *text;
	int noforn;

	S_judge(mark, p->mark_len, ML_MARKING_PORTION, NULL, &j);
	if (j.verdict == ML_VERDICT_NONE)
		return 0;
	noforn = j.parsed ? S_has_noforn(&j.m)
	                  : S_malformed_noforn(mark, p->mark_len);
	if (noforn) {
		f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_PORTION, i,
		                       p->mark_off, p->mark_len);
		if (j.parsed)
			f->marking = S_intern(r, &j.m);
		r->noforn_portions++;
		text = f->text;
	} else {
		text = ml_check__keep(r, mark, p->mark_len);
	}
	if (j.parsed)
		S_keep_parsed(r, &j.m);
	S_judged_rules(r, i, f ? (long)(f - r->marks) : -1, &j, text,
	               "a portion mark");
	return p->mark_off + p->mark_len;
}

int ml_check_mark_valid(const char *mark, size_t len)
{
	ml_marking_judgement j;

	S_judge(mark, len, ML_MARKING_PORTION, NULL, &j);
	return j.verdict == ML_VERDICT_VALID;
}

/* The banner line's marking as the grammar reads it: a letter-spaced
 * classification spelled out, a trailer cut off. Returns 0 when the line
 * does not look like a banner; *why gets what makes it nonstandard. */
static int S_banner_candidate(const ml_portion *p, ml_pmark_banner *pb,
                              char *buf, size_t size, const char **why)
{
	ml_marking m;
	ml_marking_error e;
	size_t n;

	*why = NULL;
	/* most portions start with a word in lower or title case, and a
	 * banner in mixed case ("Secret//Noforn") has a slash */
	if (p->len > 1 && ((p->text[0] >= 'a' && p->text[0] <= 'z') ||
	                   (p->text[1] >= 'a' && p->text[1] <= 'z')) &&
	    !memchr(p->text, '/', p->len))
		return 0;
	if (!ml_pmark_banner_find(p->text, p->len, pb) || pb->len >= size)
		return 0;
	if (pb->spaced) {
		n = (size_t)snprintf(buf, size, "%s%.*s", pb->spaced,
		                     (int)(pb->len - pb->spaced_len),
		                     p->text + pb->off + pb->spaced_len);
		*why = "the classification is letter-spaced";
	} else {
		memcpy(buf, p->text + pb->off, pb->len);
		n = pb->len;
		buf[n] = '\0';
	}
	if (n >= size)
		return 0;
	if (pb->trailer && !*why)
		*why = "a date or other text follows the banner on its line";
	return ml_marking_parse_banner(buf, n, ML_MARKING_ICASE, &m, &e) !=
	       ML_MARKING_NONE;
}

/* A whole-portion banner line; returns 1 when the portion was one. */
int ml_check__detect_banner(ml_report *r, size_t i, const ml_portion *p)
{
	char buf[ML_BANNER_MAX + 32];
	ml_pmark_banner pb;
	ml_marking_judgement j;
	const char *why, *text;
	ml_found *f = NULL;

	if (p->len > ML_BANNER_MAX ||
	    !S_banner_candidate(p, &pb, buf, sizeof buf, &why))
		return 0;
	S_judge(buf, strlen(buf), ML_MARKING_BANNER, why, &j);
	if (j.verdict == ML_VERDICT_NONE)
		return 0;
	if (j.verdict == ML_VERDICT_VALID || j.parsed || why ||
	    S_malformed_noforn(buf, strlen(buf))) {
		if (r->nbanners++ == 0)
			r->first_banner = (long)i;
		r->last_banner = (long)i;
	}
	if (j.parsed ? S_has_noforn(&j.m)
	             : S_malformed_noforn(buf, strlen(buf))) {
		r->banner_noforn = 1;
		f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_BANNER, i,
		                       pb.off, pb.len);
		if (j.parsed)
			f->marking = S_intern(r, &j.m);
		text = f->text;
	} else {
		text = ml_check__keep(r, p->text + pb.off, pb.len);
	}
	S_judged_rules(r, i, f ? (long)(f - r->marks) : -1, &j, text,
	               "a banner line");
	return 1;
}

/* "NOFORN DISSEM", "No Foreign Dissem": a caveat line, read as NOFORN
 * but not in register form. */
static void S_caveat_rule(ml_report *r, size_t i, long mark,
                          const ml_portion *p)
{
	ml_finding *f;
	size_t k;

	for (k = 0; k + 6 <= p->len; k++)
		if ((p->text[k] | 0x20) == 'd' &&
		    strncasecmp(p->text + k, "dissem", 6) == 0 &&
		    (k + 6 == p->len || p->text[k + 6] == '.' ||
		     p->text[k + 6] == ' '))
			break;
	if (k + 6 > p->len)
		return;
	f = ml_check__add_finding(r, "MARKING-NONSTANDARD", i, mark,
	    ml_check__keepf(r, "%s: a caveat line; the register writes "
	                    "NOFORN", p->text));
	if (f)
		f->suggestion = "NOFORN";
}

int ml_check__detect_statement(ml_report *r, size_t i, const ml_portion *p)
{
	size_t so, eo;
	const ml_portion *prev = i ? ml_doc_portion(r->doc, i - 1) : NULL;

	if (p->len > ML_BANNER_MAX ||
	    !ml_check__find(r, ml_rules_any(r->rs, ML_PAT_STATEMENT), p->text, p->len,
	            0, &so, &eo))
		return 0;
	/* a caveat line right under a banner line ("S E C R E T ..." then
	 * "NOFORN", as cables print it) is that banner's control */
	if (r->last_banner >= 0 && (size_t)r->last_banner + 1 == i &&
	    prev && prev->part == p->part) {
		ml_found *f = ml_check__add_mark(r, ML_KIND_NOFORN,
		                                 ML_FORM_BANNER, i, 0, p->len);
		r->banner_noforn = 1;
		S_caveat_rule(r, i, (long)(f - r->marks), p);
		return 1;
	}
	ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_STATEMENT, i, 0, p->len);
	r->noforn_portions++;
	S_caveat_rule(r, i, (long)(r->nmarks - 1), p);
	return 1;
}

static const char *S_attr(const ml_portion *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nattrs; i++)
		if (strcmp(p->attrs[i].name, name) == 0)
			return p->attrs[i].value;
	return NULL;
}

static int S_has_token(const char *list, const char *token)
{
	size_t n = strlen(token);

	while (list && *list) {
		size_t l;
		list += strspn(list, " ");
		l = strcspn(list, " ");
		if (l == n && strncmp(list, token, n) == 0)
			return 1;
		list += l;
	}
	return 0;
}

/* IC-ISM tokens of ism:disseminationControls and the controls they are. */
static const struct {
	const char *token;
	uint32_t flag;
} S_ism_dissem[] = {
	{"DISPLAYONLY", ML_DISSEM_DISPLAY_ONLY}, {"EYES", ML_DISSEM_EYES_ONLY},
	{"FOUO", ML_DISSEM_FOUO},     {"IMC", ML_DISSEM_IMCON},
	{"NF", ML_DISSEM_NOFORN},     {"OC", ML_DISSEM_ORCON},
	{"PR", ML_DISSEM_PROPIN},     {"REL", ML_DISSEM_RELTO},
	{"RELIDO", ML_DISSEM_RELIDO}, {"RS", ML_DISSEM_RSEN},
};

static const struct {
	const char *token;
	ml_marking_class level;
} S_ism_class[] = {
	{"U", ML_CLASS_U}, {"C", ML_CLASS_C}, {"S", ML_CLASS_S},
	{"TS", ML_CLASS_TS}, {"R", ML_CLASS_R},
};

/* Adds the space-separated codes of list to c. */
static void S_ism_countries(const char *list, ml_marking_countries *c)
{
	char code[8];

	while (list && *list) {
		size_t l;
		list += strspn(list, " ");
		l = strcspn(list, " ");
		if (l && l < sizeof code) {
			memcpy(code, list, l);
			code[l] = '\0';
			ml_marking_countries_add(c, code);
		}
		list += l;
	}
}

/* The marking an element's ism: attributes amount to, as if it were a
 * portion mark, so that the grammar's checks (NOFORN with REL TO, FOUO)
 * and the roll-up apply to IC-ISM too. Returns 0 when the portion has no
 * ism:classification. */
static int S_ism_marking(const ml_portion *p, ml_marking *m)
{
	const char *cls = S_attr(p, "ism:classification");
	const char *dc = S_attr(p, "ism:disseminationControls");
	size_t k;

	if (!cls)
		return 0;
	ml_marking_init(m);
	m->form = ML_MARKING_PORTION;
	for (k = 0; k < sizeof S_ism_class / sizeof S_ism_class[0]; k++)
		if (strcmp(cls, S_ism_class[k].token) == 0)
			m->level = S_ism_class[k].level;
	for (k = 0; k < sizeof S_ism_dissem / sizeof S_ism_dissem[0]; k++)
		if (dc && S_has_token(dc, S_ism_dissem[k].token))
			m->dissem |= S_ism_dissem[k].flag;
	S_ism_countries(S_attr(p, "ism:releasableTo"), &m->relto);
	S_ism_countries(S_attr(p, "ism:displayOnlyTo"), &m->display);
	return 1;
}

/* IC-ISM attributes: ism:disseminationControls containing NF. On the
 * resource element (the document's own marking) it is a banner, judged
 * by roll-up. */
void ml_check__detect_attribute(ml_report *r, size_t i, const ml_portion *p)
{
	const char *dc = S_attr(p, "ism:disseminationControls");
	const char *res = S_attr(p, "ism:resourceElement");
	int banner = res && strcmp(res, "true") == 0;
	ml_marking m;
	int has = S_ism_marking(p, &m);
	ml_found *f = NULL;

	if (dc && S_has_token(dc, "NF")) {
		f = ml_check__add_mark(r, ML_KIND_NOFORN,
		               banner ? ML_FORM_BANNER : ML_FORM_ATTRIBUTE, i,
		               0, 0);
		f->text = ml_check__keepf(r, "ism:disseminationControls=\"%s\"", dc);
		if (banner) {
			r->banner_noforn = 1;
			if (r->nbanners++ == 0)
				r->first_banner = (long)i;
		} else {
			r->noforn_portions++;
		}
	}
	if (!has)
		return;
	if (f)
		f->marking = S_intern(r, &m);
	if (!banner)
		S_keep_parsed(r, &m);
	S_form_rules(r, i, &m,
	             f ? f->text
	               : ml_check__keepf(r, "ism:disseminationControls=\"%s\"",
	                         dc ? dc : ""),
	             f ? (long)(f - r->marks) : -1);
}

/* The first match of rx at or after start that is not inside quotation
 * marks, if it comes before *best_so. */
