/* ml_pdftext.h - the text of a PDF's pages through poppler's core
 * interface, with one output device for the whole document
 * (ml_pdftext.cc).
 *
 * Why not poppler-glib's text calls, which the child uses for the rest:
 * poppler_page_get_text() and its siblings draw each page on a new output
 * device, and a device holds poppler's cache of ICC colour spaces, so
 * every page built its colour transforms again (half of the reading time
 * of the NARA CUI handbook went to lcms). pdftotext keeps one device for
 * the document; so does this. The page's text, the box of each character
 * and the font of each character are what poppler-glib's
 * poppler_page_get_text(), poppler_page_get_text_layout() and
 * poppler_page_get_text_attributes() return (the same TextPage calls, in
 * one pass over the words where glib made two), so the lines the child
 * sends are the same bytes. Needs poppler's private headers
 * (libpoppler-private-dev); written against poppler 22.12.
 *
 * C interface: the child (marklint_pdf.c) is C. Single-threaded, like the
 * child.
 */
#ifndef ML_PDFTEXT_H
#define ML_PDFTEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ml_pdftext ml_pdftext;

/* The box of the character at an offset of the page's text, in points
 * from the page's top-left corner (PopplerRectangle's layout). */
typedef struct ml_pdfbox {
	double x1, y1, x2, y2;
} ml_pdfbox;

/* The font of the character at an offset of the page's text. */
typedef struct ml_pdffont {
	double size;
	int bold; /* the font's name says bold (S_bold_font's list) */
} ml_pdffont;

/* A page's text (UTF-8, NUL-terminated), a box per offset (nboxes) and a
 * font per offset (nfonts); borrowed, valid until the next call. */
typedef struct ml_pdfpage {
	const char *text;
	const ml_pdfbox *boxes;
	size_t nboxes;
	const ml_pdffont *fonts;
	size_t nfonts;
} ml_pdfpage;

/* Opens the PDF at path, or (path NULL) the len bytes at data, which the
 * caller keeps until ml_pdftext_free. Returns NULL if poppler cannot open
 * it, or out of memory. The empty password is tried, as poppler-glib's
 * open with "" does. */
ml_pdftext *ml_pdftext_open(const char *path, const void *data, size_t len);

/* The text of page index (0-based) of a page width x height points (as
 * poppler_page_get_size says). Returns 0, -1 when the page is missing
 * (nothing in *out), -2 out of memory. */
int ml_pdftext_page(ml_pdftext *t, int index, double width, double height,
                    int (*bold)(const char *font_name), ml_pdfpage *out);

void ml_pdftext_free(ml_pdftext *t);

#ifdef __cplusplus
}
#endif

#endif
