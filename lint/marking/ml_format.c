/* ml_format.c - writes a marking in register form: the categories in
 * register order separated by "//", items by "/", each spelled for the
 * form (portion marks in a portion; in a banner the abbreviations, or the
 * titles its author wrote), values in register order (SCI and SAP values
 * numbers first, then A-Z; AEA markings and controls in register order;
 * CUI categories specified first; country lists USA first, then
 * trigraphs, then tetragraphs). */
#include "ml_marking_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_digit(char c)
{
	return c >= '0' && c <= '9';
}

int ml_marking__value_cmp(const char *a, const char *b)
{
	int da = S_digit(a[0]), db = S_digit(b[0]);

	if (da != db)
		return da ? -1 : 1;
	if (da) {
		long x = strtol(a, NULL, 10), y = strtol(b, NULL, 10);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return strcmp(a, b);
}

/* --- the structure of SCI and SAP values: head-COMP SUB SUB-COMP --- */

#define S_MAX_COMPS 12
#define S_MAX_SUBS 12

typedef struct S_comp {
	char name[32];
	char subs[S_MAX_SUBS][32];
	int nsubs;
} S_comp;

typedef struct S_tree {
	char head[ML_MARKING_TOKEN_SIZE];
	S_comp comps[S_MAX_COMPS];
	int ncomps;
} S_tree;

/* skip: bytes of a prefix that belongs to the head ("SAR-"). */
static int S_tree_parse(const char *tok, size_t skip, S_tree *t)
{
	size_t hn = skip + strcspn(tok + skip, "-"), at;

	memset(t, 0, sizeof *t);
	if (skip > strlen(tok) || hn >= sizeof t->head)
		return -1;
	memcpy(t->head, tok, hn);
	at = hn;
	while (tok[at] == '-') {
		S_comp *c;
		size_t k;
		if (t->ncomps >= S_MAX_COMPS)
			return -1;
		c = &t->comps[t->ncomps++];
		at++;
		k = strcspn(tok + at, "- ");
		if (k == 0 || k >= sizeof c->name)
			return -1;
		memcpy(c->name, tok + at, k);
		at += k;
		while (tok[at] == ' ') {
			at++;
			k = strcspn(tok + at, "- ");
			if (k == 0 || k >= sizeof c->subs[0] ||
			    c->nsubs >= S_MAX_SUBS)
				return -1;
			memcpy(c->subs[c->nsubs++], tok + at, k);
			at += k;
		}
	}
	return 0;
}

static int S_str_cmp(const void *a, const void *b)
{
	return ml_marking__value_cmp(a, b);
}

static int S_comp_cmp(const void *a, const void *b)
{
	return ml_marking__value_cmp(((const S_comp *)a)->name,
	                             ((const S_comp *)b)->name);
}

/* Sorts compartments and sub-compartments; merge joins a compartment
 * listed twice and drops repeated values (the roll-up). */
static void S_tree_sort(S_tree *t, int merge)
{
	int i, j, k;

	for (i = 0; i < t->ncomps; i++)
		qsort(t->comps[i].subs, (size_t)t->comps[i].nsubs,
		      sizeof t->comps[i].subs[0], S_str_cmp);
	/* insertion sort: stable, so an unmerged repeat keeps its order */
	for (i = 1; i < t->ncomps; i++) {
		S_comp c = t->comps[i];
		for (j = i; j > 0 && S_comp_cmp(&t->comps[j - 1], &c) > 0; j--)
			t->comps[j] = t->comps[j - 1];
		t->comps[j] = c;
	}
	if (!merge)
		return;
	for (i = 1; i < t->ncomps; i++) {
		S_comp *a = &t->comps[i - 1], *b = &t->comps[i];
		if (strcmp(a->name, b->name) != 0)
			continue;
		for (k = 0; k < b->nsubs && a->nsubs < S_MAX_SUBS; k++) {
			for (j = 0; j < a->nsubs; j++)
				if (strcmp(a->subs[j], b->subs[k]) == 0)
					break;
			if (j == a->nsubs)
				memcpy(a->subs[a->nsubs++], b->subs[k],
				       sizeof a->subs[0]);
		}
		qsort(a->subs, (size_t)a->nsubs, sizeof a->subs[0], S_str_cmp);
		memmove(b, b + 1, (size_t)(t->ncomps - i - 1) * sizeof *b);
		t->ncomps--;
		i--;
	}
}

static void S_tree_put(const S_tree *t, char *out, size_t size)
{
	size_t o = 0;
	int i, j;

	o += (size_t)snprintf(out, size, "%s", t->head);
	for (i = 0; i < t->ncomps && o < size; i++) {
		o += (size_t)snprintf(out + o, size - o, "-%s",
		                      t->comps[i].name);
		for (j = 0; j < t->comps[i].nsubs && o < size; j++)
			o += (size_t)snprintf(out + o, size - o, " %s",
			                      t->comps[i].subs[j]);
	}
}

/* The length of the SAR prefix of a SAP value, 0 for NATO's. */
static size_t S_sap_prefix(const char *tok)
{
	const ml_register *reg = ml_register_get();
	size_t i;

	for (i = 0; i < reg->ne; i++)
		if (reg->e[i].kind == ML_E_SAP && !reg->e[i].nato &&
		    strncmp(tok, reg->e[i].portion,
		            strlen(reg->e[i].portion)) == 0)
			return strlen(reg->e[i].portion);
	return 0;
}

/* Sorts inside a token: its compartments and sub-compartments, or its
 * SIGMA numbers. */
static void S_normalise_token(ml_cat cat, char *tok, int merge)
{
	S_tree t;
	char out[ML_MARKING_TOKEN_SIZE];

	if (cat == ML_CAT_SCI || cat == ML_CAT_SAP) {
		if (S_tree_parse(tok, cat == ML_CAT_SAP ? S_sap_prefix(tok) : 0,
		                 &t) < 0)
			return;
		S_tree_sort(&t, merge);
		S_tree_put(&t, out, sizeof out);
		memcpy(tok, out, strlen(out) + 1);
		return;
	}
	if (cat == ML_CAT_AEA) {
		/* "RD-SG 20 14" -> "RD-SG 14 20": each '-' part that has
		 * numbers gets them sorted, once each */
		const char *p = tok;
		size_t o = 0;
		while (*p && o + 1 < sizeof out) {
			size_t k = strcspn(p, "-"), w = strcspn(p, " ");
			long v[32];
			int n = 0, i, j;
			char *q;
			if (w >= k) {
				o += (size_t)snprintf(out + o, sizeof out - o, "%.*s",
				                      (int)k, p);
			} else {
				o += (size_t)snprintf(out + o, sizeof out - o, "%.*s",
				                      (int)w, p);
				for (q = (char *)p + w; q < p + k && n < 32;) {
					while (q < p + k && *q == ' ')
						q++;
					if (q < p + k)
						v[n++] = strtol(q, &q, 10);
				}
				for (i = 1; i < n; i++)
					for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
						long x = v[j];
						v[j] = v[j - 1];
						v[j - 1] = x;
					}
				for (i = 0; i < n && o < sizeof out; i++)
					if (i == 0 || v[i] != v[i - 1])
						o += (size_t)snprintf(out + o, sizeof out - o,
						                      " %ld", v[i]);
			}
			p += k;
			if (*p == '-' && o + 1 < sizeof out) {
				out[o++] = '-';
				out[o] = '\0';
				p++;
			}
		}
		if (o < sizeof out)
			memcpy(tok, out, o + 1);
	}
}

