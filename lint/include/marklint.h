/* marklint.h - public API of libmarklint: read documents into portions.
 *
 * Data flows one way: input -> portions -> markings -> findings -> writers.
 * This header exposes the first stage (documents and their portions); the
 * later stages build on it.
 *
 * Ownership: every object returned by a function named *_open or *_new is
 * owned by the caller and freed with the matching *_free. Pointers returned
 * by getters are borrowed: they live as long as the object they came from.
 *
 * Threads: there is no global mutable state. Distinct ml_doc objects may be
 * read and used on distinct threads at the same time.
 */
#ifndef MARKLINT_H
#define MARKLINT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ML_VERSION_STRING "0.1.0"

/* The version of the library, e.g. "0.1.0". */
const char *ml_version(void);

/* Initialises the libraries marklint uses (libxml2). Call it once, before
 * starting threads; it is safe to call again. */
void ml_init(void);

/* Status codes: 0 is success, every error is negative. */
typedef enum ml_status {
	ML_OK = 0,
	ML_EFORMAT = -1, /* the input is not a readable document */
	ML_ELIMIT = -2,  /* the input exceeds a limit (size, ratio, depth...) */
	ML_EIO = -3,     /* the input could not be read from disk */
	ML_EUSAGE = -4   /* the caller asked for something invalid */
} ml_status;

/* Why a document could not be read: a stable code ("zip-corrupt",
 * "xml-malformed", "limit-part-size", ...; see marklint(1), DIAGNOSTICS)
 * and a one-line message for humans. */
typedef struct ml_error {
	ml_status status;
	char code[32];
	char message[480];
} ml_error;

/* Limits that protect against hostile documents. Every limit counts what
 * marklint actually reads (bytes inflated, not sizes declared in headers).
 * Start from ml_limits_default() and raise what you need. */
typedef struct ml_limits {
	uint64_t max_file_size;     /* bytes of the input file */
	uint64_t max_part_size;     /* inflated bytes of one zip entry */
	uint64_t max_total_size;    /* inflated bytes of all parts read */
	uint32_t max_ratio;         /* inflated/compressed bytes of an entry */
	uint32_t max_entries;       /* entries in a zip */
	uint32_t max_depth;         /* XML element nesting (at most 256) */
	uint64_t max_entity_expansion; /* bytes produced by XML entities */
	uint32_t max_zip_nesting;   /* embedded packages inside packages */
	uint64_t max_portion_size;  /* bytes of one portion's text */
} ml_limits;

void ml_limits_default(ml_limits *lim);

/* The formats of the JSON contract. */
typedef enum ml_format {
	ML_FORMAT_DOCX,     /* DOCX, DOCM, DOTX, DOTM */
	ML_FORMAT_FLAT_OPC, /* Word's single-file XML (pkg:package), Word 2003 XML */
	ML_FORMAT_ODT,      /* ODT and flat ODT (.fodt) */
	ML_FORMAT_ISM_XML,  /* XML whose elements carry IC-ISM attributes */
	ML_FORMAT_XML,      /* any other XML */
	ML_FORMAT_TEXT,     /* plain UTF-8 text */
	ML_FORMAT_HTML,     /* HTML and XHTML */
	ML_FORMAT_MARKDOWN, /* Markdown (.md, .markdown) */
	ML_FORMAT_PDF,      /* PDF, read in a child process */
	ML_FORMAT_PPTX,     /* PPTX, PPTM, POTX */
	ML_FORMAT__COUNT
} ml_format;

/* "docx", "flat-opc", "odt", "ism-xml", "xml", "text", "html",
 * "markdown", "pdf" or "pptx" (report.schema.json). */
const char *ml_format_name(ml_format format);

/* Where a portion points to (body -> note) or belongs to (note -> body). */
typedef enum ml_link_kind {
	ML_LINK_NONE = 0,
	ML_LINK_FOOTNOTE,
	ML_LINK_ENDNOTE,
	ML_LINK_COMMENT
} ml_link_kind;

/* "footnote", "endnote", "comment" ("" for ML_LINK_NONE). */
const char *ml_link_kind_name(ml_link_kind kind);

typedef struct ml_link {
	ml_link_kind kind;
	const char *id; /* the note's or comment's id in its part */
} ml_link;

/* The attribute the DOCX reader gives the portions of a comment whose
 * author is "marklint" (value: the comment's id). */
