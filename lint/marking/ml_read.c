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
 * bounded (ML_READ_MAX_ITEMS), every list has a fixed capacity, no recursion
 * beyond one level (a legacy word read again as its register form). */
#include "ml_read_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

void ml_read__copy(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	/* the whole buffer defined: callers copy it whole into a marking,
	 * and markings are compared whole (memcmp) */
	memset(out + n, 0, size - n);
}

ml_issue *ml_read__issue(ml_reader *r, const char *id, const char *x,
                         const char *y)
{
	return ml_marking__issue(&r->rd->issues, id, -1, -1, x, y);
}

/* An issue whose subject is s[0..n). */
ml_issue *ml_read__issuen(ml_reader *r, const char *id, const char *s,
                          size_t n, const char *y)
{
	char x[ML_ISSUE_TEXT];

	ml_read__copy(x, sizeof x, s, n);
	return ml_read__issue(r, id, x, y);
}

int ml_read__is_code(const char *s, size_t n)
{
	size_t i;

	if (n != 3 && n != 4)
		return 0;
	for (i = 0; i < n; i++)
		if (!ml_marking__upper(s[i]))
			return 0;
	return 1;
}

/* [A-Z0-9]+ words joined by single spaces and hyphens. */
int ml_read__is_value(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '-' || s[0] == ' ' || s[n - 1] == '-' ||
	    s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (ml_marking__upper(c) || ml_marking__digit(c))
			continue;
		if ((c != '-' && c != ' ') || s[i + 1] == '-' || s[i + 1] == ' ')
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Lexing: upper case, separators, items                               */

static int S_letter(char c)
{
	return ml_marking__upper(c) || ml_marking__lower(c);
}

/* "S E C R E T", "T O P  S E C R E T", "N O F O R N": letters each
 * followed by one space, words by two, up to the end, a slash or a space
 * before one ("S E C R E T // NOFORN"). Returns the length consumed and
 * writes the word(s) into out, or 0. */
static size_t S_letter_spaced(const char *s, size_t n, char *out, size_t size)
{
	size_t i = 0, o = 0, letters = 0;

	while (i < n && S_letter(s[i])) {
		if (o + 2 >= size)
			return 0;
		out[o++] = ml_marking__lower(s[i]) ? (char)(s[i] - 'a' + 'A') : s[i];
		letters++;
		i++;
		if (i + 1 < n && s[i] == ' ' && S_letter(s[i + 1])) {
			i++;
		} else if (i + 2 < n && s[i] == ' ' && s[i + 1] == ' ' &&
		           S_letter(s[i + 2])) {
			out[o++] = ' ';
			i += 2;
		} else {
			break;
		}
		/* every letter must be single */
		if (i + 1 < n && S_letter(s[i + 1]))
			return 0;
	}
	out[o] = '\0';
	if (letters < 3)
		return 0;
	while (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] == ' ')
		i++;
	if (i < n && s[i] != '/' && !(s[i] == ' ' && i + 1 < n &&
	                               s[i + 1] == '/'))
		return 0;
	return i;
}

/* Reads a letter-spaced level or register word at s[0..n) into t (when
 * it is one): the text lexed grows by the word and the issue says so.
 * Returns the bytes of s it took, or 0. */
static size_t S_spaced_word(ml_reader *r, const char *s, size_t n,
                            char *t, size_t *o)
{
	char word[64];
	size_t k = S_letter_spaced(s, n, word, sizeof word), w;
	const ml_reg_level *lv;

	if (!k)
		return 0;
	w = strlen(word);
	if (!ml_register_level_spelt(r->reg, word, w, NULL) &&
	    !ml_register_word(r->reg, word, w)) {
		/* "T O P S E C R E T": one space between the words too */
		if (!(lv = ml_register_level_unspaced(r->reg, word, w)))
			return 0;
		w = (size_t)snprintf(word, sizeof word, "%s", lv->title);
	}
	if (*o + w > ML_MARKING_MAX_LEN)
		return 0;
	ml_read__issuen(r, "spacing", s, k, NULL);
	snprintf(r->rd->issues.v[r->rd->issues.n - 1].x, ML_ISSUE_TEXT,
	         "'%.*s' is letter-spaced: write %s", (int)k, s, word);
	memcpy(t + *o, word, w);
	*o += w;
	return k;
}

