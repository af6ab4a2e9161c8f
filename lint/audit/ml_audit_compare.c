/* ml_audit_compare.c - `marklint audit --compare OLD/audit.json`: what is
 * new since an earlier audit, and what was fixed, by organisation.
 *
 * The earlier audit's "documents" (ml_audit__docs_json) name each
 * counted finding by document, rule and fingerprint (rule + marking +
 * paragraph text: it survives paragraphs moving). They are read once,
 * sorted, and looked up by binary search as this audit's documents are
 * added; an earlier finding matches at most as many findings as it
 * counted. What the earlier audit held and this one does not match was
 * fixed (or its document is gone); what this one holds and the earlier
 * did not is new. Memory holds the earlier audit's findings and the
 * differences, not this audit's findings. */
#include "ml_audit.h"
#include "ml_buf.h"
#include "ml_err.h"
#include "ml_json.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A finding of either audit, as the comparison lists it. */
typedef struct S_item {
	char *path, *org, *rule, *severity, *fp, *part, *disposition;
	unsigned long paragraph;
	size_t count, matched;  /* earlier findings: how many share the
	                           key, and how many this audit matched */
} S_item;

/* An organisation's counts. */
typedef struct S_org {
	char *name;
	size_t added, fixed, unchanged;
} S_org;

struct ml_audit_compare {
	char *against;          /* the earlier audit.json, as given */
	S_item *old;            /* sorted by path, rule, fingerprint */
	size_t nold;
	char **paths;           /* the earlier documents, sorted */
	unsigned char *seen;    /* by index in paths: in this audit too */
	size_t npaths;
	S_item *added;          /* new findings */
	size_t nadded, aadded;
	S_org *orgs;
	size_t norgs, aorgs;
	size_t unchanged, docs_new;
	int done;               /* fixed findings listed (finish) */
	S_item *fixed;
	size_t nfixed;
};

static char *S_dup(const char *s)
{
	return ml_xstrdup(s ? s : "");
}

/* A path as both audits name it: "./" and repeated slashes dropped. */
static char *S_path(const char *p)
{
	ml_buf b;

	ml_buf_init(&b, 1 << 16);
	while (p[0] == '.' && p[1] == '/')
		for (p += 2; *p == '/'; p++)
			;
	for (; *p; p++)
		if (!(*p == '/' && p[1] == '/'))
			ml_buf_putc(&b, *p);
	return ml_buf_detach(&b, NULL);
}

/* What a finding is matched by across audits. */
typedef struct S_key {
	const char *path, *rule, *fp;
} S_key;

static int S_key_cmp(const S_key *a, const S_item *b)
{
	int c = strcmp(a->path, b->path);

	if (!c)
		c = strcmp(a->rule, b->rule);
	return c ? c : strcmp(a->fp, b->fp);
}

static int S_item_cmp(const void *x, const void *y)
{
	const S_item *a = x;
	S_key k = {a->path, a->rule, a->fp};

	return S_key_cmp(&k, y);
}

static int S_key_item_cmp(const void *k, const void *y)
{
	return S_key_cmp(k, y);
}

static int S_str_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void S_item_free(S_item *it)
{
	free(it->path);
	free(it->org);
	free(it->rule);
	free(it->severity);
	free(it->fp);
	free(it->part);
	free(it->disposition);
}

void ml_audit_compare_free(ml_audit_compare *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nold; i++)
		S_item_free(&c->old[i]);
	for (i = 0; i < c->nadded; i++)
		S_item_free(&c->added[i]);
	for (i = 0; i < c->nfixed; i++)
		S_item_free(&c->fixed[i]);
	for (i = 0; i < c->npaths; i++)
		free(c->paths[i]);
	for (i = 0; i < c->norgs; i++)
		free(c->orgs[i].name);
	free(c->old);
	free(c->added);
	free(c->fixed);
	free(c->paths);
	free(c->seen);
	free(c->orgs);
	free(c->against);
	free(c);
}

