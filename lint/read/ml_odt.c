/* ml_odt.c - OpenDocument text reader: ODT packages and flat ODT (.fodt). */
#include "ml_readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One set of handlers reads every ODF part: content.xml, styles.xml and
 * meta.xml of a package, and the single office:document of a flat ODT.
 * The part of a portion follows the element it is in, not the file:
 * office:body is "content.xml" and office:master-styles "styles.xml", so
 * a .fodt yields the same parts, numbers and owners as the .odt it was
 * saved from, and rules treat both alike.
 *
 * Portions are text:p and text:h wherever they are in the body or in a
 * master page's header or footer: tables, lists, sections, text boxes
 * (draw:frame/draw:text-box, nested inside a paragraph), notes and
 * annotations. Notes and annotations are inline: the paragraph holding
 * them references them, and their own paragraphs (nested portions) are
 * owned by them.
 *
 * Not text: tracked deletions (the whole text:tracked-changes block), the
 * note citation, the author and date of an annotation, bookmarks, list
 * labels (text:number, generated like Word's numbering), the templates of
 * indexes (text:*-source), drawing titles and descriptions (svg:title,
 * svg:desc), embedded objects and binary data, scripts, fonts and
 * automatic styles. XML white space inside paragraphs counts as a space
 * (ODF 1.2, 6.1.2); text:s, text:tab and text:line-break give the spaces,
 * tabs and line breaks.
 */

/* What an element does; the action taken is kept per open element. */
enum {
	A_NONE,    /* nothing: text flows through */
	A_SKIP,    /* the element and its content are not text */
	A_ROOT,    /* office:document, office:document-content... */
	A_BODY,    /* office:body: part content.xml, text is read */
	A_MASTER,  /* office:master-styles: part styles.xml */
	A_HDR,     /* style:header, style:footer...: text is read */
	A_META,    /* office:meta: metadata is read */
	A_FIELD,   /* dc:title, dc:creator...: a metadata field (or not text
	              inside an annotation) */
	A_PARA,    /* text:p, text:h */
	A_S,       /* text:s */
	A_TAB,     /* text:tab */
	A_BR,      /* text:line-break */
	A_NOTE,    /* text:note */
	A_ANNOT,   /* office:annotation */
	/* actions taken, remembered until the end tag */
	T_PARA, T_OWNER, T_REGION, T_META, T_FIELD, T_SKIP
};

typedef struct S_elem {
	const char *local;
	ml_ns ns;
	int action;
	int meta; /* A_FIELD: the metadata key */
} S_elem;

/* Sorted by local name, then namespace (S_elem_cmp). svg:title and
 * svg:desc are ML_NS_OTHER: ml_xml has no enum value for the SVG
 * namespace, and ODF bodies hold no other title or desc elements. */
static const S_elem S_elems[] = {
	{"alphabetical-index-source", ML_NS_TEXT, A_SKIP, 0},
	{"annotation", ML_NS_OFFICE, A_ANNOT, 0},
	{"automatic-styles", ML_NS_OFFICE, A_SKIP, 0},
	{"binary-data", ML_NS_OFFICE, A_SKIP, 0},
	{"bibliography-source", ML_NS_TEXT, A_SKIP, 0},
	{"body", ML_NS_OFFICE, A_BODY, 0},
	{"bookmark", ML_NS_TEXT, A_SKIP, 0},
	{"bookmark-end", ML_NS_TEXT, A_SKIP, 0},
	{"bookmark-start", ML_NS_TEXT, A_SKIP, 0},
	{"creation-date", ML_NS_META, A_FIELD, ML_META_CREATED},
	{"creator", ML_NS_DC, A_FIELD, ML_META_LAST_MODIFIED_BY},
	{"date", ML_NS_DC, A_FIELD, ML_META_MODIFIED},
	{"date-string", ML_NS_META, A_SKIP, 0},
	{"desc", ML_NS_OTHER, A_SKIP, 0},
	{"document", ML_NS_OFFICE, A_ROOT, 0},
	{"document-content", ML_NS_OFFICE, A_ROOT, 0},
	{"document-meta", ML_NS_OFFICE, A_ROOT, 0},
	{"document-styles", ML_NS_OFFICE, A_ROOT, 0},
	{"font-face-decls", ML_NS_OFFICE, A_SKIP, 0},
	{"footer", ML_NS_STYLE, A_HDR, 0},
	{"footer-first", ML_NS_STYLE, A_HDR, 0},
	{"footer-left", ML_NS_STYLE, A_HDR, 0},
	{"h", ML_NS_TEXT, A_PARA, 0},
	{"header", ML_NS_STYLE, A_HDR, 0},
	{"header-first", ML_NS_STYLE, A_HDR, 0},
	{"header-left", ML_NS_STYLE, A_HDR, 0},
	{"illustration-index-source", ML_NS_TEXT, A_SKIP, 0},
	{"initial-creator", ML_NS_META, A_FIELD, ML_META_CREATOR},
	{"line-break", ML_NS_TEXT, A_BR, 0},
	{"master-styles", ML_NS_OFFICE, A_MASTER, 0},
	{"meta", ML_NS_OFFICE, A_META, 0},
	{"note", ML_NS_TEXT, A_NOTE, 0},
	{"note-citation", ML_NS_TEXT, A_SKIP, 0},
	{"number", ML_NS_TEXT, A_SKIP, 0},
	{"object", ML_NS_DRAW, A_SKIP, 0},
	{"object-index-source", ML_NS_TEXT, A_SKIP, 0},
	{"object-ole", ML_NS_DRAW, A_SKIP, 0},
	{"p", ML_NS_TEXT, A_PARA, 0},
	{"s", ML_NS_TEXT, A_S, 0},
	{"scripts", ML_NS_OFFICE, A_SKIP, 0},
	{"settings", ML_NS_OFFICE, A_SKIP, 0},
	{"tab", ML_NS_TEXT, A_TAB, 0},
	{"table-index-source", ML_NS_TEXT, A_SKIP, 0},
	{"table-of-content-source", ML_NS_TEXT, A_SKIP, 0},
	{"title", ML_NS_OTHER, A_SKIP, 0},
	{"title", ML_NS_DC, A_FIELD, ML_META_TITLE},
	{"tracked-changes", ML_NS_TEXT, A_SKIP, 0},
	{"user-index-source", ML_NS_TEXT, A_SKIP, 0},
};

/* An open note or annotation: the owner of the paragraphs inside it. */
typedef struct S_owner {
	ml_link_kind kind;
	char *id; /* owned by the stack */
} S_owner;

/* The reader's state (the ml_reader's ud; freed by S_free). */
typedef struct S_odt {
	ml_doc *doc;
	ml_xml *x;
	unsigned char *acts;   /* action taken per open element */
	size_t depth, aacts;
	size_t skip;           /* open A_SKIP elements (ignore all inside) */
	size_t region;         /* open body/header elements */
	size_t meta;           /* open office:meta elements */
	int field;             /* metadata key being read, or -1 */
	ml_buf field_text;
	S_owner *owners;
	size_t nowners, aowners;
	unsigned long annots;  /* annotations without a name so far */
	unsigned long notes;   /* notes without an id so far */
} S_odt;

static int S_elem_cmp(const void *key, const void *elem)
{
	const S_elem *k = key, *e = elem;
	int c = strcmp(k->local, e->local);

	if (c)
		return c;
	return (int)k->ns - (int)e->ns;
}

/* The table entry of an element, or NULL. */
static const S_elem *S_lookup(ml_ns ns, const char *local)
{
	S_elem key = {local, ns, 0, 0};

	return bsearch(&key, S_elems, sizeof S_elems / sizeof S_elems[0],
	               sizeof S_elems[0], S_elem_cmp);
}

static void S_stop(S_odt *o)
{
	if (o->x)
		ml_xml_stop(o->x);
}

/* Paragraph text: XML white space (tab, CR, LF) reads as a space. */
static int S_text_out(S_odt *o, const char *s, size_t len)
{
	size_t i, from = 0;
	int r;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c != '\t' && c != '\n' && c != '\r')
			continue;
		if (i > from && (r = ml_doc__text(o->doc, s + from, i - from)) < 0)
			return r;
		if ((r = ml_doc__text(o->doc, " ", 1)) < 0)
			return r;
		from = i + 1;
	}
	return len > from ? ml_doc__text(o->doc, s + from, len - from) : 0;
}

