/* ml_dml.c - the DrawingML text of PowerPoint parts to portions.
 *
 * One reader per part (a slide, its notes, its comments, a master or a
 * layout, SmartArt data), fed by ml_xml with Markup Compatibility applied.
 * Every a:p is a portion, wherever it is: a text box, a placeholder, a
 * table cell (a:tc), a shape inside a group (p:grpSp, nested), a SmartArt
 * point. Its text is the a:t of its runs and fields in order; a:br is a
 * line break; properties (a:pPr, a:rPr ...) hold no text and are skipped.
 *
 * A shape's kind is known before its text: p:nvSpPr, which holds p:ph
 * (placeholder) and its type, comes before p:txBody. The slide number
 * placeholder is skipped everywhere; on masters and layouts every
 * placeholder is (their text is a prompt, "Click to edit Master title
 * style", never shown), and only static text (a banner text box on the
 * master) is read.
 *
 * Alternative text (p:cNvPr descr and title, on pictures, shapes and
 * tables) is text a screen reader reads: a portion of its own.
 * Comments: each legacy p:cm, or modern p188:cm with its replies, is owned
 * by "comment N", N counted through the deck.
 */
#include "ml_readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct S_dml {
	ml_doc *doc;
	ml_dml_kind kind;
	unsigned *ncomments;
	unsigned depth;        /* open elements */
	unsigned skip;         /* >0: inside a skipped subtree, its depth */
	unsigned shape;        /* depth of the open p:sp, or 0 */
	int placeholder;       /* the open shape is a placeholder (p:ph) */
	int ph_skip;           /* ... of a kind whose text is not read */
	unsigned para;         /* depth of the open a:p, or 0 */
	unsigned comment;      /* depth of the open comment, or 0 */
	int in_t;              /* inside a:t or p:text */
	int failed;
} S_dml;

static void S_check(S_dml *s, int rc)
{
	if (rc < 0)
		s->failed = 1;
}

/* Elements whose subtree holds no text a reader sees. */
static int S_skipped(ml_ns ns, const char *local)
{
	static const char *const a_names[] = {
		"bodyPr", "lstStyle", "pPr", "rPr", "endParaRPr", "spPr",
		"tcPr", "tblPr", "tblGrid", "style", "xfrm",
	};
	static const char *const p_names[] = {
		"spPr", "style", "extLst", "transition", "timing", "clrMapOvr",
	};
	size_t i;

	if (ns == ML_NS_A) {
		for (i = 0; i < sizeof a_names / sizeof a_names[0]; i++)
			if (strcmp(local, a_names[i]) == 0)
				return 1;
	} else if (ns == ML_NS_P) {
		for (i = 0; i < sizeof p_names / sizeof p_names[0]; i++)
			if (strcmp(local, p_names[i]) == 0)
				return 1;
	}
	return 0;
}

/* Whether the text of a placeholder of this type is read. */
static int S_ph_read(const S_dml *s, const ml_xattr *attrs, int n)
{
	if (s->kind == ML_DML_MASTER)
		return 0;
	return !ml_xattr_is(attrs, n, ML_NS_NONE, "type", "sldNum");
}

/* Alternative text: the description, then the title, one portion (a
 * portion mark in the description starts it). */
static void S_alt_text(S_dml *s, const ml_xattr *attrs, int n)
{
	const ml_xattr *t = ml_xattr_find(attrs, n, ML_NS_NONE, "title");
	const ml_xattr *d = ml_xattr_find(attrs, n, ML_NS_NONE, "descr");
	int rc, same;

	if ((!t || !t->vlen) && (!d || !d->vlen))
		return;
	same = t && d && t->vlen == d->vlen &&
	       memcmp(t->value, d->value, t->vlen) == 0;
	if ((rc = ml_doc__para_begin(s->doc, 0)) < 0) {
		S_check(s, rc);
		return;
	}
	if (d && d->vlen)
		S_check(s, ml_doc__text(s->doc, d->value, d->vlen));
	if (t && t->vlen && d && d->vlen && !same)
		S_check(s, ml_doc__text(s->doc, "\n", 1));
	if (t && t->vlen && !same)
		S_check(s, ml_doc__text(s->doc, t->value, t->vlen));
	S_check(s, ml_doc__para_end(s->doc, 0));
}

