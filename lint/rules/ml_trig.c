/* ml_trig.c - literal triggers (the patterns' prefilter) and the prescan
 * of several trigger sets in one pass; ml_rx.c runs PCRE2 behind them. */
#include "ml_trig.h"

#include "ml_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most literals one prescan keeps: past them (a portion of megabytes of
 * trigger words) the prefilters scan for themselves, as without one. */
#define S_PRESCAN_MAX 65536u

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

/* 6-bit code of a byte for the anchor keys: letters (either case) and
 * digits have codes of their own, other bytes share the rest. */
static unsigned char S_code[256];
/* ASCII lower case of a byte; other bytes unchanged. */
static unsigned char S_lower[256];
/* 1 for ASCII white space (what \s matches without UCP). */
static unsigned char S_wsp[256];
/* Number of bits set in a byte. */
static unsigned char S_pop[256];

/* 1 + the rank in S_common_pairs (above) of a pair of lower-case
 * letters, 0 for the others: S_pair_score without a search. */
static unsigned char S_pair_rank[26][26];
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

static void S_tables_init(void)
{
	unsigned c;
	const char *p;

	/* first: the others' tables say whether init is done */
	for (p = S_common_pairs, c = 1; *p; p += p[2] ? 3 : 2, c++)
		if (!S_pair_rank[p[0] - 'a'][p[1] - 'a']) /* the first */
			S_pair_rank[p[0] - 'a'][p[1] - 'a'] = (unsigned char)c;
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

void ml_trig__tables(void)
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

/* How often the pair (lower case) is likely to be seen, for choosing an
 * anchor (smaller is rarer): a pair of S_common_pairs scores by its
 * rank, above every other pair, which scores by its letters. */
static unsigned long S_pair_score(unsigned char a, unsigned char b)
{
	unsigned r = a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z'
	                 ? S_pair_rank[a - 'a'][b - 'a'] : 0;

	/* each pair of the list takes 3 bytes ("th ") */
	if (r)
		return 1000000ul - (unsigned long)(r - 1) * 3 * 100;
	return (unsigned long)S_freq(a) * S_freq(b);
}

void ml_trig__free(ml_trig *t)
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
const char *ml_trig__add(ml_trig *t, const char *s, size_t n, size_t *at)
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

/* The rows (ml_trig.row) of a set of keys. */
static void S_rows(const unsigned char *set, uint64_t *row)
{
	unsigned i;

	/* byte i of set holds keys 8i..8i+7: bits 8(i%8).. of row i/8 (a
	 * byte at a time, where a key at a time was a third of loading) */
	memset(row, 0, 64 * sizeof *row);
	for (i = 0; i < 4096 / 8; i++)
		if (set[i])
			row[i >> 3] |= (uint64_t)set[i] << ((i & 7) * 8);
}

/* The order of literals in a trigger's index: by key, anchor, bytes. */
static int S_lit_cmp(const ml_trig_lit *a, const ml_trig_lit *b)
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
void ml_trig__index(ml_trig *t)
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
		const ml_trig_lit *a = &t->lit[t->order[i - 1]];
		const ml_trig_lit *b = &t->lit[t->order[i]];
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
void ml_trig__done(ml_trig *t)
{
	ml_buf b;
	size_t i;

	ml_buf_init(&b, (size_t)-1);
	for (i = 0; i < t->nlit; i++) {
		/* puts, not printf: 1,100 lists at each start */
		ml_buf_puts(&b, i ? "|" : "");
		ml_buf_puts(&b, (const char *)t->lit[i].s);
	}
	t->list = ml_buf_detach(&b, NULL);
	ml_trig__index(t);
}

/* The number of keys of t->set below key, which is in the set. */
static size_t S_key_rank(const ml_trig *t, unsigned key)
{
	return t->rank[key >> 3] +
	       S_pop[t->set[key >> 3] & ((1u << (key & 7)) - 1u)];
}

/* How many bytes of literal l match at text[p..len): l->n when it
 * occurs there (and then *end, unless NULL, is where it ends: a space
 * takes a whole run of white space), else the index of the byte that
 * does not. */
static inline size_t S_lit_upto(const ml_trig_lit *l,
                                const unsigned char *text, size_t p,
                                size_t len, size_t *end)
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
	if (end)
		*end = p;
	return k;
}

/* Can literal l hold its anchor pair at text[i..i + 2)? Its byte after
 * the pair first (a space matches any white space: the first of a run). */
static int S_after_ok(const ml_trig_lit *l, const unsigned char *text,
                      size_t i, size_t len)
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
 * literals of one anchor that share the failing byte are skipped. Where
 * it occurs, *end (unless NULL) is where it ends. */
static inline int S_lit_try(const ml_trig *t, size_t j,
                            const unsigned char *text, size_t start,
                            size_t i, size_t len, size_t *fail,
                            size_t *end)
{
	const ml_trig_lit *l = &t->lit[t->order[j]];
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
	k = S_lit_upto(l, text, i - l->anchor, len, end);
	*fail = k < l->n ? k : (size_t)-1;
	return k == l->n;
}

