/* ml_memo_int.h - internal to the memo (ml_memo.c, ml_memo_html.c): the
 * memo laid out as a list of blocks that every renderer walks, so that
 * Markdown, HTML and text say exactly the same thing.
 *
 * Every string of a block is UTF-8 with control characters already
 * replaced by spaces; renderers escape it for their format. Blocks and
 * their strings are owned by the ml_memo_layout (ml_memo__layout_free).
 */
#ifndef ML_MEMO_INT_H
#define ML_MEMO_INT_H

#include "ml_memo.h"

typedef enum ml_memo_block_kind {
	ML_MB_BANNER,  /* text: the memo's banner (top and bottom) */
	ML_MB_LINE,    /* label + text: "MEMORANDUM FOR" "RECORD" */
	ML_MB_REF,     /* label "(a)", text: one reference */
	ML_MB_PARA,    /* label "1.", mark, title "Purpose.", text */
	ML_MB_SUB,     /* level 1 ("a.") or 2 ("(1)"): label, mark, text */
	ML_MB_ATTACH,  /* label "Attachment 1", mark, title */
	ML_MB_ROW      /* cells[ML_MEMO_COLS]; the first ROW is the header */
} ml_memo_block_kind;

#define ML_MEMO_COLS 8 /* Class., ID, location, marking, rule, basis,
                          disposition, suggestion */

typedef struct ml_memo_block {
	ml_memo_block_kind kind;
	int level;          /* ML_MB_SUB: 1 or 2 */
	char *label;        /* may be NULL */
	char *mark;         /* portion mark, e.g. "(S//NF)"; may be NULL */
	char *title;        /* may be NULL */
	char *text;         /* may be NULL */
	char *cells[ML_MEMO_COLS]; /* ML_MB_ROW */
} ml_memo_block;

typedef struct ml_memo_layout {
	ml_memo_block *v;
	size_t n, alloc;
	char *subject;      /* the SUBJECT line's text, for titles */
} ml_memo_layout;

/* Lays the memo out (the caller frees with ml_memo__layout_free). */
void ml_memo__layout(const ml_memo *m, ml_memo_layout *out);
void ml_memo__layout_free(ml_memo_layout *l);

/* The HTML renderer (ml_memo_html.c). Returns 0 or -1. */
int ml_memo__write_html(const ml_memo_layout *l, FILE *out);

#endif