/* "(S-NF)", "SECRET - NOFORN", "CONFIDENTIAL -- NOFORN": one or two
 * dashes where the separator belongs, right after the classification
 * (t[0..o), the text lexed so far) and before a register word. Returns
 * the bytes of s[i..n) they take, or 0. A hyphenated register word
 * ("SBU-NF", "RD-CNWDI") does not start with a classification. */
static size_t S_dash_sep(const ml_reader *r, const char *s, size_t n,
                         size_t i, const char *t, size_t o)
{
	size_t j = i, k, w = 0;
	char up[32];

	while (j < n && s[j] == ' ')
		j++;
	for (k = j; j < n && s[j] == '-'; j++)
		;
	if (j == k || j - k > 2)
		return 0;
	while (j < n && s[j] == ' ')
		j++;
	if (memchr(t, '/', o) || !ml_register_level_spelt(r->reg, t, o, NULL))
		return 0;
	for (k = j; k < n && s[k] != '/' && s[k] != ' ' && s[k] != ','; k++) {
		if (w + 1 >= sizeof up)
			return 0;
		up[w++] = ml_marking__lower(s[k]) ? (char)(s[k] - 'a' + 'A')
		                                  : s[k];
	}
	up[w] = '\0';
	return w && ml_register_word(r->reg, up, w) ? j - i : 0;
}

/* Copies s[0..n) into rd->text upper-cased and with one space where
 * there were several; then splits it into items. */
