/* ml_xmlfile.c - small XML data files: parse, validate, read. */
#include "ml_xmlfile.h"

#include "ml_builtin_data.h"
#include "ml_err.h"
#include "ml_file.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int S_fail(ml_error *err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int S_fail(ml_error *err, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_verr(err, ML_EFORMAT, code, fmt, ap);
	va_end(ap);
	return ML_EFORMAT;
}

int ml_xmlfile_read(const char *path, size_t max, const char *io_code,
                    const char *code, ml_buf *out, ml_error *err)
{
	ml_error e;
	int r = ml_file_read(path, max, out, &e);

	if (r == ML_ELIMIT)
		return S_fail(err, code, "%s:0: larger than %zu bytes", path,
		              max);
	if (r < 0 && strcmp(e.code, "io-unreadable") == 0)
		return ml_err(err, ML_EIO, io_code, "%s: %s", path, e.message);
	if (r < 0) /* "no such file", "is a directory" */
		return ml_err(err, ML_EIO, io_code, "%s: cannot read: %s", path,
		              e.message);
	return 0;
}

int ml_xmlfile_load(const char *path, size_t max, const char *io_code,
                    const char *code, ml_xmlfile_loader load, void *ctx,
                    ml_error *err)
{
	ml_buf b;
	int r;

	ml_buf_init(&b, max);
	r = ml_xmlfile_read(path, max, io_code, code, &b, err);
	if (r == 0)
		r = load(ctx, path, b.ptr, b.size, err);
	ml_buf_free(&b);
	return r;
}

/* ml_xmlfile_read_doc's loader: ml_xmlfile_parse with its arguments. */
typedef struct S_parse_args {
	size_t max;
	const char *code, *what;
	xmlDocPtr *out;
} S_parse_args;

static int S_parse_loaded(void *ctx, const char *name, const char *xml,
                          size_t len, ml_error *err)
{
	const S_parse_args *pa = ctx;

	return ml_xmlfile_parse(name, xml, len, pa->max, pa->code, pa->what,
	                        pa->out, err);
}

int ml_xmlfile_read_doc(const char *path, size_t max, const char *io_code,
                        const char *code, const char *what, xmlDocPtr *out,
                        ml_error *err)
{
	S_parse_args pa = {max, code, what, out};

	*out = NULL;
	return ml_xmlfile_load(path, max, io_code, code, S_parse_loaded, &pa,
	                       err);
}

/* The first libxml2 error of a parse or validation. */
typedef struct S_xerr {
	int seen;
	int line;
	char msg[400];
} S_xerr;

static void S_xerr_record(S_xerr *xe, const xmlError *e)
{
	size_t n;

	if (xe->seen || e->level < XML_ERR_ERROR)
		return;
	xe->seen = 1;
	xe->line = e->line;
	if (e->line <= 0 && e->node)
		xe->line = (int)xmlGetLineNo((xmlNodePtr)e->node);
	snprintf(xe->msg, sizeof xe->msg, "%s",
	         e->message ? e->message : "invalid");
	n = strlen(xe->msg);
	while (n > 0 && (xe->msg[n - 1] == '\n' || xe->msg[n - 1] == ' '))
		xe->msg[--n] = '\0';
}

/* serror handler of the parser: data is the parser context. */
static void S_on_parse_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;

	S_xerr_record(ctxt->_private, e);
}

/* serror handler of the validator: data is the S_xerr. */
static void S_on_valid_error(void *data, xmlErrorPtr e)
{
	S_xerr_record(data, e);
}

const char *ml_xmlfile_builtin(const char *name, size_t *len)
{
	size_t i;

	for (i = 0; i < ml_builtin_nfiles; i++) {
		if (strcmp(ml_builtin_files[i].name, name) == 0) {
			*len = ml_builtin_files[i].len;
			return (const char *)ml_builtin_files[i].data;
		}
	}
	*len = 0;
	return NULL;
}

int ml_xmlfile_builtin_validated(void)
{
	return ml_builtin_validated;
}

int ml_xmlfile_parse(const char *name, const char *xml, size_t len,
                     size_t max, const char *code, const char *what,
                     xmlDocPtr *out, ml_error *err)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	S_xerr xe = {0};

	*out = NULL;
	if (len > max)
		return S_fail(err, code, "%s:0: larger than %zu bytes", name,
		              max);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return S_fail(err, code, "%s:0: out of memory", name);
	ctxt->_private = &xe;
	ctxt->sax->serror = S_on_parse_error;
	/* no network, no entity substitution, no DTD loading */
	doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
	                        XML_PARSE_NONET | XML_PARSE_BIG_LINES |
	                            XML_PARSE_COMPACT);
	xmlFreeParserCtxt(ctxt);
	if (!doc || xe.seen) {
		xmlFreeDoc(doc);
		return S_fail(err, code, "%s:%d: not well-formed XML: %s", name,
		              xe.line, xe.seen ? xe.msg : "cannot parse");
	}
	if (doc->intSubset || doc->extSubset) {
		int line = doc->intSubset
		               ? ml_xmlfile_line((xmlNodePtr)doc->intSubset) : 0;
		xmlFreeDoc(doc);
		return S_fail(err, code, "%s:%d: a DOCTYPE is not allowed in a "
		              "%s", name, line ? line : 1, what);
	}
	*out = doc;
	return 0;
}

