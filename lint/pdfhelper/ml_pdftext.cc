/* ml_pdftext.cc - a PDF's pages, annotations and metadata through one
 * poppler document, with one output device for the whole document (see
 * ml_pdftext.h for why).
 *
 * Each page is laid out as poppler-glib lays it out for
 * poppler_page_get_text() (poppler 22.12, glib/poppler-page.cc): a Gfx on
 * the page at 72 dpi, cropped, not printing, the page's contents only (no
 * annotation appearances), a new TextOutputDev in physical layout. The
 * Gfx draws on S_dev, which lives as long as the document and passes
 * every call a TextOutputDev answers on to that page's TextOutputDev: the
 * text is poppler's own, and the ICC colour spaces that poppler caches in
 * the device the Gfx draws on are parsed once a document. (One
 * TextOutputDev for every page will not do: after takeText() its
 * ActualText still feeds the first page.) The
 * offsets of the boxes and fonts follow glib's
 * poppler_page_get_text_layout_for_area() and
 * poppler_page_get_text_attributes_for_area(): a character per offset,
 * then one for the space after a word that has one (not the line's last
 * word), then one for the end of each line but the last.
 */
#include "ml_pdftext.h"

#include <Annot.h>
#include <DateInfo.h>
#include <Error.h>
#include <Gfx.h>
#include <GlobalParams.h>
#include <goo/GooString.h>
#include <PDFDoc.h>
#include <PDFDocEncoding.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <UTF.h>

#include <glib.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

/* The device the pages are drawn on: every virtual that TextOutputDev
 * overrides (TextOutputDev.h, poppler 22.12) goes to the page's own. */
class S_dev : public OutputDev {
public:
	TextOutputDev *page = nullptr; /* this page's; borrowed */

	bool upsideDown() override { return page->upsideDown(); }
	bool useDrawChar() override { return page->useDrawChar(); }
	bool interpretType3Chars() override
	{
		return page->interpretType3Chars();
	}
	bool needNonText() override { return page->needNonText(); }
	bool needCharCount() override { return page->needCharCount(); }
	void setDefaultCTM(const double *ctm) override
	{
		OutputDev::setDefaultCTM(ctm);
		page->setDefaultCTM(ctm);
	}
	void startPage(int n, GfxState *state, XRef *xref) override
	{
		page->startPage(n, state, xref);
	}
	void endPage() override { page->endPage(); }
	void restoreState(GfxState *state) override
	{
		page->restoreState(state);
	}
	void updateFont(GfxState *state) override { page->updateFont(state); }
	void beginString(GfxState *state, const GooString *s) override
	{
		page->beginString(state, s);
	}
	void endString(GfxState *state) override { page->endString(state); }
	void drawChar(GfxState *state, double x, double y, double dx,
	              double dy, double ox, double oy, CharCode c, int nbytes,
	              const Unicode *u, int ulen) override
	{
		page->drawChar(state, x, y, dx, dy, ox, oy, c, nbytes, u, ulen);
	}
	void incCharCount(int n) override { page->incCharCount(n); }
	void beginActualText(GfxState *state, const GooString *t) override
	{
		page->beginActualText(state, t);
	}
	void endActualText(GfxState *state) override
	{
		page->endActualText(state);
	}
	void stroke(GfxState *state) override { page->stroke(state); }
	void fill(GfxState *state) override { page->fill(state); }
	void eoFill(GfxState *state) override { page->eoFill(state); }
	void processLink(AnnotLink *link) override { page->processLink(link); }
};

struct ml_pdftext {
	std::unique_ptr<PDFDoc> doc;
	S_dev dev; /* one for every page: the ICC colour space cache */
	std::string text;
	std::vector<ml_pdfbox> boxes;
	std::vector<ml_pdffont> fonts;
	std::string name; /* a font name without its subset tag */
};

/* poppler's messages about a broken file: poppler-glib logs them at the
 * INFO level, which GLib drops unless asked; so are they dropped here. */
static void S_quiet(ErrorCategory, Goffset, const char *)
{
}

extern "C" void ml_pdftext_init(void)
{
	if (!globalParams)
		globalParams = std::make_unique<GlobalParams>();
	setErrorCallback(S_quiet);
}

/* poppler-glib's GError for a document that did not open
 * (_poppler_document_new_from_pdfdoc, poppler 22.12). */
static void S_why(const PDFDoc *doc, ml_pdferr *err)
{
	const char *m;

	err->encrypted = 0;
	switch (doc->getErrorCode()) {
	case errOpenFile:
		m = g_strerror(doc->getFopenErrno());
		break;
	case errBadCatalog:
		m = "Failed to read the document catalog";
		break;
	case errDamaged:
		m = "PDF document is damaged";
		break;
	case errEncrypted:
		err->encrypted = 1;
		m = "Document is encrypted";
		break;
	default:
		m = "Failed to load document";
		break;
	}
	g_strlcpy(err->message, m, sizeof err->message);
}

