/* check_marking.c - unit tests of the marking grammar (ml_marking.c):
 * every example of MARKINGS.md 3.1 and 5, each control in both forms,
 * the detection heuristics, REL TO order, roll-up, form checks and
 * hostile input. Assertions compare what a user sees: fields, formatted
 * strings and reason texts. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ml_marking.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Formats m into out (size 1024). */
static const char *fmt(const ml_marking *m, ml_marking_form form, char *out)
{
	ml_buf b;

	ml_buf_init(&b, 1023);
	ck_assert_int_eq(ml_marking_format(m, form, &b), 0);
	memcpy(out, b.ptr, b.size + 1);
	ml_buf_free(&b);
	return out;
}

/* A portion mark at the start of text that parses; checks both forms. */
static void portion_ok(const char *text, const char *portion,
                       const char *banner)
{
	ml_marking m;
	ml_marking_error e;
	char buf[1024];
	ml_marking_status st;

	st = ml_marking_find_portion_mark(text, strlen(text), 0, &m, &e);
	ck_assert_msg(st == ML_MARKING_FOUND, "'%s': status %d (%s)", text,
	              (int)st, st == ML_MARKING_MALFORMED ? e.msg : "");
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf), portion);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf), banner);
	ck_assert_int_eq(m.form, ML_MARKING_PORTION);
}

/* Looks like a portion mark but does not parse: the reason. */
static void portion_bad(const char *text, const char *reason)
{
	ml_marking m;
	ml_marking_error e;
	ml_marking_status st;

	st = ml_marking_find_portion_mark(text, strlen(text), 0, &m, &e);
	ck_assert_msg(st == ML_MARKING_MALFORMED, "'%s': status %d", text,
	              (int)st);
	ck_assert_str_eq(e.msg, reason);
}

/* Ordinary text: not a marking at all. */
static void portion_none(const char *text)
{
	ml_marking m;
	ml_marking_error e;
	ml_marking_status st;

	st = ml_marking_find_portion_mark(text, strlen(text), 0, &m, &e);
	ck_assert_msg(st == ML_MARKING_NONE, "'%s': status %d", text, (int)st);
}

static void banner_ok(const char *text, const char *banner,
                      const char *portion)
{
	ml_marking m;
	ml_marking_error e;
	char buf[1024];
	ml_marking_status st;

	st = ml_marking_parse_banner(text, strlen(text), 0, &m, &e);
	ck_assert_msg(st == ML_MARKING_FOUND, "'%s': status %d (%s)", text,
	              (int)st, st == ML_MARKING_MALFORMED ? e.msg : "");
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf), banner);
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf), portion);
	ck_assert_int_eq(m.form, ML_MARKING_BANNER);
}

static void banner_bad(const char *text, const char *reason)
{
	ml_marking m;
	ml_marking_error e;
	ml_marking_status st;

	st = ml_marking_parse_banner(text, strlen(text), 0, &m, &e);
	ck_assert_msg(st == ML_MARKING_MALFORMED, "'%s': status %d", text,
	              (int)st);
	ck_assert_str_eq(e.msg, reason);
}

static void banner_none(const char *text)
{
	ml_marking m;
	ml_marking_error e;
	ml_marking_status st;

	st = ml_marking_parse_banner(text, strlen(text), 0, &m, &e);
	ck_assert_msg(st == ML_MARKING_NONE, "'%s': status %d", text, (int)st);
}

/* Parses a portion mark that must be valid. */
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

/* The form-check message of a portion mark (NULL when fine). */
static const char *form_msg(const char *s)
{
	ml_marking m;

	parse_portion(s, &m);
	return ml_marking_check_form(&m);
}

static const char *conflict_msg(const char *s)
{
	ml_marking m;

	parse_portion(s, &m);
	return ml_marking_check_conflict(&m);
}

/* ------------------------------------------------------------------ */
/* MARKINGS.md 3.1 and 5                                               */

START_TEST(spec_portion_examples)
{
	portion_ok("(S//NF) The system shall...", "(S//NF)", "SECRET//NOFORN");
	portion_ok("(TS//SI//NOFORN)", "(TS//SI//NF)", "TOP SECRET//SI//NOFORN");
	portion_ok("(C//NF)", "(C//NF)", "CONFIDENTIAL//NOFORN");
	portion_ok("(S//OC/NF)", "(S//OC/NF)", "SECRET//ORCON/NOFORN");
	portion_ok("(CUI//NF)", "(CUI//NF)", "CUI//NOFORN");
	portion_ok("(CUI//SP-EXPT//NF)", "(CUI//SP-EXPT//NF)",
	           "CUI//SP-EXPT//NOFORN");
}
END_TEST

START_TEST(spec_banner_examples)
{
	banner_ok("SECRET//NOFORN", "SECRET//NOFORN", "(S//NF)");
	banner_ok("TOP SECRET//SI//NOFORN", "TOP SECRET//SI//NOFORN",
	          "(TS//SI//NF)");
	banner_ok("CUI//NOFORN", "CUI//NOFORN", "(CUI//NF)");
	banner_ok("CONFIDENTIAL//NOFORN", "CONFIDENTIAL//NOFORN", "(C//NF)");
}
END_TEST

START_TEST(spec_malformed_examples)
{
	portion_bad("(S/NF)", "blocks must be separated by '//'");
	portion_bad("(SECRET//NF)", "portion marks use the abbreviated "
	            "classification 'S', not 'SECRET'");
	portion_bad("(S//NOFRN)", "unknown control 'NOFRN' (did you mean "
	            "NOFORN?)");
	ck_assert_str_eq(form_msg("(S//REL TO USA ONLY)"),
	                 "REL TO USA alone releases to no foreign country: mark "
	                 "NOFORN or name the partners");
	ck_assert_str_eq(form_msg("(S//REL TO GBR, USA)"),
	                 "REL TO list must start with USA");
	ck_assert_str_eq(form_msg("(S//FOUO)"),
	                 "FOUO does not belong on a classified marking");
}
END_TEST

