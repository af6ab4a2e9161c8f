/* ml_pmark.c - the portion-mark recogniser (see ml_pmark.h).
 *
 * A portion mark is a parenthesised group at the start of a portion whose
 * content holds only letters, digits, spaces, '/', ',' and '-', and that
 * either contains "//", or starts with a classification (U, C, S, TS, CUI,
 * SBU, spelled-out ones too) followed by its end or by a control after one
 * separator ("(S/NF)", "(S NF)", "(SBU-NF)": not "(C/O)", "(S/N 1234)"),
 * or is a distinctive control alone ("(NF)", "(FOUO)"). Lower case counts
 * only with a slash and a classification ("(s//nf)"; not "(and/or)",
 * "(c)"). A mark is never directly followed by a letter or digit:
 * "(S)he" is a pronoun.
 *
 * Before the mark come at most ML_PMARK_MAX_TOKENS of: Markdown '#'
 * headings, '>' quotes, emphasis ("**", "__", "*", "_") right before the
 * mark or number, bullets ("-", "--", "*", "+", "•" and the Symbol-font
 * bullets PDF converters emit), a "SUBJECT:" label, and paragraph
 * numbers: "1.", "1)", "1.2.3", "C.3", "1.a.", "a.", "A.", "iv.", "(1)",
 * "(a)", "(iv)", "(A)", "¶3.", "¶ 3", "§ 2.", "Para 1.", "Paragraph 2",
 * "Section H.2".
 */
#define _GNU_SOURCE 1 /* memmem: "//" in a mark */
#include "ml_pmark.h"

#include <string.h>
#include <strings.h>

#define S_MAX_SEGMENTS 16 /* "1.2.3..." components of one number */

static int S_up(char c) { return c >= 'A' && c <= 'Z'; }
static int S_low(char c) { return c >= 'a' && c <= 'z'; }
static int S_dig(char c) { return c >= '0' && c <= '9'; }
static int S_alnum(char c) { return S_up(c) || S_low(c) || S_dig(c); }
static char S_toup(char c) { return S_low(c) ? (char)(c - 'a' + 'A') : c; }

static int S_roman(char c);

static int S_sp(char c)
{
	return c == ' ' || c == '\t';
}

static size_t S_skip_sp(const char *s, size_t len, size_t i)
{
	while (i < len && S_sp(s[i]))
		i++;
	return i;
}

/* Does s[i..len) start with word w (exact bytes)? */
static int S_at(const char *s, size_t len, size_t i, const char *w)
{
	size_t n;

	/* the first byte first: most words do not stand at most places,
	 * and this runs for every list word at the start of every portion */
	if (i >= len || s[i] != w[0])
		return 0;
	n = strlen(w);
	return len - i >= n && memcmp(s + i, w, n) == 0;
}

/* Where a banner starts after the label that e-mail and forms put
 * before it ("Classification: SECRET//NOFORN", "CLASSIFICATION:
 * UNCLASSIFIED//FOUO"), in any letter case; i when there is none. The
 * label is a field's name, not part of the marking. */
static size_t S_after_label(const char *s, size_t len, size_t i)
{
	static const char label[] = "classification:";
	size_t n = sizeof label - 1;

	if (len - i <= n || strncasecmp(s + i, label, n) != 0)
		return i;
	return S_skip_sp(s, len, i + n);
}

size_t ml_pmark_banner_start(const char *s, size_t len)
{
	return S_after_label(s, len, S_skip_sp(s, len, 0));
}

/* The length of the first of the n words w[] that stands at s[i], or 0. */
static size_t S_at_any(const char *s, size_t len, size_t i,
                       const char *const *w, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (S_at(s, len, i, w[k]))
			return strlen(w[k]);
	return 0;
}

#define S_NWORDS(a) (sizeof (a) / sizeof (a)[0])

/* --- the mark --- */

/* Classifications a mark may start with. */
static const char *const S_classes[] = {
	"TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS",
	"TS", "S", "C", "U", "CUI", "SBU", "LOU",
};

