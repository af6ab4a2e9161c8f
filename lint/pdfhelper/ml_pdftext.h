/* ml_pdftext.h - a PDF through poppler's core interface: one PDFDoc per
 * document for everything the child reads (the pages' sizes, text and
 * annotations, the metadata, why it does not open), with one output
 * device for the whole document (ml_pdftext.cc).
 *
 * Why the core and not poppler-glib, which the child used until issue
 * 14's memory work: glib's text calls draw each page on a new output
 * device, and a device holds poppler's cache of ICC colour spaces, so
 * every page built its colour transforms again (half of the reading time
 * of the NARA CUI handbook went to lcms); and a glib document next to the
 * core one for the text opened every PDF twice, and poppler keeps each
 * page it has loaded until its document closes, so the child grew twice
 * as fast as pdftotext (6.4 KB a page against 3.2). pdftotext keeps one
 * document and one device; so does this. What each call returns is what
 * the poppler-glib call named at it returned (poppler 22.12: the same
 * core calls, and GLib's own conversions for strings and dates), so the
 * records the child sends are the same bytes. Needs poppler's private
 * headers (libpoppler-private-dev); written against poppler 22.12.
 *
 * Memory flat per page: the pages are not taken from poppler's catalog,
 * which keeps every page it has walked to until the document closes,
 * but from a walk of the page tree of our own that holds one page at a
 * time (ml_pdftext.cc, "the pages, one at a time"); the annotations are
 * read from their dictionaries for the same reason.
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

/* Why a document did not open: poppler-glib's error, as the child
 * reported it when it opened documents with poppler-glib. */
typedef struct ml_pdferr {
	int encrypted;      /* it needs a password */
	char message[128];  /* poppler-glib's wording, NUL-terminated */
} ml_pdferr;

/* Once, before any document: poppler's global tables, and its error
 * messages silenced (as poppler-glib's are by default). */
void ml_pdftext_init(void);

/* Opens the PDF at path, or (path NULL) the len bytes at data, which the
 * caller keeps until ml_pdftext_free. Returns NULL if poppler cannot open
 * it (why in *err), or out of memory (err->message empty). The empty
 * password is tried, as poppler-glib's open with "" does. */
ml_pdftext *ml_pdftext_open(const char *path, const void *data, size_t len,
                            ml_pdferr *err);

/* The number of pages the document says it has (0 or more). */
int ml_pdftext_pages(ml_pdftext *t);

/* The size in points of page index (0-based) as it is shown: its crop
 * box, turned by its rotation (poppler_page_get_size). Returns 0, -1
 * when the page is missing (0 x 0), -2 out of memory. The pages are
 * best asked for in order: the page last asked for is kept, and the
 * next one is found from it (an earlier one, from the first page). */
int ml_pdftext_page_size(ml_pdftext *t, int index, double *w, double *h);

/* The Info dictionary's text string at key ("Title", "Author"), in UTF-8
 * (poppler_document_get_title()'s conversion), or NULL; caller g_frees. */
char *ml_pdftext_info(ml_pdftext *t, const char *key);

/* The Info dictionary's date at key ("CreationDate", "ModDate") as
 * YYYY-MM-DDTHH:MM:SS+hh:mm (GLib's "%Y-%m-%dT%H:%M:%S%:z" of
 * poppler_document_get_creation_date_time()), or NULL; caller g_frees. */
char *ml_pdftext_info_date(ml_pdftext *t, const char *key);

/* What an annotation is to the reader: not read (links, form fields,
 * pop-ups, media), a note, or text shown on the page. */
enum { ML_PDFANNOT_SKIP, ML_PDFANNOT_NOTE, ML_PDFANNOT_FREETEXT };

/* Called for each annotation of a page with a kind to read and contents:
 * its area as poppler_page_get_annot_mapping() gives it (origin at the
 * bottom left, turned with the page), its text in UTF-8 (borrowed). */
typedef void (*ml_pdfannot_fn)(void *ctx, int kind, const ml_pdfbox *area,
                               const char *text);

/* The annotations of page index (0-based) of a page width x height points
 * (ml_pdftext_page_size). Returns 0, -1 when the page is missing, -2 out
 * of memory. */
int ml_pdftext_annots(ml_pdftext *t, int index, double width, double height,
                      ml_pdfannot_fn fn, void *ctx);

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
