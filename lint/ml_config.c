/* ml_config.c - reading, validating, applying and writing the
 * configuration file (.marklint.xml); see ml_config.h. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "ml_config.h"
#include "ml_buf.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define S_NS "urn:marklint:config:1"

#ifndef ML_SRC_DATADIR
#define ML_SRC_DATADIR "markings"
#endif
#ifndef ML_DATADIR
#define ML_DATADIR "/usr/local/share/marklint"
#endif

/* libxml2 2.12 made the error of a structured handler const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError S_xml_error;
#else
typedef xmlError S_xml_error;
#endif

static int S_fail(ml_error *err, const char *path, long line,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records "FILE:LINE: reason" (or "FILE: reason" when line <= 0). */
static int S_fail(ml_error *err, const char *path, long line,
                  const char *fmt, ...)
{
	char reason[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	memset(err, 0, sizeof *err);
	err->status = ML_EFORMAT;
	snprintf(err->code, sizeof err->code, "config-invalid");
	if (line > 0)
		snprintf(err->message, sizeof err->message, "%s:%ld: %s",
		         path, line, reason);
	else
		snprintf(err->message, sizeof err->message, "%s: %s", path,
		         reason);
	return ML_EFORMAT;
}

/* --- finding --- */

static int S_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *ml_config_find(const char *dir)
{
	char *abs = realpath(dir && *dir ? dir : ".", NULL);
	ml_buf b;
	char *slash;

	if (!abs)
		return NULL;
	ml_buf_init(&b, (size_t)-1);
	for (;;) {
		ml_buf_clear(&b);
		ml_buf_printf(&b, "%s%s%s", abs,
		              strcmp(abs, "/") == 0 ? "" : "/", ML_CONFIG_NAME);
		if (S_is_file(b.ptr)) {
			free(abs);
			return ml_buf_detach(&b, NULL);
		}
		slash = strrchr(abs, '/');
		if (!slash || strcmp(abs, "/") == 0)
			break;
		slash[slash == abs ? 1 : 0] = '\0';
	}
	free(abs);
	ml_buf_free(&b);
	return NULL;
}

/* --- reading --- */

/* The whole file, at most ML_CONFIG_MAX_SIZE bytes (caller frees). */
static char *S_read(const char *path, size_t *len, ml_error *err)
{
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n;

	if (!f) {
		S_fail(err, path, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	data = ml_xmalloc(ML_CONFIG_MAX_SIZE + 1);
	n = fread(data, 1, ML_CONFIG_MAX_SIZE + 1, f);
	if (ferror(f) || n > ML_CONFIG_MAX_SIZE) {
		if (ferror(f))
			S_fail(err, path, 0, "cannot read: %s",
			       strerror(errno));
		else
			S_fail(err, path, 0, "larger than %u bytes",
			       ML_CONFIG_MAX_SIZE);
		fclose(f);
		free(data);
		return NULL;
	}
	fclose(f);
	*len = n;
	return data;
}

/* The first libxml2 error of a parse or validation, kept for the user. */
typedef struct S_first {
	long line;
	char message[256];
	int set;
} S_first;

static void S_keep_error(void *ud, S_xml_error *e)
{
	S_first *first = ud;
	size_t n;

	if (!e || !e->message)
		return;
	/* a validation error may come without a line: take the node's, or
	 * the next error's (same place, vaguer words) */
	if (first->set) {
		if (first->line <= 0)
			first->line = e->line;
		return;
	}
	first->set = 1;
	first->line = e->line;
	if (first->line <= 0 && e->node)
		first->line = xmlGetLineNo((xmlNodePtr)e->node);
	snprintf(first->message, sizeof first->message, "%s", e->message);
	n = strlen(first->message);
	while (n && (first->message[n - 1] == '\n' ||
	             first->message[n - 1] == ' '))
		first->message[--n] = '\0';
}

static xmlDocPtr S_parse(const char *path, const char *data, size_t len,
                         ml_error *err)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc;
	S_first first;

	if (!ctxt) {
		S_fail(err, path, 0, "cannot parse: out of memory");
		return NULL;
	}
	memset(&first, 0, sizeof first);
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
	                        XML_PARSE_NONET | XML_PARSE_NOERROR |
	                        XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		S_keep_error(&first, (S_xml_error *)e);
		S_fail(err, path, first.line, "%s", first.set ?
		       first.message : "not well-formed XML");
	} else if (doc->intSubset) {
		S_fail(err, path, xmlGetLineNo((xmlNodePtr)doc->intSubset),
		       "a DOCTYPE is not allowed");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

/* The schema: the installed copy of markings/config.rng, or the source
 * tree's while marklint runs from its build directory. */
static xmlRelaxNGPtr S_schema(ml_error *err)
{
	static const char *const dirs[] = {ML_SRC_DATADIR, ML_DATADIR};
	xmlRelaxNGParserCtxtPtr pc = NULL;
	xmlRelaxNGPtr rng = NULL;
	S_first first;
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0] && !rng; i++) {
		snprintf(path, sizeof path, "%s/config.rng", dirs[i]);
		if (!S_is_file(path))
			continue;
		memset(&first, 0, sizeof first);
		pc = xmlRelaxNGNewParserCtxt(path);
		xmlRelaxNGSetParserStructuredErrors(pc, S_keep_error, &first);
		rng = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
	}
	if (!rng)
		S_fail(err, "config.rng", 0, "the configuration schema is "
		       "missing or broken (installation problem)");
	return rng;
}

static int S_validate(const char *path, xmlDocPtr doc, ml_error *err)
{
	xmlRelaxNGPtr rng = S_schema(err);
	xmlRelaxNGValidCtxtPtr vc;
	S_first first;
	int r;

	if (!rng)
		return ML_EFORMAT;
	memset(&first, 0, sizeof first);
	vc = xmlRelaxNGNewValidCtxt(rng);
	xmlRelaxNGSetValidStructuredErrors(vc, S_keep_error, &first);
	r = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(rng);
	if (r != 0)
		return S_fail(err, path, first.line, "%s", first.set ?
		              first.message : "does not match config.rng");
	return 0;
}

/* --- building --- */

/* An attribute or the element's text, trimmed (caller frees), or NULL. */
static char *S_value(xmlNodePtr n, const char *attr)
{
	xmlChar *v = attr ? xmlGetProp(n, (const xmlChar *)attr) :
	             xmlNodeGetContent(n);
	char *s, *start, *end;

	if (!v)
		return NULL;
	start = (char *)v;
	while (*start == ' ' || *start == '\t' || *start == '\n' ||
	       *start == '\r')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
	                       end[-1] == '\n' || end[-1] == '\r'))
		end--;
	s = ml_xstrndup(start, (size_t)(end - start));
	xmlFree(v);
	return s;
}

