/* fuzz_init.c - LLVMFuzzerInitialize for every fuzz target: initialises
 * libxml2 once, before any input (libFuzzer and fuzz/driver.c call it). */
#include "fuzz.h"

#include "marklint.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ml_init();
	return 0;
}
