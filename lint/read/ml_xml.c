/* ml_xml.c - stage 2: safe, streaming XML (libxml2 SAX2 push parser). */
#include "ml_xml.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_FEED_CHUNK (64 * 1024)
#define S_MAX_MCE 64   /* nested mc:AlternateContent */
#define S_NS_CACHE 64 /* URIs cached by pointer, a power of two */
#define S_MAX_DEPTH 256 /* libxml2's own ceiling without XML_PARSE_HUGE */

/* Known namespace URIs. Strict OOXML URIs map to the transitional enum. */
static const struct {
	const char *uri;
	ml_ns ns;
} S_ns_table[] = {
	{"http://schemas.openxmlformats.org/wordprocessingml/2006/main", ML_NS_W},
	{"http://purl.oclc.org/ooxml/wordprocessingml/main", ML_NS_W},
	{"http://schemas.microsoft.com/office/word/2003/wordml", ML_NS_W2003},
	{"http://schemas.microsoft.com/office/word/2003/auxHint", ML_NS_WX},
	{"http://schemas.microsoft.com/aml/2001/core", ML_NS_AML},
	{"http://schemas.openxmlformats.org/officeDocument/2006/"
	 "relationships", ML_NS_R},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships", ML_NS_R},
	{"http://schemas.openxmlformats.org/package/2006/relationships", ML_NS_PR},
	{"http://schemas.openxmlformats.org/package/2006/content-types", ML_NS_CT},
	{"http://schemas.microsoft.com/office/2006/xmlPackage", ML_NS_PKG},
	{"http://schemas.openxmlformats.org/markup-compatibility/2006", ML_NS_MC},
	{"http://schemas.openxmlformats.org/package/2006/metadata/"
	 "core-properties", ML_NS_CP},
	{"http://purl.org/dc/elements/1.1/", ML_NS_DC},
	{"http://purl.org/dc/terms/", ML_NS_DCTERMS},
	{"http://schemas.openxmlformats.org/officeDocument/2006/"
	 "extended-properties", ML_NS_EP},
	{"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", ML_NS_EP},
	{"urn:oasis:names:tc:opendocument:xmlns:office:1.0", ML_NS_OFFICE},
	{"urn:oasis:names:tc:opendocument:xmlns:text:1.0", ML_NS_TEXT},
	{"urn:oasis:names:tc:opendocument:xmlns:table:1.0", ML_NS_TABLE},
	{"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", ML_NS_DRAW},
	{"urn:oasis:names:tc:opendocument:xmlns:style:1.0", ML_NS_STYLE},
	{"urn:oasis:names:tc:opendocument:xmlns:meta:1.0", ML_NS_META},
	{"urn:us:gov:ic:ism", ML_NS_ISM},
	{"http://www.w3.org/1999/xhtml", ML_NS_XHTML},
	{"http://schemas.openxmlformats.org/drawingml/2006/main", ML_NS_A},
	{"http://purl.oclc.org/ooxml/drawingml/main", ML_NS_A},
	{"http://schemas.openxmlformats.org/presentationml/2006/main", ML_NS_P},
	{"http://purl.oclc.org/ooxml/presentationml/main", ML_NS_P},
	{"http://schemas.microsoft.com/office/powerpoint/2018/8/main", ML_NS_PC},
	{"http://schemas.openxmlformats.org/drawingml/2006/diagram", ML_NS_DGM},
	{"http://purl.oclc.org/ooxml/drawingml/diagram", ML_NS_DGM},
	{"http://schemas.openxmlformats.org/drawingml/2006/"
	 "wordprocessingDrawing", ML_NS_WP},
	{"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", ML_NS_WP},
	{"http://schemas.openxmlformats.org/officeDocument/2006/math", ML_NS_M},
	{"http://purl.oclc.org/ooxml/officeDocument/math", ML_NS_M},
};

/* Namespaces whose content marklint reads well enough that an mc:Choice
 * requiring them is "understood" (DrawingML text boxes, VML, Word 2010+
 * extensions). A Choice requiring anything else falls back. */
