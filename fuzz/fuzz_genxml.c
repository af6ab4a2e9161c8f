/* fuzz_genxml.c - fuzz target: the generic and IC-ISM XML reader
 * over ml_xml, the way lint/ml_read.c and lint/ml_docx.c drive it. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_fuzz_xml(ML_FUZZ_GENXML, data, size);
	return 0;
}
