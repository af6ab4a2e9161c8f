/* ml_opc.c - Open Packaging Conventions: content types, relationships,
 * the main part and the metadata of a package (see ml_opc.h). */
#include "ml_opc.h"
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

int ml_opc_in(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (S_ieq(s, list[i]))
			return 1;
	return 0;
}

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
	ml_opc_rels *r = ud;
	char *type, *target;
	ml_opc_rel *rel;

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
	ML_VEC_GROW(r->v, r->c, r->n + 1, 16);
	rel = &r->v[r->n++];
	rel->id = ml_xattr_dup(a, na, ML_NS_NONE, "Id");
	rel->type = type;
	rel->target = ml_xattr_is(a, na, ML_NS_NONE, "TargetMode", "External")
	                  ? NULL : S_resolve(r->dir, target);
	free(target);
}

void ml_opc_rels_free(ml_opc_rels *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	free(r->dir);
	memset(r, 0, sizeof *r);
}

const ml_opc_rel *ml_opc_rel_by_id(const ml_opc_rels *r, const char *id)
{
	size_t i;

	for (i = 0; id && i < r->n; i++)
		if (r->v[i].id && strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

static void S_pair_add(ml_opc_pair **v, size_t *n, size_t *c, char *key,
                       char *ct)
{
	ML_VEC_GROW(*v, *c, *n + 1, 16);
	(*v)[*n].key = key;
	(*v)[(*n)++].ct = ct;
}

static void S_types_start(void *ud, ml_ns ns, const char *local,
                          const ml_xattr *a, int na, uint32_t line)
{
	ml_opc *p = ud;
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
		S_pair_add(&p->def, &p->ndef, &p->cdef, key, ct);
	} else {
		/* stored without the leading '/' */
		memmove(key, S_noslash(key), strlen(S_noslash(key)) + 1);
		S_pair_add(&p->ovr, &p->novr, &p->covr, key, ct);
	}
}

static void S_pairs_free(ml_opc_pair *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].ct);
	}
	free(v);
}

const char *ml_opc_ctype(const ml_opc *p, const char *part)
{
	const char *base = strrchr(part, '/'), *ext;
	size_t i;

	for (i = 0; i < p->novr; i++)
		if (S_ieq(p->ovr[i].key, part))
			return p->ovr[i].ct;
	ext = strrchr(base ? base : part, '.');
	if (!ext)
		return NULL;
	for (i = 0; i < p->ndef; i++)
		if (S_ieq(p->def[i].key, ext + 1))
			return p->def[i].ct;
	return NULL;
}

/* Parses a small part with handler start only. */
static int S_parse_small(ml_opc *p, int idx, void (*start)(void *, ml_ns,
                         const char *, const ml_xattr *, int, uint32_t),
                         void *ud)
{
	ml_xml_handler h;

	memset(&h, 0, sizeof h);
	h.start = start;
	return ml_zip_parse_xml(p->z, idx, &h, ud, 0);
}

int ml_opc_rels_of(ml_opc *p, const char *part, ml_opc_rels *r)
{
	const char *slash = strrchr(part, '/');
	size_t dlen = slash ? (size_t)(slash - part + 1) : 0;
	size_t n = strlen(part) + sizeof "_rels/.rels";
	char *name;
	int idx;

	r->dir = S_dir(part);
	/* word/document.xml -> word/_rels/document.xml.rels */
	name = ml_xmalloc(n);
	snprintf(name, n, "%.*s_rels/%s.rels", (int)dlen, part, part + dlen);
	idx = ml_zip_find(p->z, name);
	free(name);
	if (idx < 0)
		return 0;
	return S_parse_small(p, idx, S_rels_start, r);
}

int ml_opc_rel_is(const ml_opc_rel *rel, const char *name)
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

int ml_opc_first_time(ml_opc *p, const char *part)
{
	size_t i;

	for (i = 0; i < p->nseen; i++)
		if (S_ieq(p->seen[i], part))
			return 0;
	ML_VEC_GROW(p->seen, p->cseen, p->nseen + 1, 16);
	p->seen[p->nseen++] = ml_xstrdup(part);
	return 1;
}

