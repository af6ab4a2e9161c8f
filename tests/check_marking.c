/* check_marking.c - unit tests of the marking grammar (lint/marking/):
 * the examples of MARKINGS.md 3.1 and 5, verdicts and corrections of
 * markings the register does not accept (each rule broken, typos,
 * separators, case, order, banner/portion swaps), the parsed fields, the
 * detection heuristics, the roll-up (the register's table 3 and notional
 * pages), formatting and hostile input. Assertions compare what a user
 * sees: verdicts, suggested markings, messages, formatted strings. The
 * register's own examples are in check_register.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ml_marking.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static ml_marking_judgement S_j;

static ml_marking_judgement *J(const char *s)
{
	ml_marking_judge(s, strlen(s), 0, &S_j);
	return &S_j;
}

/* verdict, suggestion (NULL: none), id of the first note (NULL: any) */
typedef struct jcase {
	const char *in;
	ml_marking_verdict verdict;
	const char *suggestion;
	const char *note;
} jcase;

static void check_cases(const jcase *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ml_marking_judgement *j = J(c[i].in);
		ck_assert_msg(j->verdict == c[i].verdict, "'%s': %s, not %s (%s)",
		              c[i].in, ml_marking_verdict_name(j->verdict),
		              ml_marking_verdict_name(c[i].verdict),
		              j->nnotes ? j->notes[0].msg : "");
		if (c[i].suggestion)
			ck_assert_msg(strcmp(j->suggestion, c[i].suggestion) == 0,
			              "'%s' suggests '%s', not '%s'", c[i].in,
			              j->suggestion, c[i].suggestion);
		else
			ck_assert_msg(j->suggestion[0] == '\0',
			              "'%s' suggests '%s'", c[i].in, j->suggestion);
		if (c[i].note)
			ck_assert_msg(j->nnotes && strcmp(j->notes[0].id,
			                                  c[i].note) == 0,
			              "'%s': first note %s, not %s", c[i].in,
			              j->nnotes ? j->notes[0].id : "(none)",
			              c[i].note);
	}
}

#define CASES(...)                                                        \
	do {                                                              \
		static const jcase cs[] = {__VA_ARGS__};                  \
		check_cases(cs, sizeof cs / sizeof cs[0]);                \
	} while (0)

static const char *fmt(const ml_marking *m, ml_marking_form form, char *out)
{
	ml_buf b;

	ml_buf_init(&b, 1023);
	ck_assert_int_eq(ml_marking_format(m, form, &b), 0);
	memcpy(out, b.ptr, b.size + 1);
	ml_buf_free(&b);
	return out;
}

static void parse_portion(const char *s, ml_marking *m)
{
	ml_marking_error e;

	ck_assert_msg(ml_marking_parse(s, strlen(s), ML_MARKING_PORTION, 0, m,
	                               &e) == 0,
	              "'%s': %s", s, e.msg);
}

/* The banner rolled up from n portion marks. */
static const char *rollup(char *out, size_t n, const char *const *portions)
{
	ml_marking *marks = calloc(n ? n : 1, sizeof(*marks));
	const ml_marking **ptrs = calloc(n ? n : 1, sizeof(*ptrs));
	ml_marking banner;
	size_t i;

	for (i = 0; i < n; i++) {
		parse_portion(portions[i], &marks[i]);
		ptrs[i] = &marks[i];
	}
	ck_assert_int_eq(ml_marking_rollup(ptrs, n, &banner), 0);
	ck_assert_int_eq(banner.form, ML_MARKING_BANNER);
	fmt(&banner, ML_MARKING_BANNER, out);
	free(marks);
	free(ptrs);
	return out;
}

#define ROLLUP(out, ...)                                                   \
	rollup(out, sizeof((const char *[]){__VA_ARGS__}) / sizeof(char *), \
	       (const char *[]){__VA_ARGS__})

static ml_marking_status detect(const char *t, ml_marking *m,
                                ml_marking_error *e)
{
	return ml_marking_find_portion_mark(t, strlen(t), 0, m, e);
}

static ml_marking_status detect_banner(const char *t, unsigned flags)
{
	ml_marking m;
	ml_marking_error e;

	return ml_marking_parse_banner(t, strlen(t), flags, &m, &e);
}

/* ------------------------------------------------------------------ */
/* MARKINGS.md 3.1 and 5                                               */

START_TEST(spec_examples)
{
	CASES(
	    /* 3.1.1 portion marks and 3.1.2 banner lines */
	    {"(S//NF)", ML_VERDICT_VALID, NULL, NULL},
	    {"(TS//SI//NF)", ML_VERDICT_VALID, NULL, NULL},
	    {"(C//NF)", ML_VERDICT_VALID, NULL, NULL},
	    {"(S//OC/NF)", ML_VERDICT_VALID, NULL, NULL},
	    {"(CUI//NF)", ML_VERDICT_VALID, NULL, NULL},
	    {"(CUI//SP-EXPT//NF)", ML_VERDICT_VALID, NULL, NULL},
	    {"SECRET//NOFORN", ML_VERDICT_VALID, NULL, NULL},
	    {"TOP SECRET//SI//NOFORN", ML_VERDICT_VALID, NULL, NULL},
	    {"CUI//NOFORN", ML_VERDICT_VALID, NULL, NULL},
	    {"CONFIDENTIAL//NOFORN", ML_VERDICT_VALID, NULL, NULL},
	    /* 3.1: forms agencies write, read and made register form */
	    {"(TS//SI//NOFORN)", ML_VERDICT_NONSTANDARD, "(TS//SI//NF)",
	     "control-form"},
	    {"(S/NF)", ML_VERDICT_NONSTANDARD, "(S//NF)", "agency-separator"},
	    {"(C/NOFORN)", ML_VERDICT_NONSTANDARD, "(C//NF)", NULL},
	    {"(SBU/NF)", ML_VERDICT_NONSTANDARD, "(U//SBU-NF)", NULL},
	    {"(SBU-NF)", ML_VERDICT_NONSTANDARD, "(U//SBU-NF)",
	     "implied-classification"},
	    {"(S//NOFORN)", ML_VERDICT_NONSTANDARD, "(S//NF)", "control-form"},
	    {"TOP SECRET // SI // NOFORN", ML_VERDICT_NONSTANDARD,
	     "TOP SECRET//SI//NOFORN", "spacing"},
	    {"S E C R E T//NOFORN", ML_VERDICT_NONSTANDARD, "SECRET//NOFORN",
	     "spacing"},
	    {"S E C R E T // NOFORN", ML_VERDICT_NONSTANDARD, "SECRET//NOFORN",
	     "spacing"},
	    {"S E C R E T//N O F O R N", ML_VERDICT_NONSTANDARD,
	     "SECRET//NOFORN", "spacing"},
	    {"(S-NF)", ML_VERDICT_NONSTANDARD, "(S//NF)", "agency-separator"},
	    {"(TS-NF)", ML_VERDICT_NONSTANDARD, "(TS//NF)", "agency-separator"},
	    {"CONFIDENTIAL -- NOFORN", ML_VERDICT_NONSTANDARD,
	     "CONFIDENTIAL//NOFORN", "agency-separator"},
	    {"SECRET - NOFORN", ML_VERDICT_NONSTANDARD, "SECRET//NOFORN",
	     "agency-separator"},
	    {"TOP SECRET//COMINT//NOFORN//20320108", ML_VERDICT_NONSTANDARD,
	     "TOP SECRET//SI//NOFORN", NULL},
	    {"SECRET//NF", ML_VERDICT_NONSTANDARD, "SECRET//NOFORN",
	     "control-form"},
	    /* 5: MARKING-MALFORMED */
	    {"(SECRET//NF)", ML_VERDICT_MALFORMED, "(S//NF)", "class-form"},
	    {"(S//NOFRN)", ML_VERDICT_MALFORMED, "(S//NF)", "typo"},
	    {"(S///SI)", ML_VERDICT_MALFORMED, "(S//SI)", "separator"},
	    {"(S//REL TO USA ONLY)", ML_VERDICT_MALFORMED, "(S//NF)",
	     "relto-usa-only"},
	    {"(S//REL TO GBR, USA)", ML_VERDICT_MALFORMED,
	     "(S//REL TO USA, GBR)", "relto-usa-first"},
	    {"(S//FOUO)", ML_VERDICT_MALFORMED, "(S)", "fouo-classified"},
	    /* 5: REL TO out of order is nonstandard */
	    {"(S//REL TO USA, NZL, AUS)", ML_VERDICT_NONSTANDARD,
	     "(S//REL TO USA, AUS, NZL)", "relto-order"},
	    /* 5: NOFORN-RELTO-CONFLICT, corrected as the spec shows */
	    {"(C//REL TO USA, GBR//NF)", ML_VERDICT_MALFORMED,
	     "(C//REL TO USA, GBR)", "conflict"},
	    {"(S//NF/REL TO USA, GBR)", ML_VERDICT_MALFORMED,
	     "(S//REL TO USA, GBR)", "conflict"});
	ck_assert_str_eq(J("(S//NF/RELIDO)")->notes[0].rule,
	                 "NOFORN-RELTO-CONFLICT");
}
END_TEST

