/* ml_validate.c - the register's rules on a marking value: the levels a
 * marking may be used with, the markings it requires and excludes, what
 * supersedes what in one marking, compartments a control system needs,
 * and the form of country lists (REL TO starts with USA and names a
 * foreign country; codes are register codes in register order). The
 * rules themselves are register.xml's; the wording of each problem too
 * (<problem>). */
#include "ml_marking_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ml_issue *ml_marking__issue(ml_issues *is, const char *id, int a, int b,
                            const char *x, const char *y)
{
	ml_issue *i;
	size_t k;

	for (k = 0; k < is->n; k++)
		if (is->v[k].id && strcmp(is->v[k].id, id) == 0 &&
		    is->v[k].a == a && is->v[k].b == b &&
		    strcmp(is->v[k].x, x ? x : "") == 0)
			return &is->v[k]; /* said once */
	if (is->n >= ML_MAX_ISSUES)
		return NULL;
	i = &is->v[is->n++];
	memset(i, 0, sizeof *i);
	i->id = id;
	i->a = a;
	i->b = b;
	i->token = -1;
	i->cat = ML_CAT_CLASS;
	snprintf(i->x, sizeof i->x, "%s", x ? x : "");
	snprintf(i->y, sizeof i->y, "%s", y ? y : "");
	return i;
}

/* The name of entry e in a message: its spelling in the marking's form
 * (an SCI compartment with its system: "SI-G"). */
static const char *S_name(const ml_register *reg, int e, ml_marking_form form,
                          char *buf, size_t size)
{
	const ml_reg_entry *x = &reg->e[e];

	if (x->kind == ML_E_COMPARTMENT && x->parent >= 0 && !x->chars) {
		snprintf(buf, size, "%s-%s", reg->e[x->parent].portion,
		         x->portion);
		return buf;
	}
	if (x->kind == ML_E_SUB || x->chars)
		return x->id;
	/* the banner abbreviation reads best in a message, whatever the
	 * form ("NODIS requires NOFORN") */
	(void)form;
	snprintf(buf, size, "%s", ml_register_spell(x, ML_SPELL_ABBREV));
	return buf;
}

/* What the marking holds: entries present (controls with their parts,
 * the entries its tokens name), and for each the token it came from. */
typedef struct S_present {
	unsigned char *on;   /* per entry */
	signed char *tok;    /* token index, -1 */
	unsigned char *tcat; /* token category */
} S_present;

static void S_mark(S_present *p, int e, ml_cat cat, int tok)
{
	if (e < 0)
		return;
	if (!p->on[e]) {
		p->tok[e] = (signed char)tok;
		p->tcat[e] = (unsigned char)cat;
	}
	p->on[e] = 1;
}

static void S_collect(const ml_register *reg, const ml_marking *m,
                      const ml_marking_controls *ctl, S_present *p)
{
	size_t i;
	int k, j, ents[24];

	for (i = 0; i < ctl->n; i++) {
		const ml_reg_entry *x = &reg->e[ctl->id[i]];
		S_mark(p, ctl->id[i], x->cat, -1);
		for (k = 0; k < x->nimplies; k++)
			S_mark(p, x->implies[k], x->cat, -1);
	}
	for (i = 0; i < m->sci.n; i++) {
		k = ml_marking__token_entries(ML_CAT_SCI, m->sci.v[i], ents, 24);
		for (j = 0; j < k; j++)
			S_mark(p, ents[j], ML_CAT_SCI, (int)i);
	}
	for (i = 0; i < m->aea.n; i++) {
		k = ml_marking__token_entries(ML_CAT_AEA, m->aea.v[i], ents, 24);
		for (j = 0; j < k; j++)
			S_mark(p, ents[j], ML_CAT_AEA, (int)i);
	}
	for (i = 0; i < m->sap.n; i++) {
		size_t e;
		for (e = 0; e < reg->ne; e++) {
			const ml_reg_entry *x = &reg->e[e];
			if (x->kind != ML_E_SAP)
				continue;
			if (x->nato ? strcmp(m->sap.v[i], x->portion) == 0
			            : strncmp(m->sap.v[i], x->portion,
			                      strlen(x->portion)) == 0) {
				S_mark(p, (int)e, ML_CAT_SAP, (int)i);
				break;
			}
		}
	}
	if (m->owner == ML_OWNER_JOINT)
		S_mark(p, ml_register_entry(reg, "JOINT"), ML_CAT_CLASS, -1);
}

