/* ml_report.c - the report of ml_check: names, the strings it owns, its
 * markings and findings, and the pattern helpers every check stage uses. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_hash.h"
#include "ml_lanes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- names --- */

const char *ml_mark_kind_name(ml_mark_kind k)
{
	return k == ML_KIND_NOFORN ? "noforn" : "foreign-restriction";
}

const char *ml_mark_form_name(ml_mark_form f)
{
	static const char *const names[] = {"portion", "banner", "statement",
	                                    "attribute", "sentence"};
	return (unsigned)f < 5 ? names[f] : "";
}

const char *ml_just_status_name(ml_just_status s)
{
	static const char *const names[] = {"cited", "weak", "missing"};
	return (unsigned)s < 3 ? names[s] : "";
}

const char *ml_where_name(ml_where w)
{
	static const char *const names[] = {
	    "", "portion", "footnote", "endnote", "comment", "next-portion",
	    "attribute", "document", "roll-up", "next-portion"};
	return (unsigned)w < sizeof names / sizeof names[0] ? names[w] : "";
}

/* --- memos --- */

int ml_check__memo_get(const ml_memo *m, const char *s, size_t n, int *v)
{
	size_t k;

	if (n >= ML_MEMO_KEY)
		return 0;
	for (k = 0; k < m->nused; k++)
		if (m->slot[k].n == n && memcmp(m->slot[k].key, s, n) == 0) {
			*v = m->slot[k].v;
			return 1;
		}
	return 0;
}

void ml_check__memo_put(ml_memo *m, const char *s, size_t n, int v)
{
	if (n >= ML_MEMO_KEY)
		return;
	m->slot[m->next].n = n;
	memcpy(m->slot[m->next].key, s, n);
	m->slot[m->next].v = v;
	m->next = (m->next + 1) % ML_MEMO_SLOTS;
	if (m->nused < ML_MEMO_SLOTS)
		m->nused++;
}

/* --- report storage --- */

/* Makes room in the string table (open addressing, power-of-two size). */
static void S_strtab_grow(ml_report *r)
{
	size_t n = r->strtab_size ? r->strtab_size * 2 : 256, i;
	ml_strings **t = ml_xcalloc(n, sizeof *t);

	for (i = 0; i < r->strtab_size; i++) {
		ml_strings *e = r->strtab[i];
		size_t j;
		if (!e)
			continue;
		for (j = e->hash & (n - 1); t[j]; j = (j + 1) & (n - 1))
			;
		t[j] = e;
	}
	free(r->strtab);
	r->strtab = t;
	r->strtab_size = n;
}

/* A copy of s[0..n) owned by the report. Equal strings are stored once:
 * a document repeats the same marks and messages thousands of times. */
const char *ml_check__keep(ml_report *r, const char *s, size_t n)
{
	uint64_t h = ml_fnv1a(ML_FNV1A_BASIS, s, n);
	ml_strings *node;
	size_t j;

	if (2 * (r->nstrings + 1) > r->strtab_size)
		S_strtab_grow(r);
	for (j = h & (r->strtab_size - 1); (node = r->strtab[j]);
	     j = (j + 1) & (r->strtab_size - 1))
		if (node->hash == h && node->len == n &&
		    memcmp(node->s, s, n) == 0)
			return node->s;
	node = ml_xmalloc(sizeof *node + n + 1);
	memcpy(node->s, s, n);
	node->s[n] = '\0';
	node->len = n;
	node->hash = h;
	node->next = r->strings;
	r->strings = node;
	r->strtab[j] = node;
	r->nstrings++;
	return node->s;
}

const char *ml_check__keepf(ml_report *r, const char *fmt, ...)
{
	ml_buf b;
	va_list ap;
	const char *s;

	ml_buf_init(&b, 1 << 16);
	va_start(ap, fmt);
	ml_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = ml_check__keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
}

/* At most this many placeholders in a text (ml_wording.c's table). */
#define S_MAX_ARGS 8

