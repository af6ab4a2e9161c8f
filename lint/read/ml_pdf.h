/* ml_pdf.h - PDF: the child that parses, and the layout that makes
 * portions of what it sends.
 *
 * ml_pdf.c runs the reader child (marklint-pdf, see ml_pdfwire.h) on one
 * PDF under a wall-clock limit and hands its output to an ml_pdfdoc;
 * ml_pdflayout.c checks that output record by record, keeps the lines,
 * and at the end lays them out into portions (MARKINGS.md 2): for each
 * page, part "page N", the running header lines (lines repeated at the
 * top of most pages: banners), the paragraphs of the body in reading
 * order, the running footer lines, then the comments (annotations), each
 * tied to the paragraph it sits on.
 *
 * The layout is plain marklint code with no PDF library in it: the fuzz
 * target fuzz_pdfwire feeds it arbitrary bytes, as a subverted child
 * could.
 */
#ifndef ML_PDF_H
#define ML_PDF_H

#include "ml_doc.h"

/* Reads the PDF in fd (a regular file: the child reads it directly) or,
 * when fd is -1 or not seekable, the bytes head[0, nhead) followed by
 * what pull() yields (0 at the end, negative on error): they are piped to
 * the child. Failures are recorded in doc. */
typedef long (*ml_pdf_pull)(void *ud, const char **chunk);
int ml_pdf_read(ml_doc *doc, int fd, const char *head, size_t nhead,
                ml_pdf_pull pull, void *ud);

/* --- the layout (ml_pdflayout.c) --- */

typedef struct ml_pdfdoc ml_pdfdoc;

ml_pdfdoc *ml_pdfdoc_new(ml_doc *doc);  /* caller frees */
/* Feeds bytes of the child's output; returns 0 or a negative status
 * (recorded in doc: a bad record, an ERROR record, a limit). */
int ml_pdfdoc_feed(ml_pdfdoc *p, const char *data, size_t len);
/* Whether the END record came. */
int ml_pdfdoc_complete(const ml_pdfdoc *p);
/* The pages the DOC record announced, and the page being received. */
uint32_t ml_pdfdoc_pages(const ml_pdfdoc *p);
uint32_t ml_pdfdoc_page(const ml_pdfdoc *p);
/* After END: lays the lines out into the doc's portions. Returns 0 or a
 * negative status ("pdf-no-text" when no page has text). */
int ml_pdfdoc_finish(ml_pdfdoc *p);
void ml_pdfdoc_free(ml_pdfdoc *p);

#endif