/* Order of two tokens of a category. */
static int S_token_cmp(ml_cat cat, const char *a, const char *b)
{
	const ml_register *reg = ml_register_get();

	if (cat == ML_CAT_AEA) {
		int ea[8], eb[8];
		int na = ml_marking__token_entries(cat, a, ea, 8);
		int nb = ml_marking__token_entries(cat, b, eb, 8);
		if (na > 0 && nb > 0 && ea[0] != eb[0])
			return reg->e[ea[0]].order - reg->e[eb[0]].order;
		return strcmp(a, b);
	}
	if (cat == ML_CAT_SAP) {
		size_t pa = S_sap_prefix(a), pb = S_sap_prefix(b);
		if ((pa == 0) != (pb == 0))
			return pa == 0 ? 1 : -1;
		return ml_marking__value_cmp(a + pa, b + pb);
	}
	if (cat == ML_CAT_CUICAT) {
		int sa = strncmp(a, "SP-", 3) == 0, sb = strncmp(b, "SP-", 3) == 0;
		if (sa != sb)
			return sb - sa;
		return strcmp(a, b);
	}
	return ml_marking__value_cmp(a, b);
}

void ml_marking__sort_tokens(ml_cat cat, ml_marking_tokens *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++)
		S_normalise_token(cat, t->v[i], 0);
	for (i = 1; i < t->n; i++) {
		char tmp[ML_MARKING_TOKEN_SIZE];
		uint32_t bit = (t->titled >> i) & 1u;
		memcpy(tmp, t->v[i], sizeof tmp);
		for (j = i; j > 0 && S_token_cmp(cat, t->v[j - 1], tmp) > 0;
		     j--) {
			memcpy(t->v[j], t->v[j - 1], sizeof tmp);
			t->titled = (t->titled & ~(1u << j)) |
			            (((t->titled >> (j - 1)) & 1u) << j);
		}
		memcpy(t->v[j], tmp, sizeof tmp);
		t->titled = (t->titled & ~(1u << j)) | (bit << j);
	}
}

