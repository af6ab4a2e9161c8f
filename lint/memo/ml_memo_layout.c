/* ml_memo_layout.c - the memo as blocks (ml_memo.h, "the layout"): the
 * container, the memo's own banner (the roll-up of every block's mark),
 * the parts every memo shares in DoD correspondence form (DoDM 5110.04:
 * date, MEMORANDUM FOR, FROM, SUBJECT, references; signature block and
 * attachments) and the dispatch to the renderers.
 */
#include "ml_memo_int.h"

#include <stdlib.h>
#include <string.h>

/* What the memo prints where the reviewer has not said (the blocks a
 * reviewer fills in by hand before signing). */
static const char S_date_placeholder[] = "[Date]";
static const char S_from_placeholder[] = "[Reviewing office]";
static const char S_sig_placeholder[] = "[NAME]\n[Title]";

void ml_memo_layout_init(ml_memo_layout *l)
{
	memset(l, 0, sizeof *l);
}

void ml_memo_layout_free(ml_memo_layout *l)
{
	size_t i, c;

	for (i = 0; i < l->n; i++) {
		ml_memo_block *b = &l->v[i];
		free(b->label); free(b->mark); free(b->title); free(b->text);
		for (c = 0; c < b->ncells; c++)
			free(b->cells[c]);
	}
	free(l->v);
	free(l->subject);
	free(l->banner);
	memset(l, 0, sizeof *l);
}

ml_memo_block *ml_memo_layout_add(ml_memo_layout *l, ml_memo_block_kind k)
{
	ml_memo_block *b;

	ML_VEC_GROW(l->v, l->alloc, l->n + 1, 16);
	b = &l->v[l->n++];
	memset(b, 0, sizeof *b);
	b->kind = k;
	return b;
}

char *ml_memo_clean(const char *s, size_t max)
{
	ml_buf b;
	size_t i, chars = 0, n = s ? strlen(s) : 0;
	unsigned char c;

	ml_buf_init(&b, ML_MEMO__BIG);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80) {
			if (max && chars == max) {
				ml_buf_puts(&b, "\xe2\x80\xa6"); /* … */
				break;
			}
			chars++;
		}
		if (c < 0x20 || c == 0x7F) {
			ml_buf_putc(&b, ' ');
		} else if (c == 0xC2 && i + 1 < n &&
		           (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9F) {
			ml_buf_putc(&b, ' '); /* C1 controls */
			i++;
		} else {
			ml_buf_putc(&b, (char)c);
		}
	}
	if (!b.size)
		return ml_xstrdup("");
	return ml_buf_detach(&b, NULL);
}

void ml_memo__letter(size_t n, char *out, size_t size)
{
	char tmp[8];
	size_t k = 0, i;

	do {
		tmp[k++] = (char)('a' + n % 26);
		n /= 26;
	} while (n-- && k < sizeof tmp);
	for (i = 0; i < k && i + 1 < size; i++)
		out[i] = tmp[k - 1 - i];
	out[i] = '\0';
}

void ml_memo__fill(ml_buf *b, const char *tmpl, const char *arg)
{
	const char *at = strstr(tmpl, "%s");

	if (!at) {
		ml_buf_puts(b, tmpl);
		return;
	}
	ml_buf_put(b, tmpl, (size_t)(at - tmpl));
	ml_buf_puts(b, arg ? arg : "");
	ml_buf_puts(b, at + 2);
}

/* Adds the mark s (portion form) to the distinct marks in *set. */
static void S_collect(const char *s, ml_marking **set, size_t *n,
                      size_t *alloc)
{
	ml_marking pm;
	size_t i;

	/* compared whole with memcmp: zero the padding first */
	memset(&pm, 0, sizeof pm);
	if (!s || ml_marking_find_portion_mark(s, strlen(s), 0, &pm, NULL) !=
	    ML_MARKING_FOUND)
		return;
	pm.off = pm.len = 0;
	for (i = 0; i < *n; i++)
		if (memcmp(&(*set)[i], &pm, sizeof pm) == 0)
			return;
	ML_VEC_GROW(*set, *alloc, *n + 1, 16);
	(*set)[(*n)++] = pm;
}

/* The roll-up of blocks [from, to) in form f (empty when none is
 * marked; the caller frees). */
static char *S_rollup_blocks(const ml_memo_layout *l, size_t from,
                             size_t to, ml_marking_form f)
{
	ml_marking *set = NULL;
	size_t i, n = 0, alloc = 0;
	char *s;

	for (i = from; i < to && i < l->n; i++) {
		const ml_memo_block *bl = &l->v[i];
		S_collect(bl->mark, &set, &n, &alloc);
		if (bl->kind == ML_MB_ROW && bl->class_col && !bl->head)
			S_collect(bl->cells[0], &set, &n, &alloc);
	}
	s = ml_memo__rollup(set, n, f, "");
	free(set);
	return s;
}

