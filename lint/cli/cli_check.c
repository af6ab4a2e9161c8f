/* cli_check.c - `marklint check` (the default command): find the
 * documents, build what applies to each, lint them one after the other
 * and write the results in every format asked for (cli_outputs.c); the
 * exit status of MARKINGS.md 6. */
#include "cli.h"
#include "ml_buf.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int S_use_color(cli_color c)
{
	const char *no = getenv("NO_COLOR");

	if (c != CLI_COLOR_AUTO)
		return c == CLI_COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && !(no && *no);
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

/* Lints each input and writes it; returns 0, 1 (findings) or 2
 * (unreadable). */
static int S_lint_all(const cli_args *a, const cli_inputs *in,
                      const cli_profiles *ps, const size_t *idx,
                      cli_outputs *outs)
{
	ml_scratch *scratch = ml_scratch_new();
	ml_result *r;
	ml_lint_opts lo;
	size_t i;
	int status = 0;

	for (i = 0; i < in->n && !ferror(stdout); i++) {
		lo = ps->v[idx[i]].lint;
		cli_outputs_lint_opts(outs, &lo);
		if (ml_lint_path(in->paths[i], &lo, scratch, &r) < 0) {
			cli_report_error(in->paths[i], ml_result_error(r));
			status = 2;
		} else if (!a->exit_zero && !a->write_baseline &&
		           ml_result_fails(r) && !status) {
			/* writing a baseline succeeds whatever it records */
			status = 1;
		}
		cli_outputs_add(outs, r);
		ml_result_free(r);
	}
	ml_scratch_free(scratch);
	return status;
}

static int S_check(const cli_args *a, ml_report_format fmt,
                   cli_profiles *ps)
{
	cli_inputs in;
	cli_outputs outs;
	ml_writer_opts wo;
	size_t *idx;
	int walk, status = 2;

	walk = cli_inputs_collect(a->paths, a->npaths, &in);
	idx = ml_xcalloc(in.n ? in.n : 1, sizeof *idx);
	if (S_profiles(a, &in, ps, idx))
		goto cleanup;
	memset(&wo, 0, sizeof wo);
	wo.rules = ps->n ? ps->v[0].rules : NULL;
	wo.color = fmt == ML_REPORT_TEXT && S_use_color(a->color);
	wo.baseline = a->baseline != NULL;
	wo.excerpts = a->excerpts ? ML_EXCERPTS_ON : a->no_excerpts ?
	              ML_EXCERPTS_OFF : ML_EXCERPTS_DEFAULT;
	if (cli_outputs_open(&outs, a, &in, fmt, &wo))
		goto cleanup;
	status = S_lint_all(a, &in, ps, idx, &outs);
	outs.sum.skipped = in.skipped;
	outs.sum.nskipped = in.nskipped;
	if (cli_outputs_close(&outs))
		status = 2;
	if (walk)
		status = 2;
cleanup:
	free(idx);
	cli_inputs_free(&in);
	return status;
}

int cli_check(const cli_args *a)
{
	cli_profiles ps;
	ml_report_format fmt = ML_REPORT_TEXT;
	int status;

	memset(&ps, 0, sizeof ps);
	if (a->format && ml_report_format_parse(a->format, (size_t)-1,
	                                        &fmt) < 0) {
		fprintf(stderr, "marklint: unknown format '%s' (text, json, "
		        "jsonl, sarif or junit) (marklint --help)\n", a->format);
		return 2;
	}
	if (a->list_rules || a->explain || a->test_rules || a->print_config)
		status = S_informational(a, &ps);
	else
		status = S_check(a, fmt, &ps);
	cli_profiles_free(&ps);
	return status;
}
