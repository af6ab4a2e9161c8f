/* ml_read.c - opens an input, sniffs its content and runs its reader. */
#define _GNU_SOURCE 1 /* memmem: the end of a comment before an HTML page */
#include "ml_pdf.h"
#include "ml_readers.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_CHUNK (64 * 1024)

typedef enum {
	K_ZIP, K_CFB, K_XML, K_HTML, K_TEXT, K_BINARY, K_PDF
} S_kind;

void ml_init(void)
{
	xmlInitParser();
	ml_zip_init();
	/* The RELAX NG datatype tables (rule files, .marklint.xml): built
	 * here, once, so that a failed allocation is an out-of-memory exit.
	 * Built lazily instead, libxml2 dereferences the table it failed to
	 * allocate (found by injected allocation failures). */
	if (xmlRelaxNGInitTypes() != 0) {
		fputs("marklint: out of memory\n", stderr);
		exit(2);
	}
}

/* PDF readers accept a header within the first 1024 bytes after binary
 * junk (a MacBinary or mail header); text that merely mentions "%PDF-"
 * is still text. */
static int S_pdf_after_junk(const unsigned char *p, size_t n)
{
	size_t i, lim = n < 1024 ? n : 1024;
	int binary = 0;

	for (i = 0; i + 5 <= lim; i++) {
		if (p[i] == 0)
			binary = 1;
		if (binary && memcmp(p + i, "%PDF-", 5) == 0)
			return 1;
	}
	return 0;
}

/* The index of the first byte at or after p[i] that is not white space. */
static size_t S_skip_space(const unsigned char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	                 p[i] == '\n'))
		i++;
	return i;
}

/* Does an HTML page (not XML: "<br>" needs no end tag) start at p[i]:
 * "<!DOCTYPE html", or a first element that only HTML has ("<html>",
 * "<body>", "<p>", "<div>", "<table>": a saved page or a fragment), in any
 * letter case, after comments? An XHTML page with an XML declaration is
 * XML, and is read as HTML at its root element (S_choose). */
static int S_html_start(const unsigned char *p, size_t n, size_t i)
{
	static const char *const starts[] = {
		"<!doctype html", "<html", "<head", "<body", "<meta", "<title",
		"<p", "<div", "<table", "<ul", "<ol", "<h1", "<h2", "<h3",
		"<h4", "<h5", "<h6", "<br", "<span", "<font", "<center",
	};
	size_t k, len;

	while (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
		const unsigned char *end;

		end = memmem(p + i + 4, n - i - 4, "-->", 3);
		if (!end)
			return 0;
		i = S_skip_space(p, n, (size_t)(end - p) + 3);
	}
	for (k = 0; k < sizeof starts / sizeof starts[0]; k++) {
		len = strlen(starts[k]);
		if (n - i < len + 1 ||
		    strncasecmp((const char *)p + i, starts[k], len) != 0)
			continue;
		if (strchr("> \t\r\n/", p[i + len]) && p[i + len] != '\0')
			return 1;
	}
	return 0;
}

/* What the first bytes say the input is. */
static S_kind S_sniff(const unsigned char *p, size_t n)
{
	static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0,
	                                     0xA1, 0xB1, 0x1A, 0xE1};
	size_t i = 0;

	if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) ||
	     (p[2] == 7 && p[3] == 8)))
		return K_ZIP;
	if (n >= 8 && memcmp(p, cfb, 8) == 0)
		return K_CFB;
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return K_PDF;
	if (S_pdf_after_junk(p, n))
		return K_PDF;
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
	               (p[0] == 0xFE && p[1] == 0xFF))) {
		/* UTF-16: XML when the first character is '<' */
		if (n >= 4 && ((p[2] == '<' && p[3] == 0) ||
		               (p[2] == 0 && p[3] == '<')))
			return K_XML;
		return K_TEXT;
	}
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	for (size_t j = i; j < n; j++)
		if (p[j] == 0)
			return K_BINARY;
	i = S_skip_space(p, n, i);
	if (i < n && p[i] == '<')
		return S_html_start(p, n, i) ? K_HTML : K_XML;
	return K_TEXT;
}

/* A CFB (OLE2) container is either an encrypted OOXML package or a legacy
 * binary document; the stream names (UTF-16LE) tell which. */
static int S_cfb_error(ml_doc *doc, const unsigned char *p, size_t n)
{
	static const char name[] = "EncryptedPackage";
	size_t len = sizeof name - 1, i, j;

	for (i = 0; i + 2 * len <= n; i++) {
		for (j = 0; j < len; j++)
			if (p[i + 2 * j] != (unsigned char)name[j] ||
			    p[i + 2 * j + 1] != 0)
				break;
		if (j == len)
			return ml_doc__fail(doc, ML_EFORMAT, "cfb-encrypted",
			                    "password-protected (encrypted) "
			                    "Office document: remove the password "
			                    "in Word, then check it");
	}
	return ml_doc__fail(doc, ML_EFORMAT, "cfb-legacy",
	                    "legacy binary Office document (.doc format, an "
	                    "OLE container): save it as .docx, then check it");
}