static const char *const S_understood_uris[] = {
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://purl.oclc.org/ooxml/wordprocessingml/main",
	"http://schemas.openxmlformats.org/drawingml/2006/main",
	"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
	"http://schemas.openxmlformats.org/drawingml/2006/picture",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
	"http://schemas.microsoft.com/office/word/2010/wordml",
	"http://schemas.microsoft.com/office/word/2012/wordml",
	"http://schemas.microsoft.com/office/drawing/2010/main",
	"urn:schemas-microsoft-com:vml",
	"urn:schemas-microsoft-com:office:office",
	"urn:schemas-microsoft-com:office:word",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
	"http://schemas.openxmlformats.org/officeDocument/2006/math",
	/* PowerPoint: its Choices hold shapes with DrawingML text */
	"http://schemas.openxmlformats.org/presentationml/2006/main",
	"http://schemas.microsoft.com/office/powerpoint/2010/main",
	"http://schemas.microsoft.com/office/powerpoint/2012/main",
	"http://schemas.microsoft.com/office/powerpoint/2018/8/main",
};

/* An internal general entity, expanded once at its declaration. */
typedef struct S_entity {
	xmlEntity ent; /* handed to libxml2 as a "predefined" entity */
	struct S_entity *next;
} S_entity;

typedef struct S_nsdecl {
	const char *prefix; /* NULL for the default namespace */
	const char *uri;
	int depth;
} S_nsdecl;

typedef struct S_mce {
	int depth;  /* element depth of the mc:AlternateContent */
	int chosen; /* a branch was taken */
} S_mce;

struct ml_xml {
	ml_doc *doc;
	char *part;
	xmlParserCtxtPtr ctxt;
	ml_xml_handler h;
	void *ud;
	unsigned flags;
	int depth;         /* element depth */
	int max_depth;     /* --max-depth, at most S_MAX_DEPTH */
	int skip_depth;    /* >0: dropping a subtree opened at this depth */
	int mute_depth;    /* >0: the reader skips the content of the
	                      element open at this depth (h.skip) */
	const int *failed; /* the document's failure flag */
	int stopped;
	uint64_t expanded; /* entity bytes delivered so far */
	S_entity *entities;
	ml_xattr *attrs;
	int cattrs;
	S_nsdecl *nsdecls;
	int nnsdecls;
	size_t cnsdecls;
	S_mce mce[S_MAX_MCE];
	unsigned char consumed[S_MAX_DEPTH + 2]; /* mc: element eaten */
	unsigned char elem_ns[S_MAX_DEPTH + 2];  /* ml_ns of each open one */
	int nmce;
	struct {
		const xmlChar *uri;
		ml_ns ns;
	} cache[S_NS_CACHE];
};

const char *ml_ns_uri(ml_ns ns)
{
	size_t i;

	for (i = 0; i < sizeof S_ns_table / sizeof S_ns_table[0]; i++)
		if (S_ns_table[i].ns == ns)
			return S_ns_table[i].uri;
	return "";
}

/* libxml2 interns URIs in its dictionary, so one parser sees the same
 * pointer for the same URI: a pointer-hashed cache saves the string
 * comparisons on every element and attribute (one comparison a hit). */
static ml_ns S_ns_of(ml_xml *x, const xmlChar *uri)
{
	size_t i, h;
	ml_ns ns = ML_NS_OTHER;

	if (!uri)
		return ML_NS_NONE;
	h = ((uintptr_t)uri >> 4) & (S_NS_CACHE - 1);
	if (x->cache[h].uri == uri)
		return x->cache[h].ns;
	for (i = 0; i < sizeof S_ns_table / sizeof S_ns_table[0]; i++) {
		if (strcmp((const char *)uri, S_ns_table[i].uri) == 0) {
			ns = S_ns_table[i].ns;
			break;
		}
	}
	x->cache[h].uri = uri;
	x->cache[h].ns = ns;
	return ns;
}

void ml_xml_stop(ml_xml *x)
{
	x->stopped = 1;
	if (x->ctxt)
		xmlStopParser(x->ctxt);
}