const char *ml_check__vsay(ml_report *r, ml_wording w, va_list ap)
{
	const char *args[S_MAX_ARGS];
	size_t i, n = ml_wording_nargs(w);
	const char *s;
	ml_buf b;

	for (i = 0; i < n && i < S_MAX_ARGS; i++)
		args[i] = va_arg(ap, const char *);
	ml_buf_init(&b, 1 << 16);
	ml_wordings_fill(ml_rules_wordings(r->rs), w, args, &b);
	s = ml_check__keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
}

const char *ml_check__say(ml_report *r, ml_wording w, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, w);
	s = ml_check__vsay(r, w, ap);
	va_end(ap);
	return s;
}

ml_finding *ml_check__report(ml_report *r, ml_wording w, size_t portion,
                            long mark, ...)
{
	const char *msg;
	va_list ap;

	if (!ml_check__rule_on(r, ml_wording_rule(w)))
		return NULL; /* no message to build */
	va_start(ap, mark);
	msg = ml_check__vsay(r, w, ap);
	va_end(ap);
	return ml_check__add_finding(r, ml_wording_rule(w), portion, mark, msg);
}

ml_finding *ml_report_say(ml_report *r, ml_wording w, size_t portion, ...)
{
	const char *msg;
	va_list ap;

	if (!ml_check__rule_on(r, ml_wording_rule(w)))
		return NULL;
	va_start(ap, portion);
	msg = ml_check__vsay(r, w, ap);
	va_end(ap);
	return ml_check__add_finding(r, ml_wording_rule(w), portion, -1, msg);
}

int ml_check__rule_on(const ml_report *r, const char *rule_id)
{
	const ml_ruledef *def = rule_id ? ml_rules_def(r->rs, rule_id) : NULL;

	return def && def->enabled;
}

ml_found *ml_check__add_mark(ml_report *r, ml_mark_kind kind,
                            ml_mark_form form, size_t portion, size_t off,
                            size_t len)
{
	const ml_portion *p = ml_doc_portion(r->doc, portion);
	ml_found *m;

	ML_VEC_GROW(r->marks, r->cmarks, r->nmarks + 1, 16);
	m = &r->marks[r->nmarks];
	memset(m, 0, sizeof *m);
	snprintf(m->id, sizeof m->id, "M%zu", r->nmarks + 1);
	r->nmarks++;
	m->kind = kind;
	m->form = form;
	m->portion = portion;
	m->off = off;
	m->len = len;
	m->text = ml_check__keep(r, p->text + off, len);
	m->status = ML_JUST_MISSING;
	return m;
}

/* Findings are kept in document order (portion order; within a portion,
 * in the order they are made). They are made in that order but for the
 * banners, judged once the whole document is known: those few are moved
 * into place. Returns the slot for a new finding at portion. */
static ml_finding *S_place_finding(ml_report *r, size_t portion)
{
	size_t lo = 0, hi = r->nfinds;

	if (!r->nfinds || r->finds[r->nfinds - 1].portion <= portion)
		return &r->finds[r->nfinds++];
	while (lo < hi) { /* the first finding past portion */
		size_t mid = (lo + hi) / 2;
		if (r->finds[mid].portion <= portion)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&r->finds[lo + 1], &r->finds[lo],
	        (r->nfinds - lo) * sizeof *r->finds);
	r->nfinds++;
	/* the finding's marking index is unchanged; only order moves */
	return &r->finds[lo];
}

ml_finding *ml_check__add_finding(ml_report *r, const char *rule_id,
                                 size_t portion, long mark,
                                 const char *message)
{
	const ml_ruledef *def = ml_rules_def(r->rs, rule_id);
	ml_finding *f;

	if (!def || !def->enabled)
		return NULL;
	ML_VEC_GROW(r->finds, r->cfinds, r->nfinds + 1, 16);
	f = S_place_finding(r, portion);
	memset(f, 0, sizeof *f);
	f->rule = def;
	f->severity = def->severity;
	f->message = message;
	f->portion = portion;
	f->marking = mark;
	f->disposition = def->disposition;
	return f;
}

/* --- pattern helpers --- */

/* Finds the next match of rx at or after start; records a limit hit in the
 * report (the caller stops). */
