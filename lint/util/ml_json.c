/* ml_json.c - streaming JSON writer. */
#include "ml_json.h"
#include "marklint.h"

#include <inttypes.h>
#include <string.h>

void ml_json_init(ml_json *j, FILE *out, int pretty)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->pretty = pretty;
}

static void S_newline(ml_json *j)
{
	int i;

	if (!j->pretty)
		return;
	fputc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Separator and indentation before a value or a key. */
static void S_before(ml_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->count[j->depth])
		fputc(',', j->out);
	j->count[j->depth] = 1;
	S_newline(j);
}

static void S_open(ml_json *j, char c)
{
	S_before(j);
	fputc(c, j->out);
	if (j->depth < ML_JSON_MAX_DEPTH - 1)
		j->depth++;
	j->count[j->depth] = 0;
}

static void S_close(ml_json *j, char c)
{
	int had = j->count[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had)
		S_newline(j);
	fputc(c, j->out);
}

void ml_json_object(ml_json *j) { S_open(j, '{'); }
void ml_json_object_end(ml_json *j) { S_close(j, '}'); }
void ml_json_array(ml_json *j) { S_open(j, '['); }
void ml_json_array_end(ml_json *j) { S_close(j, ']'); }

void ml_json_write_string(FILE *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(s + start, 1, i - start, out);
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
		fputs(esc, out);
	}
	fwrite(s + start, 1, len - start, out);
	fputc('"', out);
}

void ml_json_key(ml_json *j, const char *key)
{
	S_before(j);
	ml_json_write_string(j->out, key, strlen(key));
	fputs(j->pretty ? ": " : ":", j->out);
	j->after_key = 1;
}

void ml_json_strn(ml_json *j, const char *s, size_t len)
{
	S_before(j);
	ml_json_write_string(j->out, s, len);
}

void ml_json_str(ml_json *j, const char *s)
{
	ml_json_strn(j, s, strlen(s));
}

void ml_json_int(ml_json *j, int64_t v)
{
	S_before(j);
	fprintf(j->out, "%" PRId64, v);
}

void ml_json_fixed2(ml_json *j, double v)
{
	S_before(j);
	fprintf(j->out, "%.2f", v);
}

void ml_json_bool(ml_json *j, int v)
{
	S_before(j);
	fputs(v ? "true" : "false", j->out);
}

void ml_json_null(ml_json *j)
{
	S_before(j);
	fputs("null", j->out);
}

void ml_json_kv_str(ml_json *j, const char *key, const char *s)
{
	ml_json_key(j, key);
	ml_json_str(j, s);
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
