/* ml_detect.c - MARKINGS.md 3.1: portion marks, banner lines, dissemination
 * statements and IC-ISM attributes. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The message of a problem of the marking grammar (the rule's <message
 * case="problem">, or case="portion"/"banner" for a string that does not
 * parse), owned by the report. */
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

/* FOUO-OBSOLETE for a marking that carries FOUO. */
static void S_fouo(ml_report *r, size_t portion, const ml_marking *m,
                   const char *shown, long mark)
{
	ml_finding *f;

	if (!(m->dissem & ML_DISSEM_FOUO))
		return;
	f = ml_check__report(r, ML_W_FOUO, portion, mark, shown);
	if (f && m->level <= ML_CLASS_CUI)
		f->suggestion = ml_check__say(r, m->form == ML_MARKING_PORTION
		                                     ? ML_W_FOUO_PORTION
		                                     : ML_W_FOUO_BANNER);
}

/* MARKING-MALFORMED, MARKING-NONSTANDARD and NOFORN-RELTO-CONFLICT for
 * the marking text[0..len) (the register's verdict, ml_marking_judge,
 * with its correction as each finding's suggestion), and FOUO-OBSOLETE.
 * m is what it says, NULL when it does not parse: then the first reason
 * is worded "looks like a portion mark (banner line) but does not
 * parse". */
static void S_form_rules(ml_report *r, size_t portion, const ml_marking *m,
                         const char *text, size_t len, unsigned flags,
                         long mark)
{
	ml_marking_judgement *j = ml_xmalloc(sizeof *j);
	const char *shown = ml_check__keep(r, text, len), *sugg = NULL;
	size_t i;

	ml_marking_judge(text, len, flags, j);
	if (j->suggestion[0])
		sugg = ml_check__keep(r, j->suggestion, strlen(j->suggestion));
	for (i = 0; i < j->nnotes; i++) {
		const char *rule = j->notes[i].rule;
		ml_finding *f;
		if (!ml_check__rule_on(r, rule))
			continue;
		if (!m && i == 0)
			f = ml_check__report(r, (flags & ML_JUDGE_PORTION)
			                            ? ML_W_MALFORMED_PORTION
			                            : ML_W_MALFORMED_BANNER,
			                     portion, mark, shown, j->notes[i].msg);
		else
			f = ml_check__add_finding(r, rule, portion, mark,
			                          S_problem(r, rule, shown,
			                                    j->notes[i].msg));
		if (f && sugg)
			f->suggestion = sugg;
	}
	free(j);
	if (m)
		S_fouo(r, portion, m, shown, mark);
}

/* The register's rules on a marking that is no string (IC-ISM
 * attributes): MARKING-MALFORMED and NOFORN-RELTO-CONFLICT, and
 * FOUO-OBSOLETE. */
static void S_value_rules(ml_report *r, size_t portion, const ml_marking *m,
                          const char *shown, long mark)
{
	ml_marking_note notes[ML_MARKING_MAX_NOTES];
	size_t n = ml_marking_check(m, notes, ML_MARKING_MAX_NOTES), i;

	for (i = 0; i < n; i++)
		if (strcmp(notes[i].rule, "MARKING-NONSTANDARD") != 0 &&
		    ml_check__rule_on(r, notes[i].rule))
			ml_check__add_finding(r, notes[i].rule, portion, mark,
			                      S_problem(r, notes[i].rule, shown,
			                                notes[i].msg));
	S_fouo(r, portion, m, shown, mark);
}

/* Returns where the portion's text starts after its portion mark (0 when
 * it has none), so that a restriction sentence does not begin with it. */
