/* ml_docx.c - OPC word-processing packages (DOCX, DOCM, DOTX, DOTM): find
 * the parts through relationships and read each with the WML reader.
 *
 * The main part is the target of the package's officeDocument relationship
 * (transitional or Strict), never an assumed word/document.xml; its content
 * type must be a word-processing main part. Then, through the main part's
 * relationships: headers, footers (in relationship order), footnotes,
 * endnotes, comments, then altChunks; metadata from docProps/core.xml and
 * docProps/app.xml (found through the package relationships).
 *
 * Relationship targets resolve against the source part's folder. External
 * targets, targets with a URI scheme and targets that climb out of the
 * package are not followed: that is no error (hyperlinks are external all
 * the time), there is just nothing to read.
 */
#include "ml_readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Relationship types: transitional and Strict bases, then a name. */
static const char *const S_rel_bases[] = {
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
	"http://purl.oclc.org/ooxml/officeDocument/relationships/",
};
static const char *const S_rel_core[] = {
	"http://schemas.openxmlformats.org/package/2006/relationships/"
	"metadata/core-properties",
	/* older producers wrote this one */
	"http://schemas.openxmlformats.org/officedocument/2006/relationships/"
	"metadata/core-properties",
};

#define S_WML_CT "application/vnd.openxmlformats-officedocument.wordprocessingml."

static const char *const S_main_types[] = {
	S_WML_CT "document.main+xml",
	S_WML_CT "template.main+xml",
	"application/vnd.ms-word.document.macroEnabled.main+xml",
	"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
};

/* altChunk targets read as an embedded package. */
static const char *const S_docx_types[] = {
	S_WML_CT "document",
	S_WML_CT "template",
	/* the Open XML SDK types embedded packages as main parts */
	S_WML_CT "document.main+xml",
	S_WML_CT "template.main+xml",
	"application/vnd.ms-word.document.macroEnabled.main+xml",
	"application/vnd.ms-word.document.macroEnabled.12",
	"application/vnd.ms-word.template.macroEnabled.12",
};

/* altChunk targets read as HTML. Other altChunk types (MHT
 * message/rfc822, RTF, plain text) are skipped: they need readers of their
 * own and are rare in practice. */
static const char *const S_html_types[] = {
	"text/html",
	"application/xhtml+xml",
};

typedef struct S_rel {
	char *type;   /* owned */
	char *target; /* resolved part name without '/', owned; NULL when the
	                 target is not followed */
} S_rel;

typedef struct S_rels {
	S_rel *v;
	size_t n, c;
	const char *dir; /* folder of the source part ("" or "word/") */
} S_rels;

typedef struct S_pair {
	char *key; /* extension or part name without '/', owned */
	char *ct;  /* owned */
} S_pair;

typedef struct S_types {
	S_pair *def, *ovr;
	size_t ndef, cdef, novr, covr;
} S_types;

/* One package (the input, or an embedded altChunk package). */
typedef struct S_pkg {
	ml_doc *doc;
	ml_zip *z;
	const char *prefix; /* "" or "word/afchunk.docx!/": prefix of the part
	                       names given to the doc */
	S_types types;
	S_rels rels;        /* _rels/.rels */
	S_rels main_rels;   /* the main part's */
	char **seen;        /* parts read (owned), so none is read twice */
	size_t nseen, cseen;
} S_pkg;

static int S_read_package(ml_doc *doc, ml_zip *z, const char *prefix);

/* --- small string helpers --- */

static int S_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int S_ieq(const char *a, const char *b)
{
	while (*a && S_lower((unsigned char)*a) == S_lower((unsigned char)*b))
		a++, b++;
	return *a == '\0' && *b == '\0';
}

static int S_in(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (S_ieq(s, list[i]))
			return 1;
	return 0;
}

#define S_IN(s, list) S_in(s, list, sizeof list / sizeof list[0])

static const char *S_noslash(const char *name)
{
	return name[0] == '/' ? name + 1 : name;
}