char *ml_opc_full_name(const ml_opc *p, int idx)
{
	const char *name = S_noslash(ml_zip_name(p->z, idx));
	size_t n = strlen(p->prefix) + strlen(name) + 1;
	char *full = ml_xmalloc(n);

	snprintf(full, n, "%s%s", p->prefix, name);
	return full;
}

const char *ml_opc_kind(const char *ct)
{
	if (ct && strstr(ct, "spreadsheetml"))
		return "a spreadsheet";
	if (ct && strstr(ct, "presentationml"))
		return "a presentation";
	return NULL;
}

/* --- the package --- */

int ml_opc_open(ml_opc *p, ml_doc *doc, ml_zip *z, const char *prefix)
{
	int idx, rc;

	memset(p, 0, sizeof *p);
	p->doc = doc;
	p->z = z;
	p->prefix = prefix;
	idx = ml_zip_find(z, "[Content_Types].xml");
	if (idx < 0)
		return ml_doc__fail(doc, ML_EFORMAT, "opc-no-content-types",
		                    "%s[Content_Types].xml is missing", prefix);
	if ((rc = S_parse_small(p, idx, S_types_start, p)) < 0)
		return rc;
	return ml_opc_rels_of(p, "", &p->rels);
}

void ml_opc_close(ml_opc *p)
{
	size_t i;

	S_pairs_free(p->def, p->ndef);
	S_pairs_free(p->ovr, p->novr);
	ml_opc_rels_free(&p->rels);
	for (i = 0; i < p->nseen; i++)
		free(p->seen[i]);
	free(p->seen);
	memset(p, 0, sizeof *p);
}

int ml_opc_main_part(ml_opc *p, const char **out)
{
	size_t i;

	for (i = 0; i < p->rels.n; i++) {
		const ml_opc_rel *rel = &p->rels.v[i];
		if (!ml_opc_rel_is(rel, "officeDocument"))
			continue;
		if (!rel->target || ml_zip_find(p->z, rel->target) < 0)
			return ml_doc__fail(p->doc, ML_EFORMAT, "opc-no-main-part",
			                    "%sthe main part named in _rels/.rels "
			                    "is not in the package", p->prefix);
		*out = rel->target;
		return 0;
	}
	return ml_doc__fail(p->doc, ML_EFORMAT, "opc-no-main-part",
	                    "%s_rels/.rels names no main document "
	                    "(officeDocument relationship)", p->prefix);
}

/* Streams a metadata part through the WML reader, which takes metadata
 * from docProps/core.xml and docProps/app.xml and opens no paragraph. */
static int S_read_meta_part(ml_opc *p, int idx)
{
	char *full = ml_opc_full_name(p, idx);
	ml_reader r;
	int rc;

	ml_wml_reader(p->doc, NULL, ML_WML_2006, &r);
	rc = ml_opc_stream_part(p, idx, full, &r, ML_XML_MCE);
	free(full);
	return rc;
}

int ml_opc_stream_part(ml_opc *p, int idx, const char *full,
                       const ml_reader *r, unsigned flags)
{
	ml_xml *x = ml_xml_new(p->doc, full, &r->h, r->ud, flags);
	int rc, rc2 = 0;

	rc = ml_zip_stream_xml(p->z, idx, x);
	ml_xml_free(x);
	if (r->finish)
		rc2 = r->finish(r->ud);
	if (r->free)
		r->free(r->ud);
	return rc < 0 ? rc : rc2;
}

int ml_opc_read_meta(ml_opc *p)
{
	size_t i;
	int idx, rc;

	for (i = 0; i < p->rels.n; i++) {
		const ml_opc_rel *rel = &p->rels.v[i];
		if (!rel->target || !(ML_OPC_IN(rel->type, S_rel_core) ||
		                      ml_opc_rel_is(rel, "extended-properties") ||
		                      ml_opc_rel_is(rel, "extendedProperties")))
			continue;
		idx = ml_zip_find(p->z, rel->target);
		if (idx < 0)
			continue;
		rc = S_read_meta_part(p, idx);
		if (rc < 0)
			return rc;
	}
	return 0;
}
