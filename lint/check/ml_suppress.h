/* ml_suppress.h - the suppression stage: marklint-disable directives
 * written in the document, and the fingerprints that identify a finding
 * across edits (SARIF partialFingerprints, baselines).
 *
 * It runs after ml_check on the report and marks findings suppressed
 * (ml_finding.suppressed, .justification); it never removes one. The
 * directive is
 *
 *     marklint-disable RULE-ID: reason
 *
 * written, for the portion it applies to, as
 *   - a Word comment anchored on the portion (a paragraph of the comment
 *     starts with the directive; a comment anchored over several
 *     paragraphs applies to each);
 *   - in XML, a processing instruction <?marklint marklint-disable ...?>
 *     inside the portion's element (or before it: it then applies to the
 *     next portion), kept by the reader as the portion attribute
 *     "marklint:pi";
 *   - in plain text, a line "marklint: marklint-disable ..." in the
 *     paragraph (a paragraph made only of such lines applies to the next
 *     paragraph).
 * A directive without a reason, naming an unknown rule (or a SUPPRESSION-
 * rule), or not understood, suppresses nothing and gives a
 * SUPPRESSION-INVALID finding; a valid one that suppresses no finding
 * gives SUPPRESSION-UNUSED. Both are placed at the directive's own
 * portion (the comment's paragraph in word/comments.xml, say).
 *
 * Include graph: ml_suppress.c -> ml_check.h (-> ml_rules.h, marklint.h).
 */
#ifndef ML_SUPPRESS_H
#define ML_SUPPRESS_H

#include "ml_check.h"

/* The target of a <?marklint ...?> processing instruction, and the name
 * of the portion attribute the XML reader keeps its data in. */
#define ML_SUPPRESS_PI_TARGET "marklint"
#define ML_SUPPRESS_PI_ATTR "marklint:pi"

/* Applies the directives of the report's document (rs: the rule set the
 * report was checked with, for rule IDs). Marks suppressed findings and
 * adds SUPPRESSION-* findings; returns how many findings it suppressed. */
size_t ml_suppress(ml_report *r, const ml_rules *rs);

/* The fingerprint of a finding: 16 lowercase hex digits (and a NUL in
 * out[16]) of a 64-bit FNV-1a hash of the rule ID, the marking's text and
 * the portion's text with white space collapsed and ASCII letters
 * lowered. Neither the part, the paragraph number nor the message enters
 * it, so a finding keeps it when paragraphs move or messages change. */
#define ML_FINGERPRINT_LEN 16
void ml_fingerprint(const ml_report *r, const ml_finding *f,
                    char out[ML_FINGERPRINT_LEN + 1]);

#endif
