/* ml_config.c - reading, validating, applying and writing the
 * configuration file (.marklint.xml); see ml_config.h. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "ml_config.h"
#include "ml_buf.h"
#include "ml_err.h"
#include "ml_lanes.h"
#include "ml_xmlfile.h"

#include <libxml/tree.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define S_NS "urn:marklint:config:1"

static int S_fail(ml_error *err, const char *path, long line,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records "FILE:LINE: reason" (or "FILE: reason" when line <= 0). */
static int S_fail(ml_error *err, const char *path, long line,
                  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_verr_at(err, ML_EFORMAT, "config-invalid", path,
	           line > 0 ? (unsigned long)line : 0, fmt, ap);
	va_end(ap);
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

/* --- elements --- */

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

/* --- reading --- */

/* What each element of a configuration holds, so that a mistake is told
 * in the user's terms and names what is allowed ("fail-on must be error,
 * warning or info, not 'warnings'"); markings/config.rng validates what
 * passes, as a backstop. */
typedef enum S_holds { S_SEVERITY, S_HREF, S_RULE, S_MEMO } S_holds;

static const struct {
	const char *name;
	S_holds holds;
	int once;            /* at most one */
} S_elements[] = {
	{"fail-on", S_SEVERITY, 1}, {"min-severity", S_SEVERITY, 1},
	{"rules", S_HREF, 0}, {"authorities", S_HREF, 0},
	{"lanes", S_HREF, 0}, {"rule", S_RULE, 0}, {"memo", S_MEMO, 1},
};
#define S_NELEMENTS (sizeof S_elements / sizeof S_elements[0])
#define S_ALLOWED "fail-on, min-severity, rules, authorities, lanes, rule " \
                  "or memo"
#define S_SEVERITIES "error, warning or info"

static int S_check_value(const char *path, xmlNodePtr n, const char *what,
                         const char *v, ml_error *err)
{
	ml_severity sev;

	if (v && ml_severity_parse(v, &sev) == 0)
		return 0;
	return S_fail(err, path, xmlGetLineNo(n), "%s must be "
	              S_SEVERITIES ", not '%s'", what, v ? v : "");
}

static int S_check_rule(const char *path, xmlNodePtr n, ml_error *err)
{
	char *id = S_value(n, "id"), *en = S_value(n, "enabled");
	char *sev = S_value(n, "severity");
	int r = 0;

	if (!id || !*id)
		r = S_fail(err, path, xmlGetLineNo(n), "<rule> needs "
		           "id=\"RULE-ID\" (marklint --list-rules)");
	else if (en && strcmp(en, "yes") != 0 && strcmp(en, "no") != 0)
		r = S_fail(err, path, xmlGetLineNo(n), "enabled must be yes "
		           "or no, not '%s'", en);
	else if (sev)
		r = S_check_value(path, n, "severity", sev, err);
	free(id);
	free(en);
	free(sev);
	return r;
}

/* <memo>: for, from, signature and date, each at most once, with text. */
static int S_check_memo(const char *path, xmlNodePtr memo, ml_error *err)
{
	static const char *const names[] = {"for", "from", "signature",
	                                    "date"};
	unsigned seen = 0;
	xmlNodePtr n;
	size_t k;

	for (n = memo->children; n; n = n->next) {
		char *v;
		int empty;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (k = 0; k < 4 && !S_is(n, names[k]); k++)
			;
		if (k == 4)
			return S_fail(err, path, xmlGetLineNo(n), "unknown "
			              "element <%s> in <memo>: it holds for, "
			              "from, signature or date",
			              (const char *)n->name);
		if (seen & (1u << k))
			return S_fail(err, path, xmlGetLineNo(n), "<%s> is "
			              "given twice", names[k]);
		seen |= 1u << k;
		v = S_value(n, NULL);
		empty = !v || !*v;
		free(v);
		if (empty)
			return S_fail(err, path, xmlGetLineNo(n), "<%s> is "
			              "empty", names[k]);
	}
	return 0;
}

static int S_check_child(const char *path, xmlNodePtr n, unsigned *seen,
                         ml_error *err)
{
	size_t k;
	char *v;
	int r;

	for (k = 0; k < S_NELEMENTS && !S_is(n, S_elements[k].name); k++)
		;
	if (k == S_NELEMENTS)
		return S_fail(err, path, xmlGetLineNo(n), "unknown element "
		              "<%s>: a configuration holds " S_ALLOWED,
		              (const char *)n->name);
	if (S_elements[k].once && (*seen & (1u << k)))
		return S_fail(err, path, xmlGetLineNo(n), "<%s> is given "
		              "twice", S_elements[k].name);
	*seen |= 1u << k;
	if (S_elements[k].holds == S_RULE)
		return S_check_rule(path, n, err);
	if (S_elements[k].holds == S_MEMO)
		return S_check_memo(path, n, err);
	v = S_value(n, S_elements[k].holds == S_HREF ? "href" : NULL);
	if (S_elements[k].holds == S_SEVERITY)
		r = S_check_value(path, n, S_elements[k].name, v, err);
	else if (!v || !*v)
		r = S_fail(err, path, xmlGetLineNo(n), "<%s> needs "
		           "href=\"FILE\"", S_elements[k].name);
	else
		r = 0;
	free(v);
	return r;
}

/* The checks that name the allowed values, before the schema's. */
static int S_check(const char *path, xmlDocPtr doc, ml_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	unsigned seen = 0;
	int r = 0;

	if (!root || !S_is(root, "marklint"))
		return S_fail(err, path, root ? xmlGetLineNo(root) : 0,
		              "not a marklint configuration: the root must be "
		              "<marklint xmlns=\"" S_NS "\">");
	for (n = root->children; n && !r; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			r = S_check_child(path, n, &seen, err);
	return r;
}

static int S_validate(const char *path, xmlDocPtr doc, ml_error *err)
{
	int r = S_check(path, doc, err);

	if (r < 0)
		return r;
	return ml_xmlfile_validate_builtin("markings/config.rng", path, doc,
	                                   "config-invalid",
	                                   "does not match config.rng", err);
}

/* --- building --- */

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
	h->lanes = 0;
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

/* <memo>: MEMORANDUM FOR, FROM, the signature block and the date. */
static void S_memo(ml_config *c, xmlNodePtr memo)
{
	xmlNodePtr n;

	for (n = memo->children; n; n = n->next) {
		char **slot = S_is(n, "for") ? &c->memo_for
		            : S_is(n, "from") ? &c->memo_from
		            : S_is(n, "signature") ? &c->memo_signature
		            : S_is(n, "date") ? &c->memo_date : NULL;
		if (slot) {
			free(*slot);
			*slot = S_value(n, NULL);
		}
	}
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
		else if (S_is(n, "lanes")) {
			S_add_href(c, n, 0);
			c->hrefs[c->nhrefs - 1].lanes = 1;
		}
		else if (S_is(n, "rule"))
			S_add_rule(c, n);
		else if (S_is(n, "memo"))
			S_memo(c, n);
	}
}

int ml_config_load(const char *path, ml_config **out, ml_error *err)
{
	xmlDocPtr doc;
	ml_config *c;
	int r;

	*out = NULL;
	r = ml_xmlfile_read_doc(path, ML_CONFIG_MAX_SIZE, "config-invalid",
	                        "config-invalid", "configuration file", &doc,
	                        err);
	if (r == 0)
		r = S_validate(path, doc, err);
	if (r < 0) {
		xmlFreeDoc(doc);
		return r;
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
	free(c->memo_for);
	free(c->memo_from);
	free(c->memo_signature);
	free(c->memo_date);
	free(c);
}

/* --- applying --- */

int ml_config_load_files(const ml_config *c, ml_rules *rs, ml_error *err)
{
	size_t i;
	int r;

	for (i = 0; i < c->nhrefs; i++) {
		r = c->hrefs[i].lanes
		        ? ml_rules_load_lanes_file(rs, c->hrefs[i].path, err)
		        : ml_rules_load_file(rs, c->hrefs[i].path, err);
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
		fprintf(out, "  <%s href=\"", hrefs[i].lanes ? "lanes" :
		        hrefs[i].authorities ? "authorities" : "rules");
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
