/* ml_detect.c - MARKINGS.md 3.1: portion marks, banner lines, dissemination
 * statements and IC-ISM attributes. */
#include "ml_check_int.h"
#include "ml_buf.h"
#include "ml_lanes.h"
#include "ml_pmark.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- detection --- */

/* One copy of each distinct marking: a document repeats a few marks
 * thousands of times, and a marking is large, so memory stays flat. */
static const ml_marking *S_intern(ml_report *r, const ml_marking *m)
{
	ml_marking key = *m;
	size_t i;

	key.off = key.len = 0;
	for (i = 0; i < r->ninterned; i++)
		if (memcmp(r->interned[i], &key, sizeof key) == 0)
			return r->interned[i];
	ML_VEC_GROW(r->interned, r->cinterned, r->ninterned + 1, 16);
	r->interned[r->ninterned] = ml_xmalloc(sizeof key);
	*r->interned[r->ninterned] = key;
	return r->interned[r->ninterned++];
}

/* Keeps a portion's marking for the banner roll-up (distinct ones). */
static void S_keep_parsed(ml_report *r, const ml_marking *m)
{
	const ml_marking *in = S_intern(r, m);
	size_t i;

	for (i = 0; i < r->nparsed; i++)
		if (r->parsed[i] == in)
			return;
	ML_VEC_GROW(r->parsed, r->cparsed, r->nparsed + 1, 16);
	r->parsed[r->nparsed++] = in;
}

/* Does a marking that did not parse still carry NOFORN as one of its
 * blocks ("TOP SECRET//SCI//NOFORN", "(S/NF)")? A reader sees NOFORN
 * there, so it is a NOFORN marking as well as a malformed one. */
static int S_malformed_noforn(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start, n;
		while (i < len && (s[i] == '/' || s[i] == '(' || s[i] == ')' ||
		                   s[i] == ' ' || s[i] == ','))
			i++;
		start = i;
		while (i < len && s[i] != '/' && s[i] != ')' && s[i] != ',')
			i++;
		n = i - start;
		while (n && s[start + n - 1] == ' ')
			n--;
		if ((n == 2 && strncmp(s + start, "NF", 2) == 0) ||
		    (n == 6 && strncmp(s + start, "NOFORN", 6) == 0))
			return 1;
	}
	return 0;
}

static int S_has_noforn(const ml_marking *m)
{
	return (m->dissem & (ML_DISSEM_NOFORN | ML_DISSEM_SBU_NF |
	                     ML_DISSEM_LES_NF)) != 0;
}

/* The message of a problem of the marking grammar (the rule's <message
 * case="problem">, or case="portion"/"banner" for a string that does not
 * parse), owned by the report. */
static const char *S_problem(ml_report *r, const char *rule,
                             const char *marking, const char *problem)
{
	const char *s;
	ml_buf b;

	ml_buf_init(&b, 1 << 16);
	ml_wordings_fill_problem(ml_rules_wordings(r->rs), rule, marking,
	                         problem, &b);
	s = ml_check__keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
}

/* m without FOUO, in its own form, an unclassified marking made CUI:
 * "(U//FOUO/NF)" -> "(CUI//NF)", "(S//FOUO)" -> "(S)", "SECRET//FOUO"
 * -> "SECRET" (MARKINGS.md 5: a disposition of correct comes with the
 * corrected marking). NULL when that is no valid register marking. */
static const char *S_fouo_fix(ml_report *r, const ml_marking *m)
{
	ml_marking c = *m;
	ml_marking_note notes[ML_MARKING_MAX_NOTES];
	const char *s;
	ml_buf b;

	c.dissem &= ~(uint32_t)ML_DISSEM_FOUO;
	if (c.level <= ML_CLASS_CUI)
		c.level = ML_CLASS_CUI;
	if (ml_marking_check(&c, notes, ML_MARKING_MAX_NOTES) != 0)
		return NULL;
	ml_buf_init(&b, 4096); /* freed below */
	if (ml_marking_format(&c, m->form, &b) != 0 || b.size == 0) {
		ml_buf_free(&b);
		return NULL;
	}
	s = ml_check__keep(r, b.ptr, b.size);
	ml_buf_free(&b);
	return s;
}

