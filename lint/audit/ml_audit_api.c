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
	ml_audit_shard_fn fn;
	void *ctx;
	int spool_error;
} S_shard;

static void S_shard_add(void *ctx, const ml_audit_doc *d,
                        unsigned long line)
{
	S_shard *s = ctx;

	if (s->fn)
		s->fn(s->ctx, d->path, line, d->ok);
	if (ml_audit_add(s->a, d) < 0)
		s->spool_error = 1;
}

static void S_shard_skipped(void *ctx, const ml_skipped *sk)
{
	ml_audit_add_skipped(((S_shard *)ctx)->a, sk);
}

int ml_audit_add_jsonl(ml_audit *a, FILE *f, const char *name,
                       const ml_rules *rs, ml_audit_shard_fn fn, void *ctx,
                       ml_error *err)
{
	ml_audit_jsonl_sink sink;
	S_shard s;

	s.a = a;
	s.fn = fn;
	s.ctx = ctx;
	s.spool_error = 0;
	sink.add = S_shard_add;
	sink.skipped = S_shard_skipped;
	sink.ctx = &s;
	if (ml_audit_jsonl_read(f, name, rs, &sink, err) < 0)
		return -1;
	return s.spool_error ? -1 : 0;
}

static const char *const S_names[ML_AUDIT__FILES] = {
	"audit.html", "audit.csv", "audit.json", "memo.md", "memo.html",
	"memo.docx",
};

const char *ml_audit_file_name(ml_audit_file f)
{
	return (unsigned)f < ML_AUDIT__FILES ? S_names[f] : "";
}

int ml_audit_write(ml_audit *a, ml_audit_file f, const ml_rules *rs,
                   const ml_memo_opts *memo, FILE *out)
{
	static const ml_memo_format memos[] = {
		[ML_AUDIT_MEMO_MD] = ML_MEMO_MARKDOWN,
		[ML_AUDIT_MEMO_HTML] = ML_MEMO_HTML,
		[ML_AUDIT_MEMO_DOCX] = ML_MEMO_DOCX,
	};
	ml_memo_opts none;

	switch (f) {
	case ML_AUDIT_HTML: return ml_audit_write_html(a, out);
	case ML_AUDIT_CSV: return ml_audit_write_csv(a, out);
	case ML_AUDIT_JSON: return ml_audit_write_json(a, out);
	case ML_AUDIT_MEMO_MD: case ML_AUDIT_MEMO_HTML: case ML_AUDIT_MEMO_DOCX:
		if (!memo) {
			ml_memo_opts_default(&none);
			memo = &none;
		}
		return ml_audit_write_memo(a, ml_audit_memo(a), rs, memo,
		                           memos[f], out);
	default: return -1;
	}
}