/* Controls that may follow a classification after a single '/', '-' or
 * space (with "//" anything may). */
static const char *const S_controls[] = {
	"AIUO", "BUR", "CNWDI", "COMINT", "DISPLAY", "DL", "DS", "DSEN",
	"EL", "EXDIS", "EYES", "FED", "FEDCON", "FGI", "FISA", "FOUO", "FRD",
	"G", "HCS", "IMC", "IMCON", "KDK", "LES", "LIMDIS", "ND", "NF",
	"NOCON", "NODIS", "NOFORN", "OC", "ORCON", "PR", "PROPIN", "RD",
	"REL", "RELIDO", "RS", "RSEN", "RSV", "SAR", "SBU", "SI", "SP", "SSI",
	"TFNI", "TK", "UCNI", "XD",
};

/* A mark with no classification: a control that is plainly a marking. */
static const char *const S_alone[] = {
	"NF", "NOFORN", "ORCON", "IMCON", "RELIDO", "FOUO", "SBU-NF",
	"LES-NF", "LES", "REL TO",
};

static int S_boundary(const char *s, size_t len, size_t i)
{
	return i >= len || s[i] == ' ' || s[i] == '/' || s[i] == '-' ||
	       s[i] == ',';
}

/* Length of the classification at the start of up[0..n), or 0. */
static size_t S_class_at(const char *up, size_t n)
{
	size_t k, best = 0;

	for (k = 0; k < sizeof S_classes / sizeof S_classes[0]; k++) {
		size_t l = strlen(S_classes[k]);
		if (l > best && l <= n && memcmp(up, S_classes[k], l) == 0 &&
		    S_boundary(up, n, l))
			best = l;
	}
	return best;
}

/* Does up[0..n) contain "//"? */
static int S_has_dslash(const char *up, size_t n)
{
	return memmem(up, n, "//", 2) != NULL;
}

static int S_in(const char *w, size_t n, const char *const *list,
                size_t count)
{
	size_t k;

	for (k = 0; k < count; k++)
		if (strlen(list[k]) == n && memcmp(w, list[k], n) == 0)
			return 1;
	return 0;
}

/* Does the upper-case content up[0..n) read as a mark? */
static int S_content_is_mark(const char *up, size_t n, int lower)
{
	size_t c = S_class_at(up, n), i, t;

	if (!lower && n >= 3 && up[0] == '/' && up[1] == '/' && S_up(up[2]))
		return 1; /* "(//NS)", "(//GBR S)" */
	if (!c) {
		if (lower)
			return 0;
		if (S_in(up, n, S_alone, sizeof S_alone / sizeof S_alone[0]))
			return 1;
		return S_has_dslash(up, n) && S_up(up[0]);
	}
	if (c == n)
		return !lower;
	if (S_has_dslash(up + c, n - c))
		return 1;
	i = c;
	while (i < n && (up[i] == ' ' || up[i] == '/' || up[i] == '-'))
		i++;
	for (t = i; t < n && (S_up(up[t]) || S_dig(up[t])); t++)
		;
	if (!S_in(up + i, t - i, S_controls,
	          sizeof S_controls / sizeof S_controls[0]))
		return 0;
	return !lower || memchr(up, '/', n) != NULL;
}

/* The ML_PMARK_* bits of a mark's upper-case content. */
static unsigned S_says(const char *up, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t start, l;
		while (i < n && (up[i] == '/' || up[i] == ' ' || up[i] == ','))
			i++;
		start = i;
		while (i < n && up[i] != '/' && up[i] != ' ' && up[i] != ',')
			i++;
		l = i - start;
		if ((l == 2 && memcmp(up + start, "NF", 2) == 0) ||
		    (l == 6 && memcmp(up + start, "NOFORN", 6) == 0) ||
		    (l > 3 && memcmp(up + i - 3, "-NF", 3) == 0))
			return ML_PMARK_NOFORN;
	}
	return 0;
}

