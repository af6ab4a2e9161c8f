/* ml_audit_api.c - the audit as marklint.h gives it to callers: summaries
 * on the heap, shards of `check --format jsonl`, and the five files by
 * name. */
#include "ml_audit.h"
#include "ml_memo.h"

#include <stdlib.h>

ml_audit_doc *ml_audit_doc_new(const ml_result *r)
{
	ml_audit_doc *d = ml_xmalloc(sizeof *d);

	ml_audit_doc_from_result(d, r);
	return d;
}

void ml_audit_doc_free(ml_audit_doc *d)
{
	if (!d)
		return;
	ml_audit_doc_clear(d);
	free(d);
}

typedef struct S_shard {
	ml_audit *a;
	size_t *unreadable;
	int spool_error;
} S_shard;

static void S_shard_add(void *ctx, const ml_audit_doc *d)
{
	S_shard *s = ctx;

	if (!d->ok)
		(*s->unreadable)++;
	if (ml_audit_add(s->a, d) < 0)
		s->spool_error = 1;
}

int ml_audit_add_jsonl(ml_audit *a, FILE *f, const char *name,
                       const ml_rules *rs, size_t *unreadable,
                       ml_error *err)
{
	S_shard s;
	size_t none = 0;

	s.a = a;
	s.unreadable = unreadable ? unreadable : &none;
	s.spool_error = 0;
	if (ml_audit_jsonl_read(f, name, rs, S_shard_add, &s, err) < 0)
		return -1;
	return s.spool_error ? -1 : 0;
}

static const char *const S_names[ML_AUDIT__FILES] = {
	"audit.html", "audit.csv", "audit.json", "memo.md", "memo.html",
};

const char *ml_audit_file_name(ml_audit_file f)
{
	return (unsigned)f < ML_AUDIT__FILES ? S_names[f] : "";
}

int ml_audit_write(ml_audit *a, ml_audit_file f, FILE *out)
{
	switch (f) {
	case ML_AUDIT_HTML: return ml_audit_write_html(a, out);
	case ML_AUDIT_CSV: return ml_audit_write_csv(a, out);
	case ML_AUDIT_JSON: return ml_audit_write_json(a, out);
	case ML_AUDIT_MEMO_MD:
		return ml_memo_write(ml_audit_memo(a), ML_MEMO_MARKDOWN, out);
	case ML_AUDIT_MEMO_HTML:
		return ml_memo_write(ml_audit_memo(a), ML_MEMO_HTML, out);
	default: return -1;
	}
}
