/* ml_report_json.c - the JSON and JSON Lines writers of `marklint check`:
 * the contract of report.schema.json (MARKINGS.md 6). */
#include "ml_writers.h"
#include "ml_buf.h"
#include "ml_suppress.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where: the part, the paragraph, the line the marking is on (text and
 * XML inputs) and the section a person would name. */
static void S_location(ml_json *j, const ml_portion *p, size_t off)
{
	ml_json_key(j, "location");
	ml_json_object(j);
	ml_writer__json_place(j, p, p->line ? ml_portion_line(p, off) : 0);
	if (p->section)
		ml_json_kv_str(j, "section", p->section);
	ml_json_object_end(j);
}

/* The portion's text around [off, off+len), or "" without quotes (the
 * contract wants the key). */
static void S_context(ml_json *j, const ml_portion *p, size_t off,
                      size_t len, int quotes)
{
	size_t n = 0;
	const char *c = quotes ? ml_context(p, off, len, &n) : "";

	ml_json_key(j, "context");
	ml_json_strn(j, c, n);
}

static void S_justification(ml_json *j, const ml_found *m)
{
	ml_json_key(j, "justification");
	ml_json_object(j);
	ml_json_kv_str(j, "status", ml_just_status_name(m->status));
	if (m->citation)
		ml_json_kv_str(j, "citation", m->citation);
	if (m->where != ML_WHERE_NONE)
		ml_json_kv_str(j, "where", ml_where_name(m->where));
	if (m->reason)
		ml_json_kv_str(j, "reason", m->reason);
	ml_json_object_end(j);
}

static void S_marking(ml_json *j, const ml_doc *doc, const ml_found *m,
                      int quotes)
{
	const ml_portion *p = ml_doc_portion(doc, m->portion);

	ml_json_object(j);
	ml_json_kv_str(j, "id", m->id);
	ml_json_kv_str(j, "kind", ml_mark_kind_name(m->kind));
	ml_json_kv_str(j, "form", ml_mark_form_name(m->form));
	ml_json_kv_str(j, "text", ml_writer__marking_text(m, quotes));
	S_location(j, p, m->off);
	S_context(j, p, m->off, m->len, quotes);
	S_justification(j, m);
	if (m->blanket && m->blanket_text)
		ml_json_kv_str(j, "blanket", m->blanket_text);
	ml_json_object_end(j);
}

/* Beyond the contract: the fingerprint (ml_suppress.h) and, for a
 * suppressed finding, how and why: "suppressed": {"kind": "in-source" or
 * "baseline", "justification": ...}. */
static void S_suppressed(ml_json *j, const ml_report *r,
                         const ml_finding *f)
{
	char fp[ML_FINGERPRINT_LEN + 1];

	ml_fingerprint(r, f, fp);
	ml_json_kv_str(j, "fingerprint", fp);
	if (f->suppressed == ML_SUPPRESS_NONE)
		return;
	ml_json_key(j, "suppressed");
	ml_json_object(j);
	ml_json_kv_str(j, "kind", f->suppressed == ML_SUPPRESS_BASELINE ?
	                          "baseline" : "in-source");
	if (f->justification)
		ml_json_kv_str(j, "justification", f->justification);
	ml_json_object_end(j);
}

static void S_finding(ml_json *j, const ml_report *r, const ml_finding *f,
                      int quotes)
{
	const ml_doc *doc = ml_report_doc(r);
	const ml_portion *p = ml_doc_portion(doc, f->portion);
	const ml_found *mk = ml_report_finding_marking(r, f);

	ml_json_object(j);
	ml_json_kv_str(j, "rule", f->rule ? f->rule->id : "");
	ml_json_kv_str(j, "severity", ml_severity_name(f->severity));
	ml_json_kv_str(j, "message", f->message ? f->message : "");
	S_location(j, p, mk ? mk->off : 0);
	S_context(j, p, mk ? mk->off : 0, mk ? mk->len : 0, quotes);
	if (mk)
		ml_json_kv_str(j, "marking", mk->id);
	ml_writer__json_advice(j, f);
	S_suppressed(j, r, f);
	ml_json_object_end(j);
}

