/* ml_wording.c - the texts the checker writes and their templates from
 * markings/rules.xml (see ml_wording.h). */
#include "ml_wording.h"
#include "ml_err.h"
#include "ml_marking.h"
#include "ml_xmlfile.h"

#include <stdlib.h>
#include <string.h>

#define S_NS "urn:marklint:rules:1"

static const char *const S_elem_names[ML_WE__COUNT] = {
	"message", "suggestion", "reason", "basis", "wording"
};

/* Every text the code writes: its rule (NULL: shared), the element and
 * case of its template, and the placeholders the code fills in, in the
 * order it passes them. Indexed by ml_wording. */
static const struct {
	const char *rule;
	ml_wording_elem elem;
	const char *kase;
	const char *args;
} S_wordings[ML__W_COUNT] = {
	[ML_W_ROLLUP_ONE] = {"NOFORN-JUSTIFIED", ML_WE_BASIS,
	                     "roll-up-one", "count"},
	[ML_W_ROLLUP_MANY] = {"NOFORN-JUSTIFIED", ML_WE_BASIS,
	                      "roll-up-many", "count"},
	[ML_W_BANNER_SUPPORTED] = {"NOFORN-JUSTIFIED", ML_WE_MESSAGE,
	                           "banner", "marking citation"},
	[ML_W_BANNER_UNSUPPORTED_REASON] = {"BANNER-UNSUPPORTED",
	                                    ML_WE_REASON, "", ""},
	[ML_W_BANNER_UNSUPPORTED] = {"BANNER-UNSUPPORTED", ML_WE_MESSAGE,
	                             "", "marking"},
	[ML_W_BANNER_MISSING_ONE] = {"BANNER-MISSING-NOFORN", ML_WE_MESSAGE,
	                             "one", "count"},
	[ML_W_BANNER_MISSING_MANY] = {"BANNER-MISSING-NOFORN", ML_WE_MESSAGE,
	                              "many", "count"},
	[ML_W_NOFORN_JUSTIFIED] = {"NOFORN-JUSTIFIED", ML_WE_MESSAGE, "",
	                           "noun marking citation where"},
	[ML_W_NOFORN_WEAK] = {"NOFORN-WEAK", ML_WE_MESSAGE, "",
	                      "noun marking reason"},
	[ML_W_NOFORN_UNJUSTIFIED] = {"NOFORN-UNJUSTIFIED", ML_WE_MESSAGE, "",
	                             "noun marking reason"},
	[ML_W_FOREIGN_JUSTIFIED] = {"FOREIGN-JUSTIFIED", ML_WE_MESSAGE, "",
	                            "noun marking citation where"},
	[ML_W_FOREIGN_WEAK] = {"FOREIGN-WEAK", ML_WE_MESSAGE, "",
	                       "noun marking reason"},
	[ML_W_FOREIGN_UNJUSTIFIED] = {"FOREIGN-UNJUSTIFIED", ML_WE_MESSAGE,
	                              "", "noun marking reason"},
	[ML_W_FOREIGN_BLANKET] = {"FOREIGN-BLANKET", ML_WE_MESSAGE, "",
	                          "blanket"},
	[ML_W_FOREIGN_BLANKET_SUGGESTION] = {"FOREIGN-BLANKET",
	                                     ML_WE_SUGGESTION, "", ""},
	[ML_W_NOFORN_OTHER_KIND] = {"NOFORN-WEAK", ML_WE_REASON,
	                            "other-kind", "citation group"},
	[ML_W_FOREIGN_OTHER_KIND] = {"FOREIGN-WEAK", ML_WE_REASON,
	                             "other-kind", "citation"},
	[ML_W_NOFORN_REGIME] = {"NOFORN-WEAK", ML_WE_REASON, "regime",
	                        "citation"},
	[ML_W_FOREIGN_REGIME] = {"FOREIGN-WEAK", ML_WE_REASON, "regime",
	                         "citation"},
	[ML_W_NOFORN_VAGUE] = {"NOFORN-WEAK", ML_WE_REASON, "vague",
	                       "citation"},
	[ML_W_FOREIGN_VAGUE] = {"FOREIGN-WEAK", ML_WE_REASON, "vague",
	                        "citation"},
	[ML_W_NOFORN_AUTHORITY_BLOCK] = {"NOFORN-WEAK", ML_WE_REASON,
	                                 "authority-block", "citation"},
	[ML_W_FOREIGN_AUTHORITY_BLOCK] = {"FOREIGN-WEAK", ML_WE_REASON,
	                                  "authority-block", "citation"},
	[ML_W_NOFORN_LABEL] = {"NOFORN-WEAK", ML_WE_REASON, "label",
	                       "citation"},
	[ML_W_FOREIGN_LABEL] = {"FOREIGN-WEAK", ML_WE_REASON, "label",
	                        "citation"},
	[ML_W_RESTRICTION_WORDS] = {NULL, ML_WE_SHARED, "restriction-words",
	                            "words subject predicate"},
	[ML_W_RESTRICTION_SUBJECT] = {NULL, ML_WE_SHARED,
	                              "restriction-subject", "words subject"},
	[ML_W_RESTRICTION_PREDICATE] = {NULL, ML_WE_SHARED,
	                                "restriction-predicate",
	                                "words predicate"},
	[ML_W_RESTRICTION_QUOTE] = {NULL, ML_WE_SHARED, "restriction-quote",
	                            "words"},
	[ML_W_NOFORN_NONE] = {"NOFORN-UNJUSTIFIED", ML_WE_REASON, "", ""},
	[ML_W_FOREIGN_NONE] = {"FOREIGN-UNJUSTIFIED", ML_WE_REASON, "", ""},
	[ML_W_LANE] = {NULL, ML_WE_SHARED, "lane", "message lane"},
	[ML_W_LANE_NAMED] = {NULL, ML_WE_SHARED, "lane-named",
	                     "message lane"},
	[ML_W_FOREIGN_DELETE] = {NULL, ML_WE_SHARED, "foreign-delete", ""},
	[ML_W_FOREIGN_OPEN] = {NULL, ML_WE_SHARED, "foreign-open",
	                       "countries arrangement"},
	[ML_W_FOREIGN_OPEN_NAMED] = {NULL, ML_WE_SHARED, "foreign-open-named",
	                             "countries"},
	[ML_W_MALFORMED_PORTION] = {"MARKING-MALFORMED", ML_WE_MESSAGE,
	                            "portion", "marking problem"},
	[ML_W_MALFORMED_BANNER] = {"MARKING-MALFORMED", ML_WE_MESSAGE,
	                           "banner", "marking problem"},
	[ML_W_FOUO] = {"FOUO-OBSOLETE", ML_WE_MESSAGE, "", "marking"},
	[ML_W_FOUO_PORTION] = {"FOUO-OBSOLETE", ML_WE_SUGGESTION, "portion",
	                       ""},
	[ML_W_FOUO_BANNER] = {"FOUO-OBSOLETE", ML_WE_SUGGESTION, "banner",
	                      ""},
	[ML_W_NONSTANDARD_TRAILER] = {"MARKING-NONSTANDARD", ML_WE_MESSAGE,
	                              "trailer", "marking correction"},
	[ML_W_NONSTANDARD_CAVEAT] = {"MARKING-NONSTANDARD", ML_WE_MESSAGE,
	                             "caveat", "marking"},
	[ML_W_NONSTANDARD_CAVEAT_FIX] = {"MARKING-NONSTANDARD",
	                                 ML_WE_SUGGESTION, "caveat", ""},
	[ML_W_SUPPRESSION_NOT_UNDERSTOOD] = {"SUPPRESSION-INVALID",
	                                     ML_WE_MESSAGE, "not-understood",
	                                     ""},
	[ML_W_SUPPRESSION_NO_RULE] = {"SUPPRESSION-INVALID", ML_WE_MESSAGE,
	                              "no-rule", ""},
	[ML_W_SUPPRESSION_NO_REASON] = {"SUPPRESSION-INVALID", ML_WE_MESSAGE,
	                                "no-reason", "rule"},
	[ML_W_SUPPRESSION_UNKNOWN_RULE] = {"SUPPRESSION-INVALID",
	                                   ML_WE_MESSAGE, "unknown-rule",
	                                   "rule"},
	[ML_W_SUPPRESSION_TOOL_RULE] = {"SUPPRESSION-INVALID", ML_WE_MESSAGE,
	                                "tool-rule", "rule"},
	[ML_W_SUPPRESSION_UNUSED] = {"SUPPRESSION-UNUSED", ML_WE_MESSAGE, "",
	                             "rule"},
};

