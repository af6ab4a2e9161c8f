/* ml_lanes.c - lanes of cooperation: load and validate lanes files
 * (markings/lanes.rng, partner codes through the marking grammar), match
 * a text to its lane, self-test the topic patterns. */
#include "ml_lanes.h"

#include "ml_builtin_data.h"
#include "ml_err.h"
#include "ml_rx.h"
#include "ml_xmlfile.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define S_NS "urn:marklint:lanes:1"
#define S_MAX_FILE (4u * 1024u * 1024u) /* bytes of one lanes file */
#define S_BUILTIN "markings/lanes.xml"
#define S_SCHEMA "markings/lanes.rng"

/* A lane with what it owns. pub comes first: an ml_lane * handed out is
 * an S_lane *. */
typedef struct S_lane {
	ml_lane pub;
	char *name, *arrangement, *note;
	ml_rx **topics; /* owned, each compiled on its own */
	size_t ntopics;
	ml_rx *any;     /* the alternation of the topics: one pass a text */
	ml_xmlfile_examples ex; /* for the self-test */
} S_lane;

struct ml_lanes {
	S_lane **v; /* owned */
	size_t n;
	ml_names files; /* of loaded files; lanes point into them */
	/* the triggers of every topic of the lanes that are not the
	 * default, in lane order: one scan of a text for all lanes
	 * (ml_lanes_match); NULL when they cannot be combined */
	ml_rx *topics;
};

/* --- errors --- */

