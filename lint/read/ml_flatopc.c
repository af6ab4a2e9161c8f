/* ml_flatopc.c - Flat OPC (pkg:package, Word's single-file XML): each
 * word-processing part is handed to a WordprocessingML reader.
 *
 * pkg:package/pkg:part[@pkg:name, @pkg:contentType]/pkg:xmlData/<part>.
 * Parts are read in the order the file holds them; their portions are put
 * in DOCX order by rank when the document is finished. pkg:binaryData
 * and parts of other types are skipped.
 */
#include "ml_readers.h"

#include <stdlib.h>
#include <string.h>

typedef enum S_pkind {
	P_SKIP = 0,
	P_TEXT, /* main document, header, footer, notes, comments */
	P_META  /* core and extended properties */
} S_pkind;

typedef struct S_flat {
	ml_doc *doc;
	ml_xml *x;
	unsigned depth;
	unsigned xml_depth;  /* depth of the pkg:xmlData being delegated */
	S_pkind kind;        /* of the current pkg:part */
	int rank;            /* its place in the output (S_types) */
	char *name;          /* of the current pkg:part, owned */
	ml_reader child;     /* valid while xml_depth != 0 */
} S_flat;

#define S_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* rank: where the part's portions come in the output, as in a DOCX (main
 * part, headers, footers, footnotes, endnotes, comments), whatever order
 * the file holds them in. */
static const struct {
	const char *ct;
	S_pkind kind;
	int rank;
} S_types[] = {
	{S_WML "document.main+xml", P_TEXT, 0},
	{S_WML "template.main+xml", P_TEXT, 0},
	{"application/vnd.ms-word.document.macroEnabled.main+xml", P_TEXT, 0},
	{"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
	 P_TEXT, 0},
	{S_WML "header+xml", P_TEXT, 1},
	{S_WML "footer+xml", P_TEXT, 2},
	{S_WML "footnotes+xml", P_TEXT, 3},
	{S_WML "endnotes+xml", P_TEXT, 4},
	{S_WML "comments+xml", P_TEXT, 5},
	{"application/vnd.openxmlformats-package.core-properties+xml", P_META,
	 0},
	{"application/vnd.openxmlformats-officedocument.extended-properties+xml",
	 P_META, 0},
};

/* Media types compare case-insensitively (RFC 2045). */
static int S_ieq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (!y)
			return 0;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return b[alen] == '\0';
}

static S_pkind S_kind_of(const ml_xattr *ct, int *rank)
{
	size_t i;

	*rank = 0;
	if (!ct)
		return P_SKIP;
	for (i = 0; i < sizeof S_types / sizeof S_types[0]; i++)
		if (S_ieq(ct->value, ct->vlen, S_types[i].ct)) {
			*rank = S_types[i].rank;
			return S_types[i].kind;
		}
	return P_SKIP;
}

static void S_part(S_flat *s, const ml_xattr *a, int na)
{
	free(s->name);
	s->name = ml_xattr_dup(a, na, ML_NS_PKG, "name");
	s->kind = s->name ? S_kind_of(ml_xattr_find(a, na, ML_NS_PKG,
	                                            "contentType"), &s->rank)
	                  : P_SKIP;
}

/* pkg:xmlData of a part we read: its content goes to a fresh reader. */
static void S_xmldata(S_flat *s)
{
	if (s->kind == P_SKIP)
		return;
	if (s->kind == P_TEXT) {
		ml_doc__part(s->doc, s->name[0] == '/' ? s->name + 1 : s->name);
		ml_doc__part_rank(s->doc, s->rank);
	}
	ml_wml_reader(s->doc, s->x, ML_WML_2006, &s->child);
	s->xml_depth = s->depth;
}

static void S_child_end(S_flat *s)
{
	if (s->child.finish)
		(void)s->child.finish(s->child.ud); /* errors are in the doc */
	if (s->child.free)
		s->child.free(s->child.ud);
	memset(&s->child, 0, sizeof s->child);
	s->xml_depth = 0;
	ml_doc__owner(s->doc, ML_LINK_NONE, NULL, 0);
}

static void S_start(void *ud, ml_ns ns, const char *local,
                    const ml_xattr *a, int na, uint32_t line)
{
	S_flat *s = ud;

	s->depth++;
	if (s->xml_depth) {
		s->child.h.start(s->child.ud, ns, local, a, na, line);
		return;
	}
	if (ns != ML_NS_PKG)
		return;
	if (strcmp(local, "part") == 0)
		S_part(s, a, na);
	else if (strcmp(local, "xmlData") == 0)
		S_xmldata(s);
}

static void S_end(void *ud, ml_ns ns, const char *local)
{
	S_flat *s = ud;

	if (s->xml_depth && s->depth > s->xml_depth)
		s->child.h.end(s->child.ud, ns, local);
	else if (s->xml_depth && s->depth == s->xml_depth)
		S_child_end(s);
	s->depth--;
}

static void S_text(void *ud, const char *t, size_t len)
{
	S_flat *s = ud;

	if (s->xml_depth)
		s->child.h.text(s->child.ud, t, len);
}

static int S_finish(void *ud)
{
	S_flat *s = ud;

	if (s->xml_depth)
		S_child_end(s);
	return ml_doc__status(s->doc, 0);
}

static void S_free(void *ud)
{
	S_flat *s = ud;

	if (!s)
		return;
	if (s->xml_depth && s->child.free)
		s->child.free(s->child.ud);
	free(s->name);
	free(s);
}

static const ml_reader S_reader = {
	{S_start, S_end, S_text, NULL, NULL}, NULL, S_finish, S_free
};

/* Sets the format; the state is owned by out->ud, released by out->free. */
void ml_flatopc_reader(ml_doc *doc, ml_xml *x, ml_reader *out)
{
	S_flat *s = ml_xcalloc(1, sizeof *s);

	s->doc = doc;
	s->x = x;
	ml_doc__set_format(doc, ML_FORMAT_FLAT_OPC);
	*out = S_reader;
	out->ud = s;
}
