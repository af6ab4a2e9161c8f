/* cli_check.c - `marklint check` (the default command): find the
 * documents, build what applies to each, lint them on -j threads and
 * write the results, in input order, in every format asked for
 * (cli_outputs.c); the exit status of MARKINGS.md 6. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum cli_color { S_COLOR_AUTO, S_COLOR_ALWAYS, S_COLOR_NEVER }
    S_color;

/* check's own options (cli_args.opts). */
typedef struct S_opts {
	const char *format;   /* NULL: text */
	S_color color;
	int list_rules, test_rules, print_config;
	const char *explain;  /* rule ID, or NULL */
	int exit_zero;        /* findings never make the exit status 1 */
	const char **outputs; /* --output FORMAT=FILE values (owned array) */
	size_t noutputs;
	const char *write_baseline;
	int prune_baseline;
	unsigned jobs;        /* -j N; 0: the number of cores */
	int excerpts, no_excerpts; /* document text in every format, none */
} S_opts;

enum { S_FAIL_ON, S_COLOR, S_OUTPUT, S_JOBS };

static const cli_option S_options[] = {
	{"format", 'f', ARG_STRING, CLI_TEXT(S_opts, format), "FORMAT",
	 "output format: text (default), json, jsonl, sarif or junit"},
	{"fail-on", 0, ARG_STRING, CLI_ID(S_FAIL_ON), "SEVERITY",
	 "exit 1 on a finding at or above error (default), warning or info"},
	{"exit-zero", 0, ARG_NONE, CLI_FLAG(S_opts, exit_zero), NULL,
	 "exit 0 even with findings (2 still means unreadable input)"},
	{"color", 0, ARG_STRING, CLI_ID(S_COLOR), "WHEN",
	 "colour the text output: auto (default), always or never"},
	{"jobs", 'j', ARG_COUNT, CLI_ID(S_JOBS), "N",
	 "check N documents at a time (default: the number of cores); the "
	 "output is the same, in the same order"},
	{"output", 0, ARG_STRING, CLI_ID(S_OUTPUT), "FORMAT=FILE",
	 "also write FORMAT (text, json, jsonl, sarif, junit) to FILE "
	 "(repeatable)"},
	{"write-baseline", 0, ARG_STRING,
	 CLI_TEXT(S_opts, write_baseline), "FILE",
	 "record the findings of this run in FILE"},
	{"prune-baseline", 0, ARG_NONE, CLI_FLAG(S_opts, prune_baseline), NULL,
	 "drop from the --baseline FILE the entries that no longer occur"},
	{"no-excerpts", 0, ARG_NONE, CLI_FLAG(S_opts, no_excerpts), NULL,
	 "quote no document text in any format, nor in the baseline"},
	{"excerpts", 0, ARG_NONE, CLI_FLAG(S_opts, excerpts), NULL,
	 "quote document text in SARIF, JUnit and --write-baseline too "
	 "(by default only text, json and jsonl do)"},
	{"list-rules", 0, ARG_NONE, CLI_FLAG(S_opts, list_rules), NULL,
	 "list the rule IDs with severity, disposition and summary, and exit"},
	{"explain", 0, ARG_STRING, CLI_TEXT(S_opts, explain), "RULE-ID",
	 "explain a rule (why, authority, fix) and exit"},
	{"test-rules", 0, ARG_NONE, CLI_FLAG(S_opts, test_rules), NULL,
	 "check every pattern of the rule set against its examples, and exit"},
	{"print-config", 0, ARG_NONE, CLI_FLAG(S_opts, print_config), NULL,
	 "print the configuration that applies to the first PATH, and exit"},
};

static int S_color_value(cli_args *a, S_opts *o, const char *value)
{
	static const char *const names[] = {"auto", "always", "never"};
	size_t i;

	for (i = 0; i < 3; i++)
		if (strcmp(value, names[i]) == 0) {
			o->color = (S_color)i;
			return 0;
		}
	return cli_usage_error(a, "--color takes auto, always or never, not "
	                       "'%s'", value);
}

static int S_apply(cli_args *a, const cli_option *opt, const char *value,
                   uint64_t n)
{
	S_opts *o = a->opts;

	switch (opt->id) {
	case S_FAIL_ON: return cli_fail_on_value(a, opt, value);
	case S_COLOR: return S_color_value(a, o, value);
	case S_OUTPUT:
		o->outputs = ml_xrealloc(o->outputs, (o->noutputs + 1) *
		                         sizeof *o->outputs);
		o->outputs[o->noutputs++] = value;
		break;
	default: return cli_jobs_value(a, n, &o->jobs);
	}
	return 0;
}

static const cli_optset S_set = {
	S_options, sizeof S_options / sizeof S_options[0], S_apply,
	CLI_IN_OPTS
};

static int S_use_color(S_color c)
{
	const char *no = getenv("NO_COLOR");

	if (c != S_COLOR_AUTO)
		return c == S_COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && !(no && *no);
}

/* --list-rules, --explain, --test-rules, --print-config: about the rule
 * set that applies to the first PATH (or the current directory). */
static int S_informational(const cli_args *a, const S_opts *o,
                           cli_profiles *ps)
{
	const char *path = a->npaths ? a->paths[0] : "-";
	const ml_profile *p;
	size_t i;

	if (cli_profile_for(ps, a, path, &i))
		return 2;
	p = ps->v[i];
	if (o->print_config) {
		ml_profile_print_config(p, stdout);
	} else if (o->explain) {
		if (ml_profile_explain(p, o->explain, stdout) < 0) {
			fprintf(stderr, "marklint: unknown rule ID '%s' "
			        "(marklint --list-rules)\n", o->explain);
			return 2;
		}
	} else if (o->test_rules) {
		return ml_profile_test_rules(p, stdout) ? 1 : 0;
	} else {
		ml_profile_list_rules(p, stdout);
	}
	return 0;
}