/* ------------------------------------------------------------------ */
/* The register's rules, each broken once                              */

START_TEST(rules_levels)
{
	CASES(
	    {"UNCLASSIFIED//SI", ML_VERDICT_MALFORMED, "CONFIDENTIAL//SI",
	     "floor"},
	    {"(U//SI)", ML_VERDICT_MALFORMED, "(C//SI)", "floor"},
	    {"(S//SI-G//OC)", ML_VERDICT_MALFORMED, "(TS//SI-G//OC)", "floor"},
	    {"(C//TK)", ML_VERDICT_MALFORMED, "(S//TK)", "floor"},
	    {"(C//RS)", ML_VERDICT_MALFORMED, "(C)", "floor"},
	    {"(U//OC)", ML_VERDICT_MALFORMED, "(U)", "floor"},
	    {"(S//SBU)", ML_VERDICT_MALFORMED, "(S)", "floor"},
	    {"(S//SBU-NF)", ML_VERDICT_MALFORMED, "(S//NF)", "floor"},
	    {"(S//DS)", ML_VERDICT_MALFORMED, "(S)", "floor"},
	    {"(S//DCNI)", ML_VERDICT_MALFORMED, "(S//NF)", "floor"},
	    {"(U//RD)", ML_VERDICT_MALFORMED, "(C//RD)", "floor"},
	    {"(C//RD-CNWDI)", ML_VERDICT_MALFORMED, "(S//RD-CNWDI)", "floor"},
	    {"(TS//FOUO)", ML_VERDICT_MALFORMED, "(TS)", "fouo-classified"},
	    {"(U//SAR-BP)", ML_VERDICT_MALFORMED, "(C//SAR-BP)", "floor"},
	    {"(R//NF)", ML_VERDICT_MALFORMED, NULL, "syntax"});
}
END_TEST

START_TEST(rules_companions)
{
	CASES(
	    {"(S//NODIS)", ML_VERDICT_MALFORMED, "(S//NF//ND)", "requires"},
	    {"(S//ND)", ML_VERDICT_MALFORMED, "(S//NF//ND)", "requires"},
	    {"SECRET//EXDIS", ML_VERDICT_MALFORMED, "SECRET//NOFORN//EXDIS",
	     "requires"},
	    {"(S//HCS-P)", ML_VERDICT_MALFORMED, "(S//HCS-P//NF)", "requires"},
	    {"(S//HCS-O//NF)", ML_VERDICT_MALFORMED, "(S//HCS-O//OC/NF)",
	     "requires"},
	    {"(TS//SI-G)", ML_VERDICT_MALFORMED, "(TS//SI-G//OC)", "requires"},
	    {"(TS//TK-BLFH)", ML_VERDICT_MALFORMED, "(TS//TK-BLFH//NF)",
	     "requires"},
	    {"(//JOINT S GBR USA)", ML_VERDICT_MALFORMED,
	     "(//JOINT S GBR USA//REL TO USA, GBR)", "requires"},
	    /* incomplete HCS and SAR forms */
	    {"(TS//HCS//NF)", ML_VERDICT_MALFORMED, "(TS//HCS-P//NF)",
	     "needs-compartment"},
	    {"(S//RSV)", ML_VERDICT_MALFORMED, NULL, "needs-compartment"},
	    {"(TS//SAR-)", ML_VERDICT_MALFORMED, NULL, "sap-identifier"},
	    {"TOP SECRET//SPECIAL ACCESS REQUIRED", ML_VERDICT_MALFORMED, NULL,
	     "sap-identifier"});
}
END_TEST

START_TEST(rules_exclusions)
{
	CASES(
	    {"(S//OC/OC-USGOV)", ML_VERDICT_MALFORMED, "(S//OC)", "excludes"},
	    {"(S//OC/RELIDO)", ML_VERDICT_MALFORMED, "(S//OC)", "excludes"},
	    {"(S//NF//XD/ND)", ML_VERDICT_MALFORMED, "(S//NF//ND)", "excludes"},
	    {"(TS//SI-G//OC-USGOV)", ML_VERDICT_MALFORMED, "(TS//SI-G//OC)",
	     "requires"},
	    {"(S//REL TO USA, GBR/USA/GBR EYES ONLY)", ML_VERDICT_MALFORMED,
	     "(S//REL TO USA, GBR)", "excludes"},
	    {"(S//RELIDO/DISPLAY ONLY AFG)", ML_VERDICT_MALFORMED,
	     "(S//DISPLAY ONLY AFG)", "excludes"},
	    {"(//JOINT S GBR USA//NF)", ML_VERDICT_MALFORMED,
	     "(//JOINT S GBR USA//REL TO USA, GBR)", "requires"},
	    /* EXDIS needs NOFORN, so REL TO goes instead */
	    {"(S//REL TO USA, GBR//XD)", ML_VERDICT_MALFORMED, "(S//NF//XD)",
	     "requires"},
	    {"(U//SBU-NF/REL TO USA, GBR)", ML_VERDICT_MALFORMED, NULL, NULL});
}
END_TEST