static void S_text(void *ud, const char *s, size_t len)
{
	S_odt *o = ud;

	if (o->skip || ml_doc__failed(o->doc))
		return;
	if (o->field >= 0)
		ml_buf_put(&o->field_text, s, len); /* a long title is cut */
	else if (o->region && S_text_out(o, s, len) < 0)
		S_stop(o);
}

/* text:s: text:c spaces (default 1). Normalisation makes any run of
 * spaces one, so a hostile count costs nothing. */
static int S_spaces(S_odt *o, const ml_xattr *a, int na)
{
	static const char sp[] = "                ";
	const ml_xattr *c = ml_xattr_find(a, na, ML_NS_TEXT, "c");
	size_t n = 1;

	if (c && c->vlen > 0) {
		char num[8];
		size_t k = c->vlen < sizeof num - 1 ? c->vlen : sizeof num - 1;

		memcpy(num, c->value, k);
		num[k] = '\0';
		n = strtoul(num, NULL, 10);
	}
	return ml_doc__text(o->doc, sp, n < sizeof sp - 1 ? n : sizeof sp - 1);
}

/* Makes (kind, id) the owner of the paragraphs that follow. */
static void S_owner_push(S_odt *o, ml_link_kind kind, const char *id,
                         size_t len)
{
	ML_VEC_GROW(o->owners, o->aowners, o->nowners + 1, 4);
	o->owners[o->nowners].kind = kind;
	o->owners[o->nowners].id = ml_xstrndup(id, len);
	o->nowners++;
	ml_doc__owner(o->doc, kind, id, len);
}

