/* ml_pdflayout.c - the PDF reader child's output, checked and laid out
 * into portions (see ml_pdf.h and ml_pdfwire.h).
 *
 * The running headers and footers can only be told once all pages are
 * in, so receiving keeps every line with its box (a few dozen bytes a
 * line), but not in memory: as each page ends, its lines, annotations and
 * text go as one block to a store that moves to an unlinked temporary
 * file each time it holds S_SPILL bytes, and only the key of each line in
 * a page's top or bottom band stays in memory (S_cand). Memory is then a
 * page's lines and a few dozen bytes a page, however long the document
 * (a 4,000-page PDF took 68 MiB under check before). Where no temporary
 * file can be made or written, the store stays in memory. Laying out
 * then reads the pages back one at a time, and streams the portions
 * (ml_doc__stream): under check, each goes to the checker as it is made
 * and is let go unless the report needs it, so the document model does
 * not keep every page's either:
 *
 *  - running lines: a line in the top or bottom 15% of its page whose
 *    text (digits and roman numerals read as '#') recurs in the same band
 *    of at least 40% of the pages, and of two pages at least. Each is a
 *    portion of its own, so a banner line is a whole portion, with the
 *    attribute ML_ATTR_RUNNING ("header" or "footer");
 *  - paragraphs: the other lines, in poppler's reading order; a line
 *    starts a new paragraph when it begins with a portion mark
 *    (ml_pmark_scan, as the text reader), or a bullet, or is a banner
 *    line or follows one, moves up or sideways (a new column or cell),
 *    leaves a gap taller than the page's usual line spacing, changes font
 *    size, or follows a short line that ends a sentence or is a bold
 *    heading; a bullet or list number alone ("ii.") leads the item on its
 *    row;
 *  - lines are joined with a space; a hyphen at the end of a line is
 *    undone between two lower-case letters ("sub-" "compartment"), kept
 *    without a space before a capital or digit ("SI-" "G", "non-" "IC"),
 *    and a line ending in '/' joins without a space ("SECRET//" "NOFORN");
 *  - annotations with text are comments: each is tied to the paragraph it
 *    covers (or the nearest one on its page) by a reference, and its text
 *    is a portion owned by the comment.
 */
#define _GNU_SOURCE 1 /* mkostemp(O_CLOEXEC): the store's file must not
                         leak into a reader child spawned meanwhile */
#include "ml_hash.h"
#include "ml_pdf.h"
#include "ml_pdfwire.h"
#include "ml_pmark.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_RECORD_MAX ((uint64_t)64 << 20) /* one record, whatever the caps */
#define S_BAND 0.15            /* top and bottom bands of a page */
#define S_ANNOTS_TIED 1000     /* annotations per page tied to paragraphs */
#define S_NONE ((size_t)-1)
#define S_SPILL ((size_t)1 << 20) /* bytes of pages kept before a spill */

enum { R_BODY, R_HEAD, R_FOOT };
enum { ST_START, ST_DOC, ST_ENDED };

typedef struct S_line {
	int32_t x0, y0, x1, y1, size;
	size_t off, len;       /* text in p->text */
	unsigned char flags;   /* ML_PDFW_BOLD */
	unsigned char role;    /* R_BODY, R_HEAD, R_FOOT */
} S_line;

typedef struct S_annot {
	int32_t x0, y0, x1, y1;
	size_t off, len;
	size_t para;           /* the body paragraph it is tied to, or S_NONE */
	unsigned char kind;
} S_annot;

/* A page. Its lines and annotations are p->lines and p->annots (from 0:
 * first_line and first_annot are 0) while it is received and while it is
 * laid out; in between they are a block of the store at offset at: the
 * nlines S_line, the nannots S_annot, then ntext bytes of text. */
typedef struct S_page {
	int32_t w, h;
	size_t first_line, nlines;
	size_t first_annot, nannots;
	uint64_t at;
	size_t ntext;
	size_t first_cand, ncand; /* its lines in a band: p->cands */
} S_page;

/* A line in the top or bottom band of its page: a candidate running
 * line. */
typedef struct S_cand {
	uint64_t key;
	size_t page, line;     /* line: its index on the page */
	size_t at;             /* its index in p->cands */
	unsigned char band;    /* R_HEAD or R_FOOT */
	unsigned char running;
} S_cand;

/* The pages' blocks: bytes [0, spilled) in the file f, the rest in mem. */
typedef struct S_store {
	FILE *f;               /* unlinked temporary file; NULL until needed */
	int no_file;           /* none could be made or written: memory only */
	uint64_t spilled;
	unsigned char *mem;
	size_t size, cap;
} S_store;

/* A paragraph being laid out: lines [first, last] of the body list. */
typedef struct S_para {
	size_t first, last;
	int32_t x0, y0, x1, y1;
} S_para;

struct ml_pdfdoc {
	ml_doc *doc;
	/* decoding */
	unsigned char head[ML_PDFW_HEAD];
	size_t nhead;
	unsigned char *rec;    /* the payload being received */
	size_t rec_len, rec_have, rec_cap;
	int state;
	uint32_t pages;        /* announced by DOC */
	uint64_t received;     /* bytes of text kept */
	/* the page being received, or laid out */
	ml_buf text;
	S_line *lines;
	size_t nlines, clines;
	S_annot *annots;
	size_t nannots, cannots;
	/* every page */
	S_page *pg;
	size_t npg, cpg;
	size_t total_lines;
	S_cand *cands;
	size_t ncands, ccands;
	S_store store;
	unsigned char *blk;    /* a block read back */
	size_t cblk;
	unsigned ncomments;
};