START_TEST(rules_redundant_and_lists)
{
	CASES(
	    {"(U//FOUO/DSEN)", ML_VERDICT_NONSTANDARD, "(U//DSEN)", "redundant"},
	    {"(U//NF//SBU-NF)", ML_VERDICT_NONSTANDARD, "(U//NF//SBU)",
	     "redundant"},
	    {"(S//RD/FRD)", ML_VERDICT_NONSTANDARD, "(S//RD)", "redundant"},
	    {"(S//REL TO USA)", ML_VERDICT_MALFORMED, "(S//NF)",
	     "relto-usa-only"},
	    {"(S//REL TO)", ML_VERDICT_MALFORMED, NULL, "list-missing"},
	    {"SECRET//REL", ML_VERDICT_MALFORMED, NULL, "list-short"},
	    {"(S//REL TO USA, GRB)", ML_VERDICT_MALFORMED,
	     "(S//REL TO USA, GBR)", "country"},
	    {"(S//REL TO USA, FVYE)", ML_VERDICT_MALFORMED,
	     "(S//REL TO USA, FVEY)", "country"},
	    {"(S//REL TO USA, UK)", ML_VERDICT_NONSTANDARD,
	     "(S//REL TO USA, GBR)", "legacy"},
	    {"(S//REL TO USA,GBR)", ML_VERDICT_NONSTANDARD,
	     "(S//REL TO USA, GBR)", "spacing"},
	    {"(S//REL TO USA GBR)", ML_VERDICT_NONSTANDARD,
	     "(S//REL TO USA, GBR)", "spacing"},
	    {"(S//GBR/USA EYES ONLY)", ML_VERDICT_MALFORMED,
	     "(S//USA/GBR EYES ONLY)", "eyes-usa-first"},
	    {"(S//DISPLAY ONLY IRQ, AFG)", ML_VERDICT_NONSTANDARD,
	     "(S//DISPLAY ONLY AFG, IRQ)", "list-order"},
	    {"(S//FGI DEU CAN)", ML_VERDICT_NONSTANDARD, "(S//FGI CAN DEU)",
	     "list-order"},
	    {"(//JOINT S USA GBR//REL TO USA, GBR)", ML_VERDICT_NONSTANDARD,
	     "(//JOINT S GBR USA//REL TO USA, GBR)", "list-order"},
	    {"(S//RD-SG 20 14)", ML_VERDICT_NONSTANDARD, "(S//RD-SG 14 20)",
	     "order"},
	    {"(S//REL TO USA, ABCD)", ML_VERDICT_MALFORMED, NULL, "country"});
}
END_TEST

/* ------------------------------------------------------------------ */
/* Corrections: what a mangled marking comes back as                  */

START_TEST(corrections_mangled)
{
	CASES(
	    /* case */
	    {"(s//nf)", ML_VERDICT_NONSTANDARD, "(S//NF)", "case"},
	    {"Secret//Noforn", ML_VERDICT_NONSTANDARD, "SECRET//NOFORN", "case"},
	    /* typos in each kind of word */
	    {"SECERT//NOFORN", ML_VERDICT_MALFORMED, "SECRET//NOFORN", "typo"},
	    {"TOP SECRET//SI//NOFORM", ML_VERDICT_MALFORMED,
	     "TOP SECRET//SI//NOFORN", "typo"},
	    {"(S//ORCN/NF)", ML_VERDICT_MALFORMED, "(S//OC/NF)", "typo"},
	    {"(TS//SI//FN)", ML_VERDICT_MALFORMED, "(TS//SI//NF)", "typo"},
	    {"TOP SECRET//TALENT KEYHOLD//NOFORN", ML_VERDICT_MALFORMED,
	     "TOP SECRET//TALENT KEYHOLE//NOFORN", "typo"},
	    {"SECRET//RELIDOO", ML_VERDICT_MALFORMED, "SECRET//RELIDO", "typo"},
	    {"CONFIDENTAIL", ML_VERDICT_MALFORMED, "CONFIDENTIAL", "typo"},
	    {"UNCLASIFIED//FOUO", ML_VERDICT_MALFORMED, "UNCLASSIFIED//FOUO",
	     "typo"},
	    /* separators */
	    {"SECRET/NOFORN", ML_VERDICT_NONSTANDARD, "SECRET//NOFORN",
	     "agency-separator"},
	    {"(TS//SI//TK//NF)", ML_VERDICT_NONSTANDARD, "(TS//SI/TK//NF)",
	     "agency-separator"},
	    {"(S//OC//NF)", ML_VERDICT_NONSTANDARD, "(S//OC/NF)",
	     "agency-separator"},
	    {"SECRET\\\\NOFORN", ML_VERDICT_MALFORMED, "SECRET//NOFORN",
	     "separator"},
	    {"(S//NF//)", ML_VERDICT_MALFORMED, "(S//NF)", "syntax"},
	    {"SECRETNOFORN", ML_VERDICT_MALFORMED, "SECRET//NOFORN", "typo"},
	    /* order */
	    {"(S//NF//SI)", ML_VERDICT_NONSTANDARD, "(S//SI//NF)", "order"},
	    {"(S//NF/OC)", ML_VERDICT_NONSTANDARD, "(S//OC/NF)", "order"},
	    {"(TS//TK/SI//NF)", ML_VERDICT_NONSTANDARD, "(TS//SI/TK//NF)",
	     "order"},
	    {"(CUI//NF//SP-EXPT)", ML_VERDICT_NONSTANDARD,
	     "(CUI//SP-EXPT//NF)", "order"},
	    /* banner and portion swapped */
	    {"(TOP SECRET//SI//NOFORN)", ML_VERDICT_MALFORMED,
	     "(TS//SI//NF)", "class-form"},
	    {"TS//SI//NF", ML_VERDICT_MALFORMED, "TOP SECRET//SI//NOFORN",
	     "class-form"},
	    {"SECRET//OC/NF", ML_VERDICT_NONSTANDARD, "SECRET//ORCON/NOFORN",
	     "control-form"},
	    {"(S//RD-SIGMA 14)", ML_VERDICT_NONSTANDARD, "(S//RD-SG 14)",
	     "control-form"},
	    {"SECRET//RD-SG 14", ML_VERDICT_NONSTANDARD, "SECRET//RD-SIGMA 14",
	     "control-form"},
	    {"(TS//TALENT KEYHOLE)", ML_VERDICT_NONSTANDARD, "(TS//TK)",
	     "control-form"},
	    /* legacy words */
	    {"TOP SECRET//COMINT//NOFORN", ML_VERDICT_NONSTANDARD,
	     "TOP SECRET//SI//NOFORN", "legacy"},
	    {"(TS//SI-ECI ABC//NF)", ML_VERDICT_NONSTANDARD, "(TS//SI-ABC//NF)",
	     "legacy"},
	    {"(S//RD-N)", ML_VERDICT_NONSTANDARD, "(S//RD-CNWDI)", "legacy"});
}
END_TEST

/* The word-by-word repair (ml_repair.c): a typo in a word of a list
 * control, a country code, a JOINT or NATO word; a separator left out;
 * an unpublished SCI system that is a register word mistyped. */
