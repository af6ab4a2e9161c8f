/* ml_annotate.c - the annotated copy of a DOCX (see ml_annotate.h): a byte
 * scanner over the package's XML parts, the paragraph locator and the
 * splices that add comment anchors and proposed changes. */
#include "ml_annotate.h"
#include "ml_doc.h"
#include "ml_readers.h"
#include "ml_pkgcopy.h"
#include "ml_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define S_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define S_RELNS "http://schemas.openxmlformats.org/officeDocument/2006/" \
                "relationships/"
#define S_CT_COMMENTS "application/vnd.openxmlformats-officedocument." \
                      "wordprocessingml.comments+xml"
#define S_AUTHOR "marklint"
#define S_MAX_ATTRS 64
#define S_MAX_DEPTH 512

/* --- a byte scanner for well-formed XML ---
 *
 * Parts reach it only after the readers parsed them, so it does not
 * validate: it reports tags with their byte spans, resolves namespace
 * prefixes, and hands text spans over undecoded. */

typedef struct S_attr {
	const char *q;    /* qualified name */
	size_t qlen;
	const char *v;    /* raw value (entities not decoded) */
	size_t vlen;
} S_attr;

typedef struct S_tag {
	size_t start, end;   /* '<' .. after '>' */
	const char *q;       /* qualified name */
	size_t qlen;
	const char *local;   /* after the prefix */
	size_t llen;
	const char *uri;     /* NULL: no namespace */
	size_t ulen;
	S_attr a[S_MAX_ATTRS];
	int na;
	int empty;           /* <x/> */
} S_tag;

typedef struct S_nsdecl {
	const char *p;
	size_t plen;
	const char *u;
	size_t ulen;
} S_nsdecl;

typedef struct S_scan {
	const char *buf;
	size_t len;
	S_nsdecl *ns;      /* owned */
	size_t nns, nsalloc;
	size_t mark[S_MAX_DEPTH];
	unsigned depth;
	void *ud;
	void (*start)(void *ud, const S_tag *t);
	void (*end)(void *ud, const S_tag *t); /* t->start..end: end tag */
	void (*text)(void *ud, size_t start, size_t end, int cdata);
} S_scan;

static int S_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static const char *S_find(const char *b, size_t from, size_t len,
                          const char *lit)
{
	size_t n = strlen(lit), i;

	for (i = from; i + n <= len; i++)
		if (b[i] == lit[0] && memcmp(b + i, lit, n) == 0)
			return b + i;
	return NULL;
}

static void S_resolve(S_scan *s, S_tag *t)
{
	const char *colon = memchr(t->q, ':', t->qlen);
	size_t plen = colon ? (size_t)(colon - t->q) : 0;
	size_t i;

	t->local = colon ? colon + 1 : t->q;
	t->llen = t->qlen - (colon ? plen + 1 : 0);
	t->uri = NULL;
	t->ulen = 0;
	for (i = s->nns; i-- > 0;)
		if (s->ns[i].plen == plen &&
		    memcmp(s->ns[i].p, t->q, plen) == 0) {
			t->uri = s->ns[i].u;
			t->ulen = s->ns[i].ulen;
			break;
		}
	if (t->uri && t->ulen == 0)
		t->uri = NULL; /* xmlns="" */
}

static void S_declare(S_scan *s, const S_attr *a)
{
	S_nsdecl *d;

	if (s->nns == s->nsalloc) {
		s->nsalloc = s->nsalloc ? 2 * s->nsalloc : 16;
		s->ns = ml_xrealloc(s->ns, s->nsalloc * sizeof *s->ns);
	}
	d = &s->ns[s->nns++];
	d->p = a->qlen > 6 ? a->q + 6 : "";
	d->plen = a->qlen > 6 ? a->qlen - 6 : 0;
	d->u = a->v;
	d->ulen = a->vlen;
}

/* Parses the start tag at s->buf[pos] ('<' then a name). Returns the
 * offset after it, or 0 when it is cut short. */
static size_t S_start_tag(S_scan *s, size_t pos, S_tag *t)
{
	const char *b = s->buf;
	size_t i = pos + 1, n = s->len;

	memset(t, 0, sizeof *t);
	t->start = pos;
	t->q = b + i;
	while (i < n && b[i] != '>' && b[i] != '/' && b[i] != ' ' &&
	       b[i] != '\t' && b[i] != '\n' && b[i] != '\r')
		i++;
	t->qlen = (size_t)(b + i - t->q);
	for (;;) {
		while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' ||
		                 b[i] == '\r'))
			i++;
		if (i >= n)
			return 0;
		if (b[i] == '>') {
			t->end = i + 1;
			return i + 1;
		}
		if (b[i] == '/') {
			if (i + 1 >= n || b[i + 1] != '>')
				return 0;
			t->empty = 1;
			t->end = i + 2;
			return i + 2;
		}
		{
			S_attr a;
			char quote;
			a.q = b + i;
			while (i < n && b[i] != '=' && b[i] != ' ' &&
			       b[i] != '\t' && b[i] != '\n' && b[i] != '\r')
				i++;
			a.qlen = (size_t)(b + i - a.q);
			while (i < n && b[i] != '"' && b[i] != '\'')
				i++;
			if (i >= n)
				return 0;
			quote = b[i++];
			a.v = b + i;
			while (i < n && b[i] != quote)
				i++;
			if (i >= n)
				return 0;
			a.vlen = (size_t)(b + i - a.v);
			i++;
			if (a.qlen >= 5 && memcmp(a.q, "xmlns", 5) == 0 &&
			    (a.qlen == 5 || a.q[5] == ':'))
				S_declare(s, &a);
			if (t->na < S_MAX_ATTRS)
				t->a[t->na++] = a;
		}
	}
}

/* Walks the whole buffer. Returns 0, or -1 when it is not well formed
 * enough to walk (cut short, too deep). */
static int S_walk(S_scan *s)
{
	const char *b = s->buf, *e;
	size_t pos = 0, n = s->len, q;
	S_tag t;

	while (pos < n) {
		if (b[pos] != '<') {
			q = pos;
			while (q < n && b[q] != '<')
				q++;
			if (s->text && s->depth)
				s->text(s->ud, pos, q, 0);
			pos = q;
		} else if (n - pos >= 4 && memcmp(b + pos, "<!--", 4) == 0) {
			if (!(e = S_find(b, pos + 4, n, "-->")))
				return -1;
			pos = (size_t)(e - b) + 3;
		} else if (n - pos >= 9 && memcmp(b + pos, "<![CDATA[", 9) == 0) {
			if (!(e = S_find(b, pos + 9, n, "]]>")))
				return -1;
			if (s->text && s->depth)
				s->text(s->ud, pos + 9, (size_t)(e - b), 1);
			pos = (size_t)(e - b) + 3;
		} else if (n - pos >= 2 && b[pos + 1] == '?') {
			if (!(e = S_find(b, pos + 2, n, "?>")))
				return -1;
			pos = (size_t)(e - b) + 2;
		} else if (n - pos >= 2 && b[pos + 1] == '!') {
			return -1; /* a DOCTYPE: not in the parts we rewrite */
		} else if (n - pos >= 2 && b[pos + 1] == '/') {
			if (!(e = memchr(b + pos, '>', n - pos)) || !s->depth)
				return -1;
			memset(&t, 0, sizeof t);
			t.start = pos;
			t.q = b + pos + 2;
			t.qlen = (size_t)(e - t.q);
			while (t.qlen && (t.q[t.qlen - 1] == ' ' ||
			                  t.q[t.qlen - 1] == '\n' ||
			                  t.q[t.qlen - 1] == '\t' ||
			                  t.q[t.qlen - 1] == '\r'))
				t.qlen--;
			t.end = (size_t)(e - b) + 1;
			S_resolve(s, &t);
			if (s->end)
				s->end(s->ud, &t);
			s->nns = s->mark[--s->depth];
			pos = t.end;
		} else {
			size_t before = s->nns;
			if (s->depth == S_MAX_DEPTH)
				return -1;
			q = S_start_tag(s, pos, &t);
			if (!q)
				return -1;
			S_resolve(s, &t);
			s->mark[s->depth++] = before;
			if (s->start)
				s->start(s->ud, &t);
			if (t.empty) {
				if (s->end)
					s->end(s->ud, &t);
				s->nns = s->mark[--s->depth];
			}
			pos = q;
		}
	}
	return s->depth ? -1 : 0;
}

static int S_scan_run(const char *buf, size_t len, void *ud,
                      void (*start)(void *, const S_tag *),
                      void (*end)(void *, const S_tag *),
                      void (*text)(void *, size_t, size_t, int))
{
	S_scan s;
	int rc;

	memset(&s, 0, sizeof s);
	s.buf = buf;
	s.len = len;
	s.ud = ud;
	s.start = start;
	s.end = end;
	s.text = text;
	rc = S_walk(&s);
	free(s.ns);
	return rc;
}

static int S_in_w(const S_tag *t)
{
	return t->uri && S_is(t->uri, t->ulen, S_W);
}

static int S_w(const S_tag *t, const char *local)
{
	return S_in_w(t) && S_is(t->local, t->llen, local);
}

/* The attribute local with the element's own prefix ("w:id" on "w:p"):
 * how WordprocessingML writes its attributes. */
static const S_attr *S_attr_get(const S_tag *t, const char *local)
{
	size_t plen = t->qlen - t->llen, ll = strlen(local);
	int i;

	for (i = 0; i < t->na; i++) {
		const S_attr *a = &t->a[i];
		if (a->qlen == plen + ll && memcmp(a->q, t->q, plen) == 0 &&
		    memcmp(a->q + plen, local, ll) == 0)
			return a;
	}
	return NULL;
}

/* The attribute of qualified name q (package parts: no prefix). */
static const S_attr *S_attr_q(const S_tag *t, const char *q)
{
	int i;

	for (i = 0; i < t->na; i++)
		if (S_is(t->a[i].q, t->a[i].qlen, q))
			return &t->a[i];
	return NULL;
}

