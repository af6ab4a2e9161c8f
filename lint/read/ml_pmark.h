/* ml_pmark.h - where a portion mark is: the loose recogniser that readers
 * and the checker share (MARKINGS.md 3.1.1).
 *
 * Real documents put a portion mark after paragraph numbering and list
 * markers ("1. (S//NF) The seeker...", "¶3. (C/NF) The Minister...",
 * "- **(S//NF)** ..."), and agencies write forms that are not the
 * register's ("(S/NF)", "(SBU-NF)"). This recogniser finds *where* a mark
 * is and what it plainly says (NOFORN or not); whether it is valid, and
 * what its register form is, is the marking grammar's business (lint/
 * marking/). Readers use it to start a new portion at a line that begins
 * with a mark; the document builder uses it to record each portion's mark
 * and paragraph number.
 *
 * Pure functions over bytes, no allocation, no state. Every scan is
 * bounded: at most ML_PMARK_MAX_LEAD bytes of numbering and markers and
 * ML_PMARK_MAX_MARK bytes of mark are looked at, whatever the input.
 *
 * Include graph: ml_pmark.h -> stddef.h only.
 */
#ifndef ML_PMARK_H
#define ML_PMARK_H

#include <stddef.h>

#define ML_PMARK_MAX_LEAD 160  /* numbering, bullets, emphasis before it */
#define ML_PMARK_MAX_MARK 200  /* a mark, parentheses included */
#define ML_PMARK_MAX_TOKENS 8  /* numbering and markers before a mark */

/* What a mark plainly says (bits of ml_pmark.says). */
enum {
	ML_PMARK_NOFORN = 1u << 0 /* NF, NOFORN, SBU-NF, LES-NF in it */
};

/* What the start of a line or portion holds. Offsets are into the text
 * given; a length of 0 means "none". */
typedef struct ml_pmark {
	size_t num_off, num_len; /* the paragraph number as written: "1.",
	                            "1.2.3", "¶3.", "Para 1.", "(a)", "A." */
	size_t off, len;         /* the portion mark as written, with its
	                            parentheses: "(S//NF)", "(S/NF)" */
	size_t body;             /* where the text after the mark (or after
	                            the numbering, when there is no mark)
	                            starts */
	unsigned says;           /* ML_PMARK_* bits */
	int heading;             /* a Markdown ATX heading ("## ...") */
} ml_pmark;

/* Scans the start of text[0..len) (leading spaces allowed): list markers
 * (bullets, Markdown '#', '>', emphasis), paragraph numbering, then a
 * portion mark. Fills *out and returns 1 when a portion mark was found,
 * 0 otherwise (out->num_* still says whether numbering was found). */
int ml_pmark_scan(const char *text, size_t len, ml_pmark *out);

/* Does text[0..len) begin with a portion mark, parentheses included (no
 * numbering before it)? Returns its length, or 0. *says gets its
 * ML_PMARK_* bits (says may be NULL). */
size_t ml_pmark_mark(const char *text, size_t len, unsigned *says);

/* Does the line begin a list item or a heading (a bullet, numbering
 * followed by a capital, a digit or a mark, a Markdown '#' heading)?
 * Returns the length of the marker with the spaces after it, or 0. */
size_t ml_pmark_list_item(const char *line, size_t len);

/* Is the whole line a banner or caveat line that stands on its own: a
 * classification spelled out, alone or followed by controls ("SECRET",
 * "TOP SECRET//SI//NOFORN", "UNCLASSIFIED//FOUO"), letter-spaced
 * ("S E C R E T ..."), or a caveat ("NOFORN", "NOFORN DISSEM")? Loose: the
 * checker decides what it is. */
int ml_pmark_banner_line(const char *line, size_t len);

/* The banner in a banner line, as written, without what cables and older
 * documents print after it. */
typedef struct ml_pmark_banner {
	size_t off, len;     /* the banner: "TOP SECRET//SI//NOFORN",
	                        "S E C R E T" */
	const char *spaced;  /* letter-spaced ("S E C R E T"): the
	                        classification it spells ("SECRET"), a static
	                        string; else NULL */
	size_t spaced_len;   /* bytes of the letter-spaced classification */
	int trailer;         /* a date, a cable number, "SECTION 01 OF 02",
	                        a declassification line follows it */
} ml_pmark_banner;

/* Finds the banner at the start of line[0..len) (spaces around it
 * allowed): the line up to a trailer, a letter-spaced classification
 * recognised. Returns 1 and fills *out, or 0 for an empty line. Loose:
 * whether it is a marking at all is the grammar's call. */
int ml_pmark_banner_find(const char *line, size_t len, ml_pmark_banner *out);

/* Where a banner may start in line[0..len): after leading spaces and the
 * label e-mail and forms put before it ("Classification: "); 0 when
 * there is neither. */
size_t ml_pmark_banner_start(const char *line, size_t len);

#endif