static void S_lex(ml_reader *r, const char *s, size_t n)
{
	ml_reading *rd = r->rd;
	char *t = rd->text;
	size_t i = 0, o = 0, k, start;
	int lower = 0, spaced = 0, back = 0, block = 0, sep = 0, dash = 0;

	for (; i < n && o < ML_MARKING_MAX_LEN; i++) {
		char c = s[i];
		/* a letter-spaced level or word where an item starts */
		if ((o == 0 || t[o - 1] == '/') && S_letter(c) &&
		    (k = S_spaced_word(r, s + i, n - i, t, &o)) > 0) {
			i += k - 1;
			continue;
		}
		if (c == '\t')
			c = ' ';
		if (c == '\\') {
			back = 1;
			c = '/';
		}
		if (ml_marking__lower(c)) {
			lower = 1;
			c = (char)(c - 'a' + 'A');
		}
		if ((c == ' ' || c == '-') && !dash &&
		    (k = S_dash_sep(r, s, n, i, t, o)) > 0) {
			dash = 1;
			t[o++] = '/';
			t[o++] = '/';
			i += k - 1;
			continue;
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
		ml_read__issue(r, "case", NULL, NULL);
	if (spaced)
		ml_read__issue(r, "spacing", "separators are written without spaces "
		        "around them", NULL);
	if (back)
		ml_read__issue(r, "separator", "'\\' is not a separator: markings use "
		        "'/' and '//'", NULL);
	if (dash)
		ml_read__issue(r, "agency-separator", "'-' is not a separator: "
		        "use '//' between categories", NULL);
	/* items */
	i = 0;
	start = 0;
	if (o >= 2 && t[0] == '/' && t[1] == '/') {
		r->foreign = 1;
		i = start = 2;
		while (i < o && t[i] == '/')
			i++;
		if (i > 2)
			ml_read__issue(r, "separator", "a foreign or JOINT marking begins "
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
			if (r->nitems < ML_READ_MAX_ITEMS) {
				ml_ritem *it = &r->items[r->nitems++];
				it->off = start;
				it->len = i - start;
				it->sep = r->nitems == 1 ? 0 : sep;
				it->block = block;
			}
		} else if (i < o || r->nitems) {
			ml_read__issue(r, "syntax", i == o ? "a marking cannot end with "
			        "a separator" : r->nitems ? "an empty item or "
			        "block between separators" : "a marking cannot "
			        "begin with a separator", NULL);
		}
		if (j - i >= 3) {
			char x[ML_ISSUE_TEXT];
			snprintf(x, sizeof x, "'%.*s' is not a separator: use "
			         "'//' between categories", (int)(j - i > 8 ? 8
			                                          : j - i), t + i);
			ml_read__issue(r, "separator", x, NULL);
		}
		if (j - i >= 2)
			block++;
		sep = j - i >= 2 ? 2 : 1;
		start = j;
		i = j > i ? j - 1 : i;
	}
	if (r->nitems == ML_READ_MAX_ITEMS)
		ml_read__issue(r, "syntax", "too many items in one marking", NULL);
}

/* ------------------------------------------------------------------ */
/* Country lists                                                       */

/* Reads the codes of s[0..n) separated by sep (',' ' ' or '/') into c;
 * returns -1 when a code is not a code at all. A list separated
 * otherwise than the register writes it is read and reported. */
int ml_read__codes(ml_reader *r, const char *s, size_t n, char sep,
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
				    ml_marking__eq(s + i, k, r->reg->legacy[a].spelling + 5))
					l = &r->reg->legacy[a];
			if (l) {
				const char *u = l->use;
				char x[ML_ISSUE_TEXT];
				ml_read__copy(x, sizeof x, s + i, k);
				ml_read__issue(r, "legacy", x, l->note);
				while (*u) {
					size_t w = strcspn(u, " ");
					ml_read__copy(code, sizeof code, u, w);
					if (c->n < ML_MARKING_MAX_COUNTRIES)
						memcpy(c->v[c->n++], code, sizeof code);
					u += w;
					u += strspn(u, " ");
				}
				i = j;
				goto next;
			}
		}
		if (!ml_read__is_code(s + i, k) || c->n >= ML_MARKING_MAX_COUNTRIES) {
			char x[ML_ISSUE_TEXT];
			if (c->n >= ML_MARKING_MAX_COUNTRIES)
				snprintf(x, sizeof x, "too many country codes in %s "
				         "(at most %d)", what, ML_MARKING_MAX_COUNTRIES);
			else
				snprintf(x, sizeof x, "'%.*s' in %s is not a country "
				         "trigraph or tetragraph",
				         (int)(k > 40 ? 40 : k), s + i, what);
			ml_read__issue(r, "syntax", x, NULL);
			r->rd->parsed = 0;
			return -1;
		}
		ml_read__copy(code, sizeof code, s + i, k);
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
		ml_read__issue(r, "spacing", x, NULL);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Items                                                               */

/* Adds a token to list t; complains when full. */
static void S_token(ml_reader *r, ml_marking_tokens *t, const char *s,
                    int titled)
{
	size_t n = strlen(s);

	if (t->n >= ML_MARKING_MAX_TOKENS || n >= ML_MARKING_TOKEN_SIZE) {
		ml_read__issue(r, "syntax", "too many or too long markings in one "
		        "category", NULL);
		r->rd->parsed = 0;
		return;
	}
	memcpy(t->v[t->n], s, n + 1);
	if (titled)
		t->titled |= 1u << t->n;
	t->n++;
}

ml_rtok *ml_read__tok_new(ml_reader *r, const ml_ritem *it, ml_cat cat,
                          int entry, const char *key)
{
	ml_rtok *k = &r->toks[r->ntoks++];

	k->cat = cat;
	k->entry = entry;
	k->sep = it->sep;
	k->block = it->block;
	ml_read__copy(k->key, sizeof k->key, key, strlen(key));
	ml_read__copy(k->text, sizeof k->text, r->rd->text + it->off, it->len);
	r->rd->recognised = 1;
	return k;
}

/* A control: its entry, spelled spell; spellings of the wrong form and
 * controls of the wrong scheme are reported. */
static void S_control(ml_reader *r, const ml_ritem *it, int e, int spell)
{
	const ml_reg_entry *x = &r->reg->e[e];
	ml_marking_controls *c = &r->m->ctl;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->id[i] == e) {
			ml_read__issue(r, "duplicate", x->portion, NULL);
			ml_read__tok_new(r, it, x->cat, e, "");
			return;
		}
	if (c->n >= ML_MARKING_MAX_CONTROLS) {
		ml_read__issue(r, "syntax", "too many dissemination controls", NULL);
		r->rd->parsed = 0;
		return;
	}
	if (r->form == ML_MARKING_PORTION && spell != ML_SPELL_PORTION &&
	    strcmp(ml_register_spell(x, spell), x->portion) != 0) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "'%s' is the banner form: a portion mark "
		         "writes %s", ml_register_spell(x, spell), x->portion);
		ml_read__issue(r, "control-form", m, NULL);
		spell = ML_SPELL_PORTION;
	} else if (r->form == ML_MARKING_BANNER && spell == ML_SPELL_PORTION &&
	           strcmp(x->portion, ml_register_spell(x, ML_SPELL_ABBREV)) !=
	               0 &&
	           strcmp(x->portion, x->title) != 0) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "'%s' is the portion mark: a banner line "
		         "writes %s", x->portion,
		         ml_register_spell(x, ML_SPELL_ABBREV));
		ml_read__issue(r, "control-form", m, NULL);
		spell = ML_SPELL_ABBREV;
	}
	/* State's "(SBU/NF)": the two halves of SBU NOFORN */
	if (r->implied && c->n) {
		size_t k;
		for (k = 0; k < r->reg->ne; k++) {
			const ml_reg_entry *q = &r->reg->e[k];
			if (q->nimplies == 2 &&
			    ((q->implies[0] == c->id[c->n - 1] && q->implies[1] == e) ||
			     (q->implies[1] == c->id[c->n - 1] &&
			      q->implies[0] == e))) {
				c->id[c->n - 1] = (uint16_t)k;
				c->spell[c->n - 1] = (uint8_t)spell;
				ml_read__tok_new(r, it, q->cat, (int)k, "");
				return;
			}
		}
	}
	c->id[c->n] = (uint16_t)e;
	c->spell[c->n] = (uint8_t)spell;
	c->n++;
	ml_read__tok_new(r, it, x->cat, e, "");
}

