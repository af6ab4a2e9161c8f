/* ml_rx.c - rule patterns over PCRE2 (the only file that includes pcre2.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "ml_rx.h"

#include "ml_buf.h"

#include <pcre2.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first match JIT-compiles a pattern under its lock and publishes it
 * with C11 release/acquire (S_ready), which valgrind's race checkers
 * do not see: without these annotations `valgrind --tool=helgrind
 * marklint check -j2` reports a race on every pattern. Outside valgrind
 * they are a few instructions that do nothing. */
#if defined(__has_include)
#if __has_include(<valgrind/helgrind.h>)
#include <valgrind/helgrind.h>
#endif
#endif
#ifndef ANNOTATE_HAPPENS_BEFORE
#define ANNOTATE_HAPPENS_BEFORE(obj) ((void)(obj))
#define ANNOTATE_HAPPENS_AFTER(obj) ((void)(obj))
#define ANNOTATE_BENIGN_RACE_SIZED(obj, size, why) ((void)(obj))
#endif

/* Limits per ml_rx_find call. Real rule patterns on a long portion stay
 * far below them; a catastrophic pattern hits one within milliseconds. */
#define S_MATCH_LIMIT 1000000u /* backtracking steps (per start offset) */
#define S_DEPTH_LIMIT 20000u   /* nested backtracking points (interpreter) */
#define S_HEAP_LIMIT 65536u    /* KiB of backtracking frames (interpreter) */
#define S_JIT_STACK_START (32u * 1024u)
#define S_JIT_STACK_MAX (4u * 1024u * 1024u)

typedef struct S_trig S_trig;

struct ml_rx {
	pcre2_code *code;
	char *source;   /* as written */
	char *compiled; /* after the rewrite */
	/* JIT compiling is done at the first match, not at load (most
	 * patterns of a rule set never run on a given document, and the
	 * JIT is half of loading the rules): want_jit asks for it, jit_done
	 * (under jit_lock, read first without it) says it was tried, jit
	 * that it worked. Documents are checked on several threads: the
	 * first to match rx compiles, the others wait for it. */
	int want_jit;
	/* ML_RX_LAZY: code is compiled (from compiled, with opts) at the
	 * first match too, under the same lock (S_ready), or at load by
	 * ml_rx__compile_now; NULL until then */
	int deferred;
	uint32_t opts;
	atomic_int jit_done;
	pthread_mutex_t jit_lock;
	int jit;
	int caseless;
	S_trig *trig;   /* the prefilter, NULL when none (see triggers) */
	S_trig *also;   /* a second prefilter every match also holds, or NULL */
	/* an alternation of members that all have triggers: the members
	 * (borrowed) and, per literal of trig, the members holding it */
	const ml_rx **members;
	size_t nmembers;
	uint64_t *owners; /* trig->nlit rows of S_WORDS(nmembers) words */
	S_trig *also_all; /* the members' also literals, or NULL */
	/* the anchor pairs of trig and also_all together (both
	 * S_trig.set), or NULL without also_all */
	uint64_t *either; /* 64 rows, as S_trig.row */
	uint64_t *owners_also; /* also_all->nlit rows, as owners */
};

/* Most members an alternation runs one by one (see ml_rx__set_members). */
#define S_MAX_MEMBERS (ML_RX_HIT_WORDS * 64u)
#define S_WORDS(n) (((n) + 63u) / 64u)

/* A literal of a prescan found in its text: where it starts and which
 * literal of the prescan's union it is. */
typedef struct S_occ {
	size_t pos, lit;
} S_occ;

struct ml_rx_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack; /* NULL when JIT is unavailable */
	int utf8_known; /* subjects are valid UTF-8 (ml_rx_scratch_utf8_known) */
	/* the prescan of pre_text[0..pre_len) (ml_rx__prescan), or pre NULL:
	 * its literals found, by position */
	const ml_rx_multi *pre;
	const char *pre_text;
	size_t pre_len;
	S_occ *occ;
	size_t nocc, cocc;
};

/* Most literals one prescan keeps: past them (a portion of megabytes of
 * trigger words) the prefilters scan for themselves, as without one. */
#define S_PRESCAN_MAX 65536u

static void S_oom(void)
{
	fputs("marklint: out of memory\n", stderr);
	exit(2);
}

/* --- triggers: a prefilter of literal strings ---
 *
 * A trigger list ("foreign|non-u|united states") promises that every match
 * of the pattern holds at least one of the literals, ASCII letter case
 * ignored, a space standing for any run of ASCII white space (as in
 * patterns). ml_rx_find scans text[start..len) for them first and gives up
 * at once when none is there: a scan that costs a couple of instructions a
 * byte instead of PCRE2's attempt at every position (the leading \b,
 * lookbehinds and \s+ of rule patterns defeat its own start-of-match
 * optimisations).
 *
 * The scan: each literal has an anchor, the pair of adjacent bytes in its
 * first word that looks rarest in English text (by letter frequency). A
 * 4096-bit set holds the anchors' keys (6 bits per byte); the text is
 * walked a byte pair at a time, and a pair whose key is in the set is
 * checked against the literals with that anchor. No allocation while
 * matching. */

/* A literal: lower case, single spaces (each matches a white-space run),
 * at least two bytes before the first space. */
typedef struct S_lit {
	unsigned char *s;
	size_t n;
	size_t anchor; /* offset of the anchor pair (before the first space) */
	unsigned key;  /* its 12-bit key */
	/* the byte after the anchor pair (a letter of the first word or
	 * the space after it: at a fixed offset in a text), 0 when none:
	 * checked first at an anchor ("us" of "must" fails on it for every
	 * "us ..." literal at once, without a whole S_lit_at each) */
	unsigned char after;
} S_lit;

