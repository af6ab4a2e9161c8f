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

/* ml_fix_item, ml_fix_plan, ml_fix_plan_make, ml_fix_format_ok and
 * ml_fix_write are public: marklint.h. */

#endif
