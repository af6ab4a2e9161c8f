/* ml_marking.c - the marking value (init, country lists, controls and
 * their roles) and the detection helpers that find a portion mark at the
 * start of a portion or a banner line (ml_marking_find_portion_mark,
 * ml_marking_parse_banner).
 *
 * Detection is conservative (precision before recall):
 * - A portion mark is a parenthesised string at the start of the text
 *   made of marking characters. It is a marking when it reads as one (a
 *   classification, alone or with register words: "(S)", "(S//NF)",
 *   "(S/NF)", "(SBU)"), malformed when it holds "//" or a foreign-release
 *   control but does not read ("(S//NOFRN)", "(NF)"), and otherwise
 *   ordinary parentheses ("(a)", "(1)", "(see below)", "(U.S.)", "(C/O)",
 *   "(S/N 1234)"). Lower case counts only with a slash ("(s//nf)"; "(c)"
 *   is not a mark). "(C)", "(S)" and "(U)" as list items are read as
 *   portion marks: the caller can look at neighbouring paragraphs.
 * - A banner line is a whole line that holds "//" or starts with a
 *   spelled-out classification (UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP
 *   SECRET, CUI, CONTROLLED, letter-spaced too) followed by the end, a
 *   separator or a register word. "SECRET SAUCE", bare "S", "///", a
 *   date or a path are not banners. */
#define _GNU_SOURCE 1 /* memmem: "//" in a mark */
#include "ml_marking_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ml_marking_init(ml_marking *m)
{
	memset(m, 0, sizeof(*m));
	m->form = ML_MARKING_PORTION;
	m->level = ML_CLASS_NONE;
	m->owner = ML_OWNER_US;
}

/* --- country codes --- */

static int S_countries_has(const ml_marking_countries *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], code) == 0)
			return 1;
	return 0;
}

int ml_marking_countries_add(ml_marking_countries *c, const char *code)
{
	size_t n = strlen(code), i;

	if (n != 3 && n != 4)
		return -1;
	for (i = 0; i < n; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return -1;
	if (S_countries_has(c, code))
		return 0;
	if (c->n >= ML_MARKING_MAX_COUNTRIES)
		return -1;
	memcpy(c->v[c->n], code, n + 1);
	c->n++;
	return 0;
}

int ml_marking_countries_usa_only(const ml_marking_countries *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], "USA") != 0)
			return 0;
	return 1;
}