struct S_trig {
	unsigned char set[4096 / 8]; /* keys of the anchors */
	/* the same keys by first byte's code: row[a] >> b & 1 for the key
	 * of codes a, b (a walk tests a pair with one shift) */
	uint64_t row[64];
	S_lit *lit;
	size_t nlit;
	size_t minlen; /* fewest text bytes any literal can match */
	size_t maxanchor; /* the largest anchor offset */
	size_t *order; /* literal indexes sorted by key (S_trig_index) */
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

/* 6-bit code of a byte for the anchor keys: letters (either case) and
 * digits have codes of their own, other bytes share the rest. */
static unsigned char S_code[256];
/* ASCII lower case of a byte; other bytes unchanged. */
static unsigned char S_lower[256];
/* 1 for ASCII white space (what \s matches without UCP). */
static unsigned char S_wsp[256];
/* Number of bits set in a byte. */
static unsigned char S_pop[256];

static void S_tables_init(void)
{
	unsigned c;

	for (c = 0; c < 256; c++) {
		S_lower[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		if (c >= 'a' && c <= 'z')
			S_code[c] = (unsigned char)(1 + c - 'a');
		else if (c >= 'A' && c <= 'Z')
			S_code[c] = (unsigned char)(1 + c - 'A');
		else if (c >= '0' && c <= '9')
			S_code[c] = (unsigned char)(27 + c - '0');
		else if (c < 0x80)
			S_code[c] = (unsigned char)(37 + c % 26);
		else
			S_code[c] = 63;
		S_wsp[c] = c == ' ' || (c >= '\t' && c <= '\r');
		S_pop[c] = (unsigned char)((c & 1) + (c >> 1 & 1) + (c >> 2 & 1) +
		                           (c >> 3 & 1) + (c >> 4 & 1) +
		                           (c >> 5 & 1) + (c >> 6 & 1) + (c >> 7));
	}
}

static void S_tables(void)
{
	/* idempotent and race-free in effect: every thread writes the same
	 * bytes; still, rules are compiled before threads start */
	if (S_lower['A'] != 'a')
		S_tables_init();
}

#define S_KEY(a, b) ((unsigned)S_code[(a)] << 6 | S_code[(b)])

/* Rough frequency of a byte in English prose (letters per mille); the
 * anchor is the pair with the smallest product. Only a heuristic: any
 * anchor is correct. */
static unsigned S_freq(unsigned char c)
{
	static const unsigned char letters[26] = {
		82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24,
		67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1,
	};

	if (c >= 'a' && c <= 'z')
		return letters[c - 'a'];
	if (c >= '0' && c <= '9')
		return 30;
	if (c == '.' || c == ',')
		return 60;
	return 10;
}

/* The most common letter pairs of English text, most common first (after
 * the usual tables of bigram frequencies): an anchor on one of them would
 * be looked at every few bytes ("ll" of "shall", "fo" of "for"). */
static const char S_common_pairs[] =
	"th he in er an re on at en nd ti es or te of ed is it al ar st to nt "
	"ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be "
	"ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly "
	"nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni "
	"ts mo ow pa im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld "
	"ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp "
	"rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga";

/* How often the pair (lower case) is likely to be seen, for choosing an
 * anchor (smaller is rarer): a pair of S_common_pairs scores by its
 * rank, above every other pair, which scores by its letters. */
static unsigned long S_pair_score(unsigned char a, unsigned char b)
{
	const char *p;

	for (p = S_common_pairs; *p; p += p[2] ? 3 : 2)
		if ((unsigned char)p[0] == a && (unsigned char)p[1] == b)
			return 1000000ul - (unsigned long)(p - S_common_pairs) * 100;
	return (unsigned long)S_freq(a) * S_freq(b);
}

static void S_trig_free(S_trig *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nlit; i++)
		free(t->lit[i].s);
	free(t->lit);
	free(t->order);
	free(t->bucket);
	free(t->lcp);
	free(t->list);
	free(t);
}

/* Adds literal s (n bytes, as written) to t and sets *at to its index
 * (an existing one for a duplicate); a message on error. */
static const char *S_trig_add(S_trig *t, const char *s, size_t n,
                              size_t *at)
{
	unsigned char *l = ml_xmalloc(n + 1);
	size_t i, k = 0, best = 0, first, len = 0;
	unsigned long score = (unsigned long)-1;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || c < 0x20 || c == 0x7f) {
			free(l);
			return "a trigger holds only printable ASCII";
		}
		if (c == ' ' && (k == 0 || l[k - 1] == ' '))
			continue; /* runs of spaces are one; leading ones go */
		l[k++] = S_lower[c];
	}
	while (k > 0 && l[k - 1] == ' ')
		k--;
	l[k] = '\0';
	first = strcspn((const char *)l, " ");
	if (first < 2) {
		free(l);
		return "each trigger starts with two characters other "
		       "than spaces";
	}
	for (i = 0; i < t->nlit; i++) {
		if (t->lit[i].n == k && memcmp(t->lit[i].s, l, k) == 0) {
			free(l);
			*at = i;
			return NULL; /* a duplicate */
		}
	}
	for (i = 0; i + 1 < first; i++) {
		unsigned long sc = S_pair_score(l[i], l[i + 1]);
		if (sc < score)
			score = sc, best = i;
	}
	len = k; /* a space matches at least one byte */
	t->lit = ml_xrealloc(t->lit, (t->nlit + 1) * sizeof *t->lit);
	t->lit[t->nlit].s = l;
	t->lit[t->nlit].n = k;
	t->lit[t->nlit].anchor = best;
	t->lit[t->nlit].key = S_KEY(l[best], l[best + 1]);
	t->lit[t->nlit].after = l[best + 2];
	t->set[t->lit[t->nlit].key >> 3] |=
	    (unsigned char)(1u << (t->lit[t->nlit].key & 7));
	if (t->nlit == 0 || len < t->minlen)
		t->minlen = len;
	if (best > t->maxanchor)
		t->maxanchor = best;
	*at = t->nlit++;
	return NULL;
}

/* The rows (S_trig.row) of a set of keys. */
static void S_rows(const unsigned char *set, uint64_t *row)
{
	unsigned key;

	memset(row, 0, 64 * sizeof *row);
	for (key = 0; key < 4096; key++)
		if (set[key >> 3] & (1u << (key & 7)))
			row[key >> 6] |= (uint64_t)1 << (key & 63);
}

/* The order of literals in a trigger's index: by key, anchor, bytes. */
static int S_lit_cmp(const S_lit *a, const S_lit *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->anchor != b->anchor)
		return a->anchor < b->anchor ? -1 : 1;
	return strcmp((const char *)a->s, (const char *)b->s);
}