static int S_fail(ml_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Fills err with the code lanes-invalid; returns ML_EFORMAT. */
static int S_fail(ml_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_verr(err, ML_EFORMAT, "lanes-invalid", fmt, ap);
	va_end(ap);
	return ML_EFORMAT;
}

/* --- small helpers --- */

static int S_is(xmlNodePtr n, const char *name)
{
	return ml_xmlfile_is(n, S_NS, name);
}

/* Validates doc against the embedded markings/lanes.rng. */
static int S_validate(const char *name, xmlDocPtr doc, ml_error *err)
{
	return ml_xmlfile_validate_builtin(S_SCHEMA, name, doc,
	                                   "lanes-invalid",
	                                   "does not match the lanes schema",
	                                   err);
}

/* --- lanes --- */

static void S_lane_free(S_lane *l)
{
	size_t i;

	if (!l)
		return;
	free(l->name);
	free(l->arrangement);
	free(l->note);
	for (i = 0; i < l->ntopics; i++)
		ml_rx__free(l->topics[i]);
	free(l->topics);
	ml_rx__free(l->any);
	ml_xmlfile_examples_free(&l->ex);
	free(l);
}

/* Partner codes of l from the attribute value, checked against the
 * grammar: trigraph shape, or a tetragraph the register knows. */
static int S_partners(S_lane *l, const char *codes, const char *file,
                      ml_error *err)
{
	char code[8];

	while (codes && *codes) {
		size_t n;
		codes += strspn(codes, " \t\r\n");
		n = strcspn(codes, " \t\r\n");
		if (!n)
			break;
		if (n >= sizeof code)
			return S_fail(err, "%s:%d: lane '%s': partner code "
			              "'%.*s' is not a trigraph or tetragraph",
			              file, l->pub.line, l->name, (int)n, codes);
		memcpy(code, codes, n);
		code[n] = '\0';
		codes += n;
		if (strcmp(code, "USA") == 0)
			continue; /* implied: every release list starts with it */
		if (n == 4 && !ml_marking_tetragraph_known(code))
			return S_fail(err, "%s:%d: lane '%s': partner code '%s' "
			              "is not a tetragraph the marking register "
			              "knows", file, l->pub.line, l->name, code);
		if (n == 3 && !ml_marking_trigraph_known(code))
			return S_fail(err, "%s:%d: lane '%s': partner code '%s' "
			              "is not an ISO 3166 trigraph", file,
			              l->pub.line, l->name, code);
		if (ml_marking_countries_add(&l->pub.partners, code) < 0)
			return S_fail(err, "%s:%d: lane '%s': partner code '%s' "
			              "is not a trigraph or tetragraph", file,
			              l->pub.line, l->name, code);
	}
	if (l->pub.partners.n == 0)
		return S_fail(err, "%s:%d: lane '%s' names no partner besides "
		              "USA", file, l->pub.line, l->name);
	ml_marking_countries_sort(&l->pub.partners);
	return 0;
}

static int S_add_topic(S_lane *l, xmlNodePtr c, const char *file,
                       ml_error *err)
{
	char *pat = ml_xmlfile_joined(c), *flag = ml_xmlfile_attr(c, "case");
	char *trig = ml_xmlfile_attr(c, "trigger");
	unsigned flags = flag && strcmp(flag, "sensitive") == 0
	                     ? 0 : ML_RX_CASELESS;
	char msg[256];
	size_t off = 0;
	ml_rx *rx = ml_rx__new(pat, flags, msg, sizeof msg, &off);
	ml_rx_scratch *s;
	int r;

	free(flag);
	free(pat);
	if (!rx) {
		free(trig);
		return S_fail(err, "%s:%d: lane '%s': topic: %s at offset %zu",
		              file, ml_xmlfile_line(c), l->name, msg, off);
	}
	r = trig ? ml_rx__set_trigger(rx, trig, msg, sizeof msg) : 0;
	free(trig);
	if (r < 0) {
		ml_rx__free(rx);
		return S_fail(err, "%s:%d: lane '%s': trigger: %s", file,
		              ml_xmlfile_line(c), l->name, msg);
	}
	l->topics = ml_xrealloc(l->topics, (l->ntopics + 1) *
	                                   sizeof *l->topics);
	l->topics[l->ntopics++] = rx;
	if (ml_rx__backrefs(rx))
		return S_fail(err, "%s:%d: lane '%s': back-references are not "
		              "supported in topics", file, ml_xmlfile_line(c), l->name);
	s = ml_rx_scratch_new();
	r = ml_rx_find(rx, s, "", 0, 0, NULL, NULL);
	ml_rx_scratch_free(s);
	if (r != 0)
		return S_fail(err, "%s:%d: lane '%s': a topic matches the empty "
		              "string", file, ml_xmlfile_line(c), l->name);
	return 0;
}

/* The alternation of the lane's topics, each with its own letter case. */
static int S_any(S_lane *l, const char *file, ml_error *err)
{
	ml_buf b;
	char msg[256];
	size_t i, off = 0;

	ml_buf_init(&b, (size_t)-1);
	for (i = 0; i < l->ntopics; i++)
		ml_buf_printf(&b, "%s(?%s:%s)", i ? "|" : "",
		              ml_rx__caseless(l->topics[i]) ? "i" : "-i",
		              ml_rx__compiled(l->topics[i]));
	l->any = ml_rx__new(b.ptr, ML_RX_VERBATIM, msg, sizeof msg, &off);
	ml_buf_free(&b);
	if (!l->any)
		return S_fail(err, "%s:%d: lane '%s': its topics cannot be "
		              "combined: %s", file, l->pub.line, l->name, msg);
	/* one scan for the topics' triggers, when all have one */
	ml_rx__set_members(l->any, (const ml_rx *const *)l->topics,
	                   l->ntopics);
	return 0;
}

/* Reads one validated <lane> into a new S_lane (*out; caller frees with
 * S_lane_free, also after a failure). */
static int S_read_lane(xmlNodePtr n, const char *file, S_lane **out,
                       ml_error *err)
{
	S_lane *l = ml_xcalloc(1, sizeof *l);
	xmlNodePtr c;
	char *codes;
	int r;

	*out = l;
	l->name = ml_xmlfile_attr(n, "name");
	if (!l->name)
		l->name = ml_xstrdup("");
	l->pub.name = l->name;
	l->pub.file = file;
	l->pub.line = ml_xmlfile_line(n);
	codes = ml_xmlfile_attr(n, "default");
	l->pub.is_default = codes && strcmp(codes, "yes") == 0;
	free(codes);
	codes = ml_xmlfile_attr(n, "partners");
	r = S_partners(l, codes, file, err);
	free(codes);
	if (r < 0)
		return r;
	for (c = n->children; c; c = c->next) {
		if (S_is(c, "arrangement") && !l->arrangement) {
			l->arrangement = ml_xmlfile_collapsed(c);
		} else if (S_is(c, "note") && !l->note) {
			l->note = ml_xmlfile_collapsed(c);
		} else if (S_is(c, "topic")) {
			if ((r = S_add_topic(l, c, file, err)) < 0)
				return r;
		} else if (S_is(c, "example")) {
			ml_xmlfile_example_add(&l->ex, c, 1);
		} else if (S_is(c, "counterexample")) {
			ml_xmlfile_example_add(&l->ex, c, 0);
		}
	}
	if (!l->arrangement)
		l->arrangement = ml_xstrdup("");
	if (!l->note)
		l->note = ml_xstrdup("");
	l->pub.arrangement = l->arrangement;
	l->pub.note = l->note;
	if (l->ntopics == 0)
		return S_fail(err, "%s:%d: lane '%s' has no topic", file,
		              l->pub.line, l->name);
	return S_any(l, file, err);
}

/* --- loading --- */


static long S_index(S_lane *const *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i]->name, name) == 0)
			return (long)i;
	return -1;
}

