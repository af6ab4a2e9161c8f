/* ml_rx.c - rule patterns over PCRE2 (the only file that includes pcre2.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "ml_rx.h"

#include "ml_buf.h"

#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limits per ml_rx_find call. Real rule patterns on a long portion stay
 * far below them; a catastrophic pattern hits one within milliseconds. */
#define S_MATCH_LIMIT 1000000u /* backtracking steps (per start offset) */
#define S_DEPTH_LIMIT 20000u   /* nested backtracking points (interpreter) */
#define S_HEAP_LIMIT 65536u    /* KiB of backtracking frames (interpreter) */
#define S_JIT_STACK_START (32u * 1024u)
#define S_JIT_STACK_MAX (4u * 1024u * 1024u)

struct ml_rx {
	pcre2_code *code;
	char *source;   /* as written */
	char *compiled; /* after the rewrite */
	int jit;
	int caseless;
};

struct ml_rx_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack; /* NULL when JIT is unavailable */
};

static void S_oom(void)
{
	fputs("marklint: out of memory\n", stderr);
	exit(2);
}

/* --- the space rewrite --- */

/* Appends s (n bytes) to out, recording src as the origin of each byte. */
static void S_emit(ml_buf *out, size_t **map, size_t *mapn, const char *s,
                   size_t n, size_t src)
{
	size_t i;

	if (ml_buf_put(out, s, n) < 0)
		S_oom(); /* the buffer is uncapped: only a size_t overflow */
	*map = ml_xrealloc(*map, (*mapn + n + 1) * sizeof **map);
	for (i = 0; i < n; i++)
		(*map)[(*mapn)++] = src;
}

/* Length of a character class starting at p[0] == '[' (to its ']'), or
 * the rest of the string when it is not closed (PCRE2 reports that). */
static size_t S_class_len(const char *p)
{
	size_t i = 1;

	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++; /* a ']' first is literal */
	while (p[i] && p[i] != ']') {
		if (p[i] == '\\' && p[i + 1])
			i += 2;
		else if (p[i] == '[' && p[i + 1] == ':' && strstr(p + i, ":]"))
			i = (size_t)(strstr(p + i + 2, ":]") - p) + 2;
		else
			i++;
	}
	return p[i] ? i + 1 : i;
}

/* Length of the token at p that must be copied verbatim: an escape, a
 * \Q..\E quote, a (?#...) comment or a character class; 0 for others. */
static size_t S_verbatim_len(const char *p)
{
	const char *e;

	if (p[0] == '\\' && p[1] == 'Q') {
		e = strstr(p + 2, "\\E");
		return e ? (size_t)(e - p) + 2 : strlen(p);
	}
	if (p[0] == '\\')
		return p[1] ? 2 : 1;
	if (p[0] == '(' && p[1] == '?' && p[2] == '#') {
		e = strchr(p, ')');
		return e ? (size_t)(e - p) + 1 : strlen(p);
	}
	if (p[0] == '[')
		return S_class_len(p);
	return 0;
}

static int S_is_quantifier(char c)
{
	return c == '?' || c == '*' || c == '+' || c == '{';
}

/* The rewrite, with map[i] = offset in pattern of output byte i (caller
 * frees both). */
static char *S_rewrite(const char *pattern, size_t **map)
{
	ml_buf out;
	size_t i = 0, n, mapn = 0;

	ml_buf_init(&out, (size_t)-1);
	*map = NULL;
	while (pattern[i]) {
		if (pattern[i] == ' ') {
			size_t at = i;
			while (pattern[i] == ' ')
				i++;
			/* "a ?b": the quantifier applies to the whole run */
			if (S_is_quantifier(pattern[i]))
				S_emit(&out, map, &mapn, "(?:\\s+)", 7, at);
			else
				S_emit(&out, map, &mapn, "\\s+", 3, at);
			continue;
		}
		n = S_verbatim_len(pattern + i);
		if (n == 0)
			n = 1;
		S_emit(&out, map, &mapn, pattern + i, n, i);
		{
			size_t k;
			for (k = 1; k < n; k++)
				(*map)[mapn - n + k] = i + k;
		}
		i += n;
	}
	*map = ml_xrealloc(*map, (mapn + 1) * sizeof **map);
	(*map)[mapn] = i; /* the end maps to the end */
	return ml_buf_detach(&out, NULL);
}

char *ml_rx__rewrite(const char *pattern)
{
	size_t *map;
	char *s = S_rewrite(pattern, &map);

	free(map);
	return s;
}

/* --- compiling --- */

ml_rx *ml_rx__new(const char *pattern, unsigned flags, char *msg,
                  size_t msgsize, size_t *offset)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;
	size_t *map = NULL, len, erroff = 0;
	char *compiled;
	int errcode = 0;
	pcre2_code *code;
	ml_rx *rx;

	if (flags & ML_RX_VERBATIM)
		compiled = ml_xstrdup(pattern);
	else
		compiled = S_rewrite(pattern, &map);
	if (flags & ML_RX_CASELESS)
		opts |= PCRE2_CASELESS;
	len = strlen(compiled);
	code = pcre2_compile((PCRE2_SPTR)compiled, len, opts, &errcode, &erroff,
	                     NULL);
	if (!code) {
		PCRE2_UCHAR buf[256];
		if (pcre2_get_error_message(errcode, buf, sizeof buf) < 0)
			snprintf((char *)buf, sizeof buf, "error %d", errcode);
		snprintf(msg, msgsize, "%s", (const char *)buf);
		if (offset)
			*offset = map ? map[erroff > len ? len : erroff] : erroff;
		free(map);
		free(compiled);
		return NULL;
	}
	free(map);
	rx = ml_xcalloc(1, sizeof *rx);
	rx->code = code;
	rx->source = ml_xstrdup(pattern);
	rx->compiled = compiled;
	rx->caseless = (flags & ML_RX_CASELESS) != 0;
	/* JIT is an optimisation: without it (no JIT support, W^X memory
	 * policies) the interpreter gives the same answers. */
	rx->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	return rx;
}

void ml_rx__free(ml_rx *rx)
{
	if (!rx)
		return;
	pcre2_code_free(rx->code);
	free(rx->source);
	free(rx->compiled);
	free(rx);
}

const char *ml_rx__source(const ml_rx *rx) { return rx->source; }
const char *ml_rx__compiled(const ml_rx *rx) { return rx->compiled; }
int ml_rx__jit(const ml_rx *rx) { return rx->jit; }
int ml_rx__caseless(const ml_rx *rx) { return rx->caseless; }

int ml_rx__backrefs(const ml_rx *rx)
{
	uint32_t max = 0;

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

int ml_rx_find(const ml_rx *rx, ml_rx_scratch *s, const char *text,
               size_t len, size_t start, size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov;
	int rc;

	if (start > len)
		return 0;
	rc = pcre2_match(rx->code, (PCRE2_SPTR)text, len, start, 0, s->md,
	                 s->mctx);
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
