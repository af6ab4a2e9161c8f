/* ml_serve_lint.c - the one place where `marklint serve` calls the
 * pipeline: ml_lint_memory (reading, checking, the suppressions written
 * in the document, a baseline), then the product the endpoint asks for (a
 * report through ml_writer, the memo, the annotated copy), all written to
 * memory with open_memstream: nothing of a document touches the disk. */
#include "ml_serve_int.h"
#include "ml_annotate.h"
#include "ml_buf.h"
#include "ml_json.h"
#include "ml_memo.h"

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
	{ML_EP_REVIEW, "docx", S_DOCX, ".docx"},
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
                     const ml_result *r, FILE *f)
{
	ml_report_format rf = ML_REPORT_JSON;
	ml_writer_opts wo;
	ml_summary sum;
	ml_writer *w;

	ml_report_format_parse(S_formats[S_format(job->ep, job->format)].name,
	                       (size_t)-1, &rf);
	memset(&wo, 0, sizeof wo);
	wo.rules = o->lint.rules;
	wo.baseline = o->lint.baseline != NULL;
	memset(&sum, 0, sizeof sum);
	ml_summary_add(&sum, r);
	w = ml_writer_new(rf, f, &wo);
	if (w) {
		ml_writer_add(w, r);
		ml_writer_finish(w, &sum);
	}
}

static void S_review(const ml_serve_opts *o, ml_serve_job *job,
                     const ml_result *r, FILE *f)
{
	ml_memo_opts mo;
	ml_memo_format mf;
	ml_memo *m;

	if (ml_memo_format_parse(S_formats[S_format(job->ep, job->format)].name,
	                         &mf) < 0)
		mf = ML_MEMO_MARKDOWN;
	mo = o->memo;
	mo.min_severity = o->lint.min_severity;
	m = ml_memo_new(&mo);
	ml_memo_add_result(m, r);
	ml_memo_write(m, mf, f);
	ml_memo_free(m);
}

static void S_annotate(ml_serve_job *job, const ml_result *r, FILE *f)
{
	const ml_doc *doc = ml_result_doc(r);
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
	if (ml_annotate_write(r, f, &ao, &st, &err) < 0)
		ml_serve__error(job, 422, err.code, "%s", err.message);
}

/* The endpoint's answer for a document that was read and checked. */
static void S_answer(const ml_serve_opts *o, ml_serve_job *job,
                     const ml_result *r)
{
	int fi = S_format(job->ep, job->format);
	char *body = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&body, &blen);

	if (!f)
		ml_xmalloc((size_t)-1); /* reports out of memory, exits */
	job->status = 200;
	job->ctype = S_formats[fi].ctype;
	if (S_formats[fi].ext)
		job->filename = S_attachment(job->name, job->ep ==
		                             ML_EP_ANNOTATE ? "annotated" :
		                             "review", S_formats[fi].ext);
	if (job->ep == ML_EP_CHECK)
		S_report(o, job, r, f);
	else if (job->ep == ML_EP_REVIEW)
		S_review(o, job, r, f);
	else
		S_annotate(job, r, f);
	if (fclose(f) != 0 && job->status == 200)
		ml_serve__error(job, 500, "output-unwritable", "the answer "
		                "could not be written");
	if (job->status == 200) {
		job->body = body;
		job->blen = blen;
	} else {
		free(body); /* an error document took its place */
	}
}

void ml_serve__lint(const ml_serve_opts *o, ml_scratch *sc,
                    ml_serve_job *job)
{
	ml_lint_opts lo = o->lint;
	ml_result *r = NULL;
	const ml_error *err;

	/* the annotated copy is made from the very bytes that were read */
	lo.keep_input = job->ep == ML_EP_ANNOTATE;
	ml_lint_memory(job->name, job->data, job->len, &lo, sc, &r);
	free(job->data);
	job->data = NULL;
	job->len = 0;
	err = ml_result_error(r);
	if (err)
		ml_serve__error(job, 422, err->code[0] ? err->code :
		                "unreadable", "%s", err->message);
	else
		S_answer(o, job, r);
	ml_result_free(r);
}