size_t ml_check__detect_portion_mark(ml_report *r, size_t i,
                                    const ml_portion *p)
{
	ml_marking m;
	ml_marking_error e;
	ml_found *f;
	const char *mark = p->text + p->mark_off;

	switch (ml_marking_find_portion_mark(mark, p->mark_len, 0, &m, &e)) {
	case ML_MARKING_FOUND:
		m.off += p->mark_off;
		if (S_has_noforn(&m)) {
			f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_PORTION, i,
			               m.off, m.len);
			f->marking = S_intern(r, &m);
			r->noforn_portions++;
			S_form_rules(r, i, &m, p->text + m.off, m.len,
			             ML_JUDGE_PORTION, (long)(f - r->marks));
			S_keep_parsed(r, &m);
		} else {
			S_keep_parsed(r, &m);
			S_form_rules(r, i, &m, p->text + m.off, m.len,
			             ML_JUDGE_PORTION, -1);
		}
		return m.off + m.len;
	case ML_MARKING_MALFORMED:
		e.off += p->mark_off;
		f = NULL;
		if (S_malformed_noforn(p->text + e.off, e.len)) {
			f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_PORTION, i,
			               e.off, e.len);
			r->noforn_portions++;
		}
		S_form_rules(r, i, NULL, p->text + e.off, e.len, ML_JUDGE_PORTION,
		             f ? (long)(f - r->marks) : -1);
		return e.off + e.len;
	default:
		return 0;
	}
}

int ml_check_mark_valid(const char *mark, size_t len)
{
	ml_marking m;
	ml_marking_error e;

	return ml_marking_find_portion_mark(mark, len, 0, &m, &e) ==
	       ML_MARKING_FOUND && m.off == 0 && m.len == len;
}

/* A whole-portion banner line; returns 1 when the portion was one. */
int ml_check__detect_banner(ml_report *r, size_t i, const ml_portion *p)
{
	ml_marking m;
	ml_marking_error e;
	ml_found *f;

	if (p->len > ML_BANNER_MAX)
		return 0;
	switch (ml_marking_parse_banner(p->text, p->len, ML_MARKING_ICASE, &m,
	                                &e)) {
	case ML_MARKING_FOUND:
		if (r->nbanners++ == 0)
			r->first_banner = (long)i;
		if (S_has_noforn(&m)) {
			r->banner_noforn = 1;
			f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_BANNER, i,
			               m.off, m.len);
			f->marking = S_intern(r, &m);
			S_form_rules(r, i, &m, p->text + m.off, m.len,
			             ML_JUDGE_BANNER | ML_MARKING_ICASE,
			             (long)(f - r->marks));
		} else {
			S_form_rules(r, i, &m, p->text + m.off, m.len,
			             ML_JUDGE_BANNER | ML_MARKING_ICASE, -1);
		}
		return 1;
	case ML_MARKING_MALFORMED:
		f = NULL;
		if (S_malformed_noforn(p->text + e.off, e.len)) {
			f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_BANNER, i,
			               e.off, e.len);
			r->banner_noforn = 1;
			if (r->nbanners++ == 0)
				r->first_banner = (long)i;
		}
		S_form_rules(r, i, NULL, p->text + e.off, e.len,
		             ML_JUDGE_BANNER | ML_MARKING_ICASE,
		             f ? (long)(f - r->marks) : -1);
		return 1;
	default:
		return 0;
	}
}

int ml_check__detect_statement(ml_report *r, size_t i, const ml_portion *p)
{
	size_t so, eo;

	if (p->len > ML_BANNER_MAX ||
	    !ml_check__find(r, ml_rules_any(r->rs, ML_PAT_STATEMENT), p->text, p->len,
	            0, &so, &eo))
		return 0;
	ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_STATEMENT, i, 0, p->len);
	r->noforn_portions++;
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
	/* each IC-ISM token is a control of the register (its portion
	 * mark, or its ism= token: "REL", "DISPLAYONLY") */
	for (k = 0; dc && dc[k];) {
		size_t l = strcspn(dc + k, " ");
		char tok[32];
		if (l && l < sizeof tok) {
			memcpy(tok, dc + k, l);
			tok[l] = '\0';
			ml_marking_add_control(m, tok);
		}
		k += l;
		k += strspn(dc + k, " ");
	}
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
	S_value_rules(r, i, &m,
	              f ? f->text
	                : ml_check__keepf(r, "ism:disseminationControls=\"%s\"",
	                          dc ? dc : ""),
	              f ? (long)(f - r->marks) : -1);
}

/* The first match of rx at or after start that is not inside quotation
 * marks, if it comes before *best_so. */