/* FOUO-OBSOLETE for a marking that carries FOUO; the correction is the
 * marking without FOUO, CUI when unclassified (a bare CUI mark in the
 * marking's form when that is all that reads), none for IC-ISM
 * attributes (a portion mark does not replace attributes). */
static void S_fouo(ml_report *r, size_t portion, const ml_marking *m,
                   const char *shown, long mark, int attribute)
{
	ml_finding *f;

	if (!(m->dissem & ML_DISSEM_FOUO))
		return;
	f = ml_check__report(r, ML_W_FOUO, portion, mark, shown);
	if (!f || attribute)
		return;
	f->suggestion = S_fouo_fix(r, m);
	if (!f->suggestion && m->level <= ML_CLASS_CUI)
		f->suggestion = ml_check__say(r, m->form == ML_MARKING_PORTION
		                                     ? ML_W_FOUO_PORTION
		                                     : ML_W_FOUO_BANNER);
}

/* The register's rules on a marking that is no string (IC-ISM
 * attributes): MARKING-MALFORMED and NOFORN-RELTO-CONFLICT, and
 * FOUO-OBSOLETE. */
static void S_value_rules(ml_report *r, size_t portion, const ml_marking *m,
                          const char *shown, long mark)
{
	ml_marking_note notes[ML_MARKING_MAX_NOTES];
	size_t n = ml_marking_check(m, notes, ML_MARKING_MAX_NOTES), i;

	for (i = 0; i < n; i++)
		if (strcmp(notes[i].rule, "MARKING-NONSTANDARD") != 0 &&
		    ml_check__rule_on(r, notes[i].rule))
			ml_check__add_finding(r, notes[i].rule, portion, mark,
			                      S_problem(r, notes[i].rule, shown,
			                                notes[i].msg));
	S_fouo(r, portion, m, shown, mark, 1);
}

/* --- judged markings (ml_marking_judge) --- */

/* A judgement, and the reader's own reason when it found an agency or
 * legacy form the grammar did not call nonstandard itself. */
typedef struct S_judged {
	ml_marking_judgement j;
	int why; /* an ML_W_NONSTANDARD_* wording, or -1 */
} S_judged;

/* Makes *jd nonstandard for the reader's reason why, with the register
 * form of what the grammar read as the correction. */
static void S_nonstandard(S_judged *jd, int why)
{
	ml_marking_judgement *j = &jd->j;
	ml_buf b;

	j->verdict = ML_VERDICT_NONSTANDARD;
	j->nnotes = 0;
	jd->why = why;
	ml_buf_init(&b, ML_MARKING_MAX_LEN);
	if (ml_marking_format(&j->m, j->form, &b) == 0)
		snprintf(j->suggestion, sizeof j->suggestion, "%s", b.ptr);
	ml_buf_free(&b);
}

/* Judges s[0..n) in form (ml_marking_judge). why is what the reader
 * found that the grammar does not see (a banner line's trailer: an
 * ML_W_NONSTANDARD_* wording, or -1): it makes a valid marking
 * nonstandard. */
static void S_judge(const char *s, size_t n, ml_marking_form form, int why,
                    S_judged *jd)
{
	unsigned flags = form == ML_MARKING_PORTION
	                     ? ML_JUDGE_PORTION
	                     : ML_JUDGE_BANNER | ML_MARKING_ICASE;

	jd->why = -1;
	ml_marking_judge(s, n, flags, &jd->j);
	if (jd->j.verdict == ML_VERDICT_VALID && why >= 0)
		S_nonstandard(jd, why);
}

/* The judgements of the latest distinct marking strings: a document
 * repeats a few marks ("(U)" opens most portions of some) and banner
 * lines (one per page), and a judgement reads the whole grammar and
 * clears 30 KB. A judgement is a function of the string, its form and
 * why alone. Longer strings are judged each time, in the next slot. */
