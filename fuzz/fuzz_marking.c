/* fuzz_marking.c - fuzz target: the marking-string grammar
 * (lint/marking/ml_marking.h). The bytes are judged as a portion mark and
 * as a banner (case sensitive and not), detected at the start of a portion
 * and as a banner line; a correction offered must itself be a valid
 * marking; what parses is checked, corrected, rolled up and formatted,
 * and formatting must give a marking that parses again. */
#include "fuzz.h"

#include "ml_marking.h"

#include <stdlib.h>
#include <string.h>

static void S_use(const ml_marking *m)
{
	const ml_marking *one[1];
	ml_marking up, again, fixed;
	ml_marking_note notes[ML_MARKING_MAX_NOTES];
	ml_buf b;
	int form;

	(void)ml_marking_check(m, notes, ML_MARKING_MAX_NOTES);
	(void)ml_marking_correct(m, &fixed);
	one[0] = m;
	if (ml_marking_rollup(one, 1, &up) != 0)
		__builtin_trap();
	for (form = ML_MARKING_PORTION; form <= ML_MARKING_BANNER; form++) {
		ml_buf_init(&b, 1 << 16);
		if (ml_marking_format(m, (ml_marking_form)form, &b) == 0 &&
		    b.size)
			(void)ml_marking_parse(b.ptr, b.size,
			                       (ml_marking_form)form, 0, &again,
			                       NULL);
		ml_buf_clear(&b);
		(void)ml_marking_format_as_written(m, (ml_marking_form)form, &b);
		ml_buf_free(&b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned judge_flags[] = {
		0, ML_JUDGE_PORTION, ML_JUDGE_BANNER,
		ML_JUDGE_BANNER | ML_MARKING_ICASE,
	};
	const char *s = (const char *)data;
	ml_marking_judgement *j = malloc(sizeof *j), *k = malloc(sizeof *k);
	ml_marking m;
	ml_marking_error e;
	size_t i;

	if (!j || !k)
		__builtin_trap();
	for (i = 0; i < sizeof judge_flags / sizeof judge_flags[0]; i++) {
		ml_marking_judge(s, size, judge_flags[i], j);
		if (j->off > size || j->len > size - j->off ||
		    j->nnotes > ML_MARKING_MAX_NOTES)
			__builtin_trap();
		if (j->suggestion[0] &&
		    ml_marking_judge(j->suggestion, strlen(j->suggestion),
		                     ML_JUDGE_NO_SUGGESTION, k) !=
		        ML_VERDICT_VALID)
			__builtin_trap(); /* a correction must be valid */
		if (j->parsed)
			S_use(&j->m);
	}
	if (ml_marking_find_portion_mark(s, size, 0, &m, &e) ==
	    ML_MARKING_FOUND)
		S_use(&m);
	if (ml_marking_parse_banner(s, size, ML_MARKING_ICASE, &m, &e) ==
	    ML_MARKING_FOUND)
		S_use(&m);
	free(j);
	free(k);
	return 0;
}