/* Sorts the literals by key (t->order), once all are added, and indexes
 * the keys' buckets (t->rank, t->bucket): a byte pair of the text is then
 * checked against only the literals anchored on it. */
static void S_trig_index(S_trig *t)
{
	size_t i, j, x, nkeys = 0;

	free(t->order);
	t->order = ml_xmalloc((t->nlit ? t->nlit : 1) * sizeof *t->order);
	for (i = 0; i < t->nlit; i++) {
		x = i;
		for (j = i; j > 0 && S_lit_cmp(&t->lit[t->order[j - 1]],
		                               &t->lit[x]) > 0;
		     j--)
			t->order[j] = t->order[j - 1];
		t->order[j] = x;
	}
	free(t->lcp);
	t->lcp = ml_xcalloc(t->nlit ? t->nlit : 1, sizeof *t->lcp);
	for (i = 1; i < t->nlit; i++) {
		const S_lit *a = &t->lit[t->order[i - 1]];
		const S_lit *b = &t->lit[t->order[i]];
		if (a->key != b->key || a->anchor != b->anchor)
			continue;
		for (j = 0; j < a->n && j < b->n && a->s[j] == b->s[j]; j++)
			;
		t->lcp[i] = j;
	}
	for (i = 0; i < sizeof t->set; i++) {
		t->rank[i] = (uint16_t)nkeys;
		nkeys += S_pop[t->set[i]];
	}
	S_rows(t->set, t->row);
	free(t->bucket);
	t->bucket = ml_xmalloc((nkeys + 1) * sizeof *t->bucket);
	for (i = 0, x = 0; i < t->nlit; i++)
		if (i == 0 || t->lit[t->order[i]].key !=
		              t->lit[t->order[i - 1]].key)
			t->bucket[x++] = i;
	t->bucket[x] = t->nlit;
}

/* A literal set whose literals are all added: its list as one string
 * ("a|b c") and its index. */
static void S_trig_done(S_trig *t)
{
	ml_buf b;
	size_t i;

	ml_buf_init(&b, (size_t)-1);
	for (i = 0; i < t->nlit; i++)
		ml_buf_printf(&b, "%s%s", i ? "|" : "",
		              (const char *)t->lit[i].s);
	t->list = ml_buf_detach(&b, NULL);
	S_trig_index(t);
}

/* The number of keys of t->set below key, which is in the set. */
static size_t S_key_rank(const S_trig *t, unsigned key)
{
	return t->rank[key >> 3] +
	       S_pop[t->set[key >> 3] & ((1u << (key & 7)) - 1u)];
}

/* How many bytes of literal l match at text[p..len): l->n when it
 * occurs there, else the index of the byte that does not. */
static inline size_t S_lit_upto(const S_lit *l, const unsigned char *text,
                         size_t p, size_t len)
{
	size_t k;

	for (k = 0; k < l->n; k++) {
		if (l->s[k] == ' ') {
			if (p >= len || !S_wsp[text[p]])
				return k;
			while (p < len && S_wsp[text[p]])
				p++;
		} else {
			if (p >= len || S_lower[text[p]] != l->s[k])
				return k;
			p++;
		}
	}
	return k;
}

/* Can literal l hold its anchor pair at text[i..i + 2)? Its byte after
 * the pair first (a space matches any white space: the first of a run). */
static int S_after_ok(const S_lit *l, const unsigned char *text, size_t i,
                      size_t len)
{
	if (!l->after)
		return 1;
	if (i + 2 >= len)
		return 0;
	return l->after == ' ' ? S_wsp[text[i + 2]]
	                       : S_lower[text[i + 2]] == l->after;
}

/* Does the literal at place j of t's order occur with its anchor at
 * text[i] (and start at or after start)? *fail is where the literal
 * checked before failed ((size_t)-1: none, or unknown), updated: the
 * literals of one anchor that share the failing byte are skipped. */
static inline int S_lit_try(const S_trig *t, size_t j,
                            const unsigned char *text, size_t start,
                            size_t i, size_t len, size_t *fail)
{
	const S_lit *l = &t->lit[t->order[j]];
	size_t k;

	if (t->lcp[j] > *fail)
		return 0;
	if (i - start < l->anchor) {
		*fail = 0;
		return 0;
	}
	if (!S_after_ok(l, text, i, len)) {
		*fail = l->anchor + 2;
		return 0;
	}
	k = S_lit_upto(l, text, i - l->anchor, len);
	*fail = k < l->n ? k : (size_t)-1;
	return k == l->n;
}

/* Where the first of t's literals to be seen in text[start..len) starts
 * (scanning by anchor pair), or len when none is there. */
static size_t S_trig_find(const S_trig *t, const unsigned char *text,
                          size_t start, size_t len)
{
	size_t i, j, e, r, best = len, fail;
	unsigned key, next;

	if (start >= len || len - start < t->minlen)
		return len;
	/* a literal whose anchor is further in can start before best; the
	 * pair test has no branch of its own that prose would mispredict
	 * (a test of the first byte alone passes every few bytes) */
	next = S_code[text[start]];
	for (i = start; i + 1 < len && i < best + t->maxanchor; i++) {
		key = next << 6;
		next = S_code[text[i + 1]];
		if (!(t->row[key >> 6] >> next & 1))
			continue;
		key |= next;
		r = S_key_rank(t, key);
		fail = (size_t)-1;
		for (j = t->bucket[r], e = t->bucket[r + 1]; j < e; j++) {
			const S_lit *l = &t->lit[t->order[j]];
			if (i - start >= l->anchor && i - l->anchor >= best) {
				/* the same for every literal of the anchor */
				if (t->lcp[j] <= fail)
					fail = 0;
				continue;
			}
			if (S_lit_try(t, j, text, start, i, len, &fail))
				best = i - l->anchor;
		}
	}
	return best;
}

/* 1 when text[start..len) holds one of t's literals. */
static int S_trig_scan(const S_trig *t, const unsigned char *text,
                       size_t start, size_t len)
{
	return S_trig_find(t, text, start, len) < len;
}

