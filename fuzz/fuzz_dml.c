/* fuzz_dml.c - fuzz target: the DrawingML reader of PowerPoint parts
 * (slides, notes, masters, comments) over ml_xml, as ml_pptx.c drives it. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_fuzz_xml(ML_FUZZ_DML, data, size);
	return 0;
}
