/* ml_marking.c - the marking-string grammar (CAPCO register, DoDM 5200.01
 * Vol. 2, DoDI 5200.48): parse, check, roll up and format markings.
 *
 * Decisions (MARKINGS.md 3 and 5 leave these open):
 *
 * - Case. The register is upper case. Portion marks are accepted in upper
 *   case only; a lower-case mark that would otherwise parse ("(s//nf)") is
 *   reported as malformed. Banners are upper case unless the caller passes
 *   ML_MARKING_ICASE. Without it, "Secret//Noforn" is reported malformed.
 * - Spaces. Spaces around "//", "/" and "," are tolerated ("S // NF",
 *   "REL TO USA,GBR"). The input is expected to be normalised already
 *   (single spaces, ASCII slashes and dashes, see ml_normalize).
 * - Spellings. Classifications must match the form: "(SECRET//NF)" and
 *   the banner "S//NF" are malformed. Dissemination controls are accepted
 *   in either spelling in either form. NF and NOFORN are one control
 *   (MARKINGS.md 3.1), and so are OC/ORCON, FOUO/FOR OFFICIAL USE ONLY...
 *   Formatting writes the spelling of the requested form.
 * - "(S//REL)". Old CAPCO versions let a portion say just "REL" when its
 *   countries were the banner's. The current register requires
 *   "REL TO USA, ..." in every portion. A bare REL also cannot be resolved
 *   without the banner, so it is rejected as malformed.
 * - "REL TO USA ONLY" parses: relto is [USA] and relto_only is set.
 *   ml_marking_problems reports it (MARKING-MALFORMED).
 * - Block order is the grammar: classification // SCI // SAP // AEA //
 *   FGI or CUI categories // dissemination (IC and CUI) // non-IC
 *   dissemination. Each kind takes one block, its items separated by '/'.
 *   "(TS//SI//TK)" and "(S//NF//SI)" do not parse.
 * - CUI markings. Every token before the dissemination block that is not
 *   a CUI dissemination control ([A-Z][A-Z0-9-]*) is a category. PROPIN is
 *   a CUI category there, not the IC control. A token one typo away from
 *   a control ("NOFRN") is reported as an unknown control instead.
 * - Country codes. Trigraphs are checked by shape (3 letters). Tetragraphs
 *   are checked against the table below; an unknown one still parses, and
 *   ml_marking_problems reports it. 5+ letters ("AUKUS") do not parse.
 * - EYES ONLY is written "USA/GBR EYES ONLY". "USA, GBR EYES ONLY" is
 *   accepted too.
 *
 * Roll-up (ml_marking_rollup), beyond MARKINGS.md 5:
 * - Foreign R (RESTRICTED) counts as C in a U.S. banner.
 * - A banner is foreign ("//GBR SECRET") or JOINT only when every portion
 *   has the same foreign owner or the same joint owners. Otherwise it is a
 *   U.S. banner, and the foreign owners go into an FGI block. FGI without
 *   countries (concealed) wins.
 * - REL TO: the codes common to every portion that has REL TO. Tetragraph
 *   members count: FVEY covers GBR. When no code but USA is common, the
 *   banner is NOFORN. RELIDO needs every portion to carry it. EYES ONLY
 *   rolls up like REL TO. DISPLAY ONLY is intersected and dropped when
 *   nothing is common. NOFORN drops REL TO, RELIDO, EYES ONLY and DISPLAY
 *   ONLY.
 * - FOUO stays only in an UNCLASSIFIED banner. CUI categories and CUI
 *   controls stay only in a CUI banner (a classified banner does not carry
 *   CUI). SCI tokens are sorted A-Z. Other token lists keep the order in
 *   which they were first seen.
 *
 * Detection heuristics:
 * - Portion mark (ml_marking_find_portion_mark). The text starts (after
 *   spaces) with '('. Up to the first ')', the content holds only letters,
 *   digits, spaces, '/', ',' and '-', so "(U.S.)" is out. It is a
 *   candidate when any of these holds:
 *   (a) it contains "//";
 *   (b) it starts with a U.S. classification spelling (U, C, S, TS, CUI,
 *       SECRET...) followed by the end, or by a control after a space or
 *       '/' (so "(S/NF)" and "(S NF)" count, "(S/N 1234)" and "(C/O)" do
 *       not);
 *   (c) it starts with a distinctive control (NF, NOFORN, ORCON, IMCON,
 *       RELIDO, FOUO, REL TO), a mark without its classification.
 *   Candidates that do not parse are MALFORMED. If the content has lower
 *   case, it is a marking only when it contains '/' and its upper-case
 *   form parses ("(s//nf)" is MALFORMED; "(and/or)", "(c)" are not
 *   markings). Known ambiguity: a list item "(C)", "(S)" or "(U)" reads as
 *   a portion mark. The caller can look at neighbouring paragraphs.
 * - Banner (ml_marking_parse_banner). The text holds only the same
 *   characters, and either contains "//" or starts with a spelled-out
 *   classification (UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET, CUI,
 *   CONTROLLED) followed by the end, '/', or a control. Bare "S" or "C"
 *   (table cells) and "SECRET SAUCE" are not banners.
 *
 * Hostile input: the blocks are counted in one linear pass that stops at
 * ML_MARKING_MAX_BLOCKS + 1. Every list has a fixed capacity, and overflow
 * is a parse error. There is no recursion. The largest stack user is the
 * ML_MARKING_MAX_LEN working copy.
 */
#include "ml_marking.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ML_MARKING_MAX_PIECES 64 /* '/'-separated items in one block */
#define S_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A borrowed byte range. */
struct span {
	const char *p;
	size_t n;
};

/* ------------------------------------------------------------------ */
/* Tables                                                              */

struct class_spelling {
	ml_marking_class level;
	const char *portion;
	const char *banner;
	int us; /* a U.S. classification (R is foreign only) */
};

/* The first row of a level gives its formatted spelling. */
static const struct class_spelling S_classes[] = {
	{ML_CLASS_U, "U", "UNCLASSIFIED", 1},
	{ML_CLASS_CUI, "CUI", "CUI", 1},
	{ML_CLASS_CUI, "CUI", "CONTROLLED", 1},
	{ML_CLASS_R, "R", "RESTRICTED", 0},
	{ML_CLASS_C, "C", "CONFIDENTIAL", 1},
	{ML_CLASS_S, "S", "SECRET", 1},
	{ML_CLASS_TS, "TS", "TOP SECRET", 1},
};

/* NATO's own classification markings: "(//NS)", "//NATO SECRET". */
static const struct class_spelling S_nato[] = {
	{ML_CLASS_TS, "CTS", "COSMIC TOP SECRET", 0},
	{ML_CLASS_S, "NS", "NATO SECRET", 0},
	{ML_CLASS_C, "NC", "NATO CONFIDENTIAL", 0},
	{ML_CLASS_R, "NR", "NATO RESTRICTED", 0},
	{ML_CLASS_U, "NU", "NATO UNCLASSIFIED", 0},
};

enum block_kind {
	K_NONE = 0,
	K_SCI,
	K_SAP,
	K_AEA,
	K_FGI,
	K_CUI,
	K_DISSEM, /* IC dissemination controls and CUI limited dissemination */
	K_NONIC   /* non-IC dissemination controls (State, DEA, LES...) */
};

/* Where a control may appear. */
enum { CTX_US = 1, CTX_CUI = 2 };

/* How a control carries a country list. */
enum { LIST_NONE = 0, LIST_RELTO, LIST_EYES, LIST_DISPLAY };

struct control {
	uint32_t flag;
	uint32_t implies; /* further bits a combined control sets */
	const char *portion;
	const char *banner;
	enum block_kind block;
	unsigned ctx;
	int list;
};

