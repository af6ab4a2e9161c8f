/* ml_audit.h - the department-wide audit (`marklint audit`): per-document
 * summaries rolled up by folder, organisation and rule, and the files the
 * audit writes (audit.json, audit.csv, audit.html).
 *
 * A summary (ml_audit_doc) is what the audit keeps of one document: its
 * markings and findings as plain strings, without the document or its
 * report. It is built from a linted document (ml_audit_doc_from_result), from
 * an unreadable document (ml_audit_doc_unreadable), or from one line of
 * `marklint check --format jsonl` (ml_audit_jsonl_read, the only jansson
 * user), so an audit from shards and an audit in one run add the same data.
 *
 * ml_audit_add folds a summary into the roll-ups and spools its CSV rows
 * to a temporary file, then the caller frees the summary: memory holds the
 * roll-ups (per folder, organisation, rule and citation), the unreadable
 * documents, the ten worst documents and a small sort index per document
 * (its path and where its rows are), never whole reports. Every output is
 * sorted (documents by path, tables by count then name), so the order in
 * which documents are added (threads, shards) never changes a byte.
 *
 * Threads: an ml_audit is not locked; callers serialise ml_audit_add.
 *
 * Include graph: ml_audit.c, ml_audit_html.c, ml_audit_jsonl.c -> this,
 * ml_check.h, ml_writers.h, ml_json.h.
 */
#ifndef ML_AUDIT_H
#define ML_AUDIT_H

#include "ml_lint.h"
#include "ml_memo.h"

#include <stdio.h>

/* One marking of a document, as the CSV lists it. Strings owned by the
 * ml_audit_doc; "" when absent, never NULL. */
typedef struct ml_audit_mark {
	char *id, *kind, *form, *text;
	char *context;     /* the portion's text around it (JSON "context") */
	char *part;
	uint32_t paragraph, line;  /* line 0: not known */
	char *section;     /* the paragraph or heading number, "" none */
	char *status, *where, *citation, *blanket;
	char *rules;       /* the rule IDs of its findings, space-separated */
	char *severity;    /* the highest severity of those findings */
	char *disposition; /* of the most severe of them (first among equals) */
	char *suggestion;  /* likewise, else the first suggestion given */
} ml_audit_mark;

/* One reported finding: what the roll-ups by rule count and the memo
 * lists. Strings owned, "" when absent. */
typedef struct ml_audit_finding {
	char *rule;
	ml_severity severity;
	char *message, *disposition, *suggestion;
	char *authority;     /* the rule's authority (from the rule set) */
	char *lane;          /* lane of cooperation of the finding, "" none */
	char *part;
	uint32_t paragraph;
	char *section;       /* the paragraph or heading number, "" none */
	long marking;        /* index in the document's marks, or -1 */
	char *context;       /* the portion's text (JSON "context"), "" */
	char *summary;       /* the rule's summary (from the rule set), "" */
	char *lane_desc;     /* "AUKUS Pillar II (AUS, GBR)", "" none */
	ml_suppress_kind suppressed; /* set aside: in the totals as
	                        suppressed or baselined, in the memo with
	                        its reason, in no roll-up */
	char *justification; /* why it was suppressed, "" when not */
	char fingerprint[17]; /* ml_fingerprint: how --compare knows a
	                        finding again; "" when not known */
} ml_audit_finding;

/* What the audit keeps of one document. Owned by whoever filled it:
 * release with ml_audit_doc_free. */
typedef struct ml_audit_doc {
	char *path;
	char *format;
	char *organisation;  /* docProps company, else creator; NULL: none */
	char *title;         /* docProps title; NULL: none */
	int ok;              /* 0: unreadable (err_code, err_message) */
	char *err_code, *err_message;
	size_t portions;
	char *rollup;        /* the banner its portion marks roll up to, and
	                        the one after the recommended changes
	                        (ml_report_rollup); NULL: not known */
	char *rollup_after;
	size_t unparsed;     /* portion marks left out of rollup_after */
	ml_audit_mark *marks;
	size_t nmarks;
	ml_audit_finding *findings;
	size_t nfindings;
} ml_audit_doc;

/* The organisation of a document as the audit and the JSON report name
 * it: the docProps company, else the creator; NULL when neither. Borrowed
 * from doc. */
const char *ml_audit_organisation(const ml_doc *doc);

/* Fill d (all owned by d) from a linted document (ml_lint_path),
 * readable or not, listing its reported findings (suppressed ones
 * marked). The authority of each finding comes from its rule.
 * (ml_audit_doc_new, public, does it on the heap.) */
void ml_audit_doc_from_result(ml_audit_doc *d, const ml_result *r);
/* Fill d for a document that could not be read. */
void ml_audit_doc_unreadable(ml_audit_doc *d, const char *path,
                             const ml_error *err);
/* Frees what d holds (not d). */
void ml_audit_doc_clear(ml_audit_doc *d);

/* What a shard's lines are handed to: add(ctx, d, line) for each
 * document line, in order (d is freed after the call); skipped(ctx, sk)
 * for each file the shard's walk left out (its summary's "skipped"). */