/* Restores the owner that was current before the innermost one. */
static void S_owner_pop(S_odt *o)
{
	S_owner *top;

	if (!o->nowners)
		return;
	free(o->owners[--o->nowners].id);
	if (!o->nowners) {
		ml_doc__owner(o->doc, ML_LINK_NONE, NULL, 0);
		return;
	}
	top = &o->owners[o->nowners - 1];
	ml_doc__owner(o->doc, top->kind, top->id, (size_t)-1);
}

/* text:note or office:annotation: the paragraph holding it references
 * it; its paragraphs belong to it. A missing id is generated. */
static int S_link(S_odt *o, ml_link_kind kind, const ml_xattr *id)
{
	char gen[32];
	const char *s;
	size_t len;
	int r;

	if (id) {
		s = id->value;
		len = id->vlen;
	} else if (kind == ML_LINK_COMMENT) {
		len = (size_t)snprintf(gen, sizeof gen, "%lu", ++o->annots);
		s = gen;
	} else {
		len = (size_t)snprintf(gen, sizeof gen, "note%lu", ++o->notes);
		s = gen;
	}
	if ((r = ml_doc__ref(o->doc, kind, s, len)) < 0)
		return r;
	S_owner_push(o, kind, s, len);
	return 0;
}

static int S_note(S_odt *o, const ml_xattr *a, int na)
{
	ml_link_kind kind = ML_LINK_FOOTNOTE;

	if (ml_xattr_is(a, na, ML_NS_TEXT, "note-class", "endnote"))
		kind = ML_LINK_ENDNOTE;
	return S_link(o, kind, ml_xattr_find(a, na, ML_NS_TEXT, "id"));
}

