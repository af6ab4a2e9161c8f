/* ml_baseline.c - baseline files: read, match against reports, record,
 * write (and prune). See ml_baseline.h for the format. */
#include "ml_baseline.h"
#include "ml_buf.h"
#include "ml_err.h"
#include "ml_suppress.h"
#include "ml_xmlfile.h"

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct S_entry {
	char *path;         /* owned */
	char *rule;         /* owned */
	char *context;      /* owned, or NULL */
	char fp[ML_FINGERPRINT_LEN + 1];
	size_t count;       /* findings accepted (file) or recorded */
	size_t matched;     /* findings of this run it matched */
} S_entry;

/* A string -> index table (open addressing, power-of-two size). Keys are
 * owned by the table. */
typedef struct S_table {
	char **keys;
	size_t *vals;
	size_t size, n;
} S_table;

/* The largest baseline file read: a project's accepted findings. */
#define S_MAX_FILE ((size_t)1 << 30)

struct ml_baseline {
	S_entry *v;         /* owned, with each entry's strings */
	size_t n, c;
	S_table index;      /* "path\n" "fp" -> entry */
	S_table checked;    /* paths of documents checked in this run */
	pthread_mutex_t mu; /* apply and record: threads share a baseline */
};

static uint64_t S_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t *S_slot(S_table *t, const char *key, int add);

static void S_grow(S_table *t)
{
	S_table n;
	size_t i;

	n.size = t->size ? t->size * 2 : 64;
	n.n = 0;
	n.keys = ml_xcalloc(n.size, sizeof *n.keys);
	n.vals = ml_xcalloc(n.size, sizeof *n.vals);
	for (i = 0; i < t->size; i++) {
		size_t j;
		if (!t->keys[i])
			continue;
		for (j = S_hash(t->keys[i]) & (n.size - 1); n.keys[j];
		     j = (j + 1) & (n.size - 1))
			;
		n.keys[j] = t->keys[i];
		n.vals[j] = t->vals[i];
		n.n++;
	}
	free(t->keys);
	free(t->vals);
	*t = n;
}

/* The value slot of key, added (value 0) when add; NULL when absent. */
static size_t *S_slot(S_table *t, const char *key, int add)
{
	size_t j;

	if (add && 2 * (t->n + 1) > t->size)
		S_grow(t);
	if (!t->size)
		return NULL;
	for (j = S_hash(key) & (t->size - 1); t->keys[j];
	     j = (j + 1) & (t->size - 1))
		if (strcmp(t->keys[j], key) == 0)
			return &t->vals[j];
	if (!add)
		return NULL;
	t->keys[j] = ml_xstrdup(key);
	t->vals[j] = 0;
	t->n++;
	return &t->vals[j];
}

static void S_table_free(S_table *t)
{
	size_t i;

	for (i = 0; i < t->size; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->vals);
}

ml_baseline *ml_baseline_new(void)
{
	ml_baseline *b = ml_xcalloc(1, sizeof *b);

	pthread_mutex_init(&b->mu, NULL);
	return b;
}

void ml_baseline_free(ml_baseline *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->v[i].path);
		free(b->v[i].rule);
		free(b->v[i].context);
	}
	free(b->v);
	S_table_free(&b->index);
	S_table_free(&b->checked);
	pthread_mutex_destroy(&b->mu);
	free(b);
}

/* The entry (path, fp), or NULL; with add, created when missing. */
static S_entry *S_entry_of(ml_baseline *b, const char *path, const char *fp,
                           const char *rule, int add)
{
	ml_buf key;
	size_t *slot;
	S_entry *e;

	ml_buf_init(&key, (size_t)1 << 20);
	ml_buf_puts(&key, path);
	ml_buf_putc(&key, '\n');
	ml_buf_puts(&key, fp);
	slot = S_slot(&b->index, key.ptr, 0);
	if (slot || !add) {
		ml_buf_free(&key);
		return slot ? &b->v[*slot] : NULL;
	}
	if (b->n == b->c) {
		b->c = b->c ? b->c * 2 : 64;
		b->v = ml_xrealloc(b->v, b->c * sizeof *b->v);
	}
	e = &b->v[b->n];
	memset(e, 0, sizeof *e);
	e->path = ml_xstrdup(path);
	e->rule = ml_xstrdup(rule);
	snprintf(e->fp, sizeof e->fp, "%s", fp);
	*S_slot(&b->index, key.ptr, 1) = b->n++;
	ml_buf_free(&key);
	return e;
}

/* --- reading --- */

