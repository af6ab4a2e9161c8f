/* ml_readers.h - the document readers and how ml_read.c dispatches to them.
 *
 * ml_read.c opens the input and sniffs its content: a zip goes to
 * ml_docx_read (OPC package: [Content_Types].xml) or ml_odt_read (ODF
 * package: mimetype); a single XML file is parsed once, and at its root
 * element the dispatcher picks a streaming reader: pkg:package (Flat OPC),
 * w:wordDocument (Word 2003 XML), office:document (flat ODT), or the generic
 * reader (IC-ISM and any other XML); anything else that is UTF-8 is text.
 *
 * A streaming reader is a set of SAX handlers plus a finish and a free
 * function (ml_reader). Readers can nest: the Flat OPC reader runs a
 * WordprocessingML reader over each part it holds.
 */
#ifndef ML_READERS_H
#define ML_READERS_H

#include "ml_doc.h"
#include "ml_opc.h"
#include "ml_xml.h"
#include "ml_zip.h"

typedef struct ml_reader {
	ml_xml_handler h;
	void *ud;                    /* the reader's state, owned by it */
	int (*finish)(void *ud);     /* end of its input; may be NULL */
	void (*free)(void *ud);      /* releases ud; may be NULL */
} ml_reader;

/* A reader that skips subtrees (skip > 0: inside one, its depth) and
 * stops on an error. At an element's start: whether the reader takes
 * the element (0 inside a skipped subtree, which grows, or once
 * stopped). */
static inline int ml_reader__enter(unsigned *skip, int stopped)
{
	if (*skip) {
		(*skip)++;
		return 0;
	}
	return !stopped;
}

/* At an element's end: whether the reader takes it (0 inside a skipped
 * subtree, whose root closes the skipped element's depth; once stopped;
 * or with no element open). */
static inline int ml_reader__leave(unsigned *skip, unsigned *depth,
                                   int stopped)
{
	if (*skip) {
		if (--*skip == 0)
			(*depth)--;
		return 0;
	}
	return !stopped && *depth > 0;
}

/* The deepest element nesting a streaming reader keeps per-element state
 * for (libxml2 itself stops at 256, and --max-depth at most that). */
#define ML_READER_MAX_DEPTH 260

/* At an element's start, with depth elements open: whether it is one too
 * many. Then doc fails with limit-depth, and the reader stops. */
static inline int ml_reader__too_deep(ml_doc *doc, unsigned depth)
{
	if (depth < ML_READER_MAX_DEPTH)
		return 0;
	ml_doc__fail(doc, ML_ELIMIT, "limit-depth",
	             "%s: elements nested more than %d deep",
	             ml_doc__part_name(doc), ML_READER_MAX_DEPTH);
	return 1;
}

/* --- packages (zip) --- */
/* OPC word-processing package: DOCX, DOCM, DOTX, DOTM. Sets the format,
 * reads the main part found through _rels/.rels and [Content_Types].xml,
 * then headers, footers, footnotes, endnotes, comments and altChunks, and
 * docProps metadata. */
int ml_docx_read(ml_doc *doc, ml_zip *z);
/* ODF text package: content.xml, styles.xml, meta.xml. */
int ml_odt_read(ml_doc *doc, ml_zip *z);
/* PowerPoint (PPTX, PPTM, POTX, PPSX): whether ct is the content type of
 * a presentation's main part; reading the package opened by ml_docx_read,
 * slides in presentation order (p:sldIdLst), each followed by its notes,
 * comments and SmartArt text, then the static text of masters and
 * layouts, then metadata (ml_pptx.c). */
int ml_pptx_is_main(const char *ct);
int ml_pptx_read(ml_doc *doc, ml_opc *opc, const char *main_part);

/* Streams entry idx of p's package, named full, through the reader r
 * (ml_xml_new flags: ML_XML_MCE, ML_XML_HTML), then ends r (finish) and
 * releases it (free), whatever happened (ml_opc.c; DOCX, PowerPoint and
 * the package metadata). Returns 0, or the status of the stream's
 * failure, else of the reader's. */
int ml_opc_stream_part(ml_opc *p, int idx, const char *full,
                       const ml_reader *r, unsigned flags);

/* --- streaming XML readers --- */
/* Which WordprocessingML part a reader is fed (for owners of notes). */
typedef enum ml_wml_flavour {
	ML_WML_2006,  /* a part of a DOCX or Flat OPC package */
	ML_WML_2003   /* a whole Word 2003 XML document (w:wordDocument) */
} ml_wml_flavour;

/* Reads WordprocessingML paragraphs into the doc's current part. x is the
 * parser that feeds it (for ml_xml_stop). */
void ml_wml_reader(ml_doc *doc, ml_xml *x, ml_wml_flavour flavour,
                   ml_reader *out);
/* Whether the subtree of the w: element local[0..len) is not text for
 * the reader (deleted text, field codes, properties...): shared with the
 * annotated copy's locator, which must see the text the reader saw. */
int ml_wml_skips(const char *local, size_t len);
/* Flat OPC (pkg:package). */
void ml_flatopc_reader(ml_doc *doc, ml_xml *x, ml_reader *out);
/* Flat ODT (office:document) and the parts of an ODT package. */
void ml_odt_reader(ml_doc *doc, ml_xml *x, ml_reader *out);
/* IC-ISM and generic XML; part is the file's name. */
void ml_genxml_reader(ml_doc *doc, ml_xml *x, const char *part,
                      ml_reader *out);
/* DrawingML text of a PowerPoint part (ml_dml.c): every a:p is a portion
 * (shapes, placeholders, tables, groups, SmartArt), p:cNvPr alternative
 * text too; comments are portions owned by "comment N" (N counted through
 * the deck in *ncomments). */
typedef enum ml_dml_kind {
	ML_DML_SLIDE,     /* a slide: every shape but the slide number */
	ML_DML_NOTES,     /* speaker notes: the same */
	ML_DML_MASTER,    /* a master or layout: text that is no placeholder
	                     (placeholders hold prompts, "Click to edit") */
	ML_DML_COMMENTS,  /* legacy comments (p:cmLst) */
	ML_DML_MODERN     /* modern comments and their replies */
} ml_dml_kind;
void ml_dml_reader(ml_doc *doc, ml_dml_kind kind, unsigned *ncomments,
                   ml_reader *out);
/* HTML (an altChunk): p, h1-h6, li, td/th, and the like are portions. */
void ml_html_reader(ml_doc *doc, ml_xml *x, ml_reader *out);

/* Plain text and Markdown (MARKINGS.md 2): a portion is a paragraph of
 * lines separated by blank lines; a line that begins with a portion
 * mark, a heading or a list item starts a new one. Fed in chunks; data
 * is UTF-8, or UTF-16 with a BOM (a UTF-8 BOM is skipped). markdown:
 * Markdown syntax is read (headings, lists, quotes, emphasis, code,
 * links, tables) and the format is "markdown". */
typedef struct ml_textin ml_textin;
ml_textin *ml_textin_new(ml_doc *doc, const char *part, int markdown);
int ml_textin_feed(ml_textin *t, const char *data, size_t len);
int ml_textin_finish(ml_textin *t);
void ml_textin_free(ml_textin *t);

#endif
