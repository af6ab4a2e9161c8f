/* ml_judge.c - the verdict on a marking string (MARKINGS.md 5): valid,
 * nonstandard, malformed or not a marking, with its reasons and its
 * correction. */
#include "ml_marking.h"

#include <stdio.h>
#include <string.h>

static void S_note(ml_marking_judgement *j, const char *rule, const char *id,
                   const char *msg)
{
	ml_marking_note *n;

	if (j->nnotes >= ML_MARKING_MAX_NOTES)
		return;
	n = &j->notes[j->nnotes++];
	n->rule = rule;
	n->id = id;
	snprintf(n->msg, sizeof n->msg, "%s", msg);
}

/* Does s hold a letter or digit at all? "///", "--" and blanks do not. */
static int S_wordy(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			return 1;
	return 0;
}

ml_marking_verdict ml_marking_judge(const char *s, size_t len, unsigned flags,
                                    ml_marking_judgement *out)
{
	ml_marking_error e;
	ml_marking_form form;
	size_t i = 0, n = len;
	uint32_t problems, bit;

	memset(out, 0, sizeof *out);
	ml_marking_init(&out->m);
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	out->off = i;
	out->len = n - i;
	if (flags & ML_JUDGE_PORTION)
		form = ML_MARKING_PORTION;
	else if (flags & ML_JUDGE_BANNER)
		form = ML_MARKING_BANNER;
	else
		form = n > i && s[i] == '(' ? ML_MARKING_PORTION
		                            : ML_MARKING_BANNER;
	out->form = form;
	if (!S_wordy(s + i, n - i))
		return out->verdict = ML_VERDICT_NONE;
	if (ml_marking_parse(s, len, form, flags & ML_MARKING_ICASE, &out->m,
	                     &e) < 0) {
		S_note(out, "MARKING-MALFORMED", "syntax", e.msg);
		return out->verdict = ML_VERDICT_MALFORMED;
	}
	out->parsed = 1;
	problems = ml_marking_problems(&out->m);
	for (bit = 1; bit; bit <<= 1)
		if ((problems & bit) && ml_marking_problem_message(bit))
			S_note(out, ml_marking_problem_rule(bit), "rule",
			       ml_marking_problem_message(bit));
	return out->verdict = out->nnotes ? ML_VERDICT_MALFORMED
	                                  : ML_VERDICT_VALID;
}

const char *ml_marking_verdict_name(ml_marking_verdict v)
{
	static const char *const names[] = {"none", "valid", "nonstandard",
	                                    "malformed"};

	return (unsigned)v < 4 ? names[v] : "none";
}