/* REL TO, DISPLAY ONLY and EYES ONLY with their lists. Returns 1 when
 * s[0..n) is one of them. */
static int S_list_control(ml_reader *r, const ml_ritem *it, const char *s,
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
		if (x->shortf[0] && ml_marking__eq(s, n, x->shortf)) {
			S_control(r, it, (int)i, ML_SPELL_PORTION);
			if (x->list == ML_LIST_RELTO)
				m->relto_short = 1;
			else
				m->eyes_short = 1;
			if (r->form == ML_MARKING_BANNER)
				ml_read__issuen(r, "list-short", s, n,
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
		if (ml_marking__prefix(s, n, x->portion) &&
		    (n == strlen(x->portion) || s[strlen(x->portion)] == ' ')) {
			e = (int)i;
			k = strlen(x->portion);
		} else if (ml_marking__prefix(s, n, x->title) &&
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
		if (t == 0 || ml_read__codes(r, s, t, sep[0], what, &m->eyes) < 0) {
			if (t == 0)
				ml_read__issue(r, "list-missing", what, NULL);
			return 1;
		}
		if (sep[0] == ',')
			ml_read__issue(r, "list-order", "the EYES ONLY list is written "
			        "USA/CAN/GBR", NULL);
		return 1;
	}
	while (k < n && s[k] == ' ')
		k++;
	if (k >= n) {
		ml_read__issue(r, "list-missing", what, NULL);
		return 1;
	}
	if (reg->e[e].list == ML_LIST_RELTO && n - k >= 5 &&
	    memcmp(s + n - 5, " ONLY", 5) == 0) {
		m->relto_only = 1;
		n -= 5;
	}
	ml_read__codes(r, s + k, n - k, ',',
	        what, reg->e[e].list == ML_LIST_RELTO ? &m->relto : &m->display);
	return 1;
}

/* FGI, FGI GBR DEU, FOREIGN GOVERNMENT INFORMATION [LIST]. */
static int S_fgi(ml_reader *r, const ml_ritem *it, const char *s, size_t n)
{
	const ml_register *reg = r->reg;
	size_t k;

	if (ml_marking__prefix(s, n, reg->fgi_title))
		k = strlen(reg->fgi_title);
	else if (ml_marking__prefix(s, n, reg->fgi_portion))
		k = strlen(reg->fgi_portion);
	else
		return 0;
	if (k < n && s[k] != ' ')
		return 0;
	if (r->m->fgi) {
		ml_read__issue(r, "duplicate", "FGI", NULL);
		return 1;
	}
	r->m->fgi = 1;
	ml_read__tok_new(r, it, ML_CAT_FGI, -1, "");
	if (k < n)
		ml_read__codes(r, s + k + 1, n - k - 1, ' ', "FGI",
		        &r->m->fgi_countries);
	return 1;
}

/* Does the value s[0..n) hold a dissemination control as a word of its
 * own ("BP NF": a separator went missing)? */
static int S_has_control_word(const ml_reader *r, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		const ml_reg_word *w;
		while (j < n && s[j] != ' ' && s[j] != '-')
			j++;
		w = ml_register_word(r->reg, s + i, j - i);
		if (w && r->reg->e[w->entry].kind == ML_E_CONTROL &&
		    r->reg->e[w->entry].cat != ML_CAT_CLASS)
			return 1;
		i = j + 1;
	}
	return 0;
}

/* SAR-BP, SPECIAL ACCESS REQUIRED-BUTTER POPCORN, BOHEMIA; after one,
 * further programs of the same block ("SAR-BP/SDA"). */
static int S_sap(ml_reader *r, const ml_ritem *it, const char *s, size_t n,
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
			if (ml_marking__eq(s, n, x->portion)) {
				S_token(r, &r->m->sap, x->portion, 0);
				ml_read__tok_new(r, it, ML_CAT_SAP, (int)i, x->portion);
				return 1;
			}
			continue;
		}
		if (ml_marking__prefix(s, n, x->title)) {
			e = (int)i;
			k = strlen(x->title);
			titled = 1;
		} else if (ml_marking__prefix(s, n, x->portion)) {
			e = (int)i;
			k = strlen(x->portion);
		} else if (ml_marking__eq(s, n, "SAR") ||
		           ml_marking__eq(s, n, "SPECIAL ACCESS REQUIRED")) {
			ml_read__issuen(r, "sap-identifier", s, n, NULL);
			ml_read__tok_new(r, it, ML_CAT_SAP, (int)i, "");
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
		ml_read__issuen(r, "sap-identifier", s, n, NULL);
		ml_read__tok_new(r, it, ML_CAT_SAP, e, "");
		return 1;
	}
	if (!ml_read__is_value(s + k, n - k) || S_has_control_word(r, s + k,
	                                                           n - k)) {
		ml_read__issuen(r, "syntax", s, n, NULL);
		snprintf(r->rd->issues.v[r->rd->issues.n - 1].x, ML_ISSUE_TEXT,
		         "malformed special access program marking '%.*s'",
		         (int)(n > 40 ? 40 : n), s);
		return 1;
	}
	snprintf(tok, sizeof tok, "%s%.*s", reg->e[e].portion, (int)(n - k),
	         s + k);
	S_token(r, &r->m->sap, tok, titled);
	ml_read__tok_new(r, it, ML_CAT_SAP, e, tok + strlen(reg->e[e].portion));
	return 1;
}

