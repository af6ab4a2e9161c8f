/* ml_rx.h - internal: compiling rule patterns (ml_rx.c, the pcre2 user).
 *
 * The public half (ml_rx_find, ml_rx_scratch) is in ml_rules.h; this is
 * what ml_rules.c needs to build patterns. Include graph: ml_rules.c and
 * ml_rx.c -> this -> ml_rules.h. The triggers (literal prefilters, the
 * prescan) are in ml_trig.c, behind ml_rx.c.
 */
#ifndef ML_RX_H
#define ML_RX_H

#include "ml_rules.h"

#include <stddef.h>
#include <stdint.h>

enum {
	ML_RX_CASELESS = 1 << 0, /* ignore letter case (PCRE2_CASELESS) */
	ML_RX_VERBATIM = 1 << 1, /* no space-to-\s+ rewrite */
	ML_RX_NOJIT = 1 << 2,    /* no JIT (unless ml_rx__jit_now): for
	                            patterns rarely run, or never run in
	                            whole (alternations of triggered
	                            members) */
	ML_RX_LAZY = 1 << 3      /* not compiled (nor checked) now: at the
	                            first match, or by ml_rx__compile_now;
	                            for the built-in patterns, which the
	                            self-test compiles in full (compiling
	                            them all is a third of loading the
	                            rules, and a document runs few) */
};

/* Compiles pattern (UTF-8, NUL-terminated) with PCRE2_UTF (not PCRE2_UCP:
 * \w, \b, \s and \d are ASCII-only; see ml_rx.c), after
 * rewriting each run of spaces outside character classes, escapes, \Q..\E
 * and (?#...) comments into \s+ (unless ML_RX_VERBATIM), then asks for
 * it to be JIT-compiled (when JIT is available: at its first match). On
 * success returns a new ml_rx (caller frees with ml_rx__free). On failure
 * returns NULL, writes PCRE2's message to msg (msgsize bytes,
 * NUL-terminated) and the offset in the pattern as written to *offset. */
ml_rx *ml_rx__new(const char *pattern, unsigned flags, char *msg,
                  size_t msgsize, size_t *offset);
void ml_rx__free(ml_rx *rx);
/* Compiles rx now if it was made with ML_RX_LAZY and is not compiled
 * yet (on one thread: at load or in the self-test). Returns 0, or -1
 * with PCRE2's message in msg and the offset in ml_rx__compiled(rx) in
 * *offset (when not NULL). */
int ml_rx__compile_now(ml_rx *rx, char *msg, size_t msgsize,
                       size_t *offset);

/* The pattern as written, and as compiled (after the rewrite); borrowed. */
const char *ml_rx__source(const ml_rx *rx);
const char *ml_rx__compiled(const ml_rx *rx);
/* 1 when the pattern is JIT-compiled (compiling it now if it asked). */
int ml_rx__jit(const ml_rx *rx);
/* Asks for rx to be JIT-compiled (when JIT is available) if it was
 * compiled with ML_RX_NOJIT: at its first match, as every pattern is
 * (compiling at load would cost half of loading the rules, for patterns
 * that a document may never run); idempotent. */
void ml_rx__jit_now(ml_rx *rx);
/* PCRE2's JIT sets up its own static state (the CPU's features, whether
 * executable memory works) at its first compile, without a lock: this
 * JIT-compiles a throw-away pattern so that the rules' loader, on one
 * thread, makes that first call before any worker compiles a pattern at
 * its first match (helgrind reported the race; it is benign, but a race
 * checker that always reports is one nobody runs). */
void ml_rx__jit_warm(void);
/* 1 when compiled with ML_RX_CASELESS. */
int ml_rx__caseless(const ml_rx *rx);
/* 1 when the pattern has back-references (they would point at the wrong
 * group once the pattern is part of an alternation). */
int ml_rx__backrefs(const ml_rx *rx);

/* Triggers (the prefilter). list is literals separated by '|': every
 * match of rx holds at least one of them, ASCII letter case ignored, a
 * space matching any run of ASCII white space. Each literal is printable
 * ASCII and starts with two characters other than spaces; runs of spaces
 * count as one, duplicates are dropped. Once set, ml_rx_find looks for
 * the literals in text[start..len) first and returns 0 at once when none
 * is there. NULL removes the trigger. Returns 0, or -1 with a message in
 * msg (msgsize bytes) and rx unchanged. */
int ml_rx__set_trigger(ml_rx *rx, const char *list, char *msg,
                       size_t msgsize);
