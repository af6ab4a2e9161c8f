/* ml_check_int.h - what the files of the check stage share (internal to
 * lint/check/): the report's layout and the functions one file of the stage
 * calls in another (ml_check__NAME).
 *
 *   ml_check.c       the stage in order: detect, judge, rules
 *   ml_detect.c      portion marks, banners, statements, attributes (3.1)
 *   ml_detect_restrict.c  restriction sentences (3.2)
 *   ml_text.c        quotation marks and sentences
 *   ml_justify.c     the basis of a marking (4)
 *   ml_suggest.c     suggested replacements and roll-up banners (5)
 *   ml_report.c      the report: strings, markings, findings, accessors
 */
#ifndef ML_CHECK_INT_H
#define ML_CHECK_INT_H

#include "ml_check.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdint.h>

/* A span of text inside quotation marks. */
typedef struct ml_span {
	size_t so, eo;
} ml_span;

#define ML_MAX_QUOTES 64

#define ML_CONTEXT_MAX 1000
#define ML_BANNER_MAX 200    /* a banner or statement is a short line */
#define ML_SENTENCE_MAX 600  /* the text kept of a restriction sentence */


/* The best basis found for a marking so far (ml_justify.c). Strings are
 * owned by the report. */
typedef struct ml_basis {
	int cited;
	ml_where cited_where;
	const char *cited_text;
	int weak;                /* ml_justify.c's S_weak, 0 when none */
	ml_where weak_where;
	const char *weak_text;
	const char *weak_group;
} ml_basis;

typedef struct ml_strings {
	struct ml_strings *next;
	uint64_t hash;
	size_t len;
	char s[];
} ml_strings;

/* A portion mark of a streamed portion the report did not keep
 * (ml_report_rollup reads every portion's). */
typedef struct ml_rolled {
	size_t portion;
	ml_marking mark;
} ml_rolled;

/* What a pure function of a short string answered for the latest
 * distinct strings (a document repeats a few marks and banner lines):
 * ml_check__memo_get gives the answer kept for s[0..n) (1, in *v) or 0;
 * ml_check__memo_put keeps one, in place of the oldest. Strings of
 * ML_MEMO_KEY bytes or more are not kept. */
#define ML_MEMO_SLOTS 8
#define ML_MEMO_KEY 64
typedef struct ml_memo {
	struct {
		size_t n;
		char key[ML_MEMO_KEY];
		int v;
	} slot[ML_MEMO_SLOTS];
	size_t nused, next;
} ml_memo;
int ml_check__memo_get(const ml_memo *m, const char *s, size_t n, int *v);
void ml_check__memo_put(ml_memo *m, const char *s, size_t n, int v);

/* The judgements of the latest distinct marking strings (ml_detect.c). */
typedef struct ml_judge_memo ml_judge_memo;
void ml_check__memo_free(ml_judge_memo *m);

struct ml_report {
	const ml_doc *doc;
	const ml_rules *rs;
	ml_rx_scratch *scratch;
	ml_error *err;
	int failed;
	ml_strings *strings;          /* every string the report owns */
	ml_strings **strtab;          /* the same, hashed (not owning) */
	size_t strtab_size, nstrings;
	ml_found *marks;
	size_t nmarks, cmarks;
	ml_finding *finds;
	size_t nfinds, cfinds;
	ml_marking_countries partners; /* named in the document */
	size_t partners_upto;         /* portions scanned for partners */
	const ml_lane *doc_lane;     /* the lane most portions match */
	size_t *lane_hits;           /* portions that match each lane */
	size_t lane_upto;            /* portions counted in lane_hits */
	size_t lane_portion;         /* 1 + the portion lane_of_portion is
	                                for; 0 when none (ml_suggest.c) */
	const ml_lane *lane_of_portion;
	const char *authority_block; /* first "Derived From:"..., or NULL */
	size_t basis_portion;        /* 1 + the portion basis_foreign is
	                                for; 0 when none (ml_justify.c) */
	ml_basis basis_foreign;      /* what justifies the foreign
	                                restrictions of that portion, beyond
	                                their own sentences */
	size_t authority_upto;       /* portions scanned for it */
	size_t keep_until;           /* streaming: portions before this one
	                                are kept (a basis may be there) */
	size_t nbanners;             /* banner lines, NOFORN or not */
	long first_banner;           /* portion of the first banner */
	long last_banner;            /* portion of the latest banner line */
	int banner_noforn;           /* some banner carries NOFORN */
	size_t noforn_portions;      /* portion-level NOFORN markings */
	int example_open;            /* an example label or example portion
	                                came before (ml_check__example) */
	const char *example_banner;  /* the banner of the latest example */
	int table_cell;              /* what the portion before was: prose,
	                                a table cell or a marking's name
	                                (ml_table.c) */
	ml_rolled *rolled;           /* streaming: the portion marks of the
	                                portions let go, first of each */
	size_t nrolled, crolled;
	size_t rolled_malformed;     /* ... and how many were malformed */
	ml_marking **interned;       /* distinct markings (owned) */
	size_t ninterned, cinterned;
	const ml_marking **parsed;   /* distinct portion marks, for the roll-up */
	size_t nparsed, cparsed;
	ml_judge_memo *judge_memo;   /* owned, NULL until the first */
	ml_memo banner_memo;         /* banner line text -> looks like one
	                                (ml_marking_parse_banner) */
	ml_memo roll_memo;           /* portion mark text -> its status,
	                                for S_roll (ml_check.c) */
	int statement;               /* whether a statement pattern matches
	                                the portion being detected: -1 not
	                                known yet (ml_check__statement) */
};