/* Like S_trig_scan, but goes on to the end and ors into hit (words
 * words) the owners of every literal found. Returns 1 when one was. */
/* Ors into hit the owners of t's literals that start at their anchor i
 * (key: the pair at i); 1 when one does. */
static int S_owners_at(const S_trig *t, const uint64_t *owners, size_t words,
                       const unsigned char *text, size_t start, size_t i,
                       size_t len, unsigned key, uint64_t *hit)
{
	size_t j, w, r = S_key_rank(t, key), e = t->bucket[r + 1];
	size_t fail = (size_t)-1;
	int any = 0;

	for (j = t->bucket[r]; j < e; j++) {
		size_t x = t->order[j];
		if (t->lcp[j] > fail)
			continue;
		/* a literal whose owners are all hit already tells nothing
		 * new ("ai" is seen in every other sentence) */
		for (w = 0; w < words && !(owners[x * words + w] & ~hit[w]);
		     w++)
			;
		if (w == words) {
			fail = (size_t)-1; /* not checked: the next is */
			continue;
		}
		if (S_lit_try(t, j, text, start, i, len, &fail)) {
			for (w = 0; w < words; w++)
				hit[w] |= owners[x * words + w];
			any = 1;
		}
	}
	return any;
}

/* Like S_trig_scan, but goes on to the end and ors into hit (words
 * words) the owners of every literal of t found, and into hit_also those
 * of the literals of also (may be NULL), in the same pass. Returns 1 when
 * a literal of t was found. */
static int S_trig_collect(const S_trig *t, const uint64_t *owners,
                          const S_trig *also, const uint64_t *owners_also,
                          const uint64_t *either, size_t words,
                          const unsigned char *text, size_t start,
                          size_t len, uint64_t *hit, uint64_t *hit_also)
{
	size_t i;
	unsigned key, next;
	int any = 0;

	if (start >= len || len - start < t->minlen)
		return 0;
	if (!either)
		either = t->row;
	next = S_code[text[start]];
	for (i = start; i + 1 < len; i++) {
		key = next << 6;
		next = S_code[text[i + 1]];
		if (!(either[key >> 6] >> next & 1))
			continue;
		key |= next;
		if (t->set[key >> 3] & (1u << (key & 7)))
			any |= S_owners_at(t, owners, words, text, start, i, len,
			                   key, hit);
		if (also && (also->set[key >> 3] & (1u << (key & 7))))
			S_owners_at(also, owners_also, words, text, start, i, len,
			            key, hit_also);
	}
	return any;
}

/* --- the prescan: the literals of several prefilters in one pass --- */

struct ml_rx_multi {
	S_trig *u;           /* the sources' literals, duplicates kept */
	const S_trig **src;  /* the sources (borrowed from their ml_rx) */
	size_t nsrc;
	size_t *src_of;      /* per literal of u: its source */
	size_t *lit_of;      /* per literal of u: its index in the source */
};

/* Adds source t's literals to m, each with the anchor t chose. */
static void S_multi_add(ml_rx_multi *m, const S_trig *t)
{
	S_trig *u = m->u;
	size_t i;

	if (!t)
		return;
	m->src = ml_xrealloc(m->src, (m->nsrc + 1) * sizeof *m->src);
	m->src[m->nsrc] = t;
	u->lit = ml_xrealloc(u->lit, (u->nlit + t->nlit) * sizeof *u->lit);
	m->src_of = ml_xrealloc(m->src_of,
	                        (u->nlit + t->nlit) * sizeof *m->src_of);
	m->lit_of = ml_xrealloc(m->lit_of,
	                        (u->nlit + t->nlit) * sizeof *m->lit_of);
	for (i = 0; i < t->nlit; i++) {
		S_lit *l = &u->lit[u->nlit];
		*l = t->lit[i];
		l->s = ml_xmalloc(l->n + 1);
		memcpy(l->s, t->lit[i].s, l->n + 1);
		u->set[l->key >> 3] |= (unsigned char)(1u << (l->key & 7));
		if (u->nlit == 0 || l->n < u->minlen)
			u->minlen = l->n;
		if (l->anchor > u->maxanchor)
			u->maxanchor = l->anchor;
		m->src_of[u->nlit] = m->nsrc;
		m->lit_of[u->nlit] = i;
		u->nlit++;
	}
	m->nsrc++;
}

ml_rx_multi *ml_rx__multi_new(const ml_rx *const *firsts, size_t nfirsts,
                              const ml_rx *const *sets, size_t nsets)
{
	ml_rx_multi *m = ml_xcalloc(1, sizeof *m);
	size_t i;

	S_tables();
	m->u = ml_xcalloc(1, sizeof *m->u);
	for (i = 0; i < nfirsts; i++)
		if (firsts[i])
			S_multi_add(m, firsts[i]->trig);
	for (i = 0; i < nsets; i++) {
		if (!sets[i] || !sets[i]->members)
			continue;
		S_multi_add(m, sets[i]->trig);
		S_multi_add(m, sets[i]->also_all);
	}
	S_trig_index(m->u);
	return m;
}

void ml_rx__multi_free(ml_rx_multi *m)
{
	if (!m)
		return;
	S_trig_free(m->u);
	free(m->src);
	free(m->src_of);
	free(m->lit_of);
	free(m);
}

/* Keeps in s every literal of u at its position in text[0..len), sorted
 * by position (the scan finds them by anchor, at most maxanchor bytes
 * past their start). 0 when there are too many to keep. */
static int S_prescan(const S_trig *u, ml_rx_scratch *s,
                     const unsigned char *text, size_t len)
{
	size_t i, j, e, r, k, fail;
	unsigned key, next;

	s->nocc = 0;
	if (len == 0 || len < u->minlen || u->nlit == 0)
		return 1;
	next = S_code[text[0]];
	for (i = 0; i + 1 < len; i++) {
		key = next << 6;
		next = S_code[text[i + 1]];
		if (!(u->row[key >> 6] >> next & 1))
			continue;
		key |= next;
		r = S_key_rank(u, key);
		fail = (size_t)-1;
		for (j = u->bucket[r], e = u->bucket[r + 1]; j < e; j++) {
			size_t x = u->order[j];
			const S_lit *l = &u->lit[x];
			if (!S_lit_try(u, j, text, 0, i, len, &fail))
				continue;
			if (s->nocc == S_PRESCAN_MAX)
				return 0;
			ML_VEC_GROW(s->occ, s->cocc, s->nocc + 1, 256);
			/* insertion by position: only the few found within
			 * maxanchor bytes before are passed */
			for (k = s->nocc; k > 0 && s->occ[k - 1].pos >
			                           i - l->anchor; k--)
				s->occ[k] = s->occ[k - 1];
			s->occ[k].pos = i - l->anchor;
			s->occ[k].lit = x;
			s->nocc++;
		}
	}
	return 1;
}

