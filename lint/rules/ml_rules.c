/* ml_rules.c - the rule set: load, validate and compile markings/ files. */
#include "ml_rules.h"

#include "ml_buf.h"
#include "ml_builtin_data.h"
#include "ml_err.h"
#include "ml_lanes.h"
#include "ml_rx.h"
#include "ml_wording.h"
#include "ml_xmlfile.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_NS "urn:marklint:rules:1"
#define S_MAX_FILE (16u * 1024u * 1024u) /* bytes of one rule file */

/* A pattern with what it owns. pub comes first: an ml_pattern * handed
 * out is an S_pat *. */
typedef struct S_pat {
	ml_pattern pub;
	ml_rx *rx;
	char *id, *group, *codes, *role;
	char *raw;        /* the pattern as written (lines joined), parts
	                     not expanded */
	char *trigger;    /* the trigger attribute as written, or NULL */
	char *also;       /* the also attribute as written, or NULL */
	unsigned flags;   /* ML_RX_* */
	int refs;         /* the pattern or trigger calls a part */
	ml_xmlfile_examples ex; /* for the self-test */
	int pattern_line; /* line of <pattern>, for compile errors */
} S_pat;

typedef struct S_patlist {
	ml_pattern **v; /* each is an S_pat */
	size_t n, cap;
} S_patlist;

struct ml_rules {
	S_patlist pats[ML_PAT__COUNT];
	ml_rx *any[ML_PAT__COUNT];
	ml_quote *quotes; /* strings owned */
	size_t nquotes;
	ml_ruledef *defs; /* strings owned */
	size_t ndefs;
	ml_names files; /* of loaded files; patterns point into them */
	xmlRelaxNGPtr schema; /* parsed on first load */
	ml_lanes *lanes; /* lanes of cooperation (owned) */
	ml_wordings *wordings; /* what the checker writes (owned) */
	ml_rx_multi *prescan; /* ml_rules_prepare (owned), or NULL */
};

/* Element names of the pattern kinds, in ml_pat_kind order. */
static const char *const S_kind_names[ML_PAT__COUNT] = {
	"restriction", "blanket", "statement", "label",
	"citation", "vague", "authority-block", "partner",
	"part", "exclusion",
	"mention",
};

/* Parts called from parts: deeper than this is a cycle. */
#define S_MAX_PART_DEPTH 8

/* --- errors --- */

static int S_fail(ml_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Fills err with code rules-invalid; returns ML_EFORMAT. */
static int S_fail(ml_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_verr(err, ML_EFORMAT, "rules-invalid", fmt, ap);
	va_end(ap);
	return ML_EFORMAT;
}

/* --- small helpers --- */

static int S_is(xmlNodePtr n, const char *name)
{
	return ml_xmlfile_is(n, S_NS, name);
}

static int S_attr_is(xmlNodePtr n, const char *name, const char *value)
{
	char *v = ml_xmlfile_attr(n, name);
	int r = v && strcmp(v, value) == 0;

	free(v);
	return r;
}

/* --- patterns --- */

static void S_pat_free(S_pat *p)
{
	if (!p)
		return;
	ml_rx__free(p->rx);
	free(p->id);
	free(p->group);
	free(p->codes);
	free(p->role);
	free(p->raw);
	free(p->trigger);
	free(p->also);
	ml_xmlfile_examples_free(&p->ex);
	free(p);
}

static void S_list_push(S_patlist *l, ml_pattern *p)
{
	ML_VEC_GROW(l->v, l->cap, l->n + 1, 16);
	l->v[l->n++] = p;
}

/* Index of the pattern with id in l, or -1. */
static long S_list_find(const S_patlist *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->id, id) == 0)
			return (long)i;
	return -1;
}

/* --- parts: named patterns that other patterns call as (?P>name) --- */

/* The part called id (n bytes): the stage's first, then the rule set's;
 * NULL when none. */
static const S_pat *S_part(const S_patlist *stage, const S_patlist *rules,
                           const char *id, size_t n)
{
	const S_patlist *l[2];
	size_t k, i;

	l[0] = stage;
	l[1] = rules;
	for (k = 0; k < 2; k++)
		for (i = 0; l[k] && i < l[k]->n; i++)
			if (strlen(l[k]->v[i]->id) == n &&
			    memcmp(l[k]->v[i]->id, id, n) == 0)
				return (const S_pat *)l[k]->v[i];
	return NULL;
}

/* Length of the part name of a call "(?P>name)" at s (PCRE2's syntax
 * for calling a named group, which needs no escaping in XML; the name is
 * a part's id), or 0 when s is not one. */
static size_t S_call(const char *s)
{
	size_t n;

	if (strncmp(s, "(?P>", 4) != 0)
		return 0;
	n = strspn(s + 4, "abcdefghijklmnopqrstuvwxyz0123456789._-");
	return n && s[4 + n] == ')' ? n : 0;
}

/* Appends src to out with every call of a part replaced by the part's
 * pattern, in a group that keeps the part's letter case. Returns 0, or
 * -1 with a message in msg. */