START_TEST(corrections_words)
{
	CASES(
	    {"(S//REAL TO USA, JPN)", ML_VERDICT_MALFORMED,
	     "(S//REL TO USA, JPN)", "typo"},
	    {"(S//REL TO USA, GZR)", ML_VERDICT_MALFORMED,
	     "(S//REL TO USA, GBR)", "typo"},
	    {"SECRET//REL TO UA, FVEY", ML_VERDICT_MALFORMED,
	     "SECRET//REL TO USA, FVEY", "typo"},
	    {"(//DEU C//REL TO USA, CAN, EU)", ML_VERDICT_MALFORMED,
	     "(//DEU C//REL TO USA, CAN, DEU)", "typo"},
	    {"(S//DISPLYA ONLY AFG)", ML_VERDICT_MALFORMED,
	     "(S//DISPLAY ONLY AFG)", "typo"},
	    {"//NATO SECERT//ATOMAL//ORCON", ML_VERDICT_MALFORMED,
	     "//NATO SECRET//ATOMAL//ORCON", "typo"},
	    {"(//COS//BOHEMIA)", ML_VERDICT_MALFORMED, "(//CTS//BOHEMIA)",
	     "typo"},
	    {"(//JOINT S GBR SA//REL TO USA, FVEY)", ML_VERDICT_MALFORMED,
	     "(//JOINT S GBR USA//REL TO USA, FVEY)", "typo"},
	    {"SECRET//HWS-O//ORCON/NOFORN", ML_VERDICT_MALFORMED,
	     "SECRET//HCS-O//ORCON/NOFORN", "typo"},
	    {"(S//HCS-O//OC/NN)", ML_VERDICT_MALFORMED, "(S//HCS-O//OC/NF)",
	     "typo"},
	    {"(TV//SI)", ML_VERDICT_MALFORMED, "(TS//SI)", "typo"},
	    {"(//S//ATOMAL//OC)", ML_VERDICT_MALFORMED, "(//NS//ATOMAL//OC)",
	     "typo"},
	    /* separators */
	    {"(TS//SI-ABC NF)", ML_VERDICT_MALFORMED, "(TS//SI-ABC//NF)",
	     "separator"},
	    {"(//DEU S NF)", ML_VERDICT_MALFORMED, "(//DEU S//NF)",
	     "separator"},
	    /* an unpublished system, or a typo? */
	    {"(TS//FIG)", ML_VERDICT_MALFORMED, "(TS//FGI)", "typo"},
	    {"TOP SECRET//SAUR-BP//NOFORN", ML_VERDICT_MALFORMED,
	     "TOP SECRET//SAR-BP//NOFORN", "typo"},
	    {"SECRET//DR-CNWDI", ML_VERDICT_MALFORMED, "SECRET//RD-CNWDI",
	     "typo"},
	    {"(S//RFD-SG 14)", ML_VERDICT_MALFORMED, "(S//FRD-SG 14)", "typo"},
	    {"(S//TM)", ML_VERDICT_MALFORMED, "(S//TK)", "typo"},
	    /* the register's own unpublished examples stay valid */
	    {"(TS//HCS-P/LMN//SAR-BP//NF)", ML_VERDICT_VALID, NULL, NULL},
	    {"(TS//ANB/SI/TK/XNB//NF)", ML_VERDICT_VALID, NULL, NULL},
	    /* SCI values out of order: read, and put back */
	    {"TOP SECRET//NOFORN//AUNPUB/SI/TALENT KEYHOLE/XUNPUB",
	     ML_VERDICT_NONSTANDARD,
	     "TOP SECRET//AUNPUB/SI/TALENT KEYHOLE/XUNPUB//NOFORN", "order"});
}
END_TEST

START_TEST(verdict_none)
{
	CASES({"///", ML_VERDICT_NONE, NULL, NULL},
	      {"", ML_VERDICT_NONE, NULL, NULL},
	      {"2024-01-31", ML_VERDICT_NONE, NULL, NULL},
	      {"/usr/local/bin", ML_VERDICT_NONE, NULL, NULL},
	      {"the widget design", ML_VERDICT_NONE, NULL, NULL},
	      {"-----", ML_VERDICT_NONE, NULL, NULL},
	      {"20240131", ML_VERDICT_NONE, NULL, NULL},
	      {"ABC//XYZ", ML_VERDICT_NONE, NULL, NULL});
}
END_TEST

START_TEST(judge_fields)
{
	ml_marking_judgement j;

	ck_assert_int_eq(ml_marking_judge("  (S//NF) ", 10, 0, &j),
	                 ML_VERDICT_VALID);
	ck_assert_int_eq(j.form, ML_MARKING_PORTION);
	ck_assert_uint_eq(j.off, 2);
	ck_assert_uint_eq(j.len, 7);
	ck_assert(j.parsed);
	ck_assert_uint_eq(j.nnotes, 0);
	ck_assert_str_eq(j.suggestion, "");
	ck_assert_int_eq(ml_marking_judge("S//NF", 5, ML_JUDGE_PORTION, &j),
	                 ML_VERDICT_MALFORMED);
	ck_assert_str_eq(j.notes[0].msg, "portion marks are enclosed in "
	                 "parentheses");
	ck_assert_str_eq(j.suggestion, "(S//NF)");
	ck_assert_int_eq(ml_marking_judge("Secret//Noforn", 14,
	                                  ML_MARKING_ICASE, &j),
	                 ML_VERDICT_VALID);
	ck_assert_int_eq(ml_marking_judge("(S//NOFRN)", 10,
	                                  ML_JUDGE_NO_SUGGESTION, &j),
	                 ML_VERDICT_MALFORMED);
	ck_assert_str_eq(j.suggestion, "");
	J("(S//NOFRN)");
	ck_assert_str_eq(S_j.notes[0].msg, "'NOFRN' is not a marking in the "
	                 "register: did you mean NOFORN?");
	ck_assert_str_eq(S_j.notes[0].rule, "MARKING-MALFORMED");
	ck_assert(S_j.confidence > 0.8 && S_j.confidence <= 0.85);
	J("(S//NOFORN)");
	ck_assert_str_eq(S_j.notes[0].rule, "MARKING-NONSTANDARD");
	ck_assert_str_eq(S_j.notes[0].msg, "'NOFORN' is the banner form: a "
	                 "portion mark writes NF");
	ck_assert(S_j.confidence >= 0.9);
	J("UNCLASSIFIED//SI");
	ck_assert_str_eq(S_j.notes[0].msg, "SI may only be used with TOP "
	                 "SECRET, SECRET or CONFIDENTIAL");
	ck_assert(S_j.confidence < 0.5);
	ck_assert_str_eq(ml_marking_verdict_name(ML_VERDICT_NONSTANDARD),
	                 "nonstandard");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Parsed fields                                                       */

START_TEST(fields_portion)
{
	ml_marking m;
	char buf[1024];
	ml_buf b;

	parse_portion("(TS//SI-G ABCD/TK//SAR-BP//RD-CNWDI//OC/NF)", &m);
	ck_assert_int_eq(m.level, ML_CLASS_TS);
	ck_assert_int_eq(m.owner, ML_OWNER_US);
	ck_assert_uint_eq(m.sci.n, 2);
	ck_assert_str_eq(m.sci.v[0], "SI-G ABCD");
	ck_assert_str_eq(m.sci.v[1], "TK");
	ck_assert_uint_eq(m.sap.n, 1);
	ck_assert_str_eq(m.sap.v[0], "SAR-BP");
	ck_assert_uint_eq(m.aea.n, 1);
	ck_assert_str_eq(m.aea.v[0], "RD-CNWDI");
	ck_assert_uint_eq(m.ctl.n, 2);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_NOFORN);
	ml_buf_init(&b, 1024);
	ml_marking_controls_text(&m, ML_MARKING_BANNER, &b);
	ck_assert_str_eq(b.ptr, "ORCON, NOFORN");
	ml_buf_free(&b);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "TOP SECRET//SI-G ABCD/TK//SAR-BP//RD-CNWDI//"
	                 "ORCON/NOFORN");
	parse_portion("(TS//RD-CNWDI-SG 14 20//NF)", &m);
	ck_assert_str_eq(m.aea.v[0], "RD-CNWDI-SG 14 20");
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "TOP SECRET//RD-CNWDI-SIGMA 14 20//NOFORN");
	parse_portion("(S//REL TO USA, NATO, GBR, AUS)", &m);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_RELTO);
	ck_assert_uint_eq(m.relto.n, 4);
	ck_assert_str_eq(m.relto.v[1], "NATO");
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf),
	                 "(S//REL TO USA, AUS, GBR, NATO)");
}
END_TEST

