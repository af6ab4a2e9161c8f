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
	f = ml_check__report(r, ML_W_FOUO, portion, mark, text);
	if (f && m->level <= ML_CLASS_CUI)
		f->suggestion = ml_check__say(r, m->form == ML_MARKING_PORTION
		                                     ? ML_W_FOUO_PORTION
		                                     : ML_W_FOUO_BANNER);
}

/* The message of a problem of the marking grammar (the rule's <message
 * case="problem">), owned by the report. */
static const char *S_problem(ml_report *r, const char *rule,
                             const char *marking, const char *problem)
{
	const char *s;
	ml_buf b;

	ml_buf_init(&b, 1 << 16);
	ml_wordings_fill_problem(ml_rules_wordings(r->rs), rule, marking,
	                         problem, &b);
	s = ml_check__keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
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
		if (rule && msg && ml_check__rule_on(r, rule))
			ml_check__add_finding(r, rule, portion, mark,
			                      S_problem(r, rule, text, msg));
	}
	S_fouo_rule(r, portion, mark, m, text);
}

/* --- judged markings (ml_marking_judge) --- */

/* A judgement, and the reader's own reason when it found an agency or
 * legacy form the grammar did not call nonstandard itself. */
typedef struct S_judged {
	ml_marking_judgement j;
	int why; /* an ML_W_NONSTANDARD_* wording, or -1 */
} S_judged;

/* Makes *jd nonstandard for the reader's reason why, with the register
 * form of what the grammar read as the correction (correction, when
 * given, is that form already). */
static void S_nonstandard(S_judged *jd, int why, const char *correction)
{
	ml_marking_judgement *j = &jd->j;
	ml_buf b;

	j->verdict = ML_VERDICT_NONSTANDARD;
	j->nnotes = 0;
	jd->why = why;
	if (correction) {
		snprintf(j->suggestion, sizeof j->suggestion, "%s", correction);
		return;
	}
	ml_buf_init(&b, ML_MARKING_MAX_LEN);
	if (ml_marking_format(&j->m, j->form, &b) == 0)
		snprintf(j->suggestion, sizeof j->suggestion, "%s", b.ptr);
	ml_buf_free(&b);
}

/* The State Department's and older forms of a portion mark, read in
 * register terms when the grammar does not read them itself: a single
 * slash after the classification or between blocks ("(S/NF)",
 * "(TS/SI/NF)"), SBU as a classification ("(SBU/NF)", "(SBU-NF)",
 * "(SBU)"), NOFORN spelled out in a portion ("(C/NOFORN)"). Writes into
 * out the first candidate the grammar finds valid and returns 1, else 0. */
static int S_agency_candidate(const char *s, size_t n, int all, char *out,
                              size_t size, size_t *outlen)
{
	const char *c = s + 1, *end = s + n - 1;
	size_t o = 0;
	int first = 1;

	out[o++] = '(';
	if (end - c >= 3 && strncasecmp(c, "SBU", 3) == 0 &&
	    (c + 3 == end || c[3] == '/' || c[3] == '-')) {
		memcpy(out + o, "U//SBU", 6);
		o += 6;
		c += 3;
		if (c < end) {
			out[o++] = '-';
			c++;
		}
		first = 0;
	}
	for (; c < end && o + 4 < size; c++) {
		int dbl = c[0] == '/' && c + 1 < end && c[1] == '/';
		if (c[0] == '/' && !dbl && (first || all) && out[o - 1] != '/') {
			out[o++] = '/';
			out[o++] = '/';
			first = 0;
			continue;
		}
		if (end - c >= 6 && strncasecmp(c, "NOFORN", 6) == 0 &&
		    (c + 6 == end || c[6] == '/')) {
			out[o++] = 'N';
			out[o++] = 'F';
			c += 5;
			continue;
		}
		first &= !dbl;
		out[o++] = *c >= 'a' && *c <= 'z' ? (char)(*c - 32) : *c;
	}
	out[o++] = ')';
	*outlen = o;
	return o < size;
}