#define ML_ATTR_ANNOTATION "marklint:annotation"

typedef struct ml_attr {
	const char *name;  /* IC-ISM attributes are named with the "ism:"
	                      prefix whatever prefix the file used, e.g.
	                      "ism:classification" */
	const char *value;
} ml_attr;

/* One paragraph of text as a reader sees it. All fields are borrowed from
 * the ml_doc that holds the portion. */
typedef struct ml_portion {
	const char *part;    /* e.g. "word/document.xml" */
	uint32_t paragraph;  /* 1-based, in document order within the part */
	uint32_t line;       /* line of the start tag (XML files), first line
	                        (text); 0 inside zip packages and when
	                        unknown */
	const char *text;    /* UTF-8, normalised (see ml_normalize) */
	size_t len;          /* bytes of text, without the final NUL */
	ml_link owner;       /* the note or comment this portion belongs to */
	const ml_link *refs; /* notes and comments referenced from here */
	size_t nrefs;
	const ml_attr *attrs; /* attributes kept from the source (IC-ISM) */
	size_t nattrs;
	const char *section; /* where a person would say it is: the
	                        portion's own paragraph number ("1", "C.3",
	                        "¶3", "A.", "(a)") or else the nearest one
	                        before it in the part, or the nearest
	                        heading's number or text; NULL when none */
	size_t mark_off;     /* the portion mark the text begins with, after
	                        any numbering or list marker, as written:
	                        text[mark_off, mark_off + mark_len) */
	size_t mark_len;     /* 0 when the portion begins with no mark */
} ml_portion;

/* The line of byte off of p's text: p->line plus the line breaks before
 * off (text, Markdown and XML inputs); 0 when p->line is 0. */
uint32_t ml_portion_line(const ml_portion *p, size_t off);

typedef struct ml_doc ml_doc;

/* Reads the document at path (or standard input when path is "-"),
 * choosing the reader by content, not by name. On success *out owns a new
 * document (free it with ml_doc_free). On failure returns a negative
 * ml_status, sets *out to NULL and fills err. lim may be NULL for the
 * defaults. Never writes to the input. */
int ml_doc_open(const char *path, const ml_limits *lim, ml_doc **out,
                ml_error *err);

/* The same for a document in memory; name is used in messages. The
 * buffer is only read during the call. */
int ml_doc_open_memory(const char *name, const void *data, size_t size,
                       const ml_limits *lim, ml_doc **out, ml_error *err);

void ml_doc_free(ml_doc *doc);

const char *ml_doc_path(const ml_doc *doc);
ml_format ml_doc_format(const ml_doc *doc);
size_t ml_doc_portion_count(const ml_doc *doc);
/* The i-th portion (0-based), in part order then paragraph order. */
const ml_portion *ml_doc_portion(const ml_doc *doc, size_t i);

/* Portions that belong to the note or comment (kind, id), e.g. the
 * paragraphs of footnote "2". Returns how many; *first is the index of the
 * first (they are contiguous). Comments written by `marklint annotate`
 * (their portions carry the attribute ML_ATTR_ANNOTATION) are not linked:
 * a review must not count as the basis of what it reviews. */
size_t ml_doc_linked(const ml_doc *doc, ml_link_kind kind, const char *id,
                     size_t *first);

/* Document metadata; NULL when the document does not say. */
typedef enum ml_meta_key {
	ML_META_TITLE,
	ML_META_CREATOR,
	ML_META_CREATED,
	ML_META_MODIFIED,
	ML_META_LAST_MODIFIED_BY,
	ML_META_COMPANY,
	ML_META__COUNT
} ml_meta_key;

const char *ml_meta_key_name(ml_meta_key key); /* "title", "creator"... */
const char *ml_doc_meta(const ml_doc *doc, ml_meta_key key);

/* Normalises text the way portions are normalised (MARKINGS.md 3): runs of
 * spaces, tabs, no-break and other Unicode spaces become one space; the
 * slashes and dashes Word substitutes become '/' and '-'; soft hyphens and
 * zero-width characters are dropped; leading and trailing space is trimmed;
 * a newline is kept. Returns a new NUL-terminated string (caller frees) and
 * its length in *outlen, or NULL when the input is not valid UTF-8. */
char *ml_normalize(const char *text, size_t len, size_t *outlen);

#ifdef __cplusplus
}
#endif

#endif /* MARKLINT_H */