static int S_mark_char(char c)
{
	return S_alnum(c) || c == ' ' || c == '/' || c == ',' || c == '-';
}

size_t ml_pmark_mark(const char *s, size_t len, unsigned *says)
{
	char up[ML_PMARK_MAX_MARK];
	size_t close, j, n, a, b;
	int lower = 0;

	if (!len || s[0] != '(')
		return 0;
	for (close = 1; close < len && close < ML_PMARK_MAX_MARK &&
	                s[close] != ')'; close++) {
		if (!S_mark_char(s[close]))
			return 0;
		lower |= S_low(s[close]);
	}
	if (close >= len || s[close] != ')')
		return 0;
	if (close + 1 < len && S_alnum(s[close + 1]))
		return 0; /* "(S)he" */
	/* the content, trimmed, in upper case */
	for (a = 1; a < close && s[a] == ' '; a++)
		;
	for (b = close; b > a && s[b - 1] == ' '; b--)
		;
	n = b - a;
	if (!n)
		return 0;
	for (j = 0; j < n; j++)
		up[j] = S_toup(s[a + j]);
	if (!S_content_is_mark(up, n, lower))
		return 0;
	if (says)
		*says = S_says(up, n);
	return close + 1;
}

/* --- paragraph numbers --- */

static int S_roman(char c)
{
	return c == 'i' || c == 'v' || c == 'x' || c == 'I' || c == 'V' ||
	       c == 'X' || c == 'l' || c == 'L';
}

/* One component of a number: 1 to 3 digits, one letter, or a short
 * roman numeral. Returns its length, or 0. */
static size_t S_segment(const char *s, size_t len, size_t i, int letters)
{
	size_t j = i;

	while (j < len && j - i < 4 && S_dig(s[j]))
		j++;
	if (j > i)
		return j - i < 4 ? j - i : 0;
	if (!letters)
		return 0;
	/* "C3", "E2", "AP1": the enclosure and appendix numbers of DoD
	 * manuals ("C3.2.4.8.2.") */
	while (j < len && j - i < 2 && S_up(s[j]))
		j++;
	if (j > i && j < len && S_dig(s[j])) {
		size_t d = j;
		while (d < len && d - j < 3 && S_dig(s[d]))
			d++;
		if (d < len && (s[d] == '.' || s[d] == ')') && !S_dig(s[d]))
			return d - i;
	}
	j = i;
	while (j < len && j - i < 5 && S_roman(s[j]))
		j++;
	if (j - i > 1 && (j >= len || !S_alnum(s[j])))
		return j - i; /* "iv", "XII" */
	j = i;
	if (j < len && (S_up(s[j]) || S_low(s[j])) &&
	    (j + 1 >= len || !S_alnum(s[j + 1])))
		return 1;
	return 0;
}

/* "1", "1.2.3", "C.3", "1.a", "iv" at s[i]; *multi says whether it had
 * more than one component. Returns the length, or 0. */
static size_t S_core(const char *s, size_t len, size_t i, int *multi)
{
	size_t j, n = S_segment(s, len, i, 1), k;
	int digits_first = n && S_dig(s[i]);

	*multi = 0;
	if (!n)
		return 0;
	j = i + n;
	/* "1-1.", "2-14.": the chapter-paragraph numbers of Army
	 * regulations (the final '.' is required by the caller) */
	if (digits_first && n < 3 && j + 1 < len && s[j] == '-' &&
	    S_dig(s[j + 1])) {
		size_t d = j + 1;
		while (d < len && d - j <= 3 && S_dig(s[d]))
			d++;
		if (d < len && s[d] == '.' && d - j <= 3)
			return d - i;
	}
	for (k = 1; k < S_MAX_SEGMENTS && j + 1 < len && s[j] == '.'; k++) {
		size_t m = S_segment(s, len, j + 1, 0);
		/* "1.a" and "C.3", never "U.S" */
		if (!m && digits_first && S_low(s[j + 1]) &&
		    (j + 2 >= len || !S_alnum(s[j + 2])))
			m = 1;
		if (!m)
			break;
		j += 1 + m;
		*multi = 1;
	}
	return j - i;
}

