/* ml_repair.c - the typo repair of a marking word by word: a word of the
 * string that is no word of the register (the register's vocabulary:
 * every word of its spellings, and every country code) is replaced by
 * the vocabulary words one edit away (a letter wrong, missing, extra, or
 * two letters swapped; two edits for words of six letters or more), and
 * the whole string judged again. A replacement that makes a valid
 * marking beats one that only makes a correctable one; then the nearest;
 * then a word the marking already uses elsewhere (a REL TO country that
 * is the FGI country), one of the same length, one with the same first
 * letter. Two different markings as likely make the correction less
 * sure.
 *
 * When no unknown word gives a marking, the separators are tried (a space
 * where "//" or "/" belongs: "(TS//SI-G OC)"), then, when the string does
 * not read, the register's own words in the wrong place ("(S//R)" for
 * "(S//RD)", "(TK//SI)"), each less sure.
 *
 * An unpublished SCI control system that is a register word with two
 * letters swapped or one letter added ("FIG", "SAUR-BP"), one of two
 * letters alone one letter off a register word ("(S//TM)"), or one with
 * an atomic energy subset for compartment ("DR-CNWDI") is taken for a
 * typo (ml_marking__suspect_system). */
#include "ml_marking_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_WORDS 12      /* words of a string tried */
#define S_MAX_TRIES 24      /* replacements judged per word */
#define S_MAX_JUDGED 96     /* replacements judged per string */
#define S_MAX_KNOWN 12      /* replacements of a register word tried */

typedef struct S_try {
	const char *w;   /* the vocabulary word */
	size_t d;        /* edits */
	int context;     /* the marking uses it elsewhere */
	int same_len, same_first;
} S_try;

typedef struct S_best {
	int valid;       /* 2: valid as replaced; 1: corrects to valid */
	S_try t;
	double conf;
	char result[ML_MARKING_MAX_LEN + 1];
	char from[24], to[24];
	int ambiguous;
} S_best;

static int S_alnum(char c)
{
	return ml_marking__upper(c) || ml_marking__lower(c) ||
	       ml_marking__digit(c);
}

static char S_up(char c)
{
	return ml_marking__lower(c) ? (char)(c - 'a' + 'A') : c;
}

/* 1 when the word a[0..n) occurs in s[0..len) outside [skip, skip+n). */
static int S_elsewhere(const char *s, size_t len, size_t skip, const char *w)
{
	size_t i = 0, m = strlen(w);

	while (i < len) {
		size_t j = i, k;
		while (j < len && S_alnum(s[j]))
			j++;
		if (j - i == m && i != skip) {
			for (k = 0; k < m && S_up(s[i + k]) == w[k]; k++)
				;
			if (k == m)
				return 1;
		}
		i = j + 1;
	}
	return 0;
}

/* Order of two tries: smaller first. */
static int S_try_cmp(const S_try *a, const S_try *b)
{
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	if (a->context != b->context)
		return a->context ? -1 : 1;
	if (a->same_len != b->same_len)
		return a->same_len ? -1 : 1;
	if (a->same_first != b->same_first)
		return a->same_first ? -1 : 1;
	return 0;
}

/* Is v a likely word for u (n letters), d edits away? suspect: only v
 * with two letters swapped or one added (the unpublished-system check). */
static int S_near(const char *u, size_t n, const char *v, size_t d,
                  int suspect)
{
	size_t m = strlen(v);

	if (d == 0 || d > 2)
		return 0;
	if (d == 2 && (n < 6 || m < 6))
		return 0;
	if (m == 1 && n != 2)
		return 0; /* a one-letter word only for a two-letter one */
	if (suspect) {
		if (m < 2 || n < 3 || d != 1 || m > n)
			return 0;
		if (m == n) {
			size_t i = 0;
			while (i < n && u[i] == v[i])
				i++;
			return i + 1 < n && u[i] == v[i + 1] && u[i + 1] == v[i];
		}
	}
	(void)u;
	return 1;
}