static int S_expand(ml_buf *out, const char *src, const S_patlist *stage,
                    const S_patlist *rules, int depth, char *msg,
                    size_t msgsize)
{
	const char *p = src;
	size_t n;

	while (*p) {
		if (p[0] == '\\' && p[1]) {
			ml_buf_put(out, p, 2);
			p += 2;
			continue;
		}
		if ((n = S_call(p)) == 0) {
			/* up to the next escape or call */
			n = 1 + strcspn(p + 1, "\\(");
			ml_buf_put(out, p, n);
			p += n;
			continue;
		}
		{
			const S_pat *part = S_part(stage, rules, p + 4, n);
			if (!part) {
				snprintf(msg, msgsize, "no part '%.*s'", (int)n, p + 4);
				return -1;
			}
			if (depth >= S_MAX_PART_DEPTH) {
				snprintf(msg, msgsize, "parts call each other more "
				         "than %d deep (a cycle?) at '%s'",
				         S_MAX_PART_DEPTH, part->id);
				return -1;
			}
			ml_buf_puts(out, part->flags & ML_RX_CASELESS ? "(?i:"
			                                              : "(?-i:");
			if (S_expand(out, part->raw, stage, rules, depth + 1, msg,
			             msgsize) < 0)
				return -1;
			ml_buf_putc(out, ')');
			p += 4 + n + 1;
		}
	}
	return 0;
}

/* A trigger list with every "(?P>name)" replaced by that part's trigger
 * list (new string, caller frees), or NULL with a message in msg. */
static char *S_expand_trigger(const char *list, const S_patlist *stage,
                              const S_patlist *rules, int depth, char *msg,
                              size_t msgsize)
{
	ml_buf b;
	const char *p = list, *e;
	size_t n;

	ml_buf_init(&b, (size_t)-1);
	for (;;) {
		e = strchr(p, '|');
		if (!e)
			e = p + strlen(p);
		n = S_call(p);
		if (n && p + 4 + n + 1 == e) {
			const S_pat *part = S_part(stage, rules, p + 4, n);
			char *sub;
			if (!part || !part->trigger || depth >= S_MAX_PART_DEPTH) {
				snprintf(msg, msgsize, part ? "part '%.*s' has no "
				         "trigger (or parts call each other too "
				         "deep)" : "no part '%.*s'", (int)n, p + 4);
				ml_buf_free(&b);
				return NULL;
			}
			sub = S_expand_trigger(part->trigger, stage, rules,
			                       depth + 1, msg, msgsize);
			if (!sub) {
				ml_buf_free(&b);
				return NULL;
			}
			ml_buf_puts(&b, b.size ? "|" : "");
			ml_buf_puts(&b, sub);
			free(sub);
		} else {
			ml_buf_puts(&b, b.size ? "|" : "");
			ml_buf_put(&b, p, (size_t)(e - p));
		}
		if (!*e)
			break;
		p = e + 1;
	}
	return ml_buf_detach(&b, NULL);
}

/* Gives rx a list of literals (a trigger or an "also" list, raw: NULL
 * for none) with the parts it calls expanded, through set. Returns 0, or
 * -1 with a message in msg. */
static int S_set_literals(ml_rx *rx, const char *raw,
                          int (*set)(ml_rx *, const char *, char *, size_t),
                          const S_patlist *stage, const S_patlist *rules,
                          char *msg, size_t msgsize)
{
	char *list;
	int r;

	if (!raw)
		return 0;
	list = S_expand_trigger(raw, stage, rules, 0, msg, msgsize);
	r = list ? set(rx, list, msg, msgsize) : -1;
	free(list);
	return r;
}

/* Compiles p (declared in file) with the parts it calls, looked up in
 * stage then rules, into a new ml_rx (*out, caller frees with
 * ml_rx__free), with its trigger. lazy is ML_RX_LAZY for a built-in
 * pattern: PCRE2 compiles it at its first match, and the checks below
 * that need it compiled are the self-test's (S_check_compiled); 0 for a
 * user's, whose errors are reported now. */