static void S_comment_begin(S_dml *s)
{
	char id[24];

	snprintf(id, sizeof id, "%u", ++*s->ncomments);
	ml_doc__owner(s->doc, ML_LINK_COMMENT, id, (size_t)-1);
	s->comment = s->depth;
}

static void S_para_begin(S_dml *s)
{
	S_check(s, ml_doc__para_begin(s->doc, 0));
	s->para = s->depth;
}

static void S_start(void *ud, ml_ns ns, const char *local,
                    const ml_xattr *attrs, int nattrs, uint32_t line)
{
	S_dml *s = ud;

	(void)line;
	s->depth++;
	if (s->skip || s->failed)
		return;
	if (S_skipped(ns, local)) {
		s->skip = s->depth;
		return;
	}
	if (ns == ML_NS_P && strcmp(local, "sp") == 0 && !s->shape) {
		s->shape = s->depth;
		s->placeholder = s->ph_skip = 0;
	} else if (ns == ML_NS_P && strcmp(local, "ph") == 0 && s->shape) {
		s->placeholder = 1;
		s->ph_skip = !S_ph_read(s, attrs, nattrs);
	} else if (ns == ML_NS_P && strcmp(local, "txBody") == 0 &&
	           s->shape && s->ph_skip) {
		s->skip = s->depth;
	} else if (ns == ML_NS_P && strcmp(local, "cNvPr") == 0 &&
	           s->kind != ML_DML_MASTER) {
		S_alt_text(s, attrs, nattrs);
	} else if (ns == ML_NS_A && strcmp(local, "p") == 0 && !s->para) {
		S_para_begin(s);
	} else if (ns == ML_NS_A && strcmp(local, "t") == 0 && s->para) {
		s->in_t = 1;
	} else if (ns == ML_NS_A && strcmp(local, "br") == 0 && s->para) {
		S_check(s, ml_doc__text(s->doc, "\n", 1));
	} else if (s->kind == ML_DML_COMMENTS && ns == ML_NS_P &&
	           strcmp(local, "cm") == 0 && !s->comment) {
		S_comment_begin(s);
		S_para_begin(s);
	} else if (s->kind == ML_DML_COMMENTS && ns == ML_NS_P &&
	           strcmp(local, "text") == 0 && s->para) {
		s->in_t = 1;
	} else if (s->kind == ML_DML_MODERN && ns == ML_NS_PC &&
	           strcmp(local, "cm") == 0 && !s->comment) {
		S_comment_begin(s);
	}
}

static void S_end(void *ud, ml_ns ns, const char *local)
{
	S_dml *s = ud;
	unsigned d = s->depth--;

	(void)ns;
	(void)local;
	if (s->skip) {
		if (d == s->skip)
			s->skip = 0;
		return;
	}
	if (s->in_t && ((ns == ML_NS_A && strcmp(local, "t") == 0) ||
	                (ns == ML_NS_P && strcmp(local, "text") == 0)))
		s->in_t = 0;
	if (d == s->para) {
		S_check(s, ml_doc__para_end(s->doc, 0));
		s->para = 0;
	}
	if (d == s->comment) {
		ml_doc__owner(s->doc, ML_LINK_NONE, NULL, 0);
		s->comment = 0;
	}
	if (d == s->shape)
		s->shape = 0;
}

static void S_text(void *ud, const char *t, size_t len)
{
	S_dml *s = ud;

	if (s->in_t && !s->skip && !s->failed)
		S_check(s, ml_doc__text(s->doc, t, len));
}

static int S_finish(void *ud)
{
	S_dml *s = ud;

	/* a part cut short: close what is open (ml_xml reported it) */
	if (s->para)
		S_check(s, ml_doc__para_end(s->doc, 0));
	ml_doc__owner(s->doc, ML_LINK_NONE, NULL, 0);
	return ml_doc__status(s->doc, 0);
}

static void S_free(void *ud)
{
	free(ud);
}

static const ml_reader S_reader = {
	{S_start, S_end, S_text, NULL, NULL}, NULL, S_finish, S_free
};

void ml_dml_reader(ml_doc *doc, ml_dml_kind kind, unsigned *ncomments,
                   ml_reader *out)
{
	S_dml *s = ml_xcalloc(1, sizeof *s);

	s->doc = doc;
	s->kind = kind;
	s->ncomments = ncomments;
	*out = S_reader;
	out->ud = s;
}