START_TEST(spec_nf_and_noforn_same)
{
	ml_marking a, b;

	parse_portion("(S//NF)", &a);
	parse_portion("(S//NOFORN)", &b);
	ck_assert_uint_eq(a.dissem, ML_DISSEM_NOFORN);
	ck_assert_uint_eq(b.dissem, ML_DISSEM_NOFORN);
	banner_ok("SECRET//NF", "SECRET//NOFORN", "(S//NF)");
}
END_TEST

START_TEST(spec_replacement_suggestion)
{
	/* MARKINGS.md 5: (S//NF) -> (S//REL TO USA, FVEY) */
	ml_marking m;
	char buf[1024];

	parse_portion("(S//NF)", &m);
	m.dissem &= ~(uint32_t)ML_DISSEM_NOFORN;
	m.dissem |= ML_DISSEM_RELTO;
	ck_assert_int_eq(ml_marking_countries_add(&m.relto, "FVEY"), 0);
	ck_assert_int_eq(ml_marking_countries_add(&m.relto, "USA"), 0);
	ml_marking_countries_sort(&m.relto);
	ck_assert_str_eq(m.relto.v[0], "USA");
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf),
	                 "(S//REL TO USA, FVEY)");
	ck_assert_ptr_null(ml_marking_check_form(&m));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Parsed fields                                                       */

START_TEST(fields_portion)
{
	ml_marking m;

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
	ck_assert_uint_eq(m.dissem, ML_DISSEM_ORCON | ML_DISSEM_NOFORN);
	ck_assert_uint_eq(m.off, 0);
	ck_assert_uint_eq(m.len,
	                  strlen("(TS//SI-G ABCD/TK//SAR-BP//RD-CNWDI//OC/NF)"));
}
END_TEST

START_TEST(fields_relto_order_as_written)
{
	ml_marking m;
	char buf[1024];

	parse_portion("(S//REL TO USA, NATO, GBR, AUS)", &m);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_RELTO);
	ck_assert_uint_eq(m.relto.n, 4);
	ck_assert_str_eq(m.relto.v[0], "USA");
	ck_assert_str_eq(m.relto.v[1], "NATO");
	ck_assert_str_eq(m.relto.v[2], "GBR");
	ck_assert_str_eq(m.relto.v[3], "AUS");
	/* formatted in register order */
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf),
	                 "(S//REL TO USA, AUS, GBR, NATO)");
	ck_assert_str_eq(ml_marking_check_form(&m),
	                 "REL TO list is not in register order (USA, then "
	                 "trigraphs A-Z, then tetragraphs A-Z, no repeats)");
}
END_TEST

START_TEST(fields_span_and_spaces)
{
	ml_marking m;
	ml_marking_error e;
	const char *t = "   (S // NF)  Text";

	ck_assert_int_eq(ml_marking_find_portion_mark(t, strlen(t), 0, &m, &e),
	                 ML_MARKING_FOUND);
	ck_assert_uint_eq(m.off, 3);
	ck_assert_uint_eq(m.len, 9);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_NOFORN);
	parse_portion("(S//REL TO USA,GBR , AUS)", &m);
	ck_assert_uint_eq(m.relto.n, 3);
	ck_assert_str_eq(m.relto.v[1], "GBR");
	ck_assert_int_eq(ml_marking_parse_banner("  SECRET//NOFORN ", 17, 0, &m,
	                                         &e),
	                 ML_MARKING_FOUND);
	ck_assert_uint_eq(m.off, 2);
	ck_assert_uint_eq(m.len, 14);
}
END_TEST

START_TEST(fields_eyes_display)
{
	ml_marking m;
	char buf[1024];

	parse_portion("(S//USA/GBR EYES ONLY)", &m);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_EYES_ONLY);
	ck_assert_uint_eq(m.eyes.n, 2);
	ck_assert_str_eq(m.eyes.v[0], "USA");
	ck_assert_str_eq(m.eyes.v[1], "GBR");
	parse_portion("(TS//SI//OC/USA, AUS, GBR EYES ONLY)", &m);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_ORCON | ML_DISSEM_EYES_ONLY);
	ck_assert_uint_eq(m.eyes.n, 3);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf),
	                 "TOP SECRET//SI//ORCON/USA/AUS/GBR EYES ONLY");
	parse_portion("(S//DISPLAY ONLY IRQ, AFG)", &m);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_DISPLAY_ONLY);
	ck_assert_uint_eq(m.display.n, 2);
	ck_assert_str_eq(m.display.v[0], "IRQ");
	ck_assert_str_eq(fmt(&m, ML_MARKING_PORTION, buf),
	                 "(S//DISPLAY ONLY AFG, IRQ)");
}
END_TEST