void ml_marking__present(const ml_marking *m, unsigned char *on)
{
	const ml_register *reg = ml_register_get();
	ml_marking_controls ctl;
	S_present p;

	ml_marking__effective(m, &ctl);
	p.on = on;
	p.tok = ml_xcalloc(reg->ne, 1);
	p.tcat = ml_xcalloc(reg->ne, 1);
	S_collect(reg, m, &ctl, &p);
	free(p.tok);
	free(p.tcat);
}

static int S_has_relto(const ml_marking *m, const ml_marking_controls *ctl,
                       const ml_register *reg)
{
	(void)m;
	return ml_marking__has_entry(ctl, reg->relto);
}

/* An issue about entry e of the marking. */
static ml_issue *S_about(ml_issues *is, const char *id, const ml_register *reg,
                         const ml_marking *m, const S_present *p, int e,
                         int other)
{
	char a[ML_ISSUE_TEXT], b[ML_ISSUE_TEXT];
	const char *x, *y = "";
	ml_issue *i;

	if (p->tok[e] >= 0) {
		const ml_marking_tokens *t =
		    p->tcat[e] == ML_CAT_SCI   ? &m->sci
		    : p->tcat[e] == ML_CAT_AEA ? &m->aea
		                               : &m->sap;
		snprintf(a, sizeof a, "%s", t->v[(int)p->tok[e]]);
		x = a;
	} else {
		x = S_name(reg, e, m->form, a, sizeof a);
	}
	if (other >= 0)
		y = S_name(reg, other, m->form, b, sizeof b);
	i = ml_marking__issue(is, id, e, other, x, y);
	if (i) {
		i->token = p->tok[e];
		i->cat = (ml_cat)p->tcat[e];
	}
	return i;
}

/* Levels, companions, exclusions and precedence of each entry. */
static void S_entry_rules(const ml_register *reg, const ml_marking *m,
                          const ml_marking_controls *ctl, const S_present *p,
                          ml_issues *is)
{
	size_t e;
	int k;

	for (e = 0; e < reg->ne; e++) {
		const ml_reg_entry *x = &reg->e[e];
		ml_issue *i;
		if (!p->on[e])
			continue;
		if (x->kind == ML_E_CONTROL && x->cat != ML_CAT_CLASS &&
		    m->level != ML_CLASS_NONE) {
			int cui = m->level == ML_CLASS_CUI;
			if (cui && !(x->context & ML_CTX_CUI)) {
				char msg[ML_ISSUE_TEXT];
				snprintf(msg, sizeof msg, "'%s' is not a CUI limited "
				         "dissemination control", x->portion);
				i = ml_marking__issue(is, "context", (int)e, -1, msg,
				                      NULL);
			} else if (!cui && !m->cui_marking &&
			           !(x->context & ML_CTX_US)) {
				char msg[ML_ISSUE_TEXT];
				snprintf(msg, sizeof msg, "'%s' is a CUI limited "
				         "dissemination control and needs a CUI "
				         "marking", x->portion);
				i = ml_marking__issue(is, "context", (int)e, -1, msg,
				                      NULL);
			}
		}
		if (m->level != ML_CLASS_NONE &&
		    !ml_register_level_ok(x->levels, m->level)) {
			i = S_about(is, x->floor_problem[0] ? x->floor_problem
			                                    : "floor",
			            reg, m, p, (int)e, -1);
			if (i)
				i->levels = x->levels;
		}
		for (k = 0; k < x->nrequires; k++) {
			int r = x->requires[k];
			if (p->on[r])
				continue;
			if (r == reg->relto && S_has_relto(m, ctl, reg))
				continue;
			/* a compartment requires its system, which a token has */
			S_about(is, "requires", reg, m, p, (int)e, r);
		}
		for (k = 0; k < x->nexcludes; k++) {
			int o = x->excludes[k];
			if (!p->on[o])
				continue;
			S_about(is, strcmp(x->excludes_rule ? x->excludes_rule : "",
			                   "NOFORN-RELTO-CONFLICT") == 0
			                ? "conflict" : "excludes",
			        reg, m, p, (int)e, o);
		}
		for (k = 0; k < x->nsupersedes; k++) {
			int o = x->supersedes[k], q, excluded = 0;
			/* a control written out, not one of x's own parts */
			if (reg->e[o].kind == ML_E_CONTROL
			        ? !ml_marking__has_entry(ctl, o) : !p->on[o])
				continue;
			for (q = 0; q < x->nexcludes; q++)
				excluded |= x->excludes[q] == o;
			if (!excluded)
				S_about(is, "redundant", reg, m, p, (int)e, o);
		}
		/* a compound control next to one of its parts written out */
		if (x->kind == ML_E_CONTROL && x->nimplies &&
		    ml_marking__has_entry(ctl, (int)e)) {
			for (k = 0; k < x->nimplies; k++)
				if (ml_marking__has_entry(ctl, x->implies[k]))
					S_about(is, "redundant", reg, m, p, (int)e,
					        x->implies[k]);
		}
	}
}