static int S_read_package(ml_doc *doc, ml_zip *z)
{
	if (ml_zip_find(z, "[Content_Types].xml") >= 0)
		return ml_docx_read(doc, z);
	if (ml_zip_find(z, "mimetype") >= 0)
		return ml_odt_read(doc, z);
	return ml_doc__fail(doc, ML_EFORMAT, "zip-not-document",
	                    "a zip archive, but neither an Office Open XML "
	                    "nor an OpenDocument package");
}

/* --- single-file XML: the reader is chosen at the root element --- */

typedef struct S_root {
	ml_doc *doc;
	ml_xml *x;
	const char *part;
	ml_reader r;
	int chosen;
} S_root;

static void S_choose(S_root *st, ml_ns ns, const char *local)
{
	if (ns == ML_NS_PKG && strcmp(local, "package") == 0) {
		ml_doc__set_format(st->doc, ML_FORMAT_FLAT_OPC);
		ml_flatopc_reader(st->doc, st->x, &st->r);
	} else if (ns == ML_NS_W2003 && strcmp(local, "wordDocument") == 0) {
		ml_doc__set_format(st->doc, ML_FORMAT_FLAT_OPC);
		ml_wml_reader(st->doc, st->x, ML_WML_2003, &st->r);
	} else if (ns == ML_NS_OFFICE && strcmp(local, "document") == 0) {
		ml_doc__set_format(st->doc, ML_FORMAT_ODT);
		ml_odt_reader(st->doc, st->x, &st->r);
	} else if (strcmp(local, "html") == 0) {
		/* XHTML: paragraphs, list items and cells, as HTML */
		ml_doc__set_format(st->doc, ML_FORMAT_HTML);
		ml_html_reader(st->doc, st->x, &st->r);
	} else {
		ml_doc__set_format(st->doc, ML_FORMAT_XML);
		ml_genxml_reader(st->doc, st->x, st->part, &st->r);
		/* one part, portions in document order */
		ml_doc__stream(st->doc);
	}
	st->chosen = 1;
}

static void S_root_start(void *ud, ml_ns ns, const char *local,
                         const ml_xattr *attrs, int nattrs, uint32_t line)
{
	S_root *st = ud;

	if (!st->chosen)
		S_choose(st, ns, local);
	if (st->r.h.start)
		st->r.h.start(st->r.ud, ns, local, attrs, nattrs, line);
}

static void S_root_end(void *ud, ml_ns ns, const char *local)
{
	S_root *st = ud;

	if (st->r.h.end)
		st->r.h.end(st->r.ud, ns, local);
}

static void S_root_text(void *ud, const char *s, size_t len)
{
	S_root *st = ud;

	if (st->r.h.text)
		st->r.h.text(st->r.ud, s, len);
}

static void S_root_pi(void *ud, const char *target, const char *data)
{
	S_root *st = ud;

	if (st->r.h.pi)
		st->r.h.pi(st->r.ud, target, data);
}

/* Pulls the next chunk of a streamed input: from fd, or from memory. */
typedef struct S_src {
	ml_doc *doc;
	int fd;              /* -1: memory */
	const char *mem;
	size_t memlen, pos;
	char *buf;
	uint64_t total;
} S_src;

/* Returns bytes read (0 at the end) or a negative status. */
static long S_pull(S_src *src, const char **out)
{
	const ml_limits *lim = ml_doc__limits(src->doc);
	ssize_t n;

	if (src->fd < 0) {
		size_t left = src->memlen - src->pos;
		n = (ssize_t)(left > S_CHUNK ? S_CHUNK : left);
		*out = src->mem + src->pos;
		src->pos += (size_t)n;
	} else {
		do
			n = read(src->fd, src->buf, S_CHUNK);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return ml_doc__fail(src->doc, ML_EIO, "io-unreadable",
			                    "read error: %s", strerror(errno));
		*out = src->buf;
	}
	src->total += (uint64_t)n;
	if (src->total > lim->max_file_size)
		return ml_doc__fail(src->doc, ML_ELIMIT, "limit-file-size",
		                    "larger than %llu bytes (--max-file-size)",
		                    (unsigned long long)lim->max_file_size);
	return (long)n;
}

/* XML, or with html set an HTML page (libxml2's HTML parser, which
 * knows that "<br>" and "<p>" need no end tag): the reader is chosen at
 * the root element. */