/* Register order: formatting walks this table top to bottom. */
static const struct control S_controls[] = {
	{ML_DISSEM_RSEN, 0, "RS", "RISK SENSITIVE", K_DISSEM, CTX_US, 0},
	{ML_DISSEM_FOUO, 0, "FOUO", "FOR OFFICIAL USE ONLY", K_DISSEM,
	 CTX_US | CTX_CUI, 0},
	{ML_DISSEM_ORCON, 0, "OC", "ORCON", K_DISSEM, CTX_US, 0},
	{ML_DISSEM_ORCON_USGOV, 0, "OC-USGOV", "ORCON-USGOV", K_DISSEM, CTX_US,
	 0},
	{ML_DISSEM_IMCON, 0, "IMC", "IMCON", K_DISSEM, CTX_US, 0},
	{ML_DISSEM_NOFORN, 0, "NF", "NOFORN", K_DISSEM, CTX_US | CTX_CUI, 0},
	{ML_DISSEM_PROPIN, 0, "PR", "PROPIN", K_DISSEM, CTX_US, 0},
	{ML_DISSEM_RELTO, 0, "REL TO", "REL TO", K_DISSEM, CTX_US | CTX_CUI,
	 LIST_RELTO},
	{ML_DISSEM_RELIDO, 0, "RELIDO", "RELIDO", K_DISSEM, CTX_US, 0},
	{ML_DISSEM_EYES_ONLY, 0, "EYES ONLY", "EYES ONLY", K_DISSEM, CTX_US,
	 LIST_EYES},
	{ML_DISSEM_FISA, 0, "FISA", "FISA", K_DISSEM, CTX_US, 0},
	{ML_DISSEM_DISPLAY_ONLY, 0, "DISPLAY ONLY", "DISPLAY ONLY", K_DISSEM,
	 CTX_US | CTX_CUI, LIST_DISPLAY},
	{ML_DISSEM_FED_ONLY, 0, "FED ONLY", "FED ONLY", K_DISSEM, CTX_CUI, 0},
	{ML_DISSEM_FEDCON, 0, "FEDCON", "FEDCON", K_DISSEM, CTX_CUI, 0},
	{ML_DISSEM_NOCON, 0, "NOCON", "NOCON", K_DISSEM, CTX_CUI, 0},
	{ML_DISSEM_DL_ONLY, 0, "DL ONLY", "DL ONLY", K_DISSEM, CTX_CUI, 0},
	{ML_DISSEM_ATTORNEY_CLIENT, 0, "ATTORNEY-CLIENT", "ATTORNEY-CLIENT",
	 K_DISSEM, CTX_CUI, 0},
	{ML_DISSEM_ATTORNEY_WP, 0, "ATTORNEY-WP", "ATTORNEY-WP", K_DISSEM,
	 CTX_CUI, 0},
	{ML_DISSEM_LIMDIS, 0, "DS", "LIMDIS", K_NONIC, CTX_US, 0},
	{ML_DISSEM_EXDIS, 0, "XD", "EXDIS", K_NONIC, CTX_US, 0},
	{ML_DISSEM_NODIS, 0, "ND", "NODIS", K_NONIC, CTX_US, 0},
	{ML_DISSEM_SBU_NF, ML_DISSEM_SBU | ML_DISSEM_NOFORN, "SBU-NF",
	 "SBU NOFORN", K_NONIC, CTX_US, 0},
	{ML_DISSEM_SBU, 0, "SBU", "SENSITIVE BUT UNCLASSIFIED", K_NONIC, CTX_US,
	 0},
	{ML_DISSEM_LES_NF, ML_DISSEM_LES | ML_DISSEM_NOFORN, "LES-NF",
	 "LES NOFORN", K_NONIC, CTX_US, 0},
	{ML_DISSEM_LES, 0, "LES", "LAW ENFORCEMENT SENSITIVE", K_NONIC, CTX_US,
	 0},
	{ML_DISSEM_SSI, 0, "SSI", "SENSITIVE SECURITY INFORMATION", K_NONIC,
	 CTX_US, 0},
	{ML_DISSEM_DSEN, 0, "DSEN", "DEA SENSITIVE", K_NONIC, CTX_US, 0},
};

/* Controls that make "(NOFORN)" look like a mark missing its level. */
static const char *const S_lead_controls[] = {
	"NF", "NOFORN", "ORCON", "IMCON", "RELIDO", "FOUO", "REL TO",
};

/* SCI control systems (published ones; compartments follow a '-'). */
static const char *const S_sci_systems[] = {
	"SI", "TK", "HCS", "KDK", "RSV", "BUR", "G",
};

/* Atomic Energy Act markings: portion and banner spellings. The first row
 * of a portion spelling gives its banner spelling. */
static const char *const S_aea[][2] = {
	{"RD", "RESTRICTED DATA"},
	{"FRD", "FORMERLY RESTRICTED DATA"},
	{"CNWDI", "CRITICAL NUCLEAR WEAPON DESIGN INFORMATION"},
	{"TFNI", "TRANSCLASSIFIED FOREIGN NUCLEAR INFORMATION"},
	{"DCNI", "DOD CONTROLLED NUCLEAR INFORMATION"},
	{"DCNI", "DOD UCNI"},
	{"UCNI", "DOE CONTROLLED NUCLEAR INFORMATION"},
	{"UCNI", "DOE UCNI"},
};

/* AEA suffixes after '-': "RD-CNWDI", "RD-N", "RD-SG 14". */
static const char *const S_aea_suffix[][2] = {
	{"CNWDI", "CRITICAL NUCLEAR WEAPON DESIGN INFORMATION"},
	{"N", "N"},
	{"SG", "SIGMA"},
};

/* Register tetragraphs; members given where they are fixed and public. */
static const char *const S_tetragraphs[][2] = {
	{"ACGU", "AUS CAN GBR USA"},
	{"APFS", NULL},
	{"BWCS", NULL},
	{"CFCK", NULL},
	{"CMFC", NULL},
	{"CMFP", NULL},
	{"CPMT", NULL},
	{"CWCS", NULL},
	{"EFOR", NULL},
	{"EUDA", NULL},
	{"FVEY", "AUS CAN GBR NZL USA"},
	{"GCTF", NULL},
	{"GMIF", NULL},
	{"IESC", NULL},
	{"ISAF", NULL},
	{"KFOR", NULL},
	{"MCFI", NULL},
	{"MIFH", NULL},
	{"MLEC", NULL},
	{"NACT", NULL},
	{"NATO", "ALB BEL BGR CAN HRV CZE DNK EST FIN FRA DEU GRC HUN ISL ITA "
		 "LVA LTU LUX MNE NLD MKD NOR POL PRT ROU SVK SVN ESP SWE TUR "
		 "GBR USA"},
	{"OSAG", NULL},
	{"RSMA", NULL},
	{"SETF", NULL},
	{"SFOR", NULL},
	{"TEYE", "AUS GBR USA"},
	{"UNCK", NULL},
};

/* Names that writers use for groups but that are not register codes. */
static const char *const S_not_codes[][2] = {
	{"AUKUS", "AUS, GBR"},
	{"FIVE EYES", "FVEY"},
	{"UK", "GBR"},
	{"US", "USA"},
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static struct span S_span(const char *p, size_t n)
{
	struct span s;

	s.p = p;
	s.n = n;
	return s;
}

static struct span S_trim(struct span s)
{
	while (s.n && s.p[0] == ' ') {
		s.p++;
		s.n--;
	}
	while (s.n && s.p[s.n - 1] == ' ')
		s.n--;
	return s;
}

static int S_eq(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && memcmp(s.p, lit, n) == 0;
}

static int S_has_prefix(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && memcmp(s.p, lit, n) == 0;
}

static int S_has_suffix(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && memcmp(s.p + s.n - n, lit, n) == 0;
}

static int S_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int S_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int S_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *S_find(struct span s, const char *lit)
{
	size_t n = strlen(lit), i;

	for (i = 0; i + n <= s.n; i++)
		if (memcmp(s.p + i, lit, n) == 0)
			return s.p + i;
	return NULL;
}

/* A country code by shape: 3 or 4 upper-case letters. */
static int S_is_code(struct span s)
{
	size_t i;

	if (s.n != 3 && s.n != 4)
		return 0;
	for (i = 0; i < s.n; i++)
		if (!S_upper(s.p[i]))
			return 0;
	return 1;
}

/* The characters a marking is made of. */
static int S_mark_char(char c, int lower_ok)
{
	return S_upper(c) || S_digit(c) || c == ' ' || c == '/' || c == ',' ||
	       c == '-' || (lower_ok && S_lower(c));
}

static int S_fail(ml_marking_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int S_fail(ml_marking_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* For "%.*s" in messages: at most 40 bytes of a token. */
static int S_qn(struct span s)
{
	return s.n > 40 ? 40 : (int)s.n;
}

/* Restricted Damerau-Levenshtein distance, for "did you mean". Strings
 * longer than 31 bytes are never close. */
static size_t S_distance(struct span a, const char *b)
{
	size_t d[32][32], i, j, m = strlen(b), v;

	if (a.n > 31 || m > 31)
		return 99;
	for (i = 0; i <= a.n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= a.n; i++) {
		for (j = 1; j <= m; j++) {
			size_t cost = a.p[i - 1] == b[j - 1] ? 0 : 1;

			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a.p[i - 1] == b[j - 2] &&
			    a.p[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[a.n][m];
}

/* Close enough to be a typo: both at least 4 bytes, distance 1 (2 from
 * 6 bytes on). */
static int S_close(struct span a, const char *b)
{
	size_t lim = a.n >= 6 ? 2 : 1, d;

	if (a.n < 4 || strlen(b) < 4)
		return 0;
	d = S_distance(a, b);
	return d > 0 && d <= lim;
}

/* ------------------------------------------------------------------ */
/* Table look-ups                                                      */

static const char *S_spell(const struct class_spelling *c,
                           ml_marking_form form)
{
	return form == ML_MARKING_PORTION ? c->portion : c->banner;
}

/* The row whose spelling in form is s; *other is set to the row whose
 * spelling in the other form is s when there is no exact match. */
static const struct class_spelling *
S_class_find(const struct class_spelling *tab, size_t n, struct span s,
             ml_marking_form form, const struct class_spelling **other)
{
	size_t i;

	*other = NULL;
	for (i = 0; i < n; i++)
		if (S_eq(s, S_spell(&tab[i], form)))
			return &tab[i];
	for (i = 0; i < n; i++)
		if (S_eq(s, S_spell(&tab[i], form == ML_MARKING_PORTION
		                                 ? ML_MARKING_BANNER
		                                 : ML_MARKING_PORTION)))
			*other = &tab[i];
	return NULL;
}

/* Length of a U.S. classification spelling (either form) that starts s
 * and ends at a word boundary (end, ' ' or '/'); 0 when none. When
 * banner_only, portion spellings ("S", "C") do not count. */
static size_t S_class_prefix(struct span s, int banner_only)
{
	size_t i, best = 0;

	for (i = 0; i < S_COUNT(S_classes); i++) {
		const char *sp[2];
		int f;

		if (!S_classes[i].us)
			continue;
		sp[0] = S_classes[i].banner;
		sp[1] = banner_only ? NULL : S_classes[i].portion;
		for (f = 0; f < 2; f++) {
			size_t n = sp[f] ? strlen(sp[f]) : 0;

			if (n == 0 || !S_has_prefix(s, sp[f]) || n <= best)
				continue;
			if (n == s.n || s.p[n] == ' ' || s.p[n] == '/')
				best = n;
		}
	}
	return best;
}

static const struct control *S_control_find(struct span s, unsigned ctx)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_controls); i++) {
		const struct control *c = &S_controls[i];

		if (!(c->ctx & ctx) || c->list)
			continue;
		if (S_eq(s, c->portion) || S_eq(s, c->banner))
			return c;
	}
	return NULL;
}

/* A control (any context) that s is one typo away from, or NULL. */
static const char *S_control_suggest(struct span s, unsigned ctx)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_controls); i++) {
		const struct control *c = &S_controls[i];

		if (!(c->ctx & ctx))
			continue;
		if (S_close(s, c->banner))
			return c->banner;
		if (S_close(s, c->portion))
			return c->portion;
	}
	return NULL;
}