#define S_MEMO_SLOTS 8
#define S_MEMO_KEY 64

typedef struct S_memo_slot {
	ml_marking_form form;
	int why;
	size_t n;               /* bytes of key; S_MEMO_KEY: none kept */
	char key[S_MEMO_KEY];
	S_judged jd;
} S_memo_slot;

struct ml_judge_memo {
	S_memo_slot slot[S_MEMO_SLOTS];
	size_t nused, next;
};

void ml_check__memo_free(ml_judge_memo *m)
{
	free(m);
}

/* The judgement of s[0..n) in form with why (as S_judge), borrowed from
 * the report: valid until the next call. */
static const S_judged *S_judge_memo(ml_report *r, const char *s, size_t n,
                                    ml_marking_form form, int why)
{
	ml_judge_memo *m = r->judge_memo;
	S_memo_slot *e;
	size_t k;

	if (!m)
		m = r->judge_memo = ml_xcalloc(1, sizeof *m);
	for (k = 0; k < m->nused && n < S_MEMO_KEY; k++) {
		e = &m->slot[k];
		if (e->n == n && e->form == form && e->why == why &&
		    memcmp(e->key, s, n) == 0)
			return &e->jd;
	}
	e = &m->slot[m->next];
	m->next = (m->next + 1) % S_MEMO_SLOTS;
	if (m->nused < S_MEMO_SLOTS)
		m->nused++;
	e->form = form;
	e->why = why;
	e->n = n < S_MEMO_KEY ? n : S_MEMO_KEY;
	if (n < S_MEMO_KEY)
		memcpy(e->key, s, n);
	S_judge(s, n, form, why, &e->jd);
	return &e->jd;
}

/* The findings of a judged marking: one per rule its notes name
 * (MARKING-MALFORMED, MARKING-NONSTANDARD, NOFORN-RELTO-CONFLICT), its
 * reasons joined, with the correction as the suggestion of the form
 * rules, or the reader's own reason; and FOUO-OBSOLETE. */
static void S_judged_rules(ml_report *r, size_t portion, long mark,
                           const S_judged *jd, const char *text)
{
	const ml_marking_judgement *j = &jd->j;
	const char *sugg = j->suggestion[0]
	                       ? ml_check__keep(r, j->suggestion,
	                                        strlen(j->suggestion))
	                       : NULL;
	ml_finding *f;
	size_t k, l;

	if (jd->why >= 0) {
		f = ml_check__report(r, (ml_wording)jd->why, portion, mark,
		                     text, sugg ? sugg : "");
		if (f)
			f->suggestion = sugg;
	}
	for (k = 0; k < j->nnotes; k++) {
		const char *rule = j->notes[k].rule;
		int seen = 0;
		ml_buf msg;

		for (l = 0; l < k; l++)
			seen |= strcmp(j->notes[l].rule, rule) == 0;
		if (seen || !ml_check__rule_on(r, rule))
			continue;
		ml_buf_init(&msg, 4096);
		for (l = k; l < j->nnotes; l++)
			if (strcmp(j->notes[l].rule, rule) == 0)
				ml_buf_printf(&msg, "%s%s", l > k ? "; " : "",
				              j->notes[l].msg);
		if (!j->parsed && k == 0)
			f = ml_check__report(r, j->form == ML_MARKING_PORTION
			                            ? ML_W_MALFORMED_PORTION
			                            : ML_W_MALFORMED_BANNER,
			                     portion, mark, text, msg.ptr);
		else
			f = ml_check__add_finding(r, rule, portion, mark,
			                          S_problem(r, rule, text,
			                                    msg.ptr));
		ml_buf_free(&msg);
		if (f && sugg && strcmp(rule, "NOFORN-RELTO-CONFLICT") != 0)
			f->suggestion = sugg;
	}
	if (j->parsed)
		S_fouo(r, portion, &j->m, text, mark, 0);
}

