/* ml_memo_items.c - what the memo lists, once each: a marking with every
 * finding about it (or the findings of a portion without a marking),
 * under the disposition that comes first, with the other findings folded
 * into its recommendation; where it is as its reader finds it; the
 * references it cites; its words in a paragraph and its row in the
 * attachment table. ml_memo_review.c arranges the items into the memo.
 */
#include "ml_memo_int.h"

#include <stdlib.h>
#include <string.h>

const ml_memo__disp ml_memo__disps[] = {
	{"remove", "Remove or replace", "These cite no authority",
	 "Replace or remove each as shown.", NULL, "replace or remove %s"},
	{"review", "Refer to the FDO",
	 "These give a reason but no authority that can be looked up",
	 "Refer each to the FDO for a disclosure decision under %s, "
	 "proposing the replacement shown.", "DoDD 5230.11",
	 "refer %s to the Foreign Disclosure Officer (FDO)"},
	{"correct", "Correct",
	 "These markings are obsolete or not in register form",
	 "Each is a correction of form, not a disclosure decision.", NULL,
	 "correct %s"},
	{"narrow", "Narrow", "These restrictions are blanket",
	 "Narrow each to the work or information that needs it.", NULL,
	 "narrow %s"},
	{"other", "Review", "These need a reviewer's decision",
	 "Resolve each as described.", NULL, "review %s other findings"},
	{"retain", "Retain", "These cite an authority that can justify them",
	 "Confirm that the cited authority covers each portion.", NULL,
	 "retain %s"},
	{"accepted", "Accepted earlier",
	 "These findings were accepted before this review (suppressed in the "
	 "document or recorded in a baseline)",
	 "They are not counted above.", NULL, "%s accepted earlier"},
};
const size_t ml_memo__ndisps = sizeof ml_memo__disps /
                               sizeof ml_memo__disps[0];

const char *const ml_memo__row_head[ML_MEMO__ROW_COLS] = {
	"Class.", "ID", "Location", "Marking", "Basis found", "Findings",
	"Action"};

static int S_is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* --- building --- */

static size_t S_new_item(ml_memo__items *its, size_t doc, long mk)
{
	ml_memo__item *it;

	ML_VEC_GROW(its->v, its->alloc, its->n + 1, 16);
	it = &its->v[its->n];
	memset(it, 0, sizeof *it);
	it->doc = doc;
	it->mk = mk;
	it->disp = -1;
	it->into = -1;
	return its->n++;
}

static void S_push(size_t **v, size_t *n, size_t *alloc, size_t x)
{
	ML_VEC_GROW(*v, *alloc, *n + 1, 16);
	(*v)[(*n)++] = x;
}

static const ml_memo__where *S_at(const ml_memo *m, const ml_memo__item *it)
{
	return it->mk >= 0 ? &m->mks[it->mk].at
	                   : &m->fds[it->fds[0]].at;
}

static int S_disp_index(const ml_memo__fd *f)
{
	size_t k;

	if (f->suppressed != ML_SUPPRESS_NONE)
		return ML_MEMO__ACCEPTED;
	for (k = 0; k < ML_MEMO__OTHER; k++)
		if (S_is(f->disposition, ml_memo__disps[k].name))
			return (int)k;
	if (S_is(f->disposition, ml_memo__disps[ML_MEMO__RETAIN].name))
		return ML_MEMO__RETAIN;
	return 1; /* an unknown disposition asks for review */
}

static void S_set_disp(const ml_memo *m, ml_memo__item *it)
{
	size_t j;

	for (j = 0; j < it->nfds; j++) {
		int d = S_disp_index(&m->fds[it->fds[j]]);
		if (it->disp < 0 || d < it->disp) {
			it->disp = d;
			it->primary = it->fds[j];
		}
	}
	if (it->disp == 1 && (it->mk < 0 || !m->mks[it->mk].kind))
		it->disp = ML_MEMO__OTHER; /* no disclosure decision */
}

/* Do two items have the same findings (rule, disposition, message,
 * suggestion, whether accepted)? */
static int S_same_findings(const ml_memo *m, const ml_memo__item *a,
                           const ml_memo__item *b)
{
	size_t j;

	if (a->nfds != b->nfds || a->doc != b->doc)
		return 0;
	for (j = 0; j < a->nfds; j++) {
		const ml_memo__fd *x = &m->fds[a->fds[j]];
		const ml_memo__fd *y = &m->fds[b->fds[j]];
		if (!S_is(x->rule, y->rule) ||
		    !S_is(x->disposition, y->disposition) ||
		    x->suppressed != y->suppressed ||
		    !S_is(x->message ? x->message : "",
		          y->message ? y->message : "") ||
		    !S_is(x->suggestion ? x->suggestion : "",
		          y->suggestion ? y->suggestion : ""))
			return 0;
	}
	return 1;
}

/* Is a marking shown by its text alone, not by the portion it marks: a
 * banner, a dissemination statement, IC-ISM attributes? */
static int S_unquoted(const ml_memo__mk *k)
{
	return S_is(k->form, "banner") || S_is(k->form, "statement") ||
	       S_is(k->form, "attribute");
}

