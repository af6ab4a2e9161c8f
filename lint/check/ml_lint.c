/* ml_lint.c - the one library call every command uses: a document from a
 * path or from memory, through reading, checking, the suppressions
 * written in it and a baseline, into one ml_result (marklint.h). */
#include "ml_lint.h"
#include "ml_baseline.h"
#include "ml_buf.h"
#include "ml_err.h"
#include "ml_file.h"
#include "ml_suppress.h"
#include "ml_doc.h"

#include <stdlib.h>
#include <string.h>

struct ml_scratch {
	ml_rx_scratch *rx;      /* owned */
};

struct ml_result {
	char *path;             /* owned */
	ml_lint_opts o;         /* a copy; its pointers borrowed */
	ml_doc *doc;            /* owned; NULL when unreadable */
	ml_report *report;      /* owned; NULL when unreadable */
	ml_error err;           /* when unreadable */
	char *input;            /* keep_input: the bytes (owned) */
	size_t input_len;
	int file;               /* path names a file (ml_lint_path), not
	                           only a document (ml_lint_memory) */
};

ml_scratch *ml_scratch_new(void)
{
	ml_scratch *s = ml_xcalloc(1, sizeof *s);

	s->rx = ml_rx_scratch_new();
	return s;
}

void ml_scratch_free(ml_scratch *s)
{
	if (!s)
		return;
	ml_rx_scratch_free(s->rx);
	free(s);
}

ml_rx_scratch *ml_scratch_rx(ml_scratch *s)
{
	return s->rx;
}

void ml_lint_opts_default(ml_lint_opts *o)
{
	memset(o, 0, sizeof *o);
	ml_limits_default(&o->limits);
	o->min_severity = ML_SEV_INFO;
	o->fail_on = ML_SEV_ERROR;
}

static ml_result *S_new(const char *path, const ml_lint_opts *o)
{
	ml_result *r = ml_xcalloc(1, sizeof *r);

	r->path = ml_xstrdup(path);
	r->o = *o;
	return r;
}

/* After checking: the stages that mark findings, in order: the
 * document's own suppressions, then the baseline. */
static int S_mark(ml_result *r)
{
	const ml_lint_opts *o = &r->o;

	ml_suppress(r->report, o->rules);
	if (o->baseline)
		ml_baseline_apply(o->baseline, r->path, r->file, r->report,
		                  o->min_severity);
	if (o->record)
		ml_baseline_record(o->record, r->path, r->file, r->report,
		                   o->min_severity);
	return 0;
}

/* A check that failed leaves no document: the result is an error. */
static int S_checked(ml_result *r, int rc)
{
	if (rc < 0) {
		ml_doc_free(r->doc);
		r->doc = NULL;
		return r->err.status;
	}
	return S_mark(r);
}

/* After reading: check, then mark. */
static int S_check(ml_result *r, ml_scratch *s)
{
	const ml_lint_opts *o = &r->o;

	return S_checked(r, ml_check(r->doc, o->rules, s->rx, &r->report,
	                             &r->err));
}

/* o->stream: reads and checks at once, the portions checked as they are
 * read (text and Markdown); the report made during the read is finished
 * after it, or made then for documents read whole. */
static int S_read_checking(ml_result *r, ml_scratch *s)
{
	const ml_lint_opts *o = &r->o;
	ml_report *rep = ml_check_begin(o->rules, s->rx, &r->err);
	int rc = ml_doc_open_sink(r->path, &o->limits, ml_check_portion, rep,
	                          &r->doc, &r->err);

	if (rc < 0) {
		ml_report_free(rep);
		return rc;
	}
	return S_checked(r, ml_check_end(rep, r->doc, &r->report));
}

static int S_usage(ml_result *r)
{
	return ml_err(&r->err, ML_EUSAGE, "usage", "no rule set to lint with");
}

int ml_lint_path(const char *path, const ml_lint_opts *o, ml_scratch *s,
                 ml_result **out)
{
	ml_result *r = S_new(path, o);
	ml_buf b;
	int rc;

	*out = r;
	r->file = 1;
	if (!o->rules)
		return S_usage(r);
	if (o->keep_input) {
		ml_buf_init(&b, 0);
		rc = ml_file_read(path, o->limits.max_file_size, &b, &r->err);
		if (rc < 0)
			return rc;
		r->input = ml_buf_detach(&b, &r->input_len);
		rc = ml_doc_open_memory(path, r->input, r->input_len,
		                        &o->limits, &r->doc, &r->err);
	} else if (o->stream) {
		return S_read_checking(r, s);
	} else {
		rc = ml_doc_open(path, &o->limits, &r->doc, &r->err);
	}
	return rc < 0 ? rc : S_check(r, s);
}

