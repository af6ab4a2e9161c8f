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

#endif