/* An SCI token (published or not) or an AEA token. */
static int S_structured(ml_reader *r, const ml_ritem *it, const char *s,
                        size_t n, ml_cat cat, int unpublished_ok)
{
	char canon[ML_MARKING_TOKEN_SIZE];
	int ents[16], titled, k;
	const char *why = "";
	const ml_reg_legacy *legacy = NULL;

	k = cat == ML_CAT_SCI
	        ? ml_marking__sci_token(r->reg, s, n, ents, 16, canon,
	                sizeof canon, &titled, &why)
	        : ml_marking__aea_token(r->reg, s, n, ents, 16, canon,
	                sizeof canon, &titled, &why, &legacy);
	if (k < 0)
		return 0;
	if (legacy)
		ml_read__issue(r, "legacy", legacy->spelling, legacy->note);
	if (cat == ML_CAT_SCI && r->reg->e[ents[0]].unpublished &&
	    !unpublished_ok)
		return 0;
	if (r->form == ML_MARKING_PORTION && titled) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "'%.*s' is the banner title: a portion "
		         "mark writes %s", (int)(n > 40 ? 40 : n), s, canon);
		ml_read__issue(r, "control-form", m, NULL);
		titled = 0;
	}
	if (cat == ML_CAT_AEA && r->form == ML_MARKING_BANNER) {
		/* SIGMA's portion form SG in a banner */
		const char *sg = strstr(s, "-SG ");
		if (sg && (size_t)(sg - s) < n) {
			ml_read__issue(r, "control-form", "'SG' is the portion mark: a "
			        "banner line writes SIGMA", NULL);
		}
	}
	if (cat == ML_CAT_AEA && r->form == ML_MARKING_PORTION &&
	    strstr(canon, "-SG ") && !strstr(s, "-SG ") &&
	    memchr(s, ' ', n)) {
		ml_read__issue(r, "control-form", "'SIGMA' is the banner form: a "
		        "portion mark writes SG", NULL);
	}
	S_token(r, cat == ML_CAT_SCI ? &r->m->sci : &r->m->aea, canon, titled);
	{
		/* an unpublished system is no register word: it does not make
		 * a string a marking */
		int was = r->rd->recognised;
		ml_read__tok_new(r, it, cat, ents[0], canon);
		if (r->reg->e[ents[0]].unpublished)
			r->rd->recognised = was;
	}
	return 1;
}