int ml_marking_country_cmp(const char *a, const char *b)
{
	int ua = strcmp(a, "USA") == 0, ub = strcmp(b, "USA") == 0;
	size_t la = strlen(a), lb = strlen(b);

	if (ua || ub)
		return ub - ua;
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

void ml_marking_countries_sort(ml_marking_countries *c)
{
	size_t i, j, out;
	char tmp[ML_MARKING_CODE_SIZE];

	for (i = 1; i < c->n; i++) {
		memcpy(tmp, c->v[i], sizeof(tmp));
		for (j = i; j > 0 && ml_marking_country_cmp(c->v[j - 1], tmp) > 0;
		     j--)
			memcpy(c->v[j], c->v[j - 1], sizeof(tmp));
		memcpy(c->v[j], tmp, sizeof(tmp));
	}
	for (i = 0, out = 0; i < c->n; i++) {
		if (out && strcmp(c->v[out - 1], c->v[i]) == 0)
			continue;
		if (out != i)
			memcpy(c->v[out], c->v[i], sizeof(tmp));
		out++;
	}
	c->n = out;
}

int ml_marking_tetragraph_known(const char *code)
{
	return ml_register_tetragraph(ml_register_get(), code) != NULL;
}

int ml_marking_trigraph_known(const char *code)
{
	const ml_register *reg;
	size_t i;

	if (ml_marking_iso3166_known(code))
		return 1;
	reg = ml_register_get();
	for (i = 0; i < reg->ntri; i++)
		if (strcmp(reg->tri[i], code) == 0)
			return 1;
	return 0;
}

int ml_marking__code_known(const char *code)
{
	size_t n = strlen(code);

	return n == 3 ? ml_marking_trigraph_known(code)
	       : n == 4 ? ml_marking_tetragraph_known(code) : 0;
}

const char *ml_marking_class_name(ml_marking_class level,
                                  ml_marking_form form)
{
	const ml_reg_level *l = ml_register_level(ml_register_get(), level);

	if (!l)
		return "";
	return form == ML_MARKING_PORTION ? l->portion : l->title;
}

/* --- controls and roles --- */

int ml_marking__has_entry(const ml_marking_controls *c, int e)
{
	size_t i;

	for (i = 0; e >= 0 && i < c->n; i++)
		if (c->id[i] == e)
			return 1;
	return 0;
}

int ml_marking__add_entry(ml_marking *m, int e, int spell)
{
	ml_marking_controls *c = &m->ctl;

	if (e < 0)
		return -1;
	if (ml_marking__has_entry(c, e))
		return 0;
	if (c->n >= ML_MARKING_MAX_CONTROLS)
		return -1;
	c->id[c->n] = (uint16_t)e;
	c->spell[c->n] = (uint8_t)spell;
	c->n++;
	m->dissem |= ml_register_get()->e[e].role;
	return 0;
}

int ml_marking__remove_entry(ml_marking *m, int e)
{
	ml_marking_controls *c = &m->ctl;
	size_t i, k = 0;
	int found = 0;

	for (i = 0; i < c->n; i++) {
		if (c->id[i] == e) {
			found = 1;
			continue;
		}
		c->id[k] = c->id[i];
		c->spell[k] = c->spell[i];
		k++;
	}
	c->n = k;
	if (found)
		ml_marking__sync_roles(m);
	return found;
}

void ml_marking__sync_roles(ml_marking *m)
{
	const ml_register *reg = ml_register_get();
	size_t i;

	m->dissem = 0;
	for (i = 0; i < m->ctl.n; i++)
		m->dissem |= reg->e[m->ctl.id[i]].role;
}

static void S_put(ml_marking_controls *c, int e, int spell)
{
	if (e < 0 || ml_marking__has_entry(c, e) ||
	    c->n >= ML_MARKING_MAX_CONTROLS)
		return;
	c->id[c->n] = (uint16_t)e;
	c->spell[c->n] = (uint8_t)spell;
	c->n++;
}

void ml_marking__effective(const ml_marking *m, ml_marking_controls *out)
{
	const ml_register *reg = ml_register_get();
	static const uint32_t roles[] = {
		ML_DISSEM_NOFORN, ML_DISSEM_RELTO, ML_DISSEM_RELIDO,
		ML_DISSEM_EYES_ONLY, ML_DISSEM_DISPLAY_ONLY, ML_DISSEM_FOUO,
	};
	size_t i, k;
	int j;

	out->n = 0;
	for (i = 0; i < m->ctl.n; i++) {
		const ml_reg_entry *e = &reg->e[m->ctl.id[i]];
		if (e->role == ML_DISSEM_NOFORN_PART &&
		    !(m->dissem & ML_DISSEM_NOFORN_PART)) {
			/* SBU NOFORN without its NOFORN part is SBU */
			for (j = 0; j < e->nimplies; j++)
				if (reg->e[e->implies[j]].role != ML_DISSEM_NOFORN)
					S_put(out, e->implies[j], m->ctl.spell[i]);
			continue;
		}
		if (e->role && e->role != ML_DISSEM_NOFORN_PART &&
		    !(m->dissem & e->role))
			continue;
		S_put(out, m->ctl.id[i], m->ctl.spell[i]);
	}
	for (k = 0; k < sizeof roles / sizeof roles[0]; k++) {
		int have = 0;
		if (!(m->dissem & roles[k]))
			continue;
		for (i = 0; i < out->n; i++)
			have |= (reg->e[out->id[i]].role & roles[k]) != 0;
		if (!have)
			S_put(out, ml_register_role(reg, roles[k]),
			      ML_SPELL_ABBREV);
	}
}

int ml_marking_add_control(ml_marking *m, const char *s)
{
	const ml_register *reg = ml_register_get();
	const ml_reg_word *w = ml_register_word(reg, s, strlen(s));
	size_t i;

	if (w && reg->e[w->entry].kind == ML_E_CONTROL)
		return ml_marking__add_entry(m, w->entry, ML_SPELL_ABBREV);
	for (i = 0; i < reg->ne; i++) {
		const ml_reg_entry *e = &reg->e[i];
		if (e->kind != ML_E_CONTROL || e->cat == ML_CAT_CLASS)
			continue;
		if ((e->ism[0] && strcmp(e->ism, s) == 0) ||
		    (e->shortf[0] && strcmp(e->shortf, s) == 0))
			return ml_marking__add_entry(m, (int)i, ML_SPELL_ABBREV);
	}
	return -1;
}

int ml_marking_controls_text(const ml_marking *m, ml_marking_form form,
                             ml_buf *buf)
{
	const ml_register *reg = ml_register_get();
	ml_marking_controls c;
	size_t i;
	int r = 0;

	ml_marking__effective(m, &c);
	for (i = 0; i < c.n; i++) {
		const ml_reg_entry *e = &reg->e[c.id[i]];
		r |= ml_buf_printf(buf, "%s%s", i ? ", " : "",
		                   ml_register_spell(e, form == ML_MARKING_PORTION
		                                            ? ML_SPELL_PORTION
		                                            : ML_SPELL_ABBREV));
	}
	return r;
}

/* --- parsing --- */

/* The first issue of a reading that makes it malformed, worded. */
static void S_first_error(const ml_reading *rd, ml_marking_error *err)
{
	size_t i;
	ml_marking_note n;

	if (!err)
		return;
	err->msg[0] = '\0';
	for (i = 0; i < rd->issues.n; i++) {
		if (strcmp(ml_marking__issue_rule(&rd->issues.v[i]),
		           "MARKING-NONSTANDARD") == 0)
			continue;
		ml_marking__note(&rd->issues.v[i], &n);
		snprintf(err->msg, sizeof err->msg, "%s", n.msg);
		return;
	}
	snprintf(err->msg, sizeof err->msg, "not a marking");
}

int ml_marking_parse(const char *s, size_t len, ml_marking_form form,
                     unsigned flags, ml_marking *out, ml_marking_error *err)
{
	ml_reading *rd = ml_xmalloc(sizeof *rd);
	int ok;

	ml_marking__read(s, len, form, flags, rd);
	ok = rd->parsed && rd->m.level != ML_CLASS_NONE;
	*out = rd->m;
	if (err) {
		err->off = rd->off;
		err->len = rd->len;
		if (!ok)
			S_first_error(rd, err);
		else
			err->msg[0] = '\0';
	}
	free(rd);
	return ok ? 0 : -1;
}

/* --- detection --- */

static int S_mark_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == ' ' || c == '/' || c == ',' ||
	       c == '-';
}

