/* ml_doc.h - the portion model and the builder the readers fill it with.
 *
 * Readers (ml_docx.c, ml_odt.c, ml_genxml.c, ml_textin.c ...) never build
 * portions themselves: they open a part, begin and end paragraphs and feed
 * text, references and attributes to the innermost open paragraph. The
 * builder assigns paragraph numbers in start order (a text box's paragraph,
 * nested inside a body paragraph, is numbered after it), normalises the text
 * at the end of each paragraph and drops paragraphs that end up blank.
 *
 * Include graph: readers -> ml_doc.h -> ml_buf.h, marklint.h.
 */
#ifndef ML_DOC_H
#define ML_DOC_H

#include "marklint.h"
#include "ml_buf.h"
#include "ml_utf8.h"

#include <stdarg.h>

typedef int (*ml_doc_sink)(void *ctx, const ml_doc *doc, size_t i);

/* Whether the document was streamed to a sink (ml_doc__set_sink): then
 * only the portions the sink kept can be read. */
int ml_doc_streamed(const ml_doc *doc);

/* ml_doc_open with a sink (ml_doc__set_sink) that sees each portion as
 * it is made, when the reader streams (see ml_doc__stream). */
int ml_doc_open_sink(const char *path, const ml_limits *lim,
                     ml_doc_sink sink, void *ctx, ml_doc **out,
                     ml_error *err);

/* A new, empty document (owned by the caller: ml_doc_free). */
ml_doc *ml_doc__new(const char *path, const ml_limits *lim, ml_error *err);

const ml_limits *ml_doc__limits(const ml_doc *doc);
ml_error *ml_doc__err(ml_doc *doc);

/* Records the first error of the reading (later ones are ignored, so the
 * user sees the cause, not its consequences) and returns status. */
int ml_doc__fail(ml_doc *doc, ml_status status, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int ml_doc__failed(const ml_doc *doc); /* nonzero once ml_doc__fail ran */
/* What a reading step returns: the status of the first error
 * (ml_doc__fail) once there is one, else ok. */
int ml_doc__status(const ml_doc *doc, int ok);
/* The flag ml_doc__failed reads, for a parser that tests it at every
 * event (borrowed: lives as long as doc). */
const int *ml_doc__failed_flag(const ml_doc *doc);

void ml_doc__set_format(ml_doc *doc, ml_format format);

/* Starts reading a part: later paragraphs belong to it. Paragraph numbers
 * continue if the same part is opened again. The name is copied. */
void ml_doc__part(ml_doc *doc, const char *name);
const char *ml_doc__part_name(const ml_doc *doc); /* current, or "" */
/* Where the current part's portions come in the output: parts are sorted
 * by rank (default 0), then in the order they were first opened. Readers
 * of single files that hold parts in another order than a DOCX (Flat OPC,
 * Word 2003 XML, flat ODT) rank them. */
void ml_doc__part_rank(ml_doc *doc, int rank);
/* The page (PDF) or slide (PowerPoint) of the current part, given to its
 * portions (0: none). */
void ml_doc__part_page(ml_doc *doc, uint32_t page, uint32_t slide);
/* The document was read from a zip package: the XML lines of its parts
 * mean nothing to a user, so portions get line 0. */
void ml_doc__set_packaged(ml_doc *doc);

/* Later paragraphs belong to this note or comment (ML_LINK_NONE: to none).
 * id is copied; idlen may be (size_t)-1 for a NUL-terminated id. */
void ml_doc__owner(ml_doc *doc, ml_link_kind kind, const char *id,
                   size_t idlen);

/* Opens a paragraph inside the current part (nested ones allowed: text
 * boxes, notes inlined in ODT). line is the start tag's line, 0 if none.
 * Returns 0 or a negative status (depth limit). */
int ml_doc__para_begin(ml_doc *doc, uint32_t line);
/* The innermost open paragraph is a heading (level 1 to 9): it gives
 * the section of the portions after it. */
void ml_doc__para_heading(ml_doc *doc, int level);
/* Depth of open paragraphs (0: text here goes nowhere). */
int ml_doc__para_depth(const ml_doc *doc);
/* Appends raw UTF-8 text to the innermost open paragraph (ignored when
 * none is open). Returns 0 or ML_ELIMIT (portion size limit, recorded). */
int ml_doc__text(ml_doc *doc, const char *s, size_t len);
/* The innermost paragraph references a note or comment (deduplicated). */
int ml_doc__ref(ml_doc *doc, ml_link_kind kind, const char *id, size_t idlen);
/* The innermost paragraph keeps a source attribute (copied). */
int ml_doc__attr(ml_doc *doc, const char *name, const char *value,
                 size_t vlen);
/* From now on, a line break ('\n') followed by a line that begins with
 * a portion mark ends the paragraph's portion and starts another, with
 * the same paragraph number (DOCX w:br, ODT text:line-break, HTML br:
 * MARKINGS.md 3.1.1). Each reference goes with the piece it was made in;
 * attributes with every piece. */
void ml_doc__split_lines(ml_doc *doc, int on);
/* Closes the innermost paragraph. It is kept when its normalised text is
 * not blank, or when it has references or attributes (keep_blank forces
 * it). Invalid UTF-8 fails with "invalid-utf8". */
int ml_doc__para_end(ml_doc *doc, int keep_blank);

/* Streaming: sink sees each portion of the document as soon as it is
 * final (when the outermost open paragraph ends), with the portion
 * before it still readable (ml_doc_portion); it returns 1 to keep the
 * portion for after the read, 0 to let it go once the next one came.
 * Set before reading. Only readers that make portions in their final
 * order (parts opened in output order, never reopened, no ranks) stream,
 * by calling ml_doc__stream before their first paragraph: text,
 * Markdown, DOCX, PPTX, ODT packages, generic and IC-ISM XML, PDF (once
 * its last page is in: ml_pdflayout.c lays the pages out in order).
 * The sink must keep every portion of a note or comment (owner set):
 * ml_doc_linked finds them after the read. A streamed document then
 * holds only the portions kept (ml_doc_portion is NULL for the others)
 * and ml_doc_portion_count counts all. */
void ml_doc__set_sink(ml_doc *doc, ml_doc_sink sink, void *ctx);
void ml_doc__stream(ml_doc *doc);

/* Metadata (first value wins; value is copied and normalised). */
void ml_doc__meta(ml_doc *doc, ml_meta_key key, const char *value,
                  size_t len);

/* Ends the reading: closes what is open, drops unfilled slots and builds
 * the note index. Returns 0 or the recorded error status. */
int ml_doc__finish(ml_doc *doc);

/* Bytes inflated from all the zip parts of this document so far (the zip
 * stage adds to it and checks max_total_size). */
uint64_t *ml_doc__inflated(ml_doc *doc);

/* Normalises a paragraph in place (never longer); (size_t)-1 for invalid
 * UTF-8. */
size_t ml_norm__inplace(char *text, size_t len);

#endif
