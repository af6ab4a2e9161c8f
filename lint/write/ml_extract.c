/* ml_extract.c - the portions of documents as `marklint extract` writes
 * them (marklint.h, ml_portions_writer): one line per portion, or JSON. */
#include "ml_check.h"
#include "ml_json.h"
#include "ml_obuf.h"
#include "ml_writers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether each distinct portion mark is in register form, remembered:
 * judging a mark (ml_check_mark_valid) reads it with the whole marking
 * grammar, which was a third of extract's time, and documents repeat the
 * same few marks. Direct-mapped by a hash of the mark's bytes. */
#define S_VALID_SLOTS 256
#define S_VALID_MARK 48 /* longer marks are judged every time */

typedef struct S_valid {
	char mark[S_VALID_MARK];
	unsigned char len; /* 0: empty slot */
	unsigned char valid;
} S_valid;

static int S_mark_valid(S_valid *cache, const char *mark, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;
	S_valid *v;

	if (len == 0 || len >= S_VALID_MARK)
		return ml_check_mark_valid(mark, len);
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)mark[i]) * 16777619u;
	v = &cache[h % S_VALID_SLOTS];
	if (v->len != len || memcmp(v->mark, mark, len) != 0) {
		memcpy(v->mark, mark, len);
		v->len = (unsigned char)len;
		v->valid = (unsigned char)ml_check_mark_valid(mark, len);
	}
	return v->valid;
}

/* Text lines are one per portion, so newlines and backslashes in the text
 * are escaped: "\n" and "\\". Both are rare: memchr finds the next of
 * each, rather than a test of every byte. */
static void S_text_escaped(ml_obuf *o, const char *s, size_t len)
{
	const char *end = s + len, *q;
	const char *nl = memchr(s, '\n', len), *bs = memchr(s, '\\', len);

	while (nl || bs) {
		q = !bs || (nl && nl < bs) ? nl : bs;
		ml_obuf_put(o, s, (size_t)(q - s));
		ml_obuf_put(o, *q == '\n' ? "\\n" : "\\\\", 2);
		s = q + 1;
		if (q == nl)
			nl = memchr(s, '\n', (size_t)(end - s));
		else
			bs = memchr(s, '\\', (size_t)(end - s));
	}
	ml_obuf_put(o, s, (size_t)(end - s));
}

/* "  in: KIND ID" and the like: a label, a link kind and an ID. */
static void S_put_link(ml_obuf *o, const char *label, const ml_link *l)
{
	ml_obuf_puts(o, label);
	ml_obuf_puts(o, ml_link_kind_name(l->kind));
	ml_obuf_putc(o, ' ');
	ml_obuf_puts(o, l->id);
}

/* One portion: "PATH: PART:PARAGRAPH: TEXT" and its detail lines,
 * composed in a buffer and handed to stdio at once: extract is held to
 * the cost of the bare parse (bench/run-bench.py). */
static void S_text_portion(FILE *out, S_valid *cache, const char *path,
                           const ml_portion *p)
{
	ml_obuf o;
	size_t i;

	ml_obuf_init(&o, out);
	ml_obuf_puts(&o, path);
	ml_obuf_put(&o, ": ", 2);
	ml_obuf_puts(&o, p->part);
	ml_obuf_putc(&o, ':');
	ml_obuf_uint(&o, (unsigned)p->paragraph);
	ml_obuf_put(&o, ": ", 2);
	S_text_escaped(&o, p->text, p->len);
	ml_obuf_putc(&o, '\n');
	if (p->mark_len) {
		ml_obuf_puts(&o, "  mark: ");
		ml_obuf_put(&o, p->text + p->mark_off, p->mark_len);
		if (!S_mark_valid(cache, p->text + p->mark_off, p->mark_len))
			ml_obuf_puts(&o, " (not in register form)");
		ml_obuf_putc(&o, '\n');
	}
	if (p->section) {
		ml_obuf_puts(&o, "  section: ");
		ml_obuf_puts(&o, p->section);
		ml_obuf_putc(&o, '\n');
	}
	if (p->nrefs) {
		ml_obuf_puts(&o, "  refs:");
		for (i = 0; i < p->nrefs; i++)
			S_put_link(&o, i ? ", " : " ", &p->refs[i]);
		ml_obuf_putc(&o, '\n');
	}
	if (p->owner.kind != ML_LINK_NONE) {
		S_put_link(&o, "  in: ", &p->owner);
		ml_obuf_putc(&o, '\n');
	}
	ml_obuf_flush(&o);
	if (p->nattrs) {
		fputs("  attrs:", out);
		for (i = 0; i < p->nattrs; i++) {
			fprintf(out, " %s=", p->attrs[i].name);
			ml_json_write_string(out, p->attrs[i].value,
			                     strlen(p->attrs[i].value));
		}
		fputc('\n', out);
	}
}

