/* check_rules.c - unit tests of the rule set (ml_rules.c) and the PCRE2
 * wrapper (ml_rx.c): the shipped files load and pass their examples, bad
 * files fail with rules-invalid and a FILE:LINE message, user files add
 * and replace entries, and a catastrophic pattern hits a limit. */
#include "ml_rules.h"
#include "ml_rx.h"
#include "ml_wording.h"

#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS "urn:marklint:rules:1"
#define RULES_OPEN "<rules xmlns=\"" NS "\">\n"
#define RULES_CLOSE "</rules>\n"

/* The builtin rule set (caller frees); fails the test when it does not
 * load. */
static ml_rules *S_builtin(void)
{
	ml_rules *rs = ml_rules_new();
	ml_error err;

	memset(&err, 0, sizeof err);
	if (ml_rules_load_builtin(rs, &err) != 0)
		ck_abort_msg("builtin rules: %s: %s", err.code, err.message);
	return rs;
}

static int S_load(ml_rules *rs, const char *name, const char *xml,
                  ml_error *err)
{
	memset(err, 0, sizeof *err);
	return ml_rules_load_memory(rs, name, xml, strlen(xml), err);
}

static const ml_pattern *S_find(const ml_rules *rs, ml_pat_kind kind,
                                const char *id)
{
	const ml_pattern *const *v;
	size_t n = ml_rules_patterns(rs, kind, &v), i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i]->id, id) == 0)
			return v[i];
	return NULL;
}

/* 1 when rx finds a match in text. */
static int S_matches(const ml_rx *rx, const char *text)
{
	ml_rx_scratch *s = ml_rx_scratch_new();
	int r = ml_rx_find(rx, s, text, strlen(text), 0, NULL, NULL);

	ml_rx_scratch_free(s);
	return r;
}

/* Justification bits of the citations that match text, or-ed. */
static unsigned S_justifies(const ml_rules *rs, const char *text,
                            const char **group)
{
	const ml_pattern *const *v;
	size_t n = ml_rules_patterns(rs, ML_PAT_CITATION, &v), i;
	unsigned bits = 0;
	int any = 0;

	*group = NULL;
	for (i = 0; i < n; i++) {
		if (S_matches(v[i]->rx, text) == 1) {
			bits |= v[i]->justifies;
			if (!*group) /* the specific row before the family */
				*group = v[i]->group;
			any = 1;
		}
	}
	return any ? bits : 0xFFu;
}

START_TEST(test_builtin_loads)
{
	ml_rules *rs = S_builtin();
	const ml_pattern *const *v;
	const ml_quote *q;
	int k;

	for (k = 0; k < ML_PAT__COUNT; k++) {
		ck_assert_msg(ml_rules_patterns(rs, (ml_pat_kind)k, &v) > 0,
		              "kind %d has no pattern", k);
		if (k == ML_PAT_PART)
			ck_assert_ptr_null(ml_rules_any(rs, (ml_pat_kind)k));
		else
			ck_assert_ptr_nonnull(ml_rules_any(rs, (ml_pat_kind)k));
		ck_assert_ptr_nonnull(v[0]->file);
		ck_assert_int_gt(v[0]->line, 0);
	}
	ck_assert_uint_ge(ml_rules_patterns(rs, ML_PAT_RESTRICTION, &v), 8);
	ck_assert_uint_ge(ml_rules_patterns(rs, ML_PAT_PART, &v), 8);
	ck_assert_uint_ge(ml_rules_patterns(rs, ML_PAT_EXCLUSION, &v), 6);
	ck_assert_str_eq(S_find(rs, ML_PAT_PART, "foreign-party")->role,
	                 "subject");
	ck_assert_uint_ge(ml_rules_patterns(rs, ML_PAT_CITATION, &v), 30);
	ck_assert_uint_ge(ml_rules_patterns(rs, ML_PAT_PARTNER, &v), 20);
	ck_assert_uint_ge(ml_rules_quotes(rs, &q), 4);
	ck_assert_str_eq(q[1].open, "\xe2\x80\x9c");
	ck_assert_str_eq(q[1].close, "\xe2\x80\x9d");
	ck_assert_str_eq(S_find(rs, ML_PAT_PARTNER, "aukus")->codes, "AUS GBR");
	ck_assert_str_eq(S_find(rs, ML_PAT_PARTNER, "five-eyes")->codes, "FVEY");
	ml_rules_free(rs);
}
END_TEST

START_TEST(test_selftest)
{
	ml_rules *rs = S_builtin();
	size_t checked = 0;
	int fails = ml_rules_selftest(rs, stderr, &checked);

	ck_assert_int_eq(fails, 0);
	ck_assert_uint_ge(checked, 300);
	ml_rules_free(rs);
}
END_TEST

/* Visits every <example>/<counterexample> of the shipped files. */
typedef void (*S_visit)(void *ud, ml_pat_kind kind, const char *id,
                        int positive, const char *text);

static const char *const S_kinds[ML_PAT__COUNT] = {
	"restriction", "blanket", "statement", "label",
	"citation", "vague", "authority-block", "partner",
	"part", "exclusion", "mention",
};

static void S_visit_file(const char *path, S_visit fn, void *ud)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	xmlNodePtr e, c;
	int k;

	ck_assert_msg(doc != NULL, "cannot read %s", path);
	for (e = xmlDocGetRootElement(doc)->children; e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE)
			continue;
		for (k = 0; k < ML_PAT__COUNT; k++)
			if (strcmp((const char *)e->name, S_kinds[k]) == 0)
				break;
		if (k == ML_PAT__COUNT)
			continue;
		for (c = e->children; c; c = c->next) {
			xmlChar *id, *text;
			int pos;
			if (c->type != XML_ELEMENT_NODE)
				continue;
			pos = strcmp((const char *)c->name, "example") == 0;
			if (!pos && strcmp((const char *)c->name, "counterexample"))
				continue;
			id = xmlGetProp(e, (const xmlChar *)"id");
			text = xmlNodeGetContent(c);
			fn(ud, (ml_pat_kind)k, (const char *)id, pos,
			   (const char *)text);
			xmlFree(id);
			xmlFree(text);
		}
	}
	xmlFreeDoc(doc);
}

static void S_visit_all(S_visit fn, void *ud)
{
	static const char *const files[] = {
		"restrictions.xml", "authorities.xml", "partners.xml",
	};
	char path[1024];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/markings/%s", ML_SOURCE_DIR,
		         files[i]);
		S_visit_file(path, fn, ud);
	}
}