START_TEST(fields_foreign_joint_nato)
{
	ml_marking m;

	parse_portion("(//GBR S)", &m);
	ck_assert_int_eq(m.owner, ML_OWNER_FOREIGN);
	ck_assert_int_eq(m.level, ML_CLASS_S);
	ck_assert_uint_eq(m.owners.n, 1);
	ck_assert_str_eq(m.owners.v[0], "GBR");
	parse_portion("(//JOINT S USA GBR)", &m);
	ck_assert_int_eq(m.owner, ML_OWNER_JOINT);
	ck_assert_uint_eq(m.owners.n, 2);
	ck_assert_str_eq(m.owners.v[0], "USA");
	ck_assert_str_eq(m.owners.v[1], "GBR");
	parse_portion("(//NS)", &m);
	ck_assert_int_eq(m.owner, ML_OWNER_FOREIGN);
	ck_assert_str_eq(m.owners.v[0], "NATO");
	ck_assert_int_eq(m.level, ML_CLASS_S);
	parse_portion("(//DEU R//REL TO USA, DEU)", &m);
	ck_assert_int_eq(m.level, ML_CLASS_R);
	ck_assert_str_eq(m.owners.v[0], "DEU");
	portion_ok("(//GBR S)", "(//GBR S)", "//GBR SECRET");
	portion_ok("(//JOINT S USA GBR)", "(//JOINT S USA GBR)",
	           "//JOINT SECRET USA GBR");
	portion_ok("(//NATO S)", "(//NS)", "//NATO SECRET");
	portion_ok("(//CTS)", "(//CTS)", "//COSMIC TOP SECRET");
	banner_ok("//GBR SECRET", "//GBR SECRET", "(//GBR S)");
	banner_ok("//JOINT TOP SECRET CAN USA", "//JOINT TOP SECRET CAN USA",
	          "(//JOINT TS CAN USA)");
	banner_ok("//NATO CONFIDENTIAL", "//NATO CONFIDENTIAL", "(//NC)");
}
END_TEST

