/* ml_correct.c - corrections: the fix of each register problem on a
 * marking value, applied until the marking is valid (ml_marking_correct),
 * and the edit distance the typo corrections of ml_judge.c rank
 * candidates by.
 *
 * Fixes, and how sure each is (register.xml <problem confidence>):
 * - a control below (or above) its levels is dropped; a compound control
 *   becomes its parts ("(S//SBU-NF)" -> "(S//NF)"); an SCI, SAP or AEA
 *   marking raises the classification to the lowest level it allows
 *   ("(S//SI-G)" -> "(TS//SI-G//OC)"), or goes when it allows only lower
 *   ones (DOD UCNI in a classified portion: NOFORN instead, p. 116);
 * - a missing companion is added ("(S//HCS-P)" -> "(S//HCS-P//NF)"), a
 *   missing REL TO of a JOINT marking names its co-owners;
 * - of two markings that exclude each other, the one the other
 *   supersedes goes, else the one nothing else requires, else the one
 *   that yields (register.xml yields="yes": NOFORN next to REL TO goes,
 *   as MARKINGS.md 5 shows: "(C//REL TO USA, GBR//NF)" ->
 *   "(C//REL TO USA, GBR)");
 * - a superseded marking in the same portion goes ("(U//FOUO/DSEN)");
 * - REL TO gets USA first and register order; REL TO USA alone becomes
 *   NOFORN; an unknown country code becomes the nearest register code
 *   one edit away, or goes. A correction never adds a partner the
 *   marking did not name. */
#include "ml_marking_int.h"

#include <stdlib.h>
#include <string.h>

size_t ml_marking__distance(const char *a, size_t n, const char *b)
{
	size_t d[32][32], i, j, m = strlen(b), v;

	if (n > 31 || m > 31)
		return 99;
	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[n][m];
}

/* --- helpers --- */

static void S_remove_token(ml_marking_tokens *t, size_t i)
{
	uint32_t low, high;

	if (i >= t->n)
		return;
	memmove(t->v[i], t->v[i + 1], (t->n - i - 1) * sizeof t->v[0]);
	low = t->titled & ((1u << i) - 1u);
	high = (t->titled >> (i + 1)) << i;
	t->titled = low | high;
	t->n--;
}

static ml_marking_tokens *S_tokens(ml_marking *m, ml_cat cat)
{
	return cat == ML_CAT_SCI ? &m->sci : cat == ML_CAT_AEA ? &m->aea
	       : cat == ML_CAT_SAP ? &m->sap : NULL;
}

/* Removes the tokens that name entry e; returns how many. */
static int S_remove_tokens_naming(ml_marking *m, int e)
{
	static const ml_cat cats[] = {ML_CAT_SCI, ML_CAT_AEA};
	const ml_register *reg = ml_register_get();
	size_t c, i;
	int k, ents[24], n = 0;

	for (c = 0; c < 2; c++) {
		ml_marking_tokens *t = S_tokens(m, cats[c]);
		for (i = 0; i < t->n; i++) {
			int q = ml_marking__token_entries(cats[c], t->v[i], ents, 24);
			for (k = 0; k < q; k++)
				if (ents[k] == e)
					break;
			if (k < q) {
				S_remove_token(t, i--);
				n++;
			}
		}
	}
	for (i = 0; i < m->sap.n; i++)
		if (reg->e[e].kind == ML_E_SAP &&
		    strncmp(m->sap.v[i], reg->e[e].portion,
		            strlen(reg->e[e].portion)) == 0) {
			S_remove_token(&m->sap, i--);
			n++;
		}
	return n;
}

/* Drops entry e from m: a control (with its list), or the tokens that
 * name it. */
static int S_drop(ml_marking *m, int e)
{
	const ml_register *reg = ml_register_get();
	const ml_reg_entry *x = &reg->e[e];

	if (x->kind == ML_E_CONTROL && x->cat != ML_CAT_CLASS) {
		if (!ml_marking__remove_entry(m, e))
			return 0;
		if (x->list == ML_LIST_RELTO) {
			m->relto.n = 0;
			m->relto_short = m->relto_only = 0;
		} else if (x->list == ML_LIST_EYES) {
			m->eyes.n = 0;
			m->eyes_short = 0;
		} else if (x->list == ML_LIST_DISPLAY) {
			m->display.n = 0;
		}
		return 1;
	}
	return S_remove_tokens_naming(m, e) > 0;
}

