/* ml_memo.h - the review memorandum (`marklint review`, and the memo of
 * `marklint audit` for a whole set): a memo in DoD correspondence form
 * (DoDM 5110.04) built from the findings of one or several documents,
 * rendered to Markdown, HTML, plain text or Word (DOCX).
 *
 * Two layers:
 * - the model (ml_memo): documents, markings and findings, copied from
 *   ml_report objects (ml_memo_add_report) or from plain data that carries
 *   the same facts, e.g. the JSON Lines shards of `marklint audit
 *   --from-jsonl` (ml_memo_add_document + ml_memo_add_item). Every string
 *   passed in is copied: the caller may free its reports as soon as an add
 *   returns; memory grows with the markings listed, never with the text of
 *   the documents (an excerpt is kept to 200 characters).
 * - the layout (ml_memo_layout): the memo as a list of blocks (lines,
 *   numbered paragraphs, signature, attachment tables) that every renderer
 *   walks, so that all formats say exactly the same thing. The review memo
 *   is laid out from a model (ml_memo_lay_review); the audit composes its
 *   executive memo from its aggregates and the model's per-document detail
 *   (ml_memo_lay_head, ml_memo_lay_detail, ml_memo_lay_signature).
 *
 * Short and in one place: each marking appears once, under its
 * disposition (remove, review, correct, narrow, retain, accepted), with
 * its recommendation; the other findings about it (a blanket scope, a
 * malformed form, a lane of cooperation) are folded into that
 * recommendation. Authorities are listed once, as references.
 *
 * The memo is itself marked: each block carries the roll-up of the marks
 * of the portions it quotes ("(U)" when it quotes nothing), and the banner
 * (top and bottom of every page: the DOCX page header and footer, the
 * HTML's print margins) is the roll-up of every block's mark. With
 * no_excerpts it quotes no document text and is marked by its own
 * content. Every figure it prints is counted from what was added; what was
 * not given (a banner nobody computed) is said to be unknown.
 *
 * Include graph: ml_memo*.c -> ml_memo_int.h -> this, ml_check.h,
 * ml_marking.h. Not thread-safe per object; distinct memos may be used on
 * distinct threads.
 */
#ifndef ML_MEMO_H
#define ML_MEMO_H

#include "ml_lint.h"

#include <stdio.h>

/* ml_memo_format, ml_memo_opts and the calls that build and write a memo
 * from linted documents (ml_memo_new, _free, _add_result, _write,
 * ml_memo_format_parse, _from_path, _name, _list) are public:
 * marklint.h. */

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

/* Where a portion is, as its reader finds it. */
typedef struct ml_memo_where {
	const char *part;        /* "word/document.xml", "page 3" */
	unsigned paragraph;      /* 1-based; 0: unknown */
	unsigned line;           /* XML and text files; 0: unknown */
	const char *section;     /* the paragraph or heading number ("C.3"),
	                            or NULL */
	unsigned slide;          /* PowerPoint: the slide's number in
	                            presentation order (not the part name's);
	                            0: none */
} ml_memo_where;

/* One marking, or one finding with its marking. Belongs to the document
 * added last. Strings are copied; NULL means none. */
