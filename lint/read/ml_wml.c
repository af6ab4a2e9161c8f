/* ml_wml.c - WordprocessingML (2006/Strict parts, Word 2003 XML) to portions.
 *
 * One reader per part (or per Word 2003 document). Elements are recognised
 * by namespace enum and a table lookup of their local name; the kind of each
 * open element is kept on a small stack so an end tag costs no lookup.
 * What is text and what is not follows MARKINGS.md section 2:
 *  - text comes only from w:t (and w:tab, w:br, w:sym ...) and Office
 *    Math's m:t; every other element between them (runs, hyperlinks, sdt,
 *    w:ins, m:oMath ...) is transparent; a drawing's alternative text
 *    (wp:docPr title, descr) is a portion of its own;
 *  - whole subtrees are skipped with a depth counter: w:del, w:moveFrom,
 *    w:delText, w:instrText, property elements (w:pPr, w:rPr ...);
 *  - complex fields keep a stack: text between "begin" and "separate" is
 *    code; only text outside every field's code part is kept.
 * The reader also takes metadata from docProps/core.xml and docProps/app.xml
 * (and o:DocumentProperties in Word 2003 XML), so that packages can feed
 * those parts through the same reader.
 */
#include "ml_readers.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Element nesting the reader tracks (ml_xml bounds nesting at 256). */
#define S_MAX_FIELDS 64
#define S_MAX_SCOPES 16
#define S_META_CAP 4096
#define S_KCACHE 64 /* kinds of local names cached, a power of two */

typedef enum S_kind {
	K_OTHER = 0, /* transparent */
	K_P,
	K_T,
	K_TAB,
	K_BR,
	K_HYPHEN,  /* w:noBreakHyphen */
	K_NOTHING, /* w:softHyphen */
	K_SYM,
	K_SKIP,    /* the subtree is not text */
	K_PPR,     /* skipped in 2006 parts; may hold w:sectPr/w:hdr in 2003 */
	K_FLDCHAR,
	K_FNREF,
	K_ENREF,
	K_CMTREF,
	K_FOOTNOTE,
	K_ENDNOTE,
	K_COMMENT,
	K_BODY,
	K_HDR,
	K_FTR,
	K_AML_ANNOTATION,
	K_DOCPROPS, /* Word 2003 o:DocumentProperties */
	K_META,     /* a metadata element whose text is collected */
	K_PSTYLE,   /* w:pStyle: a heading style makes a heading */
	K_OUTLINE   /* w:outlineLvl: so does an outline level */
} S_kind;

typedef struct S_name {
	const char *name;
	unsigned char kind;
} S_name;

/* Local names of the w: namespace (2006, Strict, 2003), sorted by strcmp
 * for bsearch. Names not listed are transparent. */
static const S_name S_wnames[] = {
	{"annotationRef", K_SKIP},
	{"body", K_BODY},
	{"br", K_BR},
	{"comment", K_COMMENT},
	{"commentRangeStart", K_CMTREF},
	{"commentReference", K_CMTREF},
	{"continuationSeparator", K_SKIP},
	{"cr", K_BR},
	{"del", K_SKIP},
	{"delInstrText", K_SKIP},
	{"delText", K_SKIP},
	{"docPr", K_SKIP},
	{"endnote", K_ENDNOTE},
	{"endnoteRef", K_SKIP},
	{"endnoteReference", K_ENREF},
	{"fldChar", K_FLDCHAR},
	{"fonts", K_SKIP},
	{"footnote", K_FOOTNOTE},
	{"footnoteRef", K_SKIP},
	{"footnoteReference", K_FNREF},
	{"ftr", K_FTR},
	{"hdr", K_HDR},
	{"instrText", K_SKIP},
	{"lists", K_SKIP},
	{"moveFrom", K_SKIP},
	{"noBreakHyphen", K_HYPHEN},
	{"outlineLvl", K_OUTLINE},
	{"p", K_P},
	{"pPr", K_PPR},
	{"pPrChange", K_SKIP},
	{"pStyle", K_PSTYLE},
	{"ptab", K_TAB},
	{"rPr", K_SKIP},
	{"sdtEndPr", K_SKIP},
	{"sdtPr", K_SKIP},
	{"separator", K_SKIP},
	{"softHyphen", K_NOTHING},
	{"styles", K_SKIP},
	{"sym", K_SYM},
	{"t", K_T},
	{"tab", K_TAB},
	{"tabs", K_SKIP}, /* tab stops in paragraph properties */
	{"tblGrid", K_SKIP},
	{"tblPr", K_SKIP},
	{"tcPr", K_SKIP},
	{"trPr", K_SKIP},
};

