/* ml_audit_jsonl.c - reads shards of `marklint check --format jsonl` into
 * audit summaries (ml_audit.h). The only jansson user: JSON is parsed by
 * a well-kept library, never by hand. */
#include "ml_audit.h"
#include "ml_memo.h"
#include "ml_buf.h"
#include "ml_err.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The string member key of o, or NULL. Borrowed from o. */
static const char *S_str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *S_dup(const char *s)
{
	return ml_xstrdup(s ? s : "");
}

/* A copy of the string member key (caller frees), or NULL without it. */
static char *S_opt_dup(const json_t *o, const char *key)
{
	const char *s = S_str(o, key);

	return s ? ml_xstrdup(s) : NULL;
}

/* The integer member key as a size (0 without it). */
static size_t S_size(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (size_t)json_integer_value(v) : 0;
}

static uint32_t S_u32(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;

	return n > 0 && n <= UINT32_MAX ? (uint32_t)n : 0;
}

/* One element of "markings"; NULL when fine, else what is wrong. */
static const char *S_mark(ml_audit_mark *am, const json_t *m)
{
	const json_t *loc = json_object_get(m, "location");
	const json_t *just = json_object_get(m, "justification");

	if (!json_is_object(m) || !json_is_object(loc) ||
	    !json_is_object(just) || !S_str(m, "id") || !S_str(m, "kind") ||
	    !S_str(just, "status"))
		return "a marking without id, kind, location or justification";
	am->id = S_dup(S_str(m, "id"));
	am->kind = S_dup(S_str(m, "kind"));
	am->form = S_dup(S_str(m, "form"));
	am->text = S_dup(S_str(m, "text"));
	am->context = S_dup(S_str(m, "context"));
	am->part = S_dup(S_str(loc, "part"));
	am->paragraph = S_u32(loc, "paragraph");
	am->line = S_u32(loc, "line");
	am->section = S_dup(S_str(loc, "section"));
	am->status = S_dup(S_str(just, "status"));
	am->where = S_dup(S_str(just, "where"));
	am->citation = S_dup(S_str(just, "citation"));
	am->blanket = S_dup(S_str(m, "blanket"));
	ml_audit__mark_init_tail(am);
	return NULL;
}

/* The index of the marking whose id is id, or -1. Ids are M1, M2... in
 * order, so try that index first. */