static const char *S_class_suggest(struct span s, ml_marking_form form)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_classes); i++)
		if (S_classes[i].us && S_close(s, S_classes[i].banner))
			return S_spell(&S_classes[i], form);
	return NULL;
}

static int S_is_sci(struct span s)
{
	size_t i, n = 0;

	while (n < s.n && s.p[n] != '-' && s.p[n] != ' ')
		n++;
	for (i = 0; i < S_COUNT(S_sci_systems); i++)
		if (S_eq(S_span(s.p, n), S_sci_systems[i]))
			return 1;
	return 0;
}

static const char *const *S_tetragraph(const char *code)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_tetragraphs); i++)
		if (strcmp(code, S_tetragraphs[i][0]) == 0)
			return S_tetragraphs[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

static int S_tokens_add(ml_marking_tokens *t, struct span s,
                        const char *prefix, ml_marking_error *err,
                        const char *what)
{
	size_t pn = prefix ? strlen(prefix) : 0, i;

	if (pn + s.n >= ML_MARKING_TOKEN_SIZE)
		return S_fail(err, "'%.*s' is too long for a marking", S_qn(s),
		              s.p);
	for (i = 0; i < t->n; i++)
		if (strlen(t->v[i]) == pn + s.n &&
		    memcmp(t->v[i], prefix ? prefix : "", pn) == 0 &&
		    memcmp(t->v[i] + pn, s.p, s.n) == 0)
			return 0;
	if (t->n >= ML_MARKING_MAX_TOKENS)
		return S_fail(err, "too many %s (at most %d)", what,
		              ML_MARKING_MAX_TOKENS);
	memcpy(t->v[t->n], prefix ? prefix : "", pn);
	memcpy(t->v[t->n] + pn, s.p, s.n);
	t->v[t->n][pn + s.n] = '\0';
	t->n++;
	return 0;
}

static int S_tokens_has(const ml_marking_tokens *t, const char *s)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i], s) == 0)
			return 1;
	return 0;
}

static int S_countries_has(const ml_marking_countries *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], code) == 0)
			return 1;
	return 0;
}

/* Appends without removing duplicates (parsing keeps what was written,
 * so the form check can see a repeated code). */
static int S_countries_push(ml_marking_countries *c, struct span s)
{
	if (c->n >= ML_MARKING_MAX_COUNTRIES || !S_is_code(s))
		return -1;
	memcpy(c->v[c->n], s.p, s.n);
	c->v[c->n][s.n] = '\0';
	c->n++;
	return 0;
}

int ml_marking_countries_add(ml_marking_countries *c, const char *code)
{
	if (S_countries_has(c, code))
		return 0;
	return S_countries_push(c, S_span(code, strlen(code)));
}

int ml_marking_tetragraph_known(const char *code)
{
	return S_tetragraph(code) != NULL;
}