typedef struct S_kindwide {
	const ml_rules *rs;
	int fails;
	int seen;
} S_kindwide;

/* A counterexample is not a hit for any pattern of its kind. */
static void S_check_kindwide(void *ud, ml_pat_kind kind, const char *id,
                             int positive, const char *text)
{
	S_kindwide *kw = ud;
	const ml_rx *any = ml_rules_any(kw->rs, kind);

	/* parts are pieces of different kinds: a subject's counterexample
	 * may well be another subject ("U.S. citizens") */
	if (positive || kind == ML_PAT_PART)
		return;
	kw->seen++;
	if (kind == ML_PAT_CITATION) {
		/* the families ("any CFR section") take what the specific rows
		 * leave ("22 CFR 1200" is no ITAR citation, but a citation),
		 * and leave what a specific row takes (the marking regimes) */
		const ml_pattern *const *v;
		size_t n = ml_rules_patterns(kw->rs, kind, &v), i;
		int family = S_find(kw->rs, kind, id)->sentence_only;
		for (i = 0; i < n; i++) {
			if (v[i]->sentence_only != family ||
			    S_matches(v[i]->rx, text) != 1)
				continue;
			fprintf(stderr, "citation '%s': counterexample matches "
			        "'%s': \"%s\"\n", id, v[i]->id, text);
			kw->fails++;
		}
		return;
	}
	if (S_matches(any, text) != 0) {
		fprintf(stderr, "%s '%s': counterexample matches another "
		        "pattern of its kind: \"%s\"\n", S_kinds[kind], id, text);
		kw->fails++;
	}
}

START_TEST(test_counterexamples_kindwide)
{
	S_kindwide kw = {S_builtin(), 0, 0};

	S_visit_all(S_check_kindwide, &kw);
	ck_assert_int_gt(kw.seen, 100);
	ck_assert_int_eq(kw.fails, 0);
	ml_rules_free((ml_rules *)kw.rs);
}
END_TEST

/* The alternation matches wherever a member matches, and only there. */
static void S_check_alternation(void *ud, ml_pat_kind kind, const char *id,
                                int positive, const char *text)
{
	S_kindwide *kw = ud;
	const ml_pattern *const *v;
	size_t n = ml_rules_patterns(kw->rs, kind, &v), i;
	int member = 0;

	if (kind == ML_PAT_PART) /* no alternation: parts are pieces */
		return;

	for (i = 0; i < n && !member; i++)
		member = S_matches(v[i]->rx, text) == 1;
	kw->seen++;
	if (member != (S_matches(ml_rules_any(kw->rs, kind), text) == 1)) {
		fprintf(stderr, "%s: alternation and members disagree on "
		        "\"%s\" (%s)\n", S_kinds[kind], text, id);
		kw->fails++;
	}
	(void)positive;
}

START_TEST(test_alternation)
{
	S_kindwide kw = {S_builtin(), 0, 0};
	const ml_rx *any = ml_rules_any(kw.rs, ML_PAT_RESTRICTION);
	ml_rx_scratch *s = ml_rx_scratch_new();
	const char *t = "Intro. Foreign participation is not permitted.";
	size_t so = 0, eo = 0;

	S_visit_all(S_check_alternation, &kw);
	ck_assert_int_gt(kw.seen, 300);
	ck_assert_int_eq(kw.fails, 0);
	/* offsets are bytes of the subject; start skips earlier text */
	ck_assert_int_eq(ml_rx_find(any, s, t, strlen(t), 0, &so, &eo), 1);
	ck_assert_uint_eq(so, 7);
	ck_assert_int_eq(ml_rx_find(any, s, t, strlen(t), 8, &so, &eo), 0);
	/* a case-sensitive member keeps its case inside the alternation */
	ck_assert_int_eq(S_matches(ml_rules_any(kw.rs, ML_PAT_CITATION),
	                           "under the EAR"), 1);
	ck_assert_int_eq(S_matches(ml_rules_any(kw.rs, ML_PAT_CITATION),
	                           "in the ear"), 0);
	ml_rx_scratch_free(s);
	ml_rules_free((ml_rules *)kw.rs);
}
END_TEST

START_TEST(test_citation_table)
{
	static const struct {
		const char *text;
		unsigned bits;
		const char *group;
	} rows[] = {
		{"per ICD 403", 3, "intelligence"},
		{"derived from DIA report DI-1234-56", 3, "intelligence"},
		{"the drawings contain NNPI", 3, "nuclear"},
		{"the site plan is DCNI", 3, "nuclear"},
		{"per NDP-1", 3, "national disclosure policy"},
		{"DoDD 5230.11", 3, "national disclosure policy"},
		{"Foreign Disclosure Officer determination 2021-017", 3,
		 "national disclosure policy"},
		{"per FDO memorandum FDO-22-117", 3,
		 "national disclosure policy"},
		{"DDL 2019-117", 3, "national disclosure policy"},
		{"per the XYZ SCG, item 4.2", 3, "security classification guide"},
		{"DFARS PGI 204.402", 3, "NOFORN on contracts"},
		{"ITAR", 2, "export control"},
		{"22 C.F.R. \xc2\xa7 120.17", 2, "export control"},
		{"USML Category XI(a)", 2, "export control"},
		{"22 U.S.C. 2778", 2, "export control"},
		{"15 CFR Part 734", 2, "export control"},
		{"50 U.S.C. \xc2\xa7 4817", 2, "export control"},
		{"ECCN 3A001", 2, "export control"},
		{"Distribution Statement D", 2, "export control"},
		{"FOCI", 2, "foreign ownership and clearances"},
		{"32 CFR Part 117", 2, "foreign ownership and clearances"},
		{"a TOP SECRET facility clearance", 2,
		 "foreign ownership and clearances"},
		{"DFARS 252.225-7048", 2, "clauses and forms"},
		{"FAR 52.204-2", 2, "clauses and forms"},
		{"DD Form 254, Block 10", 2, "clauses and forms"},
		{"10 U.S.C. \xc2\xa7 4872", 2, "statutes"},
		{"15 U.S.C. 638", 2, "statutes"},
		/* families: any citation that can be looked up */
		{"DoDD 5230.20", 2, "DoD issuances"},
		{"DoDM 5200.02", 2, "DoD issuances"},
		{"DoD 8570.01-M", 2, "DoD issuances"},
		{"FAR 25.7", 2, "clauses and forms"},
		{"13 CFR 121.702", 2, "statutes"},
		{"42 U.S.C. 19237", 2, "statutes"},
		{"48 CFR 225.7901", 2, "regulations"},
		{"ICD 503", 2, "other issuances"},
		{"CJCSI 6510.01F", 2, "other issuances"},
		{"DoDM 5200.01", 0, "marking regime"},
		{"DoDI 5200.48", 0, "marking regime"},
		{"32 CFR 2002", 0, "marking regime"},
		{"E.O. 13526", 0, "marking regime"},
	};
	ml_rules *rs = S_builtin();
	const char *group;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		unsigned bits = S_justifies(rs, rows[i].text, &group);
		ck_assert_msg(bits == rows[i].bits, "%s: justifies %u, want %u",
		              rows[i].text, bits, rows[i].bits);
		ck_assert_str_eq(group, rows[i].group);
	}
	/* vague, not citations */
	ck_assert_uint_eq(S_justifies(rs, "per the SCG", &group), 0xFFu);
	ck_assert_uint_eq(S_justifies(rs, "the FDO's decision", &group), 0xFFu);
	ck_assert_uint_eq(S_justifies(rs, "US export control laws", &group),
	                  0xFFu);
	ck_assert_uint_eq(S_justifies(rs, "for security reasons", &group),
	                  0xFFu);
	ck_assert_uint_eq(S_justifies(rs, "(CUI//SP-NNPI)", &group), 0xFFu);
	ck_assert_int_eq(S_matches(ml_rules_any(rs, ML_PAT_VAGUE),
	                           "per the SCG"), 1);
	ml_rules_free(rs);
}
END_TEST