/* A decimal attribute value, or -1. */
static long S_num(const S_attr *a)
{
	long v = 0;
	size_t i;

	if (!a || a->vlen == 0 || a->vlen > 9)
		return -1;
	for (i = 0; i < a->vlen; i++) {
		if (a->v[i] < '0' || a->v[i] > '9')
			return -1;
		v = v * 10 + (a->v[i] - '0');
	}
	return v;
}

/* Appends s[0..n) escaped for XML text and attribute values. */
static void S_esc(ml_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '&')
			(void)ml_buf_puts(b, "&amp;");
		else if (c == '<')
			(void)ml_buf_puts(b, "&lt;");
		else if (c == '>')
			(void)ml_buf_puts(b, "&gt;");
		else if (c == '"')
			(void)ml_buf_puts(b, "&quot;");
		else if (c < 0x20 && c != '\t' && c != '\n')
			(void)ml_buf_putc(b, ' ');
		else
			(void)ml_buf_putc(b, (char)c);
	}
}

static void S_escs(ml_buf *b, const char *s)
{
	S_esc(b, s, strlen(s));
}

/* Decodes the XML text s[0..n) (the five entities and character
 * references) into out; src (may be NULL) gets, for each byte out gains,
 * base plus the offset of the character or reference it came from. */
static void S_decode(const char *s, size_t n, int cdata, size_t base,
                     ml_buf *out, size_t **src, size_t *asrc)
{
	size_t i = 0;

	while (i < n) {
		char tmp[8];
		size_t tl = 1, adv = 1, k;
		tmp[0] = s[i];
		if (!cdata && s[i] == '&') {
			const char *semi = memchr(s + i, ';', n - i);
			size_t el = semi ? (size_t)(semi - s - i) + 1 : 0;
			if (el == 4 && memcmp(s + i, "&lt;", 4) == 0)
				tmp[0] = '<';
			else if (el == 4 && memcmp(s + i, "&gt;", 4) == 0)
				tmp[0] = '>';
			else if (el == 5 && memcmp(s + i, "&amp;", 5) == 0)
				tmp[0] = '&';
			else if (el == 6 && memcmp(s + i, "&quot;", 6) == 0)
				tmp[0] = '"';
			else if (el == 6 && memcmp(s + i, "&apos;", 6) == 0)
				tmp[0] = '\'';
			else if (el > 3 && s[i + 1] == '#') {
				unsigned long cp = s[i + 2] == 'x'
				    ? strtoul(s + i + 3, NULL, 16)
				    : strtoul(s + i + 2, NULL, 10);
				tl = ml_utf8_encode((uint32_t)cp, tmp);
			}
			if (el)
				adv = el;
		}
		for (k = 0; k < tl; k++) {
			if (src) {
				if (out->size >= *asrc) {
					*asrc = *asrc ? 2 * *asrc : 256;
					*src = ml_xrealloc(*src,
					                   *asrc * sizeof **src);
				}
				(*src)[out->size] = base + i;
			}
			(void)ml_buf_putc(out, tmp[k]);
		}
		i += adv;
	}
}

/* --- what to write: anchors, comments, proposals --- */

/* One comment to write. */
typedef struct S_note {
	long id;               /* w:id of the comment */
	const ml_finding *f;
	const ml_found *m;     /* its marking, or NULL */
	const ml_portion *p;   /* its portion */
	int elsewhere;         /* its portion is not in the main part */
} S_note;

/* Comments on one span of one paragraph of the main part. */
typedef struct S_group {
	uint32_t paragraph;
	size_t off, len;       /* span in the portion's text (len 0: all) */
	const ml_portion *p;
	size_t first, n;       /* its notes: notes[first..first+n) */
	const char *proposal;  /* replacement marking, or NULL */
	ml_annotate_edit *edit;/* ml_annotate_edits: the edit it makes */
} S_group;

/* A change to the main part: bytes [off, end) replaced by text. */
typedef struct S_splice {
	size_t off, end;
	int phase;             /* order among splices at one offset */
	size_t seq;
	char *text;            /* owned */
} S_splice;

typedef struct S_ann {
	const ml_report *r;
	const ml_rules *rs;
	const ml_annotate_opts *o;
	ml_severity min;       /* the result's min_severity */
	ml_annotate_stats *st;
	ml_error *err;
	S_note *notes;         /* owned */
	size_t nnotes;
	S_group *groups;       /* owned, by paragraph */
	size_t ngroups;
	long *old;             /* ids of marklint's earlier comments, sorted */
	size_t nold;
	long next_id;          /* the next free w:id */
	S_splice *sp;          /* owned, with their text */
	size_t nsp, asp;
	ml_annotate_edit *edits; /* ml_annotate_edits: the only changes */
	size_t nedits;
	const ml_doc *doc;
} S_ann;

static void S_splice_add(S_ann *a, size_t off, size_t end, int phase,
                         char *text)
{
	S_splice *s;

	if (a->nsp == a->asp) {
		a->asp = a->asp ? 2 * a->asp : 64;
		a->sp = ml_xrealloc(a->sp, a->asp * sizeof *a->sp);
	}
	s = &a->sp[a->nsp];
	s->off = off;
	s->end = end;
	s->phase = phase;
	s->seq = a->nsp++;
	s->text = text;
}

static int S_long_cmp(const void *x, const void *y)
{
	long a = *(const long *)x, b = *(const long *)y;

	return a < b ? -1 : a > b;
}

static int S_is_old(const S_ann *a, long id)
{
	return id >= 0 && a->nold &&
	       bsearch(&id, a->old, a->nold, sizeof *a->old, S_long_cmp);
}

/* --- the main part, pass 1: the highest w:id in use --- */

static void S_maxid_start(void *ud, const S_tag *t)
{
	S_ann *a = ud;
	long v;

	if (!S_in_w(t))
		return;
	v = S_num(S_attr_get(t, "id"));
	if (v >= a->next_id)
		a->next_id = v + 1;
}

/* --- the main part, pass 2: locate paragraphs and splice --- */

/* Element kinds the locator tracks (the reader's, ml_wml.c). */
typedef enum S_kind {
	K_OTHER = 0, K_P, K_R, K_RPR, K_T, K_TAB, K_BR, K_HYPHEN, K_NOTHING,
	K_SYM, K_PPR, K_SKIP, K_FLDCHAR, K_CMT, K_CMTREF, K_MCE_AC, K_MCE_BR
} S_kind;

static const struct {
	const char *name;
	S_kind kind;
} S_kinds[] = {
	{"p", K_P}, {"r", K_R}, {"rPr", K_RPR}, {"t", K_T}, {"tab", K_TAB},
	{"ptab", K_TAB}, {"br", K_BR}, {"cr", K_BR},
	{"noBreakHyphen", K_HYPHEN}, {"softHyphen", K_NOTHING},
	{"sym", K_SYM}, {"pPr", K_PPR}, {"fldChar", K_FLDCHAR},
	{"commentRangeStart", K_CMT}, {"commentRangeEnd", K_CMT},
	{"commentReference", K_CMTREF},
};

typedef struct S_run {
	size_t start, tag_end;   /* the start tag */
	size_t rpr_start, rpr_end; /* its w:rPr, or equal */
	size_t end;              /* after its end tag */
	size_t parent;           /* start of the parent element */
	int old_ref;             /* holds a reference to an old comment */
	size_t ref_start, ref_end; /* that reference element */
	int other;               /* holds anything else but w:rPr */
} S_run;

typedef struct S_ttag {
	size_t gt;               /* offset of the start tag's '>' */
	int preserve;            /* has xml:space */
	int fixed;               /* xml:space added by a splice */
} S_ttag;

typedef struct S_para {
	unsigned depth;
	uint32_t number;
	size_t body;             /* after the start tag and w:pPr */
	size_t close;            /* offset of the end tag */
	ml_buf raw;              /* the text as the reader builds it */
	size_t *src;             /* per raw byte: its offset in the part */
	int *run, *tix;          /* per raw byte: its run, its w:t (-1) */
	size_t asrc, arun;
	S_run *runs;
	size_t nruns, aruns;
	S_ttag *ts;
	size_t nts, ats;
	int cur_run, cur_t;
	size_t sp_first;         /* splices from here on are inside it */
} S_para;

typedef struct S_mce {
	unsigned depth;
	int chosen;
} S_mce;

typedef struct S_loc {
	S_ann *a;
	const char *buf;
	size_t len;
	const char *pfx;        /* the w: prefix with its colon, e.g. "w:" */
	size_t pfxlen;
	unsigned depth, skip;
	unsigned char kinds[S_MAX_DEPTH + 1];
	size_t starts[S_MAX_DEPTH + 1]; /* start offset of each open element */
	S_para para[32];
	unsigned npara;
	uint32_t count;         /* paragraphs numbered so far */
	unsigned char fld[64];
	unsigned nfld, fld_over, ncode;
	S_mce mce[32];
	unsigned nmce;
	S_scan *scan;           /* the scanner walking the part */
	int w_root;             /* the root is in the w: namespace */
} S_loc;

static S_para *S_top(S_loc *l)
{
	return l->npara ? &l->para[l->npara - 1] : NULL;
}

static S_kind S_kind_of(const S_tag *t)
{
	size_t i;

	if (t->uri && S_is(t->uri, t->ulen, S_MC)) {
		if (S_is(t->local, t->llen, "AlternateContent"))
			return K_MCE_AC;
		if (S_is(t->local, t->llen, "Choice") ||
		    S_is(t->local, t->llen, "Fallback"))
			return K_MCE_BR;
		return K_OTHER;
	}
	if (!S_in_w(t))
		return K_OTHER;
	for (i = 0; i < sizeof S_kinds / sizeof S_kinds[0]; i++)
		if (S_is(t->local, t->llen, S_kinds[i].name))
			return S_kinds[i].kind;
	/* what the reader skips (ml_wml.c), so both see the same text */
	return ml_wml_skips(t->local, t->llen) ? K_SKIP : K_OTHER;
}

