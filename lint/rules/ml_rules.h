/* ml_rules.h - the rule set: what marklint looks for, loaded from data.
 *
 * Everything the checker matches is data in the markings/ XML files,
 * validated at load by the RELAX NG schema beside it
 * (markings/markings.rng): the foreign-restriction phrase family, blanket
 * scopes, dissemination statements, justification labels, citation patterns
 * with the kinds of marking each can justify, vague reasons, classification
 * authority blocks, partner names and their codes, quotation marks, and the
 * definitions of the rule IDs (severity, disposition, explanation). The
 * shipped files are compiled into the binary; users add files with
 * --rules/--authorities or the configuration file.
 *
 * Patterns are PCRE2 (UTF, caseless unless case="sensitive"); a single
 * space in a pattern matches any run of white space, line breaks included.
 * A pattern may call a part, a named pattern of its own (<part>), as
 * (?P>name): the part's pattern is put in its place before compiling, in
 * a group that keeps the part's letter case; a trigger list may name
 * (?P>name) for the part's triggers. A part replaced by a later file
 * applies to every pattern that calls it.
 * Each is compiled once, with JIT, and matched with per-thread scratch
 * (ml_rx_scratch) under match and depth limits.
 *
 * Include graph: ml_rules.c and ml_rx.c (the only pcre2 user) -> this.
 */
#ifndef ML_RULES_H
#define ML_RULES_H

#include "marklint.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- compiled patterns (ml_rx.c) --- */

typedef struct ml_rx ml_rx;
/* Per-thread match state (pcre2 match data + match context with limits).
 * Owned by the caller: ml_rx_scratch_free. */
typedef struct ml_rx_scratch ml_rx_scratch;

ml_rx_scratch *ml_rx_scratch_new(void);
void ml_rx_scratch_free(ml_rx_scratch *s);
/* on: the texts given to ml_rx_find with s are valid UTF-8 (normalised
 * portions and attributes: ml_normalize rejects anything else), so PCRE2
 * need not check every subject again, a pass over the whole text at each
 * of the dozens of calls a portion gets. A slice that starts or ends
 * inside a character is still checked. Off when s is made; the check
 * stage turns it on for its run and off after. */
void ml_rx_scratch_utf8_known(ml_rx_scratch *s, int on);
/* A prescan of the triggers of ml_rules_prescan: several prefilters
 * (ml_rx.h). */
typedef struct ml_rx_multi ml_rx_multi;
/* Drops the text s holds from ml_rules_prescan (before that text changes
 * or is freed). */
void ml_rx_scratch_forget(ml_rx_scratch *s);

/* Finds the first match in text[start..len). Returns 1 and the match's
 * byte offsets in *so and *eo, 0 when none, or ML_ELIMIT when PCRE2's match or
 * depth limit was hit (the caller reports it; it never hangs). */
int ml_rx_find(const ml_rx *rx, ml_rx_scratch *s, const char *text,
               size_t len, size_t start, size_t *so, size_t *eo);

/* Where a match of rx could start at the earliest, by its trigger (the
 * literal prefilter): the offset in text[start..len) of the first trigger
 * literal found, len when none occurs (rx cannot match there), start when
 * rx has no trigger. A literal's offset, not a match's: a match holding
 * it may begin a few words before. No allocation; linear in len - start. */
size_t ml_rx_next_trigger(const ml_rx *rx, ml_rx_scratch *s,
                          const char *text, size_t len, size_t start);

/* --- the rule set (ml_rules.c) --- */

typedef enum ml_pat_kind {
	ML_PAT_RESTRICTION,  /* a foreign-restriction phrase (3.2) */
	ML_PAT_BLANKET,      /* blanket scope: "at all levels" (3.2) */
	ML_PAT_STATEMENT,    /* a whole-portion NOFORN statement (3.1.3) */
	ML_PAT_LABEL,        /* a justification label: "Justification:" (4) */
	ML_PAT_CITATION,     /* an authority that can be looked up (4) */
	ML_PAT_VAGUE,        /* a reason with no authority (4, weak) */
	ML_PAT_AUTHORITY_BLOCK, /* "Classified By:"... (4, weak) */
	ML_PAT_PARTNER,      /* a partner named in the document (5) */
	ML_PAT_PART,         /* a named piece of the other patterns, called
	                        as (?P>name): "foreign persons" (3.2) */
	ML_PAT_EXCLUSION,    /* a sentence that is not a restriction
	                        whatever it holds: a definition (3.2) */
	ML_PAT_MENTION,      /* an example of a marking: "Example:" (3.1) */
	ML_PAT__COUNT
} ml_pat_kind;

/* What a citation can justify (ml_pattern.justifies). A citation with
 * neither bit is a marking regime: weak for both kinds (4). */
enum {
	ML_JUSTIFIES_NOFORN = 1 << 0,
	ML_JUSTIFIES_FOREIGN = 1 << 1
};

