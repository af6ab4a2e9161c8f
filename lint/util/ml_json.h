/* ml_json.h - a small streaming JSON writer (for every JSON output).
 *
 * It writes as it goes (nothing is buffered but stdio's buffer), so memory
 * stays flat however large the report. Nesting is bounded by
 * ML_JSON_MAX_DEPTH; strings must be UTF-8 (they are escaped for JSON).
 */
#ifndef ML_JSON_H
#define ML_JSON_H

#include <stdint.h>
#include <stdio.h>

#define ML_JSON_MAX_DEPTH 32

typedef struct ml_json {
	FILE *out;
	int pretty;  /* indent by two spaces, one member per line */
	int depth;
	unsigned char count[ML_JSON_MAX_DEPTH]; /* members so far (0/1+) */
	int after_key;
} ml_json;

void ml_json_init(ml_json *j, FILE *out, int pretty);
void ml_json_object(ml_json *j);     /* { */
void ml_json_object_end(ml_json *j); /* } */
void ml_json_array(ml_json *j);      /* [ */
void ml_json_array_end(ml_json *j);  /* ] */
void ml_json_key(ml_json *j, const char *key);
void ml_json_str(ml_json *j, const char *s);
void ml_json_strn(ml_json *j, const char *s, size_t len);
void ml_json_int(ml_json *j, int64_t v);
void ml_json_bool(ml_json *j, int v);
/* A number with two decimals ("0.85"): a confidence. */
void ml_json_fixed2(ml_json *j, double v);
void ml_json_null(ml_json *j);
/* key + value in one call */
void ml_json_kv_str(ml_json *j, const char *key, const char *s);
void ml_json_kv_int(ml_json *j, const char *key, int64_t v);
/* {"tool": {"name": "marklint", "version": ...}, "documents": [ : the
 * head of every JSON document marklint writes (reports, extract). */
void ml_json_documents_head(ml_json *j);
/* Ends a top-level value with a newline. */
void ml_json_end(ml_json *j);

/* Writes s as a JSON string literal (with quotes) to out. */
void ml_json_write_string(FILE *out, const char *s, size_t len);

#endif
