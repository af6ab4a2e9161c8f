/* ml_fix.c - the corrected copy of a document (see ml_fix.h). */
#include "ml_fix.h"
#include "ml_annotate.h"
#include "ml_buf.h"
#include "ml_err.h"
#include "ml_marking.h"
#include "ml_pmark.h"

#include <stdlib.h>
#include <string.h>

#define S_BANNER_MAX 200 /* a banner is a short line (as check reads) */

/* --- the plan --- */

static void S_add(ml_fix_plan *p, size_t *alloc, size_t portion,
                  const char *text, size_t off, size_t len, unsigned flags)
{
	ml_marking_judgement *j;
	ml_fix_item *it;
	size_t i;

	/* a span already judged (a portion mark that is its paragraph) */
	for (i = p->n; i > 0 && p->v[i - 1].portion == portion; i--)
		if (off < p->v[i - 1].off + p->v[i - 1].len &&
		    p->v[i - 1].off < off + len)
			return;
	j = ml_xmalloc(sizeof *j);
	ml_marking_judge(text + off, len, flags, j);
	if (j->verdict == ML_VERDICT_VALID || j->verdict == ML_VERDICT_NONE) {
		free(j);
		return;
	}
	ML_VEC_GROW(p->v, *alloc, p->n + 1, 16);
	it = &p->v[p->n++];
	memset(it, 0, sizeof *it);
	it->portion = portion;
	/* the judgement's span: the marking without the blanks around it */
	it->off = off + j->off;
	it->len = j->len;
	it->banner = !(flags & ML_JUDGE_PORTION);
	it->verdict = (int)j->verdict;
	it->from = ml_xstrndup(text + it->off, it->len);
	it->to = j->suggestion[0] ? ml_xstrdup(j->suggestion) : NULL;
	it->problem = ml_xstrdup(j->nnotes ? j->notes[0].msg : "");
	it->confidence = it->to ? j->confidence : 0;
	it->left = it->to ? NULL : "no correction: the register marking it "
	                           "stands for is not clear";
	free(j);
}

void ml_fix_plan_make(const ml_doc *doc, ml_fix_plan *out)
{
	size_t i, n = ml_doc_portion_count(doc), alloc = 0;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++) {
		const ml_portion *p = ml_doc_portion(doc, i);
		ml_marking m;
		ml_marking_error e;
		size_t start = out->n, b;
		if (p->mark_len) {
			switch (ml_marking_find_portion_mark(p->text + p->mark_off,
			                                     p->mark_len, 0, &m,
			                                     &e)) {
			case ML_MARKING_FOUND:
				S_add(out, &alloc, i, p->text, p->mark_off + m.off,
				      m.len, ML_JUDGE_PORTION);
				break;
			case ML_MARKING_MALFORMED:
				S_add(out, &alloc, i, p->text, p->mark_off + e.off,
				      e.len, ML_JUDGE_PORTION);
				break;
			default:
				break;
			}
		}
		if (p->len <= S_BANNER_MAX) {
			/* after a label, as check reads it */
			b = ml_pmark_banner_start(p->text, p->len);
			switch (ml_marking_parse_banner(p->text + b, p->len - b,
			                                ML_MARKING_ICASE, &m, &e)) {
			case ML_MARKING_FOUND:
				S_add(out, &alloc, i, p->text, b + m.off, m.len,
				      ML_JUDGE_BANNER | ML_MARKING_ICASE);
				break;
			case ML_MARKING_MALFORMED:
				S_add(out, &alloc, i, p->text, b + e.off, e.len,
				      ML_JUDGE_BANNER | ML_MARKING_ICASE);
				break;
			default:
				break;
			}
		}
		for (; start < out->n; start++)
			out->v[start].line = ml_portion_line(p, out->v[start].off);
	}
}

void ml_fix_plan_free(ml_fix_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].from);
		free(p->v[i].to);
		free(p->v[i].problem);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

int ml_fix_format_ok(ml_format f)
{
	return f == ML_FORMAT_TEXT || f == ML_FORMAT_MARKDOWN ||
	       f == ML_FORMAT_DOCX;
}

/* --- text and Markdown --- */

typedef struct S_edit {
	size_t off, len;   /* in the input's bytes */
	ml_fix_item *it;
} S_edit;

static int S_edit_cmp(const void *x, const void *y)
{
	const S_edit *a = x, *b = y;

	return a->off < b->off ? -1 : a->off > b->off;
}

/* Where line n (1-based) of data starts, or len past the end. */
static size_t S_line_start(const char *d, size_t len, uint32_t n,
                           size_t *from, uint32_t *at)
{
	size_t i = *from;
	uint32_t line = *at;

	while (line < n && i < len) {
		const char *nl = memchr(d + i, '\n', len - i);
		if (!nl) {
			i = len;
			break;
		}
		i = (size_t)(nl - d) + 1;
		line++;
	}
	*from = i;
	*at = line;
	return line == n ? i : len;
}

