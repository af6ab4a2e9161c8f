/* ml_audit_docs.c - what the audit writes per document and per
 * organisation (ml_audit.h): a page per document (docs/ID.html, and
 * docs/index.html listing them) and a worklist per organisation
 * (worklists/NAME.csv: the markings it has to act on).
 *
 * Both are spooled as documents are added, as the CSV rows are: memory
 * holds one small entry per document, never its markings. A page's name
 * comes from its document's path (a hash), and a worklist's from its
 * organisation's name, so that the order documents come in (threads,
 * shards) changes no byte of any file. */
#include "ml_audit.h"
#include "ml_buf.h"
#include "ml_file.h"
#include "ml_hash.h"
#include "ml_json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the audit keeps of one document for these files. */
typedef struct S_entry {
	char *path;             /* owned */
	char *org;              /* owned: its organisation, as in the
	                           roll-ups ("(not stated)" when none) */
	char page[ML_AUDIT_PAGE_MAX]; /* "docs/ID.html", "" when none */
	size_t markings, uncited, findings;
	int ok;
	long page_off, work_off; /* its page and worklist rows, spooled */
	size_t page_len, work_len;
	long rec_off;           /* its record for audit.json, spooled */
	size_t rec_len;
} S_entry;

struct ml_audit_docs {
	FILE *spool;            /* owned */
	S_entry *v;             /* owned */
	size_t n, alloc;
	ml_buf buf;             /* one document's bytes, reused */
	int sorted;             /* 0 as added, 1 by path, 2 by
	                           organisation then path */
};

ml_audit_docs *ml_audit__docs_new(void)
{
	ml_audit_docs *ds = ml_xcalloc(1, sizeof *ds);

	ds->spool = tmpfile();
	if (!ds->spool) {
		free(ds);
		return NULL;
	}
	ml_buf_init(&ds->buf, SIZE_MAX / 2);
	return ds;
}

void ml_audit__docs_free(ml_audit_docs *ds)
{
	size_t i;

	if (!ds)
		return;
	for (i = 0; i < ds->n; i++) {
		free(ds->v[i].path);
		free(ds->v[i].org);
	}
	free(ds->v);
	fclose(ds->spool);
	ml_buf_free(&ds->buf);
	free(ds);
}

void ml_audit_page_name(const char *path, char *buf, size_t n)
{
	snprintf(buf, n, "docs/%016llx.html",
	         (unsigned long long)ml_fnv1a_str(path));
}

void ml_audit_worklist_name(const char *org, char *buf, size_t n)
{
	char slug[41];
	size_t k = 0;
	const char *p;

	/* letters and digits of the name, lower case, '-' between words;
	 * the hash keeps names that slug alike apart */
	for (p = org; *p && k < sizeof slug - 1; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			slug[k++] = c;
		else if (k && slug[k - 1] != '-')
			slug[k++] = '-';
	}
	while (k && slug[k - 1] == '-')
		k--;
	slug[k] = '\0';
	snprintf(buf, n, "worklists/%s%s%08lx.csv", slug, k ? "-" : "org-",
	         (unsigned long)(ml_fnv1a_str(org) & 0xffffffffUL));
}

/* Appends buf to the spool; *off and *len say where. */
static int S_spool(ml_audit_docs *ds, long *off, size_t *len)
{
	*len = ds->buf.size;
	if (!ds->buf.size)
		return 0;
	if (fseek(ds->spool, 0, SEEK_END) != 0 ||
	    (*off = ftell(ds->spool)) < 0 ||
	    fwrite(ds->buf.ptr, 1, ds->buf.size, ds->spool) != ds->buf.size)
		return -1;
	return 0;
}

/* Whether a marking is on the worklist: a disposition to act on. */
static int S_to_act(const ml_audit_mark *m)
{
	return *m->disposition && strcmp(m->disposition, "retain") != 0;
}

static const char *const S_work_columns[] = {
	"document", "page", "part", "paragraph", "line", "section",
	"marking", "kind", "basis", "citation", "rules", "severity",
	"disposition", "suggestion", "decision", "done",
};
#define S_NWORK (sizeof S_work_columns / sizeof S_work_columns[0])

/* The worklist rows of d into buf: one per marking to act on, with two
 * empty columns for the organisation's decision and its date. */
