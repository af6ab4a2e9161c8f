/* cli_fix.c - `marklint fix FILE (-o OUT | --in-place)
 * [--min-confidence N]`: the corrected copy of a text, Markdown or DOCX
 * document (marklint.h, "The corrected copy"), written atomically; one
 * line per marking that is not valid, saying what became of it, and a
 * summary. The document is read by the one library call (ml_lint_path,
 * keep_input): the copy is made from the very bytes that were read. The
 * input is never written unless --in-place says so. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* fix's default --min-confidence: case, separators, order, the form of
 * a control and typos of longer words are applied; typos of short words
 * and guesses at rules are shown, not applied. */
#define S_MIN_CONFIDENCE 0.8

typedef struct S_opts {
	const char *output;    /* -o OUT ("-": standard output), or NULL */
	int force;
	int in_place;          /* --in-place: the input is replaced */
	int has_min;           /* --min-confidence was given */
	double min_confidence; /* when has_min */
} S_opts;

static const cli_option S_options[] = {
	{"output", 'o', ARG_STRING, CLI_TEXT(S_opts, output), "OUT",
	 "write the corrected copy to OUT (- for standard output)"},
	{"force", 0, ARG_NONE,
	 CLI_FLAG(S_opts, force), NULL, "replace OUT when it exists"},
	{"in-place", 0, ARG_NONE, CLI_FLAG(S_opts, in_place), NULL,
	 "replace the input with the corrected copy (atomically)"},
	{"min-confidence", 0, ARG_STRING, CLI_ID(0), "N",
	 "apply the corrections at least this sure, 0 to 1 (default 0.8)"},
};

/* --min-confidence: a number from 0 to 1. */
static int S_apply(cli_args *a, const cli_option *opt, const char *value,
                   uint64_t n)
{
	S_opts *o = a->opts;
	char *end;

	errno = 0;
	o->min_confidence = strtod(value, &end);
	if (errno || end == value || *end || !(o->min_confidence >= 0) ||
	    o->min_confidence > 1)
		return cli_usage_error(a, "--min-confidence takes a number "
		                       "from 0 to 1, not '%s'", value);
	o->has_min = 1;
	return 0;
}

static const cli_optset S_set = {
	S_options, sizeof S_options / sizeof S_options[0], S_apply,
	CLI_IN_OPTS
};

static double S_min(const S_opts *o)
{
	return o->has_min ? o->min_confidence : S_MIN_CONFIDENCE;
}

/* Where an item is: "FILE:LINE" (text), "FILE: paragraph N (PART)"
 * (DOCX). */
static void S_where(FILE *f, const char *in, const ml_doc *doc,
                    const ml_fix_item *it)
{
	const ml_portion *p = ml_doc_portion(doc, it->portion);

	if (it->line)
		fprintf(f, "%s:%u: ", in, (unsigned)it->line);
	else
		fprintf(f, "%s: paragraph %u (%s): ", in, (unsigned)p->paragraph,
		        p->part);
}

static void S_report(FILE *f, const S_opts *o, const char *in,
                     const char *out, const ml_doc *doc,
                     const ml_fix_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const ml_fix_item *it = &p->v[i];
		S_where(f, in, doc, it);
		if (it->applied)
			fprintf(f, "%s -> %s (confidence %.2f): %s\n", it->from,
			        it->to, it->confidence, it->problem);
		else if (it->to)
			fprintf(f, "%s left as written (%s; did you mean %s? "
			        "confidence %.2f): %s\n", it->from, it->left,
			        it->to, it->confidence, it->problem);
		else
			fprintf(f, "%s left as written (%s): %s\n", it->from,
			        it->left, it->problem);
	}
	fprintf(f, "%s: %zu correction%s applied, %zu marking%s left as "
	        "written (--min-confidence %.2f): %s\n", in, p->applied,
	        p->applied == 1 ? "" : "s", p->n - p->applied,
	        p->n - p->applied == 1 ? "" : "s", S_min(o),
	        strcmp(out, "-") == 0 ? "standard output" : out);
}

/* The corrected copy, into f: to a file (cli_write_file) or standard
 * output (out "-": an error then names the input). */
typedef struct S_copy {
	const S_opts *o;
	const ml_result *r;
	ml_fix_plan *p;
} S_copy;

