/* ml_opc.h - an Open Packaging Conventions package (DOCX, PPTX): content
 * types, relationships, the main part, metadata; what the DOCX and
 * PowerPoint readers share.
 *
 * Relationship targets resolve against the source part's folder. External
 * targets, targets with a URI scheme and targets that climb out of the
 * package are not followed: that is no error (hyperlinks are external all
 * the time), there is just nothing to read.
 *
 * Include graph: ml_opc.h -> ml_doc.h, ml_zip.h.
 */
#ifndef ML_OPC_H
#define ML_OPC_H

#include "ml_doc.h"
#include "ml_zip.h"

typedef struct ml_opc_rel {
	char *id;     /* owned; NULL when the relationship has none */
	char *type;   /* owned */
	char *target; /* resolved part name without '/', owned; NULL when the
	                 target is not followed */
} ml_opc_rel;

typedef struct ml_opc_rels {
	ml_opc_rel *v;
	size_t n, c;
	char *dir;    /* folder of the source part ("" or "word/"), owned */
} ml_opc_rels;

typedef struct ml_opc_pair {
	char *key;    /* extension or part name without '/', owned */
	char *ct;     /* owned */
} ml_opc_pair;

/* One package (the input, or one embedded in it). Fill with ml_opc_open,
 * release with ml_opc_close. */
typedef struct ml_opc {
	ml_doc *doc;
	ml_zip *z;
	const char *prefix;   /* "" or "word/afchunk.docx!/": the prefix of
	                         the part names given to the doc (borrowed) */
	ml_opc_pair *def, *ovr; /* [Content_Types].xml */
	size_t ndef, cdef, novr, covr;
	ml_opc_rels rels;     /* _rels/.rels */
	char **seen;          /* parts read (owned), so none is read twice */
	size_t nseen, cseen;
} ml_opc;

/* Reads [Content_Types].xml and _rels/.rels of the package in z. Returns
 * 0 or a negative status (recorded in doc); p is to be closed either way. */
int ml_opc_open(ml_opc *p, ml_doc *doc, ml_zip *z, const char *prefix);
void ml_opc_close(ml_opc *p);

/* The content type of a part (name without '/'): its Override, else the
 * Default of its extension; NULL when none. Borrowed from p. */
const char *ml_opc_ctype(const ml_opc *p, const char *part);

/* The main part: the officeDocument relationship's target, which must be
 * in the package ("opc-no-main-part" otherwise). Borrowed from p. */
int ml_opc_main_part(ml_opc *p, const char **out);

/* Reads the relationships of part (name without '/') into r (zeroed by
 * the caller; free with ml_opc_rels_free); a part without a relationships
 * part has none. */
int ml_opc_rels_of(ml_opc *p, const char *part, ml_opc_rels *r);
void ml_opc_rels_free(ml_opc_rels *r);
/* The relationship with this id, or NULL. */
const ml_opc_rel *ml_opc_rel_by_id(const ml_opc_rels *r, const char *id);

/* Whether rel's type is the officeDocument relationship type name
 * ("header", "slide"...), transitional or Strict. */
int ml_opc_rel_is(const ml_opc_rel *rel, const char *name);

/* Marks part as read; 0 when it already was. */
int ml_opc_first_time(ml_opc *p, const char *part);

/* The name the doc knows a part by: prefix + entry name; caller frees. */
char *ml_opc_full_name(const ml_opc *p, int idx);

/* Reads the metadata parts named in _rels/.rels (docProps/core.xml,
 * docProps/app.xml). */
int ml_opc_read_meta(ml_opc *p);

/* Whether s is one of list[0..n) (ASCII case-insensitive); s may be
 * NULL. */
int ml_opc_in(const char *s, const char *const *list, size_t n);
#define ML_OPC_IN(s, list) ml_opc_in(s, list, sizeof list / sizeof list[0])

/* "a spreadsheet" or "a presentation" for a content type of one, else
 * NULL. */
const char *ml_opc_kind(const char *ct);

#endif
