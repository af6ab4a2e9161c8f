/* ml_norm.c - the text normalisation of MARKINGS.md 3. */
#include "ml_doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What a code point becomes in normalised text. */
typedef enum { K_KEEP, K_SPACE, K_NEWLINE, K_DROP, K_SLASH, K_DASH } S_kind;

typedef struct {
	uint32_t lo, hi;
	S_kind kind;
} S_range;

/* Sorted, non-overlapping ranges of code points that normalisation
 * changes; everything else is kept. */
static const S_range S_ranges[] = {
	{0x0000, 0x0008, K_DROP},     {0x0009, 0x0009, K_SPACE},
	{0x000A, 0x000A, K_NEWLINE},  {0x000B, 0x000D, K_SPACE},
	{0x000E, 0x001F, K_DROP},     {0x0020, 0x0020, K_SPACE},
	{0x007F, 0x007F, K_DROP},     {0x0085, 0x0085, K_NEWLINE},
	{0x00A0, 0x00A0, K_SPACE},    {0x00AD, 0x00AD, K_DROP},
	{0x1680, 0x1680, K_SPACE},    {0x180E, 0x180E, K_DROP},
	{0x2000, 0x200A, K_SPACE},    {0x200B, 0x200F, K_DROP},
	{0x2010, 0x2015, K_DASH},     {0x2028, 0x2029, K_NEWLINE},
	{0x202F, 0x202F, K_SPACE},    {0x2044, 0x2044, K_SLASH},
	{0x205F, 0x205F, K_SPACE},    {0x2060, 0x2064, K_DROP},
	{0x2212, 0x2212, K_DASH},     {0x2215, 0x2215, K_SLASH},
	{0x29F8, 0x29F8, K_SLASH},    {0x3000, 0x3000, K_SPACE},
	{0xFE58, 0xFE58, K_DASH},     {0xFE63, 0xFE63, K_DASH},
	{0xFEFF, 0xFEFF, K_DROP},     {0xFF0D, 0xFF0D, K_DASH},
	{0xFF0F, 0xFF0F, K_SLASH},
};

static S_kind S_classify(uint32_t cp)
{
	size_t lo = 0, hi = sizeof S_ranges / sizeof S_ranges[0];

	if (cp > 0x20 && cp < 0x7F)
		return K_KEEP; /* fast path: printable ASCII */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < S_ranges[mid].lo)
			hi = mid;
		else if (cp > S_ranges[mid].hi)
			lo = mid + 1;
		else
			return S_ranges[mid].kind;
	}
	return K_KEEP;
}

/* Writes at out + o the white space pending before a character (the
 * newlines kept, else one space) and clears it; returns the new o. */
static inline size_t S_separate(char *out, size_t o, size_t *newlines,
                                int *space)
{
	if (*newlines) {
		memset(out + o, '\n', *newlines);
		o += *newlines;
	} else if (*space) {
		out[o++] = ' ';
	}
	*newlines = 0;
	*space = 0;
	return o;
}

/* Whether a space at in[k] (k < n) stays as it is: a printable ASCII
 * byte other than a space follows it (else it is trimmed, collapsed or
 * swallowed by a newline). */
static int S_space_kept(const unsigned char *in, size_t n, size_t k)
{
	return k + 1 < n && in[k + 1] > 0x20 && in[k + 1] < 0x7F;
}

/* The bytes of in[0..n), in whole 8-byte words from the start, that
 * normalisation leaves as they are, given that nothing is pending before
 * them and the byte before is not white space: printable ASCII and single
 * spaces, a space at the end of a word only when the byte after it is
 * printable (the next byte decides what becomes of it). Most of any text,
 * taken a word at a time. */
static size_t S_verbatim(const unsigned char *in, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
	const uint64_t lows = ~highs;
	uint64_t w, t, sp;
	size_t k;

	for (k = 0; n - k >= 8 &&
	            (in[k + 7] != ' ' || S_space_kept(in, n, k + 7));
	     k += 8) {
		memcpy(&w, in + k, 8);
		/* a byte below 0x20, or above 0x7E */
		if (((w - ones * 0x20) & ~w & highs) |
		    (((w + ones) | w) & highs))
			break;
		/* the spaces, as the high bit of their byte (exact: no
		 * carry crosses a byte); two side by side collapse */
		t = w ^ (ones * 0x20);
		sp = ~(((t & lows) + lows) | t | lows);
		if (sp & (sp << 8))
			break;
	}
	return k;
}

/* Writes the normalised form of in[0..len) to out, which has room for len
 * bytes (normalisation never lengthens text). Returns the new length, or
 * (size_t)-1 for invalid UTF-8. Pending white space is written only when
 * something follows, which trims and collapses in one pass; a newline
 * swallows the spaces around it. */
static size_t S_normalize_into(const unsigned char *in, size_t len, char *out)
{
	size_t i = 0, o = 0, n, newlines = 0;
	int space = 0;
	uint32_t cp;
	S_kind kind;

	while (i < len) {
		if (out + o == (const char *)in + i && !space && !newlines &&
		    (o > 0 || in[i] != ' ') &&
		    (n = S_verbatim(in + i, len - i)) > 0) {
			/* in place and unchanged so far: nothing to copy */
			i += n;
			o += n;
			continue;
		}
		if (in[i] > 0x20 && in[i] < 0x7F) {
			/* a run of printable ASCII, most of any text: copied
			 * as one (not at all where nothing has changed yet) */
			size_t run = 1;
			while (i + run < len && in[i + run] > 0x20 &&
			       in[i + run] < 0x7F)
				run++;
			o = S_separate(out, o, &newlines, &space);
			if (out + o != (const char *)in + i)
				memmove(out + o, in + i, run);
			o += run;
			i += run;
			continue;
		}
		if (in[i] == ' ') {
			space = o > 0;
			i++;
			continue;
		}
		n = ml_utf8_decode(in + i, len - i, &cp);
		if (!n)
			return (size_t)-1;
		kind = S_classify(cp);
		if (kind == K_SPACE) {
			space = o > 0;
		} else if (kind == K_NEWLINE) {
			if (o > 0)
				newlines++; /* blank lines are kept */
		} else if (kind != K_DROP) {
			o = S_separate(out, o, &newlines, &space);
			if (kind == K_SLASH)
				out[o++] = '/';
			else if (kind == K_DASH)
				out[o++] = '-';
			else
				memmove(out + o, in + i, n), o += n;
		}
		i += n;
	}
	return o;
}

char *ml_normalize(const char *text, size_t len, size_t *outlen)
{
	char *out = ml_xmalloc(len + 1);
	size_t n = S_normalize_into((const unsigned char *)text, len, out);

	if (n == (size_t)-1) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	if (outlen)
		*outlen = n;
	return out;
}

size_t ml_norm__inplace(char *text, size_t len)
{
	/* In-place is safe: the write position never passes the read
	 * position, and each code point is read before it is written. */
	return S_normalize_into((const unsigned char *)text, len, text);
}