/* A space in a pattern matches any white space, line breaks included. */
START_TEST(test_space_rewrite)
{
	ml_rules *rs = S_builtin();
	char *s;

	ck_assert_int_eq(S_matches(ml_rules_any(rs, ML_PAT_RESTRICTION),
	                           "closed to\nforeign \t participation"), 1);
	s = ml_rx__rewrite("a b  c");
	ck_assert_str_eq(s, "a\\s+b\\s+c");
	free(s);
	s = ml_rx__rewrite("a ?b[ x]\\ c\\Q d\\E(?# e)");
	ck_assert_str_eq(s, "a(?:\\s+)?b[ x]\\ c\\Q d\\E(?# e)");
	free(s);
	s = ml_rx__rewrite("[] ] [^] ][[:alpha:] ]x y");
	ck_assert_str_eq(s, "[] ]\\s+[^] ][[:alpha:] ]x\\s+y");
	free(s);
	ml_rules_free(rs);
}
END_TEST

START_TEST(test_rule_defs)
{
	static const struct {
		const char *id;
		ml_severity sev;
		const char *disposition;
	} spec[] = {
		{"NOFORN-UNJUSTIFIED", ML_SEV_ERROR, "remove"},
		{"NOFORN-WEAK", ML_SEV_WARNING, "review"},
		{"NOFORN-JUSTIFIED", ML_SEV_INFO, "retain"},
		{"FOREIGN-UNJUSTIFIED", ML_SEV_ERROR, "remove"},
		{"FOREIGN-WEAK", ML_SEV_WARNING, "review"},
		{"FOREIGN-JUSTIFIED", ML_SEV_INFO, "retain"},
		{"FOREIGN-BLANKET", ML_SEV_WARNING, "narrow"},
		{"BANNER-UNSUPPORTED", ML_SEV_ERROR, "remove"},
		{"BANNER-MISSING-NOFORN", ML_SEV_ERROR, "review"},
		{"NOFORN-RELTO-CONFLICT", ML_SEV_ERROR, "review"},
		{"MARKING-MALFORMED", ML_SEV_WARNING, "correct"},
		{"MARKING-NONSTANDARD", ML_SEV_WARNING, "correct"},
		{"FOUO-OBSOLETE", ML_SEV_WARNING, "correct"},
		/* the tool's own (suppressions, ml_suppress.h) */
		{"SUPPRESSION-INVALID", ML_SEV_WARNING, "review"},
		{"SUPPRESSION-UNUSED", ML_SEV_WARNING, "review"},
	};
	ml_rules *rs = S_builtin();
	const ml_ruledef *defs, *d;
	ml_severity sev;
	size_t i;

	ck_assert_uint_eq(ml_rules_defs(rs, &defs), 15);
	for (i = 0; i < sizeof spec / sizeof spec[0]; i++) {
		d = ml_rules_def(rs, spec[i].id);
		ck_assert_msg(d != NULL, "%s missing", spec[i].id);
		ck_assert_int_eq(d->severity, spec[i].sev);
		ck_assert_str_eq(d->disposition, spec[i].disposition);
		ck_assert_int_eq(d->enabled, 1);
		ck_assert_uint_gt(strlen(d->summary), 10);
		ck_assert_uint_gt(strlen(d->why), 100);
		ck_assert_uint_gt(strlen(d->authority), 5);
		ck_assert_uint_gt(strlen(d->fix), 20);
		ck_assert_ptr_null(strchr(d->why, '\n'));
	}
	ck_assert_str_eq(ml_rules_def(rs, "NOFORN-WEAK")->help_uri,
	                 "https://www.acq.osd.mil/dpap/dars/pgi/pgi_htm/PGI204_4.htm");
	ck_assert_ptr_null(ml_rules_def(rs, "FOUO-OBSOLETE")->help_uri);
	ck_assert_int_eq(ml_rules_set_severity(rs, "foreign-blanket",
	                                       ML_SEV_ERROR), 0);
	ck_assert_int_eq(ml_rules_def(rs, "FOREIGN-BLANKET")->severity,
	                 ML_SEV_ERROR);
	ck_assert_int_eq(ml_rules_set_enabled(rs, "FOUO-OBSOLETE", 0), 0);
	ck_assert_int_eq(ml_rules_def(rs, "FOUO-OBSOLETE")->enabled, 0);
	ck_assert_int_eq(ml_rules_set_severity(rs, "NO-SUCH", ML_SEV_INFO), -1);
	ck_assert_int_eq(ml_rules_set_enabled(rs, "NO-SUCH", 1), -1);
	ck_assert_str_eq(ml_severity_name(ML_SEV_WARNING), "warning");
	ck_assert_int_eq(ml_severity_parse("ERROR", &sev), 0);
	ck_assert_int_eq(sev, ML_SEV_ERROR);
	ck_assert_int_eq(ml_severity_parse("fatal", &sev), -1);
	ml_rules_free(rs);
}
END_TEST