static int S_is_hex16(const char *s)
{
	size_t i;

	for (i = 0; i < ML_FINGERPRINT_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

/* A positive count, at most a billion. */
static int S_count(const char *s, size_t *out)
{
	size_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

static int S_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ML_BASELINE_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* One <finding>; 0 or an error in err. */
static int S_load_finding(ml_baseline *b, const char *file, xmlNode *n,
                          ml_error *err)
{
	static const char *const names[] = {"path", "rule", "fingerprint",
	                                    "count"};
	char *v[4] = {NULL, NULL, NULL, NULL};
	size_t i, count = 0;
	int r = 0;
	S_entry *e;

	for (i = 0; i < 4; i++)
		v[i] = (char *)xmlGetNoNsProp(n, (const xmlChar *)names[i]);
	for (i = 0; i < 4 && !r; i++)
		if (!v[i] || !*v[i])
			r = ml_err(err, ML_EFORMAT, "baseline-invalid",
			           "%s:%ld: not a marklint baseline: <finding> "
			           "without %s", file, xmlGetLineNo(n), names[i]);
	if (!r && !S_is_hex16(v[2]))
		r = ml_err(err, ML_EFORMAT, "baseline-invalid",
		           "%s:%ld: not a marklint baseline: fingerprint '%.40s' "
		           "is not 16 hexadecimal digits", file, xmlGetLineNo(n),
		           v[2]);
	if (!r && S_count(v[3], &count) < 0)
		r = ml_err(err, ML_EFORMAT, "baseline-invalid",
		           "%s:%ld: not a marklint baseline: count '%.40s' is not "
		           "a positive number", file, xmlGetLineNo(n), v[3]);
	if (!r) {
		e = S_entry_of(b, v[0], v[2], v[1], 1);
		e->count += count;
		if (!e->context) { /* kept for --prune-baseline */
			xmlChar *c = xmlNodeGetContent(n);
			const char *t = c ? (const char *)c : "";
			size_t len = strlen(t);
			while (len && (t[len - 1] == ' ' || t[len - 1] == '\n'))
				len--;
			while (len && (*t == ' ' || *t == '\n')) {
				t++;
				len--;
			}
			e->context = ml_xstrndup(t, len);
			xmlFree(c);
		}
	}
	for (i = 0; i < 4; i++)
		xmlFree(v[i]);
	return r;
}

static int S_load_doc(ml_baseline *b, const char *file, xmlDoc *doc,
                      ml_error *err)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;
	xmlChar *version;
	int r = 0;

	if (!root || !S_is(root, "baseline"))
		return ml_err(err, ML_EFORMAT, "baseline-invalid",
		              "%s: not a marklint baseline (the root is not "
		              "<baseline xmlns=\"%s\">)", file, ML_BASELINE_NS);
	version = xmlGetNoNsProp(root, (const xmlChar *)"version");
	if (!version || strcmp((const char *)version, "1") != 0)
		r = ml_err(err, ML_EFORMAT, "baseline-invalid",
		           "%s: unsupported baseline version '%s' (this marklint "
		           "reads version %d)", file,
		           version ? (const char *)version : "", ML_BASELINE_VERSION);
	xmlFree(version);
	for (n = root->children; n && !r; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE)
			continue;
		if (!S_is(n, "finding"))
			return ml_err(err, ML_EFORMAT, "baseline-invalid",
			              "%s:%ld: not a marklint baseline: unexpected "
			              "<%s>", file, xmlGetLineNo(n),
			              n->name ? (const char *)n->name : "?");
		r = S_load_finding(b, file, n, err);
	}
	return r;
}

int ml_baseline_load(const char *path, ml_baseline **out, ml_error *err)
{
	ml_buf data;
	xmlDoc *doc = NULL;
	ml_baseline *b = NULL;
	int r;

	*out = NULL;
	memset(err, 0, sizeof *err);
	ml_buf_init(&data, S_MAX_FILE);
	r = ml_xmlfile_read(path, S_MAX_FILE, "baseline-io",
	                    "baseline-invalid", &data, err);
	if (r == 0)
		r = ml_xmlfile_parse(path, data.ptr, data.size, S_MAX_FILE,
		                     "baseline-invalid", "baseline file", &doc,
		                     err);
	ml_buf_free(&data);
	if (r == 0) {
		b = ml_baseline_new();
		r = S_load_doc(b, path, doc, err);
	}
	xmlFreeDoc(doc);
	if (r) {
		ml_baseline_free(b);
		return r;
	}
	*out = b;
	return 0;
}

/* --- matching and recording --- */

size_t ml_baseline_apply(ml_baseline *b, const char *path, ml_report *r,
                         ml_severity min)
{
	const ml_finding *f;
	size_t i, n = ml_report_findings(r, &f), done = 0;
	char fp[ML_FINGERPRINT_LEN + 1];
	S_entry *e;

	pthread_mutex_lock(&b->mu);
	S_slot(&b->checked, path, 1);
	for (i = 0; i < n; i++) {
		if (!ml_finding_counts(&f[i], min))
			continue;
		ml_fingerprint(r, &f[i], fp);
		e = S_entry_of(b, path, fp, "", 0);
		if (!e || e->matched >= e->count)
			continue;
		e->matched++;
		ml_report_suppress(r, i, ML_SUPPRESS_BASELINE,
		                   "accepted in the baseline");
		done++;
	}
	pthread_mutex_unlock(&b->mu);
	return done;
}

void ml_baseline_record(ml_baseline *b, const char *path,
                        const ml_report *r, ml_severity min)
{
	const ml_finding *f;
	size_t i, n = ml_report_findings(r, &f), len;
	char fp[ML_FINGERPRINT_LEN + 1];
	S_entry *e;

	pthread_mutex_lock(&b->mu);
	S_slot(&b->checked, path, 1);
	for (i = 0; i < n; i++) {
		if (!ml_finding_reported(&f[i], min) ||
		    f[i].suppressed == ML_SUPPRESS_IN_SOURCE)
			continue;
		ml_fingerprint(r, &f[i], fp);
		e = S_entry_of(b, path, fp, f[i].rule ? f[i].rule->id : "", 1);
		e->count++;
		e->matched++;
		if (!e->context) {
			const ml_portion *p = ml_doc_portion(ml_report_doc(r),
			                                     f[i].portion);
			const char *c = ml_context(p, 0, 0, &len);
			if (len > 200) /* enough to recognise it */
				len = 200;
			while (len && ((unsigned char)c[len] & 0xC0) == 0x80)
				len--;
			e->context = ml_xstrndup(c, len);
		}
	}
	pthread_mutex_unlock(&b->mu);
}

/* --- writing --- */

static int S_entry_cmp(const void *x, const void *y)
{
	const S_entry *a = *(const S_entry *const *)x;
	const S_entry *b = *(const S_entry *const *)y;
	int c = strcmp(a->path, b->path);

	if (!c)
		c = strcmp(a->rule, b->rule);
	return c ? c : strcmp(a->fp, b->fp);
}

/* Characters XML 1.0 cannot carry (C0 controls) become spaces. */
static char *S_xml_text(const char *s)
{
	char *t = ml_xstrdup(s), *p;

	for (p = t; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n')
			*p = ' ';
	return t;
}

int ml_baseline_write(ml_baseline *b, FILE *out, int prune)
{
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	xmlTextWriterPtr w;
	S_entry **sorted;
	size_t i, count;
	int rc = 0;
	char num[32];

	if (!buf)
		return -1;
	w = xmlNewTextWriter(buf); /* owns buf */
	if (!w) {
		xmlOutputBufferClose(buf);
		return -1;
	}
	sorted = ml_xcalloc(b->n ? b->n : 1, sizeof *sorted);
	for (i = 0; i < b->n; i++)
		sorted[i] = &b->v[i];
	qsort(sorted, b->n, sizeof *sorted, S_entry_cmp);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
#define S_W(call) do { if ((call) < 0) rc = -1; } while (0)
	S_W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
	S_W(xmlTextWriterWriteComment(w, (const xmlChar *)
	    " marklint baseline: findings accepted, by document and "
	    "fingerprint; see marklint(1), BASELINES "));
	S_W(xmlTextWriterStartElementNS(w, NULL, (const xmlChar *)"baseline",
	                                (const xmlChar *)ML_BASELINE_NS));
	snprintf(num, sizeof num, "%d", ML_BASELINE_VERSION);
	S_W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"version",
	                                (const xmlChar *)num));
	S_W(xmlTextWriterWriteFormatAttribute(w, (const xmlChar *)"generator",
	                                      "marklint %s", ml_version()));
	for (i = 0; i < b->n; i++) {
		const S_entry *e = sorted[i];
		int seen = S_slot(&b->checked, e->path, 0) != NULL;

		count = prune && seen ? e->matched : e->count;
		if (count > e->count)
			count = e->count;
		if (!count)
			continue;
		S_W(xmlTextWriterStartElement(w, (const xmlChar *)"finding"));
		S_W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"path",
		                                (const xmlChar *)e->path));
		S_W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"rule",
		                                (const xmlChar *)e->rule));
		S_W(xmlTextWriterWriteAttribute(w,
		    (const xmlChar *)"fingerprint", (const xmlChar *)e->fp));
		snprintf(num, sizeof num, "%zu", count);
		S_W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"count",
		                                (const xmlChar *)num));
		if (e->context) {
			char *t = S_xml_text(e->context);
			S_W(xmlTextWriterWriteString(w, (const xmlChar *)t));
			free(t);
		}
		S_W(xmlTextWriterEndElement(w));
	}
	S_W(xmlTextWriterEndDocument(w));
#undef S_W
	xmlFreeTextWriter(w);
	free(sorted);
	return rc;
}
