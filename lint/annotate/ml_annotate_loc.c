/* ml_annotate_loc.c - the paragraph locator of the annotated copy: walks
 * the main part as the reader does (ml_wml.c), finds the paragraphs the
 * plan comments on, and adds the splices for the comment anchors and the
 * proposed changes. */
#include "ml_annotate_int.h"
#include "ml_readers.h"

#include <stdlib.h>
#include <string.h>
/* --- the main part, pass 1: the highest w:id in use --- */

void ml_ann__maxid_start(void *ud, const ml_ann_tag *t)
{
	ml_ann *a = ud;
	long v;

	if (!ml_ann__in_w(t))
		return;
	v = ml_ann__num(ml_ann__attr(t, "id"));
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
	ml_ann *a;
	const char *buf;
	size_t len;
	const char *pfx;        /* the w: prefix with its colon, e.g. "w:" */
	size_t pfxlen;
	unsigned depth, skip;
	unsigned char kinds[ML_ANN_MAX_DEPTH + 1];
	/* the start offset of each open element */
	size_t starts[ML_ANN_MAX_DEPTH + 1];
	S_para para[32];
	unsigned npara;
	uint32_t count;         /* paragraphs numbered so far */
	unsigned char fld[64];
	unsigned nfld, fld_over, ncode;
	S_mce mce[32];
	unsigned nmce;
	ml_ann_scan *scan;           /* the scanner walking the part */
	int w_root;             /* the root is in the w: namespace */
} S_loc;

static S_para *S_top(S_loc *l)
{
	return l->npara ? &l->para[l->npara - 1] : NULL;
}