static void S_fail(ml_xml *x, ml_status st, const char *code,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void S_fail(ml_xml *x, ml_status st, const char *code,
                   const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ml_doc__fail(x->doc, st, code, "%s: %s", x->part, msg);
	ml_xml_stop(x);
}

/* Stops once a handler recorded an error in the document. */
static void S_check(ml_xml *x)
{
	if (*x->failed)
		ml_xml_stop(x);
}

/* --- entities --- */

static S_entity *S_entity_find(ml_xml *x, const xmlChar *name)
{
	S_entity *e;

	for (e = x->entities; e; e = e->next)
		if (xmlStrEqual(e->ent.name, name))
			return e;
	return NULL;
}

/* Expands the references to earlier entities in a declared value, within
 * the expansion limit; returns NULL (and fails the document) beyond it.
 * Markup inside an entity is kept as text: marklint reads text only. */
static xmlChar *S_expand(ml_xml *x, const xmlChar *name, const xmlChar *value)
{
	uint64_t limit = ml_doc__limits(x->doc)->max_entity_expansion;
	ml_buf out;
	const xmlChar *p = value;

	ml_buf_init(&out, limit);
	while (p && *p) {
		const xmlChar *semi;
		S_entity *e = NULL;
		int r;

		if (*p == '&' && (semi = xmlStrchr(p, ';')) && semi - p < 256) {
			xmlChar *ref = xmlStrndup(p + 1, (int)(semi - p - 1));
			e = S_entity_find(x, ref);
			xmlFree(ref);
		}
		if (e) {
			r = ml_buf_put(&out, e->ent.content, (size_t)e->ent.length);
			p = xmlStrchr(p, ';') + 1;
		} else {
			r = ml_buf_putc(&out, (char)*p++);
		}
		if (r < 0) {
			ml_buf_free(&out);
			S_fail(x, ML_ELIMIT, "xml-entity-expansion",
			       "entity '%s' expands past %llu bytes "
			       "(--max-entity-expansion)",
			       (const char *)name, (unsigned long long)limit);
			return NULL;
		}
	}
	{
		xmlChar *res = xmlStrndup((const xmlChar *)out.ptr, (int)out.size);
		ml_buf_free(&out);
		return res;
	}
}

static void S_entity_decl(void *ctx, const xmlChar *name, int type,
                          const xmlChar *public_id, const xmlChar *system_id,
                          xmlChar *content)
{
	ml_xml *x = ctx;
	S_entity *e;
	xmlChar *value;

	if (x->stopped)
		return;
	if (type == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
	    type == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
	    type == XML_EXTERNAL_PARAMETER_ENTITY || system_id || public_id) {
		S_fail(x, ML_EFORMAT, "xml-external-entity",
		       "the DOCTYPE declares external entity '%s' "
		       "(never resolved)", (const char *)name);
		return;
	}
	if (type != XML_INTERNAL_GENERAL_ENTITY || S_entity_find(x, name))
		return; /* parameter entities are not used; first wins */
	value = S_expand(x, name, content);
	if (!value)
		return;
	e = ml_xcalloc(1, sizeof *e);
	e->ent.type = XML_ENTITY_DECL;
	/* Declared as predefined so that libxml2 hands the text to the
	 * characters callback itself, without parsing or expanding it again
	 * (and without XML_PARSE_NOENT). */
	e->ent.etype = XML_INTERNAL_PREDEFINED_ENTITY;
	e->ent.name = xmlStrdup(name);
	e->ent.content = value;
	e->ent.orig = xmlStrdup(value);
	e->ent.length = xmlStrlen(value);
	e->next = x->entities;
	x->entities = e;
}

static xmlEntityPtr S_get_entity(void *ctx, const xmlChar *name)
{
	ml_xml *x = ctx;
	uint64_t limit = ml_doc__limits(x->doc)->max_entity_expansion;
	S_entity *e = S_entity_find(x, name);

	if (!e || x->stopped)
		return e ? &e->ent : xmlGetPredefinedEntity(name);
	x->expanded += (uint64_t)e->ent.length;
	if (x->expanded > limit) {
		S_fail(x, ML_ELIMIT, "xml-entity-expansion",
		       "entity references expand past %llu bytes in all "
		       "(--max-entity-expansion)", (unsigned long long)limit);
		return NULL;
	}
	return &e->ent;
}

static xmlParserInputPtr S_resolve_entity(void *ctx, const xmlChar *public_id,
                                          const xmlChar *system_id)
{
	(void)ctx, (void)public_id, (void)system_id;
	return NULL; /* nothing is ever loaded */
}

/* --- namespaces and markup compatibility --- */

static void S_ns_push(ml_xml *x, int nb, const xmlChar **namespaces)
{
	int i;

	for (i = 0; i < nb; i++) {
		ML_VEC_GROW(x->nsdecls, x->cnsdecls, (size_t)x->nnsdecls + 1,
		            16);
		x->nsdecls[x->nnsdecls].prefix = (const char *)namespaces[2 * i];
		x->nsdecls[x->nnsdecls].uri = (const char *)namespaces[2 * i + 1];
		x->nsdecls[x->nnsdecls].depth = x->depth;
		x->nnsdecls++;
	}
}

static void S_ns_pop(ml_xml *x)
{
	while (x->nnsdecls && x->nsdecls[x->nnsdecls - 1].depth >= x->depth)
		x->nnsdecls--;
}

static const char *S_ns_lookup(const ml_xml *x, const char *prefix, size_t n)
{
	int i;

	for (i = x->nnsdecls - 1; i >= 0; i--) {
		const char *p = x->nsdecls[i].prefix;
		if (p && strlen(p) == n && strncmp(p, prefix, n) == 0)
			return x->nsdecls[i].uri;
	}
	return NULL;
}

int ml_xml_understood(const char *uri, size_t len)
{
	size_t i;

	for (i = 0;
	     uri && i < sizeof S_understood_uris / sizeof S_understood_uris[0];
	     i++)
		if (strlen(S_understood_uris[i]) == len &&
		    memcmp(uri, S_understood_uris[i], len) == 0)
			return 1;
	return 0;
}

static int S_understood(const char *uri)
{
	return uri && ml_xml_understood(uri, strlen(uri));
}

/* Does marklint understand every prefix of an mc:Choice Requires list? */
static int S_requires_ok(const ml_xml *x, const ml_xattr *attrs, int n)
{
	const ml_xattr *req = ml_xattr_find(attrs, n, ML_NS_NONE, "Requires");
	size_t i = 0, start;

	if (!req)
		return 0;
	while (i < req->vlen) {
		while (i < req->vlen && req->value[i] == ' ')
			i++;
		start = i;
		while (i < req->vlen && req->value[i] != ' ')
			i++;
		if (i > start &&
		    !S_understood(S_ns_lookup(x, req->value + start, i - start)))
			return 0;
	}
	return 1;
}

/* Applies Markup Compatibility to a start tag at x->depth (already
 * incremented). Returns 1 when the element is consumed (not delivered). */
static int S_mce_start(ml_xml *x, const char *local, const ml_xattr *attrs,
                       int n)
{
	S_mce *top = x->nmce ? &x->mce[x->nmce - 1] : NULL;

	if (strcmp(local, "AlternateContent") == 0) {
		if (x->nmce == S_MAX_MCE) {
			S_fail(x, ML_ELIMIT, "limit-depth",
			       "mc:AlternateContent nested more than %d deep",
			       S_MAX_MCE);
			return 1;
		}
		x->mce[x->nmce].depth = x->depth;
		x->mce[x->nmce].chosen = 0;
		x->nmce++;
		return 1;
	}
	if (!top || top->depth != x->depth - 1)
		return 0; /* a stray mc: element: deliver as is */
	if (strcmp(local, "Choice") == 0 && !top->chosen &&
	    S_requires_ok(x, attrs, n)) {
		top->chosen = 1;
		return 1;
	}
	if (strcmp(local, "Fallback") == 0 && !top->chosen) {
		top->chosen = 1;
		return 1;
	}
	x->skip_depth = x->depth; /* a branch not taken */
	return 1;
}

/* --- SAX callbacks --- */

static void S_start_ns(void *ctx, const xmlChar *local, const xmlChar *prefix,
                       const xmlChar *uri, int nb_namespaces,
                       const xmlChar **namespaces, int nb_attributes,
                       int nb_defaulted, const xmlChar **attributes)
{
	ml_xml *x = ctx;
	ml_ns ns;
	int i;

	(void)prefix, (void)nb_defaulted;
	if (x->stopped)
		return;
	x->depth++;
	if (x->depth > x->max_depth) {
		S_fail(x, ML_ELIMIT, "limit-depth",
		       "elements nested deeper than %llu (--max-depth)",
		       (unsigned long long)ml_doc__limits(x->doc)->max_depth);
		return;
	}
	if (x->skip_depth || x->mute_depth)
		return;
	x->consumed[x->depth] = 0;
	S_ns_push(x, nb_namespaces, namespaces);
	if (nb_attributes > x->cattrs) {
		x->cattrs = nb_attributes * 2;
		x->attrs = ml_xrealloc(x->attrs,
		                       (size_t)x->cattrs * sizeof *x->attrs);
	}
	for (i = 0; i < nb_attributes; i++) {
		const xmlChar **a = attributes + 5 * i;
		x->attrs[i].local = (const char *)a[0];
		x->attrs[i].prefix = (const char *)a[1];
		x->attrs[i].uri = (const char *)a[2];
		x->attrs[i].ns = S_ns_of(x, a[2]);
		x->attrs[i].value = (const char *)a[3];
		x->attrs[i].vlen = (size_t)(a[4] - a[3]);
	}
	ns = S_ns_of(x, uri);
	x->elem_ns[x->depth] = (unsigned char)ns; /* for its end */
	if (ns == ML_NS_MC && (x->flags & ML_XML_MCE) &&
	    S_mce_start(x, (const char *)local, x->attrs, nb_attributes)) {
		x->consumed[x->depth] = 1;
		return;
	}
	if (x->h.start) {
		/* xmlSAX2GetLineNumber without the call */
		x->h.start(x->ud, ns, (const char *)local, x->attrs,
		           nb_attributes, (uint32_t)x->ctxt->input->line);
		if (x->h.skip && *x->h.skip)
			x->mute_depth = x->depth;
	}
	S_check(x);
}

static void S_end_ns(void *ctx, const xmlChar *local, const xmlChar *prefix,
                     const xmlChar *uri)
{
	ml_xml *x = ctx;

	(void)prefix, (void)uri; /* the ns was kept at the start */
	if (x->stopped)
		return;
	if (x->skip_depth) {
		if (x->depth == x->skip_depth) {
			x->skip_depth = 0;
			S_ns_pop(x);
		}
		x->depth--;
		return;
	}
	if (x->mute_depth) {
		if (x->depth > x->mute_depth) {
			x->depth--; /* inside: dropped */
			return;
		}
		x->mute_depth = 0; /* the element itself: delivered */
	}
	if (x->consumed[x->depth]) {
		if (x->nmce && x->mce[x->nmce - 1].depth == x->depth)
			x->nmce--;
	} else if (x->h.end) {
		x->h.end(x->ud, (ml_ns)x->elem_ns[x->depth],
		         (const char *)local);
		S_check(x);
	}
	S_ns_pop(x);
	x->depth--;
}

static void S_chars(void *ctx, const xmlChar *s, int len)
{
	ml_xml *x = ctx;

	if (!x->stopped && !x->skip_depth && !x->mute_depth && x->h.text &&
	    len > 0) {
		x->h.text(x->ud, (const char *)s, (size_t)len);
		S_check(x);
	}
}

static void S_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	ml_xml *x = ctx;

	if (!x->stopped && !x->skip_depth && !x->mute_depth && x->h.pi)
		x->h.pi(x->ud, (const char *)target,
		        data ? (const char *)data : "");
}