/* Merges the lanes of one file into ls: same name replaces in place. */
static void S_merge(ml_lanes *ls, S_lane **v, size_t n)
{
	size_t i;
	long at;

	for (i = 0; i < n; i++) {
		at = S_index(ls->v, ls->n, v[i]->name);
		if (at >= 0) {
			S_lane_free(ls->v[at]);
			ls->v[at] = v[i];
			continue;
		}
		ls->v = ml_xrealloc(ls->v, (ls->n + 1) * sizeof *ls->v);
		ls->v[ls->n++] = v[i];
	}
}

/* Rebuilds ls->topics after a change to the lanes. */
static void S_combine(ml_lanes *ls)
{
	const ml_rx **v = NULL;
	size_t i, t, n = 0;

	ml_rx__free(ls->topics);
	ls->topics = NULL;
	for (i = 0; i < ls->n; i++) {
		if (ls->v[i]->pub.is_default)
			continue;
		v = ml_xrealloc(v, (n + ls->v[i]->ntopics) * sizeof *v);
		for (t = 0; t < ls->v[i]->ntopics; t++)
			v[n++] = ls->v[i]->topics[t];
	}
	if (n)
		ls->topics = ml_rx__new_set(v, n);
	free(v);
}

/* Loads one lanes file; validate 0 only for the built-in file that the
 * build validated (ml_xmlfile_builtin_validated). */
static int S_load(ml_lanes *ls, const char *name, const char *xml,
                  size_t len, int validate, ml_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr n;
	S_lane **v = NULL, *l;
	size_t nv = 0, i;
	const char *file;
	int r;

	if ((r = ml_xmlfile_parse(name, xml, len, S_MAX_FILE,
	                           "lanes-invalid", "lanes file", &doc,
	                           err)) < 0)
		return r;
	if (validate && (r = S_validate(name, doc, err)) < 0)
		goto done;
	file = ml_names_keep(&ls->files, name);
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		if (!S_is(n, "lane"))
			continue;
		r = S_read_lane(n, file, &l, err);
		if (r == 0 && S_index(v, nv, l->name) >= 0)
			r = S_fail(err, "%s:%d: lane '%s' is declared twice",
			           file, l->pub.line, l->name);
		if (r < 0) {
			S_lane_free(l);
			break;
		}
		v = ml_xrealloc(v, (nv + 1) * sizeof *v);
		v[nv++] = l;
	}
	if (r == 0) {
		S_merge(ls, v, nv);
		S_combine(ls);
		nv = 0;
	}
	for (i = 0; i < nv; i++)
		S_lane_free(v[i]);
	free(v);
done:
	xmlFreeDoc(doc);
	return r;
}

int ml_lanes_load_memory(ml_lanes *ls, const char *name, const char *xml,
                         size_t len, ml_error *err)
{
	return S_load(ls, name, xml, len, 1, err);
}

/* ml_lanes_load_memory as an ml_xmlfile_loader. */
static int S_load_read(void *ls, const char *name, const char *xml,
                       size_t len, ml_error *err)
{
	return ml_lanes_load_memory(ls, name, xml, len, err);
}

int ml_lanes_load_file(ml_lanes *ls, const char *path, ml_error *err)
{
	return ml_xmlfile_load(path, S_MAX_FILE, "lanes-unreadable",
	                       "lanes-invalid", S_load_read, ls, err);
}

int ml_lanes_load_builtin(ml_lanes *ls, ml_error *err)
{
	size_t len;
	const char *xml = ml_xmlfile_builtin(S_BUILTIN, &len);

	if (!xml)
		return 0; /* built without lanes: the Five Eyes default */
	return S_load(ls, S_BUILTIN, xml, len,
	              !ml_xmlfile_builtin_validated(), err);
}

/* --- the set --- */

ml_lanes *ml_lanes_new(void)
{
	xmlInitParser();
	return ml_xcalloc(1, sizeof(ml_lanes));
}

void ml_lanes_free(ml_lanes *ls)
{
	size_t i;

	if (!ls)
		return;
	ml_rx__free(ls->topics);
	for (i = 0; i < ls->n; i++)
		S_lane_free(ls->v[i]);
	free(ls->v);
	ml_names_free(&ls->files);
	free(ls);
}

size_t ml_lanes_count(const ml_lanes *ls)
{
	return ls ? ls->n : 0;
}

const ml_lane *ml_lanes_get(const ml_lanes *ls, size_t i)
{
	return ls && i < ls->n ? &ls->v[i]->pub : NULL;
}

const ml_lane *ml_lanes_find(const ml_lanes *ls, const char *name)
{
	long at = ls ? S_index(ls->v, ls->n, name) : -1;

	return at >= 0 ? &ls->v[at]->pub : NULL;
}

const ml_lane *ml_lanes_default(const ml_lanes *ls)
{
	size_t i;

	for (i = ls ? ls->n : 0; i > 0; i--)
		if (ls->v[i - 1]->pub.is_default)
			return &ls->v[i - 1]->pub;
	return NULL;
}