int ml_marking_country_cmp(const char *a, const char *b)
{
	int ua = strcmp(a, "USA") == 0, ub = strcmp(b, "USA") == 0;
	size_t la = strlen(a), lb = strlen(b);

	if (ua || ub)
		return ub - ua;
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

void ml_marking_countries_sort(ml_marking_countries *c)
{
	size_t i, j, out;
	char tmp[ML_MARKING_CODE_SIZE];

	/* insertion sort: at most ML_MARKING_MAX_COUNTRIES codes */
	for (i = 1; i < c->n; i++) {
		memcpy(tmp, c->v[i], sizeof(tmp));
		for (j = i; j > 0 && ml_marking_country_cmp(c->v[j - 1], tmp) > 0;
		     j--)
			memcpy(c->v[j], c->v[j - 1], sizeof(tmp));
		memcpy(c->v[j], tmp, sizeof(tmp));
	}
	for (i = 0, out = 0; i < c->n; i++) {
		if (out && strcmp(c->v[out - 1], c->v[i]) == 0)
			continue;
		if (out != i)
			memcpy(c->v[out], c->v[i], sizeof(tmp));
		out++;
	}
	c->n = out;
}

/* One code of a list: checks its shape and explains common mistakes. */
static int S_code(struct span s, const char *what, ml_marking_countries *c,
                  ml_marking_error *err)
{
	size_t i;

	if (s.n == 0)
		return S_fail(err, "empty country code in %s", what);
	for (i = 0; i < S_COUNT(S_not_codes); i++)
		if (S_eq(s, S_not_codes[i][0]))
			return S_fail(err,
			              "'%s' is not a register country code: "
			              "write %s",
			              S_not_codes[i][0], S_not_codes[i][1]);
	if (memchr(s.p, ' ', s.n))
		return S_fail(err, "country codes in %s are separated by ', '",
		              what);
	if (!S_is_code(s))
		return S_fail(err,
		              "'%.*s' in %s is not a country trigraph or "
		              "tetragraph",
		              S_qn(s), s.p, what);
	if (S_countries_push(c, s) < 0)
		return S_fail(err, "too many country codes in %s (at most %d)",
		              what, ML_MARKING_MAX_COUNTRIES);
	return 0;
}

/* A list of codes separated by sep (',' or ' '). */
static int S_codes(struct span s, char sep, const char *what,
                   ml_marking_countries *c, ml_marking_error *err)
{
	size_t i, start = 0;

	for (i = 0; i <= s.n; i++) {
		if (i < s.n && s.p[i] != sep)
			continue;
		if (S_code(S_trim(S_span(s.p + start, i - start)), what, c,
		           err) < 0)
			return -1;
		start = i + 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The parser                                                          */

struct parser {
	ml_marking_form form;
	ml_marking *m;
	ml_marking_error *err;
	enum block_kind last; /* kind of the previous block */
};

static const char *S_kind_name(enum block_kind k)
{
	static const char *const names[] = {
		"", "SCI controls", "SAP markings", "AEA markings",
		"FGI markings", "CUI categories", "dissemination controls",
		"non-IC dissemination controls",
	};

	return names[k];
}

/* Rank in the block order; FGI and CUI categories never meet. */
static int S_rank(enum block_kind k)
{
	return k >= K_CUI ? (int)k - 1 : (int)k;
}

/* Counts "//" blocks in one pass, stopping after max + 1. */
static size_t S_count_blocks(const char *s, size_t n, size_t max)
{
	size_t i = 0, blocks = 1;

	while (i < n && blocks <= max) {
		size_t j = i;

		while (j < n && s[j] == '/')
			j++;
		if (j - i == 2)
			blocks++;
		i = j > i ? j : i + 1;
	}
	return blocks;
}

/* Splits at "//"; a lone '/' stays inside a block. */
static int S_split_blocks(struct parser *ps, struct span s,
                          struct span *blocks, size_t *nb)
{
	size_t i = 0, start = 0, k;

	*nb = 0;
	while (i <= s.n) {
		size_t j = i;

		while (j < s.n && s.p[j] == '/')
			j++;
		if (j - i > 2)
			return S_fail(ps->err, "'%.*s' is not a separator: "
			              "use '//' between blocks",
			              (int)(j - i > 8 ? 8 : j - i), s.p + i);
		if (i == s.n || j - i == 2) {
			if (*nb >= ML_MARKING_MAX_BLOCKS)
				return S_fail(ps->err, "too many blocks (at most %d)",
				              ML_MARKING_MAX_BLOCKS);
			blocks[(*nb)++] = S_trim(S_span(s.p + start, i - start));
			start = j;
		}
		i = j > i ? j : i + 1;
	}
	for (k = 1; k < *nb; k++) {
		if (blocks[k].n)
			continue;
		if (k == *nb - 1)
			return S_fail(ps->err, "a marking cannot end with '//'");
		return S_fail(ps->err, "empty block between '//' separators");
	}
	if (*nb == 1 && blocks[0].n == 0)
		return S_fail(ps->err, "empty marking");
	return 0;
}

static int S_set_level(struct parser *ps, const struct class_spelling *c,
                       const struct class_spelling *other, struct span s)
{
	if (c) {
		ps->m->level = c->level;
		return 0;
	}
	if (other && ps->form == ML_MARKING_PORTION)
		return S_fail(ps->err,
		              "portion marks use the abbreviated classification "
		              "'%s', not '%s'",
		              other->portion, other->banner);
	if (other)
		return S_fail(ps->err,
		              "banner lines spell out the classification: '%s', "
		              "not '%s'",
		              other->banner, other->portion);
	return S_fail(ps->err, "unknown classification '%.*s'", S_qn(s), s.p);
}

/* A level for a foreign or joint marking (R allowed). */
static int S_foreign_level(struct parser *ps, struct span s)
{
	const struct class_spelling *other, *c;

	c = S_class_find(S_classes, S_COUNT(S_classes), s, ps->form, &other);
	if (c && c->level == ML_CLASS_CUI)
		c = NULL;
	return S_set_level(ps, c, other, s);
}

/* "JOINT S GBR USA" / "JOINT SECRET GBR USA". */
static int S_parse_joint(struct parser *ps, struct span s)
{
	size_t i, best = 0;

	for (i = 0; i < S_COUNT(S_classes); i++) {
		const char *sp = S_spell(&S_classes[i], ps->form);
		size_t n = strlen(sp);

		if (S_classes[i].us && S_classes[i].level != ML_CLASS_CUI &&
		    n > best && n < s.n && S_has_prefix(s, sp) && s.p[n] == ' ')
			best = n;
	}
	if (!best)
		return S_fail(ps->err,
		              "JOINT needs a classification and its owners, "
		              "e.g. '%s'",
		              ps->form == ML_MARKING_PORTION ? "//JOINT S GBR USA"
		                                             : "//JOINT SECRET GBR USA");
	if (S_foreign_level(ps, S_span(s.p, best)) < 0)
		return -1;
	ps->m->owner = ML_OWNER_JOINT;
	if (S_codes(S_trim(S_span(s.p + best, s.n - best)), ' ',
	            "the JOINT owners", &ps->m->owners, ps->err) < 0)
		return -1;
	if (ps->m->owners.n < 2)
		return S_fail(ps->err, "JOINT needs at least two owner countries");
	return 0;
}

/* The block after a leading "//": "GBR S", "NATO SECRET", "NS", "JOINT
 * S GBR USA". */
static int S_parse_foreign(struct parser *ps, struct span s)
{
	const struct class_spelling *c, *other;
	const char *sp;
	size_t n;

	c = S_class_find(S_nato, S_COUNT(S_nato), s, ps->form, &other);
	if (c || other) {
		ps->m->owner = ML_OWNER_FOREIGN;
		S_countries_push(&ps->m->owners, S_span("NATO", 4));
		return S_set_level(ps, c, other, s);
	}
	if (S_has_prefix(s, "JOINT "))
		return S_parse_joint(ps, S_span(s.p + 6, s.n - 6));
	sp = memchr(s.p, ' ', s.n);
	n = sp ? (size_t)(sp - s.p) : s.n;
	if (!sp || !S_is_code(S_span(s.p, n)))
		return S_fail(ps->err,
		              "'//%.*s' is not a foreign classification "
		              "(expected e.g. '%s')",
		              S_qn(s), s.p,
		              ps->form == ML_MARKING_PORTION ? "//GBR S"
		                                             : "//GBR SECRET");
	ps->m->owner = ML_OWNER_FOREIGN;
	S_countries_push(&ps->m->owners, S_span(s.p, n));
	return S_foreign_level(ps, S_trim(S_span(s.p + n, s.n - n)));
}

/* The first block of a U.S. marking. */
static int S_parse_us_class(struct parser *ps, struct span s)
{
	const struct class_spelling *c, *other;
	size_t n;

	n = S_class_prefix(s, 0);
	if (n && n < s.n)
		return S_fail(ps->err, "blocks must be separated by '//'");
	c = S_class_find(S_classes, S_COUNT(S_classes), s, ps->form, &other);
	if (c && !c->us)
		return S_fail(ps->err,
		              "'%s' is not a U.S. classification; a foreign one "
		              "starts with '//', e.g. '//GBR %s'",
		              S_spell(c, ps->form), S_spell(c, ps->form));
	if (c || other)
		return S_set_level(ps, c, other, s);
	if (S_control_find(s, CTX_US | CTX_CUI) || S_has_prefix(s, "REL TO"))
		return S_fail(ps->err,
		              "the marking has no classification: it must start "
		              "with %s",
		              ps->form == ML_MARKING_PORTION
		                  ? "U, C, S, TS or CUI"
		                  : "UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP "
		                    "SECRET or CUI");
	if (S_class_suggest(s, ps->form))
		return S_fail(ps->err,
		              "unknown classification '%.*s' (did you mean %s?)",
		              S_qn(s), s.p, S_class_suggest(s, ps->form));
	return S_fail(ps->err, "unknown classification '%.*s'", S_qn(s), s.p);
}

/* Items of an SCI control: "SI", "SI-G ABCD", "HCS-P XYZ": words of
 * [A-Z0-9] joined by '-' or ' '. */
static int S_parse_sci(struct parser *ps, struct span s)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		char c = s.p[i];

		if ((c == '-' || c == ' ') &&
		    (i + 1 == s.n || s.p[i + 1] == '-' || s.p[i + 1] == ' '))
			return S_fail(ps->err, "malformed SCI control '%.*s'",
			              S_qn(s), s.p);
		if (!S_upper(c) && !S_digit(c) && c != '-' && c != ' ')
			return S_fail(ps->err, "malformed SCI control '%.*s'",
			              S_qn(s), s.p);
	}
	return S_tokens_add(&ps->m->sci, s, NULL, ps->err, "SCI controls");
}

static int S_parse_sap(struct parser *ps, struct span s)
{
	size_t skip = S_has_prefix(s, "SAR-") ? 4 : 24;
	struct span id = S_trim(S_span(s.p + skip, s.n - skip));

	if (id.n == 0)
		return S_fail(ps->err, "SAP marking '%.*s' lacks a program "
		              "identifier", S_qn(s), s.p);
	return S_tokens_add(&ps->m->sap, id, "SAR-", ps->err, "SAP markings");
}

/* An AEA base ("RD", "RESTRICTED DATA") in its portion spelling. */
static const char *S_aea_base(struct span s)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_aea); i++)
		if (S_eq(s, S_aea[i][0]) || S_eq(s, S_aea[i][1]))
			return S_aea[i][0];
	return NULL;
}

/* "RD", "RD-CNWDI", "RD-N", "FRD-SG 14", "RESTRICTED DATA-SIGMA 14 15";
 * stored in portion spelling. Returns 1 when s is not AEA at all. */
static int S_parse_aea(struct parser *ps, struct span s)
{
	const char *dash = memchr(s.p, '-', s.n), *base;
	char tok[ML_MARKING_TOKEN_SIZE];
	struct span suf;
	size_t i, n, k;

	n = dash ? (size_t)(dash - s.p) : s.n;
	base = S_aea_base(S_span(s.p, n));
	if (!base)
		return 1;
	if (!dash)
		return S_tokens_add(&ps->m->aea, S_span(base, strlen(base)), NULL,
		                    ps->err, "AEA markings");
	suf = S_span(dash + 1, s.n - n - 1);
	for (i = 0; i < S_COUNT(S_aea_suffix); i++) {
		for (k = 0; k < 2; k++) {
			const char *sp = S_aea_suffix[i][k];
			size_t sn = strlen(sp), j;

			if (!S_has_prefix(suf, sp) ||
			    (suf.n > sn && suf.p[sn] != ' '))
				continue;
			for (j = sn; j < suf.n; j++)
				if (!S_digit(suf.p[j]) && suf.p[j] != ' ')
					return S_fail(ps->err,
					              "malformed AEA marking '%.*s'",
					              S_qn(s), s.p);
			if (strcmp(S_aea_suffix[i][0], "SG") == 0 && suf.n == sn)
				return S_fail(ps->err, "SIGMA needs a number in "
				              "'%.*s'", S_qn(s), s.p);
			if (strlen(base) + 1 + strlen(S_aea_suffix[i][0]) +
			        (suf.n - sn) >= sizeof(tok))
				return S_fail(ps->err, "'%.*s' is too long for a "
				              "marking", S_qn(s), s.p);
			snprintf(tok, sizeof(tok), "%s-%s%.*s", base,
			         S_aea_suffix[i][0], (int)(suf.n - sn), suf.p + sn);
			return S_tokens_add(&ps->m->aea, S_span(tok, strlen(tok)),
			                    NULL, ps->err, "AEA markings");
		}
	}
	return S_fail(ps->err, "malformed AEA marking '%.*s'", S_qn(s), s.p);
}

/* "FGI" (source concealed) or "FGI GBR DEU". */
static int S_parse_fgi(struct parser *ps, struct span s)
{
	ps->m->fgi = 1;
	if (s.n == 3)
		return 0;
	return S_codes(S_trim(S_span(s.p + 4, s.n - 4)), ' ', "FGI",
	               &ps->m->fgi_countries, ps->err);
}

