/* ml_pptx.c - PowerPoint packages (PPTX, PPTM, POTX, PPSX): the slides in
 * presentation order, each with its speaker notes, comments and SmartArt
 * text, then the static text of the masters and layouts.
 *
 * Presentation order is the order of p:sldId in the main part's
 * p:sldIdLst, resolved through the main part's relationships, never the
 * order or the numbers of the part names (ppt/slides/slide7.xml may be the
 * second slide). Slides are numbered 1, 2, ... in that order; their
 * portions, and those of their notes and comments, carry the number
 * (location "slide"), while "part" stays the part name. A banner text box
 * on every slide is read on every slide: a banner portion per slide.
 */
#include "ml_readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PML_CT "application/vnd.openxmlformats-officedocument.presentationml."

static const char *const S_main_types[] = {
	S_PML_CT "presentation.main+xml",
	S_PML_CT "template.main+xml",
	S_PML_CT "slideshow.main+xml",
	"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
	"application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
	"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
};

/* PowerPoint 365's comments, a relationship type outside the standard
 * base. */
#define S_MODERN_COMMENTS \
	"http://schemas.microsoft.com/office/2018/10/relationships/comments"

int ml_pptx_is_main(const char *ct)
{
	return ML_OPC_IN(ct, S_main_types);
}

/* The relationship ids of the main part's lists, in order. */
typedef struct S_ids {
	char **v;
	size_t n, c;
} S_ids;

typedef struct S_deck {
	ml_doc *doc;
	ml_opc *opc;
	S_ids slides, masters;
	unsigned ncomments;
	int over;           /* more ids than --max-entries */
} S_deck;

static void S_ids_add(S_deck *d, S_ids *ids, const ml_xattr *a, int na)
{
	char *id = ml_xattr_dup(a, na, ML_NS_R, "id");

	if (!id)
		return;
	if (d->slides.n + d->masters.n >=
	    ml_doc__limits(d->doc)->max_entries) {
		d->over = 1;
		free(id);
		return;
	}
	ML_VEC_GROW(ids->v, ids->c, ids->n + 1, 32);
	ids->v[ids->n++] = id;
}

static void S_ids_free(S_ids *ids)
{
	size_t i;

	for (i = 0; i < ids->n; i++)
		free(ids->v[i]);
	free(ids->v);
}

static void S_pres_start(void *ud, ml_ns ns, const char *local,
                         const ml_xattr *a, int na, uint32_t line)
{
	S_deck *d = ud;

	(void)line;
	if (ns != ML_NS_P)
		return;
	if (strcmp(local, "sldId") == 0)
		S_ids_add(d, &d->slides, a, na);
	else if (strcmp(local, "sldMasterId") == 0)
		S_ids_add(d, &d->masters, a, na);
}

/* Streams a part through a DrawingML reader of the given kind, as part
 * of slide number slide (0: none). */
static int S_read_part(S_deck *d, const char *part, ml_dml_kind kind,
                       uint32_t slide)
{
	int idx = ml_zip_find(d->opc->z, part), rc;
	char *full;
	ml_reader r;

	if (idx < 0)
		return 0; /* a dangling relationship: nothing to read */
	full = ml_opc_full_name(d->opc, idx);
	ml_doc__part(d->doc, full);
	ml_doc__part_page(d->doc, 0, slide);
	ml_dml_reader(d->doc, kind, &d->ncomments, &r);
	rc = ml_opc_stream_part(d->opc, idx, full, &r, ML_XML_MCE);
	free(full);
	return rc;
}

/* What a slide's relationships lead to that is read with it. */
static int S_slide_related(const ml_opc_rel *rel, ml_dml_kind *kind)
{
	if (ml_opc_rel_is(rel, "notesSlide"))
		*kind = ML_DML_NOTES;
	else if (ml_opc_rel_is(rel, "comments"))
		*kind = ML_DML_COMMENTS;
	else if (strcmp(rel->type, S_MODERN_COMMENTS) == 0)
		*kind = ML_DML_MODERN;
	else if (ml_opc_rel_is(rel, "diagramData"))
		*kind = ML_DML_SLIDE; /* SmartArt: its points' text */
	else
		return 0;
	return 1;
}