/* --- bad files --- */

static void S_expect_invalid(const char *xml, const char *want)
{
	ml_rules *rs = ml_rules_new();
	ml_error err;

	ck_assert_int_eq(S_load(rs, "user.xml", xml, &err), ML_EFORMAT);
	ck_assert_str_eq(err.code, "rules-invalid");
	ck_assert_msg(strstr(err.message, want) != NULL,
	              "message \"%s\" lacks \"%s\"", err.message, want);
	ml_rules_free(rs);
}

#define ENTRY(kind, id, pat)                                               \
	"<" kind " id=\"" id "\"><pattern>" pat "</pattern>"                   \
	"<example>x</example><counterexample>y</counterexample></" kind ">\n"

START_TEST(test_not_well_formed)
{
	S_expect_invalid(RULES_OPEN "<vague id=\"a\">\n<pattern>x</vague>\n"
	                 RULES_CLOSE, "user.xml:3: not well-formed");
}
END_TEST

START_TEST(test_schema_invalid)
{
	/* no counterexample */
	S_expect_invalid(RULES_OPEN "\n<vague id=\"a\"><pattern>x</pattern>"
	                 "<example>x</example></vague>\n" RULES_CLOSE,
	                 "user.xml:3: ");
	/* citation without its justification bits */
	S_expect_invalid(RULES_OPEN "<citation id=\"a\" group=\"g\">"
	                 "<pattern>x</pattern><example>x</example>"
	                 "<counterexample>y</counterexample></citation>\n"
	                 RULES_CLOSE, "user.xml:2: ");
	/* unknown element, wrong namespace */
	S_expect_invalid(RULES_OPEN "<frob/>" RULES_CLOSE, "user.xml:2: ");
	S_expect_invalid("<rules/>", "user.xml:1: ");
	/* a DOCTYPE (entities) is refused */
	S_expect_invalid("<!DOCTYPE rules [<!ENTITY e \"x\">]>\n" RULES_OPEN
	                 RULES_CLOSE, "DOCTYPE");
}
END_TEST

START_TEST(test_bad_regex)
{
	S_expect_invalid(RULES_OPEN "\n\n" ENTRY("vague", "broken", "for (abc")
	                 RULES_CLOSE, "user.xml:4: pattern 'broken': "
	                 "missing closing parenthesis at offset 8");
	S_expect_invalid(RULES_OPEN ENTRY("vague", "empty", "a*") RULES_CLOSE,
	                 "pattern 'empty' matches the empty string");
	S_expect_invalid(RULES_OPEN ENTRY("vague", "backref", "(a)\\1")
	                 RULES_CLOSE, "back-references");
	S_expect_invalid(RULES_OPEN ENTRY("vague", "twice", "a")
	                 ENTRY("vague", "twice", "b") RULES_CLOSE,
	                 "user.xml:3: vague 'twice' is declared twice");
}
END_TEST

START_TEST(test_failed_load_changes_nothing)
{
	ml_rules *rs = S_builtin();
	const ml_pattern *const *v;
	size_t n = ml_rules_patterns(rs, ML_PAT_VAGUE, &v);
	const ml_rx *any = ml_rules_any(rs, ML_PAT_VAGUE);
	ml_error err;

	ck_assert_int_eq(S_load(rs, "user.xml", RULES_OPEN
	                        ENTRY("vague", "fine", "fine")
	                        ENTRY("vague", "bad", "(") RULES_CLOSE,
	                        &err), ML_EFORMAT);
	ck_assert_uint_eq(ml_rules_patterns(rs, ML_PAT_VAGUE, &v), n);
	ck_assert_ptr_eq(ml_rules_any(rs, ML_PAT_VAGUE), any);
	ck_assert_ptr_null(S_find(rs, ML_PAT_VAGUE, "fine"));
	ml_rules_free(rs);
}
END_TEST

START_TEST(test_user_file)
{
	static const char xml[] = RULES_OPEN
		"  <citation id=\"zephyr-scg\" group=\"security classification "
		"guide\" noforn=\"yes\" foreign=\"yes\">\n"
		"    <pattern>\\bZephyr\n"
		"      (?: classification guide)\\b</pattern>\n"
		"    <example>per the Zephyr classification guide</example>\n"
		"    <counterexample>zephyr winds</counterexample>\n"
		"  </citation>\n"
		"  <citation id=\"itar\" group=\"export control\" noforn=\"no\" "
		"foreign=\"yes\" case=\"sensitive\">\n"
		"    <pattern>\\bITAR-controlled\\b</pattern>\n"
		"    <example>ITAR-controlled data</example>\n"
		"    <counterexample>ITAR</counterexample>\n"
		"  </citation>\n"
		"  <rule id=\"FOUO-OBSOLETE\" severity=\"error\" "
		"disposition=\"review\"><summary>s</summary><why>w</why>"
		"<authority>a</authority><fix>f</fix></rule>\n"
		"  <quote open=\"&lt;&lt;\" close=\"&gt;&gt;\"/>\n"
		RULES_CLOSE;
	ml_rules *rs = S_builtin();
	const ml_pattern *const *v;
	size_t n = ml_rules_patterns(rs, ML_PAT_CITATION, &v), checked;
	const ml_pattern *p;
	const ml_quote *q;
	size_t nq = ml_rules_quotes(rs, &q);
	ml_error err;

	ck_assert_int_eq(S_load(rs, "guides.xml", xml, &err), 0);
	ck_assert_uint_eq(ml_rules_patterns(rs, ML_PAT_CITATION, &v), n + 1);
	p = S_find(rs, ML_PAT_CITATION, "zephyr-scg");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->file, "guides.xml");
	ck_assert_int_eq(p->line, 2);
	ck_assert_uint_eq(p->justifies,
	                  ML_JUSTIFIES_NOFORN | ML_JUSTIFIES_FOREIGN);
	/* wrapped pattern lines are joined */
	ck_assert_int_eq(S_matches(p->rx, "the zephyr classification guide"),
	                 1);
	/* the replaced entry keeps its place and takes the new pattern */
	p = S_find(rs, ML_PAT_CITATION, "itar");
	ck_assert_str_eq(p->file, "guides.xml");
	ck_assert_int_eq(S_matches(p->rx, "under ITAR"), 0);
	ck_assert_int_eq(S_matches(ml_rules_any(rs, ML_PAT_CITATION),
	                           "per the Zephyr classification guide"), 1);
	ck_assert_int_eq(ml_rules_def(rs, "FOUO-OBSOLETE")->severity,
	                 ML_SEV_ERROR);
	ck_assert_uint_eq(ml_rules_quotes(rs, &q), nq + 1);
	ck_assert_str_eq(q[nq].open, "<<");
	ck_assert_int_eq(ml_rules_selftest(rs, stderr, &checked), 0);
	ml_rules_free(rs);
}
END_TEST