/* Tries the vocabulary words near the word s[a..a+n) in its place. */
/* Is w a value the register leaves free in m (part of an unpublished
 * SCI control system's value, or of a SAP value)? A replacement read so
 * is no register word put back. */
static int S_free_word(const ml_marking *m, const char *w)
{
	const ml_register *reg = ml_register_get();
	const ml_marking_tokens *lists[2];
	size_t l, i, wl = strlen(w);

	lists[0] = &m->sci;
	lists[1] = &m->sap;
	for (l = 0; l < 2; l++) {
		for (i = 0; i < lists[l]->n; i++) {
			const char *t = lists[l]->v[i];
			size_t a = 0, head = strcspn(t, "- ");
			if (ml_register_word(reg, t, head) ||
			    (t[head] == '-' && ml_register_word(reg, t, head + 1))) {
				if (l == 0)
					continue; /* a published system's values */
				a = t[head] ? head + 1 : head; /* "SAR-" */
			}
			while (t[a]) {
				size_t b = a + strcspn(t + a, "- ");
				if (b - a == wl && memcmp(t + a, w, wl) == 0)
					return 1;
				a = t[b] ? b + 1 : b;
			}
		}
	}
	return 0;
}

static void S_judge_try(const char *buf, size_t o, const S_try *t,
                        const char *u, unsigned flags, int depth,
                        double conf, S_best *best,
                        ml_marking_judgement *inner)
{
	int valid, c;
	const char *res;

	ml_marking__judge(buf, o, flags & ~(unsigned)ML_JUDGE_NO_SUGGESTION,
	                  inner, depth + 1);
	if (inner->verdict != ML_VERDICT_NONE && t->w[0] != '/' &&
	    S_free_word(&inner->m, t->w))
		return;
	if (inner->verdict == ML_VERDICT_VALID) {
		valid = 2;
		res = buf;
	} else if (inner->verdict != ML_VERDICT_NONE && inner->suggestion[0]) {
		valid = 1;
		res = inner->suggestion;
		if (inner->confidence < conf)
			conf = inner->confidence;
	} else {
		return;
	}
	if (best->valid) {
		c = valid != best->valid ? (valid > best->valid ? -1 : 1)
		                         : S_try_cmp(t, &best->t);
		if (c > 0)
			return;
		if (c == 0) {
			if (strcmp(res, best->result) != 0)
				best->ambiguous = 1;
			return;
		}
	}
	best->valid = valid;
	best->t = *t;
	best->conf = conf;
	best->ambiguous = 0;
	snprintf(best->result, sizeof best->result, "%s", res);
	snprintf(best->from, sizeof best->from, "%s", u);
	snprintf(best->to, sizeof best->to, "%s", t->w);
}

/* Tries the vocabulary words near the word s[a..a+n) in its place, at
 * most max of them, their confidence times scale. */
static void S_word(const char *s, size_t len, size_t a, size_t n,
                   unsigned flags, int depth, size_t max, double scale,
                   size_t *judged, S_best *best,
                   ml_marking_judgement *inner, char *buf)
{
	const ml_register *reg = ml_register_get();
	S_try tries[S_MAX_TRIES];
	char u[24];
	size_t i, nt = 0, k;
	int lower = ml_marking__lower(s[a]);

	if (n >= sizeof u)
		return;
	for (i = 0; i < n; i++)
		u[i] = S_up(s[a + i]);
	u[n] = '\0';
	for (i = 0; i < reg->nvocab; i++) {
		const char *v = reg->vocab[i].s;
		size_t m = strlen(v), d;
		S_try t;
		if (m + 2 < n || n + 2 < m)
			continue;
		d = ml_marking__distance(u, n, v);
		if (!S_near(u, n, v, d, 0) || (max < S_MAX_TRIES && d > 1))
			continue;
		t.w = v;
		t.d = d;
		t.context = S_elsewhere(s, len, a, v);
		t.same_len = m == n;
		t.same_first = v[0] == u[0];
		/* keep the S_MAX_TRIES likeliest, in order */
		for (k = nt; k > 0 && S_try_cmp(&t, &tries[k - 1]) < 0; k--)
			if (k < max)
				tries[k] = tries[k - 1];
		if (k < max) {
			tries[k] = t;
			if (nt < max)
				nt++;
		}
	}
	for (i = 0; i < nt && *judged < S_MAX_JUDGED; i++) {
		const S_try *t = &tries[i];
		size_t m = strlen(t->w), o = 0, q;
		double conf;
		if (best->valid == 2 && S_try_cmp(t, &best->t) > 0)
			break; /* no likelier than the valid one found */
		if (len - n + m > ML_MARKING_MAX_LEN)
			continue;
		memcpy(buf, s, a);
		o = a;
		for (q = 0; q < m; q++)
			buf[o++] = lower && ml_marking__upper(t->w[q])
			               ? (char)(t->w[q] - 'A' + 'a')
			               : t->w[q];
		memcpy(buf + o, s + a + n, len - a - n);
		o += len - a - n;
		buf[o] = '\0';
		(*judged)++;
		conf = ml_register_problem(reg, "typo")
		           ? ml_register_problem(reg, "typo")->confidence : 0.85;
		conf *= t->d >= 2 ? 0.8 : 1.0;
		conf *= n <= 3 || m <= 2 ? 0.85 : 1.0;
		conf *= t->same_len ? 1.0 : 0.95;
		S_judge_try(buf, o, t, u, flags, depth, conf * scale, best, inner);
	}
}