/* Appends text produced at src offset off, in the current run and w:t. */
static void S_put(S_loc *l, const char *s, size_t n, size_t off, int inT)
{
	S_para *p = S_top(l);
	size_t i, before;

	if (!p || l->ncode || l->fld_over)
		return;
	before = p->raw.size;
	if (inT)
		S_decode(s, n, inT == 2, off, &p->raw, &p->src, &p->asrc);
	else {
		(void)ml_buf_put(&p->raw, s, n);
		if (p->raw.size > p->asrc) {
			p->asrc = 2 * p->raw.size;
			p->src = ml_xrealloc(p->src, p->asrc * sizeof *p->src);
		}
		for (i = before; i < p->raw.size; i++)
			p->src[i] = off;
	}
	if (p->raw.size > p->arun) {
		p->arun = 2 * p->raw.size;
		p->run = ml_xrealloc(p->run, p->arun * sizeof *p->run);
		p->tix = ml_xrealloc(p->tix, p->arun * sizeof *p->tix);
	}
	for (i = before; i < p->raw.size; i++) {
		p->run[i] = p->cur_run;
		p->tix[i] = inT ? p->cur_t : -1;
	}
}

/* Does the mc:Choice name only namespaces marklint reads? */
static int S_requires_ok(const S_loc *l, const S_tag *t)
{
	const S_attr *req = S_attr_q(t, "Requires");
	size_t i = 0, start, d;
	int ok = 1;

	if (!req)
		return 0;
	while (i < req->vlen && ok) {
		while (i < req->vlen && req->v[i] == ' ')
			i++;
		start = i;
		while (i < req->vlen && req->v[i] != ' ')
			i++;
		if (i == start)
			continue;
		/* the prefix's URI, looked up among the declarations in
		 * scope (kept by the locator's scanner), understood as the
		 * reader understands it (ml_xml.c) */
		ok = 0;
		for (d = l->scan->nns; d-- > 0;)
			if (l->scan->ns[d].plen == i - start &&
			    memcmp(l->scan->ns[d].p, req->v + start,
			           i - start) == 0) {
				ok = ml_xml_understood(l->scan->ns[d].u,
				                       l->scan->ns[d].ulen);
				break;
			}
	}
	return ok;
}

static void S_para_done(S_loc *l, S_para *p);

static void S_fld(S_loc *l, const S_tag *t)
{
	const S_attr *a = S_attr_get(t, "fldCharType");

	if (!a)
		return;
	if (S_is(a->v, a->vlen, "begin")) {
		if (l->nfld == sizeof l->fld) {
			l->fld_over++;
			return;
		}
		l->fld[l->nfld++] = 1;
		l->ncode++;
	} else if (S_is(a->v, a->vlen, "separate")) {
		if (l->fld_over || !l->nfld || !l->fld[l->nfld - 1])
			return;
		l->fld[l->nfld - 1] = 0;
		l->ncode--;
	} else if (S_is(a->v, a->vlen, "end")) {
		if (l->fld_over) {
			l->fld_over--;
			return;
		}
		if (l->nfld)
			l->ncode -= l->fld[--l->nfld];
	}
}

static S_run *S_cur_run(S_loc *l)
{
	S_para *p = S_top(l);

	return p && p->cur_run >= 0 ? &p->runs[p->cur_run] : NULL;
}

static void S_new_para(S_loc *l, const S_tag *t)
{
	S_para *p;

	l->count++;
	if (l->npara == sizeof l->para / sizeof l->para[0])
		return;
	p = &l->para[l->npara++];
	memset(p, 0, sizeof *p);
	p->depth = l->depth;
	p->number = l->count;
	p->body = t->end;
	p->close = t->end;
	p->cur_run = p->cur_t = -1;
	p->sp_first = l->a->nsp;
	ml_buf_init(&p->raw, (size_t)-1);
}

static void S_new_run(S_loc *l, const S_tag *t)
{
	S_para *p = S_top(l);
	S_run *r;

	if (!p)
		return;
	if (p->nruns == p->aruns) {
		p->aruns = p->aruns ? 2 * p->aruns : 16;
		p->runs = ml_xrealloc(p->runs, p->aruns * sizeof *p->runs);
	}
	r = &p->runs[p->nruns];
	memset(r, 0, sizeof *r);
	r->start = t->start;
	r->tag_end = r->rpr_start = r->rpr_end = r->end = t->end;
	r->parent = l->starts[l->depth - 1];
	p->cur_run = (int)p->nruns++;
}

static void S_new_t(S_loc *l, const S_tag *t)
{
	S_para *p = S_top(l);
	S_ttag *tt;

	if (!p || p->cur_run < 0)
		return;
	if (p->nts == p->ats) {
		p->ats = p->ats ? 2 * p->ats : 16;
		p->ts = ml_xrealloc(p->ts, p->ats * sizeof *p->ts);
	}
	tt = &p->ts[p->nts];
	tt->gt = t->end - 1;
	tt->preserve = S_attr_q(t, "xml:space") != NULL;
	tt->fixed = 0;
	p->cur_t = (int)p->nts++;
}

/* An element of an earlier marklint comment's anchor: removed. */
static void S_old_anchor(S_loc *l, const S_tag *t, S_kind k)
{
	S_run *r = S_cur_run(l);

	if (!S_is_old(l->a, S_num(S_attr_get(t, "id"))) || !t->empty)
		return;
	if (k == K_CMTREF && r) {
		r->old_ref = 1;
		r->ref_start = t->start;
		r->ref_end = t->end;
		return; /* the run goes, or this element, at the run's end */
	}
	S_splice_add(l->a, t->start, t->end, 0, ml_xstrdup(""));
}

/* mc:AlternateContent and its branches, as ml_xml.c applies them. */
static int S_mce_branch(S_loc *l, const S_tag *t, S_kind k)
{
	S_mce *top = l->nmce ? &l->mce[l->nmce - 1] : NULL;

	if (k == K_MCE_AC) {
		if (l->nmce < sizeof l->mce / sizeof l->mce[0]) {
			l->mce[l->nmce].depth = l->depth;
			l->mce[l->nmce].chosen = 0;
			l->nmce++;
		}
		return 0;
	}
	if (!top || top->depth != l->depth - 1)
		return 0;
	if (S_is(t->local, t->llen, "Choice") && !top->chosen &&
	    S_requires_ok(l, t)) {
		top->chosen = 1;
		return 0;
	}
	if (S_is(t->local, t->llen, "Fallback") && !top->chosen) {
		top->chosen = 1;
		return 0;
	}
	return 1; /* a branch not taken */
}

static void S_loc_start(void *ud, const S_tag *t)
{
	S_loc *l = ud;
	S_kind k;
	S_run *r;

	l->depth++;
	l->starts[l->depth] = t->start;
	if (l->depth == 1)
		l->w_root = S_in_w(t);
	if (l->skip) {
		l->skip++;
		return;
	}
	k = S_kind_of(t);
	l->kinds[l->depth] = (unsigned char)k;
	r = S_cur_run(l);
	if (r && k != K_RPR && k != K_CMTREF)
		r->other = 1;
	switch (k) {
	case K_P: S_new_para(l, t); break;
	case K_R: S_new_run(l, t); break;
	case K_RPR:
		if (r && l->starts[l->depth - 1] == r->start)
			r->rpr_start = t->start;
		l->skip = 1;
		break;
	case K_PPR:
	case K_SKIP: l->skip = 1; break;
	case K_T: S_new_t(l, t); break;
	case K_TAB: S_put(l, "\t", 1, t->start, 0); break;
	case K_BR: S_put(l, "\n", 1, t->start, 0); break;
	case K_HYPHEN: S_put(l, "-", 1, t->start, 0); break;
	case K_FLDCHAR: S_fld(l, t); break;
	case K_CMT:
	case K_CMTREF: S_old_anchor(l, t, k); break;
	case K_MCE_AC:
	case K_MCE_BR:
		if (S_mce_branch(l, t, k))
			l->skip = 1;
		break;
	default: break;
	}
}

static void S_loc_end(void *ud, const S_tag *t)
{
	S_loc *l = ud;
	S_para *p = S_top(l);
	S_run *r = S_cur_run(l);
	S_kind k = (S_kind)l->kinds[l->depth];

	if (l->skip && --l->skip) {
		l->depth--;
		return;
	}
	switch (k) {
	case K_P:
		if (p && p->depth == l->depth) {
			p->close = t->start;
			S_para_done(l, p);
			l->npara--;
		}
		break;
	case K_PPR:
		if (p && p->depth == l->depth - 1)
			p->body = t->end;
		break;
	case K_RPR:
		if (r && r->rpr_start != r->tag_end)
			r->rpr_end = t->end;
		break;
	case K_R:
		if (r) {
			r->end = t->end;
			if (r->old_ref && !r->other)
				S_splice_add(l->a, r->start, r->end, 0,
				             ml_xstrdup(""));
			else if (r->old_ref)
				S_splice_add(l->a, r->ref_start, r->ref_end, 0,
				             ml_xstrdup(""));
			p->cur_run = -1;
		}
		break;
	case K_T:
		if (p)
			p->cur_t = -1;
		break;
	case K_MCE_AC:
		if (l->nmce && l->mce[l->nmce - 1].depth == l->depth)
			l->nmce--;
		break;
	default:
		break;
	}
	l->kinds[l->depth] = K_OTHER;
	l->depth--;
}

static void S_loc_text(void *ud, size_t start, size_t end, int cdata)
{
	S_loc *l = ud;
	S_para *p = S_top(l);

	if (l->skip || !p || p->cur_t < 0 || l->kinds[l->depth] != K_T)
		return;
	S_put(l, l->buf + start, end - start, start, cdata ? 2 : 1);
}

/* --- anchoring a span of a located paragraph --- */

/* Where a span starts or ends in the part: off, and whether the run there
 * must be split (1: inside a w:t's text, 2: between two children of the
 * run) to put an element at off. */
typedef struct S_point {
	size_t off;
	int split;
	int run;
} S_point;

