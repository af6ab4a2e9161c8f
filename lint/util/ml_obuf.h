/* ml_obuf.h - a small output buffer on the caller's stack.
 *
 * A writer composes one line (or one JSON token) in it and hands it to
 * stdio in one call: every stdio call takes the stream's lock and costs
 * far more than the few bytes it copies, and extract and check write a
 * line or more for every paragraph. Nothing outlives the caller: flush
 * before returning (and before writing to the stream any other way), so
 * the bytes reach the stream in the order they were put.
 */
#ifndef ML_OBUF_H
#define ML_OBUF_H

#include <stdio.h>
#include <string.h>

typedef struct ml_obuf {
	FILE *f;
	size_t n;     /* bytes held */
	char b[1024];
} ml_obuf;

static inline void ml_obuf_init(ml_obuf *o, FILE *f)
{
	o->f = f;
	o->n = 0;
}

static inline void ml_obuf_flush(ml_obuf *o)
{
	if (o->n)
		fwrite(o->b, 1, o->n, o->f);
	o->n = 0;
}

static inline void ml_obuf_put(ml_obuf *o, const char *s, size_t len)
{
	if (len > sizeof o->b - o->n) {
		ml_obuf_flush(o);
		if (len > sizeof o->b) { /* long text: straight through */
			fwrite(s, 1, len, o->f);
			return;
		}
	}
	memcpy(o->b + o->n, s, len);
	o->n += len;
}

static inline void ml_obuf_puts(ml_obuf *o, const char *s)
{
	ml_obuf_put(o, s, strlen(s));
}

static inline void ml_obuf_putc(ml_obuf *o, char c)
{
	if (o->n == sizeof o->b)
		ml_obuf_flush(o);
	o->b[o->n++] = c;
}

/* n in decimal (printf parses its format on every call). */
static inline void ml_obuf_uint(ml_obuf *o, unsigned long long n)
{
	char d[24];
	size_t k = sizeof d;

	do
		d[--k] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	ml_obuf_put(o, d + k, sizeof d - k);
}

#endif