/* --- relationship targets --- */

/* A URI with a scheme ("http:", "file:", "C:"): letters, digits, + - .
 * before a ':' that comes before any '/'. */
static int S_has_scheme(const char *t)
{
	const char *p = t;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* Resolves target against dir ("" or a folder ending in '/'). Returns the
 * part name without leading '/' (caller frees), or NULL when the target
 * is not inside the package. */
static char *S_resolve(const char *dir, const char *target)
{
	size_t dlen, tlen, n = 0, i = 0;
	char *path, *out;

	if (S_has_scheme(target) || target[0] == '\0')
		return NULL;
	if (target[0] == '/' || target[0] == '\\')
		dir = "";
	dlen = strlen(dir);
	tlen = strcspn(target, "#?"); /* a fragment names no part */
	path = ml_xmalloc(dlen + tlen + 1);
	memcpy(path, dir, dlen);
	memcpy(path + dlen, target, tlen);
	path[dlen + tlen] = '\0';
	out = ml_xmalloc(dlen + tlen + 1);
	while (path[i]) {
		size_t len = strcspn(path + i, "/");
		const char *seg = path + i;
		i += len + (path[i + len] == '/');
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (n == 0) { /* climbs out of the package */
				free(path);
				free(out);
				return NULL;
			}
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--; /* the '/' before the dropped segment */
			continue;
		}
		if (n)
			out[n++] = '/';
		memcpy(out + n, seg, len);
		n += len;
	}
	out[n] = '\0';
	free(path);
	if (!n) {
		free(out);
		return NULL;
	}
	return out;
}

/* The folder of a part name ("word/document.xml" -> "word/"); caller
 * frees. */
static char *S_dir(const char *part)
{
	const char *slash = strrchr(part, '/');

	return ml_xstrndup(part, slash ? (size_t)(slash - part + 1) : 0);
}

/* --- parsing small XML parts --- */

static void S_rels_start(void *ud, ml_ns ns, const char *local,
                         const ml_xattr *a, int na, uint32_t line)
{
	S_rels *r = ud;
	char *type, *target;
	S_rel *rel;

	(void)line;
	if (ns != ML_NS_PR || strcmp(local, "Relationship") != 0)
		return;
	type = ml_xattr_dup(a, na, ML_NS_NONE, "Type");
	target = ml_xattr_dup(a, na, ML_NS_NONE, "Target");
	if (!type || !target) {
		free(type);
		free(target);
		return;
	}
	if (r->n == r->c) {
		r->c = r->c ? r->c * 2 : 16;
		r->v = ml_xrealloc(r->v, r->c * sizeof *r->v);
	}
	rel = &r->v[r->n++];
	rel->type = type;
	rel->target = ml_xattr_is(a, na, ML_NS_NONE, "TargetMode", "External")
	                  ? NULL : S_resolve(r->dir, target);
	free(target);
}

