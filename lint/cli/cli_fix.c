/* cli_fix.c - `marklint fix FILE (-o OUT | --in-place)
 * [--min-confidence N]`: the corrected copy of a text, Markdown or DOCX
 * document (ml_fix.h), written atomically; one line per marking that is
 * not valid, saying what became of it, and a summary. The input is read
 * once into memory: the copy is made from the very bytes that were read.
 * It is never written unless --in-place says so. */
#include "cli.h"
#include "ml_buf.h"
#include "ml_file.h"
#include "ml_fix.h"

#include <stdio.h>
#include <string.h>

/* Where an item is: "FILE:LINE" (text), "FILE: paragraph N (PART)"
 * (DOCX). */
static void S_where(FILE *f, const char *in, const ml_doc *doc,
                    const ml_fix_item *it)
{
	const ml_portion *p = ml_doc_portion(doc, it->portion);

	if (it->line)
		fprintf(f, "%s:%u: ", in, (unsigned)it->line);
	else
		fprintf(f, "%s: paragraph %u (%s): ", in, (unsigned)p->paragraph,
		        p->part);
}

static void S_report(FILE *f, const cli_args *a, const char *in,
                     const char *out, const ml_doc *doc,
                     const ml_fix_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const ml_fix_item *it = &p->v[i];
		S_where(f, in, doc, it);
		if (it->applied)
			fprintf(f, "%s -> %s (confidence %.2f): %s\n", it->from,
			        it->to, it->confidence, it->problem);
		else if (it->to)
			fprintf(f, "%s left as written (%s; did you mean %s? "
			        "confidence %.2f): %s\n", it->from, it->left,
			        it->to, it->confidence, it->problem);
		else
			fprintf(f, "%s left as written (%s): %s\n", it->from,
			        it->left, it->problem);
	}
	fprintf(f, "%s: %zu correction%s applied, %zu marking%s left as "
	        "written (--min-confidence %.2f): %s\n", in, p->applied,
	        p->applied == 1 ? "" : "s", p->n - p->applied,
	        p->n - p->applied == 1 ? "" : "s", a->min_confidence,
	        strcmp(out, "-") == 0 ? "standard output" : out);
}

/* Writes the copy to out (a file through the atomic writer, or standard
 * output). Returns 0 or 2 after the error line. */
static int S_write(const cli_args *a, const ml_doc *doc, const ml_buf *b,
                   ml_fix_plan *p, const char *out)
{
	ml_atomic *f;
	ml_error err;

	if (strcmp(out, "-") == 0) {
		if (ml_fix_write(doc, b->ptr, b->size, &a->lim, a->min_confidence,
		                 p, stdout, &err) < 0) {
			cli_report_error(ml_doc_path(doc), &err);
			return 2;
		}
		return 0;
	}
	if (ml_atomic_open(out, &f, &err) < 0) {
		cli_report_error(out, &err);
		return 2;
	}
	if (ml_fix_write(doc, b->ptr, b->size, &a->lim, a->min_confidence, p,
	                 ml_atomic_file(f), &err) < 0) {
		ml_atomic_abort(f);
		cli_report_error(strcmp(err.code, "output-unwritable") == 0
		                     ? out : ml_doc_path(doc), &err);
		return 2;
	}
	if (ml_atomic_commit(f, a->force || a->in_place, &err) < 0) {
		cli_report_error(out, &err);
		return 2;
	}
	return 0;
}

int cli_fix(const cli_args *a)
{
	const char *in = a->paths[0];
	const char *out = a->in_place ? in : a->output_dir;
	ml_fix_plan plan;
	ml_doc *doc = NULL;
	ml_error err;
	ml_buf b;
	int status;

	if (a->npaths != 1 || (!out && !a->in_place) ||
	    (a->in_place && a->output_dir)) {
		fprintf(stderr, "marklint: fix takes one FILE and either -o OUT "
		        "or --in-place (marklint fix --help)\n");
		return 2;
	}
	if (a->in_place && strcmp(in, "-") == 0) {
		fprintf(stderr, "marklint: fix --in-place needs a file, not "
		        "standard input (marklint fix --help)\n");
		return 2;
	}
	if (!a->in_place && ml_file_same(in, out)) {
		fprintf(stderr, "%s: error: the output is the input; fix "
		        "changes an input only with --in-place [output-is-input]"
		        "\n", out);
		return 2;
	}
	ml_buf_init(&b, (size_t)-1);
	if (ml_file_read(in, a->lim.max_file_size, &b, &err) < 0 ||
	    ml_doc_open_memory(in, b.ptr, b.size, &a->lim, &doc, &err) < 0) {
		cli_report_error(in, &err);
		ml_buf_free(&b);
		return 2;
	}
	if (!ml_fix_format_ok(ml_doc_format(doc))) {
		fprintf(stderr, "%s: error: fix writes text, Markdown and DOCX "
		        "documents, and this is %s: check it with `marklint "
		        "check` [fix-format]\n", in,
		        ml_format_name(ml_doc_format(doc)));
		ml_doc_free(doc);
		ml_buf_free(&b);
		return 2;
	}
	ml_fix_plan_make(doc, &plan);
	status = S_write(a, doc, &b, &plan, out);
	if (status == 0)
		S_report(strcmp(out, "-") == 0 ? stderr : stdout, a, in, out, doc,
		         &plan);
	ml_fix_plan_free(&plan);
	ml_doc_free(doc);
	ml_buf_free(&b);
	return status;
}