/* Flat ODT: office:document names its type; a package's parts do not
 * (the mimetype entry does, see S_check_mimetype). */
static int S_root(S_odt *o, const char *local, const ml_xattr *a, int na)
{
	const ml_xattr *mt;

	ml_doc__set_format(o->doc, ML_FORMAT_ODT);
	if (strcmp(local, "document") != 0)
		return 0;
	mt = ml_xattr_find(a, na, ML_NS_OFFICE, "mimetype");
	if (mt && (mt->vlen < 39 ||
	           memcmp(mt->value, "application/vnd.oasis.opendocument.text",
	                  39) != 0)) {
		S_stop(o);
		return ml_doc__fail(o->doc, ML_EFORMAT, "odf-not-text",
		                    "an OpenDocument file, but not a text "
		                    "document (mimetype %.*s)",
		                    (int)(mt->vlen > 200 ? 200 : mt->vlen),
		                    mt->value);
	}
	/* Parts in the order of a package: content.xml, then styles.xml. */
	ml_doc__part(o->doc, "content.xml");
	return 0;
}

/* Runs the action of a start tag; returns what to remember for its end
 * tag (T_* or A_NONE), or -1 on failure. */
static int S_act(S_odt *o, const S_elem *e, const ml_xattr *a, int na,
                 uint32_t line)
{
	int act = e ? e->action : A_NONE;

	switch (act) {
	case A_SKIP:
		return T_SKIP;
	case A_ROOT:
		return S_root(o, e->local, a, na) < 0 ? -1 : A_NONE;
	case A_BODY:
		ml_doc__part(o->doc, "content.xml");
		return T_REGION;
	case A_MASTER:
		ml_doc__part(o->doc, "styles.xml");
		return A_NONE;
	case A_HDR:
		return T_REGION;
	case A_META:
		return T_META;
	case A_FIELD:
		if (o->region)
			return T_SKIP; /* an annotation's author or date */
		if (!o->meta || o->field >= 0)
			return A_NONE;
		o->field = e->meta;
		ml_buf_clear(&o->field_text);
		return T_FIELD;
	default:
		break;
	}
	if (!o->region)
		return A_NONE;
	switch (act) {
	case A_PARA:
		if (ml_doc__para_begin(o->doc, line) < 0)
			return -1;
		if (strcmp(e->local, "h") == 0) {
			const ml_xattr *lvl = ml_xattr_find(a, na, ML_NS_TEXT,
			                                    "outline-level");
			char c = lvl && lvl->vlen ? lvl->value[0] : '1';
			ml_doc__para_heading(o->doc, c >= '1' && c <= '9'
			                                 ? c - '0' : 1);
		}
		return T_PARA;
	case A_S:
		return S_spaces(o, a, na) < 0 ? -1 : A_NONE;
	case A_TAB:
		return ml_doc__text(o->doc, "\t", 1) < 0 ? -1 : A_NONE;
	case A_BR:
		return ml_doc__text(o->doc, "\n", 1) < 0 ? -1 : A_NONE;
	case A_NOTE:
		return S_note(o, a, na) < 0 ? -1 : T_OWNER;
	case A_ANNOT:
		return S_link(o, ML_LINK_COMMENT,
		              ml_xattr_find(a, na, ML_NS_OFFICE, "name")) < 0
		       ? -1 : T_OWNER;
	default:
		return A_NONE;
	}
}

static void S_start(void *ud, ml_ns ns, const char *local,
                    const ml_xattr *attrs, int nattrs, uint32_t line)
{
	S_odt *o = ud;
	int t = A_NONE;

	if (ml_doc__failed(o->doc))
		return;
	ML_VEC_GROW(o->acts, o->aacts, o->depth + 1, 32);
	if (!o->skip)
		t = S_act(o, S_lookup(ns, local), attrs, nattrs, line);
	if (t < 0) {
		S_stop(o);
		t = A_NONE;
	}
	o->acts[o->depth++] = (unsigned char)t;
	o->skip += t == T_SKIP;
	o->region += t == T_REGION;
	o->meta += t == T_META;
}