typedef struct ml_audit_jsonl_sink {
	void (*add)(void *ctx, const ml_audit_doc *d, unsigned long line);
	void (*skipped)(void *ctx, const ml_skipped *sk);
	void *ctx;
} ml_audit_jsonl_sink;

/* Reads `marklint check --format jsonl` output from f (named name in
 * messages) into sink. The authority of each finding is looked up in rs
 * (NULL: none). A shard ends with the summary line of its run, which
 * counts its document lines: a shard cut short (no summary line at the
 * end) fails with "shard-truncated", a line that is not a document object
 * of the contract or a summary that does not count the lines before it
 * with "shard-invalid" ("NAME:LINE: reason"). Returns 0, or -1 with err
 * (lines before the bad one were handed to sink: the caller discards the
 * audit). */
int ml_audit_jsonl_read(FILE *f, const char *name, const ml_rules *rs,
                        const ml_audit_jsonl_sink *sink, ml_error *err);

/* Internal (ml_audit.c, for ml_audit_jsonl.c): the rules, severity,
 * disposition and suggestion of a marking start empty (init_tail) and
 * take each finding about it in turn; *best starts at -1. */
void ml_audit__mark_init_tail(ml_audit_mark *am);
void ml_audit__mark_finding(ml_audit_mark *am, const char *rule,
                            ml_severity sev, int *best,
                            const char *disposition, const char *suggestion);

/* Adds the document, its findings and its markings without a finding to
 * a memo (ml_memo.h), in the document's order (ml_audit_memo.c). */
void ml_audit_doc_to_memo(const ml_audit_doc *d, ml_memo *m);

/* ml_audit_new, _free, _add (which also adds d to the audit's memo),
 * _add_jsonl, _set_skipped and _write are public (marklint.h). The CSV
 * rows are spooled to an anonymous temporary file. */

/* The audit's memo (borrowed from a). */
struct ml_memo *ml_audit_memo(ml_audit *a);

/* The audit's executive memorandum (ml_audit_memo.c): totals, the
 * organisations and documents to act on first, the rules that fire most
 * and the recommended actions, computed from a's roll-ups and the counts
 * of detail (the memo every document was added to with
 * ml_audit_doc_to_memo); Attachment 1 lists the documents that need
 * action, Attachment 2 their markings as review words and marks them. rs
 * (may be NULL) gives the rules' summaries and authorities. Returns 0, or
 * -1 on a write error. */
int ml_audit_write_memo(ml_audit *a, const ml_memo *detail,
                        const ml_rules *rs, const ml_memo_opts *o,
                        ml_memo_format f, FILE *out);
/* That memo laid out (caller frees with ml_memo_layout_free, then free),
 * and the one ml_audit_keep_memo keeps (borrowed), or NULL: when there is
 * one, ml_audit_write_memo writes it and ignores detail, rs and o. */
ml_memo_layout *ml_audit__memo_layout(ml_audit *a, const ml_memo *detail,
                                      const ml_rules *rs,
                                      const ml_memo_opts *o);
const ml_memo_layout *ml_audit__kept_memo(const ml_audit *a);

/* Those files ml_audit_add_skipped (public) added, sorted by path
 * (borrowed until the next add). */
size_t ml_audit_skipped(ml_audit *a, const ml_skipped **out);

/* Totals, as `marklint check`'s summary counts them plus the audit's own. */
typedef struct ml_audit_totals {
	size_t documents, unreadable, skipped, portions, markings;
	size_t findings[3];      /* counted, per ml_severity */
	size_t suppressed;       /* reported, suppressed in the document */
	size_t baselined;        /* reported, held by the baseline */
	size_t noforn, noforn_uncited, noforn_missing;
	size_t foreign, foreign_uncited, blanket;
	size_t uncited;          /* markings whose status is not "cited" */
} ml_audit_totals;

void ml_audit_totals_get(const ml_audit *a, ml_audit_totals *t);

/* The outputs. Each returns 0, or -1 when writing failed (errno). */
int ml_audit_write_json(ml_audit *a, FILE *out);
/* RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote,
 * CR or LF, quotes doubled. A field that starts with = + - @ or a tab is
 * prefixed with ' so that a spreadsheet does not run it as a formula. */
int ml_audit_write_csv(ml_audit *a, FILE *out);
/* One self-contained HTML page (no script, style inline, charts as
 * inline SVG), built with libxml2's tree API so that text is escaped. */
int ml_audit_write_html(ml_audit *a, FILE *out);

/* --- read access for renderers (ml_audit_html.c, the memo) --- */

/* A row of a roll-up by folder, organisation or rule. */
typedef struct ml_audit_group {
	const char *name;
	size_t documents, unreadable, markings, uncited;
	size_t noforn, noforn_missing, foreign, blanket;
	size_t findings;         /* reported findings (by rule: of the rule) */
	ml_severity severity;    /* by rule: the rule's severity */
} ml_audit_group;