static int S_compile(const S_pat *p, const S_patlist *stage,
                     const S_patlist *rules, const char *file,
                     unsigned lazy, ml_rx **out, ml_error *err)
{
	char msg[256];
	size_t off = 0;
	ml_buf b;
	ml_rx_scratch *s;
	ml_rx *rx;
	char *pat;
	const char *also = "";
	int r;

	*out = NULL;
	ml_buf_init(&b, (size_t)-1);
	if (S_expand(&b, p->raw, stage, rules, 0, msg, sizeof msg) < 0) {
		ml_buf_free(&b);
		return S_fail(err, "%s:%d: pattern '%s': %s", file,
		              p->pattern_line, p->id, msg);
	}
	pat = ml_buf_detach(&b, NULL);
	/* a part runs alone only on a few words (the message of a finding,
	 * the self-test): its callers carry it compiled in */
	rx = ml_rx__new(pat, p->flags | lazy | (p->pub.kind == ML_PAT_PART ?
	                                        ML_RX_NOJIT : 0u),
	                msg, sizeof msg, &off);
	free(pat);
	if (!rx)
		return S_fail(err, "%s:%d: pattern '%s': %s at offset %zu%s", file,
		              p->pattern_line, p->id, msg, off,
		              p->refs ? " (of the pattern with its parts)" : "");
	if (!lazy && ml_rx__backrefs(rx)) {
		ml_rx__free(rx);
		return S_fail(err, "%s:%d: pattern '%s': back-references are "
		              "not supported in rule patterns", file,
		              p->pattern_line, p->id);
	}
	/* a pattern that matches nothing in particular would mark every
	 * portion, and would stall a scanner that steps past each match (a
	 * part may: "the words between", called inside other patterns) */
	s = ml_rx_scratch_new();
	r = p->pub.kind == ML_PAT_PART || lazy ? 0 :
	    ml_rx__matches_empty(rx, s);
	ml_rx_scratch_free(s);
	if (r != 0) {
		ml_rx__free(rx);
		return S_fail(err, "%s:%d: pattern '%s' matches the empty "
		              "string", file, p->pattern_line, p->id);
	}
	r = S_set_literals(rx, p->trigger, ml_rx__set_trigger, stage, rules,
	                   msg, sizeof msg);
	if (r == 0 && (r = S_set_literals(rx, p->also, ml_rx__set_also,
	                                  stage, rules, msg, sizeof msg)) < 0)
		also = "also: ";
	if (r < 0) {
		ml_rx__free(rx);
		return S_fail(err, "%s:%d: %s '%s': %s%s", file, p->pub.line,
		              S_kind_names[p->pub.kind], p->id, also, msg);
	}
	*out = rx;
	return 0;
}

/* Reads one pattern entry (element n of kind) into a new S_pat (*out,
 * caller frees with S_pat_free); compiled later (S_compile), once the
 * parts of the whole file are known. */
static void S_read_pattern(xmlNodePtr n, ml_pat_kind kind, const char *file,
                           S_pat **out)
{
	S_pat *p = ml_xcalloc(1, sizeof *p);
	xmlNodePtr c;

	*out = p;
	p->id = ml_xmlfile_attr(n, "id");
	p->pub.id = p->id;
	p->pub.kind = kind;
	p->pub.file = file;
	p->pub.line = ml_xmlfile_line(n);
	p->flags = S_attr_is(n, "case", "sensitive") ? 0 : ML_RX_CASELESS;
	if (kind == ML_PAT_CITATION) {
		p->group = ml_xmlfile_attr(n, "group");
		if (S_attr_is(n, "noforn", "yes"))
			p->pub.justifies |= ML_JUSTIFIES_NOFORN;
		if (S_attr_is(n, "foreign", "yes"))
			p->pub.justifies |= ML_JUSTIFIES_FOREIGN;
		p->pub.sentence_only = S_attr_is(n, "reach", "sentence");
	}
	if (kind == ML_PAT_PARTNER)
		p->codes = ml_xmlfile_attr_collapsed(n, "codes");
	if (kind == ML_PAT_PART)
		p->role = ml_xmlfile_attr(n, "role");
	p->pub.group = p->group;
	p->pub.codes = p->codes;
	p->pub.role = p->role;
	p->trigger = ml_xmlfile_attr(n, "trigger");
	p->also = ml_xmlfile_attr(n, "also");
	for (c = n->children; c; c = c->next) {
		if (S_is(c, "pattern") && !p->raw) {
			p->raw = ml_xmlfile_joined(c);
			p->pattern_line = ml_xmlfile_line(c);
		} else if (S_is(c, "example")) {
			ml_xmlfile_example_add(&p->ex, c, 1);
		} else if (S_is(c, "counterexample")) {
			ml_xmlfile_example_add(&p->ex, c, 0);
		}
	}
	if (!p->raw)
		p->raw = ml_xstrdup("");
	p->refs = strstr(p->raw, "(?P>") != NULL ||
	          (p->trigger && strstr(p->trigger, "(?P>") != NULL) ||
	          (p->also && strstr(p->also, "(?P>") != NULL);
}

/* --- quotes and rule definitions --- */

static void S_def_clear(ml_ruledef *d)
{
	free((char *)d->id);
	free((char *)d->disposition);
	free((char *)d->summary);
	free((char *)d->why);
	free((char *)d->authority);
	free((char *)d->help_uri);
	free((char *)d->fix);
	memset(d, 0, sizeof *d);
}

static void S_read_def(xmlNodePtr n, ml_ruledef *d)
{
	xmlNodePtr c;
	char *sev = ml_xmlfile_attr(n, "severity");

	memset(d, 0, sizeof *d);
	d->id = ml_xmlfile_attr(n, "id");
	d->disposition = ml_xmlfile_attr(n, "disposition");
	if (!sev || ml_severity_parse(sev, &d->severity) < 0)
		d->severity = ML_SEV_WARNING; /* the schema forbids it */
	free(sev);
	d->enabled = !S_attr_is(n, "enabled", "no");
	for (c = n->children; c; c = c->next) {
		const char **slot = NULL;
		if (S_is(c, "summary"))
			slot = &d->summary;
		else if (S_is(c, "why"))
			slot = &d->why;
		else if (S_is(c, "authority"))
			slot = &d->authority;
		else if (S_is(c, "help-uri"))
			slot = &d->help_uri;
		else if (S_is(c, "fix"))
			slot = &d->fix;
		if (slot && !*slot)
			*slot = ml_xmlfile_collapsed(c);
	}
	if (!d->summary)
		d->summary = ml_xstrdup("");
	if (!d->why)
		d->why = ml_xstrdup("");
	if (!d->authority)
		d->authority = ml_xstrdup("");
	if (!d->fix)
		d->fix = ml_xstrdup("");
}