/* Symbol-font code points F020-F07F and F0A0-F0FF as Unicode (0: none).
 * Word stores characters inserted from the Symbol font as w:sym with
 * private-use code points; these are the font's published glyphs. */
static const unsigned short S_symbol_lo[0x60] = {
	0x0020, 0x0021, 0x2200, 0x0023, 0x2203, 0x0025, 0x0026, 0x220B,
	0x0028, 0x0029, 0x2217, 0x002B, 0x002C, 0x2212, 0x002E, 0x002F,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
	0x2245, 0x0391, 0x0392, 0x03A7, 0x0394, 0x0395, 0x03A6, 0x0393,
	0x0397, 0x0399, 0x03D1, 0x039A, 0x039B, 0x039C, 0x039D, 0x039F,
	0x03A0, 0x0398, 0x03A1, 0x03A3, 0x03A4, 0x03A5, 0x03C2, 0x03A9,
	0x039E, 0x03A8, 0x0396, 0x005B, 0x2234, 0x005D, 0x22A5, 0x005F,
	0x203E, 0x03B1, 0x03B2, 0x03C7, 0x03B4, 0x03B5, 0x03C6, 0x03B3,
	0x03B7, 0x03B9, 0x03D5, 0x03BA, 0x03BB, 0x03BC, 0x03BD, 0x03BF,
	0x03C0, 0x03B8, 0x03C1, 0x03C3, 0x03C4, 0x03C5, 0x03D6, 0x03C9,
	0x03BE, 0x03C8, 0x03B6, 0x007B, 0x007C, 0x007D, 0x223C, 0,
};
static const unsigned short S_symbol_hi[0x60] = {
	0,      0x03D2, 0x2032, 0x2264, 0x2044, 0x221E, 0x0192, 0x2663,
	0x2666, 0x2665, 0x2660, 0x2194, 0x2190, 0x2191, 0x2192, 0x2193,
	0x00B0, 0x00B1, 0x2033, 0x2265, 0x00D7, 0x221D, 0x2202, 0x2022,
	0x00F7, 0x2260, 0x2261, 0x2248, 0x2026, 0,      0,      0,
	0x2135, 0x2111, 0x211C, 0x2118, 0x2297, 0x2295, 0x2205, 0x2229,
	0x222A, 0x2283, 0x2287, 0x2284, 0x2282, 0x2286, 0x2208, 0x2209,
	0x2220, 0x2207, 0x00AE, 0x00A9, 0x2122, 0x220F, 0x221A, 0x22C5,
	0x00AC, 0x2227, 0x2228, 0x21D4, 0x21D0, 0x21D1, 0x21D2, 0x21D3,
	0x25CA, 0x2329, 0x00AE, 0x00A9, 0x2122, 0x2211, 0,      0,
	0,      0,      0,      0,      0,      0,      0,      0,
	0,      0x232A, 0x222B, 0,      0,      0,      0,      0,
	0,      0,      0,      0,      0,      0,      0,      0,
};

/* A story the Word 2003 reader entered (body, header, inline note,
 * comment), or a 2006 note/comment that owns its paragraphs: restored
 * when the element that opened it ends. */
typedef struct S_scope {
	unsigned depth;        /* element depth of the opening element */
	const char *part;      /* part to restore (borrowed from the doc) */
	ml_link_kind kind;     /* owner to restore */
	char *id;              /* owned; NULL for none */
} S_scope;