void ml_read__text(ml_reader *r, const ml_ritem *it, const char *s,
                        size_t n);

/* An SCI compartment that is a type indicator the register retired
 * ("SI-ECI ABC": the legacy word with no register form): read without
 * it ("SI-ABC", p. 76). Returns 1 when s was such a token. */
static int S_type_indicator(ml_reader *r, const ml_ritem *it, const char *s,
                            size_t n)
{
	char buf[ML_MARKING_TOKEN_SIZE];
	size_t i = 0, o = 0;
	int dropped = 0;

	while (i < n && o + 1 < sizeof buf) {
		size_t k;
		if (s[i] != '-') {
			buf[o++] = s[i++];
			continue;
		}
		buf[o++] = s[i++];
		k = strcspn(s + i, "- ");
		if (i + k > n)
			k = n - i;
		{
			const ml_reg_legacy *l = ml_register_legacy(r->reg, s + i, k);
			if (l && !l->use[0] && i + k < n && s[i + k] == ' ') {
				ml_read__issuen(r, "legacy", s + i, k, l->note);
				i += k + 1;
				dropped = 1;
			}
		}
	}
	if (!dropped || o + 1 >= sizeof buf)
		return 0;
	buf[o] = '\0';
	r->depth++;
	ml_read__text(r, it, buf, o);
	r->depth--;
	return 1;
}

/* A trailing declassification value or date: "20320108", "X1", "25X1",
 * "50X1-HUM", "MR", "OADR" (the banner's declassification category,
 * eliminated in 2008: register section I). */
static int S_declass(const char *s, size_t n)
{
	size_t i;

	if (n == 8) {
		for (i = 0; i < 8 && ml_marking__digit(s[i]); i++)
			;
		if (i == 8)
			return 1;
	}
	if (ml_marking__eq(s, n, "MR") || ml_marking__eq(s, n, "OADR"))
		return 1;
	if (n == 2 && s[0] == 'X' && s[1] >= '1' && s[1] <= '8')
		return 1;
	if (n >= 4 && ml_marking__digit(s[0]) && ml_marking__digit(s[1]) &&
	    s[2] == 'X' && s[3] >= '1' && s[3] <= '9' &&
	    (n == 4 || ml_marking__eq(s + 4, n - 4, "-HUM") ||
	     ml_marking__eq(s + 4, n - 4, "-WMD")))
		return 1;
	return 0;
}

void ml_read__unknown(ml_reader *r, const ml_ritem *it, ml_cat expect)
{
	ml_reading *rd = r->rd;

	ml_read__issuen(r, "unknown", rd->text + it->off, it->len, NULL);
	rd->parsed = 0;
	if (rd->nunknown < sizeof rd->unknown / sizeof rd->unknown[0]) {
		rd->unknown[rd->nunknown].off = it->off;
		rd->unknown[rd->nunknown].len = it->len;
		rd->unknown[rd->nunknown].expect = expect;
		rd->nunknown++;
	}
}

/* The category the next item may open without breaking the order. */
static ml_cat S_last_cat(const ml_reader *r)
{
	return r->ntoks ? r->toks[r->ntoks - 1].cat : ML_CAT_CLASS;
}

void ml_read__text(ml_reader *r, const ml_ritem *it, const char *s,
                        size_t n);

/* Reads one item (not the classification). */
void ml_read__item(ml_reader *r, const ml_ritem *it)
{
	ml_read__text(r, it, r->rd->text + it->off, it->len);
}