static void S_json_link(ml_json *j, const ml_link *l)
{
	ml_json_object(j);
	ml_json_kv_str(j, "kind", ml_link_kind_name(l->kind));
	ml_json_kv_str(j, "id", l->id);
	ml_json_object_end(j);
}

static void S_json_portion(ml_json *j, S_valid *cache, const ml_portion *p)
{
	size_t i;

	ml_json_object(j);
	ml_writer__json_place(j, p, p->line);
	ml_json_key(j, "text");
	ml_json_strn(j, p->text, p->len);
	if (p->mark_len) {
		ml_json_key(j, "mark");
		ml_json_strn(j, p->text + p->mark_off, p->mark_len);
		ml_json_key(j, "mark_valid");
		ml_json_bool(j, S_mark_valid(cache, p->text + p->mark_off,
		                             p->mark_len));
	}
	if (p->section)
		ml_json_kv_str(j, "section", p->section);
	if (p->nrefs) {
		ml_json_key(j, "refs");
		ml_json_array(j);
		for (i = 0; i < p->nrefs; i++)
			S_json_link(j, &p->refs[i]);
		ml_json_array_end(j);
	}
	if (p->owner.kind != ML_LINK_NONE) {
		ml_json_key(j, "owner");
		S_json_link(j, &p->owner);
	}
	if (p->nattrs) {
		ml_json_key(j, "attributes");
		ml_json_object(j);
		for (i = 0; i < p->nattrs; i++)
			ml_json_kv_str(j, p->attrs[i].name, p->attrs[i].value);
		ml_json_object_end(j);
	}
	ml_json_object_end(j);
}

static void S_json_doc(ml_json *j, S_valid *cache, const char *path,
                       const ml_doc *doc, const ml_error *err)
{
	size_t i, n;
	int k;

	ml_json_object(j);
	ml_json_kv_str(j, "path", path);
	if (!doc) {
		ml_writer__json_error(j, err);
		ml_json_object_end(j);
		return;
	}
	ml_json_kv_str(j, "format", ml_format_name(ml_doc_format(doc)));
	ml_json_kv_str(j, "status", "ok");
	ml_json_key(j, "metadata");
	ml_json_object(j);
	for (k = 0; k < ML_META__COUNT; k++)
		if (ml_doc_meta(doc, (ml_meta_key)k))
			ml_json_kv_str(j, ml_meta_key_name((ml_meta_key)k),
			               ml_doc_meta(doc, (ml_meta_key)k));
	ml_json_object_end(j);
	ml_json_key(j, "portions");
	ml_json_array(j);
	n = ml_doc_portion_count(doc);
	for (i = 0; i < n; i++)
		S_json_portion(j, cache, ml_doc_portion(doc, i));
	ml_json_array_end(j);
	ml_json_object_end(j);
}

struct ml_portions_writer {
	FILE *out;
	int json;
	ml_json j;
	S_valid valid[S_VALID_SLOTS];
};

ml_portions_writer *ml_portions_writer_new(FILE *out, int json)
{
	ml_portions_writer *w = ml_xcalloc(1, sizeof *w);

	w->out = out;
	w->json = json;
	if (!json)
		return w;
	ml_json_init(&w->j, out, 1);
	ml_json_documents_head(&w->j);
	return w;
}

void ml_portions_writer_add(ml_portions_writer *w, const char *path,
                            const ml_doc *doc, const ml_error *err)
{
	size_t k, n;

	if (w->json) {
		S_json_doc(&w->j, w->valid, path, doc, err);
		return;
	}
	if (!doc)
		return; /* the caller's error line says why */
	n = ml_doc_portion_count(doc);
	for (k = 0; k < n; k++)
		S_text_portion(w->out, w->valid, path, ml_doc_portion(doc, k));
}

int ml_portions_writer_finish(ml_portions_writer *w)
{
	int rc;

	if (w->json) {
		ml_json_array_end(&w->j);
		ml_json_object_end(&w->j);
		ml_json_end(&w->j);
	}
	rc = ferror(w->out) ? -1 : 0;
	free(w);
	return rc;
}