static void S_work_rows(ml_buf *b, const ml_audit_doc *d, const char *page)
{
	size_t i, k;

	for (i = 0; i < d->nmarks; i++) {
		const ml_audit_mark *m = &d->marks[i];
		char para[16], line[16];
		const char *v[S_NWORK];
		if (!S_to_act(m))
			continue;
		snprintf(para, sizeof para, "%lu", (unsigned long)m->paragraph);
		snprintf(line, sizeof line, "%lu", (unsigned long)m->line);
		v[0] = d->path; v[1] = page; v[2] = m->part; v[3] = para;
		v[4] = m->line ? line : ""; v[5] = m->section;
		v[6] = m->text; v[7] = m->kind; v[8] = m->status;
		v[9] = m->citation; v[10] = m->rules; v[11] = m->severity;
		v[12] = m->disposition; v[13] = m->suggestion;
		v[14] = ""; v[15] = "";
		for (k = 0; k < S_NWORK; k++)
			ml_audit__csv_field(b, v[k], k + 1 == S_NWORK);
	}
}

/* --- the record of audit.json's "documents" --- */

/* A field of a record: tabs, line ends and backslashes escaped. */
static void S_field(ml_buf *b, const char *s, char end)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '\t' || *s == '\n' || *s == '\r') {
			ml_buf_putc(b, '\\');
			ml_buf_putc(b, *s == '\t' ? 't' : *s == '\n' ? 'n' :
			            *s == '\r' ? 'r' : '\\');
		} else {
			ml_buf_putc(b, *s);
		}
	}
	ml_buf_putc(b, end);
}

/* The next field of a record at *p, unescaped into b (cleared). */
static void S_unfield(ml_buf *b, const char **p)
{
	const char *s = *p;

	ml_buf_clear(b);
	for (; *s && *s != '\t' && *s != '\n'; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			ml_buf_putc(b, *s == 't' ? '\t' : *s == 'n' ? '\n' :
			            *s == 'r' ? '\r' : *s);
		} else {
			ml_buf_putc(b, *s);
		}
	}
	*p = *s ? s + 1 : s;
}

/* What --compare needs of a document: one line per counted finding,
 * "rule severity fingerprint part paragraph disposition", tab-separated. */
static void S_record(ml_buf *b, const ml_audit_doc *d)
{
	size_t i;
	char para[16];

	for (i = 0; i < d->nfindings; i++) {
		const ml_audit_finding *f = &d->findings[i];
		if (f->suppressed)
			continue;
		snprintf(para, sizeof para, "%lu", (unsigned long)f->paragraph);
		S_field(b, f->rule, '\t');
		S_field(b, ml_severity_name(f->severity), '\t');
		S_field(b, f->fingerprint, '\t');
		S_field(b, f->part, '\t');
		S_field(b, para, '\t');
		S_field(b, f->disposition, '\n');
	}
}

int ml_audit__docs_add(ml_audit_docs *ds, const ml_audit_doc *d)
{
	S_entry *e;
	size_t i;

	ML_VEC_GROW(ds->v, ds->alloc, ds->n + 1, 64);
	e = &ds->v[ds->n++];
	ds->sorted = 0;
	memset(e, 0, sizeof *e);
	e->path = ml_xstrdup(d->path);
	e->org = ml_xstrdup(d->organisation ? d->organisation :
	                    "(not stated)");
	e->ok = d->ok;
	e->markings = d->nmarks;
	for (i = 0; i < d->nmarks; i++)
		e->uncited += strcmp(d->marks[i].status, "cited") != 0;
	for (i = 0; i < d->nfindings; i++)
		e->findings += !d->findings[i].suppressed;
	/* a page for what an auditor would open: markings, findings, or
	 * the reason it could not be read */
	if (!d->ok || d->nmarks || d->nfindings) {
		ml_audit_page_name(d->path, e->page, sizeof e->page);
		ml_buf_clear(&ds->buf);
		ml_audit__page(&ds->buf, d);
		if (S_spool(ds, &e->page_off, &e->page_len) < 0)
			return -1;
	}
	ml_buf_clear(&ds->buf);
	S_record(&ds->buf, d);
	if (S_spool(ds, &e->rec_off, &e->rec_len) < 0)
		return -1;
	ml_buf_clear(&ds->buf);
	S_work_rows(&ds->buf, d, e->page);
	return S_spool(ds, &e->work_off, &e->work_len);
}


static int S_by_path(const void *x, const void *y)
{
	return strcmp(((const S_entry *)x)->path, ((const S_entry *)y)->path);
}

static int S_by_org(const void *x, const void *y)
{
	const S_entry *a = x, *b = y;
	int c = strcmp(a->org, b->org);

	return c ? c : strcmp(a->path, b->path);
}

/* Sorts the entries by path (1) or organisation (2), once. */
static void S_sort(ml_audit_docs *ds, int by)
{
	if (ds->sorted == by)
		return;
	if (ds->n > 1) /* qsort wants a valid array even for none */
		qsort(ds->v, ds->n, sizeof *ds->v,
		      by == 1 ? S_by_path : S_by_org);
	ds->sorted = by;
}