typedef struct ml_pattern {
	const char *id;       /* unique within its kind: "dfars-252.225-7048" */
	ml_pat_kind kind;
	const ml_rx *rx;
	unsigned justifies;   /* ML_PAT_CITATION: ML_JUSTIFIES_* bits */
	const char *group;    /* ML_PAT_CITATION: the table row, e.g. "export
	                         control", "intelligence", "marking regime" */
	const char *codes;    /* ML_PAT_PARTNER: codes, e.g. "AUS GBR" */
	int sentence_only;    /* ML_PAT_CITATION: reach="sentence", counts in
	                         a restriction's own sentence and the scopes
	                         tied to it, not elsewhere in its portion */
	const char *role;     /* ML_PAT_PART: "subject", "predicate" or
	                         "other" (what a message calls its words) */
	const char *file;     /* where it was declared */
	int line;
} ml_pattern;

typedef struct ml_quote {
	const char *open, *close; /* UTF-8, e.g. "\u201c" and "\u201d" */
} ml_quote;

/* ml_severity, ml_severity_name and ml_severity_parse: marklint.h */

/* A rule ID of spec section 5 (and the tool's own, e.g. SUPPRESSION-*). */
typedef struct ml_ruledef {
	const char *id;          /* "NOFORN-UNJUSTIFIED" */
	ml_severity severity;    /* as configured (default from the file) */
	const char *disposition; /* "remove", "review", "retain", "narrow" */
	const char *summary;     /* one line: when it fires */
	const char *why;         /* why the rule exists */
	const char *authority;   /* the authority it rests on */
	const char *help_uri;    /* NULL when none */
	const char *fix;         /* how to fix */
	int enabled;
} ml_ruledef;

/* ml_rules_new, _free, _load_builtin, _load_file, _load_memory,
 * _set_severity and _set_enabled are public (marklint.h). Loading a file
 * adds to what is loaded; a pattern that does not compile fails like a
 * file that does not validate ("rules-invalid"); an entry with the id of
 * an existing one of the same kind replaces it. */

/* The patterns of a kind, in load order. */
size_t ml_rules_patterns(const ml_rules *rs, ml_pat_kind kind,
                         const ml_pattern *const **out);
/* One pattern matching whatever any pattern of the kind matches (an
 * alternation), for a first pass over a portion; NULL when the kind has no
 * pattern, and for ML_PAT_PART (parts are pieces, not matched as a
 * kind). */
const ml_rx *ml_rules_any(const ml_rules *rs, ml_pat_kind kind);
/* Words of a set of patterns for ml_rules_candidates: one bit a pattern,
 * for the 256 patterns of a kind that are matched one by one. */
#define ML_RX_HIT_WORDS 4
/* The patterns of kind (ml_rules_patterns, same order) that can match
 * somewhere in text[0..len), by their trigger literals, in one scan for
 * all: sets bit i of hit (hit[i / 64] >> i % 64) for each pattern i that
 * can; ml_rx_find on any other returns 0 there. Returns 1 when a bit is
 * set, 0 when no pattern of kind can match, -1 when the kind has no such
 * set (a pattern without trigger, over 256 patterns): try them all. */
int ml_rules_candidates(const ml_rules *rs, ml_pat_kind kind,
                        ml_rx_scratch *s, const char *text, size_t len,
                        uint64_t *hit);
/* Builds the rule set's prescan (once its files are all loaded: a load,
 * of rules or of lanes, drops it): the trigger
 * literals of the restriction frames, the partners and the lanes, which
 * every portion of a streamed document is scanned for. */
void ml_rules_prepare(ml_rules *rs);
/* Finds those literals in text[0..len) in one pass and keeps them in s
 * (ml_rx__prescan): the frames' next trigger, the partners' candidates
 * and the lanes' topics then come from there for this text, until
 * ml_rx_scratch_forget(s). Does nothing before ml_rules_prepare. */
void ml_rules_prescan(const ml_rules *rs, ml_rx_scratch *s,
                      const char *text, size_t len);
size_t ml_rules_quotes(const ml_rules *rs, const ml_quote **out);

size_t ml_rules_defs(const ml_rules *rs, const ml_ruledef **out);
const ml_ruledef *ml_rules_def(const ml_rules *rs, const char *id);

/* Lanes of cooperation (ml_lanes.h) travel with the rule set:
 * ml_rules_load_builtin loads the shipped markings/lanes.xml into them,
 * --lanes and <lanes href> add to them. The set is owned by rs (created
 * with it, freed by ml_rules_free); never NULL. */
struct ml_lanes;
const struct ml_lanes *ml_rules_lanes_const(const ml_rules *rs);
/* Loads a lanes file into rs's lanes (ml_lanes_load_file, same errors).
 * It drops the prescan, whose literals include the lanes' topics: call
 * ml_rules_prepare once every file is loaded. The only way to change the
 * lanes after ml_rules_new, so that no getter has that side effect. */
int ml_rules_load_lanes_file(ml_rules *rs, const char *path,
                             ml_error *err);

/* What the checker writes, as templates from the rule files
 * (ml_wording.h); owned by rs. */
struct ml_wordings;
const struct ml_wordings *ml_rules_wordings(const ml_rules *rs);

/* Compiles every pattern (the built-in ones are otherwise compiled at
 * their first match) with the checks a user's file gets at load, checks
 * each against its examples (each positive example must match, each
 * negative must not) and prints one line per failure to out.
 * Returns the number of failures; *checked gets the number of examples. */
int ml_rules_selftest(const ml_rules *rs, FILE *out, size_t *checked);

#endif