void ml_rx__prescan(const ml_rx_multi *m, ml_rx_scratch *s,
                    const char *text, size_t len)
{
	s->pre = NULL;
	if (!m || !S_prescan(m->u, s, (const unsigned char *)text, len))
		return;
	s->pre = m;
	s->pre_text = text;
	s->pre_len = len;
}

void ml_rx_scratch_forget(ml_rx_scratch *s)
{
	s->pre = NULL;
}

/* The source index of t in s's prescan when it holds text[0..len) and
 * t is one of its sources; -1 otherwise (scan for yourself). */
static long S_pre_src(const ml_rx_scratch *s, const S_trig *t,
                      const char *text, size_t len)
{
	size_t i;

	if (!s || !s->pre || !t || s->pre_text != text || s->pre_len != len)
		return -1;
	for (i = 0; i < s->pre->nsrc; i++)
		if (s->pre->src[i] == t)
			return (long)i;
	return -1;
}

/* S_trig_find from the prescan: the first literal of source src at or
 * after start. */
static size_t S_pre_find(const ml_rx_scratch *s, size_t src, size_t start,
                         size_t len)
{
	size_t lo = 0, hi = s->nocc, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->occ[mid].pos < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < s->nocc; lo++)
		if (s->pre->src_of[s->occ[lo].lit] == src)
			return s->occ[lo].pos;
	return len;
}

/* S_trig_collect from the prescan, over the whole text: ors into hit the
 * owners of the literals of source t found, into hit_also those of
 * source also (-1: none). Returns 1 when a literal of t was found. */
static int S_pre_collect(const ml_rx_scratch *s, long t,
                         const uint64_t *owners, long also,
                         const uint64_t *owners_also, size_t words,
                         uint64_t *hit, uint64_t *hit_also)
{
	const ml_rx_multi *m = s->pre;
	size_t k, w;
	int any = 0;

	for (k = 0; k < s->nocc; k++) {
		size_t x = s->occ[k].lit, src = m->src_of[x];
		size_t y = m->lit_of[x];
		if ((long)src == t) {
			for (w = 0; w < words; w++)
				hit[w] |= owners[y * words + w];
			any = 1;
		} else if ((long)src == also) {
			for (w = 0; w < words; w++)
				hit_also[w] |= owners_also[y * words + w];
		}
	}
	return any;
}

static void S_unset(ml_rx *rx)
{
	S_trig_free(rx->trig);
	rx->trig = NULL;
	S_trig_free(rx->also_all);
	rx->also_all = NULL;
	free(rx->owners_also);
	rx->owners_also = NULL;
	free(rx->either);
	rx->either = NULL;
	free(rx->members);
	rx->members = NULL;
	rx->nmembers = 0;
	free(rx->owners);
	rx->owners = NULL;
}

/* The union of the members' also literals, with their owners, so that
 * one pass over a text finds both kinds of literal (S_trig_collect). */
static void S_members_also(ml_rx *rx)
{
	size_t i, j, at, words = S_WORDS(rx->nmembers);
	S_trig *a = NULL;

	for (i = 0; i < rx->nmembers; i++) {
		const S_trig *m = rx->members[i]->also;
		for (j = 0; m && j < m->nlit; j++) {
			size_t had;
			if (!a)
				a = ml_xcalloc(1, sizeof *a);
			had = a->nlit;
			S_trig_add(a, (const char *)m->lit[j].s, m->lit[j].n,
			           &at);
			if (a->nlit > had) {
				rx->owners_also = ml_xrealloc(rx->owners_also,
				    a->nlit * words * sizeof *rx->owners_also);
				memset(rx->owners_also + at * words, 0,
				       words * sizeof *rx->owners_also);
			}
			rx->owners_also[at * words + i / 64] |=
			    (uint64_t)1 << (i % 64);
		}
	}
	if (a) {
		S_trig_index(a);
		rx->either = ml_xmalloc(64 * sizeof *rx->either);
		for (i = 0; i < 64; i++)
			rx->either[i] = a->row[i] | rx->trig->row[i];
	}
	rx->also_all = a;
}

int ml_rx__set_members(ml_rx *rx, const ml_rx *const *members, size_t n)
{
	S_trig *t;
	size_t i, j, words = S_WORDS(n), at;
	uint64_t *owners = NULL;

	S_tables();
	S_unset(rx);
	for (i = 0; i < n; i++)
		if (!members[i]->trig)
			return 0;
	if (n == 0)
		return 0;
	t = ml_xcalloc(1, sizeof *t);
	for (i = 0; i < n; i++) {
		const S_trig *m = members[i]->trig;
		for (j = 0; j < m->nlit; j++) {
			size_t had = t->nlit;
			/* valid already: cannot fail */
			S_trig_add(t, (const char *)m->lit[j].s, m->lit[j].n,
			           &at);
			if (n > S_MAX_MEMBERS)
				continue;
			if (t->nlit > had) {
				owners = ml_xrealloc(owners, t->nlit * words *
				                     sizeof *owners);
				memset(owners + at * words, 0,
				       words * sizeof *owners);
			}
			owners[at * words + i / 64] |= (uint64_t)1 << (i % 64);
		}
	}
	S_trig_done(t);
	rx->trig = t;
	if (n <= S_MAX_MEMBERS) {
		rx->members = ml_xmalloc(n * sizeof *rx->members);
		memcpy(rx->members, members, n * sizeof *rx->members);
		rx->nmembers = n;
		rx->owners = owners;
		S_members_also(rx);
	} else {
		free(owners);
	}
	return 1;
}

