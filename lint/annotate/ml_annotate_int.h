/* ml_annotate_int.h - internals shared by the files of the annotated
 * copy (not a public interface): the byte scanner (ml_annotate_scan.c),
 * the paragraph locator (ml_annotate_loc.c) and the plan, the comments
 * part and the package (ml_annotate.c). */
#ifndef ML_ANNOTATE_INT_H
#define ML_ANNOTATE_INT_H

#include "ml_annotate.h"
#include "ml_doc.h"
#include "ml_buf.h"

#include <stddef.h>
#include <stdint.h>

#define ML_ANN_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define ML_ANN_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define ML_ANN_RELNS "http://schemas.openxmlformats.org/officeDocument/2006/" \
                "relationships/"
#define ML_ANN_CT_COMMENTS "application/vnd.openxmlformats-officedocument." \
                      "wordprocessingml.comments+xml"
#define ML_ANN_AUTHOR "marklint"
#define ML_ANN_MAX_ATTRS 64
#define ML_ANN_MAX_DEPTH 512

/* --- a byte scanner for well-formed XML ---
 *
 * Parts reach it only after the readers parsed them, so it does not
 * validate: it reports tags with their byte spans, resolves namespace
 * prefixes, and hands text spans over undecoded. */

typedef struct ml_ann_attr {
	const char *q;    /* qualified name */
	size_t qlen;
	const char *v;    /* raw value (entities not decoded) */
	size_t vlen;
} ml_ann_attr;

typedef struct ml_ann_tag {
	size_t start, end;   /* '<' .. after '>' */
	const char *q;       /* qualified name */
	size_t qlen;
	const char *local;   /* after the prefix */
	size_t llen;
	const char *uri;     /* NULL: no namespace */
	size_t ulen;
	ml_ann_attr a[ML_ANN_MAX_ATTRS];
	int na;
	int empty;           /* <x/> */
} ml_ann_tag;

typedef struct ml_ann_nsdecl {
	const char *p;
	size_t plen;
	const char *u;
	size_t ulen;
} ml_ann_nsdecl;

typedef struct ml_ann_scan {
	const char *buf;
	size_t len;
	ml_ann_nsdecl *ns;      /* owned */
	size_t nns, nsalloc;
	size_t mark[ML_ANN_MAX_DEPTH];
	unsigned depth;
	void *ud;
	void (*start)(void *ud, const ml_ann_tag *t);
	void (*end)(void *ud, const ml_ann_tag *t); /* t->start..end: end tag */
	void (*text)(void *ud, size_t start, size_t end, int cdata);
} ml_ann_scan;

/* Scans buf, calling start, end and text (any may be NULL) with ud;
 * returns 0, or -1 when the XML is not well-formed. */
int ml_ann__scan(const char *buf, size_t len, void *ud,
                 void (*start)(void *, const ml_ann_tag *),
                 void (*end)(void *, const ml_ann_tag *),
                 void (*text)(void *, size_t, size_t, int));
/* Sets s up to scan buf as ml_ann__scan does (then ml_ann__walk). */
void ml_ann__scan_init(ml_ann_scan *s, const char *buf, size_t len,
                       void *ud, void (*start)(void *, const ml_ann_tag *),
                       void (*end)(void *, const ml_ann_tag *),
                       void (*text)(void *, size_t, size_t, int));
/* The same over a scanner the caller set up (s->ns: caller frees). */
int ml_ann__walk(ml_ann_scan *s);
int ml_ann__is(const char *s, size_t n, const char *lit);
int ml_ann__in_w(const ml_ann_tag *t);
int ml_ann__w(const ml_ann_tag *t, const char *local);
const ml_ann_attr *ml_ann__attr(const ml_ann_tag *t, const char *local);
const ml_ann_attr *ml_ann__attr_q(const ml_ann_tag *t, const char *q);
long ml_ann__num(const ml_ann_attr *a);
void ml_ann__esc(ml_buf *b, const char *s, size_t n);
void ml_ann__escs(ml_buf *b, const char *s);
void ml_ann__decode(const char *s, size_t n, int cdata, size_t base,
                    ml_buf *out, size_t **src, size_t *asrc);

/* --- what to write: anchors, comments, proposals --- */

/* One comment to write. */
typedef struct ml_ann_note {
	long id;               /* w:id of the comment */
	const ml_finding *f;
	const ml_found *m;     /* its marking, or NULL */
	const ml_portion *p;   /* its portion */
	int elsewhere;         /* its portion is not in the main part */
} ml_ann_note;

/* Comments on one span of one paragraph of the main part. */
typedef struct ml_ann_group {
	uint32_t paragraph;
	size_t off, len;       /* span in the portion's text (len 0: all) */
	const ml_portion *p;
	size_t first, n;       /* its notes: notes[first..first+n) */
	const char *proposal;  /* replacement marking, or NULL */
	ml_annotate_edit *edit;/* ml_annotate_edits: the edit it makes */
} ml_ann_group;

/* A change to the main part: bytes [off, end) replaced by text. */
typedef struct ml_ann_splice {
	size_t off, end;
	int phase;             /* order among splices at one offset */
	size_t seq;
	char *text;            /* owned */
} ml_ann_splice;

typedef struct ml_ann {
	const ml_report *r;
	const ml_rules *rs;
	const ml_annotate_opts *o;
	ml_severity min;       /* the result's min_severity */
	ml_annotate_stats *st;
	ml_error *err;
	ml_ann_note *notes;         /* owned */
	size_t nnotes;
	ml_ann_group *groups;       /* owned, by paragraph */
	size_t ngroups;
	long *old;             /* ids of marklint's earlier comments, sorted */
	size_t nold;
	long next_id;          /* the next free w:id */
	ml_ann_splice *sp;          /* owned, with their text */
	size_t nsp, asp;
	ml_annotate_edit *edits; /* ml_annotate_edits: the only changes */
	size_t nedits;
	const ml_doc *doc;
} ml_ann;

/* Adds a splice; text is owned by a from here on. */
void ml_ann__splice_add(ml_ann *a, size_t off, size_t end, int phase,
                        char *text);
/* Whether id is one of marklint's earlier comments. */
int ml_ann__is_old(const ml_ann *a, long id);

/* Pass 1 over the main part (an ml_ann__scan start callback, ud the
 * ml_ann): the highest w:id in use. */
void ml_ann__maxid_start(void *ud, const ml_ann_tag *t);
/* Pass 2: locates the planned paragraphs of the main part buf and adds
 * the splices; q is the root's qualified name. Returns 0, or -1 when the
 * part cannot be rewritten. */
int ml_ann__locate(ml_ann *a, const char *buf, size_t len,
                   const char *q, size_t qlen);

#endif
