/* ml_lint.h - the one pipeline (internal view of marklint.h's ml_lint_*):
 * read, check, the suppression stage, the baseline, into an ml_result.
 *
 * The products (writers, memo, audit, annotate) take an ml_result and
 * reach the check stage's report through ml_result_report.
 *
 * Include graph: ml_lint.c -> ml_check.h, ml_suppress.h, ml_baseline.h,
 * ml_file.h.
 */
#ifndef ML_LINT_H
#define ML_LINT_H

#include "ml_check.h"

/* The report of a readable document (borrowed from r), or NULL. */
const ml_report *ml_result_report(const ml_result *r);
/* The pattern scratch of a thread's ml_scratch (borrowed). */
ml_rx_scratch *ml_scratch_rx(ml_scratch *s);

#endif
