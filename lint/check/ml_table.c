/* ml_table.c - tables of markings: a register, a quick reference or a
 * glossary lists markings by name, one table cell per line, and a cell
 * that reads "NOFORN" or "NOT RELEASABLE TO FOREIGN NATIONALS" there names
 * the marking; it does not impose it (marklint-rules(5), EXAMPLES). */
#include "ml_check_int.h"
#include "ml_register.h"

#include <ctype.h>
#include <string.h>

/* The longest cell read as a row of marking words: a table row such as
 * "RSEN FOUO ORCON ORCON-USGOV IMCON" is short; prose is not. */
#define S_CELL_MAX 160

/* Is the word s[0..n) a word of the register's spellings, written in
 * capitals as the register writes it ("ORCON", "RELEASABLE", "AUS")? */
static int S_register_word(const ml_register *reg, const char *s, size_t n)
{
	size_t k;

	if (n == 0 || n >= sizeof ((ml_reg_vocab *)0)->s)
		return 0;
	for (k = 0; k < n; k++)
		if (s[k] >= 'a' && s[k] <= 'z')
			return 0;
	return ml_register_vocab(reg, s, n) != NULL;
}

/* Does a level's title, or its other banner spelling, begin with the
 * word s[0..n): "TOP", "SECRET", "UNCLASSIFIED", "CONTROLLED" (CUI)? */
static int S_level_word(const ml_register *reg, const char *s, size_t n)
{
	size_t i;
	int f;

	for (i = 0; i < reg->nlv; i++)
		for (f = 0; f < 2; f++) {
			const char *t = f ? reg->lv[i].alias : reg->lv[i].title;
			if (strncmp(t, s, n) == 0 && (t[n] == '\0' || t[n] == ' '))
				return 1;
		}
	return 0;
}

/* Is s[0..n) a connective a table cell may put between two names
 * ("NOFORN or RELIDO")? */
static int S_connective(const char *s, size_t n)
{
	return (n == 2 && strncmp(s, "or", 2) == 0) ||
	       (n == 3 && strncmp(s, "and", 3) == 0);
}

/* A cell of a table of markings: every word of p is a register word, and
 * the first is not a classification level (so "SECRET" over "NOFORN", a
 * cable's banner and its caveat line, is not a table). Words are split at
 * spaces, hyphens and slashes; "ORCON-USGOV" is two register words. A
 * name may be joined to the next by "or" and followed by a remark in
 * parentheses: "NOFORN (IC dissem)", "NOFORN or RELIDO (depends on ...)". */
static int S_vocab_cell(const ml_portion *p)
{
	const ml_register *reg = ml_register_get();
	size_t k = 0, words = 0;

	if (p->mark_len || p->len == 0 || p->len > S_CELL_MAX)
		return 0;
	while (k < p->len) {
		size_t w = k;
		if (p->text[k] == '(' && words > 0) { /* a remark */
			const char *close = memchr(p->text + k, ')', p->len - k);
			if (!close)
				return 0;
			k = (size_t)(close - p->text) + 2;
			continue;
		}
		while (w < p->len && !strchr(" -/", p->text[w]))
			w++;
		if (w > k && !(words > 0 && S_connective(p->text + k, w - k))) {
			if (!S_register_word(reg, p->text + k, w - k))
				return 0;
			if (words++ == 0 && S_level_word(reg, p->text + k, w - k))
				return 0;
		}
		k = w + 1;
	}
	return words > 0;
}

/* A row of a glossary of acronyms: at least S_ACRONYMS words of two to
 * eight capitals or digits and nothing else ("NAC NARA NATO NC NCA NCIX
 * NDP NF NGA"), the first not a classification level (a cable's
 * "SECRET SECTION 01 OF 02" line is no glossary). */
#define S_ACRONYMS 4

static int S_acronym_row(const ml_portion *p)
{
	const ml_register *reg = ml_register_get();
	size_t k = 0, words = 0;

	if (p->mark_len || p->len > S_CELL_MAX)
		return 0;
	while (k < p->len) {
		size_t w = k;
		while (w < p->len && ((p->text[w] >= 'A' && p->text[w] <= 'Z') ||
		                      (p->text[w] >= '0' && p->text[w] <= '9')))
			w++;
		if (w - k < 2 || w - k > 8 || (w < p->len && p->text[w] != ' '))
			return 0;
		if (words++ == 0 && S_level_word(reg, p->text + k, w - k))
			return 0;
		k = w + 1;
	}
	return words >= S_ACRONYMS;
}

/* Is p a NOFORN statement and nothing else ("NOFORN", "NOT RELEASABLE TO
 * FOREIGN NATIONALS"): a name, as a table cell holds it? A labelled
 * statement ("Handling: NOFORN") is an instruction, not a name. */
static int S_bare_statement(ml_report *r, const ml_portion *p)
{
	return !p->mark_len && p->len <= ML_BANNER_MAX &&
	       !memchr(p->text, ':', p->len) && ml_check__statement(r, p);
}

/* Is p a portion mark and nothing else but closing punctuation? */
static int S_mark_alone(const ml_portion *p)
{
	size_t k;

	if (!p->mark_len || p->mark_off != 0)
		return 0;
	for (k = p->mark_len; k < p->len; k++)
		if (!strchr(" .,;)", p->text[k]))
			return 0;
	return 1;
}

/* What p's portion mark starts with, for a table's cells of portion
 * forms: S_LEVELLESS, a control where a classification must be ("(NF)",
 * "(RELIDO)": such a mark marks nothing); S_UNCLASSIFIED_ONLY, a control
 * that implies U ("(FOUO)", "(SBU-NF)": a real portion mark in a
 * document, a cell in a register's table); else S_LEVELLED (a
 * classification, or a non-US mark "(//CTS)"). */