/* Are two items one in the memo? Banners, statements and attributes of
 * one document with the same text and findings (the page header and
 * footer; a manual that writes "NOFORN" on forty pages, each for the
 * same reason: listed once, at every place); and corrections of the
 * same mark for the same reasons (a document that writes "(U//CUI)" a
 * hundred times gets one correction, at every paragraph). */
static int S_same_item(const ml_memo *m, const ml_memo__item *a,
                       const ml_memo__item *b)
{
	const ml_memo__mk *ka = a->mk >= 0 ? &m->mks[a->mk] : NULL;
	const ml_memo__mk *kb = b->mk >= 0 ? &m->mks[b->mk] : NULL;

	if (!S_same_findings(m, a, b) || !!ka != !!kb)
		return 0;
	if (ka && S_is(ka->form, kb->form) && S_is(ka->text, kb->text) &&
	    S_unquoted(ka))
		return 1;
	if (a->disp != 2 || b->disp != 2) /* correct */
		return 0;
	return ka ? S_is(ka->form, kb->form) && S_is(ka->text, kb->text)
	          : 1; /* the same messages name the same mark */
}

/* Items of one document in reading order: by part (in the order the
 * parts are first met), then paragraph, then marking. */
typedef struct S_key {
	size_t item, prank;
	unsigned paragraph;
	long mk;
} S_key;

static int S_key_cmp(const void *x, const void *y)
{
	const S_key *a = x, *b = y;

	if (a->prank != b->prank)
		return a->prank < b->prank ? -1 : 1;
	if (a->paragraph != b->paragraph)
		return a->paragraph < b->paragraph ? -1 : 1;
	if (a->mk != b->mk)
		return a->mk < 0 ? 1 : b->mk < 0 ? -1 : a->mk < b->mk ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

/* Sorts its->v[from..) (one document's items) into reading order. */
static void S_sort_doc(const ml_memo *m, ml_memo__items *its, size_t from)
{
	size_t n = its->n - from, i, k, nparts = 0;
	const char **parts;
	S_key *keys;
	ml_memo__item *sorted;

	if (n < 2)
		return; /* nothing to sort (its->v may still be NULL) */
	parts = ml_xcalloc(n + 1, sizeof *parts);
	keys = ml_xcalloc(n + 1, sizeof *keys);
	sorted = ml_xcalloc(n + 1, sizeof *sorted);

	for (i = 0; i < n; i++) {
		const ml_memo__where *w = S_at(m, &its->v[from + i]);
		const char *p = w->part ? w->part : "";
		for (k = 0; k < nparts && strcmp(parts[k], p); k++)
			;
		if (k == nparts)
			parts[nparts++] = p;
		keys[i].item = i;
		keys[i].prank = k;
		keys[i].paragraph = w->paragraph;
		keys[i].mk = its->v[from + i].mk;
	}
	qsort(keys, n, sizeof *keys, S_key_cmp);
	for (i = 0; i < n; i++)
		sorted[i] = its->v[from + keys[i].item];
	memcpy(its->v + from, sorted, n * sizeof *sorted);
	free(sorted);
	free(keys);
	free(parts);
}

/* Finds (or makes) the item of a finding without a marking: one per
 * portion of the document. */
static size_t S_portion_item(const ml_memo *m, ml_memo__items *its,
                             size_t from, size_t fd)
{
	const ml_memo__where *w = &m->fds[fd].at;
	size_t i;

	for (i = from; i < its->n; i++) {
		const ml_memo__item *it = &its->v[i];
		const ml_memo__where *x;
		if (it->mk >= 0 || !it->nfds)
			continue;
		x = &m->fds[it->fds[0]].at;
		if (x->paragraph == w->paragraph && x->line == w->line &&
		    S_is(x->part ? x->part : "", w->part ? w->part : ""))
			return i;
	}
	return S_new_item(its, m->fds[fd].doc, -1);
}

static void S_merge(const ml_memo *m, ml_memo__items *its, size_t from)
{
	size_t i, k;

	for (i = from; i < its->n; i++) {
		for (k = from; k < i; k++) {
			if (its->v[k].into >= 0 ||
			    !S_same_item(m, &its->v[k], &its->v[i]))
				continue;
			its->v[i].into = (long)k;
			S_push(&its->v[k].merged, &its->v[k].nmerged,
			       &its->v[k].amerged, i);
			break;
		}
	}
}

void ml_memo__items_build(const ml_memo *m, ml_memo__items *its)
{
	size_t d, k = 0, f = 0;
	long *of_mk = ml_xcalloc(m->nmks + 1, sizeof *of_mk);

	memset(its, 0, sizeof *its);
	for (d = 0; d < m->ndocs; d++) {
		size_t from = its->n, i;
		for (; k < m->nmks && m->mks[k].doc == d; k++)
			of_mk[k] = (long)S_new_item(its, d, (long)k);
		for (; f < m->nfds && m->fds[f].doc == d; f++) {
			long mk = m->fds[f].mk;
			size_t at = mk >= 0 ? (size_t)of_mk[mk]
			                    : S_portion_item(m, its, from, f);
			S_push(&its->v[at].fds, &its->v[at].nfds,
			       &its->v[at].afds, f);
		}
		for (i = from; i < its->n; i++)
			S_set_disp(m, &its->v[i]);
		S_sort_doc(m, its, from);
		S_merge(m, its, from);
	}
	free(of_mk);
}

void ml_memo__items_free(ml_memo__items *its)
{
	size_t i;

	for (i = 0; i < its->n; i++) {
		free(its->v[i].fds);
		free(its->v[i].merged);
	}
	free(its->v);
	memset(its, 0, sizeof *its);
}

/* --- references --- */

/* Calls fn(ctx, a, len) for each ';'-separated authority of s, trimmed. */
static void S_each_authority(const char *s,
                             void (*fn)(void *, const char *, size_t),
                             void *ctx)
{
	while (s && *s) {
		size_t n = strcspn(s, ";"), len = n;
		const char *a = s;
		while (len && *a == ' ') {
			a++;
			len--;
		}
		while (len && a[len - 1] == ' ')
			len--;
		if (len)
			fn(ctx, a, len);
		s += n + (s[n] == ';');
	}
}

static long S_ref_index(const ml_memo_refs *r, const char *a, size_t len)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strlen(r->v[i]) == len && strncmp(r->v[i], a, len) == 0)
			return (long)i;
	return -1;
}

