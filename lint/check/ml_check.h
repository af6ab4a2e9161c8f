/* ml_check.h - stages 3 and 4: markings found in portions, their
 * justification, and the rule findings (MARKINGS.md 3, 4, 5).
 *
 * ml_check() reads an ml_doc (portions) with an ml_rules (data) and builds
 * an ml_report: every marking found, with its justification, and every
 * rule hit. Writers (text, JSON, SARIF, the memo...) read the report and
 * never look at documents or rules again.
 *
 * Include graph: ml_check.c -> ml_marking.h, ml_rules.h, ml_doc.h.
 */
#ifndef ML_CHECK_H
#define ML_CHECK_H

#include "marklint.h"
#include "ml_marking.h"
#include "ml_rules.h"
#include "ml_wording.h"

typedef enum ml_mark_kind {
	ML_KIND_NOFORN,  /* "noforn" */
	ML_KIND_FOREIGN  /* "foreign-restriction" */
} ml_mark_kind;

typedef enum ml_mark_form {
	ML_FORM_PORTION,   /* "(S//NF)" at the start of a portion */
	ML_FORM_BANNER,    /* "SECRET//NOFORN" as a whole portion */
	ML_FORM_STATEMENT, /* "Dissemination: NOFORN" */
	ML_FORM_ATTRIBUTE, /* ism:disseminationControls="NF" */
	ML_FORM_SENTENCE   /* "... closed to foreign participation ..." */
} ml_mark_form;

typedef enum ml_just_status {
	ML_JUST_CITED,
	ML_JUST_WEAK,
	ML_JUST_MISSING
} ml_just_status;

typedef enum ml_where {
	ML_WHERE_NONE,
	ML_WHERE_PORTION,
	ML_WHERE_FOOTNOTE,
	ML_WHERE_ENDNOTE,
	ML_WHERE_COMMENT,
	ML_WHERE_NEXT_PORTION,
	ML_WHERE_ATTRIBUTE,
	ML_WHERE_DOCUMENT,
	ML_WHERE_ROLLUP,
	ML_WHERE_LIST      /* the list after a portion ending with a colon
	                      (4, scope 4); "next-portion" in JSON */
} ml_where;

const char *ml_mark_kind_name(ml_mark_kind k);     /* "noforn", ... */
const char *ml_mark_form_name(ml_mark_form f);     /* "portion", ... */
const char *ml_just_status_name(ml_just_status s); /* "cited", ... */
const char *ml_where_name(ml_where w);             /* "footnote", ... */

/* One marking found. Strings are owned by the report. */
typedef struct ml_found {
	char id[16];            /* "M1", "M2"... in document order */
	ml_mark_kind kind;
	ml_mark_form form;
	const char *text;       /* as written: "(S//NF)", the sentence... */
	size_t portion;         /* index in the document's portions */
	size_t off, len;        /* span of text in the portion's text (a
	                           sentence: the words of the frame that
	                           matched) */
	size_t sent_off, sent_len; /* a sentence: its span in the portion */
	const char *subject;    /* a sentence: the words that made it a */
	const char *predicate;  /* restriction ("foreign nationals", "may
	                           not participate"), each NULL when no part
	                           of the recogniser says */
	const ml_marking *marking; /* parsed (portion marks, banners, IC-ISM
	                              attributes), or NULL; owned by the
	                              report and shared by equal markings */
	ml_just_status status;
	ml_where where;         /* where the basis was found (NONE: missing) */
	const char *citation;   /* the basis as written, or NULL */
	const char *reason;     /* why weak/missing, for messages */
	int blanket;            /* a blanket scope in the same sentence */
	const char *blanket_text;
} ml_found;

/* One rule hit. */
typedef struct ml_finding {
	const ml_ruledef *rule;
	ml_severity severity;   /* as configured */
	const char *message;
	size_t portion;         /* index in the document's portions */
	long marking;           /* index in the report's markings, or -1 */
	const char *disposition;/* from the rule: remove/review/retain/narrow */
	const char *suggestion; /* replacement marking or wording, or NULL */
	const char *lane;       /* reserved for lanes of cooperation; NULL */
	ml_suppress_kind suppressed; /* set after ml_check by the
	                           suppression stage (ml_suppress.h) */
	const char *justification; /* why suppressed (owned by the report),
	                              or NULL */
} ml_finding;

