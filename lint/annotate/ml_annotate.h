/* ml_annotate.h - `marklint annotate`: an annotated copy of a DOCX, with a
 * Word comment at each finding and, on request, the suggested replacement
 * as a tracked change.
 *
 * The copy is the input package with four parts rewritten: the main part
 * (word/document.xml: comment anchors, and w:del/w:ins for proposals), the
 * comments part (created or updated), the main part's relationships (the
 * comments relationship, when new) and [Content_Types].xml (its Override,
 * when new). Every other entry is copied unchanged (ml_pkgcopy.h).
 *
 * The main part is never held as a tree: a byte scanner walks it once to
 * find ids, once to locate each annotated paragraph (numbered the way the
 * WordprocessingML reader numbers them, its text rebuilt and compared with
 * the portion's text), and the copy is the input's bytes with splices at
 * the offsets found. Where the rebuilt text does not match, the comment is
 * anchored on the whole paragraph. Comments marklint wrote before (author
 * "marklint", text starting with "marklint RULE-ID") are removed with their
 * anchors and written anew, so annotating twice does not duplicate them.
 *
 * Include graph: ml_annotate.c -> ml_check.h, ml_writers.h, ml_pkgcopy.h.
 */
#ifndef ML_ANNOTATE_H
#define ML_ANNOTATE_H

#include "ml_lint.h"

#include <stdio.h>

typedef struct ml_annotate_opts {
	int propose;            /* add suggestions as tracked changes */
} ml_annotate_opts;

typedef struct ml_annotate_stats {
	size_t comments;   /* comments written */
	size_t precise;    /* anchored on the marking's text */
	size_t paragraph;  /* anchored on the whole paragraph */
	size_t proposals;  /* tracked changes proposed */
	size_t removed;    /* marklint comments of an earlier run replaced */
} ml_annotate_stats;

/* Writes the annotated copy of the DOCX that r was linted from (with
 * keep_input: the copy is made from the very bytes that were checked) to
 * out (a file, ml_file.h's atomic writer, or memory). A comment is
 * written for each counted finding at r's min_severity: a finding the
 * author suppressed, or that the baseline holds, gets none. Returns 0,
 * or a negative status with err filled: "annotate-format" (not a DOCX),
 * "zip-corrupt", "output-unwritable". */
int ml_annotate_write(const ml_result *r, FILE *out,
                      const ml_annotate_opts *o, ml_annotate_stats *st,
                      ml_error *err);

#endif
