/* ml_wording.h - what the checker says, as data: the wording of every
 * finding message, suggestion, justification reason and roll-up citation
 * lives in markings/rules.xml as a template, and this table lists every
 * text the code writes (ml_wording), with the rule it belongs to, the
 * element and case that hold its template, and the placeholders the code
 * fills in.
 *
 * In a rule file, a <rule> holds its own wording:
 *
 *   <rule id="FOUO-OBSOLETE" ...>
 *     <message>{marking}: FOUO is obsolete; DoDI 5200.48 replaced it
 *       with CUI</message>
 *     <suggestion case="portion">(CUI)</suggestion>
 *   </rule>
 *
 * and phrases several rules share are <wording case="..."> elements of
 * the file. A placeholder is {name}; each text may use only the names
 * the code fills in for it. Loading a file refuses a template that is not
 * in this table or uses another placeholder; loading the built-in rules
 * checks that every rule the code can emit (this table, and every
 * problem of the marking grammar, ml_marking_problem_rule) is defined
 * with its templates, so a rule ID never silently drops a finding.
 *
 * To add a text: add an ML_W_ entry to the enum and to S_wordings in
 * ml_wording.c (rule, element, case, placeholders), its template to
 * markings/rules.xml, and call ml_check__say or ml_check__report with it.
 *
 * Include graph: ml_wording.c -> ml_rules.h, ml_marking.h; ml_rules.c,
 * the check stage -> this.
 */
#ifndef ML_WORDING_H
#define ML_WORDING_H

#include "marklint.h"
#include "ml_buf.h"

#include <libxml/tree.h>

typedef enum ml_wording_elem {
	ML_WE_MESSAGE,     /* <message>: a finding's message */
	ML_WE_SUGGESTION,  /* <suggestion>: a finding's suggestion */
	ML_WE_REASON,      /* <reason>: why a marking is weak or missing */
	ML_WE_BASIS,       /* <basis>: the citation of a banner (roll-up) */
	ML_WE_SHARED,      /* <wording>: a phrase of several rules */
	ML_WE__COUNT
} ml_wording_elem;

typedef enum ml_wording {
	/* banners (MARKINGS.md 4: justified by roll-up) */
	ML_W_ROLLUP_ONE, ML_W_ROLLUP_MANY, ML_W_BANNER_SUPPORTED,
	ML_W_BANNER_UNSUPPORTED_REASON, ML_W_BANNER_UNSUPPORTED,
	ML_W_BANNER_MISSING_ONE, ML_W_BANNER_MISSING_MANY,
	/* a marking and its basis */
	ML_W_NOFORN_JUSTIFIED, ML_W_NOFORN_WEAK, ML_W_NOFORN_UNJUSTIFIED,
	ML_W_FOREIGN_JUSTIFIED, ML_W_FOREIGN_WEAK, ML_W_FOREIGN_UNJUSTIFIED,
	ML_W_FOREIGN_BLANKET, ML_W_FOREIGN_BLANKET_SUGGESTION,
	/* reasons of weak and missing (the JSON justification.reason) */
	ML_W_NOFORN_OTHER_KIND, ML_W_FOREIGN_OTHER_KIND,
	ML_W_NOFORN_REGIME, ML_W_FOREIGN_REGIME,
	ML_W_NOFORN_VAGUE, ML_W_FOREIGN_VAGUE,
	ML_W_NOFORN_AUTHORITY_BLOCK, ML_W_FOREIGN_AUTHORITY_BLOCK,
	ML_W_NOFORN_LABEL, ML_W_FOREIGN_LABEL,
	ML_W_NOFORN_NONE, ML_W_FOREIGN_NONE,
	/* the words that made a sentence a restriction (MARKINGS.md 3.2),
	 * as a message quotes them */
	ML_W_RESTRICTION_WORDS, ML_W_RESTRICTION_SUBJECT,
	ML_W_RESTRICTION_PREDICATE, ML_W_RESTRICTION_QUOTE,
	/* lanes of cooperation and foreign-restriction suggestions */
	ML_W_LANE, ML_W_LANE_NAMED, ML_W_FOREIGN_DELETE, ML_W_FOREIGN_OPEN,
	ML_W_FOREIGN_OPEN_NAMED,
	/* marking forms */
	ML_W_MALFORMED_PORTION, ML_W_MALFORMED_BANNER, ML_W_FOUO,
	ML_W_FOUO_PORTION, ML_W_FOUO_BANNER,
	/* agency and legacy forms only the reader sees (MARKINGS.md 3.1) */
	ML_W_NONSTANDARD_TRAILER, ML_W_NONSTANDARD_CAVEAT,
	ML_W_NONSTANDARD_CAVEAT_FIX,
	/* suppressions (ml_suppress.c) */
	ML_W_SUPPRESSION_NOT_UNDERSTOOD, ML_W_SUPPRESSION_NO_RULE,
	ML_W_SUPPRESSION_NO_REASON, ML_W_SUPPRESSION_UNKNOWN_RULE,
	ML_W_SUPPRESSION_TOOL_RULE, ML_W_SUPPRESSION_UNUSED,
	ML__W_COUNT
} ml_wording;

/* The case of a problem of the marking grammar: <message case="problem">
 * of the rule ml_marking_problem_rule names, with {marking} {problem}. */
#define ML_WORDING_PROBLEM "problem"

/* The rule a text belongs to ("NOFORN-WEAK"), NULL for a shared one. */
const char *ml_wording_rule(ml_wording w);
/* How many placeholders the code fills in for w (ml_check__say's
 * arguments, in the order of the table). */
size_t ml_wording_nargs(ml_wording w);

/* The templates of a rule set, by ml_wording (and the problem messages
 * by rule). Owned by the rule set. */
typedef struct ml_wordings ml_wordings;

ml_wordings *ml_wordings_new(void);
void ml_wordings_free(ml_wordings *ws);

/* Reads the wording of a <rule> element (rule: its id; NULL for the
 * file's shared <wording> elements, n then being the root) into ws,
 * replacing what an earlier file said. A template of a text the code does
 * not write, or with a placeholder it does not fill, fails with
 * "rules-invalid" and "FILE:LINE: reason". */
int ml_wordings_read(ml_wordings *ws, const char *file, const char *rule,
                     xmlNodePtr n, ml_error *err);

/* Whether every text the code writes has its template, and every rule
 * it emits is defined (is_defined(ctx, id)); else fails as above, naming
 * the first that is missing. */
int ml_wordings_complete(const ml_wordings *ws, const char *file,
                         int (*is_defined)(const void *ctx, const char *id),
                         const void *ctx, ml_error *err);

/* Appends the text w with its placeholders filled from args (in the
 * order of the table; ml_wording_nargs of them) to out. Without a
 * template (a rule set that was not checked complete), appends the
 * arguments joined by ": ". */
void ml_wordings_fill(const ml_wordings *ws, ml_wording w,
                      const char *const *args, ml_buf *out);
/* The same for the problem message of rule (MARKING-MALFORMED...). */
void ml_wordings_fill_problem(const ml_wordings *ws, const char *rule,
                              const char *marking, const char *problem,
                              ml_buf *out);

#endif