/* A parenthesised number: "(1)", "(12)", "(a)", "(iv)", "(A)" (but not
 * "(C)", "(S)", "(U)", "(R)": those are marks or ambiguous). */
static size_t S_paren_number(const char *s, size_t len, size_t i)
{
	size_t j = i + 1, n;

	if (i >= len || s[i] != '(')
		return 0;
	n = S_segment(s, len, j, 1);
	if (!n || j + n >= len || s[j + n] != ')')
		return 0;
	if (n == 1 && (s[j] == 'C' || s[j] == 'S' || s[j] == 'U' ||
	               s[j] == 'R'))
		return 0;
	return n + 2;
}

/* The words that may introduce a number: "Para 1.", "Section H.2",
 * "Sec. 4", "Article 3", "Chapter 2". */
static const char *const S_para_words[] = {
	"PARAGRAPH ", "Paragraph ", "paragraph ", "PARA. ", "Para. ",
	"para. ", "PARA ", "Para ", "para ", "SECTION ", "Section ",
	"SEC. ", "Sec. ", "ARTICLE ", "Article ", "CHAPTER ", "Chapter ",
};

/* Words that introduce a number only right before a mark: captions and
 * the items of manuals ("Figure 3. (U) ...", "Table 2 (S//NF) ...",
 * "Step 3: (U) ..."). At the start of a line without a mark they are
 * prose, so they never start a list item. */
static const char *const S_caption_words[] = {
	"FIGURE ", "Figure ", "Fig. ", "TABLE ", "Table ", "STEP ", "Step ",
	"ITEM ", "Item ", "APPENDIX ", "Appendix ", "ANNEX ", "Annex ",
	"ENCLOSURE ", "Enclosure ", "ATTACHMENT ", "Attachment ", "PART ",
	"Part ",
};

/* "[1]", "[12]": a bracketed number before a mark. */
static size_t S_bracket_number(const char *s, size_t len, size_t i)
{
	size_t j = i + 1;

	if (i >= len || s[i] != '[')
		return 0;
	while (j < len && j - i <= 3 && S_dig(s[j]))
		j++;
	return j > i + 1 && j < len && s[j] == ']' ? j + 1 - i : 0;
}

/* The word before a number at s[i] (its length, or 0): "Para ", "¶",
 * "§", and, when before_mark, the caption words. */
static size_t S_number_word(const char *s, size_t len, size_t i,
                            int before_mark)
{
	size_t k;

	/* "¶" U+00B6 and "§" U+00A7 */
	if (len - i >= 2 && (unsigned char)s[i] == 0xC2 &&
	    ((unsigned char)s[i + 1] == 0xB6 ||
	     (unsigned char)s[i + 1] == 0xA7))
		return S_skip_sp(s, len, i + 2) - i;
	if ((k = S_at_any(s, len, i, S_para_words, S_NWORDS(S_para_words))))
		return k;
	if (before_mark)
		return S_at_any(s, len, i, S_caption_words,
		                S_NWORDS(S_caption_words));
	return 0;
}

/* A paragraph number at s[i], with its final '.' or ')' (or ':' after a
 * word: "Step 3:"): returns its length, or 0. Followed by a space or a
 * '(' (checked by the caller). before_mark: the number is right before
 * a mark, where captions and "[1]" count too. */
static size_t S_number(const char *s, size_t len, size_t i,
                       int before_mark)
{
	size_t j = i, n, w;
	int multi;

	if ((n = S_paren_number(s, len, i)))
		return n;
	if (before_mark && (n = S_bracket_number(s, len, i)))
		return n;
	w = S_number_word(s, len, i, before_mark);
	j += w;
	n = S_core(s, len, j, &multi);
	if (!n)
		return 0;
	j += n;
	if (j < len && (s[j] == '.' || s[j] == ')' || (w && s[j] == ':')))
		return j + 1 - i;
	/* "1.2.3", "C.3", "¶3": no final point needed */
	return multi || w ? j - i : 0;
}