START_TEST(fields_cui)
{
	ml_marking m;

	parse_portion("(CUI//SP-CTI/SP-EXPT//NF/FEDCON)", &m);
	ck_assert_int_eq(m.level, ML_CLASS_CUI);
	ck_assert_uint_eq(m.cui.n, 2);
	ck_assert_str_eq(m.cui.v[0], "SP-CTI");
	ck_assert_str_eq(m.cui.v[1], "SP-EXPT");
	ck_assert_uint_eq(m.dissem, ML_DISSEM_NOFORN | ML_DISSEM_FEDCON);
	/* PROPIN is a CUI category inside a CUI marking */
	parse_portion("(CUI//PROPIN)", &m);
	ck_assert_uint_eq(m.cui.n, 1);
	ck_assert_str_eq(m.cui.v[0], "PROPIN");
	ck_assert_uint_eq(m.dissem, 0);
	parse_portion("(CUI//PRVCY//DL ONLY)", &m);
	ck_assert_uint_eq(m.dissem, ML_DISSEM_DL_ONLY);
	banner_ok("CONTROLLED", "CUI", "(CUI)");
	banner_ok("CUI//SP-EXPT//NOFORN", "CUI//SP-EXPT//NOFORN",
	          "(CUI//SP-EXPT//NF)");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Controls, both forms                                                */

START_TEST(controls_each)
{
	portion_ok("(S//RS)", "(S//RS)", "SECRET//RISK SENSITIVE");
	portion_ok("(U//FOUO)", "(U//FOUO)",
	           "UNCLASSIFIED//FOR OFFICIAL USE ONLY");
	portion_ok("(S//ORCON)", "(S//OC)", "SECRET//ORCON");
	portion_ok("(S//OC-USGOV)", "(S//OC-USGOV)", "SECRET//ORCON-USGOV");
	portion_ok("(S//IMC)", "(S//IMC)", "SECRET//IMCON");
	portion_ok("(S//PR)", "(S//PR)", "SECRET//PROPIN");
	portion_ok("(S//RELIDO)", "(S//RELIDO)", "SECRET//RELIDO");
	portion_ok("(S//FISA)", "(S//FISA)", "SECRET//FISA");
	portion_ok("(S//IMC/NF/PR)", "(S//IMC/NF/PR)",
	           "SECRET//IMCON/NOFORN/PROPIN");
	portion_ok("(S//NF//LIMDIS)", "(S//NF//DS)", "SECRET//NOFORN//LIMDIS");
	portion_ok("(C//XD)", "(C//XD)", "CONFIDENTIAL//EXDIS");
	portion_ok("(S//ND)", "(S//ND)", "SECRET//NODIS");
	portion_ok("(U//SBU)", "(U//SBU)",
	           "UNCLASSIFIED//SENSITIVE BUT UNCLASSIFIED");
	portion_ok("(U//SBU-NF)", "(U//SBU-NF)", "UNCLASSIFIED//SBU NOFORN");
	portion_ok("(U//LES-NF)", "(U//LES-NF)", "UNCLASSIFIED//LES NOFORN");
	portion_ok("(U//SSI)", "(U//SSI)",
	           "UNCLASSIFIED//SENSITIVE SECURITY INFORMATION");
	portion_ok("(CUI//FED ONLY)", "(CUI//FED ONLY)", "CUI//FED ONLY");
	portion_ok("(CUI//NOCON)", "(CUI//NOCON)", "CUI//NOCON");
	portion_ok("(CUI//DL ONLY)", "(CUI//DL ONLY)", "CUI//DL ONLY");
	portion_ok("(CUI//ATTORNEY-CLIENT)", "(CUI//ATTORNEY-CLIENT)",
	           "CUI//ATTORNEY-CLIENT");
	portion_ok("(CUI//ATTORNEY-WP)", "(CUI//ATTORNEY-WP)",
	           "CUI//ATTORNEY-WP");
	portion_ok("(CUI//REL TO USA, GBR)", "(CUI//REL TO USA, GBR)",
	           "CUI//REL TO USA, GBR");
	portion_ok("(CUI//DISPLAY ONLY GBR)", "(CUI//DISPLAY ONLY GBR)",
	           "CUI//DISPLAY ONLY GBR");
	portion_ok("(S//DISPLAY ONLY GBR)", "(S//DISPLAY ONLY GBR)",
	           "SECRET//DISPLAY ONLY GBR");
}
END_TEST

START_TEST(controls_noforn_carriers)
{
	ml_marking m;

	parse_portion("(U//SBU-NF)", &m);
	ck_assert(m.dissem & ML_DISSEM_NOFORN);
	ck_assert(m.dissem & ML_DISSEM_SBU);
	parse_portion("(U//LES-NF)", &m);
	ck_assert(m.dissem & ML_DISSEM_NOFORN);
	parse_portion("(S//OC)", &m);
	ck_assert(!(m.dissem & ML_DISSEM_NOFORN));
}
END_TEST

START_TEST(controls_sci_sap_aea)
{
	portion_ok("(TS//HCS-P/SI//OC/NF)", "(TS//HCS-P/SI//OC/NF)",
	           "TOP SECRET//HCS-P/SI//ORCON/NOFORN");
	portion_ok("(TS//SI-G ABCD//NF)", "(TS//SI-G ABCD//NF)",
	           "TOP SECRET//SI-G ABCD//NOFORN");
	portion_ok("(TS//G//NF)", "(TS//G//NF)", "TOP SECRET//G//NOFORN");
	portion_ok("(TS//SAR-BP//NF)", "(TS//SAR-BP//NF)",
	           "TOP SECRET//SAR-BP//NOFORN");
	portion_ok("(S//SPECIAL ACCESS REQUIRED-XYZ)", "(S//SAR-XYZ)",
	           "SECRET//SAR-XYZ");
	portion_ok("(S//RD//NF)", "(S//RD//NF)",
	           "SECRET//RESTRICTED DATA//NOFORN");
	portion_ok("(S//FRD)", "(S//FRD)", "SECRET//FORMERLY RESTRICTED DATA");
	portion_ok("(S//FRD-SG 14)", "(S//FRD-SG 14)",
	           "SECRET//FORMERLY RESTRICTED DATA-SIGMA 14");
	portion_ok("(S//CNWDI)", "(S//CNWDI)",
	           "SECRET//CRITICAL NUCLEAR WEAPON DESIGN INFORMATION");
	banner_ok("TOP SECRET//RESTRICTED DATA-CNWDI//NOFORN",
	          "TOP SECRET//RESTRICTED DATA-CRITICAL NUCLEAR WEAPON DESIGN "
	          "INFORMATION//NOFORN",
	          "(TS//RD-CNWDI//NF)");
	banner_ok("SECRET//SPECIAL ACCESS REQUIRED-XYZ//NOFORN",
	          "SECRET//SAR-XYZ//NOFORN", "(S//SAR-XYZ//NF)");
	portion_ok("(S//FGI GBR//NF)", "(S//FGI GBR//NF)",
	           "SECRET//FGI GBR//NOFORN");
	portion_ok("(S//FGI)", "(S//FGI)", "SECRET//FGI");
}
END_TEST

START_TEST(controls_names)
{
	ck_assert_str_eq(ml_marking_dissem_name(ML_DISSEM_NOFORN,
	                                        ML_MARKING_PORTION), "NF");
	ck_assert_str_eq(ml_marking_dissem_name(ML_DISSEM_NOFORN,
	                                        ML_MARKING_BANNER), "NOFORN");
	ck_assert_str_eq(ml_marking_dissem_name(ML_DISSEM_FOUO,
	                                        ML_MARKING_BANNER),
	                 "FOR OFFICIAL USE ONLY");
	ck_assert_ptr_null(ml_marking_dissem_name(ML_DISSEM_NOFORN |
	                                          ML_DISSEM_ORCON,
	                                          ML_MARKING_BANNER));
	ck_assert_str_eq(ml_marking_class_name(ML_CLASS_TS, ML_MARKING_BANNER),
	                 "TOP SECRET");
	ck_assert_str_eq(ml_marking_class_name(ML_CLASS_C, ML_MARKING_PORTION),
	                 "C");
	ck_assert_str_eq(ml_marking_class_name(ML_CLASS_NONE,
	                                       ML_MARKING_PORTION), "");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Banners                                                             */

START_TEST(banner_forms)
{
	banner_ok("UNCLASSIFIED//FOR OFFICIAL USE ONLY",
	          "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "(U//FOUO)");
	banner_ok("UNCLASSIFIED//FOUO", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
	          "(U//FOUO)");
	banner_ok("SECRET//REL TO USA, AUS, GBR", "SECRET//REL TO USA, AUS, GBR",
	          "(S//REL TO USA, AUS, GBR)");
	banner_ok("UNCLASSIFIED", "UNCLASSIFIED", "(U)");
	banner_ok("TOP SECRET", "TOP SECRET", "(TS)");
	banner_ok("SECRET//ORCON/NOFORN", "SECRET//ORCON/NOFORN", "(S//OC/NF)");
	banner_ok("SECRET//FGI GBR//REL TO USA, GBR",
	          "SECRET//FGI GBR//REL TO USA, GBR",
	          "(S//FGI GBR//REL TO USA, GBR)");
	banner_ok("SECRET // NOFORN", "SECRET//NOFORN", "(S//NF)");
}
END_TEST

START_TEST(banner_malformed)
{
	banner_bad("S//NF", "banner lines spell out the classification: "
	           "'SECRET', not 'S'");
	banner_bad("SECRET/NOFORN", "blocks must be separated by '//'");
	banner_bad("SECRET NOFORN", "blocks must be separated by '//'");
	banner_bad("SECRET//NOFRN", "unknown control 'NOFRN' (did you mean "
	           "NOFORN?)");
	banner_bad("Secret//Noforn", "banner lines are written in upper case: "
	           "'SECRET//NOFORN'");
	banner_bad("SERCET//NOFORN", "unknown classification 'SERCET' (did you "
	           "mean SECRET?)");
}
END_TEST

START_TEST(banner_not_banners)
{
	banner_none("S");
	banner_none("C");
	banner_none("INTRODUCTION");
	banner_none("SECRET SAUCE");
	banner_none("Secret");
	banner_none("The system is SECRET//NOFORN.");
	banner_none("");
	banner_none("   ");
	banner_none("SECTION 3.1");
}
END_TEST

START_TEST(banner_icase)
{
	ml_marking m;
	ml_marking_error e;
	char buf[1024];
	const char *t = "Secret//Noforn";

	ck_assert_int_eq(ml_marking_parse_banner(t, strlen(t),
	                                         ML_MARKING_ICASE, &m, &e),
	                 ML_MARKING_FOUND);
	ck_assert_str_eq(fmt(&m, ML_MARKING_BANNER, buf), "SECRET//NOFORN");
	t = "top secret";
	ck_assert_int_eq(ml_marking_parse_banner(t, strlen(t),
	                                         ML_MARKING_ICASE, &m, &e),
	                 ML_MARKING_FOUND);
	ck_assert_int_eq(m.level, ML_CLASS_TS);
	/* portion marks ignore the flag */
	t = "(s//nf)";
	ck_assert_int_eq(ml_marking_find_portion_mark(t, strlen(t),
	                                              ML_MARKING_ICASE, &m, &e),
	                 ML_MARKING_MALFORMED);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Detection heuristics                                                */

START_TEST(detect_ordinary_parentheses)
{
	portion_none("(a) The contractor shall");
	portion_none("(1) Scope");
	portion_none("(see below)");
	portion_none("(U.S.) persons");
	portion_none("(FY2025) budget");
	portion_none("(A) General");
	portion_none("(iv) the following");
	portion_none("(c) Copyright");
	portion_none("(and/or)");
	portion_none("(N/A)");
	portion_none("(S/N 12345) serial");
	portion_none("(C/O) Acme Corp");
	portion_none("(better known as NOFORN)");
	portion_none("The (S//NF) in the middle");
	portion_none("(S//NF without a closing parenthesis");
	portion_none("");
	portion_none("()");
	portion_none("(I/O) ports");
}
END_TEST

START_TEST(detect_malformed)
{
	portion_bad("(S/NF) text", "blocks must be separated by '//'");
	portion_bad("(S NF)", "blocks must be separated by '//'");
	portion_bad("(TOP SECRET)", "portion marks use the abbreviated "
	            "classification 'TS', not 'TOP SECRET'");
	portion_bad("(CONFIDENTIAL//NF)", "portion marks use the abbreviated "
	            "classification 'C', not 'CONFIDENTIAL'");
	portion_bad("(s//nf) text", "portion marks are written in upper case: "
	            "'(S//NF)'");
	portion_bad("(NOFORN)", "the marking has no classification: it must "
	            "start with U, C, S, TS or CUI");
	portion_bad("(FOUO)", "the marking has no classification: it must "
	            "start with U, C, S, TS or CUI");
	portion_bad("(SERCET//NF)", "unknown classification 'SERCET' (did you "
	            "mean S?)");
	portion_bad("(R//NF)", "'R' is not a U.S. classification; a foreign one "
	            "starts with '//', e.g. '//GBR R'");
	portion_bad("(S//ORCN)", "unknown control 'ORCN' (did you mean ORCON?)");
	portion_bad("(S//XYZZY)", "unknown control 'XYZZY'");
	portion_bad("(CUI//NOFRN)", "unknown control 'NOFRN' (did you mean "
	            "NOFORN?)");
}
END_TEST

START_TEST(detect_found)
{
	portion_ok("(U) Unclassified paragraph.", "(U)", "UNCLASSIFIED");
	portion_ok("(C)", "(C)", "CONFIDENTIAL");
	portion_ok("(CUI)", "(CUI)", "CUI");
	portion_ok("(TS)", "(TS)", "TOP SECRET");
	portion_ok("(S//REL TO USA, GBR) text", "(S//REL TO USA, GBR)",
	           "SECRET//REL TO USA, GBR");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Grammar errors                                                      */

START_TEST(grammar_reasons)
{
	portion_bad("(S//REL)", "'REL' alone is not a register marking: write "
	            "'REL TO USA, ...' with the countries");
	portion_bad("(S//REL TO)", "REL TO needs a list of country codes, e.g. "
	            "'REL TO USA, GBR'");
	portion_bad("(S//REL TO USA GBR)", "country codes in REL TO are "
	            "separated by ', '");
	portion_bad("(S//REL TO USA, AUKUS)", "'AUKUS' is not a register "
	            "country code: write AUS, GBR");
	portion_bad("(S//REL TO USA, UK)", "'UK' is not a register country "
	            "code: write GBR");
	portion_bad("(S//REL TO USA, G8R)", "'G8R' in REL TO is not a country "
	            "trigraph or tetragraph");
	portion_bad("(S//REL TO USA,, GBR)", "empty country code in REL TO");
	portion_bad("(S///NF)", "'///' is not a separator: use '//' between "
	            "blocks");
	portion_bad("(S//NF//)", "a marking cannot end with '//'");
	portion_bad("(S// //NF)", "empty block between '//' separators");
	portion_bad("(S//OC//NF)", "dissemination controls share one block, "
	            "separated by '/' (not '//')");
	portion_bad("(TS//SI//TK//NF)", "SCI controls share one block, "
	            "separated by '/' (not '//')");
	portion_bad("(S//NF//SI)", "SCI controls must come before "
	            "dissemination controls");
	portion_bad("(CUI//NF//SP-EXPT)", "CUI categories must come before "
	            "dissemination controls");
	portion_bad("(S//SI/NF)", "blocks must be separated by '//' (SCI "
	            "controls and dissemination controls are in one block)");
	portion_bad("(S//OC/ /NF)", "empty control between '/' separators");
	portion_bad("(S//FEDCON)", "'FEDCON' is a CUI limited dissemination "
	            "control and needs a CUI marking");
	portion_bad("(S//DISPLAY ONLY)", "DISPLAY ONLY needs a list of country "
	            "codes, e.g. 'DISPLAY ONLY AFG'");
	portion_bad("(S//EYES ONLY)", "EYES ONLY needs country codes, e.g. "
	            "'USA/GBR EYES ONLY'");
	portion_bad("(S//REL TO USA, GBR/REL TO USA, AUS)", "REL TO appears "
	            "twice in one marking");
	portion_bad("(//JOINT S)", "JOINT needs a classification and its "
	            "owners, e.g. '//JOINT S GBR USA'");
	portion_bad("(//NATO SECRET)", "portion marks use the abbreviated "
	            "classification 'NS', not 'NATO SECRET'");
	portion_bad("(//GBR)", "'//GBR' is not a foreign classification "
	            "(expected e.g. '//GBR S')");
}
END_TEST

START_TEST(grammar_parse_direct)
{
	ml_marking m;
	ml_marking_error e;

	ck_assert_int_eq(ml_marking_parse("S//NF", 5, ML_MARKING_PORTION, 0, &m,
	                                  &e), -1);
	ck_assert_str_eq(e.msg, "portion marks are enclosed in parentheses");
	ck_assert_int_eq(ml_marking_parse("(S//NF)", 7, ML_MARKING_PORTION, 0,
	                                  &m, NULL), 0);
	ck_assert_int_eq(ml_marking_parse("()", 2, ML_MARKING_PORTION, 0, &m,
	                                  &e), -1);
	ck_assert_str_eq(e.msg, "empty marking");
	ck_assert_int_eq(ml_marking_parse("SECRET//NOFORN.", 15,
	                                  ML_MARKING_BANNER, 0, &m, &e), -1);
	ck_assert_str_eq(e.msg, "unexpected character '.' in a marking");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Form checks and conflicts                                           */

START_TEST(checks_form)
{
	ck_assert_ptr_null(form_msg("(S//REL TO USA, GBR)"));
	ck_assert_ptr_null(form_msg("(S//REL TO USA, AUS, GBR, FVEY)"));
	ck_assert_ptr_null(form_msg("(U//FOUO)"));
	ck_assert_ptr_null(form_msg("(S//NF)"));
	ck_assert_str_eq(form_msg("(S//REL TO USA)"),
	                 "REL TO USA alone releases to no foreign country: mark "
	                 "NOFORN or name the partners");
	ck_assert_str_eq(form_msg("(S//REL TO USA, GBR, GBR)"),
	                 "REL TO list is not in register order (USA, then "
	                 "trigraphs A-Z, then tetragraphs A-Z, no repeats)");
	ck_assert_str_eq(form_msg("(S//REL TO USA, FVEY, GBR)"),
	                 "REL TO list is not in register order (USA, then "
	                 "trigraphs A-Z, then tetragraphs A-Z, no repeats)");
	ck_assert_str_eq(form_msg("(TS//FOUO)"),
	                 "FOUO does not belong on a classified marking");
	ck_assert_str_eq(form_msg("(S//GBR/USA EYES ONLY)"),
	                 "EYES ONLY list must start with USA");
	ck_assert_str_eq(form_msg("(S//REL TO USA, ABCD)"),
	                 "country list has a tetragraph that is not in the "
	                 "register");
	ck_assert_int_eq(ml_marking_tetragraph_known("FVEY"), 1);
	ck_assert_int_eq(ml_marking_tetragraph_known("ABCD"), 0);
}
END_TEST

START_TEST(checks_conflict)
{
	ml_marking m;

	ck_assert_ptr_null(conflict_msg("(S//NF)"));
	ck_assert_ptr_null(conflict_msg("(S//REL TO USA, GBR)"));
	ck_assert_str_eq(conflict_msg("(S//NF/REL TO USA, GBR)"),
	                 "NOFORN conflicts with REL TO in the same marking");
	ck_assert_str_eq(conflict_msg("(S//NF/USA/GBR EYES ONLY)"),
	                 "NOFORN conflicts with EYES ONLY in the same marking");
	ck_assert_str_eq(conflict_msg("(S//NF/RELIDO)"),
	                 "NOFORN conflicts with RELIDO in the same marking");
	ck_assert_str_eq(conflict_msg("(S//NF/DISPLAY ONLY AFG)"),
	                 "NOFORN conflicts with DISPLAY ONLY in the same "
	                 "marking");
	parse_portion("(S//NF/RELIDO/REL TO USA, GBR)", &m);
	ck_assert_uint_eq(ml_marking_problems(&m),
	                  ML_PROBLEM_NOFORN_RELTO | ML_PROBLEM_NOFORN_RELIDO);
	ck_assert_str_eq(ml_marking_problem_rule(ML_PROBLEM_NOFORN_RELIDO),
	                 "NOFORN-RELTO-CONFLICT");
	ck_assert_str_eq(ml_marking_problem_rule(ML_PROBLEM_FOUO_CLASSIFIED),
	                 "MARKING-MALFORMED");
	ck_assert_ptr_null(ml_marking_problem_message(1u << 30));
	/* SBU-NF carries NOFORN, so it conflicts with REL TO too */
	ck_assert_str_eq(conflict_msg("(U//REL TO USA, GBR//SBU-NF)"),
	                 "NOFORN conflicts with REL TO in the same marking");
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
	ck_assert_uint_eq(c.n, 6); /* add skips the repeated GBR */
	ml_marking_countries_sort(&c);
	ck_assert_uint_eq(c.n, 6);
	ck_assert_str_eq(c.v[0], "USA");
	ck_assert_str_eq(c.v[1], "AUS");
	ck_assert_str_eq(c.v[2], "CAN");
	ck_assert_str_eq(c.v[3], "GBR");
	ck_assert_str_eq(c.v[4], "FVEY");
	ck_assert_str_eq(c.v[5], "NATO");
	ck_assert_int_eq(ml_marking_countries_add(&c, "AUKUS"), -1);
	ck_assert_int_eq(ml_marking_countries_add(&c, "gbr"), -1);
	ck_assert_int_lt(ml_marking_country_cmp("USA", "AUS"), 0);
	ck_assert_int_lt(ml_marking_country_cmp("ZWE", "ACGU"), 0);
	ck_assert_int_gt(ml_marking_country_cmp("NATO", "FVEY"), 0);
	ck_assert_int_eq(ml_marking_country_cmp("GBR", "GBR"), 0);
}
END_TEST

START_TEST(countries_sort_dedupes_parsed)
{
	ml_marking m;

	parse_portion("(S//REL TO USA, GBR, AUS, GBR)", &m);
	ck_assert_uint_eq(m.relto.n, 4);
	ml_marking_countries_sort(&m.relto);
	ck_assert_uint_eq(m.relto.n, 3);
	ck_assert_str_eq(m.relto.v[2], "GBR");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Roll-up                                                             */

START_TEST(rollup_basic)
{
	char b[1024];

	ck_assert_str_eq(ROLLUP(b, "(S//NF)", "(C)", "(U)"), "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(U)", "(U)"), "UNCLASSIFIED");
	ck_assert_str_eq(ROLLUP(b, "(C)", "(TS)", "(S)"), "TOP SECRET");
	ck_assert_str_eq(ROLLUP(b, "(TS//SI//NF)", "(S//TK//NF)",
	                        "(TS//HCS//OC/NF)"),
	                 "TOP SECRET//HCS/SI/TK//ORCON/NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//SAR-BP//NF)", "(S//RD)"),
	                 "SECRET//SAR-BP//RESTRICTED DATA//NOFORN");
}
END_TEST

START_TEST(rollup_relto)
{
	char b[1024];

	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR)",
	                        "(C//REL TO USA, AUS, GBR)"),
	                 "SECRET//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR)", "(S//NF)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, FVEY)",
	                        "(S//REL TO USA, GBR)"),
	                 "SECRET//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, FVEY)",
	                        "(S//REL TO USA, FVEY)", "(U)"),
	                 "SECRET//REL TO USA, FVEY");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR)",
	                        "(S//REL TO USA, AUS)"),
	                 "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, NATO)",
	                        "(S//REL TO USA, DEU, FVEY)"),
	                 "SECRET//REL TO USA, CAN, DEU, GBR");
	ck_assert_str_eq(ROLLUP(b, "(S//REL TO USA, GBR/RELIDO)",
	                        "(S//REL TO USA, GBR/RELIDO)"),
	                 "SECRET//REL TO USA, GBR/RELIDO");
	ck_assert_str_eq(ROLLUP(b, "(S//RELIDO)", "(S)"), "SECRET");
	ck_assert_str_eq(ROLLUP(b, "(S//USA/GBR EYES ONLY)",
	                        "(S//USA/GBR/AUS EYES ONLY)"),
	                 "SECRET//USA/GBR EYES ONLY");
	ck_assert_str_eq(ROLLUP(b, "(S//DISPLAY ONLY AFG, IRQ)",
	                        "(S//DISPLAY ONLY IRQ)"),
	                 "SECRET//DISPLAY ONLY IRQ");
}
END_TEST

