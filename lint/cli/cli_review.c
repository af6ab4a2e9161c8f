/* cli_review.c - `marklint review`: lint the documents and write their
 * review memorandum as Markdown, HTML, text or Word, to standard output
 * or atomically to -o FILE, never over an input and over an existing
 * file only with --force; an -o whose extension marklint does not write
 * is refused before anything is read. Findings do not fail a review: the
 * exit status is 0 when the memo is written, 2 on unreadable input or a
 * usage or write error. */
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

typedef struct S_opts {
	const char *format;   /* NULL: from -o's extension, else Markdown */
	const char *output;   /* -o FILE, or NULL */
	int force;
	int no_excerpts;
} S_opts;

static const cli_option S_options[] = {
	{"format", 'f', ARG_STRING, CLI_TEXT(S_opts, format), "FORMAT",
	 "markdown (default, or from the -o file's extension), html, text "
	 "or docx"},
	{"output", 'o', ARG_STRING, CLI_TEXT(S_opts, output), "FILE",
	 "write the memo to FILE (default: standard output)"},
	{"force", 0, ARG_NONE,
	 CLI_FLAG(S_opts, force), NULL, "replace the -o FILE when it exists"},
	{"no-excerpts", 0, ARG_NONE, CLI_FLAG(S_opts, no_excerpts), NULL,
	 "quote no document text; the memo is marked by its own content"},
};

static const cli_optset S_set = {
	S_options, sizeof S_options / sizeof S_options[0], NULL, CLI_IN_OPTS
};

/* The format: --format, else the extension of -o, else Markdown. An -o
 * whose extension names no format the memo is written in (.pdf, .xyz) is
 * refused before anything is read or written. */
static int S_format(const cli_args *a, ml_memo_format *out)
{
	const S_opts *o = a->opts;

	*out = ML_MEMO_MARKDOWN;
	if (o->format) {
		if (ml_memo_format_parse(o->format, out) == 0)
			return 0;
		return cli_usage_error(a, "unknown format '%s' for review: it "
		                       "writes %s", o->format,
		                       ml_memo_format_list());
	}
	if (o->output && ml_memo_format_from_path(o->output, out) < 0) {
		fprintf(stderr, "%s: error: marklint does not write this kind "
		        "of file; the memo is written in %s "
		        "[output-format]\n", o->output, ml_memo_format_list());
		return 2;
	}
	return 0;
}

/* Refuses, before any work, an output that is one of the inputs, a
 * directory, or a file that exists without --force. */
static int S_output_ok(const S_opts *o, const cli_inputs *in)
{
	struct stat st;
	size_t i;

	for (i = 0; o->output && i < in->n; i++)
		if (ml_file_same(in->paths[i], o->output)) {
			fprintf(stderr, "%s: error: the memo would overwrite an "
			        "input [output-is-input]\n", o->output);
			return 2;
		}
	if (!o->output || stat(o->output, &st) != 0)
		return 0; /* standard output, or a new file */
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: error: is a directory, not a file "
		        "[output-exists]\n", o->output);
		return 2;
	}
	if (!o->force) {
		fprintf(stderr, "%s: error: already exists (--force replaces "
		        "it) [output-exists]\n", o->output);
		return 2;
	}
	return 0;
}

/* The memo in its format, into f (cli_write_file). */
typedef struct S_memo_file {
	const ml_memo *memo;
	ml_memo_format format;
} S_memo_file;

static int S_fill(void *ctx, FILE *f, const char *path)
{
	const S_memo_file *mf = ctx;

	if (ml_memo_write(mf->memo, mf->format, f) != 0) {
		fprintf(stderr, "%s: error: cannot write the memo "
		        "[output-unwritable]\n", path);
		return 2;
	}
	return 0;
}

/* Writes the memo to path atomically. */
static int S_write_file(const ml_memo *memo, ml_memo_format f,
                        const char *path, int force)
{
	S_memo_file mf = {memo, f};

	return cli_write_file(path, force, S_fill, &mf);
}

/* Lints each input into the memo; returns 0 or 2. */
static int S_review(const cli_args *a, const cli_inputs *in,
                    cli_profiles *ps, ml_baseline *b, ml_memo *memo)
{
	ml_scratch *scratch = ml_scratch_new();
	ml_lint_opts lo;
	int status = 0;
	size_t i, idx;

	for (i = 0; i < in->n; i++) {
		ml_result *r;
		if (cli_profile_for(ps, a, in->paths[i], &idx)) {
			status = 2;
			break;
		}
		lo = *ml_profile_lint_opts(ps->v[idx]);
		lo.baseline = b;
		if (ml_lint_path(in->paths[i], &lo, scratch, &r) < 0) {
			cli_report_error(in->paths[i], ml_result_error(r));
			status = 2;
		}
		ml_memo_add_result(memo, r);
		ml_result_free(r); /* the memo keeps copies */
	}
	ml_scratch_free(scratch);
	return status;
}

static int S_run(const cli_args *a)
{
	const S_opts *o = a->opts;
	cli_inputs in;
	cli_profiles ps;
	ml_memo_opts mo;
	ml_memo_format f;
	ml_memo *memo = NULL;
	ml_baseline *b = NULL;
	size_t first;
	int status, walk;

	if ((status = S_format(a, &f)) != 0)
		return status;
	memset(&ps, 0, sizeof ps);
	walk = cli_inputs_collect(a->paths, a->npaths, &in);
	status = S_output_ok(o, &in);
	if (status)
		goto cleanup;
	/* the thresholds of the first input's configuration apply */
	if (cli_profile_for(&ps, a, in.n ? in.paths[0] : "-", &first) ||
	    cli_baseline_load(a, &b)) {
		status = 2;
		goto cleanup;
	}
	cli_memo_opts(a, ps.v[first], &mo);
	mo.no_excerpts = o->no_excerpts;
	memo = ml_memo_new(&mo);
	status = S_review(a, &in, &ps, b, memo);
	if (o->output) {
		if (S_write_file(memo, f, o->output, o->force))
			status = 2;
	} else if (ml_memo_write(memo, f, stdout) != 0) {
		status = 2; /* main reports the write error */
	}
	cli_inputs_report_skipped(stderr, &in);
	if (walk)
		status = 2;
cleanup:
	ml_memo_free(memo);
	cli_baseline_done(a, b, 0);
	cli_profiles_free(&ps);
	cli_inputs_free(&in);
	return status;
}

const cli_command cli_review_command = {
	"review", "marklint review [options] [-o FILE] PATH...",
	"write the review memorandum of the documents (Word, HTML, Markdown, "
	"text)",
	{&S_set, &cli_memo_options, &cli_profile_options, &cli_limit_options,
	 NULL},
	sizeof(S_opts), "PATH", NULL, S_run, NULL,
};