/* Makes rx, compiled from the alternation of members (in that order),
 * use their triggers: when every member has one, rx gets their union as
 * its trigger and, up to 256 members, ml_rx_find runs only the members
 * whose literals occur (one scan for all), taking the leftmost match and,
 * at the same start, the earlier member, as the alternation would. Up to
 * 256 members, members without a trigger (nor an also literal) are run
 * that way too, on every text, when at least one member has a trigger:
 * rx then has no trigger of its own (ml_rx__trigger NULL), but runs
 * member by member. The members are borrowed: they must outlive rx.
 * Returns 1 when rx runs member by member or got a trigger, 0 otherwise
 * (rx then has no trigger). */
int ml_rx__set_members(ml_rx *rx, const ml_rx *const *members, size_t n);
/* A trigger set without a pattern of its own: the members' triggers
 * (and also literals) for one scan of a text that tells which members
 * can match (ml_rx__set_hits), where a caller runs several alternations
 * over the same text (the lanes). NULL when no member has a trigger, a
 * member without one has an also literal, or there are over 256. The
 * members are borrowed; free the set with ml_rx__free. Only
 * ml_rx__set_hits may be given a set. */
ml_rx *ml_rx__new_set(const ml_rx *const *members, size_t n);
/* Sets in hit (ML_RX_HIT_WORDS words) the bit of member i (hit[i / 64]
 * >> i % 64) when text[0..len) holds its trigger and its also literal
 * (when it has one), or it has no trigger: the members that can match
 * there; the others cannot. Returns 1 when a bit is set, 0 when none is
 * (no member can match), -1 when set (an alternation) does not run member
 * by member. */
int ml_rx__set_hits(const ml_rx *set, ml_rx_scratch *s, const char *text,
                    size_t len, uint64_t *hit);
/* How many members rx runs one by one (0: none, it runs as a whole). */
size_t ml_rx__nmembers(const ml_rx *rx);
/* A second trigger (the "also" of a rule entry): literals of which every
 * match also holds one ("not|only|restricted", where the trigger is the
 * subject's "foreign"). ml_rx_find, and an alternation's member by member
 * run, skip rx where none occurs. NULL removes it. Returns 0, or -1 with a
 * message. For issue 19's automaton: a pattern needs one literal of each
 * list. */
int ml_rx__set_also(ml_rx *rx, const char *list, char *msg,
                    size_t msgsize);
const char *ml_rx__also(const ml_rx *rx);
int ml_rx__also_triggered(const ml_rx *rx, const char *text, size_t len);
/* The trigger list as normalised ("foreign|non-u"; borrowed), or NULL. */
const char *ml_rx__trigger(const ml_rx *rx);
/* 1 when text[0..len) holds one of rx's trigger literals, or rx has no
 * trigger; 0 otherwise. */
int ml_rx__triggered(const ml_rx *rx, const char *text, size_t len);
/* ml_rx_find without the prefilter (the self-test checks triggers with
 * it). */
int ml_rx__find_unfiltered(const ml_rx *rx, ml_rx_scratch *s,
                           const char *text, size_t len, size_t start,
                           size_t *so, size_t *eo);

/* ml_rx__find_unfiltered(rx, s, "", 0, 0, ...) with the interpreter: a
 * check at load that would otherwise JIT-compile every pattern there. */
int ml_rx__matches_empty(const ml_rx *rx, ml_rx_scratch *s);

/* The prescan: the trigger literals of several prefilters found in one
 * pass over a text, where each prefilter would scan the text for itself
 * (issue 19: the restriction frames, the partners and the lanes read
 * every portion): the triggers of firsts (for ml_rx_next_trigger), and
 * the triggers and members' also literals of sets (alternations run
 * member by member, ml_rx__new_set: for ml_rx__set_hits). The rxs are
 * borrowed and must outlive it and not change; caller frees with
 * ml_rx__multi_free. NULL entries are skipped. */
ml_rx_multi *ml_rx__multi_new(const ml_rx *const *firsts, size_t nfirsts,
                              const ml_rx *const *sets, size_t nsets);
void ml_rx__multi_free(ml_rx_multi *m);
/* Scans text[0..len) for m's literals and keeps them in s: until
 * ml_rx_scratch_forget(s) or the next prescan, ml_rx_next_trigger,
 * ml_rx__set_hits and ml_rx_find (from start 0) on exactly this text and
 * length answer from them, with the same answers. The text must not
 * change meanwhile. Keeps nothing past a limit of literals (the
 * prefilters then scan as without it). */
void ml_rx__prescan(const ml_rx_multi *m, ml_rx_scratch *s,
                    const char *text, size_t len);

/* The rewrite (ml_rx_rewrite.c), with (*map)[i] = offset in pattern of
 * output byte i, for error offsets (caller frees both). */
char *ml_rx__rewrite_map(const char *pattern, size_t **map);
/* The rewrite alone: a new string (caller frees). */
char *ml_rx__rewrite(const char *pattern);

#endif