static int S_known(const ml_register *reg, const char *s, size_t n)
{
	char u[24];
	size_t i;

	if (n >= sizeof u)
		return 0;
	for (i = 0; i < n; i++)
		u[i] = S_up(s[i]);
	return ml_register_vocab(reg, u, n) != NULL;
}

/* Tries "//" and "/" for each space between words with a register word
 * beside it. */
static void S_separators(const char *s, size_t len, unsigned flags,
                         int depth, size_t *judged, S_best *best,
                         ml_marking_judgement *inner, char *buf)
{
	const ml_register *reg = ml_register_get();
	static const char *const seps[] = {"//", "/"};
	S_try t;
	size_t i, k;
	double conf = ml_register_problem(reg, "separator")
	                  ? ml_register_problem(reg, "separator")->confidence
	                  : 0.9;

	memset(&t, 0, sizeof t);
	t.w = "//";
	t.d = 1;
	t.context = t.same_len = t.same_first = 1;
	for (i = 1; i + 1 < len && *judged < S_MAX_JUDGED; i++) {
		size_t a = i, b = i + 1;
		if (s[i] != ' ' || !S_alnum(s[i - 1]) || !S_alnum(s[i + 1]))
			continue;
		/* a register word on one side ("SI-ABC NF") */
		while (a > 0 && S_alnum(s[a - 1]))
			a--;
		while (b < len && S_alnum(s[b]))
			b++;
		if (!S_known(reg, s + a, i - a) && !S_known(reg, s + i + 1, b - i - 1))
			continue;
		for (k = 0; k < 2 && *judged < S_MAX_JUDGED; k++) {
			size_t sl = strlen(seps[k]);
			t.w = seps[k];
			if (len + sl > ML_MARKING_MAX_LEN + 1)
				continue;
			memcpy(buf, s, i);
			memcpy(buf + i, seps[k], sl);
			memcpy(buf + i + sl, s + i + 1, len - i - 1);
			buf[len - 1 + sl] = '\0';
			(*judged)++;
			S_judge_try(buf, len - 1 + sl, &t, " ", flags, depth,
			            conf * 0.9, best, inner);
		}
	}
}

/* For each word of s (pass 0: the words the register does not have;
 * pass 1: its own words), the words near it in its place. */
