/* nojit.c - LD_PRELOAD shim for the valgrind tests: PCRE2's JIT compiler
 * reports itself unavailable, so marklint matches with PCRE2's interpreter
 * (its documented fallback, lint/ml_rx.c). Machine code that PCRE2 emits
 * at run time has no symbols and reads its stack frames in ways memcheck
 * takes for uses of uninitialised values (PCRE2's documentation: use JIT
 * with valgrind only in a PCRE2 built with --enable-valgrind), and the
 * interpreter is what valgrind can check. Test code only.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

int pcre2_jit_compile_8(pcre2_code_8 *code, uint32_t options)
{
	(void)code;
	(void)options;
	return PCRE2_ERROR_JIT_BADOPTION;
}