static void S_ref_add(void *ctx, const char *a, size_t len)
{
	ml_memo_refs *r = ctx;

	if (S_ref_index(r, a, len) >= 0 || r->n >= 26)
		return;
	ML_VEC_GROW(r->v, r->alloc, r->n + 1, 16);
	r->v[r->n++] = ml_xstrndup(a, len);
}

void ml_memo_refs_add(ml_memo_refs *r, const char *s)
{
	S_each_authority(s, S_ref_add, r);
}

typedef struct S_cite {
	const ml_memo_refs *r;
	unsigned char used[26];
} S_cite;

static void S_ref_use(void *ctx, const char *a, size_t len)
{
	S_cite *c = ctx;
	long i = S_ref_index(c->r, a, len);

	if (i >= 0)
		c->used[i] = 1;
}

void ml_memo_refs_cite(const ml_memo_refs *r, const char *s, ml_buf *b)
{
	S_cite c;
	size_t i, n = 0, k = 0, first = 0, last = 0;

	memset(&c, 0, sizeof c);
	c.r = r;
	S_each_authority(s, S_ref_use, &c);
	for (i = 0; i < 26; i++)
		if (c.used[i]) {
			if (!n++)
				first = i;
			last = i;
		}
	if (!n)
		return;
	ml_buf_puts(b, n == 1 ? "reference " : "references ");
	if (n >= 3 && last - first + 1 == n) {
		ml_buf_printf(b, "(%c) to (%c)", 'a' + (int)first,
		              'a' + (int)last);
		return;
	}
	for (i = 0; i < 26; i++) {
		if (!c.used[i])
			continue;
		k++;
		ml_buf_printf(b, "%s(%c)", k == 1 ? "" : k == n ? " and "
		                                                : ", ",
		              'a' + (int)i);
	}
}

void ml_memo_refs_free(ml_memo_refs *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}

void ml_memo__say_free(ml_memo__say *s)
{
	size_t i;

	ml_memo_refs_free(&s->refs);
	for (i = 0; i < s->nsaid; i++) {
		free(s->said[i].text);
		free(s->said[i].at);
	}
	free(s->said);
	for (i = 0; i < s->nquoted; i++)
		free(s->quoted[i].at);
	free(s->quoted);
	memset(s, 0, sizeof *s);
}

/* Where advice s was given before ("3.b"), or NULL after noting that it
 * is given now, at say->label. */
static const char *S_said(ml_memo__say *say, const char *s)
{
	size_t i;

	for (i = 0; i < say->nsaid; i++)
		if (strcmp(say->said[i].text, s) == 0)
			return say->said[i].at;
	if (!say->label)
		return NULL;
	ML_VEC_GROW(say->said, say->asaid, say->nsaid + 1, 16);
	say->said[say->nsaid].text = ml_xstrdup(s);
	say->said[say->nsaid++].at = ml_xstrdup(say->label);
	return NULL;
}

/* --- where --- */

/* Parts as their reader names them: a part name starting with prefix
 * (and the rest up to suffix a number, when numbered) is called noun. */
typedef struct S_partname {
	const char *prefix, *suffix;
	const char *noun;     /* "%s" takes the part's number */
	int paragraph;        /* say which paragraph of the part */
} S_partname;

static const S_partname S_parts[] = {
	{"word/document.xml", "", "paragraph", 1},
	{"word/header", ".xml", "page header", 0},
	{"word/footer", ".xml", "page footer", 0},
	{"word/footnotes.xml", "", "footnotes", 1},
	{"word/endnotes.xml", "", "endnotes", 1},
	{"word/comments.xml", "", "comments", 1},
	{"content.xml", "", "paragraph", 1},
	{"styles.xml", "", "page header or footer", 0},
	{"ppt/slides/slide", ".xml", "slide %s", 1},
	{"ppt/notesSlides/notesSlide", ".xml", "notes of slide %s", 1},
	{"ppt/comments/", ".xml", "comments on slide %s", 1},
	{"page ", "", "page %s", 1},
};

/* The number between prefix and suffix of part, or "" (a static
 * buffer is not used: out holds it). */