/* HTML elements have no namespace; their names are lower-cased. */
static void S_html_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	ml_xml *x = ctx;
	int n = 0;

	if (x->stopped)
		return;
	if (++x->depth > (int)ml_doc__limits(x->doc)->max_depth) {
		S_fail(x, ML_ELIMIT, "limit-depth",
		       "elements nested deeper than %llu (--max-depth)",
		       (unsigned long long)ml_doc__limits(x->doc)->max_depth);
		return;
	}
	while (atts && atts[2 * n])
		n++;
	if (n > x->cattrs) {
		x->cattrs = n * 2;
		x->attrs = ml_xrealloc(x->attrs,
		                       (size_t)x->cattrs * sizeof *x->attrs);
	}
	for (int i = 0; i < n; i++) {
		const char *v = atts[2 * i + 1] ? (const char *)atts[2 * i + 1] : "";
		x->attrs[i] = (ml_xattr){ML_NS_NONE, NULL, NULL,
		                         (const char *)atts[2 * i], v, strlen(v)};
	}
	if (x->h.start)
		x->h.start(x->ud, ML_NS_NONE, (const char *)name, x->attrs, n,
		           (uint32_t)xmlSAX2GetLineNumber(x->ctxt));
	S_check(x);
}

static void S_html_end(void *ctx, const xmlChar *name)
{
	ml_xml *x = ctx;

	if (x->stopped)
		return;
	if (x->h.end)
		x->h.end(x->ud, ML_NS_NONE, (const char *)name);
	x->depth--;
}