START_TEST(rollup_fouo_cui_foreign)
{
	char b[1024];
	ml_marking out;

	ck_assert_str_eq(ROLLUP(b, "(U//FOUO)", "(U)"),
	                 "UNCLASSIFIED//FOR OFFICIAL USE ONLY");
	ck_assert_str_eq(ROLLUP(b, "(U//FOUO)", "(S//NF)"), "SECRET//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(CUI//SP-EXPT//NF)", "(U)",
	                        "(CUI//PRVCY//FEDCON)"),
	                 "CUI//SP-EXPT/PRVCY//NOFORN/FEDCON");
	ck_assert_str_eq(ROLLUP(b, "(CUI//SP-EXPT//FEDCON)",
	                        "(S//REL TO USA, GBR)"),
	                 "SECRET//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(//GBR S)", "(U)"), "SECRET//FGI GBR");
	ck_assert_str_eq(ROLLUP(b, "(//GBR S//REL TO USA, GBR)",
	                        "(//GBR C//REL TO USA, GBR)"),
	                 "//GBR SECRET//REL TO USA, GBR");
	ck_assert_str_eq(ROLLUP(b, "(//DEU R)", "(U)"),
	                 "CONFIDENTIAL//FGI DEU");
	ck_assert_str_eq(ROLLUP(b, "(S//FGI//NF)", "(S//FGI GBR)"),
	                 "SECRET//FGI//NOFORN");
	ck_assert_str_eq(ROLLUP(b, "(U//SBU-NF)", "(U)"),
	                 "UNCLASSIFIED//SBU NOFORN");
	ck_assert_int_eq(ml_marking_rollup(NULL, 0, &out), -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Formatting limits                                                   */

START_TEST(format_cap)
{
	ml_marking m;
	ml_buf b;

	parse_portion("(TS//SI//NF)", &m);
	ml_buf_init(&b, 5);
	ck_assert_int_eq(ml_marking_format(&m, ML_MARKING_BANNER, &b), -1);
	ml_buf_free(&b);
	ml_buf_init(&b, 100);
	ck_assert_int_eq(ml_marking_format(&m, ML_MARKING_BANNER, &b), 0);
	ck_assert_str_eq(b.ptr, "TOP SECRET//SI//NOFORN");
	ml_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hostile input                                                       */

/* "(S" + n times "//NF" + ")" */
static char *many_blocks(size_t n, const char *head, const char *rep,
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

START_TEST(hostile_100000_blocks)
{
	ml_marking m;
	ml_marking_error e;
	char *s = many_blocks(100000, "(S", "//NF", ") text");
	clock_t t0 = clock();

	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "too many blocks (at most 64)");
	ck_assert_uint_eq(e.off, 0);
	ck_assert_uint_eq(e.len, strlen(s) - 5);
	free(s);
	s = many_blocks(100000, "SECRET", "//NOFORN", "");
	ck_assert_int_eq(ml_marking_parse_banner(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "too many blocks (at most 64)");
	free(s);
	s = many_blocks(100000, "", "//", "");
	ck_assert_int_eq(ml_marking_parse(s, strlen(s), ML_MARKING_BANNER, 0,
	                                  &m, &e), -1);
	free(s);
	ck_assert_msg((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0,
	              "hostile input took too long");
}
END_TEST

START_TEST(hostile_limits)
{
	ml_marking m;
	ml_marking_error e;
	char *s;

	/* exactly 64 blocks: parsed, rejected for the grammar, not the cap */
	s = many_blocks(63, "(S", "//NF", ")");
	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "dissemination controls share one block, "
	                 "separated by '/' (not '//')");
	free(s);
	s = many_blocks(64, "(S", "//NF", ")");
	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "too many blocks (at most 64)");
	free(s);
	s = many_blocks(100, "(S//REL TO USA", ", GBR", ")");
	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "too many country codes in REL TO (at most 64)");
	free(s);
	s = many_blocks(10000, "(S//", "ABCDEFGHIJ", ")");
	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "marking is too long (at most 4096 bytes)");
	free(s);
	s = many_blocks(100, "(S//", "OC/", "NF)");
	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "too many controls in one block (at most 64)");
	free(s);
	s = many_blocks(20, "(TS//SI-G", " ABCD", "//NF)");
	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_MALFORMED);
	ck_assert_str_eq(e.msg, "'SI-G ABCD ABCD ABCD ABCD ABCD ABCD ABCD ' is "
	                 "too long for a marking");
	free(s);
	s = many_blocks(200000, "(", "S", "");
	ck_assert_int_eq(ml_marking_find_portion_mark(s, strlen(s), 0, &m, &e),
	                 ML_MARKING_NONE);
	free(s);
}
END_TEST