typedef struct S_wml {
	ml_doc *doc;
	ml_xml *x;             /* may be NULL (parsed through ml_zip) */
	ml_wml_flavour flavour;
	int stopped;
	unsigned depth;        /* open elements seen (outside skipped ones) */
	unsigned skip;         /* >0: inside a skipped subtree, its depth */
	int in_t;              /* inside w:t */
	/* complex fields: 1 = in the code part, 0 = in the result part */
	unsigned char fld[S_MAX_FIELDS];
	unsigned nfld, fld_over, ncode;
	/* owner of later paragraphs (mirrors ml_doc__owner) */
	ml_link_kind owner_kind;
	char *owner_id;        /* owned */
	S_scope scope[S_MAX_SCOPES];
	unsigned nscope;
	unsigned tool_comment;  /* depth of a comment marklint wrote, or 0 */
	/* Word 2003 numbering of stories and notes */
	unsigned nhdr, nftr, nfn, nen, ncmt;
	unsigned docprops;     /* depth of o:DocumentProperties, 0 if none */
	/* metadata being collected */
	int meta_key;          /* ml_meta_key, -1 when none */
	ml_buf meta;
	/* kind of each open element */
	unsigned char kinds[ML_READER_MAX_DEPTH + 1];
	/* the kind of a w: local name by its pointer: libxml2 interns names
	 * in its parser's dictionary, which outlives the reader, so the
	 * same name comes with the same pointer and a hit costs no search
	 * (the bsearch's strcmp was 3% of extract) */
	struct {
		const char *local;
		unsigned char kind;
	} kcache[S_KCACHE];
} S_wml;

static int S_name_cmp(const void *key, const void *elt)
{
	return strcmp(key, ((const S_name *)elt)->name);
}

static S_kind S_wkind(const char *local)
{
	const S_name *n = bsearch(local, S_wnames,
	                          sizeof S_wnames / sizeof S_wnames[0],
	                          sizeof S_wnames[0], S_name_cmp);
	return n ? (S_kind)n->kind : K_OTHER;
}

/* The kind of an element's local name as the parser passed it (an
 * interned pointer: never a copy). */
static S_kind S_wkind_interned(S_wml *s, const char *local)
{
	size_t h = ((uintptr_t)local >> 3) & (S_KCACHE - 1);

	if (s->kcache[h].local != local) {
		s->kcache[h].local = local;
		s->kcache[h].kind = (unsigned char)S_wkind(local);
	}
	return (S_kind)s->kcache[h].kind;
}

int ml_wml_skips(const char *local, size_t len)
{
	char name[32];

	if (len >= sizeof name)
		return 0; /* no skipped name is that long */
	memcpy(name, local, len);
	name[len] = '\0';
	return S_wkind(name) == K_SKIP;
}

static void S_stop(S_wml *s)
{
	s->stopped = 1;
	if (s->x)
		ml_xml_stop(s->x);
}

static void S_check(S_wml *s, int rc)
{
	if (rc < 0)
		S_stop(s);
}

static int S_visible(const S_wml *s)
{
	return s->ncode == 0 && s->fld_over == 0;
}

static void S_put(S_wml *s, const char *t, size_t len)
{
	if (S_visible(s))
		S_check(s, ml_doc__text(s->doc, t, len));
}

/* --- owners and scopes --- */

static void S_set_owner(S_wml *s, ml_link_kind kind, const char *id,
                        size_t idlen)
{
	free(s->owner_id);
	s->owner_id = NULL;
	s->owner_kind = ML_LINK_NONE;
	if (kind != ML_LINK_NONE && id) {
		s->owner_kind = kind;
		s->owner_id = ml_xstrndup(id, idlen);
	}
	ml_doc__owner(s->doc, s->owner_kind, s->owner_id, (size_t)-1);
}

/* Word 2003 stories get DOCX part names; their portions come in DOCX
 * order (body, headers, footers, footnotes, endnotes, comments) although
 * the file holds them inline. */