/* Country codes of an EYES ONLY written with '/': "USA/GBR EYES ONLY"
 * arrives as pieces "USA" and "GBR EYES ONLY". */
static int S_parse_eyes(struct parser *ps, const struct span *pre,
                        size_t npre, struct span last)
{
	struct span list = S_trim(S_span(last.p, last.n - 9));
	size_t i;

	if (ps->m->dissem & ML_DISSEM_EYES_ONLY)
		return S_fail(ps->err, "EYES ONLY appears twice in one marking");
	for (i = 0; i < npre; i++)
		if (S_code(pre[i], "EYES ONLY", &ps->m->eyes, ps->err) < 0)
			return -1;
	if (list.n && S_codes(list, ',', "EYES ONLY", &ps->m->eyes, ps->err) < 0)
		return -1;
	if (ps->m->eyes.n == 0)
		return S_fail(ps->err, "EYES ONLY needs country codes, e.g. "
		              "'USA/GBR EYES ONLY'");
	ps->m->dissem |= ML_DISSEM_EYES_ONLY;
	return 0;
}

static int S_parse_relto(struct parser *ps, struct span s)
{
	struct span list = S_trim(S_span(s.p + 6, s.n - 6));

	if (ps->m->dissem & ML_DISSEM_RELTO)
		return S_fail(ps->err, "REL TO appears twice in one marking");
	if (list.n == 0)
		return S_fail(ps->err, "REL TO needs a list of country codes, "
		              "e.g. 'REL TO USA, GBR'");
	if (S_has_suffix(list, " ONLY")) {
		ps->m->relto_only = 1;
		list = S_trim(S_span(list.p, list.n - 5));
	}
	ps->m->dissem |= ML_DISSEM_RELTO;
	return S_codes(list, ',', "REL TO", &ps->m->relto, ps->err);
}

static int S_parse_display(struct parser *ps, struct span s)
{
	struct span list = S_trim(S_span(s.p + 12, s.n - 12));

	if (ps->m->dissem & ML_DISSEM_DISPLAY_ONLY)
		return S_fail(ps->err, "DISPLAY ONLY appears twice in one "
		              "marking");
	if (list.n == 0)
		return S_fail(ps->err, "DISPLAY ONLY needs a list of country "
		              "codes, e.g. 'DISPLAY ONLY AFG'");
	ps->m->dissem |= ML_DISSEM_DISPLAY_ONLY;
	return S_codes(list, ',', "DISPLAY ONLY", &ps->m->display, ps->err);
}

static int S_unknown(struct parser *ps, struct span s, unsigned ctx)
{
	const char *sug = S_control_suggest(s, ctx);

	if (S_eq(s, "REL"))
		return S_fail(ps->err, "'REL' alone is not a register marking: "
		              "write 'REL TO USA, ...' with the countries");
	if (!(ctx & CTX_CUI) && S_control_find(s, CTX_CUI))
		return S_fail(ps->err, "'%.*s' is a CUI limited dissemination "
		              "control and needs a CUI marking", S_qn(s), s.p);
	if (sug)
		return S_fail(ps->err, "unknown control '%.*s' (did you mean "
		              "%s?)", S_qn(s), s.p, sug);
	return S_fail(ps->err, "unknown control '%.*s'", S_qn(s), s.p);
}

/* A CUI category: [A-Z][A-Z0-9-]*. */
static int S_is_category(struct span s)
{
	size_t i;

	if (s.n == 0 || !S_upper(s.p[0]))
		return 0;
	for (i = 1; i < s.n; i++)
		if (!S_upper(s.p[i]) && !S_digit(s.p[i]) && s.p[i] != '-')
			return 0;
	return 1;
}

/* One '/'-separated item (not EYES ONLY). Sets *kind. */
static int S_parse_piece(struct parser *ps, struct span s,
                         enum block_kind *kind)
{
	int cui = ps->m->level == ML_CLASS_CUI;
	unsigned ctx = cui ? CTX_CUI : CTX_US;
	const struct control *c = S_control_find(s, ctx);
	int r;

	if (c) {
		*kind = c->block;
		ps->m->dissem |= c->flag | c->implies;
		return 0;
	}
	*kind = K_DISSEM;
	if (S_has_prefix(s, "REL TO ") || S_eq(s, "REL TO"))
		return S_parse_relto(ps, s);
	if (S_has_prefix(s, "DISPLAY ONLY ") || S_eq(s, "DISPLAY ONLY"))
		return S_parse_display(ps, s);
	if (cui) {
		*kind = K_CUI;
		if (S_is_category(s) && !S_control_suggest(s, ctx))
			return S_tokens_add(&ps->m->cui, s, NULL, ps->err,
			                    "CUI categories");
		return S_unknown(ps, s, ctx);
	}
	*kind = K_SCI;
	if (S_is_sci(s))
		return S_parse_sci(ps, s);
	*kind = K_SAP;
	if (S_has_prefix(s, "SAR-") ||
	    S_has_prefix(s, "SPECIAL ACCESS REQUIRED-"))
		return S_parse_sap(ps, s);
	*kind = K_AEA;
	r = S_parse_aea(ps, s);
	if (r <= 0)
		return r;
	*kind = K_FGI;
	if (S_eq(s, "FGI") || S_has_prefix(s, "FGI "))
		return S_parse_fgi(ps, s);
	return S_unknown(ps, s, ctx);
}

/* Splits a block at single '/'. */
static int S_split_pieces(struct parser *ps, struct span b,
                          struct span *pieces, size_t *np)
{
	size_t i, start = 0;

	*np = 0;
	for (i = 0; i <= b.n; i++) {
		if (i < b.n && b.p[i] != '/')
			continue;
		if (*np >= ML_MARKING_MAX_PIECES)
			return S_fail(ps->err, "too many controls in one block "
			              "(at most %d)", ML_MARKING_MAX_PIECES);
		pieces[*np] = S_trim(S_span(b.p + start, i - start));
		if (pieces[*np].n == 0)
			return S_fail(ps->err, "empty control between '/' "
			              "separators");
		(*np)++;
		start = i + 1;
	}
	return 0;
}

/* Checks a block's kind against the order of the blocks before it. */
static int S_block_order(struct parser *ps, enum block_kind k)
{
	if (ps->last && S_rank(k) == S_rank(ps->last))
		return S_fail(ps->err, "%s share one block, separated by '/' "
		              "(not '//')", S_kind_name(k));
	if (ps->last && S_rank(k) < S_rank(ps->last))
		return S_fail(ps->err, "%s must come before %s", S_kind_name(k),
		              S_kind_name(ps->last));
	ps->last = k;
	return 0;
}

static int S_parse_block(struct parser *ps, struct span b)
{
	struct span pieces[ML_MARKING_MAX_PIECES];
	size_t np, i, eyes, from;
	enum block_kind bk = K_NONE, k;

	if (S_split_pieces(ps, b, pieces, &np) < 0)
		return -1;
	for (eyes = 0; eyes < np; eyes++)
		if (S_has_suffix(pieces[eyes], "EYES ONLY"))
			break;
	from = eyes;
	while (eyes < np && from > 0 && S_is_code(pieces[from - 1]) &&
	       !S_control_find(pieces[from - 1], CTX_US))
		from--;
	for (i = 0; i < np; i++) {
		if (i >= from && i < eyes)
			continue;
		if (i == eyes) {
			k = K_DISSEM;
			if (ps->m->level == ML_CLASS_CUI)
				return S_fail(ps->err, "EYES ONLY is not a CUI "
				              "control");
			if (S_parse_eyes(ps, pieces + from, eyes - from,
			                 pieces[i]) < 0)
				return -1;
		} else if (S_parse_piece(ps, pieces[i], &k) < 0) {
			return -1;
		}
		if (bk != K_NONE && k != bk)
			return S_fail(ps->err, "blocks must be separated by '//' "
			              "(%s and %s are in one block)",
			              S_kind_name(bk), S_kind_name(k));
		bk = k;
	}
	return S_block_order(ps, bk);
}

/* Parses the content of a marking (no parentheses), upper case. */
static int S_parse_content(struct parser *ps, struct span s)
{
	struct span blocks[ML_MARKING_MAX_BLOCKS];
	size_t nb, i = 1;

	if (S_split_blocks(ps, s, blocks, &nb) < 0)
		return -1;
	if (blocks[0].n == 0) {
		if (nb < 2)
			return S_fail(ps->err, "empty marking");
		if (S_parse_foreign(ps, blocks[1]) < 0)
			return -1;
		i = 2;
	} else if (S_parse_us_class(ps, blocks[0]) < 0) {
		return -1;
	}
	for (; i < nb; i++)
		if (S_parse_block(ps, blocks[i]) < 0)
			return -1;
	return 0;
}

void ml_marking_init(ml_marking *m)
{
	memset(m, 0, sizeof(*m));
	m->form = ML_MARKING_PORTION;
	m->level = ML_CLASS_NONE;
	m->owner = ML_OWNER_US;
}

