/* ml_pdfwire.h - what the PDF reader child (marklint-pdf) sends its parent.
 *
 * The child parses one PDF with poppler and writes records on its standard
 * output; the parent (ml_pdf.c) reads them and lays the lines out into
 * portions (ml_pdflayout.c). The parent trusts nothing it receives: a
 * child that parsed a hostile file may be under the file's control, so
 * every record is checked (type, length, order, ranges) and the text is
 * validated as UTF-8 by the portion builder.
 *
 * A record is a type byte, a payload length (4 bytes, little-endian) and
 * the payload. Integers in payloads are little-endian; coordinates are in
 * 1/64 point from the page's top-left corner (y grows downwards). Records
 * come in this order:
 *
 *   DOC     u32 pages
 *   META*   u8 ml_meta_key, UTF-8 value
 *   then for each page, in page order:
 *   PAGE    u32 page (1-based), i32 width, i32 height
 *   LINE*   i32 x0, y0, x1, y1, i32 font size, u8 flags, UTF-8 text;
 *           lines in poppler's reading order
 *   ANNOT*  i32 x0, y0, x1, y1, u8 kind, UTF-8 text (the annotation's
 *           contents)
 *   and last:
 *   END     (empty)
 *
 * or, at any point, ERROR (a code, a NUL, a one-line message) after which
 * the child exits. This header is shared by the child and the parent and
 * holds no code but the little-endian helpers.
 */
#ifndef ML_PDFWIRE_H
#define ML_PDFWIRE_H

#include <stdint.h>
#include <string.h>

enum {
	ML_PDFW_DOC = 'D',
	ML_PDFW_META = 'M',
	ML_PDFW_PAGE = 'P',
	ML_PDFW_LINE = 'L',
	ML_PDFW_ANNOT = 'A',
	ML_PDFW_ERROR = 'E',
	ML_PDFW_END = 'Z'
};

#define ML_PDFW_HEAD 5          /* type byte + length */
#define ML_PDFW_SCALE 64        /* coordinate units per point */
#define ML_PDFW_LINE_FIXED 21   /* LINE payload before its text */
#define ML_PDFW_ANNOT_FIXED 17  /* ANNOT payload before its text */
#define ML_PDFW_PAGE_FIXED 12

/* LINE flags */
enum {
	ML_PDFW_BOLD = 1 /* every character of the line is in a bold font */
};

/* ANNOT kinds */
enum {
	ML_PDFW_NOTE = 1,     /* a comment: sticky note, markup with a note */
	ML_PDFW_FREETEXT = 2  /* text written on the page as an annotation */
};

/* Exit statuses of the child besides 0 (the parent also reads signals). */
enum {
	ML_PDFX_USAGE = 64,     /* bad command line */
	ML_PDFX_ERROR = 65,     /* an ERROR record was sent */
	ML_PDFX_NOMEM = 66,     /* out of memory (--max-pdf-memory) */
	ML_PDFX_PAGE_TIME = 67, /* a page took its CPU budget
	                           (--max-page-seconds) */
	ML_PDFX_TIME = 68       /* the document took its CPU budget
	                           (--max-pdf-seconds) */
};

static inline void ml_pdfw_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline uint32_t ml_pdfw_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

#endif