/* Returns where the portion's text starts after its portion mark (0 when
 * it has none), so that a restriction sentence does not begin with it. */
size_t ml_check__detect_portion_mark(ml_report *r, size_t i,
                                    const ml_portion *p)
{
	const char *mark = p->text + p->mark_off;
	const S_judged *jd = S_judge_memo(r, mark, p->mark_len,
	                                  ML_MARKING_PORTION, -1);
	ml_found *f = NULL;
	const char *text;
	int noforn;

	if (jd->j.verdict == ML_VERDICT_NONE)
		return 0;
	noforn = jd->j.parsed ? S_has_noforn(&jd->j.m)
	                      : S_malformed_noforn(mark, p->mark_len);
	if (noforn) {
		f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_PORTION, i,
		                       p->mark_off, p->mark_len);
		if (jd->j.parsed)
			f->marking = S_intern(r, &jd->j.m);
		r->noforn_portions++;
		text = f->text;
	} else {
		text = ml_check__keep(r, mark, p->mark_len);
	}
	if (jd->j.parsed)
		S_keep_parsed(r, &jd->j.m);
	S_judged_rules(r, i, f ? (long)(f - r->marks) : -1, jd, text);
	return p->mark_off + p->mark_len;
}

int ml_check_mark_valid(const char *mark, size_t len)
{
	S_judged *jd = ml_xmalloc(sizeof *jd);
	int valid;

	S_judge(mark, len, ML_MARKING_PORTION, -1, jd);
	valid = jd->j.verdict == ML_VERDICT_VALID;
	free(jd);
	return valid;
}

/* Does s[0..n) read as a banner line (ml_marking_parse_banner, case
 * ignored)? Asked of every page's header and footer: memoised. */
static int S_banner_reads(ml_report *r, const char *s, size_t n)
{
	ml_marking m;
	ml_marking_error e;
	int v;

	if (ml_check__memo_get(&r->banner_memo, s, n, &v))
		return v;
	v = ml_marking_parse_banner(s, n, ML_MARKING_ICASE, &m, &e) !=
	    ML_MARKING_NONE;
	ml_check__memo_put(&r->banner_memo, s, n, v);
	return v;
}

/* Does t[0..n) start like prose: a word in lower or title case, with no
 * slash (a banner in mixed case, "Secret//Noforn", has one)? */
static int S_prose_start(const char *t, size_t n)
{
	return n > 1 && ((t[0] >= 'a' && t[0] <= 'z') ||
	                 (t[1] >= 'a' && t[1] <= 'z')) && !memchr(t, '/', n);
}

/* The banner in a banner line, as written but without a trailer (a date,
 * a cable's routing), into buf. Returns 0 when the line does not look
 * like a banner (a letter-spaced classification is looked at spelled
 * out); *why gets ML_W_NONSTANDARD_TRAILER when a trailer was cut. */
static int S_banner_candidate(ml_report *r, const ml_portion *p,
                              ml_pmark_banner *pb, char *buf, size_t size,
                              int *why)
{
	char spelled[ML_BANNER_MAX + 32];
	size_t b = ml_pmark_banner_start(p->text, p->len);
	int n;

	*why = -1;
	/* most portions start like prose: tested first, where a banner
	 * would start (after a "Classification:" label), as it is cheap;
	 * then on the banner found, which a trailer may have cut short */
	if (S_prose_start(p->text + b, p->len - b) ||
	    !ml_pmark_banner_find(p->text, p->len, pb) || pb->len >= size ||
	    S_prose_start(p->text + pb->off, pb->len))
		return 0;
	memcpy(buf, p->text + pb->off, pb->len);
	buf[pb->len] = '\0';
	if (pb->trailer)
		*why = ML_W_NONSTANDARD_TRAILER;
	if (!pb->spaced)
		return S_banner_reads(r, buf, pb->len);
	n = snprintf(spelled, sizeof spelled, "%s%s", pb->spaced,
	             buf + pb->spaced_len);
	return n > 0 && (size_t)n < sizeof spelled &&
	       S_banner_reads(r, spelled, (size_t)n);
}