static const char *S_str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads one earlier document; NULL, or what is wrong. */
static const char *S_load_doc(ml_audit_compare *c, const json_t *d,
                              size_t *cap)
{
	const json_t *fs = json_object_get(d, "findings");
	const char *path = S_str(d, "path"), *org = S_str(d, "organisation");
	size_t i;

	if (!path || !json_is_array(fs))
		return "a document without path or findings";
	c->paths[c->npaths++] = S_path(path);
	for (i = 0; i < json_array_size(fs); i++) {
		const json_t *f = json_array_get(fs, i);
		const json_t *para = json_object_get(f, "paragraph");
		S_item *it;
		if (!S_str(f, "rule") || !S_str(f, "fingerprint"))
			return "a finding without rule or fingerprint";
		ML_VEC_GROW(c->old, *cap, c->nold + 1, 256);
		it = &c->old[c->nold++];
		memset(it, 0, sizeof *it);
		it->path = S_path(path);
		it->org = S_dup(org);
		it->rule = S_dup(S_str(f, "rule"));
		it->severity = S_dup(S_str(f, "severity"));
		it->fp = S_dup(S_str(f, "fingerprint"));
		it->part = S_dup(S_str(f, "part"));
		it->disposition = S_dup(S_str(f, "disposition"));
		it->paragraph = json_is_integer(para) ?
		                (unsigned long)json_integer_value(para) : 0;
		it->count = 1;
	}
	return NULL;
}

/* Equal keys become one item that counts them. */
static void S_merge_equal(ml_audit_compare *c)
{
	size_t i, k = 0;

	for (i = 0; i < c->nold; i++) {
		if (k && S_item_cmp(&c->old[k - 1], &c->old[i]) == 0) {
			c->old[k - 1].count++;
			S_item_free(&c->old[i]);
		} else {
			c->old[k++] = c->old[i];
		}
	}
	c->nold = k;
}

int ml_audit_compare_load(const char *path, ml_audit_compare **out,
                          ml_error *err)
{
	json_error_t je;
	json_t *root;
	FILE *f = fopen(path, "rb");
	const json_t *docs;
	ml_audit_compare *c;
	const char *why = NULL;
	size_t i, cap = 0;

	*out = NULL;
	if (!f)
		return ml_err(err, ML_EIO, errno == ENOENT ? "io-not-found" :
		              "io-unreadable", "%s: %s", path, strerror(errno));
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (!root)
		return ml_err(err, ML_EFORMAT, "compare-invalid",
		              "%s:%d: not an audit.json of marklint: %s", path,
		              je.line, je.text);
	docs = json_object_get(root, "documents");
	if (!json_is_array(docs)) {
		json_decref(root);
		return ml_err(err, ML_EFORMAT, "compare-invalid",
		              "%s: no \"documents\" to compare with (an "
		              "audit.json of an older marklint?): audit those "
		              "documents again with this one", path);
	}
	c = ml_xcalloc(1, sizeof *c);
	c->against = ml_xstrdup(path);
	c->paths = ml_xcalloc(json_array_size(docs) + 1, sizeof *c->paths);
	for (i = 0; i < json_array_size(docs) && !why; i++)
		why = S_load_doc(c, json_array_get(docs, i), &cap);
	json_decref(root);
	if (why) {
		ml_audit_compare_free(c);
		return ml_err(err, ML_EFORMAT, "compare-invalid",
		              "%s: not an audit.json of marklint: %s", path, why);
	}
	if (c->nold > 1)
		qsort(c->old, c->nold, sizeof *c->old, S_item_cmp);
	S_merge_equal(c);
	if (c->npaths > 1)
		qsort(c->paths, c->npaths, sizeof *c->paths, S_str_cmp);
	c->seen = ml_xcalloc(c->npaths + 1, 1);
	*out = c;
	return 0;
}

static S_org *S_org_of(ml_audit_compare *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->norgs; i++)
		if (strcmp(c->orgs[i].name, name) == 0)
			return &c->orgs[i];
	ML_VEC_GROW(c->orgs, c->aorgs, c->norgs + 1, 16);
	memset(&c->orgs[c->norgs], 0, sizeof *c->orgs);
	c->orgs[c->norgs].name = ml_xstrdup(name);
	return &c->orgs[c->norgs++];
}

