/* fuzz_flatopc.c - fuzz target: the Flat OPC reader (pkg:package)
 * over ml_xml, the way lint/ml_read.c and lint/ml_docx.c drive it. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_fuzz_xml(ML_FUZZ_FLATOPC, data, size);
	return 0;
}
