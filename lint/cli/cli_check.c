/* cli_check.c - `marklint check` (the default command): find the
 * documents, build what applies to each, check them one after the other
 * and write the findings as text, JSON or JSON Lines; the exit status of
 * MARKINGS.md 6. */
#include "cli.h"
#include "ml_buf.h"
#include "ml_check.h"
#include "ml_writers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* S_OTHER: SARIF or JUnit on standard output, written by cli_outputs */
typedef enum S_format { S_TEXT, S_JSON, S_JSONL, S_OTHER } S_format;

/* The state of one run (all of it on the stack of cli_check). */
typedef struct S_run {
	const cli_args *a;
	S_format format;
	int color;
	ml_json j;          /* the JSON document (S_JSON) */
	ml_summary sum;
	ml_rx_scratch *scratch;
	int status;         /* 0, 1 (findings), 2 (unreadable) */
	cli_outputs outs;   /* --output files, SARIF/JUnit, baselines */
} S_run;

static int S_format_parse(const char *name, S_format *out)
{
	if (!name || strcmp(name, "text") == 0)
		*out = S_TEXT;
	else if (strcmp(name, "json") == 0)
		*out = S_JSON;
	else if (strcmp(name, "jsonl") == 0)
		*out = S_JSONL;
	else if (cli_outputs_stdout_format(name))
		*out = S_OTHER;
	else
		return -1;
	return 0;
}

static int S_use_color(cli_color c)
{
	const char *no = getenv("NO_COLOR");

	if (c != CLI_COLOR_AUTO)
		return c == CLI_COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && !(no && *no);
}

/* Whether a reported finding reaches the failing severity. */
static int S_fails(const ml_report *r, const cli_profile *p)
{
	const ml_finding *f;
	size_t i, n = ml_report_findings(r, &f);

	for (i = 0; i < n; i++)
		if (ml_finding_counts(&f[i], p->min_severity) &&
		    f[i].severity >= p->fail_on)
			return 1;
	return 0;
}

static void S_unreadable(S_run *run, const char *path, const ml_error *err)
{
	ml_json j;

	cli_report_error(path, err);
	run->status = 2;
	ml_summary_add(&run->sum, NULL, ML_SEV_INFO);
	cli_outputs_unreadable(&run->outs, path, err);
	if (run->format == S_JSON) {
		ml_report_json_unreadable(&run->j, path, err);
	} else if (run->format == S_JSONL) {
		ml_json_init(&j, stdout, 0);
		ml_report_json_unreadable(&j, path, err);
		ml_json_end(&j);
	}
}

static void S_write(S_run *run, const char *path, ml_report *r,
                    const cli_profile *p)
{
	ml_json j;

	ml_summary_add(&run->sum, r, p->min_severity);
	if (!run->a->exit_zero && S_fails(r, p) && run->status == 0)
		run->status = 1;
	cli_outputs_document(&run->outs, path, r, p);
	if (run->format == S_TEXT) {
		ml_report_text_write(stdout, path, r, p->min_severity,
		                     run->color);
	} else if (run->format == S_JSON) {
		ml_report_json_document(&run->j, path, r, p->min_severity);
	} else if (run->format == S_JSONL) {
		ml_json_init(&j, stdout, 0);
		ml_report_json_document(&j, path, r, p->min_severity);
		ml_json_end(&j);
	}
}

/* Reads, checks and writes one document. */
static void S_document(S_run *run, const char *path, const cli_profile *p)
{
	ml_doc *doc = NULL;
	ml_report *r = NULL;
	ml_error err;

	memset(&err, 0, sizeof err);
	if (ml_doc_open(path, &run->a->lim, &doc, &err) < 0 ||
	    ml_check(doc, p->rules, run->scratch, &r, &err) < 0)
		S_unreadable(run, path, &err);
	else {
		cli_outputs_prepare(&run->outs, path, r, p);
		S_write(run, path, r, p);
	}
	ml_report_free(r);
	ml_doc_free(doc);
	if (run->format == S_JSONL)
		fflush(stdout); /* a pipeline sees each document at once */
}

static void S_begin(S_run *run)
{
	if (run->format == S_JSON) {
		ml_json_init(&run->j, stdout, 1);
		ml_report_json_head(&run->j);
	}
}

static void S_end(S_run *run)
{
	ml_json j;

	if (run->format == S_JSON) {
		ml_report_json_tail(&run->j, &run->sum);
	} else if (run->format == S_JSONL) {
		ml_json_init(&j, stdout, 0);
		ml_json_object(&j);
		ml_json_key(&j, "summary");
		ml_report_json_summary(&j, &run->sum);
		ml_json_object_end(&j);
		ml_json_end(&j);
	} else if (run->format == S_TEXT) {
		ml_report_text_summary(stdout, &run->sum);
	}
}

/* --list-rules, --explain, --test-rules, --print-config: about the rule
 * set that applies to the first PATH (or the current directory). */
static int S_informational(const cli_args *a, cli_profiles *ps)
{
	const char *path = a->npaths ? a->paths[0] : "-";
	size_t i;
	const cli_profile *p;

	if (cli_profile_for(ps, a, path, &i))
		return 2;
	p = &ps->v[i];
	if (a->print_config)
		return cli_print_config(p, a);
	if (a->explain)
		return cli_explain(p, a->explain);
	if (a->test_rules)
		return cli_test_rules(p);
	return cli_list_rules(p);
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

static int S_check(const cli_args *a, S_run *run, cli_profiles *ps)
{
	cli_inputs in;
	size_t i, *idx;
	int walk;

	walk = cli_inputs_collect(a->paths, a->npaths, &in);
	idx = ml_xcalloc(in.n ? in.n : 1, sizeof *idx);
	if (S_profiles(a, &in, ps, idx)) {
		free(idx);
		cli_inputs_free(&in);
		return 2;
	}
	if (cli_outputs_open(&run->outs, a, &in, ps->n ? ps->v[0].rules
	                                               : NULL)) {
		free(idx);
		cli_inputs_free(&in);
		return 2;
	}
	run->scratch = ml_rx_scratch_new();
	S_begin(run);
	for (i = 0; i < in.n && !ferror(stdout); i++)
		S_document(run, in.paths[i], &ps->v[idx[i]]);
	S_end(run);
	if (cli_outputs_close(&run->outs, &run->sum))
		run->status = 2;
	ml_rx_scratch_free(run->scratch);
	free(idx);
	cli_inputs_free(&in);
	return walk ? 2 : run->status;
}

int cli_check(const cli_args *a)
{
	cli_profiles ps;
	S_run run;
	int status;

	memset(&run, 0, sizeof run);
	memset(&ps, 0, sizeof ps);
	run.a = a;
	if (S_format_parse(a->format, &run.format) < 0) {
		fprintf(stderr, "marklint: unknown format '%s' (text, json, "
		        "jsonl, sarif or junit) (marklint --help)\n", a->format);
		return 2;
	}
	run.color = run.format == S_TEXT && S_use_color(a->color);
	if (a->list_rules || a->explain || a->test_rules || a->print_config)
		status = S_informational(a, &ps);
	else
		status = S_check(a, &run, &ps);
	cli_profiles_free(&ps);
	return status;
}