/* A whole-portion banner line; returns 1 when the portion was one. */
int ml_check__detect_banner(ml_report *r, size_t i, const ml_portion *p)
{
	char buf[ML_BANNER_MAX + 32];
	ml_pmark_banner pb;
	const S_judged *jd;
	const char *text;
	ml_found *f = NULL;
	int why, parsed;

	if (p->len > ML_BANNER_MAX ||
	    !S_banner_candidate(r, p, &pb, buf, sizeof buf, &why))
		return 0;
	jd = S_judge_memo(r, buf, strlen(buf), ML_MARKING_BANNER, why);
	if (jd->j.verdict == ML_VERDICT_NONE)
		return 0;
	parsed = jd->j.parsed;
	if (jd->j.verdict == ML_VERDICT_VALID || parsed || why >= 0 ||
	    S_malformed_noforn(buf, strlen(buf))) {
		if (r->nbanners++ == 0)
			r->first_banner = (long)i;
		r->last_banner = (long)i;
	}
	if (parsed ? S_has_noforn(&jd->j.m)
	           : S_malformed_noforn(buf, strlen(buf))) {
		r->banner_noforn = 1;
		f = ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_BANNER, i,
		                       pb.off, pb.len);
		if (parsed)
			f->marking = S_intern(r, &jd->j.m);
		text = f->text;
	} else {
		text = ml_check__keep(r, p->text + pb.off, pb.len);
	}
	S_judged_rules(r, i, f ? (long)(f - r->marks) : -1, jd, text);
	return 1;
}

/* The mention patterns look at a portion's start: a label is short and
 * the words that make a portion an example come right after its mark. */
#define S_MENTION_HEAD 160
/* What may follow a mark on an example's marking-only line: "(for legacy
 * information only)". */
#define S_EXAMPLE_TAIL 40

/* Where a short remark in parentheses at the end of p begins, spaces
 * before it left out: "(for legacy information only)"; p->len when p
 * ends with none. */
static size_t S_before_remark(const ml_portion *p)
{
	size_t k;

	if (p->len < 3 || p->text[p->len - 1] != ')')
		return p->len;
	for (k = p->len - 1; k > 0 && p->len - k <= S_EXAMPLE_TAIL; k--)
		if (p->text[k - 1] == '(')
			break;
	if (k < 2 || p->len - k > S_EXAMPLE_TAIL || p->text[k - 2] != ' ')
		return p->len;
	for (k -= 2; k > 0 && p->text[k - 1] == ' '; k--)
		;
	return k;
}

/* Is p a portion mark alone, or one followed only by a short remark in
 * parentheses: "(TS//HCS//NF) (for legacy information only)"? */
static int S_marking_only(const ml_portion *p)
{
	size_t k = p->mark_off + p->mark_len;

	while (k < p->len && (p->text[k] == ' ' || p->text[k] == '.'))
		k++;
	return k == p->len ||
	       (p->text[k] == '(' && p->len - k <= S_EXAMPLE_TAIL &&
	        p->text[p->len - 1] == ')');
}

/* Examples are mentions (marklint-rules(5), EXAMPLES). A portion that
 * labels an example ("(U) Example Portion Mark:", "Banner Line:") or says
 * it is one ("(TS//NF) This is the portion mark for...") is an example,
 * and so are the marking-only lines right after it (the banner and the
 * portion mark a manual shows under its label), and a banner line equal
 * to the latest example's banner (a notional page's header repeated as
 * its footer). Returns 1 when p is part of an example: its markings and
 * sentences are quoted, not imposed, and yield nothing. */