/* --- what comes before a mark --- */

/* Bullets: '-', '*', '+', '•' (U+2022), '‣' (U+2023), '◦' (U+25E6),
 * '▪' (U+25AA), '·' (U+00B7), and the private-use Symbol and Wingdings
 * bullets (U+F0B7, U+F0A7, U+F076, U+F0D8) that PDF and Word converters
 * emit. Returns the length of the bullet, or 0. */
static size_t S_bullet(const char *s, size_t len, size_t i)
{
	static const char *const bullets[] = {
		"\xE2\x80\xA2", "\xE2\x80\xA3", "\xE2\x97\xA6", "\xE2\x96\xAA",
		"\xC2\xB7", "\xEF\x82\xB7", "\xEF\x82\xA7", "\xEF\x81\xB6",
		"\xEF\x83\x98", "--", "-", "*", "+",
	};

	return S_at_any(s, len, i, bullets, S_NWORDS(bullets));
}

/* Emphasis right before a mark or number: "**", "__", "*", "_". */
static size_t S_emphasis(const char *s, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && n < 3 && (s[i + n] == '*' || s[i + n] == '_'))
		n++;
	if (!n || i + n >= len)
		return 0;
	return s[i + n] == '(' || S_dig(s[i + n]) ||
	       (unsigned char)s[i + n] == 0xC2 ? n : 0;
}

/* Markdown ATX heading: 1 to 6 '#' and a space (or the end). */
static size_t S_heading(const char *s, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && n < 7 && s[i + n] == '#')
		n++;
	if (!n || n > 6 || (i + n < len && !S_sp(s[i + n])))
		return 0;
	return n;
}

static const char *const S_labels[] = {
	"SUBJECT:", "SUBJ:", "Subject:", "NOTE:", "Note:",
};

static size_t S_label(const char *s, size_t len, size_t i)
{
	return S_at_any(s, len, i, S_labels, S_NWORDS(S_labels));
}

/* After a marker or number: at least one space, or directly a mark
 * (emphasis included). */
static int S_followed(const char *s, size_t len, size_t j)
{
	if (j < len && S_sp(s[j]))
		return 1;
	return j < len && (s[j] == '(' || s[j] == '*' || s[j] == '_');
}

/* Closing emphasis and spaces after a mark. */
static size_t S_after_mark(const char *s, size_t len, size_t j)
{
	size_t n = 0;

	while (j + n < len && n < 3 && (s[j + n] == '*' || s[j + n] == '_'))
		n++;
	return S_skip_sp(s, len, j + n);
}

/* One step of the lead: the length of the marker or number at s[i]
 * (not the spaces after it), recording a number in *out. */
static size_t S_lead_token(const char *s, size_t len, size_t i, int first,
                           ml_pmark *out)
{
	size_t n;

	if (first && (n = S_heading(s, len, i))) {
		out->heading = 1;
		return n;
	}
	if (s[i] == '>')
		return 1;
	if ((n = S_emphasis(s, len, i)))
		return n;
	if ((n = S_number(s, len, i, 1)) && S_followed(s, len, i + n)) {
		/* a caption or a reference number is not a section */
		if (!out->num_len && S_number(s, len, i, 0)) {
			out->num_off = i;
			out->num_len = n;
		}
		return n;
	}
	if ((n = S_bullet(s, len, i)) && i + n < len && S_sp(s[i + n]))
		return n;
	if ((n = S_label(s, len, i)) && i + n < len && S_sp(s[i + n]))
		return n;
	return 0;
}

/* Can a lead or a mark start at s[i]? Most portions start with a word
 * ("The", "obwzql"): no number, bullet or mark starts with a letter
 * followed by a lower-case letter, but for the words before a number
 * ("Para", "Figure"), the labels ("Subject:") and roman numerals
 * ("iv."). */