typedef struct ml_memo_item {
	const char *rule;        /* "NOFORN-UNJUSTIFIED"; NULL: a marking
	                            with no reported finding */
	ml_severity severity;
	const char *disposition; /* "remove", "review", "retain", "narrow",
	                            "correct" */
	const char *message;
	const char *summary;     /* the rule's one-line summary, or NULL */
	const char *authority;   /* the rule's authority, or NULL */
	ml_memo_where at;
	const char *marking_id;  /* "M3", or NULL */
	const char *kind;        /* "noforn", "foreign-restriction", NULL */
	const char *form;        /* "portion", "sentence"... or NULL */
	const char *marking;     /* the marking as written */
	const char *status;      /* "cited", "weak", "missing", or NULL */
	const char *citation;    /* the basis as written, or NULL */
	const char *where;       /* where the basis was found, or NULL */
	const char *blanket;     /* the blanket scope ("at all levels"), or
	                            NULL */
	const char *excerpt;     /* the quoted portion text (the JSON
	                            "context"), or NULL */
	const char *portion_mark;/* the quoted portion's mark, "(S//NF)";
	                            NULL: the one that starts the excerpt,
	                            else the document's rollup, else (U) */
	const char *suggestion;  /* replacement marking or wording, or NULL */
	const char *lane;        /* the lane of cooperation of the finding
	                            ("aukus-pillar-2"), or NULL */
	const char *lane_desc;   /* "AUKUS Pillar II (AUS, GBR)", or NULL
	                            (then the name is shown) */
	ml_suppress_kind suppressed; /* suppressed in the document or by a
	                            baseline: listed as accepted, with its
	                            reason, never counted or recommended */
	const char *justification; /* why it was suppressed, or NULL */
} ml_memo_item;

void ml_memo_add_document(ml_memo *m, const ml_memo_doc *d);
/* Returns 0, or -1 when no document was added before. */
int ml_memo_add_item(ml_memo *m, const ml_memo_item *it);

/* How the memo names a lane of cooperation of rs: "AUKUS Pillar II (AUS,
 * GBR)" (the caller frees), or NULL when rs has no lane of that name. */
char *ml_memo_lane_desc(const ml_rules *rs, const char *lane);

/* The banner a report's document would carry after the changes the memo
 * recommends: the roll-up of its portion marks with each replacement
 * (remove) and correction (correct) in place of the mark it replaces
 * (suppressed findings change nothing). Returns 0 and *out, or -1 when
 * the document has no portion mark. */
int ml_memo_rollup_after(const ml_report *r, ml_marking *out);

/* --- references --- */

/* The authorities a memo cites, lettered (a), (b)... in the order first
 * added (at most 26). Strings owned (ml_memo_refs_free). */
typedef struct ml_memo_refs {
	char **v;
	size_t n, alloc;
} ml_memo_refs;

/* Adds each ';'-separated authority of s ("DFARS PGI 204.402; ICD 403")
 * not yet listed; s may be NULL. */
void ml_memo_refs_add(ml_memo_refs *r, const char *s);
/* Appends "reference (a)", "references (a), (e) and (f)" or "references
 * (a) to (d)" for the authorities of s (nothing when none is listed). */
void ml_memo_refs_cite(const ml_memo_refs *r, const char *s, ml_buf *b);
void ml_memo_refs_free(ml_memo_refs *r);

/* --- what a memo holds, counted --- */

/* Markings (and findings without one) by the disposition the memo lists
 * them under; docs_to_act: documents with one to replace, refer, correct,
 * narrow or review. */
typedef struct ml_memo_counts {
	size_t remove, review, correct, narrow, other, retain, accepted;
	size_t docs_to_act;
} ml_memo_counts;

void ml_memo_count(const ml_memo *m, ml_memo_counts *out);

/* --- the layout --- */

typedef enum ml_memo_block_kind {
	ML_MB_DATE,    /* text: the date, flush right */
	ML_MB_LINE,    /* label + mark + text: "MEMORANDUM FOR" "RECORD" */
	ML_MB_REF,     /* label "(a)", text: one reference */
	ML_MB_PARA,    /* label "1.", mark, title "Purpose.", text */
	ML_MB_SUB,     /* level 1 ("a.") or 2 ("(1)"): label, mark, text */
	ML_MB_SIG,     /* text: the signature block, lines split by '\n' */
	ML_MB_ENCL,    /* label "Attachments:", text: lines split by '\n' */
	ML_MB_ATTACH,  /* label "Attachment 1", mark, title: starts a page */
	ML_MB_NOTE,    /* mark, text: a paragraph of an attachment */
	ML_MB_ROW      /* ncells cells; the first row after an ATTACH or a
	                  NOTE is the header (head set) */
} ml_memo_block_kind;

#define ML_MEMO_MAX_COLS 8