static void S_rels_free(S_rels *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

static void S_pair_add(S_pair **v, size_t *n, size_t *c, char *key, char *ct)
{
	if (*n == *c) {
		*c = *c ? *c * 2 : 16;
		*v = ml_xrealloc(*v, *c * sizeof **v);
	}
	(*v)[*n].key = key;
	(*v)[(*n)++].ct = ct;
}

static void S_types_start(void *ud, ml_ns ns, const char *local,
                          const ml_xattr *a, int na, uint32_t line)
{
	S_types *t = ud;
	char *key, *ct;
	int def;

	(void)line;
	if (ns != ML_NS_CT)
		return;
	def = strcmp(local, "Default") == 0;
	if (!def && strcmp(local, "Override") != 0)
		return;
	key = ml_xattr_dup(a, na, ML_NS_NONE, def ? "Extension" : "PartName");
	ct = ml_xattr_dup(a, na, ML_NS_NONE, "ContentType");
	if (!key || !ct) {
		free(key);
		free(ct);
		return;
	}
	if (def) {
		S_pair_add(&t->def, &t->ndef, &t->cdef, key, ct);
	} else {
		/* stored without the leading '/' */
		memmove(key, S_noslash(key), strlen(S_noslash(key)) + 1);
		S_pair_add(&t->ovr, &t->novr, &t->covr, key, ct);
	}
}

static void S_types_free(S_types *t)
{
	size_t i;

	for (i = 0; i < t->ndef; i++) {
		free(t->def[i].key);
		free(t->def[i].ct);
	}
	for (i = 0; i < t->novr; i++) {
		free(t->ovr[i].key);
		free(t->ovr[i].ct);
	}
	free(t->def);
	free(t->ovr);
	memset(t, 0, sizeof *t);
}

/* The content type of a part (name without '/'): its Override, else the
 * Default of its extension; NULL when none. Borrowed from p->types. */
static const char *S_ctype(const S_pkg *p, const char *part)
{
	const char *base = strrchr(part, '/'), *ext;
	size_t i;

	for (i = 0; i < p->types.novr; i++)
		if (S_ieq(p->types.ovr[i].key, part))
			return p->types.ovr[i].ct;
	ext = strrchr(base ? base : part, '.');
	if (!ext)
		return NULL;
	for (i = 0; i < p->types.ndef; i++)
		if (S_ieq(p->types.def[i].key, ext + 1))
			return p->types.def[i].ct;
	return NULL;
}

/* Parses a small part with handler start only. */
static int S_parse_small(S_pkg *p, int idx, void (*start)(void *, ml_ns,
                         const char *, const ml_xattr *, int, uint32_t),
                         void *ud)
{
	ml_xml_handler h;

	memset(&h, 0, sizeof h);
	h.start = start;
	return ml_zip_parse_xml(p->z, idx, &h, ud, 0);
}

/* Reads the relationships of part (name without '/') into r; a part
 * without a relationships part has none. */
static int S_read_rels(S_pkg *p, const char *part, S_rels *r, char **dir)
{
	const char *slash = strrchr(part, '/');
	size_t dlen = slash ? (size_t)(slash - part + 1) : 0;
	char *name;
	int idx;

	*dir = S_dir(part);
	r->dir = *dir;
	/* word/document.xml -> word/_rels/document.xml.rels */
	name = ml_xmalloc(strlen(part) + sizeof "_rels/.rels");
	snprintf(name, strlen(part) + sizeof "_rels/.rels", "%.*s_rels/%s.rels",
	         (int)dlen, part, part + dlen);
	idx = ml_zip_find(p->z, name);
	free(name);
	if (idx < 0)
		return 0;
	return S_parse_small(p, idx, S_rels_start, r);
}

/* --- reading parts --- */

static int S_rel_is(const S_rel *rel, const char *name)
{
	size_t i, n;

	for (i = 0; i < sizeof S_rel_bases / sizeof S_rel_bases[0]; i++) {
		n = strlen(S_rel_bases[i]);
		if (strncmp(rel->type, S_rel_bases[i], n) == 0 &&
		    strcmp(rel->type + n, name) == 0)
			return 1;
	}
	return 0;
}

/* Marks part as read; 0 when it already was. */
static int S_first_time(S_pkg *p, const char *part)
{
	size_t i;

	for (i = 0; i < p->nseen; i++)
		if (S_ieq(p->seen[i], part))
			return 0;
	if (p->nseen == p->cseen) {
		p->cseen = p->cseen ? p->cseen * 2 : 16;
		p->seen = ml_xrealloc(p->seen, p->cseen * sizeof *p->seen);
	}
	p->seen[p->nseen++] = ml_xstrdup(part);
	return 1;
}

/* The name the doc knows a part by: prefix + entry name; caller frees. */
static char *S_full_name(const S_pkg *p, int idx)
{
	const char *name = S_noslash(ml_zip_name(p->z, idx));
	size_t n = strlen(p->prefix) + strlen(name) + 1;
	char *full = ml_xmalloc(n);

	snprintf(full, n, "%s%s", p->prefix, name);
	return full;
}

/* Streams entry idx through a fresh reader: WML (text part or, with
 * is_meta, a metadata part that opens no paragraphs) or HTML. */
static int S_read_xml(S_pkg *p, int idx, int is_meta, int html)
{
	char *full = S_full_name(p, idx);
	ml_reader r;
	ml_xml *x;
	int rc, rc2 = 0;

	if (!is_meta)
		ml_doc__part(p->doc, full);
	if (html)
		ml_html_reader(p->doc, NULL, &r);
	else
		ml_wml_reader(p->doc, NULL, ML_WML_2006, &r);
	x = ml_xml_new(p->doc, full, &r.h, r.ud,
	               html ? ML_XML_HTML : ML_XML_MCE);
	rc = ml_zip_stream_xml(p->z, idx, x);
	ml_xml_free(x);
	if (r.finish)
		rc2 = r.finish(r.ud);
	if (r.free)
		r.free(r.ud);
	ml_doc__owner(p->doc, ML_LINK_NONE, NULL, 0);
	free(full);
	return rc < 0 ? rc : rc2;
}

/* An altChunk holding a whole DOCX: read from memory as a nested package
 * (ml_zip_open_memory refuses nesting past the limit). */
static int S_read_embedded(S_pkg *p, int idx)
{
	char *full = S_full_name(p, idx);
	char *prefix = ml_xmalloc(strlen(full) + 3);
	ml_zip *inner = NULL;
	ml_buf buf;
	int rc;

	snprintf(prefix, strlen(full) + 3, "%s!/", full);
	ml_buf_init(&buf, (size_t)ml_doc__limits(p->doc)->max_part_size);
	rc = ml_zip_read(p->z, idx, &buf);
	if (rc == 0)
		rc = ml_zip_open_memory(p->doc, buf.ptr, buf.size,
		                        ml_zip_nesting(p->z) + 1, &inner);
	if (rc == 0)
		rc = S_read_package(p->doc, inner, prefix);
	ml_zip_close(inner);
	ml_buf_free(&buf);
	free(prefix);
	free(full);
	return rc;
}

static int S_read_chunk(S_pkg *p, int idx, const char *part)
{
	const char *ct = S_ctype(p, part);

	if (S_IN(ct, S_docx_types))
		return S_read_embedded(p, idx);
	if (S_IN(ct, S_html_types))
		return S_read_xml(p, idx, 0, 1);
	return 0;
}

/* Reads the targets of the main part's relationships of one type. */
static int S_read_related(S_pkg *p, const char *type)
{
	size_t i;
	int idx, rc;

	for (i = 0; i < p->main_rels.n; i++) {
		const S_rel *rel = &p->main_rels.v[i];
		if (!rel->target || !S_rel_is(rel, type) ||
		    !S_first_time(p, rel->target))
			continue;
		idx = ml_zip_find(p->z, rel->target);
		if (idx < 0)
			continue; /* a dangling relationship: nothing to read */
		if (strcmp(type, "aFChunk") == 0)
			rc = S_read_chunk(p, idx, rel->target);
		else
			rc = S_read_xml(p, idx, 0, 0);
		if (rc < 0 || ml_doc__failed(p->doc))
			return rc < 0 ? rc : ml_doc__err(p->doc)->status;
	}
	return 0;
}

static int S_read_meta(S_pkg *p)
{
	size_t i;
	int idx, rc;

	for (i = 0; i < p->rels.n; i++) {
		const S_rel *rel = &p->rels.v[i];
		if (!rel->target || !(S_IN(rel->type, S_rel_core) ||
		                      S_rel_is(rel, "extended-properties") ||
		                      S_rel_is(rel, "extendedProperties")))
			continue;
		idx = ml_zip_find(p->z, rel->target);
		if (idx < 0)
			continue;
		rc = S_read_xml(p, idx, 1, 0);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* --- the package --- */

static int S_not_wml(S_pkg *p, const char *part, const char *ct)
{
	const char *what = NULL;

	if (ct && strstr(ct, "spreadsheetml"))
		what = "a spreadsheet";
	else if (ct && strstr(ct, "presentationml"))
		what = "a presentation";
	if (what)
		return ml_doc__fail(p->doc, ML_EFORMAT, "opc-not-wordprocessing",
		                    "the package is %s (%s), not a "
		                    "word-processing document", what, ct);
	return ml_doc__fail(p->doc, ML_EFORMAT, "opc-not-wordprocessing",
	                    "the main part '%s%s' has content type '%s', not "
	                    "a word-processing document", p->prefix, part,
	                    ct ? ct : "(none)");
}

/* The main part: the officeDocument relationship's target, which must
 * exist and be a word-processing main part. Borrowed from p->rels. */
static int S_main_part(S_pkg *p, const char **out)
{
	size_t i;
	const char *ct;

	for (i = 0; i < p->rels.n; i++) {
		const S_rel *rel = &p->rels.v[i];
		if (!S_rel_is(rel, "officeDocument"))
			continue;
		if (!rel->target || ml_zip_find(p->z, rel->target) < 0)
			return ml_doc__fail(p->doc, ML_EFORMAT, "opc-no-main-part",
			                    "%sthe main part named in _rels/.rels "
			                    "is not in the package", p->prefix);
		ct = S_ctype(p, rel->target);
		if (!S_IN(ct, S_main_types))
			return S_not_wml(p, rel->target, ct);
		*out = rel->target;
		return 0;
	}
	return ml_doc__fail(p->doc, ML_EFORMAT, "opc-no-main-part",
	                    "%s_rels/.rels names no main document "
	                    "(officeDocument relationship)", p->prefix);
}

static int S_read_parts(S_pkg *p, char **dirs)
{
	static const char *const order[] = {
		"header", "footer", "footnotes", "endnotes", "comments",
		"aFChunk",
	};
	const char *main_part = NULL;
	size_t i;
	int idx, rc;

	idx = ml_zip_find(p->z, "[Content_Types].xml");
	if (idx < 0)
		return ml_doc__fail(p->doc, ML_EFORMAT, "opc-no-content-types",
		                    "%s[Content_Types].xml is missing", p->prefix);
	if ((rc = S_parse_small(p, idx, S_types_start, &p->types)) < 0)
		return rc;
	if ((rc = S_read_rels(p, "", &p->rels, &dirs[0])) < 0)
		return rc;
	if ((rc = S_main_part(p, &main_part)) < 0)
		return rc;
	S_first_time(p, main_part);
	if ((rc = S_read_xml(p, ml_zip_find(p->z, main_part), 0, 0)) < 0)
		return rc;
	if ((rc = S_read_rels(p, main_part, &p->main_rels, &dirs[1])) < 0)
		return rc;
	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		if ((rc = S_read_related(p, order[i])) < 0)
			return rc;
	return S_read_meta(p);
}

static int S_read_package(ml_doc *doc, ml_zip *z, const char *prefix)
{
	S_pkg p;
	char *dirs[2] = {NULL, NULL};
	size_t i;
	int rc;

	memset(&p, 0, sizeof p);
	p.doc = doc;
	p.z = z;
	p.prefix = prefix;
	rc = S_read_parts(&p, dirs);
	S_types_free(&p.types);
	S_rels_free(&p.rels);
	S_rels_free(&p.main_rels);
	for (i = 0; i < p.nseen; i++)
		free(p.seen[i]);
	free(p.seen);
	free(dirs[0]);
	free(dirs[1]);
	if (rc == 0 && ml_doc__failed(doc))
		rc = ml_doc__err(doc)->status;
	return rc;
}

int ml_docx_read(ml_doc *doc, ml_zip *z)
{
	ml_doc__set_format(doc, ML_FORMAT_DOCX);
	return S_read_package(doc, z, "");
}
