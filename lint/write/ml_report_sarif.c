/* ml_report_sarif.c - the SARIF 2.1.0 writer of `marklint check`, for
 * code-scanning dashboards and document pipelines: one run, the rules of
 * ml_writer_opts as tool.driver.rules, one result per reported finding
 * (suppressed ones with "suppressions"), unreadable documents as tool
 * execution notifications. Streamed: documents are written as they come. */
#include "ml_writers.h"
#include "ml_buf.h"
#include "ml_suppress.h"

#include <stdlib.h>
#include <string.h>

#define S_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define S_FP_KEY "markingFingerprint/v1"

/* A document that could not be read, kept for the invocation object
 * (written after the results). */
typedef struct S_note {
	char *path;       /* owned */
	ml_error err;
} S_note;

typedef struct S_sarif {
	ml_json j;
	FILE *out;
	const ml_rules *rs; /* borrowed: the rules listed in tool.driver */
	int baseline;
	int quotes;         /* properties.context and a restriction's
	                       sentence (ml_excerpts: off by default) */
	S_note *notes;      /* owned, with each path */
	size_t nnotes, cnotes;
} S_sarif;

/* SARIF levels, by ml_severity. */
static const char *const S_levels[] = {"note", "warning", "error"};

static const char *S_level(ml_severity s)
{
	return s <= ML_SEV_ERROR ? S_levels[s] : "none";
}

/* Rule texts come from XML files with their line breaks and indentation:
 * one line, white space runs as one space. */
static void S_kv_text(ml_json *j, const char *key, const char *s)
{
	ml_buf b;
	int sp = 0;

	ml_buf_init(&b, 1 << 20);
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			sp = b.size > 0;
			continue;
		}
		if (sp)
			ml_buf_put(&b, " ", 1);
		sp = 0;
		ml_buf_put(&b, s, 1);
	}
	ml_json_key(j, key);
	ml_json_object(j);
	ml_json_kv_str(j, "text", b.ptr);
	ml_json_object_end(j);
	ml_buf_free(&b);
}

/* A path as a URI reference: relative paths stay relative (to the
 * directory marklint ran in, the repository root in CI), absolute ones
 * become file:// URIs; bytes outside RFC 3986's unreserved set and "/"
 * are percent-encoded. Standard input is "stdin". */
static void S_kv_uri(ml_json *j, const char *key, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	ml_buf b;
	const unsigned char *p;

	ml_buf_init(&b, 1 << 20);
	if (strcmp(path, "-") == 0)
		path = "stdin";
	if (path[0] == '/')
		ml_buf_puts(&b, "file://");
	for (p = (const unsigned char *)path; *p; p++) {
		char esc[3];
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			ml_buf_put(&b, (const char *)p, 1);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[*p >> 4];
		esc[2] = hex[*p & 15];
		ml_buf_put(&b, esc, 3);
	}
	ml_json_kv_str(j, key, b.ptr);
	ml_buf_free(&b);
}

static void S_rule(ml_json *j, const ml_ruledef *d)
{
	ml_json_object(j);
	ml_json_kv_str(j, "id", d->id);
	S_kv_text(j, "shortDescription", d->summary);
	S_kv_text(j, "fullDescription", d->why);
	S_kv_text(j, "help", d->fix);
	if (d->help_uri)
		ml_json_kv_str(j, "helpUri", d->help_uri);
	ml_json_key(j, "defaultConfiguration");
	ml_json_object(j);
	ml_json_kv_str(j, "level", S_level(d->severity));
	ml_json_key(j, "enabled");
	ml_json_bool(j, d->enabled);
	ml_json_object_end(j);
	ml_json_key(j, "properties");
	ml_json_object(j);
	ml_json_kv_str(j, "disposition", d->disposition);
	if (d->authority)
		ml_json_kv_str(j, "authority", d->authority);
	ml_json_object_end(j);
	ml_json_object_end(j);
}

