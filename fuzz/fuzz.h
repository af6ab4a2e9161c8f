/* fuzz.h - what the fuzz targets share: the libFuzzer entry point and a
 * helper that runs one streaming XML reader over bytes.
 *
 * Each fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput. Built with
 * MARKLINT_FUZZ=ON (clang) it links with libFuzzer; otherwise with
 * fuzz/driver.c, a main() that runs the target over files, which is how
 * the regression corpus (tests/fuzz-regressions/) runs in every build.
 */
#ifndef ML_FUZZ_H
#define ML_FUZZ_H

#include "ml_readers.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The streaming readers a fuzz target can drive directly. */
typedef enum ml_fuzz_reader {
	ML_FUZZ_WML,     /* a WordprocessingML part of a DOCX */
	ML_FUZZ_FLATOPC, /* Flat OPC (pkg:package) */
	ML_FUZZ_ODT,     /* content.xml of an ODT, or a flat ODT */
	ML_FUZZ_GENXML,  /* IC-ISM and any other XML */
	ML_FUZZ_DML      /* a PowerPoint slide, notes or comments part */
} ml_fuzz_reader;

/* Reads data with one reader, as a part named "fuzz.xml", fed in chunks
 * whose size the first byte chooses (so the push parser's chunk edges are
 * fuzzed too), then builds the document and frees it. */
void ml_fuzz_xml(ml_fuzz_reader kind, const uint8_t *data, size_t size);

#endif