/* A system that needs a compartment, in a token that has none. */
static void S_compartments(const ml_register *reg, const ml_marking *m,
                           ml_issues *is)
{
	size_t i;
	int ents[24];

	for (i = 0; i < m->sci.n; i++) {
		int k = ml_marking__token_entries(ML_CAT_SCI, m->sci.v[i], ents,
		                                  24);
		char y[ML_ISSUE_TEXT] = "";
		size_t e, o = 0;
		ml_issue *is1;
		if (k != 1 || !reg->e[ents[0]].needs_compartment)
			continue;
		for (e = 0; e < reg->ne && o + 16 < sizeof y; e++)
			if (reg->e[e].parent == ents[0] &&
			    reg->e[e].kind == ML_E_COMPARTMENT)
				o += (size_t)snprintf(y + o, sizeof y - o, "%s%s-%s",
				                      o ? " or " : "",
				                      reg->e[ents[0]].portion,
				                      reg->e[e].chars ? "XXX"
				                                      : reg->e[e].portion);
		is1 = ml_marking__issue(is, "needs-compartment", ents[0], -1,
		                        m->sci.v[i], y);
		if (is1) {
			is1->token = (int)i;
			is1->cat = ML_CAT_SCI;
		}
	}
	for (i = 0; i < m->sap.n; i++) {
		const char *t = m->sap.v[i];
		if (t[strlen(t) - 1] == '-')
			ml_marking__issue(is, "sap-identifier", -1, -1, t, NULL);
	}
}

/* Register order within a token: compartments and sub-compartments
 * ascending (numbers first), SIGMA numbers ascending. */
static int S_token_ordered(ml_cat cat, const char *t)
{
	char prev[ML_MARKING_TOKEN_SIZE] = "", cur[ML_MARKING_TOKEN_SIZE];
	char prevsub[ML_MARKING_TOKEN_SIZE] = "";
	const char *p = strpbrk(t, "- ");
	long lastnum = -1;

	while (p && *p) {
		char sep = *p++;
		size_t k = strcspn(p, "- ");
		if (k >= sizeof cur)
			return 1;
		memcpy(cur, p, k);
		cur[k] = '\0';
		if (cat == ML_CAT_AEA) {
			if (sep == ' ') {
				long v = strtol(cur, NULL, 10);
				if (v <= lastnum)
					return 0;
				lastnum = v;
			} else {
				lastnum = -1;
			}
		} else if (sep == '-') {
			if (prev[0] && ml_marking__value_cmp(prev, cur) > 0)
				return 0;
			memcpy(prev, cur, k + 1);
			prevsub[0] = '\0';
		} else {
			if (prevsub[0] && ml_marking__value_cmp(prevsub, cur) >= 0)
				return 0;
			memcpy(prevsub, cur, k + 1);
		}
		p += k;
	}
	return 1;
}