static void S_add_quote(ml_rules *rs, xmlNodePtr n)
{
	char *open = ml_xmlfile_attr(n, "open");
	char *close = ml_xmlfile_attr(n, "close");
	size_t i;

	for (i = 0; i < rs->nquotes; i++) {
		if (strcmp(rs->quotes[i].open, open) == 0 &&
		    strcmp(rs->quotes[i].close, close) == 0) {
			free(open);
			free(close);
			return;
		}
	}
	rs->quotes = ml_xrealloc(rs->quotes,
	                         (rs->nquotes + 1) * sizeof *rs->quotes);
	rs->quotes[rs->nquotes].open = open;
	rs->quotes[rs->nquotes].close = close;
	rs->nquotes++;
}

static void S_add_def(ml_rules *rs, ml_ruledef *d)
{
	size_t i;

	for (i = 0; i < rs->ndefs; i++) {
		if (strcmp(rs->defs[i].id, d->id) == 0) {
			S_def_clear(&rs->defs[i]);
			rs->defs[i] = *d;
			return;
		}
	}
	rs->defs = ml_xrealloc(rs->defs, (rs->ndefs + 1) * sizeof *rs->defs);
	rs->defs[rs->ndefs++] = *d;
}

/* --- alternations --- */

/* Where a member starts in an alternation (to name it in errors). */
typedef struct S_member {
	size_t at;
	const S_pat *pat;
} S_member;

/* Compiles the alternation of list l. On failure returns NULL and fills
 * err naming the member at fault. */
static ml_rx *S_alternation(const S_patlist *l, ml_pat_kind kind,
                            unsigned lazy, ml_error *err)
{
	ml_buf b;
	S_member *m = ml_xcalloc(l->n ? l->n : 1, sizeof *m);
	char msg[256];
	size_t i, off = 0;
	ml_rx *rx;

	ml_buf_init(&b, (size_t)-1);
	for (i = 0; i < l->n; i++) {
		const S_pat *p = (const S_pat *)l->v[i];
		m[i].at = b.size;
		m[i].pat = p;
		/* members keep their own letter case; the rewrite is done */
		ml_buf_puts(&b, i ? "|" : "");
		ml_buf_puts(&b, ml_rx__caseless(p->rx) ? "(?i:" : "(?-i:");
		ml_buf_puts(&b, ml_rx__compiled(p->rx));
		ml_buf_putc(&b, ')');
	}
	rx = ml_rx__new(b.ptr, ML_RX_VERBATIM | ML_RX_NOJIT | lazy, msg,
	                sizeof msg, &off);
	if (rx) {
		/* when every member has a trigger: matched member by member,
		 * after one scan for all the triggers (the alternation itself
		 * never runs: no JIT for it) */
		const ml_rx **v = ml_xcalloc(l->n ? l->n : 1, sizeof *v);
		for (i = 0; i < l->n; i++)
			v[i] = ((const S_pat *)l->v[i])->rx;
		if (!ml_rx__set_members(rx, v, l->n))
			ml_rx__jit_now(rx);
		free(v);
	}
	if (!rx) {
		for (i = l->n; i > 0 && m[i - 1].at > off; i--)
			;
		if (i > 0) {
			const S_pat *p = m[i - 1].pat;
			S_fail(err, "%s:%d: pattern '%s': cannot be combined "
			       "with the other %s patterns: %s", p->pub.file,
			       p->pattern_line, p->id, S_kind_names[kind], msg);
		} else {
			S_fail(err, "%s patterns: %s", S_kind_names[kind], msg);
		}
	}
	ml_buf_free(&b);
	free(m);
	return rx;
}

/* --- loading --- */


/* Parses the embedded schema once per rule set. */
static int S_schema(ml_rules *rs, ml_error *err)
{
	if (!rs->schema)
		rs->schema = ml_xmlfile_schema("markings/markings.rng",
		                               "rules-invalid", err);
	return rs->schema ? 0 : ML_EFORMAT;
}

static int S_validate(ml_rules *rs, const char *name, xmlDocPtr doc,
                      ml_error *err)
{
	if (S_schema(rs, err) < 0)
		return ML_EFORMAT;
	return ml_xmlfile_validate(rs->schema, name, doc, "rules-invalid",
	                           "does not match the rule schema", err);
}

/* What one file adds, before it is merged into the rule set. */
typedef struct S_stage {
	S_patlist pats[ML_PAT__COUNT];
} S_stage;

static void S_stage_free(S_stage *st)
{
	size_t k, i;

	for (k = 0; k < ML_PAT__COUNT; k++) {
		for (i = 0; i < st->pats[k].n; i++)
			S_pat_free((S_pat *)st->pats[k].v[i]);
		free(st->pats[k].v);
	}
}

