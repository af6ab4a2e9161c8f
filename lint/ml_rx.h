/* ml_rx.h - internal: compiling rule patterns (ml_rx.c, the pcre2 user).
 *
 * The public half (ml_rx_find, ml_rx_scratch) is in ml_rules.h; this is
 * what ml_rules.c needs to build patterns. Include graph: ml_rules.c and
 * ml_rx.c -> this -> ml_rules.h.
 */
#ifndef ML_RX_H
#define ML_RX_H

#include "ml_rules.h"

#include <stddef.h>

enum {
	ML_RX_CASELESS = 1 << 0, /* ignore letter case (PCRE2_CASELESS) */
	ML_RX_VERBATIM = 1 << 1  /* no space-to-\s+ rewrite */
};

/* Compiles pattern (UTF-8, NUL-terminated) with PCRE2_UTF|PCRE2_UCP, after
 * rewriting each run of spaces outside character classes, escapes, \Q..\E
 * and (?#...) comments into \s+ (unless ML_RX_VERBATIM), then JIT-compiles
 * it when JIT is available. On success returns a new ml_rx (caller frees
 * with ml_rx__free). On failure returns NULL, writes PCRE2's message to
 * msg (msgsize bytes, NUL-terminated) and the offset in the pattern as
 * written to *offset. */
ml_rx *ml_rx__new(const char *pattern, unsigned flags, char *msg,
                  size_t msgsize, size_t *offset);
void ml_rx__free(ml_rx *rx);

/* The pattern as written, and as compiled (after the rewrite); borrowed. */
const char *ml_rx__source(const ml_rx *rx);
const char *ml_rx__compiled(const ml_rx *rx);
/* 1 when the pattern was JIT-compiled. */
int ml_rx__jit(const ml_rx *rx);
/* 1 when compiled with ML_RX_CASELESS. */
int ml_rx__caseless(const ml_rx *rx);
/* 1 when the pattern has back-references (they would point at the wrong
 * group once the pattern is part of an alternation). */
int ml_rx__backrefs(const ml_rx *rx);

/* The rewrite alone: a new string (caller frees). */
char *ml_rx__rewrite(const char *pattern);

#endif