int ml_marking_parse(const char *s, size_t len, ml_marking_form form,
                     unsigned flags, ml_marking *out, ml_marking_error *err)
{
	char text[ML_MARKING_MAX_LEN + 1];
	struct span t = S_trim(S_span(s, len));
	struct parser ps;
	size_t i;

	ml_marking_init(out);
	out->form = form;
	out->off = (size_t)(t.p - s);
	out->len = t.n;
	if (err) {
		err->off = out->off;
		err->len = out->len;
		err->msg[0] = '\0';
	}
	if (form == ML_MARKING_PORTION) {
		if (t.n < 2 || t.p[0] != '(' || t.p[t.n - 1] != ')')
			return S_fail(err, "portion marks are enclosed in "
			              "parentheses");
		t = S_span(t.p + 1, t.n - 2);
		flags &= ~(unsigned)ML_MARKING_ICASE;
	}
	if (S_count_blocks(t.p, t.n, ML_MARKING_MAX_BLOCKS) >
	    ML_MARKING_MAX_BLOCKS)
		return S_fail(err, "too many blocks (at most %d)",
		              ML_MARKING_MAX_BLOCKS);
	if (t.n > ML_MARKING_MAX_LEN)
		return S_fail(err, "marking is too long (at most %d bytes)",
		              ML_MARKING_MAX_LEN);
	for (i = 0; i < t.n; i++) {
		char c = t.p[i];

		if ((flags & ML_MARKING_ICASE) && S_lower(c))
			c = (char)(c - 'a' + 'A');
		if (!S_mark_char(c, 0))
			return S_fail(err, "unexpected character '%c' in a "
			              "marking", c);
		text[i] = c;
	}
	text[t.n] = '\0';
	ps.form = form;
	ps.m = out;
	ps.err = err;
	ps.last = K_NONE;
	return S_parse_content(&ps, S_span(text, t.n));
}

/* ------------------------------------------------------------------ */
/* Detection                                                           */

/* Does the text after a classification start with a control? */
static int S_control_follows(struct span rest)
{
	size_t n = 0, i;

	while (rest.n && (rest.p[0] == ' ' || rest.p[0] == '/')) {
		rest.p++;
		rest.n--;
	}
	while (n < rest.n && rest.p[n] != '/' && rest.p[n] != ',')
		n++;
	for (i = n; i > 0; i--) {
		struct span w = S_trim(S_span(rest.p, i));

		if (i < n && rest.p[i] != ' ')
			continue;
		if (S_control_find(w, CTX_US | CTX_CUI) ||
		    S_control_suggest(w, CTX_US | CTX_CUI) ||
		    S_has_prefix(w, "REL TO") || S_is_sci(w))
			return 1;
	}
	return 0;
}

static int S_lead_control(struct span s)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_lead_controls); i++) {
		size_t n = strlen(S_lead_controls[i]);

		if (S_has_prefix(s, S_lead_controls[i]) &&
		    (s.n == n || s.p[n] == ' ' || s.p[n] == '/'))
			return 1;
	}
	return 0;
}

/* Heuristic (b)/(c) of the header comment; s is upper case, trimmed. */
static int S_looks_like(struct span s, int banner)
{
	size_t n;

	if (S_find(s, "//"))
		return 1;
	n = S_class_prefix(s, banner);
	if (n)
		return n == s.n || S_control_follows(S_span(s.p + n, s.n - n));
	return !banner && S_lead_control(s);
}

static int S_scan(struct span s, int *lower, int *slash)
{
	size_t i;

	*lower = *slash = 0;
	for (i = 0; i < s.n; i++) {
		if (!S_mark_char(s.p[i], 1))
			return 0;
		if (S_lower(s.p[i]))
			*lower = 1;
		if (s.p[i] == '/')
			*slash = 1;
	}
	return 1;
}

/* Text with lower case that is a marking once upper-cased: "(s//nf)".
 * Allocates: the ml_buf for the suggestion is freed before returning. */
static ml_marking_status S_lower_case(const char *whole, struct span t,
                                      ml_marking_form form,
                                      ml_marking *out, ml_marking_error *err)
{
	char up[ML_MARKING_MAX_LEN + 3];
	ml_marking m;
	ml_buf b;
	size_t i;

	if (t.n > sizeof(up))
		return ML_MARKING_NONE;
	for (i = 0; i < t.n; i++)
		up[i] = S_lower(t.p[i]) ? (char)(t.p[i] - 'a' + 'A') : t.p[i];
	if (ml_marking_parse(up, t.n, form, 0, &m, NULL) < 0)
		return ML_MARKING_NONE;
	ml_marking_init(out);
	if (err) {
		err->off = (size_t)(t.p - whole);
		err->len = t.n;
		ml_buf_init(&b, 120);
		ml_marking_format(&m, form, &b);
		snprintf(err->msg, sizeof(err->msg),
		         "%s are written in upper case: '%s'",
		         form == ML_MARKING_PORTION ? "portion marks"
		                                    : "banner lines",
		         b.ptr);
		ml_buf_free(&b);
	}
	return ML_MARKING_MALFORMED;
}

static ml_marking_status S_result(int rc, const char *whole, struct span t,
                                  ml_marking *out, ml_marking_error *err)
{
	size_t off = (size_t)(t.p - whole);

	if (rc == 0) {
		out->off = off;
		out->len = t.n;
		return ML_MARKING_FOUND;
	}
	if (err) {
		err->off = off;
		err->len = t.n;
	}
	return ML_MARKING_MALFORMED;
}

ml_marking_status ml_marking_find_portion_mark(const char *text, size_t len,
                                               unsigned flags,
                                               ml_marking *out,
                                               ml_marking_error *err)
{
	size_t i = 0, j;
	struct span t, in;
	int lower, slash;

	while (i < len && text[i] == ' ')
		i++;
	if (i >= len || text[i] != '(')
		return ML_MARKING_NONE;
	for (j = i + 1; j < len && text[j] != ')'; j++)
		if (!S_mark_char(text[j], 1))
			return ML_MARKING_NONE;
	if (j >= len)
		return ML_MARKING_NONE;
	t = S_span(text + i, j - i + 1);
	in = S_trim(S_span(t.p + 1, t.n - 2));
	if (in.n == 0 || !S_scan(in, &lower, &slash))
		return ML_MARKING_NONE;
	if (lower)
		return slash ? S_lower_case(text, t, ML_MARKING_PORTION, out, err)
		             : ML_MARKING_NONE;
	if (!S_looks_like(in, 0))
		return ML_MARKING_NONE;
	return S_result(ml_marking_parse(t.p, t.n, ML_MARKING_PORTION, flags,
	                                 out, err),
	                text, t, out, err);
}

ml_marking_status ml_marking_parse_banner(const char *text, size_t len,
                                          unsigned flags, ml_marking *out,
                                          ml_marking_error *err)
{
	struct span t = S_trim(S_span(text, len));
	char up[ML_MARKING_MAX_LEN + 1];
	int lower, slash;
	size_t i;

	if (t.n == 0 || !S_scan(t, &lower, &slash))
		return ML_MARKING_NONE;
	if (lower && !(flags & ML_MARKING_ICASE))
		return slash ? S_lower_case(text, t, ML_MARKING_BANNER, out, err)
		             : ML_MARKING_NONE;
	if (t.n <= ML_MARKING_MAX_LEN) {
		for (i = 0; i < t.n; i++)
			up[i] = S_lower(t.p[i]) ? (char)(t.p[i] - 'a' + 'A')
			                        : t.p[i];
		if (!S_looks_like(S_span(up, t.n), 1))
			return ML_MARKING_NONE;
	} else if (!S_find(t, "//")) {
		return ML_MARKING_NONE;
	}
	return S_result(ml_marking_parse(t.p, t.n, ML_MARKING_BANNER, flags,
	                                 out, err),
	                text, t, out, err);
}

/* ------------------------------------------------------------------ */
/* Formatting                                                          */

const char *ml_marking_class_name(ml_marking_class level,
                                  ml_marking_form form)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_classes); i++)
		if (S_classes[i].level == level)
			return S_spell(&S_classes[i], form);
	return "";
}

const char *ml_marking_dissem_name(uint32_t flag, ml_marking_form form)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_controls); i++)
		if (S_controls[i].flag == flag)
			return form == ML_MARKING_PORTION ? S_controls[i].portion
			                                  : S_controls[i].banner;
	return NULL;
}

/* Appends the codes of c, sorted, joined by sep. */
static int S_put_codes(ml_buf *b, const ml_marking_countries *c,
                       const char *sep)
{
	ml_marking_countries sorted = *c;
	size_t i;
	int r = 0;

	ml_marking_countries_sort(&sorted);
	for (i = 0; i < sorted.n; i++) {
		if (i)
			r |= ml_buf_puts(b, sep);
		r |= ml_buf_puts(b, sorted.v[i]);
	}
	return r;
}

static int S_put_class(const ml_marking *m, ml_marking_form form, ml_buf *b)
{
	const char *lvl = ml_marking_class_name(m->level, form);
	size_t i;
	int r = 0;

	if (m->owner == ML_OWNER_US)
		return ml_buf_puts(b, lvl);
	if (m->owner == ML_OWNER_FOREIGN && m->owners.n == 1 &&
	    strcmp(m->owners.v[0], "NATO") == 0) {
		for (i = 0; i < S_COUNT(S_nato); i++)
			if (S_nato[i].level == m->level)
				return ml_buf_printf(b, "//%s",
				                     S_spell(&S_nato[i], form));
	}
	r |= ml_buf_puts(b, m->owner == ML_OWNER_JOINT ? "//JOINT " : "//");
	if (m->owner == ML_OWNER_JOINT) {
		r |= ml_buf_puts(b, lvl);
		for (i = 0; i < m->owners.n; i++)
			r |= ml_buf_printf(b, " %s", m->owners.v[i]);
		return r;
	}
	r |= ml_buf_printf(b, "%s %s", m->owners.n ? m->owners.v[0] : "",
	                   lvl);
	return r;
}

