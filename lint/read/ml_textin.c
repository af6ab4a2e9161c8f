/* ml_textin.c - the text and Markdown reader: decodes (UTF-8, UTF-16 with
 * a BOM), validates and splits lines; ml_lines.c and ml_markdown.c make
 * the portions. Streams: memory is the hold of one line, whatever the
 * size of the input. */
#include "ml_lines.h"
#include "ml_readers.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What the first bytes said the encoding is. */
enum { S_ENC_SNIFF, S_ENC_UTF8, S_ENC_UTF16LE, S_ENC_UTF16BE };

/* The reader's state; owned by the caller of ml_textin_new. */
struct ml_textin {
	ml_doc *doc;
	int enc;
	unsigned char head[3]; /* bytes seen while sniffing the BOM */
	int nhead;

	/* UTF-16 decoding */
	int have_byte;         /* one byte of a code unit is pending */
	unsigned char byte;
	uint32_t hi;           /* pending high surrogate, or 0 */

	/* UTF-8 validation, across chunks */
	int need;              /* continuation bytes still expected */
	unsigned char lo, up;  /* bounds of the next continuation byte */
	uint64_t seq_col;      /* column of the current sequence's lead */

	/* lines: each is held until it ends or outgrows the hold, then
	 * handed to the line sink, which builds the portions */
	ml_lines lines;
	uint64_t col;          /* bytes of the current line seen so far */
	int cr;                /* the last byte was a CR */
	int streaming;         /* the current line outgrew the hold: its
	                          head was handed, the rest streams */
	size_t nline;
	char line[ML_LINES_HOLD];
};

ml_textin *ml_textin_new(ml_doc *doc, const char *part, int markdown)
{
	ml_textin *t = ml_xmalloc(sizeof *t);

	memset(t, 0, offsetof(ml_textin, line));
	t->doc = doc;
	t->enc = S_ENC_SNIFF;
	ml_lines__init(&t->lines, doc, markdown);
	ml_doc__set_format(doc, markdown ? ML_FORMAT_MARKDOWN
	                                 : ML_FORMAT_TEXT);
	ml_doc__part(doc, part);
	return t;
}

void ml_textin_free(ml_textin *t)
{
	if (!t)
		return;
	ml_lines__free(&t->lines);
	free(t);
}

/* Ends the current line: hands it over (unless its head already was). */
static int S_eol(ml_textin *t)
{
	int r = 0;

	if (!t->streaming)
		r = ml_lines__line(&t->lines, t->line, t->nline, 1);
	t->lines.lineno++;
	t->col = 0;
	t->nline = 0;
	t->streaming = 0;
	return r;
}

/* Appends the bytes data[from, to) of the current line: held while the
 * line fits, streamed once it has outgrown the hold. */
static int S_flush_run(ml_textin *t, const char *data, size_t from,
                       size_t to)
{
	size_t n = to - from, room;
	int r;

	if (!n)
		return 0;
	if (t->streaming)
		return ml_lines__more(&t->lines, data + from, n);
	room = sizeof t->line - t->nline;
	if (n <= room) {
		memcpy(t->line + t->nline, data + from, n);
		t->nline += n;
		return 0;
	}
	memcpy(t->line + t->nline, data + from, room);
	t->nline += room;
	t->streaming = 1;
	if ((r = ml_lines__line(&t->lines, t->line, t->nline, 0)) < 0)
		return r;
	return ml_lines__more(&t->lines, data + from + room, n - room);
}

/* Checks one byte against the UTF-8 grammar (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). Returns 0, or -1 when invalid. */
static int S_utf8_byte(ml_textin *t, unsigned char c)
{
	if (t->need) {
		if (c < t->lo || c > t->up)
			return -1;
		t->need--;
		t->lo = 0x80;
		t->up = 0xBF;
		return 0;
	}
	t->seq_col = t->col;
	if (c < 0x80)
		return 0;
	t->lo = 0x80;
	t->up = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		t->need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		t->need = 2;
		if (c == 0xE0)
			t->lo = 0xA0;
		else if (c == 0xED)
			t->up = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		t->need = 3;
		if (c == 0xF0)
			t->lo = 0x90;
		else if (c == 0xF4)
			t->up = 0x8F;
	} else {
		return -1;
	}
	return 0;
}

static int S_bad_utf8(ml_textin *t)
{
	return ml_doc__fail(t->doc, ML_EFORMAT, "invalid-utf8",
	                    "invalid UTF-8 at line %u, byte %llu",
	                    (unsigned)t->lines.lineno,
	                    (unsigned long long)t->seq_col + 1);
}

/* The bytes of data[i..len) from i on, in whole 8-byte words, that are
 * all printable ASCII or a space (0x20..0x7F): nothing for the UTF-8
 * grammar or the line splitter to look at, most of any text. */
static size_t S_plain_run(const char *data, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
	size_t from = i;
	uint64_t w;

	for (; len - i >= 8; i += 8) {
		memcpy(&w, data + i, 8);
		/* a byte below 0x20, or one with its high bit set */
		if (((w - ones * 0x20) & ~w & highs) | (w & highs))
			break;
	}
	return i - from;
}

