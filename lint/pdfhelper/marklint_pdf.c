/* marklint_pdf.c - the PDF reader child: one PDF on standard input, its
 * lines and annotations on standard output (ml_pdfwire.h).
 *
 *   marklint-pdf [--max-pages N] [--max-memory BYTES] [--max-seconds S]
 *                [--max-page-seconds S]
 *
 * ml_pdf.c spawns it for each PDF (posix_spawn: safe from a threaded
 * parent) and kills it past the wall-clock limit. It confines itself
 * first (ml_sandbox.h), then reads one page at a time through one
 * document of poppler's core interface (ml_pdftext.h says why not
 * poppler's GLib one): the pages' sizes, annotations and metadata, and a
 * page's text, the box of each character and the fonts from one text
 * layout, through one output device for the document. Each page
 * (reached by a walk of the page tree that holds one page at a time, not
 * through poppler's catalog, which keeps them all) and its layout are
 * released before the next: what grows with the document is poppler's
 * table of the file's objects, read when it opens. GLib only for
 * strings, UTF-8 and dates.
 * It never writes a file (RLIMIT_FSIZE is 0: by hand, pipe its output,
 * `marklint-pdf < f.pdf | cat`) and prints nothing on standard error that
 * the parent shows (the parent points it at /dev/null).
 */
#include "marklint.h"
#include "ml_pdftext.h"
#include "ml_pdfwire.h"
#include "ml_sandbox.h"

#include <glib.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define S_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define S_ASAN 1
#endif
#endif

#define S_OUT_CAP (64 * 1024)

/* --- output: whole records only, so that a record is never cut by an
 * exit in the middle of the buffer --- */

typedef struct S_out {
	unsigned char buf[S_OUT_CAP];
	size_t len;
	int discard;  /* the warm-up: nothing is sent */
} S_out;

static void S_write_all(const S_out *o, const unsigned char *p, size_t n)
{
	while (n && !o->discard) {
		ssize_t w = write(STDOUT_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1); /* the parent is gone */
		p += w;
		n -= (size_t)w;
	}
}

static void S_flush(S_out *o)
{
	S_write_all(o, o->buf, o->len);
	o->len = 0;
}

/* Starts a record of type t whose payload is n bytes; the caller then
 * adds exactly n bytes with S_put. */
static void S_record(S_out *o, int t, size_t n)
{
	unsigned char head[ML_PDFW_HEAD];

	head[0] = (unsigned char)t;
	ml_pdfw_put32(head + 1, (uint32_t)n);
	if (o->len + ML_PDFW_HEAD + n > S_OUT_CAP)
		S_flush(o);
	if (o->len + ML_PDFW_HEAD > S_OUT_CAP)
		S_flush(o);
	memcpy(o->buf + o->len, head, ML_PDFW_HEAD);
	o->len += ML_PDFW_HEAD;
}