/* The banner spelling of a stored (portion-spelled) AEA token. */
static int S_put_aea(ml_buf *b, const char *tok, ml_marking_form form)
{
	const char *dash = strchr(tok, '-');
	size_t n = dash ? (size_t)(dash - tok) : strlen(tok), i;
	const char *base = NULL;
	int r;

	if (form == ML_MARKING_PORTION)
		return ml_buf_puts(b, tok);
	for (i = 0; i < S_COUNT(S_aea) && !base; i++)
		if (strlen(S_aea[i][0]) == n && memcmp(S_aea[i][0], tok, n) == 0)
			base = S_aea[i][1];
	r = ml_buf_puts(b, base ? base : tok);
	if (!dash || !base)
		return r;
	for (i = 0; i < S_COUNT(S_aea_suffix); i++) {
		size_t sn = strlen(S_aea_suffix[i][0]);

		if (strncmp(dash + 1, S_aea_suffix[i][0], sn) == 0 &&
		    (dash[1 + sn] == '\0' || dash[1 + sn] == ' '))
			return r | ml_buf_printf(b, "-%s%s", S_aea_suffix[i][1],
			                         dash + 1 + sn);
	}
	return r | ml_buf_puts(b, dash);
}

static int S_put_tokens(ml_buf *b, const ml_marking_tokens *t, int aea,
                        ml_marking_form form)
{
	size_t i;
	int r = 0;

	if (t->n == 0)
		return 0;
	r |= ml_buf_puts(b, "//");
	for (i = 0; i < t->n; i++) {
		if (i)
			r |= ml_buf_putc(b, '/');
		r |= aea ? S_put_aea(b, t->v[i], form) : ml_buf_puts(b, t->v[i]);
	}
	return r;
}

static int S_put_control(ml_buf *b, const ml_marking *m,
                         const struct control *c, ml_marking_form form)
{
	int r;

	switch (c->list) {
	case LIST_RELTO:
		r = ml_buf_puts(b, "REL TO ");
		return r | S_put_codes(b, &m->relto, ", ");
	case LIST_EYES:
		r = S_put_codes(b, &m->eyes, "/");
		return r | ml_buf_puts(b, " EYES ONLY");
	case LIST_DISPLAY:
		r = ml_buf_puts(b, "DISPLAY ONLY ");
		return r | S_put_codes(b, &m->display, ", ");
	default:
		return ml_buf_puts(b, form == ML_MARKING_PORTION ? c->portion
		                                                 : c->banner);
	}
}

/* One dissemination block (kind K_DISSEM or K_NONIC). */
static int S_put_dissem(ml_buf *b, const ml_marking *m, enum block_kind k,
                        ml_marking_form form)
{
	uint32_t covered = 0;
	size_t i;
	int r = 0, first = 1;

	for (i = 0; i < S_COUNT(S_controls); i++)
		if (m->dissem & S_controls[i].flag)
			covered |= S_controls[i].implies;
	for (i = 0; i < S_COUNT(S_controls); i++) {
		const struct control *c = &S_controls[i];

		if (c->block != k || !(m->dissem & c->flag) ||
		    (covered & c->flag))
			continue;
		r |= ml_buf_puts(b, first ? "//" : "/");
		r |= S_put_control(b, m, c, form);
		first = 0;
	}
	return r;
}

int ml_marking_format(const ml_marking *m, ml_marking_form form, ml_buf *buf)
{
	int r = 0;

	if (form == ML_MARKING_PORTION)
		r |= ml_buf_putc(buf, '(');
	r |= S_put_class(m, form, buf);
	r |= S_put_tokens(buf, &m->sci, 0, form);
	r |= S_put_tokens(buf, &m->sap, 0, form);
	r |= S_put_tokens(buf, &m->aea, 1, form);
	if (m->fgi) {
		r |= ml_buf_puts(buf, "//FGI");
		if (m->fgi_countries.n) {
			r |= ml_buf_putc(buf, ' ');
			r |= S_put_codes(buf, &m->fgi_countries, " ");
		}
	}
	r |= S_put_tokens(buf, &m->cui, 0, form);
	r |= S_put_dissem(buf, m, K_DISSEM, form);
	r |= S_put_dissem(buf, m, K_NONIC, form);
	if (form == ML_MARKING_PORTION)
		r |= ml_buf_putc(buf, ')');
	return r ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Roll-up                                                             */

enum { L_RELTO, L_EYES, L_DISPLAY };

static const ml_marking_countries *S_list(const ml_marking *m, int which)
{
	if (which == L_RELTO)
		return &m->relto;
	return which == L_EYES ? &m->eyes : &m->display;
}

/* 1 when the trigraph tri is a member of the tetragraph tetra. */
static int S_member(const char *tetra, const char *tri)
{
	const char *const *t = S_tetragraph(tetra);
	const char *mem = t ? t[1] : NULL;

	for (; mem && *mem; mem += mem[3] ? 4 : 3)
		if (strncmp(mem, tri, 3) == 0)
			return 1;
	return 0;
}

/* list names code explicitly or through a tetragraph (FVEY has GBR). */
static int S_covers(const ml_marking_countries *list, const char *code)
{
	size_t i;

	if (S_countries_has(list, code))
		return 1;
	if (strlen(code) != 3)
		return 0;
	for (i = 0; i < list->n; i++)
		if (S_member(list->v[i], code))
			return 1;
	return 0;
}

/* Keeps code in out when every list of a mark carrying flag covers it. */
static void S_keep_common(const ml_marking *const *marks, size_t n,
                          uint32_t flag, int which, const char *code,
                          ml_marking_countries *out)
{
	size_t k;

	for (k = 0; k < n; k++)
		if ((marks[k]->dissem & flag) &&
		    !S_covers(S_list(marks[k], which), code))
			return;
	ml_marking_countries_add(out, code);
}

/* Drops trigraphs that a kept tetragraph already covers: USA, FVEY rather
 * than USA, AUS, CAN, GBR, NZL, FVEY. USA always stays. */
static void S_collapse(ml_marking_countries *c)
{
	ml_marking_countries keep;
	size_t i, j;

	keep.n = 0;
	for (i = 0; i < c->n; i++) {
		int covered = 0;

		if (strlen(c->v[i]) == 3 && strcmp(c->v[i], "USA") != 0)
			for (j = 0; j < c->n && !covered; j++)
				covered = S_member(c->v[j], c->v[i]);
		if (!covered)
			S_countries_push(&keep, S_span(c->v[i], strlen(c->v[i])));
	}
	*c = keep;
}

/* The codes common to the chosen list of every mark carrying flag. The
 * candidates are the codes written and the members of the tetragraphs
 * written (NATO and FVEY have CAN and GBR in common). */
static void S_intersect(const ml_marking *const *marks, size_t n,
                        uint32_t flag, int which, ml_marking_countries *out)
{
	size_t i, j;

	out->n = 0;
	for (i = 0; i < n; i++) {
		const ml_marking_countries *l = S_list(marks[i], which);

		if (!(marks[i]->dissem & flag))
			continue;
		for (j = 0; j < l->n; j++) {
			const char *const *t = S_tetragraph(l->v[j]);
			const char *mem = t ? t[1] : NULL;

			S_keep_common(marks, n, flag, which, l->v[j], out);
			for (; mem && *mem; mem += mem[3] ? 4 : 3) {
				char code[4];

				memcpy(code, mem, 3);
				code[3] = '\0';
				S_keep_common(marks, n, flag, which, code, out);
			}
		}
	}
	S_collapse(out);
	ml_marking_countries_sort(out);
}

static int S_foreign_only(const ml_marking_countries *c)
{
	return c->n > 1 || (c->n == 1 && strcmp(c->v[0], "USA") != 0);
}

static void S_rollup_owner(const ml_marking *const *marks, size_t n,
                           ml_marking *out)
{
	size_t i, j;
	int same = 1;

	for (i = 0; i < n; i++)
		if (marks[i]->level > out->level)
			out->level = marks[i]->level;
	for (i = 1; i < n && same; i++) {
		same = marks[i]->owner == marks[0]->owner &&
		       marks[i]->owners.n == marks[0]->owners.n;
		for (j = 0; same && j < marks[i]->owners.n; j++)
			same = S_countries_has(&marks[0]->owners,
			                       marks[i]->owners.v[j]);
	}
	if (same && marks[0]->owner != ML_OWNER_US) {
		out->owner = marks[0]->owner;
		out->owners = marks[0]->owners;
		return;
	}
	if (out->level == ML_CLASS_R)
		out->level = ML_CLASS_C;
	for (i = 0; i < n; i++) {
		const ml_marking *m = marks[i];

		if (m->owner == ML_OWNER_FOREIGN) {
			out->fgi = 1;
			for (j = 0; j < m->owners.n; j++)
				ml_marking_countries_add(&out->fgi_countries,
				                         m->owners.v[j]);
		}
	}
}

static int S_token_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void S_rollup_tokens(const ml_marking *const *marks, size_t n,
                            ml_marking *out)
{
	int concealed = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const ml_marking *m = marks[i];
		const ml_marking_tokens *from[4] = {&m->sci, &m->sap, &m->aea,
		                                    &m->cui};
		ml_marking_tokens *to[4] = {&out->sci, &out->sap, &out->aea,
		                            &out->cui};
		size_t l;

		for (l = 0; l < 4; l++)
			for (j = 0; j < from[l]->n; j++)
				if (!S_tokens_has(to[l], from[l]->v[j]))
					S_tokens_add(to[l],
					             S_span(from[l]->v[j],
					                    strlen(from[l]->v[j])),
					             NULL, NULL, "");
		if (m->fgi) {
			out->fgi = 1;
			concealed |= m->fgi_countries.n == 0;
			for (j = 0; j < m->fgi_countries.n; j++)
				ml_marking_countries_add(&out->fgi_countries,
				                         m->fgi_countries.v[j]);
		}
	}
	if (concealed)
		out->fgi_countries.n = 0;
	qsort(out->sci.v, out->sci.n, sizeof(out->sci.v[0]), S_token_cmp);
	if (out->level != ML_CLASS_CUI)
		out->cui.n = 0;
}

