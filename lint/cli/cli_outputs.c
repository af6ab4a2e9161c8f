/* cli_outputs.c - what `marklint check` does between checking and
 * writing, for pipelines: the suppression stage and baselines, SARIF and
 * JUnit on standard output, more outputs (--output FORMAT=FILE, each file
 * written atomically: a temporary file in the same directory, renamed
 * over the target at the end), and --write-baseline/--prune-baseline. */
#include "cli.h"
#include "ml_baseline.h"
#include "ml_buf.h"
#include "ml_suppress.h"
#include "ml_writers.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum S_fmt { S_TEXT, S_JSON, S_JSONL, S_SARIF, S_JUNIT } S_fmt;

static const struct {
	const char *name;
	S_fmt fmt;
} S_formats[] = {
	{"text", S_TEXT}, {"json", S_JSON}, {"jsonl", S_JSONL},
	{"sarif", S_SARIF}, {"junit", S_JUNIT},
};

/* One output: a file (written to tmp, renamed to path at the end) or
 * standard output (path NULL). */
struct cli_sink {
	S_fmt fmt;
	const char *path;   /* borrowed from argv, or NULL */
	char *tmp;          /* owned, or NULL */
	FILE *f;            /* owned when path */
	ml_json j;          /* S_JSON */
	ml_sarif *sarif;    /* S_SARIF, owned until finished */
	ml_junit *junit;    /* S_JUNIT, owned until finished */
};

static int S_fmt_parse(const char *name, size_t len, S_fmt *out)
{
	size_t i;

	for (i = 0; i < sizeof S_formats / sizeof S_formats[0]; i++)
		if (strlen(S_formats[i].name) == len &&
		    strncmp(S_formats[i].name, name, len) == 0) {
			*out = S_formats[i].fmt;
			return 0;
		}
	return -1;
}

int cli_outputs_stdout_format(const char *name)
{
	S_fmt f;

	return name && S_fmt_parse(name, strlen(name), &f) == 0 &&
	       (f == S_SARIF || f == S_JUNIT);
}

static int S_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* "marklint: MESSAGE" on stderr; returns the exit status 2. */
static int S_error(const char *fmt, ...)
{
	va_list ap;

	fputs("marklint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* Whether the file at path is one of the inputs (same device and
 * inode), or already another output. */
static int S_clashes(const char *path, const cli_inputs *in,
                     const char *const *taken, size_t ntaken)
{
	struct stat so, si;
	size_t i;

	for (i = 0; i < ntaken; i++)
		if (strcmp(taken[i], path) == 0)
			return S_error("%s: given as an output twice", path);
	if (stat(path, &so) != 0)
		return 0; /* a new file: cannot be an input */
	for (i = 0; i < in->n; i++)
		if (strcmp(in->paths[i], "-") != 0 &&
		    stat(in->paths[i], &si) == 0 && si.st_dev == so.st_dev &&
		    si.st_ino == so.st_ino)
			return S_error("%s: is one of the inputs; marklint never "
			               "writes to an input", path);
	for (i = 0; i < ntaken; i++)
		if (stat(taken[i], &si) == 0 && si.st_dev == so.st_dev &&
		    si.st_ino == so.st_ino)
			return S_error("%s: given as an output twice", path);
	return 0;
}

/* Creates the temporary file for path beside it. */
static int S_tmp_open(const char *path, char **tmp, FILE **f)
{
	const char *slash = strrchr(path, '/');
	ml_buf b;
	int fd;

	ml_buf_init(&b, (size_t)1 << 20);
	if (slash)
		ml_buf_put(&b, path, (size_t)(slash - path + 1));
	ml_buf_printf(&b, ".%s.marklint-XXXXXX", slash ? slash + 1 : path);
	*tmp = ml_buf_detach(&b, NULL); /* owned by the sink */
	fd = mkstemp(*tmp);
	if (fd < 0 || !(*f = fdopen(fd, "w"))) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		return S_error("%s: cannot write: %s", path, strerror(e));
	}
	fchmod(fd, 0644);
	return 0;
}

/* Closes a temporary file and renames it over path (or removes it when
 * ok is 0). Returns 0 or 2 after an error message. */