static void S_words(const char *s, size_t len, unsigned flags, int depth,
                    int pass, size_t *judged, S_best *best,
                    ml_marking_judgement *inner, char *buf)
{
	const ml_register *reg = ml_register_get();
	size_t i = 0, words = 0;

	while (i < len && words < S_MAX_WORDS && *judged < S_MAX_JUDGED) {
		size_t j = i, k;
		int digits = 1;
		char u[24];
		while (j < len && S_alnum(s[j])) {
			digits &= ml_marking__digit(s[j]);
			j++;
		}
		if (j == i || digits || j - i >= sizeof u) {
			i = j + 1;
			continue;
		}
		for (k = i; k < j; k++)
			u[k - i] = S_up(s[k]);
		u[j - i] = '\0';
		if ((ml_register_vocab(reg, u, j - i) != NULL) == pass) {
			words++;
			S_word(s, len, i, j - i, flags, depth,
			       pass ? S_MAX_KNOWN : S_MAX_TRIES, pass ? 0.9 : 1.0,
			       judged, best, inner, buf);
		}
		i = j + 1;
	}
}

/* A compartment or sub-compartment of token t (after its system, n
 * bytes) spelled like an atomic energy subset ("CNWDI", "SIGMA"). */
static int S_aea_value(const ml_register *reg, const char *t, size_t n)
{
	size_t i = n, k;

	while (t[i]) {
		size_t j = ++i;
		while (t[j] && t[j] != '-' && t[j] != ' ')
			j++;
		for (k = 0; k < reg->ne; k++) {
			const ml_reg_entry *e = &reg->e[k];
			if (e->kind == ML_E_AEASUB &&
			    (ml_marking__eq(t + i, j - i, e->portion) ||
			     ml_marking__eq(t + i, j - i, e->abbrev) ||
			     ml_marking__eq(t + i, j - i, e->title)))
				return 1;
		}
		i = j;
	}
	return 0;
}

int ml_marking__suspect_system(const ml_marking *m, char *name, size_t size)
{
	const ml_register *reg = ml_register_get();
	size_t i, k;

	for (i = 0; i < m->sci.n; i++) {
		const char *t = m->sci.v[i];
		size_t n = strcspn(t, "- ");
		int bare = t[n] == '\0', hit = 0;
		if (n >= size || ml_register_word(reg, t, n) ||
		    ml_register_vocab(reg, t, n))
			continue;
		/* a system of an atomic energy marking's subsets: "DR-CNWDI" */
		hit = S_aea_value(reg, t, n);
		for (k = 0; k < reg->nvocab && !hit; k++) {
			const char *v = reg->vocab[k].s;
			size_t vl = strlen(v), d;
			if (!(reg->vocab[k].kind & ML_VOCAB_WORD) || vl + 1 < n ||
			    n + 1 < vl)
				continue;
			d = ml_marking__distance(t, n, v);
			/* two letters swapped, one added ("FIG", "SAUR-BP"); a
			 * short system alone one letter off ("(S//TM)") */
			hit = (n >= 3 && S_near(t, n, v, d, 1)) ||
			      (bare && n == 2 && vl >= 2 && d == 1);
		}
		if (hit) {
			snprintf(name, size, "%.*s", (int)n, t);
			return 1;
		}
	}
	return 0;
}

int ml_marking__word_repair(const char *s, size_t len, unsigned flags,
                            int depth, int parsed, char *sugg, size_t size,
                            double *conf, char *from, char *to, size_t wsize)
{
	ml_marking_judgement *inner;
	S_best *best;
	char *buf;
	size_t judged = 0;
	int found = 0;

	if (len > ML_MARKING_MAX_LEN)
		return 0;
	inner = ml_xmalloc(sizeof *inner);
	best = ml_xcalloc(1, sizeof *best);
	buf = ml_xmalloc(ML_MARKING_MAX_LEN + 2);
	S_words(s, len, flags, depth, 0, &judged, best, inner, buf);
	if (best->valid < 2)
		S_separators(s, len, flags, depth, &judged, best, inner, buf);
	/* a marking that reads has its own words where they belong */
	if (best->valid < 2 && !parsed)
		S_words(s, len, flags, depth, 1, &judged, best, inner, buf);
	if (best->valid) {
		*conf = best->conf * (best->ambiguous ? 0.6 : 1.0);
		snprintf(sugg, size, "%s", best->result);
		snprintf(from, wsize, "%s", best->from);
		snprintf(to, wsize, "%s", best->to);
		found = 1;
	}
	free(buf);
	free(best);
	free(inner);
	return found;
}
