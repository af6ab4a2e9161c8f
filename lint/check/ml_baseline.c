/* ml_baseline.c - baseline files: read, match against reports, record,
 * write (and prune). See ml_baseline.h for the format. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "ml_baseline.h"
#include "ml_buf.h"
#include "ml_err.h"
#include "ml_hash.h"
#include "ml_suppress.h"
#include "ml_xmlfile.h"

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct S_entry {
	char *path;         /* owned: the key (relative to the root) */
	char *rule;         /* owned */
	char *context;      /* owned: the portion's text, or NULL */
	char *location;     /* owned: "PART:PARAGRAPH", or NULL */
	char *marking;      /* owned: the marking as written (not a
	                       restriction's sentence), or NULL */
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
	S_table paths;      /* the paths that have entries */
	S_table checked;    /* paths of documents checked in this run */
	char *root;         /* owned: the absolute folder keys are relative
	                       to, or NULL (the current directory, at first
	                       use) */
	char *cwd;          /* owned: the current directory, or NULL */
	pthread_mutex_t mu; /* apply and record: threads share a baseline;
	                       also guards root and cwd */
};

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
		for (j = ml_fnv1a_str(t->keys[i]) & (n.size - 1); n.keys[j];
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
	for (j = ml_fnv1a_str(key) & (t->size - 1); t->keys[j];
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
		free(b->v[i].location);
		free(b->v[i].marking);
	}
	free(b->v);
	S_table_free(&b->index);
	S_table_free(&b->paths);
	S_table_free(&b->checked);
	free(b->root);
	free(b->cwd);
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
	ML_VEC_GROW(b->v, b->c, b->n + 1, 64);
	e = &b->v[b->n];
	memset(e, 0, sizeof *e);
	e->path = ml_xstrdup(path);
	e->rule = ml_xstrdup(rule);
	snprintf(e->fp, sizeof e->fp, "%s", fp);
	*S_slot(&b->index, key.ptr, 1) = b->n++;
	S_slot(&b->paths, path, 1);
	ml_buf_free(&key);
	return e;
}

/* --- keys: document paths relative to the baseline's folder --- */

#define S_PATH_CAP ((size_t)1 << 16) /* longer paths are cut */

/* Appends the components of path ('/'-separated) to b, resolving "." and
 * "x/.." lexically; a ".." that cannot cancel is kept when the path is
 * relative (a leading "../"), dropped when absolute ("/.." is "/"). b
 * holds "/" or "" plus components joined by '/', and no trailing '/'. */
static void S_push_path(ml_buf *b, const char *path, int absolute)
{
	const char *p = path, *q;
	size_t len, floor = absolute ? 1 : 0, ups = 0;

	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		q = strchr(p, '/');
		len = q ? (size_t)(q - p) : strlen(p);
		if (len == 1 && p[0] == '.') {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (b->size > floor + ups * 3) {
				/* drop the last component */
				while (b->size > floor && b->ptr[b->size - 1] != '/')
					b->size--;
				if (b->size > floor)
					b->size--;
				b->ptr[b->size] = '\0';
			} else if (!absolute) {
				if (b->size)
					ml_buf_putc(b, '/');
				ml_buf_puts(b, "..");
				ups++;
			}
		} else {
			if (b->size > floor)
				ml_buf_putc(b, '/');
			ml_buf_put(b, p, len);
		}
		p += len;
	}
}

/* path made absolute (against cwd) and lexically clean; its folders
 * resolved by realpath when they exist (the file itself is not: a link
 * to a document is keyed where it is). Caller frees. */
static char *S_absolute(const char *path, const char *cwd)
{
	ml_buf b;
	char *abs, *slash, *real;

	ml_buf_init(&b, S_PATH_CAP);
	ml_buf_putc(&b, '/');
	if (path[0] != '/' && cwd)
		S_push_path(&b, cwd, 1);
	S_push_path(&b, path, 1);
	abs = ml_buf_detach(&b, NULL);
	slash = strrchr(abs, '/');
	if (!slash || slash == abs)
		return abs;
	*slash = '\0';
	real = realpath(abs, NULL);
	*slash = '/';
	if (real) {
		ml_buf_init(&b, S_PATH_CAP);
		ml_buf_puts(&b, strcmp(real, "/") == 0 ? "" : real);
		ml_buf_puts(&b, slash);
		free(real);
		free(abs);
		abs = ml_buf_detach(&b, NULL);
	}
	return abs;
}