/* Length of raw[0..k) once normalised ((size_t)-1 on bad UTF-8). */
static size_t S_normlen(const ml_buf *raw, size_t k)
{
	size_t n;
	char *t = ml_normalize(raw->ptr, k, &n);

	if (!t)
		return (size_t)-1;
	free(t);
	return n;
}

/* The raw span [*rs, *re) whose normalised text is text[off, off+len), by
 * bisection over character boundaries (normalising a prefix never gets
 * shorter as the prefix grows). Returns 0, or -1 when it does not map. */
static int S_map(const S_para *p, const char *text, size_t off, size_t len,
                 size_t *rs, size_t *re)
{
	const ml_buf *raw = &p->raw;
	size_t *b = ml_xmalloc((raw->size + 1) * sizeof *b), nb = 0, i;
	size_t lo, hi, n;
	char *t;
	int rc = -1;

	for (i = 0; i <= raw->size; i++)
		if (i == raw->size || ((unsigned char)raw->ptr[i] & 0xC0) != 0x80)
			b[nb++] = i;
	/* first boundary j whose character takes the text past off */
	lo = 0;
	hi = nb - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (S_normlen(raw, b[mid + 1]) > off)
			hi = mid;
		else
			lo = mid + 1;
	}
	*rs = b[lo];
	lo = 0;
	hi = nb - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (S_normlen(raw, b[mid]) >= off + len)
			hi = mid;
		else
			lo = mid + 1;
	}
	*re = b[lo];
	if (*re > *rs) {
		t = ml_normalize(raw->ptr + *rs, *re - *rs, &n);
		rc = t && n == len && memcmp(t, text + off, len) == 0 ? 0 : -1;
		free(t);
	}
	free(b);
	return rc;
}

static S_point S_start_point(const S_para *p, size_t i)
{
	S_point pt;

	pt.run = p->run[i];
	if (i == 0 || p->run[i - 1] != pt.run) {
		pt.off = p->runs[pt.run].start;
		pt.split = 0;
	} else {
		pt.off = p->src[i];
		pt.split = p->tix[i] >= 0 ? 1 : 2;
	}
	return pt;
}

static S_point S_end_point(const S_para *p, size_t i)
{
	S_point pt;

	pt.run = p->run[i - 1];
	if (i == p->raw.size || p->run[i] != pt.run) {
		pt.off = p->runs[pt.run].end;
		pt.split = 0;
	} else {
		pt.off = p->src[i];
		pt.split = p->tix[i] >= 0 ? 1 : 2;
	}
	return pt;
}

/* The start tag and properties of run r, to reopen it after a split. */
static void S_run_open(const S_loc *l, const S_para *p, int r, ml_buf *b)
{
	const S_run *run = &p->runs[r];

	(void)ml_buf_put(b, l->buf + run->start, run->tag_end - run->start);
	if (run->rpr_end > run->rpr_start)
		(void)ml_buf_put(b, l->buf + run->rpr_start,
		                 run->rpr_end - run->rpr_start);
}

/* What closes the run before an element put at pt. */
static void S_pre(const S_loc *l, S_point pt, ml_buf *b)
{
	if (pt.split == 1)
		(void)ml_buf_printf(b, "</%.*st>", (int)l->pfxlen, l->pfx);
	if (pt.split)
		(void)ml_buf_printf(b, "</%.*sr>", (int)l->pfxlen, l->pfx);
}

/* What reopens it after. */
static void S_post(const S_loc *l, const S_para *p, S_point pt, ml_buf *b)
{
	if (!pt.split)
		return;
	S_run_open(l, p, pt.run, b);
	if (pt.split == 1)
		(void)ml_buf_printf(b, "<%.*st xml:space=\"preserve\">",
		                    (int)l->pfxlen, l->pfx);
}

/* A w:t split in two keeps its spaces: xml:space="preserve". */
static void S_preserve(S_loc *l, S_para *p, S_point pt, size_t raw_i)
{
	S_ttag *tt;

	if (pt.split != 1 || p->tix[raw_i] < 0)
		return;
	tt = &p->ts[p->tix[raw_i]];
	if (tt->preserve || tt->fixed)
		return;
	tt->fixed = 1;
	S_splice_add(l->a, tt->gt, tt->gt, 0,
	             ml_xstrdup(" xml:space=\"preserve\""));
}

/* --- the deleted half of a proposal --- */

typedef struct S_del {
	const S_loc *l;
	const char *rbuf;  /* the region being rewritten */
	ml_buf out;
	unsigned depth;
	int in_rpr;        /* depth of a w:rPr being copied, 0 if none */
	int bad;
} S_del;

static int S_pfx_is(const S_del *d, const S_tag *t, const char *local)
{
	return t->qlen == d->l->pfxlen + strlen(local) &&
	       memcmp(t->q, d->l->pfx, d->l->pfxlen) == 0 &&
	       memcmp(t->q + d->l->pfxlen, local, strlen(local)) == 0;
}

static void S_del_start(void *ud, const S_tag *t)
{
	static const char *const top[] = {"r", "proofErr", "bookmarkStart",
	                                  "bookmarkEnd", "permStart",
	                                  "permEnd"};
	static const char *const in_run[] = {"rPr", "t", "tab",
	                                     "noBreakHyphen", "softHyphen",
	                                     "lastRenderedPageBreak"};
	S_del *d = ud;
	size_t i, ok = 0;

	d->depth++;
	if (d->in_rpr) {
		ok = 1;
	} else if (d->depth == 1) {
		for (i = 0; i < sizeof top / sizeof top[0]; i++)
			ok |= (size_t)S_pfx_is(d, t, top[i]);
	} else if (d->depth == 2) {
		for (i = 0; i < sizeof in_run / sizeof in_run[0]; i++)
			ok |= (size_t)S_pfx_is(d, t, in_run[i]);
		if (S_pfx_is(d, t, "rPr") && !t->empty)
			d->in_rpr = (int)d->depth;
	}
	if (!ok) {
		d->bad = 1;
		return;
	}
	if (!d->in_rpr && S_pfx_is(d, t, "t")) {
		/* <w:t ...> becomes <w:delText ...>, spaces kept */
		(void)ml_buf_printf(&d->out, "<%.*sdelText", (int)d->l->pfxlen,
		                    d->l->pfx);
		if (!S_attr_q(t, "xml:space"))
			(void)ml_buf_puts(&d->out, " xml:space=\"preserve\"");
		(void)ml_buf_put(&d->out, t->q + t->qlen,
		                 (size_t)(t->end - t->start) - t->qlen - 1);
		return;
	}
	(void)ml_buf_put(&d->out, t->q - 1, t->end - t->start);
}

static void S_del_end(void *ud, const S_tag *t)
{
	S_del *d = ud;

	if (d->in_rpr == (int)d->depth)
		d->in_rpr = 0;
	d->depth--;
	if (t->empty)
		return; /* written with its start */
	if (S_pfx_is(d, t, "t") && !d->in_rpr)
		(void)ml_buf_printf(&d->out, "</%.*sdelText>",
		                    (int)d->l->pfxlen, d->l->pfx);
	else
		(void)ml_buf_put(&d->out, t->q - 2, t->end - t->start);
}

static void S_del_text(void *ud, size_t start, size_t end, int cdata)
{
	S_del *d = ud;

	(void)cdata;
	(void)ml_buf_put(&d->out, d->rbuf + start, end - start);
}

/* The tracked deletion of [s, e): the runs between the two points, their
 * w:t renamed w:delText. Returns 0 and the w:del's content in out, or -1
 * when the span holds anything but plain runs (fields, drawings, runs in
 * other containers): no proposal then. */
static int S_deletion(const S_loc *l, const S_para *p, S_point s, S_point e,
                      ml_buf *out)
{
	ml_buf region;
	S_del d;
	int rc;

	if (p->runs[s.run].parent != p->runs[e.run].parent || e.off <= s.off)
		return -1;
	ml_buf_init(&region, (size_t)-1);
	S_post(l, p, s, &region);
	(void)ml_buf_put(&region, l->buf + s.off, e.off - s.off);
	S_pre(l, e, &region);
	memset(&d, 0, sizeof d);
	d.l = l;
	d.rbuf = region.ptr;
	ml_buf_init(&d.out, (size_t)-1);
	rc = S_scan_run(region.ptr, region.size, &d, S_del_start, S_del_end,
	                S_del_text);
	if (rc == 0 && !d.bad) {
		(void)ml_buf_put(out, d.out.ptr, d.out.size);
	} else {
		rc = -1;
	}
	ml_buf_free(&d.out);
	ml_buf_free(&region);
	return rc;
}

/* --- the comments' anchors --- */

static void S_anchor_starts(const S_loc *l, const S_group *g, ml_buf *b)
{
	size_t i;

	for (i = g->first; i < g->first + g->n; i++)
		(void)ml_buf_printf(b, "<%.*scommentRangeStart %.*sid=\"%ld\"/>",
		                    (int)l->pfxlen, l->pfx, (int)l->pfxlen,
		                    l->pfx, l->a->notes[i].id);
}

static void S_anchor_ends(const S_loc *l, const S_group *g, ml_buf *b)
{
	size_t i;
	int n = (int)l->pfxlen;
	const char *x = l->pfx;

	for (i = g->first; i < g->first + g->n; i++)
		(void)ml_buf_printf(b, "<%.*scommentRangeEnd %.*sid=\"%ld\"/>"
		                    "<%.*sr><%.*scommentReference %.*sid=\"%ld\"/>"
		                    "</%.*sr>", n, x, n, x, l->a->notes[i].id,
		                    n, x, n, x, n, x, l->a->notes[i].id, n, x);
}

/* Does a splice added since index from fall strictly inside (s, e)? */
static int S_crossed(const S_ann *a, size_t from, size_t s, size_t e)
{
	size_t i;

	for (i = from; i < a->nsp; i++)
		if (a->sp[i].off > s && a->sp[i].off < e)
			return 1;
	return 0;
}

