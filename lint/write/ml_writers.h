/* ml_writers.h - the report writers behind marklint.h's ml_writer: one
 * table entry per format (text: ml_report_text.c; JSON and JSON Lines:
 * ml_report_json.c; SARIF: ml_report_sarif.c; JUnit: ml_report_junit.c),
 * one dispatch (ml_writer.c).
 *
 * Writers read ml_result objects (through ml_result_report) and never
 * look at documents or rules again. A finding is written when it is
 * reported (ml_finding_reported at the result's min_severity); markings
 * are always listed. Text from documents is untrusted: the text writer
 * replaces control characters (terminal escapes among them) by spaces.
 *
 * Include graph: ml_writer.c, ml_report_*.c -> this -> ml_lint.h,
 * ml_json.h.
 */
#ifndef ML_WRITERS_H
#define ML_WRITERS_H

#include "ml_json.h"
#include "ml_lint.h"

#include <stdio.h>

/* One format. begin makes its state on out (NULL: it cannot write
 * there); document writes one result, readable or not; end writes the
 * summary, frees the state and returns 0, or -1 when a write failed. */
typedef struct ml_format_writer {
	ml_report_format format;
	const char *name;
	void *(*begin)(FILE *out, const ml_writer_opts *o);
	void (*document)(void *state, const ml_result *r);
	int (*end)(void *state, const ml_summary *s);
} ml_format_writer;

/* Whether format f quotes document text under o (ml_excerpts). */
int ml_writer__quotes(const ml_writer_opts *o, ml_report_format f);
/* The marking m as a report shows it: as written, except a foreign
 * restriction's sentence (document text), which is "" unless quotes. */
const char *ml_writer__marking_text(const ml_found *m, int quotes);
/* Where p stands, as JSON members: "part", "paragraph", then "line"
 * when line is not 0, "page" and "slide" when p has them. */
void ml_writer__json_place(ml_json *j, const ml_portion *p, size_t line);
/* An unreadable document, as JSON members: "status": "error" and
 * "error": {"code", "message"} from err. */
void ml_writer__json_error(ml_json *j, const ml_error *err);
/* The files a walk left out, as the member "skipped": an array of
 * objects with "path", "code" and "reason" (the JSON report's summary and
 * audit.json write them alike). */
void ml_writer__json_skipped(ml_json *j, const ml_skipped *v, size_t n);
/* f's advice, as JSON members: "disposition", "suggestion" and "lane",
 * each when f has it. */
void ml_writer__json_advice(ml_json *j, const ml_finding *f);
/* Calls fn(state, path, r, f) for each finding f of res's report for
 * which keep(f, min) holds at res's min_severity (ml_finding_reported,
 * or ml_finding_counts to leave the suppressed out); returns 0, or -1
 * when res could not be read (no report: fn is not called). */
int ml_writer__each_finding(const ml_result *res, void *state,
                            int (*keep)(const ml_finding *f,
                                        ml_severity min),
                            void (*fn)(void *state, const char *path,
                                       const ml_report *r,
                                       const ml_finding *f));

extern const ml_format_writer ml_write_text;
extern const ml_format_writer ml_write_json;
extern const ml_format_writer ml_write_jsonl;
extern const ml_format_writer ml_write_sarif;
extern const ml_format_writer ml_write_junit;

/* --- text (ml_report_text.c) --- */

/* Each reported finding:
 *   PATH: PART:PARAGRAPH: SEVERITY: MESSAGE [RULE-ID]
 *       excerpt, one line of at most ML_TEXT_EXCERPT characters
 *       suggestion: SUGGESTION
 * with colour, SEVERITY in ANSI colours (error red, warning yellow, info
 * cyan); the summary "3 documents, 120 portions, 7 markings: 2 errors,
 * 1 warning, 4 infos" and "; 1 document could not be read" when so. */
#define ML_TEXT_EXCERPT 160

/* Text from documents goes through ml_fput_clean (ml_buf.h). */

/* --- JSON (ml_report_json.c), report.schema.json --- */

/* One document object (an element of "documents", or a JSON Lines
 * line); an unreadable document: path, format (guessed from the name),
 * status "error", error {code, message}. quotes: document text in
 * "context" and a restriction's "text" (else "", ml_excerpts). */
void ml_report_json_document(ml_json *j, const ml_result *r, int quotes);
/* The summary object (a value: write the key first when needed). */
void ml_report_json_summary(ml_json *j, const ml_summary *s);

#endif
