/* ml_report_text.c - the text writer of `marklint check` (one finding per
 * line, for people and editors) and the run's totals (ml_summary). */
#include "ml_writers.h"
#include "ml_buf.h"

#include <stdlib.h>
#include <string.h>

/* A byte of UTF-8 that continues a character. */
static int S_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Moves from byte pos over k characters backwards (dir < 0) or forwards,
 * within [0, len]; returns the new position. */
static size_t S_step(const char *s, size_t len, size_t pos, size_t k,
                     int dir)
{
	while (k--) {
		if (dir < 0) {
			if (pos == 0)
				break;
			pos--;
			while (pos > 0 && S_cont((unsigned char)s[pos]))
				pos--;
		} else {
			if (pos >= len)
				break;
			pos++;
			while (pos < len && S_cont((unsigned char)s[pos]))
				pos++;
		}
	}
	return pos;
}

static size_t S_chars(const char *s, size_t from, size_t to)
{
	size_t n = 0;

	for (; from < to; from++)
		if (!S_cont((unsigned char)s[from]))
			n++;
	return n;
}

/* The portion's text on one line of at most ML_TEXT_EXCERPT characters,
 * the span [off, off+len) centred when the text is longer, with "…"
 * where cut. */
static void S_excerpt(FILE *out, const char *s, size_t n, size_t off,
                      size_t len)
{
	size_t before, inside, after, room, left, right, from, to;

	if (off > n)
		off = n;
	if (len > n - off)
		len = n - off;
	before = S_chars(s, 0, off);
	inside = S_chars(s, off, off + len);
	after = S_chars(s, off + len, n);
	if (inside >= ML_TEXT_EXCERPT) {
		from = off;
		to = S_step(s, n, off, ML_TEXT_EXCERPT, 1);
	} else {
		room = ML_TEXT_EXCERPT - inside;
		left = before < room / 2 ? before : room / 2;
		right = after < room - left ? after : room - left;
		left = before < room - right ? before : room - right;
		from = S_step(s, n, off, left, -1);
		to = S_step(s, n, off + len, right, 1);
	}
	fputs("    ", out);
	if (from > 0)
		fputs("\xe2\x80\xa6", out); /* … */
	ml_fput_clean(out, s + from, to - from);
	if (to < n)
		fputs("\xe2\x80\xa6", out);
	fputc('\n', out);
}

static void S_severity(FILE *out, ml_severity sev, int color)
{
	static const char *const colors[] = {
		"\033[36m", "\033[33m", "\033[1;31m" /* info, warning, error */
	};

	if (color && sev <= 2)
		fprintf(out, "%s%s\033[0m", colors[sev], ml_severity_name(sev));
	else
		fputs(ml_severity_name(sev), out);
}

/* Is the finding located by line, as compilers and editors write it?
 * Where the part is the file itself (text, Markdown, XML, HTML) and the
 * reader knew the line. */
static int S_by_line(const ml_doc *doc, const ml_portion *p,
                     const char *path)
{
	ml_format format = ml_doc_format(doc);

	return p->line && (format == ML_FORMAT_TEXT ||
	                   format == ML_FORMAT_MARKDOWN ||
	                   strcmp(p->part, path) == 0);
}

static void S_finding(FILE *out, const char *path, const ml_report *r,
                      const ml_finding *f, int color, int quotes)
{
	const ml_doc *doc = ml_report_doc(r);
	const ml_portion *p = ml_doc_portion(doc, f->portion);
	const ml_found *mk = ml_report_finding_marking(r, f);
	size_t off = mk ? mk->off : 0, len = mk ? mk->len : 0;

	/* FILE:LINE, the line the marking is on, where the part is the
	 * file; other formats: the part and the paragraph */
	ml_fput_clean(out, path, strlen(path));
	if (S_by_line(doc, p, path)) {
		fprintf(out, ":%u: ", (unsigned)ml_portion_line(p, off));
	} else {
		fputs(": ", out);
		ml_fput_clean(out, p->part, strlen(p->part));
		fprintf(out, ":%u: ", (unsigned)p->paragraph);
	}
	S_severity(out, f->severity, color);
	fputs(": ", out);
	ml_fput_clean(out, f->message, strlen(f->message));
	fprintf(out, " [%s]\n", f->rule ? f->rule->id : "?");
	if (quotes)
		S_excerpt(out, p->text, p->len, off, len);
	if (f->suggestion) {
		fputs("    suggestion: ", out);
		ml_fput_clean(out, f->suggestion, strlen(f->suggestion));
		fputc('\n', out);
	}
	if (p->section) {
		fputs("    section: ", out);
		ml_fput_clean(out, p->section, strlen(p->section));
		fputc('\n', out);
	}
	if (f->lane) {
		fputs("    lane: ", out);
		ml_fput_clean(out, f->lane, strlen(f->lane));
		fputc('\n', out);
	}
}