/* A problem message of the marking grammar, kept by rule. */
typedef struct S_problem {
	char *rule;       /* owned */
	char *tmpl;       /* owned */
} S_problem;

struct ml_wordings {
	char *tmpl[ML__W_COUNT];   /* owned, or NULL */
	S_problem *problems;       /* owned */
	size_t nproblems;
};

const char *ml_wording_rule(ml_wording w)
{
	return S_wordings[w].rule;
}

/* The number of names in a space-separated list. */
static size_t S_count_names(const char *s)
{
	size_t n = 0;

	while (*s) {
		s += strspn(s, " ");
		if (!*s)
			break;
		n++;
		s += strcspn(s, " ");
	}
	return n;
}

size_t ml_wording_nargs(ml_wording w)
{
	return S_count_names(S_wordings[w].args);
}

/* The index of name[0..len) in the list names, or -1. */
static long S_name_index(const char *names, const char *name, size_t len)
{
	long i = 0;

	while (*names) {
		size_t l;
		names += strspn(names, " ");
		l = strcspn(names, " ");
		if (!l)
			break;
		if (l == len && memcmp(names, name, len) == 0)
			return i;
		names += l;
		i++;
	}
	return -1;
}

ml_wordings *ml_wordings_new(void)
{
	return ml_xcalloc(1, sizeof(ml_wordings));
}

