/* ml_genxml.c - IC-ISM and generic XML reader: portions by element. */
#include "ml_readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The rules (MARKINGS.md 2):
 *
 * - An element carrying ism:classification is a portion (kept even when
 *   blank, with all its ism: attributes). Its text is all the text inside
 *   it except that of nested ISM portions, which are portions of their own.
 * - Elsewhere (no ISM ancestor), a portion is the outermost element with
 *   direct non-blank text; its text is all the text inside it (mixed
 *   content joined), again except nested ISM portions.
 *
 * Whether an element has direct text may only show at its end tag
 * (<sec><para>a</para> tail</sec>: sec is the portion). So while the
 * outermost generic element (the root) is undecided, the reader records
 * what it sees: the text, in one buffer (XML white space collapsed to one
 * space, so indentation costs nothing), and events at text offsets: ISM
 * portions as they open and close, and tentative generic portions as they
 * end. When an element gets direct text, the tentative portions inside it
 * are dropped (it swallows them). The record is replayed to the builder in
 * document order once the root ends, or as soon as the root itself has
 * direct text (then nothing inside it can be a generic portion and the
 * reader streams). Memory: the text plus a few words per ISM element and
 * per tentative portion; elements without text cost nothing.
 */

enum { S_K_GEN, S_K_ISM, S_K_INNER }; /* what an open element is */

enum { S_EV_GEN_BEGIN, S_EV_GEN_END, S_EV_ISM_BEGIN, S_EV_ISM_END,
       S_EV_PI };

/* Processing instructions <?marklint ...?> (suppressions, read by
 * ml_suppress.c, which names the same strings) are kept as the attribute
 * "marklint:pi" of the portion they sit in; one outside any portion goes
 * to the next portion to begin. */
#define ML_SUPPRESS_PI_TARGET "marklint"
#define ML_SUPPRESS_PI_ATTR "marklint:pi"

typedef struct S_ev {
	uint64_t seq;    /* position in document order (tag counter) */
	size_t off;      /* offset in the text buffer */
	size_t aoff;     /* ISM_BEGIN: offset of its attributes in attrs;
	                    PI: offset of its data in attrs */
	uint32_t line;
	uint32_t nattrs;
	int type;
} S_ev;

/* An open element of the generic region (no ISM ancestor). */
typedef struct S_frame {
	uint64_t seq;    /* of its start tag */
	size_t off;      /* text offset at its start tag */
	uint32_t line;
} S_frame;

#define S_NONE ((size_t)-1)

/* The reader's state (the ml_reader's ud; freed by S_free). */
typedef struct S_gen {
	ml_doc *doc;
	ml_xml *x;
	unsigned char *kinds;  /* kind of each open element */
	size_t depth, akinds;
	S_frame *frames;       /* the open generic elements */
	size_t nframes, aframes;
	size_t claim;          /* outermost frame with direct text, S_NONE */
	size_t ism_open;       /* open ISM portions */
	uint64_t seq;
	ml_buf text;           /* recorded text */
	ml_buf attrs;          /* recorded ISM attributes: name\0value\0 */
	S_ev *ev;              /* recorded events */
	size_t nev, aev;
	int saw_ism;           /* some element carried an ism: attribute */
	ml_buf pis;            /* PI data waiting for the next portion:
	                          data\0data\0... */
	int done;              /* the root has ended */
} S_gen;

static int S_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether events are recorded (1) or go straight to the builder (0). */
static int S_recording(const S_gen *g)
{
	return g->nframes > 0 && g->claim != 0;
}

static void S_stop(S_gen *g)
{
	if (g->x)
		ml_xml_stop(g->x);
}

static int S_limit(S_gen *g)
{
	S_stop(g);
	return ml_doc__fail(g->doc, ML_ELIMIT, "limit-file-size",
	                    "%s: more text than the input size limit allows",
	                    ml_doc__part_name(g->doc));
}

/* Hands n bytes of converted text to the builder or to the record. */
static int S_emit_raw(S_gen *g, int rec, const char *s, size_t n)
{
	if (!rec)
		return ml_doc__text(g->doc, s, n);
	return ml_buf_put(&g->text, s, n) < 0 ? S_limit(g) : 0;
}

/* Sends text with XML white space runs as one space, to the builder or
 * to the record. Text without such runs passes through uncopied. */