/* --- receiving --- */

ml_pdfdoc *ml_pdfdoc_new(ml_doc *doc)
{
	ml_pdfdoc *p = ml_xcalloc(1, sizeof *p);

	p->doc = doc;
	ml_doc__set_format(doc, ML_FORMAT_PDF);
	ml_buf_init(&p->text, (size_t)ml_doc__limits(doc)->max_total_size);
	return p;
}

void ml_pdfdoc_free(ml_pdfdoc *p)
{
	if (!p)
		return;
	ml_buf_free(&p->text);
	free(p->rec);
	free(p->lines);
	free(p->annots);
	free(p->pg);
	free(p->cands);
	if (p->store.f)
		fclose(p->store.f);
	free(p->store.mem);
	free(p->blk);
	free(p);
}

int ml_pdfdoc_complete(const ml_pdfdoc *p) { return p->state == ST_ENDED; }
uint32_t ml_pdfdoc_pages(const ml_pdfdoc *p) { return p->pages; }
uint32_t ml_pdfdoc_page(const ml_pdfdoc *p) { return (uint32_t)p->npg; }

static int S_bad(ml_pdfdoc *p, const char *what)
{
	return ml_doc__fail(p->doc, ML_EFORMAT, "pdf-protocol",
	                    "the PDF reader sent malformed output (%s): it "
	                    "may have been subverted by the file", what);
}

/* Coordinates beyond a million points (a PDF page is at most 14,400)
 * are clamped on receipt, so that the layout's sums and products of
 * coordinates never overflow, whatever a child sends. */
#define S_COORD_MAX ((int32_t)1 << 26)

static int32_t S_i32(const unsigned char *b)
{
	int32_t v = (int32_t)ml_pdfw_get32(b);

	return v > S_COORD_MAX ? S_COORD_MAX : v < -S_COORD_MAX ? -S_COORD_MAX
	                                                        : v;
}

/* Keeps text; fails past --max-total-size. */
static int S_keep(ml_pdfdoc *p, const unsigned char *s, size_t n,
                  size_t *off)
{
	*off = p->text.size;
	/* the cap is the document's: p->text holds one page of it */
	if (n > p->text.cap || p->received > p->text.cap - n ||
	    ml_buf_put(&p->text, s, n) < 0)
		return ml_doc__fail(p->doc, ML_ELIMIT, "limit-total-size",
		                    "more than %llu bytes of text "
		                    "(--max-total-size)",
		                    (unsigned long long)p->text.cap);
	p->received += n;
	return 0;
}

/* The codes a child may report, and their status; anything else it
 * sends is reported as damage. */
static const struct {
	const char *code;
	ml_status status;
} S_child_codes[] = {
	{"pdf-damaged", ML_EFORMAT},
	{"pdf-encrypted", ML_EFORMAT},
	{"pdf-sandbox", ML_EFORMAT},
	{"limit-pages", ML_ELIMIT},
};

static int S_rec_error(ml_pdfdoc *p, const unsigned char *b, size_t n)
{
	const char *code = "pdf-damaged";
	ml_status status = ML_EFORMAT;
	const unsigned char *nul = memchr(b, 0, n);
	char msg[300];
	size_t i, m = 0;

	if (!nul)
		return S_bad(p, "error record");
	for (i = 0; i < sizeof S_child_codes / sizeof S_child_codes[0]; i++)
		if (strcmp((const char *)b, S_child_codes[i].code) == 0) {
			code = S_child_codes[i].code;
			status = S_child_codes[i].status;
		}
	/* printable ASCII only: the message comes from the file's parser */
	for (nul++; nul < b + n && m < sizeof msg - 1; nul++)
		msg[m++] = *nul >= 0x20 && *nul < 0x7F ? (char)*nul : '?';
	msg[m] = '\0';
	return ml_doc__fail(p->doc, status, code, "%s", m ? msg : code);
}

static int S_rec_doc(ml_pdfdoc *p, const unsigned char *b, size_t n)
{
	if (p->state != ST_START || n != 4)
		return S_bad(p, "document record");
	p->pages = ml_pdfw_get32(b);
	if (p->pages > ml_doc__limits(p->doc)->max_pages)
		return ml_doc__fail(p->doc, ML_ELIMIT, "limit-pages",
		                    "%u pages, more than %u (--max-pages)",
		                    p->pages, ml_doc__limits(p->doc)->max_pages);
	p->state = ST_DOC;
	return 0;
}

static void S_close_page(ml_pdfdoc *p);

static int S_rec_page(ml_pdfdoc *p, const unsigned char *b, size_t n)
{
	S_page *pg;

	if (p->state != ST_DOC || n != ML_PDFW_PAGE_FIXED ||
	    ml_pdfw_get32(b) != p->npg + 1 || p->npg >= p->pages)
		return S_bad(p, "page record");
	if (p->npg)
		S_close_page(p);
	ML_VEC_GROW(p->pg, p->cpg, p->npg + 1, 16);
	pg = &p->pg[p->npg++];
	pg->w = S_i32(b + 4);
	pg->h = S_i32(b + 8);
	if (pg->w <= 0 || pg->h <= 0) { /* a page without a box: Letter */
		pg->w = 612 * ML_PDFW_SCALE;
		pg->h = 792 * ML_PDFW_SCALE;
	}
	pg->first_line = 0;
	pg->nlines = 0;
	pg->first_annot = 0;
	pg->nannots = 0;
	pg->at = 0;
	pg->ntext = 0;
	pg->first_cand = p->ncands;
	pg->ncand = 0;
	return 0;
}

