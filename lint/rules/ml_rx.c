/* ml_rx.c - rule patterns over PCRE2 (the only file that includes pcre2.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "ml_rx.h"
#include "ml_trig.h"

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
/* Subject bytes a pattern made with ML_RX_NOJIT is interpreted over
 * before it is JIT-compiled after all (ski rental: by then the
 * interpreter has cost about what compiling would). Measured on the
 * restriction parts (processor time, prose DOCX): JIT compiling costs
 * about 0.3 us per byte of pattern, the interpreter 0.1-0.3 ns per byte
 * of pattern per byte of subject, so the two meet at a few thousand
 * subject bytes whatever the pattern's size. */
#define S_JIT_LATER 2048u

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
	/* ML_RX_NOJIT (and no want_jit): interpreted until more than later
	 * subject bytes (interp, counted by every thread) were asked for,
	 * then a JIT-compiled copy (jcode, published once under jit_lock;
	 * later_done when that was tried) serves the matches: code itself
	 * is never changed once other threads may match with it */
	size_t later;
	atomic_size_t interp;
	_Atomic(pcre2_code *) jcode;
	atomic_int later_done;
	/* ML_RX_LAZY: code is compiled (from compiled, with opts) at the
	 * first match too, under the same lock (S_ready), or at load by
	 * ml_rx__compile_now; NULL until then */
	int deferred;
	uint32_t opts;
	atomic_int jit_done;
	pthread_mutex_t jit_lock;
	int jit;
	int caseless;
	ml_trig *trig;   /* the prefilter, NULL when none (ml_trig.c) */
	ml_trig *also;   /* a second prefilter every match holds, or NULL */
	/* an alternation of members that all have triggers: the members
	 * (borrowed) and, per literal of trig, the members holding it */
	const ml_rx **members;
	size_t nmembers;
	uint64_t *owners; /* trig->nlit rows of S_WORDS(nmembers) words */
	ml_trig *also_all; /* the members' also literals, or NULL */
	/* the anchor pairs of trig and also_all together (both
	 * ml_trig.set), or NULL without also_all */
	uint64_t *either; /* 64 rows, as ml_trig.row */
	uint64_t *owners_also; /* also_all->nlit rows, as owners */
	/* the members that have an also literal, by bit */
	uint64_t with_also[ML_RX_HIT_WORDS];
	/* the members without a trigger, by bit: run on every text (an
	 * alternation with one, "a question", runs member by member all the
	 * same: its triggered members only where their literals are);
	 * has_always when one is set, and rx's trig is then no prefilter
	 * of rx */
	uint64_t always[ML_RX_HIT_WORDS];
	int has_always;
};

/* Most members an alternation runs one by one (see ml_rx__set_members). */
#define S_MAX_MEMBERS (ML_RX_HIT_WORDS * 64u)
#define S_WORDS(n) (((n) + 63u) / 64u)

struct ml_rx_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack; /* NULL when JIT is unavailable */
	int utf8_known; /* subjects are valid UTF-8 (ml_rx_scratch_utf8_known) */
	ml_trig_pre pre; /* the prescan of a text (ml_rx__prescan) */
};

static void S_oom(void)
{
	fputs("marklint: out of memory\n", stderr);
	exit(2);
}

/* --- the prescan (ml_trig.c): the literals of several prefilters in one
 * pass --- */

ml_rx_multi *ml_rx__multi_new(const ml_rx *const *firsts, size_t nfirsts,
                              const ml_rx *const *sets, size_t nsets)
{
	const ml_trig **src = ml_xcalloc(nfirsts + 2 * nsets + 1, sizeof *src);
	ml_rx_multi *m;
	size_t i, n = 0;

	for (i = 0; i < nfirsts; i++)
		if (firsts[i])
			src[n++] = firsts[i]->trig;
	for (i = 0; i < nsets; i++) {
		if (!sets[i] || !sets[i]->members)
			continue;
		src[n++] = sets[i]->trig;
		src[n++] = sets[i]->also_all;
	}
	m = ml_trig__multi_new(src, n);
	free(src);
	return m;
}