void ml_wordings_free(ml_wordings *ws)
{
	size_t i;

	if (!ws)
		return;
	for (i = 0; i < ML__W_COUNT; i++)
		free(ws->tmpl[i]);
	for (i = 0; i < ws->nproblems; i++) {
		free(ws->problems[i].rule);
		free(ws->problems[i].tmpl);
	}
	free(ws->problems);
	free(ws);
}

static int S_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The text of (rule, elem, case), or ML__W_COUNT. */
static ml_wording S_find(const char *rule, ml_wording_elem elem,
                         const char *kase)
{
	size_t i;

	for (i = 0; i < ML__W_COUNT; i++)
		if (S_wordings[i].elem == elem && S_same(S_wordings[i].rule,
		    rule) && strcmp(S_wordings[i].kase, kase) == 0)
			return (ml_wording)i;
	return ML__W_COUNT;
}

/* Whether every {name} of tmpl is one of names; else err. */
static int S_check_tmpl(const char *tmpl, const char *names,
                        const char *file, int line, ml_error *err)
{
	const char *p = tmpl, *close;

	while ((p = strchr(p, '{')) != NULL) {
		close = strchr(p, '}');
		if (!close || S_name_index(names, p + 1,
		                           (size_t)(close - p - 1)) < 0)
			return ml_err(err, ML_EFORMAT, "rules-invalid",
			              "%s:%d: unknown placeholder '%.*s' (this "
			              "text has %s%s)", file, line,
			              close ? (int)(close - p + 1) : 1, p,
			              *names ? "{" : "no placeholders",
			              *names ? names : "");
		p = close + 1;
	}
	return 0;
}

static void S_set_problem(ml_wordings *ws, const char *rule, char *tmpl)
{
	size_t i;

	for (i = 0; i < ws->nproblems; i++)
		if (strcmp(ws->problems[i].rule, rule) == 0) {
			free(ws->problems[i].tmpl);
			ws->problems[i].tmpl = tmpl;
			return;
		}
	ws->problems = ml_xrealloc(ws->problems, (ws->nproblems + 1) *
	                           sizeof *ws->problems);
	ws->problems[ws->nproblems].rule = ml_xstrdup(rule);
	ws->problems[ws->nproblems].tmpl = tmpl;
	ws->nproblems++;
}

/* One template element c of rule (NULL: shared) into ws. */
static int S_read_one(ml_wordings *ws, const char *file, const char *rule,
                      ml_wording_elem elem, xmlNodePtr c, ml_error *err)
{
	char *kase = ml_xmlfile_attr(c, "case");
	const char *k = kase ? kase : "";
	int line = ml_xmlfile_line(c), r = 0;
	char *tmpl = ml_xmlfile_collapsed(c);
	ml_wording w = S_find(rule, elem, k);

	if (rule && elem == ML_WE_MESSAGE && strcmp(k, ML_WORDING_PROBLEM) == 0)
		r = S_check_tmpl(tmpl, "marking problem", file, line, err);
	else if (w == ML__W_COUNT)
		r = ml_err(err, ML_EFORMAT, "rules-invalid", "%s:%d: marklint "
		           "writes no <%s case=\"%s\">%s%s", file, line,
		           S_elem_names[elem], k, rule ? " for " : "",
		           rule ? rule : "");
	else
		r = S_check_tmpl(tmpl, S_wordings[w].args, file, line, err);
	if (r == 0 && w == ML__W_COUNT) {
		S_set_problem(ws, rule, tmpl);
		tmpl = NULL;
	} else if (r == 0) {
		free(ws->tmpl[w]);
		ws->tmpl[w] = tmpl;
		tmpl = NULL;
	}
	free(tmpl);
	free(kase);
	return r;
}