/* Where the first of t's literals to be seen in text[start..len) starts
 * (scanning by anchor pair), or len when none is there. */
size_t ml_trig__find(const ml_trig *t, const unsigned char *text,
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
			const ml_trig_lit *l = &t->lit[t->order[j]];
			if (i - start >= l->anchor && i - l->anchor >= best) {
				/* the same for every literal of the anchor */
				if (t->lcp[j] <= fail)
					fail = 0;
				continue;
			}
			if (S_lit_try(t, j, text, start, i, len, &fail, NULL))
				best = i - l->anchor;
		}
	}
	return best;
}

/* 1 when text[start..len) holds one of t's literals. */
int ml_trig__scan(const ml_trig *t, const unsigned char *text, size_t start,
                  size_t len)
{
	return ml_trig__find(t, text, start, len) < len;
}

/* Ors into hit the owners of t's literals that start at their anchor i
 * (key: the pair at i); 1 when one does. */
static int S_owners_at(const ml_trig *t, const uint64_t *owners,
                       size_t words, const unsigned char *text, size_t start,
                       size_t i, size_t len, unsigned key, uint64_t *hit)
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
		if (S_lit_try(t, j, text, start, i, len, &fail, NULL)) {
			for (w = 0; w < words; w++)
				hit[w] |= owners[x * words + w];
			any = 1;
		}
	}
	return any;
}

/* Like ml_trig__scan, but goes on to the end and ors into hit (words
 * words) the owners of every literal of t found, and into hit_also those
 * of the literals of also (may be NULL), in the same pass. Returns 1 when
 * a literal of t was found. */
int ml_trig__collect(const ml_trig *t, const uint64_t *owners,
                     const ml_trig *also, const uint64_t *owners_also,
                     const uint64_t *either, size_t words,
                     const unsigned char *text, size_t start, size_t len,
                     uint64_t *hit, uint64_t *hit_also)
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
	ml_trig *u;           /* the sources' literals, duplicates kept */
	const ml_trig **src;  /* the sources (borrowed from their ml_rx) */
	size_t nsrc;
	size_t *src_of;      /* per literal of u: its source */
	size_t *lit_of;      /* per literal of u: its index in the source */
	/* per anchor key of u (4096): the codes (S_code) of the bytes that
	 * can follow the pair in one of its literals, all of them when one
	 * ends there: three bytes tested at once, where a pair alone lets
	 * one byte in five of prose through to the literals */
	uint64_t *third;
};