/* libxml2 reports through here; only fatal errors fail the document:
 * namespace and validity errors are not a reason to refuse a file. */
#if LIBXML_VERSION >= 21200
static void S_error(void *ctx, const xmlError *e)
#else
static void S_error(void *ctx, xmlErrorPtr e)
#endif
{
	ml_xml *x = ctx;
	char msg[300];
	size_t n;
	const char *code = "xml-malformed";
	ml_status st = ML_EFORMAT;

	if (!e || e->level != XML_ERR_FATAL || x->stopped)
		return;
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "error");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->code == XML_ERR_INVALID_CHAR ||
	    e->code == XML_ERR_INVALID_ENCODING ||
	    e->code == XML_ERR_UNKNOWN_ENCODING ||
	    e->code == XML_ERR_UNSUPPORTED_ENCODING) {
		code = "invalid-utf8";
	} else if (e->code == XML_ERR_ENTITY_LOOP) {
		code = "xml-entity-expansion";
		st = ML_ELIMIT;
	} else if (strstr(msg, "Excessive depth") || strstr(msg, "depth")) {
		code = "limit-depth";
		st = ML_ELIMIT;
	}
	ml_doc__fail(x->doc, st, code, "%s: %s at line %d: %s", x->part,
	             strcmp(code, "xml-malformed") == 0 ? "malformed XML"
	                                                : "bad XML",
	             e->line, msg);
	ml_xml_stop(x);
}