/* A literal set from list ("a|b c"), or NULL with a message in msg. */
static S_trig *S_trig_new(const char *list, char *msg, size_t msgsize)
{
	S_trig *t;
	const char *p = list, *e, *why = NULL;

	S_tables();
	t = ml_xcalloc(1, sizeof *t);
	for (;;) {
		e = strchr(p, '|');
		if (!e)
			e = p + strlen(p);
		size_t at;
		why = S_trig_add(t, p, (size_t)(e - p), &at);
		if (why || !*e)
			break;
		p = e + 1;
	}
	if (why) {
		snprintf(msg, msgsize, "trigger '%.*s': %s", (int)(e - p), p,
		         why);
		S_trig_free(t);
		return NULL;
	}
	S_trig_done(t);
	return t;
}

int ml_rx__set_trigger(ml_rx *rx, const char *list, char *msg,
                       size_t msgsize)
{
	S_trig *t;

	if (!list) {
		S_unset(rx);
		return 0;
	}
	if (!(t = S_trig_new(list, msg, msgsize)))
		return -1;
	S_unset(rx);
	rx->trig = t;
	return 0;
}

int ml_rx__set_also(ml_rx *rx, const char *list, char *msg,
                    size_t msgsize)
{
	S_trig *t = NULL;

	if (list && !(t = S_trig_new(list, msg, msgsize)))
		return -1;
	S_trig_free(rx->also);
	rx->also = t;
	return 0;
}

const char *ml_rx__also(const ml_rx *rx)
{
	return rx->also ? rx->also->list : NULL;
}

int ml_rx__also_triggered(const ml_rx *rx, const char *text, size_t len)
{
	return !rx->also ||
	       S_trig_scan(rx->also, (const unsigned char *)text, 0, len);
}

const char *ml_rx__trigger(const ml_rx *rx)
{
	return rx->trig ? rx->trig->list : NULL;
}

size_t ml_rx_next_trigger(const ml_rx *rx, ml_rx_scratch *s,
                          const char *text, size_t len, size_t start)
{
	long src;

	if (start >= len)
		return len;
	if (!rx->trig)
		return start;
	S_tables();
	if ((src = S_pre_src(s, rx->trig, text, len)) >= 0)
		return S_pre_find(s, (size_t)src, start, len);
	return S_trig_find(rx->trig, (const unsigned char *)text, start, len);
}

int ml_rx__triggered(const ml_rx *rx, const char *text, size_t len)
{
	return !rx->trig ||
	       S_trig_scan(rx->trig, (const unsigned char *)text, 0, len);
}

/* --- compiling --- */

/* PCRE2's allocator for compiled patterns, which their JIT compiling
 * uses too: out of memory ends marklint, as ml_xmalloc does, where
 * PCRE2's JIT compiler would crash on a NULL (it runs at a pattern's
 * first match, in the middle of a check). */
static void *S_pcre2_malloc(size_t n, void *data)
{
	void *p = malloc(n ? n : 1);

	(void)data;
	if (!p)
		S_oom();
	return p;
}

static void S_pcre2_free(void *p, void *data)
{
	(void)data;
	free(p);
}

/* pcre2_compile of a rewritten pattern, with the allocator above; NULL
 * with PCRE2's message in msg (msgsize bytes) and its offset in *erroff. */
static pcre2_code *S_pcre2_compile(const char *compiled, uint32_t opts,
                                   char *msg, size_t msgsize,
                                   size_t *erroff)
{
	int errcode = 0;
	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	pcre2_code *code;

	*erroff = 0;
	gctx = pcre2_general_context_create(S_pcre2_malloc, S_pcre2_free,
	                                    NULL);
	cctx = gctx ? pcre2_compile_context_create(gctx) : NULL;
	if (!cctx)
		S_oom();
	code = pcre2_compile((PCRE2_SPTR)compiled, strlen(compiled), opts,
	                     &errcode, erroff, cctx);
	pcre2_compile_context_free(cctx);
	pcre2_general_context_free(gctx);
	if (!code) {
		PCRE2_UCHAR buf[256];
		if (pcre2_get_error_message(errcode, buf, sizeof buf) < 0)
			snprintf((char *)buf, sizeof buf, "error %d", errcode);
		snprintf(msg, msgsize, "%s", (const char *)buf);
	}
	return code;
}

ml_rx *ml_rx__new(const char *pattern, unsigned flags, char *msg,
                  size_t msgsize, size_t *offset)
{
	/* UTF without PCRE2_UCP: \w, \d, \s, \b and the POSIX classes are
	 * ASCII-only, which makes matching about twice as fast. Text is
	 * normalised before matching (white space, slashes and dashes are
	 * ASCII), so \s and " " lose nothing there. A letter outside ASCII
	 * ("é", "ü") is not a word character: "\bJapan\b" matches the
	 * "Japan" of "Japané", and "\w+" stops before an accented letter
	 * (write such letters out: "[\wéü]"). Letter case is still folded
	 * for every letter (UTF caseless matching). */
	uint32_t opts = PCRE2_UTF;
	size_t *map = NULL, len, erroff = 0;
	char *compiled;
	pcre2_code *code = NULL;
	ml_rx *rx;

	if (flags & ML_RX_VERBATIM)
		compiled = ml_xstrdup(pattern);
	else if (flags & ML_RX_LAZY)
		compiled = ml_rx__rewrite(pattern);
	else
		compiled = ml_rx__rewrite_map(pattern, &map);
	if (flags & ML_RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (!(flags & ML_RX_LAZY) &&
	    !(code = S_pcre2_compile(compiled, opts, msg, msgsize, &erroff))) {
		len = strlen(compiled);
		if (offset)
			*offset = map ? map[erroff > len ? len : erroff] : erroff;
		free(map);
		free(compiled);
		return NULL;
	}
	free(map);
	rx = ml_xcalloc(1, sizeof *rx);
	rx->code = code;
	rx->deferred = code == NULL;
	rx->opts = opts;
	rx->source = ml_xstrdup(pattern);
	rx->compiled = compiled;
	rx->caseless = (flags & ML_RX_CASELESS) != 0;
	atomic_init(&rx->jit_done, 0);
	/* an atomic: what it publishes is annotated in S_ready */
	ANNOTATE_BENIGN_RACE_SIZED(&rx->jit_done, sizeof rx->jit_done,
	                           "C11 atomic, acquire/release");
	if (pthread_mutex_init(&rx->jit_lock, NULL) != 0)
		S_oom();
	/* JIT is an optimisation: without it (no JIT support, W^X memory
	 * policies) the interpreter gives the same answers. */
	if (!(flags & ML_RX_NOJIT))
		ml_rx__jit_now(rx);
	return rx;
}

/* Compiles a deferred rx's code if not yet done; call with jit_lock
 * held. 0, or -1 with PCRE2's message in msg. */
static int S_code_locked(ml_rx *rx, char *msg, size_t msgsize,
                         size_t *erroff)
{
	*erroff = 0;
	if (!rx->code && rx->deferred)
		rx->code = S_pcre2_compile(rx->compiled, rx->opts, msg,
		                           msgsize, erroff);
	return rx->code ? 0 : -1;
}

int ml_rx__compile_now(ml_rx *rx, char *msg, size_t msgsize,
                       size_t *offset)
{
	size_t off;
	int r;

	if (!rx->deferred)
		return 0;
	pthread_mutex_lock(&rx->jit_lock);
	r = S_code_locked(rx, msg, msgsize, &off);
	pthread_mutex_unlock(&rx->jit_lock);
	if (offset)
		*offset = off;
	return r;
}

void ml_rx__jit_now(ml_rx *rx)
{
	rx->want_jit = 1;
}

void ml_rx__jit_warm(void)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR) "a", 1, 0, &errcode,
	                                 &erroff, NULL);

	if (code)
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* may fail: no JIT */
	pcre2_code_free(code);
}