/* The path from folder root to the absolute path abs, both clean. */
static char *S_relative(const char *root, const char *abs)
{
	const char *r = root, *a = abs, *common_r = root, *common_a = abs;
	ml_buf b;

	if (strcmp(root, "/") == 0)
		return ml_xstrdup(abs[1] ? abs + 1 : ".");
	/* the longest common run of whole components */
	while (*r && *r == *a) {
		r++;
		a++;
		if ((*r == '/' || !*r) && (*a == '/' || !*a)) {
			common_r = r;
			common_a = a;
		}
	}
	if (!*r && *a == '/') {
		common_r = r;
		common_a = a;
	}
	ml_buf_init(&b, S_PATH_CAP);
	for (r = common_r; *r; r++)
		if (*r == '/')
			ml_buf_puts(&b, b.size ? "/.." : "..");
	if (*common_a == '/')
		common_a++;
	if (*common_a) {
		if (b.size)
			ml_buf_putc(&b, '/');
		ml_buf_puts(&b, common_a);
	}
	if (!b.size)
		ml_buf_putc(&b, '.');
	return ml_buf_detach(&b, NULL);
}

/* The current directory and the root, once (mu held). */
static void S_anchor(ml_baseline *b)
{
	char buf[PATH_MAX];

	if (!b->cwd && getcwd(buf, sizeof buf))
		b->cwd = ml_xstrdup(buf);
	if (!b->root)
		b->root = S_absolute(".", b->cwd);
}

/* The key of a document given as path (relative to the current
 * directory); caller frees (mu held). */
static char *S_key(ml_baseline *b, const char *path)
{
	char *abs, *key;

	if (strcmp(path, "-") == 0)
		return ml_xstrdup(path);
	S_anchor(b);
	abs = S_absolute(path, b->cwd);
	key = S_relative(b->root, abs);
	free(abs);
	return key;
}

/* The key of a path read from the baseline file (relative ones are
 * relative to the root already; absolute ones are made so), or of a
 * document's name that is not a path (ml_lint_memory): lexically
 * cleaned. Caller frees (mu held). */
static char *S_file_key(ml_baseline *b, const char *path)
{
	ml_buf buf;

	if (path[0] == '/')
		return S_key(b, path);
	if (strcmp(path, "-") == 0)
		return ml_xstrdup(path);
	ml_buf_init(&buf, S_PATH_CAP);
	S_push_path(&buf, path, 0);
	if (!buf.size)
		ml_buf_putc(&buf, '.');
	return ml_buf_detach(&buf, NULL);
}

