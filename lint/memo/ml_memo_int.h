/* ml_memo_int.h - internal to the memo stage: the model an ml_memo holds
 * (ml_memo.c fills it, ml_memo_review.c and ml_memo_items.c lay it out)
 * and the renderers' entry points (ml_memo_text.c, ml_memo_html.c,
 * ml_memo_docx.c).
 *
 * Ownership: an ml_memo owns copies of every string added to it; nothing
 * it holds points into a report or a document.
 */
#ifndef ML_MEMO_INT_H
#define ML_MEMO_INT_H

#include "ml_memo.h"

#define ML_MEMO__EXCERPT 200 /* characters of a quoted portion */
#define ML_MEMO__BIG ((size_t)1 << 26) /* cap of the memo's buffers */

typedef struct ml_memo__where {
	char *part, *section;
	unsigned paragraph, line;
	unsigned slide;         /* PowerPoint: number in presentation order */
	int own_section;        /* the section is the portion's own number
	                           (its text starts with it), not the one of
	                           a paragraph or heading before it */
} ml_memo__where;

typedef struct ml_memo__doc {
	char *path, *title, *err_code, *err_msg, *rollup, *rollup_after;
	size_t portions, malformed;
	size_t first_mk;        /* its markings are mks[first_mk..] */
} ml_memo__doc;

typedef struct ml_memo__mk {    /* one marking of a document */
	char *id, *kind, *form, *text, *status, *citation, *where, *blanket;
	ml_memo__where at;
	char *excerpt;          /* cut to ML_MEMO__EXCERPT characters */
	char *qmark;            /* the quoted portion's mark, "(S//NF)" */
	size_t doc;
} ml_memo__mk;

typedef struct ml_memo__fd {    /* one finding */
	char *rule, *disposition, *message, *summary, *authority;
	char *suggestion, *lane, *lane_desc;
	char *justification;    /* why it was suppressed, or NULL */
	ml_suppress_kind suppressed; /* accepted earlier */
	ml_severity severity;
	ml_memo__where at;
	char *excerpt;
	char *qmark;
	long mk;                /* index in mks, or -1 */
	size_t doc;
} ml_memo__fd;

struct ml_memo {
	ml_memo_opts o;         /* strings owned */
	ml_memo__doc *docs;
	size_t ndocs, adocs;
	ml_memo__mk *mks;
	size_t nmks, amks;
	ml_memo__fd *fds;
	size_t nfds, afds;
};

/* --- items: what the memo lists (ml_memo_items.c) --- */

/* The dispositions, in the order of the memo's paragraphs. An item's
 * disposition is the first of its findings' in this order, so that a
 * marking to replace is listed once, under "remove", with its blanket
 * scope and malformed form folded in. A "review" of something that is no
 * NOFORN marking or restriction (a suppression directive, a banner that
 * lacks NOFORN) is no disclosure decision: it is listed apart ("other"). */
typedef struct ml_memo__disp {
	const char *name;     /* "remove"...; "accepted": only suppressed */
	const char *title;    /* the paragraph's title */
	const char *why;      /* what its markings have in common */
	const char *action;   /* what to do with each ("%s": cites) */
	const char *cites;    /* the authority the action rests on, or NULL */
	const char *verb;     /* the summary's count ("%s") */
} ml_memo__disp;

extern const ml_memo__disp ml_memo__disps[];
extern const size_t ml_memo__ndisps;
#define ML_MEMO__OTHER 4    /* index of "other": a review that is no
                               marking (a suppression directive...) */
#define ML_MEMO__RETAIN 5   /* index of "retain" */
#define ML_MEMO__ACCEPTED 6 /* index of "accepted" */

/* One thing the memo lists: a marking with every finding about it, or
 * the findings of one portion that have no marking (FOUO, a malformed
 * mark). Banners of one document with the same text and findings are
 * merged into the first (listed once, at every location). */
