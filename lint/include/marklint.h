/* marklint.h - public API of libmarklint: lint a document.
 *
 * Data flows one way: input -> portions -> markings -> findings -> writers.
 * One call, ml_lint_path or ml_lint_memory, takes a document through every
 * stage (reading, checking, the suppressions written in the document, a
 * baseline) and returns an ml_result that every product consumes: the
 * report writers (text, JSON, JSON Lines, SARIF, JUnit: ml_writer), the
 * review memorandum, the audit, the annotated copy and the corrected copy
 * (ml_fix_write). The first stage (documents and their portions) is
 * public too, for callers that only read (`marklint extract`).
 *
 * Ownership: every object returned by a function named *_open or *_new is
 * owned by the caller and freed with the matching *_free. Pointers returned
 * by getters are borrowed: they live as long as the object they came from.
 *
 * Threads: there is no global mutable state. Call ml_init() once before
 * starting threads. A rule set and a baseline may be shared by any number
 * of threads; each thread lints with its own ml_scratch; distinct
 * documents, results and writers may be used on distinct threads at the
 * same time.
 */
#ifndef MARKLINT_H
#define MARKLINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ML_VERSION_STRING "0.1.0"

/* The version of the library, e.g. "0.1.0". */
const char *ml_version(void);

/* How this build reads PDF: e.g. "poppler 22.12.0 (marklint-pdf: rlimits,
 * seccomp)"; NULL when it was built without PDF support. */
const char *ml_pdf_support(void);

/* How this build was made, for `marklint --version` and bug reports. */
typedef struct ml_build_info {
	const char *version;  /* ml_version() */
	const char *licence;  /* SPDX identifier of LICENSE; "" when none */
	const char *pdf;      /* how PDF is read, or NULL: built without */
	int jit;              /* PCRE2 compiles patterns to machine code here
	                         (else its interpreter matches: slower) */
	char pcre2[32], libxml2[32], libzip[32], jansson[32]; /* versions */
	char datadir[4096];   /* the installed copies of markings/ (schemas
	                         for rule writers), found beside the
	                         executable (../share/marklint) or where the
	                         build was told to install; "" when none */
} ml_build_info;
void ml_build_info_get(ml_build_info *out);

/* Initialises the libraries marklint uses (libxml2, libzip, the time
 * zone). Call it once, before starting threads; it is safe to call
 * again. */
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
	uint32_t max_pages;         /* pages of a PDF */
	uint32_t max_pdf_seconds;   /* wall-clock seconds the PDF reader may
	                               take over one document */
	uint32_t max_page_seconds;  /* processor seconds it may spend on one
	                               page (0: no limit) */
	uint64_t max_pdf_memory;    /* address space of the PDF reader (the
	                               child process that parses a PDF) */
} ml_limits;

void ml_limits_default(ml_limits *lim);