static void S_sax_init(xmlSAXHandler *sax, unsigned flags)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->characters = S_chars;
	sax->cdataBlock = S_chars;
	sax->ignorableWhitespace = S_chars;
	sax->processingInstruction = S_pi;
	sax->serror = S_error;
	sax->entityDecl = S_entity_decl;
	sax->getEntity = S_get_entity;
	sax->resolveEntity = S_resolve_entity;
	if (flags & ML_XML_HTML) {
		sax->startElement = S_html_start;
		sax->endElement = S_html_end;
	} else {
		sax->startElementNs = S_start_ns;
		sax->endElementNs = S_end_ns;
	}
}

ml_xml *ml_xml_new(ml_doc *doc, const char *part, const ml_xml_handler *h,
                   void *ud, unsigned flags)
{
	ml_xml *x = ml_xcalloc(1, sizeof *x);
	xmlSAXHandler sax;

	x->doc = doc;
	x->failed = ml_doc__failed_flag(doc);
	x->max_depth = ml_doc__limits(doc)->max_depth < S_MAX_DEPTH
	                   ? (int)ml_doc__limits(doc)->max_depth
	                   : S_MAX_DEPTH;
	x->part = ml_xstrdup(part);
	x->h = *h;
	x->ud = ud;
	x->flags = flags;
	S_sax_init(&sax, flags);
	if (flags & ML_XML_HTML) {
		x->ctxt = (xmlParserCtxtPtr)htmlCreatePushParserCtxt(
		    &sax, x, NULL, 0, part, XML_CHAR_ENCODING_NONE);
		if (x->ctxt)
			htmlCtxtUseOptions(x->ctxt, HTML_PARSE_NONET |
			                   HTML_PARSE_NOERROR |
			                   HTML_PARSE_NOWARNING |
			                   HTML_PARSE_RECOVER);
	} else {
		x->ctxt = xmlCreatePushParserCtxt(&sax, x, NULL, 0, part);
		/* NONET, and none of NOENT, DTDLOAD, DTDVALID or HUGE. */
		if (x->ctxt)
			xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET |
			                  XML_PARSE_NOWARNING);
	}
	if (!x->ctxt) {
		fputs("marklint: out of memory\n", stderr);
		exit(2);
	}
	return x;
}