/* --- tokens --- */

int ml_marking__put_token(ml_buf *b, ml_cat cat, const char *tok,
                          ml_marking_form form, int titled)
{
	const ml_register *reg = ml_register_get();
	int ents[24], n, i = 0, r = 0;
	const char *p = tok;

	if (cat != ML_CAT_SCI && cat != ML_CAT_AEA)
		return ml_buf_puts(b, tok);
	n = ml_marking__token_entries(cat, tok, ents, 24);
	if (n <= 0)
		return ml_buf_puts(b, tok);
	/* parts are separated by '-' (and ' ' before SCI sub-compartments
	 * and SIGMA numbers); part i is entry ents[i] */
	while (*p && i < n) {
		const ml_reg_entry *e = &reg->e[ents[i]];
		size_t k = cat == ML_CAT_AEA ? strcspn(p, "- ") : strcspn(p, "- ");
		if (e->chars || form == ML_MARKING_PORTION)
			r |= ml_buf_put(b, p, k);
		else if (titled && e->title[0])
			r |= ml_buf_puts(b, e->title);
		else /* a compartment's code is its banner abbreviation */
			r |= ml_buf_puts(b, e->abbrev[0] ? e->abbrev : e->portion);
		p += k;
		if (cat == ML_CAT_AEA && e->numbers) {
			/* the numbers, up to the next subset */
			k = strcspn(p, "-");
			r |= ml_buf_put(b, p, k);
			p += k;
		}
		if (*p)
			r |= ml_buf_putc(b, *p++);
		i++;
	}
	if (*p)
		r |= ml_buf_puts(b, p);
	return r;
}

/* --- the marking --- */

/* Trigraphs A-Z, then tetragraphs A-Z (FGI, DISPLAY ONLY, JOINT and
 * foreign owners; USA among them in its place). */
static int S_alpha_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int S_put_codes(ml_buf *b, const ml_marking_countries *c,
                       const char *sep, int usa_first)
{
	ml_marking_countries s = *c;
	size_t i, j;
	int r = 0;

	for (i = 1; i < s.n; i++) {
		char tmp[ML_MARKING_CODE_SIZE];
		memcpy(tmp, s.v[i], sizeof tmp);
		for (j = i; j > 0 && (usa_first ? ml_marking_country_cmp(
		                                      s.v[j - 1], tmp)
		                                : S_alpha_cmp(s.v[j - 1], tmp)) > 0;
		     j--)
			memcpy(s.v[j], s.v[j - 1], sizeof tmp);
		memcpy(s.v[j], tmp, sizeof tmp);
	}
	for (i = 0; i < s.n; i++) {
		if (i && strcmp(s.v[i], s.v[i - 1]) == 0)
			continue;
		if (i)
			r |= ml_buf_puts(b, sep);
		r |= ml_buf_puts(b, s.v[i]);
	}
	return r;
}

