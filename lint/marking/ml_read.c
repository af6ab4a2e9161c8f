/* ml_read.c - reads a marking string against the register: the marking
 * it says (ml_marking), and what in it is not register form or cannot be
 * read (ml_issue). Tolerant by design: case, spaces around separators,
 * single slashes between categories, a spelling of the wrong form, legacy
 * words, order and a trailing declassification value are read and
 * reported (MARKING-NONSTANDARD); words the register does not have are
 * kept for the corrector (ml_correct.c).
 *
 * The grammar (register A.6, C, D; CUI handbook p. 35):
 *   marking  = class { "//" block }          US and CUI
 *            | "//" foreign { "//" block }   non-US and JOINT
 *   block    = item { "/" item }             one category per block
 * in category order: SCI, SAP, AEA, FGI, CUI, CUI categories,
 * dissemination controls, non-IC controls. Which category an item
 * belongs to is a look-up in the register; an item it does not know is
 * an unpublished SCI control system where the SCI block may be, a
 * further program in a SAP block, a CUI category in a CUI marking, and
 * otherwise unknown.
 *
 * Hostile input: the text is bounded (ML_MARKING_MAX_LEN), items are
 * bounded (S_MAX_ITEMS), every list has a fixed capacity, no recursion
 * beyond one level (a legacy word read again as its register form). */
#include "ml_marking_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_ITEMS 96

typedef struct S_item {
	size_t off, len; /* in rd->text */
	int sep;         /* separator before it: 0 none, 1 "/", 2 "//" */
	int block;
} S_item;

/* One item read: its category, and for the order checks its entry (a
 * control) or its sort key (a token). */
typedef struct S_tok {
	ml_cat cat;
	int entry;
	int sep, block;
	char key[ML_MARKING_TOKEN_SIZE];
	char text[ML_MARKING_TOKEN_SIZE]; /* as written, for messages */
} S_tok;

typedef struct S_reader {
	ml_reading *rd;
	ml_marking *m;
	const ml_register *reg;
	ml_marking_form form;
	S_item items[S_MAX_ITEMS];
	size_t nitems;
	S_tok toks[S_MAX_ITEMS];
	size_t ntoks;
	int foreign;   /* the marking began with "//" */
	int cui;       /* a CUI scheme: level CUI, or a CUI block */
	int cat_block; /* block of CUI categories, or -1 */
	int depth;     /* re-reading a legacy word */
} S_reader;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static int S_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int S_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int S_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int S_eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static int S_prefix(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return k && n >= k && memcmp(s, lit, k) == 0;
}

