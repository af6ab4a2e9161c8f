/* ml_serve_lint.c - the one place where `marklint serve` calls the
 * pipeline: read a document from memory, check it, apply the suppressions
 * written in it, and write what the endpoint asks for (a report, the
 * annotated copy, the memo) into memory. Everything is written with
 * open_memstream: nothing of a document touches the disk. */
#include "ml_serve_int.h"
#include "ml_annotate.h"
#include "ml_buf.h"
#include "ml_json.h"
#include "ml_memo.h"
#include "ml_suppress.h"
#include "ml_writers.h"

#include <stdlib.h>
#include <string.h>

#define S_JSON "application/json"
#define S_DOCX "application/vnd.openxmlformats-officedocument." \
	"wordprocessingml.document"

/* What each ?format= answers with (the first of an endpoint is its
 * default). */
static const struct {
	ml_serve_ep ep;
	const char *name;
	const char *ctype;
	const char *ext;   /* of the attachment; NULL: shown inline */
} S_formats[] = {
	{ML_EP_CHECK, "json", S_JSON, NULL},
	{ML_EP_CHECK, "sarif", "application/sarif+json", NULL},
	{ML_EP_CHECK, "junit", "application/xml", NULL},
	{ML_EP_CHECK, "text", "text/plain; charset=utf-8", NULL},
	{ML_EP_REVIEW, "markdown", "text/markdown; charset=utf-8", ".md"},
	{ML_EP_REVIEW, "html", "text/html; charset=utf-8", ".html"},
	{ML_EP_REVIEW, "text", "text/plain; charset=utf-8", ".txt"},
	{ML_EP_ANNOTATE, "docx", S_DOCX, ".docx"},
};

static int S_format(ml_serve_ep ep, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof S_formats / sizeof S_formats[0]; i++)
		if (S_formats[i].ep == ep &&
		    (!name || strcmp(S_formats[i].name, name) == 0))
			return (int)i;
	return -1;
}

int ml_serve__format_ok(ml_serve_ep ep, const char *format)
{
	return S_format(ep, format) >= 0;
}

void ml_serve__error(ml_serve_job *job, unsigned status, const char *code,
                     const char *fmt, ...)
{
	char msg[600];
	ml_json j;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	free(job->body);
	free(job->filename);
	job->body = NULL;
	job->blen = 0;
	job->filename = NULL;
	f = open_memstream(&job->body, &job->blen);
	if (!f)
		ml_xmalloc((size_t)-1); /* reports out of memory, exits */
	ml_json_init(&j, f, 0);
	ml_json_object(&j);
	ml_json_key(&j, "error");
	ml_json_object(&j);
	ml_json_kv_str(&j, "code", code);
	ml_json_kv_str(&j, "message", msg);
	ml_json_object_end(&j);
	ml_json_object_end(&j);
	ml_json_end(&j);
	fclose(f);
	job->status = status;
	job->ctype = S_JSON;
	snprintf(job->code, sizeof job->code, "%s", code);
}

/* The attachment's name: the document's without its extension, then
 * ".annotated" or ".review", then ext. */
static char *S_attachment(const char *name, const char *what, const char *ext)
{
	const char *dot = strrchr(name, '.');
	size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	ml_buf b;

	ml_buf_init(&b, (size_t)-1);
	(void)ml_buf_printf(&b, "%.*s.%s%s", (int)stem, name, what, ext);
	return ml_buf_detach(&b, NULL);
}

static void S_report(const ml_serve_opts *o, ml_serve_job *job,
                     const ml_report *r, FILE *f)
{
	const char *fmt = S_formats[S_format(job->ep, job->format)].name;
	ml_summary sum;
	ml_json j;

	memset(&sum, 0, sizeof sum);
	ml_summary_add(&sum, r, o->min_severity);
	if (strcmp(fmt, "json") == 0) {
		ml_json_init(&j, f, 1);
		ml_report_json_head(&j);
		ml_report_json_document(&j, job->name, r, o->min_severity);
		ml_report_json_tail(&j, &sum);
	} else if (strcmp(fmt, "sarif") == 0) {
		ml_sarif *s = ml_sarif_new(f, o->rules, 0);
		ml_sarif_document(s, job->name, r, o->min_severity);
		ml_sarif_finish(s);
	} else if (strcmp(fmt, "junit") == 0) {
		ml_junit *ju = ml_junit_new(f);
		if (ju) {
			ml_junit_document(ju, job->name, r, o->rules,
			                  o->min_severity, o->fail_on);
			ml_junit_finish(ju);
		}
	} else {
		ml_report_text_write(f, job->name, r, o->min_severity, 0);
		ml_report_text_summary(f, &sum);
	}
}