/* A proposal: [s, e) replaced by the anchors, w:del and w:ins. */
static int S_propose(S_loc *l, S_para *p, const S_group *g, S_point s,
                     S_point e, size_t from)
{
	ml_buf del, b;
	const S_run *r = &p->runs[s.run];
	int n = (int)l->pfxlen;
	const char *x = l->pfx;

	if (S_crossed(l->a, from, s.off, e.off))
		return -1;
	ml_buf_init(&del, (size_t)-1);
	if (S_deletion(l, p, s, e, &del) < 0) {
		ml_buf_free(&del);
		return -1;
	}
	ml_buf_init(&b, (size_t)-1);
	S_pre(l, s, &b);
	S_anchor_starts(l, g, &b);
	(void)ml_buf_printf(&b, "<%.*sdel %.*sid=\"%ld\" %.*sauthor=\""
	                    S_AUTHOR "\">", n, x, n, x, l->a->next_id++, n, x);
	(void)ml_buf_put(&b, del.ptr, del.size);
	(void)ml_buf_printf(&b, "</%.*sdel><%.*sins %.*sid=\"%ld\" "
	                    "%.*sauthor=\"" S_AUTHOR "\"><%.*sr>", n, x, n, x,
	                    n, x, l->a->next_id++, n, x, n, x);
	if (r->rpr_end > r->rpr_start)
		(void)ml_buf_put(&b, l->buf + r->rpr_start,
		                 r->rpr_end - r->rpr_start);
	(void)ml_buf_printf(&b, "<%.*st xml:space=\"preserve\">", n, x);
	S_escs(&b, g->proposal);
	(void)ml_buf_printf(&b, "</%.*st></%.*sr></%.*sins>", n, x, n, x, n, x);
	S_anchor_ends(l, g, &b);
	S_post(l, p, e, &b);
	S_splice_add(l->a, s.off, e.off, 1, ml_buf_detach(&b, NULL));
	ml_buf_free(&del);
	l->a->st->proposals++;
	return 0;
}

/* Anchors the comments of g in paragraph p: with propose, only as a
 * proposal (returns -1 when that cannot be done: nothing was added);
 * otherwise with comment ranges around the span, or the paragraph. */
static int S_anchor(S_loc *l, S_para *p, const S_group *g, int propose,
                    size_t from)
{
	S_point s, e;
	size_t rs = 0, re = 0;
	int precise = 0;
	ml_buf b;

	if (g->len && p->raw.size &&
	    S_map(p, g->p->text, g->off, g->len, &rs, &re) == 0)
		precise = 1;
	if (precise) {
		s = S_start_point(p, rs);
		e = S_end_point(p, re);
	} else {
		memset(&s, 0, sizeof s);
		memset(&e, 0, sizeof e);
		s.off = p->body;
		e.off = p->close;
	}
	if (propose) {
		if (!precise || S_propose(l, p, g, s, e, from) < 0)
			return -1;
		S_preserve(l, p, s, rs);
		l->a->st->precise += g->n;
		return 0;
	}
	if (precise)
		l->a->st->precise += g->n;
	else
		l->a->st->paragraph += g->n;
	if (precise) {
		S_preserve(l, p, s, rs);
		S_preserve(l, p, e, re);
	}
	ml_buf_init(&b, (size_t)-1);
	S_pre(l, s, &b);
	S_anchor_starts(l, g, &b);
	if (e.off == s.off)
		S_anchor_ends(l, g, &b);
	S_post(l, p, s, &b);
	S_splice_add(l->a, s.off, s.off, 2, ml_buf_detach(&b, NULL));
	if (e.off != s.off) {
		S_pre(l, e, &b);
		S_anchor_ends(l, g, &b);
		S_post(l, p, e, &b);
		S_splice_add(l->a, e.off, e.off, 0, ml_buf_detach(&b, NULL));
	}
	ml_buf_free(&b);
	return 0;
}

static void S_para_free(S_para *p)
{
	ml_buf_free(&p->raw);
	free(p->src);
	free(p->run);
	free(p->tix);
	free(p->runs);
	free(p->ts);
}

static int S_group_para_cmp(const void *key, const void *elt)
{
	uint32_t k = *(const uint32_t *)key;
	const S_group *g = elt;

	return k < g->paragraph ? -1 : k > g->paragraph;
}

static void S_para_done(S_loc *l, S_para *p)
{
	S_ann *a = l->a;
	S_group *g = bsearch(&p->number, a->groups, a->ngroups,
	                     sizeof *a->groups, S_group_para_cmp);
	size_t first, last, i, from = p->sp_first;
	char *norm;
	size_t nlen;
	int same;

	if (g && a->edits) {
		/* edits only: each a tracked change, or left out */
		first = last = (size_t)(g - a->groups);
		while (first > 0 && a->groups[first - 1].paragraph == p->number)
			first--;
		while (last + 1 < a->ngroups &&
		       a->groups[last + 1].paragraph == p->number)
			last++;
		norm = ml_normalize(p->raw.ptr, p->raw.size, &nlen);
		same = norm && nlen == g->p->len &&
		       memcmp(norm, g->p->text, nlen) == 0;
		free(norm);
		for (i = first; i <= last && same; i++)
			if (S_anchor(l, p, &a->groups[i], 1, from) == 0)
				a->groups[i].edit->applied = 1;
	} else if (g) {
		first = last = (size_t)(g - a->groups);
		while (first > 0 && a->groups[first - 1].paragraph == p->number)
			first--;
		while (last + 1 < a->ngroups &&
		       a->groups[last + 1].paragraph == p->number)
			last++;
		/* the text rebuilt must be the portion's, or no span maps */
		norm = ml_normalize(p->raw.ptr, p->raw.size, &nlen);
		same = norm && nlen == g->p->len &&
		       memcmp(norm, g->p->text, nlen) == 0;
		free(norm);
		/* plain anchors first, so a proposal sees what it crosses */
		for (i = first; i <= last; i++) {
			S_group tmp = a->groups[i];
			if (!same)
				tmp.len = 0;
			if (!(a->o->propose && tmp.proposal && same))
				(void)S_anchor(l, p, &tmp, 0, from);
		}
		for (i = first; i <= last; i++) {
			const S_group *t = &a->groups[i];
			if (a->o->propose && t->proposal && same &&
			    S_anchor(l, p, t, 1, from) < 0)
				(void)S_anchor(l, p, t, 0, from);
		}
	}
	S_para_free(p);
}

/* --- applying splices --- */

