/* ml_tokens.c - the values of SCI, SAP and AEA markings: a control
 * system with its compartments ("-") and sub-compartments (" "), as the
 * register defines them or as an unpublished one's shape allows
 * ("SI-G ABCD EFGH-XYZ", "HCS-P JJJ", "FGH-AAA 123"); an atomic energy
 * marking with its subsets and SIGMA numbers ("RD-CNWDI-SG 14 20",
 * "RESTRICTED DATA-SIGMA 20"). Each value comes back as the register
 * entries it names (for the checks) and in its portion spelling. */
#include "ml_read_int.h"

#include <stdio.h>
#include <string.h>

/* The word spelling an entry of kind k (category c) that starts s and
 * ends at s[n] or a character in ends; *len gets its length, *spell its
 * spelling. Longest match wins. */
int ml_marking__word_prefix(const ml_register *reg, const char *s, size_t n,
                         ml_cat c, const char *ends, size_t *len, int *spell)
{
	size_t i;
	int best = -1;

	*len = 0;
	for (i = 0; i < reg->nwords; i++) {
		const ml_reg_word *w = &reg->words[i];
		size_t k = strlen(w->s);
		if (reg->e[w->entry].cat != c || k <= *len || k > n ||
		    memcmp(w->s, s, k) != 0)
			continue;
		if (k < n && !strchr(ends, s[k]))
			continue;
		best = w->entry;
		*len = k;
		*spell = w->spell;
	}
	return best;
}

/* A value of shape e (chars, min, max). */
int ml_marking__shape_ok(const ml_reg_entry *e, const char *s, size_t n)
{
	size_t i;

	if (!e->chars || (int)n < e->min || (int)n > e->max)
		return 0;
	for (i = 0; i < n; i++)
		if (!ml_marking__upper(s[i]) &&
		    !(e->chars == ML_CHARS_ALNUM && ml_marking__digit(s[i])))
			return 0;
	return 1;
}

/* The child of parent (kind k) spelled s[0..n): its code or title, or a
 * shape it matches. *titled is set when the title was used. */
static int S_child(const ml_register *reg, int parent, ml_ekind k,
                   const char *s, size_t n, int *titled)
{
	size_t i;
	int shaped = -1;

	for (i = 0; i < reg->ne; i++) {
		const ml_reg_entry *e = &reg->e[i];
		if (e->parent != parent || e->kind != k)
			continue;
		if (!e->chars && ml_marking__eq(s, n, e->portion))
			return (int)i;
		if (!e->chars && e->title[0] && ml_marking__eq(s, n, e->title)) {
			*titled = 1;
			return (int)i;
		}
		if (shaped < 0 && ml_marking__shape_ok(e, s, n))
			shaped = (int)i;
	}
	return shaped;
}

static int S_country(const ml_register *reg, const char *s, size_t n)
{
	const ml_reg_vocab *v = ml_register_vocab(reg, s, n);

	return v && (v->kind & ML_VOCAB_COUNTRY);
}

/* An SCI token "SYS(-COMP( SUB)*)*" into entries (system first, then
 * each compartment followed by its subs) and its portion spelling.
 * Returns the number of entries, or -1 with *why set. */
int ml_marking__sci_token(const ml_register *reg, const char *s, size_t n,
                 int *out, size_t max, char *canon, size_t csize, int *titled,
                 const char **why)
{
	size_t len, i, o = 0;
	int spell, sys, k = 0, comp = -1;

	*titled = 0;
	sys = ml_marking__word_prefix(reg, s, n, ML_CAT_SCI, "- ", &len, &spell);
	if (sys < 0) {
		/* an unpublished system: [A-Z0-9]+ up to '-' or ' ' */
		for (i = 0; i < reg->ne; i++)
			if (reg->e[i].kind == ML_E_SYSTEM && reg->e[i].unpublished)
				break;
		len = strcspn(s, "- ");
		if (len > n)
			len = n;
		if (i == reg->ne || !ml_marking__shape_ok(&reg->e[i], s, len) ||
		    ml_register_word(reg, s, len) || S_country(reg, s, len)) {
			/* a register word of another category ("RD") is that,
			 * not an unpublished system; so is a country code
			 * ("USA") */
			*why = "not an SCI control system";
			return -1;
		}
		sys = (int)i;
		spell = ML_SPELL_PORTION;
		if (o + len >= csize)
			return -1;
		memcpy(canon, s, len);
		o = len;
	} else {
		const char *p = reg->e[sys].portion;
		*titled = spell == ML_SPELL_TITLE &&
		          strcmp(reg->e[sys].title, reg->e[sys].abbrev) != 0;
		if (strlen(p) >= csize)
			return -1;
		memcpy(canon, p, strlen(p));
		o = strlen(p);
	}
	out[k++] = sys;
	i = len;
	while (i < n) {
		char c = s[i++];
		size_t j = i;
		int e, t = 0;
		while (j < n && s[j] != '-' && s[j] != ' ')
			j++;
		if (j == i) {
			*why = "an empty SCI compartment";
			return -1;
		}
		if (c == '-') {
			e = S_child(reg, sys, ML_E_COMPARTMENT, s + i, j - i, &t);
			/* a title with a space ("SI-GAMMA" needs none today) */
			if (e < 0) {
				*why = "not a compartment of its control system";
				return -1;
			}
			comp = e;
		} else {
			if (comp < 0) {
				*why = "a sub-compartment needs its compartment";
				return -1;
			}
			e = S_child(reg, comp, ML_E_SUB, s + i, j - i, &t);
			if (e < 0) {
				*why = "not a sub-compartment of its compartment";
				return -1;
			}
		}
		if (reg->e[e].chars) {
			/* a control where a value should be ("SI-ABC NF"): a
			 * separator went missing */
			const ml_reg_word *w = ml_register_word(reg, s + i, j - i);
			if (w && reg->e[w->entry].kind == ML_E_CONTROL) {
				*why = "a dissemination control inside an SCI marking";
				return -1;
			}
		}
		*titled |= t;
		if ((size_t)k < max)
			out[k++] = e;
		if (o + 2 + (j - i) >= csize)
			return -1;
		canon[o++] = c;
		if (reg->e[e].chars) {
			memcpy(canon + o, s + i, j - i);
			o += j - i;
		} else {
			memcpy(canon + o, reg->e[e].portion,
			       strlen(reg->e[e].portion));
			o += strlen(reg->e[e].portion);
		}
		i = j;
	}
	canon[o] = '\0';
	return k;
}