void ml_rx__multi_free(ml_rx_multi *m)
{
	ml_trig__multi_free(m);
}

void ml_rx__prescan(const ml_rx_multi *m, ml_rx_scratch *s,
                    const char *text, size_t len)
{
	ml_trig__prescan(m, &s->pre, text, len);
}

void ml_rx_scratch_forget(ml_rx_scratch *s)
{
	s->pre.m = NULL;
}

/* s's prescan, or NULL without s. */
static const ml_trig_pre *S_pre(const ml_rx_scratch *s)
{
	return s ? &s->pre : NULL;
}

/* --- triggers (ml_trig.c) --- */

static void S_unset(ml_rx *rx)
{
	ml_trig__free(rx->trig);
	rx->trig = NULL;
	ml_trig__free(rx->also_all);
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
	memset(rx->always, 0, sizeof rx->always);
	rx->has_always = 0;
}

/* The union of the members' also literals, with their owners, so that
 * one pass over a text finds both kinds of literal (ml_trig__collect). */
static void S_members_also(ml_rx *rx)
{
	size_t i, j, at, words = S_WORDS(rx->nmembers);
	ml_trig *a = NULL;

	memset(rx->with_also, 0, sizeof rx->with_also);
	for (i = 0; i < rx->nmembers; i++) {
		const ml_trig *m = rx->members[i]->also;
		if (m)
			rx->with_also[i / 64] |= (uint64_t)1 << (i % 64);
		for (j = 0; m && j < m->nlit; j++) {
			size_t had;
			if (!a)
				a = ml_xcalloc(1, sizeof *a);
			had = a->nlit;
			ml_trig__add(a, (const char *)m->lit[j].s, m->lit[j].n,
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
		ml_trig__index(a);
		rx->either = ml_xmalloc(64 * sizeof *rx->either);
		for (i = 0; i < 64; i++)
			rx->either[i] = a->row[i] | rx->trig->row[i];
	}
	rx->also_all = a;
}

/* Can an alternation of members run member by member? When at least
 * one has a trigger and, unless all have one, there are at most
 * S_MAX_MEMBERS (the bits of the members to run on every text) and those
 * without a trigger have no also literal either. */
static int S_members_ok(const ml_rx *const *members, size_t n)
{
	size_t i, with = 0;

	for (i = 0; i < n; i++)
		with += members[i]->trig != NULL;
	if (with == n)
		return n > 0;
	if (with == 0 || n > S_MAX_MEMBERS)
		return 0;
	for (i = 0; i < n; i++)
		if (!members[i]->trig && members[i]->also)
			return 0;
	return 1;
}

int ml_rx__set_members(ml_rx *rx, const ml_rx *const *members, size_t n)
{
	ml_trig *t;
	size_t i, j, words = S_WORDS(n), at;
	uint64_t *owners = NULL;

	ml_trig__tables();
	S_unset(rx);
	if (!S_members_ok(members, n))
		return 0;
	t = ml_xcalloc(1, sizeof *t);
	for (i = 0; i < n; i++) {
		const ml_trig *m = members[i]->trig;
		if (!m) {
			rx->always[i / 64] |= (uint64_t)1 << (i % 64);
			rx->has_always = 1;
			continue;
		}
		for (j = 0; j < m->nlit; j++) {
			size_t had = t->nlit;
			/* valid already: cannot fail */
			ml_trig__add(t, (const char *)m->lit[j].s, m->lit[j].n,
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
	ml_trig__done(t);
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


int ml_rx__set_trigger(ml_rx *rx, const char *list, char *msg,
                       size_t msgsize)
{
	ml_trig *t;

	if (!list) {
		S_unset(rx);
		return 0;
	}
	if (!(t = ml_trig__new(list, msg, msgsize)))
		return -1;
	S_unset(rx);
	rx->trig = t;
	return 0;
}

int ml_rx__set_also(ml_rx *rx, const char *list, char *msg,
                    size_t msgsize)
{
	ml_trig *t = NULL;

	if (list && !(t = ml_trig__new(list, msg, msgsize)))
		return -1;
	ml_trig__free(rx->also);
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
	       ml_trig__scan(rx->also, (const unsigned char *)text, 0, len);
}

const char *ml_rx__trigger(const ml_rx *rx)
{
	return rx->trig && !rx->has_always ? rx->trig->list : NULL;
}

size_t ml_rx_next_trigger(const ml_rx *rx, ml_rx_scratch *s,
                          const char *text, size_t len, size_t start)
{
	long src;

	if (start >= len)
		return len;
	if (!rx->trig || rx->has_always)
		return start;
	ml_trig__tables();
	if ((src = ml_trig__pre_src(S_pre(s), rx->trig, text, len)) >= 0)
		return ml_trig__pre_find(&s->pre, (size_t)src, start, len);
	return ml_trig__find(rx->trig, (const unsigned char *)text, start, len);
}

int ml_rx__triggered(const ml_rx *rx, const char *text, size_t len)
{
	return !rx->trig || rx->has_always ||
	       ml_trig__scan(rx->trig, (const unsigned char *)text, 0, len);
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
	atomic_init(&rx->interp, 0);
	atomic_init(&rx->jcode, NULL);
	atomic_init(&rx->later_done, 0);
	/* atomics: what they publish is annotated in S_ready and S_later */
	ANNOTATE_BENIGN_RACE_SIZED(&rx->jit_done, sizeof rx->jit_done,
	                           "C11 atomic, acquire/release");
	ANNOTATE_BENIGN_RACE_SIZED(&rx->interp, sizeof rx->interp,
	                           "C11 atomic counter");
	ANNOTATE_BENIGN_RACE_SIZED(&rx->jcode, sizeof rx->jcode,
	                           "C11 atomic, acquire/release");
	ANNOTATE_BENIGN_RACE_SIZED(&rx->later_done, sizeof rx->later_done,
	                           "C11 atomic, set under jit_lock");
	if (pthread_mutex_init(&rx->jit_lock, NULL) != 0)
		S_oom();
	/* JIT is an optimisation: without it (no JIT support, W^X memory
	 * policies) the interpreter gives the same answers. */
	if (!(flags & ML_RX_NOJIT))
		ml_rx__jit_now(rx);
	else
		rx->later = S_JIT_LATER;
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
	pcre2_code_free(atomic_load_explicit(&rx->jcode,
	                                     memory_order_relaxed));
	pthread_mutex_destroy(&rx->jit_lock);
	S_unset(rx);
	ml_trig__free(rx->also);
	free(rx->source);
	free(rx->compiled);
	free(rx);
}

const char *ml_rx__source(const ml_rx *rx) { return rx->source; }
const char *ml_rx__compiled(const ml_rx *rx) { return rx->compiled; }
int ml_rx__jit(const ml_rx *rx)
{
	S_ready(rx);
	return rx->jit ||
	       atomic_load_explicit(&((ml_rx *)rx)->jcode,
	                            memory_order_acquire) != NULL;
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
	free(s->pre.occ);
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

/* The code to match rx with over n subject bytes (after S_ready): a
 * pattern made with ML_RX_NOJIT is interpreted until it has been asked
 * for more than rx->later bytes in all, then JIT-compiled: a copy, so
 * that the threads interpreting rx->code meanwhile read code that does
 * not change. JIT and interpreter give the same answers. */
static const pcre2_code *S_later(const ml_rx *crx, size_t n)
{
	ml_rx *rx = (ml_rx *)crx; /* the JIT cache is not part of its value */
	pcre2_code *j;

	if (!rx->later || rx->want_jit)
		return rx->code;
	if ((j = atomic_load_explicit(&rx->jcode, memory_order_acquire))) {
		ANNOTATE_HAPPENS_AFTER(&rx->jcode);
		return j;
	}
	if (atomic_load_explicit(&rx->later_done, memory_order_relaxed) ||
	    atomic_fetch_add_explicit(&rx->interp, n, memory_order_relaxed) +
	            n <= rx->later)
		return rx->code;
	pthread_mutex_lock(&rx->jit_lock);
	if (!atomic_load_explicit(&rx->later_done, memory_order_relaxed)) {
		/* owned by rx once published (ml_rx__free) */
		j = pcre2_code_copy(rx->code);
		if (j && pcre2_jit_compile(j, PCRE2_JIT_COMPLETE) != 0) {
			pcre2_code_free(j); /* no JIT here: interpret */
			j = NULL;
		}
		if (j) {
			ANNOTATE_HAPPENS_BEFORE(&rx->jcode);
			atomic_store_explicit(&rx->jcode, j,
			                      memory_order_release);
		}
		atomic_store_explicit(&rx->later_done, 1,
		                      memory_order_relaxed);
	}
	pthread_mutex_unlock(&rx->jit_lock);
	j = atomic_load_explicit(&rx->jcode, memory_order_acquire);
	ANNOTATE_HAPPENS_AFTER(&rx->jcode);
	return j ? j : rx->code;
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
	rc = pcre2_match(S_later(rx, len - start), (PCRE2_SPTR)text, len,
	                 start,
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
 * members, or none where s's prescan holds the text (its literals of
 * trig, and of also_all when it has them: else a scan for those alone,
 * when a trigger is there). Returns 1 when a bit is set. */
static int S_member_hits(const ml_rx *rx, ml_rx_scratch *s,
                         const char *text, size_t len, size_t start,
                         uint64_t *hit)
{
	uint64_t hit_also[S_WORDS(S_MAX_MEMBERS)] = {0};
	size_t words = S_WORDS(rx->nmembers), i;
	long t = ml_trig__pre_src(S_pre(s), rx->trig, text, len), a = -1;
	int any = 0, found;

	memset(hit, 0, S_WORDS(S_MAX_MEMBERS) * sizeof *hit);
	if (t >= 0 && rx->also_all)
		a = ml_trig__pre_src(S_pre(s), rx->also_all, text, len);
	if (t >= 0) {
		found = ml_trig__pre_collect(&s->pre, t, rx->owners, a,
		                             rx->owners_also, words, start,
		                             len, hit, hit_also);
		if (found && rx->also_all && a < 0)
			ml_trig__collect(rx->also_all, rx->owners_also, NULL,
			                 NULL, NULL, words,
			                 (const unsigned char *)text, start,
			                 len, hit_also, NULL);
	} else {
		found = ml_trig__collect(rx->trig, rx->owners, rx->also_all,
		                         rx->owners_also, rx->either, words,
		                         (const unsigned char *)text, start,
		                         len, hit, hit_also);
	}
	if (!found && !rx->has_always)
		return 0;
	/* a member with an also literal can match only where one is; one
	 * without a trigger can match anywhere */
	for (i = 0; i < words; i++) {
		hit[i] &= ~(rx->with_also[i] & ~hit_also[i]);
		hit[i] |= rx->always[i];
		any |= hit[i] != 0;
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

/* Does text[start..len) hold a literal of t? From s's prescan when it
 * holds them. */
static int S_triggered(const ml_trig *t, const ml_rx_scratch *s,
                       const char *text, size_t start, size_t len)
{
	long src = ml_trig__pre_src(S_pre(s), t, text, len);

	if (src >= 0)
		return ml_trig__pre_find(&s->pre, (size_t)src, start, len) <
		       len;
	return ml_trig__scan(t, (const unsigned char *)text, start, len);
}

int ml_rx_find(const ml_rx *rx, ml_rx_scratch *s, const char *text,
               size_t len, size_t start, size_t *so, size_t *eo)
{
	if (start > len)
		return 0;
	if (rx->members)
		return S_find_members(rx, s, text, len, start, so, eo);
	/* every match holds a trigger, inside text[start..len) */
	if (rx->trig && !S_triggered(rx->trig, s, text, start, len))
		return 0;
	if (rx->also && !S_triggered(rx->also, s, text, start, len))
		return 0;
	return ml_rx__find_unfiltered(rx, s, text, len, start, so, eo);
}