/* --- parts --- */

#define PART(id, role, trig, pat, ex, cex)                                 \
	"<part id=\"" id "\" role=\"" role "\"" trig "><pattern>" pat          \
	"</pattern><example>" ex "</example><counterexample>" cex            \
	"</counterexample></part>\n"

START_TEST(test_parts)
{
	ml_rules *rs = ml_rules_new();
	const ml_pattern *p;
	ml_error err;
	size_t checked;

	/* a pattern calls a part as (?P>name), and a trigger list may name
	 * the part for its triggers; the part keeps its letter case */
	ck_assert_int_eq(S_load(rs, "a.xml", RULES_OPEN
	    PART("who", "subject", " trigger=\"alien\"", "aliens?", "an alien",
	         "a lion")
	    PART("acro", "other", " case=\"sensitive\"", "\\bXY\\b", "XY",
	         "xy")
	    "<restriction id=\"r\" trigger=\"(?P>who)|xy\">"
	    "<pattern>(?:(?P>who)|(?P>acro)) may not (?P>verb)</pattern>"
	    "<example>Aliens may not enter.</example>"
	    "<counterexample>Lions may not enter.</counterexample>"
	    "</restriction>\n"
	    PART("verb", "predicate", "", "enter|stay", "enter", "leave")
	    RULES_CLOSE, &err), 0);
	p = S_find(rs, ML_PAT_RESTRICTION, "r");
	ck_assert_str_eq(ml_rx__trigger(p->rx), "alien|xy");
	ck_assert_int_eq(S_matches(p->rx, "ALIENS MAY NOT STAY"), 1);
	ck_assert_int_eq(S_matches(p->rx, "XY may not stay"), 1);
	ck_assert_int_eq(S_matches(p->rx, "xy may not stay"), 0);
	ck_assert_int_eq(ml_rules_selftest(rs, stderr, &checked), 0);
	/* a later file's part applies to the patterns that call it */
	ck_assert_int_eq(S_load(rs, "b.xml", RULES_OPEN
	    PART("verb", "predicate", "", "enter|stay|visit", "visit", "leave")
	    RULES_CLOSE, &err), 0);
	p = S_find(rs, ML_PAT_RESTRICTION, "r");
	ck_assert_int_eq(S_matches(p->rx, "Aliens may not visit"), 1);
	ck_assert_int_eq(S_matches(ml_rules_any(rs, ML_PAT_RESTRICTION),
	                           "Aliens may not visit"), 1);
	/* errors: a part that does not exist, parts that call each other,
	 * a trigger naming a part without triggers; nothing changes */
	ck_assert_int_eq(S_load(rs, "c.xml", RULES_OPEN
	    ENTRY("vague", "v", "(?P>nothing)") RULES_CLOSE, &err),
	    ML_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.message, "no part 'nothing'"));
	ck_assert_int_eq(S_load(rs, "d.xml", RULES_OPEN
	    PART("p1", "other", "", "a(?P>p2)", "a", "b")
	    PART("p2", "other", "", "b(?P>p1)", "b", "c")
	    RULES_CLOSE, &err), ML_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.message, "deep"));
	ck_assert_int_eq(S_load(rs, "e.xml", RULES_OPEN
	    "<vague id=\"w\" trigger=\"(?P>verb)\"><pattern>x</pattern>"
	    "<example>x</example><counterexample>y</counterexample></vague>"
	    RULES_CLOSE, &err), ML_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.message, "no trigger"));
	ck_assert_int_eq(S_load(rs, "f.xml", RULES_OPEN
	    PART("verb", "predicate", "", "enter|(", "enter", "leave")
	    RULES_CLOSE, &err), ML_EFORMAT);
	p = S_find(rs, ML_PAT_RESTRICTION, "r");
	ck_assert_int_eq(S_matches(p->rx, "Aliens may not visit"), 1);
	ml_rules_free(rs);
}
END_TEST

/* The shipped recogniser: the frames built from parts find what the spec
 * names and leave its counterexamples; exclusions say what is not a
 * restriction. */
START_TEST(test_frames_shipped)
{
	static const char *const yes[] = {
		"Foreign nationals proposed to perform on this topic may be "
		"restricted due to the technical data.",
		"FN access to the vault must be permitted only during normal "
		"working hours when US personnel are present.",
		"All local FN must not have access to classified systems unless:",
		"The technology within this topic is restricted under the ITAR.",
		"Key personnel must be U.S. citizens.",
		"Access: U.S. citizens only.",
	};
	static const char *const no[] = {
		"Offerors must disclose any proposed use of foreign nationals.",
		"Foreign participation is welcome.",
		"Foreign object debris shall not be created.",
		"The material not releasable to FN is covered.",
	};
	static const char *const excluded[] = {
		"Is this topic closed to foreign participation?",
		"Foreign national means a person who is not a U.S. person.",
		"RD is not releasable to foreign nationals unless authorized.",
		"The ITAR controls the export of defense articles.",
		"The previous solicitation was closed to foreign participation.",
	};
	ml_rules *rs = S_builtin();
	const ml_rx *frames = ml_rules_any(rs, ML_PAT_RESTRICTION);
	const ml_rx *excl = ml_rules_any(rs, ML_PAT_EXCLUSION);
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		ck_assert_msg(S_matches(frames, yes[i]) == 1, "%s", yes[i]);
		ck_assert_msg(S_matches(excl, yes[i]) == 0, "%s", yes[i]);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		ck_assert_msg(S_matches(frames, no[i]) == 0, "%s", no[i]);
	for (i = 0; i < sizeof excluded / sizeof excluded[0]; i++)
		ck_assert_msg(S_matches(excl, excluded[i]) == 1, "%s",
		              excluded[i]);
	ml_rules_free(rs);
}
END_TEST