/* The earlier finding with this key, or NULL. */
static S_item *S_find(ml_audit_compare *c, const char *path,
                      const char *rule, const char *fp)
{
	S_key k = {path, rule, fp};

	if (!c->nold)
		return NULL;
	return bsearch(&k, c->old, c->nold, sizeof *c->old, S_key_item_cmp);
}

void ml_audit__compare_add(ml_audit_compare *c, const ml_audit_doc *d)
{
	const char *org = d->organisation ? d->organisation : "(not stated)";
	char *path = S_path(d->path), **at;
	size_t i;

	at = bsearch(&path, c->paths, c->npaths, sizeof *c->paths,
	             S_str_cmp);
	if (at)
		c->seen[at - c->paths] = 1;
	else
		c->docs_new++;
	for (i = 0; i < d->nfindings; i++) {
		const ml_audit_finding *f = &d->findings[i];
		S_item *old, *it;
		if (f->suppressed)
			continue;
		old = S_find(c, path, f->rule, f->fingerprint);
		if (old && old->matched < old->count) {
			old->matched++;
			c->unchanged++;
			S_org_of(c, org)->unchanged++;
			continue;
		}
		S_org_of(c, org)->added++;
		ML_VEC_GROW(c->added, c->aadded, c->nadded + 1, 64);
		it = &c->added[c->nadded++];
		memset(it, 0, sizeof *it);
		it->path = ml_xstrdup(path);
		it->org = ml_xstrdup(org);
		it->rule = S_dup(f->rule);
		it->severity = S_dup(ml_severity_name(f->severity));
		it->fp = S_dup(f->fingerprint);
		it->part = S_dup(f->part);
		it->disposition = S_dup(f->disposition);
		it->paragraph = f->paragraph;
	}
	free(path);
}

/* Where the listed findings are: by path, part, paragraph, rule. */
static int S_where_cmp(const void *x, const void *y)
{
	const S_item *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	if (!c)
		c = strcmp(a->part, b->part);
	if (!c && a->paragraph != b->paragraph)
		return a->paragraph < b->paragraph ? -1 : 1;
	if (!c)
		c = strcmp(a->rule, b->rule);
	return c ? c : strcmp(a->fp, b->fp);
}