static int S_has(const char *s, size_t n, char c)
{
	return memchr(s, c, n) != NULL;
}

static int S_has_lower(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return 1;
	return 0;
}

static int S_has_2slash(const char *s, size_t n)
{
	return memmem(s, n, "//", 2) != NULL;
}

/* A control written where a classification should be, strong enough to
 * call "(NOFORN)" a malformed mark: a foreign disclosure marking, or a
 * control of four letters or more. */
static int S_strong_control(const char *s, size_t n)
{
	const ml_register *reg = ml_register_get();
	size_t k = strcspn(s, "/ ");
	const ml_reg_word *w = ml_register_word(reg, s, k < n ? k : n);

	if (!w || reg->e[w->entry].kind != ML_E_CONTROL)
		return 0;
	return reg->e[w->entry].fdr || strlen(w->s) >= 4;
}

ml_marking_status ml_marking_find_portion_mark(const char *text, size_t len,
                                               unsigned flags,
                                               ml_marking *out,
                                               ml_marking_error *err)
{
	ml_reading *rd;
	size_t i = 0, j, a, b;
	ml_marking_status st;

	(void)flags;
	while (i < len && text[i] == ' ')
		i++;
	if (i >= len || text[i] != '(')
		return ML_MARKING_NONE;
	for (j = i + 1; j < len && text[j] != ')'; j++)
		if (!S_mark_char(text[j]))
			return ML_MARKING_NONE;
	if (j >= len)
		return ML_MARKING_NONE;
	a = i + 1;
	b = j;
	while (a < b && text[a] == ' ')
		a++;
	while (b > a && text[b - 1] == ' ')
		b--;
	if (a == b)
		return ML_MARKING_NONE;
	if (S_has_lower(text + a, b - a) && !S_has(text + a, b - a, '/'))
		return ML_MARKING_NONE;
	rd = ml_xmalloc(sizeof *rd);
	ml_marking__read(text + i, j - i + 1, ML_MARKING_PORTION, 0, rd);
	if (rd->parsed && rd->m.level != ML_CLASS_NONE) {
		/* whole, the padding too (markings are compared whole) */
		memcpy(out, &rd->m, sizeof *out);
		out->off = i;
		out->len = j - i + 1;
		st = ML_MARKING_FOUND;
	} else if (rd->recognised &&
	           (S_has_2slash(text + a, b - a) ||
	            (rd->m.level == ML_CLASS_NONE &&
	             S_strong_control(rd->text, rd->ntext)))) {
		S_first_error(rd, err);
		if (err) {
			err->off = i;
			err->len = j - i + 1;
		}
		st = ML_MARKING_MALFORMED;
	} else {
		st = ML_MARKING_NONE;
	}
	free(rd);
	return st;
}

