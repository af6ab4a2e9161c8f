/* ml_xmlfile.h - the small XML data files marklint loads (rule files,
 * lanes files): parsed as a DOM (they are small, never documents), with no
 * network, no DTD and no DOCTYPE, validated by a RELAX NG schema compiled
 * into the binary, and helpers to read elements and attributes. Errors
 * fill an ml_error with the caller's code and "NAME:LINE: reason".
 *
 * The one libxml2 parser of data files (rule, lanes, configuration and
 * baseline files); documents are parsed by the streaming reader
 * (lint/read/ml_xml.c) only.
 *
 * Include graph: ml_rules.c, ml_lanes.c, ml_config.c, ml_baseline.c,
 * ml_register.c, ml_wording.c -> this -> ml_file.h, libxml2.
 */
#ifndef ML_XMLFILE_H
#define ML_XMLFILE_H

#include "marklint.h"
#include "ml_buf.h"

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include <stddef.h>

/* The bytes of a file compiled into the binary ("markings/lanes.rng"),
 * or NULL (then *len is 0). Borrowed. */
const char *ml_xmlfile_builtin(const char *name, size_t *len);

/* 1 when the build validated the built-in .xml files against their
 * schemas (cmake/embed.cmake): their loaders then skip the run-time
 * validation, which a user's file always gets. */
int ml_xmlfile_builtin_validated(void);

/* Reads the file at path into out (empty, freed by the caller), at most
 * max bytes. A file that cannot be read fails with io_code and "PATH:
 * reason"; a larger one with code and "PATH:0: larger than N bytes".
 * Returns 0, ML_EIO or ML_EFORMAT. */
int ml_xmlfile_read(const char *path, size_t max, const char *io_code,
                    const char *code, ml_buf *out, ml_error *err);

/* What takes a data file's bytes once they are read (the loaders of
 * rule and lanes files): ctx, the name for messages (the path), the
 * bytes (borrowed for the call). Returns 0 or a negative ml_status. */
typedef int (*ml_xmlfile_loader)(void *ctx, const char *name,
                                 const char *xml, size_t len,
                                 ml_error *err);

/* Reads the file at path as ml_xmlfile_read does (at most max bytes,
 * io_code, code), hands its bytes to load and frees them. Returns 0, or
 * the status of the read or of load. */
int ml_xmlfile_load(const char *path, size_t max, const char *io_code,
                    const char *code, ml_xmlfile_loader load, void *ctx,
                    ml_error *err);

/* Reads the file at path (ml_xmlfile_load) and parses it
 * (ml_xmlfile_parse, with code and what) into *out (caller frees with
 * xmlFreeDoc; NULL on failure). Returns 0, ML_EIO or ML_EFORMAT. */
int ml_xmlfile_read_doc(const char *path, size_t max, const char *io_code,
                        const char *code, const char *what, xmlDocPtr *out,
                        ml_error *err);

/* Parses name/xml (at most max bytes) into *out (caller frees with
 * xmlFreeDoc). A file that is too large, not well-formed or holds a
 * DOCTYPE fails with code and "NAME:LINE: ..."; what names the kind of
 * file in messages ("rule file"). Returns 0 or ML_EFORMAT. */
int ml_xmlfile_parse(const char *name, const char *xml, size_t len,
                     size_t max, const char *code, const char *what,
                     xmlDocPtr *out, ml_error *err);

/* Compiles the built-in schema named schema (caller frees with
 * xmlRelaxNGFree); NULL with err (code) when it cannot. */
xmlRelaxNGPtr ml_xmlfile_schema(const char *schema, const char *code,
                                ml_error *err);

/* Validates doc (named name) against schema; on failure err gets code and
 * "NAME:LINE: reason" (what: "the rule schema"). Returns 0 or ML_EFORMAT. */
int ml_xmlfile_validate(xmlRelaxNGPtr schema, const char *name,
                        xmlDocPtr doc, const char *code, const char *what,
                        ml_error *err);

/* Validates doc against the built-in schema named schema, compiled for
 * this call and freed (ml_xmlfile_schema, then ml_xmlfile_validate with
 * code and what). Returns 0 or ML_EFORMAT. */
int ml_xmlfile_validate_builtin(const char *schema, const char *name,
                                xmlDocPtr doc, const char *code,
                                const char *what, ml_error *err);

/* The example sentences of a pattern or a lane (<example>,
 * <counterexample>), which their self-tests match. Zeroed: none. */
typedef struct ml_xmlfile_example {
	char *text;   /* white space collapsed, as portions are (owned) */
	int positive; /* 1: <example>, 0: <counterexample> */
	int line;
} ml_xmlfile_example;

typedef struct ml_xmlfile_examples {
	ml_xmlfile_example *v;
	size_t n;
} ml_xmlfile_examples;

/* Adds the example element n to ex (positive: an <example>). */
void ml_xmlfile_example_add(ml_xmlfile_examples *ex, xmlNodePtr n,
                            int positive);
void ml_xmlfile_examples_free(ml_xmlfile_examples *ex);

/* Is n the element name in namespace ns? */
int ml_xmlfile_is(xmlNodePtr n, const char *ns, const char *name);
/* The line of n, 0 when unknown. */
int ml_xmlfile_line(xmlNodePtr n);
/* The attribute (no namespace) as a new string (caller frees), or NULL. */
char *ml_xmlfile_attr(xmlNodePtr n, const char *name);
/* The element's text with runs of white space made one space and the ends
 * trimmed, as portions are normalised. Caller frees. */
char *ml_xmlfile_collapsed(xmlNodePtr n);
/* The attribute (no namespace) collapsed likewise ("AUS  GBR\n" is
 * "AUS GBR"), or NULL when absent. Caller frees. */
char *ml_xmlfile_attr_collapsed(xmlNodePtr n, const char *name);
/* A pattern's text: each line trimmed, the lines joined with nothing
 * between them, so long patterns can be wrapped anywhere. Caller frees. */
char *ml_xmlfile_joined(xmlNodePtr n);

#endif