int ml_check__example(ml_report *r, const ml_portion *p)
{
	char buf[ML_BANNER_MAX + 32];
	ml_pmark_banner pb;
	int why, banner;

	int mention = ml_check__any(r, ML_PAT_MENTION, p->text,
	                            p->len < S_MENTION_HEAD ? p->len
	                                                    : S_MENTION_HEAD);

	if (ml_check__table_cell(r, p, mention))
		return 1;
	if (mention) {
		r->example_open = 1;
		return 1;
	}
	if (!r->example_open && !r->example_banner)
		return 0;
	banner = p->len <= ML_BANNER_MAX &&
	         S_banner_candidate(r, p, &pb, buf, sizeof buf, &why);
	if (!banner && r->example_open) {
		/* "TOP SECRET//HCS//NOFORN (for legacy information only)" */
		ml_portion q = *p;
		q.len = S_before_remark(p);
		banner = q.len < p->len && q.len <= ML_BANNER_MAX &&
		         S_banner_candidate(r, &q, &pb, buf, sizeof buf, &why);
	}
	if (banner && r->example_banner && strcmp(buf, r->example_banner) == 0)
		return 1;
	if (!r->example_open)
		return 0;
	if (banner) {
		r->example_banner = ml_check__keep(r, buf, strlen(buf));
		return 1;
	}
	if (p->mark_len && S_marking_only(p))
		return 1;
	r->example_open = 0;
	return 0;
}

/* Does the caveat word "dissem" or "dissemination" start at p->text[k]
 * and end the portion (a final period allowed)? Not the label of
 * "Dissemination Control: NOFORN". */
static int S_dissem_at(const ml_portion *p, size_t k)
{
	size_t end = k + 6;

	if (end > p->len || strncasecmp(p->text + k, "dissem", 6) != 0)
		return 0;
	if (end + 7 <= p->len && strncasecmp(p->text + end, "ination", 7) == 0)
		end += 7;
	if (end < p->len && p->text[end] == '.')
		end++;
	return end == p->len;
}

/* "NOFORN DISSEM", "No Foreign Dissem", "NO FOREIGN DISSEMINATION": a
 * caveat line, read as NOFORN but not in register form. */
static void S_caveat_rule(ml_report *r, size_t i, long mark,
                          const ml_portion *p)
{
	ml_finding *f;
	size_t k;

	for (k = 0; k < p->len; k++)
		if ((p->text[k] | 0x20) == 'd' && S_dissem_at(p, k))
			break;
	if (k == p->len)
		return;
	f = ml_check__report(r, ML_W_NONSTANDARD_CAVEAT, i, mark, p->text);
	if (f)
		f->suggestion = ml_check__say(r, ML_W_NONSTANDARD_CAVEAT_FIX);
}

int ml_check__statement(ml_report *r, const ml_portion *p)
{
	if (r->statement < 0)
		r->statement = ml_check__any(r, ML_PAT_STATEMENT, p->text,
		                             p->len);
	return r->statement;
}

int ml_check__detect_statement(ml_report *r, size_t i, const ml_portion *p)
{
	const ml_portion *prev = i ? ml_doc_portion(r->doc, i - 1) : NULL;

	if (p->len > ML_BANNER_MAX || !ml_check__statement(r, p))
		return 0;
	/* a caveat line right under a banner line ("S E C R E T ..." then
	 * "NOFORN", as cables print it) is that banner's control */
	if (r->last_banner >= 0 && (size_t)r->last_banner + 1 == i &&
	    prev && prev->part == p->part) {
		ml_found *f = ml_check__add_mark(r, ML_KIND_NOFORN,
		                                 ML_FORM_BANNER, i, 0, p->len);
		r->banner_noforn = 1;
		S_caveat_rule(r, i, (long)(f - r->marks), p);
		return 1;
	}
	ml_check__add_mark(r, ML_KIND_NOFORN, ML_FORM_STATEMENT, i, 0, p->len);
	r->noforn_portions++;
	S_caveat_rule(r, i, (long)(r->nmarks - 1), p);
	return 1;
}

const char *ml_check__attr(const ml_portion *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nattrs; i++)
		if (strcmp(p->attrs[i].name, name) == 0)
			return p->attrs[i].value;
	return NULL;
}