static int S_part_number(const char *part, const S_partname *p, char *out,
                         size_t size)
{
	size_t pl = strlen(p->prefix), sl = strlen(p->suffix);
	size_t len = strlen(part), n;

	if (len < pl + sl || strncmp(part, p->prefix, pl) != 0 ||
	    strcmp(part + len - sl, p->suffix) != 0)
		return 0;
	n = len - pl - sl;
	if (!strstr(p->noun, "%s"))
		return n == 0 || strspn(part + pl, "0123456789") == n;
	if (n == 0 || n >= size || strspn(part + pl, "0123456789") != n)
		return 0;
	memcpy(out, part + pl, n);
	out[n] = '\0';
	return 1;
}

/* A section worth naming beside a paragraph it does not number: short
 * and a number ("C.3", "4.2.1"), not a heading's words. */
static int S_short_section(const char *s)
{
	return s && strlen(s) <= 12 && !strchr(s, ' ') &&
	       strpbrk(s, "0123456789") != NULL;
}

/* "paragraph C.3" (its own number), "paragraph 14 (in C.3)" (under a
 * numbered paragraph or heading), "paragraph 14". */
static void S_paragraph(const ml_memo__where *w, ml_buf *b)
{
	if (w->section && w->own_section)
		ml_buf_printf(b, "paragraph %s", w->section);
	else if (S_short_section(w->section))
		ml_buf_printf(b, "paragraph %u (in %s)", w->paragraph,
		              w->section);
	else
		ml_buf_printf(b, "paragraph %u", w->paragraph);
}

/* One location: "paragraph C.3", "paragraph 6", "page header", "slide
 * 3, paragraph 2", "line 12" or "paragraph 2, line 12" (a file's own
 * lines). */
static void S_where_one(const ml_memo *m, size_t doc,
                        const ml_memo__where *w, ml_buf *b)
{
	char num[16];
	size_t i;
	const char *part = w->part ? w->part : "";

	for (i = 0; i < sizeof S_parts / sizeof S_parts[0]; i++) {
		const S_partname *p = &S_parts[i];
		/* a slide is its number in the deck, which its part name need
		 * not be (ppt/slides/slide7.xml may come second) */
		if (w->slide && strncmp(part, "ppt/", 4) == 0 &&
		    strncmp(part, p->prefix, strlen(p->prefix)) == 0)
			snprintf(num, sizeof num, "%u", w->slide);
		else if (!S_part_number(part, p, num, sizeof num))
			continue;
		if (strcmp(p->noun, "paragraph") != 0) {
			ml_memo__fill(b, p->noun, num);
			if (!p->paragraph)
				return;
			ml_buf_puts(b, ", ");
		}
		S_paragraph(w, b);
		return;
	}
	/* a file of its own (text, XML): its paragraphs and lines; a
	 * paragraph's own number with its line, for the numbers of a
	 * checklist start again at 1 in each of its rules */
	if (w->section && w->own_section && w->line &&
	    S_is(part, m->docs[doc].path))
		ml_buf_printf(b, "paragraph %s, line %u", w->section, w->line);
	else if (w->section && w->own_section)
		ml_buf_printf(b, "paragraph %s", w->section);
	else if (w->line && !S_is(part, m->docs[doc].path))
		ml_buf_printf(b, "%s, line %u", part, w->line);
	else if (w->line)
		ml_buf_printf(b, "line %u", w->line);
	else if (w->paragraph)
		ml_buf_printf(b, "paragraph %u", w->paragraph);
	else
		ml_buf_puts(b, "the document");
}

/* Places joined: "page header and page footer"; places that differ only
 * by their last number are one group, "paragraphs 1, 2 and 5" (at most
 * S_MAX_PLACES numbers, then how many more), groups apart by ";". */
#define S_MAX_PLACES 12
static size_t S_key_len(const char *place)
{
	const char *sp = strrchr(place, ' ');

	if (!sp || !sp[1] || strspn(sp + 1, "0123456789") != strlen(sp + 1))
		return strlen(place); /* no number: a group of its own */
	return (size_t)(sp - place);
}

static void S_join_places(ml_buf *b, char *const *v, size_t n, size_t max)
{
	unsigned char *done = ml_xcalloc(n + 1, 1);
	size_t k, j, groups = 0, single = 0;

	for (k = 0; k < n; k++)
		single += S_key_len(v[k]) == strlen(v[k]);
	if (single == n) { /* "page header and page footer" */
		for (k = 0; k < n; k++)
			ml_buf_printf(b, "%s%s", k == 0 ? "" : k + 1 == n
			              ? " and " : ", ", v[k]);
		free(done);
		return;
	}
	for (k = 0; k < n; k++) {
		size_t kl = S_key_len(v[k]), count = 0, shown = 0;
		if (done[k])
			continue;
		for (j = k; j < n; j++)
			count += !done[j] && S_key_len(v[j]) == kl &&
			         strncmp(v[j], v[k], kl) == 0;
		ml_buf_puts(b, groups++ ? "; " : "");
		if (count == 1 || kl == strlen(v[k])) {
			ml_buf_puts(b, v[k]);
			done[k] = 1;
			continue;
		}
		ml_buf_printf(b, "%.*ss ", (int)kl, v[k]);
		for (j = k; j < n; j++) {
			if (done[j] || S_key_len(v[j]) != kl ||
			    strncmp(v[j], v[k], kl) != 0)
				continue;
			done[j] = 1;
			if (!max || shown < max)
				ml_buf_printf(b, "%s%s", shown == 0 ? ""
				              : shown + 1 == count ? " and " : ", ",
				              v[j] + kl + 1);
			shown++;
		}
		if (max && count > max)
			ml_buf_printf(b, " and %zu more", count - max);
	}
	free(done);
}

