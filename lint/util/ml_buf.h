/* ml_buf.h - the one growable byte buffer, with a mandatory size cap.
 *
 * Every buffer that holds input (an inflated part, a paragraph) has a cap, so
 * a hostile document hits a limit instead of exhausting memory. Reaching the
 * cap is an error the caller reports; running out of memory aborts
 * (ml_xmalloc). The content is always NUL-terminated.
 */
#ifndef ML_BUF_H
#define ML_BUF_H

#include "marklint.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct ml_buf {
	char *ptr;    /* NUL-terminated; points at a static "" while empty */
	size_t size;  /* bytes used, without the NUL */
	size_t asize; /* bytes allocated (0 while ptr is the static "") */
	size_t cap;   /* the most bytes it may hold */
} ml_buf;

/* A buffer that may grow to cap bytes. Owns nothing until the first
 * append; release with ml_buf_free. */
void ml_buf_init(ml_buf *b, size_t cap);
void ml_buf_free(ml_buf *b);
void ml_buf_clear(ml_buf *b); /* size 0, memory kept */

/* Append; return 0, or -1 (and append nothing) when the cap would be
 * exceeded. */
int ml_buf_put(ml_buf *b, const void *data, size_t len);
int ml_buf_puts(ml_buf *b, const char *s);
int ml_buf_putc(ml_buf *b, char c);
int ml_buf_printf(ml_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ml_buf_vprintf(ml_buf *b, const char *fmt, va_list ap);

/* Writes s[0..n) to out on one line: control characters (C0, DEL, C1,
 * terminal escapes among them) become spaces. Text from documents is
 * untrusted. */
void ml_fput_clean(FILE *out, const char *s, size_t n);

/* Hands the content to the caller (free() it) and empties the buffer. */
char *ml_buf_detach(ml_buf *b, size_t *len);

/* Distinct names, each kept once: the names of the files a rule set or
 * a set of lanes was loaded from, which what was loaded points into.
 * Zeroed: empty. */
typedef struct ml_names {
	char **v;  /* owned, each */
	size_t n;
} ml_names;

/* The copy of name kept in ns (made when it is new; owned by ns, lives
 * until ml_names_free). */
const char *ml_names_keep(ml_names *ns, const char *name);
void ml_names_free(ml_names *ns);

/* Allocation that never returns NULL (ml_xmalloc, ml_xcalloc,
 * ml_xrealloc, ml_xstrdup, ml_xstrndup) and the growing of arrays
 * (ML_VEC_GROW): marklint.h. */

#endif