xmlRelaxNGPtr ml_xmlfile_schema(const char *schema, const char *code,
                                ml_error *err)
{
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr rng;
	S_xerr xe = {0};
	size_t len;
	const char *text = ml_xmlfile_builtin(schema, &len);

	if (!text) {
		S_fail(err, code, "%s:0: the schema is not built in", schema);
		return NULL;
	}
	pc = xmlRelaxNGNewMemParserCtxt(text, (int)len);
	xmlRelaxNGSetParserStructuredErrors(pc, S_on_valid_error, &xe);
	rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (!rng)
		S_fail(err, code, "%s:%d: %s", schema, xe.line,
		       xe.seen ? xe.msg : "cannot parse the schema");
	return rng;
}

int ml_xmlfile_validate(xmlRelaxNGPtr schema, const char *name,
                        xmlDocPtr doc, const char *code, const char *what,
                        ml_error *err)
{
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	S_xerr xe = {0};
	int r;

	xmlRelaxNGSetValidStructuredErrors(vc, S_on_valid_error, &xe);
	r = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (r != 0)
		return S_fail(err, code, "%s:%d: %s", name, xe.line,
		              xe.seen ? xe.msg : what);
	return 0;
}

int ml_xmlfile_validate_builtin(const char *schema, const char *name,
                                xmlDocPtr doc, const char *code,
                                const char *what, ml_error *err)
{
	xmlRelaxNGPtr rng = ml_xmlfile_schema(schema, code, err);
	int r;

	if (!rng)
		return ML_EFORMAT;
	r = ml_xmlfile_validate(rng, name, doc, code, what, err);
	xmlRelaxNGFree(rng);
	return r;
}

int ml_xmlfile_is(xmlNodePtr n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

int ml_xmlfile_line(xmlNodePtr n)
{
	long l = xmlGetLineNo(n);

	return l > 0 && l < INT_MAX ? (int)l : 0;
}

char *ml_xmlfile_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = ml_xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static int S_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* p with runs of white space made one space and the ends trimmed: a new
 * string (caller frees). */
static char *S_collapse(const char *p)
{
	char *s = ml_xmalloc(strlen(p) + 1), *o = s;

	while (*p) {
		if (S_space(*p)) {
			while (S_space(*p))
				p++;
			if (o != s && *p)
				*o++ = ' ';
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return s;
}

char *ml_xmlfile_collapsed(xmlNodePtr n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	char *s = S_collapse(raw ? (const char *)raw : "");

	xmlFree(raw);
	return s;
}

char *ml_xmlfile_attr_collapsed(xmlNodePtr n, const char *name)
{
	char *v = ml_xmlfile_attr(n, name), *s;

	s = v ? S_collapse(v) : NULL;
	free(v);
	return s;
}

char *ml_xmlfile_joined(xmlNodePtr n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	const char *p = raw ? (const char *)raw : "";
	char *s = ml_xmalloc(strlen(p) + 1), *o = s;

	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *e = nl ? nl : p + strlen(p), *b = p;
		while (b < e && S_space(*b))
			b++;
		while (e > b && S_space(e[-1]))
			e--;
		memcpy(o, b, (size_t)(e - b));
		o += e - b;
		p = nl ? nl + 1 : p + strlen(p);
	}
	*o = '\0';
	xmlFree(raw);
	return s;
}

void ml_xmlfile_example_add(ml_xmlfile_examples *ex, xmlNodePtr n,
                            int positive)
{
	ex->v = ml_xrealloc(ex->v, (ex->n + 1) * sizeof *ex->v);
	ex->v[ex->n].text = ml_xmlfile_collapsed(n);
	ex->v[ex->n].positive = positive;
	ex->v[ex->n].line = ml_xmlfile_line(n);
	ex->n++;
}

void ml_xmlfile_examples_free(ml_xmlfile_examples *ex)
{
	size_t i;

	for (i = 0; i < ex->n; i++)
		free(ex->v[i].text);
	free(ex->v);
	ex->v = NULL;
	ex->n = 0;
}
