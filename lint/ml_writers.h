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
} ml_summary;

int ml_finding_reported(const ml_finding *f, ml_severity min);
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

#endif