extern "C" ml_pdftext *ml_pdftext_open(const char *path, const void *data,
                                       size_t len, ml_pdferr *err)
{
	err->encrypted = 0;
	err->message[0] = '\0';
	try {
		std::unique_ptr<ml_pdftext> t(new ml_pdftext);
		/* the empty password, as glib's "" */
		const std::optional<GooString> none(std::in_place, "");

		if (path)
			t->doc.reset(new PDFDoc(
			    std::make_unique<GooString>(path), none, none));
		else
			t->doc.reset(new PDFDoc(new MemStream(
			    static_cast<const char *>(data), 0, (Goffset)len,
			    Object(objNull)), none, none));
		if (!t->doc->isOk()) {
			S_why(t->doc.get(), err);
			return nullptr;
		}
		return t.release();
	} catch (const std::bad_alloc &) {
		return nullptr;
	}
}

extern "C" void ml_pdftext_free(ml_pdftext *t)
{
	delete t;
}

extern "C" int ml_pdftext_pages(ml_pdftext *t)
{
	int n = t->doc->getNumPages();

	return n < 0 ? 0 : n;
}

extern "C" int ml_pdftext_page_size(ml_pdftext *t, int index, double *w,
                                    double *h)
{
	Page *page = t->doc->getPage(index + 1);
	int rotate;

	*w = *h = 0;
	if (!page)
		return -1;
	rotate = page->getRotate();
	if (rotate == 90 || rotate == 270) {
		*w = page->getCropHeight();
		*h = page->getCropWidth();
	} else {
		*w = page->getCropWidth();
		*h = page->getCropHeight();
	}
	return 0;
}

/* A PDF text string in UTF-8 (glib's _poppler_goo_string_to_utf8): UTF-16
 * after its byte order mark, else PDFDocEncoding; NULL when it does not
 * convert. Caller g_frees. */
static char *S_utf8(const GooString *s)
{
	const std::string &b = s->toStr();

	if (s->hasUnicodeMarker())
		return g_convert(b.data() + 2, (gssize)b.size() - 2, "UTF-8",
		                 "UTF-16BE", nullptr, nullptr, nullptr);
	if (s->hasUnicodeMarkerLE())
		return g_convert(b.data() + 2, (gssize)b.size() - 2, "UTF-8",
		                 "UTF-16LE", nullptr, nullptr, nullptr);
	std::vector<gunichar> u(b.size() + 1, 0);
	for (size_t i = 0; i < b.size(); i++)
		u[i] = pdfDocEncoding[(unsigned char)b[i]];
	return g_ucs4_to_utf8(u.data(), -1, nullptr, nullptr, nullptr);
}

extern "C" char *ml_pdftext_info(ml_pdftext *t, const char *key)
{
	try {
		std::unique_ptr<GooString> s;

		s = t->doc->getDocInfoStringEntry(key);
		return s ? S_utf8(s.get()) : nullptr;
	} catch (const std::bad_alloc &) {
		return nullptr;
	}
}

/* glib's _poppler_convert_pdf_date_to_date_time(), then
 * g_date_time_format(): the same GLib calls, so the same strings (a
 * date GLib refuses, such as February 30, is none). */
extern "C" char *ml_pdftext_info_date(ml_pdftext *t, const char *key)
{
	std::unique_ptr<GooString> s;
	int year, mon, day, hour, min, sec, tzh, tzm;
	char tz;
	GTimeZone *zone = nullptr;
	GDateTime *when;
	char *out;

	try {
		s = t->doc->getDocInfoStringEntry(key);
	} catch (const std::bad_alloc &) {
		return nullptr;
	}
	if (!s || !parseDateString(s.get(), &year, &mon, &day, &hour, &min,
	                           &sec, &tz, &tzh, &tzm))
		return nullptr;
	if (tz == '+' || tz == '-') {
		char *id = g_strdup_printf("%c%02u:%02u", tz, (unsigned)tzh,
		                           (unsigned)tzm);
		zone = g_time_zone_new_identifier(id);
		g_free(id);
	}
	if (!zone)
		zone = g_time_zone_new_utc();
	when = g_date_time_new(zone, year, mon, day, hour, min, sec);
	g_time_zone_unref(zone);
	if (!when)
		return nullptr;
	out = g_date_time_format(when, "%Y-%m-%dT%H:%M:%S%:z");
	g_date_time_unref(when);
	return out;
}

