/* cli_review.c - `marklint review`: check the documents and write their
 * review memorandum (ml_memo.h) as Markdown, HTML, text or Word, to
 * standard output or atomically to -o FILE (a temporary file in the same
 * directory, then rename), never over an input and over an existing file
 * only with --force; an -o whose extension marklint does not write is
 * refused before anything is read. Findings do not fail a review: the
 * exit status is 0 when the memo is written, 2 on unreadable input or a
 * usage or write error. */
#include "cli.h"
#include "ml_buf.h"
#include "ml_check.h"
#include "ml_config.h"
#include "ml_memo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Writes the memo to path through a temporary file in its directory. */
static int S_write_atomic(const ml_memo *memo, ml_memo_format f,
                          const char *path)
{
	const char *slash = strrchr(path, '/');
	ml_buf tmp;
	FILE *out = NULL;
	int fd, rc = 2, saved;

	ml_buf_init(&tmp, 8192);
	if (slash)
		ml_buf_printf(&tmp, "%.*s/", (int)(slash - path), path);
	ml_buf_printf(&tmp, ".%s.XXXXXX", slash ? slash + 1 : path);
	fd = mkstemp(tmp.ptr);
	if (fd < 0)
		goto fail;
	fchmod(fd, 0644);
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		goto fail_unlink;
	}
	if (ml_memo_write(memo, f, out) != 0 || fsync(fileno(out)) != 0)
		goto fail_unlink;
	if (fclose(out) != 0) {
		out = NULL;
		goto fail_unlink;
	}
	out = NULL;
	if (rename(tmp.ptr, path) != 0)
		goto fail_unlink;
	rc = 0;
	goto cleanup;
fail_unlink:
	saved = errno;
	if (out)
		fclose(out);
	unlink(tmp.ptr);
	errno = saved;
fail:
	fprintf(stderr, "%s: error: cannot write the memo: %s "
	        "[output-write]\n", path, strerror(errno ? errno : EIO));
cleanup:
	ml_buf_free(&tmp);
	return rc;
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
                    cli_profiles *ps, ml_memo *memo)
{
	ml_rx_scratch *scratch = ml_rx_scratch_new();
	int status = 0;
	size_t i, idx;

	for (i = 0; i < in->n; i++) {
		ml_doc *doc = NULL;
		ml_report *r = NULL;
		ml_error err;

		memset(&err, 0, sizeof err);
		if (cli_profile_for(ps, a, in->paths[i], &idx)) {
			status = 2;
			break;
		}
		if (ml_doc_open(in->paths[i], &a->lim, &doc, &err) < 0 ||
		    ml_check(doc, ps->v[idx].rules, scratch, &r, &err) < 0) {
			cli_report_error(in->paths[i], &err);
			ml_memo_add_unreadable(memo, in->paths[i], &err);
			status = 2;
		} else {
			ml_memo_add_report(memo, in->paths[i], r);
		}
		ml_report_free(r); /* the memo keeps copies */
		ml_doc_free(doc);
	}
	ml_rx_scratch_free(scratch);
	return status;
}

int cli_review(const cli_args *a)
{
	cli_inputs in;
	cli_profiles ps;
	ml_memo_opts o;
	ml_memo_format f;
	ml_memo *memo = NULL;
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
	if (cli_profile_for(&ps, a, in.n ? in.paths[0] : "-", &first)) {
		status = 2;
		goto cleanup;
	}
	cli_memo_opts(a, &ps.v[first], &o);
	memo = ml_memo_new(&o);
	status = S_review(a, &in, &ps, memo);
	if (a->output_dir) {
		if (S_write_atomic(memo, f, a->output_dir))
			status = 2;
	} else if (ml_memo_write(memo, f, stdout) != 0) {
		status = 2; /* main reports the write error */
	}
	if (walk)
		status = 2;
cleanup:
	ml_memo_free(memo);
	cli_profiles_free(&ps);
	cli_inputs_free(&in);
	return status;
}