void ml_memo__item_where(const ml_memo *m, const ml_memo__items *its,
                         size_t i, unsigned flags, ml_buf *b)
{
	int path = m->ndocs > 1 && !(flags & ML_MEMO__NO_PATH);
	const ml_memo__item *it = &its->v[i];
	size_t k, n = 0, first;
	char **seen = ml_xcalloc(it->nmerged + 2, sizeof *seen);
	ml_buf one;

	if (path)
		ml_buf_printf(b, "%s, ", m->docs[it->doc].path);
	first = b->size;
	ml_buf_init(&one, ML_MEMO__BIG);
	for (k = 0; k <= it->nmerged; k++) {
		const ml_memo__item *x = k ? &its->v[it->merged[k - 1]] : it;
		size_t j;
		ml_buf_clear(&one);
		S_where_one(m, x->doc, S_at(m, x), &one);
		for (j = 0; j < n && strcmp(seen[j], one.ptr); j++)
			;
		if (j == n)
			seen[n++] = ml_xstrdup(one.ptr);
	}
	/* the attachment lists every place, a paragraph the first few */
	S_join_places(b, seen, n, flags & ML_MEMO__ALL_PLACES ? 0
	                                                     : S_MAX_PLACES);
	for (k = 0; k < n; k++)
		free(seen[k]);
	free(seen);
	ml_buf_free(&one);
	/* a sentence that starts with a file name keeps its spelling */
	if ((flags & ML_MEMO__CAP) && !path && b->size > first) {
		char *c = b->ptr + first;
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	}
}

/* --- an item's words --- */

static const char *S_where_phrase(const char *where)
{
	static const char *const w[][2] = {
		{"portion", "in the paragraph"}, {"footnote", "in a footnote"},
		{"endnote", "in an endnote"}, {"comment", "in a comment"},
		{"next-portion", "in the next paragraph"},
		{"attribute", "in its IC-ISM attributes"},
		{"document", "in the document"}, {"roll-up", "by roll-up"}};
	size_t i;

	for (i = 0; where && i < sizeof w / sizeof w[0]; i++)
		if (strcmp(w[i][0], where) == 0)
			return w[i][1];
	return NULL;
}

/* Is a suggestion a marking (to replace the one written), rather than
 * advice in words? */
static int S_is_marking(const char *s)
{
	ml_marking mk;
	const char *colon;

	if (!s)
		return 0;
	if (strncmp(s, "ism:", 4) == 0)
		return 1;
	/* a statement: its label, then a whole marking spelled out
	 * ("Dissemination: SECRET//REL TO USA, FVEY") */
	colon = strstr(s, ": ");
	if (colon && s[0] != '(')
		s = colon + 2;
	if (s[0] == '(')
		return ml_marking_find_portion_mark(s, strlen(s), 0, &mk,
		                                    NULL) == ML_MARKING_FOUND;
	return ml_marking_parse_banner(s, strlen(s), ML_MARKING_ICASE, &mk,
	                               NULL) == ML_MARKING_FOUND;
}

/* " Proposed: S." (S may end in its own period). */
static void S_proposed(ml_buf *b, const char *s)
{
	ml_buf_printf(b, " Proposed: %s%s", s,
	              s[strlen(s) - 1] == '.' ? "" : ".");
}

/* Appends s with its first letter capitalised and a final period. */
static void S_sentence(ml_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (!n)
		return;
	ml_buf_printf(b, " %c%.*s", s[0] >= 'a' && s[0] <= 'z'
	                            ? s[0] - 'a' + 'A' : s[0],
	              (int)(n - 1), s + 1);
	if (s[n - 1] != '.')
		ml_buf_putc(b, '.');
}

static int S_prose(const ml_memo__mk *k)
{
	return !k->form || S_is(k->form, "sentence");
}

/* Up to 16 quoted marks, for the item's mark. */
typedef struct S_marks {
	const char *v[16];
	size_t n;
} S_marks;

static void S_mark_add(S_marks *q, const char *mark)
{
	if (mark && q->n < 16)
		q->v[q->n++] = mark;
}

/* What the item quotes: the portion's excerpt, unless it is nothing but
 * the marking itself (a banner line). */
/* Where the portion at w was quoted before ("3.a"), or NULL after
 * noting that it is quoted now, at say->label. */