/* ml_marking_judge: the verdict other stages build on. */
static ml_marking_verdict judge(const char *s)
{
	ml_marking_judgement j;

	return ml_marking_judge(s, strlen(s), 0, &j);
}

START_TEST(judge_verdicts)
{
	ml_marking_judgement j;

	ck_assert_int_eq(judge("(S//NF)"), ML_VERDICT_VALID);
	ck_assert_int_eq(judge("TOP SECRET//SI//NOFORN"), ML_VERDICT_VALID);
	ck_assert_int_eq(judge("(S//NOFRN)"), ML_VERDICT_MALFORMED);
	ck_assert_int_eq(judge("(S//REL TO GBR, USA)"), ML_VERDICT_MALFORMED);
	ck_assert_int_eq(judge("///"), ML_VERDICT_NONE);
	ck_assert_int_eq(judge("  "), ML_VERDICT_NONE);
	ck_assert_int_eq(ml_marking_judge("  (S//NF) ", 10, 0, &j),
	                 ML_VERDICT_VALID);
	ck_assert_int_eq(j.form, ML_MARKING_PORTION);
	ck_assert_uint_eq(j.off, 2);
	ck_assert_uint_eq(j.len, 7);
	ck_assert_str_eq(ml_marking_verdict_name(ML_VERDICT_NONSTANDARD),
	                 "nonstandard");
}
END_TEST