char *ml_memo_layout_mark(const ml_memo_layout *l, size_t from, size_t to)
{
	char *s = S_rollup_blocks(l, from, to, ML_MARKING_PORTION);

	if (*s)
		return s;
	free(s);
	return ml_xstrdup("(U)");
}

void ml_memo_layout_finish(ml_memo_layout *l)
{
	char *s = S_rollup_blocks(l, 0, l->n, ML_MARKING_BANNER);

	free(l->banner);
	l->banner = ml_memo_clean(*s ? s : "UNCLASSIFIED", 0);
	free(s);
}

static void S_line(ml_memo_layout *l, const char *label, const char *mark,
                   const char *text)
{
	ml_memo_block *b = ml_memo_layout_add(l, ML_MB_LINE);

	b->label = ml_xstrdup(label);
	b->mark = mark ? ml_xstrdup(mark) : NULL;
	b->text = ml_memo_clean(text, 0);
}

void ml_memo_lay_head(ml_memo_layout *l, const ml_memo_opts *o,
                      const char *subject, const char *const *refs)
{
	ml_memo_block *b;
	char label[8];
	size_t i;

	b = ml_memo_layout_add(l, ML_MB_DATE);
	b->text = ml_memo_clean(o->date ? o->date : S_date_placeholder, 0);
	S_line(l, "MEMORANDUM FOR", NULL, o->for_whom ? o->for_whom
	                                              : "RECORD");
	S_line(l, "FROM:", NULL, o->from ? o->from : S_from_placeholder);
	S_line(l, "SUBJECT:", "(U)", subject);
	free(l->subject);
	l->subject = ml_memo_clean(subject, 0);
	for (i = 0; refs && refs[i] && i < 26; i++) {
		b = ml_memo_layout_add(l, ML_MB_REF);
		snprintf(label, sizeof label, "(%c)", (char)('a' + i));
		b->label = ml_xstrdup(label);
		b->text = ml_memo_clean(refs[i], 0);
	}
}

void ml_memo_lay_signature(ml_memo_layout *l, const ml_memo_opts *o,
                           const char *const *attachments)
{
	ml_memo_block *b = ml_memo_layout_add(l, ML_MB_SIG);
	const char *s = o->signature ? o->signature : S_sig_placeholder;
	ml_buf t;
	size_t i, n = 0;

	/* ';' and newlines split the lines; each line is cleaned */
	ml_buf_init(&t, ML_MEMO__BIG);
	while (*s) {
		size_t len = strcspn(s, ";\n");
		char *line = ml_xstrndup(s, len), *c = ml_memo_clean(line, 0);
		char *p = c, *e = c + strlen(c);
		while (*p == ' ')
			p++;
		while (e > p && e[-1] == ' ')
			*--e = '\0';
		if (*p)
			ml_buf_printf(&t, "%s%s", t.size ? "\n" : "", p);
		free(line);
		free(c);
		s += len + (s[len] != '\0');
	}
	b->text = ml_buf_detach(&t, NULL);
	if (!b->text)
		b->text = ml_xstrdup(S_sig_placeholder);
	for (i = 0; attachments && attachments[i]; i++)
		n++;
	if (!n)
		return;
	b = ml_memo_layout_add(l, ML_MB_ENCL);
	b->label = ml_xstrdup(n == 1 ? "Attachment:" : "Attachments:");
	ml_buf_init(&t, ML_MEMO__BIG);
	for (i = 0; i < n; i++) {
		if (n > 1)
			ml_buf_printf(&t, "%s%zu. ", i ? "\n" : "", i + 1);
		ml_buf_puts(&t, attachments[i]);
	}
	b->text = ml_buf_detach(&t, NULL);
}

int ml_memo_layout_write(const ml_memo_layout *l, ml_memo_format f,
                         FILE *out)
{
	int rc;

	switch (f) {
	case ML_MEMO_HTML: rc = ml_memo__write_html(l, out); break;
	case ML_MEMO_TEXT: rc = ml_memo__write_text(l, out); break;
	case ML_MEMO_DOCX: rc = ml_memo__write_docx(l, out); break;
	default: rc = ml_memo__write_md(l, out); break;
	}
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
	return rc;
}

int ml_memo_write(const ml_memo *m, ml_memo_format f, FILE *out)
{
	ml_memo_layout l;
	int rc;

	ml_memo_layout_init(&l);
	ml_memo_lay_review(m, &l);
	ml_memo_layout_finish(&l);
	rc = ml_memo_layout_write(&l, f, out);
	ml_memo_layout_free(&l);
	return rc;
}

int ml_memo_banner(const ml_memo *m, ml_buf *buf)
{
	ml_memo_layout l;
	int rc;

	ml_memo_layout_init(&l);
	ml_memo_lay_review(m, &l);
	ml_memo_layout_finish(&l);
	rc = ml_buf_puts(buf, l.banner);
	ml_memo_layout_free(&l);
	return rc;
}