/* The annotation kinds read, by poppler's subtype. */
static int S_annot_kind(Annot::AnnotSubtype t)
{
	switch (t) {
	case Annot::typeFreeText:
		return ML_PDFANNOT_FREETEXT;
	case Annot::typeText: case Annot::typeHighlight:
	case Annot::typeUnderline: case Annot::typeSquiggly:
	case Annot::typeStrikeOut: case Annot::typeSquare:
	case Annot::typeCircle: case Annot::typeLine:
	case Annot::typePolygon: case Annot::typePolyLine:
	case Annot::typeStamp: case Annot::typeCaret:
	case Annot::typeInk: case Annot::typeFileAttachment:
		return ML_PDFANNOT_NOTE;
	default:
		return ML_PDFANNOT_SKIP; /* links, form fields, pop-ups (their
		                            parent has the text), media */
	}
}

/* The annotation's area as poppler_page_get_annot_mapping() (poppler
 * 22.12) computes it: the rectangle less the crop box's corner, turned
 * with a page rotated by 90, 180 or 270 degrees (kept upright when the
 * annotation says NoRotate). */
static ml_pdfbox S_annot_area(Page *page, const Annot *a, double width,
                              double height)
{
	const PDFRectangle *crop = page->getCropBox();
	const PDFRectangle &ar = a->getRect();
	double x1 = ar.x1 - crop->x1, y1 = ar.y1 - crop->y1;
	double x2 = ar.x2 - crop->x1, y2 = ar.y2 - crop->y1;
	double ah = y2 - y1, aw = x2 - x1;
	int rotation = page->getRotate();
	ml_pdfbox r = {x1, y1, x2, y2};

	if (a->getFlags() & Annot::flagNoRotate) {
		if (rotation == 90) {
			r = ml_pdfbox{y2, height - (x1 + ah), y2 + aw,
			              height - x1};
		} else if (rotation == 180) {
			r.x1 = width - x1;
			r.x2 = MIN(r.x1 + aw, width);
			r.y2 = height - y2;
			r.y1 = MAX(0, r.y2 - ah);
		} else if (rotation == 270) {
			r.x1 = width - y2;
			r.x2 = MIN(r.x1 + aw, width);
			r.y2 = x1;
			r.y1 = MAX(0, r.y2 - ah);
		}
	} else {
		if (rotation == 90)
			r = ml_pdfbox{y1, height - x2, y1 + ah,
			              height - x2 + aw};
		else if (rotation == 180)
			r = ml_pdfbox{width - x2, height - y2, width - x2 + aw,
			              height - y2 + ah};
		else if (rotation == 270)
			r = ml_pdfbox{width - y2, x1, width - y2 + ah, x1 + aw};
	}
	return r;
}

extern "C" int ml_pdftext_annots(ml_pdftext *t, int index, double width,
                                 double height, ml_pdfannot_fn fn,
                                 void *ctx)
{
	try {
		Page *page = t->doc->getPage(index + 1);
		Annots *annots = page ? page->getAnnots() : nullptr;

		if (!page)
			return -1;
		if (!annots)
			return 0;
		for (Annot *a : annots->getAnnots()) {
			int kind = S_annot_kind(a->getType());
			const GooString *c = a->getContents();
			char *text;

			if (kind == ML_PDFANNOT_SKIP || !c || !c->getLength())
				continue;
			text = S_utf8(c);
			if (text) {
				ml_pdfbox area = S_annot_area(page, a, width,
				                              height);
				fn(ctx, kind, &area, text);
			}
			g_free(text);
		}
		return 0;
	} catch (const std::bad_alloc &) {
		return -2;
	}
}

/* The page's text, as glib's poppler_page_get_text_page() makes it; the
 * caller drops its reference. */
static TextPage *S_layout(ml_pdftext *t, Page *page)
{
	/* as glib: no file, physical layout, no fixed pitch, not the
	 * content stream's order */
	std::unique_ptr<TextOutputDev> dev(new TextOutputDev(nullptr, true, 0,
	                                                     false, false));
	TextPage *text;
	Gfx *gfx;

	t->dev.page = dev.get();
	gfx = page->createGfx(&t->dev, 72.0, 72.0, 0, false, true, -1, -1,
	                      -1, -1, false, nullptr, nullptr);
	page->display(gfx);
	t->dev.endPage();
	text = dev->takeText();
	delete gfx;
	t->dev.page = nullptr;
	return text;
}

/* glib's get_font_name_from_word(): "Default" for no name, the subset
 * tag ("ABCDEF+") dropped. */
static const char *S_font_name(ml_pdftext *t, const TextWord *w, int i)
{
	const GooString *f = w->getFontName(i);
	int n, k;

	if (!f || f->getLength() == 0)
		return "Default";
	n = f->getLength();
	for (k = 0; k < n; k++)
		if (f->getChar(k) < 'A' || f->getChar(k) > 'Z')
			break;
	t->name.assign(f->c_str());
	if (k > 0 && k < n && f->getChar(k) == '+')
		t->name.erase(0, (size_t)k + 1);
	return t->name.c_str();
}

