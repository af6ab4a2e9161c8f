/* cli_annotate.c - `marklint annotate IN.docx -o OUT.docx [--propose]`:
 * check one DOCX exactly as `check` does (same profile: configuration,
 * rule files, --min-severity), then write an annotated copy of it with a
 * Word comment at each finding (ml_annotate.h). The input is read once
 * into memory: the copy is made from the very bytes that were checked. */
#include "cli.h"
#include "ml_suppress.h"
#include "ml_annotate.h"
#include "ml_buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void S_fail(const char *path, ml_status st, const char *code,
                   const char *msg)
{
	ml_error err;

	memset(&err, 0, sizeof err);
	err.status = st;
	snprintf(err.code, sizeof err.code, "%s", code);
	snprintf(err.message, sizeof err.message, "%s", msg);
	cli_report_error(path, &err);
}

/* Reads the whole file into *data (caller frees), within max bytes. */
static int S_slurp(const char *path, uint64_t max, char **data, size_t *len)
{
	struct stat st;
	ml_buf b;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		S_fail(path, ML_EIO, "io-unreadable",
		       fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ml_buf_init(&b, max > SIZE_MAX ? SIZE_MAX : (size_t)max);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		if (ml_buf_put(&b, chunk, (size_t)n) < 0) {
			S_fail(path, ML_ELIMIT, "limit-file-size",
			       "the file is larger than --max-file-size");
			ml_buf_free(&b);
			close(fd);
			return -1;
		}
	close(fd);
	if (n < 0) {
		S_fail(path, ML_EIO, "io-unreadable", strerror(errno));
		ml_buf_free(&b);
		return -1;
	}
	*data = ml_buf_detach(&b, len);
	return 0;
}

/* The output must not be the input (same name, or the same file). */
static int S_same_file(const char *in, const char *out)
{
	struct stat a, b;

	if (strcmp(in, out) == 0)
		return 1;
	return stat(in, &a) == 0 && stat(out, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int S_annotate(const cli_args *a, const cli_profile *p,
                      const char *in, const char *out)
{
	char *data = NULL;
	size_t len = 0;
	ml_doc *doc = NULL;
	ml_report *r = NULL;
	ml_rx_scratch *scratch = NULL;
	ml_error err;
	ml_annotate_opts o;
	ml_annotate_stats st;
	int status = 2;

	memset(&err, 0, sizeof err);
	if (S_slurp(in, a->lim.max_file_size, &data, &len) < 0)
		goto cleanup;
	if (ml_doc_open_memory(in, data, len, &a->lim, &doc, &err) < 0) {
		cli_report_error(in, &err);
		goto cleanup;
	}
	if (ml_doc_format(doc) != ML_FORMAT_DOCX) {
		char msg[160];
		snprintf(msg, sizeof msg, "annotate writes DOCX and DOCM "
		         "packages only, and this is %s: check it with "
		         "`marklint check`", ml_format_name(ml_doc_format(doc)));
		S_fail(in, ML_EUSAGE, "annotate-format", msg);
		goto cleanup;
	}
	scratch = ml_rx_scratch_new();
	if (ml_check(doc, p->rules, scratch, &r, &err) < 0) {
		cli_report_error(in, &err);
		goto cleanup;
	}
	/* as check does: a finding suppressed in the document gets no
	 * comment; a bad or unused suppression gets one */
	ml_suppress(r, p->rules);
	memset(&o, 0, sizeof o);
	o.propose = a->propose;
	o.replace = a->force;
	o.min_severity = p->min_severity;
	if (ml_annotate_docx(in, data, len, r, p->rules, &a->lim, out, &o, &st,
	                     &err) < 0) {
		cli_report_error(strcmp(err.code, "zip-corrupt") == 0 ? in : out,
		                 &err);
		goto cleanup;
	}
	printf("%s: %zu comment%s (%zu on the marking, %zu on the "
	       "paragraph), %zu proposed change%s, %zu earlier marklint "
	       "comment%s replaced: %s\n", in, st.comments,
	       st.comments == 1 ? "" : "s", st.precise, st.paragraph,
	       st.proposals, st.proposals == 1 ? "" : "s", st.removed,
	       st.removed == 1 ? "" : "s", out);
	status = 0;
cleanup:
	ml_report_free(r);
	ml_rx_scratch_free(scratch);
	ml_doc_free(doc);
	free(data);
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
	if (S_same_file(in, out)) {
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