static const char *S_quoted(ml_memo__say *say, size_t doc,
                            const ml_memo__where *w)
{
	const char *part = w->part ? w->part : "";
	size_t i;

	for (i = say->nquoted; i-- > 0;) {
		const ml_memo__quoted *q = &say->quoted[i];
		if (q->doc == doc && q->paragraph == w->paragraph &&
		    q->line == w->line && strcmp(q->part, part) == 0)
			return q->at;
		if (q->doc != doc)
			break; /* a document's items are together */
	}
	if (!say->label)
		return NULL;
	ML_VEC_GROW(say->quoted, say->aquoted, say->nquoted + 1, 16);
	say->quoted[say->nquoted].doc = doc;
	say->quoted[say->nquoted].part = part;
	say->quoted[say->nquoted].paragraph = w->paragraph;
	say->quoted[say->nquoted].line = w->line;
	say->quoted[say->nquoted++].at = ml_xstrdup(say->label);
	return NULL;
}

/* What the item quotes: the restriction's sentence, or the portion's
 * excerpt unless it is nothing but the marking itself (a banner line). A
 * portion is quoted once: later items about it point back to it. */
static void S_quote(const ml_memo *m, const ml_memo__item *it,
                    ml_memo__say *say, ml_buf *b, S_marks *q)
{
	const ml_memo__mk *k = it->mk >= 0 ? &m->mks[it->mk] : NULL;
	const ml_memo__fd *f = it->nfds ? &m->fds[it->primary] : NULL;
	const char *ex = k ? k->excerpt : f ? f->excerpt : NULL;
	const char *qm = k ? k->qmark : f ? f->qmark : NULL;
	const char *before;
	char *cut;

	if (it->disp == 2 && it->nmerged)
		return; /* a correction at many places: the mark says it */
	if (!k && f && ex && f->message && strstr(f->message, ex))
		return; /* a line that is only a marking, which the message
		           names: a marking string is not document content */
	if (m->o.no_excerpts || !ex || !*ex ||
	    (k && k->text && strcmp(k->text, ex) == 0)) {
		if (k && !S_prose(k)) {
			size_t n = strlen(k->text); /* "NOFORN." ends once */
			while (n > 1 && k->text[n - 1] == '.')
				n--;
			ml_buf_printf(b, " %s %.*s.", S_is(k->form, "banner")
			              ? "Banner" : "Marking", (int)n, k->text);
		}
		else if (k)
			ml_buf_puts(b, " A foreign-participation restriction "
			            "(not quoted).");
		return;
	}
	before = S_quoted(say, it->doc, S_at(m, it));
	if (k && S_prose(k) && k->text) {
		cut = ml_memo_clean(k->text, before ? 40 : ML_MEMO__EXCERPT);
		ml_buf_printf(b, " \xe2\x80\x9c%s\xe2\x80\x9d", cut);
		if (before)
			ml_buf_printf(b, " (quoted in %s).", before);
		free(cut);
	} else if (before) {
		ml_buf_printf(b, " Marking %s of the paragraph quoted in %s.",
		              k && k->text ? k->text : qm, before);
		return;
	} else {
		size_t n = strlen(ex);
		/* a quote that does not end a sentence is followed by one */
		ml_buf_printf(b, " \xe2\x80\x9c%s\xe2\x80\x9d%s", ex,
		              n && strchr(".!?:", ex[n - 1]) ? "" : ".");
	}
	S_mark_add(q, qm);
}

static void S_basis(const ml_memo__mk *k, ml_buf *b)
{
	const char *w = S_where_phrase(k->where);

	if (S_is(k->status, "cited") && k->citation)
		ml_buf_printf(b, " Cites %s%s%s.", k->citation, w ? " " : "",
		              w ? w : "");
	else if (S_is(k->status, "weak") && k->citation)
		ml_buf_printf(b, " Gives only \xe2\x80\x9c%s\xe2\x80\x9d%s%s.",
		              k->citation, w ? " " : "", w ? w : "");
}

/* The recommendation of the item's own disposition. */
static char *S_leading_mark(const char *ex);

static void S_recommend(const ml_memo__item *it, const ml_memo__mk *k,
                        const ml_memo__fd *f, ml_memo__say *say,
                        ml_buf *b)
{
	const char *s = f->suggestion, *what = "it", *before;
	char *lead = k ? NULL : S_leading_mark(f->excerpt);
	int mark = S_is_marking(s);

	if (k && !S_prose(k))
		what = k->text;
	else if (lead && lead[0] == '(')
		what = lead;
	else if (!k && f->excerpt && f->message &&
	         strstr(f->message, f->excerpt))
		what = f->excerpt; /* a line that is only a marking */
	/* advice in words is given once; later items point back to it */
	before = s && !mark ? S_said(say, s) : NULL;
	switch (it->disp) {
	case 0: /* remove */
		if (mark)
			ml_buf_printf(b, " Replace %s with %s.", what, s);
		else if (before)
			ml_buf_printf(b, " As in paragraph %s.", before);
		else if (s)
			S_sentence(b, s);
		else
			ml_buf_puts(b, " Remove it, or cite the authority that "
			            "requires it.");
		break;
	case 1: /* review */
		if (before)
			ml_buf_printf(b, " Proposed: as in paragraph %s.", before);
		else if (s)
			S_proposed(b, s);
		break;
	case 2: /* correct */
		if (s && mark)
			ml_buf_printf(b, " Correct %s to %s.", what, s);
		else if (before)
			ml_buf_printf(b, " As in paragraph %s.", before);
		else if (s)
			S_sentence(b, s);
		else
			ml_buf_puts(b, " Rewrite it in register form.");
		break;
	case ML_MEMO__OTHER:
		if (before)
			ml_buf_printf(b, " As in paragraph %s.", before);
		else if (s)
			S_proposed(b, s);
		break;
	case 3: /* narrow */
		if (before)
			ml_buf_printf(b, " As in paragraph %s.", before);
		else
			S_sentence(b, s ? s : "narrow it to the work or "
			                      "information that needs it");
		break;
	default:
		break;
	}
	free(lead);
}

