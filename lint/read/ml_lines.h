/* ml_lines.h - lines of text and Markdown into portions (internal to the
 * text reader: ml_textin.c decodes and splits lines, ml_lines.c and
 * ml_markdown.c decide where portions begin and end).
 *
 * MARKINGS.md 2: a portion is a paragraph of lines separated by blank
 * lines; a line that begins with a portion mark (numbering allowed), a
 * heading or a list item starts a new one. A banner or caveat line, and
 * a heading, is a portion of its own.
 *
 * A line is handed over whole when it fits in ML_LINES_HOLD bytes;
 * longer ones are handed in two steps: their first ML_LINES_HOLD bytes
 * (complete = 0), which decide, then the rest as it comes (ml_lines__more),
 * so memory stays flat on a 10 MB line.
 */
#ifndef ML_LINES_H
#define ML_LINES_H

#include "ml_doc.h"

#define ML_LINES_HOLD (64 * 1024)

typedef struct ml_lines {
	ml_doc *doc;
	int markdown;        /* Markdown syntax is read (ml_markdown.c) */
	uint32_t lineno;     /* 1-based line number of the line handed */
	int in_para;         /* a portion is open in doc */
	int single;          /* the open portion is a heading or a banner
	                        line: the next line starts a new one */
	char fence;          /* Markdown: '`' or '~' inside a fenced code
	                        block, else 0 */
	int fence_len;       /* the opening fence's length */
	ml_buf out;          /* Markdown: a line with its syntax removed */
} ml_lines;

void ml_lines__init(ml_lines *l, ml_doc *doc, int markdown);
void ml_lines__free(ml_lines *l);

/* A line without its line break (complete), or the first ML_LINES_HOLD
 * bytes of a longer one (complete = 0). Returns 0 or a negative status. */
int ml_lines__line(ml_lines *l, const char *s, size_t n, int complete);
/* More bytes of the long line whose head was handed. */
int ml_lines__more(ml_lines *l, const char *s, size_t n);
/* The end of the input: closes the open portion. */
int ml_lines__finish(ml_lines *l);

/* Shared with ml_markdown.c: a line of text (after any Markdown syntax
 * was removed) that continues the open portion or starts a new one.
 * heading is its Markdown level (0: none); start forces a new portion. */
int ml_lines__text(ml_lines *l, const char *s, size_t n, int complete,
                   int heading, int start);
/* Closes the open portion, if any. */
int ml_lines__close(ml_lines *l);

/* Markdown: handles one line (ml_markdown.c). */
int ml_md__line(ml_lines *l, const char *s, size_t n, int complete);

#endif