/* Do the letters of the letter-spaced up ("S E C R E T", "T O P  S E C R E
 * T") begin with a level's title? Sideways text that a PDF gives letter by
 * letter ("S S I F I E D I I") does not. */
static int S_spaced_level(const ml_register *reg, const char *up)
{
	char letters[64];
	size_t i, o = 0;

	for (i = 0; up[i] && o < sizeof letters - 1; i++)
		if (up[i] != ' ')
			letters[o++] = up[i];
	letters[o] = '\0';
	for (i = 0; i < reg->nlv; i++) {
		const char *t = reg->lv[i].title;
		size_t j = 0, m = 0;
		for (; t[j]; j++) {
			if (t[j] == ' ')
				continue;
			if (letters[m] != t[j])
				break;
			m++;
		}
		if (!t[j] && m > 0)
			return 1;
	}
	return 0;
}

/* Starts with a spelled-out classification (or its letter-spaced form),
 * followed by the end, a separator, or a register word. */
static int S_banner_start(const char *s, size_t n)
{
	const ml_register *reg = ml_register_get();
	char up[64];
	size_t i, k = n < sizeof up - 1 ? n : sizeof up - 1;

	for (i = 0; i < k; i++)
		up[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A')
		                                   : s[i];
	up[k] = '\0';
	if (k >= 5 && up[1] == ' ' && up[3] == ' ')
		return S_spaced_level(reg, up); /* the reader decides the rest */
	for (i = 0; i < reg->nlv; i++) {
		const char *t[2];
		int f;
		t[0] = reg->lv[i].title;
		t[1] = reg->lv[i].alias;
		for (f = 0; f < 2; f++) {
			size_t tl = strlen(t[f]);
			const ml_reg_word *w;
			size_t rest, wl, dashes;
			if (!tl || tl > k || memcmp(up, t[f], tl) != 0 ||
			    reg->lv[i].foreign_only)
				continue;
			if (tl == n || up[tl] == '/')
				return 1;
			if (up[tl] != ' ' && up[tl] != '-')
				continue;
			/* "SECRET NOFORN", "SECRET - NOFORN", "SECRET--NOFORN" */
			rest = tl + strspn(up + tl, " ");
			dashes = strspn(up + rest, "-");
			rest += dashes <= 2 ? dashes : 0;
			rest += strspn(up + rest, " ");
			wl = strcspn(up + rest, "/ ");
			w = ml_register_word(reg, up + rest, wl);
			if (w || strncmp(up + rest, "REL TO", 6) == 0)
				return 1;
		}
	}
	return 0;
}

ml_marking_status ml_marking_parse_banner(const char *text, size_t len,
                                          unsigned flags, ml_marking *out,
                                          ml_marking_error *err)
{
	ml_reading *rd;
	size_t a = 0, b = len, i;
	ml_marking_status st = ML_MARKING_NONE;

	while (a < b && (text[a] == ' ' || text[a] == '\t'))
		a++;
	while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t'))
		b--;
	if (a == b || b - a > ML_MARKING_MAX_LEN)
		return ML_MARKING_NONE;
	for (i = a; i < b; i++)
		if (!S_mark_char(text[i]) && text[i] != '\t')
			return ML_MARKING_NONE;
	if (!(flags & ML_MARKING_ICASE) && S_has_lower(text + a, b - a) &&
	    !S_has(text + a, b - a, '/'))
		return ML_MARKING_NONE;
	if (!S_has_2slash(text + a, b - a) && !S_banner_start(text + a, b - a))
		return ML_MARKING_NONE;
	rd = ml_xmalloc(sizeof *rd);
	ml_marking__read(text, len, ML_MARKING_BANNER, flags, rd);
	if (rd->parsed && rd->m.level != ML_CLASS_NONE) {
		memcpy(out, &rd->m, sizeof *out);
		st = ML_MARKING_FOUND;
	} else if (rd->recognised) {
		S_first_error(rd, err);
		if (err) {
			err->off = rd->off;
			err->len = rd->len;
		}
		st = ML_MARKING_MALFORMED;
	}
	free(rd);
	return st;
}