/* The first entry whose path (by 1) or organisation (by 2) is key. */
static size_t S_find(ml_audit_docs *ds, int by, const char *key)
{
	size_t lo = 0, hi = ds->n;

	S_sort(ds, by);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = by == 1 ? ds->v[mid].path : ds->v[mid].org;
		if (strcmp(k, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int ml_audit__docs_has_page(ml_audit_docs *ds, const char *path)
{
	size_t i = S_find(ds, 1, path);

	return i < ds->n && strcmp(ds->v[i].path, path) == 0 &&
	       ds->v[i].page_len;
}

int ml_audit__docs_has_worklist(ml_audit_docs *ds, const char *org)
{
	size_t i;

	for (i = S_find(ds, 2, org); i < ds->n &&
	     strcmp(ds->v[i].org, org) == 0; i++)
		if (ds->v[i].work_len)
			return 1;
	return 0;
}

/* Copies len bytes at off of the spool to out. */
static int S_copy(FILE *spool, long off, size_t len, FILE *out)
{
	char chunk[65536];

	if (fseek(spool, off, SEEK_SET) != 0)
		return -1;
	while (len) {
		size_t n = len < sizeof chunk ? len : sizeof chunk;
		if (fread(chunk, 1, n, spool) != n) {
			if (!errno)
				errno = EIO;
			return -1;
		}
		if (fwrite(chunk, 1, n, out) != n)
			return -1;
		len -= n;
	}
	return 0;
}

/* len bytes at off of the spool to out, with pread: pages are written
 * on several threads at once (ml_audit_write_page), and pread moves no
 * file position that they share. */
static int S_copy_at(FILE *spool, long off, size_t len, FILE *out)
{
	char chunk[65536];
	ssize_t got;
	size_t n;

	while (len) {
		n = len < sizeof chunk ? len : sizeof chunk;
		got = pread(fileno(spool), chunk, n, (off_t)off);
		if (got <= 0) {
			if (got == 0 || !errno)
				errno = EIO;
			return -1;
		}
		if (fwrite(chunk, 1, (size_t)got, out) != (size_t)got)
			return -1;
		len -= (size_t)got;
		off += (long)got;
	}
	return 0;
}

/* dir/name, made new (never over a file) and filled by fill. dir is a
 * folder the caller has just made and puts in place as a whole once it
 * is full (cli_folder_write): nobody reads it before, so a file needs no
 * temporary name of its own, and the caller syncs the folder once
 * instead of each of its thousands of files (an fsync each was most of
 * what audit did after the last document). On failure the file is
 * removed, errno says why. */
static int S_write_file(const char *dir, const char *name,
                        int (*fill)(void *ctx, FILE *out), void *ctx)
{
	ml_buf path;
	FILE *f = NULL;
	int fd, r = -1, e;

	ml_buf_init(&path, 1 << 16);
	ml_buf_printf(&path, "%s/%s", dir, name);
	fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd >= 0 && !(f = fdopen(fd, "w")))
		close(fd);
	if (f) {
		errno = 0;
		r = fill(ctx, f) < 0 || fflush(f) != 0 || ferror(f) ? -1 : 0;
		if (fclose(f) != 0)
			r = -1;
	}
	e = errno ? errno : EIO;
	if (r < 0 && fd >= 0)
		unlink(path.ptr);
	ml_buf_free(&path);
	if (r < 0)
		errno = e;
	return r;
}

typedef struct S_fill {
	ml_audit_docs *ds;
	size_t from, to;        /* entries [from, to) */
	ml_audit *a;
} S_fill;

static int S_fill_page(void *ctx, FILE *out)
{
	S_fill *c = ctx;
	const S_entry *e = &c->ds->v[c->from];

	return S_copy_at(c->ds->spool, e->page_off, e->page_len, out);
}

static int S_fill_index(void *ctx, FILE *out)
{
	S_fill *c = ctx;
	size_t i, k = 0;
	ml_audit_page_row *rows = ml_xcalloc(c->ds->n ? c->ds->n : 1,
	                                     sizeof *rows);
	int r;

	for (i = 0; i < c->ds->n; i++) {
		const S_entry *e = &c->ds->v[i];
		if (!e->page_len)
			continue;
		rows[k].path = e->path;
		rows[k].page = e->page + strlen("docs/");
		rows[k].organisation = e->org;
		rows[k].ok = e->ok;
		rows[k].markings = e->markings;
		rows[k].uncited = e->uncited;
		rows[k].findings = e->findings;
		k++;
	}
	r = ml_audit__pages_index(rows, k, out);
	free(rows);
	return r;
}

int ml_audit_pages_begin(ml_audit *a, size_t *n)
{
	ml_audit_docs *ds = ml_audit__docs(a);

	S_sort(ds, 1);
	*n = ds->n;
	return fflush(ds->spool) == 0 ? 0 : -1; /* pread reads the file */
}

int ml_audit_write_page(ml_audit *a, const char *dir, size_t i)
{
	ml_audit_docs *ds = ml_audit__docs(a);
	S_fill c;

	if (!ds->v[i].page_len)
		return 0;
	c.ds = ds;
	c.a = a;
	c.from = i;
	return S_write_file(dir, ds->v[i].page + strlen("docs/"), S_fill_page,
	                    &c);
}

int ml_audit_write_pages_index(ml_audit *a, const char *dir)
{
	S_fill c;

	c.ds = ml_audit__docs(a);
	c.a = a;
	return S_write_file(dir, "index.html", S_fill_index, &c);
}

int ml_audit_write_pages(ml_audit *a, const char *dir)
{
	size_t i, n;

	if (ml_audit_pages_begin(a, &n) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ml_audit_write_page(a, dir, i) < 0)
			return -1;
	return ml_audit_write_pages_index(a, dir);
}

static int S_fill_worklist(void *ctx, FILE *out)
{
	S_fill *c = ctx;
	ml_buf head;
	size_t i;
	int r = 0;

	ml_buf_init(&head, 1 << 16);
	for (i = 0; i < S_NWORK; i++)
		ml_audit__csv_field(&head, S_work_columns[i], i + 1 == S_NWORK);
	if (fwrite(head.ptr, 1, head.size, out) != head.size)
		r = -1;
	ml_buf_free(&head);
	for (i = c->from; i < c->to && !r; i++)
		if (c->ds->v[i].work_len)
			r = S_copy(c->ds->spool, c->ds->v[i].work_off,
			           c->ds->v[i].work_len, out);
	return r;
}

int ml_audit_write_worklists(ml_audit *a, const char *dir)
{
	ml_audit_docs *ds = ml_audit__docs(a);
	S_fill c;
	size_t i, j, rows;
	char name[ML_AUDIT_PAGE_MAX + 64];

	S_sort(ds, 2);
	c.ds = ds;
	c.a = a;
	for (i = 0; i < ds->n; i = j) {
		for (j = i, rows = 0; j < ds->n &&
		     strcmp(ds->v[j].org, ds->v[i].org) == 0; j++)
			rows += ds->v[j].work_len;
		if (!rows)
			continue;
		c.from = i;
		c.to = j;
		ml_audit_worklist_name(ds->v[i].org, name, sizeof name);
		if (S_write_file(dir, name + strlen("worklists/"),
		                 S_fill_worklist, &c) < 0)
			return -1;
	}
	return 0;
}

/* len bytes at off of the spool into ds->buf (cleared). */
static int S_read(ml_audit_docs *ds, long off, size_t len)
{
	char chunk[65536];
	size_t n;

	ml_buf_clear(&ds->buf);
	if (len && fseek(ds->spool, off, SEEK_SET) != 0)
		return -1;
	while (len) {
		n = len < sizeof chunk ? len : sizeof chunk;
		if (fread(chunk, 1, n, ds->spool) != n)
			return -1;
		ml_buf_put(&ds->buf, chunk, n);
		len -= n;
	}
	return 0;
}

int ml_audit__docs_json(ml_audit_docs *ds, ml_json *j)
{
	static const char *const keys[] = {"rule", "severity",
	                                   "fingerprint", "part",
	                                   "paragraph", "disposition"};
	ml_buf f;
	size_t i, k;
	int r = 0;

	S_sort(ds, 1);
	ml_buf_init(&f, SIZE_MAX / 2);
	ml_json_key(j, "documents");
	ml_json_array(j);
	for (i = 0; i < ds->n && !r; i++) {
		const S_entry *e = &ds->v[i];
		const char *p;
		ml_json_object(j);
		ml_json_kv_str(j, "path", e->path);
		ml_json_kv_str(j, "organisation", e->org);
		ml_json_key(j, "findings");
		ml_json_array(j);
		r = S_read(ds, e->rec_off, e->rec_len);
		for (p = ds->buf.ptr; !r && *p;) {
			ml_json_object(j);
			for (k = 0; k < sizeof keys / sizeof *keys; k++) {
				S_unfield(&f, &p);
				if (k == 4)
					ml_json_kv_int(j, keys[k],
					               strtol(f.ptr, NULL, 10));
				else
					ml_json_kv_str(j, keys[k], f.ptr);
			}
			ml_json_object_end(j);
		}
		ml_json_array_end(j);
		ml_json_object_end(j);
	}
	ml_json_array_end(j);
	ml_buf_free(&f);
	return r;
}
