/* fuzz_pdfwire.c - fuzz target: the parent's side of the PDF reader, fed
 * what a subverted reader child could send. The bytes after the first
 * are records (ml_pdfwire.h) handed to the layout in chunks whose size
 * the first byte chooses; the layout must refuse what is malformed with
 * an error code and lay out the rest, never crash, leak or hang. */
#include "fuzz.h"

#include "ml_pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_error err;
	ml_limits lim;
	ml_doc *doc;
	ml_pdfdoc *pd;
	size_t chunk, i, n;
	int rc = 0;

	if (size < 1)
		return 0;
	chunk = data[0] ? data[0] : size;
	ml_limits_default(&lim);
	/* small caps, so that the fuzzer reaches them */
	lim.max_portion_size = 1 << 16;
	lim.max_total_size = 1 << 20;
	lim.max_pages = 1000;
	doc = ml_doc__new("fuzz.pdf", &lim, &err);
	pd = ml_pdfdoc_new(doc);
	for (i = 1; i < size && rc == 0; i += n) {
		n = size - i < chunk ? size - i : chunk;
		rc = ml_pdfdoc_feed(pd, (const char *)data + i, n);
	}
	if (rc == 0 && ml_pdfdoc_complete(pd))
		rc = ml_pdfdoc_finish(pd);
	ml_pdfdoc_free(pd);
	if (ml_doc__finish(doc) < 0 && !ml_doc__err(doc)->code[0])
		__builtin_trap(); /* every error has a code */
	ml_doc_free(doc);
	return 0;
}