/* Readies rx for its first match: compiles it when it was deferred
 * (ML_RX_LAZY) and JIT-compiles it when it asked for it (see want_jit).
 * rx is shared by the threads that check documents: its code changes
 * once, under its lock, before any thread matches with it. 0, or
 * ML_EFORMAT when a deferred pattern does not compile (the built-in
 * patterns are all compiled by the self-test, so this does not happen
 * with them). */
static int S_ready(const ml_rx *crx)
{
	ml_rx *rx = (ml_rx *)crx; /* the JIT cache is not part of its value */
	char msg[256];
	size_t off;

	if (!rx->want_jit && !rx->deferred)
		return 0;
	if (atomic_load_explicit(&rx->jit_done, memory_order_acquire)) {
		ANNOTATE_HAPPENS_AFTER(&rx->jit_done);
		return rx->code ? 0 : ML_EFORMAT;
	}
	pthread_mutex_lock(&rx->jit_lock);
	if (!atomic_load_explicit(&rx->jit_done, memory_order_relaxed)) {
		if (S_code_locked(rx, msg, sizeof msg, &off) == 0 &&
		    rx->want_jit)
			rx->jit = pcre2_jit_compile(rx->code,
			                            PCRE2_JIT_COMPLETE) == 0;
		ANNOTATE_HAPPENS_BEFORE(&rx->jit_done);
		atomic_store_explicit(&rx->jit_done, 1, memory_order_release);
	}
	pthread_mutex_unlock(&rx->jit_lock);
	return rx->code ? 0 : ML_EFORMAT;
}

void ml_rx__free(ml_rx *rx)
{
	if (!rx)
		return;
	pcre2_code_free(rx->code);
	pthread_mutex_destroy(&rx->jit_lock);
	S_unset(rx);
	S_trig_free(rx->also);
	free(rx->source);
	free(rx->compiled);
	free(rx);
}

const char *ml_rx__source(const ml_rx *rx) { return rx->source; }
const char *ml_rx__compiled(const ml_rx *rx) { return rx->compiled; }
int ml_rx__jit(const ml_rx *rx)
{
	S_ready(rx);
	return rx->jit;
}
int ml_rx__caseless(const ml_rx *rx) { return rx->caseless; }

int ml_rx__backrefs(const ml_rx *rx)
{
	uint32_t max = 0;
	char msg[64];

	if (ml_rx__compile_now((ml_rx *)rx, msg, sizeof msg, NULL) < 0)
		return 0;
	pcre2_pattern_info(rx->code, PCRE2_INFO_BACKREFMAX, &max);
	return max > 0;
}

/* --- matching --- */

ml_rx_scratch *ml_rx_scratch_new(void)
{
	ml_rx_scratch *s = ml_xcalloc(1, sizeof *s);

	s->md = pcre2_match_data_create(1, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	if (!s->md || !s->mctx)
		S_oom();
	pcre2_set_match_limit(s->mctx, S_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, S_DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mctx, S_HEAP_LIMIT);
	/* NULL when JIT is unsupported: matching then uses the interpreter */
	s->jit_stack = pcre2_jit_stack_create(S_JIT_STACK_START,
	                                      S_JIT_STACK_MAX, NULL);
	if (s->jit_stack)
		pcre2_jit_stack_assign(s->mctx, NULL, s->jit_stack);
	return s;
}

void ml_rx_scratch_free(ml_rx_scratch *s)
{
	if (!s)
		return;
	free(s->occ);
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit_stack);
	free(s);
}

/* Maps a PCRE2 matching error to an ml_status. */
static int S_match_error(int rc)
{
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		return ML_ELIMIT;
	case PCRE2_ERROR_BADOFFSET:
	case PCRE2_ERROR_BADUTFOFFSET:
		return ML_EUSAGE;
	default:
		/* invalid UTF-8 in the subject (PCRE2_ERROR_UTF8_*) */
		return ML_EFORMAT;
	}
}

void ml_rx_scratch_utf8_known(ml_rx_scratch *s, int on)
{
	s->utf8_known = on != 0;
}

/* Length of the UTF-8 sequence a lead byte starts (0: not a lead). */
static size_t S_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 0;
}

/* PCRE2_NO_UTF_CHECK when the caller vouched that the text is valid
 * UTF-8 and text[start..len) neither starts nor ends inside a character
 * (the only ways a slice of valid text can be invalid); 0 otherwise, and
 * PCRE2 checks the subject itself. The check costs a pass over the whole
 * subject at every call, and a portion is matched dozens of times. */