enum { S_LEVELLED, S_LEVELLESS, S_UNCLASSIFIED_ONLY };

static int S_mark_start(const ml_portion *p)
{
	const ml_register *reg = ml_register_get();
	const char *s = p->text + p->mark_off + 1;
	const ml_reg_word *w;
	size_t n = 0;

	while (n + 2 < p->mark_len && !strchr("/- ,)", s[n]))
		n++;
	if (n == 0 || ml_register_level_spelt(reg, s, n, NULL))
		return S_LEVELLED;
	w = ml_register_word(reg, s, n);
	return w && w->entry >= 0 &&
	               reg->e[w->entry].levels == (1u << ML_CLASS_U)
	           ? S_UNCLASSIFIED_ONLY
	           : S_LEVELLESS;
}

/* Does p hold something after its portion mark, but no prose: no word
 * of four or more small letters ("(SBU-NF) 12 FAM, Sec DoS 540", a
 * register's row of a portion form and its authority), and no sentence
 * in capitals, as cables write ("(S//NF) THE SEEKER WORKS.": three words
 * or more and a final period)? A mark alone is not such a row: it may
 * mark what follows. */
static int S_mark_without_prose(const ml_portion *p)
{
	size_t k, run = 0, caps = 0, words = 0;
	int any = 0;

	if (!p->mark_len || p->mark_off != 0)
		return 0;
	for (k = p->mark_off + p->mark_len; k < p->len; k++) {
		char c = p->text[k];
		run = c >= 'a' && c <= 'z' ? run + 1 : 0;
		if (run >= 4)
			return 0;
		caps = c >= 'A' && c <= 'Z' ? caps + 1 : 0;
		words += caps == 2;
		any |= isalnum((unsigned char)c) != 0;
	}
	return any && !(words >= 3 && p->text[p->len - 1] == '.');
}

/* What the portion before was, for ml_check__table_cell: prose, prose
 * that stopped mid-sentence ("... or is marked with"), a marking cut at
 * its separator ("Banner Line: TOP SECRET//SAR-BP//"), a cell of a table,
 * a marking's name. */
enum { S_PROSE, S_OPEN, S_COMMA, S_CUT, S_CELL, S_NAME };

/* Did p stop mid-sentence: S_COMMA when it ends with a comma, S_OPEN
 * with a small letter, S_CUT with "//" (the rest of its marking is on the
 * next line), else S_PROSE. */
static int S_open_sentence(const ml_portion *p)
{
	char end = p->len ? p->text[p->len - 1] : '.';

	if (p->len > 2 && end == '/' && p->text[p->len - 2] == '/' &&
	    isalnum((unsigned char)p->text[p->len - 3]))
		return S_CUT;
	return end == ','                  ? S_COMMA
	       : end >= 'a' && end <= 'z' ? S_OPEN
	                                   : S_PROSE;
}

/* Returns 1 when p names a marking rather than imposing it: a NOFORN
 * statement in a table of markings (the cell before it is a row of
 * register words, a table's heading or label, or another name: two names
 * in a row are a list, not prose); a "NOFORN." or a portion mark alone
 * that ends the sentence the portion before left open ("... or is marked
 * with" then "NOFORN."; after a comma, "(i.e.," then "(S//NF//LES).":
 * a line that a hard-wrapped text or a PDF table cell broke). Called for
 * every portion, in order, so that it can remember what the portion
 * before was. */
int ml_check__table_cell(ml_report *r, const ml_portion *p, int mention)
{
	int before = r->table_cell, start;

	/* a page's "NOFORN" footer and the next page's "NOFORN" header
	 * follow each other without being a list */
	if (ml_check__attr(p, "marklint:running")) {
		r->table_cell = S_PROSE;
		return 0;
	}
	/* "NOFORN" then "(NF)": a table's cell of portion forms; a
	 * portion mark with nothing to mark and no classification marks
	 * nothing. "SBU NOFORN" then "(SBU-NF)": the same cell, where the
	 * control implies U; only after a cell, as such a mark alone may
	 * mark what follows it in a document. */
	start = S_mark_alone(p) ? S_mark_start(p) : S_LEVELLED;
	if (start == S_LEVELLESS ||
	    (start == S_UNCLASSIFIED_ONLY && before == S_CELL)) {
		r->table_cell = S_CELL;
		return 1;
	}
	/* in a table of markings, after a cell: a portion form and the
	 * authority that defines it, no prose to mark */
	if (before == S_CELL && S_mark_without_prose(p)) {
		r->table_cell = S_CELL;
		return 1;
	}
	/* only after a comma: a heading has no period either, and a mark
	 * alone under it may mark the table that follows */
	if (before == S_COMMA && S_mark_alone(p)) {
		/* "... is added to the portion mark (i.e.," "(S//NF//LES)." */
		r->table_cell = S_PROSE;
		return 1;
	}
	if (S_bare_statement(r, p)) {
		/* "Banner Line: TOP SECRET//SAR-BP//" then "NOT RELEASABLE
		 * TO FOREIGN NATIONALS": the end of a marking a line break
		 * cut, not a statement of its own */
		if (before == S_CUT) {
			r->table_cell = S_PROSE;
			return 1;
		}
		if (before == S_OPEN || before == S_COMMA) {
			r->table_cell = S_PROSE;
			return p->text[p->len - 1] == '.';
		}
		r->table_cell = before == S_PROSE ? S_NAME : S_CELL;
		return before != S_PROSE;
	}
	r->table_cell = mention || S_vocab_cell(p) || S_acronym_row(p)
	                        ? S_CELL
	                                           : S_open_sentence(p);
	return 0;
}
