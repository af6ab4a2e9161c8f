/* ml_writers.h - the writers of `marklint check` (internal): text
 * (ml_report_text.c), JSON and JSON Lines (ml_report_json.c).
 *
 * Writers read ml_report objects (ml_check.h) and never look at rules
 * again. A finding is reported when its rule is enabled and its severity
 * is at or above the minimum (--min-severity); markings are always listed.
 * Text from documents is untrusted: the text writer replaces control
 * characters (terminal escapes among them) by spaces.
 */
#ifndef ML_WRITERS_H
#define ML_WRITERS_H

#include "ml_check.h"
#include "ml_json.h"

#include <stdio.h>

/* Totals over every document of a run. */
typedef struct ml_summary {
	size_t documents;   /* every input, readable or not */
	size_t unreadable;
	size_t portions;
	size_t markings;
	size_t findings[3]; /* reported, per ml_severity */
	size_t suppressed;  /* reported but suppressed in the document */
	size_t baselined;   /* reported but in the --baseline file */
} ml_summary;

int ml_finding_reported(const ml_finding *f, ml_severity min);
/* Reported and not suppressed (in the document or by a baseline): what
 * the totals count and what can fail the run. */
int ml_finding_counts(const ml_finding *f, ml_severity min);
/* Adds a document's counts (r NULL: an unreadable document). */
void ml_summary_add(ml_summary *s, const ml_report *r, ml_severity min);

/* --- text (ml_report_text.c) --- */

/* Each reported finding:
 *   PATH: PART:PARAGRAPH: SEVERITY: MESSAGE [RULE-ID]
 *       excerpt, one line of at most ML_TEXT_EXCERPT characters
 *       suggestion: SUGGESTION
 * color: wrap SEVERITY in ANSI colours (error red, warning yellow, info
 * cyan). */
#define ML_TEXT_EXCERPT 160
void ml_report_text_write(FILE *out, const char *path, const ml_report *r,
                          ml_severity min, int color);
/* "3 documents, 120 portions, 7 markings: 2 errors, 1 warning, 4 infos"
 * and "; 1 document could not be read" when so. */
void ml_report_text_summary(FILE *out, const ml_summary *s);

/* Writes s[0..n) on one line, control characters replaced by spaces. */
void ml_report_text_clean(FILE *out, const char *s, size_t n);

/* --- JSON (ml_report_json.c), report.schema.json --- */

/* {"tool": {...}, "documents": [   (then documents, then the tail) */
void ml_report_json_head(ml_json *j);
/* One document object (an element of "documents", or a JSONL line). */
void ml_report_json_document(ml_json *j, const char *path,
                             const ml_report *r, ml_severity min);
/* An unreadable document: path, format (guessed from the name), status
 * "error", error {code, message}. */
void ml_report_json_unreadable(ml_json *j, const char *path,
                               const ml_error *err);
/* The summary object (a value: write the key first when needed). */
void ml_report_json_summary(ml_json *j, const ml_summary *s);
/* ], "summary": {...}} and the final newline. */
void ml_report_json_tail(ml_json *j, const ml_summary *s);

/* --- SARIF 2.1.0 (ml_report_sarif.c) --- */

/* One run: tool.driver with the rules of rs (IDs, descriptions, help,
 * helpUri, default levels), one result per reported finding (suppressed
 * ones with "suppressions"), unreadable documents as tool execution
 * notifications. Streamed: documents are written as they come. */
typedef struct ml_sarif ml_sarif;

/* baseline: a baseline was applied (results get "baselineState"). The
 * caller owns the writer (ml_sarif_finish frees it). */
ml_sarif *ml_sarif_new(FILE *out, const ml_rules *rs, int baseline);
void ml_sarif_document(ml_sarif *s, const char *path, const ml_report *r,
                       ml_severity min);
void ml_sarif_unreadable(ml_sarif *s, const char *path,
                         const ml_error *err);
/* Ends the document and frees s. */
void ml_sarif_finish(ml_sarif *s);

/* --- JUnit XML (ml_report_junit.c, libxml2's xmlTextWriter) --- */

/* <testsuites name="marklint">, one <testsuite> per document (name: the
 * path) and in it one <testcase> per enabled rule (classname: the path,
 * name: the rule ID); a test case fails (<failure>) when the rule has a
 * counted finding at or above fail_on, and lists every finding of the
 * rule in <system-out>. An unreadable document: a suite with one test
 * case "read" in <error>. */
typedef struct ml_junit ml_junit;

/* NULL when libxml2 cannot write to out. Owned by the caller
 * (ml_junit_finish frees it). */
ml_junit *ml_junit_new(FILE *out);
void ml_junit_document(ml_junit *ju, const char *path, const ml_report *r,
                       const ml_rules *rs, ml_severity min,
                       ml_severity fail_on);
void ml_junit_unreadable(ml_junit *ju, const char *path,
                         const ml_error *err);
/* Ends the document and frees ju; 0, or -1 when a write failed. */
int ml_junit_finish(ml_junit *ju);

#endif