static int S_may_lead(const char *s, size_t len, size_t i)
{
	char c = s[i];

	if (i + 1 >= len || !S_low(s[i + 1]) || !(S_up(c) || S_low(c)))
		return 1;
	return S_roman(c) || S_number_word(s, len, i, 1) ||
	       S_label(s, len, i);
}

int ml_pmark_scan(const char *s, size_t len, ml_pmark *out)
{
	size_t i = S_skip_sp(s, len, 0), start = i, n;
	int t;

	memset(out, 0, sizeof *out);
	out->body = i;
	if (i >= len || !S_may_lead(s, len, i))
		return 0;
	for (t = 0; t <= ML_PMARK_MAX_TOKENS && i < len; t++) {
		if ((n = ml_pmark_mark(s + i, len - i, &out->says))) {
			out->off = i;
			out->len = n;
			out->body = S_after_mark(s, len, i + n);
			/* "(U) 1. PURPOSE": the number after the mark */
			if (!out->num_len &&
			    (n = S_number(s, len, out->body, 0)) &&
			    S_followed(s, len, out->body + n)) {
				out->num_off = out->body;
				out->num_len = n;
			}
			return 1;
		}
		if (t == ML_PMARK_MAX_TOKENS || i - start > ML_PMARK_MAX_LEAD)
			break;
		n = S_lead_token(s, len, i, t == 0, out);
		if (!n)
			break;
		i = S_skip_sp(s, len, i + n);
		out->body = i;
	}
	if (out->num_len && out->body >= len)
		out->num_len = 0; /* a number with nothing after it */
	return 0;
}

size_t ml_pmark_list_item(const char *s, size_t len)
{
	size_t i = S_skip_sp(s, len, 0), n, j;

	if ((n = S_heading(s, len, i)))
		return S_skip_sp(s, len, i + n);
	if ((n = S_bullet(s, len, i)) && i + n < len && S_sp(s[i + n])) {
		j = S_skip_sp(s, len, i + n);
		return j < len ? j : 0;
	}
	n = S_number(s, len, i, 0);
	if (!n || i + n >= len || !S_sp(s[i + n]))
		return 0;
	j = S_skip_sp(s, len, i + n);
	if (j >= len)
		return 0;
	/* "J. Smith" is a name */
	if (n == 2 && S_up(s[i]) && s[i + 1] == '.')
		return 0;
	/* "(a) the offeror" is an item; "4.2 of the SOW" is prose */
	if (s[i] == '(' || !S_low(s[j]))
		return j;
	return 0;
}

/* --- banner and caveat lines --- */

/* Letter-spaced classifications, as cables print them, and what they
 * spell. */
static const char *const S_spaced[] = {
	"T O P S E C R E T", "S E C R E T", "C O N F I D E N T I A L",
	"U N C L A S S I F I E D", "U N C L A S",
};
static const char *const S_spelled[] = {
	"TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS",
};

/* Classification words that open a banner line. */
static const char *const S_banner_words[] = {
	"TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS",
	"CUI", "CONTROLLED",
};

/* Whole-line caveats (upper case, without a final period). */
static const char *const S_caveats[] = {
	"NOFORN", "NOFORN DISSEM", "NO FOREIGN DISSEM",
	"NO FOREIGN DISSEMINATION", "NOT RELEASABLE TO FOREIGN NATIONALS",
};

/* The characters of a banner line after its classification: marking
 * characters, digits (dates, cable numbers) and a few separators. */
static int S_banner_rest(const char *s, size_t len, size_t i)
{
	for (; i < len; i++)
		if (!S_up(s[i]) && !S_dig(s[i]) && s[i] != ' ' && s[i] != '/' &&
		    s[i] != ',' && s[i] != '-' && s[i] != '.' && s[i] != ':' &&
		    s[i] != '\t')
			return 0;
	return 1;
}