int ml_wordings_read(ml_wordings *ws, const char *file, const char *rule,
                     xmlNodePtr n, ml_error *err)
{
	xmlNodePtr c;
	int e, r = 0;

	for (c = n->children; c && r == 0; c = c->next) {
		for (e = 0; e < ML_WE__COUNT; e++)
			if (ml_xmlfile_is(c, S_NS, S_elem_names[e]))
				break;
		if (e == ML_WE__COUNT || (rule != NULL) == (e == ML_WE_SHARED))
			continue;
		r = S_read_one(ws, file, rule, (ml_wording_elem)e, c, err);
	}
	return r;
}

static const char *S_problem_tmpl(const ml_wordings *ws, const char *rule)
{
	size_t i;

	for (i = 0; i < ws->nproblems; i++)
		if (strcmp(ws->problems[i].rule, rule) == 0)
			return ws->problems[i].tmpl;
	return NULL;
}

int ml_wordings_complete(const ml_wordings *ws, const char *file,
                         int (*is_defined)(const void *ctx, const char *id),
                         const void *ctx, ml_error *err)
{
	size_t i;

	for (i = 0; i < ML__W_COUNT; i++) {
		const char *rule = S_wordings[i].rule;
		if (rule && !is_defined(ctx, rule))
			return ml_err(err, ML_EFORMAT, "rules-invalid", "%s: the "
			              "checker emits rule %s, which no rule file "
			              "defines", file, rule);
		if (!ws->tmpl[i])
			return ml_err(err, ML_EFORMAT, "rules-invalid", "%s: no "
			              "<%s case=\"%s\">%s%s (the checker writes "
			              "it, with {%s})", file,
			              S_elem_names[S_wordings[i].elem],
			              S_wordings[i].kase, rule ? " in rule " : "",
			              rule ? rule : "", S_wordings[i].args);
	}
	for (i = 0; ml_marking_rule_name(i); i++) {
		const char *rule = ml_marking_rule_name(i);
		if (!is_defined(ctx, rule) || !S_problem_tmpl(ws, rule))
			return ml_err(err, ML_EFORMAT, "rules-invalid", "%s: the "
			              "marking grammar emits rule %s, which needs "
			              "a definition and <message case=\""
			              ML_WORDING_PROBLEM "\"> with {marking} "
			              "{problem}", file, rule);
	}
	return 0;
}

/* Appends tmpl with {name} replaced by the argument of that name. */
static void S_fill(const char *tmpl, const char *names,
                   const char *const *args, ml_buf *out)
{
	const char *p = tmpl, *open, *close;
	long k;

	while ((open = strchr(p, '{')) != NULL &&
	       (close = strchr(open, '}')) != NULL) {
		ml_buf_put(out, p, (size_t)(open - p));
		k = S_name_index(names, open + 1, (size_t)(close - open - 1));
		if (k >= 0 && args[k])
			ml_buf_puts(out, args[k]);
		p = close + 1;
	}
	ml_buf_puts(out, p);
}

/* Without a template: the arguments joined by ": ". */
static void S_fallback(size_t n, const char *const *args, ml_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (args[i] && *args[i])
			ml_buf_printf(out, "%s%s", out->size ? ": " : "",
			              args[i]);
}

void ml_wordings_fill(const ml_wordings *ws, ml_wording w,
                      const char *const *args, ml_buf *out)
{
	if (ws->tmpl[w])
		S_fill(ws->tmpl[w], S_wordings[w].args, args, out);
	else
		S_fallback(ml_wording_nargs(w), args, out);
}

void ml_wordings_fill_problem(const ml_wordings *ws, const char *rule,
                              const char *marking, const char *problem,
                              ml_buf *out)
{
	const char *tmpl = S_problem_tmpl(ws, rule);
	const char *args[2];

	args[0] = marking;
	args[1] = problem;
	if (tmpl)
		S_fill(tmpl, "marking problem", args, out);
	else
		S_fallback(2, args, out);
}