void ml_xml_set_handler(ml_xml *x, const ml_xml_handler *h, void *ud)
{
	x->h = *h;
	x->ud = ud;
}

int ml_xml_feed(ml_xml *x, const char *data, size_t len)
{
	while (len && !x->stopped) {
		int n = len > S_FEED_CHUNK ? S_FEED_CHUNK : (int)len;
		if (x->flags & ML_XML_HTML)
			htmlParseChunk(x->ctxt, data, n, 0);
		else
			xmlParseChunk(x->ctxt, data, n, 0);
		data += n;
		len -= (size_t)n;
	}
	return ml_doc__status(x->doc, 0);
}

int ml_xml_finish(ml_xml *x)
{
	if (!x->stopped) {
		if (x->flags & ML_XML_HTML)
			htmlParseChunk(x->ctxt, NULL, 0, 1);
		else
			xmlParseChunk(x->ctxt, NULL, 0, 1);
	}
	if (!ml_doc__failed(x->doc) && !(x->flags & ML_XML_HTML) &&
	    !x->ctxt->wellFormed)
		ml_doc__fail(x->doc, ML_EFORMAT, "xml-malformed",
		             "%s: malformed XML", x->part);
	return ml_doc__status(x->doc, 0);
}

void ml_xml_free(ml_xml *x)
{
	S_entity *e, *next;

	if (!x)
		return;
	if (x->ctxt) {
		if (x->ctxt->myDoc)
			xmlFreeDoc(x->ctxt->myDoc);
		if (x->flags & ML_XML_HTML)
			htmlFreeParserCtxt(x->ctxt);
		else
			xmlFreeParserCtxt(x->ctxt);
	}
	for (e = x->entities; e; e = next) {
		next = e->next;
		xmlFree((xmlChar *)e->ent.name);
		xmlFree(e->ent.content);
		xmlFree(e->ent.orig);
		free(e);
	}
	free(x->attrs);
	free(x->nsdecls);
	free(x->part);
	free(x);
}

int ml_xml_parse(ml_doc *doc, const char *part, const char *data, size_t len,
                 const ml_xml_handler *h, void *ud, unsigned flags)
{
	ml_xml *x = ml_xml_new(doc, part, h, ud, flags);
	int r = ml_xml_feed(x, data, len);

	if (r == 0)
		r = ml_xml_finish(x);
	ml_xml_free(x);
	return r;
}

/* --- attributes --- */

const ml_xattr *ml_xattr_find(const ml_xattr *attrs, int nattrs, ml_ns ns,
                              const char *local)
{
	int i;

	for (i = 0; i < nattrs; i++)
		if (attrs[i].ns == ns && strcmp(attrs[i].local, local) == 0)
			return &attrs[i];
	return NULL;
}

char *ml_xattr_dup(const ml_xattr *attrs, int nattrs, ml_ns ns,
                   const char *local)
{
	const ml_xattr *a = ml_xattr_find(attrs, nattrs, ns, local);

	return a ? ml_xstrndup(a->value, a->vlen) : NULL;
}

int ml_xattr_is(const ml_xattr *attrs, int nattrs, ml_ns ns,
                const char *local, const char *s)
{
	const ml_xattr *a = ml_xattr_find(attrs, nattrs, ns, local);

	return a && a->vlen == strlen(s) && memcmp(a->value, s, a->vlen) == 0;
}