static int S_put_class(ml_buf *b, const ml_marking *m, ml_marking_form form,
                       int as_written)
{
	const ml_register *reg = ml_register_get();
	const ml_reg_level *l = ml_register_level(reg, m->level);
	const char *lv = !l ? "" : form == ML_MARKING_PORTION ? l->portion
	                                                      : l->title;
	size_t i;
	int r = 0;

	if (m->owner == ML_OWNER_US) {
		if (as_written && m->class_titled && l && l->alias[0] &&
		    form == ML_MARKING_BANNER && !m->cui_marking)
			lv = l->alias;
		return ml_buf_puts(b, lv);
	}
	if (m->owner == ML_OWNER_FOREIGN && m->owners.n == 1 &&
	    strcmp(m->owners.v[0], "NATO") == 0) {
		for (i = 0; i < reg->nnato; i++) {
			const ml_reg_nato *t = &reg->nato[i];
			if (t->level != m->level)
				continue;
			if (m->nac[0]) {
				size_t k;
				for (k = 0; k < reg->nnac; k++)
					if (strcmp(reg->nac_activity[k], m->nac) == 0)
						break;
				if (k < reg->nnac && strncmp(t->title, "NATO ", 5) == 0)
					return form == ML_MARKING_PORTION
					           ? ml_buf_printf(b, "//N%s%s",
					                           reg->nac_letter[k],
					                           t->portion + 1)
					           : ml_buf_printf(b, "//NATO %s %s", m->nac,
					                           t->title + 5);
				continue;
			}
			return ml_buf_printf(b, "//%s", form == ML_MARKING_PORTION
			                                    ? t->portion : t->title);
		}
	}
	r |= ml_buf_puts(b, "//");
	if (m->owner == ML_OWNER_JOINT) {
		r |= ml_buf_printf(b, "%s %s", reg->joint_title, lv);
		if (m->owners.n) {
			r |= ml_buf_putc(b, ' ');
			r |= S_put_codes(b, &m->owners, " ", 0);
		}
		return r;
	}
	if (m->owners.n)
		r |= S_put_codes(b, &m->owners, " ", 0);
	else
		r |= ml_buf_puts(b, reg->fgi_portion);
	return r | ml_buf_printf(b, " %s", lv);
}

static int S_put_tokens(ml_buf *b, ml_cat cat, const ml_marking_tokens *t,
                        ml_marking_form form, int as_written)
{
	ml_marking_tokens s = *t;
	size_t i, pre;
	int r = 0, sar_done = 0;

	if (s.n == 0)
		return 0;
	ml_marking__sort_tokens(cat, &s);
	r |= ml_buf_puts(b, "//");
	for (i = 0; i < s.n; i++) {
		int titled = as_written && form == ML_MARKING_BANNER &&
		             ((s.titled >> i) & 1u);
		if (i)
			r |= ml_buf_putc(b, '/');
		if (cat == ML_CAT_SAP && (pre = S_sap_prefix(s.v[i])) > 0) {
			/* the category indicator once (register H.5) */
			if (!sar_done) {
				const ml_register *reg = ml_register_get();
				size_t e;
				for (e = 0; e < reg->ne; e++)
					if (reg->e[e].kind == ML_E_SAP &&
					    !reg->e[e].nato)
						break;
				r |= ml_buf_puts(b, titled ? reg->e[e].title
				                           : reg->e[e].portion);
			}
			sar_done = 1;
			r |= ml_buf_puts(b, s.v[i] + pre);
			continue;
		}
		r |= ml_marking__put_token(b, cat, s.v[i], form, titled);
	}
	return r;
}

static int S_put_control(ml_buf *b, const ml_marking *m, int e, int spell,
                         ml_marking_form form)
{
	const ml_register *reg = ml_register_get();
	const ml_reg_entry *x = &reg->e[e];
	const char *name;
	int r = 0;

	if (form == ML_MARKING_PORTION)
		spell = ML_SPELL_PORTION;
	else if (spell == ML_SPELL_PORTION)
		spell = ML_SPELL_ABBREV;
	name = ml_register_spell(x, spell);
	switch (x->list) {
	case ML_LIST_RELTO:
		if (m->relto_short && form == ML_MARKING_PORTION)
			return ml_buf_puts(b, x->shortf);
		r |= ml_buf_printf(b, "%s ", name);
		return r | S_put_codes(b, &m->relto, ", ", 1);
	case ML_LIST_EYES:
		if (m->eyes_short && form == ML_MARKING_PORTION)
			return ml_buf_puts(b, x->shortf);
		r |= S_put_codes(b, &m->eyes, "/", 1);
		return r | ml_buf_printf(b, " %s", x->title);
	case ML_LIST_DISPLAY:
		r |= ml_buf_printf(b, "%s ", name);
		return r | S_put_codes(b, &m->display, ", ", 0);
	default:
		return ml_buf_puts(b, name);
	}
}

/* One block of controls (cat DISSEM or NONIC), register order (A-Z in a
 * CUI marking, CUI handbook p. 12). */