/* Feeds UTF-8 bytes: validates them and splits lines. */
static int S_feed_utf8(ml_textin *t, const char *data, size_t len)
{
	size_t i, run = 0, n;
	int r;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (!t->need && (n = S_plain_run(data, i, len)) > 0) {
			/* as the loop below would take them one by one */
			t->cr = 0;
			t->col += n;
			i += n - 1;
			continue;
		}
		if (S_utf8_byte(t, c) < 0)
			return S_bad_utf8(t);
		if (c == '\n' || c == '\r') {
			if ((r = S_flush_run(t, data, run, i)) < 0)
				return r;
			run = i + 1;
			if (c == '\n' && t->cr) {
				t->cr = 0;
				continue;
			}
			t->cr = c == '\r';
			if ((r = S_eol(t)) < 0)
				return r;
			continue;
		}
		t->cr = 0;
		t->col++;
	}
	return S_flush_run(t, data, run, len);
}

static int S_bad_utf16(ml_textin *t)
{
	return ml_doc__fail(t->doc, ML_EFORMAT, "invalid-utf16",
	                    "invalid UTF-16 (unpaired surrogate or odd length) "
	                    "at line %u", (unsigned)t->lines.lineno);
}

/* Decodes one UTF-16 code unit into out (at least 4 bytes free); returns
 * the bytes written or -1 on an unpaired surrogate. */
static int S_utf16_unit(ml_textin *t, uint32_t u, char *out)
{
	if (t->hi) {
		uint32_t hi = t->hi;

		t->hi = 0;
		if (u < 0xDC00 || u > 0xDFFF)
			return -1;
		return (int)ml_utf8_encode(0x10000 + ((hi - 0xD800) << 10) +
		                           (u - 0xDC00), out);
	}
	if (u >= 0xD800 && u <= 0xDBFF) {
		t->hi = u;
		return 0;
	}
	if (u >= 0xDC00 && u <= 0xDFFF)
		return -1;
	return (int)ml_utf8_encode(u, out);
}

/* Converts UTF-16 to UTF-8 in slices and feeds the result. */
static int S_feed_utf16(ml_textin *t, const char *data, size_t len)
{
	char out[1024];
	size_t i = 0, n = 0;
	int r;

	while (i < len) {
		unsigned char b0, b1;
		uint32_t u;
		int k;

		if (!t->have_byte) {
			t->byte = (unsigned char)data[i++];
			t->have_byte = 1;
			continue;
		}
		b0 = t->byte;
		b1 = (unsigned char)data[i++];
		t->have_byte = 0;
		u = t->enc == S_ENC_UTF16LE ? (uint32_t)(b0 | b1 << 8)
		                            : (uint32_t)(b0 << 8 | b1);
		if ((k = S_utf16_unit(t, u, out + n)) < 0) {
			if ((r = S_feed_utf8(t, out, n)) < 0)
				return r;
			return S_bad_utf16(t);
		}
		n += (size_t)k;
		if (n > sizeof out - 4) {
			if ((r = S_feed_utf8(t, out, n)) < 0)
				return r;
			n = 0;
		}
	}
	return S_feed_utf8(t, out, n);
}

static int S_feed_decoded(ml_textin *t, const char *data, size_t len)
{
	if (t->enc == S_ENC_UTF8)
		return S_feed_utf8(t, data, len);
	return S_feed_utf16(t, data, len);
}

/* Decides the encoding from the bytes held in head (final: no more bytes
 * will come), consumes the BOM and replays the rest. */
static int S_sniff_decide(ml_textin *t)
{
	static const unsigned char bom8[3] = { 0xEF, 0xBB, 0xBF };
	int skip = 0;

	t->enc = S_ENC_UTF8;
	if (t->nhead >= 2 && t->head[0] == 0xFF && t->head[1] == 0xFE) {
		t->enc = S_ENC_UTF16LE;
		skip = 2;
	} else if (t->nhead >= 2 && t->head[0] == 0xFE && t->head[1] == 0xFF) {
		t->enc = S_ENC_UTF16BE;
		skip = 2;
	} else if (t->nhead == 3 && !memcmp(t->head, bom8, 3)) {
		skip = 3;
	}
	return S_feed_decoded(t, (const char *)t->head + skip,
	                      (size_t)(t->nhead - skip));
}

/* Whether the head bytes already decide the encoding. */
static int S_sniff_done(const ml_textin *t)
{
	unsigned char c = t->head[0];

	if (c == 0xFF || c == 0xFE)
		return t->nhead >= 2;
	if (c == 0xEF)
		return t->nhead >= 3 ||
		       (t->nhead == 2 && t->head[1] != 0xBB);
	return 1;
}

int ml_textin_feed(ml_textin *t, const char *data, size_t len)
{
	int r;

	if (ml_doc__failed(t->doc))
		return ml_doc__err(t->doc)->status;
	while (t->enc == S_ENC_SNIFF && len > 0) {
		t->head[t->nhead++] = (unsigned char)*data++;
		len--;
		if (S_sniff_done(t) && (r = S_sniff_decide(t)) < 0)
			return r;
	}
	if (t->enc == S_ENC_SNIFF)
		return 0;
	return S_feed_decoded(t, data, len);
}

int ml_textin_finish(ml_textin *t)
{
	int r;

	if (ml_doc__failed(t->doc))
		return ml_doc__err(t->doc)->status;
	if (t->enc == S_ENC_SNIFF && (r = S_sniff_decide(t)) < 0)
		return r;
	if (t->have_byte || t->hi)
		return S_bad_utf16(t);
	if (t->need)
		return S_bad_utf8(t);
	if ((t->col > 0 || t->nline) && (r = S_eol(t)) < 0)
		return r;
	return ml_lines__finish(&t->lines);
}