static int S_has_token(const char *list, const char *token)
{
	size_t n = strlen(token);

	while (list && *list) {
		size_t l;
		list += strspn(list, " ");
		l = strcspn(list, " ");
		if (l == n && strncmp(list, token, n) == 0)
			return 1;
		list += l;
	}
	return 0;
}

static const struct {
	const char *token;
	ml_marking_class level;
} S_ism_class[] = {
	{"U", ML_CLASS_U}, {"C", ML_CLASS_C}, {"S", ML_CLASS_S},
	{"TS", ML_CLASS_TS}, {"R", ML_CLASS_R},
};

/* Adds the space-separated codes of list to c. */
static void S_ism_countries(const char *list, ml_marking_countries *c)
{
	char code[8];

	while (list && *list) {
		size_t l;
		list += strspn(list, " ");
		l = strcspn(list, " ");
		if (l && l < sizeof code) {
			memcpy(code, list, l);
			code[l] = '\0';
			ml_marking_countries_add(c, code);
		}
		list += l;
	}
}

/* The marking an element's ism: attributes amount to, as if it were a
 * portion mark, so that the grammar's checks (NOFORN with REL TO, FOUO)
 * and the roll-up apply to IC-ISM too. Returns 0 when the portion has no
 * ism:classification. */
static int S_ism_marking(const ml_portion *p, ml_marking *m)
{
	const char *cls = ml_check__attr(p, "ism:classification");
	const char *dc = ml_check__attr(p, "ism:disseminationControls");
	size_t k;

	if (!cls)
		return 0;
	ml_marking_init(m);
	m->form = ML_MARKING_PORTION;
	for (k = 0; k < sizeof S_ism_class / sizeof S_ism_class[0]; k++)
		if (strcmp(cls, S_ism_class[k].token) == 0)
			m->level = S_ism_class[k].level;
	/* each IC-ISM token is a control of the register (its portion
	 * mark, or its ism= token: "REL", "DISPLAYONLY") */
	for (k = 0; dc && dc[k];) {
		size_t l = strcspn(dc + k, " ");
		char tok[32];
		if (l && l < sizeof tok) {
			memcpy(tok, dc + k, l);
			tok[l] = '\0';
			ml_marking_add_control(m, tok);
		}
		k += l;
		k += strspn(dc + k, " ");
	}
	S_ism_countries(ml_check__attr(p, "ism:releasableTo"), &m->relto);
	S_ism_countries(ml_check__attr(p, "ism:displayOnlyTo"), &m->display);
	return 1;
}

/* IC-ISM attributes: ism:disseminationControls containing NF. On the
 * resource element (the document's own marking) it is a banner, judged
 * by roll-up. */
void ml_check__detect_attribute(ml_report *r, size_t i, const ml_portion *p)
{
	const char *dc = ml_check__attr(p, "ism:disseminationControls");
	const char *res = ml_check__attr(p, "ism:resourceElement");
	int banner = res && strcmp(res, "true") == 0;
	ml_marking m;
	int has = S_ism_marking(p, &m);
	ml_found *f = NULL;

	if (dc && S_has_token(dc, "NF")) {
		f = ml_check__add_mark(r, ML_KIND_NOFORN,
		               banner ? ML_FORM_BANNER : ML_FORM_ATTRIBUTE, i,
		               0, 0);
		f->text = ml_check__keepf(r, "ism:disseminationControls=\"%s\"", dc);
		if (banner) {
			r->banner_noforn = 1;
			if (r->nbanners++ == 0)
				r->first_banner = (long)i;
		} else {
			r->noforn_portions++;
		}
	}
	if (!has)
		return;
	if (f)
		f->marking = S_intern(r, &m);
	if (!banner)
		S_keep_parsed(r, &m);
	S_value_rules(r, i, &m,
	              f ? f->text
	                : ml_check__keepf(r, "ism:disseminationControls=\"%s\"",
	                          dc ? dc : ""),
	              f ? (long)(f - r->marks) : -1);
}

/* The first match of rx at or after start that is not inside quotation
 * marks, if it comes before *best_so. */