int ml_pmark_banner_line(const char *s, size_t len)
{
	char up[64];
	size_t i = ml_pmark_banner_start(s, len), k, n;

	while (len > i && (S_sp(s[len - 1]) || s[len - 1] == '\r'))
		len--;
	if (i >= len)
		return 0;
	for (k = 0; k < sizeof S_spaced / sizeof S_spaced[0]; k++)
		if (S_at(s, len, i, S_spaced[k]) &&
		    (i + strlen(S_spaced[k]) == len ||
		     S_sp(s[i + strlen(S_spaced[k])])))
			return 1;
	for (k = 0; k < sizeof S_banner_words / sizeof S_banner_words[0];
	     k++) {
		size_t l = strlen(S_banner_words[k]);
		if (!S_at(s, len, i, S_banner_words[k]))
			continue;
		if (i + l == len)
			return 1;
		/* "SECRET//NF", "SECRET // NF", "SECRET - NOFORN" */
		n = S_skip_sp(s, len, i + l);
		if (n < len && (s[n] == '/' || s[n] == '-'))
			return S_banner_rest(s, len, i + l);
	}
	/* a caveat line, in any letter case */
	n = len - i;
	if (n && s[len - 1] == '.')
		n--;
	if (n >= sizeof up)
		return 0;
	for (k = 0; k < n; k++)
		up[k] = S_toup(s[i + k]);
	return S_in(up, n, S_caveats, sizeof S_caveats / sizeof S_caveats[0]);
}

/* Does a trailer start at the token s[i..e)? A date or number of four
 * digits or more ("20320108", "000123", "05/01/2019", "2032-01-08"), or
 * a word that opens cable routing or a declassification line. */
static int S_trailer_token(const char *s, size_t i, size_t e)
{
	static const char *const words[] = {
		"SECTION", "DECL", "DECL:", "DECLASSIFY", "Declassify",
		"DECLASSIFIED", "CLASSIFIED", "Classified", "DERIVED", "Derived",
		"E.O.", "EO",
	};
	size_t k, digits = 0, other = 0;

	for (k = i; k < e; k++) {
		if (S_dig(s[k]))
			digits++;
		else if (s[k] == '/' || s[k] == '-')
			other++;
		else
			break;
	}
	if (k == e && digits >= 4 && (!other || digits >= 6))
		return 1;
	for (k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strlen(words[k]) == e - i &&
		    memcmp(s + i, words[k], e - i) == 0)
			return 1;
	return 0;
}

/* Is s[i] preceded by a slash, spaces apart ("// N")? */
static int S_slash_before(const char *s, size_t i)
{
	while (i > 0 && S_sp(s[i - 1]))
		i--;
	return i > 0 && s[i - 1] == '/';
}

/* The end of the controls after a letter-spaced classification that ends
 * at s[j]: tokens joined by slashes ("//NOFORN", "// SI // NOFORN"),
 * and letter-spaced ones ("//N O F O R N", "// N O F O R N"). A token
 * after a space that neither ends nor starts with a slash ("STATE
 * 123456") is not one. */
static size_t S_spaced_controls(const char *s, size_t len, size_t j)
{
	size_t k;

	for (;;) {
		size_t start = j;
		while (j < len && !S_sp(s[j]))
			j++;
		/* "//N O F O R N", "// N O F O R N": after a slash, single
		 * letters one space apart */
		if (j > start && S_up(s[j - 1]) &&
		    (j - start >= 2 ? s[j - 2] == '/'
		                    : S_slash_before(s, start)))
			while (j + 1 < len && s[j] == ' ' && S_up(s[j + 1]) &&
			       (j + 2 == len || !S_up(s[j + 2])))
				j += 2;
		k = S_skip_sp(s, len, j);
		if (k >= len || (s[k] != '/' && s[j - 1] != '/'))
			return j;
		j = k;
	}
}