START_TEST(fields_foreign_joint_nato)
{
	ml_marking m;
	char buf[1024];

	parse_portion("(//GBR S)", &m);
	ck_assert_int_eq(m.owner, ML_OWNER_FOREIGN);
	ck_assert_int_eq(m.level, ML_CLASS_S);
	ck_assert_str_eq(m.owners.v[0], "GBR");
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf), "//GBR SECRET");
	parse_portion("(//FGI S//NF)", &m);
	ck_assert_int_eq(m.owner, ML_OWNER_FOREIGN);
	ck_assert_uint_eq(m.owners.n, 0);
	parse_portion("(//JOINT S GBR USA//REL TO USA, GBR)", &m);
	ck_assert_int_eq(m.owner, ML_OWNER_JOINT);
	ck_assert_uint_eq(m.owners.n, 2);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "//JOINT SECRET GBR USA//REL TO USA, GBR");
	parse_portion("(//NS//ATOMAL//OC)", &m);
	ck_assert_str_eq(m.owners.v[0], "NATO");
	ck_assert_int_eq(m.level, ML_CLASS_S);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "//NATO SECRET//ATOMAL//ORCON");
	parse_portion("(//NIS//REL TO USA, ISAF, NATO)", &m);
	ck_assert_str_eq(m.nac, "ISAF");
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "//NATO ISAF SECRET//REL TO USA, ISAF, NATO");
	parse_portion("(//DEU R//REL TO USA, DEU)", &m);
	ck_assert_int_eq(m.level, ML_CLASS_R);
	CASES({"(//NATO SECRET)", ML_VERDICT_MALFORMED, "(//NS)", "class-form"},
	      {"(//GBR SECRET)", ML_VERDICT_MALFORMED, "(//GBR S)",
	       "class-form"},
	      {"(//JOINT R GBR USA//REL TO USA, GBR)", ML_VERDICT_MALFORMED,
	       NULL, "floor"},
	      {"(//JOINT S CAN GBR//REL TO USA, CAN, GBR)",
	       ML_VERDICT_MALFORMED, "(//JOINT S CAN GBR USA//REL TO USA, CAN, "
	       "GBR)", "joint-usa"});
}
END_TEST

START_TEST(fields_cui)
{
	ml_marking m;
	char buf[1024];

	parse_portion("(CUI//SP-CTI/SP-EXPT//FEDCON/NF)", &m);
	ck_assert_int_eq(m.level, ML_CLASS_CUI);
	ck_assert_uint_eq(m.cui.n, 2);
	ck_assert_str_eq(m.cui.v[0], "SP-CTI");
	ck_assert_uint_eq(m.dissem, ML_DISSEM_NOFORN);
	ck_assert_uint_eq(m.ctl.n, 2);
	/* PROPIN is a CUI category inside a CUI marking */
	parse_portion("(CUI//PROPIN)", &m);
	ck_assert_uint_eq(m.cui.n, 1);
	ck_assert_str_eq(m.cui.v[0], "PROPIN");
	ck_assert_uint_eq(m.ctl.n, 0);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf), "CUI//PROPIN");
	/* CUI with a classification (CUI handbook p. 35-40) */
	parse_portion("(S//CUI//SP-EXPT//NF)", &m);
	ck_assert_int_eq(m.level, ML_CLASS_S);
	ck_assert(m.cui_marking);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "SECRET//CUI//SP-EXPT//NOFORN");
	CASES({"CONTROLLED", ML_VERDICT_VALID, NULL, NULL},
	      {"CONTROLLED//SP-EXPT//NOFORN", ML_VERDICT_VALID, NULL, NULL},
	      {"(CONTROLLED)", ML_VERDICT_MALFORMED, "(CUI)", "class-form"},
	      {"CUI//FED ONLY/DL ONLY", ML_VERDICT_NONSTANDARD,
	       "CUI//DL ONLY/FED ONLY", "order"},
	      {"(CUI//SP-EXPT/CTI)", ML_VERDICT_VALID, NULL, NULL},
	      {"(CUI//CTI/SP-EXPT)", ML_VERDICT_NONSTANDARD,
	       "(CUI//SP-EXPT/CTI)", "order"},
	      {"CONTROLLED//DRAFT", ML_VERDICT_MALFORMED, "CONTROLLED",
	       "not-a-marking"},
	      {"(CUI//OC)", ML_VERDICT_MALFORMED, "(CUI)", "context"},
	      {"(S//FEDCON)", ML_VERDICT_MALFORMED, "(S)", "context"},
	      {"(CUI//FOUO)", ML_VERDICT_MALFORMED, "(CUI)", "context"});
}
END_TEST

START_TEST(fields_add_control)
{
	ml_marking m;
	char buf[1024];

	ml_marking_init(&m);
	m.level = ML_CLASS_S;
	ck_assert_int_eq(ml_marking_add_control(&m, "OC"), 0);
	ck_assert_int_eq(ml_marking_add_control(&m, "NF"), 0);
	ck_assert_int_eq(ml_marking_add_control(&m, "NOFORN"), 0);
	ck_assert_int_eq(ml_marking_add_control(&m, "XYZZY"), -1);
	ck_assert_uint_eq(m.ctl.n, 2);
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf), "(S//OC/NF)");
	ml_marking_init(&m);
	m.level = ML_CLASS_S;
	ck_assert_int_eq(ml_marking_add_control(&m, "DISPLAYONLY"), 0);
	ck_assert_int_eq(ml_marking_countries_add(&m.display, "AFG"), 0);
	ck_assert_int_eq(ml_marking_add_control(&m, "REL"), 0);
	ck_assert_int_eq(ml_marking_countries_add(&m.relto, "USA"), 0);
	ck_assert_int_eq(ml_marking_countries_add(&m.relto, "GBR"), 0);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "SECRET//REL TO USA, GBR/DISPLAY ONLY AFG");
	ck_assert_uint_eq(ml_marking_check(&m, NULL, 0), 0);
}
END_TEST

/* A suggestion built in code (check's remove-NOFORN remedy): the role
 * bits rule what is written. */
START_TEST(fields_roles)
{
	ml_marking m, c;
	char buf[1024];
	ml_marking_note notes[8];

	parse_portion("(U//SBU-NF)", &m);
	ck_assert(m.dissem & ML_DISSEM_SBU_NF);
	m.dissem &= ~(uint32_t)(ML_DISSEM_NOFORN | ML_DISSEM_SBU_NF);
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf), "(U//SBU)");
	parse_portion("(S//NF)", &m);
	m.dissem &= ~(uint32_t)ML_DISSEM_NOFORN;
	m.dissem |= ML_DISSEM_RELTO;
	ml_marking_countries_add(&m.relto, "USA");
	ml_marking_countries_add(&m.relto, "FVEY");
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf),
	                 "(S//REL TO USA, FVEY)");
	ck_assert_uint_eq(ml_marking_check(&m, notes, 8), 0);
	/* a value that breaks a rule, corrected */
	parse_portion("(S//NF//XD)", &m);
	m.dissem &= ~(uint32_t)ML_DISSEM_NOFORN;
	ck_assert_uint_eq(ml_marking_check(&m, notes, 8), 1);
	ck_assert_str_eq(notes[0].id, "requires");
	ck_assert(ml_marking_correct(&m, &c) > 0);
	ck_assert_str_eq(fmt(&c, ML_MARKING_PORTION, buf), "(S//NF//XD)");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Detection heuristics                                                */