static int S_org_cmp(const void *x, const void *y)
{
	const S_org *a = x, *b = y;
	size_t ca = a->added + a->fixed, cb = b->added + b->fixed;

	if (ca != cb)
		return ca > cb ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Once every document is in: the fixed findings, and the order. */
static void S_finish(ml_audit_compare *c)
{
	size_t i, k, n = 0;

	if (c->done)
		return;
	c->done = 1;
	for (i = 0; i < c->nold; i++)
		n += c->old[i].count - c->old[i].matched;
	c->fixed = ml_xcalloc(n ? n : 1, sizeof *c->fixed);
	for (i = 0; i < c->nold; i++) {
		const S_item *o = &c->old[i];
		for (k = o->matched; k < o->count; k++) {
			S_item *it = &c->fixed[c->nfixed++];
			it->path = ml_xstrdup(o->path);
			it->org = ml_xstrdup(o->org);
			it->rule = ml_xstrdup(o->rule);
			it->severity = ml_xstrdup(o->severity);
			it->fp = ml_xstrdup(o->fp);
			it->part = ml_xstrdup(o->part);
			it->disposition = ml_xstrdup(o->disposition);
			it->paragraph = o->paragraph;
			S_org_of(c, o->org)->fixed++;
		}
	}
	/* qsort's array may be NULL only when there is nothing to sort:
	 * C11 7.22.5 still asks for a valid pointer */
	if (c->nadded > 1)
		qsort(c->added, c->nadded, sizeof *c->added, S_where_cmp);
	if (c->nfixed > 1)
		qsort(c->fixed, c->nfixed, sizeof *c->fixed, S_where_cmp);
	if (c->norgs > 1)
		qsort(c->orgs, c->norgs, sizeof *c->orgs, S_org_cmp);
}

void ml_audit_compare_totals(ml_audit_compare *c, ml_audit_compare_sum *s)
{
	size_t i;

	S_finish(c);
	memset(s, 0, sizeof *s);
	s->against = c->against;
	s->added = c->nadded;
	s->fixed = c->nfixed;
	s->unchanged = c->unchanged;
	s->docs_new = c->docs_new;
	for (i = 0; i < c->npaths; i++) {
		s->docs_gone += !c->seen[i];
		s->docs_common += c->seen[i];
	}
	s->docs_before = c->npaths;
}

size_t ml_audit_compare_orgs(ml_audit_compare *c,
                             ml_audit_compare_org *out, size_t max)
{
	size_t i;

	S_finish(c);
	for (i = 0; i < c->norgs && i < max; i++) {
		out[i].organisation = c->orgs[i].name;
		out[i].added = c->orgs[i].added;
		out[i].fixed = c->orgs[i].fixed;
		out[i].unchanged = c->orgs[i].unchanged;
	}
	return c->norgs;
}

static void S_item_get(const S_item *it, ml_audit_compare_item *out)
{
	out->path = it->path;
	out->organisation = it->org;
	out->rule = it->rule;
	out->severity = it->severity;
	out->part = it->part;
	out->paragraph = it->paragraph;
	out->disposition = it->disposition;
}

size_t ml_audit_compare_items(ml_audit_compare *c, int fixed, size_t i,
                              ml_audit_compare_item *out)
{
	S_finish(c);
	if (fixed && i < c->nfixed)
		S_item_get(&c->fixed[i], out);
	else if (!fixed && i < c->nadded)
		S_item_get(&c->added[i], out);
	return fixed ? c->nfixed : c->nadded;
}

static void S_json_items(ml_json *j, ml_audit_compare *c, int fixed,
                         const char *key)
{
	ml_audit_compare_item it;
	size_t i, n = ml_audit_compare_items(c, fixed, 0, &it);

	ml_json_key(j, key);
	ml_json_array(j);
	for (i = 0; i < n; i++) {
		ml_audit_compare_items(c, fixed, i, &it);
		ml_json_object(j);
		ml_json_kv_str(j, "path", it.path);
		ml_json_kv_str(j, "organisation", it.organisation);
		ml_json_kv_str(j, "rule", it.rule);
		ml_json_kv_str(j, "severity", it.severity);
		ml_json_kv_str(j, "part", it.part);
		ml_json_kv_int(j, "paragraph", (int64_t)it.paragraph);
		ml_json_kv_str(j, "disposition", it.disposition);
		ml_json_object_end(j);
	}
	ml_json_array_end(j);
}

void ml_audit__compare_json(ml_audit_compare *c, ml_json *j)
{
	ml_audit_compare_sum s;
	size_t i;

	ml_audit_compare_totals(c, &s);
	ml_json_key(j, "compare");
	ml_json_object(j);
	ml_json_kv_str(j, "against", s.against);
	ml_json_key(j, "totals");
	ml_json_object(j);
	ml_json_kv_int(j, "new", (int64_t)s.added);
	ml_json_kv_int(j, "fixed", (int64_t)s.fixed);
	ml_json_kv_int(j, "unchanged", (int64_t)s.unchanged);
	ml_json_kv_int(j, "documents_new", (int64_t)s.docs_new);
	ml_json_kv_int(j, "documents_gone", (int64_t)s.docs_gone);
	ml_json_object_end(j);
	ml_json_key(j, "by_organisation");
	ml_json_array(j);
	for (i = 0; i < c->norgs; i++) {
		ml_json_object(j);
		ml_json_kv_str(j, "organisation", c->orgs[i].name);
		ml_json_kv_int(j, "new", (int64_t)c->orgs[i].added);
		ml_json_kv_int(j, "fixed", (int64_t)c->orgs[i].fixed);
		ml_json_kv_int(j, "unchanged", (int64_t)c->orgs[i].unchanged);
		ml_json_object_end(j);
	}
	ml_json_array_end(j);
	S_json_items(j, c, 0, "new");
	S_json_items(j, c, 1, "fixed");
	ml_json_object_end(j);
}