static void S_copy(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static ml_issue *S_issue(S_reader *r, const char *id, const char *x,
                         const char *y)
{
	return ml_marking__issue(&r->rd->issues, id, -1, -1, x, y);
}

/* An issue whose subject is s[0..n). */
static ml_issue *S_issuen(S_reader *r, const char *id, const char *s,
                          size_t n, const char *y)
{
	char x[ML_ISSUE_TEXT];

	S_copy(x, sizeof x, s, n);
	return S_issue(r, id, x, y);
}

static int S_is_code(const char *s, size_t n)
{
	size_t i;

	if (n != 3 && n != 4)
		return 0;
	for (i = 0; i < n; i++)
		if (!S_upper(s[i]))
			return 0;
	return 1;
}

/* [A-Z0-9]+ words joined by single spaces and hyphens. */
static int S_is_value(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '-' || s[0] == ' ' || s[n - 1] == '-' ||
	    s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (S_upper(c) || S_digit(c))
			continue;
		if ((c != '-' && c != ' ') || s[i + 1] == '-' || s[i + 1] == ' ')
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Lexing: upper case, separators, items                               */

/* "S E C R E T", "T O P  S E C R E T": letters each followed by one
 * space, words by two. Returns the length consumed and writes the word(s)
 * into out, or 0. */
static size_t S_letter_spaced(const char *s, size_t n, char *out, size_t size)
{
	size_t i = 0, o = 0, letters = 0;

	while (i < n && (S_upper(s[i]) || S_lower(s[i]))) {
		if (o + 2 >= size)
			return 0;
		out[o++] = S_lower(s[i]) ? (char)(s[i] - 'a' + 'A') : s[i];
		letters++;
		i++;
		if (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] != ' ') {
			i++;
		} else if (i + 2 < n && s[i] == ' ' && s[i + 1] == ' ') {
			out[o++] = ' ';
			i += 2;
		} else {
			break;
		}
		if (i < n && !(S_upper(s[i]) || S_lower(s[i])))
			return 0;
	}
	out[o] = '\0';
	if (letters < 3 || (i < n && s[i] != '/' && s[i] != ' '))
		return 0;
	/* every letter must have been single */
	return i;
}

/* Copies s[0..n) into rd->text upper-cased and with one space where
 * there were several; then splits it into items. */
static void S_lex(S_reader *r, const char *s, size_t n)
{
	ml_reading *rd = r->rd;
	char *t = rd->text, word[64];
	size_t i = 0, o = 0, k, start;
	int lower = 0, spaced = 0, back = 0, block = 0, sep = 0;

	/* a letter-spaced classification at the start */
	k = S_letter_spaced(s, n, word, sizeof word);
	if (k) {
		size_t j;
		for (j = 0; j < r->reg->nlv; j++)
			if (strcmp(word, r->reg->lv[j].title) == 0)
				break;
		if (j < r->reg->nlv) {
			S_issuen(r, "spacing", s, k, NULL);
			snprintf(rd->issues.v[rd->issues.n - 1].x, ML_ISSUE_TEXT,
			         "'%.*s' is letter-spaced: write %s", (int)k, s,
			         word);
			memcpy(t, word, strlen(word));
			o = strlen(word);
			i = k;
		}
	}
	for (; i < n && o < ML_MARKING_MAX_LEN; i++) {
		char c = s[i];
		if (c == '\t')
			c = ' ';
		if (c == '\\') {
			back = 1;
			c = '/';
		}
		if (S_lower(c)) {
			lower = 1;
			c = (char)(c - 'a' + 'A');
		}
		if (c == ' ') {
			/* no space at the start, twice, or around a slash */
			if (o == 0 || t[o - 1] == ' ' || t[o - 1] == '/') {
				spaced |= o > 0;
				continue;
			}
		}
		if (c == '/' && o > 0 && t[o - 1] == ' ') {
			o--;
			spaced = 1;
		}
		t[o++] = c;
	}
	while (o > 0 && t[o - 1] == ' ')
		o--;
	t[o] = '\0';
	rd->ntext = o;
	if (lower)
		S_issue(r, "case", NULL, NULL);
	if (spaced)
		S_issue(r, "spacing", "separators are written without spaces "
		        "around them", NULL);
	if (back)
		S_issue(r, "separator", "'\\' is not a separator: markings use "
		        "'/' and '//'", NULL);
	/* items */
	i = 0;
	start = 0;
	if (o >= 2 && t[0] == '/' && t[1] == '/') {
		r->foreign = 1;
		i = start = 2;
		while (i < o && t[i] == '/')
			i++;
		if (i > 2)
			S_issue(r, "separator", "a foreign or JOINT marking begins "
			        "with exactly '//'", NULL);
		start = i;
	}
	for (; i <= o; i++) {
		size_t j = i;
		if (i < o && t[i] != '/')
			continue;
		while (j < o && t[j] == '/')
			j++;
		if (i - start > 0) {
			if (r->nitems < S_MAX_ITEMS) {
				S_item *it = &r->items[r->nitems++];
				it->off = start;
				it->len = i - start;
				it->sep = r->nitems == 1 ? 0 : sep;
				it->block = block;
			}
		} else if (i < o || r->nitems) {
			S_issue(r, "syntax", i == o ? "a marking cannot end with "
			        "a separator" : r->nitems ? "an empty item or "
			        "block between separators" : "a marking cannot "
			        "begin with a separator", NULL);
		}
		if (j - i >= 3) {
			char x[ML_ISSUE_TEXT];
			snprintf(x, sizeof x, "'%.*s' is not a separator: use "
			         "'//' between categories", (int)(j - i > 8 ? 8
			                                          : j - i), t + i);
			S_issue(r, "separator", x, NULL);
		}
		if (j - i >= 2)
			block++;
		sep = j - i >= 2 ? 2 : 1;
		start = j;
		i = j > i ? j - 1 : i;
	}
	if (r->nitems == S_MAX_ITEMS)
		S_issue(r, "syntax", "too many items in one marking", NULL);
}

/* ------------------------------------------------------------------ */
/* Country lists                                                       */

/* Reads the codes of s[0..n) separated by sep (',' ' ' or '/') into c;
 * returns -1 when a code is not a code at all. A list separated
 * otherwise than the register writes it is read and reported. */
static int S_codes(S_reader *r, const char *s, size_t n, char sep,
                   const char *what, ml_marking_countries *c)
{
	size_t i = 0;
	int odd = 0;

	while (i < n) {
		size_t j = i, k;
		char code[ML_MARKING_CODE_SIZE];
		while (j < n && s[j] != ',' && s[j] != ' ' && s[j] != '/')
			j++;
		k = j - i;
		if (k == 0) {
			i++;
			continue;
		}
		{
			const ml_reg_legacy *l = NULL;
			size_t a;
			for (a = 0; a < r->reg->nlegacy; a++)
				if (strncmp(r->reg->legacy[a].spelling, "CODE ", 5) ==
				        0 &&
				    S_eq(s + i, k, r->reg->legacy[a].spelling + 5))
					l = &r->reg->legacy[a];
			if (l) {
				const char *u = l->use;
				char x[ML_ISSUE_TEXT];
				S_copy(x, sizeof x, s + i, k);
				S_issue(r, "legacy", x, l->note);
				while (*u) {
					size_t w = strcspn(u, " ");
					S_copy(code, sizeof code, u, w);
					if (c->n < ML_MARKING_MAX_COUNTRIES)
						memcpy(c->v[c->n++], code, sizeof code);
					u += w;
					u += strspn(u, " ");
				}
				i = j;
				goto next;
			}
		}
		if (!S_is_code(s + i, k) || c->n >= ML_MARKING_MAX_COUNTRIES) {
			char x[ML_ISSUE_TEXT];
			snprintf(x, sizeof x, "'%.*s' in %s is not a country "
			         "trigraph or tetragraph", (int)(k > 40 ? 40 : k),
			         s + i, what);
			S_issue(r, "syntax", x, NULL);
			return -1;
		}
		S_copy(code, sizeof code, s + i, k);
		memcpy(c->v[c->n++], code, sizeof code);
		i = j;
next:
		/* the separator after the code */
		if (i < n) {
			if (sep == ',' && !(s[i] == ',' && i + 1 < n &&
			                    s[i + 1] == ' ' && i + 2 < n &&
			                    s[i + 2] != ' '))
				odd = 1;
			if (sep != ',' && s[i] != sep)
				odd = 1;
			while (i < n && (s[i] == ',' || s[i] == ' ' || s[i] == '/'))
				i++;
		}
	}
	if (odd) {
		char x[ML_ISSUE_TEXT];
		snprintf(x, sizeof x, "the codes of %s are separated by '%s'",
		         what, sep == ',' ? ", " : sep == ' ' ? " " : "/");
		S_issue(r, "spacing", x, NULL);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Tokens: SCI, SAP, AEA                                               */

/* The word spelling an entry of kind k (category c) that starts s and
 * ends at s[n] or a character in ends; *len gets its length, *spell its
 * spelling. Longest match wins. */
static int S_word_prefix(const ml_register *reg, const char *s, size_t n,
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
static int S_shape_ok(const ml_reg_entry *e, const char *s, size_t n)
{
	size_t i;

	if (!e->chars || (int)n < e->min || (int)n > e->max)
		return 0;
	for (i = 0; i < n; i++)
		if (!S_upper(s[i]) && !(e->chars == ML_CHARS_ALNUM && S_digit(s[i])))
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
		if (!e->chars && S_eq(s, n, e->portion))
			return (int)i;
		if (!e->chars && e->title[0] && S_eq(s, n, e->title)) {
			*titled = 1;
			return (int)i;
		}
		if (shaped < 0 && S_shape_ok(e, s, n))
			shaped = (int)i;
	}
	return shaped;
}

/* An SCI token "SYS(-COMP( SUB)*)*" into entries (system first, then
 * each compartment followed by its subs) and its portion spelling.
 * Returns the number of entries, or -1 with *why set. */
static int S_sci(const ml_register *reg, const char *s, size_t n, int *out,
                 size_t max, char *canon, size_t csize, int *titled,
                 const char **why)
{
	size_t len, i, o = 0;
	int spell, sys, k = 0, comp = -1;

	*titled = 0;
	sys = S_word_prefix(reg, s, n, ML_CAT_SCI, "- ", &len, &spell);
	if (sys < 0) {
		/* an unpublished system: [A-Z0-9]+ up to '-' or ' ' */
		for (i = 0; i < reg->ne; i++)
			if (reg->e[i].kind == ML_E_SYSTEM && reg->e[i].unpublished)
				break;
		len = strcspn(s, "- ");
		if (len > n)
			len = n;
		if (i == reg->ne || !S_shape_ok(&reg->e[i], s, len)) {
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
static int S_aea(const ml_register *reg, const char *s, size_t n, int *out,
                 size_t max, char *canon, size_t csize, int *titled,
                 const char **why)
{
	size_t len, i, o;
	int spell, base, k = 0;

	base = S_word_prefix(reg, s, n, ML_CAT_AEA, "-", &len, &spell);
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
				if (w && S_prefix(s + i, j - i, sp[f]) &&
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
			      : S_prefix(s + i, j - i, reg->e[e].portion)
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
				if (!S_digit(s[d]) && s[d] != ' ') {
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
		return S_sci(reg, tok, strlen(tok), out, max, canon,
		             sizeof canon, &titled, &why);
	if (cat == ML_CAT_AEA)
		return S_aea(reg, tok, strlen(tok), out, max, canon,
		             sizeof canon, &titled, &why);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Items                                                               */

/* Adds a token to list t; complains when full. */
static void S_token(S_reader *r, ml_marking_tokens *t, const char *s,
                    int titled)
{
	size_t n = strlen(s);

	if (t->n >= ML_MARKING_MAX_TOKENS || n >= ML_MARKING_TOKEN_SIZE) {
		S_issue(r, "syntax", "too many or too long markings in one "
		        "category", NULL);
		r->rd->parsed = 0;
		return;
	}
	memcpy(t->v[t->n], s, n + 1);
	if (titled)
		t->titled |= 1u << t->n;
	t->n++;
}

static S_tok *S_tok_new(S_reader *r, const S_item *it, ml_cat cat, int entry,
                        const char *key)
{
	S_tok *k = &r->toks[r->ntoks++];

	k->cat = cat;
	k->entry = entry;
	k->sep = it->sep;
	k->block = it->block;
	S_copy(k->key, sizeof k->key, key, strlen(key));
	S_copy(k->text, sizeof k->text, r->rd->text + it->off, it->len);
	r->rd->recognised = 1;
	return k;
}

/* A control: its entry, spelled spell; spellings of the wrong form and
 * controls of the wrong scheme are reported. */
static void S_control(S_reader *r, const S_item *it, int e, int spell)
{
	const ml_reg_entry *x = &r->reg->e[e];
	ml_marking_controls *c = &r->m->ctl;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->id[i] == e) {
			S_issue(r, "duplicate", x->portion, NULL);
			S_tok_new(r, it, x->cat, e, "");
			return;
		}
	if (c->n >= ML_MARKING_MAX_CONTROLS) {
		S_issue(r, "syntax", "too many dissemination controls", NULL);
		r->rd->parsed = 0;
		return;
	}
	if (r->form == ML_MARKING_PORTION && spell != ML_SPELL_PORTION &&
	    strcmp(ml_register_spell(x, spell), x->portion) != 0) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "'%s' is the banner form: a portion mark "
		         "writes %s", ml_register_spell(x, spell), x->portion);
		S_issue(r, "control-form", m, NULL);
		spell = ML_SPELL_PORTION;
	} else if (r->form == ML_MARKING_BANNER && spell == ML_SPELL_PORTION &&
	           strcmp(x->portion, ml_register_spell(x, ML_SPELL_ABBREV)) !=
	               0 &&
	           strcmp(x->portion, x->title) != 0) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "'%s' is the portion mark: a banner line "
		         "writes %s", x->portion,
		         ml_register_spell(x, ML_SPELL_ABBREV));
		S_issue(r, "control-form", m, NULL);
		spell = ML_SPELL_ABBREV;
	}
	c->id[c->n] = (uint16_t)e;
	c->spell[c->n] = (uint8_t)spell;
	c->n++;
	S_tok_new(r, it, x->cat, e, "");
}

/* REL TO, DISPLAY ONLY and EYES ONLY with their lists. Returns 1 when
 * s[0..n) is one of them. */
static int S_list_control(S_reader *r, const S_item *it, const char *s,
                          size_t n)
{
	const ml_register *reg = r->reg;
	ml_marking *m = r->m;
	const char *what;
	int e = -1, spell = ML_SPELL_PORTION;
	size_t k = 0, i;

	/* short forms: "(S//REL)", "(TS//EYES)" */
	for (i = 0; i < reg->ne; i++) {
		const ml_reg_entry *x = &reg->e[i];
		if (!x->list)
			continue;
		if (x->shortf[0] && S_eq(s, n, x->shortf)) {
			S_control(r, it, (int)i, ML_SPELL_PORTION);
			if (x->list == ML_LIST_RELTO)
				m->relto_short = 1;
			else
				m->eyes_short = 1;
			if (r->form == ML_MARKING_BANNER)
				S_issuen(r, "list-short", s, n,
				         x->list == ML_LIST_RELTO
				             ? "REL TO USA and the countries"
				             : "USA/ and the countries EYES ONLY");
			return 1;
		}
		if (x->list == ML_LIST_EYES) {
			size_t t = strlen(x->title);
			if (n >= t && memcmp(s + n - t, x->title, t) == 0 &&
			    (n == t || s[n - t - 1] == ' ')) {
				e = (int)i;
				k = 0;
				what = "EYES ONLY";
				break;
			}
			continue;
		}
		if (S_prefix(s, n, x->portion) &&
		    (n == strlen(x->portion) || s[strlen(x->portion)] == ' ')) {
			e = (int)i;
			k = strlen(x->portion);
		} else if (S_prefix(s, n, x->title) &&
		           (n == strlen(x->title) || s[strlen(x->title)] == ' ')) {
			e = (int)i;
			k = strlen(x->title);
			spell = ML_SPELL_TITLE;
		}
		if (e >= 0)
			break;
	}
	if (e < 0)
		return 0;
	what = reg->e[e].list == ML_LIST_RELTO ? "REL TO"
	       : reg->e[e].list == ML_LIST_EYES ? "EYES ONLY"
	                                        : "DISPLAY ONLY";
	if (r->form == ML_MARKING_BANNER && spell == ML_SPELL_PORTION &&
	    reg->e[e].abbrev[0])
		spell = ML_SPELL_ABBREV;
	S_control(r, it, e, spell);
	if (reg->e[e].list == ML_LIST_EYES) {
		/* "USA/CAN/GBR EYES ONLY" (slashes), "USA, GBR EYES ONLY" */
		size_t t = n - strlen(reg->e[e].title);
		const char *sep = memchr(s, '/', t) ? "/" : ",";
		while (t > 0 && s[t - 1] == ' ')
			t--;
		if (t == 0 || S_codes(r, s, t, sep[0], what, &m->eyes) < 0) {
			if (t == 0)
				S_issue(r, "list-missing", what, NULL);
			return 1;
		}
		if (sep[0] == ',')
			S_issue(r, "list-order", "the EYES ONLY list is written "
			        "USA/CAN/GBR", NULL);
		return 1;
	}
	while (k < n && s[k] == ' ')
		k++;
	if (k >= n) {
		S_issue(r, "list-missing", what, NULL);
		return 1;
	}
	if (reg->e[e].list == ML_LIST_RELTO && n - k >= 5 &&
	    memcmp(s + n - 5, " ONLY", 5) == 0) {
		m->relto_only = 1;
		n -= 5;
	}
	S_codes(r, s + k, n - k, ',',
	        what, reg->e[e].list == ML_LIST_RELTO ? &m->relto : &m->display);
	return 1;
}

/* FGI, FGI GBR DEU, FOREIGN GOVERNMENT INFORMATION [LIST]. */
static int S_fgi(S_reader *r, const S_item *it, const char *s, size_t n)
{
	const ml_register *reg = r->reg;
	size_t k;

	if (S_prefix(s, n, reg->fgi_title))
		k = strlen(reg->fgi_title);
	else if (S_prefix(s, n, reg->fgi_portion))
		k = strlen(reg->fgi_portion);
	else
		return 0;
	if (k < n && s[k] != ' ')
		return 0;
	if (r->m->fgi) {
		S_issue(r, "duplicate", "FGI", NULL);
		return 1;
	}
	r->m->fgi = 1;
	S_tok_new(r, it, ML_CAT_FGI, -1, "");
	if (k < n)
		S_codes(r, s + k + 1, n - k - 1, ' ', "FGI",
		        &r->m->fgi_countries);
	return 1;
}

/* SAR-BP, SPECIAL ACCESS REQUIRED-BUTTER POPCORN, BOHEMIA; after one,
 * further programs of the same block ("SAR-BP/SDA"). */
static int S_sap(S_reader *r, const S_item *it, const char *s, size_t n,
                 int continued)
{
	const ml_register *reg = r->reg;
	char tok[ML_MARKING_TOKEN_SIZE];
	size_t i, k = 0;
	int titled = 0, e = -1;

	for (i = 0; i < reg->ne && e < 0; i++) {
		const ml_reg_entry *x = &reg->e[i];
		if (x->kind != ML_E_SAP)
			continue;
		if (x->nato) {
			if (S_eq(s, n, x->portion)) {
				S_token(r, &r->m->sap, x->portion, 0);
				S_tok_new(r, it, ML_CAT_SAP, (int)i, x->portion);
				return 1;
			}
			continue;
		}
		if (S_prefix(s, n, x->title)) {
			e = (int)i;
			k = strlen(x->title);
			titled = 1;
		} else if (S_prefix(s, n, x->portion)) {
			e = (int)i;
			k = strlen(x->portion);
		} else if (S_eq(s, n, "SAR") ||
		           S_eq(s, n, "SPECIAL ACCESS REQUIRED")) {
			S_issuen(r, "sap-identifier", s, n, NULL);
			S_tok_new(r, it, ML_CAT_SAP, (int)i, "");
			return 1;
		}
	}
	if (e < 0 && !continued)
		return 0;
	if (e < 0) {
		for (i = 0; i < reg->ne; i++)
			if (reg->e[i].kind == ML_E_SAP && !reg->e[i].nato)
				break;
		e = (int)i;
	}
	if (k >= n) {
		S_issuen(r, "sap-identifier", s, n, NULL);
		S_tok_new(r, it, ML_CAT_SAP, e, "");
		return 1;
	}
	if (!S_is_value(s + k, n - k)) {
		S_issuen(r, "syntax", s, n, NULL);
		snprintf(r->rd->issues.v[r->rd->issues.n - 1].x, ML_ISSUE_TEXT,
		         "malformed special access program marking '%.*s'",
		         (int)(n > 40 ? 40 : n), s);
		return 1;
	}
	snprintf(tok, sizeof tok, "%s%.*s", reg->e[e].portion, (int)(n - k),
	         s + k);
	S_token(r, &r->m->sap, tok, titled);
	S_tok_new(r, it, ML_CAT_SAP, e, tok + strlen(reg->e[e].portion));
	return 1;
}

/* An SCI token (published or not) or an AEA token. */
static int S_structured(S_reader *r, const S_item *it, const char *s,
                        size_t n, ml_cat cat, int unpublished_ok)
{
	char canon[ML_MARKING_TOKEN_SIZE];
	int ents[16], titled, k;
	const char *why = "";

	k = cat == ML_CAT_SCI
	        ? S_sci(r->reg, s, n, ents, 16, canon, sizeof canon, &titled,
	                &why)
	        : S_aea(r->reg, s, n, ents, 16, canon, sizeof canon, &titled,
	                &why);
	if (k < 0)
		return 0;
	if (cat == ML_CAT_SCI && r->reg->e[ents[0]].unpublished &&
	    !unpublished_ok)
		return 0;
	if (r->form == ML_MARKING_PORTION && titled) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "'%.*s' is the banner title: a portion "
		         "mark writes %s", (int)(n > 40 ? 40 : n), s, canon);
		S_issue(r, "control-form", m, NULL);
		titled = 0;
	}
	if (cat == ML_CAT_AEA && r->form == ML_MARKING_BANNER) {
		/* SIGMA's portion form SG in a banner */
		const char *sg = strstr(s, "-SG ");
		if (sg && (size_t)(sg - s) < n) {
			S_issue(r, "control-form", "'SG' is the portion mark: a "
			        "banner line writes SIGMA", NULL);
		}
	}
	if (cat == ML_CAT_AEA && r->form == ML_MARKING_PORTION &&
	    strstr(canon, "-SG ") && !strstr(s, "-SG ") &&
	    memchr(s, ' ', n)) {
		S_issue(r, "control-form", "'SIGMA' is the banner form: a "
		        "portion mark writes SG", NULL);
	}
	S_token(r, cat == ML_CAT_SCI ? &r->m->sci : &r->m->aea, canon, titled);
	S_tok_new(r, it, cat, ents[0], canon);
	return 1;
}

/* Is s[0..n) one typo away from a register word? (Then it is not an
 * unpublished SCI system but a misspelt marking.) */
static int S_near_word(const S_reader *r, const char *s, size_t n)
{
	size_t i, lim = n >= 7 ? 2 : 1;

	for (i = 0; i < r->reg->nwords; i++) {
		const char *w = r->reg->words[i].s;
		size_t d, k = strlen(w);
		if (k + lim < n || n + lim < k)
			continue;
		d = ml_marking__distance(s, n, w);
		if (d == 0 || d > lim)
			continue;
		/* short words: only a swap of two letters or one letter
		 * more or less ("FN", "NFF"), never a different letter */
		if ((n <= 3 || k <= 3) && n == k &&
		    !(n == 2 && s[0] == w[1] && s[1] == w[0]) &&
		    !(n == 3 && ((s[0] == w[1] && s[1] == w[0] && s[2] == w[2]) ||
		                 (s[0] == w[0] && s[1] == w[2] && s[2] == w[1]))))
			continue;
		return 1;
	}
	for (i = 0; i < r->reg->nlv; i++) {
		const char *w = r->reg->lv[i].title;
		if (strlen(w) >= 4 && n >= 4 &&
		    ml_marking__distance(s, n, w) <= lim)
			return 1;
	}
	return 0;
}

/* A trailing declassification value or date: "20320108", "X1", "25X1",
 * "50X1-HUM", "MR", "OADR" (the banner's declassification category,
 * eliminated in 2008: register section I). */
static int S_declass(const char *s, size_t n)
{
	size_t i;

	if (n == 8) {
		for (i = 0; i < 8 && S_digit(s[i]); i++)
			;
		if (i == 8)
			return 1;
	}
	if (S_eq(s, n, "MR") || S_eq(s, n, "OADR"))
		return 1;
	if (n == 2 && s[0] == 'X' && s[1] >= '1' && s[1] <= '8')
		return 1;
	if (n >= 4 && S_digit(s[0]) && S_digit(s[1]) && s[2] == 'X' &&
	    s[3] >= '1' && s[3] <= '9' &&
	    (n == 4 || S_eq(s + 4, n - 4, "-HUM") || S_eq(s + 4, n - 4, "-WMD")))
		return 1;
	return 0;
}

static void S_unknown(S_reader *r, const S_item *it, ml_cat expect)
{
	ml_reading *rd = r->rd;

	S_issuen(r, "unknown", rd->text + it->off, it->len, NULL);
	rd->parsed = 0;
	if (rd->nunknown < sizeof rd->unknown / sizeof rd->unknown[0]) {
		rd->unknown[rd->nunknown].off = it->off;
		rd->unknown[rd->nunknown].len = it->len;
		rd->unknown[rd->nunknown].expect = expect;
		rd->nunknown++;
	}
}

/* The category the next item may open without breaking the order. */
static ml_cat S_last_cat(const S_reader *r)
{
	return r->ntoks ? r->toks[r->ntoks - 1].cat : ML_CAT_CLASS;
}

static void S_read_text(S_reader *r, const S_item *it, const char *s,
                        size_t n);

/* Reads one item (not the classification). */
static void S_read_item(S_reader *r, const S_item *it)
{
	S_read_text(r, it, r->rd->text + it->off, it->len);
}

static void S_read_text(S_reader *r, const S_item *it, const char *s,
                        size_t n)
{
	const ml_register *reg = r->reg;
	const ml_reg_legacy *l;
	const ml_reg_word *w;
	ml_cat last = S_last_cat(r);
	int same_block_sap = r->ntoks && last == ML_CAT_SAP &&
	                     r->toks[r->ntoks - 1].block == it->block;
	int same_block_sci = r->ntoks && last == ML_CAT_SCI &&
	                     r->toks[r->ntoks - 1].block == it->block;
	int sci_place = last <= ML_CAT_SCI && r->m->level != ML_CLASS_U &&
	                r->m->level != ML_CLASS_CUI && !r->cui;
	int cat_place = r->cui && it->block == r->cat_block;

	if (ml_register_not_a_marking(reg, s, n)) {
		S_issuen(r, "not-a-marking", s, n, NULL);
		return;
	}
	l = ml_register_legacy(reg, s, n);
	if (l && r->depth == 0) {
		S_issuen(r, "legacy", s, n, l->note);
		if (l->use[0]) {
			r->depth++;
			S_read_text(r, it, l->use, strlen(l->use));
			r->depth--;
		}
		return;
	}
	/* a CUI category where a CUI marking has them */
	if (cat_place) {
		w = ml_register_word(reg, s, n);
		if (!w || !(reg->e[w->entry].context & ML_CTX_CUI) ||
		    reg->e[w->entry].cat != ML_CAT_DISSEM) {
			if (S_is_value(s, n) && !memchr(s, ' ', n)) {
				char key[ML_MARKING_TOKEN_SIZE];
				S_copy(key, sizeof key, s, n);
				S_token(r, &r->m->cui, key, 0);
				S_tok_new(r, it, ML_CAT_CUICAT, -1, key);
				return;
			}
		}
	}
	if (S_eq(s, n, reg->cui_portion) && !r->foreign &&
	    r->m->level != ML_CLASS_CUI && r->m->level != ML_CLASS_NONE) {
		if (r->m->cui_marking)
			S_issue(r, "duplicate", "CUI", NULL);
		r->m->cui_marking = 1;
		r->cui = 1;
		r->cat_block = it->block + 1;
		S_tok_new(r, it, ML_CAT_CUI, -1, "");
		return;
	}
	if (S_list_control(r, it, s, n))
		return;
	w = ml_register_word(reg, s, n);
	if (w && reg->e[w->entry].kind == ML_E_CONTROL) {
		S_control(r, it, w->entry, w->spell);
		return;
	}
	if (S_fgi(r, it, s, n))
		return;
	if (S_sap(r, it, s, n, same_block_sap))
		return;
	if (S_structured(r, it, s, n, ML_CAT_AEA, 0))
		return;
	if (S_structured(r, it, s, n, ML_CAT_SCI,
	                 (same_block_sci || sci_place) &&
	                     !S_near_word(r, s, n)))
		return;
	/* a legacy word inside a token: "COMINT-GAMMA", "KDK-BLUEFISH" */
	{
		size_t k = strcspn(s, "- ");
		if (k < n && r->depth == 0 &&
		    (l = ml_register_legacy(reg, s, k)) != NULL && l->use[0]) {
			char buf[ML_MARKING_TOKEN_SIZE];
			char x[ML_ISSUE_TEXT];
			snprintf(buf, sizeof buf, "%s%.*s", l->use, (int)(n - k),
			         s + k);
			S_copy(x, sizeof x, s, k);
			S_issue(r, "legacy", x, l->note);
			r->depth++;
			S_read_text(r, it, buf, strlen(buf));
			r->depth--;
			return;
		}
	}
	if (r->ntoks && it == &r->items[r->nitems - 1] && S_declass(s, n)) {
		S_issuen(r, "trailing", s, n, NULL);
		return;
	}
	S_unknown(r, it, cat_place ? ML_CAT_CUICAT
	                 : sci_place ? ML_CAT_SCI : ML_CAT_DISSEM);
}

/* ------------------------------------------------------------------ */
/* The classification                                                  */

/* A US (or CUI) classification spelled s[0..n); *titled for an alias. */
static const ml_reg_level *S_level(const ml_register *reg, const char *s,
                                   size_t n, int banner, int *titled,
                                   int *other_form)
{
	size_t i;

	*titled = *other_form = 0;
	for (i = 0; i < reg->nlv; i++) {
		const ml_reg_level *l = &reg->lv[i];
		const char *want = banner ? l->title : l->portion;
		const char *other = banner ? l->portion : l->title;
		if (S_eq(s, n, want))
			return l;
		if (banner && l->alias[0] && S_eq(s, n, l->alias)) {
			*titled = 1;
			return l;
		}
		if (S_eq(s, n, other) || (l->alias[0] && S_eq(s, n, l->alias))) {
			*other_form = 1;
			return l;
		}
	}
	return NULL;
}

/* The trailing level of "GBR S", "CAN GBR SECRET", "JOINT S GBR USA":
 * returns its length at the end (when at_end) or the start of s. */
static const ml_reg_level *S_level_at(const ml_register *reg, const char *s,
                                      size_t n, int at_end, size_t *len,
                                      int *other_form)
{
	const ml_reg_level *best = NULL;
	size_t i;
	int f;

	*len = 0;
	for (i = 0; i < reg->nlv; i++) {
		const ml_reg_level *l = &reg->lv[i];
		if (l->cui)
			continue;
		for (f = 0; f < 2; f++) {
			const char *sp = f ? l->title : l->portion;
			size_t k = strlen(sp);
			if (k > n || k <= *len)
				continue;
			if (at_end ? memcmp(s + n - k, sp, k) != 0 ||
			                 (k < n && s[n - k - 1] != ' ')
			           : memcmp(s, sp, k) != 0 ||
			                 (k < n && s[k] != ' '))
				continue;
			best = l;
			*len = k;
			*other_form = f != 0;
		}
	}
	return best;
}

static void S_class_form(S_reader *r, const ml_reg_level *l, int other)
{
	char m[ML_ISSUE_TEXT];

	if (!other)
		return;
	if (r->form == ML_MARKING_PORTION)
		snprintf(m, sizeof m, "portion marks use the abbreviated "
		         "classification '%s', not '%s'", l->portion, l->title);
	else
		snprintf(m, sizeof m, "banner lines spell out the "
		         "classification: '%s', not '%s'", l->title, l->portion);
	S_issue(r, "class-form", m, NULL);
}

/* The block after a leading "//": NATO ("NS", "NATO SECRET", "NIS"),
 * JOINT ("JOINT S GBR USA", "JOINT S"), concealed FGI ("FGI S") or a
 * foreign owner ("GBR S", "CAN GBR SECRET"). */
static void S_read_foreign(S_reader *r, const S_item *it)
{
	const ml_register *reg = r->reg;
	ml_marking *m = r->m;
	const char *s = r->rd->text + it->off;
	size_t n = it->len, i, k;
	const ml_reg_level *l;
	int other = 0;

	for (i = 0; i < reg->nnato; i++) {
		const ml_reg_nato *t = &reg->nato[i];
		int banner_hit = S_eq(s, n, t->title);
		if (banner_hit || S_eq(s, n, t->portion)) {
			m->owner = ML_OWNER_FOREIGN;
			ml_marking_countries_add(&m->owners, "NATO");
			m->level = t->level;
			if (banner_hit != (r->form == ML_MARKING_BANNER)) {
				char x[ML_ISSUE_TEXT];
				snprintf(x, sizeof x, r->form == ML_MARKING_PORTION
				         ? "portion marks use the abbreviated NATO "
				           "classification '%s', not '%s'"
				         : "banner lines spell out the NATO "
				           "classification: '%s', not '%s'",
				         r->form == ML_MARKING_PORTION ? t->portion
				                                       : t->title,
				         r->form == ML_MARKING_PORTION ? t->title
				                                       : t->portion);
				S_issue(r, "class-form", x, NULL);
			}
			S_tok_new(r, it, ML_CAT_CLASS, -1, "");
			return;
		}
	}
	/* NATO/NAC activity: "NIS", "NATO ISAF SECRET" */
	for (i = 0; i < reg->nnac; i++) {
		size_t j;
		for (j = 0; j < reg->nnato; j++) {
			char p[16], b[64];
			const char *word = reg->nato[j].title + 5; /* "SECRET" */
			if (strncmp(reg->nato[j].title, "NATO ", 5) != 0)
				continue;
			snprintf(p, sizeof p, "N%s%s", reg->nac_letter[i],
			         reg->nato[j].portion + 1);
			snprintf(b, sizeof b, "NATO %s %s", reg->nac_activity[i],
			         word);
			if (S_eq(s, n, p) || S_eq(s, n, b)) {
				m->owner = ML_OWNER_FOREIGN;
				ml_marking_countries_add(&m->owners, "NATO");
				m->level = reg->nato[j].level;
				S_copy(m->nac, sizeof m->nac, reg->nac_activity[i],
				       strlen(reg->nac_activity[i]));
				S_tok_new(r, it, ML_CAT_CLASS, -1, "");
				return;
			}
		}
	}
	k = strlen(reg->joint_title);
	if (S_prefix(s, n, reg->joint_title) && n > k && s[k] == ' ') {
		size_t len;
		l = S_level_at(reg, s + k + 1, n - k - 1, 0, &len, &other);
		m->owner = ML_OWNER_JOINT;
		S_tok_new(r, it, ML_CAT_CLASS, -1, "");
		if (!l) {
			S_issue(r, "syntax", r->form == ML_MARKING_PORTION
			        ? "JOINT needs a classification and its owners, "
			          "e.g. '//JOINT S GBR USA'"
			        : "JOINT needs a classification and its owners, "
			          "e.g. '//JOINT SECRET GBR USA'", NULL);
			r->rd->parsed = 0;
			return;
		}
		m->level = l->level;
		S_class_form(r, l, other != (r->form == ML_MARKING_PORTION));
		if (k + 1 + len < n)
			S_codes(r, s + k + 2 + len, n - k - 2 - len, ' ',
			        "the JOINT owners", &m->owners);
		else if (r->form == ML_MARKING_BANNER)
			S_issue(r, "list-missing", "JOINT", NULL);
		return;
	}
	/* "GBR S", "FGI S": codes, then the level at the end */
	l = S_level_at(reg, s, n, 1, &k, &other);
	if (!l || k == n) {
		S_issuen(r, "syntax", s, n, NULL);
		snprintf(r->rd->issues.v[r->rd->issues.n - 1].x, ML_ISSUE_TEXT,
		         "'//%.*s' is not a foreign classification (expected "
		         "e.g. '%s')", (int)(n > 30 ? 30 : n), s,
		         r->form == ML_MARKING_PORTION ? "//GBR S"
		                                       : "//GBR SECRET");
		r->rd->parsed = 0;
		return;
	}
	m->owner = ML_OWNER_FOREIGN;
	m->level = l->level;
	S_class_form(r, l, other != (r->form == ML_MARKING_PORTION));
	S_tok_new(r, it, ML_CAT_CLASS, -1, "");
	if (S_eq(s, n - k - 1, reg->fgi_portion))
		return; /* concealed source: no owners */
	S_codes(r, s, n - k - 1, ' ', "the foreign owners", &m->owners);
}

/* Does s[0..n) begin with the name of a list control ("REL TO USA",
 * "REL", "DISPLAY ONLY AFG", "USA/GBR EYES ONLY", "EYES")? */
static int S_list_control_name(const ml_register *reg, const char *s,
                               size_t n)
{
	size_t i;

	for (i = 0; i < reg->ne; i++) {
		const ml_reg_entry *x = &reg->e[i];
		if (!x->list)
			continue;
		if ((x->shortf[0] && S_eq(s, n, x->shortf)) ||
		    (S_prefix(s, n, x->portion) &&
		     (n == strlen(x->portion) || s[strlen(x->portion)] == ' ')) ||
		    (x->list == ML_LIST_EYES && n >= strlen(x->title) &&
		     memcmp(s + n - strlen(x->title), x->title,
		            strlen(x->title)) == 0))
			return 1;
	}
	return 0;
}

static void S_read_class(S_reader *r, const S_item *it)
{
	const ml_register *reg = r->reg;
	const char *s = r->rd->text + it->off;
	size_t n = it->len;
	const ml_reg_level *l;
	const ml_reg_word *w;
	int titled, other;

	l = S_level(reg, s, n, r->form == ML_MARKING_BANNER, &titled, &other);
	if (l) {
		r->m->level = l->level;
		r->m->class_titled = titled;
		if (l->cui) {
			r->cui = 1;
			r->cat_block = it->block + 1;
		}
		if (l->foreign_only) {
			char x[ML_ISSUE_TEXT];
			snprintf(x, sizeof x, "'%s' is not a US classification; a "
			         "foreign one starts with '//', e.g. '//GBR %s'",
			         r->form == ML_MARKING_PORTION ? l->portion
			                                       : l->title,
			         r->form == ML_MARKING_PORTION ? l->portion
			                                       : l->title);
			S_issue(r, "syntax", x, NULL);
			r->rd->parsed = 0;
		}
		if (other && strcmp(l->portion, l->title) != 0)
			S_class_form(r, l, 1);
		S_tok_new(r, it, ML_CAT_CLASS, -1, "");
		return;
	}
	/* no classification: an unclassified-only control implies U
	 * ("(SBU)", "(SBU-NF)"); another control is a missing one */
	w = ml_register_word(reg, s, n);
	if (w && reg->e[w->entry].levels == (1u << ML_CLASS_U)) {
		S_issuen(r, "implied-classification", s, n, NULL);
		r->m->level = ML_CLASS_U;
		S_read_item(r, it);
		return;
	}
	if (w || S_list_control_name(reg, s, n)) {
		S_issue(r, "no-classification", NULL,
		        r->form == ML_MARKING_PORTION
		            ? "U, C, S, TS or CUI"
		            : "UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET or "
		              "CUI");
		S_read_item(r, it);
		return;
	}
	S_unknown(r, it, ML_CAT_CLASS);
}

/* ------------------------------------------------------------------ */
/* Structure: separators and order                                     */

static const char *const S_cat_names[ML_CAT_COUNT] = {
	"the classification", "SCI controls", "SAP markings", "AEA markings",
	"FGI markings", "the CUI marking", "CUI categories",
	"dissemination controls", "non-IC dissemination controls",
};

/* CUI categories: specified ones (SP-) first, each group A-Z. */
static int S_cuicat_cmp(const char *a, const char *b)
{
	int sa = strncmp(a, "SP-", 3) == 0, sb = strncmp(b, "SP-", 3) == 0;

	if (sa != sb)
		return sb - sa;
	return strcmp(a, b);
}

/* Order of two items of the same category: <0, 0 (the same), >0. */
static int S_tok_cmp(const S_reader *r, const S_tok *a, const S_tok *b)
{
	const ml_register *reg = r->reg;

	switch (a->cat) {
	case ML_CAT_SCI:
		return ml_marking__value_cmp(a->key, b->key);
	case ML_CAT_SAP:
		if (reg->e[a->entry].nato != reg->e[b->entry].nato)
			return reg->e[a->entry].nato ? 1 : -1;
		return ml_marking__value_cmp(a->key, b->key);
	case ML_CAT_AEA:
		if (a->entry != b->entry)
			return reg->e[a->entry].order - reg->e[b->entry].order;
		return 0;
	case ML_CAT_CUICAT:
		return S_cuicat_cmp(a->key, b->key);
	case ML_CAT_DISSEM:
	case ML_CAT_NONIC:
		if (a->entry < 0 || b->entry < 0)
			return 0;
		if (r->cui && r->m->level == ML_CLASS_CUI)
			return strcmp(ml_register_spell(&reg->e[a->entry],
			                                ML_SPELL_ABBREV),
			              ml_register_spell(&reg->e[b->entry],
			                                ML_SPELL_ABBREV));
		return reg->e[a->entry].order - reg->e[b->entry].order;
	default:
		return 0;
	}
}

static void S_structure(S_reader *r)
{
	size_t i;
	int ordered = 0, sep_odd = 0, agency = 0;

	for (i = 1; i < r->ntoks; i++) {
		const S_tok *p = &r->toks[i - 1], *c = &r->toks[i];
		char m[ML_ISSUE_TEXT];
		if (c->cat < p->cat) {
			if (!ordered) {
				snprintf(m, sizeof m, "%s must come before %s",
				         S_cat_names[c->cat], S_cat_names[p->cat]);
				S_issue(r, "order", m, NULL);
			}
			ordered = 1;
			continue;
		}
		if (c->cat == p->cat) {
			int d = S_tok_cmp(r, p, c);
			if (c->sep == 2 && c->cat != ML_CAT_CLASS && !sep_odd) {
				snprintf(m, sizeof m, "%s share one block, separated "
				         "by '/' (not '//')", S_cat_names[c->cat]);
				S_issue(r, "agency-separator", m, NULL);
				sep_odd = 1;
			}
			if (d > 0 && !ordered) {
				snprintf(m, sizeof m, "%s are not in register order: "
				         "%s comes before %s", S_cat_names[c->cat],
				         c->text, p->text);
				S_issue(r, "order", m, NULL);
				ordered = 1;
			} else if (d == 0 && c->cat != ML_CAT_AEA &&
			           c->cat != ML_CAT_DISSEM &&
			           c->cat != ML_CAT_NONIC && c->key[0]) {
				S_issue(r, "duplicate", c->text, NULL);
			}
			continue;
		}
		if (c->sep == 1 && !agency) {
			snprintf(m, sizeof m, "categories are separated by '//': "
			         "'%.30s/%.30s'", p->text, c->text);
			S_issue(r, "agency-separator", m, NULL);
			agency = 1;
		}
	}
}

/* "USA/CAN/GBR EYES ONLY" is one item: the codes before it in its block
 * join it. */
static void S_merge_eyes(S_reader *r)
{
	const ml_register *reg = r->reg;
	const char *t = r->rd->text;
	size_t i, j, k, tl;

	if (reg->eyes < 0)
		return;
	tl = strlen(reg->e[reg->eyes].title);
	for (i = 1; i < r->nitems; i++) {
		S_item *it = &r->items[i];
		if (it->len <= tl || memcmp(t + it->off + it->len - tl,
		                            reg->e[reg->eyes].title, tl) != 0)
			continue;
		for (j = i; j > 0 && r->items[j].sep == 1 &&
		            S_is_code(t + r->items[j - 1].off,
		                      r->items[j - 1].len) &&
		            !ml_register_word(reg, t + r->items[j - 1].off,
		                              r->items[j - 1].len);
		     j--)
			;
		if (j == i)
			continue;
		r->items[j].len = it->off + it->len - r->items[j].off;
		for (k = 0; i + 1 + k < r->nitems; k++)
			r->items[j + 1 + k] = r->items[i + 1 + k];
		r->nitems -= i - j;
		i = j;
	}
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */

void ml_marking__read(const char *s, size_t len, ml_marking_form form,
                      unsigned flags, ml_reading *rd)
{
	S_reader r;
	size_t i = 0, n = len, k;

	memset(rd, 0, offsetof(ml_reading, text));
	rd->text[0] = '\0';
	rd->ntext = 0;
	rd->nunknown = 0;
	memset(&r, 0, sizeof r);
	r.rd = rd;
	r.m = &rd->m;
	r.reg = ml_register_get();
	r.form = form;
	r.cat_block = -1;
	ml_marking_init(r.m);
	rd->form = r.m->form = form;
	rd->parsed = 1;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	rd->off = r.m->off = i;
	rd->len = r.m->len = n - i;
	if (form == ML_MARKING_PORTION) {
		int open = n > i && s[i] == '(', close = n > i && s[n - 1] == ')';
		if (open)
			i++;
		if (close && n > i)
			n--;
		if (!open || !close)
			S_issue(&r, "syntax", "portion marks are enclosed in "
			        "parentheses", NULL);
	}
	if (n - i > ML_MARKING_MAX_LEN) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "marking is too long (at most %d bytes)",
		         ML_MARKING_MAX_LEN);
		S_issue(&r, "syntax", m, NULL);
		rd->parsed = 0;
		return;
	}
	for (k = i; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		if (!(S_upper((char)c) || S_lower((char)c) || S_digit((char)c) ||
		      c == ' ' || c == '\t' || c == '/' || c == ',' || c == '-' ||
		      c == '\\')) {
			char m[ML_ISSUE_TEXT];
			if (c >= 0x20 && c < 0x7f)
				snprintf(m, sizeof m, "unexpected character '%c' in "
				         "a marking", c);
			else
				snprintf(m, sizeof m, "unexpected byte 0x%02X in a "
				         "marking", c);
			S_issue(&r, "syntax", m, NULL);
			rd->parsed = 0;
			return;
		}
	}
	S_lex(&r, s + i, n - i);
	if ((flags & ML_MARKING_ICASE) && form == ML_MARKING_BANNER) {
		size_t a;
		for (a = 0; a < rd->issues.n; a++)
			if (strcmp(rd->issues.v[a].id, "case") == 0)
				rd->issues.v[a].id = NULL;
	}
	if (r.nitems == 0) {
		rd->parsed = 0;
		return;
	}
	S_merge_eyes(&r);
	if (r.foreign)
		S_read_foreign(&r, &r.items[0]);
	else
		S_read_class(&r, &r.items[0]);
	for (k = 1; k < r.nitems; k++)
		S_read_item(&r, &r.items[k]);
	S_structure(&r);
	ml_marking__sync_roles(r.m);
	/* drop issues cleared above (the case of an ICASE banner) */
	for (i = 0, k = 0; i < rd->issues.n; i++)
		if (rd->issues.v[i].id)
			rd->issues.v[k++] = rd->issues.v[i];
	rd->issues.n = k;
}