static void *S_begin(FILE *out, const ml_writer_opts *o)
{
	S_sarif *s = ml_xcalloc(1, sizeof *s);
	const ml_ruledef *defs;
	size_t i, n = o->rules ? ml_rules_defs(o->rules, &defs) : 0;

	s->out = out;
	s->rs = o->rules;
	s->baseline = o->baseline;
	s->quotes = ml_writer__quotes(o, ML_REPORT_SARIF);
	ml_json_init(&s->j, out, 1);
	ml_json_object(&s->j);
	ml_json_kv_str(&s->j, "$schema", S_SCHEMA);
	ml_json_kv_str(&s->j, "version", "2.1.0");
	ml_json_key(&s->j, "runs");
	ml_json_array(&s->j);
	ml_json_object(&s->j);
	ml_json_key(&s->j, "tool");
	ml_json_object(&s->j);
	ml_json_key(&s->j, "driver");
	ml_json_object(&s->j);
	ml_json_kv_str(&s->j, "name", "marklint");
	ml_json_kv_str(&s->j, "version", ml_version());
	ml_json_kv_str(&s->j, "semanticVersion", ml_version());
	ml_json_key(&s->j, "rules");
	ml_json_array(&s->j);
	for (i = 0; i < n; i++)
		S_rule(&s->j, &defs[i]);
	ml_json_array_end(&s->j);
	ml_json_object_end(&s->j); /* driver */
	ml_json_object_end(&s->j); /* tool */
	ml_json_key(&s->j, "results");
	ml_json_array(&s->j);
	return s;
}

