/* ml_fix.h - `marklint fix`: the corrected copy of a document.
 *
 * The markings are found as `marklint check` finds them: a paragraph that
 * is a banner line (ml_marking_parse_banner), and the portion mark a
 * paragraph begins with (after any numbering: the readers' mark_off and
 * mark_len). Each is judged by the register (ml_marking_judge); a
 * marking that is not valid gets its correction, when there is one, with
 * its confidence (marklint-rules(5), CORRECTIONS).
 *
 * The copy has the corrections at or above a confidence, and nothing
 * else changed:
 *   - text and Markdown: the input's bytes, each marking replaced where
 *     it is written (its paragraph's line, as written there);
 *   - DOCX: the input's package with each correction as a tracked change
 *     by "marklint" (ml_annotate_edits), to accept or reject in Word.
 * A correction that cannot be put in its place (a DOCX header or note,
 * text the file does not hold as the reader read it) is left out, and
 * says why.
 *
 * Include graph: ml_fix.c -> ml_marking.h, ml_annotate.h, ml_file.h.
 */
#ifndef ML_FIX_H
#define ML_FIX_H

#include "marklint.h"

#include <stdio.h>

/* One marking that is not valid, and what becomes of it. */
typedef struct ml_fix_item {
	size_t portion;      /* index in the document's portions */
	size_t off, len;     /* the marking in the portion's text */
	int banner;          /* a banner line (else a portion mark) */
	int verdict;         /* ml_marking_verdict: nonstandard, malformed */
	char *from;          /* the marking as written (owned) */
	char *to;            /* its correction (owned), NULL when none */
	char *problem;       /* the first reason (owned) */
	double confidence;   /* of the correction, 0 to 1 */
	uint32_t line;       /* text and Markdown: where (0: unknown) */
	int applied;         /* in the copy */
	const char *left;    /* why not (static), NULL when applied */
} ml_fix_item;

typedef struct ml_fix_plan {
	ml_fix_item *v;
	size_t n;
	size_t applied;      /* items in the copy */
} ml_fix_plan;

/* The markings of doc that are not valid, in document order. */
void ml_fix_plan_make(const ml_doc *doc, ml_fix_plan *out);
void ml_fix_plan_free(ml_fix_plan *p);

/* Whether fix writes documents of this format (text, Markdown, DOCX). */
int ml_fix_format_ok(ml_format f);

/* Writes the corrected copy of the document doc was read from (its bytes
 * data[0..len), read with the limits lim) to out: the corrections of p at
 * or above min_confidence, each item's applied and left set. Returns 0,
 * or a negative status with err: "fix-format" (a format fix does not
 * write), "zip-corrupt", "annotate-unsupported", "output-unwritable". */
int ml_fix_write(const ml_doc *doc, const void *data, size_t len,
                 const ml_limits *lim, double min_confidence,
                 ml_fix_plan *p, FILE *out, ml_error *err);

#endif