/* A page's record of a fixed part, then text (a line, an annotation):
 * checks that it comes inside a page and keeps its text, at *off of
 * the page's text. 0, or the status of the error. */
static int S_rec_text(ml_pdfdoc *p, const unsigned char *b, size_t n,
                      size_t fixed, const char *what, size_t *off)
{
	if (p->state != ST_DOC || !p->npg || n <= fixed)
		return S_bad(p, what);
	if (S_keep(p, b + fixed, n - fixed, off) < 0)
		return ml_doc__err(p->doc)->status;
	return 0;
}

static int S_rec_line(ml_pdfdoc *p, const unsigned char *b, size_t n)
{
	S_line *l;
	size_t off;
	int r = S_rec_text(p, b, n, ML_PDFW_LINE_FIXED, "line record", &off);

	if (r)
		return r;
	ML_VEC_GROW(p->lines, p->clines, p->nlines + 1, 256);
	l = &p->lines[p->nlines++];
	l->x0 = S_i32(b);
	l->y0 = S_i32(b + 4);
	l->x1 = S_i32(b + 8);
	l->y1 = S_i32(b + 12);
	l->size = S_i32(b + 16);
	if (l->x1 < l->x0 || l->y1 < l->y0)
		return S_bad(p, "line box");
	if (l->size <= 0)
		l->size = l->y1 - l->y0;
	l->flags = b[20];
	l->off = off;
	l->len = n - ML_PDFW_LINE_FIXED;
	l->role = R_BODY;
	p->pg[p->npg - 1].nlines++;
	return 0;
}

static int S_rec_annot(ml_pdfdoc *p, const unsigned char *b, size_t n)
{
	S_annot *a;
	size_t off;
	int r = S_rec_text(p, b, n, ML_PDFW_ANNOT_FIXED, "annotation record",
	                   &off);

	if (r)
		return r;
	ML_VEC_GROW(p->annots, p->cannots, p->nannots + 1, 16);
	a = &p->annots[p->nannots++];
	a->x0 = S_i32(b);
	a->y0 = S_i32(b + 4);
	a->x1 = S_i32(b + 8);
	a->y1 = S_i32(b + 12);
	a->kind = b[16];
	a->off = off;
	a->len = n - ML_PDFW_ANNOT_FIXED;
	a->para = S_NONE;
	p->pg[p->npg - 1].nannots++;
	return 0;
}

static int S_rec_meta(ml_pdfdoc *p, const unsigned char *b, size_t n)
{
	if (p->state != ST_DOC || p->npg || n < 1 || b[0] >= ML_META__COUNT)
		return S_bad(p, "metadata record");
	/* ml_doc__meta drops values that are not UTF-8 */
	ml_doc__meta(p->doc, (ml_meta_key)b[0], (const char *)b + 1, n - 1);
	return 0;
}

static int S_record(ml_pdfdoc *p, int type, const unsigned char *b,
                    size_t n)
{
	switch (type) {
	case ML_PDFW_ERROR:
		return S_rec_error(p, b, n);
	case ML_PDFW_DOC:
		return S_rec_doc(p, b, n);
	case ML_PDFW_META:
		return S_rec_meta(p, b, n);
	case ML_PDFW_PAGE:
		return S_rec_page(p, b, n);
	case ML_PDFW_LINE:
		return S_rec_line(p, b, n);
	case ML_PDFW_ANNOT:
		return S_rec_annot(p, b, n);
	case ML_PDFW_END:
		if (p->state != ST_DOC || n || p->npg != p->pages)
			return S_bad(p, "end record");
		if (p->npg)
			S_close_page(p);
		p->state = ST_ENDED;
		return 0;
	default:
		return S_bad(p, "unknown record");
	}
}

/* The longest payload accepted: a line no longer than a portion may be,
 * and never more than S_RECORD_MAX. */
static uint64_t S_payload_max(const ml_pdfdoc *p)
{
	uint64_t cap = ml_doc__limits(p->doc)->max_portion_size + 64;

	return cap < S_RECORD_MAX ? cap : S_RECORD_MAX;
}

int ml_pdfdoc_feed(ml_pdfdoc *p, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	int rc;

	while (len) {
		size_t take;

		if (ml_doc__failed(p->doc))
			return ml_doc__err(p->doc)->status;
		if (p->state == ST_ENDED)
			return S_bad(p, "output after the end");
		if (p->nhead < ML_PDFW_HEAD) {
			p->head[p->nhead++] = *s++;
			len--;
			if (p->nhead < ML_PDFW_HEAD)
				continue;
			p->rec_len = ml_pdfw_get32(p->head + 1);
			p->rec_have = 0;
			if (p->rec_len > S_payload_max(p)) {
				if (p->head[0] == ML_PDFW_LINE)
					return ml_doc__fail(p->doc, ML_ELIMIT,
					                    "limit-portion-size",
					                    "page %zu: a line longer "
					                    "than %llu bytes "
					                    "(--max-portion-size)",
					                    p->npg,
					                    (unsigned long long)
					                    S_payload_max(p) - 64);
				return S_bad(p, "record size");
			}
			if (p->rec_len > p->rec_cap) {
				free(p->rec);
				p->rec_cap = p->rec_len;
				p->rec = ml_xmalloc(p->rec_cap);
			}
		}
		take = p->rec_len - p->rec_have;
		if (take > len)
			take = len;
		if (take)
			memcpy(p->rec + p->rec_have, s, take);
		p->rec_have += take;
		s += take;
		len -= take;
		if (p->rec_have < p->rec_len)
			continue;
		p->nhead = 0;
		/* an empty payload has no buffer: never pass NULL on */
		rc = S_record(p, p->head[0], p->rec_len ? p->rec
		              : (const unsigned char *)"", p->rec_len);
		if (rc < 0)
			return rc;
	}
	return ml_doc__status(p->doc, 0);
}

