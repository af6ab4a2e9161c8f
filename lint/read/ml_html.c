/* ml_html.c - HTML (a DOCX altChunk) to portions: block elements are
 * paragraphs.
 *
 * p, h1-h6, li, td, th, dt, dd, pre, blockquote and caption open a
 * paragraph; nested ones nest (an li holding a p: the builder drops the
 * outer one when it is blank). A div is a paragraph only once it has
 * direct non-blank text, so wrapper divs use no paragraph number.
 * (libxml2 wraps text directly in body into an implied p.) script, style,
 * head and template hold no text. Line breaks in the source are white space
 * except in pre; br is a newline.
 */
#include "ml_readers.h"

#include <stdlib.h>
#include <string.h>

typedef enum S_hkind {
	H_OTHER = 0,
	H_BLOCK,
	H_DIV,
	H_PRE,
	H_SKIP,
	H_BR
} S_hkind;

typedef struct S_hname {
	const char *name;
	unsigned char kind;
} S_hname;

/* Sorted by strcmp for bsearch. */
static const S_hname S_hnames[] = {
	{"blockquote", H_BLOCK},
	{"br", H_BR},
	{"caption", H_BLOCK},
	{"dd", H_BLOCK},
	{"div", H_DIV},
	{"dt", H_BLOCK},
	{"h1", H_BLOCK},
	{"h2", H_BLOCK},
	{"h3", H_BLOCK},
	{"h4", H_BLOCK},
	{"h5", H_BLOCK},
	{"h6", H_BLOCK},
	{"head", H_SKIP},
	{"li", H_BLOCK},
	{"p", H_BLOCK},
	{"pre", H_PRE},
	{"script", H_SKIP},
	{"style", H_SKIP},
	{"td", H_BLOCK},
	{"template", H_SKIP},
	{"th", H_BLOCK},
};

typedef struct S_html {
	ml_doc *doc;
	ml_xml *x;        /* may be NULL */
	int stopped;
	unsigned depth;
	unsigned skip;    /* >0: inside script/style/head */
	unsigned pre;     /* open pre elements */
	unsigned blk;     /* depth of the innermost open block, 0 if none */
	unsigned char kinds[ML_READER_MAX_DEPTH + 1];
	/* a paragraph was begun */
	unsigned char opened[ML_READER_MAX_DEPTH + 1];
	/* enclosing block's depth */
	unsigned parent[ML_READER_MAX_DEPTH + 1];
	/* start line of a div */
	uint32_t line[ML_READER_MAX_DEPTH + 1];
} S_html;

static int S_hcmp(const void *key, const void *elt)
{
	return strcmp(key, ((const S_hname *)elt)->name);
}

static S_hkind S_hkind_of(ml_ns ns, const char *local)
{
	const S_hname *n;

	if (ns != ML_NS_NONE && ns != ML_NS_XHTML)
		return H_OTHER;
	n = bsearch(local, S_hnames, sizeof S_hnames / sizeof S_hnames[0],
	            sizeof S_hnames[0], S_hcmp);
	return n ? (S_hkind)n->kind : H_OTHER;
}

static void S_check(S_html *s, int rc)
{
	if (rc < 0) {
		s->stopped = 1;
		if (s->x)
			ml_xml_stop(s->x);
	}
}

static void S_start(void *ud, ml_ns ns, const char *local,
                    const ml_xattr *a, int na, uint32_t line)
{
	S_html *s = ud;
	S_hkind k;

	(void)a;
	(void)na;
	if (!ml_reader__enter(&s->skip, s->stopped))
		return;
	if (ml_reader__too_deep(s->doc, s->depth)) {
		S_check(s, -1);
		return;
	}
	k = S_hkind_of(ns, local);
	s->kinds[++s->depth] = (unsigned char)k;
	s->opened[s->depth] = 0;
	switch (k) {
	case H_SKIP:
		s->skip = 1;
		break;
	case H_PRE:
		s->pre++;
		/* fall through */
	case H_BLOCK:
		S_check(s, ml_doc__para_begin(s->doc, line));
		if (local[0] == 'h' && local[1] >= '1' && local[1] <= '6')
			ml_doc__para_heading(s->doc, local[1] - '0');
		s->opened[s->depth] = 1;
		/* fall through */
	case H_DIV:
		s->parent[s->depth] = s->blk;
		s->blk = s->depth;
		s->line[s->depth] = line;
		break;
	case H_BR:
		S_check(s, ml_doc__text(s->doc, "\n", 1));
		break;
	default:
		break;
	}
}

static void S_end(void *ud, ml_ns ns, const char *local)
{
	S_html *s = ud;

	(void)ns;
	(void)local;
	if (!ml_reader__leave(&s->skip, &s->depth, s->stopped))
		return;
	switch (s->kinds[s->depth]) {
	case H_PRE:
		s->pre--;
		/* fall through */
	case H_BLOCK:
	case H_DIV:
		if (s->opened[s->depth])
			S_check(s, ml_doc__para_end(s->doc, 0));
		s->blk = s->parent[s->depth];
		break;
	default:
		break;
	}
	s->depth--;
}

static int S_blank(const char *t, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r')
			return 0;
	return 1;
}

/* Source line breaks are spaces outside pre. */
static void S_text(void *ud, const char *t, size_t len)
{
	S_html *s = ud;
	size_t i, from = 0;

	if (s->skip || s->stopped)
		return;
	if (s->blk && !s->opened[s->blk] && !S_blank(t, len)) {
		/* direct text of a div: it becomes a paragraph */
		S_check(s, ml_doc__para_begin(s->doc, s->line[s->blk]));
		s->opened[s->blk] = 1;
	}
	if (s->pre) {
		S_check(s, ml_doc__text(s->doc, t, len));
		return;
	}
	for (i = 0; i < len && !s->stopped; i++) {
		if (t[i] != '\n' && t[i] != '\r')
			continue;
		S_check(s, ml_doc__text(s->doc, t + from, i - from));
		S_check(s, ml_doc__text(s->doc, " ", 1));
		from = i + 1;
	}
	if (!s->stopped)
		S_check(s, ml_doc__text(s->doc, t + from, len - from));
}

static int S_finish(void *ud)
{
	S_html *s = ud;

	return ml_doc__status(s->doc, 0);
}

static const ml_reader S_reader = {
	{S_start, S_end, S_text, NULL, NULL}, NULL, S_finish, free
};

/* The state is owned by out->ud and released by out->free. */
void ml_html_reader(ml_doc *doc, ml_xml *x, ml_reader *out)
{
	ml_doc__split_lines(doc, 1);
	S_html *s = ml_xcalloc(1, sizeof *s);

	s->doc = doc;
	s->x = x;
	*out = S_reader;
	out->ud = s;
}
