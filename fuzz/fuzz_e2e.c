/* fuzz_e2e.c - fuzz target: end to end, bytes in, JSON out, through the
 * public API only: the bytes are linted as `marklint check` lints a file
 * (ml_lint_memory sniffs the format: zip, Flat OPC, ODT, XML, text),
 * against the built-in rules, and written as the JSON report to
 * /dev/null; an unreadable document is written as the JSON error object. */
#include "fuzz.h"

#include "marklint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loaded once per fuzzing process and kept to its end: the harness's own
 * state, read-only once built (the library keeps none). */
static ml_rules *S_rules;
static ml_scratch *S_scratch;
static FILE *S_null;

static void S_setup(void)
{
	ml_error err;

	memset(&err, 0, sizeof err);
	S_rules = ml_rules_new();
	if (ml_rules_load_builtin(S_rules, &err) != 0) {
		fprintf(stderr, "fuzz_e2e: built-in rules: %s\n", err.message);
		abort();
	}
	S_scratch = ml_scratch_new();
	S_null = fopen("/dev/null", "w");
	if (!S_null)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_lint_opts o;
	ml_result *r = NULL;   /* ours: ml_result_free */
	ml_summary sum;
	ml_writer *w;

	if (!S_rules)
		S_setup();
	memset(&sum, 0, sizeof sum);
	ml_lint_opts_default(&o);
	o.rules = S_rules;
	w = ml_writer_new(ML_REPORT_JSON, S_null, NULL);
	if (ml_lint_memory("fuzz.docx", data, size, &o, S_scratch, &r) < 0 &&
	    !ml_result_error(r)->code[0])
		__builtin_trap(); /* every error has a code */
	ml_summary_add(&sum, r);
	ml_writer_add(w, r);
	ml_writer_finish(w, &sum);
	fflush(S_null);
	ml_result_free(r);
	return 0;
}
