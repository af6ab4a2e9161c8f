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

/* Appends s (n bytes) to out, recording src as the origin of each byte. */
static void S_emit(ml_buf *out, S_map *map, const char *s, size_t n,
                   size_t src)
{
	size_t i;

	if (ml_buf_put(out, s, n) < 0)
		S_oom(); /* the buffer is uncapped: only a size_t overflow */
	/* doubling: a pattern that calls parts is kilobytes long */
	ML_VEC_GROW(map->v, map->cap, map->n + n + 1, 256);
	for (i = 0; i < n; i++)
		map->v[map->n++] = src;
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
char *ml_rx__rewrite_map(const char *pattern, size_t **map)
{
	ml_buf out;
	S_map m = {NULL, 0, 0};
	size_t i = 0, n, k;

	ml_buf_init(&out, (size_t)-1);
	while (pattern[i]) {
		if (pattern[i] == ' ') {
			size_t at = i;
			while (pattern[i] == ' ')
				i++;
			/* "a ?b": the quantifier applies to the whole run */
			if (S_is_quantifier(pattern[i]))
				S_emit(&out, &m, "(?:\\s+)", 7, at);
			else
				S_emit(&out, &m, "\\s+", 3, at);
			continue;
		}
		n = S_verbatim_len(pattern + i);
		if (n == 0)
			n = 1;
		S_emit(&out, &m, pattern + i, n, i);
		for (k = 1; k < n; k++)
			m.v[m.n - n + k] = i + k;
		i += n;
	}
	S_emit(&out, &m, "", 0, i); /* room for the end */
	m.v[m.n] = i; /* the end maps to the end */
	*map = m.v;
	return ml_buf_detach(&out, NULL);
}

char *ml_rx__rewrite(const char *pattern)
{
	size_t *map;
	char *s = ml_rx__rewrite_map(pattern, &map);

	free(map);
	return s;
}