static int S_runs_bare(const cli_args *a)
{
	const S_opts *o = a->opts;

	return o->list_rules || o->explain || o->test_rules ||
	       o->print_config;
}

/* --- linting on the pool --- */

typedef struct S_run {
	const cli_args *a;
	const cli_inputs *in;
	cli_profiles *ps;
	size_t *idx;        /* the profile of each input */
	cli_outputs outs;
	cli_pool pool;
	int tty_out;        /* standard output is a terminal */
	int status;         /* 0, 1 (findings), 2 (unreadable) */
} S_run;

static void *S_work(void *ctx, size_t i, ml_scratch *s)
{
	S_run *run = ctx;
	ml_lint_opts lo = *ml_profile_lint_opts(run->ps->v[run->idx[i]]);
	ml_result *r;

	cli_outputs_lint_opts(&run->outs, &lo);
	lo.stream = 1; /* the report is all check writes */
	ml_lint_path(run->in->paths[i], &lo, s, &r);
	return r;
}

static void S_fold(void *ctx, size_t i, void *item)
{
	S_run *run = ctx;
	const S_opts *o = run->a->opts;
	ml_result *r = item;

	if (run->tty_out || ml_result_error(r))
		cli_pool_quiet(&run->pool);
	if (ml_result_error(r)) {
		cli_report_error(ml_result_path(r), ml_result_error(r));
		run->status = 2;
	} else if (!o->exit_zero && !o->write_baseline &&
	           ml_result_fails(r) && !run->status) {
		/* writing a baseline succeeds whatever it records */
		run->status = 1;
	}
	cli_outputs_add(&run->outs, r);
	ml_result_free(r);
	fflush(stdout); /* a pipeline sees each document at once */
}

/* The profile of every input, built before any document is read, so
 * that a bad configuration or rule file stops the run cleanly. */
static int S_profiles(const cli_args *a, const cli_inputs *in,
                      cli_profiles *ps, size_t *idx)
{
	size_t i, first;

	if (in->n == 0) /* still check the rule files */
		return cli_profile_for(ps, a, "-", &first);
	for (i = 0; i < in->n; i++)
		if (cli_profile_for(ps, a, in->paths[i], &idx[i]))
			return 2;
	return 0;
}

static int S_check(const cli_args *a, const cli_output_opts *oo,
                   cli_profiles *ps)
{
	const S_opts *o = a->opts;
	cli_inputs in;
	S_run run;
	int walk;

	memset(&run, 0, sizeof run);
	walk = cli_inputs_collect(a->paths, a->npaths, &in);
	run.idx = ml_xcalloc(in.n ? in.n : 1, sizeof *run.idx);
	run.status = 2;
	if (S_profiles(a, &in, ps, run.idx) ||
	    cli_outputs_open(&run.outs, a, oo, &in, ps->n ?
	                     ml_profile_lint_opts(ps->v[0])->rules : NULL))
		goto cleanup;
	run.a = a;
	run.in = &in;
	run.ps = ps;
	run.status = 0;
	run.tty_out = isatty(STDOUT_FILENO);
	run.pool.n = in.n;
	run.pool.jobs = cli_pool_jobs(o->jobs, in.n);
	run.pool.work = S_work;
	run.pool.fold = S_fold;
	run.pool.ctx = &run;
	run.pool.progress = in.n > 1 && isatty(STDERR_FILENO);
	cli_pool_run(&run.pool);
	run.outs.sum.skipped = in.skipped;
	run.outs.sum.nskipped = in.nskipped;
	if (cli_outputs_close(&run.outs))
		run.status = 2;
	if (walk)
		run.status = 2;
cleanup:
	free(run.idx);
	cli_inputs_free(&in);
	return run.status;
}

static int S_check_cmd(const cli_args *a)
{
	const S_opts *o = a->opts;
	cli_output_opts oo;
	cli_profiles ps;
	int status;

	memset(&oo, 0, sizeof oo);
	if (o->excerpts && o->no_excerpts)
		return cli_usage_error(a, "--excerpts and --no-excerpts exclude "
		                       "each other");
	oo.excerpts = o->excerpts ? ML_EXCERPTS_ON : o->no_excerpts ?
	              ML_EXCERPTS_OFF : ML_EXCERPTS_DEFAULT;
	if (o->format && ml_report_format_parse(o->format, (size_t)-1,
	                                        &oo.format) < 0)
		return cli_usage_error(a, "unknown format '%s' (text, json, "
		                       "jsonl, sarif or junit)", o->format);
	oo.outputs = o->outputs;
	oo.noutputs = o->noutputs;
	oo.write_baseline = o->write_baseline;
	oo.prune_baseline = o->prune_baseline;
	oo.color = oo.format == ML_REPORT_TEXT && S_use_color(o->color);
	memset(&ps, 0, sizeof ps);
	if (S_runs_bare(a))
		status = S_informational(a, o, &ps);
	else
		status = S_check(a, &oo, &ps);
	cli_profiles_free(&ps);
	return status;
}

static void S_free_opts(void *opts)
{
	free(((S_opts *)opts)->outputs);
}

const cli_command cli_check_command = {
	"check", "marklint [check] [options] PATH...",
	"find NOFORN and foreign-release markings and check their basis "
	"(default)",
	{&S_set, &cli_profile_options, &cli_limit_options, NULL},
	sizeof(S_opts), "PATH", S_runs_bare, S_check_cmd, S_free_opts,
};