int ml_lint_memory(const char *name, const void *data, size_t size,
                   const ml_lint_opts *o, ml_scratch *s, ml_result **out)
{
	ml_result *r = S_new(name, o);
	int rc;

	*out = r;
	if (!o->rules)
		return S_usage(r);
	if (o->keep_input) {
		r->input = ml_xmalloc(size ? size : 1);
		memcpy(r->input, data, size);
		r->input_len = size;
		data = r->input;
	}
	rc = ml_doc_open_memory(name, data, size, &o->limits, &r->doc,
	                        &r->err);
	return rc < 0 ? rc : S_check(r, s);
}

void ml_result_free(ml_result *r)
{
	if (!r)
		return;
	ml_report_free(r->report);
	ml_doc_free(r->doc);
	free(r->input);
	free(r->path);
	free(r);
}

const char *ml_result_path(const ml_result *r) { return r->path; }
const ml_doc *ml_result_doc(const ml_result *r) { return r->doc; }
const ml_lint_opts *ml_result_opts(const ml_result *r) { return &r->o; }
const ml_report *ml_result_report(const ml_result *r) { return r->report; }

const ml_error *ml_result_error(const ml_result *r)
{
	return r->report ? NULL : &r->err;
}

const void *ml_result_input(const ml_result *r, size_t *len)
{
	if (len)
		*len = r->input_len;
	return r->input;
}

int ml_result_fails(const ml_result *r)
{
	const ml_finding *f;
	size_t i, n;

	if (!r->report)
		return 0;
	n = ml_report_findings(r->report, &f);
	for (i = 0; i < n; i++)
		if (ml_finding_counts(&f[i], r->o.min_severity) &&
		    f[i].severity >= r->o.fail_on)
			return 1;
	return 0;
}

/* The index in the report of reported finding i, or n when none. */
static size_t S_reported(const ml_result *r, size_t i, const ml_finding *f,
                         size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (ml_finding_reported(&f[k], r->o.min_severity) && i-- == 0)
			return k;
	return n;
}

size_t ml_result_finding_count(const ml_result *r)
{
	const ml_finding *f;
	size_t n, k, c = 0;

	if (!r->report)
		return 0;
	n = ml_report_findings(r->report, &f);
	for (k = 0; k < n; k++)
		if (ml_finding_reported(&f[k], r->o.min_severity))
			c++;
	return c;
}

void ml_result_finding_get(const ml_result *r, size_t i,
                           ml_result_finding *out)
{
	const ml_finding *f;
	const ml_found *mk;
	size_t n = r->report ? ml_report_findings(r->report, &f) : 0, k;

	memset(out, 0, sizeof *out);
	k = S_reported(r, i, f, n);
	if (k == n)
		return;
	f += k;
	out->rule = f->rule ? f->rule->id : "";
	out->severity = f->severity;
	out->message = f->message;
	out->disposition = f->disposition;
	out->suggestion = f->suggestion;
	out->lane = f->lane;
	out->portion = ml_doc_portion(r->doc, f->portion);
	mk = ml_report_finding_marking(r->report, f); /* n > 0: a report */
	if (mk)
		out->marking = mk->text;
	out->suppressed = f->suppressed;
	out->justification = f->justification;
}

void ml_summary_add(ml_summary *s, const ml_result *r)
{
	const ml_finding *f;
	const ml_found *m;
	size_t i, n;

	s->documents++;
	if (!r->report) {
		s->unreadable++;
		return;
	}
	s->portions += ml_doc_portion_count(r->doc);
	s->markings += ml_report_markings(r->report, &m);
	n = ml_report_findings(r->report, &f);
	for (i = 0; i < n; i++) {
		if (!ml_finding_reported(&f[i], r->o.min_severity))
			continue;
		if (f[i].suppressed == ML_SUPPRESS_IN_SOURCE)
			s->suppressed++;
		else if (f[i].suppressed == ML_SUPPRESS_BASELINE)
			s->baselined++;
		else if (f[i].severity <= ML_SEV_ERROR)
			s->findings[f[i].severity]++;
	}
}