static int S_read_xml(S_src *src, const char *first, size_t nfirst,
                      int html)
{
	S_root st;
	ml_xml_handler h = {S_root_start, S_root_end, S_root_text, S_root_pi,
	                    NULL};
	const char *chunk;
	long n;
	int r;

	memset(&st, 0, sizeof st);
	st.doc = src->doc;
	st.part = ml_doc_path(src->doc);
	st.x = ml_xml_new(src->doc, st.part, &h, &st,
	                  html ? ML_XML_HTML : ML_XML_MCE);
	if (html) {
		ml_doc__set_format(st.doc, ML_FORMAT_HTML);
		ml_html_reader(st.doc, st.x, &st.r);
		st.chosen = 1;
	}
	ml_doc__part(src->doc, st.part);
	r = ml_xml_feed(st.x, first, nfirst);
	while (r == 0 && (n = S_pull(src, &chunk)) > 0)
		r = ml_xml_feed(st.x, chunk, (size_t)n);
	if (r == 0 && !ml_doc__failed(src->doc))
		r = ml_xml_finish(st.x);
	if (r == 0 && st.r.finish)
		r = st.r.finish(st.r.ud);
	if (!st.chosen && r == 0)
		r = ml_doc__fail(src->doc, ML_EFORMAT, "xml-malformed",
		                 "%s: no root element", st.part);
	if (st.r.free)
		st.r.free(st.r.ud);
	ml_xml_free(st.x);
	return ml_doc__status(src->doc, r);
}

/* Markdown is text that only its name tells apart: ".md", ".markdown". */
static int S_markdown_name(const char *path)
{
	static const char *const exts[] = {".md", ".markdown"};
	size_t n = strlen(path), k, i;

	for (k = 0; k < sizeof exts / sizeof exts[0]; k++) {
		size_t e = strlen(exts[k]);
		if (n <= e)
			continue;
		for (i = 0; i < e; i++)
			if ((path[n - e + i] | 0x20) != exts[k][i])
				break;
		if (i == e)
			return 1;
	}
	return 0;
}

static int S_read_text(S_src *src, const char *first, size_t nfirst)
{
	const char *part = ml_doc_path(src->doc);
	ml_textin *t;
	const char *chunk;
	long n;
	int r;

	ml_doc__part(src->doc, part);
	ml_doc__stream(src->doc); /* when a sink waits for the portions */
	t = ml_textin_new(src->doc, part, S_markdown_name(part));
	r = ml_textin_feed(t, first, nfirst);
	while (r == 0 && (n = S_pull(src, &chunk)) > 0)
		r = ml_textin_feed(t, chunk, (size_t)n);
	if (r == 0 && !ml_doc__failed(src->doc))
		r = ml_textin_finish(t);
	ml_textin_free(t);
	return ml_doc__status(src->doc, r);
}

static long S_pull_cb(void *ud, const char **out)
{
	return S_pull(ud, out);
}

/* A PDF goes to the reader child: a regular file by its descriptor,
 * anything else (a pipe, memory) streamed to it. */
static int S_read_pdf(S_src *src, const char *first, size_t nfirst,
                      int seekable)
{
	int fd = src->fd >= 0 && seekable ? src->fd : -1;

	return ml_pdf_read(src->doc, fd, first, nfirst, S_pull_cb, src);
}

/* Reads everything from fd into memory (for zips on a pipe). */
static int S_slurp(S_src *src, ml_buf *all)
{
	const char *chunk;
	long n;

	while ((n = S_pull(src, &chunk)) > 0)
		ml_buf_put(all, chunk, (size_t)n);
	return n < 0 ? (int)n : 0;
}

static int S_dispatch(S_src *src, const char *first, size_t nfirst,
                      int seekable)
{
	ml_doc *doc = src->doc;
	ml_zip *z = NULL;
	ml_buf all;
	int r;

	if (nfirst == 0)
		return ml_doc__fail(doc, ML_EFORMAT, "empty-file", "empty file");
	switch (S_sniff((const unsigned char *)first, nfirst)) {
	case K_ZIP:
		ml_doc__set_format(doc, ML_FORMAT_DOCX);
		if (src->fd >= 0 && seekable) {
			int fd = src->fd;
			src->fd = -1; /* the zip owns it now */
			if (lseek(fd, 0, SEEK_SET) < 0) {
				close(fd);
				return ml_doc__fail(doc, ML_EIO, "io-unreadable",
				                    "cannot seek: %s",
				                    strerror(errno));
			}
			r = ml_zip_open_fd(doc, fd, &z);
		} else if (src->fd >= 0) {
			ml_buf_init(&all, ml_doc__limits(doc)->max_file_size);
			ml_buf_put(&all, first, nfirst);
			r = S_slurp(src, &all);
			if (r == 0)
				r = ml_zip_open_memory(doc, all.ptr, all.size, 0, &z);
			if (r == 0)
				r = S_read_package(doc, z);
			ml_zip_close(z);
			ml_buf_free(&all);
			return r;
		} else {
			r = ml_zip_open_memory(doc, src->mem, src->memlen, 0, &z);
		}
		if (r == 0)
			r = S_read_package(doc, z);
		ml_zip_close(z);
		return r;
	case K_CFB:
		return S_cfb_error(doc, (const unsigned char *)first, nfirst);
	case K_PDF:
		return S_read_pdf(src, first, nfirst, seekable);
	case K_BINARY:
		return ml_doc__fail(doc, ML_EFORMAT, "format-unknown",
		                    "binary data, not a document marklint reads");
	case K_XML:
		return S_read_xml(src, first, nfirst, 0);
	case K_HTML:
		return S_read_xml(src, first, nfirst, 1);
	case K_TEXT:
	default:
		return S_read_text(src, first, nfirst);
	}
}

