/* ml_suppress.c - the suppression stage (marklint-disable directives in
 * Word comments, XML processing instructions and text lines) and the
 * fingerprints of findings. See ml_suppress.h. */
#include "ml_suppress.h"
#include "ml_buf.h"
#include "ml_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_KEYWORD "marklint-disable"
#define S_TEXT_PREFIX "marklint:"

/* What a directive says (S_parse). */
typedef enum S_verdict {
	S_OK,
	S_NOT_UNDERSTOOD, /* does not start with marklint-disable */
	S_NO_RULE,
	S_NO_REASON,
	S_UNKNOWN_RULE,
	S_TOOL_RULE       /* SUPPRESSION-*: cannot be suppressed */
} S_verdict;

/* One directive found in the document. Text is borrowed from the
 * document's portions. */
typedef struct S_directive {
	size_t at;          /* the portion it is written in */
	size_t seq;         /* its rank among the directives of that portion */
	const char *text;   /* from "marklint-disable" on (or what is there) */
	size_t len;
	size_t *targets;    /* portions it applies to (owned) */
	size_t ntargets, ctargets;
	int used;
} S_directive;

typedef struct S_list {
	S_directive *v;     /* owned, with each v[i].targets */
	size_t n, c;
} S_list;

static int S_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void S_trim(const char **s, size_t *len)
{
	while (*len && S_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && S_space((*s)[*len - 1]))
		(*len)--;
}

static int S_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(s, prefix, n) == 0;
}

static void S_target(S_directive *d, size_t portion)
{
	size_t i;

	for (i = 0; i < d->ntargets; i++)
		if (d->targets[i] == portion)
			return;
	ML_VEC_GROW(d->targets, d->ctargets, d->ntargets + 1, 2);
	d->targets[d->ntargets++] = portion;
}

/* The directive (at, seq), added when new; target is added to it unless
 * it is (size_t)-1 (a directive that applies to nothing). */
static void S_add(S_list *l, size_t at, size_t seq, const char *text,
                  size_t len, size_t target)
{
	S_directive *d = NULL;
	size_t i;

	for (i = l->n; i > 0; i--)
		if (l->v[i - 1].at == at && l->v[i - 1].seq == seq) {
			d = &l->v[i - 1];
			break;
		}
	if (!d) {
		ML_VEC_GROW(l->v, l->c, l->n + 1, 8);
		d = &l->v[l->n++];
		memset(d, 0, sizeof *d);
		d->at = at;
		d->seq = seq;
		d->text = text;
		d->len = len;
	}
	if (target != (size_t)-1)
		S_target(d, target);
}

/* A line of a portion's text, trimmed. */
typedef struct S_line {
	const char *s;
	size_t len;
} S_line;

static size_t S_next_line(const char *s, size_t len, size_t pos,
                          S_line *out)
{
	size_t end = pos;

	while (end < len && s[end] != '\n')
		end++;
	out->s = s + pos;
	out->len = end - pos;
	S_trim(&out->s, &out->len);
	return end < len ? end + 1 : end;
}

/* Directives of a comment's paragraph: the lines that start with the
 * keyword (other lines are the reviewer's own words). */
static void S_comment(S_list *l, const ml_portion *c, size_t at,
                      size_t target)
{
	size_t pos = 0, seq = 0;
	S_line ln;

	while (pos < c->len) {
		pos = S_next_line(c->text, c->len, pos, &ln);
		if (S_starts(ln.s, ln.len, S_KEYWORD))
			S_add(l, at, seq++, ln.s, ln.len, target);
	}
}

/* Plain text: "marklint: ..." lines. A paragraph of nothing but such
 * lines applies to the next paragraph. */
static void S_text_lines(S_list *l, const ml_doc *doc, size_t i)
{
	const ml_portion *p = ml_doc_portion(doc, i);
	size_t pos = 0, seq = 0, target = i, n = ml_doc_portion_count(doc);
	int others = 0;
	S_line ln;

	while (pos < p->len) {
		pos = S_next_line(p->text, p->len, pos, &ln);
		if (ln.len && !S_starts(ln.s, ln.len, S_TEXT_PREFIX))
			others = 1;
	}
	if (!others)
		target = i + 1 < n ? i + 1 : (size_t)-1;
	for (pos = 0; pos < p->len;) {
		pos = S_next_line(p->text, p->len, pos, &ln);
		if (!S_starts(ln.s, ln.len, S_TEXT_PREFIX))
			continue;
		ln.s += strlen(S_TEXT_PREFIX);
		ln.len -= strlen(S_TEXT_PREFIX);
		S_trim(&ln.s, &ln.len);
		S_add(l, i, seq++, ln.s, ln.len, target);
	}
}