/* Replaces a compound control by its parts. */
static int S_split(ml_marking *m, int e)
{
	const ml_register *reg = ml_register_get();
	const ml_reg_entry *x = &reg->e[e];
	int k;

	if (!ml_marking__remove_entry(m, e))
		return 0;
	for (k = 0; k < x->nimplies; k++)
		ml_marking__add_entry(m, x->implies[k], ML_SPELL_ABBREV);
	return 1;
}

/* Is entry x required by a present entry other than except? */
static int S_required(const ml_register *reg, const unsigned char *on, int x,
                      int except)
{
	size_t i;
	int k;

	for (i = 0; i < reg->ne; i++) {
		if (!on[i] || (int)i == except || (int)i == x)
			continue;
		for (k = 0; k < reg->e[i].nrequires; k++)
			if (reg->e[i].requires[k] == x)
				return 1;
	}
	return 0;
}

static int S_supersedes(const ml_reg_entry *a, int b)
{
	int k;

	for (k = 0; k < a->nsupersedes; k++)
		if (a->supersedes[k] == b)
			return 1;
	return 0;
}

/* Of two markings that exclude each other, the one to drop. */
static int S_loser(const ml_register *reg, const unsigned char *on, int a,
                   int b)
{
	const ml_reg_entry *ea = &reg->e[a], *eb = &reg->e[b];

	if (S_supersedes(ea, b))
		return b;
	if (S_supersedes(eb, a))
		return a;
	if (ea->cat == ML_CAT_CLASS)
		return b; /* JOINT stays */
	if (eb->cat == ML_CAT_CLASS)
		return a;
	if (S_required(reg, on, b, a) && !S_required(reg, on, a, b))
		return a;
	if (S_required(reg, on, a, b) && !S_required(reg, on, b, a))
		return b;
	if (ea->yields != eb->yields)
		return ea->yields > eb->yields ? a : b;
	return b;
}

/* The lowest level of levels above cur, or NONE. */
static ml_marking_class S_raise(unsigned levels, ml_marking_class cur)
{
	int l;

	for (l = (int)cur + 1; l <= ML_CLASS_TS; l++)
		if (l != ML_CLASS_R && l != ML_CLASS_CUI && (levels & (1u << l)))
			return (ml_marking_class)l;
	return ML_CLASS_NONE;
}

static void S_sort_alpha(ml_marking_countries *c)
{
	size_t i, j;

	for (i = 1; i < c->n; i++) {
		char tmp[ML_MARKING_CODE_SIZE];
		memcpy(tmp, c->v[i], sizeof tmp);
		for (j = i; j > 0 && (strlen(c->v[j - 1]) > strlen(tmp) ||
		                      (strlen(c->v[j - 1]) == strlen(tmp) &&
		                       strcmp(c->v[j - 1], tmp) > 0));
		     j--)
			memcpy(c->v[j], c->v[j - 1], sizeof tmp);
		memcpy(c->v[j], tmp, sizeof tmp);
	}
}

/* The nearest register code to an unknown one: two neighbouring letters
 * swapped, or (a tetragraph) the only one a letter away. Writes it into
 * out and returns 1, or 0. */
static int S_nearest_code(const char *code, char *out)
{
	const ml_register *reg = ml_register_get();
	size_t n = strlen(code), i, hits = 0;
	char alt[ML_MARKING_CODE_SIZE];

	for (i = 0; i + 1 < n; i++) {
		memcpy(alt, code, n + 1);
		alt[i] = code[i + 1];
		alt[i + 1] = code[i];
		if (ml_marking__code_known(alt)) {
			memcpy(out, alt, n + 1);
			return 1;
		}
	}
	for (i = 0; n == 4 && i < reg->ntetra; i++)
		if (ml_marking__distance(code, n, reg->tetra[i].code) == 1) {
			memcpy(out, reg->tetra[i].code, 5);
			hits++;
		}
	return hits == 1;
}

