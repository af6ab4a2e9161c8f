/* check_register.c - the marking grammar held to the register itself:
 * - every example marking of the register (tests/register/examples.txt,
 *   transcribed from CAPCO-2016.pdf) gets its verdict and correction;
 * - every control of markings/register.xml is valid in both forms, and
 *   nonstandard in the other form's spelling;
 * - properties: format(parse(m)) == m for every valid example (as written
 *   and in register form), judging is total on random strings and every
 *   correction offered is itself valid, and the roll-up of valid portion
 *   marks is a valid banner line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml_marking.h"
#include "ml_register.h"

/* --- the examples file --- */

typedef struct ex {
	char verdict[16];
	char marking[512];
	char suggestion[512];
	char source[256];
	int line;
} ex;

static ex *S_ex;
static size_t S_nex;

/* Reads tests/register/NAME into S_ex (replacing what was there). */
static void load_file(const char *name)
{
	char path[1024], line[2048];
	FILE *f;
	int no = 0;

	snprintf(path, sizeof path, "%s/tests/register/%s", ML_SOURCE_DIR,
	         name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	free(S_ex);
	S_nex = 0;
	S_ex = calloc(1024, sizeof *S_ex);
	while (fgets(line, sizeof line, f)) {
		char *fld[4], *p = line;
		int k;
		no++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (k = 0; k < 4; k++) {
			fld[k] = p;
			p = strchr(p, '\t');
			if (!p && k < 3)
				ck_abort_msg("%s:%d: four tab-separated fields needed",
				             name, no);
			if (p)
				*p++ = '\0';
		}
		ck_assert(S_nex < 1024);
		snprintf(S_ex[S_nex].verdict, 16, "%.15s", fld[0]);
		snprintf(S_ex[S_nex].marking, 512, "%.511s", fld[1]);
		snprintf(S_ex[S_nex].suggestion, 512, "%.511s", fld[2]);
		snprintf(S_ex[S_nex].source, 256, "%.255s", fld[3]);
		S_ex[S_nex].line = no;
		S_nex++;
	}
	fclose(f);
}

static void load_examples(void)
{
	load_file("examples.txt");
}

static ml_marking_judgement *judge(const char *s)
{
	static ml_marking_judgement j;

	ml_marking_judge(s, strlen(s), 0, &j);
	return &j;
}

/* Each line's verdict and correction; returns how many are valid. */
static size_t check_lines(void)
{
	size_t i, valid = 0;

	for (i = 0; i < S_nex; i++) {
		const ex *e = &S_ex[i];
		ml_marking_judgement *j = judge(e->marking);
		ck_assert_msg(strcmp(ml_marking_verdict_name(j->verdict),
		                     e->verdict) == 0,
		              "line %d: %s: %s, not %s (%s)", e->line,
		              e->marking, ml_marking_verdict_name(j->verdict),
		              e->verdict, j->nnotes ? j->notes[0].msg : "");
		if (strcmp(e->suggestion, "-") != 0)
			ck_assert_msg(strcmp(j->suggestion, e->suggestion) == 0,
			              "line %d: %s: suggests '%s', not '%s'",
			              e->line, e->marking, j->suggestion,
			              e->suggestion);
		else if (strcmp(e->verdict, "valid") != 0 &&
		         strstr(e->source, "no ") == e->source)
			ck_assert_msg(j->suggestion[0] == '\0', "line %d: %s: "
			              "suggests '%s'", e->line, e->marking,
			              j->suggestion);
		if (j->verdict != ML_VERDICT_VALID && strcmp(e->suggestion, "-"))
			ck_assert_msg(j->suggestion[0], "line %d: %s: no correction",
			              e->line, e->marking);
		valid += j->verdict == ML_VERDICT_VALID;
	}
	return valid;
}

START_TEST(register_examples)
{
	load_examples();
	ck_assert_uint_ge(S_nex, 300);
	ck_assert_uint_ge(check_lines(), 300);
}
END_TEST

/* Every rule of the register broken once, and the forms that read but
 * are not register form. */
START_TEST(register_invalid)
{
	load_file("invalid.txt");
	ck_assert_uint_ge(S_nex, 100);
	ck_assert_uint_eq(check_lines(), 0);
}
END_TEST

/* format(parse(m)) == m for every valid example, as written; in register
 * form, the marking is valid and formats to itself again. */
START_TEST(register_round_trip)
{
	size_t i;

	load_examples();
	for (i = 0; i < S_nex; i++) {
		const ex *e = &S_ex[i];
		ml_marking_judgement *j;
		ml_marking m;
		ml_buf b, c;
		if (strcmp(e->verdict, "valid") != 0)
			continue;
		j = judge(e->marking);
		ck_assert(j->parsed);
		m = j->m;
		ml_buf_init(&b, 4096);
		ck_assert_int_eq(ml_marking_format_as_written(&m, j->form, &b), 0);
		ck_assert_msg(strcmp(b.ptr, e->marking) == 0,
		              "examples.txt:%d: '%s' formats as '%s'", e->line,
		              e->marking, b.ptr);
		ml_buf_clear(&b);
		ck_assert_int_eq(ml_marking_format(&m, j->form, &b), 0);
		j = judge(b.ptr);
		ck_assert_msg(j->verdict == ML_VERDICT_VALID,
		              "examples.txt:%d: register form '%s' of '%s' is %s",
		              e->line, b.ptr, e->marking,
		              ml_marking_verdict_name(j->verdict));
		ml_buf_init(&c, 4096);
		ck_assert_int_eq(ml_marking_format(&j->m, j->form, &c), 0);
		ck_assert_str_eq(c.ptr, b.ptr);
		ml_buf_free(&b);
		ml_buf_free(&c);
	}
}
END_TEST

/* --- every control of the register, in both forms --- */

static const char *level_for(unsigned levels, ml_marking_form form)
{
	static const ml_marking_class pref[] = {
		ML_CLASS_S, ML_CLASS_TS, ML_CLASS_C, ML_CLASS_U,
	};
	size_t i;

	for (i = 0; i < 4; i++)
		if (ml_register_level_ok(levels, pref[i]))
			return ml_marking_class_name(pref[i], form);
	return "";
}

START_TEST(register_each_control)
{
	const ml_register *reg = ml_register_get();
	size_t i, tried = 0;

	for (i = 0; i < reg->ne; i++) {
		const ml_reg_entry *e = &reg->e[i];
		char p[256], bn[256], wrong[256];
		const char *lp, *lb, *list = "";
		ml_marking_judgement *j;
		int k;
		if (e->kind != ML_E_CONTROL || e->cat == ML_CAT_CLASS)
			continue;
		if (!(e->context & ML_CTX_US)) {
			/* a CUI control: in a CUI marking */
			snprintf(p, sizeof p, "(CUI//%s)", e->portion);
			snprintf(bn, sizeof bn, "CUI//%s",
			         ml_register_spell(e, ML_SPELL_ABBREV));
		} else {
			char req[128] = "", reqb[128] = "", blk[8];
			lp = level_for(e->levels, ML_MARKING_PORTION);
			lb = level_for(e->levels, ML_MARKING_BANNER);
			if (e->list == ML_LIST_RELTO)
				list = " USA, GBR";
			else if (e->list == ML_LIST_DISPLAY)
				list = " AFG";
			for (k = 0; k < e->nrequires; k++) {
				const ml_reg_entry *r = &reg->e[e->requires[k]];
				snprintf(req + strlen(req), sizeof req - strlen(req),
				         "%s/", r->portion);
				snprintf(reqb + strlen(reqb), sizeof reqb - strlen(reqb),
				         "%s/", ml_register_spell(r, ML_SPELL_ABBREV));
			}
			if (req[0])
				req[strlen(req) - 1] = reqb[strlen(reqb) - 1] = '\0';
			snprintf(blk, sizeof blk, "%s", req[0] ? "//" : "");
			if (e->list == ML_LIST_EYES) {
				snprintf(p, sizeof p, "(%s//USA/GBR EYES ONLY)", lp);
				snprintf(bn, sizeof bn, "%s//USA/GBR EYES ONLY", lb);
			} else {
				snprintf(p, sizeof p, "(%s%s%s//%s%s)", lp, blk, req,
				         e->portion, list);
				snprintf(bn, sizeof bn, "%s%s%s//%s%s", lb, blk, reqb,
				         ml_register_spell(e, ML_SPELL_ABBREV), list);
			}
		}
		j = judge(p);
		ck_assert_msg(j->verdict == ML_VERDICT_VALID, "%s: %s (%s)", p,
		              ml_marking_verdict_name(j->verdict),
		              j->nnotes ? j->notes[0].msg : "");
		j = judge(bn);
		ck_assert_msg(j->verdict == ML_VERDICT_VALID, "%s: %s (%s)", bn,
		              ml_marking_verdict_name(j->verdict),
		              j->nnotes ? j->notes[0].msg : "");
		/* the title spelled out in a banner is valid too */
		if (e->title[0] && !e->list && (e->context & ML_CTX_US) &&
		    !e->nrequires) {
			snprintf(wrong, sizeof wrong, "%s//%s",
			         level_for(e->levels, ML_MARKING_BANNER), e->title);
			j = judge(wrong);
			ck_assert_msg(j->verdict == ML_VERDICT_VALID, "%s: %s", wrong,
			              ml_marking_verdict_name(j->verdict));
		}
		/* the banner spelling in a portion mark is nonstandard */
		if (strcmp(ml_register_spell(e, ML_SPELL_ABBREV), e->portion) != 0 &&
		    !e->list && (e->context & ML_CTX_US) && !e->nrequires) {
			snprintf(wrong, sizeof wrong, "(%s//%s)",
			         level_for(e->levels, ML_MARKING_PORTION),
			         ml_register_spell(e, ML_SPELL_ABBREV));
			j = judge(wrong);
			ck_assert_msg(j->verdict == ML_VERDICT_NONSTANDARD,
			              "%s: %s", wrong,
			              ml_marking_verdict_name(j->verdict));
			ck_assert_msg(j->suggestion[0], "%s: no correction", wrong);
		}
		tried++;
	}
	ck_assert_uint_ge(tried, 25);
}
END_TEST

/* --- properties --- */

/* A random string of register words, separators and noise. */
static void random_marking(unsigned *seed, char *out, size_t size)
{
	static const char *const bits[] = {
		"S", "TS", "C", "U", "SECRET", "TOP SECRET", "CUI", "//", "/", "(",
		")", "NF", "NOFORN", "REL TO USA, GBR", "REL TO", "SI", "SI-G ABCD",
		"TK", "HCS-P", "OC", "ORCON", "RD-SG 14", "FGI DEU", "JOINT S",
		", ", " ", "-", "DISPLAY ONLY AFG", "USA/GBR EYES ONLY", "SAR-BP",
		"NATO", "NS", "//GBR S", "FOUO", "SBU-NF", "LES", "XD", "ND", "X",
		"ZZZZ", "ABC", "123", "s", "nf", "///", "RELIDO", "IMC", "PR",
	};
	size_t n = 1 + (size_t)(rand_r(seed) % 9), i, o = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *b = bits[rand_r(seed) % (sizeof bits / sizeof bits[0])];
		if (o + strlen(b) + 1 >= size)
			break;
		memcpy(out + o, b, strlen(b) + 1);
		o += strlen(b);
	}
}