/* The index of a rule in tool.driver.rules, or -1. */
static long S_rule_index(const S_sarif *s, const char *id)
{
	const ml_ruledef *defs;
	size_t i, n = s->rs ? ml_rules_defs(s->rs, &defs) : 0;

	for (i = 0; i < n; i++)
		if (strcmp(defs[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* Opens "locations": [{"physicalLocation": {"artifactLocation":
 * {"uri": path}: the caller adds to the physical location and closes
 * it, the location and the array. */
static void S_physical_open(ml_json *j, const char *path)
{
	ml_json_key(j, "locations");
	ml_json_array(j);
	ml_json_object(j);
	ml_json_key(j, "physicalLocation");
	ml_json_object(j);
	ml_json_key(j, "artifactLocation");
	ml_json_object(j);
	S_kv_uri(j, "uri", path);
	ml_json_object_end(j);
}

/* The file, and the paragraph as a logical location: "part/paragraph[N]"
 * (the line only for XML and text inputs, where it means something). */
static void S_location(ml_json *j, const char *path, const ml_portion *p,
                       size_t off)
{
	char fq[64];

	S_physical_open(j, path);
	if (p->line) {
		ml_json_key(j, "region");
		ml_json_object(j);
		ml_json_kv_int(j, "startLine", ml_portion_line(p, off));
		ml_json_object_end(j);
	}
	ml_json_object_end(j);
	ml_json_key(j, "logicalLocations");
	ml_json_array(j);
	ml_json_object(j);
	snprintf(fq, sizeof fq, "paragraph[%u]", (unsigned)p->paragraph);
	ml_json_kv_str(j, "name", fq);
	ml_json_key(j, "fullyQualifiedName");
	{
		ml_buf b;
		ml_buf_init(&b, 1 << 20);
		ml_buf_printf(&b, "%s/%s", p->part, fq);
		ml_json_str(j, b.ptr);
		ml_buf_free(&b);
	}
	ml_json_kv_str(j, "kind", "element");
	ml_json_object_end(j);
	ml_json_array_end(j);
	ml_json_object_end(j);
	ml_json_array_end(j);
}

static void S_suppressions(ml_json *j, const ml_finding *f)
{
	ml_json_key(j, "suppressions");
	ml_json_array(j);
	if (f->suppressed != ML_SUPPRESS_NONE) {
		ml_json_object(j);
		ml_json_kv_str(j, "kind", f->suppressed == ML_SUPPRESS_BASELINE
		                          ? "external" : "inSource");
		ml_json_kv_str(j, "status", "accepted");
		if (f->justification)
			ml_json_kv_str(j, "justification", f->justification);
		ml_json_object_end(j);
	}
	ml_json_array_end(j);
}

static void S_result(void *state, const char *path, const ml_report *r,
                     const ml_finding *f)
{
	S_sarif *s = state;
	ml_json *j = &s->j;
	const ml_portion *p = ml_doc_portion(ml_report_doc(r), f->portion);
	const ml_found *mk = ml_report_finding_marking(r, f);
	size_t n;
	const char *id = f->rule ? f->rule->id : "";
	long idx = S_rule_index(s, id);
	char fp[ML_FINGERPRINT_LEN + 1];
	const char *ctx;

	ml_json_object(j);
	ml_json_kv_str(j, "ruleId", id);
	if (idx >= 0)
		ml_json_kv_int(j, "ruleIndex", idx);
	ml_json_kv_str(j, "level", S_level(f->severity));
	ml_json_key(j, "message");
	ml_json_object(j);
	ml_json_kv_str(j, "text", f->message ? f->message : "");
	ml_json_object_end(j);
	S_location(j, path, p, mk ? mk->off : 0);
	ml_fingerprint(r, f, fp);
	ml_json_key(j, "partialFingerprints");
	ml_json_object(j);
	ml_json_kv_str(j, S_FP_KEY, fp);
	ml_json_object_end(j);
	S_suppressions(j, f);
	if (s->baseline)
		ml_json_kv_str(j, "baselineState",
		               f->suppressed == ML_SUPPRESS_BASELINE ?
		               "unchanged" : "new");
	ml_json_key(j, "properties");
	ml_json_object(j);
	ml_writer__json_place(j, p, 0);
	if (mk) {
		const char *shown = ml_writer__marking_text(mk, s->quotes);
		if (*shown)
			ml_json_kv_str(j, "marking", shown);
		ml_json_kv_str(j, "justificationStatus",
		               ml_just_status_name(mk->status));
		if (mk->citation)
			ml_json_kv_str(j, "citation", mk->citation);
	}
	ml_writer__json_advice(j, f);
	if (s->quotes) {
		ctx = ml_context(p, mk ? mk->off : 0, mk ? mk->len : 0, &n);
		ml_json_key(j, "context");
		ml_json_strn(j, ctx, n);
	}
	ml_json_object_end(j);
	ml_json_object_end(j);
}

static void S_unreadable(S_sarif *s, const char *path, const ml_error *err)
{
	S_note *note;

	ML_VEC_GROW(s->notes, s->cnotes, s->nnotes + 1, 4);
	note = &s->notes[s->nnotes++];
	note->path = ml_xstrdup(path);
	note->err = *err;
}

static void S_document(void *state, const ml_result *res)
{
	if (ml_writer__each_finding(res, state, ml_finding_reported,
	                            S_result) < 0)
		S_unreadable(state, ml_result_path(res), ml_result_error(res));
}

/* A toolExecutionNotification about a file: unreadable (level error)
 * or left out by the walk (note). */
static void S_notification(ml_json *j, const char *path, const char *level,
                           const char *code, const char *message)
{
	ml_json_object(j);
	S_physical_open(j, path);
	ml_json_object_end(j);
	ml_json_object_end(j);
	ml_json_array_end(j);
	ml_json_key(j, "message");
	ml_json_object(j);
	ml_json_kv_str(j, "text", message);
	ml_json_object_end(j);
	ml_json_kv_str(j, "level", level);
	ml_json_key(j, "descriptor");
	ml_json_object(j);
	ml_json_kv_str(j, "id", code);
	ml_json_object_end(j);
	ml_json_object_end(j);
}

static int S_end(void *state, const ml_summary *sum)
{
	S_sarif *s = state;
	ml_json *j = &s->j;
	size_t i;
	int rc;

	ml_json_array_end(j); /* results */
	ml_json_key(j, "invocations");
	ml_json_array(j);
	ml_json_object(j);
	ml_json_key(j, "executionSuccessful");
	ml_json_bool(j, s->nnotes == 0);
	if (s->nnotes || sum->nskipped) {
		ml_json_key(j, "toolExecutionNotifications");
		ml_json_array(j);
		for (i = 0; i < s->nnotes; i++)
			S_notification(j, s->notes[i].path, "error",
			               s->notes[i].err.code,
			               s->notes[i].err.message);
		for (i = 0; i < sum->nskipped; i++)
			S_notification(j, sum->skipped[i].path, "note",
			               sum->skipped[i].code,
			               sum->skipped[i].reason);
		ml_json_array_end(j);
	}
	ml_json_object_end(j);
	ml_json_array_end(j); /* invocations */
	ml_json_object_end(j); /* run */
	ml_json_array_end(j); /* runs */
	ml_json_object_end(j);
	ml_json_end(j);
	rc = ferror(s->out) ? -1 : 0;
	for (i = 0; i < s->nnotes; i++)
		free(s->notes[i].path);
	free(s->notes);
	free(s);
	return rc;
}

const ml_format_writer ml_write_sarif = {
	ML_REPORT_SARIF, "sarif", S_begin, S_document, S_end
};