/* --- running headers and footers --- */

static int S_cand_cmp(const void *a, const void *b)
{
	const S_cand *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int S_roman(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("ivxlcIVXLC", s[i]))
			return 0;
	return n > 0;
}

/* FNV-1a of the band and the text, spaces left out and numbers read as
 * '#' (page numbers change from page to page). */
static uint64_t S_key(int band, const char *s, size_t n)
{
	uint64_t h = ML_FNV1A_BASIS ^ (uint64_t)band;
	size_t i = 0;

	while (i < n) {
		size_t w = i;
		unsigned char c;

		while (w < n && s[w] != ' ')
			w++;
		if (S_roman(s + i, w - i)) {
			h = (h ^ '#') * ML_FNV1A_PRIME;
			i = w + 1;
			continue;
		}
		for (; i < w; i++) {
			c = (unsigned char)s[i];
			if (c >= '0' && c <= '9') {
				while (i + 1 < w && s[i + 1] >= '0' &&
				       s[i + 1] <= '9')
					i++;
				c = '#';
			}
			h = (h ^ c) * ML_FNV1A_PRIME;
		}
		i = w + 1;
	}
	return h;
}

/* The lines of the page being received that lie in its top or bottom
 * band, as candidates. */
static void S_add_cands(ml_pdfdoc *p)
{
	S_page *pg = &p->pg[p->npg - 1];
	size_t j;

	for (j = 0; j < p->nlines; j++) {
		const S_line *l = &p->lines[j];
		int band = l->y1 <= pg->h * S_BAND ? R_HEAD
		         : l->y0 >= pg->h * (1 - S_BAND) ? R_FOOT : 0;
		S_cand *c;

		if (!band)
			continue;
		ML_VEC_GROW(p->cands, p->ccands, p->ncands + 1, 64);
		c = &p->cands[p->ncands];
		c->key = S_key(band, p->text.ptr + l->off, l->len);
		c->page = p->npg - 1;
		c->line = j;
		c->at = p->ncands++;
		c->band = (unsigned char)band;
		c->running = 0;
		pg->ncand++;
	}
}

/* Marks the candidates whose text recurs in the same band of at least
 * 40% of the pages, and of two pages at least. */
static void S_find_running(ml_pdfdoc *p)
{
	S_cand *c;
	size_t i, k, n = p->ncands, run, pages;

	if (p->npg < 2 || !p->total_lines || !n)
		return;
	c = ml_xmalloc(n * sizeof *c);
	memcpy(c, p->cands, n * sizeof *c);
	qsort(c, n, sizeof *c, S_cand_cmp);
	for (i = 0; i < n; i = run) {
		pages = 1;
		for (run = i + 1; run < n && c[run].key == c[i].key; run++)
			pages += c[run].page != c[run - 1].page;
		if (pages < 2 || pages * 5 < p->npg * 2)
			continue;
		for (k = i; k < run; k++)
			p->cands[c[k].at].running = 1;
	}
	free(c);
}

/* --- the store of pages --- */

static void S_store_add(S_store *st, const void *data, size_t n)
{
	if (!n)
		return;
	ML_VEC_GROW(st->mem, st->cap, st->size + n, 64 * 1024);
	memcpy(st->mem + st->size, data, n);
	st->size += n;
}

/* A new temporary file in $TMPDIR (else /tmp), already unlinked: no
 * name to clean up, its space freed when it is closed. NULL on failure. */
static FILE *S_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(path, sizeof path, "%s/marklint-pdf-XXXXXX", dir) >=
	    (int)sizeof path)
		return NULL;
	if ((fd = mkostemp(path, O_CLOEXEC)) < 0)
		return NULL;
	unlink(path);
	if (!(f = fdopen(fd, "w+b")))
		close(fd);
	return f;
}

/* Moves what the store holds in memory to its file, once it holds
 * S_SPILL bytes; where that fails, it stays in memory. */
static void S_store_spill(S_store *st)
{
	if (st->size < S_SPILL || st->no_file)
		return;
	if (!st->f && !(st->f = S_tmpfile())) {
		st->no_file = 1;
		return;
	}
	/* a short write leaves bytes past st->spilled that are never read:
	 * the store goes on in memory from st->spilled */
	if (fwrite(st->mem, 1, st->size, st->f) != st->size ||
	    fflush(st->f) != 0) {
		st->no_file = 1;
		return;
	}
	st->spilled += st->size;
	st->size = 0;
}

/* Reads n bytes at offset at of the store into out; -1 when the file
 * cannot be read. */