static int S_emit_text(S_gen *g, const char *s, size_t len)
{
	int rec = S_recording(g), r;
	int sp = rec && g->text.size && g->text.ptr[g->text.size - 1] == ' ';
	size_t i = 0, from = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c > ' ' || (c == ' ' && !sp) || !S_xml_space((char)c)) {
			sp = c == ' ';
			i++;
			continue;
		}
		/* a tab, CR or LF, or a second space: one space for the run */
		if (i > from && (r = S_emit_raw(g, rec, s + from, i - from)) < 0)
			return r;
		if (!sp && (r = S_emit_raw(g, rec, " ", 1)) < 0)
			return r;
		while (i < len && S_xml_space(s[i]))
			i++;
		sp = 1;
		from = i;
	}
	return i > from ? S_emit_raw(g, rec, s + from, i - from) : 0;
}

static S_ev *S_ev_add(S_gen *g, int type, uint64_t seq, size_t off,
                      uint32_t line)
{
	S_ev *e;

	ML_VEC_GROW(g->ev, g->aev, g->nev + 1, 16);
	e = &g->ev[g->nev++];
	e->type = type;
	e->seq = seq;
	e->off = off;
	e->line = line;
	e->aoff = 0;
	e->nattrs = 0;
	return e;
}

/* Begins a paragraph and gives it the processing instructions that
 * were waiting for one. */
static int S_para_begin(S_gen *g, uint32_t line)
{
	size_t pos = 0, n;
	int r;

	if ((r = ml_doc__para_begin(g->doc, line)) < 0)
		return r;
	while (pos < g->pis.size) {
		n = strlen(g->pis.ptr + pos);
		if ((r = ml_doc__attr(g->doc, ML_SUPPRESS_PI_ATTR,
		                      g->pis.ptr + pos, n)) < 0)
			return r;
		pos += n + 1;
	}
	ml_buf_clear(&g->pis);
	return 0;
}

/* A processing instruction reaches the builder: it goes to the open
 * paragraph, or waits for the next. */
static int S_pi_direct(S_gen *g, const char *data, size_t n)
{
	if (ml_doc__para_depth(g->doc) > 0)
		return ml_doc__attr(g->doc, ML_SUPPRESS_PI_ATTR, data, n);
	if (ml_buf_put(&g->pis, data, n) < 0 || ml_buf_put(&g->pis, "", 1) < 0)
		return S_limit(g);
	return 0;
}