static void S_review(const ml_serve_opts *o, ml_serve_job *job,
                     const ml_report *r, FILE *f)
{
	ml_memo_opts mo;
	ml_memo_format mf;
	ml_memo *m;

	if (ml_memo_format_parse(S_formats[S_format(job->ep, job->format)].name,
	                         &mf) < 0)
		mf = ML_MEMO_MARKDOWN;
	ml_memo_opts_default(&mo);
	mo.min_severity = o->min_severity;
	m = ml_memo_new(&mo);
	ml_memo_add_report(m, job->name, r);
	ml_memo_write(m, mf, f);
	ml_memo_free(m);
}

static void S_annotate(const ml_serve_opts *o, ml_serve_job *job,
                       const ml_doc *doc, const ml_report *r)
{
	ml_annotate_opts ao;
	ml_annotate_stats st;
	ml_error err;

	if (ml_doc_format(doc) != ML_FORMAT_DOCX) {
		ml_serve__error(job, 415, "annotate-format", "annotate writes "
		                "DOCX and DOCM packages only, and this is %s: "
		                "POST it to /v1/check or /v1/review",
		                ml_format_name(ml_doc_format(doc)));
		return;
	}
	memset(&ao, 0, sizeof ao);
	memset(&err, 0, sizeof err);
	ao.propose = job->propose;
	ao.min_severity = o->min_severity;
	if (ml_annotate_docx_memory(job->name, job->data, job->len, r,
	                            o->rules, &o->lim, &ao, &st, &job->body,
	                            &job->blen, &err) < 0)
		ml_serve__error(job, 422, err.code, "%s", err.message);
}

/* The endpoint's answer for a document that was read and checked. */
static void S_answer(const ml_serve_opts *o, ml_serve_job *job,
                     const ml_doc *doc, const ml_report *r)
{
	int fi = S_format(job->ep, job->format);
	FILE *f;

	job->status = 200;
	job->ctype = S_formats[fi].ctype;
	if (S_formats[fi].ext)
		job->filename = S_attachment(job->name, job->ep ==
		                             ML_EP_ANNOTATE ? "annotated" :
		                             "review", S_formats[fi].ext);
	if (job->ep == ML_EP_ANNOTATE) {
		S_annotate(o, job, doc, r);
		return;
	}
	f = open_memstream(&job->body, &job->blen);
	if (!f)
		ml_xmalloc((size_t)-1); /* reports out of memory, exits */
	if (job->ep == ML_EP_CHECK)
		S_report(o, job, r, f);
	else
		S_review(o, job, r, f);
	if (fclose(f) != 0)
		ml_serve__error(job, 500, "output-write", "the answer could "
		                "not be written");
}

void ml_serve__lint(const ml_serve_opts *o, ml_rx_scratch *sc,
                    ml_serve_job *job)
{
	ml_doc *doc = NULL;
	ml_report *r = NULL;
	ml_error err;

	memset(&err, 0, sizeof err);
	if (ml_doc_open_memory(job->name, job->data, job->len, &o->lim, &doc,
	                       &err) < 0 ||
	    ml_check(doc, o->rules, sc, &r, &err) < 0) {
		ml_serve__error(job, 422, err.code[0] ? err.code : "unreadable",
		                "%s", err.message);
	} else {
		/* as `marklint check`: findings the author suppressed in the
		 * document stay in the report, marked, and count no more */
		ml_suppress(r, o->rules);
		S_answer(o, job, doc, r);
	}
	ml_report_free(r);
	ml_doc_free(doc);
	free(job->data);
	job->data = NULL;
	job->len = 0;
}