/* A country code fix: every list that holds code gets the nearest code
 * (or loses it). */
static int S_fix_code(ml_marking *m, const char *code)
{
	ml_marking_countries *lists[] = {&m->relto, &m->eyes, &m->display,
	                                 &m->fgi_countries, &m->owners};
	char repl[ML_MARKING_CODE_SIZE] = "";
	size_t l, i, k;
	int changed = 0;

	if (strlen(code) >= sizeof repl || !S_nearest_code(code, repl))
		repl[0] = '\0';
	if (!repl[0])
		return -1; /* no register code it could be: not guessed */
	for (l = 0; l < sizeof lists / sizeof lists[0]; l++) {
		ml_marking_countries *c = lists[l];
		for (i = 0, k = 0; i < c->n; i++) {
			if (strcmp(c->v[i], code) == 0) {
				changed = 1;
				memcpy(c->v[i], repl, sizeof repl);
			}
			if (k != i)
				memcpy(c->v[k], c->v[i], sizeof c->v[0]);
			k++;
		}
		c->n = k;
	}
	return changed;
}

static int S_fix_one(ml_marking *m, const ml_issue *i, const unsigned char *on)
{
	const ml_register *reg = ml_register_get();
	const char *id = i->id;

	if (strcmp(id, "floor") == 0 || strcmp(id, "fouo-classified") == 0) {
		const ml_reg_entry *e;
		ml_marking_class up;
		if (i->a < 0)
			return -1;
		e = &reg->e[i->a];
		if (e->cat == ML_CAT_CLASS)
			return -1;
		if (e->kind == ML_E_CONTROL)
			return e->nimplies ? S_split(m, i->a) : S_drop(m, i->a);
		if (ml_register_level_ok(e->levels, m->level))
			return 0; /* an earlier fix raised it already */
		up = m->owner == ML_OWNER_US ? S_raise(e->levels, m->level)
		                             : ML_CLASS_NONE;
		if (up != ML_CLASS_NONE) {
			m->level = up;
			return 1;
		}
		if (!S_drop(m, i->a))
			return -1;
		if (e->otherwise >= 0) {
			S_drop(m, reg->relto);
			if (reg->display >= 0)
				S_drop(m, reg->display);
			if (reg->eyes >= 0)
				S_drop(m, reg->eyes);
			ml_marking__add_entry(m, e->otherwise, ML_SPELL_ABBREV);
		}
		return 1;
	}
	if (strcmp(id, "context") == 0)
		return i->a >= 0 ? S_drop(m, i->a) : -1;
	if (strcmp(id, "requires") == 0) {
		const ml_reg_entry *b;
		if (i->b < 0)
			return -1;
		b = &reg->e[i->b];
		if (b->kind != ML_E_CONTROL || b->cat == ML_CAT_CLASS)
			return -1;
		if (i->b == reg->relto) {
			if (m->owner != ML_OWNER_JOINT)
				return -1;
			if (m->owners.n) {
				m->relto = m->owners;
				ml_marking_countries_add(&m->relto, "USA");
				ml_marking_countries_sort(&m->relto);
			} else {
				m->relto_short = 1;
			}
		}
		return ml_marking__add_entry(m, i->b, ML_SPELL_ABBREV) < 0 ? -1
		                                                            : 1;
	}
	if (strcmp(id, "excludes") == 0 || strcmp(id, "conflict") == 0) {
		if (i->a < 0 || i->b < 0)
			return -1;
		return S_drop(m, S_loser(reg, on, i->a, i->b)) ? 1 : 0;
	}
	if (strcmp(id, "redundant") == 0) {
		const ml_reg_entry *a;
		int k;
		if (i->a < 0 || i->b < 0)
			return -1;
		a = &reg->e[i->a];
		for (k = 0; k < a->nimplies; k++)
			if (a->implies[k] == i->b)
				return S_split(m, i->a);
		return S_drop(m, i->b) ? 1 : 0;
	}
	if (strcmp(id, "needs-compartment") == 0) {
		ml_marking_tokens *t = &m->sci;
		size_t e;
		if (i->token < 0 || (size_t)i->token >= t->n)
			return -1;
		for (e = 0; e < reg->ne; e++)
			if (reg->e[e].parent == i->a && reg->e[e].is_default)
				break;
		if (e == reg->ne)
			return -1;
		{
			char *v = t->v[i->token];
			size_t l = strlen(v), pl = strlen(reg->e[e].portion);
			if (l + 1 + pl >= sizeof t->v[0])
				return -1;
			v[l] = '-';
			memcpy(v + l + 1, reg->e[e].portion, pl + 1);
		}
		return 1;
	}
	if (strcmp(id, "relto-usa-first") == 0 || strcmp(id, "relto-order") == 0) {
		ml_marking_countries_add(&m->relto, "USA");
		ml_marking_countries_sort(&m->relto);
		return 1;
	}
	if (strcmp(id, "relto-usa-only") == 0) {
		S_drop(m, reg->relto);
		ml_marking__add_entry(m, reg->noforn, ML_SPELL_ABBREV);
		return 1;
	}
	if (strcmp(id, "eyes-usa-first") == 0) {
		ml_marking_countries_add(&m->eyes, "USA");
		ml_marking_countries_sort(&m->eyes);
		return 1;
	}
	if (strcmp(id, "list-order") == 0) {
		ml_marking_countries_sort(&m->eyes);
		S_sort_alpha(&m->display);
		S_sort_alpha(&m->fgi_countries);
		S_sort_alpha(&m->owners);
		return 1;
	}
	if (strcmp(id, "joint-usa") == 0)
		return ml_marking_countries_add(&m->owners, "USA") < 0 ? -1 : 1;
	if (strcmp(id, "country") == 0)
		return S_fix_code(m, i->x);
	if (strcmp(id, "duplicate") == 0 || strcmp(id, "order") == 0 ||
	    strcmp(id, "sigma") == 0) {
		ml_marking__sort_tokens(ML_CAT_SCI, &m->sci);
		ml_marking__sort_tokens(ML_CAT_AEA, &m->aea);
		ml_marking__merge_tokens(ML_CAT_SCI, &m->sci);
		return 0; /* the formatter writes register order anyway */
	}
	if (strcmp(ml_marking__issue_rule(i), "MARKING-NONSTANDARD") == 0)
		return 0; /* a matter of how it is written, not what it says */
	return -1;
}