static Suite *marking_suite(void)
{
	Suite *s = suite_create("marking");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, spec_portion_examples);
	tcase_add_test(tc, spec_banner_examples);
	tcase_add_test(tc, spec_malformed_examples);
	tcase_add_test(tc, spec_nf_and_noforn_same);
	tcase_add_test(tc, spec_replacement_suggestion);
	tcase_add_test(tc, fields_portion);
	tcase_add_test(tc, fields_relto_order_as_written);
	tcase_add_test(tc, fields_span_and_spaces);
	tcase_add_test(tc, fields_eyes_display);
	tcase_add_test(tc, fields_foreign_joint_nato);
	tcase_add_test(tc, fields_cui);
	tcase_add_test(tc, controls_each);
	tcase_add_test(tc, controls_noforn_carriers);
	tcase_add_test(tc, controls_sci_sap_aea);
	tcase_add_test(tc, controls_names);
	tcase_add_test(tc, banner_forms);
	tcase_add_test(tc, banner_malformed);
	tcase_add_test(tc, banner_not_banners);
	tcase_add_test(tc, banner_icase);
	tcase_add_test(tc, detect_ordinary_parentheses);
	tcase_add_test(tc, detect_malformed);
	tcase_add_test(tc, detect_found);
	tcase_add_test(tc, grammar_reasons);
	tcase_add_test(tc, grammar_parse_direct);
	tcase_add_test(tc, checks_form);
	tcase_add_test(tc, checks_conflict);
	tcase_add_test(tc, countries_sort);
	tcase_add_test(tc, countries_sort_dedupes_parsed);
	tcase_add_test(tc, rollup_basic);
	tcase_add_test(tc, rollup_relto);
	tcase_add_test(tc, rollup_fouo_cui_foreign);
	tcase_add_test(tc, format_cap);
	tcase_add_test(tc, hostile_100000_blocks);
	tcase_add_test(tc, hostile_limits);
	tcase_add_test(tc, judge_verdicts);
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