static int S_rank2003(const char *part)
{
	static const char *const order[] = {"word/document", "word/header",
	                                    "word/footer", "word/footnotes",
	                                    "word/endnotes", "word/comments"};
	int i;

	for (i = 0; i < 6; i++)
		if (strncmp(part, order[i], strlen(order[i])) == 0)
			return i;
	return 0;
}

/* Enters a story: part (NULL: unchanged) and owner, until the element at
 * the current depth ends. Deeper than S_MAX_SCOPES the element is read
 * as transparent (its text stays in the enclosing story). */
static void S_push(S_wml *s, const char *part, ml_link_kind kind,
                   const char *id, size_t idlen)
{
	S_scope *sc;

	if (s->nscope == S_MAX_SCOPES)
		return;
	sc = &s->scope[s->nscope++];
	sc->depth = s->depth;
	sc->part = ml_doc__part_name(s->doc);
	sc->kind = s->owner_kind;
	sc->id = s->owner_id; /* ownership moves to the scope */
	s->owner_id = NULL;
	if (part) {
		ml_doc__part(s->doc, part);
		ml_doc__part_rank(s->doc, S_rank2003(part));
	}
	S_set_owner(s, kind, id, idlen);
}

static void S_pop(S_wml *s)
{
	S_scope *sc = &s->scope[--s->nscope];

	if (*sc->part && strcmp(sc->part, ml_doc__part_name(s->doc)) != 0)
		ml_doc__part(s->doc, sc->part);
	S_set_owner(s, sc->kind, sc->id, sc->id ? strlen(sc->id) : 0);
	free(sc->id);
	sc->id = NULL;
}

/* --- fields --- */

static void S_fldchar(S_wml *s, ml_ns ns, const ml_xattr *a, int na)
{
	const ml_xattr *t = ml_xattr_find(a, na, ns, "fldCharType");

	if (!t)
		return;
	if (t->vlen == 5 && memcmp(t->value, "begin", 5) == 0) {
		if (s->nfld == S_MAX_FIELDS) {
			s->fld_over++;
			return;
		}
		s->fld[s->nfld++] = 1;
		s->ncode++;
	} else if (t->vlen == 8 && memcmp(t->value, "separate", 8) == 0) {
		if (s->fld_over || !s->nfld || !s->fld[s->nfld - 1])
			return;
		s->fld[s->nfld - 1] = 0;
		s->ncode--;
	} else if (t->vlen == 3 && memcmp(t->value, "end", 3) == 0) {
		if (s->fld_over) {
			s->fld_over--;
			return;
		}
		if (!s->nfld)
			return; /* unbalanced: ignore */
		s->ncode -= s->fld[--s->nfld];
	}
}

/* --- w:sym --- */

