/* ml_memo.h - the review memorandum (`marklint review`, and the memo of
 * `marklint audit` for a whole set): a memo in DoD correspondence form
 * built from the findings of one or several documents, rendered to
 * Markdown, HTML (self-contained, built with libxml2's tree API) or plain
 * text.
 *
 * The model is plain data, so that a memo can be built from ml_report
 * objects (ml_memo_add_report) or from anything else that carries the same
 * facts, e.g. the JSON Lines shards of `marklint audit --from-jsonl`
 * (ml_memo_add_document + ml_memo_add_item). Every string passed in is
 * copied: the caller may free its reports and strings as soon as an add
 * returns, so memory grows with the markings listed, never with the text
 * of the documents.
 *
 * The memo is itself marked: its banner (top and bottom) is the roll-up
 * (ml_marking_rollup) of the marks of every portion it quotes, and each of
 * its paragraphs carries the roll-up of what that paragraph quotes ("(U)"
 * when it quotes nothing). With no_excerpts it quotes no document text and
 * is marked by its own content. Every figure it prints is counted from
 * what was added; what was not given (a banner nobody computed) is said to
 * be unknown, never guessed.
 *
 * Include graph: ml_memo.c, ml_memo_html.c -> ml_check.h, ml_marking.h.
 * Not thread-safe per object; distinct memos may be used on distinct
 * threads.
 */
#ifndef ML_MEMO_H
#define ML_MEMO_H

#include "ml_lint.h"

#include <stdio.h>

/* ml_memo_format, ml_memo_opts and the calls that build and write a memo
 * from linted documents (ml_memo_new, _free, _add_result, _write,
 * ml_memo_format_parse, _from_path, _name) are public: marklint.h. */

/* Adds a document that could not be read (listed with its reason). */
void ml_memo_add_unreadable(ml_memo *m, const char *path,
                            const ml_error *err);

/* --- building from plain data (e.g. JSON shards) --- */

/* One document. Strings are copied; NULL means "not known". */
typedef struct ml_memo_doc {
	const char *path;
	const char *title;       /* metadata title, or NULL */
	const char *error_code;  /* non-NULL: unreadable (code, message) */
	const char *error_message;
	size_t portions;
	const char *rollup;      /* the banner its portion marks roll up
	                            to, e.g. "SECRET//NOFORN", or NULL */
	const char *rollup_after;/* the same after the memo's recommended
	                            changes, or NULL (printed as unknown) */
	size_t malformed_marks;  /* portion marks that do not parse, so
	                            are left out of both roll-ups */
} ml_memo_doc;

/* One marking, or one finding with its marking. Belongs to the document
 * added last. Strings are copied; NULL means none. */
typedef struct ml_memo_item {
	const char *rule;        /* "NOFORN-UNJUSTIFIED"; NULL: a marking
	                            with no reported finding */
	ml_severity severity;
	const char *disposition; /* "remove", "review", "retain", "narrow" */
	const char *message;
	const char *authority;   /* the rule's authority, or NULL */
	const char *part;        /* location: "word/document.xml" */
	unsigned paragraph;      /* 1-based; 0: unknown */
	const char *marking_id;  /* "M3", or NULL */
	const char *kind;        /* "noforn", "foreign-restriction", NULL */
	const char *form;        /* "portion", "sentence"... or NULL */
	const char *marking;     /* the marking as written */
	const char *status;      /* "cited", "weak", "missing", or NULL */
	const char *citation;    /* the basis as written, or NULL */
	const char *where;       /* where the basis was found, or NULL */
	int blanket;             /* a blanket scope */
	const char *excerpt;     /* the quoted portion text (the JSON
	                            "context"), or NULL */
	const char *portion_mark;/* the quoted portion's mark, "(S//NF)";
	                            NULL: the one that starts the excerpt,
	                            else the document's rollup, else (U) */
	const char *suggestion;  /* replacement marking or wording, or NULL */
	const char *lane;        /* the lane of cooperation of the finding
	                            ("aukus-pillar-2"), or NULL */
	const char *lane_desc;   /* "aukus-pillar-2: AUKUS Pillar II (AUS,
	                            GBR)", or NULL (then the name is shown) */
	ml_suppress_kind suppressed; /* suppressed in the document or by a
	                            baseline: listed apart with its reason
	                            (paragraph 3, "Set aside"), never
	                            counted or recommended */
	const char *justification; /* why it was suppressed, or NULL */
} ml_memo_item;

void ml_memo_add_document(ml_memo *m, const ml_memo_doc *d);
/* Returns 0, or -1 when no document was added before. */
int ml_memo_add_item(ml_memo *m, const ml_memo_item *it);

/* --- rendering (ml_memo_write: marklint.h) --- */

/* The memo's own banner, e.g. "SECRET//NOFORN" (the roll-up of what it
 * quotes; "UNCLASSIFIED" when it quotes nothing), into buf (owned by the
 * caller). Returns 0, or -1 when buf's cap is reached. */
int ml_memo_banner(const ml_memo *m, ml_buf *buf);

/* The banner a report's document would carry after the changes the memo
 * recommends: the roll-up of its portion marks with each `remove`
 * finding's suggestion in place of the mark it replaces. Returns 0 and
 * *out, or -1 when the document has no portion mark (no banner). */
int ml_memo_rollup_after(const ml_report *r, ml_marking *out);

#endif