/* glib's word_text_attributes_equal(): where a new run of attributes
 * starts. */
static bool S_same_attrs(const TextWord *a, int ai, const TextWord *b, int bi)
{
	double ar, ag, ab, br, bg, bb;

	if (!a->getFontInfo(ai)->matches(b->getFontInfo(bi)))
		return false;
	if (a->getFontSize() != b->getFontSize())
		return false;
	if (a->isUnderlined() != b->isUnderlined())
		return false;
	a->getColor(&ar, &ag, &ab);
	b->getColor(&br, &bg, &bb);
	return ar == br && ag == bg && ab == bb;
}

typedef std::vector<TextWordSelection *> S_words;

/* The boxes and fonts by offset, from the words of the selection (glib's
 * two loops over the same words, in one). Frees the selection. */
static void S_glyphs(ml_pdftext *t, S_words **lines, int nlines,
                     int (*bold)(const char *))
{
	size_t nrects = 0, off = 0, rect = 0;
	ml_pdffont font = {0, 0};
	const TextWord *prev = nullptr;
	int prev_i = 0, i;
	double x1 = 0, y1 = 0, x2 = 0, y2 = 0, x3, y3, x4, y4;

	/* glib's count of rectangles, wrapping as its guint does */
	nrects += (size_t)(nlines - 1);
	for (i = 0; i < nlines; i++) {
		S_words *w = lines[i];
		nrects += w->size() - 1;
		for (size_t j = 0; j < w->size(); j++) {
			const TextWordSelection *s = (*w)[j];
			nrects += (size_t)(s->getEnd() - s->getBegin());
			if (!s->getWord()->hasSpaceAfter() && j + 1 < w->size())
				nrects--;
		}
	}
	nrects &= 0xFFFFFFFFu;
	t->boxes.assign(nrects, ml_pdfbox{0, 0, 0, 0});
	t->fonts.clear();
	/* off: the offset of the boxes; the fonts' is t->fonts.size() (glib
	 * counts the end of a line there even before the first offset) */
	for (i = 0; i < nlines; i++) {
		S_words *w = lines[i];
		for (size_t j = 0; j < w->size(); j++) {
			TextWordSelection *s = (*w)[j];
			const TextWord *word = s->getWord();
			int k, end = s->getEnd();

			for (k = s->getBegin(); k < end; k++, off++) {
				if (off < nrects) {
					ml_pdfbox *b = &t->boxes[off];
					word->getCharBBox(k, &b->x1, &b->y1,
					                  &b->x2, &b->y2);
				}
				if (!prev || !S_same_attrs(word, k, prev, prev_i)) {
					font.size = word->getFontSize();
					font.bold = bold(S_font_name(t, word, k));
				}
				t->fonts.push_back(font);
				prev = word;
				prev_i = k;
			}
			rect = off;
			word->getBBox(&x1, &y1, &x2, &y2);
			if (word->hasSpaceAfter() && j + 1 < w->size()) {
				(*w)[j + 1]->getWord()->getBBox(&x3, &y3, &x4,
				                                &y4);
				/* from one word to the next, the first's height */
				if (rect < nrects)
					t->boxes[rect] = ml_pdfbox{x2, y1, x3, y2};
				t->fonts.push_back(font);
				off++;
			}
			delete s;
		}
		if (i < nlines - 1) {
			/* the end of the line: glib writes its box where the
			 * line's last word left off, once past the first offset */
			if (off > 0) {
				if (rect < nrects)
					t->boxes[rect] = ml_pdfbox{x2, y2, x2, y2};
				off++;
			}
			t->fonts.push_back(font);
		}
		delete w;
	}
	gfree(lines);
}

extern "C" int ml_pdftext_page(ml_pdftext *t, int index, double width,
                               double height, int (*bold)(const char *),
                               ml_pdfpage *out)
{
	try {
		Page *page = t->doc->getPage(index + 1);
		PDFRectangle all(0, 0, width, height);
		TextPage *text;
		S_words **lines;
		int nlines = 0;

		if (!page)
			return -1;
		text = S_layout(t, page);
		{
			GooString *s = text->getSelectionText(&all,
			                                      selectionStyleGlyph);
			t->text.assign(s->c_str()); /* up to a NUL, as glib */
			delete s;
		}
		t->boxes.clear();
		t->fonts.clear();
		lines = text->getSelectionWords(&all, selectionStyleGlyph,
		                                &nlines);
		if (lines)
			S_glyphs(t, lines, nlines, bold);
		text->decRefCnt();
		out->text = t->text.c_str();
		out->boxes = t->boxes.data();
		out->nboxes = t->boxes.size();
		out->fonts = t->fonts.data();
		out->nfonts = t->fonts.size();
		return 0;
	} catch (const std::bad_alloc &) {
		return -2;
	}
}