static int S_store_get(const S_store *st, uint64_t at, void *out, size_t n)
{
	unsigned char *o = out;

	if (at >= st->spilled) {
		memcpy(o, st->mem + (at - st->spilled), n);
		return 0;
	}
	while (n) {
		ssize_t r = pread(fileno(st->f), o, n, (off_t)at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		o += r;
		at += (uint64_t)r;
		n -= (size_t)r;
	}
	return 0;
}

/* Ends the page being received: its candidate running lines stay, its
 * lines, annotations and text go to the store. */
static void S_close_page(ml_pdfdoc *p)
{
	S_page *pg = &p->pg[p->npg - 1];
	S_store *st = &p->store;

	S_add_cands(p);
	pg->at = st->spilled + st->size;
	pg->ntext = p->text.size;
	S_store_add(st, p->lines, p->nlines * sizeof *p->lines);
	S_store_add(st, p->annots, p->nannots * sizeof *p->annots);
	S_store_add(st, p->text.ptr, p->text.size);
	S_store_spill(st);
	p->total_lines += p->nlines;
	p->nlines = 0;
	p->nannots = 0;
	ml_buf_clear(&p->text);
}

/* Reads page index back into p->lines, p->annots and p->text, with the
 * roles of its running lines. */
static int S_load_page(ml_pdfdoc *p, size_t index)
{
	const S_page *pg = &p->pg[index];
	size_t nl = pg->nlines * sizeof *p->lines;
	size_t na = pg->nannots * sizeof *p->annots;
	size_t i, n = nl + na + pg->ntext;

	if (n > p->cblk) {
		free(p->blk);
		p->cblk = n;
		p->blk = ml_xmalloc(n);
	}
	if (n && S_store_get(&p->store, pg->at, p->blk, n) < 0)
		return ml_doc__fail(p->doc, ML_EIO, "pdf-spill",
		                    "cannot read back the temporary file of "
		                    "its pages: %s", strerror(errno));
	if (pg->nlines > p->clines) {
		p->clines = pg->nlines;
		p->lines = ml_xrealloc(p->lines, p->clines * sizeof *p->lines);
	}
	if (pg->nannots > p->cannots) {
		p->cannots = pg->nannots;
		p->annots = ml_xrealloc(p->annots,
		                        p->cannots * sizeof *p->annots);
	}
	if (nl)
		memcpy(p->lines, p->blk, nl);
	if (na)
		memcpy(p->annots, p->blk + nl, na);
	p->nlines = pg->nlines;
	p->nannots = pg->nannots;
	ml_buf_clear(&p->text);
	/* an empty page has no block (blk may be NULL: no arithmetic on it) */
	if (pg->ntext && ml_buf_put(&p->text, p->blk + nl + na, pg->ntext) < 0)
		return S_bad(p, "page text"); /* within the cap when received */
	for (i = pg->first_cand; i < pg->first_cand + pg->ncand; i++)
		if (p->cands[i].running)
			p->lines[p->cands[i].line].role = p->cands[i].band;
	return 0;
}

static int S_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int S_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int S_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static const char *S_txt(const ml_pdfdoc *p, const S_line *l)
{
	return p->text.ptr + l->off;
}

/* A bullet that starts a list item: always for the bullet characters,
 * and for "- " and "* " after a line that ended a sentence or clause. */
static int S_bullet(const char *s, size_t n, char prev_end)
{
	static const char *const bullets[] = {
		"\xe2\x80\xa2", "\xe2\x96\xaa", "\xe2\x97\x8f", "\xe2\x97\xa6",
		"\xe2\x80\xa3", "\xe2\x81\x83", "\xef\x82\xa7", "\xef\x82\xb7",
		"\xef\x82\xa8", "\xe2\x96\xa0", "\xe2\x9e\xa2", "\xef\x83\x98",
	};
	size_t k, b;

	for (k = 0; k < sizeof bullets / sizeof bullets[0]; k++) {
		b = strlen(bullets[k]);
		if (n >= b && memcmp(s, bullets[k], b) == 0)
			return 1;
	}
	return n > 1 && (s[0] == '-' || s[0] == '*') && s[1] == ' ' &&
	       (prev_end == '.' || prev_end == ':' || prev_end == ';');
}

static int S_overlap_x(const S_line *a, const S_line *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1;
}

/* The page's usual distance between the tops of consecutive lines of a
 * paragraph: the lower quartile of the distances that look like line
 * spacing (the median would be a paragraph gap on a page of short
 * paragraphs). 0 when the page has too few lines to tell. */
static int32_t S_leading(const ml_pdfdoc *p, const size_t *body, size_t n)
{
	int32_t *d, q;
	size_t i, m = 0, a, b;

	if (n < 3)
		return 0;
	d = ml_xmalloc(n * sizeof *d);
	for (i = 1; i < n; i++) {
		const S_line *x = &p->lines[body[i - 1]];
		const S_line *y = &p->lines[body[i]];
		int32_t dy = y->y0 - x->y0, sz = x->size > y->size ? x->size
		                                                   : y->size;
		if (S_overlap_x(x, y) && dy > sz / 2 && dy < 3 * sz)
			d[m++] = dy;
	}
	/* insertion sort: a page has a few hundred lines at most in
	 * practice, and this is bounded by them */
	for (a = 1; a < m; a++)
		for (b = a; b > 0 && d[b - 1] > d[b]; b--) {
			int32_t t = d[b];
			d[b] = d[b - 1];
			d[b - 1] = t;
		}
	q = m >= 2 ? d[m / 4] : 0;
	free(d);
	return q;
}

static char S_last_char(const ml_pdfdoc *p, const S_line *l)
{
	return l->len ? S_txt(p, l)[l->len - 1] : 0;
}

/* Whether line l is a roman list number alone: "i.", "(iv)", "XII)". */
static int S_roman_lead(const ml_pdfdoc *p, const S_line *l)
{
	const char *s = S_txt(p, l);
	size_t i = l->len && s[0] == '(', n = 0;

	while (i + n < l->len && strchr("ivxIVX", s[i + n]))
		n++;
	return n >= 1 && n <= 5 && i + n + 1 == l->len &&
	       (s[i + n] == ')' || (!i && s[i + n] == '.'));
}

/* Whether line l is a lead: a bullet, or a list or section number such
 * as "1.", "a)", "2.5.1" (at most one letter), or a roman one: "iii.",
 * "(iv)", "XII." (solicitations right-align them in a column of their
 * own, so poppler gives them as lines apart from their items). */
static int S_lead(const ml_pdfdoc *p, const S_line *l)
{
	const char *s = S_txt(p, l);
	size_t i, letters = 0;

	if (l->len == 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0)
		return 1;
	if (l->len > 8)
		return 0;
	if (S_roman_lead(p, l))
		return 1;
	for (i = 0; i < l->len; i++) {
		if (S_upper((unsigned char)s[i]) || S_lower((unsigned char)s[i]))
			letters++;
		else if (!S_digit((unsigned char)s[i]) && !strchr(".()", s[i]))
			return 0;
	}
	return letters <= 1;
}

/* Whether line l is a bullet alone. */
static int S_lone_bullet(const ml_pdfdoc *p, const S_line *l)
{
	return l->len == 3 && memcmp(S_txt(p, l), "\xe2\x80\xa2", 3) == 0;
}

/* Whether line item is the text that follows the bullet or list number
 * lead on its row. */
static int S_item_of(const S_line *lead, const S_line *item)
{
	int32_t size = lead->size > item->size ? lead->size : item->size;
	int32_t dy = item->y0 - lead->y0;

	return dy < size / 2 && dy > -size / 2 && item->x0 >= lead->x1 &&
	       item->x0 - lead->x1 < 4 * size;
}

/* Whether line cur starts a new paragraph after line prev, in paragraph
 * para. */
static int S_breaks(const ml_pdfdoc *p, const S_line *prev,
                    const S_line *cur, const S_para *para, int32_t leading)
{
	int32_t size = prev->size > cur->size ? prev->size : cur->size;
	int32_t dy = cur->y0 - prev->y0, limit, right, width;
	int32_t big = prev->size > cur->size ? prev->size : cur->size;
	int32_t small = prev->size > cur->size ? cur->size : prev->size;
	char end = S_last_char(p, prev);
	ml_pmark pm;

	if (ml_pmark_scan(S_txt(p, cur), cur->len, &pm) ||
	    S_bullet(S_txt(p, cur), cur->len, end))
		return 1;
	/* a banner line stands alone, unless it goes on in the next line
	 * ("TOP SECRET//SI-" "G//NOFORN"), or is the last word of a sentence
	 * the line before left open ("... or is marked with" "NOFORN."):
	 * then the layout decides, as for any line */
	if ((ml_pmark_banner_line(S_txt(p, cur), cur->len) &&
	     !S_lower((unsigned char)end) && end != ',') ||
	    (end != '-' && end != '/' &&
	     ml_pmark_banner_line(S_txt(p, prev), prev->len)))
		return 1;
	/* a list item after a line that ended ("4. ... up." "5. Log in") */
	if ((end == '.' || end == ';' || end == ':') &&
	    ml_pmark_list_item(S_txt(p, cur), cur->len))
		return 1;
	if (S_lead(p, prev) && S_item_of(prev, cur))
		return 0;
	/* a roman list number alone on a new row leads the item beside it
	 * ("proposal" "i." "has an owner") */
	if (S_roman_lead(p, cur) && dy > size / 3 &&
	    (end == '.' || end == ';' || end == ':' || cur->x0 > prev->x0))
		return 1;
	/* upwards or on the same row: a new column, cell or block */
	if (dy <= size / 3 || !S_overlap_x(prev, cur))
		return 1;
	limit = size + size / 2;
	if (leading && leading + leading / 3 > limit)
		limit = leading + leading / 3;
	if (dy > limit)
		return 1;
	if (big - small > size / 7 && big - small > ML_PDFW_SCALE)
		return 1;
	/* a short line that ends a sentence, or a short line in bold before
	 * one that is not (a heading), ends its paragraph */
	right = para->x1 > cur->x1 ? para->x1 : cur->x1;
	width = right - para->x0;
	return (end == '.' || end == ':' || end == '!' || end == '?' ||
	        ((prev->flags ^ cur->flags) & ML_PDFW_BOLD)) &&
	       prev->x1 < right - width / 6;
}

static int S_letter(unsigned char c)
{
	return S_lower(c) || S_upper(c) || c >= 0x80;
}

/* Appends line text s to paragraph text b, undoing hyphenation. */
static int S_join(ml_buf *b, const char *s, size_t n)
{
	const unsigned char *t = (const unsigned char *)b->ptr;
	size_t len = b->size, h = 0;
	unsigned char first = n ? (unsigned char)s[0] : 0, before;
	int space = len > 0 && t[len - 1] != '/';

	if (len >= 2 && t[len - 2] == 0xC2 && t[len - 1] == 0xAD) {
		h = 2; /* a soft hyphen at the end of a line */
		space = 0;
	} else if (len >= 2 && (t[len - 1] == '-' ||
	                        (len >= 4 && t[len - 3] == 0xE2 &&
	                         t[len - 2] == 0x80 && t[len - 1] == 0x90))) {
		h = t[len - 1] == '-' ? 1 : 3;
		before = t[len - h - 1];
		if ((S_letter(before) && S_letter(first)) ||
		    (S_digit(before) && S_digit(first)))
			space = 0; /* a hyphen: "SI-" "G", "non-" "IC" */
		if (!(S_lower(before) && S_lower(first)))
			h = 0;     /* kept; dropped in "sub-" "compartment" */
	}
	if (h) {
		b->size -= h;
		b->ptr[b->size] = '\0';
	}
	if (space && ml_buf_putc(b, ' ') < 0)
		return -1;
	return ml_buf_put(b, s, n);
}

static void S_grow_box(S_para *pa, const S_line *l, int first)
{
	if (first) {
		pa->x0 = l->x0;
		pa->y0 = l->y0;
		pa->x1 = l->x1;
		pa->y1 = l->y1;
		return;
	}
	pa->x0 = l->x0 < pa->x0 ? l->x0 : pa->x0;
	pa->y0 = l->y0 < pa->y0 ? l->y0 : pa->y0;
	pa->x1 = l->x1 > pa->x1 ? l->x1 : pa->x1;
	pa->y1 = l->y1 > pa->y1 ? l->y1 : pa->y1;
}

/* Splits the body lines of a page into paragraphs; returns how many
 * (caller frees *out). */
static size_t S_paragraphs(const ml_pdfdoc *p, const size_t *body,
                           size_t n, S_para **out)
{
	S_para *pa = ml_xmalloc((n ? n : 1) * sizeof *pa);
	int32_t leading = S_leading(p, body, n);
	size_t i, np = 0;

	for (i = 0; i < n; i++) {
		const S_line *cur = &p->lines[body[i]];
		if (!np || S_breaks(p, &p->lines[body[i - 1]], cur,
		                    &pa[np - 1], leading)) {
			pa[np].first = pa[np].last = i;
			S_grow_box(&pa[np++], cur, 1);
			continue;
		}
		pa[np - 1].last = i;
		S_grow_box(&pa[np - 1], cur, 0);
	}
	*out = pa;
	return np;
}

/* --- comments --- */

static int64_t S_area(int32_t ax0, int32_t ay0, int32_t ax1, int32_t ay1,
                      const S_para *b)
{
	int64_t w = (int64_t)(ax1 < b->x1 ? ax1 : b->x1) -
	            (ax0 > b->x0 ? ax0 : b->x0);
	int64_t h = (int64_t)(ay1 < b->y1 ? ay1 : b->y1) -
	            (ay0 > b->y0 ? ay0 : b->y0);

	return w > 0 && h > 0 ? w * h : 0;
}

static int64_t S_distance(const S_annot *a, const S_para *b)
{
	int64_t cy = ((int64_t)a->y0 + a->y1) / 2;
	int64_t cx = ((int64_t)a->x0 + a->x1) / 2;
	int64_t dy = cy < b->y0 ? b->y0 - cy : cy > b->y1 ? cy - b->y1 : 0;
	int64_t dx = cx < b->x0 ? b->x0 - cx : cx > b->x1 ? cx - b->x1 : 0;

	return dx + dy;
}

/* Ties each annotation of the page to the paragraph it covers most, or
 * the nearest one. */
static void S_tie(ml_pdfdoc *p, const S_page *pg, const S_para *pa,
                  size_t np)
{
	size_t i, k, n = pg->nannots < S_ANNOTS_TIED ? pg->nannots
	                                             : S_ANNOTS_TIED;

	for (i = 0; i < n && np; i++) {
		S_annot *a = &p->annots[pg->first_annot + i];
		int64_t best = 0, d, bestd = INT64_MAX;
		size_t at = S_NONE, near = 0;
		for (k = 0; k < np; k++) {
			int64_t area = S_area(a->x0, a->y0, a->x1, a->y1, &pa[k]);
			if (area > best) {
				best = area;
				at = k;
			}
			if ((d = S_distance(a, &pa[k])) < bestd) {
				bestd = d;
				near = k;
			}
		}
		a->para = at != S_NONE ? at : near;
	}
}

/* --- emitting portions --- */

static int S_emit_line(ml_pdfdoc *p, const S_line *l)
{
	const char *role = l->role == R_HEAD ? "header" : "footer";
	int rc = ml_doc__para_begin(p->doc, 0);

	if (rc == 0)
		rc = ml_doc__text(p->doc, S_txt(p, l), l->len);
	if (rc == 0)
		rc = ml_doc__attr(p->doc, ML_ATTR_RUNNING, role, strlen(role));
	if (rc == 0)
		rc = ml_doc__para_end(p->doc, 0);
	return rc;
}

/* The running lines of one band, top to bottom, left to right. */
static int S_emit_band(ml_pdfdoc *p, const S_page *pg, int role)
{
	size_t i, j, n = 0, *idx = ml_xmalloc((pg->nlines + 1) * sizeof *idx);
	int rc = 0;

	for (i = pg->first_line; i < pg->first_line + pg->nlines; i++)
		if (p->lines[i].role == role) {
			const S_line *l = &p->lines[i];
			for (j = n; j > 0; j--) {
				const S_line *m = &p->lines[idx[j - 1]];
				if (m->y0 < l->y0 ||
				    (m->y0 == l->y0 && m->x0 <= l->x0))
					break;
				idx[j] = idx[j - 1];
			}
			idx[j] = i;
			n++;
		}
	for (i = 0; i < n && rc == 0; i++)
		rc = S_emit_line(p, &p->lines[idx[i]]);
	free(idx);
	return rc;
}

static void S_comment_id(unsigned n, char *id, size_t size)
{
	snprintf(id, size, "%u", n);
}

static int S_emit_para(ml_pdfdoc *p, const S_page *pg, const size_t *body,
                       const S_para *pa, size_t k, ml_buf *b)
{
	char id[16];
	size_t i;
	int rc;

	ml_buf_clear(b);
	for (i = pa->first; i <= pa->last; i++) {
		const S_line *l = &p->lines[body[i]];
		if (S_join(b, S_txt(p, l), l->len) < 0)
			return ml_doc__fail(p->doc, ML_ELIMIT,
			                    "limit-portion-size",
			                    "%s: paragraph longer than %llu bytes "
			                    "(--max-portion-size)",
			                    ml_doc__part_name(p->doc),
			                    (unsigned long long)b->cap);
	}
	if ((rc = ml_doc__para_begin(p->doc, 0)) < 0)
		return rc;
	rc = ml_doc__text(p->doc, b->ptr, b->size);
	for (i = 0; i < pg->nannots && rc == 0; i++)
		if (p->annots[pg->first_annot + i].para == k) {
			S_comment_id(p->ncomments + (unsigned)i + 1, id,
			             sizeof id);
			rc = ml_doc__ref(p->doc, ML_LINK_COMMENT, id, (size_t)-1);
		}
	if (rc == 0)
		rc = ml_doc__para_end(p->doc, 0);
	return rc;
}

static int S_emit_comments(ml_pdfdoc *p, const S_page *pg)
{
	char id[16];
	size_t i;
	int rc = 0;

	for (i = 0; i < pg->nannots && rc == 0; i++) {
		const S_annot *a = &p->annots[pg->first_annot + i];
		S_comment_id(p->ncomments + (unsigned)i + 1, id, sizeof id);
		ml_doc__owner(p->doc, ML_LINK_COMMENT, id, (size_t)-1);
		if ((rc = ml_doc__para_begin(p->doc, 0)) == 0 &&
		    (rc = ml_doc__text(p->doc, p->text.ptr + a->off,
		                       a->len)) == 0)
			rc = ml_doc__para_end(p->doc, 0);
		ml_doc__owner(p->doc, ML_LINK_NONE, NULL, 0);
	}
	p->ncomments += (unsigned)pg->nannots;
	return rc;
}

static int S_layout_page(ml_pdfdoc *p, size_t index, ml_buf *b)
{
	const S_page *pg = &p->pg[index];
	size_t i, k, n = 0, np = 0;
	size_t *body = ml_xmalloc((pg->nlines + 1) * sizeof *body);
	S_para *pa = NULL;
	char part[32];
	int rc;

	snprintf(part, sizeof part, "page %zu", index + 1);
	ml_doc__part(p->doc, part);
	ml_doc__part_page(p->doc, (uint32_t)index + 1, 0);
	for (i = pg->first_line; i < pg->first_line + pg->nlines; i++)
		if (p->lines[i].role == R_BODY)
			body[n++] = i;
	/* a bullet whose item poppler put elsewhere is no text */
	for (i = 0, k = 0; i < n; i++)
		if (!S_lone_bullet(p, &p->lines[body[i]]) || (i + 1 < n &&
		    S_item_of(&p->lines[body[i]], &p->lines[body[i + 1]])))
			body[k++] = body[i];
	n = k;
	np = S_paragraphs(p, body, n, &pa);
	S_tie(p, pg, pa, np);
	rc = S_emit_band(p, pg, R_HEAD);
	for (i = 0; i < np && rc == 0; i++)
		rc = S_emit_para(p, pg, body, &pa[i], i, b);
	if (rc == 0)
		rc = S_emit_band(p, pg, R_FOOT);
	if (rc == 0)
		rc = S_emit_comments(p, pg);
	free(pa);
	free(body);
	return rc;
}

int ml_pdfdoc_finish(ml_pdfdoc *p)
{
	ml_buf b;
	size_t i;
	int rc = 0;

	if (ml_doc__failed(p->doc))
		return ml_doc__err(p->doc)->status;
	if (p->state != ST_ENDED)
		return S_bad(p, "no end record");
	if (!p->total_lines)
		return ml_doc__fail(p->doc, ML_EFORMAT, "pdf-no-text",
		                    "no text in %u page%s: a scan without a "
		                    "text layer? Run OCR on it, then check it",
		                    p->pages, p->pages == 1 ? "" : "s");
	S_find_running(p);
	/* pages are laid out in their order, each a part opened once, and a
	 * page's comments come after its paragraphs: the portions are final
	 * as they are made, and a sink (check) sees them one at a time, so
	 * that the document model does not keep every page's */
	ml_doc__stream(p->doc);
	ml_buf_init(&b, (size_t)ml_doc__limits(p->doc)->max_portion_size);
	for (i = 0; i < p->npg && rc == 0; i++)
		if ((rc = S_load_page(p, i)) == 0)
			rc = S_layout_page(p, i, &b);
	ml_buf_free(&b);
	return rc;
}