static long S_mark_index(const ml_audit_doc *d, const char *id)
{
	size_t i;
	char *end;
	unsigned long n = id[0] == 'M' ? strtoul(id + 1, &end, 10) : 0;

	if (n >= 1 && n <= d->nmarks && strcmp(d->marks[n - 1].id, id) == 0)
		return (long)n - 1;
	for (i = 0; i < d->nmarks; i++)
		if (strcmp(d->marks[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* "suppressed": {"kind": "in-source" or "baseline", "justification"}
 * (beyond the contract, as check writes it), or absent. */
static void S_suppressed(ml_audit_finding *af, const json_t *s)
{
	const char *kind = json_is_object(s) ? S_str(s, "kind") : NULL;

	af->suppressed = !kind ? ML_SUPPRESS_NONE :
	                 strcmp(kind, "baseline") == 0 ? ML_SUPPRESS_BASELINE :
	                 ML_SUPPRESS_IN_SOURCE;
	af->justification = S_dup(kind ? S_str(s, "justification") : NULL);
}

static const char *S_findings(ml_audit_doc *d, const json_t *fs, int *best,
                              const ml_rules *rs)
{
	size_t i, n = json_array_size(fs);

	d->findings = ml_xcalloc(n ? n : 1, sizeof *d->findings);
	for (i = 0; i < n; i++) {
		const json_t *f = json_array_get(fs, i);
		const char *rule = S_str(f, "rule"), *mk = S_str(f, "marking");
		const json_t *loc = json_object_get(f, "location");
		const ml_ruledef *def;
		ml_audit_finding *af = &d->findings[d->nfindings];
		ml_severity sev;
		long at = -1;
		if (!rule || !S_str(f, "severity") ||
		    ml_severity_parse(S_str(f, "severity"), &sev) < 0)
			return "a finding without rule or severity";
		def = rs ? ml_rules_def(rs, rule) : NULL;
		if (mk)
			at = S_mark_index(d, mk);
		af->rule = S_dup(rule);
		af->severity = sev;
		af->message = S_dup(S_str(f, "message"));
		af->disposition = S_dup(S_str(f, "disposition"));
		af->suggestion = S_dup(S_str(f, "suggestion"));
		af->authority = S_dup(def ? def->authority : NULL);
		af->lane = S_dup(S_str(f, "lane"));
		af->part = S_dup(S_str(loc, "part"));
		af->paragraph = S_u32(loc, "paragraph");
		af->section = S_dup(S_str(loc, "section"));
		af->marking = at;
		af->context = S_dup(S_str(f, "context"));
		af->summary = S_dup(def ? def->summary : NULL);
		af->lane_desc = S_str(f, "lane")
		    ? ml_memo_lane_desc(rs, S_str(f, "lane")) : NULL;
		if (!af->lane_desc)
			af->lane_desc = S_dup(NULL);
		S_suppressed(af, json_object_get(f, "suppressed"));
		snprintf(af->fingerprint, sizeof af->fingerprint, "%s",
		         S_str(f, "fingerprint") ? S_str(f, "fingerprint") : "");
		d->nfindings++;
		if (at >= 0 && !af->suppressed)
			ml_audit__mark_finding(&d->marks[at], rule, sev,
			                       &best[at],
			                       S_str(f, "disposition"),
			                       S_str(f, "suggestion"));
	}
	return NULL;
}

/* A document object of the contract into d; NULL or what is wrong. */
static const char *S_document(ml_audit_doc *d, const json_t *o,
                              const ml_rules *rs)
{
	const json_t *ms, *fs, *err;
	const char *status = S_str(o, "status"), *why = NULL;
	size_t i, n;
	int *best;

	memset(d, 0, sizeof *d);
	if (!S_str(o, "path") || !status)
		return "not a document of `marklint check --format jsonl`";
	d->path = S_dup(S_str(o, "path"));
	if (strcmp(status, "ok") != 0) {
		err = json_object_get(o, "error");
		d->format = S_dup(NULL);
		d->err_code = S_dup(S_str(err, "code"));
		d->err_message = S_dup(S_str(err, "message"));
		return NULL;
	}
	d->ok = 1;
	d->format = S_dup(S_str(o, "format"));
	d->organisation = S_opt_dup(o, "organisation");
	d->title = S_opt_dup(o, "title");
	d->portions = S_size(o, "portions");
	/* beyond the contract, as check writes them (absent: not known) */
	d->rollup = S_opt_dup(o, "rollup");
	d->rollup_after = S_opt_dup(o, "rollup_after");
	d->unparsed = S_size(o, "unparsed_marks");
	ms = json_object_get(o, "markings");
	fs = json_object_get(o, "findings");
	if (!json_is_array(ms) || !json_is_array(fs))
		return "a document without markings or findings";
	n = json_array_size(ms);
	d->marks = ml_xcalloc(n ? n : 1, sizeof *d->marks);
	best = ml_xmalloc((n ? n : 1) * sizeof *best); /* freed below */
	for (i = 0; i < n && !why; i++) {
		best[i] = -1;
		why = S_mark(&d->marks[i], json_array_get(ms, i));
		if (!why)
			d->nmarks++;
	}
	if (!why)
		why = S_findings(d, fs, best, rs);
	free(best);
	return why;
}

/* err: code and "NAME:LINE: why" (line 0: "NAME: why"). */
static int S_fail(ml_error *err, ml_status st, const char *code,
                  const char *name, size_t line, const char *why)
{
	ml_err_at(err, st, code, name, line, "%s", why);
	return -1;
}

/* A summary line: checks that it counts the documents since the last
 * one, and hands its skipped files to sink. NULL or what is wrong. */
static const char *S_summary(const json_t *sum, size_t docs,
                             const ml_audit_jsonl_sink *sink, char *why,
                             size_t nwhy)
{
	const json_t *n = json_object_get(sum, "documents");
	const json_t *sk = json_object_get(sum, "skipped");
	size_t i;

	if (!json_is_object(sum) || !json_is_integer(n))
		return "a summary line without \"documents\"";
	if ((size_t)json_integer_value(n) != docs) {
		snprintf(why, nwhy, "the summary counts %lld documents, the "
		         "lines before it hold %lu: lines are missing or "
		         "were added", (long long)json_integer_value(n),
		         (unsigned long)docs);
		return why;
	}
	for (i = 0; sink->skipped && i < json_array_size(sk); i++) {
		const json_t *e = json_array_get(sk, i);
		ml_skipped one;
		one.path = S_str(e, "path");
		one.code = S_str(e, "code");
		one.reason = S_str(e, "reason");
		if (!one.path || !one.code || !one.reason)
			return "a skipped file without path, code or reason";
		sink->skipped(sink->ctx, &one);
	}
	return NULL;
}

int ml_audit_jsonl_read(FILE *f, const char *name, const ml_rules *rs,
                        const ml_audit_jsonl_sink *sink, ml_error *err)
{
	char *line = NULL, why[200];
	size_t cap = 0, lineno = 0, docs = 0;
	ssize_t len;
	int r = 0, ended = 0; /* the last line read was a summary */

	while ((len = getline(&line, &cap, f)) >= 0) {
		json_error_t je;
		json_t *o;
		ml_audit_doc d;
		const char *bad = NULL;

		lineno++;
		if (len == 0 || line[0] == '\n')
			continue;
		o = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &je);
		if (!o || !json_is_object(o)) {
			bad = o ? "not a JSON object" : je.text;
		} else if (json_object_get(o, "summary") && !S_str(o, "path")) {
			bad = S_summary(json_object_get(o, "summary"), docs,
			                sink, why, sizeof why);
			docs = 0;
			ended = 1;
		} else {
			bad = S_document(&d, o, rs);
			if (!bad)
				sink->add(sink->ctx, &d, (unsigned long)lineno);
			ml_audit_doc_clear(&d);
			docs++;
			ended = 0;
		}
		json_decref(o);
		if (bad) {
			r = S_fail(err, ML_EFORMAT, "shard-invalid", name, lineno,
			           bad);
			goto cleanup;
		}
	}
	if (ferror(f))
		r = S_fail(err, ML_EIO, "io-unreadable", name, 0,
		           "read error");
	else if (!ended)
		r = S_fail(err, ML_EFORMAT, "shard-truncated", name, 0,
		           lineno ? "no summary line at the end: the shard is "
		           "cut short (was `marklint check` stopped, or the "
		           "disk full?); make it again" :
		           "empty: not a shard of `marklint check -f jsonl`");
cleanup:
	free(line);
	return r;
}