static int S_tmp_commit(const char *path, char *tmp, FILE *f, int ok)
{
	int r = 0, e = 0;

	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		e = errno ? errno : EIO;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (ok && !e && rename(tmp, path) != 0)
		e = errno;
	if (!ok || e)
		unlink(tmp);
	if (ok && e)
		r = S_error("%s: cannot write: %s", path, strerror(e));
	free(tmp);
	return r;
}

static void S_sink_begin(cli_sink *s, const ml_rules *rules, int baseline)
{
	FILE *f = s->f;

	switch (s->fmt) {
	case S_JSON:
		ml_json_init(&s->j, f, 1);
		ml_report_json_head(&s->j);
		break;
	case S_SARIF:
		s->sarif = ml_sarif_new(f, rules, baseline);
		break;
	case S_JUNIT:
		s->junit = ml_junit_new(f);
		break;
	default:
		break;
	}
}

int cli_outputs_open(cli_outputs *o, const cli_args *a, const cli_inputs *in,
                     const ml_rules *rules)
{
	const char **taken;
	size_t ntaken = 0, i;
	ml_error err;
	int r = 0;

	memset(o, 0, sizeof *o);
	o->a = a;
	if (a->prune_baseline && !a->baseline)
		return S_error("--prune-baseline needs --baseline FILE "
		               "(marklint --help)");
	/* one sink per --output, one more for standard output */
	o->v = ml_xcalloc((size_t)a->noutputs + 1, sizeof *o->v);
	taken = ml_xcalloc((size_t)a->noutputs + 2, sizeof *taken);
	for (i = 0; i < (size_t)a->noutputs && !r; i++) {
		const char *v = a->outputs[i], *eq = strchr(v, '=');
		cli_sink *s = &o->v[o->n];
		if (!eq || eq == v || !eq[1] ||
		    S_fmt_parse(v, (size_t)(eq - v), &s->fmt) < 0) {
			r = S_error("--output takes FORMAT=FILE with FORMAT text, "
			            "json, jsonl, sarif or junit, not '%s' "
			            "(marklint --help)", v);
			break;
		}
		s->path = eq + 1;
		if ((r = S_clashes(s->path, in, taken, ntaken)) != 0)
			break;
		taken[ntaken++] = s->path;
		o->n++;
	}
	if (!r && a->write_baseline)
		r = S_clashes(a->write_baseline, in, taken, ntaken);
	if (!r && a->write_baseline)
		taken[ntaken++] = a->write_baseline;
	if (!r && a->prune_baseline && (!a->write_baseline ||
	    strcmp(a->write_baseline, a->baseline) != 0))
		r = S_clashes(a->baseline, in, taken, ntaken);
	free(taken);
	if (!r && a->baseline) {
		if (ml_baseline_load(a->baseline, &o->baseline, &err) < 0) {
			fprintf(stderr, "marklint: %s [%s]\n", err.message,
			        err.code);
			r = 2;
		}
	}
	if (!r && a->write_baseline)
		o->record = ml_baseline_new();
	if (!r && cli_outputs_stdout_format(a->format)) {
		cli_sink *s = &o->v[o->n++];
		S_fmt_parse(a->format, strlen(a->format), &s->fmt);
		s->f = stdout;
	}
	/* files are created only once everything is known to be right */
	for (i = 0; i < o->n && !r; i++)
		if (o->v[i].path)
			r = S_tmp_open(o->v[i].path, &o->v[i].tmp, &o->v[i].f);
	for (i = 0; i < o->n && !r; i++) {
		S_sink_begin(&o->v[i], rules, o->baseline != NULL);
		if (o->v[i].fmt == S_JUNIT && !o->v[i].junit)
			r = S_error("%s: cannot write JUnit XML",
			            o->v[i].path ? o->v[i].path : "stdout");
	}
	if (r)
		cli_outputs_abort(o);
	return r;
}

void cli_outputs_prepare(cli_outputs *o, const char *path, ml_report *r,
                         const cli_profile *p)
{
	ml_suppress(r, p->rules);
	if (o->baseline)
		ml_baseline_apply(o->baseline, path, r, p->min_severity);
	if (o->record)
		ml_baseline_record(o->record, path, r, p->min_severity);
}