static int S_put_controls(ml_buf *b, const ml_marking *m,
                          const ml_marking_controls *c, ml_cat cat,
                          ml_marking_form form)
{
	const ml_register *reg = ml_register_get();
	ml_marking_controls s = *c;
	size_t i, j;
	int r = 0, first = 1, alpha = m->level == ML_CLASS_CUI;

	for (i = 1; i < s.n; i++) {
		uint16_t id = s.id[i];
		uint8_t sp = s.spell[i];
		for (j = i; j > 0; j--) {
			const ml_reg_entry *p = &reg->e[s.id[j - 1]], *q = &reg->e[id];
			int d = alpha ? strcmp(ml_register_spell(p, ML_SPELL_ABBREV),
			                       ml_register_spell(q, ML_SPELL_ABBREV))
			              : p->order - q->order;
			if (d <= 0)
				break;
			s.id[j] = s.id[j - 1];
			s.spell[j] = s.spell[j - 1];
		}
		s.id[j] = id;
		s.spell[j] = sp;
	}
	for (i = 0; i < s.n; i++) {
		if (reg->e[s.id[i]].cat != cat)
			continue;
		r |= ml_buf_puts(b, first ? "//" : "/");
		r |= S_put_control(b, m, s.id[i], s.spell[i], form);
		first = 0;
	}
	return r;
}

static int S_format(const ml_marking *m, ml_marking_form form, ml_buf *b,
                    int as_written)
{
	const ml_register *reg = ml_register_get();
	ml_marking_controls ctl;
	ml_marking_tokens cats;
	size_t i;
	int r = 0;

	ml_marking__effective(m, &ctl);
	if (!as_written)
		for (i = 0; i < ctl.n; i++)
			ctl.spell[i] = ML_SPELL_ABBREV;
	if (form == ML_MARKING_PORTION)
		r |= ml_buf_putc(b, '(');
	r |= S_put_class(b, m, form, as_written);
	r |= S_put_tokens(b, ML_CAT_SCI, &m->sci, form, as_written);
	r |= S_put_tokens(b, ML_CAT_SAP, &m->sap, form, as_written);
	r |= S_put_tokens(b, ML_CAT_AEA, &m->aea, form, as_written);
	if (m->fgi) {
		r |= ml_buf_printf(b, "//%s", reg->fgi_portion);
		if (m->fgi_countries.n) {
			r |= ml_buf_putc(b, ' ');
			r |= S_put_codes(b, &m->fgi_countries, " ", 0);
		}
	}
	if (m->cui_marking && m->level != ML_CLASS_CUI)
		r |= ml_buf_printf(b, "//%s", reg->cui_portion);
	cats = m->cui;
	cats.titled = 0;
	r |= S_put_tokens(b, ML_CAT_CUICAT, &cats, form, 0);
	r |= S_put_controls(b, m, &ctl, ML_CAT_DISSEM, form);
	r |= S_put_controls(b, m, &ctl, ML_CAT_NONIC, form);
	if (form == ML_MARKING_PORTION)
		r |= ml_buf_putc(b, ')');
	return r ? -1 : 0;
}

int ml_marking_format(const ml_marking *m, ml_marking_form form, ml_buf *buf)
{
	return S_format(m, form, buf, 0);
}

int ml_marking_format_as_written(const ml_marking *m, ml_marking_form form,
                                 ml_buf *buf)
{
	return S_format(m, form, buf, 1);
}

void ml_marking__merge_tokens(ml_cat cat, ml_marking_tokens *t)
{
	S_tree *tr;
	size_t i, j, n = 0;

	if (t->n == 0)
		return;
	tr = ml_xcalloc(t->n, sizeof *tr);
	for (i = 0; i < t->n; i++) {
		S_tree cur;
		if (S_tree_parse(t->v[i], cat == ML_CAT_SAP
		                              ? S_sap_prefix(t->v[i]) : 0,
		                 &cur) < 0)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(tr[j].head, cur.head) == 0)
				break;
		if (j == n) {
			tr[n++] = cur;
			continue;
		}
		while (cur.ncomps && tr[j].ncomps < S_MAX_COMPS)
			tr[j].comps[tr[j].ncomps++] = cur.comps[--cur.ncomps];
	}
	t->n = 0;
	for (j = 0; j < n; j++) {
		S_tree_sort(&tr[j], 1);
		S_tree_put(&tr[j], t->v[t->n], sizeof t->v[0]);
		t->n++;
	}
	t->titled = 0;
	free(tr);
	ml_marking__sort_tokens(cat, t);
}