void ml_read__text(ml_reader *r, const ml_ritem *it, const char *s,
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
	/* an unpublished SCI control system: where SCI may be, and in a
	 * portion mark as short as the register's examples (ANB, XNB, LMN;
	 * a banner may spell its title out: AUNPUB, p. 194) */
	size_t head = 0;
	int sci_place;

	while (head < n && s[head] != '-' && s[head] != ' ')
		head++;
	sci_place = (last <= ML_CAT_SCI || ml_read__block_sci(r, it->block, it)) &&
	            r->m->level != ML_CLASS_U &&
	            r->m->level != ML_CLASS_CUI && !r->cui &&
	            (r->form == ML_MARKING_BANNER || head <= 4);
	int cat_place = r->cui && it->block == r->cat_block;

	if (ml_register_not_a_marking(reg, s, n)) {
		ml_read__issuen(r, "not-a-marking", s, n, NULL);
		return;
	}
	l = ml_register_legacy(reg, s, n);
	if (l && r->depth == 0) {
		ml_read__issuen(r, "legacy", s, n, l->note);
		if (l->use[0]) {
			r->depth++;
			ml_read__text(r, it, l->use, strlen(l->use));
			r->depth--;
		}
		return;
	}
	/* a CUI category where a CUI marking has them (elsewhere in a CUI
	 * marking: one the registry has, or a specified one, read and
	 * reported out of order) */
	if (!cat_place && r->cui && ml_read__is_value(s, n) && !memchr(s, ' ', n) &&
	    !ml_register_word(reg, s, n) &&
	    (ml_register_cui_category(reg, s, n) ||
	     ml_marking__prefix(s, n, "SP-")))
		cat_place = 1;
	if (cat_place) {
		w = ml_register_word(reg, s, n);
		/* PROPIN and DCNI are CUI categories in a CUI marking; a
		 * control without a CUI meaning stays a control (reported) */
		if (!w || ml_register_cui_category(reg, s, n)) {
			if (ml_read__is_value(s, n) && !memchr(s, ' ', n)) {
				char key[ML_MARKING_TOKEN_SIZE];
				ml_read__copy(key, sizeof key, s, n);
				S_token(r, &r->m->cui, key, 0);
				ml_read__tok_new(r, it, ML_CAT_CUICAT, -1, key);
				return;
			}
		}
	}
	if (ml_marking__eq(s, n, reg->cui_portion) && !r->foreign &&
	    r->m->level != ML_CLASS_CUI && r->m->level != ML_CLASS_NONE) {
		if (r->m->cui_marking)
			ml_read__issue(r, "duplicate", "CUI", NULL);
		r->m->cui_marking = 1;
		r->cui = 1;
		r->cat_block = it->block + 1;
		ml_read__tok_new(r, it, ML_CAT_CUI, -1, "");
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
	if (S_sap(r, it, s, n, same_block_sap ||
	          (r->depth == 0 && ml_read__block_sap(r, it->block, it))))
		return;
	if (S_structured(r, it, s, n, ML_CAT_AEA, 0))
		return;
	if (r->depth == 0 && S_type_indicator(r, it, s, n))
		return;
	if (S_structured(r, it, s, n, ML_CAT_SCI,
	                 (same_block_sci || sci_place) &&
	                     !ml_read__near_word(r, s, n)))
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
			ml_read__copy(x, sizeof x, s, k);
			ml_read__issue(r, "legacy", x, l->note);
			r->depth++;
			ml_read__text(r, it, buf, strlen(buf));
			r->depth--;
			return;
		}
	}
	if (r->ntoks && it == &r->items[r->nitems - 1] && S_declass(s, n)) {
		ml_read__issuen(r, "trailing", s, n, NULL);
		return;
	}
	ml_read__unknown(r, it, cat_place ? ML_CAT_CUICAT
	                 : sci_place ? ML_CAT_SCI : ML_CAT_DISSEM);
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
static int S_tok_cmp(const ml_reader *r, const ml_rtok *a, const ml_rtok *b)
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

static void S_structure(ml_reader *r)
{
	size_t i;
	int ordered = 0, sep_odd = 0, agency = 0;

	for (i = 1; i < r->ntoks; i++) {
		const ml_rtok *p = &r->toks[i - 1], *c = &r->toks[i];
		char m[ML_ISSUE_TEXT];
		if (c->cat < p->cat) {
			if (!ordered) {
				snprintf(m, sizeof m, "%s must come before %s",
				         S_cat_names[c->cat], S_cat_names[p->cat]);
				ml_read__issue(r, "order", m, NULL);
			}
			ordered = 1;
			continue;
		}
		if (c->cat == p->cat) {
			int d = S_tok_cmp(r, p, c);
			if (c->sep == 2 && c->cat != ML_CAT_CLASS && !sep_odd) {
				snprintf(m, sizeof m, "%s share one block, separated "
				         "by '/' (not '//')", S_cat_names[c->cat]);
				ml_read__issue(r, "agency-separator", m, NULL);
				sep_odd = 1;
			}
			if (d > 0 && !ordered) {
				snprintf(m, sizeof m, "%s are not in register order: "
				         "%.40s comes before %.40s", S_cat_names[c->cat],
				         c->text, p->text);
				ml_read__issue(r, "order", m, NULL);
				ordered = 1;
			} else if (d == 0 && c->cat != ML_CAT_AEA &&
			           c->cat != ML_CAT_DISSEM &&
			           c->cat != ML_CAT_NONIC && c->key[0]) {
				ml_read__issue(r, "duplicate", c->text, NULL);
			}
			continue;
		}
		if (c->sep == 1 && !agency) {
			snprintf(m, sizeof m, "categories are separated by '//': "
			         "'%.30s/%.30s'", p->text, c->text);
			ml_read__issue(r, "agency-separator", m, NULL);
			agency = 1;
		}
	}
}