/* Every directive of the document and the portions it applies to. */
static void S_collect(S_list *l, const ml_doc *doc)
{
	size_t i, j, k, first, nc, n = ml_doc_portion_count(doc);
	int text = ml_doc_format(doc) == ML_FORMAT_TEXT;

	for (i = 0; i < n; i++) {
		const ml_portion *p = ml_doc_portion(doc, i);
		size_t seq = 0;

		if (!p) /* streamed and not kept: it names no directive */
			continue;
		if (text)
			S_text_lines(l, doc, i);
		for (j = 0; j < p->nattrs; j++) {
			const char *v = p->attrs[j].value;
			size_t vlen = strlen(v);
			if (strcmp(p->attrs[j].name, ML_SUPPRESS_PI_ATTR))
				continue;
			S_trim(&v, &vlen);
			/* seq above any text line's: both cannot meet in
			 * one portion, but keep them apart anyway */
			S_add(l, i, ((size_t)1 << 20) + seq++, v, vlen, i);
		}
		for (j = 0; j < p->nrefs; j++) {
			if (p->refs[j].kind != ML_LINK_COMMENT)
				continue;
			nc = ml_doc_linked(doc, ML_LINK_COMMENT, p->refs[j].id,
			                   &first);
			for (k = first; k < first + nc && k < n; k++)
				S_comment(l, ml_doc_portion(doc, k), k, i);
		}
	}
}

static int S_rule_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Reads "marklint-disable RULE-ID: reason". */
static S_verdict S_parse(const S_directive *d, const ml_rules *rs,
                         const ml_ruledef **rule, const char **rid,
                         size_t *rlen, const char **reason, size_t *nreason)
{
	const char *s = d->text;
	size_t len = d->len, i = strlen(S_KEYWORD), r0;

	*rid = NULL;
	*rlen = 0;
	if (!S_starts(s, len, S_KEYWORD) || (i < len && !S_space(s[i]) &&
	                                     s[i] != ':'))
		return S_NOT_UNDERSTOOD;
	while (i < len && S_space(s[i]))
		i++;
	for (r0 = i; i < len && S_rule_char(s[i]); i++)
		;
	if (i == r0)
		return S_NO_RULE;
	*rid = s + r0;
	*rlen = i - r0;
	while (i < len && S_space(s[i]))
		i++;
	if (i < len && s[i] == ':')
		i++;
	else
		i = len; /* no colon: no reason */
	*reason = s + i;
	*nreason = len - i;
	S_trim(reason, nreason);
	{
		char id[128];
		snprintf(id, sizeof id, "%.*s", (int)(*rlen < 127 ? *rlen : 127),
		         *rid);
		*rule = ml_rules_def(rs, id);
	}
	if (!*rule)
		return S_UNKNOWN_RULE;
	if (S_starts(*rid, *rlen, "SUPPRESSION-"))
		return S_TOOL_RULE;
	if (!*nreason)
		return S_NO_REASON;
	return S_OK;
}

/* The first finding at portion (findings are in portion order). */
static size_t S_first_at(const ml_finding *f, size_t n, size_t portion)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f[mid].portion < portion)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Suppresses the findings of rule at d's targets; returns how many. */
static size_t S_apply(ml_report *r, S_directive *d, const ml_ruledef *rule,
                      const char *reason, size_t nreason)
{
	const ml_finding *f;
	size_t n = ml_report_findings(r, &f), t, i, done = 0;
	char *why = ml_xmalloc(nreason + 1);

	memcpy(why, reason, nreason);
	why[nreason] = '\0';
	for (t = 0; t < d->ntargets; t++)
		for (i = S_first_at(f, n, d->targets[t]);
		     i < n && f[i].portion == d->targets[t]; i++) {
			if (f[i].rule != rule ||
			    f[i].suppressed != ML_SUPPRESS_NONE)
				continue;
			ml_report_suppress(r, i, ML_SUPPRESS_IN_SOURCE, why);
			done++;
		}
	free(why);
	d->used = done > 0;
	return done;
}