static void S_end(void *ud, ml_ns ns, const char *local)
{
	S_odt *o = ud;
	int r = 0;

	if (!o->depth || ml_doc__failed(o->doc))
		return;
	switch (o->acts[--o->depth]) {
	case T_SKIP: o->skip--; break;
	case T_REGION: o->region--; break;
	case T_META: o->meta--; break;
	case T_OWNER: S_owner_pop(o); break;
	case T_PARA: r = ml_doc__para_end(o->doc, 0); break;
	case T_FIELD:
		ml_doc__meta(o->doc, (ml_meta_key)o->field, o->field_text.ptr,
		             o->field_text.size);
		o->field = -1;
		break;
	default: break;
	}
	if (r < 0)
		S_stop(o);
}

static int S_finish(void *ud)
{
	S_odt *o = ud;

	return ml_doc__status(o->doc, 0);
}

static void S_free(void *ud)
{
	S_odt *o = ud;

	if (!o)
		return;
	while (o->nowners)
		free(o->owners[--o->nowners].id);
	free(o->owners);
	free(o->acts);
	ml_buf_free(&o->field_text);
	free(o);
}

static const ml_reader S_reader = {
	{S_start, S_end, S_text, NULL, NULL}, NULL, S_finish, S_free
};

void ml_odt_reader(ml_doc *doc, ml_xml *x, ml_reader *out)
{
	ml_doc__split_lines(doc, 1);
	S_odt *o = ml_xcalloc(1, sizeof *o);

	o->doc = doc;
	o->x = x;
	o->field = -1;
	ml_buf_init(&o->field_text, 64 * 1024);
	*out = S_reader;
	out->ud = o;
}

/* --- packages --- */

/* The mimetype entry must name a text document. */
static int S_check_mimetype(ml_doc *doc, ml_zip *z)
{
	static const char *const ok[] = {
		"application/vnd.oasis.opendocument.text",
		"application/vnd.oasis.opendocument.text-master",
		"application/vnd.oasis.opendocument.text-master-template",
		"application/vnd.oasis.opendocument.text-template",
	};
	int idx = ml_zip_find(z, "mimetype");
	ml_buf b;
	size_t i, n;
	int r;

	if (idx < 0)
		return ml_doc__fail(doc, ML_EFORMAT, "odf-not-text",
		                    "an OpenDocument package without a mimetype "
		                    "entry");
	ml_buf_init(&b, 256);
	if ((r = ml_zip_read(z, idx, &b)) < 0) {
		ml_buf_free(&b);
		return r;
	}
	n = b.size;
	while (n && (b.ptr[n - 1] == '\n' || b.ptr[n - 1] == '\r' ||
	             b.ptr[n - 1] == ' '))
		n--;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strlen(ok[i]) == n && !memcmp(ok[i], b.ptr, n))
			break;
	if (i == sizeof ok / sizeof ok[0])
		r = ml_doc__fail(doc, ML_EFORMAT, "odf-not-text",
		                 "an OpenDocument file, but not a text document "
		                 "(mimetype %.*s)", (int)n, b.ptr);
	ml_buf_free(&b);
	return r;
}

static int S_encrypted(ml_doc *doc)
{
	return ml_doc__fail(doc, ML_EFORMAT, "odf-encrypted",
	                    "password-protected OpenDocument file: remove the "
	                    "password, then check it");
}

/* Reads META-INF/manifest.xml: is content.xml encrypted? */
typedef struct S_manifest {
	int depth;          /* of the file-entry for content.xml, or 0 */
	int cur;
	int encrypted;
} S_manifest;

