/* ml_report_junit.c - the JUnit XML writer of `marklint check`, for CI
 * test reports, written with libxml2's xmlTextWriter:
 * <testsuites name="marklint">, one <testsuite> per document (name: the
 * path) and in it one <testcase> per enabled rule of the document's rule
 * set (classname: the path, name: the rule ID); a test case fails
 * (<failure>) when the rule has a counted finding at or above fail_on,
 * and lists every finding of the rule in <system-out>. An unreadable
 * document: a suite with one test case "read" in <error>. */
#include "ml_writers.h"
#include "ml_buf.h"

#include <libxml/xmlwriter.h>

#include <stdlib.h>
#include <string.h>

typedef struct S_junit {
	xmlTextWriterPtr w; /* owned; writes to the caller's FILE */
	int failed;         /* a write failed */
	int quotes;         /* the excerpt line (ml_excerpts: off by
	                       default) */
} S_junit;

#define S_X(s) ((const xmlChar *)(s))

/* Text from documents may hold characters XML 1.0 cannot carry (C0
 * controls): they become spaces. Appends s[0..n) to b. */
static void S_clean(ml_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n')
			c = ' ';
		ml_buf_putc(b, (char)c);
	}
}

static void S_check(S_junit *ju, int rc)
{
	if (rc < 0)
		ju->failed = 1;
}

static void S_attr(S_junit *ju, const char *name, const char *value)
{
	ml_buf b;

	ml_buf_init(&b, 1 << 24);
	S_clean(&b, value, strlen(value));
	S_check(ju, xmlTextWriterWriteAttribute(ju->w, S_X(name), S_X(b.ptr)));
	ml_buf_free(&b);
}

static void S_attr_n(S_junit *ju, const char *name, size_t v)
{
	char num[32];

	snprintf(num, sizeof num, "%zu", v);
	S_check(ju, xmlTextWriterWriteAttribute(ju->w, S_X(name), S_X(num)));
}

static void S_start(S_junit *ju, const char *name)
{
	S_check(ju, xmlTextWriterStartElement(ju->w, S_X(name)));
}

static void S_end(S_junit *ju)
{
	S_check(ju, xmlTextWriterEndElement(ju->w));
}

static void *S_begin(FILE *out, const ml_writer_opts *o)
{
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	S_junit *ju;

	if (!buf)
		return NULL;
	ju = ml_xcalloc(1, sizeof *ju);
	ju->w = xmlNewTextWriter(buf); /* owns buf from here */
	if (!ju->w) {
		xmlOutputBufferClose(buf);
		free(ju);
		return NULL;
	}
	ju->quotes = ml_writer__quotes(o, ML_REPORT_JUNIT);
	xmlTextWriterSetIndent(ju->w, 1);
	xmlTextWriterSetIndentString(ju->w, S_X("  "));
	S_check(ju, xmlTextWriterStartDocument(ju->w, NULL, "UTF-8", NULL));
	S_start(ju, "testsuites");
	S_attr(ju, "name", "marklint");
	return ju;
}

/* One finding as a line (and its excerpt, suggestion, suppression). */
static void S_finding_text(ml_buf *b, const ml_report *r,
                           const ml_finding *f, ml_severity fail_on,
                           int quotes)
{
	const ml_portion *p = ml_doc_portion(ml_report_doc(r), f->portion);
	const ml_found *mk = ml_report_finding_marking(r, f);
	size_t n;
	const char *ctx = ml_context(p, mk ? mk->off : 0, mk ? mk->len : 0,
	                             &n);

	ml_buf_printf(b, "%s:%u: %s: ", p->part, (unsigned)p->paragraph,
	              ml_severity_name(f->severity));
	S_clean(b, f->message, strlen(f->message));
	ml_buf_puts(b, "\n");
	if (quotes) {
		ml_buf_puts(b, "    ");
		S_clean(b, ctx, n);
		ml_buf_puts(b, "\n");
	}
	if (f->suggestion) {
		ml_buf_puts(b, "    suggestion: ");
		S_clean(b, f->suggestion, strlen(f->suggestion));
		ml_buf_puts(b, "\n");
	}
	if (f->suppressed != ML_SUPPRESS_NONE) {
		ml_buf_puts(b, f->suppressed == ML_SUPPRESS_BASELINE ?
		               "    baselined" : "    suppressed");
		if (f->justification) {
			ml_buf_puts(b, ": ");
			S_clean(b, f->justification, strlen(f->justification));
		}
		ml_buf_puts(b, "\n");
	} else if (f->severity < fail_on) {
		ml_buf_printf(b, "    (below --fail-on %s)\n",
		              ml_severity_name(fail_on));
	}
}

/* Whether f fails its test case. */
static int S_fails(const ml_finding *f, ml_severity min, ml_severity fail_on)
{
	return ml_finding_counts(f, min) && f->severity >= fail_on;
}