static uint32_t S_utf_checked(const ml_rx_scratch *s, const char *text,
                              size_t len, size_t start)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t k;

	if (!s->utf8_known)
		return 0;
	if (start < len && (t[start] & 0xC0) == 0x80)
		return 0;
	for (k = len; k > 0 && len - k < 4 && (t[k - 1] & 0xC0) == 0x80; k--)
		;
	if (k > 0 && S_seq_len(t[k - 1]) != len - k + 1)
		return 0;
	if (k == 0 && len > 0)
		return 0;
	return PCRE2_NO_UTF_CHECK;
}

int ml_rx__find_unfiltered(const ml_rx *rx, ml_rx_scratch *s,
                           const char *text, size_t len, size_t start,
                           size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov;
	int rc;

	if (start > len)
		return 0;
	if ((rc = S_ready(rx)) < 0)
		return rc;
	rc = pcre2_match(rx->code, (PCRE2_SPTR)text, len, start,
	                 S_utf_checked(s, text, len, start), s->md, s->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return S_match_error(rc);
	/* rc == 0: the ovector (one pair) is too small for the groups, but
	 * the whole match is still in pair 0. */
	ov = pcre2_get_ovector_pointer(s->md);
	if (so)
		*so = ov[0];
	if (eo)
		*eo = ov[1];
	return 1;
}

int ml_rx__matches_empty(const ml_rx *rx, ml_rx_scratch *s)
{
	char msg[64];
	int rc;

	if (ml_rx__compile_now((ml_rx *)rx, msg, sizeof msg, NULL) < 0)
		return ML_EFORMAT;
	rc = pcre2_match(rx->code, (PCRE2_SPTR)"", 0, 0, PCRE2_NO_JIT, s->md,
	                 s->mctx);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc < 0 ? S_match_error(rc) : 1;
}

/* The members of rx that can match in text[start..len): sets in hit
 * (S_WORDS(S_MAX_MEMBERS) words) the bit of each member whose trigger,
 * and also literal when it has one, occur there. One scan for all
 * members. Returns 1 when a bit is set. */
static int S_member_hits(const ml_rx *rx, ml_rx_scratch *s,
                         const char *text, size_t len, size_t start,
                         uint64_t *hit)
{
	uint64_t hit_also[S_WORDS(S_MAX_MEMBERS)] = {0};
	size_t words = S_WORDS(rx->nmembers), i;
	long t = start == 0 ? S_pre_src(s, rx->trig, text, len) : -1, a = -1;
	int any = 0;

	/* from the prescan when it holds both kinds of literal */
	if (t >= 0 && rx->also_all &&
	    (a = S_pre_src(s, rx->also_all, text, len)) < 0)
		t = -1;
	memset(hit, 0, S_WORDS(S_MAX_MEMBERS) * sizeof *hit);
	if (t >= 0 ? !S_pre_collect(s, t, rx->owners, a, rx->owners_also,
	                            words, hit, hit_also)
	           : !S_trig_collect(rx->trig, rx->owners, rx->also_all,
	                             rx->owners_also, rx->either, words,
	                             (const unsigned char *)text, start, len,
	                             hit, hit_also))
		return 0;
	for (i = 0; i < rx->nmembers; i++) {
		uint64_t bit = (uint64_t)1 << (i % 64);
		if (rx->members[i]->also && !(hit_also[i / 64] & bit))
			hit[i / 64] &= ~bit;
		any |= (hit[i / 64] & bit) != 0;
	}
	return any;
}

ml_rx *ml_rx__new_set(const ml_rx *const *members, size_t n)
{
	ml_rx *rx = ml_xcalloc(1, sizeof *rx);

	if (n > S_MAX_MEMBERS || !ml_rx__set_members(rx, members, n)) {
		ml_rx__free(rx);
		return NULL;
	}
	return rx;
}

int ml_rx__set_hits(const ml_rx *set, ml_rx_scratch *s, const char *text,
                    size_t len, uint64_t *hit)
{
	if (!set->members)
		return -1;
	return S_member_hits(set, s, text, len, 0, hit);
}

size_t ml_rx__nmembers(const ml_rx *rx)
{
	return rx->members ? rx->nmembers : 0;
}

/* An alternation, member by member: only the members whose triggers
 * occur in text[start..len) can match. The alternation's match is the
 * leftmost one, and at that position its first member that matches there
 * (PCRE2 tries the branches in order): the smallest start, ties going to
 * the earlier member. */
static int S_find_members(const ml_rx *rx, ml_rx_scratch *s,
                          const char *text, size_t len, size_t start,
                          size_t *so, size_t *eo)
{
	uint64_t hit[S_WORDS(S_MAX_MEMBERS)];
	size_t i, mso = 0, meo = 0;
	size_t bso = 0, beo = 0;
	int found = 0, r;

	if (!S_member_hits(rx, s, text, len, start, hit))
		return 0;
	for (i = 0; i < rx->nmembers; i++) {
		if (!(hit[i / 64] & (uint64_t)1 << (i % 64)))
			continue;
		r = ml_rx__find_unfiltered(rx->members[i], s, text, len,
		                           start, &mso, &meo);
		if (r < 0)
			return r;
		if (r == 1 && (!found || mso < bso)) {
			found = 1;
			bso = mso;
			beo = meo;
			if (bso == start)
				break;
		}
	}
	if (!found)
		return 0;
	if (so)
		*so = bso;
	if (eo)
		*eo = beo;
	return 1;
}

int ml_rx_find(const ml_rx *rx, ml_rx_scratch *s, const char *text,
               size_t len, size_t start, size_t *so, size_t *eo)
{
	if (start > len)
		return 0;
	if (rx->members)
		return S_find_members(rx, s, text, len, start, so, eo);
	/* every match holds a trigger, inside text[start..len) */
	if (rx->trig && !S_trig_scan(rx->trig, (const unsigned char *)text,
	                             start, len))
		return 0;
	if (rx->also && !S_trig_scan(rx->also, (const unsigned char *)text,
	                             start, len))
		return 0;
	return ml_rx__find_unfiltered(rx, s, text, len, start, so, eo);
}
