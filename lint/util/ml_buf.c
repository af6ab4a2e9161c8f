/* ml_buf.c - capped byte buffer and aborting allocators. */
#include "ml_buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char S_empty[1];

/* Out of memory: the message, then _exit, not exit: other threads may be
 * linting, and exit's cleanup (atexit, libxml2, stdio) would run under
 * them. What stdout holds is lost, which exit status 2 says. */
static void S_oom(void)
{
	static const char msg[] = "marklint: out of memory\n";
	ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);

	(void)w; /* nothing more to do if even this fails */
	_exit(2);
}

void *ml_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		S_oom();
	return p;
}

void *ml_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		S_oom();
	return p;
}

void *ml_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		S_oom();
	return q;
}

void *ml_vec__grow(void *items, size_t *cap, size_t need, size_t size,
                   size_t first)
{
	size_t n = *cap ? *cap : first ? first : 1;

	while (n < need) {
		if (n > SIZE_MAX / 2)
			S_oom();
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		S_oom();
	items = ml_xrealloc(items, n * size);
	*cap = n;
	return items;
}

char *ml_xstrndup(const char *s, size_t n)
{
	char *p = ml_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ml_xstrdup(const char *s)
{
	return ml_xstrndup(s, strlen(s));
}

void ml_buf_init(ml_buf *b, size_t cap)
{
	b->ptr = S_empty;
	b->size = 0;
	b->asize = 0;
	b->cap = cap;
}

void ml_buf_free(ml_buf *b)
{
	if (b->asize)
		free(b->ptr);
	ml_buf_init(b, b->cap);
}

void ml_buf_clear(ml_buf *b)
{
	b->size = 0;
	if (b->asize)
		b->ptr[0] = '\0';
}

/* Makes room for extra more bytes plus the NUL; grows by 1.5x. */
static int S_grow(ml_buf *b, size_t extra)
{
	size_t need, n;

	if (extra > b->cap || b->size > b->cap - extra)
		return -1;
	need = b->size + extra + 1;
	if (need <= b->asize)
		return 0;
	n = b->asize ? b->asize : 64;
	while (n < need)
		n = n + n / 2;
	if (b->asize) {
		b->ptr = ml_xrealloc(b->ptr, n);
	} else {
		b->ptr = ml_xmalloc(n);
		b->ptr[0] = '\0';
	}
	b->asize = n;
	return 0;
}

int ml_buf_put(ml_buf *b, const void *data, size_t len)
{
	if (len == 0)
		return 0;
	if (S_grow(b, len) < 0)
		return -1;
	memcpy(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
	return 0;
}

int ml_buf_puts(ml_buf *b, const char *s)
{
	return ml_buf_put(b, s, strlen(s));
}

int ml_buf_putc(ml_buf *b, char c)
{
	return ml_buf_put(b, &c, 1);
}

int ml_buf_vprintf(ml_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || S_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	b->size += (size_t)n;
	return 0;
}

int ml_buf_printf(ml_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = ml_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

char *ml_buf_detach(ml_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->size;
	if (b->asize) {
		p = b->ptr;
	} else {
		p = ml_xmalloc(1);
		p[0] = '\0';
	}
	ml_buf_init(b, b->cap);
	return p;
}

void ml_fput_clean(FILE *out, const char *s, size_t n)
{
	size_t i, start = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		/* C0 controls, DEL, and C1 controls (U+0080..U+009F) */
		if (c >= 0x20 && c != 0x7F && !(c == 0xC2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F))
			continue;
		fwrite(s + start, 1, i - start, out);
		fputc(' ', out);
		if (c == 0xC2)
			i++;
		start = i + 1;
	}
	fwrite(s + start, 1, n - start, out);
}

const char *ml_names_keep(ml_names *ns, const char *name)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], name) == 0)
			return ns->v[i];
	ns->v = ml_xrealloc(ns->v, (ns->n + 1) * sizeof *ns->v);
	ns->v[ns->n] = ml_xstrdup(name);
	return ns->v[ns->n++];
}

void ml_names_free(ml_names *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	ns->v = NULL;
	ns->n = 0;
}