/* Adds the ism: attributes of an element to the open paragraph. */
static int S_attrs_direct(S_gen *g, const ml_xattr *a, int na)
{
	char name[256];
	int i, r;

	for (i = 0; i < na; i++) {
		if (a[i].ns != ML_NS_ISM)
			continue;
		snprintf(name, sizeof name, "ism:%s", a[i].local);
		r = ml_doc__attr(g->doc, name, a[i].value, a[i].vlen);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Records the ism: attributes as name\0value\0 pairs. */
static int S_attrs_record(S_gen *g, S_ev *e, const ml_xattr *a, int na)
{
	int i;

	e->aoff = g->attrs.size;
	for (i = 0; i < na; i++) {
		if (a[i].ns != ML_NS_ISM)
			continue;
		if (ml_buf_puts(&g->attrs, "ism:") < 0 ||
		    ml_buf_put(&g->attrs, a[i].local, strlen(a[i].local) + 1) < 0 ||
		    ml_buf_put(&g->attrs, a[i].value, a[i].vlen) < 0 ||
		    ml_buf_put(&g->attrs, "", 1) < 0)
			return S_limit(g);
		e->nattrs++;
	}
	return 0;
}

static int S_ism_begin(S_gen *g, const ml_xattr *a, int na, uint32_t line)
{
	int r;

	g->ism_open++;
	if (S_recording(g))
		return S_attrs_record(g, S_ev_add(g, S_EV_ISM_BEGIN, g->seq,
		                                  g->text.size, line), a, na);
	if ((r = S_para_begin(g, line)) < 0)
		return r;
	return S_attrs_direct(g, a, na);
}

static int S_ism_end(S_gen *g)
{
	g->ism_open--;
	if (S_recording(g)) {
		S_ev_add(g, S_EV_ISM_END, g->seq, g->text.size, 0);
		return 0;
	}
	return ml_doc__para_end(g->doc, 1);
}

/* Replays one recorded event to the builder. */
static int S_replay_ev(S_gen *g, const S_ev *e)
{
	const char *p;
	uint32_t i;
	int r;

	switch (e->type) {
	case S_EV_GEN_BEGIN:
		return S_para_begin(g, e->line);
	case S_EV_PI:
		p = g->attrs.ptr + e->aoff;
		return S_pi_direct(g, p, strlen(p));
	case S_EV_GEN_END:
		return ml_doc__para_end(g->doc, 0);
	case S_EV_ISM_END:
		return ml_doc__para_end(g->doc, 1);
	default:
		break;
	}
	if ((r = S_para_begin(g, e->line)) < 0)
		return r;
	p = g->attrs.ptr + e->aoff;
	for (i = 0; i < e->nattrs; i++) {
		const char *v = p + strlen(p) + 1;
		size_t vlen = strlen(v);

		if ((r = ml_doc__attr(g->doc, p, v, vlen)) < 0)
			return r;
		p = v + vlen + 1;
	}
	return 0;
}

static int S_ev_cmp(const void *a, const void *b)
{
	const S_ev *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Replays the record in document order and empties it. */
static int S_replay(S_gen *g)
{
	size_t i, cur = 0;
	int r = 0;

	if (g->nev)
		qsort(g->ev, g->nev, sizeof *g->ev, S_ev_cmp);
	for (i = 0; i < g->nev && r >= 0; i++) {
		const S_ev *e = &g->ev[i];

		if (e->off > cur)
			r = ml_doc__text(g->doc, g->text.ptr + cur, e->off - cur);
		cur = e->off;
		if (r >= 0)
			r = S_replay_ev(g, e);
	}
	if (r >= 0 && g->text.size > cur)
		r = ml_doc__text(g->doc, g->text.ptr + cur, g->text.size - cur);
	g->nev = 0;
	ml_buf_clear(&g->text);
	ml_buf_clear(&g->attrs);
	return r;
}

/* Frame t got direct text: it swallows the tentative portions recorded
 * inside it (the events after its start tag are a suffix of the record);
 * ISM portions inside stay. The root, undecidable no more, is opened in
 * the builder and the record replayed into it. */
static int S_claim(S_gen *g, size_t t)
{
	size_t i, j;
	int r;

	for (i = g->nev; i > 0 && g->ev[i - 1].seq > g->frames[t].seq; i--)
		;
	for (j = i; i < g->nev; i++)
		if (g->ev[i].type == S_EV_ISM_BEGIN ||
		    g->ev[i].type == S_EV_ISM_END || g->ev[i].type == S_EV_PI)
			g->ev[j++] = g->ev[i];
	g->nev = j;
	g->claim = t;
	if (t != 0)
		return 0;
	if ((r = S_para_begin(g, g->frames[0].line)) < 0)
		return r;
	return S_replay(g);
}

static int S_has_nonblank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!S_xml_space(s[i]))
			return 1;
	return 0;
}

static void S_text(void *ud, const char *s, size_t len)
{
	S_gen *g = ud;
	int r = 0;

	if (g->done || g->depth == 0 || ml_doc__failed(g->doc))
		return;
	if (g->kinds[g->depth - 1] == S_K_GEN && g->claim == S_NONE &&
	    S_has_nonblank(s, len))
		r = S_claim(g, g->nframes - 1);
	if (r >= 0)
		r = S_emit_text(g, s, len);
	if (r < 0)
		S_stop(g);
}

/* Kind of a new element, from its attributes (and notes ism: ones). */
static int S_kind(S_gen *g, const ml_xattr *a, int na)
{
	int i, ism = 0;

	for (i = 0; i < na; i++) {
		if (a[i].ns != ML_NS_ISM)
			continue;
		g->saw_ism = 1;
		if (!strcmp(a[i].local, "classification"))
			ism = 1;
	}
	if (ism)
		return S_K_ISM;
	return g->ism_open ? S_K_INNER : S_K_GEN;
}

static void S_push_frame(S_gen *g, uint32_t line)
{
	S_frame *f;

	ML_VEC_GROW(g->frames, g->aframes, g->nframes + 1, 16);
	f = &g->frames[g->nframes++];
	f->seq = g->seq;
	f->off = g->text.size;
	f->line = line;
}

static void S_start(void *ud, ml_ns ns, const char *local,
                    const ml_xattr *attrs, int nattrs, uint32_t line)
{
	S_gen *g = ud;
	int kind, r = 0;

	if (g->done || ml_doc__failed(g->doc))
		return;
	ML_VEC_GROW(g->kinds, g->akinds, g->depth + 1, 32);
	g->seq++;
	kind = S_kind(g, attrs, nattrs);
	g->kinds[g->depth++] = (unsigned char)kind;
	if (kind == S_K_ISM)
		r = S_ism_begin(g, attrs, nattrs, line);
	else if (kind == S_K_GEN)
		S_push_frame(g, line);
	if (r < 0)
		S_stop(g);
}

/* A generic element ends: it is a portion when it holds the claim. */
static int S_gen_end(S_gen *g)
{
	size_t t = g->nframes - 1;
	int r = 0;

	if (g->claim == t) {
		g->claim = S_NONE;
		if (t == 0) {
			r = ml_doc__para_end(g->doc, 0);
		} else {
			S_ev_add(g, S_EV_GEN_BEGIN, g->frames[t].seq,
			         g->frames[t].off, g->frames[t].line);
			S_ev_add(g, S_EV_GEN_END, g->seq, g->text.size, 0);
		}
	}
	g->nframes--;
	if (g->nframes == 0 && r >= 0)
		r = S_replay(g);
	return r;
}

static void S_end(void *ud, ml_ns ns, const char *local)
{
	S_gen *g = ud;
	int kind, r = 0;

	if (g->done || g->depth == 0 || ml_doc__failed(g->doc))
		return;
	g->seq++;
	kind = g->kinds[--g->depth];
	if (kind == S_K_ISM)
		r = S_ism_end(g);
	else if (kind == S_K_GEN)
		r = S_gen_end(g);
	if (r < 0) {
		S_stop(g);
		return;
	}
	if (g->depth == 0) {
		g->done = 1;
		ml_doc__set_format(g->doc, g->saw_ism ? ML_FORMAT_ISM_XML
		                                      : ML_FORMAT_XML);
	}
}

/* <?marklint ...?>: recorded at its place in document order, or handed
 * to the builder. After the root there is no portion left for it. */
static void S_pi(void *ud, const char *target, const char *data)
{
	S_gen *g = ud;
	size_t n = data ? strlen(data) : 0;
	S_ev *e;
	int r;

	if (g->done || ml_doc__failed(g->doc) || !target ||
	    strcmp(target, ML_SUPPRESS_PI_TARGET) != 0)
		return;
	if (g->depth && S_recording(g)) {
		e = S_ev_add(g, S_EV_PI, ++g->seq, g->text.size, 0);
		e->aoff = g->attrs.size;
		if (ml_buf_put(&g->attrs, data ? data : "", n) < 0 ||
		    ml_buf_put(&g->attrs, "", 1) < 0)
			S_limit(g);
		return;
	}
	if ((r = S_pi_direct(g, data ? data : "", n)) < 0)
		S_stop(g);
}

static int S_finish(void *ud)
{
	S_gen *g = ud;

	if (ml_doc__failed(g->doc))
		return ml_doc__err(g->doc)->status;
	return 0;
}

static void S_free(void *ud)
{
	S_gen *g = ud;

	if (!g)
		return;
	free(g->kinds);
	free(g->frames);
	free(g->ev);
	ml_buf_free(&g->text);
	ml_buf_free(&g->attrs);
	ml_buf_free(&g->pis);
	free(g);
}

static const ml_reader S_reader = {
	{S_start, S_end, S_text, S_pi, NULL}, NULL, S_finish, S_free
};

void ml_genxml_reader(ml_doc *doc, ml_xml *x, const char *part,
                      ml_reader *out)
{
	const ml_limits *lim = ml_doc__limits(doc);
	S_gen *g = ml_xcalloc(1, sizeof *g);
	uint64_t cap = lim->max_file_size + lim->max_entity_expansion;

	if (cap < lim->max_file_size || cap > SIZE_MAX / 2)
		cap = SIZE_MAX / 2;
	g->doc = doc;
	g->x = x;
	g->claim = S_NONE;
	ml_buf_init(&g->text, (size_t)cap);
	ml_buf_init(&g->attrs, (size_t)cap);
	ml_buf_init(&g->pis, (size_t)cap);
	ml_doc__part(doc, part);
	*out = S_reader;
	out->ud = g;
}