START_TEST(property_total_and_corrections_valid)
{
	unsigned seed = 20161231;
	char s[512];
	int i, offered = 0;

	for (i = 0; i < 4000; i++) {
		ml_marking_judgement *j;
		char sugg[sizeof j->suggestion + 64];
		random_marking(&seed, s, sizeof s);
		j = judge(s);
		ck_assert_int_le(j->verdict, ML_VERDICT_MALFORMED);
		ck_assert(j->confidence >= 0 && j->confidence <= 1);
		if (!j->suggestion[0])
			continue;
		offered++;
		snprintf(sugg, sizeof sugg, "%s", j->suggestion);
		j = judge(sugg);
		ck_assert_msg(j->verdict == ML_VERDICT_VALID,
		              "'%s' suggests '%s', which is %s (%s)", s, sugg,
		              ml_marking_verdict_name(j->verdict),
		              j->nnotes ? j->notes[0].msg : "");
	}
	ck_assert_int_gt(offered, 100);
}
END_TEST

START_TEST(property_rollup_valid)
{
	ml_marking *portions;
	const ml_marking **pick = calloc(8, sizeof *pick);
	unsigned seed = 710;
	size_t i, np = 0;
	int round;

	load_examples();
	portions = calloc(S_nex + 1, sizeof *portions);
	for (i = 0; i < S_nex; i++) {
		ml_marking_judgement *j;
		if (S_ex[i].marking[0] != '(' ||
		    strcmp(S_ex[i].verdict, "valid") != 0)
			continue;
		j = judge(S_ex[i].marking);
		/* a portion that stands for the banner's list ("REL") or shares
		 * the banner's JOINT owners cannot be rolled up alone */
		if (j->m.relto_short || j->m.eyes_short ||
		    (j->m.owner == ML_OWNER_JOINT && j->m.owners.n == 0))
			continue;
		portions[np++] = j->m;
	}
	ck_assert_uint_ge(np, 100);
	for (round = 0; round < 3000; round++) {
		size_t n = 1 + (size_t)(rand_r(&seed) % 5), k;
		ml_marking out;
		ml_buf b;
		for (k = 0; k < n; k++)
			pick[k] = &portions[rand_r(&seed) % np];
		ck_assert_int_eq(ml_marking_rollup(pick, n, &out), 0);
		ml_buf_init(&b, 8192);
		ck_assert_int_eq(ml_marking_format(&out, ML_MARKING_BANNER, &b), 0);
		{
			ml_marking_judgement *j = judge(b.ptr);
			if (j->verdict != ML_VERDICT_VALID) {
				ml_buf all;
				ml_buf_init(&all, 8192);
				for (k = 0; k < n; k++) {
					ml_marking_format(pick[k], ML_MARKING_PORTION, &all);
					ml_buf_putc(&all, ' ');
				}
				ck_abort_msg("roll-up of %s is '%s': %s (%s)", all.ptr,
				             b.ptr, ml_marking_verdict_name(j->verdict),
				             j->nnotes ? j->notes[0].msg : "");
			}
		}
		ml_buf_free(&b);
	}
	free(portions);
	free(pick);
}
END_TEST

static Suite *register_suite(void)
{
	Suite *s = suite_create("register");
	TCase *tc = tcase_create("register");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, register_examples);
	tcase_add_test(tc, register_invalid);
	tcase_add_test(tc, register_round_trip);
	tcase_add_test(tc, register_each_control);
	tcase_add_test(tc, property_total_and_corrections_valid);
	tcase_add_test(tc, property_rollup_valid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(register_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