static void S_token_order(const ml_marking *m, ml_issues *is)
{
	size_t i;
	char msg[ML_ISSUE_TEXT];

	for (i = 0; i < m->sci.n; i++)
		if (!S_token_ordered(ML_CAT_SCI, m->sci.v[i])) {
			snprintf(msg, sizeof msg, "the compartments of %.60s are not "
			         "in register order (numbers first, then A-Z)",
			         m->sci.v[i]);
			ml_marking__issue(is, "order", -1, -1, msg, NULL);
		}
	for (i = 0; i < m->aea.n; i++)
		if (!S_token_ordered(ML_CAT_AEA, m->aea.v[i])) {
			snprintf(msg, sizeof msg, "the SIGMA numbers of %.60s are "
			         "listed once each in numerical order", m->aea.v[i]);
			ml_marking__issue(is, "order", -1, -1, msg, NULL);
		}
}

/* --- country lists --- */

/* Unknown codes of a list: a "country" issue each (the corrector finds
 * the nearest code). */
static void S_codes_known(const ml_marking_countries *c, ml_issues *is)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!ml_marking__code_known(c->v[i])) {
			const char *why = strlen(c->v[i]) == 4
			                      ? " (not a tetragraph of annex A)"
			                      : " (not a trigraph of annex B)";
			ml_marking__issue(is, "country", -1, -1, c->v[i], why);
		}
}

/* Trigraphs A-Z then tetragraphs A-Z, each once; from index from. */
static int S_sorted(const ml_marking_countries *c, size_t from)
{
	size_t i;

	for (i = from + 1; i < c->n; i++)
		if (ml_marking_country_cmp(c->v[i - 1], c->v[i]) >= 0)
			return 0;
	return 1;
}

static void S_lists(const ml_register *reg, const ml_marking *m,
                    const ml_marking_controls *ctl, ml_issues *is)
{
	char msg[ML_ISSUE_TEXT];

	if (ml_marking__has_entry(ctl, reg->relto) && !m->relto_short) {
		if (m->relto.n == 0) {
			ml_marking__issue(is, "list-missing", reg->relto, -1,
			                  "REL TO", NULL);
		} else if (strcmp(m->relto.v[0], "USA") != 0) {
			ml_marking__issue(is, "relto-usa-first", reg->relto, -1,
			                  NULL, NULL);
		} else if (ml_marking_countries_usa_only(&m->relto) ||
		           m->relto_only) {
			ml_marking__issue(is, "relto-usa-only", reg->relto, -1,
			                  NULL, NULL);
		} else if (!S_sorted(&m->relto, 0)) {
			ml_marking__issue(is, "relto-order", reg->relto, -1, NULL,
			                  NULL);
		}
		S_codes_known(&m->relto, is);
	}
	if (reg->eyes >= 0 && ml_marking__has_entry(ctl, reg->eyes) &&
	    !m->eyes_short) {
		if (m->eyes.n == 0)
			ml_marking__issue(is, "list-missing", reg->eyes, -1,
			                  "EYES ONLY", NULL);
		else if (strcmp(m->eyes.v[0], "USA") != 0)
			ml_marking__issue(is, "eyes-usa-first", reg->eyes, -1,
			                  NULL, NULL);
		else if (!S_sorted(&m->eyes, 0))
			ml_marking__issue(is, "list-order", reg->eyes, -1,
			                  "the EYES ONLY list is not in register "
			                  "order (USA, then A-Z)", NULL);
		S_codes_known(&m->eyes, is);
	}
	if (reg->display >= 0 && ml_marking__has_entry(ctl, reg->display)) {
		if (m->display.n == 0)
			ml_marking__issue(is, "list-missing", reg->display, -1,
			                  "DISPLAY ONLY", NULL);
		else if (!S_sorted(&m->display, 0))
			ml_marking__issue(is, "list-order", reg->display, -1,
			                  "the DISPLAY ONLY list is not in register "
			                  "order (trigraphs A-Z, then tetragraphs "
			                  "A-Z)", NULL);
		S_codes_known(&m->display, is);
	}
	if (m->fgi) {
		if (!S_sorted(&m->fgi_countries, 0))
			ml_marking__issue(is, "list-order", -1, -1, "the FGI "
			                  "countries are not in register order "
			                  "(trigraphs A-Z, then tetragraphs A-Z)",
			                  NULL);
		S_codes_known(&m->fgi_countries, is);
	}
	if (m->owner != ML_OWNER_US && !(m->owners.n == 1 &&
	                                 strcmp(m->owners.v[0], "NATO") == 0)) {
		/* JOINT and foreign owners: A-Z, USA among the JOINT ones */
		ml_marking_countries c = m->owners;
		size_t i;
		int usa = 0;
		for (i = 0; i < c.n; i++)
			usa |= strcmp(c.v[i], "USA") == 0;
		for (i = 1; i < c.n; i++) {
			int la = (int)strlen(c.v[i - 1]), lb = (int)strlen(c.v[i]);
			if (la > lb || (la == lb && strcmp(c.v[i - 1], c.v[i]) >= 0)) {
				snprintf(msg, sizeof msg, "the %s are listed A-Z "
				         "(trigraphs, then tetragraphs)",
				         m->owner == ML_OWNER_JOINT
				             ? "JOINT co-owners" : "foreign owners");
				ml_marking__issue(is, "list-order", -1, -1, msg, NULL);
				break;
			}
		}
		if (m->owner == ML_OWNER_JOINT && c.n && !usa)
			ml_marking__issue(is, "joint-usa", -1, -1, NULL, NULL);
		if (m->owner == ML_OWNER_JOINT && c.n == 1)
			ml_marking__issue(is, "syntax", -1, -1, "JOINT needs at "
			                  "least two co-owners", NULL);
		S_codes_known(&m->owners, is);
	}
}