static int S_kind_of(xmlNodePtr n, ml_pat_kind *kind)
{
	int k;

	for (k = 0; k < ML_PAT__COUNT; k++) {
		if (S_is(n, S_kind_names[k])) {
			*kind = (ml_pat_kind)k;
			return 1;
		}
	}
	return 0;
}

/* Reads the patterns of a validated document into st and compiles them
 * (the parts they call are the file's, then those already loaded). */
static int S_read_patterns(const ml_rules *rs, xmlNodePtr root,
                           const char *file, unsigned lazy, S_stage *st,
                           ml_error *err)
{
	xmlNodePtr n;
	ml_pat_kind kind;
	S_pat *p;
	long dup;
	size_t k, i;

	for (n = root->children; n; n = n->next) {
		if (!S_kind_of(n, &kind))
			continue;
		S_read_pattern(n, kind, file, &p);
		dup = S_list_find(&st->pats[kind], p->id);
		if (dup >= 0) {
			int line = p->pub.line;
			S_pat_free(p);
			return S_fail(err, "%s:%d: %s '%s' is declared twice",
			              file, line, S_kind_names[kind],
			              st->pats[kind].v[dup]->id);
		}
		S_list_push(&st->pats[kind], &p->pub);
	}
	for (k = 0; k < ML_PAT__COUNT; k++) {
		for (i = 0; i < st->pats[k].n; i++) {
			p = (S_pat *)st->pats[k].v[i];
			if (S_compile(p, &st->pats[ML_PAT_PART],
			              &rs->pats[ML_PAT_PART], file, lazy, &p->rx,
			              err) < 0)
				return ML_EFORMAT;
			p->pub.rx = p->rx;
		}
	}
	return 0;
}

/* The patterns of kind after merging st: a new list (free its v only). */
static S_patlist S_merged(const ml_rules *rs, const S_stage *st,
                          ml_pat_kind kind)
{
	S_patlist m = {0};
	size_t i;
	long at;

	for (i = 0; i < rs->pats[kind].n; i++)
		S_list_push(&m, rs->pats[kind].v[i]);
	for (i = 0; i < st->pats[kind].n; i++) {
		at = S_list_find(&m, st->pats[kind].v[i]->id);
		if (at >= 0)
			m.v[at] = st->pats[kind].v[i]; /* replaced in place */
		else
			S_list_push(&m, st->pats[kind].v[i]);
	}
	return m;
}

/* A pattern of rs compiled again because st brings parts it may call. */
typedef struct S_redo {
	S_pat *pat;
	ml_rx *old;
} S_redo;

/* When st holds parts, compiles again (in place) the patterns of rs
 * that call parts and that st does not replace, so that a part replaced
 * by a later file applies everywhere. *redo (caller frees) lists them
 * with their old rx, for S_redo_undo or freeing; dirty[k] is set for
 * each kind touched. */
static int S_recompile(ml_rules *rs, const S_stage *st, S_redo **redo,
                       size_t *nredo, int *dirty, ml_error *err)
{
	size_t k, i;
	ml_rx *rx;

	*redo = NULL;
	*nredo = 0;
	if (st->pats[ML_PAT_PART].n == 0)
		return 0;
	for (k = 0; k < ML_PAT__COUNT; k++) {
		for (i = 0; i < rs->pats[k].n; i++) {
			S_pat *p = (S_pat *)rs->pats[k].v[i];
			if (!p->refs || S_list_find(&st->pats[k], p->id) >= 0)
				continue;
			if (S_compile(p, &st->pats[ML_PAT_PART],
			              &rs->pats[ML_PAT_PART], p->pub.file, 0, &rx,
			              err) < 0)
				return ML_EFORMAT;
			*redo = ml_xrealloc(*redo, (*nredo + 1) * sizeof **redo);
			(*redo)[*nredo].pat = p;
			(*redo)[*nredo].old = p->rx;
			(*nredo)++;
			p->rx = rx;
			p->pub.rx = rx;
			dirty[k] = 1;
		}
	}
	return 0;
}

/* Puts back the rx of every pattern S_recompile changed. */
static void S_redo_undo(S_redo *redo, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ml_rx__free(redo[i].pat->rx);
		redo[i].pat->rx = redo[i].old;
		redo[i].pat->pub.rx = redo[i].old;
	}
	free(redo);
}

/* Merges st into rs, with new alternations (lazy: as S_compile); all or
 * nothing. */