/* "USA/CAN/GBR EYES ONLY" is one item: the codes before it in its block
 * join it. */
static void S_merge_eyes(ml_reader *r)
{
	const ml_register *reg = r->reg;
	const char *t = r->rd->text;
	size_t i, j, k, tl;

	if (reg->eyes < 0)
		return;
	tl = strlen(reg->e[reg->eyes].title);
	for (i = 1; i < r->nitems; i++) {
		ml_ritem *it = &r->items[i];
		if (it->len <= tl || memcmp(t + it->off + it->len - tl,
		                            reg->e[reg->eyes].title, tl) != 0)
			continue;
		for (j = i; j > 0 && r->items[j].sep == 1 &&
		            ml_read__is_code(t + r->items[j - 1].off,
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
	ml_reader r;
	size_t i = 0, n = len, k;

	/* what is read is cleared, and nothing more: a candidate marking is
	 * read at every "(" of a document. rd->m is cleared whole (markings
	 * are compared whole) by ml_marking_init below; the issues (8 KB)
	 * are read only up to rd->issues.n, each cleared when added
	 * (ml_marking__issue); r.items and r.toks (22 KB) are written before
	 * they are read, up to r.nitems and r.ntoks. */
	rd->recognised = 0;
	rd->issues.n = 0;
	rd->text[0] = '\0';
	rd->ntext = 0;
	rd->nunknown = 0;
	r.rd = rd;
	r.m = &rd->m;
	r.reg = ml_register_get();
	r.form = form;
	r.nitems = r.ntoks = 0;
	r.foreign = r.cui = r.implied = r.depth = 0;
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
			ml_read__issue(&r, "syntax", "portion marks are enclosed in "
			        "parentheses", NULL);
	}
	if (n - i > ML_MARKING_MAX_LEN) {
		char m[ML_ISSUE_TEXT];
		snprintf(m, sizeof m, "marking is too long (at most %d bytes)",
		         ML_MARKING_MAX_LEN);
		ml_read__issue(&r, "syntax", m, NULL);
		rd->parsed = 0;
		/* a would-be marking, if it has a separator */
		for (k = i; k + 1 < n && !rd->recognised; k++)
			rd->recognised = s[k] == '/' && s[k + 1] == '/';
		return;
	}
	for (k = i; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		if (!(ml_marking__upper((char)c) || ml_marking__lower((char)c) ||
		      ml_marking__digit((char)c) || c == ' ' || c == '\t' ||
		      c == '/' || c == ',' || c == '-' || c == '\\')) {
			char m[ML_ISSUE_TEXT];
			if (c >= 0x20 && c < 0x7f)
				snprintf(m, sizeof m, "unexpected character '%c' in "
				         "a marking", c);
			else
				snprintf(m, sizeof m, "unexpected byte 0x%02X in a "
				         "marking", c);
			ml_read__issue(&r, "syntax", m, NULL);
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
		ml_read__foreign(&r, &r.items[0]);
	else
		ml_read__class(&r, &r.items[0]);
	for (k = 1; k < r.nitems; k++)
		ml_read__item(&r, &r.items[k]);
	S_structure(&r);
	ml_marking__sync_roles(r.m);
	/* drop issues cleared above (the case of an ICASE banner) */
	for (i = 0, k = 0; i < rd->issues.n; i++)
		if (rd->issues.v[i].id)
			rd->issues.v[k++] = rd->issues.v[i];
	rd->issues.n = k;
}