/* Beyond the contract, for `marklint audit --from-jsonl`: "organisation"
 * (docProps company, else creator) and "title", when the document says. */
static void S_metadata(ml_json *j, const ml_doc *doc)
{
	const char *org = ml_doc_meta(doc, ML_META_COMPANY);
	const char *title = ml_doc_meta(doc, ML_META_TITLE);

	if (!org || !*org)
		org = ml_doc_meta(doc, ML_META_CREATOR);
	if (org && *org)
		ml_json_kv_str(j, "organisation", org);
	if (title && *title)
		ml_json_kv_str(j, "title", title);
}

/* Beyond the contract, for the audit's memo from shards: the banner the
 * portion marks roll up to ("rollup") and the one after the recommended
 * changes ("rollup_after"), and how many portion marks are left out of
 * the latter because they do not parse ("unparsed_marks"). */
static void S_rollups(ml_json *j, const ml_report *r)
{
	ml_marking m;
	ml_buf b;
	size_t unparsed = 0;

	ml_buf_init(&b, ML_MARKING_MAX_LEN * 2);
	if (ml_report_rollup(r, 0, &m, NULL) == 0 &&
	    ml_marking_format(&m, ML_MARKING_BANNER, &b) == 0)
		ml_json_kv_str(j, "rollup", b.ptr);
	ml_buf_clear(&b);
	if (ml_report_rollup(r, 1, &m, &unparsed) == 0 &&
	    ml_marking_format(&m, ML_MARKING_BANNER, &b) == 0)
		ml_json_kv_str(j, "rollup_after", b.ptr);
	if (unparsed)
		ml_json_kv_int(j, "unparsed_marks", (int64_t)unparsed);
	ml_buf_free(&b);
}

static void S_readable(ml_json *j, const char *path, const ml_report *r,
                       ml_severity min, int quotes)
{
	const ml_doc *doc = ml_report_doc(r);
	const ml_found *m;
	const ml_finding *f;
	size_t i, nm = ml_report_markings(r, &m);
	size_t nf = ml_report_findings(r, &f);

	ml_json_object(j);
	ml_json_kv_str(j, "path", path);
	ml_json_kv_str(j, "format", ml_format_name(ml_doc_format(doc)));
	ml_json_kv_str(j, "status", "ok");
	ml_json_kv_int(j, "portions", (int64_t)ml_doc_portion_count(doc));
	S_metadata(j, doc);
	S_rollups(j, r);
	ml_json_key(j, "markings");
	ml_json_array(j);
	for (i = 0; i < nm; i++)
		S_marking(j, doc, &m[i], quotes);
	ml_json_array_end(j);
	ml_json_key(j, "findings");
	ml_json_array(j);
	for (i = 0; i < nf; i++)
		if (ml_finding_reported(&f[i], min))
			S_finding(j, r, &f[i], quotes);
	ml_json_array_end(j);
	ml_json_object_end(j);
}

/* The contract wants a format even for a document that could not be
 * read: the one its name suggests. */
