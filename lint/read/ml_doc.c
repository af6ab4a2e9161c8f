/* ml_doc.c - the portion model: documents, portions, and their builder. */
#include "ml_doc.h"
#include "ml_hash.h"
#include "ml_pmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define S_MAX_OPEN 64          /* paragraphs nested in paragraphs */
#define S_CHUNK (64 * 1024)    /* arena chunk */

/* A per-document arena: portion texts, ids and attributes live here and are
 * freed at once by ml_doc_free. */
typedef struct S_chunk {
	struct S_chunk *next;
	size_t used, size;
	char data[];
} S_chunk;

typedef struct S_open {
	ml_buf text;
	size_t slot;
	ml_link *refs;
	size_t *ref_at;   /* where in text each reference was made */
	size_t nrefs, crefs;
	ml_attr *attrs;
	size_t nattrs, cattrs;
	int heading;
} S_open;

typedef struct S_part {
	const char *name; /* in the arena */
	uint32_t paragraphs;
	int rank;
	uint32_t page, slide; /* given to the part's portions */
	const char *section; /* the last heading or number (arena) */
} S_part;

typedef struct S_note {
	ml_link_kind kind;
	const char *id;
	size_t first, count;
} S_note;

struct ml_doc {
	char *path;
	ml_format format;
	ml_limits lim;
	ml_error err;
	int failed;
	S_chunk *arena;

	ml_portion *portions; /* slots in start order; dropped ones have
	                         text == NULL until ml_doc__finish */
	size_t nportions, cportions;
	S_part *parts;
	size_t nparts, cparts, cur_part;
	uint32_t *part_hash;  /* open addressing: part index + 1, 0 empty */
	size_t nhash;         /* slots, a power of two, > 2 * nparts */
	uint32_t *slot_part;  /* the part of each portion slot */
	ml_link owner;
	S_open open[S_MAX_OPEN];
	int depth;
	S_note *notes;
	size_t nnotes;
	const char *meta[ML_META__COUNT];
	uint64_t inflated;
	int packaged;
	int split_lines;  /* a line break followed by a mark starts a portion */
	size_t *pieces;   /* scratch of S_split: where each piece starts */
	size_t cpieces;

	/* streaming (ml_doc__set_sink): each portion goes to the sink as
	 * soon as it is final; portions[0, nportions) then holds only those
	 * the sink kept, and the latest, whose index is kept_at[] */
	ml_doc_sink sink;
	void *sink_ctx;
	int streaming;    /* the reader streams and a sink is set */
	int tail_loose;   /* the last kept portion goes when the next comes */
	size_t *kept_at;  /* the index of each portion held (cportions) */
	size_t nstreamed; /* portions handed to the sink */
};

/* --- arena --- */

