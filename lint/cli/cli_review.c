/* cli_review.c - `marklint review`: lint the documents and write their
 * review memorandum (ml_memo.h) as Markdown, HTML, text or Word, to
 * standard output or atomically to -o FILE (ml_file.h), never over an
 * input and over an existing file only with --force; an -o whose
 * extension marklint does not write is refused before anything is read.
 * Findings do not fail a review: the exit status is 0 when the memo is
 * written, 2 on unreadable input or a usage or write error. */
#include "cli.h"
#include "ml_config.h"
#include "ml_file.h"
#include "ml_memo.h"

#include <string.h>
#include <sys/stat.h>

/* The format: --format, else the extension of -o, else Markdown. An -o
 * whose extension names no format the memo is written in (.pdf, .xyz) is
 * refused before anything is read or written. */
static int S_format(const cli_args *a, ml_memo_format *out)
{
	*out = ML_MEMO_MARKDOWN;
	if (a->format) {
		if (ml_memo_format_parse(a->format, out) == 0)
			return 0;
		fprintf(stderr, "marklint: unknown format '%s' for review: it "
		        "writes %s (marklint review --help)\n", a->format,
		        ml_memo_format_list());
		return 2;
	}
	if (a->output_dir &&
	    ml_memo_format_from_path(a->output_dir, out) < 0) {
		fprintf(stderr, "%s: error: marklint does not write this kind "
		        "of file; the memo is written in %s "
		        "[output-format]\n", a->output_dir,
		        ml_memo_format_list());
		return 2;
	}
	return 0;
}

/* Refuses an output that is one of the inputs, or that exists without
 * --force. */
static int S_output_ok(const cli_args *a, const cli_inputs *in)
{
	struct stat so, si;
	size_t i;

	if (!a->output_dir)
		return 0;
	if (stat(a->output_dir, &so) != 0)
		return 0; /* a new file */
	for (i = 0; i < in->n; i++)
		if (stat(in->paths[i], &si) == 0 && si.st_dev == so.st_dev &&
		    si.st_ino == so.st_ino) {
			fprintf(stderr, "%s: error: the memo would overwrite an "
			        "input [output-is-input]\n", a->output_dir);
			return 2;
		}
	if (S_ISDIR(so.st_mode)) {
		fprintf(stderr, "%s: error: is a directory, not a file "
		        "[output-exists]\n", a->output_dir);
		return 2;
	}
	if (!a->force) {
		fprintf(stderr, "%s: error: already exists (--force replaces "
		        "it) [output-exists]\n", a->output_dir);
		return 2;
	}
	return 0;
}

/* Writes the memo to path atomically (ml_file.h). */
static int S_write_file(const ml_memo *memo, ml_memo_format f,
                        const char *path, int force)
{
	ml_atomic *out;
	ml_error err;

	if (ml_atomic_open(path, &out, &err) < 0) {
		cli_report_error(path, &err);
		return 2;
	}
	if (ml_memo_write(memo, f, ml_atomic_file(out)) != 0) {
		ml_atomic_abort(out);
		fprintf(stderr, "%s: error: cannot write the memo "
		        "[output-unwritable]\n", path);
		return 2;
	}
	if (ml_atomic_commit(out, force, &err) < 0) {
		cli_report_error(path, &err);
		return 2;
	}
	return 0;
}

void cli_memo_opts(const cli_args *a, const cli_profile *p,
                   struct ml_memo_opts *o)
{
	const ml_config *c = p->config;

	ml_memo_opts_default(o);
	o->for_whom = a->memo_for ? a->memo_for : c ? c->memo_for : NULL;
	o->from = a->memo_from ? a->memo_from : c ? c->memo_from : NULL;
	o->signature = a->memo_signature ? a->memo_signature
	             : c ? c->memo_signature : NULL;
	o->date = a->memo_date ? a->memo_date : c ? c->memo_date : NULL;
	o->no_excerpts = a->no_excerpts;
	o->min_severity = p->min_severity;
}

/* Reads and checks each input into the memo; returns 0 or 2. */
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
		lo = ps->v[idx].lint;
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

int cli_review(const cli_args *a)
{
	cli_inputs in;
	cli_profiles ps;
	ml_memo_opts o;
	ml_memo_format f;
	ml_memo *memo = NULL;
	ml_baseline *b = NULL;
	size_t first;
	int status, walk;

	if ((status = S_format(a, &f)) != 0)
		return status;
	memset(&ps, 0, sizeof ps);
	walk = cli_inputs_collect(a->paths, a->npaths, &in);
	status = S_output_ok(a, &in);
	if (status)
		goto cleanup;
	/* the thresholds of the first input's configuration apply */
	if (cli_profile_for(&ps, a, in.n ? in.paths[0] : "-", &first) ||
	    cli_baseline_load(a, &b)) {
		status = 2;
		goto cleanup;
	}
	cli_memo_opts(a, &ps.v[first], &o);
	memo = ml_memo_new(&o);
	status = S_review(a, &in, &ps, b, memo);
	if (a->output_dir) {
		if (S_write_file(memo, f, a->output_dir, a->force))
			status = 2;
	} else if (ml_memo_write(memo, f, stdout) != 0) {
		status = 2; /* main reports the write error */
	}
	cli_inputs_report_skipped(stderr, &in);
	if (walk)
		status = 2;
cleanup:
	ml_memo_free(memo);
	cli_baseline_done(a, b);
	cli_profiles_free(&ps);
	cli_inputs_free(&in);
	return status;
}