START_TEST(detect_portion)
{
	static const char *const none[] = {
	    "(a) The contractor shall", "(1) Scope", "(see below)",
	    "(U.S.) persons", "(FY2025) budget", "(A) General",
	    "(iv) the following", "(c) Copyright", "(and/or)", "(N/A)",
	    "(S/N 12345) serial", "(C/O) Acme Corp",
	    "(better known as NOFORN)", "The (S//NF) in the middle",
	    "(S//NF without a closing parenthesis", "", "()", "(I/O) ports",
	    "(PR) public relations", "(DS) data set", "(OC) officer",
	    "(R) registered", "(EU) members", "(TK) tool kit",
	};
	static const char *const found[] = {
	    "(U) Unclassified paragraph.", "(C)", "(CUI)", "(TS)",
	    "(S//REL TO USA, GBR) text", "(S/NF) State form", "(SBU) text",
	    "(s//nf) lower case", "(S // NF) spaced", "(S//NOFORN) text",
	    "(S///SI)",
	};
	static const char *const bad[] = {
	    "(S//NOFRN) text", "(NOFORN)", "(NF) text",
	    "(S//XYZZY//NF)", "(TOP SECRET//NOFRN)",
	};
	ml_marking m;
	ml_marking_error e;
	size_t i;

	for (i = 0; i < sizeof none / sizeof none[0]; i++)
		ck_assert_msg(detect(none[i], &m, &e) == ML_MARKING_NONE, "'%s'",
		              none[i]);
	for (i = 0; i < sizeof found / sizeof found[0]; i++)
		ck_assert_msg(detect(found[i], &m, &e) == ML_MARKING_FOUND,
		              "'%s'", found[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(detect(bad[i], &m, &e) == ML_MARKING_MALFORMED,
		              "'%s'", bad[i]);
	ck_assert_int_eq(detect("   (S // NF)  Text", &m, &e),
	                 ML_MARKING_FOUND);
	ck_assert_uint_eq(m.off, 3);
	ck_assert_uint_eq(m.len, 9);
	ck_assert_int_eq(detect("(S//NOFRN) x", &m, &e), ML_MARKING_MALFORMED);
	ck_assert_uint_eq(e.off, 0);
	ck_assert_uint_eq(e.len, 10);
	ck_assert_str_eq(e.msg, "'NOFRN' is not a marking in the register");
}
END_TEST

START_TEST(detect_banner_lines)
{
	static const char *const none[] = {
	    "S", "C", "INTRODUCTION", "SECRET SAUCE", "Secret", "",
	    "   ", "SECTION 3.1", "The system is SECRET//NOFORN.", "///",
	    "//", "-----", "2024-01-31", "/usr/local/bin", "http://x.example",
	    "a//b", "Date: 2016/12/31", "ABC//DEF",
	};
	ml_marking m;
	ml_marking_error e;
	size_t i;
	const char *t;

	for (i = 0; i < sizeof none / sizeof none[0]; i++)
		ck_assert_msg(detect_banner(none[i], 0) == ML_MARKING_NONE, "'%s'",
		              none[i]);
	ck_assert_int_eq(detect_banner("SECRET//NOFORN", 0), ML_MARKING_FOUND);
	ck_assert_int_eq(detect_banner("UNCLASSIFIED", 0), ML_MARKING_FOUND);
	ck_assert_int_eq(detect_banner("SECRET NOFORN", 0), ML_MARKING_FOUND);
	ck_assert_int_eq(detect_banner("S E C R E T", 0), ML_MARKING_FOUND);
	ck_assert_int_eq(detect_banner("TOP SECRET//SCI//NOFORN", 0),
	                 ML_MARKING_MALFORMED);
	ck_assert_int_eq(detect_banner("SECRET//NOFRN", 0),
	                 ML_MARKING_MALFORMED);
	t = "Secret//Noforn";
	ck_assert_int_eq(ml_marking_parse_banner(t, strlen(t),
	                                         ML_MARKING_ICASE, &m, &e),
	                 ML_MARKING_FOUND);
	ck_assert_int_eq(m.level, ML_CLASS_S);
	ck_assert_int_eq(detect_banner("top secret", ML_MARKING_ICASE),
	                 ML_MARKING_FOUND);
	ck_assert_int_eq(ml_marking_parse_banner("  SECRET//NOFORN ", 17, 0, &m,
	                                         &e),
	                 ML_MARKING_FOUND);
	ck_assert_uint_eq(m.off, 2);
	ck_assert_uint_eq(m.len, 14);
}
END_TEST

START_TEST(grammar_parse_direct)
{
	ml_marking m;
	ml_marking_error e;

	ck_assert_int_eq(ml_marking_parse("(S//NF)", 7, ML_MARKING_PORTION, 0,
	                                  &m, NULL), 0);
	ck_assert_int_eq(ml_marking_parse("()", 2, ML_MARKING_PORTION, 0, &m,
	                                  &e), -1);
	ck_assert_int_eq(ml_marking_parse("SECRET//NOFORN.", 15,
	                                  ML_MARKING_BANNER, 0, &m, &e), -1);
	ck_assert_str_eq(e.msg, "unexpected character '.' in a marking");
	ck_assert_int_eq(ml_marking_parse("(//JOINT)", 9, ML_MARKING_PORTION, 0,
	                                  &m, &e), -1);
	ck_assert_int_eq(ml_marking_parse("(S//REL TO USA, G8R)", 20,
	                                  ML_MARKING_PORTION, 0, &m, &e), -1);
	ck_assert_str_eq(e.msg, "'G8R' in REL TO is not a country trigraph or "
	                 "tetragraph");
	ck_assert_str_eq(ml_marking_class_name(ML_CLASS_TS, ML_MARKING_BANNER),
	                 "TOP SECRET");
	ck_assert_str_eq(ml_marking_class_name(ML_CLASS_C, ML_MARKING_PORTION),
	                 "C");
	ck_assert_str_eq(ml_marking_class_name(ML_CLASS_NONE,
	                                       ML_MARKING_PORTION), "");
	ck_assert_int_eq(ml_marking_tetragraph_known("FVEY"), 1);
	ck_assert_int_eq(ml_marking_tetragraph_known("ABCD"), 0);
	ck_assert_int_eq(ml_marking_trigraph_known("GBR"), 1);
	ck_assert_int_eq(ml_marking_trigraph_known("XKS"), 1);
	ck_assert_int_eq(ml_marking_trigraph_known("XXX"), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Country lists                                                       */

START_TEST(countries_sort)
{
	ml_marking_countries c;
	const char *in[] = {"NATO", "GBR", "FVEY", "USA", "AUS", "GBR", "CAN"};
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		ck_assert_int_eq(ml_marking_countries_add(&c, in[i]), 0);
	ck_assert_uint_eq(c.n, 6);
	ml_marking_countries_sort(&c);
	ck_assert_str_eq(c.v[0], "USA");
	ck_assert_str_eq(c.v[1], "AUS");
	ck_assert_str_eq(c.v[4], "FVEY");
	ck_assert_str_eq(c.v[5], "NATO");
	ck_assert_int_eq(ml_marking_countries_add(&c, "AUKUS"), -1);
	ck_assert_int_eq(ml_marking_countries_add(&c, "gbr"), -1);
	ck_assert_int_lt(ml_marking_country_cmp("ZWE", "ACGU"), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Roll-up (register D.2, table 3, and the notional pages)            */

START_TEST(rollup_basic)
{
	char b[1024];
	ml_marking out;

	ck_assert_str_eq(ROLLUP(b, "(S//NF)", "(C)", "(U)"), "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(U)", "(U)"), "UNCLASSIFIED");
	ck_assert_str_eq(ROLLUP(b, "(C)", "(TS)", "(S)"), "TOP SECRET");
	ck_assert_str_eq(ROLLUP(b, "(TS//SI//NF)", "(S//TK//NF)",
	                        "(TS//HCS-P//OC/NF)"),
	                 "TOP SECRET//HCS-P/SI/TK//ORCON/NOFORN");
	/* p. 73, p. 90: compartments merged per control system */
	ck_assert_str_eq(ROLLUP(b, "(TS//RSV-ABC//NF)", "(TS//RSV-123//NF)"),
	                 "TOP SECRET//RSV-123-ABC//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(TS//TK-BLFH ABCD//NF)", "(TS//TK-IDIT//NF)"),
	                 "TOP SECRET//TK-BLFH ABCD-IDIT//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//SAR-BP//NF)", "(S//RD)"),
	                 "SECRET//SAR-BP//RD//NOFORN");
	/* p. 108: RD over FRD, SIGMA numbers together */
	ck_assert_str_eq(ROLLUP(b, "(S//RD-SG 20//NF)", "(S//FRD-SG 14//NF)"),
	                 "SECRET//RD-SIGMA 14 20//NOFORN");
	/* p. 137, p. 141: ORCON over ORCON-USGOV */
	ck_assert_str_eq(ROLLUP(b, "(TS//OC-USGOV/NF)", "(S//OC/NF)"),
	                 "TOP SECRET//ORCON/NOFORN");
	ck_assert_int_eq(ml_marking_rollup(NULL, 0, &out), -1);
}
END_TEST

START_TEST(rollup_fdr)
{
	char b[1024];

	/* table 3 rules 1, 2, 9, 12, 16, 21, 23 */
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR)", "(S//NF)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR)",
	                        "(C//REL TO USA, AUS, GBR)"),
	                 "SECRET//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR)", "(S//REL TO USA, AUS)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR)", "(C)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, FVEY)", "(S//REL TO USA, GBR)"),
	                 "SECRET//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, FVEY)",
	                        "(S//REL TO USA, FVEY)", "(U)"),
	                 "SECRET//REL TO USA, FVEY");
	/* NATO is not expanded (rule 23 names TEYE, ACGU and FVEY) */
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, NATO)",
	                        "(S//REL TO USA, DEU, FVEY)"),
	                 "SECRET//NOFORN");
	/* RELIDO (rules 10, 17, 24; p. 155-156) */
	ck_assert_str_eq(ROLLUP(b, "(S//RELIDO)", "(S//REL TO USA, AUS, CAN/RELIDO)"),
	                 "SECRET//RELIDO");
	ck_assert_str_eq(ROLLUP(b, "(S//RELIDO)", "(S//REL TO USA, AUS, CAN)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR/RELIDO)",
	                        "(S//REL TO USA, GBR/RELIDO)"),
	                 "SECRET//REL TO USA, GBR/RELIDO");
	/* DISPLAY ONLY (rules 20, 25, 26, 27; p. 165-168) */
	ck_assert_str_eq(ROLLUP(b, "(S//DISPLAY ONLY AFG)",
	                        "(S//DISPLAY ONLY AFG, IRQ)"),
	                 "SECRET//DISPLAY ONLY AFG");
	ck_assert_str_eq(ROLLUP(b, "(S//DISPLAY ONLY AFG)", "(S//DISPLAY ONLY IRQ)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, IRQ)", "(S//DISPLAY ONLY IRQ)"),
	                 "SECRET//DISPLAY ONLY IRQ");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, IRQ/DISPLAY ONLY AFG)",
	                        "(S//REL TO USA, IRQ/DISPLAY ONLY AFG)"),
	                 "SECRET//REL TO USA, IRQ/DISPLAY ONLY AFG");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, AFG/DISPLAY ONLY IRQ)",
	                        "(S//REL TO USA, GBR/DISPLAY ONLY PAK)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//DISPLAY ONLY IRQ)", "(S//RELIDO)"),
	                 "SECRET//NOFORN");
	/* EYES ONLY (rules 13, 22) */
	ck_assert_str_eq(ROLLUP(b, "(S//USA/GBR EYES ONLY)",
	                        "(S//USA/AUS/GBR EYES ONLY)"),
	                 "SECRET//USA/GBR EYES ONLY");
	ck_assert_str_eq(ROLLUP(b, "(S//USA/GBR EYES ONLY)",
	                        "(S//REL TO USA, GBR)"),
	                 "SECRET//REL TO USA, GBR");
	/* unclassified portions without controls do not count (p. 51) */
	ck_assert_str_eq(ROLLUP(b, "(U)", "(U//REL TO USA, FVEY)"),
	                 "UNCLASSIFIED//REL TO USA, FVEY");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, JPN)",
	                        "(U//FOUO/REL TO USA, JPN)"),
	                 "SECRET//REL TO USA, JPN");
}
END_TEST

