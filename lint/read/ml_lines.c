/* ml_lines.c - plain-text lines into portions (see ml_lines.h). */
#include "ml_lines.h"
#include "ml_pmark.h"

#include <string.h>

void ml_lines__init(ml_lines *l, ml_doc *doc, int markdown)
{
	memset(l, 0, sizeof *l);
	l->doc = doc;
	l->markdown = markdown;
	l->lineno = 1;
	ml_buf_init(&l->out, ML_LINES_HOLD);
}

void ml_lines__free(ml_lines *l)
{
	ml_buf_free(&l->out);
}

int ml_lines__close(ml_lines *l)
{
	l->single = 0;
	if (!l->in_para)
		return 0;
	l->in_para = 0;
	return ml_doc__para_end(l->doc, 0);
}

static int S_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Does this line start a portion of its own? A mark (after numbering), a
 * list item or heading, or a banner or caveat line. *alone says that the
 * line is a portion by itself (a banner line: the next line starts
 * another one). */
static int S_starts(const char *s, size_t n, int complete, int *alone)
{
	ml_pmark pm;

	*alone = complete && ml_pmark_banner_line(s, n);
	return *alone || ml_pmark_scan(s, n, &pm) ||
	       ml_pmark_list_item(s, n) > 0;
}

int ml_lines__text(ml_lines *l, const char *s, size_t n, int complete,
                   int heading, int start)
{
	int alone = 0, r;

	while (n && S_blank(*s))
		s++, n--;
	if (!n)
		return ml_lines__close(l);
	if (!start)
		start = S_starts(s, n, complete, &alone);
	if ((start || heading || l->single) &&
	    (r = ml_lines__close(l)) < 0)
		return r;
	if (!l->in_para) {
		if ((r = ml_doc__para_begin(l->doc, l->lineno)) < 0)
			return r;
		l->in_para = 1;
	} else if ((r = ml_doc__text(l->doc, "\n", 1)) < 0) {
		return r;
	}
	if ((r = ml_doc__text(l->doc, s, n)) < 0)
		return r;
	if (heading)
		ml_doc__para_heading(l->doc, heading);
	l->single = heading || alone;
	return 0;
}

int ml_lines__line(ml_lines *l, const char *s, size_t n, int complete)
{
	size_t i = 0;

	if (l->markdown)
		return ml_md__line(l, s, n, complete);
	while (i < n && S_blank(s[i]))
		i++;
	/* "# Title" is a heading in any text file */
	if (i < n && s[i] == '#') {
		ml_pmark pm;
		ml_pmark_scan(s + i, n - i, &pm);
		if (pm.heading)
			return ml_lines__text(l, s, n, complete, 1, 1);
	}
	return ml_lines__text(l, s, n, complete, 0, 0);
}

int ml_lines__more(ml_lines *l, const char *s, size_t n)
{
	return l->in_para ? ml_doc__text(l->doc, s, n) : 0;
}

int ml_lines__finish(ml_lines *l)
{
	return ml_lines__close(l);
}
