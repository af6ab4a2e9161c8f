/* ml_json.c - streaming JSON writer. */
#include "ml_json.h"
#include "marklint.h"
#include "ml_obuf.h"

#include <inttypes.h>
#include <string.h>

void ml_json_init(ml_json *j, FILE *out, int pretty)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->pretty = pretty;
}

/* Each call composes its bytes in an ml_obuf and hands them to stdio at
 * once: a report writes several tokens for every finding, and a stdio
 * call for each (with the indentation two spaces at a time) was most of
 * the cost of writing JSON. */

static void S_newline(ml_json *j, ml_obuf *o)
{
	int i;

	if (!j->pretty)
		return;
	ml_obuf_putc(o, '\n');
	for (i = 0; i < j->depth; i++)
		ml_obuf_put(o, "  ", 2);
}

/* Separator and indentation before a value or a key. */
static void S_before(ml_json *j, ml_obuf *o)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->count[j->depth])
		ml_obuf_putc(o, ',');
	j->count[j->depth] = 1;
	S_newline(j, o);
}

static void S_open(ml_json *j, char c)
{
	ml_obuf o;

	ml_obuf_init(&o, j->out);
	S_before(j, &o);
	ml_obuf_putc(&o, c);
	ml_obuf_flush(&o);
	if (j->depth < ML_JSON_MAX_DEPTH - 1)
		j->depth++;
	j->count[j->depth] = 0;
}

static void S_close(ml_json *j, char c)
{
	int had = j->count[j->depth];
	ml_obuf o;

	ml_obuf_init(&o, j->out);
	if (j->depth > 0)
		j->depth--;
	if (had)
		S_newline(j, &o);
	ml_obuf_putc(&o, c);
	ml_obuf_flush(&o);
}

void ml_json_object(ml_json *j) { S_open(j, '{'); }
void ml_json_object_end(ml_json *j) { S_close(j, '}'); }
void ml_json_array(ml_json *j) { S_open(j, '['); }
void ml_json_array_end(ml_json *j) { S_close(j, ']'); }

static void S_string(ml_obuf *o, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	ml_obuf_putc(o, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		ml_obuf_put(o, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		}
		ml_obuf_puts(o, esc);
	}
	ml_obuf_put(o, s + start, len - start);
	ml_obuf_putc(o, '"');
}

void ml_json_write_string(FILE *out, const char *s, size_t len)
{
	ml_obuf o;

	ml_obuf_init(&o, out);
	S_string(&o, s, len);
	ml_obuf_flush(&o);
}

static void S_key(ml_json *j, ml_obuf *o, const char *key)
{
	S_before(j, o);
	S_string(o, key, strlen(key));
	if (j->pretty)
		ml_obuf_put(o, ": ", 2);
	else
		ml_obuf_putc(o, ':');
	j->after_key = 1;
}

void ml_json_key(ml_json *j, const char *key)
{
	ml_obuf o;

	ml_obuf_init(&o, j->out);
	S_key(j, &o, key);
	ml_obuf_flush(&o);
}

void ml_json_strn(ml_json *j, const char *s, size_t len)
{
	ml_obuf o;

	ml_obuf_init(&o, j->out);
	S_before(j, &o);
	S_string(&o, s, len);
	ml_obuf_flush(&o);
}

void ml_json_str(ml_json *j, const char *s)
{
	ml_json_strn(j, s, strlen(s));
}

/* A value already formatted: a number, true, false or null. */
static void S_scalar(ml_json *j, const char *v, size_t len)
{
	ml_obuf o;

	ml_obuf_init(&o, j->out);
	S_before(j, &o);
	ml_obuf_put(&o, v, len);
	ml_obuf_flush(&o);
}

void ml_json_int(ml_json *j, int64_t v)
{
	char d[32];
	int n = snprintf(d, sizeof d, "%" PRId64, v);

	S_scalar(j, d, (size_t)n);
}

void ml_json_fixed2(ml_json *j, double v)
{
	char d[320]; /* DBL_MAX has 309 digits */
	int n = snprintf(d, sizeof d, "%.2f", v);

	S_scalar(j, d, n < 0 ? 0 : (size_t)n);
}

void ml_json_bool(ml_json *j, int v)
{
	S_scalar(j, v ? "true" : "false", v ? 4 : 5);
}

void ml_json_null(ml_json *j)
{
	S_scalar(j, "null", 4);
}

void ml_json_kv_str(ml_json *j, const char *key, const char *s)
{
	ml_obuf o;

	ml_obuf_init(&o, j->out);
	S_key(j, &o, key);
	S_before(j, &o);
	S_string(&o, s, strlen(s));
	ml_obuf_flush(&o);
}

void ml_json_kv_int(ml_json *j, const char *key, int64_t v)
{
	ml_json_key(j, key);
	ml_json_int(j, v);
}

void ml_json_end(ml_json *j)
{
	fputc('\n', j->out);
}

void ml_json_documents_head(ml_json *j)
{
	ml_json_object(j);
	ml_json_key(j, "tool");
	ml_json_object(j);
	ml_json_kv_str(j, "name", "marklint");
	ml_json_kv_str(j, "version", ml_version());
	ml_json_object_end(j);
	ml_json_key(j, "documents");
	ml_json_array(j);
}