static int S_merge(ml_rules *rs, S_stage *st, unsigned lazy, ml_error *err)
{
	S_patlist m[ML_PAT__COUNT];
	ml_rx *any[ML_PAT__COUNT] = {0};
	int dirty[ML_PAT__COUNT] = {0};
	S_redo *redo;
	size_t nredo, k, i;

	if (S_recompile(rs, st, &redo, &nredo, dirty, err) < 0) {
		S_redo_undo(redo, nredo);
		return ML_EFORMAT;
	}
	for (k = 0; k < ML_PAT__COUNT; k++) {
		m[k] = S_merged(rs, st, (ml_pat_kind)k);
		/* parts are not matched as a kind: no alternation */
		if ((st->pats[k].n == 0 && !dirty[k]) || m[k].n == 0 ||
		    k == ML_PAT_PART)
			continue;
		any[k] = S_alternation(&m[k], (ml_pat_kind)k, lazy, err);
		if (!any[k]) {
			for (i = 0; i <= k; i++) {
				free(m[i].v);
				ml_rx__free(any[i]);
			}
			S_redo_undo(redo, nredo);
			return ML_EFORMAT;
		}
	}
	for (i = 0; i < nredo; i++)
		ml_rx__free(redo[i].old);
	free(redo);
	for (k = 0; k < ML_PAT__COUNT; k++) {
		/* free the patterns that st replaces */
		for (i = 0; i < rs->pats[k].n; i++)
			if (S_list_find(&st->pats[k], rs->pats[k].v[i]->id) >= 0)
				S_pat_free((S_pat *)rs->pats[k].v[i]);
		free(rs->pats[k].v);
		rs->pats[k] = m[k];
		if (any[k]) {
			ml_rx__free(rs->any[k]);
			rs->any[k] = any[k];
		}
		free(st->pats[k].v); /* the patterns now belong to rs */
		st->pats[k].v = NULL;
		st->pats[k].n = 0;
	}
	return 0;
}

/* Quotes, rule definitions and their wording (ml_wording.h) of a
 * validated document. */
static int S_read_rest(ml_rules *rs, const char *file, xmlNodePtr root,
                       ml_error *err)
{
	xmlNodePtr n;
	ml_ruledef d;
	int r = ml_wordings_read(rs->wordings, file, NULL, root, err);

	for (n = root->children; n && r == 0; n = n->next) {
		if (S_is(n, "quote")) {
			S_add_quote(rs, n);
		} else if (S_is(n, "rule")) {
			S_read_def(n, &d);
			S_add_def(rs, &d);
			r = ml_wordings_read(rs->wordings, file, d.id, n, err);
		}
	}
	return r;
}

/* Loads one rule file: a built-in one (builtin 1) is validated only
 * when the build did not (ml_xmlfile_builtin_validated), and its patterns
 * are compiled lazily (ML_RX_LAZY); a user's is validated and compiled
 * now, so that its errors are reported at load. */
static int S_load(ml_rules *rs, const char *name, const char *xml,
                  size_t len, int builtin, ml_error *err)
{
	int validate = !builtin || !ml_xmlfile_builtin_validated();
	unsigned lazy = builtin ? ML_RX_LAZY : 0u;
	xmlDocPtr doc;
	S_stage st;
	const char *file;
	int r;

	memset(&st, 0, sizeof st);
	/* the prescan borrows the alternations this may replace */
	ml_rx__multi_free(rs->prescan);
	rs->prescan = NULL;
	if ((r = ml_xmlfile_parse(name, xml, len, S_MAX_FILE,
	                           "rules-invalid", "rule file", &doc,
	                           err)) < 0)
		return r;
	if (validate && (r = S_validate(rs, name, doc, err)) < 0)
		goto cleanup;
	file = ml_names_keep(&rs->files, name); /* for ml_pattern.file */
	r = S_read_patterns(rs, xmlDocGetRootElement(doc), file, lazy, &st,
	                    err);
	if (r == 0)
		r = S_merge(rs, &st, lazy, err);
	if (r == 0)
		r = S_read_rest(rs, file, xmlDocGetRootElement(doc), err);
	if (r == 0)
		ml_rx__jit_warm();
cleanup:
	S_stage_free(&st);
	xmlFreeDoc(doc);
	return r;
}

int ml_rules_load_memory(ml_rules *rs, const char *name, const char *xml,
                         size_t len, ml_error *err)
{
	return S_load(rs, name, xml, len, 0, err);
}

/* ml_rules_load_memory as an ml_xmlfile_loader. */
static int S_load_read(void *rs, const char *name, const char *xml,
                       size_t len, ml_error *err)
{
	return ml_rules_load_memory(rs, name, xml, len, err);
}

int ml_rules_load_file(ml_rules *rs, const char *path, ml_error *err)
{
	return ml_xmlfile_load(path, S_MAX_FILE, "rules-unreadable",
	                       "rules-invalid", S_load_read, rs, err);
}

static int S_is_defined(const void *rs, const char *id)
{
	return ml_rules_def(rs, id) != NULL;
}

int ml_rules_load_builtin(ml_rules *rs, ml_error *err)
{
	size_t i;
	int r;

	for (i = 0; i < ml_builtin_nfiles; i++) {
		const ml_builtin_file *f = &ml_builtin_files[i];
		size_t n = strlen(f->name);
		if (n < 4 || strcmp(f->name + n - 4, ".xml") != 0)
			continue; /* the schema */
		if (strcmp(f->name, "markings/lanes.xml") == 0)
			continue; /* not a rule file: loaded below */
		if (strcmp(f->name, "markings/register.xml") == 0)
			continue; /* the marking register (lint/marking/) */
		r = S_load(rs, f->name, (const char *)f->data, f->len, 1, err);
		if (r < 0)
			return r;
	}
	/* every rule the code emits is defined, with its wording */
	r = ml_wordings_complete(rs->wordings, "markings/rules.xml",
	                         S_is_defined, rs, err);
	if (r < 0)
		return r;
	return ml_lanes_load_builtin(rs->lanes, err);
}

