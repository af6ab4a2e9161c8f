/* fuzz_wml.c - fuzz target: the WordprocessingML part reader (a DOCX part)
 * over ml_xml, the way lint/ml_read.c and lint/ml_docx.c drive it. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_fuzz_xml(ML_FUZZ_WML, data, size);
	return 0;
}