/* Does lane l match text? As ml_rx_find on its alternation (l->any), but
 * running only the topics whose bits (from bit *k on, in hit) are set:
 * the same topics in the same order, so the same answer and the same
 * limit errors. Moves *k past l's topics. */
static int S_lane_hits(const S_lane *l, ml_rx_scratch *s, const char *text,
                       size_t len, const uint64_t *hit, size_t *k)
{
	size_t t, so, eo, at = *k;
	int r, found = 0;

	*k += l->ntopics;
	for (t = 0; t < l->ntopics; t++, at++) {
		if (!(hit[at / 64] & (uint64_t)1 << (at % 64)))
			continue;
		r = ml_rx__find_unfiltered(l->topics[t], s, text, len, 0, &so,
		                           &eo);
		if (r < 0)
			return r;
		if (r == 1) {
			found = 1;
			if (so == 0)
				break; /* the alternation stops there too */
		}
	}
	return found;
}

const ml_rx *ml_lanes__topics(const ml_lanes *ls)
{
	return ls ? ls->topics : NULL;
}

int ml_lanes_match(const ml_lanes *ls, ml_rx_scratch *s, const char *text,
                   size_t len, const ml_lane **out, size_t *index)
{
	uint64_t hit[ML_RX_HIT_WORDS];
	size_t i, so, eo, k = 0;
	int r, combined = ls && ls->topics;

	*out = NULL;
	/* one scan for the triggers of all lanes; none there, no lane */
	if (combined && !ml_rx__set_hits(ls->topics, s, text, len, hit))
		return 0;
	for (i = 0; ls && i < ls->n; i++) {
		if (ls->v[i]->pub.is_default)
			continue; /* a fallback, not a topic */
		if (combined)
			r = S_lane_hits(ls->v[i], s, text, len, hit, &k);
		else
			r = ml_rx_find(ls->v[i]->any, s, text, len, 0, &so,
			               &eo);
		if (r < 0)
			return r;
		if (r == 1) {
			*out = &ls->v[i]->pub;
			if (index)
				*index = i;
			return 1;
		}
	}
	return 0;
}

void ml_lane_describe(const ml_lane *l, ml_buf *b)
{
	size_t i;

	ml_buf_printf(b, "%s: %s (", l->name, l->arrangement);
	for (i = 0; i < l->partners.n; i++)
		ml_buf_printf(b, "%s%s", i ? ", " : "", l->partners.v[i]);
	ml_buf_putc(b, ')');
}

/* --- self-test --- */

static void S_report(FILE *out, const S_lane *l,
                     const ml_xmlfile_example *e, const char *what)
{
	if (out)
		fprintf(out, "%s:%d: lane '%s': %s: \"%s\"\n", l->pub.file,
		        e->line, l->name, what, e->text);
}

int ml_lanes_selftest(const ml_lanes *ls, FILE *out, size_t *checked)
{
	ml_rx_scratch *s = ml_rx_scratch_new();
	size_t i, k, t, n = 0;
	int fails = 0, r, hit, limit;

	for (i = 0; ls && i < ls->n; i++) {
		const S_lane *l = ls->v[i];
		for (k = 0; k < l->ex.n; k++) {
			const ml_xmlfile_example *e = &l->ex.v[k];
			size_t len = strlen(e->text);
			int untriggered = 0;
			hit = limit = 0;
			for (t = 0; t < l->ntopics; t++) {
				size_t so, eo;
				/* without the prefilter, so that a trigger
				 * that would lose this match is caught */
				r = ml_rx__find_unfiltered(l->topics[t], s,
				                           e->text, len, 0, &so,
				                           &eo);
				limit |= r < 0;
				hit |= r == 1;
				untriggered |= r == 1 &&
				    !ml_rx__triggered(l->topics[t],
				                      e->text + so, eo - so);
			}
			n++;
			if (limit) {
				S_report(out, l, e, "matching hits a limit");
				fails++;
			} else if (e->positive && !hit) {
				S_report(out, l, e, "example matches no topic");
				fails++;
			} else if (e->positive && untriggered) {
				S_report(out, l, e, "a topic's match holds none "
				         "of its triggers");
				fails++;
			} else if (!e->positive && hit) {
				S_report(out, l, e, "counterexample matches a "
				         "topic");
				fails++;
			} else if (e->positive &&
			           ml_rx_find(l->any, s, e->text, len, 0, NULL,
			                      NULL) != 1) {
				S_report(out, l, e, "example does not match the "
				         "alternation of the lane's topics");
				fails++;
			}
		}
	}
	ml_rx_scratch_free(s);
	if (checked)
		*checked = n;
	return fails;
}
