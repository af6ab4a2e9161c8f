/* fuzz_pdf.c - fuzz target: a PDF through the whole reading path, the
 * reader child included. The bytes (behind a "%PDF-" header when they
 * lack one) go to ml_doc_open_memory, which streams them to a sandboxed
 * marklint-pdf and lays out what it sends back. poppler crashing on an
 * input is not a finding here, it is what the child is for: the target
 * fails only when marklint's process does (a crash, a leak, a hang, an
 * error without a code). Slow (a process per input), so it runs with
 * tight limits. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "%PDF-1.7\n";
	ml_error err;
	ml_limits lim;
	ml_doc *doc = NULL;
	unsigned char *buf;
	size_t n = size;
	int rc;

	buf = malloc(size + sizeof head);
	if (!buf)
		return 0;
	if (size < 5 || memcmp(data, "%PDF-", 5) != 0) {
		memcpy(buf, head, sizeof head - 1);
		n = size + sizeof head - 1;
		if (size)
			memcpy(buf + sizeof head - 1, data, size);
	} else {
		memcpy(buf, data, size);
	}
	ml_limits_default(&lim);
	lim.max_pages = 50;
	lim.max_pdf_seconds = 5;
	lim.max_page_seconds = 1;
	rc = ml_doc_open_memory("fuzz.pdf", buf, n, &lim, &doc, &err);
	if (rc < 0 && !err.code[0])
		__builtin_trap(); /* every error has a code */
	ml_doc_free(doc);
	free(buf);
	return 0;
}