static void S_man_start(void *ud, ml_ns ns, const char *local,
                        const ml_xattr *a, int na, uint32_t line)
{
	S_manifest *m = ud;
	int i;

	m->cur++;
	if (!strcmp(local, "file-entry")) {
		for (i = 0; i < na; i++) {
			if (!strcmp(a[i].local, "full-path") &&
			    ((a[i].vlen == 11 &&
			      !memcmp(a[i].value, "content.xml", 11)) ||
			     (a[i].vlen == 12 &&
			      !memcmp(a[i].value, "/content.xml", 12))))
				m->depth = m->cur;
		}
	} else if (m->depth && !strcmp(local, "encryption-data")) {
		m->encrypted = 1;
	}
}

static void S_man_end(void *ud, ml_ns ns, const char *local)
{
	S_manifest *m = ud;

	if (m->cur == m->depth)
		m->depth = 0;
	m->cur--;
}

static int S_check_manifest(ml_doc *doc, ml_zip *z)
{
	static const ml_xml_handler h = {S_man_start, S_man_end, NULL, NULL,
	                                  NULL};
	S_manifest m = {0, 0, 0};
	int idx = ml_zip_find(z, "META-INF/manifest.xml");
	int r;

	if (idx < 0)
		return 0;
	if ((r = ml_zip_parse_xml(z, idx, &h, &m, 0)) < 0)
		return r;
	return m.encrypted ? S_encrypted(doc) : 0;
}

/* Streams a part to the parser; the first bytes must look like XML (an
 * encrypted part is random bytes). */
typedef struct S_feed {
	ml_doc *doc;
	ml_xml *x;
	int seen;           /* the first significant byte was checked */
} S_feed;

static int S_sink(void *ud, const char *data, size_t len)
{
	S_feed *f = ud;
	size_t i;

	for (i = 0; !f->seen && i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == 0xEF || c == 0xBB || c == 0xBF)
			continue;
		if (c != '<')
			return S_encrypted(f->doc);
		f->seen = 1;
	}
	return ml_xml_feed(f->x, data, len);
}

/* Reads one part of the package with the reader's handlers. */
static int S_part(ml_doc *doc, ml_zip *z, const char *name, ml_reader *rd)
{
	S_odt *o = rd->ud;
	S_feed f = {doc, NULL, 0};
	int idx = ml_zip_find(z, name);
	int r;

	if (idx < 0)
		return 0;
	ml_doc__part(doc, name);
	f.x = ml_xml_new(doc, name, &rd->h, rd->ud, 0);
	o->x = f.x;
	r = ml_zip_stream(z, idx, S_sink, &f);
	if (r == 0 && !f.seen)
		r = S_encrypted(doc);
	if (r == 0)
		r = ml_xml_finish(f.x);
	o->x = NULL;
	ml_xml_free(f.x);
	return r;
}

int ml_odt_read(ml_doc *doc, ml_zip *z)
{
	ml_reader rd;
	int r;

	ml_doc__set_format(doc, ML_FORMAT_ODT);
	if ((r = S_check_mimetype(doc, z)) < 0 ||
	    (r = S_check_manifest(doc, z)) < 0)
		return r;
	if (ml_zip_find(z, "content.xml") < 0)
		return ml_doc__fail(doc, ML_EFORMAT, "odf-no-content",
		                    "an OpenDocument package without "
		                    "content.xml");
	ml_odt_reader(doc, NULL, &rd);
	/* content.xml, then styles.xml: the output order (a flat ODT holds
	 * the master pages before the body, and is sorted instead) */
	ml_doc__stream(doc);
	r = S_part(doc, z, "content.xml", &rd);
	if (r == 0)
		r = S_part(doc, z, "styles.xml", &rd);
	if (r == 0)
		r = S_part(doc, z, "meta.xml", &rd);
	rd.free(rd.ud);
	if (ml_doc__failed(doc))
		return ml_doc__err(doc)->status;
	return r;
}