static int S_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, (const xmlChar *)S_NS) &&
	       xmlStrEqual(n->name, (const xmlChar *)name);
}

static void S_severity(xmlNodePtr n, const char *attr, ml_severity *out,
                       int *has)
{
	char *v = S_value(n, attr);

	/* the schema allows only the three names */
	if (v && ml_severity_parse(v, out) == 0)
		*has = 1;
	free(v);
}

/* href resolved against the directory of the configuration file. */
static char *S_resolve(const char *config, const char *href)
{
	const char *slash = strrchr(config, '/');
	size_t dl = slash ? (size_t)(slash - config) + 1 : 0;
	size_t hl = strlen(href);
	char *p;

	if (href[0] == '/' || dl == 0)
		return ml_xstrdup(href);
	p = ml_xmalloc(dl + hl + 1);
	memcpy(p, config, dl);
	memcpy(p + dl, href, hl + 1);
	return p;
}

static void S_add_href(ml_config *c, xmlNodePtr n, int authorities)
{
	char *href = S_value(n, "href");
	ml_config_href *h;

	c->hrefs = ml_xrealloc(c->hrefs, (c->nhrefs + 1) * sizeof *c->hrefs);
	h = &c->hrefs[c->nhrefs++];
	h->path = S_resolve(c->path, href ? href : "");
	h->authorities = authorities;
	h->line = (int)xmlGetLineNo(n);
	free(href);
}

static void S_add_rule(ml_config *c, xmlNodePtr n)
{
	char *enabled = S_value(n, "enabled");
	ml_config_rule *r;

	c->rules = ml_xrealloc(c->rules, (c->nrules + 1) * sizeof *c->rules);
	r = &c->rules[c->nrules++];
	memset(r, 0, sizeof *r);
	r->id = S_value(n, "id");
	if (!r->id)
		r->id = ml_xstrdup("");
	r->line = (int)xmlGetLineNo(n);
	r->enabled = enabled ? strcmp(enabled, "yes") == 0 : -1;
	S_severity(n, "severity", &r->severity, &r->has_severity);
	free(enabled);
}