/* The test case of rule def in a document. */
static void S_case(S_junit *ju, const char *path, const ml_report *r,
                   const ml_ruledef *def, ml_severity min,
                   ml_severity fail_on)
{
	const ml_finding *f;
	size_t i, n = ml_report_findings(r, &f), nfail = 0;
	ml_buf fails, all;

	ml_buf_init(&fails, (size_t)1 << 30);
	ml_buf_init(&all, (size_t)1 << 30);
	for (i = 0; i < n; i++) {
		if (!f[i].rule || strcmp(f[i].rule->id, def->id) ||
		    !ml_finding_reported(&f[i], min))
			continue;
		S_finding_text(&all, r, &f[i], fail_on, ju->quotes);
		if (S_fails(&f[i], min, fail_on)) {
			nfail++;
			S_finding_text(&fails, r, &f[i], fail_on,
			               ju->quotes);
		}
	}
	S_start(ju, "testcase");
	S_attr(ju, "classname", path);
	S_attr(ju, "name", def->id);
	if (nfail) {
		char msg[160];
		snprintf(msg, sizeof msg, "%zu finding%s of %s at or above %s",
		         nfail, nfail == 1 ? "" : "s", def->id,
		         ml_severity_name(fail_on));
		S_start(ju, "failure");
		S_attr(ju, "type", def->id);
		S_attr(ju, "message", msg);
		S_check(ju, xmlTextWriterWriteString(ju->w, S_X(fails.ptr)));
		S_end(ju);
	}
	if (all.size) {
		S_start(ju, "system-out");
		S_check(ju, xmlTextWriterWriteString(ju->w, S_X(all.ptr)));
		S_end(ju);
	}
	S_end(ju);
	ml_buf_free(&fails);
	ml_buf_free(&all);
}

/* The rule IDs with a failing finding (a suite's failure count). */
static size_t S_failing_rules(const ml_report *r, const ml_ruledef *defs,
                              size_t nd, ml_severity min,
                              ml_severity fail_on)
{
	const ml_finding *f;
	size_t i, k, n = ml_report_findings(r, &f), count = 0;

	for (k = 0; k < nd; k++) {
		if (!defs[k].enabled)
			continue;
		for (i = 0; i < n; i++)
			if (f[i].rule && !strcmp(f[i].rule->id, defs[k].id) &&
			    S_fails(&f[i], min, fail_on)) {
				count++;
				break;
			}
	}
	return count;
}

static void S_readable(S_junit *ju, const char *path, const ml_report *r,
                       const ml_rules *rs, ml_severity min,
                       ml_severity fail_on)
{
	const ml_ruledef *defs;
	size_t k, nd = ml_rules_defs(rs, &defs), ncases = 0;

	for (k = 0; k < nd; k++)
		ncases += defs[k].enabled != 0;
	S_start(ju, "testsuite");
	S_attr(ju, "name", path);
	S_attr_n(ju, "tests", ncases);
	S_attr_n(ju, "failures",
	         S_failing_rules(r, defs, nd, min, fail_on));
	S_attr_n(ju, "errors", 0);
	S_attr_n(ju, "skipped", 0);
	for (k = 0; k < nd; k++)
		if (defs[k].enabled)
			S_case(ju, path, r, &defs[k], min, fail_on);
	S_end(ju);
}

/* A file marklint did not check: a suite with one case "read" that is
 * an error (unreadable) or skipped (the walk left it out), with the
 * reason's code and message. */
static void S_read_suite(S_junit *ju, const char *path, int skipped,
                         const char *code, const char *message)
{
	S_start(ju, "testsuite");
	S_attr(ju, "name", path);
	S_attr_n(ju, "tests", 1);
	S_attr_n(ju, "failures", 0);
	S_attr_n(ju, "errors", !skipped);
	S_attr_n(ju, "skipped", skipped);
	S_start(ju, "testcase");
	S_attr(ju, "classname", path);
	S_attr(ju, "name", "read");
	S_start(ju, skipped ? "skipped" : "error");
	S_attr(ju, "type", code);
	S_attr(ju, "message", message);
	S_end(ju);
	S_end(ju);
	S_end(ju);
}

static void S_unreadable(S_junit *ju, const char *path,
                         const ml_error *err)
{
	S_read_suite(ju, path, 0, err->code, err->message);
}

static void S_document(void *state, const ml_result *res)
{
	const ml_report *r = ml_result_report(res);
	const ml_lint_opts *o = ml_result_opts(res);

	if (r)
		S_readable(state, ml_result_path(res), r, o->rules,
		           o->min_severity, o->fail_on);
	else
		S_unreadable(state, ml_result_path(res), ml_result_error(res));
}

/* A file the walk left out: a suite with one skipped case "read". */
static void S_skipped(S_junit *ju, const ml_skipped *sk)
{
	S_read_suite(ju, sk->path, 1, sk->code, sk->reason);
}

static int S_finish(void *state, const ml_summary *sum)
{
	S_junit *ju = state;
	size_t i;
	int failed;

	for (i = 0; i < sum->nskipped; i++)
		S_skipped(ju, &sum->skipped[i]);
	S_check(ju, xmlTextWriterEndDocument(ju->w)); /* closes all */
	/* flushes and frees the output buffer (not the FILE) */
	xmlFreeTextWriter(ju->w);
	failed = ju->failed;
	free(ju);
	return failed ? -1 : 0;
}

const ml_format_writer ml_write_junit = {
	ML_REPORT_JUNIT, "junit", S_begin, S_document, S_finish
};