typedef struct ml_memo_block {
	ml_memo_block_kind kind;
	int level;          /* ML_MB_SUB: 1 or 2 */
	int head;           /* ML_MB_ROW: the table's header row */
	char *label;        /* may be NULL */
	char *mark;         /* portion mark, e.g. "(S//NF)"; may be NULL */
	char *title;        /* may be NULL */
	char *text;         /* may be NULL */
	size_t ncells;      /* ML_MB_ROW */
	char *cells[ML_MEMO_MAX_COLS]; /* ML_MB_ROW; cells[0] is the row's
	                                  mark when the table has a Class.
	                                  column (class_col) */
	int class_col;      /* ML_MB_ROW: cells[0] is a portion mark */
} ml_memo_block;

/* Blocks and their strings are owned by the layout. Every string is UTF-8
 * with control characters replaced by spaces; renderers escape it. */
typedef struct ml_memo_layout {
	ml_memo_block *v;
	size_t n, alloc;
	char *subject;      /* the SUBJECT line's text, for titles */
	char *banner;       /* set by ml_memo_layout_finish */
} ml_memo_layout;

void ml_memo_layout_init(ml_memo_layout *l);
void ml_memo_layout_free(ml_memo_layout *l);
/* A new block at the end, zeroed but for its kind (owned by l). */
ml_memo_block *ml_memo_layout_add(ml_memo_layout *l, ml_memo_block_kind k);
/* A copy of s for a block: control characters as spaces, cut to max
 * characters (0: no cut) with an ellipsis. The caller (a block) owns it. */
char *ml_memo_clean(const char *s, size_t max);
/* Computes l->banner: the roll-up of every block's mark and of the class
 * column of every table row ("UNCLASSIFIED" when nothing is marked). */
void ml_memo_layout_finish(ml_memo_layout *l);

/* The portion mark of blocks [from, to) of l: the roll-up of their marks
 * and table rows' class column ("(U)" when none; the caller frees). */
char *ml_memo_layout_mark(const ml_memo_layout *l, size_t from, size_t to);

/* The heading of a memo: date, MEMORANDUM FOR, FROM, SUBJECT ("(U)"
 * subject) and the references (NULL-terminated, may be NULL), from o. */
void ml_memo_lay_head(ml_memo_layout *l, const ml_memo_opts *o,
                      const char *subject, const char *const *refs);
/* The signature block and the list of attachments (NULL-terminated, may
 * be NULL), from o. */
void ml_memo_lay_signature(ml_memo_layout *l, const ml_memo_opts *o,
                           const char *const *attachments);

/* The whole review memo of m. */
void ml_memo_lay_review(const ml_memo *m, ml_memo_layout *l);
/* The per-document detail of m for an attachment: for each document with
 * a marking to remove, refer, correct or narrow, a note naming it and a
 * sub-paragraph per marking, worded and marked as the review memo words
 * and marks it. Returns the number of documents laid out. */
size_t ml_memo_lay_detail(const ml_memo *m, ml_memo_layout *l);

/* The table of the documents that need action, for an attachment: one
 * row each (document, banner now and after the changes, and how many
 * markings to replace, refer, correct, narrow or review), then a note
 * listing the documents that could not be read. Returns the number of
 * rows. */
size_t ml_memo_lay_documents(const ml_memo *m, ml_memo_layout *l);

/* Writes a finished layout in format f. Returns 0, or -1 on a write error
 * (ferror(out), or the DOCX could not be built). */
int ml_memo_layout_write(const ml_memo_layout *l, ml_memo_format f,
                         FILE *out);

/* --- rendering the review memo: ml_memo_write (marklint.h) --- */

/* The memo's own banner, e.g. "SECRET//NOFORN" (the roll-up of what it
 * quotes; "UNCLASSIFIED" when it quotes nothing), into buf (owned by the
 * caller). Returns 0, or -1 when buf's cap is reached. */
int ml_memo_banner(const ml_memo *m, ml_buf *buf);

#endif