static void S_build(ml_config *c, xmlDocPtr doc)
{
	xmlNodePtr n;

	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		if (S_is(n, "fail-on"))
			S_severity(n, NULL, &c->fail_on, &c->has_fail_on);
		else if (S_is(n, "min-severity"))
			S_severity(n, NULL, &c->min_severity,
			           &c->has_min_severity);
		else if (S_is(n, "rules"))
			S_add_href(c, n, 0);
		else if (S_is(n, "authorities"))
			S_add_href(c, n, 1);
		else if (S_is(n, "rule"))
			S_add_rule(c, n);
	}
}

int ml_config_load(const char *path, ml_config **out, ml_error *err)
{
	size_t len = 0;
	char *data = S_read(path, &len, err);
	xmlDocPtr doc;
	ml_config *c;

	*out = NULL;
	if (!data)
		return ML_EIO;
	doc = S_parse(path, data, len, err);
	free(data);
	if (!doc)
		return ML_EFORMAT;
	if (S_validate(path, doc, err) < 0) {
		xmlFreeDoc(doc);
		return ML_EFORMAT;
	}
	c = ml_xcalloc(1, sizeof *c);
	c->path = ml_xstrdup(path);
	S_build(c, doc);
	xmlFreeDoc(doc);
	*out = c;
	return 0;
}

void ml_config_free(ml_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nhrefs; i++)
		free(c->hrefs[i].path);
	for (i = 0; i < c->nrules; i++)
		free(c->rules[i].id);
	free(c->hrefs);
	free(c->rules);
	free(c->path);
	free(c);
}

/* --- applying --- */

int ml_config_load_files(const ml_config *c, ml_rules *rs, ml_error *err)
{
	size_t i;
	int r;

	for (i = 0; i < c->nhrefs; i++) {
		r = ml_rules_load_file(rs, c->hrefs[i].path, err);
		if (r < 0)
			return r;
	}
	return 0;
}

int ml_config_apply_rules(const ml_config *c, ml_rules *rs, ml_error *err)
{
	const ml_config_rule *r;
	size_t i;

	for (i = 0; i < c->nrules; i++) {
		r = &c->rules[i];
		if (!ml_rules_def(rs, r->id))
			return S_fail(err, c->path, r->line,
			              "unknown rule ID '%s' (marklint "
			              "--list-rules)", r->id);
		if (r->enabled >= 0)
			ml_rules_set_enabled(rs, r->id, r->enabled);
		if (r->has_severity)
			ml_rules_set_severity(rs, r->id, r->severity);
	}
	return 0;
}

/* --- writing --- */

/* s escaped for an XML attribute or text; control characters (not
 * allowed in XML 1.0) are dropped. */
static void S_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				fputc(*s, out);
		}
	}
}

/* s in an XML comment, where "--" is not allowed. */
static void S_comment(FILE *out, const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20)
			continue;
		fputc(*s, out);
		if (*s == '-' && (s[1] == '-' || s[1] == '\0'))
			fputc(' ', out);
	}
}

void ml_config_write(FILE *out, const char *source, ml_severity fail_on,
                     ml_severity min_severity, const ml_config_href *hrefs,
                     size_t nhrefs, const ml_rules *rs)
{
	const ml_ruledef *defs;
	size_t i, n;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	if (source) {
		fputs("<!-- ", out);
		S_comment(out, source);
		fputs(" -->\n", out);
	}
	fputs("<marklint xmlns=\"" S_NS "\">\n", out);
	fprintf(out, "  <fail-on>%s</fail-on>\n", ml_severity_name(fail_on));
	fprintf(out, "  <min-severity>%s</min-severity>\n",
	        ml_severity_name(min_severity));
	for (i = 0; i < nhrefs; i++) {
		fprintf(out, "  <%s href=\"", hrefs[i].authorities ?
		        "authorities" : "rules");
		S_escape(out, hrefs[i].path);
		fputs("\"/>\n", out);
	}
	n = ml_rules_defs(rs, &defs);
	for (i = 0; i < n; i++) {
		fputs("  <rule id=\"", out);
		S_escape(out, defs[i].id);
		fprintf(out, "\" enabled=\"%s\" severity=\"%s\"/>\n",
		        defs[i].enabled ? "yes" : "no",
		        ml_severity_name(defs[i].severity));
	}
	fputs("</marklint>\n", out);
}