int ml_marking__fix(ml_marking *m, const ml_issues *is, double *conf)
{
	unsigned char *on;
	size_t i;
	int n = 0;

	on = ml_xcalloc(ml_register_get()->ne, 1);
	ml_marking__present(m, on);
	for (i = 0; i < is->n; i++) {
		int r = S_fix_one(m, &is->v[i], on);
		double c = ml_marking__issue_confidence(&is->v[i]);
		if (r < 0) {
			free(on);
			return -1;
		}
		if (r > 0 && c < *conf)
			*conf = c;
		n += r;
	}
	free(on);
	ml_marking__sync_roles(m);
	return n;
}

/* A value problem: one that a fix changes (not a matter of spelling). */
static int S_value_issue(const ml_issue *i)
{
	return strcmp(ml_marking__issue_rule(i), "MARKING-NONSTANDARD") != 0 ||
	       strcmp(i->id, "redundant") == 0;
}

double ml_marking_correct(const ml_marking *m, ml_marking *out)
{
	ml_marking *c = ml_xmalloc(sizeof *c);
	ml_issues *is = ml_xmalloc(sizeof *is);
	double conf = 1.0;
	int round;

	*c = *m;
	for (round = 0; round < 8; round++) {
		size_t i, k = 0;
		is->n = 0;
		ml_marking__validate(c, is);
		for (i = 0; i < is->n; i++)
			if (S_value_issue(&is->v[i]))
				is->v[k++] = is->v[i];
		is->n = k;
		if (k == 0) {
			*out = *c;
			free(c);
			free(is);
			return conf;
		}
		if (ml_marking__fix(c, is, &conf) <= 0)
			break;
	}
	*out = *m;
	free(c);
	free(is);
	return 0;
}