START_TEST(rollup_controls)
{
	char b[1024];

	/* FOUO (p. 134) */
	ck_assert_str_eq(ROLLUP(b, "(U//FOUO)", "(U)"), "UNCLASSIFIED//FOUO");
	ck_assert_str_eq(ROLLUP(b, "(U//FOUO)", "(S//NF)"), "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(U//FOUO)", "(U//LES)"), "UNCLASSIFIED//LES");
	ck_assert_str_eq(ROLLUP(b, "(U//FOUO/NF)", "(U)"),
	                 "UNCLASSIFIED//FOUO/NOFORN");
	/* SBU NOFORN and LES NOFORN (p. 178-188) */
	ck_assert_str_eq(ROLLUP(b, "(U//SBU-NF)", "(U//FOUO)"),
	                 "UNCLASSIFIED//SBU NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(U//SBU-NF)", "(U//REL TO USA, FVEY)"),
	                 "UNCLASSIFIED//NOFORN//SBU");
	ck_assert_str_eq(ROLLUP(b, "(U//SBU-NF)", "(S//REL TO USA, AUS)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, FVEY)", "(U//LES-NF)"),
	                 "SECRET//NOFORN//LES");
	ck_assert_str_eq(ROLLUP(b, "(U//LES-NF)", "(U)"),
	                 "UNCLASSIFIED//LES NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(U//DS)", "(S//NF)"), "SECRET//NOFORN");
	/* DOD UCNI in a classified document: NOFORN (p. 116) */
	ck_assert_str_eq(ROLLUP(b, "(U//DCNI)", "(S//REL TO USA, GBR)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(U//DCNI)", "(U)"), "UNCLASSIFIED//DOD UCNI");
	/* NODIS over EXDIS (p. 173) */
	ck_assert_str_eq(ROLLUP(b, "(S//NF//XD)", "(S//NF//ND)"),
	                 "SECRET//NOFORN//NODIS");
	/* CUI */
	ck_assert_str_eq(ROLLUP(b, "(CUI//SP-EXPT//NF)", "(U)",
	                        "(CUI//PRVCY//FEDCON)"),
	                 "CUI//SP-EXPT/PRVCY//FEDCON/NOFORN");
	/* a CUI portion without a dissemination control does not count for
	 * foreign release, as an unclassified one (p. 51) */
	ck_assert_str_eq(ROLLUP(b, "(CUI//SP-EXPT)", "(S//REL TO USA, GBR)"),
	                 "SECRET//CUI//SP-EXPT//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(CUI//SP-EXPT//NF)", "(S//REL TO USA, GBR)"),
	                 "SECRET//CUI//SP-EXPT//NOFORN");
}
END_TEST