typedef struct ml_memo__item {
	size_t doc;
	long mk;              /* index in m->mks, or -1 */
	size_t *fds;          /* indexes in m->fds, in order */
	size_t nfds, afds;
	int disp;             /* index in ml_memo__disps; -1: no finding */
	size_t primary;       /* the finding (m->fds index) giving disp */
	long into;            /* -1, or the item it was merged into */
	size_t *merged;       /* items merged into this one */
	size_t nmerged, amerged;
} ml_memo__item;

typedef struct ml_memo__items {
	ml_memo__item *v;     /* in document order */
	size_t n, alloc;
} ml_memo__items;

void ml_memo__items_build(const ml_memo *m, ml_memo__items *out);
void ml_memo__items_free(ml_memo__items *its);

/* What an item says, with what the memo has said before: the
 * references, each piece of advice in words and each portion quoted, with
 * the paragraph that gave it first (later items point back to it instead
 * of repeating it).
 * label: the paragraph of the item being written ("3.b"), or NULL. */
typedef struct ml_memo__said {
	char *text, *at;
} ml_memo__said;

/* A portion the memo has quoted (strings borrowed from the model). */
typedef struct ml_memo__quoted {
	size_t doc;
	const char *part;
	unsigned paragraph, line;
	char *at;              /* the paragraph that quoted it, "3.a" */
} ml_memo__quoted;

typedef struct ml_memo__say {
	ml_memo_refs refs;
	ml_memo__said *said;
	size_t nsaid, asaid;
	ml_memo__quoted *quoted;
	size_t nquoted, aquoted;
	const char *label;
} ml_memo__say;

void ml_memo__say_free(ml_memo__say *s);

/* Where an item is, as its reader finds it: "paragraph 6", "page header
 * and page footer", "slide 3, paragraph 2", prefixed by the document's
 * path when the memo has several; capitalised when cap. */
enum {
	ML_MEMO__CAP = 1,       /* capitalise the first word */
	ML_MEMO__NO_PATH = 2,   /* never the document's path */
	ML_MEMO__WITH_DISP = 4, /* start with the disposition's title */
	ML_MEMO__LANE = 8,      /* say the lane of cooperation */
	ML_MEMO__ALL_PLACES = 16 /* every place of a merged item */
};
void ml_memo__item_where(const ml_memo *m, const ml_memo__items *its,
                         size_t i, unsigned flags, ml_buf *b);
/* The text of an item's sub-paragraph: where, what it quotes, its basis,
 * the recommendation of its disposition and the findings folded into it
 * (flags: ML_MEMO__*; WITH_DISP for the per-document detail, which is not
 * grouped by disposition). Returns the item's mark (the roll-up of what it
 * quotes; the caller frees). */
char *ml_memo__item_text(const ml_memo *m, const ml_memo__items *its,
                         size_t i, ml_memo__say *say, unsigned flags,
                         ml_buf *b);
/* The item's row of the attachment table (cells owned by the caller). */
void ml_memo__item_row(const ml_memo *m, const ml_memo__items *its,
                       size_t i, char **cells);
#define ML_MEMO__ROW_COLS 7
extern const char *const ml_memo__row_head[ML_MEMO__ROW_COLS];

/* The letter of the n-th sub-paragraph (0: "a", 25: "z", 26: "aa"). */
void ml_memo__letter(size_t n, char *out, size_t size);

/* Appends tmpl to b with its "%s" (if any) replaced by arg: templates
 * are data, never printf formats. */
void ml_memo__fill(ml_buf *b, const char *tmpl, const char *arg);

/* Portion form of the roll-up of the marks marks[0..n) ("(U)" for none;
 * the caller frees). */
char *ml_memo__rollup_marks(const char *const *marks, size_t n);
/* The roll-up of the markings v[0..n) in form f, or none when there are
 * none or they do not roll up (the caller frees). */
char *ml_memo__rollup(const ml_marking *v, size_t n, ml_marking_form f,
                      const char *none);

/* --- renderers: each writes a finished layout --- */
int ml_memo__write_md(const ml_memo_layout *l, FILE *out);
int ml_memo__write_text(const ml_memo_layout *l, FILE *out);
int ml_memo__write_html(const ml_memo_layout *l, FILE *out);
int ml_memo__write_docx(const ml_memo_layout *l, FILE *out);

#endif