static int S_fill(void *ctx, FILE *f, const char *out)
{
	const S_copy *c = ctx;
	const ml_doc *doc = ml_result_doc(c->r);
	const void *data;
	size_t len;
	ml_error err;

	data = ml_result_input(c->r, &len);
	if (ml_fix_write(doc, data, len, &ml_result_opts(c->r)->limits,
	                 S_min(c->o), c->p, f, &err) < 0) {
		cli_report_error(strcmp(out, "-") == 0 ? ml_doc_path(doc)
		                 : cli_error_file(&err, ml_doc_path(doc), out),
		                 &err);
		return 2;
	}
	return 0;
}

/* Writes the copy of the document r read to out (a file through the
 * atomic writer, or standard output). Returns 0 or 2 after the error
 * line. */
static int S_write(const S_opts *o, const ml_result *r, ml_fix_plan *p,
                   const char *out)
{
	S_copy c = {o, r, p};

	if (strcmp(out, "-") == 0)
		return S_fill(&c, stdout, out);
	return cli_write_file(out, o->force || o->in_place, S_fill, &c);
}

/* Plans and writes the copy of the document r read. */
static int S_fix(const S_opts *o, const ml_result *r, const char *in,
                 const char *out)
{
	const ml_doc *doc = ml_result_doc(r);
	ml_fix_plan plan;
	int status;

	if (!ml_fix_format_ok(ml_doc_format(doc))) {
		fprintf(stderr, "%s: error: fix writes text, Markdown and DOCX "
		        "documents, and this is %s: check it with `marklint "
		        "check` [fix-format]\n", in,
		        ml_format_name(ml_doc_format(doc)));
		return 2;
	}
	ml_fix_plan_make(doc, &plan);
	status = S_write(o, r, &plan, out);
	if (status == 0)
		S_report(strcmp(out, "-") == 0 ? stderr : stdout, o, in, out, doc,
		         &plan);
	ml_fix_plan_free(&plan);
	return status;
}

/* Reads in through the one library call, with the built-in rules (fix
 * judges markings by the register, which no configuration changes), and
 * fixes it. */
static int S_read_and_fix(const cli_args *a, const char *in,
                          const char *out)
{
	ml_lint_opts lo;
	ml_scratch *scratch;
	ml_rules *rules = ml_rules_new();
	ml_result *r = NULL;
	ml_error err;
	int status = 2;

	if (ml_rules_load_builtin(rules, &err) < 0) {
		cli_report_error("marklint", &err);
		ml_rules_free(rules);
		return 2;
	}
	ml_lint_opts_default(&lo);
	lo.rules = rules;
	lo.limits = a->lim;
	lo.keep_input = 1;
	scratch = ml_scratch_new();
	if (ml_lint_path(in, &lo, scratch, &r) < 0)
		cli_report_error(in, ml_result_error(r));
	else
		status = S_fix(a->opts, r, in, out);
	ml_result_free(r);
	ml_scratch_free(scratch);
	ml_rules_free(rules);
	return status;
}

static int S_run(const cli_args *a)
{
	const S_opts *o = a->opts;
	const char *in = a->paths[0];
	const char *out = o->in_place ? in : o->output;

	if (a->npaths != 1 || !out || (o->in_place && o->output))
		return cli_usage_error(a, "fix takes one FILE and either -o OUT "
		                       "or --in-place");
	if (o->in_place && strcmp(in, "-") == 0)
		return cli_usage_error(a, "fix --in-place needs a file, not "
		                       "standard input");
	if (!o->in_place && ml_file_same(in, out)) {
		fprintf(stderr, "%s: error: the output is the input; fix "
		        "changes an input only with --in-place [output-is-input]"
		        "\n", out);
		return 2;
	}
	return S_read_and_fix(a, in, out);
}

const cli_command cli_fix_command = {
	"fix", "marklint fix [options] FILE (-o OUT | --in-place)",
	"write a copy of a text, Markdown or DOCX document with its markings "
	"corrected (DOCX: as tracked changes)",
	{&S_set, &cli_limit_options, NULL, NULL},
	sizeof(S_opts), "FILE", NULL, S_run, NULL,
};
