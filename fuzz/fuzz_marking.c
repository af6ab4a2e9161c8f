/* fuzz_marking.c - fuzz target: the marking-string grammar
 * (lint/ml_marking.h). The bytes are parsed as a portion mark and as a
 * banner, detected at the start of a portion and as a banner line (case
 * sensitive and not); what parses is checked, rolled up and formatted, and
 * formatting must give a marking that parses again. */
#include "fuzz.h"

#include "ml_marking.h"

#include <string.h>

static void S_use(const ml_marking *m, size_t size)
{
	const ml_marking *one[1];
	ml_marking up, again;
	ml_buf b;
	int form;

	if (m->off > size || m->len > size - m->off)
		__builtin_trap();
	(void)ml_marking_problems(m);
	(void)ml_marking_check_form(m);
	(void)ml_marking_check_conflict(m);
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
		ml_buf_free(&b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	ml_marking m;
	ml_marking_error e;
	unsigned flags;
	int form;

	for (flags = 0; flags <= ML_MARKING_ICASE; flags += ML_MARKING_ICASE) {
		for (form = ML_MARKING_PORTION; form <= ML_MARKING_BANNER;
		     form++)
			if (ml_marking_parse(s, size, (ml_marking_form)form,
			                     flags, &m, &e) == 0)
				S_use(&m, size);
		if (ml_marking_find_portion_mark(s, size, flags, &m, &e) ==
		    ML_MARKING_FOUND)
			S_use(&m, size);
		if (ml_marking_parse_banner(s, size, flags, &m, &e) ==
		    ML_MARKING_FOUND)
			S_use(&m, size);
	}
	return 0;
}
