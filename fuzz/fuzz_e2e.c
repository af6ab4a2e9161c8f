/* fuzz_e2e.c - fuzz target: end to end, bytes in, JSON out. The bytes
 * are read as `marklint check` reads a file (ml_doc_open_memory sniffs
 * the format: zip, Flat OPC, ODT, XML, text), checked against the
 * built-in rules and written as the JSON report to /dev/null; an
 * unreadable document is written as the JSON error object. */
#include "fuzz.h"

#include "ml_check.h"
#include "ml_writers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loaded once per fuzzing process and kept to its end: the harness's own
 * state, read-only once built (the library keeps none). */
static ml_rules *S_rules;
static ml_rx_scratch *S_scratch;
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
	S_scratch = ml_rx_scratch_new();
	S_null = fopen("/dev/null", "w");
	if (!S_null)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_error err;
	ml_doc *doc = NULL;    /* ours: ml_doc_free */
	ml_report *r = NULL;   /* ours: ml_report_free */
	ml_summary sum;
	ml_json j;

	if (!S_rules)
		S_setup();
	memset(&err, 0, sizeof err);
	memset(&sum, 0, sizeof sum);
	ml_json_init(&j, S_null, 1);
	ml_report_json_head(&j);
	if (ml_doc_open_memory("fuzz.docx", data, size, NULL, &doc,
	                       &err) < 0 ||
	    ml_check(doc, S_rules, S_scratch, &r, &err) < 0) {
		if (!err.code[0])
			__builtin_trap(); /* every error has a code */
		ml_report_json_unreadable(&j, "fuzz.docx", &err);
		ml_summary_add(&sum, NULL, ML_SEV_INFO);
	} else {
		ml_report_json_document(&j, "fuzz.docx", r, ML_SEV_INFO);
		ml_summary_add(&sum, r, ML_SEV_INFO);
	}
	ml_report_json_tail(&j, &sum);
	fflush(S_null);
	ml_report_free(r);
	ml_doc_free(doc);
	return 0;
}
