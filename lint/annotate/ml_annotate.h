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

/* ml_annotate_opts, ml_annotate_stats and ml_annotate_write (the copy
 * of a linted DOCX, to any FILE *) are public: marklint.h. */

/* One replacement in a portion's text (marklint fix's corrections). */
typedef struct ml_annotate_edit {
	const ml_portion *portion; /* of the document the package was read as */
	size_t off, len;           /* the text replaced, in the portion's text */
	const char *text;          /* what replaces it */
	int applied;               /* set: written as a tracked change */
	int other_part;            /* set: not in the main part (left out) */
} ml_annotate_edit;

/* Writes a copy of the DOCX package data[0..len) (named name in
 * messages, read as doc with the limits lim) to out with each edit of
 * the main part as a tracked change (author "marklint") and nothing else
 * changed: no comments, every other part as it was. An edit is left out
 * (applied 0) when it is in another part (headers, notes), when it
 * overlaps an earlier one, or when its paragraph's text cannot be mapped
 * onto its runs. st->proposals counts the edits made. Returns 0, or a
 * negative status with err filled: "annotate-format" (not a DOCX),
 * "zip-corrupt", "annotate-unsupported", "output-unwritable". */
int ml_annotate_edits(const char *name, const void *data, size_t len,
                      const ml_doc *doc, const ml_limits *lim,
                      ml_annotate_edit *e, size_t n, FILE *out,
                      ml_annotate_stats *st, ml_error *err);

#endif
