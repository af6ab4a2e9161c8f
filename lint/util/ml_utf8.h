/* ml_utf8.h - UTF-8 sequences as RFC 3629 has them: no overlong forms,
 * no surrogates, nothing past U+10FFFF. The one decoder of whole
 * sequences, for the readers and the normaliser (lint/read), the checker
 * and the marking reports. (The text reader validates byte by byte as
 * its input streams in: lint/read/ml_textin.c.)
 *
 * Include graph: ml_doc.h, ml_marking_report.c -> this -> libc. */
#ifndef ML_UTF8_H
#define ML_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s (n bytes left, n >= 1): its length, with the
 * code point in *cp, or 0 when it is not well-formed or cut short. */
size_t ml_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Whether s[0..len) is well-formed UTF-8. */
int ml_utf8_valid(const char *s, size_t len);
/* Encodes cp as UTF-8 into out (4 bytes at least); returns the length or 0
 * for a code point that cannot be encoded. */
size_t ml_utf8_encode(uint32_t cp, char *out);

#endif
