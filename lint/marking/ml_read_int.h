/* ml_read_int.h - the reader of marking strings, shared by its files:
 * ml_read.c (lexing, items, structure), ml_read_class.c (the
 * classification, US, foreign, NATO and JOINT), ml_read_place.c (where
 * an item belongs) and ml_tokens.c (SCI, SAP and AEA values). */
#ifndef ML_READ_INT_H
#define ML_READ_INT_H

#include "ml_marking_int.h"

#define ML_READ_MAX_ITEMS 96

typedef struct ml_ritem {
	size_t off, len; /* in rd->text */
	int sep;         /* separator before it: 0 none, 1 "/", 2 "//" */
	int block;
} ml_ritem;

/* One item read: its category, and for the order checks its entry (a
 * control) or its sort key (a token). */
typedef struct ml_rtok {
	ml_cat cat;
	int entry;
	int sep, block;
	char key[ML_MARKING_TOKEN_SIZE];
	char text[ML_MARKING_TOKEN_SIZE]; /* as written, for messages */
} ml_rtok;

typedef struct ml_reader {
	ml_reading *rd;
	ml_marking *m;
	const ml_register *reg;
	ml_marking_form form;
	ml_ritem items[ML_READ_MAX_ITEMS];
	size_t nitems;
	ml_rtok toks[ML_READ_MAX_ITEMS];
	size_t ntoks;
	int foreign;   /* the marking began with "//" */
	int cui;       /* a CUI scheme: level CUI, or a CUI block */
	int cat_block; /* block of CUI categories, or -1 */
	int implied;   /* the classification was implied ("(SBU/NF)") */
	int depth;     /* re-reading a legacy word */
} ml_reader;

/* Issues: about s (or s[0..n)). */
ml_issue *ml_read__issue(ml_reader *r, const char *id, const char *x,
                         const char *y);
ml_issue *ml_read__issuen(ml_reader *r, const char *id, const char *s,
                          size_t n, const char *y);
/* Records an item read (its category, entry or sort key). */
ml_rtok *ml_read__tok_new(ml_reader *r, const ml_ritem *it, ml_cat cat,
                          int entry, const char *key);
/* Reads a country list of s[0..n) separated by sep into c. */
int ml_read__codes(ml_reader *r, const char *s, size_t n, char sep,
                   const char *what, ml_marking_countries *c);
/* Reads an item (not the classification), or the text standing for it. */
void ml_read__item(ml_reader *r, const ml_ritem *it);
void ml_read__text(ml_reader *r, const ml_ritem *it, const char *s, size_t n);
/* An item the register does not have, where category expect belongs. */
void ml_read__unknown(ml_reader *r, const ml_ritem *it, ml_cat expect);
void ml_read__copy(char *out, size_t size, const char *s, size_t n);
/* ml_read_place.c: another item of block b names a published SCI
 * control system; a later item of block b opens a SAP marking; s[0..n)
 * is one typo away from a register word. */
int ml_read__block_sci(const ml_reader *r, int b, const ml_ritem *self);
int ml_read__block_sap(const ml_reader *r, int b, const ml_ritem *self);
int ml_read__near_word(const ml_reader *r, const char *s, size_t n);
int ml_read__is_code(const char *s, size_t n);
int ml_read__is_value(const char *s, size_t n);
int ml_read__list_control_name(const ml_register *reg, const char *s,
                               size_t n);

/* The classification (ml_read_class.c): US and CUI, or after "//". */
void ml_read__class(ml_reader *r, const ml_ritem *it);
void ml_read__foreign(ml_reader *r, const ml_ritem *it);

/* Values (ml_tokens.c): the entry whose spelling (of category c) starts
 * s and ends at s[n] or a character of ends; an SCI token; an AEA token.
 * The token functions return the number of entries, or -1 with *why. */
int ml_marking__word_prefix(const ml_register *reg, const char *s, size_t n,
                            ml_cat c, const char *ends, size_t *len,
                            int *spell);
int ml_marking__shape_ok(const ml_reg_entry *e, const char *s, size_t n);
int ml_marking__sci_token(const ml_register *reg, const char *s, size_t n,
                          int *out, size_t max, char *canon, size_t csize,
                          int *titled, const char **why);
int ml_marking__aea_token(const ml_register *reg, const char *s, size_t n,
                          int *out, size_t max, char *canon, size_t csize,
                          int *titled, const char **why,
                          const ml_reg_legacy **legacy);

#endif