static int S_agency_portion(const char *s, size_t n, S_judged *jd)
{
	char cand[2 * ML_PMARK_MAX_MARK + 16];
	size_t o;
	int all;

	if (n < 3 || n > ML_PMARK_MAX_MARK || s[0] != '(' || s[n - 1] != ')')
		return 0;
	for (all = 0; all < 2; all++) {
		ml_marking_judgement *t;
		if (!S_agency_candidate(s, n, all, cand, sizeof cand - 1, &o))
			continue;
		cand[o] = '\0';
		t = ml_xmalloc(sizeof *t);
		if (ml_marking_judge(cand, o, ML_JUDGE_PORTION, t) ==
		    ML_VERDICT_VALID) {
			jd->j.parsed = 1;
			jd->j.m = t->m;
			free(t);
			S_nonstandard(jd, ML_W_NONSTANDARD_AGENCY, cand);
			return 1;
		}
		free(t);
	}
	return 0;
}

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

/* Judges s[0..n) in form (ml_marking_judge), then reads what the grammar
 * leaves to the reader: agency forms of portion marks, spaced separators,
 * and why (a banner line's letter-spaced classification or trailer: an
 * ML_W_NONSTANDARD_* wording, or -1). */
static void S_judge(const char *s, size_t n, ml_marking_form form, int why,
                    S_judged *jd)
{
	unsigned flags = form == ML_MARKING_PORTION
	                     ? ML_JUDGE_PORTION
	                     : ML_JUDGE_BANNER | ML_MARKING_ICASE;

	jd->why = -1;
	ml_marking_judge(s, n, flags, &jd->j);
	if (jd->j.verdict == ML_VERDICT_MALFORMED && !jd->j.parsed &&
	    form == ML_MARKING_PORTION && S_agency_portion(s, n, jd))
		return;
	if (jd->j.verdict != ML_VERDICT_VALID)
		return;
	if (why < 0 && S_spaced_separators(s, n))
		why = ML_W_NONSTANDARD_SPACED;
	if (why >= 0)
		S_nonstandard(jd, why, NULL);
}

/* The findings of a judged marking: one per rule its notes name
 * (MARKING-MALFORMED, MARKING-NONSTANDARD, NOFORN-RELTO-CONFLICT), its
 * reasons joined, with the correction as the suggestion of the form
 * rules, or the reader's own reason; and FOUO-OBSOLETE. */
static void S_judged_rules(ml_report *r, size_t portion, long mark,
                           const S_judged *jd, const char *text)
{
	const ml_marking_judgement *j = &jd->j;
	const char *sugg = j->suggestion[0]
	                       ? ml_check__keep(r, j->suggestion,
	                                        strlen(j->suggestion))
	                       : NULL;
	ml_finding *f;
	size_t k, l;

	if (jd->why >= 0) {
		f = ml_check__report(r, (ml_wording)jd->why, portion, mark,
		                     text, sugg ? sugg : "");
		if (f)
			f->suggestion = sugg;
	}
	for (k = 0; k < j->nnotes; k++) {
		const char *rule = j->notes[k].rule;
		int seen = 0;
		ml_buf msg;

		for (l = 0; l < k; l++)
			seen |= strcmp(j->notes[l].rule, rule) == 0;
		if (seen || !ml_check__rule_on(r, rule))
			continue;
		ml_buf_init(&msg, 4096);
		for (l = k; l < j->nnotes; l++)
			if (strcmp(j->notes[l].rule, rule) == 0)
				ml_buf_printf(&msg, "%s%s", l > k ? "; " : "",
				              j->notes[l].msg);
		if (!j->parsed && k == 0)
			f = ml_check__report(r, j->form == ML_MARKING_PORTION
			                            ? ML_W_MALFORMED_PORTION
			                            : ML_W_MALFORMED_BANNER,
			                     portion, mark, text, msg.ptr);
		else
			f = ml_check__add_finding(r, rule, portion, mark,
			                          S_problem(r, rule, text,
			                                    msg.ptr));
		ml_buf_free(&msg);
		if (f && sugg && strcmp(rule, "NOFORN-RELTO-CONFLICT") != 0)
			f->suggestion = sugg;
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
	S_judged *jd = ml_xmalloc(sizeof *jd);
	ml_found *f = NULL;
	const char *text;
	int noforn;

	S_judge(mark, p->mark_len, ML_MARKING_PORTION, -1, jd);
	if (jd->j.verdict == ML_VERDICT_NONE) {
		free(jd);
		return 0;
	}
	noforn = jd->j.parsed ? S_has_noforn(&jd->j.m)
	                      : S_malformed_noforn(mark, p->mark_len);
	if (noforn) {
		f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_PORTION, i,
		                       p->mark_off, p->mark_len);
		if (jd->j.parsed)
			f->marking = S_intern(r, &jd->j.m);
		r->noforn_portions++;
		text = f->text;
	} else {
		text = ml_check__keep(r, mark, p->mark_len);
	}
	if (jd->j.parsed)
		S_keep_parsed(r, &jd->j.m);
	S_judged_rules(r, i, f ? (long)(f - r->marks) : -1, jd, text);
	free(jd);
	return p->mark_off + p->mark_len;
}