void ml_marking__validate(const ml_marking *m, ml_issues *is)
{
	const ml_register *reg = ml_register_get();
	ml_marking_controls ctl;
	S_present p;

	ml_marking__effective(m, &ctl);
	p.on = ml_xcalloc(reg->ne, 1);
	p.tok = ml_xcalloc(reg->ne, 1);
	p.tcat = ml_xcalloc(reg->ne, 1);
	S_collect(reg, m, &ctl, &p);
	if (m->owner != ML_OWNER_US && m->level != ML_CLASS_NONE) {
		unsigned lv = m->owner == ML_OWNER_JOINT ? reg->joint_levels
		                                         : reg->foreign_levels;
		if (!ml_register_level_ok(lv, m->level)) {
			ml_issue *i = ml_marking__issue(is, "floor", -1, -1,
			                                m->owner == ML_OWNER_JOINT
			                                    ? "JOINT"
			                                    : "a foreign marking",
			                                NULL);
			if (i)
				i->levels = lv;
		}
	}
	S_entry_rules(reg, m, &ctl, &p, is);
	S_compartments(reg, m, is);
	S_token_order(m, is);
	S_lists(reg, m, &ctl, is);
	free(p.on);
	free(p.tok);
	free(p.tcat);
}

/* --- wording --- */

const char *ml_marking__issue_rule(const ml_issue *i)
{
	const ml_reg_problem *p = ml_register_problem(ml_register_get(), i->id);

	return p ? p->rule : "MARKING-MALFORMED";
}

double ml_marking__issue_confidence(const ml_issue *i)
{
	const ml_reg_problem *p = ml_register_problem(ml_register_get(), i->id);

	return p ? p->confidence : 0.5;
}

void ml_marking__note(const ml_issue *i, ml_marking_note *n)
{
	const ml_register *reg = ml_register_get();
	const ml_reg_problem *p = ml_register_problem(reg, i->id);
	const char *t = p ? p->text : "{x}";
	char levels[96];
	size_t o = 0;

	n->rule = p ? p->rule : "MARKING-MALFORMED";
	n->id = p ? p->id : i->id;
	ml_register_levels_text(reg, i->levels, levels, sizeof levels);
	while (*t && o + 1 < sizeof n->msg) {
		const char *v = NULL;
		size_t k;
		if (strncmp(t, "{x}", 3) == 0)
			v = i->x;
		else if (strncmp(t, "{y}", 3) == 0)
			v = i->y;
		else if (strncmp(t, "{levels}", 8) == 0)
			v = levels;
		if (!v) {
			n->msg[o++] = *t++;
			continue;
		}
		k = strlen(v);
		if (o + k >= sizeof n->msg)
			k = sizeof n->msg - o - 1;
		memcpy(n->msg + o, v, k);
		o += k;
		t += v == levels ? 8 : 3;
	}
	n->msg[o] = '\0';
}