/* The text w (ml_wording.h) with its placeholders filled from the
 * arguments (const char *, as many as the table says), owned by the
 * report. */
const char *ml_check__say(ml_report *r, ml_wording w, ...);
const char *ml_check__vsay(ml_report *r, ml_wording w, va_list ap);
/* A finding of w's rule whose message is w (arguments as for say), or
 * NULL when the rule is unknown or switched off. */
ml_finding *ml_check__report(ml_report *r, ml_wording w, size_t portion,
                            long mark, ...);
/* Whether rule_id is defined and enabled in the report's rule set. */
int ml_check__rule_on(const ml_report *r, const char *rule_id);
/* A string made with printf's format, owned by the report. */
const char *ml_check__keepf(ml_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ml_check__find(ml_report *r, const ml_rx *rx, const char *text,
                  size_t len, size_t start, size_t *so, size_t *eo);
int ml_check__any(ml_report *r, ml_pat_kind kind, const char *text,
                 size_t len);
ml_finding *ml_check__add_finding(ml_report *r, const char *rule_id,
                                 size_t portion, long mark,
                                 const char *message);
ml_found *ml_check__add_mark(ml_report *r, ml_mark_kind kind,
                            ml_mark_form form, size_t portion, size_t off,
                            size_t len);
const char *ml_check__keep(ml_report *r, const char *s, size_t n);
/* The portion mark that opens p's text (after its paragraph number:
 * "1. (S//NF)", where the reader found it), as
 * ml_marking_find_portion_mark finds it: *pm written whole when FOUND
 * (the padding too: the roll-up compares marks with memcmp), untouched
 * otherwise. */
ml_marking_status ml_check__portion_mark(const ml_portion *p,
                                         ml_marking *pm);
/* The text of the portion mark p may open with, as
 * ml_check__portion_mark reads it ('(' to the first ')'), into *key (a
 * key of ml_memo): its length, 0 when there is none within ML_MEMO_KEY
 * bytes. */
size_t ml_check__mark_key(const ml_portion *p, const char **key);
int ml_check__quoted(const ml_span *spans, size_t n, size_t pos);
/* Does the portion's text end with a colon ("...unless:")? A list may
 * follow that holds its basis (ml_justify.c), so the streaming check keeps
 * the portions after it (ml_check.c). */
int ml_check__ends_with_colon(const ml_portion *p);
size_t ml_check__quote_spans(const ml_rules *rs, const char *t, size_t len,
                            ml_span *spans);
void ml_check__sentence_at(const char *t, size_t len, size_t lo, size_t pos,
                           size_t max, size_t *start, size_t *end);
void ml_check__judge(ml_report *r, ml_found *m);
/* Brings the document-wide facts (authority block, partners, lane
 * counts) up to the portions read so far. */
void ml_check__doc_facts(ml_report *r);
void ml_check__lane_facts(ml_report *r);
const ml_marking_countries *ml_check__partners(ml_report *r);
void ml_check__suggest(ml_report *r, const ml_found *m, ml_finding *f);
const char *ml_check__rollup_banner(ml_report *r, const ml_found *banner);
/* The banner with NOFORN for BANNER-MISSING-NOFORN (ml_suggest.c). */
const char *ml_check__noforn_banner(ml_report *r);
size_t ml_check__detect_portion_mark(ml_report *r, size_t i,
                                    const ml_portion *p);
int ml_check__detect_banner(ml_report *r, size_t i, const ml_portion *p);
int ml_check__detect_statement(ml_report *r, size_t i, const ml_portion *p);
/* Does a statement pattern match p, the portion being detected? Asked
 * by the table reading and by the detection: searched once. */
int ml_check__statement(ml_report *r, const ml_portion *p);
int ml_check__example(ml_report *r, const ml_portion *p);
int ml_check__table_cell(ml_report *r, const ml_portion *p, int mention);
/* The value of p's attribute name (borrowed), or NULL. */
const char *ml_check__attr(const ml_portion *p, const char *name);
void ml_check__detect_attribute(ml_report *r, size_t i, const ml_portion *p);
void ml_check__detect_restrictions(ml_report *r, size_t i, const ml_portion *p,
                                  size_t floor);

#endif