static unsigned S_hexval(const char *v, size_t n)
{
	unsigned cp = 0;
	size_t i;

	if (n == 0 || n > 6)
		return 0;
	for (i = 0; i < n; i++) {
		char c = v[i];
		cp <<= 4;
		if (c >= '0' && c <= '9')
			cp |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			cp |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			cp |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	return cp;
}

/* The Unicode character of w:sym, or 0. Outside F000-F0FF w:char is
 * Unicode; inside, it is a code of w:font, mapped for Symbol only. */
static unsigned S_sym_cp(ml_ns ns, const ml_xattr *a, int na)
{
	const ml_xattr *c = ml_xattr_find(a, na, ns, "char");
	const ml_xattr *f = ml_xattr_find(a, na, ns, "font");
	unsigned cp, lo;

	if (!c)
		return 0;
	cp = S_hexval(c->value, c->vlen);
	if (cp < 0xF000 || cp > 0xF0FF)
		return cp < 0x20 ? 0 : cp;
	if (f && !(f->vlen == 6 && strncmp(f->value, "Symbol", 6) == 0))
		return 0;
	lo = cp & 0xFF;
	if (lo >= 0x20 && lo < 0x80)
		return S_symbol_lo[lo - 0x20];
	if (lo >= 0xA0)
		return S_symbol_hi[lo - 0xA0];
	return 0;
}

/* A paragraph style "Heading1" to "Heading9" or "Title", or an outline
 * level 0 to 8, makes the paragraph a heading: it opens a section. */
static void S_heading(S_wml *s, S_kind k, const ml_xattr *a, int na)
{
	const ml_xattr *v = NULL;
	int i;

	for (i = 0; i < na && !v; i++)
		if (strcmp(a[i].local, "val") == 0)
			v = &a[i];
	if (!v || !v->vlen || ml_doc__para_depth(s->doc) == 0)
		return;
	if (k == K_OUTLINE) {
		if (v->value[0] >= '0' && v->value[0] <= '8')
			ml_doc__para_heading(s->doc, v->value[0] - '0' + 1);
		return;
	}
	if (v->vlen == 8 && (memcmp(v->value, "Heading", 7) == 0 ||
	                     memcmp(v->value, "heading", 7) == 0) &&
	    v->value[7] >= '1' && v->value[7] <= '9')
		ml_doc__para_heading(s->doc, v->value[7] - '0');
	else if (v->vlen == 5 && memcmp(v->value, "Title", 5) == 0)
		ml_doc__para_heading(s->doc, 1);
}

static void S_sym(S_wml *s, ml_ns ns, const ml_xattr *a, int na)
{
	char out[8];
	size_t n;
	unsigned cp = S_sym_cp(ns, a, na);

	if (!cp)
		return;
	n = ml_utf8_encode(cp, out);
	if (n)
		S_put(s, out, n);
}

/* --- notes, comments, references --- */

static void S_ref(S_wml *s, ml_link_kind kind, ml_ns ns, const ml_xattr *a,
                  int na)
{
	const ml_xattr *id = ml_xattr_find(a, na, ns, "id");

	if (id)
		S_check(s, ml_doc__ref(s->doc, kind, id->value, id->vlen));
}

static int S_is_separator(ml_ns ns, const ml_xattr *a, int na)
{
	return ml_xattr_is(a, na, ns, "type", "separator") ||
	       ml_xattr_is(a, na, ns, "type", "continuationSeparator") ||
	       ml_xattr_is(a, na, ns, "type", "continuationNotice");
}

/* A 2003 inline note: numbered in order, referenced from the paragraph
 * that holds it, its paragraphs in the part a DOCX would use. */
static void S_note2003(S_wml *s, ml_link_kind kind)
{
	char id[16];
	unsigned n = kind == ML_LINK_FOOTNOTE ? ++s->nfn : ++s->nen;
	int len = snprintf(id, sizeof id, "%u", n);

	S_check(s, ml_doc__ref(s->doc, kind, id, (size_t)len));
	S_push(s, kind == ML_LINK_FOOTNOTE ? "word/footnotes.xml"
	                                   : "word/endnotes.xml",
	       kind, id, (size_t)len);
}

/* w:footnote / w:endnote / w:comment: returns the kind to record. A
 * separator note has no text, but its paragraph still counts in the
 * part's numbering (paragraph N is the Nth w:p of the part). */
static S_kind S_note(S_wml *s, S_kind k, ml_ns ns, const ml_xattr *a,
                     int na)
{
	ml_link_kind kind = k == K_FOOTNOTE ? ML_LINK_FOOTNOTE
	                    : k == K_ENDNOTE ? ML_LINK_ENDNOTE
	                                     : ML_LINK_COMMENT;
	const ml_xattr *id;

	if (k != K_COMMENT && S_is_separator(ns, a, na))
		return K_OTHER;
	if (s->flavour == ML_WML_2003) {
		if (k == K_COMMENT)
			return K_OTHER;
		S_note2003(s, kind);
		return k;
	}
	id = ml_xattr_find(a, na, ns, "id");
	if (id)
		S_push(s, NULL, kind, id->value, id->vlen);
	if (k == K_COMMENT && ml_xattr_is(a, na, ns, "author", "marklint"))
		s->tool_comment = s->depth;
	return k;
}

/* Word 2003 stories: body, headers and footers numbered in order. */
static void S_story2003(S_wml *s, S_kind k)
{
	char part[40];

	if (k == K_BODY)
		S_push(s, "word/document.xml", ML_LINK_NONE, NULL, 0);
	else {
		snprintf(part, sizeof part, "word/%s%u.xml",
		         k == K_HDR ? "header" : "footer",
		         k == K_HDR ? ++s->nhdr : ++s->nftr);
		S_push(s, part, ML_LINK_NONE, NULL, 0);
	}
}

/* aml:annotation (Word 2003): comments, deletions, comment ranges. The
 * comment id is aml:id, which Word also puts on the range marks. */
static S_kind S_annotation(S_wml *s, const ml_xattr *a, int na)
{
	const ml_xattr *t = ml_xattr_find(a, na, ML_NS_W2003, "type");
	const ml_xattr *id = ml_xattr_find(a, na, ML_NS_AML, "id");
	char buf[16];
	const char *v = buf;
	size_t vlen;

	if (!t)
		return K_OTHER;
	if (t->vlen == 13 && memcmp(t->value, "Word.Deletion", 13) == 0)
		return K_SKIP;
	if (id) {
		v = id->value;
		vlen = id->vlen;
	} else {
		vlen = (size_t)snprintf(buf, sizeof buf, "%u", s->ncmt + 1);
	}
	if (t->vlen == 18 && memcmp(t->value, "Word.Comment.Start", 18) == 0) {
		if (id)
			S_check(s, ml_doc__ref(s->doc, ML_LINK_COMMENT, v, vlen));
		return K_OTHER;
	}
	if (t->vlen == 12 && memcmp(t->value, "Word.Comment", 12) == 0) {
		s->ncmt++;
		S_check(s, ml_doc__ref(s->doc, ML_LINK_COMMENT, v, vlen));
		S_push(s, "word/comments.xml", ML_LINK_COMMENT, v, vlen);
		return K_AML_ANNOTATION;
	}
	return K_OTHER;
}

/* --- metadata --- */

/* The elements that hold metadata: by namespace, the core and extended
 * properties of a package; by name alone (ns ML_NS_NONE), the children
 * of Word 2003 o:DocumentProperties. */
typedef struct S_metaname {
	ml_ns ns;
	const char *name;
	int key;
} S_metaname;

static const S_metaname S_meta_package[] = {
	{ML_NS_DC, "title", ML_META_TITLE},
	{ML_NS_DC, "creator", ML_META_CREATOR},
	{ML_NS_DCTERMS, "created", ML_META_CREATED},
	{ML_NS_DCTERMS, "modified", ML_META_MODIFIED},
	{ML_NS_CP, "lastModifiedBy", ML_META_LAST_MODIFIED_BY},
	{ML_NS_EP, "Company", ML_META_COMPANY},
};

static const S_metaname S_meta_2003[] = {
	{ML_NS_NONE, "Title", ML_META_TITLE},
	{ML_NS_NONE, "Author", ML_META_CREATOR},
	{ML_NS_NONE, "Created", ML_META_CREATED},
	{ML_NS_NONE, "LastSaved", ML_META_MODIFIED},
	{ML_NS_NONE, "LastAuthor", ML_META_LAST_MODIFIED_BY},
	{ML_NS_NONE, "Company", ML_META_COMPANY},
};

/* The ml_meta_key of element ns:local in v[0..n), or -1. */
static int S_meta_key(const S_metaname *v, size_t n, ml_ns ns,
                      const char *local)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].ns == ns && strcmp(local, v[i].name) == 0)
			return v[i].key;
	return -1;
}

