/* cli_annotate.c - `marklint annotate IN.docx -o OUT.docx [--propose]`:
 * lint one DOCX exactly as `check` does (same profile: configuration,
 * rule files, --min-severity; the same suppressions and --baseline), then
 * write an annotated copy of it with a Word comment at each finding
 * atomically to OUT. The input is read once into memory: the copy is
 * made from the very bytes that were checked. */
#include "cli.h"

#include <string.h>

typedef struct S_opts {
	const char *output;   /* -o OUT */
	int force;
	int propose;          /* suggestions as tracked changes */
} S_opts;

static const cli_option S_options[] = {
	{"output", 'o', ARG_STRING, CLI_TEXT(S_opts, output), "OUT.docx",
	 "write the annotated copy to OUT.docx"},
	{"force", 0, ARG_NONE,
	 CLI_FLAG(S_opts, force), NULL, "replace OUT.docx when it exists"},
	{"propose", 0, ARG_NONE, CLI_FLAG(S_opts, propose), NULL,
	 "also propose each suggested marking as a tracked change"},
};

static const cli_optset S_set = {
	S_options, sizeof S_options / sizeof S_options[0], NULL, CLI_IN_OPTS
};

/* The annotated copy of r, into f (cli_write_file). */
typedef struct S_copy {
	const ml_result *r;
	ml_annotate_opts ao;
	ml_annotate_stats *st;
} S_copy;

static int S_fill(void *ctx, FILE *f, const char *out)
{
	S_copy *c = ctx;
	ml_error err;

	if (ml_annotate_write(c->r, f, &c->ao, c->st, &err) < 0) {
		cli_report_error(cli_error_file(&err, ml_result_path(c->r), out),
		                 &err);
		return 2;
	}
	return 0;
}

/* Writes the copy of r to out through an atomic file. */
static int S_write(const S_opts *o, const ml_result *r, const char *out,
                   ml_annotate_stats *st)
{
	S_copy c;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.ao.propose = o->propose;
	c.st = st;
	return cli_write_file(out, o->force, S_fill, &c);
}

static int S_annotate(const cli_args *a, const ml_profile *p,
                      const char *in, const char *out)
{
	const S_opts *o = a->opts;
	ml_lint_opts lo = *ml_profile_lint_opts(p);
	ml_annotate_stats st;
	ml_scratch *scratch;
	ml_baseline *b;
	ml_result *r;
	int status = 2;

	if (cli_baseline_load(a, &b))
		return 2;
	scratch = ml_scratch_new();
	lo.keep_input = 1;
	lo.baseline = b;
	if (ml_lint_path(in, &lo, scratch, &r) < 0)
		cli_report_error(in, ml_result_error(r));
	else if (S_write(o, r, out, &st) == 0)
		status = 0;
	if (status == 0)
		printf("%s: %zu comment%s (%zu on the marking, %zu on the "
		       "paragraph), %zu proposed change%s, %zu earlier "
		       "marklint comment%s replaced: %s\n", in, st.comments,
		       st.comments == 1 ? "" : "s", st.precise, st.paragraph,
		       st.proposals, st.proposals == 1 ? "" : "s", st.removed,
		       st.removed == 1 ? "" : "s", out);
	ml_result_free(r);
	ml_scratch_free(scratch);
	cli_baseline_done(a, b, 0);
	return status;
}

static int S_run(const cli_args *a)
{
	const S_opts *o = a->opts;
	cli_profiles ps;
	size_t idx;
	int status;
	const char *in = a->paths[0], *out = o->output;

	if (a->npaths != 1 || !out)
		return cli_usage_error(a, "annotate takes one FILE and -o OUT");
	if (strcmp(in, "-") == 0 || strcmp(out, "-") == 0)
		return cli_usage_error(a, "annotate reads and writes files, not "
		                       "standard input or output");
	if (ml_file_same(in, out)) {
		fprintf(stderr, "%s: error: the output is the input; marklint "
		        "never changes an input: write the copy elsewhere "
		        "[output-is-input]\n", out);
		return 2;
	}
	memset(&ps, 0, sizeof ps);
	if (cli_profile_for(&ps, a, in, &idx))
		status = 2;
	else
		status = S_annotate(a, ps.v[idx], in, out);
	cli_profiles_free(&ps);
	return status;
}

const cli_command cli_annotate_command = {
	"annotate", "marklint annotate [options] FILE.docx -o OUT.docx",
	"write a copy of a DOCX with a Word comment at each finding",
	{&S_set, &cli_profile_options, &cli_limit_options, NULL},
	sizeof(S_opts), "FILE", NULL, S_run, NULL,
};
