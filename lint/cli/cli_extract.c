/* cli_extract.c - `marklint extract`: print the portions marklint reads
 * from each document (ml_portions_writer), as text or JSON. */
#include "cli.h"

#include <string.h>
#include <unistd.h>

static int S_run(const cli_args *a)
{
	ml_portions_writer *w;
	int status = 0, i;

	/* a line per paragraph: write to a file or a pipe in large blocks */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	w = ml_portions_writer_new(stdout, a->format != NULL);
	for (i = 0; i < a->npaths; i++) {
		ml_doc *doc = NULL;
		ml_error err;

		memset(&err, 0, sizeof err);
		if (ml_doc_open(a->paths[i], &a->lim, &doc, &err) < 0) {
			cli_report_error(a->paths[i], &err);
			status = 2;
		}
		ml_portions_writer_add(w, a->paths[i], doc, &err);
		ml_doc_free(doc);
	}
	ml_portions_writer_finish(w); /* main reports a write error */
	return status;
}

const cli_command cli_extract_command = {
	"extract", "marklint extract [options] FILE...",
	"print the portions marklint reads from each document",
	{&cli_text_json_options, &cli_limit_options, NULL, NULL},
	0, "FILE", NULL, S_run, NULL,
};