/* --- the rule set --- */

ml_rules *ml_rules_new(void)
{
	ml_rules *rs;

	xmlInitParser(); /* idempotent; ml_init does it before threads */
	rs = ml_xcalloc(1, sizeof(ml_rules));
	rs->lanes = ml_lanes_new();
	rs->wordings = ml_wordings_new();
	return rs;
}

int ml_rules_load_lanes_file(ml_rules *rs, const char *path, ml_error *err)
{
	/* the lanes change: the prescan borrows their topics (rebuilt by
	 * ml_rules_prepare) */
	ml_rx__multi_free(rs->prescan);
	rs->prescan = NULL;
	return ml_lanes_load_file(rs->lanes, path, err);
}

const ml_lanes *ml_rules_lanes_const(const ml_rules *rs)
{
	return rs->lanes;
}

const ml_wordings *ml_rules_wordings(const ml_rules *rs)
{
	return rs->wordings;
}

void ml_rules_free(ml_rules *rs)
{
	size_t k, i;

	if (!rs)
		return;
	for (k = 0; k < ML_PAT__COUNT; k++) {
		for (i = 0; i < rs->pats[k].n; i++)
			S_pat_free((S_pat *)rs->pats[k].v[i]);
		free(rs->pats[k].v);
		ml_rx__free(rs->any[k]);
	}
	for (i = 0; i < rs->nquotes; i++) {
		free((char *)rs->quotes[i].open);
		free((char *)rs->quotes[i].close);
	}
	free(rs->quotes);
	for (i = 0; i < rs->ndefs; i++)
		S_def_clear(&rs->defs[i]);
	free(rs->defs);
	ml_names_free(&rs->files);
	if (rs->schema)
		xmlRelaxNGFree(rs->schema);
	ml_rx__multi_free(rs->prescan);
	ml_lanes_free(rs->lanes);
	ml_wordings_free(rs->wordings);
	free(rs);
}

size_t ml_rules_patterns(const ml_rules *rs, ml_pat_kind kind,
                         const ml_pattern *const **out)
{
	if ((unsigned)kind >= ML_PAT__COUNT) {
		*out = NULL;
		return 0;
	}
	*out = (const ml_pattern *const *)rs->pats[kind].v;
	return rs->pats[kind].n;
}

const ml_rx *ml_rules_any(const ml_rules *rs, ml_pat_kind kind)
{
	if ((unsigned)kind >= ML_PAT__COUNT || rs->pats[kind].n == 0)
		return NULL;
	return rs->any[kind];
}

int ml_rules_candidates(const ml_rules *rs, ml_pat_kind kind,
                        ml_rx_scratch *s, const char *text, size_t len,
                        uint64_t *hit)
{
	const ml_rx *any = ml_rules_any(rs, kind);

	/* the alternation's members are the kind's patterns in order */
	if (!any || ml_rx__nmembers(any) != rs->pats[kind].n)
		return -1;
	return ml_rx__set_hits(any, s, text, len, hit);
}

void ml_rules_prepare(ml_rules *rs)
{
	/* the alternations that read every portion (or its head) */
	static const ml_pat_kind kinds[] = {ML_PAT_PARTNER, ML_PAT_MENTION,
	                                    ML_PAT_STATEMENT,
	                                    ML_PAT_AUTHORITY_BLOCK};
	const ml_rx *frames = ml_rules_any(rs, ML_PAT_RESTRICTION), *sets[5];
	size_t k;

	ml_rx__multi_free(rs->prescan);
	for (k = 0; k < 4; k++)
		sets[k] = ml_rules_any(rs, kinds[k]);
	sets[k] = ml_lanes__topics(rs->lanes);
	rs->prescan = ml_rx__multi_new(&frames, 1, sets, 5);
}

void ml_rules_prescan(const ml_rules *rs, ml_rx_scratch *s,
                      const char *text, size_t len)
{
	ml_rx__prescan(rs->prescan, s, text, len);
}

size_t ml_rules_quotes(const ml_rules *rs, const ml_quote **out)
{
	*out = rs->quotes;
	return rs->nquotes;
}

size_t ml_rules_defs(const ml_rules *rs, const ml_ruledef **out)
{
	*out = rs->defs;
	return rs->ndefs;
}

const ml_ruledef *ml_rules_def(const ml_rules *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->ndefs; i++)
		if (strcasecmp(rs->defs[i].id, id) == 0)
			return &rs->defs[i];
	return NULL;
}

int ml_rules_set_severity(ml_rules *rs, const char *id, ml_severity sev)
{
	ml_ruledef *d = (ml_ruledef *)ml_rules_def(rs, id);

	if (!d || (unsigned)sev > ML_SEV_ERROR)
		return -1;
	d->severity = sev;
	return 0;
}