int ml_check_mark_valid(const char *mark, size_t len)
{
	S_judged *jd = ml_xmalloc(sizeof *jd);
	int valid;

	S_judge(mark, len, ML_MARKING_PORTION, -1, jd);
	valid = jd->j.verdict == ML_VERDICT_VALID;
	free(jd);
	return valid;
}

/* The banner line's marking as the grammar reads it: a letter-spaced
 * classification spelled out, a trailer cut off. Returns 0 when the line
 * does not look like a banner; *why gets what makes it nonstandard. */
static int S_banner_candidate(const ml_portion *p, ml_pmark_banner *pb,
                              char *buf, size_t size, int *why)
{
	ml_marking m;
	ml_marking_error e;
	size_t n;

	*why = -1;
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
		*why = ML_W_NONSTANDARD_LETTER_SPACED;
	} else {
		memcpy(buf, p->text + pb->off, pb->len);
		n = pb->len;
		buf[n] = '\0';
	}
	if (n >= size)
		return 0;
	if (pb->trailer && *why < 0)
		*why = ML_W_NONSTANDARD_TRAILER;
	return ml_marking_parse_banner(buf, n, ML_MARKING_ICASE, &m, &e) !=
	       ML_MARKING_NONE;
}

/* A whole-portion banner line; returns 1 when the portion was one. */
int ml_check__detect_banner(ml_report *r, size_t i, const ml_portion *p)
{
	char buf[ML_BANNER_MAX + 32];
	ml_pmark_banner pb;
	S_judged *jd;
	const char *text;
	ml_found *f = NULL;
	int why, parsed;

	if (p->len > ML_BANNER_MAX ||
	    !S_banner_candidate(p, &pb, buf, sizeof buf, &why))
		return 0;
	jd = ml_xmalloc(sizeof *jd);
	S_judge(buf, strlen(buf), ML_MARKING_BANNER, why, jd);
	if (jd->j.verdict == ML_VERDICT_NONE) {
		free(jd);
		return 0;
	}
	parsed = jd->j.parsed;
	if (jd->j.verdict == ML_VERDICT_VALID || parsed || why >= 0 ||
	    S_malformed_noforn(buf, strlen(buf))) {
		if (r->nbanners++ == 0)
			r->first_banner = (long)i;
		r->last_banner = (long)i;
	}
	if (parsed ? S_has_noforn(&jd->j.m)
	           : S_malformed_noforn(buf, strlen(buf))) {
		r->banner_noforn = 1;
		f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_BANNER, i,
		                       pb.off, pb.len);
		if (parsed)
			f->marking = S_intern(r, &jd->j.m);
		text = f->text;
	} else {
		text = ml_check__keep(r, p->text + pb.off, pb.len);
	}
	S_judged_rules(r, i, f ? (long)(f - r->marks) : -1, jd, text);
	free(jd);
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
	f = ml_check__report(r, ML_W_NONSTANDARD_CAVEAT, i, mark, p->text);
	if (f)
		f->suggestion = ml_check__say(r, ML_W_NONSTANDARD_CAVEAT_FIX);
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