/* Digits from s[i], at most four ("3", "12"): their count, else 0. */
static size_t S_page_number(const char *s, size_t len, size_t i)
{
	size_t k = i;

	while (k < len && S_dig(s[k]))
		k++;
	return k - i <= 4 ? k - i : 0;
}

/* Is s[i..len) a page's furniture, as headers and footers print it
 * beside the banner: "Page 3", "PAGE 3 OF 10", "3 of 10", "- 3 -", "12"?
 * It is no part of the marking, nor a fault of it. */
static int S_furniture(const char *s, size_t len, size_t i)
{
	size_t d;

	if (S_at(s, len, i, "Page ") || S_at(s, len, i, "PAGE "))
		i = S_skip_sp(s, len, i + 5);
	else if (s[i] == '-')
		i = S_skip_sp(s, len, i + 1);
	if (!(d = S_page_number(s, len, i)))
		return 0;
	i = S_skip_sp(s, len, i + d);
	if (S_at(s, len, i, "of ") || S_at(s, len, i, "OF ")) {
		i = S_skip_sp(s, len, i + 3);
		if (!(d = S_page_number(s, len, i)))
			return 0;
		i = S_skip_sp(s, len, i + d);
	}
	if (i < len && s[i] == '-')
		i = S_skip_sp(s, len, i + 1);
	return i == len;
}

/* Is s[j..len), after the all-capitals banner s[i..j), a title in title
 * case that the text layer ran onto the banner's line ("UNCLASSIFIED//FOUO
 * Authorized Banner Line Marking Title")? At most eight words of letters,
 * each capitalised, the first with a lower-case letter, an ending colon
 * allowed. A marking is never written so. */
static int S_title_tail(const char *s, size_t len, size_t i, size_t j)
{
	size_t k, words = 0;

	for (k = i; k < j; k++)
		if (S_low(s[k]))
			return 0;
	if (!(S_up(s[j]) && j + 1 < len && S_low(s[j + 1])))
		return 0;
	if (s[len - 1] == ':')
		len--;
	for (k = j; k < len; words++) {
		if (words == 8 || !S_up(s[k]))
			return 0;
		while (k < len && (S_up(s[k]) || S_low(s[k]) || s[k] == '-'))
			k++;
		if (k < len && !S_sp(s[k]))
			return 0;
		k = S_skip_sp(s, len, k);
	}
	return 1;
}

int ml_pmark_banner_find(const char *s, size_t len, ml_pmark_banner *out)
{
	size_t i = ml_pmark_banner_start(s, len), k, j;

	memset(out, 0, sizeof *out);
	while (len > i && S_sp(s[len - 1]))
		len--;
	if (i >= len)
		return 0;
	out->off = i;
	out->len = len - i;
	for (k = 0; k < sizeof S_spaced / sizeof S_spaced[0]; k++) {
		size_t l = strlen(S_spaced[k]);
		if (!S_at(s, len, i, S_spaced[k]) ||
		    (i + l < len && !S_sp(s[i + l]) && s[i + l] != '/'))
			continue;
		out->spaced = S_spelled[k];
		out->spaced_len = l;
		/* "S E C R E T//NOFORN", "S E C R E T // NOFORN": the
		 * controls go with it */
		j = S_spaced_controls(s, len, i + l);
		out->len = j - i;
		out->trailer = S_skip_sp(s, len, j) < len;
		return 1;
	}
	/* the first token that opens a trailer ends the banner */
	for (j = i; j < len;) {
		size_t e = j;
		while (e < len && !S_sp(s[e]))
			e++;
		if (j > i && (S_trailer_token(s, j, e) ||
		              S_furniture(s, len, j) ||
		              S_title_tail(s, len, i, j))) {
			k = j;
			while (k > i && S_sp(s[k - 1]))
				k--;
			out->len = k - i;
			/* furniture and a title are cut without a word */
			out->trailer = S_trailer_token(s, j, e);
			return 1;
		}
		j = S_skip_sp(s, len, e);
	}
	return 1;
}