typedef struct S_text {
	FILE *out;
	int color;
	int quotes;   /* the excerpt line (ml_excerpts) */
} S_text;

static void *S_begin(FILE *out, const ml_writer_opts *o)
{
	S_text *t = ml_xcalloc(1, sizeof *t);

	t->out = out;
	t->color = o->color;
	t->quotes = ml_writer__quotes(o, ML_REPORT_TEXT);
	return t;
}

/* Suppressed findings are hidden (the summary counts them); an
 * unreadable document has its error line on stderr, from the caller. */
static void S_each(void *state, const char *path, const ml_report *r,
                   const ml_finding *f)
{
	S_text *t = state;

	S_finding(t->out, path, r, f, t->color, t->quotes);
}

static void S_document(void *state, const ml_result *res)
{
	(void)ml_writer__each_finding(res, state, ml_finding_counts, S_each);
}

static void S_count(FILE *out, size_t n, const char *one, const char *many)
{
	fprintf(out, "%zu %s", n, n == 1 ? one : many);
}

/* The files a walk left out, a line per reason, in the order met:
 *   skipped: a.doc, b.doc: a legacy Word document (.doc): save it ...
 * naming at most S_NAMED of them. */
#define S_NAMED 3
static void S_skipped(FILE *out, const ml_skipped *v, size_t n)
{
	size_t i, k, same, named;

	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (strcmp(v[k].reason, v[i].reason) == 0)
				break;
		if (k < i)
			continue; /* its reason's line is written */
		fputs("skipped: ", out);
		for (k = i, same = 0, named = 0; k < n; k++) {
			if (strcmp(v[k].reason, v[i].reason) != 0)
				continue;
			same++;
			if (named == S_NAMED)
				continue;
			fputs(named ? ", " : "", out);
			ml_fput_clean(out, v[k].path, strlen(v[k].path));
			named++;
		}
		if (same > named)
			fprintf(out, " and %zu more", same - named);
		fputs(": ", out);
		ml_fput_clean(out, v[i].reason, strlen(v[i].reason));
		fputc('\n', out);
	}
}

static void S_summary(FILE *out, const ml_summary *s)
{
	S_count(out, s->documents, "document", "documents");
	fputs(", ", out);
	S_count(out, s->portions, "portion", "portions");
	fputs(", ", out);
	S_count(out, s->markings, "marking", "markings");
	fputs(": ", out);
	S_count(out, s->findings[ML_SEV_ERROR], "error", "errors");
	fputs(", ", out);
	S_count(out, s->findings[ML_SEV_WARNING], "warning", "warnings");
	fputs(", ", out);
	S_count(out, s->findings[ML_SEV_INFO], "info", "infos");
	if (s->suppressed) {
		fputs(" (", out);
		S_count(out, s->suppressed, "suppressed", "suppressed");
		fputs(s->baselined ? ", " : ")", out);
	}
	if (s->baselined) {
		fputs(s->suppressed ? "" : " (", out);
		S_count(out, s->baselined, "baselined", "baselined");
		fputc(')', out);
	}
	if (s->unreadable) {
		fputs("; ", out);
		S_count(out, s->unreadable, "document could not be read",
		        "documents could not be read");
	}
	fputc('\n', out);
	S_skipped(out, s->skipped, s->nskipped);
}

static int S_end(void *state, const ml_summary *s)
{
	S_text *t = state;
	int rc;

	S_summary(t->out, s);
	rc = ferror(t->out) ? -1 : 0;
	free(t);
	return rc;
}

const ml_format_writer ml_write_text = {
	ML_REPORT_TEXT, "text", S_begin, S_document, S_end
};