typedef struct ml_report ml_report;

/* Checks doc against rs. scratch is the calling thread's pattern scratch.
 * Returns 0 and *out (the caller frees with ml_report_free; it borrows doc
 * and rs, which must outlive it), or ML_ELIMIT when a pattern hit PCRE2's
 * limits (err says where). */
int ml_check(const ml_doc *doc, const ml_rules *rs, ml_rx_scratch *scratch,
             ml_report **out, ml_error *err);
void ml_report_free(ml_report *r);

/* The same check, made while the document is read (memory flat as it
 * grows): ml_check_begin makes the report (the caller frees it unless
 * ml_check_end took it), ml_check_portion is the sink to give
 * ml_doc_open_sink with the report as its context, ml_check_end ends
 * the check of the document read (streamed or not: a reader that does
 * not stream leaves the whole check to it) and returns as ml_check
 * does, freeing the report on failure. The portions a streamed report
 * needs after the read are the ones the sink keeps: those with markings,
 * findings, a portion mark (the roll-up), suppression directives, and
 * the portions a basis may be found in after a marking's. */
ml_report *ml_check_begin(const ml_rules *rs, ml_rx_scratch *scratch,
                          ml_error *err);
int ml_check_portion(void *report, const ml_doc *doc, size_t i);
int ml_check_end(ml_report *r, const ml_doc *doc, ml_report **out);

const ml_doc *ml_report_doc(const ml_report *r);
/* The rule set the report was made with (for the lanes of its findings). */
const ml_rules *ml_report_rules(const ml_report *r);
size_t ml_report_markings(const ml_report *r, const ml_found **out);
/* The marking finding f is about, or NULL (a finding on a portion, or
 * one whose marking is not in r). */
const ml_found *ml_report_finding_marking(const ml_report *r,
                                          const ml_finding *f);
size_t ml_report_findings(const ml_report *r, const ml_finding **out);
/* Findings per severity (enabled rules only). */
void ml_report_counts(const ml_report *r, size_t counts[3]);

/* For stages after ml_check (ml_suppress.c): a tool finding of w's rule
 * (SUPPRESSION-*) at portion, no marking, its message the text w with
 * the arguments (const char *) filled in. Kept in document order, so
 * indexes of later findings shift. Returns it, or NULL when the rule is
 * unknown or disabled. */
ml_finding *ml_report_say(ml_report *r, ml_wording w, size_t portion, ...);
/* Marks finding i suppressed (kind: ml_suppress_kind) with a
 * justification (copied into the report; may be NULL). */
void ml_report_suppress(ml_report *r, size_t i, int kind,
                        const char *justification);

/* The banner of the document, recomputed from its portion marks
 * (MARKINGS.md 5, the roll-up): as they are (after 0), or after the
 * changes its findings recommend (after 1): each replacement (remove) or
 * correction (correct) whose suggestion is a portion mark in place of the
 * mark it replaces; suppressed and baselined findings change nothing.
 * *unparsed (may be NULL) counts the portion marks left out because they
 * do not parse (after 1: those no change replaces). Returns 0 and *out,
 * or -1 when no portion mark parses. */
int ml_report_rollup(const ml_report *r, int after, ml_marking *out,
                     size_t *unparsed);

/* Is mark[0..len) (a portion mark as the reader found it, parentheses
 * included) a valid marking in register form? 0 for a malformed or
 * nonstandard one ("(S//REL)", "(S/NF)"). */
int ml_check_mark_valid(const char *mark, size_t len);

/* Whether a finding is reported: its rule is enabled and its severity at
 * or above min. Reported findings are written (suppressed ones too). */
int ml_finding_reported(const ml_finding *f, ml_severity min);
/* Reported and not suppressed (in the document or by a baseline): what
 * the totals count and what can fail the run. */
int ml_finding_counts(const ml_finding *f, ml_severity min);

/* The portion's text cut to at most 1,000 bytes around [off, off+len),
 * on UTF-8 boundaries (the JSON contract's "context"). Returns a pointer
 * into the portion and the length in *n. */
const char *ml_context(const ml_portion *p, size_t off, size_t len,
                       size_t *n);

#endif