static int S_splice_cmp(const void *x, const void *y)
{
	const S_splice *a = x, *b = y;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	/* insertions before a replacement that starts there: an old anchor
	 * removed at off must not swallow what is put at off */
	if ((a->end > a->off) != (b->end > b->off))
		return a->end > a->off ? 1 : -1;
	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The part with the splices applied (caller frees); *n its length. */
static char *S_apply(S_ann *a, const char *buf, size_t len, size_t *n)
{
	ml_buf out;
	size_t pos = 0, i;

	if (a->nsp)
		qsort(a->sp, a->nsp, sizeof *a->sp, S_splice_cmp);
	ml_buf_init(&out, (size_t)-1);
	for (i = 0; i < a->nsp; i++) {
		S_splice *s = &a->sp[i];
		if (s->off < pos)
			continue; /* inside a replaced span (never planned) */
		(void)ml_buf_put(&out, buf + pos, s->off - pos);
		(void)ml_buf_puts(&out, s->text);
		pos = s->end > s->off ? s->end : s->off;
	}
	(void)ml_buf_put(&out, buf + pos, len - pos);
	for (i = 0; i < a->nsp; i++)
		free(a->sp[i].text);
	a->nsp = 0;
	return ml_buf_detach(&out, n);
}

/* --- planning: which comment goes where --- */

/* Is the suggestion a marking that can replace the marking's text? */
static const char *S_proposal(const ml_finding *f, const ml_found *m)
{
	ml_marking mk;
	ml_marking_error me;
	const char *s = f->suggestion;

	if (!s || !m || !m->len)
		return NULL;
	if (m->form == ML_FORM_PORTION && s[0] == '(' &&
	    ml_marking_find_portion_mark(s, strlen(s), 0, &mk, &me) ==
	        ML_MARKING_FOUND && mk.off + mk.len == strlen(s))
		return s;
	if (m->form == ML_FORM_BANNER &&
	    ml_marking_parse_banner(s, strlen(s), 0, &mk, &me) ==
	        ML_MARKING_FOUND)
		return s;
	return NULL;
}

static int S_note_cmp(const void *x, const void *y)
{
	const S_note *a = x, *b = y;
	size_t ao = a->elsewhere ? 0 : (a->m ? a->m->off : 0);
	size_t bo = b->elsewhere ? 0 : (b->m ? b->m->off : 0);
	size_t al = a->elsewhere ? 0 : (a->m ? a->m->len : 0);
	size_t bl = b->elsewhere ? 0 : (b->m ? b->m->len : 0);

	if (a->p->paragraph != b->p->paragraph && !a->elsewhere &&
	    !b->elsewhere)
		return a->p->paragraph < b->p->paragraph ? -1 : 1;
	if (a->elsewhere != b->elsewhere)
		return a->elsewhere ? -1 : 1;
	if (ao != bo)
		return ao < bo ? -1 : 1;
	if (al != bl)
		return al < bl ? -1 : 1;
	return a->f < b->f ? -1 : a->f > b->f;
}

static int S_edit_cmp(const void *x, const void *y)
{
	const S_group *a = x, *b = y;

	if (a->paragraph != b->paragraph)
		return a->paragraph < b->paragraph ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return 0;
}

/* ml_annotate_edits: a group per edit of the main part, by paragraph
 * and place; an edit that overlaps the one before is left out. */
static void S_plan_edits(S_ann *a, const char *main_part)
{
	size_t i, o = 0;

	a->groups = ml_xcalloc(a->nedits ? a->nedits : 1, sizeof *a->groups);
	for (i = 0; i < a->nedits; i++) {
		ml_annotate_edit *e = &a->edits[i];
		S_group *g = &a->groups[a->ngroups];
		e->applied = 0;
		e->other_part = e->portion &&
		                strcmp(e->portion->part, main_part) != 0;
		if (!e->portion || e->other_part || !e->len ||
		    e->off + e->len > e->portion->len)
			continue;
		g->paragraph = e->portion->paragraph;
		g->p = e->portion;
		g->off = e->off;
		g->len = e->len;
		g->proposal = e->text;
		g->edit = e;
		a->ngroups++;
	}
	if (a->ngroups)
		qsort(a->groups, a->ngroups, sizeof *a->groups, S_edit_cmp);
	for (i = 0; i < a->ngroups; i++) {
		if (o && a->groups[o - 1].paragraph == a->groups[i].paragraph &&
		    a->groups[o - 1].off + a->groups[o - 1].len >
		        a->groups[i].off)
			continue;
		a->groups[o++] = a->groups[i];
	}
	a->ngroups = o;
}

/* Notes for the reported findings, grouped by span; ids from next_id. */
static void S_plan(S_ann *a, const char *main_part)
{
	const ml_doc *doc = ml_report_doc(a->r);
	const ml_finding *f;
	const ml_found *ms;
	size_t nf = ml_report_findings(a->r, &f), i;
	const ml_portion *home = NULL;

	(void)ml_report_markings(a->r, &ms);
	for (i = 0; i < ml_doc_portion_count(doc) && !home; i++)
		if (strcmp(ml_doc_portion(doc, i)->part, main_part) == 0)
			home = ml_doc_portion(doc, i);
	a->notes = ml_xcalloc(nf ? nf : 1, sizeof *a->notes);
	for (i = 0; i < nf; i++) {
		S_note *n = &a->notes[a->nnotes];
		if (!ml_finding_counts(&f[i], a->min))
			continue;
		n->f = &f[i];
		n->p = ml_doc_portion(doc, f[i].portion);
		n->m = f[i].marking >= 0 ? &ms[f[i].marking] : NULL;
		if (n->m && n->m->portion != f[i].portion)
			n->m = NULL;
		if (strcmp(n->p->part, main_part) != 0) {
			if (!home)
				continue; /* no paragraph to hang it on */
			n->elsewhere = 1;
		}
		a->nnotes++;
	}
	qsort(a->notes, a->nnotes, sizeof *a->notes, S_note_cmp);
	a->groups = ml_xcalloc(a->nnotes ? a->nnotes : 1, sizeof *a->groups);
	for (i = 0; i < a->nnotes; i++) {
		S_note *n = &a->notes[i];
		const ml_portion *p = n->elsewhere ? home : n->p;
		size_t off = n->elsewhere || !n->m ? 0 : n->m->off;
		size_t len = n->elsewhere || !n->m ? 0 : n->m->len;
		S_group *g = a->ngroups ? &a->groups[a->ngroups - 1] : NULL;
		n->id = a->next_id++;
		if (!g || g->paragraph != p->paragraph || g->off != off ||
		    g->len != len || g->p != p) {
			g = &a->groups[a->ngroups++];
			g->paragraph = p->paragraph;
			g->p = p;
			g->off = off;
			g->len = len;
			g->first = i;
			g->n = 0;
			g->proposal = NULL;
		}
		g->n++;
		if (!g->proposal && !n->elsewhere)
			g->proposal = S_proposal(n->f, n->m);
	}
}

/* --- the comments part --- */

static void S_cpara(ml_buf *b, const char *x, int n, int ref,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One paragraph of a comment, its text escaped. */
static void S_cpara(ml_buf *b, const char *x, int n, int ref,
                    const char *fmt, ...)
{
	ml_buf t;
	va_list ap;

	ml_buf_init(&t, (size_t)-1);
	va_start(ap, fmt);
	(void)ml_buf_vprintf(&t, fmt, ap);
	va_end(ap);
	(void)ml_buf_printf(b, "<%.*sp>", n, x);
	if (ref)
		(void)ml_buf_printf(b, "<%.*sr><%.*sannotationRef/></%.*sr>", n,
		                    x, n, x, n, x);
	(void)ml_buf_printf(b, "<%.*sr><%.*st xml:space=\"preserve\">", n, x,
	                    n, x);
	S_esc(b, t.ptr, t.size);
	(void)ml_buf_printf(b, "</%.*st></%.*sr></%.*sp>", n, x, n, x, n, x);
	ml_buf_free(&t);
}

/* The w:comment elements of the notes. Each paragraph starts with a
 * label, and marking text is quoted, so that marklint reading the copy
 * takes none of it for a marking or a restriction. */
static void S_comments(const S_ann *a, const char *x, int n, ml_buf *b)
{
	size_t i;

	for (i = 0; i < a->nnotes; i++) {
		const S_note *no = &a->notes[i];
		const ml_finding *f = no->f;
		const ml_found *m = no->m;
		(void)ml_buf_printf(b, "<%.*scomment %.*sid=\"%ld\" %.*sauthor=\""
		                    S_AUTHOR "\" %.*sinitials=\"ML\">", n, x, n,
		                    x, no->id, n, x, n, x);
		S_cpara(b, x, n, 1, "marklint %s (%s, %s): %s", f->rule->id,
		        ml_severity_name(f->severity),
		        f->disposition ? f->disposition : "review", f->message);
		if (no->elsewhere)
			S_cpara(b, x, n, 0, "Where: %s, paragraph %u (Word "
			        "takes no comments there).", no->p->part,
			        (unsigned)no->p->paragraph);
		if (m && m->citation)
			S_cpara(b, x, n, 0, "Citation found (%s, %s): \xe2\x80\x9c"
			        "%s\xe2\x80\x9d", ml_just_status_name(m->status),
			        ml_where_name(m->where), m->citation);
		else if (m)
			S_cpara(b, x, n, 0, "Citation: missing.");
		if (f->suggestion)
			S_cpara(b, x, n, 0, "Suggested replacement: \xe2\x80\x9c"
			        "%s\xe2\x80\x9d%s", f->suggestion,
			        a->o->propose && !no->elsewhere &&
			        S_proposal(f, m)
			            ? " (proposed as a tracked change)" : "");
		(void)ml_buf_printf(b, "</%.*scomment>", n, x);
	}
}

/* Reading the existing comments part: marklint's own comments. */
typedef struct S_cmts {
	S_ann *a;
	const ml_rules *rs;
	const char *buf;
	int in_comment, in_t, is_ours;
	long id;
	size_t start;
	ml_buf text;          /* the comment's text so far (capped) */
	size_t root_end;      /* offset of the root's end tag */
	int root_empty;       /* <w:comments/> */
	size_t root_gt;       /* the root start tag's end */
	const char *pfx;      /* the root's prefix with ':' */
	size_t pfxlen;
	int w_root;
	unsigned depth;
	long *old;
	size_t nold, aold;
} S_cmts;

static void S_cmts_start(void *ud, const S_tag *t)
{
	S_cmts *c = ud;

	c->depth++;
	if (c->depth == 1) {
		c->w_root = S_w(t, "comments");
		c->pfx = t->q;
		c->pfxlen = t->qlen - t->llen;
		c->root_empty = t->empty;
		c->root_gt = t->end;
		c->root_end = t->start;
	}
	if (S_w(t, "comment") && c->depth == 2) {
		const S_attr *au = S_attr_get(t, "author");
		c->in_comment = 1;
		c->start = t->start;
		c->id = S_num(S_attr_get(t, "id"));
		c->is_ours = au && S_is(au->v, au->vlen, S_AUTHOR);
		ml_buf_clear(&c->text);
		if (c->id >= c->a->next_id)
			c->a->next_id = c->id + 1;
	}
	if (S_w(t, "t"))
		c->in_t = 1;
}

static void S_cmts_text(void *ud, size_t start, size_t end, int cdata)
{
	S_cmts *c = ud;

	if (c->in_comment && c->in_t && c->is_ours)
		S_decode(c->buf + start, end - start, cdata, 0, &c->text, NULL,
		         NULL);
}

/* "marklint RULE-ID (" with a rule of the rule set. */
static int S_ours(const S_cmts *c)
{
	const char *s = c->text.ptr, *sp;
	char id[64];

	if (strncmp(s, "marklint ", 9) != 0)
		return 0;
	sp = strchr(s + 9, ' ');
	if (!sp || (size_t)(sp - s - 9) >= sizeof id)
		return 0;
	memcpy(id, s + 9, (size_t)(sp - s - 9));
	id[sp - s - 9] = '\0';
	return ml_rules_def(c->rs, id) != NULL;
}

static void S_cmts_end(void *ud, const S_tag *t)
{
	S_cmts *c = ud;

	if (S_w(t, "t"))
		c->in_t = 0;
	if (c->depth == 1)
		c->root_end = t->start;
	if (c->depth == 2 && c->in_comment && S_w(t, "comment")) {
		c->in_comment = 0;
		if (c->is_ours && c->id >= 0 && S_ours(c)) {
			S_splice_add(c->a, c->start, t->end, 0, ml_xstrdup(""));
			if (c->nold == c->aold) {
				c->aold = c->aold ? 2 * c->aold : 16;
				c->old = ml_xrealloc(c->old,
				                     c->aold * sizeof *c->old);
			}
			c->old[c->nold++] = c->id;
		}
	}
	c->depth--;
}

/* --- relationships and content types --- */

typedef struct S_pkgx {
	const char *want_type;   /* relationship type looked for */
	char *target;            /* its Target (owned), or NULL */
	long max_rid;            /* highest "rIdN" */
	const char *want_part;   /* content types: "/word/comments.xml" */
	int has_override;
	size_t root_end;         /* offset of the root's end tag */
	size_t root_gt;
	int root_empty;
	int ok_root;
	const char *root_ns;     /* namespace the root must be in */
	unsigned depth;
} S_pkgx;

static int S_ieq(const char *a, size_t n, const char *b)
{
	size_t i;

	if (strlen(b) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

static void S_pkgx_start(void *ud, const S_tag *t)
{
	S_pkgx *x = ud;
	const S_attr *v;

	x->depth++;
	if (x->depth == 1) {
		x->ok_root = t->uri && S_is(t->uri, t->ulen, x->root_ns);
		x->root_gt = t->end;
		x->root_empty = t->empty;
		x->root_end = t->start;
		return;
	}
	if (S_is(t->local, t->llen, "Relationship")) {
		const S_attr *id = S_attr_q(t, "Id");
		v = S_attr_q(t, "Type");
		if (id && id->vlen > 3 && memcmp(id->v, "rId", 3) == 0) {
			S_attr num = *id;
			long n;
			num.v += 3;
			num.vlen -= 3;
			n = S_num(&num);
			if (n > x->max_rid)
				x->max_rid = n;
		}
		if (x->want_type && v && S_is(v->v, v->vlen, x->want_type) &&
		    !x->target && (v = S_attr_q(t, "Target")) != NULL)
			x->target = ml_xstrndup(v->v, v->vlen);
	}
	if (S_is(t->local, t->llen, "Override") && x->want_part &&
	    (v = S_attr_q(t, "PartName")) && S_ieq(v->v, v->vlen, x->want_part))
		x->has_override = 1;
}

static void S_pkgx_end(void *ud, const S_tag *t)
{
	S_pkgx *x = ud;

	if (x->depth == 1)
		x->root_end = t->start;
	x->depth--;
}

/* Inserts ins before the root's end tag of part buf (an empty root gets
 * one). Returns the new part (caller frees). */
static char *S_insert_root(const char *buf, size_t len, const S_pkgx *x,
                           const char *rootq, size_t rootqlen,
                           const char *ins, size_t *n)
{
	ml_buf b;

	ml_buf_init(&b, (size_t)-1);
	if (x->root_empty) {
		/* "<Types .../>": "/>" becomes ">" ins "</Types>" */
		size_t slash = x->root_gt - 2;
		(void)ml_buf_put(&b, buf, slash);
		(void)ml_buf_printf(&b, ">%s</%.*s>", ins, (int)rootqlen, rootq);
		(void)ml_buf_put(&b, buf + x->root_gt, len - x->root_gt);
	} else {
		(void)ml_buf_put(&b, buf, x->root_end);
		(void)ml_buf_puts(&b, ins);
		(void)ml_buf_put(&b, buf + x->root_end, len - x->root_end);
	}
	return ml_buf_detach(&b, n);
}

/* The qualified name of the root element of buf. */
static void S_root_qname(const char *buf, size_t len, const char **q,
                         size_t *qlen)
{
	size_t i = 0;

	*q = "";
	*qlen = 0;
	while (i < len) {
		if (buf[i] == '<' && i + 1 < len && buf[i + 1] != '?' &&
		    buf[i + 1] != '!') {
			size_t k = i + 1;
			while (k < len && buf[k] != '>' && buf[k] != '/' &&
			       buf[k] != ' ' && buf[k] != '\n' &&
			       buf[k] != '\t' && buf[k] != '\r')
				k++;
			*q = buf + i + 1;
			*qlen = k - i - 1;
			return;
		}
		i++;
	}
}

/* dir + target, with "./" and "../" resolved; a leading '/' is from the
 * package root. Caller frees. */
static char *S_resolve_target(const char *dir, const char *target)
{
	ml_buf b;
	char *out;
	const char *s;

	ml_buf_init(&b, (size_t)-1);
	if (target[0] != '/')
		(void)ml_buf_puts(&b, dir);
	else
		target++;
	s = target;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			char *cut;
			if (b.size)
				b.ptr[--b.size] = '\0'; /* its trailing '/' */
			cut = strrchr(b.ptr, '/');
			b.size = cut ? (size_t)(cut - b.ptr) + 1 : 0;
			if (b.asize)
				b.ptr[b.size] = '\0';
		} else if (!(n == 1 && s[0] == '.') && n) {
			(void)ml_buf_put(&b, s, n);
			if (e)
				(void)ml_buf_putc(&b, '/');
		}
		s = e ? e + 1 : s + n;
	}
	out = ml_buf_detach(&b, NULL);
	return out;
}

/* --- the package --- */

/* Reads the entry name (exact, then case-insensitively) into b; 1 when
 * found, 0 when absent, negative on error. */
static int S_read(ml_pkgcopy *pk, const char *name, ml_buf *b,
                  ml_error *err)
{
	int i = ml_pkgcopy_find(pk, name);

	if (i < 0)
		return 0;
	return ml_pkgcopy_read(pk, i, b, err) < 0 ? err->status : 1;
}

/* The main part's name, from _rels/.rels (caller frees). */
static char *S_main_part(ml_pkgcopy *pk, const ml_limits *lim,
                         ml_error *err)
{
	ml_buf b;
	S_pkgx x;
	char *name = NULL;

	memset(&x, 0, sizeof x);
	x.want_type = S_RELNS "officeDocument";
	x.root_ns = "http://schemas.openxmlformats.org/package/2006/"
	            "relationships";
	ml_buf_init(&b, lim->max_part_size);
	if (S_read(pk, "_rels/.rels", &b, err) > 0 &&
	    S_scan_run(b.ptr, b.size, &x, S_pkgx_start, S_pkgx_end, NULL) == 0
	    && x.target)
		name = S_resolve_target("", x.target);
	free(x.target);
	ml_buf_free(&b);
	return name ? name : ml_xstrdup("word/document.xml");
}

/* The state of one annotation (all owned here, freed by S_done). */
typedef struct S_job {
	ml_pkgcopy *pk;
	char *main, *dir, *rels_name, *cmts_name;
	ml_buf doc, rels, cmts, ct;
	S_cmts c;
	S_pkgx rx, cx;
	int has_rels, has_cmts;
} S_job;

static void S_done(S_job *j, S_ann *a)
{
	size_t i;

	for (i = 0; i < a->nsp; i++)
		free(a->sp[i].text);
	free(a->sp);
	free(a->notes);
	free(a->groups);
	free(j->c.old);
	ml_buf_free(&j->c.text);
	free(j->rx.target);
	ml_buf_free(&j->doc);
	ml_buf_free(&j->rels);
	ml_buf_free(&j->cmts);
	ml_buf_free(&j->ct);
	free(j->main);
	free(j->dir);
	free(j->rels_name);
	free(j->cmts_name);
	ml_pkgcopy_free(j->pk);
}

/* Finds the parts and reads the comments part's marklint comments. */
static int S_parts(S_job *j, S_ann *a, const ml_limits *lim, ml_error *err)
{
	const char *slash;
	int rc;

	j->main = S_main_part(j->pk, lim, err);
	slash = strrchr(j->main, '/');
	j->dir = ml_xstrndup(j->main, slash ? (size_t)(slash - j->main) + 1
	                                    : 0);
	ml_buf_init(&j->rels, (size_t)-1);
	(void)ml_buf_printf(&j->rels, "%s_rels/%s.rels", j->dir,
	                    slash ? slash + 1 : j->main);
	j->rels_name = ml_buf_detach(&j->rels, NULL);
	ml_buf_init(&j->doc, lim->max_part_size);
	ml_buf_init(&j->rels, lim->max_part_size);
	ml_buf_init(&j->cmts, lim->max_part_size);
	ml_buf_init(&j->ct, lim->max_part_size);
	if ((rc = S_read(j->pk, j->main, &j->doc, err)) <= 0)
		return rc < 0 ? rc : ml_err(err, ML_EFORMAT, "annotate-no-main",
		                           "%s not found in the package",
		                           j->main);
	if ((rc = S_read(j->pk, "[Content_Types].xml", &j->ct, err)) <= 0)
		return rc < 0 ? rc : ml_err(err, ML_EFORMAT, "annotate-no-main",
		                           "[Content_Types].xml not found");
	j->rx.want_type = S_RELNS "comments";
	j->rx.root_ns = "http://schemas.openxmlformats.org/package/2006/"
	                "relationships";
	if ((rc = S_read(j->pk, j->rels_name, &j->rels, err)) < 0)
		return rc;
	j->has_rels = rc;
	if (j->has_rels && (S_scan_run(j->rels.ptr, j->rels.size, &j->rx,
	                               S_pkgx_start, S_pkgx_end, NULL) < 0 ||
	                    !j->rx.ok_root))
		return ml_err(err, ML_EFORMAT, "xml-malformed",
		             "%s: not a relationships part", j->rels_name);
	if (j->rx.target)
		j->cmts_name = S_resolve_target(j->dir, j->rx.target);
	else {
		ml_buf n;
		ml_buf_init(&n, (size_t)-1);
		(void)ml_buf_printf(&n, "%s%s", j->dir,
		                    ml_pkgcopy_find(j->pk, "word/comments.xml")
		                        >= 0 ? "comments-marklint.xml"
		                             : "comments.xml");
		j->cmts_name = ml_buf_detach(&n, NULL);
	}
	if ((rc = S_read(j->pk, j->cmts_name, &j->cmts, err)) < 0)
		return rc;
	j->has_cmts = rc && j->rx.target;
	j->c.a = a;
	j->c.rs = a->rs;
	j->c.buf = j->cmts.ptr;
	ml_buf_init(&j->c.text, 256);
	if (j->has_cmts &&
	    (S_scan_run(j->cmts.ptr, j->cmts.size, &j->c, S_cmts_start,
	                S_cmts_end, S_cmts_text) < 0 || !j->c.w_root ||
	     !j->c.pfxlen))
		return ml_err(err, ML_EFORMAT, "annotate-unsupported",
		             "%s: not a WordprocessingML comments part with a "
		             "w: prefix", j->cmts_name);
	return 0;
}

/* The main part with the anchors (pass 1: ids, pass 2: splices). */
static int S_main(S_job *j, S_ann *a, char **out, size_t *outlen,
                  ml_error *err)
{
	S_loc *l;
	S_scan s;
	const char *q;
	size_t qlen;
	int rc;

	if (S_scan_run(j->doc.ptr, j->doc.size, a, S_maxid_start, NULL,
	               NULL) < 0)
		return ml_err(err, ML_EFORMAT, "xml-malformed",
		             "%s: cannot be rewritten (not well-formed, or a "
		             "DOCTYPE)", j->main);
	if (a->edits)
		S_plan_edits(a, j->main);
	else
		S_plan(a, j->main);
	S_root_qname(j->doc.ptr, j->doc.size, &q, &qlen);
	l = ml_xcalloc(1, sizeof *l);
	l->a = a;
	l->buf = j->doc.ptr;
	l->len = j->doc.size;
	l->pfx = q;
	l->pfxlen = memchr(q, ':', qlen)
	                ? (size_t)((const char *)memchr(q, ':', qlen) - q) + 1
	                : 0;
	memset(&s, 0, sizeof s);
	s.buf = j->doc.ptr;
	s.len = j->doc.size;
	s.ud = l;
	s.start = S_loc_start;
	s.end = S_loc_end;
	s.text = S_loc_text;
	l->scan = &s;
	rc = S_walk(&s);
	while (l->npara) /* only after a failed walk */
		S_para_free(&l->para[--l->npara]);
	if (!l->pfxlen || !l->w_root)
		rc = -1;
	free(s.ns);
	free(l);
	if (rc < 0)
		return ml_err(err, ML_EFORMAT, "annotate-unsupported",
		             "%s: cannot be rewritten (not well-formed, Strict "
		             "OOXML, or WordprocessingML without a prefix)",
		             j->main);
	*out = S_apply(a, j->doc.ptr, j->doc.size, outlen);
	return 0;
}

/* The comments part: earlier marklint comments out, the new ones in. */
static char *S_comments_part(S_job *j, S_ann *a, S_splice *csp, size_t ncsp,
                             size_t *n)
{
	ml_buf b;
	char *out;

	ml_buf_init(&b, (size_t)-1);
	if (!j->has_cmts) {
		free(csp); /* nothing was read, nothing to splice */
		(void)ncsp;
		(void)ml_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
		                  "standalone=\"yes\"?>\r\n<w:comments xmlns:w=\""
		                  S_W "\">");
		S_comments(a, "w:", 2, &b);
		(void)ml_buf_puts(&b, "</w:comments>");
		return ml_buf_detach(&b, n);
	}
	S_comments(a, j->c.pfx, (int)j->c.pfxlen, &b);
	free(a->sp);
	a->sp = csp;
	a->nsp = a->asp = ncsp;
	if (j->c.root_empty) {
		/* "<w:comments .../>": "/>" becomes ">" ... "</w:comments>" */
		ml_buf t;
		ml_buf_init(&t, (size_t)-1);
		(void)ml_buf_printf(&t, ">%s</%.*scomments>", b.ptr,
		                    (int)j->c.pfxlen, j->c.pfx);
		S_splice_add(a, j->c.root_gt - 2, j->c.root_gt, 1,
		             ml_buf_detach(&t, NULL));
	} else {
		S_splice_add(a, j->c.root_end, j->c.root_end, 1,
		             ml_buf_detach(&b, NULL));
	}
	ml_buf_free(&b);
	out = S_apply(a, j->cmts.ptr, j->cmts.size, n);
	return out;
}

/* The relationship and content type of a new comments part. */
static int S_register(S_job *j, ml_error *err)
{
	ml_buf ins;
	const char *q;
	size_t qlen, n;
	char *part;
	const char *rel = j->cmts_name + strlen(j->dir);

	ml_buf_init(&ins, (size_t)-1);
	if (!j->has_rels) {
		(void)ml_buf_printf(&ins, "<?xml version=\"1.0\" encoding=\"UTF-8\""
		                    " standalone=\"yes\"?>\r\n<Relationships "
		                    "xmlns=\"http://schemas.openxmlformats.org/"
		                    "package/2006/relationships\"><Relationship "
		                    "Id=\"rId1\" Type=\"" S_RELNS "comments\" "
		                    "Target=\"%s\"/></Relationships>", rel);
		part = ml_buf_detach(&ins, &n);
	} else {
		(void)ml_buf_printf(&ins, "<Relationship Id=\"rId%ld\" Type=\""
		                    S_RELNS "comments\" Target=\"%s\"/>",
		                    j->rx.max_rid + 1, rel);
		S_root_qname(j->rels.ptr, j->rels.size, &q, &qlen);
		part = S_insert_root(j->rels.ptr, j->rels.size, &j->rx, q, qlen,
		                     ins.ptr, &n);
	}
	ml_pkgcopy_put(j->pk, j->rels_name, part, n);
	ml_buf_free(&ins);
	memset(&j->cx, 0, sizeof j->cx);
	j->cx.root_ns = "http://schemas.openxmlformats.org/package/2006/"
	                "content-types";
	ml_buf_init(&ins, (size_t)-1);
	(void)ml_buf_printf(&ins, "/%s", j->cmts_name);
	j->cx.want_part = ins.ptr;
	if (S_scan_run(j->ct.ptr, j->ct.size, &j->cx, S_pkgx_start,
	               S_pkgx_end, NULL) < 0 || !j->cx.ok_root) {
		ml_buf_free(&ins);
		return ml_err(err, ML_EFORMAT, "xml-malformed",
		             "[Content_Types].xml: not a content types part");
	}
	if (!j->cx.has_override) {
		ml_buf o;
		ml_buf_init(&o, (size_t)-1);
		(void)ml_buf_printf(&o, "<Override PartName=\"/%s\" "
		                    "ContentType=\"" S_CT_COMMENTS "\"/>",
		                    j->cmts_name);
		S_root_qname(j->ct.ptr, j->ct.size, &q, &qlen);
		part = S_insert_root(j->ct.ptr, j->ct.size, &j->cx, q, qlen,
		                     o.ptr, &n);
		ml_pkgcopy_put(j->pk, "[Content_Types].xml", part, n);
		ml_buf_free(&o);
	}
	ml_buf_free(&ins);
	return 0;
}

int ml_annotate_write(const ml_result *res, FILE *out,
                      const ml_annotate_opts *o, ml_annotate_stats *st,
                      ml_error *err)
{
	const ml_lint_opts *lo = ml_result_opts(res);
	const ml_limits *lim = &lo->limits;
	const void *data;
	size_t len;
	S_job j;
	S_ann a;
	S_splice *csp;
	size_t ncsp, n;
	char *part;
	int rc;

	memset(&j, 0, sizeof j);
	memset(&a, 0, sizeof a);
	memset(st, 0, sizeof *st);
	data = ml_result_input(res, &len);
	if (!ml_result_report(res) || !data)
		return ml_err(err, ML_EUSAGE, "usage", "annotate needs a "
		              "document linted with keep_input");
	if (ml_doc_format(ml_result_doc(res)) != ML_FORMAT_DOCX)
		return ml_err(err, ML_EUSAGE, "annotate-format", "annotate "
		              "writes DOCX and DOCM packages only, and this is "
		              "%s: check it with `marklint check`",
		              ml_format_name(ml_doc_format(ml_result_doc(res))));
	a.r = ml_result_report(res);
	a.rs = lo->rules;
	a.o = o;
	a.min = lo->min_severity;
	a.st = st;
	a.err = err;
	rc = ml_pkgcopy_open(ml_result_path(res), data, len, &j.pk, err);
	if (rc < 0)
		goto cleanup;
	rc = S_parts(&j, &a, lim, err);
	if (rc < 0)
		goto cleanup;
	/* the comments part's splices wait for the main part's */
	csp = a.sp;
	ncsp = a.nsp;
	a.sp = NULL;
	a.nsp = a.asp = 0;
	if (j.c.nold)
		qsort(j.c.old, j.c.nold, sizeof *j.c.old, S_long_cmp);
	a.old = j.c.old;
	a.nold = j.c.nold;
	st->removed = j.c.nold;
	rc = S_main(&j, &a, &part, &n, err);
	if (rc < 0) {
		size_t i;
		for (i = 0; i < ncsp; i++)
			free(csp[i].text);
		free(csp);
		goto cleanup;
	}
	ml_pkgcopy_put(j.pk, j.main, part, n);
	st->comments = a.nnotes;
	part = S_comments_part(&j, &a, csp, ncsp, &n);
	ml_pkgcopy_put(j.pk, j.cmts_name, part, n);
	if (!j.has_cmts && (rc = S_register(&j, err)) < 0)
		goto cleanup;
	rc = ml_pkgcopy_write(j.pk, out, err);
cleanup:
	S_done(&j, &a);
	return rc;
}

int ml_annotate_edits(const char *name, const void *data, size_t len,
                      const ml_doc *doc, const ml_limits *lim,
                      ml_annotate_edit *e, size_t n, FILE *out,
                      ml_annotate_stats *st, ml_error *err)
{
	static const ml_annotate_opts o = {1};
	S_job j;
	S_ann a;
	size_t plen;
	char *part;
	int rc;

	memset(&j, 0, sizeof j);
	memset(&a, 0, sizeof a);
	memset(st, 0, sizeof *st);
	if (ml_doc_format(doc) != ML_FORMAT_DOCX)
		return ml_err(err, ML_EUSAGE, "annotate-format", "tracked "
		              "changes are written in DOCX and DOCM packages "
		              "only, and this is %s",
		              ml_format_name(ml_doc_format(doc)));
	a.o = &o;
	a.st = st;
	a.err = err;
	a.doc = doc;
	a.edits = e;
	a.nedits = n;
	rc = ml_pkgcopy_open(name, data, len, &j.pk, err);
	if (rc < 0)
		goto cleanup;
	j.main = S_main_part(j.pk, lim, err);
	ml_buf_init(&j.doc, lim->max_part_size);
	if ((rc = S_read(j.pk, j.main, &j.doc, err)) <= 0) {
		rc = rc < 0 ? rc : ml_err(err, ML_EFORMAT, "annotate-no-main",
		                          "%s not found in the package", j.main);
		goto cleanup;
	}
	rc = S_main(&j, &a, &part, &plen, err);
	if (rc < 0)
		goto cleanup;
	ml_pkgcopy_put(j.pk, j.main, part, plen);
	rc = ml_pkgcopy_write(j.pk, out, err);
cleanup:
	S_done(&j, &a);
	return rc;
}