static void *S_alloc(ml_doc *doc, size_t n)
{
	S_chunk *c = doc->arena;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->size - c->used < n) {
		size_t size = n > S_CHUNK ? n : S_CHUNK;
		c = ml_xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = doc->arena;
		doc->arena = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

static const char *S_strndup(ml_doc *doc, const char *s, size_t n)
{
	char *p = S_alloc(doc, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* --- public getters --- */

void ml_limits_default(ml_limits *lim)
{
	lim->max_file_size = (uint64_t)2 << 30;     /* 2 GiB */
	lim->max_part_size = (uint64_t)512 << 20;   /* 512 MiB */
	lim->max_total_size = (uint64_t)1 << 30;    /* 1 GiB */
	lim->max_ratio = 200;
	lim->max_entries = 10000;
	lim->max_depth = 256;
	lim->max_entity_expansion = (uint64_t)1 << 20;  /* 1 MiB */
	lim->max_zip_nesting = 2;
	lim->max_portion_size = (uint64_t)64 << 20;  /* 64 MiB */
	lim->max_pages = 10000;
	lim->max_pdf_seconds = 120;
	lim->max_page_seconds = 3;
	lim->max_pdf_memory = (uint64_t)256 << 20;  /* 256 MiB */
}

const char *ml_version(void)
{
	return ML_VERSION_STRING;
}

const char *ml_format_name(ml_format format)
{
	static const char *const names[ML_FORMAT__COUNT] = {
		"docx", "flat-opc", "odt", "ism-xml", "xml", "text", "html",
		"markdown", "pdf", "pptx"};
	return (unsigned)format < ML_FORMAT__COUNT ? names[format]
	                                           : "unknown";
}

const char *ml_link_kind_name(ml_link_kind kind)
{
	static const char *const names[] = {"", "footnote", "endnote",
	                                    "comment"};
	return (unsigned)kind < 4 ? names[kind] : "";
}

const char *ml_meta_key_name(ml_meta_key key)
{
	static const char *const names[] = {"title", "creator", "created",
	                                    "modified", "last-modified-by",
	                                    "company"};
	return (unsigned)key < ML_META__COUNT ? names[key] : "";
}

const char *ml_doc_path(const ml_doc *doc) { return doc->path; }
ml_format ml_doc_format(const ml_doc *doc) { return doc->format; }
size_t ml_doc_portion_count(const ml_doc *doc)
{
	return doc->streaming ? doc->nstreamed : doc->nportions;
}

/* A streamed document holds some portions only: found by index. */
static const ml_portion *S_kept(const ml_doc *doc, size_t i)
{
	size_t lo = 0, hi = doc->nportions;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (doc->kept_at[mid] == i)
			return &doc->portions[mid];
		if (doc->kept_at[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const ml_portion *ml_doc_portion(const ml_doc *doc, size_t i)
{
	if (doc->streaming)
		return S_kept(doc, i);
	return i < doc->nportions ? &doc->portions[i] : NULL;
}

int ml_doc_streamed(const ml_doc *doc)
{
	return doc->streaming;
}

uint32_t ml_portion_line(const ml_portion *p, size_t off)
{
	uint32_t line = p->line;
	size_t i;

	if (!line)
		return 0;
	if (off > p->len)
		off = p->len;
	for (i = 0; i < off; i++)
		line += p->text[i] == '\n';
	return line;
}

const char *ml_doc_meta(const ml_doc *doc, ml_meta_key key)
{
	return (unsigned)key < ML_META__COUNT ? doc->meta[key] : NULL;
}

static int S_note_cmp(ml_link_kind ka, const char *ia, ml_link_kind kb,
                      const char *ib)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(ia, ib);
}

size_t ml_doc_linked(const ml_doc *doc, ml_link_kind kind, const char *id,
                     size_t *first)
{
	size_t lo = 0, hi = doc->nnotes;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const S_note *n = &doc->notes[mid];
		int c = S_note_cmp(kind, id, n->kind, n->id);
		if (c == 0) {
			if (first)
				*first = n->first;
			return n->count;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* --- life cycle --- */

ml_doc *ml_doc__new(const char *path, const ml_limits *lim, ml_error *err)
{
	ml_doc *doc = ml_xcalloc(1, sizeof *doc);
	int i;

	(void)err;
	doc->path = ml_xstrdup(path);
	if (lim)
		doc->lim = *lim;
	else
		ml_limits_default(&doc->lim);
	for (i = 0; i < S_MAX_OPEN; i++)
		ml_buf_init(&doc->open[i].text, doc->lim.max_portion_size);
	doc->format = ML_FORMAT_TEXT;
	return doc;
}

void ml_doc_free(ml_doc *doc)
{
	S_chunk *c, *next;
	int i;

	if (!doc)
		return;
	for (i = 0; i < S_MAX_OPEN; i++) {
		ml_buf_free(&doc->open[i].text);
		free(doc->open[i].refs);
		free(doc->open[i].ref_at);
		free(doc->open[i].attrs);
	}
	for (c = doc->arena; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc->pieces);
	if (doc->streaming)
		for (i = 0; (size_t)i < doc->nportions; i++)
			free((char *)doc->portions[i].text);
	free(doc->kept_at);
	free(doc->portions);
	free(doc->slot_part);
	free(doc->part_hash);
	free(doc->parts);
	free(doc->notes);
	free(doc->path);
	free(doc);
}

const ml_limits *ml_doc__limits(const ml_doc *doc) { return &doc->lim; }
ml_error *ml_doc__err(ml_doc *doc) { return &doc->err; }
int ml_doc__failed(const ml_doc *doc) { return doc->failed; }
int ml_doc__status(const ml_doc *doc, int ok)
{
	return doc->failed ? doc->err.status : ok;
}
const int *ml_doc__failed_flag(const ml_doc *doc) { return &doc->failed; }
uint64_t *ml_doc__inflated(ml_doc *doc) { return &doc->inflated; }
void ml_doc__set_format(ml_doc *doc, ml_format format)
{
	doc->format = format;
}

/* Errors are one line: libxml2's messages carry newlines. */
static void S_one_line(char *msg)
{
	char *in, *out = msg;

	for (in = msg; *in; in++) {
		char c = (unsigned char)*in < 0x20 ? ' ' : *in;
		if (c == ' ' && (out == msg || out[-1] == ' '))
			continue;
		*out++ = c;
	}
	while (out > msg && out[-1] == ' ')
		out--;
	*out = '\0';
}

int ml_doc__fail(ml_doc *doc, ml_status status, const char *code,
                 const char *fmt, ...)
{
	va_list ap;

	if (doc->failed)
		return doc->err.status;
	doc->failed = 1;
	doc->err.status = status;
	snprintf(doc->err.code, sizeof doc->err.code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(doc->err.message, sizeof doc->err.message, fmt, ap);
	va_end(ap);
	S_one_line(doc->err.message);
	return status;
}

/* --- parts and owners --- */

/* The hash slot of name: where it is, or the empty slot it would take.
 * Documents with thousands of parts (PDF pages) must not cost a scan of
 * every part per part. */
static size_t S_slot(const ml_doc *doc, const char *name)
{
	size_t mask = doc->nhash - 1, i = (size_t)ml_fnv1a_str(name) & mask;

	while (doc->part_hash[i] &&
	       strcmp(doc->parts[doc->part_hash[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return i;
}

static void S_rehash(ml_doc *doc)
{
	size_t i;

	free(doc->part_hash);
	doc->nhash = doc->nhash ? doc->nhash * 2 : 64;
	doc->part_hash = ml_xcalloc(doc->nhash, sizeof *doc->part_hash);
	for (i = 0; i < doc->nparts; i++)
		doc->part_hash[S_slot(doc, doc->parts[i].name)] =
		    (uint32_t)i + 1;
}

void ml_doc__part(ml_doc *doc, const char *name)
{
	size_t slot;

	if (doc->nparts && strcmp(doc->parts[doc->cur_part].name, name) == 0)
		return;
	if (2 * (doc->nparts + 1) >= doc->nhash)
		S_rehash(doc);
	slot = S_slot(doc, name);
	if (doc->part_hash[slot]) {
		doc->cur_part = doc->part_hash[slot] - 1;
		return;
	}
	ML_VEC_GROW(doc->parts, doc->cparts, doc->nparts + 1, 8);
	doc->parts[doc->nparts].name = S_strndup(doc, name, strlen(name));
	doc->parts[doc->nparts].paragraphs = 0;
	doc->parts[doc->nparts].rank = 0;
	doc->parts[doc->nparts].page = 0;
	doc->parts[doc->nparts].slide = 0;
	doc->parts[doc->nparts].section = NULL;
	doc->part_hash[slot] = (uint32_t)doc->nparts + 1;
	doc->cur_part = doc->nparts++;
}

void ml_doc__part_page(ml_doc *doc, uint32_t page, uint32_t slide)
{
	if (doc->nparts) {
		doc->parts[doc->cur_part].page = page;
		doc->parts[doc->cur_part].slide = slide;
	}
}

void ml_doc__part_rank(ml_doc *doc, int rank)
{
	if (doc->nparts)
		doc->parts[doc->cur_part].rank = rank;
}

void ml_doc__set_packaged(ml_doc *doc)
{
	doc->packaged = 1;
}

const char *ml_doc__part_name(const ml_doc *doc)
{
	return doc->nparts ? doc->parts[doc->cur_part].name : "";
}

void ml_doc__owner(ml_doc *doc, ml_link_kind kind, const char *id,
                   size_t idlen)
{
	if (kind == ML_LINK_NONE || !id) {
		doc->owner.kind = ML_LINK_NONE;
		doc->owner.id = NULL;
		return;
	}
	if (idlen == (size_t)-1)
		idlen = strlen(id);
	doc->owner.kind = kind;
	doc->owner.id = S_strndup(doc, id, idlen);
}

/* --- paragraphs --- */

int ml_doc__para_begin(ml_doc *doc, uint32_t line)
{
	ml_portion *p;
	S_open *o;

	if (doc->depth == S_MAX_OPEN)
		return ml_doc__fail(doc, ML_ELIMIT, "limit-depth",
		                    "%s: paragraphs nested more than %d deep",
		                    ml_doc__part_name(doc), S_MAX_OPEN);
	if (!doc->nparts)
		ml_doc__part(doc, doc->path);
	if (doc->nportions == doc->cportions) {
		doc->cportions = doc->cportions ? doc->cportions * 2 : 64;
		doc->portions = ml_xrealloc(doc->portions,
		                            doc->cportions * sizeof *p);
		doc->slot_part = ml_xrealloc(doc->slot_part, doc->cportions *
		                             sizeof *doc->slot_part);
		if (doc->streaming)
			doc->kept_at = ml_xrealloc(doc->kept_at,
			    doc->cportions * sizeof *doc->kept_at);
	}
	doc->slot_part[doc->nportions] = (uint32_t)doc->cur_part;
	p = &doc->portions[doc->nportions];
	memset(p, 0, sizeof *p);
	p->part = doc->parts[doc->cur_part].name;
	p->paragraph = ++doc->parts[doc->cur_part].paragraphs;
	p->line = line;
	p->page = doc->parts[doc->cur_part].page;
	p->slide = doc->parts[doc->cur_part].slide;
	p->owner = doc->owner;
	o = &doc->open[doc->depth++];
	ml_buf_clear(&o->text);
	o->slot = doc->nportions++;
	o->nrefs = 0;
	o->nattrs = 0;
	o->heading = 0;
	return 0;
}

void ml_doc__para_heading(ml_doc *doc, int level)
{
	if (doc->depth)
		doc->open[doc->depth - 1].heading = level > 0 ? level : 1;
}

int ml_doc__para_depth(const ml_doc *doc)
{
	return doc->depth;
}

int ml_doc__text(ml_doc *doc, const char *s, size_t len)
{
	S_open *o;

	if (!doc->depth)
		return 0;
	o = &doc->open[doc->depth - 1];
	if (ml_buf_put(&o->text, s, len) < 0)
		return ml_doc__fail(doc, ML_ELIMIT, "limit-portion-size",
		                    "%s: paragraph %u is longer than %llu bytes "
		                    "(--max-portion-size)",
		                    ml_doc__part_name(doc),
		                    doc->portions[o->slot].paragraph,
		                    (unsigned long long)o->text.cap);
	return 0;
}

int ml_doc__ref(ml_doc *doc, ml_link_kind kind, const char *id, size_t idlen)
{
	S_open *o;
	size_t i;

	if (!doc->depth || !id)
		return 0;
	if (idlen == (size_t)-1)
		idlen = strlen(id);
	o = &doc->open[doc->depth - 1];
	for (i = 0; i < o->nrefs; i++)
		if (o->refs[i].kind == kind &&
		    strncmp(o->refs[i].id, id, idlen) == 0 &&
		    o->refs[i].id[idlen] == '\0')
			return 0;
	if (o->nrefs == o->crefs) {
		o->crefs = o->crefs ? o->crefs * 2 : 4;
		o->refs = ml_xrealloc(o->refs, o->crefs * sizeof *o->refs);
		o->ref_at = ml_xrealloc(o->ref_at,
		                        o->crefs * sizeof *o->ref_at);
	}
	o->ref_at[o->nrefs] = o->text.size;
	o->refs[o->nrefs].kind = kind;
	o->refs[o->nrefs].id = S_strndup(doc, id, idlen);
	o->nrefs++;
	return 0;
}

int ml_doc__attr(ml_doc *doc, const char *name, const char *value,
                 size_t vlen)
{
	S_open *o;

	if (!doc->depth)
		return 0;
	o = &doc->open[doc->depth - 1];
	ML_VEC_GROW(o->attrs, o->cattrs, o->nattrs + 1, 4);
	o->attrs[o->nattrs].name = S_strndup(doc, name, strlen(name));
	o->attrs[o->nattrs].value = S_strndup(doc, value, vlen);
	o->nattrs++;
	return 0;
}

/* --- marks and sections --- */

#define S_SECTION_MAX 60 /* bytes of a heading's text used as a section */

/* The paragraph number as a section label: "1." -> "1", "¶3." -> "¶3",
 * "1.2.3." -> "1.2.3"; letters keep their point ("A.", "a.") and
 * parentheses stay ("(a)"). */
static const char *S_number_label(ml_doc *doc, const char *s, size_t n)
{
	if (n > 1 && (s[n - 1] == '.' || s[n - 1] == ')') && s[0] != '(' &&
	    s[n - 2] >= '0' && s[n - 2] <= '9')
		n--;
	return S_strndup(doc, s, n);
}

static int S_has_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* A heading without a number: its first words, cut at a space. */
static const char *S_heading_label(ml_doc *doc, const char *s, size_t n)
{
	size_t cut = n;

	cut = strcspn(s, "\n");
	if (cut > n)
		cut = n;
	if (cut > S_SECTION_MAX) {
		cut = S_SECTION_MAX;
		while (cut > S_SECTION_MAX / 2 && s[cut] != ' ')
			cut--;
		/* never inside a UTF-8 sequence */
		while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	while (cut && s[cut - 1] == ' ')
		cut--;
	return cut ? S_strndup(doc, s, cut) : NULL;
}

/* Records the portion mark p's text begins with and the section p is in
 * (its own number, a heading, or the part's last one). */
static void S_mark_and_section(ml_doc *doc, ml_portion *p, int heading)
{
	/* the part the paragraph began in (the current one may have changed
	 * since): by its slot, not a search of every part, which cost a PDF
	 * of thousands of pages (a part each) a fifth of its check */
	S_part *part = &doc->parts[doc->slot_part[p - doc->portions]];
	const char *label = NULL;
	ml_pmark pm;
	int mark = ml_pmark_scan(p->text, p->len, &pm);

	if (mark) {
		p->mark_off = (uint32_t)pm.off; /* both bounded by the scan */
		p->mark_len = (uint32_t)pm.len;
	}
	/* a number opens a section when a mark follows it, or when it has a
	 * digit and no lower-case word follows: "a. the offeror" continues
	 * a list, "J. Smith" and "B. STATE 123" are no sections */
	if (pm.num_len && (mark || heading ||
	                   (S_has_digit(p->text + pm.num_off, pm.num_len) &&
	                    !(p->text[pm.body] >= 'a' &&
	                      p->text[pm.body] <= 'z'))))
		label = S_number_label(doc, p->text + pm.num_off, pm.num_len);
	if (!label && heading)
		label = S_heading_label(doc, p->text + pm.body,
		                        p->len - pm.body);
	if (label)
		part->section = label;
	p->section = part->section;
}

void ml_doc__split_lines(ml_doc *doc, int on)
{
	doc->split_lines = on;
}

/* Fills p from the normalised text t[0..len): its text, mark and
 * section, the references made in it (those whose line ordinal, in
 * ref_line, falls in [line_lo, line_hi)) and the attributes. */
static void S_fill(ml_doc *doc, ml_portion *p, const S_open *o,
                   const char *t, size_t len, int heading,
                   const size_t *ref_line, size_t line_lo, size_t line_hi)
{
	size_t i, n = 0;

	if (doc->streaming) { /* freed when the sink lets it go */
		char *own = ml_xmalloc(len + 1);
		memcpy(own, t, len);
		own[len] = '\0';
		p->text = own;
	} else {
		p->text = S_strndup(doc, t, len);
	}
	p->len = len;
	S_mark_and_section(doc, p, heading);
	for (i = 0; i < o->nrefs; i++)
		n += !ref_line || (ref_line[i] >= line_lo &&
		                   ref_line[i] < line_hi);
	if (n) {
		ml_link *refs = S_alloc(doc, n * sizeof *refs);
		for (i = n = 0; i < o->nrefs; i++)
			if (!ref_line || (ref_line[i] >= line_lo &&
			                  ref_line[i] < line_hi))
				refs[n++] = o->refs[i];
		p->refs = refs;
		p->nrefs = n;
	}
	if (o->nattrs) {
		ml_attr *attrs = S_alloc(doc, o->nattrs * sizeof *attrs);
		memcpy(attrs, o->attrs, o->nattrs * sizeof *attrs);
		p->attrs = attrs;
		p->nattrs = o->nattrs;
	}
}

/* The line (count of '\n' before it, leading ones not counted, as
 * normalisation drops them) of each reference in the raw text; caller
 * frees. With no reference, the pieces of a paragraph take none. */
static size_t *S_ref_lines(const S_open *o)
{
	size_t *lines = ml_xmalloc(o->nrefs * sizeof *lines), i, k = 0, nl = 0;
	const char *raw = o->text.ptr;
	int seen = 0; /* a visible byte came before */

	for (i = 0; i <= o->text.size && k < o->nrefs; i++) {
		while (k < o->nrefs && o->ref_at[k] <= i)
			lines[k++] = nl;
		if (i == o->text.size)
			break;
		if (raw[i] == '\n')
			nl += seen;
		else if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\r')
			seen = 1;
	}
	while (k < o->nrefs)
		lines[k++] = nl;
	return lines;
}

/* Where in t[0..len) a new portion starts: after a line break, at a line
 * that begins with a portion mark (MARKINGS.md 3.1.1). Fills
 * doc->pieces with the starts (the first is 0) and returns their count. */
static size_t S_pieces(ml_doc *doc, const char *t, size_t len)
{
	size_t n = 0, i = 0;
	const char *nl;
	ml_pmark pm;

	for (;;) {
		ML_VEC_GROW(doc->pieces, doc->cpieces, n + 1, 16);
		doc->pieces[n++] = i;
		do {
			nl = memchr(t + i, '\n', len - i);
			if (!nl)
				return n;
			i = (size_t)(nl - t) + 1;
			while (i < len && t[i] == '\n')
				i++;
		} while (i >= len || !ml_pmark_scan(t + i, len - i, &pm));
	}
}

static size_t S_lines_before(const char *t, size_t off)
{
	size_t i, n = 0;

	for (i = 0; i < off; i++)
		n += t[i] == '\n';
	return n;
}

/* Ends the paragraph of slot o as several portions, one per piece (the
 * paragraph number of the source paragraph stays, so a Word paragraph is
 * found where it was; a reference goes with the piece it was made in). */
static int S_split(ml_doc *doc, S_open *o, size_t npieces, size_t len,
                   size_t *ref_line)
{
	const char *t = o->text.ptr;
	size_t k, slot = o->slot, lines = 0;
	ml_portion base = doc->portions[slot];

	if (doc->nportions + npieces - 1 > doc->cportions) {
		while (doc->nportions + npieces - 1 > doc->cportions)
			doc->cportions *= 2;
		doc->portions = ml_xrealloc(doc->portions, doc->cportions *
		                            sizeof *doc->portions);
		doc->slot_part = ml_xrealloc(doc->slot_part, doc->cportions *
		                             sizeof *doc->slot_part);
		if (doc->streaming)
			doc->kept_at = ml_xrealloc(doc->kept_at,
			    doc->cportions * sizeof *doc->kept_at);
	}
	/* text boxes read inside the paragraph stay after all its pieces */
	memmove(&doc->portions[slot + npieces], &doc->portions[slot + 1],
	        (doc->nportions - slot - 1) * sizeof *doc->portions);
	memmove(&doc->slot_part[slot + npieces], &doc->slot_part[slot + 1],
	        (doc->nportions - slot - 1) * sizeof *doc->slot_part);
	for (k = 1; k < npieces; k++)
		doc->slot_part[slot + k] = doc->slot_part[slot];
	doc->nportions += npieces - 1;
	for (k = 0; k < npieces; k++) {
		size_t from = doc->pieces[k];
		size_t to = k + 1 < npieces ? doc->pieces[k + 1] : len;
		size_t line_lo = lines;
		ml_portion *p = &doc->portions[slot + k];

		lines += S_lines_before(t + from, to - from);
		while (to > from && t[to - 1] == '\n')
			to--;
		*p = base;
		if (base.line)
			p->line = base.line + (uint32_t)line_lo;
		S_fill(doc, p, o, t + from, to - from, k == 0 ? o->heading : 0,
		       ref_line, k ? line_lo : 0,
		       k + 1 < npieces ? lines : (size_t)-1);
	}
	return 0;
}

static int S_para_end(ml_doc *doc, int keep_blank)
{
	S_open *o;
	ml_portion *p;
	size_t len, npieces;
	size_t *ref_line = NULL;

	if (!doc->depth)
		return 0;
	o = &doc->open[--doc->depth];
	p = &doc->portions[o->slot];
	if (doc->split_lines && o->nrefs && memchr(o->text.ptr, '\n',
	                                           o->text.size))
		ref_line = S_ref_lines(o); /* before the raw text is gone */
	len = ml_norm__inplace(o->text.ptr, o->text.size);
	if (len == (size_t)-1) {
		free(ref_line);
		return ml_doc__fail(doc, ML_EFORMAT, "invalid-utf8",
		                    "%s: paragraph %u is not valid UTF-8",
		                    p->part, p->paragraph);
	}
	if (!len && !o->nrefs && !o->nattrs && !keep_blank) {
		free(ref_line);
		return 0; /* slot stays empty, dropped at finish */
	}
	if (doc->split_lines && memchr(o->text.ptr, '\n', len) &&
	    (npieces = S_pieces(doc, o->text.ptr, len)) > 1) {
		int r = S_split(doc, o, npieces, len, ref_line);
		free(ref_line);
		return r;
	}
	free(ref_line);
	S_fill(doc, p, o, o->text.ptr, len, o->heading, NULL, 0, 0);
	return 0;
}

/* --- streaming --- */

void ml_doc__set_sink(ml_doc *doc, ml_doc_sink sink, void *ctx)
{
	doc->sink = sink;
	doc->sink_ctx = ctx;
}

void ml_doc__stream(ml_doc *doc)
{
	if (!doc->sink || doc->streaming || doc->nportions || doc->depth)
		return;
	doc->streaming = 1;
	if (doc->cportions)
		doc->kept_at = ml_xrealloc(doc->kept_at, doc->cportions *
		                           sizeof *doc->kept_at);
}

/* Lets the held portion at k go: its text first. */
static void S_release(ml_doc *doc, size_t k)
{
	free((char *)doc->portions[k].text);
	memmove(&doc->portions[k], &doc->portions[k + 1],
	        (doc->nportions - k - 1) * sizeof *doc->portions);
	memmove(&doc->kept_at[k], &doc->kept_at[k + 1],
	        (doc->nportions - k - 1) * sizeof *doc->kept_at);
	memmove(&doc->slot_part[k], &doc->slot_part[k + 1],
	        (doc->nportions - k - 1) * sizeof *doc->slot_part);
	doc->nportions--;
}

/* No paragraph is open: the portions made since the last flush are final.
 * Each goes to the sink (which sees it and the one before it); the one
 * before goes unless the sink kept it. Blank slots are dropped here. */
static void S_flush(ml_doc *doc, size_t from)
{
	size_t j, end = doc->nportions, held = from;
	int keep;

	for (j = from; j < end; j++) {
		if (!doc->portions[j].text)
			continue;
		doc->portions[held] = doc->portions[j];
		doc->slot_part[held] = doc->slot_part[j];
		doc->kept_at[held] = doc->nstreamed++;
		if (doc->packaged) /* as ml_doc__finish does to the others */
			doc->portions[held].line = 0;
		doc->nportions = held + 1;
		keep = doc->sink(doc->sink_ctx, doc, doc->kept_at[held]);
		if (doc->tail_loose && held > 0) {
			S_release(doc, held - 1);
			held--;
		}
		doc->tail_loose = !keep;
		held++;
	}
	doc->nportions = held;
}

int ml_doc__para_end(ml_doc *doc, int keep_blank)
{
	size_t from;
	int r;

	if (!doc->streaming || doc->depth != 1)
		return S_para_end(doc, keep_blank);
	from = doc->open[0].slot;
	if ((r = S_para_end(doc, keep_blank)) < 0)
		return r;
	S_flush(doc, from);
	return 0;
}

void ml_doc__meta(ml_doc *doc, ml_meta_key key, const char *value,
                  size_t len)
{
	char *norm;
	size_t n;

	if ((unsigned)key >= ML_META__COUNT || doc->meta[key])
		return;
	norm = ml_normalize(value, len, &n);
	if (norm && n)
		doc->meta[key] = S_strndup(doc, norm, n);
	free(norm);
}

/* --- finishing --- */

static int S_note_sort(const void *a, const void *b)
{
	const S_note *x = a, *y = b;
	int c = S_note_cmp(x->kind, x->id, y->kind, y->id);

	if (c)
		return c;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* A portion of a comment that marklint annotate wrote (the reader marks
 * them): the review of the document, not part of it. */
static int S_tool_written(const ml_portion *p)
{
	size_t i;

	for (i = 0; i < p->nattrs; i++)
		if (strcmp(p->attrs[i].name, ML_ATTR_ANNOTATION) == 0)
			return 1;
	return 0;
}

static int S_linked(const ml_portion *p)
{
	return p->owner.kind != ML_LINK_NONE && !S_tool_written(p);
}

/* Indexes the portions that belong to notes and comments, so that
 * ml_doc_linked finds them by (kind, id) in log time. marklint's own
 * comments are left out: they must not justify what they review. */
static void S_index_notes(ml_doc *doc)
{
	size_t i, n = 0, out = 0;

	for (i = 0; i < doc->nportions; i++)
		n += (size_t)S_linked(&doc->portions[i]);
	if (!n)
		return;
	doc->notes = ml_xmalloc(n * sizeof *doc->notes);
	for (i = 0; i < doc->nportions; i++) {
		const ml_portion *p = &doc->portions[i];
		if (!S_linked(p))
			continue;
		doc->notes[out].kind = p->owner.kind;
		doc->notes[out].id = p->owner.id;
		/* streamed: the index in the whole document (the sink keeps
		 * every portion of a note, so a note's stay consecutive) */
		doc->notes[out].first = doc->streaming ? doc->kept_at[i] : i;
		doc->notes[out].count = 1;
		out++;
	}
	qsort(doc->notes, n, sizeof *doc->notes, S_note_sort);
	/* merge runs of the same note into (first, count) */
	out = 0;
	for (i = 0; i < n; i++) {
		S_note *last = out ? &doc->notes[out - 1] : NULL;
		if (last && last->kind == doc->notes[i].kind &&
		    strcmp(last->id, doc->notes[i].id) == 0) {
			last->count = doc->notes[i].first - last->first + 1;
			continue;
		}
		doc->notes[out++] = doc->notes[i];
	}
	doc->nnotes = out;
}

typedef struct S_sortkey {
	int rank;
	size_t part;
	uint32_t paragraph;
	size_t slot;
} S_sortkey;

static int S_sortkey_cmp(const void *a, const void *b)
{
	const S_sortkey *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	if (x->paragraph != y->paragraph)
		return x->paragraph < y->paragraph ? -1 : 1;
	return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/* Puts portions in part order, then paragraph order. Readers that meet
 * parts interleaved (Word 2003 XML holds headers and notes inline) leave
 * them in start order; most inputs are already sorted and skip this. */
static void S_sort_portions(ml_doc *doc)
{
	size_t i, n = doc->nportions;
	S_sortkey *keys;
	ml_portion *sorted;
	int ordered = 1;

	for (i = 1; i < n && ordered; i++) {
		size_t a = doc->slot_part[i - 1], b = doc->slot_part[i];
		int ra = doc->parts[a].rank, rb = doc->parts[b].rank;
		ordered = ra < rb || (ra == rb && a <= b);
	}
	if (ordered)
		return;
	keys = ml_xmalloc(n * sizeof *keys);
	for (i = 0; i < n; i++) {
		keys[i].part = doc->slot_part[i];
		keys[i].rank = doc->parts[keys[i].part].rank;
		keys[i].paragraph = doc->portions[i].paragraph;
		keys[i].slot = i;
	}
	qsort(keys, n, sizeof *keys, S_sortkey_cmp);
	sorted = ml_xmalloc(n * sizeof *sorted);
	for (i = 0; i < n; i++)
		sorted[i] = doc->portions[keys[i].slot];
	for (i = 0; i < n; i++)
		doc->slot_part[i] = (uint32_t)keys[i].part;
	free(doc->portions);
	doc->portions = sorted;
	doc->cportions = n;
	free(keys);
}

int ml_doc__finish(ml_doc *doc)
{
	size_t i, out = 0;

	while (doc->depth)
		doc->depth--; /* paragraphs left open by a failed read */
	for (i = 0; i < doc->nportions; i++)
		if (doc->portions[i].text) {
			doc->slot_part[out] = doc->slot_part[i];
			if (doc->streaming)
				doc->kept_at[out] = doc->kept_at[i];
			doc->portions[out++] = doc->portions[i];
		}
	doc->nportions = out;
	if (doc->packaged)
		for (i = 0; i < out; i++)
			doc->portions[i].line = 0;
	if (!doc->streaming) /* a streaming reader made them in order */
		S_sort_portions(doc);
	S_index_notes(doc);
	return ml_doc__status(doc, 0);
}