/* An AEA token "BASE(-SUB)*" where a SIGMA sub has numbers: entries and
 * its portion spelling ("RD-CNWDI-SG 14 20"). */
int ml_marking__aea_token(const ml_register *reg, const char *s, size_t n,
                 int *out, size_t max, char *canon, size_t csize, int *titled,
                 const char **why, const ml_reg_legacy **legacy)
{
	size_t len, i, o;
	int spell, base, k = 0;

	base = ml_marking__word_prefix(reg, s, n, ML_CAT_AEA, "-", &len, &spell);
	if (base < 0 || reg->e[base].kind != ML_E_AEA) {
		*why = "not an atomic energy marking";
		return -1;
	}
	*titled = spell == ML_SPELL_TITLE;
	o = strlen(reg->e[base].portion);
	if (o + 1 >= csize)
		return -1;
	memcpy(canon, reg->e[base].portion, o);
	out[k++] = base;
	i = len;
	while (i < n) {
		size_t j = ++i, w, q;
		int e = -1, t = 0;
		const char *p;
		while (j < n && s[j] != '-')
			j++;
		/* the subset's word, then numbers for SIGMA */
		for (q = 0; q < reg->ne; q++) {
			const ml_reg_entry *x = &reg->e[q];
			const char *sp[3];
			int f;
			if (x->parent != base || x->kind != ML_E_AEASUB)
				continue;
			sp[0] = x->portion;
			sp[1] = x->abbrev;
			sp[2] = x->title;
			for (f = 0; f < 3 && e < 0; f++) {
				w = strlen(sp[f]);
				if (w && ml_marking__prefix(s + i, j - i, sp[f]) &&
				    (i + w == j || s[i + w] == ' ')) {
					e = (int)q;
					t = f == 2 && strcmp(sp[2], sp[1]) != 0;
				}
			}
			if (e >= 0)
				break;
		}
		if (e < 0) {
			/* a legacy subset ("RD-N") */
			const ml_reg_legacy *l = ml_register_legacy(reg, s + i,
			                                            j - i);
			if (l) {
				if (legacy)
					*legacy = l;
				for (q = 0; q < reg->ne; q++)
					if (reg->e[q].parent == base &&
					    strcmp(reg->e[q].portion, l->use) == 0)
						e = (int)q;
			}
			if (e < 0) {
				*why = "not a subset of its atomic energy marking";
				return -1;
			}
			w = j - i;
		} else {
			w = t ? strlen(reg->e[e].title)
			      : ml_marking__prefix(s + i, j - i, reg->e[e].portion)
			            ? strlen(reg->e[e].portion)
			            : strlen(reg->e[e].abbrev);
		}
		*titled |= t;
		if ((size_t)k < max)
			out[k++] = e;
		p = reg->e[e].portion;
		if (o + 1 + strlen(p) >= csize)
			return -1;
		canon[o++] = '-';
		memcpy(canon + o, p, strlen(p));
		o += strlen(p);
		if (reg->e[e].numbers) {
			size_t d = i + w;
			if (d >= j) {
				*why = "SIGMA needs its numbers";
				return -1;
			}
			for (; d < j; d++) {
				if (!ml_marking__digit(s[d]) && s[d] != ' ') {
					*why = "SIGMA numbers are digits separated "
					       "by spaces";
					return -1;
				}
			}
			if (o + (j - i - w) >= csize)
				return -1;
			memcpy(canon + o, s + i + w, j - i - w);
			o += j - i - w;
		} else if (i + w != j) {
			*why = "not a subset of its atomic energy marking";
			return -1;
		}
		i = j;
	}
	canon[o] = '\0';
	return k;
}

int ml_marking__token_entries(ml_cat cat, const char *tok, int *out,
                              size_t max)
{
	const ml_register *reg = ml_register_get();
	char canon[ML_MARKING_TOKEN_SIZE];
	const char *why;
	int titled;

	if (cat == ML_CAT_SCI)
		return ml_marking__sci_token(reg, tok, strlen(tok), out, max, canon,
		             sizeof canon, &titled, &why);
	if (cat == ML_CAT_AEA)
		return ml_marking__aea_token(reg, tok, strlen(tok), out, max, canon,
		             sizeof canon, &titled, &why, NULL);
	return -1;
}
