/* check_pmark.c - unit tests of the portion-mark recogniser (ml_pmark.c):
 * marks after numbering and list markers in every form MARKINGS.md 3.1.1
 * names, the agency forms, the things that look like marks and are not,
 * list items, banner and caveat lines, and hostile input (bounded). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ml_pmark.h"

/* text begins with mark (after numbering num, "" for none). */
static void mark_is(const char *text, const char *num, const char *mark,
                    unsigned says)
{
	ml_pmark pm;
	int found = ml_pmark_scan(text, strlen(text), &pm);

	ck_assert_msg(found, "'%s': no mark found", text);
	ck_assert_msg(strlen(mark) == pm.len &&
	              memcmp(text + pm.off, mark, pm.len) == 0,
	              "'%s': mark '%.*s', expected '%s'", text, (int)pm.len,
	              text + pm.off, mark);
	ck_assert_msg(strlen(num) == pm.num_len &&
	              memcmp(text + pm.num_off, num, pm.num_len) == 0,
	              "'%s': number '%.*s', expected '%s'", text,
	              (int)pm.num_len, text + pm.num_off, num);
	ck_assert_msg(pm.says == says, "'%s': says %u, expected %u", text,
	              pm.says, says);
}

static void no_mark(const char *text)
{
	ml_pmark pm;

	ck_assert_msg(!ml_pmark_scan(text, strlen(text), &pm),
	              "'%s': read '%.*s' as a mark", text, (int)pm.len,
	              text + pm.off);
}

static void number_is(const char *text, const char *num)
{
	ml_pmark pm;

	ml_pmark_scan(text, strlen(text), &pm);
	ck_assert_msg(strlen(num) == pm.num_len &&
	              memcmp(text + pm.num_off, num, pm.num_len) == 0,
	              "'%s': number '%.*s', expected '%s'", text,
	              (int)pm.num_len, text + pm.num_off, num);
}