static S_kind S_kind_of(const ml_ann_tag *t)
{
	size_t i;

	if (t->uri && ml_ann__is(t->uri, t->ulen, ML_ANN_MC)) {
		if (ml_ann__is(t->local, t->llen, "AlternateContent"))
			return K_MCE_AC;
		if (ml_ann__is(t->local, t->llen, "Choice") ||
		    ml_ann__is(t->local, t->llen, "Fallback"))
			return K_MCE_BR;
		return K_OTHER;
	}
	if (!ml_ann__in_w(t))
		return K_OTHER;
	for (i = 0; i < sizeof S_kinds / sizeof S_kinds[0]; i++)
		if (ml_ann__is(t->local, t->llen, S_kinds[i].name))
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
		ml_ann__decode(s, n, inT == 2, off, &p->raw, &p->src, &p->asrc);
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
static int S_requires_ok(const S_loc *l, const ml_ann_tag *t)
{
	const ml_ann_attr *req = ml_ann__attr_q(t, "Requires");
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

static void S_fld(S_loc *l, const ml_ann_tag *t)
{
	const ml_ann_attr *a = ml_ann__attr(t, "fldCharType");

	if (!a)
		return;
	if (ml_ann__is(a->v, a->vlen, "begin")) {
		if (l->nfld == sizeof l->fld) {
			l->fld_over++;
			return;
		}
		l->fld[l->nfld++] = 1;
		l->ncode++;
	} else if (ml_ann__is(a->v, a->vlen, "separate")) {
		if (l->fld_over || !l->nfld || !l->fld[l->nfld - 1])
			return;
		l->fld[l->nfld - 1] = 0;
		l->ncode--;
	} else if (ml_ann__is(a->v, a->vlen, "end")) {
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

static void S_new_para(S_loc *l, const ml_ann_tag *t)
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

static void S_new_run(S_loc *l, const ml_ann_tag *t)
{
	S_para *p = S_top(l);
	S_run *r;

	if (!p)
		return;
	ML_VEC_GROW(p->runs, p->aruns, p->nruns + 1, 16);
	r = &p->runs[p->nruns];
	memset(r, 0, sizeof *r);
	r->start = t->start;
	r->tag_end = r->rpr_start = r->rpr_end = r->end = t->end;
	r->parent = l->starts[l->depth - 1];
	p->cur_run = (int)p->nruns++;
}

static void S_new_t(S_loc *l, const ml_ann_tag *t)
{
	S_para *p = S_top(l);
	S_ttag *tt;

	if (!p || p->cur_run < 0)
		return;
	ML_VEC_GROW(p->ts, p->ats, p->nts + 1, 16);
	tt = &p->ts[p->nts];
	tt->gt = t->end - 1;
	tt->preserve = ml_ann__attr_q(t, "xml:space") != NULL;
	tt->fixed = 0;
	p->cur_t = (int)p->nts++;
}

/* An element of an earlier marklint comment's anchor: removed. */
static void S_old_anchor(S_loc *l, const ml_ann_tag *t, S_kind k)
{
	S_run *r = S_cur_run(l);

	if (!ml_ann__is_old(l->a, ml_ann__num(ml_ann__attr(t, "id"))) ||
	    !t->empty)
		return;
	if (k == K_CMTREF && r) {
		r->old_ref = 1;
		r->ref_start = t->start;
		r->ref_end = t->end;
		return; /* the run goes, or this element, at the run's end */
	}
	ml_ann__splice_add(l->a, t->start, t->end, 0, ml_xstrdup(""));
}

/* mc:AlternateContent and its branches, as ml_xml.c applies them. */
static int S_mce_branch(S_loc *l, const ml_ann_tag *t, S_kind k)
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
	if (ml_ann__is(t->local, t->llen, "Choice") && !top->chosen &&
	    S_requires_ok(l, t)) {
		top->chosen = 1;
		return 0;
	}
	if (ml_ann__is(t->local, t->llen, "Fallback") && !top->chosen) {
		top->chosen = 1;
		return 0;
	}
	return 1; /* a branch not taken */
}

static void S_loc_start(void *ud, const ml_ann_tag *t)
{
	S_loc *l = ud;
	S_kind k;
	S_run *r;

	l->depth++;
	l->starts[l->depth] = t->start;
	if (l->depth == 1)
		l->w_root = ml_ann__in_w(t);
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

static void S_loc_end(void *ud, const ml_ann_tag *t)
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
				ml_ann__splice_add(l->a, r->start, r->end, 0,
				                   ml_xstrdup(""));
			else if (r->old_ref)
				ml_ann__splice_add(l->a, r->ref_start,
				                   r->ref_end, 0, ml_xstrdup(""));
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

/* The point before raw byte i in run: at the run's edge (offset edge)
 * when i is where the run begins or ends, else a split of the run. */
static S_point S_point_at(const S_para *p, size_t i, int run, int at_edge,
                          size_t edge)
{
	S_point pt;

	pt.run = run;
	if (at_edge) {
		pt.off = edge;
		pt.split = 0;
	} else {
		pt.off = p->src[i];
		pt.split = p->tix[i] >= 0 ? 1 : 2;
	}
	return pt;
}

static S_point S_start_point(const S_para *p, size_t i)
{
	int run = p->run[i];

	return S_point_at(p, i, run, i == 0 || p->run[i - 1] != run,
	                  p->runs[run].start);
}

static S_point S_end_point(const S_para *p, size_t i)
{
	int run = p->run[i - 1];

	return S_point_at(p, i, run, i == p->raw.size || p->run[i] != run,
	                  p->runs[run].end);
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
	ml_ann__splice_add(l->a, tt->gt, tt->gt, 0,
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

static int S_pfx_is(const S_del *d, const ml_ann_tag *t, const char *local)
{
	return t->qlen == d->l->pfxlen + strlen(local) &&
	       memcmp(t->q, d->l->pfx, d->l->pfxlen) == 0 &&
	       memcmp(t->q + d->l->pfxlen, local, strlen(local)) == 0;
}

static void S_del_start(void *ud, const ml_ann_tag *t)
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
		if (!ml_ann__attr_q(t, "xml:space"))
			(void)ml_buf_puts(&d->out, " xml:space=\"preserve\"");
		(void)ml_buf_put(&d->out, t->q + t->qlen,
		                 (size_t)(t->end - t->start) - t->qlen - 1);
		return;
	}
	(void)ml_buf_put(&d->out, t->q - 1, t->end - t->start);
}

static void S_del_end(void *ud, const ml_ann_tag *t)
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
	rc = ml_ann__scan(region.ptr, region.size, &d, S_del_start, S_del_end,
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

static void S_anchor_starts(const S_loc *l, const ml_ann_group *g, ml_buf *b)
{
	size_t i;

	for (i = g->first; i < g->first + g->n; i++)
		(void)ml_buf_printf(b, "<%.*scommentRangeStart %.*sid=\"%ld\"/>",
		                    (int)l->pfxlen, l->pfx, (int)l->pfxlen,
		                    l->pfx, l->a->notes[i].id);
}

static void S_anchor_ends(const S_loc *l, const ml_ann_group *g, ml_buf *b)
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
static int S_crossed(const ml_ann *a, size_t from, size_t s, size_t e)
{
	size_t i;

	for (i = from; i < a->nsp; i++)
		if (a->sp[i].off > s && a->sp[i].off < e)
			return 1;
	return 0;
}

/* A proposal: [s, e) replaced by the anchors, w:del and w:ins. */
static int S_propose(S_loc *l, S_para *p, const ml_ann_group *g, S_point s,
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
	                    ML_ANN_AUTHOR "\">", n, x, n, x, l->a->next_id++,
	                    n, x);
	(void)ml_buf_put(&b, del.ptr, del.size);
	(void)ml_buf_printf(&b, "</%.*sdel><%.*sins %.*sid=\"%ld\" "
	                    "%.*sauthor=\"" ML_ANN_AUTHOR "\"><%.*sr>", n, x,
	                    n, x, n, x, l->a->next_id++, n, x, n, x);
	if (r->rpr_end > r->rpr_start)
		(void)ml_buf_put(&b, l->buf + r->rpr_start,
		                 r->rpr_end - r->rpr_start);
	(void)ml_buf_printf(&b, "<%.*st xml:space=\"preserve\">", n, x);
	ml_ann__escs(&b, g->proposal);
	(void)ml_buf_printf(&b, "</%.*st></%.*sr></%.*sins>", n, x, n, x, n, x);
	S_anchor_ends(l, g, &b);
	S_post(l, p, e, &b);
	ml_ann__splice_add(l->a, s.off, e.off, 1, ml_buf_detach(&b, NULL));
	ml_buf_free(&del);
	l->a->st->proposals++;
	return 0;
}

/* Anchors the comments of g in paragraph p: with propose, only as a
 * proposal (returns -1 when that cannot be done: nothing was added);
 * otherwise with comment ranges around the span, or the paragraph. */
static int S_anchor(S_loc *l, S_para *p, const ml_ann_group *g, int propose,
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
	ml_ann__splice_add(l->a, s.off, s.off, 2, ml_buf_detach(&b, NULL));
	if (e.off != s.off) {
		S_pre(l, e, &b);
		S_anchor_ends(l, g, &b);
		S_post(l, p, e, &b);
		ml_ann__splice_add(l->a, e.off, e.off, 0,
		                   ml_buf_detach(&b, NULL));
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
	const ml_ann_group *g = elt;

	return k < g->paragraph ? -1 : k > g->paragraph;
}

static void S_para_done(S_loc *l, S_para *p)
{
	ml_ann *a = l->a;
	ml_ann_group *g = bsearch(&p->number, a->groups, a->ngroups,
	                          sizeof *a->groups, S_group_para_cmp);
	size_t first, last, i, from = p->sp_first;
	char *norm;
	size_t nlen;
	int same;

	if (!g) {
		S_para_free(p);
		return;
	}
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
	if (a->edits) {
		/* edits only: each a tracked change, or left out */
		for (i = first; i <= last && same; i++)
			if (S_anchor(l, p, &a->groups[i], 1, from) == 0)
				a->groups[i].edit->applied = 1;
		S_para_free(p);
		return;
	}
	/* plain anchors first, so a proposal sees what it crosses */
	for (i = first; i <= last; i++) {
		ml_ann_group tmp = a->groups[i];
		if (!same)
			tmp.len = 0;
		if (!(a->o->propose && tmp.proposal && same))
			(void)S_anchor(l, p, &tmp, 0, from);
	}
	for (i = first; i <= last; i++) {
		const ml_ann_group *t = &a->groups[i];
		if (a->o->propose && t->proposal && same &&
		    S_anchor(l, p, t, 1, from) < 0)
			(void)S_anchor(l, p, t, 0, from);
	}
	S_para_free(p);
}

int ml_ann__locate(ml_ann *a, const char *buf, size_t len,
                   const char *q, size_t qlen)
{
	S_loc *l;
	ml_ann_scan s;
	const char *colon = memchr(q, ':', qlen);
	int rc;

	l = ml_xcalloc(1, sizeof *l);
	l->a = a;
	l->buf = buf;
	l->len = len;
	l->pfx = q;
	l->pfxlen = colon ? (size_t)(colon - q) + 1 : 0;
	ml_ann__scan_init(&s, buf, len, l, S_loc_start, S_loc_end,
	                  S_loc_text);
	l->scan = &s;
	rc = ml_ann__walk(&s);
	while (l->npara) /* only after a failed walk */
		S_para_free(&l->para[--l->npara]);
	if (!l->pfxlen || !l->w_root)
		rc = -1;
	free(s.ns);
	free(l);
	return rc;
}
