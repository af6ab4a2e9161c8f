/* ml_docx.c - OPC word-processing packages (DOCX, DOCM, DOTX, DOTM): find
 * the parts through relationships and read each with the WML reader.
 *
 * The main part is the target of the package's officeDocument relationship
 * (transitional or Strict), never an assumed word/document.xml; its content
 * type must be a word-processing main part. Then, through the main part's
 * relationships: headers, footers (in relationship order), footnotes,
 * endnotes, comments, then altChunks; metadata from docProps/core.xml and
 * docProps/app.xml (found through the package relationships).
 *
 * Content types, relationships and metadata are ml_opc's. A package whose
 * main part is a presentation goes to ml_pptx_read.
 */
#include "ml_opc.h"
#include "ml_readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_WML_CT \
	"application/vnd.openxmlformats-officedocument.wordprocessingml."

static const char *const S_main_types[] = {
	S_WML_CT "document.main+xml",
	S_WML_CT "template.main+xml",
	"application/vnd.ms-word.document.macroEnabled.main+xml",
	"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
};

/* altChunk targets read as an embedded package. */
static const char *const S_docx_types[] = {
	S_WML_CT "document",
	S_WML_CT "template",
	/* the Open XML SDK types embedded packages as main parts */
	S_WML_CT "document.main+xml",
	S_WML_CT "template.main+xml",
	"application/vnd.ms-word.document.macroEnabled.main+xml",
	"application/vnd.ms-word.document.macroEnabled.12",
	"application/vnd.ms-word.template.macroEnabled.12",
};

/* altChunk targets read as HTML. Other altChunk types (MHT
 * message/rfc822, RTF, plain text) are skipped: they need readers of their
 * own and are rare in practice. */
static const char *const S_html_types[] = {
	"text/html",
	"application/xhtml+xml",
};

/* One package (the input, or an embedded altChunk package). */
typedef struct S_pkg {
	ml_opc opc;
	ml_opc_rels main_rels; /* the main part's */
} S_pkg;

static int S_read_package(ml_doc *doc, ml_zip *z, const char *prefix);

/* --- reading parts --- */

/* Streams entry idx through a fresh reader: WML, or HTML. */
static int S_read_xml(S_pkg *p, int idx, int html)
{
	char *full = ml_opc_full_name(&p->opc, idx);
	ml_doc *doc = p->opc.doc;
	ml_reader r;
	int rc;

	ml_doc__part(doc, full);
	if (html)
		ml_html_reader(doc, NULL, &r);
	else
		ml_wml_reader(doc, NULL, ML_WML_2006, &r);
	rc = ml_opc_stream_part(&p->opc, idx, full, &r,
	                        html ? ML_XML_HTML : ML_XML_MCE);
	ml_doc__owner(doc, ML_LINK_NONE, NULL, 0);
	free(full);
	return rc;
}

/* An altChunk holding a whole DOCX: read from memory as a nested package
 * (ml_zip_open_memory refuses nesting past the limit). */
static int S_read_embedded(S_pkg *p, int idx)
{
	ml_doc *doc = p->opc.doc;
	char *full = ml_opc_full_name(&p->opc, idx);
	char *prefix = ml_xmalloc(strlen(full) + 3);
	ml_zip *inner = NULL;
	ml_buf buf;
	int rc;

	snprintf(prefix, strlen(full) + 3, "%s!/", full);
	ml_buf_init(&buf, (size_t)ml_doc__limits(doc)->max_part_size);
	rc = ml_zip_read(p->opc.z, idx, &buf);
	if (rc == 0)
		rc = ml_zip_open_memory(doc, buf.ptr, buf.size,
		                        ml_zip_nesting(p->opc.z) + 1, &inner);
	if (rc == 0)
		rc = S_read_package(doc, inner, prefix);
	ml_zip_close(inner);
	ml_buf_free(&buf);
	free(prefix);
	free(full);
	return rc;
}

