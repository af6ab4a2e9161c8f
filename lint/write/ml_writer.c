/* ml_writer.c - the one dispatch of report formats (marklint.h's
 * ml_writer): a table of the formats, each an ml_format_writer. */
#include "ml_writers.h"
#include "ml_buf.h"

#include <stdlib.h>
#include <string.h>

static const ml_format_writer *const S_formats[ML_REPORT__COUNT] = {
	&ml_write_text, &ml_write_json, &ml_write_jsonl, &ml_write_sarif,
	&ml_write_junit,
};

struct ml_writer {
	const ml_format_writer *fw;
	void *state;   /* owned by fw */
};

const char *ml_report_format_name(ml_report_format f)
{
	return (unsigned)f < ML_REPORT__COUNT ? S_formats[f]->name : "";
}

int ml_report_format_parse(const char *name, size_t len,
                           ml_report_format *out)
{
	size_t i;

	if (len == (size_t)-1)
		len = strlen(name);
	for (i = 0; i < ML_REPORT__COUNT; i++)
		if (strlen(S_formats[i]->name) == len &&
		    strncmp(S_formats[i]->name, name, len) == 0) {
			*out = S_formats[i]->format;
			return 0;
		}
	return -1;
}

int ml_writer__quotes(const ml_writer_opts *o, ml_report_format f)
{
	if (o->excerpts != ML_EXCERPTS_DEFAULT)
		return o->excerpts == ML_EXCERPTS_ON;
	return f != ML_REPORT_SARIF && f != ML_REPORT_JUNIT;
}

const char *ml_writer__marking_text(const ml_found *m, int quotes)
{
	if (!m->text || (m->kind == ML_KIND_FOREIGN && !quotes))
		return "";
	return m->text;
}

void ml_writer__json_place(ml_json *j, const ml_portion *p, size_t line)
{
	ml_json_kv_str(j, "part", p->part);
	ml_json_kv_int(j, "paragraph", p->paragraph);
	if (line)
		ml_json_kv_int(j, "line", (int64_t)line);
	if (p->page)
		ml_json_kv_int(j, "page", p->page);
	if (p->slide)
		ml_json_kv_int(j, "slide", p->slide);
}

void ml_writer__json_error(ml_json *j, const ml_error *err)
{
	ml_json_kv_str(j, "status", "error");
	ml_json_key(j, "error");
	ml_json_object(j);
	ml_json_kv_str(j, "code", err->code);
	ml_json_kv_str(j, "message", err->message);
	ml_json_object_end(j);
}

void ml_writer__json_skipped(ml_json *j, const ml_skipped *v, size_t n)
{
	size_t i;

	ml_json_key(j, "skipped");
	ml_json_array(j);
	for (i = 0; i < n; i++) {
		ml_json_object(j);
		ml_json_kv_str(j, "path", v[i].path);
		ml_json_kv_str(j, "code", v[i].code);
		ml_json_kv_str(j, "reason", v[i].reason);
		ml_json_object_end(j);
	}
	ml_json_array_end(j);
}

void ml_writer__json_advice(ml_json *j, const ml_finding *f)
{
	if (f->disposition)
		ml_json_kv_str(j, "disposition", f->disposition);
	if (f->suggestion)
		ml_json_kv_str(j, "suggestion", f->suggestion);
	if (f->lane)
		ml_json_kv_str(j, "lane", f->lane);
}

int ml_writer__each_finding(const ml_result *res, void *state,
                            int (*keep)(const ml_finding *f,
                                        ml_severity min),
                            void (*fn)(void *state, const char *path,
                                       const ml_report *r,
                                       const ml_finding *f))
{
	const ml_report *r = ml_result_report(res);
	ml_severity min = ml_result_opts(res)->min_severity;
	const ml_finding *f;
	size_t i, n;

	if (!r)
		return -1;
	n = ml_report_findings(r, &f);
	for (i = 0; i < n; i++)
		if (keep(&f[i], min))
			fn(state, ml_result_path(res), r, &f[i]);
	return 0;
}

ml_writer *ml_writer_new(ml_report_format f, FILE *out,
                         const ml_writer_opts *o)
{
	ml_writer_opts none;
	ml_writer *w;
	void *state;

	if ((unsigned)f >= ML_REPORT__COUNT)
		return NULL;
	if (!o) {
		memset(&none, 0, sizeof none);
		o = &none;
	}
	state = S_formats[f]->begin(out, o);
	if (!state)
		return NULL;
	w = ml_xmalloc(sizeof *w);
	w->fw = S_formats[f];
	w->state = state;
	return w;
}

void ml_writer_add(ml_writer *w, const ml_result *r)
{
	w->fw->document(w->state, r);
}

int ml_writer_finish(ml_writer *w, const ml_summary *s)
{
	ml_summary none;
	int rc;

	if (!w)
		return 0;
	if (!s) {
		memset(&none, 0, sizeof none);
		s = &none;
	}
	rc = w->fw->end(w->state, s);
	free(w);
	return rc;
}
