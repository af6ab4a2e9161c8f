/* ml_marking_int.h - what the files of the marking stage share: the
 * reading of a marking string (ml_read.c), the register problems of a
 * marking value (ml_validate.c), the fixes that correct them
 * (ml_correct.c), formatting (ml_format.c) and small helpers
 * (ml_marking.c). Not for other stages: they use ml_marking.h. */
#ifndef ML_MARKING_INT_H
#define ML_MARKING_INT_H

#include "ml_marking.h"
#include "ml_register.h"

#include <string.h>

#define ML_MAX_ISSUES 24
#define ML_ISSUE_TEXT 160

/* One problem with a marking, before it is worded: the register problem
 * id ("floor", "requires"), the entries involved, the token, and the
 * words of the message. */
typedef struct ml_issue {
	const char *id;       /* problem id (static) */
	int a, b;             /* entries involved, or -1 */
	ml_cat cat;           /* category of the token involved */
	int token;            /* index of the token in its list, or -1 */
	unsigned levels;      /* levels allowed (floor) */
	char x[ML_ISSUE_TEXT], y[ML_ISSUE_TEXT];
} ml_issue;

typedef struct ml_issues {
	size_t n;
	ml_issue v[ML_MAX_ISSUES];
} ml_issues;

/* A string read as a marking: the marking it says, and what was not in
 * register form (case, separators, spellings of the wrong form, legacy
 * words, order) or not readable (unknown words). */
typedef struct ml_reading {
	ml_marking m;
	ml_marking_form form;
	int parsed;          /* every item was read (m is complete) */
	int recognised;      /* at least one item is a register word */
	ml_issues issues;
	size_t off, len;     /* the marking, in the input */
	/* the text as read: upper case, separators normalised; the unknown
	 * items are spans of it (for corrections) */
	char text[ML_MARKING_MAX_LEN + 1];
	size_t ntext;
	size_t nunknown;
	struct {
		size_t off, len;
		ml_cat expect;   /* category its position calls for */
	} unknown[4];
} ml_reading;

/* Reads s[0..len) as a marking in form (ml_read.c). Never fails: what
 * cannot be read is in rd->issues and rd->unknown. */
void ml_marking__read(const char *s, size_t len, ml_marking_form form,
                      unsigned flags, ml_reading *rd);

/* Adds an issue (ignored when the list is full); returns it or NULL. */
ml_issue *ml_marking__issue(ml_issues *is, const char *id, int a, int b,
                            const char *x, const char *y);

/* The register problems of m (levels, companions, exclusions, lists),
 * appended to is (ml_validate.c). */
void ml_marking__validate(const ml_marking *m, ml_issues *is);

/* Marks in on[] (one byte per register entry, zeroed by the caller) the
 * entries m holds: its controls and their parts, and what its tokens
 * name. */
void ml_marking__present(const ml_marking *m, unsigned char *on);

/* Words an issue into a note (rule, id, message) (ml_validate.c). */
void ml_marking__note(const ml_issue *i, ml_marking_note *n);
/* Its rule and the confidence of its correction. */
const char *ml_marking__issue_rule(const ml_issue *i);
double ml_marking__issue_confidence(const ml_issue *i);

/* Applies the fix of each issue to m (ml_correct.c); returns how many
 * changed it, lowering *conf to the least sure one. */
int ml_marking__fix(ml_marking *m, const ml_issues *is, double *conf);

/* The controls of m with its role bits reconciled (a cleared role
 * removes its control, a compound control without its NOFORN part
 * becomes its other parts, a set list role adds its control): the list
 * formatting and checking use (ml_marking.c). */
void ml_marking__effective(const ml_marking *m, ml_marking_controls *out);
/* Recomputes m->dissem from m->ctl. */
void ml_marking__sync_roles(ml_marking *m);
/* Adds entry e (spelled spell) to m's controls unless present. */
int ml_marking__add_entry(ml_marking *m, int e, int spell);
/* Removes entry e from m's controls; returns 1 when it was there. */
int ml_marking__remove_entry(ml_marking *m, int e);
int ml_marking__has_entry(const ml_marking_controls *c, int e);

/* Token structure of SCI, SAP and AEA tokens (ml_read.c): the register
 * entries a token names (system, compartments, subs; AEA base and subs),
 * for checks and formatting. Returns how many, or -1 when the token does
 * not parse. */
int ml_marking__token_entries(ml_cat cat, const char *tok, int *out,
                              size_t max);

/* Appends a token in form, titled (spelled out) or not (ml_format.c). */
int ml_marking__put_token(ml_buf *b, ml_cat cat, const char *tok,
                          ml_marking_form form, int titled);
/* Sorts a token list in register order (ml_format.c). */
void ml_marking__sort_tokens(ml_cat cat, ml_marking_tokens *t);
/* The roll-up's merge of SCI and SAP values: one value per control
 * system or program, with every compartment and sub-compartment the
 * portions name ("RSV-ABC" and "RSV-123" give "RSV-123-ABC"). */
void ml_marking__merge_tokens(ml_cat cat, ml_marking_tokens *t);
/* Register order of two SCI/SAP values: numbers first, then A-Z. */
int ml_marking__value_cmp(const char *a, const char *b);

/* ml_marking_judge at a depth of repair (ml_judge.c): the repairs try
 * their candidates through it, and repair no further below depth 0. */
ml_marking_verdict ml_marking__judge(const char *s, size_t len,
                                     unsigned flags,
                                     ml_marking_judgement *out, int depth);

/* The word-by-word typo repair of s[0..len) (ml_repair.c): the likeliest
 * correction into sugg, its confidence, the word replaced and its
 * replacement ("//" for a separator). parsed: s reads as a marking (its
 * register words are not replaced). Returns 1 when one was found. */
int ml_marking__word_repair(const char *s, size_t len, unsigned flags,
                            int depth, int parsed, char *sugg, size_t size,
                            double *conf, char *from, char *to, size_t wsize);
/* The unpublished SCI control system of m that looks like a mistyped
 * register word ("FIG", "(S//TM)", "DR-CNWDI"), into name; 0 when none
 * (ml_repair.c). */
int ml_marking__suspect_system(const ml_marking *m, char *name, size_t size);

/* Damerau-Levenshtein distance of a[0..n) and b, or 99 beyond 31 bytes
 * (ml_correct.c). */
size_t ml_marking__distance(const char *a, size_t n, const char *b);

/* Characters and spellings (ASCII). */
static inline int ml_marking__upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int ml_marking__lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static inline int ml_marking__digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s[0..n) is lit / begins with lit. */
static inline int ml_marking__eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static inline int ml_marking__prefix(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return k && n >= k && memcmp(s, lit, k) == 0;
}

/* Country codes: is it known (trigraph or tetragraph)? */
int ml_marking__code_known(const char *code);

#endif