START_TEST(rollup_foreign)
{
	char b[1024];

	ck_assert_str_eq(ROLLUP(b, "(//GBR S)", "(U)"), "SECRET//FGI GBR");
	ck_assert_str_eq(ROLLUP(b, "(//GBR S//REL TO USA, GBR)",
	                        "(//GBR C//REL TO USA, GBR)"),
	                 "//GBR SECRET//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(//DEU R)", "(U)"), "CONFIDENTIAL//FGI DEU");
	/* p. 128: concealed and acknowledged sources give bare FGI */
	ck_assert_str_eq(ROLLUP(b, "(S//RELIDO)", "(//DEU S//NF)",
	                        "(//DEU C//REL TO USA, CAN, DEU)", "(//FGI S//NF)"),
	                 "SECRET//FGI//NOFORN");
	/* p. 126 and p. 130 */
	ck_assert_str_eq(ROLLUP(b, "(TS//REL TO USA, CAN, DEU)",
	                        "(TS//FGI DEU//REL TO USA, CAN, DEU)",
	                        "(//CAN S//REL TO USA, CAN, DEU)"),
	                 "TOP SECRET//FGI CAN DEU//REL TO USA, CAN, DEU");
	ck_assert_str_eq(ROLLUP(b, "(S//FGI CAN//REL TO USA, CAN, GBR)",
	                        "(//GBR S//REL TO USA, CAN, GBR)"),
	                 "SECRET//FGI CAN GBR//REL TO USA, CAN, GBR");
	/* p. 127: NATO's BOHEMIA in the SAP category */
	ck_assert_str_eq(ROLLUP(b, "(TS//RELIDO)", "(//CAN DEU S//REL TO USA, "
	                        "CAN, DEU)", "(//AUS S//REL TO USA, AUS)",
	                        "(//CTS//BOHEMIA//REL TO USA, NATO)"),
	                 "TOP SECRET//BOHEMIA//FGI AUS CAN DEU NATO//NOFORN");
	/* p. 58: JOINT */
	ck_assert_str_eq(ROLLUP(b, "(//JOINT S CAN GBR USA//REL TO USA, CAN, GBR)",
	                        "(//JOINT S CAN GBR USA//REL TO USA, FVEY)"),
	                 "//JOINT SECRET CAN GBR USA//REL TO USA, CAN, GBR");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Formatting                                                          */

START_TEST(format_forms)
{
	ml_marking_judgement *j;
	ml_buf b;

	j = J("TOP SECRET//SI-GAMMA/TALENT KEYHOLE//RISK SENSITIVE/"
	      "ORIGINATOR CONTROLLED/NOFORN");
	ck_assert_int_eq(j->verdict, ML_VERDICT_VALID);
	ml_buf_init(&b, 1024);
	ck_assert_int_eq(ml_marking_format(&j->m, ML_MARKING_BANNER, &b), 0);
	ck_assert_str_eq(b.ptr, "TOP SECRET//SI-G/TK//RSEN/ORCON/NOFORN");
	ml_buf_clear(&b);
	ck_assert_int_eq(ml_marking_format(&j->m, ML_MARKING_PORTION, &b), 0);
	ck_assert_str_eq(b.ptr, "(TS//SI-G/TK//RS/OC/NF)");
	ml_buf_free(&b);
	ml_buf_init(&b, 5);
	ck_assert_int_eq(ml_marking_format(&j->m, ML_MARKING_BANNER, &b), -1);
	ml_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hostile input                                                       */

static char *many(size_t n, const char *head, const char *rep,
                  const char *tail)
{
	size_t hl = strlen(head), rl = strlen(rep), tl = strlen(tail), i;
	char *s = malloc(hl + n * rl + tl + 1), *p = s;

	memcpy(p, head, hl);
	p += hl;
	for (i = 0; i < n; i++, p += rl)
		memcpy(p, rep, rl);
	memcpy(p, tail, tl + 1);
	return s;
}

START_TEST(hostile_input)
{
	ml_marking m;
	ml_marking_error e;
	ml_marking_judgement *j;
	char *s;
	clock_t t0 = clock();

	s = many(100000, "(S", "//NF", ") text");
	ck_assert_int_eq(detect(s, &m, &e), ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "marking is too long (at most 4096 bytes)");
	ck_assert_uint_eq(e.len, strlen(s) - 5);
	j = J(s);
	ck_assert_int_eq(j->verdict, ML_VERDICT_MALFORMED);
	free(s);
	s = many(100000, "SECRET", "//NOFORN", "");
	ck_assert_int_eq(detect_banner(s, 0), ML_MARKING_NONE);
	free(s);
	s = many(900, "(S", "//NF", ")");
	j = J(s);
	ck_assert_int_eq(j->verdict, ML_VERDICT_MALFORMED);
	ck_assert_str_eq(j->notes[0].msg, "too many items in one marking");
	free(s);
	s = many(100, "(S//REL TO USA", ", GBR", ")");
	ck_assert_int_eq(detect(s, &m, &e), ML_MARKING_MALFORMED);
	free(s);
	s = many(30, "(TS//SI-G", " ABCD", "//OC)");
	ck_assert_int_eq(detect(s, &m, &e), ML_MARKING_MALFORMED);
	free(s);
	s = many(1000, "(S//", "XQ/", "NF)");
	j = J(s);
	ck_assert_int_eq(j->verdict, ML_VERDICT_MALFORMED);
	free(s);
	s = many(200000, "(", "S", "");
	ck_assert_int_eq(detect(s, &m, &e), ML_MARKING_NONE);
	free(s);
	ck_assert_msg((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0,
	              "hostile input took too long");
}
END_TEST

static Suite *marking_suite(void)
{
	Suite *s = suite_create("marking");
	TCase *tc = tcase_create("marking");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, spec_examples);
	tcase_add_test(tc, rules_levels);
	tcase_add_test(tc, rules_companions);
	tcase_add_test(tc, rules_exclusions);
	tcase_add_test(tc, rules_redundant_and_lists);
	tcase_add_test(tc, corrections_mangled);
	tcase_add_test(tc, corrections_words);
	tcase_add_test(tc, verdict_none);
	tcase_add_test(tc, judge_fields);
	tcase_add_test(tc, fields_portion);
	tcase_add_test(tc, fields_foreign_joint_nato);
	tcase_add_test(tc, fields_cui);
	tcase_add_test(tc, fields_add_control);
	tcase_add_test(tc, fields_roles);
	tcase_add_test(tc, detect_portion);
	tcase_add_test(tc, detect_banner_lines);
	tcase_add_test(tc, grammar_parse_direct);
	tcase_add_test(tc, countries_sort);
	tcase_add_test(tc, rollup_basic);
	tcase_add_test(tc, rollup_fdr);
	tcase_add_test(tc, rollup_controls);
	tcase_add_test(tc, rollup_foreign);
	tcase_add_test(tc, format_forms);
	tcase_add_test(tc, hostile_input);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(marking_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