void ml_baseline_set_file(ml_baseline *b, const char *file)
{
	char *abs, *slash;

	pthread_mutex_lock(&b->mu);
	free(b->root);
	b->root = NULL;
	S_anchor(b);
	free(b->root);
	abs = S_absolute(file, b->cwd);
	slash = strrchr(abs, '/');
	if (slash && slash != abs)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
	b->root = abs;
	pthread_mutex_unlock(&b->mu);
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

/* The optional parts of a <finding>, kept for --prune-baseline: its
 * location and marking attributes, and its text (an excerpt). */
static void S_load_notes(S_entry *e, xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	xmlChar *loc = xmlGetNoNsProp(n, (const xmlChar *)"location");
	xmlChar *mk = xmlGetNoNsProp(n, (const xmlChar *)"marking");
	const char *t = c ? (const char *)c : "";
	size_t len = strlen(t);

	while (len && (t[len - 1] == ' ' || t[len - 1] == '\n'))
		len--;
	while (len && (*t == ' ' || *t == '\n')) {
		t++;
		len--;
	}
	e->context = ml_xstrndup(t, len);
	if (loc && *loc)
		e->location = ml_xstrdup((const char *)loc);
	if (mk && *mk)
		e->marking = ml_xstrdup((const char *)mk);
	xmlFree(c);
	xmlFree(loc);
	xmlFree(mk);
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
		char *key = S_file_key(b, v[0]);
		e = S_entry_of(b, key, v[2], v[1], 1);
		free(key);
		e->count += count;
		if (!e->context) /* kept for --prune-baseline */
			S_load_notes(e, n);
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
	xmlDoc *doc;
	ml_baseline *b = NULL;
	int r;

	*out = NULL;
	memset(err, 0, sizeof *err);
	r = ml_xmlfile_read_doc(path, S_MAX_FILE, "baseline-io",
	                        "baseline-invalid", "baseline file", &doc,
	                        err);
	if (r == 0) {
		b = ml_baseline_new();
		ml_baseline_set_file(b, path);
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

/* Takes b's lock and counts path as checked; returns its key (caller
 * frees, after the unlock). */
static char *S_lock_checked(ml_baseline *b, const char *path, int file)
{
	char *key;

	pthread_mutex_lock(&b->mu);
	key = file ? S_key(b, path) : S_file_key(b, path);
	S_slot(&b->checked, key, 1);
	return key;
}

size_t ml_baseline_apply(ml_baseline *b, const char *path, int file,
                         ml_report *r, ml_severity min)
{
	const ml_finding *f;
	size_t i, n = ml_report_findings(r, &f), done = 0;
	char fp[ML_FINGERPRINT_LEN + 1];
	S_entry *e;
	char *key;

	key = S_lock_checked(b, path, file);
	for (i = 0; i < n; i++) {
		if (!ml_finding_counts(&f[i], min))
			continue;
		ml_fingerprint(r, &f[i], fp);
		e = S_entry_of(b, key, fp, "", 0);
		if (!e || e->matched >= e->count)
			continue;
		e->matched++;
		ml_report_suppress(r, i, ML_SUPPRESS_BASELINE,
		                   "accepted in the baseline");
		done++;
	}
	pthread_mutex_unlock(&b->mu);
	free(key);
	return done;
}

/* What a report says of finding f, for a person reading the baseline:
 * where it is, the marking as written (not a restriction's sentence),
 * and an excerpt of the portion (written only with
 * ML_BASELINE_EXCERPTS). */
static void S_record_notes(S_entry *e, const ml_report *r,
                           const ml_finding *f)
{
	const ml_portion *p = ml_doc_portion(ml_report_doc(r), f->portion);
	const ml_found *mk = ml_report_finding_marking(r, f);
	size_t len;
	const char *c = ml_context(p, 0, 0, &len);
	ml_buf loc;

	if (len > 200) /* enough to recognise it */
		len = 200;
	while (len && ((unsigned char)c[len] & 0xC0) == 0x80)
		len--;
	e->context = ml_xstrndup(c, len);
	ml_buf_init(&loc, S_PATH_CAP);
	ml_buf_printf(&loc, "%s:%u", p->part, (unsigned)p->paragraph);
	e->location = ml_buf_detach(&loc, NULL);
	if (mk && mk->kind != ML_KIND_FOREIGN && mk->text)
		e->marking = ml_xstrdup(mk->text);
}

void ml_baseline_record(ml_baseline *b, const char *path, int file,
                        const ml_report *r, ml_severity min)
{
	const ml_finding *f;
	size_t i, n = ml_report_findings(r, &f);
	char fp[ML_FINGERPRINT_LEN + 1];
	S_entry *e;
	char *key;

	key = S_lock_checked(b, path, file);
	for (i = 0; i < n; i++) {
		if (!ml_finding_reported(&f[i], min) ||
		    f[i].suppressed == ML_SUPPRESS_IN_SOURCE)
			continue;
		ml_fingerprint(r, &f[i], fp);
		e = S_entry_of(b, key, fp, f[i].rule ? f[i].rule->id : "", 1);
		e->count++;
		e->matched++;
		if (!e->context)
			S_record_notes(e, r, &f[i]);
	}
	pthread_mutex_unlock(&b->mu);
	free(key);
}

void ml_baseline_stats_get(ml_baseline *b, ml_baseline_stats *out)
{
	size_t i;

	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&b->mu);
	out->entries = b->n;
	for (i = 0; i < b->n; i++)
		out->matched += b->v[i].matched;
	out->documents = b->checked.n;
	for (i = 0; i < b->checked.size; i++)
		if (b->checked.keys[i] &&
		    S_slot(&b->paths, b->checked.keys[i], 0))
			out->known++;
	if (b->n)
		out->example = b->v[0].path;
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

/* Attribute name="value", when the value is known (not NULL). */
static int S_note(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *t;
	int rc;

	if (!value)
		return 0;
	t = S_xml_text(value);
	rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)name,
	                                 (const xmlChar *)t) < 0 ? -1 : 0;
	free(t);
	return rc;
}

/* The location and marking attributes of an entry, when known. */
static int S_notes(xmlTextWriterPtr w, const S_entry *e)
{
	int rc = S_note(w, "location", e->location);

	if (S_note(w, "marking", e->marking) < 0)
		rc = -1;
	return rc;
}

int ml_baseline_write(ml_baseline *b, FILE *out, int flags)
{
	int prune = flags & ML_BASELINE_PRUNE;
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
		S_W(S_notes(w, e));
		if (e->context && *e->context &&
		    (flags & ML_BASELINE_EXCERPTS)) {
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