#define S_META_KEY(v, ns, local) \
	S_meta_key(v, sizeof v / sizeof v[0], ns, local)

/* The alternative text of a drawing (wp:docPr descr and title), which a
 * screen reader reads where the picture is: a portion of its own, after
 * the paragraph that holds the drawing (as a text box's). */
static void S_alt_text(S_wml *s, const ml_xattr *a, int na)
{
	const ml_xattr *t = ml_xattr_find(a, na, ML_NS_NONE, "title");
	const ml_xattr *d = ml_xattr_find(a, na, ML_NS_NONE, "descr");
	int same;

	if (((!t || !t->vlen) && (!d || !d->vlen)) || !S_visible(s))
		return;
	same = t && d && t->vlen == d->vlen &&
	       memcmp(t->value, d->value, t->vlen) == 0;
	/* the description first: it is what Word's alt text pane writes,
	 * and a portion mark in it starts the portion */
	S_check(s, ml_doc__para_begin(s->doc, 0));
	if (d && d->vlen)
		S_put(s, d->value, d->vlen);
	if (t && t->vlen && d && d->vlen && !same)
		S_put(s, "\n", 1);
	if (t && t->vlen && !same)
		S_put(s, t->value, t->vlen);
	S_check(s, ml_doc__para_end(s->doc, 0));
}