static void S_put(S_out *o, const void *p, size_t n)
{
	if (o->len + n > S_OUT_CAP) {
		S_flush(o);
		if (n > S_OUT_CAP) {
			S_write_all(o, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void S_put32(S_out *o, int32_t v)
{
	unsigned char b[4];

	ml_pdfw_put32(b, (uint32_t)v);
	S_put(o, b, 4);
}

static int32_t S_coord(double v)
{
	v *= ML_PDFW_SCALE;
	if (v > 2e9)
		return 2000000000;
	if (v < -2e9)
		return -2000000000;
	return (int32_t)v;
}

static void S_error(S_out *o, const char *code, const char *msg)
{
	size_t c = strlen(code), m = strlen(msg);

	S_record(o, ML_PDFW_ERROR, c + 1 + m);
	S_put(o, code, c + 1);
	S_put(o, msg, m);
	S_flush(o);
	_exit(ML_PDFX_ERROR);
}

/* --- limits that end the process: its exit status tells the parent
 * which one --- */

/* Out of memory: poppler and GLib abort; errno tells why. */
static void S_on_abort(int sig)
{
	(void)sig;
	_exit(errno == ENOMEM ? ML_PDFX_NOMEM : 70);
}

/* Whether the processor-time limit now set is the page's (1) or the
 * document's (0). The one static of the child: a signal handler reads
 * it, and the child is single-threaded. */
static volatile sig_atomic_t S_page_budget;

static void S_on_cpu(int sig)
{
	(void)sig;
	_exit(S_page_budget ? ML_PDFX_PAGE_TIME : ML_PDFX_TIME);
}

typedef struct S_limits {
	unsigned pages;
	uint32_t seconds, page_seconds;
} S_limits;

/* --- lines of a page --- */

typedef struct S_line {
	GString *text;
	double x0, y0, x1, y1;
	double size;
	int chars, bold_chars, have_box;
	gunichar last;
	double last_x1;
} S_line;

static void S_line_reset(S_line *l)
{
	g_string_truncate(l->text, 0);
	l->chars = l->bold_chars = l->have_box = 0;
	l->size = 0;
	l->last = 0;
	l->last_x1 = 0;
}

static void S_line_emit(S_out *o, S_line *l)
{
	unsigned char flags = 0;

	if (!l->chars)
		return;
	if (l->bold_chars == l->chars)
		flags |= ML_PDFW_BOLD;
	S_record(o, ML_PDFW_LINE, ML_PDFW_LINE_FIXED + l->text->len);
	S_put32(o, S_coord(l->x0));
	S_put32(o, S_coord(l->y0));
	S_put32(o, S_coord(l->x1));
	S_put32(o, S_coord(l->y1));
	S_put32(o, S_coord(l->size));
	S_put(o, &flags, 1);
	S_put(o, l->text->str, l->text->len);
}

static int S_bold_font(const char *name)
{
	static const char *const marks[] = {"Bold", "bold", "Black", "Heavy",
	                                    "Semibold", "Demi"};
	size_t i;

	for (i = 0; name && i < sizeof marks / sizeof marks[0]; i++)
		if (strstr(name, marks[i]))
			return 1;
	return 0;
}

/* Symbol and Wingdings bullets (private-use code points) read as the
 * bullet they show. */
static gunichar S_bullet(gunichar c)
{
	switch (c) {
	case 0xF06C: case 0xF06E: case 0xF076: case 0xF0A7: case 0xF0A8:
	case 0xF0B7: case 0xF0D8: case 0xF0FC:
		return 0x2022;
	default:
		return c;
	}
}

/* A gap wider than this many glyph heights splits a row of text into two
 * lines: poppler's text joins the cells of a table row, or a running
 * banner and the page number beside it, into one line. */
#define S_SPLIT_GAP 2.5
/* ... unless the line so far is a bullet or a list or section number
 * ("1.", "a)", "2.5.1") before its item's text. */
#define S_SPLIT_LEAD 8

static int S_lead(const S_line *l)
{
	const char *s = l->text->str;
	size_t i, letters = 0;

	if (l->chars <= 1)
		return 1;
	if (l->text->len > S_SPLIT_LEAD)
		return 0;
	for (i = 0; i < l->text->len; i++) {
		if (g_ascii_isalpha(s[i]))
			letters++;
		else if (!g_ascii_isdigit(s[i]) && !strchr(".()", s[i]))
			return 0;
	}
	return letters <= 1;
}

/* Adds one character with its box to the line; returns 1 when the line
 * must end before the character (a wide gap, or a step back to the
 * left), 0 otherwise. A gap wider
 * than a third of the glyph height between two characters is a word
 * break. */
static int S_line_add(S_line *l, gunichar c, const char *utf8, int n,
                      const ml_pdfbox *r, const ml_pdffont *f)
{
	char bullet[8];

	if (c == ' ' || c == '\t') {
		if (l->chars && l->last != ' ')
			g_string_append_c(l->text, ' ');
		l->last = ' ';
		return 0;
	}
	if (S_bullet(c) != c) {
		c = S_bullet(c);
		n = g_unichar_to_utf8(c, bullet);
		utf8 = bullet;
	}
	if (r) {
		double h = r->y2 - r->y1, gap = r->x1 - l->last_x1;
		/* a wide gap, or back to the left: another cell or row */
		if (l->chars && ((gap > h * S_SPLIT_GAP && !S_lead(l)) ||
		                 gap < -h))
			return 1;
		if (l->chars && l->last != ' ' && gap > h / 3)
			g_string_append_c(l->text, ' ');
		if (!l->have_box) {
			l->x0 = r->x1;
			l->y0 = r->y1;
			l->x1 = r->x2;
			l->y1 = r->y2;
			l->have_box = 1;
		} else {
			l->x0 = MIN(l->x0, r->x1);
			l->y0 = MIN(l->y0, r->y1);
			l->x1 = MAX(l->x1, r->x2);
			l->y1 = MAX(l->y1, r->y2);
		}
		l->last_x1 = r->x2;
	}
	g_string_append_len(l->text, utf8, n);
	l->chars++;
	l->last = c;
	if (f->size > l->size)
		l->size = f->size;
	l->bold_chars += f->bold;
	return 0;
}

/* The lines of page index (0-based), w x h points. */
static void S_page_lines(S_out *o, ml_pdftext *core, int index, double w,
                         double h)
{
	static const ml_pdffont none = {0, 0};
	ml_pdfpage pg;
	const char *s;
	S_line l;
	size_t ci = 0;
	int rc = ml_pdftext_page(core, index, w, h, S_bold_font, &pg);

	if (rc == -2)
		_exit(ML_PDFX_NOMEM);
	if (rc < 0)
		return;
	l.text = g_string_new(NULL);
	S_line_reset(&l);
	s = pg.text;
	if (!g_utf8_validate(s, -1, NULL))
		s = ""; /* poppler's text is UTF-8; nothing if it is not */
	for (; *s; s = g_utf8_next_char(s), ci++) {
		gunichar c = g_utf8_get_char(s);
		int n = (int)(g_utf8_next_char(s) - s);
		const ml_pdfbox *r = ci < pg.nboxes ? &pg.boxes[ci] : NULL;
		const ml_pdffont *f = ci < pg.nfonts ? &pg.fonts[ci] : &none;

		if (c == '\n') {
			S_line_emit(o, &l);
			S_line_reset(&l);
			continue;
		}
		if (S_line_add(&l, c, s, n, r, f)) {
			S_line_emit(o, &l);
			S_line_reset(&l);
			S_line_add(&l, c, s, n, r, f);
		}
	}
	S_line_emit(o, &l);
	g_string_free(l.text, TRUE);
}

/* --- annotations --- */

/* Annotations with text (ml_pdftext_annots' callback); their areas come
 * with the origin at the bottom of the page, the text's at the top. */
typedef struct S_annot_ctx {
	S_out *o;
	double h; /* the page's height */
} S_annot_ctx;

static void S_annot(void *ctx, int kind, const ml_pdfbox *a,
                    const char *text)
{
	S_annot_ctx *c = ctx;
	size_t n = strlen(text);
	unsigned char k = (unsigned char)(kind == ML_PDFANNOT_FREETEXT
	                                  ? ML_PDFW_FREETEXT : ML_PDFW_NOTE);

	if (!n || !g_utf8_validate(text, (gssize)n, NULL))
		return;
	S_record(c->o, ML_PDFW_ANNOT, ML_PDFW_ANNOT_FIXED + n);
	S_put32(c->o, S_coord(MIN(a->x1, a->x2)));
	S_put32(c->o, S_coord(c->h - MAX(a->y1, a->y2)));
	S_put32(c->o, S_coord(MAX(a->x1, a->x2)));
	S_put32(c->o, S_coord(c->h - MIN(a->y1, a->y2)));
	S_put(c->o, &k, 1);
	S_put(c->o, text, n);
}

/* --- the document --- */

static void S_meta(S_out *o, int key, char *value)
{
	size_t n = value ? strlen(value) : 0;
	unsigned char k = (unsigned char)key;

	if (n && g_utf8_validate(value, (gssize)n, NULL)) {
		S_record(o, ML_PDFW_META, 1 + n);
		S_put(o, &k, 1);
		S_put(o, value, n);
	}
	g_free(value);
}

static void S_document(S_out *o, ml_pdftext *doc, const S_limits *lim)
{
	int i, n = ml_pdftext_pages(doc);
	char msg[160];

	if ((unsigned)n > lim->pages) {
		snprintf(msg, sizeof msg, "%d pages, more than %u "
		         "(--max-pages)", n, lim->pages);
		S_error(o, "limit-pages", msg);
	}
	S_record(o, ML_PDFW_DOC, 4);
	S_put32(o, n);
	S_meta(o, ML_META_TITLE, ml_pdftext_info(doc, "Title"));
	S_meta(o, ML_META_CREATOR, ml_pdftext_info(doc, "Author"));
	S_meta(o, ML_META_CREATED, ml_pdftext_info_date(doc, "CreationDate"));
	S_meta(o, ML_META_MODIFIED, ml_pdftext_info_date(doc, "ModDate"));
	for (i = 0; i < n; i++) {
		S_annot_ctx ac = {o, 0};
		double w, h;
		int rc = ml_pdftext_page_size(doc, i, &w, &h), have = rc == 0;

		if (rc == -2)
			_exit(ML_PDFX_NOMEM);
		S_record(o, ML_PDFW_PAGE, ML_PDFW_PAGE_FIXED);
		S_put32(o, i + 1);
		S_put32(o, S_coord(w));
		S_put32(o, S_coord(h));
		/* the parent learns which page a limit stopped */
		S_flush(o);
		if (lim->page_seconds)
			S_page_budget = ml_sandbox_cpu_budget(lim->page_seconds,
			                                      lim->seconds) == 1;
		if (have) {
			S_page_lines(o, doc, i, w, h);
			ac.h = h;
			if (ml_pdftext_annots(doc, i, w, h, S_annot, &ac) == -2)
				_exit(ML_PDFX_NOMEM);
		}
	}
	S_record(o, ML_PDFW_END, 0);
	S_flush(o);
}

/* A one-page PDF read before the sandbox closes: poppler's global tables,
 * the character set converters (UTF-16 text strings need iconv's module)
 * and the time zone are loaded here, so that nothing needs to be loaded
 * (or mapped executable) once the filter is in place. */
static const char S_warmup_pdf[] =
	"%PDF-1.4\n"
	"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]"
	"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R"
	"/Annots[<</Type/Annot/Subtype/Text/Rect[0 0 9 9]"
	"/Contents<FEFF0063>>>]>>"
	"endobj\n"
	"4 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
	"5 0 obj<</Length 35>>stream\n"
	"BT /F1 9 Tf 9 9 Td (warm up) Tj ET\n"
	"endstream endobj\n"
	"6 0 obj<</Title<FEFF0074>/Author(a)"
	"/CreationDate(D:20200101000000Z)>>endobj\n"
	"trailer<</Root 1 0 R/Info 6 0 R>>\n%%EOF\n";

/* Reads the warm-up document, nothing sent. */
static void S_warm_up(void)
{
	static const S_limits lim = {10, 0, 0};
	ml_pdferr err;
	ml_pdftext *doc;
	S_out *o;

	ml_pdftext_init();
	doc = ml_pdftext_open(NULL, S_warmup_pdf, sizeof S_warmup_pdf - 1,
	                      &err);
	if (!doc)
		return;
	o = g_malloc0(sizeof *o);
	o->discard = 1;
	S_document(o, doc, &lim);
	g_free(o);
	ml_pdftext_free(doc);
}

/* The bytes of standard input from its start (pread: a regular file
 * keeps its offset for poppler) or, for a pipe, to its end; caller
 * unrefs. */
static GBytes *S_slurp(int regular)
{
	GByteArray *all = g_byte_array_new();
	unsigned char chunk[64 * 1024];
	off_t at = 0;
	ssize_t n;

	for (;;) {
		n = regular ? pread(STDIN_FILENO, chunk, sizeof chunk, at)
		            : read(STDIN_FILENO, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		g_byte_array_append(all, chunk, (guint)n);
		at += n;
	}
	return g_byte_array_free_to_bytes(all);
}

/* Opens standard input (ml_pdftext.h), which needs *keep (the bytes it
 * reads, if it reads from memory) until it is freed: a regular file by
 * its name in /proc/self/fd (poppler reads what it needs), else (a pipe,
 * or no /proc) from memory. Returns NULL when poppler cannot open it (why
 * in *err). */
static ml_pdftext *S_open(GBytes **keep, ml_pdferr *err)
{
	struct stat st;
	GBytes *bytes;
	ml_pdftext *doc;
	int regular = fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode);

	*keep = NULL;
	if (regular && access("/proc/self/fd/0", R_OK) == 0)
		return ml_pdftext_open("/proc/self/fd/0", NULL, 0, err);
	bytes = S_slurp(regular);
	if (g_bytes_get_size(bytes) == 0) {
		/* nothing read: as GLib's stream said, no reason given */
		g_bytes_unref(bytes);
		err->encrypted = 0;
		err->message[0] = '\0';
		return NULL;
	}
	doc = ml_pdftext_open(NULL, g_bytes_get_data(bytes, NULL),
	                      g_bytes_get_size(bytes), err);
	if (doc)
		*keep = bytes;
	else
		g_bytes_unref(bytes);
	return doc;
}

static unsigned long long S_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*end || !*s)
		_exit(ML_PDFX_USAGE);
	return v;
}

int main(int argc, char **argv)
{
	static S_out out; /* 64 KiB: not on the stack */
	unsigned long long pages = 10000, memory = 0, seconds = 0, page = 0;
	S_limits lim;
	ml_pdftext *doc;
	ml_pdferr err;
	GBytes *keep;
	struct sigaction sa;
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--max-pages") == 0)
			pages = S_arg(argv[i + 1]);
		else if (strcmp(argv[i], "--max-memory") == 0)
			memory = S_arg(argv[i + 1]);
		else if (strcmp(argv[i], "--max-seconds") == 0)
			seconds = S_arg(argv[i + 1]);
		else if (strcmp(argv[i], "--max-page-seconds") == 0)
			page = S_arg(argv[i + 1]);
		else
			_exit(ML_PDFX_USAGE);
	}
	if (i != argc)
		_exit(ML_PDFX_USAGE);
#ifdef S_ASAN
	memory = 0; /* AddressSanitizer reserves terabytes of shadow */
#endif
	ml_sandbox_close_fds();
	if (ml_sandbox_limits(memory, seconds > 0xFFFFFFF0u ? 0
	                              : (uint32_t)seconds) < 0)
		S_error(&out, "pdf-sandbox", "cannot set the resource limits");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = S_on_abort;
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sa.sa_handler = S_on_cpu;
	sigaction(SIGXCPU, &sa, NULL);
	/* RLIMIT_FSIZE: a write to a file fails, it does not kill (standard
	 * error is a file under MARKLINT_PDF_DEBUG=1) */
	signal(SIGXFSZ, SIG_IGN);
	S_warm_up();
	if (ml_sandbox_seccomp() < 0)
		S_error(&out, "pdf-sandbox", "cannot install the seccomp filter");
	doc = S_open(&keep, &err);
	if (!doc) {
		if (err.encrypted)
			S_error(&out, "pdf-encrypted", "encrypted PDF that needs "
			        "a password to open: remove the password, then "
			        "check it");
		S_error(&out, "pdf-damaged", err.message[0]
		        ? err.message : "poppler cannot open it");
	}
	lim.pages = pages > 0xFFFFFFFFu ? 0xFFFFFFFFu : (unsigned)pages;
	lim.seconds = seconds > 0xFFFFFFF0u ? 0 : (uint32_t)seconds;
	lim.page_seconds = page > 0xFFFFFFF0u ? 0 : (uint32_t)page;
	S_document(&out, doc, &lim);
	(void)keep; /* kept to the end */
	/* no destructors, no leak checks: the parent has what it needs */
	_exit(0);
}