int ml_check__find(ml_report *r, const ml_rx *rx, const char *text,
                  size_t len, size_t start, size_t *so, size_t *eo)
{
	int m;

	if (!rx || r->failed)
		return 0;
	m = ml_rx_find(rx, r->scratch, text, len, start, so, eo);
	if (m == ML_ELIMIT) {
		r->failed = 1;
		if (r->err) {
			r->err->status = ML_ELIMIT;
			snprintf(r->err->code, sizeof r->err->code,
			         "limit-pattern");
			snprintf(r->err->message, sizeof r->err->message,
			         "a pattern hit PCRE2's match limit on a "
			         "portion of %zu bytes", len);
		}
		return 0;
	}
	return m == 1;
}

/* Does any pattern of kind match text? (the cheap first pass) */
int ml_check__any(ml_report *r, ml_pat_kind kind, const char *text,
                 size_t len)
{
	size_t so, eo;

	return ml_check__find(r, ml_rules_any(r->rs, kind), text, len, 0, &so, &eo);
}

void ml_report_free(ml_report *r)
{
	ml_strings *s, *next;
	size_t i;

	if (!r)
		return;
	for (s = r->strings; s; s = next) {
		next = s->next;
		free(s);
	}
	free(r->marks);
	free(r->finds);
	free(r->strtab);
	for (i = 0; i < r->ninterned; i++)
		free(r->interned[i]);
	free(r->interned);
	free(r->parsed);
	free(r->lane_hits);
	free(r->rolled);
	ml_check__memo_free(r->judge_memo);
	free(r);
}

const ml_doc *ml_report_doc(const ml_report *r) { return r->doc; }
const ml_rules *ml_report_rules(const ml_report *r) { return r->rs; }

size_t ml_report_markings(const ml_report *r, const ml_found **out)
{
	*out = r->marks;
	return r->nmarks;
}

const ml_found *ml_report_finding_marking(const ml_report *r,
                                          const ml_finding *f)
{
	return f->marking >= 0 && (size_t)f->marking < r->nmarks
	           ? &r->marks[f->marking] : NULL;
}

size_t ml_report_findings(const ml_report *r, const ml_finding **out)
{
	*out = r->finds;
	return r->nfinds;
}

void ml_report_counts(const ml_report *r, size_t counts[3])
{
	size_t i;

	counts[0] = counts[1] = counts[2] = 0;
	for (i = 0; i < r->nfinds; i++)
		counts[r->finds[i].severity]++;
}

void ml_report_suppress(ml_report *r, size_t i, int kind,
                        const char *justification)
{
	if (i >= r->nfinds)
		return;
	r->finds[i].suppressed = kind;
	r->finds[i].justification = justification ?
	    ml_check__keep(r, justification, strlen(justification)) : NULL;
}

int ml_finding_reported(const ml_finding *f, ml_severity min)
{
	return (!f->rule || f->rule->enabled) && f->severity >= min;
}

int ml_finding_counts(const ml_finding *f, ml_severity min)
{
	return ml_finding_reported(f, min) &&
	       f->suppressed == ML_SUPPRESS_NONE;
}

const char *ml_context(const ml_portion *p, size_t off, size_t len,
                       size_t *n)
{
	size_t start = 0, end = p->len;

	if (p->len <= ML_CONTEXT_MAX) {
		*n = p->len;
		return p->text;
	}
	if (len > ML_CONTEXT_MAX)
		len = ML_CONTEXT_MAX;
	/* centre the marking in the window */
	if (off + len / 2 > ML_CONTEXT_MAX / 2)
		start = off + len / 2 - ML_CONTEXT_MAX / 2;
	if (start + ML_CONTEXT_MAX > p->len)
		start = p->len - ML_CONTEXT_MAX;
	end = start + ML_CONTEXT_MAX;
	/* keep whole UTF-8 characters */
	while (start < p->len && ((unsigned char)p->text[start] & 0xC0) == 0x80)
		start++;
	while (end > start && end < p->len &&
	       ((unsigned char)p->text[end] & 0xC0) == 0x80)
		end--;
	*n = end - start;
	return p->text + start;
}

