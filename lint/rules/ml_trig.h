/* ml_trig.h - internal: literal triggers, the prefilter of rule patterns,
 * and the prescan of several trigger sets in one pass (ml_trig.c). Only
 * ml_rx.c includes it: ml_rx.c -> this -> ml_rules.h.
 *
 * A trigger set holds literals (lower case, printable ASCII, single
 * spaces that match any run of ASCII white space, at least two bytes
 * before the first space), each found in a text by an anchor pair of
 * bytes. See ml_trig.c for the scan.
 */
#ifndef ML_TRIG_H
#define ML_TRIG_H

#include "ml_rules.h"

#include <stddef.h>
#include <stdint.h>

/* A literal: lower case, single spaces (each matches a white-space run),
 * at least two bytes before the first space. */
typedef struct ml_trig_lit {
	unsigned char *s;
	size_t n;
	size_t anchor; /* offset of the anchor pair (before the first space) */
	unsigned key;  /* its 12-bit key */
	/* the byte after the anchor pair (a letter of the first word or
	 * the space after it: at a fixed offset in a text), 0 when none:
	 * checked first at an anchor ("us" of "must" fails on it for every
	 * "us ..." literal at once, without a whole S_lit_upto each) */
	unsigned char after;
} ml_trig_lit;

struct ml_trig {
	unsigned char set[4096 / 8]; /* keys of the anchors */
	/* the same keys by first byte's code: row[a] >> b & 1 for the key
	 * of codes a, b (a walk tests a pair with one shift) */
	uint64_t row[64];
	ml_trig_lit *lit;
	size_t nlit;
	size_t minlen; /* fewest text bytes any literal can match */
	size_t maxanchor; /* the largest anchor offset */
	size_t *order; /* literal indexes sorted by key (ml_trig__index) */
	/* the keys' buckets in order: the literals with the r-th key of set
	 * (in key order) are order[bucket[r]..bucket[r + 1]), and r is the
	 * number of keys of set before the key (rank[byte] plus the bits
	 * before it in its byte): a text's pair finds its literals without
	 * a search */
	uint16_t rank[4096 / 8];
	size_t *bucket;
	/* per place j of order: how many first bytes its literal shares
	 * with the one before, when both have the same anchor (else 0);
	 * a literal that shares the byte where the one before failed at
	 * the same place of a text fails too (S_lit_try) */
	size_t *lcp;
	char *list;    /* as given, normalised: "a|b|c" */
};
typedef struct ml_trig ml_trig;

/* A literal of a prescan found in its text: where it starts and which
 * literal of the prescan's union it is. */
typedef struct ml_trig_occ {
	size_t pos, end, lit; /* at text[pos..end) */
} ml_trig_occ;

/* The prescan a scratch holds (ml_trig__prescan): the literals of m found
 * in text[0..len), by position; m NULL when it holds none. */
typedef struct ml_trig_pre {
	const ml_rx_multi *m;
	const char *text;
	size_t len;
	ml_trig_occ *occ;
	size_t nocc, cocc;
} ml_trig_pre;

/* Fills the byte tables the scans use; idempotent (call before threads
 * start: building a trigger set does). */
void ml_trig__tables(void);

/* Building a set: ml_trig__add each literal (s, n bytes as written; *at
 * is its index, an existing one for a duplicate; returns a message when
 * it is not a valid literal), then ml_trig__done (its list and index).
 * ml_trig__index alone indexes a set whose list is not needed. */
const char *ml_trig__add(ml_trig *t, const char *s, size_t n, size_t *at);
void ml_trig__index(ml_trig *t);
void ml_trig__done(ml_trig *t);
/* A set from list ("a|b c"; caller frees with ml_trig__free), or NULL
 * with a message in msg. */
ml_trig *ml_trig__new(const char *list, char *msg, size_t msgsize);
void ml_trig__free(ml_trig *t);

/* Where the first of t's literals in text[start..len) starts, or len when
 * none is there. */
size_t ml_trig__find(const ml_trig *t, const unsigned char *text,
                     size_t start, size_t len);
/* 1 when text[start..len) holds one of t's literals. */
int ml_trig__scan(const ml_trig *t, const unsigned char *text, size_t start,
                  size_t len);
/* Like ml_trig__scan, but goes on to the end and ors into hit (words
 * words) the owners (rows of words words per literal) of every literal
 * of t found, and into hit_also those of the literals of also (may be
 * NULL), in the same pass; either is the rows of t's and also's keys
 * together (NULL without also). Returns 1 when a literal of t was
 * found. */
int ml_trig__collect(const ml_trig *t, const uint64_t *owners,
                     const ml_trig *also, const uint64_t *owners_also,
                     const uint64_t *either, size_t words,
                     const unsigned char *text, size_t start, size_t len,
                     uint64_t *hit, uint64_t *hit_also);

/* The prescan of the sets srcs (borrowed; NULL entries skipped): caller
 * frees with ml_trig__multi_free. */
ml_rx_multi *ml_trig__multi_new(const ml_trig *const *srcs, size_t n);
void ml_trig__multi_free(ml_rx_multi *m);
/* Finds m's literals in text[0..len) and keeps them in s (s->m NULL past
 * a limit of literals, or when m is NULL). */
void ml_trig__prescan(const ml_rx_multi *m, ml_trig_pre *s, const char *text,
                      size_t len);
/* The index of source t in s's prescan when s holds text from its start
 * to len or further (a window text[start..len) of it is answered as the
 * scans would answer it) and t is one of its sources; -1 otherwise (s may
 * be NULL). */
long ml_trig__pre_src(const ml_trig_pre *s, const ml_trig *t,
                      const char *text, size_t len);
/* ml_trig__find from the prescan: where the first literal of source src
 * in text[start..len) starts, or len. */
size_t ml_trig__pre_find(const ml_trig_pre *s, size_t src, size_t start,
                         size_t len);
/* ml_trig__collect from the prescan, over text[start..len), for sources
 * t and also (-1: none). */
int ml_trig__pre_collect(const ml_trig_pre *s, long t,
                         const uint64_t *owners, long also,
                         const uint64_t *owners_also, size_t words,
                         size_t start, size_t len, uint64_t *hit,
                         uint64_t *hit_also);

#endif