/* An accepted finding and its reason. A reason written in the document
 * (a suppression directive) is its author's text: quoted, it marks the
 * paragraph with its portion's mark. A baseline records no reason. */
static void S_accepted(const ml_memo *m, const ml_memo__fd *f, int folded,
                       ml_buf *b, S_marks *q)
{
	if (folded)
		ml_buf_printf(b, " %s was accepted", f->rule);
	else
		ml_buf_printf(b, " Accepted (%s)", f->rule);
	if (f->suppressed != ML_SUPPRESS_IN_SOURCE) {
		ml_buf_puts(b, " in the baseline.");
	} else if (!f->justification || !*f->justification) {
		ml_buf_puts(b, " in the document, with no reason given.");
	} else if (m->o.no_excerpts) {
		ml_buf_puts(b, " in the document, with a reason (not quoted).");
	} else {
		ml_buf_printf(b, " in the document: \xe2\x80\x9c%s\xe2\x80"
		              "\x9d.", f->justification);
		S_mark_add(q, f->qmark);
	}
}

/* A finding folded into the item's recommendation. */
static void S_folded(const ml_memo *m, const ml_memo__item *it,
                     const ml_memo__mk *k, const ml_memo__fd *primary,
                     const ml_memo__fd *f, ml_memo__say *say, ml_buf *b,
                     S_marks *q)
{
	int d = S_disp_index(f);
	size_t mark = b->size;
	const char *before;

	if (d == ML_MEMO__ACCEPTED) {
		S_accepted(m, f, 1, b, q);
		return;
	}
	if (d == 2 && it->disp < 2 && S_is_marking(primary->suggestion)) {
		ml_buf_printf(b, " The %s is in register form (%s).",
		              it->disp == 0 ? "replacement" : "proposal",
		              f->rule);
		return;
	}
	if (d == 3 && k && k->blanket)
		ml_buf_printf(b, " Its scope is blanket (\xe2\x80\x9c%s\xe2\x80"
		              "\x9d, %s", k->blanket, f->rule);
	else
		ml_buf_printf(b, " Also %s (%s", f->message ? f->message
		              : "flagged", f->rule);
	mark = b->size;
	ml_buf_puts(b, "; ");
	ml_memo_refs_cite(&say->refs, f->authority, b);
	if (b->size == mark + 2) {
		b->size = mark; /* no reference: drop the "; " */
		b->ptr[mark] = '\0';
	}
	ml_buf_puts(b, ")");
	before = f->suggestion && !S_is_marking(f->suggestion)
	             ? S_said(say, f->suggestion) : NULL;
	if (before)
		ml_buf_printf(b, ": as in paragraph %s", before);
	else if (f->suggestion)
		ml_buf_printf(b, ": %s%s", S_is_marking(f->suggestion)
		              ? "correct it to " : "", f->suggestion);
	ml_buf_putc(b, '.');
}

static void S_ids(const ml_memo *m, const ml_memo__items *its,
                  const ml_memo__item *it, ml_buf *b)
{
	size_t k, n = 0;

	for (k = 0; k <= it->nmerged; k++) {
		const ml_memo__item *x = k ? &its->v[it->merged[k - 1]] : it;
		if (x->mk < 0 || !m->mks[x->mk].id)
			continue;
		ml_buf_printf(b, "%s%s", n++ ? ", " : " (", m->mks[x->mk].id);
	}
	if (n)
		ml_buf_putc(b, ')');
}

char *ml_memo__item_text(const ml_memo *m, const ml_memo__items *its,
                         size_t i, ml_memo__say *say, unsigned flags,
                         ml_buf *b)
{
	const ml_memo__item *it = &its->v[i];
	const ml_memo__mk *k = it->mk >= 0 ? &m->mks[it->mk] : NULL;
	const ml_memo__fd *f = it->nfds ? &m->fds[it->primary] : NULL;
	S_marks q;
	size_t j;

	memset(&q, 0, sizeof q);
	if ((flags & ML_MEMO__WITH_DISP) && it->disp >= 0)
		ml_buf_printf(b, "%s: ", ml_memo__disps[it->disp].title);
	else
		flags |= ML_MEMO__CAP;
	ml_memo__item_where(m, its, i, flags, b);
	S_ids(m, its, it, b);
	ml_buf_putc(b, ':');
	S_quote(m, it, say, b, &q);
	if (k)
		S_basis(k, b);
	else if (f && f->message && !f->suggestion)
		S_sentence(b, f->message); /* what is wrong, with no fix */
	if (f && it->disp == ML_MEMO__ACCEPTED)
		S_accepted(m, f, 0, b, &q);
	else if (f)
		S_recommend(it, k, f, say, b);
	for (j = 0; j < it->nfds; j++)
		if (it->fds[j] != it->primary)
			S_folded(m, it, k, f, &m->fds[it->fds[j]], say, b,
			         &q);
	if ((flags & ML_MEMO__LANE) && f && f->lane_desc)
		ml_buf_printf(b, " Lane of cooperation: %s.", f->lane_desc);
	return ml_memo__rollup_marks(q.v, q.n);
}