/* Finishes a read: on failure the document is freed and err filled. */
static int S_done(ml_doc *doc, int r, ml_doc **out, ml_error *err)
{
	int f = ml_doc__finish(doc);

	if (r == 0)
		r = f;
	if (r < 0) {
		if (err)
			*err = *ml_doc__err(doc);
		ml_doc_free(doc);
		*out = NULL;
		return r;
	}
	*out = doc;
	return 0;
}

int ml_doc_open_memory(const char *name, const void *data, size_t size,
                       const ml_limits *lim, ml_doc **out, ml_error *err)
{
	ml_doc *doc = ml_doc__new(name, lim, err);
	S_src src = {doc, -1, data, size, 0, NULL, 0};
	const char *first;
	long n;
	int r;

	if (size > ml_doc__limits(doc)->max_file_size) {
		r = ml_doc__fail(doc, ML_ELIMIT, "limit-file-size",
		                 "larger than %llu bytes (--max-file-size)",
		                 (unsigned long long)
		                     ml_doc__limits(doc)->max_file_size);
		return S_done(doc, r, out, err);
	}
	/* the sniffer sees the first chunk; the readers pull the rest */
	n = S_pull(&src, &first);
	r = n < 0 ? (int)n : S_dispatch(&src, first, (size_t)n, 1);
	return S_done(doc, r, out, err);
}

static int S_open_error(ml_doc *doc, int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return ml_doc__fail(doc, ML_EIO, "io-not-found", "no such file");
	if (e == EISDIR)
		return ml_doc__fail(doc, ML_EIO, "io-directory",
		                    "is a directory");
	if (e == EACCES || e == EPERM)
		return ml_doc__fail(doc, ML_EIO, "io-unreadable",
		                    "cannot read: %s", strerror(e));
	return ml_doc__fail(doc, ML_EIO, "io-unreadable", "cannot open: %s",
	                    strerror(e));
}

int ml_doc_open(const char *path, const ml_limits *lim, ml_doc **out,
                ml_error *err)
{
	return ml_doc_open_sink(path, lim, NULL, NULL, out, err);
}

int ml_doc_open_sink(const char *path, const ml_limits *lim,
                     ml_doc_sink sink, void *ctx, ml_doc **out,
                     ml_error *err)
{
	ml_doc *doc = ml_doc__new(path, lim, err);
	S_src src;
	struct stat st;
	const char *first;
	long n;
	int fd, r;

	ml_doc__set_sink(doc, sink, ctx);
	if (strcmp(path, "-") == 0) {
		fd = dup(STDIN_FILENO);
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	}
	if (fd < 0)
		return S_done(doc, S_open_error(doc, errno), out, err);
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return S_done(doc, S_open_error(doc, S_ISDIR(st.st_mode) ?
		                                EISDIR : errno), out, err);
	}
	if (S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size > ml_doc__limits(doc)->max_file_size) {
		close(fd);
		r = ml_doc__fail(doc, ML_ELIMIT, "limit-file-size",
		                 "%llu bytes, larger than %llu (--max-file-size)",
		                 (unsigned long long)st.st_size,
		                 (unsigned long long)
		                     ml_doc__limits(doc)->max_file_size);
		return S_done(doc, r, out, err);
	}
	memset(&src, 0, sizeof src);
	src.doc = doc;
	src.fd = fd;
	src.buf = ml_xmalloc(S_CHUNK);
	n = S_pull(&src, &first);
	r = n < 0 ? (int)n : S_dispatch(&src, first, (size_t)n,
	                                S_ISREG(st.st_mode));
	if (src.fd >= 0)
		close(src.fd);
	free(src.buf);
	return S_done(doc, r, out, err);
}
