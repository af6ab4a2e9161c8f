/* ml_rx_rewrite.c - the space rewrite of rule patterns (ml_rx.h): a
 * space in a pattern matches a run of white space. */
#include "ml_rx.h"

#include "ml_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_oom(void)
{
	fputs("marklint: out of memory\n", stderr);
	exit(2);
}

/* The origin in the pattern of each byte of the rewritten pattern. */
typedef struct S_map {
	size_t *v;
	size_t n, cap;
} S_map;

/* Appends s (n bytes) to out, recording src + i as the origin of its
 * byte i (each byte src itself when one is 0), unless map is NULL (no
 * map wanted). */
static void S_emit(ml_buf *out, S_map *map, const char *s, size_t n,
                   size_t src, int one)
{
	size_t i;

	if (ml_buf_put(out, s, n) < 0)
		S_oom(); /* the buffer is uncapped: only a size_t overflow */
	if (!map)
		return;
	/* doubling: a pattern that calls parts is kilobytes long */
	ML_VEC_GROW(map->v, map->cap, map->n + n + 1, 256);
	for (i = 0; i < n; i++)
		map->v[map->n++] = src + (one ? i : 0);
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

/* The rewrite, into a new string (caller frees), and with m (when not
 * NULL) the origin of each of its bytes in pattern. */
static char *S_rewrite(const char *pattern, S_map *m)
{
	ml_buf out;
	size_t i = 0, n;

	ml_buf_init(&out, (size_t)-1);
	while (pattern[i]) {
		if (pattern[i] == ' ') {
			size_t at = i;
			while (pattern[i] == ' ')
				i++;
			/* "a ?b": the quantifier applies to the whole run */
			if (S_is_quantifier(pattern[i]))
				S_emit(&out, m, "(?:\\s+)", 7, at, 0);
			else
				S_emit(&out, m, "\\s+", 3, at, 0);
			continue;
		}
		n = S_verbatim_len(pattern + i);
		if (n == 0) /* a run of bytes that start no token */
			n = 1 + strcspn(pattern + i + 1, " \\([");
		S_emit(&out, m, pattern + i, n, i, 1);
		i += n;
	}
	if (m) {
		S_emit(&out, m, "", 0, i, 0); /* room for the end */
		m->v[m->n] = i; /* the end maps to the end */
	}
	return ml_buf_detach(&out, NULL);
}

char *ml_rx__rewrite_map(const char *pattern, size_t **map)
{
	S_map m = {NULL, 0, 0};
	char *s = S_rewrite(pattern, &m);

	*map = m.v;
	return s;
}

char *ml_rx__rewrite(const char *pattern)
{
	return S_rewrite(pattern, NULL);
}