START_TEST(register_forms)
{
	mark_is("(S//NF) The seeker.", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("(TS//SI//NF) x", "", "(TS//SI//NF)", ML_PMARK_NOFORN);
	mark_is("(C//NF) x", "", "(C//NF)", ML_PMARK_NOFORN);
	mark_is("(S//OC/NF) x", "", "(S//OC/NF)", ML_PMARK_NOFORN);
	mark_is("(CUI//NF) x", "", "(CUI//NF)", ML_PMARK_NOFORN);
	mark_is("(CUI//SP-EXPT//NF) x", "", "(CUI//SP-EXPT//NF)",
	        ML_PMARK_NOFORN);
	mark_is("(U) Title", "", "(U)", 0);
	mark_is("(U//FOUO) x", "", "(U//FOUO)", 0);
	mark_is("(S//REL TO USA, FVEY) x", "", "(S//REL TO USA, FVEY)", 0);
	mark_is("(//NS) x", "", "(//NS)", 0);
	mark_is("(TS//SI-G ABCD//OC/NF) x", "", "(TS//SI-G ABCD//OC/NF)",
	        ML_PMARK_NOFORN);
	mark_is("(U//SBU-NF) x", "", "(U//SBU-NF)", ML_PMARK_NOFORN);
	mark_is("(S)", "", "(S)", 0);
}
END_TEST

START_TEST(agency_forms)
{
	mark_is("(S/NF) x", "", "(S/NF)", ML_PMARK_NOFORN);
	mark_is("(C/NOFORN) x", "", "(C/NOFORN)", ML_PMARK_NOFORN);
	mark_is("(SBU/NF) x", "", "(SBU/NF)", ML_PMARK_NOFORN);
	mark_is("(SBU-NF) x", "", "(SBU-NF)", ML_PMARK_NOFORN);
	mark_is("(S//NOFORN) x", "", "(S//NOFORN)", ML_PMARK_NOFORN);
	mark_is("(S NF) x", "", "(S NF)", ML_PMARK_NOFORN);
	mark_is("(S-NF) x", "", "(S-NF)", ML_PMARK_NOFORN);
	no_mark("(U-2) x");
	no_mark("(C-130) x");
	mark_is("(SBU) x", "", "(SBU)", 0);
	mark_is("(S//REL) x", "", "(S//REL)", 0);
	mark_is("(SECRET//NF) x", "", "(SECRET//NF)", ML_PMARK_NOFORN);
	mark_is("(s//nf) x", "", "(s//nf)", ML_PMARK_NOFORN);
	mark_is("(NF) x", "", "(NF)", ML_PMARK_NOFORN);
	mark_is("(S // NF) x", "", "(S // NF)", ML_PMARK_NOFORN);
}
END_TEST

START_TEST(after_numbering)
{
	mark_is("1. (S//NF) The seeker", "1.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("1.2.3 (S//NF) x", "1.2.3", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("1.2.3. (S//NF) x", "1.2.3.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("a. (S//NF) x", "a.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("A. (U) Introduction", "A.", "(U)", 0);
	mark_is("(1) (C//NF) x", "(1)", "(C//NF)", ML_PMARK_NOFORN);
	mark_is("(a) (C//NF) x", "(a)", "(C//NF)", ML_PMARK_NOFORN);
	mark_is("(iv) (U) x", "(iv)", "(U)", 0);
	mark_is("\xC2\xB6" "3. (C/NF) The Minister", "\xC2\xB6" "3.",
	        "(C/NF)", ML_PMARK_NOFORN);
	mark_is("\xC2\xB6 3 (C) x", "\xC2\xB6 3", "(C)", 0);
	mark_is("Para 1. (S//NF) x", "Para 1.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("PARA 12 (S) x", "PARA 12", "(S)", 0);
	mark_is("C.3 (S//NF) x", "C.3", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("1.a. (S//NF) x", "1.a.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("3) (S//NF) x", "3)", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("1.(S//NF) x", "1.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("   2. (SBU) x", "2.", "(SBU)", 0);
	mark_is("(U) 1. PURPOSE", "1.", "(U)", 0);
	mark_is("SUBJECT: (C) Talks", "", "(C)", 0);
	mark_is("Sec. 4 (S//NF) x", "Sec. 4", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("Article 3 (C) x", "Article 3", "(C)", 0);
	mark_is("1-1. (S//NF) x", "1-1.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("2-14. (U) x", "2-14.", "(U)", 0);
	mark_is("C3.2.4.8.2. (U) x", "C3.2.4.8.2.", "(U)", 0);
	mark_is("AP1.1. (C//NF) x", "AP1.1.", "(C//NF)", ML_PMARK_NOFORN);
	mark_is("NOTE: (U) x", "", "(U)", 0);
	/* captions and reference numbers: not a section number */
	mark_is("Figure 3: (U) Required Elements", "", "(U)", 0);
	mark_is("Table 2. (S//NF) x", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("Step 3: (S//NF) x", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("Appendix A (U) x", "", "(U)", 0);
	mark_is("[1] (S//NF) x", "", "(S//NF)", ML_PMARK_NOFORN);
}
END_TEST

START_TEST(after_markers)
{
	mark_is("- (S//NF) x", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("* (S//NF) x", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("-- (C) x", "", "(C)", 0);
	mark_is("\xE2\x80\xA2 (S//NF) x", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("\xEF\x82\xB7 (U) x", "", "(U)", 0);
	mark_is("# (U) Background", "", "(U)", 0);
	mark_is("## 2. (S//NF) Threat", "2.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("> (S//NF) quoted", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("**(S//NF)** x", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("- **(S//NF)** x", "", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("**1. (S//NF)** x", "1.", "(S//NF)", ML_PMARK_NOFORN);
	mark_is("_(U)_ x", "", "(U)", 0);
	mark_is("1. a. (1) (S//NF) x", "1.", "(S//NF)", ML_PMARK_NOFORN);
}
END_TEST

START_TEST(not_marks)
{
	no_mark("(a) the offeror");
	no_mark("(1) Scope");
	no_mark("(U.S.) persons");
	no_mark("(see below) x");
	no_mark("(and/or) x");
	no_mark("(c) copyright");
	no_mark("(C/O) x");
	no_mark("(S/N 1234) x");
	no_mark("(S)he said");
	no_mark("(UK) x");
	no_mark("(USA) x");
	no_mark("The (S//NF) mark");
	no_mark("\"(S//NF)\" is a mark");
	no_mark("1. The seeker");
	no_mark("(2020) report");
	no_mark("");
	no_mark("(S//NF");
	no_mark("U.S. (S//NF) persons");
	no_mark("Table 2 shows (S//NF) marks");
	no_mark("Figure 3 of the SOW");
	no_mark("2-3 weeks (U) x");
}
END_TEST

START_TEST(numbers)
{
	number_is("1. The seeker", "1.");
	number_is("C.3 Security", "C.3");
	number_is("H.2. Foreign participation", "H.2.");
	number_is("A. Introduction", "A.");
	number_is("U.S. persons only", "");
	number_is("4.2 of the SOW", "4.2");
	number_is("1.", "");
	number_is("The end.", "");
}
END_TEST

START_TEST(list_items)
{
	ck_assert_uint_eq(ml_pmark_list_item("- item", 6), 2);
	ck_assert_uint_eq(ml_pmark_list_item("* item", 6), 2);
	ck_assert_uint_eq(ml_pmark_list_item("1. Item", 7), 3);
	ck_assert_uint_eq(ml_pmark_list_item("(a) the offeror", 15), 4);
	ck_assert_uint_eq(ml_pmark_list_item("## Heading", 10), 3);
	ck_assert_uint_eq(ml_pmark_list_item("4.2 of the SOW", 14), 0);
	ck_assert_uint_eq(ml_pmark_list_item("-5 degrees", 10), 0);
	ck_assert_uint_eq(ml_pmark_list_item("#hashtag", 8), 0);
	ck_assert_uint_eq(ml_pmark_list_item("plain text", 10), 0);
	ck_assert_uint_eq(ml_pmark_list_item("1-1. Purpose", 12), 5);
	ck_assert_uint_eq(ml_pmark_list_item("Sec. 4 Scope", 12), 7);
	/* a caption without a mark is prose */
	ck_assert_uint_eq(ml_pmark_list_item("Table 2 Summary", 15), 0);
	ck_assert_uint_eq(ml_pmark_list_item("[1] Smith, 2019", 15), 0);
}
END_TEST

static int banner(const char *s)
{
	return ml_pmark_banner_line(s, strlen(s));
}

START_TEST(banner_lines)
{
	ck_assert(banner("SECRET//NOFORN"));
	ck_assert(banner("TOP SECRET // SI // NOFORN"));
	ck_assert(banner("UNCLASSIFIED//FOUO"));
	ck_assert(banner("SECRET"));
	ck_assert(banner("  CONFIDENTIAL  "));
	ck_assert(banner("S E C R E T"));
	ck_assert(banner("S E C R E T // NOFORN"));
	ck_assert(banner("SECRET - NOFORN"));
	ck_assert(banner("CONFIDENTIAL -- NOFORN"));
	ck_assert(!banner("SECRET - the plan"));
	ck_assert(banner("C O N F I D E N T I A L SECTION 01 OF 02 STATE 123456"));
	ck_assert(banner("TOP SECRET//COMINT//NOFORN 20320108"));
	ck_assert(banner("NOFORN"));
	ck_assert(banner("NOFORN DISSEM"));
	ck_assert(banner("No Foreign Dissem"));
	ck_assert(!banner("SECRET SAUCE"));
	ck_assert(!banner("Secret plans were made."));
	ck_assert(!banner("SECRET//NOFORN is the banner form"));
	ck_assert(!banner("NOFORN markings are misused"));
	ck_assert(!banner(""));
	/* e-mail and forms: a label before the banner */
	ck_assert(banner("Classification: SECRET//NOFORN"));
	ck_assert(banner("CLASSIFICATION: UNCLASSIFIED//FOUO"));
	ck_assert(!banner("Classification: pending review"));
	ck_assert(!banner("Classification:"));
}
END_TEST

/* The banner after a label starts after it (its location and text). */
START_TEST(banner_after_label)
{
	const char *s = "Classification:  SECRET//NOFORN";
	ml_pmark_banner pb;

	ck_assert(ml_pmark_banner_find(s, strlen(s), &pb));
	ck_assert_uint_eq(pb.off, 17);
	ck_assert_uint_eq(pb.len, strlen("SECRET//NOFORN"));
	ck_assert(!pb.trailer);
	s = "SECRET//NOFORN";
	ck_assert(ml_pmark_banner_find(s, strlen(s), &pb));
	ck_assert_uint_eq(pb.off, 0);
}
END_TEST

/* Hostile input: every scan is bounded, whatever the length. */
START_TEST(bounded)
{
	size_t n = 10u << 20, i;
	char *s = malloc(n);
	ml_pmark pm;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		s[i] = "1."[i % 2]; /* "1.1.1.1..." */
	ck_assert(!ml_pmark_scan(s, n, &pm));
	for (i = 0; i < n; i++)
		s[i] = "(a) "[i % 4];
	ck_assert(!ml_pmark_scan(s, n, &pm));
	memset(s, '(', n);
	ck_assert(!ml_pmark_scan(s, n, &pm));
	for (i = 0; i < n; i++)
		s[i] = "(S//NF)"[i % 7];
	ck_assert(ml_pmark_scan(s, n, &pm));
	ck_assert_uint_eq(pm.len, 7);
	memset(s, 'S', n);
	s[0] = '(';
	ck_assert(!ml_pmark_scan(s, n, &pm));
	ck_assert(!ml_pmark_banner_line(s, n));
	ck_assert(!ml_pmark_list_item(s, n));
	free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pmark");
	TCase *tc = tcase_create("pmark");

	tcase_add_test(tc, register_forms);
	tcase_add_test(tc, agency_forms);
	tcase_add_test(tc, after_numbering);
	tcase_add_test(tc, after_markers);
	tcase_add_test(tc, not_marks);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, list_items);
	tcase_add_test(tc, banner_lines);
	tcase_add_test(tc, banner_after_label);
	tcase_add_test(tc, bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