/* The finding a directive gets, when it gets one: its wording by verdict
 * (markings/rules.xml), with the rule ID as written (at most 100
 * bytes). */
static void S_report(ml_report *r, const S_directive *d, S_verdict v,
                     const char *rid, size_t rlen)
{
	static const struct {
		S_verdict v;
		ml_wording w;
	} msgs[] = {
		{S_NOT_UNDERSTOOD, ML_W_SUPPRESSION_NOT_UNDERSTOOD},
		{S_NO_RULE, ML_W_SUPPRESSION_NO_RULE},
		{S_NO_REASON, ML_W_SUPPRESSION_NO_REASON},
		{S_UNKNOWN_RULE, ML_W_SUPPRESSION_UNKNOWN_RULE},
		{S_TOOL_RULE, ML_W_SUPPRESSION_TOOL_RULE},
		{S_OK, ML_W_SUPPRESSION_UNUSED},
	};
	char rule[101];
	size_t i;

	for (i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
		if (msgs[i].v != v)
			continue;
		if (rlen > 100)
			rlen = 100;
		snprintf(rule, sizeof rule, "%.*s", (int)rlen,
		         rid ? rid : "");
		ml_report_say(r, msgs[i].w, d->at, rule);
		return;
	}
}

size_t ml_suppress(ml_report *r, const ml_rules *rs)
{
	S_list l;
	S_verdict *verdicts;
	const ml_ruledef **rules;
	const char **rids;
	size_t *rlens, i, done = 0;

	memset(&l, 0, sizeof l);
	S_collect(&l, ml_report_doc(r));
	if (!l.n)
		return 0;
	/* owned here, freed below */
	verdicts = ml_xcalloc(l.n, sizeof *verdicts);
	rules = ml_xcalloc(l.n, sizeof *rules);
	rids = ml_xcalloc(l.n, sizeof *rids);
	rlens = ml_xcalloc(l.n, sizeof *rlens);
	/* first every suppression, then the tool findings: adding findings
	 * moves the indexes S_apply works with */
	for (i = 0; i < l.n; i++) {
		const char *reason = NULL;
		size_t nreason = 0;

		verdicts[i] = S_parse(&l.v[i], rs, &rules[i], &rids[i],
		                      &rlens[i], &reason, &nreason);
		if (verdicts[i] == S_OK && rules[i]->enabled)
			done += S_apply(r, &l.v[i], rules[i], reason, nreason);
	}
	for (i = 0; i < l.n; i++) {
		/* a rule switched off by configuration: nothing to say */
		if (verdicts[i] == S_OK &&
		    (l.v[i].used || !rules[i]->enabled))
			continue;
		S_report(r, &l.v[i], verdicts[i], rids[i], rlens[i]);
	}
	for (i = 0; i < l.n; i++)
		free(l.v[i].targets);
	free(l.v);
	free(verdicts);
	free(rules);
	free(rids);
	free(rlens);
	return done;
}

/* --- fingerprints --- */

static void S_fnv(uint64_t *h, const char *s, size_t n)
{
	*h = ml_fnv1a(*h, s, n);
}

/* Hashes text with white space runs as one space, ASCII lowered. */
static void S_fnv_norm(uint64_t *h, const char *s, size_t n)
{
	size_t i;
	int sp = 0, any = 0; /* no leading or trailing space */

	for (i = 0; i < n; i++) {
		char c = s[i];
		if (S_space(c)) {
			sp = 1;
			continue;
		}
		if (sp && any)
			S_fnv(h, " ", 1);
		sp = 0;
		any = 1;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		S_fnv(h, &c, 1);
	}
}

void ml_fingerprint(const ml_report *r, const ml_finding *f,
                    char out[ML_FINGERPRINT_LEN + 1])
{
	const ml_portion *p = ml_doc_portion(ml_report_doc(r), f->portion);
	const ml_found *mk = ml_report_finding_marking(r, f);
	uint64_t h = ML_FNV1A_BASIS;
	const char *id = f->rule ? f->rule->id : "";

	S_fnv(&h, id, strlen(id) + 1);
	if (mk && mk->text)
		S_fnv_norm(&h, mk->text, strlen(mk->text));
	S_fnv(&h, "", 1);
	if (p)
		S_fnv_norm(&h, p->text, p->len);
	snprintf(out, ML_FINGERPRINT_LEN + 1, "%016llx", (unsigned long long)h);
}
