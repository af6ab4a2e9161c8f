/* ml_audit_memo.c - the audit's summaries into the review memorandum for
 * the whole set (ml_memo.h): the same facts whether the audit read the
 * documents or shards of `marklint check --format jsonl`. */
#include "ml_audit.h"
#include "ml_buf.h"
#include "ml_memo.h"

#include <stdlib.h>
#include <string.h>

/* NULL for "" (the summaries use "" for absent). */
static const char *S_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static void S_mark_fields(ml_memo_item *it, const ml_audit_mark *m)
{
	it->marking_id = S_or_null(m->id);
	it->kind = S_or_null(m->kind);
	it->form = S_or_null(m->form);
	it->marking = S_or_null(m->text);
	it->status = S_or_null(m->status);
	it->citation = S_or_null(m->citation);
	it->where = S_or_null(m->where);
	it->blanket = *m->blanket != '\0';
	it->excerpt = S_or_null(m->context);
	it->part = S_or_null(m->part);
	it->paragraph = m->paragraph;
}

void ml_audit_doc_to_memo(const ml_audit_doc *d, ml_memo *m)
{
	ml_memo_doc md;
	ml_memo_item it;
	ml_error err;
	char *seen;
	size_t i;

	if (!d->ok) {
		memset(&err, 0, sizeof err);
		err.status = ML_EFORMAT;
		snprintf(err.code, sizeof err.code, "%s", d->err_code);
		snprintf(err.message, sizeof err.message, "%s",
		         d->err_message);
		ml_memo_add_unreadable(m, d->path, &err);
		return;
	}
	memset(&md, 0, sizeof md);
	md.path = d->path;
	md.title = d->title;
	md.portions = d->portions;
	ml_memo_add_document(m, &md);
	seen = ml_xcalloc(d->nmarks ? d->nmarks : 1, 1); /* freed below */
	for (i = 0; i < d->nfindings; i++) {
		const ml_audit_finding *f = &d->findings[i];
		memset(&it, 0, sizeof it);
		if (f->marking >= 0 && (size_t)f->marking < d->nmarks) {
			S_mark_fields(&it, &d->marks[f->marking]);
			seen[f->marking] = 1;
		}
		it.rule = S_or_null(f->rule);
		it.severity = f->severity;
		it.disposition = S_or_null(f->disposition);
		it.message = S_or_null(f->message);
		it.authority = S_or_null(f->authority);
		it.part = S_or_null(f->part);
		it.paragraph = f->paragraph;
		it.suggestion = S_or_null(f->suggestion);
		it.suppressed = f->suppressed;
		it.justification = S_or_null(f->justification);
		ml_memo_add_item(m, &it);
	}
	for (i = 0; i < d->nmarks; i++) {
		if (seen[i])
			continue;
		memset(&it, 0, sizeof it);
		S_mark_fields(&it, &d->marks[i]);
		ml_memo_add_item(m, &it);
	}
	free(seen);
}
