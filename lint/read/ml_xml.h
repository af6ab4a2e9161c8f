/* ml_xml.h - stage 2: streaming XML over libxml2's SAX2 push parser.
 *
 * The only file that includes libxml2's parser headers is ml_xml.c. It
 * parses hostile XML safely: no network, no DTD loading, no external
 * entities (a declaration of one is an error, "xml-external-entity"),
 * internal entities expanded by marklint itself within a byte limit
 * ("xml-entity-expansion"), nesting bounded ("limit-depth"), never
 * XML_PARSE_NOENT nor XML_PARSE_HUGE.
 *
 * Readers get events with namespace URIs reduced to a small enum (Strict
 * OOXML namespaces read as their transitional twins), so they compare
 * integers, never prefixes. With ML_XML_MCE, Office Markup Compatibility
 * is applied before readers see anything: of an mc:AlternateContent only
 * the first understood mc:Choice, or else the mc:Fallback, is delivered,
 * and the mc: elements themselves are transparent.
 */
#ifndef ML_XML_H
#define ML_XML_H

#include "marklint.h"
#include "ml_doc.h"

#include <stddef.h>
#include <stdint.h>

/* Namespaces marklint knows. ML_NS_OTHER is any other URI (the URI string
 * is still given); ML_NS_NONE is no namespace. */
typedef enum ml_ns {
	ML_NS_NONE = 0,
	ML_NS_OTHER,
	ML_NS_W,       /* wordprocessingml/2006/main (and Strict) */
	ML_NS_W2003,   /* schemas.microsoft.com/office/word/2003/wordml */
	ML_NS_WX,      /* Word 2003 auxHint */
	ML_NS_AML,     /* Word 2003 annotations */
	ML_NS_R,       /* officeDocument/2006/relationships (and Strict) */
	ML_NS_PR,      /* package/2006/relationships */
	ML_NS_CT,      /* package/2006/content-types */
	ML_NS_PKG,     /* schemas.microsoft.com/office/2006/xmlPackage */
	ML_NS_MC,      /* markup-compatibility/2006 */
	ML_NS_CP,      /* package/2006/metadata/core-properties */
	ML_NS_DC,      /* purl.org/dc/elements/1.1/ */
	ML_NS_DCTERMS, /* purl.org/dc/terms/ */
	ML_NS_EP,      /* officeDocument/2006/extended-properties */
	ML_NS_OFFICE,  /* urn:oasis:names:tc:opendocument:xmlns:office:1.0 */
	ML_NS_TEXT,    /* ...:text:1.0 */
	ML_NS_TABLE,   /* ...:table:1.0 */
	ML_NS_DRAW,    /* ...:drawing:1.0 */
	ML_NS_STYLE,   /* ...:style:1.0 */
	ML_NS_META,    /* ...:meta:1.0 */
	ML_NS_ISM,     /* urn:us:gov:ic:ism */
	ML_NS_XHTML,   /* http://www.w3.org/1999/xhtml */
	ML_NS_A,       /* drawingml/2006/main (and Strict) */
	ML_NS_P,       /* presentationml/2006/main (and Strict) */
	ML_NS_PC,      /* PowerPoint's modern comments (2018/8/main) */
	ML_NS_DGM,     /* drawingml/2006/diagram (SmartArt data) */
	ML_NS_WP,      /* drawingml/2006/wordprocessingDrawing */
	ML_NS_M,       /* officeDocument/2006/math (and Strict) */
	ML_NS_UNDERSTOOD /* marker: namespaces below are only "understood" for
	                    mc:Choice Requires= (DrawingML, VML, w14...) */
} ml_ns;

typedef struct ml_xattr {
	ml_ns ns;
	const char *uri;    /* NULL when none */
	const char *prefix; /* NULL when none */
	const char *local;
	const char *value;  /* not NUL-terminated: use vlen */
	size_t vlen;
} ml_xattr;

typedef struct ml_xml ml_xml;

/* Event handlers. Any may be NULL. ud is the reader's own state. A handler
 * that finds the input bad calls ml_doc__fail() and ml_xml_stop(). */
typedef struct ml_xml_handler {
	void (*start)(void *ud, ml_ns ns, const char *local,
	              const ml_xattr *attrs, int nattrs, uint32_t line);
	void (*end)(void *ud, ml_ns ns, const char *local);
	void (*text)(void *ud, const char *s, size_t len);
	void (*pi)(void *ud, const char *target, const char *data);
	/* May be NULL. A reader that skips whole subtrees points this at its
	 * skip counter: when *skip is nonzero after start, nothing inside
	 * the element is delivered (its end still is), which saves the
	 * reader an event per element of every property subtree. */
	const unsigned *skip;
} ml_xml_handler;

enum {
	ML_XML_MCE = 1, /* apply Office Markup Compatibility */
	ML_XML_HTML = 2 /* parse as HTML (libxml2's HTML parser), for altChunk */
};

/* A push parser for one part. Errors are recorded in doc (ml_doc__fail)
 * with the part name in the message. Owned by the caller: ml_xml_free. */
ml_xml *ml_xml_new(ml_doc *doc, const char *part, const ml_xml_handler *h,
                   void *ud, unsigned flags);
/* Replaces the handlers (a reader built after its parser). */
void ml_xml_set_handler(ml_xml *x, const ml_xml_handler *h, void *ud);
/* Feeds bytes; returns 0, or a negative status once the document failed. */
int ml_xml_feed(ml_xml *x, const char *data, size_t len);
/* Ends the input (checks that the document is complete). */
int ml_xml_finish(ml_xml *x);
void ml_xml_free(ml_xml *x);

/* Parses a whole buffer: new, feed in chunks, finish, free. */
int ml_xml_parse(ml_doc *doc, const char *part, const char *data,
                 size_t len, const ml_xml_handler *h, void *ud,
                 unsigned flags);

/* Asks the parser to stop after the current event. A handler that records
 * an error with ml_doc__fail() need not call it: the parser stops by
 * itself once the document has failed. */
void ml_xml_stop(ml_xml *x);

/* The canonical URI for ns (transitional for Strict), or "" */
const char *ml_ns_uri(ml_ns ns);

/* Whether marklint reads the content of the namespace uri[0..len) well
 * enough that an mc:Choice requiring it is understood (DrawingML text
 * boxes, VML, Word 2010+ extensions); a Choice requiring anything else
 * falls back. Shared with the annotated copy's locator, which must choose
 * as the reader chose. */
int ml_xml_understood(const char *uri, size_t len);

/* The value of attribute (ns, local) among attrs as a new NUL-terminated
 * string (caller frees), or NULL when absent. */
char *ml_xattr_dup(const ml_xattr *attrs, int nattrs, ml_ns ns,
                   const char *local);
/* Compares attribute (ns, local)'s value to s; 1 when equal. */
int ml_xattr_is(const ml_xattr *attrs, int nattrs, ml_ns ns,
                const char *local, const char *s);
/* The attribute (ns, local) or NULL. */
const ml_xattr *ml_xattr_find(const ml_xattr *attrs, int nattrs, ml_ns ns,
                              const char *local);

#endif