static int S_read_chunk(S_pkg *p, int idx, const char *part)
{
	const char *ct = ml_opc_ctype(&p->opc, part);

	if (ML_OPC_IN(ct, S_docx_types))
		return S_read_embedded(p, idx);
	if (ML_OPC_IN(ct, S_html_types))
		return S_read_xml(p, idx, 1);
	return 0;
}

/* Reads the targets of the main part's relationships of one type. */
static int S_read_related(S_pkg *p, const char *type)
{
	ml_doc *doc = p->opc.doc;
	size_t i;
	int idx, rc;

	for (i = 0; i < p->main_rels.n; i++) {
		const ml_opc_rel *rel = &p->main_rels.v[i];
		if (!rel->target || !ml_opc_rel_is(rel, type) ||
		    !ml_opc_first_time(&p->opc, rel->target))
			continue;
		idx = ml_zip_find(p->opc.z, rel->target);
		if (idx < 0)
			continue; /* a dangling relationship: nothing to read */
		if (strcmp(type, "aFChunk") == 0)
			rc = S_read_chunk(p, idx, rel->target);
		else
			rc = S_read_xml(p, idx, 0);
		if (rc < 0 || ml_doc__failed(doc))
			return rc < 0 ? rc : ml_doc__err(doc)->status;
	}
	return 0;
}

/* --- the package --- */

static int S_not_wml(S_pkg *p, const char *part, const char *ct)
{
	const char *what = ml_opc_kind(ct);

	if (what)
		return ml_doc__fail(p->opc.doc, ML_EFORMAT,
		                    "opc-not-wordprocessing", "the package is %s "
		                    "(%s), not a document marklint reads", what,
		                    ct);
	return ml_doc__fail(p->opc.doc, ML_EFORMAT, "opc-not-wordprocessing",
	                    "the main part '%s%s' has content type '%s', not "
	                    "a word-processing document or a presentation",
	                    p->opc.prefix, part, ct ? ct : "(none)");
}

static int S_read_parts(S_pkg *p, const char *main_part)
{
	static const char *const order[] = {
		"header", "footer", "footnotes", "endnotes", "comments",
		"aFChunk",
	};
	size_t i;
	int rc;

	ml_opc_first_time(&p->opc, main_part);
	/* parts come in output order (the body, then the parts below, each
	 * once): a sink may check the portions as they are read */
	if (!p->opc.prefix[0])
		ml_doc__stream(p->opc.doc);
	if ((rc = S_read_xml(p, ml_zip_find(p->opc.z, main_part), 0)) < 0)
		return rc;
	if ((rc = ml_opc_rels_of(&p->opc, main_part, &p->main_rels)) < 0)
		return rc;
	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		if ((rc = S_read_related(p, order[i])) < 0)
			return rc;
	return ml_opc_read_meta(&p->opc);
}

/* Reads a package: a word-processing one here; at the top, a
 * presentation goes to ml_pptx_read (prefix "" only: an altChunk is a
 * DOCX). */
static int S_read_package(ml_doc *doc, ml_zip *z, const char *prefix)
{
	S_pkg p;
	const char *main_part = NULL, *ct;
	int rc;

	memset(&p, 0, sizeof p);
	rc = ml_opc_open(&p.opc, doc, z, prefix);
	if (rc == 0)
		rc = ml_opc_main_part(&p.opc, &main_part);
	if (rc == 0) {
		ct = ml_opc_ctype(&p.opc, main_part);
		if (ML_OPC_IN(ct, S_main_types))
			rc = S_read_parts(&p, main_part);
		else if (!prefix[0] && ml_pptx_is_main(ct))
			rc = ml_pptx_read(doc, &p.opc, main_part);
		else
			rc = S_not_wml(&p, main_part, ct);
	}
	ml_opc_rels_free(&p.main_rels);
	ml_opc_close(&p.opc);
	if (rc == 0 && ml_doc__failed(doc))
		rc = ml_doc__err(doc)->status;
	return rc;
}

int ml_docx_read(ml_doc *doc, ml_zip *z)
{
	ml_doc__set_format(doc, ML_FORMAT_DOCX);
	return S_read_package(doc, z, "");
}