/* Adds source t's literals to m, each with the anchor t chose. */
static void S_multi_add(ml_rx_multi *m, const ml_trig *t)
{
	ml_trig *u = m->u;
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
		ml_trig_lit *l = &u->lit[u->nlit];
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

/* Fills m->third from the literals of m->u. */
static void S_third(ml_rx_multi *m)
{
	const ml_trig *u = m->u;
	size_t i;
	unsigned c;

	m->third = ml_xcalloc(4096, sizeof *m->third);
	for (i = 0; i < u->nlit; i++) {
		const ml_trig_lit *l = &u->lit[i];
		uint64_t *t = &m->third[l->key];
		if (!l->after) {
			*t = ~(uint64_t)0;
			continue;
		}
		for (c = 0; c < 256; c++)
			if (l->after == ' ' ? S_wsp[c] != 0
			                    : S_lower[c] == l->after)
				*t |= (uint64_t)1 << S_code[c];
	}
}

ml_rx_multi *ml_trig__multi_new(const ml_trig *const *srcs, size_t n)
{
	ml_rx_multi *m = ml_xcalloc(1, sizeof *m);
	size_t i;

	ml_trig__tables();
	m->u = ml_xcalloc(1, sizeof *m->u);
	for (i = 0; i < n; i++)
		S_multi_add(m, srcs[i]);
	ml_trig__index(m->u);
	S_third(m);
	return m;
}

void ml_trig__multi_free(ml_rx_multi *m)
{
	if (!m)
		return;
	ml_trig__free(m->u);
	free(m->src);
	free(m->src_of);
	free(m->lit_of);
	free(m->third);
	free(m);
}

/* Keeps in s the literals of u anchored at text[i] (key: the pair
 * there), in order of position. 0 when there are too many to keep. */
static int S_prescan_at(const ml_trig *u, ml_trig_pre *s,
                        const unsigned char *text, size_t i, size_t len,
                        unsigned key)
{
	size_t j, e, k, end = 0, r = S_key_rank(u, key), fail = (size_t)-1;

	for (j = u->bucket[r], e = u->bucket[r + 1]; j < e; j++) {
		size_t x = u->order[j];
		const ml_trig_lit *l = &u->lit[x];
		if (!S_lit_try(u, j, text, 0, i, len, &fail, &end))
			continue;
		if (s->nocc == S_PRESCAN_MAX)
			return 0;
		ML_VEC_GROW(s->occ, s->cocc, s->nocc + 1, 256);
		/* insertion by position: only the few found within maxanchor
		 * bytes before are passed */
		for (k = s->nocc; k > 0 && s->occ[k - 1].pos > i - l->anchor;
		     k--)
			s->occ[k] = s->occ[k - 1];
		s->occ[k].pos = i - l->anchor;
		s->occ[k].end = end;
		s->occ[k].lit = x;
		s->nocc++;
	}
	return 1;
}

/* Keeps in s every literal of m at its position in text[0..len), sorted
 * by position (the scan finds them by anchor, at most maxanchor bytes
 * past their start, testing each place's three bytes first). 0 when
 * there are too many to keep. */
static int S_prescan(const ml_rx_multi *m, ml_trig_pre *s,
                     const unsigned char *text, size_t len)
{
	const ml_trig *u = m->u;
	const uint64_t *third = m->third;
	size_t i, key; /* a size_t: an index without a widening move */

	s->nocc = 0;
	if (len < 2 || len < u->minlen || u->nlit == 0)
		return 1;
	/* key: the codes of the pair at i, rolled one byte at a time; two
	 * places a turn */
	key = S_KEY(text[0], text[1]);
	for (i = 0; i + 3 < len; i += 2) {
		unsigned c = S_code[text[i + 2]], d = S_code[text[i + 3]];
		if ((third[key] >> c & 1) &&
		    !S_prescan_at(u, s, text, i, len, (unsigned)key))
			return 0;
		key = (key << 6 | c) & 4095u;
		if ((third[key] >> d & 1) &&
		    !S_prescan_at(u, s, text, i + 1, len, (unsigned)key))
			return 0;
		key = (key << 6 | d) & 4095u;
	}
	if (i + 2 < len) {
		unsigned c = S_code[text[i + 2]];
		if ((third[key] >> c & 1) &&
		    !S_prescan_at(u, s, text, i, len, (unsigned)key))
			return 0;
		key = (key << 6 | c) & 4095u;
		i++;
	}
	/* the last pair: only a literal that ends with its anchor */
	if (u->row[key >> 6] >> (key & 63) & 1)
		return S_prescan_at(u, s, text, i, len, (unsigned)key);
	return 1;
}

void ml_trig__prescan(const ml_rx_multi *m, ml_trig_pre *s,
                      const char *text, size_t len)
{
	s->m = NULL;
	if (!m || !S_prescan(m, s, (const unsigned char *)text, len))
		return;
	s->m = m;
	s->text = text;
	s->len = len;
}

/* The source index of t in s's prescan when text[0..len) is the start of
 * the text it holds (the whole text or a window of it: its literals that
 * end by len are those the text up to len holds) and t is one of its
 * sources; -1 otherwise (scan for yourself). */
long ml_trig__pre_src(const ml_trig_pre *s, const ml_trig *t,
                      const char *text, size_t len)
{
	size_t i;

	if (!s || !s->m || !t || s->text != text || len > s->len)
		return -1;
	for (i = 0; i < s->m->nsrc; i++)
		if (s->m->src[i] == t)
			return (long)i;
	return -1;
}

/* The first occurrence in s's list at or after position start. */
static size_t S_pre_first(const ml_trig_pre *s, size_t start)
{
	size_t lo = 0, hi = s->nocc, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->occ[mid].pos < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ml_trig__find from the prescan: the first literal of source src in
 * text[start..len) (starting at or after start, ending by len). */
size_t ml_trig__pre_find(const ml_trig_pre *s, size_t src, size_t start,
                         size_t len)
{
	size_t k;

	for (k = S_pre_first(s, start); k < s->nocc && s->occ[k].pos < len;
	     k++)
		if (s->occ[k].end <= len && s->m->src_of[s->occ[k].lit] == src)
			return s->occ[k].pos;
	return len;
}

/* ml_trig__collect from the prescan, over text[start..len): ors into hit
 * the owners of the literals of source t found there, into hit_also those
 * of source also (-1: none). Returns 1 when a literal of t was found. */
int ml_trig__pre_collect(const ml_trig_pre *s, long t,
                         const uint64_t *owners, long also,
                         const uint64_t *owners_also, size_t words,
                         size_t start, size_t len, uint64_t *hit,
                         uint64_t *hit_also)
{
	const ml_rx_multi *m = s->m;
	size_t k, w;
	int any = 0;

	for (k = S_pre_first(s, start); k < s->nocc && s->occ[k].pos < len;
	     k++) {
		size_t x = s->occ[k].lit, src = m->src_of[x];
		size_t y = m->lit_of[x];
		if (s->occ[k].end > len)
			continue;
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

/* A literal set from list ("a|b c"), or NULL with a message in msg. */
ml_trig *ml_trig__new(const char *list, char *msg, size_t msgsize)
{
	ml_trig *t;
	const char *p = list, *e, *why = NULL;

	ml_trig__tables();
	t = ml_xcalloc(1, sizeof *t);
	for (;;) {
		e = strchr(p, '|');
		if (!e)
			e = p + strlen(p);
		size_t at;
		why = ml_trig__add(t, p, (size_t)(e - p), &at);
		if (why || !*e)
			break;
		p = e + 1;
	}
	if (why) {
		snprintf(msg, msgsize, "trigger '%.*s': %s", (int)(e - p), p,
		         why);
		ml_trig__free(t);
		return NULL;
	}
	ml_trig__done(t);
	return t;
}