/* REL TO or EYES ONLY: the common codes, or NOFORN when only USA is
 * common. */
static void S_rollup_release(const ml_marking *const *marks, size_t n,
                             uint32_t flag, int which,
                             ml_marking_countries *list, ml_marking *out)
{
	if (!(out->dissem & flag))
		return;
	S_intersect(marks, n, flag, which, list);
	if (!S_foreign_only(list)) {
		out->dissem &= ~flag;
		out->dissem |= ML_DISSEM_NOFORN;
		list->n = 0;
	}
}

static void S_rollup_dissem(const ml_marking *const *marks, size_t n,
                            ml_marking *out)
{
	const uint32_t release = ML_DISSEM_RELTO | ML_DISSEM_EYES_ONLY |
	                         ML_DISSEM_DISPLAY_ONLY | ML_DISSEM_RELIDO;
	const uint32_t cui_only = ML_DISSEM_FED_ONLY | ML_DISSEM_FEDCON |
	                          ML_DISSEM_NOCON | ML_DISSEM_DL_ONLY |
	                          ML_DISSEM_ATTORNEY_CLIENT |
	                          ML_DISSEM_ATTORNEY_WP;
	uint32_t any = 0, all = ~0u;
	size_t i;

	for (i = 0; i < n; i++) {
		any |= marks[i]->dissem;
		all &= marks[i]->dissem;
	}
	out->dissem = any;
	if (!(all & ML_DISSEM_RELIDO))
		out->dissem &= ~(uint32_t)ML_DISSEM_RELIDO;
	S_rollup_release(marks, n, ML_DISSEM_RELTO, L_RELTO, &out->relto, out);
	S_rollup_release(marks, n, ML_DISSEM_EYES_ONLY, L_EYES, &out->eyes,
	                 out);
	if (out->dissem & ML_DISSEM_DISPLAY_ONLY) {
		S_intersect(marks, n, ML_DISSEM_DISPLAY_ONLY, L_DISPLAY,
		            &out->display);
		if (out->display.n == 0)
			out->dissem &= ~(uint32_t)ML_DISSEM_DISPLAY_ONLY;
	}
	if (out->dissem & ML_DISSEM_NOFORN) {
		out->dissem &= ~release;
		out->relto.n = out->eyes.n = out->display.n = 0;
	}
	if (out->level != ML_CLASS_U)
		out->dissem &= ~(uint32_t)ML_DISSEM_FOUO;
	if (out->level != ML_CLASS_CUI)
		out->dissem &= ~cui_only;
}

int ml_marking_rollup(const ml_marking *const *marks, size_t n,
                      ml_marking *out)
{
	ml_marking_init(out);
	out->form = ML_MARKING_BANNER;
	if (n == 0)
		return -1;
	S_rollup_owner(marks, n, out);
	S_rollup_tokens(marks, n, out);
	S_rollup_dissem(marks, n, out);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Register-form checks                                                */

static const struct {
	uint32_t bit;
	const char *rule;
	const char *msg;
} S_problems[] = {
	{ML_PROBLEM_RELTO_NOT_USA_FIRST, "MARKING-MALFORMED",
	 "REL TO list must start with USA"},
	{ML_PROBLEM_RELTO_USA_ONLY, "MARKING-MALFORMED",
	 "REL TO USA alone releases to no foreign country: mark NOFORN or "
	 "name the partners"},
	{ML_PROBLEM_FOUO_CLASSIFIED, "MARKING-MALFORMED",
	 "FOUO does not belong on a classified marking"},
	{ML_PROBLEM_RELTO_ORDER, "MARKING-MALFORMED",
	 "REL TO list is not in register order (USA, then trigraphs A-Z, "
	 "then tetragraphs A-Z, no repeats)"},
	{ML_PROBLEM_EYES_NO_USA, "MARKING-MALFORMED",
	 "EYES ONLY list must start with USA"},
	{ML_PROBLEM_UNKNOWN_TETRAGRAPH, "MARKING-MALFORMED",
	 "country list has a tetragraph that is not in the register"},
	{ML_PROBLEM_NOFORN_RELTO, "NOFORN-RELTO-CONFLICT",
	 "NOFORN conflicts with REL TO in the same marking"},
	{ML_PROBLEM_NOFORN_EYES, "NOFORN-RELTO-CONFLICT",
	 "NOFORN conflicts with EYES ONLY in the same marking"},
	{ML_PROBLEM_NOFORN_RELIDO, "NOFORN-RELTO-CONFLICT",
	 "NOFORN conflicts with RELIDO in the same marking"},
	{ML_PROBLEM_NOFORN_DISPLAY, "NOFORN-RELTO-CONFLICT",
	 "NOFORN conflicts with DISPLAY ONLY in the same marking"},
};

static int S_unknown_tetragraph(const ml_marking_countries *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strlen(c->v[i]) == 4 && !S_tetragraph(c->v[i]))
			return 1;
	return 0;
}

static uint32_t S_relto_problems(const ml_marking *m)
{
	size_t i;

	if (!(m->dissem & ML_DISSEM_RELTO) || m->relto.n == 0)
		return 0;
	if (strcmp(m->relto.v[0], "USA") != 0)
		return ML_PROBLEM_RELTO_NOT_USA_FIRST;
	if (!S_foreign_only(&m->relto) || m->relto_only)
		return ML_PROBLEM_RELTO_USA_ONLY;
	for (i = 1; i < m->relto.n; i++)
		if (ml_marking_country_cmp(m->relto.v[i - 1], m->relto.v[i]) >= 0)
			return ML_PROBLEM_RELTO_ORDER;
	return 0;
}

uint32_t ml_marking_problems(const ml_marking *m)
{
	uint32_t p = S_relto_problems(m), d = m->dissem;

	if ((d & ML_DISSEM_FOUO) && m->level >= ML_CLASS_R)
		p |= ML_PROBLEM_FOUO_CLASSIFIED;
	if ((d & ML_DISSEM_EYES_ONLY) && m->eyes.n &&
	    strcmp(m->eyes.v[0], "USA") != 0)
		p |= ML_PROBLEM_EYES_NO_USA;
	if (S_unknown_tetragraph(&m->relto) || S_unknown_tetragraph(&m->eyes) ||
	    S_unknown_tetragraph(&m->display))
		p |= ML_PROBLEM_UNKNOWN_TETRAGRAPH;
	if (d & ML_DISSEM_NOFORN) {
		if (d & ML_DISSEM_RELTO)
			p |= ML_PROBLEM_NOFORN_RELTO;
		if (d & ML_DISSEM_EYES_ONLY)
			p |= ML_PROBLEM_NOFORN_EYES;
		if (d & ML_DISSEM_RELIDO)
			p |= ML_PROBLEM_NOFORN_RELIDO;
		if (d & ML_DISSEM_DISPLAY_ONLY)
			p |= ML_PROBLEM_NOFORN_DISPLAY;
	}
	return p;
}

const char *ml_marking_problem_message(uint32_t problem)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_problems); i++)
		if (S_problems[i].bit == problem)
			return S_problems[i].msg;
	return NULL;
}

const char *ml_marking_problem_rule(uint32_t problem)
{
	size_t i;

	for (i = 0; i < S_COUNT(S_problems); i++)
		if (S_problems[i].bit == problem)
			return S_problems[i].rule;
	return NULL;
}

/* The first problem (table order) of rule among m's problems. */
static const char *S_first(const ml_marking *m, const char *rule)
{
	uint32_t p = ml_marking_problems(m);
	size_t i;

	for (i = 0; i < S_COUNT(S_problems); i++)
		if ((p & S_problems[i].bit) &&
		    strcmp(S_problems[i].rule, rule) == 0)
			return S_problems[i].msg;
	return NULL;
}

const char *ml_marking_check_form(const ml_marking *m)
{
	return S_first(m, "MARKING-MALFORMED");
}

const char *ml_marking_check_conflict(const ml_marking *m)
{
	return S_first(m, "NOFORN-RELTO-CONFLICT");
}