START_TEST(test_load_file)
{
	char path[1024];
	ml_rules *rs = ml_rules_new();
	ml_error err;

	snprintf(path, sizeof path, "%s/markings/partners.xml", ML_SOURCE_DIR);
	ck_assert_int_eq(ml_rules_load_file(rs, path, &err), 0);
	ck_assert_ptr_nonnull(S_find(rs, ML_PAT_PARTNER, "aukus"));
	ck_assert_int_eq(ml_rules_load_file(rs, "/nonexistent/r.xml", &err),
	                 ML_EIO);
	ck_assert_str_eq(err.code, "rules-unreadable");
	ml_rules_free(rs);
}
END_TEST

/* --- limits --- */

static double S_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(test_pathological)
{
	size_t n = 100000, off;
	char *text = malloc(n + 2), msg[128];
	ml_rx *rx = ml_rx__new("(a+)+$", ML_RX_CASELESS, msg, sizeof msg, &off);
	ml_rx_scratch *s = ml_rx_scratch_new();
	double t0;
	int r;

	ck_assert_ptr_nonnull(rx);
	memset(text, 'a', n);
	text[n] = 'b';
	text[n + 1] = '\0';
	t0 = S_now();
	r = ml_rx_find(rx, s, text, n + 1, 0, NULL, NULL);
	ck_assert_int_eq(r, ML_ELIMIT);
	ck_assert_msg(S_now() - t0 < 5.0, "took %.1f s", S_now() - t0);
	/* the scratch is still usable */
	ck_assert_int_eq(ml_rx_find(rx, s, "aaa", 3, 0, NULL, NULL), 1);
	/* invalid UTF-8 in the subject is an error, not a crash */
	ck_assert_int_lt(ml_rx_find(rx, s, "a\xff", 2, 0, NULL, NULL), 0);
	ml_rx_scratch_free(s);
	ml_rx__free(rx);
	free(text);
}
END_TEST

/* The shipped patterns stay fast on a long portion. */
START_TEST(test_long_portion)
{
	static const char unit[] = "The offeror shall describe the foreign "
		"participation plan, the SCG items, security reasons and "
		"U.S. persons in a capacity of at least one tier. ";
	size_t n = 200, i, len = (sizeof unit - 1) * n;
	char *text = malloc(len + 1);
	ml_rules *rs = S_builtin();
	ml_rx_scratch *s = ml_rx_scratch_new();
	const ml_pattern *const *v;
	int k, r;

	for (i = 0; i < n; i++)
		memcpy(text + i * (sizeof unit - 1), unit, sizeof unit - 1);
	text[len] = '\0';
	for (k = 0; k < ML_PAT__COUNT; k++) {
		size_t np = ml_rules_patterns(rs, (ml_pat_kind)k, &v);
		for (i = 0; i < np; i++) {
			r = ml_rx_find(v[i]->rx, s, text, len, 0, NULL, NULL);
			ck_assert_msg(r >= 0, "%s hits a limit", v[i]->id);
		}
		if (k == ML_PAT_PART)
			continue; /* no alternation */
		r = ml_rx_find(ml_rules_any(rs, (ml_pat_kind)k), s, text, len, 0,
		               NULL, NULL);
		ck_assert_int_ge(r, 0);
	}
	ml_rx_scratch_free(s);
	ml_rules_free(rs);
	free(text);
}
END_TEST

/* --- triggers (the prefilter) --- */

/* Every shipped entry of the kinds matched on every portion has a
 * trigger, and so has its kind's alternation. */
START_TEST(test_triggers_shipped)
{
	static const ml_pat_kind kinds[] = {
		ML_PAT_RESTRICTION, ML_PAT_STATEMENT, ML_PAT_CITATION,
		ML_PAT_VAGUE, ML_PAT_AUTHORITY_BLOCK, ML_PAT_PARTNER,
	};
	ml_rules *rs = S_builtin();
	const ml_pattern *const *v;
	size_t k, i, n;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		n = ml_rules_patterns(rs, kinds[k], &v);
		for (i = 0; i < n; i++)
			ck_assert_msg(ml_rx__trigger(v[i]->rx) != NULL,
			              "%s '%s' has no trigger", S_kinds[kinds[k]],
			              v[i]->id);
		ck_assert_ptr_nonnull(ml_rx__trigger(ml_rules_any(rs, kinds[k])));
	}
	/* a trigger that names a part takes the part's triggers */
	ck_assert_str_eq(ml_rx__trigger(S_find(rs, ML_PAT_RESTRICTION,
	                                       "closed-to-foreign")->rx),
	                 ml_rx__trigger(S_find(rs, ML_PAT_PART,
	                                       "foreign-party")->rx));
	ml_rules_free(rs);
}
END_TEST

START_TEST(test_trigger_syntax)
{
	char msg[256];
	size_t off;
	ml_rx *rx = ml_rx__new("\\bforeign (?:firms|nationals)\\b",
	                       ML_RX_CASELESS, msg, sizeof msg, &off);

	ck_assert_ptr_nonnull(rx);
	ck_assert_ptr_null(ml_rx__trigger(rx));
	/* case folded, runs of spaces made one, duplicates dropped */
	ck_assert_int_eq(ml_rx__set_trigger(rx, "Foreign|united  states|FOREIGN",
	                                    msg, sizeof msg), 0);
	ck_assert_str_eq(ml_rx__trigger(rx), "foreign|united states");
	ck_assert_int_eq(ml_rx__triggered(rx, "FOREIGN", 7), 1);
	ck_assert_int_eq(ml_rx__triggered(rx, "xx foreig", 9), 0);
	/* a space in a trigger matches any run of white space */
	ck_assert_int_eq(ml_rx__triggered(rx, "United\n\t States", 15), 1);
	ck_assert_int_eq(ml_rx__triggered(rx, "unitedstates", 12), 0);
	/* literals: printable ASCII, two characters before any space */
	ck_assert_int_eq(ml_rx__set_trigger(rx, "a", msg, sizeof msg), -1);
	ck_assert_int_eq(ml_rx__set_trigger(rx, "a b", msg, sizeof msg), -1);
	ck_assert_int_eq(ml_rx__set_trigger(rx, "ok|", msg, sizeof msg), -1);
	ck_assert_int_eq(ml_rx__set_trigger(rx, "t\xc3\xbcrkiye", msg,
	                                    sizeof msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "ASCII"));
	/* a failed call leaves the trigger as it was */
	ck_assert_str_eq(ml_rx__trigger(rx), "foreign|united states");
	ck_assert_int_eq(ml_rx__set_trigger(rx, NULL, msg, sizeof msg), 0);
	ck_assert_ptr_null(ml_rx__trigger(rx));
	ml_rx__free(rx);
}
END_TEST