/* Elements outside the w: namespace: Office Math text (m:t, read as
 * w:t), drawings' alternative text, metadata, Word 2003 annotations and
 * document properties; anything else (DrawingML, VML...) is transparent,
 * so text boxes inside drawings are read. */
static S_kind S_other_kind(S_wml *s, ml_ns ns, const char *local,
                           const ml_xattr *a, int na)
{
	int key;

	if (ns == ML_NS_M && strcmp(local, "t") == 0) {
		s->in_t = 1;
		return K_T;
	}
	if (ns == ML_NS_WP && strcmp(local, "docPr") == 0) {
		S_alt_text(s, a, na);
		return K_OTHER;
	}

	if (ml_doc__para_depth(s->doc) == 0 && s->meta_key < 0) {
		if (s->docprops && s->depth == s->docprops + 1)
			key = S_META_KEY(S_meta_2003, ML_NS_NONE, local);
		else
			key = S_META_KEY(S_meta_package, ns, local);
		if (key >= 0) {
			s->meta_key = key;
			ml_buf_clear(&s->meta);
			return K_META;
		}
	}
	if (s->flavour != ML_WML_2003)
		return K_OTHER;
	if (ns == ML_NS_AML && strcmp(local, "annotation") == 0)
		return S_annotation(s, a, na);
	/* o:DocumentProperties (urn:schemas-microsoft-com:office:office),
	 * a child of the root; ml_ns has no value for that namespace. */
	if (s->depth == 2 && ns != ML_NS_AML &&
	    strcmp(local, "DocumentProperties") == 0) {
		s->docprops = s->depth;
		return K_DOCPROPS;
	}
	return K_OTHER;
}

/* --- events --- */

/* Acts on a w: element; returns the kind to remember for its end. */
static S_kind S_start_w(S_wml *s, ml_ns ns, const char *local,
                        const ml_xattr *a, int na, uint32_t line)
{
	S_kind k = S_wkind_interned(s, local);

	switch (k) {
	case K_P:
		S_check(s, ml_doc__para_begin(s->doc, line));
		if (s->tool_comment && s->owner_id)
			S_check(s, ml_doc__attr(s->doc, ML_ATTR_ANNOTATION,
			                        s->owner_id,
			                        strlen(s->owner_id)));
		break;
	case K_T:
		s->in_t = 1;
		break;
	case K_TAB:
		S_put(s, "\t", 1);
		break;
	case K_BR:
		S_put(s, "\n", 1);
		break;
	case K_HYPHEN:
		S_put(s, "-", 1);
		break;
	case K_SYM:
		S_sym(s, ns, a, na);
		break;
	case K_PPR:
		/* read for its style; its run properties, tab stops and
		 * tracked changes are skipped by name */
		return K_OTHER;
	case K_PSTYLE:
	case K_OUTLINE:
		S_heading(s, k, a, na);
		break;
	case K_FLDCHAR:
		S_fldchar(s, ns, a, na);
		break;
	case K_FNREF:
		S_ref(s, ML_LINK_FOOTNOTE, ns, a, na);
		break;
	case K_ENREF:
		S_ref(s, ML_LINK_ENDNOTE, ns, a, na);
		break;
	case K_CMTREF:
		S_ref(s, ML_LINK_COMMENT, ns, a, na);
		break;
	case K_FOOTNOTE:
	case K_ENDNOTE:
	case K_COMMENT:
		return S_note(s, k, ns, a, na);
	case K_BODY:
	case K_HDR:
	case K_FTR:
		if (s->flavour == ML_WML_2003)
			S_story2003(s, k);
		break;
	default:
		break;
	}
	return k;
}

