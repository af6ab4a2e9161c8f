/* fuzz_xml_common.c - ml_fuzz_xml: one streaming reader over fuzz bytes,
 * wired as lint/ml_read.c and lint/ml_docx.c wire them. */
#include "fuzz.h"

#include "ml_doc.h"
#include "ml_xml.h"

#include <string.h>

void ml_fuzz_xml(ml_fuzz_reader kind, const uint8_t *data, size_t size)
{
	static const char part[] = "fuzz.xml";
	ml_error err;
	ml_limits lim;
	ml_doc *doc; /* ours: ml_doc_free */
	ml_xml *x;   /* ours: ml_xml_free */
	ml_reader r;
	ml_xml_handler none = {NULL, NULL, NULL, NULL, NULL};
	size_t chunk, off;
	unsigned ncomments = 0;
	int rc = 0;

	if (size < 1)
		return;
	/* 1..256 bytes per feed, or everything at once for 0 */
	chunk = data[0] ? data[0] : size;
	data++;
	size--;
	ml_limits_default(&lim);
	memset(&err, 0, sizeof err);
	memset(&r, 0, sizeof r);
	doc = ml_doc__new("fuzz", &lim, &err);
	ml_doc__part(doc, part);
	x = ml_xml_new(doc, part, &none, NULL,
	               kind == ML_FUZZ_GENXML ? 0 : ML_XML_MCE);
	switch (kind) {
	case ML_FUZZ_WML:
		ml_wml_reader(doc, x, ML_WML_2006, &r);
		break;
	case ML_FUZZ_FLATOPC:
		ml_flatopc_reader(doc, x, &r);
		break;
	case ML_FUZZ_ODT:
		ml_odt_reader(doc, x, &r);
		break;
	case ML_FUZZ_GENXML:
		ml_genxml_reader(doc, x, part, &r);
		break;
	case ML_FUZZ_DML:
		/* the kind of part from the size byte: all of them get fuzzed */
		ml_dml_reader(doc, (ml_dml_kind)(data[-1] % 5), &ncomments,
		              &r);
		break;
	}
	ml_xml_set_handler(x, &r.h, r.ud);
	for (off = 0; rc == 0 && off < size; off += chunk)
		rc = ml_xml_feed(x, (const char *)data + off,
		                 size - off < chunk ? size - off : chunk);
	if (rc == 0 && !ml_doc__failed(doc))
		rc = ml_xml_finish(x);
	if (rc == 0 && r.finish)
		r.finish(r.ud);
	if (r.free)
		r.free(r.ud);
	ml_xml_free(x);
	ml_doc__finish(doc);
	/* touch every portion, as the checker would */
	for (off = 0; off < ml_doc_portion_count(doc); off++) {
		const ml_portion *p = ml_doc_portion(doc, off);
		if (p->len && p->text[p->len] != '\0')
			__builtin_trap();
	}
	ml_doc_free(doc);
}