/* The prefilter is transparent: the same matches and offsets, start
 * offsets included; only text without a trigger is skipped. */
START_TEST(test_trigger_find)
{
	char msg[256];
	size_t off, so = 0, eo = 0;
	ml_rx *rx = ml_rx__new("(?<=\\w\\s)not releasable to foreign",
	                       ML_RX_CASELESS, msg, sizeof msg, &off);
	ml_rx_scratch *s = ml_rx_scratch_new();
	const char *t = "Data is NOT releasable to\nforeign nationals.";

	ck_assert_ptr_nonnull(rx);
	ck_assert_int_eq(ml_rx__set_trigger(rx, "releasable", msg,
	                                    sizeof msg), 0);
	ck_assert_int_eq(ml_rx_find(rx, s, t, strlen(t), 0, &so, &eo), 1);
	ck_assert_uint_eq(so, 8);
	ck_assert_uint_eq(eo, 33);
	/* the lookbehind still sees the text before start */
	ck_assert_int_eq(ml_rx_find(rx, s, t, strlen(t), 8, &so, &eo), 1);
	ck_assert_uint_eq(so, 8);
	/* the trigger is past start no more */
	ck_assert_int_eq(ml_rx_find(rx, s, t, strlen(t), 13, &so, &eo), 0);
	ck_assert_int_eq(ml_rx_find(rx, s, t, strlen(t), strlen(t), &so, &eo),
	                 0);
	ck_assert_int_eq(ml_rx_find(rx, s, t, 20, 0, &so, &eo), 0);
	/* a dishonest trigger loses the match: only the unfiltered find
	 * (what the self-test uses) still has it */
	ck_assert_int_eq(ml_rx__set_trigger(rx, "zz", msg, sizeof msg), 0);
	ck_assert_int_eq(ml_rx_find(rx, s, t, strlen(t), 0, &so, &eo), 0);
	ck_assert_int_eq(ml_rx__find_unfiltered(rx, s, t, strlen(t), 0, &so,
	                                        &eo), 1);
	ml_rx_scratch_free(s);
	ml_rx__free(rx);
}
END_TEST

typedef struct S_members {
	const ml_rules *rs;
	ml_rx_scratch *s;
	int fails;
	int seen;
} S_members;

/* The alternation run member by member agrees with PCRE2's alternation,
 * offsets included, from every start offset. */
static void S_check_members(void *ud, ml_pat_kind kind, const char *id,
                            int positive, const char *text)
{
	S_members *m = ud;
	const ml_rx *any = ml_rules_any(m->rs, kind);
	size_t len = strlen(text), start, so1, eo1, so2, eo2;
	int r1, r2;

	(void)positive;
	if (kind == ML_PAT_PART) /* no alternation */
		return;
	for (start = 0; start <= len; start++) {
		if (((unsigned char)text[start] & 0xC0) == 0x80)
			continue; /* not a character boundary */
		so1 = eo1 = so2 = eo2 = 0;
		r1 = ml_rx_find(any, m->s, text, len, start, &so1, &eo1);
		r2 = ml_rx__find_unfiltered(any, m->s, text, len, start, &so2,
		                            &eo2);
		m->seen++;
		if (r1 != r2 || so1 != so2 || eo1 != eo2) {
			fprintf(stderr, "%s '%s': from %zu the alternation "
			        "gives %d %zu-%zu, PCRE2 %d %zu-%zu: \"%s\"\n",
			        S_kinds[kind], id, start, r1, so1, eo1, r2, so2,
			        eo2, text);
			m->fails++;
		}
	}
}

START_TEST(test_trigger_alternation)
{
	S_members m = {S_builtin(), ml_rx_scratch_new(), 0, 0};
	static const char xml[] = RULES_OPEN
		"  <vague id=\"untriggered\">\n"
		"    <pattern>\\bbecause we say so\\b</pattern>\n"
		"    <example>because we say so</example>\n"
		"    <counterexample>because</counterexample>\n"
		"  </vague>\n"
		RULES_CLOSE;
	ml_error err;

	S_visit_all(S_check_members, &m);
	ck_assert_int_gt(m.seen, 10000);
	ck_assert_int_eq(m.fails, 0);
	/* an entry without a trigger: its kind's alternation has none, and
	 * still finds everything */
	ck_assert_int_eq(S_load((ml_rules *)m.rs, "user.xml", xml, &err), 0);
	ck_assert_ptr_null(ml_rx__trigger(ml_rules_any(m.rs, ML_PAT_VAGUE)));
	ck_assert_int_eq(S_matches(ml_rules_any(m.rs, ML_PAT_VAGUE),
	                           "Because we say so."), 1);
	ck_assert_int_eq(S_matches(ml_rules_any(m.rs, ML_PAT_VAGUE),
	                           "for security reasons"), 1);
	ml_rx_scratch_free(m.s);
	ml_rules_free((ml_rules *)m.rs);
}
END_TEST

/* The self-test fails an entry whose trigger misses a match of one of
 * its examples; the schema checks the syntax. */
START_TEST(test_trigger_selftest)
{
	static const char honest[] = RULES_OPEN
		"  <citation id=\"zephyr-scg\" group=\"security classification "
		"guide\" noforn=\"yes\" foreign=\"yes\" trigger=\"zephyr\">\n"
		"    <pattern>\\bZephyr (?:SCG|classification guide)\\b</pattern>\n"
		"    <example>per the Zephyr SCG</example>\n"
		"    <counterexample>zephyr winds</counterexample>\n"
		"  </citation>\n"
		RULES_CLOSE;
	static const char dishonest[] = RULES_OPEN
		"  <citation id=\"zephyr-scg\" group=\"security classification "
		"guide\" noforn=\"yes\" foreign=\"yes\" trigger=\"zephyr|scg\">\n"
		"    <pattern>\\b(?:Zephyr|Mistral) (?:SCG|classification "
		"guide)\\b</pattern>\n"
		"    <example>per the Zephyr SCG</example>\n"
		"    <example>the Mistral classification guide</example>\n"
		"    <counterexample>zephyr winds</counterexample>\n"
		"  </citation>\n"
		RULES_CLOSE;
	static const char *const bad[] = {"a", "ab|", "|ab", " ab", "a b",
	                                  "t\xc3\xbcrkiye"};
	ml_rules *rs = S_builtin();
	ml_error err;
	size_t checked, i;
	char xml[1024];
	FILE *out = tmpfile();
	char buf[1024] = "";

	ck_assert_int_eq(S_load(rs, "user.xml", honest, &err), 0);
	ck_assert_int_eq(ml_rules_selftest(rs, stderr, &checked), 0);
	ck_assert_int_eq(S_load(rs, "user.xml", dishonest, &err), 0);
	ck_assert_int_eq(ml_rules_selftest(rs, out, &checked), 1);
	rewind(out);
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, out));
	ck_assert_msg(strstr(buf, "zephyr-scg") &&
	              strstr(buf, "holds none of the triggers"), "%s", buf);
	fclose(out);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(xml, sizeof xml, RULES_OPEN
		         "  <vague id=\"v\" trigger=\"%s\">\n"
		         "    <pattern>\\bab\\b</pattern>\n"
		         "    <example>ab</example>\n"
		         "    <counterexample>abc</counterexample>\n"
		         "  </vague>\n" RULES_CLOSE, bad[i]);
		ck_assert_msg(S_load(rs, "bad.xml", xml, &err) == ML_EFORMAT,
		              "trigger \"%s\" accepted", bad[i]);
		ck_assert_str_eq(err.code, "rules-invalid");
	}
	ml_rules_free(rs);
}
END_TEST