/* The marking it, as written, on its line of the input: its place. */
static int S_locate(const char *d, size_t len, const ml_fix_item *it,
                    size_t *from, uint32_t *at, size_t *off)
{
	size_t s, e, k, fl = strlen(it->from);
	const char *nl;

	if (!it->line)
		return -1;
	s = S_line_start(d, len, it->line, from, at);
	if (s >= len)
		return -1;
	nl = memchr(d + s, '\n', len - s);
	e = nl ? (size_t)(nl - d) : len;
	for (k = s; k + fl <= e; k++)
		if (memcmp(d + k, it->from, fl) == 0) {
			*off = k;
			return 0;
		}
	return -1;
}

/* Whether the copy applies it at min: it has a correction at least that
 * sure; one below min is marked left as written. */
static int S_applies(ml_fix_item *it, double min)
{
	if (!it->to)
		return 0;
	if (it->confidence + 1e-9 < min) {
		it->left = "below --min-confidence";
		return 0;
	}
	return 1;
}

static int S_write_text(const char *d, size_t len, double min,
                        ml_fix_plan *p, FILE *out, ml_error *err)
{
	S_edit *ed = ml_xcalloc(p->n ? p->n : 1, sizeof *ed);
	size_t i, ne = 0, pos = 0, from = 0;
	uint32_t at = 1;

	for (i = 0; i < p->n; i++) {
		ml_fix_item *it = &p->v[i];
		size_t off;
		if (!S_applies(it, min))
			continue;
		/* items come in document order, lines ascending */
		if (it->line < at) {
			from = 0;
			at = 1;
		}
		if (S_locate(d, len, it, &from, &at, &off) < 0) {
			it->left = "not found as written in the file";
			continue;
		}
		ed[ne].off = off;
		ed[ne].len = strlen(it->from);
		ed[ne].it = it;
		ne++;
	}
	if (ne)
		qsort(ed, ne, sizeof *ed, S_edit_cmp);
	for (i = 0; i < ne; i++) {
		if (ed[i].off < pos) {
			ed[i].it->left = "overlaps another correction";
			continue;
		}
		fwrite(d + pos, 1, ed[i].off - pos, out);
		fputs(ed[i].it->to, out);
		pos = ed[i].off + ed[i].len;
		ed[i].it->applied = 1;
		p->applied++;
	}
	fwrite(d + pos, 1, len - pos, out);
	free(ed);
	if (ferror(out))
		return ml_err(err, ML_EIO, "output-unwritable",
		              "the corrected copy could not be written");
	return 0;
}

/* --- DOCX --- */

static int S_write_docx(const ml_doc *doc, const void *data, size_t len,
                        const ml_limits *lim, double min, ml_fix_plan *p,
                        FILE *out, ml_error *err)
{
	ml_annotate_edit *e = ml_xcalloc(p->n ? p->n : 1, sizeof *e);
	ml_fix_item **of = ml_xcalloc(p->n ? p->n : 1, sizeof *of);
	ml_annotate_stats st;
	size_t i, n = 0;
	int rc;

	for (i = 0; i < p->n; i++) {
		ml_fix_item *it = &p->v[i];
		if (!S_applies(it, min))
			continue;
		e[n].portion = ml_doc_portion(doc, it->portion);
		e[n].off = it->off;
		e[n].len = it->len;
		e[n].text = it->to;
		of[n++] = it;
	}
	rc = ml_annotate_edits(ml_doc_path(doc), data, len, doc, lim, e, n, out,
	                       &st, err);
	for (i = 0; i < n && rc == 0; i++) {
		if (e[i].applied) {
			of[i]->applied = 1;
			p->applied++;
		} else {
			of[i]->left = e[i].other_part
			                  ? "in a part fix does not change "
			                    "(headers, footers, notes)"
			                  : "its paragraph's text could not be "
			                    "mapped onto the document";
		}
	}
	free(of);
	free(e);
	return rc;
}

int ml_fix_write(const ml_doc *doc, const void *data, size_t len,
                 const ml_limits *lim, double min_confidence,
                 ml_fix_plan *p, FILE *out, ml_error *err)
{
	ml_format f = ml_doc_format(doc);

	p->applied = 0;
	if (f == ML_FORMAT_DOCX)
		return S_write_docx(doc, data, len, lim, min_confidence, p, out,
		                    err);
	if (f == ML_FORMAT_TEXT || f == ML_FORMAT_MARKDOWN)
		return S_write_text(data, len, min_confidence, p, out, err);
	return ml_err(err, ML_EUSAGE, "fix-format", "fix writes text, "
	              "Markdown and DOCX documents, and this is %s: check it "
	              "with `marklint check`", ml_format_name(f));
}
