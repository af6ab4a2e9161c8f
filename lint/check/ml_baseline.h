/* ml_baseline.h - baselines: the findings a project has accepted, by
 * fingerprint, so that CI fails only on new ones.
 *
 * The file (written by --write-baseline, read by --baseline; see
 * marklint(1), BASELINES) is XML:
 *
 *   <baseline xmlns="urn:marklint:baseline:1" version="1"
 *             generator="marklint 0.1.0">
 *     <finding path="drafts/rfp.docx" rule="NOFORN-UNJUSTIFIED"
 *              fingerprint="0123456789abcdef" count="1"
 *              location="word/document.xml:6" marking="(S//NF)"/>
 *   </baseline>
 *
 * One <finding> per document and fingerprint (ml_fingerprint: rule +
 * marking + normalised portion text), with how many findings of that
 * document share it. The path is the document's, relative to the folder
 * of the baseline file and normalised (ml_baseline_set_file), so that
 * "drafts/", "./drafts" and an absolute path match the same entries.
 * location and marking (never a restriction's sentence) are for people
 * reading a diff; the element's text, the portion's text, is written
 * only with ML_BASELINE_EXCERPTS: a baseline is committed and must not
 * carry document text by accident. Neither is ever matched.
 * Entries are sorted by path, rule and fingerprint so diffs stay small.
 *
 * Include graph: ml_baseline.c -> ml_suppress.h, libxml2 (tree and
 * writer: the file is small and trusted no more than any input: no
 * network, no entities, no DTD).
 */
#ifndef ML_BASELINE_H
#define ML_BASELINE_H

#include "ml_check.h"

#include <stdio.h>

#define ML_BASELINE_NS "urn:marklint:baseline:1"
#define ML_BASELINE_VERSION 1

/* ml_baseline_new, _free, _load and _write are public (marklint.h).
 * Apply and record lock the baseline: the threads of a run share it. */

/* Marks the counted findings (ml_finding_counts at min) of the report of
 * the document at path that b holds as ML_SUPPRESS_BASELINE, each entry
 * matching at most its count. Returns how many it marked. file: path
 * names a file (keyed relative to the baseline's folder); else it is a
 * name (ml_lint_memory), keyed as written, lexically cleaned. */
size_t ml_baseline_apply(ml_baseline *b, const char *path, int file,
                         ml_report *r, ml_severity min);

/* Adds the report's counted and baselined findings to b (for
 * --write-baseline); path and file as for ml_baseline_apply. */
void ml_baseline_record(ml_baseline *b, const char *path, int file,
                        const ml_report *r, ml_severity min);

#endif