/* --- wording (ml_wording.h) --- */

#define DEF(id, extra) "  <rule id=\"" id "\" severity=\"warning\" " \
	"disposition=\"correct\">\n    <summary>s</summary><why>w</why>" \
	"<authority>a</authority><fix>f</fix>\n" extra "  </rule>\n"

static int S_defined(const void *rs, const char *id)
{
	return ml_rules_def(rs, id) != NULL;
}

START_TEST(test_wording_builtin)
{
	ml_rules *rs = S_builtin();
	ml_buf b;
	const char *args[] = {"(U//FOUO)"};

	/* every text the checker writes has its template, every rule it
	 * emits is defined */
	ml_buf_init(&b, 4096);
	ml_wordings_fill(ml_rules_wordings(rs), ML_W_FOUO, args, &b);
	ck_assert_str_eq(b.ptr, "(U//FOUO): FOUO is obsolete; DoDI 5200.48 "
	                 "replaced it with CUI");
	ml_buf_free(&b);
	ml_rules_free(rs);
}
END_TEST

START_TEST(test_wording_user)
{
	ml_rules *rs = S_builtin();
	ml_error err;
	ml_buf b;
	const char *args[] = {"(U//FOUO)"};

	/* a user's file rewords a message */
	ck_assert_int_eq(S_load(rs, "mine.xml", RULES_OPEN
	    DEF("FOUO-OBSOLETE", "    <message>{marking} is FOUO: mark it "
	        "CUI (DoDI 5200.48)</message>\n") RULES_CLOSE, &err), 0);
	ml_buf_init(&b, 4096);
	ml_wordings_fill(ml_rules_wordings(rs), ML_W_FOUO, args, &b);
	ck_assert_str_eq(b.ptr, "(U//FOUO) is FOUO: mark it CUI (DoDI "
	                 "5200.48)");
	ml_buf_free(&b);
	/* a text the checker does not write, a placeholder it does not
	 * fill: refused with FILE:LINE */
	ck_assert_int_eq(S_load(rs, "bad.xml", RULES_OPEN
	    DEF("FOUO-OBSOLETE", "    <message case=\"nope\">x</message>\n")
	    RULES_CLOSE, &err), ML_EFORMAT);
	ck_assert_str_eq(err.code, "rules-invalid");
	ck_assert_msg(strstr(err.message, "bad.xml:4: marklint writes no "
	              "<message case=\"nope\"> for FOUO-OBSOLETE"), "%s",
	              err.message);
	ck_assert_int_eq(S_load(rs, "bad.xml", RULES_OPEN
	    DEF("FOUO-OBSOLETE", "    <message>{markign} is FOUO</message>\n")
	    RULES_CLOSE, &err), ML_EFORMAT);
	ck_assert_msg(strstr(err.message, "unknown placeholder '{markign}'"),
	              "%s", err.message);
	ml_rules_free(rs);
}
END_TEST

START_TEST(test_wording_complete)
{
	ml_rules *rs = ml_rules_new();
	ml_error err;

	/* a rule set that lacks a rule the checker emits, or a template,
	 * is refused at load (before, such a finding was silently
	 * dropped) */
	ck_assert_int_eq(S_load(rs, "part.xml", RULES_OPEN
	    DEF("FOUO-OBSOLETE", "    <message>{marking}: FOUO</message>\n")
	    RULES_CLOSE, &err), 0);
	ck_assert_int_eq(ml_wordings_complete(ml_rules_wordings(rs),
	                 "part.xml", S_defined, rs, &err), ML_EFORMAT);
	ck_assert_str_eq(err.code, "rules-invalid");
	ck_assert_msg(strstr(err.message, "the checker emits rule "
	              "NOFORN-JUSTIFIED, which no rule file defines"), "%s",
	              err.message);
	ml_rules_free(rs);
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_builtin_loads);
	tcase_add_test(tc, test_selftest);
	tcase_add_test(tc, test_counterexamples_kindwide);
	tcase_add_test(tc, test_alternation);
	tcase_add_test(tc, test_citation_table);
	tcase_add_test(tc, test_space_rewrite);
	tcase_add_test(tc, test_rule_defs);
	tcase_add_test(tc, test_not_well_formed);
	tcase_add_test(tc, test_schema_invalid);
	tcase_add_test(tc, test_bad_regex);
	tcase_add_test(tc, test_failed_load_changes_nothing);
	tcase_add_test(tc, test_user_file);
	tcase_add_test(tc, test_parts);
	tcase_add_test(tc, test_frames_shipped);
	tcase_add_test(tc, test_load_file);
	tcase_add_test(tc, test_pathological);
	tcase_add_test(tc, test_long_portion);
	tcase_add_test(tc, test_triggers_shipped);
	tcase_add_test(tc, test_trigger_syntax);
	tcase_add_test(tc, test_trigger_find);
	tcase_add_test(tc, test_trigger_alternation);
	tcase_add_test(tc, test_trigger_selftest);
	tcase_add_test(tc, test_wording_builtin);
	tcase_add_test(tc, test_wording_user);
	tcase_add_test(tc, test_wording_complete);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(S_suite());
	int failed;

	ml_init();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
