/* cli_outputs.c - where `marklint check` writes: its --format on standard
 * output and each --output FORMAT=FILE (written atomically, ml_file.h),
 * every one through the same ml_writer; and the baselines it reads and
 * writes (--baseline, --write-baseline, --prune-baseline). */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* One output: a file (path, written through an ml_atomic) or standard
 * output (path NULL). */
struct cli_sink {
	ml_report_format fmt;
	const char *path;   /* borrowed from argv, or NULL */
	ml_atomic *file;    /* owned when path */
	ml_writer *w;       /* owned */
};

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

/* Whether the file at path is one of the inputs, or already another
 * output. */
static int S_clashes(const char *path, const cli_inputs *in,
                     const char *const *taken, size_t ntaken)
{
	size_t i;

	for (i = 0; i < ntaken; i++)
		if (ml_file_same(taken[i], path))
			return S_error("%s: given as an output twice", path);
	for (i = 0; i < in->n; i++)
		if (ml_file_same(in->paths[i], path))
			return S_error("%s: is one of the inputs; marklint never "
			               "writes to an input", path);
	return 0;
}

/* Parses the --output values into sinks and checks every file that will
 * be written against the inputs and each other. */
static int S_parse(cli_outputs *o, const cli_output_opts *oo,
                   const char *baseline, const cli_inputs *in)
{
	const char **taken;
	size_t ntaken = 0, i;
	int r = 0;

	taken = ml_xcalloc(oo->noutputs + 2, sizeof *taken);
	for (i = 0; i < oo->noutputs && !r; i++) {
		const char *v = oo->outputs[i], *eq = strchr(v, '=');
		cli_sink *s = &o->v[o->n];
		if (!eq || eq == v || !eq[1] ||
		    ml_report_format_parse(v, (size_t)(eq - v), &s->fmt) < 0) {
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
	if (!r && oo->write_baseline)
		r = S_clashes(oo->write_baseline, in, taken, ntaken);
	if (!r && oo->write_baseline)
		taken[ntaken++] = oo->write_baseline;
	if (!r && oo->prune_baseline && (!oo->write_baseline ||
	    strcmp(oo->write_baseline, baseline) != 0))
		r = S_clashes(baseline, in, taken, ntaken);
	free(taken);
	return r;
}

/* Creates the files and starts every writer. */
static int S_start(cli_outputs *o, const ml_writer_opts *wo)
{
	ml_error err;
	size_t i;

	for (i = 0; i < o->n; i++) {
		cli_sink *s = &o->v[i];
		ml_writer_opts so = *wo;
		FILE *f = stdout;
		if (s->path) {
			so.color = 0;
			if (ml_atomic_open(s->path, &s->file, &err) < 0) {
				cli_report_error(s->path, &err);
				return 2;
			}
			f = ml_atomic_file(s->file);
		}
		s->w = ml_writer_new(s->fmt, f, &so);
		if (!s->w)
			return S_error("%s: cannot write %s",
			               s->path ? s->path : "standard output",
			               ml_report_format_name(s->fmt));
	}
	return 0;
}

int cli_outputs_open(cli_outputs *o, const cli_args *a,
                     const cli_output_opts *oo, const cli_inputs *in,
                     const ml_rules *rules)
{
	ml_writer_opts wo;
	int r;

	memset(o, 0, sizeof *o);
	o->a = a;
	o->oo = oo;
	if (oo->prune_baseline && !a->baseline)
		return S_error("--prune-baseline needs --baseline FILE "
		               "(marklint --help)");
	/* one sink per --output, one more for standard output */
	o->v = ml_xcalloc(oo->noutputs + 1, sizeof *o->v);
	r = S_parse(o, oo, a->baseline, in);
	if (!r)
		r = cli_baseline_load(a, &o->baseline);
	if (!r && oo->write_baseline) {
		o->record = ml_baseline_new();
		ml_baseline_set_file(o->record, oo->write_baseline);
	}
	if (!r) {
		memset(&wo, 0, sizeof wo);
		wo.rules = rules;
		wo.color = oo->color;
		wo.baseline = o->baseline != NULL;
		wo.excerpts = oo->excerpts;
		o->v[o->n].fmt = oo->format;
		o->n++;
		r = S_start(o, &wo);
	}
	if (r)
		cli_outputs_abort(o);
	return r;
}

void cli_outputs_lint_opts(const cli_outputs *o, ml_lint_opts *lo)
{
	lo->baseline = o->baseline;
	lo->record = o->record;
}

void cli_outputs_add(cli_outputs *o, const ml_result *r)
{
	size_t i;

	ml_summary_add(&o->sum, r);
	for (i = 0; i < o->n; i++)
		ml_writer_add(o->v[i].w, r);
}

/* Writes a baseline file atomically (flags: ml_baseline_write); 0 or
 * 2. */
typedef struct S_baseline_file {
	ml_baseline *b;
	int flags;
} S_baseline_file;

static int S_fill_baseline(void *ctx, FILE *f, const char *path)
{
	const S_baseline_file *bf = ctx;

	if (ml_baseline_write(bf->b, f, bf->flags) < 0) {
		fprintf(stderr, "%s: error: cannot write the baseline "
		        "[output-unwritable]\n", path);
		return 2;
	}
	return 0;
}

static int S_write_baseline(ml_baseline *b, const char *path, int flags)
{
	S_baseline_file bf = {b, flags};

	return cli_write_file(path, 1, S_fill_baseline, &bf);
}

int cli_outputs_close(cli_outputs *o)
{
	ml_error err;
	size_t i;
	int status = 0, ok, excerpts;

	for (i = 0; i < o->n; i++) {
		cli_sink *s = &o->v[i];
		ok = ml_writer_finish(s->w, &o->sum) == 0;
		s->w = NULL;
		if (!s->path) {
			fflush(stdout);
			continue; /* main checks stdout */
		}
		if (!ok) {
			ml_atomic_abort(s->file);
			fprintf(stderr, "%s: error: cannot write "
			        "[output-unwritable]\n", s->path);
			status = 2;
		} else if (ml_atomic_commit(s->file, 1, &err) < 0) {
			cli_report_error(s->path, &err);
			status = 2;
		}
		s->file = NULL;
	}
	/* no document text in a baseline unless --excerpts asks */
	excerpts = o->oo->excerpts == ML_EXCERPTS_ON ? ML_BASELINE_EXCERPTS
	                                             : 0;
	if (o->record && S_write_baseline(o->record, o->oo->write_baseline,
	                                  excerpts))
		status = 2;
	if (o->baseline && o->oo->prune_baseline &&
	    S_write_baseline(o->baseline, o->a->baseline,
	                     ML_BASELINE_PRUNE | excerpts))
		status = 2;
	cli_baseline_done(o->a, o->baseline, o->oo->prune_baseline);
	o->baseline = NULL;
	cli_outputs_abort(o);
	return status;
}

void cli_outputs_abort(cli_outputs *o)
{
	size_t i;

	for (i = 0; o->v && i < o->n; i++) {
		ml_writer_finish(o->v[i].w, NULL);
		ml_atomic_abort(o->v[i].file);
	}
	free(o->v);
	ml_baseline_free(o->baseline);
	ml_baseline_free(o->record);
	memset(o, 0, sizeof *o);
}