/* A slide, then its notes, comments and SmartArt. */
static int S_read_slide(S_deck *d, const char *part, uint32_t n)
{
	ml_opc_rels rels;
	ml_dml_kind kind;
	size_t i;
	int rc = S_read_part(d, part, ML_DML_SLIDE, n);

	memset(&rels, 0, sizeof rels);
	if (rc == 0)
		rc = ml_opc_rels_of(d->opc, part, &rels);
	for (i = 0; rc == 0 && i < rels.n; i++) {
		const ml_opc_rel *rel = &rels.v[i];
		if (rel->target && S_slide_related(rel, &kind) &&
		    ml_opc_first_time(d->opc, rel->target))
			rc = S_read_part(d, rel->target, kind, n);
	}
	ml_opc_rels_free(&rels);
	return rc;
}

/* A master's static text, then that of its layouts. */
static int S_read_master(S_deck *d, const char *part)
{
	ml_opc_rels rels;
	size_t i;
	int rc = S_read_part(d, part, ML_DML_MASTER, 0);

	memset(&rels, 0, sizeof rels);
	if (rc == 0)
		rc = ml_opc_rels_of(d->opc, part, &rels);
	for (i = 0; rc == 0 && i < rels.n; i++) {
		const ml_opc_rel *rel = &rels.v[i];
		if (rel->target && ml_opc_rel_is(rel, "slideLayout") &&
		    ml_opc_first_time(d->opc, rel->target))
			rc = S_read_part(d, rel->target, ML_DML_MASTER, 0);
	}
	ml_opc_rels_free(&rels);
	return rc;
}

/* Reads the targets of ids that are relationships of type type. */
static int S_read_list(S_deck *d, const ml_opc_rels *rels, const S_ids *ids,
                       const char *type)
{
	uint32_t n = 0;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < ids->n; i++) {
		const ml_opc_rel *rel = ml_opc_rel_by_id(rels, ids->v[i]);
		if (!rel || !rel->target || !ml_opc_rel_is(rel, type) ||
		    !ml_opc_first_time(d->opc, rel->target))
			continue;
		if (strcmp(type, "slide") == 0)
			rc = S_read_slide(d, rel->target, ++n);
		else
			rc = S_read_master(d, rel->target);
	}
	return rc;
}

static int S_read_deck(S_deck *d, const char *main_part, ml_opc_rels *rels)
{
	ml_xml_handler h;
	int idx = ml_zip_find(d->opc->z, main_part), rc;

	memset(&h, 0, sizeof h);
	h.start = S_pres_start;
	ml_opc_first_time(d->opc, main_part);
	if ((rc = ml_zip_parse_xml(d->opc->z, idx, &h, d, ML_XML_MCE)) < 0)
		return rc;
	if (d->over)
		return ml_doc__fail(d->doc, ML_ELIMIT, "limit-entries",
		                    "%s lists more than %u slides and masters "
		                    "(--max-entries)", main_part,
		                    ml_doc__limits(d->doc)->max_entries);
	if ((rc = ml_opc_rels_of(d->opc, main_part, rels)) < 0)
		return rc;
	if ((rc = S_read_list(d, rels, &d->slides, "slide")) < 0)
		return rc;
	if ((rc = S_read_list(d, rels, &d->masters, "slideMaster")) < 0)
		return rc;
	return ml_opc_read_meta(d->opc);
}

int ml_pptx_read(ml_doc *doc, ml_opc *opc, const char *main_part)
{
	S_deck d;
	ml_opc_rels rels;
	int rc;

	ml_doc__set_format(doc, ML_FORMAT_PPTX);
	memset(&d, 0, sizeof d);
	memset(&rels, 0, sizeof rels);
	d.doc = doc;
	d.opc = opc;
	/* parts come in output order, each once (ml_opc_first_time): the
	 * slides with their notes and comments, then the masters; a sink
	 * (check) may take the portions as they are read */
	ml_doc__stream(doc);
	rc = S_read_deck(&d, main_part, &rels);
	ml_opc_rels_free(&rels);
	S_ids_free(&d.slides);
	S_ids_free(&d.masters);
	if (rc == 0 && ml_doc__failed(doc))
		rc = ml_doc__err(doc)->status;
	return rc;
}