static void S_start(void *ud, ml_ns ns, const char *local,
                    const ml_xattr *a, int na, uint32_t line)
{
	S_wml *s = ud;
	S_kind k;

	if (!ml_reader__enter(&s->skip, s->stopped))
		return;
	if (ml_reader__too_deep(s->doc, s->depth)) {
		S_stop(s);
		return;
	}
	s->depth++;
	if (ns == ML_NS_W || ns == ML_NS_W2003)
		k = S_start_w(s, ns, local, a, na, line);
	else
		k = S_other_kind(s, ns, local, a, na);
	if (k == K_SKIP)
		s->skip = 1;
	s->kinds[s->depth] = (unsigned char)k;
}

static void S_meta_end(S_wml *s)
{
	ml_doc__meta(s->doc, (ml_meta_key)s->meta_key, s->meta.ptr,
	             s->meta.size);
	s->meta_key = -1;
}

static void S_end(void *ud, ml_ns ns, const char *local)
{
	S_wml *s = ud;

	(void)ns;
	(void)local;
	if (!ml_reader__leave(&s->skip, &s->depth, s->stopped))
		return;
	switch (s->kinds[s->depth]) {
	case K_P:
		S_check(s, ml_doc__para_end(s->doc, 0));
		break;
	case K_T:
		s->in_t = 0;
		break;
	case K_META:
		S_meta_end(s);
		break;
	case K_DOCPROPS:
		s->docprops = 0;
		break;
	default:
		break;
	}
	if (s->nscope && s->scope[s->nscope - 1].depth == s->depth)
		S_pop(s);
	if (s->tool_comment == s->depth)
		s->tool_comment = 0;
	s->depth--;
}

static void S_text(void *ud, const char *t, size_t len)
{
	S_wml *s = ud;

	if (s->skip || s->stopped)
		return;
	if (s->in_t)
		S_put(s, t, len);
	else if (s->meta_key >= 0)
		(void)ml_buf_put(&s->meta, t, len); /* over the cap: cut */
}

static int S_finish(void *ud)
{
	S_wml *s = ud;

	while (s->nscope)
		S_pop(s);
	return ml_doc__status(s->doc, 0);
}

static void S_free(void *ud)
{
	S_wml *s = ud;

	if (!s)
		return;
	while (s->nscope) {
		free(s->scope[--s->nscope].id);
	}
	free(s->owner_id);
	ml_buf_free(&s->meta);
	free(s);
}

static const ml_reader S_reader = {
	{S_start, S_end, S_text, NULL, NULL}, NULL, S_finish, S_free
};

/* The state is owned by out->ud and released by out->free. x may be NULL
 * when the parser is not at hand (ml_zip_parse_xml): the reader then
 * ignores events after an error instead of stopping the parser. */
void ml_wml_reader(ml_doc *doc, ml_xml *x, ml_wml_flavour flavour,
                   ml_reader *out)
{
	S_wml *s = ml_xcalloc(1, sizeof *s);

	ml_doc__split_lines(doc, 1);
	s->doc = doc;
	s->x = x;
	s->flavour = flavour;
	s->meta_key = -1;
	ml_buf_init(&s->meta, S_META_CAP);
	*out = S_reader;
	out->ud = s;
	out->h.skip = &s->skip; /* the parser drops skipped subtrees */
}
