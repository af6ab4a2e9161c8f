/* cli_annotate.c - `marklint annotate IN.docx -o OUT.docx [--propose]`:
 * lint one DOCX exactly as `check` does (same profile: configuration,
 * rule files, --min-severity; the same suppressions), then write an
 * annotated copy of it with a Word comment at each finding (ml_annotate.h)
 * atomically to OUT. The input is read once into memory: the copy is
 * made from the very bytes that were checked. */
#include "cli.h"
#include "ml_annotate.h"
#include "ml_file.h"

#include <string.h>

/* Writes the copy of r to out through an atomic file. */
static int S_write(const cli_args *a, const ml_result *r, const char *out,
                   ml_annotate_stats *st)
{
	ml_annotate_opts o;
	ml_atomic *f;
	ml_error err;

	memset(&o, 0, sizeof o);
	o.propose = a->propose;
	if (ml_atomic_open(out, &f, &err) < 0) {
		cli_report_error(out, &err);
		return 2;
	}
	if (ml_annotate_write(r, ml_atomic_file(f), &o, st, &err) < 0) {
		ml_atomic_abort(f);
		cli_report_error(strcmp(err.code, "output-unwritable") == 0 ?
		                 out : ml_result_path(r), &err);
		return 2;
	}
	if (ml_atomic_commit(f, a->force, &err) < 0) {
		cli_report_error(out, &err);
		return 2;
	}
	return 0;
}

static int S_annotate(const cli_args *a, const cli_profile *p,
                      const char *in, const char *out)
{
	ml_scratch *scratch;
	ml_lint_opts lo = p->lint;
	ml_annotate_stats st;
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
	else if (S_write(a, r, out, &st) == 0)
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
	cli_baseline_done(a, b);
	return status;
}

int cli_annotate(const cli_args *a)
{
	cli_profiles ps;
	size_t idx;
	int status;
	const char *in = a->paths[0], *out = a->output_dir;

	if (a->npaths != 1 || !out) {
		fprintf(stderr, "marklint: annotate takes one FILE and -o OUT "
		        "(marklint annotate --help)\n");
		return 2;
	}
	if (strcmp(in, "-") == 0 || strcmp(out, "-") == 0) {
		fprintf(stderr, "marklint: annotate reads and writes files, "
		        "not standard input or output (marklint annotate "
		        "--help)\n");
		return 2;
	}
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
		status = S_annotate(a, &ps.v[idx], in, out);
	cli_profiles_free(&ps);
	return status;
}