/* --- the attachment's row --- */

static char *S_joined(const ml_memo *m, const ml_memo__item *it)
{
	ml_buf b;
	size_t j;
	char *s;

	ml_buf_init(&b, ML_MEMO__BIG);
	for (j = 0; j < it->nfds; j++)
		ml_buf_printf(&b, "%s%s", j ? ", " : "",
		              m->fds[it->fds[j]].rule);
	s = ml_memo_clean(b.size ? b.ptr : "\xe2\x80\x94", 0);
	ml_buf_free(&b);
	return s;
}

/* The mark a portion-level item's excerpt starts with, "(U//FOUO)". */
static char *S_leading_mark(const char *ex)
{
	size_t n;

	if (!ex || ex[0] != '(' || (n = strcspn(ex, ")")) == strlen(ex))
		return ml_xstrdup("\xe2\x80\x94");
	return ml_xstrndup(ex, n + 1);
}

void ml_memo__item_row(const ml_memo *m, const ml_memo__items *its,
                       size_t i, char **cells)
{
	const ml_memo__item *it = &its->v[i];
	const ml_memo__mk *k = it->mk >= 0 ? &m->mks[it->mk] : NULL;
	const ml_memo__fd *f = it->nfds ? &m->fds[it->primary] : NULL;
	const char *quoted = NULL;
	ml_buf b;

	ml_buf_init(&b, ML_MEMO__BIG);
	if (k && S_prose(k) && !m->o.no_excerpts && k->text) {
		char *cut = ml_memo_clean(k->text, 40);
		ml_buf_printf(&b, "\xe2\x80\x9c%s\xe2\x80\x9d", cut);
		free(cut);
		quoted = k->qmark;
	} else if (k && S_prose(k)) {
		ml_buf_puts(&b, "(restriction, not quoted)");
	} else if (k) {
		ml_buf_puts(&b, k->text ? k->text : "");
	}
	/* an item without a marking has a finding: its portion's mark */
	cells[3] = k ? ml_memo_clean(b.ptr, 0)
	             : S_leading_mark(f ? f->excerpt : NULL);
	cells[0] = ml_memo__rollup_marks(&quoted, quoted ? 1 : 0);
	ml_buf_clear(&b);
	S_ids(m, its, it, &b);
	/* " (M9, M10)" -> "M9, M10" */
	cells[1] = b.size > 3 ? ml_xstrndup(b.ptr + 2, b.size - 3)
	                      : ml_xstrdup("\xe2\x80\x94");
	ml_buf_clear(&b);
	ml_memo__item_where(m, its, i, ML_MEMO__ALL_PLACES, &b);
	cells[2] = ml_memo_clean(b.ptr, 0);
	ml_buf_clear(&b);
	if (k && S_is(k->status, "missing"))
		ml_buf_puts(&b, "none");
	else if (k && k->status)
		ml_buf_printf(&b, "%s%s%s", k->status, k->citation ? ": " : "",
		              k->citation ? k->citation : "");
	else
		ml_buf_puts(&b, "\xe2\x80\x94");
	cells[4] = ml_memo_clean(b.ptr, 0);
	cells[5] = S_joined(m, it);
	ml_buf_clear(&b);
	if (it->disp < 0)
		ml_buf_puts(&b, "\xe2\x80\x94");
	else
		ml_buf_puts(&b, ml_memo__disps[it->disp].name);
	if (f && it->disp != ML_MEMO__ACCEPTED && S_is_marking(f->suggestion))
		ml_buf_printf(&b, ": %s", f->suggestion);
	cells[6] = ml_memo_clean(b.ptr, 0);
	ml_buf_free(&b);
}

char *ml_memo__rollup(const ml_marking *v, size_t n, ml_marking_form f,
                      const char *none)
{
	const ml_marking **p = ml_xcalloc(n + 1, sizeof *p);
	ml_marking out;
	size_t i;
	ml_buf b;

	for (i = 0; i < n; i++)
		p[i] = &v[i];
	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	if (n && ml_marking_rollup(p, n, &out) == 0)
		ml_marking_format(&out, f, &b);
	free(p);
	if (!b.size) {
		ml_buf_free(&b);
		return ml_xstrdup(none);
	}
	return ml_buf_detach(&b, NULL);
}

char *ml_memo__rollup_marks(const char *const *marks, size_t n)
{
	ml_marking *v = ml_xcalloc(n + 1, sizeof *v);
	size_t i, k = 0;
	char *s;

	for (i = 0; i < n; i++)
		if (marks[i] && ml_marking_find_portion_mark(marks[i],
		    strlen(marks[i]), 0, &v[k], NULL) == ML_MARKING_FOUND)
			k++;
	s = ml_memo__rollup(v, k, ML_MARKING_PORTION, "(U)");
	free(v);
	return s;
}