/* The formats of the JSON contract. */
typedef enum ml_format {
	ML_FORMAT_DOCX,     /* DOCX, DOCM, DOTX, DOTM */
	ML_FORMAT_FLAT_OPC, /* Word's pkg:package XML, Word 2003 XML */
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

/* The attribute of a PDF portion that is a running header or footer line
 * (repeated at the top or bottom of most pages: banners, page numbers):
 * "header" or "footer". */
#define ML_ATTR_RUNNING "marklint:running"

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
	uint32_t page;       /* PDF: the page (1-based); 0 for other formats */
	uint32_t slide;      /* PowerPoint: the slide (1-based, in
	                        presentation order) of a slide, its notes or
	                        its comments; 0 for other formats */
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
	uint32_t mark_off;   /* the portion mark the text begins with, after
	                        any numbering or list marker, as written:
	                        text[mark_off, mark_off + mark_len) */
	uint32_t mark_len;   /* 0 when the portion begins with no mark */
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


/* --- Severities and rule sets --- */

typedef enum ml_severity {
	ML_SEV_INFO = 0,
	ML_SEV_WARNING = 1,
	ML_SEV_ERROR = 2
} ml_severity;

const char *ml_severity_name(ml_severity s); /* "info", ... */
int ml_severity_parse(const char *name, ml_severity *out); /* 0 or -1 */

/* A rule set: the patterns, rules, register and lanes of markings/, plus
 * a user's files. Build it on one thread; once built it is only read, and
 * one rule set may serve any number of threads at once. */
typedef struct ml_rules ml_rules;

/* An empty rule set (caller frees with ml_rules_free). */
ml_rules *ml_rules_new(void);
void ml_rules_free(ml_rules *rs);
/* Loads the shipped files (compiled into the binary). */
int ml_rules_load_builtin(ml_rules *rs, ml_error *err);
/* Adds a user's rule file (or one in memory). A file that does not
 * validate fails with code "rules-invalid" and "FILE:LINE: reason". */
int ml_rules_load_file(ml_rules *rs, const char *path, ml_error *err);
int ml_rules_load_memory(ml_rules *rs, const char *name, const char *xml,
                         size_t len, ml_error *err);
/* Change a rule's severity or switch it off. Return 0, or -1 for an
 * unknown rule ID. */
int ml_rules_set_severity(ml_rules *rs, const char *id, ml_severity sev);
int ml_rules_set_enabled(ml_rules *rs, const char *id, int enabled);

/* --- Profiles: what applies to a document --- */

/* A rule file a caller adds to a profile. */
typedef enum ml_rulefile_kind {
	ML_RULEFILE_RULES,       /* --rules: patterns and rule definitions */
	ML_RULEFILE_AUTHORITIES, /* --authorities: citation patterns */
	ML_RULEFILE_LANES        /* --lanes: lanes of cooperation */
} ml_rulefile_kind;

typedef struct ml_rulefile {
	const char *path;
	ml_rulefile_kind kind;
} ml_rulefile;

/* How to build a profile. Start from ml_profile_opts_default(). */
typedef struct ml_profile_opts {
	const char *config;         /* a configuration file (.marklint.xml,
	                               marklint(1), CONFIGURATION), or NULL */
	const ml_rulefile *files;   /* loaded after the configuration's */
	size_t nfiles;
	int has_fail_on, has_min_severity; /* these win over the file's */
	ml_severity fail_on, min_severity;
	ml_limits limits;
} ml_profile_opts;

void ml_profile_opts_default(ml_profile_opts *o);

typedef struct ml_lint_opts ml_lint_opts; /* below */

/* A rule set with its thresholds: the built-in rules, then the
 * configuration's files and switches, then the caller's files and
 * thresholds. Read-only once made: threads may share it. */
typedef struct ml_profile ml_profile;

/* Builds a profile. Returns 0 and *out (caller frees), or a negative
 * status with err: "config-invalid", "rules-invalid", "lanes-invalid"...
 * with "FILE:LINE: reason" ("built-in rules: ..." when the shipped rules
 * themselves fail to load: a broken build, or out of memory). */
int ml_profile_new(const ml_profile_opts *o, ml_profile **out,
                   ml_error *err);
void ml_profile_free(ml_profile *p);
/* What to lint with: rules, thresholds and limits (borrowed from p;
 * copy it to set a baseline). */
const ml_lint_opts *ml_profile_lint_opts(const ml_profile *p);
/* The configuration file it was built from, or NULL. */
const char *ml_profile_config(const ml_profile *p);

/* The configuration file that applies to documents in dir: the nearest
 * .marklint.xml in dir or an ancestor, as an absolute path (caller
 * frees), or NULL. */
char *ml_config_find(const char *dir);

/* What a profile says about itself (marklint check --print-config,
 * --list-rules, --explain, --test-rules), printed to out. explain
 * returns -1 for an unknown rule ID; test returns the number of
 * examples that failed. */
void ml_profile_print_config(const ml_profile *p, FILE *out);
void ml_profile_list_rules(const ml_profile *p, FILE *out);
int ml_profile_explain(const ml_profile *p, const char *id, FILE *out);
int ml_profile_test_rules(const ml_profile *p, FILE *out);

/* --- Linting: one call from a document to its result --- */

/* Working memory of one thread (pattern match data and buffers). Each
 * thread that lints makes its own; owned by the caller. */
typedef struct ml_scratch ml_scratch;
ml_scratch *ml_scratch_new(void);
void ml_scratch_free(ml_scratch *s);

/* A baseline: the findings a project has accepted, by fingerprint (see
 * marklint(1), BASELINES). Matching and recording lock it, so one
 * baseline may be shared by the threads of a run. */
typedef struct ml_baseline ml_baseline;
/* An empty baseline (to record a run into; caller frees). */
ml_baseline *ml_baseline_new(void);
void ml_baseline_free(ml_baseline *b);
/* Reads a baseline file into a new baseline (*out, caller frees). On
 * failure returns a negative ml_status and fills err: code "baseline-io"
 * or "baseline-invalid" with "FILE:LINE: reason". Its paths are relative
 * to the file's folder (ml_baseline_set_file). */
int ml_baseline_load(const char *path, ml_baseline **out, ml_error *err);
/* Documents are keyed by their path relative to the folder of file (the
 * baseline file, which need not exist yet), after resolving ".", "..",
 * repeated slashes and the symbolic links of the folders: "drafts/a.docx",
 * "./drafts//a.docx" and an absolute path to the same file are one key,
 * from any current directory. Without it: relative to the current
 * directory. Call before linting. The name of a document linted from
 * memory (ml_lint_memory) is not a path: it is keyed as written, with
 * "." and repeated slashes dropped. */
void ml_baseline_set_file(ml_baseline *b, const char *file);
/* ml_baseline_write flags. */
enum {
	ML_BASELINE_PRUNE = 1,   /* an entry of a document that was linted
	                            against b keeps only the count that
	                            matched (none: dropped); entries of other
	                            documents stay */
	ML_BASELINE_EXCERPTS = 2 /* each entry quotes its portion's text;
	                            without, no document text is written */
};
/* Writes b as a baseline file. Returns 0, or -1 on a write error. */
int ml_baseline_write(ml_baseline *b, FILE *out, int flags);
/* What a run matched against a baseline, for a warning when it matched
 * nothing (paths that differ, a baseline of other documents). */
typedef struct ml_baseline_stats {
	size_t entries;       /* entries of the file */
	size_t matched;       /* findings of the run it held */
	size_t documents;     /* documents linted against it */
	size_t known;         /* of those, documents it has entries for */
	const char *example;  /* a path it has entries for (borrowed), or
	                         NULL */
} ml_baseline_stats;
void ml_baseline_stats_get(ml_baseline *b, ml_baseline_stats *out);

/* What applies to a document. Start from ml_lint_opts_default(). The
 * pointers are borrowed: what they point to must outlive the results. */
typedef struct ml_lint_opts {
	const ml_rules *rules;    /* required */
	ml_limits limits;         /* ml_limits_default() */
	ml_severity min_severity; /* findings below it are not reported:
	                             not written, counted, matched against a
	                             baseline or recorded (default info) */
	ml_severity fail_on;      /* ml_result_fails (default error) */
	ml_baseline *baseline;    /* its findings are marked baselined; NULL
	                             for none */
	ml_baseline *record;      /* the counted and baselined findings are
	                             added to it (--write-baseline); NULL */
	int keep_input;           /* the result keeps the input's bytes
	                             (ml_result_input), for the annotated
	                             copy: it is made from the bytes that
	                             were checked */
	int stream;               /* check text and Markdown while reading
	                             them, so memory stays flat however
	                             long they are: the result's document
	                             then holds only the portions the
	                             report needs (those of its markings and
	                             findings, portion marks, suppression
	                             directives); ml_doc_portion is NULL for
	                             the others. For commands that only
	                             write the report (check). Ignored with
	                             keep_input and for ml_lint_memory. */
} ml_lint_opts;

void ml_lint_opts_default(ml_lint_opts *o);

/* The result of linting one document: the document read, its markings
 * and findings after the suppression stage (a finding the author
 * suppressed in the document, or that the baseline holds, stays in the
 * result, marked, with its reason), or why it could not be read. Owned by
 * the caller (ml_result_free); read-only, so any thread may read it. */
typedef struct ml_result ml_result;

/* Lints the document at path ("-": standard input), choosing the reader
 * by content. *out always gets a new result, even when the document
 * cannot be read (then ml_result_error says why and the call returns its
 * negative ml_status); otherwise returns 0. scratch: the calling thread's.
 * Never writes to the input. */
int ml_lint_path(const char *path, const ml_lint_opts *o, ml_scratch *s,
                 ml_result **out);
/* The same for a document in memory, named name in messages and outputs.
 * data is only read during the call (unless keep_input, which copies). */
int ml_lint_memory(const char *name, const void *data, size_t size,
                   const ml_lint_opts *o, ml_scratch *s, ml_result **out);
void ml_result_free(ml_result *r);

/* The path or name the document was linted as. */
const char *ml_result_path(const ml_result *r);
/* Why the document could not be read or checked; NULL when it was. */
const ml_error *ml_result_error(const ml_result *r);
/* The document (NULL when unreadable); borrowed from r. */
const ml_doc *ml_result_doc(const ml_result *r);
/* The options it was linted with (borrowed from r). */
const ml_lint_opts *ml_result_opts(const ml_result *r);
/* The input's bytes (keep_input), or NULL; borrowed from r. */
const void *ml_result_input(const ml_result *r, size_t *len);
/* Whether a counted finding (reported, not suppressed, not baselined)
 * reaches the fail_on severity: the exit status 1 of MARKINGS.md 6. */
int ml_result_fails(const ml_result *r);

/* How a reported finding was set aside: it stays in the result (JSON,
 * SARIF, the memo list it with its reason) but neither counts nor fails
 * the run. */
typedef enum ml_suppress_kind {
	ML_SUPPRESS_NONE = 0,
	ML_SUPPRESS_IN_SOURCE, /* a marklint-disable directive in the
	                          document (SARIF "inSource") */
	ML_SUPPRESS_BASELINE   /* in the baseline (SARIF "external") */
} ml_suppress_kind;

/* One reported finding. Every pointer is borrowed from the result. */
typedef struct ml_result_finding {
	const char *rule;        /* "NOFORN-UNJUSTIFIED" */
	ml_severity severity;    /* as configured */
	const char *message;
	const char *disposition; /* "remove", "review", "retain", "narrow",
	                            "correct", or NULL */
	const char *suggestion;  /* replacement marking or wording, or NULL */
	const char *lane;        /* lane of cooperation, or NULL */
	const ml_portion *portion; /* where it is */
	const char *marking;     /* the marking as written, or NULL */
	ml_suppress_kind suppressed;
	const char *justification; /* why it was suppressed, or NULL */
} ml_result_finding;

/* The reported findings (enabled rules, at or above min_severity), in
 * document order, suppressed ones included. */
size_t ml_result_finding_count(const ml_result *r);
/* Fills *out with finding i (< ml_result_finding_count). */
void ml_result_finding_get(const ml_result *r, size_t i,
                           ml_result_finding *out);

/* A file that a walk through folders left out, and why. The library does
 * not walk folders: the caller fills these in the summary. */
typedef struct ml_skipped {
	const char *path;
	const char *code;   /* "cfb-legacy" (a .doc), "skip-type",
	                       "skip-link", "skip-excluded", "skip-special"
	                       (marklint(1), CHECKING) */
	const char *reason; /* for people: "a legacy Word document (.doc):
	                       save it as .docx, then check it" */
} ml_skipped;

/* Totals over the documents of a run. */
typedef struct ml_summary {
	size_t documents;   /* every input, readable or not */
	size_t unreadable;
	size_t portions;
	size_t markings;
	size_t findings[3]; /* counted findings, per ml_severity */
	size_t suppressed;  /* reported but suppressed in the document */
	size_t baselined;   /* reported but held by the baseline */
	const ml_skipped *skipped; /* files the walk left out (borrowed,
	                              set by the caller), or NULL */
	size_t nskipped;
} ml_summary;

/* Adds a result to s (zero s first). */
void ml_summary_add(ml_summary *s, const ml_result *r);

/* --- Reports: one writer interface for every format --- */

typedef enum ml_report_format {
	ML_REPORT_TEXT,   /* PATH: PART:PARA: SEVERITY: MESSAGE [RULE] */
	ML_REPORT_JSON,   /* report.schema.json */
	ML_REPORT_JSONL,  /* one document a line, then the summary */
	ML_REPORT_SARIF,  /* SARIF 2.1.0 */
	ML_REPORT_JUNIT,  /* JUnit XML: a suite per document, a case per rule */
	ML_REPORT__COUNT
} ml_report_format;

/* "text", "json", "jsonl", "sarif", "junit". */
const char *ml_report_format_name(ml_report_format f);
/* The format named name[0..len) ((size_t)-1: NUL-terminated). Returns 0,
 * or -1 for an unknown name. */
int ml_report_format_parse(const char *name, size_t len,
                           ml_report_format *out);

/* Whether a report quotes the documents' text: the portion around each
 * finding (JSON and SARIF "context", the text format's excerpt line,
 * JUnit's lines) and the sentence of a foreign restriction (a marking's
 * "text"). Without, JSON keeps the contract with empty strings. What
 * every format keeps: the marking as written ("(S//NF)", a banner), the
 * phrase a rule matched (in the message), the citation, the location,
 * the fingerprint (a hash). */
typedef enum ml_excerpts {
	ML_EXCERPTS_DEFAULT = 0, /* by format: text, JSON and JSON Lines
	                            quote; SARIF and JUnit, which go to
	                            dashboards and CI servers, do not */
	ML_EXCERPTS_ON,
	ML_EXCERPTS_OFF
} ml_excerpts;

typedef struct ml_writer_opts {
	const ml_rules *rules; /* SARIF: the rules of tool.driver; NULL: none */
	int color;             /* text: severities in ANSI colours */
	int baseline;          /* SARIF: a baseline applies (results get a
	                          baselineState) */
	ml_excerpts excerpts;  /* document text in the report */
} ml_writer_opts;

/* A report being written: documents go in as they are linted, the
 * summary at the end. Not locked: one thread writes to it. */
typedef struct ml_writer ml_writer;

/* Starts a report of format f on out (borrowed: the caller closes it; a
 * memory stream from open_memstream or fmemopen will do). o may be NULL.
 * Returns NULL when the format cannot be written to out (JUnit: libxml2
 * could not attach to it). */
ml_writer *ml_writer_new(ml_report_format f, FILE *out,
                         const ml_writer_opts *o);
/* Writes one document, readable or not (the text format leaves an
 * unreadable document to the caller's error line). Suppressed and
 * baselined findings are written, marked, where the format can say so
 * (JSON, SARIF, JUnit) and left out of the text format. */
void ml_writer_add(ml_writer *w, const ml_result *r);
/* Ends the report with the summary and frees w. Returns 0, or -1 when
 * something could not be written (ferror(out) says why). */
int ml_writer_finish(ml_writer *w, const ml_summary *s);

/* --- Portions: what a reader sees (marklint extract) --- */

/* Writes documents' portions as text (one line per portion) or JSON. */
typedef struct ml_portions_writer ml_portions_writer;

ml_portions_writer *ml_portions_writer_new(FILE *out, int json);
/* doc NULL: the document could not be read (err says why). */
void ml_portions_writer_add(ml_portions_writer *w, const char *path,
                            const ml_doc *doc, const ml_error *err);
/* Ends the output and frees w; 0, or -1 on a write error. */
int ml_portions_writer_finish(ml_portions_writer *w);

/* --- Marking strings (marklint marking) --- */

/* Judges each string against the register and writes the verdicts
 * (valid, nonstandard, malformed or not a marking, the problems with
 * their rule IDs, the correction, the parts, and the roll-up banner of
 * the valid portion marks) to out, as text or JSON. With rollup the
 * strings are the portion marks of one document (parentheses optional)
 * and their banner line is the point. Returns 0 when every string is a
 * valid marking, 1 when one is not. */
int ml_marking_report(const char *const *strings, size_t n, int json,
                      int rollup, FILE *out);

/* --- The review memorandum --- */

typedef enum ml_memo_format {
	ML_MEMO_MARKDOWN = 0, /* the default */
	ML_MEMO_HTML,         /* one self-contained file, inline CSS only */
	ML_MEMO_TEXT,
	ML_MEMO_DOCX          /* a Word document */
} ml_memo_format;

/* "markdown" (also "md"), "html", "text" (also "txt"), "docx". Returns 0,
 * or -1 for an unknown name. */
int ml_memo_format_parse(const char *name, ml_memo_format *out);
/* From a file name's extension: .md/.markdown, .html/.htm, .txt, .docx.
 * Returns 0; 1 when the name has no extension (*out untouched); -1 when
 * it has one that marklint does not write (.pdf, .xyz). */
int ml_memo_format_from_path(const char *path, ml_memo_format *out);
const char *ml_memo_format_name(ml_memo_format f); /* "markdown"... */
/* "markdown (.md), html (.html), text (.txt) or docx (.docx)": for the
 * messages that name the formats the memo is written in. */
const char *ml_memo_format_list(void);

typedef struct ml_memo_opts {
	const char *for_whom;  /* MEMORANDUM FOR; NULL: "RECORD" */
	const char *from;      /* the FROM line; NULL: a placeholder */
	const char *subject;   /* what is reviewed, after "Review of ...
	                          in "; NULL: the document's title or file
	                          name (one document), "N documents" (more) */
	const char *date;      /* printed as given; NULL: a placeholder (the
	                          output stays reproducible) */
	const char *signature; /* the signature block, lines separated by
	                          ';' or newlines; NULL: a placeholder */
	int no_excerpts;       /* quote no document text */
	ml_severity min_severity; /* findings below it are left out */
} ml_memo_opts;

/* Sets *o to the defaults (everything NULL/0, min_severity INFO). */
void ml_memo_opts_default(ml_memo_opts *o);
/* The defaults, then what profile p says: the blocks of its
 * configuration's <memo> (FOR, FROM, signature, date) and its
 * min_severity. The strings are borrowed from p. */
void ml_profile_memo_opts(const ml_profile *p, ml_memo_opts *o);

/* A memo of one or several documents (marklint(1), REVIEW MEMORANDUM).
 * Not locked: one thread builds it. */
typedef struct ml_memo ml_memo;

/* A new, empty memo (the caller frees it with ml_memo_free). opts is
 * copied, with its strings. */
ml_memo *ml_memo_new(const ml_memo_opts *opts);
void ml_memo_free(ml_memo *m);
/* Adds one linted document: its portions, markings and reported
 * findings (the suppressed and baselined ones as accepted, with their
 * reason); or, when it could not be read, the reason. r is only read
 * during the call. */
void ml_memo_add_result(ml_memo *m, const ml_result *r);
/* Lays out and writes the review memo in format f. Returns 0, or -1 on a
 * write error (ferror(out)). May be called several times (one memo,
 * several formats). */
int ml_memo_write(const ml_memo *m, ml_memo_format f, FILE *out);

/* --- The annotated copy --- */

typedef struct ml_annotate_opts {
	int propose;            /* add suggestions as tracked changes */
} ml_annotate_opts;

typedef struct ml_annotate_stats {
	size_t comments;   /* comments written */
	size_t precise;    /* anchored on the marking's text */
	size_t paragraph;  /* anchored on the whole paragraph */
	size_t proposals;  /* tracked changes proposed */
	size_t removed;    /* marklint comments of an earlier run replaced */
} ml_annotate_stats;

/* Writes the annotated copy of the DOCX that r was linted from (with
 * keep_input: the copy is made from the very bytes that were checked) to
 * out (a file, ml_atomic_open, or memory): a Word comment at each counted
 * finding at r's min_severity; a finding the author suppressed, or that
 * the baseline holds, gets none. Returns 0, or a negative status with
 * err: "annotate-format" (not a DOCX), "zip-corrupt",
 * "output-unwritable". */
int ml_annotate_write(const ml_result *r, FILE *out,
                      const ml_annotate_opts *o, ml_annotate_stats *st,
                      ml_error *err);

/* --- The corrected copy (marklint fix) --- */

/* The markings are found as check finds them (banner lines, the portion
 * mark a paragraph begins with) and judged by the register; a marking
 * that is not valid gets its correction, when there is one, with its
 * confidence (marklint-rules(5), CORRECTIONS). The copy has the
 * corrections at or above a confidence and nothing else changed: text and
 * Markdown as the input's bytes with each marking replaced where it is
 * written; DOCX as the input's package with each correction a tracked
 * change by "marklint". */

/* One marking that is not valid, and what becomes of it. */
typedef struct ml_fix_item {
	size_t portion;      /* index in the document's portions */
	size_t off, len;     /* the marking in the portion's text */
	int banner;          /* a banner line (else a portion mark) */
	int verdict;         /* the register's verdict: nonstandard or
	                        malformed (marklint marking) */
	char *from;          /* the marking as written (owned) */
	char *to;            /* its correction (owned), NULL when none */
	char *problem;       /* the first reason (owned) */
	double confidence;   /* of the correction, 0 to 1 */
	uint32_t line;       /* text and Markdown: where (0: unknown) */
	int applied;         /* in the copy */
	const char *left;    /* why not (static), NULL when applied */
} ml_fix_item;

typedef struct ml_fix_plan {
	ml_fix_item *v;
	size_t n;
	size_t applied;      /* items in the copy */
} ml_fix_plan;

/* The markings of doc that are not valid, in document order. */
void ml_fix_plan_make(const ml_doc *doc, ml_fix_plan *out);
void ml_fix_plan_free(ml_fix_plan *p);

/* Whether fix writes documents of this format (text, Markdown, DOCX). */
int ml_fix_format_ok(ml_format f);

/* Writes the corrected copy of the document doc was read from (its bytes
 * data[0..len), read with the limits lim) to out: the corrections of p at
 * or above min_confidence, each item's applied and left set. Returns 0,
 * or a negative status with err: "fix-format" (a format fix does not
 * write), "zip-corrupt", "annotate-unsupported", "output-unwritable". */
int ml_fix_write(const ml_doc *doc, const void *data, size_t len,
                 const ml_limits *lim, double min_confidence,
                 ml_fix_plan *p, FILE *out, ml_error *err);

/* --- The audit of a whole set of documents --- */

/* The audit's roll-ups, its files and the memo of the whole set. Not
 * locked: one thread adds to it (the summaries are made on any thread). */
typedef struct ml_audit ml_audit;
/* What the audit keeps of one document. */
typedef struct ml_audit_doc ml_audit_doc;

/* A new audit (caller frees); memo: the options of its memo. NULL when
 * its spool file cannot be made (errno says why). */
ml_audit *ml_audit_new(const ml_memo_opts *memo);
void ml_audit_free(ml_audit *a);

/* The summary of a linted document (any thread; caller frees). */
ml_audit_doc *ml_audit_doc_new(const ml_result *r);
void ml_audit_doc_free(ml_audit_doc *d);
/* Folds a summary into the audit and its memo, in the order the caller
 * wants the memo to list them. Returns 0, or -1 when the spool could not
 * be written (errno). */
int ml_audit_add(ml_audit *a, const ml_audit_doc *d);
/* Called for each document line of a shard: its path, the line, and
 * whether the document was read. */
typedef void (*ml_audit_shard_fn)(void *ctx, const char *path,
                                  unsigned long line, int readable);
/* Reads `marklint check --format jsonl` output from f (named name) into
 * the audit: each document line as ml_audit_add would (fn, may be NULL,
 * hears of each), the files its walk left out as ml_audit_add_skipped.
 * A shard ends with the summary line of its run, which counts its
 * document lines: one cut short fails with "shard-truncated", a line
 * that is not a document of the contract with "shard-invalid"
 * ("NAME:LINE: reason"). Returns 0, or -1 with err (the lines before
 * were added: discard the audit). rs gives each finding its rule's
 * authority (may be NULL). */
int ml_audit_add_jsonl(ml_audit *a, FILE *f, const char *name,
                       const ml_rules *rs, ml_audit_shard_fn fn, void *ctx,
                       ml_error *err);
/* A file a folder walk left out, with why: counted in the totals, listed
 * in audit.json and audit.html. Copied. */
void ml_audit_add_skipped(ml_audit *a, const ml_skipped *sk);

typedef enum ml_audit_file {
	ML_AUDIT_HTML, ML_AUDIT_CSV, ML_AUDIT_JSON, ML_AUDIT_MEMO_MD,
	ML_AUDIT_MEMO_HTML, ML_AUDIT_MEMO_DOCX, ML_AUDIT__FILES
} ml_audit_file;

/* "audit.html", "audit.csv", "audit.json", "memo.md", "memo.html",
 * "memo.docx". */
const char *ml_audit_file_name(ml_audit_file f);
/* Writes one of the audit's files to out; 0, or -1 on a write error. The
 * executive memo (memo.*) takes its blocks from memo (FOR, FROM, date,
 * signature) and the rules' summaries and authorities from rs (may be
 * NULL); the other files ignore both. */
int ml_audit_write(ml_audit *a, ml_audit_file f, const ml_rules *rs,
                   const ml_memo_opts *memo, FILE *out);
/* memo.md, memo.html and memo.docx are one memorandum in three formats:
 * after the last document is added, ml_audit_keep_memo lays it out once,
 * from rs and memo, and ml_audit_write writes every memo file from that
 * layout (ignoring its own rs and memo) until ml_audit_free. */
void ml_audit_keep_memo(ml_audit *a, const ml_rules *rs,
                        const ml_memo_opts *memo);
/* Writes every document's page (ID.html) and index.html into dir, a
 * new folder the caller syncs and then puts in place as docs/ (the files
 * are made new, O_EXCL, and not synced one by one). 0, or -1 (errno). A
 * document has a page when it has markings or findings, or could not be
 * read. */
int ml_audit_write_pages(ml_audit *a, const char *dir);
/* The same in steps, for a caller that writes the pages on several
 * threads (audit -j): ml_audit_pages_begin gives n, the number of
 * documents (0 or -1); then ml_audit_write_page for each i < n, at the
 * same time on different threads for different i, with nothing else
 * done to a meanwhile (0, or -1 with errno); then
 * ml_audit_write_pages_index. */
int ml_audit_pages_begin(ml_audit *a, size_t *n);
int ml_audit_write_page(ml_audit *a, const char *dir, size_t i);
int ml_audit_write_pages_index(ml_audit *a, const char *dir);
/* Writes one worklist CSV per organisation with markings to act on
 * (disposition other than retain) into dir (the caller's worklists/,
 * new, synced by the caller as for ml_audit_write_pages):
 * the document, its page, where, the marking, its basis and rules, what
 * to do, and two empty columns, decision and done. 0, or -1. */
int ml_audit_write_worklists(ml_audit *a, const char *dir);

/* An earlier audit, read from its audit.json (audit --compare): its
 * documents and their counted findings, known again by document, rule
 * and fingerprint. */
typedef struct ml_audit_compare ml_audit_compare;
/* Reads path into *out (caller frees); or a negative status with err,
 * "compare-invalid": "PATH[:LINE]: reason" (not JSON, no "documents"). */
int ml_audit_compare_load(const char *path, ml_audit_compare **out,
                          ml_error *err);
void ml_audit_compare_free(ml_audit_compare *c);
/* Compares every document added from now on with c (borrowed: it must
 * outlive the audit's outputs), and adds "compare" to audit.json and
 * "Since the earlier audit" to audit.html. */
void ml_audit_set_compare(ml_audit *a, ml_audit_compare *c);

typedef struct ml_audit_compare_sum {
	const char *against;     /* the earlier audit.json, as given */
	size_t added, fixed, unchanged; /* findings */
	size_t docs_new, docs_gone, docs_common, docs_before;
} ml_audit_compare_sum;
/* Once every document is added: the totals (borrowed from c). */
void ml_audit_compare_totals(ml_audit_compare *c, ml_audit_compare_sum *s);

/* --- Files and memory --- */

/* Whether the paths name the same file: the same string, or the same
 * device and inode. "-" is never the same as a file. */
int ml_file_same(const char *a, const char *b);

/* The one atomic writer of every output: a new temporary file beside
 * the target (O_EXCL, mode 0666 less the umask), then on commit fflush,
 * fsync and rename onto the target (replace) or link, failing with
 * "output-exists" when it exists; any failure leaves the target as it
 * was ("output-unwritable"). That a target is not an input is the
 * caller's check (ml_file_same). */
typedef struct ml_atomic ml_atomic;

int ml_atomic_open(const char *path, ml_atomic **out, ml_error *err);
FILE *ml_atomic_file(ml_atomic *a); /* owned by a */
/* Returns 0, or a negative status with err; frees a either way. */
int ml_atomic_commit(ml_atomic *a, int replace, ml_error *err);
/* Removes the temporary file; frees a (NULL: nothing). */
void ml_atomic_abort(ml_atomic *a);

/* Allocation that never returns NULL: on failure it prints "marklint:
 * out of memory" and exits with status 2, as the library does. */
void *ml_xmalloc(size_t n);
void *ml_xcalloc(size_t n, size_t size);
void *ml_xrealloc(void *p, size_t n);
char *ml_xstrdup(const char *s);
char *ml_xstrndup(const char *s, size_t n);

/* Growing an array: makes room for need items of size bytes in items,
 * which has room for *cap (NULL and 0 at first). The capacity starts at
 * first and doubles until it holds need; returns the array, moved or not
 * (the caller owns it, free() it). A size that overflows size_t, or no
 * memory, ends marklint as ml_xmalloc does. Call it as ML_VEC_GROW. */
void *ml_vec__grow(void *items, size_t *cap, size_t need, size_t size,
                   size_t first);

static inline void *ml_vec_grow(void *items, size_t *cap, size_t need,
                                size_t size, size_t first)
{
	if (need <= *cap)
		return items;
	return ml_vec__grow(items, cap, need, size, first);
}

/* ML_VEC_GROW(v, cap, need, first): v, an array with room for cap items
 * (a size_t lvalue), gets room for need, at least first. v is read and
 * written, so v and cap must be lvalues without side effects. */
#define ML_VEC_GROW(v, cap, need, first) \
	((v) = ml_vec_grow((v), &(cap), (need), sizeof *(v), (first)))

#ifdef __cplusplus
}
#endif

#endif /* MARKLINT_H */