typedef enum ml_audit_table {
	ML_AUDIT_BY_FOLDER,
	ML_AUDIT_BY_ORGANISATION,
	ML_AUDIT_BY_RULE,
	ML_AUDIT_BY_CITATION,    /* name: citation; findings: times cited */
	ML_AUDIT_BY_LANE,        /* name: lane; findings: findings in it;
	                            noforn, foreign: markings in it */
	ML_AUDIT__TABLES
} ml_audit_table;

/* The rows of a table, sorted (by rule and citation: count descending
 * then name; by folder and organisation: name). Borrowed until the next
 * ml_audit_add or ml_audit_free. */
size_t ml_audit_groups(ml_audit *a, ml_audit_table t,
                       const ml_audit_group *const **out);

/* The documents with the most NOFORN markings without a basis (status
 * missing), most first then by path: at most ML_AUDIT_TOP. */
#define ML_AUDIT_TOP 10
typedef struct ml_audit_top {
	char *path;
	size_t noforn_missing, noforn;
} ml_audit_top;
size_t ml_audit_worst(const ml_audit *a, const ml_audit_top **out);

/* --- per document and per organisation (ml_audit_docs.c) --- */

/* The page the audit writes for the document at path, "docs/ID.html"
 * (ID: a hash of the path), relative to the audit's folder. A document
 * has a page when it has markings or findings, or could not be read. */
#define ML_AUDIT_PAGE_MAX 32
void ml_audit_page_name(const char *path, char *buf, size_t n);
/* Whether the audit wrote a page for the document at path. */
int ml_audit_has_page(ml_audit *a, const char *path);
/* The worklist of an organisation (as the roll-ups name it),
 * "worklists/NAME-HASH.csv", relative to the audit's folder; it exists
 * when the organisation has markings to act on (ml_audit_has_worklist). */
void ml_audit_worklist_name(const char *org, char *buf, size_t n);
int ml_audit_has_worklist(ml_audit *a, const char *org);
/* ml_audit_write_pages and ml_audit_write_worklists are public
 * (marklint.h). */

/* Internal: the spool of pages and worklist rows (ml_audit_docs.c), the
 * renderers it uses (ml_audit_html.c) and the CSV field (ml_audit.c). */
typedef struct ml_audit_docs ml_audit_docs;
ml_audit_docs *ml_audit__docs_new(void);
void ml_audit__docs_free(ml_audit_docs *ds);
int ml_audit__docs_add(ml_audit_docs *ds, const ml_audit_doc *d);
int ml_audit__docs_has_page(ml_audit_docs *ds, const char *path);
int ml_audit__docs_has_worklist(ml_audit_docs *ds, const char *org);
ml_audit_docs *ml_audit__docs(ml_audit *a);
struct ml_json;
/* audit.json's "documents": every document, by path, with its
 * organisation and its counted findings (rule, severity, fingerprint,
 * part, paragraph, disposition): what --compare reads. 0 or -1. */
int ml_audit__docs_json(ml_audit_docs *ds, struct ml_json *j);
/* One row of docs/index.html. */
typedef struct ml_audit_page_row {
	const char *path, *page, *organisation;
	int ok;
	size_t markings, uncited, findings;
} ml_audit_page_row;
/* A document's page (self-contained HTML) appended to b. */
void ml_audit__page(ml_buf *b, const ml_audit_doc *d);
/* docs/index.html: the documents that have a page, rows in path order. */
int ml_audit__pages_index(const ml_audit_page_row *rows, size_t n,
                          FILE *out);
/* One RFC 4180 field (ml_audit_write_csv's rules), then ',' or CRLF. */
void ml_audit__csv_field(ml_buf *b, const char *s, int last);

/* --- comparison with an earlier audit (ml_audit_compare.c) --- */

/* ml_audit_compare, its _load, _free, _totals and ml_audit_set_compare
 * are public (marklint.h). */
ml_audit_compare *ml_audit_get_compare(ml_audit *a);

typedef struct ml_audit_compare_org {
	const char *organisation;
	size_t added, fixed, unchanged;
} ml_audit_compare_org;
typedef struct ml_audit_compare_item {
	const char *path, *organisation, *rule, *severity, *part;
	unsigned long paragraph;
	const char *disposition;
} ml_audit_compare_item;
/* Once every document is added: the organisations (the most changed
 * first: at most max into out, returns how many); finding i of the new
 * (fixed 0) or fixed ones, sorted by document and place (returns how
 * many). Pointers borrowed from c. */
size_t ml_audit_compare_orgs(ml_audit_compare *c,
                             ml_audit_compare_org *out, size_t max);
size_t ml_audit_compare_items(ml_audit_compare *c, int fixed, size_t i,
                              ml_audit_compare_item *out);
/* Internal: a document of this audit (ml_audit_add), and audit.json's
 * "compare". */
void ml_audit__compare_add(ml_audit_compare *c, const ml_audit_doc *d);
void ml_audit__compare_json(ml_audit_compare *c, struct ml_json *j);

/* The unreadable documents, sorted by path. */
typedef struct ml_audit_bad {
	char *path, *code, *message;
} ml_audit_bad;
size_t ml_audit_unreadable(ml_audit *a, const ml_audit_bad **out);

#endif
