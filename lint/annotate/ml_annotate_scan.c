/* ml_annotate_scan.c - the byte scanner of the annotated copy: tags
 * with their byte spans and resolved namespaces, text spans undecoded,
 * and the escaping and decoding of what it finds. */
#include "ml_annotate_int.h"

#include <stdlib.h>
#include <string.h>

int ml_ann__is(const char *s, size_t n, const char *lit)
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

static void S_resolve(ml_ann_scan *s, ml_ann_tag *t)
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

static void S_declare(ml_ann_scan *s, const ml_ann_attr *a)
{
	ml_ann_nsdecl *d;

	ML_VEC_GROW(s->ns, s->nsalloc, s->nns + 1, 16);
	d = &s->ns[s->nns++];
	d->p = a->qlen > 6 ? a->q + 6 : "";
	d->plen = a->qlen > 6 ? a->qlen - 6 : 0;
	d->u = a->v;
	d->ulen = a->vlen;
}

/* Parses the start tag at s->buf[pos] ('<' then a name). Returns the
 * offset after it, or 0 when it is cut short. */
static size_t S_start_tag(ml_ann_scan *s, size_t pos, ml_ann_tag *t)
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
			ml_ann_attr a;
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
			if (t->na < ML_ANN_MAX_ATTRS)
				t->a[t->na++] = a;
		}
	}
}

/* Walks the whole buffer. Returns 0, or -1 when it is not well formed
 * enough to walk (cut short, too deep). */
int ml_ann__walk(ml_ann_scan *s)
{
	const char *b = s->buf, *e;
	size_t pos = 0, n = s->len, q;
	ml_ann_tag t;

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
			if (s->depth == ML_ANN_MAX_DEPTH)
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

void ml_ann__scan_init(ml_ann_scan *s, const char *buf, size_t len,
                       void *ud, void (*start)(void *, const ml_ann_tag *),
                       void (*end)(void *, const ml_ann_tag *),
                       void (*text)(void *, size_t, size_t, int))
{
	*s = (ml_ann_scan){.buf = buf, .len = len, .ud = ud,
	                   .start = start, .end = end, .text = text};
}

int ml_ann__scan(const char *buf, size_t len, void *ud,
                 void (*start)(void *, const ml_ann_tag *),
                 void (*end)(void *, const ml_ann_tag *),
                 void (*text)(void *, size_t, size_t, int))
{
	ml_ann_scan s;
	int rc;

	ml_ann__scan_init(&s, buf, len, ud, start, end, text);
	rc = ml_ann__walk(&s);
	free(s.ns);
	return rc;
}

int ml_ann__in_w(const ml_ann_tag *t)
{
	return t->uri && ml_ann__is(t->uri, t->ulen, ML_ANN_W);
}

int ml_ann__w(const ml_ann_tag *t, const char *local)
{
	return ml_ann__in_w(t) && ml_ann__is(t->local, t->llen, local);
}

/* The attribute local with the element's own prefix ("w:id" on "w:p"):
 * how WordprocessingML writes its attributes. */
const ml_ann_attr *ml_ann__attr(const ml_ann_tag *t, const char *local)
{
	size_t plen = t->qlen - t->llen, ll = strlen(local);
	int i;

	for (i = 0; i < t->na; i++) {
		const ml_ann_attr *a = &t->a[i];
		if (a->qlen == plen + ll && memcmp(a->q, t->q, plen) == 0 &&
		    memcmp(a->q + plen, local, ll) == 0)
			return a;
	}
	return NULL;
}

/* The attribute of qualified name q (package parts: no prefix). */
const ml_ann_attr *ml_ann__attr_q(const ml_ann_tag *t, const char *q)
{
	int i;

	for (i = 0; i < t->na; i++)
		if (ml_ann__is(t->a[i].q, t->a[i].qlen, q))
			return &t->a[i];
	return NULL;
}

/* A decimal attribute value, or -1. */
long ml_ann__num(const ml_ann_attr *a)
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
void ml_ann__esc(ml_buf *b, const char *s, size_t n)
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

void ml_ann__escs(ml_buf *b, const char *s)
{
	ml_ann__esc(b, s, strlen(s));
}

/* Decodes the XML text s[0..n) (the five entities and character
 * references) into out; src (may be NULL) gets, for each byte out gains,
 * base plus the offset of the character or reference it came from. */
void ml_ann__decode(const char *s, size_t n, int cdata, size_t base,
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
				ML_VEC_GROW(*src, *asrc, out->size + 1, 256);
				(*src)[out->size] = base + i;
			}
			(void)ml_buf_putc(out, tmp[k]);
		}
		i += adv;
	}
}