void cli_outputs_document(cli_outputs *o, const char *path,
                          const ml_report *r, const cli_profile *p)
{
	size_t i;
	ml_json j;

	for (i = 0; i < o->n; i++) {
		cli_sink *s = &o->v[i];
		switch (s->fmt) {
		case S_TEXT:
			ml_report_text_write(s->f, path, r, p->min_severity, 0);
			break;
		case S_JSON:
			ml_report_json_document(&s->j, path, r, p->min_severity);
			break;
		case S_JSONL:
			ml_json_init(&j, s->f, 0);
			ml_report_json_document(&j, path, r, p->min_severity);
			ml_json_end(&j);
			break;
		case S_SARIF:
			ml_sarif_document(s->sarif, path, r, p->min_severity);
			break;
		case S_JUNIT:
			ml_junit_document(s->junit, path, r, p->rules,
			                  p->min_severity, p->fail_on);
			break;
		}
	}
}

void cli_outputs_unreadable(cli_outputs *o, const char *path,
                            const ml_error *err)
{
	size_t i;
	ml_json j;

	for (i = 0; i < o->n; i++) {
		cli_sink *s = &o->v[i];
		switch (s->fmt) {
		case S_TEXT:
			break; /* the error line is on stderr */
		case S_JSON:
			ml_report_json_unreadable(&s->j, path, err);
			break;
		case S_JSONL:
			ml_json_init(&j, s->f, 0);
			ml_report_json_unreadable(&j, path, err);
			ml_json_end(&j);
			break;
		case S_SARIF:
			ml_sarif_unreadable(s->sarif, path, err);
			break;
		case S_JUNIT:
			ml_junit_unreadable(s->junit, path, err);
			break;
		}
	}
}

/* Ends what a sink writes; 0, or -1 when a write failed. */
static int S_sink_end(cli_sink *s, const ml_summary *sum)
{
	ml_json j;
	int r = 0;

	switch (s->fmt) {
	case S_TEXT:
		ml_report_text_summary(s->f, sum);
		break;
	case S_JSON:
		ml_report_json_tail(&s->j, sum);
		break;
	case S_JSONL:
		ml_json_init(&j, s->f, 0);
		ml_json_object(&j);
		ml_json_key(&j, "summary");
		ml_report_json_summary(&j, sum);
		ml_json_object_end(&j);
		ml_json_end(&j);
		break;
	case S_SARIF:
		ml_sarif_finish(s->sarif);
		s->sarif = NULL;
		break;
	case S_JUNIT:
		r = ml_junit_finish(s->junit);
		s->junit = NULL;
		break;
	}
	return r;
}

/* Writes a baseline file atomically; 0 or 2. */
static int S_write_baseline(ml_baseline *b, const char *path, int prune)
{
	char *tmp;
	FILE *f;
	int ok;

	if (S_tmp_open(path, &tmp, &f))
		return 2;
	ok = ml_baseline_write(b, f, prune) == 0;
	return (S_tmp_commit(path, tmp, f, ok) || !ok) ? 2 : 0;
}

int cli_outputs_close(cli_outputs *o, const ml_summary *sum)
{
	size_t i;
	int status = 0, ok;

	for (i = 0; i < o->n; i++) {
		cli_sink *s = &o->v[i];
		ok = S_sink_end(s, sum) == 0;
		if (!s->path) {
			fflush(stdout);
			continue; /* main checks stdout */
		}
		if (S_tmp_commit(s->path, s->tmp, s->f, 1) || !ok)
			status = 2;
		s->tmp = NULL;
		s->f = NULL;
	}
	if (o->record && S_write_baseline(o->record, o->a->write_baseline, 0))
		status = 2;
	if (o->baseline && o->a->prune_baseline &&
	    S_write_baseline(o->baseline, o->a->baseline, 1))
		status = 2;
	cli_outputs_abort(o);
	return status;
}

void cli_outputs_abort(cli_outputs *o)
{
	size_t i;

	for (i = 0; o->v && i < o->n; i++) {
		cli_sink *s = &o->v[i];
		if (s->sarif)
			ml_sarif_finish(s->sarif);
		if (s->junit)
			ml_junit_finish(s->junit);
		if (s->path && s->f)
			S_tmp_commit(s->path, s->tmp, s->f, 0);
	}
	free(o->v);
	ml_baseline_free(o->baseline);
	ml_baseline_free(o->record);
	memset(o, 0, sizeof *o);
}
