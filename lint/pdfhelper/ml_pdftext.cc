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

#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
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

/* What a page is drawn and read with: what poppler's PageAttrs and Page
 * hold, without them (see "the pages, one at a time"). */
struct S_attrs {
	PDFRectangle media, crop;
	bool have_crop;
	int rotate;       /* 0 to 359 */
	Object resources; /* a dictionary, or null */
};

struct S_page {
	int index = -1;   /* 0-based; -1: none */
	PDFRectangle crop;
	int rotate = 0;
	Object resources; /* a dictionary, or null */
	Object contents;  /* as the page dictionary has it (a reference) */
	Object annots;    /* likewise */
};

/* A Pages node on the way down to the current page. */
struct S_node {
	Ref ref;
	S_attrs attrs;
	Object kids; /* the node's Kids, fetched */
	int next;    /* the kid to look at next */
};

struct ml_pdftext {
	std::unique_ptr<PDFDoc> doc;
	S_dev dev; /* one for every page: the ICC colour space cache */
	/* the pages: poppler's own (PDFDoc::getPage) or a walk of ours */
	enum { S_UNSET, S_POPPLER, S_WALK } how = S_UNSET;
	std::vector<S_node> path; /* the walk's Pages nodes, root first */
	bool walk_over = false;   /* the walk found no more pages */
	int walked = 0;           /* pages the walk has found */
	int walk_cap = 0;         /* what the catalog lets it find */
	S_page page;              /* the page last asked for */
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

/* --- the pages, one at a time ---
 *
 * PDFDoc::getPage(n) reaches page n through Catalog::cachePageTree, which
 * keeps the dictionary, the Page and the PageAttrs of every page up to n
 * until the document closes (about 2.6 KB a page): memory that grew with
 * the page count. So the pages are reached here by a walk of the page
 * tree of our own that holds one page and the Pages nodes above it, as
 * cachePageTree walks it (poppler 22.12, Catalog.cc), check for check,
 * so that the same pages come out in the same order: a kid that is not a
 * reference, a Kids that is not an array, a page that poppler would not
 * make (its Contents or Annots of the wrong type) or one page more than
 * the catalog's count ends the walk (every later page is missing, as
 * getPage returns NULL for them); a kid that is its own ancestor, or not
 * a dictionary, is passed over. A kid is a page when its Type is Page or
 * it has no Kids. No depth limit: poppler's walk has none either (it
 * loops, it does not recurse), and the address-space limit bounds it.
 *
 * The Page itself cannot be made outside the catalog: its constructor
 * takes a PageAttrs, whose constructor libpoppler.so.126 does not export.
 * Nothing of the Page is needed, though: S_attrs_of merges the inherited
 * attributes as PageAttrs does, S_layout makes the Gfx as Page::createGfx
 * does, and ml_pdftext_annots reads the annotations as Annots does.
 *
 * Two cases stay with PDFDoc::getPage, whose pages are not the walk's: a
 * linearized PDF whose hint tables check out (getPage takes page n's
 * object from the hint tables, with no attributes inherited), and a
 * catalog whose Pages is a page (Catalog::getNumPages made that page). */

/* PageAttrs::readBox: four numbers, not all 0, put in order. */
static bool S_read_box(Dict *dict, const char *key, PDFRectangle *box)
{
	Object a = dict->lookup(key);
	double v[4];

	if (!a.isArray() || a.arrayGetLength() != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		Object n = a.arrayGet(i);
		if (!n.isNum())
			return false;
		v[i] = n.getNum();
	}
	if (v[0] == 0 && v[1] == 0 && v[2] == 0 && v[3] == 0)
		return false;
	if (v[0] > v[2])
		std::swap(v[0], v[2]);
	if (v[1] > v[3])
		std::swap(v[1], v[3]);
	*box = PDFRectangle(v[0], v[1], v[2], v[3]);
	return true;
}

/* PageAttrs::PageAttrs(parent, dict): the boxes, rotation and resources
 * of a node or page, from its parent's (NULL: the root's defaults). */
static void S_attrs_of(S_attrs *a, const S_attrs *parent, Dict *dict)
{
	PDFRectangle box;

	if (parent) {
		a->media = parent->media;
		a->crop = parent->crop;
		a->have_crop = parent->have_crop;
		a->rotate = parent->rotate;
		a->resources = parent->resources.copy();
	} else {
		/* US Letter when nothing says, as poppler */
		a->media = PDFRectangle(0, 0, 612, 792);
		a->crop = PDFRectangle(0, 0, 0, 0);
		a->have_crop = false;
		a->rotate = 0;
		a->resources.setToNull();
	}
	if (S_read_box(dict, "MediaBox", &box))
		a->media = box;
	if (S_read_box(dict, "CropBox", &a->crop))
		a->have_crop = true;
	if (!a->have_crop)
		a->crop = a->media;
	if (dict->is("Page")) {
		/* a crop box no larger than the media box */
		if (a->crop.x2 - a->crop.x1 > a->media.x2 - a->media.x1) {
			a->crop.x1 = a->media.x1;
			a->crop.x2 = a->media.x2;
		}
		if (a->crop.y2 - a->crop.y1 > a->media.y2 - a->media.y1) {
			a->crop.y1 = a->media.y1;
			a->crop.y2 = a->media.y2;
		}
	}
	Object r = dict->lookup("Rotate");
	if (r.isInt()) {
		a->rotate = r.getInt() % 360;
		if (a->rotate < 0)
			a->rotate += 360;
	}
	r = dict->lookup("Resources");
	if (r.isDict())
		a->resources = std::move(r);
}

/* PDFRectangle::clipTo (not exported): each edge into the other box. */
static double S_clip(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Starts the walk at the catalog's Pages; false when cachePageTree
 * would find no page at all. */
static bool S_walk_start(ml_pdftext *t)
{
	XRef *xref = t->doc->getXRef();
	Object cat = xref->getCatalog();
	S_node root;

	if (!cat.isDict())
		return false;
	const Object &ref = cat.dictLookupNF("Pages");
	if (!ref.isRef() || ref.getRefNum() < 0 ||
	    ref.getRefNum() >= xref->getNumObjects())
		return false;
	root.ref = ref.getRef();
	Object pages = cat.dictLookup("Pages");
	if (!pages.isDict())
		return false;
	S_attrs_of(&root.attrs, nullptr, pages.getDict());
	root.kids = pages.dictLookup("Kids");
	root.next = 0;
	t->path.push_back(std::move(root));
	return true;
}

/* Whether a page dictionary makes a Page that is ok (Page::Page). */
static bool S_page_ok(const Object &page)
{
	const Object &a = page.dictLookupNF("Annots");
	const Object &c = page.dictLookupNF("Contents");

	return (a.isRef() || a.isArray() || a.isNull()) &&
	       (c.isRef() || c.isArray() || c.isNull());
}

/* The walk's next page into t->page; false when there is none. */
static bool S_walk_next(ml_pdftext *t)
{
	while (!t->walk_over && !t->path.empty()) {
		S_node *top = &t->path.back();

		if (!top->kids.isArray())
			break;
		if (top->next >= top->kids.arrayGetLength()) {
			t->path.pop_back();
			if (!t->path.empty())
				t->path.back().next++;
			continue;
		}
		const Object &ref = top->kids.arrayGetNF(top->next);
		if (!ref.isRef())
			break;
		bool loop = false;
		for (const S_node &n : t->path)
			loop = loop || n.ref.num == ref.getRefNum();
		if (loop) {
			top->next++;
			continue;
		}
		Object kid = top->kids.arrayGet(top->next);
		if (kid.isDict("Page") ||
		    (kid.isDict() && !kid.getDict()->hasKey("Kids"))) {
			S_attrs a;
			S_page *p = &t->page;

			S_attrs_of(&a, &top->attrs, kid.getDict());
			if (!S_page_ok(kid) || t->walked >= t->walk_cap)
				break;
			p->index = t->walked++;
			p->crop.x1 = S_clip(a.crop.x1, a.media.x1, a.media.x2);
			p->crop.x2 = S_clip(a.crop.x2, a.media.x1, a.media.x2);
			p->crop.y1 = S_clip(a.crop.y1, a.media.y1, a.media.y2);
			p->crop.y2 = S_clip(a.crop.y2, a.media.y1, a.media.y2);
			p->rotate = a.rotate;
			p->resources = std::move(a.resources);
			p->contents = kid.dictLookupNF("Contents").copy();
			p->annots = kid.dictLookupNF("Annots").copy();
			top->next++;
			return true;
		}
		if (kid.isDict()) {
			S_node n;

			S_attrs_of(&n.attrs, &top->attrs, kid.getDict());
			n.ref = ref.getRef();
			n.kids = kid.dictLookup("Kids");
			n.next = 0;
			t->path.push_back(std::move(n)); /* top is stale now */
		} else {
			top->next++;
		}
	}
	t->walk_over = true;
	t->path.clear();
	return false;
}

/* How the pages are reached (see above), decided at the first page. */
static void S_pages_how(ml_pdftext *t)
{
	PDFDoc *doc = t->doc.get();
	int count;

	if (doc->isLinearized() && doc->checkLinearization()) {
		t->how = ml_pdftext::S_POPPLER;
		return;
	}
	t->how = ml_pdftext::S_WALK;
	/* the catalog's count bounds cachePageTree once it is taken, and
	 * PDFDoc::getNumPages takes it unless a linearization dictionary
	 * gave the count (its N is not exported: a count that differs
	 * says so) */
	count = doc->getCatalog()->getNumPages();
	t->walk_cap = count;
	if (doc->isLinearized() && count != doc->getNumPages()) {
		t->walk_cap = INT_MAX;
	} else {
		Object cat = doc->getXRef()->getCatalog();
		Object pages = cat.isDict() ? cat.dictLookup("Pages") : Object();

		if (pages.isDict() && !pages.dictLookup("Count").isNum() &&
		    pages.dictIs("Page")) {
			/* Catalog::getNumPages made the one page */
			t->how = ml_pdftext::S_POPPLER;
			return;
		}
	}
	if (!S_walk_start(t))
		t->walk_over = true;
}

/* Page index (0-based) into t->page; false when it is missing. */
static bool S_page_at(ml_pdftext *t, int index)
{
	S_page *p = &t->page;

	if (index == p->index)
		return true;
	if (index < 0 || index >= ml_pdftext_pages(t))
		return false;
	if (t->how == ml_pdftext::S_UNSET)
		S_pages_how(t);
	if (t->how == ml_pdftext::S_POPPLER) {
		Page *page = t->doc->getPage(index + 1);

		if (!page)
			return false;
		p->index = index;
		p->crop = *page->getCropBox();
		p->rotate = page->getRotate();
		p->resources = page->getResourceDictObject()->copy();
		p->contents = page->getContents();
		p->annots = page->getAnnotsObject();
		return true;
	}
	if (index < t->walked) {
		/* backwards: walk again from the root */
		t->path.clear();
		t->walk_over = false;
		t->walked = 0;
		if (!S_walk_start(t))
			t->walk_over = true;
	}
	p->index = -1;
	while (t->walked <= index)
		if (!S_walk_next(t))
			return false;
	return true;
}

extern "C" int ml_pdftext_page_size(ml_pdftext *t, int index, double *w,
                                    double *h)
{
	const S_page *p = &t->page;

	*w = *h = 0;
	try {
		if (!S_page_at(t, index))
			return -1;
	} catch (const std::bad_alloc &) {
		return -2;
	}
	if (p->rotate == 90 || p->rotate == 270) {
		*w = p->crop.y2 - p->crop.y1;
		*h = p->crop.x2 - p->crop.x1;
	} else {
		*w = p->crop.x2 - p->crop.x1;
		*h = p->crop.y2 - p->crop.y1;
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

/* The annotations read, by subtype, as poppler's Annots reads a page's
 * (Annots::createAnnot, poppler 22.12): the class made for the subtype,
 * and what that class needs to be ok (its initialize()); any other
 * subtype is not read (links, form fields, pop-ups, whose parent has the
 * text, media). Read here from the dictionaries rather than through
 * Annots: Annot::initialize looks its /P up with Catalog::findPage,
 * which caches the page tree up to that page (see "the pages"). */
enum S_need {
	S_NEED_NOTHING,
	S_NEED_ARRAY,      /* key is an array */
	S_NEED_INK,        /* key is an array, or AP a dictionary */
	S_NEED_FILE        /* key is a dictionary or a string */
};

static const struct S_annot_type {
	const char *subtype;
	int kind;
	S_need need;
	const char *key;
	unsigned flags; /* flags the class adds to F */
} S_annot_types[] = {
	/* a sticky note's icon stays upright (AnnotText's constructor) */
	{"Text", ML_PDFANNOT_NOTE, S_NEED_NOTHING, nullptr,
	 Annot::flagNoZoom | Annot::flagNoRotate},
	{"FreeText", ML_PDFANNOT_FREETEXT, S_NEED_NOTHING, nullptr, 0},
	{"Line", ML_PDFANNOT_NOTE, S_NEED_NOTHING, nullptr, 0},
	{"Square", ML_PDFANNOT_NOTE, S_NEED_NOTHING, nullptr, 0},
	{"Circle", ML_PDFANNOT_NOTE, S_NEED_NOTHING, nullptr, 0},
	{"Polygon", ML_PDFANNOT_NOTE, S_NEED_ARRAY, "Vertices", 0},
	{"PolyLine", ML_PDFANNOT_NOTE, S_NEED_ARRAY, "Vertices", 0},
	{"Highlight", ML_PDFANNOT_NOTE, S_NEED_ARRAY, "QuadPoints", 0},
	{"Underline", ML_PDFANNOT_NOTE, S_NEED_ARRAY, "QuadPoints", 0},
	{"Squiggly", ML_PDFANNOT_NOTE, S_NEED_ARRAY, "QuadPoints", 0},
	{"StrikeOut", ML_PDFANNOT_NOTE, S_NEED_ARRAY, "QuadPoints", 0},
	{"Stamp", ML_PDFANNOT_NOTE, S_NEED_NOTHING, nullptr, 0},
	{"Caret", ML_PDFANNOT_NOTE, S_NEED_NOTHING, nullptr, 0},
	{"Ink", ML_PDFANNOT_NOTE, S_NEED_INK, "InkList", 0},
	{"FileAttachment", ML_PDFANNOT_NOTE, S_NEED_FILE, "FS", 0},
};

/* What the annotation d is to the reader (ML_PDFANNOT_*), and its flags
 * as poppler has them (*flags). */
static int S_annot_kind(Dict *d, unsigned *flags)
{
	Object sub = d->lookup("Subtype");
	Object f = d->lookup("F");

	*flags = f.isInt() ? (unsigned)f.getInt() : 0;
	if (!sub.isName())
		return ML_PDFANNOT_SKIP;
	for (const S_annot_type &ty : S_annot_types) {
		if (strcmp(sub.getName(), ty.subtype) != 0)
			continue;
		Object v = ty.key ? d->lookup(ty.key) : Object();
		bool ok = ty.need == S_NEED_NOTHING ||
		          (ty.need == S_NEED_ARRAY && v.isArray()) ||
		          (ty.need == S_NEED_INK &&
		           (v.isArray() || d->lookup("AP").isDict())) ||
		          (ty.need == S_NEED_FILE &&
		           (v.isDict() || v.isString()));
		*flags |= ty.flags;
		return ok ? ty.kind : ML_PDFANNOT_SKIP;
	}
	return ML_PDFANNOT_SKIP;
}

/* Annot::initialize's rectangle: four entries (what is not a number
 * counts 0 on the left and bottom, 1 on the right and top), put in
 * order; false when there are not four (the annotation is not ok). */
static bool S_annot_rect(Dict *d, PDFRectangle *r)
{
	Object a = d->lookup("Rect");

	if (!a.isArray() || a.arrayGetLength() != 4)
		return false;
	r->x1 = a.arrayGet(0).getNumWithDefaultValue(0);
	r->y1 = a.arrayGet(1).getNumWithDefaultValue(0);
	r->x2 = a.arrayGet(2).getNumWithDefaultValue(1);
	r->y2 = a.arrayGet(3).getNumWithDefaultValue(1);
	if (r->x1 > r->x2)
		std::swap(r->x1, r->x2);
	if (r->y1 > r->y2)
		std::swap(r->y1, r->y2);
	return true;
}

/* The annotation's area as poppler_page_get_annot_mapping() (poppler
 * 22.12) computes it: the rectangle less the crop box's corner, turned
 * with a page rotated by 90, 180 or 270 degrees (kept upright when the
 * annotation says NoRotate). */
static ml_pdfbox S_annot_area(const S_page *page, const PDFRectangle &ar,
                              unsigned flags, double width, double height)
{
	const PDFRectangle *crop = &page->crop;
	double x1 = ar.x1 - crop->x1, y1 = ar.y1 - crop->y1;
	double x2 = ar.x2 - crop->x1, y2 = ar.y2 - crop->y1;
	double ah = y2 - y1, aw = x2 - x1;
	int rotation = page->rotate;
	ml_pdfbox r = {x1, y1, x2, y2};

	if (flags & Annot::flagNoRotate) {
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
		if (!S_page_at(t, index))
			return -1;
		Object annots = t->page.annots.fetch(t->doc->getXRef());
		if (!annots.isArray())
			return 0;
		for (int i = 0; i < annots.arrayGetLength(); i++) {
			Object a = annots.arrayGet(i);
			PDFRectangle rect;
			char *text;
			unsigned flags;
			int kind;

			if (!a.isDict())
				continue;
			Dict *d = a.getDict();
			kind = S_annot_kind(d, &flags);
			if (kind == ML_PDFANNOT_SKIP ||
			    !S_annot_rect(d, &rect))
				continue;
			Object c = d->lookup("Contents");
			if (!c.isString() || !c.getString()->getLength())
				continue;
			text = S_utf8(c.getString());
			if (text) {
				ml_pdfbox area = S_annot_area(&t->page, rect,
				                              flags, width, height);
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
static TextPage *S_layout(ml_pdftext *t, const S_page *page)
{
	/* as glib: no file, physical layout, no fixed pitch, not the
	 * content stream's order */
	std::unique_ptr<TextOutputDev> dev(new TextOutputDev(nullptr, true, 0,
	                                                     false, false));
	TextPage *text;
	Gfx *gfx;

	t->dev.page = dev.get();
	/* Page::createGfx(out, 72, 72, 0, false, true, -1, -1, -1, -1,
	 * false) as glib calls it: no slice, so the crop box is the box
	 * and nothing clips to it (the device does not ask); then
	 * Page::display(gfx) */
	gfx = new Gfx(t->doc.get(), &t->dev, page->index + 1,
	              page->resources.isDict() ? page->resources.getDict()
	                                       : nullptr,
	              72.0, 72.0, &page->crop, nullptr, page->rotate);
	Object contents = page->contents.fetch(t->doc->getXRef());
	if (!contents.isNull()) {
		gfx->saveState();
		gfx->display(&contents);
		gfx->restoreState();
	}
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
		PDFRectangle all(0, 0, width, height);
		TextPage *text;
		S_words **lines;
		int nlines = 0;

		if (!S_page_at(t, index))
			return -1;
		text = S_layout(t, &t->page);
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