int ml_rules_set_enabled(ml_rules *rs, const char *id, int enabled)
{
	ml_ruledef *d = (ml_ruledef *)ml_rules_def(rs, id);

	if (!d)
		return -1;
	d->enabled = enabled != 0;
	return 0;
}

/* --- selftest --- */

/* Prints one failure: where, what, and the example. */
static void S_report(FILE *out, const S_pat *p,
                     const ml_xmlfile_example *e, const char *what)
{
	if (out)
		fprintf(out, "%s:%d: %s '%s': %s: \"%s\"\n", p->pub.file,
		        e->line, S_kind_names[p->pub.kind], p->id, what,
		        e->text);
}

/* A list of literals a match must hold one of: the trigger, or "also". */
typedef struct S_literals {
	const char *(*list)(const ml_rx *rx);
	int (*held)(const ml_rx *rx, const char *text, size_t len);
	const char *name;
} S_literals;

static const S_literals S_trigger_list = {
	ml_rx__trigger, ml_rx__triggered, "the triggers"
};
static const S_literals S_also_list = {
	ml_rx__also, ml_rx__also_triggered, "the literals of also"
};

/* A list of literals must not lose a match: the match of the positive
 * example e holds one of them. 1 (reported) when it does not. */
static int S_loses_match(const S_pat *p, const ml_xmlfile_example *e,
                         ml_rx_scratch *s, const S_literals *lit,
                         FILE *out)
{
	size_t so = 0, eo = 0;

	if (!lit->list(p->rx) ||
	    ml_rx__find_unfiltered(p->rx, s, e->text, strlen(e->text), 0, &so,
	                           &eo) != 1 ||
	    lit->held(p->rx, e->text + so, eo - so))
		return 0;
	if (out)
		fprintf(out, "%s:%d: %s '%s': the match \"%.*s\" holds none "
		        "of %s (%s): \"%s\"\n", p->pub.file, e->line,
		        S_kind_names[p->pub.kind], p->id, (int)(eo - so),
		        e->text + so, lit->name, lit->list(p->rx), e->text);
	return 1;
}

/* Checks the examples of one pattern; returns the failures. */
static int S_test_pattern(const ml_rules *rs, const S_pat *p,
                          ml_rx_scratch *s, FILE *out)
{
	const ml_rx *any = rs->any[p->pub.kind];
	size_t i, len;
	int fails = 0, r;

	for (i = 0; i < p->ex.n; i++) {
		const ml_xmlfile_example *e = &p->ex.v[i];
		len = strlen(e->text);
		if (e->positive && (S_loses_match(p, e, s, &S_trigger_list,
		                                  out) ||
		                    S_loses_match(p, e, s, &S_also_list, out))) {
			fails++;
			continue;
		}
		r = ml_rx_find(p->rx, s, e->text, len, 0, NULL, NULL);
		if (r < 0) {
			S_report(out, p, e, "matching hits a limit");
			fails++;
		} else if (e->positive && r == 0) {
			S_report(out, p, e, "example does not match");
			fails++;
		} else if (!e->positive && r == 1) {
			S_report(out, p, e, "counterexample matches");
			fails++;
		} else if (e->positive && any &&
		           ml_rx_find(any, s, e->text, len, 0, NULL, NULL) != 1) {
			S_report(out, p, e, "example does not match the "
			         "alternation of its kind");
			fails++;
		}
	}
	return fails;
}

/* What S_compile checks at load of a user's file, for a pattern compiled
 * lazily (the built-in ones): that it compiles, has no back-references
 * and does not match the empty string (1, reported, when it fails). */
static int S_check_compiled(const S_pat *p, ml_rx_scratch *s, FILE *out)
{
	char msg[256];
	size_t off = 0;
	const char *what = NULL;

	if (ml_rx__compile_now(p->rx, msg, sizeof msg, &off) < 0) {
		if (out)
			fprintf(out, "%s:%d: pattern '%s': %s at offset %zu of "
			        "\"%s\"\n", p->pub.file, p->pattern_line, p->id,
			        msg, off, ml_rx__compiled(p->rx));
		return 1;
	}
	if (ml_rx__backrefs(p->rx))
		what = "back-references are not supported in rule patterns";
	else if (p->pub.kind != ML_PAT_PART &&
	         ml_rx__matches_empty(p->rx, s) != 0)
		what = "matches the empty string";
	if (what && out)
		fprintf(out, "%s:%d: pattern '%s': %s\n", p->pub.file,
		        p->pattern_line, p->id, what);
	return what != NULL;
}

int ml_rules_selftest(const ml_rules *rs, FILE *out, size_t *checked)
{
	ml_rx_scratch *s = ml_rx_scratch_new();
	size_t k, i, n = 0;
	int fails = 0;

	for (k = 0; k < ML_PAT__COUNT; k++) {
		for (i = 0; i < rs->pats[k].n; i++) {
			const S_pat *p = (const S_pat *)rs->pats[k].v[i];
			if (S_check_compiled(p, s, out)) {
				fails++;
				continue;
			}
			fails += S_test_pattern(rs, p, s, out);
			n += p->ex.n;
		}
	}
	ml_rx_scratch_free(s);
	if (checked)
		*checked = n;
	return fails;
}
