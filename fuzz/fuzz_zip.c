/* fuzz_zip.c - fuzz target: the zip container stage (lint/ml_zip.c).
 * Opens the bytes as a zip, looks up the OPC and ODF entry names and
 * streams every entry to the end (bomb guards, CRC, damage). */
#include "fuzz.h"

#include "ml_zip.h"

#include <string.h>

/* Counts the bytes streamed; touches each chunk's ends. */
static int S_sink(void *ud, const char *data, size_t len)
{
	size_t *n = ud;

	if (len)
		*n += (size_t)(unsigned char)data[0] +
		      (size_t)(unsigned char)data[len - 1];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"[Content_Types].xml", "/_rels/.rels", "word/document.xml",
		"mimetype", "content.xml", "%5BContent_Types%5D.xml"
	};
	ml_error err;
	ml_limits lim;
	ml_doc *doc; /* ours: ml_doc_free */
	ml_zip *z = NULL; /* ours: ml_zip_close */
	ml_buf b;
	size_t i, sum = 0;
	int n;

	ml_limits_default(&lim);
	memset(&err, 0, sizeof err);
	doc = ml_doc__new("fuzz.zip", &lim, &err);
	if (ml_zip_open_memory(doc, data, size, 0, &z) == 0) {
		for (i = 0; i < sizeof names / sizeof *names; i++)
			(void)ml_zip_find(z, names[i]);
		n = ml_zip_count(z);
		for (i = 0; i < (size_t)n && !ml_doc__failed(doc); i++) {
			(void)ml_zip_name(z, (int)i);
			(void)ml_zip_stream(z, (int)i, S_sink, &sum);
		}
		/* a whole small entry, within a cap */
		ml_buf_init(&b, 1 << 16);
		if (n > 0 && !ml_doc__failed(doc))
			(void)ml_zip_read(z, 0, &b);
		ml_buf_free(&b);
		ml_zip_close(z);
	}
	ml_doc__finish(doc);
	ml_doc_free(doc);
	return 0;
}