static const char *S_guess_format(const char *path)
{
	static const struct { const char *ext, *format; } map[] = {
		{"docx", "docx"}, {"docm", "docx"}, {"dotx", "docx"},
		{"dotm", "docx"}, {"odt", "odt"}, {"ott", "odt"},
		{"fodt", "odt"}, {"xml", "xml"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	if (dot && !strchr(dot, '/'))
		for (i = 0; i < sizeof map / sizeof map[0]; i++)
			if (strcasecmp(dot + 1, map[i].ext) == 0)
				return map[i].format;
	return "text";
}

static void S_unreadable(ml_json *j, const char *path, const ml_error *err)
{
	ml_json_object(j);
	ml_json_kv_str(j, "path", path);
	ml_json_kv_str(j, "format", S_guess_format(path));
	ml_writer__json_error(j, err);
	ml_json_object_end(j);
}

void ml_report_json_document(ml_json *j, const ml_result *res, int quotes)
{
	const ml_report *r = ml_result_report(res);

	if (r)
		S_readable(j, ml_result_path(res), r,
		           ml_result_opts(res)->min_severity, quotes);
	else
		S_unreadable(j, ml_result_path(res), ml_result_error(res));
}

void ml_report_json_summary(ml_json *j, const ml_summary *s)
{
	ml_json_object(j);
	ml_json_kv_int(j, "documents", (int64_t)s->documents);
	ml_json_kv_int(j, "unreadable", (int64_t)s->unreadable);
	ml_json_kv_int(j, "portions", (int64_t)s->portions);
	ml_json_kv_int(j, "markings", (int64_t)s->markings);
	ml_json_key(j, "findings");
	ml_json_object(j);
	ml_json_kv_int(j, "error", (int64_t)s->findings[ML_SEV_ERROR]);
	ml_json_kv_int(j, "warning", (int64_t)s->findings[ML_SEV_WARNING]);
	ml_json_kv_int(j, "info", (int64_t)s->findings[ML_SEV_INFO]);
	ml_json_object_end(j);
	/* reported findings left out of "findings" above */
	ml_json_kv_int(j, "suppressed", (int64_t)s->suppressed);
	ml_json_kv_int(j, "baselined", (int64_t)s->baselined);
	/* beyond the contract: the files a folder walk left out */
	if (s->nskipped)
		ml_writer__json_skipped(j, s->skipped, s->nskipped);
	ml_json_object_end(j);
}

/* --- the formats --- */

typedef struct S_json {
	ml_json j;
	FILE *out;
	int quotes;   /* document text in the report (ml_excerpts) */
} S_json;

/* {"tool": {...}, "documents": [   (then documents, then the tail) */
static void *S_json_begin(FILE *out, const ml_writer_opts *o)
{
	S_json *s = ml_xcalloc(1, sizeof *s);

	s->out = out;
	s->quotes = ml_writer__quotes(o, ML_REPORT_JSON);
	ml_json_init(&s->j, out, 1);
	ml_json_documents_head(&s->j);
	return s;
}

static void S_json_document(void *state, const ml_result *r)
{
	S_json *s = state;

	ml_report_json_document(&s->j, r, s->quotes);
}

/* "summary": {...}}, the final newline, and s freed (the JSON document
 * or the JSON Lines summary line ends the same way). */
static int S_json_close(S_json *s, const ml_summary *sum)
{
	int rc;

	ml_json_key(&s->j, "summary");
	ml_report_json_summary(&s->j, sum);
	ml_json_object_end(&s->j);
	ml_json_end(&s->j);
	rc = ferror(s->out) ? -1 : 0;
	free(s);
	return rc;
}

static int S_json_end(void *state, const ml_summary *sum)
{
	S_json *s = state;

	ml_json_array_end(&s->j); /* documents */
	return S_json_close(s, sum);
}

const ml_format_writer ml_write_json = {
	ML_REPORT_JSON, "json", S_json_begin, S_json_document, S_json_end
};

static void *S_jsonl_begin(FILE *out, const ml_writer_opts *o)
{
	S_json *s = ml_xcalloc(1, sizeof *s);

	s->out = out;
	s->quotes = ml_writer__quotes(o, ML_REPORT_JSONL);
	return s;
}

/* One line a document, flushed: a pipeline sees each at once. */
static void S_jsonl_document(void *state, const ml_result *r)
{
	S_json *s = state;

	ml_json_init(&s->j, s->out, 0);
	ml_report_json_document(&s->j, r, s->quotes);
	ml_json_end(&s->j);
	fflush(s->out);
}

static int S_jsonl_end(void *state, const ml_summary *sum)
{
	S_json *s = state;

	ml_json_init(&s->j, s->out, 0);
	ml_json_object(&s->j);
	return S_json_close(s, sum);
}

const ml_format_writer ml_write_jsonl = {
	ML_REPORT_JSONL, "jsonl", S_jsonl_begin, S_jsonl_document, S_jsonl_end
};
