/* ml_lanes.h - lanes of cooperation: the programs and arrangements under
 * which the United States already works with named partners on a topic
 * (AUKUS Pillar II on hypersonics, the IWTSD partners on
 * counterterrorism...), as data in markings/lanes.xml.
 *
 * A lane has a name ("hypersonics"), the arrangement it rests on ("AUKUS
 * Pillar II"), its partner codes ("AUS GBR": trigraphs and the register's
 * tetragraphs), a note with the facts, and topic patterns (PCRE2,
 * caseless unless case="sensitive", a space matches any run of white
 * space) with examples and counterexamples that the self-test checks. The
 * file is validated by markings/lanes.rng (embedded in the binary), and
 * every partner code by the marking grammar: a malformed or unknown code
 * is an error "FILE:LINE: ..." with the code "lanes-invalid".
 *
 * The checker uses a lane to suggest whom a NOFORN marking or a foreign
 * restriction could be released to instead (MARKINGS.md 5): the lane of
 * the marking's portion, or failing that the lane of its document, when
 * the document names no partners itself.
 *
 * An ml_lanes is built before any document is read and is then read-only:
 * matching takes the calling thread's ml_rx_scratch, so one set serves
 * every thread. No global mutable state.
 *
 * Include graph: ml_lanes.c -> ml_rx.h (compiled patterns), ml_marking.h
 * (partner codes), ml_buf.h, libxml2; ml_rules.c and ml_check.c -> this.
 */
#ifndef ML_LANES_H
#define ML_LANES_H

#include "marklint.h"
#include "ml_buf.h"
#include "ml_marking.h"
#include "ml_rules.h"

#include <stddef.h>
#include <stdio.h>

/* One lane. Strings are owned by the set that holds it. */
typedef struct ml_lane {
	const char *name;        /* "hypersonics" */
	const char *arrangement; /* "AUKUS Pillar II" */
	const char *note;        /* the facts, white space collapsed */
	ml_marking_countries partners; /* in register order, no USA */
	const char *file;        /* where it was declared */
	int line;
	int is_default;          /* default="yes": the partners used when no
	                            lane and no partner is named */
} ml_lane;

typedef struct ml_lanes ml_lanes;

/* An empty set (caller frees with ml_lanes_free). */
ml_lanes *ml_lanes_new(void);
void ml_lanes_free(ml_lanes *ls);

/* Loads the shipped markings/lanes.xml (compiled into the binary). */
int ml_lanes_load_builtin(ml_lanes *ls, ml_error *err);
/* Loads a lanes file, adding to the set: a lane with the name of a lane
 * already loaded replaces it (in its place). All or nothing: a file that
 * does not validate, a pattern that does not compile, a partner code the
 * grammar does not know or a lane declared twice fails with the code
 * "lanes-invalid" (ML_EFORMAT) and "FILE:LINE: reason", and leaves the set
 * as it was. An unreadable file fails with "lanes-unreadable" (ML_EIO). */
int ml_lanes_load_file(ml_lanes *ls, const char *path, ml_error *err);
int ml_lanes_load_memory(ml_lanes *ls, const char *name, const char *xml,
                         size_t len, ml_error *err);

/* The lanes in order (file order; replaced lanes keep their place). */
size_t ml_lanes_count(const ml_lanes *ls);
const ml_lane *ml_lanes_get(const ml_lanes *ls, size_t i);
/* The default lane (the last loaded with default="yes"), or NULL. */
const ml_lane *ml_lanes_default(const ml_lanes *ls);
/* The lane of that name, or NULL. */
const ml_lane *ml_lanes_find(const ml_lanes *ls, const char *name);

/* The first lane (in order) one of whose topics matches text[0..len).
 * Returns 1 with *out (and *index, when not NULL), 0 when none, or
 * ML_ELIMIT when a pattern hit PCRE2's limits. */
/* The set of all lanes' topics (ml_rx__new_set; borrowed), or NULL: one
 * scan tells which topics can match (for ml_rules_prepare). */
const ml_rx *ml_lanes__topics(const ml_lanes *ls);
int ml_lanes_match(const ml_lanes *ls, ml_rx_scratch *s, const char *text,
                   size_t len, const ml_lane **out, size_t *index);

/* Appends "NAME: ARRANGEMENT (AUS, GBR)" to b (owned by the caller). */
void ml_lane_describe(const ml_lane *l, ml_buf *b);

/* Checks every topic against the lane's examples (each example must match
 * one of the lane's topics, no counterexample may match any) and prints
 * "FILE:LINE: lane 'NAME': ..." per failure to out (may be NULL).
 * Returns the failures; *checked gets the number of examples. */
int ml_lanes_selftest(const ml_lanes *ls, FILE *out, size_t *checked);

#endif
